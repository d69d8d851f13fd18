#!/usr/bin/env bash
# Builds the libFuzzer targets with clang (ASan + UBSan) into build-fuzz/ and runs each for
# SECONDS (default 5) with the fixtures as seed corpus. Exit 77 (skip) when clang or its
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
declare -A seeds=([1]=deepx [2]=deepx [3]=deepx [4]=hailo [5]=hailo [6]=hailo [7]=tflite [8]=axelera [9]=nvidia [10]=../../configs [11]=trace [12]=deepx [13]=ptd [14]=deepx [15]=campaigns [16]=catalogs [17]=summaries [18]=references [19]=infer [20]=infer)
status=0
for n in $(seq 1 20); do
  corpus=build-fuzz/corpus-$n
  mkdir -p "$corpus"
  src=tests/fixtures/${seeds[$n]}
  [ "${seeds[$n]}" = trace ] && src=tests/fixtures/trace
  [ "$n" = 10 ] && src=configs
  [ "$n" = 15 ] && src=configs/campaigns
  if [ "$n" = 16 ]; then src=configs/models; fi
  if [ "$n" = 17 ]; then mkdir -p "$corpus"; cp tests/golden/*.summary.json "$corpus"/ 2>/dev/null || true; src=/nonexistent; fi
  if [ "$n" = 18 ]; then printf -- '- {accelerator: M1, baseline: b, tolerance: {fps: 3}}\n' > "$corpus/seed.yaml"; src=/nonexistent; fi
  if [ "$n" = 19 ]; then printf '# h\nS 0 100\nR 0 200\nW 200\nS 1 210\nR 1 300\nE 300\n' > "$corpus/seed.txt"; src=/nonexistent; fi
  if [ "$n" = 20 ]; then /usr/bin/python3 scripts/make_test_cnn.py "$corpus/seed.onnx" --channels 2 >/dev/null 2>&1 || true; src=/nonexistent; fi
  cp -r "$src"/. "$corpus"/ 2>/dev/null || true
  if ! WB_FUZZ_TARGET=$n build-fuzz/bin/wattbench_fuzz "$corpus" -max_total_time="$seconds" -rss_limit_mb=2048 -timeout=10 \
      -print_final_stats=0 > "build-fuzz/fuzz_$n.log" 2>&1; then
    echo "fuzz_$n FAILED (see build-fuzz/fuzz_$n.log)"; tail -20 "build-fuzz/fuzz_$n.log"; status=1
  else
    echo "fuzz_$n ok: $(grep -o 'Done [0-9]* runs' "build-fuzz/fuzz_$n.log" | tail -1)"
  fi
done
exit $status
