#!/usr/bin/env bash
# README command 2 (and .ci/run): dependencies, build, all tests through ctest.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/deps.sh --with-test-tools
./scripts/build.sh
# The label `fuzz` (coverage-guided fuzzing, its own clang build) runs on request: ctest -L '^fuzz$'
ctest --test-dir build --output-on-failure -j"$(nproc)" -LE '^fuzz$'
