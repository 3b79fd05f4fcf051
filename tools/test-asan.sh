#!/usr/bin/env bash
# The whole test suite under AddressSanitizer + UndefinedBehaviorSanitizer:
# builds into build-asan (or $BUILD_DIR) with -DBLINDMAP_SANITIZE=ON and runs
# ctest there. Leaks are reported; any ASan or UBSan finding fails its test.
#   tools/test-asan.sh [extra ctest arguments]
set -euo pipefail
cd "$(dirname "$0")/.."
build="${BUILD_DIR:-build-asan}"
bash tools/install-deps.sh
# Warnings are checked by the normal build; gcc's sanitizer instrumentation
# adds false positives of its own (-Wmaybe-uninitialized, -Wnull-dereference).
cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DBLINDMAP_SANITIZE=ON -DBLINDMAP_BUILD_BENCH=OFF \
  -DBLINDMAP_WARNINGS_AS_ERRORS=OFF >/dev/null
start=$(date +%s)
ninja -C "$build" ${JOBS:+-j "$JOBS"} >&2
built=$(date +%s)
echo "test-asan: build took $((built - start)) s" >&2
export ASAN_OPTIONS="detect_leaks=1:abort_on_error=0:halt_on_error=1${ASAN_OPTIONS:+:$ASAN_OPTIONS}"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1${UBSAN_OPTIONS:+:$UBSAN_OPTIONS}"
status=0
ctest --test-dir "$build" --output-on-failure -j "$(nproc)" --timeout 900 "$@" || status=$?
echo "test-asan: tests took $(($(date +%s) - built)) s" >&2
exit "$status"
