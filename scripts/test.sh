#!/usr/bin/env bash
# README command 2 (and .ci/run): dependencies, build, all tests through ctest.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/deps.sh --with-test-tools
./scripts/build.sh
# The label `fuzz` (coverage-guided fuzzing, its own clang build) runs on request: ctest -L '^fuzz$'
# The end-to-end cases mostly sleep through their simulated phases (at -j2 the load stays below 1):
# two entries per core overlap them (three starved some samplers).
ctest --test-dir build --output-on-failure -j"$(( $(nproc) * 2 ))" -LE '^fuzz$'
