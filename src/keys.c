/* SPDX-License-Identifier: MIT */
/*
 * keys.c - private and public key structures (see keys.h). Reads RSAPrivateKey
 * (RFC 8017 §A.1.2), ECPrivateKey (RFC 5915 §3), PrivateKeyInfo / OneAsymmetricKey
 * (RFC 5958 §2), EncryptedPrivateKeyInfo (RFC 5958 §3) with PBES2 (RFC 8018 §6.2, §A.2,
 * §A.4, §B.2.5) and SubjectPublicKeyInfo (RFC 5280 §4.1.2.7; RSA per RFC 3279 §2.3.1 and
 * RFC 4055 §1.2, EC per RFC 5480 §2) through der.h, and hands the numbers to the crypto
 * provider (crypto.h), which builds the keys. PEM armour comes from pem.h. No stdio here.
 *
 * Error policy: a DER failure inside a key becomes MUTLS_ERR_KEY_MALFORMED (inside an SPKI,
 * MUTLS_ERR_X509_MALFORMED); an algorithm we do not implement is *_UNSUPPORTED. For an
 * encrypted key, a wrong password shows as bad padding or a decrypted body that is not a
 * DER SEQUENCE, and is reported as MUTLS_ERR_KEY_BAD_PASSWORD.
 */
#include "keys.h"

#include <string.h>

#include "der.h"
#include "mem.h"
#include "pem.h"

/* A hostile file must not make us spin for minutes in PBKDF2. */
#if defined(MUTLS_FUZZING)
/* Fuzz builds: a lower cap, so that a large count is an error path and not a timeout. */
#define MAX_PBKDF2_ITERATIONS 20000u
#else
#define MAX_PBKDF2_ITERATIONS 10000000u
#endif
#define AES_BLOCK 16

#define CURVE_UNSUPPORTED                                                                         \
    "its elliptic curve is not one mutls supports (P-256 and P-384; secp256k1, P-521 and the "  \
    "Brainpool curves are not)"

/* clang-format off */
#define OID_RSA_ENCRYPTION "\x2a\x86\x48\x86\xf7\x0d\x01\x01\x01"
#define OID_RSASSA_PSS     "\x2a\x86\x48\x86\xf7\x0d\x01\x01\x0a"
#define OID_EC_PUBLIC_KEY  "\x2a\x86\x48\xce\x3d\x02\x01"
#define OID_P256           "\x2a\x86\x48\xce\x3d\x03\x01\x07"
#define OID_P384           "\x2b\x81\x04\x00\x22"
#define OID_PBES2          "\x2a\x86\x48\x86\xf7\x0d\x01\x05\x0d"
#define OID_PBKDF2         "\x2a\x86\x48\x86\xf7\x0d\x01\x05\x0c"
#define OID_HMAC_SHA1      "\x2a\x86\x48\x86\xf7\x0d\x02\x07"
#define OID_HMAC_SHA256    "\x2a\x86\x48\x86\xf7\x0d\x02\x09"
#define OID_HMAC_SHA384    "\x2a\x86\x48\x86\xf7\x0d\x02\x0a"
#define OID_HMAC_SHA512    "\x2a\x86\x48\x86\xf7\x0d\x02\x0b"
#define OID_AES128_CBC     "\x60\x86\x48\x01\x65\x03\x04\x01\x02"
#define OID_AES192_CBC     "\x60\x86\x48\x01\x65\x03\x04\x01\x16"
#define OID_AES256_CBC     "\x60\x86\x48\x01\x65\x03\x04\x01\x2a"
/* clang-format on */

typedef enum key_alg { ALG_UNKNOWN, ALG_RSA, ALG_RSA_PSS, ALG_EC } key_alg;

/* The OIDs this file interprets (der.h): looked up once instead of compared one by one. */
enum {
    G_KEY = 1, /* a: key_alg */
    G_CURVE,   /* a: mutls_curve */
    G_PRF,     /* a: mutls_hash_alg of the HMAC */
    G_AES,     /* a: key length in bytes */
    G_PBES2,   /* a: 1 (the scheme itself) */
    G_PBKDF2   /* a: 1 */
};

/* clang-format off */
static const mutls_der_oid_row oids[] = {
    MUTLS_DER_OID_ROW(G_KEY,    ALG_RSA,           0, OID_RSA_ENCRYPTION),
    MUTLS_DER_OID_ROW(G_KEY,    ALG_RSA_PSS,       0, OID_RSASSA_PSS),
    MUTLS_DER_OID_ROW(G_KEY,    ALG_EC,            0, OID_EC_PUBLIC_KEY),
    MUTLS_DER_OID_ROW(G_CURVE,  MUTLS_CURVE_P256,  0, OID_P256),
    MUTLS_DER_OID_ROW(G_CURVE,  MUTLS_CURVE_P384,  0, OID_P384),
    MUTLS_DER_OID_ROW(G_PRF,    MUTLS_HASH_SHA1,   0, OID_HMAC_SHA1),
    MUTLS_DER_OID_ROW(G_PRF,    MUTLS_HASH_SHA256, 0, OID_HMAC_SHA256),
    MUTLS_DER_OID_ROW(G_PRF,    MUTLS_HASH_SHA384, 0, OID_HMAC_SHA384),
    MUTLS_DER_OID_ROW(G_PRF,    MUTLS_HASH_SHA512, 0, OID_HMAC_SHA512),
    MUTLS_DER_OID_ROW(G_AES,    16,                0, OID_AES128_CBC),
    MUTLS_DER_OID_ROW(G_AES,    24,                0, OID_AES192_CBC),
    MUTLS_DER_OID_ROW(G_AES,    32,                0, OID_AES256_CBC),
    MUTLS_DER_OID_ROW(G_PBES2,  1,                 0, OID_PBES2),
    MUTLS_DER_OID_ROW(G_PBKDF2, 1,                 0, OID_PBKDF2),
};
/* clang-format on */

/* @p group's value for @p oid (row a), or @p unknown when the OID is not there. */
static int oid_value(mutls_slice oid, int group, int unknown)
{
    const mutls_der_oid_row *row =
        mutls_der_oid_find(oid, oids, sizeof(oids) / sizeof(oids[0]), group);

    return row != NULL ? row->a : unknown;
}

/* The DER forms a private key can take; the PEM label, when there is one, fixes it. */
typedef enum key_form { FORM_ANY, FORM_PKCS1, FORM_SEC1, FORM_PKCS8, FORM_ENCRYPTED } key_form;

static mutls_curve curve_from_oid(mutls_slice oid)
{
    return (mutls_curve)oid_value(oid, G_CURVE, MUTLS_CURVE_NONE);
}

/*
 * ECParameters (RFC 5480 §2.1.1): only the namedCurve choice is allowed there; the
 * implicitCurve (NULL) and specifiedCurve (SEQUENCE) forms are refused as unsupported, as
 * is an unknown named curve (MUTLS_CURVE_NONE with no reader error).
 */
static mutls_curve read_ec_parameters(mutls_rd *r)
{
    mutls_der_tlv t;

    if (mutls_der_peek(r) == MUTLS_DER_OID) {
        return curve_from_oid(mutls_der_oid(r));
    }
    mutls_der_any(r, &t);
    return MUTLS_CURVE_NONE;
}

/*
 * AlgorithmIdentifier of a key (RFC 5280 §4.1.1.2) for SPKI and PKCS#8. Sets *curve for EC.
 * Parameters the RFCs fix are checked: rsaEncryption takes NULL (RFC 3279 §2.3.1),
 * id-ecPublicKey an ECParameters. RSASSA-PSS parameters, if any, only restrict how the key
 * is used; they are walked for well-formedness but not interpreted here.
 */
static key_alg read_key_algorithm(mutls_rd *r, mutls_curve *curve)
{
    mutls_rd seq;
    mutls_slice oid;
    key_alg alg;

    *curve = MUTLS_CURVE_NONE;
    mutls_der_enter(r, MUTLS_DER_SEQUENCE, &seq);
    oid = mutls_der_oid(&seq);
    if (seq.err != 0) {
        mutls_rd_merge(r, &seq);
        return ALG_UNKNOWN;
    }
    alg = (key_alg)oid_value(oid, G_KEY, ALG_UNKNOWN);
    if (alg == ALG_RSA) {
        mutls_der_null(&seq);
    } else if (alg == ALG_RSA_PSS) {
        mutls_rd params;
        if (mutls_der_enter_optional(&seq, MUTLS_DER_SEQUENCE, &params) &&
            mutls_der_check_nesting(mutls_rd_rest(&params), MUTLS_DER_MAX_NESTING) != 0) {
            mutls_rd_fail(&seq, MUTLS_ERR_DER);
        }
    } else if (alg == ALG_EC) {
        *curve = read_ec_parameters(&seq);
    } else {
        /* Unknown: skip its parameters so the caller can still tell "malformed" apart. */
        while (mutls_rd_remaining(&seq) > 0) {
            mutls_der_tlv t;
            mutls_der_any(&seq, &t);
        }
    }
    mutls_der_close(r, &seq);
    return alg;
}

/* ---------------------------------------------------------------- public keys */

/* The first byte of @p s, or -1 when it is empty. */
static int first_byte(mutls_slice s)
{
    mutls_rd r;

    mutls_rd_init_slice(&r, s);
    return mutls_rd_remaining(&r) > 0 ? mutls_rd_u8(&r) : -1;
}

/* RSAPublicKey ::= SEQUENCE { modulus INTEGER, publicExponent INTEGER } (RFC 8017 §A.1.1) */
static int rsa_public_from(mutls_pkey **out, mutls_slice der)
{
    mutls_rd r;
    mutls_rd seq;
    mutls_slice n;
    mutls_slice e;

    mutls_rd_init_slice(&r, der);
    mutls_der_enter(&r, MUTLS_DER_SEQUENCE, &seq);
    n = mutls_der_uint(&seq);
    e = mutls_der_uint(&seq);
    mutls_der_close(&r, &seq);
    if (mutls_der_end(&r) != 0) {
        return MUTLS_ERR_X509_MALFORMED;
    }
    return mutls_pkey_rsa_public(out, n, e);
}

/*
 * SubjectPublicKeyInfo ::= SEQUENCE { algorithm AlgorithmIdentifier,
 *                                     subjectPublicKey BIT STRING }
 */
int mutls_key_parse_spki(mutls_pkey **out, mutls_slice spki)
{
    mutls_rd r;
    mutls_rd seq;
    mutls_curve curve;
    key_alg alg;
    mutls_slice key;

    if (out == NULL) {
        return MUTLS_ERR_BAD_ARGUMENT;
    }
    *out = NULL;
    mutls_rd_init_slice(&r, spki);
    mutls_der_enter(&r, MUTLS_DER_SEQUENCE, &seq);
    alg = read_key_algorithm(&seq, &curve);
    key = mutls_der_bit_string(&seq);
    mutls_der_close(&r, &seq);
    if (mutls_der_end(&r) != 0) {
        return MUTLS_ERR_X509_MALFORMED;
    }
    switch (alg) {
    case ALG_RSA:
    case ALG_RSA_PSS:
        return rsa_public_from(out, key);
    case ALG_EC:
        if (curve == MUTLS_CURVE_NONE) {
            return MUTLS_ERR_X509_UNSUPPORTED_ALGORITHM;
        }
        /* RFC 5480 §2.2: the point is the BIT STRING's contents; we take only the
         * uncompressed form (04), which is what TLS 1.2 peers send (RFC 8422 §5.1.2). */
        if (first_byte(key) == 0x02 || first_byte(key) == 0x03) {
            return MUTLS_ERR_X509_UNSUPPORTED_ALGORITHM;
        }
        return mutls_pkey_ec_public(out, curve, key);
    case ALG_UNKNOWN:
        break;
    }
    return MUTLS_ERR_X509_UNSUPPORTED_ALGORITHM;
}

int mutls_key_check_pair(const mutls_pkey *priv, const mutls_pkey *cert_public)
{
    if (priv == NULL || cert_public == NULL) {
        return MUTLS_ERR_BAD_ARGUMENT;
    }
    /* Any difference (kind, curve, modulus, exponent, point) is a mismatch. */
    return mutls_pkey_same_public(priv, cert_public) == 0 ? 0 : MUTLS_ERR_KEY_MISMATCH;
}

/* ---------------------------------------------------------------- private keys */

/* A provider failure while building a private key, in this layer's terms. */
/* Return @p rc, naming @p rule in *why (when asked for and not named yet): the sentence
 * mutls_config_load_detail gives for a refused key. */
static int refuse(const char **why, int rc, const char *rule)
{
    if (why != NULL && *why == NULL) {
        *why = rule;
    }
    return rc;
}

static int key_error(int rc)
{
    if (rc == 0 || rc == MUTLS_ERR_NO_MEMORY) {
        return rc;
    }
    if (rc == MUTLS_ERR_X509_WEAK_KEY || rc == MUTLS_ERR_CRYPTO_UNSUPPORTED) {
        return MUTLS_ERR_KEY_UNSUPPORTED;
    }
    return MUTLS_ERR_KEY_MALFORMED;
}

/*
 * RSAPrivateKey ::= SEQUENCE { version INTEGER, modulus, publicExponent, privateExponent,
 *     prime1, prime2, exponent1, exponent2, coefficient INTEGER,
 *     otherPrimeInfos OtherPrimeInfos OPTIONAL }                         (RFC 8017 §A.1.2)
 */
static int parse_pkcs1(mutls_pkey **out, mutls_slice der, const char **why)
{
    mutls_slice v[8];
    mutls_rd r;
    mutls_rd seq;
    uint32_t version;
    size_t i;
    int rc;

    mutls_rd_init_slice(&r, der);
    mutls_der_enter(&r, MUTLS_DER_SEQUENCE, &seq);
    version = mutls_der_small_uint(&seq);
    for (i = 0; i < 8; i++) {
        v[i] = mutls_der_uint(&seq);
    }
    /* Version 1 announces more than two primes, which we do not implement. */
    if (seq.err == 0 && version != 0) {
        return version == 1 ? refuse(why, MUTLS_ERR_KEY_UNSUPPORTED,
                                     "it is a multi-prime RSA key (RFC 8017 A.1.2 version 1), "
                                     "which mutls does not read")
                            : MUTLS_ERR_KEY_MALFORMED;
    }
    mutls_der_close(&r, &seq);
    if (mutls_der_end(&r) != 0) {
        return MUTLS_ERR_KEY_MALFORMED;
    }
    rc = key_error(mutls_pkey_rsa_private(out, v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7]));
    return rc == MUTLS_ERR_KEY_UNSUPPORTED
               ? refuse(why, rc,
                        "its RSA modulus is outside 2048 to 8192 bits, or its public exponent is "
                        "even, 1, or longer than the modulus")
               : rc;
}

/*
 * ECPrivateKey ::= SEQUENCE { version INTEGER { ecPrivkeyVer1(1) },
 *     privateKey OCTET STRING, parameters [0] ECParameters OPTIONAL,
 *     publicKey [1] BIT STRING OPTIONAL }                                (RFC 5915 §3)
 *
 * @p outer is the curve named outside the structure (PKCS#8 algorithm, or an
 * "EC PARAMETERS" PEM block), or NONE.
 */
static int parse_sec1(mutls_pkey **out, mutls_slice der, mutls_curve outer, const char **why)
{
    mutls_slice empty = {NULL, 0};
    mutls_slice scalar;
    mutls_slice point = empty;
    mutls_curve inner = MUTLS_CURVE_NONE;
    int have_params;
    mutls_rd r;
    mutls_rd seq;
    mutls_rd ctx;
    uint32_t version;

    mutls_rd_init_slice(&r, der);
    mutls_der_enter(&r, MUTLS_DER_SEQUENCE, &seq);
    version = mutls_der_small_uint(&seq);
    scalar = mutls_der_value(&seq, MUTLS_DER_OCTET_STRING);
    have_params = mutls_der_enter_optional(&seq, MUTLS_DER_CTX_CONS(0), &ctx);
    if (have_params) {
        inner = read_ec_parameters(&ctx);
        mutls_der_close(&seq, &ctx);
    }
    if (mutls_der_enter_optional(&seq, MUTLS_DER_CTX_CONS(1), &ctx)) {
        point = mutls_der_bit_string(&ctx);
        mutls_der_close(&seq, &ctx);
    }
    mutls_der_close(&r, &seq);
    /* RFC 5915 §3: the version is 1. */
    if (mutls_der_end(&r) != 0 || version != 1 || scalar.len == 0) {
        return MUTLS_ERR_KEY_MALFORMED;
    }
    if (have_params && inner == MUTLS_CURVE_NONE) {
        return refuse(why, MUTLS_ERR_KEY_UNSUPPORTED, CURVE_UNSUPPORTED);
    }
    /* RFC 5915 §3: when the curve is also named outside, the two must agree. */
    if (have_params && outer != MUTLS_CURVE_NONE && inner != outer) {
        return MUTLS_ERR_KEY_MALFORMED;
    }
    if (!have_params) {
        inner = outer;
    }
    if (inner == MUTLS_CURVE_NONE) {
        return MUTLS_ERR_KEY_MALFORMED;
    }
    return key_error(mutls_pkey_ec_private(out, inner, scalar, point));
}

/*
 * OneAsymmetricKey ::= SEQUENCE { version INTEGER { v1(0), v2(1) },
 *     privateKeyAlgorithm AlgorithmIdentifier, privateKey OCTET STRING,
 *     attributes [0] Attributes OPTIONAL, publicKey [1] BIT STRING OPTIONAL }
 *                                                           (RFC 5958 §2, PKCS#8 v1 and v2)
 */
static int parse_pkcs8(mutls_pkey **out, mutls_slice der, const char **why)
{
    mutls_rd r;
    mutls_rd seq;
    uint32_t version;
    mutls_curve curve;
    key_alg alg;
    mutls_slice inner;

    mutls_rd_init_slice(&r, der);
    mutls_der_enter(&r, MUTLS_DER_SEQUENCE, &seq);
    version = mutls_der_small_uint(&seq);
    alg = read_key_algorithm(&seq, &curve);
    inner = mutls_der_value(&seq, MUTLS_DER_OCTET_STRING);
    /* Attributes and the v2 public key do not change the key we load; check their form. */
    if (mutls_der_peek(&seq) == MUTLS_DER_CTX_CONS(0)) {
        mutls_der_tlv t;
        mutls_der_any(&seq, &t);
        if (seq.err == 0 && mutls_der_check_nesting(t.value, MUTLS_DER_MAX_NESTING) != 0) {
            mutls_rd_fail(&seq, MUTLS_ERR_DER);
        }
    }
    if (version == 1 && mutls_der_peek(&seq) == MUTLS_DER_CTX_PRIM(1)) {
        mutls_der_tlv t;
        mutls_der_any(&seq, &t);
    }
    mutls_der_close(&r, &seq);
    if (mutls_der_end(&r) != 0 || version > 1) {
        return MUTLS_ERR_KEY_MALFORMED;
    }
    switch (alg) {
    case ALG_RSA:
        return parse_pkcs1(out, inner, why);
    case ALG_EC:
        if (curve == MUTLS_CURVE_NONE) {
            return refuse(why, MUTLS_ERR_KEY_UNSUPPORTED, CURVE_UNSUPPORTED);
        }
        return parse_sec1(out, inner, curve, why);
    case ALG_RSA_PSS:
        /* RSASSA-PSS-only private keys are not offered for signing yet. */
        return refuse(why, MUTLS_ERR_KEY_UNSUPPORTED,
                      "it is an RSASSA-PSS-only key (RFC 4055), which mutls does not sign with");
    case ALG_UNKNOWN:
        break;
    }
    return refuse(why, MUTLS_ERR_KEY_UNSUPPORTED,
                  "its algorithm is neither RSA nor EC (an Ed25519, Ed448 or DSA key, for "
                  "example), which mutls does not read");
}

/* ---------------------------------------------------------------- encrypted PKCS#8 */

typedef struct pbes2 {
    mutls_hash_alg prf;
    uint32_t iterations;
    mutls_slice salt;
    size_t keylen;
    mutls_slice iv;
    mutls_slice ciphertext;
} pbes2;

/* Read past whatever is left in @p r (parameters of an algorithm we do not know). */
static void skip_rest(mutls_rd *r)
{
    while (mutls_rd_remaining(r) > 0) {
        mutls_der_tlv t;
        mutls_der_any(r, &t);
    }
}

/*
 * PBKDF2-params ::= SEQUENCE { salt CHOICE { specified OCTET STRING, otherSource
 *     AlgorithmIdentifier }, iterationCount INTEGER, keyLength INTEGER OPTIONAL,
 *     prf AlgorithmIdentifier DEFAULT algid-hmacWithSHA1 }              (RFC 8018 §A.2)
 * Sets *unsupported for a salt source or PRF we do not implement; *keylen stays 0 when the
 * optional key length is absent.
 */
static void read_pbkdf2_params(mutls_rd *r, pbes2 *pb, uint32_t *keylen, int *unsupported)
{
    mutls_rd seq;
    mutls_rd prf;

    mutls_der_enter(r, MUTLS_DER_SEQUENCE, &seq);
    if (mutls_der_peek(&seq) == MUTLS_DER_OCTET_STRING) {
        pb->salt = mutls_der_value(&seq, MUTLS_DER_OCTET_STRING);
    } else {
        mutls_der_tlv t;
        mutls_der_any(&seq, &t);
        *unsupported = 1;
    }
    pb->iterations = mutls_der_small_uint(&seq);
    if (mutls_der_peek(&seq) == MUTLS_DER_INTEGER) {
        *keylen = mutls_der_small_uint(&seq);
    }
    /* RFC 8018 §A.2: without a prf element the PRF is HMAC-SHA1. */
    pb->prf = MUTLS_HASH_SHA1;
    if (mutls_der_enter_optional(&seq, MUTLS_DER_SEQUENCE, &prf)) {
        pb->prf = (mutls_hash_alg)oid_value(mutls_der_oid(&prf), G_PRF, MUTLS_HASH_NONE);
        if (pb->prf == MUTLS_HASH_NONE) {
            *unsupported = 1;
            skip_rest(&prf);
        } else if (mutls_rd_remaining(&prf) > 0) {
            mutls_der_null(&prf);
        }
        mutls_der_close(&seq, &prf);
    }
    mutls_der_close(r, &seq);
}

/*
 * EncryptedPrivateKeyInfo ::= SEQUENCE { encryptionAlgorithm AlgorithmIdentifier,
 *     encryptedData OCTET STRING }                                      (RFC 5958 §3)
 * PBES2-params ::= SEQUENCE { keyDerivationFunc AlgorithmIdentifier,
 *     encryptionScheme AlgorithmIdentifier }                             (RFC 8018 §A.4)
 * AES-CBC parameters: the 16-byte IV as an OCTET STRING                  (RFC 8018 §B.2.5)
 */
static int parse_encrypted(mutls_slice der, pbes2 *pb, const char **why)
{
    mutls_rd r;
    mutls_rd seq;
    mutls_rd alg;
    mutls_rd params;
    mutls_rd sub;
    uint32_t keylen = 0;
    int unsupported = 0;

    memset(pb, 0, sizeof(*pb));
    mutls_rd_init_slice(&r, der);
    mutls_der_enter(&r, MUTLS_DER_SEQUENCE, &seq);
    mutls_der_enter(&seq, MUTLS_DER_SEQUENCE, &alg);
    if (!oid_value(mutls_der_oid(&alg), G_PBES2, 0)) {
        /* PBES1 and PKCS#12 schemes use DES, RC2 or RC4: not offered. */
        unsupported = 1;
        skip_rest(&alg);
    } else {
        mutls_der_enter(&alg, MUTLS_DER_SEQUENCE, &params);
        mutls_der_enter(&params, MUTLS_DER_SEQUENCE, &sub);
        if (oid_value(mutls_der_oid(&sub), G_PBKDF2, 0)) {
            read_pbkdf2_params(&sub, pb, &keylen, &unsupported);
        } else {
            unsupported = 1;
            skip_rest(&sub);
        }
        mutls_der_close(&params, &sub);
        mutls_der_enter(&params, MUTLS_DER_SEQUENCE, &sub);
        pb->keylen = (size_t)oid_value(mutls_der_oid(&sub), G_AES, 0);
        if (pb->keylen == 0) {
            unsupported = 1;
            skip_rest(&sub);
        } else {
            pb->iv = mutls_der_value(&sub, MUTLS_DER_OCTET_STRING);
        }
        mutls_der_close(&params, &sub);
        mutls_der_close(&alg, &params);
    }
    mutls_der_close(&seq, &alg);
    pb->ciphertext = mutls_der_value(&seq, MUTLS_DER_OCTET_STRING);
    mutls_der_close(&r, &seq);
    if (mutls_der_end(&r) != 0) {
        return MUTLS_ERR_KEY_MALFORMED;
    }
    if (unsupported) {
        return refuse(why, MUTLS_ERR_KEY_UNSUPPORTED,
                      "it is encrypted with a scheme mutls does not read (it reads PBES2 with "
                      "PBKDF2, HMAC-SHA-1/-224/-256/-384/-512 and AES-CBC, as `openssl pkcs8 "
                      "-topk8 -v2 aes-256-cbc` writes)");
    }
    if (pb->iterations > MAX_PBKDF2_ITERATIONS) {
        return refuse(why, MUTLS_ERR_KEY_MALFORMED,
                      "its PBKDF2 iteration count is over mutls's limit of 10,000,000");
    }
    /* RFC 8018 §A.2: the count is at least 1; we also refuse counts meant to stall us. */
    if (pb->iterations == 0 || pb->iterations > MAX_PBKDF2_ITERATIONS || pb->salt.len == 0 ||
        pb->iv.len != AES_BLOCK || (keylen != 0 && keylen != pb->keylen) ||
        pb->ciphertext.len == 0 || pb->ciphertext.len % AES_BLOCK != 0) {
        return MUTLS_ERR_KEY_MALFORMED;
    }
    return 0;
}

/*
 * RFC 8018 §6.2.2 step 4 (padding as in RFC 5652 §6.3): 1..16 bytes, each holding the
 * count. A wrong password almost never leaves a valid padding, so failure here means
 * MUTLS_ERR_KEY_BAD_PASSWORD. The bytes are checked without an early exit.
 */
static int strip_padding(const uint8_t *buf, size_t len, size_t *body_len)
{
    mutls_rd r;
    uint8_t pad;
    unsigned diff = 0;

    mutls_rd_init(&r, buf, len);
    mutls_rd_skip(&r, len - 1);
    pad = mutls_rd_u8(&r);
    if (r.err != 0 || pad == 0 || pad > AES_BLOCK || pad > len) {
        return MUTLS_ERR_KEY_BAD_PASSWORD;
    }
    mutls_rd_init(&r, buf, len);
    mutls_rd_skip(&r, len - pad);
    while (mutls_rd_remaining(&r) > 0) {
        diff |= (unsigned)(mutls_rd_u8(&r) ^ pad);
    }
    if (diff != 0) {
        return MUTLS_ERR_KEY_BAD_PASSWORD;
    }
    *body_len = len - pad;
    return 0;
}

/* Whether @p body is exactly one DER SEQUENCE (the shape of a PrivateKeyInfo). */
static int is_one_sequence(const uint8_t *body, size_t len)
{
    mutls_rd r;
    mutls_der_tlv t;

    mutls_rd_init(&r, body, len);
    mutls_der_any(&r, &t);
    return mutls_der_end(&r) == 0 && t.tag == MUTLS_DER_SEQUENCE;
}

/* PBES2 decryption (RFC 8018 §6.2.2), then the PrivateKeyInfo inside. */
static int parse_encrypted_pkcs8(mutls_pkey **out, mutls_slice der, const char *password,
                                 const char **why)
{
    uint8_t key[32];
    uint8_t iv[AES_BLOCK];
    uint8_t *buf = NULL;
    size_t len = 0;
    size_t body_len = 0;
    mutls_rd c;
    pbes2 pb;
    int rc;

    TRY(parse_encrypted(der, &pb, why));
    if (password == NULL) {
        return MUTLS_ERR_KEY_NEEDS_PASSWORD;
    }
    rc = MUTLS_ERR_INTERNAL;
    if (pb.keylen > sizeof(key)) {
        goto out;
    }
    rc = mutls_pbkdf2(pb.prf, (const uint8_t *)password, strlen(password), pb.salt.p, pb.salt.len,
                      pb.iterations, key, pb.keylen);
    if (rc != 0) {
        goto out;
    }
    len = pb.ciphertext.len;
    buf = mutls_alloc(len);
    if (buf == NULL) {
        rc = MUTLS_ERR_NO_MEMORY;
        goto out;
    }
    mutls_rd_init_slice(&c, pb.ciphertext);
    mutls_rd_copy(&c, buf, len);
    mutls_rd_init_slice(&c, pb.iv);
    mutls_rd_copy(&c, iv, sizeof(iv));
    rc = mutls_aes_cbc_decrypt_once(key, pb.keylen, iv, buf, len);
    if (rc != 0) {
        goto out;
    }
    rc = strip_padding(buf, len, &body_len);
    if (rc != 0) {
        goto out;
    }
    if (!is_one_sequence(buf, body_len)) {
        rc = MUTLS_ERR_KEY_BAD_PASSWORD;
        goto out;
    }
    rc = parse_pkcs8(out, (mutls_slice){buf, body_len}, why);
out:
    mutls_wipe(key, sizeof(key));
    mutls_free_secret(buf, len);
    return rc;
}

/* ---------------------------------------------------------------- dispatch */

/*
 * Which DER structure @p der is, from its first two elements: EncryptedPrivateKeyInfo
 * starts with a SEQUENCE; after the version INTEGER, PrivateKeyInfo has a SEQUENCE,
 * RSAPrivateKey an INTEGER and ECPrivateKey an OCTET STRING.
 */
static key_form detect_form(mutls_slice der)
{
    mutls_rd r;
    mutls_rd seq;
    int next;

    mutls_rd_init_slice(&r, der);
    mutls_der_enter(&r, MUTLS_DER_SEQUENCE, &seq);
    next = mutls_der_peek(&seq);
    if (next == MUTLS_DER_SEQUENCE) {
        return FORM_ENCRYPTED;
    }
    if (next != MUTLS_DER_INTEGER) {
        return FORM_ANY;
    }
    (void)mutls_der_integer(&seq);
    switch (mutls_der_peek(&seq)) {
    case MUTLS_DER_SEQUENCE:
        return FORM_PKCS8;
    case MUTLS_DER_INTEGER:
        return FORM_PKCS1;
    case MUTLS_DER_OCTET_STRING:
        return FORM_SEC1;
    default:
        return FORM_ANY;
    }
}

static int parse_der_key(mutls_pkey **out, mutls_slice der, key_form form, mutls_curve ec_hint,
                         const char *password, const char **why)
{
    if (form == FORM_ANY) {
        form = detect_form(der);
    }
    switch (form) {
    case FORM_PKCS1:
        return parse_pkcs1(out, der, why);
    case FORM_SEC1:
        return parse_sec1(out, der, ec_hint, why);
    case FORM_PKCS8:
        return parse_pkcs8(out, der, why);
    case FORM_ENCRYPTED:
        return parse_encrypted_pkcs8(out, der, password, why);
    case FORM_ANY:
        break;
    }
    return MUTLS_ERR_KEY_MALFORMED;
}

static int label_is(mutls_slice label, const char *want)
{
    size_t n = strlen(want);

    return label.len == n && memcmp(label.p, want, n) == 0;
}

static key_form form_from_label(mutls_slice label)
{
    if (label_is(label, "RSA PRIVATE KEY")) {
        return FORM_PKCS1;
    }
    if (label_is(label, "EC PRIVATE KEY")) {
        return FORM_SEC1;
    }
    if (label_is(label, "PRIVATE KEY")) {
        return FORM_PKCS8;
    }
    if (label_is(label, "ENCRYPTED PRIVATE KEY")) {
        return FORM_ENCRYPTED;
    }
    return FORM_ANY;
}

/* The curve an "EC PARAMETERS" block names (RFC 5480 §2.1.1), NONE when it names none. */
static mutls_curve curve_from_params_block(const uint8_t *der, size_t len)
{
    mutls_rd r;
    mutls_curve curve;

    mutls_rd_init(&r, der, len);
    curve = read_ec_parameters(&r);
    return mutls_der_end(&r) == 0 ? curve : MUTLS_CURVE_NONE;
}

static int parse_pem_key(mutls_pkey **out, const uint8_t *text, size_t len, const char *password,
                         const char **why)
{
    mutls_curve ec_hint = MUTLS_CURVE_NONE;
    size_t pos = 0;
    int openssh = 0, certificate = 0;

    for (;;) {
        mutls_slice label;
        uint8_t *der = NULL;
        size_t der_len = 0;
        key_form form;
        int rc = mutls_pem_next_why(text, len, &pos, &label, &der, &der_len, why);

        if (rc == MUTLS_ERR_KEY_UNSUPPORTED) { /* pem.c: RFC 1421 headers */
            return refuse(why, rc,
                          "it is encrypted with OpenSSL's legacy PEM scheme (Proc-Type and "
                          "DEK-Info headers), which mutls does not read: convert it to PKCS#8 "
                          "(`openssl pkcs8 -topk8`)");
        }
        if (rc < 0) {
            return rc;
        }
        if (rc == 0) {
            return refuse(why, MUTLS_ERR_PEM_NOT_FOUND,
                          openssh ? "it is an OpenSSH private key, which mutls does not read: "
                                    "convert it (`ssh-keygen -p -m PKCS8 -f FILE`)"
                          : certificate ? "it holds certificates but no private key"
                                        : "it holds no PRIVATE KEY block");
        }
        openssh |= label_is(label, "OPENSSH PRIVATE KEY");
        certificate |= label_is(label, "CERTIFICATE");
        form = form_from_label(label);
        if (form != FORM_ANY) {
            rc = parse_der_key(out, (mutls_slice){der, der_len}, form, ec_hint, password, why);
            mutls_free_secret(der, der_len);
            return rc;
        }
        /* `openssl ecparam -genkey` writes the curve in its own block before the key. */
        if (label_is(label, "EC PARAMETERS")) {
            ec_hint = curve_from_params_block(der, der_len);
        }
        mutls_free_secret(der, der_len);
    }
}

int mutls_key_parse_why(mutls_pkey **out, const uint8_t *data, size_t len, const char *password,
                        const char **why)
{
    if (out == NULL || (data == NULL && len > 0)) {
        return MUTLS_ERR_BAD_ARGUMENT;
    }
    *out = NULL;
    if (mutls_pem_is_pem(data, len)) {
        return parse_pem_key(out, data, len, password, why);
    }
    return parse_der_key(out, (mutls_slice){data, len}, FORM_ANY, MUTLS_CURVE_NONE, password,
                         why);
}

int mutls_key_parse(mutls_pkey **out, const uint8_t *data, size_t len, const char *password)
{
    return mutls_key_parse_why(out, data, len, password, NULL);
}
