#!/bin/sh
# A tool that starts a helper in a session of its own (setsid: out of its process group) and
# exits 0 with valid figures, leaving the helper running; the helper's pid goes to $1.
setsid sh -c 'echo $$ > "$0.tmp" && mv "$0.tmp" "$0"; exec sleep 120' "$1" </dev/null >/dev/null 2>&1 &
while [ ! -s "$1" ]; do sleep 0.01; done
printf 'start\n'
sleep 0.3
printf 'fps: 50.5\ndone\n'
exit 0
