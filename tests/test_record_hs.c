/* SPDX-License-Identifier: MIT */
/*
 * test_record_hs.c - the record layer's memory during and after a handshake (record.h
 * "Memory"): handshake messages handed out in place when they lie inside one record, the
 * reassembly buffer sized exactly by a split message's header (checked against the limit
 * first), grown while the handshake runs and freed when it is done; the out buffer that
 * holds exactly one flight during the handshake and one record after it; the peer's send
 * limit; the in buffer given back while we write; allocation failures reported.
 */
#include "testutil.h"

#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "rectest.h"

/* ---------------------------------------------------------------- helpers */

typedef struct reader {
    mutls_record rl;
    tu_pipe *p;
} reader;

static void reader_init(reader *r, size_t max_hs)
{
    r->p = tu_pipe_new(1 << 17);
    assert_non_null(r->p);
    assert_int_equal(mutls_rec_init(&r->rl, 16384, max_hs, NULL), 0);
    mutls_rec_set_transport(&r->rl, tu_pipe_send, tu_pipe_recv, tu_pipe_end(r->p, 0));
}

static void reader_clear(reader *r)
{
    mutls_rec_clear(&r->rl);
    tu_pipe_free(r->p);
}

/* One plaintext handshake record holding @p len bytes of @p body. */
static void inject(reader *r, const uint8_t *body, size_t len)
{
    uint8_t hdr[5] = {MUTLS_CT_HANDSHAKE, 3, 3, (uint8_t)(len >> 8), (uint8_t)len};

    assert_int_equal(tu_pipe_inject(r->p, 0, hdr, 5), 0);
    assert_int_equal(tu_pipe_inject(r->p, 0, body, len), 0);
}

/* Inject @p msg as records cut at the offsets in @p cuts (n cuts, increasing). */
static void inject_cut(reader *r, const uint8_t *msg, size_t len, const size_t *cuts, size_t n)
{
    size_t at = 0;

    for (size_t i = 0; i <= n; i++) {
        size_t end = i < n ? cuts[i] : len;
        inject(r, msg + at, end - at);
        at = end;
    }
}

static int inside(const mutls_record *rl, const uint8_t *p)
{
    return rl->in != NULL && p >= rl->in && p < rl->in + rl->in_cap;
}

/* An allocator that fails once @p allow allocations were made. */
static size_t allow;

static void *limited_alloc(void *ctx, size_t size)
{
    (void)ctx;
    if (allow == 0) {
        return NULL;
    }
    allow--;
    return malloc(size);
}

static void limited_free(void *ctx, void *ptr, size_t size)
{
    (void)ctx;
    (void)size;
    free(ptr);
}

static const mutls_allocator limited = {limited_alloc, limited_free, NULL};

/* ---------------------------------------------------------------- reading */

static void test_rechs_messages_inside_record_in_place(void **state)
{
    uint8_t rec[400];
    size_t a = tu_rec_make_msg(rec, 2, 70, 1);
    size_t b = tu_rec_make_msg(rec + a, 11, 250, 2);
    mutls_rec_unit u;
    reader r;

    (void)state;
    reader_init(&r, 65536);
    assert_null(r.rl.in); /* nothing before the first read */
    inject(&r, rec, a + b);
    assert_int_equal(tu_rec_read_unit(&r.rl, &u), 0);
    assert_int_equal(u.data.len, a);
    assert_true(inside(&r.rl, u.data.p));
    assert_memory_equal(u.data.p, rec, a);
    assert_int_equal(tu_rec_read_unit(&r.rl, &u), 0);
    assert_int_equal(u.data.len, b);
    assert_true(inside(&r.rl, u.data.p));
    assert_memory_equal(u.data.p, rec + a, b);
    assert_null(r.rl.hs); /* no copy was made */
    assert_int_equal(r.rl.in_cap, MUTLS_REC_HEADER_LEN + 16384 + MUTLS_REC_MAX_EXPANSION);
    reader_clear(&r);
}

static void test_rechs_split_header_buffer_exactly_message(void **state)
{
    static const size_t cuts[] = {1, 3, 104};
    uint8_t msg[4 + 300];
    size_t len = tu_rec_make_msg(msg, 11, 300, 7);
    mutls_rec_unit u;
    reader r;

    (void)state;
    reader_init(&r, 65536);
    inject_cut(&r, msg, len, cuts, 3);
    assert_int_equal(tu_rec_read_unit(&r.rl, &u), 0);
    assert_int_equal(u.data.len, len);
    assert_memory_equal(u.data.p, msg, len);
    assert_ptr_equal(u.data.p, r.rl.hs);
    assert_int_equal(r.rl.hs_cap, len); /* 4 + body, not the limit */
    assert_int_equal(tu_rec_read_unit(&r.rl, &u), MUTLS_WANT_READ);
    reader_clear(&r);
}

static void test_rechs_every_byte_own_record_then_in_place(void **state)
{
    uint8_t msg[4 + 50], next[4 + 20];
    size_t len = tu_rec_make_msg(msg, 16, 50, 3);
    size_t nlen = tu_rec_make_msg(next, 20, 20, 4);
    mutls_rec_unit u;
    reader r;

    (void)state;
    reader_init(&r, 65536);
    for (size_t i = 0; i < len; i++) {
        inject(&r, msg + i, 1);
    }
    inject(&r, next, nlen);
    assert_int_equal(tu_rec_read_unit(&r.rl, &u), 0);
    assert_int_equal(u.data.len, len);
    assert_memory_equal(u.data.p, msg, len);
    assert_int_equal(tu_rec_read_unit(&r.rl, &u), 0);
    assert_int_equal(u.data.len, nlen);
    assert_true(inside(&r.rl, u.data.p));
    assert_memory_equal(u.data.p, next, nlen);
    reader_clear(&r);
}

static void test_rechs_empty_body_split_header_no_buffer(void **state)
{
    static const size_t cuts[] = {2};
    uint8_t msg[4];
    mutls_rec_unit u;
    reader r;

    (void)state;
    reader_init(&r, 65536);
    inject_cut(&r, msg, tu_rec_make_msg(msg, 14, 0, 0), cuts, 1); /* ServerHelloDone */
    assert_int_equal(tu_rec_read_unit(&r.rl, &u), 0);
    assert_int_equal(u.data.len, 4);
    assert_memory_equal(u.data.p, msg, 4);
    assert_null(r.rl.hs);
    reader_clear(&r);
}

static void test_rechs_split_over_limit_refused_before_allocation(void **state)
{
    static const size_t cuts[] = {3};
    uint8_t msg[4 + 101];
    mutls_rec_unit u;
    reader r;

    (void)state;
    reader_init(&r, 100);
    tu_rec_make_msg(msg, 11, 101, 0);
    inject_cut(&r, msg, 6, cuts, 1); /* the header, then two body bytes */
    assert_int_equal(tu_rec_read_unit(&r.rl, &u), MUTLS_ERR_HANDSHAKE_TOO_LARGE);
    assert_null(r.rl.hs);
    assert_int_equal(tu_rec_read_unit(&r.rl, &u), MUTLS_ERR_HANDSHAKE_TOO_LARGE);
    reader_clear(&r);
}

static void read_split(reader *r, uint8_t type, size_t body)
{
    static uint8_t msg[4 + 600];
    size_t cuts[1] = {body / 2};
    size_t len = tu_rec_make_msg(msg, type, body, (unsigned)body);
    mutls_rec_unit u;

    inject_cut(r, msg, len, cuts, 1);
    assert_int_equal(tu_rec_read_unit(&r->rl, &u), 0);
    assert_int_equal(u.data.len, len);
    assert_memory_equal(u.data.p, msg, len);
}

static void test_rechs_reassembly_grows_then_freed_when_done(void **state)
{
    mutls_rec_unit u;
    uint8_t *first;
    reader r;

    (void)state;
    reader_init(&r, 65536);
    mutls_rec_handshake_start(&r.rl);
    read_split(&r, 11, 200);
    assert_int_equal(r.rl.hs_cap, 204);
    first = r.rl.hs;
    read_split(&r, 12, 100); /* fits: the same buffer */
    assert_ptr_equal(r.rl.hs, first);
    assert_int_equal(r.rl.hs_cap, 204);
    read_split(&r, 15, 500); /* grows */
    assert_int_equal(r.rl.hs_cap, 504);
    mutls_rec_handshake_done(&r.rl);
    assert_null(r.rl.hs);
    assert_int_equal(r.rl.hs_cap, 0);
    /* After the handshake a split message gets a buffer only until the next read. */
    read_split(&r, 0, 40);
    assert_int_equal(r.rl.hs_cap, 44);
    assert_int_equal(tu_rec_read_unit(&r.rl, &u), MUTLS_WANT_READ);
    assert_null(r.rl.hs);
    reader_clear(&r);
}

static void test_rechs_release_input_only_when_idle(void **state)
{
    uint8_t msg[4 + 30], two[2 * (4 + 30)];
    size_t len = tu_rec_make_msg(msg, 2, 30, 9);
    mutls_rec_unit u;
    reader r;

    (void)state;
    reader_init(&r, 65536);
    inject(&r, msg, len);
    assert_int_equal(tu_rec_read_unit(&r.rl, &u), 0);
    mutls_rec_release_input(&r.rl); /* not in a handshake: kept */
    assert_non_null(r.rl.in);
    mutls_rec_handshake_start(&r.rl);
    mutls_rec_release_input(&r.rl);
    assert_null(r.rl.in);
    /* half a record received: kept */
    assert_int_equal(tu_pipe_inject(r.p, 0, (const uint8_t *)"\x16\x03\x03\x00", 4), 0);
    assert_int_equal(tu_rec_read_unit(&r.rl, &u), MUTLS_WANT_READ);
    mutls_rec_release_input(&r.rl);
    assert_non_null(r.rl.in);
    assert_int_equal(tu_pipe_inject(r.p, 0, (const uint8_t *)"\x22", 1), 0);
    assert_int_equal(tu_pipe_inject(r.p, 0, msg, len), 0);
    assert_int_equal(tu_rec_read_unit(&r.rl, &u), 0);
    assert_memory_equal(u.data.p, msg, len);
    /* a record with an unread message: kept until that is read too */
    memcpy(two, msg, len);
    memcpy(two + len, msg, len);
    inject(&r, two, 2 * len);
    assert_int_equal(tu_rec_read_unit(&r.rl, &u), 0);
    mutls_rec_release_input(&r.rl);
    assert_non_null(r.rl.in);
    assert_int_equal(tu_rec_read_unit(&r.rl, &u), 0);
    assert_memory_equal(u.data.p, msg, len);
    mutls_rec_release_input(&r.rl);
    assert_null(r.rl.in);
    reader_clear(&r);
}

static void test_rechs_first_read_without_memory_no_memory(void **state)
{
    uint8_t msg[4 + 10];
    mutls_rec_unit u;
    reader r;

    (void)state;
    reader_init(&r, 65536);
    inject(&r, msg, tu_rec_make_msg(msg, 2, 10, 1));
    allow = 0;
    assert_int_equal(mutls_set_allocator(&limited), 0);
    assert_int_equal(tu_rec_read_unit(&r.rl, &u), MUTLS_ERR_NO_MEMORY);
    assert_int_equal(mutls_set_allocator(NULL), 0);
    assert_int_equal(tu_rec_read_unit(&r.rl, &u), MUTLS_ERR_NO_MEMORY); /* sticky */
    reader_clear(&r);
}

/* ---------------------------------------------------------------- writing */

/* Read application data from p->r and check each record carried exactly @p sizes. */
static void expect_records(tu_rec_pair *p, const size_t *sizes, size_t n)
{
    mutls_rec_unit u;

    assert_int_equal(mutls_rec_flush(&p->w), 0);
    for (size_t i = 0; i < n; i++) {
        assert_int_equal(tu_rec_read_unit(&p->r, &u), 0);
        assert_int_equal(u.type, MUTLS_CT_APPLICATION_DATA);
        assert_int_equal(u.data.len, sizes[i]);
    }
    assert_int_equal(tu_rec_read_unit(&p->r, &u), MUTLS_WANT_READ);
}

/* Bytes of the records that carry @p len plaintext bytes with @p frag per record. */
static size_t wire_len(const tu_rec_pair *p, size_t len, size_t frag)
{
    size_t n = 0;

    for (size_t at = 0; at < len; at += frag) {
        size_t chunk = len - at < frag ? len - at : frag;
        n += MUTLS_REC_HEADER_LEN + mutls_rec_protected_max(&p->w.wr, chunk);
    }
    return n;
}

static void test_rechs_handshake_flight_one_buffer_then_one_record(void **state)
{
    static uint8_t data[20000];
    static const size_t flight[] = {3000, 16384, 3616, 100};
    static const size_t after[] = {16384, 3616};
    tu_rec_pair p;

    (void)state;
    assert_int_equal(tu_rec_pair_init(&p, 16384), 0);
    assert_int_equal(tu_rec_pair_keys(&p, &tu_rec_suites[0], 3), 0);
    mutls_rec_handshake_start(&p.w);
    /* Three writes (three messages of a flight): the buffer grows to exactly their records
     * and nothing is sent before the flush. */
    assert_int_equal(mutls_rec_write(&p.w, MUTLS_CT_APPLICATION_DATA, data, 3000), 3000);
    assert_int_equal(p.w.out_cap, wire_len(&p, 3000, 16384));
    assert_int_equal(mutls_rec_write(&p.w, MUTLS_CT_APPLICATION_DATA, data, 20000), 20000);
    assert_int_equal(mutls_rec_write(&p.w, MUTLS_CT_APPLICATION_DATA, data, 100), 100);
    assert_int_equal(p.w.out_cap, wire_len(&p, 3000, 16384) + wire_len(&p, 20000, 16384) +
                                      wire_len(&p, 100, 16384));
    assert_int_equal(p.w.out_len, p.w.out_cap);
    assert_int_equal(tu_pipe_pending(p.pipe, 1), 0);
    expect_records(&p, flight, 4);
    assert_null(p.w.out); /* freed once flushed */
    mutls_rec_handshake_done(&p.w);
    assert_int_equal(mutls_rec_write(&p.w, MUTLS_CT_APPLICATION_DATA, data, 20000), 20000);
    expect_records(&p, after, 2);
    assert_int_equal(p.w.out_cap, MUTLS_REC_HEADER_LEN + 16384 + MUTLS_REC_MAX_SEAL_EXPANSION);
    tu_rec_pair_clear(&p);
}

static void test_rechs_after_handshake_without_memory_no_memory(void **state)
{
    static uint8_t data[3000];
    tu_rec_pair p;

    (void)state;
    assert_int_equal(tu_rec_pair_init(&p, 16384), 0);
    assert_int_equal(tu_rec_pair_keys(&p, &tu_rec_suites[0], 3), 0);
    mutls_rec_handshake_start(&p.w);
    assert_int_equal(mutls_rec_write(&p.w, MUTLS_CT_APPLICATION_DATA, data, 10), 10);
    assert_int_equal(mutls_rec_flush(&p.w), 0);
    mutls_rec_handshake_done(&p.w);
    allow = 0;
    assert_int_equal(mutls_set_allocator(&limited), 0);
    assert_int_equal(mutls_rec_write(&p.w, MUTLS_CT_APPLICATION_DATA, data, 3000),
                     MUTLS_ERR_NO_MEMORY);
    assert_int_equal(mutls_set_allocator(NULL), 0);
    assert_int_equal(mutls_rec_write(&p.w, MUTLS_CT_APPLICATION_DATA, data, 3000),
                     MUTLS_ERR_NO_MEMORY); /* sticky */
    tu_rec_pair_clear(&p);
}

static void test_rechs_first_write_without_memory_no_memory(void **state)
{
    static const uint8_t data[10];
    tu_rec_pair p;

    (void)state;
    assert_int_equal(tu_rec_pair_init(&p, 16384), 0);
    allow = 0;
    assert_int_equal(mutls_set_allocator(&limited), 0);
    assert_int_equal(mutls_rec_write(&p.w, MUTLS_CT_HANDSHAKE, data, sizeof(data)),
                     MUTLS_ERR_NO_MEMORY);
    assert_int_equal(mutls_set_allocator(NULL), 0);
    assert_int_equal(mutls_rec_write(&p.w, MUTLS_CT_HANDSHAKE, data, sizeof(data)),
                     MUTLS_ERR_NO_MEMORY); /* sticky */
    tu_rec_pair_clear(&p);
}

static void test_rechs_send_limit_clamped_and_applied(void **state)
{
    static uint8_t data[20000];
    static const size_t hundred[] = {100, 100, 50};
    static const size_t min[] = {64, 36};
    static const size_t max[] = {16384, 3616};
    tu_rec_pair p;

    (void)state;
    assert_int_equal(tu_rec_pair_init(&p, 16384), 0);
    assert_int_equal(tu_rec_pair_keys(&p, &tu_rec_suites[0], 5), 0);
    mutls_rec_set_send_limit(&p.w, 100);
    assert_int_equal(mutls_rec_write(&p.w, MUTLS_CT_APPLICATION_DATA, data, 250), 250);
    expect_records(&p, hundred, 3);
    mutls_rec_set_send_limit(&p.w, 10); /* RFC 8449 §4: never below 64 */
    assert_int_equal(mutls_rec_write(&p.w, MUTLS_CT_APPLICATION_DATA, data, 100), 100);
    expect_records(&p, min, 2);
    mutls_rec_set_send_limit(&p.w, 100000); /* nor above 2^14 */
    assert_int_equal(mutls_rec_write(&p.w, MUTLS_CT_APPLICATION_DATA, data, 20000), 20000);
    expect_records(&p, max, 2);
    tu_rec_pair_clear(&p);
}

static void test_rechs_send_limit_above_own_buffer_uses_buffer(void **state)
{
    static uint8_t data[5000];
    static const size_t sizes[] = {2048, 2048, 904};
    tu_rec_pair p;

    (void)state;
    assert_int_equal(tu_rec_pair_init(&p, 2048), 0);
    assert_int_equal(tu_rec_pair_keys(&p, &tu_rec_suites[0], 6), 0);
    mutls_rec_set_send_limit(&p.w, 16384);
    assert_int_equal(mutls_rec_write(&p.w, MUTLS_CT_APPLICATION_DATA, data, 5000), 5000);
    expect_records(&p, sizes, 3);
    assert_int_equal(p.w.out_cap, MUTLS_REC_HEADER_LEN + 2048 + MUTLS_REC_MAX_SEAL_EXPANSION);
    tu_rec_pair_clear(&p);
}

static int group_setup(void **state)
{
    (void)state;
    return mutls_init() < 0 ? -1 : 0;
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_rechs_messages_inside_record_in_place),
        cmocka_unit_test(test_rechs_split_header_buffer_exactly_message),
        cmocka_unit_test(test_rechs_every_byte_own_record_then_in_place),
        cmocka_unit_test(test_rechs_empty_body_split_header_no_buffer),
        cmocka_unit_test(test_rechs_split_over_limit_refused_before_allocation),
        cmocka_unit_test(test_rechs_reassembly_grows_then_freed_when_done),
        cmocka_unit_test(test_rechs_release_input_only_when_idle),
        cmocka_unit_test(test_rechs_first_read_without_memory_no_memory),
        cmocka_unit_test(test_rechs_handshake_flight_one_buffer_then_one_record),
        cmocka_unit_test(test_rechs_after_handshake_without_memory_no_memory),
        cmocka_unit_test(test_rechs_first_write_without_memory_no_memory),
        cmocka_unit_test(test_rechs_send_limit_clamped_and_applied),
        cmocka_unit_test(test_rechs_send_limit_above_own_buffer_uses_buffer),
    };
    return cmocka_run_group_tests(tests, group_setup, NULL);
}
