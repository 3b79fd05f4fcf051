#!/usr/bin/env bash
# Configures and builds blindmap into build/ (or $BUILD_DIR).
#   tools/build.sh [extra cmake arguments]
set -euo pipefail
cd "$(dirname "$0")/.."
build="${BUILD_DIR:-build}"
cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE="${BUILD_TYPE:-RelWithDebInfo}" "$@" >/dev/null
ninja -C "$build" >&2
