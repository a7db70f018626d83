/* SPDX-License-Identifier: MIT */
/*
 * test_x509_policy.c - the certificate policy extensions (x509_policy.c, RFC 5280 §4.2.1.4,
 * .5, .11, .14) on certificates built here: critical ones are recognised, not unknown (a path
 * with them is valid under RFC 5280's default inputs, §6.1.5(g): NIST PKITS 4.10-4.12), and
 * the rules that hold whatever the policy tree are enforced: anyPolicy is never mapped
 * (§6.1.4(a)), a policy appears once, the lists are never empty, SkipCerts is a non-negative
 * INTEGER. The policy tree itself: test_x509_policy_tree.c; the verdicts of whole paths are
 * in test_x509_pkits.c and test_x509_anvil.c.
 */
#include "testutil.h"

#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "crl_build.h"
#include "x509.h"

#define OID_CERT_POLICIES "55 1d 20"
#define OID_POLICY_MAPPINGS "55 1d 21"
#define OID_POLICY_CONSTRAINTS "55 1d 24"
#define OID_INHIBIT_ANY "55 1d 36"
/* policy 1.2.3.4 and 1.2.3.5, anyPolicy, the CPS qualifier 1.3.6.1.5.5.7.2.1 */
#define P1 "06 03 2a 03 04"
#define P2 "06 03 2a 03 05"
#define ANY "06 04 55 1d 20 00"
#define CPS "30 0d 06 08 2b 06 01 05 05 07 02 01 16 01 78"

/* A v3 certificate (unsigned: parsing only) with the one extension @p oid; its parse result,
 * the certificate in *x (valid while @p d lives). */
static int parse_with(tu_der *d, mutls_x509 *x, const char *oid, int critical, const char *value)
{
    d->len = 0;
    d->depth = 0;
    tu_der_begin(d, 0x30);
    tu_der_begin(d, 0x30);
    tu_der_hex(d, "a0 03 02 01 02 02 01 01");
    tu_der_hex(d, ALG_SHA256_RSA);
    tu_der_hex(d, NAME_TEST);
    tu_der_hex(d, "30 1e 17 0d 32 35 30 31 30 31 30 30 30 30 30 30 5a"
                  "17 0d 33 35 30 31 30 31 30 30 30 30 30 30 5a");
    tu_der_hex(d, NAME_TEST);
    tu_der_hex(d, "30 0d 30 07 06 03 2a 03 04 05 00 03 02 00 00");
    tu_der_begin(d, 0xa3);
    tu_der_begin(d, 0x30);
    tu_crl_ext(d, oid, critical, value);
    tu_der_end(d);
    tu_der_end(d);
    tu_der_end(d);
    tu_der_hex(d, ALG_SHA256_RSA);
    tu_der_hex(d, "03 03 00 aa bb");
    tu_der_end(d);
    return mutls_x509_parse(x, d->b, d->len);
}

static void test_policy_critical_extensions_recognised(void **state)
{
    static const struct {
        const char *oid;
        const char *value;
    } ok[] = {
        {OID_CERT_POLICIES, "30 07 30 05 " P1},
        {OID_CERT_POLICIES, "30 18 30 16 " P1 " 30 0f " CPS},
        {OID_CERT_POLICIES, "30 0e 30 05 " P1 " 30 05 " P2},
        {OID_CERT_POLICIES, "30 08 30 06 " ANY},
        {OID_POLICY_MAPPINGS, "30 0c 30 0a " P1 " " P2},
        {OID_INHIBIT_ANY, "02 01 00"},
        {OID_INHIBIT_ANY, "02 01 05"},
    };
    tu_der d;
    mutls_x509 x;

    (void)state;
    for (size_t i = 0; i < sizeof(ok) / sizeof(ok[0]); i++) {
        int rc = parse_with(&d, &x, ok[i].oid, 1, ok[i].value);

        if (rc != 0) {
            fail_msg("case %zu: %s", i, mutls_strerror(rc));
        }
        /* Recognised: verification does not refuse the certificate for it. */
        assert_int_equal(x.flags & MUTLS_X509_UNKNOWN_CRITICAL, 0);
        assert_int_equal(x.require_explicit, -1);
    }
}

static void test_policy_rules_refused(void **state)
{
    static const struct {
        const char *oid;
        const char *value;
    } bad[] = {
        {OID_CERT_POLICIES, "30 00"},                             /* SIZE (1..MAX) */
        {OID_CERT_POLICIES, "30 0e 30 05 " P1 " 30 05 " P1},      /* §4.2.1.4: once */
        {OID_CERT_POLICIES, "30 09 30 07 " P1 " 30 00"},          /* empty qualifiers */
        {OID_CERT_POLICIES, "30 07 30 05 02 03 2a 03 04"},        /* not an OID */
        {OID_CERT_POLICIES, "30 08 30 05 " P1 " 00"},             /* trailing byte */
        {OID_POLICY_MAPPINGS, "30 00"},                           /* SIZE (1..MAX) */
        {OID_POLICY_MAPPINGS, "30 0d 30 0b " ANY " " P2},         /* §6.1.4(a) */
        {OID_POLICY_MAPPINGS, "30 0d 30 0b " P1 " " ANY},         /* §6.1.4(a) */
        {OID_POLICY_MAPPINGS, "30 07 30 05 " P1},                 /* half a pair */
        {OID_INHIBIT_ANY, "02 01 ff"},                            /* negative SkipCerts */
        {OID_INHIBIT_ANY, "02 02 00 05"},                         /* not minimal */
        {OID_INHIBIT_ANY, "04 01 00"},                            /* not an INTEGER */
        {OID_POLICY_CONSTRAINTS, "30 00"},                        /* never empty */
    };
    tu_der d;
    mutls_x509 x;

    (void)state;
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        for (int critical = 0; critical < 2; critical++) {
            int rc = parse_with(&d, &x, bad[i].oid, critical, bad[i].value);

            if (rc != MUTLS_ERR_X509_MALFORMED) {
                fail_msg("case %zu (critical %d): %s", i, critical, mutls_strerror(rc));
            }
        }
    }
}

static void test_policy_constraints_kept(void **state)
{
    tu_der d;
    mutls_x509 x;

    (void)state;
    assert_int_equal(parse_with(&d, &x, OID_POLICY_CONSTRAINTS, 1, "30 03 80 01 02"), 0);
    assert_int_equal(x.require_explicit, 2);
    assert_int_equal(x.flags & MUTLS_X509_PC_NOT_CRITICAL, 0);
    assert_int_equal(parse_with(&d, &x, OID_POLICY_CONSTRAINTS, 0, "30 03 81 01 00"), 0);
    assert_int_equal(x.require_explicit, -1); /* inhibitPolicyMapping only */
    assert_true((x.flags & MUTLS_X509_HAS_INHIBIT_MAPPING) != 0);
    assert_int_equal(x.inhibit_mapping, 0);
    assert_true((x.flags & MUTLS_X509_PC_NOT_CRITICAL) != 0);
    /* An unknown critical extension is still one. */
    assert_int_equal(parse_with(&d, &x, "2a 03 04", 1, "05 00"), 0);
    assert_true((x.flags & MUTLS_X509_UNKNOWN_CRITICAL) != 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_policy_critical_extensions_recognised),
        cmocka_unit_test(test_policy_rules_refused),
        cmocka_unit_test(test_policy_constraints_kept),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
