/* SPDX-License-Identifier: MIT */
/*
 * der.c - the strict DER reader declared in der.h, built on the bounded reader (bytes.h).
 * It owns the rules of X.690 §10 (DER) that X.509 (RFC 5280) and the key formats (RFC 8017,
 * RFC 5915, RFC 5958) depend on: one-byte tags, definite lengths in their shortest form,
 * minimal INTEGERs, DER BOOLEANs, BIT STRING unused bits, minimal OID sub-identifiers, and the
 * two time types restricted as RFC 5280 §4.1.2.5 requires. Anything else is refused: a
 * parser that accepts two encodings of one value lets two parties disagree about what was
 * signed. Every failure becomes the reader's sticky error MUTLS_ERR_DER.
 */
#include "der.h"

#include <string.h>

/* The most length bytes we accept: 4 bytes already describe 4 GiB, far past any input. */
#define MAX_LEN_BYTES 4
/* mutls_der_check_nesting recurses once per level: cap what a caller may ask for. */
#define MAX_CHECK_DEPTH 64

static void fail(mutls_rd *r)
{
    (void)mutls_rd_fail(r, MUTLS_ERR_DER);
}

/* One byte, or a DER failure (never the reader's generic DECODE) when none is left. */
static uint8_t take_u8(mutls_rd *r)
{
    if (mutls_rd_remaining(r) < 1) {
        fail(r);
        return 0;
    }
    return mutls_rd_u8(r);
}

static void clear_tlv(mutls_der_tlv *out)
{
    memset(out, 0, sizeof(*out));
}

/*
 * Tag and length octets (X.690 §8.1.2, §8.1.3, §10.1). Returns the content length; the
 * reader is left at the first content byte.
 */
static size_t read_header(mutls_rd *r, uint8_t *tag)
{
    uint8_t first;
    size_t len;
    size_t nbytes;
    size_t i;

    *tag = take_u8(r);
    /* Tag number 31 announces the high-tag-number form; nothing mutls reads uses it. */
    if ((*tag & 0x1f) == 0x1f) {
        fail(r);
        return 0;
    }
    first = take_u8(r);
    if (r->err != 0) {
        return 0;
    }
    if (first < 0x80) {
        len = first;
    } else {
        nbytes = first & 0x7f;
        /* X.690 §10.1: DER uses the definite form only, so 0x80 (indefinite) is refused. */
        if (nbytes == 0 || nbytes > MAX_LEN_BYTES) {
            fail(r);
            return 0;
        }
        len = 0;
        for (i = 0; i < nbytes; i++) {
            uint8_t b = take_u8(r);
            /* X.690 §10.1: the shortest form, so no leading zero length byte ... */
            if (i == 0 && b == 0) {
                fail(r);
                return 0;
            }
            len = (len << 8) | b;
        }
        /* ... and the long form only for lengths the short form cannot express. */
        if (len < 0x80) {
            fail(r);
            return 0;
        }
    }
    if (r->err != 0) {
        return 0;
    }
    if (len > mutls_rd_remaining(r)) {
        fail(r);
        return 0;
    }
    return len;
}

int mutls_der_peek(const mutls_rd *r)
{
    if (mutls_rd_remaining(r) == 0) {
        return -1;
    }
    return r->p[r->off];
}

void mutls_der_any(mutls_rd *r, mutls_der_tlv *out)
{
    size_t start = r->off;
    size_t len;
    uint8_t tag;

    clear_tlv(out);
    if (r->err != 0) {
        return;
    }
    len = read_header(r, &tag);
    if (r->err != 0) {
        return;
    }
    out->tag = tag;
    out->value = mutls_rd_bytes(r, len);
    out->whole.p = r->p + start;
    out->whole.len = r->off - start;
}

/* The contents of the next element, which must carry @p tag. */
mutls_slice mutls_der_value(mutls_rd *r, uint8_t tag)
{
    mutls_der_tlv t;
    mutls_slice empty = {NULL, 0};

    mutls_der_any(r, &t);
    if (r->err != 0) {
        return empty;
    }
    if (t.tag != tag) {
        fail(r);
        return empty;
    }
    return t.value;
}

void mutls_der_enter(mutls_rd *r, uint8_t tag, mutls_rd *content)
{
    mutls_slice v = mutls_der_value(r, tag);

    mutls_rd_init_slice(content, v);
    content->err = r->err;
}

int mutls_der_end(mutls_rd *r)
{
    /* X.690 §10.1 leaves no room for bytes after an element: a signed blob is exact. */
    if (r->err == 0 && r->off != r->len) {
        fail(r);
    }
    return r->err;
}

void mutls_der_close(mutls_rd *parent, mutls_rd *content)
{
    if (content->err == 0 && content->off != content->len) {
        fail(content);
    }
    mutls_rd_merge(parent, content);
}

int mutls_der_enter_optional(mutls_rd *r, uint8_t tag, mutls_rd *content)
{
    if (mutls_der_peek(r) == tag) {
        mutls_der_enter(r, tag, content);
        return 1;
    }
    mutls_rd_init(content, NULL, 0);
    content->err = r->err;
    return 0;
}

/* INTEGER contents under @p tag (the universal one, or an implicit context tag). */
static mutls_slice integer_tagged(mutls_rd *r, uint8_t tag)
{
    mutls_slice v = mutls_der_value(r, tag);
    mutls_slice empty = {NULL, 0};

    if (r->err != 0) {
        return empty;
    }
    /* X.690 §8.3.1: at least one content byte. */
    if (v.len == 0) {
        fail(r);
        return empty;
    }
    /* X.690 §8.3.2: the first nine bits may not be all zeros or all ones. */
    if (v.len >= 2 &&
        ((v.p[0] == 0x00 && (v.p[1] & 0x80) == 0) || (v.p[0] == 0xff && (v.p[1] & 0x80) != 0))) {
        fail(r);
        return empty;
    }
    return v;
}

mutls_slice mutls_der_integer(mutls_rd *r)
{
    return integer_tagged(r, MUTLS_DER_INTEGER);
}

static mutls_slice uint_tagged(mutls_rd *r, uint8_t tag)
{
    mutls_slice v = integer_tagged(r, tag);
    mutls_slice empty = {NULL, 0};

    if (r->err != 0) {
        return empty;
    }
    if ((v.p[0] & 0x80) != 0) {
        fail(r);
        return empty;
    }
    /* Drop the sign byte; zero keeps its single 00 byte so the slice is never empty. */
    if (v.len >= 2 && v.p[0] == 0) {
        v.p++;
        v.len--;
    }
    return v;
}

mutls_slice mutls_der_uint(mutls_rd *r)
{
    return uint_tagged(r, MUTLS_DER_INTEGER);
}

uint32_t mutls_der_small_uint(mutls_rd *r)
{
    return mutls_der_small_uint_tagged(r, MUTLS_DER_INTEGER);
}

uint32_t mutls_der_small_uint_tagged(mutls_rd *r, uint8_t tag)
{
    mutls_slice v = uint_tagged(r, tag);
    uint32_t x = 0;
    size_t i;

    if (r->err != 0) {
        return 0;
    }
    if (v.len > 4 || (v.len == 4 && (v.p[0] & 0x80) != 0)) {
        fail(r);
        return 0;
    }
    for (i = 0; i < v.len; i++) {
        x = (x << 8) | v.p[i];
    }
    return x;
}

int mutls_der_boolean(mutls_rd *r)
{
    mutls_slice v = mutls_der_value(r, MUTLS_DER_BOOLEAN);

    if (r->err != 0) {
        return 0;
    }
    /* X.690 §11.1: TRUE is FF in DER; any other non-zero byte is BER only. */
    if (v.len != 1 || (v.p[0] != 0x00 && v.p[0] != 0xff)) {
        fail(r);
        return 0;
    }
    return v.p[0] == 0xff;
}

void mutls_der_null(mutls_rd *r)
{
    mutls_slice v = mutls_der_value(r, MUTLS_DER_NULL);

    if (r->err == 0 && v.len != 0) {
        fail(r);
    }
}

mutls_slice mutls_der_oid(mutls_rd *r)
{
    mutls_slice v = mutls_der_value(r, MUTLS_DER_OID);
    mutls_slice empty = {NULL, 0};
    int at_start = 1;
    size_t i;

    if (r->err != 0) {
        return empty;
    }
    if (v.len == 0) {
        fail(r);
        return empty;
    }
    for (i = 0; i < v.len; i++) {
        /* X.690 §8.19.2: a sub-identifier in the fewest bytes, so never a leading 0x80. */
        if (at_start && v.p[i] == 0x80) {
            fail(r);
            return empty;
        }
        at_start = (v.p[i] & 0x80) == 0;
    }
    /* The last byte must end a sub-identifier. */
    if (!at_start) {
        fail(r);
        return empty;
    }
    return v;
}

int mutls_der_oid_is(mutls_slice oid, const uint8_t *der, size_t der_len)
{
    return oid.p != NULL && oid.len == der_len && memcmp(oid.p, der, der_len) == 0;
}

const mutls_der_oid_row *mutls_der_oid_find(mutls_slice oid, const mutls_der_oid_row *rows,
                                            size_t n, int group)
{
    size_t i;

    for (i = 0; i < n; i++) {
        if (rows[i].group == group && mutls_der_oid_is(oid, rows[i].der, rows[i].len)) {
            return &rows[i];
        }
    }
    return NULL;
}

/*
 * BIT STRING contents (X.690 §8.6.2, §11.2): the unused-bit count byte and the bits. Returns
 * the data bytes and the count; checks the count and that unused bits are zero.
 */
static mutls_slice bit_string_body(mutls_rd *r, unsigned *unused)
{
    mutls_slice v = mutls_der_value(r, MUTLS_DER_BIT_STRING);
    mutls_slice empty = {NULL, 0};
    mutls_slice body;
    uint8_t last;

    *unused = 0;
    if (r->err != 0) {
        return empty;
    }
    if (v.len == 0 || v.p[0] > 7) {
        fail(r);
        return empty;
    }
    *unused = v.p[0];
    body.p = v.p + 1;
    body.len = v.len - 1;
    if (body.len == 0) {
        /* X.690 §8.6.2.3: an empty bit string has no unused bits. */
        if (*unused != 0) {
            fail(r);
            return empty;
        }
        return body;
    }
    /* X.690 §11.2.1: the unused bits are zero in DER. */
    last = body.p[body.len - 1];
    if ((last & ((1u << *unused) - 1u)) != 0) {
        fail(r);
        return empty;
    }
    return body;
}

mutls_slice mutls_der_bit_string(mutls_rd *r)
{
    mutls_slice empty = {NULL, 0};
    unsigned unused;
    mutls_slice body = bit_string_body(r, &unused);

    if (r->err != 0) {
        return empty;
    }
    /* Keys and signatures are whole bytes. */
    if (unused != 0) {
        fail(r);
        return empty;
    }
    return body;
}

uint32_t mutls_der_bit_flags(mutls_rd *r, size_t named)
{
    unsigned unused;
    mutls_slice body = bit_string_body(r, &unused);
    uint32_t flags = 0;
    size_t i;

    if (r->err != 0) {
        return 0;
    }
    if (body.len > 4) {
        fail(r);
        return 0;
    }
    if (body.len == 0) {
        return 0;
    }
    /* X.690 §11.2.2: a named bit list drops trailing zero bits, so the last bit is a one.
     * Within the named bits, zero bits left in are tolerated: roots in wide use encode
     * keyUsage that way (Trustwave's ECC roots in Debian's ca-certificates: 9 bits for
     * keyCertSign|cRLSign), and OpenSSL, Go and NSS read them. A string reaching past the
     * named bits still has to end in a one (as X509-Anvil KeyUsageOverflowTests expects). */
    if (((body.p[body.len - 1] >> unused) & 1u) == 0 && body.len * 8 - unused > named) {
        fail(r);
        return 0;
    }
    for (i = 0; i < body.len * 8; i++) {
        if ((body.p[i / 8] & (0x80u >> (i % 8))) != 0) {
            flags |= (uint32_t)1 << i;
        }
    }
    return flags;
}

/* ---------------------------------------------------------------- times */

static int is_leap(int y)
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int days_in_month(int y, int m)
{
    static const int days[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};

    return m == 2 && is_leap(y) ? 29 : days[m - 1];
}

/* Days from 1970-01-01 to the given proleptic Gregorian date (negative before). */
static int64_t days_from_civil(int64_t y, int m, int d)
{
    int64_t era;
    int64_t yoe;
    int64_t doy;
    int64_t doe;

    /* Count from 1 March so the leap day is the last day of the counted year. */
    if (m <= 2) {
        y -= 1;
    }
    era = (y >= 0 ? y : y - 399) / 400;
    yoe = y - era * 400;
    doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
    doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

int64_t mutls_der_civil_to_unix(int year, int month, int day, int hour, int min, int sec)
{
    return days_from_civil(year, month, day) * 86400 + (int64_t)hour * 3600 + min * 60 + sec;
}

void mutls_der_unix_to_civil(int64_t t, int *year, int *month, int *day, int *hour, int *min,
                             int *sec)
{
    int64_t days = t / 86400;
    int64_t rem = t % 86400;
    int64_t z;
    int64_t era;
    int64_t doe;
    int64_t yoe;
    int64_t doy;
    int64_t mp;
    int64_t y;
    int m;

    if (rem < 0) {
        rem += 86400;
        days -= 1;
    }
    *hour = (int)(rem / 3600);
    *min = (int)(rem % 3600 / 60);
    *sec = (int)(rem % 60);
    z = days + 719468;
    era = (z >= 0 ? z : z - 146096) / 146097;
    doe = z - era * 146097;
    yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    mp = (5 * doy + 2) / 153;
    *day = (int)(doy - (153 * mp + 2) / 5 + 1);
    m = (int)(mp < 10 ? mp + 3 : mp - 9);
    y = yoe + era * 400 + (m <= 2 ? 1 : 0);
    *month = m;
    *year = (int)y;
}

/* @p n decimal digits at @p p, or -1 when one of them is not a digit. */
static int digits(const uint8_t *p, size_t n)
{
    int v = 0;
    size_t i;

    for (i = 0; i < n; i++) {
        if (p[i] < '0' || p[i] > '9') {
            return -1;
        }
        v = v * 10 + (p[i] - '0');
    }
    return v;
}

int64_t mutls_der_time(mutls_rd *r)
{
    int tag = mutls_der_peek(r);
    mutls_slice v;
    const uint8_t *p;
    int year;
    int month;
    int day;
    int hour;
    int min;
    int sec;

    if (tag != MUTLS_DER_UTC_TIME && tag != MUTLS_DER_GENERALIZED_TIME) {
        fail(r);
        return 0;
    }
    v = mutls_der_value(r, (uint8_t)tag);
    if (r->err != 0) {
        return 0;
    }
    /*
     * RFC 5280 §4.1.2.5.1 and §4.1.2.5.2: Zulu time with seconds, no fraction and no
     * offset, so the lengths are exact and the last character is 'Z'.
     */
    if (tag == MUTLS_DER_UTC_TIME) {
        if (v.len != 13 || v.p[12] != 'Z') {
            fail(r);
            return 0;
        }
        year = digits(v.p, 2);
        /* RFC 5280 §4.1.2.5.1: two-digit years 50..99 are 19YY, 00..49 are 20YY. */
        if (year >= 0) {
            year += year >= 50 ? 1900 : 2000;
        }
        p = v.p + 2;
    } else {
        if (v.len != 15 || v.p[14] != 'Z') {
            fail(r);
            return 0;
        }
        year = digits(v.p, 4);
        p = v.p + 4;
    }
    month = digits(p, 2);
    day = digits(p + 2, 2);
    hour = digits(p + 4, 2);
    min = digits(p + 6, 2);
    sec = digits(p + 8, 2);
    /* Negative values mark a non-digit; a leap second (60) is refused like any bad field. */
    if (year < 0 || month < 1 || month > 12 || day < 1 || hour < 0 || hour > 23 || min < 0 ||
        min > 59 || sec < 0 || sec > 59 || day > days_in_month(year, month)) {
        fail(r);
        return 0;
    }
    return mutls_der_civil_to_unix(year, month, day, hour, min, sec);
}

/* ---------------------------------------------------------------- generic walk */

static void walk(mutls_rd *r, int depth, int max_depth)
{
    while (r->err == 0 && mutls_rd_remaining(r) > 0) {
        mutls_der_tlv t;

        mutls_der_any(r, &t);
        if (r->err != 0) {
            return;
        }
        if ((t.tag & 0x20) != 0) {
            mutls_rd sub;

            /* Children of this element sit one level deeper. */
            if (depth + 1 > max_depth) {
                if (t.value.len > 0) {
                    fail(r);
                    return;
                }
                continue;
            }
            mutls_rd_init_slice(&sub, t.value);
            walk(&sub, depth + 1, max_depth);
            mutls_rd_merge(r, &sub);
        }
    }
}

int mutls_der_check_nesting(mutls_slice blob, int max_depth)
{
    mutls_rd r;

    if (max_depth < 1 || max_depth > MAX_CHECK_DEPTH) {
        max_depth = max_depth < 1 ? 1 : MAX_CHECK_DEPTH;
    }
    mutls_rd_init_slice(&r, blob);
    walk(&r, 1, max_depth);
    return r.err != 0 ? MUTLS_ERR_DER : 0;
}
