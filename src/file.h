/* SPDX-License-Identifier: MIT */
/*
 * file.h - the file loaders of the OS layer (DESIGN.md): read a file into memory from the
 * mutls allocator and hand it to the parsers. A firmware build without a file system leaves
 * file.c out and passes bytes to keys.h (and the X.509 parsers) directly.
 */
#ifndef MUTLS_FILE_H
#define MUTLS_FILE_H

#include <stddef.h>
#include <stdint.h>

#include "crypto.h"
#include "error.h"

/* Largest file the loaders read: keys and certificate chains are a few KiB. */
#define MUTLS_FILE_MAX ((size_t)1 << 20)

/*
 * Read the whole file at @p path. On success *data is a new buffer of *len bytes from
 * mutls_alloc; release it with mutls_free_secret(*data, *len) (it may hold a key).
 * Errors: MUTLS_ERR_FILE (missing, unreadable, a directory, or empty), MUTLS_ERR_LIMIT (more
 * than MUTLS_FILE_MAX bytes; reading stops there, so an endless file cannot hang us),
 * MUTLS_ERR_NO_MEMORY, MUTLS_ERR_BAD_ARGUMENT.
 */
MUTLS_MUST_CHECK int mutls_file_read(const char *path, uint8_t **data, size_t *len);

/*
 * Load a private key file (PEM or DER; see mutls_key_parse for formats, @p password and
 * the key errors). The file's bytes are wiped before they are released.
 */
MUTLS_MUST_CHECK int mutls_key_load_file(mutls_pkey **out, const char *path, const char *password);

#endif
