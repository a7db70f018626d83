#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
#
# gen.sh - the demo PKI for `mutls demo`, the examples and the handshake tests: two CAs (RSA-2048
# and EC P-256), a localhost server certificate and a client certificate under each, and the
# certificates the refusal tests need (a client from an unrelated CA, an expired client, a client
# without the clientAuth extended key usage). Needs only the openssl 3.x CLI.
#
#   bash vectors/pki/gen.sh            regenerate the committed files next to this script
#   bash vectors/pki/gen.sh DIR        write a fresh PKI of your own into DIR
#
# For your own PKI, these environment variables change the names (defaults in brackets):
#   ORG          organisation in every subject              [mutls demo]
#   SERVER_CN    server common name                         [localhost]
#   SERVER_SAN   server subjectAltName, openssl syntax      [DNS:localhost,IP:127.0.0.1,IP:::1]
#   CLIENT_CN    client common name                         [client]
#   KEY_PASS     password of client-encrypted.key           [mutls-demo]
#
# Every run makes new keys. Validity is fixed: 2025-01-01 to 2125-01-01, except the expired client
# (2025-01-01 to 2025-07-01). Private keys are unencrypted PKCS#8 PEM; client-encrypted.key is the
# RSA client key as encrypted PKCS#8 (PBES2, PBKDF2-HMAC-SHA256, AES-256-CBC; RFC 8018).
# The profiles follow RFC 5280 4.2.1: CAs have basicConstraints cA=TRUE and keyUsage keyCertSign;
# end entities have cA=FALSE, keyUsage digitalSignature (plus keyEncipherment on the RSA server,
# for static-RSA key exchange) and the extended key usage of their role.
set -eu

HERE=$(cd "$(dirname "$0")" && pwd)
OUT=${1:-$HERE}
mkdir -p "$OUT"
OUT=$(cd "$OUT" && pwd)

ORG=${ORG:-mutls demo}
SERVER_CN=${SERVER_CN:-localhost}
export SERVER_SAN=${SERVER_SAN:-DNS:localhost,IP:127.0.0.1,IP:::1}
CLIENT_CN=${CLIENT_CN:-client}
KEY_PASS=${KEY_PASS:-mutls-demo}

START=20250101000000Z
END=21250101000000Z

W=$(mktemp -d)
trap 'rm -rf "$W"' EXIT
mkdir -p "$W/newcerts"
: >"$W/index.txt"
echo 1000 >"$W/serial"

cat >"$W/ca.cnf" <<EOF
[ca]
default_ca = d
[d]
database = $W/index.txt
new_certs_dir = $W/newcerts
serial = $W/serial
policy = pol
unique_subject = no
email_in_dn = no
default_md = sha256
copy_extensions = none
[pol]
countryName = optional
organizationName = optional
organizationalUnitName = optional
commonName = optional
EOF

cat >"$W/ext.cnf" <<'EOF'
[ca]
basicConstraints = critical,CA:TRUE
keyUsage = critical,keyCertSign,cRLSign
subjectKeyIdentifier = hash

[server]
basicConstraints = critical,CA:FALSE
keyUsage = critical,digitalSignature,keyEncipherment
extendedKeyUsage = serverAuth
subjectAltName = ${ENV::SERVER_SAN}
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid

[server_ec]
basicConstraints = critical,CA:FALSE
keyUsage = critical,digitalSignature
extendedKeyUsage = serverAuth
subjectAltName = ${ENV::SERVER_SAN}
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid

[client]
basicConstraints = critical,CA:FALSE
keyUsage = critical,digitalSignature
extendedKeyUsage = clientAuth
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid

[client_server_only]
basicConstraints = critical,CA:FALSE
keyUsage = critical,digitalSignature
extendedKeyUsage = serverAuth
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
EOF

# issue NAME SUBJECT KEYTYPE ISSUER PROFILE [START END]
#   writes NAME.key (PKCS#8) and NAME.pem; KEYTYPE rsa | ec; ISSUER a NAME or "self"
issue() {
    name=$1 subj=$2 type=$3 iss=$4 prof=$5
    case $type in
    rsa) openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$OUT/$name.key" 2>/dev/null ;;
    ec) openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$OUT/$name.key" ;;
    esac
    chmod 600 "$OUT/$name.key"
    openssl req -new -key "$OUT/$name.key" -subj "$subj" -out "$W/req.csr"
    set -- -batch -config "$W/ca.cnf" -notext -preserveDN -in "$W/req.csr" -out "$OUT/$name.pem" \
        -subj "$subj" -extfile "$W/ext.cnf" -extensions "$prof" -md sha256 \
        -startdate "${6:-$START}" -enddate "${7:-$END}"
    if [ "$iss" = self ]; then
        set -- "$@" -selfsign -keyfile "$OUT/$name.key"
    else
        set -- "$@" -keyfile "$OUT/$iss.key" -cert "$OUT/$iss.pem"
    fi
    openssl ca "$@" 2>"$W/ca.log" || { cat "$W/ca.log" >&2; exit 1; }
}

O="/O=$ORG"
issue ca "$O/CN=$ORG CA" rsa self ca
issue ca-ec "$O/CN=$ORG EC CA" ec self ca
issue server "$O/CN=$SERVER_CN" rsa ca server
issue server-ec "$O/CN=$SERVER_CN" ec ca-ec server_ec
issue client "$O/CN=$CLIENT_CN" rsa ca client
issue client-ec "$O/CN=$CLIENT_CN" ec ca-ec client

# for the refusal tests
issue other-ca "/O=Other/CN=Other CA" rsa self ca
issue client-other "/O=Other/CN=$CLIENT_CN" rsa other-ca client
issue client-expired "$O/CN=$CLIENT_CN" rsa ca client 20250101000000Z 20250701000000Z
issue client-noclientauth "$O/CN=$CLIENT_CN" rsa ca client_server_only

# both CAs in one file, for a peer that accepts either
cat "$OUT/ca.pem" "$OUT/ca-ec.pem" >"$OUT/cas.pem"

# the RSA client key again, encrypted (PBES2 with AES-256-CBC, PBKDF2-HMAC-SHA256)
openssl pkcs8 -topk8 -in "$OUT/client.key" -v2 aes-256-cbc -v2prf hmacWithSHA256 \
    -passout "pass:$KEY_PASS" -out "$OUT/client-encrypted.key"
chmod 600 "$OUT/client-encrypted.key"

# Check the result with openssl at a fixed time (2027-01-15) so reruns agree.
T=1800000000
fail=0
check() { # check WANT(ok|fail) ARGS... : openssl verify must agree
    want=$1
    shift
    if openssl verify -attime $T "$@" >"$W/v.log" 2>&1; then got=ok; else got=fail; fi
    if [ "$got" != "$want" ]; then
        echo "gen.sh: openssl verify $*: expected $want, got:" >&2
        cat "$W/v.log" >&2
        fail=1
    fi
}
check ok -CAfile "$OUT/ca.pem" -purpose sslserver -verify_hostname "$SERVER_CN" "$OUT/server.pem"
check ok -CAfile "$OUT/ca-ec.pem" -purpose sslserver -verify_hostname "$SERVER_CN" "$OUT/server-ec.pem"
if [ "$SERVER_SAN" = "DNS:localhost,IP:127.0.0.1,IP:::1" ]; then
    check ok -CAfile "$OUT/ca.pem" -purpose sslserver -verify_ip 127.0.0.1 "$OUT/server.pem"
    check ok -CAfile "$OUT/ca-ec.pem" -purpose sslserver -verify_ip ::1 "$OUT/server-ec.pem"
fi
check ok -CAfile "$OUT/ca.pem" -purpose sslclient "$OUT/client.pem"
check ok -CAfile "$OUT/ca-ec.pem" -purpose sslclient "$OUT/client-ec.pem"
check ok -CAfile "$OUT/cas.pem" -purpose sslclient "$OUT/client-ec.pem"
check fail -CAfile "$OUT/ca.pem" -purpose sslclient "$OUT/client-other.pem"
check fail -CAfile "$OUT/ca.pem" -purpose sslclient "$OUT/client-expired.pem"
check fail -CAfile "$OUT/ca.pem" -purpose sslclient "$OUT/client-noclientauth.pem"
check fail -CAfile "$OUT/ca.pem" -purpose sslclient "$OUT/server.pem"
a=$(openssl pkey -in "$OUT/client.key" -pubout)
b=$(openssl pkey -in "$OUT/client-encrypted.key" -passin "pass:$KEY_PASS" -pubout)
[ "$a" = "$b" ] || { echo "gen.sh: client-encrypted.key does not decrypt to client.key" >&2; fail=1; }
[ "$fail" = 0 ] || exit 1
echo "gen.sh: demo PKI written to $OUT"
