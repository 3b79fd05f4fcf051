#!/usr/bin/env bash
# The whole test suite: installs dependencies, builds, runs every test
# (unit and end to end, against real blindmapd processes on loopback).
set -euo pipefail
cd "$(dirname "$0")/.."
bash tools/install-deps.sh
bash tools/build.sh
ctest --test-dir "${BUILD_DIR:-build}" --output-on-failure -j "$(nproc)" --timeout 300
