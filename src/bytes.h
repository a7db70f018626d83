/* SPDX-License-Identifier: MIT */
/*
 * bytes.h - the bounded reader (mutls_rd) and writer (mutls_wr): the only code that reads
 * wire bytes. Every read checks bounds; the first failure is sticky, later reads return 0
 * and remaining() becomes 0 so loops stop (BearSSL's habit). Length-prefixed vectors open a
 * sub-reader that must be consumed exactly (mutls_rd_end).
 */
#ifndef MUTLS_BYTES_H
#define MUTLS_BYTES_H

#include <stddef.h>
#include <stdint.h>

#include "error.h"

/* A view of bytes owned by someone else; the owner documents its lifetime. */
typedef struct mutls_slice {
    const uint8_t *p;
    size_t len;
} mutls_slice;

typedef struct mutls_rd {
    const uint8_t *p;
    size_t len;
    size_t off;
    int err; /* 0 or the first MUTLS_ERR_* */
} mutls_rd;

typedef struct mutls_wr {
    uint8_t *p;
    size_t cap;
    size_t off;
    int err;
} mutls_wr;

/* ---- reader */
void mutls_rd_init(mutls_rd *r, const uint8_t *p, size_t len);
void mutls_rd_init_slice(mutls_rd *r, mutls_slice s);

/* Record @p code as the reader's error unless one is already set; returns the error kept. */
int mutls_rd_fail(mutls_rd *r, int code);

size_t mutls_rd_remaining(const mutls_rd *r);

uint8_t mutls_rd_u8(mutls_rd *r);
uint16_t mutls_rd_u16(mutls_rd *r);
uint32_t mutls_rd_u24(mutls_rd *r);
uint32_t mutls_rd_u32(mutls_rd *r);

/* Take the next @p n bytes as a slice (empty slice on failure). */
mutls_slice mutls_rd_bytes(mutls_rd *r, size_t n);

/* Copy the next @p n bytes into @p dst (zeros on failure). */
void mutls_rd_copy(mutls_rd *r, void *dst, size_t n);

/* Skip @p n bytes. */
void mutls_rd_skip(mutls_rd *r, size_t n);

/* Open the next @p n bytes as a sub-reader; the parent moves past them. */
void mutls_rd_sub(mutls_rd *r, size_t n, mutls_rd *sub);

/* Open a vector with a 1-, 2- or 3-byte length prefix as a sub-reader. */
void mutls_rd_vec8(mutls_rd *r, mutls_rd *sub);
void mutls_rd_vec16(mutls_rd *r, mutls_rd *sub);
void mutls_rd_vec24(mutls_rd *r, mutls_rd *sub);

/* The bytes not yet read, as a slice (the reader is not moved). */
mutls_slice mutls_rd_rest(const mutls_rd *r);

/* Whether two slices hold the same bytes (not constant time: for public data such as DER). */
int mutls_slice_eq(mutls_slice a, mutls_slice b);

/*
 * 0 when the reader has no error and every byte was read; otherwise the reader's error,
 * or MUTLS_ERR_DECODE for trailing bytes (which also becomes the sticky error).
 */
MUTLS_MUST_CHECK int mutls_rd_end(mutls_rd *r);

/* A sub-reader's error, carried into its parent (so one check of the parent suffices). */
void mutls_rd_merge(mutls_rd *parent, const mutls_rd *sub);

/* ---- writer */
void mutls_wr_init(mutls_wr *w, uint8_t *p, size_t cap);
int mutls_wr_fail(mutls_wr *w, int code);
void mutls_wr_u8(mutls_wr *w, uint8_t v);
void mutls_wr_u16(mutls_wr *w, uint16_t v);
void mutls_wr_u24(mutls_wr *w, uint32_t v);
void mutls_wr_u32(mutls_wr *w, uint32_t v);
void mutls_wr_u64(mutls_wr *w, uint64_t v);
void mutls_wr_bytes(mutls_wr *w, const void *src, size_t n);
void mutls_wr_slice(mutls_wr *w, mutls_slice s);

/* Reserve @p n bytes to be filled by the caller; NULL (and a sticky error) if they do not fit. */
uint8_t *mutls_wr_reserve(mutls_wr *w, size_t n);

/*
 * Length-prefixed vectors: _begin reserves the prefix and returns a mark; _end fills it in
 * with the number of bytes written since. A body too long for its prefix is a sticky error.
 */
size_t mutls_wr_vec8_begin(mutls_wr *w);
size_t mutls_wr_vec16_begin(mutls_wr *w);
size_t mutls_wr_vec24_begin(mutls_wr *w);
void mutls_wr_vec8_end(mutls_wr *w, size_t mark);
void mutls_wr_vec16_end(mutls_wr *w, size_t mark);
void mutls_wr_vec24_end(mutls_wr *w, size_t mark);

/* Bytes written so far. */
size_t mutls_wr_len(const mutls_wr *w);

/* Big-endian helpers for fixed-size fields built outside a writer (no bounds to check). */
void mutls_put_u16(uint8_t out[2], uint16_t v);
void mutls_put_u64(uint8_t out[8], uint64_t v);
uint16_t mutls_get_u16(const uint8_t in[2]);

#endif
