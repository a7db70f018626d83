/* SPDX-License-Identifier: MIT */
/*
 * x509_crl.c - certificate revocation lists (RFC 5280 §5) parsed in place, and the revocation
 * check of one certificate (RFC 5280 §6.3.3) that x509_verify.c runs over an accepted path.
 * Also owns DistributionPointName (§4.2.1.13, §5.2.5), which a certificate's
 * cRLDistributionPoints (kept unchecked by x509.c) and a CRL's issuingDistributionPoint share.
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
                                                mutls_rd *v, int *rc)
{
    const mutls_der_oid_row *row =
        mutls_der_oid_find(oid, oids, sizeof(oids) / sizeof(oids[0]), group);

    if (row != NULL && row->a != E_IGNORE) {
        return row;
    }
    mutls_rd_skip(v, mutls_rd_remaining(v));
    *rc = critical ? MUTLS_ERR_X509_CRL_UNSUPPORTED : 0;
    return NULL;
}

/* The shared pieces report structure errors as MUTLS_ERR_X509_MALFORMED: inside this file
 * that code means "malformed", and mutls_x509_crl_parse turns it into the CRL's own code.
 * With @p to_end, @p r must also have been read to its end. */
static int well_formed(mutls_rd *r, int to_end)
{
    if (to_end) {
        return mutls_der_end(r) == 0 ? 0 : MUTLS_ERR_X509_MALFORMED;
    }
    return r->err == 0 ? 0 : MUTLS_ERR_X509_MALFORMED;
}

static int slice_eq(mutls_slice a, mutls_slice b)
{
    return a.len == b.len && (a.len == 0 || memcmp(a.p, b.p, a.len) == 0);
}

/* ------------------------------------------------------------ distribution points */

/*
 * DistributionPointName ::= CHOICE { fullName [0] GeneralNames,
 *                                    nameRelativeToCRLIssuer [1] RelativeDistinguishedName }
 * read inside its [0] wrapper. Returns 0 with *full_name set for a fullName, 1 for a
 * nameRelativeToCRLIssuer (*full_name left empty), or MUTLS_ERR_X509_MALFORMED.
 */
static int parse_dp_name(mutls_rd *r, mutls_slice *full_name)
{
    int tag = mutls_der_peek(r);

    if (tag == MUTLS_DER_CTX_CONS(0)) {
        *full_name = mutls_der_value(r, MUTLS_DER_CTX_CONS(0));
        TRY(well_formed(r, 0));
        return mutls_x509_check_general_names(*full_name, 0);
    }
    if (tag == MUTLS_DER_CTX_CONS(1)) {
        mutls_slice rdn = mutls_der_value(r, MUTLS_DER_CTX_CONS(1));

        TRY(well_formed(r, 0));
        return rdn.len > 0 && mutls_der_check_nesting(rdn, MUTLS_DER_MAX_NESTING) == 0
                   ? 1
                   : MUTLS_ERR_X509_MALFORMED;
    }
    return MUTLS_ERR_X509_MALFORMED;
}

/*
 * DistributionPoint ::= SEQUENCE { distributionPoint [0] DistributionPointName OPTIONAL,
 *                                  reasons [1] ReasonFlags OPTIONAL,
 *                                  cRLIssuer [2] GeneralNames OPTIONAL }
 * The next one of a cRLDistributionPoints list: 1 with its fullName (empty when it has none),
 * 0 at the end, or MUTLS_ERR_X509_MALFORMED.
 */
static int dp_next(mutls_rd *r, mutls_slice *full_name)
{
    mutls_rd seq;
    mutls_rd field;
    int named = 0;

    full_name->p = NULL;
    full_name->len = 0;
    TRY(well_formed(r, 0));
    if (mutls_rd_remaining(r) == 0) {
        return 0;
    }
    mutls_der_enter(r, MUTLS_DER_SEQUENCE, &seq);
    if (mutls_der_enter_optional(&seq, MUTLS_DER_CTX_CONS(0), &field)) {
        int rc = parse_dp_name(&field, full_name);

        if (rc < 0) {
            return rc;
        }
        TRY(well_formed(&field, 1));
        named = 1;
    }
    if (mutls_der_peek(&seq) == MUTLS_DER_CTX_PRIM(1)) {
        (void)mutls_der_value(&seq, MUTLS_DER_CTX_PRIM(1));
    }
    if (mutls_der_peek(&seq) == MUTLS_DER_CTX_CONS(2)) {
        TRY(mutls_x509_check_general_names(mutls_der_value(&seq, MUTLS_DER_CTX_CONS(2)), 0));
        named = 1;
    }
    /* §4.2.1.13: a distribution point names where to look (not just reasons). */
    TRY(well_formed(&seq, 1));
    return named ? 1 : MUTLS_ERR_X509_MALFORMED;
}

int mutls_x509_crldp_check(mutls_slice dps)
{
    mutls_rd r;
    mutls_slice full_name;
    int count = 0;
    int rc;

    mutls_rd_init_slice(&r, dps);
    while ((rc = dp_next(&r, &full_name)) > 0) {
        count++;
    }
    /* §4.2.1.13: SEQUENCE SIZE (1..MAX). */
    return rc < 0 || count == 0 ? MUTLS_ERR_X509_MALFORMED : 0;
}

/* Whether two GeneralNames are the same name (a directoryName as RFC 5280 §7.1 compares). */
static int gn_equal(const mutls_x509_gn *a, const mutls_x509_gn *b)
{
    if (a->type != b->type) {
        return 0;
    }
    return a->type == MUTLS_X509_GN_DIRNAME ? mutls_x509_name_equal(a->value, b->value)
                                            : slice_eq(a->value, b->value);
}

/* Whether one of the (checked) GeneralNames @p names is @p gn. */
static int names_hold(mutls_slice names, const mutls_x509_gn *gn)
{
    mutls_rd r;
    mutls_x509_gn other;

    mutls_rd_init_slice(&r, names);
    while (mutls_x509_gn_next(&r, &other) > 0) {
        if (gn_equal(gn, &other)) {
            return 1;
        }
    }
    return 0;
}

/*
 * §6.3.3(b)(2)(i): a CRL whose issuingDistributionPoint names a distribution point covers
 * only certificates whose cRLDistributionPoints give one of the same names as a fullName,
 * compared byte for byte (a URI spelled another way is another name). Without
 * cRLDistributionPoints a certificate is in no such partition (as x509-limbo
 * crl::idp::idp-present-certificate-missing-cdp, crl::idp::idp-cdp-scope-mismatch). Returns 0 when
 * @p crl covers @p x, else MUTLS_CRL_ASIDE_NO_DP or _DP_NAME.
 */
static int dp_aside(const mutls_x509_crl *crl, const mutls_x509 *x)
{
    mutls_rd idp;
    mutls_x509_gn gn;

    if (crl->idp_names.len == 0) {
        return 0;
    }
    /* The certificate's list is read here for the first time (x509.c keeps it unchecked):
     * a malformed one names no distribution point. */
    if (mutls_x509_crldp_check(x->crldp) < 0) {
        return MUTLS_CRL_ASIDE_NO_DP;
    }
    mutls_rd_init_slice(&idp, crl->idp_names);
    while (mutls_x509_gn_next(&idp, &gn) > 0) {
        mutls_rd dps;
        mutls_slice full_name;

        mutls_rd_init_slice(&dps, x->crldp);
        while (dp_next(&dps, &full_name) > 0) {
            if (names_hold(full_name, &gn)) {
                return 0;
            }
        }
    }
    return MUTLS_CRL_ASIDE_DP_NAME;
}

/* ------------------------------------------------------------ revoked entries */

typedef struct crl_entry {
    mutls_slice serial; /* INTEGER contents */
    int64_t date;
    int reason; /* MUTLS_CRL_REASON_* */
} crl_entry;

/* CRLReason ::= ENUMERATED (§5.3.1): one octet holds every assigned value; 7 is unused. */
static int parse_reason(mutls_rd *v, int *reason)
{
    mutls_rd e;
    uint8_t code;

    mutls_der_enter(v, TAG_ENUMERATED, &e);
    code = mutls_rd_u8(&e);
    mutls_der_close(v, &e);
    TRY(well_formed(v, 0));
    if (code > MUTLS_CRL_REASON_AA_COMPROMISE || code == 7) {
        return MUTLS_ERR_X509_MALFORMED;
    }
    *reason = code;
    return 0;
}

/* One CRL entry extension (§5.3); @p ctx is the crl_entry. */
static int entry_extension(void *ctx, mutls_slice oid, int critical, mutls_rd *v)
{
    crl_entry *e = ctx;
    int rc = 0;
    const mutls_der_oid_row *row = known_extension(oid, G_ENTRY, critical, v, &rc);

    if (row == NULL) {
        return rc;
    }
    switch (row->a) {
    case E_REASON:
        return parse_reason(v, &e->reason);
    case E_INVALIDITY:
        /* §5.3.2: InvalidityDate ::= GeneralizedTime; informative, so only checked. */
        if (mutls_der_peek(v) != MUTLS_DER_GENERALIZED_TIME) {
            return MUTLS_ERR_X509_MALFORMED;
        }
        (void)mutls_der_time(v);
        return well_formed(v, 0);
    default:
        /* §5.3.3: certificateIssuer only appears in indirect CRLs, which mutls refuses. */
        return MUTLS_ERR_X509_CRL_UNSUPPORTED;
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
    e->serial = mutls_der_integer(seq);
    e->date = mutls_der_time(seq);
    TRY(well_formed(seq, 0));
    if (mutls_rd_remaining(seq) > 0) {
        /* §5.1.2.1: extensions make a CRL version 2. */
        if (version != 2) {
            return MUTLS_ERR_X509_MALFORMED;
        }
        TRY(mutls_x509_parse_extensions(seq, entry_extension, e));
    }
    return well_formed(seq, 1);
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
    TRY(well_formed(&seq, 0));
    /* §5.2.5: the extension is never an empty sequence. */
    if (mutls_rd_remaining(&seq) == 0) {
        return MUTLS_ERR_X509_MALFORMED;
    }
    if (mutls_der_enter_optional(&seq, MUTLS_DER_CTX_CONS(0), &field)) {
        int rc = parse_dp_name(&field, &crl->idp_names);

        if (rc < 0) {
            return rc;
        }
        TRY(well_formed(&field, 1));
        /* A name relative to the issuer needs the issuer's name joined to it: not done. */
        refused |= rc == 1;
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
    }
    refused |= idp_flag(&seq, 4); /* indirectCRL */
    refused |= idp_flag(&seq, 5); /* attribute certificates only */
    TRY(well_formed(&seq, 1));
    /* §5.2.5: at most one of the onlyContains flags. */
    if (crl->scope == (MUTLS_CRL_ONLY_USER | MUTLS_CRL_ONLY_CA)) {
        return MUTLS_ERR_X509_MALFORMED;
    }
    return refused ? MUTLS_ERR_X509_CRL_UNSUPPORTED : 0;
}

/* One CRL extension (§5.2); @p ctx is the mutls_x509_crl. */
static int crl_extension(void *ctx, mutls_slice oid, int critical, mutls_rd *v)
{
    mutls_x509_crl *crl = ctx;
    int rc = 0;
    const mutls_der_oid_row *row = known_extension(oid, G_CRL, critical, v, &rc);
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
            return MUTLS_ERR_X509_MALFORMED;
        }
        /* §5.2.3: a non-negative INTEGER of at most 20 octets. */
        number = mutls_der_uint(v);
        TRY(well_formed(v, 0));
        crl->has_crl_number = 1;
        return number.len <= 20 ? 0 : MUTLS_ERR_X509_MALFORMED;
    case E_IDP:
        return parse_idp(v, crl);
    default:
        /* §5.2.4: a delta CRL only lists changes since a base CRL. */
        return MUTLS_ERR_X509_CRL_UNSUPPORTED;
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
            return MUTLS_ERR_X509_MALFORMED;
        }
        crl->version = 2;
    }
    TRY(mutls_x509_parse_sig_alg(r, &inner, tbs_alg));
    TRY(mutls_x509_parse_name(r, &crl->issuer));
    /* §5.1.2.3: the issuer is a non-empty distinguished name. */
    if (crl->issuer.len == 2) {
        return MUTLS_ERR_X509_MALFORMED;
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
        TRY(well_formed(r, 0));
        /* §5.1.2.6 has an issuer leave out an empty list, but some CA software writes one;
         * refusing the CRL for it would only stop every handshake, so it means "none". */
        mutls_rd_init_slice(&list, crl->revoked);
        while (mutls_rd_remaining(&list) > 0) {
            crl_entry e;

            TRY(parse_entry(&list, crl->version, &e));
        }
    }
    if (mutls_der_enter_optional(r, MUTLS_DER_CTX_CONS(0), &field)) {
        /* §5.1.2.1: extensions make a CRL version 2. */
        if (crl->version != 2) {
            return MUTLS_ERR_X509_MALFORMED;
        }
        TRY(mutls_x509_parse_extensions(&field, crl_extension, crl));
        TRY(well_formed(&field, 1));
    }
    return well_formed(r, 1);
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
        (rc = well_formed(&r, 1)) < 0 ||
        (rc = mutls_x509_enter_sequence(&list, &crl->tbs, &tbs)) < 0 ||
        (rc = parse_tbs(&tbs, crl, &tbs_alg)) < 0 ||
        (rc = mutls_x509_parse_sig_alg(&list, &crl->sig, &outer_alg)) < 0) {
        goto out;
    }
    crl->signature = mutls_der_bit_string(&list);
    rc = well_formed(&list, 1);
    if (rc < 0) {
        goto out;
    }
    /* §5.1.1.2: the outer signatureAlgorithm is the same as the one inside the TBS. */
    if (!slice_eq(tbs_alg, outer_alg)) {
        rc = MUTLS_ERR_X509_MALFORMED;
        goto out;
    }
    /* A CRL is only worth loading if its signature can be checked: SHA-1, MD5 and unknown
     * algorithms are refused now rather than making every check fail later. */
    rc = crl->sig.supported ? 0 : MUTLS_ERR_X509_CRL_UNSUPPORTED;
out:
    if (rc < 0) {
        if (rc != MUTLS_ERR_X509_CRL_UNSUPPORTED) {
            rc = MUTLS_ERR_X509_CRL_MALFORMED;
        }
        memset(crl, 0, sizeof(*crl));
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
        if (!slice_eq(mutls_der_integer(&seq), serial) || seq.err != 0) {
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

/* ------------------------------------------------------------ the signature memo */

enum { MEMO_EMPTY = 0, MEMO_WRITING = 1, MEMO_READY = 2 };

/* Whether @p crl's memo says its signature verified under the key of @p spki_hash. */
static int memo_holds(const mutls_x509_crl *crl, const uint8_t *spki_hash)
{
    mutls_x509_crl_memo *m = crl->memo;

    return m != NULL && spki_hash != NULL &&
           atomic_load_explicit(&m->state, memory_order_acquire) == MEMO_READY &&
           memcmp(m->spki_hash, spki_hash, sizeof(m->spki_hash)) == 0;
}

/* Keep @p spki_hash in @p crl's memo, if it has one that nobody has filled yet. */
static void memo_keep(const mutls_x509_crl *crl, const uint8_t *spki_hash)
{
    mutls_x509_crl_memo *m = crl->memo;
    int expected = MEMO_EMPTY;

    if (m != NULL && spki_hash != NULL &&
        atomic_compare_exchange_strong_explicit(&m->state, &expected, MEMO_WRITING,
                                                memory_order_acquire, memory_order_relaxed)) {
        memcpy(m->spki_hash, spki_hash, sizeof(m->spki_hash));
        atomic_store_explicit(&m->state, MEMO_READY, memory_order_release);
    }
}

/* Whether @p crl's signature verifies with the issuer's key: from the memo when it holds
 * this key, else checked (and kept). *key / *imported: the issuer's key, imported on first
 * need. 0, MUTLS_ERR_NO_MEMORY, or 1 when the CRL is not signed by that key. */
static int crl_signed_by(const mutls_x509_crl *crl, const mutls_x509 *issuer,
                         const uint8_t *spki_hash, const mutls_pkey **key, mutls_pkey **imported)
{
    int rc;

    if (memo_holds(crl, spki_hash)) {
        return 0;
    }
    if (*key == NULL) {
        rc = mutls_key_parse_spki(imported, issuer->spki);
        if (rc == MUTLS_ERR_NO_MEMORY) {
            return rc;
        }
        if (rc < 0) { /* not reached: the path's signature check imported it */
            return 1;
        }
        *key = *imported;
    }
    rc = mutls_x509_verify_signed(&crl->sig, crl->tbs, crl->signature, *key);
    if (rc == MUTLS_ERR_NO_MEMORY) {
        return rc;
    }
    if (rc < 0) {
        return 1;
    }
    memo_keep(crl, spki_hash);
    return 0;
}

/*
 * Whether @p crl is a candidate for @p x: -1 when it is not a CRL of x's issuer at all, 0
 * when it is one whose scope covers x, else the MUTLS_CRL_ASIDE_* rule that sets it aside.
 */
static int candidate_aside(const mutls_x509_crl *crl, const mutls_x509 *x, const mutls_x509 *issuer)
{
    /* §6.3.3(b)(1): complete CRLs from the certificate's own issuer (no indirect CRLs). */
    if (!mutls_x509_name_equal(crl->issuer, x->issuer)) {
        return -1;
    }
    /* §5.2.1, §4.2.1.2: when both key identifiers are known they must agree, so that the CRL
     * of another key under the same name (a re-keyed or impostor issuer) is not a candidate. */
    if (crl->aki.len > 0 && (issuer->flags & MUTLS_X509_HAS_SKI) != 0 &&
        !slice_eq(crl->aki, issuer->ski)) {
        return MUTLS_CRL_ASIDE_KEY_ID;
    }
    /* §6.3.3(b)(2)(ii), (iii): the CRL covers only end entities, or only CAs (as x509-limbo
     * crl::idp::idp-only-contains-user-certs-ca-target, ::idp-only-contains-ca-certs-ee-target). */
    if ((crl->scope & MUTLS_CRL_ONLY_USER) != 0 && x->is_ca) {
        return MUTLS_CRL_ASIDE_ONLY_USER;
    }
    if ((crl->scope & MUTLS_CRL_ONLY_CA) != 0 && !x->is_ca) {
        return MUTLS_CRL_ASIDE_ONLY_CA;
    }
    return dp_aside(crl, x);
}

int mutls_x509_crl_check(const mutls_x509 *x, const mutls_x509 *issuer,
                         const mutls_pkey *issuer_key, const mutls_x509_crl *crls, size_t n_crls,
                         int64_t now, mutls_x509_crl_status *status)
{
    mutls_pkey *imported = NULL;
    const mutls_pkey *key = issuer_key;
    uint8_t spki_hash[32];
    const uint8_t *hash = NULL;
    int used = 0;
    int bad_signature = 0; /* the first MUTLS_CRL_ASIDE_ of a candidate not signed right */
    int out_of_scope = 0;  /* the first MUTLS_CRL_ASIDE_ of a CRL that is no candidate */
    int expired = 0;
    int rc = 0;
    size_t i;

    memset(status, 0, sizeof(*status));
    status->reason = MUTLS_CRL_REASON_NONE;
    for (i = 0; i < n_crls; i++) {
        const mutls_x509_crl *crl = &crls[i];
        int aside = candidate_aside(crl, x, issuer);

        if (aside != 0) {
            if (aside > 0 && out_of_scope == 0) {
                out_of_scope = aside;
            }
            continue;
        }
        /* §6.3.3(f), §4.2.1.3: the issuer's key may sign CRLs (keyUsage cRLSign when the
         * extension is present) and did sign this one. */
        if ((issuer->flags & MUTLS_X509_HAS_KEY_USAGE) != 0 &&
            (issuer->key_usage & MUTLS_X509_KU_CRL_SIGN) == 0) {
            if (bad_signature == 0) {
                bad_signature = MUTLS_CRL_ASIDE_NO_CRL_SIGN;
            }
            continue;
        }
        if (hash == NULL && crl->memo != NULL &&
            mutls_hash_once(MUTLS_HASH_SHA256, issuer->spki.p, issuer->spki.len, spki_hash) == 0) {
            hash = spki_hash;
        }
        rc = crl_signed_by(crl, issuer, hash, &key, &imported);
        if (rc < 0) {
            goto out;
        }
        if (rc > 0) {
            rc = 0;
            if (bad_signature == 0) {
                bad_signature = MUTLS_CRL_ASIDE_SIGNATURE;
            }
            continue;
        }
        /* §6.3.3(a): the CRL is current: thisUpdate <= now < nextUpdate. */
        if (now < crl->this_update || now >= crl->next_update) {
            if (!expired) {
                status->crl_time = now < crl->this_update ? crl->this_update : crl->next_update;
            }
            expired = 1;
            continue;
        }
        used = 1;
        /* §6.3.3(i): the serial number is listed: revoked. */
        if (mutls_x509_crl_find(crl, x->serial, &status->revoked_at, &status->reason)) {
            rc = MUTLS_ERR_X509_REVOKED;
            goto out;
        }
    }
    if (used) {
        rc = 0;
    } else if (bad_signature != 0) {
        rc = MUTLS_ERR_X509_CRL_BAD_SIGNATURE;
        status->set_aside = bad_signature;
    } else if (expired) {
        rc = MUTLS_ERR_X509_CRL_EXPIRED;
    } else {
        /* No CRL applies to x: with checking required for x, that is a failure. */
        rc = MUTLS_ERR_X509_CRL_MISSING;
        status->set_aside = out_of_scope;
    }
out:
    mutls_pkey_free(imported);
    if (rc != MUTLS_ERR_X509_CRL_EXPIRED) {
        status->crl_time = 0;
    }
    if (rc != MUTLS_ERR_X509_REVOKED) {
        status->revoked_at = 0;
        status->reason = MUTLS_CRL_REASON_NONE;
    }
    status->code = rc;
    return rc;
}

const char *mutls_x509_crl_reason_name(int reason)
{
    /* clang-format off */
    static const char *const names[] = {
        "unspecified", "keyCompromise", "cACompromise", "affiliationChanged", "superseded",
        "cessationOfOperation", "certificateHold", "unspecified", "removeFromCRL",
        "privilegeWithdrawn", "aACompromise"
    };
    /* clang-format on */

    if (reason < 0 || reason > MUTLS_CRL_REASON_AA_COMPROMISE) {
        return "unspecified";
    }
    return names[reason];
}

#else /* MUTLS_NO_CRL */

/* -DMUTLS_CRL=OFF: this build leaves CRLs out, so every CRL is one it cannot apply. */
int mutls_x509_crl_parse(mutls_x509_crl *crl, const uint8_t *der, size_t len)
{
    (void)der;
    (void)len;
    memset(crl, 0, sizeof(*crl));
    return MUTLS_ERR_X509_CRL_UNSUPPORTED;
}
#endif
