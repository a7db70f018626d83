/* SPDX-License-Identifier: MIT */
/*
 * test_x509_crl_check.c - the revocation check (x509_crl.c, RFC 5280 §6.3) and chain
 * verification with CRLs (x509_verify.c) through the internal API: on CRLs signed here with
 * the demo CA's committed key (tests/support/crl_build.h: scope, key identifiers, keyUsage
 * cRLSign, the validity window, removeFromCRL, precedence of the failures, allocation
 * failure). The manifest of vectors/x509/crl is run by test_x509_crl_manifest.c.
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

/* CN=p1, the RDN the relative names below name (the contents of its SET). */
#define RDN_P1 "30 09 06 03 55 04 03 0c 02 70 31"

/* A DistributionPoint whose fullName is the directoryName @p base with @p rdn (hex) joined,
 * as the hex of the element; @p idp writes it as an IssuingDistributionPoint instead (the same
 * shape: SEQUENCE { [0] { [0] GeneralNames } }). */
static const char *joined_dp(mutls_slice base, const char *rdn)
{
    tu_der d = {0};
    mutls_rd r;
    mutls_slice rdns;

    mutls_rd_init_slice(&r, base);
    rdns = mutls_der_value(&r, MUTLS_DER_SEQUENCE);
    assert_int_equal(r.err, 0);
    tu_der_begin(&d, 0x30);
    tu_der_begin(&d, 0xa0);
    tu_der_begin(&d, 0xa0);
    tu_der_begin(&d, 0xa4);
    tu_der_begin(&d, 0x30);
    tu_der_put(&d, rdns.p, rdns.len);
    if (rdn != NULL) {
        tu_der_tlv_hex(&d, 0x31, rdn);
    }
    tu_der_end(&d);
    tu_der_end(&d);
    tu_der_end(&d);
    tu_der_end(&d);
    tu_der_end(&d);
    return tu_der_hex_of(&d);
}

/* The check of the demo client, whose cRLDistributionPoints are @p dps (hex), against crl[0]. */
static int check_dps(fixture *f, const char *dps)
{
    mutls_x509 subject = f->client;
    size_t n;
    uint8_t *b = tu_unhex(dps, &n);
    int rc;

    assert_non_null(b);
    assert_int_equal(mutls_x509_crldp_check((mutls_slice){b, n}), 0);
    subject.crldp.p = b;
    subject.crldp.len = n;
    rc = check_subject(f, &subject);
    free(b);
    return rc;
}

/* RFC 5280 §4.2.1.13 and §5.2.5: a nameRelativeToCRLIssuer is joined to the CRL issuer's Name
 * (in a certificate: to its cRLIssuer's, else to its issuer's) before it is compared, with
 * either form on either side (the forms of PKITS 4.14.4-4.14.9). */
static void test_crl_check_relative_dp(void **state)
{
    fixture *f = *state;
    mutls_slice issuer = f->client.issuer;
    char joined[512];
    char bare[512];

    snprintf(joined, sizeof(joined), "%s", joined_dp(issuer, RDN_P1));
    snprintf(bare, sizeof(bare), "%s", joined_dp(issuer, NULL));

    /* The CRL's point relative to its issuer. */
    with_idp(f, "30 0f a0 0d a1 0b " RDN_P1);
    assert_int_equal(check_dps(f, "30 0f a0 0d a1 0b " RDN_P1), MUTLS_ERR_X509_REVOKED);
    /* The same RDN spelled in another case compares equal (§7.1). */
    assert_int_equal(check_dps(f, "30 0f a0 0d a1 0b 30 09 06 03 55 04 03 0c 02 50 31"),
                     MUTLS_ERR_X509_REVOKED);
    assert_int_equal(check_dps(f, joined), MUTLS_ERR_X509_REVOKED);
    /* Another RDN, the issuer without it, another type of name. */
    assert_int_equal(check_dps(f, "30 0f a0 0d a1 0b 30 09 06 03 55 04 03 0c 02 70 32"),
                     MUTLS_ERR_X509_CRL_MISSING);
    assert_int_equal(f->st.set_aside, MUTLS_CRL_ASIDE_DP_NAME);
    assert_int_equal(check_dps(f, bare), MUTLS_ERR_X509_CRL_MISSING);
    assert_int_equal(check_dps(f, "30 0d a0 0b a0 09 86 07 68 3a 2f 2f 61 2f 62"),
                     MUTLS_ERR_X509_CRL_MISSING);
    /* Relative to a cRLIssuer of another name: not the CRL's point. */
    assert_int_equal(
        check_dps(f, "30 26 a0 0d a1 0b " RDN_P1
                     " a2 15 a4 13 30 11 31 0f 30 0d 06 03 55 04 03 0c 06 6f 74 68 65 72 73"),
        MUTLS_ERR_X509_CRL_MISSING);

    /* The CRL's point as the joined fullName; the certificate's relative to its issuer. */
    with_idp(f, joined);
    assert_int_equal(check_dps(f, "30 0f a0 0d a1 0b " RDN_P1), MUTLS_ERR_X509_REVOKED);
    assert_int_equal(check_dps(f, joined), MUTLS_ERR_X509_REVOKED);
    assert_int_equal(check_dps(f, "30 0f a0 0d a1 0b 30 09 06 03 55 04 03 0c 02 70 32"),
                     MUTLS_ERR_X509_CRL_MISSING);
    with_idp(f, bare);
    assert_int_equal(check_dps(f, "30 0f a0 0d a1 0b " RDN_P1), MUTLS_ERR_X509_CRL_MISSING);
}

/* The contents of a cRLDistributionPoints of one point, fullName URI h://a/b, whose cRLIssuer
 * is the directoryName @p name (hex). */
static const char *dp_served_by_name(mutls_slice name)
{
    tu_der d = {0};

    tu_der_begin(&d, 0x30);
    tu_der_tlv_hex(&d, 0xa0, "a0 09 86 07 68 3a 2f 2f 61 2f 62");
    tu_der_begin(&d, 0xa2);
    tu_der_begin(&d, 0xa4);
    tu_der_put(&d, name.p, name.len);
    tu_der_end(&d);
    tu_der_end(&d);
    tu_der_end(&d);
    return tu_der_hex_of(&d);
}

/* RFC 5280 §6.3.3(b)(1): a distribution point with a cRLIssuer is served by the issuers it
 * names. The certificate issuer's CRL for that point's name covers it only when the cRLIssuer
 * is that issuer; a CRL without issuingDistributionPoint covers every certificate of its
 * issuer (§5.2.5). */
static void test_crl_check_dp_crl_issuer(void **state)
{
    fixture *f = *state;
    const char *others =
        "30 26 a0 0b a0 09 86 07 68 3a 2f 2f 61 2f 62"
        " a2 17 a4 15 30 13 31 11 30 0f 06 03 55 04 03 0c 08 6f 74 68 65 72 20 43 41";
    const char *then_own =
        "30 26 a0 0b a0 09 86 07 68 3a 2f 2f 61 2f 62"
        " a2 17 a4 15 30 13 31 11 30 0f 06 03 55 04 03 0c 08 6f 74 68 65 72 20 43 41"
        " 30 0b a0 09 a0 07 86 05 68 3a 2f 2f 63";
    mutls_x509_verify_out out = {0};
    char own[512];
    char why[512];

    snprintf(own, sizeof(own), "%s", dp_served_by_name(f->client.issuer));
    with_idp(f, "30 0d a0 0b a0 09 86 07 68 3a 2f 2f 61 2f 62");
    /* The point's name is the CRL's, but another issuer serves it. */
    assert_int_equal(check_dps(f, others), MUTLS_ERR_X509_CRL_MISSING);
    assert_int_equal(f->st.set_aside, MUTLS_CRL_ASIDE_DP_ISSUER);
    /* The cRLIssuer is the certificate's own issuer. */
    assert_int_equal(check_dps(f, own), MUTLS_ERR_X509_REVOKED);
    /* A second point, h://c, does not name the CRL's: the first one's issuer still decides. */
    assert_int_equal(check_dps(f, then_own), MUTLS_ERR_X509_CRL_MISSING);
    assert_int_equal(f->st.set_aside, MUTLS_CRL_ASIDE_DP_ISSUER);
    /* A CRL for no particular point covers the certificate whatever its points say. */
    (void)revoking(f, 0, MUTLS_CRL_REASON_KEY_COMPROMISE);
    assert_int_equal(check_dps(f, others), MUTLS_ERR_X509_REVOKED);

    /* The explanation names the rule. */
    out.code = MUTLS_ERR_X509_CRL_MISSING;
    out.cert = &f->client;
    out.crl_set_aside = MUTLS_CRL_ASIDE_DP_ISSUER;
    assert_true(mutls_x509_explain(&out, why, sizeof(why)) > 0);
    assert_non_null(strstr(why, "has no CRL from its issuer that covers it (the certificate "
                                "names the issuer's CRL's distribution point but has its CRLs "
                                "issued by another CRL issuer, RFC 5280 6.3.3 b 1)"));
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
        cmocka_unit_test_setup_teardown(test_crl_check_dp_crl_issuer, fixture_setup,
                                        fixture_teardown),
        cmocka_unit_test_setup_teardown(test_crl_check_relative_dp, fixture_setup,
                                        fixture_teardown),
        cmocka_unit_test_setup_teardown(test_crl_check_out_of_memory_no_memory, fixture_setup,
                                        fixture_teardown),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
#endif
