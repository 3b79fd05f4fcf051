#!/usr/bin/env bash
# The demo: installs dependencies, builds, starts a broker on 127.0.0.1 with a
# temporary RocksDB, creates two sample companies (examples/: Acme on
# Salesforce, Globex on HubSpot, ~200 accounts each), partners them, syncs
# both and prints Acme's overlap report; then Acme maps a second partner
# (Initech, a reseller) and prints its portfolio of both partners; it ends
# with Acme's Tier 1 co-sell plan with Globex (the whole plan, and the report
# and plan as HTML, are in the work directory: keep it with --keep).
#   tools/demo.sh [--format text|markdown|json|csv] [--keep]
set -euo pipefail
cd "$(dirname "$0")/.."
format=text; keep=0
while [[ $# -gt 0 ]]; do
  case "$1" in
    --format) format="$2"; shift 2 ;;
    --keep) keep=1; shift ;;
    -h|--help) sed -n '2,10p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "demo.sh: unknown argument $1" >&2; exit 2 ;;
  esac
done
bash tools/install-deps.sh
bash tools/build.sh
bin="$(pwd)/${BUILD_DIR:-build}"
examples="$(pwd)/examples"
work="$(mktemp -d /tmp/blindmap-demo.XXXXXX)"
broker_pid=""
cleanup() {
  [[ -n "$broker_pid" ]] && kill "$broker_pid" 2>/dev/null && wait "$broker_pid" 2>/dev/null
  if [[ $keep -eq 1 ]]; then echo "demo files kept in $work" >&2; else rm -rf "$work"; fi
}
trap cleanup EXIT
cd "$work"
step() { printf '\n\033[1m== %s\033[0m\n' "$*" >&2; }

step "Broker on 127.0.0.1 (plaintext: loopback only), data in $work/broker-data"
cat > broker.yaml <<YAML
listen: 127.0.0.1:0
data_dir: broker-data
plaintext: true
log_file: blindmapd.log
YAML
"$bin/server/blindmapd" serve --config broker.yaml --port-file port &
broker_pid=$!
for _ in $(seq 100); do [[ -s port ]] && break; sleep 0.05; done
[[ -s port ]] || { echo "blindmapd did not start:" >&2; cat blindmapd.log >&2; exit 1; }
port=$(cat port)

step "Operator creates the parties acme, globex and initech (API tokens go to 0600 files)"
for party in acme globex initech; do
  mkdir -p "$party"
  "$bin/server/blindmapd" admin --config broker.yaml create-party "$party" --token-file "$party/api.token"
  cat > "$party/blindmap.yaml" <<YAML
party: $party
broker:
  address: 127.0.0.1:$port
  plaintext: true
  token_file: api.token
state_dir: state
sharing:                 # detail on overlapping customers (and opt-ins)
  levels: {Customers: overlaps}
  fields: [account_name, website, populations, owner, industry, relationship]
YAML
done
# Acme offers its prospects too; Globex opts in only its open opportunities.
cat >> acme/blindmap.yaml <<'YAML'
  opt_in: {where: {column: Type, equals: Prospect}}
plan:                    # the co-sell plan's ICP and deal size (stays local)
  icp:
    industries: [Technology, Software, Banking, Financial Services, Insurance,
                 Automotive, Retail, Telecommunications]
    employees: {min: 10000, max: 500000}
    countries: [United States, Germany, United Kingdom, France, Japan,
                Switzerland, Netherlands]
    budget: {min: 50000, max: 500000}
  acv: 150000
  strong_competitors: [Initrode]
YAML
cat >> globex/blindmap.yaml <<'YAML'
  opt_in: {where: {column: Lifecycle Stage, equals: Opportunity}}
YAML
acme() { "$bin/client/blindmap" --config "$work/acme/blindmap.yaml" "$@"; }
globex() { "$bin/client/blindmap" --config "$work/globex/blindmap.yaml" "$@"; }
initech() { "$bin/client/blindmap" --config "$work/initech/blindmap.yaml" "$@"; }

step "acme invites globex; globex accepts with the partnership secret"
acme partner invite globex | tee invite.txt >&2
grep -o 'bm1-[0-9A-Z-]*' invite.txt | globex partner accept acme >&2

step "acme: dry run (shows what would leave the machine, sends nothing)"
acme sync --partner globex --input "$examples/acme-salesforce.csv" --dry-run >&2

step "Both sync: only tokens, opaque record ids and populations reach the broker"
acme sync --partner globex --input "$examples/acme-salesforce.csv" >&2
globex sync --partner acme --input "$examples/globex-hubspot.csv" >&2

step "acme's overlap report with globex"
acme report --partner globex --format "$format"
acme report --partner globex --format html --output report.html

step "acme maps a second partner: initech (a reseller on Salesforce) accepts and syncs"
acme partner invite initech | tee invite-initech.txt >&2
grep -o 'bm1-[0-9A-Z-]*' invite-initech.txt | initech partner accept acme >&2
initech sync --partner acme --input "$examples/initech-salesforce.csv" >&2

step "The monthly routine: acme syncs with every partner from one read, then prints its portfolio"
acme sync --all --input "$examples/acme-salesforce.csv" >&2
acme portfolio --format "$format"

step "acme records a first touch, then builds its co-sell plan (computed and kept on acme's machine)"
acme plan --partner globex --input "$examples/acme-salesforce.csv" >/dev/null
acme plan update "Salesforce, Inc." --partner globex --status meeting \
  --activity discovery-call --participants "Luis Ortega, Isabela Costa" \
  --next-step "Joint success plan draft" >&2
acme plan --partner globex --input "$examples/acme-salesforce.csv" --format html --output plan.html
acme plan --partner globex --input "$examples/acme-salesforce.csv" --format markdown --output plan.md
echo "The whole plan: $work/plan.md, and as HTML $work/plan.html and $work/report.html (kept with --keep)" >&2

step "acme's co-sell plan with globex: Tier 1"
if [[ "$format" == text ]]; then
  acme plan --partner globex --input "$examples/acme-salesforce.csv" |
    sed '/^Tier 2: Secondary Targets/,$d'
else
  acme plan --partner globex --input "$examples/acme-salesforce.csv" --format "$format"
fi
