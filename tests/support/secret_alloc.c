/* SPDX-License-Identifier: MIT */
/*
 * secret_alloc.c - see secret_alloc.h. The bookkeeping uses the C library's malloc directly
 * (never the allocator being tested) and a mutex, since in-process servers run on threads.
 */
#include "secret_alloc.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mutls.h"

#define MAX_NEEDLES 32

typedef struct freed_block {
    uint8_t *copy;
    size_t size;
    unsigned long serial; /* allocation order, to tell blocks apart in a report */
} freed_block;

typedef struct needle {
    char name[96];
    uint8_t *p;
    size_t len;
} needle;

/* Each live block is preceded by this header inside the real allocation. */
typedef struct header {
    unsigned long serial;
    size_t size;
    max_align_t align;
} header;

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static freed_block *freed;
static size_t n_freed, cap_freed, n_zero, n_live;
static unsigned long next_serial;
static needle needles[MAX_NEEDLES];
static size_t n_needles;

static void *rec_alloc(void *ctx, size_t size)
{
    header *h;

    (void)ctx;
    h = malloc(sizeof(*h) + size);
    if (h == NULL) {
        return NULL;
    }
    pthread_mutex_lock(&lock);
    h->serial = next_serial++;
    h->size = size;
    n_live++;
    pthread_mutex_unlock(&lock);
    return h + 1;
}

static int all_zero(const uint8_t *p, size_t n)
{
    uint8_t acc = 0;

    for (size_t i = 0; i < n; i++) {
        acc |= p[i];
    }
    return acc == 0;
}

static void rec_free(void *ctx, void *ptr, size_t size)
{
    header *h = (header *)ptr - 1;
    uint8_t *copy;

    (void)ctx;
    if (h->size != size) {
        /* The size handed back must be the size asked for (mutls_allocator's contract). */
        fprintf(stderr, "secret_alloc: block #%lu of %zu bytes freed as %zu bytes\n", h->serial,
                h->size, size);
        abort();
    }
    copy = malloc(size);
    if (copy == NULL) {
        abort();
    }
    memcpy(copy, ptr, size);
    pthread_mutex_lock(&lock);
    if (n_freed == cap_freed) {
        size_t cap = cap_freed ? cap_freed * 2 : 256;
        freed_block *f = realloc(freed, cap * sizeof(*f));
        if (f == NULL) {
            abort();
        }
        freed = f;
        cap_freed = cap;
    }
    freed[n_freed].copy = copy;
    freed[n_freed].size = size;
    freed[n_freed].serial = h->serial;
    n_freed++;
    n_zero += all_zero(copy, size);
    n_live--;
    pthread_mutex_unlock(&lock);
    memset(ptr, 0xa5, size); /* a use after free reads garbage, not the old contents */
    free(h);
}

static void forget(void)
{
    for (size_t i = 0; i < n_freed; i++) {
        free(freed[i].copy);
    }
    free(freed);
    freed = NULL;
    n_freed = cap_freed = n_zero = 0;
}

void tu_secret_reset(void)
{
    pthread_mutex_lock(&lock);
    forget();
    for (size_t i = 0; i < n_needles; i++) {
        free(needles[i].p);
    }
    n_needles = 0;
    pthread_mutex_unlock(&lock);
}

void tu_secret_alloc_install(void)
{
    static const mutls_allocator a = {rec_alloc, rec_free, NULL};

    pthread_mutex_lock(&lock);
    forget();
    n_live = 0;
    next_serial = 0;
    pthread_mutex_unlock(&lock);
    if (mutls_set_allocator(&a) != 0) {
        abort();
    }
}

size_t tu_secret_alloc_uninstall(void)
{
    size_t live;

    (void)mutls_set_allocator(NULL);
    pthread_mutex_lock(&lock);
    live = n_live;
    pthread_mutex_unlock(&lock);
    return live;
}

size_t tu_secret_alloc_freed(void)
{
    return n_freed;
}

size_t tu_secret_alloc_freed_zero(void)
{
    return n_zero;
}

void tu_secret_add_needle(const char *name, const uint8_t *p, size_t len)
{
    pthread_mutex_lock(&lock);
    if (n_needles < MAX_NEEDLES && len > 0) {
        needle *n = &needles[n_needles];
        snprintf(n->name, sizeof(n->name), "%s", name);
        n->p = malloc(len);
        if (n->p == NULL) {
            abort();
        }
        memcpy(n->p, p, len);
        n->len = len;
        n_needles++;
    }
    pthread_mutex_unlock(&lock);
}

static const uint8_t *find(const uint8_t *hay, size_t hay_len, const uint8_t *nd, size_t nd_len)
{
    for (size_t i = 0; nd_len <= hay_len && i <= hay_len - nd_len; i++) {
        if (hay[i] == nd[0] && memcmp(hay + i, nd, nd_len) == 0) {
            return hay + i;
        }
    }
    return NULL;
}

size_t tu_secret_scan(char *report, size_t cap)
{
    size_t hits = 0;
    size_t used = 0;

    if (cap > 0) {
        report[0] = 0;
    }
    pthread_mutex_lock(&lock);
    for (size_t b = 0; b < n_freed; b++) {
        for (size_t k = 0; k < n_needles; k++) {
            const uint8_t *at = find(freed[b].copy, freed[b].size, needles[k].p, needles[k].len);
            if (at == NULL) {
                continue;
            }
            hits++;
            if (used < cap) {
                int w = snprintf(report + used, cap - used,
                                 "%zu-byte block #%lu still held %s at offset %zu\n", freed[b].size,
                                 freed[b].serial, needles[k].name, (size_t)(at - freed[b].copy));
                used += w > 0 ? (size_t)w : 0;
            }
        }
    }
    pthread_mutex_unlock(&lock);
    return hits;
}
