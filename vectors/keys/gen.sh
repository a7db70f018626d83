#!/bin/sh
# SPDX-License-Identifier: MIT
# Generates the key vectors for tests/test_keys.c with the openssl CLI (OpenSSL 3). The outputs
# are committed; the tests never run openssl. Re-running makes new keys (the tests only rely
# on the files being consistent with one another, never on particular key values).
#
#   rsa2048.pkcs1.pem  rsa2048.pkcs8.pem  rsa2048.pkcs8.der   one RSA-2048 key in three forms
#   rsa4096.pkcs8.pem                                         RSA-4096
#   ec256.sec1.pem  ec256.sec1-params.pem  ec256.pkcs8.pem    one P-256 key (SEC1 without and
#   ec384.sec1.pem  ec384.sec1-params.pem  ec384.pkcs8.pem      with an EC PARAMETERS block)
#   rsa2048.enc-sha256-aes256.pem/.der   PBES2 PBKDF2-HMAC-SHA256 + AES-256-CBC, the RSA-2048 key
#   ec256.enc-sha1-aes128.pem            PBES2 PBKDF2-HMAC-SHA1 + AES-128-CBC, the P-256 key
#   <key>.spki.der  <key>.crt.pem        public key alone (DER SPKI) and a self-signed certificate
#   other.spki.der  other.crt.pem        a different P-256 key (for the mismatch check)
#   rsapss.spki.der                      an RSASSA-PSS public key (SPKI with the PSS OID)
#   secp256k1.sec1.pem secp256k1.pkcs8.pem secp256k1.spki.der   an unsupported curve
#   rsa2048.legacy-enc.pem               "Proc-Type: 4,ENCRYPTED" legacy PEM (unsupported)
#   rsa1024.pkcs8.pem rsa1024.spki.der   a weak key
#   ed25519.pkcs8.pem  p521.pkcs8.pem    an unsupported algorithm and curve
#   ecdsa.openssh                        an OpenSSH private key (ssh-keygen; unsupported format)
# Password of the encrypted keys: mutls-test
set -eu
cd "$(dirname "$0")"
PASS=pass:mutls-test

selfsign() { # key name
    openssl req -x509 -new -key "$1" -subj "/CN=mutls test $2" -days 36500 -sha256 \
        -out "$2.crt.pem" 2>/dev/null
    openssl pkey -in "$1" -pubout -outform DER -out "$2.spki.der"
}

openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out rsa2048.pkcs8.pem 2>/dev/null
openssl pkey -in rsa2048.pkcs8.pem -traditional -out rsa2048.pkcs1.pem
openssl pkey -in rsa2048.pkcs8.pem -outform DER -out rsa2048.pkcs8.der
selfsign rsa2048.pkcs8.pem rsa2048

openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:4096 -out rsa4096.pkcs8.pem 2>/dev/null
selfsign rsa4096.pkcs8.pem rsa4096

for c in 256:prime256v1 384:secp384r1; do
    bits=${c%%:*}
    name=${c#*:}
    openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:"$name" \
        -pkeyopt ec_param_enc:named_curve -out "ec$bits.pkcs8.pem"
    openssl ec -in "ec$bits.pkcs8.pem" -out "ec$bits.sec1.pem" 2>/dev/null
    { openssl ecparam -name "$name"; cat "ec$bits.sec1.pem"; } >"ec$bits.sec1-params.pem"
    selfsign "ec$bits.pkcs8.pem" "ec$bits"
done

openssl pkcs8 -topk8 -in rsa2048.pkcs8.pem -v2 aes-256-cbc -v2prf hmacWithSHA256 \
    -passout "$PASS" -out rsa2048.enc-sha256-aes256.pem
openssl pkcs8 -topk8 -in rsa2048.pkcs8.pem -v2 aes-256-cbc -v2prf hmacWithSHA256 \
    -passout "$PASS" -outform DER -out rsa2048.enc-sha256-aes256.der
openssl pkcs8 -topk8 -in ec256.pkcs8.pem -v2 aes-128-cbc -v2prf hmacWithSHA1 \
    -passout "$PASS" -out ec256.enc-sha1-aes128.pem

openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:prime256v1 -out other.key.pem
selfsign other.key.pem other
rm other.key.pem

openssl genpkey -algorithm RSA-PSS -pkeyopt rsa_keygen_bits:2048 -out rsapss.key.pem 2>/dev/null
openssl pkey -in rsapss.key.pem -pubout -outform DER -out rsapss.spki.der
rm rsapss.key.pem

openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:secp256k1 \
    -pkeyopt ec_param_enc:named_curve -out secp256k1.pkcs8.pem
openssl ec -in secp256k1.pkcs8.pem -out secp256k1.sec1.pem 2>/dev/null
openssl pkey -in secp256k1.pkcs8.pem -pubout -outform DER -out secp256k1.spki.der

openssl rsa -in rsa2048.pkcs8.pem -aes128 -traditional -passout "$PASS" \
    -out rsa2048.legacy-enc.pem 2>/dev/null

openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:1024 -out rsa1024.pkcs8.pem 2>/dev/null
openssl pkey -in rsa1024.pkcs8.pem -pubout -outform DER -out rsa1024.spki.der

openssl genpkey -algorithm ed25519 -out ed25519.pkcs8.pem
openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:secp521r1 \
    -pkeyopt ec_param_enc:named_curve -out p521.pkcs8.pem
rm -f ecdsa.openssh ecdsa.openssh.pub
ssh-keygen -q -t ecdsa -b 256 -N "" -C "mutls test" -f ecdsa.openssh
rm -f ecdsa.openssh.pub
