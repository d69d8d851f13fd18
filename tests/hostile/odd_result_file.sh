#!/bin/sh
# A tool whose result file is not a file: $1 = fifo (a named pipe nobody writes) or zero (a
# link to /dev/zero). It prints valid markers; the figures are to be read from result.json.
case "$1" in
  fifo) mkfifo result.json ;;
  zero) ln -s /dev/zero result.json ;;
esac
printf 'start\n'
sleep 0.3
printf 'done\n'
exit 0
