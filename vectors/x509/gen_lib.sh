# SPDX-License-Identifier: MIT
#
# gen_lib.sh - helpers shared by gen.sh and gen_audit.sh (sourced, never run on its own): the
# `openssl ca` set-up, issuing certificates with exact validity dates, and writing one manifest
# record after cross-checking its expectation with `openssl verify`.
#
# The caller sets OUT (vectors/x509), W (a scratch directory), GOOD_START and GOOD_END, writes
# $W/ext.cnf (its extension profiles), and sets M (the manifest) and FAIL=0 before `add`.
# Optional: OSSL_FLAGS (extra `openssl verify` flags, e.g. -x509_strict), OSSL_LABEL (how the
# manifest names openssl's verdict), STRICT_WHY=1 (a "mutls differs" note where openssl in fact
# agrees is an error), CLAUSE (a comment line written above the next record).

# ca_setup FIRST_SERIAL: the CA database and configuration in $W.
ca_setup() {
    mkdir -p "$W/k" "$W/newcerts"
    : >"$W/index.txt"
    echo "$1" >"$W/serial"
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
emailAddress = optional
EOF
}

# newkey ID TYPE: a fresh private key for certificate ID (rsa2048 rsa1024 p256 p384).
keyfile() { echo "$W/k/$(echo "$1" | tr / _).key"; }
newkey() {
    case $2 in
    rsa*) openssl genpkey -algorithm RSA -pkeyopt "rsa_keygen_bits:${2#rsa}" -out "$(keyfile "$1")" 2>/dev/null ;;
    p256) openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$(keyfile "$1")" ;;
    p384) openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-384 -out "$(keyfile "$1")" ;;
    *) echo "bad key type $2" >&2; exit 1 ;;
    esac
}

# issue ID SUBJECT KEY ISSUER PROFILE [MD]
#   ID       output path without .pem, relative to vectors/x509 (e.g. rsa/leaf)
#   KEY      rsa2048 | rsa1024 | p256 | p384 for a fresh key, or @ID to reuse another cert's key
#   ISSUER   ID of the issuing certificate, or "self"
#   PROFILE  section of ext.cnf, or "v1" for a version 1 certificate (no extensions at all)
#   MD       sha256 by default
#   env START / END override the validity; SIGOPT="rsa_padding_mode:pss ..." for RSASSA-PSS
issue() {
    id=$1 subj=$2 key=$3 iss=$4 prof=$5 md=${6:-sha256}
    case $key in
    @*) cp "$(keyfile "${key#@}")" "$(keyfile "$id")" ;;
    *) newkey "$id" "$key" ;;
    esac
    openssl req -new -key "$(keyfile "$id")" -subj "$subj" -out "$W/req.csr"
    set -- -batch -config "$W/ca.cnf" -notext -preserveDN -in "$W/req.csr" -out "$OUT/$id.pem" \
        -subj "$subj" -md "$md" -startdate "${START:-$GOOD_START}" -enddate "${END:-$GOOD_END}"
    [ "$prof" = v1 ] || set -- "$@" -extfile "$W/ext.cnf" -extensions "$prof"
    for o in ${SIGOPT:-}; do set -- "$@" -sigopt "$o"; done
    if [ "$iss" = self ]; then
        set -- "$@" -selfsign -keyfile "$(keyfile "$id")"
    else
        set -- "$@" -keyfile "$(keyfile "$iss")" -cert "$OUT/$iss.pem"
    fi
    openssl ca "$@" 2>"$W/ca.log" || { cat "$W/ca.log" >&2; exit 1; }
}

# bundle OUTFILE ID... : concatenate certificates into one PEM file.
bundle() {
    o=$1
    shift
    : >"$OUT/$o"
    for c in "$@"; do cat "$OUT/$c.pem" >>"$OUT/$o"; done
}

# Map openssl's verify error numbers to mutls reason names (for the cross-check only).
ossl_reason() {
    case $1 in
    0) echo ok ;;
    9) echo not_yet_valid ;;
    10) echo expired ;;
    2 | 20 | 21) echo unknown_issuer ;;
    7) echo bad_signature ;;
    18) echo self_signed ;;
    22 | 25) echo path_too_long ;;
    24 | 32 | 79) echo not_a_ca ;;
    26) echo purpose_mismatch ;;
    34) echo unknown_critical_extension ;;
    47 | 48 | 49 | 51 | 53) echo name_constraint_violated ;;
    62 | 63 | 64) echo name_mismatch ;;
    66 | 67) echo weak_key ;;
    68) echo unsupported_algorithm ;;
    *) echo "other($1)" ;;
    esac
}

# add NAME LEAF UNTRUSTED ROOTS PURPOSE IDENT TIME EXPECT DEPTH [WHY]
#   UNTRUSTED and IDENT may be "-"; IDENT is host=NAME or ip=ADDR; DEPTH "-" when ok.
#   WHY explains an intended difference from openssl's verdict.
add() {
    name=$1 leaf=$2 untr=$3 roots=$4 purpose=$5 ident=$6 time=$7 expect=$8 depth=$9
    why=${10:-}
    # shellcheck disable=SC2086 # OSSL_FLAGS is a list of words
    set -- ${OSSL_FLAGS:-} -attime "$time" -verify_depth 8 -CAfile "$OUT/$roots" -purpose "ssl$purpose"
    [ "$untr" = - ] || set -- "$@" -untrusted "$OUT/$untr"
    case $ident in
    host=*) set -- "$@" -verify_hostname "${ident#host=}" ;;
    ip=*) set -- "$@" -verify_ip "${ident#ip=}" ;;
    esac
    if openssl x509 -in "$OUT/$leaf" -noout 2>/dev/null; then
        res=$(openssl verify "$@" "$OUT/$leaf" 2>&1 || true)
        line=$(echo "$res" | grep -m1 '^error [0-9]* at [0-9]* depth' || true)
        if [ -n "$line" ]; then
            num=$(echo "$line" | sed 's/^error \([0-9]*\) at \([0-9]*\) depth.*/\1/')
            odepth=$(echo "$line" | sed 's/^error \([0-9]*\) at \([0-9]*\) depth.*/\2/')
            msg=$(echo "$line" | sed 's/^error [0-9]* at [0-9]* depth lookup: //')
            oreason=$(ossl_reason "$num")
            verdict="error $num at depth $odepth ($msg) -> $oreason"
        elif echo "$res" | grep -q ': OK$'; then
            oreason=ok odepth=- verdict="OK"
        else
            oreason="?" odepth=- verdict="no verdict: $(echo "$res" | head -1)"
        fi
    else
        oreason=malformed odepth=0 verdict="cannot load the certificate -> malformed"
    fi
    if [ "$oreason" != "$expect" ] || { [ "$expect" != ok ] && [ "$odepth" != "$depth" ]; }; then
        if [ -z "$why" ]; then
            echo "$(basename "$0"): $name: expect $expect/$depth but openssl says $verdict" >&2
            FAIL=1
        fi
    elif [ -n "$why" ] && [ "${STRICT_WHY:-0}" = 1 ]; then
        echo "$(basename "$0"): $name: says mutls differs, but openssl agrees ($verdict)" >&2
        FAIL=1
    fi
    {
        [ -z "${CLAUSE:-}" ] || echo "# $CLAUSE"
        echo "# ${OSSL_LABEL:-openssl 3.0}: $verdict"
        [ -z "$why" ] || echo "# mutls differs: $why"
        echo "name = $name"
        echo "leaf = $leaf"
        [ "$untr" = - ] || echo "untrusted = $untr"
        echo "roots = $roots"
        echo "purpose = $purpose"
        case $ident in
        host=*) echo "host = ${ident#host=}" ;;
        ip=*) echo "ip = ${ident#ip=}" ;;
        esac
        echo "time = $time"
        echo "expect = $expect"
        [ "$expect" = ok ] || echo "depth = $depth"
        echo
    } >>"$M"
}
