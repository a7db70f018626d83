/* SPDX-License-Identifier: MIT */
/*
 * pem.c - PEM armour (see pem.h): finds "-----BEGIN <label>-----" / "-----END <label>-----"
 * blocks line by line, ignores the text around them (RFC 7468 §2 lets explanatory text sit
 * between blocks), and decodes the body as strict base64 (RFC 4648 §4): only the base64
 * alphabet and whitespace, padding to a whole quartet, nothing after the padding, and zero
 * bits where the padding leaves unused bits (the canonical form, RFC 4648 §3.5). RFC 7468
 * removed the RFC 1421 encapsulated headers; a body that still has them is a legacy
 * OpenSSL encrypted key ("Proc-Type: 4,ENCRYPTED"), reported as MUTLS_ERR_KEY_UNSUPPORTED:
 * convert it with `openssl pkcs8 -topk8`.
 *
 * All scanning goes through the bounded reader; the decoder runs twice over the body, once
 * to validate and size it, once to write exactly that many bytes.
 */
#include "pem.h"

#include <string.h>

#include "mem.h"

#define BEGIN_MARK "-----BEGIN "
#define END_MARK "-----END "
#define DASHES "-----"

static int is_space(uint8_t c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\v' || c == '\f';
}

/* Whether @p s begins with the NUL-terminated @p prefix. */
static int starts_with(mutls_slice s, const char *prefix)
{
    size_t n = strlen(prefix);
    mutls_rd r;
    mutls_slice head;

    mutls_rd_init_slice(&r, s);
    head = mutls_rd_bytes(&r, n);
    return r.err == 0 && memcmp(head.p, prefix, n) == 0;
}

/* The next line without its '\n'; the reader moves past the '\n'. */
static mutls_slice read_line(mutls_rd *r)
{
    mutls_slice rest = mutls_rd_rest(r);
    mutls_slice line = {rest.p, 0};

    while (mutls_rd_remaining(r) > 0) {
        if (mutls_rd_u8(r) == '\n') {
            break;
        }
        line.len++;
    }
    return line;
}

/* @p s without trailing whitespace (a '\r' of CRLF text, trailing blanks). */
static mutls_slice trim_right(mutls_slice s)
{
    mutls_rd r;
    size_t seen = 0;
    size_t keep = 0;

    mutls_rd_init_slice(&r, s);
    while (mutls_rd_remaining(&r) > 0) {
        seen++;
        if (!is_space(mutls_rd_u8(&r))) {
            keep = seen;
        }
    }
    s.len = keep;
    return s;
}

static int has_byte(mutls_slice s, uint8_t want)
{
    mutls_rd r;

    mutls_rd_init_slice(&r, s);
    while (mutls_rd_remaining(&r) > 0) {
        if (mutls_rd_u8(&r) == want) {
            return 1;
        }
    }
    return 0;
}

/*
 * The label of an encapsulation boundary "<mark><label>-----" (RFC 7468 §2). Returns 1 with
 * @p label set when @p line has that shape with a non-empty label.
 */
static int boundary_label(mutls_slice line, const char *mark, mutls_slice *label)
{
    size_t mark_len = strlen(mark);
    size_t dash_len = strlen(DASHES);
    mutls_rd r;
    mutls_slice tail;

    if (!starts_with(line, mark) || line.len <= mark_len + dash_len) {
        return 0;
    }
    mutls_rd_init_slice(&r, line);
    mutls_rd_skip(&r, mark_len);
    *label = mutls_rd_bytes(&r, line.len - mark_len - dash_len);
    tail = mutls_rd_bytes(&r, dash_len);
    return r.err == 0 && memcmp(tail.p, DASHES, dash_len) == 0;
}

static int same_slice(mutls_slice a, mutls_slice b)
{
    return a.len == b.len && (a.len == 0 || memcmp(a.p, b.p, a.len) == 0);
}

int mutls_pem_is_pem(const uint8_t *data, size_t len)
{
    mutls_rd r;

    mutls_rd_init(&r, data, len);
    while (mutls_rd_remaining(&r) > 0) {
        if (starts_with(mutls_rd_rest(&r), BEGIN_MARK)) {
            return 1;
        }
        mutls_rd_skip(&r, 1);
    }
    return 0;
}

static int b64_value(uint8_t c)
{
    if (c >= 'A' && c <= 'Z') {
        return c - 'A';
    }
    if (c >= 'a' && c <= 'z') {
        return c - 'a' + 26;
    }
    if (c >= '0' && c <= '9') {
        return c - '0' + 52;
    }
    if (c == '+') {
        return 62;
    }
    if (c == '/') {
        return 63;
    }
    return -1;
}

/* Emit the first @p n bytes of a 24-bit group: to @p w, or only counted when @p w is NULL. */
static void emit(mutls_wr *w, size_t *count, uint32_t group, size_t n)
{
    size_t i;

    for (i = 0; i < n; i++) {
        if (w != NULL) {
            mutls_wr_u8(w, (uint8_t)(group >> (16 - 8 * i)));
        }
    }
    *count += n;
}

/* MUTLS_ERR_PEM_MALFORMED, naming @p rule in *why (when asked for): the sentence the
 * certificate and key loaders give. */
static int refuse(const char **why, const char *rule)
{
    if (why != NULL) {
        *why = rule;
    }
    return MUTLS_ERR_PEM_MALFORMED;
}

/*
 * Strict base64 over @p body (RFC 4648 §4, whitespace between characters ignored). With
 * @p w NULL only validates and counts; otherwise writes to @p w. 0 or MUTLS_ERR_PEM_MALFORMED.
 */
static int b64_decode(mutls_slice body, mutls_wr *w, size_t *count, const char **why)
{
    mutls_rd r;
    uint32_t group = 0;
    size_t in_group = 0;
    size_t pads = 0;
    int done = 0;

    *count = 0;
    mutls_rd_init_slice(&r, body);
    while (mutls_rd_remaining(&r) > 0) {
        uint8_t c = mutls_rd_u8(&r);
        int v;

        if (is_space(c)) {
            continue;
        }
        /* Nothing may follow the padded final quartet. */
        if (done) {
            return refuse(why, "its base64 text goes on after the final '=' padding");
        }
        if (c == '=') {
            /* Padding fills only the third and fourth places of a quartet. */
            if (in_group < 2) {
                return refuse(why, "its base64 '=' padding is misplaced (RFC 4648 section 4)");
            }
            pads++;
            v = 0;
        } else {
            v = b64_value(c);
            if (v < 0) {
                return refuse(why, "its base64 text holds a character outside the base64 "
                                   "alphabet (RFC 4648 section 4)");
            }
            if (pads > 0) {
                return refuse(why, "its base64 '=' padding is misplaced (RFC 4648 section 4)");
            }
        }
        group = (group << 6) | (uint32_t)v;
        in_group++;
        if (in_group < 4) {
            continue;
        }
        /* RFC 4648 §3.5: the bits the padding leaves over are zero in canonical base64. */
        if ((pads == 1 && (group & 0xff) != 0) || (pads == 2 && (group & 0xffff) != 0)) {
            return refuse(why, "its base64 text is not canonical: bits under the padding are "
                               "set (RFC 4648 section 3.5)");
        }
        emit(w, count, group, 3 - pads);
        done = pads > 0;
        group = 0;
        in_group = 0;
    }
    if (in_group != 0) {
        return refuse(why, "its base64 text ends inside a group of four characters (the file "
                           "is cut short, or a line is missing)");
    }
    if (*count == 0) {
        return refuse(why, "its PEM block is empty");
    }
    return 0;
}

/* Decode @p body into a new exact-size buffer. */
static int decode_body(mutls_slice body, uint8_t **der, size_t *der_len, const char **why)
{
    mutls_wr w;
    size_t n;
    size_t written;
    uint8_t *buf;

    TRY(b64_decode(body, NULL, &n, why));
    buf = mutls_alloc(n);
    if (buf == NULL) {
        return MUTLS_ERR_NO_MEMORY;
    }
    mutls_wr_init(&w, buf, n);
    if (b64_decode(body, &w, &written, NULL) != 0 || w.err != 0 || written != n) {
        mutls_free_secret(buf, n);
        return MUTLS_ERR_INTERNAL;
    }
    *der = buf;
    *der_len = n;
    return 0;
}

int mutls_pem_next_why(const uint8_t *text, size_t len, size_t *pos, mutls_slice *label,
                       uint8_t **der, size_t *der_len, const char **why)
{
    mutls_rd r;
    mutls_slice line;
    mutls_slice begin_label = {NULL, 0};
    mutls_slice body;
    size_t body_off;
    int found = 0;

    *der = NULL;
    *der_len = 0;
    if (*pos >= len) {
        return 0;
    }
    mutls_rd_init(&r, text, len);
    mutls_rd_skip(&r, *pos);
    /* Lines before the block are explanatory text (RFC 7468 §2). */
    while (!found && mutls_rd_remaining(&r) > 0) {
        line = trim_right(read_line(&r));
        found = boundary_label(line, BEGIN_MARK, &begin_label);
    }
    if (!found) {
        *pos = len;
        return 0;
    }
    body = mutls_rd_rest(&r);
    body_off = r.off;
    for (;;) {
        size_t line_off = r.off;
        mutls_slice end_label;

        if (mutls_rd_remaining(&r) == 0) {
            return refuse(why, "its BEGIN line has no END line (the file is cut short?)");
        }
        line = trim_right(read_line(&r));
        if (boundary_label(line, END_MARK, &end_label)) {
            /* RFC 7468 §2: the END label repeats the BEGIN label. */
            if (!same_slice(begin_label, end_label)) {
                return refuse(why, "its END line names another label than its BEGIN line (RFC "
                                   "7468 section 2)");
            }
            body.len = line_off - body_off;
            break;
        }
        if (starts_with(line, DASHES)) {
            return refuse(why, "a BEGIN line follows before its END line");
        }
        /* RFC 1421 headers: base64 has no ':', so a colon marks one. */
        if (has_byte(line, ':')) {
            if (starts_with(line, "Proc-Type:") || starts_with(line, "DEK-Info:")) {
                return MUTLS_ERR_KEY_UNSUPPORTED;
            }
            return refuse(why, "it has a header line (\"Name: value\"), which RFC 7468 does "
                               "not allow");
        }
    }
    TRY(decode_body(body, der, der_len, why));
    *label = begin_label;
    *pos = r.off;
    return 1;
}

int mutls_pem_next(const uint8_t *text, size_t len, size_t *pos, mutls_slice *label, uint8_t **der,
                   size_t *der_len)
{
    return mutls_pem_next_why(text, len, pos, label, der, der_len, NULL);
}
