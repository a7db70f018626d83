/* SPDX-License-Identifier: MIT */
/*
 * mem.c - the replaceable allocator (DESIGN.md "Memory and platforms") and secure wiping.
 * The allocator is set once, before any other use of the library; it is the only global
 * besides the crypto provider's once-only initialisation.
 */
#include "mem.h"

#include <stdlib.h>
#include <string.h>

static void *default_alloc(void *ctx, size_t size)
{
    (void)ctx;
    return malloc(size);
}

static void default_free(void *ctx, void *p, size_t size)
{
    (void)ctx;
    (void)size;
    free(p);
}

static mutls_allocator allocator = {default_alloc, default_free, NULL};

int mutls_set_allocator(const mutls_allocator *a)
{
    if (a == NULL) {
        allocator.alloc = default_alloc;
        allocator.free = default_free;
        allocator.ctx = NULL;
        return 0;
    }
    if (a->alloc == NULL || a->free == NULL) {
        return MUTLS_ERR_BAD_ARGUMENT;
    }
    allocator = *a;
    return 0;
}

void *mutls_alloc(size_t size)
{
    void *p;

    if (size == 0) {
        return NULL;
    }
    p = allocator.alloc(allocator.ctx, size);
    if (p != NULL) {
        memset(p, 0, size);
    }
    return p;
}

void mutls_mem_free(void *p, size_t size)
{
    if (p != NULL) {
        allocator.free(allocator.ctx, p, size);
    }
}

void mutls_free_secret(void *p, size_t size)
{
    if (p != NULL) {
        mutls_wipe(p, size);
        allocator.free(allocator.ctx, p, size);
    }
}

void mutls_wipe(void *p, size_t n)
{
    /* A volatile function pointer keeps the compiler from proving the store dead. */
    static void *(*const volatile set)(void *, int, size_t) = memset;

    if (p != NULL && n > 0) {
        set(p, 0, n);
    }
}
