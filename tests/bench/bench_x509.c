/* SPDX-License-Identifier: MIT */
/*
 * bench_x509.c - cost of certificate parsing and chain verification, for a 3-certificate
 * RSA-2048 chain and an EC P-256 chain from the test PKI (vectors/x509/), next to the cost
 * of the two raw signature verifications (hash of the TBS + public-key verify, keys already
 * imported) measured in the same run. The verifier's own overhead beyond those signature
 * checks (importing the intermediate's key, path search, names, constraints; the anchor's
 * key is imported once when the anchors are loaded) must stay under 10%. Parsing must
 * allocate nothing: allocations are counted through mutls_set_allocator.
 *
 * Usage: bench_x509 [iterations]   (exit status 1 when a budget is exceeded)
 */
#include "testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "certs.h"
#include "keys.h"
#include "mem.h"
#include "x509.h"

#define CHECK_TIME 1800000000
#define ROUNDS 25

static size_t n_allocs;

static void *count_alloc(void *ctx, size_t size)
{
    (void)ctx;
    n_allocs++;
    return malloc(size);
}

static void count_free(void *ctx, void *p, size_t size)
{
    (void)ctx;
    (void)size;
    free(p);
}

static double now_us(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e6 + (double)ts.tv_nsec / 1e3;
}

static int64_t fixed_clock(void *ctx)
{
    (void)ctx;
    return CHECK_TIME;
}

static mutls_certs *load(const char *rel)
{
    char path[512];
    mutls_certs *set = NULL;

    snprintf(path, sizeof(path), "%s/x509/%s", MUTLS_VECTORS_DIR, rel);
    if (mutls_certs_new(&set) != 0 || mutls_certs_add_file(set, path) != 0) {
        fprintf(stderr, "bench_x509: cannot load %s\n", path);
        exit(2);
    }
    return set;
}

/* The two signature checks alone: leaf by intermediate, intermediate by root. */
static int raw_verify(const mutls_x509 *chain, mutls_pkey *const *keys)
{
    uint8_t digest[MUTLS_HASH_MAX];
    int i;

    for (i = 0; i < 2; i++) {
        const mutls_x509 *x = &chain[i];
        if (mutls_hash_once(x->sig.hash, x->tbs.p, x->tbs.len, digest) != 0 ||
            mutls_pkey_verify(keys[i], x->sig.kind, x->sig.hash, x->sig.pss_salt, digest,
                              mutls_hash_len(x->sig.hash), x->signature.p, x->signature.len) != 0) {
            return -1;
        }
    }
    return 0;
}

/* Returns 1 when the chain is within budget. */
static int bench_chain(const char *label, const char *leaf, const char *inter, const char *root,
                       int iters)
{
    mutls_certs *sl = load(leaf);
    mutls_certs *si = load(inter);
    mutls_certs *sr = load(root);
    mutls_x509 chain[2];
    mutls_x509 parsed[3];
    mutls_pkey *keys[2] = {NULL, NULL};
    mutls_x509_verify_params p;
    mutls_x509_verify_out out;
    mutls_allocator counting = {count_alloc, count_free, NULL};
    double best_parse = 1e30;
    double best_verify = 1e30;
    double best_raw = 1e30;
    size_t parse_allocs;
    int round;
    int i;
    double overhead;

    chain[0] = sl->x[0];
    chain[1] = si->x[0];
    if (mutls_key_parse_spki(&keys[0], si->x[0].spki) != 0 ||
        mutls_key_parse_spki(&keys[1], sr->x[0].spki) != 0) {
        fprintf(stderr, "bench_x509: key import failed\n");
        exit(2);
    }
    memset(&p, 0, sizeof(p));
    p.purpose = MUTLS_X509_PURPOSE_SERVER;
    p.name = "www.example.com";
    p.time_fn = fixed_clock;
    /* Trust anchors are loaded once (a mutls_certs set imports their keys when added). */
    p.anchor_keys = sr->keys;
    if (mutls_x509_verify_chain(chain, 2, sr->x, 1, &p, &out) != 0 || raw_verify(chain, keys)) {
        fprintf(stderr, "bench_x509: %s does not verify\n", label);
        exit(2);
    }

    /* Parsing, with every allocation counted. */
    n_allocs = 0;
    (void)mutls_set_allocator(&counting);
    for (i = 0; i < iters; i++) {
        if (mutls_x509_parse(&parsed[0], sl->x[0].der.p, sl->x[0].der.len) != 0 ||
            mutls_x509_parse(&parsed[1], si->x[0].der.p, si->x[0].der.len) != 0 ||
            mutls_x509_parse(&parsed[2], sr->x[0].der.p, sr->x[0].der.len) != 0) {
            exit(2);
        }
    }
    parse_allocs = n_allocs;
    (void)mutls_set_allocator(NULL);

    /* Alternate short blocks of the three measurements so that all see the same machine
     * state, and keep the best block of each: the least disturbed by other processes. */
    iters = iters / ROUNDS > 0 ? iters / ROUNDS : 1;
    for (round = 0; round < ROUNDS; round++) {
        double t0 = now_us();
        for (i = 0; i < iters; i++) {
            if (mutls_x509_parse(&parsed[0], sl->x[0].der.p, sl->x[0].der.len) != 0 ||
                mutls_x509_parse(&parsed[1], si->x[0].der.p, si->x[0].der.len) != 0 ||
                mutls_x509_parse(&parsed[2], sr->x[0].der.p, sr->x[0].der.len) != 0) {
                exit(2);
            }
        }
        double t1 = now_us();
        for (i = 0; i < iters; i++) {
            if (mutls_x509_verify_chain(chain, 2, sr->x, 1, &p, &out) != 0) {
                exit(2);
            }
        }
        double t2 = now_us();
        for (i = 0; i < iters; i++) {
            if (raw_verify(chain, keys) != 0) {
                exit(2);
            }
        }
        double t3 = now_us();
        if ((t1 - t0) / iters < best_parse) {
            best_parse = (t1 - t0) / iters;
        }
        if ((t2 - t1) / iters < best_verify) {
            best_verify = (t2 - t1) / iters;
        }
        if ((t3 - t2) / iters < best_raw) {
            best_raw = (t3 - t2) / iters;
        }
    }
    overhead = (best_verify - best_raw) / best_raw * 100.0;
    printf("%-22s parse %7.2f us (3 certs, %zu allocations in %d parses)  verify %8.2f us  "
           "raw signatures %8.2f us  overhead %5.1f%%  %s\n",
           label, best_parse, parse_allocs, 3 * iters * ROUNDS, best_verify, best_raw, overhead,
           overhead < 10.0 && parse_allocs == 0 ? "ok" : "OVER BUDGET");
    mutls_pkey_free(keys[0]);
    mutls_pkey_free(keys[1]);
    mutls_certs_free(sl);
    mutls_certs_free(si);
    mutls_certs_free(sr);
    return overhead < 10.0 && parse_allocs == 0;
}

int main(int argc, char **argv)
{
    int iters = argc > 1 ? atoi(argv[1]) : 200;
    int ok = 1;

    if (iters <= 0) {
        iters = 200;
    }
    if (mutls_init() != 0) {
        return 2;
    }
    ok &= bench_chain("RSA-2048 (3 certs)", "rsa/leaf.pem", "rsa/inter.pem", "roots/rsa_root.pem",
                      iters);
    ok &= bench_chain("EC P-256 (3 certs)", "ec256/leaf.pem", "ec256/inter.pem",
                      "roots/ec256_root.pem", iters / 10 > 0 ? iters / 10 : 1);
    return ok ? 0 : 1;
}
