/* SPDX-License-Identifier: MIT */
/*
 * x509.c - parse an X.509 v1/v3 certificate in place (RFC 5280 §4.1, §4.2): every field is
 * a slice of the caller's DER, nothing is allocated or copied. Reads through the strict DER
 * reader (der.h) only. Also recognises the signature algorithms of RFC 4055 (RSASSA-PSS,
 * sha2WithRSAEncryption), RFC 5758 (ECDSA with SHA-2) and the public-key types of RFC 3279
 * and RFC 5480.
 *
 * Structure errors become MUTLS_ERR_X509_MALFORMED. Algorithms mutls does not verify, weak
 * hashes and unknown critical extensions are recorded, and x509_verify.c refuses them with
 * the depth of the certificate that carries them. GeneralNames (SAN entries, name constraint
 * subtrees) are walked and checked in x509_name.c.
 *
 * Serial numbers: RFC 5280 §4.1.2.2 asks for a positive value of at most 20 octets. mutls
 * accepts zero (old roots use it), accepts 20 value octets (21 encoded, the first being the
 * sign byte 00), and refuses negative serials: they only come from broken issuers.
 */
#include "x509.h"

#include <string.h>

#include "der.h"

/* Most extensions a certificate may carry (duplicates are found among these). */
#define MAX_EXTENSIONS 32
/* Largest PSS salt we agree to (a modulus of 8192 bits leaves at most 1022 bytes). */
#define MAX_PSS_SALT 1024

/* OIDs, contents octets only. */
#define OID_RSA_ENCRYPTION "\x2a\x86\x48\x86\xf7\x0d\x01\x01\x01"
#define OID_MD5_RSA "\x2a\x86\x48\x86\xf7\x0d\x01\x01\x04"
#define OID_SHA1_RSA "\x2a\x86\x48\x86\xf7\x0d\x01\x01\x05"
#define OID_MGF1 "\x2a\x86\x48\x86\xf7\x0d\x01\x01\x08"
#define OID_RSASSA_PSS "\x2a\x86\x48\x86\xf7\x0d\x01\x01\x0a"
#define OID_SHA256_RSA "\x2a\x86\x48\x86\xf7\x0d\x01\x01\x0b"
#define OID_SHA384_RSA "\x2a\x86\x48\x86\xf7\x0d\x01\x01\x0c"
#define OID_SHA512_RSA "\x2a\x86\x48\x86\xf7\x0d\x01\x01\x0d"
#define OID_SHA224_RSA "\x2a\x86\x48\x86\xf7\x0d\x01\x01\x0e"
#define OID_EC_PUBLIC_KEY "\x2a\x86\x48\xce\x3d\x02\x01"
#define OID_P256 "\x2a\x86\x48\xce\x3d\x03\x01\x07"
#define OID_P384 "\x2b\x81\x04\x00\x22"
#define OID_ECDSA_SHA1 "\x2a\x86\x48\xce\x3d\x04\x01"
#define OID_ECDSA_SHA256 "\x2a\x86\x48\xce\x3d\x04\x03\x02"
#define OID_ECDSA_SHA384 "\x2a\x86\x48\xce\x3d\x04\x03\x03"
#define OID_ECDSA_SHA512 "\x2a\x86\x48\xce\x3d\x04\x03\x04"
#define OID_SHA1 "\x2b\x0e\x03\x02\x1a"
#define OID_SHA256 "\x60\x86\x48\x01\x65\x03\x04\x02\x01"
#define OID_SHA384 "\x60\x86\x48\x01\x65\x03\x04\x02\x02"
#define OID_SHA512 "\x60\x86\x48\x01\x65\x03\x04\x02\x03"
#define OID_SHA224 "\x60\x86\x48\x01\x65\x03\x04\x02\x04"
#define OID_EXT_SKI "\x55\x1d\x0e"
#define OID_EXT_KEY_USAGE "\x55\x1d\x0f"
#define OID_EXT_SAN "\x55\x1d\x11"
#define OID_EXT_BASIC_CONSTRAINTS "\x55\x1d\x13"
#define OID_EXT_NAME_CONSTRAINTS "\x55\x1d\x1e"
#define OID_EXT_CRLDP "\x55\x1d\x1f"
#define OID_EXT_AKI "\x55\x1d\x23"
#define OID_EXT_EKU "\x55\x1d\x25"
#define OID_EKU_ANY "\x55\x1d\x25\x00"
#define OID_EKU_SERVER "\x2b\x06\x01\x05\x05\x07\x03\x01"
#define OID_EKU_CLIENT "\x2b\x06\x01\x05\x05\x07\x03\x02"

#define OID_IS(oid, lit) MUTLS_DER_OID_IS(oid, lit)

/*
 * Every OID this file interprets, in one table (a chain of compares costs about 35 bytes of
 * code per OID). Each row is {group, a, b, OID}; what a and b mean depends on the group.
 */
enum {
    G_HASH = 1, /* a: mutls_hash_alg */
    G_SIG,      /* a: mutls_hash_alg, b: mutls_sig_kind */
    G_KEY,      /* a: mutls_key_type, b: 1 when the parameters must be NULL or absent */
    G_CURVE,    /* a: mutls_curve, b: bits / 8 */
    G_EXT,      /* a: MUTLS_X509_HAS_* bit */
    G_EKU       /* a: MUTLS_X509_EKU_* bit */
};

typedef mutls_der_oid_row oid_row;

#define ROW MUTLS_DER_OID_ROW

/* clang-format off */
static const oid_row oids[] = {
    ROW(G_HASH,  MUTLS_HASH_SHA256, 0, OID_SHA256),
    ROW(G_HASH,  MUTLS_HASH_SHA384, 0, OID_SHA384),
    ROW(G_HASH,  MUTLS_HASH_SHA512, 0, OID_SHA512),
    ROW(G_HASH,  MUTLS_HASH_SHA224, 0, OID_SHA224),
    ROW(G_HASH,  MUTLS_HASH_SHA1,   0, OID_SHA1),
    ROW(G_SIG,   MUTLS_HASH_SHA256, MUTLS_SIG_RSA_PKCS1, OID_SHA256_RSA),
    ROW(G_SIG,   MUTLS_HASH_SHA384, MUTLS_SIG_RSA_PKCS1, OID_SHA384_RSA),
    ROW(G_SIG,   MUTLS_HASH_SHA512, MUTLS_SIG_RSA_PKCS1, OID_SHA512_RSA),
    ROW(G_SIG,   MUTLS_HASH_SHA224, MUTLS_SIG_RSA_PKCS1, OID_SHA224_RSA),
    ROW(G_SIG,   MUTLS_HASH_SHA1,   MUTLS_SIG_RSA_PKCS1, OID_SHA1_RSA),
    ROW(G_SIG,   MUTLS_HASH_MD5,    MUTLS_SIG_RSA_PKCS1, OID_MD5_RSA),
    ROW(G_SIG,   MUTLS_HASH_SHA1,   MUTLS_SIG_RSA_PSS,   OID_RSASSA_PSS),
    ROW(G_SIG,   MUTLS_HASH_SHA256, MUTLS_SIG_ECDSA,     OID_ECDSA_SHA256),
    ROW(G_SIG,   MUTLS_HASH_SHA384, MUTLS_SIG_ECDSA,     OID_ECDSA_SHA384),
    ROW(G_SIG,   MUTLS_HASH_SHA512, MUTLS_SIG_ECDSA,     OID_ECDSA_SHA512),
    ROW(G_SIG,   MUTLS_HASH_SHA1,   MUTLS_SIG_ECDSA,     OID_ECDSA_SHA1),
    ROW(G_KEY,   MUTLS_KEY_RSA, 1, OID_RSA_ENCRYPTION),
    ROW(G_KEY,   MUTLS_KEY_RSA, 0, OID_RSASSA_PSS),
    ROW(G_KEY,   MUTLS_KEY_EC,  0, OID_EC_PUBLIC_KEY),
    ROW(G_CURVE, MUTLS_CURVE_P256, 32, OID_P256),
    ROW(G_CURVE, MUTLS_CURVE_P384, 48, OID_P384),
    ROW(G_EXT,   MUTLS_X509_HAS_BASIC_CONSTRAINTS, 0, OID_EXT_BASIC_CONSTRAINTS),
    ROW(G_EXT,   MUTLS_X509_HAS_KEY_USAGE,         0, OID_EXT_KEY_USAGE),
    ROW(G_EXT,   MUTLS_X509_HAS_EKU,               0, OID_EXT_EKU),
    ROW(G_EXT,   MUTLS_X509_HAS_SAN,               0, OID_EXT_SAN),
    ROW(G_EXT,   MUTLS_X509_HAS_SKI,               0, OID_EXT_SKI),
    ROW(G_EXT,   MUTLS_X509_HAS_AKI,               0, OID_EXT_AKI),
    ROW(G_EXT,   MUTLS_X509_HAS_NAME_CONSTRAINTS,  0, OID_EXT_NAME_CONSTRAINTS),
    ROW(G_EXT,   MUTLS_X509_HAS_CRLDP,             0, OID_EXT_CRLDP),
    ROW(G_EKU,   MUTLS_X509_EKU_SERVER_AUTH, 0, OID_EKU_SERVER),
    ROW(G_EKU,   MUTLS_X509_EKU_CLIENT_AUTH, 0, OID_EKU_CLIENT),
    ROW(G_EKU,   MUTLS_X509_EKU_ANY,         0, OID_EKU_ANY),
};
/* clang-format on */

/* The row of @p group naming @p oid, or NULL when mutls does not know it. */
static const oid_row *oid_find(mutls_slice oid, int group)
{
    return mutls_der_oid_find(oid, oids, sizeof(oids) / sizeof(oids[0]), group);
}

/* MUTLS_ERR_X509_MALFORMED unless @p r was read without error and to its end. */
static int finish(mutls_rd *r)
{
    return mutls_der_end(r) == 0 ? 0 : MUTLS_ERR_X509_MALFORMED;
}

static int check(const mutls_rd *r)
{
    return r->err == 0 ? 0 : MUTLS_ERR_X509_MALFORMED;
}

int mutls_x509_enter_sequence(mutls_rd *r, mutls_slice *whole, mutls_rd *content)
{
    mutls_der_tlv t;

    mutls_der_any(r, &t);
    TRY(check(r));
    if (t.tag != MUTLS_DER_SEQUENCE) {
        return MUTLS_ERR_X509_MALFORMED;
    }
    *whole = t.whole;
    mutls_rd_init_slice(content, t.value);
    return 0;
}

/* ------------------------------------------------------------ algorithms */

/* A hash AlgorithmIdentifier (RFC 4055 §2.1): params NULL or absent. NONE when unknown. */
static int parse_hash_alg(mutls_rd *r, mutls_hash_alg *hash)
{
    mutls_rd seq;
    const oid_row *row;

    mutls_der_enter(r, MUTLS_DER_SEQUENCE, &seq);
    row = oid_find(mutls_der_oid(&seq), G_HASH);
    if (mutls_rd_remaining(&seq) > 0) {
        mutls_der_null(&seq);
    }
    TRY(finish(&seq));
    *hash = row != NULL ? (mutls_hash_alg)row->a : MUTLS_HASH_NONE;
    return 0;
}

/*
 * RSASSA-PSS-params (RFC 4055 §3.1):
 *   SEQUENCE { hashAlgorithm [0] DEFAULT sha1, maskGenAlgorithm [1] DEFAULT mgf1SHA1,
 *              saltLength [2] INTEGER DEFAULT 20, trailerField [3] INTEGER DEFAULT 1 }
 * mutls verifies only SHA-256/384/512 with MGF1 over the same hash and trailer 1.
 */
static int parse_pss_params(mutls_rd *params, mutls_x509_sigalg *out)
{
    mutls_rd seq;
    mutls_rd field;
    mutls_hash_alg mgf_hash = MUTLS_HASH_SHA1;
    uint32_t salt = 20;
    uint32_t trailer = 1;
    int mgf_ok = 1;

    out->kind = MUTLS_SIG_RSA_PSS;
    out->hash = MUTLS_HASH_SHA1;
    mutls_der_enter(params, MUTLS_DER_SEQUENCE, &seq);
    TRY(check(&seq));
    if (mutls_der_enter_optional(&seq, MUTLS_DER_CTX_CONS(0), &field)) {
        TRY(parse_hash_alg(&field, &out->hash));
        TRY(finish(&field));
    }
    if (mutls_der_enter_optional(&seq, MUTLS_DER_CTX_CONS(1), &field)) {
        mutls_rd mgf;
        mutls_slice oid;

        mutls_der_enter(&field, MUTLS_DER_SEQUENCE, &mgf);
        oid = mutls_der_oid(&mgf);
        TRY(check(&mgf));
        if (OID_IS(oid, OID_MGF1)) {
            TRY(parse_hash_alg(&mgf, &mgf_hash));
            TRY(finish(&mgf));
        } else {
            mgf_ok = 0;
        }
        TRY(finish(&field));
    }
    if (mutls_der_enter_optional(&seq, MUTLS_DER_CTX_CONS(2), &field)) {
        salt = mutls_der_small_uint(&field);
        TRY(finish(&field));
    }
    if (mutls_der_enter_optional(&seq, MUTLS_DER_CTX_CONS(3), &field)) {
        trailer = mutls_der_small_uint(&field);
        TRY(finish(&field));
    }
    TRY(finish(&seq));
    out->pss_salt = salt;
    /* RFC 4055 §3.1: the trailer is 1 (0xBC); MGF1 must use the signature's own hash here. */
    out->supported = mgf_ok && trailer == 1 && mgf_hash == out->hash && salt <= MAX_PSS_SALT &&
                     (out->hash == MUTLS_HASH_SHA256 || out->hash == MUTLS_HASH_SHA384 ||
                      out->hash == MUTLS_HASH_SHA512);
    return 0;
}

/* AlgorithmIdentifier of a signature (RFC 5280 §4.1.1.2); @p whole gets the whole TLV. */
int mutls_x509_parse_sig_alg(mutls_rd *r, mutls_x509_sigalg *out, mutls_slice *whole)
{
    mutls_rd seq;
    mutls_slice oid;
    const oid_row *row;

    memset(out, 0, sizeof(*out));
    out->hash = MUTLS_HASH_NONE;
    TRY(mutls_x509_enter_sequence(r, whole, &seq));
    oid = mutls_der_oid(&seq);
    TRY(check(&seq));

    row = oid_find(oid, G_SIG);
    if (row != NULL) {
        out->kind = (mutls_sig_kind)row->b;
        out->hash = (mutls_hash_alg)row->a;
        switch (out->kind) {
        case MUTLS_SIG_RSA_PKCS1:
            /* RFC 4055 §5: NULL parameters, though absent ones are seen and accepted. */
            if (mutls_rd_remaining(&seq) > 0) {
                mutls_der_null(&seq);
            }
            out->supported = out->hash == MUTLS_HASH_SHA256 || out->hash == MUTLS_HASH_SHA384 ||
                             out->hash == MUTLS_HASH_SHA512;
            break;
        case MUTLS_SIG_RSA_PSS:
            /* Absent parameters would mean SHA-1 everywhere: refused as unsupported. */
            if (mutls_rd_remaining(&seq) == 0) {
                return 0;
            }
            TRY(parse_pss_params(&seq, out));
            break;
        default:
            /* RFC 5758 §3.2: the ECDSA identifiers have no parameters at all. */
            out->supported = out->hash == MUTLS_HASH_SHA256 || out->hash == MUTLS_HASH_SHA384;
            break;
        }
        return finish(&seq);
    }
    /* Unknown algorithm: its parameters are opaque, but must still be well-formed DER. */
    if (mutls_der_check_nesting(mutls_rd_rest(&seq), MUTLS_DER_MAX_NESTING) != 0) {
        return MUTLS_ERR_X509_MALFORMED;
    }
    return 0;
}

/* ------------------------------------------------------------ names, key */

/* Name ::= SEQUENCE OF SET SIZE (1..MAX) OF SEQUENCE { type OID, value ANY } (§4.1.2.4). */
int mutls_x509_parse_name(mutls_rd *r, mutls_slice *whole)
{
    mutls_rd rdns;

    TRY(mutls_x509_enter_sequence(r, whole, &rdns));
    while (mutls_rd_remaining(&rdns) > 0) {
        mutls_rd set;

        mutls_der_enter(&rdns, MUTLS_DER_SET, &set);
        if (mutls_rd_remaining(&set) == 0) {
            return MUTLS_ERR_X509_MALFORMED;
        }
        while (mutls_rd_remaining(&set) > 0) {
            mutls_rd atv;
            mutls_der_tlv value;

            mutls_der_enter(&set, MUTLS_DER_SEQUENCE, &atv);
            (void)mutls_der_oid(&atv);
            mutls_der_any(&atv, &value);
            TRY(finish(&atv));
        }
        TRY(finish(&set));
    }
    return finish(&rdns);
}

/* Number of significant bits of a big-endian magnitude without leading zero bytes. */
static size_t magnitude_bits(mutls_slice m)
{
    mutls_rd r;
    uint8_t top;
    size_t bits;

    mutls_rd_init_slice(&r, m);
    top = mutls_rd_u8(&r);
    if (r.err != 0) {
        return 0;
    }
    bits = (m.len - 1) * 8;
    while (top != 0) {
        bits++;
        top >>= 1;
    }
    return bits;
}

/*
 * SubjectPublicKeyInfo ::= SEQUENCE { algorithm AlgorithmIdentifier, subjectPublicKey BIT
 * STRING } (§4.1.2.7). Only the kind and size are taken here; keys.c imports the key when a
 * signature is checked with it.
 */
static int parse_spki(mutls_rd *r, mutls_x509 *x)
{
    mutls_rd spki;
    mutls_rd alg;
    mutls_slice key;
    const oid_row *alg_row;

    TRY(mutls_x509_enter_sequence(r, &x->spki, &spki));
    mutls_der_enter(&spki, MUTLS_DER_SEQUENCE, &alg);
    alg_row = oid_find(mutls_der_oid(&alg), G_KEY);
    TRY(check(&alg));
    key = mutls_der_bit_string(&spki);
    TRY(finish(&spki));

    x->key_type = MUTLS_KEY_NONE;
    if (alg_row != NULL && alg_row->a == MUTLS_KEY_RSA) {
        mutls_rd kr;
        mutls_rd seq;
        mutls_slice n;

        /* RFC 3279 §2.3.1: NULL parameters (PSS keys may carry their own parameters). */
        if (alg_row->b && mutls_rd_remaining(&alg) > 0) {
            mutls_der_null(&alg);
        } else if (mutls_rd_remaining(&alg) > 0) {
            mutls_der_tlv params;
            mutls_der_any(&alg, &params);
        }
        mutls_rd_init_slice(&kr, key);
        mutls_der_enter(&kr, MUTLS_DER_SEQUENCE, &seq);
        n = mutls_der_uint(&seq);
        (void)mutls_der_uint(&seq);
        TRY(finish(&seq));
        TRY(finish(&kr));
        x->key_type = MUTLS_KEY_RSA;
        x->key_bits = magnitude_bits(n);
        return finish(&alg);
    }
    if (alg_row != NULL) { /* id-ecPublicKey */
        const oid_row *curve;

        /* RFC 5480 §2.1.1: namedCurve only; implicit and explicit curves are well-formed
         * but not something mutls uses (the key type stays NONE). */
        if (mutls_der_peek(&alg) != MUTLS_DER_OID) {
            return mutls_der_check_nesting(mutls_rd_rest(&alg), MUTLS_DER_MAX_NESTING) == 0
                       ? 0
                       : MUTLS_ERR_X509_MALFORMED;
        }
        curve = oid_find(mutls_der_oid(&alg), G_CURVE);
        TRY(finish(&alg));
        if (curve != NULL) {
            x->key_type = MUTLS_KEY_EC;
            x->curve = (mutls_curve)curve->a;
            x->key_bits = (size_t)curve->b * 8;
        }
        return 0;
    }
    /* Another key type: well-formed, but one mutls will not use. */
    return mutls_der_check_nesting(mutls_rd_rest(&alg), MUTLS_DER_MAX_NESTING) == 0
               ? 0
               : MUTLS_ERR_X509_MALFORMED;
}

/* ------------------------------------------------------------ extensions */

/* BasicConstraints ::= SEQUENCE { cA BOOLEAN DEFAULT FALSE, pathLenConstraint INTEGER OPTIONAL } */
static int parse_basic_constraints(mutls_rd *r, mutls_x509 *x)
{
    mutls_rd seq;

    mutls_der_enter(r, MUTLS_DER_SEQUENCE, &seq);
    if (mutls_der_peek(&seq) == MUTLS_DER_BOOLEAN) {
        x->is_ca = mutls_der_boolean(&seq);
    }
    if (mutls_der_peek(&seq) == MUTLS_DER_INTEGER) {
        uint32_t len = mutls_der_small_uint(&seq);
        x->path_len = len > 255 ? 255 : (int)len;
    }
    /* RFC 5280 §4.2.1.9: pathLenConstraint only with cA TRUE (as openssl -x509_strict). */
    if (seq.err == 0 && x->path_len >= 0 && !x->is_ca) {
        return MUTLS_ERR_X509_MALFORMED;
    }
    return finish(&seq);
}

/* ExtKeyUsageSyntax ::= SEQUENCE SIZE (1..MAX) OF KeyPurposeId */
static int parse_eku(mutls_rd *r, mutls_x509 *x)
{
    mutls_rd seq;

    mutls_der_enter(r, MUTLS_DER_SEQUENCE, &seq);
    if (mutls_rd_remaining(&seq) == 0) {
        return MUTLS_ERR_X509_MALFORMED;
    }
    while (mutls_rd_remaining(&seq) > 0) {
        const oid_row *row = oid_find(mutls_der_oid(&seq), G_EKU);
        x->eku |= row != NULL ? row->a : MUTLS_X509_EKU_OTHER;
    }
    return finish(&seq);
}

/* AuthorityKeyIdentifier ::= SEQUENCE { keyIdentifier [0] IMPLICIT OCTET STRING OPTIONAL,
 *   authorityCertIssuer [1] GeneralNames OPTIONAL, authorityCertSerialNumber [2] OPTIONAL } */
int mutls_x509_parse_aki(mutls_rd *r, mutls_slice *key_id)
{
    mutls_rd seq;
    mutls_der_tlv t;

    mutls_der_enter(r, MUTLS_DER_SEQUENCE, &seq);
    if (mutls_der_peek(&seq) == MUTLS_DER_CTX_PRIM(0)) {
        *key_id = mutls_der_value(&seq, MUTLS_DER_CTX_PRIM(0));
    }
    if (mutls_der_peek(&seq) == MUTLS_DER_CTX_CONS(1)) {
        mutls_der_any(&seq, &t);
    }
    if (mutls_der_peek(&seq) == MUTLS_DER_CTX_PRIM(2)) {
        mutls_der_any(&seq, &t);
    }
    return finish(&seq);
}

/* NameConstraints ::= SEQUENCE { permittedSubtrees [0] OPTIONAL, excludedSubtrees [1] OPTIONAL } */
static int parse_name_constraints(mutls_rd *r, mutls_x509 *x)
{
    mutls_rd seq;

    mutls_der_enter(r, MUTLS_DER_SEQUENCE, &seq);
    if (mutls_der_peek(&seq) == MUTLS_DER_CTX_CONS(0)) {
        x->nc_permitted = mutls_der_value(&seq, MUTLS_DER_CTX_CONS(0));
        TRY(check(&seq));
        TRY(mutls_x509_check_general_names(x->nc_permitted, 1));
    }
    if (mutls_der_peek(&seq) == MUTLS_DER_CTX_CONS(1)) {
        x->nc_excluded = mutls_der_value(&seq, MUTLS_DER_CTX_CONS(1));
        TRY(check(&seq));
        TRY(mutls_x509_check_general_names(x->nc_excluded, 1));
    }
    /* RFC 5280 §4.2.1.10: the sequence is never empty. */
    if (x->nc_permitted.len == 0 && x->nc_excluded.len == 0) {
        return MUTLS_ERR_X509_MALFORMED;
    }
    return finish(&seq);
}

/* One extension's value (the OCTET STRING contents), by OID; @p ctx is the mutls_x509. */
static int parse_extension_value(void *ctx, mutls_slice oid, int critical, mutls_rd *v)
{
    mutls_x509 *x = ctx;
    const oid_row *row = oid_find(oid, G_EXT);
    int rc;

    /* The policy extensions (x509_policy.c): recognised, so a critical one is no unknown. */
    rc = mutls_x509_parse_policy_ext(oid, critical, v, x);
    if (rc <= 0) {
        return rc;
    }
    if (row == NULL) {
        /* RFC 5280 §4.2: an unrecognised critical extension makes the certificate unusable;
         * verification refuses it (with the depth). A non-critical one is ignored. */
        if (critical) {
            x->flags |= MUTLS_X509_UNKNOWN_CRITICAL;
        }
        mutls_rd_skip(v, mutls_rd_remaining(v));
        return 0;
    }
    x->flags |= row->a;
    /* §4.2.1.1, §4.2.1.2: key identifiers are never critical (as openssl -x509_strict). */
    if (critical && (row->a == MUTLS_X509_HAS_SKI || row->a == MUTLS_X509_HAS_AKI)) {
        return MUTLS_ERR_X509_MALFORMED;
    }
    if (critical && row->a == MUTLS_X509_HAS_SAN) {
        x->flags |= MUTLS_X509_SAN_CRITICAL;
    }
    /* §4.2.1.9, §4.2.1.10: critical in a CA; verification checks it (a bundle still loads). */
    if (!critical && row->a == MUTLS_X509_HAS_BASIC_CONSTRAINTS) {
        x->flags |= MUTLS_X509_BC_NOT_CRITICAL;
    } else if (!critical && row->a == MUTLS_X509_HAS_NAME_CONSTRAINTS) {
        x->flags |= MUTLS_X509_NC_NOT_CRITICAL;
    }
    switch (row->a) {
    case MUTLS_X509_HAS_BASIC_CONSTRAINTS:
        return parse_basic_constraints(v, x);
    case MUTLS_X509_HAS_KEY_USAGE:
        x->key_usage = mutls_der_bit_flags(v, 9); /* digitalSignature .. decipherOnly */
        /* RFC 5280 §4.2.1.3: at least one bit is set when the extension is present, and
         * KeyUsage names bits 0 (digitalSignature) to 8 (decipherOnly) only: a bit past them
         * is no usage anyone granted (as X509-Anvil KeyUsageOverflowTests.
         * keyUsageOverflowAppend1Entity; trailing zero bits: der.c). */
        if (v->err == 0 && (x->key_usage == 0 || (x->key_usage >> 9) != 0)) {
            return MUTLS_ERR_X509_MALFORMED;
        }
        return 0;
    case MUTLS_X509_HAS_EKU:
        return parse_eku(v, x);
    case MUTLS_X509_HAS_SAN:
        x->san = mutls_der_value(v, MUTLS_DER_SEQUENCE);
        TRY(check(v));
        return mutls_x509_check_general_names(x->san, 0);
    case MUTLS_X509_HAS_SKI:
        x->ski = mutls_der_value(v, MUTLS_DER_OCTET_STRING);
        return 0;
    case MUTLS_X509_HAS_AKI:
        return mutls_x509_parse_aki(v, &x->aki);
    case MUTLS_X509_HAS_CRLDP: {
        /* mutls never follows these pointers, so a certificate is not refused for them (as
         * before CRLs, and as OpenSSL and Go do): kept unchecked, and read by x509_crl.c only
         * when a CRL is scoped to a distribution point name; malformed, they name none. */
        mutls_rd seq = *v;
        mutls_slice dps = mutls_der_value(&seq, MUTLS_DER_SEQUENCE);

        if (seq.err == 0 && mutls_rd_remaining(&seq) == 0) {
            x->crldp = dps;
        }
        mutls_rd_skip(v, mutls_rd_remaining(v));
        return 0;
    }
    default: /* MUTLS_X509_HAS_NAME_CONSTRAINTS */
        return parse_name_constraints(v, x);
    }
}

/* Extensions ::= SEQUENCE SIZE (1..MAX) OF SEQUENCE { extnID, critical DEFAULT FALSE,
 * extnValue OCTET STRING } (§4.1.2.9; CRLs use the same form, §5.2, §5.3) */
int mutls_x509_parse_extensions(mutls_rd *r, mutls_x509_ext_fn fn, void *ctx)
{
    mutls_slice seen[MAX_EXTENSIONS];
    size_t n = 0;
    mutls_rd seq;

    mutls_der_enter(r, MUTLS_DER_SEQUENCE, &seq);
    if (mutls_rd_remaining(&seq) == 0) {
        return MUTLS_ERR_X509_MALFORMED;
    }
    while (mutls_rd_remaining(&seq) > 0) {
        mutls_rd ext;
        mutls_rd value;
        mutls_slice oid;
        int critical = 0;
        size_t i;

        mutls_der_enter(&seq, MUTLS_DER_SEQUENCE, &ext);
        oid = mutls_der_oid(&ext);
        if (mutls_der_peek(&ext) == MUTLS_DER_BOOLEAN) {
            critical = mutls_der_boolean(&ext);
        }
        mutls_der_enter(&ext, MUTLS_DER_OCTET_STRING, &value);
        TRY(finish(&ext));
        /* RFC 5280 §4.2: one instance of a given extension per certificate (or CRL). */
        for (i = 0; i < n; i++) {
            if (mutls_der_oid_is(oid, seen[i].p, seen[i].len)) {
                return MUTLS_ERR_X509_MALFORMED;
            }
        }
        if (n == MAX_EXTENSIONS) {
            return MUTLS_ERR_X509_MALFORMED;
        }
        seen[n++] = oid;
        TRY(fn(ctx, oid, critical, &value));
        TRY(finish(&value));
    }
    return finish(&seq);
}

/* ------------------------------------------------------------ certificate */

/*
 * TBSCertificate ::= SEQUENCE { version [0] EXPLICIT DEFAULT v1, serialNumber, signature,
 *   issuer, validity, subject, subjectPublicKeyInfo, issuerUniqueID [1] IMPLICIT OPTIONAL,
 *   subjectUniqueID [2] IMPLICIT OPTIONAL, extensions [3] EXPLICIT OPTIONAL }
 */
static int parse_tbs(mutls_rd *r, mutls_x509 *x, mutls_slice *tbs_alg)
{
    mutls_rd field;
    mutls_rd validity;
    mutls_x509_sigalg inner;
    mutls_der_tlv t;
    uint8_t top;

    x->version = 1;
    if (mutls_der_enter_optional(r, MUTLS_DER_CTX_CONS(0), &field)) {
        uint32_t v = mutls_der_small_uint(&field);
        TRY(finish(&field));
        /* v1 is the DEFAULT, and X.690 §11.5 leaves a DEFAULT value out of DER, so an explicit
         * version is v2 or v3 (as X509-Anvil BerInsteadOfDerTests.explicitVersion1Entity). */
        if (v < 1 || v > 2) {
            return MUTLS_ERR_X509_MALFORMED;
        }
        x->version = (int)v + 1;
    }
    x->serial = mutls_der_integer(r);
    TRY(check(r));
    mutls_rd_init_slice(&field, x->serial);
    top = mutls_rd_u8(&field);
    /* §4.1.2.2: at most 20 octets; see the file comment for the sign rules. */
    if ((top & 0x80) != 0 || x->serial.len > 21 || (x->serial.len == 21 && top != 0)) {
        return MUTLS_ERR_X509_MALFORMED;
    }
    TRY(mutls_x509_parse_sig_alg(r, &inner, tbs_alg));
    TRY(mutls_x509_parse_name(r, &x->issuer));
    mutls_der_enter(r, MUTLS_DER_SEQUENCE, &validity);
    /* RFC 5280 §4.1.2.5 tells CAs to encode dates through 2049 as UTCTime; a GeneralizedTime
     * before 2050 is still accepted on purpose: NIST's PKITS (4.2.4) expects verifiers to
     * accept it, as OpenSSL and Go do (X509-Anvil's GeneralizedTimeBefore2050Tests expect a
     * refusal: vectors/x509/anvil lists it as policy). */
    x->not_before = mutls_der_time(&validity);
    x->not_after = mutls_der_time(&validity);
    TRY(finish(&validity));
    TRY(mutls_x509_parse_name(r, &x->subject));
    TRY(parse_spki(r, x));
    /* §4.1.2.8: unique identifiers [1] and [2], only in v2 and v3. */
    for (top = 1; top <= 2; top++) {
        if (mutls_der_peek(r) == MUTLS_DER_CTX_PRIM(top)) {
            mutls_der_any(r, &t);
            TRY(x->version >= 2 ? check(r) : MUTLS_ERR_X509_MALFORMED);
        }
    }
    if (mutls_der_enter_optional(r, MUTLS_DER_CTX_CONS(3), &field)) {
        /* §4.1.2.9: extensions only in v3. */
        if (x->version != 3) {
            return MUTLS_ERR_X509_MALFORMED;
        }
        TRY(mutls_x509_parse_extensions(&field, parse_extension_value, x));
        TRY(finish(&field));
    }
    return finish(r);
}

static int slice_eq(mutls_slice a, mutls_slice b)
{
    return a.len == b.len && (a.len == 0 || memcmp(a.p, b.p, a.len) == 0);
}

/* Certificate ::= SEQUENCE { tbsCertificate, signatureAlgorithm, signatureValue BIT STRING } */
int mutls_x509_parse(mutls_x509 *x, const uint8_t *der, size_t len)
{
    mutls_rd r;
    mutls_rd cert;
    mutls_rd tbs;
    mutls_slice tbs_alg = {NULL, 0};
    mutls_slice outer_alg = {NULL, 0};
    int rc;

    memset(x, 0, sizeof(*x));
    x->path_len = -1;
    x->require_explicit = -1;
    if (der == NULL) {
        return MUTLS_ERR_BAD_ARGUMENT;
    }
    mutls_rd_init(&r, der, len);
    if ((rc = mutls_x509_enter_sequence(&r, &x->der, &cert)) < 0 || (rc = finish(&r)) < 0 ||
        (rc = mutls_x509_enter_sequence(&cert, &x->tbs, &tbs)) < 0 ||
        (rc = parse_tbs(&tbs, x, &tbs_alg)) < 0) {
        goto out;
    }
    rc = mutls_x509_parse_sig_alg(&cert, &x->sig, &outer_alg);
    if (rc < 0) {
        goto out;
    }
    x->signature = mutls_der_bit_string(&cert);
    rc = finish(&cert);
    if (rc < 0) {
        goto out;
    }
    /* §4.1.1.2: the outer signatureAlgorithm is the same as the one inside the TBS. */
    if (!slice_eq(tbs_alg, outer_alg)) {
        rc = MUTLS_ERR_X509_MALFORMED;
        goto out;
    }
    /* §4.1.2.6, §4.2.1.6: a certificate with an empty subject names its holder in a
     * subjectAltName that is present and critical (openssl -x509_strict agrees); §4.2.1.10:
     * name constraints only in a CA certificate. */
    if ((x->subject.len == 2 && (x->flags & MUTLS_X509_SAN_CRITICAL) == 0) ||
        ((x->flags & MUTLS_X509_HAS_NAME_CONSTRAINTS) != 0 && !x->is_ca)) {
        rc = MUTLS_ERR_X509_MALFORMED;
        goto out;
    }
    /* Path building asks this for every candidate: decide it once (RFC 5280 §7.1 compare). */
    if (mutls_x509_name_equal(x->issuer, x->subject)) {
        x->flags |= MUTLS_X509_SELF_ISSUED;
    }
    rc = 0;
out:
    if (rc < 0) {
        memset(x, 0, sizeof(*x));
        x->path_len = -1;
        x->require_explicit = -1;
    }
    return rc;
}

int mutls_x509_self_issued(const mutls_x509 *x)
{
    return (x->flags & MUTLS_X509_SELF_ISSUED) != 0;
}
