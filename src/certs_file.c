/* SPDX-License-Identifier: MIT */
/*
 * certs_file.c - mutls_certs_add_file and mutls_certs_add_crl_file, the OS-layer loaders of
 * certificate sets and their revocation lists (file.h reads the bytes, certs.c parses them).
 * A firmware build without a file system leaves this file out and calls mutls_certs_add /
 * mutls_certs_add_crl on bytes it has.
 */
#include "certs.h"
#include "file.h"
#include "mem.h"

/* Read @p path (at most MUTLS_FILE_MAX bytes) and hand its bytes to @p add. */
static int add_file(mutls_certs *set, const char *path,
                    int (*add)(mutls_certs *set, const uint8_t *data, size_t len))
{
    uint8_t *data = NULL;
    size_t len = 0;
    int rc;

    if (set == NULL || path == NULL) {
        return MUTLS_ERR_BAD_ARGUMENT;
    }
    set->load_detail[0] = '\0';
    TRY(mutls_file_read(path, &data, &len));
    rc = add(set, data, len);
    mutls_mem_free(data, len);
    return rc;
}

int mutls_certs_add_file(mutls_certs *set, const char *path)
{
    return add_file(set, path, mutls_certs_add);
}

int mutls_certs_add_crl_file(mutls_certs *set, const char *path)
{
    return add_file(set, path, mutls_certs_add_crl);
}
