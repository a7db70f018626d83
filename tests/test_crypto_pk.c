/* SPDX-License-Identifier: MIT */
/*
 * test_crypto_pk.c - the provider's public-key half: key objects and their checks (RSA size and
 * exponent, EC points on the curve, EC scalars in range), signatures made by OpenSSL that must
 * verify and their corruptions that must not, sign/verify round trips, the constant-time
 * static-RSA premaster decryption, and ECDH. Keys and signatures: vectors/crypto/pk.txt
 * (vectors/crypto/gen.sh); only ECDH ephemeral keys are generated here.
 */
#include "testutil.h"

#include <cmocka.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "crypto.h"

#define MAX_FIELD 1100

typedef struct hexbuf {
    uint8_t p[MAX_FIELD];
    size_t len;
} hexbuf;

typedef struct sigvec {
    char key[16];
    char kind[8];
    mutls_hash_alg hash;
    hexbuf digest;
    hexbuf value;
} sigvec;

typedef struct premaster_vec {
    char name[32];
    hexbuf ct;
} premaster_vec;

/* Everything in pk.txt, loaded once. */
static struct {
    hexbuf n, e, d, p, q, dp, dq, qinv;
    hexbuf p256_d, p256_pub, p384_d, p384_pub;
    sigvec sigs[8];
    int nsigs;
    hexbuf pm_plain;
    premaster_vec pms[10];
    int npms;
} V;

static void set_hex(hexbuf *b, const char *hex)
{
    uint8_t *p;
    size_t len;

    assert_non_null(hex);
    p = tu_unhex(hex, &len);
    assert_non_null(p);
    assert_true(len <= MAX_FIELD);
    memcpy(b->p, p, len);
    b->len = len;
    free(p);
}

static mutls_slice sl(const hexbuf *b)
{
    return (mutls_slice){b->p, b->len};
}

static mutls_hash_alg hash_by_name(const char *name)
{
    if (strcmp(name, "SHA256") == 0) {
        return MUTLS_HASH_SHA256;
    }
    assert_string_equal(name, "SHA384");
    return MUTLS_HASH_SHA384;
}

static void load_record(const tu_record *rec, void *ctx)
{
    const char *key = tu_field(rec, "key");
    const char *sig = tu_field(rec, "sig");
    const char *pm = tu_field(rec, "premaster");

    (void)ctx;
    if (key != NULL && strcmp(key, "rsa2048") == 0) {
        set_hex(&V.n, tu_field(rec, "n"));
        set_hex(&V.e, tu_field(rec, "e"));
        set_hex(&V.d, tu_field(rec, "d"));
        set_hex(&V.p, tu_field(rec, "p"));
        set_hex(&V.q, tu_field(rec, "q"));
        set_hex(&V.dp, tu_field(rec, "dp"));
        set_hex(&V.dq, tu_field(rec, "dq"));
        set_hex(&V.qinv, tu_field(rec, "qinv"));
    } else if (key != NULL && strcmp(key, "p256") == 0) {
        set_hex(&V.p256_d, tu_field(rec, "d"));
        set_hex(&V.p256_pub, tu_field(rec, "pub"));
    } else if (key != NULL && strcmp(key, "p384") == 0) {
        set_hex(&V.p384_d, tu_field(rec, "d"));
        set_hex(&V.p384_pub, tu_field(rec, "pub"));
    } else if (sig != NULL) {
        sigvec *s = &V.sigs[V.nsigs++];
        snprintf(s->key, sizeof(s->key), "%s", sig);
        snprintf(s->kind, sizeof(s->kind), "%s", tu_field(rec, "kind"));
        s->hash = hash_by_name(tu_field(rec, "hash"));
        set_hex(&s->digest, tu_field(rec, "digest"));
        set_hex(&s->value, tu_field(rec, "value"));
    } else if (pm != NULL) {
        premaster_vec *v = &V.pms[V.npms++];
        snprintf(v->name, sizeof(v->name), "%s", pm);
        set_hex(&v->ct, tu_field(rec, "ct"));
        if (strcmp(pm, "good") == 0) {
            set_hex(&V.pm_plain, tu_field(rec, "plain"));
        }
    }
}

static int setup(void **state)
{
    (void)state;
    memset(&V, 0, sizeof(V));
    if (tu_for_each_record("crypto/pk.txt", load_record, NULL) != 18) {
        return -1;
    }
    return V.nsigs == 6 && V.npms == 9 ? 0 : -1;
}

static int fixed_entropy(void *ctx, uint8_t *buf, size_t len)
{
    (void)ctx;
    memset(buf, 0x42, len);
    return 0;
}

static mutls_rng *new_rng(void)
{
    mutls_rng *r;

    assert_int_equal(mutls_rng_new(&r, fixed_entropy, NULL), 0);
    return r;
}

static mutls_pkey *rsa_priv(void)
{
    mutls_pkey *k;

    assert_int_equal(mutls_pkey_rsa_private(&k, sl(&V.n), sl(&V.e), sl(&V.d), sl(&V.p), sl(&V.q),
                                            sl(&V.dp), sl(&V.dq), sl(&V.qinv)),
                     0);
    return k;
}

static mutls_pkey *ec_priv(mutls_curve c)
{
    mutls_pkey *k;

    if (c == MUTLS_CURVE_P256) {
        assert_int_equal(mutls_pkey_ec_private(&k, c, sl(&V.p256_d), sl(&V.p256_pub)), 0);
    } else {
        assert_int_equal(mutls_pkey_ec_private(&k, c, sl(&V.p384_d), sl(&V.p384_pub)), 0);
    }
    return k;
}

static mutls_pkey *key_for(const sigvec *s, int public_only)
{
    mutls_pkey *k;

    if (strcmp(s->key, "rsa2048") == 0) {
        if (!public_only) {
            return rsa_priv();
        }
        assert_int_equal(mutls_pkey_rsa_public(&k, sl(&V.n), sl(&V.e)), 0);
    } else if (strcmp(s->key, "p256") == 0) {
        if (!public_only) {
            return ec_priv(MUTLS_CURVE_P256);
        }
        assert_int_equal(mutls_pkey_ec_public(&k, MUTLS_CURVE_P256, sl(&V.p256_pub)), 0);
    } else {
        if (!public_only) {
            return ec_priv(MUTLS_CURVE_P384);
        }
        assert_int_equal(mutls_pkey_ec_public(&k, MUTLS_CURVE_P384, sl(&V.p384_pub)), 0);
    }
    return k;
}

static mutls_sig_kind kind_of(const sigvec *s)
{
    if (strcmp(s->kind, "pkcs1") == 0) {
        return MUTLS_SIG_RSA_PKCS1;
    }
    if (strcmp(s->kind, "pss") == 0) {
        return MUTLS_SIG_RSA_PSS;
    }
    return MUTLS_SIG_ECDSA;
}

static int verify(const mutls_pkey *k, const sigvec *s, const uint8_t *sig, size_t sig_len)
{
    return mutls_pkey_verify(k, kind_of(s), s->hash, s->digest.len, s->digest.p, s->digest.len, sig,
                             sig_len);
}

/* ---------------------------------------------------------------- key objects */

static void test_pkey_rsa_size_and_exponent_policy(void **state)
{
    uint8_t n[1100], e[4];
    mutls_pkey *k = (mutls_pkey *)&k;

    (void)state;
    memset(n, 0xc5, sizeof(n));
    e[0] = 0x01;
    e[1] = 0x00;
    e[2] = 0x01;
    /* 2047 bits, 2048 bits, 8192 bits, 8193 bits */
    n[0] = 0x7f;
    assert_int_equal(mutls_pkey_rsa_public(&k, (mutls_slice){n, 256}, (mutls_slice){e, 3}),
                     MUTLS_ERR_X509_WEAK_KEY);
    assert_null(k);
    n[0] = 0xc5;
    assert_int_equal(mutls_pkey_rsa_public(&k, (mutls_slice){n, 256}, (mutls_slice){e, 3}), 0);
    assert_int_equal(mutls_pkey_bits(k), 2048);
    mutls_pkey_free(k);
    assert_int_equal(mutls_pkey_rsa_public(&k, (mutls_slice){n, 1024}, (mutls_slice){e, 3}), 0);
    assert_int_equal(mutls_pkey_bits(k), 8192);
    mutls_pkey_free(k);
    n[0] = 0x01;
    assert_int_equal(mutls_pkey_rsa_public(&k, (mutls_slice){n, 1025}, (mutls_slice){e, 3}),
                     MUTLS_ERR_X509_WEAK_KEY);
    /* 1024-bit modulus with leading zeros is still 1024 bits. */
    memset(n, 0, 128);
    n[128] = 0xc5;
    assert_int_equal(mutls_pkey_rsa_public(&k, (mutls_slice){n, 256}, (mutls_slice){e, 3}),
                     MUTLS_ERR_X509_WEAK_KEY);
    /* Even exponent, e = 1, e = 0, empty e. */
    e[2] = 0x02;
    assert_int_equal(mutls_pkey_rsa_public(&k, sl(&V.n), (mutls_slice){e, 3}),
                     MUTLS_ERR_X509_WEAK_KEY);
    e[0] = 0x01;
    assert_int_equal(mutls_pkey_rsa_public(&k, sl(&V.n), (mutls_slice){e, 1}),
                     MUTLS_ERR_X509_WEAK_KEY);
    e[0] = 0x00;
    assert_int_equal(mutls_pkey_rsa_public(&k, sl(&V.n), (mutls_slice){e, 1}),
                     MUTLS_ERR_X509_WEAK_KEY);
    assert_int_equal(mutls_pkey_rsa_public(&k, sl(&V.n), (mutls_slice){e, 0}),
                     MUTLS_ERR_X509_WEAK_KEY);
    assert_null(k);
}

static void test_pkey_rsa_private_matches_public(void **state)
{
    mutls_pkey *priv = rsa_priv();
    mutls_pkey *pub, *other;
    hexbuf q2;

    (void)state;
    assert_int_equal(mutls_pkey_rsa_public(&pub, sl(&V.n), sl(&V.e)), 0);
    assert_int_equal(mutls_pkey_type(priv), MUTLS_KEY_RSA);
    assert_int_equal(mutls_pkey_bits(priv), 2048);
    assert_int_equal(mutls_pkey_curve(priv), MUTLS_CURVE_NONE);
    assert_true(mutls_pkey_has_private(priv));
    assert_false(mutls_pkey_has_private(pub));
    assert_int_equal(mutls_pkey_sig_max(priv), 256);
    assert_int_equal(mutls_pkey_same_public(priv, pub), 0);
    other = ec_priv(MUTLS_CURVE_P256);
    assert_int_equal(mutls_pkey_same_public(priv, other), MUTLS_ERR_KEY_MISMATCH);
    mutls_pkey_free(other);
    /* A prime that does not belong to n. */
    q2 = V.q;
    q2.p[q2.len - 1] ^= 0x02;
    assert_int_equal(mutls_pkey_rsa_private(&other, sl(&V.n), sl(&V.e), sl(&V.d), sl(&V.p), sl(&q2),
                                            sl(&V.dp), sl(&V.dq), sl(&V.qinv)),
                     MUTLS_ERR_KEY_MALFORMED);
    assert_null(other);
    mutls_pkey_free(priv);
    mutls_pkey_free(pub);
    mutls_pkey_free(NULL);
}

static void test_pkey_ec_point_checks_refuse_off_curve(void **state)
{
    mutls_pkey *k = (mutls_pkey *)&k;
    hexbuf pt = V.p256_pub;
    uint8_t big[97];

    (void)state;
    assert_int_equal(mutls_pkey_ec_public(&k, MUTLS_CURVE_P256, sl(&pt)), 0);
    assert_int_equal(mutls_pkey_type(k), MUTLS_KEY_EC);
    assert_int_equal(mutls_pkey_curve(k), MUTLS_CURVE_P256);
    assert_int_equal(mutls_pkey_bits(k), 256);
    assert_int_equal(mutls_pkey_sig_max(k), 72);
    mutls_pkey_free(k);
    /* Y changed by one: off the curve. */
    pt.p[64] ^= 0x01;
    assert_int_equal(mutls_pkey_ec_public(&k, MUTLS_CURVE_P256, sl(&pt)),
                     MUTLS_ERR_POINT_NOT_ON_CURVE);
    assert_null(k);
    pt = V.p256_pub;
    /* Compressed or hybrid prefix, wrong length, wrong curve, trailing byte. */
    pt.p[0] = 0x06;
    assert_int_equal(mutls_pkey_ec_public(&k, MUTLS_CURVE_P256, sl(&pt)),
                     MUTLS_ERR_POINT_NOT_ON_CURVE);
    pt = V.p256_pub;
    assert_int_equal(mutls_pkey_ec_public(&k, MUTLS_CURVE_P256, (mutls_slice){pt.p, 33}),
                     MUTLS_ERR_POINT_NOT_ON_CURVE);
    assert_int_equal(mutls_pkey_ec_public(&k, MUTLS_CURVE_P384, sl(&pt)),
                     MUTLS_ERR_POINT_NOT_ON_CURVE);
    assert_int_equal(mutls_pkey_ec_public(&k, MUTLS_CURVE_P256, (mutls_slice){pt.p, 66}),
                     MUTLS_ERR_POINT_NOT_ON_CURVE);
    assert_int_equal(mutls_pkey_ec_public(&k, MUTLS_CURVE_NONE, sl(&pt)),
                     MUTLS_ERR_CRYPTO_UNSUPPORTED);
    /* X = p (not reduced): refused even though x mod p would be 0. */
    memset(big, 0, sizeof(big));
    big[0] = 0x04;
    memcpy(big + 1,
           "\xff\xff\xff\xff\x00\x00\x00\x01\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00"
           "\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff",
           32);
    assert_int_equal(mutls_pkey_ec_public(&k, MUTLS_CURVE_P256, (mutls_slice){big, 65}),
                     MUTLS_ERR_POINT_NOT_ON_CURVE);
    /* The P-384 key is fine on P-384. */
    assert_int_equal(mutls_pkey_ec_public(&k, MUTLS_CURVE_P384, sl(&V.p384_pub)), 0);
    assert_int_equal(mutls_pkey_sig_max(k), 104);
    mutls_pkey_free(k);
}

static void test_pkey_ec_private_scalar_checks(void **state)
{
    static const uint8_t p256_n[32] = {0xff, 0xff, 0xff, 0xff, 0x00, 0x00, 0x00, 0x00,
                                       0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
                                       0xbc, 0xe6, 0xfa, 0xad, 0xa7, 0x17, 0x9e, 0x84,
                                       0xf3, 0xb9, 0xca, 0xc2, 0xfc, 0x63, 0x25, 0x51};
    uint8_t zero[32] = {0};
    mutls_pkey *k, *pub;
    hexbuf other = V.p384_pub;

    (void)state;
    /* Without the point: computed from the scalar, equal to OpenSSL's. */
    assert_int_equal(
        mutls_pkey_ec_private(&k, MUTLS_CURVE_P256, sl(&V.p256_d), (mutls_slice){NULL, 0}), 0);
    assert_int_equal(mutls_pkey_ec_public(&pub, MUTLS_CURVE_P256, sl(&V.p256_pub)), 0);
    assert_int_equal(mutls_pkey_same_public(k, pub), 0);
    assert_true(mutls_pkey_has_private(k));
    mutls_pkey_free(k);
    mutls_pkey_free(pub);
    k = (mutls_pkey *)&k;
    assert_int_equal(mutls_pkey_ec_private(&k, MUTLS_CURVE_P256, (mutls_slice){zero, 32},
                                           (mutls_slice){NULL, 0}),
                     MUTLS_ERR_KEY_MALFORMED);
    assert_null(k);
    assert_int_equal(mutls_pkey_ec_private(&k, MUTLS_CURVE_P256, (mutls_slice){p256_n, 32},
                                           (mutls_slice){NULL, 0}),
                     MUTLS_ERR_KEY_MALFORMED);
    assert_int_equal(
        mutls_pkey_ec_private(&k, MUTLS_CURVE_P256, sl(&V.p384_d), (mutls_slice){NULL, 0}),
        MUTLS_ERR_KEY_MALFORMED);
    /* A point that is not this scalar's. */
    assert_int_equal(mutls_pkey_ec_private(&k, MUTLS_CURVE_P384, sl(&V.p384_d), sl(&V.p256_pub)),
                     MUTLS_ERR_KEY_MISMATCH);
    other.p[10] ^= 1;
    assert_int_equal(mutls_pkey_ec_private(&k, MUTLS_CURVE_P384, sl(&V.p384_d), sl(&other)),
                     MUTLS_ERR_KEY_MISMATCH);
    assert_null(k);
}

/* ---------------------------------------------------------------- signatures */

static void test_verify_openssl_signatures_accepted_corruptions_refused(void **state)
{
    uint8_t sig[600], dig[64];
    int i;

    (void)state;
    for (i = 0; i < V.nsigs; i++) {
        const sigvec *s = &V.sigs[i];
        mutls_pkey *k = key_for(s, 1);
        size_t bit;

        assert_int_equal(verify(k, s, s->value.p, s->value.len), 0);
        /* A flipped bit anywhere in the signature. */
        for (bit = 0; bit < s->value.len * 8; bit += 37) {
            memcpy(sig, s->value.p, s->value.len);
            sig[bit / 8] ^= (uint8_t)(1u << (bit % 8));
            assert_int_equal(verify(k, s, sig, s->value.len), MUTLS_ERR_SIGNATURE_INVALID);
        }
        /* A different digest (first byte: for SHA-384 on P-256 only the leftmost 32 bytes
         * count, FIPS 186-4 §6.4, so a change past them must not matter; checked below). */
        memcpy(dig, s->digest.p, s->digest.len);
        dig[0] ^= 0x01;
        assert_int_equal(mutls_pkey_verify(k, kind_of(s), s->hash, s->digest.len, dig,
                                           s->digest.len, s->value.p, s->value.len),
                         MUTLS_ERR_SIGNATURE_INVALID);
        if (kind_of(s) == MUTLS_SIG_ECDSA && s->digest.len > mutls_pkey_bits(k) / 8) {
            memcpy(dig, s->digest.p, s->digest.len);
            dig[s->digest.len - 1] ^= 0x01;
            assert_int_equal(mutls_pkey_verify(k, kind_of(s), s->hash, 0, dig, s->digest.len,
                                               s->value.p, s->value.len),
                             0);
        }
        /* Truncated, and with a trailing byte. */
        assert_int_equal(verify(k, s, s->value.p, s->value.len - 1), MUTLS_ERR_SIGNATURE_INVALID);
        memcpy(sig, s->value.p, s->value.len);
        sig[s->value.len] = 0;
        assert_int_equal(verify(k, s, sig, s->value.len + 1), MUTLS_ERR_SIGNATURE_INVALID);
        /* SHA-1 and MD5 are refused for signatures; a digest of the wrong length too. */
        assert_int_equal(mutls_pkey_verify(k, kind_of(s), MUTLS_HASH_SHA1, 20, dig, 20, s->value.p,
                                           s->value.len),
                         MUTLS_ERR_CRYPTO_UNSUPPORTED);
        assert_int_equal(
            mutls_pkey_verify(k, kind_of(s), s->hash, 0, dig, 20, s->value.p, s->value.len),
            MUTLS_ERR_BAD_ARGUMENT);
        /* The wrong kind for the key. */
        assert_int_equal(
            mutls_pkey_verify(k,
                              kind_of(s) == MUTLS_SIG_ECDSA ? MUTLS_SIG_RSA_PKCS1 : MUTLS_SIG_ECDSA,
                              s->hash, 0, s->digest.p, s->digest.len, s->value.p, s->value.len),
            MUTLS_ERR_CRYPTO_UNSUPPORTED);
        mutls_pkey_free(k);
    }
}

static void test_verify_pkcs1_is_not_pss(void **state)
{
    const sigvec *pkcs1 = &V.sigs[0], *pss = &V.sigs[2];
    mutls_pkey *k = key_for(pkcs1, 1);

    (void)state;
    assert_string_equal(pkcs1->kind, "pkcs1");
    assert_string_equal(pss->kind, "pss");
    assert_int_equal(mutls_pkey_verify(k, MUTLS_SIG_RSA_PSS, pkcs1->hash, 32, pkcs1->digest.p,
                                       pkcs1->digest.len, pkcs1->value.p, pkcs1->value.len),
                     MUTLS_ERR_SIGNATURE_INVALID);
    assert_int_equal(mutls_pkey_verify(k, MUTLS_SIG_RSA_PKCS1, pss->hash, 0, pss->digest.p,
                                       pss->digest.len, pss->value.p, pss->value.len),
                     MUTLS_ERR_SIGNATURE_INVALID);
    /* PSS with a salt length other than the one used. */
    assert_int_equal(mutls_pkey_verify(k, MUTLS_SIG_RSA_PSS, pss->hash, 20, pss->digest.p,
                                       pss->digest.len, pss->value.p, pss->value.len),
                     MUTLS_ERR_SIGNATURE_INVALID);
    mutls_pkey_free(k);
}

/* DER variations of a valid P-256 signature that a strict parser must refuse. */
static void test_verify_ecdsa_non_der_refused(void **state)
{
    const sigvec *s = &V.sigs[3];
    mutls_pkey *k = key_for(s, 1);
    uint8_t r[33], sv[33], sig[120];
    size_t rl, sl_, off, n;
    const uint8_t *v = s->value.p;

    (void)state;
    assert_string_equal(s->key, "p256");
    /* Take r and s out of the valid signature (30 L 02 rl r 02 sl s). */
    rl = v[3];
    memcpy(r, v + 4, rl);
    sl_ = v[5 + rl];
    memcpy(sv, v + 6 + rl, sl_);

    /* Same values, but r with a superfluous leading zero. */
    off = 0;
    sig[off++] = 0x30;
    sig[off++] = (uint8_t)(2 + rl + 1 + 2 + sl_);
    sig[off++] = 0x02;
    sig[off++] = (uint8_t)(rl + 1);
    sig[off++] = 0x00;
    if ((r[0] & 0x80) != 0) {
        /* r already needs its zero; then add a second one. */
        sig[off++] = 0x00;
        sig[1]++;
        sig[3]++;
    }
    memcpy(sig + off, r, rl);
    off += rl;
    sig[off++] = 0x02;
    sig[off++] = (uint8_t)sl_;
    memcpy(sig + off, sv, sl_);
    off += sl_;
    assert_int_equal(verify(k, s, sig, off), MUTLS_ERR_SIGNATURE_INVALID);

    /* Long-form sequence length where the short form fits. */
    n = s->value.len;
    sig[0] = 0x30;
    sig[1] = 0x81;
    memcpy(sig + 2, v + 1, n - 1);
    assert_int_equal(verify(k, s, sig, n + 1), MUTLS_ERR_SIGNATURE_INVALID);
    /* Wrong outer tag, wrong INTEGER tag, sequence length one too long / short. */
    memcpy(sig, v, n);
    sig[0] = 0x31;
    assert_int_equal(verify(k, s, sig, n), MUTLS_ERR_SIGNATURE_INVALID);
    memcpy(sig, v, n);
    sig[2] = 0x03;
    assert_int_equal(verify(k, s, sig, n), MUTLS_ERR_SIGNATURE_INVALID);
    memcpy(sig, v, n);
    sig[1]++;
    assert_int_equal(verify(k, s, sig, n), MUTLS_ERR_SIGNATURE_INVALID);
    memcpy(sig, v, n);
    sig[1]--;
    assert_int_equal(verify(k, s, sig, n), MUTLS_ERR_SIGNATURE_INVALID);
    /* r = 0 and s = 0 */
    assert_int_equal(verify(k, s, (const uint8_t *)"\x30\x06\x02\x01\x00\x02\x01\x01", 8),
                     MUTLS_ERR_SIGNATURE_INVALID);
    assert_int_equal(verify(k, s, (const uint8_t *)"\x30\x06\x02\x01\x01\x02\x01\x00", 8),
                     MUTLS_ERR_SIGNATURE_INVALID);
    /* Negative r. */
    assert_int_equal(verify(k, s, (const uint8_t *)"\x30\x06\x02\x01\x81\x02\x01\x01", 8),
                     MUTLS_ERR_SIGNATURE_INVALID);
    /* r = n (the group order), s from the signature. */
    off = 0;
    sig[off++] = 0x30;
    sig[off++] = (uint8_t)(2 + 33 + 2 + sl_);
    sig[off++] = 0x02;
    sig[off++] = 33;
    memcpy(sig + off,
           "\x00\xff\xff\xff\xff\x00\x00\x00\x00\xff\xff\xff\xff\xff\xff\xff\xff"
           "\xbc\xe6\xfa\xad\xa7\x17\x9e\x84\xf3\xb9\xca\xc2\xfc\x63\x25\x51",
           33);
    off += 33;
    sig[off++] = 0x02;
    sig[off++] = (uint8_t)sl_;
    memcpy(sig + off, sv, sl_);
    off += sl_;
    assert_int_equal(verify(k, s, sig, off), MUTLS_ERR_SIGNATURE_INVALID);
    assert_int_equal(verify(k, s, sig, 0), MUTLS_ERR_SIGNATURE_INVALID);
    mutls_pkey_free(k);
}

static void test_sign_then_verify_round_trips(void **state)
{
    mutls_rng *rng = new_rng();
    uint8_t sig[600];
    size_t len;
    int i;

    (void)state;
    for (i = 0; i < V.nsigs; i++) {
        const sigvec *s = &V.sigs[i];
        mutls_pkey *priv = key_for(s, 0), *pub = key_for(s, 1);

        len = sizeof(sig);
        assert_int_equal(
            mutls_pkey_sign(priv, rng, kind_of(s), s->hash, s->digest.p, s->digest.len, sig, &len),
            0);
        assert_true(len <= mutls_pkey_sig_max(priv));
        assert_int_equal(verify(pub, s, sig, len), 0);
        if (kind_of(s) == MUTLS_SIG_RSA_PKCS1) {
            /* Deterministic: byte for byte what OpenSSL made. */
            assert_int_equal(len, s->value.len);
            assert_memory_equal(sig, s->value.p, len);
        }
        sig[len / 2] ^= 0x10;
        assert_int_equal(verify(pub, s, sig, len), MUTLS_ERR_SIGNATURE_INVALID);
        /* A public key cannot sign; a small buffer is refused. */
        len = sizeof(sig);
        assert_int_equal(
            mutls_pkey_sign(pub, rng, kind_of(s), s->hash, s->digest.p, s->digest.len, sig, &len),
            MUTLS_ERR_KEY_UNSUPPORTED);
        len = mutls_pkey_sig_max(priv) - 1;
        assert_int_equal(
            mutls_pkey_sign(priv, rng, kind_of(s), s->hash, s->digest.p, s->digest.len, sig, &len),
            MUTLS_ERR_BUFFER_TOO_SMALL);
        mutls_pkey_free(priv);
        mutls_pkey_free(pub);
    }
    mutls_rng_free(rng);
}

/*
 * The RSA private operation keeps its blinding pair with the key and squares it between uses,
 * drawing a new one every 32 (crypto_sig.c): across several refreshes, and from four threads
 * sharing one key, every PKCS#1 v1.5 signature must still be OpenSSL's, byte for byte.
 */
typedef struct blind_job {
    const sigvec *s;
    mutls_pkey *priv;
    int bad;
} blind_job;

static void *sign_many(void *arg)
{
    blind_job *j = arg;
    mutls_rng *r = NULL;
    uint8_t sig[600];

    if (mutls_rng_new(&r, fixed_entropy, NULL) != 0) {
        j->bad = 1;
        return NULL;
    }
    for (int i = 0; i < 40; i++) {
        size_t len = sizeof(sig);
        if (mutls_pkey_sign(j->priv, r, MUTLS_SIG_RSA_PKCS1, j->s->hash, j->s->digest.p,
                            j->s->digest.len, sig, &len) != 0 ||
            len != j->s->value.len || memcmp(sig, j->s->value.p, len) != 0) {
            j->bad++;
        }
    }
    mutls_rng_free(r);
    return NULL;
}

static void test_rsa_blinding_kept_across_uses_and_threads(void **state)
{
    const sigvec *s = NULL;
    blind_job jobs[4];
    pthread_t th[4];

    (void)state;
    for (int i = 0; i < V.nsigs && s == NULL; i++) {
        if (kind_of(&V.sigs[i]) == MUTLS_SIG_RSA_PKCS1) {
            s = &V.sigs[i];
        }
    }
    assert_non_null(s);
    jobs[0].s = s;
    jobs[0].priv = key_for(s, 0);
    jobs[0].bad = 0;
    sign_many(&jobs[0]); /* 40 in a row: one refresh */
    sign_many(&jobs[0]);
    assert_int_equal(jobs[0].bad, 0);
    for (int t = 0; t < 4; t++) {
        jobs[t] = jobs[0];
        assert_int_equal(pthread_create(&th[t], NULL, sign_many, &jobs[t]), 0);
    }
    for (int t = 0; t < 4; t++) {
        pthread_join(th[t], NULL);
        assert_int_equal(jobs[t].bad, 0);
    }
    mutls_pkey_free(jobs[0].priv);
}

/* ---------------------------------------------------------------- static RSA */

static void test_rsa_premaster_good_and_each_malformation(void **state)
{
#ifdef MUTLS_NO_STATIC_RSA
    skip(); /* built with -DMUTLS_STATIC_RSA=OFF: the key exchange is stubbed out */
#endif
    mutls_pkey *k = rsa_priv();
    mutls_rng *rng = new_rng();
    uint8_t random48[48], pm[48];
    int i;

    (void)state;
    memset(random48, 0xee, sizeof(random48));
    for (i = 0; i < V.npms; i++) {
        const premaster_vec *v = &V.pms[i];
        int valid = strcmp(v->name, "good") == 0 || strcmp(v->name, "valid-raw") == 0;

        memset(pm, 0, sizeof(pm));
        assert_int_equal(mutls_rsa_decrypt_premaster(k, rng, v->ct.p, v->ct.len, 0x0303, random48, pm),
                         0);
        if (valid) {
            assert_memory_equal(pm, V.pm_plain.p, 48);
        } else if (memcmp(pm, random48, 48) != 0) {
            fail_msg("malformation %s did not give random48", v->name);
        }
        /* A valid block with another expected version also yields random48. */
        if (valid) {
            assert_int_equal(
                mutls_rsa_decrypt_premaster(k, rng, v->ct.p, v->ct.len, 0x0302, random48, pm), 0);
            assert_memory_equal(pm, random48, 48);
        }
    }
    /* Ciphertext of the wrong length, and one not below the modulus. */
    assert_int_equal(mutls_rsa_decrypt_premaster(k, rng, V.pms[0].ct.p, 255, 0x0303, random48, pm), 0);
    assert_memory_equal(pm, random48, 48);
    memset(pm, 0, sizeof(pm));
    {
        uint8_t ff[256];
        memset(ff, 0xff, sizeof(ff));
        assert_int_equal(mutls_rsa_decrypt_premaster(k, rng, ff, 256, 0x0303, random48, pm), 0);
        assert_memory_equal(pm, random48, 48);
    }
    mutls_pkey_free(k);
    mutls_rng_free(rng);
}

static void test_rsa_encrypt_then_decrypt_premaster(void **state)
{
#ifdef MUTLS_NO_STATIC_RSA
    skip(); /* built with -DMUTLS_STATIC_RSA=OFF: the key exchange is stubbed out */
#endif
    mutls_rng *rng = new_rng();
    mutls_pkey *priv = rsa_priv(), *pub, *ec = ec_priv(MUTLS_CURVE_P256);
    uint8_t pm[48], out[48], random48[48], ct[256];
    size_t len = sizeof(ct);

    (void)state;
    assert_int_equal(mutls_pkey_rsa_public(&pub, sl(&V.n), sl(&V.e)), 0);
    memset(pm, 0x11, sizeof(pm));
    pm[0] = 0x03;
    pm[1] = 0x03;
    memset(random48, 0xee, sizeof(random48));
    assert_int_equal(mutls_rsa_encrypt(pub, rng, pm, sizeof(pm), ct, &len), 0);
    assert_int_equal(len, 256);
    assert_int_equal(mutls_rsa_decrypt_premaster(priv, rng, ct, len, 0x0303, random48, out), 0);
    assert_memory_equal(out, pm, 48);
    len = 255;
    assert_int_equal(mutls_rsa_encrypt(pub, rng, pm, sizeof(pm), ct, &len),
                     MUTLS_ERR_BUFFER_TOO_SMALL);
    len = sizeof(ct);
    assert_int_equal(mutls_rsa_encrypt(ec, rng, pm, sizeof(pm), ct, &len),
                     MUTLS_ERR_CRYPTO_UNSUPPORTED);
    assert_int_equal(mutls_rsa_decrypt_premaster(pub, rng, ct, 256, 0x0303, random48, out),
                     MUTLS_ERR_KEY_UNSUPPORTED);
    mutls_pkey_free(priv);
    mutls_pkey_free(pub);
    mutls_pkey_free(ec);
    mutls_rng_free(rng);
}

/* ---------------------------------------------------------------- ECDH */

static void ecdh_agree(mutls_curve curve, size_t size)
{
    mutls_rng *rng = new_rng();
    mutls_pkey *a, *b;
    uint8_t pa[97], pb[97], sa[48], sb[48];
    size_t la = sizeof(pa), lb = sizeof(pb), ka = sizeof(sa), kb = sizeof(sb);

    assert_int_equal(mutls_ecdh_keygen(&a, curve, rng, pa, &la), 0);
    assert_int_equal(mutls_ecdh_keygen(&b, curve, rng, pb, &lb), 0);
    assert_int_equal(la, 1 + 2 * size);
    assert_int_equal(pa[0], 0x04);
    assert_memory_not_equal(pa, pb, la);
    assert_int_equal(mutls_ecdh_shared(a, (mutls_slice){pb, lb}, sa, &ka), 0);
    assert_int_equal(mutls_ecdh_shared(b, (mutls_slice){pa, la}, sb, &kb), 0);
    assert_int_equal(ka, size);
    assert_int_equal(kb, size);
    assert_memory_equal(sa, sb, size);
    /* The peer's point off the curve. */
    pb[la - 1] ^= 0x01;
    kb = sizeof(sb);
    assert_int_equal(mutls_ecdh_shared(a, (mutls_slice){pb, lb}, sa, &kb),
                     MUTLS_ERR_POINT_NOT_ON_CURVE);
    kb = size - 1;
    assert_int_equal(mutls_ecdh_shared(a, (mutls_slice){pa, la}, sa, &kb),
                     MUTLS_ERR_BUFFER_TOO_SMALL);
    mutls_pkey_free(a);
    mutls_pkey_free(b);
    mutls_rng_free(rng);
}

static void test_ecdh_two_keys_agree_off_curve_refused(void **state)
{
    (void)state;
    ecdh_agree(MUTLS_CURVE_P256, 32);
    ecdh_agree(MUTLS_CURVE_P384, 48);
}

static void test_ecdh_with_fixed_key_matches_both_sides(void **state)
{
    mutls_rng *rng = new_rng();
    mutls_pkey *fixed = ec_priv(MUTLS_CURVE_P256), *eph;
    uint8_t pub[65], s1[32], s2[32];
    size_t pl = sizeof(pub), l1 = sizeof(s1), l2 = sizeof(s2);

    (void)state;
    assert_int_equal(mutls_ecdh_keygen(&eph, MUTLS_CURVE_P256, rng, pub, &pl), 0);
    assert_int_equal(mutls_ecdh_shared(eph, sl(&V.p256_pub), s1, &l1), 0);
    assert_int_equal(mutls_ecdh_shared(fixed, (mutls_slice){pub, pl}, s2, &l2), 0);
    assert_memory_equal(s1, s2, 32);
    /* A P-384 point against a P-256 key. */
    l1 = sizeof(s1);
    assert_int_equal(mutls_ecdh_shared(eph, sl(&V.p384_pub), s1, &l1),
                     MUTLS_ERR_POINT_NOT_ON_CURVE);
    mutls_pkey_free(eph);
    pl = 64;
    assert_int_equal(mutls_ecdh_keygen(&eph, MUTLS_CURVE_P256, rng, pub, &pl),
                     MUTLS_ERR_BUFFER_TOO_SMALL);
    assert_null(eph);
    mutls_pkey_free(fixed);
    mutls_rng_free(rng);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_pkey_rsa_size_and_exponent_policy),
        cmocka_unit_test(test_pkey_rsa_private_matches_public),
        cmocka_unit_test(test_pkey_ec_point_checks_refuse_off_curve),
        cmocka_unit_test(test_pkey_ec_private_scalar_checks),
        cmocka_unit_test(test_verify_openssl_signatures_accepted_corruptions_refused),
        cmocka_unit_test(test_verify_pkcs1_is_not_pss),
        cmocka_unit_test(test_verify_ecdsa_non_der_refused),
        cmocka_unit_test(test_sign_then_verify_round_trips),
        cmocka_unit_test(test_rsa_premaster_good_and_each_malformation),
        cmocka_unit_test(test_rsa_blinding_kept_across_uses_and_threads),
        cmocka_unit_test(test_rsa_encrypt_then_decrypt_premaster),
        cmocka_unit_test(test_ecdh_two_keys_agree_off_curve_refused),
        cmocka_unit_test(test_ecdh_with_fixed_key_matches_both_sides),
    };

    return cmocka_run_group_tests(tests, setup, NULL);
}
