/* SPDX-License-Identifier: MIT */
/*
 * mem.h - the one allocator every mutls allocation goes through, replaceable by the
 * application (mutls_set_allocator), secure wiping, and the wait step of the library's spin
 * locks.
 */
#ifndef MUTLS_MEM_H
#define MUTLS_MEM_H

#include <stddef.h>

#include "error.h"

/* Allocate @p size bytes, zeroed. NULL on failure or when size is 0. */
void *mutls_alloc(size_t size);

/* Release a block from mutls_alloc; @p size must be the size asked for. NULL is a no-op.
 * (The public API owns the name mutls_free, for a connection.) */
void mutls_mem_free(void *p, size_t size);

/* Wipe, then release: for every block that held key material or secrets. */
void mutls_free_secret(void *p, size_t size);

/* Overwrite @p n bytes with zeros in a way the compiler may not remove. */
void mutls_wipe(void *p, size_t n);

/* Spins of a lock's wait loop before each further one yields the CPU (builds with an OS). */
#define MUTLS_SPIN_YIELD_AFTER 256u

/* One turn of a spin lock's wait loop (the session cache, the ticket keys, RSA blinding):
 * a CPU pause; once MUTLS_SPIN_YIELD_AFTER turns have passed (counted in *spins, which the
 * waiter sets to 0 before its loop), each further turn also yields the thread, except in
 * OS-free builds (MUTLS_NO_OS), which have no scheduler to yield to. Returns 1 when it
 * yielded. */
int mutls_mem_spin(unsigned *spins);

#endif
