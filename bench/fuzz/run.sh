#!/usr/bin/env bash
# Builds the libFuzzer targets with clang (ASan + UBSan) into build-fuzz/ and runs each for
# SECONDS (default 5) with the fixtures as seed corpus (bench/fuzz/seeds.txt). Exit 77 (skip) when clang or its
# libFuzzer runtime is missing. Longer run: bench/fuzz/run.sh 600
set -euo pipefail
seconds=${1:-5}
cd "$(dirname "$0")/../.."
if ! command -v clang++ >/dev/null || ! ls /usr/lib/llvm-*/lib/clang/*/lib/linux/libclang_rt.fuzzer-x86_64.a >/dev/null 2>&1; then
  echo "SKIP: clang++ and libclang-rt (libFuzzer) are needed (scripts/deps.sh --with-test-tools installs them)"
  exit 77
fi
CC=clang CXX=clang++ cmake -S . -B build-fuzz -DWATTBENCH_FUZZ=ON -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build build-fuzz -j"$(nproc)" --target fuzz_targets >/dev/null
status=0
# Seeds: bench/fuzz/seeds.txt (shared with the default run's smoke driver); 17 takes only the
# golden summaries, 18 a written references file.
while read -r n src; do
  case "$n" in ''|'#'*) continue ;; esac
  corpus=build-fuzz/corpus-$n
  mkdir -p "$corpus"
  if [ "$n" = 17 ]; then cp tests/golden/*.summary.json "$corpus"/ 2>/dev/null || true; src=-; fi
  if [ "$n" = 18 ]; then printf -- '- {accelerator: M1, baseline: b, tolerance: {fps: 3}}\n' > "$corpus/seed.yaml"; fi
  [ "$src" != - ] && { cp -r "$src"/. "$corpus"/ 2>/dev/null || true; }
  if ! WB_FUZZ_TARGET=$n build-fuzz/bin/wattbench_fuzz "$corpus" -max_total_time="$seconds" -rss_limit_mb=2048 -timeout=10 \
      -print_final_stats=0 < /dev/null > "build-fuzz/fuzz_$n.log" 2>&1; then
    echo "fuzz_$n FAILED (see build-fuzz/fuzz_$n.log)"; tail -20 "build-fuzz/fuzz_$n.log"; status=1
  else
    echo "fuzz_$n ok: $(grep -o 'Done [0-9]* runs' "build-fuzz/fuzz_$n.log" | tail -1)"
  fi
done < bench/fuzz/seeds.txt
exit $status
