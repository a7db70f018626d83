/* SPDX-License-Identifier: MIT */
/*
 * pipe.h - an in-memory duplex transport for tests: two ends, each with a send and a recv
 * callback matching mutls_send_fn / mutls_recv_fn. Each call moves at most `chunk` bytes
 * (1 = one byte at a time), and with chaos enabled returns MUTLS_WANT_READ /
 * MUTLS_WANT_WRITE at points chosen by a seeded generator, so runs are repeatable. A test can
 * also inject raw bytes for an end to read, take the raw bytes an end sent, and close a
 * direction (the reader then sees end of stream once the bytes are drained).
 */
#ifndef MUTLS_TEST_PIPE_H
#define MUTLS_TEST_PIPE_H

#include <stddef.h>
#include <stdint.h>

typedef struct tu_pipe tu_pipe;

/* A pipe whose two directions each hold up to @p cap bytes in flight (a full direction makes
 * send return MUTLS_WANT_WRITE). NULL on allocation failure. */
tu_pipe *tu_pipe_new(size_t cap);
void tu_pipe_free(tu_pipe *p);

/* The context to pass with the callbacks for end 0 or end 1. */
void *tu_pipe_end(tu_pipe *p, int end);

/* mutls_send_fn / mutls_recv_fn: ctx is tu_pipe_end(p, end). */
int tu_pipe_send(void *end, const uint8_t *buf, size_t len);
int tu_pipe_recv(void *end, uint8_t *buf, size_t len);

/* At most @p chunk bytes per send or recv call (0: no limit). */
void tu_pipe_set_chunk(tu_pipe *p, size_t chunk);

/* With @p on, each call moves a random 1..chunk bytes instead (chosen by the chaos
 * generator, so seeded and repeatable; needs a chunk set). */
void tu_pipe_set_random_chunk(tu_pipe *p, int on);

/* Return WANT_* on about @p percent of calls, from a generator seeded with @p seed
 * (0 percent turns it off). */
void tu_pipe_set_chaos(tu_pipe *p, uint32_t seed, unsigned percent);

/* Bytes @p end will read next: append raw bytes to the direction that end reads. */
int tu_pipe_inject(tu_pipe *p, int end, const uint8_t *buf, size_t len);

/* Take up to @p cap raw bytes that @p end has sent (and that the other end has not read). */
size_t tu_pipe_take(tu_pipe *p, int end, uint8_t *buf, size_t cap);

/* Bytes in flight towards @p end. */
size_t tu_pipe_pending(const tu_pipe *p, int end);

/* Close what @p end sends: the other end reads end of stream after the queued bytes. */
void tu_pipe_close(tu_pipe *p, int end);

/* Counters: calls that returned WANT_* so far (to prove chaos happened). */
unsigned long tu_pipe_wants(const tu_pipe *p);

#endif
