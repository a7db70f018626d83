/* SPDX-License-Identifier: MIT */
/* pipe.c - the in-memory duplex test transport (see pipe.h). */
#include "pipe.h"

#include <stdlib.h>
#include <string.h>

#include "mutls.h"

/* Bytes sent by one end, read by the other. */
typedef struct {
    uint8_t *buf;
    size_t cap;
    size_t off; /* first unread byte */
    size_t len; /* end of written bytes */
    int closed;
} queue;

typedef struct {
    tu_pipe *p;
    int id;
} pipe_end;

struct tu_pipe {
    queue q[2]; /* q[i]: sent by end i */
    pipe_end ends[2];
    size_t chunk;
    int random_chunk;
    uint32_t rng;
    unsigned percent;
    unsigned long wants;
};

tu_pipe *tu_pipe_new(size_t cap)
{
    tu_pipe *p = calloc(1, sizeof(*p));
    int i;

    if (p == NULL) {
        return NULL;
    }
    for (i = 0; i < 2; i++) {
        p->q[i].buf = malloc(cap ? cap : 1);
        p->q[i].cap = cap;
        p->ends[i].p = p;
        p->ends[i].id = i;
        if (p->q[i].buf == NULL) {
            tu_pipe_free(p);
            return NULL;
        }
    }
    return p;
}

void tu_pipe_free(tu_pipe *p)
{
    if (p != NULL) {
        free(p->q[0].buf);
        free(p->q[1].buf);
        free(p);
    }
}

void *tu_pipe_end(tu_pipe *p, int end)
{
    return &p->ends[end & 1];
}

void tu_pipe_set_chunk(tu_pipe *p, size_t chunk)
{
    p->chunk = chunk;
}

void tu_pipe_set_random_chunk(tu_pipe *p, int on)
{
    p->random_chunk = on;
}

void tu_pipe_set_chaos(tu_pipe *p, uint32_t seed, unsigned percent)
{
    p->rng = seed ? seed : 1;
    p->percent = percent;
}

unsigned long tu_pipe_wants(const tu_pipe *p)
{
    return p->wants;
}

/* xorshift32: repeatable, good enough to pick blocking points. */
static int chaos(tu_pipe *p)
{
    if (p->percent == 0) {
        return 0;
    }
    p->rng ^= p->rng << 13;
    p->rng ^= p->rng >> 17;
    p->rng ^= p->rng << 5;
    if (p->rng % 100 < p->percent) {
        p->wants++;
        return 1;
    }
    return 0;
}

static size_t limit(tu_pipe *p, size_t n)
{
    size_t max = p->chunk;

    if (max != 0 && p->random_chunk) {
        p->rng = p->rng ? p->rng : 1;
        p->rng ^= p->rng << 13;
        p->rng ^= p->rng >> 17;
        p->rng ^= p->rng << 5;
        /* Half the calls move a few bytes, so record headers and tags get cut too. */
        max = 1 + p->rng % ((p->rng >> 16) & 1 ? max : (max < 64 ? max : 64));
    }
    return max != 0 && n > max ? max : n;
}

static void compact(queue *q)
{
    if (q->off > 0) {
        memmove(q->buf, q->buf + q->off, q->len - q->off);
        q->len -= q->off;
        q->off = 0;
    }
}

static size_t put(queue *q, const uint8_t *buf, size_t len)
{
    size_t room;

    compact(q);
    room = q->cap - q->len;
    if (len > room) {
        len = room;
    }
    memcpy(q->buf + q->len, buf, len);
    q->len += len;
    return len;
}

static size_t get(queue *q, uint8_t *buf, size_t len)
{
    size_t avail = q->len - q->off;

    if (len > avail) {
        len = avail;
    }
    memcpy(buf, q->buf + q->off, len);
    q->off += len;
    return len;
}

int tu_pipe_send(void *ctx, const uint8_t *buf, size_t len)
{
    pipe_end *e = ctx;
    tu_pipe *p = e->p;
    size_t n;

    if (len == 0) {
        return MUTLS_ERR_BAD_ARGUMENT;
    }
    if (p->q[e->id].closed) {
        return MUTLS_ERR_IO;
    }
    if (chaos(p)) {
        return MUTLS_WANT_WRITE;
    }
    n = put(&p->q[e->id], buf, limit(p, len));
    return n > 0 ? (int)n : MUTLS_WANT_WRITE;
}

int tu_pipe_recv(void *ctx, uint8_t *buf, size_t len)
{
    pipe_end *e = ctx;
    tu_pipe *p = e->p;
    queue *q = &p->q[1 - e->id];
    size_t n;

    if (len == 0) {
        return MUTLS_ERR_BAD_ARGUMENT;
    }
    if (chaos(p)) {
        return MUTLS_WANT_READ;
    }
    n = get(q, buf, limit(p, len));
    if (n == 0) {
        return q->closed ? 0 : MUTLS_WANT_READ;
    }
    return (int)n;
}

int tu_pipe_inject(tu_pipe *p, int end, const uint8_t *buf, size_t len)
{
    return put(&p->q[1 - (end & 1)], buf, len) == len ? 0 : -1;
}

size_t tu_pipe_take(tu_pipe *p, int end, uint8_t *buf, size_t cap)
{
    return get(&p->q[end & 1], buf, cap);
}

size_t tu_pipe_pending(const tu_pipe *p, int end)
{
    const queue *q = &p->q[1 - (end & 1)];

    return q->len - q->off;
}

void tu_pipe_close(tu_pipe *p, int end)
{
    p->q[end & 1].closed = 1;
}
