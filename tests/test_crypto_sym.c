/* SPDX-License-Identifier: MIT */
/*
 * test_crypto_sym.c - the provider's core and record protection: init, constant-time compare,
 * RNG, hashes, HMAC (plain and constant-time), the TLS 1.2 PRF, AEAD, CBC, PBKDF2, base64.
 * Known answers come from the files in vectors/crypto (tests/gen/gen_crypto_sym.c, gen.sh) and
 * vectors/prf/prf.txt (vectors/prf/gen.sh), all computed by OpenSSL or published.
 */
#include "testutil.h"

#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "crypto.h"

/* ---------------------------------------------------------------- helpers */

typedef struct hexbuf {
    uint8_t *p;
    size_t len;
} hexbuf;

static hexbuf field_hex(const tu_record *rec, const char *key)
{
    const char *v = tu_field(rec, key);
    hexbuf b = {NULL, 0};

    assert_non_null(v);
    b.p = tu_unhex(v, &b.len);
    assert_non_null(b.p);
    return b;
}

static mutls_hash_alg hash_by_name(const char *name)
{
    static const struct {
        const char *name;
        mutls_hash_alg alg;
    } t[] = {{"SHA1", MUTLS_HASH_SHA1},
             {"SHA224", MUTLS_HASH_SHA224},
             {"SHA256", MUTLS_HASH_SHA256},
             {"SHA384", MUTLS_HASH_SHA384},
             {"SHA512", MUTLS_HASH_SHA512}};
    size_t i;

    for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
        if (strcmp(t[i].name, name) == 0) {
            return t[i].alg;
        }
    }
    fail_msg("unknown hash %s", name);
    return MUTLS_HASH_NONE;
}

static int all_zero(const uint8_t *p, size_t n)
{
    size_t i;

    for (i = 0; i < n; i++) {
        if (p[i] != 0) {
            return 0;
        }
    }
    return 1;
}

/* ---------------------------------------------------------------- init, ct, rng */

static void test_init_repeated_returns_zero(void **state)
{
    (void)state;
    assert_int_equal(mutls_init(), 0);
    assert_int_equal(mutls_init(), 0);
    assert_int_equal(mutls_crypto_init(), 0);
    assert_string_equal(mutls_version(), MUTLS_VERSION_STRING);
}

static void test_ct_neq_each_byte_detected(void **state)
{
    uint8_t a[40], b[40];
    size_t i;

    (void)state;
    memset(a, 0x5a, sizeof(a));
    memcpy(b, a, sizeof(b));
    assert_int_equal(mutls_ct_neq(a, b, sizeof(a)), 0);
    assert_int_equal(mutls_ct_neq(a, b, 0), 0);
    for (i = 0; i < sizeof(a); i++) {
        b[i] ^= 0x80;
        assert_int_equal(mutls_ct_neq(a, b, sizeof(a)), 1);
        b[i] ^= 0x81;
        assert_int_equal(mutls_ct_neq(a, b, sizeof(a)), 1);
        b[i] ^= 0x01;
    }
}

static int fixed_entropy(void *ctx, uint8_t *buf, size_t len)
{
    memset(buf, *(const int *)ctx, len);
    return 0;
}

static int no_entropy(void *ctx, uint8_t *buf, size_t len)
{
    (void)ctx;
    (void)buf;
    (void)len;
    return -1;
}

static void test_rng_same_seed_same_stream(void **state)
{
    int s1 = 1, s2 = 2;
    mutls_rng *a, *b, *c;
    uint8_t x[100], y[100], z[100];

    (void)state;
    assert_int_equal(mutls_rng_new(&a, fixed_entropy, &s1), 0);
    assert_int_equal(mutls_rng_new(&b, fixed_entropy, &s1), 0);
    assert_int_equal(mutls_rng_new(&c, fixed_entropy, &s2), 0);
    assert_int_equal(mutls_rng_bytes(a, x, sizeof(x)), 0);
    assert_int_equal(mutls_rng_bytes(b, y, sizeof(y)), 0);
    assert_int_equal(mutls_rng_bytes(c, z, sizeof(z)), 0);
    assert_memory_equal(x, y, sizeof(x));
    assert_memory_not_equal(x, z, sizeof(x));
    /* Re-keyed after each call: the next output differs from the first. */
    assert_int_equal(mutls_rng_bytes(a, y, sizeof(y)), 0);
    assert_memory_not_equal(x, y, sizeof(x));
    assert_int_equal(mutls_rng_bytes(a, y, 0), 0);
    mutls_rng_free(a);
    mutls_rng_free(b);
    mutls_rng_free(c);
}

static void test_rng_failing_source_no_entropy(void **state)
{
    mutls_rng *r = (mutls_rng *)&r;

    (void)state;
    assert_int_equal(mutls_rng_new(&r, no_entropy, NULL), MUTLS_ERR_NO_ENTROPY);
    assert_null(r);
}

static void test_rng_os_source_works(void **state)
{
    mutls_rng *a, *b;
    uint8_t x[32], y[32];

    (void)state;
    assert_int_equal(mutls_rng_new(&a, NULL, NULL), 0);
    assert_int_equal(mutls_rng_new(&b, NULL, NULL), 0);
    assert_int_equal(mutls_rng_bytes(a, x, sizeof(x)), 0);
    assert_int_equal(mutls_rng_bytes(b, y, sizeof(y)), 0);
    assert_memory_not_equal(x, y, sizeof(x));
    mutls_rng_free(a);
    mutls_rng_free(b);
    mutls_rng_free(NULL);
}

/* ---------------------------------------------------------------- hashes, HMAC */

static void check_hash(const tu_record *rec, void *ctx)
{
    mutls_hash_alg alg = hash_by_name(tu_field(rec, "hash"));
    hexbuf msg = field_hex(rec, "msg"), md = field_hex(rec, "md");
    uint8_t out[MUTLS_HASH_MAX], peek[MUTLS_HASH_MAX];
    mutls_hash h, copy;
    size_t i;

    assert_int_equal(mutls_hash_len(alg), md.len);
    assert_int_equal(mutls_hash_once(alg, msg.p, msg.len, out), 0);
    assert_memory_equal(out, md.p, md.len);
    /* Byte at a time, with a copy taken halfway that finishes independently. */
    assert_int_equal(mutls_hash_init(&h, alg), 0);
    for (i = 0; i < msg.len; i++) {
        assert_int_equal(mutls_hash_update(&h, msg.p + i, 1), 0);
        if (i == msg.len / 2) {
            copy = h;
            assert_int_equal(mutls_hash_final(&copy, peek), 0);
        }
    }
    assert_int_equal(mutls_hash_final(&h, out), 0);
    assert_memory_equal(out, md.p, md.len);
    (*(int *)ctx)++;
    free(msg.p);
    free(md.p);
}

static void test_hash_vectors_match(void **state)
{
    int n = 0;
    uint8_t out[MUTLS_HASH_MAX];

    (void)state;
    assert_int_equal(tu_for_each_record("crypto/hash.txt", check_hash, &n), 45);
    assert_int_equal(n, 45);
    assert_int_equal(mutls_hash_once(MUTLS_HASH_NONE, "", 0, out), MUTLS_ERR_CRYPTO_UNSUPPORTED);
    assert_int_equal(mutls_hash_len(MUTLS_HASH_NONE), 0);
    assert_int_equal(mutls_hash_len((mutls_hash_alg)99), 0);
    assert_int_equal(mutls_hash_block_len(MUTLS_HASH_SHA384), 128);
    assert_int_equal(mutls_hash_len(MUTLS_HASH_MD5), 16);
}

static void check_hmac(const tu_record *rec, void *ctx)
{
    mutls_hash_alg alg = hash_by_name(tu_field(rec, "hash"));
    hexbuf key = field_hex(rec, "key"), msg = field_hex(rec, "msg"), mac = field_hex(rec, "mac");
    uint8_t out[MUTLS_HASH_MAX];
    mutls_hmac m;
    size_t half = msg.len / 3;

    assert_int_equal(mutls_hmac_once(alg, key.p, key.len, msg.p, msg.len, out), 0);
    assert_memory_equal(out, mac.p, mac.len);
    assert_int_equal(mutls_hmac_init(&m, alg, key.p, key.len), 0);
    assert_int_equal(mutls_hmac_update(&m, msg.p, half), 0);
    assert_int_equal(mutls_hmac_update(&m, msg.p + half, msg.len - half), 0);
    assert_int_equal(mutls_hmac_final(&m, out), 0);
    assert_memory_equal(out, mac.p, mac.len);
    (*(int *)ctx)++;
    free(key.p);
    free(msg.p);
    free(mac.p);
}

static void test_hmac_vectors_match(void **state)
{
    int n = 0;

    (void)state;
    assert_int_equal(tu_for_each_record("crypto/hmac.txt", check_hmac, &n), 120);
    assert_int_equal(n, 120);
}

/* The constant-time HMAC and the record CBC cipher serve only the CBC suites: a build
 * without them (-DMUTLS_CBC=OFF) leaves them out, and their tests skip. */
#ifndef MUTLS_NO_CBC
/* For every secret length min_len..max_len the constant-time HMAC equals
 * HMAC(hdr || data[0..len)), across the block boundaries where the padding moves into an extra
 * block and where the directly hashed prefix (decided by min_len) ends. */
static void hmac_ct_all_lengths(mutls_hash_alg alg, size_t min_len, size_t max_len)
{
    uint8_t key[64], hdr[13], data[400], joined[13 + 400];
    uint8_t want[MUTLS_HASH_MAX], got[MUTLS_HASH_MAX];
    size_t len, i;

    for (i = 0; i < sizeof(key); i++) {
        key[i] = (uint8_t)(i * 3 + 1);
    }
    for (i = 0; i < sizeof(hdr); i++) {
        hdr[i] = (uint8_t)(0xa0 + i);
    }
    for (i = 0; i < sizeof(data); i++) {
        data[i] = (uint8_t)(i * 11 + 5);
    }
    memcpy(joined, hdr, sizeof(hdr));
    memcpy(joined + sizeof(hdr), data, sizeof(data));
    for (len = min_len; len <= max_len; len++) {
        assert_int_equal(mutls_hmac_once(alg, key, mutls_hash_len(alg), joined, 13 + len, want), 0);
        memset(got, 0, sizeof(got));
        assert_int_equal(
            mutls_hmac_ct(alg, key, mutls_hash_len(alg), hdr, 13, data, len, min_len, max_len,
                          got),
            0);
        if (memcmp(want, got, mutls_hash_len(alg)) != 0) {
            fail_msg("hmac_ct differs for alg %d len %zu min %zu max %zu", (int)alg, len, min_len,
                     max_len);
        }
    }
}

static void test_hmac_ct_every_length_equals_hmac(void **state)
{
    (void)state;
    hmac_ct_all_lengths(MUTLS_HASH_SHA1, 0, 400);
    hmac_ct_all_lengths(MUTLS_HASH_SHA256, 0, 400);
    hmac_ct_all_lengths(MUTLS_HASH_SHA384, 0, 400);
    hmac_ct_all_lengths(MUTLS_HASH_SHA512, 0, 300);
    hmac_ct_all_lengths(MUTLS_HASH_SHA224, 0, 150);
    /* Small maxima: the whole message fits in the first block, or len == max_len == 0. */
    hmac_ct_all_lengths(MUTLS_HASH_SHA256, 0, 0);
    hmac_ct_all_lengths(MUTLS_HASH_SHA384, 0, 1);
    hmac_ct_all_lengths(MUTLS_HASH_SHA1, 0, 42);
}

/* The TLS CBC bound (len >= max_len - 255): the prefix is hashed directly, and the result is
 * still HMAC for every length, with the prefix ending inside the header, at a block boundary
 * and inside the data (min_len + 13 = 64, 128, 63, 65, 145 ...). */
static void test_hmac_ct_public_prefix_equals_hmac(void **state)
{
    (void)state;
    hmac_ct_all_lengths(MUTLS_HASH_SHA1, 400 - 255, 400);
    hmac_ct_all_lengths(MUTLS_HASH_SHA256, 399 - 255, 399);
    hmac_ct_all_lengths(MUTLS_HASH_SHA384, 398 - 255, 398);
    hmac_ct_all_lengths(MUTLS_HASH_SHA512, 300 - 255, 300);
    hmac_ct_all_lengths(MUTLS_HASH_SHA256, 51, 60);
    hmac_ct_all_lengths(MUTLS_HASH_SHA256, 50, 60);
    hmac_ct_all_lengths(MUTLS_HASH_SHA256, 52, 60);
    hmac_ct_all_lengths(MUTLS_HASH_SHA384, 115, 120);
    hmac_ct_all_lengths(MUTLS_HASH_SHA1, 3, 7);
}

static void test_hmac_ct_bad_arguments_refused(void **state)
{
    uint8_t key[20] = {0}, data[10] = {0}, out[64];

    (void)state;
    assert_int_equal(mutls_hmac_ct(MUTLS_HASH_SHA256, key, 20, data, 0, data, 11, 0, 10, out),
                     MUTLS_ERR_BAD_ARGUMENT);
    /* A length below the public lower bound is a caller bug. */
    assert_int_equal(mutls_hmac_ct(MUTLS_HASH_SHA256, key, 20, data, 0, data, 4, 5, 10, out),
                     MUTLS_ERR_BAD_ARGUMENT);
    assert_int_equal(mutls_hmac_ct(MUTLS_HASH_MD5, key, 20, data, 0, data, 1, 0, 10, out),
                     MUTLS_ERR_CRYPTO_UNSUPPORTED);
}
#else
static void test_hmac_ct_every_length_equals_hmac(void **state)
{
    (void)state;
    skip();
}

static void test_hmac_ct_public_prefix_equals_hmac(void **state)
{
    (void)state;
    skip();
}

static void test_hmac_ct_bad_arguments_refused(void **state)
{
    (void)state;
    skip();
}
#endif

/* ---------------------------------------------------------------- PRF */

static void check_prf(const tu_record *rec, void *ctx)
{
    mutls_hash_alg alg = hash_by_name(tu_field(rec, "hash"));
    hexbuf secret = field_hex(rec, "secret"), seed = field_hex(rec, "seed");
    hexbuf want = field_hex(rec, "out");
    uint8_t *out = malloc(want.len);

    assert_non_null(out);
    assert_int_equal(mutls_prf(alg, secret.p, secret.len, tu_field(rec, "label"), seed.p, seed.len,
                               out, want.len),
                     0);
    assert_memory_equal(out, want.p, want.len);
    (*(int *)ctx)++;
    free(out);
    free(secret.p);
    free(seed.p);
    free(want.p);
}

static void test_prf_vectors_match(void **state)
{
    int n = 0;
    uint8_t out[12];

    (void)state;
    assert_int_equal(tu_for_each_record("prf/prf.txt", check_prf, &n), 13);
    assert_int_equal(n, 13);
    assert_int_equal(mutls_prf(MUTLS_HASH_SHA1, out, 1, "x", out, 1, out, sizeof(out)),
                     MUTLS_ERR_CRYPTO_UNSUPPORTED);
}

/* ---------------------------------------------------------------- AEAD */

static mutls_cipher cipher_by_name(const char *name)
{
    if (strcmp(name, "AES128-GCM") == 0) {
        return MUTLS_CIPHER_AES128_GCM;
    }
    if (strcmp(name, "AES256-GCM") == 0) {
        return MUTLS_CIPHER_AES256_GCM;
    }
    if (strcmp(name, "CHACHA20-POLY1305") == 0) {
        return MUTLS_CIPHER_CHACHA20_POLY1305;
    }
    if (strcmp(name, "AES128-CBC") == 0) {
        return MUTLS_CIPHER_AES128_CBC;
    }
    assert_string_equal(name, "AES256-CBC");
    return MUTLS_CIPHER_AES256_CBC;
}

/* Open must fail with bad_record_mac and leave only zeros behind. */
static void expect_refused(mutls_aead *a, const uint8_t *nonce, const uint8_t *aad, size_t aad_len,
                           const uint8_t *ct, size_t len, const uint8_t *tag)
{
    uint8_t *buf = malloc(len + 1);

    assert_non_null(buf);
    memcpy(buf, ct, len);
    assert_int_equal(mutls_aead_open(a, nonce, aad, aad_len, buf, len, tag),
                     MUTLS_ERR_BAD_RECORD_MAC);
    assert_true(all_zero(buf, len));
    free(buf);
}

static void check_aead(const tu_record *rec, void *ctx)
{
    mutls_cipher c = cipher_by_name(tu_field(rec, "cipher"));
    hexbuf key = field_hex(rec, "key"), nonce = field_hex(rec, "nonce");
    hexbuf aad = field_hex(rec, "aad"), pt = field_hex(rec, "pt"), ct = field_hex(rec, "ct");
    hexbuf tag = field_hex(rec, "tag");
    uint8_t *buf = malloc(pt.len + 1), *bad = malloc(pt.len + 1);
    uint8_t t[MUTLS_AEAD_TAG_LEN], badtag[MUTLS_AEAD_TAG_LEN], badaad[32];
    mutls_aead *a;
    int round;

    assert_non_null(buf);
    assert_non_null(bad);
    assert_int_equal(mutls_aead_new(&a, c, key.p, key.len), 0);
    /* Twice with the same object: the per-record reset must leave no state behind. */
    for (round = 0; round < 2; round++) {
        memcpy(buf, pt.p, pt.len);
        assert_int_equal(mutls_aead_seal(a, nonce.p, aad.p, aad.len, buf, pt.len, t), 0);
        assert_memory_equal(buf, ct.p, ct.len);
        assert_memory_equal(t, tag.p, MUTLS_AEAD_TAG_LEN);
        assert_int_equal(mutls_aead_open(a, nonce.p, aad.p, aad.len, buf, ct.len, tag.p), 0);
        assert_memory_equal(buf, pt.p, pt.len);
    }
    /* A flipped bit in the tag, the ciphertext or the AAD is refused. */
    memcpy(badtag, tag.p, sizeof(badtag));
    badtag[15] ^= 0x01;
    expect_refused(a, nonce.p, aad.p, aad.len, ct.p, ct.len, badtag);
    if (ct.len > 0) {
        memcpy(bad, ct.p, ct.len);
        bad[ct.len / 2] ^= 0x40;
        expect_refused(a, nonce.p, aad.p, aad.len, bad, ct.len, tag.p);
    }
    if (aad.len > 0) {
        memcpy(badaad, aad.p, aad.len);
        badaad[0] ^= 0x01;
        expect_refused(a, nonce.p, badaad, aad.len, ct.p, ct.len, tag.p);
    }
    /* And the object still works after a refusal. */
    memcpy(buf, ct.p, ct.len);
    assert_int_equal(mutls_aead_open(a, nonce.p, aad.p, aad.len, buf, ct.len, tag.p), 0);
    assert_memory_equal(buf, pt.p, pt.len);
    mutls_aead_free(a);
    (*(int *)ctx)++;
    free(buf);
    free(bad);
    free(key.p);
    free(nonce.p);
    free(aad.p);
    free(pt.p);
    free(ct.p);
    free(tag.p);
}

static void test_aead_vectors_seal_open_and_refuse_tampering(void **state)
{
    int n = 0;

    (void)state;
    assert_int_equal(tu_for_each_record("crypto/aead.txt", check_aead, &n), 28);
    assert_int_equal(n, 28);
}

static void test_aead_bad_key_or_cipher_refused(void **state)
{
    uint8_t key[32] = {0};
    mutls_aead *a = (mutls_aead *)&a;

    (void)state;
    assert_int_equal(mutls_aead_new(&a, MUTLS_CIPHER_AES128_GCM, key, 32), MUTLS_ERR_BAD_ARGUMENT);
    assert_null(a);
    assert_int_equal(mutls_aead_new(&a, MUTLS_CIPHER_CHACHA20_POLY1305, key, 16),
                     MUTLS_ERR_BAD_ARGUMENT);
    assert_int_equal(mutls_aead_new(&a, MUTLS_CIPHER_AES128_CBC, key, 16),
                     MUTLS_ERR_CRYPTO_UNSUPPORTED);
    mutls_aead_free(NULL);
}

/* ---------------------------------------------------------------- CBC, PBKDF2, base64 */

static void check_cbc(const tu_record *rec, void *ctx)
{
    mutls_cipher c = cipher_by_name(tu_field(rec, "cipher"));
    hexbuf key = field_hex(rec, "key"), iv = field_hex(rec, "iv");
    hexbuf pt = field_hex(rec, "pt"), ct = field_hex(rec, "ct");
    uint8_t *buf = malloc(pt.len);

    assert_non_null(buf);
#ifndef MUTLS_NO_CBC
    mutls_cbc *cbc;
    assert_int_equal(mutls_cbc_new(&cbc, c, key.p, key.len), 0);
    for (int round = 0; round < 2; round++) {
        memcpy(buf, pt.p, pt.len);
        assert_int_equal(mutls_cbc_encrypt(cbc, iv.p, buf, pt.len), 0);
        assert_memory_equal(buf, ct.p, ct.len);
        assert_int_equal(mutls_cbc_decrypt(cbc, iv.p, buf, ct.len), 0);
        assert_memory_equal(buf, pt.p, pt.len);
    }
    assert_int_equal(mutls_cbc_encrypt(cbc, iv.p, buf, pt.len - 1), MUTLS_ERR_BAD_ARGUMENT);
    mutls_cbc_free(cbc);
#else
    (void)c; /* only encrypted PKCS#8's one-shot decryption is built */
#endif
    memcpy(buf, ct.p, ct.len);
    assert_int_equal(mutls_aes_cbc_decrypt_once(key.p, key.len, iv.p, buf, ct.len), 0);
    assert_memory_equal(buf, pt.p, pt.len);
    (*(int *)ctx)++;
    free(buf);
    free(key.p);
    free(iv.p);
    free(pt.p);
    free(ct.p);
}

static void test_cbc_vectors_match(void **state)
{
    int n = 0;
    uint8_t key[32] = {0};

    (void)state;
    assert_int_equal(tu_for_each_record("crypto/cbc.txt", check_cbc, &n), 8);
    assert_int_equal(n, 8);
#ifndef MUTLS_NO_CBC
    mutls_cbc *c;
    assert_int_equal(mutls_cbc_new(&c, MUTLS_CIPHER_AES128_CBC, key, 32), MUTLS_ERR_BAD_ARGUMENT);
    assert_int_equal(mutls_cbc_new(&c, MUTLS_CIPHER_AES128_GCM, key, 16),
                     MUTLS_ERR_CRYPTO_UNSUPPORTED);
#endif
    assert_int_equal(mutls_aes_cbc_decrypt_once(key, 20, key, key, 16),
                     MUTLS_ERR_CRYPTO_UNSUPPORTED);
}

static void check_pbkdf2(const tu_record *rec, void *ctx)
{
    mutls_hash_alg alg = hash_by_name(tu_field(rec, "hash"));
    hexbuf pass = field_hex(rec, "pass"), salt = field_hex(rec, "salt");
    hexbuf want = field_hex(rec, "out");
    uint8_t out[128];

    assert_true(want.len <= sizeof(out));
    assert_int_equal(mutls_pbkdf2(alg, pass.p, pass.len, salt.p, salt.len,
                                  (uint32_t)atoi(tu_field(rec, "iter")), out, want.len),
                     0);
    assert_memory_equal(out, want.p, want.len);
    (*(int *)ctx)++;
    free(pass.p);
    free(salt.p);
    free(want.p);
}

static void test_pbkdf2_vectors_match(void **state)
{
    int n = 0;
    uint8_t out[20];

    (void)state;
    assert_int_equal(tu_for_each_record("crypto/pbkdf2.txt", check_pbkdf2, &n), 8);
    assert_int_equal(n, 8);
    assert_int_equal(mutls_pbkdf2(MUTLS_HASH_SHA256, out, 1, out, 1, 0, out, 20),
                     MUTLS_ERR_BAD_ARGUMENT);
    assert_int_equal(mutls_pbkdf2(MUTLS_HASH_MD5, out, 1, out, 1, 1, out, 20),
                     MUTLS_ERR_CRYPTO_UNSUPPORTED);
}

static void test_base64_decode_accepts_wrapped_refuses_junk(void **state)
{
    static const char *bad[] = {
        "aGVsbG8", "aGVs*G8=", "aGVsbG8=aGVs", "aG=sbG8=", "a===", "aGVsbG8===", "aGVsbG8=\0"};
    static const char wrapped[] = "aGVs\r\nbG8g\n d29y bGQ=\n";
    uint8_t out[32];
    size_t len;
    size_t i;

    (void)state;
    len = sizeof(out);
    assert_int_equal(mutls_base64_decode(wrapped, strlen(wrapped), out, &len), 0);
    assert_int_equal(len, 11);
    assert_memory_equal(out, "hello world", 11);
    len = sizeof(out);
    assert_int_equal(mutls_base64_decode("", 0, out, &len), 0);
    assert_int_equal(len, 0);
    for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        len = sizeof(out);
        assert_int_equal(mutls_base64_decode(bad[i], strlen(bad[i]) + (i == 6), out, &len),
                         MUTLS_ERR_PEM_MALFORMED);
    }
    len = 4;
    assert_int_equal(mutls_base64_decode("aGVsbG8=", 8, out, &len), MUTLS_ERR_BUFFER_TOO_SMALL);
    len = 5;
    assert_int_equal(mutls_base64_decode("aGVsbG8=", 8, out, &len), 0);
    assert_int_equal(len, 5);
    assert_memory_equal(out, "hello", 5);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_init_repeated_returns_zero),
        cmocka_unit_test(test_ct_neq_each_byte_detected),
        cmocka_unit_test(test_rng_same_seed_same_stream),
        cmocka_unit_test(test_rng_failing_source_no_entropy),
        cmocka_unit_test(test_rng_os_source_works),
        cmocka_unit_test(test_hash_vectors_match),
        cmocka_unit_test(test_hmac_vectors_match),
        cmocka_unit_test(test_hmac_ct_every_length_equals_hmac),
        cmocka_unit_test(test_hmac_ct_public_prefix_equals_hmac),
        cmocka_unit_test(test_hmac_ct_bad_arguments_refused),
        cmocka_unit_test(test_prf_vectors_match),
        cmocka_unit_test(test_aead_vectors_seal_open_and_refuse_tampering),
        cmocka_unit_test(test_aead_bad_key_or_cipher_refused),
        cmocka_unit_test(test_cbc_vectors_match),
        cmocka_unit_test(test_pbkdf2_vectors_match),
        cmocka_unit_test(test_base64_decode_accepts_wrapped_refuses_junk),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
