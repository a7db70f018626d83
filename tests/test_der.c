/* SPDX-License-Identifier: MIT */
/*
 * test_der.c - the strict DER reader: every rule of der.h with a positive and a negative case
 * (table-driven: hex in, expected code and value out), truncation of a valid structure at
 * every byte, lengths +1/-1, trailing data, deep nesting, and the RFC 5280 time rules.
 */
#include "testutil.h"

#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "der.h"

enum op {
    OP_ANY,     /* one element of any tag, then the end of input */
    OP_INTEGER, /* expect = contents */
    OP_UINT,    /* expect = magnitude */
    OP_SMALL,   /* num */
    OP_BOOLEAN, /* num */
    OP_NULL,
    OP_OID,   /* expect = contents */
    OP_BITS,  /* expect = data bytes */
    OP_FLAGS, /* num */
    OP_FLAGS9, /* num, keyUsage's 9 named bits */
    OP_NEST16 /* mutls_der_check_nesting(blob, 16) */
};

typedef struct der_case {
    const char *name;
    enum op op;
    const char *hex;
    int rc;
    const char *expect;
    int64_t num;
} der_case;

/* clang-format off */
static const der_case cases[] = {
    /* tags and lengths */
    {"short length",              OP_ANY, "04 03 010203", 0, "010203", 0},
    {"zero length",               OP_ANY, "04 00", 0, "", 0},
    {"long form 81 80",           OP_ANY, "04 81 80", MUTLS_ERR_DER, NULL, 0}, /* past end */
    {"long form where short fits", OP_ANY, "04 81 03 010203", MUTLS_ERR_DER, NULL, 0},
    {"long form 81 7f",           OP_ANY, "04 81 7f", MUTLS_ERR_DER, NULL, 0},
    {"leading zero length byte",  OP_ANY, "04 82 0003 010203", MUTLS_ERR_DER, NULL, 0},
    {"indefinite length",         OP_ANY, "30 80 0500 0000", MUTLS_ERR_DER, NULL, 0},
    {"five length bytes",         OP_ANY, "04 85 0100000000", MUTLS_ERR_DER, NULL, 0},
    {"length past end",           OP_ANY, "04 04 010203", MUTLS_ERR_DER, NULL, 0},
    {"huge length past end",      OP_ANY, "04 84 ffffffff 00", MUTLS_ERR_DER, NULL, 0},
    {"trailing byte",             OP_ANY, "04 01 01 00", MUTLS_ERR_DER, NULL, 0},
    {"length byte missing",       OP_ANY, "04", MUTLS_ERR_DER, NULL, 0},
    {"long length bytes missing", OP_ANY, "04 82 01", MUTLS_ERR_DER, NULL, 0},
    {"empty input",               OP_ANY, "", MUTLS_ERR_DER, NULL, 0},
    {"high tag number form",      OP_ANY, "1f 81 00 00", MUTLS_ERR_DER, NULL, 0},
    {"context high tag form",     OP_ANY, "bf 1f 00", MUTLS_ERR_DER, NULL, 0},
    {"tag 30 is fine",            OP_ANY, "1e 00", 0, "", 0},
    /* INTEGER */
    {"integer zero",              OP_INTEGER, "02 01 00", 0, "00", 0},
    {"integer minus one",         OP_INTEGER, "02 01 ff", 0, "ff", 0},
    {"integer 128 needs 00",      OP_INTEGER, "02 02 0080", 0, "0080", 0},
    {"integer -129",              OP_INTEGER, "02 02 ff7f", 0, "ff7f", 0},
    {"integer empty",             OP_INTEGER, "02 00", MUTLS_ERR_DER, NULL, 0},
    {"integer redundant 00",      OP_INTEGER, "02 02 007f", MUTLS_ERR_DER, NULL, 0},
    {"integer redundant ff",      OP_INTEGER, "02 02 ff80", MUTLS_ERR_DER, NULL, 0},
    {"integer wrong tag",         OP_INTEGER, "04 01 00", MUTLS_ERR_DER, NULL, 0},
    {"uint strips sign byte",     OP_UINT, "02 03 00ff01", 0, "ff01", 0},
    {"uint zero",                 OP_UINT, "02 01 00", 0, "00", 0},
    {"uint negative",             OP_UINT, "02 01 80", MUTLS_ERR_DER, NULL, 0},
    {"small uint",                OP_SMALL, "02 02 0100", 0, NULL, 256},
    {"small uint 2^31-1",         OP_SMALL, "02 04 7fffffff", 0, NULL, 0x7fffffff},
    {"small uint 2^31",           OP_SMALL, "02 05 0080000000", MUTLS_ERR_DER, NULL, 0},
    {"small uint negative",       OP_SMALL, "02 01 ff", MUTLS_ERR_DER, NULL, 0},
    /* BOOLEAN, NULL */
    {"boolean true",              OP_BOOLEAN, "01 01 ff", 0, NULL, 1},
    {"boolean false",             OP_BOOLEAN, "01 01 00", 0, NULL, 0},
    {"boolean 01 is BER only",    OP_BOOLEAN, "01 01 01", MUTLS_ERR_DER, NULL, 0},
    {"boolean two bytes",         OP_BOOLEAN, "01 02 ffff", MUTLS_ERR_DER, NULL, 0},
    {"boolean empty",             OP_BOOLEAN, "01 00", MUTLS_ERR_DER, NULL, 0},
    {"null",                      OP_NULL, "05 00", 0, NULL, 0},
    {"null with contents",        OP_NULL, "05 01 00", MUTLS_ERR_DER, NULL, 0},
    /* OBJECT IDENTIFIER */
    {"oid sha256WithRSA",         OP_OID, "06 09 2a864886f70d01010b", 0, "2a864886f70d01010b", 0},
    {"oid one byte",              OP_OID, "06 01 2a", 0, "2a", 0},
    {"oid empty",                 OP_OID, "06 00", MUTLS_ERR_DER, NULL, 0},
    {"oid leading 80",            OP_OID, "06 03 2a 8001", MUTLS_ERR_DER, NULL, 0},
    {"oid first subid 80",        OP_OID, "06 02 8001", MUTLS_ERR_DER, NULL, 0},
    {"oid unterminated",          OP_OID, "06 02 2a86", MUTLS_ERR_DER, NULL, 0},
    {"oid 81 00 is minimal",      OP_OID, "06 03 2a 8100", 0, "2a8100", 0},
    /* BIT STRING */
    {"bits whole bytes",          OP_BITS, "03 03 00 abcd", 0, "abcd", 0},
    {"bits empty",                OP_BITS, "03 01 00", 0, "", 0},
    {"bits no count byte",        OP_BITS, "03 00", MUTLS_ERR_DER, NULL, 0},
    {"bits unused 8",             OP_BITS, "03 02 08 00", MUTLS_ERR_DER, NULL, 0},
    {"bits empty with unused",    OP_BITS, "03 01 01", MUTLS_ERR_DER, NULL, 0},
    {"bits unused must be 0",     OP_BITS, "03 02 01 fe", MUTLS_ERR_DER, NULL, 0},
    {"bits unused bit set",       OP_BITS, "03 02 01 ff", MUTLS_ERR_DER, NULL, 0},
    {"flags digitalSignature",    OP_FLAGS, "03 02 07 80", 0, NULL, 0x1},
    {"flags keyCert+cRLSign",     OP_FLAGS, "03 02 01 06", 0, NULL, 0x60},
    {"flags decipherOnly",        OP_FLAGS, "03 03 07 8080", 0, NULL, 0x101},
    {"flags empty",               OP_FLAGS, "03 01 00", 0, NULL, 0},
    {"flags trailing zero bit",   OP_FLAGS, "03 02 06 80", MUTLS_ERR_DER, NULL, 0},
    {"flags trailing zero byte",  OP_FLAGS, "03 03 07 8000", MUTLS_ERR_DER, NULL, 0},
    {"flags unused bit set",      OP_FLAGS, "03 02 07 81", MUTLS_ERR_DER, NULL, 0},
    {"flags unused 0 last 1",     OP_FLAGS, "03 02 00 01", 0, NULL, 0x80},
    {"flags too many bytes",      OP_FLAGS, "03 06 00 0102030401", MUTLS_ERR_DER, NULL, 0},
    /* keyUsage as some roots encode it: trailing zero bits within its 9 named bits */
    {"flags9 trailing zeros in 9", OP_FLAGS9, "03 03 07 0600", 0, NULL, 0x60},
    {"flags9 trailing zero bit",  OP_FLAGS9, "03 02 06 80", 0, NULL, 0x1},
    {"flags9 past named zero",    OP_FLAGS9, "03 03 06 C000", MUTLS_ERR_DER, NULL, 0},
    {"flags9 minimal",            OP_FLAGS9, "03 02 01 06", 0, NULL, 0x60},
    /* generic walk */
    {"nest flat",                 OP_NEST16, "3000 0500 3103 020101", 0, NULL, 0},
    {"nest empty blob",           OP_NEST16, "", 0, NULL, 0},
    {"nest inner length past",    OP_NEST16, "3004 3003 0500", MUTLS_ERR_DER, NULL, 0},
    {"nest inner indefinite",     OP_NEST16, "3004 3080 0000", MUTLS_ERR_DER, NULL, 0},
    {"nest inner trailing byte",  OP_NEST16, "3003 3000 05", MUTLS_ERR_DER, NULL, 0},
    {"nest context constructed",  OP_NEST16, "a005 a003 020100", 0, NULL, 0},
};
/* clang-format on */

static uint8_t *unhex_or_fail(const char *hex, size_t *len)
{
    uint8_t *b = tu_unhex(hex, len);

    assert_non_null(b);
    return b;
}

static void assert_slice_hex(mutls_slice s, const char *hex, const char *name)
{
    size_t len;
    uint8_t *want = unhex_or_fail(hex, &len);

    if (s.len != len || (len > 0 && memcmp(s.p, want, len) != 0)) {
        fail_msg("%s: value differs", name);
    }
    free(want);
}

static void run_case(const der_case *c)
{
    size_t len;
    uint8_t *in = unhex_or_fail(c->hex, &len);
    mutls_rd r;
    mutls_der_tlv t;
    mutls_slice s = {NULL, 0};
    int64_t num = 0;
    int rc;

    mutls_rd_init(&r, in, len);
    switch (c->op) {
    case OP_ANY:
        mutls_der_any(&r, &t);
        s = t.value;
        break;
    case OP_INTEGER:
        s = mutls_der_integer(&r);
        break;
    case OP_UINT:
        s = mutls_der_uint(&r);
        break;
    case OP_SMALL:
        num = mutls_der_small_uint(&r);
        break;
    case OP_BOOLEAN:
        num = mutls_der_boolean(&r);
        break;
    case OP_NULL:
        mutls_der_null(&r);
        break;
    case OP_OID:
        s = mutls_der_oid(&r);
        break;
    case OP_BITS:
        s = mutls_der_bit_string(&r);
        break;
    case OP_FLAGS:
        num = mutls_der_bit_flags(&r, 0);
        break;
    case OP_FLAGS9:
        num = mutls_der_bit_flags(&r, 9);
        break;
    case OP_NEST16: {
        mutls_slice blob = {in, len};
        rc = mutls_der_check_nesting(blob, 16);
        if (rc != c->rc) {
            fail_msg("%s: rc %d, expected %d", c->name, rc, c->rc);
        }
        free(in);
        return;
    }
    }
    rc = mutls_der_end(&r);
    if (rc != c->rc) {
        fail_msg("%s: rc %d, expected %d", c->name, rc, c->rc);
    }
    if (rc == 0) {
        if (c->expect != NULL) {
            assert_slice_hex(s, c->expect, c->name);
        }
        if (num != c->num) {
            fail_msg("%s: value %lld, expected %lld", c->name, (long long)num, (long long)c->num);
        }
    }
    free(in);
}

static void test_der_table_cases_expected(void **state)
{
    size_t i;

    (void)state;
    for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        run_case(&cases[i]);
    }
}

static void test_der_any_whole_covers_header(void **state)
{
    static const uint8_t in[] = {0x30, 0x81, 0x80};
    uint8_t buf[3 + 128];
    mutls_rd r;
    mutls_der_tlv t;

    (void)state;
    memset(buf, 0x00, sizeof(buf));
    memcpy(buf, in, sizeof(in));
    /* 64 NULLs fill 128 content bytes. */
    for (size_t i = 3; i < sizeof(buf); i += 2) {
        buf[i] = 0x05;
    }
    mutls_rd_init(&r, buf, sizeof(buf));
    mutls_der_any(&r, &t);
    assert_int_equal(mutls_der_end(&r), 0);
    assert_int_equal(t.tag, 0x30);
    assert_ptr_equal(t.whole.p, buf);
    assert_int_equal(t.whole.len, sizeof(buf));
    assert_ptr_equal(t.value.p, buf + 3);
    assert_int_equal(t.value.len, 128);
    assert_int_equal(mutls_der_check_nesting(t.whole, 2), 0);
}

static void test_der_errors_are_der_not_decode(void **state)
{
    static const uint8_t in[] = {0x02};
    mutls_rd r;

    (void)state;
    mutls_rd_init(&r, in, sizeof(in));
    (void)mutls_der_integer(&r);
    assert_int_equal(r.err, MUTLS_ERR_DER);
    assert_int_equal(mutls_der_peek(&r), -1);
}

static void test_der_enter_optional_absent_and_present(void **state)
{
    /* SEQUENCE { [0] { INTEGER 2 } INTEGER 5 } and SEQUENCE { INTEGER 5 } */
    static const uint8_t with[] = {0x30, 0x08, 0xa0, 0x03, 0x02, 0x01, 0x02, 0x02, 0x01, 0x05};
    static const uint8_t without[] = {0x30, 0x03, 0x02, 0x01, 0x05};
    const uint8_t *ins[2] = {with, without};
    size_t lens[2] = {sizeof(with), sizeof(without)};
    int k;

    (void)state;
    for (k = 0; k < 2; k++) {
        mutls_rd r;
        mutls_rd seq;
        mutls_rd ver;
        uint32_t v = 0;
        int present;

        mutls_rd_init(&r, ins[k], lens[k]);
        mutls_der_enter(&r, MUTLS_DER_SEQUENCE, &seq);
        present = mutls_der_enter_optional(&seq, MUTLS_DER_CTX_CONS(0), &ver);
        if (present) {
            v = mutls_der_small_uint(&ver);
            assert_int_equal(mutls_der_end(&ver), 0);
        }
        assert_int_equal(mutls_der_small_uint(&seq), 5);
        assert_int_equal(mutls_der_end(&seq), 0);
        assert_int_equal(mutls_der_end(&r), 0);
        assert_int_equal(present, k == 0);
        assert_int_equal(v, k == 0 ? 2 : 0);
    }
}

static void test_der_enter_wrong_tag_fails(void **state)
{
    static const uint8_t in[] = {0x31, 0x00};
    mutls_rd r;
    mutls_rd sub;

    (void)state;
    mutls_rd_init(&r, in, sizeof(in));
    mutls_der_enter(&r, MUTLS_DER_SEQUENCE, &sub);
    assert_int_equal(r.err, MUTLS_ERR_DER);
    assert_int_equal(sub.err, MUTLS_ERR_DER);
    assert_int_equal(mutls_rd_remaining(&sub), 0);
}

/*
 * A small certificate-like schema:
 * SEQUENCE { INTEGER, SEQUENCE { OID, NULL }, [0] { UTCTime }, BOOLEAN, BIT STRING }
 */
static const char schema_hex[] = "30 2c"
                                 "02 02 00 80"
                                 "30 0d 06 09 2a864886f70d01010b 05 00"
                                 "a0 0f 17 0d 3234303232393132303030305a"
                                 "01 01 ff"
                                 "03 03 00 abcd";

static int parse_schema(const uint8_t *in, size_t len)
{
    static const uint8_t sha256rsa[] = {0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x0b};
    mutls_rd r;
    mutls_rd seq;
    mutls_rd alg;
    mutls_rd ctx;
    mutls_slice oid;
    int64_t t;

    mutls_rd_init(&r, in, len);
    mutls_der_enter(&r, MUTLS_DER_SEQUENCE, &seq);
    (void)mutls_der_uint(&seq);
    mutls_der_enter(&seq, MUTLS_DER_SEQUENCE, &alg);
    oid = mutls_der_oid(&alg);
    mutls_der_null(&alg);
    if (mutls_der_end(&alg) == 0 && !mutls_der_oid_is(oid, sha256rsa, sizeof(sha256rsa))) {
        return -1;
    }
    mutls_rd_merge(&seq, &alg);
    mutls_der_enter(&seq, MUTLS_DER_CTX_CONS(0), &ctx);
    t = mutls_der_time(&ctx);
    if (mutls_der_end(&ctx) == 0 && t != 1709208000) {
        return -1;
    }
    mutls_rd_merge(&seq, &ctx);
    (void)mutls_der_boolean(&seq);
    (void)mutls_der_bit_string(&seq);
    TRY(mutls_der_end(&seq));
    mutls_rd_merge(&r, &seq);
    return mutls_der_end(&r);
}

static void test_der_schema_truncated_every_byte_fails(void **state)
{
    size_t len;
    uint8_t *in = unhex_or_fail(schema_hex, &len);
    size_t cut;

    (void)state;
    assert_int_equal(parse_schema(in, len), 0);
    assert_int_equal(mutls_der_check_nesting((mutls_slice){in, len}, 3), 0);
    for (cut = 0; cut < len; cut++) {
        /* A fresh copy of exactly @p cut bytes, so ASan sees any over-read. */
        uint8_t *part = malloc(cut + 1);

        assert_non_null(part);
        memcpy(part, in, cut);
        if (parse_schema(part, cut) != MUTLS_ERR_DER) {
            fail_msg("truncation at %zu accepted", cut);
        }
        if (cut > 0 && mutls_der_check_nesting((mutls_slice){part, cut}, 16) != MUTLS_ERR_DER) {
            fail_msg("check_nesting accepted truncation at %zu", cut);
        }
        free(part);
    }
    free(in);
}

static void test_der_schema_length_off_by_one_fails(void **state)
{
    size_t len;
    uint8_t *in = unhex_or_fail(schema_hex, &len);
    /* Offsets of every length byte in schema_hex. */
    static const size_t length_at[] = {1, 3, 7, 9, 20, 22, 24, 39, 42};
    size_t i;

    (void)state;
    for (i = 0; i < sizeof(length_at) / sizeof(length_at[0]); i++) {
        int delta;

        for (delta = -1; delta <= 1; delta += 2) {
            uint8_t *m = malloc(len);
            assert_non_null(m);
            memcpy(m, in, len);
            m[length_at[i]] = (uint8_t)(m[length_at[i]] + delta);
            if (parse_schema(m, len) != MUTLS_ERR_DER) {
                fail_msg("length at %zu %+d accepted", length_at[i], delta);
            }
            free(m);
        }
    }
    free(in);
}

static void test_der_schema_trailing_byte_fails(void **state)
{
    size_t len;
    uint8_t *in = unhex_or_fail(schema_hex, &len);
    uint8_t *m = malloc(len + 1);

    (void)state;
    assert_non_null(m);
    memcpy(m, in, len);
    m[len] = 0;
    assert_int_equal(parse_schema(m, len + 1), MUTLS_ERR_DER);
    free(m);
    free(in);
}

static void test_der_schema_random_flips_no_crash(void **state)
{
    size_t len;
    uint8_t *in = unhex_or_fail(schema_hex, &len);
    uint32_t seed = 99;
    int i;

    (void)state;
    for (i = 0; i < 20000; i++) {
        uint8_t *m = malloc(len);
        int flips = 1 + i % 4;
        int rc;

        assert_non_null(m);
        memcpy(m, in, len);
        while (flips-- > 0) {
            seed = seed * 1103515245u + 12345u;
            m[(seed >> 8) % len] ^= (uint8_t)(1u + (seed >> 24) % 255u);
        }
        rc = parse_schema(m, len);
        assert_true(rc == 0 || rc == MUTLS_ERR_DER || rc == -1);
        rc = mutls_der_check_nesting((mutls_slice){m, len}, 4);
        assert_true(rc == 0 || rc == MUTLS_ERR_DER);
        free(m);
    }
    free(in);
}

/* @p depth SEQUENCEs nested in one another, the innermost empty, in long form from 128 on. */
static uint8_t *nested(int depth, size_t *len)
{
    size_t cap = (size_t)depth * 6 + 2;
    uint8_t *buf = malloc(cap);
    size_t start = cap;
    size_t inner = 0;
    int i;

    assert_non_null(buf);
    for (i = 0; i < depth; i++) {
        if (inner < 0x80) {
            buf[--start] = (uint8_t)inner;
        } else if (inner < 0x100) {
            buf[--start] = (uint8_t)inner;
            buf[--start] = 0x81;
        } else if (inner < 0x10000) {
            buf[--start] = (uint8_t)inner;
            buf[--start] = (uint8_t)(inner >> 8);
            buf[--start] = 0x82;
        } else {
            buf[--start] = (uint8_t)inner;
            buf[--start] = (uint8_t)(inner >> 8);
            buf[--start] = (uint8_t)(inner >> 16);
            buf[--start] = 0x83;
        }
        buf[--start] = 0x30;
        inner = cap - start;
    }
    memmove(buf, buf + start, inner);
    *len = inner;
    return buf;
}

static void test_der_nesting_beyond_limit_fails(void **state)
{
    size_t len;
    uint8_t *b;

    (void)state;
    b = nested(MUTLS_DER_MAX_NESTING, &len);
    assert_int_equal(mutls_der_check_nesting((mutls_slice){b, len}, MUTLS_DER_MAX_NESTING), 0);
    free(b);
    b = nested(MUTLS_DER_MAX_NESTING + 1, &len);
    assert_int_equal(mutls_der_check_nesting((mutls_slice){b, len}, MUTLS_DER_MAX_NESTING),
                     MUTLS_ERR_DER);
    free(b);
    /* Very deep input stops at the limit instead of recursing through it. */
    b = nested(20000, &len);
    assert_int_equal(mutls_der_check_nesting((mutls_slice){b, len}, MUTLS_DER_MAX_NESTING),
                     MUTLS_ERR_DER);
    assert_int_equal(mutls_der_check_nesting((mutls_slice){b, len}, 1000000), MUTLS_ERR_DER);
    free(b);
}

/* ---------------------------------------------------------------- times */

typedef struct time_case {
    uint8_t tag;
    const char *text;
    int rc;
    int64_t t;
} time_case;

#define UTC MUTLS_DER_UTC_TIME
#define GEN MUTLS_DER_GENERALIZED_TIME

/* clang-format off */
static const time_case times[] = {
    {UTC, "700101000000Z", 0, 0},
    {UTC, "491231235959Z", 0, 2524607999},        /* 2049 */
    {UTC, "500101000000Z", 0, -631152000},        /* 1950 */
    {UTC, "000229000000Z", 0, 951782400},         /* leap day 2000 */
    {UTC, "240229120000Z", 0, 1709208000},        /* leap day 2024 */
    {UTC, "380119031408Z", 0, 2147483648},        /* just past 2^31 - 1 */
    {UTC, "691231235959Z", 0, -1},
    {UTC, "230229000000Z", MUTLS_ERR_DER, 0},     /* 2023 is not a leap year */
    {UTC, "4912312359Z",   MUTLS_ERR_DER, 0},     /* missing seconds */
    {UTC, "491231235959",  MUTLS_ERR_DER, 0},     /* no Z */
    {UTC, "4912312359590", MUTLS_ERR_DER, 0},     /* 13 chars, no Z */
    {UTC, "491231235959+0100", MUTLS_ERR_DER, 0},
    {UTC, "4912312359+0100", MUTLS_ERR_DER, 0},
    {UTC, "491231235959.5Z", MUTLS_ERR_DER, 0},
    {UTC, "491331235959Z", MUTLS_ERR_DER, 0},     /* month 13 */
    {UTC, "490031235959Z", MUTLS_ERR_DER, 0},     /* month 0 */
    {UTC, "490100235959Z", MUTLS_ERR_DER, 0},     /* day 0 */
    {UTC, "490431235959Z", MUTLS_ERR_DER, 0},     /* 31 April */
    {UTC, "491231245959Z", MUTLS_ERR_DER, 0},     /* hour 24 */
    {UTC, "491231236059Z", MUTLS_ERR_DER, 0},     /* minute 60 */
    {UTC, "491231235960Z", MUTLS_ERR_DER, 0},     /* leap second refused */
    {UTC, "49123123595 Z", MUTLS_ERR_DER, 0},
    {UTC, "4-1231235959Z", MUTLS_ERR_DER, 0},
    {UTC, "491231235959z", MUTLS_ERR_DER, 0},
    {GEN, "20500101000000Z", 0, 2524608000},
    {GEN, "99991231235959Z", 0, 253402300799},
    {GEN, "19000228000000Z", 0, -2203977600},
    {GEN, "19000229000000Z", MUTLS_ERR_DER, 0},   /* 1900 is not a leap year */
    {GEN, "20000229000000Z", 0, 951782400},       /* 2000 is */
    {GEN, "21000229000000Z", MUTLS_ERR_DER, 0},   /* 2100 is not */
    {GEN, "20240229000000Z", 0, 1709164800},
    {GEN, "20500101000000.5Z", MUTLS_ERR_DER, 0}, /* fraction */
    {GEN, "20500101000000.Z", MUTLS_ERR_DER, 0},
    {GEN, "205001010000Z", MUTLS_ERR_DER, 0},     /* missing seconds */
    {GEN, "20500101000000", MUTLS_ERR_DER, 0},    /* no Z */
    {GEN, "20500101000000+0100", MUTLS_ERR_DER, 0},
    {GEN, "20501301000000Z", MUTLS_ERR_DER, 0},
    {GEN, "2050010100000aZ", MUTLS_ERR_DER, 0},
    {0x04, "20500101000000Z", MUTLS_ERR_DER, 0},  /* not a time type */
};
/* clang-format on */

static void test_der_time_table_expected(void **state)
{
    size_t i;

    (void)state;
    for (i = 0; i < sizeof(times) / sizeof(times[0]); i++) {
        const time_case *c = &times[i];
        size_t n = strlen(c->text);
        uint8_t buf[64];
        mutls_rd r;
        int64_t t;
        int rc;

        assert_true(n < sizeof(buf) - 2);
        buf[0] = c->tag;
        buf[1] = (uint8_t)n;
        memcpy(buf + 2, c->text, n);
        mutls_rd_init(&r, buf, n + 2);
        t = mutls_der_time(&r);
        rc = mutls_der_end(&r);
        if (rc != c->rc) {
            fail_msg("%s: rc %d, expected %d", c->text, rc, c->rc);
        }
        if (rc == 0 && t != c->t) {
            fail_msg("%s: %lld, expected %lld", c->text, (long long)t, (long long)c->t);
        }
    }
}

static void test_der_civil_roundtrip_matches(void **state)
{
    static const int64_t samples[] = {0,          -1,           951782400,   2524607999,
                                      -631152000, 253402300799, -2203977600, 86399,
                                      -86400,     -62135596800};
    int64_t t;
    size_t i;

    (void)state;
    for (i = 0; i < sizeof(samples) / sizeof(samples[0]); i++) {
        int y, mo, d, h, mi, s;
        mutls_der_unix_to_civil(samples[i], &y, &mo, &d, &h, &mi, &s);
        assert_int_equal(mutls_der_civil_to_unix(y, mo, d, h, mi, s), samples[i]);
    }
    /* Every day from 1600 to 2500 maps back to itself. */
    for (t = -11676096000; t < 16725225600; t += 86400 + 3661) {
        int y, mo, d, h, mi, s;
        mutls_der_unix_to_civil(t, &y, &mo, &d, &h, &mi, &s);
        assert_true(mo >= 1 && mo <= 12 && d >= 1 && d <= 31);
        assert_int_equal(mutls_der_civil_to_unix(y, mo, d, h, mi, s), t);
    }
    {
        int y, mo, d, h, mi, s;
        mutls_der_unix_to_civil(253402300799, &y, &mo, &d, &h, &mi, &s);
        assert_int_equal(y, 9999);
        assert_int_equal(mo, 12);
        assert_int_equal(d, 31);
        assert_int_equal(h, 23);
        assert_int_equal(mi, 59);
        assert_int_equal(s, 59);
    }
}

static void test_der_sticky_after_failure(void **state)
{
    /* A bad BOOLEAN, then a good INTEGER: the INTEGER is not read. */
    static const uint8_t in[] = {0x01, 0x01, 0x01, 0x02, 0x01, 0x05};
    mutls_rd r;
    mutls_slice s;

    (void)state;
    mutls_rd_init(&r, in, sizeof(in));
    (void)mutls_der_boolean(&r);
    s = mutls_der_integer(&r);
    assert_null(s.p);
    assert_int_equal(s.len, 0);
    assert_int_equal(mutls_der_end(&r), MUTLS_ERR_DER);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_der_table_cases_expected),
        cmocka_unit_test(test_der_any_whole_covers_header),
        cmocka_unit_test(test_der_errors_are_der_not_decode),
        cmocka_unit_test(test_der_enter_optional_absent_and_present),
        cmocka_unit_test(test_der_enter_wrong_tag_fails),
        cmocka_unit_test(test_der_schema_truncated_every_byte_fails),
        cmocka_unit_test(test_der_schema_length_off_by_one_fails),
        cmocka_unit_test(test_der_schema_trailing_byte_fails),
        cmocka_unit_test(test_der_schema_random_flips_no_crash),
        cmocka_unit_test(test_der_nesting_beyond_limit_fails),
        cmocka_unit_test(test_der_time_table_expected),
        cmocka_unit_test(test_der_civil_roundtrip_matches),
        cmocka_unit_test(test_der_sticky_after_failure),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
