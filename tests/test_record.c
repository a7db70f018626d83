/* SPDX-License-Identifier: MIT */
/*
 * test_record.c - record framing and I/O: handshake reassembly, CCS and alert rules, content
 * types, versions, length limits, truncation, close_notify and fatal alerts, the bounds on
 * empty and warning records, transports that move one byte at a time or block at random,
 * and no allocation per record. Protection itself is in test_record_protect.c.
 */
#include "testutil.h"

#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "rectest.h"

/* ---------------------------------------------------------------- helpers */

/* A reader on end 0 of a fresh pipe; raw bytes are injected towards it. */
typedef struct reader {
    mutls_record rl;
    tu_pipe *p;
} reader;

static void reader_init(reader *r, size_t max_frag, size_t max_hs)
{
    r->p = tu_pipe_new(1 << 17);
    assert_non_null(r->p);
    assert_int_equal(mutls_rec_init(&r->rl, max_frag, max_hs, NULL), 0);
    mutls_rec_set_transport(&r->rl, tu_pipe_send, tu_pipe_recv, tu_pipe_end(r->p, 0));
}

static void reader_clear(reader *r)
{
    mutls_rec_clear(&r->rl);
    tu_pipe_free(r->p);
}

/* Inject one plaintext record: header (type, version, length) and body. */
static void inject(reader *r, uint8_t type, uint16_t version, const uint8_t *body, size_t len)
{
    uint8_t hdr[5] = {type, (uint8_t)(version >> 8), (uint8_t)version, (uint8_t)(len >> 8),
                      (uint8_t)len};

    assert_int_equal(tu_pipe_inject(r->p, 0, hdr, 5), 0);
    if (len > 0) {
        assert_int_equal(tu_pipe_inject(r->p, 0, body, len), 0);
    }
}

/* ---------------------------------------------------------------- reassembly */

static void test_rec_message_split_three_records_reassembled(void **state)
{
    uint8_t msg[4 + 300];
    size_t len = tu_rec_make_msg(msg, 11, 300, 5);
    mutls_rec_unit u;
    reader r;

    (void)state;
    reader_init(&r, 16384, 65536);
    inject(&r, MUTLS_CT_HANDSHAKE, 0x0301, msg, 2); /* half of the header */
    inject(&r, MUTLS_CT_HANDSHAKE, 0x0301, msg + 2, 150);
    assert_int_equal(tu_rec_read_unit(&r.rl, &u), MUTLS_WANT_READ);
    inject(&r, MUTLS_CT_HANDSHAKE, 0x0301, msg + 152, len - 152);
    assert_int_equal(tu_rec_read_unit(&r.rl, &u), 0);
    assert_int_equal(u.type, MUTLS_CT_HANDSHAKE);
    assert_int_equal(u.data.len, len);
    assert_memory_equal(u.data.p, msg, len);
    assert_int_equal(tu_rec_read_unit(&r.rl, &u), MUTLS_WANT_READ);
    reader_clear(&r);
}

static void test_rec_three_messages_one_record_each_returned(void **state)
{
    uint8_t rec[600];
    size_t a = tu_rec_make_msg(rec, 2, 70, 1);
    size_t b = tu_rec_make_msg(rec + a, 11, 0, 2);
    size_t c = tu_rec_make_msg(rec + a + b, 14, 200, 3);
    mutls_rec_unit u;
    reader r;

    (void)state;
    reader_init(&r, 16384, 65536);
    inject(&r, MUTLS_CT_HANDSHAKE, 0x0303, rec, a + b + c);
    assert_int_equal(tu_rec_read_unit(&r.rl, &u), 0);
    assert_int_equal(u.data.len, a);
    assert_memory_equal(u.data.p, rec, a);
    assert_int_equal(tu_rec_read_unit(&r.rl, &u), 0);
    assert_int_equal(u.data.len, 4);
    assert_memory_equal(u.data.p, rec + a, b);
    assert_int_equal(tu_rec_read_unit(&r.rl, &u), 0);
    assert_int_equal(u.data.len, c);
    assert_memory_equal(u.data.p, rec + a + b, c);
    assert_int_equal(tu_rec_read_unit(&r.rl, &u), MUTLS_WANT_READ);
    reader_clear(&r);
}

static void test_rec_handshake_over_limit_too_large(void **state)
{
    static uint8_t msg[4 + 200];
    mutls_rec_unit u;
    reader r;

    (void)state;
    reader_init(&r, 16384, 100);
    inject(&r, MUTLS_CT_HANDSHAKE, 0x0303, msg, tu_rec_make_msg(msg, 1, 100, 0));
    assert_int_equal(tu_rec_read_unit(&r.rl, &u), 0);
    assert_int_equal(u.data.len, 104);
    reader_clear(&r);

    /* One byte over: refused from the header alone, before the body arrives. */
    reader_init(&r, 16384, 100);
    tu_rec_make_msg(msg, 1, 101, 0);
    inject(&r, MUTLS_CT_HANDSHAKE, 0x0303, msg, 4);
    assert_int_equal(tu_rec_read_unit(&r.rl, &u), MUTLS_ERR_HANDSHAKE_TOO_LARGE);
    assert_int_equal(tu_rec_read_unit(&r.rl, &u), MUTLS_ERR_HANDSHAKE_TOO_LARGE); /* sticky */
    reader_clear(&r);
}

/* ---------------------------------------------------------------- CCS, alerts, types */

static void test_rec_ccs_wrong_length_or_value_unexpected(void **state)
{
    static const uint8_t two[2] = {1, 1}, bad_value[1] = {2}, one[1] = {1};
    mutls_rec_unit u;
    reader r;

    (void)state;
    reader_init(&r, 16384, 65536);
    inject(&r, MUTLS_CT_CHANGE_CIPHER_SPEC, 0x0303, one, 1);
    assert_int_equal(tu_rec_read_unit(&r.rl, &u), 0);
    assert_int_equal(u.type, MUTLS_CT_CHANGE_CIPHER_SPEC);
    assert_int_equal(u.data.len, 1);
    assert_int_equal(u.data.p[0], 1);
    inject(&r, MUTLS_CT_CHANGE_CIPHER_SPEC, 0x0303, two, 2);
    assert_int_equal(tu_rec_read_unit(&r.rl, &u), MUTLS_ERR_RECORD_UNEXPECTED);
    reader_clear(&r);

    reader_init(&r, 16384, 65536);
    inject(&r, MUTLS_CT_CHANGE_CIPHER_SPEC, 0x0303, bad_value, 1);
    assert_int_equal(tu_rec_read_unit(&r.rl, &u), MUTLS_ERR_RECORD_UNEXPECTED);
    reader_clear(&r);

    reader_init(&r, 16384, 65536);
    inject(&r, MUTLS_CT_CHANGE_CIPHER_SPEC, 0x0303, NULL, 0);
    assert_int_equal(tu_rec_read_unit(&r.rl, &u), MUTLS_ERR_RECORD_UNEXPECTED);
    reader_clear(&r);
}

static void test_rec_alert_wrong_length_decode(void **state)
{
    static const uint8_t three[3] = {2, 40, 0};
    static const size_t lens[] = {0, 1, 3};
    mutls_rec_unit u;
    reader r;
    size_t i;

    (void)state;
    for (i = 0; i < 3; i++) {
        reader_init(&r, 16384, 65536);
        inject(&r, MUTLS_CT_ALERT, 0x0303, three, lens[i]);
        assert_int_equal(tu_rec_read_unit(&r.rl, &u), MUTLS_ERR_RECORD_DECODE);
        reader_clear(&r);
    }
    /* An unknown level is malformed too. */
    reader_init(&r, 16384, 65536);
    inject(&r, MUTLS_CT_ALERT, 0x0303, (const uint8_t *)"\x03\x28", 2);
    assert_int_equal(tu_rec_read_unit(&r.rl, &u), MUTLS_ERR_RECORD_DECODE);
    reader_clear(&r);
}

static void test_rec_zero_length_handshake_fragment_refused(void **state)
{
    mutls_rec_unit u;
    reader r;

    (void)state;
    reader_init(&r, 16384, 65536);
    inject(&r, MUTLS_CT_HANDSHAKE, 0x0303, NULL, 0);
    assert_int_equal(tu_rec_read_unit(&r.rl, &u), MUTLS_ERR_RECORD_DECODE);
    reader_clear(&r);
}

static void test_rec_ccs_inside_message_unexpected(void **state)
{
    uint8_t msg[40];
    mutls_rec_unit u;
    reader r;

    (void)state;
    reader_init(&r, 16384, 65536);
    tu_rec_make_msg(msg, 20, 30, 1);
    inject(&r, MUTLS_CT_HANDSHAKE, 0x0303, msg, 10);
    inject(&r, MUTLS_CT_CHANGE_CIPHER_SPEC, 0x0303, (const uint8_t *)"\x01", 1);
    assert_int_equal(tu_rec_read_unit(&r.rl, &u), MUTLS_ERR_RECORD_UNEXPECTED);
    reader_clear(&r);
}

static void test_rec_appdata_inside_message_unexpected(void **state)
{
    uint8_t msg[40];
    mutls_rec_unit u;
    tu_rec_pair p;

    (void)state;
    assert_int_equal(tu_rec_pair_init(&p, 16384), 0);
    assert_int_equal(tu_rec_pair_keys(&p, &tu_rec_suites[0], 2), 0);
    tu_rec_make_msg(msg, 20, 30, 1);
    assert_int_equal(mutls_rec_write(&p.w, MUTLS_CT_HANDSHAKE, msg, 10), 10);
    assert_int_equal(mutls_rec_write(&p.w, MUTLS_CT_APPLICATION_DATA, msg, 5), 5);
    assert_int_equal(mutls_rec_flush(&p.w), 0);
    assert_int_equal(tu_rec_read_unit(&p.r, &u), MUTLS_ERR_RECORD_UNEXPECTED);
    tu_rec_pair_clear(&p);
}

static void test_rec_appdata_unprotected_unexpected(void **state)
{
    mutls_rec_unit u;
    reader r;

    (void)state;
    reader_init(&r, 16384, 65536);
    inject(&r, MUTLS_CT_APPLICATION_DATA, 0x0303, (const uint8_t *)"hello", 5);
    assert_int_equal(tu_rec_read_unit(&r.rl, &u), MUTLS_ERR_RECORD_UNEXPECTED);
    reader_clear(&r);
}

static void test_rec_unknown_content_type_record_type(void **state)
{
    static const uint8_t types[] = {0, 19, 24, 0x7f};
    mutls_rec_unit u;
    reader r;
    size_t i;

    (void)state;
    for (i = 0; i < sizeof(types); i++) {
        reader_init(&r, 16384, 65536);
        inject(&r, types[i], 0x0303, (const uint8_t *)"ab", 2);
        assert_int_equal(tu_rec_read_unit(&r.rl, &u), MUTLS_ERR_RECORD_TYPE);
        reader_clear(&r);
    }
}

static void test_rec_key_change_inside_message_unexpected(void **state)
{
    uint8_t msg[40];
    mutls_rec_keys k;
    mutls_rec_unit u;
    reader r;

    (void)state;
    reader_init(&r, 16384, 65536);
    tu_rec_make_msg(msg, 20, 30, 1);
    inject(&r, MUTLS_CT_HANDSHAKE, 0x0303, msg, 10);
    assert_int_equal(tu_rec_read_unit(&r.rl, &u), MUTLS_WANT_READ);
    tu_rec_keys(&k, &tu_rec_suites[0], 1);
    assert_int_equal(mutls_rec_set_read_keys(&r.rl, &k), MUTLS_ERR_RECORD_UNEXPECTED);
    assert_false(r.rl.rd.active);
    reader_clear(&r);

    /* After a whole message the boundary is clean. */
    reader_init(&r, 16384, 65536);
    inject(&r, MUTLS_CT_HANDSHAKE, 0x0303, msg, 34);
    assert_int_equal(tu_rec_read_unit(&r.rl, &u), 0);
    assert_int_equal(mutls_rec_set_read_keys(&r.rl, &k), 0);
    reader_clear(&r);
}

/* ---------------------------------------------------------------- versions */

static void test_rec_version_before_fixed_any_03xx(void **state)
{
    /* RFC 5246 Appendix E.1: any {03,xx} before the version is fixed. */
    static const uint16_t ok[] = {0x0300, 0x0301, 0x0303, 0x0304, 0x03ff};
    static const uint16_t bad[] = {0x0203, 0x0403, 0xfeff, 0x0000, 0x0103};
    uint8_t msg[8];
    mutls_rec_unit u;
    reader r;
    size_t i;

    (void)state;
    tu_rec_make_msg(msg, 1, 4, 0);
    for (i = 0; i < 5; i++) {
        reader_init(&r, 16384, 65536);
        inject(&r, MUTLS_CT_HANDSHAKE, ok[i], msg, 8);
        assert_int_equal(tu_rec_read_unit(&r.rl, &u), 0);
        reader_clear(&r);
    }
    for (i = 0; i < 5; i++) {
        reader_init(&r, 16384, 65536);
        inject(&r, MUTLS_CT_HANDSHAKE, bad[i], msg, 8);
        assert_int_equal(tu_rec_read_unit(&r.rl, &u), MUTLS_ERR_RECORD_VERSION);
        reader_clear(&r);
    }
}

static void test_rec_sslv2_client_hello_record_version(void **state)
{
    /* SSL 2.0 CLIENT-HELLO: 2-byte length with the top bit set, msg type 1, version 3.1. */
    static const uint8_t v2[] = {0x80, 0x2e, 0x01, 0x03, 0x01, 0x00, 0x15, 0x00, 0x00, 0x00, 0x10};
    mutls_rec_unit u;
    reader r;

    (void)state;
    reader_init(&r, 16384, 65536);
    assert_int_equal(tu_pipe_inject(r.p, 0, v2, sizeof(v2)), 0);
    assert_int_equal(tu_rec_read_unit(&r.rl, &u), MUTLS_ERR_RECORD_VERSION);
    reader_clear(&r);
}

static void test_rec_version_after_fixed_exact(void **state)
{
    uint8_t msg[8];
    mutls_rec_unit u;
    reader r;

    (void)state;
    tu_rec_make_msg(msg, 2, 4, 0);
    reader_init(&r, 16384, 65536);
    mutls_rec_set_version(&r.rl, 0x0303);
    inject(&r, MUTLS_CT_HANDSHAKE, 0x0303, msg, 8);
    assert_int_equal(tu_rec_read_unit(&r.rl, &u), 0);
    inject(&r, MUTLS_CT_HANDSHAKE, 0x0301, msg, 8);
    assert_int_equal(tu_rec_read_unit(&r.rl, &u), MUTLS_ERR_RECORD_VERSION);
    reader_clear(&r);
}

static void test_rec_write_version_0301_then_0303(void **state)
{
    uint8_t msg[8], out[64];
    mutls_record w;
    tu_pipe *p = tu_pipe_new(4096);

    (void)state;
    tu_rec_make_msg(msg, 1, 4, 0);
    assert_int_equal(mutls_rec_init(&w, 16384, 65536, NULL), 0);
    mutls_rec_set_transport(&w, tu_pipe_send, tu_pipe_recv, tu_pipe_end(p, 0));
    assert_int_equal(w.write_version, 0x0303);
    mutls_rec_set_write_version(&w, 0x0301);
    assert_int_equal(mutls_rec_write(&w, MUTLS_CT_HANDSHAKE, msg, 8), 8);
    mutls_rec_set_version(&w, 0x0303);
    assert_int_equal(mutls_rec_write(&w, MUTLS_CT_HANDSHAKE, msg, 8), 8);
    assert_int_equal(mutls_rec_flush(&w), 0);
    assert_int_equal(tu_pipe_take(p, 0, out, sizeof(out)), 26);
    assert_memory_equal(out, "\x16\x03\x01\x00\x08", 5);
    assert_memory_equal(out + 13, "\x16\x03\x03\x00\x08", 5);
    mutls_rec_clear(&w);
    tu_pipe_free(p);
}

/* ---------------------------------------------------------------- length limits */

static void test_rec_plaintext_over_2_14_overflow(void **state)
{
    static uint8_t body[16385];
    mutls_rec_unit u;
    reader r;

    (void)state;
    tu_rec_make_msg(body, 1, 16380, 0);
    reader_init(&r, 16384, 65536);
    inject(&r, MUTLS_CT_HANDSHAKE, 0x0303, body, 16384);
    assert_int_equal(tu_rec_read_unit(&r.rl, &u), 0);
    inject(&r, MUTLS_CT_HANDSHAKE, 0x0303, body, 16385);
    assert_int_equal(tu_rec_read_unit(&r.rl, &u), MUTLS_ERR_RECORD_OVERFLOW);
    reader_clear(&r);

    /* RFC 8449 §4: a smaller limit binds protected records (test_rec_decrypted_over_limit);
     * an unprotected one may fill the buffer the limit sized: 512 + the largest expansion. */
    reader_init(&r, 512, 65536);
    inject(&r, MUTLS_CT_HANDSHAKE, 0x0303, body, 512 + MUTLS_REC_MAX_EXPANSION);
    assert_int_equal(tu_rec_read_unit(&r.rl, &u), MUTLS_WANT_READ); /* a fragment of a message */
    inject(&r, MUTLS_CT_HANDSHAKE, 0x0303, body, 512 + MUTLS_REC_MAX_EXPANSION + 1);
    assert_int_equal(tu_rec_read_unit(&r.rl, &u), MUTLS_ERR_RECORD_OVERFLOW);
    reader_clear(&r);
}

static void test_rec_ciphertext_over_limit_overflow(void **state)
{
    static const uint8_t hdr_big[5] = {23, 3, 3, (16384 + 2048 + 1) >> 8, (16384 + 2048 + 1) & 255};
    static const uint8_t hdr_gcm[5] = {23, 3, 3, (16384 + 24 + 1) >> 8, (16384 + 24 + 1) & 255};
    mutls_rec_unit u;
    size_t si;

    (void)state;
    for (si = 0; si < tu_rec_built_count; si++) {
        tu_rec_pair p;

        assert_int_equal(tu_rec_pair_init(&p, 16384), 0);
        assert_int_equal(tu_rec_pair_keys(&p, &tu_rec_suites[si], 2), 0);
        assert_int_equal(tu_pipe_inject(p.pipe, 1, hdr_big, 5), 0);
        assert_int_equal(tu_rec_read_unit(&p.r, &u), MUTLS_ERR_RECORD_OVERFLOW);
        tu_rec_pair_clear(&p);
    }
    /* AES-GCM's own limit: 2^14 + 8-byte nonce + 16-byte tag. */
    {
        tu_rec_pair p;

        assert_int_equal(tu_rec_pair_init(&p, 16384), 0);
        assert_int_equal(tu_rec_pair_keys(&p, &tu_rec_suites[0], 2), 0);
        assert_int_equal(tu_pipe_inject(p.pipe, 1, hdr_gcm, 5), 0);
        assert_int_equal(tu_rec_read_unit(&p.r, &u), MUTLS_ERR_RECORD_OVERFLOW);
        tu_rec_pair_clear(&p);
    }
}

/* A CBC record whose length passes the header check but whose plaintext is over the limit.
 * Only CBC gets this far: an AEAD record's expansion is fixed, so its header already tells. */
static void test_rec_decrypted_over_limit_overflow(void **state)
{
    static uint8_t data[1040];
    mutls_rec_unit u;
    tu_rec_pair p;

    (void)state;
    if (tu_rec_built_count <= 3) {
        skip(); /* MUTLS_CBC=OFF: tu_rec_suites[3] (AES-128-CBC-SHA) is left out */
    }
    assert_int_equal(tu_rec_pair_init(&p, 16384), 0);
    mutls_rec_clear(&p.r);
    assert_int_equal(mutls_rec_init(&p.r, 1024, 65536, NULL), 0);
    mutls_rec_set_transport(&p.r, tu_pipe_send, tu_pipe_recv, tu_pipe_end(p.pipe, 1));
    mutls_rec_set_version(&p.r, 0x0303);
    assert_int_equal(tu_rec_pair_keys(&p, &tu_rec_suites[3], 2), 0);
    assert_int_equal(mutls_rec_write(&p.w, MUTLS_CT_APPLICATION_DATA, data, 1040), 1040);
    assert_int_equal(mutls_rec_flush(&p.w), 0);
    assert_int_equal(tu_rec_read_unit(&p.r, &u), MUTLS_ERR_RECORD_OVERFLOW);
    tu_rec_pair_clear(&p);
}

static void test_rec_small_fragment_limit_splits_writes(void **state)
{
    static uint8_t data[1000], out[2000];
    mutls_record w;
    tu_pipe *p = tu_pipe_new(4096);
    size_t n, off = 0, i;

    (void)state;
    assert_int_equal(mutls_rec_init(&w, 256, 65536, NULL), 0);
    mutls_rec_set_transport(&w, tu_pipe_send, tu_pipe_recv, tu_pipe_end(p, 0));
    for (n = 0; n < 1000;) {
        int rc = mutls_rec_write(&w, MUTLS_CT_HANDSHAKE, data + n, 1000 - n);
        if (rc == MUTLS_WANT_WRITE) {
            assert_int_equal(mutls_rec_flush(&w), 0);
            continue;
        }
        assert_true(rc > 0);
        n += (size_t)rc;
    }
    assert_int_equal(mutls_rec_flush(&w), 0);
    assert_int_equal(tu_pipe_take(p, 0, out, sizeof(out)), 1000 + 4 * 5);
    for (i = 0; i < 4; i++) {
        size_t len = (size_t)out[off + 3] << 8 | out[off + 4];
        assert_int_equal(len, i < 3 ? 256 : 232);
        off += 5 + len;
    }
    mutls_rec_clear(&w);
    tu_pipe_free(p);
}

/* ---------------------------------------------------------------- ends of the stream */

static void test_rec_stream_cut_anywhere_truncated(void **state)
{
    uint8_t rec[64];
    size_t cut;

    (void)state;
    rec[0] = MUTLS_CT_HANDSHAKE;
    rec[1] = 3;
    rec[2] = 3;
    rec[3] = 0;
    rec[4] = (uint8_t)tu_rec_make_msg(rec + 5, 1, 20, 0);
    for (cut = 0; cut < 5 + 24; cut++) {
        mutls_rec_unit u;
        reader r;

        reader_init(&r, 16384, 65536);
        if (cut > 0) {
            assert_int_equal(tu_pipe_inject(r.p, 0, rec, cut), 0);
        }
        tu_pipe_close(r.p, 1);
        assert_int_equal(tu_rec_read_unit(&r.rl, &u), MUTLS_ERR_TRUNCATED);
        assert_int_equal(tu_rec_read_unit(&r.rl, &u), MUTLS_ERR_TRUNCATED);
        reader_clear(&r);
    }
}

static void test_rec_close_notify_clean_end(void **state)
{
    static const uint8_t data[4] = {1, 2, 3, 4};
    mutls_rec_unit u;
    tu_rec_pair p;

    (void)state;
    assert_int_equal(tu_rec_pair_init(&p, 16384), 0);
    assert_int_equal(tu_rec_pair_keys(&p, &tu_rec_suites[2], 4), 0);
    assert_int_equal(mutls_rec_write(&p.w, MUTLS_CT_APPLICATION_DATA, data, 4), 4);
    assert_int_equal(
        mutls_rec_send_alert(&p.w, MUTLS_ALERT_LEVEL_WARNING, MUTLS_ALERT_CLOSE_NOTIFY), 0);
    assert_int_equal(mutls_rec_flush(&p.w), 0);
    /* Nothing may follow our close_notify. */
    assert_int_equal(mutls_rec_write(&p.w, MUTLS_CT_APPLICATION_DATA, data, 4), MUTLS_ERR_CLOSED);
    tu_pipe_close(p.pipe, 0);
    assert_int_equal(tu_rec_read_unit(&p.r, &u), 0);
    assert_int_equal(u.data.len, 4);
    assert_int_equal(tu_rec_read_unit(&p.r, &u), MUTLS_REC_CLOSED);
    assert_int_equal(tu_rec_read_unit(&p.r, &u), MUTLS_REC_CLOSED);
    assert_int_equal(p.r.alert_desc, MUTLS_ALERT_CLOSE_NOTIFY);
    tu_rec_pair_clear(&p);
}

/* Every alert TLS defines, sent at fatal level, ends the connection with its number. */
static void test_rec_fatal_alert_reported_with_number(void **state)
{
    int desc, seen = 0;

    (void)state;
    for (desc = 1; desc < 256; desc++) {
        mutls_rec_unit u;
        tu_rec_pair p;

        if (strcmp(mutls_alert_name(desc), "unknown_alert") == 0) {
            continue;
        }
        seen++;
        assert_int_equal(tu_rec_pair_init(&p, 16384), 0);
        if (desc % 2 == 1) { /* half of them protected */
            size_t si = (size_t)desc % tu_rec_suite_count;

            if (si >= tu_rec_built_count) {
                si = (size_t)desc % tu_rec_built_count; /* MUTLS_CBC=OFF: an AEAD one */
            }
            assert_int_equal(tu_rec_pair_keys(&p, &tu_rec_suites[si], 4), 0);
        }
        assert_int_equal(mutls_rec_send_alert(&p.w, MUTLS_ALERT_LEVEL_FATAL, desc), 0);
        assert_int_equal(mutls_rec_flush(&p.w), 0);
        assert_int_equal(mutls_rec_send_alert(&p.w, MUTLS_ALERT_LEVEL_FATAL, desc),
                         MUTLS_ERR_CLOSED);
        assert_int_equal(tu_rec_read_unit(&p.r, &u), MUTLS_ERR_ALERT_RECEIVED);
        assert_int_equal(p.r.alert_level, MUTLS_ALERT_LEVEL_FATAL);
        assert_int_equal(p.r.alert_desc, desc);
        assert_int_equal(tu_rec_read_unit(&p.r, &u), MUTLS_ERR_ALERT_RECEIVED);
        tu_rec_pair_clear(&p);
    }
    assert_true(seen >= 30);
}

/* An always-fatal description sent at warning level still ends the connection. */
static void test_rec_always_fatal_warning_alert_received(void **state)
{
    static const uint8_t warn_mac[2] = {1, MUTLS_ALERT_BAD_RECORD_MAC};
    mutls_rec_unit u;
    reader r;

    (void)state;
    reader_init(&r, 16384, 65536);
    inject(&r, MUTLS_CT_ALERT, 0x0303, warn_mac, 2);
    assert_int_equal(tu_rec_read_unit(&r.rl, &u), MUTLS_ERR_ALERT_RECEIVED);
    assert_int_equal(r.rl.alert_level, MUTLS_ALERT_LEVEL_WARNING);
    assert_int_equal(r.rl.alert_desc, MUTLS_ALERT_BAD_RECORD_MAC);
    reader_clear(&r);
}

static void test_rec_warning_alerts_bounded(void **state)
{
    static const uint8_t warn[2] = {1, 90}; /* user_canceled */
    uint8_t msg[8];
    mutls_rec_unit u;
    reader r;
    int i;

    (void)state;
    tu_rec_make_msg(msg, 1, 4, 0);
    reader_init(&r, 16384, 65536);
    for (i = 0; i < MUTLS_REC_MAX_EMPTY_RECORDS; i++) {
        inject(&r, MUTLS_CT_ALERT, 0x0303, warn, 2);
    }
    inject(&r, MUTLS_CT_HANDSHAKE, 0x0303, msg, 8);
    assert_int_equal(tu_rec_read_unit(&r.rl, &u), 0);
    assert_int_equal(r.rl.alert_desc, 90);
    for (i = 0; i <= MUTLS_REC_MAX_EMPTY_RECORDS; i++) {
        inject(&r, MUTLS_CT_ALERT, 0x0303, warn, 2);
    }
    assert_int_equal(tu_rec_read_unit(&r.rl, &u), MUTLS_ERR_RECORD_UNEXPECTED);
    reader_clear(&r);
}

static void test_rec_empty_appdata_records_bounded(void **state)
{
    uint8_t rec[64];
    mutls_rec_unit u;
    tu_rec_pair p;
    size_t len = 0;
    int i;

    (void)state;
    assert_int_equal(tu_rec_pair_init(&p, 16384), 0);
    assert_int_equal(tu_rec_pair_keys(&p, &tu_rec_suites[0], 4), 0);
    for (i = 0; i <= MUTLS_REC_MAX_EMPTY_RECORDS; i++) {
        assert_int_equal(
            mutls_rec_seal(&p.w.wr, MUTLS_CT_APPLICATION_DATA, 0x0303, NULL, rec, 0, &len), 0);
        assert_int_equal(tu_pipe_inject(p.pipe, 1, rec, len), 0);
    }
    assert_int_equal(tu_rec_read_unit(&p.r, &u), MUTLS_ERR_RECORD_UNEXPECTED);
    tu_rec_pair_clear(&p);
}

/* Flipping header bits of a protected record never releases plaintext. */
static void test_rec_header_bit_flip_no_plaintext(void **state)
{
    static const uint8_t data[20] = "twenty bytes of data";
    uint8_t rec[256], bad[256];
    size_t si, bit, rec_len;

    (void)state;
    for (si = 0; si < tu_rec_built_count; si++) {
        for (bit = 0; bit < 40; bit++) {
            mutls_rec_unit u;
            tu_rec_pair p;
            int rc;

            assert_int_equal(tu_rec_pair_init(&p, 16384), 0);
            assert_int_equal(tu_rec_pair_keys(&p, &tu_rec_suites[si], 6), 0);
            assert_int_equal(mutls_rec_write(&p.w, MUTLS_CT_APPLICATION_DATA, data, 20), 20);
            assert_int_equal(mutls_rec_flush(&p.w), 0);
            rec_len = tu_pipe_take(p.pipe, 0, rec, sizeof(rec));
            memcpy(bad, rec, rec_len);
            bad[bit / 8] ^= (uint8_t)(1u << (bit % 8));
            assert_int_equal(tu_pipe_inject(p.pipe, 1, bad, rec_len), 0);
            tu_pipe_close(p.pipe, 0);
            rc = tu_rec_read_unit(&p.r, &u);
            if (rc >= 0 || rc == MUTLS_WANT_READ) {
                fail_msg("%s: header bit %zu gave %d", tu_rec_suites[si].name, bit, rc);
            }
            assert_null(u.data.p);
            tu_rec_pair_clear(&p);
        }
    }
}

static void test_rec_bad_arguments_refused(void **state)
{
    mutls_record rl;
    mutls_rec_unit u;

    (void)state;
    assert_int_equal(mutls_rec_init(&rl, 63, 65536, NULL), MUTLS_ERR_BAD_ARGUMENT);
    assert_int_equal(mutls_rec_init(&rl, 16385, 65536, NULL), MUTLS_ERR_BAD_ARGUMENT);
    assert_int_equal(mutls_rec_init(&rl, 16384, 0, NULL), MUTLS_ERR_BAD_ARGUMENT);
    assert_int_equal(mutls_rec_init(&rl, 16384, 65536, NULL), 0);
    /* RFC 5246 §6.2.1: no empty handshake, alert or CCS fragments from us either. */
    assert_int_equal(mutls_rec_write(&rl, MUTLS_CT_HANDSHAKE, NULL, 0), MUTLS_ERR_BAD_ARGUMENT);
    assert_int_equal(mutls_rec_write(&rl, MUTLS_CT_APPLICATION_DATA, NULL, 0), 0);
    assert_int_equal(mutls_rec_write(&rl, 99, (const uint8_t *)"x", 1), MUTLS_ERR_BAD_ARGUMENT);
    assert_int_equal(mutls_rec_read(&rl, &u, 0), MUTLS_ERR_BAD_ARGUMENT);
    assert_int_equal(mutls_rec_send_alert(&rl, 3, 0), MUTLS_ERR_BAD_ARGUMENT);
    mutls_rec_clear(&rl);
    mutls_rec_clear(&rl); /* idempotent */
}

static int group_setup(void **state)
{
    (void)state;
    return mutls_init() < 0 ? -1 : 0;
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_rec_message_split_three_records_reassembled),
        cmocka_unit_test(test_rec_three_messages_one_record_each_returned),
        cmocka_unit_test(test_rec_handshake_over_limit_too_large),
        cmocka_unit_test(test_rec_ccs_wrong_length_or_value_unexpected),
        cmocka_unit_test(test_rec_alert_wrong_length_decode),
        cmocka_unit_test(test_rec_zero_length_handshake_fragment_refused),
        cmocka_unit_test(test_rec_ccs_inside_message_unexpected),
        cmocka_unit_test(test_rec_appdata_inside_message_unexpected),
        cmocka_unit_test(test_rec_appdata_unprotected_unexpected),
        cmocka_unit_test(test_rec_unknown_content_type_record_type),
        cmocka_unit_test(test_rec_key_change_inside_message_unexpected),
        cmocka_unit_test(test_rec_version_before_fixed_any_03xx),
        cmocka_unit_test(test_rec_sslv2_client_hello_record_version),
        cmocka_unit_test(test_rec_version_after_fixed_exact),
        cmocka_unit_test(test_rec_write_version_0301_then_0303),
        cmocka_unit_test(test_rec_plaintext_over_2_14_overflow),
        cmocka_unit_test(test_rec_ciphertext_over_limit_overflow),
        cmocka_unit_test(test_rec_decrypted_over_limit_overflow),
        cmocka_unit_test(test_rec_small_fragment_limit_splits_writes),
        cmocka_unit_test(test_rec_stream_cut_anywhere_truncated),
        cmocka_unit_test(test_rec_close_notify_clean_end),
        cmocka_unit_test(test_rec_fatal_alert_reported_with_number),
        cmocka_unit_test(test_rec_always_fatal_warning_alert_received),
        cmocka_unit_test(test_rec_warning_alerts_bounded),
        cmocka_unit_test(test_rec_empty_appdata_records_bounded),
        cmocka_unit_test(test_rec_header_bit_flip_no_plaintext),
        cmocka_unit_test(test_rec_bad_arguments_refused),
    };
    return cmocka_run_group_tests(tests, group_setup, NULL);
}
