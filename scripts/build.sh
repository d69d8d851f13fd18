#!/usr/bin/env bash
# Configures and builds into build/ (binaries in build/bin/); optional argument: a target.
set -euo pipefail
cd "$(dirname "$0")/.."
cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build build -j"$(nproc)" ${1:+--target "$1"}
