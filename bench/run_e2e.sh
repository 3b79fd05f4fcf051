#!/usr/bin/env bash
# End-to-end benchmark: maps N synthetic accounts per side through a real
# broker on 127.0.0.1 and prints, per N: client tokenization rate, upload
# time, intersection time, report time, broker peak RSS and total wall time;
# and, in the same run, the non-private baseline (the same normalized names
# through `sort -u` and `join`) with the ratio.
#
#   bench/run_e2e.sh [N ...]          default: 100000 1000000
#   BUILD_DIR=build bench/run_e2e.sh  (expects a built tree; see tools/build.sh)
#
# The two companies sync one after the other (on their own machines they
# would run in parallel; here they would only fight over 2 cores). Wall time
# = both syncs + the first report. Loopback only; stops by itself.
set -euo pipefail
cd "$(dirname "$0")/.."
bin="$(pwd)/${BUILD_DIR:-build}"
sizes=("$@")
[[ ${#sizes[@]} -gt 0 ]] || sizes=(100000 1000000)
for tool in "$bin/server/blindmapd" "$bin/client/blindmap" "$bin/bench/gen_crm"; do
  [[ -x "$tool" ]] || { echo "run_e2e.sh: $tool not built (run tools/build.sh)" >&2; exit 1; }
done
work="$(mktemp -d /tmp/blindmap-bench.XXXXXX)"
broker_pid=""
cleanup() {
  [[ -n "$broker_pid" ]] && kill "$broker_pid" 2>/dev/null && wait "$broker_pid" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT

now() { date +%s.%N; }
secs() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", b - a }'; }
json() { python3 -c "import json,sys; d=json.load(open(sys.argv[1])); print(eval(sys.argv[2], {}, {'d': d}))" "$@"; }

printf '%-9s %12s %10s %11s %10s %10s %12s %10s %10s %7s\n' \
  N "tokenize/s" "upload s" "intersect s" "report s" "RSS MiB" "wall s" \
  "baseline s" "ratio" "overlap"
for n in "${sizes[@]}"; do
  dir="$work/$n"; mkdir -p "$dir"; cd "$dir"
  "$bin/bench/gen_crm" --accounts "$n" --side a --overlap 0.3 --seed 1 --format salesforce --out a.csv 2>/dev/null
  "$bin/bench/gen_crm" --accounts "$n" --side b --overlap 0.3 --seed 2 --format hubspot --out b.csv 2>/dev/null

  printf 'listen: 127.0.0.1:0\ndata_dir: data\nplaintext: true\nlog_file: blindmapd.log\n' > broker.yaml
  "$bin/server/blindmapd" serve --config broker.yaml --port-file port &
  broker_pid=$!
  for _ in $(seq 200); do [[ -s port ]] && break; sleep 0.05; done
  port=$(cat port)
  for party in a b; do
    mkdir -p "$party"
    "$bin/server/blindmapd" admin --config broker.yaml create-party "party-$party" --token-file "$party/api.token" 2>/dev/null
    printf 'party: party-%s\nbroker:\n  address: 127.0.0.1:%s\n  plaintext: true\n  token_file: api.token\n  timeout_seconds: 600\nstate_dir: state\n' "$party" "$port" > "$party/blindmap.yaml"
  done
  cli() { local p=$1; shift; "$bin/client/blindmap" --config "$dir/$p/blindmap.yaml" "$@"; }
  cli a partner invite party-b > invite.txt
  grep -o 'bm1-[0-9A-Z-]*' invite.txt | cli b partner accept party-a > /dev/null

  start=$(now)
  cli a sync --partner party-b --input a.csv --format json > sync-a.json
  cli b sync --partner party-a --input b.csv --format json > sync-b.json
  synced=$(now)
  cli a report --partner party-b --format json > report.json
  reported=$(now)
  cli a report --partner party-b --format json > /dev/null
  cached=$(now)

  rss_kib=$(awk '/VmHWM/ { print $2 }' "/proc/$broker_pid/status")
  kill "$broker_pid"; wait "$broker_pid" 2>/dev/null || true; broker_pid=""
  # The broker logs each call's own duration: the first report is the
  # intersection (plus a cache write), the second a cache hit.
  intersect_ms=$(grep 'rpc GetReport' data/../blindmapd.log | head -1 | sed -E 's/.* ([0-9]+)ms.*/\1/')

  # Tokenization = reading and normalizing (wall) plus hashing, which runs
  # on every core during the upload (its CPU time divided by the cores).
  cores=$(nproc)
  tok_a=$(json sync-a.json "d['records'] / (d['timings']['read_seconds'] + d['timings']['tokenize_seconds'] / $cores)")
  tok_b=$(json sync-b.json "d['records'] / (d['timings']['read_seconds'] + d['timings']['tokenize_seconds'] / $cores)")
  upload=$(json sync-a.json "round(d['timings']['upload_seconds'] + $(json sync-b.json "d['timings']['upload_seconds']"), 2)")
  overlap=$(json report.json "d['my_snapshot']['overlapping_records']")

  # Baseline: the same normalized names, sorted, deduplicated and joined.
  cli a keys a.csv --format csv | awk -F, 'NR > 1 && $4 != "" { print $4 }' > a.names
  cli b keys b.csv --format csv | awk -F, 'NR > 1 && $4 != "" { print $4 }' > b.names
  base_start=$(now)
  LC_ALL=C sort -u a.names > a.sorted
  LC_ALL=C sort -u b.names > b.sorted
  common=$(LC_ALL=C join -t "$(printf '\001')" a.sorted b.sorted | wc -l)
  base_end=$(now)

  wall=$(secs "$start" "$reported")
  baseline=$(secs "$base_start" "$base_end")
  printf '%-9s %12.0f %10s %11.2f %10s %10.0f %12s %10s %10.1f %7s\n' \
    "$n" "$(awk -v a="$tok_a" -v b="$tok_b" 'BEGIN { print (a + b) / 2 }')" "$upload" \
    "$(awk -v ms="$intersect_ms" 'BEGIN { print ms / 1000 }')" "$(secs "$reported" "$cached")" \
    "$(awk -v k="$rss_kib" 'BEGIN { print k / 1024 }')" "$wall" "$baseline" \
    "$(awk -v w="$wall" -v b="$baseline" 'BEGIN { print w / b }')" "$overlap"
  echo "  (name-only baseline join found $common common names; sync wall $(secs "$start" "$synced") s)" >&2
  cd "$work"; rm -rf "$dir"
done
