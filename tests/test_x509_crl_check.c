/* SPDX-License-Identifier: MIT */
/*
 * test_x509_crl_check.c - the revocation check (x509_crl.c, RFC 5280 §6.3) and chain
 * verification with CRLs (x509_verify.c) through the internal API: on CRLs signed here with
 * the demo CA's committed key (tests/support/crl_build.h: scope, key identifiers, keyUsage
 * cRLSign, the validity window, removeFromCRL, precedence of the failures, allocation
 * failure), and every case of vectors/x509/crl/manifest.txt with its exact answer, then the
 * explanation sentences and revocation details of a few, and a failed path that leaves
 * another one to be tried.
 */
#include "testutil.h"

#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "crl_build.h"
#include "der.h"
#include "failalloc.h"
#include "keys.h"
#include "mem.h"
#include "pem.h"
#include "x509_crl.h"

/* -DMUTLS_CRL=OFF refuses every CRL (test_certs checks that): nothing here applies. */
#if defined(MUTLS_NO_CRL)
TU_BUILT_OUT_PROGRAM()
#else

/* ------------------------------------------------------------ the check, on signed CRLs */

/* The demo CA (vectors/pki) signs the CRLs of this section; its client is the subject. */
typedef struct fixture {
    uint8_t *ca_der, *client_der, *inter_der;
    size_t ca_len, client_len, inter_len;
    mutls_x509 ca, client, inter;
    mutls_pkey *ca_key;
    mutls_pkey *ca_pub;
    mutls_rng *rng;
    /* The CRLs a test builds: tu_crl_spec s signed into d[i], parsed as crl[i]; the last status. */
    tu_crl_spec s;
    tu_der d[2];
    mutls_x509_crl crl[2];
    mutls_x509_crl_status st;
} fixture;

static uint8_t *read_pem_der(const char *rel, size_t *len)
{
    size_t text_len;
    uint8_t *text = tu_read_vector(rel, &text_len);
    size_t pos = 0;
    mutls_slice label;
    uint8_t *der_out = NULL;
    uint8_t *copy;

    assert_int_equal(mutls_pem_next(text, text_len, &pos, &label, &der_out, len), 1);
    free(text);
    copy = malloc(*len);
    assert_non_null(copy);
    memcpy(copy, der_out, *len);
    mutls_free_secret(der_out, *len);
    return copy;
}

static int fixture_setup(void **state)
{
    fixture *f = calloc(1, sizeof(*f));
    size_t key_len;
    uint8_t *key;

    assert_non_null(f);
    f->ca_der = read_pem_der("pki/ca.pem", &f->ca_len);
    f->client_der = read_pem_der("pki/client.pem", &f->client_len);
    f->inter_der = read_pem_der("x509/crl/inter.pem", &f->inter_len);
    assert_int_equal(mutls_x509_parse(&f->ca, f->ca_der, f->ca_len), 0);
    assert_int_equal(mutls_x509_parse(&f->client, f->client_der, f->client_len), 0);
    assert_int_equal(mutls_x509_parse(&f->inter, f->inter_der, f->inter_len), 0);
    key = tu_read_vector("pki/ca.key", &key_len);
    assert_int_equal(mutls_key_parse(&f->ca_key, key, key_len, NULL), 0);
    free(key);
    assert_int_equal(mutls_key_parse_spki(&f->ca_pub, f->ca.spki), 0);
    assert_int_equal(mutls_rng_new(&f->rng, NULL, NULL), 0);
    *state = f;
    return 0;
}

static int fixture_teardown(void **state)
{
    fixture *f = *state;

    mutls_pkey_free(f->ca_key);
    mutls_pkey_free(f->ca_pub);
    mutls_rng_free(f->rng);
    free(f->ca_der);
    free(f->client_der);
    free(f->inter_der);
    free(f);
    return 0;
}

/* The CRL f->s describes, issued by the demo CA (unless s names another issuer) and signed
 * with its key, into d[i] and crl[i]. */
static mutls_x509_crl *sign(fixture *f, int i)
{
    tu_der tbs = {0};
    uint8_t digest[32];
    uint8_t sig[1024];
    size_t sig_len = sizeof(sig);

    if (f->s.issuer.len == 0) {
        f->s.issuer = f->ca.subject;
    }
    tu_crl_build_tbs(&tbs, &f->s);
    assert_int_equal(mutls_hash_once(MUTLS_HASH_SHA256, tbs.b, tbs.len, digest), 0);
    assert_int_equal(mutls_pkey_sign(f->ca_key, f->rng, MUTLS_SIG_RSA_PKCS1, MUTLS_HASH_SHA256,
                                     digest, sizeof(digest), sig, &sig_len),
                     0);
    tu_crl_build(&f->d[i], &f->s, sig, sig_len);
    assert_int_equal(mutls_x509_crl_parse(&f->crl[i], f->d[i].b, f->d[i].len), 0);
    return &f->crl[i];
}

/* A fresh tu_crl_spec whose entries revoke the demo client (dated 2026-03-02 10:00:00, with
 * @p reason; -1 for none) and one other serial, signed into crl[i]. */
static mutls_x509_crl *revoking(fixture *f, int i, int reason)
{
    tu_der e = {0};
    tu_der serial = {0};

    memset(&f->s, 0, sizeof(f->s));
    tu_crl_entry(&e, "7f", "260301000000Z", -1, NULL);
    tu_der_put(&serial, f->client.serial.p, f->client.serial.len);
    tu_crl_entry(&e, tu_der_hex_of(&serial), "260302100000Z", reason, NULL);
    f->s.entries = tu_der_hex_of(&e);
    return sign(f, i);
}

#define NOW 1800000000

/* The check of the demo client under the demo CA (its key imported from the SPKI). */
static int check(fixture *f, const mutls_x509_crl *crls, size_t n, int64_t now)
{
    int rc = mutls_x509_crl_check(&f->client, &f->ca, NULL, crls, n, now, &f->st);

    assert_int_equal(rc, f->st.code);
    return rc;
}

static void test_crl_check_revoked_and_not(void **state)
{
    fixture *f = *state;
    mutls_x509_crl *crl = revoking(f, 0, MUTLS_CRL_REASON_CESSATION_OF_OPERATION);

    assert_int_equal(check(f, crl, 1, NOW), MUTLS_ERR_X509_REVOKED);
    assert_int_equal(f->st.revoked_at, 1772445600); /* 2026-03-02 10:00:00 */
    assert_int_equal(f->st.reason, MUTLS_CRL_REASON_CESSATION_OF_OPERATION);
    assert_int_equal(f->st.crl_time, 0);
    /* With the anchor's key given instead of imported: the same answer. */
    assert_int_equal(mutls_x509_crl_check(&f->client, &f->ca, f->ca_pub, crl, 1, NOW, &f->st),
                     MUTLS_ERR_X509_REVOKED);
    /* Another certificate of the same issuer is not listed. */
    f->s.entries = NULL;
    assert_int_equal(check(f, sign(f, 0), 1, NOW), 0);
    assert_int_equal(f->st.reason, MUTLS_CRL_REASON_NONE);
    /* No CRL at all, or only one from another issuer. */
    assert_int_equal(check(f, NULL, 0, NOW), MUTLS_ERR_X509_CRL_MISSING);
    f->s.issuer = f->inter.subject;
    assert_int_equal(check(f, sign(f, 0), 1, NOW), MUTLS_ERR_X509_CRL_MISSING);
}

static void test_crl_check_remove_from_crl_not_revoked(void **state)
{
    fixture *f = *state;

    assert_int_equal(check(f, revoking(f, 0, MUTLS_CRL_REASON_REMOVE_FROM_CRL), 1, NOW), 0);
    assert_int_equal(check(f, revoking(f, 0, MUTLS_CRL_REASON_CERTIFICATE_HOLD), 1, NOW),
                     MUTLS_ERR_X509_REVOKED);
    assert_int_equal(f->st.reason, MUTLS_CRL_REASON_CERTIFICATE_HOLD);
}

static void test_crl_check_times_expired(void **state)
{
    fixture *f = *state;
    mutls_x509_crl *crl = revoking(f, 0, MUTLS_CRL_REASON_KEY_COMPROMISE);

    /* thisUpdate <= now < nextUpdate. */
    assert_int_equal(check(f, crl, 1, 1780272000), MUTLS_ERR_X509_REVOKED);
    assert_int_equal(check(f, crl, 1, 1780271999), MUTLS_ERR_X509_CRL_EXPIRED);
    assert_int_equal(f->st.crl_time, 1780272000);
    assert_int_equal(f->st.revoked_at, 0);
    assert_int_equal(check(f, crl, 1, 2080079999), MUTLS_ERR_X509_REVOKED);
    assert_int_equal(check(f, crl, 1, 2080080000), MUTLS_ERR_X509_CRL_EXPIRED);
    assert_int_equal(f->st.crl_time, 2080080000);
    /* No nextUpdate: current from thisUpdate on. */
    f->s.next_update = "";
    assert_int_equal(check(f, sign(f, 1), 1, INT64_C(4000000000)), MUTLS_ERR_X509_REVOKED);
    /* An out-of-date CRL next to a current one: the current one decides. */
    f->s.next_update = NULL;
    f->s.entries = NULL;
    (void)sign(f, 1);
    assert_int_equal(check(f, f->crl, 2, 2080080000 - 1), MUTLS_ERR_X509_REVOKED);
    f->s.this_update = "260101000000Z";
    f->s.next_update = "260201000000Z";
    assert_int_equal(check(f, sign(f, 1), 1, NOW), MUTLS_ERR_X509_CRL_EXPIRED);
    assert_int_equal(f->st.crl_time, 1769904000); /* 2026-02-01 */
}

static void test_crl_check_signature_and_key_usage(void **state)
{
    fixture *f = *state;
    mutls_x509_crl swapped[2];
    mutls_x509 issuer;

    (void)revoking(f, 0, MUTLS_CRL_REASON_KEY_COMPROMISE);
    /* A flipped signature bit: not used. */
    f->d[1] = f->d[0];
    f->d[1].b[f->d[1].len - 1] ^= 1;
    assert_int_equal(mutls_x509_crl_parse(&f->crl[1], f->d[1].b, f->d[1].len), 0);
    assert_int_equal(check(f, &f->crl[1], 1, NOW), MUTLS_ERR_X509_CRL_BAD_SIGNATURE);
    assert_int_equal(f->st.set_aside, MUTLS_CRL_ASIDE_SIGNATURE);
    /* The good one next to it decides, in either order. */
    swapped[0] = f->crl[1];
    swapped[1] = f->crl[0];
    assert_int_equal(check(f, f->crl, 2, NOW), MUTLS_ERR_X509_REVOKED);
    assert_int_equal(check(f, swapped, 2, NOW), MUTLS_ERR_X509_REVOKED);
    /* Before thisUpdate the good one is out of date and the other badly signed: the bad
     * signature is the answer, in either order. */
    assert_int_equal(check(f, f->crl, 1, 1700000000), MUTLS_ERR_X509_CRL_EXPIRED);
    assert_int_equal(check(f, f->crl, 2, 1700000000), MUTLS_ERR_X509_CRL_BAD_SIGNATURE);
    assert_int_equal(f->st.crl_time, 0);
    assert_int_equal(check(f, swapped, 2, 1700000000), MUTLS_ERR_X509_CRL_BAD_SIGNATURE);
    /* An issuer whose keyUsage lacks cRLSign may not vouch for anything. */
    issuer = f->ca;
    issuer.key_usage &= ~MUTLS_X509_KU_CRL_SIGN;
    assert_int_equal(mutls_x509_crl_check(&f->client, &issuer, NULL, f->crl, 1, NOW, &f->st),
                     MUTLS_ERR_X509_CRL_BAD_SIGNATURE);
    assert_int_equal(f->st.set_aside, MUTLS_CRL_ASIDE_NO_CRL_SIGN);
    /* Without a keyUsage extension at all, any key may. */
    issuer.flags &= ~MUTLS_X509_HAS_KEY_USAGE;
    assert_int_equal(mutls_x509_crl_check(&f->client, &issuer, NULL, f->crl, 1, NOW, &f->st),
                     MUTLS_ERR_X509_REVOKED);
    assert_int_equal(f->st.set_aside, MUTLS_CRL_ASIDE_NONE);
    /* Signed by another key than the given issuer's (the candidates are chosen by the
     * certificate's issuer name, which the path already matched to the issuer). */
    assert_int_equal(mutls_x509_crl_check(&f->client, &f->inter, NULL, f->crl, 1, NOW, &f->st),
                     MUTLS_ERR_X509_CRL_BAD_SIGNATURE);
}

/* The signature memo (x509_crl.h): filled once the signature verifies, and trusted for that
 * issuer key only. */
static void test_crl_check_memo_kept_for_same_key_only(void **state)
{
    fixture *f = *state;
    mutls_x509_crl_memo memo;
    uint8_t want[32];

    (void)revoking(f, 0, MUTLS_CRL_REASON_KEY_COMPROMISE);
    atomic_init(&memo.state, 0);
    f->crl[0].memo = &memo;
    assert_int_equal(check(f, f->crl, 1, NOW), MUTLS_ERR_X509_REVOKED);
    assert_int_equal(atomic_load(&memo.state), 2);
    assert_int_equal(mutls_hash_once(MUTLS_HASH_SHA256, f->ca.spki.p, f->ca.spki.len, want), 0);
    assert_memory_equal(memo.spki_hash, want, sizeof(want));
    /* The memo decides now: a flipped signature bit (which a set's own copy never gets) goes
     * unseen for the same key... */
    f->d[0].b[f->d[0].len - 1] ^= 1;
    assert_int_equal(check(f, f->crl, 1, NOW), MUTLS_ERR_X509_REVOKED);
    assert_int_equal(mutls_x509_crl_check(&f->client, &f->ca, f->ca_pub, f->crl, 1, NOW, &f->st),
                     MUTLS_ERR_X509_REVOKED);
    /* ...but another key under the issuer's name is checked afresh, and the memo stays. */
    assert_int_equal(mutls_x509_crl_check(&f->client, &f->inter, NULL, f->crl, 1, NOW, &f->st),
                     MUTLS_ERR_X509_CRL_BAD_SIGNATURE);
    assert_memory_equal(memo.spki_hash, want, sizeof(want));
    /* A memo is only filled by a signature that verified. */
    atomic_init(&memo.state, 0);
    assert_int_equal(check(f, f->crl, 1, NOW), MUTLS_ERR_X509_CRL_BAD_SIGNATURE);
    assert_int_equal(atomic_load(&memo.state), 0);
    f->crl[0].memo = NULL;
}

static void test_crl_check_key_identifiers(void **state)
{
    fixture *f = *state;
    tu_der x = {0};
    tu_der aki = {0};

    /* The issuer's own SKI: used. */
    (void)revoking(f, 0, MUTLS_CRL_REASON_KEY_COMPROMISE);
    tu_der_begin(&aki, MUTLS_DER_SEQUENCE);
    tu_der_begin(&aki, MUTLS_DER_CTX_PRIM(0));
    tu_der_put(&aki, f->ca.ski.p, f->ca.ski.len);
    tu_der_end(&aki);
    tu_der_end(&aki);
    tu_crl_ext(&x, OID_AKI, 0, tu_der_hex_of(&aki));
    f->s.exts = tu_der_hex_of(&x);
    assert_int_equal(check(f, sign(f, 0), 1, NOW), MUTLS_ERR_X509_REVOKED);
    /* Another key's identifier under the same name: not a candidate. */
    x.len = 0;
    tu_crl_ext(&x, OID_AKI, 0, "30 06 80 04 01 02 03 04");
    f->s.exts = tu_der_hex_of(&x);
    assert_int_equal(check(f, sign(f, 0), 1, NOW), MUTLS_ERR_X509_CRL_MISSING);
    assert_int_equal(f->st.set_aside, MUTLS_CRL_ASIDE_KEY_ID);
    /* No CRL under the issuer's name at all: nothing was set aside. */
    f->s.issuer = f->inter.subject;
    assert_int_equal(check(f, sign(f, 0), 1, NOW), MUTLS_ERR_X509_CRL_MISSING);
    assert_int_equal(f->st.set_aside, MUTLS_CRL_ASIDE_NONE);
}

/* The check of @p subject under the demo CA against crl[0]. */
static int check_subject(fixture *f, const mutls_x509 *subject)
{
    return mutls_x509_crl_check(subject, &f->ca, NULL, f->crl, 1, NOW, &f->st);
}

/* crl[0] revoking the demo client with the issuingDistributionPoint @p idp (hex). */
static void with_idp(fixture *f, const char *idp)
{
    tu_der x = {0};

    (void)revoking(f, 0, MUTLS_CRL_REASON_KEY_COMPROMISE);
    tu_crl_ext(&x, OID_IDP, 1, idp);
    f->s.exts = tu_der_hex_of(&x);
    (void)sign(f, 0);
}

static void test_crl_check_scope(void **state)
{
    fixture *f = *state;
    mutls_x509 subject = f->client;
    size_t n;
    uint8_t *dps;

    /* onlyContainsUserCerts, onlyContainsCACerts. */
    with_idp(f, "30 03 81 01 ff");
    assert_int_equal(check_subject(f, &subject), MUTLS_ERR_X509_REVOKED);
    subject.is_ca = 1;
    assert_int_equal(check_subject(f, &subject), MUTLS_ERR_X509_CRL_MISSING);
    assert_int_equal(f->st.set_aside, MUTLS_CRL_ASIDE_ONLY_USER);
    with_idp(f, "30 03 82 01 ff");
    assert_int_equal(check_subject(f, &subject), MUTLS_ERR_X509_REVOKED);
    subject.is_ca = 0;
    assert_int_equal(check_subject(f, &subject), MUTLS_ERR_X509_CRL_MISSING);
    assert_int_equal(f->st.set_aside, MUTLS_CRL_ASIDE_ONLY_CA);

    /* A distribution point name: the certificate must list it among its fullNames (without
     * cRLDistributionPoints it is in no partition: x509-limbo
     * crl::idp::idp-present-certificate-missing-cdp). */
    with_idp(f, "30 0d a0 0b a0 09 86 07 68 3a 2f 2f 61 2f 62");
    assert_int_equal(check_subject(f, &subject), MUTLS_ERR_X509_CRL_MISSING);
    assert_int_equal(f->st.set_aside, MUTLS_CRL_ASIDE_NO_DP);
    dps = tu_unhex("30 17 a0 15 a0 13 82 08 63 72 6c 2e 74 65 73 74 86 07 68 3a 2f 2f 61 2f 62"
                   "30 0b a0 09 a0 07 86 05 68 3a 2f 2f 63",
                   &n);
    assert_non_null(dps);
    assert_int_equal(mutls_x509_crldp_check((mutls_slice){dps, n}), 0);
    subject.crldp.p = dps;
    subject.crldp.len = n;
    assert_int_equal(check_subject(f, &subject), MUTLS_ERR_X509_REVOKED);
    /* Only the second point: another name. */
    subject.crldp.p = dps + 25;
    subject.crldp.len = n - 25;
    assert_int_equal(mutls_x509_crldp_check(subject.crldp), 0);
    assert_int_equal(check_subject(f, &subject), MUTLS_ERR_X509_CRL_MISSING);
    assert_int_equal(f->st.set_aside, MUTLS_CRL_ASIDE_DP_NAME);
    free(dps);
    /* A directoryName point compares as Names do (RFC 5280 §7.1: case and spaces folded). */
    with_idp(f, "30 17 a0 15 a0 13 a4 11 30 0f 31 0d 30 0b 06 03 55 04 03 0c 04 54 65 53 74");
    dps =
        tu_unhex("30 17 a0 15 a0 13 a4 11 30 0f 31 0d 30 0b 06 03 55 04 03 0c 04 74 65 73 74", &n);
    assert_non_null(dps);
    subject.crldp.p = dps;
    subject.crldp.len = n;
    assert_int_equal(check_subject(f, &subject), MUTLS_ERR_X509_REVOKED);
    free(dps);
}

static void test_crl_check_out_of_memory_no_memory(void **state)
{
    fixture *f = *state;
    mutls_x509_crl *crl = revoking(f, 0, MUTLS_CRL_REASON_KEY_COMPROMISE);
    tu_failalloc fl = {0, 0};
    mutls_allocator a = tu_failalloc_allocator(&fl);
    size_t limit;
    int rc;

    for (limit = 0;; limit++) {
        tu_failalloc_reset(&fl, limit);
        assert_int_equal(mutls_set_allocator(&a), 0);
        rc = mutls_x509_crl_check(&f->client, &f->ca, NULL, crl, 1, NOW, &f->st);
        assert_int_equal(mutls_set_allocator(NULL), 0);
        if (rc != MUTLS_ERR_NO_MEMORY) {
            break;
        }
        assert_true(limit < 32);
    }
    assert_true(limit > 0);
    assert_int_equal(rc, MUTLS_ERR_X509_REVOKED);
    /* Parsing allocates nothing. */
    tu_failalloc_reset(&fl, 0);
    assert_int_equal(mutls_set_allocator(&a), 0);
    rc = mutls_x509_crl_parse(crl, f->d[0].b, f->d[0].len);
    assert_int_equal(mutls_set_allocator(NULL), 0);
    assert_int_equal(rc, 0);
    assert_int_equal(fl.calls, 0);
}

/* ------------------------------------------------------------ the manifest */

#define MAX_ITEMS 16

/* The certificates and CRLs of one manifest case, and the buffers they point into. */
typedef struct loaded {
    uint8_t *bufs[3 * MAX_ITEMS];
    size_t buf_lens[3 * MAX_ITEMS];
    int secret[3 * MAX_ITEMS]; /* from mutls_pem_next: released with mutls_free_secret */
    size_t n_bufs;
    mutls_x509 chain[MAX_ITEMS];
    size_t n_chain;
    mutls_x509 anchors[MAX_ITEMS];
    size_t n_anchors;
    mutls_x509_crl crls[MAX_ITEMS];
    size_t n_crls;
} loaded;

static void keep(loaded *l, uint8_t *buf, size_t len, int secret)
{
    assert_true(l->n_bufs < 3 * MAX_ITEMS);
    l->bufs[l->n_bufs] = buf;
    l->buf_lens[l->n_bufs] = len;
    l->secret[l->n_bufs] = secret;
    l->n_bufs++;
}

static void release(loaded *l)
{
    size_t i;

    for (i = 0; i < l->n_bufs; i++) {
        if (l->secret[i]) {
            mutls_free_secret(l->bufs[i], l->buf_lens[i]);
        } else {
            free(l->bufs[i]);
        }
    }
    memset(l, 0, sizeof(*l));
}

/*
 * Add what one file of the folder holds: its certificates to @p xs (*n of them so far), or,
 * when @p xs is NULL, its CRLs to l->crls ("X509 CRL" PEM blocks, or one DER CRL). Returns
 * the first CRL that does not parse (certificates must parse).
 */
static int load(loaded *l, const char *file, mutls_x509 *xs, size_t *n)
{
    char rel[256];
    size_t len;
    uint8_t *text;
    size_t pos = 0;
    mutls_slice label;
    uint8_t *der_out;
    size_t der_len;
    int rc;

    snprintf(rel, sizeof(rel), "x509/crl/%s", file);
    text = tu_read_vector(rel, &len);
    keep(l, text, len, 0);
    if (xs == NULL && !mutls_pem_is_pem(text, len)) {
        rc = mutls_x509_crl_parse(&l->crls[l->n_crls], text, len);
        l->n_crls += rc == 0;
        return rc;
    }
    while ((rc = mutls_pem_next(text, len, &pos, &label, &der_out, &der_len)) == 1) {
        keep(l, der_out, der_len, 1);
        if (xs != NULL) {
            assert_true(*n < MAX_ITEMS);
            assert_int_equal(mutls_x509_parse(&xs[(*n)++], der_out, der_len), 0);
        } else if (label.len == 8 && memcmp(label.p, "X509 CRL", 8) == 0) {
            assert_true(l->n_crls < MAX_ITEMS);
            rc = mutls_x509_crl_parse(&l->crls[l->n_crls], der_out, der_len);
            if (rc < 0) {
                return rc;
            }
            l->n_crls++;
        }
    }
    return rc;
}

static int64_t case_time(void *ctx)
{
    return *(const int64_t *)ctx;
}

/* Split @p s at commas, calling @p fn for each name. */
#define EACH_NAME(list, var, body)                                                                 \
    do {                                                                                           \
        char copy_[512];                                                                           \
        char *save_ = NULL;                                                                        \
        char *var;                                                                                 \
        snprintf(copy_, sizeof(copy_), "%s", list);                                                \
        for (var = strtok_r(copy_, ",", &save_); var != NULL; var = strtok_r(NULL, ",", &save_)) { \
            body;                                                                                  \
        }                                                                                          \
    } while (0)

typedef struct manifest_case {
    char name[64], chain[256], anchors[256], crls[256], mode[8], purpose[8], expect[40],
        openssl[16];
    long long time;
} manifest_case;

/* Run one case; returns the verification's code and fills @p out and @p l (when it got that
 * far; a refused load returns its code with the "load:" sense). */
static int run_case(const manifest_case *c, loaded *l, mutls_x509_verify_out *out, int *load_rc)
{
    mutls_x509_verify_params p;
    int64_t now = c->time;
    int rc;

    memset(l, 0, sizeof(*l));
    *load_rc = 0;
    EACH_NAME(c->chain, f, (void)load(l, f, l->chain, &l->n_chain));
    EACH_NAME(c->anchors, f, (void)load(l, f, l->anchors, &l->n_anchors));
    if (strcmp(c->crls, "-") != 0) {
        EACH_NAME(c->crls, f, {
            rc = load(l, f, NULL, NULL);
            if (rc < 0 && *load_rc == 0) {
                *load_rc = rc;
            }
        });
    }
    memset(&p, 0, sizeof(p));
    p.purpose =
        strcmp(c->purpose, "client") == 0 ? MUTLS_X509_PURPOSE_CLIENT : MUTLS_X509_PURPOSE_SERVER;
    p.time_fn = case_time;
    p.time_ctx = &now;
    p.crls = l->crls;
    p.n_crls = l->n_crls;
    p.crl_check = strcmp(c->mode, "leaf") == 0 ? MUTLS_CRL_CHECK_LEAF : MUTLS_CRL_CHECK_ALL;
    return mutls_x509_verify_chain(l->chain, l->n_chain, l->anchors, l->n_anchors, &p, out);
}

static int read_manifest(manifest_case *cases, int max)
{
    size_t len;
    char *text = (char *)tu_read_vector("x509/crl/manifest.txt", &len);
    char *save = NULL;
    char *line;
    int n = 0;

    for (line = strtok_r(text, "\n", &save); line != NULL; line = strtok_r(NULL, "\n", &save)) {
        manifest_case *c = &cases[n];

        if (line[0] == '#' || line[0] == 0) {
            continue;
        }
        assert_true(n < max);
        if (sscanf(line, "%63s %255s %255s %255s %7s %7s %lld %39s %15s", c->name, c->chain,
                   c->anchors, c->crls, c->mode, c->purpose, &c->time, c->expect,
                   c->openssl) != 9) {
            fail_msg("manifest line not understood: %s", line);
        }
        n++;
    }
    free(text);
    return n;
}

static const manifest_case *find_case(const manifest_case *cases, int n, const char *name)
{
    int i;

    for (i = 0; i < n; i++) {
        if (strcmp(cases[i].name, name) == 0) {
            return &cases[i];
        }
    }
    fail_msg("manifest has no case %s", name);
    return NULL;
}

static void test_crl_manifest_every_case_expected(void **state)
{
    static manifest_case cases[128];
    int n = read_manifest(cases, 128);
    int i;
    int loads = 0;
    int revoked = 0;

    (void)state;
    assert_true(n >= 40);
    for (i = 0; i < n; i++) {
        const manifest_case *c = &cases[i];
        loaded l;
        mutls_x509_verify_out out;
        int load_rc;
        int rc = run_case(c, &l, &out, &load_rc);
        char got[48];

        if (strncmp(c->expect, "load:", 5) == 0) {
            snprintf(got, sizeof(got), "load:%s", load_rc < 0 ? mutls_strerror(load_rc) : "ok");
            loads++;
        } else if (load_rc < 0) {
            snprintf(got, sizeof(got), "load:%s", mutls_strerror(load_rc));
        } else {
            snprintf(got, sizeof(got), "%s", rc == 0 ? "ok" : mutls_strerror(rc));
            assert_int_equal(rc, out.code);
            revoked += rc == MUTLS_ERR_X509_REVOKED;
        }
        if (strcmp(got, c->expect) != 0) {
            char why[512];

            mutls_x509_explain(&out, why, sizeof(why));
            release(&l);
            fail_msg("%s: got %s, want %s (%s)", c->name, got, c->expect, why);
        }
        release(&l);
    }
    assert_true(loads >= 5);
    assert_true(revoked >= 8);
}

/* One case's answer, explanation and details. */
static void expect_case(const manifest_case *cases, int n, const char *name, int want_depth,
                        const char *sentence, mutls_x509_verify_out *out)
{
    const manifest_case *c = find_case(cases, n, name);
    loaded l;
    int load_rc;
    char why[512];

    (void)run_case(c, &l, out, &load_rc);
    assert_int_equal(load_rc, 0);
    mutls_x509_explain(out, why, sizeof(why));
    release(&l);
    assert_int_equal(out->depth, want_depth);
    assert_string_equal(why, sentence);
}

static void test_crl_manifest_explanations_exact(void **state)
{
    static manifest_case cases[128];
    int n = read_manifest(cases, 128);
    mutls_x509_verify_out out;

    (void)state;
    expect_case(cases, n, "client_revoked", 0,
                "certificate at depth 0 (CN=client revoked,O=mutls test) was revoked by its "
                "issuer on 2026-03-01 00:00:00 UTC (reason: keyCompromise)",
                &out);
    assert_int_equal(out.revoked_at, 1772323200);
    assert_int_equal(out.revoke_reason, MUTLS_CRL_REASON_KEY_COMPROMISE);
    expect_case(cases, n, "server_revoked", 0,
                "certificate at depth 0 (CN=localhost revoked,O=mutls test) was revoked by its "
                "issuer on 2026-03-01 00:00:00 UTC (reason: superseded)",
                &out);
    expect_case(cases, n, "v1_crl", 0,
                "certificate at depth 0 (CN=client revoked,O=mutls test) was revoked by its "
                "issuer on 2026-03-01 00:00:00 UTC",
                &out);
    assert_int_equal(out.revoke_reason, MUTLS_CRL_REASON_NONE);
    expect_case(cases, n, "client_under_revoked", 1,
                "certificate at depth 1 (CN=mutls CRL Inter Revoked,O=mutls test) was revoked "
                "by its issuer on 2026-03-01 00:00:00 UTC (reason: cACompromise)",
                &out);
    assert_int_equal(out.revoke_reason, MUTLS_CRL_REASON_CA_COMPROMISE);
    expect_case(cases, n, "hold", 0,
                "certificate at depth 0 (CN=client revoked,O=mutls test) was revoked by its "
                "issuer on 2026-03-01 00:00:00 UTC (reason: certificateHold)",
                &out);
    expect_case(cases, n, "all_only_inter_crl", 1,
                "certificate at depth 1 (CN=mutls CRL Inter,O=mutls test) has no CRL from its "
                "issuer that covers it, and revocation checking covers every certificate of "
                "the chain",
                &out);
    assert_int_equal(out.crl_set_aside, MUTLS_CRL_ASIDE_NONE);
    expect_case(cases, n, "leaf_only_root_crl", 0,
                "certificate at depth 0 (CN=client,O=mutls test) has no CRL from its issuer "
                "that covers it, and revocation checking covers the peer's own certificate",
                &out);
    expect_case(cases, n, "expired_crl", 0,
                "certificate at depth 0 (CN=client,O=mutls test) cannot be checked for "
                "revocation: its issuer's CRL expired on 2026-07-01 00:00:00 UTC",
                &out);
    assert_int_equal(out.crl_time, 1782864000);
    expect_case(cases, n, "future_crl", 0,
                "certificate at depth 0 (CN=client,O=mutls test) cannot be checked for "
                "revocation: its issuer's CRL is not valid before 2035-06-01 00:00:00 UTC",
                &out);
    expect_case(cases, n, "evil_noaki", 0,
                "certificate at depth 0 (CN=client root,O=mutls test) cannot be checked for "
                "revocation: its issuer's CRL is not signed by the issuer's key (RFC 5280 "
                "6.3.3 g)",
                &out);
    assert_int_equal(out.crl_set_aside, MUTLS_CRL_ASIDE_SIGNATURE);
    expect_case(cases, n, "nocrlsign", 0,
                "certificate at depth 0 (CN=client under nocrlsign,O=mutls test) cannot be "
                "checked for revocation: its issuer's keyUsage does not allow signing CRLs "
                "(cRLSign, RFC 5280 6.3.3 f)",
                &out);
    /* A CRL of the issuer that is set aside: the sentence names the rule. */
    expect_case(cases, n, "evil_aki", 0,
                "certificate at depth 0 (CN=client root,O=mutls test) has no CRL from its "
                "issuer that covers it (the CRL under its issuer's name is for another key, RFC "
                "5280 5.2.1), and revocation checking covers every certificate of the chain",
                &out);
    expect_case(cases, n, "root_idp_user_for_ca", 1,
                "certificate at depth 1 (CN=mutls CRL Inter,O=mutls test) has no CRL from its "
                "issuer that covers it (the issuer's CRL is for end entities only, RFC 5280 "
                "5.2.5), and revocation checking covers every certificate of the chain",
                &out);
    expect_case(cases, n, "idp_ca_for_leaf", 0,
                "certificate at depth 0 (CN=client,O=mutls test) has no CRL from its issuer "
                "that covers it (the issuer's CRL is for CAs only, RFC 5280 5.2.5), and "
                "revocation checking covers every certificate of the chain",
                &out);
    expect_case(cases, n, "limbo_idp_cdp_scope_mismatch", 0,
                "certificate at depth 0 (CN=example.com dp other,O=mutls test) has no CRL from "
                "its issuer that covers it (the issuer's CRL is for a distribution point the "
                "certificate does not name, RFC 5280 6.3.3 b), and revocation checking covers "
                "the peer's own certificate",
                &out);
    assert_int_equal(out.crl_set_aside, MUTLS_CRL_ASIDE_DP_NAME);
    expect_case(cases, n, "limbo_idp_certificate_missing_cdp", 0,
                "certificate at depth 0 (CN=example.com,O=mutls test) has no CRL from its "
                "issuer that covers it (the issuer's CRL is for a distribution point and the "
                "certificate names none, RFC 5280 6.3.3 b), and revocation checking covers the "
                "peer's own certificate",
                &out);
    expect_case(cases, n, "limbo_very_large_revoked", 0,
                "certificate at depth 0 (CN=example.com,O=mutls test) was revoked by its issuer "
                "on 2026-03-01 00:00:00 UTC",
                &out);
    /* An intermediate among the anchors is checked against the root's CRL too. */
    expect_case(cases, n, "bundle_inter_revoked", 1,
                "certificate at depth 1 (CN=mutls CRL Inter Revoked,O=mutls test) was revoked "
                "by its issuer on 2026-03-01 00:00:00 UTC (reason: cACompromise)",
                &out);
    expect_case(cases, n, "bundle_inter_no_root_crl", 1,
                "certificate at depth 1 (CN=mutls CRL Inter,O=mutls test) has no CRL from its "
                "issuer that covers it, and revocation checking covers every certificate of "
                "the chain",
                &out);
    expect_case(cases, n, "good_client", 0, "the certificate chain is valid", &out);
    assert_int_equal(out.path_len, 3);
    assert_int_equal(out.revoke_reason, MUTLS_CRL_REASON_NONE);
    assert_int_equal(out.revoked_at, 0);
}

/*
 * A CRL failure fails one path only: other paths are still tried. The anchors hold a copy of
 * inter whose keyUsage lacks cRLSign (same name and key), tried first, and root.
 */
static void test_crl_verify_other_path_tried(void **state)
{
    loaded l;
    mutls_x509_verify_params p;
    mutls_x509_verify_out out;
    int64_t now = 1800000000;

    (void)state;
    memset(&l, 0, sizeof(l));
    (void)load(&l, "client.pem", l.chain, &l.n_chain);
    (void)load(&l, "inter.pem", l.chain, &l.n_chain);
    (void)load(&l, "inter.pem", l.anchors, &l.n_anchors);
    (void)load(&l, "root.pem", l.anchors, &l.n_anchors);
    l.anchors[0].key_usage &= ~MUTLS_X509_KU_CRL_SIGN;
    assert_int_equal(load(&l, "root_both.pem", NULL, NULL), 0);
    assert_int_equal(l.n_crls, 2);
    memset(&p, 0, sizeof(p));
    p.purpose = MUTLS_X509_PURPOSE_CLIENT;
    p.time_fn = case_time;
    p.time_ctx = &now;
    p.crls = l.crls;
    p.n_crls = l.n_crls;
    assert_int_equal(mutls_x509_verify_chain(l.chain, l.n_chain, l.anchors, 2, &p, &out), 0);
    assert_int_equal(out.path_len, 3);
    /* Without root, the path through the copy is the only one, and its failure the answer. */
    assert_int_equal(mutls_x509_verify_chain(l.chain, l.n_chain, l.anchors, 1, &p, &out),
                     MUTLS_ERR_X509_CRL_BAD_SIGNATURE);
    assert_int_equal(out.depth, 0);
    /* No CRLs: no revocation checking at all. */
    p.n_crls = 0;
    assert_int_equal(mutls_x509_verify_chain(l.chain, l.n_chain, l.anchors, 1, &p, &out), 0);
    release(&l);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_crl_check_revoked_and_not, fixture_setup,
                                        fixture_teardown),
        cmocka_unit_test_setup_teardown(test_crl_check_remove_from_crl_not_revoked, fixture_setup,
                                        fixture_teardown),
        cmocka_unit_test_setup_teardown(test_crl_check_times_expired, fixture_setup,
                                        fixture_teardown),
        cmocka_unit_test_setup_teardown(test_crl_check_signature_and_key_usage, fixture_setup,
                                        fixture_teardown),
        cmocka_unit_test_setup_teardown(test_crl_check_memo_kept_for_same_key_only, fixture_setup,
                                        fixture_teardown),
        cmocka_unit_test_setup_teardown(test_crl_check_key_identifiers, fixture_setup,
                                        fixture_teardown),
        cmocka_unit_test_setup_teardown(test_crl_check_scope, fixture_setup, fixture_teardown),
        cmocka_unit_test_setup_teardown(test_crl_check_out_of_memory_no_memory, fixture_setup,
                                        fixture_teardown),
        cmocka_unit_test(test_crl_manifest_every_case_expected),
        cmocka_unit_test(test_crl_manifest_explanations_exact),
        cmocka_unit_test(test_crl_verify_other_path_tried),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
#endif
