/* SPDX-License-Identifier: MIT */
/*
 * record_protect.c - protection of one TLS 1.2 record: AES-GCM (RFC 5288), ChaCha20-Poly1305
 * (RFC 7905), and AES-CBC with HMAC, either MAC-then-encrypt (RFC 5246 §6.2.3.2) or
 * encrypt-then-MAC (RFC 7366). Framing and I/O live in record.c; the primitives come from
 * crypto.h.
 *
 * Two libtomcrypt traps are handled here or below us (LIBTOMCRYPT.md 1, 2): AEAD tags are
 * checked in constant time by mutls_aead_open before any plaintext is used, and the
 * ChaCha20-Poly1305 nonce is built here from the big-endian sequence number.
 *
 * MAC-then-encrypt CBC is opened without a branch or memory access that depends on the
 * padding or the MAC: padding validity is a mask over the last 256 bytes, the MAC runs over
 * the secret length with mutls_hmac_ct, the received MAC is extracted with masks, and bad
 * padding and bad MAC end in the same single failure (RFC 5246 §6.2.3.2, Lucky Thirteen).
 * That code indexes the decrypted fragment directly (a bounded reader would branch on the
 * secret): every index is below the fragment length, which record.c checked against the
 * buffer, and the loops' bounds are public.
 */
#include "record.h"

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

/* ---------------------------------------------------------------- per-cipher sizes */

static int is_aead(mutls_cipher c)
{
    return c == MUTLS_CIPHER_AES128_GCM || c == MUTLS_CIPHER_AES256_GCM ||
           c == MUTLS_CIPHER_CHACHA20_POLY1305;
}

static int is_gcm(mutls_cipher c)
{
    return c == MUTLS_CIPHER_AES128_GCM || c == MUTLS_CIPHER_AES256_GCM;
}

size_t mutls_rec_prefix_len(const mutls_rec_dir *d)
{
    if (!d->active || d->cipher == MUTLS_CIPHER_CHACHA20_POLY1305) {
        return 0;
    }
    /* RFC 5288 §3: 8-byte explicit nonce; RFC 5246 §6.2.3.2: a block-sized explicit IV. */
    return is_gcm(d->cipher) ? 8 : MUTLS_CBC_BLOCK;
}

static size_t round_block(size_t n)
{
    return (n + MUTLS_CBC_BLOCK - 1) / MUTLS_CBC_BLOCK * MUTLS_CBC_BLOCK;
}

size_t mutls_rec_protected_max(const mutls_rec_dir *d, size_t pt_len)
{
    if (!d->active) {
        return pt_len;
    }
    if (is_aead(d->cipher)) {
        return mutls_rec_prefix_len(d) + pt_len + MUTLS_AEAD_TAG_LEN;
    }
    if (d->etm) {
        return MUTLS_CBC_BLOCK + round_block(pt_len + 1) + d->mac_len;
    }
    return MUTLS_CBC_BLOCK + round_block(pt_len + d->mac_len + 1);
}

size_t mutls_rec_fragment_limit(const mutls_rec_dir *d, size_t max_frag)
{
    size_t lim;

    if (!d->active) {
        return max_frag; /* RFC 5246 §6.2.1 */
    }
    if (is_aead(d->cipher)) {
        lim = mutls_rec_prefix_len(d) + max_frag + MUTLS_AEAD_TAG_LEN;
    } else {
        /* A peer may pad with up to 255 extra bytes (RFC 5246 §6.2.3.2). */
        lim = MUTLS_CBC_BLOCK + max_frag + d->mac_len + 256;
    }
    /* RFC 5246 §6.2.3: never more than 2^14 + 2048. */
    return lim < MUTLS_REC_MAX_CIPHERTEXT ? lim : MUTLS_REC_MAX_CIPHERTEXT;
}

/* ---------------------------------------------------------------- keys */

void mutls_rec_dir_clear(mutls_rec_dir *d)
{
    mutls_aead_free(d->aead);
    mutls_cbc_free(d->cbc);
    mutls_wipe(d, sizeof(*d));
}

static int check_keys(const mutls_rec_keys *k)
{
    size_t want =
        k->cipher == MUTLS_CIPHER_AES128_GCM || k->cipher == MUTLS_CIPHER_AES128_CBC ? 16 : 32;
    if (k->enc_key_len != want) {
        return MUTLS_ERR_BAD_ARGUMENT;
    }
    switch (k->cipher) {
    case MUTLS_CIPHER_AES128_GCM:
    case MUTLS_CIPHER_AES256_GCM:
        return k->iv_len == 4 ? 0 : MUTLS_ERR_BAD_ARGUMENT;
    case MUTLS_CIPHER_CHACHA20_POLY1305:
        return k->iv_len == 12 ? 0 : MUTLS_ERR_BAD_ARGUMENT;
    case MUTLS_CIPHER_AES128_CBC:
    case MUTLS_CIPHER_AES256_CBC:
        if (k->mac != MUTLS_HASH_SHA1 && k->mac != MUTLS_HASH_SHA256 &&
            k->mac != MUTLS_HASH_SHA384) {
            return MUTLS_ERR_BAD_ARGUMENT;
        }
        return k->mac_key_len == mutls_hash_len(k->mac) ? 0 : MUTLS_ERR_BAD_ARGUMENT;
    }
    return MUTLS_ERR_BAD_ARGUMENT;
}

int mutls_rec_dir_set(mutls_rec_dir *d, const mutls_rec_keys *k)
{
    mutls_aead *aead = NULL;
    mutls_cbc *cbc = NULL;

    if (k == NULL) {
        mutls_rec_dir_clear(d);
        return 0;
    }
    TRY(check_keys(k));
    if (is_aead(k->cipher)) {
        TRY(mutls_aead_new(&aead, k->cipher, k->enc_key, k->enc_key_len));
    } else {
        TRY(mutls_cbc_new(&cbc, k->cipher, k->enc_key, k->enc_key_len));
    }
    /* The new state is ready: only now drop the old one (RFC 5246 §6.1: the sequence
     * number restarts at 0 with every new connection state). */
    mutls_rec_dir_clear(d);
    d->active = 1;
    d->cipher = k->cipher;
    d->aead = aead;
    d->cbc = cbc;
    memcpy(d->iv, k->iv, sizeof(d->iv));
    if (cbc != NULL) {
        d->mac = k->mac;
        d->mac_len = mutls_hash_len(k->mac);
        d->etm = k->encrypt_then_mac != 0;
        memcpy(d->mac_key, k->mac_key, k->mac_key_len);
        d->mac_key_len = k->mac_key_len;
    }
    return 0;
}

/* ---------------------------------------------------------------- shared pieces */

/* The 13 bytes every MAC and AEAD covers (RFC 5246 §6.2.3.1/.3): seq, type, version,
 * length. */
static void pseudo_header(uint8_t out[13], uint64_t seq, uint8_t type, uint16_t version, size_t len)
{
    mutls_put_u64(out, seq);
    out[8] = type;
    mutls_put_u16(out + 9, version);
    mutls_put_u16(out + 11, (uint16_t)len);
}

static void aead_nonce(const mutls_rec_dir *d, const uint8_t explicit_part[8],
                       uint8_t nonce[MUTLS_AEAD_NONCE_LEN])
{
    uint8_t seq_be[8];
    size_t i;

    if (is_gcm(d->cipher)) {
        /* RFC 5288 §3: salt from the key block || explicit nonce from the record. */
        memcpy(nonce, d->iv, 4);
        memcpy(nonce + 4, explicit_part, 8);
        return;
    }
    /* RFC 7905 §2: the 64-bit sequence number, big-endian, left-padded with zeros to 96
     * bits, XORed with the 12-byte write IV. (Not libtomcrypt's helper: LIBTOMCRYPT.md 2.) */
    mutls_put_u64(seq_be, d->seq);
    memcpy(nonce, d->iv, MUTLS_AEAD_NONCE_LEN);
    for (i = 0; i < 8; i++) {
        nonce[4 + i] ^= seq_be[i];
    }
}

/* Takes the next sequence number, refusing to wrap (RFC 5246 §6.1). */
static int take_seq(mutls_rec_dir *d, uint64_t *seq)
{
    if (d->seq_exhausted) {
        return MUTLS_ERR_SEQUENCE_OVERFLOW;
    }
    *seq = d->seq;
    return 0;
}

static void advance_seq(mutls_rec_dir *d)
{
    if (d->seq == UINT64_MAX) {
        d->seq_exhausted = 1;
    } else {
        d->seq++;
    }
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

int mutls_rec_seal(mutls_rec_dir *d, uint8_t type, uint16_t version, const uint8_t *iv,
                   uint8_t *rec, size_t pt_len, size_t *rec_len)
{
    uint8_t *frag = rec + MUTLS_REC_HEADER_LEN;
    size_t prefix = mutls_rec_prefix_len(d);
    uint8_t *body = frag + prefix;
    uint8_t hdr[13], nonce[MUTLS_AEAD_NONCE_LEN];
    size_t frag_len, n;
    uint64_t seq;

    TRY(take_seq(d, &seq));
    if (!d->active) {
        frag_len = pt_len;
    } else if (is_aead(d->cipher)) {
        pseudo_header(hdr, seq, type, version, pt_len);
        if (is_gcm(d->cipher)) {
            /* RFC 5288 §3 lets the explicit nonce be the sequence number: unique per key. */
            mutls_put_u64(frag, seq);
        }
        aead_nonce(d, frag, nonce);
        TRY(mutls_aead_seal(d->aead, nonce, hdr, sizeof(hdr), body, pt_len, body + pt_len));
        frag_len = prefix + pt_len + MUTLS_AEAD_TAG_LEN;
    } else if (!d->etm) {
        /* MAC-then-encrypt: IV || E(plaintext || MAC || padding). */
        if (iv == NULL) {
            return MUTLS_ERR_INTERNAL;
        }
        memcpy(frag, iv, MUTLS_CBC_BLOCK);
        pseudo_header(hdr, seq, type, version, pt_len);
        TRY(mac_once(d, hdr, body, pt_len, body + pt_len));
        n = add_padding(body, pt_len + d->mac_len);
        TRY(mutls_cbc_encrypt(d->cbc, iv, body, n));
        frag_len = MUTLS_CBC_BLOCK + n;
    } else {
        /* RFC 7366 §3: IV || E(plaintext || padding), then the MAC over that. */
        if (iv == NULL) {
            return MUTLS_ERR_INTERNAL;
        }
        memcpy(frag, iv, MUTLS_CBC_BLOCK);
        n = add_padding(body, pt_len);
        TRY(mutls_cbc_encrypt(d->cbc, iv, body, n));
        frag_len = MUTLS_CBC_BLOCK + n;
        pseudo_header(hdr, seq, type, version, frag_len);
        TRY(mac_once(d, hdr, frag, frag_len, frag + frag_len));
        frag_len += d->mac_len;
    }
    rec[0] = type;
    mutls_put_u16(rec + 1, version);
    mutls_put_u16(rec + 3, (uint16_t)frag_len);
    *rec_len = MUTLS_REC_HEADER_LEN + frag_len;
    advance_seq(d);
    return 0;
}

/* ---------------------------------------------------------------- open */

static int open_aead(mutls_rec_dir *d, uint64_t seq, uint8_t type, uint16_t version, uint8_t *frag,
                     size_t frag_len, size_t *pt_off, size_t *pt_len)
{
    size_t prefix = mutls_rec_prefix_len(d);
    uint8_t hdr[13], nonce[MUTLS_AEAD_NONCE_LEN];
    mutls_rd r;
    mutls_slice explicit_part, ct, tag;
    size_t ct_len;

    if (frag_len < prefix + MUTLS_AEAD_TAG_LEN) {
        return MUTLS_ERR_BAD_RECORD_MAC;
    }
    ct_len = frag_len - prefix - MUTLS_AEAD_TAG_LEN;
    mutls_rd_init(&r, frag, frag_len);
    explicit_part = mutls_rd_bytes(&r, prefix);
    ct = mutls_rd_bytes(&r, ct_len);
    tag = mutls_rd_bytes(&r, MUTLS_AEAD_TAG_LEN);
    if (mutls_rd_end(&r) < 0) {
        return MUTLS_ERR_BAD_RECORD_MAC;
    }
    pseudo_header(hdr, seq, type, version, ct_len);
    aead_nonce(d, explicit_part.p, nonce);
    /* mutls_aead_open compares the tag in constant time and releases nothing on a
     * mismatch (LIBTOMCRYPT.md trap 1). */
    TRY(mutls_aead_open(d->aead, nonce, hdr, sizeof(hdr), frag + prefix, ct.len, tag.p));
    *pt_off = prefix;
    *pt_len = ct_len;
    return 0;
}

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

static int open_cbc_mte(mutls_rec_dir *d, uint64_t seq, uint8_t type, uint16_t version,
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
    pseudo_header(hdr, seq, type, version, len);
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

static int open_cbc_etm(mutls_rec_dir *d, uint64_t seq, uint8_t type, uint16_t version,
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
    pseudo_header(hdr, seq, type, version, clen);
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

int mutls_rec_open(mutls_rec_dir *d, uint8_t type, uint16_t version, uint8_t *frag, size_t frag_len,
                   size_t *pt_off, size_t *pt_len)
{
    uint64_t seq;
    int rc;

    TRY(take_seq(d, &seq));
    if (!d->active) {
        *pt_off = 0;
        *pt_len = frag_len;
        rc = 0;
    } else if (is_aead(d->cipher)) {
        rc = open_aead(d, seq, type, version, frag, frag_len, pt_off, pt_len);
    } else if (d->etm) {
        rc = open_cbc_etm(d, seq, type, version, frag, frag_len, pt_off, pt_len);
    } else {
        rc = open_cbc_mte(d, seq, type, version, frag, frag_len, pt_off, pt_len);
    }
    if (rc == 0) {
        advance_seq(d);
    }
    return rc;
}
