/* SPDX-License-Identifier: MIT */
/*
 * rectest.h - helpers for tests that drive the record layer: deterministic record keys for
 * each cipher configuration, and a writer/reader pair of records joined by a tu_pipe.
 */
#ifndef MUTLS_TEST_RECTEST_H
#define MUTLS_TEST_RECTEST_H

#include "pipe.h"
#include "record.h"

/* One protection configuration (cipher, CBC MAC, encrypt-then-MAC). */
typedef struct tu_rec_suite {
    const char *name;
    mutls_cipher cipher;
    mutls_hash_alg mac;
    int etm;
} tu_rec_suite;

/* Every configuration the record layer supports. */
extern const tu_rec_suite tu_rec_suites[];
extern const size_t tu_rec_suite_count;
/* How many of them, from the first, this build's record layer takes: the AEAD entries come
 * first, and -DMUTLS_CBC=OFF (MUTLS_NO_CBC) leaves out the CBC ones after them. */
extern const size_t tu_rec_built_count;

/* Fill @p k for @p s with key bytes derived from @p seed (same seed: same keys). */
void tu_rec_keys(mutls_rec_keys *k, const tu_rec_suite *s, unsigned seed);

/* A writer (end 0) and a reader (end 1) joined by a pipe. */
typedef struct tu_rec_pair {
    mutls_record w;
    mutls_record r;
    tu_pipe *pipe;
    mutls_rng *rng;
} tu_rec_pair;

/* Set up both records with @p max_frag, version fixed to 0x0303; returns 0 or an error. */
int tu_rec_pair_init(tu_rec_pair *p, size_t max_frag);
/* Install the same keys (from @p s, @p seed) for writing in w and reading in r. */
int tu_rec_pair_keys(tu_rec_pair *p, const tu_rec_suite *s, unsigned seed);
void tu_rec_pair_clear(tu_rec_pair *p);

/* Write a handshake message (type, 24-bit length, @p body_len body bytes derived from
 * @p seed) into @p out; returns its length. */
size_t tu_rec_make_msg(uint8_t *out, uint8_t type, size_t body_len, unsigned seed);

/* mutls_rec_read with a cleared unit and no application-data chunk limit. */
int tu_rec_read_unit(mutls_record *rl, mutls_rec_unit *u);

#endif
