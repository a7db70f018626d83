/* SPDX-License-Identifier: MIT */
/*
 * crypto_ecc.c - the libtomcrypt provider, scalar multiplication on P-256 and P-384 (FIPS 186-4
 * §D.1.2, SEC 1 §3.2.1 key generation, RFC 8422 §5.10 ECDH). libtomcrypt 1.18.2 runs every
 * k*G of ecc_make_key_ex (hence ECDH key generation and the ECDSA nonce point of ecc_sign_hash)
 * and ecc_shared_secret through ltc_mp.ecc_ptmul; mutls_crypto_ecc_install() points that hook
 * at the function below. We keep libtomcrypt's field arithmetic (the ltc_mp descriptor, so
 * libtommath or GMP) and its Jacobian point formulas (ltc_ecc_projective_add_point/_dbl_point,
 * a = -3, Montgomery domain) and replace only the algorithm that strings them together:
 *
 *  - fixed base (the curve's generator, recognised by its affine coordinates with z = 1): a
 *    single Lim-Lee comb with 6 teeth over the "all digits +-1" form of an odd scalar, so that
 *    every column adds a nonzero table point. The 32 affine points per curve (Montgomery domain,
 *    big-endian x||y) are built once per process on first use: 2 KiB for P-256 and 3 KiB for
 *    P-384, 5 KiB of static storage in all. Cost: d-1 doublings and d-1 mixed additions, d = 43
 *    (P-256) or 64 (P-384) columns.
 *  - any other point: a fixed window (w = 5 for P-256, 4 for P-384) over regular signed odd
 *    digits, so every window adds one nonzero entry of a per-call table of odd multiples in
 *    Jacobian form (1.5 KiB / 1.1 KiB on the stack).
 *
 * Constant-time discipline at this level: the scalar recoding has no branch or index that
 * depends on the scalar, table entries are picked by reading the whole table under masks,
 * negations are computed and selected, and an even scalar k is replaced by n - k (one of them
 * is odd since n is odd) under a mask, the result's y being negated back. libtommath (and GMP)
 * arithmetic itself is not constant-time, and neither are libtomcrypt's point formulas; this
 * file removes the scalar-dependent control flow it would add on top, nothing more.
 *
 * Exceptional cases: libtomcrypt's addition has no point at infinity and recognises P == Q
 * only when both have the same z, so adding equal or opposite points silently gives z = 0,
 * which every later doubling and addition keeps. (With the same x and z and opposite y it
 * doubles, giving 2P instead of the point at infinity; the comb's operands are affine, which
 * skips that test, and the window's share a z only by a chance of about 1/p.) Scalars 0 or >= n, map == 0, an unknown
 * modulus, or a final z == 0 are therefore handed to libtomcrypt's own ltc_ecc_mulmod, whose
 * result is then what the caller gets; the affine result of our own path is checked to be on
 * the curve before it is returned (a fault check: an error, never a wrong point).
 *
 * -DMUTLS_FAST_ECC=OFF (MUTLS_NO_FAST_ECC) leaves all of this out, for the smallest image: the
 * hook is then never set and libtomcrypt's own ladder does every multiplication.
 */
#include <string.h>

#include <tomcrypt.h>

#include "crypto.h"
#include "mem.h"

#if !defined(MUTLS_NO_FAST_ECC)

#if !defined(MUTLS_NO_PTHREAD)
#include <pthread.h>
#endif

#define ECC_MAX_LEN 48                        /* P-384 field elements, bytes */
#define COMB_TEETH 6                          /* bits of the scalar per comb column */
#define COMB_ENTRIES (1u << (COMB_TEETH - 1)) /* signed comb: the top tooth fixes the sign */
#define COMB_MAX_COLS 64                      /* ceil(384 / 6) */
#define VAR_TABLE_MAX 1536                    /* 16 * 3 * 32 (P-256) >= 8 * 3 * 48 (P-384) */
#define VAR_MAX_DIGITS 96                     /* 384 / 4 */
/* Internal, distinct from every CRYPT_* code (all >= 0): hand the call to ltc_ecc_mulmod. */
#define USE_LIBTOMCRYPT (-1)

typedef int (*ptmul_fn)(void *k, ecc_point *G, ecc_point *R, void *modulus, int map);

typedef struct ecc_curve {
    size_t len;      /* bytes of p and n */
    unsigned window; /* variable-base window width */
    unsigned cols;   /* comb columns: ceil(8 * len / COMB_TEETH) */
    uint8_t *comb;   /* COMB_ENTRIES affine x||y, Montgomery domain */
    const ltc_ecc_set_type *dp;
    uint8_t p[ECC_MAX_LEN];
    uint8_t gx[ECC_MAX_LEN];
    uint8_t gy[ECC_MAX_LEN];
    int comb_ready;
} ecc_curve;

static uint8_t comb256[COMB_ENTRIES * 2 * 32];
static uint8_t comb384[COMB_ENTRIES * 2 * 48];
static ecc_curve curves[2] = {
    {32, 5, 43, comb256, NULL, {0}, {0}, {0}, 0},
    {48, 4, 64, comb384, NULL, {0}, {0}, {0}, 0},
};
static ptmul_fn ltc_ptmul; /* what the descriptor had: ltc_ecc_mulmod */
static atomic_ulong fallbacks;

/* ------------------------------------------------------------ fixed-size encodings */

static void point_clear(ecc_point *pt)
{
    if (pt->x != NULL) {
        ltc_deinit_multi(pt->x, pt->y, pt->z, NULL);
    }
    pt->x = pt->y = pt->z = NULL;
}

static int point_init(ecc_point *pt)
{
    pt->x = pt->y = pt->z = NULL;
    if (ltc_init_multi(&pt->x, &pt->y, &pt->z, NULL) != CRYPT_OK) {
        pt->x = pt->y = pt->z = NULL;
        return CRYPT_MEM;
    }
    return CRYPT_OK;
}

/* a < 2^(8 len) as exactly len big-endian bytes. */
static int put_fixed(void *a, uint8_t *out, size_t len)
{
    size_t size = (size_t)ltc_mp.unsigned_size(a);

    if (size > len) {
        return CRYPT_ERROR;
    }
    memset(out, 0, len - size);
    return ltc_mp.unsigned_write(a, out + (len - size));
}

static int put_point(const ecc_point *pt, uint8_t *out, size_t len, int with_z)
{
    int err = put_fixed(pt->x, out, len);

    if (err == CRYPT_OK) {
        err = put_fixed(pt->y, out + len, len);
    }
    if (err == CRYPT_OK && with_z) {
        err = put_fixed(pt->z, out + 2 * len, len);
    }
    return err;
}

/* 0xff when a == b, else 0, without a branch (a, b < 2^16). */
static uint8_t eq_mask(uint32_t a, uint32_t b)
{
    uint32_t x = a ^ b;

    return (uint8_t)(0u - ((x - 1u) >> 31));
}

/* out = table[index], reading every entry so that the access pattern is the same for all. */
static void select_entry(uint8_t *out, const uint8_t *table, size_t entry_len, uint32_t count,
                         uint32_t index)
{
    uint32_t i;
    size_t j;

    memset(out, 0, entry_len);
    for (i = 0; i < count; i++) {
        uint8_t m = eq_mask(i, index);
        const uint8_t *e = table + (size_t)i * entry_len;
        for (j = 0; j < entry_len; j++) {
            out[j] |= (uint8_t)(e[j] & m);
        }
    }
}

/* y = p - y when neg == 1, y unchanged when neg == 0; both are computed (y < p). In the
 * Montgomery domain too: p - yR = (-y)R mod p. */
static void negate_if(uint8_t *y, const uint8_t *p, size_t len, uint32_t neg)
{
    uint8_t m = (uint8_t)(0u - (neg & 1u));
    uint32_t borrow = 0;
    size_t i = len;

    while (i-- > 0) {
        uint32_t d = (uint32_t)p[i] - y[i] - borrow;
        borrow = (d >> 8) & 1u;
        y[i] = (uint8_t)((y[i] & (uint8_t)~m) | ((uint8_t)d & m));
    }
}

/* Bit i of the big-endian scalar k (len bytes); 0 above it. i is public (a loop position). */
static uint32_t bit_at(const uint8_t *k, size_t len, size_t i)
{
    if (i >= 8 * len) {
        return 0;
    }
    return (uint32_t)(k[len - 1 - i / 8] >> (i % 8)) & 1u;
}

/* ------------------------------------------------------------ curves and the comb table */

static int load_hex(void *a, const char *hex, uint8_t *out, size_t len)
{
    int err = ltc_mp.read_radix(a, hex, 16);

    return err == CRYPT_OK ? put_fixed(a, out, len) : err;
}

/* x, y, z of a (Montgomery-domain Jacobian) point set from affine bytes in the normal domain. */
static int to_mont(ecc_point *pt, void *ax, void *ay, void *mu, void *p)
{
    int err = ltc_mp.mulmod(ax, mu, p, pt->x);

    if (err == CRYPT_OK) {
        err = ltc_mp.mulmod(ay, mu, p, pt->y);
    }
    if (err == CRYPT_OK) {
        err = ltc_mp.copy(mu, pt->z);
    }
    return err;
}

/*
 * The comb of curve c: entry u (bits u_0..u_4) is 2^(5d) G + sum_{j<5} (u_j ? +1 : -1) 2^(jd) G,
 * d = c->cols, stored affine and in the Montgomery domain. Every entry is a multiple m G with
 * 0 < m < 2^(5d+1) < n, so none is the point at infinity and no partial sum meets an equal or
 * opposite point; z == 0 is still checked.
 */
static int build_comb(ecc_curve *c, void *p, void *mu, void *mp)
{
    ecc_point base[COMB_TEETH], acc, q;
    void *gx = NULL, *gy = NULL;
    uint32_t u, j, s;
    int err;

    memset(base, 0, sizeof(base));
    acc.x = q.x = NULL;
    err = ltc_init_multi(&gx, &gy, NULL);
    if (err != CRYPT_OK) {
        gx = gy = NULL; /* ltc_init_multi freed what it made but left the pointers set */
    }
    for (j = 0; err == CRYPT_OK && j < COMB_TEETH; j++) {
        err = point_init(&base[j]);
    }
    if (err == CRYPT_OK && (err = point_init(&acc)) == CRYPT_OK) {
        err = point_init(&q);
    }
    if (err == CRYPT_OK &&
        (err = ltc_mp.unsigned_read(gx, c->gx, (unsigned long)c->len)) == CRYPT_OK) {
        err = ltc_mp.unsigned_read(gy, c->gy, (unsigned long)c->len);
    }
    if (err == CRYPT_OK) {
        err = to_mont(&base[0], gx, gy, mu, p);
    }
    for (j = 1; err == CRYPT_OK && j < COMB_TEETH; j++) {
        err = ltc_ecc_projective_dbl_point(&base[j - 1], &base[j], p, mp);
        for (s = 1; err == CRYPT_OK && s < c->cols; s++) {
            err = ltc_ecc_projective_dbl_point(&base[j], &base[j], p, mp);
        }
    }
    for (u = 0; err == CRYPT_OK && u < COMB_ENTRIES; u++) {
        err = ltc_mp.copy(base[COMB_TEETH - 1].x, acc.x);
        err = err == CRYPT_OK ? ltc_mp.copy(base[COMB_TEETH - 1].y, acc.y) : err;
        err = err == CRYPT_OK ? ltc_mp.copy(base[COMB_TEETH - 1].z, acc.z) : err;
        for (j = 0; err == CRYPT_OK && j + 1 < COMB_TEETH; j++) {
            err = ltc_mp.copy(base[j].x, q.x);
            err = err == CRYPT_OK ? ltc_mp.copy(base[j].z, q.z) : err;
            if (err == CRYPT_OK && ((u >> j) & 1u) == 0) {
                err = ltc_mp.sub(p, base[j].y, q.y);
            } else if (err == CRYPT_OK) {
                err = ltc_mp.copy(base[j].y, q.y);
            }
            err = err == CRYPT_OK ? ltc_ecc_projective_add_point(&acc, &q, &acc, p, mp) : err;
        }
        if (err == CRYPT_OK && ltc_mp.compare_d(acc.z, 0) == LTC_MP_EQ) {
            err = CRYPT_ERROR;
        }
        err = err == CRYPT_OK ? ltc_ecc_map(&acc, p, mp) : err;
        err = err == CRYPT_OK ? to_mont(&q, acc.x, acc.y, mu, p) : err;
        err = err == CRYPT_OK ? put_point(&q, c->comb + (size_t)u * 2 * c->len, c->len, 0) : err;
    }
    for (j = 0; j < COMB_TEETH; j++) {
        point_clear(&base[j]);
    }
    point_clear(&acc);
    point_clear(&q);
    if (gx != NULL) {
        ltc_deinit_multi(gx, gy, NULL);
    }
    return err;
}

/* Find curve c's libtomcrypt parameter set, keep p, Gx, Gy as bytes, and build its comb. */
static void setup_curve(ecc_curve *c)
{
    void *t = NULL, *mu = NULL, *mp = NULL, *p = NULL;
    size_t i;
    int err;

    for (i = 0; ltc_ecc_sets[i].size != 0; i++) {
        if ((size_t)ltc_ecc_sets[i].size == c->len) {
            c->dp = &ltc_ecc_sets[i];
            break;
        }
    }
    if (c->dp == NULL || ltc_init_multi(&t, &mu, &p, NULL) != CRYPT_OK) {
        c->dp = NULL;
        return;
    }
    err = load_hex(p, c->dp->prime, c->p, c->len);
    err = err == CRYPT_OK ? load_hex(t, c->dp->Gx, c->gx, c->len) : err;
    err = err == CRYPT_OK ? load_hex(t, c->dp->Gy, c->gy, c->len) : err;
    err = err == CRYPT_OK ? ltc_mp.montgomery_setup(p, &mp) : err;
    err = err == CRYPT_OK ? ltc_mp.montgomery_normalization(mu, p) : err;
    if (err == CRYPT_OK && build_comb(c, p, mu, mp) == CRYPT_OK) {
        c->comb_ready = 1;
    }
    if (err != CRYPT_OK) {
        c->dp = NULL; /* never matched: every call on this curve goes to libtomcrypt */
    }
    if (mp != NULL) {
        ltc_mp.montgomery_deinit(mp);
    }
    ltc_deinit_multi(t, mu, p, NULL);
}

static void setup_curves(void)
{
    setup_curve(&curves[0]);
    setup_curve(&curves[1]);
}

#if !defined(MUTLS_NO_PTHREAD)
static pthread_once_t curves_once = PTHREAD_ONCE_INIT;

static int curves_ready(void)
{
    return pthread_once(&curves_once, setup_curves) == 0;
}
#else
/* MUTLS_NO_PTHREAD builds are single-threaded (firmware): a plain flag is enough. */
static int curves_started;

static int curves_ready(void)
{
    if (!curves_started) {
        curves_started = 1;
        setup_curves();
    }
    return 1;
}
#endif

static ecc_curve *curve_of(void *modulus)
{
    uint8_t m[ECC_MAX_LEN];
    size_t i;

    for (i = 0; i < sizeof(curves) / sizeof(curves[0]); i++) {
        if (curves[i].dp != NULL && put_fixed(modulus, m, curves[i].len) == CRYPT_OK &&
            memcmp(m, curves[i].p, curves[i].len) == 0) {
            return &curves[i];
        }
    }
    return NULL;
}

/* ------------------------------------------------------------ the two ladders */

/* The working state of one multiplication. */
typedef struct ecc_work {
    const ecc_curve *c;
    void *p;  /* the modulus (the caller's) */
    void *mp; /* Montgomery reduction state */
    void *mu; /* R mod p: 1 in the Montgomery domain */
    ecc_point acc;
    ecc_point q;
} ecc_work;

static int load_entry(ecc_work *w, uint8_t *e, int with_z)
{
    size_t len = w->c->len;
    int err = ltc_mp.unsigned_read(w->q.x, e, (unsigned long)len);

    if (err == CRYPT_OK) {
        err = ltc_mp.unsigned_read(w->q.y, e + len, (unsigned long)len);
    }
    if (err == CRYPT_OK && with_z) {
        err = ltc_mp.unsigned_read(w->q.z, e + 2 * len, (unsigned long)len);
    }
    return err;
}

/*
 * Comb over the odd scalar k < 2^(8 len): with L = 6d and k' = (k >> 1) | 2^(L-1), the bits b_i
 * of k' give k = sum_i (2 b_i - 1) 2^i (every digit +-1). Column c is then
 * s * T[u] with s the sign of its top tooth and u_j = [b_(c+jd) == b_(c+5d)], and
 * k G = sum_c 2^c column(c): d-1 doublings and d-1 mixed additions.
 */
static int mul_comb(ecc_work *w, const uint8_t *k)
{
    const ecc_curve *c = w->c;
    const size_t len = c->len, d = c->cols, top_bit = COMB_TEETH * c->cols - 1;
    uint8_t digits[COMB_MAX_COLS], entry[2 * ECC_MAX_LEN];
    void *z = w->q.z;
    size_t col, j;
    int err = CRYPT_OK;

    for (col = 0; col < d; col++) {
        size_t top = col + (COMB_TEETH - 1) * d;
        uint32_t tb = top == top_bit ? 1u : bit_at(k, len, top + 1);
        uint32_t u = 0;
        for (j = 0; j + 1 < COMB_TEETH; j++) {
            u |= (bit_at(k, len, col + j * d + 1) ^ tb ^ 1u) << j;
        }
        digits[col] = (uint8_t)(u | ((tb ^ 1u) << 7));
    }
    w->q.z = NULL; /* table points are affine: libtomcrypt's mixed addition */
    for (col = d; err == CRYPT_OK && col-- > 0;) {
        select_entry(entry, c->comb, 2 * len, COMB_ENTRIES, digits[col] & 0x7fu);
        negate_if(entry + len, c->p, len, (uint32_t)digits[col] >> 7);
        err = load_entry(w, entry, 0);
        if (err == CRYPT_OK && col == d - 1) {
            err = ltc_mp.copy(w->q.x, w->acc.x);
            err = err == CRYPT_OK ? ltc_mp.copy(w->q.y, w->acc.y) : err;
            err = err == CRYPT_OK ? ltc_mp.copy(w->mu, w->acc.z) : err;
        } else if (err == CRYPT_OK) {
            err = ltc_ecc_projective_dbl_point(&w->acc, &w->acc, w->p, w->mp);
            err = err == CRYPT_OK
                      ? ltc_ecc_projective_add_point(&w->acc, &w->q, &w->acc, w->p, w->mp)
                      : err;
        }
    }
    w->q.z = z;
    mutls_wipe(digits, sizeof(digits));
    mutls_wipe(entry, sizeof(entry));
    return err;
}

/*
 * Fixed window over regular signed odd digits (odd k): with k_0 = k and
 * k_(i+1) = (k_i >> w) | 1, digit i is (k_i mod 2^(w+1)) - 2^w, an odd number in
 * [-(2^w - 1), 2^w - 1], and the last digit is what remains (odd, positive). So digit i is read
 * straight from bits iw .. iw+w of k with bit iw forced to 1. Table: (2j+1) G, j < 2^(w-1).
 */
static int mul_window(ecc_work *w, const uint8_t *k, ecc_point *g)
{
    const ecc_curve *c = w->c;
    const size_t len = c->len, ent = 3 * c->len, win = c->window;
    const size_t nd = (8 * len + win - 1) / win;
    const uint32_t half = 1u << (win - 1), low = (1u << win) - 1u;
    /* 1.5 KiB: the odd multiples of the point, Jacobian x||y||z (see VAR_TABLE_MAX). */
    uint8_t table[VAR_TABLE_MAX], digits[VAR_MAX_DIGITS], entry[3 * ECC_MAX_LEN];
    size_t i, j;
    uint32_t j2;
    int err;

    for (i = 0; i < nd; i++) {
        uint32_t v = 1u, top, m;
        for (j = 1; j <= win; j++) {
            v |= bit_at(k, len, i * win + j) << j;
        }
        if (i == nd - 1) {
            v = (v & low) | (1u << win); /* the rest, positive (its bits above win are zero) */
        }
        top = (v >> win) & 1u;
        m = top - 1u; /* all ones for a negative digit */
        digits[i] = (uint8_t)((((v ^ m) & low) >> 1) | ((top ^ 1u) << 7));
    }
    /* table[0] = G, acc = 2G, table[j] = table[j-1] + 2G */
    err = ltc_mp.mulmod(g->x, w->mu, w->p, w->q.x);
    err = err == CRYPT_OK ? ltc_mp.mulmod(g->y, w->mu, w->p, w->q.y) : err;
    err = err == CRYPT_OK ? ltc_mp.mulmod(g->z, w->mu, w->p, w->q.z) : err;
    err = err == CRYPT_OK ? put_point(&w->q, table, len, 1) : err;
    err = err == CRYPT_OK ? ltc_ecc_projective_dbl_point(&w->q, &w->acc, w->p, w->mp) : err;
    for (j2 = 1; err == CRYPT_OK && j2 < half; j2++) {
        err = ltc_ecc_projective_add_point(&w->q, &w->acc, &w->q, w->p, w->mp);
        err = err == CRYPT_OK ? put_point(&w->q, table + j2 * ent, len, 1) : err;
    }
    for (i = nd; err == CRYPT_OK && i-- > 0;) {
        select_entry(entry, table, ent, half, digits[i] & 0x7fu);
        negate_if(entry + len, c->p, len, (uint32_t)digits[i] >> 7);
        if (i == nd - 1) {
            err = load_entry(w, entry, 1);
            err = err == CRYPT_OK ? ltc_mp.copy(w->q.x, w->acc.x) : err;
            err = err == CRYPT_OK ? ltc_mp.copy(w->q.y, w->acc.y) : err;
            err = err == CRYPT_OK ? ltc_mp.copy(w->q.z, w->acc.z) : err;
            continue;
        }
        for (j = 0; err == CRYPT_OK && j < win; j++) {
            err = ltc_ecc_projective_dbl_point(&w->acc, &w->acc, w->p, w->mp);
        }
        err = err == CRYPT_OK ? load_entry(w, entry, 1) : err;
        err = err == CRYPT_OK ? ltc_ecc_projective_add_point(&w->acc, &w->q, &w->acc, w->p, w->mp)
                              : err;
    }
    mutls_wipe(digits, sizeof(digits));
    mutls_wipe(entry, sizeof(entry));
    mutls_wipe(table, sizeof(table));
    return err;
}

/* ------------------------------------------------------------ the hook */

/* y^2 == x^3 - 3x + b (mod p) for the affine (normal-domain) x, y < p. */
static int on_curve(const ecc_curve *c, void *x, void *y, void *p)
{
    void *l = NULL, *r = NULL, *t = NULL;
    int err = ltc_init_multi(&l, &r, &t, NULL);

    if (err != CRYPT_OK) {
        return err;
    }
    err = ltc_mp.sqrmod(x, p, r);
    err = err == CRYPT_OK ? ltc_mp.mulmod(r, x, p, r) : err;
    err = err == CRYPT_OK ? ltc_mp.addmod(x, x, p, t) : err;
    err = err == CRYPT_OK ? ltc_mp.addmod(t, x, p, t) : err;
    err = err == CRYPT_OK ? ltc_mp.submod(r, t, p, r) : err;
    err = err == CRYPT_OK ? ltc_mp.read_radix(t, c->dp->B, 16) : err;
    err = err == CRYPT_OK ? ltc_mp.addmod(r, t, p, r) : err;
    err = err == CRYPT_OK ? ltc_mp.sqrmod(y, p, l) : err;
    if (err == CRYPT_OK &&
        (ltc_mp.compare(x, p) != LTC_MP_LT || ltc_mp.compare(y, p) != LTC_MP_LT ||
         ltc_mp.compare(l, r) != LTC_MP_EQ)) {
        err = CRYPT_ERROR;
    }
    ltc_deinit_multi(l, r, t, NULL);
    return err;
}

/* Is g the generator (affine, z == 1)? Public data: a plain comparison. */
static int is_generator(const ecc_curve *c, ecc_point *g)
{
    uint8_t b[ECC_MAX_LEN];

    return c->comb_ready && ltc_mp.compare_d(g->z, 1) == LTC_MP_EQ &&
           put_fixed(g->x, b, c->len) == CRYPT_OK && memcmp(b, c->gx, c->len) == 0 &&
           put_fixed(g->y, b, c->len) == CRYPT_OK && memcmp(b, c->gy, c->len) == 0;
}

/* R = k g on curve c, or USE_LIBTOMCRYPT for the cases listed at the top of the file. */
static int multiply(const ecc_curve *c, void *k, ecc_point *g, ecc_point *r, void *p)
{
    ecc_work w;
    void *n = NULL, *t = NULL;
    uint8_t kb[ECC_MAX_LEN], tb[ECC_MAX_LEN], y[ECC_MAX_LEN];
    uint8_t m;
    size_t i, len = c->len;
    int err, fixed = is_generator(c, g);

    memset(&w, 0, sizeof(w));
    memset(kb, 0, sizeof(kb));
    memset(tb, 0, sizeof(tb));
    w.c = c;
    w.p = p;
    err = ltc_init_multi(&n, &t, &w.mu, NULL);
    if (err != CRYPT_OK) {
        return err;
    }
    err = point_init(&w.acc);
    err = err == CRYPT_OK ? point_init(&w.q) : err;
    err = err == CRYPT_OK ? ltc_mp.read_radix(n, c->dp->order, 16) : err;
    if (err == CRYPT_OK &&
        (ltc_mp.compare_d(k, 0) != LTC_MP_GT || ltc_mp.compare(k, n) != LTC_MP_LT)) {
        err = USE_LIBTOMCRYPT;
    }
    /* Odd scalar: k if k is odd, else n - k; the choice is a mask over both encodings. */
    err = err == CRYPT_OK ? ltc_mp.sub(n, k, t) : err;
    err = err == CRYPT_OK ? put_fixed(k, kb, len) : err;
    err = err == CRYPT_OK ? put_fixed(t, tb, len) : err;
    m = (uint8_t)(0u - (uint32_t)(kb[len - 1] & 1u)); /* 0xff: k is odd */
    for (i = 0; i < len; i++) {
        kb[i] = (uint8_t)((kb[i] & m) | (tb[i] & (uint8_t)~m));
    }
    err = err == CRYPT_OK ? ltc_mp.montgomery_setup(p, &w.mp) : err;
    err = err == CRYPT_OK ? ltc_mp.montgomery_normalization(w.mu, p) : err;
    if (err == CRYPT_OK) {
        err = fixed ? mul_comb(&w, kb) : mul_window(&w, kb, g);
    }
    if (err == CRYPT_OK && ltc_mp.compare_d(w.acc.z, 0) == LTC_MP_EQ) {
        err = USE_LIBTOMCRYPT; /* met an equal or opposite point (see the top of the file) */
    }
    err = err == CRYPT_OK ? ltc_ecc_map(&w.acc, p, w.mp) : err;
    err = err == CRYPT_OK ? put_fixed(w.acc.y, y, len) : err;
    if (err == CRYPT_OK) {
        negate_if(y, c->p, len, (uint32_t)(uint8_t)~m & 1u); /* (n - k) G = -(k G) */
        err = ltc_mp.unsigned_read(w.acc.y, y, (unsigned long)len);
    }
    err = err == CRYPT_OK ? on_curve(c, w.acc.x, w.acc.y, p) : err;
    err = err == CRYPT_OK ? ltc_mp.copy(w.acc.x, r->x) : err;
    err = err == CRYPT_OK ? ltc_mp.copy(w.acc.y, r->y) : err;
    err = err == CRYPT_OK ? ltc_mp.set_int(r->z, 1) : err;
    mutls_wipe(kb, sizeof(kb));
    mutls_wipe(tb, sizeof(tb));
    mutls_wipe(y, sizeof(y));
    if (w.mp != NULL) {
        ltc_mp.montgomery_deinit(w.mp);
    }
    point_clear(&w.acc);
    point_clear(&w.q);
    ltc_deinit_multi(n, t, w.mu, NULL);
    return err;
}

static int ecc_ptmul(void *k, ecc_point *G, ecc_point *R, void *modulus, int map)
{
    const ecc_curve *c = NULL;
    int err = USE_LIBTOMCRYPT;

    if (k != NULL && G != NULL && R != NULL && modulus != NULL && map != 0 && curves_ready()) {
        c = curve_of(modulus);
    }
    if (c != NULL) {
        err = multiply(c, k, G, R, modulus);
    }
    if (err == USE_LIBTOMCRYPT) {
        atomic_fetch_add(&fallbacks, 1);
        err = ltc_ptmul(k, G, R, modulus, map);
    }
    return err;
}

void mutls_crypto_ecc_install(void)
{
    if (ltc_mp.ecc_ptmul != NULL && ltc_mp.ecc_ptmul != ecc_ptmul) {
        ltc_ptmul = ltc_mp.ecc_ptmul;
        ltc_mp.ecc_ptmul = ecc_ptmul;
    }
}

unsigned long mutls_crypto_ecc_fallbacks(void)
{
    return atomic_load(&fallbacks);
}

#else /* MUTLS_NO_FAST_ECC */

void mutls_crypto_ecc_install(void)
{
}

unsigned long mutls_crypto_ecc_fallbacks(void)
{
    return 0;
}

#endif
