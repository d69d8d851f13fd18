#!/usr/bin/env bash
# Live monitor under tmux: the full-screen view must show a header and a row per channel
# with numbers and a sparkline, lay itself out again when the window narrows, quit on q (and
# Ctrl-C) with exit 0 and close its pane, fall back to ASCII without a UTF-8 locale; off a
# terminal it must still print lines.
# Usage: monitor_tmux.sh WATTBENCH SOURCE_DIR WORK_DIR
set -euo pipefail
wattbench=$1 src=$2 work=$3
if ! command -v tmux >/dev/null; then
  echo "SKIP: tmux is not installed (scripts/deps.sh --with-test-tools installs it)"
  exit 77
fi
rm -rf "$work" && mkdir -p "$work"
cd "$src"
sock="wb-monitor-$$-$RANDOM"  # a private server: never the user's tmux
tm() { tmux -L "$sock" "$@"; }
cleanup() { tm kill-server 2>/dev/null || true; }
trap cleanup EXIT
fail() {
  echo "FAIL: $*"
  [ -f "$work/screen.txt" ] && { echo "--- last screen:"; cat "$work/screen.txt"; }
  exit 1
}
# Polls the screen until a grep pattern shows (the probes need a moment to start).
wait_for() {
  local pattern=$1 i
  for i in $(seq 1 50); do
    tm capture-pane -p -t mon > "$work/screen.txt" 2>/dev/null || true
    grep -qE "$pattern" "$work/screen.txt" && return 0
    sleep 0.2
  done
  fail "'$pattern' never showed on the screen"
}

# The pane closes when the monitor exits; its exit status is written out first.
tm -f /dev/null new-session -d -s mon -x 120 -y 30 \
  "env LC_ALL=C.UTF-8 TERM=screen '$wattbench' monitor configs/demo.yaml --csv '$work/csv'; echo \$? > '$work/status'"
# Watts to the mW, temperatures to 0.1 °C: values at their resolution.
wait_for 'm2_3v3\.power_w +[0-9]+\.[0-9]{3} W +[0-9.]+ +[0-9.]+ +[0-9.]+ +[0-9]+ Hz +.*[▁▂▃▄▅▆▇█]'
sleep 1.5  # a few refreshes, so that the sparklines have history
tm capture-pane -p -t mon > "$work/screen.txt"
grep -qE '^wattbench monitor  demo-deepx-m1-resnet50  elapsed [0-9.]+ s  2 probes' "$work/screen.txt" || fail "no header"
grep -qE '^channel +value +min +mean +max +rate +history' "$work/screen.txt" || fail "no column titles"
for ch in m2_3v3.power_w m2_3v3.vbus_v m2_3v3.current_a; do
  grep -qE "^$ch +[0-9.]+ [WVA] +[0-9.]+ +[0-9.]+ +[0-9.]+ +[0-9]+ Hz +.*[▁▂▃▄▅▆▇█]{3}" "$work/screen.txt" \
    || fail "no row with numbers and a sparkline for $ch"
done
grep -qE '^npu\.npu0_temp_c +[0-9]+\.[0-9] °C .*[▁▂▃▄▅▆▇█]' "$work/screen.txt" || fail "no row for the npu probe"
grep -q 'energy' "$work/screen.txt" && fail "an energy accumulator got a row"
[ "$(LC_ALL=C.UTF-8 wc -L < "$work/screen.txt")" -le 120 ] || fail "a row is wider than 120"

# Narrower: the sparkline and min/max columns go, the rows stay within 70 columns.
tm resize-window -t mon -x 70 -y 30
wait_for '^channel +value +mean +rate *$'
grep -qE '^m2_3v3\.power_w +[0-9.]+ W +[0-9.]+ +[0-9]+ Hz *$' "$work/screen.txt" || fail "power row not re-laid out at 70 columns"
[ "$(LC_ALL=C.UTF-8 wc -L < "$work/screen.txt")" -le 70 ] || fail "a row is wider than 70 after the resize"

tm send-keys -t mon q
for i in $(seq 1 50); do [ -f "$work/status" ] && break; sleep 0.2; done
[ -f "$work/status" ] || fail "monitor still running 10 s after q"
[ "$(cat "$work/status")" = 0 ] || fail "monitor exited $(cat "$work/status") after q"
for i in $(seq 1 25); do tm has-session -t mon 2>/dev/null || break; sleep 0.2; done
tm has-session -t mon 2>/dev/null && fail "the session is still open after q"
[ "$(wc -l < "$work/csv/power-m2_3v3.csv")" -gt 1000 ] || fail "the CSV log is missing samples"

# Under a non-UTF-8 locale: ASCII only (the sparkline in "_.-~=+*#"); Ctrl-C quits with 0 too.
rm -f "$work/status"
tm -f /dev/null new-session -d -s mon -x 120 -y 30 \
  "env LC_ALL=C TERM=screen '$wattbench' monitor configs/demo.yaml; echo \$? > '$work/status'"
wait_for '^m2_3v3\.power_w +[0-9.]+ W .*Hz +[ _.~=+*#-]*[_.~=+*#-]{3}'
LC_ALL=C grep -q '[^ -~]' "$work/screen.txt" && fail "non-ASCII on the screen under LC_ALL=C"
tm send-keys -t mon C-c
for i in $(seq 1 50); do [ -f "$work/status" ] && break; sleep 0.2; done
[ "$(cat "$work/status" 2>/dev/null)" = 0 ] || fail "monitor did not exit 0 on Ctrl-C"

# Not a terminal: CSV (a header with names and units, a time stamp on every line).
"$wattbench" monitor configs/demo.yaml --duration 1.2 > "$work/lines.txt"
head -1 "$work/lines.txt" | grep -qE '^timestamp, m2_3v3\.[a-z_]+ \[[A-Z]+\]' || fail "no CSV header off a terminal"
grep -qE '^[0-9]{4}/[0-9]{2}/[0-9]{2} [0-9:]{8}\.[0-9]{3}, [0-9.]+, ' "$work/lines.txt" || fail "no time-stamped lines off a terminal"
grep -q $'\033' "$work/lines.txt" && fail "terminal escapes in the plain line mode"
echo "monitor under tmux: OK"
