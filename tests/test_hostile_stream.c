/* SPDX-License-Identifier: MIT */
/*
 * test_hostile_stream.c - what a network attacker can do to the byte stream of a real
 * connection, replayed byte-exactly (replay.h): a reference client-server run is recorded
 * with deterministic randomness, then a fresh copy of one side is fed the other side's bytes
 *   - cut at every offset: always MUTLS_ERR_TRUNCATED (never a clean end; RFC 5246 §7.2.1),
 *     having delivered exactly the application records that arrived whole;
 *   - with any single bit of any record after the handshake flipped: the body bits end the
 *     connection with bad_record_mac and deliver none of that record; header bits end it
 *     with the header check that applies (type, version, length).
 * Splitting the stream is in test_hostile_split.c.
 * MUTLS_TEST_QUICK=1 (and any run under valgrind) visits every 17th offset / bit instead.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hs_pair.h"
#include "record.h"
#include "replay.h"
#include "testutil.h"

#include <cmocka.h>

/* ------------------------------------------------------------ truncation */

static void truncation_case(rp_run *r, int server, size_t n)
{
    const rp_log *in = server ? &r->c2s : &r->s2c;
    const char **msgs = server ? rp_c2s_msgs : rp_s2c_msgs;
    size_t step = rp_stride(n);
    int cases = 0;

    for (size_t cut = 0; cut <= in->len;
         cut += (cut + step > in->len && cut != in->len) ? in->len - cut : step) {
        rp_log got = {0}, want = {0};
        int rc = rp_replay(r, server, in->p, cut, 0, 0, &got, NULL, NULL);

        rp_app_data_before(r, msgs, in, cut, &want);
        if (cut == in->len) {
            /* only the whole stream, with its close_notify, is a clean end */
            assert_int_equal(rc, 0);
        } else if (rc != MUTLS_ERR_TRUNCATED) {
            fail_msg("%s cut at %zu of %zu: %d, not truncated", server ? "server" : "client", cut,
                     in->len, rc);
        }
        assert_int_equal(got.len, want.len);
        if (want.len > 0) {
            assert_memory_equal(got.p, want.p, want.len);
        }
        rp_log_free(&got);
        rp_log_free(&want);
        cases++;
    }
    assert_true(cases * step > 100); /* the sweep really ran */
}

static void test_stream_cut_anywhere_truncated_both_sides(void **state)
{
    size_t n = 1;
    const char *suite = rp_suite_or("AES128-GCM-SHA256", "ECDHE-RSA-AES128-GCM-SHA256", &n);
    rp_run r;

    (void)state;
    rp_run_open(&r, suite, 1, MUTLS_CLIENT_AUTH_REQUIRED);
    truncation_case(&r, 0, n);
    truncation_case(&r, 1, n);
    rp_run_close(&r);
}

/* ------------------------------------------------------------ tampering */

/* What flipping bit @p bit of the record at @p rec (body length @p body) must give. */
static int expected_flip(const rp_run *r, const rp_log *in, size_t rec, size_t body, size_t bit,
                         const char *suite)
{
    size_t byte = bit / 8;
    uint8_t v = (uint8_t)(in->p[rec + byte] ^ (1u << (bit % 8)));
    size_t limit;

    if (byte >= 5) {
        return MUTLS_ERR_BAD_RECORD_MAC; /* RFC 5246 §6.2.3: the body is authenticated */
    }
    if (byte == 0) {
        /* another valid type changes the MAC input; an unknown one is refused first */
        return v >= 20 && v <= 23 ? MUTLS_ERR_BAD_RECORD_MAC : MUTLS_ERR_RECORD_TYPE;
    }
    if (byte < 3) {
        return MUTLS_ERR_RECORD_VERSION; /* fixed at 0x0303 after ServerHello */
    }
    /* the length: the largest fragment the suite's expansion allows (RFC 5246 §6.2.3) */
    if (r->cbc) {
        limit = 16 + 16384 + (strstr(suite, "SHA384") ? 48 : 32) + 256;
    } else {
        limit = (strstr(suite, "CHACHA") ? 0 : 8) + 16384 + 16;
    }
    {
        size_t len = byte == 3 ? (body ^ ((size_t)1 << (8 + bit % 8))) : (body ^ (1u << (bit % 8)));
        if (len > limit) {
            return MUTLS_ERR_RECORD_OVERFLOW;
        }
        if (len > in->len - rec - 5) {
            return MUTLS_ERR_TRUNCATED; /* waits for bytes that never come */
        }
        return MUTLS_ERR_BAD_RECORD_MAC;
    }
}

static void tamper_case(const char *suite, int etm, size_t n)
{
    rp_run r;
    size_t step = rp_stride(n);
    size_t off, next;
    uint8_t type;
    int flips = 0;

    /* Client authentication changes nothing after the handshake: left out to save time. */
    rp_run_open(&r, suite, etm, MUTLS_CLIENT_AUTH_NONE);
    /* The client receives: every record after the server's Finished (application data and
     * the close_notify alert). */
    off = rp_after_handshake(&r.s2c);
    while ((next = rp_next_record(r.s2c.p, r.s2c.len, off, &type)) != 0) {
        size_t body = next - off - 5;
        rp_log want = {0};

        rp_app_data_before(&r, rp_s2c_msgs, &r.s2c, off, &want);
        for (size_t bit = 0; bit < (next - off) * 8; bit += bit < 40 ? 1 : step) {
            uint8_t *copy = malloc(r.s2c.len);
            rp_log got = {0};
            int alert = -1, rc, expect = expected_flip(&r, &r.s2c, off, body, bit, suite);

            assert_non_null(copy);
            memcpy(copy, r.s2c.p, r.s2c.len);
            copy[off + bit / 8] ^= (uint8_t)(1u << (bit % 8));
            rc = rp_replay(&r, 0, copy, r.s2c.len, 0, 0, &got, NULL, &alert);
            if (rc != expect) {
                fail_msg("%s: record at %zu, bit %zu: %d, expected %d", suite, off, bit, rc,
                         expect);
            }
            if (expect == MUTLS_ERR_BAD_RECORD_MAC) {
                assert_int_equal(alert, MUTLS_ALERT_BAD_RECORD_MAC);
            }
            /* Exactly the records before the tampered one were delivered. */
            assert_int_equal(got.len, want.len);
            if (want.len > 0) {
                assert_memory_equal(got.p, want.p, want.len);
            }
            rp_log_free(&got);
            free(copy);
            flips++;
        }
        rp_log_free(&want);
        off = next;
    }
    assert_true(flips * step > 100); /* the sweep really ran */
    rp_run_close(&r);
}

static void test_stream_bit_flip_after_handshake_bad_record_mac_gcm(void **state)
{
    (void)state;
    size_t n = 1;

    tamper_case(rp_suite_or("AES128-GCM-SHA256", "ECDHE-RSA-AES128-GCM-SHA256", &n), 1, n);
}

static void test_stream_bit_flip_after_handshake_bad_record_mac_chacha(void **state)
{
    (void)state;
    /* ChaCha20-Poly1305 exists with ECDHE only (RFC 7905): every 5th body bit. */
    tamper_case("ECDHE-RSA-CHACHA20-POLY1305", 1, 5);
}

static void test_stream_bit_flip_after_handshake_bad_record_mac_cbc_etm(void **state)
{
    (void)state;
    size_t n = 1;

    if (!hp_have_cbc()) {
        skip(); /* MUTLS_CBC=OFF */
    }
    tamper_case(rp_suite_or("AES128-SHA256", "ECDHE-RSA-AES128-SHA256", &n), 1, n);
}

static void test_stream_bit_flip_after_handshake_bad_record_mac_cbc_no_etm(void **state)
{
    (void)state;
    /* The same with MAC-then-encrypt: padding and MAC failures look alike. */
    size_t n = 1;

    if (!hp_have_cbc()) {
        skip(); /* MUTLS_CBC=OFF */
    }
    tamper_case(rp_suite_or("AES128-SHA256", "ECDHE-RSA-AES128-SHA256", &n), 0, n);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_stream_cut_anywhere_truncated_both_sides),
        cmocka_unit_test(test_stream_bit_flip_after_handshake_bad_record_mac_gcm),
        cmocka_unit_test(test_stream_bit_flip_after_handshake_bad_record_mac_chacha),
        cmocka_unit_test(test_stream_bit_flip_after_handshake_bad_record_mac_cbc_etm),
        cmocka_unit_test(test_stream_bit_flip_after_handshake_bad_record_mac_cbc_no_etm),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
