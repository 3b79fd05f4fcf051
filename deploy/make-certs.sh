#!/usr/bin/env bash
# Creates a private CA, a broker certificate and (optionally) client
# certificates with the openssl command, for blindmapd's TLS.
#
#   deploy/make-certs.sh OUT_DIR [--host NAME]... [--client PARTY]...
#
# OUT_DIR/ca.crt          give to every client (broker.ca_file in blindmap.yaml)
# OUT_DIR/ca.key          keep offline; signs new certificates
# OUT_DIR/broker.crt/.key tls.cert_file / tls.key_file in blindmapd.yaml
# OUT_DIR/<party>.crt/.key  client certificates (CN = party name)
#
# The broker certificate is valid for localhost, 127.0.0.1, ::1 and every
# --host given (DNS names or IP addresses). Keys are EC P-256, mode 0600.
set -euo pipefail

usage() { sed -n '2,13p' "$0" | sed 's/^# \{0,1\}//'; exit "${1:-0}"; }
[[ $# -ge 1 ]] || usage 2
case "$1" in -h|--help) usage 0 ;; esac
out="$1"; shift
hosts=(); clients=()
while [[ $# -gt 0 ]]; do
  case "$1" in
    --host) hosts+=("$2"); shift 2 ;;
    --client) clients+=("$2"); shift 2 ;;
    -h|--help) usage 0 ;;
    *) echo "make-certs.sh: unknown argument: $1" >&2; usage 2 ;;
  esac
done
command -v openssl >/dev/null || { echo "make-certs.sh: needs the openssl command" >&2; exit 1; }
mkdir -p "$out"
umask 077
days=825

if [[ ! -f "$out/ca.key" ]]; then
  openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes \
    -keyout "$out/ca.key" -out "$out/ca.crt" -days 3650 \
    -subj "/CN=blindmap private CA" \
    -addext "basicConstraints=critical,CA:TRUE" \
    -addext "keyUsage=critical,keyCertSign,cRLSign" 2>/dev/null
fi

san="DNS:localhost,IP:127.0.0.1,IP:::1"
for h in "${hosts[@]+"${hosts[@]}"}"; do
  if [[ "$h" =~ ^[0-9.]+$ || "$h" == *:* ]]; then san+=",IP:$h"; else san+=",DNS:$h"; fi
done

issue() {  # issue NAME CN EXTENSIONS
  openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes \
    -keyout "$out/$1.key" -out "$out/$1.csr" -subj "/CN=$2" 2>/dev/null
  openssl x509 -req -in "$out/$1.csr" -CA "$out/ca.crt" -CAkey "$out/ca.key" \
    -CAcreateserial -out "$out/$1.crt" -days "$days" -extfile <(printf '%s\n' "$3") 2>/dev/null
  rm -f "$out/$1.csr"
}

issue broker "blindmapd" "subjectAltName=$san
keyUsage=critical,digitalSignature
extendedKeyUsage=serverAuth"
for party in "${clients[@]+"${clients[@]}"}"; do
  issue "$party" "$party" "keyUsage=critical,digitalSignature
extendedKeyUsage=clientAuth"
done
chmod 644 "$out/ca.crt" "$out"/*.crt
echo "certificates in $out: ca.crt, broker.crt (SAN $san)${clients[*]:+, clients: ${clients[*]}}"
