#!/usr/bin/env bash
# README command 1: dependencies, build, then the demo on the simulated bench.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/deps.sh
./scripts/build.sh tools
./build/bin/wattbench run configs/demo.yaml "$@"
