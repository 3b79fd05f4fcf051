#!/usr/bin/env bash
# Builds the libFuzzer targets of fuzz/ (tools/build.sh --sanitize, into
# build-san/ or $BUILD_DIR) and runs them.
#   tools/fuzz.sh [SECONDS]   fuzz each target for SECONDS (default 30),
#                             starting from fuzz/corpus/<target>/ and
#                             fuzz/regressions/<target>/
#   tools/fuzz.sh regress     run every input in fuzz/regressions/<target>/
#                             once
# Targets fuzz side by side, one per core. Prints per target the executions
# and the crashes found; exits non-zero if
# any target crashed. New corpus entries go to build-san/corpus/<target>/
# (the committed seeds are not changed); crashing inputs to
# build-san/crashes/<target>/: fix the bug, then keep the input in
# fuzz/regressions/<target>/.
set -euo pipefail
cd "$(dirname "$0")/.."
mode="${1:-30}"
build="${BUILD_DIR:-build-san}"
targets=(csv_reader xlsx_reader company_name web_domain client_config broker_config
         upload_session)

if [[ "$mode" != regress && ! "$mode" =~ ^[0-9]+$ ]]; then
  echo "usage: tools/fuzz.sh [SECONDS|regress]" >&2
  exit 2
fi
bash tools/install-deps.sh
BUILD_DIR="$build" TARGETS="${targets[*]/#/fuzz_}" bash tools/build.sh --sanitize

export ASAN_OPTIONS="detect_leaks=1:${ASAN_OPTIONS:-}"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1:${UBSAN_OPTIONS:-}"
# fuzz_upload_session keeps its RocksDB here (tmpfs when there is one: every
# commit syncs); a crash leaves it behind.
if [[ -d /dev/shm && -w /dev/shm ]]; then
  export TMPDIR="/dev/shm/blindmap-fuzz-$$"
else
  export TMPDIR="$PWD/$build/tmp"
fi
rm -rf "$TMPDIR"
mkdir -p "$TMPDIR"
# fuzz_one TARGET: fuzzes one target for $mode seconds; prints one line and
# returns non-zero on a crash.
fuzz_one() {
  local target="$1" binary="$build/fuzz/fuzz_$1" log="$build/logs/$1.log"
  local corpus="$build/corpus/$1" crashes="$build/crashes/$1" status=0
  rm -rf "$crashes"
  mkdir -p "$corpus" "$crashes" "fuzz/regressions/$target"
  "$binary" -max_total_time="$mode" -timeout=25 -rss_limit_mb=2560 \
    -print_final_stats=1 -artifact_prefix="$crashes/" \
    "$corpus" "fuzz/corpus/$target" "fuzz/regressions/$target" \
    >"$log" 2>&1 || status=$?
  local runs found
  runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
  found=$(find "$crashes" -type f | wc -l)
  printf '%-16s %10s executions  %d crashes  (exit %d, log %s)\n' \
    "$target" "${runs:-?}" "$found" "$status" "$log"
  if [[ $status -ne 0 || $found -ne 0 ]]; then
    find "$crashes" -type f -printf '  %p\n'
    touch "$build/logs/$target.failed"
  fi
}

failed=0
mkdir -p "$build/logs"
if [[ "$mode" == regress ]]; then
  for target in "${targets[@]}"; do
    binary="$build/fuzz/fuzz_$target"
    log="$build/logs/$target.log"
    inputs=(fuzz/regressions/"$target"/*)
    if [[ ! -e "${inputs[0]}" ]]; then
      printf '%-16s no regression inputs\n' "$target"
      continue
    fi
    if "$binary" -runs=1 "${inputs[@]}" >"$log" 2>&1; then
      printf '%-16s %d regression inputs pass\n' "$target" "${#inputs[@]}"
    else
      printf '%-16s FAILED on a regression input, see %s\n' "$target" "$log"
      failed=1
    fi
  done
else
  # One target per core at a time: each is single-threaded, so the wall
  # time is the number of targets over the cores times SECONDS.
  jobs_max="$(nproc)"
  rm -f "$build"/logs/*.failed
  for target in "${targets[@]}"; do
    while (($(jobs -rp | wc -l) >= jobs_max)); do
      wait -n || true
    done
    fuzz_one "$target" &
  done
  wait
  if compgen -G "$build/logs/*.failed" >/dev/null; then
    failed=1
  fi
fi
rm -rf "$TMPDIR"
exit "$failed"
