#!/usr/bin/env bash
# The whole test suite: installs dependencies, builds with AddressSanitizer
# and UndefinedBehaviorSanitizer (tools/build.sh --sanitize, into build-san/),
# runs every test there (unit and end to end, against real blindmapd
# processes on loopback), then the fuzz targets: every kept regression input
# once, and each target for $FUZZ_SECONDS (default 15) from its seed corpus.
# Fails on any failed test, any sanitizer report (from a test or from a
# blindmapd/blindmap process it ran) and any fuzzing crash.
#   tools/test.sh [--plain] [extra ctest arguments]
# --plain runs the suite in the normal build (build/) instead: quicker, no
# sanitizers, no fuzzing.
set -euo pipefail
cd "$(dirname "$0")/.."
bash tools/install-deps.sh
if [[ "${1:-}" == --plain ]]; then
  shift
  bash tools/build.sh
  exec ctest --test-dir "${BUILD_DIR:-build}" --output-on-failure \
    -j "$(nproc)" --timeout 300 "$@"
fi

build="${BUILD_DIR:-build-san}"
started=$(date +%s)
bash tools/build.sh --sanitize
built=$(date +%s)
echo "test.sh: sanitizer build took $((built - started)) s" >&2

# Every sanitized process, tests and the binaries they start, writes its
# reports here; one report fails the run even if its process's exit status
# was expected to be non-zero.
reports="$PWD/$build/sanitizer-reports"
rm -rf "$reports"
mkdir -p "$reports"
export ASAN_OPTIONS="detect_leaks=1:halt_on_error=1:log_path=$reports/asan"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1:log_path=$reports/ubsan"
status=0
ctest --test-dir "$build" --output-on-failure -j "$(nproc)" --timeout 900 \
  "$@" || status=1
tested=$(date +%s)
echo "test.sh: tests under sanitizers took $((tested - built)) s" >&2
if compgen -G "$reports/*" >/dev/null; then
  echo "test.sh: sanitizer reports:" >&2
  for report in "$reports"/*; do
    echo "== $report" >&2
    head -60 "$report" >&2
  done
  status=1
fi

unset ASAN_OPTIONS UBSAN_OPTIONS  # libFuzzer reports into its own logs
BUILD_DIR="$build" bash tools/fuzz.sh regress || status=1
BUILD_DIR="$build" bash tools/fuzz.sh "${FUZZ_SECONDS:-15}" || status=1
echo "test.sh: fuzzing took $(($(date +%s) - tested)) s; total $(($(date +%s) - started)) s" >&2
exit "$status"
