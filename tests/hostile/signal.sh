#!/bin/sh
# A tool that prints its start and then dies by signal $1 (e.g. HUP).
printf 'start\n'
sleep 0.2
kill -s "$1" $$
sleep 5
