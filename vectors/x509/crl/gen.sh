#!/bin/sh
# SPDX-License-Identifier: MIT
#
# gen.sh - regenerate the certificate revocation list vectors in vectors/x509/crl/: a small PKI
# (certificates as PEM, the leaves' private keys as PEM PKCS#8 so they can take part in real
# TLS handshakes), CRLs made with `openssl ca -gencrl`, and manifest.txt, the cases the CRL
# tests walk. Needs only the openssl 3.x CLI and POSIX sh + coreutils:
#     sh vectors/x509/crl/gen.sh            regenerate everything (new keys, same structure)
#     sh vectors/x509/crl/gen.sh --check    only re-run openssl on the committed manifest
#     sh vectors/x509/crl/gen.sh --limbo    only the x509-limbo cases (gen_limbo.sh: limbo_*
#                                           files from committed keys, byte for byte the same)
#
# Dates are fixed: certificates are valid 2026-01-01 .. 2036-01-01, good CRLs 2026-06-01 ..
# 2035-12-01, and every revocation happened on 2026-03-01 (openssl ca writes the current time
# into its database on -revoke; the script rewrites that column before -gencrl). Checks run at
# 1800000000 (2027-01-15T08:00:00Z) unless a case needs another time.
#
# Each manifest case is run through `openssl verify` (-attime, -purpose, -crl_check or
# -crl_check_all, -CRLfile) and openssl's verdict is the last field. Where mutls must answer
# differently (RFC 5280 §5 and §6.3 as mutls applies them, see src/x509_crl.h) the case carries
# a reason, written as a `#` line above it. The script fails if openssl disagrees with a case
# that has no such reason, if a reason is given where openssl agrees, or if reading the
# manifest back and re-running openssl does not reproduce every recorded verdict.
set -eu

HERE=$(cd "$(dirname "$0")" && pwd)
OUT=$HERE
X509=$(cd "$HERE/.." && pwd)
W=$(mktemp -d)
trap 'rm -rf "$W"' EXIT
M=$OUT/manifest.txt
FAIL=0

T=1800000000
# shellcheck disable=SC2034 # GOOD_START/GOOD_END are read by gen_lib.sh's issue
GOOD_START=20260101000000Z GOOD_END=20360101000000Z
CRL_LAST=20260601000000Z
CRL_NEXT=20351201000000Z
REVOKED_AT=260301000000Z

# ---------------------------------------------------------------------------------------------
# openssl's verdict for one case: ok, errN (openssl verify's error number), or load (openssl
# could not load the certificates or CRLs, so it gave no verdict).
ossl_verdict() {
    chain=$1 anchors=$2 crls=$3 mode=$4 purpose=$5 time=$6
    leaf=${chain%%,*}
    : >"$W/v_ca.pem"
    : >"$W/v_untr.pem"
    : >"$W/v_crl.pem"
    for f in $(echo "$anchors" | tr , ' '); do cat "$OUT/$f" >>"$W/v_ca.pem"; done
    case $chain in
    *,*) for f in $(echo "${chain#*,}" | tr , ' '); do cat "$OUT/$f" >>"$W/v_untr.pem"; done ;;
    esac
    if [ "$crls" != - ]; then
        for f in $(echo "$crls" | tr , ' '); do
            case $f in
            *.der) openssl crl -inform DER -in "$OUT/$f" -outform PEM >>"$W/v_crl.pem" \
                2>/dev/null || { echo load; return 0; } ;;
            *) cat "$OUT/$f" >>"$W/v_crl.pem" ;;
            esac
        done
    fi
    set -- -attime "$time" -purpose "ssl$purpose" -CAfile "$W/v_ca.pem"
    if [ "$mode" = all ]; then set -- "$@" -crl_check_all; else set -- "$@" -crl_check; fi
    [ ! -s "$W/v_untr.pem" ] || set -- "$@" -untrusted "$W/v_untr.pem"
    [ "$crls" = - ] || set -- "$@" -CRLfile "$W/v_crl.pem"
    res=$(openssl verify "$@" "$OUT/$leaf" 2>&1 || true)
    line=$(echo "$res" | grep -m1 '^error [0-9]* at [0-9]* depth' || true)
    if [ -n "$line" ]; then
        echo "err$(echo "$line" | sed 's/^error \([0-9]*\) at.*/\1/')"
    elif echo "$res" | grep -q ': OK$'; then
        echo ok
    else
        echo load
    fi
}

# Whether mutls's EXPECT and openssl's verdict mean the same thing. openssl's numbers:
# 3 unable to get certificate CRL, 8 CRL signature failure, 44 different CRL scope (no CRL
# covers the certificate), 11 CRL is not yet valid,
# 12 CRL has expired, 23 certificate revoked, 35 key usage does not include CRL signing.
agrees() {
    case $1:$2 in
    ok:ok | revoked:err23 | crl_missing:err3 | crl_missing:err44 | crl_expired:err11 | crl_expired:err12 | \
        crl_bad_signature:err8 | crl_bad_signature:err35 | load:crl_malformed:load) return 0 ;;
    esac
    return 1
}

# Read the manifest back, re-run openssl on every case, and check the `#` reason rule.
check_manifest() {
    n=0 prev=
    while IFS= read -r l; do
        case $l in
        '' ) prev= ; continue ;;
        '#'*) prev=$l; continue ;;
        esac
        # shellcheck disable=SC2086 # split the record into its nine fields
        set -- $l
        if [ $# -ne 9 ]; then
            echo "gen.sh: bad manifest line: $l" >&2
            FAIL=1
            continue
        fi
        n=$((n + 1))
        got=$(ossl_verdict "$2" "$3" "$4" "$5" "$6" "$7")
        if [ "$got" != "$9" ]; then
            echo "gen.sh: $1: manifest says openssl=$9, openssl now says $got" >&2
            FAIL=1
        fi
        if ! agrees "$8" "$9" && [ -z "$prev" ]; then
            echo "gen.sh: $1: expect $8 differs from openssl $9 without a # reason" >&2
            FAIL=1
        fi
        prev=
    done <"$M"
    echo "gen.sh: $n cases re-checked against openssl" >&2
}

# ---------------------------------------------------------------------------------------------
# Helpers: the CRLs (one `openssl ca` database per CRL) and the manifest records.
# crl_cnf NUMBER: the CA configuration; NUMBER "-" leaves out cRLNumber.
crl_cnf() {
    mkdir -p "$W/crl/newcerts"
    {
        echo "[ca]"
        echo "default_ca = c"
        echo "[c]"
        echo "database = $W/crl/index.txt"
        echo "new_certs_dir = $W/crl/newcerts"
        echo "serial = $W/crl/serial"
        echo "default_md = sha256"
        echo "unique_subject = no"
        [ "$1" = - ] || echo "crlnumber = $W/crl/crlnumber"
        cat "$W/crlext.cnf"
    } >"$W/crl/ca.cnf"
    [ "$1" = - ] || printf '%02X\n' "$1" >"$W/crl/crlnumber"
}

crl_begin() {
    rm -rf "$W/crl"
    mkdir -p "$W/crl"
    : >"$W/crl/index.txt"
    echo 01 >"$W/crl/serial"
    crl_cnf -
}

# revoke CERT REASON: REASON is an openssl -crl_reason name, "hold", or "-" for no reason.
# env REVOKER names the CA whose key openssl loads (root by default).
revoke() {
    why=$2
    # The CA key is only loaded, not used: -revoke edits the database.
    set -- -batch -config "$W/crl/ca.cnf" -revoke "$OUT/$1.pem" \
        -keyfile "$(keyfile "${REVOKER:-root}")" -cert "$OUT/${REVOKER:-root}.pem"
    case $why in
    -) ;;
    hold) set -- "$@" -crl_hold holdInstructionNone ;;
    *) set -- "$@" -crl_reason "$why" ;;
    esac
    openssl ca "$@" 2>"$W/ca.log" || { cat "$W/ca.log" >&2; exit 1; }
    awk -F '\t' -v OFS='\t' -v d="$REVOKED_AT" '$1 == "R" { sub(/^[0-9]+Z/, d, $3) } 1' \
        "$W/crl/index.txt" >"$W/crl/index.new"
    mv "$W/crl/index.new" "$W/crl/index.txt"
}

# crl FILE ISSUER EXTS NUMBER [MD]: EXTS is a section of crlext.cnf or "-" (none), NUMBER the
# cRLNumber or "-" (none; with EXTS "-" and no reasons that is a version 1 CRL). env LAST and
# NEXT override the dates.
crl() {
    file=$1 iss=$2 exts=$3 num=$4 md=${5:-sha256}
    crl_cnf "$num"
    set -- -batch -config "$W/crl/ca.cnf" -gencrl -out "$W/crl/out.pem" -md "$md" \
        -keyfile "$(keyfile "$iss")" -cert "$OUT/$iss.pem" \
        -crl_lastupdate "${LAST:-$CRL_LAST}" -crl_nextupdate "${NEXT:-$CRL_NEXT}"
    [ "$exts" = - ] || set -- "$@" -crlexts "$exts"
    openssl ca "$@" 2>"$W/ca.log" || { cat "$W/ca.log" >&2; exit 1; }
    openssl crl -in "$W/crl/out.pem" -out "$OUT/$file"
}

# t NAME CHAIN ANCHORS CRLS MODE PURPOSE TIME EXPECT [WHY]
#   WHY (the RFC 5280 clause for mutls's answer) is required exactly when openssl differs.
t() {
    o=$(ossl_verdict "$2" "$3" "$4" "$5" "$6" "$7")
    why=${9:-}
    if agrees "$8" "$o"; then
        if [ -n "$why" ]; then
            echo "gen.sh: $1: a reason is given, but openssl agrees ($o)" >&2
            FAIL=1
        fi
    elif [ -z "$why" ]; then
        echo "gen.sh: $1: expect $8 but openssl says $o" >&2
        FAIL=1
    fi
    {
        [ -z "$why" ] || echo "# $why (openssl: $o)"
        echo "$1 $2 $3 $4 $5 $6 $7 $8 $o"
    } >>"$M"
}

# The x509-limbo regression cases (gen_limbo.sh, sourced: it defines limbo_cases).
# shellcheck source=gen_limbo.sh disable=SC1091
. "$HERE/gen_limbo.sh"

if [ "${1:-}" = --check ]; then
    check_manifest
    exit "$FAIL"
fi

# --limbo regenerates only the limbo_* files and the manifest's part after LIMBO_MARK.
if [ "${1:-}" = --limbo ]; then
    sed "/^$LIMBO_MARK/,\$d" "$M" >"$W/m.keep"
    cat "$W/m.keep" >"$M"
    limbo_cases
    check_manifest
    [ "$FAIL" = 0 ] || { echo "gen.sh: FAILED" >&2; exit 1; }
    exit 0
fi

# ---------------------------------------------------------------------------------------------
# The PKI. gen_lib.sh (shared with vectors/x509/gen.sh) issues with exact dates; it writes
# $OUT/<id>.pem and keeps the key in $W/k/<id>.key.
rm -f "$OUT"/*.pem "$OUT"/*.key "$OUT"/*.crl.der "$M"
# shellcheck source=../gen_lib.sh disable=SC1091
. "$X509/gen_lib.sh"
ca_setup 1000

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

[inter_nocrlsign]
basicConstraints = critical,CA:TRUE
keyUsage = critical,keyCertSign
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid

[server]
basicConstraints = critical,CA:FALSE
keyUsage = critical,digitalSignature,keyEncipherment
extendedKeyUsage = serverAuth
subjectAltName = DNS:localhost,IP:127.0.0.1
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid

[client]
basicConstraints = critical,CA:FALSE
keyUsage = critical,digitalSignature
extendedKeyUsage = clientAuth
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid

# cRLDistributionPoints that is an empty SEQUENCE (RFC 5280 asks for at least one point):
# mutls does not follow the pointer and so does not refuse the certificate for it.
[client_baddp]
basicConstraints = critical,CA:FALSE
keyUsage = critical,digitalSignature
extendedKeyUsage = clientAuth
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
2.5.29.31 = DER:30:00
EOF

O="/O=mutls test"
issue root "$O/CN=mutls CRL Root" rsa2048 self root
issue root_evil "$O/CN=mutls CRL Root" rsa2048 self root
issue inter "$O/CN=mutls CRL Inter" rsa2048 root inter
issue inter_revoked "$O/CN=mutls CRL Inter Revoked" rsa2048 root inter
issue inter_nocrlsign "$O/CN=mutls CRL Inter NoCRLSign" rsa2048 root inter_nocrlsign
issue ecroot "$O/CN=mutls CRL EC Root" p256 self root
issue server "$O/CN=localhost" rsa2048 inter server
issue server_revoked "$O/CN=localhost revoked" rsa2048 inter server
issue client "$O/CN=client" rsa2048 inter client
issue client_revoked "$O/CN=client revoked" rsa2048 inter client
issue client_root "$O/CN=client root" rsa2048 root client
issue client_ec "$O/CN=client ec" p256 ecroot client
issue client_ec_revoked "$O/CN=client ec revoked" p256 ecroot client
issue client_under_revoked "$O/CN=client under revoked" rsa2048 inter_revoked client
issue client_under_nocrlsign "$O/CN=client under nocrlsign" rsa2048 inter_nocrlsign client
issue client_baddp "$O/CN=client bad dp" rsa2048 inter client_baddp

for k in server server_revoked client client_revoked client_root client_ec client_ec_revoked \
    client_under_revoked client_under_nocrlsign; do
    cp "$(keyfile "$k")" "$OUT/$k.key"
done

# ---------------------------------------------------------------------------------------------
# CRLs. Each CRL has its own `openssl ca` database: crl_begin empties it, revoke adds one entry
# (openssl's own reason encoding; the date is then fixed), crl writes the CRL.
cat >"$W/crlext.cnf" <<'EOF'
[std]
authorityKeyIdentifier = keyid:always

[unknown_crit]
authorityKeyIdentifier = keyid:always
1.3.6.1.4.1.99999.1 = critical,ASN1:NULL

[delta]
authorityKeyIdentifier = keyid:always
# openssl has no config syntax for deltaCRLIndicator: BaseCRLNumber as raw DER
2.5.29.27 = critical,ASN1:INTEGER:1

[idp_user]
authorityKeyIdentifier = keyid:always
issuingDistributionPoint = critical,@idp_user_s

[idp_ca]
authorityKeyIdentifier = keyid:always
issuingDistributionPoint = critical,@idp_ca_s

[idp_indirect]
authorityKeyIdentifier = keyid:always
issuingDistributionPoint = critical,@idp_indirect_s

[idp_reasons]
authorityKeyIdentifier = keyid:always
issuingDistributionPoint = critical,@idp_reasons_s

[idp_user_s]
onlyuser = TRUE

[idp_ca_s]
onlyCA = TRUE

[idp_indirect_s]
indirectCRL = TRUE

[idp_reasons_s]
onlysomereasons = keyCompromise
EOF

crl_begin
revoke inter_revoked CACompromise
crl root.crl.pem root std 1
crl_begin
crl root_evil.crl.pem root_evil std 1
crl root_evil_noaki.crl.pem root_evil - 1
crl_begin
revoke inter_revoked CACompromise
crl root_idp_user.crl.pem root idp_user 2
crl root_idp_ca.crl.pem root idp_ca 3

crl_begin
crl inter_empty.crl.pem inter std 1
crl nocrlsign.crl.pem inter_nocrlsign std 1
crl inter_revoked.crl.pem inter_revoked std 1
crl_begin
revoke client_ec_revoked keyCompromise
crl ecroot.crl.pem ecroot std 1

crl_begin
revoke client_revoked keyCompromise
revoke server_revoked superseded
crl inter.crl.pem inter std 5
openssl crl -in "$OUT/inter.crl.pem" -outform DER -out "$OUT/inter.crl.der"
LAST=20260601000000Z NEXT=20260701000000Z crl inter_expired.crl.pem inter std 2
LAST=20350601000000Z NEXT=20351201000000Z crl inter_future.crl.pem inter std 7
crl inter_sha1.crl.pem inter std 5 sha1
crl inter_unknown_crit.crl.pem inter unknown_crit 5
crl inter_delta.crl.pem inter delta 6
crl inter_idp_ca.crl.pem inter idp_ca 5
crl inter_idp_indirect.crl.pem inter idp_indirect 5
crl inter_idp_reasons.crl.pem inter idp_reasons 5
crl_begin
revoke client_revoked keyCompromise
crl inter_idp_user.crl.pem inter idp_user 5
crl_begin
revoke client_revoked -
crl inter_v1.crl.pem inter - -
crl_begin
revoke client_revoked hold
crl inter_hold.crl.pem inter std 5
crl_begin
revoke client_revoked removeFromCRL
crl inter_remove.crl.pem inter std 5

cat "$OUT/root.crl.pem" "$OUT/inter.crl.pem" >"$OUT/root_both.pem"

# Broken DER: cut short, one byte too many, and the last signature byte flipped.
len=$(wc -c <"$OUT/inter.crl.der")
head -c $((len - 7)) "$OUT/inter.crl.der" >"$OUT/inter_truncated.crl.der"
{ cat "$OUT/inter.crl.der"; printf '\000'; } >"$OUT/inter_trailing.crl.der"
last=$(tail -c 1 "$OUT/inter.crl.der" | od -An -tu1 | tr -d ' ')
{
    head -c $((len - 1)) "$OUT/inter.crl.der"
    # shellcheck disable=SC2059 # the format is the octal escape we build
    printf "\\$(printf '%03o' $((last ^ 1)))"
} >"$OUT/inter_badsig.crl.der"

# ---------------------------------------------------------------------------------------------
# The manifest.
cat >"$M" <<'EOF'
# CRL cases for mutls (generated by gen.sh; do not edit by hand). One case per line:
#   NAME CHAIN ANCHORS CRLS MODE PURPOSE TIME EXPECT OPENSSL
# CHAIN leaf first, then intermediates; files are relative to this folder. CRLS `-` = none.
# MODE all|leaf (which certificates need a CRL), PURPOSE client|server, TIME Unix seconds.
# EXPECT: mutls's answer (ok or an error name; load:NAME when adding the CRL must fail).
# OPENSSL: `openssl verify -attime TIME -purpose sslPURPOSE -crl_check_all|-crl_check` on the
# same files: ok, errN (its error number), or load (it could not load them). A `#` line right
# above a case says why mutls differs from openssl.
EOF

C=client.pem,inter.pem
S=server.pem,inter.pem
CR=client_revoked.pem,inter.pem
SR=server_revoked.pem,inter.pem
R=root.pem
IR=inter.crl.pem,root.crl.pem
T_IN=1781481600   # 2026-06-15: inside inter_expired's window
T_FUT=2072217600  # 2035-09-01: inside inter_future's window
T_THIS=1780272000 # 2026-06-01T00:00:00Z: thisUpdate of the good CRLs
T_NEXT=1782864000 # 2026-07-01T00:00:00Z: nextUpdate of inter_expired

echo "# -- basic revocation (all: every certificate below the anchor needs a CRL)" >>"$M"
t good_client "$C" $R $IR all client $T ok
t good_server "$S" $R $IR all server $T ok
t client_revoked "$CR" $R $IR all client $T revoked
t server_revoked "$SR" $R $IR all server $T revoked
t client_revoked_leaf "$CR" $R inter.crl.pem leaf client $T revoked
t client_root client_root.pem $R root.crl.pem all client $T ok
t client_baddp client_baddp.pem,inter.pem $R $IR all client $T ok
t client_under_revoked client_under_revoked.pem,inter_revoked.pem $R \
    inter_revoked.crl.pem,root.crl.pem all client $T revoked
t client_under_revoked_leaf client_under_revoked.pem,inter_revoked.pem $R \
    inter_revoked.crl.pem leaf client $T ok
t inter_empty_client_revoked "$CR" $R inter_empty.crl.pem,root.crl.pem all client $T ok
t remove_from_crl "$CR" $R inter_remove.crl.pem,root.crl.pem all client $T ok

echo "# -- which certificates need a CRL" >>"$M"
t all_only_inter_crl "$C" $R inter.crl.pem all client $T crl_missing
t leaf_only_inter_crl "$C" $R inter.crl.pem leaf client $T ok
t leaf_only_root_crl "$C" $R root.crl.pem leaf client $T crl_missing
t all_no_crl "$C" $R - all client $T ok \
    "no CRL is loaded, so mutls does not check revocation; openssl's -crl_check asks for one"
t leaf_no_crl client_root.pem $R - leaf client $T ok \
    "no CRL is loaded, so mutls does not check revocation; openssl's -crl_check asks for one"

echo "# -- CRL validity window (thisUpdate <= now < nextUpdate)" >>"$M"
t expired_crl "$C" $R inter_expired.crl.pem,root.crl.pem all client $T crl_expired
t expired_crl_revoked "$CR" $R inter_expired.crl.pem,root.crl.pem all client $T crl_expired
t expired_crl_in_window "$CR" $R inter_expired.crl.pem,root.crl.pem all client $T_IN revoked
t crl_at_this_update "$C" $R inter_expired.crl.pem,root.crl.pem all client $T_THIS ok
t crl_before_this_update "$C" $R inter_expired.crl.pem,root.crl.pem all client \
    $((T_THIS - 1)) crl_expired
t crl_before_next_update "$C" $R inter_expired.crl.pem,root.crl.pem all client \
    $((T_NEXT - 1)) ok
t crl_at_next_update "$C" $R inter_expired.crl.pem,root.crl.pem all client $T_NEXT crl_expired
t future_crl "$C" $R inter_future.crl.pem,root.crl.pem all client $T crl_expired
t future_crl_in_window "$CR" $R inter_future.crl.pem,root.crl.pem all client $T_FUT revoked
t expired_and_good "$C" $R inter_expired.crl.pem,inter.crl.pem,root.crl.pem all client $T ok

echo "# -- encodings and entry kinds" >>"$M"
t v1_crl "$CR" $R inter_v1.crl.pem,root.crl.pem all client $T revoked
t v1_crl_good "$C" $R inter_v1.crl.pem,root.crl.pem all client $T ok
t der_crl "$CR" $R inter.crl.der,root.crl.pem all client $T revoked
t hold "$CR" $R inter_hold.crl.pem,root.crl.pem all client $T revoked
t hold_good "$C" $R inter_hold.crl.pem,root.crl.pem all client $T ok
t both_client "$C" $R root_both.pem all client $T ok
t both_client_revoked "$CR" $R root_both.pem all client $T revoked
t both_server_revoked "$SR" $R root_both.pem all server $T revoked

echo "# -- who signed the CRL" >>"$M"
t evil_aki client_root.pem $R root_evil.crl.pem all client $T crl_missing
t evil_noaki client_root.pem $R root_evil_noaki.crl.pem all client $T crl_bad_signature
t evil_and_good client_root.pem $R root_evil.crl.pem,root.crl.pem all client $T ok
t good_and_evil client_root.pem $R root.crl.pem,root_evil.crl.pem all client $T ok
t evil_noaki_and_good client_root.pem $R root_evil_noaki.crl.pem,root.crl.pem all client $T ok \
    "RFC 5280 §6.3.3 (f): a candidate CRL whose signature does not verify is not used, and the next candidate from the same issuer that verifies decides; openssl stops at the first CRL of equal score"
t good_and_evil_noaki client_root.pem $R root.crl.pem,root_evil_noaki.crl.pem all client $T ok
t nocrlsign client_under_nocrlsign.pem,inter_nocrlsign.pem $R nocrlsign.crl.pem,root.crl.pem \
    all client $T crl_bad_signature
t badsig_crl "$C" $R inter_badsig.crl.der,root.crl.pem all client $T crl_bad_signature
t ec_good client_ec.pem ecroot.pem ecroot.crl.pem all client $T ok
t ec_revoked client_ec_revoked.pem ecroot.pem ecroot.crl.pem all client $T revoked
t ec_wrong_issuer_crl client_ec.pem ecroot.pem inter.crl.pem,root.crl.pem all client $T \
    crl_missing

echo "# -- issuingDistributionPoint scope" >>"$M"
t idp_user_revoked "$CR" $R inter_idp_user.crl.pem,root.crl.pem all client $T revoked
t idp_user_good "$C" $R inter_idp_user.crl.pem,root.crl.pem all client $T ok
t idp_ca_for_leaf "$C" $R inter_idp_ca.crl.pem,root.crl.pem all client $T crl_missing
t idp_ca_for_revoked_leaf "$CR" $R inter_idp_ca.crl.pem,root.crl.pem all client $T crl_missing
t root_idp_user_for_ca "$C" $R inter.crl.pem,root_idp_user.crl.pem all client $T crl_missing
t root_idp_ca_revoked client_under_revoked.pem,inter_revoked.pem $R \
    inter_revoked.crl.pem,root_idp_ca.crl.pem all client $T revoked
t root_idp_ca_good "$C" $R inter.crl.pem,root_idp_ca.crl.pem all client $T ok

echo "# -- an intermediate among the trust anchors (a bundle of root and intermediate)" >>"$M"
t bundle_inter_revoked client_under_revoked.pem,inter_revoked.pem root.pem,inter_revoked.pem \
    inter_revoked.crl.pem,root.crl.pem all client $T revoked
t bundle_inter_revoked_no_untrusted client_under_revoked.pem root.pem,inter_revoked.pem \
    inter_revoked.crl.pem,root.crl.pem all client $T revoked
t bundle_inter_good "$C" root.pem,inter.pem $IR all client $T ok
t bundle_inter_no_root_crl "$C" root.pem,inter.pem inter.crl.pem all client $T crl_missing
t bundle_inter_leaf_mode client_under_revoked.pem,inter_revoked.pem root.pem,inter_revoked.pem \
    inter_revoked.crl.pem leaf client $T ok
t inter_only_anchor "$C" inter.pem inter.crl.pem all client $T ok \
    "mutls trusts an anchor as configured even when it is not a root (a partial chain); openssl needs the root unless -partial_chain is given"

echo "# -- CRLs mutls refuses to load (the other CRLs of the case are fine)" >>"$M"
t sha1_crl "$C" $R inter_sha1.crl.pem,root.crl.pem all client $T load:crl_unsupported \
    "mutls verifies no SHA-1 signatures (RFC 9155 deprecates SHA-1 signatures in TLS 1.2), so the CRL is refused when loaded"
t unknown_critical "$C" $R inter_unknown_crit.crl.pem,root.crl.pem all client $T \
    load:crl_unsupported \
    "RFC 5280 §5.2: a CRL with a critical extension the user does not process must not be used; mutls refuses it when loaded"
t delta "$C" $R inter_delta.crl.pem,root.crl.pem all client $T load:crl_unsupported \
    "RFC 5280 §5.2.4: mutls does not process delta CRLs and refuses them when loaded"
t idp_indirect "$C" $R inter_idp_indirect.crl.pem,root.crl.pem all client $T \
    load:crl_unsupported \
    "RFC 5280 §5.2.5: mutls does not process indirect CRLs and refuses them when loaded"
t idp_reasons "$C" $R inter_idp_reasons.crl.pem,root.crl.pem all client $T \
    load:crl_unsupported \
    "RFC 5280 §5.2.5/§6.3.3: mutls does not process CRLs partitioned by reason (onlySomeReasons) and refuses them when loaded"
t truncated "$C" $R inter_truncated.crl.der,root.crl.pem all client $T load:crl_malformed
t trailing "$C" $R inter_trailing.crl.der,root.crl.pem all client $T load:crl_malformed \
    "RFC 5280 §5.1: a DER CRL file is one CertificateList; mutls refuses bytes after it, openssl ignores them"

limbo_cases

# ---------------------------------------------------------------------------------------------
check_manifest
[ "$FAIL" = 0 ] || { echo "gen.sh: FAILED" >&2; exit 1; }
echo "gen.sh: wrote $(find "$OUT" -type f | wc -l) files in $OUT" >&2
