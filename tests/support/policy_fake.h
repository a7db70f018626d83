/* SPDX-License-Identifier: MIT */
/*
 * policy_fake.h - hand-made certificates for the policy tree tests (test_x509_policy_tree.c,
 * test_x509_policy_off.c): names, certificatePolicies and policyMappings only, no keys, and
 * paths of them below an anchor "TA", walked with mutls_x509_policy_check. Test policy k
 * (k >= 1) is the OID 2.999.k; k = 0 is anyPolicy. Failures fail the running cmocka test.
 */
#ifndef MUTLS_TEST_POLICY_FAKE_H
#define MUTLS_TEST_POLICY_FAKE_H

#include <stddef.h>
#include <stdint.h>

#include "x509.h"

typedef struct pf_tb {
    uint8_t *p;
    size_t len, cap;
} pf_tb;

typedef struct pf_fake {
    mutls_x509 x;
    pf_tb subject, issuer, pols, maps;
} pf_fake;

/*
 * A path of @p n certificates below an anchor: f[0] the leaf, f[n-1] issued by the anchor
 * "TA". Named "C<i>" (leaf "EE"), each issued by the one above.
 */
typedef struct pf_path {
    pf_fake f[10];
    const mutls_x509 *p[11];
    pf_fake ta;
    int n;
} pf_path;

/* Parameters with user policies {k...} (terminated by -1) and @p flags. */
typedef struct pf_inputs {
    mutls_x509_verify_params p;
    mutls_slice set[4];
    uint8_t oid[4][8];
} pf_inputs;

/* A growing buffer (pf_tb) and DER written into it: bytes, one TLV, a test policy's OID, a
 * Name of one CN. */
void pf_tb_put(pf_tb *b, const uint8_t *d, size_t n);
void pf_tb_tlv(pf_tb *b, uint8_t tag, const uint8_t *body, size_t n);
size_t pf_policy_oid(int k, uint8_t out[8]);
void pf_put_oid(pf_tb *b, int k);
void pf_put_name(pf_tb *b, const char *cn);
/* A certificate named @p subject issued by @p issuer; the policies it asserts and the
 * mappings it makes; pf_fake_done points its slices at the buffers after the last change. */
void pf_fake_init(pf_fake *f, const char *subject, const char *issuer);
void pf_fake_policy(pf_fake *f, int k);
void pf_fake_map(pf_fake *f, int from, int to);
const mutls_x509 *pf_fake_done(pf_fake *f);
void pf_fake_free(pf_fake *f);
/* pf_fake_free, then pf_fake_init: the same slot made another certificate. */
void pf_fake_reset(pf_fake *f, const char *subject, const char *issuer);
/* A path (see pf_path), its policy check with inputs from pf_inputs_make, and its end. */
void pf_path_init(pf_path *pt, int n);
int pf_path_check(pf_path *pt, const mutls_x509_verify_params *p, mutls_x509_policy_result *res);
void pf_path_free(pf_path *pt);
const mutls_x509_verify_params *pf_inputs_make(pf_inputs *in, unsigned flags, int k1, int k2);
/* A refusal for policies at the leaf "client", required by its issuer's policyConstraints,
 * as mutls_x509_explain receives it. */
void pf_no_policy_at_leaf(mutls_x509_verify_out *out, pf_fake *leaf, pf_fake *ca);

#define P1 1
#define P2 2
#define P3 3
#define ANY 0

#endif
