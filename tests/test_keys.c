/* SPDX-License-Identifier: MIT */
/*
 * test_keys.c - private keys (PKCS#1, SEC1, PKCS#8, encrypted PKCS#8; PEM and DER), the
 * SubjectPublicKeyInfo parser, the key/certificate pair check and the file loader. Every
 * format must load and sign a digest that the matching public key verifies; passwords,
 * corruption, truncation at every byte and unsupported kinds give their exact codes.
 * Vectors: vectors/keys/ (gen.sh).
 */
#include "testutil.h"

#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "crypto.h"
#include "file.h"
#include "keys.h"
#include "mem.h"
#include "pem.h"

#define PASSWORD "mutls-test"

static mutls_pkey *load_key(const char *file, const char *password, int want_rc)
{
    size_t len;
    uint8_t *data = tu_read_vector(file, &len);
    mutls_pkey *k = NULL;
    int rc = mutls_key_parse(&k, data, len, password);

    if (rc != want_rc) {
        fail_msg("%s: rc %d (%s), expected %d", file, rc, mutls_strerror(rc), want_rc);
    }
    if (rc != 0) {
        assert_null(k);
    }
    free(data);
    return k;
}

static mutls_pkey *load_spki(const char *file, int want_rc)
{
    size_t len;
    uint8_t *data = tu_read_vector(file, &len);
    mutls_pkey *k = NULL;
    int rc = mutls_key_parse_spki(&k, (mutls_slice){data, len});

    if (rc != want_rc) {
        fail_msg("%s: rc %d (%s), expected %d", file, rc, mutls_strerror(rc), want_rc);
    }
    free(data);
    return k;
}

/* Sign SHA-256("mutls") with @p priv and verify with @p pub; return verify's code. */
static int sign_and_verify(const mutls_pkey *priv, const mutls_pkey *pub)
{
    uint8_t digest[32];
    uint8_t sig[1024];
    size_t sig_len = sizeof(sig);
    mutls_sig_kind kind =
        mutls_pkey_type(priv) == MUTLS_KEY_RSA ? MUTLS_SIG_RSA_PKCS1 : MUTLS_SIG_ECDSA;
    mutls_rng *rng = NULL;
    int rc;

    assert_int_equal(mutls_hash_once(MUTLS_HASH_SHA256, "mutls", 5, digest), 0);
    assert_int_equal(mutls_rng_new(&rng, NULL, NULL), 0);
    assert_int_equal(
        mutls_pkey_sign(priv, rng, kind, MUTLS_HASH_SHA256, digest, sizeof(digest), sig, &sig_len),
        0);
    mutls_rng_free(rng);
    rc = mutls_pkey_verify(pub, kind, MUTLS_HASH_SHA256, 0, digest, sizeof(digest), sig, sig_len);
    /* The same signature must not verify for another message. */
    digest[0] ^= 1;
    assert_int_equal(
        mutls_pkey_verify(pub, kind, MUTLS_HASH_SHA256, 0, digest, sizeof(digest), sig, sig_len),
        MUTLS_ERR_SIGNATURE_INVALID);
    return rc;
}

typedef struct format_case {
    const char *file;
    const char *password;
    const char *spki;
    mutls_key_type type;
    size_t bits;
} format_case;

/* clang-format off */
static const format_case formats[] = {
    {"keys/rsa2048.pkcs1.pem",              NULL,     "keys/rsa2048.spki.der", MUTLS_KEY_RSA, 2048},
    {"keys/rsa2048.pkcs8.pem",              NULL,     "keys/rsa2048.spki.der", MUTLS_KEY_RSA, 2048},
    {"keys/rsa2048.pkcs8.der",              NULL,     "keys/rsa2048.spki.der", MUTLS_KEY_RSA, 2048},
    {"keys/rsa2048.pkcs8.pem",              PASSWORD, "keys/rsa2048.spki.der", MUTLS_KEY_RSA, 2048},
    {"keys/rsa2048.enc-sha256-aes256.pem",  PASSWORD, "keys/rsa2048.spki.der", MUTLS_KEY_RSA, 2048},
    {"keys/rsa2048.enc-sha256-aes256.der",  PASSWORD, "keys/rsa2048.spki.der", MUTLS_KEY_RSA, 2048},
    {"keys/rsa4096.pkcs8.pem",              NULL,     "keys/rsa4096.spki.der", MUTLS_KEY_RSA, 4096},
    {"keys/ec256.sec1.pem",                 NULL,     "keys/ec256.spki.der",   MUTLS_KEY_EC, 256},
    {"keys/ec256.sec1-params.pem",          NULL,     "keys/ec256.spki.der",   MUTLS_KEY_EC, 256},
    {"keys/ec256.pkcs8.pem",                NULL,     "keys/ec256.spki.der",   MUTLS_KEY_EC, 256},
    {"keys/ec256.enc-sha1-aes128.pem",      PASSWORD, "keys/ec256.spki.der",   MUTLS_KEY_EC, 256},
    {"keys/ec384.sec1.pem",                 NULL,     "keys/ec384.spki.der",   MUTLS_KEY_EC, 384},
    {"keys/ec384.sec1-params.pem",          NULL,     "keys/ec384.spki.der",   MUTLS_KEY_EC, 384},
    {"keys/ec384.pkcs8.pem",                NULL,     "keys/ec384.spki.der",   MUTLS_KEY_EC, 384},
};
/* clang-format on */

static void test_keys_every_format_signs_and_verifies(void **state)
{
    size_t i;

    (void)state;
    for (i = 0; i < sizeof(formats) / sizeof(formats[0]); i++) {
        const format_case *c = &formats[i];
        mutls_pkey *priv = load_key(c->file, c->password, 0);
        mutls_pkey *pub = load_spki(c->spki, 0);
        int rc;

        assert_int_equal(mutls_pkey_type(priv), c->type);
        assert_int_equal(mutls_pkey_bits(priv), c->bits);
        assert_true(mutls_pkey_has_private(priv));
        assert_false(mutls_pkey_has_private(pub));
        assert_int_equal(mutls_pkey_curve(priv), c->type == MUTLS_KEY_RSA ? MUTLS_CURVE_NONE
                                                 : c->bits == 256         ? MUTLS_CURVE_P256
                                                                          : MUTLS_CURVE_P384);
        rc = sign_and_verify(priv, pub);
        if (rc != 0) {
            fail_msg("%s: verify %d", c->file, rc);
        }
        assert_int_equal(mutls_key_check_pair(priv, pub), 0);
        mutls_pkey_free(priv);
        mutls_pkey_free(pub);
    }
}

static void test_keys_wrong_password_bad_password(void **state)
{
    (void)state;
    load_key("keys/rsa2048.enc-sha256-aes256.pem", "mutls-tesT", MUTLS_ERR_KEY_BAD_PASSWORD);
    load_key("keys/rsa2048.enc-sha256-aes256.der", "", MUTLS_ERR_KEY_BAD_PASSWORD);
    load_key("keys/ec256.enc-sha1-aes128.pem", "wrong", MUTLS_ERR_KEY_BAD_PASSWORD);
}

static void test_keys_no_password_needs_password(void **state)
{
    (void)state;
    load_key("keys/rsa2048.enc-sha256-aes256.pem", NULL, MUTLS_ERR_KEY_NEEDS_PASSWORD);
    load_key("keys/rsa2048.enc-sha256-aes256.der", NULL, MUTLS_ERR_KEY_NEEDS_PASSWORD);
    load_key("keys/ec256.enc-sha1-aes128.pem", NULL, MUTLS_ERR_KEY_NEEDS_PASSWORD);
}

static void test_keys_unsupported_kinds_refused(void **state)
{
    (void)state;
    load_key("keys/secp256k1.sec1.pem", NULL, MUTLS_ERR_KEY_UNSUPPORTED);
    load_key("keys/secp256k1.pkcs8.pem", NULL, MUTLS_ERR_KEY_UNSUPPORTED);
    load_key("keys/rsa2048.legacy-enc.pem", PASSWORD, MUTLS_ERR_KEY_UNSUPPORTED);
    load_key("keys/rsa2048.legacy-enc.pem", NULL, MUTLS_ERR_KEY_UNSUPPORTED);
    load_key("keys/rsa1024.pkcs8.pem", NULL, MUTLS_ERR_KEY_UNSUPPORTED);
}

static void test_keys_pem_without_key_not_found(void **state)
{
    (void)state;
    load_key("keys/rsa2048.crt.pem", NULL, MUTLS_ERR_PEM_NOT_FOUND);
}

/* The DER inside the first key block of a PEM vector, in a malloc'd buffer. */
static uint8_t *pem_key_der(const char *file, size_t *der_len)
{
    size_t len;
    uint8_t *text = tu_read_vector(file, &len);
    size_t pos = 0;
    uint8_t *out = NULL;

    for (;;) {
        mutls_slice label;
        uint8_t *der;
        size_t n;
        int rc = mutls_pem_next(text, len, &pos, &label, &der, &n);

        assert_int_equal(rc, 1);
        if (label.len >= 3 && memcmp(label.p + label.len - 3, "KEY", 3) == 0) {
            out = malloc(n);
            assert_non_null(out);
            memcpy(out, der, n);
            *der_len = n;
            mutls_free_secret(der, n);
            break;
        }
        mutls_free_secret(der, n);
    }
    free(text);
    return out;
}

static void test_keys_label_must_match_contents(void **state)
{
    static const char begin[] = "-----BEGIN RSA PRIVATE KEY-----\n";
    static const char end[] = "-----END RSA PRIVATE KEY-----\n";
    size_t len;
    char *text = (char *)tu_read_vector("keys/rsa2048.pkcs8.pem", &len);
    char *body = strchr(text, '\n');
    char *stop = strstr(text, "-----END");
    char *copy = malloc(len + 32);
    mutls_pkey *k = NULL;
    size_t n;

    (void)state;
    assert_non_null(body);
    assert_non_null(stop);
    assert_non_null(copy);
    body++;
    /* PKCS#8 contents under the PKCS#1 label. */
    n = (size_t)(stop - body);
    memcpy(copy, begin, strlen(begin));
    memcpy(copy + strlen(begin), body, n);
    memcpy(copy + strlen(begin) + n, end, strlen(end) + 1);
    assert_int_equal(mutls_key_parse(&k, (const uint8_t *)copy, strlen(copy), NULL),
                     MUTLS_ERR_KEY_MALFORMED);
    assert_null(k);
    free(copy);
    free(text);
}

/* Flip one byte in the middle of each DER key. */
static void test_keys_corrupt_middle_malformed(void **state)
{
    static const char *pems[] = {"keys/rsa2048.pkcs1.pem", "keys/ec256.sec1.pem",
                                 "keys/ec384.pkcs8.pem"};
    size_t len;
    uint8_t *der = tu_read_vector("keys/rsa2048.pkcs8.der", &len);
    mutls_pkey *k = NULL;
    size_t i;
    int rc;

    (void)state;
    der[len / 2] ^= 0x5a;
    assert_int_equal(mutls_key_parse(&k, der, len, NULL), MUTLS_ERR_KEY_MALFORMED);
    free(der);
    for (i = 0; i < sizeof(pems) / sizeof(pems[0]); i++) {
        der = pem_key_der(pems[i], &len);
        der[len / 2] ^= 0x5a;
        rc = mutls_key_parse(&k, der, len, NULL);
        if (rc != MUTLS_ERR_KEY_MALFORMED) {
            fail_msg("%s: rc %d", pems[i], rc);
        }
        free(der);
    }
    der = tu_read_vector("keys/rsa2048.enc-sha256-aes256.der", &len);
    der[len / 2] ^= 0x5a;
    rc = mutls_key_parse(&k, der, len, PASSWORD);
    assert_true(rc == MUTLS_ERR_KEY_MALFORMED || rc == MUTLS_ERR_KEY_BAD_PASSWORD);
    assert_null(k);
    free(der);
}

/* Every proper prefix of a DER key is refused as malformed (and read in bounds: ASan). */
static void test_keys_truncated_every_byte_malformed(void **state)
{
    static const char *ders[] = {"keys/rsa2048.pkcs8.der", "keys/rsa2048.enc-sha256-aes256.der"};
    static const char *pems[] = {"keys/rsa2048.pkcs1.pem", "keys/ec256.sec1.pem",
                                 "keys/ec256.pkcs8.pem", "keys/ec256.enc-sha1-aes128.pem"};
    size_t i;

    (void)state;
    for (i = 0; i < 6; i++) {
        size_t len;
        uint8_t *der = i < 2 ? tu_read_vector(ders[i], &len) : pem_key_der(pems[i - 2], &len);
        size_t cut;

        for (cut = 0; cut < len; cut++) {
            uint8_t *part = malloc(cut + 1);
            mutls_pkey *k = NULL;
            int rc;

            assert_non_null(part);
            memcpy(part, der, cut);
            rc = mutls_key_parse(&k, part, cut, PASSWORD);
            if (rc != MUTLS_ERR_KEY_MALFORMED) {
                fail_msg("%zu: cut %zu rc %d", i, cut, rc);
            }
            free(part);
        }
        free(der);
    }
}

/* Deterministic random corruption (1-3 bytes): any result but a crash, leak or hang. */
static void test_keys_random_flips_no_crash(void **state)
{
    static const char *pems[] = {"keys/ec256.sec1.pem", "keys/ec384.pkcs8.pem",
                                 "keys/rsa2048.pkcs1.pem"};
    uint32_t seed = 12345;
    size_t f;

    (void)state;
    for (f = 0; f < 4; f++) {
        size_t len;
        uint8_t *der = f < 3 ? pem_key_der(pems[f], &len)
                             : tu_read_vector("keys/rsa2048.pkcs8.der", &len);
        int i;

        for (i = 0; i < 300; i++) {
            uint8_t *m = malloc(len);
            mutls_pkey *k = NULL;
            int flips = 1 + i % 3;
            int rc;

            assert_non_null(m);
            memcpy(m, der, len);
            while (flips-- > 0) {
                seed = seed * 1103515245u + 12345u;
                m[(seed >> 8) % len] ^= (uint8_t)(1u + (seed >> 24) % 255u);
            }
            rc = mutls_key_parse(&k, m, len, NULL);
            assert_true(rc <= 0);
            assert_true((rc == 0) == (k != NULL));
            mutls_pkey_free(k);
            free(m);
        }
        free(der);
    }
}

typedef struct hex_case {
    const char *name;
    const char *hex;
    int rc;
} hex_case;

/* Hand-built EncryptedPrivateKeyInfo structures (16 zero bytes of "ciphertext"). */
/* clang-format off */
static const hex_case encrypted[] = {
    {"plausible, wrong password",
     "305d304906092a864886f70d01050d303c301b06092a864886f70d01050c300e04080001020304050607"
     "02020800301d06096086480165030401020410000102030405060708090a0b0c0d0e0f0410"
     "00000000000000000000000000000000", MUTLS_ERR_KEY_BAD_PASSWORD},
    {"iterations 10000001",
     "305f304b06092a864886f70d01050d303e301d06092a864886f70d01050c3010040800010203040506"
     "07020400989681301d06096086480165030401020410000102030405060708090a0b0c0d0e0f0410"
     "00000000000000000000000000000000", MUTLS_ERR_KEY_MALFORMED},
    {"iterations 0",
     "305c304806092a864886f70d01050d303b301a06092a864886f70d01050c300d04080001020304050607"
     "020100301d06096086480165030401020410000102030405060708090a0b0c0d0e0f0410"
     "00000000000000000000000000000000", MUTLS_ERR_KEY_MALFORMED},
    {"des-ede3-cbc",
     "3054304006092a864886f70d01050d3033301b06092a864886f70d01050c300e04080001020304050607"
     "02020800301406082a864886f70d0307040800000000000000000410"
     "00000000000000000000000000000000", MUTLS_ERR_KEY_UNSUPPORTED},
    {"hmacWithSHA224",
     "306b305706092a864886f70d01050d304a302906092a864886f70d01050c301c04080001020304050607"
     "02020800300c06082a864886f70d02080500301d06096086480165030401020410000102030405060708"
     "090a0b0c0d0e0f041000000000000000000000000000000000", MUTLS_ERR_KEY_UNSUPPORTED},
    {"PBES1",
     "302f301b06092a864886f70d01050a300e04080000000000000000020208000410"
     "00000000000000000000000000000000", MUTLS_ERR_KEY_UNSUPPORTED},
    {"iv of 15 bytes",
     "305c304806092a864886f70d01050d303b301b06092a864886f70d01050c300e04080001020304050607"
     "02020800301c0609608648016503040102040f0000000000000000000000000000000410"
     "00000000000000000000000000000000", MUTLS_ERR_KEY_MALFORMED},
    {"keyLength 32 with AES-128",
     "3060304c06092a864886f70d01050d303f301e06092a864886f70d01050c301104080001020304050607"
     "02020800020120301d06096086480165030401020410000102030405060708090a0b0c0d0e0f0410"
     "00000000000000000000000000000000", MUTLS_ERR_KEY_MALFORMED},
    {"ciphertext of 15 bytes",
     "305c304906092a864886f70d01050d303c301b06092a864886f70d01050c300e04080001020304050607"
     "02020800301d06096086480165030401020410000102030405060708090a0b0c0d0e0f040f"
     "000000000000000000000000000000", MUTLS_ERR_KEY_MALFORMED},
    {"empty ciphertext",
     "304d304906092a864886f70d01050d303c301b06092a864886f70d01050c300e04080001020304050607"
     "02020800301d06096086480165030401020410000102030405060708090a0b0c0d0e0f0400",
     MUTLS_ERR_KEY_MALFORMED},
    {"empty salt",
     "3055304106092a864886f70d01050d3034301306092a864886f70d01050c30060400020208003"
     "01d06096086480165030401020410000102030405060708090a0b0c0d0e0f0410"
     "00000000000000000000000000000000", MUTLS_ERR_KEY_MALFORMED},
    {"hmacWithSHA256, wrong password",
     "306b305706092a864886f70d01050d304a302906092a864886f70d01050c301c04080001020304050607"
     "02020800300c06082a864886f70d02090500301d06096086480165030401020410000102030405060708"
     "090a0b0c0d0e0f041000000000000000000000000000000000", MUTLS_ERR_KEY_BAD_PASSWORD},
};
/* clang-format on */

static void test_keys_pbes2_parameters_checked(void **state)
{
    size_t i;

    (void)state;
    for (i = 0; i < sizeof(encrypted) / sizeof(encrypted[0]); i++) {
        size_t len;
        uint8_t *der = tu_unhex(encrypted[i].hex, &len);
        mutls_pkey *k = NULL;
        int rc;

        assert_non_null(der);
        rc = mutls_key_parse(&k, der, len, PASSWORD);
        if (rc != encrypted[i].rc) {
            fail_msg("%s: rc %d, expected %d", encrypted[i].name, rc, encrypted[i].rc);
        }
        free(der);
    }
}

static void test_keys_pair_mismatch_refused(void **state)
{
    mutls_pkey *rsa = load_key("keys/rsa2048.pkcs8.pem", NULL, 0);
    mutls_pkey *ec = load_key("keys/ec256.pkcs8.pem", NULL, 0);
    mutls_pkey *other = load_spki("keys/other.spki.der", 0);
    mutls_pkey *rsa4096 = load_spki("keys/rsa4096.spki.der", 0);
    mutls_pkey *ec384 = load_spki("keys/ec384.spki.der", 0);
    mutls_pkey *rsa_pub = load_spki("keys/rsa2048.spki.der", 0);

    (void)state;
    assert_int_equal(mutls_key_check_pair(ec, other), MUTLS_ERR_KEY_MISMATCH);
    assert_int_equal(mutls_key_check_pair(ec, ec384), MUTLS_ERR_KEY_MISMATCH);
    assert_int_equal(mutls_key_check_pair(rsa, rsa4096), MUTLS_ERR_KEY_MISMATCH);
    assert_int_equal(mutls_key_check_pair(rsa, other), MUTLS_ERR_KEY_MISMATCH);
    assert_int_equal(mutls_key_check_pair(ec, rsa_pub), MUTLS_ERR_KEY_MISMATCH);
    assert_int_equal(mutls_key_check_pair(rsa, rsa_pub), 0);
    assert_int_equal(mutls_key_check_pair(NULL, rsa_pub), MUTLS_ERR_BAD_ARGUMENT);
    assert_int_equal(mutls_key_check_pair(rsa, NULL), MUTLS_ERR_BAD_ARGUMENT);
    mutls_pkey_free(rsa);
    mutls_pkey_free(ec);
    mutls_pkey_free(other);
    mutls_pkey_free(rsa4096);
    mutls_pkey_free(ec384);
    mutls_pkey_free(rsa_pub);
}

/* ---------------------------------------------------------------- SPKI */

static void test_keys_spki_kinds_expected(void **state)
{
    mutls_pkey *k;

    (void)state;
    k = load_spki("keys/rsapss.spki.der", 0);
    assert_int_equal(mutls_pkey_type(k), MUTLS_KEY_RSA);
    assert_int_equal(mutls_pkey_bits(k), 2048);
    mutls_pkey_free(k);
    k = load_spki("keys/ec384.spki.der", 0);
    assert_int_equal(mutls_pkey_curve(k), MUTLS_CURVE_P384);
    mutls_pkey_free(k);
    assert_null(load_spki("keys/secp256k1.spki.der", MUTLS_ERR_X509_UNSUPPORTED_ALGORITHM));
    assert_null(load_spki("keys/rsa1024.spki.der", MUTLS_ERR_X509_WEAK_KEY));
}

static int spki_rc(const uint8_t *der, size_t len)
{
    mutls_pkey *k = NULL;
    int rc = mutls_key_parse_spki(&k, (mutls_slice){der, len});

    mutls_pkey_free(k);
    return rc;
}

static void test_keys_spki_hostile_refused(void **state)
{
    /* Ed25519 (RFC 8410): a valid SPKI of an algorithm we do not offer. */
    static const char ed25519[] =
        "302a300506032b6570032100"
        "19bf44096984cdfe8541bac167dc3b96c85086aa30b6b6cb0c5c38ad703166e1";
    size_t len;
    uint8_t *der = tu_read_vector("keys/ec256.spki.der", &len);
    uint8_t *buf;
    size_t n;
    size_t cut;

    (void)state;
    assert_int_equal(len, 91);
    /* Not on the curve: the last byte of Y changed. */
    der[90] ^= 1;
    assert_int_equal(spki_rc(der, len), MUTLS_ERR_POINT_NOT_ON_CURVE);
    der[90] ^= 1;
    /* Compressed point: 02 || X, with the lengths rewritten. */
    buf = malloc(len);
    assert_non_null(buf);
    memcpy(buf, der, 27);
    buf[1] = 0x39;
    buf[24] = 0x22;
    buf[26] = 0x02;
    memcpy(buf + 27, der + 27, 32);
    assert_int_equal(spki_rc(buf, 59), MUTLS_ERR_X509_UNSUPPORTED_ALGORITHM);
    /* A trailing byte, and every truncation. */
    assert_int_equal(spki_rc(der, len), 0);
    free(buf);
    buf = malloc(len + 1);
    assert_non_null(buf);
    memcpy(buf, der, len);
    buf[len] = 0;
    assert_int_equal(spki_rc(buf, len + 1), MUTLS_ERR_X509_MALFORMED);
    free(buf);
    for (cut = 0; cut < len; cut++) {
        buf = malloc(cut + 1);
        assert_non_null(buf);
        memcpy(buf, der, cut);
        assert_int_equal(spki_rc(buf, cut), MUTLS_ERR_X509_MALFORMED);
        free(buf);
    }
    free(der);
    der = tu_unhex(ed25519, &n);
    assert_non_null(der);
    assert_int_equal(spki_rc(der, n), MUTLS_ERR_X509_UNSUPPORTED_ALGORITHM);
    free(der);
    /* rsaEncryption must carry NULL parameters (RFC 3279 §2.3.1): remove them. */
    der = tu_read_vector("keys/rsa2048.spki.der", &len);
    assert_int_equal(len, 294);
    buf = malloc(len);
    assert_non_null(buf);
    memcpy(buf, der, 17);
    buf[3] = 0x20;
    buf[5] = 0x0b;
    memcpy(buf + 17, der + 19, len - 19);
    assert_int_equal(spki_rc(buf, len - 2), MUTLS_ERR_X509_MALFORMED);
    free(buf);
    free(der);
}

/* ---------------------------------------------------------------- files */

static void test_keys_file_loader_codes(void **state)
{
    mutls_pkey *k = NULL;
    uint8_t *data = NULL;
    size_t len = 0;

    (void)state;
    assert_int_equal(mutls_key_load_file(&k, tu_vector_path("keys/ec256.sec1.pem"), NULL), 0);
    assert_non_null(k);
    mutls_pkey_free(k);
    assert_int_equal(
        mutls_key_load_file(&k, tu_vector_path("keys/ec256.enc-sha1-aes128.pem"), PASSWORD), 0);
    mutls_pkey_free(k);
    assert_int_equal(
        mutls_key_load_file(&k, tu_vector_path("keys/ec256.enc-sha1-aes128.pem"), "nope"),
        MUTLS_ERR_KEY_BAD_PASSWORD);
    assert_int_equal(mutls_key_load_file(&k, tu_vector_path("keys/missing.pem"), NULL),
                     MUTLS_ERR_FILE);
    assert_null(k);
    assert_int_equal(mutls_file_read(tu_vector_path("keys"), &data, &len), MUTLS_ERR_FILE);
    assert_int_equal(mutls_file_read("/dev/null", &data, &len), MUTLS_ERR_FILE);
    /* An endless source stops at the cap instead of hanging or exhausting memory. */
    assert_int_equal(mutls_file_read("/dev/zero", &data, &len), MUTLS_ERR_LIMIT);
    assert_null(data);
    assert_int_equal(mutls_file_read(NULL, &data, &len), MUTLS_ERR_BAD_ARGUMENT);
    assert_int_equal(mutls_file_read(tu_vector_path("keys/rsa2048.pkcs8.der"), &data, &len), 0);
    assert_int_equal(len, 1190);
    mutls_free_secret(data, len);
}

/* A refused key says why (mutls_key_parse_why, the sentence mutls_config_load_detail and
 * the tool print): the format or the algorithm, in the user's terms. */
static void test_keys_refusals_name_the_reason(void **state)
{
    static const struct {
        const char *file;
        int rc;
        const char *why;
    } cases[] = {
        {"keys/ecdsa.openssh", MUTLS_ERR_PEM_NOT_FOUND, "it is an OpenSSH private key"},
        {"keys/rsa2048.legacy-enc.pem", MUTLS_ERR_KEY_UNSUPPORTED, "OpenSSL's legacy PEM scheme"},
        {"keys/p521.pkcs8.pem", MUTLS_ERR_KEY_UNSUPPORTED, "its elliptic curve is not one"},
        {"keys/secp256k1.sec1.pem", MUTLS_ERR_KEY_UNSUPPORTED, "its elliptic curve is not one"},
        {"keys/secp256k1.pkcs8.pem", MUTLS_ERR_KEY_UNSUPPORTED, "its elliptic curve is not one"},
        {"keys/ed25519.pkcs8.pem", MUTLS_ERR_KEY_UNSUPPORTED, "its algorithm is neither RSA nor EC"},
        {"keys/rsa1024.pkcs8.pem", MUTLS_ERR_KEY_UNSUPPORTED, "its RSA modulus is outside 2048"},
        {"keys/rsa2048.crt.pem", MUTLS_ERR_PEM_NOT_FOUND, "it holds certificates but no private"},
    };
    size_t i;

    (void)state;
    for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        size_t len;
        uint8_t *data = tu_read_vector(cases[i].file, &len);
        mutls_pkey *k = NULL;
        const char *why = NULL;
        int rc = mutls_key_parse_why(&k, data, len, NULL, &why);

        if (rc != cases[i].rc || why == NULL || strstr(why, cases[i].why) == NULL) {
            fail_msg("%s: rc %d, why %s", cases[i].file, rc, why != NULL ? why : "(none)");
        }
        assert_null(k);
        free(data);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_keys_every_format_signs_and_verifies),
        cmocka_unit_test(test_keys_wrong_password_bad_password),
        cmocka_unit_test(test_keys_no_password_needs_password),
        cmocka_unit_test(test_keys_unsupported_kinds_refused),
        cmocka_unit_test(test_keys_pem_without_key_not_found),
        cmocka_unit_test(test_keys_label_must_match_contents),
        cmocka_unit_test(test_keys_corrupt_middle_malformed),
        cmocka_unit_test(test_keys_truncated_every_byte_malformed),
        cmocka_unit_test(test_keys_random_flips_no_crash),
        cmocka_unit_test(test_keys_pbes2_parameters_checked),
        cmocka_unit_test(test_keys_pair_mismatch_refused),
        cmocka_unit_test(test_keys_spki_kinds_expected),
        cmocka_unit_test(test_keys_spki_hostile_refused),
        cmocka_unit_test(test_keys_file_loader_codes),
        cmocka_unit_test(test_keys_refusals_name_the_reason),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
