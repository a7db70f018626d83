/* SPDX-License-Identifier: MIT */
/*
 * mem.h - the one allocator every mutls allocation goes through, replaceable by the
 * application (mutls_set_allocator), and secure wiping.
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

#endif
