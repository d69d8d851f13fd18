#!/usr/bin/env bash
# README command 2 (and .ci/run): dependencies, build, all tests through ctest.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/deps.sh --with-test-tools
./scripts/build.sh
ctest --test-dir build --output-on-failure -j"$(nproc)"
