/* SPDX-License-Identifier: MIT */
/*
 * test_x509_policy_off.c - the library built with -DMUTLS_X509_POLICY=OFF (MUTLS_NO_POLICY,
 * x509_policy_tree.c): without the tree only explicit_policy is counted (RFC 5280 §6.1.4(h)
 * (i), §6.1.5(a)(b)); a path on which it reaches 0 is refused with MUTLS_ERR_X509_NO_POLICY
 * and a sentence that names the build, every other path is valid; the policy inputs are not
 * built. In a build with the tree this program only skips: test_x509_policy_tree.c tests
 * the tree there.
 */
#include "testutil.h"

#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "error.h"
#include "policy_fake.h"
#include "x509.h"

/* Without the tree only explicit_policy is counted: a path where it reaches 0 is refused
 * (whether a policy is left cannot be known), any other path is valid whatever its policies
 * and mappings. In a build with the tree this skips: the rules above are checked there. */
static void test_policy_off_refuses_required_explicit(void **state)
{
#if !defined(MUTLS_NO_POLICY)
    (void)state;
    skip();
#else
    pf_path pt;
    pf_inputs in;
    mutls_x509_policy_result res;

    (void)state;
    pf_path_init(&pt, 4); /* TA > C3 > C2 > C1 > EE */
    pf_fake_policy(&pt.f[2], P1);
    pf_fake_policy(&pt.f[1], P2); /* a tree would be empty here: nothing required, valid */
    assert_int_equal(pf_path_check(&pt, pf_inputs_make(&in, 0, -1, -1), &res), 0);
    assert_int_equal(res.by, -1);
    /* C3 requires an explicit policy after 2 more certificates: refused at the leaf. */
    pt.f[3].x.require_explicit = 2;
    assert_int_equal(pf_path_check(&pt, pf_inputs_make(&in, 0, -1, -1), &res),
                     MUTLS_ERR_X509_NO_POLICY);
    assert_int_equal(res.depth, 0);
    assert_int_equal(res.by, 3);
    /* ... after 3: it runs out after the leaf, which §6.1.5(a) still counts; after 4 it
     * never runs out on this path: valid. */
    pt.f[3].x.require_explicit = 3;
    assert_int_equal(pf_path_check(&pt, pf_inputs_make(&in, 0, -1, -1), &res),
                     MUTLS_ERR_X509_NO_POLICY);
    assert_int_equal(res.depth, 0);
    pt.f[3].x.require_explicit = 4;
    assert_int_equal(pf_path_check(&pt, pf_inputs_make(&in, 0, -1, -1), &res), 0);
    /* Required from C2 itself on (0): refused at C1, the first certificate it binds. */
    pt.f[2].x.require_explicit = 0;
    assert_int_equal(pf_path_check(&pt, pf_inputs_make(&in, 0, -1, -1), &res),
                     MUTLS_ERR_X509_NO_POLICY);
    assert_int_equal(res.depth, 1);
    assert_int_equal(res.by, 2);
    pt.f[2].x.require_explicit = -1;
    /* The leaf's own requireExplicitPolicy 0 (§6.1.5(b)). */
    pt.f[0].x.require_explicit = 0;
    assert_int_equal(pf_path_check(&pt, pf_inputs_make(&in, 0, -1, -1), &res),
                     MUTLS_ERR_X509_NO_POLICY);
    assert_int_equal(res.depth, 0);
    assert_int_equal(res.by, 0);
    pf_path_free(&pt);
#endif
}

static void test_policy_off_inputs_not_built(void **state)
{
#if !defined(MUTLS_NO_POLICY)
    (void)state;
    skip();
#else
    static const char *const piv[] = {"2.16.840.1.101.3.2.1.48.1"};
    mutls_config *cfg = NULL;
    mutls_x509_verify_out out;
    pf_fake leaf, ca;
    char buf[512];

    (void)state;
    assert_int_equal(mutls_config_new(&cfg, MUTLS_ROLE_SERVER), 0);
    assert_int_equal(mutls_config_set_policies(cfg, piv, 1, 0), MUTLS_ERR_NOT_BUILT);
    assert_int_equal(mutls_config_set_policies(cfg, NULL, 0, MUTLS_POLICY_EXPLICIT),
                     MUTLS_ERR_NOT_BUILT);
    assert_int_equal(mutls_config_set_policies(cfg, NULL, 0, 0), 0); /* the defaults */
    mutls_config_free(cfg);
    pf_no_policy_at_leaf(&out, &leaf, &ca);
    (void)mutls_x509_explain(&out, buf, sizeof(buf));
    assert_string_equal(buf, "certificate at depth 0 (CN=client) is on a path that requires an "
                             "explicit certificate policy, by policyConstraints of the "
                             "certificate at depth 1 (CN=Issuing CA), and this build of mutls "
                             "leaves certificate policy processing out "
                             "(-DMUTLS_X509_POLICY=OFF)");
    pf_fake_free(&leaf);
    pf_fake_free(&ca);
#endif
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_policy_off_refuses_required_explicit),
        cmocka_unit_test(test_policy_off_inputs_not_built),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
