#!/usr/bin/env bash
# Builds the libFuzzer targets of fuzz/ (tools/build.sh --sanitize, into
# build-san/ or $BUILD_DIR) and runs them.
#   tools/fuzz.sh [SECONDS]   fuzz each target for SECONDS (default 30),
#                             starting from fuzz/corpus/<target>/ and
#                             fuzz/regressions/<target>/
#   tools/fuzz.sh regress     run every input in fuzz/regressions/<target>/
#                             once
# Prints per target the executions and the crashes found; exits non-zero if
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
failed=0
for target in "${targets[@]}"; do
  binary="$build/fuzz/fuzz_$target"
  log="$build/logs/$target.log"
  mkdir -p "$build/logs"
  if [[ "$mode" == regress ]]; then
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
    continue
  fi
  corpus="$build/corpus/$target"
  crashes="$build/crashes/$target"
  rm -rf "$crashes"
  mkdir -p "$corpus" "$crashes" "fuzz/regressions/$target"
  status=0
  "$binary" -max_total_time="$mode" -timeout=25 -rss_limit_mb=2560 \
    -print_final_stats=1 -artifact_prefix="$crashes/" \
    "$corpus" "fuzz/corpus/$target" "fuzz/regressions/$target" \
    >"$log" 2>&1 || status=$?
  runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
  found=$(find "$crashes" -type f | wc -l)
  printf '%-16s %10s executions  %d crashes  (exit %d, log %s)\n' \
    "$target" "${runs:-?}" "$found" "$status" "$log"
  if [[ $status -ne 0 || $found -ne 0 ]]; then
    failed=1
    find "$crashes" -type f -printf '  %p\n'
  fi
done
rm -rf "$TMPDIR"
exit "$failed"
