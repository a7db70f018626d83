/* SPDX-License-Identifier: MIT */
/*
 * bench_crypto.c - cost of the crypto provider's operations: per-record AEAD seal (16 KiB),
 * plain HMAC against the constant-time HMAC over the same CBC record (the price of the
 * Lucky-13 defence, which always hashes max_len bytes), and the public-key operations a
 * handshake performs, with the fixed keys of vectors/crypto/pk.txt. The elliptic-curve lines
 * run twice in one process: with libtomcrypt's own scalar multiplication (ltc_ecc_mulmod) put
 * back into the math descriptor, then with mutls's (src/crypto_ecc.c), so the two compare on
 * the same machine state. A program, not a test: run it by hand.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <tomcrypt.h>

#include "crypto.h"

#define REC 16384
#define MIN_SECONDS 0.2

static double now(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void check(int ok, const char *what)
{
    if (!ok) {
        fprintf(stderr, "bench_crypto: %s failed\n", what);
        exit(1);
    }
}

typedef void (*op_fn)(void *ctx);

/* Microseconds per call, running for at least MIN_SECONDS. */
static double time_op(op_fn fn, void *ctx)
{
    double start = now(), t;
    long n = 0;

    do {
        fn(ctx);
        n++;
        t = now() - start;
    } while (t < MIN_SECONDS);
    return t * 1e6 / (double)n;
}

static uint8_t rec[REC + 64];
static uint8_t key[32], nonce[12], aad[13], tag[16], mac[64];

static void op_gcm(void *ctx)
{
    check(mutls_aead_seal(ctx, nonce, aad, 13, rec, REC, tag) == 0, "seal");
}

static void op_hmac(void *ctx)
{
    (void)ctx;
    check(mutls_hmac_once(MUTLS_HASH_SHA256, key, 32, rec, REC, mac) == 0, "hmac");
}

#ifndef MUTLS_NO_CBC /* the constant-time HMAC exists for the CBC suites only */
static void op_hmac_ct(void *ctx)
{
    (void)ctx;
    check(mutls_hmac_ct(MUTLS_HASH_SHA256, key, 32, aad, 13, rec, REC - 100, REC - 255, REC,
                        mac) == 0,
          "hmac_ct");
}

static void op_hmac_ct384(void *ctx)
{
    (void)ctx;
    check(mutls_hmac_ct(MUTLS_HASH_SHA384, key, 32, aad, 13, rec, REC - 100, REC - 255, REC,
                        mac) == 0,
          "hmac_ct");
}
#endif

static void op_hmac384(void *ctx)
{
    (void)ctx;
    check(mutls_hmac_once(MUTLS_HASH_SHA384, key, 32, rec, REC, mac) == 0, "hmac");
}

/* ---------------------------------------------------------------- public key */

static struct {
    mutls_slice f[8];
    mutls_slice p256_d, p256_pub;
    uint8_t store[4096];
    size_t used;
} K;

/* pk.txt's "name = hex" lines of the rsa2048 and p256 records (testutil needs cmocka). */
static mutls_slice take_hex(const char *hex)
{
    uint8_t *start = K.store + K.used;
    unsigned v;

    while (hex[0] != 0 && hex[1] != 0 && sscanf(hex, "%2x", &v) == 1) {
        check(K.used < sizeof(K.store), "key store");
        K.store[K.used++] = (uint8_t)v;
        hex += 2;
    }
    return (mutls_slice){start, (size_t)(K.store + K.used - start)};
}

static void load_keys(void)
{
    static const char *names[] = {"n", "e", "d", "p", "q", "dp", "dq", "qinv"};
    char line[4096], name[32], *eq;
    char section[32] = "";
    FILE *f = fopen(MUTLS_VECTORS_DIR "/crypto/pk.txt", "r");
    int i;

    check(f != NULL, "open vectors/crypto/pk.txt");
    while (fgets(line, sizeof(line), f) != NULL) {
        line[strcspn(line, "\r\n")] = 0;
        eq = strstr(line, " = ");
        if (eq == NULL || (size_t)(eq - line) >= sizeof(name)) {
            continue;
        }
        memcpy(name, line, (size_t)(eq - line));
        name[eq - line] = 0;
        if (strcmp(name, "key") == 0 || strcmp(name, "sig") == 0 ||
            strcmp(name, "premaster") == 0) {
            snprintf(section, sizeof(section), "%s", eq + 3);
            continue;
        }
        for (i = 0; i < 8 && strcmp(section, "rsa2048") == 0; i++) {
            if (strcmp(name, names[i]) == 0) {
                K.f[i] = take_hex(eq + 3);
            }
        }
        if (strcmp(section, "p256") == 0 && strcmp(name, "d") == 0) {
            K.p256_d = take_hex(eq + 3);
        } else if (strcmp(section, "p256") == 0 && strcmp(name, "pub") == 0) {
            K.p256_pub = take_hex(eq + 3);
        }
    }
    fclose(f);
}

typedef struct pk_ctx {
    mutls_pkey *rsa, *ec, *ec_pub;
    mutls_rng *rng;
    uint8_t ct[256], sig[256], digest[32], pm[48], r48[48];
    size_t sig_len;
    mutls_slice p256_pub_slice;
    mutls_curve curve; /* for the keygen / derive lines */
    mutls_pkey *eph;   /* an ephemeral key of that curve */
    uint8_t peer[97];  /* another key's public point */
    size_t peer_len;
} pk_ctx;

static void op_premaster(void *ctx)
{
    pk_ctx *c = ctx;
    check(mutls_rsa_decrypt_premaster(c->rsa, c->rng, c->ct, 256, 0x0303, c->r48, c->pm) == 0, "pm");
}

static void op_rsa_sign(void *ctx)
{
    pk_ctx *c = ctx;
    size_t len = sizeof(c->sig);
    check(mutls_pkey_sign(c->rsa, c->rng, MUTLS_SIG_RSA_PKCS1, MUTLS_HASH_SHA256, c->digest, 32,
                          c->sig, &len) == 0,
          "rsa sign");
}

static void op_ecdsa_sign(void *ctx)
{
    pk_ctx *c = ctx;
    c->sig_len = sizeof(c->sig);
    check(mutls_pkey_sign(c->ec, c->rng, MUTLS_SIG_ECDSA, MUTLS_HASH_SHA256, c->digest, 32, c->sig,
                          &c->sig_len) == 0,
          "ecdsa sign");
}

static void op_ecdsa_verify(void *ctx)
{
    pk_ctx *c = ctx;
    check(mutls_pkey_verify(c->ec_pub, MUTLS_SIG_ECDSA, MUTLS_HASH_SHA256, 0, c->digest, 32, c->sig,
                            c->sig_len) == 0,
          "ecdsa verify");
}

static void op_ecdh(void *ctx)
{
    pk_ctx *c = ctx;
    mutls_pkey *eph;
    uint8_t pub[65], sec[32];
    size_t pl = sizeof(pub), sl = sizeof(sec);

    check(mutls_ecdh_keygen(&eph, MUTLS_CURVE_P256, c->rng, pub, &pl) == 0, "keygen");
    check(mutls_ecdh_shared(eph, c->p256_pub_slice, sec, &sl) == 0, "shared");
    mutls_pkey_free(eph);
}

static void op_keygen(void *ctx)
{
    pk_ctx *c = ctx;
    mutls_pkey *eph;
    uint8_t pub[97];
    size_t pl = sizeof(pub);

    check(mutls_ecdh_keygen(&eph, c->curve, c->rng, pub, &pl) == 0, "keygen");
    mutls_pkey_free(eph);
}

static void op_derive(void *ctx)
{
    pk_ctx *c = ctx;
    uint8_t sec[48];
    size_t sl = sizeof(sec);

    check(mutls_ecdh_shared(c->eph, (mutls_slice){c->peer, c->peer_len}, sec, &sl) == 0, "derive");
}

static void ec_lines(pk_ctx *c, const char *who)
{
    static const mutls_curve curves[] = {MUTLS_CURVE_P256, MUTLS_CURVE_P384};
    static const char *names[] = {"P-256", "P-384"};
    mutls_pkey *other;
    uint8_t pub[97];
    size_t i, pl;

    printf("ECDSA P-256 sign         %9.1f  %s\n", time_op(op_ecdsa_sign, c), who);
    printf("ECDSA P-256 verify       %9.1f  %s\n", time_op(op_ecdsa_verify, c), who);
    printf("ECDH P-256 keygen+shared %9.1f  %s\n", time_op(op_ecdh, c), who);
    for (i = 0; i < 2; i++) {
        c->curve = curves[i];
        pl = sizeof(pub);
        c->peer_len = sizeof(c->peer);
        check(mutls_ecdh_keygen(&c->eph, c->curve, c->rng, pub, &pl) == 0, "eph");
        check(mutls_ecdh_keygen(&other, c->curve, c->rng, c->peer, &c->peer_len) == 0, "peer");
        printf("ECDH %s keygen         %9.1f  %s\n", names[i], time_op(op_keygen, c), who);
        printf("ECDH %s derive         %9.1f  %s\n", names[i], time_op(op_derive, c), who);
        mutls_pkey_free(other);
        mutls_pkey_free(c->eph);
    }
}

int main(void)
{
    int (*mutls_ptmul)(void *, ecc_point *, ecc_point *, void *, int);
    mutls_aead *gcm, *chacha;
    pk_ctx c;
    size_t len;

    memset(key, 7, sizeof(key));
    check(mutls_aead_new(&gcm, MUTLS_CIPHER_AES128_GCM, key, 16) == 0, "gcm");
    check(mutls_aead_new(&chacha, MUTLS_CIPHER_CHACHA20_POLY1305, key, 32) == 0, "chacha");
    printf("16 KiB record            us/record   MB/s\n");
    {
        double t;
        t = time_op(op_gcm, gcm);
        printf("AES-128-GCM seal         %9.1f %6.0f\n", t, REC / t);
        t = time_op(op_gcm, chacha);
        printf("ChaCha20-Poly1305 seal   %9.1f %6.0f\n", t, REC / t);
        t = time_op(op_hmac, NULL);
        printf("HMAC-SHA256 plain        %9.1f %6.0f\n", t, REC / t);
#ifndef MUTLS_NO_CBC
        t = time_op(op_hmac_ct, NULL);
        printf("HMAC-SHA256 const-time   %9.1f %6.0f\n", t, REC / t);
#endif
        t = time_op(op_hmac384, NULL);
        printf("HMAC-SHA384 plain        %9.1f %6.0f\n", t, REC / t);
#ifndef MUTLS_NO_CBC
        t = time_op(op_hmac_ct384, NULL);
        printf("HMAC-SHA384 const-time   %9.1f %6.0f\n", t, REC / t);
#endif
    }
    mutls_aead_free(gcm);
    mutls_aead_free(chacha);

    memset(&c, 0, sizeof(c));
    load_keys();
    check(mutls_pkey_rsa_private(&c.rsa, K.f[0], K.f[1], K.f[2], K.f[3], K.f[4], K.f[5], K.f[6],
                                 K.f[7]) == 0,
          "rsa key");
    check(mutls_pkey_ec_private(&c.ec, MUTLS_CURVE_P256, K.p256_d, K.p256_pub) == 0, "ec key");
    check(mutls_pkey_ec_public(&c.ec_pub, MUTLS_CURVE_P256, K.p256_pub) == 0, "ec pub");
    check(mutls_rng_new(&c.rng, NULL, NULL) == 0, "rng");
    c.p256_pub_slice = K.p256_pub;
    memset(c.pm, 3, sizeof(c.pm));
    len = sizeof(c.ct);
    check(mutls_rsa_encrypt(c.rsa, c.rng, c.pm, 48, c.ct, &len) == 0, "encrypt");
    op_ecdsa_sign(&c);
    printf("\npublic key                us/op\n");
    printf("RSA-2048 premaster (ct)  %9.1f\n", time_op(op_premaster, &c));
    printf("RSA-2048 sign PKCS#1     %9.1f\n", time_op(op_rsa_sign, &c));
    mutls_ptmul = ltc_mp.ecc_ptmul;
    ltc_mp.ecc_ptmul = ltc_ecc_mulmod;
    ec_lines(&c, "libtomcrypt ltc_ecc_mulmod");
    ltc_mp.ecc_ptmul = mutls_ptmul;
    ec_lines(&c, "mutls comb / window");
    mutls_pkey_free(c.rsa);
    mutls_pkey_free(c.ec);
    mutls_pkey_free(c.ec_pub);
    mutls_rng_free(c.rng);
    return 0;
}
