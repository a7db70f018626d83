/* SPDX-License-Identifier: MIT */
/*
 * test_x509_anvil.c - the X509-Anvil audit (vectors/x509/anvil, made by gen.py): Anvil's
 * default root -> intermediate -> leaf chain with one field of the leaf or the intermediate
 * changed per case. Every case must give its exact reason and depth; and mutls's verdict must
 * be the one Anvil asserts, except for the cases marked POLICY, where the manifest says why
 * mutls keeps its own (and those must really disagree, so the list stays honest).
 */
#include "testutil.h"

#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "certs.h"
#include "error.h"
#include "x509.h"

typedef struct anvil_stats {
    int cases;
    int failures;
    int fixed;  /* cases this audit changed mutls for */
    int policy; /* cases where mutls keeps a verdict Anvil does not share */
    int leaf;   /* cases about depth 0 / depth 1 refusals */
    int inter;
} anvil_stats;

/* Load one PEM file into @p set; the parse code when it does not load. */
static int add(mutls_certs *set, const char *rel)
{
    char path[512];

    snprintf(path, sizeof(path), "x509/%s", rel);
    return mutls_certs_add_file(set, tu_vector_path(path));
}

static void run_case(const tu_record *rec, void *ctx)
{
    anvil_stats *st = ctx;
    const char *name = tu_field(rec, "name");
    const char *leaf = tu_field(rec, "leaf");
    const char *untrusted = tu_field(rec, "untrusted");
    const char *roots = tu_field(rec, "roots");
    const char *expect = tu_field(rec, "expect");
    const char *says = tu_field(rec, "anvil_says");
    const char *time_s = tu_field(rec, "time");
    const char *depth_s = tu_field(rec, "depth");
    const char *note = tu_field(rec, "note");
    char detail[512] = "";
    mutls_certs *chain = NULL;
    mutls_certs *anchors = NULL;
    int want_depth = depth_s != NULL ? atoi(depth_s) : -1;
    int depth = -1;
    int policy = note != NULL && strncmp(note, "POLICY", 6) == 0;
    int rc;

    if (name == NULL || leaf == NULL || untrusted == NULL || roots == NULL || expect == NULL ||
        says == NULL || time_s == NULL || tu_field(rec, "anvil") == NULL ||
        tu_field(rec, "rfc") == NULL) {
        fail_msg("anvil manifest record at line %d is incomplete", rec->line);
    }
    st->cases++;
    assert_int_equal(mutls_certs_new(&chain), 0);
    assert_int_equal(mutls_certs_new(&anchors), 0);
    assert_int_equal(add(anchors, roots), 0);
    /* A certificate that does not parse is refused at its own depth, as in a handshake. */
    if ((rc = add(chain, leaf)) < 0) {
        depth = 0;
    } else if ((rc = add(chain, untrusted)) < 0) {
        depth = 1;
    } else {
        rc = mutls_verify_certs(chain, anchors, MUTLS_PURPOSE_SERVER, NULL, NULL,
                                (int64_t)strtoll(time_s, NULL, 10), &depth, detail, sizeof(detail));
    }
    if (strcmp(expect, rc == 0 ? "ok" : mutls_strerror(rc)) != 0 ||
        (rc != 0 && depth != want_depth)) {
        print_error("case %s: want %s at depth %d, got %s at depth %d (%s)\n", name, expect,
                    want_depth, rc == 0 ? "ok" : mutls_strerror(rc), depth, detail);
        st->failures++;
    }
    /* Agreement with Anvil, or a disagreement the manifest owns up to. */
    if ((rc == 0) != (strcmp(says, "valid") == 0) && !policy) {
        print_error("case %s: Anvil says %s, mutls says %s, and no POLICY note\n", name, says,
                    rc == 0 ? "ok" : mutls_strerror(rc));
        st->failures++;
    }
    if (policy && (rc == 0) == (strcmp(says, "valid") == 0)) {
        print_error("case %s: marked POLICY but agrees with Anvil\n", name);
        st->failures++;
    }
    st->policy += policy;
    st->fixed += note != NULL && strncmp(note, "FIXED", 5) == 0;
    st->leaf += rc != 0 && depth == 0;
    st->inter += rc != 0 && depth == 1;
    mutls_certs_free(chain);
    mutls_certs_free(anchors);
}

static void test_x509_anvil_every_case_exact(void **state)
{
    anvil_stats st;
    int n;

    (void)state;
    memset(&st, 0, sizeof(st));
    n = tu_for_each_record("x509/anvil/manifest.txt", run_case, &st);
    assert_true(n >= 70);
    assert_int_equal(st.cases, n);
    assert_int_equal(st.failures, 0);
    /* Both positions Anvil modifies are exercised, and the audit's fixes are all there. */
    assert_true(st.leaf >= 20);
    assert_true(st.inter >= 15);
    assert_true(st.fixed >= 15);
    assert_true(st.policy >= 5);
}

/* The unchanged Anvil chain verifies, and each certificate alone is refused the way a chain
 * missing a link is: the anchor's issuer name is what the intermediate points at. */
static void test_x509_anvil_baseline_chain_ok(void **state)
{
    mutls_certs *chain = NULL;
    mutls_certs *anchors = NULL;
    int depth = -1;

    (void)state;
    assert_int_equal(mutls_certs_new(&chain), 0);
    assert_int_equal(mutls_certs_new(&anchors), 0);
    assert_int_equal(add(anchors, "anvil/root.pem"), 0);
    assert_int_equal(add(chain, "anvil/baseline_ok_leaf.pem"), 0);
    assert_int_equal(mutls_verify_certs(chain, anchors, MUTLS_PURPOSE_CLIENT, NULL, NULL,
                                        1800000000, &depth, NULL, 0),
                     MUTLS_ERR_X509_UNKNOWN_ISSUER);
    assert_int_equal(depth, 0);
    assert_int_equal(add(chain, "anvil/baseline_ok_inter.pem"), 0);
    assert_int_equal(mutls_verify_certs(chain, anchors, MUTLS_PURPOSE_CLIENT, NULL, NULL,
                                        1800000000, &depth, NULL, 0),
                     0);
    mutls_certs_free(chain);
    mutls_certs_free(anchors);
}

/* The subjectAltName syntax rules at their edges (RFC 5280 §4.2.1.6, RFC 1034 §3.5, RFC
 * 3986 §3): 1 when the entry is accepted. */
static void test_x509_anvil_san_entry_syntax_table(void **state)
{
    static const struct {
        int type;
        const char *value;
        int ok;
    } rows[] = {
        {MUTLS_X509_GN_DNS, "tls-attacker.com", 1},
        {MUTLS_X509_GN_DNS, "tls-attacker.com.", 1},
        {MUTLS_X509_GN_DNS, "*.tls-attacker.com", 1},
        {MUTLS_X509_GN_DNS, "localhost", 1},
        {MUTLS_X509_GN_DNS, "", 0},
        {MUTLS_X509_GN_DNS, " ", 0},
        {MUTLS_X509_GN_DNS, ".", 0},
        {MUTLS_X509_GN_DNS, ".tls-attacker.com", 0},
        {MUTLS_X509_GN_DNS, "a..b", 0},
        {MUTLS_X509_GN_DNS, "mail@test.com", 0},
        {MUTLS_X509_GN_DNS, "test;com", 0},
        {MUTLS_X509_GN_DNS, "a b.com", 0},
        {MUTLS_X509_GN_URI, "https://tls-attacker.com", 1},
        {MUTLS_X509_GN_URI, "https://user@tls-attacker.com:443/p?q#f", 1},
        {MUTLS_X509_GN_URI, "https://[2001:db8::1]:8443/", 1},
        {MUTLS_X509_GN_URI, "https://192.0.2.1/", 1},
        {MUTLS_X509_GN_URI, "urn:example:a%20b", 1},
        {MUTLS_X509_GN_URI, "mailto:user@example.com", 1},
        {MUTLS_X509_GN_URI, "file", 0},
        {MUTLS_X509_GN_URI, "https:", 0},
        {MUTLS_X509_GN_URI, "https://", 0},
        {MUTLS_X509_GN_URI, "https://:443/", 0},
        {MUTLS_X509_GN_URI, "https://user@/", 0},
        {MUTLS_X509_GN_URI, "https://tls-attacker.com;file", 0},
        {MUTLS_X509_GN_URI, "https://[2001:db8::1/", 0},
        {MUTLS_X509_GN_URI, "1https://a.com", 0},
        {MUTLS_X509_GN_URI, "urn:a%2", 0},
        {MUTLS_X509_GN_URI, "urn:a%zz", 0},
        {MUTLS_X509_GN_URI, "urn:a b", 0},
        {MUTLS_X509_GN_URI, "urn:a\"b", 0},
        {MUTLS_X509_GN_EMAIL, "not checked here", 1},
    };
    char label[80];
    char name[300];
    size_t i;

    (void)state;
    for (i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
        mutls_x509_gn gn;

        gn.type = rows[i].type;
        gn.value.p = (const uint8_t *)rows[i].value;
        gn.value.len = strlen(rows[i].value);
        if ((mutls_x509_check_san_entry(&gn) == 0) != rows[i].ok) {
            fail_msg("SAN entry type %d \"%s\": want %s", rows[i].type, rows[i].value,
                     rows[i].ok ? "ok" : "malformed");
        }
    }
    /* Label and name lengths: 63 and 253 bytes (254 with the root's dot), no more. */
    memset(label, 'a', 63);
    label[63] = 0;
    memset(name, 'a', 253);
    name[63] = name[127] = name[191] = '.';
    name[253] = 0;
    {
        mutls_x509_gn gn = {MUTLS_X509_GN_DNS, {(const uint8_t *)name, strlen(name)}};

        assert_int_equal(strlen(name), 253);
        assert_int_equal(mutls_x509_check_san_entry(&gn), 0);
        strcat(name, ".");
        gn.value.len = strlen(name);
        assert_int_equal(mutls_x509_check_san_entry(&gn), 0);
        name[253] = 'b';
        assert_int_equal(mutls_x509_check_san_entry(&gn), MUTLS_ERR_X509_MALFORMED);
        label[63] = 'a';
        label[64] = 0;
        gn.value.p = (const uint8_t *)label;
        gn.value.len = 64;
        assert_int_equal(mutls_x509_check_san_entry(&gn), MUTLS_ERR_X509_MALFORMED);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_x509_anvil_every_case_exact),
        cmocka_unit_test(test_x509_anvil_baseline_chain_ok),
        cmocka_unit_test(test_x509_anvil_san_entry_syntax_table),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
