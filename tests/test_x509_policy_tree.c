/* SPDX-License-Identifier: MIT */
/*
 * test_x509_policy_tree.c - certificate policies (RFC 5280 §4.2.1.4/.5/.11/.14 parsing in
 * x509_policy.c, §6.1 processing in x509_policy_tree.c). The tree is driven directly over
 * paths of hand-made certificates (names, policies and mappings only, no keys), so each case
 * is one rule: explicit policy from a CA or the inputs, the intersection with the user's
 * policies, mappings and their inhibition, anyPolicy and its inhibition with the self-issued
 * rule; then the bound (a pathological path whose work stays linear, one that goes over and is
 * refused), allocation failures, the dotted-OID inputs, the parser's refusals and their
 * words, and the explanation sentence. Whole certificates and paths: test_x509_pkits.c.
 */
#include "testutil.h"

#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "der.h"
#include "error.h"
#include "failalloc.h"
#include "policy_fake.h"
#include "x509.h"

/* ------------------------------------------------------------ the rules */

static void test_policy_no_extensions_default_valid(void **state)
{
    pf_path pt;
    pf_inputs in;
    mutls_x509_policy_result res;

    (void)state;
    TU_SKIP_WITHOUT_POLICY();
    pf_path_init(&pt, 3);
    assert_int_equal(pf_path_check(&pt, pf_inputs_make(&in, 0, -1, -1), &res), 0);
    /* initial-explicit-policy with no certificatePolicies anywhere: the tree is NULL at the
     * first certificate below the anchor (§6.1.3(e)(f)). */
    assert_int_equal(pf_path_check(&pt, pf_inputs_make(&in, MUTLS_POLICY_EXPLICIT, -1, -1), &res),
                     MUTLS_ERR_X509_NO_POLICY);
    assert_int_equal(res.depth, 2);
    assert_int_equal(res.by, -1);
    pf_path_free(&pt);
}

/* PKITS 4.9.4's shape: requireExplicitPolicy 0 in the CA, every certificate asserts P1. */
static void test_policy_require_explicit_common_policy_valid(void **state)
{
    pf_path pt;
    pf_inputs in;
    mutls_x509_policy_result res;

    (void)state;
    TU_SKIP_WITHOUT_POLICY();
    pf_path_init(&pt, 2);
    pf_fake_policy(&pt.f[1], P1);
    pf_fake_policy(&pt.f[0], P1);
    pt.f[1].x.require_explicit = 0;
    assert_int_equal(pf_path_check(&pt, pf_inputs_make(&in, 0, -1, -1), &res), 0);
    /* The leaf asserts another policy: refused at the leaf, required by the CA. */
    pf_fake_reset(&pt.f[0], "EE", "C1");
    pf_fake_policy(&pt.f[0], P2);
    assert_int_equal(pf_path_check(&pt, pf_inputs_make(&in, 0, -1, -1), &res),
                     MUTLS_ERR_X509_NO_POLICY);
    assert_int_equal(res.depth, 0);
    assert_int_equal(res.by, 1);
    pf_path_free(&pt);
}

/* requireExplicitPolicy R lets R more certificates (not self-issued) by without a policy. */
static void test_policy_require_explicit_counts_certificates(void **state)
{
    pf_path pt;
    pf_inputs in;
    mutls_x509_policy_result res;

    (void)state;
    TU_SKIP_WITHOUT_POLICY();
    pf_path_init(&pt, 4); /* TA > C3 > C2 > C1 > EE, C3 requires an explicit policy after 2 */
    pt.f[3].x.require_explicit = 2;
    pf_fake_policy(&pt.f[3], P1);
    pf_fake_policy(&pt.f[2], P1);
    /* C1 asserts none: the tree is NULL from C1 on; explicit_policy is 1 there, 0 at EE */
    assert_int_equal(pf_path_check(&pt, pf_inputs_make(&in, 0, -1, -1), &res),
                     MUTLS_ERR_X509_NO_POLICY);
    assert_int_equal(res.depth, 0);
    assert_int_equal(res.by, 3);
    /* A self-issued C2 does not count (§6.1.4(h)): the constraint now runs out only after
     * the leaf, which §6.1.5(a) still counts: refused at the leaf with R = 2... */
    pf_fake_reset(&pt.f[2], "C3", "C3");
    pf_fake_reset(&pt.f[3], "C3", "TA");
    pt.f[3].x.require_explicit = 2;
    pf_fake_policy(&pt.f[3], P1);
    pf_fake_policy(&pt.f[2], P1);
    pf_fake_reset(&pt.f[1], "C1", "C3");
    assert_int_equal(pf_path_check(&pt, pf_inputs_make(&in, 0, -1, -1), &res),
                     MUTLS_ERR_X509_NO_POLICY);
    /* ...and with R = 3 it never runs out. */
    pt.f[3].x.require_explicit = 3;
    assert_int_equal(pf_path_check(&pt, pf_inputs_make(&in, 0, -1, -1), &res), 0);
    pf_path_free(&pt);
}

static void test_policy_user_set_intersection(void **state)
{
    pf_path pt;
    pf_inputs in;
    mutls_x509_policy_result res;

    (void)state;
    TU_SKIP_WITHOUT_POLICY();
    pf_path_init(&pt, 2);
    pf_fake_policy(&pt.f[1], P1);
    pf_fake_policy(&pt.f[1], P2);
    pf_fake_policy(&pt.f[0], P1);
    assert_int_equal(pf_path_check(&pt, pf_inputs_make(&in, MUTLS_POLICY_EXPLICIT, P1, -1), &res), 0);
    assert_int_equal(pf_path_check(&pt, pf_inputs_make(&in, MUTLS_POLICY_EXPLICIT, P3, P1), &res), 0);
    assert_int_equal(pf_path_check(&pt, pf_inputs_make(&in, MUTLS_POLICY_EXPLICIT, P2, -1), &res),
                     MUTLS_ERR_X509_NO_POLICY);
    assert_int_equal(res.depth, 0);
    assert_int_equal(res.by, -1);
    /* Without an explicit policy required, the user's set does not refuse (§6.1.5(g)). */
    assert_int_equal(pf_path_check(&pt, pf_inputs_make(&in, 0, P2, -1), &res), 0);
    /* anyPolicy in the user's set accepts every policy. */
    assert_int_equal(pf_path_check(&pt, pf_inputs_make(&in, MUTLS_POLICY_EXPLICIT, P2, ANY), &res),
                     0);
    pf_path_free(&pt);
}

/* §6.1.4(b)(1): the leaf's policy is the CA's, seen through its mapping. */
static void test_policy_mapping_and_inhibit(void **state)
{
    pf_path pt;
    pf_inputs in;
    mutls_x509_policy_result res;

    (void)state;
    TU_SKIP_WITHOUT_POLICY();
    pf_path_init(&pt, 2);
    pf_fake_policy(&pt.f[1], P1);
    pf_fake_map(&pt.f[1], P1, P2);
    pf_fake_policy(&pt.f[0], P2);
    assert_int_equal(pf_path_check(&pt, pf_inputs_make(&in, MUTLS_POLICY_EXPLICIT, P1, -1), &res), 0);
    /* The user's policies are in the anchor's domain: P2 is only P1 renamed. */
    assert_int_equal(pf_path_check(&pt, pf_inputs_make(&in, MUTLS_POLICY_EXPLICIT, P2, -1), &res),
                     MUTLS_ERR_X509_NO_POLICY);
    /* initial-policy-mapping-inhibit: the mapped policy's node is deleted (§6.1.4(b)(2)). */
    assert_int_equal(pf_path_check(&pt,
                                pf_inputs_make(&in,
                                            MUTLS_POLICY_EXPLICIT | MUTLS_POLICY_INHIBIT_MAPPING,
                                            -1, -1),
                                &res),
                     MUTLS_ERR_X509_NO_POLICY);
    assert_int_equal(res.depth, 0);
    /* inhibitPolicyMapping 0 in a CA above does the same. */
    pf_path_free(&pt);
    pf_path_init(&pt, 3);
    pf_fake_policy(&pt.f[2], P1);
    pt.f[2].x.flags |= MUTLS_X509_HAS_INHIBIT_MAPPING;
    pt.f[2].x.inhibit_mapping = 0;
    pf_fake_policy(&pt.f[1], P1);
    pf_fake_map(&pt.f[1], P1, P2);
    pf_fake_policy(&pt.f[0], P2);
    assert_int_equal(pf_path_check(&pt, pf_inputs_make(&in, MUTLS_POLICY_EXPLICIT, -1, -1), &res),
                     MUTLS_ERR_X509_NO_POLICY);
    pt.f[2].x.inhibit_mapping = 1;
    assert_int_equal(pf_path_check(&pt, pf_inputs_make(&in, MUTLS_POLICY_EXPLICIT, -1, -1), &res), 0);
    pf_path_free(&pt);
}

/* §6.1.4(b)(1): a CA asserting anyPolicy may map a policy it does not name. */
static void test_policy_mapping_under_any_policy(void **state)
{
    pf_path pt;
    pf_inputs in;
    mutls_x509_policy_result res;

    (void)state;
    TU_SKIP_WITHOUT_POLICY();
    pf_path_init(&pt, 2);
    pf_fake_policy(&pt.f[1], ANY);
    pf_fake_map(&pt.f[1], P1, P3);
    pf_fake_map(&pt.f[1], P1, P2);
    pf_fake_policy(&pt.f[0], P2);
    assert_int_equal(pf_path_check(&pt, pf_inputs_make(&in, MUTLS_POLICY_EXPLICIT, P1, -1), &res), 0);
    assert_int_equal(pf_path_check(&pt, pf_inputs_make(&in, MUTLS_POLICY_EXPLICIT, P2, -1), &res),
                     MUTLS_ERR_X509_NO_POLICY);
    pf_path_free(&pt);
}

static void test_policy_any_policy_inhibit(void **state)
{
    pf_path pt;
    pf_inputs in;
    mutls_x509_policy_result res;

    (void)state;
    TU_SKIP_WITHOUT_POLICY();
    pf_path_init(&pt, 3);
    pf_fake_policy(&pt.f[2], P1);
    pf_fake_policy(&pt.f[1], ANY);
    pf_fake_policy(&pt.f[0], P1);
    assert_int_equal(pf_path_check(&pt, pf_inputs_make(&in, MUTLS_POLICY_EXPLICIT, -1, -1), &res), 0);
    /* initial-any-policy-inhibit: C1's anyPolicy matches nothing, the tree is NULL at C1. */
    assert_int_equal(
        pf_path_check(&pt, pf_inputs_make(&in, MUTLS_POLICY_EXPLICIT | MUTLS_POLICY_INHIBIT_ANY, -1, -1),
                   &res),
        MUTLS_ERR_X509_NO_POLICY);
    assert_int_equal(res.depth, 1);
    /* inhibitAnyPolicy 0 in C2 does the same; but a self-issued C1 is exempt (§6.1.3(d)(2)) */
    pt.f[2].x.flags |= MUTLS_X509_HAS_INHIBIT_ANY;
    pt.f[2].x.inhibit_any = 0;
    assert_int_equal(pf_path_check(&pt, pf_inputs_make(&in, MUTLS_POLICY_EXPLICIT, -1, -1), &res),
                     MUTLS_ERR_X509_NO_POLICY);
    pf_fake_reset(&pt.f[1], "C2", "C2");
    pf_fake_policy(&pt.f[1], ANY);
    pf_fake_reset(&pt.f[0], "EE", "C2");
    pf_fake_policy(&pt.f[0], P1);
    assert_int_equal(pf_path_check(&pt, pf_inputs_make(&in, MUTLS_POLICY_EXPLICIT, -1, -1), &res), 0);
    /* ... but a leaf's anyPolicy is not (i = n). */
    pf_fake_reset(&pt.f[0], "EE", "C2");
    pf_fake_policy(&pt.f[0], ANY);
    pf_fake_reset(&pt.f[1], "C2", "C2");
    pf_fake_policy(&pt.f[1], P1);
    assert_int_equal(pf_path_check(&pt, pf_inputs_make(&in, MUTLS_POLICY_EXPLICIT, -1, -1), &res),
                     MUTLS_ERR_X509_NO_POLICY);
    assert_int_equal(res.depth, 0);
    pf_path_free(&pt);
}

/* A leaf's own requireExplicitPolicy 0 applies to the path (§6.1.5(b)). */
static void test_policy_leaf_require_explicit_zero(void **state)
{
    pf_path pt;
    pf_inputs in;
    mutls_x509_policy_result res;

    (void)state;
    TU_SKIP_WITHOUT_POLICY();
    pf_path_init(&pt, 2);
    pt.f[0].x.require_explicit = 0;
    assert_int_equal(pf_path_check(&pt, pf_inputs_make(&in, 0, -1, -1), &res),
                     MUTLS_ERR_X509_NO_POLICY);
    assert_int_equal(res.by, 0);
    pf_fake_policy(&pt.f[1], ANY);
    pf_fake_policy(&pt.f[0], P3);
    assert_int_equal(pf_path_check(&pt, pf_inputs_make(&in, 0, -1, -1), &res), 0);
    pf_path_free(&pt);
}

/* ------------------------------------------------------------ the bound */

/*
 * 8 CAs, each asserting anyPolicy and @p per policies and mapping each of them to @p fan
 * others: the RFC's tree repeats every policy under every parent that expects it and grows as
 * fan^depth; one node per policy per depth stays linear. With @p spread the mapped policies
 * are all different ones, outside the asserted range, so that anyPolicy makes a node of each
 * at the depth below.
 */
static void build_pathological(pf_path *pt, int per, int fan, int spread)
{
    int d, k, j;

    pf_path_init(pt, 9);
    for (d = 1; d <= 8; d++) {
        pf_fake_policy(&pt->f[d], ANY);
        for (k = 1; k <= per; k++) {
            pf_fake_policy(&pt->f[d], k);
            for (j = 1; j <= fan; j++) {
                pf_fake_map(&pt->f[d], k,
                         spread ? per + (k - 1) * fan + j : 1 + (k * 7 + j) % per);
            }
        }
    }
    pf_fake_policy(&pt->f[0], 1);
}

/* The work is counted, not timed: nodes made, one per policy per depth, never one per path
 * through the mappings (5^8 of them here). */
static void test_policy_pathological_path_linear(void **state)
{
    pf_path pt;
    pf_inputs in;
    mutls_x509_policy_result res;

    (void)state;
    TU_SKIP_WITHOUT_POLICY();
    build_pathological(&pt, 200, 5, 0); /* 1000 mappings per CA: 5^8 paths in the RFC tree */
    assert_int_equal(pf_path_check(&pt, pf_inputs_make(&in, MUTLS_POLICY_EXPLICIT, 1, -1), &res), 0);
    assert_true(res.nodes > 8 * 200 && res.nodes <= 9 * (200 + 1));
    assert_int_equal(pf_path_check(&pt, pf_inputs_make(&in, MUTLS_POLICY_EXPLICIT, 150, -1), &res), 0);
    assert_true(res.nodes > 8 * 200 && res.nodes <= 9 * (200 + 1));
    pf_path_free(&pt);
}

/* Past MUTLS_X509_POLICY_MAX_NODES the walk stops at the node over the bound. */
static void test_policy_over_node_bound_refused(void **state)
{
    pf_path pt;
    pf_inputs in;
    mutls_x509_policy_result res;

    (void)state;
    TU_SKIP_WITHOUT_POLICY();
    build_pathological(&pt, 64, 16, 1); /* 8 x (64 + 1024 mapped by anyPolicy) > 4096 nodes */
    assert_int_equal(pf_path_check(&pt, pf_inputs_make(&in, 0, -1, -1), &res),
                     MUTLS_ERR_X509_POLICY_TOO_COMPLEX);
    assert_true(res.depth >= 1 && res.depth <= 8);
    assert_int_equal(res.nodes, MUTLS_X509_POLICY_MAX_NODES + 1);
    pf_path_free(&pt);
}

/* Every allocation of the walk may fail: MUTLS_ERR_NO_MEMORY, nothing leaked (ASan). */
static void test_policy_allocation_failures(void **state)
{
    tu_failalloc f = {0, 0};
    mutls_allocator a = tu_failalloc_allocator(&f);
    pf_path pt;
    pf_inputs in;
    mutls_x509_policy_result res;
    size_t limit;
    int rc = -1;

    (void)state;
    TU_SKIP_WITHOUT_POLICY();
    pf_path_init(&pt, 3);
    pf_fake_policy(&pt.f[2], ANY);
    pf_fake_map(&pt.f[2], P1, P2);
    pf_fake_policy(&pt.f[1], P2);
    pf_fake_map(&pt.f[1], P2, P3);
    pf_fake_policy(&pt.f[0], P3);
    for (limit = 0; limit < 64 && rc != 0; limit++) {
        tu_failalloc_reset(&f, limit);
        assert_int_equal(mutls_set_allocator(&a), 0);
        rc = pf_path_check(&pt, pf_inputs_make(&in, MUTLS_POLICY_EXPLICIT, P1, -1), &res);
        assert_int_equal(mutls_set_allocator(NULL), 0);
        assert_true(rc == 0 || rc == MUTLS_ERR_NO_MEMORY);
    }
    assert_int_equal(rc, 0);
    assert_true(limit > 3); /* the walk allocated at every depth */
    pf_path_free(&pt);
}

/* ------------------------------------------------------------ inputs */

static void test_policy_input_dotted_oids(void **state)
{
#if defined(MUTLS_NO_POLICY)
    (void)state;
    skip(); /* the inputs are not built: test_policy_off_inputs_not_built */
#else
    static const uint8_t piv[] = {0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x02, 0x01, 0x30, 0x01};
    static const uint8_t any[] = {0x55, 0x1d, 0x20, 0x00};
    static const uint8_t big[] = {0x88, 0x37, 0x81, 0x80, 0x80, 0x80, 0x00};
    const char *good[] = {"2.16.840.1.101.3.2.1.48.1", "2.5.29.32.0", "2.999.268435456"};
    const char *bad[] = {"", "1", "3.1", "1.40", "1..2", "1.2.", "01.2", "1.02",
                         "1.2.a", "-1.2", "1.2.18446744073709551616", "1.2 ", NULL};
    mutls_x509_policy_input in;
    size_t i;

    (void)state;
    memset(&in, 0, sizeof(in));
    assert_int_equal(mutls_x509_policy_input_set(&in, good, 3, MUTLS_POLICY_EXPLICIT), 0);
    assert_int_equal(in.n, 3);
    assert_int_equal(in.flags, MUTLS_POLICY_EXPLICIT);
    assert_int_equal(in.set[0].len, sizeof(piv));
    assert_memory_equal(in.set[0].p, piv, sizeof(piv));
    assert_memory_equal(in.set[1].p, any, sizeof(any));
    assert_int_equal(in.set[2].len, sizeof(big));
    assert_memory_equal(in.set[2].p, big, sizeof(big));
    for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        const char *one[1] = {bad[i]};

        assert_int_equal(mutls_x509_policy_input_set(&in, one, 1, 0), MUTLS_ERR_BAD_ARGUMENT);
        /* nothing changed */
        assert_int_equal(in.n, 3);
        assert_int_equal(in.flags, MUTLS_POLICY_EXPLICIT);
        assert_memory_equal(in.set[0].p, piv, sizeof(piv));
    }
    assert_int_equal(mutls_x509_policy_input_set(&in, good, 1, 8), MUTLS_ERR_BAD_ARGUMENT);
    assert_int_equal(mutls_x509_policy_input_set(&in, good, 17, 0), MUTLS_ERR_BAD_ARGUMENT);
    assert_int_equal(mutls_x509_policy_input_set(&in, NULL, 0, MUTLS_POLICY_INHIBIT_ANY), 0);
    assert_int_equal(in.n, 0);
#endif
}

/* ------------------------------------------------------------ parsing */

static int parse_ext(const uint8_t *ext_oid, const pf_tb *value, mutls_x509 *x)
{
    mutls_slice oid = {ext_oid, 3};
    mutls_rd r;

    memset(x, 0, sizeof(*x));
    x->require_explicit = -1;
    mutls_rd_init(&r, value->p, value->len);
    return mutls_x509_parse_policy_ext(oid, 1, &r, x);
}

static void test_policy_parse_keeps_and_refuses(void **state)
{
    static const uint8_t cp[] = {0x55, 0x1d, 0x20}, pm[] = {0x55, 0x1d, 0x21},
                         pc[] = {0x55, 0x1d, 0x24}, ia[] = {0x55, 0x1d, 0x36};
    static const uint8_t pc_val[] = {0x30, 0x06, 0x80, 0x01, 0x02, 0x81, 0x01, 0x00};
    static const uint8_t ia_val[] = {0x02, 0x01, 0x01};
    pf_fake f;
    pf_tb v = {0};
    pf_tb raw = {0};
    mutls_x509 x;

    (void)state;
    pf_fake_init(&f, "a", "a");
    pf_fake_policy(&f, P1);
    pf_fake_policy(&f, P2);
    pf_tb_tlv(&v, MUTLS_DER_SEQUENCE, f.pols.p, f.pols.len);
    assert_int_equal(parse_ext(cp, &v, &x), 0);
    assert_int_equal(x.policies.len, f.pols.len);
    assert_memory_equal(x.policies.p, f.pols.p, f.pols.len);
    /* a policy twice */
    pf_fake_policy(&f, P1);
    v.len = 0;
    pf_tb_tlv(&v, MUTLS_DER_SEQUENCE, f.pols.p, f.pols.len);
    assert_int_equal(parse_ext(cp, &v, &x), MUTLS_ERR_X509_MALFORMED);
    assert_string_equal(x.why, "its certificatePolicies names a policy twice (RFC 5280 4.2.1.4)");
    /* an empty list */
    v.len = 0;
    pf_tb_tlv(&v, MUTLS_DER_SEQUENCE, NULL, 0);
    assert_int_equal(parse_ext(cp, &v, &x), MUTLS_ERR_X509_MALFORMED);
    assert_non_null(x.why);
    /* mappings: kept; anyPolicy mapped refused */
    pf_fake_map(&f, P1, P2);
    v.len = 0;
    pf_tb_tlv(&v, MUTLS_DER_SEQUENCE, f.maps.p, f.maps.len);
    assert_int_equal(parse_ext(pm, &v, &x), 0);
    assert_int_equal(x.mappings.len, f.maps.len);
    pf_fake_map(&f, ANY, P2);
    v.len = 0;
    pf_tb_tlv(&v, MUTLS_DER_SEQUENCE, f.maps.p, f.maps.len);
    assert_int_equal(parse_ext(pm, &v, &x), MUTLS_ERR_X509_MALFORMED);
    assert_string_equal(x.why, "its policyMappings maps anyPolicy (RFC 5280 6.1.4(a))");
    /* policyConstraints and inhibitAnyPolicy values */
    pf_tb_put(&raw, pc_val, sizeof(pc_val));
    assert_int_equal(parse_ext(pc, &raw, &x), 0);
    assert_int_equal(x.require_explicit, 2);
    assert_true((x.flags & MUTLS_X509_HAS_INHIBIT_MAPPING) != 0);
    assert_int_equal(x.inhibit_mapping, 0);
    raw.len = 0;
    pf_tb_put(&raw, ia_val, sizeof(ia_val));
    assert_int_equal(parse_ext(ia, &raw, &x), 0);
    assert_true((x.flags & MUTLS_X509_HAS_INHIBIT_ANY) != 0);
    assert_int_equal(x.inhibit_any, 1);
    free(v.p);
    free(raw.p);
    pf_fake_free(&f);
}

static void test_policy_parse_bound_on_policies(void **state)
{
    static const uint8_t cp[] = {0x55, 0x1d, 0x20};
    pf_fake f;
    pf_tb v = {0};
    mutls_x509 x;
    int k;

    (void)state;
    pf_fake_init(&f, "a", "a");
    for (k = 1; k <= 256; k++) {
        pf_fake_policy(&f, k);
    }
    pf_tb_tlv(&v, MUTLS_DER_SEQUENCE, f.pols.p, f.pols.len);
    assert_int_equal(parse_ext(cp, &v, &x), 0);
    pf_fake_policy(&f, 257);
    v.len = 0;
    pf_tb_tlv(&v, MUTLS_DER_SEQUENCE, f.pols.p, f.pols.len);
    assert_int_equal(parse_ext(cp, &v, &x), MUTLS_ERR_X509_MALFORMED);
    assert_non_null(strstr(x.why, "more than 256 policies"));
    free(v.p);
    pf_fake_free(&f);
}

/* ------------------------------------------------------------ explanation */

static void test_policy_explain_names_who_requires(void **state)
{
    mutls_x509_verify_out out;
    pf_fake leaf, ca;
    char buf[512];

    (void)state;
    TU_SKIP_WITHOUT_POLICY();
    pf_no_policy_at_leaf(&out, &leaf, &ca);
    (void)mutls_x509_explain(&out, buf, sizeof(buf));
    assert_string_equal(buf, "certificate at depth 0 (CN=client) ends a path with no certificate "
                             "policy acceptable to this configuration (RFC 5280 6.1.5: "
                             "valid_policy_tree empty) while an explicit policy is required by "
                             "policyConstraints of the certificate at depth 1 (CN=Issuing CA)");
    out.policy_by = -1;
    out.policy_by_cert = NULL;
    out.policy_user = 1;
    (void)mutls_x509_explain(&out, buf, sizeof(buf));
    assert_non_null(strstr(buf, "once cut to the configured policies) while an explicit policy "
                                "is required by the configuration"));
    out.depth = 1;
    out.cert = &ca.x;
    (void)mutls_x509_explain(&out, buf, sizeof(buf));
    assert_non_null(strstr(buf, "certificate at depth 1 (CN=Issuing CA) is reached with no "
                                "valid certificate policy left"));
    out.code = MUTLS_ERR_X509_POLICY_TOO_COMPLEX;
    (void)mutls_x509_explain(&out, buf, sizeof(buf));
    assert_string_equal(buf, "certificate at depth 1 (CN=Issuing CA) brings the certificate "
                             "policies and mappings of its path over mutls's bound of 4096 "
                             "policy tree nodes");
    assert_string_equal(mutls_strerror(MUTLS_ERR_X509_NO_POLICY), "no_acceptable_policy");
    assert_int_equal(mutls_err_alert(MUTLS_ERR_X509_NO_POLICY), MUTLS_ALERT_BAD_CERTIFICATE);
    pf_fake_free(&leaf);
    pf_fake_free(&ca);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_policy_no_extensions_default_valid),
        cmocka_unit_test(test_policy_require_explicit_common_policy_valid),
        cmocka_unit_test(test_policy_require_explicit_counts_certificates),
        cmocka_unit_test(test_policy_user_set_intersection),
        cmocka_unit_test(test_policy_mapping_and_inhibit),
        cmocka_unit_test(test_policy_mapping_under_any_policy),
        cmocka_unit_test(test_policy_any_policy_inhibit),
        cmocka_unit_test(test_policy_leaf_require_explicit_zero),
        cmocka_unit_test(test_policy_pathological_path_linear),
        cmocka_unit_test(test_policy_over_node_bound_refused),
        cmocka_unit_test(test_policy_allocation_failures),
        cmocka_unit_test(test_policy_input_dotted_oids),
        cmocka_unit_test(test_policy_parse_keeps_and_refuses),
        cmocka_unit_test(test_policy_parse_bound_on_policies),
        cmocka_unit_test(test_policy_explain_names_who_requires),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
