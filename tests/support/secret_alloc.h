/* SPDX-License-Identifier: MIT */
/*
 * secret_alloc.h - a test allocator for mutls_set_allocator that records every block, and at
 * free time keeps a copy of what the block still held. A test registers "needles" (bytes that
 * must not outlive their use: a master secret from the key log, private-key bytes, a
 * password) and then asks which freed blocks still contained one: each is a secret that was
 * released without being wiped. It also counts live blocks, so a leak shows too.
 */
#ifndef MUTLS_TEST_SECRET_ALLOC_H
#define MUTLS_TEST_SECRET_ALLOC_H

#include <stddef.h>
#include <stdint.h>

/* Install the recording allocator (forgets earlier freed blocks; keeps the needles). Call it
 * before any mutls object exists: blocks must be freed by the allocator that made them. */
void tu_secret_alloc_install(void);

/* Restore the C library's allocator. Returns the number of blocks still live (leaks). */
size_t tu_secret_alloc_uninstall(void);

/* Blocks freed so far, and how many of them were all zero when freed. */
size_t tu_secret_alloc_freed(void);
size_t tu_secret_alloc_freed_zero(void);

/* Forget every needle and every freed block's copy (call at the end of a test). */
void tu_secret_reset(void);

/* Register @p len bytes (copied) under @p name; names should say what the bytes are. */
void tu_secret_add_needle(const char *name, const uint8_t *p, size_t len);

/* Check every freed block against every needle. Returns the number of (block, needle) hits
 * and writes one line per hit into @p report ("1200-byte block #17 still held <name> at
 * offset 300"), truncated to @p cap (always NUL-terminated when cap > 0). */
size_t tu_secret_scan(char *report, size_t cap);

#endif
