/* SPDX-License-Identifier: MIT */
/*
 * test_hostile_split.c - a real connection's byte stream, recorded with deterministic
 * randomness (replay.h), fed to a fresh copy of one side cut into pieces a network may make:
 * two transport chunks split at every offset, one byte per transport call, and every
 * plaintext handshake record re-framed as two records at every offset (RFC 5246 §6.2.1 lets
 * a message span records). The handshake must complete and the side under test must send
 * exactly the bytes it sent in the reference run: framing never changes what is decided.
 * The server gets every offset of the client's whole flight (mutual authentication:
 * Certificate, ClientKeyExchange, CertificateVerify); the client every third offset of the
 * server's (each replay makes it sign). MUTLS_TEST_QUICK=1 (and valgrind) is 17 times sparser.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hs_pair.h"
#include "record.h"
#include "replay.h"
#include "testutil.h"

#include <cmocka.h>

/* The side under test, fed @p in, completes and sends what it sent in the reference run. */
static void expect_identical(rp_run *r, int server, const uint8_t *in, size_t len, size_t split,
                             size_t chunk, const char *what, size_t where)
{
    const rp_log *ref = server ? &r->s2c : &r->c2s;
    const char *msg = server ? rp_c2s_msgs[0] : NULL;
    rp_log got = {0}, out = {0};
    int rc = rp_replay(r, server, in, len, split, chunk, &got, &out, NULL);

    if (rc != 0) {
        fail_msg("%s at %zu: %d", what, where, rc);
    }
    if (server) {
        /* everything the server said, up to its close_notify (it did not write data here:
         * compare up to the first application record) */
        size_t end = rp_after_handshake(ref);
        assert_true(out.len >= end);
        assert_memory_equal(out.p, ref->p, end);
        assert_int_equal(got.len, strlen(msg));
        assert_memory_equal(got.p, msg, got.len);
    } else {
        size_t end = rp_after_handshake(ref);
        assert_true(out.len >= end);
        assert_memory_equal(out.p, ref->p, end);
    }
    rp_log_free(&got);
    rp_log_free(&out);
}

static void split_case(rp_run *r, int server, size_t n)
{
    const rp_log *in = server ? &r->c2s : &r->s2c;
    size_t step = rp_stride(n), off = 0, next;
    uint8_t type;
    int ccs = 0, cases = 0;

    /* Two transport chunks, split at every offset. */
    for (size_t k = 1; k < in->len; k += step) {
        expect_identical(r, server, in->p, in->len, k, 0, "transport split", k);
        cases++;
    }
    /* One byte per transport call. */
    expect_identical(r, server, in->p, in->len, 0, 1, "one byte per call", 0);
    /* Every plaintext handshake record re-framed as two records, at every offset. */
    while ((next = rp_next_record(in->p, in->len, off, &type)) != 0) {
        size_t body = next - off - 5;

        ccs |= type == MUTLS_CT_CHANGE_CIPHER_SPEC;
        for (size_t j = 1; type == MUTLS_CT_HANDSHAKE && !ccs && j < body; j += step) {
            uint8_t *copy = malloc(in->len + 5);

            assert_non_null(copy);
            memcpy(copy, in->p, off + 5 + j);
            copy[off + 3] = (uint8_t)(j >> 8);
            copy[off + 4] = (uint8_t)j;
            /* the second record: same type and version, the rest of the body */
            memcpy(copy + off + 5 + j, in->p + off, 3);
            copy[off + 5 + j + 3] = (uint8_t)((body - j) >> 8);
            copy[off + 5 + j + 4] = (uint8_t)(body - j);
            memcpy(copy + off + 10 + j, in->p + off + 5 + j, in->len - (off + 5 + j));
            expect_identical(r, server, copy, in->len + 5, 0, 0, "record split", off + j);
            free(copy);
            cases++;
        }
        off = next;
    }
    assert_true(cases * step > 100); /* the sweep really ran */
}

static void test_split_anywhere_server_identical(void **state)
{
    size_t n = 1;
    const char *suite = rp_suite_or("AES256-GCM-SHA384", "ECDHE-RSA-AES256-GCM-SHA384", &n);
    rp_run r;

    (void)state;
    rp_run_open(&r, suite, 1, MUTLS_CLIENT_AUTH_REQUIRED);
    split_case(&r, 1, n);
    rp_run_close(&r);
}

static void test_split_anywhere_client_identical(void **state)
{
    size_t n = 1;
    /* Framing is the point, not the cipher: a build without CBC uses AES-128-GCM. */
    const char *suite = hp_have_cbc()
                            ? rp_suite_or("AES128-SHA256", "ECDHE-RSA-AES128-SHA256", &n)
                            : rp_suite_or("AES128-GCM-SHA256", "ECDHE-RSA-AES128-GCM-SHA256", &n);
    rp_run r;

    (void)state;
    /* The client signs its CertificateVerify in every replay: every 3rd offset. */
    rp_run_open(&r, suite, 1, MUTLS_CLIENT_AUTH_REQUIRED);
    split_case(&r, 0, n * 3);
    rp_run_close(&r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_split_anywhere_server_identical),
        cmocka_unit_test(test_split_anywhere_client_identical),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
