/* SPDX-License-Identifier: MIT */
/*
 * fuzz_record.c - libFuzzer harness for the record layer (RFC 5246 §6, RFC 5288, RFC 7905,
 * RFC 7366, RFC 8449) under fixed keys for every protection configuration.
 *
 * Input: byte 0 picks the set-up, byte 1 a parameter, the rest is the peer's bytes.
 *   byte 0 bits 0-3: configuration, an index into tu_rec_suites (AES-GCM, ChaCha20-Poly1305,
 *                    AES-CBC with HMAC-SHA1/256/384, with and without encrypt-then-MAC);
 *                    an index past the table means the null cipher only.
 *   byte 0 bit 4:    1 = one fragment straight into mutls_rec_open (byte 1 = content type);
 *                    0 = a stream of records read with mutls_rec_read over a transport.
 *   byte 0 bits 5-6: transport chunking for the stream (whole, 1 byte, 7 bytes, 100 bytes).
 *   byte 0 bit 7:    stream: 0 = keys in force from the first record; 1 = the null cipher
 *                    with an unfixed version until a ChangeCipherSpec, then the keys.
 *   byte 1 bits 0-1: stream: max fragment length (2^14, 4096, 512, 64: RFC 8449);
 *   byte 1 bits 2-7: stream: application-data chunk size asked for (1 + 61 * n).
 *
 * Target functions: mutls_rec_open, mutls_rec_dir_set, mutls_rec_read (record framing,
 * version and length checks, handshake reassembly, alerts, the empty-record limit),
 * mutls_rec_set_read_keys, mutls_rec_set_version.
 *
 * Seeds: tests/fuzz/corpus/fuzz_record, written by fuzz_seeds (records sealed with the same
 * keys, so that mutations reach the code behind the MAC check).
 */
#include <stdlib.h>
#include <string.h>

#include "fuzz_common.h"
#include "rectest.h"
#include "record.h"

/* Reads per input at most: each consumes input or ends the stream, this is a safety net. */
#define MAX_READS 100000

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_code(const char *what, int rc)
{
    if (rc > MUTLS_REC_CLOSED || (rc < 0 && strcmp(mutls_strerror(rc), "unknown_error") == 0)) {
        fz_fail(what, rc);
    }
}

static void open_one(const tu_rec_suite *s, uint8_t type, const uint8_t *frag, size_t len)
{
    mutls_rec_dir d;
    mutls_rec_keys k;
    uint8_t *buf;
    size_t pt_off = 0;
    size_t pt_len = 0;
    int rc;

    if (s == NULL) {
        return; /* mutls_rec_open is only for a protected direction */
    }
    memset(&d, 0, sizeof(d));
    tu_rec_keys(&k, s, 1);
    if (mutls_rec_dir_set(&d, &k) != 0) {
        fz_fail("rec_dir_set with fixed keys", -1);
    }
    /* An exact-size copy, since rec_open decrypts in place. */
    buf = malloc(len > 0 ? len : 1);
    if (buf != NULL) {
        memcpy(buf, frag, len);
        rc = mutls_rec_open(&d, type, 0x0303, buf, len, &pt_off, &pt_len);
        check_code("rec_open", rc);
        if (rc == 0 && (pt_off > len || pt_len > len - pt_off)) {
            fz_fail("rec_open plaintext outside the fragment", rc);
        }
        free(buf);
    }
    mutls_rec_dir_clear(&d);
}

static void read_stream(const tu_rec_suite *s, uint8_t b0, uint8_t b1, const uint8_t *in,
                        size_t len)
{
    static const size_t chunks[4] = {0, 1, 7, 100};
    static const size_t frags[4] = {16384, 4096, 512, 64};
    size_t app_max = 1 + 61u * (size_t)(b1 >> 2);
    int keys_later = (b0 & 0x80) != 0;
    fz_stream st = {in, len, 0, chunks[(b0 >> 5) & 3]};
    mutls_record rl;
    mutls_rec_keys k;
    int i;
    int rc;

    memset(&rl, 0, sizeof(rl));
    if (mutls_rec_init(&rl, frags[b1 & 3], MUTLS_REC_DEFAULT_MAX_HANDSHAKE, NULL) != 0) {
        return;
    }
    mutls_rec_set_transport(&rl, fz_stream_send, fz_stream_recv, &st);
    if (s != NULL) {
        tu_rec_keys(&k, s, 1);
    }
    if (!keys_later) {
        mutls_rec_set_version(&rl, 0x0303);
        if (s != NULL && mutls_rec_set_read_keys(&rl, &k) != 0) {
            fz_fail("rec_set_read_keys with fixed keys", -1);
        }
    }
    for (i = 0; i < MAX_READS; i++) {
        mutls_rec_unit u;

        memset(&u, 0, sizeof(u));
        rc = mutls_rec_read(&rl, &u, app_max);
        if (rc != 0) {
            check_code("rec_read", rc);
            break;
        }
        if (u.type == MUTLS_CT_APPLICATION_DATA && (u.data.len == 0 || u.data.len > app_max)) {
            fz_fail("application data chunk of a wrong size", (int)u.data.len);
        }
        if (u.type == MUTLS_CT_HANDSHAKE && u.data.len < 4) {
            fz_fail("handshake unit shorter than its header", (int)u.data.len);
        }
        if (u.type == MUTLS_CT_CHANGE_CIPHER_SPEC && keys_later && s != NULL) {
            /* The key change of a real handshake: version fixed, then the new keys. A
             * refusal (a half-received message or unread bytes) must be clean. */
            mutls_rec_set_version(&rl, 0x0303);
            rc = mutls_rec_set_read_keys(&rl, &k);
            if (rc != 0) {
                check_code("rec_set_read_keys at CCS", rc);
                break;
            }
            keys_later = 0;
        }
    }
    if (i == MAX_READS) {
        fz_fail("rec_read never ended", 0);
    }
    mutls_rec_clear(&rl);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const tu_rec_suite *s;
    size_t idx;

    if (size < 2) {
        return 0;
    }
    idx = data[0] & 0x0f;
    s = idx < tu_rec_suite_count ? &tu_rec_suites[idx] : NULL;
    if (data[0] & 0x10) {
        open_one(s, data[1], data + 2, size - 2);
    } else {
        read_stream(s, data[0], data[1], data + 2, size - 2);
    }
    return 0;
}
