/* SPDX-License-Identifier: MIT */
/*
 * test_x509_why.c - a refused certificate names the rule it breaks (mutls_x509.why, x509.c,
 * x509_ext.c, x509_gn.c, x509_match.c), and the user reads that rule where a certificate is
 * refused: the load sentence (mutls_certs_load_detail, mutls_config_load_detail), the
 * verification sentence (mutls_x509_explain) and a handshake's error detail, which also names
 * the side and the certificate's place in the peer's chain.
 *
 * The certificates come from the committed vectors of other audits (anvil, audit, malformed,
 * pkits, bettertls) and from vectors/x509/why (gen.py: one rule broken per certificate).
 */
#include "testutil.h"

#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "certs.h"
#include "hs_pair.h"
#include "hs_script.h"
#include "mem.h"
#include "pem.h"
#include "x509.h"

/* The DER of the first certificate in the PEM vector @p rel, under vectors/x509 (caller
 * frees with free_der). */
static uint8_t *first_der(const char *rel, size_t *len)
{
    char path[256];
    size_t text_len;
    size_t pos = 0;
    uint8_t *text;

    snprintf(path, sizeof(path), "x509/%s", rel);
    text = tu_read_vector(path, &text_len);
    uint8_t *der = NULL;
    mutls_slice label;

    assert_non_null(text);
    assert_int_equal(mutls_pem_next(text, text_len, &pos, &label, &der, len), 1);
    free(text);
    return der;
}

static void free_der(uint8_t *der, size_t len)
{
    mutls_free_secret(der, len);
}

/* One vector and the rule its refusal names. */
typedef struct why_case {
    const char *file;
    const char *why;
} why_case;

#define RFC "(RFC 5280 "
#define NOT_CANONICAL "its DER encoding is not canonical: "
#define BROKEN(f) "its DER structure is broken inside its " f " (X.690)"

/* clang-format off */
static const why_case cases[] = {
    /* the Certificate's frame (vectors/x509/malformed) */
    {"malformed/leaf_bad_tag.pem", "it does not start with a SEQUENCE, as every certificate does " RFC "4.1)"},
    {"malformed/leaf_bad_length.pem", "it ends before its outer SEQUENCE does (truncated, or a wrong length)"},
    {"malformed/leaf_truncated.pem", "it ends before its outer SEQUENCE does (truncated, or a wrong length)"},
    {"malformed/leaf_nonminimal_length.pem", NOT_CANONICAL "its outer length is not in the shortest form (X.690 10.1)"},
    {"malformed/leaf_trailing.pem", "it has bytes after its DER encoding ends"},
    {"why/outer_indefinite.pem", NOT_CANONICAL "its outer SEQUENCE has an indefinite length (X.690 10.1)"},
    {"why/tbs_not_sequence.pem", BROKEN("tbsCertificate")},
    {"anvil/tbs_trailing_field_leaf_leaf.pem", "its tbsCertificate holds more after its last field " RFC "4.1)"},
    {"why/signature_value_broken.pem", BROKEN("signatureValue")},
    {"why/outer_sigalg_broken.pem", BROKEN("signatureAlgorithm")},
    {"anvil/sigalg_mismatch_leaf_leaf.pem", "its signature algorithm inside and outside the signed part differ " RFC "4.1.1.2)"},
    /* version, serialNumber */
    {"anvil/explicit_v1_leaf_leaf.pem", "its version field says v1, the default, which DER leaves out (X.690 11.5)"},
    {"anvil/version_4_leaf_leaf.pem", "its version is none of v1, v2 and v3 " RFC "4.1.2.1)"},
    {"anvil/version_negative_leaf_leaf.pem", "its version field is not one small non-negative DER INTEGER " RFC "4.1.2.1)"},
    {"anvil/serial_absent_inter_inter.pem", "it has no serialNumber where RFC 5280 4.1 puts one (an INTEGER after the version)"},
    {"why/serial_empty.pem", "its serialNumber is an INTEGER without content octets (X.690 8.3.1)"},
    {"why/serial_nonminimal.pem", NOT_CANONICAL "its serialNumber INTEGER has a superfluous leading octet (X.690 8.3.2)"},
    {"anvil/serial_negative_leaf_leaf.pem", "its serialNumber is negative " RFC "4.1.2.2)"},
    {"pkits/cases/4.4.14.pem", "its serialNumber is negative " RFC "4.1.2.2)"},
    {"anvil/serial_32_octets_leaf_leaf.pem", "its serialNumber is longer than 20 octets " RFC "4.1.2.2)"},
    /* signature algorithms */
    {"why/inner_sigalg_broken.pem", BROKEN("tbsCertificate signature field")},
    {"why/rsa_sigalg_params.pem", "its RSA signature algorithm has parameters other than NULL (RFC 4055 section 5)"},
    {"why/pss_params_broken.pem", "its RSASSA-PSS signature parameters are malformed (RFC 4055 3.1)"},
    {"why/ecdsa_sigalg_params.pem", "its ECDSA signature algorithm has parameters, which RFC 5758 3.2 leaves out"},
    /* names, validity, key */
    {"why/issuer_empty_rdn.pem", "its issuer name has an empty RelativeDistinguishedName " RFC "4.1.2.4)"},
    {"why/issuer_broken.pem", BROKEN("issuer name")},
    {"why/subject_broken.pem", BROKEN("subject name")},
    {"why/subject_empty_rdn.pem", "its subject name has an empty RelativeDistinguishedName " RFC "4.1.2.4)"},
    {"why/unique_id_broken.pem", BROKEN("unique identifiers")},
    {"anvil/utctime_no_seconds_leaf_leaf.pem", "its validity is not two times in the forms RFC 5280 4.1.2.5 allows (YYMMDDHHMMSSZ or YYYYMMDDHHMMSSZ)"},
    {"anvil/gentime_fraction_leaf_leaf.pem", "its validity is not two times in the forms RFC 5280 4.1.2.5 allows (YYMMDDHHMMSSZ or YYYYMMDDHHMMSSZ)"},
    {"anvil/empty_subject_inter_inter.pem", "its subject is empty and it has no subjectAltName " RFC "4.1.2.6)"},
    {"anvil/san_noncritical_empty_subject_leaf_leaf.pem", "its subject is empty and its subjectAltName is not critical " RFC "4.1.2.6)"},
    {"why/rsa_key_params.pem", "its rsaEncryption key has parameters other than NULL (RFC 3279 2.3.1)"},
    {"why/rsa_key_no_exponent.pem", "its RSA public key is not a SEQUENCE of a modulus and an exponent (RFC 3279 2.3.1)"},
    {"why/spki_broken.pem", BROKEN("subjectPublicKeyInfo")},
    {"anvil/issuer_uid_v1_leaf_leaf.pem", "it has a unique identifier but is a v1 certificate " RFC "4.1.2.8)"},
    {"anvil/v2_leaf_with_extensions_leaf.pem", "it has extensions but is not a v3 certificate " RFC "4.1.2.9)"},
    /* the extension list */
    {"why/extensions_empty.pem", "its extensions field is an empty list " RFC "4.1.2.9)"},
    {"why/extensions_33.pem", "it has more than 32 extensions, mutls's limit"},
    {"anvil/san_duplicate_leaf_leaf.pem", "its subjectAltName extension appears twice " RFC "4.2)"},
    {"anvil/bc_duplicate_inter_inter.pem", "its basicConstraints extension appears twice " RFC "4.2)"},
    {"why/unknown_extension_twice.pem", "one of its extensions (one mutls does not know) appears twice " RFC "4.2)"},
    {"anvil/boolean_01_critical_leaf_leaf.pem", NOT_CANONICAL "an extension's critical flag is not one octet 00 or FF (X.690 11.1)"},
    {"why/ku_trailing_byte.pem", "its keyUsage extension is malformed " RFC "4.2.1.3)"},
    /* extensions mutls interprets */
    {"audit/leaf_ski_critical.pem", "its subjectKeyIdentifier extension is marked critical, which RFC 5280 4.2.1.2 forbids"},
    {"audit/leaf_aki_critical.pem", "its authorityKeyIdentifier extension is marked critical, which RFC 5280 4.2.1.1 forbids"},
    {"anvil/ku_empty_inter_inter.pem", "its keyUsage sets no bit " RFC "4.2.1.3)"},
    {"anvil/ku_overflow_one_leaf_leaf.pem", "its keyUsage sets a bit past decipherOnly " RFC "4.2.1.3)"},
    {"anvil/ku_overflow_zero_leaf_leaf.pem", "its keyUsage is not a DER named-bit BIT STRING (trailing zero bits past the named ones, or over 32 bits; X.690 11.2.2)"},
    {"anvil/pathlen_without_ca_inter_inter.pem", "its basicConstraints sets a pathLenConstraint without cA " RFC "4.2.1.9)"},
    {"anvil/pathlen_negative_inter_inter.pem", "its basicConstraints pathLenConstraint is not a non-negative DER INTEGER " RFC "4.2.1.9)"},
    {"why/eku_empty.pem", "its extendedKeyUsage lists no purpose " RFC "4.2.1.12)"},
    /* subjectAltName (x509_gn.c) */
    {"anvil/san_empty_leaf_leaf.pem", "its subjectAltName lists no name " RFC "4.2.1.6)"},
    {"why/san_tag_9.pem", "its subjectAltName has a GeneralName tagged other than [0] to [8] " RFC "4.2.1.6)"},
    {"bettertls/nc_smuggle.pem", "its subjectAltName has a GeneralName with the wrong primitive or constructed form for its tag " RFC "4.2.1.6)"},
    {"why/san_dns_nul.pem", "its subjectAltName has an rfc822Name, dNSName or URI holding a NUL or a byte outside IA5String " RFC "4.2.1.6)"},
    {"why/san_dirname_trailing.pem", "its subjectAltName has a directoryName that is not one DER Name " RFC "4.2.1.6)"},
    {"why/san_dirname_empty_rdn.pem", "one of its names has an empty RelativeDistinguishedName " RFC "4.1.2.4)"},
    {"anvil/san_ip_5_octets_leaf_leaf.pem", "its subjectAltName has an iPAddress of neither 4 nor 16 octets " RFC "4.2.1.6)"},
    {"anvil/san_dns_space_leaf_leaf.pem", "its subjectAltName has a dNSName outside the preferred name syntax " RFC "4.2.1.6)"},
    {"anvil/san_uri_relative_leaf_leaf.pem", "its subjectAltName has a URI that is not a well-formed absolute URI with a host " RFC "4.2.1.6)"},
    /* nameConstraints (x509_gn.c, x509_match.c) */
    {"audit/leaf_nc.pem", "it has nameConstraints but is not a CA certificate " RFC "4.2.1.10)"},
    {"why/nc_neither.pem", "its nameConstraints has neither permitted nor excluded subtrees " RFC "4.2.1.10)"},
    {"why/nc_permitted_empty.pem", "its nameConstraints has an empty list of subtrees " RFC "4.2.1.10)"},
    {"why/nc_subtree_no_base.pem", "its nameConstraints has a subtree without a base " RFC "4.2.1.10)"},
    {"why/nc_subtree_minimum.pem", "its nameConstraints has a subtree with a minimum or maximum, which RFC 5280 4.2.1.10 leaves out"},
    {"why/nc_tag_9.pem", "its nameConstraints has a GeneralName tagged other than [0] to [8] " RFC "4.2.1.6)"},
    {"why/nc_dns_wildcard.pem", "its nameConstraints has a dNSName subtree with a wildcard " RFC "4.2.1.10)"},
    {"audit/leaf_bad_nc_mask.pem", "its nameConstraints has an iPAddress subtree that is not an address and a CIDR mask " RFC "4.2.1.10)"},
};
/* clang-format on */

static void test_x509_why_each_refusal_names_its_rule(void **state)
{
    int wrong = 0;

    (void)state;
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        size_t len;
        uint8_t *der = first_der(cases[i].file, &len);
        mutls_x509 x;
        int rc = mutls_x509_parse(&x, der, len);

        if (rc != MUTLS_ERR_X509_MALFORMED || x.why == NULL || strcmp(x.why, cases[i].why) != 0) {
            printf("%s: rc %d, why \"%s\"\n  want \"%s\"\n", cases[i].file, rc,
                   x.why != NULL ? x.why : "(none)", cases[i].why);
            wrong++;
        }
        free_der(der, len);
    }
    assert_int_equal(wrong, 0);
}

/* The base of vectors/x509/why parses (so each case is refused for its one change), and an
 * accepted certificate names no rule. */
static void test_x509_why_accepted_certificate_names_none(void **state)
{
    static const char *good[] = {"why/base_ok.pem", "rsa/leaf.pem", "anvil/baseline_ok_leaf.pem"};

    (void)state;
    for (size_t i = 0; i < sizeof(good) / sizeof(good[0]); i++) {
        size_t len;
        uint8_t *der = first_der(good[i], &len);
        mutls_x509 x;

        assert_int_equal(mutls_x509_parse(&x, der, len), 0);
        assert_null(x.why);
        free_der(der, len);
    }
}

/* A refusal clears every field but why, which points at a static sentence (valid after the
 * input is gone). */
static void test_x509_why_refusal_keeps_only_the_rule(void **state)
{
    size_t len;
    uint8_t *der = first_der("why/eku_empty.pem", &len);
    mutls_x509 x;

    (void)state;
    assert_int_equal(mutls_x509_parse(&x, der, len), MUTLS_ERR_X509_MALFORMED);
    free_der(der, len);
    assert_string_equal(x.why, "its extendedKeyUsage lists no purpose (RFC 5280 4.2.1.12)");
    assert_int_equal(x.der.len, 0);
    assert_int_equal(x.flags, 0);
    assert_int_equal(x.path_len, -1);
    assert_int_equal(x.require_explicit, -1);
    assert_int_equal(mutls_x509_parse(&x, NULL, 0), MUTLS_ERR_BAD_ARGUMENT);
    assert_null(x.why);
}

/* Whatever breaks a certificate, the refusal names a rule: every truncation and every byte
 * set to 00 or FF of a good certificate is either accepted or refused with a sentence that
 * starts as the others do. */
static void test_x509_why_every_damage_names_a_rule(void **state)
{
    size_t len;
    uint8_t *good = first_der("why/base_ok.pem", &len);
    uint8_t *bad = malloc(len);
    size_t refused = 0;

    (void)state;
    assert_non_null(bad);
    for (size_t n = 0; n <= 2 * len; n++) {
        mutls_x509 x;
        size_t use = len;
        int rc;

        memcpy(bad, good, len);
        if (n < len) {
            use = n; /* truncated to n bytes */
        } else if (n < 2 * len) {
            bad[n - len] = bad[n - len] == 0 ? 0xff : 0x00;
        } else {
            continue;
        }
        rc = mutls_x509_parse(&x, bad, use);
        if (rc == 0) {
            assert_null(x.why);
            continue;
        }
        assert_int_equal(rc, MUTLS_ERR_X509_MALFORMED);
        assert_non_null(x.why);
        if (strncmp(x.why, "it", 2) != 0 && strncmp(x.why, "one of its", 10) != 0) {
            fail_msg("damage %zu: \"%s\"", n, x.why);
        }
        refused++;
    }
    assert_true(refused > len);
    free(bad);
    free_der(good, len);
}

/* The verification sentence of a refused certificate prints its rule. */
static void test_x509_why_explain_prints_the_rule(void **state)
{
    size_t len;
    uint8_t *der = first_der("why/nc_dns_wildcard.pem", &len);
    mutls_x509 x;
    mutls_x509_verify_out out;
    char text[400];

    (void)state;
    assert_int_equal(mutls_x509_parse(&x, der, len), MUTLS_ERR_X509_MALFORMED);
    memset(&out, 0, sizeof(out));
    out.code = MUTLS_ERR_X509_MALFORMED;
    out.depth = 1;
    out.cert = &x;
    (void)mutls_x509_explain(&out, text, sizeof(text));
    assert_non_null(strstr(text, "certificate at depth 1 "));
    assert_non_null(strstr(text, ") is malformed: its nameConstraints has a dNSName subtree with "
                                 "a wildcard (RFC 5280 4.2.1.10)"));
    free_der(der, len);
}

/* Loading names the certificate by its place in the input and the rule it breaks. */
static void test_x509_why_load_names_place_and_rule(void **state)
{
    mutls_certs *set = NULL;
    mutls_config *cfg = NULL;
    size_t len;
    uint8_t *data;

    (void)state;
    assert_int_equal(mutls_certs_new(&set), 0);
    assert_int_equal(mutls_certs_add_file(set, tu_vector_path("x509/why/bundle_second_bad.pem")),
                     MUTLS_ERR_X509_MALFORMED);
    assert_string_equal(mutls_certs_load_detail(set),
                        "certificate 2 of the input is refused: its DER encoding is not "
                        "canonical: its serialNumber INTEGER has a superfluous leading octet "
                        "(X.690 8.3.2)");
    assert_int_equal(mutls_certs_count(set), 0); /* all or nothing */
    mutls_certs_free(set);

    /* A trust store, as DER: "the certificate". */
    data = first_der("anvil/san_ip_5_octets_leaf_leaf.pem", &len);
    assert_int_equal(mutls_config_new(&cfg, MUTLS_ROLE_CLIENT), 0);
    assert_int_equal(mutls_config_add_trust(cfg, data, len), MUTLS_ERR_X509_MALFORMED);
    assert_string_equal(mutls_config_load_detail(cfg),
                        "the certificate is refused: its subjectAltName has an iPAddress of "
                        "neither 4 nor 16 octets (RFC 5280 4.2.1.6)");
    /* An identity whose certificate is refused: the code, and the sentence of its chain. */
    free_der(data, len);
    data = tu_read_vector("x509/why/eku_empty.pem", &len);
    {
        size_t key_len;
        uint8_t *key = tu_read_vector("pki/server-ec.key", &key_len);

        assert_int_equal(mutls_config_add_identity(cfg, data, len, key, key_len, NULL),
                         MUTLS_ERR_X509_MALFORMED);
        assert_non_null(strstr(mutls_config_load_detail(cfg),
                               "certificate 1 of the input is refused: its extendedKeyUsage"));
        /* A refused key: the key's sentence. */
        {
            size_t cert_len, k_len;
            uint8_t *cert = tu_read_vector("keys/ec256.crt.pem", &cert_len);
            uint8_t *k = tu_read_vector("keys/ed25519.pkcs8.pem", &k_len);

            assert_int_equal(mutls_config_add_identity(cfg, cert, cert_len, k, k_len, NULL),
                             MUTLS_ERR_KEY_UNSUPPORTED);
            assert_string_equal(mutls_config_load_detail(cfg),
                                "the private key is refused: its algorithm is neither RSA nor "
                                "EC (an Ed25519, Ed448 or DSA key, for example), which mutls "
                                "does not read");
            free(cert);
            free(k);
        }
        /* A trust-store change comes last again: its own (empty) sentence. */
        assert_int_equal(mutls_config_add_trust_file(cfg, tu_vector_path("pki/ca.pem")), 0);
        assert_string_equal(mutls_config_load_detail(cfg), "");
        free(key);
    }
    free(data);
    mutls_config_free(cfg);
}

/* ------------------------------------------------------------ in a handshake */

/* A Certificate message (header included) carrying @p n certificates. */
static size_t certificate_msg(const uint8_t *const *der, const size_t *len, size_t n, uint8_t *out,
                              size_t cap)
{
    mutls_wr w;
    size_t body, list;

    mutls_wr_init(&w, out, cap);
    mutls_wr_u8(&w, MUTLS_HS_CERTIFICATE);
    body = mutls_wr_vec24_begin(&w);
    list = mutls_wr_vec24_begin(&w);
    for (size_t i = 0; i < n; i++) {
        size_t one = mutls_wr_vec24_begin(&w);

        mutls_wr_bytes(&w, der[i], len[i]);
        mutls_wr_vec24_end(&w, one);
    }
    mutls_wr_vec24_end(&w, list);
    mutls_wr_vec24_end(&w, body);
    assert_int_equal(w.err, 0);
    return mutls_wr_len(&w);
}

/* The real side failed on the peer's Certificate with bad_certificate and @p detail. */
static void expect_refused(hs_script *s, const char *detail)
{
    assert_int_equal(hss_expect_alert(s), MUTLS_ALERT_BAD_CERTIFICATE);
    assert_int_equal(s->real_rc, MUTLS_ERR_X509_MALFORMED);
    assert_string_equal(mutls_error_detail(s->real), detail);
}

/* A server sends its leaf, a refused certificate and a good one: the client names the
 * server's Certificate, the place 2 of 3 and the rule. */
static void test_x509_why_client_names_server_certificate_place_and_rule(void **state)
{
    mutls_config *srv = hp_server_config(MUTLS_CLIENT_AUTH_REQUIRED);
    mutls_config *cli = hp_config(MUTLS_ROLE_CLIENT, "client", "cas.pem");
    size_t bad_len, good_len;
    uint8_t *bad = first_der("why/serial_empty.pem", &bad_len);
    uint8_t *good = first_der("why/base_ok.pem", &good_len);
    uint8_t msg[8192], done[64];
    hs_script s;
    size_t n;

    (void)state;
    assert_int_equal(mutls_config_set_suites(cli, "ECDHE-RSA-AES128-GCM-SHA256"), 0);
    hss_open(&s, srv, cli);
    hss_expect(&s, MUTLS_HS_CLIENT_HELLO, mutls_hs_parse_client_hello);
    hss_send(&s, MUTLS_HS_SERVER_HELLO, mutls_hs_write_server_hello);
    {
        const uint8_t *der[3] = {s.h.id->chain->der[0], bad, good};
        size_t len[3] = {s.h.id->chain->der_len[0], bad_len, good_len};

        n = certificate_msg(der, len, 3, msg, sizeof(msg));
    }
    hss_send_raw(&s, MUTLS_CT_HANDSHAKE, msg, n);
    n = hss_build(&s, MUTLS_HS_SERVER_HELLO_DONE, mutls_hs_write_server_hello_done, done,
                  sizeof(done));
    hss_send_raw(&s, MUTLS_CT_HANDSHAKE, done, n);
    expect_refused(&s, "client refused the server's Certificate: certificate 2 of 3 is "
                       "malformed: its serialNumber is an INTEGER without content octets "
                       "(X.690 8.3.1): sent alert bad_certificate(42)");
    hss_close(&s);
    free_der(bad, bad_len);
    free_der(good, good_len);
    mutls_config_free(cli);
    mutls_config_free(srv);
}

/* A client sends one refused certificate: the server names the client's Certificate. */
static void test_x509_why_server_names_client_certificate_place_and_rule(void **state)
{
    mutls_config *srv = hp_server_config(MUTLS_CLIENT_AUTH_REQUIRED);
    mutls_config *cli = hp_config(MUTLS_ROLE_CLIENT, "client", "cas.pem");
    size_t bad_len;
    uint8_t *bad = first_der("anvil/san_uri_relative_leaf_leaf.pem", &bad_len);
    const uint8_t *der[1] = {bad};
    uint8_t msg[8192];
    hs_script s;
    size_t n;

    (void)state;
    assert_int_equal(mutls_config_set_suites(cli, "ECDHE-ECDSA-AES128-GCM-SHA256"), 0);
    hss_open(&s, cli, srv);
    hss_client_hello_to_done(&s);
    n = certificate_msg(der, &bad_len, 1, msg, sizeof(msg));
    hss_send_raw(&s, MUTLS_CT_HANDSHAKE, msg, n);
    expect_refused(&s, "server refused the client's Certificate: certificate 1 of 1 is "
                       "malformed: its subjectAltName has a URI that is not a well-formed "
                       "absolute URI with a host (RFC 5280 4.2.1.6): sent alert "
                       "bad_certificate(42)");
    hss_close(&s);
    free_der(bad, bad_len);
    mutls_config_free(cli);
    mutls_config_free(srv);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_x509_why_each_refusal_names_its_rule),
        cmocka_unit_test(test_x509_why_accepted_certificate_names_none),
        cmocka_unit_test(test_x509_why_refusal_keeps_only_the_rule),
        cmocka_unit_test(test_x509_why_every_damage_names_a_rule),
        cmocka_unit_test(test_x509_why_explain_prints_the_rule),
        cmocka_unit_test(test_x509_why_load_names_place_and_rule),
        cmocka_unit_test(test_x509_why_client_names_server_certificate_place_and_rule),
        cmocka_unit_test(test_x509_why_server_names_client_certificate_place_and_rule),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
