/* SPDX-License-Identifier: MIT */
/* test_bytes.c - the bounded reader and writer: bounds, sticky errors, vectors. */
#include "testutil.h"

#include <cmocka.h>
#include <string.h>

#include "bytes.h"

static void test_rd_integers_big_endian(void **state)
{
    static const uint8_t in[] = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
    mutls_rd r;

    (void)state;
    mutls_rd_init(&r, in, sizeof(in));
    assert_int_equal(mutls_rd_u8(&r), 1);
    assert_int_equal(mutls_rd_u16(&r), 0x0203);
    assert_int_equal(mutls_rd_u24(&r), 0x040506);
    assert_int_equal(mutls_rd_u32(&r), 0x0708090a);
    assert_int_equal(mutls_rd_remaining(&r), 0);
    assert_int_equal(mutls_rd_end(&r), 0);
}

static void test_rd_overread_is_sticky(void **state)
{
    static const uint8_t in[] = {0xff, 0xee, 0xdd};
    mutls_rd r;
    mutls_slice s;

    (void)state;
    mutls_rd_init(&r, in, sizeof(in));
    assert_int_equal(mutls_rd_u16(&r), 0xffee);
    assert_int_equal(mutls_rd_u16(&r), 0); /* only one byte left */
    assert_int_equal(r.err, MUTLS_ERR_DECODE);
    /* Sticky: even a read that would fit now fails. */
    assert_int_equal(mutls_rd_u8(&r), 0);
    assert_int_equal(mutls_rd_remaining(&r), 0);
    s = mutls_rd_bytes(&r, 0);
    assert_null(s.p);
    assert_int_equal(mutls_rd_end(&r), MUTLS_ERR_DECODE);
}

static void test_rd_every_truncation_fails(void **state)
{
    /* u8 | vec16{u8 u8} | vec8{} | u24 */
    static const uint8_t in[] = {7, 0, 2, 0xaa, 0xbb, 0, 1, 2, 3};
    size_t cut;

    (void)state;
    for (cut = 0; cut <= sizeof(in); cut++) {
        mutls_rd r;
        mutls_rd v;
        mutls_rd e;
        int rc;

        mutls_rd_init(&r, in, cut);
        (void)mutls_rd_u8(&r);
        mutls_rd_vec16(&r, &v);
        (void)mutls_rd_u8(&v);
        (void)mutls_rd_u8(&v);
        rc = mutls_rd_end(&v);
        mutls_rd_merge(&r, &v);
        mutls_rd_vec8(&r, &e);
        mutls_rd_merge(&r, &e);
        (void)mutls_rd_u24(&r);
        rc = mutls_rd_end(&r);
        if (cut == sizeof(in)) {
            assert_int_equal(rc, 0);
        } else {
            assert_int_equal(rc, MUTLS_ERR_DECODE);
        }
    }
}

static void test_rd_vector_length_off_by_one(void **state)
{
    uint8_t in[] = {0, 3, 1, 2, 3};
    mutls_rd r;
    mutls_rd v;

    (void)state;
    /* One too long: runs past the end. */
    in[1] = 4;
    mutls_rd_init(&r, in, sizeof(in));
    mutls_rd_vec16(&r, &v);
    assert_int_equal(v.err, MUTLS_ERR_DECODE);
    assert_int_equal(mutls_rd_end(&r), MUTLS_ERR_DECODE);
    /* One too short: leaves a trailing byte in the parent. */
    in[1] = 2;
    mutls_rd_init(&r, in, sizeof(in));
    mutls_rd_vec16(&r, &v);
    mutls_rd_skip(&v, 2);
    assert_int_equal(mutls_rd_end(&v), 0);
    assert_int_equal(mutls_rd_end(&r), MUTLS_ERR_DECODE);
    /* A sub-reader with bytes left over fails its own end. */
    in[1] = 3;
    mutls_rd_init(&r, in, sizeof(in));
    mutls_rd_vec16(&r, &v);
    (void)mutls_rd_u8(&v);
    assert_int_equal(mutls_rd_end(&v), MUTLS_ERR_DECODE);
}

static void test_rd_copy_and_rest(void **state)
{
    static const uint8_t in[] = {9, 8, 7, 6};
    uint8_t out[4] = {1, 1, 1, 1};
    mutls_rd r;
    mutls_slice rest;

    (void)state;
    mutls_rd_init(&r, in, sizeof(in));
    mutls_rd_copy(&r, out, 1);
    assert_int_equal(out[0], 9);
    rest = mutls_rd_rest(&r);
    assert_int_equal(rest.len, 3);
    assert_int_equal(rest.p[0], 8);
    mutls_rd_copy(&r, out, 4); /* too long: zero-filled */
    assert_int_equal(out[0], 0);
    assert_int_equal(out[2], 0);
    assert_int_not_equal(r.err, 0);
}

static void test_rd_fail_keeps_first_code(void **state)
{
    mutls_rd r;

    (void)state;
    mutls_rd_init(&r, NULL, 10); /* NULL buffer is empty */
    assert_int_equal(mutls_rd_remaining(&r), 0);
    assert_int_equal(mutls_rd_fail(&r, MUTLS_ERR_DER), MUTLS_ERR_DER);
    assert_int_equal(mutls_rd_fail(&r, MUTLS_ERR_DECODE), MUTLS_ERR_DER);
}

static void test_wr_integers_and_vectors(void **state)
{
    /* u8 1 | vec8{03} | vec24{abcd} | u64 5 */
    static const uint8_t want[] = {0x01, 0x01, 0x03, 0x00, 0x00, 0x02, 0xab, 0xcd,
                                   0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x05};
    uint8_t buf[32];
    mutls_wr w;
    size_t m8;
    size_t m24;

    (void)state;
    mutls_wr_init(&w, buf, sizeof(buf));
    mutls_wr_u8(&w, 1);
    m8 = mutls_wr_vec8_begin(&w);
    mutls_wr_u8(&w, 3);
    mutls_wr_vec8_end(&w, m8);
    m24 = mutls_wr_vec24_begin(&w);
    mutls_wr_u16(&w, 0xabcd);
    mutls_wr_vec24_end(&w, m24);
    mutls_wr_u64(&w, 5);
    assert_int_equal(w.err, 0);
    assert_int_equal(mutls_wr_len(&w), sizeof(want));
    assert_memory_equal(buf, want, sizeof(want));
}

static void test_wr_overflow_is_sticky(void **state)
{
    uint8_t buf[3];
    mutls_wr w;

    (void)state;
    mutls_wr_init(&w, buf, sizeof(buf));
    mutls_wr_u16(&w, 1);
    mutls_wr_u16(&w, 2);
    assert_int_equal(w.err, MUTLS_ERR_BUFFER_TOO_SMALL);
    mutls_wr_u8(&w, 3); /* would fit, but the error is sticky */
    assert_int_equal(mutls_wr_len(&w), 2);
    assert_null(mutls_wr_reserve(&w, 0));
}

static void test_wr_vec8_too_long_fails(void **state)
{
    uint8_t buf[300];
    uint8_t body[256];
    mutls_wr w;
    size_t m;

    (void)state;
    memset(body, 0x5a, sizeof(body));
    mutls_wr_init(&w, buf, sizeof(buf));
    m = mutls_wr_vec8_begin(&w);
    mutls_wr_bytes(&w, body, sizeof(body));
    mutls_wr_vec8_end(&w, m);
    assert_int_equal(w.err, MUTLS_ERR_INTERNAL);
}

static void test_put_get_helpers(void **state)
{
    uint8_t b[8];

    (void)state;
    mutls_put_u16(b, 0x1234);
    assert_int_equal(mutls_get_u16(b), 0x1234);
    mutls_put_u64(b, 0x0102030405060708ULL);
    assert_memory_equal(b, "\x01\x02\x03\x04\x05\x06\x07\x08", 8);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_rd_integers_big_endian),
        cmocka_unit_test(test_rd_overread_is_sticky),
        cmocka_unit_test(test_rd_every_truncation_fails),
        cmocka_unit_test(test_rd_vector_length_off_by_one),
        cmocka_unit_test(test_rd_copy_and_rest),
        cmocka_unit_test(test_rd_fail_keeps_first_code),
        cmocka_unit_test(test_wr_integers_and_vectors),
        cmocka_unit_test(test_wr_overflow_is_sticky),
        cmocka_unit_test(test_wr_vec8_too_long_fails),
        cmocka_unit_test(test_put_get_helpers),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
