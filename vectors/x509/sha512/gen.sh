#!/bin/sh
# SPDX-License-Identifier: MIT
# A client leaf signed with ecdsa-with-SHA512 (RFC 5758 §3.2) by the demo EC CA
# (vectors/pki/ca-ec.*), for test_x509_verify: mutls verifies it, the SHA-512 digest
# truncated to P-256's 32 octets. The leaf reuses client-ec.key; nothing is generated but the
# certificate. Run from anywhere: sh vectors/x509/sha512/gen.sh
set -eu
D=$(cd "$(dirname "$0")" && pwd)
P=$D/../../pki
W=$(mktemp -d)
trap 'rm -rf "$W"' EXIT
cat >"$W/ext.cnf" <<'X'
[leaf]
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature
extendedKeyUsage = clientAuth
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
X
openssl req -new -key "$P/client-ec.key" -subj "/O=mutls demo/CN=client sha512" -out "$W/req.csr"
openssl x509 -req -in "$W/req.csr" -CA "$P/ca-ec.pem" -CAkey "$P/ca-ec.key" -sha512 \
    -set_serial 0x5a512 -days 36500 -extfile "$W/ext.cnf" -extensions leaf \
    -out "$D/leaf_ecdsa_sha512.pem" 2>/dev/null
openssl x509 -in "$D/leaf_ecdsa_sha512.pem" -noout -text | grep -q "ecdsa-with-SHA512"
