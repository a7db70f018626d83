/* SPDX-License-Identifier: MIT */
/*
 * test_ecc_mul.c - src/crypto_ecc.c, mutls's scalar multiplication behind libtomcrypt's
 * ltc_mp.ecc_ptmul: the comb for the generator and the signed window for other points agree
 * with libtomcrypt's own ltc_ecc_mulmod on P-256 and P-384 for seeded random and edge scalars;
 * the cases it hands back to libtomcrypt (scalar 0 or >= n, map == 0, another curve) give
 * libtomcrypt's answer; a point off the curve yields an error, not a point; the RFC 5903 §8
 * ECDH answers (vectors/ecc/rfc5903.txt, from vectors/ecc/gen.sh) come out; and ECDSA
 * signatures made through the hook verify with libtomcrypt's verification.
 */
#include "testutil.h"

#include <cmocka.h>
#include <stdlib.h>
#include <string.h>
#include <tomcrypt.h>

#include "crypto.h"

/* -DMUTLS_FAST_ECC=OFF: libtomcrypt's own ladder, tested by test_crypto_pk. */
#if defined(MUTLS_NO_FAST_ECC)
TU_BUILT_OUT_PROGRAM()
#else

#define RANDOM_SCALARS 200
#define QUICK_SCALARS 16 /* under valgrind (tu_test_quick) */

typedef struct tcurve {
    size_t len;
    const ltc_ecc_set_type *dp;
    void *p, *n;
    ecc_point g;
} tcurve;

static uint64_t seed_state;

/* splitmix64: a fixed-seed generator, so every run multiplies the same scalars. */
static uint64_t next64(void)
{
    uint64_t z = (seed_state += 0x9e3779b97f4a7c15ull);

    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
}

static void *bn(void)
{
    void *a = NULL;

    assert_int_equal(ltc_mp.init(&a), CRYPT_OK);
    return a;
}

static void point_new(ecc_point *pt)
{
    assert_int_equal(ltc_init_multi(&pt->x, &pt->y, &pt->z, NULL), CRYPT_OK);
}

static void point_free(ecc_point *pt)
{
    ltc_deinit_multi(pt->x, pt->y, pt->z, NULL);
}

static void curve_load(tcurve *c, size_t len)
{
    size_t i;

    memset(c, 0, sizeof(*c));
    for (i = 0; ltc_ecc_sets[i].size != 0; i++) {
        if ((size_t)ltc_ecc_sets[i].size == len) {
            c->dp = &ltc_ecc_sets[i];
        }
    }
    assert_non_null(c->dp);
    c->len = len;
    c->p = bn();
    c->n = bn();
    point_new(&c->g);
    assert_int_equal(ltc_mp.read_radix(c->p, c->dp->prime, 16), CRYPT_OK);
    assert_int_equal(ltc_mp.read_radix(c->n, c->dp->order, 16), CRYPT_OK);
    assert_int_equal(ltc_mp.read_radix(c->g.x, c->dp->Gx, 16), CRYPT_OK);
    assert_int_equal(ltc_mp.read_radix(c->g.y, c->dp->Gy, 16), CRYPT_OK);
    assert_int_equal(ltc_mp.set_int(c->g.z, 1), CRYPT_OK);
}

static void curve_free(tcurve *c)
{
    ltc_deinit_multi(c->p, c->n, NULL);
    point_free(&c->g);
}

/* k = a random number below 2^(8 len - drop) (then reduced mod n). */
static void random_scalar(const tcurve *c, void *k, size_t drop)
{
    uint8_t b[48];
    size_t i;

    for (i = 0; i < c->len; i++) {
        b[i] = (uint8_t)next64();
    }
    for (i = 0; i < drop; i++) {
        b[i / 8] &= (uint8_t)(0x7fu >> (i % 8));
    }
    assert_int_equal(ltc_mp.unsigned_read(k, b, (unsigned long)c->len), CRYPT_OK);
    assert_int_equal(ltc_mp.mpdiv(k, c->n, NULL, k), CRYPT_OK);
}

/*
 * The hook (ltc_mp.ecc_ptmul, mutls's after init) and libtomcrypt's ltc_ecc_mulmod on the same
 * input: the same return code and, on success, the same coordinates (affine when map == 1).
 * Returns the code.
 */
static int check_mul(void *k, ecc_point *g, void *p, int map)
{
    ecc_point a, b;
    int ra, rb;

    point_new(&a);
    point_new(&b);
    ra = ltc_mp.ecc_ptmul(k, g, &a, p, map);
    rb = ltc_ecc_mulmod(k, g, &b, p, map);
    assert_int_equal(ra, rb);
    if (ra == CRYPT_OK) {
        assert_int_equal(ltc_mp.compare(a.x, b.x), LTC_MP_EQ);
        assert_int_equal(ltc_mp.compare(a.y, b.y), LTC_MP_EQ);
        assert_int_equal(ltc_mp.compare(a.z, b.z), LTC_MP_EQ);
    }
    point_free(&a);
    point_free(&b);
    return ra;
}

/* Scalars at the edges: 1, 2, 3, n-1, n-2, n-3, 2^j, (n-1)/2, (n+1)/2, runs of ones. */
static void edge_scalars(const tcurve *c, ecc_point *g)
{
    static const int small[] = {1, 2, 3, 4, 5, 15, 16, 17, 31, 32, 33, 63};
    static const int pow2[] = {1, 4, 5, 6, 31, 32, 63, 64, 127, 128, 200, 254, 255};
    const int bits = (int)(8 * c->len);
    /* under valgrind (tu_test_quick), every third one */
    const size_t step = tu_test_quick() ? 3 : 1;
    void *k = bn();
    size_t i;

    for (i = 0; i < sizeof(small) / sizeof(small[0]); i += step) {
        assert_int_equal(ltc_mp.set_int(k, (unsigned long)small[i]), CRYPT_OK);
        assert_int_equal(check_mul(k, g, c->p, 1), CRYPT_OK);
        assert_int_equal(ltc_mp.sub(c->n, k, k), CRYPT_OK); /* n - small */
        assert_int_equal(check_mul(k, g, c->p, 1), CRYPT_OK);
    }
    for (i = 0; i < sizeof(pow2) / sizeof(pow2[0]); i += step) {
        int e = pow2[i] >= 254 ? bits - (256 - pow2[i]) : pow2[i]; /* top two bits of the field */
        assert_int_equal(ltc_mp.twoexpt(k, e), CRYPT_OK);
        assert_int_equal(check_mul(k, g, c->p, 1), CRYPT_OK);
        assert_int_equal(ltc_mp.subi(k, 1, k), CRYPT_OK); /* 2^e - 1: all ones */
        assert_int_equal(check_mul(k, g, c->p, 1), CRYPT_OK);
    }
    assert_int_equal(ltc_mp.subi(c->n, 1, k), CRYPT_OK);
    assert_int_equal(ltc_mp.div_2(k, k), CRYPT_OK); /* (n-1)/2 */
    assert_int_equal(check_mul(k, g, c->p, 1), CRYPT_OK);
    assert_int_equal(ltc_mp.addi(k, 1, k), CRYPT_OK); /* (n+1)/2 */
    assert_int_equal(check_mul(k, g, c->p, 1), CRYPT_OK);
    /* n - (2^100 - 1): ones in the low windows of n - k */
    assert_int_equal(ltc_mp.twoexpt(k, 100), CRYPT_OK);
    assert_int_equal(ltc_mp.subi(k, 1, k), CRYPT_OK);
    assert_int_equal(ltc_mp.sub(c->n, k, k), CRYPT_OK);
    assert_int_equal(check_mul(k, g, c->p, 1), CRYPT_OK);
    ltc_mp.deinit(k);
}

/* Random scalars (some with their top 32 or 100 bits clear): never handed back to libtomcrypt. */
static void random_scalars(const tcurve *c, ecc_point *g, int count)
{
    unsigned long before = mutls_crypto_ecc_fallbacks();
    void *k = bn();
    int i;

    for (i = 0; i < count; i++) {
        random_scalar(c, k, i % 10 == 1 ? 32 : i % 10 == 2 ? 100 : 0);
        if (ltc_mp.compare_d(k, 0) == LTC_MP_EQ) {
            continue;
        }
        assert_int_equal(check_mul(k, g, c->p, 1), CRYPT_OK);
    }
    assert_int_equal(mutls_crypto_ecc_fallbacks(), before);
    ltc_mp.deinit(k);
}

static int scalar_count(void)
{
    return tu_test_quick() ? QUICK_SCALARS : RANDOM_SCALARS;
}

static void fixed_base(size_t len, uint64_t seed)
{
    tcurve c;

    seed_state = seed;
    curve_load(&c, len);
    random_scalars(&c, &c.g, scalar_count());
    edge_scalars(&c, &c.g);
    curve_free(&c);
}

/* Points r G for seeded r, affine (from libtomcrypt), and G itself written with z = 2 (x 4,
 * y 8), which is not recognised as the generator and so takes the window path. */
static void variable_base(size_t len, uint64_t seed)
{
    tcurve c;
    ecc_point q;
    void *r;
    int i;

    seed_state = seed;
    curve_load(&c, len);
    point_new(&q);
    r = bn();
    for (i = 0; i < 4; i++) {
        random_scalar(&c, r, 0);
        assert_int_equal(ltc_ecc_mulmod(r, &c.g, &q, c.p, 1), CRYPT_OK);
        random_scalars(&c, &q, scalar_count() / 4);
    }
    edge_scalars(&c, &q);
    assert_int_equal(ltc_mp.set_int(r, 4), CRYPT_OK);
    assert_int_equal(ltc_mp.mulmod(c.g.x, r, c.p, q.x), CRYPT_OK);
    assert_int_equal(ltc_mp.set_int(r, 8), CRYPT_OK);
    assert_int_equal(ltc_mp.mulmod(c.g.y, r, c.p, q.y), CRYPT_OK);
    assert_int_equal(ltc_mp.set_int(q.z, 2), CRYPT_OK);
    random_scalars(&c, &q, scalar_count() / 4);
    edge_scalars(&c, &q);
    ltc_mp.deinit(r);
    point_free(&q);
    curve_free(&c);
}

static void test_ecc_mul_p256_fixed_base_matches_libtomcrypt(void **state)
{
    (void)state;
    fixed_base(32, 256);
}

static void test_ecc_mul_p384_fixed_base_matches_libtomcrypt(void **state)
{
    (void)state;
    fixed_base(48, 384);
}

static void test_ecc_mul_p256_variable_base_matches_libtomcrypt(void **state)
{
    (void)state;
    variable_base(32, 2560);
}

static void test_ecc_mul_p384_variable_base_matches_libtomcrypt(void **state)
{
    (void)state;
    variable_base(48, 3840);
}

/* Scalars 0, n, n+1, 2^(8 len) + 1 and map == 0 go to libtomcrypt: its result or its error. */
static void fallbacks_on(size_t len)
{
    tcurve c;
    ecc_point q;
    void *k = bn();
    unsigned long before;
    int i;

    curve_load(&c, len);
    point_new(&q);
    assert_int_equal(ltc_mp.set_int(k, 7), CRYPT_OK);
    assert_int_equal(ltc_ecc_mulmod(k, &c.g, &q, c.p, 1), CRYPT_OK);
    for (i = 0; i < 2; i++) {
        ecc_point *g = i == 0 ? &c.g : &q;
        before = mutls_crypto_ecc_fallbacks();
        assert_int_equal(ltc_mp.set_int(k, 0), CRYPT_OK);
        (void)check_mul(k, g, c.p, 1);
        assert_int_equal(ltc_mp.copy(c.n, k), CRYPT_OK);
        (void)check_mul(k, g, c.p, 1);
        assert_int_equal(ltc_mp.addi(c.n, 1, k), CRYPT_OK);
        assert_int_equal(check_mul(k, g, c.p, 1), CRYPT_OK);
        assert_int_equal(ltc_mp.twoexpt(k, (int)(8 * len)), CRYPT_OK);
        assert_int_equal(ltc_mp.addi(k, 1, k), CRYPT_OK);
        assert_int_equal(check_mul(k, g, c.p, 1), CRYPT_OK);
        assert_int_equal(ltc_mp.set_int(k, 12345), CRYPT_OK);
        assert_int_equal(check_mul(k, g, c.p, 0), CRYPT_OK); /* Montgomery Jacobian out */
        assert_int_equal(mutls_crypto_ecc_fallbacks(), before + 5);
    }
    ltc_mp.deinit(k);
    point_free(&q);
    curve_free(&c);
}

static void test_ecc_mul_out_of_range_scalar_uses_libtomcrypt(void **state)
{
    (void)state;
    fallbacks_on(32);
    fallbacks_on(48);
}

/*
 * P-384's window (w = 4) on k = 6, made odd as n - 6: its lowest digit is -3, and the last
 * addition adds -3P to an accumulator that is also -3P (equal points with different z, so
 * libtomcrypt's formula gives z = 0); the call is handed to libtomcrypt, whose answer comes
 * back.
 */
static void test_ecc_mul_exceptional_addition_uses_libtomcrypt(void **state)
{
    tcurve c;
    ecc_point q;
    void *k;
    unsigned long before;

    (void)state;
    curve_load(&c, 48);
    point_new(&q);
    k = bn();
    assert_int_equal(ltc_mp.set_int(k, 7), CRYPT_OK);
    assert_int_equal(ltc_ecc_mulmod(k, &c.g, &q, c.p, 1), CRYPT_OK);
    before = mutls_crypto_ecc_fallbacks();
    assert_int_equal(ltc_mp.set_int(k, 6), CRYPT_OK);
    assert_int_equal(check_mul(k, &q, c.p, 1), CRYPT_OK);
    assert_int_equal(ltc_mp.sub(c.n, k, k), CRYPT_OK);
    assert_int_equal(check_mul(k, &q, c.p, 1), CRYPT_OK);
    assert_int_equal(mutls_crypto_ecc_fallbacks(), before + 2);
    ltc_mp.deinit(k);
    point_free(&q);
    curve_free(&c);
}

/* A curve the file does not handle (P-224 when libtomcrypt has it) goes to libtomcrypt. */
static void test_ecc_mul_other_curve_uses_libtomcrypt(void **state)
{
    tcurve c;
    void *k;
    unsigned long before;
    size_t i;
    int found = 0;

    (void)state;
    for (i = 0; ltc_ecc_sets[i].size != 0; i++) {
        found |= ltc_ecc_sets[i].size == 28;
    }
    if (!found) {
        skip();
    }
    curve_load(&c, 28);
    k = bn();
    seed_state = 224;
    before = mutls_crypto_ecc_fallbacks();
    random_scalar(&c, k, 0);
    assert_int_equal(check_mul(k, &c.g, c.p, 1), CRYPT_OK);
    assert_int_equal(mutls_crypto_ecc_fallbacks(), before + 1);
    ltc_mp.deinit(k);
    curve_free(&c);
}

/* A point off the curve (y + 1): libtomcrypt returns some point of another curve; the hook's
 * final check refuses it. */
static void test_ecc_mul_off_curve_point_is_error(void **state)
{
    static const size_t lens[] = {32, 48};
    tcurve c;
    ecc_point r;
    void *k;
    size_t i;

    (void)state;
    seed_state = 99;
    for (i = 0; i < 2; i++) {
        curve_load(&c, lens[i]);
        point_new(&r);
        k = bn();
        assert_int_equal(ltc_mp.addi(c.g.y, 1, c.g.y), CRYPT_OK);
        random_scalar(&c, k, 0);
        assert_int_equal(ltc_mp.ecc_ptmul(k, &c.g, &r, c.p, 1), CRYPT_ERROR);
        assert_int_equal(ltc_ecc_mulmod(k, &c.g, &r, c.p, 1), CRYPT_OK); /* a wrong point */
        ltc_mp.deinit(k);
        point_free(&r);
        curve_free(&c);
    }
}

/* ------------------------------------------------------------ known answers, ECDSA */

static mutls_curve curve_named(const char *name)
{
    return strcmp(name, "p256") == 0 ? MUTLS_CURVE_P256 : MUTLS_CURVE_P384;
}

static void kat_record(const tu_record *rec, void *ctx)
{
    const char *names[] = {"i", "gi", "r", "gr", "gir_x"};
    uint8_t *v[5], sec[48], *gy = NULL;
    size_t vl[5], sl = sizeof(sec), gyl = 0, i;
    mutls_pkey *ki, *kr;
    mutls_curve curve = curve_named(tu_field(rec, "curve"));
    unsigned long before = mutls_crypto_ecc_fallbacks();

    for (i = 0; i < 5; i++) {
        assert_non_null(tu_field(rec, names[i]));
        v[i] = tu_unhex(tu_field(rec, names[i]), &vl[i]);
        assert_non_null(v[i]);
    }
    /* The private keys' public points come out of the comb and must be the RFC's (the key
     * constructor computes d G and refuses a mismatch with the point given). */
    assert_int_equal(
        mutls_pkey_ec_private(&ki, curve, (mutls_slice){v[0], vl[0]}, (mutls_slice){v[1], vl[1]}),
        0);
    assert_int_equal(
        mutls_pkey_ec_private(&kr, curve, (mutls_slice){v[2], vl[2]}, (mutls_slice){v[3], vl[3]}),
        0);
    /* Both directions of the window path give the RFC's shared x. */
    assert_int_equal(mutls_ecdh_shared(ki, (mutls_slice){v[3], vl[3]}, sec, &sl), 0);
    assert_int_equal(sl, vl[4]);
    assert_memory_equal(sec, v[4], sl);
    sl = sizeof(sec);
    assert_int_equal(mutls_ecdh_shared(kr, (mutls_slice){v[1], vl[1]}, sec, &sl), 0);
    assert_memory_equal(sec, v[4], vl[4]);
    if (tu_field(rec, "gir_y") != NULL) {
        /* The whole shared point, through the hook directly. */
        tcurve c;
        ecc_point g, out;
        void *k = bn();
        uint8_t y[48];
        curve_load(&c, vl[4]);
        point_new(&g);
        point_new(&out);
        gy = tu_unhex(tu_field(rec, "gir_y"), &gyl);
        assert_int_equal(ltc_mp.unsigned_read(k, v[0], (unsigned long)vl[0]), CRYPT_OK);
        assert_int_equal(ltc_mp.unsigned_read(g.x, v[3] + 1, (unsigned long)vl[4]), CRYPT_OK);
        assert_int_equal(ltc_mp.unsigned_read(g.y, v[3] + 1 + vl[4], (unsigned long)vl[4]),
                         CRYPT_OK);
        assert_int_equal(ltc_mp.set_int(g.z, 1), CRYPT_OK);
        assert_int_equal(ltc_mp.ecc_ptmul(k, &g, &out, c.p, 1), CRYPT_OK);
        assert_int_equal(ltc_mp.unsigned_size(out.y), gyl);
        assert_int_equal(ltc_mp.unsigned_write(out.y, y), CRYPT_OK);
        assert_memory_equal(y, gy, gyl);
        free(gy);
        ltc_mp.deinit(k);
        point_free(&g);
        point_free(&out);
        curve_free(&c);
    }
    assert_int_equal(mutls_crypto_ecc_fallbacks(), before);
    mutls_pkey_free(ki);
    mutls_pkey_free(kr);
    for (i = 0; i < 5; i++) {
        free(v[i]);
    }
    (*(int *)ctx)++;
}

static void test_ecc_mul_rfc5903_ecdh_known_answers(void **state)
{
    int n = 0;

    (void)state;
    assert_int_equal(tu_for_each_record("ecc/rfc5903.txt", kat_record, &n), 2);
    assert_int_equal(n, 2);
}

static int fixed_entropy(void *ctx, uint8_t *buf, size_t len)
{
    memset(buf, *(const uint8_t *)ctx, len);
    return 0;
}

static void sign_record(const tu_record *rec, void *ctx)
{
    mutls_curve curve = curve_named(tu_field(rec, "curve"));
    uint8_t *d, *pub, digest[48], sig[128];
    size_t dl, pl, sl, i;
    mutls_pkey *k, *kp;
    mutls_rng *rng;
    uint8_t seed = 0x42;
    mutls_hash_alg hash = curve == MUTLS_CURVE_P256 ? MUTLS_HASH_SHA256 : MUTLS_HASH_SHA384;
    size_t hl = mutls_hash_len(hash);

    (void)ctx;
    d = tu_unhex(tu_field(rec, "i"), &dl);
    pub = tu_unhex(tu_field(rec, "gi"), &pl);
    assert_int_equal(mutls_pkey_ec_private(&k, curve, (mutls_slice){d, dl}, (mutls_slice){pub, pl}),
                     0);
    assert_int_equal(mutls_pkey_ec_public(&kp, curve, (mutls_slice){pub, pl}), 0);
    assert_int_equal(mutls_rng_new(&rng, fixed_entropy, &seed), 0);
    for (i = 0; i < 8; i++) {
        memset(digest, (int)(0x10 + i), sizeof(digest));
        sl = sizeof(sig);
        assert_int_equal(mutls_pkey_sign(k, rng, MUTLS_SIG_ECDSA, hash, digest, hl, sig, &sl), 0);
        assert_int_equal(mutls_pkey_verify(kp, MUTLS_SIG_ECDSA, hash, 0, digest, hl, sig, sl), 0);
        digest[0] ^= 1; /* and a different digest does not verify */
        assert_int_equal(mutls_pkey_verify(kp, MUTLS_SIG_ECDSA, hash, 0, digest, hl, sig, sl),
                         MUTLS_ERR_SIGNATURE_INVALID);
    }
    mutls_rng_free(rng);
    mutls_pkey_free(k);
    mutls_pkey_free(kp);
    free(d);
    free(pub);
}

static void test_ecc_mul_ecdsa_signatures_verify(void **state)
{
    (void)state;
    assert_int_equal(tu_for_each_record("ecc/rfc5903.txt", sign_record, NULL), 2);
}

static int setup(void **state)
{
    (void)state;
    return mutls_crypto_init() == 0 && ltc_mp.ecc_ptmul != ltc_ecc_mulmod ? 0 : -1;
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_ecc_mul_p256_fixed_base_matches_libtomcrypt),
        cmocka_unit_test(test_ecc_mul_p384_fixed_base_matches_libtomcrypt),
        cmocka_unit_test(test_ecc_mul_p256_variable_base_matches_libtomcrypt),
        cmocka_unit_test(test_ecc_mul_p384_variable_base_matches_libtomcrypt),
        cmocka_unit_test(test_ecc_mul_out_of_range_scalar_uses_libtomcrypt),
        cmocka_unit_test(test_ecc_mul_exceptional_addition_uses_libtomcrypt),
        cmocka_unit_test(test_ecc_mul_other_curve_uses_libtomcrypt),
        cmocka_unit_test(test_ecc_mul_off_curve_point_is_error),
        cmocka_unit_test(test_ecc_mul_rfc5903_ecdh_known_answers),
        cmocka_unit_test(test_ecc_mul_ecdsa_signatures_verify),
    };
    return cmocka_run_group_tests(tests, setup, NULL);
}
#endif
