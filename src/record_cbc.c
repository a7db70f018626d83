/* SPDX-License-Identifier: MIT */
/*
 * record_cbc.c - AES-CBC record protection with HMAC: MAC-then-encrypt (RFC 5246 §6.2.3.2)
 * and encrypt-then-MAC (RFC 7366). record_protect.c dispatches here by cipher; the build
 * option MUTLS_CBC=OFF leaves this file out (record_cbc.h).
 *
 * MAC-then-encrypt CBC is opened without a branch or memory access that depends on the
 * padding or the MAC: padding validity is a mask over the last 256 bytes, the MAC runs over
 * the secret length with mutls_hmac_ct, the received MAC is extracted with masks, and bad
 * padding and bad MAC end in the same single failure (RFC 5246 §6.2.3.2, Lucky Thirteen).
 * That code indexes the decrypted fragment directly (a bounded reader would branch on the
 * secret): every index is below the fragment length, which record.c checked against the
 * buffer, and the loops' bounds are public.
 */
#include "record_cbc.h"

#include <string.h>

#include "mem.h"

/* ---------------------------------------------------------------- constant-time helpers */

/* All ones when a < b, else 0 (a, b < 2^32). */
static uint32_t ct_lt(uint32_t a, uint32_t b)
{
    return 0u - (uint32_t)(((uint64_t)a - (uint64_t)b) >> 63);
}

/* All ones when x != 0, else 0. */
static uint32_t ct_nonzero(uint32_t x)
{
    return 0u - (uint32_t)(((uint64_t)x | (0ull - (uint64_t)x)) >> 63);
}

static uint32_t ct_eq(uint32_t a, uint32_t b)
{
    return ~ct_nonzero(a ^ b);
}

static size_t round_block(size_t n)
{
    return (n + MUTLS_CBC_BLOCK - 1) / MUTLS_CBC_BLOCK * MUTLS_CBC_BLOCK;
}

/* ---------------------------------------------------------------- keys */

int mutls_rec_cbc_check_keys(const mutls_rec_keys *k)
{
    if (k->mac != MUTLS_HASH_SHA1 && k->mac != MUTLS_HASH_SHA256 && k->mac != MUTLS_HASH_SHA384) {
        return MUTLS_ERR_BAD_ARGUMENT;
    }
    return k->mac_key_len == mutls_hash_len(k->mac) ? 0 : MUTLS_ERR_BAD_ARGUMENT;
}

int mutls_rec_cbc_new(mutls_cbc **out, const mutls_rec_keys *k)
{
    return mutls_cbc_new(out, k->cipher, k->enc_key, k->enc_key_len);
}

static int mac_once(const mutls_rec_dir *d, const uint8_t hdr[13], const uint8_t *data, size_t len,
                    uint8_t *out)
{
    mutls_hmac h;
    int rc = MUTLS_ERR_INTERNAL;

    if ((rc = mutls_hmac_init(&h, d->mac, d->mac_key, d->mac_key_len)) < 0 ||
        (rc = mutls_hmac_update(&h, hdr, 13)) < 0 || (rc = mutls_hmac_update(&h, data, len)) < 0 ||
        (rc = mutls_hmac_final(&h, out)) < 0) {
        goto out;
    }
    rc = 0;
out:
    mutls_wipe(&h, sizeof(h));
    return rc;
}

/* Append TLS CBC padding: pad+1 bytes, each holding pad (RFC 5246 §6.2.3.2). */
static size_t add_padding(uint8_t *body, size_t n)
{
    size_t pad = MUTLS_CBC_BLOCK - 1 - n % MUTLS_CBC_BLOCK;

    memset(body + n, (int)pad, pad + 1);
    return n + pad + 1;
}

/* ---------------------------------------------------------------- seal */

int mutls_rec_cbc_seal(const mutls_rec_dir *d, uint64_t seq, uint8_t type, uint16_t version,
                       const uint8_t *iv, uint8_t *frag, size_t pt_len, size_t *frag_len)
{
    uint8_t *body = frag + MUTLS_CBC_BLOCK;
    uint8_t hdr[13];
    size_t n;

    if (iv == NULL) {
        return MUTLS_ERR_INTERNAL;
    }
    memcpy(frag, iv, MUTLS_CBC_BLOCK);
    if (!d->etm) {
        /* MAC-then-encrypt: IV || E(plaintext || MAC || padding). */
        mutls_rec_pseudo_header(hdr, seq, type, version, pt_len);
        TRY(mac_once(d, hdr, body, pt_len, body + pt_len));
        n = add_padding(body, pt_len + d->mac_len);
        TRY(mutls_cbc_encrypt(d->cbc, iv, body, n));
        *frag_len = MUTLS_CBC_BLOCK + n;
        return 0;
    }
    /* RFC 7366 §3: IV || E(plaintext || padding), then the MAC over that. */
    n = add_padding(body, pt_len);
    TRY(mutls_cbc_encrypt(d->cbc, iv, body, n));
    n += MUTLS_CBC_BLOCK;
    mutls_rec_pseudo_header(hdr, seq, type, version, n);
    TRY(mac_once(d, hdr, frag, n, frag + n));
    *frag_len = n + d->mac_len;
    return 0;
}

/* ---------------------------------------------------------------- open */

/*
 * Padding check over the last min(256, n) bytes of @p body in constant time. Returns an
 * all-ones mask when the padding is well formed and leaves room for @p mac_len bytes, and
 * stores the padding length (0 when bad) in *pad_out.
 */
static uint32_t check_padding(const uint8_t *body, size_t n, size_t mac_len, size_t *pad_out)
{
    uint32_t pad = body[n - 1];
    uint32_t good = ~ct_lt((uint32_t)n, pad + 1 + (uint32_t)mac_len);
    size_t scan = n < 256 ? n : 256;
    size_t i;

    for (i = 0; i < scan; i++) {
        uint32_t in_pad = ct_lt((uint32_t)i, pad + 1);
        good &= ~(in_pad & ct_nonzero(body[n - 1 - i] ^ pad));
    }
    *pad_out = pad & good;
    return good;
}

static int open_mte(const mutls_rec_dir *d, uint64_t seq, uint8_t type, uint16_t version,
                    uint8_t *frag, size_t frag_len, size_t *pt_off, size_t *pt_len)
{
    uint8_t iv[MUTLS_CBC_BLOCK], hdr[13];
    uint8_t mac_rx[MUTLS_HASH_MAX], mac_calc[MUTLS_HASH_MAX], rot[MUTLS_HASH_MAX];
    uint8_t *body = frag + MUTLS_CBC_BLOCK;
    size_t mac_len = d->mac_len, n, pad, len, max_len, lo, p, j, k;
    uint32_t good, neq, started = 0, offset = 0;
    int rc;

    /* Public checks: IV plus enough whole blocks for the MAC and the padding byte. */
    if (frag_len % MUTLS_CBC_BLOCK != 0 || frag_len < MUTLS_CBC_BLOCK + round_block(mac_len + 1)) {
        return MUTLS_ERR_BAD_RECORD_MAC;
    }
    n = frag_len - MUTLS_CBC_BLOCK;
    memcpy(iv, frag, sizeof(iv));
    TRY(mutls_cbc_decrypt(d->cbc, iv, body, n));

    good = check_padding(body, n, mac_len, &pad);
    max_len = n - mac_len - 1;
    len = max_len - pad; /* with bad padding: as if there were none */
    mutls_rec_pseudo_header(hdr, seq, type, version, len);
    /* pad is one byte, so len >= max_len - 255: the bytes before that are public data. */
    rc = mutls_hmac_ct(d->mac, d->mac_key, d->mac_key_len, hdr, sizeof(hdr), body, len,
                       max_len > 255 ? max_len - 255 : 0, max_len, mac_calc);
    if (rc < 0) {
        mutls_wipe(body, n);
        return rc;
    }
    /* Copy body[len .. len + mac_len) out without a secret index: scan the window where the
     * MAC can start, collecting its bytes rotated by a secret offset (the write position
     * only depends on the public loop counter), then undo the rotation with masks. */
    memset(rot, 0, sizeof(rot));
    memset(mac_rx, 0, sizeof(mac_rx));
    lo = n > mac_len + 256 ? n - mac_len - 256 : 0;
    for (p = lo, j = 0; p < n; p++) {
        uint32_t is_start = ct_eq((uint32_t)p, (uint32_t)len);

        started |= is_start;
        offset |= (uint32_t)j & is_start;
        rot[j] |= (uint8_t)(body[p] & started & ct_lt((uint32_t)p, (uint32_t)(len + mac_len)));
        if (++j == mac_len) {
            j = 0;
        }
    }
    for (k = 0; k < mac_len; k++) {
        for (j = 0; j < mac_len; j++) {
            mac_rx[k] |= (uint8_t)(rot[j] & ct_eq((uint32_t)j, offset));
        }
        offset++;
        offset &= ct_lt(offset, (uint32_t)mac_len);
    }
    neq = (uint32_t)mutls_ct_neq(mac_rx, mac_calc, mac_len);
    /* RFC 5246 §6.2.3.2: bad padding and a bad MAC are one and the same failure. */
    mutls_wipe(mac_rx, sizeof(mac_rx));
    mutls_wipe(mac_calc, sizeof(mac_calc));
    mutls_wipe(rot, sizeof(rot));
    if ((neq | (~good & 1u)) != 0) {
        mutls_wipe(body, n);
        return MUTLS_ERR_BAD_RECORD_MAC;
    }
    *pt_off = MUTLS_CBC_BLOCK;
    *pt_len = len;
    return 0;
}

static int open_etm(const mutls_rec_dir *d, uint64_t seq, uint8_t type, uint16_t version,
                    uint8_t *frag, size_t frag_len, size_t *pt_off, size_t *pt_len)
{
    uint8_t iv[MUTLS_CBC_BLOCK], hdr[13], mac_calc[MUTLS_HASH_MAX];
    size_t mac_len = d->mac_len, clen, n, pad;
    mutls_rd r;
    mutls_slice ct, mac;

    if (frag_len < 2 * MUTLS_CBC_BLOCK + mac_len || (frag_len - mac_len) % MUTLS_CBC_BLOCK != 0) {
        return MUTLS_ERR_BAD_RECORD_MAC;
    }
    clen = frag_len - mac_len;
    mutls_rd_init(&r, frag, frag_len);
    ct = mutls_rd_bytes(&r, clen);
    mac = mutls_rd_bytes(&r, mac_len);
    if (mutls_rd_end(&r) < 0) {
        return MUTLS_ERR_BAD_RECORD_MAC;
    }
    /* RFC 7366 §3: the MAC covers the IV and the ciphertext; check it before decrypting. */
    mutls_rec_pseudo_header(hdr, seq, type, version, clen);
    TRY(mac_once(d, hdr, ct.p, ct.len, mac_calc));
    if (mutls_ct_neq(mac_calc, mac.p, mac_len) != 0) {
        return MUTLS_ERR_BAD_RECORD_MAC;
    }
    n = clen - MUTLS_CBC_BLOCK;
    memcpy(iv, frag, sizeof(iv));
    TRY(mutls_cbc_decrypt(d->cbc, iv, frag + MUTLS_CBC_BLOCK, n));
    /* The MAC was good, so the padding is no longer an oracle; still one error code. */
    if (check_padding(frag + MUTLS_CBC_BLOCK, n, 0, &pad) == 0) {
        mutls_wipe(frag, frag_len);
        return MUTLS_ERR_BAD_RECORD_MAC;
    }
    *pt_off = MUTLS_CBC_BLOCK;
    *pt_len = n - pad - 1;
    return 0;
}

int mutls_rec_cbc_open(const mutls_rec_dir *d, uint64_t seq, uint8_t type, uint16_t version,
                       uint8_t *frag, size_t frag_len, size_t *pt_off, size_t *pt_len)
{
    if (d->etm) {
        return open_etm(d, seq, type, version, frag, frag_len, pt_off, pt_len);
    }
    return open_mte(d, seq, type, version, frag, frag_len, pt_off, pt_len);
}
