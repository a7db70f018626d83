/* SPDX-License-Identifier: MIT */
/*
 * test_certs.c - certificate sets (certs.c) and what parsing costs: parsing a certificate,
 * rendering its subject and matching a host name allocate nothing (x509.c works in place), and
 * a failed addition leaves a set as it was while many additions grow it. The CRLs a set of
 * anchors holds (vectors/x509/crl): PEM with several, DER, PEM without one, refused CRLs that
 * leave the set as it was (also when any allocation fails), the cap, the mode's argument
 * checks, and mutls_verify_certs applying the anchors' CRLs and mode.
 */
#include "testutil.h"

#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "certs.h"
#include "failalloc.h"
#include "mem.h"
#include "x509.h"

/* vectors/<rel> into a fresh set (fails the test on error). */
static mutls_certs *load_set(const char *rel)
{
    mutls_certs *set = NULL;

    assert_int_equal(mutls_certs_new(&set), 0);
    assert_int_equal(mutls_certs_add_file(set, tu_vector_path(rel)), 0);
    return set;
}

static void test_x509_parse_allocates_nothing(void **state)
{
    mutls_certs *set = load_set("x509/rsa/leaf_multi.pem");
    tu_failalloc cnt = {0, TU_NEVER_FAIL};
    mutls_allocator a = tu_failalloc_allocator(&cnt);
    mutls_x509 x;
    char buf[128];

    (void)state;
    assert_int_equal(mutls_set_allocator(&a), 0);
    assert_int_equal(mutls_x509_parse(&x, set->x[0].der.p, set->x[0].der.len), 0);
    assert_true(mutls_x509_name_string(x.subject, buf, sizeof(buf)) > 0);
    assert_int_equal(mutls_x509_check_host(&x, "api.example.com", 0), 0);
    assert_int_equal(mutls_set_allocator(NULL), 0);
    assert_int_equal(cnt.calls, 0);
    mutls_certs_free(set);
}

static void test_x509_certs_add_errors_leave_set_unchanged(void **state)
{
    static const char no_cert[] = "-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n";
    static const uint8_t junk[] = {0x30, 0x03, 0x02, 0x01, 0x01};
    mutls_certs *set = load_set("x509/deep/chain.pem");
    size_t n = set->n;
    size_t len;
    uint8_t *pem = tu_read_vector("x509/rsa/leaf.pem", &len);
    char buf[64];

    (void)state;
    assert_int_equal(n, 2);
    assert_int_equal(mutls_certs_add(set, (const uint8_t *)no_cert, sizeof(no_cert) - 1),
                     MUTLS_ERR_PEM_NOT_FOUND);
    assert_int_equal(mutls_certs_add(set, junk, sizeof(junk)), MUTLS_ERR_X509_MALFORMED);
    assert_int_equal(mutls_certs_add_file(set, "/nonexistent/x.pem"), MUTLS_ERR_FILE);
    assert_int_equal(mutls_certs_count(set), n);
    /* Enough additions to grow the arrays several times; the parsed slices stay valid. */
    for (len = 0; len < 40; len++) {
        size_t l;
        uint8_t *p = tu_read_vector("x509/rsa/leaf.pem", &l);
        assert_int_equal(mutls_certs_add(set, p, l), 0);
        free(p);
    }
    assert_int_equal(mutls_certs_count(set), n + 40);
    assert_int_equal(mutls_certs_subject(set, n + 39, buf, sizeof(buf)),
                     (int)strlen("CN=www.example.com,O=mutls test"));
    assert_string_equal(buf, "CN=www.example.com,O=mutls test");
    assert_int_equal(mutls_certs_subject(set, n + 40, buf, sizeof(buf)), MUTLS_ERR_BAD_ARGUMENT);
    free(pem);
    mutls_certs_free(set);
}

/* ------------------------------------------------------------ CRLs */

#define CRL_TIME 1800000000 /* 2027-01-15, inside every good CRL's window */

/* vectors/x509/crl/<name>, read whole (the caller frees). */
static uint8_t *read_crl_vector(const char *name, size_t *len)
{
    char rel[256];

    snprintf(rel, sizeof(rel), "x509/crl/%s", name);
    return tu_read_vector(rel, len);
}

/* Add vectors/x509/crl/<name> to @p set with @p add; the result code. */
static int add_crl_vector(mutls_certs *set, const char *name,
                          int (*add)(mutls_certs *set, const char *path))
{
    char rel[256];

    snprintf(rel, sizeof(rel), "x509/crl/%s", name);
    return add(set, tu_vector_path(rel));
}

/* Two files (or blocks) joined into one buffer, as a PEM file holding both would be. */
static uint8_t *join_vectors(const char *a, const char *b, size_t *len)
{
    size_t la, lb;
    uint8_t *pa = read_crl_vector(a, &la);
    uint8_t *pb = read_crl_vector(b, &lb);
    uint8_t *out = malloc(la + lb);

    assert_non_null(out);
    memcpy(out, pa, la);
    memcpy(out + la, pb, lb);
    free(pa);
    free(pb);
    *len = la + lb;
    return out;
}

static void test_certs_add_crl_pem_with_several_adds_each(void **state)
{
    TU_SKIP_WITHOUT_CRL();
    mutls_certs *set = NULL;
    uint8_t *mixed;
    size_t len;
    char name[128];

    (void)state;
    assert_int_equal(mutls_certs_new(&set), 0);
    assert_int_equal(mutls_certs_crl_count(set), 0);
    assert_int_equal(add_crl_vector(set, "root_both.pem", mutls_certs_add_crl_file), 0);
    assert_int_equal(mutls_certs_crl_count(set), 2);
    /* In file order: root's CRL first, then inter's. */
    assert_true(mutls_x509_name_string(set->crls[0].issuer, name, sizeof(name)) > 0);
    assert_string_equal(name, "CN=mutls CRL Root,O=mutls test");
    assert_true(mutls_x509_name_string(set->crls[1].issuer, name, sizeof(name)) > 0);
    assert_string_equal(name, "CN=mutls CRL Inter,O=mutls test");
    /* Certificate blocks among CRLs are skipped, and CRL blocks among certificates. */
    mixed = join_vectors("root.pem", "inter.crl.pem", &len);
    assert_int_equal(mutls_certs_add_crl(set, mixed, len), 0);
    assert_int_equal(mutls_certs_crl_count(set), 3);
    assert_int_equal(mutls_certs_count(set), 0);
    assert_int_equal(mutls_certs_add(set, mixed, len), 0);
    assert_int_equal(mutls_certs_count(set), 1);
    assert_int_equal(mutls_certs_crl_count(set), 3);
    free(mixed);
    mutls_certs_free(set);
}

static void test_certs_add_crl_der_adds_one(void **state)
{
    TU_SKIP_WITHOUT_CRL();
    mutls_certs *set = NULL;
    size_t len, pem_len;
    uint8_t *der = read_crl_vector("inter.crl.der", &len);
    uint8_t *pem = read_crl_vector("inter.crl.pem", &pem_len);

    (void)state;
    assert_int_equal(mutls_certs_new(&set), 0);
    assert_int_equal(mutls_certs_add_crl(set, der, len), 0);
    assert_int_equal(add_crl_vector(set, "inter.crl.pem", mutls_certs_add_crl_file), 0);
    assert_int_equal(mutls_certs_crl_count(set), 2);
    /* The set keeps its own copy: the caller's buffer may go. */
    assert_ptr_not_equal(set->crls[0].der.p, der);
    assert_int_equal(set->crls[0].der.len, len);
    assert_memory_equal(set->crls[0].der.p, der, len);
    /* The PEM's body is the same CRL. */
    assert_int_equal(set->crls[1].der.len, len);
    assert_memory_equal(set->crls[1].der.p, der, len);
    assert_int_equal(set->crls[0].version, 2);
    free(der);
    free(pem);
    mutls_certs_free(set);
}

/* -DMUTLS_CRL=OFF: a good CRL is refused as unsupported, and the set stays without one. */
static void test_certs_add_crl_built_out_unsupported(void **state)
{
    mutls_certs *set = NULL;

    (void)state;
#if !defined(MUTLS_NO_CRL)
    skip();
#endif
    assert_int_equal(mutls_certs_new(&set), 0);
    assert_int_equal(add_crl_vector(set, "inter.crl.pem", mutls_certs_add_crl_file),
                     MUTLS_ERR_X509_CRL_UNSUPPORTED);
    assert_int_equal(mutls_certs_crl_count(set), 0);
    mutls_certs_free(set);
}

static void test_certs_add_crl_pem_without_crl_not_found(void **state)
{
    mutls_certs *set = NULL;

    (void)state;
    assert_int_equal(mutls_certs_new(&set), 0);
    assert_int_equal(add_crl_vector(set, "root.pem", mutls_certs_add_crl_file),
                     MUTLS_ERR_PEM_NOT_FOUND);
    /* And the other way: a CRL file holds no certificate. */
    assert_int_equal(add_crl_vector(set, "inter.crl.pem", mutls_certs_add_file),
                     MUTLS_ERR_PEM_NOT_FOUND);
    assert_int_equal(mutls_certs_crl_count(set), 0);
    assert_int_equal(mutls_certs_count(set), 0);
    mutls_certs_free(set);
}

static void test_certs_add_crl_refused_leaves_set_unchanged(void **state)
{
    TU_SKIP_WITHOUT_CRL();
    static const char empty_block[] = "-----BEGIN X509 CRL-----\n-----END X509 CRL-----\n";
    static const uint8_t junk[] = {0x30, 0x03, 0x02, 0x01, 0x01};
    static const struct {
        const char *file;
        int want;
    } refused[] = {
        {"inter_truncated.crl.der", MUTLS_ERR_X509_CRL_MALFORMED},
        {"inter_trailing.crl.der", MUTLS_ERR_X509_CRL_MALFORMED},
        {"inter_sha1.crl.pem", MUTLS_ERR_X509_CRL_UNSUPPORTED},
        {"inter_delta.crl.pem", MUTLS_ERR_X509_CRL_UNSUPPORTED},
        {"inter_unknown_crit.crl.pem", MUTLS_ERR_X509_CRL_UNSUPPORTED},
        {"inter_idp_indirect.crl.pem", MUTLS_ERR_X509_CRL_UNSUPPORTED},
        {"inter_idp_reasons.crl.pem", MUTLS_ERR_X509_CRL_UNSUPPORTED},
        {"no_such_file.crl.pem", MUTLS_ERR_FILE},
    };
    mutls_certs *set = NULL;
    uint8_t *two;
    size_t len;
    size_t i;

    (void)state;
    assert_int_equal(mutls_certs_new(&set), 0);
    assert_int_equal(add_crl_vector(set, "root_both.pem", mutls_certs_add_crl_file), 0);
    assert_int_equal(add_crl_vector(set, "root.pem", mutls_certs_add_file), 0);
    for (i = 0; i < sizeof(refused) / sizeof(refused[0]); i++) {
        int rc = add_crl_vector(set, refused[i].file, mutls_certs_add_crl_file);
        if (rc != refused[i].want) {
            fail_msg("%s: %s, want %s", refused[i].file, mutls_strerror(rc),
                     mutls_strerror(refused[i].want));
        }
        assert_int_equal(mutls_certs_crl_count(set), 2);
    }
    /* A good CRL before a refused one in the same PEM is taken back out. */
    two = join_vectors("inter_empty.crl.pem", "inter_sha1.crl.pem", &len);
    assert_int_equal(mutls_certs_add_crl(set, two, len), MUTLS_ERR_X509_CRL_UNSUPPORTED);
    free(two);
    /* pem.c refuses a block without a body. */
    assert_int_equal(
        mutls_certs_add_crl(set, (const uint8_t *)empty_block, sizeof(empty_block) - 1),
        MUTLS_ERR_PEM_MALFORMED);
    assert_int_equal(mutls_certs_add_crl(set, junk, sizeof(junk)), MUTLS_ERR_X509_CRL_MALFORMED);
    assert_int_equal(mutls_certs_crl_count(set), 2);
    assert_int_equal(mutls_certs_count(set), 1);
    /* The two kept CRLs still decide: the set works as before. */
    assert_int_equal(set->crls[0].version, 2);
    assert_int_equal(set->crls[1].version, 2);
    mutls_certs_free(set);
}

/* mutls_certs_load_detail names the refused item of the input and the rule it breaks. */
static void test_certs_add_crl_refusal_names_item_and_rule(void **state)
{
    TU_SKIP_WITHOUT_CRL();
    mutls_certs *set = NULL;
    mutls_config *cfg = NULL;
    uint8_t *two;
    size_t len;

    (void)state;
    assert_int_equal(mutls_certs_new(&set), 0);
    assert_string_equal(mutls_certs_load_detail(set), "");
    two = join_vectors("inter_empty.crl.pem", "inter_sha1.crl.pem", &len);
    assert_int_equal(mutls_certs_add_crl(set, two, len), MUTLS_ERR_X509_CRL_UNSUPPORTED);
    free(two);
    assert_string_equal(mutls_certs_load_detail(set),
                        "CRL 2 of the input is refused: it is signed with an algorithm mutls "
                        "does not verify (SHA-1, MD5 or one it does not know)");
    assert_int_equal(add_crl_vector(set, "inter_idp_indirect.crl.pem", mutls_certs_add_crl_file),
                     MUTLS_ERR_X509_CRL_UNSUPPORTED);
    assert_string_equal(mutls_certs_load_detail(set),
                        "CRL 1 of the input is refused: it is an indirect CRL (RFC 5280 "
                        "§5.2.5), which mutls does not apply");
    assert_int_equal(add_crl_vector(set, "inter_truncated.crl.der", mutls_certs_add_crl_file),
                     MUTLS_ERR_X509_CRL_MALFORMED);
    assert_string_equal(mutls_certs_load_detail(set),
                        "the CRL is refused: its DER encoding is malformed (X.690)");
    assert_int_equal(add_crl_vector(set, "root.pem", mutls_certs_add_crl_file),
                     MUTLS_ERR_PEM_NOT_FOUND);
    assert_string_equal(mutls_certs_load_detail(set), "the input has no \"X509 CRL\" PEM block");
    /* A certificate the parser refuses is named by its place and the rule it breaks. */
    assert_int_equal(add_crl_vector(set, "inter_truncated.crl.der", mutls_certs_add_file),
                     MUTLS_ERR_X509_MALFORMED);
    assert_string_equal(mutls_certs_load_detail(set),
                        "the certificate is refused: it ends before its outer SEQUENCE does "
                        "(truncated, or a wrong length)");
    /* A success clears it; so does a file that cannot be read (its code says it all). */
    assert_int_equal(add_crl_vector(set, "inter.crl.pem", mutls_certs_add_crl_file), 0);
    assert_string_equal(mutls_certs_load_detail(set), "");
    assert_int_equal(add_crl_vector(set, "inter_delta.crl.pem", mutls_certs_add_crl_file),
                     MUTLS_ERR_X509_CRL_UNSUPPORTED);
    assert_int_equal(add_crl_vector(set, "no_such_file.crl.pem", mutls_certs_add_crl_file),
                     MUTLS_ERR_FILE);
    assert_string_equal(mutls_certs_load_detail(set), "");
    assert_string_equal(mutls_certs_load_detail(NULL), "");
    /* A broken PEM block, counted among all the input's blocks, with what is wrong. */
    {
        static const char text[] = "-----BEGIN X509 CRL-----\nAQ==\n-----END X509 CRL-----\n"
                                   "-----BEGIN CERTIFICATE-----\nMIIB\n";

        assert_int_equal(mutls_certs_add(set, (const uint8_t *)text, sizeof(text) - 1),
                         MUTLS_ERR_PEM_MALFORMED);
        assert_string_equal(mutls_certs_load_detail(set),
                            "PEM block 2 of the input is refused: its BEGIN line has no END "
                            "line (the file is cut short?)");
    }
    mutls_certs_free(set);

    /* The configuration's trust store says the same. */
    assert_int_equal(mutls_config_new(&cfg, MUTLS_ROLE_CLIENT), 0);
    assert_int_equal(
        mutls_config_add_crl_file(cfg, tu_vector_path("x509/crl/limbo_number_critical.crl.pem")),
        MUTLS_ERR_X509_CRL_MALFORMED);
    assert_string_equal(mutls_config_load_detail(cfg),
                        "CRL 1 of the input is refused: its cRLNumber extension is marked "
                        "critical, which RFC 5280 §5.2.3 forbids");
    assert_string_equal(mutls_config_load_detail(NULL), "");
    mutls_config_free(cfg);
}

static void test_certs_add_crl_out_of_memory_leaves_set_unchanged(void **state)
{
    TU_SKIP_WITHOUT_CRL();
    mutls_certs *set = NULL;
    size_t len;
    uint8_t *both = read_crl_vector("root_both.pem", &len);
    tu_failalloc f = {0, 0};
    mutls_allocator a = tu_failalloc_allocator(&f);
    size_t limit;
    int rc;

    (void)state;
    assert_int_equal(mutls_certs_new(&set), 0);
    /* Start with a full first array (4 CRLs), so the next addition must grow it. */
    assert_int_equal(mutls_certs_add_crl(set, both, len), 0);
    assert_int_equal(mutls_certs_add_crl(set, both, len), 0);
    for (limit = 0;; limit++) {
        tu_failalloc_reset(&f, limit);
        assert_int_equal(mutls_set_allocator(&a), 0);
        rc = mutls_certs_add_crl(set, both, len);
        assert_int_equal(mutls_set_allocator(NULL), 0);
        if (rc == 0) {
            break;
        }
        assert_int_equal(rc, MUTLS_ERR_NO_MEMORY);
        assert_int_equal(mutls_certs_crl_count(set), 4);
        assert_true(limit < 64);
    }
    assert_int_equal(mutls_certs_crl_count(set), 6);
    assert_true(limit >= 5); /* two decoded PEM blocks and three grown arrays */
    free(both);
    mutls_certs_free(set);
}

static void test_certs_add_crl_over_cap_too_many(void **state)
{
    TU_SKIP_WITHOUT_CRL();
    mutls_certs *set = NULL;
    size_t len;
    uint8_t *der = read_crl_vector("inter.crl.der", &len);
    size_t i;

    (void)state;
    assert_int_equal(mutls_certs_new(&set), 0);
    for (i = 0; i < MUTLS_CERTS_MAX_CRLS; i++) {
        assert_int_equal(mutls_certs_add_crl(set, der, len), 0);
    }
    assert_int_equal(mutls_certs_add_crl(set, der, len), MUTLS_ERR_X509_TOO_MANY_CERTIFICATES);
    assert_int_equal(mutls_certs_crl_count(set), MUTLS_CERTS_MAX_CRLS);
    free(der);
    mutls_certs_free(set);
}

static void test_certs_crl_arguments_checked(void **state)
{
    static const uint8_t one = 0x30;
    mutls_certs *set = NULL;

    (void)state;
    assert_int_equal(mutls_certs_new(&set), 0);
    assert_int_equal(set->crl_check, MUTLS_CRL_CHECK_ALL);
    assert_int_equal(mutls_certs_set_crl_check(set, MUTLS_CRL_CHECK_LEAF), 0);
    assert_int_equal(set->crl_check, MUTLS_CRL_CHECK_LEAF);
    assert_int_equal(mutls_certs_set_crl_check(set, MUTLS_CRL_CHECK_ALL), 0);
    assert_int_equal(set->crl_check, MUTLS_CRL_CHECK_ALL);
    assert_int_equal(mutls_certs_set_crl_check(set, 2), MUTLS_ERR_BAD_ARGUMENT);
    assert_int_equal(mutls_certs_set_crl_check(set, -1), MUTLS_ERR_BAD_ARGUMENT);
    assert_int_equal(set->crl_check, MUTLS_CRL_CHECK_ALL);
    assert_int_equal(mutls_certs_set_crl_check(NULL, MUTLS_CRL_CHECK_ALL), MUTLS_ERR_BAD_ARGUMENT);
    assert_int_equal(mutls_certs_add_crl(NULL, &one, 1), MUTLS_ERR_BAD_ARGUMENT);
    assert_int_equal(mutls_certs_add_crl(set, NULL, 1), MUTLS_ERR_BAD_ARGUMENT);
    assert_int_equal(mutls_certs_add_crl(set, &one, 0), MUTLS_ERR_BAD_ARGUMENT);
    assert_int_equal(mutls_certs_add_crl_file(NULL, "x"), MUTLS_ERR_BAD_ARGUMENT);
    assert_int_equal(mutls_certs_add_crl_file(set, NULL), MUTLS_ERR_BAD_ARGUMENT);
    assert_int_equal(mutls_certs_crl_count(NULL), 0);
    assert_int_equal(mutls_certs_crl_count(set), 0);
    mutls_certs_free(set);
}

/* A chain of vectors/x509/crl files, leaf first. */
static mutls_certs *crl_chain(const char *leaf, const char *inter)
{
    mutls_certs *set = NULL;

    assert_int_equal(mutls_certs_new(&set), 0);
    assert_int_equal(add_crl_vector(set, leaf, mutls_certs_add_file), 0);
    if (inter != NULL) {
        assert_int_equal(add_crl_vector(set, inter, mutls_certs_add_file), 0);
    }
    return set;
}

/* Verify @p chain for client use at CRL_TIME; checks the code and depth, returns the detail. */
static void verify_expect(const mutls_certs *chain, const mutls_certs *anchors, int want,
                          int want_depth, char *detail, size_t cap)
{
    int depth = 99;
    int rc = mutls_verify_certs(chain, anchors, MUTLS_PURPOSE_CLIENT, NULL, NULL, CRL_TIME, &depth,
                                detail, cap);

    if (rc != want || depth != want_depth) {
        fail_msg("%s at depth %d (%s), want %s at depth %d", mutls_strerror(rc), depth, detail,
                 mutls_strerror(want), want_depth);
    }
}

static void test_certs_verify_applies_anchor_crls(void **state)
{
    TU_SKIP_WITHOUT_CRL();
    mutls_certs *anchors = NULL;
    mutls_certs *good = crl_chain("client.pem", "inter.pem");
    mutls_certs *revoked = crl_chain("client_revoked.pem", "inter.pem");
    mutls_certs *under = crl_chain("client_under_revoked.pem", "inter_revoked.pem");
    char detail[512];

    (void)state;
    assert_int_equal(mutls_certs_new(&anchors), 0);
    assert_int_equal(add_crl_vector(anchors, "root.pem", mutls_certs_add_file), 0);
    /* Without CRLs, revocation is not checked at all. */
    verify_expect(revoked, anchors, 0, -1, detail, sizeof(detail));
    assert_string_equal(detail, "");

    /* Only the intermediate's CRL: the intermediate itself has none from the root. */
    assert_int_equal(add_crl_vector(anchors, "inter.crl.pem", mutls_certs_add_crl_file), 0);
    verify_expect(good, anchors, MUTLS_ERR_X509_CRL_MISSING, 1, detail, sizeof(detail));
    assert_non_null(strstr(detail, "certificate at depth 1 (CN=mutls CRL Inter,O=mutls test)"));
    /* RFC 5280 §6.1.3 works down from the anchor: the intermediate's status comes first. */
    verify_expect(revoked, anchors, MUTLS_ERR_X509_CRL_MISSING, 1, detail, sizeof(detail));
    /* The leaf mode needs only the leaf's. */
    assert_int_equal(mutls_certs_set_crl_check(anchors, MUTLS_CRL_CHECK_LEAF), 0);
    verify_expect(good, anchors, 0, -1, detail, sizeof(detail));
    verify_expect(revoked, anchors, MUTLS_ERR_X509_REVOKED, 0, detail, sizeof(detail));
    assert_int_equal(mutls_certs_set_crl_check(anchors, MUTLS_CRL_CHECK_ALL), 0);

    /* Both CRLs: the whole path is covered. */
    assert_int_equal(add_crl_vector(anchors, "root.crl.pem", mutls_certs_add_crl_file), 0);
    verify_expect(good, anchors, 0, -1, detail, sizeof(detail));
    verify_expect(revoked, anchors, MUTLS_ERR_X509_REVOKED, 0, detail, sizeof(detail));
    assert_non_null(strstr(detail, "certificate at depth 0 (CN=client revoked,O=mutls test)"));
    assert_non_null(strstr(detail, "revoked"));
    assert_non_null(strstr(detail, "2026-03-01"));
    assert_non_null(strstr(detail, "keyCompromise"));
    /* A revoked intermediate refuses every leaf under it, at its own depth. */
    assert_int_equal(add_crl_vector(anchors, "inter_revoked.crl.pem", mutls_certs_add_crl_file), 0);
    verify_expect(under, anchors, MUTLS_ERR_X509_REVOKED, 1, detail, sizeof(detail));
    assert_non_null(strstr(detail, "certificate at depth 1"));
    assert_int_equal(mutls_certs_set_crl_check(anchors, MUTLS_CRL_CHECK_LEAF), 0);
    verify_expect(under, anchors, 0, -1, detail, sizeof(detail));
    mutls_certs_free(good);
    mutls_certs_free(revoked);
    mutls_certs_free(under);
    mutls_certs_free(anchors);
}

static void test_certs_verify_stale_crl_expired(void **state)
{
    TU_SKIP_WITHOUT_CRL();
    mutls_certs *anchors = NULL;
    mutls_certs *good = crl_chain("client.pem", "inter.pem");
    char detail[512];

    (void)state;
    assert_int_equal(mutls_certs_new(&anchors), 0);
    assert_int_equal(add_crl_vector(anchors, "root.pem", mutls_certs_add_file), 0);
    assert_int_equal(add_crl_vector(anchors, "root.crl.pem", mutls_certs_add_crl_file), 0);
    assert_int_equal(add_crl_vector(anchors, "inter_expired.crl.pem", mutls_certs_add_crl_file), 0);
    verify_expect(good, anchors, MUTLS_ERR_X509_CRL_EXPIRED, 0, detail, sizeof(detail));
    /* A current CRL next to the stale one is used. */
    assert_int_equal(add_crl_vector(anchors, "inter.crl.der", mutls_certs_add_crl_file), 0);
    verify_expect(good, anchors, 0, -1, detail, sizeof(detail));
    mutls_certs_free(good);
    mutls_certs_free(anchors);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_x509_parse_allocates_nothing),
        cmocka_unit_test(test_x509_certs_add_errors_leave_set_unchanged),
        cmocka_unit_test(test_certs_add_crl_pem_with_several_adds_each),
        cmocka_unit_test(test_certs_add_crl_der_adds_one),
        cmocka_unit_test(test_certs_add_crl_built_out_unsupported),
        cmocka_unit_test(test_certs_add_crl_pem_without_crl_not_found),
        cmocka_unit_test(test_certs_add_crl_refused_leaves_set_unchanged),
        cmocka_unit_test(test_certs_add_crl_refusal_names_item_and_rule),
        cmocka_unit_test(test_certs_add_crl_out_of_memory_leaves_set_unchanged),
        cmocka_unit_test(test_certs_add_crl_over_cap_too_many),
        cmocka_unit_test(test_certs_crl_arguments_checked),
        cmocka_unit_test(test_certs_verify_applies_anchor_crls),
        cmocka_unit_test(test_certs_verify_stale_crl_expired),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
