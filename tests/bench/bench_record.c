/* SPDX-License-Identifier: MIT */
/*
 * bench_record.c - record protection speed: MB/s of protect+unprotect of 16 KiB records for
 * each cipher configuration, next to libtomcrypt doing the same primitive work directly
 * (same key schedule reuse, same record size, the non-constant-time MAC compare a naive
 * implementation would use), measured in the same run, and the ratio mutls/raw.
 *
 * Columns: "mutls" = mutls_rec_seal + mutls_rec_open (CBC: a fresh RNG IV per record, the
 * constant-time MAC-then-encrypt check); "prim" = mutls's AEAD primitive alone (mutls_aead_seal +
 * mutls_aead_open, no record framing; AEAD suites only); "raw" = libtomcrypt calls only, for
 * AES-GCM its own table-driven GCM (gcm_state, 64 KiB of GHASH table), the honest reference;
 * "ratio" = mutls/raw; "prim/raw" = the primitive's own cost (for AES-GCM: mutls's GHASH and CTR
 * loop against libtomcrypt's), so mutls/prim is what the record framing adds; "full" =
 * mutls_rec_write + flush + mutls_rec_read through an in-memory transport (adds the two copies
 * a transport makes). A program, not a test: run it by hand; MUTLS_BENCH_ROUNDS=n sets the
 * number of alternating rounds (best of each kept).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <tomcrypt.h>

#include "rectest.h"

#define REC 16384
#define MIN_SECONDS 0.15
#define ROUNDS 5 /* alternate mutls and raw, keep the best of each (machine noise) */

static double now(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void check(int ok, const char *what)
{
    if (!ok) {
        fprintf(stderr, "bench_record: %s failed\n", what);
        exit(1);
    }
}

/* ---------------------------------------------------------------- mutls */

static uint8_t wbuf[REC + 2048];
static mutls_rng *rng;

static double bench_mutls(const tu_rec_suite *s)
{
    mutls_rec_keys k;
    mutls_rec_dir w, r;
    size_t prefix, rec_len, off, len;
    uint8_t iv[16];
    unsigned long n = 0;
    double t0, t;

    memset(&w, 0, sizeof(w));
    memset(&r, 0, sizeof(r));
    tu_rec_keys(&k, s, 1);
    check(mutls_rec_dir_set(&w, &k) == 0 && mutls_rec_dir_set(&r, &k) == 0, "keys");
    prefix = mutls_rec_prefix_len(&w);
    memset(wbuf + MUTLS_REC_HEADER_LEN + prefix, 0x5a, REC);
    t0 = now();
    do {
        if (w.cbc != NULL) {
            check(mutls_rng_bytes(rng, iv, sizeof(iv)) == 0, "rng");
        }
        check(mutls_rec_seal(&w, MUTLS_CT_APPLICATION_DATA, 0x0303, iv, wbuf, REC, &rec_len) == 0,
              "seal");
        check(mutls_rec_open(&r, MUTLS_CT_APPLICATION_DATA, 0x0303, wbuf + MUTLS_REC_HEADER_LEN,
                             rec_len - MUTLS_REC_HEADER_LEN, &off, &len) == 0 &&
                  len == REC && off == prefix,
              "open");
        n++;
        t = now() - t0;
    } while (t < MIN_SECONDS);
    mutls_rec_dir_clear(&w);
    mutls_rec_dir_clear(&r);
    return (double)n * REC / t / 1e6;
}

/* The AEAD alone, as the record layer calls it (13 bytes of AAD, a fresh nonce per record). */
static double bench_prim(const tu_rec_suite *s)
{
    mutls_rec_keys k;
    mutls_aead *a;
    uint8_t nonce[MUTLS_AEAD_NONCE_LEN] = {0}, aad[13] = {0}, tag[MUTLS_AEAD_TAG_LEN];
    unsigned long n = 0;
    double t0, t;

    tu_rec_keys(&k, s, 1);
    check(mutls_aead_new(&a, s->cipher, k.enc_key, k.enc_key_len) == 0, "aead");
    memset(wbuf, 0x5a, REC);
    t0 = now();
    do {
        nonce[11] = (uint8_t)n;
        nonce[10] = (uint8_t)(n >> 8);
        check(mutls_aead_seal(a, nonce, aad, sizeof(aad), wbuf, REC, tag) == 0, "aead seal");
        check(mutls_aead_open(a, nonce, aad, sizeof(aad), wbuf, REC, tag) == 0, "aead open");
        n++;
        t = now() - t0;
    } while (t < MIN_SECONDS);
    mutls_aead_free(a);
    return (double)n * REC / t / 1e6;
}

/* A loopback transport: one buffer, written by one end, read by the other. */
static uint8_t loop_buf[2 * (REC + 2048)];
static size_t loop_len, loop_off;

static int loop_send(void *ctx, const uint8_t *buf, size_t len)
{
    (void)ctx;
    if (loop_off == loop_len) {
        loop_off = loop_len = 0;
    }
    if (len > sizeof(loop_buf) - loop_len) {
        len = sizeof(loop_buf) - loop_len;
    }
    if (len == 0) {
        return MUTLS_WANT_WRITE;
    }
    memcpy(loop_buf + loop_len, buf, len);
    loop_len += len;
    return (int)len;
}

static int loop_recv(void *ctx, uint8_t *buf, size_t len)
{
    (void)ctx;
    if (loop_off == loop_len) {
        return MUTLS_WANT_READ;
    }
    if (len > loop_len - loop_off) {
        len = loop_len - loop_off;
    }
    memcpy(buf, loop_buf + loop_off, len);
    loop_off += len;
    return (int)len;
}

static double bench_full(const tu_rec_suite *s)
{
    static uint8_t data[REC];
    mutls_record w, r;
    mutls_rec_keys k;
    mutls_rec_unit u;
    unsigned long n = 0;
    double t0, t;

    check(mutls_rec_init(&w, REC, 65536, rng) == 0 && mutls_rec_init(&r, REC, 65536, rng) == 0,
          "init");
    mutls_rec_set_transport(&w, loop_send, loop_recv, NULL);
    mutls_rec_set_transport(&r, loop_send, loop_recv, NULL);
    tu_rec_keys(&k, s, 1);
    check(mutls_rec_set_write_keys(&w, &k) == 0 && mutls_rec_set_read_keys(&r, &k) == 0, "keys");
    t0 = now();
    do {
        check(mutls_rec_write(&w, MUTLS_CT_APPLICATION_DATA, data, REC) == REC, "write");
        check(mutls_rec_flush(&w) == 0, "flush");
        check(mutls_rec_read(&r, &u, REC) == 0 && u.data.len == REC, "read");
        n++;
        t = now() - t0;
    } while (t < MIN_SECONDS);
    mutls_rec_clear(&w);
    mutls_rec_clear(&r);
    return (double)n * REC / t / 1e6;
}

/* ---------------------------------------------------------------- raw libtomcrypt */

static uint8_t rbuf[REC + 512];

/* One record through libtomcrypt's own GCM: seal, then open and compare the tags. */
static void raw_gcm_round(gcm_state *g, uint8_t seq)
{
    uint8_t nonce[12] = {0}, aad[13] = {0}, tag[16], tag2[16];
    unsigned long tl = 16;

    nonce[11] = seq;
    check(gcm_reset(g) == CRYPT_OK && gcm_add_iv(g, nonce, 12) == CRYPT_OK &&
              gcm_add_aad(g, aad, 13) == CRYPT_OK &&
              gcm_process(g, rbuf, REC, rbuf, GCM_ENCRYPT) == CRYPT_OK &&
              gcm_done(g, tag, &tl) == CRYPT_OK,
          "gcm enc");
    tl = 16;
    check(gcm_reset(g) == CRYPT_OK && gcm_add_iv(g, nonce, 12) == CRYPT_OK &&
              gcm_add_aad(g, aad, 13) == CRYPT_OK &&
              gcm_process(g, rbuf, REC, rbuf, GCM_DECRYPT) == CRYPT_OK &&
              gcm_done(g, tag2, &tl) == CRYPT_OK && mem_neq(tag, tag2, 16) == 0,
          "gcm dec");
}

static double bench_raw_gcm(const tu_rec_suite *s)
{
    static gcm_state g;
    mutls_rec_keys k;
    unsigned long n = 0;
    double t0, t;

    tu_rec_keys(&k, s, 1);
    check(gcm_init(&g, find_cipher("aes"), k.enc_key, (int)k.enc_key_len) == CRYPT_OK, "gcm");
    t0 = now();
    do {
        raw_gcm_round(&g, (uint8_t)n);
        n++;
        t = now() - t0;
    } while (t < MIN_SECONDS);
    return (double)n * REC / t / 1e6;
}

static double bench_raw_chacha(const tu_rec_suite *s)
{
    chacha20poly1305_state c;
    mutls_rec_keys k;
    uint8_t aad[13] = {0}, tag[16], tag2[16];
    unsigned long tl, n = 0;
    double t0, t;

    tu_rec_keys(&k, s, 1);
    t0 = now();
    do {
        tl = 16;
        check(chacha20poly1305_init(&c, k.enc_key, 32) == CRYPT_OK &&
                  chacha20poly1305_setiv(&c, k.iv, 12) == CRYPT_OK &&
                  chacha20poly1305_add_aad(&c, aad, 13) == CRYPT_OK &&
                  chacha20poly1305_encrypt(&c, rbuf, REC, rbuf) == CRYPT_OK &&
                  chacha20poly1305_done(&c, tag, &tl) == CRYPT_OK,
              "chacha enc");
        tl = 16;
        check(chacha20poly1305_init(&c, k.enc_key, 32) == CRYPT_OK &&
                  chacha20poly1305_setiv(&c, k.iv, 12) == CRYPT_OK &&
                  chacha20poly1305_add_aad(&c, aad, 13) == CRYPT_OK &&
                  chacha20poly1305_decrypt(&c, rbuf, REC, rbuf) == CRYPT_OK &&
                  chacha20poly1305_done(&c, tag2, &tl) == CRYPT_OK && mem_neq(tag, tag2, 16) == 0,
              "chacha dec");
        n++;
        t = now() - t0;
    } while (t < MIN_SECONDS);
    return (double)n * REC / t / 1e6;
}

/* HMAC over a || b || c, the way a straightforward record MAC is computed. */
static void raw_hmac(int h, const mutls_rec_keys *k, const uint8_t *a, size_t alen,
                     const uint8_t *b, size_t blen, const uint8_t *c, size_t clen, uint8_t *out)
{
    hmac_state st;
    unsigned long ol = MAXBLOCKSIZE;

    check(hmac_init(&st, h, k->mac_key, k->mac_key_len) == CRYPT_OK &&
              hmac_process(&st, a, alen) == CRYPT_OK && hmac_process(&st, b, blen) == CRYPT_OK &&
              (clen == 0 || hmac_process(&st, c, clen) == CRYPT_OK) &&
              hmac_done(&st, out, &ol) == CRYPT_OK,
          "hmac");
}

static double bench_raw_cbc(const tu_rec_suite *s)
{
    static symmetric_CBC cbc;
    static const char *names[] = {"", "", "sha1", "", "sha256", "sha384"};
    mutls_rec_keys k;
    uint8_t iv[16] = {0}, hdr[13] = {0}, mac[64], mac2[64];
    int h = find_hash(names[s->mac < 6 ? s->mac : 0]);
    size_t ml = mutls_hash_len(s->mac), body, pad;
    unsigned long n = 0;
    double t0, t;

    tu_rec_keys(&k, s, 1);
    check(h >= 0, "find_hash");
    check(cbc_start(find_cipher("aes"), iv, k.enc_key, (int)k.enc_key_len, 0, &cbc) == CRYPT_OK,
          "cbc_start");
    body = s->etm ? REC : REC + ml;
    pad = 15 - body % 16;
    body += pad + 1;
    t0 = now();
    do {
        iv[0] = (uint8_t)n;
        if (!s->etm) {
            raw_hmac(h, &k, hdr, 13, rbuf, REC, NULL, 0, rbuf + REC);
            memset(rbuf + REC + ml, (int)pad, pad + 1);
            check(cbc_setiv(iv, 16, &cbc) == CRYPT_OK &&
                      cbc_encrypt(rbuf, rbuf, body, &cbc) == CRYPT_OK,
                  "enc");
            check(cbc_setiv(iv, 16, &cbc) == CRYPT_OK &&
                      cbc_decrypt(rbuf, rbuf, body, &cbc) == CRYPT_OK,
                  "dec");
            raw_hmac(h, &k, hdr, 13, rbuf, REC, NULL, 0, mac2);
            check(memcmp(mac2, rbuf + REC, ml) == 0, "mac");
        } else {
            memset(rbuf + REC, (int)pad, pad + 1);
            check(cbc_setiv(iv, 16, &cbc) == CRYPT_OK &&
                      cbc_encrypt(rbuf, rbuf, body, &cbc) == CRYPT_OK,
                  "enc");
            raw_hmac(h, &k, hdr, 13, iv, 16, rbuf, body, mac);
            raw_hmac(h, &k, hdr, 13, iv, 16, rbuf, body, mac2);
            check(mem_neq(mac, mac2, ml) == 0, "mac");
            check(cbc_setiv(iv, 16, &cbc) == CRYPT_OK &&
                      cbc_decrypt(rbuf, rbuf, body, &cbc) == CRYPT_OK,
                  "dec");
        }
        n++;
        t = now() - t0;
    } while (t < MIN_SECONDS);
    return (double)n * REC / t / 1e6;
}

/* ---------------------------------------------------------------- Lucky Thirteen probe */

/*
 * Time mutls_rec_open of MAC-then-encrypt CBC records (AES-128-CBC-SHA256, 512 bytes of
 * ciphertext) that fail in different ways. Knowing the key, the probe encrypts chosen
 * decrypted contents: a one-byte padding (pad 0), 16 bytes of valid padding, 256 bytes of
 * valid padding (pad 255), and a padding length of 255 whose bytes are wrong. A check that
 * hashes only the claimed length would differ by four SHA-256 compressions between pad 0
 * and pad 255 (the Lucky Thirteen signal); ours hashes the same amount every time.
 * Prints the median ns per open over interleaved batches.
 */
#define PROBE_BATCH 200
#define PROBE_ROUNDS 301
#define PROBE_N 512

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

static void lucky13_probe(void)
{
    static const char *names[] = {"pad 0", "pad 15 (valid)", "pad 255 (valid)",
                                  "pad 255 (bad bytes)"};
    static const int pads[] = {0, 15, 255, 255};
    static double samples[4][PROBE_ROUNDS];
    static symmetric_CBC cbc;
    const tu_rec_suite *s = &tu_rec_suites[4]; /* AES-128-CBC-SHA256 */
    const size_t rec_len = MUTLS_REC_HEADER_LEN + 16 + PROBE_N;
    uint8_t rec[4][MUTLS_REC_HEADER_LEN + 16 + PROBE_N], work[sizeof(rec[0])], iv[16] = {9};
    mutls_rec_keys k;
    mutls_rec_dir r;
    size_t i, v, b, off, len;
    double med[4], lo, hi;

    memset(&r, 0, sizeof(r));
    tu_rec_keys(&k, s, 1);
    check(mutls_rec_dir_set(&r, &k) == 0, "keys");
    for (v = 0; v < 4; v++) {
        uint8_t *body = rec[v] + MUTLS_REC_HEADER_LEN + 16;

        rec[v][0] = MUTLS_CT_APPLICATION_DATA;
        rec[v][1] = 3;
        rec[v][2] = 3;
        rec[v][3] = (uint8_t)((16 + PROBE_N) >> 8);
        rec[v][4] = (uint8_t)(16 + PROBE_N);
        memcpy(rec[v] + MUTLS_REC_HEADER_LEN, iv, 16);
        memset(body, 0x33, PROBE_N);
        memset(body + PROBE_N - 1 - pads[v], pads[v], (size_t)pads[v] + 1);
        if (v == 3) {
            body[PROBE_N - 100] ^= 1; /* one padding byte wrong */
        }
        check(cbc_start(find_cipher("aes"), iv, k.enc_key, (int)k.enc_key_len, 0, &cbc) ==
                      CRYPT_OK &&
                  cbc_encrypt(body, body, PROBE_N, &cbc) == CRYPT_OK,
              "cbc");
    }
    for (i = 0; i < PROBE_ROUNDS; i++) {
        for (v = 0; v < 4; v++) {
            double t0 = now();

            for (b = 0; b < PROBE_BATCH; b++) {
                memcpy(work, rec[v], rec_len);
                r.seq = 0;
                check(mutls_rec_open(&r, MUTLS_CT_APPLICATION_DATA, 0x0303,
                                     work + MUTLS_REC_HEADER_LEN, rec_len - MUTLS_REC_HEADER_LEN,
                                     &off, &len) == MUTLS_ERR_BAD_RECORD_MAC,
                      "bad record refused");
            }
            samples[v][i] = (now() - t0) / PROBE_BATCH * 1e9;
        }
    }
    printf("\nLucky13 probe: mutls_rec_open of bad AES-128-CBC-SHA256 records, %d bytes "
           "(median ns)\n",
           PROBE_N);
    lo = 1e30;
    hi = 0;
    for (v = 0; v < 4; v++) {
        qsort(samples[v], PROBE_ROUNDS, sizeof(double), cmp_double);
        med[v] = samples[v][PROBE_ROUNDS / 2];
        lo = med[v] < lo ? med[v] : lo;
        hi = med[v] > hi ? med[v] : hi;
        printf("  %-24s %8.0f\n", names[v], med[v]);
    }
    printf("  spread (max-min)/min: %.1f%%\n", (hi - lo) / lo * 100.0);
    mutls_rec_dir_clear(&r);
}

/*
 * "bench_record --count WHAT N": no timing, just N seal+open pairs of one 16 KiB AES-128-GCM
 * record, for an instruction count that the machine's load does not disturb:
 *   valgrind --tool=callgrind bench_record --count prim 50   (mutls_aead_seal + open)
 *   ... --count raw 50   (libtomcrypt's gcm_state)   ... --count rec 50   (mutls_rec_seal + open)
 * and subtract the count for N = 0 (start-up).
 */
static int count_only(const char *what, long n)
{
    const tu_rec_suite *s = &tu_rec_suites[0];
    mutls_rec_keys k;
    long i;

    check(s->cipher == MUTLS_CIPHER_AES128_GCM, "suite 0 is AES-128-GCM");
    tu_rec_keys(&k, s, 1);
    if (strcmp(what, "prim") == 0) {
        mutls_aead *a;
        uint8_t nonce[MUTLS_AEAD_NONCE_LEN] = {0}, aad[13] = {0}, tag[MUTLS_AEAD_TAG_LEN];

        check(mutls_aead_new(&a, s->cipher, k.enc_key, k.enc_key_len) == 0, "aead");
        for (i = 0; i < n; i++) {
            nonce[11] = (uint8_t)i;
            check(mutls_aead_seal(a, nonce, aad, sizeof(aad), wbuf, REC, tag) == 0 &&
                      mutls_aead_open(a, nonce, aad, sizeof(aad), wbuf, REC, tag) == 0,
                  "aead");
        }
        mutls_aead_free(a);
    } else if (strcmp(what, "raw") == 0) {
        static gcm_state g;

        check(gcm_init(&g, find_cipher("aes"), k.enc_key, (int)k.enc_key_len) == CRYPT_OK, "gcm");
        for (i = 0; i < n; i++) {
            raw_gcm_round(&g, (uint8_t)i);
        }
    } else if (strcmp(what, "rec") == 0) {
        mutls_rec_dir w, r;
        size_t prefix, rec_len, off, len;
        uint8_t iv[16] = {0};

        memset(&w, 0, sizeof(w));
        memset(&r, 0, sizeof(r));
        check(mutls_rec_dir_set(&w, &k) == 0 && mutls_rec_dir_set(&r, &k) == 0, "keys");
        prefix = mutls_rec_prefix_len(&w);
        memset(wbuf + MUTLS_REC_HEADER_LEN + prefix, 0x5a, REC);
        for (i = 0; i < n; i++) {
            check(mutls_rec_seal(&w, MUTLS_CT_APPLICATION_DATA, 0x0303, iv, wbuf, REC, &rec_len) ==
                          0 &&
                      mutls_rec_open(&r, MUTLS_CT_APPLICATION_DATA, 0x0303,
                                     wbuf + MUTLS_REC_HEADER_LEN, rec_len - MUTLS_REC_HEADER_LEN,
                                     &off, &len) == 0,
                  "record");
        }
        mutls_rec_dir_clear(&w);
        mutls_rec_dir_clear(&r);
    } else {
        fprintf(stderr, "bench_record: --count prim|raw|rec N\n");
        return 2;
    }
    printf("%s: %ld seal+open pairs of a %d-byte AES-128-GCM record\n", what, n, REC);
    return 0;
}

int main(int argc, char **argv)
{
    size_t i;
    int rounds = ROUNDS;

    check(mutls_init() == 0, "mutls_init");
    register_cipher(&aes_desc);
    register_hash(&sha1_desc);
    register_hash(&sha256_desc);
    register_hash(&sha384_desc);
    check(mutls_rng_new(&rng, NULL, NULL) == 0, "rng");
    if (argc == 4 && strcmp(argv[1], "--count") == 0) {
        int rc = count_only(argv[2], atol(argv[3]));

        mutls_rng_free(rng);
        return rc;
    }
    if (getenv("MUTLS_BENCH_ROUNDS") != NULL) {
        rounds = atoi(getenv("MUTLS_BENCH_ROUNDS"));
        rounds = rounds < 1 ? 1 : rounds;
    }
    printf("protect+unprotect of %d-byte records (MB/s of plaintext), best of %d rounds\n", REC,
           rounds);
    printf("%-24s %9s %9s %9s %7s %8s %9s\n", "cipher", "mutls", "prim", "raw", "ratio", "prim/raw",
           "full");
    for (i = 0; i < tu_rec_suite_count; i++) {
        const tu_rec_suite *s = &tu_rec_suites[i];
        int aead = s->cipher == MUTLS_CIPHER_AES128_GCM || s->cipher == MUTLS_CIPHER_AES256_GCM ||
                   s->cipher == MUTLS_CIPHER_CHACHA20_POLY1305;
        double ours = 0, prim = 0, raw = 0, full = 0, v;
        int round;

        for (round = 0; round < rounds; round++) {
            v = bench_mutls(s);
            ours = v > ours ? v : ours;
            if (aead) {
                v = bench_prim(s);
                prim = v > prim ? v : prim;
            }
            if (s->cipher == MUTLS_CIPHER_AES128_GCM || s->cipher == MUTLS_CIPHER_AES256_GCM) {
                v = bench_raw_gcm(s);
            } else if (s->cipher == MUTLS_CIPHER_CHACHA20_POLY1305) {
                v = bench_raw_chacha(s);
            } else {
                v = bench_raw_cbc(s);
            }
            raw = v > raw ? v : raw;
            v = bench_full(s);
            full = v > full ? v : full;
        }
        if (aead) {
            printf("%-24s %9.1f %9.1f %9.1f %7.2f %8.2f %9.1f\n", s->name, ours, prim, raw,
                   ours / raw, prim / raw, full);
        } else {
            printf("%-24s %9.1f %9s %9.1f %7.2f %8s %9.1f\n", s->name, ours, "-", raw, ours / raw,
                   "-", full);
        }
        fflush(stdout);
    }
    lucky13_probe();
    mutls_rng_free(rng);
    return 0;
}
