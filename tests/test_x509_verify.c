/* SPDX-License-Identifier: MIT */
/*
 * test_x509_verify.c - chain verification (x509_verify.c) through the public API: every case
 * of vectors/x509/cases.txt with its exact reason and depth, every row of the name-matching
 * table vectors/x509/names.txt, the explanation sentences, the time source, the search
 * budget against look-alike issuers, allocation failures, and the alert each reason maps to.
 */
#include "testutil.h"

#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "certs.h"
#include "error.h"
#include "failalloc.h"
#include "x509.h"

#define CHECK_TIME 1800000000 /* 2027-01-15 08:00:00 UTC, as the manifest uses */

static mutls_certs *load(const char *rel)
{
    char path[512];
    mutls_certs *set = NULL;

    snprintf(path, sizeof(path), "x509/%s", rel);
    assert_int_equal(mutls_certs_new(&set), 0);
    assert_int_equal(mutls_certs_add_file(set, tu_vector_path(path)), 0);
    return set;
}

/* ------------------------------------------------------------ cases.txt */

typedef struct run_stats {
    int cases;
    int failures;
    int reasons_seen; /* distinct failing reasons, as a bit set over -code - 400 */
} run_stats;

static void run_case(const tu_record *rec, void *ctx)
{
    run_stats *st = ctx;
    const char *name = tu_field(rec, "name");
    const char *leaf = tu_field(rec, "leaf");
    const char *untrusted = tu_field(rec, "untrusted");
    const char *roots = tu_field(rec, "roots");
    const char *purpose = tu_field(rec, "purpose");
    const char *host = tu_field(rec, "host");
    const char *ip = tu_field(rec, "ip");
    const char *time_s = tu_field(rec, "time");
    const char *expect = tu_field(rec, "expect");
    const char *depth_s = tu_field(rec, "depth");
    char path[512];
    char detail[512] = "";
    mutls_certs *chain = NULL;
    mutls_certs *anchors = NULL;
    int want_depth = depth_s != NULL ? atoi(depth_s) : -1;
    int depth = -1;
    int rc;

    if (name == NULL || leaf == NULL || roots == NULL || purpose == NULL || time_s == NULL ||
        expect == NULL) {
        fail_msg("cases.txt record at line %d is incomplete", rec->line);
    }
    st->cases++;
    assert_int_equal(mutls_certs_new(&chain), 0);
    assert_int_equal(mutls_certs_new(&anchors), 0);
    snprintf(path, sizeof(path), "x509/%s", roots);
    assert_int_equal(mutls_certs_add_file(anchors, tu_vector_path(path)), 0);
    snprintf(path, sizeof(path), "x509/%s", leaf);
    rc = mutls_certs_add_file(chain, tu_vector_path(path));
    if (rc == 0 && untrusted != NULL) {
        snprintf(path, sizeof(path), "x509/%s", untrusted);
        assert_int_equal(mutls_certs_add_file(chain, tu_vector_path(path)), 0);
    }
    if (rc < 0) {
        /* A leaf that does not even parse is refused at depth 0. */
        depth = 0;
    } else {
        rc = mutls_verify_certs(
            chain, anchors,
            strcmp(purpose, "client") == 0 ? MUTLS_PURPOSE_CLIENT : MUTLS_PURPOSE_SERVER, host, ip,
            (int64_t)strtoll(time_s, NULL, 10), &depth, detail, sizeof(detail));
    }
    if (strcmp(expect, rc == 0 ? "ok" : mutls_strerror(rc)) != 0 ||
        (rc != 0 && depth != want_depth)) {
        print_error("case %s: want %s at depth %d, got %s at depth %d (%s)\n", name, expect,
                    want_depth, rc == 0 ? "ok" : mutls_strerror(rc), depth, detail);
        st->failures++;
    }
    if (rc < 0 && rc > MUTLS_ERR_X509_MALFORMED - 20 && rc <= MUTLS_ERR_X509_MALFORMED) {
        st->reasons_seen |= 1 << (MUTLS_ERR_X509_MALFORMED - rc);
    }
    /* A refusal that got as far as verification explains itself with the depth. */
    if (rc < 0 && depth >= 0 && detail[0] != 0) {
        char prefix[64];
        snprintf(prefix, sizeof(prefix), "certificate at depth %d (", depth);
        assert_memory_equal(detail, prefix, strlen(prefix));
    }
    mutls_certs_free(chain);
    mutls_certs_free(anchors);
}

/* Run every record of a manifest; it must hold at least @p min_cases, all passing. */
static run_stats run_manifest(const char *relative, int min_cases)
{
    run_stats st = {0, 0, 0};
    int n = tu_for_each_record(relative, run_case, &st);

    assert_true(n >= min_cases);
    assert_int_equal(st.cases, n);
    assert_int_equal(st.failures, 0);
    return st;
}

static void test_x509_verify_every_manifest_case_exact(void **state)
{
    run_stats st;

    (void)state;
    st = run_manifest("x509/cases.txt", 80);
    /* Every reason of issue #3 occurs at least once: malformed (-401) .. self_signed (-415). */
    assert_int_equal(st.reasons_seen, 0x7fff & ~(1 << (MUTLS_ERR_X509_MALFORMED -
                                                       MUTLS_ERR_X509_TOO_MANY_CERTIFICATES)));
}

/* The RFC 5280 / RFC 6125 audit cases (vectors/x509/gen_audit.sh): each one names the clause
 * its verdict follows. */
static void test_x509_verify_every_audit_case_exact(void **state)
{
    (void)state;
    (void)run_manifest("x509/audit/cases.txt", 40);
}

/* ------------------------------------------------------------ names.txt */

typedef struct name_stats {
    int rows;
    int failures;
} name_stats;

static void run_name(const tu_record *rec, void *ctx)
{
    name_stats *st = ctx;
    const char *pattern = tu_field(rec, "pattern");
    const char *host = tu_field(rec, "host");
    const char *expect = tu_field(rec, "expect");
    mutls_slice value;
    uint8_t ip[16];
    size_t ip_len = 0;
    int type = MUTLS_X509_GN_DNS;
    int got;

    if (pattern == NULL || host == NULL || expect == NULL) {
        fail_msg("names.txt record at line %d is incomplete", rec->line);
    }
    st->rows++;
    if (strncmp(pattern, "ip:", 3) == 0) {
        assert_int_equal(mutls_x509_parse_ip(pattern + 3, ip, &ip_len), 0);
        value.p = ip;
        value.len = ip_len;
        type = MUTLS_X509_GN_IP;
    } else {
        value.p = (const uint8_t *)pattern;
        value.len = strlen(pattern);
    }
    got = mutls_x509_match_name(type, value, host);
    if (got != (strcmp(expect, "ok") == 0)) {
        print_error("names.txt line %d: pattern %s host %s: want %s\n", rec->line, pattern, host,
                    expect);
        st->failures++;
    }
}

static void test_x509_verify_every_name_row(void **state)
{
    name_stats st = {0, 0};
    int n;

    (void)state;
    n = tu_for_each_record("x509/names.txt", run_name, &st);
    assert_true(n >= 40);
    assert_int_equal(st.rows, n);
    assert_int_equal(st.failures, 0);
}

/* ------------------------------------------------------------ explanations */

static int verify_files(const char *leaf, const char *untrusted, const char *roots,
                        const char *host, int64_t t, int *depth, char *detail, size_t cap)
{
    mutls_certs *chain = load(leaf);
    mutls_certs *anchors = load(roots);
    char path[512];
    int rc;

    if (untrusted != NULL) {
        snprintf(path, sizeof(path), "x509/%s", untrusted);
        assert_int_equal(mutls_certs_add_file(chain, tu_vector_path(path)), 0);
    }
    rc =
        mutls_verify_certs(chain, anchors, MUTLS_PURPOSE_SERVER, host, NULL, t, depth, detail, cap);
    mutls_certs_free(chain);
    mutls_certs_free(anchors);
    return rc;
}

static void test_x509_verify_explanations_name_depth_and_cause(void **state)
{
    char detail[512];
    int depth;

    (void)state;
    assert_int_equal(verify_files("time/expired_leaf.pem", "rsa/inter.pem", "roots/rsa_root.pem",
                                  NULL, CHECK_TIME, &depth, detail, sizeof(detail)),
                     MUTLS_ERR_X509_EXPIRED);
    assert_int_equal(depth, 0);
    assert_string_equal(detail, "certificate at depth 0 (CN=www.example.com,O=mutls test) "
                                "expired on 2026-01-01 00:00:00 UTC");

    assert_int_equal(verify_files("rsa/leaf.pem", "rsa/inter.pem", "roots/rsa_root.pem",
                                  "other.example.com", CHECK_TIME, &depth, detail, sizeof(detail)),
                     MUTLS_ERR_X509_NAME_MISMATCH);
    assert_string_equal(detail, "certificate at depth 0 (CN=www.example.com,O=mutls test) "
                                "is not valid for other.example.com");

    assert_int_equal(verify_files("rsa/leaf.pem", NULL, "roots/rsa_root.pem", NULL, CHECK_TIME,
                                  &depth, detail, sizeof(detail)),
                     MUTLS_ERR_X509_UNKNOWN_ISSUER);
    assert_int_equal(depth, 0);
    assert_string_equal(detail, "certificate at depth 0 (CN=www.example.com,O=mutls test) was "
                                "issued by CN=mutls Test RSA Inter,O=mutls test, which is "
                                "neither a trust anchor nor among the given certificates");

    /* An untrusted self-signed root sent with the chain is its own issuer, not a loop
     * through a cross-certified graph: said as a root that is no anchor, at its depth. */
    assert_int_equal(verify_files("rsa/inter.pem", "roots/rsa_root.pem", "roots/other_root.pem",
                                  NULL, CHECK_TIME, &depth, detail, sizeof(detail)),
                     MUTLS_ERR_X509_UNKNOWN_ISSUER);
    assert_int_equal(depth, 1);
    assert_string_equal(detail, "certificate at depth 1 (CN=mutls Test RSA Root,O=mutls test) is "
                                "a root (issued under its own name) that is not a trust anchor");

    /* A short buffer is truncated and terminated; success leaves it empty. */
    assert_int_equal(verify_files("rsa/leaf.pem", NULL, "roots/rsa_root.pem", NULL, CHECK_TIME,
                                  &depth, detail, 12),
                     MUTLS_ERR_X509_UNKNOWN_ISSUER);
    assert_string_equal(detail, "certificate");
    assert_int_equal(verify_files("rsa/leaf.pem", "rsa/inter.pem", "roots/rsa_root.pem",
                                  "www.example.com", CHECK_TIME, &depth, detail, sizeof(detail)),
                     0);
    assert_int_equal(depth, -1);
    assert_string_equal(detail, "");
}

/* ------------------------------------------------------------ internal API, time */

static int64_t fixed_clock(void *ctx)
{
    return *(int64_t *)ctx;
}

static void test_x509_verify_time_callback_decides_validity(void **state)
{
    mutls_certs *chain = load("rsa/leaf.pem");
    mutls_certs *anchors = load("roots/rsa_root.pem");
    mutls_certs *inter = load("rsa/inter.pem");
    mutls_x509 certs[2];
    mutls_x509_verify_params p;
    mutls_x509_verify_out out;
    int64_t now = 4891363200; /* notAfter of the whole test PKI: still valid (inclusive) */

    (void)state;
    certs[0] = chain->x[0];
    certs[1] = inter->x[0];
    memset(&p, 0, sizeof(p));
    p.purpose = MUTLS_X509_PURPOSE_SERVER;
    p.name = "www.example.com";
    p.time_fn = fixed_clock;
    p.time_ctx = &now;
    assert_int_equal(mutls_x509_verify_chain(certs, 2, anchors->x, anchors->n, &p, &out), 0);
    assert_int_equal(out.path_len, 3);
    now++;
    assert_int_equal(mutls_x509_verify_chain(certs, 2, anchors->x, anchors->n, &p, &out),
                     MUTLS_ERR_X509_EXPIRED);
    /* The leaf is checked first: all three expire together, depth 0 is the answer. */
    assert_int_equal(out.depth, 0);
    assert_ptr_equal(out.cert, &certs[0]);
    now = -1;
    assert_int_equal(mutls_x509_verify_chain(certs, 2, anchors->x, anchors->n, &p, &out),
                     MUTLS_ERR_NO_TIME);
    /* The wall clock (the PKI is valid 2025..2125). */
    p.time_fn = NULL;
    assert_int_equal(mutls_x509_verify_chain(certs, 2, anchors->x, anchors->n, &p, &out), 0);
    /* No anchors at all: unknown issuer at the intermediate. */
    assert_int_equal(mutls_x509_verify_chain(certs, 2, NULL, 0, &p, &out),
                     MUTLS_ERR_X509_UNKNOWN_ISSUER);
    assert_int_equal(out.depth, 1);
    mutls_certs_free(chain);
    mutls_certs_free(anchors);
    mutls_certs_free(inter);
}

static void test_x509_verify_bad_arguments_refused(void **state)
{
    mutls_certs *chain = load("rsa/leaf_ipv4.pem");
    mutls_certs *empty = NULL;
    mutls_certs *anchors = load("roots/rsa_root.pem");
    int depth = 7;

    (void)state;
    assert_int_equal(mutls_certs_new(&empty), 0);
    assert_int_equal(mutls_verify_certs(chain, anchors, MUTLS_PURPOSE_SERVER, "a.example",
                                        "192.0.2.1", CHECK_TIME, &depth, NULL, 0),
                     MUTLS_ERR_BAD_ARGUMENT);
    assert_int_equal(depth, -1);
    assert_int_equal(mutls_verify_certs(chain, anchors, MUTLS_PURPOSE_SERVER, NULL, "192.0.2.300",
                                        CHECK_TIME, &depth, NULL, 0),
                     MUTLS_ERR_BAD_ARGUMENT);
    assert_int_equal(mutls_verify_certs(empty, anchors, MUTLS_PURPOSE_SERVER, NULL, NULL,
                                        CHECK_TIME, &depth, NULL, 0),
                     MUTLS_ERR_BAD_ARGUMENT);
    assert_int_equal(mutls_verify_certs(chain, NULL, MUTLS_PURPOSE_SERVER, NULL, NULL, CHECK_TIME,
                                        &depth, NULL, 0),
                     MUTLS_ERR_BAD_ARGUMENT);
    assert_int_equal(mutls_verify_certs(chain, anchors, (mutls_purpose)7, NULL, NULL, CHECK_TIME,
                                        &depth, NULL, 0),
                     MUTLS_ERR_BAD_ARGUMENT);
    mutls_certs_free(chain);
    mutls_certs_free(empty);
    mutls_certs_free(anchors);
}

/* ------------------------------------------------------------ hostile sets */

static void test_x509_verify_lookalike_issuers_bounded(void **state)
{
    mutls_certs *chain = load("alt/leaf.pem");
    mutls_certs *anchors = load("roots/rsa_root.pem");
    size_t len;
    uint8_t *fake = tu_read_vector("x509/alt/inter_fake.pem", &len);
    char path[512];
    int depth;
    int i;

    (void)state;
    /* 62 re-keyed look-alikes before the real intermediate: each fails once, then the real
     * one is found (the search budget covers 64 inputs). */
    for (i = 0; i < 62; i++) {
        assert_int_equal(mutls_certs_add(chain, fake, len), 0);
    }
    snprintf(path, sizeof(path), "x509/alt/inter_real.pem");
    assert_int_equal(mutls_certs_add_file(chain, tu_vector_path(path)), 0);
    assert_int_equal(mutls_certs_count(chain), 64);
    assert_int_equal(mutls_verify_certs(chain, anchors, MUTLS_PURPOSE_SERVER, "www.example.com",
                                        NULL, CHECK_TIME, &depth, NULL, 0),
                     0);
    /* One more certificate than the verifier takes. */
    assert_int_equal(mutls_certs_add(chain, fake, len), 0);
    assert_int_equal(mutls_verify_certs(chain, anchors, MUTLS_PURPOSE_SERVER, NULL, NULL,
                                        CHECK_TIME, &depth, NULL, 0),
                     MUTLS_ERR_X509_TOO_MANY_CERTIFICATES);
    free(fake);
    mutls_certs_free(chain);
    mutls_certs_free(anchors);
}

static void test_x509_verify_allocation_failures_clean(void **state)
{
    mutls_certs *chain = load("ec256/leaf.pem");
    mutls_certs *anchors = load("roots/ec256_root.pem");
    tu_failalloc f = {0, 0};
    mutls_allocator a = tu_failalloc_allocator(&f);
    size_t limit;
    int depth;
    int rc = -1;

    (void)state;
    {
        char path[512];
        snprintf(path, sizeof(path), "x509/ec256/inter.pem");
        assert_int_equal(mutls_certs_add_file(chain, tu_vector_path(path)), 0);
    }
    for (limit = 0; limit < 64 && rc != 0; limit++) {
        tu_failalloc_reset(&f, limit);
        assert_int_equal(mutls_set_allocator(&a), 0);
        rc = mutls_verify_certs(chain, anchors, MUTLS_PURPOSE_SERVER, "www.example.com", NULL,
                                CHECK_TIME, &depth, NULL, 0);
        assert_int_equal(mutls_set_allocator(NULL), 0);
        assert_true(rc == 0 || rc == MUTLS_ERR_NO_MEMORY);
    }
    assert_int_equal(rc, 0);
    mutls_certs_free(chain);
    mutls_certs_free(anchors);
}

/* ------------------------------------------------------------ alerts */

static void test_x509_verify_reasons_map_to_alerts(void **state)
{
    static const struct {
        int code;
        int alert;
        const char *name;
    } rows[] = {
        {MUTLS_ERR_X509_EXPIRED, MUTLS_ALERT_CERTIFICATE_EXPIRED, "expired"},
        {MUTLS_ERR_X509_NOT_YET_VALID, MUTLS_ALERT_CERTIFICATE_EXPIRED, "not_yet_valid"},
        {MUTLS_ERR_X509_UNKNOWN_ISSUER, MUTLS_ALERT_UNKNOWN_CA, "unknown_issuer"},
        {MUTLS_ERR_X509_SELF_SIGNED, MUTLS_ALERT_UNKNOWN_CA, "self_signed"},
        {MUTLS_ERR_X509_BAD_SIGNATURE, MUTLS_ALERT_BAD_CERTIFICATE, "bad_signature"},
        {MUTLS_ERR_X509_NOT_A_CA, MUTLS_ALERT_BAD_CERTIFICATE, "not_a_ca"},
        {MUTLS_ERR_X509_PATH_TOO_LONG, MUTLS_ALERT_BAD_CERTIFICATE, "path_too_long"},
        {MUTLS_ERR_X509_NAME_MISMATCH, MUTLS_ALERT_BAD_CERTIFICATE, "name_mismatch"},
        {MUTLS_ERR_X509_PURPOSE_MISMATCH, MUTLS_ALERT_UNSUPPORTED_CERTIFICATE, "purpose_mismatch"},
        {MUTLS_ERR_X509_NAME_CONSTRAINT, MUTLS_ALERT_BAD_CERTIFICATE, "name_constraint_violated"},
        {MUTLS_ERR_X509_UNSUPPORTED_ALGORITHM, MUTLS_ALERT_UNSUPPORTED_CERTIFICATE,
         "unsupported_algorithm"},
        {MUTLS_ERR_X509_UNKNOWN_CRITICAL_EXTENSION, MUTLS_ALERT_UNSUPPORTED_CERTIFICATE,
         "unknown_critical_extension"},
        {MUTLS_ERR_X509_MALFORMED, MUTLS_ALERT_BAD_CERTIFICATE, "malformed"},
    };
    size_t i;

    (void)state;
    for (i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
        assert_int_equal(mutls_err_alert(rows[i].code), rows[i].alert);
        assert_string_equal(mutls_strerror(rows[i].code), rows[i].name);
    }
}

/* ecdsa-with-SHA512 (RFC 5758 §3.2) on a P-256 chain: the digest is truncated to the curve's
 * size and the signature verifies. */
static void test_x509_verify_ecdsa_sha512_signature_accepted(void **state)
{
    mutls_certs *chain = load("sha512/leaf_ecdsa_sha512.pem");
    mutls_certs *anchors = load("../pki/ca-ec.pem");
    char detail[256];
    int depth = -1;

    (void)state;
    assert_int_equal(mutls_verify_certs(chain, anchors, MUTLS_PURPOSE_CLIENT, NULL, NULL,
                                        CHECK_TIME, &depth, detail, sizeof(detail)),
                     0);
    mutls_certs_free(chain);
    mutls_certs_free(anchors);
}

/* The leaf's own key is checked as the handshake would import it: an EC point moved off its
 * curve refuses the leaf at depth 0 (before its signature is looked at), in plain words. */
static void test_x509_verify_leaf_key_off_curve_refused(void **state)
{
    mutls_certs *good = load("ec256/leaf.pem");
    mutls_certs *chain = NULL;
    mutls_certs *anchors = load("roots/ec256_root.pem");
    char detail[512];
    char path[512];
    uint8_t der[4096];
    mutls_slice spki = good->x[0].spki;
    size_t len = good->x[0].der.len;
    size_t at = (size_t)(spki.p - good->x[0].der.p) + spki.len - 1; /* the point's last octet */
    int depth = -1;

    (void)state;
    assert_true(len <= sizeof(der));
    memcpy(der, good->x[0].der.p, len);
    der[at] ^= 0x01;
    assert_int_equal(mutls_certs_new(&chain), 0);
    assert_int_equal(mutls_certs_add(chain, der, len), 0);
    snprintf(path, sizeof(path), "x509/%s", "ec256/inter.pem");
    assert_int_equal(mutls_certs_add_file(chain, tu_vector_path(path)), 0);
    assert_int_equal(mutls_verify_certs(chain, anchors, MUTLS_PURPOSE_SERVER, "www.example.com",
                                        NULL, CHECK_TIME, &depth, detail, sizeof(detail)),
                     MUTLS_ERR_X509_MALFORMED);
    assert_int_equal(depth, 0);
    assert_non_null(strstr(detail, "has a public key that is not a valid key of its algorithm"));
    mutls_certs_free(good);
    mutls_certs_free(chain);
    mutls_certs_free(anchors);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_x509_verify_every_manifest_case_exact),
        cmocka_unit_test(test_x509_verify_ecdsa_sha512_signature_accepted),
        cmocka_unit_test(test_x509_verify_leaf_key_off_curve_refused),
        cmocka_unit_test(test_x509_verify_every_audit_case_exact),
        cmocka_unit_test(test_x509_verify_every_name_row),
        cmocka_unit_test(test_x509_verify_explanations_name_depth_and_cause),
        cmocka_unit_test(test_x509_verify_time_callback_decides_validity),
        cmocka_unit_test(test_x509_verify_bad_arguments_refused),
        cmocka_unit_test(test_x509_verify_lookalike_issuers_bounded),
        cmocka_unit_test(test_x509_verify_allocation_failures_clean),
        cmocka_unit_test(test_x509_verify_reasons_map_to_alerts),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
