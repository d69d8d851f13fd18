#!/usr/bin/env bash
# Browser test: headless Chromium loads a demo run's report.html; the inlined dygraphs must have
# drawn the plots with their data and bands, a zoom driven through the page's #zoom= hook must
# show the requested time range and read back the trace CSV's value at a sample, the
# screenshot must not be blank, and the console must be free of errors.
# Usage: browser_report.sh WATTBENCH SOURCE_DIR WORK_DIR
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
# dygraphs itself (no network) drew the power trace: the attributes are set by the page's code
# from the live chart, after it parsed the rows and ran the band callback.
figure=$(grep -o -m1 '<figure[^>]*data-plot="power-default-1"[^>]*>' "$work/dom.html" || true)
points=$(printf '%s' "$figure" | sed -n 's/.*data-rows="\([0-9]*\)".*/\1/p')
[ "${points:-0}" -gt 200 ] || fail "power plot has ${points:-no} rows: $figure"
printf '%s' "$figure" | grep -q 'data-bands-drawn="[^"]*measured window' || fail "measured window not shaded: $figure"

# Zoom: 0.1 s around a sample in the middle of run 1's measured window, through dygraphs'
# dateWindow; the legend's readout at that sample must be the CSV's value (every sample is
# plotted for a trace this short).
read -r t0 t1 t value < <(python3 - "$work/result/default/run-1" <<'PY'
import csv, json, sys
run = json.load(open(sys.argv[1] + "/run.json"))
mid = (run["window_start_s"] + run["window_end_s"]) / 2
rows = [r for r in csv.DictReader(open(sys.argv[1] + "/power-m2_3v3.csv")) if r["flags"] == "0" and r["power_w"]]
r = min(rows, key=lambda r: abs(float(r["t_s"]) - mid))
t = float(r["t_s"])
print(f"{t - 0.05:.6f} {t + 0.05:.6f} {r['t_s']} {r['power_w']}")
PY
)
timeout 120 "$chromium_bin" "${flags[@]}" --dump-dom "$url#zoom=power-default-1:$t0:$t1:$t" > "$work/dom-zoom.html" 2>> "$work/console.log"
python3 - "$work/dom-zoom.html" "$t0" "$t1" "$t" "$value" <<'PY' || fail "zoom and readout (above)"
import html, re, sys
dom, t0, t1, t, value = open(sys.argv[1]).read(), *map(float, sys.argv[2:])
fig = re.search(r'<figure[^>]*data-plot="power-default-1"[^>]*>', dom).group(0)
attr = lambda name: html.unescape(re.search(name + r'="([^"]*)"', fig).group(1)) if re.search(name + '="', fig) else None
x_range, readout, bands = attr("data-x-range"), attr("data-readout"), attr("data-bands-drawn")
print(f"zoom [{t0}, {t1}] at {t}: x range {x_range}, readout {readout!r}, bands {bands!r}")
lo, hi = map(float, x_range.split(":"))
assert abs(lo - t0) < 1e-9 and abs(hi - t1) < 1e-9, "x range is not the requested zoom"
m = re.match(r"\s*([-\d.]+):\s*m2_3v3\.power_w \(W\):\s*([-\d.]+)", readout)
assert m, "legend readout not understood"
assert abs(float(m.group(1)) - t) <= 0.0005, "readout is at another time"
assert abs(float(m.group(2)) - value) <= 0.0005, "readout is not the trace's value"
assert "measured window" in bands.split(",") and "idle" not in bands.split(","), "bands of the zoomed view"
PY
size=$(stat -c %s "$work/report.png")
[ "$size" -gt 30000 ] || fail "screenshot is $size bytes: blank page?"
if grep -E 'CONSOLE|Uncaught|SyntaxError' "$work/console.log"; then fail "console errors"; fi
echo "browser report: OK ($points rows in the power plot, zoom read $value W at t = $t s, screenshot $size bytes)"
