#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
#
# gen.sh - server certificates for the server_name tests (tests/test_conn_sni.c): a server
# with one certificate per host name picks the one the client's server_name (RFC 6066 §3)
# names. All are issued by the demo CAs of vectors/pki (their committed keys), so a client
# trusting vectors/pki/cas.pem accepts each for its own names only:
#   a-rsa      RSA-2048 under ca.pem,    DNS:a.example
#   b-rsa      RSA-2048 under ca.pem,    DNS:b.example
#   wild-ec    P-256    under ca-ec.pem, DNS:*.wild.example
# Every run makes new keys; validity 2025-01-01 to 2125-01-01. Needs the openssl 3.x CLI.
#
#   bash vectors/pki/sni/gen.sh
set -eu

HERE=$(cd "$(dirname "$0")" && pwd)
PKI=$(cd "$HERE/.." && pwd)
W=$(mktemp -d)
trap 'rm -rf "$W"' EXIT
mkdir -p "$W/newcerts"
: >"$W/index.txt"
echo 2000 >"$W/serial"

cat >"$W/ca.cnf" <<CNF
[ca]
default_ca = d
[d]
database = $W/index.txt
new_certs_dir = $W/newcerts
serial = $W/serial
policy = pol
unique_subject = no
default_md = sha256
copy_extensions = none
[pol]
organizationName = optional
commonName = optional
CNF

# issue NAME KEYTYPE ISSUER DNSNAME KEYUSAGE
issue() {
    name=$1 type=$2 iss=$3 dns=$4 ku=$5
    case $type in
    rsa) openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$HERE/$name.key" 2>/dev/null ;;
    ec) openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$HERE/$name.key" ;;
    esac
    cat >"$W/ext.cnf" <<CNF
[e]
basicConstraints = critical,CA:FALSE
keyUsage = critical,$ku
extendedKeyUsage = serverAuth
subjectAltName = DNS:$dns
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
CNF
    openssl req -new -key "$HERE/$name.key" -subj "/O=mutls demo/CN=$dns" -out "$W/req.csr"
    openssl ca -batch -config "$W/ca.cnf" -notext -preserveDN -in "$W/req.csr" \
        -out "$HERE/$name.pem" -extfile "$W/ext.cnf" -extensions e -md sha256 \
        -startdate 20250101000000Z -enddate 21250101000000Z \
        -keyfile "$PKI/$iss.key" -cert "$PKI/$iss.pem" 2>/dev/null
}

issue a-rsa rsa ca a.example digitalSignature,keyEncipherment
issue b-rsa rsa ca b.example digitalSignature,keyEncipherment
issue wild-ec ec ca-ec '*.wild.example' digitalSignature
