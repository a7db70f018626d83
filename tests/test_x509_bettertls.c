/* SPDX-License-Identifier: MIT */
/*
 * test_x509_bettertls.c - the BetterTLS audit (vectors/x509/bettertls, made by gen.py).
 *
 * nameconstraints: leaf -> intermediate with dNSName / iPAddress subtrees -> local root ->
 * trusted root, for a host name or an address (nc_cases.txt). Each case must give mutls's
 * exact verdict, and that verdict must be BetterTLS's: a PASS accepted, a FAIL refused, and a
 * lenient SOFT_ verdict either way, with the cases where mutls takes the lenient side marked
 * POLICY (so the list of disagreements stays honest). The suite's later cases, the host
 * smuggled into SAN entries of other kinds or behind separators (nc_smuggle_cases.txt), must
 * all be refused.
 *
 * pathbuilding: RFC 4158's trust graphs with one entity trusted and some edges made invalid
 * (manifest.txt). A path of valid edges must be found whatever order the peer sends its
 * certificates in, and a short one through cross-certified CAs; without one, the refusal must
 * be the invalid edge's reason, name the certificate at fault where it sits on the path and
 * say so in its sentence. Under valgrind or qemu (tu_test_quick) a sample of each runs.
 */
#include "testutil.h"

#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "certs.h"
#include "error.h"
#include "x509.h"

#define TIME 1800000000
#define MAX_CHAIN 64

static int64_t fixed_time(void *ctx)
{
    (void)ctx;
    return TIME;
}

static mutls_certs *load(const char *rel)
{
    char path[256];
    mutls_certs *set = NULL;

    snprintf(path, sizeof(path), "x509/bettertls/%s", rel);
    assert_int_equal(mutls_certs_new(&set), 0);
    assert_int_equal(mutls_certs_add_file(set, tu_vector_path(path)), 0);
    return set;
}

static int verify(const mutls_x509 *chain, size_t n, const mutls_certs *anchors,
                  const mutls_x509 *anchor, const char *host, const char *ip,
                  mutls_x509_verify_out *out)
{
    mutls_x509_verify_params p;

    memset(&p, 0, sizeof(p));
    p.purpose = MUTLS_X509_PURPOSE_SERVER;
    p.name = host != NULL ? host : ip;
    p.name_kind = host != NULL ? MUTLS_X509_NAME_DNS : MUTLS_X509_NAME_IP;
    p.time_fn = fixed_time;
    if (anchor == NULL) {
        p.anchor_keys = anchors->keys;
        return mutls_x509_verify_chain(chain, n, anchors->x, anchors->n, &p, out);
    }
    return mutls_x509_verify_chain(chain, n, anchor, 1, &p, out);
}

/* Whether mutls's verdict @p rc is one BetterTLS's @p want allows. */
static int allowed(const char *want, int rc)
{
    if (strcmp(want, "PASS") == 0) {
        return rc == 0;
    }
    if (strcmp(want, "FAIL") == 0) {
        return rc != 0;
    }
    return strcmp(want, "SOFT_FAIL") == 0 || strcmp(want, "SOFT_PASS") == 0;
}

/* Whether @p rc is the verdict BetterTLS prefers (a SOFT_FAIL is better refused). */
static int preferred(const char *want, int rc)
{
    return (rc == 0) == (strcmp(want, "PASS") == 0 || strcmp(want, "SOFT_PASS") == 0);
}

/* ------------------------------------------------------------ nameconstraints */

typedef struct nc_stats {
    int cases;
    int failures;
    int policy;
    int by_verdict[4]; /* PASS, FAIL, SOFT_FAIL, SOFT_PASS */
    int refused_by_constraint;
} nc_stats;

static void run_nc_case(nc_stats *st, const mutls_certs *root, const mutls_certs *local,
                        const mutls_certs *icas, const mutls_certs *leaves, const char *line)
{
    static const char *const verdicts[4] = {"PASS", "FAIL", "SOFT_FAIL", "SOFT_PASS"};
    /* Zeroed: GCC inlines strcmp against the short literals below as word loads that read
     * past the terminating NUL, which valgrind reports when those bytes were never set. */
    char kind[8] = {0}, btls[16] = {0}, expect[40] = {0}, note[16] = {0};
    mutls_x509 chain[4];
    mutls_x509_verify_out out;
    unsigned ica, leaf;
    const char *got;
    int rc;
    int v;

    if (sscanf(line, "%7s %u %u %15s %39s %15s", kind, &ica, &leaf, btls, expect, note) != 6 ||
        ica >= icas->n || leaf >= leaves->n) {
        fail_msg("nc_cases.txt: bad line \"%s\"", line);
    }
    st->cases++;
    /* As BetterTLS's server sends it: the root too. */
    chain[0] = leaves->x[leaf];
    chain[1] = icas->x[ica];
    chain[2] = local->x[0];
    chain[3] = root->x[0];
    rc = verify(chain, 4, root, NULL, strcmp(kind, "dns") == 0 ? "test.localhost" : NULL,
                strcmp(kind, "ip") == 0 ? "127.0.0.1" : NULL, &out);
    got = rc == 0 ? "ok" : mutls_strerror(rc);
    if (strcmp(got, expect) != 0 || (rc != 0 && out.depth != 0)) {
        print_error("nc %s ica %u leaf %u: want %s, got %s at depth %d\n", kind, ica, leaf, expect,
                    got, out.depth);
        st->failures++;
    }
    if (!allowed(btls, rc)) {
        print_error("nc %s ica %u leaf %u: BetterTLS says %s, mutls %s\n", kind, ica, leaf, btls,
                    got);
        st->failures++;
    }
    /* POLICY exactly where mutls takes the lenient side of a SOFT_ verdict. */
    if (preferred(btls, rc) == (strcmp(note, "POLICY") == 0)) {
        print_error("nc %s ica %u leaf %u: POLICY note wrong (%s, mutls %s)\n", kind, ica, leaf,
                    btls, got);
        st->failures++;
    }
    st->policy += strcmp(note, "POLICY") == 0;
    st->refused_by_constraint += rc == MUTLS_ERR_X509_NAME_CONSTRAINT;
    for (v = 0; v < 4; v++) {
        st->by_verdict[v] += strcmp(btls, verdicts[v]) == 0;
    }
}

static void test_x509_bettertls_nameconstraints_every_case_exact(void **state)
{
    mutls_certs *root = load("nc_root.pem");
    mutls_certs *local = load("nc_local_root.pem");
    mutls_certs *icas = load("nc_ica.pem");
    mutls_certs *leaves = load("nc_leaf.pem");
    size_t len = 0;
    char *text = (char *)tu_read_vector("x509/bettertls/nc_cases.txt", &len);
    char *line;
    char *save = NULL;
    nc_stats st;
    /* Under valgrind or qemu (tu_test_quick) every 7th case: the rules, not the matrix. */
    int stride = tu_test_quick() ? 7 : 1;
    int k = 0;

    (void)state;
    assert_non_null(text);
    assert_int_equal(icas->n, 81);
    assert_int_equal(leaves->n, 45);
    memset(&st, 0, sizeof(st));
    for (line = strtok_r(text, "\n", &save); line != NULL; line = strtok_r(NULL, "\n", &save)) {
        if (line[0] != '#' && line[0] != 0 && k++ % stride == 0) {
            run_nc_case(&st, root, local, icas, leaves, line);
        }
    }
    assert_int_equal(st.failures, 0);
    if (stride > 1) {
        assert_true(st.cases >= 1200 / stride);
        goto out;
    }
    /* Every verdict of the suite is represented, and the constraints really refuse some. */
    assert_true(st.cases >= 1200);
    assert_true(st.by_verdict[0] >= 100 && st.by_verdict[1] >= 500);
    assert_true(st.by_verdict[2] >= 100 && st.by_verdict[3] >= 20);
    assert_true(st.refused_by_constraint >= 300);
    assert_true(st.policy > 0 && st.policy < 60);
out:
    free(text);
    mutls_certs_free(root);
    mutls_certs_free(local);
    mutls_certs_free(icas);
    mutls_certs_free(leaves);
}

/*
 * The SAN-smuggling cases: the host hidden in an entry of another kind or behind a separator.
 * Each leaf is loaded on its own (a leaf the SAN syntax refuses does not load, as a peer's
 * certificate would not parse) and every case must be refused for one of the three reasons.
 */
static void test_x509_bettertls_nameconstraints_smuggled_names_refused(void **state)
{
    mutls_certs *root = load("nc_root.pem");
    mutls_certs *local = load("nc_local_root.pem");
    mutls_certs *icas = load("nc_ica.pem");
    size_t len = 0;
    size_t pem_len = 0;
    char *text = (char *)tu_read_vector("x509/bettertls/nc_smuggle_cases.txt", &len);
    char *pem = (char *)tu_read_vector("x509/bettertls/nc_smuggle.pem", &pem_len);
    const char *blocks[256];
    size_t n_blocks = 0;
    const char *p;
    char *line;
    char *save = NULL;
    int by_code[3] = {0, 0, 0};
    int cases = 0;
    int stride = tu_test_quick() ? 3 : 1;
    int k = 0;

    (void)state;
    assert_non_null(text);
    assert_non_null(pem);
    for (p = strstr(pem, "-----BEGIN"); p != NULL; p = strstr(p + 1, "-----BEGIN")) {
        assert_true(n_blocks < 256);
        blocks[n_blocks++] = p;
    }
    for (line = strtok_r(text, "\n", &save); line != NULL; line = strtok_r(NULL, "\n", &save)) {
        char kind[8] = {0}, btls[16] = {0}, expect[16] = {0};
        mutls_x509 chain[3];
        mutls_x509_verify_out out;
        mutls_certs *leaf = NULL;
        unsigned ica, l;
        const char *end;
        int rc;

        if (line[0] == '#' || k++ % stride != 0) {
            continue;
        }
        if (sscanf(line, "%7s %u %u %15s %15s", kind, &ica, &l, btls, expect) != 5 ||
            ica >= icas->n || l >= n_blocks || strcmp(btls, "FAIL") != 0 ||
            strcmp(expect, "refused") != 0) {
            fail_msg("nc_smuggle_cases.txt: bad line \"%s\"", line);
        }
        cases++;
        end = strstr(blocks[l], "-----END CERTIFICATE-----");
        assert_non_null(end);
        assert_int_equal(mutls_certs_new(&leaf), 0);
        rc = mutls_certs_add(leaf, (const uint8_t *)blocks[l],
                             (size_t)(end - blocks[l]) + strlen("-----END CERTIFICATE-----"));
        if (rc == 0) {
            chain[0] = leaf->x[0];
            chain[1] = icas->x[ica];
            chain[2] = local->x[0];
            rc = verify(chain, 3, root, NULL, strcmp(kind, "dns") == 0 ? "test.localhost" : NULL,
                        strcmp(kind, "ip") == 0 ? "127.0.0.1" : NULL, &out);
            assert_int_equal(out.depth, 0);
        }
        if (rc == MUTLS_ERR_X509_MALFORMED) {
            by_code[0]++;
        } else if (rc == MUTLS_ERR_X509_NAME_MISMATCH) {
            by_code[1]++;
        } else if (rc == MUTLS_ERR_X509_NAME_CONSTRAINT) {
            by_code[2]++;
        } else {
            fail_msg("smuggled name %s ica %u leaf %u: got %s", kind, ica, l,
                     rc == 0 ? "ok" : mutls_strerror(rc));
        }
        mutls_certs_free(leaf);
    }
    /* Every leaf under both constraints; each way of refusing is met. */
    assert_int_equal(cases, (2 * (int)n_blocks + stride - 1) / stride);
    assert_true(by_code[0] > 0 && by_code[1] > 0 && by_code[2] > 0);
    free(text);
    free(pem);
    mutls_certs_free(root);
    mutls_certs_free(local);
    mutls_certs_free(icas);
}

/* ------------------------------------------------------------ pathbuilding */

typedef struct pb_stats {
    int cases;
    int failures;
    int passes;
    int fixed;
    int by_reason[8];
} pb_stats;

/* The CN of @p x as a C string in @p buf (empty when it has none). */
static const char *cn_of(const mutls_x509 *x, char *buf, size_t cap)
{
    mutls_slice cn;

    buf[0] = 0;
    if (x != NULL && mutls_x509_name_cn(x->subject, &cn) == 1 && cn.len < cap) {
        memcpy(buf, cn.p, cn.len);
        buf[cn.len] = 0;
    }
    return buf;
}

/* Parse "3 0 5 ..." into indices of @p set. */
static size_t indices(const char *list, const mutls_certs *set, size_t out[MAX_CHAIN])
{
    size_t n = 0;
    char *end;

    while (*list != 0) {
        unsigned long v = strtoul(list, &end, 10);

        if (end == list) {
            break;
        }
        assert_true(n < MAX_CHAIN && v < set->n);
        out[n++] = (size_t)v;
        list = end;
    }
    return n;
}

static void run_pb_case(const tu_record *rec, void *ctx)
{
    static const char *const codes[] = {"ok",
                                        "expired",
                                        "name_constraint_violated",
                                        "purpose_mismatch",
                                        "not_a_ca",
                                        "unsupported_algorithm"};
    pb_stats *st = ctx;
    const char *name = tu_field(rec, "name");
    const char *bundle = tu_field(rec, "bundle");
    const char *chain_s = tu_field(rec, "chain");
    const char *anchor_s = tu_field(rec, "anchor");
    const char *expect = tu_field(rec, "expect");
    const char *btls = tu_field(rec, "bettertls");
    const char *blame = tu_field(rec, "blame");
    const char *host = tu_field(rec, "host");
    const char *depth_s = tu_field(rec, "depth");
    const char *note = tu_field(rec, "note");
    char file[64];
    mutls_certs *set;
    size_t idx[MAX_CHAIN];
    mutls_x509 chain[MAX_CHAIN];
    size_t n;
    size_t i;
    int order;
    size_t c;

    if (name == NULL || bundle == NULL || chain_s == NULL || anchor_s == NULL || expect == NULL ||
        btls == NULL || host == NULL || tu_field(rec, "rfc") == NULL ||
        tu_field(rec, "case") == NULL || (strcmp(expect, "ok") != 0) != (blame != NULL) ||
        (blame != NULL) != (depth_s != NULL)) {
        fail_msg("manifest record at line %d is incomplete", rec->line);
    }
    snprintf(file, sizeof(file), "%s.pem", bundle);
    set = load(file);
    n = indices(chain_s, set, idx);
    assert_true(n >= 2);
    st->cases++;
    /* As sent (leaf first, then the edges in the graph's order), then in reverse (not under
     * valgrind or qemu: tu_test_quick). */
    for (order = 0; order < (tu_test_quick() ? 1 : 2); order++) {
        mutls_x509_verify_out out;
        char sentence[512];
        char who[80];
        char want[90];
        int rc;

        chain[0] = set->x[idx[0]];
        for (i = 1; i < n; i++) {
            chain[i] = set->x[idx[order == 0 ? i : n - i]];
        }
        rc = verify(chain, n, NULL, &set->x[strtoul(anchor_s, NULL, 10)], host, NULL, &out);
        (void)mutls_x509_explain(&out, sentence, sizeof(sentence));
        /* The sentence names the certificate by its subject, serialNumber included. */
        snprintf(want, sizeof(want), "CN=%s", blame != NULL ? blame : "");
        if (strcmp(rc == 0 ? "ok" : mutls_strerror(rc), expect) != 0 ||
            (rc != 0 &&
             (strcmp(cn_of(out.cert, who, sizeof(who)), blame) != 0 || out.depth != atoi(depth_s) ||
              strstr(sentence, want) == NULL || strstr(sentence, "serialNumber=pb-") == NULL))) {
            print_error("case %s (order %d): want %s blaming %s at depth %s, got %s: %s\n", name,
                        order, expect, blame != NULL ? blame : "-", depth_s != NULL ? depth_s : "-",
                        rc == 0 ? "ok" : mutls_strerror(rc), rc == 0 ? "" : sentence);
            st->failures++;
        }
        if (!allowed(btls, rc) || !preferred(btls, rc)) {
            print_error("case %s: BetterTLS says %s\n", name, btls);
            st->failures++;
        }
        if (order == 0) {
            st->fixed += note != NULL && strncmp(note, "FIXED", 5) == 0;
            st->passes += rc == 0;
            for (c = 0; c < sizeof(codes) / sizeof(codes[0]); c++) {
                st->by_reason[c] += strcmp(expect, codes[c]) == 0;
            }
        }
    }
    mutls_certs_free(set);
}

static void test_x509_bettertls_pathbuilding_every_case_exact(void **state)
{
    pb_stats st;
    int n;
    int c;

    (void)state;
    memset(&st, 0, sizeof(st));
    n = tu_for_each_record("x509/bettertls/manifest.txt", run_pb_case, &st);
    assert_true(n >= 70);
    assert_int_equal(st.cases, n);
    assert_int_equal(st.failures, 0);
    assert_true(st.passes >= 30);
    assert_true(st.fixed >= 10);
    /* Each of the six ways an edge is made invalid decides at least one case. */
    for (c = 1; c < 6; c++) {
        assert_true(st.by_reason[c] >= 4);
    }
}

/* The chain and anchor of one manifest case, by name. */
typedef struct pick {
    const char *name;
    char chain[256];
    char anchor[8];
} pick;

static void pick_case(const tu_record *rec, void *ctx)
{
    pick *pk = ctx;
    const char *name = tu_field(rec, "name");

    if (name != NULL && strcmp(name, pk->name) == 0) {
        snprintf(pk->chain, sizeof(pk->chain), "%s", tu_field(rec, "chain"));
        snprintf(pk->anchor, sizeof(pk->anchor), "%s", tu_field(rec, "anchor"));
    }
}

/*
 * Cross-certified graphs sent in every rotation of their intermediates. A path that meets a
 * CA twice is never built, and at each step an intermediate issued by the anchor is tried
 * first (RFC 4158 §2.4.2), so the path found is short whatever the order: through
 * figure 7 always TA -> C -> B or TA -> A -> B (4 certificates), across the bridge to EE always
 * the 6 of TA Z -> bridge -> TA X -> L -> N -> EE, to D at most 7. A bad edge on the short
 * path is blamed where it sits there (depth 3 or 4), not further up a path that went round
 * the bridge's loops.
 */
static void test_x509_bettertls_cross_certified_any_order_short_path(void **state)
{
    static const struct {
        const char *bundle;
        const char *name;
        int rc;
        size_t min_len, max_len; /* of an accepted path */
        int depth;               /* of a refusal */
        const char *blame;
    } rows[] = {
        {"pb_figure7.pem", "pb_figure7_ta_ee", 0, 4, 4, 0, NULL},
        {"pb_bridge.pem", "pb_bridge_taz_ee", 0, 6, 6, 0, NULL},
        {"pb_bridge.pem", "pb_bridge_taz_d", 0, 6, 7, 0, NULL},
        {"pb_bridge.pem", "pb_bridge_taz_ee_bridge-tax_expired", MUTLS_ERR_X509_EXPIRED, 0, 0, 3,
         "TA X"},
        {"pb_bridge.pem", "pb_bridge_taz_ee_taz-bridge_expired", MUTLS_ERR_X509_EXPIRED, 0, 0, 4,
         "Bridge CA"},
    };
    size_t k;

    (void)state;
    for (k = 0; k < sizeof(rows) / sizeof(rows[0]); k++) {
        mutls_certs *set = load(rows[k].bundle);
        pick pk;
        mutls_x509 chain[MAX_CHAIN];
        size_t idx[MAX_CHAIN];
        const mutls_x509 *anchor;
        char who[80];
        size_t n;
        size_t r;
        size_t i;

        memset(&pk, 0, sizeof(pk));
        pk.name = rows[k].name;
        assert_true(tu_for_each_record("x509/bettertls/manifest.txt", pick_case, &pk) > 0);
        assert_true(pk.chain[0] != 0);
        anchor = &set->x[strtoul(pk.anchor, NULL, 10)];
        n = indices(pk.chain, set, idx);
        assert_true(n >= 7);
        /* Every rotation; three under valgrind or qemu (tu_test_quick). */
        for (r = 0; r < n - 1; r += tu_test_quick() ? (n - 1) / 3 + 1 : 1) {
            mutls_x509_verify_out out;
            int rc;

            chain[0] = set->x[idx[0]];
            for (i = 1; i < n; i++) {
                chain[i] = set->x[idx[1 + (r + i - 1) % (n - 1)]];
            }
            rc = verify(chain, n, NULL, anchor, "localhost", NULL, &out);
            if (rc != rows[k].rc ||
                (rc == 0 && (out.path_len < rows[k].min_len || out.path_len > rows[k].max_len)) ||
                (rc != 0 && (out.depth != rows[k].depth ||
                             strcmp(cn_of(out.cert, who, sizeof(who)), rows[k].blame) != 0))) {
                fail_msg("%s rotation %zu: got %s, path of %zu, depth %d", rows[k].name, r,
                         rc == 0 ? "ok" : mutls_strerror(rc), out.path_len, out.depth);
            }
        }
        mutls_certs_free(set);
    }
}

/*
 * The whole bridge PKI (36 certificates, every CA cross-certified with the bridge) against an
 * anchor none of them chains to: the search walks the loops, stops within its budget and
 * says which issuer it could not get past, and that its certificates were all on the path
 * (not that they were missing).
 */
static void test_x509_bettertls_bridge_without_anchor_unknown_issuer(void **state)
{
    mutls_certs *set = load("pb_bridge.pem");
    mutls_certs *other = load("nc_root.pem");
    pick pk;
    mutls_x509 chain[MAX_CHAIN];
    size_t idx[MAX_CHAIN];
    mutls_x509_verify_out out;
    char sentence[512];
    size_t n;
    size_t i;

    (void)state;
    memset(&pk, 0, sizeof(pk));
    pk.name = "pb_bridge_taz_ee";
    assert_true(tu_for_each_record("x509/bettertls/manifest.txt", pick_case, &pk) > 0);
    n = indices(pk.chain, set, idx);
    assert_int_equal(n, 36);
    for (i = 0; i < n; i++) {
        chain[i] = set->x[idx[i]];
    }
    assert_int_equal(verify(chain, n, other, NULL, "localhost", NULL, &out),
                     MUTLS_ERR_X509_UNKNOWN_ISSUER);
    assert_non_null(out.cert);
    assert_true(mutls_x509_explain(&out, sentence, sizeof(sentence)) > 0);
    assert_non_null(strstr(sentence, "serialNumber=pb-bridge-"));
    assert_non_null(strstr(sentence, "leads back into the path"));
    mutls_certs_free(other);
    mutls_certs_free(set);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_x509_bettertls_nameconstraints_every_case_exact),
        cmocka_unit_test(test_x509_bettertls_nameconstraints_smuggled_names_refused),
        cmocka_unit_test(test_x509_bettertls_pathbuilding_every_case_exact),
        cmocka_unit_test(test_x509_bettertls_cross_certified_any_order_short_path),
        cmocka_unit_test(test_x509_bettertls_bridge_without_anchor_unknown_issuer),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
