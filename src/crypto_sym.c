/* SPDX-License-Identifier: MIT */
/*
 * crypto_sym.c - the libtomcrypt provider, record protection: the AEAD ciphers (AES-GCM,
 * RFC 5288; ChaCha20-Poly1305, RFC 7905 and RFC 8439 §2.8), AES-CBC (RFC 5246 §6.2.3.2) and
 * the constant-time HMAC that checks a CBC record whose length is secret (RFC 7366 §1,
 * Lucky Thirteen). One of the provider's crypto*.c files, the only ones that include
 * tomcrypt.h; LIBTOMCRYPT.md traps 1, 2 and 6 are handled here (6 with crypto_ghash.c).
 */
#include <limits.h>
#include <string.h>

#include <tomcrypt.h>

#include "crypto.h"
#include "mem.h"

/* The constant-time HMAC and the CBC record cipher serve only the CBC suites: a build
 * without them (MUTLS_NO_CBC) leaves them out. AES-CBC decryption itself stays, for
 * encrypted PKCS#8 keys (keys.c). */
#ifndef MUTLS_NO_CBC

/* ------------------------------------------------------------ constant-time helpers */

#define SIZE_BITS (sizeof(size_t) * CHAR_BIT)

/* All ones when a == b, else 0, without a branch. */
static size_t ct_eq_mask(size_t a, size_t b)
{
    size_t x = a ^ b;

    return ((x | (0 - x)) >> (SIZE_BITS - 1)) - 1;
}

/* All ones when a < b (unsigned), else 0, without a branch. */
static size_t ct_lt_mask(size_t a, size_t b)
{
    return 0 - ((a ^ ((a ^ b) | ((a - b) ^ b))) >> (SIZE_BITS - 1));
}

/* ------------------------------------------------------------ constant-time HMAC */

/* Shape of a Merkle-Damgard hash for the block-by-block inner hash below. */
typedef struct ct_shape {
    size_t block;    /* bytes per compression */
    size_t lenfield; /* bytes of the trailing bit-length field */
    size_t words;    /* chaining words */
    size_t wbytes;   /* bytes per chaining word */
} ct_shape;

static int ct_shape_of(mutls_hash_alg alg, ct_shape *s)
{
    switch (alg) {
    case MUTLS_HASH_SHA1:
        *s = (ct_shape){64, 8, 5, 4};
        return 0;
    case MUTLS_HASH_SHA224:
    case MUTLS_HASH_SHA256:
        *s = (ct_shape){64, 8, 8, 4};
        return 0;
    case MUTLS_HASH_SHA384:
    case MUTLS_HASH_SHA512:
        *s = (ct_shape){128, 16, 8, 8};
        return 0;
    default:
        return MUTLS_ERR_CRYPTO_UNSUPPORTED;
    }
}

/* The chaining value after the last whole block libtomcrypt compressed. */
static uint64_t chain_word(const hash_state *st, mutls_hash_alg alg, size_t i)
{
    switch (alg) {
    case MUTLS_HASH_SHA1:
        return st->sha1.state[i];
    case MUTLS_HASH_SHA224:
    case MUTLS_HASH_SHA256:
        return st->sha256.state[i];
    default:
        return st->sha512.state[i];
    }
}

/*
 * How it stays constant-time: the inner hash is (K ^ ipad) || hdr || data || padding, and
 * only the position of the padding depends on the secret len. We build every block of the
 * longest possible message (len = max_len) byte by byte; each byte is the data byte, the 0x80
 * marker or zero, chosen with masks from its position compared to hdr_len + len; the bit
 * length goes into the last bytes of the one block where the real message ends, again chosen
 * with a mask. Each block is handed to libtomcrypt as exactly one whole block (one
 * compression, no buffering), and after each we fold the chaining value into the result
 * under a mask that is all ones only for the real final block. So the compressions, the
 * bytes of data read (all max_len of them) and the branches depend only on hdr_len, min_len
 * and max_len. The public min_len lets the blocks that are data for every candidate len skip
 * the masks (they cost ~10 ns a byte), which keeps a CBC record near the raw primitive's speed.
 * The outer hash has a fixed-length input and needs no care.
 */
int mutls_hmac_ct(mutls_hash_alg alg, const uint8_t *key, size_t keylen, const uint8_t *hdr,
                  size_t hdr_len, const uint8_t *data, size_t len, size_t min_len, size_t max_len,
                  uint8_t *out)
{
    mutls_hmac m;
    ct_shape sh;
    uint64_t cap[8];
    uint8_t block[MUTLS_HASH_BLOCK_MAX];
    uint8_t inner[MUTLS_HASH_MAX];
    size_t hlen = mutls_hash_len(alg);
    size_t end, final_block, last_block, first_block, i, q, w;
    uint64_t bits;
    int rc;

    TRY(ct_shape_of(alg, &sh));
    /* len < min_len is a caller bug, never a property of the record: min_len is a public
     * bound, so this test says nothing about the secret. */
    if (len > max_len || len < min_len || max_len > (SIZE_MAX >> 8) ||
        hdr_len > (SIZE_MAX >> 8)) {
        return MUTLS_ERR_BAD_ARGUMENT;
    }
    TRY(mutls_hmac_init(&m, alg, key, keylen));
    memset(cap, 0, sizeof(cap));

    /* The first hdr_len + min_len bytes are message bytes whatever len is, so every whole
     * block inside them is hashed the ordinary way; only the blocks after them (at most
     * 256 + one block of data for TLS CBC) go through the masked loop. */
    first_block = (hdr_len + min_len) / sh.block; /* public: blocks hashed directly */
    q = first_block * sh.block;                   /* their byte count */
    rc = mutls_hash_update(&m.inner, hdr, q < hdr_len ? q : hdr_len);
    if (rc == 0 && q > hdr_len) {
        rc = mutls_hash_update(&m.inner, data, q - hdr_len);
    }

    /* Positions count from the end of the key block (already compressed by hmac_init). */
    end = hdr_len + len;                                     /* secret: where 0x80 goes */
    final_block = (sh.block + end + sh.lenfield) / sh.block; /* secret: 1-based block index */
    last_block = (sh.block + hdr_len + max_len + sh.lenfield) / sh.block; /* public */
    bits = (uint64_t)(sh.block + end) * 8;

    for (i = first_block + 1; i <= last_block && rc == 0; i++) {
        size_t is_final = ct_eq_mask(i, final_block);

        for (q = 0; q < sh.block; q++) {
            size_t pos = (i - 1) * sh.block + q;
            uint8_t b = 0;

            /* These two branches test only public positions. */
            if (pos < hdr_len) {
                b = hdr[pos];
            } else if (pos - hdr_len < max_len) {
                b = data[pos - hdr_len];
            }
            b = (uint8_t)((b & ct_lt_mask(pos, end)) | (0x80 & ct_eq_mask(pos, end)));
            if (q >= sh.block - sh.lenfield) {
                size_t from_end = sh.block - 1 - q;
                uint8_t lb = from_end < 8 ? (uint8_t)(bits >> (8 * from_end)) : 0;
                b = (uint8_t)((b & ~is_final) | (lb & is_final));
            }
            block[q] = b;
        }
        rc = mutls_hash_update(&m.inner, block, sh.block);
        for (w = 0; w < sh.words; w++) {
            /* Widen the mask by its low bit: casting a 32-bit size_t mask to 64 bits
             * would clear the top half of every SHA-384/512 word. */
            cap[w] |= chain_word((const hash_state *)(const void *)m.inner.opaque, alg, w) &
                      (0 - (uint64_t)(is_final & 1));
        }
    }
    if (rc == 0) {
        for (q = 0; q < hlen; q++) {
            size_t word = q / sh.wbytes;
            size_t shift = 8 * (sh.wbytes - 1 - q % sh.wbytes);
            inner[q] = (uint8_t)(cap[word] >> shift);
        }
        rc = mutls_hash_update(&m.outer, inner, hlen);
    }
    if (rc == 0) {
        rc = mutls_hash_final(&m.outer, out);
    }
    mutls_wipe(&m, sizeof(m));
    mutls_wipe(cap, sizeof(cap));
    mutls_wipe(block, sizeof(block));
    mutls_wipe(inner, sizeof(inner));
    return rc;
}

#endif /* !MUTLS_NO_CBC */

/* ------------------------------------------------------------ AEAD */

/*
 * AES-GCM: libtomcrypt's AES key schedule, our own CTR loop and our own GHASH
 * (crypto_ghash.c, 4 KiB of tables per key instead of gcm_state's 64 KiB: LIBTOMCRYPT.md trap 6).
 * Own CTR because libtomcrypt's ctr_encrypt spends ~60 instructions a block on bookkeeping
 * around the AES call (buffered partial blocks, a generic counter), ~8% of a record; the loop
 * below spends ~20.
 */
typedef struct gcm_key {
    symmetric_key aes;  /* expanded once per direction */
    int cipher;         /* libtomcrypt's AES descriptor index */
    mutls_ghash_key gh; /* 4 KiB */
} gcm_key;

struct mutls_aead {
    mutls_cipher cipher;
    gcm_key *gcm;    /* ~8.4 KB with Debian's libtomcrypt (AES-GCM only) */
    uint8_t key[32]; /* ChaCha20-Poly1305 key, set up again per record (cheap) */
    chacha20poly1305_state cp;
};

static int gcm_key_set(gcm_key *g, const uint8_t *key, size_t keylen)
{
    uint8_t zero[16] = {0}, h[16];
    int err;

    g->cipher = mutls_crypto_aes_index();
    err = cipher_descriptor[g->cipher].setup(key, (int)keylen, 0, &g->aes);
    if (err == CRYPT_OK) {
        /* H = E_K(0^128) (SP 800-38D §7.1 step 1). */
        err = cipher_descriptor[g->cipher].ecb_encrypt(zero, h, &g->aes);
    }
    if (err == CRYPT_OK) {
        mutls_ghash_init(&g->gh, h);
    }
    mutls_wipe(h, sizeof(h));
    return mutls_crypto_err(err);
}

#define GCM_SLICE 1024 /* a multiple of 16: only the record's last slice may be partial */

/* XOR @p len bytes of keystream into @p buf; @p cb is the counter block, its last 32 bits a
 * big-endian counter that wraps alone (SP 800-38D §6.2, inc32). */
static int gcm_ctr(gcm_key *g, uint8_t cb[16], uint8_t *buf, size_t len)
{
    int (*ecb)(const unsigned char *, unsigned char *, symmetric_key *) =
        cipher_descriptor[g->cipher].ecb_encrypt;
    uint32_t ctr = (uint32_t)cb[12] << 24 | (uint32_t)cb[13] << 16 | (uint32_t)cb[14] << 8 | cb[15];
    uint8_t ks[16];
    uint64_t k0, k1, d0, d1;
    size_t i, n;
    int err = CRYPT_OK;

    while (len > 0 && err == CRYPT_OK) {
        err = ecb(cb, ks, &g->aes);
        ctr++;
        cb[12] = (uint8_t)(ctr >> 24);
        cb[13] = (uint8_t)(ctr >> 16);
        cb[14] = (uint8_t)(ctr >> 8);
        cb[15] = (uint8_t)ctr;
        if (len >= 16) {
            /* Native-order words: XOR does not care about byte order. */
            memcpy(&k0, ks, 8);
            memcpy(&k1, ks + 8, 8);
            memcpy(&d0, buf, 8);
            memcpy(&d1, buf + 8, 8);
            d0 ^= k0;
            d1 ^= k1;
            memcpy(buf, &d0, 8);
            memcpy(buf + 8, &d1, 8);
            n = 16;
        } else {
            for (i = 0; i < len; i++) {
                buf[i] ^= ks[i];
            }
            n = len;
        }
        buf += n;
        len -= n;
    }
    mutls_wipe(ks, sizeof(ks));
    return err;
}

/* One AES-GCM record with a 96-bit nonce (SP 800-38D §7.1, §7.2): J0 = nonce || 1, the
 * keystream starts at J0 + 1, the tag is GHASH(A, C, lengths) xor E_K(J0). */
static int gcm_run(gcm_key *g, const uint8_t nonce[MUTLS_AEAD_NONCE_LEN], const uint8_t *aad,
                   size_t aad_len, uint8_t *buf, size_t len, uint8_t tag_out[MUTLS_AEAD_TAG_LEN],
                   int decrypt)
{
    uint8_t cb[16], mask[16], lens[16];
    mutls_ghash_elt y = {0, 0};
    size_t i, off, n;
    int err;

    memcpy(cb, nonce, MUTLS_AEAD_NONCE_LEN);
    memset(cb + MUTLS_AEAD_NONCE_LEN, 0, sizeof(cb) - MUTLS_AEAD_NONCE_LEN);
    cb[15] = 1;
    err = cipher_descriptor[g->cipher].ecb_encrypt(cb, mask, &g->aes);
    cb[15] = 2;
    mutls_ghash_update(&g->gh, &y, aad, aad_len);
    /* In slices, so each slice is still in L1 when the second pass reads it; GHASH always
     * reads the ciphertext. */
    for (off = 0; off < len && err == CRYPT_OK; off += n) {
        n = len - off < GCM_SLICE ? len - off : GCM_SLICE;
        if (decrypt) {
            mutls_ghash_update(&g->gh, &y, buf + off, n);
            err = gcm_ctr(g, cb, buf + off, n);
        } else {
            err = gcm_ctr(g, cb, buf + off, n);
            mutls_ghash_update(&g->gh, &y, buf + off, n);
        }
    }
    if (err == CRYPT_OK) {
        mutls_ghash_store((mutls_ghash_elt){(uint64_t)aad_len * 8, (uint64_t)len * 8}, lens);
        mutls_ghash_update(&g->gh, &y, lens, sizeof(lens));
        mutls_ghash_store(y, tag_out);
        for (i = 0; i < MUTLS_AEAD_TAG_LEN; i++) {
            tag_out[i] ^= mask[i];
        }
    }
    mutls_wipe(mask, sizeof(mask));
    mutls_wipe(&y, sizeof(y));
    return mutls_crypto_err(err);
}

int mutls_aead_new(mutls_aead **out, mutls_cipher cipher, const uint8_t *key, size_t keylen)
{
    mutls_aead *a;
    int rc = MUTLS_ERR_INTERNAL;

    *out = NULL;
    TRY(mutls_crypto_init());
    switch (cipher) {
    case MUTLS_CIPHER_AES128_GCM:
        rc = keylen == 16 ? 0 : MUTLS_ERR_BAD_ARGUMENT;
        break;
    case MUTLS_CIPHER_AES256_GCM:
    case MUTLS_CIPHER_CHACHA20_POLY1305:
        rc = keylen == 32 ? 0 : MUTLS_ERR_BAD_ARGUMENT;
        break;
    default:
        rc = MUTLS_ERR_CRYPTO_UNSUPPORTED;
        break;
    }
    TRY(rc);
    a = mutls_alloc(sizeof(*a));
    if (a == NULL) {
        return MUTLS_ERR_NO_MEMORY;
    }
    a->cipher = cipher;
    if (cipher == MUTLS_CIPHER_CHACHA20_POLY1305) {
        memcpy(a->key, key, keylen);
        *out = a;
        return 0;
    }
    a->gcm = mutls_alloc(sizeof(*a->gcm));
    if (a->gcm == NULL) {
        mutls_aead_free(a);
        return MUTLS_ERR_NO_MEMORY;
    }
    rc = gcm_key_set(a->gcm, key, keylen);
    if (rc < 0) {
        mutls_aead_free(a);
        return rc;
    }
    *out = a;
    return 0;
}

void mutls_aead_free(mutls_aead *a)
{
    if (a == NULL) {
        return;
    }
    mutls_free_secret(a->gcm, sizeof(*a->gcm));
    mutls_free_secret(a, sizeof(*a));
}

/* Run one record through the cipher; @p tag_out receives the computed tag. */
static int aead_run(mutls_aead *a, const uint8_t nonce[MUTLS_AEAD_NONCE_LEN], const uint8_t *aad,
                    size_t aad_len, uint8_t *buf, size_t len, uint8_t tag_out[MUTLS_AEAD_TAG_LEN],
                    int decrypt)
{
    unsigned long taglen = MUTLS_AEAD_TAG_LEN;
    int err;

    if (a->cipher != MUTLS_CIPHER_CHACHA20_POLY1305) {
        return gcm_run(a->gcm, nonce, aad, aad_len, buf, len, tag_out, decrypt);
    }
    /* The caller built the RFC 7905 §2 nonce; _setiv_rfc7905 would mix the sequence number
     * in little-endian (LIBTOMCRYPT.md trap 2), so we never use it. */
    err = chacha20poly1305_init(&a->cp, a->key, 32);
    if (err == CRYPT_OK) {
        err = chacha20poly1305_setiv(&a->cp, nonce, MUTLS_AEAD_NONCE_LEN);
    }
    if (err == CRYPT_OK && aad_len > 0) {
        err = chacha20poly1305_add_aad(&a->cp, aad, aad_len);
    }
    if (err == CRYPT_OK && len > 0) {
        err = decrypt ? chacha20poly1305_decrypt(&a->cp, buf, len, buf)
                      : chacha20poly1305_encrypt(&a->cp, buf, len, buf);
    } else if (err == CRYPT_OK && a->cp.aadflg && aad_len % 16 != 0) {
        /* RFC 8439 §2.8 pads the AAD to 16 bytes even when no ciphertext follows, but
         * libtomcrypt 1.18.2 pads it only inside encrypt/decrypt, which do nothing for an
         * empty record; so an empty record got a wrong tag. Pad here instead. */
        static const uint8_t zeros[16];
        err = poly1305_process(&a->cp.poly, zeros, 16 - aad_len % 16);
        a->cp.aadflg = 0;
    }
    if (err == CRYPT_OK) {
        err = chacha20poly1305_done(&a->cp, tag_out, &taglen);
    }
    mutls_wipe(&a->cp, sizeof(a->cp));
    if (err == CRYPT_OK && taglen != MUTLS_AEAD_TAG_LEN) {
        err = CRYPT_ERROR;
    }
    return mutls_crypto_err(err);
}

int mutls_aead_seal(mutls_aead *a, const uint8_t nonce[MUTLS_AEAD_NONCE_LEN], const uint8_t *aad,
                    size_t aad_len, uint8_t *buf, size_t len, uint8_t tag[MUTLS_AEAD_TAG_LEN])
{
    int rc;

    if (a == NULL) {
        return MUTLS_ERR_BAD_ARGUMENT;
    }
    rc = aead_run(a, nonce, aad, aad_len, buf, len, tag, 0);
    if (rc < 0) {
        mutls_wipe(buf, len);
        mutls_wipe(tag, MUTLS_AEAD_TAG_LEN);
    }
    return rc;
}

int mutls_aead_open(mutls_aead *a, const uint8_t nonce[MUTLS_AEAD_NONCE_LEN], const uint8_t *aad,
                    size_t aad_len, uint8_t *buf, size_t len, const uint8_t tag[MUTLS_AEAD_TAG_LEN])
{
    uint8_t computed[MUTLS_AEAD_TAG_LEN];
    int rc;

    if (a == NULL) {
        return MUTLS_ERR_BAD_ARGUMENT;
    }
    /* libtomcrypt's decrypt modes never compare tags (LIBTOMCRYPT.md trap 1): compute the tag
     * into our own buffer and compare it in constant time; RFC 5246 §6.2.3.3 wants
     * bad_record_mac and no plaintext on a mismatch. */
    rc = aead_run(a, nonce, aad, aad_len, buf, len, computed, 1);
    if (rc == 0 && mutls_ct_neq(computed, tag, MUTLS_AEAD_TAG_LEN) != 0) {
        rc = MUTLS_ERR_BAD_RECORD_MAC;
    }
    if (rc < 0) {
        mutls_wipe(buf, len);
    }
    mutls_wipe(computed, sizeof(computed));
    return rc;
}

/* ------------------------------------------------------------ CBC */

struct mutls_cbc {
    symmetric_CBC cbc; /* key schedule made once in mutls_cbc_new */
};

void mutls_cbc_free(mutls_cbc *c)
{
    mutls_free_secret(c, sizeof(*c));
}

static int cbc_run(mutls_cbc *c, const uint8_t iv[MUTLS_CBC_BLOCK], uint8_t *buf, size_t len,
                   int decrypt)
{
    int err;

    if (c == NULL || len % MUTLS_CBC_BLOCK != 0) {
        return MUTLS_ERR_BAD_ARGUMENT;
    }
    err = cbc_setiv(iv, MUTLS_CBC_BLOCK, &c->cbc);
    if (err == CRYPT_OK && len > 0) {
        err = decrypt ? cbc_decrypt(buf, buf, len, &c->cbc) : cbc_encrypt(buf, buf, len, &c->cbc);
    }
    return mutls_crypto_err(err);
}

/* The record layer's CBC (MUTLS_NO_CBC leaves the CBC suites out). */
#ifndef MUTLS_NO_CBC
int mutls_cbc_new(mutls_cbc **out, mutls_cipher cipher, const uint8_t *key, size_t keylen)
{
    static const uint8_t zero_iv[MUTLS_CBC_BLOCK];
    mutls_cbc *c;
    int rc;

    *out = NULL;
    TRY(mutls_crypto_init());
    if (cipher != MUTLS_CIPHER_AES128_CBC && cipher != MUTLS_CIPHER_AES256_CBC) {
        return MUTLS_ERR_CRYPTO_UNSUPPORTED;
    }
    if (keylen != (cipher == MUTLS_CIPHER_AES128_CBC ? 16u : 32u)) {
        return MUTLS_ERR_BAD_ARGUMENT;
    }
    c = mutls_alloc(sizeof(*c));
    if (c == NULL) {
        return MUTLS_ERR_NO_MEMORY;
    }
    rc = mutls_crypto_err(
        cbc_start(mutls_crypto_aes_index(), zero_iv, key, (int)keylen, 0, &c->cbc));
    if (rc < 0) {
        mutls_cbc_free(c);
        return rc;
    }
    *out = c;
    return 0;
}

int mutls_cbc_encrypt(mutls_cbc *c, const uint8_t iv[MUTLS_CBC_BLOCK], uint8_t *buf, size_t len)
{
    return cbc_run(c, iv, buf, len, 0);
}

int mutls_cbc_decrypt(mutls_cbc *c, const uint8_t iv[MUTLS_CBC_BLOCK], uint8_t *buf, size_t len)
{
    return cbc_run(c, iv, buf, len, 1);
}

#endif /* !MUTLS_NO_CBC */

int mutls_aes_cbc_decrypt_once(const uint8_t *key, size_t keylen, const uint8_t iv[16],
                               uint8_t *buf, size_t len)
{
    mutls_cbc *c;
    int rc;

    TRY(mutls_crypto_init());
    /* PKCS#8 encryption (RFC 8018 §B.2.2 via PBES2) may use any of the three AES key sizes. */
    if (keylen != 16 && keylen != 24 && keylen != 32) {
        return MUTLS_ERR_CRYPTO_UNSUPPORTED;
    }
    c = mutls_alloc(sizeof(*c));
    if (c == NULL) {
        return MUTLS_ERR_NO_MEMORY;
    }
    rc = mutls_crypto_err(cbc_start(mutls_crypto_aes_index(), iv, key, (int)keylen, 0, &c->cbc));
    if (rc == 0) {
        rc = cbc_run(c, iv, buf, len, 1);
    }
    mutls_cbc_free(c);
    return rc;
}
