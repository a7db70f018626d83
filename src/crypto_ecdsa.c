/* SPDX-License-Identifier: MIT */
/*
 * crypto_ecdsa.c - the libtomcrypt provider, ECDSA signature verification on P-256 and P-384
 * (FIPS 186-4 §6.4.2) for mutls_pkey_verify (crypto_sig.c): the strict DER reading of the
 * Ecdsa-Sig-Value (RFC 3279 §2.2.3), the range checks on r and s, the digest truncation, and
 * u1 G + u2 Q computed so that the exceptional sums libtomcrypt's Shamir loop gets wrong are
 * done exactly (see mutls_crypto_ecdsa_verify). The edge cases it is held to are the
 * Wycheproof-style vectors of vectors/crypto/edge (tests/test_crypto_edge.c). One of the
 * provider's crypto*.c files, the only ones that include tomcrypt.h.
 */
#include <string.h>

#include <tomcrypt.h>

#include "crypto.h"

static ecc_key *ecc_of(const mutls_pkey *k)
{
    return (ecc_key *)mutls_crypto_pkey_impl(k);
}

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

/*
 * One DER INTEGER of an Ecdsa-Sig-Value, strictly: minimal length, positive, minimal content
 * (no leading zero unless the next byte has its top bit set), at most @p size bytes of value.
 * The value is written right-aligned into @p out (size bytes).
 */
static void der_read_uint(mutls_rd *r, uint8_t *out, size_t size)
{
    mutls_slice v;
    size_t len;

    if (mutls_rd_u8(r) != 0x02) {
        mutls_rd_fail(r, MUTLS_ERR_SIGNATURE_INVALID);
        return;
    }
    len = mutls_rd_u8(r);
    if (len >= 0x80) {
        /* Every value here is under 128 bytes: a long-form length is not minimal. */
        mutls_rd_fail(r, MUTLS_ERR_SIGNATURE_INVALID);
        return;
    }
    v = mutls_rd_bytes(r, len);
    if (r->err != 0 || v.len == 0 || (v.p[0] & 0x80) != 0 ||
        (v.len > 1 && v.p[0] == 0 && (v.p[1] & 0x80) == 0)) {
        mutls_rd_fail(r, MUTLS_ERR_SIGNATURE_INVALID);
        return;
    }
    if (v.p[0] == 0) {
        mutls_rd vr;
        /* DER allows one leading zero, only before a byte with its top bit set (checked). */
        mutls_rd_init_slice(&vr, v);
        mutls_rd_skip(&vr, 1);
        v = mutls_rd_rest(&vr);
    }
    if (v.len > size) {
        mutls_rd_fail(r, MUTLS_ERR_SIGNATURE_INVALID);
        return;
    }
    memset(out, 0, size - v.len);
    if (v.len > 0) {
        memcpy(out + (size - v.len), v.p, v.len);
    }
}

/* Ecdsa-Sig-Value ::= SEQUENCE { r INTEGER, s INTEGER } (RFC 3279 §2.2.3), DER, nothing after. */
static int ecdsa_parse(const uint8_t *sig, size_t sig_len, size_t size, uint8_t *rs)
{
    mutls_rd r, seq;
    size_t len;

    mutls_rd_init(&r, sig, sig_len);
    if (mutls_rd_u8(&r) != 0x30) {
        return MUTLS_ERR_SIGNATURE_INVALID;
    }
    len = mutls_rd_u8(&r);
    if (len == 0x81) {
        len = mutls_rd_u8(&r);
        if (len < 0x80) {
            return MUTLS_ERR_SIGNATURE_INVALID; /* long form where short would do */
        }
    } else if (len >= 0x80) {
        return MUTLS_ERR_SIGNATURE_INVALID;
    }
    mutls_rd_sub(&r, len, &seq);
    der_read_uint(&seq, rs, size);
    der_read_uint(&seq, rs + size, size);
    if (seq.err != 0 || mutls_rd_end(&seq) != 0 || mutls_rd_end(&r) != 0) {
        return MUTLS_ERR_SIGNATURE_INVALID;
    }
    return 0;
}

/* 1 <= v < n for a big-endian value of the curve's size (FIPS 186-4 §6.4.2 step 1). */
static int ecdsa_in_range(const mutls_pkey *k, const uint8_t *v, size_t size)
{
    void *x = NULL, *n = NULL;
    int rc;

    rc = bn_new(&x);
    if (rc == 0) {
        rc = bn_new(&n);
    }
    if (rc == 0) {
        rc = mutls_crypto_err(ltc_mp.unsigned_read(x, (unsigned char *)v, (unsigned long)size));
    }
    if (rc == 0) {
        rc = mutls_crypto_err(ltc_mp.read_radix(n, ecc_of(k)->dp->order, 16));
    }
    if (rc == 0 && (ltc_mp.compare_d(x, 0) == LTC_MP_EQ || ltc_mp.compare(x, n) != LTC_MP_LT)) {
        rc = MUTLS_ERR_SIGNATURE_INVALID;
    }
    bn_free(x);
    bn_free(n);
    return rc;
}

/*
 * x(R) for R = A + B, both affine points of the curve (mod p in @p p), into @p x; the point
 * at infinity (B = -A) gives MUTLS_ERR_SIGNATURE_INVALID, since it has no x (FIPS 186-4
 * §6.4.2 step 6). A == B is a doubling: the chord formula would divide by zero there.
 */
static int affine_sum_x(const ecc_point *a, const ecc_point *b, void *p, void *x)
{
    void *lam = NULL, *t = NULL, *u = NULL;
    int rc;

    if (ltc_init_multi(&lam, &t, &u, NULL) != CRYPT_OK) {
        return MUTLS_ERR_NO_MEMORY;
    }
    rc = MUTLS_ERR_CRYPTO;
    if (ltc_mp.compare(a->x, b->x) != LTC_MP_EQ) {
        /* lambda = (yB - yA) / (xB - xA) */
        if (ltc_mp.submod(b->y, a->y, p, t) != CRYPT_OK ||
            ltc_mp.submod(b->x, a->x, p, u) != CRYPT_OK || ltc_mp.invmod(u, p, u) != CRYPT_OK ||
            ltc_mp.mulmod(t, u, p, lam) != CRYPT_OK) {
            goto out;
        }
    } else if (ltc_mp.compare(a->y, b->y) == LTC_MP_EQ && ltc_mp.compare_d(a->y, 0) != LTC_MP_EQ) {
        /* lambda = (3 xA^2 - 3) / (2 yA): the curves here have a = -3 */
        if (ltc_mp.sqrmod(a->x, p, t) != CRYPT_OK || ltc_mp.set_int(u, 1) != CRYPT_OK ||
            ltc_mp.submod(t, u, p, t) != CRYPT_OK || ltc_mp.addmod(t, t, p, u) != CRYPT_OK ||
            ltc_mp.addmod(u, t, p, t) != CRYPT_OK || ltc_mp.addmod(a->y, a->y, p, u) != CRYPT_OK ||
            ltc_mp.invmod(u, p, u) != CRYPT_OK || ltc_mp.mulmod(t, u, p, lam) != CRYPT_OK) {
            goto out;
        }
    } else {
        rc = MUTLS_ERR_SIGNATURE_INVALID; /* B = -A: the sum is the point at infinity */
        goto out;
    }
    /* x = lambda^2 - xA - xB */
    if (ltc_mp.sqrmod(lam, p, t) != CRYPT_OK || ltc_mp.submod(t, a->x, p, t) != CRYPT_OK ||
        ltc_mp.submod(t, b->x, p, x) != CRYPT_OK) {
        goto out;
    }
    rc = 0;
out:
    ltc_deinit_multi(lam, t, u, NULL);
    return rc;
}

/*
 * FIPS 186-4 §6.4.2 steps 4 to 8 for an r and s already in [1, n - 1], exactly: w = s^-1,
 * u1 = e w, u2 = r w (mod n), R = u1 G + u2 Q, valid when x(R) mod n == r. Each product goes
 * through ltc_mp.ecc_ptmul (our multiplication, crypto_ecc.c, which hands its own exceptional
 * cases to libtomcrypt's ladder) and comes back affine; the one addition is done in affine
 * form, where a doubling and the point at infinity are told apart exactly. u1 = 0 (a digest
 * that is 0 mod n) leaves R = u2 Q; u2 is never 0 since r and s are not.
 */
static int ecdsa_check(const mutls_pkey *k, const uint8_t *rs, size_t size, const uint8_t *digest,
                       size_t digest_len)
{
    const ecc_key *key = ecc_of(k);
    void *n = NULL, *p = NULL, *r = NULL, *w = NULL, *u1 = NULL, *u2 = NULL, *x = NULL;
    ecc_point *g = ltc_ecc_new_point(), *q = ltc_ecc_new_point();
    ecc_point *a = ltc_ecc_new_point(), *b = ltc_ecc_new_point();
    int rc = MUTLS_ERR_NO_MEMORY, have_numbers = 0;

    if (g == NULL || q == NULL || a == NULL || b == NULL ||
        ltc_init_multi(&n, &p, &r, &w, &u1, &u2, &x, NULL) != CRYPT_OK) {
        goto out;
    }
    have_numbers = 1;
    rc = MUTLS_ERR_CRYPTO;
    if (ltc_mp.read_radix(n, key->dp->order, 16) != CRYPT_OK ||
        ltc_mp.read_radix(p, key->dp->prime, 16) != CRYPT_OK ||
        ltc_mp.unsigned_read(r, (unsigned char *)rs, (unsigned long)size) != CRYPT_OK ||
        ltc_mp.unsigned_read(w, (unsigned char *)rs + size, (unsigned long)size) != CRYPT_OK ||
        ltc_mp.unsigned_read(u1, (unsigned char *)digest, (unsigned long)digest_len) != CRYPT_OK ||
        ltc_mp.invmod(w, n, w) != CRYPT_OK || ltc_mp.mulmod(u1, w, n, u1) != CRYPT_OK ||
        ltc_mp.mulmod(r, w, n, u2) != CRYPT_OK) {
        goto out;
    }
    if (ltc_mp.read_radix(g->x, key->dp->Gx, 16) != CRYPT_OK ||
        ltc_mp.read_radix(g->y, key->dp->Gy, 16) != CRYPT_OK ||
        ltc_mp.set_int(g->z, 1) != CRYPT_OK || ltc_mp.copy(key->pubkey.x, q->x) != CRYPT_OK ||
        ltc_mp.copy(key->pubkey.y, q->y) != CRYPT_OK || ltc_mp.set_int(q->z, 1) != CRYPT_OK ||
        ltc_mp.ecc_ptmul(u2, q, b, p, 1) != CRYPT_OK) {
        goto out;
    }
    if (ltc_mp.compare_d(u1, 0) == LTC_MP_EQ) {
        rc = ltc_mp.copy(b->x, x) == CRYPT_OK ? 0 : MUTLS_ERR_CRYPTO;
    } else if (ltc_mp.ecc_ptmul(u1, g, a, p, 1) == CRYPT_OK) {
        rc = affine_sum_x(a, b, p, x);
    }
    /* v = x(R) mod n; x(R) may lie in [n, p), so r = x(R) - n is a valid r. */
    if (rc == 0) {
        rc = ltc_mp.mpdiv(x, n, NULL, x) == CRYPT_OK ? 0 : MUTLS_ERR_CRYPTO;
    }
    if (rc == 0 && ltc_mp.compare(x, r) != LTC_MP_EQ) {
        rc = MUTLS_ERR_SIGNATURE_INVALID;
    }
out:
    if (have_numbers) {
        ltc_deinit_multi(n, p, r, w, u1, u2, x, NULL);
    }
    ltc_ecc_del_point(g);
    ltc_ecc_del_point(q);
    ltc_ecc_del_point(a);
    ltc_ecc_del_point(b);
    return rc;
}

/* Q = G or Q = -G: the public key's x is the generator's. */
static int key_is_plus_minus_g(const ecc_key *key)
{
    void *gx = NULL;
    int same;

    if (bn_new(&gx) != 0) {
        return 1; /* take the exact path; it reports the lack of memory itself */
    }
    same = ltc_mp.read_radix(gx, key->dp->Gx, 16) != CRYPT_OK ||
           ltc_mp.compare(gx, key->pubkey.x) == LTC_MP_EQ;
    bn_free(gx);
    return same;
}

/*
 * Two paths, one verdict. libtomcrypt's ecc_verify_hash computes u1 G + u2 Q with Shamir's
 * trick (ltc_ecc_mul2add), whose table adds small multiples of G and Q with its projective
 * addition. That addition recognises P == Q only when both have the same z. With different z,
 * an equal or opposite pair gives z = 0, which every later step keeps, so the result is no
 * point at all (libtommath then fails to invert z; GMP's descriptor ignores the failure and
 * maps to an unrelated x) and a valid signature is refused: public keys 2G, -2G and 3G in
 * vectors/crypto/edge. With the same z and opposite y it doubles where the point at infinity
 * belongs, which happens in the table's first sum G + Q when Q = -G. Such pairs need Q to be
 * a small multiple (or fraction) of G, that is, a key whose private part anyone can work out,
 * or an operand collision nobody can aim at (about 1/p). So a "valid" from the fast path
 * stands, while an "invalid" or an error is checked again by the exact ecdsa_check, whose
 * verdict is final; Q = +-G goes to ecdsa_check at once. A valid signature still costs one
 * Shamir pass; only a refused one costs the second computation.
 */
int mutls_crypto_ecdsa_verify(const mutls_pkey *k, const uint8_t *digest, size_t digest_len,
                              const uint8_t *sig, size_t sig_len)
{
    uint8_t rs[2 * 66];
    const ecc_key *key = ecc_of(k);
    size_t size = (size_t)key->dp->size;
    int stat = 0;
    int err;

    TRY(ecdsa_parse(sig, sig_len, size, rs));
    TRY(ecdsa_in_range(k, rs, size));
    TRY(ecdsa_in_range(k, rs + size, size));
    /* FIPS 186-4 §6.4: use the leftmost bits of the digest, as many as the order has. For
     * P-256 and P-384 that is a whole number of bytes; a shorter digest is used whole. */
    if (digest_len > size) {
        digest_len = size;
    }
    if (!key_is_plus_minus_g(key)) {
        err = ecc_verify_hash_rfc7518(rs, 2 * size, digest, digest_len, &stat, (ecc_key *)key);
        if (err == CRYPT_MEM) {
            return MUTLS_ERR_NO_MEMORY;
        }
        if (err == CRYPT_OK && stat == 1) {
            return 0;
        }
    }
    return ecdsa_check(k, rs, size, digest, digest_len);
}
