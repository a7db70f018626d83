/* SPDX-License-Identifier: MIT */
/*
 * fuzz_der_x509.c - libFuzzer harness: the input is one DER certificate.
 *
 * Target functions: mutls_x509_parse, mutls_der_check_nesting, mutls_x509_name_string,
 * mutls_x509_name_cn, mutls_x509_gn_next, mutls_x509_subtree_next, mutls_x509_check_host,
 * mutls_x509_verify_chain (the input as leaf against the demo CAs; the input as a candidate
 * intermediate; the input as the trust anchor of the demo server certificate, which imports
 * its SubjectPublicKeyInfo through mutls_key_parse_spki), mutls_x509_explain.
 *
 * Seeds: tests/fuzz/corpus/fuzz_der_x509 (every certificate under vectors/, as DER).
 */
#include <stdlib.h>
#include <string.h>

#include "der.h"
#include "fuzz_common.h"
#include "x509.h"

static uint8_t *ca_der, *ca_ec_der, *server_der;
static size_t ca_len, ca_ec_len, server_len;
static mutls_x509 anchors[2];
static mutls_x509 server;

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    ca_der = fz_read_pem_der("pki/ca.pem", &ca_len);
    ca_ec_der = fz_read_pem_der("pki/ca-ec.pem", &ca_ec_len);
    server_der = fz_read_pem_der("pki/server.pem", &server_len);
    if (mutls_x509_parse(&anchors[0], ca_der, ca_len) != 0 ||
        mutls_x509_parse(&anchors[1], ca_ec_der, ca_ec_len) != 0 ||
        mutls_x509_parse(&server, server_der, server_len) != 0) {
        fz_fail("fixture certificates do not parse", -1);
    }
    return 0;
}

/* Every negative code must be a known one (some functions return a length or a flag). */
static void check_code(const char *what, int rc)
{
    if (rc < 0 && strcmp(mutls_strerror(rc), "unknown_error") == 0) {
        fz_fail(what, rc);
    }
}

static void walk_names(const mutls_x509 *x)
{
    char buf[256];
    mutls_slice cn;
    mutls_rd r;
    mutls_x509_gn gn;
    int rc;

    check_code("name_string", mutls_x509_name_string(x->subject, buf, sizeof(buf)));
    check_code("name_string", mutls_x509_name_string(x->issuer, buf, sizeof(buf)));
    check_code("name_cn", mutls_x509_name_cn(x->subject, &cn));
    (void)mutls_x509_name_equal(x->subject, x->issuer);
    mutls_rd_init(&r, x->san.p, x->san.len);
    while ((rc = mutls_x509_gn_next(&r, &gn)) == 1) {
        (void)mutls_x509_match_name(gn.type, gn.value, "localhost");
    }
    check_code("gn_next", rc);
    mutls_rd_init(&r, x->nc_permitted.p, x->nc_permitted.len);
    while ((rc = mutls_x509_subtree_next(&r, &gn)) == 1) {
    }
    check_code("subtree_next", rc);
    check_code("check_host", mutls_x509_check_host(x, "localhost", MUTLS_X509_NAME_AUTO));
    check_code("check_host", mutls_x509_check_host(x, "127.0.0.1", MUTLS_X509_NAME_AUTO));
    check_code("check_host", mutls_x509_check_host(x, "::1", MUTLS_X509_NAME_IP));
}

/* The RFC 5280 §6.1.1 policy inputs of every verification, chosen by the input's last byte
 * (x509_policy_tree.c): MUTLS_POLICY_* in its low three bits, and with bit 3 a
 * user-initial-policy-set of NIST-test-policy-1 and -2 instead of anyPolicy. */
static unsigned policy_choice;

static void verify(const mutls_x509 *certs, size_t n, const mutls_x509 *anch, size_t n_anch,
                   int purpose, const char *name)
{
    static const uint8_t p1[] = {0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x02, 0x01, 0x30, 0x01};
    static const uint8_t p2[] = {0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x02, 0x01, 0x30, 0x02};
    static const mutls_slice user[2] = {{p1, sizeof(p1)}, {p2, sizeof(p2)}};
    mutls_x509_verify_params p;
    mutls_x509_verify_out out;
    char explain[512];
    int rc;

    memset(&p, 0, sizeof(p));
    p.purpose = purpose;
    p.name = name;
    p.time_fn = fz_time;
    p.policy_flags = policy_choice & 7u;
    if ((policy_choice & 8u) != 0) {
        p.policies = user;
        p.n_policies = 2;
    }
    rc = mutls_x509_verify_chain(certs, n, anch, n_anch, &p, &out);
    check_code("verify_chain", rc);
    if (rc != out.code) {
        fz_fail("verify_chain result differs from out.code", rc);
    }
    (void)mutls_x509_explain(&out, explain, sizeof(explain));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    mutls_x509 chain[2];
    mutls_slice blob = {data, size};
    uint8_t *copy;
    int rc;

    check_code("check_nesting", mutls_der_check_nesting(blob, 16));
    policy_choice = size > 0 ? data[size - 1] : 0;
    /* A private, exact-size copy: ASan then catches a read one byte past the input. */
    copy = malloc(size > 0 ? size : 1);
    if (copy == NULL) {
        return 0;
    }
    memcpy(copy, data, size);
    rc = mutls_x509_parse(&chain[0], copy, size);
    if (rc != 0) {
        if (rc != MUTLS_ERR_X509_MALFORMED) {
            fz_fail("x509_parse returned an unexpected code", rc);
        }
        free(copy);
        return 0;
    }
    (void)mutls_x509_self_issued(&chain[0]);
    walk_names(&chain[0]);
    /* The input as a client leaf under the demo CAs. */
    verify(chain, 1, anchors, 2, MUTLS_X509_PURPOSE_CLIENT, NULL);
    /* The input as a server leaf, with a name to match. */
    verify(chain, 1, anchors, 2, MUTLS_X509_PURPOSE_SERVER, "localhost");
    /* The input as a candidate intermediate between the demo server and the CAs. */
    chain[1] = chain[0];
    chain[0] = server;
    verify(chain, 2, anchors, 2, MUTLS_X509_PURPOSE_SERVER, "localhost");
    /* The input as the only anchor: its key is imported to check the server's signature,
     * and its name constraints apply. */
    verify(&server, 1, &chain[1], 1, MUTLS_X509_PURPOSE_SERVER, "127.0.0.1");
    (void)mutls_x509_check_constraints(&chain[1], &server, 1);
    free(copy);
    return 0;
}
