/* SPDX-License-Identifier: MIT */
/*
 * crypto_ghash.c - GHASH, the universal hash of AES-GCM (NIST SP 800-38D §6.4; RFC 5288 uses
 * it for TLS 1.2), with 4 KiB of tables per key. crypto_sym.c runs AES-GCM records over it and
 * libtomcrypt's AES; this file needs nothing from libtomcrypt.
 *
 * Why our own: libtomcrypt's gcm_state carries a 64 KiB table (LIBTOMCRYPT.md trap 6), 69,904
 * bytes per direction, more than the rest of a connection. Measured with valgrind (instructions
 * per 16-byte block of a 16 KiB AES-128-GCM seal + open, gcc 12 -O3; `bench_record --count`):
 *   AES block (libtomcrypt, the same for everyone)                               ~683
 *   libtomcrypt's GCM: GHASH with the 64 KiB table ~67, gcm_process ~29           total ~780
 *   previous mutls: Shoup, 8-bit digits, H and H^2 (8 KiB), + ctr_encrypt ~61     total ~1000
 *   this file, 4-bit digits, a table per byte position (4 KiB) ~190, own CTR ~20 total ~895
 * so 0.87 of libtomcrypt's instructions (0.78 before). In time it does better than that
 * (bench_record: ~0.95-1.1 of libtomcrypt's MB/s): libtomcrypt's 64 KiB table does not fit in L1
 * next to the AES tables, and our 32 lookups per block are independent, so they overlap.
 *
 * Method: for X = X_0 .. X_15 (bytes), X*H = sum over k of X_k(x) * x^(8k) * H. Split each byte
 * into its two nibbles, n_hi and n_lo: X_k = n_hi + x^4 * n_lo (the high nibble holds the lower
 * powers in GCM's bit order). Table k holds n * H * x^(8k) for the 16 values of n, so
 *   X*H = sum_k T_k[n_hi(X_k)] + x^4 * sum_k T_k[n_lo(X_k)]
 * that is 32 lookups that do not depend on one another (unlike Shoup's method, a chain where
 * each step waits for the previous one) and one multiplication by x^4 with a 4-bit reduction.
 *
 * Timing: the lookups are indexed by nibbles of Y ^ X, which depend on H, the key. So, like
 * libtomcrypt's own GHASH (and its table-driven AES, which leaks the same way and more), this is
 * not constant-time against an attacker who shares the processor's caches. Each 16-entry table
 * is split into a high-word and a low-word array of two 64-byte cache lines each, so a
 * cache-line observer learns one bit of each nibble (finer channels, cache banks, more); the
 * tables span 64 lines where libtomcrypt's span 1,024. The x^4 reduction and the table set-up
 * use no secret-dependent index or branch. A constant-time GHASH without a carry-less multiply
 * instruction (integer multiplications of operands with holes between their bits) would cost
 * an estimated ~350 instructions per block, ~0.75 of libtomcrypt's GCM: not done here.
 *
 * Representation: a field element is two 64-bit words (bytes 0..7 and 8..15 of the block, read
 * big-endian), so the coefficient of x^0 is the top bit of hi and multiplying by x is a right
 * shift; x^128 = x^7 + x^2 + x + 1 folds back as 0xe1 in the top byte.
 */
#include <string.h>

#include "crypto.h"
#include "mem.h"

static uint64_t load_be64(const uint8_t *p)
{
    /* Written out, so compilers see a byte-swapping load at -O2 (a loop is not unrolled). */
    return (uint64_t)p[0] << 56 | (uint64_t)p[1] << 48 | (uint64_t)p[2] << 40 |
           (uint64_t)p[3] << 32 | (uint64_t)p[4] << 24 | (uint64_t)p[5] << 16 |
           (uint64_t)p[6] << 8 | (uint64_t)p[7];
}

static void store_be64(uint8_t *p, uint64_t v)
{
    size_t i;

    for (i = 8; i-- > 0;) {
        p[i] = (uint8_t)v;
        v >>= 8;
    }
}

/* v * x; the bit shifted out (x^127 * x = x^128) comes back as 0xe1..., chosen by a mask. */
static mutls_ghash_elt mul_x(mutls_ghash_elt v)
{
    uint64_t carry = v.lo & 1;

    v.lo = (v.lo >> 1) | (v.hi << 63);
    v.hi = (v.hi >> 1) ^ ((uint64_t)0xe1 << 56 & (0 - carry));
    return v;
}

void mutls_ghash_init(mutls_ghash_key *k, const uint8_t h[16])
{
    mutls_ghash_elt v = {load_be64(h), load_be64(h + 8)}, t[16];
    size_t pos, i, j;

    for (pos = 0; pos < 16; pos++) {
        /* Here v = H * x^(8 pos). Nibble bit 0x8 is the lowest power, x^0; 0x1 is x^3. */
        t[0] = (mutls_ghash_elt){0, 0};
        for (i = 8; i > 0; i >>= 1) {
            t[i] = v;
            v = mul_x(v);
        }
        for (i = 0; i < 4; i++) {
            v = mul_x(v);
        }
        for (i = 2; i < 16; i <<= 1) {
            for (j = 1; j < i; j++) {
                t[i + j].hi = t[i].hi ^ t[j].hi;
                t[i + j].lo = t[i].lo ^ t[j].lo;
            }
        }
        for (i = 0; i < 16; i++) {
            k->hi[pos][i] = t[i].hi;
            k->lo[pos][i] = t[i].lo;
        }
    }
    mutls_wipe(&v, sizeof(v));
    mutls_wipe(t, sizeof(t));
}

/*
 * Both nibbles of the last byte of @p w, which is byte @p pos of the block; then drop that byte.
 * Written out for all 16 bytes: the 32 lookups are independent, so the processor runs them in
 * parallel. The high and low words of an entry live in two arrays, so an index needs no
 * scaling beyond what an addressing mode does (gcc and clang both generate fewer instructions).
 *
 * GHASH_BARRIER is an empty asm statement that tells the compiler the four accumulators are
 * used and changed after each byte. It emits no instruction; it stops gcc's reassociation pass
 * from regrouping the 64 xors into trees that need all 32 indices computed first, which spills
 * them to the stack: ~270 instructions per block with the loop around it, ~190 with it (clang:
 * ~190 either way). Only where a uint64_t fits one register.
 */
#if defined(__GNUC__) && defined(__LP64__)
#define GHASH_BARRIER() __asm__("" : "+r"(ah), "+r"(al), "+r"(bh), "+r"(bl))
#else
#define GHASH_BARRIER() ((void)0)
#endif

#define GHASH_BYTE(w, pos)                                                                         \
    do {                                                                                           \
        size_t e_ = ((w) >> 4) & 0xf, o_ = (w)&0xf;                                                \
        ah ^= k->hi[pos][e_];                                                                      \
        al ^= k->lo[pos][e_];                                                                      \
        bh ^= k->hi[pos][o_];                                                                      \
        bl ^= k->lo[pos][o_];                                                                      \
        (w) >>= 8;                                                                                 \
        GHASH_BARRIER();                                                                           \
    } while (0)

/* (xh, xl) * H. */
static mutls_ghash_elt mul_h(const mutls_ghash_key *k, uint64_t xh, uint64_t xl)
{
    uint64_t ah = 0, al = 0, bh = 0, bl = 0, n;

    GHASH_BYTE(xl, 15);
    GHASH_BYTE(xl, 14);
    GHASH_BYTE(xl, 13);
    GHASH_BYTE(xl, 12);
    GHASH_BYTE(xl, 11);
    GHASH_BYTE(xl, 10);
    GHASH_BYTE(xl, 9);
    GHASH_BYTE(xl, 8);
    GHASH_BYTE(xh, 7);
    GHASH_BYTE(xh, 6);
    GHASH_BYTE(xh, 5);
    GHASH_BYTE(xh, 4);
    GHASH_BYTE(xh, 3);
    GHASH_BYTE(xh, 2);
    GHASH_BYTE(xh, 1);
    GHASH_BYTE(xh, 0);
    /* A + B * x^4: the four bits shifted out of B (x^124..x^127 become x^128..x^131) fold back
     * as their carry-less product with x^7 + x^2 + x + 1, i.e. n * 0xe1 placed at the top of hi:
     * shifts and xors, no table, so no secret index. */
    n = bl & 0xf;
    bl = (bl >> 4) | (bh << 60);
    bh = (bh >> 4) ^ (n << 60) ^ (n << 59) ^ (n << 58) ^ (n << 53);
    return (mutls_ghash_elt){ah ^ bh, al ^ bl};
}

void mutls_ghash_update(const mutls_ghash_key *k, mutls_ghash_elt *y, const uint8_t *in, size_t len)
{
    mutls_ghash_elt z = *y;
    uint8_t last[16];
    const uint8_t *p;
    size_t n;

    /* One call site, so mul_h is inlined into the loop. */
    for (; len > 0; in += n, len -= n) {
        p = in;
        n = 16;
        if (len < 16) {
            /* SP 800-38D §7.1: the AAD and the ciphertext are each zero-padded to whole
             * blocks. */
            memset(last, 0, sizeof(last));
            memcpy(last, in, len);
            p = last;
            n = len;
        }
        z = mul_h(k, z.hi ^ load_be64(p), z.lo ^ load_be64(p + 8));
    }
    mutls_wipe(last, sizeof(last));
    *y = z;
}

void mutls_ghash_store(mutls_ghash_elt y, uint8_t out[16])
{
    store_be64(out, y.hi);
    store_be64(out + 8, y.lo);
}
