#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Writes rfc5903.txt: the ECDH known-answer cases of RFC 5903 §8.1 (P-256) and §8.2 (P-384),
# the initiator's and responder's private scalars with the public points and the shared
# point the RFC lists, after checking each number with the openssl CLI (public point of each
# scalar, and the shared secret derived both ways). Used by tests/test_ecc_mul.c; needs only
# openssl to regenerate, nothing at test time.
set -euo pipefail
cd "$(dirname "$0")"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# name curve i gix giy r grx gry girx giry (hex, from the RFC; giry "-" where not copied: the
# shared secret is the x coordinate, which is what openssl can check)
cases=(
"p256 prime256v1
c88f01f510d9ac3f70a292daa2316de544e9aab8afe84049c62a9c57862d1433
dad0b65394221cf9b051e1feca5787d098dfe637fc90b9ef945d0c3772581180
5271a0461cdb8252d61f1c456fa3e59ab1f45b33accf5f58389e0577b8990bb3
c6ef9c5d78ae012a011164acb397ce2088685d8f06bf9be0b283ab46476bee53
d12dfb5289c8d4f81208b70270398c342296970a0bccb74c736fc7554494bf63
56fbf3ca366cc23e8157854c13c58d6aac23f046ada30f8353e74f33039872ab
d6840f6b42f6edafd13116e0e12565202fef8e9ece7dce03812464d04b9442de
522bde0af0d8585b8def9c183b5ae38f50235206a8674ecb5d98edb20eb153a2"
"p384 secp384r1
099f3c7034d4a2c699884d73a375a67f7624ef7c6b3c0f160647b67414dce655e35b538041e649ee3faef896783ab194
667842d7d180ac2cde6f74f37551f55755c7645c20ef73e31634fe72b4c55ee6de3ac808acb4bdb4c88732aee95f41aa
9482ed1fc0eeb9cafc4984625ccfc23f65032149e0e144ada024181535a0f38eeb9fcff3c2c947dae69b4c634573a81c
41cb0779b4bdb85d47846725fbec3c9430fab46cc8dc5060855cc9bda0aa2942e0308312916b8ed2960e4bd55a7448fc
e558dbef53eecde3d3fccfc1aea08a89a987475d12fd950d83cfa41732bc509d0d1ac43a0336def96fda41d0774a3571
dcfbec7aacf3196472169e838430367f66eebe3c6e70c416dd5f0c68759dd1fff83fa40142209dff5eaad96db9e6386c
11187331c279962d93d604243fd592cb9d0a926f422e47187521287e7156c5c4d603135569b9e9d09cf5d4a270f59746
-"
)

# key_pem SCALAR CURVE OUT: an EC private key (RFC 5915) holding SCALAR, with its public point.
key_pem() {
    printf 'asn1=SEQUENCE:k\n[k]\nv=INTEGER:1\nd=FORMAT:HEX,OCTETSTRING:%s\np=EXPLICIT:0,OID:%s\n' \
        "$1" "$2" >"$tmp/k.cnf"
    openssl asn1parse -genconf "$tmp/k.cnf" -out "$tmp/k.der" >/dev/null
    openssl ec -inform DER -in "$tmp/k.der" -out "$3" 2>/dev/null
}

# pub_hex PEM: the uncompressed public point of a key, as hex.
pub_hex() {
    openssl ec -in "$1" -pubout -outform DER 2>/dev/null | tail -c "$2" | od -An -tx1 | tr -d ' \n'
}

out="$tmp/out.txt"
{
    echo "# RFC 5903 §8 ECDH known answers, checked by gen.sh with the openssl CLI."
    echo "# curve, private scalars i and r, public points g^i and g^r (04||x||y), shared point's"
    echo "# x (checked here) and y (P-256 only, as the RFC lists it)."
} >"$out"
for c in "${cases[@]}"; do
    read -r -d '' name curve i gix giy r grx gry girx giry <<<"$c" || true
    len=$(( ${#gix} / 2 * 2 + 1 ))
    key_pem "$i" "$curve" "$tmp/i.pem"
    key_pem "$r" "$curve" "$tmp/r.pem"
    [ "$(pub_hex "$tmp/i.pem" "$len")" = "04$gix$giy" ] || { echo "g^i mismatch ($name)"; exit 1; }
    [ "$(pub_hex "$tmp/r.pem" "$len")" = "04$grx$gry" ] || { echo "g^r mismatch ($name)"; exit 1; }
    openssl ec -in "$tmp/r.pem" -pubout -out "$tmp/rpub.pem" 2>/dev/null
    openssl ec -in "$tmp/i.pem" -pubout -out "$tmp/ipub.pem" 2>/dev/null
    z1=$(openssl pkeyutl -derive -inkey "$tmp/i.pem" -peerkey "$tmp/rpub.pem" | od -An -tx1 | tr -d ' \n')
    z2=$(openssl pkeyutl -derive -inkey "$tmp/r.pem" -peerkey "$tmp/ipub.pem" | od -An -tx1 | tr -d ' \n')
    [ "$z1" = "$girx" ] && [ "$z2" = "$girx" ] || { echo "shared secret mismatch ($name)"; exit 1; }
    {
        echo
        echo "curve = $name"
        echo "i = $i"
        echo "gi = 04$gix$giy"
        echo "r = $r"
        echo "gr = 04$grx$gry"
        echo "gir_x = $girx"
        [ "$giry" = "-" ] || echo "gir_y = $giry"
    } >>"$out"
done
mv "$out" rfc5903.txt
echo "wrote vectors/ecc/rfc5903.txt"
