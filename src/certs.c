/* SPDX-License-Identifier: MIT */
/*
 * certs.c - the public certificate sets (mutls_certs) and mutls_verify_certs, the public face
 * of x509_verify.c. A set owns a copy of each certificate's DER (through the mutls allocator)
 * and its parsed form, and likewise each CRL's (RFC 5280 §5, parsed by x509_crl.c) with the
 * revocation mode a set of anchors applies. Certificates and CRLs share one loader: PEM armour
 * is RFC 7468 (pem.h), labels "CERTIFICATE" and "X509 CRL". Files are read in certs_file.c
 * (the OS layer), so a firmware build can leave that file out.
 */
#include "certs.h"

#include <stdio.h>
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

/* Drop the CRLs added after the first @p n. */
static void truncate_crls(mutls_certs *set, size_t n)
{
    while (set->n_crls > n) {
        set->n_crls--;
        mutls_mem_free(set->crls[set->n_crls].memo, sizeof(*set->crls[set->n_crls].memo));
        mutls_mem_free(set->crl_der[set->n_crls], set->crl_der_len[set->n_crls]);
        set->crl_der[set->n_crls] = NULL;
        memset(&set->crls[set->n_crls], 0, sizeof(set->crls[set->n_crls]));
    }
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

/*
 * Room for one more of @p n items held in @p count parallel arrays (arrays[i], of elements of
 * sizes[i] bytes, *cap of them): while full, every array is replaced by one twice as large
 * (from 4), at most @p max items. All or nothing: on failure arrays[] and *cap are unchanged.
 */
static int grow_arrays(void *arrays[], const size_t sizes[], size_t count, size_t n, size_t *cap,
                       size_t max)
{
    void *fresh[4]; /* count <= 4 */
    size_t new_cap = *cap == 0 ? 4 : *cap * 2;
    int ok = 1;
    size_t i;

    if (n < *cap) {
        return 0;
    }
    if (n >= max) {
        return MUTLS_ERR_X509_TOO_MANY_CERTIFICATES;
    }
    for (i = 0; i < count; i++) {
        fresh[i] = mutls_alloc(new_cap * sizes[i]);
        ok &= fresh[i] != NULL;
    }
    for (i = 0; i < count; i++) {
        if (!ok) {
            mutls_mem_free(fresh[i], new_cap * sizes[i]);
            continue;
        }
        if (n > 0) {
            memcpy(fresh[i], arrays[i], n * sizes[i]);
        }
        mutls_mem_free(arrays[i], *cap * sizes[i]);
        arrays[i] = fresh[i];
    }
    if (!ok) {
        return MUTLS_ERR_NO_MEMORY;
    }
    *cap = new_cap;
    return 0;
}

/* Room for one more certificate. */
static int grow(mutls_certs *set)
{
    void *a[4] = {set->x, set->der, set->der_len, set->keys};
    const size_t sizes[4] = {sizeof(*set->x), sizeof(*set->der), sizeof(*set->der_len),
                             sizeof(*set->keys)};

    TRY(grow_arrays(a, sizes, 4, set->n, &set->cap, MUTLS_CERTS_MAX));
    set->x = a[0];
    set->der = a[1];
    set->der_len = a[2];
    set->keys = a[3];
    return 0;
}

/* Room for one more CRL. */
static int grow_crls(mutls_certs *set)
{
    void *a[3] = {set->crls, set->crl_der, set->crl_der_len};
    const size_t sizes[3] = {sizeof(*set->crls), sizeof(*set->crl_der), sizeof(*set->crl_der_len)};

    TRY(grow_arrays(a, sizes, 3, set->n_crls, &set->crl_cap, MUTLS_CERTS_MAX_CRLS));
    set->crls = a[0];
    set->crl_der = a[1];
    set->crl_der_len = a[2];
    return 0;
}

void mutls_certs_free(mutls_certs *set)
{
    if (set == NULL) {
        return;
    }
    mutls_certs_truncate(set, 0);
    truncate_crls(set, 0);
    mutls_mem_free(set->x, set->cap * sizeof(*set->x));
    mutls_mem_free(set->der, set->cap * sizeof(*set->der));
    mutls_mem_free(set->der_len, set->cap * sizeof(*set->der_len));
    mutls_mem_free(set->keys, set->cap * sizeof(*set->keys));
    mutls_mem_free(set->crls, set->crl_cap * sizeof(*set->crls));
    mutls_mem_free(set->crl_der, set->crl_cap * sizeof(*set->crl_der));
    mutls_mem_free(set->crl_der_len, set->crl_cap * sizeof(*set->crl_der_len));
    mutls_mem_free(set->policy, set->policy != NULL ? sizeof(*set->policy) : 0);
    mutls_mem_free(set, sizeof(*set));
}

/* Parse @p der (a buffer from mutls_alloc of @p len bytes) and keep it; freed on error.
 * A refused certificate names in *why the rule it breaks (mutls_x509.why). */
static int adopt(mutls_certs *set, uint8_t *der, size_t len, const char **why)
{
    int rc = grow(set);

    if (rc == 0) {
        rc = mutls_x509_parse(&set->x[set->n], der, len);
        *why = set->x[set->n].why;
        set->x[set->n].why = NULL;
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

/* As adopt, for a CRL: parsed once here, so a CRL mutls would refuse never enters the set.
 * Each gets its signature memo (x509_crl.h): the set lives as long as the connections that
 * check peers against it, so its CRLs' signatures are verified once per issuer key. */
static int adopt_crl(mutls_certs *set, uint8_t *der, size_t len, const char **why)
{
    mutls_x509_crl_memo *memo = NULL;
    int rc = grow_crls(set);

    if (rc == 0) {
        rc = mutls_x509_crl_parse(&set->crls[set->n_crls], der, len);
        *why = set->crls[set->n_crls].why;
        set->crls[set->n_crls].why = NULL;
    }
    if (rc == 0) {
        memo = mutls_alloc(sizeof(*memo));
        rc = memo != NULL ? 0 : MUTLS_ERR_NO_MEMORY;
    }
    if (rc == 0) {
        atomic_init(&memo->state, 0);
        set->crls[set->n_crls].memo = memo;
        set->crl_der[set->n_crls] = der;
        set->crl_der_len[set->n_crls] = len;
        set->n_crls++;
        return 0;
    }
    mutls_mem_free(der, len);
    return rc;
}

static size_t cert_count(const mutls_certs *set)
{
    return set->n;
}

static size_t crl_count(const mutls_certs *set)
{
    return set->n_crls;
}

/* What a set holds of one kind (certificates or CRLs), for the loaders they share. */
typedef struct item_kind {
    const char *label; /* the PEM label of its blocks (RFC 7468 §5, §6) */
    const char *noun;  /* how mutls_certs_load_detail names one */
    int malformed;     /* the code for an empty block */
    int (*adopt)(mutls_certs *set, uint8_t *der, size_t len, const char **why);
    size_t (*count)(const mutls_certs *set);
    void (*truncate)(mutls_certs *set, size_t n);
} item_kind;

static const item_kind cert_kind = {"CERTIFICATE", "certificate", MUTLS_ERR_X509_MALFORMED,
                                    adopt,         cert_count,    mutls_certs_truncate};
static const item_kind crl_kind = {"X509 CRL", "CRL",     MUTLS_ERR_X509_CRL_MALFORMED,
                                   adopt_crl,  crl_count, truncate_crls};

/*
 * The sentence of mutls_certs_load_detail for a refused add: which item (@p item counts the
 * input's PEM blocks of the kind from 1; 0 for a DER input) and why, in the rule's words
 * when the parser named one, else in the error's. Returns @p rc.
 */
static int note_refusal(mutls_certs *set, const item_kind *kind, size_t item, int rc,
                        const char *why)
{
    const char *text = why != NULL ? why : mutls_error_text(rc);

    /* A sentence longer than the buffer is cut, never lost. */
    if (item > 0) {
        (void)snprintf(set->load_detail, sizeof(set->load_detail),
                       "%s %zu of the input is refused: %s", kind->noun, item, text);
    } else {
        (void)snprintf(set->load_detail, sizeof(set->load_detail), "the %s is refused: %s",
                       kind->noun, text);
    }
    return rc;
}

/* One DER object of @p kind, copied. */
static int add_der(mutls_certs *set, const item_kind *kind, const uint8_t *der, size_t len)
{
    uint8_t *copy;
    const char *why = NULL;
    int rc;

    if (set == NULL || der == NULL || len == 0) {
        return MUTLS_ERR_BAD_ARGUMENT;
    }
    set->load_detail[0] = '\0';
    copy = mutls_alloc(len);
    if (copy == NULL) {
        return MUTLS_ERR_NO_MEMORY;
    }
    memcpy(copy, der, len);
    rc = kind->adopt(set, copy, len, &why);
    return rc < 0 ? note_refusal(set, kind, 0, rc, why) : rc;
}

int mutls_certs_add_der(mutls_certs *set, const uint8_t *der, size_t len)
{
    return add_der(set, &cert_kind, der, len);
}

int mutls_certs_add_crl_der(mutls_certs *set, const uint8_t *der, size_t len)
{
    return add_der(set, &crl_kind, der, len);
}

static int is_label(mutls_slice label, const char *want)
{
    size_t n = strlen(want);

    return label.len == n && memcmp(label.p, want, n) == 0;
}

/*
 * Every PEM block of @p kind in @p data, in order (blocks with other labels are skipped), or
 * @p data as one DER object. All or nothing: on error the set keeps only what it held before.
 */
static int add_any(mutls_certs *set, const item_kind *kind, const uint8_t *data, size_t len)
{
    size_t before;
    size_t pos = 0;
    int added = 0;
    int blocks = 0; /* PEM blocks read, of every label */
    const char *why;
    int rc;

    if (set == NULL || data == NULL || len == 0) {
        return MUTLS_ERR_BAD_ARGUMENT;
    }
    if (!mutls_pem_is_pem(data, len)) {
        return add_der(set, kind, data, len);
    }
    set->load_detail[0] = '\0';
    before = kind->count(set);
    for (;;) {
        mutls_slice label;
        uint8_t *der = NULL;
        size_t der_len = 0;

        why = NULL;
        rc = mutls_pem_next_why(data, len, &pos, &label, &der, &der_len, &why);
        if (rc < 0 && why != NULL) { /* a broken PEM block, of whatever label */
            (void)snprintf(set->load_detail, sizeof(set->load_detail),
                           "PEM block %d of the input is refused: %s", blocks + 1, why);
        }
        if (rc <= 0) {
            break;
        }
        blocks++;
        if (!is_label(label, kind->label)) {
            mutls_free_secret(der, der_len);
            continue;
        }
        if (der_len == 0) {
            rc = note_refusal(set, kind, (size_t)added + 1, kind->malformed,
                              "its PEM block is empty");
            break;
        }
        why = NULL;
        rc = kind->adopt(set, der, der_len, &why);
        if (rc < 0) {
            (void)note_refusal(set, kind, (size_t)added + 1, rc, why);
            break;
        }
        added++;
    }
    if (rc == 0 && added == 0) {
        rc = MUTLS_ERR_PEM_NOT_FOUND;
        (void)snprintf(set->load_detail, sizeof(set->load_detail),
                       "the input has no \"%s\" PEM block", kind->label);
    }
    if (rc < 0) {
        if (set->load_detail[0] == '\0') { /* the PEM reader refused a block */
            (void)snprintf(set->load_detail, sizeof(set->load_detail),
                           "the input is refused: %s (after %d good %s blocks)",
                           mutls_error_text(rc), added, kind->label);
        }
        kind->truncate(set, before);
        return rc;
    }
    return 0;
}

int mutls_certs_add(mutls_certs *set, const uint8_t *data, size_t len)
{
    return add_any(set, &cert_kind, data, len);
}

int mutls_certs_add_crl(mutls_certs *set, const uint8_t *data, size_t len)
{
    return add_any(set, &crl_kind, data, len);
}

const char *mutls_certs_load_detail(const mutls_certs *set)
{
    return set != NULL ? set->load_detail : "";
}

size_t mutls_certs_crl_count(const mutls_certs *set)
{
    return set != NULL ? set->n_crls : 0;
}

int mutls_certs_set_crl_check(mutls_certs *set, int mode)
{
    if (set == NULL || (mode != MUTLS_CRL_CHECK_ALL && mode != MUTLS_CRL_CHECK_LEAF)) {
        return MUTLS_ERR_BAD_ARGUMENT;
    }
    set->crl_check = mode;
    return 0;
}

int mutls_certs_set_policies(mutls_certs *set, const char *const *oids, size_t n, unsigned flags)
{
    if (set == NULL) {
        return MUTLS_ERR_BAD_ARGUMENT;
    }
#if defined(MUTLS_NO_POLICY)
    /* -DMUTLS_X509_POLICY=OFF: only the defaults (any policy, nothing required) are kept. */
    (void)oids;
    return n == 0 && flags == 0 ? 0 : MUTLS_ERR_NOT_BUILT;
#else
    if (set->policy == NULL) {
        int rc;

        set->policy = mutls_alloc(sizeof(*set->policy));
        if (set->policy == NULL) {
            return MUTLS_ERR_NO_MEMORY;
        }
        memset(set->policy, 0, sizeof(*set->policy));
        rc = mutls_x509_policy_input_set(set->policy, oids, n, flags);
        if (rc < 0) {
            mutls_mem_free(set->policy, sizeof(*set->policy));
            set->policy = NULL;
        }
        return rc;
    }
    return mutls_x509_policy_input_set(set->policy, oids, n, flags);
#endif
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
    p.crls = anchors->crls;
    p.n_crls = anchors->n_crls;
    p.crl_check = anchors->crl_check;
    mutls_x509_policy_input_apply(anchors->policy, &p);
    rc = mutls_x509_verify_chain(chain->x, chain->n, anchors->x, anchors->n, &p, &out);
    if (rc < 0 && depth != NULL && out.cert != NULL) {
        *depth = out.depth;
    }
    if (rc < 0 && detail != NULL && detail_len > 0) {
        (void)mutls_x509_explain(&out, detail, detail_len);
    }
    return rc;
}
