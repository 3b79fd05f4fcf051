#!/usr/bin/env bash
# Bounded load test: one broker on 127.0.0.1, PARTIES parties in
# PARTNERSHIPS partnerships, each side uploading ACCOUNTS synthetic records
# twice (the second a re-sync) while other threads request reports. Prints
#
#   [load] parties P, partnerships M, uploads U in X s (Y/s), reports N
#          p50 A ms p99 B ms, errors E, broker peak RSS Z MiB
#
# on one line and exits non-zero on any error or when load_bench's deadline
# (LOAD_DEADLINE seconds, default 600) passes. Loopback only; stops by itself.
#
#   bench/run_load.sh [PARTIES] [PARTNERSHIPS] [ACCOUNTS]   default 50 100 10000
#   bench/run_load.sh 6 4 1000                               quick check
#   BUILD_DIR=build LOAD_WORKERS=8 LOAD_REPORT_THREADS=4 bench/run_load.sh
set -euo pipefail
cd "$(dirname "$0")/.."
bin="$(pwd)/${BUILD_DIR:-build}"
parties="${1:-50}"
partnerships="${2:-100}"
accounts="${3:-10000}"
for tool in "$bin/server/blindmapd" "$bin/bench/load_bench"; do
  [[ -x "$tool" ]] || { echo "run_load.sh: $tool not built (run tools/build.sh)" >&2; exit 1; }
done
work="$(mktemp -d /tmp/blindmap-load.XXXXXX)"
broker_pid=""
cleanup() {
  if [[ -n "$broker_pid" ]]; then
    kill "$broker_pid" 2>/dev/null || true
    wait "$broker_pid" 2>/dev/null || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT

# Limits raised for the load: every party is in about 2 * PARTNERSHIPS /
# PARTIES partnerships, uploads for several at once and is asked for reports
# in a tight loop.
cat > "$work/broker.yaml" <<YAML
listen: 127.0.0.1:0
data_dir: data
plaintext: true
log_file: blindmapd.log
limits:
  max_concurrent_uploads_per_party: 64
  requests_per_minute_per_party: 1000000
  request_burst_per_party: 100000
YAML
"$bin/server/blindmapd" serve --config "$work/broker.yaml" --port-file "$work/port" &
broker_pid=$!
for _ in $(seq 200); do [[ -s "$work/port" ]] && break; sleep 0.05; done
[[ -s "$work/port" ]] || { echo "run_load.sh: broker did not start" >&2; exit 1; }
port=$(cat "$work/port")

mkdir -m 0700 "$work/tokens"
for ((i = 0; i < parties; i++)); do
  name=$(printf 'party-%02d' "$i")
  "$bin/server/blindmapd" admin --config "$work/broker.yaml" create-party "$name" \
    --token-file "$work/tokens/$name.token" > /dev/null 2> "$work/admin.err" ||
    { cat "$work/admin.err" >&2; exit 1; }
done

status=0
result=$("$bin/bench/load_bench" --address="127.0.0.1:$port" --token-dir="$work/tokens" \
  --parties="$parties" --partnerships="$partnerships" --accounts="$accounts" \
  --workers="${LOAD_WORKERS:-8}" --report-threads="${LOAD_REPORT_THREADS:-4}" \
  --deadline-seconds="${LOAD_DEADLINE:-600}") || status=$?

rss_kib=$(awk '/VmHWM/ { print $2 }' "/proc/$broker_pid/status")
kill "$broker_pid"; wait "$broker_pid" 2>/dev/null || true; broker_pid=""
if [[ $status -ne 0 ]] && grep -q -i 'error\|warn' "$work/blindmapd.log"; then
  echo "run_load.sh: broker log warnings and errors (first 10):" >&2
  grep -i 'error\|warn' "$work/blindmapd.log" | head -10 >&2
fi
printf '[load] parties %s, partnerships %s, %s, broker peak RSS %d MiB\n' \
  "$parties" "$partnerships" "${result:-load_bench printed nothing}" $((rss_kib / 1024))
exit "$status"
