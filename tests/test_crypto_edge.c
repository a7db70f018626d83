/* SPDX-License-Identifier: MIT */
/*
 * test_crypto_edge.c - the crypto glue against the edge cases Project Wycheproof is known for,
 * rebuilt with our own keys in vectors/crypto/edge/edge.txt (gen.py; manifest.tsv lists every
 * case with its category, verdict and reason). Each case goes through mutls's own entry points:
 * mutls_pkey_verify for ECDSA, RSASSA-PKCS1-v1_5 and RSASSA-PSS; mutls_ecdh_shared for ECDH;
 * mutls_rsa_decrypt_premaster for the static-RSA premaster (RFC 5246 §7.4.7.1); mutls_aead_open
 * and mutls_aead_seal for the record AEADs; mutls_hmac_once and mutls_hmac_ct for HMAC. A case
 * passes only with the exact result its op calls for; every failing case is printed by name before
 * the test fails, so one run lists all disagreements at once. A last test changes and truncates
 * the valid signatures byte by byte.
 *
 * Before these vectors, mutls refused valid ECDSA signatures under the public keys -G, 2G, -2G
 * and 3G, and accepted an RSASSA-PSS signature under a 2049-bit key whose m had a nonzero byte
 * in front of the 256-byte EM; both are fixed (crypto_ecdsa.c, crypto_sig.c rsa_pss_verify).
 */
#include "testutil.h"

#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "crypto.h"

/* What gen.py wrote (it prints the same counts); a shorter file fails instead of passing. */
#define N_ECDSA 177
#define N_PKCS1 127
#define N_PSS 59
#define N_ECDH 52
#define N_PREMASTER 16
#define N_AEAD 111
#define N_HMAC 33

typedef struct buf {
    uint8_t *p;
    size_t len;
} buf;

/* The RSA keys of edge.txt's first two records: a 2048-bit key for everything RSA, and a
 * 2049-bit one (RSASSA-PSS with emLen one byte shorter than the signature). */
typedef struct rsa_parts {
    buf n, e, d, p, q, dp, dq, qinv;
} rsa_parts;
static rsa_parts K, K2049;

typedef struct run {
    const char *op;
    int seen;
    int failed;
} run;

static buf field(const tu_record *rec, const char *key)
{
    const char *hex = tu_field(rec, key);
    buf b = {NULL, 0};

    if (hex != NULL) {
        b.p = tu_unhex(hex, &b.len);
    }
    return b;
}

static mutls_slice sl(buf b)
{
    return (mutls_slice){b.p, b.len};
}

static int valid(const tu_record *rec)
{
    return strcmp(tu_field(rec, "expect"), "valid") == 0;
}

static mutls_hash_alg hash_of(const char *name)
{
    if (strcmp(name, "SHA1") == 0) {
        return MUTLS_HASH_SHA1;
    }
    if (strcmp(name, "SHA224") == 0) {
        return MUTLS_HASH_SHA224;
    }
    if (strcmp(name, "SHA256") == 0) {
        return MUTLS_HASH_SHA256;
    }
    if (strcmp(name, "SHA384") == 0) {
        return MUTLS_HASH_SHA384;
    }
    return strcmp(name, "SHA512") == 0 ? MUTLS_HASH_SHA512 : MUTLS_HASH_NONE;
}

static mutls_curve curve_of(const char *name)
{
    return strcmp(name, "P-256") == 0 ? MUTLS_CURVE_P256 : MUTLS_CURVE_P384;
}

static void load_key(const tu_record *rec, void *ctx)
{
    const char *key = tu_field(rec, "key");
    rsa_parts *k;

    (void)ctx;
    if (key == NULL || tu_field(rec, "n") == NULL) {
        return;
    }
    k = strcmp(key, "rsa2049") == 0 ? &K2049 : &K;
    k->n = field(rec, "n");
    k->e = field(rec, "e");
    k->d = field(rec, "d");
    k->p = field(rec, "p");
    k->q = field(rec, "q");
    k->dp = field(rec, "dp");
    k->dq = field(rec, "dq");
    k->qinv = field(rec, "qinv");
}

static int setup(void **state)
{
    (void)state;
    memset(&K, 0, sizeof(K));
    memset(&K2049, 0, sizeof(K2049));
    if (tu_for_each_record("crypto/edge/edge.txt", load_key, NULL) <= 0) {
        return -1;
    }
    return K.n.p != NULL && K.qinv.p != NULL && K2049.n.p != NULL ? 0 : -1;
}

static void free_parts(rsa_parts *k)
{
    buf *all[] = {&k->n, &k->e, &k->d, &k->p, &k->q, &k->dp, &k->dq, &k->qinv};

    for (size_t i = 0; i < sizeof(all) / sizeof(all[0]); i++) {
        free(all[i]->p);
    }
}

static int teardown(void **state)
{
    (void)state;
    free_parts(&K);
    free_parts(&K2049);
    return 0;
}

/* ---------------------------------------------------------------- one case per op */

/* ECDSA: the public key must import (every key in the file is on its curve), then verify
 * gives 0 or exactly MUTLS_ERR_SIGNATURE_INVALID. */
static int case_ecdsa(const tu_record *rec)
{
    buf pub = field(rec, "pub"), dg = field(rec, "digest"), sig = field(rec, "sig");
    mutls_pkey *k = NULL;
    int rc = mutls_pkey_ec_public(&k, curve_of(tu_field(rec, "curve")), sl(pub));

    if (rc == 0) {
        rc = mutls_pkey_verify(k, MUTLS_SIG_ECDSA, hash_of(tu_field(rec, "hash")), 0, dg.p, dg.len,
                               sig.p, sig.len);
        rc = rc == (valid(rec) ? 0 : MUTLS_ERR_SIGNATURE_INVALID) ? 0 : (rc == 0 ? 1 : rc);
    } else {
        rc = rc == 0 ? 1 : rc;
    }
    mutls_pkey_free(k);
    free(pub.p);
    free(dg.p);
    free(sig.p);
    return rc;
}

static int case_rsa_sig(const tu_record *rec, mutls_sig_kind kind)
{
    buf dg = field(rec, "digest"), sig = field(rec, "sig");
    const char *salt = tu_field(rec, "salt_len");
    const char *key = tu_field(rec, "key");
    const rsa_parts *parts = key != NULL && strcmp(key, "rsa2049") == 0 ? &K2049 : &K;
    mutls_pkey *k = NULL;
    int rc = mutls_pkey_rsa_public(&k, sl(parts->n), sl(parts->e));

    if (rc == 0) {
        rc = mutls_pkey_verify(k, kind, hash_of(tu_field(rec, "hash")),
                               salt != NULL ? (size_t)atoi(salt) : 0, dg.p, dg.len,
                               sig.p != NULL ? sig.p : (const uint8_t *)"", sig.len);
        rc = rc == (valid(rec) ? 0 : MUTLS_ERR_SIGNATURE_INVALID) ? 0 : (rc == 0 ? 1 : rc);
    }
    mutls_pkey_free(k);
    free(dg.p);
    free(sig.p);
    return rc;
}

/* ECDH: a valid peer gives exactly the listed secret (left-padded to the field size); an
 * invalid one MUTLS_ERR_POINT_NOT_ON_CURVE and leaves the output untouched. */
static int case_ecdh(const tu_record *rec)
{
    buf priv = field(rec, "priv"), peer = field(rec, "peer"), want = field(rec, "shared");
    static const uint8_t zeros[66];
    uint8_t secret[66] = {0};
    size_t secret_len = sizeof(secret);
    mutls_pkey *k = NULL;
    int rc = mutls_pkey_ec_private(&k, curve_of(tu_field(rec, "curve")), sl(priv),
                                   (mutls_slice){NULL, 0});

    if (rc == 0) {
        rc = mutls_ecdh_shared(k, sl(peer), secret, &secret_len);
        if (!valid(rec)) {
            rc = rc == MUTLS_ERR_POINT_NOT_ON_CURVE && memcmp(secret, zeros, sizeof(secret)) == 0
                     ? 0
                     : (rc == 0 ? 1 : rc);
        } else if (rc == 0) {
            rc = secret_len == want.len && memcmp(secret, want.p, want.len) == 0 ? 0 : 1;
        }
    }
    mutls_pkey_free(k);
    free(priv.p);
    free(peer.p);
    free(want.p);
    return rc;
}

#if !defined(MUTLS_NO_STATIC_RSA)
static int fixed_entropy(void *ctx, uint8_t *out, size_t len)
{
    (void)ctx;
    memset(out, 0x42, len);
    return 0;
}
#endif

/* Premaster: always 0 and 48 bytes; the decrypted ones for the valid block, the random
 * substitute for every other. */
static int case_premaster(const tu_record *rec)
{
#if defined(MUTLS_NO_STATIC_RSA)
    (void)rec;
    return 0; /* the test skips before it gets here */
#else
    buf ct = field(rec, "ct"), plain = field(rec, "plain");
    uint8_t random48[48], out[48];
    mutls_pkey *k = NULL;
    mutls_rng *rng = NULL;
    int rc;

    memset(random48, 0xa5, sizeof(random48));
    rc = mutls_rng_new(&rng, fixed_entropy, NULL);
    rc = rc == 0 ? mutls_pkey_rsa_private(&k, sl(K.n), sl(K.e), sl(K.d), sl(K.p), sl(K.q), sl(K.dp), sl(K.dq),
                                sl(K.qinv)) : rc;
    if (rc == 0) {
        rc = mutls_rsa_decrypt_premaster(k, rng, ct.p != NULL ? ct.p : (const uint8_t *)"",
                                         ct.len, 0x0303, random48, out);
    }
    if (rc == 0) {
        const uint8_t *want = valid(rec) ? plain.p : random48;
        rc = want != NULL && (!valid(rec) || plain.len == 48) && memcmp(out, want, 48) == 0 ? 0 : 1;
    }
    mutls_pkey_free(k);
    mutls_rng_free(rng);
    free(ct.p);
    free(plain.p);
    return rc;
#endif
}

static mutls_cipher cipher_of(const char *name)
{
    if (strcmp(name, "AES128-GCM") == 0) {
        return MUTLS_CIPHER_AES128_GCM;
    }
    return strcmp(name, "AES256-GCM") == 0 ? MUTLS_CIPHER_AES256_GCM
                                           : MUTLS_CIPHER_CHACHA20_POLY1305;
}

/* AEAD: a valid case opens to the plaintext and seals back to the same ciphertext and tag;
 * an invalid one gives MUTLS_ERR_BAD_RECORD_MAC and leaves only zeros in the buffer. */
static int case_aead(const tu_record *rec)
{
    buf key = field(rec, "key"), nonce = field(rec, "nonce"), aad = field(rec, "aad");
    buf pt = field(rec, "pt"), ct = field(rec, "ct"), tag = field(rec, "tag");
    uint8_t *work = calloc(1, ct.len + pt.len + 1);
    uint8_t sealed_tag[MUTLS_AEAD_TAG_LEN];
    mutls_aead *a = NULL;
    int rc = work == NULL || nonce.len != 12 || tag.len != 16 ? 1 : 0;

    if (rc == 0) {
        rc = mutls_aead_new(&a, cipher_of(tu_field(rec, "cipher")), key.p, key.len);
    }
    if (rc == 0) {
        if (ct.len > 0) {
            memcpy(work, ct.p, ct.len);
        }
        rc = mutls_aead_open(a, nonce.p, aad.p, aad.len, work, ct.len, tag.p);
        if (!valid(rec)) {
            size_t i;
            uint8_t any = 0;
            for (i = 0; i < ct.len; i++) {
                any |= work[i];
            }
            rc = rc == MUTLS_ERR_BAD_RECORD_MAC && any == 0 ? 0 : (rc == 0 ? 1 : rc);
        } else if (rc == 0) {
            rc = ct.len == pt.len && (pt.len == 0 || memcmp(work, pt.p, pt.len) == 0) ? 0 : 1;
            if (rc == 0) {
                rc = mutls_aead_seal(a, nonce.p, aad.p, aad.len, work, pt.len, sealed_tag);
            }
            if (rc == 0) {
                rc = (pt.len == 0 || memcmp(work, ct.p, ct.len) == 0) &&
                             memcmp(sealed_tag, tag.p, 16) == 0
                         ? 0
                         : 1;
            }
        }
    }
    mutls_aead_free(a);
    free(work);
    free(key.p);
    free(nonce.p);
    free(aad.p);
    free(pt.p);
    free(ct.p);
    free(tag.p);
    return rc;
}

/* HMAC: mutls_hmac_once, and mutls_hmac_ct with the first 13 bytes as the header and the
 * rest as a record body whose length lies inside wider public bounds (junk after it). */
static int case_hmac(const tu_record *rec)
{
    buf key = field(rec, "key"), msg = field(rec, "msg"), want = field(rec, "mac");
    mutls_hash_alg alg = hash_of(tu_field(rec, "hash"));
    uint8_t mac[MUTLS_HASH_MAX];
    uint8_t *body = NULL;
    size_t len, max_len;
    int rc = mutls_hmac_once(alg, key.p, key.len, msg.p, msg.len, mac);

    if (rc == 0) {
        rc = want.len == mutls_hash_len(alg) && memcmp(mac, want.p, want.len) == 0 ? 0 : 1;
    }
#if !defined(MUTLS_NO_CBC)
    if (rc == 0) {
        len = msg.len - 13;
        max_len = len + 17;
        body = malloc(max_len);
        rc = body == NULL ? 1 : 0;
    }
    if (rc == 0) {
        memcpy(body, msg.p + 13, len);
        memset(body + len, 0x5c, max_len - len);
        memset(mac, 0, sizeof(mac));
        rc = mutls_hmac_ct(alg, key.p, key.len, msg.p, 13, body, len, len > 200 ? len - 200 : 0,
                           max_len, mac);
    }
    if (rc == 0) {
        rc = memcmp(mac, want.p, want.len) == 0 ? 0 : 1;
    }
#else
    (void)len, (void)max_len;
#endif
    free(body);
    free(key.p);
    free(msg.p);
    free(want.p);
    return rc;
}

/* ---------------------------------------------------------------- the walk */

static void run_case(const tu_record *rec, void *ctx)
{
    run *r = ctx;
    const char *op = tu_field(rec, "op");
    int rc;

    if (op == NULL || strcmp(op, r->op) != 0) {
        return;
    }
    r->seen++;
    if (strcmp(op, "ecdsa") == 0) {
        rc = case_ecdsa(rec);
    } else if (strcmp(op, "pkcs1") == 0) {
        rc = case_rsa_sig(rec, MUTLS_SIG_RSA_PKCS1);
    } else if (strcmp(op, "pss") == 0) {
        rc = case_rsa_sig(rec, MUTLS_SIG_RSA_PSS);
    } else if (strcmp(op, "ecdh") == 0) {
        rc = case_ecdh(rec);
    } else if (strcmp(op, "premaster") == 0) {
        rc = case_premaster(rec);
    } else if (strcmp(op, "hmac") == 0) {
        rc = case_hmac(rec);
    } else {
        rc = case_aead(rec);
    }
    if (rc != 0) {
        r->failed++;
        print_message("DISAGREE %s (expect %s, %s; got %d): %s\n", tu_field(rec, "case"),
                      tu_field(rec, "expect"), tu_field(rec, "category"), rc,
                      tu_field(rec, "reason"));
    }
}

static void run_op(const char *op, int expected)
{
    run r = {op, 0, 0};

    assert_true(tu_for_each_record("crypto/edge/edge.txt", run_case, &r) > 0);
    assert_int_equal(r.seen, expected);
    assert_int_equal(r.failed, 0);
}

/*
 * Every one-byte change (XOR 0x01, or 0x80 for the RSA ones) and every truncation of the valid
 * "baseline" signatures must give exactly MUTLS_ERR_SIGNATURE_INVALID: a changed signature is
 * never accepted and no parser path crashes or returns another code.
 */
static void mutate_signature(const tu_record *rec, void *ctx)
{
    int *checked = ctx;
    const char *op = tu_field(rec, "op"), *salt = tu_field(rec, "salt_len");
    mutls_sig_kind kind;
    buf key, dg, sig;
    mutls_pkey *k = NULL;
    size_t i, step;
    uint8_t flip;

    if (op == NULL || strcmp(tu_field(rec, "category"), "baseline") != 0 || !valid(rec)) {
        return;
    }
    if (strcmp(op, "ecdsa") == 0) {
        kind = MUTLS_SIG_ECDSA;
        flip = 0x01;
        key = field(rec, "pub");
        assert_int_equal(mutls_pkey_ec_public(&k, curve_of(tu_field(rec, "curve")), sl(key)), 0);
        free(key.p);
    } else if (strcmp(op, "pkcs1") == 0 || strcmp(op, "pss") == 0) {
        kind = op[1] == 'k' ? MUTLS_SIG_RSA_PKCS1 : MUTLS_SIG_RSA_PSS;
        flip = 0x80;
        assert_int_equal(mutls_pkey_rsa_public(&k, sl(K.n), sl(K.e)), 0);
    } else {
        return;
    }
    dg = field(rec, "digest");
    sig = field(rec, "sig");
    /* Under valgrind only every 16th position: the full walk would take minutes there. */
    step = tu_test_quick() ? 16 : 1;
    for (i = 0; i < sig.len; i += step) {
        mutls_hash_alg h = hash_of(tu_field(rec, "hash"));
        size_t salt_len = salt != NULL ? (size_t)atoi(salt) : 0;

        sig.p[i] ^= flip;
        assert_int_equal(mutls_pkey_verify(k, kind, h, salt_len, dg.p, dg.len, sig.p, sig.len),
                         MUTLS_ERR_SIGNATURE_INVALID);
        sig.p[i] ^= flip;
        assert_int_equal(mutls_pkey_verify(k, kind, h, salt_len, dg.p, dg.len, sig.p, i),
                         MUTLS_ERR_SIGNATURE_INVALID);
        (*checked)++;
    }
    mutls_pkey_free(k);
    free(dg.p);
    free(sig.p);
}

static void test_crypto_edge_mutated_signatures_refused(void **state)
{
    int checked = 0;

    (void)state;
    assert_true(tu_for_each_record("crypto/edge/edge.txt", mutate_signature, &checked) > 0);
    /* 8 ECDSA signatures of 70-104 bytes, 4 PKCS#1 and 6 PSS ones of 256 */
    assert_true(checked >= (tu_test_quick() ? 100 : 2000));
}

static void test_crypto_edge_ecdsa_cases_match_manifest(void **state)
{
    (void)state;
    run_op("ecdsa", N_ECDSA);
}

static void test_crypto_edge_pkcs1_cases_match_manifest(void **state)
{
    (void)state;
    run_op("pkcs1", N_PKCS1);
}

static void test_crypto_edge_pss_cases_match_manifest(void **state)
{
    (void)state;
    run_op("pss", N_PSS);
}

static void test_crypto_edge_ecdh_cases_match_manifest(void **state)
{
    (void)state;
    run_op("ecdh", N_ECDH);
}

static void test_crypto_edge_premaster_cases_match_manifest(void **state)
{
    (void)state;
#if defined(MUTLS_NO_STATIC_RSA)
    skip();
#endif
    run_op("premaster", N_PREMASTER);
}

static void test_crypto_edge_aead_cases_match_manifest(void **state)
{
    (void)state;
    run_op("aead", N_AEAD);
}

static void test_crypto_edge_hmac_cases_match_manifest(void **state)
{
    (void)state;
    run_op("hmac", N_HMAC);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_crypto_edge_ecdsa_cases_match_manifest),
        cmocka_unit_test(test_crypto_edge_pkcs1_cases_match_manifest),
        cmocka_unit_test(test_crypto_edge_pss_cases_match_manifest),
        cmocka_unit_test(test_crypto_edge_ecdh_cases_match_manifest),
        cmocka_unit_test(test_crypto_edge_premaster_cases_match_manifest),
        cmocka_unit_test(test_crypto_edge_aead_cases_match_manifest),
        cmocka_unit_test(test_crypto_edge_hmac_cases_match_manifest),
        cmocka_unit_test(test_crypto_edge_mutated_signatures_refused),
    };

    return cmocka_run_group_tests(tests, setup, teardown);
}
