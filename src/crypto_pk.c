/* SPDX-License-Identifier: MIT */
/*
 * crypto_pk.c - the libtomcrypt provider, public-key half: RSA and EC key objects, signatures
 * (RSASSA-PKCS1-v1_5 and RSASSA-PSS, RFC 8017 §8; ECDSA, FIPS 186-4 §6.4 with the DER
 * Ecdsa-Sig-Value of RFC 3279 §2.2.3), PKCS#1 v1.5 encryption for the static-RSA key exchange
 * and its constant-time decryption (RFC 5246 §7.4.7.1), and ECDH on P-256/P-384
 * (RFC 8422 §5.10). This file owns the key objects (construction, checks, ECDH key
 * generation); the operations on them are in crypto_sig.c. One of the provider's crypto*.c
 * files, the only ones that include tomcrypt.h; LIBTOMCRYPT.md traps 4 and 5 are handled here. Big
 * numbers go through the ltc_mp descriptor (not libtommath directly) so that another math provider
 * would work too.
 */
#include <string.h>

#include <tomcrypt.h>

#include "crypto.h"
#include "mem.h"

#define RSA_MIN_BITS 2048
#define RSA_MAX_BITS 8192
#define RSA_MAX_BYTES (RSA_MAX_BITS / 8)

struct mutls_pkey {
    mutls_key_type type;
    mutls_curve curve;
    int has_private;
    int ltc_ready; /* the rsa/ecc member below holds libtomcrypt allocations */
    size_t bits;
    const ltc_ecc_set_type *dp;
    rsa_key rsa;
    ecc_key ecc;
    mutls_rsa_blind blind; /* RSA private keys: see crypto_sig.c */
};

/* ------------------------------------------------------------ big numbers */

static int bn_new(void **a)
{
    *a = NULL;
    return ltc_mp.init(a) == CRYPT_OK ? 0 : MUTLS_ERR_NO_MEMORY;
}

static void bn_free(void *a)
{
    if (a != NULL) {
        ltc_mp.deinit(a);
    }
}

static int bn_read(void *a, const uint8_t *p, size_t len)
{
    static const uint8_t zero = 0;

    if (len == 0) {
        p = &zero;
        len = 1;
    }
    return mutls_crypto_err(ltc_mp.unsigned_read(a, (unsigned char *)p, (unsigned long)len));
}

static int bn_read_hex(void *a, const char *hex)
{
    return mutls_crypto_err(ltc_mp.read_radix(a, hex, 16));
}

/* A slice without its leading zero bytes. */
static mutls_slice strip_zeros(mutls_slice s)
{
    mutls_rd r;

    mutls_rd_init_slice(&r, s);
    while (mutls_rd_remaining(&r) > 0 && mutls_rd_rest(&r).p[0] == 0) {
        mutls_rd_skip(&r, 1);
    }
    return mutls_rd_rest(&r);
}

static size_t bit_length(mutls_slice s)
{
    mutls_slice t = strip_zeros(s);
    size_t bits;
    uint8_t top;

    if (t.len == 0) {
        return 0;
    }
    bits = (t.len - 1) * 8;
    for (top = t.p[0]; top != 0; top >>= 1) {
        bits++;
    }
    return bits;
}

/* ------------------------------------------------------------ curves */

static const ltc_ecc_set_type *curve_set(mutls_curve curve)
{
    const char *name;
    size_t i;

    switch (curve) {
    case MUTLS_CURVE_P256:
        name = "ECC-256";
        break;
    case MUTLS_CURVE_P384:
        name = "ECC-384";
        break;
    default:
        return NULL;
    }
    for (i = 0; ltc_ecc_sets[i].size != 0; i++) {
        if (strcmp(ltc_ecc_sets[i].name, name) == 0) {
            return &ltc_ecc_sets[i];
        }
    }
    return NULL;
}

/*
 * LIBTOMCRYPT.md trap 4: libtomcrypt imports any coordinates. An off-curve point lets a peer
 * pick a weak curve and recover our scalar (invalid-curve attack), so every point from outside
 * passes here first: the uncompressed form 04 || X || Y (RFC 8422 §5.4.1 allows no other in
 * TLS 1.2 for us), 0 <= X, Y < p, and Y^2 = X^3 - 3X + b (mod p).
 */
static int point_check(const ltc_ecc_set_type *dp, mutls_slice point)
{
    void *p, *b, *x, *y, *lhs, *rhs, *t;
    size_t size = (size_t)dp->size;
    mutls_slice xs, ys;
    mutls_rd r;
    int rc;

    mutls_rd_init_slice(&r, point);
    if (mutls_rd_u8(&r) != 0x04) {
        return MUTLS_ERR_POINT_NOT_ON_CURVE;
    }
    xs = mutls_rd_bytes(&r, size);
    ys = mutls_rd_bytes(&r, size);
    if (mutls_rd_end(&r) != 0) {
        return MUTLS_ERR_POINT_NOT_ON_CURVE;
    }
    /* One call creates all seven (and frees what it made when one fails). */
    if (ltc_init_multi(&p, &b, &x, &y, &lhs, &rhs, &t, NULL) != CRYPT_OK) {
        return MUTLS_ERR_NO_MEMORY;
    }
    if ((rc = bn_read_hex(p, dp->prime)) < 0 || (rc = bn_read_hex(b, dp->B)) < 0 ||
        (rc = bn_read(x, xs.p, xs.len)) < 0 || (rc = bn_read(y, ys.p, ys.len)) < 0) {
        goto out;
    }
    rc = MUTLS_ERR_POINT_NOT_ON_CURVE;
    if (ltc_mp.compare(x, p) != LTC_MP_LT || ltc_mp.compare(y, p) != LTC_MP_LT) {
        goto out;
    }
    rc = MUTLS_ERR_CRYPTO;
    /* rhs = x^3 - 3x + b; lhs = y^2 (all mod p) */
    if (ltc_mp.sqrmod(x, p, rhs) != CRYPT_OK || ltc_mp.mulmod(rhs, x, p, rhs) != CRYPT_OK ||
        ltc_mp.addmod(x, x, p, t) != CRYPT_OK || ltc_mp.addmod(t, x, p, t) != CRYPT_OK ||
        ltc_mp.submod(rhs, t, p, rhs) != CRYPT_OK || ltc_mp.addmod(rhs, b, p, rhs) != CRYPT_OK ||
        ltc_mp.sqrmod(y, p, lhs) != CRYPT_OK) {
        goto out;
    }
    rc = ltc_mp.compare(lhs, rhs) == LTC_MP_EQ ? 0 : MUTLS_ERR_POINT_NOT_ON_CURVE;
out:
    ltc_deinit_multi(p, b, x, y, lhs, rhs, t, NULL);
    return rc;
}

/* ------------------------------------------------------------ key objects */

static int pkey_alloc(mutls_pkey **out, mutls_key_type type)
{
    *out = NULL;
    TRY(mutls_crypto_init());
    *out = mutls_alloc(sizeof(**out));
    if (*out == NULL) {
        return MUTLS_ERR_NO_MEMORY;
    }
    (*out)->type = type;
    return 0;
}

void mutls_pkey_free(mutls_pkey *k)
{
    if (k == NULL) {
        return;
    }
    if (k->blind.a != NULL) {
        ltc_mp.deinit(k->blind.a);
    }
    if (k->blind.ai != NULL) {
        ltc_mp.deinit(k->blind.ai);
    }
    if (k->ltc_ready) {
        if (k->type == MUTLS_KEY_RSA) {
            rsa_free(&k->rsa);
        } else {
            ecc_free(&k->ecc);
        }
    }
    mutls_free_secret(k, sizeof(*k));
}

/* RFC 8017 §3.1 plus local policy: 2048 <= |n| <= 8192 bits, e odd and > 1, e < n. */
static int rsa_check_public(mutls_slice n, mutls_slice e, size_t *bits)
{
    mutls_slice en = strip_zeros(e);
    mutls_slice nn = strip_zeros(n);

    *bits = bit_length(n);
    if (*bits < RSA_MIN_BITS || *bits > RSA_MAX_BITS) {
        return MUTLS_ERR_X509_WEAK_KEY;
    }
    if (en.len == 0 || (en.p[en.len - 1] & 1) == 0 || (en.len == 1 && en.p[0] == 1) ||
        en.len > nn.len) {
        return MUTLS_ERR_X509_WEAK_KEY;
    }
    return 0;
}

int mutls_pkey_rsa_public(mutls_pkey **out, mutls_slice n, mutls_slice e)
{
    mutls_pkey *k;
    size_t bits;
    int rc;

    *out = NULL;
    TRY(rsa_check_public(n, e, &bits));
    TRY(pkey_alloc(&k, MUTLS_KEY_RSA));
    n = strip_zeros(n);
    e = strip_zeros(e);
    rc = rsa_set_key(n.p, n.len, e.p, e.len, NULL, 0, &k->rsa);
    if (rc != CRYPT_OK) {
        mutls_pkey_free(k);
        return rc == CRYPT_MEM ? MUTLS_ERR_NO_MEMORY : MUTLS_ERR_X509_MALFORMED;
    }
    k->ltc_ready = 1;
    k->bits = bits;
    *out = k;
    return 0;
}

/* n == p * q, so that a key whose parts do not belong together fails at load time. */
static int rsa_check_factors(const rsa_key *key)
{
    void *t = NULL;
    int rc;

    TRY(bn_new(&t));
    rc = ltc_mp.mul(key->p, key->q, t) == CRYPT_OK ? 0 : MUTLS_ERR_CRYPTO;
    if (rc == 0 && ltc_mp.compare(t, key->N) != LTC_MP_EQ) {
        rc = MUTLS_ERR_KEY_MALFORMED;
    }
    bn_free(t);
    return rc;
}

int mutls_pkey_rsa_private(mutls_pkey **out, mutls_slice n, mutls_slice e, mutls_slice d,
                           mutls_slice p, mutls_slice q, mutls_slice dp, mutls_slice dq,
                           mutls_slice qinv)
{
    mutls_pkey *k;
    size_t bits;
    int err;
    int rc;

    mutls_slice *parts[] = {&d, &p, &q, &dp, &dq, &qinv};
    size_t i;

    *out = NULL;
    TRY(rsa_check_public(n, e, &bits));
    for (i = 0; i < sizeof(parts) / sizeof(parts[0]); i++) {
        *parts[i] = strip_zeros(*parts[i]);
        if (parts[i]->len == 0) {
            return MUTLS_ERR_KEY_MALFORMED;
        }
    }
    TRY(pkey_alloc(&k, MUTLS_KEY_RSA));
    n = strip_zeros(n);
    e = strip_zeros(e);
    err = rsa_set_key(n.p, n.len, e.p, e.len, d.p, d.len, &k->rsa);
    if (err == CRYPT_OK) {
        k->ltc_ready = 1;
        err = rsa_set_factors(p.p, p.len, q.p, q.len, &k->rsa);
    }
    if (err == CRYPT_OK) {
        err = rsa_set_crt_params(dp.p, dp.len, dq.p, dq.len, qinv.p, qinv.len, &k->rsa);
    }
    rc = err == CRYPT_OK ? 0 : err == CRYPT_MEM ? MUTLS_ERR_NO_MEMORY : MUTLS_ERR_KEY_MALFORMED;
    if (rc == 0) {
        rc = rsa_check_factors(&k->rsa);
    }
    if (rc < 0) {
        mutls_pkey_free(k);
        return rc;
    }
    k->has_private = 1;
    k->bits = bits;
    *out = k;
    return 0;
}

/* Import a checked point into key->ecc as a public key. */
static int ec_import(mutls_pkey *k, mutls_curve curve, mutls_slice point)
{
    int err;

    k->curve = curve;
    k->dp = curve_set(curve);
    if (k->dp == NULL) {
        return MUTLS_ERR_CRYPTO_UNSUPPORTED;
    }
    k->bits = (size_t)k->dp->size * 8;
    TRY(point_check(k->dp, point));
    err = ecc_ansi_x963_import_ex(point.p, point.len, &k->ecc, (ltc_ecc_set_type *)k->dp);
    if (err != CRYPT_OK) {
        return err == CRYPT_MEM ? MUTLS_ERR_NO_MEMORY : MUTLS_ERR_POINT_NOT_ON_CURVE;
    }
    k->ltc_ready = 1;
    return 0;
}

int mutls_pkey_ec_public(mutls_pkey **out, mutls_curve curve, mutls_slice point)
{
    mutls_pkey *k;
    int rc;

    *out = NULL;
    TRY(pkey_alloc(&k, MUTLS_KEY_EC));
    rc = ec_import(k, curve, point);
    if (rc < 0) {
        mutls_pkey_free(k);
        return rc;
    }
    *out = k;
    return 0;
}

static int ec_export(const mutls_pkey *k, uint8_t *out, size_t *len)
{
    unsigned long olen = (unsigned long)*len;
    int err = ecc_ansi_x963_export((ecc_key *)&k->ecc, out, &olen);

    if (err != CRYPT_OK) {
        return mutls_crypto_err(err);
    }
    *len = olen;
    return 0;
}

/*
 * LIBTOMCRYPT.md trap 5: there is no import of an EC private key, so build the ecc_key from
 * the scalar: check 1 <= d < n (SEC 1 §3.2.1), compute Q = d * G with the library's
 * timing-resistant ladder, and fill in the four numbers ecc_free will release.
 */
int mutls_pkey_ec_private(mutls_pkey **out, mutls_curve curve, mutls_slice scalar,
                          mutls_slice point)
{
    uint8_t mine[1 + 2 * 66];
    size_t mine_len = sizeof(mine);
    ecc_point g = {NULL, NULL, NULL};
    void *order = NULL, *prime = NULL;
    mutls_pkey *k;
    ecc_key *e;
    int rc;

    *out = NULL;
    TRY(pkey_alloc(&k, MUTLS_KEY_EC));
    e = &k->ecc;
    rc = MUTLS_ERR_CRYPTO_UNSUPPORTED;
    k->curve = curve;
    k->dp = curve_set(curve);
    if (k->dp == NULL) {
        goto out;
    }
    k->bits = (size_t)k->dp->size * 8;
    rc = MUTLS_ERR_NO_MEMORY;
    if (ltc_init_multi(&e->pubkey.x, &e->pubkey.y, &e->pubkey.z, &e->k, NULL) != CRYPT_OK) {
        goto out;
    }
    k->ltc_ready = 1;
    e->type = PK_PRIVATE;
    e->idx = -1;
    e->dp = k->dp;
    if (bn_new(&order) < 0 || bn_new(&prime) < 0 ||
        ltc_init_multi(&g.x, &g.y, &g.z, NULL) != CRYPT_OK) {
        goto out;
    }
    scalar = strip_zeros(scalar);
    rc = MUTLS_ERR_KEY_MALFORMED;
    if (scalar.len == 0 || scalar.len > (size_t)k->dp->size) {
        goto out;
    }
    if ((rc = bn_read(e->k, scalar.p, scalar.len)) < 0 ||
        (rc = bn_read_hex(order, k->dp->order)) < 0 ||
        (rc = bn_read_hex(prime, k->dp->prime)) < 0 || (rc = bn_read_hex(g.x, k->dp->Gx)) < 0 ||
        (rc = bn_read_hex(g.y, k->dp->Gy)) < 0) {
        goto out;
    }
    rc = MUTLS_ERR_KEY_MALFORMED;
    if (ltc_mp.compare(e->k, order) != LTC_MP_LT) {
        goto out;
    }
    rc = MUTLS_ERR_CRYPTO;
    if (ltc_mp.set_int(g.z, 1) != CRYPT_OK ||
        ltc_mp.ecc_ptmul(e->k, &g, &e->pubkey, prime, 1) != CRYPT_OK) {
        goto out;
    }
    rc = ec_export(k, mine, &mine_len);
    if (rc == 0 && point.len > 0 &&
        (point.len != mine_len || memcmp(point.p, mine, mine_len) != 0)) {
        rc = MUTLS_ERR_KEY_MISMATCH;
    }
out:
    bn_free(order);
    bn_free(prime);
    if (g.x != NULL) {
        ltc_deinit_multi(g.x, g.y, g.z, NULL);
    }
    if (rc < 0) {
        mutls_pkey_free(k);
        return rc;
    }
    k->has_private = 1;
    *out = k;
    return 0;
}

mutls_rsa_blind *mutls_crypto_pkey_blind(const mutls_pkey *k)
{
    /* The pair changes with every use of a key that is otherwise read-only. */
    return k == NULL ? NULL : (mutls_rsa_blind *)&k->blind;
}

void *mutls_crypto_pkey_impl(const mutls_pkey *k)
{
    if (k == NULL) {
        return NULL;
    }
    return k->type == MUTLS_KEY_RSA ? (void *)&k->rsa : (void *)&k->ecc;
}

mutls_key_type mutls_pkey_type(const mutls_pkey *k)
{
    return k == NULL ? MUTLS_KEY_NONE : k->type;
}

size_t mutls_pkey_bits(const mutls_pkey *k)
{
    return k == NULL ? 0 : k->bits;
}

mutls_curve mutls_pkey_curve(const mutls_pkey *k)
{
    return k == NULL ? MUTLS_CURVE_NONE : k->curve;
}

int mutls_pkey_has_private(const mutls_pkey *k)
{
    return k != NULL && k->has_private;
}

size_t mutls_pkey_sig_max(const mutls_pkey *k)
{
    size_t n;

    if (k == NULL) {
        return 0;
    }
    if (k->type == MUTLS_KEY_RSA) {
        return (k->bits + 7) / 8;
    }
    /* SEQUENCE { INTEGER r, INTEGER s }, each with a possible leading zero byte; under 128
     * bytes of content for P-256 and P-384, so every length is one byte. */
    n = (size_t)k->dp->size + 1;
    return 2 + 2 * (2 + n);
}

int mutls_pkey_same_public(const mutls_pkey *a, const mutls_pkey *b)
{
    if (a == NULL || b == NULL || a->type != b->type) {
        return MUTLS_ERR_KEY_MISMATCH;
    }
    if (a->type == MUTLS_KEY_RSA) {
        if (ltc_mp.compare(a->rsa.N, b->rsa.N) == LTC_MP_EQ &&
            ltc_mp.compare(a->rsa.e, b->rsa.e) == LTC_MP_EQ) {
            return 0;
        }
        return MUTLS_ERR_KEY_MISMATCH;
    }
    if (a->curve == b->curve && ltc_mp.compare(a->ecc.pubkey.x, b->ecc.pubkey.x) == LTC_MP_EQ &&
        ltc_mp.compare(a->ecc.pubkey.y, b->ecc.pubkey.y) == LTC_MP_EQ) {
        return 0;
    }
    return MUTLS_ERR_KEY_MISMATCH;
}

/* ------------------------------------------------------------ ECDH */

int mutls_ecdh_keygen(mutls_pkey **out, mutls_curve curve, mutls_rng *rng, uint8_t *pub,
                      size_t *pub_len)
{
    mutls_pkey *k;
    int err;
    int rc;

    *out = NULL;
    if (rng == NULL || pub == NULL || pub_len == NULL) {
        return MUTLS_ERR_BAD_ARGUMENT;
    }
    TRY(pkey_alloc(&k, MUTLS_KEY_EC));
    rc = MUTLS_ERR_CRYPTO_UNSUPPORTED;
    k->curve = curve;
    k->dp = curve_set(curve);
    if (k->dp == NULL) {
        goto fail;
    }
    k->bits = (size_t)k->dp->size * 8;
    rc = MUTLS_ERR_BUFFER_TOO_SMALL;
    if (*pub_len < 1 + 2 * (size_t)k->dp->size) {
        goto fail;
    }
    err = ecc_make_key_ex((prng_state *)(void *)rng, mutls_crypto_prng_index(), &k->ecc, k->dp);
    if (err != CRYPT_OK) {
        rc = mutls_crypto_err(err);
        goto fail;
    }
    k->ltc_ready = 1;
    k->has_private = 1;
    rc = ec_export(k, pub, pub_len);
    if (rc < 0) {
        goto fail;
    }
    *out = k;
    return 0;
fail:
    mutls_pkey_free(k);
    return rc;
}
