/* SPDX-License-Identifier: MIT */
/*
 * gen_record.c - writes vectors/record/kat.txt: known-answer TLS 1.2 records built with
 * OpenSSL's libcrypto, an implementation independent of mutls and libtomcrypt. Run by
 * vectors/record/gen.sh; the output is committed so the tests need no OpenSSL.
 *
 * Each case is a block of "key = value" lines: cipher, mac, etm, enc_key, iv (GCM salt or
 * ChaCha20 IV), mac_key, cbc_iv (the record's explicit CBC IV), seq, type, version,
 * plaintext, record (header included), expect (ok or bad_record_mac). Constructions:
 * RFC 5288 (GCM, explicit nonce = sequence number), RFC 7905 (ChaCha20-Poly1305),
 * RFC 5246 §6.2.3.2 (CBC, MAC-then-encrypt), RFC 7366 (encrypt-then-MAC). The "bad" cases
 * are CBC records whose MAC is right but whose padding is not, and the reverse.
 */
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { GCM128, GCM256, CHACHA, CBC128, CBC256 };
enum { BAD_NONE, BAD_PAD_BYTE, BAD_MAC, BAD_PAD_TOO_LONG };

typedef struct {
    const char *name;
    int cipher;
    const char *mac; /* "none", "sha1", "sha256", "sha384" */
    int etm;
    unsigned long long seq;
    int type;
    size_t pt_len;
    int extra_pad_blocks; /* CBC: longer padding than needed */
    int bad;
} kat_case;

static void die(const char *what)
{
    fprintf(stderr, "gen_record: %s failed\n", what);
    exit(1);
}

static void fill(uint8_t *b, size_t n, unsigned seed)
{
    size_t i;
    for (i = 0; i < n; i++) {
        b[i] = (uint8_t)(seed * 31u + i * 13u + (i >> 8));
    }
}

static void put_hex(const char *key, const uint8_t *b, size_t n)
{
    size_t i;
    printf("%s = ", key);
    for (i = 0; i < n; i++) {
        printf("%02x", b[i]);
    }
    printf("\n");
}

static void put64(uint8_t *o, unsigned long long v)
{
    int i;
    for (i = 7; i >= 0; i--) {
        o[i] = (uint8_t)v;
        v >>= 8;
    }
}

static const EVP_MD *md_of(const char *mac)
{
    if (strcmp(mac, "sha1") == 0) {
        return EVP_sha1();
    }
    if (strcmp(mac, "sha256") == 0) {
        return EVP_sha256();
    }
    if (strcmp(mac, "sha384") == 0) {
        return EVP_sha384();
    }
    return NULL;
}

static void hmac2(const EVP_MD *md, const uint8_t *key, size_t keylen, const uint8_t *a,
                  size_t alen, const uint8_t *b, size_t blen, uint8_t *out)
{
    uint8_t *msg = malloc(alen + blen + 1);
    unsigned int outlen = 0;

    memcpy(msg, a, alen);
    memcpy(msg + alen, b, blen);
    if (HMAC(md, key, (int)keylen, msg, alen + blen, out, &outlen) == NULL) {
        die("HMAC");
    }
    free(msg);
}

static size_t aead(const kat_case *c, const uint8_t *key, const uint8_t *iv, const uint8_t *aad,
                   const uint8_t *pt, uint8_t *frag)
{
    const EVP_CIPHER *ciph = c->cipher == GCM128   ? EVP_aes_128_gcm()
                             : c->cipher == GCM256 ? EVP_aes_256_gcm()
                                                   : EVP_chacha20_poly1305();
    EVP_CIPHER_CTX *ctx = EVP_CIPHER_CTX_new();
    uint8_t nonce[12];
    size_t prefix = 0;
    int outl, i;

    if (c->cipher == CHACHA) {
        /* RFC 7905 §2: IV XOR (0^32 || seq big-endian). */
        memcpy(nonce, iv, 12);
        for (i = 0; i < 8; i++) {
            nonce[4 + i] ^= (uint8_t)(c->seq >> (56 - 8 * i));
        }
    } else {
        /* RFC 5288 §3: salt || explicit nonce; the explicit nonce is the sequence number. */
        memcpy(nonce, iv, 4);
        put64(nonce + 4, c->seq);
        memcpy(frag, nonce + 4, 8);
        prefix = 8;
    }
    if (!EVP_EncryptInit_ex(ctx, ciph, NULL, NULL, NULL) ||
        !EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_AEAD_SET_IVLEN, 12, NULL) ||
        !EVP_EncryptInit_ex(ctx, NULL, NULL, key, nonce) ||
        !EVP_EncryptUpdate(ctx, NULL, &outl, aad, 13)) {
        die("aead init");
    }
    outl = 0;
    if (c->pt_len > 0 && !EVP_EncryptUpdate(ctx, frag + prefix, &outl, pt, (int)c->pt_len)) {
        die("aead update");
    }
    if (!EVP_EncryptFinal_ex(ctx, frag + prefix + outl, &outl) ||
        !EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_AEAD_GET_TAG, 16, frag + prefix + c->pt_len)) {
        die("aead final");
    }
    EVP_CIPHER_CTX_free(ctx);
    return prefix + c->pt_len + 16;
}

static void cbc_encrypt(int cipher, const uint8_t *key, const uint8_t *iv, uint8_t *buf, size_t n)
{
    EVP_CIPHER_CTX *ctx = EVP_CIPHER_CTX_new();
    uint8_t *tmp = malloc(n + 16);
    int outl = 0, fl = 0;

    if (!EVP_EncryptInit_ex(ctx, cipher == CBC128 ? EVP_aes_128_cbc() : EVP_aes_256_cbc(), NULL,
                            key, iv) ||
        !EVP_CIPHER_CTX_set_padding(ctx, 0) || !EVP_EncryptUpdate(ctx, tmp, &outl, buf, (int)n) ||
        !EVP_EncryptFinal_ex(ctx, tmp + outl, &fl) || (size_t)(outl + fl) != n) {
        die("cbc");
    }
    memcpy(buf, tmp, n);
    free(tmp);
    EVP_CIPHER_CTX_free(ctx);
}

/* Padding: pad+1 bytes of value pad, to a whole number of blocks (RFC 5246 §6.2.3.2). */
static size_t pad_to_block(const kat_case *c, uint8_t *buf, size_t n)
{
    size_t pad = 15 - n % 16 + 16 * (size_t)c->extra_pad_blocks;

    memset(buf + n, (int)pad, pad + 1);
    if (c->bad == BAD_PAD_BYTE) {
        buf[n] ^= 0x01; /* first padding byte wrong (pad >= 1 in these cases) */
    }
    if (c->bad == BAD_PAD_TOO_LONG) {
        buf[n + pad] = 0xff; /* claims more padding than the record holds */
    }
    return n + pad + 1;
}

static size_t cbc(const kat_case *c, const uint8_t *key, const uint8_t *mac_key, size_t mac_len,
                  const uint8_t *cbc_iv, uint8_t *hdr13, const uint8_t *pt, uint8_t *frag)
{
    const EVP_MD *md = md_of(c->mac);
    uint8_t *body = frag + 16;
    size_t n;

    memcpy(frag, cbc_iv, 16);
    memcpy(body, pt, c->pt_len);
    if (!c->etm) {
        hmac2(md, mac_key, mac_len, hdr13, 13, pt, c->pt_len, body + c->pt_len);
        if (c->bad == BAD_MAC) {
            body[c->pt_len] ^= 0x80;
        }
        n = pad_to_block(c, body, c->pt_len + mac_len);
        cbc_encrypt(c->cipher, key, cbc_iv, body, n);
        return 16 + n;
    }
    n = pad_to_block(c, body, c->pt_len);
    cbc_encrypt(c->cipher, key, cbc_iv, body, n);
    /* RFC 7366 §3: the MAC's length field is that of IV + ciphertext. */
    hdr13[11] = (uint8_t)((16 + n) >> 8);
    hdr13[12] = (uint8_t)(16 + n);
    hmac2(md, mac_key, mac_len, hdr13, 13, frag, 16 + n, frag + 16 + n);
    if (c->bad == BAD_MAC) {
        frag[16 + n] ^= 0x80;
    }
    return 16 + n + mac_len;
}

static void emit(const kat_case *c, unsigned seed)
{
    static const char *names[] = {"aes128gcm", "aes256gcm", "chacha20poly1305", "aes128cbc",
                                  "aes256cbc"};
    uint8_t key[32], iv[12], mac_key[48], cbc_iv[16], hdr13[13];
    uint8_t *pt = malloc(c->pt_len + 1);
    uint8_t *rec = malloc(c->pt_len + 512);
    size_t key_len = (c->cipher == GCM128 || c->cipher == CBC128) ? 16 : 32;
    size_t iv_len = c->cipher == CHACHA ? 12 : (c->cipher <= GCM256 ? 4 : 0);
    const EVP_MD *md = md_of(c->mac);
    size_t mac_len = md ? (size_t)EVP_MD_get_size(md) : 0;
    size_t frag_len;

    fill(key, sizeof(key), seed);
    fill(iv, sizeof(iv), seed + 1);
    fill(mac_key, sizeof(mac_key), seed + 2);
    fill(cbc_iv, sizeof(cbc_iv), seed + 3);
    fill(pt, c->pt_len, seed + 4);
    put64(hdr13, c->seq);
    hdr13[8] = (uint8_t)c->type;
    hdr13[9] = 3;
    hdr13[10] = 3;
    hdr13[11] = (uint8_t)(c->pt_len >> 8);
    hdr13[12] = (uint8_t)c->pt_len;

    if (c->cipher <= CHACHA) {
        frag_len = aead(c, key, iv, hdr13, pt, rec + 5);
    } else {
        frag_len = cbc(c, key, mac_key, mac_len, cbc_iv, hdr13, pt, rec + 5);
    }
    rec[0] = (uint8_t)c->type;
    rec[1] = 3;
    rec[2] = 3;
    rec[3] = (uint8_t)(frag_len >> 8);
    rec[4] = (uint8_t)frag_len;

    printf("name = %s\n", c->name);
    printf("cipher = %s\n", names[c->cipher]);
    printf("mac = %s\n", c->mac);
    printf("etm = %d\n", c->etm);
    put_hex("enc_key", key, key_len);
    put_hex("iv", iv, iv_len);
    put_hex("mac_key", mac_key, mac_len);
    put_hex("cbc_iv", cbc_iv, c->cipher >= CBC128 ? 16 : 0);
    printf("seq = %llu\n", c->seq);
    printf("type = %d\n", c->type);
    printf("version = 0303\n");
    put_hex("plaintext", pt, c->pt_len);
    put_hex("record", rec, 5 + frag_len);
    printf("expect = %s\n\n", c->bad ? "bad_record_mac" : "ok");
    free(pt);
    free(rec);
}

int main(void)
{
    /* clang-format off */
    static const kat_case cases[] = {
        {"aes128gcm seq 0",              GCM128, "none", 0, 0, 23, 32, 0, 0},
        {"aes128gcm seq 1 handshake",    GCM128, "none", 0, 1, 22, 100, 0, 0},
        {"aes128gcm seq large",          GCM128, "none", 0, 0x0102030405060708ull, 23, 1, 0, 0},
        {"aes128gcm full record",        GCM128, "none", 0, 7, 23, 16384, 0, 0},
        {"aes256gcm seq 0",              GCM256, "none", 0, 0, 23, 32, 0, 0},
        {"aes256gcm seq 5",              GCM256, "none", 0, 5, 21, 2, 0, 0},
        {"chacha20poly1305 seq 0",       CHACHA, "none", 0, 0, 23, 32, 0, 0},
        {"chacha20poly1305 seq 1",       CHACHA, "none", 0, 1, 22, 77, 0, 0},
        {"chacha20poly1305 seq large",   CHACHA, "none", 0, 0x0102030405060708ull, 23, 300, 0, 0},
        {"chacha20poly1305 seq max",     CHACHA, "none", 0, 0xffffffffffffffffull, 23, 5, 0, 0},
        {"aes128cbc sha1 mte",           CBC128, "sha1", 0, 0, 23, 32, 0, 0},
        {"aes128cbc sha1 mte seq 3",     CBC128, "sha1", 0, 3, 22, 11, 0, 0},
        {"aes128cbc sha1 etm",           CBC128, "sha1", 1, 1, 23, 32, 0, 0},
        {"aes128cbc sha256 mte",         CBC128, "sha256", 0, 2, 23, 47, 0, 0},
        {"aes128cbc sha256 mte pad 0",   CBC128, "sha256", 0, 2, 23, 15, 0, 0},
        {"aes128cbc sha256 etm",         CBC128, "sha256", 1, 9, 23, 100, 0, 0},
        {"aes128cbc sha256 mte long pad", CBC128, "sha256", 0, 4, 23, 20, 15, 0},
        {"aes128cbc sha256 etm long pad", CBC128, "sha256", 1, 4, 23, 20, 15, 0},
        {"aes256cbc sha384 mte",         CBC256, "sha384", 0, 0, 23, 64, 0, 0},
        {"aes256cbc sha384 etm",         CBC256, "sha384", 1, 6, 23, 1000, 0, 0},
        {"aes256cbc sha1 mte",           CBC256, "sha1", 0, 1, 23, 1, 0, 0},
        {"aes256cbc sha384 mte full",    CBC256, "sha384", 0, 8, 23, 16384, 0, 0},
        {"mte bad padding byte",         CBC128, "sha256", 0, 0, 23, 20, 1, BAD_PAD_BYTE},
        {"mte bad mac good padding",     CBC128, "sha256", 0, 0, 23, 20, 1, BAD_MAC},
        {"mte padding longer than record", CBC128, "sha1", 0, 0, 23, 3, 0, BAD_PAD_TOO_LONG},
        {"mte sha384 bad padding byte",  CBC256, "sha384", 0, 0, 23, 200, 2, BAD_PAD_BYTE},
        {"etm bad padding good mac",     CBC128, "sha256", 1, 0, 23, 20, 1, BAD_PAD_BYTE},
        {"etm bad mac",                  CBC128, "sha256", 1, 0, 23, 20, 0, BAD_MAC},
    };
    /* clang-format on */
    size_t i;

    printf("# TLS 1.2 record known answers, generated by tests/gen/gen_record.c (OpenSSL)\n");
    printf("# via vectors/record/gen.sh. Do not edit.\n\n");
    for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        emit(&cases[i], (unsigned)(i * 5 + 1));
    }
    return 0;
}
