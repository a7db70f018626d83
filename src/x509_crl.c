/* SPDX-License-Identifier: MIT */
/*
 * x509_crl.c - certificate revocation lists (RFC 5280 §5) parsed in place, and the lookup of a
 * serial number in one (the check that uses it is x509_crl_check.c). Also owns
 * DistributionPointName (§4.2.1.13, §5.2.5), which a certificate's cRLDistributionPoints (kept
 * unchecked by x509.c) and a CRL's issuingDistributionPoint share. A refused CRL names the
 * rule it breaks (mutls_x509_crl.why), for mutls_certs_load_detail.
 *
 * Reads through the strict DER reader (der.h) and x509.c's shared pieces (algorithm
 * identifiers, Names, extensions); signatures are checked with mutls_x509_verify_signed
 * (x509_verify.c) and the issuer's key from keys.h. Nothing is allocated but that key.
 *
 * -DMUTLS_CRL=OFF (MUTLS_NO_CRL) leaves all of it out: every CRL is then refused as
 * unsupported, and no set ever holds one.
 *
 * Parsing walks every revoked entry and every extension once, so that an accepted CRL is
 * one the check applies fully and cannot meet a malformed entry later. What mutls does not
 * apply (x509_crl.h lists it) is refused with MUTLS_ERR_X509_CRL_UNSUPPORTED; broken
 * structure is MUTLS_ERR_X509_CRL_MALFORMED.
 */
#include "x509_crl.h"

#include <string.h>

#include "der.h"
#include "keys.h"

#if !defined(MUTLS_NO_CRL)

#define TAG_ENUMERATED 0x0a

#define V1_EXTENSIONS                                                                              \
    "it has extensions but no version field: only a v2 CRL has them (RFC 5280 §5.1.2.1)"

/* OIDs, contents octets only. */
#define OID_EXT_CRL_NUMBER "\x55\x1d\x14"
#define OID_EXT_REASON_CODE "\x55\x1d\x15"
#define OID_EXT_INVALIDITY_DATE "\x55\x1d\x18"
#define OID_EXT_DELTA_CRL "\x55\x1d\x1b"
#define OID_EXT_IDP "\x55\x1d\x1c"
#define OID_EXT_CERT_ISSUER "\x55\x1d\x1d"
#define OID_EXT_AKI "\x55\x1d\x23"
#define OID_EXT_FRESHEST_CRL "\x55\x1d\x2e"
#define OID_EXT_AIA "\x2b\x06\x01\x05\x05\x07\x01\x01"

/* Row groups: extensions of the CRL (§5.2) and of one entry (§5.3); a says what to do. */
enum { G_CRL = 1, G_ENTRY };
enum { E_AKI = 1, E_CRL_NUMBER, E_IDP, E_DELTA, E_IGNORE, E_REASON, E_INVALIDITY, E_CERT_ISSUER };

#define ROW MUTLS_DER_OID_ROW

/* clang-format off */
static const mutls_der_oid_row oids[] = {
    ROW(G_CRL,   E_AKI,          0, OID_EXT_AKI),
    ROW(G_CRL,   E_CRL_NUMBER,   0, OID_EXT_CRL_NUMBER),
    ROW(G_CRL,   E_IDP,          0, OID_EXT_IDP),
    ROW(G_CRL,   E_DELTA,        0, OID_EXT_DELTA_CRL),
    /* freshestCRL and authorityInfoAccess only point at other data: skipped when not
     * critical, like an unknown extension. */
    ROW(G_CRL,   E_IGNORE,       0, OID_EXT_FRESHEST_CRL),
    ROW(G_CRL,   E_IGNORE,       0, OID_EXT_AIA),
    ROW(G_ENTRY, E_REASON,       0, OID_EXT_REASON_CODE),
    ROW(G_ENTRY, E_INVALIDITY,   0, OID_EXT_INVALIDITY_DATE),
    ROW(G_ENTRY, E_CERT_ISSUER,  0, OID_EXT_CERT_ISSUER),
};
/* clang-format on */

/*
 * The row of @p group naming an extension's OID. For an extension this file does not
 * interpret, NULL with *rc set: §5.2 and §5.3 say that a CRL (or entry) with a critical
 * extension the reader does not process is not to be used, so it is refused as
 * unsupported; a non-critical one is skipped.
 */
static const mutls_der_oid_row *known_extension(mutls_slice oid, int group, int critical,
                                                mutls_rd *v, int *rc, const char **why)
{
    const mutls_der_oid_row *row =
        mutls_der_oid_find(oid, oids, sizeof(oids) / sizeof(oids[0]), group);

    if (row != NULL && row->a != E_IGNORE) {
        return row;
    }
    mutls_rd_skip(v, mutls_rd_remaining(v));
    *rc = critical ? mutls_x509_refuse(why, MUTLS_ERR_X509_CRL_UNSUPPORTED,
                                       group == G_CRL
                                           ? "it has a critical extension mutls does not process "
                                             "(RFC 5280 §5.2)"
                                           : "an entry has a critical extension mutls does not "
                                             "process (RFC 5280 §5.3)")
                   : 0;
    return NULL;
}

/* The shared pieces (x509.h) report structure errors as MUTLS_ERR_X509_MALFORMED: inside
 * this file that code means "malformed", and mutls_x509_crl_parse turns it into the CRL's own
 * code. */

/* ------------------------------------------------------------ distribution points */

/*
 * DistributionPointName ::= CHOICE { fullName [0] GeneralNames,
 *                                    nameRelativeToCRLIssuer [1] RelativeDistinguishedName }
 * read inside its [0] wrapper into *full_name or *relative (the other is left empty). 0 or
 * MUTLS_ERR_X509_MALFORMED (the GeneralNames checks speak of a subjectAltName: a caller names
 * its own rule).
 */
static int parse_dp_name(mutls_rd *r, mutls_slice *full_name, mutls_slice *relative)
{
    const char *ignored = NULL;
    int tag = mutls_der_peek(r);

    if (tag == MUTLS_DER_CTX_CONS(0)) {
        *full_name = mutls_der_value(r, MUTLS_DER_CTX_CONS(0));
        TRY(mutls_x509_rd_good(r));
        return mutls_x509_check_general_names(*full_name, 0, &ignored);
    }
    if (tag == MUTLS_DER_CTX_CONS(1)) {
        mutls_rd set;

        *relative = mutls_der_value(r, MUTLS_DER_CTX_CONS(1));
        TRY(mutls_x509_rd_good(r));
        mutls_rd_init_slice(&set, *relative);
        return mutls_x509_check_rdn(&set, &ignored);
    }
    return MUTLS_ERR_X509_MALFORMED;
}

/*
 * DistributionPoint ::= SEQUENCE { distributionPoint [0] DistributionPointName OPTIONAL,
 *                                  reasons [1] ReasonFlags OPTIONAL,
 *                                  cRLIssuer [2] GeneralNames OPTIONAL }
 */
int mutls_x509_crldp_next(mutls_rd *r, mutls_x509_dp *dp)
{
    const char *ignored = NULL;
    mutls_rd seq;
    mutls_rd field;

    memset(dp, 0, sizeof(*dp));
    TRY(mutls_x509_rd_good(r));
    if (mutls_rd_remaining(r) == 0) {
        return 0;
    }
    mutls_der_enter(r, MUTLS_DER_SEQUENCE, &seq);
    if (mutls_der_enter_optional(&seq, MUTLS_DER_CTX_CONS(0), &field)) {
        TRY(parse_dp_name(&field, &dp->full_name, &dp->relative));
        TRY(mutls_x509_rd_end(&field));
    }
    if (mutls_der_peek(&seq) == MUTLS_DER_CTX_PRIM(1)) {
        (void)mutls_der_value(&seq, MUTLS_DER_CTX_PRIM(1));
    }
    if (mutls_der_peek(&seq) == MUTLS_DER_CTX_CONS(2)) {
        dp->crl_issuer = mutls_der_value(&seq, MUTLS_DER_CTX_CONS(2));
        TRY(mutls_x509_rd_good(&seq));
        TRY(mutls_x509_check_general_names(dp->crl_issuer, 0, &ignored));
    }
    TRY(mutls_x509_rd_end(&seq));
    /* §4.2.1.13: a distribution point names where to look (not just reasons). */
    return dp->full_name.len > 0 || dp->relative.len > 0 || dp->crl_issuer.len > 0
               ? 1
               : MUTLS_ERR_X509_MALFORMED;
}

int mutls_x509_crldp_check(mutls_slice dps)
{
    mutls_rd r;
    mutls_x509_dp dp;
    int count = 0;
    int rc;

    mutls_rd_init_slice(&r, dps);
    while ((rc = mutls_x509_crldp_next(&r, &dp)) > 0) {
        count++;
    }
    /* §4.2.1.13: SEQUENCE SIZE (1..MAX). */
    return rc < 0 || count == 0 ? MUTLS_ERR_X509_MALFORMED : 0;
}

/* ------------------------------------------------------------ revoked entries */

typedef struct crl_entry {
    mutls_slice serial; /* INTEGER contents */
    int64_t date;
    int reason;      /* MUTLS_CRL_REASON_* */
    const char *why; /* the rule the entry breaks, when it is refused */
} crl_entry;

/* CRLReason ::= ENUMERATED (§5.3.1): one octet holds every assigned value; 7 is unused. */
static int parse_reason(mutls_rd *v, crl_entry *entry)
{
    mutls_rd e;
    uint8_t code;

    mutls_der_enter(v, TAG_ENUMERATED, &e);
    code = mutls_rd_u8(&e);
    mutls_der_close(v, &e);
    TRY(mutls_x509_rd_good(v));
    if (code > MUTLS_CRL_REASON_AA_COMPROMISE || code == 7) {
        return mutls_x509_refuse(
            &entry->why, MUTLS_ERR_X509_MALFORMED,
            "an entry's reasonCode is not a defined CRLReason (RFC 5280 §5.3.1)");
    }
    entry->reason = code;
    return 0;
}

/* One CRL entry extension (§5.3); @p ctx is the crl_entry. */
static int entry_extension(void *ctx, mutls_slice oid, int critical, mutls_rd *v)
{
    crl_entry *e = ctx;
    int rc = 0;
    const mutls_der_oid_row *row = known_extension(oid, G_ENTRY, critical, v, &rc, &e->why);

    if (row == NULL) {
        return rc;
    }
    switch (row->a) {
    case E_REASON:
        return parse_reason(v, e);
    case E_INVALIDITY:
        /* §5.3.2: InvalidityDate ::= GeneralizedTime; informative, so only checked. */
        if (mutls_der_peek(v) != MUTLS_DER_GENERALIZED_TIME) {
            return mutls_x509_refuse(
                &e->why, MUTLS_ERR_X509_MALFORMED,
                "an entry's invalidityDate is not a GeneralizedTime (RFC 5280 §5.3.2)");
        }
        (void)mutls_der_time(v);
        return mutls_x509_rd_good(v);
    default:
        /* §5.3.3: certificateIssuer only appears in indirect CRLs, which mutls refuses. */
        return mutls_x509_refuse(
            &e->why, MUTLS_ERR_X509_CRL_UNSUPPORTED,
            "it is an indirect CRL (an entry names its certificateIssuer, RFC 5280 "
            "§5.3.3), which mutls does not apply");
    }
}

/*
 * revokedCertificates entry (§5.1.2.6):
 *   SEQUENCE { userCertificate CertificateSerialNumber, revocationDate Time,
 *              crlEntryExtensions Extensions OPTIONAL }
 * The serial is taken as a minimal INTEGER and compared byte for byte; a value no
 * certificate mutls accepts could have (negative, too long) simply never matches.
 */
static int parse_entry_body(mutls_rd *seq, int version, crl_entry *e)
{
    e->reason = MUTLS_CRL_REASON_NONE;
    e->why = NULL;
    e->serial = mutls_der_integer(seq);
    e->date = mutls_der_time(seq);
    TRY(mutls_x509_rd_good(seq));
    if (mutls_rd_remaining(seq) > 0) {
        /* §5.1.2.1: extensions make a CRL version 2. */
        if (version != 2) {
            return mutls_x509_refuse(&e->why, MUTLS_ERR_X509_MALFORMED, V1_EXTENSIONS);
        }
        TRY(mutls_x509_parse_extensions(seq, entry_extension, e, &e->why));
    }
    return mutls_x509_rd_end(seq);
}

static int parse_entry(mutls_rd *list, int version, crl_entry *e)
{
    mutls_rd seq;

    mutls_der_enter(list, MUTLS_DER_SEQUENCE, &seq);
    return parse_entry_body(&seq, version, e);
}

/* ------------------------------------------------------------ CRL extensions */

/* An IMPLICIT BOOLEAN DEFAULT FALSE field [n] of the IDP: 1 when present. DER never encodes
 * a default value, so one that is present must be TRUE (a sticky error otherwise). */
static int idp_flag(mutls_rd *seq, int n)
{
    mutls_rd v;

    if (mutls_der_peek(seq) != MUTLS_DER_CTX_PRIM(n)) {
        return 0;
    }
    mutls_der_enter(seq, MUTLS_DER_CTX_PRIM(n), &v);
    if (mutls_rd_u8(&v) != 0xff) {
        mutls_rd_fail(&v, MUTLS_ERR_DER);
    }
    mutls_der_close(seq, &v);
    return 1;
}

/*
 * IssuingDistributionPoint ::= SEQUENCE {
 *   distributionPoint [0] DistributionPointName OPTIONAL,
 *   onlyContainsUserCerts [1] BOOLEAN DEFAULT FALSE,
 *   onlyContainsCACerts [2] BOOLEAN DEFAULT FALSE,
 *   onlySomeReasons [3] ReasonFlags OPTIONAL,
 *   indirectCRL [4] BOOLEAN DEFAULT FALSE,
 *   onlyContainsAttributeCerts [5] BOOLEAN DEFAULT FALSE }            (§5.2.5)
 * Honoured whether or not it is marked critical: ignoring a narrowed scope would let a CRL
 * for end entities vouch for a CA.
 */
static int parse_idp(mutls_rd *v, mutls_x509_crl *crl)
{
    mutls_rd seq;
    mutls_rd field;
    int refused = 0;

    mutls_der_enter(v, MUTLS_DER_SEQUENCE, &seq);
    TRY(mutls_x509_rd_good(&seq));
    /* §5.2.5: the extension is never an empty sequence. */
    if (mutls_rd_remaining(&seq) == 0) {
        return mutls_x509_refuse(&crl->why, MUTLS_ERR_X509_MALFORMED,
                                 "its issuingDistributionPoint is empty (RFC 5280 §5.2.5)");
    }
    if (mutls_der_enter_optional(&seq, MUTLS_DER_CTX_CONS(0), &field)) {
        TRY(parse_dp_name(&field, &crl->idp_names, &crl->idp_rdn));
        TRY(mutls_x509_rd_end(&field));
    }
    if (idp_flag(&seq, 1)) {
        crl->scope |= MUTLS_CRL_ONLY_USER;
    }
    if (idp_flag(&seq, 2)) {
        crl->scope |= MUTLS_CRL_ONLY_CA;
    }
    if (mutls_der_peek(&seq) == MUTLS_DER_CTX_PRIM(3)) {
        (void)mutls_der_value(&seq, MUTLS_DER_CTX_PRIM(3));
        refused = 1; /* partitioned by reason: one CRL does not cover every reason */
        (void)mutls_x509_refuse(&crl->why, 0,
                                "it covers only some revocation reasons (onlySomeReasons, RFC 5280 "
                                "§5.2.5), which mutls does not apply");
    }
    if (idp_flag(&seq, 4)) {
        refused = 1;
        (void)mutls_x509_refuse(
            &crl->why, 0, "it is an indirect CRL (RFC 5280 §5.2.5), which mutls does not apply");
    }
    if (idp_flag(&seq, 5)) {
        refused = 1;
        (void)mutls_x509_refuse(&crl->why, 0,
                                "it covers attribute certificates only (RFC 5280 §5.2.5)");
    }
    TRY(mutls_x509_rd_end(&seq));
    /* §5.2.5: at most one of the onlyContains flags. */
    if (crl->scope == (MUTLS_CRL_ONLY_USER | MUTLS_CRL_ONLY_CA)) {
        return mutls_x509_refuse(&crl->why, MUTLS_ERR_X509_MALFORMED,
                                 "its issuingDistributionPoint sets both onlyContainsUserCerts and "
                                 "onlyContainsCACerts (RFC 5280 §5.2.5)");
    }
    return refused ? MUTLS_ERR_X509_CRL_UNSUPPORTED : 0;
}

/* One CRL extension (§5.2); @p ctx is the mutls_x509_crl. */
static int crl_extension(void *ctx, mutls_slice oid, int critical, mutls_rd *v)
{
    mutls_x509_crl *crl = ctx;
    int rc = 0;
    const mutls_der_oid_row *row = known_extension(oid, G_CRL, critical, v, &rc, &crl->why);
    mutls_slice number;

    if (row == NULL) {
        return rc;
    }
    switch (row->a) {
    case E_AKI:
        return mutls_x509_parse_aki(v, &crl->aki);
    case E_CRL_NUMBER:
        /* §5.2.3: the extension is never critical, so a CRL marking it critical was not made
         * to the profile and is not used (as x509-limbo crl::crlnumber-critical). */
        if (critical) {
            return mutls_x509_refuse(
                &crl->why, MUTLS_ERR_X509_MALFORMED,
                "its cRLNumber extension is marked critical, which RFC 5280 §5.2.3 "
                "forbids");
        }
        /* §5.2.3: a non-negative INTEGER of at most 20 octets. */
        number = mutls_der_uint(v);
        TRY(mutls_x509_rd_good(v));
        crl->has_crl_number = 1;
        return number.len <= 20
                   ? 0
                   : mutls_x509_refuse(&crl->why, MUTLS_ERR_X509_MALFORMED,
                                       "its cRLNumber is longer than 20 octets (RFC 5280 "
                                       "§5.2.3)");
    case E_IDP:
        return parse_idp(v, crl);
    default:
        /* §5.2.4: a delta CRL only lists changes since a base CRL. */
        return mutls_x509_refuse(&crl->why, MUTLS_ERR_X509_CRL_UNSUPPORTED,
                                 "it is a delta CRL (RFC 5280 §5.2.4), which mutls does not apply");
    }
}

/* ------------------------------------------------------------ CertificateList */

/*
 * TBSCertList ::= SEQUENCE { version Version OPTIONAL (v2 when present), signature
 *   AlgorithmIdentifier, issuer Name, thisUpdate Time, nextUpdate Time OPTIONAL,
 *   revokedCertificates SEQUENCE OF entry OPTIONAL, crlExtensions [0] EXPLICIT Extensions
 *   OPTIONAL }                                                                  (§5.1.2)
 */
static int parse_tbs(mutls_rd *r, mutls_x509_crl *crl, mutls_slice *tbs_alg)
{
    mutls_x509_sigalg inner;
    mutls_rd field;
    int tag;

    crl->version = 1;
    if (mutls_der_peek(r) == MUTLS_DER_INTEGER) {
        /* §5.1.2.1: when present, the version is v2 (the integer 1). */
        if (mutls_der_small_uint(r) != 1) {
            return mutls_x509_refuse(&crl->why, MUTLS_ERR_X509_MALFORMED,
                                     "its version is not v2 (RFC 5280 §5.1.2.1)");
        }
        crl->version = 2;
    }
    TRY(mutls_x509_parse_sig_alg(r, &inner, tbs_alg, &crl->why));
    TRY(mutls_x509_parse_name(r, &crl->issuer, &crl->why));
    /* §5.1.2.3: the issuer is a non-empty distinguished name. */
    if (crl->issuer.len == 2) {
        return mutls_x509_refuse(&crl->why, MUTLS_ERR_X509_MALFORMED,
                                 "its issuer name is empty (RFC 5280 §5.1.2.3)");
    }
    crl->this_update = mutls_der_time(r);
    crl->next_update = INT64_MAX;
    tag = mutls_der_peek(r);
    if (tag == MUTLS_DER_UTC_TIME || tag == MUTLS_DER_GENERALIZED_TIME) {
        crl->next_update = mutls_der_time(r);
    }
    if (mutls_der_peek(r) == MUTLS_DER_SEQUENCE) {
        mutls_rd list;

        crl->revoked = mutls_der_value(r, MUTLS_DER_SEQUENCE);
        TRY(mutls_x509_rd_good(r));
        /* §5.1.2.6 has an issuer leave out an empty list, but some CA software writes one;
         * refusing the CRL for it would only stop every handshake, so it means "none". */
        mutls_rd_init_slice(&list, crl->revoked);
        while (mutls_rd_remaining(&list) > 0) {
            crl_entry e;
            int rc = parse_entry(&list, crl->version, &e);

            if (rc < 0) {
                return mutls_x509_refuse(&crl->why, rc, e.why);
            }
        }
    }
    if (mutls_der_enter_optional(r, MUTLS_DER_CTX_CONS(0), &field)) {
        /* §5.1.2.1: extensions make a CRL version 2. */
        if (crl->version != 2) {
            return mutls_x509_refuse(&crl->why, MUTLS_ERR_X509_MALFORMED, V1_EXTENSIONS);
        }
        TRY(mutls_x509_parse_extensions(&field, crl_extension, crl, &crl->why));
        TRY(mutls_x509_rd_end(&field));
    }
    return mutls_x509_rd_end(r);
}

/* CertificateList ::= SEQUENCE { tbsCertList, signatureAlgorithm, signatureValue BIT STRING } */
int mutls_x509_crl_parse(mutls_x509_crl *crl, const uint8_t *der, size_t len)
{
    mutls_rd r;
    mutls_rd list;
    mutls_rd tbs;
    mutls_slice tbs_alg = {NULL, 0};
    mutls_slice outer_alg = {NULL, 0};
    int rc;

    memset(crl, 0, sizeof(*crl));
    if (der == NULL) {
        return MUTLS_ERR_BAD_ARGUMENT;
    }
    mutls_rd_init(&r, der, len);
    if ((rc = mutls_x509_enter_sequence(&r, &crl->der, &list)) < 0 ||
        (rc = mutls_x509_rd_end(&r)) < 0 ||
        (rc = mutls_x509_enter_sequence(&list, &crl->tbs, &tbs)) < 0 ||
        (rc = parse_tbs(&tbs, crl, &tbs_alg)) < 0 ||
        (rc = mutls_x509_parse_sig_alg(&list, &crl->sig, &outer_alg, &crl->why)) < 0) {
        goto out;
    }
    crl->signature = mutls_der_bit_string(&list);
    rc = mutls_x509_rd_end(&list);
    if (rc < 0) {
        goto out;
    }
    /* §5.1.1.2: the outer signatureAlgorithm is the same as the one inside the TBS. */
    if (!mutls_slice_eq(tbs_alg, outer_alg)) {
        rc = mutls_x509_refuse(&crl->why, MUTLS_ERR_X509_MALFORMED,
                               "its two signature algorithm fields differ (RFC 5280 §5.1.1.2)");
        goto out;
    }
    /* A CRL is only worth loading if its signature can be checked: SHA-1, MD5 and unknown
     * algorithms are refused now rather than making every check fail later. */
    rc = crl->sig.supported
             ? 0
             : mutls_x509_refuse(&crl->why, MUTLS_ERR_X509_CRL_UNSUPPORTED,
                                 "it is signed with an algorithm mutls does not verify "
                                 "(SHA-1, MD5 or one it does not know)");
out:
    if (rc < 0) {
        const char *why = crl->why != NULL ? crl->why : "its DER encoding is malformed (X.690)";

        if (rc != MUTLS_ERR_X509_CRL_UNSUPPORTED) {
            rc = MUTLS_ERR_X509_CRL_MALFORMED;
        }
        memset(crl, 0, sizeof(*crl));
        crl->why = why;
    }
    return rc;
}

/* ------------------------------------------------------------ the check */

int mutls_x509_crl_find(const mutls_x509_crl *crl, mutls_slice serial, int64_t *date, int *reason)
{
    mutls_rd list;
    crl_entry e;

    mutls_rd_init_slice(&list, crl->revoked);
    while (mutls_rd_remaining(&list) > 0) {
        mutls_rd one;
        mutls_rd seq;

        /* Only the serial of each entry is read until one matches (a CRL may list tens of
         * thousands); the list was checked entry by entry when the CRL was parsed. */
        mutls_rd_init_slice(&one, mutls_der_value(&list, MUTLS_DER_SEQUENCE));
        if (list.err != 0) {
            return 0; /* not reached: the list was checked when the CRL was parsed */
        }
        seq = one;
        if (!mutls_slice_eq(mutls_der_integer(&seq), serial) || seq.err != 0) {
            continue;
        }
        if (parse_entry_body(&one, crl->version, &e) < 0) {
            return 0; /* not reached, as above */
        }
        /* §5.3.1: removeFromCRL belongs to delta CRLs; in a complete CRL the entry says
         * that the certificate is no longer on hold, so it does not count. */
        if (e.reason != MUTLS_CRL_REASON_REMOVE_FROM_CRL) {
            *date = e.date;
            *reason = e.reason;
            return 1;
        }
    }
    return 0;
}

#else /* MUTLS_NO_CRL */

/* -DMUTLS_CRL=OFF: this build leaves CRLs out, so every CRL is one it cannot apply. */
int mutls_x509_crl_parse(mutls_x509_crl *crl, const uint8_t *der, size_t len)
{
    (void)der;
    (void)len;
    memset(crl, 0, sizeof(*crl));
    crl->why = "this build leaves CRLs out (-DMUTLS_CRL=OFF)";
    return MUTLS_ERR_X509_CRL_UNSUPPORTED;
}
#endif
