#!/usr/bin/env bash
# Package test: cpack builds the .deb from the build tree, dpkg -x unpacks it into a scratch
# root, and the unpacked wattbench runs the shipped demo config from another folder, finding
# its fake tools in <root>/usr/libexec/wattbench by itself. The man page must render.
# Usage: package_install.sh BUILD_DIR WORK_DIR
set -euo pipefail
build=$1 work=$2
for t in cpack dpkg-deb; do
  command -v "$t" >/dev/null || { echo "SKIP: $t is not installed"; exit 77; }
done
fail() { echo "FAIL: $*"; exit 1; }
rm -rf "$work" && mkdir -p "$work/pkg" "$work/root" "$work/elsewhere"
cpack -G DEB -B "$work/pkg" --config "$build/CPackConfig.cmake" > "$work/cpack.log" 2>&1 || { cat "$work/cpack.log"; fail "cpack"; }
deb=$(ls "$work"/pkg/wattbench_*.deb)
depends=$(dpkg-deb -f "$deb" Depends)
for lib in libyaml-cpp libftdi1 libfmt; do
  [[ $depends == *"$lib"* ]] || fail "Depends '$depends' lacks $lib"
done
dpkg -x "$deb" "$work/root"
root=$work/root
# Stripped as Debian ships binaries; the symbols travel in the -dbgsym package.
ls "$work"/pkg/wattbench-dbgsym_*.ddeb >/dev/null 2>&1 || fail "no wattbench-dbgsym .ddeb beside the package"
if readelf -S "$root/usr/bin/wattbench" | grep -q '\.debug_info'; then fail "usr/bin/wattbench is not stripped"; fi
[ -x "$root/usr/libexec/wattbench/sim-dxbenchmark" ] || fail "fake tools not under usr/libexec/wattbench"
if ls "$root/usr/bin" | grep -v '^wattbench$'; then fail "usr/bin holds more than wattbench"; fi
for f in usr/lib/udev/rules.d/99-wattbench-ftdi.rules usr/share/bash-completion/completions/wattbench \
         usr/share/man/man1/wattbench.1 usr/share/man/man1/wattbench-run.1; do
  [ -s "$root/$f" ] || fail "$f missing"
done
# From another folder, with a PATH that has no build tree on it.
cd "$work/elsewhere"
env -i PATH=/usr/bin:/bin HOME="$work" "$root/usr/bin/wattbench" run "$root/usr/share/wattbench/configs/demo.yaml" \
  --output result --set repeat=1 --set benchmark.args.time_s=2 --set phases.idle_s=0.5 > run.log 2>&1 \
  || { cat run.log; fail "the installed wattbench run failed"; }
grep -q '"status": "ok"' result/summary.json || fail "summary.json has no ok run"
if command -v man >/dev/null; then
  page=$(MANPAGER=cat MANWIDTH=100 man -l "$root/usr/share/man/man1/wattbench-run.1" 2>&1)
elif command -v groff >/dev/null; then
  page=$(groff -man -Tutf8 "$root/usr/share/man/man1/wattbench-run.1" 2>&1)
else
  page=$(cat "$root/usr/share/man/man1/wattbench-run.1"); echo "note: neither man nor groff: checked the roff source only"
fi
[[ $page == *"wattbench-run"* && $page == *"--dry-run"* ]] || { echo "$page"; fail "man page wattbench-run"; }
echo "package: OK ($(basename "$deb"), Depends: $depends)"
