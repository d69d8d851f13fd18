#!/usr/bin/env bash
# Browser test: headless Chromium loads a demo run's report.html; the plots must be in the
# rendered DOM with their data, the screenshot must not be blank, and the console must be
# free of errors. Usage: browser_report.sh WATTBENCH SOURCE_DIR WORK_DIR
set -euo pipefail
wattbench=$1 src=$2 work=$3
chromium_bin=$(command -v chromium || command -v chromium-browser || true)
if [ -z "$chromium_bin" ]; then
  echo "SKIP: chromium is not installed (scripts/test.sh installs the Debian package)"
  exit 77
fi
rm -rf "$work" && mkdir -p "$work"
cd "$src"
"$wattbench" run configs/demo.yaml --output "$work/result" --set repeat=2 --set benchmark.args.time_s=2 \
  --set phases.idle_s=0.5 > "$work/run.log" 2>&1
flags=(--headless --no-sandbox --disable-gpu --disable-quic --no-first-run --disable-background-networking
       --disable-component-update --disable-sync --user-data-dir="$work/profile" --enable-logging=stderr --v=0)
url="file://$work/result/report.html"
timeout 120 "$chromium_bin" "${flags[@]}" --dump-dom "$url" > "$work/dom.html" 2> "$work/console.log"
timeout 120 "$chromium_bin" "${flags[@]}" --window-size=1200,2400 --screenshot="$work/report.png" "$url" \
  >> "$work/console.log" 2>&1
fail() { echo "FAIL: $*"; exit 1; }
for plot in power-default-1 power-default-2 temperature-default-1 repeats-default; do
  grep -q "data-plot=\"$plot\"" "$work/dom.html" || fail "plot $plot missing from the rendered DOM"
done
# The power trace must have been drawn with real data: hundreds of points in the polyline.
polyline=$(grep -o -m1 'data-series="m2_3v3.power_w"[^>]*points="[^"]*"' "$work/dom.html" || true)
points=$(printf '%s' "$polyline" | grep -o '[0-9.]*,[0-9.]*' | wc -l)
[ "$points" -gt 200 ] || fail "power polyline has only $points points"
grep -q 'data-band="measured window"' "$work/dom.html" || fail "measured window not marked"
size=$(stat -c %s "$work/report.png")
[ "$size" -gt 30000 ] || fail "screenshot is $size bytes: blank page?"
if grep -E 'CONSOLE|Uncaught|SyntaxError' "$work/console.log"; then fail "console errors"; fi
echo "browser report: OK ($points points in the power plot, screenshot $size bytes)"
