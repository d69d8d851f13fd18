#!/usr/bin/env bash
# Browser test of a campaign's report.html figures: headless Chromium renders the page; every
# article figure must be in the DOM as a static <img> of its SVG (no script), the figure files
# must be there, and the screenshot must show the bars: pixels in each card's colour (the
# figures' Okabe-Ito palette, harness/figures/bar_figure.cpp) counted in the decoded PNG.
# Usage: browser_campaign_figures.sh WATTBENCH SOURCE_DIR WORK_DIR   (exit 77: chromium absent)
set -euo pipefail
wattbench=$1 src=$2 work=$3
chromium_bin=$(command -v chromium || command -v chromium-browser || true)
if [ -z "$chromium_bin" ]; then
  echo "SKIP: chromium is not installed (scripts/deps.sh --with-test-tools installs the Debian package)"
  exit 77
fi
rm -rf "$work" && mkdir -p "$work"
cd "$src"
"$wattbench" campaign configs/campaigns/aspm-idle-sim.yaml --output "$work/result" --set pause_s=0.1 \
  --set 'set=[phases.idle_s=1, phases.idle_after_s=0.3, benchmark.args.time_s=2]' > "$work/run.log" 2>&1
fail() { echo "FAIL: $*"; exit 1; }
flags=(--headless --no-sandbox --disable-gpu --disable-quic --no-first-run --disable-background-networking
       --disable-component-update --disable-sync --user-data-dir="$work/profile" --enable-logging=stderr --v=0)
url="file://$work/result/report.html"
timeout 120 "$chromium_bin" "${flags[@]}" --dump-dom "$url" > "$work/dom.html" 2> "$work/console.log"
for f in fps power_w fps_per_w j_per_inference idle_power_w; do
  grep -q "<figure data-figure=\"$f\"><img src=\"figures/$f.svg\"" "$work/dom.html" || fail "figure $f missing from the rendered DOM"
  for ext in svg png csv; do [ -s "$work/result/figures/$f.$ext" ] || fail "figures/$f.$ext missing or empty"; done
done
grep -q '<section id="figures">' "$work/dom.html" || fail "no Figures section"
# The viewport at the Figures section (the page scrolls to its anchor).
timeout 120 "$chromium_bin" "${flags[@]}" --window-size=1000,1400 --hide-scrollbars --screenshot="$work/report.png" "$url#figures" \
  >> "$work/console.log" 2>&1
python3 - "$work/report.png" <<'PY' || fail "screenshot (above)"
import struct, sys, zlib
data = open(sys.argv[1], "rb").read()
assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
pos, idat, ihdr = 8, b"", None
while pos < len(data):
    n, kind = struct.unpack(">I4s", data[pos:pos + 8])
    body = data[pos + 8:pos + 8 + n]
    if kind == b"IHDR": ihdr = struct.unpack(">IIBBBBB", body)
    elif kind == b"IDAT": idat += body
    pos += 12 + n
w, h, depth, ctype, _, _, interlace = ihdr
assert depth == 8 and ctype in (2, 6) and interlace == 0, f"PNG form {ihdr} not decoded here"
bpp = 3 if ctype == 2 else 4
raw, stride = zlib.decompress(idat), w * bpp
rows, prev, at = [], bytearray(stride), 0
for _ in range(h):
    f, line = raw[at], bytearray(raw[at + 1:at + 1 + stride]); at += 1 + stride
    for i in range(stride):
        a = line[i - bpp] if i >= bpp else 0; b = prev[i]; c = prev[i - bpp] if i >= bpp else 0
        if f == 1: line[i] = (line[i] + a) & 255
        elif f == 2: line[i] = (line[i] + b) & 255
        elif f == 3: line[i] = (line[i] + (a + b) // 2) & 255
        elif f == 4:
            p = a + b - c; pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
            line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
    rows.append(line); prev = line
def count(rgb):
    n = 0
    for line in rows:
        for x in range(0, stride, bpp):
            if abs(line[x] - rgb[0]) < 12 and abs(line[x + 1] - rgb[1]) < 12 and abs(line[x + 2] - rgb[2]) < 12: n += 1
    return n
background = sum(1 for line in rows for x in range(0, stride, bpp) if line[x] > 245 and line[x + 1] > 245 and line[x + 2] > 245)
cards = {"card 1 #0072B2": (0x00, 0x72, 0xB2), "card 2 #E69F00": (0xE6, 0x9F, 0x00)}
found = {k: count(v) for k, v in cards.items()}
print(f"screenshot {w}x{h}: {w * h - background} non-white pixels, card colours {found}")
assert w * h - background > 50000, "the page is (nearly) blank"
for k, n in found.items(): assert n > 5000, f"{k}: only {n} pixels: the bars were not drawn"
PY
if grep -E 'CONSOLE|Uncaught|SyntaxError' "$work/console.log"; then fail "console errors"; fi
echo "browser campaign figures: OK"
