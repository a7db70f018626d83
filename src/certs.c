/* SPDX-License-Identifier: MIT */
/*
 * certs.c - the public certificate sets (mutls_certs) and mutls_verify_certs, the public face
 * of x509_verify.c. A set owns a copy of each certificate's DER (through the mutls allocator)
 * and its parsed form. PEM armour is RFC 7468 (pem.h). Files are read in certs_file.c (the OS
 * layer), so a firmware build can leave that file out.
 */
#include "certs.h"

#include <string.h>

#include "keys.h"
#include "mem.h"
#include "pem.h"

int mutls_certs_new(mutls_certs **out)
{
    mutls_certs *set;

    if (out == NULL) {
        return MUTLS_ERR_BAD_ARGUMENT;
    }
    *out = NULL;
    set = mutls_alloc(sizeof(*set));
    if (set == NULL) {
        return MUTLS_ERR_NO_MEMORY;
    }
    *out = set;
    return 0;
}

void mutls_certs_truncate(mutls_certs *set, size_t n)
{
    while (set->n > n) {
        set->n--;
        mutls_mem_free(set->der[set->n], set->der_len[set->n]);
        mutls_pkey_free(set->keys[set->n]);
        set->der[set->n] = NULL;
        set->keys[set->n] = NULL;
        memset(&set->x[set->n], 0, sizeof(set->x[set->n]));
    }
}

void mutls_certs_free(mutls_certs *set)
{
    if (set == NULL) {
        return;
    }
    mutls_certs_truncate(set, 0);
    mutls_mem_free(set->x, set->cap * sizeof(*set->x));
    mutls_mem_free(set->der, set->cap * sizeof(*set->der));
    mutls_mem_free(set->der_len, set->cap * sizeof(*set->der_len));
    mutls_mem_free(set->keys, set->cap * sizeof(*set->keys));
    mutls_mem_free(set, sizeof(*set));
}

/* Room for one more certificate: the four arrays grow together, doubling. */
static int grow(mutls_certs *set)
{
    size_t cap;
    mutls_x509 *x;
    uint8_t **der;
    size_t *der_len;
    mutls_pkey **keys;

    if (set->n < set->cap) {
        return 0;
    }
    if (set->n >= MUTLS_CERTS_MAX) {
        return MUTLS_ERR_X509_TOO_MANY_CERTIFICATES;
    }
    cap = set->cap == 0 ? 4 : set->cap * 2;
    x = mutls_alloc(cap * sizeof(*x));
    der = mutls_alloc(cap * sizeof(*der));
    der_len = mutls_alloc(cap * sizeof(*der_len));
    keys = mutls_alloc(cap * sizeof(*keys));
    if (x == NULL || der == NULL || der_len == NULL || keys == NULL) {
        mutls_mem_free(x, cap * sizeof(*x));
        mutls_mem_free(der, cap * sizeof(*der));
        mutls_mem_free(der_len, cap * sizeof(*der_len));
        mutls_mem_free(keys, cap * sizeof(*keys));
        return MUTLS_ERR_NO_MEMORY;
    }
    if (set->n > 0) {
        memcpy(x, set->x, set->n * sizeof(*x));
        memcpy(der, set->der, set->n * sizeof(*der));
        memcpy(der_len, set->der_len, set->n * sizeof(*der_len));
        memcpy(keys, set->keys, set->n * sizeof(*keys));
    }
    mutls_mem_free(set->x, set->cap * sizeof(*set->x));
    mutls_mem_free(set->der, set->cap * sizeof(*set->der));
    mutls_mem_free(set->der_len, set->cap * sizeof(*set->der_len));
    mutls_mem_free(set->keys, set->cap * sizeof(*set->keys));
    set->x = x;
    set->der = der;
    set->der_len = der_len;
    set->keys = keys;
    set->cap = cap;
    return 0;
}

/* Parse @p der (a buffer from mutls_alloc of @p len bytes) and keep it; freed on error. */
static int adopt(mutls_certs *set, uint8_t *der, size_t len)
{
    int rc = grow(set);

    if (rc == 0) {
        rc = mutls_x509_parse(&set->x[set->n], der, len);
    }
    if (rc < 0) {
        mutls_mem_free(der, len);
        return rc;
    }
    /* Import the key now, once: a set of trust anchors then verifies signatures without
     * re-importing (libtommath's byte import is quadratic). A key mutls cannot use stays
     * NULL; verification imports it again and reports why. */
    set->keys[set->n] = NULL;
    rc = mutls_key_parse_spki(&set->keys[set->n], set->x[set->n].spki);
    if (rc == MUTLS_ERR_NO_MEMORY) {
        mutls_mem_free(der, len);
        return rc;
    }
    set->der[set->n] = der;
    set->der_len[set->n] = len;
    set->n++;
    return 0;
}

int mutls_certs_add_der(mutls_certs *set, const uint8_t *der, size_t len)
{
    uint8_t *copy;

    if (set == NULL || der == NULL || len == 0) {
        return MUTLS_ERR_BAD_ARGUMENT;
    }
    copy = mutls_alloc(len);
    if (copy == NULL) {
        return MUTLS_ERR_NO_MEMORY;
    }
    memcpy(copy, der, len);
    return adopt(set, copy, len);
}

static int is_cert_label(mutls_slice label)
{
    static const char want[] = "CERTIFICATE";

    return label.len == sizeof(want) - 1 && memcmp(label.p, want, label.len) == 0;
}

int mutls_certs_add(mutls_certs *set, const uint8_t *data, size_t len)
{
    size_t before;
    size_t pos = 0;
    int added = 0;
    int rc;

    if (set == NULL || data == NULL || len == 0) {
        return MUTLS_ERR_BAD_ARGUMENT;
    }
    if (!mutls_pem_is_pem(data, len)) {
        return mutls_certs_add_der(set, data, len);
    }
    before = set->n;
    for (;;) {
        mutls_slice label;
        uint8_t *der = NULL;
        size_t der_len = 0;

        rc = mutls_pem_next(data, len, &pos, &label, &der, &der_len);
        if (rc <= 0) {
            break;
        }
        if (!is_cert_label(label)) {
            mutls_free_secret(der, der_len);
            continue;
        }
        if (der_len == 0) {
            rc = MUTLS_ERR_X509_MALFORMED;
            break;
        }
        rc = adopt(set, der, der_len);
        if (rc < 0) {
            break;
        }
        added++;
    }
    if (rc == 0 && added == 0) {
        rc = MUTLS_ERR_PEM_NOT_FOUND;
    }
    if (rc < 0) {
        mutls_certs_truncate(set, before);
        return rc;
    }
    return 0;
}

size_t mutls_certs_count(const mutls_certs *set)
{
    return set != NULL ? set->n : 0;
}

int mutls_certs_subject(const mutls_certs *set, size_t i, char *buf, size_t cap)
{
    if (set == NULL || i >= set->n || buf == NULL) {
        return MUTLS_ERR_BAD_ARGUMENT;
    }
    return mutls_x509_name_string(set->x[i].subject, buf, cap);
}

static int64_t fixed_time(void *ctx)
{
    return *(const int64_t *)ctx;
}

int mutls_verify_certs(const mutls_certs *chain, const mutls_certs *anchors, mutls_purpose purpose,
                       const char *host, const char *ip, int64_t unix_time, int *depth,
                       char *detail, size_t detail_len)
{
    mutls_x509_verify_params p;
    mutls_x509_verify_out out;
    int rc;

    if (depth != NULL) {
        *depth = -1;
    }
    if (detail != NULL && detail_len > 0) {
        detail[0] = 0;
    }
    if (chain == NULL || chain->n == 0 || anchors == NULL || (host != NULL && ip != NULL) ||
        (purpose != MUTLS_PURPOSE_SERVER && purpose != MUTLS_PURPOSE_CLIENT)) {
        return MUTLS_ERR_BAD_ARGUMENT;
    }
    if (ip != NULL) {
        uint8_t bytes[16];
        size_t len;
        TRY(mutls_x509_parse_ip(ip, bytes, &len));
    }
    memset(&p, 0, sizeof(p));
    p.purpose =
        purpose == MUTLS_PURPOSE_CLIENT ? MUTLS_X509_PURPOSE_CLIENT : MUTLS_X509_PURPOSE_SERVER;
    p.name = host != NULL ? host : ip;
    p.name_kind = host != NULL ? MUTLS_X509_NAME_DNS : MUTLS_X509_NAME_IP;
    if (unix_time != MUTLS_TIME_NOW) {
        p.time_fn = fixed_time;
        p.time_ctx = &unix_time;
    }
    p.anchor_keys = anchors->keys;
    rc = mutls_x509_verify_chain(chain->x, chain->n, anchors->x, anchors->n, &p, &out);
    if (rc < 0 && depth != NULL && out.cert != NULL) {
        *depth = out.depth;
    }
    if (rc < 0 && detail != NULL && detail_len > 0) {
        (void)mutls_x509_explain(&out, detail, detail_len);
    }
    return rc;
}
