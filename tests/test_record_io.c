/* SPDX-License-Identifier: MIT */
/*
 * test_record_io.c - the record layer over awkward transports: one byte per call, random
 * WANT_READ / WANT_WRITE with a small pipe (every call resumes with no byte lost or
 * repeated), an alert that does not fit the out buffer yet, and no allocation per record.
 */
#include "testutil.h"

#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "rectest.h"

/* ---------------------------------------------------------------- transports */

/*
 * Push a mixed stream (handshake messages, a CCS, application data) from w to r through
 * the pipe's current chunking/chaos settings, alternating writer and reader calls, and check
 * every unit arrives intact and in order.
 */
static void pump_mixed_stream(tu_rec_pair *p, size_t total_app)
{
    static uint8_t msgs[3][1200], app[60000];
    size_t mlen[3], i, sent_app = 0, got_app = 0, step = 0;
    int phase = 0, got_msgs = 0, got_ccs = 0;

    mlen[0] = tu_rec_make_msg(msgs[0], 1, 1000, 1);
    mlen[1] = tu_rec_make_msg(msgs[1], 11, 0, 2);
    mlen[2] = tu_rec_make_msg(msgs[2], 20, 12, 3);
    for (i = 0; i < sizeof(app); i++) {
        app[i] = (uint8_t)(i * 31 + 7);
    }
    assert_true(total_app <= sizeof(app));
    while (got_app < total_app) {
        mutls_rec_unit u;
        int rc;

        assert_true(++step < 10000000);
        /* writer: one call per turn */
        if (phase < 3) {
            rc = mutls_rec_write(&p->w, MUTLS_CT_HANDSHAKE, msgs[phase], mlen[phase]);
            if (rc > 0) {
                assert_int_equal(rc, mlen[phase]); /* small units are taken whole */
                phase++;
            }
        } else if (phase == 3) {
            rc = mutls_rec_write(&p->w, MUTLS_CT_CHANGE_CIPHER_SPEC, (const uint8_t *)"\x01", 1);
            if (rc > 0) {
                phase++;
            }
        } else if (sent_app < total_app) {
            size_t want = 1 + (step * 977) % 5000;
            if (want > total_app - sent_app) {
                want = total_app - sent_app;
            }
            rc = mutls_rec_write(&p->w, MUTLS_CT_APPLICATION_DATA, app + sent_app, want);
            if (rc > 0) {
                sent_app += (size_t)rc;
            }
        } else {
            rc = mutls_rec_flush(&p->w);
        }
        assert_true(rc >= 0 || rc == MUTLS_WANT_WRITE);
        rc = mutls_rec_flush(&p->w);
        assert_true(rc == 0 || rc == MUTLS_WANT_WRITE);

        /* reader */
        memset(&u, 0, sizeof(u));
        rc = mutls_rec_read(&p->r, &u, 1 + (step * 131) % 3000);
        if (rc == MUTLS_WANT_READ) {
            continue;
        }
        assert_int_equal(rc, 0);
        if (u.type == MUTLS_CT_HANDSHAKE) {
            assert_true(got_msgs < 3);
            assert_int_equal(u.data.len, mlen[got_msgs]);
            assert_memory_equal(u.data.p, msgs[got_msgs], mlen[got_msgs]);
            got_msgs++;
        } else if (u.type == MUTLS_CT_CHANGE_CIPHER_SPEC) {
            assert_int_equal(got_msgs, 3);
            got_ccs++;
        } else {
            assert_int_equal(u.type, MUTLS_CT_APPLICATION_DATA);
            assert_int_equal(got_ccs, 1);
            assert_true(got_app + u.data.len <= total_app);
            assert_memory_equal(u.data.p, app + got_app, u.data.len);
            got_app += u.data.len;
        }
    }
    assert_int_equal(got_msgs, 3);
    assert_int_equal(got_app, total_app);
}

/* Keys are on from the start (the CCS here is just a unit in the stream). */
static void test_rec_one_byte_at_a_time_transport(void **state)
{
    static const size_t suites[] = {0, 2, 3, 8};
    size_t i;

    (void)state;
    for (i = 0; i < 4; i++) {
        tu_rec_pair p;

        if (suites[i] >= tu_rec_built_count) {
            continue; /* MUTLS_CBC=OFF */
        }
        assert_int_equal(tu_rec_pair_init(&p, 16384), 0);
        assert_int_equal(tu_rec_pair_keys(&p, &tu_rec_suites[suites[i]], 8), 0);
        tu_pipe_set_chunk(p.pipe, 1);
        pump_mixed_stream(&p, 20000);
        tu_rec_pair_clear(&p);
    }
}

static void test_rec_random_want_resumes_no_byte_lost(void **state)
{
    static const uint32_t seeds[] = {1, 7, 12345, 0xdeadbeef};
    size_t i;

    (void)state;
    for (i = 0; i < 4; i++) {
        size_t si = (i * 3) % tu_rec_suite_count;
        tu_rec_pair p;

        if (si >= tu_rec_built_count) {
            si = i % tu_rec_built_count; /* MUTLS_CBC=OFF: the AEAD suites in turn */
        }
        assert_int_equal(tu_rec_pair_init(&p, 16384), 0);
        /* A small pipe, so the writer meets WANT_WRITE from a full transport too. */
        tu_pipe_free(p.pipe);
        p.pipe = tu_pipe_new(700 + 300 * i);
        mutls_rec_set_transport(&p.w, tu_pipe_send, tu_pipe_recv, tu_pipe_end(p.pipe, 0));
        mutls_rec_set_transport(&p.r, tu_pipe_send, tu_pipe_recv, tu_pipe_end(p.pipe, 1));
        assert_int_equal(tu_rec_pair_keys(&p, &tu_rec_suites[si], 8), 0);
        tu_pipe_set_chunk(p.pipe, 1 + 37 * i);
        tu_pipe_set_chaos(p.pipe, seeds[i], 35);
        pump_mixed_stream(&p, 60000);
        assert_true(tu_pipe_wants(p.pipe) > 100);
        tu_rec_pair_clear(&p);
    }
}

/* An alert that does not fit is not committed; repeating the call sends it exactly once. */
static void test_rec_send_alert_want_write_then_once(void **state)
{
    static uint8_t big[16384];
    mutls_rec_unit u;
    tu_rec_pair p;
    size_t fill;
    int rc, tries = 0;

    (void)state;
    assert_int_equal(tu_rec_pair_init(&p, 16384), 0);
    assert_int_equal(tu_rec_pair_keys(&p, &tu_rec_suites[0], 8), 0);
    tu_pipe_free(p.pipe);
    p.pipe = tu_pipe_new(100);
    mutls_rec_set_transport(&p.w, tu_pipe_send, tu_pipe_recv, tu_pipe_end(p.pipe, 0));
    mutls_rec_set_transport(&p.r, tu_pipe_send, tu_pipe_recv, tu_pipe_end(p.pipe, 1));
    assert_int_equal(mutls_rec_write(&p.w, MUTLS_CT_APPLICATION_DATA, big, sizeof(big)),
                     (int)sizeof(big));
    /* Fill the out buffer so that the alert record no longer fits behind it. */
    fill = p.w.out_cap - p.w.out_len - MUTLS_REC_HEADER_LEN - mutls_rec_protected_max(&p.w.wr, 0) -
           10;
    assert_int_equal(mutls_rec_write(&p.w, MUTLS_CT_APPLICATION_DATA, big, fill), (int)fill);
    assert_true(p.w.out_cap - p.w.out_len < MUTLS_REC_HEADER_LEN + 2 + 24);
    while ((rc = mutls_rec_send_alert(&p.w, MUTLS_ALERT_LEVEL_FATAL, 80)) == MUTLS_WANT_WRITE) {
        tries++;
        /* drain the pipe through the reader (which gets nothing whole yet) */
        assert_int_equal(tu_rec_read_unit(&p.r, &u), MUTLS_WANT_READ);
    }
    assert_int_equal(rc, 0);
    assert_true(tries > 0);
    while ((rc = tu_rec_read_unit(&p.r, &u)) == MUTLS_WANT_READ || (rc == 0 && u.data.len > 0)) {
        assert_true(mutls_rec_flush(&p.w) == 0 || tu_pipe_pending(p.pipe, 1) > 0);
    }
    assert_int_equal(rc, MUTLS_ERR_ALERT_RECEIVED);
    assert_int_equal(p.r.alert_desc, 80);
    assert_int_equal(mutls_rec_pending(&p.w), 0);
    tu_rec_pair_clear(&p);
}

/* ---------------------------------------------------------------- allocation */

static size_t alloc_count;

static void *count_alloc(void *ctx, size_t size)
{
    (void)ctx;
    alloc_count++;
    return malloc(size);
}

static void count_free(void *ctx, void *ptr, size_t size)
{
    (void)ctx;
    (void)size;
    free(ptr);
}

static void test_rec_no_allocation_per_record(void **state)
{
    static const mutls_allocator a = {count_alloc, count_free, NULL};
    static uint8_t data[3000];
    size_t si, before, i;

    (void)state;
    assert_int_equal(mutls_set_allocator(&a), 0);
    for (si = 0; si < tu_rec_built_count; si++) {
        tu_rec_pair p;
        mutls_rec_unit u;

        assert_int_equal(tu_rec_pair_init(&p, 16384), 0);
        assert_int_equal(tu_rec_pair_keys(&p, &tu_rec_suites[si], 8), 0);
        before = alloc_count;
        for (i = 0; i < 50; i++) {
            assert_int_equal(mutls_rec_write(&p.w, MUTLS_CT_APPLICATION_DATA, data, 100 + i * 50),
                             (int)(100 + i * 50));
            assert_int_equal(mutls_rec_flush(&p.w), 0);
            assert_int_equal(tu_rec_read_unit(&p.r, &u), 0);
            assert_int_equal(u.data.len, 100 + i * 50);
        }
        /* The in and out buffers, once, at the first record; nothing after. */
        assert_int_equal(alloc_count, before + 2);
        tu_rec_pair_clear(&p);
    }
    assert_int_equal(mutls_set_allocator(NULL), 0);
}

static int group_setup(void **state)
{
    (void)state;
    return mutls_init() < 0 ? -1 : 0;
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_rec_one_byte_at_a_time_transport),
        cmocka_unit_test(test_rec_random_want_resumes_no_byte_lost),
        cmocka_unit_test(test_rec_send_alert_want_write_then_once),
        cmocka_unit_test(test_rec_no_allocation_per_record),
    };
    return cmocka_run_group_tests(tests, group_setup, NULL);
}
