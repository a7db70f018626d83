#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
#
# gen_audit.sh - the RFC 5280 / RFC 6125 conformance cases of the verifier audit: a PKI of its
# own under vectors/x509/audit/ and the manifest audit/cases.txt (same record format as
# cases.txt, walked by tests/test_x509_verify.c). gen.sh runs this at its end; it can also run
# alone, and then rewrites only audit/. Needs the openssl 3.x CLI and coreutils.
#
# Each case is cross-checked with `openssl verify -x509_strict` (openssl's verdict is written
# above the record); where mutls means to differ, the record says why with "# mutls differs:".
# Certificates are valid 2025-01-01 .. 2125-01-01 unless a case says otherwise, and checked at
# 1800000000 (2027-01-15T08:00:00Z).
set -eu

HERE=$(cd "$(dirname "$0")" && pwd)
OUT=$HERE
W=$(mktemp -d)
trap 'rm -rf "$W"' EXIT

T=1800000000
GOOD_START=20250101000000Z
GOOD_END=21250101000000Z

rm -rf "${OUT:?}/audit"
mkdir -p "$OUT/audit"
. "$HERE/gen_lib.sh"
ca_setup 5000

# Extension profiles, each written as the lines that make it (SAN, NC and EKU come from the
# environment so one profile serves many certificates).
CA_BC="basicConstraints = critical,CA:TRUE"
CA_KU="keyUsage = critical,keyCertSign,cRLSign"
EE_BC="basicConstraints = critical,CA:FALSE"
EE_KU="keyUsage = critical,digitalSignature"
EE_EKU="extendedKeyUsage = serverAuth"
SAN_L='subjectAltName = ${ENV::SAN}'
SKI="subjectKeyIdentifier = hash"
AKI="authorityKeyIdentifier = keyid"
# profile NAME LINE...: one section of ext.cnf.
profile() {
    echo "[$1]"
    shift
    printf '%s\n' "$@" ""
} >>"$W/ext.cnf"
: >"$W/ext.cnf"
profile root "$CA_BC" "$CA_KU" "$SKI"
profile root_no_bc "$CA_KU" "$SKI"
profile root_pathlen0 "$CA_BC,pathlen:0" "$CA_KU" "$SKI"
profile inter "$CA_BC" "$CA_KU" "$SKI" "$AKI"
profile inter_eku "$CA_BC" "$CA_KU" 'extendedKeyUsage = ${ENV::EKU}' "$SKI" "$AKI"
profile inter_nc "$CA_BC" "$CA_KU" "$SKI" "$AKI" 'nameConstraints = critical,${ENV::NC}'
profile nc_dn_good "O = mutls test" "OU = Good"
# CA profile rules of RFC 5280 4.2.1.2, 4.2.1.9, 4.2.1.10 (x509-limbo cases).
profile root_bc_not_critical "basicConstraints = CA:TRUE" "$CA_KU" "$SKI"
profile root_no_ski "$CA_BC" "$CA_KU" "subjectKeyIdentifier = none"
profile inter_bc_not_critical "basicConstraints = CA:TRUE" "$CA_KU" "$SKI" "$AKI"
profile inter_no_ski "$CA_BC" "$CA_KU" "subjectKeyIdentifier = none" "$AKI"
profile inter_nc_not_critical "$CA_BC" "$CA_KU" "$SKI" "$AKI" 'nameConstraints = ${ENV::NC}'
profile inter_pc_not_critical "$CA_BC" "$CA_KU" "$SKI" "$AKI" "policyConstraints = requireExplicitPolicy:3"
profile server "$EE_BC" "$EE_KU" "$EE_EKU" "$SAN_L" "$SKI" "$AKI"
profile server_noakid "$EE_BC" "$EE_KU" "$EE_EKU" "$SAN_L" "$SKI"
profile server_nosan "$EE_BC" "$EE_KU" "$EE_EKU" "$SKI" "$AKI"
profile server_san_critical "$EE_BC" "$EE_KU" "$EE_EKU" 'subjectAltName = critical,${ENV::SAN}' \
    "$SKI" "$AKI"
profile server_keycertsign "$EE_BC" "$EE_KU,keyCertSign" "$EE_EKU" "$SAN_L" "$SKI" "$AKI"
profile server_pathlen_not_ca "$EE_BC,pathlen:0" "$EE_KU" "$EE_EKU" "$SAN_L" "$SKI" "$AKI"
profile server_aki_critical "$EE_BC" "$EE_KU" "$EE_EKU" "$SAN_L" "$SKI" \
    "authorityKeyIdentifier = critical,keyid"
profile server_ski_critical "$EE_BC" "$EE_KU" "$EE_EKU" "$SAN_L" \
    "subjectKeyIdentifier = critical,hash" "$AKI"
profile server_nc "$EE_BC" "$EE_KU" "$EE_EKU" "$SAN_L" "$SKI" "$AKI" \
    "nameConstraints = critical,permitted;DNS:example.com"
profile server_bad_nc_mask "$EE_BC" "$EE_KU" "$EE_EKU" "$SAN_L" "$SKI" "$AKI" \
    "nameConstraints = critical,permitted;IP:10.0.0.0/255.0.255.0"

export SAN=DNS:www.example.com
export NC="permitted;DNS:example.com"
export EKU=serverAuth

# keyfile, newkey, issue and bundle: gen_lib.sh.

S="/O=mutls test"
A=audit

# The audit root and one plain intermediate under it.
issue $A/root "$S/CN=mutls Audit Root" p256 self root
issue $A/inter "$S/CN=mutls Audit Inter" p256 $A/root inter
issue $A/leaf "$S/CN=www.example.com" p256 $A/inter server
bundle $A/inter_and_root.pem $A/inter $A/root

# Cross-signing with a bad path first: "Audit Root B" (not trusted) is certified twice by
# the audit root, by an expired certificate and a good one, with the expired one first.
issue $A/root_b "$S/CN=mutls Audit Root B" p256 self root
START=20250101000000Z END=20260101000000Z \
    issue $A/b_cross_expired "$S/CN=mutls Audit Root B" @$A/root_b $A/root inter
issue $A/b_cross_good "$S/CN=mutls Audit Root B" @$A/root_b $A/root inter
issue $A/b_inter "$S/CN=mutls Audit B Inter" p256 $A/root_b inter
issue $A/b_leaf "$S/CN=www.example.com" p256 $A/b_inter server
bundle $A/b_chain.pem $A/b_inter $A/b_cross_expired $A/b_cross_good
bundle $A/b_chain_with_root_b.pem $A/b_inter $A/root_b $A/b_cross_expired $A/b_cross_good

# A self-issued intermediate (key rollover: same name as its issuer, a new key) under a root
# with pathLenConstraint 0: RFC 5280 6.1.4 (l) does not count it.
issue $A/pl_root "$S/CN=mutls Audit PathLen Root" p256 self root_pathlen0
issue $A/pl_rollover "$S/CN=mutls Audit PathLen Root" p256 $A/pl_root inter
issue $A/pl_leaf "$S/CN=www.example.com" p256 $A/pl_rollover server
issue $A/pl_sub "$S/CN=mutls Audit Below Rollover" p256 $A/pl_rollover inter
issue $A/pl_sub_leaf "$S/CN=www.example.com" p256 $A/pl_sub server
bundle $A/pl_sub_chain.pem $A/pl_sub $A/pl_rollover

# A version 1 intermediate: no basicConstraints, so not a CA.
issue $A/v1_inter "$S/CN=mutls Audit V1 Inter" p256 $A/root v1
issue $A/v1_leaf "$S/CN=www.example.com" p256 $A/v1_inter server_noakid

# Trust anchors without basicConstraints: a version 1 root (it cannot say) and a version 3
# one (it could, and does not).
issue $A/v1_root "$S/CN=mutls Audit V1 Root" p256 self v1
issue $A/v1_root_leaf "$S/CN=www.example.com" p256 $A/v1_root server_noakid
issue $A/v3_root_no_bc "$S/CN=mutls Audit V3 Root Without BC" p256 self root_no_bc
issue $A/v3_root_no_bc_leaf "$S/CN=www.example.com" p256 $A/v3_root_no_bc server

# extendedKeyUsage on intermediates.
EKU=clientAuth issue $A/eku_client_inter "$S/CN=mutls Audit ClientAuth Inter" p256 $A/root inter_eku
issue $A/eku_client_leaf "$S/CN=www.example.com" p256 $A/eku_client_inter server
EKU=serverAuth issue $A/eku_server_inter "$S/CN=mutls Audit ServerAuth Inter" p256 $A/root inter_eku
issue $A/eku_server_leaf "$S/CN=www.example.com" p256 $A/eku_server_inter server
EKU=anyExtendedKeyUsage issue $A/eku_any_inter "$S/CN=mutls Audit AnyEKU Inter" p256 $A/root inter_eku
issue $A/eku_any_leaf "$S/CN=www.example.com" p256 $A/eku_any_inter server

# Leaf extension rules.
issue $A/leaf_keycertsign "$S/CN=www.example.com" p256 $A/inter server_keycertsign
issue $A/leaf_pathlen_not_ca "$S/CN=www.example.com" p256 $A/inter server_pathlen_not_ca
issue $A/leaf_aki_critical "$S/CN=www.example.com" p256 $A/inter server_aki_critical
issue $A/leaf_ski_critical "$S/CN=www.example.com" p256 $A/inter server_ski_critical
issue $A/leaf_empty_subject_san "/" p256 $A/inter server
issue $A/leaf_empty_subject_san_crit "/" p256 $A/inter server_san_critical
issue $A/leaf_nc "$S/CN=www.example.com" p256 $A/inter server_nc
issue $A/leaf_bad_nc_mask "$S/CN=www.example.com" p256 $A/inter server_bad_nc_mask

# Host names (RFC 6125 6.4).
SAN="DNS:f*o.example.com" issue $A/leaf_partial_wildcard "$S/CN=partial" p256 $A/inter server
SAN="DNS:*.com" issue $A/leaf_tld_wildcard "$S/CN=tld" p256 $A/inter server
SAN="DNS:*.example.com" issue $A/leaf_wildcard "$S/CN=wildcard" p256 $A/inter server
issue $A/leaf_cn_ip "$S/CN=192.0.2.1" p256 $A/inter server_nosan

# Name constraints.
NC="permitted;DNS:example.com,excluded;DNS:bad.example.com" \
    issue $A/nc_both "$S/CN=mutls Audit NC Both" p256 $A/root inter_nc
SAN=DNS:www.bad.example.com issue $A/nc_both_leaf_excl "$S/CN=x" p256 $A/nc_both server
NC="permitted;DNS:.example.com" \
    issue $A/nc_dot "$S/CN=mutls Audit NC Dot" p256 $A/root inter_nc
SAN=DNS:example.com issue $A/nc_dot_leaf_apex "$S/CN=apex" p256 $A/nc_dot server
SAN=DNS:www.example.com issue $A/nc_dot_leaf_sub "$S/CN=sub" p256 $A/nc_dot server
NC="permitted;DNS:example.com" \
    issue $A/nc_dns "$S/CN=mutls Audit NC DNS" p256 $A/root inter_nc
issue $A/nc_dns_cn_bad "$S/CN=www.example.org" p256 $A/nc_dns server_nosan
NC="permitted;IP:192.0.16.0/255.255.240.0" \
    issue $A/nc_ip20 "$S/CN=mutls Audit NC IP20" p256 $A/root inter_nc
SAN=IP:192.0.31.255 issue $A/nc_ip20_leaf_ok "$S/CN=ip ok" p256 $A/nc_ip20 server
SAN=IP:192.0.32.1 issue $A/nc_ip20_leaf_bad "$S/CN=ip bad" p256 $A/nc_ip20 server
NC="permitted;dirName:nc_dn_good" \
    issue $A/nc_dn "$S/CN=mutls Audit NC DN" p256 $A/root inter_nc
issue $A/nc_dn_leaf_ok "$S/OU=Good/CN=www.example.com" p256 $A/nc_dn server
issue $A/nc_dn_leaf_bad "$S/OU=Bad/CN=www.example.com" p256 $A/nc_dn server
NC="permitted;email:.example.com" \
    issue $A/nc_email "$S/CN=mutls Audit NC Email" p256 $A/root inter_nc
SAN="DNS:www.example.com,email:user@mail.example.com" \
    issue $A/nc_email_leaf_ok "$S/CN=www.example.com" p256 $A/nc_email server
SAN="DNS:www.example.com,email:user@example.org" \
    issue $A/nc_email_leaf_bad "$S/CN=www.example.com" p256 $A/nc_email server
NC="permitted;email:example.com" \
    issue $A/nc_email_host "$S/CN=mutls Audit NC Email Host" p256 $A/root inter_nc
SAN="DNS:www.example.com,email:invalid@address@example.com" \
    issue $A/nc_email_two_at_leaf "$S/CN=www.example.com" p256 $A/nc_email_host server
NC="permitted;URI:.example.com" \
    issue $A/nc_uri "$S/CN=mutls Audit NC URI" p256 $A/root inter_nc
SAN="DNS:www.example.com,URI:https://www.example.com/x" \
    issue $A/nc_uri_leaf_ok "$S/CN=www.example.com" p256 $A/nc_uri server
SAN="DNS:www.example.com,URI:https://www.example.org/x" \
    issue $A/nc_uri_leaf_bad "$S/CN=www.example.com" p256 $A/nc_uri server
NC="permitted;otherName:1.3.6.1.4.1.55555.2;UTF8:good" \
    issue $A/nc_other "$S/CN=mutls Audit NC OtherName" p256 $A/root inter_nc
SAN="DNS:www.example.com,otherName:1.3.6.1.4.1.55555.2;UTF8:good" \
    issue $A/nc_other_leaf "$S/CN=www.example.com" p256 $A/nc_other server
issue $A/nc_other_leaf_none "$S/CN=www.example.com" p256 $A/nc_other server

# CA certificates that break the RFC 5280 CA profile: basicConstraints or nameConstraints not
# critical, no subjectKeyIdentifier; as anchor and as intermediate.
issue $A/root_bc_nc "$S/CN=mutls Audit Root BC Not Critical" p256 self root_bc_not_critical
issue $A/root_bc_nc_leaf "$S/CN=www.example.com" p256 $A/root_bc_nc server
issue $A/root_no_ski "$S/CN=mutls Audit Root Without SKI" p256 self root_no_ski
issue $A/root_no_ski_leaf "$S/CN=www.example.com" p256 $A/root_no_ski server_noakid
issue $A/inter_bc_nc "$S/CN=mutls Audit Inter BC Not Critical" p256 $A/root inter_bc_not_critical
issue $A/inter_bc_nc_leaf "$S/CN=www.example.com" p256 $A/inter_bc_nc server
issue $A/inter_no_ski "$S/CN=mutls Audit Inter Without SKI" p256 $A/root inter_no_ski
issue $A/inter_no_ski_leaf "$S/CN=www.example.com" p256 $A/inter_no_ski server_noakid
NC="permitted;DNS:example.com" \
    issue $A/nc_not_critical "$S/CN=mutls Audit NC Not Critical" p256 $A/root inter_nc_not_critical
issue $A/nc_not_critical_leaf "$S/CN=www.example.com" p256 $A/nc_not_critical server
issue $A/pc_not_critical "$S/CN=mutls Audit PC Not Critical" p256 $A/root inter_pc_not_critical
issue $A/pc_not_critical_leaf "$S/CN=www.example.com" p256 $A/pc_not_critical server

#
# The manifest
#
M=$OUT/audit/cases.txt
cat >"$M" <<'EOF'
# SPDX-License-Identifier: MIT
# RFC 5280 / RFC 6125 audit cases, generated by vectors/x509/gen_audit.sh; do not edit by hand.
# Same record format and conventions as ../cases.txt; openssl's verdict here is that of
# `openssl verify -x509_strict`.
EOF

# audit NAME LEAF UNTRUSTED ROOTS PURPOSE IDENT TIME EXPECT DEPTH CLAUSE [WHY]: gen_lib.sh's
# add, with the RFC clause the expectation follows written above the record.
audit() {
    CLAUSE=${10}
    add "$1" "$2" "$3" "$4" "$5" "$6" "$7" "$8" "$9" "${11:-}"
}
OSSL_FLAGS=-x509_strict
OSSL_LABEL="openssl 3.0 -x509_strict"
STRICT_WHY=1
FAIL=0
H=host=www.example.com
R=$A/root.pem
AI=$A/inter.pem
NCV=name_constraint_violated

audit audit_chain_ok $A/leaf.pem $AI $R server $H $T ok - \
    "baseline: the audit PKI itself verifies"
audit audit_anchor_also_untrusted_ok $A/leaf.pem $A/inter_and_root.pem $R server $H $T ok - \
    "RFC 5280 6.1: the anchor may also be among the given certificates; the path ends at it"
audit audit_cross_expired_first_backtrack_ok $A/b_leaf.pem $A/b_chain.pem $R server $H $T ok - \
    "RFC 4158 / RFC 5280 6: a failing candidate path (expired cross certificate) is left for the good one"
audit audit_cross_untrusted_root_first_backtrack_ok $A/b_leaf.pem $A/b_chain_with_root_b.pem $R server $H $T ok - \
    "RFC 4158: an untrusted self-signed root among the given certificates is a dead end, not the answer" \
    "openssl stops at the untrusted self-signed Root B (error 19) instead of trying the cross certificates"
audit audit_self_issued_not_counted_ok $A/pl_leaf.pem $A/pl_rollover.pem $A/pl_root.pem server $H $T ok - \
    "RFC 5280 6.1.4 (l): a self-issued intermediate does not use up pathLenConstraint"
audit audit_self_issued_then_ca_path_too_long $A/pl_sub_leaf.pem $A/pl_sub_chain.pem $A/pl_root.pem server $H $T path_too_long 1 \
    "RFC 5280 6.1.4 (l)(m): pathLenConstraint 0 above a self-issued certificate still forbids one more CA" \
    "reported at the first CA the constraint does not allow (depth 1); openssl names the certificate carrying pathLen=0"
audit audit_v1_intermediate_not_a_ca $A/v1_leaf.pem $A/v1_inter.pem $R server $H $T not_a_ca 1 \
    "RFC 5280 6.1.4 (k): a version 1 or 2 intermediate has no basicConstraints, so it is not a CA" \
    "the same verdict without -x509_strict; with it openssl first objects to the leaf's missing authorityKeyIdentifier"
audit audit_v1_anchor_ok $A/v1_root_leaf.pem - $A/v1_root.pem server $H $T ok - \
    "RFC 5280 6.1.4 (k) applies to intermediates; a version 1 trust anchor cannot carry basicConstraints" \
    "the same verdict without -x509_strict; with it openssl first objects to the leaf's missing authorityKeyIdentifier"
audit audit_v3_anchor_without_bc $A/v3_root_no_bc_leaf.pem - $A/v3_root_no_bc.pem server $H $T not_a_ca 1 \
    "RFC 5280 4.2.1.9 (as x509-limbo): a version 3 CA certificate says cA TRUE in basicConstraints"
audit audit_inter_eku_without_purpose $A/eku_client_leaf.pem $A/eku_client_inter.pem $R server $H $T purpose_mismatch 1 \
    "RFC 5280 4.2.1.12 (as openssl, BoringSSL, Go): an intermediate's EKU limits the purposes below it"
audit audit_inter_eku_with_purpose_ok $A/eku_server_leaf.pem $A/eku_server_inter.pem $R server $H $T ok - \
    "RFC 5280 4.2.1.12: an intermediate EKU that lists the purpose is fine"
audit audit_inter_eku_any_ok $A/eku_any_leaf.pem $A/eku_any_inter.pem $R server $H $T ok - \
    "RFC 5280 4.2.1.12: anyExtendedKeyUsage on an intermediate allows every purpose" \
    "openssl's sslserver purpose does not accept anyExtendedKeyUsage alone"
audit audit_leaf_keycertsign_not_ca $A/leaf_keycertsign.pem $AI $R server $H $T key_usage_mismatch 0 \
    "RFC 5280 4.2.1.3: keyCertSign requires basicConstraints cA TRUE" \
    "the same rule; openssl -x509_strict reports it as an invalid-CA (other) error"
audit audit_leaf_pathlen_not_ca $A/leaf_pathlen_not_ca.pem $AI $R server $H $T malformed 0 \
    "RFC 5280 4.2.1.9: pathLenConstraint only with cA TRUE" \
    "the same rule; mutls refuses it when parsing, openssl -x509_strict while verifying"
audit audit_leaf_aki_critical $A/leaf_aki_critical.pem $AI $R server $H $T malformed 0 \
    "RFC 5280 4.2.1.1: authorityKeyIdentifier MUST be non-critical" \
    "the same rule; mutls refuses it when parsing, openssl -x509_strict while verifying"
audit audit_leaf_ski_critical $A/leaf_ski_critical.pem $AI $R server $H $T malformed 0 \
    "RFC 5280 4.2.1.2: subjectKeyIdentifier MUST be non-critical" \
    "the same rule; mutls refuses it when parsing, openssl -x509_strict while verifying"
audit audit_empty_subject_san_not_critical $A/leaf_empty_subject_san.pem $AI $R server $H $T malformed 0 \
    "RFC 5280 4.1.2.6, 4.2.1.6: with an empty subject the subjectAltName is critical" \
    "the same rule; mutls refuses it when parsing, openssl -x509_strict while verifying"
audit audit_empty_subject_san_critical_ok $A/leaf_empty_subject_san_crit.pem $AI $R server $H $T ok - \
    "RFC 5280 4.2.1.6: an empty subject with a critical subjectAltName is fine"
audit audit_leaf_with_name_constraints $A/leaf_nc.pem $AI $R server $H $T malformed 0 \
    "RFC 5280 4.2.1.10: name constraints MUST be used only in a CA certificate (as x509-limbo)" \
    "openssl ignores name constraints in an end-entity certificate"
audit audit_nc_ip_mask_not_cidr $A/leaf_bad_nc_mask.pem $AI $R server $H $T malformed 0 \
    "RFC 5280 4.2.1.10: an iPAddress constraint is a CIDR block; a mask of 255.0.255.0 is malformed (as Go)" \
    "openssl accepts any mask"
audit audit_partial_label_wildcard $A/leaf_partial_wildcard.pem $AI $R server host=foo.example.com $T name_mismatch 0 \
    "RFC 6125 6.4.3: a wildcard inside a label may be refused; mutls refuses it (as openssl, BoringSSL, Go)"
audit audit_tld_wildcard $A/leaf_tld_wildcard.pem $AI $R server host=example.com $T name_mismatch 0 \
    "RFC 6125 6.4.3 / CA/B BR: no wildcard directly over a single remaining label"
audit audit_wildcard_over_a_label $A/leaf_wildcard.pem $AI $R server host=xn--bcher-kva.example.com $T name_mismatch 0 \
    "RFC 6125 6.4.3: no wildcard match of an IDNA A-label" \
    "openssl lets the wildcard stand for an A-label"
audit audit_wildcard_case_ok $A/leaf_wildcard.pem $AI $R server host=FOO.Example.COM $T ok - \
    "RFC 6125 6.4.1, RFC 4343: DNS names compare without regard to case"
audit audit_ip_in_cn_no_match $A/leaf_cn_ip.pem $AI $R server ip=192.0.2.1 $T name_mismatch 0 \
    "RFC 6125 6.2.1 (as Go, BoringSSL): an IP reference matches only an iPAddress SAN, never the CN"
audit audit_nc_excluded_beats_permitted $A/nc_both_leaf_excl.pem $A/nc_both.pem $R server host=www.bad.example.com $T $NCV 0 \
    "RFC 5280 4.2.1.10: a name in an excluded subtree is refused even when also permitted"
audit audit_nc_leading_dot_apex $A/nc_dot_leaf_apex.pem $A/nc_dot.pem $R server host=example.com $T $NCV 0 \
    "RFC 5280 4.2.1.10 (as openssl, Go): a dNSName constraint with a leading dot holds only the names below it"
audit audit_nc_leading_dot_sub_ok $A/nc_dot_leaf_sub.pem $A/nc_dot.pem $R server $H $T ok - \
    "RFC 5280 4.2.1.10: .example.com holds www.example.com"
audit audit_nc_cn_without_san $A/nc_dns_cn_bad.pem $A/nc_dns.pem $R server host=www.example.org $T $NCV 0 \
    "RFC 5280 4.2.1.10 (as openssl, Go): without a SAN the host-name CN is constrained too"
audit audit_nc_ipv4_20bit_ok $A/nc_ip20_leaf_ok.pem $A/nc_ip20.pem $R server ip=192.0.31.255 $T ok - \
    "RFC 5280 4.2.1.10: 192.0.16.0/20 holds 192.0.31.255"
audit audit_nc_ipv4_20bit_outside $A/nc_ip20_leaf_bad.pem $A/nc_ip20.pem $R server ip=192.0.32.1 $T $NCV 0 \
    "RFC 5280 4.2.1.10: 192.0.16.0/20 does not hold 192.0.32.1"
audit audit_nc_dirname_ok $A/nc_dn_leaf_ok.pem $A/nc_dn.pem $R server $H $T ok - \
    "RFC 5280 4.2.1.10: a subject below the permitted directoryName subtree"
audit audit_nc_dirname_outside $A/nc_dn_leaf_bad.pem $A/nc_dn.pem $R server $H $T $NCV 0 \
    "RFC 5280 4.2.1.10: directoryName constraints apply to the subject field"
audit audit_nc_email_ok $A/nc_email_leaf_ok.pem $A/nc_email.pem $R server $H $T ok - \
    "RFC 5280 4.2.1.10: .example.com holds mailboxes at any host below example.com"
audit audit_nc_email_outside $A/nc_email_leaf_bad.pem $A/nc_email.pem $R server $H $T $NCV 0 \
    "RFC 5280 4.2.1.10: rfc822Name constraints apply to rfc822Name SAN entries"
audit audit_nc_email_two_at $A/nc_email_two_at_leaf.pem $A/nc_email_host.pem $R server $H $T $NCV 0 \
    "RFC 5280 4.2.1.10 (as x509-limbo): invalid@address@example.com is no mailbox, so no subtree holds it" \
    "openssl places it at example.com"
audit audit_nc_uri_ok $A/nc_uri_leaf_ok.pem $A/nc_uri.pem $R server $H $T ok - \
    "RFC 5280 4.2.1.10: URI constraints apply to the host part"
audit audit_nc_uri_outside $A/nc_uri_leaf_bad.pem $A/nc_uri.pem $R server $H $T $NCV 0 \
    "RFC 5280 4.2.1.10: a URI whose host is outside the permitted subtree"
audit audit_nc_othername_unprocessed $A/nc_other_leaf.pem $A/nc_other.pem $R server $H $T $NCV 0 \
    "RFC 5280 4.2.1.10: a constraint on a name form present in the certificate is processed or the certificate refused; mutls does not process otherName"
audit audit_nc_othername_absent_ok $A/nc_other_leaf_none.pem $A/nc_other.pem $R server $H $T ok - \
    "RFC 5280 4.2.1.10: a constraint on a name form the certificate does not use does not apply"
audit audit_anchor_bc_not_critical $A/root_bc_nc_leaf.pem - $A/root_bc_nc.pem server $H $T malformed 1 \
    "RFC 5280 4.2.1.9: a CA certificate MUST mark basicConstraints critical; the anchor too (as x509-limbo rfc5280::root-non-critical-basic-constraints)" \
    "the same rule; openssl -x509_strict reports it as its own error 89"
audit audit_inter_bc_not_critical $A/inter_bc_nc_leaf.pem $A/inter_bc_nc.pem $R server $H $T malformed 1 \
    "RFC 5280 4.2.1.9: a CA certificate MUST mark basicConstraints critical (as x509-limbo rfc5280::root-non-critical-basic-constraints, for an intermediate)" \
    "the same rule; openssl -x509_strict reports it as its own error 89"
audit audit_anchor_without_ski $A/root_no_ski_leaf.pem - $A/root_no_ski.pem server $H $T malformed 1 \
    "RFC 5280 4.2.1.2: every CA certificate MUST carry a subjectKeyIdentifier; the anchor too (as x509-limbo rfc5280::ski::root-missing-ski)" \
    "the same rule; openssl -x509_strict first objects to the leaf's missing authorityKeyIdentifier (a CA without a subjectKeyIdentifier leaves it nothing to name), which mutls does not require"
audit audit_inter_without_ski $A/inter_no_ski_leaf.pem $A/inter_no_ski.pem $R server $H $T malformed 1 \
    "RFC 5280 4.2.1.2: every CA certificate MUST carry a subjectKeyIdentifier (as x509-limbo rfc5280::ski::intermediate-missing-ski)" \
    "the same rule; openssl -x509_strict first objects to the leaf's missing authorityKeyIdentifier (a CA without a subjectKeyIdentifier leaves it nothing to name), which mutls does not require"
audit audit_nc_not_critical $A/nc_not_critical_leaf.pem $A/nc_not_critical.pem $R server $H $T malformed 1 \
    "RFC 5280 4.2.1.10: a CA MUST mark nameConstraints critical (as x509-limbo rfc5280::nc::permitted-dns-match-noncritical)" \
    "openssl applies a non-critical nameConstraints like a critical one"
audit audit_pc_not_critical $A/pc_not_critical_leaf.pem $A/pc_not_critical.pem $R server $H $T ok - \
    "RFC 5280 4.2.1.11 asks CAs to mark policyConstraints critical; a verifier enforces it either way (NIST PKITS's CAs carry it non-critical in valid paths; x509-limbo rfc5280::pc::ica-noncritical-pc refuses)"

if [ "$FAIL" != 0 ]; then
    echo "gen_audit.sh: some expectations disagree with openssl without an explanation (see above)" >&2
    exit 1
fi
echo "gen_audit.sh: wrote $(grep -c '^name = ' "$M") cases to $M"
