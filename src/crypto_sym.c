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

/* ------------------------------------------------------------ GHASH without the 64 KiB table */

/*
 * libtomcrypt's gcm_state carries a 64 KiB multiplication table (LIBTOMCRYPT.md trap 6): 69,904
 * bytes per direction, more than the rest of a connection together. We keep libtomcrypt's AES
 * (its CTR mode for the keystream, one ECB block for the tag mask) and do GHASH ourselves
 * (NIST SP 800-38D §6.4, RFC 5288) with Shoup's method on 8-bit digits: 256 multiples of H
 * and 256 of H^2 (8 KiB) per key, and one shared 512-byte reduction table. What was measured
 * (README "GCM memory"): 4-bit digits (256 bytes per key) ran at ~0.5-0.7x libtomcrypt's GCM on a
 * 16 KiB record, 8-bit digits at ~0.75-0.85x, with the H^2 table (two blocks at a time) and the
 * reduction table at ~0.9-0.95x; calling gcm_init per record instead of keeping libtomcrypt's
 * table would cost ~46-70 us, about as much as sealing the 16 KiB record itself.
 *
 * Timing: the tables are indexed by bytes of the running hash, which depend on H, so like
 * libtomcrypt's own GHASH (and its table-driven AES) this is not constant-time against a
 * cache-timing attacker on the same machine; the tables span 136 cache lines instead of 1,024.
 *
 * Representation: a field element is two 64-bit words (bytes 0..7 and 8..15, big-endian), so
 * the coefficient of x^0 is the top bit of hi, and multiplying by x is a right shift.
 */
typedef struct ghash_elt {
    uint64_t hi, lo; /* together, so one lookup touches one cache line */
} ghash_elt;

/* Multiples of H and of H^2: two blocks are hashed as (Y ^ X1) * H^2 ^ X2 * H, two independent
 * multiplications the processor overlaps, which nearly doubles the speed of a record. */
typedef struct ghash_key {
    ghash_elt h1[256];
    ghash_elt h2[256];
} ghash_key;

static uint64_t load_be64(const uint8_t *p)
{
    uint64_t v = 0;
    size_t i;

    for (i = 0; i < 8; i++) {
        v = (v << 8) | p[i];
    }
    return v;
}

static void store_be64(uint8_t *p, uint64_t v)
{
    size_t i;

    for (i = 8; i-- > 0;) {
        p[i] = (uint8_t)v;
        v >>= 8;
    }
}

/* Entry n is the sum of V*x^k for the bits of n, the top bit (0x80) standing for k = 0. */
static void ghash_table_init(ghash_elt m[256], ghash_elt v)
{
    size_t i, j;

    m[0] = (ghash_elt){0, 0};
    m[0x80] = v;
    for (i = 0x40; i > 0; i >>= 1) {
        uint64_t carry = v.lo & 1;

        v.lo = (v.lo >> 1) | (v.hi << 63);
        v.hi = (v.hi >> 1) ^ ((uint64_t)0xe1 << 56 & (0 - carry));
        m[i] = v;
    }
    for (i = 2; i < 256; i <<= 1) {
        for (j = 1; j < i; j++) {
            m[i + j].hi = m[i].hi ^ m[j].hi;
            m[i + j].lo = m[i].lo ^ m[j].lo;
        }
    }
}

/* x^128 = x^7 + x^2 + x + 1 (0xe1 in our bit order): the 8 bits shifted out of z by z * x^8
 * stand for x^128..x^135 and fold back into the top 16 bits of hi as entry [bits] here, their
 * carry-less product with 0xe1 shifted up by one (a table: measured ~10% faster than computing
 * it, and indexed like the multiples table, see "Timing" above). */
static const uint16_t ghash_reduce8[256] = {
    0x0000, 0x01c2, 0x0384, 0x0246, 0x0708, 0x06ca, 0x048c, 0x054e,
    0x0e10, 0x0fd2, 0x0d94, 0x0c56, 0x0918, 0x08da, 0x0a9c, 0x0b5e,
    0x1c20, 0x1de2, 0x1fa4, 0x1e66, 0x1b28, 0x1aea, 0x18ac, 0x196e,
    0x1230, 0x13f2, 0x11b4, 0x1076, 0x1538, 0x14fa, 0x16bc, 0x177e,
    0x3840, 0x3982, 0x3bc4, 0x3a06, 0x3f48, 0x3e8a, 0x3ccc, 0x3d0e,
    0x3650, 0x3792, 0x35d4, 0x3416, 0x3158, 0x309a, 0x32dc, 0x331e,
    0x2460, 0x25a2, 0x27e4, 0x2626, 0x2368, 0x22aa, 0x20ec, 0x212e,
    0x2a70, 0x2bb2, 0x29f4, 0x2836, 0x2d78, 0x2cba, 0x2efc, 0x2f3e,
    0x7080, 0x7142, 0x7304, 0x72c6, 0x7788, 0x764a, 0x740c, 0x75ce,
    0x7e90, 0x7f52, 0x7d14, 0x7cd6, 0x7998, 0x785a, 0x7a1c, 0x7bde,
    0x6ca0, 0x6d62, 0x6f24, 0x6ee6, 0x6ba8, 0x6a6a, 0x682c, 0x69ee,
    0x62b0, 0x6372, 0x6134, 0x60f6, 0x65b8, 0x647a, 0x663c, 0x67fe,
    0x48c0, 0x4902, 0x4b44, 0x4a86, 0x4fc8, 0x4e0a, 0x4c4c, 0x4d8e,
    0x46d0, 0x4712, 0x4554, 0x4496, 0x41d8, 0x401a, 0x425c, 0x439e,
    0x54e0, 0x5522, 0x5764, 0x56a6, 0x53e8, 0x522a, 0x506c, 0x51ae,
    0x5af0, 0x5b32, 0x5974, 0x58b6, 0x5df8, 0x5c3a, 0x5e7c, 0x5fbe,
    0xe100, 0xe0c2, 0xe284, 0xe346, 0xe608, 0xe7ca, 0xe58c, 0xe44e,
    0xef10, 0xeed2, 0xec94, 0xed56, 0xe818, 0xe9da, 0xeb9c, 0xea5e,
    0xfd20, 0xfce2, 0xfea4, 0xff66, 0xfa28, 0xfbea, 0xf9ac, 0xf86e,
    0xf330, 0xf2f2, 0xf0b4, 0xf176, 0xf438, 0xf5fa, 0xf7bc, 0xf67e,
    0xd940, 0xd882, 0xdac4, 0xdb06, 0xde48, 0xdf8a, 0xddcc, 0xdc0e,
    0xd750, 0xd692, 0xd4d4, 0xd516, 0xd058, 0xd19a, 0xd3dc, 0xd21e,
    0xc560, 0xc4a2, 0xc6e4, 0xc726, 0xc268, 0xc3aa, 0xc1ec, 0xc02e,
    0xcb70, 0xcab2, 0xc8f4, 0xc936, 0xcc78, 0xcdba, 0xcffc, 0xce3e,
    0x9180, 0x9042, 0x9204, 0x93c6, 0x9688, 0x974a, 0x950c, 0x94ce,
    0x9f90, 0x9e52, 0x9c14, 0x9dd6, 0x9898, 0x995a, 0x9b1c, 0x9ade,
    0x8da0, 0x8c62, 0x8e24, 0x8fe6, 0x8aa8, 0x8b6a, 0x892c, 0x88ee,
    0x83b0, 0x8272, 0x8034, 0x81f6, 0x84b8, 0x857a, 0x873c, 0x86fe,
    0xa9c0, 0xa802, 0xaa44, 0xab86, 0xaec8, 0xaf0a, 0xad4c, 0xac8e,
    0xa7d0, 0xa612, 0xa454, 0xa596, 0xa0d8, 0xa11a, 0xa35c, 0xa29e,
    0xb5e0, 0xb422, 0xb664, 0xb7a6, 0xb2e8, 0xb32a, 0xb16c, 0xb0ae,
    0xbbf0, 0xba32, 0xb874, 0xb9b6, 0xbcf8, 0xbd3a, 0xbf7c, 0xbebe,
};

/* z = z * x^8 + M[n]. */
#define GHASH_STEP(m, z, n)                                                                        \
    do {                                                                                           \
        uint64_t rem_ = (z).lo & 0xff;                                                             \
        (z).lo = ((z).lo >> 8) | ((z).hi << 56);                                                   \
        (z).hi = ((z).hi >> 8) ^ ((uint64_t)ghash_reduce8[rem_] << 48);                           \
        (z).hi ^= (m)[(n)].hi;                                                                     \
        (z).lo ^= (m)[(n)].lo;                                                                     \
    } while (0)

/* x * V, where m holds the multiples of V; Horner's rule from the x^127 end (the last byte). */
static ghash_elt ghash_mul(const ghash_elt m[256], ghash_elt x)
{
    ghash_elt z = m[x.lo & 0xff];
    int i;

    for (i = 8; i < 64; i += 8) {
        GHASH_STEP(m, z, (x.lo >> i) & 0xff);
    }
    for (i = 0; i < 64; i += 8) {
        GHASH_STEP(m, z, (x.hi >> i) & 0xff);
    }
    return z;
}

/* a * H^2 ^ b * H, the two chains interleaved. */
static ghash_elt ghash_mul2(const ghash_key *t, ghash_elt a, ghash_elt b)
{
    ghash_elt za = t->h2[a.lo & 0xff], zb = t->h1[b.lo & 0xff];
    int i;

    for (i = 8; i < 64; i += 8) {
        GHASH_STEP(t->h2, za, (a.lo >> i) & 0xff);
        GHASH_STEP(t->h1, zb, (b.lo >> i) & 0xff);
    }
    for (i = 0; i < 64; i += 8) {
        GHASH_STEP(t->h2, za, (a.hi >> i) & 0xff);
        GHASH_STEP(t->h1, zb, (b.hi >> i) & 0xff);
    }
    return (ghash_elt){za.hi ^ zb.hi, za.lo ^ zb.lo};
}

static void ghash_key_init(ghash_key *t, const uint8_t h[16])
{
    ghash_elt v = {load_be64(h), load_be64(h + 8)};

    ghash_table_init(t->h1, v);
    ghash_table_init(t->h2, ghash_mul(t->h1, v));
}

/* Absorb @p len bytes, the last block zero-padded (the AAD and the ciphertext are each padded
 * to whole blocks, SP 800-38D §7.1). */
static void ghash_update(const ghash_key *t, ghash_elt *y, const uint8_t *in, size_t len)
{
    uint8_t last[16];

    while (len >= 32) {
        ghash_elt a = {y->hi ^ load_be64(in), y->lo ^ load_be64(in + 8)};
        ghash_elt b = {load_be64(in + 16), load_be64(in + 24)};

        *y = ghash_mul2(t, a, b);
        in += 32;
        len -= 32;
    }
    while (len > 0) {
        size_t n = len < 16 ? len : 16;

        memset(last, 0, sizeof(last));
        memcpy(last, in, n);
        y->hi ^= load_be64(last);
        y->lo ^= load_be64(last + 8);
        *y = ghash_mul(t->h1, *y);
        in += n;
        len -= n;
    }
}

/* ------------------------------------------------------------ AEAD */

typedef struct gcm_key {
    symmetric_CTR ctr; /* AES key schedule, reused for every record's CTR keystream */
    ghash_key gh;      /* 8 KiB instead of libtomcrypt's 64 KiB table */
} gcm_key;

struct mutls_aead {
    mutls_cipher cipher;
    gcm_key *gcm;    /* ~12.7 KB (AES-GCM only) */
    uint8_t key[32]; /* ChaCha20-Poly1305 key, set up again per record (cheap) */
    chacha20poly1305_state cp;
};

static int gcm_key_set(gcm_key *g, const uint8_t *key, size_t keylen)
{
    uint8_t zero[16] = {0}, h[16];
    int err;

    /* The counter is the block's last 32 bits, big-endian (SP 800-38D §6.2, inc32). */
    err = ctr_start(mutls_crypto_aes_index(), zero, key, (int)keylen, 0,
                    CTR_COUNTER_BIG_ENDIAN | 4, &g->ctr);
    if (err == CRYPT_OK) {
        /* H = E_K(0^128) (SP 800-38D §7.1 step 1). */
        err = cipher_descriptor[g->ctr.cipher].ecb_encrypt(zero, h, &g->ctr.key);
    }
    if (err == CRYPT_OK) {
        ghash_key_init(&g->gh, h);
    }
    mutls_wipe(h, sizeof(h));
    return mutls_crypto_err(err);
}

#define GCM_SLICE 1024 /* a multiple of 16: only the record's last slice may be partial */

/* One AES-GCM record with a 96-bit nonce (SP 800-38D §7.1, §7.2): J0 = nonce || 1, the
 * keystream starts at J0 + 1, the tag is GHASH(A, C, lengths) xor E_K(J0). */
static int gcm_run(gcm_key *g, const uint8_t nonce[MUTLS_AEAD_NONCE_LEN], const uint8_t *aad,
                   size_t aad_len, uint8_t *buf, size_t len, uint8_t tag_out[MUTLS_AEAD_TAG_LEN],
                   int decrypt)
{
    uint8_t j0[16], mask[16], lens[16];
    ghash_elt y = {0, 0};
    size_t i, off, n;
    int err;

    memcpy(j0, nonce, MUTLS_AEAD_NONCE_LEN);
    memset(j0 + MUTLS_AEAD_NONCE_LEN, 0, sizeof(j0) - MUTLS_AEAD_NONCE_LEN);
    j0[15] = 1;
    err = cipher_descriptor[g->ctr.cipher].ecb_encrypt(j0, mask, &g->ctr.key);
    j0[15] = 2;
    if (err == CRYPT_OK) {
        err = ctr_setiv(j0, sizeof(j0), &g->ctr);
    }
    if (err == CRYPT_OK) {
        ghash_update(&g->gh, &y, aad, aad_len);
    }
    /* In slices of whole blocks, so each slice is still in L1 when the second pass reads it;
     * GHASH always reads the ciphertext. */
    for (off = 0; off < len && err == CRYPT_OK; off += n) {
        n = len - off < GCM_SLICE ? len - off : GCM_SLICE;
        if (decrypt) {
            ghash_update(&g->gh, &y, buf + off, n);
            err = ctr_decrypt(buf + off, buf + off, n, &g->ctr);
        } else {
            err = ctr_encrypt(buf + off, buf + off, n, &g->ctr);
            ghash_update(&g->gh, &y, buf + off, n);
        }
    }
    if (err == CRYPT_OK) {
        store_be64(lens, (uint64_t)aad_len * 8);
        store_be64(lens + 8, (uint64_t)len * 8);
        ghash_update(&g->gh, &y, lens, sizeof(lens));
        store_be64(tag_out, y.hi);
        store_be64(tag_out + 8, y.lo);
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
