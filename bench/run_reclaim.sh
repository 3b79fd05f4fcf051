#!/usr/bin/env bash
# How much disk replaced snapshots keep: one party re-syncs an export of N
# accounts (default 36280, the trial's) UPLOADS times (default 12) within one
# period (each upload replaces the last), and the script prints the size of
# the broker's database after the first upload, after the last, and once
# the broker has settled (polled, up to 60 s), then after
# `blindmapd admin compact` for comparison. Loopback only; stops by itself.
#
#   bench/run_reclaim.sh [N] [UPLOADS]
#   BLINDMAPD=/path/to/another/blindmapd bench/run_reclaim.sh   (compare)
set -euo pipefail
cd "$(dirname "$0")/.."
bin="$(pwd)/${BUILD_DIR:-build}"
n="${1:-36280}"
uploads="${2:-12}"
blindmapd="${BLINDMAPD:-$bin/server/blindmapd}"
blindmap="$bin/client/blindmap"
for tool in "$blindmapd" "$blindmap" "$bin/bench/gen_crm"; do
  [[ -x "$tool" ]] || { echo "run_reclaim.sh: $tool not built" >&2; exit 1; }
done
work="$(mktemp -d /tmp/blindmap-reclaim.XXXXXX)"
broker_pid=""
cleanup() {
  [[ -n "$broker_pid" ]] && kill "$broker_pid" 2>/dev/null && wait "$broker_pid" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT
cd "$work"
mb() { du -sb data/db | awk '{ printf "%.1f", $1 / 1048576 }'; }

printf 'listen: 127.0.0.1:0\ndata_dir: data\nplaintext: true\nlog_file: blindmapd.log\n' > broker.yaml
"$blindmapd" serve --config broker.yaml --port-file port &
broker_pid=$!
for _ in $(seq 200); do [[ -s port ]] && break; sleep 0.05; done
port=$(cat port)
for party in a b; do
  mkdir -p "$party"
  "$blindmapd" admin --config broker.yaml create-party "party-$party" --token-file "$party/api.token" 2>/dev/null
  printf 'party: party-%s\nbroker:\n  address: 127.0.0.1:%s\n  plaintext: true\n  token_file: api.token\n  timeout_seconds: 600\nstate_dir: state\n' "$party" "$port" > "$party/blindmap.yaml"
done
cli() { local p=$1; shift; "$blindmap" --config "$work/$p/blindmap.yaml" "$@"; }
cli a partner invite party-b --max-uploads 0 --min-changed 0 > invite.txt
grep -o 'bm1-[0-9A-Z-]*' invite.txt | cli b partner accept party-a > /dev/null
"$bin/bench/gen_crm" --accounts "$n" --side b --seed 2 --format hubspot --out b.csv 2>/dev/null
cli b sync --partner party-a --input b.csv > /dev/null

for i in $(seq "$uploads"); do
  # Another rendering each time: new content, as a changed CRM would give.
  "$bin/bench/gen_crm" --accounts "$n" --side a --seed "$i" --format salesforce --out a.csv 2>/dev/null
  cli a sync --partner party-b --input a.csv > /dev/null
  [[ $i -eq 1 ]] && first=$(mb)
done
last=$(mb)
settled=$last
for _ in $(seq 60); do
  sleep 1
  now=$(mb)
  [[ "$now" == "$settled" ]] && break
  settled=$now
done
"$blindmapd" admin --config broker.yaml compact > /dev/null
compacted=$(mb)
printf 'accounts %s, uploads %s: database after the first %s MB, after the last %s MB, settled %s MB, after admin compact %s MB\n' \
  "$n" "$uploads" "$first" "$last" "$settled" "$compacted"
