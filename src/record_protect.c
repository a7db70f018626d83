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
 * The CBC suites live in record_cbc.c (record_cbc.h), which the build option MUTLS_CBC=OFF
 * leaves out.
 */
#include "record_cbc.h"

#include <string.h>

#include "mem.h"

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
    if (!MUTLS_WITH_CBC || is_aead(d->cipher)) {
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
    if (!MUTLS_WITH_CBC || is_aead(d->cipher)) {
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
        return mutls_rec_cbc_check_keys(k);
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
        TRY(mutls_rec_cbc_new(&cbc, k));
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

void mutls_rec_pseudo_header(uint8_t out[13], uint64_t seq, uint8_t type, uint16_t version,
                             size_t len)
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

/* ---------------------------------------------------------------- seal */

int mutls_rec_seal(mutls_rec_dir *d, uint8_t type, uint16_t version, const uint8_t *iv,
                   uint8_t *rec, size_t pt_len, size_t *rec_len)
{
    uint8_t *frag = rec + MUTLS_REC_HEADER_LEN;
    size_t prefix = mutls_rec_prefix_len(d);
    uint8_t *body = frag + prefix;
    uint8_t hdr[13], nonce[MUTLS_AEAD_NONCE_LEN];
    size_t frag_len;
    uint64_t seq;

    TRY(take_seq(d, &seq));
    if (!d->active) {
        frag_len = pt_len;
    } else if (is_aead(d->cipher)) {
        mutls_rec_pseudo_header(hdr, seq, type, version, pt_len);
        if (is_gcm(d->cipher)) {
            /* RFC 5288 §3 lets the explicit nonce be the sequence number: unique per key. */
            mutls_put_u64(frag, seq);
        }
        aead_nonce(d, frag, nonce);
        TRY(mutls_aead_seal(d->aead, nonce, hdr, sizeof(hdr), body, pt_len, body + pt_len));
        frag_len = prefix + pt_len + MUTLS_AEAD_TAG_LEN;
    } else {
        TRY(mutls_rec_cbc_seal(d, seq, type, version, iv, frag, pt_len, &frag_len));
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
    mutls_rec_pseudo_header(hdr, seq, type, version, ct_len);
    aead_nonce(d, explicit_part.p, nonce);
    /* mutls_aead_open compares the tag in constant time and releases nothing on a
     * mismatch (LIBTOMCRYPT.md trap 1). */
    TRY(mutls_aead_open(d->aead, nonce, hdr, sizeof(hdr), frag + prefix, ct.len, tag.p));
    *pt_off = prefix;
    *pt_len = ct_len;
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
    } else {
        rc = mutls_rec_cbc_open(d, seq, type, version, frag, frag_len, pt_off, pt_len);
    }
    if (rc == 0) {
        advance_seq(d);
    }
    return rc;
}
