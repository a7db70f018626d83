/* SPDX-License-Identifier: MIT */
/*
 * fuzz_crl.c - libFuzzer harness: the input is one DER certificate revocation list.
 *
 * Target functions: mutls_x509_crl_parse (every revoked entry, CRL and entry extensions,
 * issuingDistributionPoint), and when it parses: mutls_x509_crl_find with the serials of the
 * fixed certificates, mutls_x509_crl_check of vectors/x509/crl/client_revoked.pem (issuer
 * inter.pem, signature checked with inter's key; once more with a cRLDistributionPoints list
 * so that distribution point names, full and relative, are compared) and of inter.pem
 * (issuer root.pem), mutls_x509_verify_chain with the input next to root's CRL in both
 * revocation modes, mutls_x509_explain, mutls_x509_crl_reason_name.
 *
 * The clock is fixed inside the validity of the vectors' CRLs, so that an input which keeps a
 * valid signature (the unmutated seeds) reaches the serial lookup of the check.
 *
 * Seeds: tests/fuzz/corpus/fuzz_crl (every CRL under vectors/x509/crl, as DER).
 */
#include <stdlib.h>
#include <string.h>

#include "fuzz_common.h"
#include "x509_crl.h"

/* 2027-01-15 08:00:00 UTC, the time of vectors/x509/crl/manifest.txt. */
#define CRL_TIME INT64_C(1800000000)

static uint8_t *leaf_der, *inter_der, *root_der, *root_crl_der;
static size_t leaf_len, inter_len, root_len, root_crl_len;
static mutls_x509 chain[2]; /* client_revoked, inter */
static mutls_x509 root;
static mutls_x509 leaf_with_dps;
static mutls_x509_crl root_crl;

/* Three distribution points: a fullName with a URI and a directoryName, a cRLIssuer, and a
 * name relative to the CRL issuer (CN=p1). */
static const uint8_t dps[] = {
    0x30, 0x27, 0xa0, 0x25, 0xa0, 0x23, 0x86, 0x10, 'h',  't',  't',  'p',  ':',  '/',
    '/',  'x',  '/',  'c',  'r',  'l',  '.',  'd',  'e',  'r',  0xa4, 0x0f, 0x30, 0x0d,
    0x31, 0x0b, 0x30, 0x09, 0x06, 0x03, 0x55, 0x04, 0x03, 0x0c, 0x02, 'c',  'a',  0x30,
    0x08, 0xa2, 0x06, 0x82, 0x04, 'a',  '.',  'b',  'c',  0x30, 0x0f, 0xa0, 0x0d, 0xa1,
    0x0b, 0x30, 0x09, 0x06, 0x03, 0x55, 0x04, 0x03, 0x0c, 0x02, 'p',  '1'};

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int64_t crl_time(void *ctx)
{
    (void)ctx;
    return CRL_TIME;
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    leaf_der = fz_read_pem_der("x509/crl/client_revoked.pem", &leaf_len);
    inter_der = fz_read_pem_der("x509/crl/inter.pem", &inter_len);
    root_der = fz_read_pem_der("x509/crl/root.pem", &root_len);
    root_crl_der = fz_read_pem_der("x509/crl/root.crl.pem", &root_crl_len);
    if (mutls_x509_parse(&chain[0], leaf_der, leaf_len) != 0 ||
        mutls_x509_parse(&chain[1], inter_der, inter_len) != 0 ||
        mutls_x509_parse(&root, root_der, root_len) != 0 ||
        mutls_x509_crl_parse(&root_crl, root_crl_der, root_crl_len) != 0) {
        fz_fail("fixture certificates or CRL do not parse", -1);
    }
    leaf_with_dps = chain[0];
    leaf_with_dps.crldp.p = dps;
    leaf_with_dps.crldp.len = sizeof(dps);
    leaf_with_dps.flags |= MUTLS_X509_HAS_CRLDP;
    if (mutls_x509_crldp_check(leaf_with_dps.crldp) != 0) {
        fz_fail("fixture distribution points do not parse", -1);
    }
    return 0;
}

static void check_status(const char *what, int rc, const mutls_x509_crl_status *st)
{
    if (rc != st->code) {
        fz_fail("crl_check result differs from status->code", rc);
    }
    if (rc != 0 && rc != MUTLS_ERR_X509_REVOKED && rc != MUTLS_ERR_X509_CRL_MISSING &&
        rc != MUTLS_ERR_X509_CRL_EXPIRED && rc != MUTLS_ERR_X509_CRL_BAD_SIGNATURE &&
        rc != MUTLS_ERR_NO_MEMORY) {
        fz_fail(what, rc);
    }
    if (rc == MUTLS_ERR_X509_REVOKED) {
        (void)mutls_x509_crl_reason_name(st->reason);
    }
}

static void verify(const mutls_x509_crl *crls, int mode)
{
    mutls_x509_verify_params p;
    mutls_x509_verify_out out;
    char explain[512];
    int rc;

    memset(&p, 0, sizeof(p));
    p.purpose = MUTLS_X509_PURPOSE_CLIENT;
    p.time_fn = crl_time;
    p.crls = crls;
    p.n_crls = 2;
    p.crl_check = mode;
    rc = mutls_x509_verify_chain(chain, 2, &root, 1, &p, &out);
    if (rc != out.code || (rc < 0 && strcmp(mutls_strerror(rc), "unknown_error") == 0)) {
        fz_fail("verify_chain", rc);
    }
    (void)mutls_x509_explain(&out, explain, sizeof(explain));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    mutls_x509_crl crls[2];
    mutls_x509_crl_status st;
    uint8_t *copy;
    int64_t when;
    int reason;
    int rc;

    /* A private, exact-size copy: ASan then catches a read one byte past the input. */
    copy = malloc(size > 0 ? size : 1);
    if (copy == NULL) {
        return 0;
    }
    memcpy(copy, data, size);
    rc = mutls_x509_crl_parse(&crls[0], copy, size);
    if (rc != 0) {
        if (rc != MUTLS_ERR_X509_CRL_MALFORMED && rc != MUTLS_ERR_X509_CRL_UNSUPPORTED) {
            fz_fail("crl_parse returned an unexpected code", rc);
        }
        free(copy);
        return 0;
    }
    (void)mutls_x509_crl_find(&crls[0], chain[0].serial, &when, &reason);
    (void)mutls_x509_crl_find(&crls[0], chain[1].serial, &when, &reason);
    rc = mutls_x509_crl_check(&chain[0], &chain[1], NULL, &crls[0], 1, CRL_TIME, &st);
    check_status("crl_check (leaf)", rc, &st);
    rc = mutls_x509_crl_check(&leaf_with_dps, &chain[1], NULL, &crls[0], 1, CRL_TIME, &st);
    check_status("crl_check (leaf with distribution points)", rc, &st);
    crls[1] = root_crl;
    rc = mutls_x509_crl_check(&chain[1], &root, NULL, crls, 2, CRL_TIME, &st);
    check_status("crl_check (intermediate)", rc, &st);
    verify(crls, MUTLS_CRL_CHECK_ALL);
    verify(crls, MUTLS_CRL_CHECK_LEAF);
    free(copy);
    return 0;
}
