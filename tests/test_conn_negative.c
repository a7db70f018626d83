/* SPDX-License-Identifier: MIT */
/*
 * test_conn_negative.c - handshakes that must fail, each asserting the alert on the wire
 * and the error on both sides: refused certificates (unknown CA either way, expired, no
 * clientAuth EKU, none when required), the verify hook, no shared suite, a CertificateVerify
 * by the wrong key or over the wrong data, and (with the scripted peer of hs_script.h)
 * messages out of order, a missing CertificateVerify, a tampered Finished, off-curve points,
 * a suite or group that was not offered, a missing extended master secret, Bleichenbacher
 * style bad premasters and renegotiation attempts.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hs_expect.h"
#include "hs_pair.h"
#include "hs_script.h"
#include "keys.h"
#include "testutil.h"

#include <cmocka.h>

/* Run a real pair and check: the failing side's code and the alert it sent; the other
 * side received that alert. */
static void expect_pair_failure(mutls_config *cli, mutls_config *srv, int server_fails, int code,
                                int alert, const char *detail_part)
{
    hp_pair p;
    mutls_conn *bad, *other;
    int bad_rc, other_rc;

    hp_open(&p, cli, srv);
    hp_handshake(&p);
    bad = server_fails ? p.server : p.client;
    other = server_fails ? p.client : p.server;
    bad_rc = server_fails ? p.rc_server : p.rc_client;
    other_rc = server_fails ? p.rc_client : p.rc_server;
    if (bad_rc != code) {
        fail_msg("expected %d, got %d: %s / other side %d: %s", code, bad_rc,
                 mutls_error_detail(bad), other_rc, mutls_error_detail(other));
    }
    if (getenv("MUTLS_TEST_VERBOSE") != NULL) {
        printf("  %s\n  %s\n", mutls_error_detail(bad), mutls_error_detail(other));
    }
    assert_int_equal(mutls_alert_sent(bad), alert);
    assert_int_equal(other_rc, MUTLS_ERR_ALERT_RECEIVED);
    assert_int_equal(mutls_alert_received(other), alert);
    if (detail_part != NULL && strstr(mutls_error_detail(bad), detail_part) == NULL &&
        strstr(mutls_error_detail(other), detail_part) == NULL) {
        fail_msg("\"%s\" not in \"%s\" nor \"%s\"", detail_part, mutls_error_detail(bad),
                 mutls_error_detail(other));
    }
    /* The first failure is kept: later calls repeat it. */
    assert_int_equal(mutls_handshake(bad), code);
    assert_int_equal(mutls_write(bad, "x", 1), code);
    hp_close(&p);
    mutls_config_free(cli);
    mutls_config_free(srv);
}

static void test_neg_client_cert_unknown_ca_refused(void **state)
{
    mutls_config *srv = hp_server_config(MUTLS_CLIENT_AUTH_REQUIRED);

    (void)state;
    /* Without CA names in the request the client sends what it has. */
    assert_int_equal(mutls_config_set_send_ca_names(srv, 0), 0);
    expect_pair_failure(hp_config(MUTLS_ROLE_CLIENT, "client-other", "cas.pem"), srv, 1,
                        MUTLS_ERR_X509_UNKNOWN_ISSUER,
                        MUTLS_ALERT_UNKNOWN_CA,
                        "server rejected our client certificate: alert unknown_ca(48) after "
                        "our Certificate");
}

static void test_neg_identity_of_unnamed_ca_still_sent_and_refused(void **state)
{
    (void)state;
    /* No identity ends at a CA the request names: the default selection still sends the one
     * it has (the server decides, as with OpenSSL), and the refusal names the real reason. */
    expect_pair_failure(hp_config(MUTLS_ROLE_CLIENT, "client-other", "cas.pem"),
                        hp_server_config(MUTLS_CLIENT_AUTH_REQUIRED), 1,
                        MUTLS_ERR_X509_UNKNOWN_ISSUER, MUTLS_ALERT_UNKNOWN_CA,
                        "server rejected our client certificate: alert unknown_ca(48)");
}

static void test_neg_identity_of_named_ca_preferred(void **state)
{
    mutls_config *cli = hp_config(MUTLS_ROLE_CLIENT, "client-other", "cas.pem");
    mutls_config *srv = hp_server_config(MUTLS_CLIENT_AUTH_REQUIRED);
    char chain[512], key[512];
    hp_pair p;

    (void)state;
    /* The first identity is from a CA the server does not name; the second is from its CA:
     * the named one is chosen although it comes second. */
    snprintf(chain, sizeof(chain), "%s", tu_vector_path("pki/client.pem"));
    snprintf(key, sizeof(key), "%s", tu_vector_path("pki/client.key"));
    assert_int_equal(mutls_config_add_identity_file(cli, chain, key, NULL), 0);
    hp_open(&p, cli, srv);
    hp_handshake(&p);
    assert_int_equal(p.rc_client, 0);
    assert_int_equal(p.rc_server, 0);
    assert_string_equal(mutls_peer_subject(p.server), "CN=client,O=mutls demo");
    hp_close(&p);
    mutls_config_free(cli);
    mutls_config_free(srv);
}

static void test_neg_server_cert_unknown_ca_refused(void **state)
{
    (void)state;
    expect_pair_failure(hp_config(MUTLS_ROLE_CLIENT, "client", "other-ca.pem"),
                        hp_server_config(MUTLS_CLIENT_AUTH_REQUIRED), 0,
                        MUTLS_ERR_X509_UNKNOWN_ISSUER, MUTLS_ALERT_UNKNOWN_CA,
                        "server certificate at depth 0");
}

static void test_neg_client_cert_expired_refused(void **state)
{
    (void)state;
    expect_pair_failure(hp_config(MUTLS_ROLE_CLIENT, "client-expired", "cas.pem"),
                        hp_server_config(MUTLS_CLIENT_AUTH_REQUIRED), 1, MUTLS_ERR_X509_EXPIRED,
                        MUTLS_ALERT_CERTIFICATE_EXPIRED, ": sent alert certificate_expired(45)");
}

static void test_neg_client_cert_without_client_auth_eku_refused(void **state)
{
    (void)state;
    expect_pair_failure(hp_config(MUTLS_ROLE_CLIENT, "client-noclientauth", "cas.pem"),
                        hp_server_config(MUTLS_CLIENT_AUTH_REQUIRED), 1,
                        MUTLS_ERR_X509_PURPOSE_MISMATCH, MUTLS_ALERT_UNSUPPORTED_CERTIFICATE,
                        "client certificate at depth 0");
}

static void test_neg_required_without_certificate_refused(void **state)
{
    (void)state;
    expect_pair_failure(hp_config(MUTLS_ROLE_CLIENT, NULL, "cas.pem"),
                        hp_server_config(MUTLS_CLIENT_AUTH_REQUIRED), 1,
                        MUTLS_ERR_NO_CLIENT_CERTIFICATE, MUTLS_ALERT_HANDSHAKE_FAILURE,
                        "client sent no certificate: sent alert handshake_failure(40)");
}

static void test_neg_no_shared_suite_handshake_failure(void **state)
{
    mutls_config *cli = hp_config(MUTLS_ROLE_CLIENT, "client", "cas.pem");
    mutls_config *srv = hp_server_config(MUTLS_CLIENT_AUTH_REQUIRED);

    (void)state;
    assert_int_equal(mutls_config_set_suites(cli, "ECDHE-RSA-CHACHA20-POLY1305"), 0);
    assert_int_equal(mutls_config_set_suites(srv, "ECDHE-ECDSA-AES128-GCM-SHA256"), 0);
    expect_pair_failure(cli, srv, 1, MUTLS_ERR_NO_SHARED_CIPHER, MUTLS_ALERT_HANDSHAKE_FAILURE,
                        NULL);
}

static int reject_hook(void *ctx, const mutls_conn *conn)
{
    (void)ctx;
    /* The inspection functions work inside the hook. */
    assert_string_equal(mutls_peer_subject(conn), "CN=client,O=mutls demo");
    return 1;
}

static void test_neg_verify_hook_rejects_access_denied(void **state)
{
    mutls_config *srv = hp_server_config(MUTLS_CLIENT_AUTH_REQUIRED);

    (void)state;
    mutls_config_set_verify_hook(srv, reject_hook, NULL);
    expect_pair_failure(hp_config(MUTLS_ROLE_CLIENT, "client", "cas.pem"), srv, 1,
                        MUTLS_ERR_VERIFY_HOOK, MUTLS_ALERT_ACCESS_DENIED, NULL);
}

/* ------------------------------------------------------------ CertificateVerify */

typedef struct signer {
    mutls_pkey *key;
    mutls_rng *rng;
    int flip_digest; /* sign other data than the transcript hash */
} signer;

static int sign_cb(void *ctx, uint16_t scheme, const uint8_t *digest, size_t digest_len,
                   uint8_t *sig, size_t *sig_len)
{
    signer *s = ctx;
    const mutls_sigscheme *sc = mutls_hs_scheme_by_id(scheme);
    uint8_t d[64];

    assert_non_null(sc);
    assert_true(digest_len <= sizeof(d));
    memcpy(d, digest, digest_len);
    if (s->flip_digest) {
        d[0] ^= 1;
    }
    return mutls_pkey_sign(s->key, s->rng, sc->kind, sc->hash, d, digest_len, sig, sig_len);
}

static void signer_case(const char *key_file, int flip)
{
    mutls_config *cli = hp_config(MUTLS_ROLE_CLIENT, NULL, "cas.pem");
    size_t chain_len, key_len;
    uint8_t *chain = tu_read_vector("pki/client.pem", &chain_len);
    uint8_t *key = tu_read_vector(key_file, &key_len);
    signer s = {NULL, NULL, flip};

    assert_int_equal(mutls_key_parse(&s.key, key, key_len, NULL), 0);
    assert_int_equal(mutls_rng_new(&s.rng, NULL, NULL), 0);
    assert_int_equal(mutls_config_add_identity_signer(cli, chain, chain_len, sign_cb, &s), 0);
    expect_pair_failure(cli, hp_server_config(MUTLS_CLIENT_AUTH_REQUIRED), 1,
                        MUTLS_ERR_BAD_SIGNATURE, MUTLS_ALERT_DECRYPT_ERROR, "CertificateVerify");
    mutls_pkey_free(s.key);
    mutls_rng_free(s.rng);
    free(chain);
    free(key);
}

static void test_neg_certificate_verify_other_key_decrypt_error(void **state)
{
    (void)state;
    signer_case("pki/client-other.key", 0);
}

static void test_neg_certificate_verify_wrong_transcript_decrypt_error(void **state)
{
    (void)state;
    signer_case("pki/client.key", 1);
}

/* ------------------------------------------------------------ scripted client */

/* Where the real server waits, and the message the script sends there instead. */
enum { AT_HELLO, AT_CERT, AT_CKE, AT_CV, AT_CCS, AT_FINISHED, AT_COUNT };
static const uint8_t expected_at[AT_COUNT] = {
    MUTLS_HS_CLIENT_HELLO, MUTLS_HS_CERTIFICATE, MUTLS_HS_CLIENT_KEY_EXCHANGE,
    MUTLS_HS_CERTIFICATE_VERIFY, 0xff /* CCS */, MUTLS_HS_FINISHED};

static void client_script_to(hs_script *s, int at)
{
    if (at >= AT_CERT) {
        hss_client_hello_to_done(s);
    }
    if (at >= AT_CKE) {
        hss_send(s, MUTLS_HS_CERTIFICATE, mutls_hs_write_client_certificate);
    }
    if (at >= AT_CV) {
        hss_send(s, MUTLS_HS_CLIENT_KEY_EXCHANGE, mutls_hs_write_client_key_exchange);
    }
    if (at >= AT_CCS) {
        hss_send(s, MUTLS_HS_CERTIFICATE_VERIFY, mutls_hs_write_certificate_verify);
    }
    if (at >= AT_FINISHED) {
        hss_send_ccs(s);
    }
}

static void test_neg_server_out_of_order_unexpected_message(void **state)
{
    static const uint8_t types[] = {0,  1,  2,  11, 12, 13, 14, 15, 16, 20, 0xff, 0xfe}; /* 0xff CCS, 0xfe app data */
    mutls_config *srv = hp_server_config(MUTLS_CLIENT_AUTH_REQUIRED);
    mutls_config *cli = hx_client_cfg("ECDHE-ECDSA-AES128-GCM-SHA256");
    int runs = 0;

    (void)state;
    for (int at = 0; at < AT_COUNT; at++) {
        for (size_t t = 0; t < sizeof(types); t++) {
            hs_script s;
            uint8_t msg[8] = {types[t], 0, 0, 4, 0, 0, 0, 0};

            if (types[t] == expected_at[at]) {
                continue;
            }
            hss_open(&s, cli, srv);
            client_script_to(&s, at);
            if (types[t] == 0xff) {
                hss_send_raw(&s, MUTLS_CT_CHANGE_CIPHER_SPEC, (const uint8_t *)"\1", 1);
            } else if (types[t] == 0xfe) {
                /* RFC 5246 §7.4: no application data before the handshake completes */
                hss_send_raw(&s, MUTLS_CT_APPLICATION_DATA, (const uint8_t *)"early", 5);
            } else {
                hss_send_raw(&s, MUTLS_CT_HANDSHAKE, msg, sizeof(msg));
            }
            hx_expect_real_failed(&s, MUTLS_ERR_UNEXPECTED_MESSAGE, MUTLS_ERR_RECORD_UNEXPECTED,
                                  MUTLS_ALERT_UNEXPECTED_MESSAGE);
            hss_close(&s);
            runs++;
        }
    }
    assert_int_equal(runs, AT_COUNT * (int)sizeof(types) - AT_COUNT);
    mutls_config_free(cli);
    mutls_config_free(srv);
}

static void test_neg_missing_certificate_verify_unexpected_message(void **state)
{
    mutls_config *srv = hp_server_config(MUTLS_CLIENT_AUTH_REQUIRED);
    mutls_config *cli = hx_client_cfg("ECDHE-RSA-AES256-GCM-SHA384");
    hs_script s;

    (void)state;
    hss_open(&s, cli, srv);
    client_script_to(&s, AT_CV);
    hss_send_ccs(&s); /* skipping CertificateVerify */
    hx_expect_real_failed(&s, MUTLS_ERR_UNEXPECTED_MESSAGE, 0, MUTLS_ALERT_UNEXPECTED_MESSAGE);
    assert_non_null(strstr(mutls_error_detail(s.real), "CertificateVerify"));
    hss_close(&s);
    mutls_config_free(cli);
    mutls_config_free(srv);
}

static void test_neg_tampered_finished_decrypt_error(void **state)
{
    mutls_config *srv = hp_server_config(MUTLS_CLIENT_AUTH_REQUIRED);
    mutls_config *cli = hx_client_cfg("ECDHE-RSA-AES128-GCM-SHA256");
    hs_script s;
    uint8_t fin[64];
    size_t n;

    (void)state;
    hss_open(&s, cli, srv);
    client_script_to(&s, AT_FINISHED);
    n = hss_build(&s, MUTLS_HS_FINISHED, mutls_hs_write_finished, fin, sizeof(fin));
    fin[n - 1] ^= 0x80;
    hss_send_msg(&s, fin, n);
    hx_expect_real_failed(&s, MUTLS_ERR_BAD_FINISHED, 0, MUTLS_ALERT_DECRYPT_ERROR);
    hss_close(&s);
    mutls_config_free(cli);
    mutls_config_free(srv);
}

static void test_neg_off_curve_client_point_illegal_parameter(void **state)
{
    mutls_config *srv = hp_server_config(MUTLS_CLIENT_AUTH_REQUIRED);
    mutls_config *cli = hx_client_cfg("ECDHE-ECDSA-AES128-GCM-SHA256");
    hs_script s;
    uint8_t cke[128];
    size_t n;

    (void)state;
    hss_open(&s, cli, srv);
    client_script_to(&s, AT_CKE);
    n = hss_build(&s, MUTLS_HS_CLIENT_KEY_EXCHANGE, mutls_hs_write_client_key_exchange, cke,
                  sizeof(cke));
    assert_int_equal(n, 4 + 1 + 65);
    cke[n - 1] ^= 1; /* the last byte of Y: the point leaves the curve */
    hss_send_raw(&s, MUTLS_CT_HANDSHAKE, cke, n);
    hx_expect_real_failed(&s, MUTLS_ERR_ILLEGAL_PARAMETER, 0, MUTLS_ALERT_ILLEGAL_PARAMETER);
    hss_close(&s);
    mutls_config_free(cli);
    mutls_config_free(srv);
}

/* Replace the 2-byte extension type @p from by @p to in a ClientHello we built. */
static void patch_ext_type(uint8_t *msg, size_t len, uint16_t from, uint16_t to, size_t body)
{
    for (size_t i = 4 + 2 + 32; i + 4 <= len; i++) {
        if (msg[i] == from >> 8 && msg[i + 1] == (from & 0xff) && msg[i + 2] == body >> 8 &&
            msg[i + 3] == (body & 0xff)) {
            msg[i] = (uint8_t)(to >> 8);
            msg[i + 1] = (uint8_t)to;
            return;
        }
    }
    fail_msg("extension %04x not found", from);
}

static void test_neg_client_without_ems_refused(void **state)
{
    mutls_config *srv = hp_server_config(MUTLS_CLIENT_AUTH_REQUIRED);
    mutls_config *cli = hx_client_cfg(NULL);
    hs_script s;
    uint8_t ch[1024];
    size_t n;

    (void)state;
    hss_open(&s, cli, srv);
    n = hss_build(&s, MUTLS_HS_CLIENT_HELLO, mutls_hs_write_client_hello, ch, sizeof(ch));
    patch_ext_type(ch, n, MUTLS_EXT_EXTENDED_MASTER_SECRET, 0xfe17, 0); /* now unknown */
    hss_send_msg(&s, ch, n);
    hx_expect_real_failed(&s, MUTLS_ERR_NO_EXTENDED_MASTER_SECRET, 0,
                          MUTLS_ALERT_HANDSHAKE_FAILURE);
    hss_close(&s);
    mutls_config_free(cli);
    mutls_config_free(srv);
}

static void client_hello_patched(uint16_t version, uint16_t ext_from, uint16_t ext_to,
                                 size_t body, int code, int alert)
{
    mutls_config *srv = hp_server_config(MUTLS_CLIENT_AUTH_REQUIRED);
    mutls_config *cli = hx_client_cfg(NULL);
    hs_script s;
    uint8_t ch[1024];
    size_t n;

    hss_open(&s, cli, srv);
    n = hss_build(&s, MUTLS_HS_CLIENT_HELLO, mutls_hs_write_client_hello, ch, sizeof(ch));
    ch[4] = (uint8_t)(version >> 8);
    ch[5] = (uint8_t)version;
    if (ext_from != ext_to) {
        patch_ext_type(ch, n, ext_from, ext_to, body);
    }
    hss_send_msg(&s, ch, n);
    hx_expect_real_failed(&s, code, 0, alert);
    hss_close(&s);
    mutls_config_free(cli);
    mutls_config_free(srv);
}

static void test_neg_client_hello_tls11_protocol_version(void **state)
{
    (void)state;
    client_hello_patched(0x0302, 0, 0, 0, MUTLS_ERR_PROTOCOL_VERSION,
                         MUTLS_ALERT_PROTOCOL_VERSION);
}

static void test_neg_client_hello_duplicate_extension_refused(void **state)
{
    (void)state;
    /* ec_point_formats relabelled as a second supported_groups */
    client_hello_patched(0x0303, MUTLS_EXT_EC_POINT_FORMATS, MUTLS_EXT_SUPPORTED_GROUPS, 2,
                         MUTLS_ERR_ILLEGAL_PARAMETER, MUTLS_ALERT_ILLEGAL_PARAMETER);
}

static void test_neg_client_groups_not_served_handshake_failure(void **state)
{
    mutls_config *srv = hp_server_config(MUTLS_CLIENT_AUTH_REQUIRED);
    mutls_config *cli = hx_client_cfg("ECDHE-ECDSA-AES128-GCM-SHA256");
    hs_script s;
    uint8_t ch[1024];
    size_t n;
    int found = 0;

    (void)state;
    hss_open(&s, cli, srv);
    n = hss_build(&s, MUTLS_HS_CLIENT_HELLO, mutls_hs_write_client_hello, ch, sizeof(ch));
    /* supported_groups {P-256, P-384} becomes {x25519, x448}, which we do not have. */
    for (size_t i = 0; i + 4 <= n; i++) {
        if (ch[i] == 0 && ch[i + 1] == 23 && ch[i + 2] == 0 && ch[i + 3] == 24) {
            ch[i + 1] = 29;
            ch[i + 3] = 30;
            found = 1;
            break;
        }
    }
    assert_true(found);
    hss_send_msg(&s, ch, n);
    hx_expect_real_failed(&s, MUTLS_ERR_NO_SHARED_CIPHER, 0, MUTLS_ALERT_HANDSHAKE_FAILURE);
    hss_close(&s);
    mutls_config_free(cli);
    mutls_config_free(srv);
}

/*
 * RFC 5246 §7.4.7.1: each kind of bad encrypted premaster must look the same from outside:
 * the server takes ClientKeyExchange, CertificateVerify, ChangeCipherSpec and then fails on
 * the Finished record (its keys differ from ours), always with bad_record_mac.
 */
enum { PM_OK, PM_VERSION, PM_SHORT, PM_LONG, PM_RANDOM, PM_ZERO, PM_CT_SHORT, PM_COUNT };

static void bad_premaster_case(int kind, mutls_config *cli, mutls_config *srv)
{
    hs_script s;
    uint8_t pm[49], ct[512], msg[600];
    size_t ct_len = sizeof(ct), pm_len = 48;
    mutls_wr w;

    hss_open(&s, cli, srv);
    hss_client_hello_to_done(&s);
    hss_send(&s, MUTLS_HS_CERTIFICATE, mutls_hs_write_client_certificate);
    assert_int_equal(mutls_rng_bytes(s.h.rng, pm, sizeof(pm)), 0);
    pm[0] = 3;
    pm[1] = 3;
    if (kind == PM_VERSION) {
        pm[1] = 1;
    }
    pm_len = kind == PM_SHORT ? 47 : kind == PM_LONG ? 49 : 48;
    if (kind == PM_RANDOM || kind == PM_ZERO || kind == PM_CT_SHORT) {
        ct_len = 256;
        assert_int_equal(mutls_rng_bytes(s.h.rng, ct, ct_len), 0);
        if (kind == PM_ZERO) {
            memset(ct, 0, ct_len);
        }
        if (kind == PM_CT_SHORT) {
            ct_len = 255;
        }
    } else {
        assert_int_equal(mutls_rsa_encrypt(s.h.peer_key, s.h.rng, pm, pm_len, ct, &ct_len), 0);
    }
    /* Our own keys come from the premaster we meant to send. */
    memcpy(s.h.premaster, pm, 48);
    s.h.premaster_len = 48;
    mutls_wr_init(&w, msg, sizeof(msg));
    mutls_wr_u8(&w, MUTLS_HS_CLIENT_KEY_EXCHANGE);
    mutls_wr_u24(&w, (uint32_t)(ct_len + 2));
    mutls_wr_u16(&w, (uint16_t)ct_len);
    mutls_wr_bytes(&w, ct, ct_len);
    hss_send_msg(&s, msg, mutls_wr_len(&w));
    hss_send(&s, MUTLS_HS_CERTIFICATE_VERIFY, mutls_hs_write_certificate_verify);
    hss_send_ccs(&s);
    hss_send(&s, MUTLS_HS_FINISHED, mutls_hs_write_finished);
    if (kind == PM_OK) {
        hss_expect_ccs(&s);
        hss_expect(&s, MUTLS_HS_FINISHED, mutls_hs_parse_finished);
        assert_int_equal(s.real_rc, 0);
    } else {
        hx_expect_real_failed(&s, MUTLS_ERR_BAD_RECORD_MAC, 0, MUTLS_ALERT_BAD_RECORD_MAC);
        /* It failed on the Finished record, after the CCS: not earlier. */
        assert_non_null(strstr(mutls_error_detail(s.real), "Finished"));
    }
    hss_close(&s);
}

static void test_neg_bad_premasters_same_behaviour(void **state)
{
    mutls_config *srv, *cli;

    (void)state;
    if (!hp_have_static_rsa()) {
        skip();
    }
    srv = hp_server_config(MUTLS_CLIENT_AUTH_REQUIRED);
    cli = hx_client_cfg("AES128-GCM-SHA256");
    for (int kind = 0; kind < PM_COUNT; kind++) {
        bad_premaster_case(kind, cli, srv);
    }
    mutls_config_free(cli);
    mutls_config_free(srv);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_neg_client_cert_unknown_ca_refused),
        cmocka_unit_test(test_neg_identity_of_unnamed_ca_still_sent_and_refused),
        cmocka_unit_test(test_neg_identity_of_named_ca_preferred),
        cmocka_unit_test(test_neg_server_cert_unknown_ca_refused),
        cmocka_unit_test(test_neg_client_cert_expired_refused),
        cmocka_unit_test(test_neg_client_cert_without_client_auth_eku_refused),
        cmocka_unit_test(test_neg_required_without_certificate_refused),
        cmocka_unit_test(test_neg_no_shared_suite_handshake_failure),
        cmocka_unit_test(test_neg_verify_hook_rejects_access_denied),
        cmocka_unit_test(test_neg_certificate_verify_other_key_decrypt_error),
        cmocka_unit_test(test_neg_certificate_verify_wrong_transcript_decrypt_error),
        cmocka_unit_test(test_neg_server_out_of_order_unexpected_message),
        cmocka_unit_test(test_neg_missing_certificate_verify_unexpected_message),
        cmocka_unit_test(test_neg_tampered_finished_decrypt_error),
        cmocka_unit_test(test_neg_off_curve_client_point_illegal_parameter),
        cmocka_unit_test(test_neg_client_without_ems_refused),
        cmocka_unit_test(test_neg_client_groups_not_served_handshake_failure),
        cmocka_unit_test(test_neg_client_hello_tls11_protocol_version),
        cmocka_unit_test(test_neg_client_hello_duplicate_extension_refused),
        cmocka_unit_test(test_neg_bad_premasters_same_behaviour),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
