#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Regenerates the committed seed corpora under tests/fuzz/corpus/ (needs the openssl and
# gnutls-cli binaries and socat; the tests do not: they only read the committed files).
#   fuzz_der_x509   every certificate under vectors/, as DER
#   fuzz_crl        every CRL under vectors/x509/crl, as DER (the broken DER files as they are)
#   fuzz_pem_keys   every key and certificate file under vectors/keys and vectors/pki
#   fuzz_record, and the hs-* files of fuzz_server_hs / fuzz_client_hs: fuzz_seeds, built in
#                   the fuzz build (deterministic RNG, so the recorded handshakes replay)
#   fuzz_session_load, fuzz_server_resume, fuzz_client_resume: fuzz_seeds too (the sessions
#                   of the resumption fixtures, and resumed handshakes recorded with them)
#   ossl-*, gnutls-* the first flight of real openssl s_client / gnutls-cli clients (server
#                   seeds) and of openssl s_server answering a mutls ClientHello (client seeds),
#                   captured on 127.0.0.1 with socat
# Usage: tests/fuzz/gen-corpus.sh [fuzz build dir, default build-fuzz]
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
build="${1:-$root/build-fuzz}"
corpus="$here/corpus"
pki="$root/vectors/pki"

for t in fuzz_der_x509 fuzz_crl fuzz_pem_keys fuzz_record fuzz_server_hs fuzz_client_hs \
  fuzz_session_load fuzz_server_resume fuzz_client_resume; do
  mkdir -p "$corpus/$t"
  # Keep regression inputs (crash-*, leak-*, timeout-* and min-* files added by hand).
  find "$corpus/$t" -type f \( -name 'hs-*' -o -name 'rec-*' -o -name 'cert-*' \
    -o -name 'crl-*' -o -name 'key-*' -o -name 'ossl-*' -o -name 'gnutls-*' \
    -o -name 'sess-*' \) -delete
done

# ---- certificates: split every PEM file into its certificates, each as DER
n=0
while IFS= read -r f; do
  rel="${f#$root/vectors/}"
  tmp="$(mktemp -d)"
  awk -v dir="$tmp" '/-----BEGIN CERTIFICATE-----/{i++; out=dir "/" i ".pem"} out{print > out}
    /-----END CERTIFICATE-----/{out=""}' "$f"
  for p in "$tmp"/*.pem; do
    [ -e "$p" ] || continue
    name="cert-$(echo "$rel" | tr '/' '_' | sed 's/\.pem$//')-$(basename "$p" .pem)"
    if openssl x509 -in "$p" -outform DER -out "$corpus/fuzz_der_x509/$name" 2>/dev/null; then
      n=$((n + 1))
    fi
  done
  rm -rf "$tmp"
done < <(grep -rl -- '-----BEGIN CERTIFICATE-----' "$root/vectors" | sort)
echo "fuzz_der_x509: $n seeds"

# ---- CRLs: each "X509 CRL" block of a PEM file, and the DER files, under vectors/x509/crl
n=0
for f in "$root"/vectors/x509/crl/*.pem "$root"/vectors/x509/crl/*.der; do
  base="$(basename "$f")"
  case "$base" in
    *.der) cp "$f" "$corpus/fuzz_crl/crl-$base"; n=$((n + 1)); continue ;;
  esac
  grep -q -- '-----BEGIN X509 CRL-----' "$f" || continue
  tmp="$(mktemp -d)"
  awk -v dir="$tmp" '/-----BEGIN X509 CRL-----/{i++; out=dir "/" i ".pem"} out{print > out}
    /-----END X509 CRL-----/{out=""}' "$f"
  for p in "$tmp"/*.pem; do
    if openssl crl -in "$p" -outform DER -out "$corpus/fuzz_crl/crl-${base%.pem}-$(basename "$p" .pem)" 2>/dev/null; then
      n=$((n + 1))
    fi
  done
  rm -rf "$tmp"
done
echo "fuzz_crl: $n seeds"

# ---- keys and certificate files as they are
n=0
for f in "$root"/vectors/keys/* "$root"/vectors/pki/*.key "$root"/vectors/pki/*.pem; do
  case "$f" in *.sh|*.md|*.txt) continue ;; esac
  cp "$f" "$corpus/fuzz_pem_keys/key-$(basename "$(dirname "$f")")-$(basename "$f")"
  n=$((n + 1))
done
echo "fuzz_pem_keys: $n seeds"

# ---- recorded mutls handshakes and sealed records
"$build/tests/fuzz/fuzz_seeds" "$corpus"

# ---- real peers' first flights
port=$((20000 + RANDOM % 20000))
capture_client() { # name, command... : what a client sends to a listener that never answers
  local name="$1"; shift
  local out="$corpus/fuzz_server_hs/$name"
  socat -u "TCP-LISTEN:$port,reuseaddr,bind=127.0.0.1" "OPEN:$out,creat,trunc" &
  local sp=$!
  sleep 0.3
  timeout 2 "$@" </dev/null >/dev/null 2>&1 || true
  kill "$sp" 2>/dev/null || true
  wait "$sp" 2>/dev/null || true
  port=$((port + 1))
  echo "fuzz_server_hs: $name ($(stat -c %s "$out") bytes)"
}
capture_client ossl-s_client-default openssl s_client -connect "127.0.0.1:$port" -tls1_2 \
  -cert "$pki/client.pem" -key "$pki/client.key" -CAfile "$pki/cas.pem"
capture_client ossl-s_client-ecdsa openssl s_client -connect "127.0.0.1:$port" -tls1_2 \
  -cipher ECDHE-ECDSA-AES128-GCM-SHA256 -servername localhost
capture_client ossl-s_client-rsa-kx openssl s_client -connect "127.0.0.1:$port" -tls1_2 \
  -cipher AES128-SHA256
capture_client gnutls-cli-default gnutls-cli --insecure --port "$port" 127.0.0.1 \
  --priority 'NORMAL:-VERS-ALL:+VERS-TLS1.2'

# openssl s_server's first flight in answer to the ClientHello that fuzz_client_hs sends (the
# first record of a recorded mutls client stream: the same bytes, deterministic RNG).
hello="$(mktemp)"
python3 - "$corpus/fuzz_server_hs/hs-ECDHE-RSA-AES128-GCM-SHA256-rsa" "$hello" <<'PY'
import sys
data = open(sys.argv[1], 'rb').read()
n = 5 + int.from_bytes(data[3:5], 'big')
open(sys.argv[2], 'wb').write(data[:n])
PY
for auth in Verify none; do
  args=(-Verify 1)
  [ "$auth" = none ] && args=()
  openssl s_server -accept "127.0.0.1:$port" -tls1_2 -cert "$pki/server.pem" \
    -key "$pki/server.key" -CAfile "$pki/cas.pem" "${args[@]}" -naccept 1 -quiet \
    >/dev/null 2>&1 &
  sp=$!
  sleep 0.5
  out="$corpus/fuzz_client_hs/ossl-s_server-$auth"
  (cat "$hello"; sleep 1) | timeout 3 socat -t 1 - "TCP:127.0.0.1:$port" >"$out" || true
  kill "$sp" 2>/dev/null || true
  wait "$sp" 2>/dev/null || true
  port=$((port + 1))
  echo "fuzz_client_hs: ossl-s_server-$auth ($(stat -c %s "$out") bytes)"
done
rm -f "$hello"
