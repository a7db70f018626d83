/* SPDX-License-Identifier: MIT */
/*
 * failalloc.c - the counting, failing allocator of failalloc.h.
 */
#include "failalloc.h"

#include <stdlib.h>

static void *fail_alloc(void *ctx, size_t size)
{
    tu_failalloc *f = ctx;

    return f->calls++ >= f->fail_from ? NULL : malloc(size);
}

static void plain_free(void *ctx, void *p, size_t size)
{
    (void)ctx;
    (void)size;
    free(p);
}

mutls_allocator tu_failalloc_allocator(tu_failalloc *f)
{
    mutls_allocator a = {fail_alloc, plain_free, f};

    return a;
}

void tu_failalloc_reset(tu_failalloc *f, size_t fail_from)
{
    f->calls = 0;
    f->fail_from = fail_from;
}
