/* SPDX-License-Identifier: MIT */
/*
 * crypto_sym.c - the libtomcrypt provider, record protection: the AEAD ciphers (AES-GCM,
 * RFC 5288; ChaCha20-Poly1305, RFC 7905 and RFC 8439 §2.8), AES-CBC (RFC 5246 §6.2.3.2) and
 * the constant-time HMAC that checks a CBC record whose length is secret (RFC 7366 §1,
 * Lucky Thirteen). One of the provider's crypto*.c files, the only ones that include
 * tomcrypt.h; LIBTOMCRYPT.md traps 1, 2 and 6 are handled here.
 */
#include <limits.h>
#include <string.h>

#include <tomcrypt.h>

#include "crypto.h"
#include "mem.h"

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
 * bytes of data read (all max_len of them) and the branches depend only on hdr_len and
 * max_len. The outer hash has a fixed-length input and needs no care.
 */
int mutls_hmac_ct(mutls_hash_alg alg, const uint8_t *key, size_t keylen, const uint8_t *hdr,
                  size_t hdr_len, const uint8_t *data, size_t len, size_t max_len, uint8_t *out)
{
    mutls_hmac m;
    ct_shape sh;
    uint64_t cap[8];
    uint8_t block[MUTLS_HASH_BLOCK_MAX];
    uint8_t inner[MUTLS_HASH_MAX];
    size_t hlen = mutls_hash_len(alg);
    size_t end, final_block, last_block, i, q, w;
    uint64_t bits;
    int rc;

    TRY(ct_shape_of(alg, &sh));
    if (len > max_len || max_len > (SIZE_MAX >> 8) || hdr_len > (SIZE_MAX >> 8)) {
        return MUTLS_ERR_BAD_ARGUMENT;
    }
    TRY(mutls_hmac_init(&m, alg, key, keylen));
    memset(cap, 0, sizeof(cap));

    /* Positions count from the end of the key block (already compressed by hmac_init). */
    end = hdr_len + len;                                     /* secret: where 0x80 goes */
    final_block = (sh.block + end + sh.lenfield) / sh.block; /* secret: 1-based block index */
    last_block = (sh.block + hdr_len + max_len + sh.lenfield) / sh.block; /* public */
    bits = (uint64_t)(sh.block + end) * 8;

    rc = 0;
    for (i = 1; i <= last_block && rc == 0; i++) {
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
            cap[w] |= chain_word((const hash_state *)(const void *)m.inner.opaque, alg, w) &
                      (uint64_t)is_final;
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

/* ------------------------------------------------------------ AEAD */

struct mutls_aead {
    mutls_cipher cipher;
    gcm_state *gcm;  /* 69,904 bytes, allocated once (LIBTOMCRYPT.md trap 6) */
    uint8_t key[32]; /* ChaCha20-Poly1305 key, set up again per record (cheap) */
    chacha20poly1305_state cp;
};

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
    rc = mutls_crypto_err(gcm_init(a->gcm, mutls_crypto_aes_index(), key, (int)keylen));
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

    if (a->cipher == MUTLS_CIPHER_CHACHA20_POLY1305) {
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
    } else {
        err = gcm_reset(a->gcm);
        if (err == CRYPT_OK) {
            err = gcm_add_iv(a->gcm, nonce, MUTLS_AEAD_NONCE_LEN);
        }
        if (err == CRYPT_OK) {
            err = gcm_add_aad(a->gcm, aad_len > 0 ? aad : NULL, aad_len);
        }
        if (err == CRYPT_OK && len > 0) {
            err = gcm_process(a->gcm, buf, len, buf, decrypt ? GCM_DECRYPT : GCM_ENCRYPT);
        }
        if (err == CRYPT_OK) {
            err = gcm_done(a->gcm, tag_out, &taglen);
        }
    }
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

int mutls_cbc_encrypt(mutls_cbc *c, const uint8_t iv[MUTLS_CBC_BLOCK], uint8_t *buf, size_t len)
{
    return cbc_run(c, iv, buf, len, 0);
}

int mutls_cbc_decrypt(mutls_cbc *c, const uint8_t iv[MUTLS_CBC_BLOCK], uint8_t *buf, size_t len)
{
    return cbc_run(c, iv, buf, len, 1);
}

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
