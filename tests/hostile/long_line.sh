#!/bin/sh
# A tool that prints $1 bytes with no newline (a one-line JSON or progress bar gone wrong),
# then its figures.
printf 'start\n'
sleep 0.3
head -c "$1" /dev/zero | tr '\0' 'x'
printf '\nfps: 321.5\ndone\n'
