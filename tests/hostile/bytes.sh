#!/bin/sh
# A tool that prints a non-UTF-8 byte (\377) and terminal escapes on every line wattbench
# keeps (markers, figures, last stderr line); exits with $1 (default 0).
printf '\033]0;pwned\007start \377\033[31m red\033[0m\n'
sleep 0.3
printf 'fps: 123.5 \377\n'
printf 'done \377 \033[2J\033[H\n'
printf 'warn \377 \033[1mbold\033[0m\n' >&2
exit "${1:-0}"
