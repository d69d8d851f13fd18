#!/bin/sh
# A tool that floods stderr with $1 bytes of short warning lines (a driver complaining per
# frame), then reports valid figures on stdout.
printf 'start\n'
yes 'W: frame dropped, queue full (driver 1.2.3)' | head -c "$1" >&2
printf 'fps: 88.5\ndone\n'
exit 0
