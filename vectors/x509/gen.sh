#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
#
# gen.sh - regenerate the X.509 test PKI in vectors/x509/ (certificates as PEM, and the
# manifest cases.txt that the X.509 verifier tests walk). Needs only the openssl 3.x CLI and
# coreutils; run it from anywhere:  bash vectors/x509/gen.sh
#
# Every run makes new keys, so the bytes change, but the structure and the expectations in
# cases.txt are the same each time. Private keys stay in a temporary directory and are thrown
# away: the verifier tests need only certificates. Names (RFC 6125), paths, basic constraints,
# path length and name constraints follow RFC 5280 section 6 and 4.2.1.x.
#
# Each case is also run through `openssl verify` (-attime, -purpose, -verify_hostname/-verify_ip)
# and openssl's verdict is written above the record as a comment, so a reader sees at once where
# mutls is intentionally stricter (or reports a different depth) than openssl; those records also
# carry a "# mutls differs:" line saying why.
#
# Certificates are issued with `openssl ca` so notBefore/notAfter are exact fixed dates: good
# certificates are valid 2025-01-01 .. 2125-01-01 and the checks run at 1800000000
# (2027-01-15T08:00:00Z) unless a case says otherwise.
set -eu

HERE=$(cd "$(dirname "$0")" && pwd)
OUT=$HERE
W=$(mktemp -d)
trap 'rm -rf "$W"' EXIT

T=1800000000
GOOD_START=20250101000000Z
GOOD_END=21250101000000Z

# Start from a clean tree (only what this script writes).
for d in roots rsa ec256 ec384 pss mixed deep alt cross time unknown_issuer bad_signature \
    not_a_ca path_too_long names nc unsupported critical malformed weak_key \
    key_usage self_signed; do
    rm -rf "${OUT:?}/$d"
    mkdir -p "$OUT/$d"
done
. "$HERE/gen_lib.sh"
ca_setup 1000

# Extension profiles. SAN and NC come from the environment so one section serves many leaves.
cat >"$W/ext.cnf" <<'EOF'
[root]
basicConstraints = critical,CA:TRUE
keyUsage = critical,keyCertSign,cRLSign
subjectKeyIdentifier = hash

[inter]
basicConstraints = critical,CA:TRUE
keyUsage = critical,keyCertSign,cRLSign
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid

[inter_noakid]
basicConstraints = critical,CA:TRUE
keyUsage = critical,keyCertSign,cRLSign
subjectKeyIdentifier = hash

[inter_pathlen0]
basicConstraints = critical,CA:TRUE,pathlen:0
keyUsage = critical,keyCertSign,cRLSign
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid

[inter_nc]
basicConstraints = critical,CA:TRUE
keyUsage = critical,keyCertSign,cRLSign
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
nameConstraints = critical,${ENV::NC}

[inter_ca_false]
basicConstraints = critical,CA:FALSE
keyUsage = critical,keyCertSign,cRLSign
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid

[inter_no_bc]
keyUsage = critical,keyCertSign,cRLSign
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid

[inter_no_keycertsign]
basicConstraints = critical,CA:TRUE
keyUsage = critical,digitalSignature,cRLSign
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid

[inter_unknown_crit]
basicConstraints = critical,CA:TRUE
keyUsage = critical,keyCertSign,cRLSign
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
1.3.6.1.4.1.55555.1.1 = critical,ASN1:NULL

[server]
basicConstraints = critical,CA:FALSE
keyUsage = critical,digitalSignature
extendedKeyUsage = serverAuth
subjectAltName = ${ENV::SAN}
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid

[server_noakid]
basicConstraints = critical,CA:FALSE
keyUsage = critical,digitalSignature
extendedKeyUsage = serverAuth
subjectAltName = ${ENV::SAN}
subjectKeyIdentifier = hash

[server_nosan]
basicConstraints = critical,CA:FALSE
keyUsage = critical,digitalSignature
extendedKeyUsage = serverAuth
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid

[server_noeku]
basicConstraints = critical,CA:FALSE
keyUsage = critical,digitalSignature
subjectAltName = ${ENV::SAN}
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid

[server_unknown_crit]
basicConstraints = critical,CA:FALSE
keyUsage = critical,digitalSignature
extendedKeyUsage = serverAuth
subjectAltName = ${ENV::SAN}
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
1.3.6.1.4.1.55555.1.1 = critical,ASN1:NULL

[server_unknown_noncrit]
basicConstraints = critical,CA:FALSE
keyUsage = critical,digitalSignature
extendedKeyUsage = serverAuth
subjectAltName = ${ENV::SAN}
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
1.3.6.1.4.1.55555.1.2 = ASN1:NULL

[client]
basicConstraints = critical,CA:FALSE
keyUsage = critical,digitalSignature
extendedKeyUsage = clientAuth
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid

[client_anyeku]
basicConstraints = critical,CA:FALSE
keyUsage = critical,digitalSignature
extendedKeyUsage = anyExtendedKeyUsage
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid

[client_ku_certsign]
basicConstraints = critical,CA:FALSE
keyUsage = critical,keyCertSign
extendedKeyUsage = clientAuth
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid

[selfsigned_leaf]
basicConstraints = critical,CA:FALSE
keyUsage = critical,digitalSignature
extendedKeyUsage = serverAuth
subjectAltName = ${ENV::SAN}
subjectKeyIdentifier = hash
EOF

export SAN=DNS:www.example.com
export NC="permitted;DNS:example.com"

# keyfile, newkey, issue and bundle: gen_lib.sh.

# DER helpers for the damaged certificates.
to_der() { openssl x509 -in "$OUT/$1.pem" -outform DER -out "$2"; }
to_pem() {
    { echo "-----BEGIN CERTIFICATE-----"; base64 -w 64 "$1"; echo "-----END CERTIFICATE-----"; } >"$OUT/$2.pem"
}
# flip_last_byte IN.der: the last byte of a certificate is inside the signature value (the last
# field of the outer SEQUENCE), so the structure stays valid and only the signature breaks.
flip_last_byte() {
    n=$(($(stat -c %s "$1") - 1))
    b=$(od -An -tu1 -j "$n" -N1 "$1" | tr -d ' ')
    printf "\\$(printf %03o $((b ^ 1)))" | dd of="$1" bs=1 seek="$n" conv=notrunc 2>/dev/null
}

S="/O=mutls test"

#
# Trust anchors
#
issue roots/rsa_root "$S/CN=mutls Test RSA Root" rsa2048 self root
issue roots/ec256_root "$S/CN=mutls Test EC P-256 Root" p256 self root
issue roots/ec384_root "$S/CN=mutls Test EC P-384 Root" p384 self root sha384
SIGOPT="rsa_padding_mode:pss rsa_pss_saltlen:32" \
    issue roots/pss_root "$S/CN=mutls Test PSS Root" rsa2048 self root
issue roots/sha1_root "$S/CN=mutls Test SHA-1 Root" rsa2048 self root sha1
issue roots/other_root "$S/CN=mutls Test Other Root" rsa2048 self root
issue roots/new_root "$S/CN=mutls Test New Root" rsa2048 self root
bundle roots/all.pem roots/other_root roots/ec384_root roots/ec256_root roots/rsa_root

#
# Good chains
#
issue rsa/inter "$S/CN=mutls Test RSA Inter" rsa2048 roots/rsa_root inter
issue rsa/leaf "$S/CN=www.example.com" rsa2048 rsa/inter server
issue rsa/leaf_sha384 "$S/CN=www.example.com" rsa2048 rsa/inter server sha384
issue rsa/leaf_sha512 "$S/CN=www.example.com" rsa2048 rsa/inter server sha512
issue rsa/leaf_noeku "$S/CN=www.example.com" rsa2048 rsa/inter server_noeku
issue rsa/leaf_client "$S/CN=client" rsa2048 rsa/inter client
issue rsa/leaf_anyeku "$S/CN=client any" rsa2048 rsa/inter client_anyeku
SAN=IP:192.0.2.1 issue rsa/leaf_ipv4 "$S/CN=ipv4 host" rsa2048 rsa/inter server
SAN=IP:2001:db8::1 issue rsa/leaf_ipv6 "$S/CN=ipv6 host" rsa2048 rsa/inter server
SAN="DNS:*.example.com" issue rsa/leaf_wildcard "$S/CN=wildcard" rsa2048 rsa/inter server
issue rsa/leaf_cn_only "$S/CN=www.example.com" rsa2048 rsa/inter server_nosan
issue rsa/leaf_unknown_noncrit "$S/CN=www.example.com" rsa2048 rsa/inter server_unknown_noncrit
SAN=DNS:www.example.com,DNS:api.example.com,IP:192.0.2.9 \
    issue rsa/leaf_multi "$S/CN=multi" rsa2048 rsa/inter server

issue ec256/inter "$S/CN=mutls Test EC P-256 Inter" p256 roots/ec256_root inter
issue ec256/leaf "$S/CN=www.example.com" p256 ec256/inter server
issue ec384/inter "$S/CN=mutls Test EC P-384 Inter" p384 roots/ec384_root inter sha384
issue ec384/leaf "$S/CN=www.example.com" p384 ec384/inter server sha384

export SIGOPT="rsa_padding_mode:pss rsa_pss_saltlen:32"
issue pss/inter "$S/CN=mutls Test PSS Inter" rsa2048 roots/pss_root inter
issue pss/leaf "$S/CN=www.example.com" rsa2048 pss/inter server
SIGOPT="rsa_padding_mode:pss rsa_pss_saltlen:48" \
    issue pss/leaf_sha384 "$S/CN=www.example.com" rsa2048 pss/inter server sha384
unset SIGOPT

issue mixed/inter "$S/CN=mutls Test Mixed EC Inter" p256 roots/rsa_root inter sha384
issue mixed/leaf "$S/CN=www.example.com" p256 mixed/inter server

# root -> inter1 -> inter2 -> leaf (anchor at depth 3)
issue deep/inter1 "$S/CN=mutls Test Deep Inter 1" rsa2048 roots/rsa_root inter
issue deep/inter2 "$S/CN=mutls Test Deep Inter 2" rsa2048 deep/inter1 inter
issue deep/leaf "$S/CN=www.example.com" p256 deep/inter2 server
bundle deep/chain.pem deep/inter2 deep/inter1
# out of order, with an unrelated certificate between them
bundle deep/chain_shuffled.pem deep/inter1 ec256/inter deep/inter2

# two intermediates with one subject; the first in the file has the wrong key. The leaf has no
# authorityKeyIdentifier, so only the signature tells them apart.
issue alt/inter_real "$S/CN=mutls Test Alt Inter" rsa2048 roots/rsa_root inter_noakid
issue alt/inter_fake "$S/CN=mutls Test Alt Inter" rsa2048 roots/rsa_root inter_noakid
issue alt/leaf "$S/CN=www.example.com" rsa2048 alt/inter_real server_noakid
bundle alt/chain_fake_first.pem alt/inter_fake alt/inter_real

# cross-signing: "New Root" is an anchor of its own and is also certified by the RSA root.
issue cross/new_root_cross "$S/CN=mutls Test New Root" @roots/new_root roots/rsa_root inter
issue cross/inter "$S/CN=mutls Test Cross Inter" rsa2048 roots/new_root inter
issue cross/leaf "$S/CN=www.example.com" rsa2048 cross/inter server
bundle cross/chain.pem cross/new_root_cross cross/inter

# 8 intermediates below the root (anchor at depth 9) and 9 (anchor at depth 10).
prev=roots/ec256_root
for i in 1 2 3 4 5 6 7 8 9; do
    issue "path_too_long/deep$i" "$S/CN=mutls Test Long Chain Inter $i" p256 "$prev" inter
    prev=path_too_long/deep$i
done
issue path_too_long/leaf8 "$S/CN=www.example.com" p256 path_too_long/deep8 server
issue path_too_long/leaf9 "$S/CN=www.example.com" p256 path_too_long/deep9 server
bundle path_too_long/chain8.pem path_too_long/deep8 path_too_long/deep7 path_too_long/deep6 \
    path_too_long/deep5 path_too_long/deep4 path_too_long/deep3 path_too_long/deep2 path_too_long/deep1
bundle path_too_long/chain9.pem path_too_long/deep9 path_too_long/deep8 path_too_long/deep7 \
    path_too_long/deep6 path_too_long/deep5 path_too_long/deep4 path_too_long/deep3 \
    path_too_long/deep2 path_too_long/deep1

# pathLenConstraint 0: fine directly above the leaf, violated by one more intermediate.
issue path_too_long/pl0 "$S/CN=mutls Test PathLen0 Inter" rsa2048 roots/rsa_root inter_pathlen0
issue path_too_long/pl0_leaf "$S/CN=www.example.com" rsa2048 path_too_long/pl0 server
issue path_too_long/pl0_sub "$S/CN=mutls Test Below PathLen0" rsa2048 path_too_long/pl0 inter
issue path_too_long/pl0_sub_leaf "$S/CN=www.example.com" rsa2048 path_too_long/pl0_sub server
bundle path_too_long/pl0_chain.pem path_too_long/pl0_sub path_too_long/pl0

#
# Validity
#
START=20250101000000Z END=20260101000000Z \
    issue time/expired_leaf "$S/CN=www.example.com" rsa2048 rsa/inter server
START=20300101000000Z \
    issue time/nyv_leaf "$S/CN=www.example.com" rsa2048 rsa/inter server
START=20250101000000Z END=20260101000000Z \
    issue time/expired_inter "$S/CN=mutls Test Expired Inter" rsa2048 roots/rsa_root inter
issue time/expired_inter_leaf "$S/CN=www.example.com" rsa2048 time/expired_inter server
START=20300101000000Z \
    issue time/nyv_inter "$S/CN=mutls Test Future Inter" rsa2048 roots/rsa_root inter
issue time/nyv_inter_leaf "$S/CN=www.example.com" rsa2048 time/nyv_inter server
# notBefore and notAfter both equal to 1800000000 (2027-01-15 08:00:00Z): RFC 5280 4.1.2.5 says
# the validity period is inclusive at both ends.
START=20270115080000Z END=20270115080000Z \
    issue time/edge_leaf "$S/CN=www.example.com" rsa2048 rsa/inter server

#
# One chain per failure reason
#
# bad signature: leaf signature bytes altered; intermediate signature bytes altered
to_der rsa/leaf "$W/x.der"
flip_last_byte "$W/x.der"
to_pem "$W/x.der" bad_signature/leaf
to_der ec256/leaf "$W/x.der"
flip_last_byte "$W/x.der"
to_pem "$W/x.der" bad_signature/ec_leaf
to_der rsa/inter "$W/x.der"
flip_last_byte "$W/x.der"
to_pem "$W/x.der" bad_signature/inter

# CA checks on the intermediate
issue not_a_ca/inter_ca_false "$S/CN=mutls Test Not CA" rsa2048 roots/rsa_root inter_ca_false
issue not_a_ca/leaf_ca_false "$S/CN=www.example.com" rsa2048 not_a_ca/inter_ca_false server
issue not_a_ca/inter_no_bc "$S/CN=mutls Test No BC" rsa2048 roots/rsa_root inter_no_bc
issue not_a_ca/leaf_no_bc "$S/CN=www.example.com" rsa2048 not_a_ca/inter_no_bc server
issue not_a_ca/inter_no_keycertsign "$S/CN=mutls Test No KeyCertSign" rsa2048 roots/rsa_root inter_no_keycertsign
issue not_a_ca/leaf_no_keycertsign "$S/CN=www.example.com" rsa2048 not_a_ca/inter_no_keycertsign server

# names
SAN=DNS:alt.example.com issue names/leaf_cn_ignored "$S/CN=www.example.com" rsa2048 rsa/inter server
SAN=DNS:192.0.2.1 issue names/leaf_ip_as_dns "$S/CN=192.0.2.1" rsa2048 rsa/inter server

# name constraints on an intermediate
NC="permitted;DNS:example.com" \
    issue nc/inter_dns_permit "$S/CN=mutls Test NC DNS Permit" rsa2048 roots/rsa_root inter_nc
issue nc/leaf_dns_permit_ok "$S/CN=www.example.com" rsa2048 nc/inter_dns_permit server
SAN=DNS:www.example.org issue nc/leaf_dns_permit_bad "$S/CN=www.example.org" rsa2048 nc/inter_dns_permit server
SAN=DNS:www.badexample.com issue nc/leaf_dns_label_bad "$S/CN=www.badexample.com" rsa2048 nc/inter_dns_permit server
SAN=DNS:www.example.com,DNS:www.example.net \
    issue nc/leaf_dns_second_bad "$S/CN=www.example.com" rsa2048 nc/inter_dns_permit server
SAN=DNS:www.example.com,IP:198.51.100.1 \
    issue nc/leaf_dns_ip_unconstrained "$S/CN=www.example.com" rsa2048 nc/inter_dns_permit server
NC="excluded;DNS:bad.example.com" \
    issue nc/inter_dns_exclude "$S/CN=mutls Test NC DNS Exclude" rsa2048 roots/rsa_root inter_nc
SAN=DNS:x.bad.example.com issue nc/leaf_dns_exclude_bad "$S/CN=x.bad.example.com" rsa2048 nc/inter_dns_exclude server
SAN=DNS:x.notbad.example.com issue nc/leaf_dns_exclude_ok "$S/CN=x.notbad.example.com" rsa2048 nc/inter_dns_exclude server
NC="permitted;IP:192.0.2.0/255.255.255.0,permitted;IP:2001:db8::/ffff:ffff::" \
    issue nc/inter_ip_permit "$S/CN=mutls Test NC IP Permit" rsa2048 roots/rsa_root inter_nc
SAN=IP:192.0.2.7 issue nc/leaf_ip_permit_ok "$S/CN=ip ok" rsa2048 nc/inter_ip_permit server
SAN=IP:198.51.100.7 issue nc/leaf_ip_permit_bad "$S/CN=ip bad" rsa2048 nc/inter_ip_permit server
SAN=IP:2001:db9::1 issue nc/leaf_ipv6_permit_bad "$S/CN=ipv6 bad" rsa2048 nc/inter_ip_permit server
NC="excluded;IP:192.0.2.0/255.255.255.0" \
    issue nc/inter_ip_exclude "$S/CN=mutls Test NC IP Exclude" rsa2048 roots/rsa_root inter_nc
SAN=IP:192.0.2.7 issue nc/leaf_ip_exclude_bad "$S/CN=ip excluded" rsa2048 nc/inter_ip_exclude server
# constraint two levels up: root -> nc inter -> plain inter -> leaf
issue nc/sub_inter "$S/CN=mutls Test NC Sub Inter" rsa2048 nc/inter_dns_permit inter
SAN=DNS:www.example.org issue nc/sub_leaf_bad "$S/CN=www.example.org" rsa2048 nc/sub_inter server
bundle nc/sub_chain.pem nc/sub_inter nc/inter_dns_permit

# algorithms
issue unsupported/leaf_sha1 "$S/CN=www.example.com" rsa2048 rsa/inter server sha1
issue unsupported/inter_md5 "$S/CN=mutls Test MD5 Inter" rsa2048 roots/rsa_root inter md5
issue unsupported/inter_md5_leaf "$S/CN=www.example.com" rsa2048 unsupported/inter_md5 server
issue unsupported/sha1root_inter "$S/CN=mutls Test Under SHA-1 Root" rsa2048 roots/sha1_root inter
issue unsupported/sha1root_leaf "$S/CN=www.example.com" rsa2048 unsupported/sha1root_inter server

# critical extensions
issue critical/leaf "$S/CN=www.example.com" rsa2048 rsa/inter server_unknown_crit
issue critical/inter "$S/CN=mutls Test Critical Inter" rsa2048 roots/rsa_root inter_unknown_crit
issue critical/inter_leaf "$S/CN=www.example.com" rsa2048 critical/inter server

# weak keys
issue weak_key/leaf "$S/CN=www.example.com" rsa1024 rsa/inter server
issue weak_key/inter "$S/CN=mutls Test Weak Inter" rsa1024 roots/rsa_root inter
issue weak_key/inter_leaf "$S/CN=www.example.com" rsa2048 weak_key/inter server

# key usage: a client leaf whose keyUsage is keyCertSign only
issue key_usage/leaf "$S/CN=client" rsa2048 rsa/inter client_ku_certsign

# self-signed end-entity
issue self_signed/leaf "$S/CN=www.example.com" p256 self selfsigned_leaf

# unknown issuer: leaf of a chain under a root nobody trusts
issue unknown_issuer/inter "$S/CN=mutls Test RSA Inter" rsa2048 roots/other_root inter
issue unknown_issuer/leaf "$S/CN=www.example.com" rsa2048 unknown_issuer/inter server

# malformed DER (each still armoured as PEM)
to_der rsa/leaf "$W/good.der"
len=$(stat -c %s "$W/good.der")
# outer SEQUENCE length one larger than the bytes present
cp "$W/good.der" "$W/x.der"
b=$(od -An -tu1 -j 3 -N1 "$W/x.der" | tr -d ' ')
printf "\\$(printf %03o $(((b + 1) & 255)))" | dd of="$W/x.der" bs=1 seek=3 conv=notrunc 2>/dev/null
to_pem "$W/x.der" malformed/leaf_bad_length
# truncated by 16 bytes
head -c $((len - 16)) "$W/good.der" >"$W/x.der"
to_pem "$W/x.der" malformed/leaf_truncated
# trailing garbage after the certificate SEQUENCE
{ cat "$W/good.der"; printf '\000\000'; } >"$W/x.der"
to_pem "$W/x.der" malformed/leaf_trailing
# outer length in a non-minimal long form (0x83 00 hi lo): BER, not DER (X.690 10.1)
{ printf '\060\203\000'; tail -c +3 "$W/good.der"; } >"$W/x.der"
to_pem "$W/x.der" malformed/leaf_nonminimal_length
# outer tag changed from SEQUENCE (0x30) to SET (0x31)
{ printf '\061'; tail -c +2 "$W/good.der"; } >"$W/x.der"
to_pem "$W/x.der" malformed/leaf_bad_tag

#
# The manifest
#
M=$OUT/cases.txt
cat >"$M" <<'EOF'
# SPDX-License-Identifier: MIT
# X.509 chain-verification cases, generated by vectors/x509/gen.sh; do not edit by hand.
# Records of "key = value" lines separated by blank lines; paths are relative to vectors/x509/.
#   name       unique case name
#   leaf       end-entity certificate (PEM)
#   untrusted  optional PEM file with intermediates (any order, extras allowed)
#   roots      PEM file with one or more trust anchors
#   purpose    server | client  (leaf EKU must allow serverAuth / clientAuth)
#   host | ip  optional reference identity (RFC 6125)
#   time       unix seconds of the check
#   expect     ok, or the reason name
#   depth      depth of the failing certificate (0 = leaf), only when expect is not ok
#
# Conventions chosen here (the verifier follows them):
# - Depth limit 8 means at most 8 intermediates between the leaf and the anchor (openssl's
#   -verify_depth 8, which the cross-check uses); a 9th is path_too_long at its depth, 9.
# - path_too_long from pathLenConstraint is reported at the depth of the first CA certificate
#   the constraint does not allow (RFC 5280 6.1.4 (l) fails while preparing for it); openssl
#   reports the depth of the certificate that carries the constraint.
# - unknown_issuer is reported at the depth of the last certificate of the partial path.
# - bad_signature is reported at the depth of the certificate whose signature fails.
# - A CA whose keyUsage lacks keyCertSign is not_a_ca (RFC 5280 4.2.1.3).
# - Validity is inclusive at both ends (RFC 5280 4.1.2.5); openssl treats time == notAfter as
#   expired.
# - The trust anchor's own signature is never checked, so a SHA-1
#   self-signed root is fine; SHA-1/MD5 anywhere else is unsupported_algorithm.
EOF

# ossl_reason and add (the cross-check with openssl verify and the record): gen_lib.sh.
FAIL=0
H=host=www.example.com
R=roots/rsa_root.pem
RI=rsa/inter.pem

echo "# ---- good chains" >>"$M"
echo >>"$M"
add rsa_chain_ok rsa/leaf.pem $RI $R server $H $T ok -
add rsa_sha384_ok rsa/leaf_sha384.pem $RI $R server $H $T ok -
add rsa_sha512_ok rsa/leaf_sha512.pem $RI $R server $H $T ok -
add rsa_chain_many_roots_ok rsa/leaf.pem $RI roots/all.pem server $H $T ok -
add ec256_chain_ok ec256/leaf.pem ec256/inter.pem roots/ec256_root.pem server $H $T ok -
add ec384_chain_ok ec384/leaf.pem ec384/inter.pem roots/ec384_root.pem server $H $T ok -
add pss_chain_ok pss/leaf.pem pss/inter.pem roots/pss_root.pem server $H $T ok -
add pss_sha384_salt48_ok pss/leaf_sha384.pem pss/inter.pem roots/pss_root.pem server $H $T ok -
add mixed_rsa_root_ec_leaf_ok mixed/leaf.pem mixed/inter.pem $R server $H $T ok -
add depth3_ok deep/leaf.pem deep/chain.pem $R server $H $T ok -
add out_of_order_extra_ok deep/leaf.pem deep/chain_shuffled.pem $R server $H $T ok -
add client_purpose_ok rsa/leaf_client.pem $RI $R client - $T ok -
add no_eku_server_ok rsa/leaf_noeku.pem $RI $R server $H $T ok -
add no_eku_client_ok rsa/leaf_noeku.pem $RI $R client - $T ok -
add any_eku_client_ok rsa/leaf_anyeku.pem $RI $R client - $T ok - \
    "anyExtendedKeyUsage allows every purpose (RFC 5280 4.2.1.12); openssl's sslclient purpose does not accept it"
add ipv4_san_ok rsa/leaf_ipv4.pem $RI $R server ip=192.0.2.1 $T ok -
add ipv6_san_ok rsa/leaf_ipv6.pem $RI $R server ip=2001:db8::1 $T ok -
add ipv6_san_long_form_ok rsa/leaf_ipv6.pem $RI $R server ip=2001:0db8:0:0:0:0:0:1 $T ok -
add wildcard_ok rsa/leaf_wildcard.pem $RI $R server host=foo.example.com $T ok -
add host_case_ok rsa/leaf.pem $RI $R server host=WWW.Example.COM $T ok -
add host_trailing_dot_ok rsa/leaf.pem $RI $R server host=www.example.com. $T ok - \
    "a trailing dot on the reference host is ignored (absolute DNS name); openssl refuses it"
add cn_only_no_san_ok rsa/leaf_cn_only.pem $RI $R server $H $T ok -
add multi_san_second_dns_ok rsa/leaf_multi.pem $RI $R server host=api.example.com $T ok -
add multi_san_ip_ok rsa/leaf_multi.pem $RI $R server ip=192.0.2.9 $T ok -
add no_host_check_ok rsa/leaf.pem $RI $R server - $T ok -
add unknown_noncritical_ext_ok rsa/leaf_unknown_noncrit.pem $RI $R server $H $T ok -
add sha1_root_anchor_ok unsupported/sha1root_leaf.pem unsupported/sha1root_inter.pem roots/sha1_root.pem server $H $T ok -
add pathlen0_direct_leaf_ok path_too_long/pl0_leaf.pem path_too_long/pl0.pem $R server $H $T ok -
add depth_limit_8_inters_ok path_too_long/leaf8.pem path_too_long/chain8.pem roots/ec256_root.pem server $H $T ok -
add self_signed_anchor_ok self_signed/leaf.pem - self_signed/leaf.pem server $H $T ok -
add alt_path_wrong_key_first_ok alt/leaf.pem alt/chain_fake_first.pem $R server $H $T ok -
add cross_signed_old_root_ok cross/leaf.pem cross/chain.pem $R server $H $T ok -
add cross_signed_new_root_ok cross/leaf.pem cross/chain.pem roots/new_root.pem server $H $T ok -
add validity_edge_inclusive_ok time/edge_leaf.pem $RI $R server $H $T ok - \
    "time == notBefore == notAfter is inside the validity period (RFC 5280 4.1.2.5, inclusive); openssl says expired"
add nc_dns_permitted_ok nc/leaf_dns_permit_ok.pem nc/inter_dns_permit.pem $R server $H $T ok -
add nc_dns_only_ip_unconstrained_ok nc/leaf_dns_ip_unconstrained.pem nc/inter_dns_permit.pem $R server $H $T ok -
add nc_dns_excluded_sibling_ok nc/leaf_dns_exclude_ok.pem nc/inter_dns_exclude.pem $R server host=x.notbad.example.com $T ok -
add nc_ip_permitted_ok nc/leaf_ip_permit_ok.pem nc/inter_ip_permit.pem $R server ip=192.0.2.7 $T ok -

echo "# ---- failures" >>"$M"
echo >>"$M"
add expired_leaf time/expired_leaf.pem $RI $R server $H $T expired 0
add expired_inter time/expired_inter_leaf.pem time/expired_inter.pem $R server $H $T expired 1
add expired_one_second_after time/edge_leaf.pem $RI $R server $H $((T + 1)) expired 0
add not_yet_valid_leaf time/nyv_leaf.pem $RI $R server $H $T not_yet_valid 0
add not_yet_valid_inter time/nyv_inter_leaf.pem time/nyv_inter.pem $R server $H $T not_yet_valid 1
add not_yet_valid_one_second_before time/edge_leaf.pem $RI $R server $H $((T - 1)) not_yet_valid 0
add unknown_issuer_missing_inter rsa/leaf.pem - $R server $H $T unknown_issuer 0
add unknown_issuer_untrusted_root unknown_issuer/leaf.pem unknown_issuer/inter.pem $R server $H $T unknown_issuer 1
add unknown_issuer_wrong_anchor rsa/leaf.pem $RI roots/ec256_root.pem server $H $T unknown_issuer 1
add bad_signature_leaf bad_signature/leaf.pem $RI $R server $H $T bad_signature 0
add bad_signature_ec_leaf bad_signature/ec_leaf.pem ec256/inter.pem roots/ec256_root.pem server $H $T bad_signature 0
add bad_signature_inter rsa/leaf.pem bad_signature/inter.pem $R server $H $T bad_signature 1
add bad_signature_rekeyed_inter alt/leaf.pem alt/inter_fake.pem $R server $H $T bad_signature 0 \
    "the only issuer candidate fails the signature check: mutls reports bad_signature at the leaf; openssl drops the candidate and reports unable to get local issuer"
add not_a_ca_ca_false not_a_ca/leaf_ca_false.pem not_a_ca/inter_ca_false.pem $R server $H $T not_a_ca 1
add not_a_ca_no_basic_constraints not_a_ca/leaf_no_bc.pem not_a_ca/inter_no_bc.pem $R server $H $T not_a_ca 1
add not_a_ca_no_keycertsign not_a_ca/leaf_no_keycertsign.pem not_a_ca/inter_no_keycertsign.pem $R server $H $T not_a_ca 1
add path_too_long_pathlen0 path_too_long/pl0_sub_leaf.pem path_too_long/pl0_chain.pem $R server $H $T path_too_long 1 \
    "reported at the first CA the constraint does not allow (depth 1); openssl names the certificate carrying pathLen=0 (depth 2)"
add path_too_long_depth_limit path_too_long/leaf9.pem path_too_long/chain9.pem roots/ec256_root.pem server $H $T path_too_long 9
add name_mismatch_dns rsa/leaf.pem $RI $R server host=other.example.com $T name_mismatch 0
add name_mismatch_cn_ignored_with_san names/leaf_cn_ignored.pem $RI $R server $H $T name_mismatch 0
add name_mismatch_wildcard_apex rsa/leaf_wildcard.pem $RI $R server host=example.com $T name_mismatch 0
add name_mismatch_wildcard_two_labels rsa/leaf_wildcard.pem $RI $R server host=a.b.example.com $T name_mismatch 0
add name_mismatch_ipv4 rsa/leaf_ipv4.pem $RI $R server ip=192.0.2.2 $T name_mismatch 0
add name_mismatch_ipv6 rsa/leaf_ipv6.pem $RI $R server ip=2001:db8::2 $T name_mismatch 0
add name_mismatch_ip_vs_dns_san names/leaf_ip_as_dns.pem $RI $R server ip=192.0.2.1 $T name_mismatch 0
add name_mismatch_dns_host_vs_ip_san rsa/leaf_ipv4.pem $RI $R server host=192.0.2.1 $T name_mismatch 0 \
    "a host that is an IP literal only matches iPAddress SANs; openssl's -verify_hostname compares it as a DNS name"
add purpose_mismatch_server_leaf_as_client rsa/leaf.pem $RI $R client - $T purpose_mismatch 0
add purpose_mismatch_client_leaf_as_server rsa/leaf_client.pem $RI $R server - $T purpose_mismatch 0
add nc_dns_permitted_violation nc/leaf_dns_permit_bad.pem nc/inter_dns_permit.pem $R server host=www.example.org $T name_constraint_violated 0
add nc_dns_label_boundary_violation nc/leaf_dns_label_bad.pem nc/inter_dns_permit.pem $R server host=www.badexample.com $T name_constraint_violated 0
add nc_dns_second_san_violation nc/leaf_dns_second_bad.pem nc/inter_dns_permit.pem $R server $H $T name_constraint_violated 0
add nc_dns_excluded_violation nc/leaf_dns_exclude_bad.pem nc/inter_dns_exclude.pem $R server host=x.bad.example.com $T name_constraint_violated 0
add nc_ip_permitted_violation nc/leaf_ip_permit_bad.pem nc/inter_ip_permit.pem $R server ip=198.51.100.7 $T name_constraint_violated 0
add nc_ipv6_permitted_violation nc/leaf_ipv6_permit_bad.pem nc/inter_ip_permit.pem $R server ip=2001:db9::1 $T name_constraint_violated 0
add nc_ip_excluded_violation nc/leaf_ip_exclude_bad.pem nc/inter_ip_exclude.pem $R server ip=192.0.2.7 $T name_constraint_violated 0
add nc_two_levels_up_violation nc/sub_leaf_bad.pem nc/sub_chain.pem $R server host=www.example.org $T name_constraint_violated 0
add unsupported_sha1_leaf unsupported/leaf_sha1.pem $RI $R server $H $T unsupported_algorithm 0 \
    "SHA-1 signatures are refused below the anchor; openssl verify (no auth level set) accepts them"
add unsupported_md5_inter unsupported/inter_md5_leaf.pem unsupported/inter_md5.pem $R server $H $T unsupported_algorithm 1 \
    "MD5 signatures are refused below the anchor; openssl verify (no auth level set) accepts them"
add unknown_critical_extension_leaf critical/leaf.pem $RI $R server $H $T unknown_critical_extension 0
add unknown_critical_extension_inter critical/inter_leaf.pem critical/inter.pem $R server $H $T unknown_critical_extension 1
add malformed_bad_length malformed/leaf_bad_length.pem $RI $R server $H $T malformed 0
add malformed_truncated malformed/leaf_truncated.pem $RI $R server $H $T malformed 0
add malformed_trailing_bytes malformed/leaf_trailing.pem $RI $R server $H $T malformed 0 \
    "bytes after the certificate SEQUENCE are refused; openssl ignores them"
add malformed_nonminimal_length malformed/leaf_nonminimal_length.pem $RI $R server $H $T malformed 0 \
    "a non-minimal length is BER, not DER (X.690 10.1); openssl accepts it"
add malformed_bad_tag malformed/leaf_bad_tag.pem $RI $R server $H $T malformed 0
add weak_key_leaf weak_key/leaf.pem $RI $R server $H $T weak_key 0 \
    "RSA keys under 2048 bits are refused; openssl verify (no auth level set) accepts 1024"
add weak_key_inter weak_key/inter_leaf.pem weak_key/inter.pem $R server $H $T weak_key 1 \
    "RSA keys under 2048 bits are refused; openssl verify (no auth level set) accepts 1024"
add key_usage_mismatch_client key_usage/leaf.pem $RI $R client - $T key_usage_mismatch 0 \
    "a leaf keyUsage without digitalSignature is key_usage_mismatch; openssl calls it a purpose failure"
add self_signed_leaf self_signed/leaf.pem - $R server $H $T self_signed 0

if [ "$FAIL" != 0 ]; then
    echo "gen.sh: some expectations disagree with openssl without an explanation (see above)" >&2
    exit 1
fi
echo "gen.sh: wrote $(grep -c '^name = ' "$M") cases to $M"
# The RFC 5280 / RFC 6125 audit cases have their own PKI and manifest (audit/).
bash "$HERE/gen_audit.sh"
