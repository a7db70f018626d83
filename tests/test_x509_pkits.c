/* SPDX-License-Identifier: MIT */
/*
 * test_x509_pkits.c - NIST PKITS (RFC 5280 §6 path validation), rebuilt with RSA-2048 and
 * SHA-256 by vectors/x509/pkits/gen.py: every case of its manifest runs through the
 * verifier with revocation checked for every certificate of the path ("all", as PKITS
 * assumes) and the RFC 5280 §6.1.1 policy inputs of its SETTINGS column (4.8-4.12 list a
 * test once per setting PKITS recommends), and must give exactly the answer the manifest
 * records for mutls. Where that
 * answer is not PKITS's verdict the manifest's note must begin "KNOWN DIFFERENCE:" with
 * the rule at stake, and a case so noted must really differ, so the list stays honest.
 */
#include "testutil.h"

#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "error.h"
#include "mem.h"
#include "pem.h"
#include "x509.h"
#include "x509_crl.h"

/* -DMUTLS_CRL=OFF refuses every CRL: PKITS assumes revocation checking throughout. Its
 * sections 4.8-4.12 need policy processing: a -DMUTLS_X509_POLICY=OFF build runs the others. */
#if defined(MUTLS_NO_CRL)
TU_BUILT_OUT_PROGRAM()
#else

#define TIME_NOW 1800000000 /* 2027-01-15, as gen.py */
#define MAX_ITEMS 12

/* One bundle: certificates (end certificate first) and CRLs, and the DER they point into. */
typedef struct bundle {
    uint8_t *der[2 * MAX_ITEMS];
    size_t der_len[2 * MAX_ITEMS];
    size_t n_der;
    mutls_x509 certs[MAX_ITEMS];
    size_t n_certs;
    mutls_x509_crl crls[MAX_ITEMS];
    size_t n_crls;
    int load_rc; /* the first CRL that would not load */
    int cert_rc; /* the first certificate that would not parse: refused as in a handshake */
} bundle;

static void bundle_free(bundle *b)
{
    size_t i;

    for (i = 0; i < b->n_der; i++) {
        mutls_free_secret(b->der[i], b->der_len[i]);
    }
    memset(b, 0, sizeof(*b));
}

static void bundle_load(bundle *b, const char *rel)
{
    size_t len;
    size_t pos = 0;
    uint8_t *text = tu_read_vector(rel, &len);
    mutls_slice label;
    uint8_t *der;
    size_t der_len;
    int rc;

    memset(b, 0, sizeof(*b));
    while ((rc = mutls_pem_next(text, len, &pos, &label, &der, &der_len)) == 1) {
        assert_true(b->n_der < 2 * MAX_ITEMS);
        b->der[b->n_der] = der;
        b->der_len[b->n_der++] = der_len;
        if (label.len == 11 && memcmp(label.p, "CERTIFICATE", 11) == 0) {
            assert_true(b->n_certs < MAX_ITEMS);
            rc = mutls_x509_parse(&b->certs[b->n_certs], der, der_len);
            if (rc < 0 && b->cert_rc == 0) {
                b->cert_rc = rc;
            }
            b->n_certs += rc == 0;
        } else {
            assert_true(b->n_crls < MAX_ITEMS);
            rc = mutls_x509_crl_parse(&b->crls[b->n_crls], der, der_len);
            if (rc < 0 && b->load_rc == 0) {
                b->load_rc = rc;
            }
            b->n_crls += rc == 0;
        }
    }
    assert_int_equal(rc, 0);
    free(text);
}

static int64_t case_time(void *ctx)
{
    return *(const int64_t *)ctx;
}

/* The parameters every case runs under: a server's chain at TIME_NOW (*now), every
 * certificate checked against the bundle's CRLs. */
static void case_params(mutls_x509_verify_params *p, const bundle *b, int64_t *now)
{
    memset(p, 0, sizeof(*p));
    p->purpose = MUTLS_X509_PURPOSE_SERVER;
    p->time_fn = case_time;
    p->time_ctx = now;
    p->crls = b->crls;
    p->n_crls = b->n_crls;
    p->crl_check = MUTLS_CRL_CHECK_ALL;
}

/* The policy inputs of a SETTINGS field ("-", or comma-joined explicit, inhibit-mapping,
 * inhibit-any, pN for NIST-test-policy-N): 0, or -1 for a token not understood. */
typedef struct settings {
    uint8_t oid[4][10];
    mutls_slice set[4];
    size_t n;
    unsigned flags;
} settings;

static int settings_parse(const char *text, settings *st)
{
    /* 2.16.840.1.101.3.2.1.48.N, contents octets */
    static const uint8_t nist[9] = {0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x02, 0x01, 0x30};
    char buf[64];
    char *save = NULL;
    char *tok;

    memset(st, 0, sizeof(*st));
    if (strcmp(text, "-") == 0) {
        return 0;
    }
    snprintf(buf, sizeof(buf), "%s", text);
    for (tok = strtok_r(buf, ",", &save); tok != NULL; tok = strtok_r(NULL, ",", &save)) {
        if (strcmp(tok, "explicit") == 0) {
            st->flags |= MUTLS_POLICY_EXPLICIT;
        } else if (strcmp(tok, "inhibit-mapping") == 0) {
            st->flags |= MUTLS_POLICY_INHIBIT_MAPPING;
        } else if (strcmp(tok, "inhibit-any") == 0) {
            st->flags |= MUTLS_POLICY_INHIBIT_ANY;
        } else if (tok[0] == 'p' && tok[1] >= '1' && tok[1] <= '9' && tok[2] == 0 && st->n < 4) {
            memcpy(st->oid[st->n], nist, sizeof(nist));
            st->oid[st->n][9] = (uint8_t)(tok[1] - '0');
            st->set[st->n].p = st->oid[st->n];
            st->set[st->n].len = 10;
            st->n++;
        } else {
            return -1;
        }
    }
    return 0;
}

/* mutls's answer for the bundle under @p st, in the manifest's words. */
static void verdict(const bundle *b, const bundle *ta, const settings *st, char *out, size_t cap)
{
    mutls_x509_verify_params p;
    mutls_x509_verify_out res;
    int64_t now = TIME_NOW;
    int rc;

    if (b->load_rc != 0) {
        snprintf(out, cap, "load:%s", mutls_strerror(b->load_rc));
        return;
    }
    if (b->cert_rc != 0) {
        snprintf(out, cap, "%s", mutls_strerror(b->cert_rc));
        return;
    }
    case_params(&p, b, &now);
    memset(&res, 0, sizeof(res));
    p.policies = st->n > 0 ? st->set : NULL;
    p.n_policies = st->n;
    p.policy_flags = st->flags;
    rc = mutls_x509_verify_chain(b->certs, b->n_certs, ta->certs, ta->n_certs, &p, &res);
    snprintf(out, cap, "%s", rc == 0 ? "ok" : mutls_strerror(rc));
}

/* A -DMUTLS_X509_POLICY=OFF build runs the 158 lines of 4.1-4.7 and 4.13-4.16 only, each with
 * the same answer as the full build. */
#if defined(MUTLS_NO_POLICY)
#define LINES_SKIPPED 90
#else
#define LINES_SKIPPED 0
#endif

typedef struct tally {
    int cases, agree, differ, failures, valid, load_refused, policy, with_settings, no_policy;
    int skipped; /* lines a -DMUTLS_X509_POLICY=OFF build cannot run */
} tally;

static void run_line(const char *line, const bundle *ta, tally *t)
{
    char num[16], name[96], set[64], pkits[16], want[48], got[64], rel[64];
    int note_at = 0;
    settings st;
    bundle b;
    int differs;
    int noted;

    if (sscanf(line, "%15s %95s %63s %15s %47s %n", num, name, set, pkits, want, &note_at) != 5 ||
        note_at == 0 || (strcmp(pkits, "valid") != 0 && strcmp(pkits, "invalid") != 0) ||
        settings_parse(set, &st) != 0) {
        fail_msg("manifest line not understood: %s", line);
    }
#if defined(MUTLS_NO_POLICY)
    /* Sections 4.8-4.12 (certificate policies), and any line under other policy inputs. */
    if (strcmp(set, "-") != 0 || strncmp(num, "4.8.", 4) == 0 || strncmp(num, "4.9.", 4) == 0 ||
        strncmp(num, "4.10.", 5) == 0 || strncmp(num, "4.11.", 5) == 0 ||
        strncmp(num, "4.12.", 5) == 0) {
        t->skipped++;
        return;
    }
#endif
    snprintf(rel, sizeof(rel), "x509/pkits/cases/%s.pem", num);
    bundle_load(&b, rel);
    assert_true(b.n_certs >= 1 || b.cert_rc != 0);
    verdict(&b, ta, &st, got, sizeof(got));
    bundle_free(&b);
    t->cases++;
    t->with_settings += strcmp(set, "-") != 0;
    t->no_policy += strcmp(got, "no_acceptable_policy") == 0;
    t->valid += strcmp(pkits, "valid") == 0;
    t->load_refused += strncmp(got, "load:", 5) == 0;
    if (strcmp(got, want) != 0) {
        print_error("PKITS %s %s (%s): manifest says mutls answers %s, it answers %s\n", num, name,
                    set, want, got);
        t->failures++;
    }
    differs = (strcmp(got, "ok") == 0) != (strcmp(pkits, "valid") == 0);
    t->differ += differs;
    t->agree += !differs;
    /* The note names the rule wherever the two part, and only there. */
    noted = strncmp(line + note_at, "KNOWN DIFFERENCE: ", 18) == 0;
    if (differs != noted) {
        print_error("PKITS %s %s: PKITS says %s, mutls %s, %s\n", num, name, pkits, got,
                    noted ? "but the note calls it a known difference" : "and no note says why");
        t->failures++;
    }
    t->policy += noted && strncmp(line + note_at + 18, "POLICY", 6) == 0;
}

static void test_x509_pkits_every_case_exact(void **state)
{
    size_t len;
    char *text = (char *)tu_read_vector("x509/pkits/manifest.txt", &len);
    char *save = NULL;
    char *line;
    bundle ta;
    tally t;

    (void)state;
    memset(&t, 0, sizeof(t));
    bundle_load(&ta, "x509/pkits/ta.pem");
    assert_int_equal(ta.n_certs, 1);
    for (line = strtok_r(text, "\n", &save); line != NULL; line = strtok_r(NULL, "\n", &save)) {
        if (line[0] != '#' && line[0] != 0) {
            run_line(line, &ta, &t);
        }
    }
    bundle_free(&ta);
    free(text);
    assert_int_equal(t.failures, 0);
    /* The scope of the audit: 4.1-4.16 without DSA, 248 lines in all: 158 for 4.1-4.7 and
     * 4.13-4.16, 90 for the policy sections 4.8-4.12 (63 tests, 37 lines under settings other
     * than the defaults, every one agreeing). 15 part from PKITS: two by policy, 13 CRL forms
     * refused by design. */
    assert_int_equal(t.skipped, LINES_SKIPPED);
    assert_int_equal(t.cases, 248 - LINES_SKIPPED);
    assert_int_equal(t.differ, 15);
    assert_int_equal(t.agree, 233 - LINES_SKIPPED);
    assert_int_equal(t.with_settings, LINES_SKIPPED > 0 ? 0 : 37);
    assert_int_equal(t.no_policy, LINES_SKIPPED > 0 ? 0 : 42);
    assert_int_equal(t.policy, 2);
    assert_true(t.valid >= 60);
    assert_true(t.load_refused >= 30);
}

/* The plainest path, step by step: without the anchor's CRL the CA is not covered, without
 * the CA's CRL the end certificate is not, and with both the path is valid. */
static void test_x509_pkits_good_path_needs_every_crl(void **state)
{
    bundle b, ta;
    mutls_x509_verify_params p;
    mutls_x509_verify_out res;
    int64_t now = TIME_NOW;
    size_t n_crls;

    (void)state;
    bundle_load(&ta, "x509/pkits/ta.pem");
    bundle_load(&b, "x509/pkits/cases/4.1.1.pem");
    assert_int_equal(b.n_certs, 2);
    assert_int_equal(b.n_crls, 2); /* GoodCA's CRL, then the anchor's */
    n_crls = b.n_crls;
    case_params(&p, &b, &now);
    p.n_crls = 1;
    assert_int_equal(mutls_x509_verify_chain(b.certs, b.n_certs, ta.certs, 1, &p, &res),
                     MUTLS_ERR_X509_CRL_MISSING);
    assert_int_equal(res.depth, 1);
    p.crls = &b.crls[1];
    assert_int_equal(mutls_x509_verify_chain(b.certs, b.n_certs, ta.certs, 1, &p, &res),
                     MUTLS_ERR_X509_CRL_MISSING);
    assert_int_equal(res.depth, 0);
    p.crls = b.crls;
    p.n_crls = n_crls;
    assert_int_equal(mutls_x509_verify_chain(b.certs, b.n_certs, ta.certs, 1, &p, &res), 0);
    assert_int_equal(res.path_len, 3);
    bundle_free(&b);
    bundle_free(&ta);
}

/* The verification of cases/<@p num>.pem under the default parameters; @p certs / @p crls:
 * how many of each the bundle must hold. */
static int verify_case(const char *num, size_t certs, size_t crls, mutls_x509_verify_out *res)
{
    bundle b, ta;
    mutls_x509_verify_params p;
    int64_t now = TIME_NOW;
    char rel[64];
    int rc;

    snprintf(rel, sizeof(rel), "x509/pkits/cases/%s.pem", num);
    bundle_load(&ta, "x509/pkits/ta.pem");
    bundle_load(&b, rel);
    assert_int_equal(b.n_certs, certs);
    assert_int_equal(b.n_crls, crls);
    case_params(&p, &b, &now);
    memset(res, 0, sizeof(*res));
    rc = mutls_x509_verify_chain(b.certs, b.n_certs, ta.certs, 1, &p, res);
    bundle_free(&b);
    bundle_free(&ta);
    return rc;
}

/* 4.4.2: the revoked certificate is the intermediate, and the answer says so. */
static void test_x509_pkits_revoked_ca_depth_one(void **state)
{
    mutls_x509_verify_out res;

    (void)state;
    assert_int_equal(verify_case("4.4.2", 3, 3, &res), MUTLS_ERR_X509_REVOKED);
    assert_int_equal(res.depth, 1);
    assert_int_equal(res.revoke_reason, MUTLS_CRL_REASON_KEY_COMPROMISE);
}

/* 4.4.19 with look-alikes of its CRL signer (same name, same subjectKeyIdentifier, a
 * signature that does not verify) given before the real one: x509_verify.c tries at most
 * SIGNER_TRIES (2) candidates, so the work a peer's chain can cause stays bounded. With one
 * look-alike the real signer is the second tried and the path is valid; with two it is never
 * tried and the end certificate's CRL has no signer. */
static void test_x509_pkits_crl_signer_tries_bounded(void **state)
{
    bundle b, ta;
    mutls_x509_verify_params p;
    mutls_x509_verify_out res;
    int64_t now = TIME_NOW;
    mutls_x509 certs[MAX_ITEMS];
    uint8_t *fake_der[2];
    size_t signer = 0, i, k, n;

    (void)state;
    bundle_load(&ta, "x509/pkits/ta.pem");
    bundle_load(&b, "x509/pkits/cases/4.4.19.pem");
    assert_int_equal(b.n_certs, 3);
    for (i = 1; i < b.n_certs; i++) {
        if ((b.certs[i].key_usage & MUTLS_X509_KU_KEY_CERT_SIGN) == 0) {
            signer = i;
        }
    }
    assert_true(signer > 0);
    assert_true((b.certs[signer].key_usage & MUTLS_X509_KU_CRL_SIGN) != 0);
    /* The look-alikes: the signer's own DER with one signature byte changed. */
    for (k = 0; k < 2; k++) {
        const mutls_slice der = b.certs[signer].der;

        fake_der[k] = malloc(der.len);
        assert_non_null(fake_der[k]);
        memcpy(fake_der[k], der.p, der.len);
        fake_der[k][der.len - 1 - k] ^= 0x01; /* the signature ends the certificate */
    }
    case_params(&p, &b, &now);
    for (k = 0; k <= 2; k++) {
        /* EE and the CA, then k look-alikes, then the real signer */
        n = 0;
        for (i = 0; i < b.n_certs; i++) {
            if (i != signer) {
                certs[n++] = b.certs[i];
            }
        }
        for (i = 0; i < k; i++) {
            assert_int_equal(mutls_x509_parse(&certs[n], fake_der[i], b.certs[signer].der.len),
                             0);
            assert_true(mutls_slice_eq(certs[n].ski, b.certs[signer].ski));
            n++;
        }
        certs[n++] = b.certs[signer];
        assert_int_equal(mutls_x509_verify_chain(certs, n, ta.certs, 1, &p, &res),
                         k < 2 ? 0 : MUTLS_ERR_X509_CRL_MISSING);
        if (k == 2) {
            assert_int_equal(res.depth, 0);
        }
    }
    free(fake_der[0]);
    free(fake_der[1]);
    bundle_free(&b);
    bundle_free(&ta);
}

/* 4.6.17 nests the CRL signer search: the signer of the lower CA's CRL has a path that needs
 * a CRL signer of its own. cases/deeper-4.6.17.pem (gen.py; not a PKITS test) rolls over
 * three CAs, so its search would nest three levels: x509_verify.c stops at SIGNER_DEPTH (2),
 * which bounds the work a peer's chain can cause, and the end certificate's CRL has no
 * signer. Every certificate above it is covered. */
static void test_x509_pkits_crl_signer_depth_bounded(void **state)
{
    mutls_x509_verify_out res;

    (void)state;
    assert_int_equal(verify_case("deeper-4.6.17", 7, 4, &res), MUTLS_ERR_X509_CRL_MISSING);
    assert_int_equal(res.depth, 0);
    assert_int_equal(verify_case("4.6.17", 5, 3, &res), 0);
}

/* 4.9.3: requireExplicitPolicy 4 in the first CA runs out after the leaf, which asserts no
 * policy; the refusal is at the leaf and names the CA that required a policy. 4.9.4 (every
 * certificate asserts policy 1 under requireExplicitPolicy 0) is valid. */
static void test_x509_pkits_explicit_policy_names_constraint(void **state)
{
    bundle b, ta;
    mutls_x509_verify_params p;
    mutls_x509_verify_out res;
    int64_t now = TIME_NOW;
    char text[512];

    (void)state;
    TU_SKIP_WITHOUT_POLICY();
    bundle_load(&ta, "x509/pkits/ta.pem");
    bundle_load(&b, "x509/pkits/cases/4.9.3.pem");
    memset(&p, 0, sizeof(p));
    p.purpose = MUTLS_X509_PURPOSE_SERVER;
    p.time_fn = case_time;
    p.time_ctx = &now;
    assert_int_equal(mutls_x509_verify_chain(b.certs, b.n_certs, ta.certs, 1, &p, &res),
                     MUTLS_ERR_X509_NO_POLICY);
    assert_int_equal(res.depth, 0);
    assert_int_equal(res.policy_by, 4);
    (void)mutls_x509_explain(&res, text, sizeof(text));
    assert_non_null(strstr(text, "required by policyConstraints of the certificate at depth 4 "
                                 "(CN=requireExplicitPolicy4 CA"));
    bundle_free(&b);
    bundle_load(&b, "x509/pkits/cases/4.9.4.pem");
    assert_int_equal(mutls_x509_verify_chain(b.certs, b.n_certs, ta.certs, 1, &p, &res), 0);
    assert_int_equal(res.path_len, 6);
    bundle_free(&b);
    bundle_free(&ta);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_x509_pkits_every_case_exact),
        cmocka_unit_test(test_x509_pkits_good_path_needs_every_crl),
        cmocka_unit_test(test_x509_pkits_revoked_ca_depth_one),
        cmocka_unit_test(test_x509_pkits_crl_signer_tries_bounded),
        cmocka_unit_test(test_x509_pkits_crl_signer_depth_bounded),
        cmocka_unit_test(test_x509_pkits_explicit_policy_names_constraint),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

#endif
