/* SPDX-License-Identifier: MIT */
/*
 * mem.c - the replaceable allocator (DESIGN.md "Memory and platforms") and secure wiping.
 * The allocator is set once, before any other use of the library; it is the only global
 * besides the crypto provider's once-only initialisation.
 *
 * Also the one wait step every spin lock uses (mutls_mem_spin): the locks guard a few dozen
 * bytes or one short table scan, so waiting by spinning is cheaper than a mutex, as long as
 * the holder is running. A pause instruction tells the CPU we spin (a hyperthread sibling
 * gets the pipeline, and leaving the loop costs no mis-speculation); after a few hundred turns
 * the holder has most likely been preempted, and burning our time slice would only delay it,
 * so each further turn yields the CPU to it.
 */
#include "mem.h"

#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#if !defined(MUTLS_NO_OS)
#include <sched.h>
#endif

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

/* The CPU's spin-wait hint where it has one; elsewhere at least a compiler barrier, so the
 * loop re-reads the lock. */
static void cpu_pause(void)
{
#if defined(__x86_64__) || defined(__i386__)
    __builtin_ia32_pause();
#elif defined(__aarch64__) || (defined(__arm__) && defined(__ARM_ARCH) && __ARM_ARCH >= 7)
    __asm__ __volatile__("yield" ::: "memory");
#else
    atomic_signal_fence(memory_order_seq_cst);
#endif
}

int mutls_mem_spin(unsigned *spins)
{
    cpu_pause();
    if (*spins < MUTLS_SPIN_YIELD_AFTER) {
        ++*spins;
        return 0;
    }
#if !defined(MUTLS_NO_OS)
    (void)sched_yield();
    return 1;
#else
    return 0;
#endif
}
