/* SPDX-License-Identifier: MIT */
/*
 * test_x509_crl_manifest.c - chain verification with CRLs (x509_verify.c, x509_crl.c,
 * RFC 5280 §6.3) over every case of vectors/x509/crl/manifest.txt (OpenSSL's verdicts beside
 * ours) with its exact answer, then the explanation sentences and revocation details of a
 * few, and a failed path that leaves another one to be tried. The check itself on CRLs signed
 * in the test is test_x509_crl_check.c.
 */
#include "testutil.h"

#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "der.h"
#include "mem.h"
#include "pem.h"
#include "x509_crl.h"

/* -DMUTLS_CRL=OFF refuses every CRL (test_certs checks that): nothing here applies. */
#if defined(MUTLS_NO_CRL)
TU_BUILT_OUT_PROGRAM()
#else

/* ------------------------------------------------------------ the manifest */

#define MAX_ITEMS 16

/* The certificates and CRLs of one manifest case, and the buffers they point into. */
typedef struct loaded {
    uint8_t *bufs[3 * MAX_ITEMS];
    size_t buf_lens[3 * MAX_ITEMS];
    int secret[3 * MAX_ITEMS]; /* from mutls_pem_next: released with mutls_free_secret */
    size_t n_bufs;
    mutls_x509 chain[MAX_ITEMS];
    size_t n_chain;
    mutls_x509 anchors[MAX_ITEMS];
    size_t n_anchors;
    mutls_x509_crl crls[MAX_ITEMS];
    size_t n_crls;
} loaded;

static void keep(loaded *l, uint8_t *buf, size_t len, int secret)
{
    assert_true(l->n_bufs < 3 * MAX_ITEMS);
    l->bufs[l->n_bufs] = buf;
    l->buf_lens[l->n_bufs] = len;
    l->secret[l->n_bufs] = secret;
    l->n_bufs++;
}

static void release(loaded *l)
{
    size_t i;

    for (i = 0; i < l->n_bufs; i++) {
        if (l->secret[i]) {
            mutls_free_secret(l->bufs[i], l->buf_lens[i]);
        } else {
            free(l->bufs[i]);
        }
    }
    memset(l, 0, sizeof(*l));
}

/*
 * Add what one file of the folder holds: its certificates to @p xs (*n of them so far), or,
 * when @p xs is NULL, its CRLs to l->crls ("X509 CRL" PEM blocks, or one DER CRL). Returns
 * the first CRL that does not parse (certificates must parse).
 */
static int load(loaded *l, const char *file, mutls_x509 *xs, size_t *n)
{
    char rel[256];
    size_t len;
    uint8_t *text;
    size_t pos = 0;
    mutls_slice label;
    uint8_t *der_out;
    size_t der_len;
    int rc;

    snprintf(rel, sizeof(rel), "x509/crl/%s", file);
    text = tu_read_vector(rel, &len);
    keep(l, text, len, 0);
    if (xs == NULL && !mutls_pem_is_pem(text, len)) {
        rc = mutls_x509_crl_parse(&l->crls[l->n_crls], text, len);
        l->n_crls += rc == 0;
        return rc;
    }
    while ((rc = mutls_pem_next(text, len, &pos, &label, &der_out, &der_len)) == 1) {
        keep(l, der_out, der_len, 1);
        if (xs != NULL) {
            assert_true(*n < MAX_ITEMS);
            assert_int_equal(mutls_x509_parse(&xs[(*n)++], der_out, der_len), 0);
        } else if (label.len == 8 && memcmp(label.p, "X509 CRL", 8) == 0) {
            assert_true(l->n_crls < MAX_ITEMS);
            rc = mutls_x509_crl_parse(&l->crls[l->n_crls], der_out, der_len);
            if (rc < 0) {
                return rc;
            }
            l->n_crls++;
        }
    }
    return rc;
}

static int64_t case_time(void *ctx)
{
    return *(const int64_t *)ctx;
}

/* Split @p s at commas, calling @p fn for each name. */
#define EACH_NAME(list, var, body)                                                                 \
    do {                                                                                           \
        char copy_[512];                                                                           \
        char *save_ = NULL;                                                                        \
        char *var;                                                                                 \
        snprintf(copy_, sizeof(copy_), "%s", list);                                                \
        for (var = strtok_r(copy_, ",", &save_); var != NULL; var = strtok_r(NULL, ",", &save_)) { \
            body;                                                                                  \
        }                                                                                          \
    } while (0)

typedef struct manifest_case {
    char name[64], chain[256], anchors[256], crls[256], mode[8], purpose[8], expect[40],
        openssl[16];
    long long time;
} manifest_case;

/* Run one case; returns the verification's code and fills @p out and @p l (when it got that
 * far; a refused load returns its code with the "load:" sense). */
static int run_case(const manifest_case *c, loaded *l, mutls_x509_verify_out *out, int *load_rc)
{
    mutls_x509_verify_params p;
    int64_t now = c->time;
    int rc;

    memset(l, 0, sizeof(*l));
    *load_rc = 0;
    EACH_NAME(c->chain, f, (void)load(l, f, l->chain, &l->n_chain));
    EACH_NAME(c->anchors, f, (void)load(l, f, l->anchors, &l->n_anchors));
    if (strcmp(c->crls, "-") != 0) {
        EACH_NAME(c->crls, f, {
            rc = load(l, f, NULL, NULL);
            if (rc < 0 && *load_rc == 0) {
                *load_rc = rc;
            }
        });
    }
    memset(&p, 0, sizeof(p));
    p.purpose =
        strcmp(c->purpose, "client") == 0 ? MUTLS_X509_PURPOSE_CLIENT : MUTLS_X509_PURPOSE_SERVER;
    p.time_fn = case_time;
    p.time_ctx = &now;
    p.crls = l->crls;
    p.n_crls = l->n_crls;
    p.crl_check = strcmp(c->mode, "leaf") == 0 ? MUTLS_CRL_CHECK_LEAF : MUTLS_CRL_CHECK_ALL;
    return mutls_x509_verify_chain(l->chain, l->n_chain, l->anchors, l->n_anchors, &p, out);
}

static int read_manifest(manifest_case *cases, int max)
{
    size_t len;
    char *text = (char *)tu_read_vector("x509/crl/manifest.txt", &len);
    char *save = NULL;
    char *line;
    int n = 0;

    for (line = strtok_r(text, "\n", &save); line != NULL; line = strtok_r(NULL, "\n", &save)) {
        manifest_case *c = &cases[n];

        if (line[0] == '#' || line[0] == 0) {
            continue;
        }
        assert_true(n < max);
        if (sscanf(line, "%63s %255s %255s %255s %7s %7s %lld %39s %15s", c->name, c->chain,
                   c->anchors, c->crls, c->mode, c->purpose, &c->time, c->expect,
                   c->openssl) != 9) {
            fail_msg("manifest line not understood: %s", line);
        }
        n++;
    }
    free(text);
    return n;
}

static const manifest_case *find_case(const manifest_case *cases, int n, const char *name)
{
    int i;

    for (i = 0; i < n; i++) {
        if (strcmp(cases[i].name, name) == 0) {
            return &cases[i];
        }
    }
    fail_msg("manifest has no case %s", name);
    return NULL;
}

static void test_crl_manifest_every_case_expected(void **state)
{
    static manifest_case cases[128];
    int n = read_manifest(cases, 128);
    int i;
    int loads = 0;
    int revoked = 0;

    (void)state;
    assert_true(n >= 40);
    for (i = 0; i < n; i++) {
        const manifest_case *c = &cases[i];
        loaded l;
        mutls_x509_verify_out out;
        int load_rc;
        int rc = run_case(c, &l, &out, &load_rc);
        char got[48];

        if (strncmp(c->expect, "load:", 5) == 0) {
            snprintf(got, sizeof(got), "load:%s", load_rc < 0 ? mutls_strerror(load_rc) : "ok");
            loads++;
        } else if (load_rc < 0) {
            snprintf(got, sizeof(got), "load:%s", mutls_strerror(load_rc));
        } else {
            snprintf(got, sizeof(got), "%s", rc == 0 ? "ok" : mutls_strerror(rc));
            assert_int_equal(rc, out.code);
            revoked += rc == MUTLS_ERR_X509_REVOKED;
        }
        if (strcmp(got, c->expect) != 0) {
            char why[512];

            mutls_x509_explain(&out, why, sizeof(why));
            release(&l);
            fail_msg("%s: got %s, want %s (%s)", c->name, got, c->expect, why);
        }
        release(&l);
    }
    assert_true(loads >= 5);
    assert_true(revoked >= 8);
}

/* One case's answer, explanation and details. */
static void expect_case(const manifest_case *cases, int n, const char *name, int want_depth,
                        const char *sentence, mutls_x509_verify_out *out)
{
    const manifest_case *c = find_case(cases, n, name);
    loaded l;
    int load_rc;
    char why[512];

    (void)run_case(c, &l, out, &load_rc);
    assert_int_equal(load_rc, 0);
    mutls_x509_explain(out, why, sizeof(why));
    release(&l);
    assert_int_equal(out->depth, want_depth);
    assert_string_equal(why, sentence);
}

static void test_crl_manifest_explanations_exact(void **state)
{
    static manifest_case cases[128];
    int n = read_manifest(cases, 128);
    mutls_x509_verify_out out;

    (void)state;
    expect_case(cases, n, "client_revoked", 0,
                "certificate at depth 0 (CN=client revoked,O=mutls test) was revoked by its "
                "issuer on 2026-03-01 00:00:00 UTC (reason: keyCompromise)",
                &out);
    assert_int_equal(out.revoked_at, 1772323200);
    assert_int_equal(out.revoke_reason, MUTLS_CRL_REASON_KEY_COMPROMISE);
    expect_case(cases, n, "server_revoked", 0,
                "certificate at depth 0 (CN=localhost revoked,O=mutls test) was revoked by its "
                "issuer on 2026-03-01 00:00:00 UTC (reason: superseded)",
                &out);
    expect_case(cases, n, "v1_crl", 0,
                "certificate at depth 0 (CN=client revoked,O=mutls test) was revoked by its "
                "issuer on 2026-03-01 00:00:00 UTC",
                &out);
    assert_int_equal(out.revoke_reason, MUTLS_CRL_REASON_NONE);
    expect_case(cases, n, "client_under_revoked", 1,
                "certificate at depth 1 (CN=mutls CRL Inter Revoked,O=mutls test) was revoked "
                "by its issuer on 2026-03-01 00:00:00 UTC (reason: cACompromise)",
                &out);
    assert_int_equal(out.revoke_reason, MUTLS_CRL_REASON_CA_COMPROMISE);
    expect_case(cases, n, "hold", 0,
                "certificate at depth 0 (CN=client revoked,O=mutls test) was revoked by its "
                "issuer on 2026-03-01 00:00:00 UTC (reason: certificateHold)",
                &out);
    expect_case(cases, n, "all_only_inter_crl", 1,
                "certificate at depth 1 (CN=mutls CRL Inter,O=mutls test) has no CRL from its "
                "issuer that covers it, and revocation checking covers every certificate of "
                "the chain",
                &out);
    assert_int_equal(out.crl_set_aside, MUTLS_CRL_ASIDE_NONE);
    expect_case(cases, n, "leaf_only_root_crl", 0,
                "certificate at depth 0 (CN=client,O=mutls test) has no CRL from its issuer "
                "that covers it, and revocation checking covers the peer's own certificate",
                &out);
    expect_case(cases, n, "expired_crl", 0,
                "certificate at depth 0 (CN=client,O=mutls test) cannot be checked for "
                "revocation: its issuer's CRL expired on 2026-07-01 00:00:00 UTC",
                &out);
    assert_int_equal(out.crl_time, 1782864000);
    expect_case(cases, n, "future_crl", 0,
                "certificate at depth 0 (CN=client,O=mutls test) cannot be checked for "
                "revocation: its issuer's CRL is not valid before 2035-06-01 00:00:00 UTC",
                &out);
    expect_case(cases, n, "evil_noaki", 0,
                "certificate at depth 0 (CN=client root,O=mutls test) cannot be checked for "
                "revocation: its issuer's CRL is not signed by the issuer's key (RFC 5280 "
                "6.3.3 g)",
                &out);
    assert_int_equal(out.crl_set_aside, MUTLS_CRL_ASIDE_SIGNATURE);
    expect_case(cases, n, "nocrlsign", 0,
                "certificate at depth 0 (CN=client under nocrlsign,O=mutls test) cannot be "
                "checked for revocation: its issuer's keyUsage does not allow signing CRLs "
                "(cRLSign, RFC 5280 6.3.3 f)",
                &out);
    /* A CRL of the issuer that is set aside: the sentence names the rule. */
    expect_case(cases, n, "evil_aki", 0,
                "certificate at depth 0 (CN=client root,O=mutls test) has no CRL from its "
                "issuer that covers it (the CRL under its issuer's name is for another key, and "
                "no certificate of that key with a valid path of its own to the same anchor was "
                "given, RFC 5280 5.2.1 and 6.3.3 f), and revocation checking covers every "
                "certificate of the chain",
                &out);
    expect_case(cases, n, "root_idp_user_for_ca", 1,
                "certificate at depth 1 (CN=mutls CRL Inter,O=mutls test) has no CRL from its "
                "issuer that covers it (the issuer's CRL is for end entities only, RFC 5280 "
                "5.2.5), and revocation checking covers every certificate of the chain",
                &out);
    expect_case(cases, n, "idp_ca_for_leaf", 0,
                "certificate at depth 0 (CN=client,O=mutls test) has no CRL from its issuer "
                "that covers it (the issuer's CRL is for CAs only, RFC 5280 5.2.5), and "
                "revocation checking covers every certificate of the chain",
                &out);
    expect_case(cases, n, "limbo_idp_cdp_scope_mismatch", 0,
                "certificate at depth 0 (CN=example.com dp other,O=mutls test) has no CRL from "
                "its issuer that covers it (the issuer's CRL is for a distribution point the "
                "certificate does not name, RFC 5280 6.3.3 b), and revocation checking covers "
                "the peer's own certificate",
                &out);
    assert_int_equal(out.crl_set_aside, MUTLS_CRL_ASIDE_DP_NAME);
    expect_case(cases, n, "limbo_idp_certificate_missing_cdp", 0,
                "certificate at depth 0 (CN=example.com,O=mutls test) has no CRL from its "
                "issuer that covers it (the issuer's CRL is for a distribution point and the "
                "certificate names none, RFC 5280 6.3.3 b), and revocation checking covers the "
                "peer's own certificate",
                &out);
    expect_case(cases, n, "limbo_very_large_revoked", 0,
                "certificate at depth 0 (CN=example.com,O=mutls test) was revoked by its issuer "
                "on 2026-03-01 00:00:00 UTC",
                &out);
    /* An intermediate among the anchors is checked against the root's CRL too. */
    expect_case(cases, n, "bundle_inter_revoked", 1,
                "certificate at depth 1 (CN=mutls CRL Inter Revoked,O=mutls test) was revoked "
                "by its issuer on 2026-03-01 00:00:00 UTC (reason: cACompromise)",
                &out);
    expect_case(cases, n, "bundle_inter_no_root_crl", 1,
                "certificate at depth 1 (CN=mutls CRL Inter,O=mutls test) has no CRL from its "
                "issuer that covers it, and revocation checking covers every certificate of "
                "the chain",
                &out);
    expect_case(cases, n, "good_client", 0, "the certificate chain is valid", &out);
    assert_int_equal(out.path_len, 3);
    assert_int_equal(out.revoke_reason, MUTLS_CRL_REASON_NONE);
    assert_int_equal(out.revoked_at, 0);
}

/*
 * A CRL failure fails one path only: other paths are still tried. The anchors hold a copy of
 * inter whose keyUsage lacks cRLSign (same name and key), tried first, and root.
 */
static void test_crl_verify_other_path_tried(void **state)
{
    loaded l;
    mutls_x509_verify_params p;
    mutls_x509_verify_out out;
    int64_t now = 1800000000;

    (void)state;
    memset(&l, 0, sizeof(l));
    (void)load(&l, "client.pem", l.chain, &l.n_chain);
    (void)load(&l, "inter.pem", l.chain, &l.n_chain);
    (void)load(&l, "inter.pem", l.anchors, &l.n_anchors);
    (void)load(&l, "root.pem", l.anchors, &l.n_anchors);
    l.anchors[0].key_usage &= ~MUTLS_X509_KU_CRL_SIGN;
    assert_int_equal(load(&l, "root_both.pem", NULL, NULL), 0);
    assert_int_equal(l.n_crls, 2);
    memset(&p, 0, sizeof(p));
    p.purpose = MUTLS_X509_PURPOSE_CLIENT;
    p.time_fn = case_time;
    p.time_ctx = &now;
    p.crls = l.crls;
    p.n_crls = l.n_crls;
    assert_int_equal(mutls_x509_verify_chain(l.chain, l.n_chain, l.anchors, 2, &p, &out), 0);
    assert_int_equal(out.path_len, 3);
    /* Without root, the path through the copy is the only one, and its failure the answer. */
    assert_int_equal(mutls_x509_verify_chain(l.chain, l.n_chain, l.anchors, 1, &p, &out),
                     MUTLS_ERR_X509_CRL_BAD_SIGNATURE);
    assert_int_equal(out.depth, 0);
    /* No CRLs: no revocation checking at all. */
    p.n_crls = 0;
    assert_int_equal(mutls_x509_verify_chain(l.chain, l.n_chain, l.anchors, 1, &p, &out), 0);
    release(&l);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_crl_manifest_every_case_expected),
        cmocka_unit_test(test_crl_manifest_explanations_exact),
        cmocka_unit_test(test_crl_verify_other_path_tried),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
#endif
