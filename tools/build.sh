#!/usr/bin/env bash
# Configures and builds blindmap with Ninja.
#   tools/build.sh [extra cmake arguments]
#       gcc, RelWithDebInfo, into build/ (or $BUILD_DIR): the binaries the
#       demo and deployments use, the tests and the benchmarks.
#   tools/build.sh --sanitize [extra cmake arguments]
#       clang with AddressSanitizer + UndefinedBehaviorSanitizer (any finding
#       aborts) and libFuzzer's coverage instrumentation, into build-san/ (or
#       $BUILD_DIR): the tests and the fuzz targets, no benchmarks. This is
#       the build tools/test.sh runs the suite in.
# $TARGETS (space-separated) builds only those targets.
set -euo pipefail
cd "$(dirname "$0")/.."
# A compiler cache, where one is installed, for repeated builds (optional).
launcher=()
if command -v ccache >/dev/null; then
  launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
fi
if [[ "${1:-}" == --sanitize ]]; then
  shift
  build="${BUILD_DIR:-build-san}"
  # -O1 with line tables: readable sanitizer reports at half the compile time
  # of -O2 -g. fuzzer-no-link only instruments (its hooks are no-ops outside
  # the fuzz targets).
  CC=clang CXX=clang++ cmake -S . -B "$build" -G Ninja \
    -DCMAKE_BUILD_TYPE=Debug -DCMAKE_CXX_FLAGS_DEBUG="-O1 -gline-tables-only" \
    -DCMAKE_CXX_FLAGS="-fsanitize=fuzzer-no-link" -DBLINDMAP_SANITIZE=ON \
    -DBLINDMAP_FUZZ=ON -DBLINDMAP_BUILD_BENCH=OFF "${launcher[@]}" "$@" >/dev/null
else
  build="${BUILD_DIR:-build}"
  cmake -S . -B "$build" -G Ninja \
    -DCMAKE_BUILD_TYPE="${BUILD_TYPE:-RelWithDebInfo}" "${launcher[@]}" "$@" >/dev/null
fi
# shellcheck disable=SC2086  # TARGETS is a list
ninja -C "$build" ${JOBS:+-j "$JOBS"} ${TARGETS:-} >&2
