/* SPDX-License-Identifier: MIT */
/*
 * failalloc.h - a mutls allocator (over malloc) for the out-of-memory tests: it counts the
 * allocations asked for and refuses every one from a chosen index on, so a test can walk
 * that index up until the operation under test succeeds.
 */
#ifndef MUTLS_TU_FAILALLOC_H
#define MUTLS_TU_FAILALLOC_H

#include <stddef.h>

#include "mutls.h"

/* fail_from for an allocator that never refuses (it only counts). */
#define TU_NEVER_FAIL ((size_t)-1)

typedef struct tu_failalloc {
    size_t calls;     /* allocations asked for since the last reset */
    size_t fail_from; /* calls with this index (0-based) or later get NULL */
} tu_failalloc;

/* The allocator driven by @p f (pass it to mutls_set_allocator; @p f must outlive its use). */
mutls_allocator tu_failalloc_allocator(tu_failalloc *f);

/* A new round: no call counted yet, refusing from index @p fail_from on. */
void tu_failalloc_reset(tu_failalloc *f, size_t fail_from);

#endif
