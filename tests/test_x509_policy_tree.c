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
#include "x509.h"

/* ------------------------------------------------------------ hand-made certificates */

typedef struct tb {
    uint8_t *p;
    size_t len, cap;
} tb;

static void tb_put(tb *b, const uint8_t *d, size_t n)
{
    if (n == 0) {
        return;
    }
    if (b->len + n > b->cap) {
        b->cap = (b->len + n) * 2 + 64;
        b->p = realloc(b->p, b->cap);
        assert_non_null(b->p);
    }
    memcpy(b->p + b->len, d, n);
    b->len += n;
}

/* tag, DER length, then @p body */
static void tb_tlv(tb *b, uint8_t tag, const uint8_t *body, size_t n)
{
    uint8_t h[4] = {tag, 0, 0, 0};
    size_t hl;

    if (n < 0x80) {
        h[1] = (uint8_t)n;
        hl = 2;
    } else if (n < 0x100) {
        h[1] = 0x81;
        h[2] = (uint8_t)n;
        hl = 3;
    } else {
        assert_true(n < 0x10000);
        h[1] = 0x82;
        h[2] = (uint8_t)(n >> 8);
        h[3] = (uint8_t)n;
        hl = 4;
    }
    tb_put(b, h, hl);
    tb_put(b, body, n);
}

/* Test policy k (k >= 1) is the OID 2.999.k; k = 0 is anyPolicy (2.5.29.32.0). Contents. */
static size_t policy_oid(int k, uint8_t out[8])
{
    static const uint8_t any[] = {0x55, 0x1d, 0x20, 0x00};
    size_t n = 2;

    if (k == 0) {
        memcpy(out, any, sizeof(any));
        return sizeof(any);
    }
    out[0] = 0x88; /* 2.999: 1079 in base 128 */
    out[1] = 0x37;
    if (k >= 128 * 128) {
        out[n++] = (uint8_t)(0x80 | (k >> 14));
    }
    if (k >= 128) {
        out[n++] = (uint8_t)(0x80 | ((k >> 7) & 0x7f));
    }
    out[n++] = (uint8_t)(k & 0x7f);
    return n;
}

static void put_oid(tb *b, int k)
{
    uint8_t oid[8];

    tb_tlv(b, MUTLS_DER_OID, oid, policy_oid(k, oid));
}

typedef struct fake {
    mutls_x509 x;
    tb subject, issuer, pols, maps;
} fake;

static void put_name(tb *b, const char *cn)
{
    static const uint8_t cn_oid[] = {0x55, 0x04, 0x03};
    tb atv = {0}, rdn = {0}, set = {0};

    tb_tlv(&atv, MUTLS_DER_OID, cn_oid, sizeof(cn_oid));
    tb_tlv(&atv, MUTLS_DER_UTF8_STRING, (const uint8_t *)cn, strlen(cn));
    tb_tlv(&rdn, MUTLS_DER_SEQUENCE, atv.p, atv.len);
    tb_tlv(&set, MUTLS_DER_SET, rdn.p, rdn.len);
    tb_tlv(b, MUTLS_DER_SEQUENCE, set.p, set.len);
    free(atv.p);
    free(rdn.p);
    free(set.p);
}

static void fake_init(fake *f, const char *subject, const char *issuer)
{
    memset(f, 0, sizeof(*f));
    f->x.require_explicit = -1;
    f->x.path_len = -1;
    /* as x509.c marks a certificate whose names are the same */
    f->x.flags = strcmp(subject, issuer) == 0 ? MUTLS_X509_SELF_ISSUED : 0;
    put_name(&f->subject, subject);
    put_name(&f->issuer, issuer);
}

/* Assert policy k (0: anyPolicy). */
static void fake_policy(fake *f, int k)
{
    tb one = {0};

    put_oid(&one, k);
    tb_tlv(&f->pols, MUTLS_DER_SEQUENCE, one.p, one.len);
    free(one.p);
}

static void fake_map(fake *f, int from, int to)
{
    tb pair = {0};

    put_oid(&pair, from);
    put_oid(&pair, to);
    tb_tlv(&f->maps, MUTLS_DER_SEQUENCE, pair.p, pair.len);
    free(pair.p);
}

/* Point the certificate's slices at the buffers (after the last change to them). */
static const mutls_x509 *fake_done(fake *f)
{
    f->x.subject.p = f->subject.p;
    f->x.subject.len = f->subject.len;
    f->x.issuer.p = f->issuer.p;
    f->x.issuer.len = f->issuer.len;
    f->x.policies.p = f->pols.p;
    f->x.policies.len = f->pols.len;
    f->x.mappings.p = f->maps.p;
    f->x.mappings.len = f->maps.len;
    return &f->x;
}

static void fake_free(fake *f)
{
    free(f->subject.p);
    free(f->issuer.p);
    free(f->pols.p);
    free(f->maps.p);
}

/*
 * A path of @p n certificates below an anchor: f[0] the leaf, f[n-1] issued by the anchor
 * "TA". Named "C<i>" (leaf "EE"), each issued by the one above.
 */
typedef struct path {
    fake f[10];
    const mutls_x509 *p[11];
    fake ta;
    int n;
} path;

static void path_init(path *pt, int n)
{
    char name[8], up[8];
    int i;

    memset(pt, 0, sizeof(*pt));
    pt->n = n;
    for (i = 0; i < n; i++) {
        snprintf(name, sizeof(name), i == 0 ? "EE" : "C%d", i);
        snprintf(up, sizeof(up), i + 1 == n ? "TA" : "C%d", i + 1);
        fake_init(&pt->f[i], name, up);
    }
    fake_init(&pt->ta, "TA", "TA");
}

static int path_check(path *pt, const mutls_x509_verify_params *p, mutls_x509_policy_result *res)
{
    int i;

    for (i = 0; i < pt->n; i++) {
        pt->p[i] = fake_done(&pt->f[i]);
    }
    pt->p[pt->n] = fake_done(&pt->ta);
    return mutls_x509_policy_check(pt->p, pt->n, p, res);
}

static void path_free(path *pt)
{
    int i;

    for (i = 0; i < pt->n; i++) {
        fake_free(&pt->f[i]);
    }
    fake_free(&pt->ta);
}

/* Parameters with user policies {k...} (terminated by -1) and @p flags. */
typedef struct inputs {
    mutls_x509_verify_params p;
    mutls_slice set[4];
    uint8_t oid[4][8];
} inputs;

static const mutls_x509_verify_params *inputs_make(inputs *in, unsigned flags, int k1, int k2)
{
    int ks[2] = {k1, k2};
    int i;

    memset(in, 0, sizeof(*in));
    for (i = 0; i < 2 && ks[i] >= 0; i++) {
        in->set[i].len = policy_oid(ks[i], in->oid[i]);
        in->set[i].p = in->oid[i];
        in->p.n_policies++;
    }
    in->p.policies = in->p.n_policies > 0 ? in->set : NULL;
    in->p.policy_flags = flags;
    return &in->p;
}

#define P1 1
#define P2 2
#define P3 3
#define ANY 0

/* ------------------------------------------------------------ the rules */

static void test_policy_no_extensions_default_valid(void **state)
{
    path pt;
    inputs in;
    mutls_x509_policy_result res;

    (void)state;
    TU_SKIP_WITHOUT_POLICY();
    path_init(&pt, 3);
    assert_int_equal(path_check(&pt, inputs_make(&in, 0, -1, -1), &res), 0);
    /* initial-explicit-policy with no certificatePolicies anywhere: the tree is NULL at the
     * first certificate below the anchor (§6.1.3(e)(f)). */
    assert_int_equal(path_check(&pt, inputs_make(&in, MUTLS_POLICY_EXPLICIT, -1, -1), &res),
                     MUTLS_ERR_X509_NO_POLICY);
    assert_int_equal(res.depth, 2);
    assert_int_equal(res.by, -1);
    path_free(&pt);
}

/* PKITS 4.9.4's shape: requireExplicitPolicy 0 in the CA, every certificate asserts P1. */
static void test_policy_require_explicit_common_policy_valid(void **state)
{
    path pt;
    inputs in;
    mutls_x509_policy_result res;

    (void)state;
    TU_SKIP_WITHOUT_POLICY();
    path_init(&pt, 2);
    fake_policy(&pt.f[1], P1);
    fake_policy(&pt.f[0], P1);
    pt.f[1].x.require_explicit = 0;
    assert_int_equal(path_check(&pt, inputs_make(&in, 0, -1, -1), &res), 0);
    /* The leaf asserts another policy: refused at the leaf, required by the CA. */
    fake_free(&pt.f[0]);
    fake_init(&pt.f[0], "EE", "C1");
    fake_policy(&pt.f[0], P2);
    assert_int_equal(path_check(&pt, inputs_make(&in, 0, -1, -1), &res),
                     MUTLS_ERR_X509_NO_POLICY);
    assert_int_equal(res.depth, 0);
    assert_int_equal(res.by, 1);
    path_free(&pt);
}

/* requireExplicitPolicy R lets R more certificates (not self-issued) by without a policy. */
static void test_policy_require_explicit_counts_certificates(void **state)
{
    path pt;
    inputs in;
    mutls_x509_policy_result res;

    (void)state;
    TU_SKIP_WITHOUT_POLICY();
    path_init(&pt, 4); /* TA > C3 > C2 > C1 > EE, C3 requires an explicit policy after 2 */
    pt.f[3].x.require_explicit = 2;
    fake_policy(&pt.f[3], P1);
    fake_policy(&pt.f[2], P1);
    /* C1 asserts none: the tree is NULL from C1 on; explicit_policy is 1 there, 0 at EE */
    assert_int_equal(path_check(&pt, inputs_make(&in, 0, -1, -1), &res),
                     MUTLS_ERR_X509_NO_POLICY);
    assert_int_equal(res.depth, 0);
    assert_int_equal(res.by, 3);
    /* A self-issued C2 does not count (§6.1.4(h)): the constraint now runs out only after
     * the leaf, which §6.1.5(a) still counts: refused at the leaf with R = 2... */
    fake_free(&pt.f[2]);
    fake_init(&pt.f[2], "C3", "C3");
    fake_free(&pt.f[3]);
    fake_init(&pt.f[3], "C3", "TA");
    pt.f[3].x.require_explicit = 2;
    fake_policy(&pt.f[3], P1);
    fake_policy(&pt.f[2], P1);
    fake_free(&pt.f[1]);
    fake_init(&pt.f[1], "C1", "C3");
    assert_int_equal(path_check(&pt, inputs_make(&in, 0, -1, -1), &res),
                     MUTLS_ERR_X509_NO_POLICY);
    /* ...and with R = 3 it never runs out. */
    pt.f[3].x.require_explicit = 3;
    assert_int_equal(path_check(&pt, inputs_make(&in, 0, -1, -1), &res), 0);
    path_free(&pt);
}

static void test_policy_user_set_intersection(void **state)
{
    path pt;
    inputs in;
    mutls_x509_policy_result res;

    (void)state;
    TU_SKIP_WITHOUT_POLICY();
    path_init(&pt, 2);
    fake_policy(&pt.f[1], P1);
    fake_policy(&pt.f[1], P2);
    fake_policy(&pt.f[0], P1);
    assert_int_equal(path_check(&pt, inputs_make(&in, MUTLS_POLICY_EXPLICIT, P1, -1), &res), 0);
    assert_int_equal(path_check(&pt, inputs_make(&in, MUTLS_POLICY_EXPLICIT, P3, P1), &res), 0);
    assert_int_equal(path_check(&pt, inputs_make(&in, MUTLS_POLICY_EXPLICIT, P2, -1), &res),
                     MUTLS_ERR_X509_NO_POLICY);
    assert_int_equal(res.depth, 0);
    assert_int_equal(res.by, -1);
    /* Without an explicit policy required, the user's set does not refuse (§6.1.5(g)). */
    assert_int_equal(path_check(&pt, inputs_make(&in, 0, P2, -1), &res), 0);
    /* anyPolicy in the user's set accepts every policy. */
    assert_int_equal(path_check(&pt, inputs_make(&in, MUTLS_POLICY_EXPLICIT, P2, ANY), &res),
                     0);
    path_free(&pt);
}

/* §6.1.4(b)(1): the leaf's policy is the CA's, seen through its mapping. */
static void test_policy_mapping_and_inhibit(void **state)
{
    path pt;
    inputs in;
    mutls_x509_policy_result res;

    (void)state;
    TU_SKIP_WITHOUT_POLICY();
    path_init(&pt, 2);
    fake_policy(&pt.f[1], P1);
    fake_map(&pt.f[1], P1, P2);
    fake_policy(&pt.f[0], P2);
    assert_int_equal(path_check(&pt, inputs_make(&in, MUTLS_POLICY_EXPLICIT, P1, -1), &res), 0);
    /* The user's policies are in the anchor's domain: P2 is only P1 renamed. */
    assert_int_equal(path_check(&pt, inputs_make(&in, MUTLS_POLICY_EXPLICIT, P2, -1), &res),
                     MUTLS_ERR_X509_NO_POLICY);
    /* initial-policy-mapping-inhibit: the mapped policy's node is deleted (§6.1.4(b)(2)). */
    assert_int_equal(path_check(&pt,
                                inputs_make(&in,
                                            MUTLS_POLICY_EXPLICIT | MUTLS_POLICY_INHIBIT_MAPPING,
                                            -1, -1),
                                &res),
                     MUTLS_ERR_X509_NO_POLICY);
    assert_int_equal(res.depth, 0);
    /* inhibitPolicyMapping 0 in a CA above does the same. */
    path_free(&pt);
    path_init(&pt, 3);
    fake_policy(&pt.f[2], P1);
    pt.f[2].x.flags |= MUTLS_X509_HAS_INHIBIT_MAPPING;
    pt.f[2].x.inhibit_mapping = 0;
    fake_policy(&pt.f[1], P1);
    fake_map(&pt.f[1], P1, P2);
    fake_policy(&pt.f[0], P2);
    assert_int_equal(path_check(&pt, inputs_make(&in, MUTLS_POLICY_EXPLICIT, -1, -1), &res),
                     MUTLS_ERR_X509_NO_POLICY);
    pt.f[2].x.inhibit_mapping = 1;
    assert_int_equal(path_check(&pt, inputs_make(&in, MUTLS_POLICY_EXPLICIT, -1, -1), &res), 0);
    path_free(&pt);
}

/* §6.1.4(b)(1): a CA asserting anyPolicy may map a policy it does not name. */
static void test_policy_mapping_under_any_policy(void **state)
{
    path pt;
    inputs in;
    mutls_x509_policy_result res;

    (void)state;
    TU_SKIP_WITHOUT_POLICY();
    path_init(&pt, 2);
    fake_policy(&pt.f[1], ANY);
    fake_map(&pt.f[1], P1, P3);
    fake_map(&pt.f[1], P1, P2);
    fake_policy(&pt.f[0], P2);
    assert_int_equal(path_check(&pt, inputs_make(&in, MUTLS_POLICY_EXPLICIT, P1, -1), &res), 0);
    assert_int_equal(path_check(&pt, inputs_make(&in, MUTLS_POLICY_EXPLICIT, P2, -1), &res),
                     MUTLS_ERR_X509_NO_POLICY);
    path_free(&pt);
}

static void test_policy_any_policy_inhibit(void **state)
{
    path pt;
    inputs in;
    mutls_x509_policy_result res;

    (void)state;
    TU_SKIP_WITHOUT_POLICY();
    path_init(&pt, 3);
    fake_policy(&pt.f[2], P1);
    fake_policy(&pt.f[1], ANY);
    fake_policy(&pt.f[0], P1);
    assert_int_equal(path_check(&pt, inputs_make(&in, MUTLS_POLICY_EXPLICIT, -1, -1), &res), 0);
    /* initial-any-policy-inhibit: C1's anyPolicy matches nothing, the tree is NULL at C1. */
    assert_int_equal(
        path_check(&pt, inputs_make(&in, MUTLS_POLICY_EXPLICIT | MUTLS_POLICY_INHIBIT_ANY, -1, -1),
                   &res),
        MUTLS_ERR_X509_NO_POLICY);
    assert_int_equal(res.depth, 1);
    /* inhibitAnyPolicy 0 in C2 does the same; but a self-issued C1 is exempt (§6.1.3(d)(2)) */
    pt.f[2].x.flags |= MUTLS_X509_HAS_INHIBIT_ANY;
    pt.f[2].x.inhibit_any = 0;
    assert_int_equal(path_check(&pt, inputs_make(&in, MUTLS_POLICY_EXPLICIT, -1, -1), &res),
                     MUTLS_ERR_X509_NO_POLICY);
    fake_free(&pt.f[1]);
    fake_init(&pt.f[1], "C2", "C2");
    fake_policy(&pt.f[1], ANY);
    fake_free(&pt.f[0]);
    fake_init(&pt.f[0], "EE", "C2");
    fake_policy(&pt.f[0], P1);
    assert_int_equal(path_check(&pt, inputs_make(&in, MUTLS_POLICY_EXPLICIT, -1, -1), &res), 0);
    /* ... but a leaf's anyPolicy is not (i = n). */
    fake_free(&pt.f[0]);
    fake_init(&pt.f[0], "EE", "C2");
    fake_policy(&pt.f[0], ANY);
    fake_free(&pt.f[1]);
    fake_init(&pt.f[1], "C2", "C2");
    fake_policy(&pt.f[1], P1);
    assert_int_equal(path_check(&pt, inputs_make(&in, MUTLS_POLICY_EXPLICIT, -1, -1), &res),
                     MUTLS_ERR_X509_NO_POLICY);
    assert_int_equal(res.depth, 0);
    path_free(&pt);
}

/* A leaf's own requireExplicitPolicy 0 applies to the path (§6.1.5(b)). */
static void test_policy_leaf_require_explicit_zero(void **state)
{
    path pt;
    inputs in;
    mutls_x509_policy_result res;

    (void)state;
    TU_SKIP_WITHOUT_POLICY();
    path_init(&pt, 2);
    pt.f[0].x.require_explicit = 0;
    assert_int_equal(path_check(&pt, inputs_make(&in, 0, -1, -1), &res),
                     MUTLS_ERR_X509_NO_POLICY);
    assert_int_equal(res.by, 0);
    fake_policy(&pt.f[1], ANY);
    fake_policy(&pt.f[0], P3);
    assert_int_equal(path_check(&pt, inputs_make(&in, 0, -1, -1), &res), 0);
    path_free(&pt);
}

/* ------------------------------------------------------------ the bound */

/*
 * 8 CAs, each asserting anyPolicy and @p per policies and mapping each of them to @p fan
 * others: the RFC's tree repeats every policy under every parent that expects it and grows as
 * fan^depth; one node per policy per depth stays linear. With @p spread the mapped policies
 * are all different ones, outside the asserted range, so that anyPolicy makes a node of each
 * at the depth below.
 */
static void build_pathological(path *pt, int per, int fan, int spread)
{
    int d, k, j;

    path_init(pt, 9);
    for (d = 1; d <= 8; d++) {
        fake_policy(&pt->f[d], ANY);
        for (k = 1; k <= per; k++) {
            fake_policy(&pt->f[d], k);
            for (j = 1; j <= fan; j++) {
                fake_map(&pt->f[d], k,
                         spread ? per + (k - 1) * fan + j : 1 + (k * 7 + j) % per);
            }
        }
    }
    fake_policy(&pt->f[0], 1);
}

/* The work is counted, not timed: nodes made, one per policy per depth, never one per path
 * through the mappings (5^8 of them here). */
static void test_policy_pathological_path_linear(void **state)
{
    path pt;
    inputs in;
    mutls_x509_policy_result res;

    (void)state;
    TU_SKIP_WITHOUT_POLICY();
    build_pathological(&pt, 200, 5, 0); /* 1000 mappings per CA: 5^8 paths in the RFC tree */
    assert_int_equal(path_check(&pt, inputs_make(&in, MUTLS_POLICY_EXPLICIT, 1, -1), &res), 0);
    assert_true(res.nodes > 8 * 200 && res.nodes <= 9 * (200 + 1));
    assert_int_equal(path_check(&pt, inputs_make(&in, MUTLS_POLICY_EXPLICIT, 150, -1), &res), 0);
    assert_true(res.nodes > 8 * 200 && res.nodes <= 9 * (200 + 1));
    path_free(&pt);
}

/* Past MUTLS_X509_POLICY_MAX_NODES the walk stops at the node over the bound. */
static void test_policy_over_node_bound_refused(void **state)
{
    path pt;
    inputs in;
    mutls_x509_policy_result res;

    (void)state;
    TU_SKIP_WITHOUT_POLICY();
    build_pathological(&pt, 64, 16, 1); /* 8 x (64 + 1024 mapped by anyPolicy) > 4096 nodes */
    assert_int_equal(path_check(&pt, inputs_make(&in, 0, -1, -1), &res),
                     MUTLS_ERR_X509_POLICY_TOO_COMPLEX);
    assert_true(res.depth >= 1 && res.depth <= 8);
    assert_int_equal(res.nodes, MUTLS_X509_POLICY_MAX_NODES + 1);
    path_free(&pt);
}

/* Every allocation of the walk may fail: MUTLS_ERR_NO_MEMORY, nothing leaked (ASan). */
static void test_policy_allocation_failures(void **state)
{
    tu_failalloc f = {0, 0};
    mutls_allocator a = tu_failalloc_allocator(&f);
    path pt;
    inputs in;
    mutls_x509_policy_result res;
    size_t limit;
    int rc = -1;

    (void)state;
    TU_SKIP_WITHOUT_POLICY();
    path_init(&pt, 3);
    fake_policy(&pt.f[2], ANY);
    fake_map(&pt.f[2], P1, P2);
    fake_policy(&pt.f[1], P2);
    fake_map(&pt.f[1], P2, P3);
    fake_policy(&pt.f[0], P3);
    for (limit = 0; limit < 64 && rc != 0; limit++) {
        tu_failalloc_reset(&f, limit);
        assert_int_equal(mutls_set_allocator(&a), 0);
        rc = path_check(&pt, inputs_make(&in, MUTLS_POLICY_EXPLICIT, P1, -1), &res);
        assert_int_equal(mutls_set_allocator(NULL), 0);
        assert_true(rc == 0 || rc == MUTLS_ERR_NO_MEMORY);
    }
    assert_int_equal(rc, 0);
    assert_true(limit > 3); /* the walk allocated at every depth */
    path_free(&pt);
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

static int parse_ext(const uint8_t *ext_oid, const tb *value, mutls_x509 *x)
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
    fake f;
    tb v = {0};
    tb raw = {0};
    mutls_x509 x;

    (void)state;
    fake_init(&f, "a", "a");
    fake_policy(&f, P1);
    fake_policy(&f, P2);
    tb_tlv(&v, MUTLS_DER_SEQUENCE, f.pols.p, f.pols.len);
    assert_int_equal(parse_ext(cp, &v, &x), 0);
    assert_int_equal(x.policies.len, f.pols.len);
    assert_memory_equal(x.policies.p, f.pols.p, f.pols.len);
    /* a policy twice */
    fake_policy(&f, P1);
    v.len = 0;
    tb_tlv(&v, MUTLS_DER_SEQUENCE, f.pols.p, f.pols.len);
    assert_int_equal(parse_ext(cp, &v, &x), MUTLS_ERR_X509_MALFORMED);
    assert_string_equal(x.why, "its certificatePolicies names a policy twice (RFC 5280 4.2.1.4)");
    /* an empty list */
    v.len = 0;
    tb_tlv(&v, MUTLS_DER_SEQUENCE, NULL, 0);
    assert_int_equal(parse_ext(cp, &v, &x), MUTLS_ERR_X509_MALFORMED);
    assert_non_null(x.why);
    /* mappings: kept; anyPolicy mapped refused */
    fake_map(&f, P1, P2);
    v.len = 0;
    tb_tlv(&v, MUTLS_DER_SEQUENCE, f.maps.p, f.maps.len);
    assert_int_equal(parse_ext(pm, &v, &x), 0);
    assert_int_equal(x.mappings.len, f.maps.len);
    fake_map(&f, ANY, P2);
    v.len = 0;
    tb_tlv(&v, MUTLS_DER_SEQUENCE, f.maps.p, f.maps.len);
    assert_int_equal(parse_ext(pm, &v, &x), MUTLS_ERR_X509_MALFORMED);
    assert_string_equal(x.why, "its policyMappings maps anyPolicy (RFC 5280 6.1.4(a))");
    /* policyConstraints and inhibitAnyPolicy values */
    tb_put(&raw, pc_val, sizeof(pc_val));
    assert_int_equal(parse_ext(pc, &raw, &x), 0);
    assert_int_equal(x.require_explicit, 2);
    assert_true((x.flags & MUTLS_X509_HAS_INHIBIT_MAPPING) != 0);
    assert_int_equal(x.inhibit_mapping, 0);
    raw.len = 0;
    tb_put(&raw, ia_val, sizeof(ia_val));
    assert_int_equal(parse_ext(ia, &raw, &x), 0);
    assert_true((x.flags & MUTLS_X509_HAS_INHIBIT_ANY) != 0);
    assert_int_equal(x.inhibit_any, 1);
    free(v.p);
    free(raw.p);
    fake_free(&f);
}

static void test_policy_parse_bound_on_policies(void **state)
{
    static const uint8_t cp[] = {0x55, 0x1d, 0x20};
    fake f;
    tb v = {0};
    mutls_x509 x;
    int k;

    (void)state;
    fake_init(&f, "a", "a");
    for (k = 1; k <= 256; k++) {
        fake_policy(&f, k);
    }
    tb_tlv(&v, MUTLS_DER_SEQUENCE, f.pols.p, f.pols.len);
    assert_int_equal(parse_ext(cp, &v, &x), 0);
    fake_policy(&f, 257);
    v.len = 0;
    tb_tlv(&v, MUTLS_DER_SEQUENCE, f.pols.p, f.pols.len);
    assert_int_equal(parse_ext(cp, &v, &x), MUTLS_ERR_X509_MALFORMED);
    assert_non_null(strstr(x.why, "more than 256 policies"));
    free(v.p);
    fake_free(&f);
}

/* ------------------------------------------------------------ explanation */

/* A refusal for policies at the leaf "client", required by its issuer's policyConstraints. */
static void no_policy_at_leaf(mutls_x509_verify_out *out, fake *leaf, fake *ca)
{
    fake_init(leaf, "client", "Issuing CA");
    fake_init(ca, "Issuing CA", "Root");
    memset(out, 0, sizeof(*out));
    out->code = MUTLS_ERR_X509_NO_POLICY;
    out->depth = 0;
    out->cert = fake_done(leaf);
    out->policy_by = 1;
    out->policy_by_cert = fake_done(ca);
}

static void test_policy_explain_names_who_requires(void **state)
{
    mutls_x509_verify_out out;
    fake leaf, ca;
    char buf[512];

    (void)state;
    TU_SKIP_WITHOUT_POLICY();
    no_policy_at_leaf(&out, &leaf, &ca);
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
    fake_free(&leaf);
    fake_free(&ca);
}

/* ------------------------------------------------------------ -DMUTLS_X509_POLICY=OFF */

/* Without the tree only explicit_policy is counted: a path where it reaches 0 is refused
 * (whether a policy is left cannot be known), any other path is valid whatever its policies
 * and mappings. In a build with the tree this skips: the rules above are checked there. */
static void test_policy_off_refuses_required_explicit(void **state)
{
#if !defined(MUTLS_NO_POLICY)
    (void)state;
    skip();
#else
    path pt;
    inputs in;
    mutls_x509_policy_result res;

    (void)state;
    path_init(&pt, 4); /* TA > C3 > C2 > C1 > EE */
    fake_policy(&pt.f[2], P1);
    fake_policy(&pt.f[1], P2); /* a tree would be empty here: nothing required, valid */
    assert_int_equal(path_check(&pt, inputs_make(&in, 0, -1, -1), &res), 0);
    assert_int_equal(res.by, -1);
    /* C3 requires an explicit policy after 2 more certificates: refused at the leaf. */
    pt.f[3].x.require_explicit = 2;
    assert_int_equal(path_check(&pt, inputs_make(&in, 0, -1, -1), &res),
                     MUTLS_ERR_X509_NO_POLICY);
    assert_int_equal(res.depth, 0);
    assert_int_equal(res.by, 3);
    /* ... after 3: it runs out after the leaf, which §6.1.5(a) still counts; after 4 it
     * never runs out on this path: valid. */
    pt.f[3].x.require_explicit = 3;
    assert_int_equal(path_check(&pt, inputs_make(&in, 0, -1, -1), &res),
                     MUTLS_ERR_X509_NO_POLICY);
    assert_int_equal(res.depth, 0);
    pt.f[3].x.require_explicit = 4;
    assert_int_equal(path_check(&pt, inputs_make(&in, 0, -1, -1), &res), 0);
    /* Required from C2 itself on (0): refused at C1, the first certificate it binds. */
    pt.f[2].x.require_explicit = 0;
    assert_int_equal(path_check(&pt, inputs_make(&in, 0, -1, -1), &res),
                     MUTLS_ERR_X509_NO_POLICY);
    assert_int_equal(res.depth, 1);
    assert_int_equal(res.by, 2);
    pt.f[2].x.require_explicit = -1;
    /* The leaf's own requireExplicitPolicy 0 (§6.1.5(b)). */
    pt.f[0].x.require_explicit = 0;
    assert_int_equal(path_check(&pt, inputs_make(&in, 0, -1, -1), &res),
                     MUTLS_ERR_X509_NO_POLICY);
    assert_int_equal(res.depth, 0);
    assert_int_equal(res.by, 0);
    path_free(&pt);
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
    fake leaf, ca;
    char buf[512];

    (void)state;
    assert_int_equal(mutls_config_new(&cfg, MUTLS_ROLE_SERVER), 0);
    assert_int_equal(mutls_config_set_policies(cfg, piv, 1, 0), MUTLS_ERR_NOT_BUILT);
    assert_int_equal(mutls_config_set_policies(cfg, NULL, 0, MUTLS_POLICY_EXPLICIT),
                     MUTLS_ERR_NOT_BUILT);
    assert_int_equal(mutls_config_set_policies(cfg, NULL, 0, 0), 0); /* the defaults */
    mutls_config_free(cfg);
    no_policy_at_leaf(&out, &leaf, &ca);
    (void)mutls_x509_explain(&out, buf, sizeof(buf));
    assert_string_equal(buf, "certificate at depth 0 (CN=client) is on a path that requires an "
                             "explicit certificate policy, by policyConstraints of the "
                             "certificate at depth 1 (CN=Issuing CA), and this build of mutls "
                             "leaves certificate policy processing out "
                             "(-DMUTLS_X509_POLICY=OFF)");
    fake_free(&leaf);
    fake_free(&ca);
#endif
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
        cmocka_unit_test(test_policy_off_refuses_required_explicit),
        cmocka_unit_test(test_policy_off_inputs_not_built),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
