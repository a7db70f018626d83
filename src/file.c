/* SPDX-License-Identifier: MIT */
/*
 * file.c - file loaders (see file.h): the only place in the key layer that touches stdio.
 * A file is read in growing chunks up to MUTLS_FILE_MAX, so pipes and devices work as well
 * as regular files and an endless source stops at the cap. Every intermediate buffer is
 * wiped when released, since a key file's bytes are a secret. No RFC applies here.
 */
#include "file.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "keys.h"
#include "mem.h"

#define FIRST_CHUNK ((size_t)4096)

/* Move @p used bytes of @p old (of size @p old_cap) into a new buffer of @p new_cap. */
static uint8_t *regrow(uint8_t *old, size_t old_cap, size_t used, size_t new_cap)
{
    uint8_t *buf = mutls_alloc(new_cap);

    if (buf != NULL && used > 0) {
        memcpy(buf, old, used);
    }
    mutls_free_secret(old, old_cap);
    return buf;
}

static int read_stream(FILE *f, uint8_t **data, size_t *len)
{
    size_t cap = FIRST_CHUNK;
    size_t used = 0;
    size_t next;
    uint8_t *buf = mutls_alloc(cap);

    if (buf == NULL) {
        return MUTLS_ERR_NO_MEMORY;
    }
    for (;;) {
        size_t got = fread(buf + used, 1, cap - used, f);

        used += got;
        if (used < cap) {
            if (ferror(f)) {
                mutls_free_secret(buf, cap);
                return MUTLS_ERR_FILE;
            }
            break; /* end of file */
        }
        /* Full: one byte past the cap is enough to know the file is too large. */
        if (cap > MUTLS_FILE_MAX) {
            mutls_free_secret(buf, cap);
            return MUTLS_ERR_LIMIT;
        }
        next = cap * 2 > MUTLS_FILE_MAX ? MUTLS_FILE_MAX + 1 : cap * 2;
        buf = regrow(buf, cap, used, next);
        cap = next;
        if (buf == NULL) {
            return MUTLS_ERR_NO_MEMORY;
        }
    }
    if (used == 0) {
        mutls_free_secret(buf, cap);
        return MUTLS_ERR_FILE;
    }
    /* Hand back a buffer of exactly the file's size, so the caller can free it by length. */
    buf = regrow(buf, cap, used, used);
    if (buf == NULL) {
        return MUTLS_ERR_NO_MEMORY;
    }
    *data = buf;
    *len = used;
    return 0;
}

int mutls_file_read(const char *path, uint8_t **data, size_t *len)
{
    struct stat st;
    FILE *f;
    int rc;

    if (data == NULL || len == NULL) {
        return MUTLS_ERR_BAD_ARGUMENT;
    }
    *data = NULL;
    *len = 0;
    if (path == NULL) {
        return MUTLS_ERR_BAD_ARGUMENT;
    }
    f = fopen(path, "rb");
    if (f == NULL) {
        return errno == ENOMEM ? MUTLS_ERR_NO_MEMORY : MUTLS_ERR_FILE;
    }
    /* fopen succeeds on a directory on Linux; reading it would fail later with EISDIR. */
    if (fstat(fileno(f), &st) != 0 || S_ISDIR(st.st_mode)) {
        fclose(f);
        return MUTLS_ERR_FILE;
    }
    if (S_ISREG(st.st_mode) && (uint64_t)st.st_size > MUTLS_FILE_MAX) {
        fclose(f);
        return MUTLS_ERR_LIMIT;
    }
    rc = read_stream(f, data, len);
    fclose(f);
    return rc;
}

int mutls_key_load_file(mutls_pkey **out, const char *path, const char *password)
{
    uint8_t *data;
    size_t len;
    int rc;

    if (out == NULL) {
        return MUTLS_ERR_BAD_ARGUMENT;
    }
    *out = NULL;
    TRY(mutls_file_read(path, &data, &len));
    rc = mutls_key_parse(out, data, len, password);
    mutls_free_secret(data, len);
    return rc;
}
