# SPDX-License-Identifier: MIT
# shellcheck shell=sh
#
# gen_limbo.sh - sourced by gen.sh (never run on its own): the x509-limbo CRL regression cases
# (vectors/x509/limbo_audit.txt has the whole audit). It defines limbo_cases, which writes the
# limbo_* files of this folder and appends their records to the manifest after LIMBO_MARK.
# `sh gen.sh` runs it after its own cases; `sh gen.sh --limbo` rewrites only this part.
#
# The PKI reuses committed keys, so that regenerating this part changes no key: the root is
# signed with the demo CA's key (vectors/pki/ca.key, RSA-2048) and every leaf carries the demo
# client's key (vectors/pki/client.key). Each case rebuilds the shape of one limbo case (same
# extensions, criticality and names) with mutls's dates: certificates 2026-01-01 ..
# 2036-01-01, CRLs 2026-06-01 .. 2035-12-01, checked at 1800000000, in mode "all", which is
# limbo's model (a CRL is given for every certificate that needs one).

LIMBO_MARK="# -- x509-limbo CRL cases"

limbo_cases() {
    # shellcheck source=../gen_lib.sh disable=SC1091
    . "$X509/gen_lib.sh"
    ca_setup 7000
    cp "$X509/../pki/ca.key" "$(keyfile pki_ca)"
    cp "$X509/../pki/client.key" "$(keyfile pki_client)"
    rm -f "$OUT"/limbo_*

    cat >"$W/ext.cnf" <<'EOF'
[lroot]
basicConstraints = critical,CA:TRUE
keyUsage = critical,keyCertSign,cRLSign
subjectKeyIdentifier = hash

[lleaf]
basicConstraints = critical,CA:FALSE
keyUsage = critical,digitalSignature
extendedKeyUsage = serverAuth
subjectAltName = DNS:example.com
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid

[lleaf_cdp]
basicConstraints = critical,CA:FALSE
keyUsage = critical,digitalSignature
extendedKeyUsage = serverAuth
subjectAltName = DNS:example.com
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
crlDistributionPoints = ${ENV::CDP}

[dp_uri_dns]
fullname = URI:http://example.com/partition.crl,DNS:example.com
EOF
    O="/O=mutls test"
    # openssl expands ${ENV::CDP} whenever it reads ext.cnf, so it always needs a value.
    CDP=URI:http://example.com/unused.crl
    export CDP
    issue limbo_root "$O/CN=mutls CRL limbo Root" @pki_ca self lroot
    issue limbo_leaf "$O/CN=example.com" @pki_client limbo_root lleaf
    # leaf ID CN CDP: a leaf whose cRLDistributionPoints is CDP (openssl's syntax).
    leaf() {
        CDP=$3
        export CDP
        issue "$1" "$O/CN=$2" @pki_client limbo_root lleaf_cdp
    }
    leaf limbo_leaf_dp "example.com dp" URI:http://example.com/partition.crl
    leaf limbo_leaf_dp_other "example.com dp other" URI:http://example.com/cdp.crl
    leaf limbo_leaf_dp_pct "example.com dp pct" URI:http://example.com/crls/%73hard.crl
    leaf limbo_leaf_dp_dns "example.com dp dns" dp_uri_dns

    cat >"$W/crlext.cnf" <<'EOF'
[std]
authorityKeyIdentifier = keyid:always

# cRLNumber written by hand so that it can be marked critical (openssl writes it non-critical)
[number_crit]
authorityKeyIdentifier = keyid:always
2.5.29.20 = critical,ASN1:INTEGER:12345

# limbo's unknown extension 1.3.6.1.4.1.55738.666.1, not critical; openssl cannot write its
# empty extnValue, so it holds a NULL (test_x509_crl parses the empty form)
[unknown_noncrit]
authorityKeyIdentifier = keyid:always
1.3.6.1.4.1.55738.666.1 = ASN1:NULL

[idp_dp]
authorityKeyIdentifier = keyid:always
issuingDistributionPoint = critical,@idp_dp_s

[idp_other]
authorityKeyIdentifier = keyid:always
issuingDistributionPoint = critical,@idp_other_s

[idp_shard]
authorityKeyIdentifier = keyid:always
issuingDistributionPoint = critical,@idp_shard_s

[idp_uri_dns]
authorityKeyIdentifier = keyid:always
issuingDistributionPoint = critical,@idp_uri_dns_s

[idp_attr]
authorityKeyIdentifier = keyid:always
issuingDistributionPoint = critical,@idp_attr_s

[idp_rel]
authorityKeyIdentifier = keyid:always
issuingDistributionPoint = critical,@idp_rel_s

[idp_dp_s]
fullname = URI:http://example.com/partition.crl

[idp_other_s]
fullname = URI:http://example.com/other.crl

[idp_shard_s]
fullname = URI:http://example.com/crls/shard.crl

[idp_uri_dns_s]
fullname = URI:http://example.com/partition.crl,DNS:example.com

[idp_attr_s]
onlyAA = TRUE

[idp_rel_s]
relativename = idp_rel_name

[idp_rel_name]
CN = partition
EOF

    # shellcheck disable=SC2034 # read by gen.sh's revoke
    REVOKER=limbo_root
    crl_begin
    revoke limbo_leaf -
    crl limbo_revoked.crl.pem limbo_root std 1
    crl_begin
    crl limbo_empty.crl.pem limbo_root std 1
    crl limbo_number_missing.crl.pem limbo_root std -
    crl limbo_number_critical.crl.pem limbo_root number_crit -
    crl limbo_unknown_noncrit.crl.pem limbo_root unknown_noncrit 1
    crl limbo_idp_dp.crl.pem limbo_root idp_dp 1
    crl limbo_idp_other.crl.pem limbo_root idp_other 1
    crl limbo_idp_shard.crl.pem limbo_root idp_shard 1
    crl limbo_idp_uri_dns.crl.pem limbo_root idp_uri_dns 1
    crl limbo_idp_attr.crl.pem limbo_root idp_attr 1
    crl limbo_idp_rel.crl.pem limbo_root idp_rel 1
    # A revocationDate after the time of the check: the entry still revokes.
    crl_begin
    kept=$REVOKED_AT
    REVOKED_AT=300101000000Z
    revoke limbo_leaf keyCompromise
    REVOKED_AT=$kept
    crl limbo_revoked_later.crl.pem limbo_root std 1

    # 10,000 entries (written straight into the database), limbo_leaf's serial the last one.
    crl_begin
    awk -v d="$REVOKED_AT" 'BEGIN { for (i = 1; i <= 10000; i++)
        printf "R\t351231000000Z\t%s\t%08X\tunknown\t/CN=gone %d\n", d, 1048576 + i, i }' \
        >"$W/crl/index.txt"
    revoke limbo_leaf -
    crl limbo_large.crl.pem limbo_root std 1
    openssl crl -in "$OUT/limbo_large.crl.pem" -outform DER -out "$OUT/limbo_large.crl.der"
    rm -f "$OUT/limbo_large.crl.pem"
    unset REVOKER

    L=limbo_leaf.pem
    LR=limbo_root.pem
    echo "$LIMBO_MARK (gen_limbo.sh; ids are limbo's crl:: cases, see limbo_audit.txt)" >>"$M"
    t limbo_revoked $L $LR limbo_revoked.crl.pem all server "$T" revoked
    t limbo_not_on_crl $L $LR limbo_empty.crl.pem all server "$T" ok
    t limbo_crlnumber_missing $L $LR limbo_number_missing.crl.pem all server "$T" ok
    t limbo_crlnumber_critical $L $LR limbo_number_critical.crl.pem all server "$T" \
        load:crl_malformed \
        "RFC 5280 §5.2.3: cRLNumber is never critical; mutls refuses a CRL that marks it critical when loaded (x509-limbo crl::crlnumber-critical)"
    t limbo_unknown_noncritical $L $LR limbo_unknown_noncrit.crl.pem all server "$T" ok
    t limbo_revocation_date_in_future $L $LR limbo_revoked_later.crl.pem all server "$T" revoked
    # With a path of root and leaf, mode "leaf" asks the same of mutls as "all"; openssl's
    # -crl_check_all would also want a CRL covering the root, which a CRL for one distribution
    # point does not.
    t limbo_idp_cdp_scope_match limbo_leaf_dp.pem $LR limbo_idp_dp.crl.pem leaf server "$T" ok
    t limbo_idp_cdp_scope_mismatch limbo_leaf_dp_other.pem $LR limbo_idp_other.crl.pem leaf \
        server "$T" crl_missing
    t limbo_idp_certificate_missing_cdp $L $LR limbo_idp_dp.crl.pem leaf server "$T" crl_missing
    t limbo_idp_uri_not_byte_identical limbo_leaf_dp_pct.pem $LR limbo_idp_shard.crl.pem leaf \
        server "$T" crl_missing
    t limbo_idp_cdp_non_uri limbo_leaf_dp_dns.pem $LR limbo_idp_dp.crl.pem leaf server "$T" ok
    t limbo_idp_fullname_non_uri limbo_leaf_dp.pem $LR limbo_idp_uri_dns.crl.pem leaf server \
        "$T" ok
    t limbo_idp_attribute_certs $L $LR limbo_idp_attr.crl.pem all server "$T" \
        load:crl_unsupported \
        "RFC 5280 §5.2.5: a CRL for attribute certificates only covers no public-key certificate; mutls refuses it when loaded"
    # RFC 5280 §5.2.5: the CRL's point is CN=partition joined to its issuer's name; the leaf
    # names no distribution point, so the CRL does not cover it.
    t limbo_idp_relative_name $L $LR limbo_idp_rel.crl.pem all server "$T" crl_missing
    t limbo_very_large limbo_leaf_dp.pem $LR limbo_large.crl.der all server "$T" ok
    t limbo_very_large_revoked $L $LR limbo_large.crl.der all server "$T" revoked
}
