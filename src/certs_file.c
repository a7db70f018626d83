/* SPDX-License-Identifier: MIT */
/*
 * certs_file.c - mutls_certs_add_file, the OS-layer loader of certificate sets (file.h reads
 * the bytes, certs.c parses them). A firmware build without a file system leaves this file
 * out and calls mutls_certs_add on bytes it has.
 */
#include "certs.h"
#include "file.h"
#include "mem.h"

int mutls_certs_add_file(mutls_certs *set, const char *path)
{
    uint8_t *data = NULL;
    size_t len = 0;
    int rc;

    if (set == NULL || path == NULL) {
        return MUTLS_ERR_BAD_ARGUMENT;
    }
    TRY(mutls_file_read(path, &data, &len));
    rc = mutls_certs_add(set, data, len);
    mutls_mem_free(data, len);
    return rc;
}
