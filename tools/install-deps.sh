#!/usr/bin/env bash
# Installs what blindmap needs to build and test, from Debian's packages.
# Idempotent: does nothing when everything is already installed. Run as root.
set -euo pipefail
packages=(
  build-essential cmake ninja-build pkg-config git openssl ca-certificates
  libgrpc++-dev protobuf-compiler-grpc libprotobuf-dev protobuf-compiler
  librocksdb-dev libabsl-dev libssl-dev libicu-dev libpsl-dev publicsuffix
  libcli11-dev nlohmann-json3-dev libyaml-cpp-dev
  libzip-dev libexpat1-dev libcurl4-openssl-dev
  libgtest-dev libgmock-dev libbenchmark-dev
  clang clang-format libclang-rt-dev
  chromium  # headless, for the tests of the HTML report and plan
)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [[ ${#missing[@]} -eq 0 ]]; then
  exit 0
fi
if [[ $(id -u) -ne 0 ]]; then
  echo "install-deps.sh: missing packages (${missing[*]}); run as root" >&2
  exit 1
fi
echo "installing: ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
