#!/bin/sh
# A tool that writes its pid to $1, prints its start and then runs far longer than the test:
# it must die with wattbench (kill -9 included), never outlive it.
echo $$ > "$1.tmp" && mv "$1.tmp" "$1"
printf 'start\n'
exec sleep 120
