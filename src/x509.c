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
 * subtrees) are walked and checked in x509_gn.c, extensions read in x509_ext.c.
 *
 * A refused certificate names the rule it breaks in mutls_x509.why: each check that knows a
 * rule names it (mutls_x509_refuse keeps the first, innermost one), and a DER break that no
 * rule explains is named by the field it sits in ("its DER structure is broken inside its
 * issuer name"), so a user never reads a bare "malformed".
 *
 * Serial numbers: RFC 5280 §4.1.2.2 asks for a positive value of at most 20 octets. mutls
 * accepts zero (old roots use it), accepts 20 value octets (21 encoded, the first being the
 * sign byte 00), and refuses negative serials: they only come from broken issuers.
 */
#include "x509.h"

#include <string.h>

#include "der.h"

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

#define OID_IS(oid, lit) MUTLS_DER_OID_IS(oid, lit)

/*
 * Every OID this file interprets, in one table (a chain of compares costs about 35 bytes of
 * code per OID). Each row is {group, a, b, OID}; what a and b mean depends on the group.
 */
enum {
    G_HASH = 1, /* a: mutls_hash_alg */
    G_SIG,      /* a: mutls_hash_alg, b: mutls_sig_kind */
    G_KEY,      /* a: mutls_key_type, b: 1 when the parameters must be NULL or absent */
    G_CURVE     /* a: mutls_curve, b: bits / 8 */
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
};
/* clang-format on */

/* The row of @p group naming @p oid, or NULL when mutls does not know it. */
static const oid_row *oid_find(mutls_slice oid, int group)
{
    return mutls_der_oid_find(oid, oids, sizeof(oids) / sizeof(oids[0]), group);
}

int mutls_x509_rd_end(mutls_rd *r)
{
    return mutls_der_end(r) == 0 ? 0 : MUTLS_ERR_X509_MALFORMED;
}

int mutls_x509_rd_good(const mutls_rd *r)
{
    return r->err == 0 ? 0 : MUTLS_ERR_X509_MALFORMED;
}

int mutls_x509_refuse(const char **why, int code, const char *rule)
{
    if (*why == NULL) {
        *why = rule;
    }
    return code;
}

int mutls_x509_malformed(const char **why, const char *rule)
{
    return mutls_x509_refuse(why, MUTLS_ERR_X509_MALFORMED, rule);
}

int mutls_x509_in_field(const char **why, int rc, const char *rule)
{
    return rc < 0 ? mutls_x509_refuse(why, rc, rule) : rc;
}

/* The fallback rule of a DER break inside field @p f (a string literal). */
#define BROKEN(f) "its DER structure is broken inside its " f " (X.690)"

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
    TRY(mutls_x509_rd_end(&seq));
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
    TRY(mutls_x509_rd_good(&seq));
    if (mutls_der_enter_optional(&seq, MUTLS_DER_CTX_CONS(0), &field)) {
        TRY(parse_hash_alg(&field, &out->hash));
        TRY(mutls_x509_rd_end(&field));
    }
    if (mutls_der_enter_optional(&seq, MUTLS_DER_CTX_CONS(1), &field)) {
        mutls_rd mgf;
        mutls_slice oid;

        mutls_der_enter(&field, MUTLS_DER_SEQUENCE, &mgf);
        oid = mutls_der_oid(&mgf);
        TRY(mutls_x509_rd_good(&mgf));
        if (OID_IS(oid, OID_MGF1)) {
            TRY(parse_hash_alg(&mgf, &mgf_hash));
            TRY(mutls_x509_rd_end(&mgf));
        } else {
            mgf_ok = 0;
        }
        TRY(mutls_x509_rd_end(&field));
    }
    if (mutls_der_enter_optional(&seq, MUTLS_DER_CTX_CONS(2), &field)) {
        salt = mutls_der_small_uint(&field);
        TRY(mutls_x509_rd_end(&field));
    }
    if (mutls_der_enter_optional(&seq, MUTLS_DER_CTX_CONS(3), &field)) {
        trailer = mutls_der_small_uint(&field);
        TRY(mutls_x509_rd_end(&field));
    }
    TRY(mutls_x509_rd_end(&seq));
    out->pss_salt = salt;
    /* RFC 4055 §3.1: the trailer is 1 (0xBC); MGF1 must use the signature's own hash here. */
    out->supported = mgf_ok && trailer == 1 && mgf_hash == out->hash && salt <= MAX_PSS_SALT &&
                     (out->hash == MUTLS_HASH_SHA256 || out->hash == MUTLS_HASH_SHA384 ||
                      out->hash == MUTLS_HASH_SHA512);
    return 0;
}

/* AlgorithmIdentifier of a signature (RFC 5280 §4.1.1.2); @p whole gets the whole TLV. */
int mutls_x509_parse_sig_alg(mutls_rd *r, mutls_x509_sigalg *out, mutls_slice *whole,
                             const char **why)
{
    mutls_rd seq;
    mutls_slice oid;
    const oid_row *row;

    memset(out, 0, sizeof(*out));
    out->hash = MUTLS_HASH_NONE;
    TRY(mutls_x509_enter_sequence(r, whole, &seq));
    oid = mutls_der_oid(&seq);
    TRY(mutls_x509_rd_good(&seq));

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
            return mutls_x509_rd_end(&seq) == 0
                       ? 0
                       : mutls_x509_malformed(
                             why, "its RSA signature algorithm has parameters other than "
                                  "NULL (RFC 4055 section 5)");
        case MUTLS_SIG_RSA_PSS:
            /* Absent parameters would mean SHA-1 everywhere: refused as unsupported. */
            if (mutls_rd_remaining(&seq) == 0) {
                return 0;
            }
            if (parse_pss_params(&seq, out) < 0 || mutls_x509_rd_end(&seq) < 0) {
                return mutls_x509_malformed(
                    why, "its RSASSA-PSS signature parameters are malformed (RFC "
                         "4055 3.1)");
            }
            return 0;
        default:
            /* RFC 5758 §3.2: the ECDSA identifiers have no parameters at all. A SHA-512
             * digest is truncated to the curve's size (SEC 1 §4.1.4 step 5). */
            out->supported = out->hash == MUTLS_HASH_SHA256 || out->hash == MUTLS_HASH_SHA384 ||
                             out->hash == MUTLS_HASH_SHA512;
            return mutls_x509_rd_end(&seq) == 0
                       ? 0
                       : mutls_x509_malformed(
                             why, "its ECDSA signature algorithm has parameters, which RFC "
                                  "5758 3.2 leaves out");
        }
    }
    /* Unknown algorithm: its parameters are opaque, but must still be well-formed DER. */
    if (mutls_der_check_nesting(mutls_rd_rest(&seq), MUTLS_DER_MAX_NESTING) != 0) {
        return MUTLS_ERR_X509_MALFORMED;
    }
    return 0;
}

/* ------------------------------------------------------------ names, key */

/* Whether @p v (UTF8String contents) is well-formed UTF-8 (RFC 3629 §4): no overlong forms,
 * no surrogates, nothing above U+10FFFF. */
static int utf8_ok(mutls_slice v)
{
    mutls_rd r;

    mutls_rd_init_slice(&r, v);
    while (mutls_rd_remaining(&r) > 0) {
        uint8_t c = mutls_rd_u8(&r);
        uint8_t lo = 0x80, hi = 0xbf;
        size_t more;

        if (c < 0x80) {
            continue;
        }
        if (c >= 0xc2 && c <= 0xdf) {
            more = 1;
        } else if (c >= 0xe0 && c <= 0xef) {
            more = 2;
            lo = c == 0xe0 ? 0xa0 : 0x80; /* overlong */
            hi = c == 0xed ? 0x9f : 0xbf; /* surrogates */
        } else if (c >= 0xf0 && c <= 0xf4) {
            more = 3;
            lo = c == 0xf0 ? 0x90 : 0x80;
            hi = c == 0xf4 ? 0x8f : 0xbf; /* above U+10FFFF */
        } else {
            return 0;
        }
        for (; more > 0; more--) {
            uint8_t t = mutls_rd_u8(&r);

            if (r.err != 0 || t < lo || t > hi) {
                return 0;
            }
            lo = 0x80;
            hi = 0xbf;
        }
    }
    return 1;
}

/* The string types of an attribute value hold what their type allows (X.680 §41): UTF-8 in a
 * UTF8String, 7-bit characters in an IA5String, whole characters in a BMPString (2 octets)
 * or a UniversalString (4). PrintableString's narrower set is not enforced: certificates in
 * the field carry '*', '@' or '_' there, and names compare as octets either way. */
static int string_ok(const mutls_der_tlv *v, const char **why)
{
    mutls_rd r;

    switch (v->tag) {
    case MUTLS_DER_UTF8_STRING:
        return utf8_ok(v->value) ? 0
                                 : mutls_x509_malformed(why, "one of its names has a UTF8String "
                                                             "that is not valid UTF-8 (RFC 5280 "
                                                             "4.1.2.4, RFC 3629)");
    case MUTLS_DER_IA5_STRING:
        mutls_rd_init_slice(&r, v->value);
        while (mutls_rd_remaining(&r) > 0) {
            if (mutls_rd_u8(&r) >= 0x80) {
                return mutls_x509_malformed(why, "one of its names has an IA5String with a "
                                                 "byte above 0x7F (X.680 41)");
            }
        }
        return 0;
    case MUTLS_DER_BMP_STRING:
    case MUTLS_DER_UNIVERSAL_STRING:
        return v->value.len % (v->tag == MUTLS_DER_BMP_STRING ? 2 : 4) == 0
                   ? 0
                   : mutls_x509_malformed(why, "one of its names has a BMPString or "
                                               "UniversalString cut inside a character "
                                               "(X.680 41)");
    default:
        return 0;
    }
}

/* RelativeDistinguishedName ::= SET SIZE (1..MAX) OF SEQUENCE { type OID, value ANY }
 * (§4.1.2.4), its contents. */
int mutls_x509_check_rdn(mutls_rd *set, const char **why)
{
    TRY(mutls_x509_rd_good(set));
    if (mutls_rd_remaining(set) == 0) {
        return mutls_x509_malformed(
            why, "one of its names has an empty RelativeDistinguishedName (RFC 5280 4.1.2.4)");
    }
    while (mutls_rd_remaining(set) > 0) {
        mutls_rd atv;
        mutls_der_tlv value;

        mutls_der_enter(set, MUTLS_DER_SEQUENCE, &atv);
        (void)mutls_der_oid(&atv);
        mutls_der_any(&atv, &value);
        TRY(mutls_x509_rd_end(&atv));
        TRY(string_ok(&value, why));
    }
    return mutls_x509_rd_end(set);
}

/* Name ::= SEQUENCE OF RelativeDistinguishedName (§4.1.2.4). */
int mutls_x509_parse_name(mutls_rd *r, mutls_slice *whole, const char **why)
{
    mutls_rd rdns;

    TRY(mutls_x509_enter_sequence(r, whole, &rdns));
    while (mutls_rd_remaining(&rdns) > 0) {
        mutls_rd set;

        mutls_der_enter(&rdns, MUTLS_DER_SET, &set);
        TRY(mutls_x509_rd_good(&rdns));
        TRY(mutls_x509_check_rdn(&set, why));
    }
    return mutls_x509_rd_end(&rdns);
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

/* RSAPublicKey ::= SEQUENCE { modulus INTEGER, publicExponent INTEGER } (RFC 3279 §2.3.1),
 * both positive; *bits gets the modulus size. */
static int parse_rsa_key(mutls_slice key, size_t *bits, const char **why)
{
    mutls_rd kr;
    mutls_rd seq;
    mutls_slice n;

    mutls_rd_init_slice(&kr, key);
    mutls_der_enter(&kr, MUTLS_DER_SEQUENCE, &seq);
    n = mutls_der_uint(&seq);
    (void)mutls_der_uint(&seq);
    if (mutls_x509_rd_end(&seq) < 0 || mutls_x509_rd_end(&kr) < 0) {
        return mutls_x509_malformed(
            why, "its RSA public key is not a SEQUENCE of a modulus and an exponent "
                 "(RFC 3279 2.3.1)");
    }
    *bits = magnitude_bits(n);
    return 0;
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
    TRY(mutls_x509_rd_good(&alg));
    key = mutls_der_bit_string(&spki);
    TRY(mutls_x509_rd_end(&spki));

    x->key_type = MUTLS_KEY_NONE;
    if (alg_row != NULL && alg_row->a == MUTLS_KEY_RSA) {
        /* RFC 3279 §2.3.1: NULL parameters (PSS keys may carry their own parameters). */
        if (alg_row->b && mutls_rd_remaining(&alg) > 0) {
            mutls_der_null(&alg);
            if (mutls_x509_rd_good(&alg) < 0) {
                return mutls_x509_malformed(&x->why,
                                            "its rsaEncryption key has parameters other than NULL "
                                            "(RFC 3279 2.3.1)");
            }
        } else if (mutls_rd_remaining(&alg) > 0) {
            mutls_der_tlv params;
            mutls_der_any(&alg, &params);
        }
        TRY(parse_rsa_key(key, &x->key_bits, &x->why));
        x->key_type = MUTLS_KEY_RSA;
        return mutls_x509_rd_end(&alg);
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
        TRY(mutls_x509_rd_end(&alg));
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

/* ------------------------------------------------------------ certificate */

/* version [0] EXPLICIT Version DEFAULT v1 (§4.1.2.1): x->version gets 1, 2 or 3. */
static int parse_version(mutls_rd *r, mutls_x509 *x)
{
    mutls_rd field;
    uint32_t v;

    x->version = 1;
    if (!mutls_der_enter_optional(r, MUTLS_DER_CTX_CONS(0), &field)) {
        return 0;
    }
    v = mutls_der_small_uint(&field);
    TRY(mutls_x509_in_field(&x->why, mutls_x509_rd_end(&field),
                            "its version field is not one small non-negative DER INTEGER (RFC "
                            "5280 4.1.2.1)"));
    /* v1 is the DEFAULT, and X.690 §11.5 leaves a DEFAULT value out of DER, so an explicit
     * version is v2 or v3 (as X509-Anvil BerInsteadOfDerTests.explicitVersion1Entity). */
    if (v == 0) {
        return mutls_x509_malformed(&x->why,
                                    "its version field says v1, the default, which DER leaves out "
                                    "(X.690 11.5)");
    }
    if (v > 2) {
        return mutls_x509_malformed(&x->why,
                                    "its version is none of v1, v2 and v3 (RFC 5280 4.1.2.1)");
    }
    x->version = (int)v + 1;
    return 0;
}

/* Why the serialNumber at @p at does not read as a DER INTEGER, when the reason is one of
 * X.690 §8.3's (NULL for a broken length, left to the field's fallback). */
static const char *serial_trouble(mutls_rd at)
{
    mutls_der_tlv t;
    mutls_rd v;
    uint8_t first;
    uint8_t second;

    mutls_der_any(&at, &t);
    if (at.err != 0) {
        return NULL;
    }
    if (t.tag != MUTLS_DER_INTEGER) {
        return "it has no serialNumber where RFC 5280 4.1 puts one (an INTEGER after the version)";
    }
    if (t.value.len == 0) {
        return "its serialNumber is an INTEGER without content octets (X.690 8.3.1)";
    }
    mutls_rd_init_slice(&v, t.value);
    first = mutls_rd_u8(&v);
    second = mutls_rd_u8(&v);
    /* X.690 §8.3.2: the first nine bits are never all zeros or all ones. */
    if (v.err == 0 &&
        ((first == 0x00 && (second & 0x80) == 0) || (first == 0xff && (second & 0x80) != 0))) {
        return "its DER encoding is not canonical: its serialNumber INTEGER has a superfluous "
               "leading octet (X.690 8.3.2)";
    }
    return NULL;
}

/* CertificateSerialNumber ::= INTEGER (§4.1.2.2); see the file comment for the sign rules. */
static int parse_serial(mutls_rd *r, mutls_x509 *x)
{
    mutls_rd at = *r;
    mutls_rd field;
    uint8_t top;

    x->serial = mutls_der_integer(r);
    if (r->err != 0) {
        const char *trouble = serial_trouble(at);

        return mutls_x509_malformed(&x->why, trouble != NULL ? trouble : BROKEN("serialNumber"));
    }
    mutls_rd_init_slice(&field, x->serial);
    top = mutls_rd_u8(&field);
    if ((top & 0x80) != 0) {
        return mutls_x509_malformed(&x->why, "its serialNumber is negative (RFC 5280 4.1.2.2)");
    }
    /* §4.1.2.2: at most 20 octets. */
    if (x->serial.len > 21 || (x->serial.len == 21 && top != 0)) {
        return mutls_x509_malformed(&x->why,
                                    "its serialNumber is longer than 20 octets (RFC 5280 4.1.2.2)");
    }
    return 0;
}

/* The issuer or subject Name: a refusal names @p empty_rdn (the one rule of a Name) or
 * @p broken. */
static int parse_name_field(mutls_rd *r, mutls_slice *whole, const char **why,
                            const char *empty_rdn, const char *broken)
{
    const char *inner = NULL;

    if (mutls_x509_parse_name(r, whole, &inner) < 0) {
        return mutls_x509_malformed(why, inner != NULL ? empty_rdn : broken);
    }
    return 0;
}

/*
 * TBSCertificate ::= SEQUENCE { version [0] EXPLICIT DEFAULT v1, serialNumber, signature,
 *   issuer, validity, subject, subjectPublicKeyInfo, issuerUniqueID [1] IMPLICIT OPTIONAL,
 *   subjectUniqueID [2] IMPLICIT OPTIONAL, extensions [3] EXPLICIT OPTIONAL }
 */
static int parse_tbs(mutls_rd *r, mutls_x509 *x, mutls_slice *tbs_alg)
{
    const char **why = &x->why;
    mutls_rd field;
    mutls_rd validity;
    mutls_x509_sigalg inner;
    mutls_der_tlv t;

    TRY(parse_version(r, x));
    TRY(parse_serial(r, x));
    TRY(mutls_x509_in_field(why, mutls_x509_parse_sig_alg(r, &inner, tbs_alg, why),
                            BROKEN("tbsCertificate signature field")));
    TRY(parse_name_field(r, &x->issuer, why,
                         "its issuer name has an empty RelativeDistinguishedName (RFC 5280 "
                         "4.1.2.4)",
                         BROKEN("issuer name")));
    mutls_der_enter(r, MUTLS_DER_SEQUENCE, &validity);
    /* RFC 5280 §4.1.2.5 tells CAs to encode dates through 2049 as UTCTime; a GeneralizedTime
     * before 2050 is still accepted on purpose: NIST's PKITS (4.2.4) expects verifiers to
     * accept it, as OpenSSL and Go do (X509-Anvil's GeneralizedTimeBefore2050Tests expect a
     * refusal: vectors/x509/anvil lists it as policy). */
    x->not_before = mutls_der_time(&validity);
    x->not_after = mutls_der_time(&validity);
    TRY(mutls_x509_in_field(why, mutls_x509_rd_end(&validity),
                            "its validity is not two times in the forms RFC 5280 4.1.2.5 allows "
                            "(YYMMDDHHMMSSZ or YYYYMMDDHHMMSSZ)"));
    TRY(parse_name_field(r, &x->subject, why,
                         "its subject name has an empty RelativeDistinguishedName (RFC 5280 "
                         "4.1.2.4)",
                         BROKEN("subject name")));
    TRY(mutls_x509_in_field(why, parse_spki(r, x), BROKEN("subjectPublicKeyInfo")));
    /* §4.1.2.8: unique identifiers [1] and [2], only in v2 and v3. */
    for (uint8_t id = 1; id <= 2; id++) {
        if (mutls_der_peek(r) == MUTLS_DER_CTX_PRIM(id)) {
            if (x->version < 2) {
                return mutls_x509_malformed(
                    why, "it has a unique identifier but is a v1 certificate (RFC "
                         "5280 4.1.2.8)");
            }
            mutls_der_any(r, &t);
            TRY(mutls_x509_in_field(why, mutls_x509_rd_good(r), BROKEN("unique identifiers")));
        }
    }
    if (mutls_der_enter_optional(r, MUTLS_DER_CTX_CONS(3), &field)) {
        /* §4.1.2.9: extensions only in v3. */
        if (x->version != 3) {
            return mutls_x509_malformed(why,
                                        "it has extensions but is not a v3 certificate (RFC 5280 "
                                        "4.1.2.9)");
        }
        TRY(mutls_x509_in_field(why, mutls_x509_parse_cert_extensions(&field, x),
                                BROKEN("extensions")));
        TRY(mutls_x509_in_field(why, mutls_x509_rd_end(&field), BROKEN("extensions")));
    }
    return mutls_x509_in_field(why, mutls_x509_rd_end(r),
                               "its tbsCertificate holds more after its last field (RFC 5280 4.1)");
}

/*
 * Why @p der does not open with one DER SEQUENCE that fits in it (X.690 §8.1.2, §8.1.3,
 * §10.1): read again byte by byte, to tell a file that is no certificate from a truncated or
 * BER-encoded one.
 */
static const char *outer_trouble(const uint8_t *der, size_t len)
{
    mutls_rd r;
    uint8_t first;
    size_t n;
    size_t body = 0;

    mutls_rd_init(&r, der, len);
    if (mutls_rd_u8(&r) != MUTLS_DER_SEQUENCE || r.err != 0) {
        return "it does not start with a SEQUENCE, as every certificate does (RFC 5280 4.1)";
    }
    first = mutls_rd_u8(&r);
    n = first & 0x7f;
    if (first == 0x80) {
        return "its DER encoding is not canonical: its outer SEQUENCE has an indefinite length "
               "(X.690 10.1)";
    }
    if (first > 0x80) {
        uint8_t top = mutls_rd_u8(&r);

        if (top == 0 || (n == 1 && top < 0x80)) {
            return "its DER encoding is not canonical: its outer length is not in the shortest "
                   "form (X.690 10.1)";
        }
        body = top;
        for (size_t i = 1; i < n && i < sizeof(size_t); i++) {
            body = (body << 8) | mutls_rd_u8(&r);
        }
    } else {
        body = first;
    }
    if (r.err != 0 || n > sizeof(size_t) || body > mutls_rd_remaining(&r)) {
        return "it ends before its outer SEQUENCE does (truncated, or a wrong length)";
    }
    return NULL;
}

/* Certificate ::= SEQUENCE { tbsCertificate, signatureAlgorithm, signatureValue BIT STRING } */
static int parse_certificate(mutls_x509 *x, const uint8_t *der, size_t len)
{
    const char **why = &x->why;
    mutls_rd r;
    mutls_rd cert;
    mutls_rd tbs;
    mutls_slice tbs_alg = {NULL, 0};
    mutls_slice outer_alg = {NULL, 0};

    mutls_rd_init(&r, der, len);
    if (mutls_x509_enter_sequence(&r, &x->der, &cert) < 0) {
        const char *trouble = outer_trouble(der, len);

        return mutls_x509_malformed(why, trouble != NULL ? trouble : BROKEN("outer SEQUENCE"));
    }
    TRY(mutls_x509_in_field(why, mutls_x509_rd_end(&r),
                            "it has bytes after its DER encoding ends"));
    TRY(mutls_x509_in_field(why, mutls_x509_enter_sequence(&cert, &x->tbs, &tbs),
                            BROKEN("tbsCertificate")));
    TRY(mutls_x509_in_field(why, parse_tbs(&tbs, x, &tbs_alg), BROKEN("tbsCertificate")));
    TRY(mutls_x509_in_field(why, mutls_x509_parse_sig_alg(&cert, &x->sig, &outer_alg, why),
                            BROKEN("signatureAlgorithm")));
    x->signature = mutls_der_bit_string(&cert);
    TRY(mutls_x509_in_field(why, mutls_x509_rd_end(&cert), BROKEN("signatureValue")));
    /* §4.1.1.2: the outer signatureAlgorithm is the same as the one inside the TBS. */
    if (!mutls_slice_eq(tbs_alg, outer_alg)) {
        return mutls_x509_malformed(
            why, "its signature algorithm inside and outside the signed part differ "
                 "(RFC 5280 4.1.1.2)");
    }
    /* §4.1.2.6, §4.2.1.6: a certificate with an empty subject names its holder in a
     * subjectAltName that is present and critical (openssl -x509_strict agrees). */
    if (x->subject.len == 2 && (x->flags & MUTLS_X509_HAS_SAN) == 0) {
        return mutls_x509_malformed(why,
                                    "its subject is empty and it has no subjectAltName (RFC 5280 "
                                    "4.1.2.6)");
    }
    if (x->subject.len == 2 && (x->flags & MUTLS_X509_SAN_CRITICAL) == 0) {
        return mutls_x509_malformed(
            why, "its subject is empty and its subjectAltName is not critical (RFC "
                 "5280 4.1.2.6)");
    }
    /* §4.2.1.10: name constraints only in a CA certificate. */
    if ((x->flags & MUTLS_X509_HAS_NAME_CONSTRAINTS) != 0 && !x->is_ca) {
        return mutls_x509_malformed(why,
                                    "it has nameConstraints but is not a CA certificate (RFC 5280 "
                                    "4.2.1.10)");
    }
    return 0;
}

int mutls_x509_parse(mutls_x509 *x, const uint8_t *der, size_t len)
{
    const char *why;
    int rc;

    memset(x, 0, sizeof(*x));
    x->path_len = -1;
    x->require_explicit = -1;
    if (der == NULL) {
        return MUTLS_ERR_BAD_ARGUMENT;
    }
    rc = parse_certificate(x, der, len);
    if (rc < 0) {
        /* Nothing of a refused certificate is used, but the rule it breaks. */
        why = x->why != NULL ? x->why : "its DER structure is broken (X.690)";
        memset(x, 0, sizeof(*x));
        x->path_len = -1;
        x->require_explicit = -1;
        x->why = why;
        return rc;
    }
    x->why = NULL;
    /* Path building asks this for every candidate: decide it once (RFC 5280 §7.1 compare). */
    if (mutls_x509_name_equal(x->issuer, x->subject)) {
        x->flags |= MUTLS_X509_SELF_ISSUED;
    }
    return 0;
}

int mutls_x509_self_issued(const mutls_x509 *x)
{
    return (x->flags & MUTLS_X509_SELF_ISSUED) != 0;
}
