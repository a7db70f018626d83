/* SPDX-License-Identifier: MIT */
/*
 * x509_policy_tree.c - certificate policy processing of RFC 5280 §6.1: the state variables
 * of §6.1.2 (valid_policy_tree, explicit_policy, inhibit_anyPolicy, policy_mapping), the
 * per-certificate steps §6.1.3 (d)(e)(f), the preparation for the next certificate §6.1.4
 * (a)(b)(g)(h)(i)(j) with the self-issued rule, and the wrap-up §6.1.5 (a)(b)(g): the
 * intersection with the user-initial-policy-set. Policy qualifiers are not kept (RFC 5280
 * lets a relying party ignore them). x509_verify.c calls this for each candidate path.
 *
 * Representation. The RFC's tree repeats a policy under every parent that expects it, which
 * grows exponentially with mappings (CVE-2023-0464). Here each depth holds at most one node
 * per valid_policy: a node whose parent is the anyPolicy node of the depth above, or whose
 * parents are all the nodes above that expect its policy (a DAG, as BoringSSL and OpenSSL
 * since 3.2 do). The anyPolicy node of a depth is a flag. Nodes only need to know whether
 * they descend from a node of the valid_policy_node_set (§6.1.5(g)(ii)) that the user's set
 * accepts ("ok"): that is all the final intersection asks, so it is computed as nodes are
 * made, and only two depths are kept at a time. The expected_policy_set of the depth above
 * is a list of (expected policy, ok of its node) sorted by policy; a child finds its parents
 * by binary search. Pruning childless nodes (§6.1.3(d)(3), §6.1.4(b)(2)) is not done: it
 * changes no verdict, as the tree is empty exactly when the deepest depth is.
 *
 * Bound: a certificate holds at most 256 policies and 1024 mappings (x509_policy.c); a depth
 * holds at most its certificate's policies plus the distinct expected policies above; over
 * the whole path at most MUTLS_X509_POLICY_MAX_NODES nodes, else the path is refused with
 * MUTLS_ERR_X509_POLICY_TOO_COMPLEX. Time is O(N log N) in the nodes and mappings. Paths
 * whose certificates carry no certificatePolicies allocate nothing: the tree is NULL at the
 * first of them (§6.1.3(e)) and only the counters go on.
 *
 * -DMUTLS_X509_POLICY=OFF (MUTLS_NO_POLICY) leaves the tree out: only explicit_policy is
 * counted, and a path on which it reaches 0 (a policyConstraints requireExplicitPolicy in
 * reach) is refused, since whether a policy is left cannot be known; the policy inputs cannot
 * be set (MUTLS_ERR_NOT_BUILT). Paths that require no explicit policy verify as before.
 */
#include "x509.h"

#include <string.h>

#include "der.h"
#include "mem.h"

/* §6.1.4(h)(i)(j) counter update after certificate @p x at depth @p d. */
static void update_counters(const mutls_x509 *x, int d, int *explicit_policy, int *by,
                            int *mapping, int *inhibit_any)
{
    if (!mutls_x509_self_issued(x)) {
        *explicit_policy -= *explicit_policy > 0;
        *mapping -= *mapping > 0;
        *inhibit_any -= *inhibit_any > 0;
    }
    if (x->require_explicit >= 0 && x->require_explicit < *explicit_policy) {
        *explicit_policy = x->require_explicit;
        *by = d;
    }
    if ((x->flags & MUTLS_X509_HAS_INHIBIT_MAPPING) != 0 && x->inhibit_mapping < *mapping) {
        *mapping = x->inhibit_mapping;
    }
    if ((x->flags & MUTLS_X509_HAS_INHIBIT_ANY) != 0 && x->inhibit_any < *inhibit_any) {
        *inhibit_any = x->inhibit_any;
    }
}

#if !defined(MUTLS_NO_POLICY)

#define OID_ANY_POLICY "\x55\x1d\x20\x00"

/* A node of the current depth: its valid_policy, whether it descends from an accepted node
 * of the valid_policy_node_set, and what §6.1.4(b) did to it. */
typedef struct pnode {
    mutls_slice id;
    uint8_t ok;
    uint8_t mapped; /* its expected_policy_set comes from policyMappings */
    uint8_t gone;   /* deleted by §6.1.4(b)(2) */
} pnode;

/* One expected policy of a node of the depth above, with that node's ok. */
typedef struct pexp {
    mutls_slice id;
    uint8_t ok;
} pexp;

/* One policyMappings pair. */
typedef struct pmap {
    mutls_slice from; /* issuerDomainPolicy */
    mutls_slice to;   /* subjectDomainPolicy */
} pmap;

typedef struct level {
    pnode *nodes;
    size_t n, cap;
    pexp *exp;
    size_t n_exp, cap_exp;
    int any; /* the anyPolicy node exists at this depth */
} level;

typedef struct walk {
    const mutls_x509_verify_params *p;
    int user_any; /* the user-initial-policy-set is (or holds) anyPolicy */
    size_t total; /* nodes made over the path */
} walk;

static int oid_cmp(mutls_slice a, mutls_slice b)
{
    if (a.len != b.len) {
        return a.len < b.len ? -1 : 1;
    }
    return a.len == 0 ? 0 : memcmp(a.p, b.p, a.len);
}

static int node_cmp(const void *a, const void *b)
{
    return oid_cmp(((const pnode *)a)->id, ((const pnode *)b)->id);
}

static int exp_cmp(const void *a, const void *b)
{
    return oid_cmp(((const pexp *)a)->id, ((const pexp *)b)->id);
}

static int map_cmp(const void *a, const void *b)
{
    int c = oid_cmp(((const pmap *)a)->from, ((const pmap *)b)->from);

    return c != 0 ? c : oid_cmp(((const pmap *)a)->to, ((const pmap *)b)->to);
}

/* Heapsort (no recursion, no allocation; the freestanding core has no qsort) of @p n items
 * of @p size bytes (at most sizeof(pmap)). */
_Static_assert(sizeof(pnode) <= sizeof(pmap) && sizeof(pexp) <= sizeof(pmap),
               "swap_items' buffer holds any item");
static void swap_items(uint8_t *a, uint8_t *b, size_t size)
{
    uint8_t tmp[sizeof(pmap)];

    memcpy(tmp, a, size);
    memcpy(a, b, size);
    memcpy(b, tmp, size);
}

static void sift_down(uint8_t *base, size_t root, size_t n, size_t size,
                      int (*cmp)(const void *, const void *))
{
    for (;;) {
        size_t child = 2 * root + 1;

        if (child >= n) {
            return;
        }
        if (child + 1 < n && cmp(base + child * size, base + (child + 1) * size) < 0) {
            child++;
        }
        if (cmp(base + root * size, base + child * size) >= 0) {
            return;
        }
        swap_items(base + root * size, base + child * size, size);
        root = child;
    }
}

static void sort_items(void *items, size_t n, size_t size, int (*cmp)(const void *, const void *))
{
    uint8_t *base = items;
    size_t i;

    for (i = n / 2; i > 0; i--) {
        sift_down(base, i - 1, n, size, cmp);
    }
    for (i = n; i > 1; i--) {
        swap_items(base, base + (i - 1) * size, size);
        sift_down(base, 0, i - 1, size, cmp);
    }
}

static void level_free(level *l)
{
    mutls_mem_free(l->nodes, l->cap * sizeof(*l->nodes));
    mutls_mem_free(l->exp, l->cap_exp * sizeof(*l->exp));
    memset(l, 0, sizeof(*l));
}

/* §6.1.5(g)(iii): a node of the valid_policy_node_set survives the intersection when the
 * user-initial-policy-set holds its policy (or anyPolicy). */
static uint8_t user_accepts(const walk *w, mutls_slice id)
{
    size_t i;

    if (w->user_any) {
        return 1;
    }
    for (i = 0; i < w->p->n_policies; i++) {
        if (oid_cmp(w->p->policies[i], id) == 0) {
            return 1;
        }
    }
    return 0;
}

/* The entries of the sorted list @p e (n entries) for @p id: *first and the count. */
static size_t exp_range(const pexp *e, size_t n, mutls_slice id, size_t *first)
{
    size_t lo = 0, hi = n, end;

    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;

        if (oid_cmp(e[mid].id, id) < 0) {
            lo = mid + 1;
        } else {
            hi = mid;
        }
    }
    for (end = lo; end < n && oid_cmp(e[end].id, id) == 0; end++) {
    }
    *first = lo;
    return end - lo;
}

/* The node of @p id among the first @p n (sorted) nodes of @p l, or NULL. */
static pnode *find_node(level *l, size_t n, mutls_slice id)
{
    size_t lo = 0, hi = n;

    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int c = oid_cmp(l->nodes[mid].id, id);

        if (c == 0) {
            return &l->nodes[mid];
        }
        if (c < 0) {
            lo = mid + 1;
        } else {
            hi = mid;
        }
    }
    return NULL;
}

/* Whether some expected entry in [first, first+count) has ok. */
static uint8_t any_ok(const pexp *e, size_t first, size_t count)
{
    size_t i;

    for (i = first; i < first + count; i++) {
        if (e[i].ok) {
            return 1;
        }
    }
    return 0;
}

static int add_node(walk *w, level *l, mutls_slice id, uint8_t ok)
{
    if (l->n == l->cap) {
        return MUTLS_ERR_INTERNAL; /* sized in advance: cannot happen */
    }
    if (++w->total > MUTLS_X509_POLICY_MAX_NODES) {
        return MUTLS_ERR_X509_POLICY_TOO_COMPLEX;
    }
    l->nodes[l->n].id = id;
    l->nodes[l->n].ok = ok;
    l->nodes[l->n].mapped = 0;
    l->nodes[l->n].gone = 0;
    l->n++;
    return 0;
}

/* How many entries the SEQUENCE contents @p list holds (validated when parsed). */
static size_t count_entries(mutls_slice list)
{
    mutls_rd r;
    mutls_der_tlv t;
    size_t n = 0;

    mutls_rd_init_slice(&r, list);
    while (mutls_rd_remaining(&r) > 0) {
        mutls_der_any(&r, &t);
        n += r.err == 0;
    }
    return n;
}

/*
 * §6.1.3(d): the nodes of depth i from certificate @p x's policies and the depth above
 * @p up. @p any_allowed: anyPolicy in @p x counts (inhibit_anyPolicy > 0, or a self-issued
 * intermediate).
 */
static int grow(walk *w, const level *up, const mutls_x509 *x, int any_allowed, level *cur)
{
    size_t k = count_entries(x->policies);
    size_t m = count_entries(x->mappings);
    size_t direct;
    int has_any = 0;
    mutls_rd list;
    size_t i, first, count;

    /* Every policy of x, every distinct expected policy above (anyPolicy expansion), every
     * issuerDomainPolicy of x's mappings (§6.1.4(b)(1)). */
    cur->cap = k + up->n_exp + m;
    cur->nodes = mutls_alloc(cur->cap * sizeof(*cur->nodes));
    if (cur->nodes == NULL) {
        cur->cap = 0;
        return MUTLS_ERR_NO_MEMORY;
    }
    mutls_rd_init_slice(&list, x->policies);
    while (mutls_rd_remaining(&list) > 0) {
        mutls_rd info;
        mutls_slice id;

        mutls_der_enter(&list, MUTLS_DER_SEQUENCE, &info);
        id = mutls_der_oid(&info);
        if (list.err != 0 || info.err != 0) {
            return MUTLS_ERR_X509_MALFORMED;
        }
        if (MUTLS_DER_OID_IS(id, OID_ANY_POLICY)) {
            has_any = 1;
            continue;
        }
        /* (d)(1)(i): children of every node above that expects the policy; (ii) else a child
         * of the anyPolicy node above. */
        count = exp_range(up->exp, up->n_exp, id, &first);
        if (count > 0) {
            TRY(add_node(w, cur, id, any_ok(up->exp, first, count)));
        } else if (up->any) {
            TRY(add_node(w, cur, id, user_accepts(w, id)));
        }
    }
    sort_items(cur->nodes, cur->n, sizeof(*cur->nodes), node_cmp);
    direct = cur->n;
    /* (d)(2): anyPolicy in the certificate gives every expected policy above that no node
     * of this depth holds yet a node of its own, and keeps the anyPolicy node. */
    if (has_any && any_allowed) {
        for (i = 0; i < up->n_exp; i += count) {
            count = exp_range(up->exp, up->n_exp, up->exp[i].id, &first);
            if (find_node(cur, direct, up->exp[i].id) == NULL) {
                TRY(add_node(w, cur, up->exp[i].id, any_ok(up->exp, first, count)));
            }
        }
        cur->any = up->any;
        sort_items(cur->nodes, cur->n, sizeof(*cur->nodes), node_cmp);
    }
    return 0;
}

/* The first pair of @p maps (sorted) whose issuer policy is @p id, or m. */
static size_t first_mapping(const pmap *maps, size_t m, mutls_slice id)
{
    size_t lo = 0, hi = m;

    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;

        if (oid_cmp(maps[mid].from, id) < 0) {
            lo = mid + 1;
        } else {
            hi = mid;
        }
    }
    return lo;
}

/*
 * §6.1.4(b): apply certificate @p x's policyMappings to the depth it made (@p mapping: the
 * policy_mapping variable is above 0), then list the expected_policy_set of every node for
 * the depth below.
 */
static int map_and_expect(walk *w, const mutls_x509 *x, int mapping, level *cur)
{
    size_t m = count_entries(x->mappings);
    size_t sorted = cur->n;
    pmap *maps = NULL;
    mutls_rd list;
    size_t i, j;
    int rc = MUTLS_ERR_INTERNAL;

    if (m > 0) {
        maps = mutls_alloc(m * sizeof(*maps));
        if (maps == NULL) {
            return MUTLS_ERR_NO_MEMORY;
        }
    }
    mutls_rd_init_slice(&list, x->mappings);
    for (i = 0; i < m; i++) {
        mutls_rd pair;

        mutls_der_enter(&list, MUTLS_DER_SEQUENCE, &pair);
        maps[i].from = mutls_der_oid(&pair);
        maps[i].to = mutls_der_oid(&pair);
        if (list.err != 0 || pair.err != 0) {
            rc = MUTLS_ERR_X509_MALFORMED;
            goto out;
        }
    }
    if (m > 0) {
        sort_items(maps, m, sizeof(*maps), map_cmp);
    }
    for (i = 0; i < m; i = j) {
        pnode *node = find_node(cur, sorted, maps[i].from);

        for (j = i; j < m && oid_cmp(maps[j].from, maps[i].from) == 0; j++) {
        }
        if (!mapping) {
            /* (b)(2): with mapping inhibited the mapped policy's node is deleted. */
            if (node != NULL) {
                node->gone = 1;
            }
            continue;
        }
        /* (b)(1): the node's expected_policy_set becomes the mapped policies; without a
         * node, the anyPolicy node's parent gets one for the issuer policy. */
        if (node == NULL && cur->any) {
            rc = add_node(w, cur, maps[i].from, user_accepts(w, maps[i].from));
            if (rc < 0) {
                goto out;
            }
            node = &cur->nodes[cur->n - 1];
        }
        if (node != NULL) {
            node->mapped = 1;
        }
    }
    sort_items(cur->nodes, cur->n, sizeof(*cur->nodes), node_cmp);
    cur->cap_exp = cur->n + m;
    cur->exp = cur->cap_exp > 0 ? mutls_alloc(cur->cap_exp * sizeof(*cur->exp)) : NULL;
    if (cur->cap_exp > 0 && cur->exp == NULL) {
        cur->cap_exp = 0;
        rc = MUTLS_ERR_NO_MEMORY;
        goto out;
    }
    for (i = 0; i < cur->n; i++) {
        const pnode *node = &cur->nodes[i];
        size_t first = 0;
        size_t count = 0;

        if (node->gone) {
            continue;
        }
        if (node->mapped) {
            /* maps is sorted by issuer policy: the node's run of subjects */
            first = first_mapping(maps, m, node->id);
            for (count = 0; first + count < m &&
                            oid_cmp(maps[first + count].from, node->id) == 0;
                 count++) {
                cur->exp[cur->n_exp].id = maps[first + count].to;
                cur->exp[cur->n_exp++].ok = node->ok;
            }
        } else {
            cur->exp[cur->n_exp].id = node->id;
            cur->exp[cur->n_exp++].ok = node->ok;
        }
    }
    if (cur->n_exp > 0) {
        sort_items(cur->exp, cur->n_exp, sizeof(*cur->exp), exp_cmp);
    }
    rc = 0;
out:
    mutls_mem_free(maps, m * sizeof(*maps));
    return rc;
}

/* Whether depth @p l has a node left (the tree is not NULL). */
static int level_alive(const level *l)
{
    size_t i;

    if (l->any) {
        return 1;
    }
    for (i = 0; i < l->n; i++) {
        if (!l->nodes[i].gone) {
            return 1;
        }
    }
    return 0;
}

/* §6.1.5(g): the tree, cut to the user-initial-policy-set, is not NULL. */
static int final_tree_ok(const level *l)
{
    size_t i;

    if (l->any) {
        return 1; /* (g)(iii)(2): an anyPolicy leaf stands for every user policy */
    }
    for (i = 0; i < l->n; i++) {
        if (!l->nodes[i].gone && l->nodes[i].ok) {
            return 1;
        }
    }
    return 0;
}

int mutls_x509_policy_check(const mutls_x509 *const *path, int top,
                            const mutls_x509_verify_params *p, mutls_x509_policy_result *res)
{
    walk w;
    level up, cur;
    int n = top; /* certificates in the path, the anchor not counted (§6.1) */
    int tree = 1;
    int explicit_policy, mapping, inhibit_any, by = -1;
    int i;
    size_t u;
    int rc = MUTLS_ERR_INTERNAL;

    memset(&w, 0, sizeof(w));
    memset(&up, 0, sizeof(up));
    memset(&cur, 0, sizeof(cur));
    res->depth = 0;
    res->by = -1;
    res->nodes = 0;
    w.p = p;
    w.user_any = p->n_policies == 0;
    for (u = 0; u < p->n_policies; u++) {
        w.user_any |= MUTLS_DER_OID_IS(p->policies[u], OID_ANY_POLICY);
    }
    /* §6.1.2 (a)(d)(e)(f): the root anyPolicy node, and the counters at n+1 or 0. */
    up.any = 1;
    explicit_policy = (p->policy_flags & MUTLS_POLICY_EXPLICIT) != 0 ? 0 : n + 1;
    mapping = (p->policy_flags & MUTLS_POLICY_INHIBIT_MAPPING) != 0 ? 0 : n + 1;
    inhibit_any = (p->policy_flags & MUTLS_POLICY_INHIBIT_ANY) != 0 ? 0 : n + 1;

    for (i = 1; i <= n; i++) {
        const mutls_x509 *x = path[top - i];
        int d = top - i;

        res->depth = d;
        if (tree && x->policies.len > 0) {
            /* (d) */
            rc = grow(&w, &up, x, inhibit_any > 0 || (i < n && mutls_x509_self_issued(x)),
                      &cur);
            if (rc < 0) {
                goto out;
            }
            tree = level_alive(&cur);
        } else {
            tree = 0; /* (e) */
        }
        /* (f) */
        if (explicit_policy == 0 && !tree) {
            res->by = by;
            rc = MUTLS_ERR_X509_NO_POLICY;
            goto out;
        }
        if (i == n) {
            break;
        }
        /* §6.1.4 (a) is checked when x is parsed; (b): */
        if (tree) {
            rc = map_and_expect(&w, x, mapping > 0, &cur);
            if (rc < 0) {
                goto out;
            }
            tree = level_alive(&cur);
        }
        update_counters(x, d, &explicit_policy, &by, &mapping, &inhibit_any);
        level_free(&up);
        up = cur;
        memset(&cur, 0, sizeof(cur));
    }
    /* §6.1.5 (a)(b) */
    explicit_policy -= explicit_policy > 0;
    if (n > 0 && path[0]->require_explicit == 0) {
        explicit_policy = 0;
        by = 0;
    }
    /* (g): with n == 0 the tree is the root anyPolicy node. */
    res->depth = 0;
    if (explicit_policy == 0 && !(n == 0 || (tree && final_tree_ok(&cur)))) {
        res->by = by;
        rc = MUTLS_ERR_X509_NO_POLICY;
        goto out;
    }
    rc = 0;
out:
    res->nodes = w.total;
    level_free(&up);
    level_free(&cur);
    return rc;
}

#else /* MUTLS_NO_POLICY */

int mutls_x509_policy_check(const mutls_x509 *const *path, int top,
                            const mutls_x509_verify_params *p, mutls_x509_policy_result *res)
{
    int n = top;
    int explicit_policy = n + 1, mapping = n + 1, inhibit_any = n + 1, by = -1;
    int i;

    (void)p; /* its policy inputs cannot be set in this build */
    res->depth = 0;
    res->by = -1;
    res->nodes = 0;
    /* §6.1.3(f) at every certificate and §6.1.5(g): with explicit_policy at 0 the path needs
     * the tree this build does not keep, so it is refused (fail closed). */
    for (i = 1; i <= n; i++) {
        const mutls_x509 *x = path[top - i];

        res->depth = top - i;
        if (explicit_policy == 0) {
            res->by = by;
            return MUTLS_ERR_X509_NO_POLICY;
        }
        if (i < n) {
            update_counters(x, top - i, &explicit_policy, &by, &mapping, &inhibit_any);
        }
    }
    explicit_policy -= explicit_policy > 0;
    if (n > 0 && path[0]->require_explicit == 0) {
        explicit_policy = 0;
        by = 0;
    }
    res->depth = 0;
    if (n > 0 && explicit_policy == 0) {
        res->by = by;
        return MUTLS_ERR_X509_NO_POLICY;
    }
    return 0;
}

#endif /* MUTLS_NO_POLICY */
