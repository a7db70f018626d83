/* SPDX-License-Identifier: MIT */
/*
 * bytes.c - bounded reader and writer over caller buffers (see bytes.h). Every other parser
 * in mutls goes through these functions; they are the only place that indexes a buffer by
 * a length that came from the network or a file.
 */
#include "bytes.h"

#include <string.h>

void mutls_rd_init(mutls_rd *r, const uint8_t *p, size_t len)
{
    r->p = p;
    r->len = p != NULL ? len : 0;
    r->off = 0;
    r->err = 0;
}

void mutls_rd_init_slice(mutls_rd *r, mutls_slice s)
{
    mutls_rd_init(r, s.p, s.len);
}

int mutls_rd_fail(mutls_rd *r, int code)
{
    if (r->err == 0) {
        r->err = code < 0 ? code : MUTLS_ERR_DECODE;
    }
    return r->err;
}

size_t mutls_rd_remaining(const mutls_rd *r)
{
    return r->err != 0 ? 0 : r->len - r->off;
}

/* Whether @p n more bytes can be read; sets the sticky error when not. */
static int need(mutls_rd *r, size_t n)
{
    if (r->err != 0) {
        return 0;
    }
    if (n > r->len - r->off) {
        r->err = MUTLS_ERR_DECODE;
        return 0;
    }
    return 1;
}

static uint32_t read_be(mutls_rd *r, size_t n)
{
    uint32_t v = 0;
    size_t i;

    if (!need(r, n)) {
        return 0;
    }
    for (i = 0; i < n; i++) {
        v = (v << 8) | r->p[r->off + i];
    }
    r->off += n;
    return v;
}

uint8_t mutls_rd_u8(mutls_rd *r)
{
    return (uint8_t)read_be(r, 1);
}

uint16_t mutls_rd_u16(mutls_rd *r)
{
    return (uint16_t)read_be(r, 2);
}

uint32_t mutls_rd_u24(mutls_rd *r)
{
    return read_be(r, 3);
}

uint32_t mutls_rd_u32(mutls_rd *r)
{
    return read_be(r, 4);
}

mutls_slice mutls_rd_bytes(mutls_rd *r, size_t n)
{
    mutls_slice s = {NULL, 0};

    if (need(r, n)) {
        s.p = r->p + r->off;
        s.len = n;
        r->off += n;
    }
    return s;
}

void mutls_rd_copy(mutls_rd *r, void *dst, size_t n)
{
    if (n == 0) {
        return; /* an empty reader may have no buffer at all: memcpy must not see NULL */
    }
    if (need(r, n)) {
        memcpy(dst, r->p + r->off, n);
        r->off += n;
    } else {
        memset(dst, 0, n);
    }
}

void mutls_rd_skip(mutls_rd *r, size_t n)
{
    if (need(r, n)) {
        r->off += n;
    }
}

void mutls_rd_sub(mutls_rd *r, size_t n, mutls_rd *sub)
{
    mutls_slice s = mutls_rd_bytes(r, n);

    mutls_rd_init(sub, s.p, s.len);
    sub->err = r->err;
}

void mutls_rd_vec8(mutls_rd *r, mutls_rd *sub)
{
    size_t n = mutls_rd_u8(r);
    mutls_rd_sub(r, n, sub);
}

void mutls_rd_vec16(mutls_rd *r, mutls_rd *sub)
{
    size_t n = mutls_rd_u16(r);
    mutls_rd_sub(r, n, sub);
}

void mutls_rd_vec24(mutls_rd *r, mutls_rd *sub)
{
    size_t n = mutls_rd_u24(r);
    mutls_rd_sub(r, n, sub);
}

mutls_slice mutls_rd_rest(const mutls_rd *r)
{
    mutls_slice s = {NULL, 0};

    if (r->err == 0 && r->off < r->len) {
        s.p = r->p + r->off;
        s.len = r->len - r->off;
    }
    return s;
}

int mutls_slice_eq(mutls_slice a, mutls_slice b)
{
    return a.len == b.len && (a.len == 0 || memcmp(a.p, b.p, a.len) == 0);
}

int mutls_rd_end(mutls_rd *r)
{
    if (r->err == 0 && r->off != r->len) {
        r->err = MUTLS_ERR_DECODE;
    }
    return r->err;
}

void mutls_rd_merge(mutls_rd *parent, const mutls_rd *sub)
{
    if (sub->err != 0) {
        mutls_rd_fail(parent, sub->err);
    }
}

/* ---- writer */

void mutls_wr_init(mutls_wr *w, uint8_t *p, size_t cap)
{
    w->p = p;
    w->cap = p != NULL ? cap : 0;
    w->off = 0;
    w->err = 0;
}

int mutls_wr_fail(mutls_wr *w, int code)
{
    if (w->err == 0) {
        w->err = code < 0 ? code : MUTLS_ERR_BUFFER_TOO_SMALL;
    }
    return w->err;
}

uint8_t *mutls_wr_reserve(mutls_wr *w, size_t n)
{
    uint8_t *at;

    if (w->err != 0) {
        return NULL;
    }
    if (n > w->cap - w->off) {
        w->err = MUTLS_ERR_BUFFER_TOO_SMALL;
        return NULL;
    }
    at = w->p + w->off;
    w->off += n;
    return at;
}

static void write_be(mutls_wr *w, uint64_t v, size_t n)
{
    uint8_t *at = mutls_wr_reserve(w, n);
    size_t i;

    if (at == NULL) {
        return;
    }
    for (i = 0; i < n; i++) {
        at[n - 1 - i] = (uint8_t)(v >> (8 * i));
    }
}

void mutls_wr_u8(mutls_wr *w, uint8_t v)
{
    write_be(w, v, 1);
}

void mutls_wr_u16(mutls_wr *w, uint16_t v)
{
    write_be(w, v, 2);
}

void mutls_wr_u24(mutls_wr *w, uint32_t v)
{
    write_be(w, v, 3);
}

void mutls_wr_u32(mutls_wr *w, uint32_t v)
{
    write_be(w, v, 4);
}

void mutls_wr_u64(mutls_wr *w, uint64_t v)
{
    write_be(w, v, 8);
}

void mutls_wr_bytes(mutls_wr *w, const void *src, size_t n)
{
    uint8_t *at;

    if (n == 0) {
        return;
    }
    at = mutls_wr_reserve(w, n);
    if (at != NULL) {
        memcpy(at, src, n);
    }
}

void mutls_wr_slice(mutls_wr *w, mutls_slice s)
{
    mutls_wr_bytes(w, s.p, s.len);
}

/* A mark stores where the prefix starts; the prefix width is passed again at _end. */
static size_t vec_begin(mutls_wr *w, size_t width)
{
    size_t mark = w->off;

    write_be(w, 0, width);
    return mark;
}

static void vec_end(mutls_wr *w, size_t mark, size_t width)
{
    size_t body;
    size_t i;

    if (w->err != 0) {
        return;
    }
    if (mark + width > w->off) {
        w->err = MUTLS_ERR_INTERNAL;
        return;
    }
    body = w->off - mark - width;
    if (width < sizeof(size_t) && body >> (8 * width) != 0) {
        w->err = MUTLS_ERR_INTERNAL;
        return;
    }
    for (i = 0; i < width; i++) {
        w->p[mark + width - 1 - i] = (uint8_t)(body >> (8 * i));
    }
}

size_t mutls_wr_vec8_begin(mutls_wr *w)
{
    return vec_begin(w, 1);
}

size_t mutls_wr_vec16_begin(mutls_wr *w)
{
    return vec_begin(w, 2);
}

size_t mutls_wr_vec24_begin(mutls_wr *w)
{
    return vec_begin(w, 3);
}

void mutls_wr_vec8_end(mutls_wr *w, size_t mark)
{
    vec_end(w, mark, 1);
}

void mutls_wr_vec16_end(mutls_wr *w, size_t mark)
{
    vec_end(w, mark, 2);
}

void mutls_wr_vec24_end(mutls_wr *w, size_t mark)
{
    vec_end(w, mark, 3);
}

size_t mutls_wr_len(const mutls_wr *w)
{
    return w->off;
}

void mutls_put_u16(uint8_t out[2], uint16_t v)
{
    out[0] = (uint8_t)(v >> 8);
    out[1] = (uint8_t)v;
}

void mutls_put_u64(uint8_t out[8], uint64_t v)
{
    int i;

    for (i = 0; i < 8; i++) {
        out[7 - i] = (uint8_t)(v >> (8 * i));
    }
}

uint16_t mutls_get_u16(const uint8_t in[2])
{
    return (uint16_t)((in[0] << 8) | in[1]);
}
