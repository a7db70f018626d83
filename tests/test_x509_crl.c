/* SPDX-License-Identifier: MIT */
/*
 * test_x509_crl.c - parsing certificate revocation lists (x509_crl.c, RFC 5280 §5) on CRLs
 * built here (tests/support/crl_build.h) and on vectors/x509/crl: every field kept, every
 * refused form with its exact code (MUTLS_ERR_X509_CRL_MALFORMED or _UNSUPPORTED: versions,
 * times, algorithms, CRL and entry extensions, each issuingDistributionPoint form), truncation
 * at every byte, each length octet ±1 and a trailing byte; cRLDistributionPoints as
 * certificates carry them; the reason names. The check and verification with CRLs are in
 * test_x509_crl_check.c.
 */
#include "testutil.h"

#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "crl_build.h"
#include "der.h"
#include "x509_crl.h"

/* -DMUTLS_CRL=OFF refuses every CRL (test_certs checks that): nothing here applies. */
#if defined(MUTLS_NO_CRL)
TU_BUILT_OUT_PROGRAM()
#else

/* Parse @p len bytes from an exact-size copy (so ASan sees a read past the end). */
static int parse_copy(const uint8_t *p, size_t len, mutls_x509_crl *crl)
{
    uint8_t *copy = malloc(len > 0 ? len : 1);
    int rc;

    assert_non_null(copy);
    if (len > 0) {
        memcpy(copy, p, len);
    }
    rc = mutls_x509_crl_parse(crl, copy, len);
    free(copy);
    return rc;
}

static int parse_spec(const tu_crl_spec *s)
{
    tu_der d;
    mutls_x509_crl crl;

    tu_crl_build(&d, s, NULL, 0);
    return parse_copy(d.b, d.len, &crl);
}

/* A v2 CRL with every extension mutls reads (the vectors lack some): two entries, one with
 * reasonCode and invalidityDate; AKI, cRLNumber, an IDP with a fullName and
 * onlyContainsUserCerts, and three extensions that are skipped. */
static void build_rich_crl(tu_der *d)
{
    tu_der inv = {0};
    tu_der entries = {0};
    tu_der exts = {0};
    tu_crl_spec s = {0};

    tu_crl_ext(&inv, OID_INVALIDITY, 0, "18 0f 32 30 32 36 30 32 30 31 30 30 30 30 30 30 5a");
    tu_crl_entry(&entries, "10 09", "260301000000Z", MUTLS_CRL_REASON_KEY_COMPROMISE,
                 tu_der_hex_of(&inv));
    tu_crl_entry(&entries, "00 80", "260302000000Z", -1, NULL);
    tu_crl_ext(&exts, OID_AKI, 0, "30 06 80 04 01 02 03 04");
    tu_crl_ext(&exts, OID_CRL_NUMBER, 0, "02 01 05");
    tu_crl_ext(&exts, OID_IDP, 1,
               "30 14 a0 0f a0 0d 86 0b 68 74 74 70 3a 2f 2f 78 2f 63 6c 81 01 ff");
    tu_crl_ext(&exts, OID_AIA, 0, "30 00");
    tu_crl_ext(&exts, OID_FRESHEST, 0, "30 00");
    tu_crl_ext(&exts, OID_UNKNOWN, 0, "05 00");
    s.entries = tu_der_hex_of(&entries);
    s.exts = tu_der_hex_of(&exts);
    tu_crl_build(d, &s, NULL, 0);
}

static void test_crl_parse_every_extension_fields(void **state)
{
    tu_der d = {0};
    mutls_x509_crl crl;
    int64_t when = 0;
    int reason = 0;
    uint8_t serial[] = {0x10, 0x09};
    mutls_slice sl = {serial, sizeof(serial)};

    (void)state;
    build_rich_crl(&d);
    assert_int_equal(mutls_x509_crl_parse(&crl, d.b, d.len), 0);
    assert_int_equal(crl.version, 2);
    assert_int_equal(crl.der.len, d.len);
    assert_true(crl.sig.supported);
    assert_int_equal(crl.sig.hash, MUTLS_HASH_SHA256);
    assert_int_equal(crl.this_update, 1780272000); /* 2026-06-01 */
    assert_int_equal(crl.next_update, 2080080000); /* 2035-12-01 */
    assert_int_equal(crl.aki.len, 4);
    assert_true(crl.has_crl_number);
    assert_int_equal(crl.scope, MUTLS_CRL_ONLY_USER);
    assert_int_equal(crl.idp_names.len, 13);
    assert_int_equal(crl.signature.len, 4);
    assert_int_equal(mutls_x509_crl_find(&crl, sl, &when, &reason), 1);
    assert_int_equal(when, 1772323200); /* 2026-03-01 */
    assert_int_equal(reason, MUTLS_CRL_REASON_KEY_COMPROMISE);
    serial[0] = 0x00;
    serial[1] = 0x80;
    assert_int_equal(mutls_x509_crl_find(&crl, sl, &when, &reason), 1);
    assert_int_equal(reason, MUTLS_CRL_REASON_NONE);
    /* The serial is compared as INTEGER bytes: 80 alone is another (negative) number. */
    sl.p = serial + 1;
    sl.len = 1;
    assert_int_equal(mutls_x509_crl_find(&crl, sl, &when, &reason), 0);
}

static void test_crl_parse_v1_without_extensions_ok(void **state)
{
    tu_der e = {0};
    tu_crl_spec s = {.version = -1, .next_update = ""};
    tu_der d;
    mutls_x509_crl crl;

    (void)state;
    tu_crl_entry(&e, "01", "260301000000Z", -1, NULL);
    s.entries = tu_der_hex_of(&e);
    tu_crl_build(&d, &s, NULL, 0);
    assert_int_equal(mutls_x509_crl_parse(&crl, d.b, d.len), 0);
    assert_int_equal(crl.version, 1);
    assert_int_equal(crl.next_update, INT64_MAX);
    assert_int_equal(crl.scope, 0);
    assert_int_equal(crl.aki.len, 0);
    assert_false(crl.has_crl_number);
    /* No revoked list at all. */
    s.entries = NULL;
    assert_int_equal(parse_spec(&s), 0);
}

static void test_crl_parse_version_rules_malformed(void **state)
{
    tu_der e = {0};
    tu_der x = {0};
    tu_crl_spec s = {0};

    (void)state;
    /* §5.1.2.1: a present version is v2; v1 is written by leaving it out. */
    s.version = 2;
    assert_int_equal(parse_spec(&s), MUTLS_ERR_X509_CRL_MALFORMED);
    s.version = -1;
    assert_int_equal(parse_spec(&s), 0);
    /* A v1 CRL carries no extensions, for the list or for an entry. */
    tu_crl_ext(&x, OID_CRL_NUMBER, 0, "02 01 01");
    s.exts = tu_der_hex_of(&x);
    assert_int_equal(parse_spec(&s), MUTLS_ERR_X509_CRL_MALFORMED);
    s.exts = NULL;
    tu_crl_entry(&e, "01", "260301000000Z", 1, NULL);
    s.entries = tu_der_hex_of(&e);
    assert_int_equal(parse_spec(&s), MUTLS_ERR_X509_CRL_MALFORMED);
    s.version = 0;
    assert_int_equal(parse_spec(&s), 0);
}

static void test_crl_parse_bad_times_malformed(void **state)
{
    tu_crl_spec s = {0};
    tu_der e = {0};

    (void)state;
    s.this_update = "260631000000Z"; /* June 31 */
    assert_int_equal(parse_spec(&s), MUTLS_ERR_X509_CRL_MALFORMED);
    s.this_update = "2606010000Z"; /* no seconds */
    assert_int_equal(parse_spec(&s), MUTLS_ERR_X509_CRL_MALFORMED);
    s.this_update = "260601000000+0100";
    assert_int_equal(parse_spec(&s), MUTLS_ERR_X509_CRL_MALFORMED);
    s.this_update = "20260601000000.5Z";
    s.generalized = 1;
    assert_int_equal(parse_spec(&s), MUTLS_ERR_X509_CRL_MALFORMED);
    s.this_update = "20260601000000Z";
    assert_int_equal(parse_spec(&s), 0);
    s.generalized = 0;
    s.this_update = NULL;
    s.next_update = "351301000000Z";
    assert_int_equal(parse_spec(&s), MUTLS_ERR_X509_CRL_MALFORMED);
    s.next_update = NULL;
    tu_crl_entry(&e, "01", "26030100000Z", -1, NULL);
    s.entries = tu_der_hex_of(&e);
    assert_int_equal(parse_spec(&s), MUTLS_ERR_X509_CRL_MALFORMED);
}

static void test_crl_parse_structure_malformed(void **state)
{
    tu_crl_spec s = {0};
    tu_der e = {0};
    tu_der n = {0};
    mutls_x509_crl crl;
    uint8_t one = 0x30;

    (void)state;
    /* §5.1.1.2: the two algorithm identifiers agree. */
    s.outer_alg = ALG_SHA384_RSA;
    assert_int_equal(parse_spec(&s), MUTLS_ERR_X509_CRL_MALFORMED);
    s.outer_alg = NULL;
    /* §5.1.2.6 says an empty list is left out, but some CA software writes one: it is taken
     * as what it says, nothing revoked, as OpenSSL and Mbed TLS take it. */
    s.entries = "";
    assert_int_equal(parse_spec(&s), 0);
    /* A serial that is not a minimal INTEGER. */
    tu_crl_entry(&e, "00 01", "260301000000Z", -1, NULL);
    s.entries = tu_der_hex_of(&e);
    assert_int_equal(parse_spec(&s), MUTLS_ERR_X509_CRL_MALFORMED);
    s.entries = NULL;
    /* §5.1.2.3: the issuer is not empty. */
    tu_der_hex(&n, "30 00");
    s.issuer.p = n.b;
    s.issuer.len = n.len;
    assert_int_equal(parse_spec(&s), MUTLS_ERR_X509_CRL_MALFORMED);
    s.issuer.len = 0;
    /* The issuer is missing altogether. */
    s.alg = ALG_SHA256_RSA " 30 03 31 01 00";
    s.outer_alg = ALG_SHA256_RSA;
    assert_int_equal(parse_spec(&s), MUTLS_ERR_X509_CRL_MALFORMED);
    assert_int_equal(mutls_x509_crl_parse(&crl, NULL, 0), MUTLS_ERR_BAD_ARGUMENT);
    assert_int_equal(parse_copy(&one, 1, &crl), MUTLS_ERR_X509_CRL_MALFORMED);
    assert_int_equal(parse_copy(&one, 0, &crl), MUTLS_ERR_X509_CRL_MALFORMED);
}

static void test_crl_parse_signature_algorithms_unsupported(void **state)
{
    tu_crl_spec s = {0};

    (void)state;
    s.alg = ALG_SHA1_RSA;
    assert_int_equal(parse_spec(&s), MUTLS_ERR_X509_CRL_UNSUPPORTED);
    s.alg = ALG_MD5_RSA;
    assert_int_equal(parse_spec(&s), MUTLS_ERR_X509_CRL_UNSUPPORTED);
    s.alg = ALG_UNKNOWN;
    assert_int_equal(parse_spec(&s), MUTLS_ERR_X509_CRL_UNSUPPORTED);
    /* Mismatched and unsupported: the structure error wins. */
    s.outer_alg = ALG_SHA256_RSA;
    assert_int_equal(parse_spec(&s), MUTLS_ERR_X509_CRL_MALFORMED);
}

/* Parse a v2 CRL whose crlExtensions are @p one, then @p two (NULL: one extension). */
static int parse_exts(const char *oid, int critical, const char *value)
{
    tu_der x = {0};
    tu_crl_spec s = {0};

    tu_crl_ext(&x, oid, critical, value);
    s.exts = tu_der_hex_of(&x);
    return parse_spec(&s);
}

static void test_crl_parse_crl_extensions_codes(void **state)
{
    tu_der x = {0};
    tu_crl_spec s = {0};

    (void)state;
    assert_int_equal(parse_exts(OID_UNKNOWN, 0, "05 00"), 0);
    assert_int_equal(parse_exts(OID_UNKNOWN, 1, "05 00"), MUTLS_ERR_X509_CRL_UNSUPPORTED);
    assert_int_equal(parse_exts(OID_DELTA, 1, "02 01 04"), MUTLS_ERR_X509_CRL_UNSUPPORTED);
    assert_int_equal(parse_exts(OID_DELTA, 0, "02 01 04"), MUTLS_ERR_X509_CRL_UNSUPPORTED);
    assert_int_equal(parse_exts(OID_FRESHEST, 0, "30 00"), 0);
    assert_int_equal(parse_exts(OID_FRESHEST, 1, "30 00"), MUTLS_ERR_X509_CRL_UNSUPPORTED);
    assert_int_equal(parse_exts(OID_AIA, 0, "30 00"), 0);
    assert_int_equal(parse_exts(OID_AIA, 1, "30 00"), MUTLS_ERR_X509_CRL_UNSUPPORTED);
    /* cRLNumber: a non-negative INTEGER of at most 20 octets. */
    assert_int_equal(parse_exts(OID_CRL_NUMBER, 0, "02 01 ff"), MUTLS_ERR_X509_CRL_MALFORMED);
    assert_int_equal(parse_exts(OID_CRL_NUMBER, 0,
                                "02 15 01 02 03 04 05 06 07 08 09 0a 0b 0c 0d 0e 0f 10 11 12 13 "
                                "14 15"),
                     MUTLS_ERR_X509_CRL_MALFORMED);
    assert_int_equal(parse_exts(OID_CRL_NUMBER, 0,
                                "02 15 00 ff 02 03 04 05 06 07 08 09 0a 0b 0c 0d 0e 0f 10 11 12 "
                                "13 14"),
                     0);
    assert_int_equal(parse_exts(OID_CRL_NUMBER, 0, "02 01 01 00"), MUTLS_ERR_X509_CRL_MALFORMED);
    assert_int_equal(parse_exts(OID_AKI, 0, "30 06 80 04 01 02 03"), MUTLS_ERR_X509_CRL_MALFORMED);
    /* §5.2.3: cRLNumber is never critical (x509-limbo crl::crlnumber-critical). */
    assert_int_equal(parse_exts(OID_CRL_NUMBER, 1, "02 02 30 39"), MUTLS_ERR_X509_CRL_MALFORMED);
    /* An unknown extension with an empty extnValue, as x509-limbo
     * crl::structure::crl-unknown-*-extension:
     * skipped when not critical, refused when critical. */
    assert_int_equal(parse_exts(OID_UNKNOWN, 0, ""), 0);
    assert_int_equal(parse_exts(OID_UNKNOWN, 1, ""), MUTLS_ERR_X509_CRL_UNSUPPORTED);
    /* §5.2: one instance of each extension. */
    tu_crl_ext(&x, OID_CRL_NUMBER, 0, "02 01 01");
    tu_crl_ext(&x, OID_CRL_NUMBER, 0, "02 01 02");
    s.exts = tu_der_hex_of(&x);
    assert_int_equal(parse_spec(&s), MUTLS_ERR_X509_CRL_MALFORMED);
    /* An empty Extensions SEQUENCE. */
    s.exts = "";
    assert_int_equal(parse_spec(&s), MUTLS_ERR_X509_CRL_MALFORMED);
}

static void test_crl_parse_idp_forms_codes(void **state)
{
    (void)state;
    /* Scopes mutls applies. */
    assert_int_equal(parse_exts(OID_IDP, 1, "30 03 81 01 ff"), 0);
    assert_int_equal(parse_exts(OID_IDP, 1, "30 03 82 01 ff"), 0);
    assert_int_equal(parse_exts(OID_IDP, 0, "30 03 82 01 ff"), 0);
    assert_int_equal(parse_exts(OID_IDP, 1, "30 0a a0 08 a0 06 82 04 61 2e 62 63"), 0);
    assert_int_equal(parse_exts(OID_IDP, 1, "30 0e a0 0c a1 0a 30 08 06 03 55 04 03 0c 01 78"), 0);
    /* Refused forms. */
    assert_int_equal(parse_exts(OID_IDP, 1, "30 03 84 01 ff"), MUTLS_ERR_X509_CRL_UNSUPPORTED);
    assert_int_equal(parse_exts(OID_IDP, 1, "30 04 83 02 07 80"), MUTLS_ERR_X509_CRL_UNSUPPORTED);
    assert_int_equal(parse_exts(OID_IDP, 1, "30 03 85 01 ff"), MUTLS_ERR_X509_CRL_UNSUPPORTED);
    assert_int_equal(parse_exts(OID_IDP, 1, "30 06 81 01 ff 84 01 ff"),
                     MUTLS_ERR_X509_CRL_UNSUPPORTED);
    /* Broken ones. */
    assert_int_equal(parse_exts(OID_IDP, 1, "30 00"), MUTLS_ERR_X509_CRL_MALFORMED);
    assert_int_equal(parse_exts(OID_IDP, 1, "30 06 81 01 ff 82 01 ff"),
                     MUTLS_ERR_X509_CRL_MALFORMED);
    assert_int_equal(parse_exts(OID_IDP, 1, "30 03 81 01 00"), MUTLS_ERR_X509_CRL_MALFORMED);
    assert_int_equal(parse_exts(OID_IDP, 1, "30 04 81 02 ff ff"), MUTLS_ERR_X509_CRL_MALFORMED);
    assert_int_equal(parse_exts(OID_IDP, 1, "30 03 84 01 00"), MUTLS_ERR_X509_CRL_MALFORMED);
    assert_int_equal(parse_exts(OID_IDP, 1, "30 06 82 01 ff 81 01 ff"),
                     MUTLS_ERR_X509_CRL_MALFORMED);
    assert_int_equal(parse_exts(OID_IDP, 1, "30 04 a0 02 a0 00"), MUTLS_ERR_X509_CRL_MALFORMED);
    assert_int_equal(parse_exts(OID_IDP, 1, "30 06 a0 04 a2 02 82 00"),
                     MUTLS_ERR_X509_CRL_MALFORMED);
    assert_int_equal(parse_exts(OID_IDP, 1, "30 03 86 01 ff"), MUTLS_ERR_X509_CRL_MALFORMED);
    /* A relative name that is an empty RDN, or whose attribute is not a SEQUENCE. */
    assert_int_equal(parse_exts(OID_IDP, 1, "30 04 a0 02 a1 00"), MUTLS_ERR_X509_CRL_MALFORMED);
    assert_int_equal(parse_exts(OID_IDP, 1, "30 08 a0 06 a1 04 31 02 05 00"),
                     MUTLS_ERR_X509_CRL_MALFORMED);
}

/* The rule x509_crl.c names for a refused CRL built from @p s ("" when it parses). */
static const char *why_of(const tu_crl_spec *s)
{
    tu_der d;
    mutls_x509_crl crl;

    tu_crl_build(&d, s, NULL, 0);
    if (parse_copy(d.b, d.len, &crl) == 0) {
        return "";
    }
    assert_non_null(crl.why);
    return crl.why;
}

/* Each refusal names its rule, for mutls_certs_load_detail. */
static void test_crl_parse_refusals_name_rule(void **state)
{
    /* One extension of the CRL (entry 0) or of its one entry (entry 1), and the words. */
    static const struct {
        int entry;
        const char *oid;
        int critical;
        const char *value;
        const char *why;
    } cases[] = {
        {0, OID_CRL_NUMBER, 1, "02 01 05",
         "its cRLNumber extension is marked critical, which RFC 5280 §5.2.3 forbids"},
        {0, OID_CRL_NUMBER, 0,
         "02 15 01 02 03 04 05 06 07 08 09 0a 0b 0c 0d 0e 0f 10 11 12 13 14 15",
         "its cRLNumber is longer than 20 octets (RFC 5280 §5.2.3)"},
        {0, OID_DELTA, 1, "02 01 04",
         "it is a delta CRL (RFC 5280 §5.2.4), which mutls does not apply"},
        {0, OID_UNKNOWN, 1, "05 00",
         "it has a critical extension mutls does not process (RFC 5280 §5.2)"},
        {0, OID_IDP, 1, "30 00", "its issuingDistributionPoint is empty (RFC 5280 §5.2.5)"},
        {0, OID_IDP, 1, "30 06 81 01 ff 82 01 ff",
         "its issuingDistributionPoint sets both onlyContainsUserCerts and onlyContainsCACerts "
         "(RFC 5280 §5.2.5)"},
        {0, OID_IDP, 1, "30 03 84 01 ff",
         "it is an indirect CRL (RFC 5280 §5.2.5), which mutls does not apply"},
        {0, OID_IDP, 1, "30 04 83 02 07 80",
         "it covers only some revocation reasons (onlySomeReasons, RFC 5280 §5.2.5), which "
         "mutls does not apply"},
        {0, OID_IDP, 1, "30 03 85 01 ff",
         "it covers attribute certificates only (RFC 5280 §5.2.5)"},
        /* A broken encoding has no rule of its own: the extension is named. */
        {0, OID_IDP, 1, "30 03 81 01 00",
         "its issuingDistributionPoint extension is malformed (RFC 5280 5.2.5)"},
        {1, OID_CERT_ISSUER, 1, "30 06 82 04 61 2e 62 63",
         "it is an indirect CRL (an entry names its certificateIssuer, RFC 5280 §5.3.3), which "
         "mutls does not apply"},
        {1, OID_UNKNOWN, 1, "05 00",
         "an entry has a critical extension mutls does not process (RFC 5280 §5.3)"},
        {1, OID_REASON, 0, "0a 01 07",
         "an entry's reasonCode is not a defined CRLReason (RFC 5280 §5.3.1)"},
        {1, OID_INVALIDITY, 0, "17 0d 32 36 30 32 30 31 30 30 30 30 30 30 5a",
         "an entry's invalidityDate is not a GeneralizedTime (RFC 5280 §5.3.2)"},
    };
    tu_crl_spec s = {0};

    (void)state;
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        tu_der x = {0};
        tu_der e = {0};
        tu_crl_spec one = {0};

        tu_crl_ext(&x, cases[i].oid, cases[i].critical, cases[i].value);
        if (cases[i].entry) {
            tu_crl_entry(&e, "01", "260301000000Z", -1, tu_der_hex_of(&x));
            one.entries = tu_der_hex_of(&e);
        } else {
            one.exts = tu_der_hex_of(&x);
        }
        assert_string_equal(why_of(&one), cases[i].why);
    }
    s.alg = ALG_SHA1_RSA;
    assert_string_equal(why_of(&s), "it is signed with an algorithm mutls does not verify "
                                    "(SHA-1, MD5 or one it does not know)");
    s.outer_alg = ALG_SHA256_RSA;
    assert_string_equal(why_of(&s),
                        "its two signature algorithm fields differ (RFC 5280 §5.1.1.2)");
}

/* A v2 CRL with one entry whose extensions are @p exts (hex of Extension elements). */
static int parse_entry_exts(int reason, const char *exts)
{
    tu_der e = {0};
    tu_crl_spec s = {0};

    tu_crl_entry(&e, "01", "260301000000Z", reason, exts);
    s.entries = tu_der_hex_of(&e);
    return parse_spec(&s);
}

static void test_crl_parse_entry_extensions_codes(void **state)
{
    tu_der x = {0};

    (void)state;
    assert_int_equal(parse_entry_exts(MUTLS_CRL_REASON_AA_COMPROMISE, NULL), 0);
    assert_int_equal(parse_entry_exts(MUTLS_CRL_REASON_REMOVE_FROM_CRL, NULL), 0);
    assert_int_equal(parse_entry_exts(7, NULL), MUTLS_ERR_X509_CRL_MALFORMED);
    assert_int_equal(parse_entry_exts(11, NULL), MUTLS_ERR_X509_CRL_MALFORMED);
    assert_int_equal(parse_entry_exts(0x81, NULL), MUTLS_ERR_X509_CRL_MALFORMED);
    /* reasonCode as an INTEGER, or in two octets. */
    tu_crl_ext(&x, OID_REASON, 0, "02 01 01");
    assert_int_equal(parse_entry_exts(-1, tu_der_hex_of(&x)), MUTLS_ERR_X509_CRL_MALFORMED);
    x.len = 0;
    tu_crl_ext(&x, OID_REASON, 0, "0a 02 00 01");
    assert_int_equal(parse_entry_exts(-1, tu_der_hex_of(&x)), MUTLS_ERR_X509_CRL_MALFORMED);
    x.len = 0;
    tu_crl_ext(&x, OID_REASON, 0, "0a 00");
    assert_int_equal(parse_entry_exts(-1, tu_der_hex_of(&x)), MUTLS_ERR_X509_CRL_MALFORMED);
    /* Duplicate reasonCode. */
    x.len = 0;
    tu_crl_ext(&x, OID_REASON, 0, "0a 01 02");
    assert_int_equal(parse_entry_exts(1, tu_der_hex_of(&x)), MUTLS_ERR_X509_CRL_MALFORMED);
    /* invalidityDate is a GeneralizedTime, read and otherwise ignored. */
    x.len = 0;
    tu_crl_ext(&x, OID_INVALIDITY, 0, "18 0f 32 30 32 36 30 32 30 31 30 30 30 30 30 30 5a");
    assert_int_equal(parse_entry_exts(1, tu_der_hex_of(&x)), 0);
    x.len = 0;
    tu_crl_ext(&x, OID_INVALIDITY, 0, "17 0d 32 36 30 32 30 31 30 30 30 30 30 30 5a");
    assert_int_equal(parse_entry_exts(1, tu_der_hex_of(&x)), MUTLS_ERR_X509_CRL_MALFORMED);
    /* certificateIssuer: an indirect CRL. */
    x.len = 0;
    tu_crl_ext(&x, OID_CERT_ISSUER, 1, "30 06 82 04 61 2e 62 63");
    assert_int_equal(parse_entry_exts(1, tu_der_hex_of(&x)), MUTLS_ERR_X509_CRL_UNSUPPORTED);
    x.len = 0;
    tu_crl_ext(&x, OID_UNKNOWN, 1, "05 00");
    assert_int_equal(parse_entry_exts(-1, tu_der_hex_of(&x)), MUTLS_ERR_X509_CRL_UNSUPPORTED);
    x.len = 0;
    tu_crl_ext(&x, OID_UNKNOWN, 0, "05 00");
    assert_int_equal(parse_entry_exts(-1, tu_der_hex_of(&x)), 0);
    /* An entry with an empty extension list. */
    assert_int_equal(parse_entry_exts(-1, ""), MUTLS_ERR_X509_CRL_MALFORMED);
}

/*
 * A serial number listed twice: RFC 5280 says nothing against it (the CA/B Forum asks issuers
 * not to), so mutls takes the CRL and the first entry answers (x509-limbo
 * crl::structure::crl-duplicate-revoked-serial expects a refusal: a webpki policy, left).
 */
static void test_crl_parse_duplicate_serial_accepted(void **state)
{
    tu_der e = {0};
    tu_der d;
    tu_crl_spec s = {0};
    mutls_x509_crl crl;
    uint8_t serial[] = {0x10, 0x09};
    int64_t date = 0;
    int reason = 0;

    (void)state;
    tu_crl_entry(&e, "10 09", "260301000000Z", MUTLS_CRL_REASON_SUPERSEDED, NULL);
    tu_crl_entry(&e, "10 09", "260302000000Z", MUTLS_CRL_REASON_KEY_COMPROMISE, NULL);
    s.entries = tu_der_hex_of(&e);
    tu_crl_build(&d, &s, NULL, 0);
    assert_int_equal(mutls_x509_crl_parse(&crl, d.b, d.len), 0);
    assert_int_equal(
        mutls_x509_crl_find(&crl, (mutls_slice){serial, sizeof(serial)}, &date, &reason), 1);
    assert_int_equal(date, 1772323200); /* 2026-03-01 */
    assert_int_equal(reason, MUTLS_CRL_REASON_SUPERSEDED);
}

/*
 * Every TLV header of @p p (descending into constructed elements): calls @p fn with the offset
 * of the last length octet. Test-side walker, separate from der.c on purpose.
 */
static void for_each_length(const uint8_t *p, size_t len, size_t base,
                            void (*fn)(size_t off, void *ctx), void *ctx)
{
    size_t i = 0;

    while (i + 2 <= len) {
        uint8_t tag = p[i];
        size_t n = p[i + 1];
        size_t h = 2;

        if (n & 0x80) {
            size_t k = n & 0x7f;
            size_t j;

            n = 0;
            for (j = 0; j < k; j++) {
                n = (n << 8) | p[i + 2 + j];
            }
            h += k;
        }
        fn(base + i + h - 1, ctx);
        if ((tag & 0x20) != 0) {
            for_each_length(p + i + h, n, base + i + h, fn, ctx);
        }
        i += h + n;
    }
}

typedef struct mutate_ctx {
    const uint8_t *bytes;
    size_t len;
    int checked;
} mutate_ctx;

static void mutate_length(size_t off, void *vctx)
{
    mutate_ctx *c = vctx;
    uint8_t *copy = malloc(c->len);
    mutls_x509_crl crl;
    int delta;

    assert_non_null(copy);
    for (delta = -1; delta <= 1; delta += 2) {
        int rc;

        memcpy(copy, c->bytes, c->len);
        copy[off] = (uint8_t)(copy[off] + delta);
        rc = mutls_x509_crl_parse(&crl, copy, c->len);
        if (rc != MUTLS_ERR_X509_CRL_MALFORMED) {
            fail_msg("length octet at %zu %+d: %s", off, delta, mutls_strerror(rc));
        }
        c->checked++;
    }
    free(copy);
}

/* Truncation at every byte, each length ±1 and one trailing byte are all malformed. */
static void check_every_cut(const uint8_t *bytes, size_t len)
{
    mutls_x509_crl crl;
    mutate_ctx c = {bytes, len, 0};
    uint8_t *longer;
    size_t i;

    assert_int_equal(parse_copy(bytes, len, &crl), 0);
    for (i = 0; i < len; i++) {
        assert_int_equal(parse_copy(bytes, i, &crl), MUTLS_ERR_X509_CRL_MALFORMED);
    }
    longer = malloc(len + 1);
    assert_non_null(longer);
    memcpy(longer, bytes, len);
    longer[len] = 0;
    assert_int_equal(parse_copy(longer, len + 1, &crl), MUTLS_ERR_X509_CRL_MALFORMED);
    free(longer);
    for_each_length(bytes, len, 0, mutate_length, &c);
    assert_true(c.checked > 40);
}

static void test_crl_parse_every_cut_malformed(void **state)
{
    tu_der d;
    size_t len;
    uint8_t *vec = tu_read_vector("x509/crl/inter.crl.der", &len);

    (void)state;
    check_every_cut(vec, len);
    free(vec);
    build_rich_crl(&d);
    check_every_cut(d.b, d.len);
}

/* ------------------------------------------------------------ cRLDistributionPoints */

static int crldp(const char *hex)
{
    size_t n;
    uint8_t *b = tu_unhex(hex, &n);
    mutls_slice s = {b, n};
    int rc;

    assert_non_null(b);
    rc = mutls_x509_crldp_check(s);
    free(b);
    return rc;
}

static void test_crl_crldp_forms_codes(void **state)
{
    (void)state;
    /* fullName URI; nameRelativeToCRLIssuer; cRLIssuer only; with reasons. */
    assert_int_equal(crldp("30 0a a0 08 a0 06 86 04 68 3a 2f 78"), 0);
    assert_int_equal(crldp("30 0e a0 0c a1 0a 30 08 06 03 55 04 03 0c 01 78"), 0);
    assert_int_equal(crldp("30 08 a2 06 82 04 61 2e 62 63"), 0);
    assert_int_equal(crldp("30 0e a0 08 a0 06 86 04 68 3a 2f 78 81 02 05 a0"), 0);
    assert_int_equal(crldp("30 0a a0 08 a0 06 86 04 68 3a 2f 78 30 00"), MUTLS_ERR_X509_MALFORMED);
    /* Only reasons, nothing, an empty list, a bad GeneralName, a bad choice. */
    assert_int_equal(crldp("30 04 81 02 05 a0"), MUTLS_ERR_X509_MALFORMED);
    assert_int_equal(crldp(""), MUTLS_ERR_X509_MALFORMED);
    assert_int_equal(crldp("30 04 a0 02 a0 00"), MUTLS_ERR_X509_MALFORMED);
    assert_int_equal(crldp("30 08 a0 06 a0 04 86 02 68 80"), MUTLS_ERR_X509_MALFORMED);
    assert_int_equal(crldp("30 08 a0 06 a2 04 86 02 68 3a"), MUTLS_ERR_X509_MALFORMED);
    /* A relative name that is an empty RDN, or holds no AttributeTypeAndValue. */
    assert_int_equal(crldp("30 04 a0 02 a1 00"), MUTLS_ERR_X509_MALFORMED);
    assert_int_equal(crldp("30 08 a0 06 a1 04 31 02 05 00"), MUTLS_ERR_X509_MALFORMED);
    assert_int_equal(crldp("30 0a a0 08 a0 06 86 04 68 3a 2f 78 00"), MUTLS_ERR_X509_MALFORMED);
}

static void test_crl_reason_names(void **state)
{
    (void)state;
    assert_string_equal(mutls_x509_crl_reason_name(MUTLS_CRL_REASON_KEY_COMPROMISE),
                        "keyCompromise");
    assert_string_equal(mutls_x509_crl_reason_name(MUTLS_CRL_REASON_CA_COMPROMISE), "cACompromise");
    assert_string_equal(mutls_x509_crl_reason_name(MUTLS_CRL_REASON_CERTIFICATE_HOLD),
                        "certificateHold");
    assert_string_equal(mutls_x509_crl_reason_name(MUTLS_CRL_REASON_AA_COMPROMISE), "aACompromise");
    assert_string_equal(mutls_x509_crl_reason_name(MUTLS_CRL_REASON_NONE), "unspecified");
    assert_string_equal(mutls_x509_crl_reason_name(7), "unspecified");
    assert_string_equal(mutls_x509_crl_reason_name(11), "unspecified");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_crl_parse_every_extension_fields),
        cmocka_unit_test(test_crl_parse_v1_without_extensions_ok),
        cmocka_unit_test(test_crl_parse_version_rules_malformed),
        cmocka_unit_test(test_crl_parse_bad_times_malformed),
        cmocka_unit_test(test_crl_parse_structure_malformed),
        cmocka_unit_test(test_crl_parse_signature_algorithms_unsupported),
        cmocka_unit_test(test_crl_parse_crl_extensions_codes),
        cmocka_unit_test(test_crl_parse_idp_forms_codes),
        cmocka_unit_test(test_crl_parse_entry_extensions_codes),
        cmocka_unit_test(test_crl_parse_refusals_name_rule),
        cmocka_unit_test(test_crl_parse_duplicate_serial_accepted),
        cmocka_unit_test(test_crl_parse_every_cut_malformed),
        cmocka_unit_test(test_crl_crldp_forms_codes),
        cmocka_unit_test(test_crl_reason_names),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
#endif
