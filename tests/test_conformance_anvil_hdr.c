/* SPDX-License-Identifier: MIT */
/*
 * test_conformance_anvil_hdr.c - TLS-Anvil client probes answered before a message's body
 * arrives, and what a client's first records and hello may carry (the rest of the client audit
 * is test_conformance_anvil_cli.c):
 *   - lengthfield ServerHelloDone: an empty message with a length of 1, 10 or 65535 is a
 *     decode_error as soon as its header is read, not a wait for bytes that never come
 *     (RFC 5246 §7.4.5; handshake.c check_header);
 *   - StateMachine omitChangeCipherSpecEncryptedFinished: a Finished header where the
 *     ChangeCipherSpec must come is unexpected_message at once, whatever the encrypted bytes
 *     happen to look like (RFC 5246 §7.4.9);
 *   - TLSRecordProtocol sendNotDefinedRecordTypesWithServerHello: an undefined record type
 *     from a server is unexpected_message, never taken for an SSL 2.0 hello (only a server
 *     looks for those, before it has sent anything; RFC 5246 §6.2.1, appendix E.2);
 *   - TLSExtensionForECC offersExtensionsWithoutCipher: a client offering no ECC suite sends
 *     neither supported_groups nor ec_point_formats (RFC 8422 §4);
 *   - MaxFragmentLength enforcesRecordLimit (client mode): a server record longer than the
 *     limit the client asked for is a record_overflow;
 *   - protocol versions: a ClientHello whose supported_versions leaves out TLS 1.2 is refused
 *     with protocol_version (RFC 8446 §4.2.1), and a client refused with protocol_version
 *     says the server may speak only TLS 1.3.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "anvil_script.h"
#include "hs_pair.h"
#include "testutil.h"
#include "tf_probe.h"

#include <cmocka.h>

static void test_anvil_hdr_server_hello_done_length_decode_error(void **state)
{
    static const uint32_t lens[] = {1, 10, 0xffff};

    (void)state;
    for (size_t i = 0; i < sizeof(lens) / sizeof(lens[0]); i++) {
        anvil a;
        flight f;

        anv_open(&a, NULL);
        anv_build_flight(&a, &f);
        anv_put24(f.b + f.at[M_SHD] + 1, lens[i]);
        anv_send_flight(&a, &f);
        anv_expect_failed(&a, MUTLS_ERR_DECODE, MUTLS_ALERT_DECODE_ERROR);
        anv_close(&a);
    }
}

static void test_anvil_hdr_undefined_record_type_unexpected(void **state)
{
    anvil a;
    flight f;

    (void)state;
    anv_open(&a, NULL);
    anv_build_flight(&a, &f);
    anv_inject_record(&a, 0xff, f.b, f.at[M_CERT]);
    anv_expect_failed(&a, MUTLS_ERR_RECORD_TYPE, MUTLS_ALERT_UNEXPECTED_MESSAGE);
    anv_close(&a);
}

static void test_anvil_hdr_encrypted_finished_without_ccs_unexpected(void **state)
{
    static const char *const suites[] = {"ECDHE-RSA-AES128-GCM-SHA256",
                                         "ECDHE-RSA-CHACHA20-POLY1305"};

    (void)state;
    for (size_t i = 0; i < 2; i++) {
        anvil a;

        anv_open(&a, suites[i]);
        anv_to_server_ccs(&a);
        /* the Finished goes out encrypted, though no ChangeCipherSpec went before it */
        assert_int_equal(mutls_rec_set_write_keys(&a.s.h.rec, &a.s.h.keys_s2c), 0);
        hss_send(&a.s, MUTLS_HS_FINISHED, mutls_hs_write_finished);
        anv_expect_failed(&a, MUTLS_ERR_UNEXPECTED_MESSAGE, MUTLS_ALERT_UNEXPECTED_MESSAGE);
        anv_close(&a);
    }
}

static void test_anvil_hdr_no_ecc_extensions_without_ecc_suite(void **state)
{
    tf t;

    (void)state;
    if (!hp_have_static_rsa()) {
        skip();
    }
    /* the script reads the real client's hello as a server does */
    tf_open_client(&t, "AES128-GCM-SHA256:AES256-GCM-SHA384");
    assert_int_equal(t.s.h.peer_sent_groups, 0);
    tf_close(&t);
    tf_open_client(&t, "ECDHE-RSA-AES128-GCM-SHA256:AES128-GCM-SHA256");
    assert_int_equal(t.s.h.peer_sent_groups, 1);
    tf_close(&t);
}

static void test_anvil_hdr_record_over_agreed_length_overflow(void **state)
{
    mutls_config *cli = anv_client_cfg(NULL);
    anvil a;
    flight f;

    (void)state;
    /* MaxFragmentLength enforcesRecordLimit, client mode: a record longer than the limit
     * the client asked for (512) is a record_overflow, even before the ServerHello in it
     * could say whether the server agreed (interop_reclimit checks the agreed length with
     * openssl s_server's max_fragment_length answer). */
    assert_int_equal(mutls_config_set_record_limit(cli, 512), 0);
    anv_open_cfg(&a, cli);
    anv_build_flight(&a, &f);
    /* the flight in one record (the script's own record layer would keep to 512) */
    assert_true(f.len > 512 && f.len <= 16384);
    anv_inject_record(&a, MUTLS_CT_HANDSHAKE, f.b, f.len);
    anv_expect_failed(&a, MUTLS_ERR_RECORD_OVERFLOW, MUTLS_ALERT_RECORD_OVERFLOW);
    anv_close(&a);
}

/* ------------------------------------------------------------ protocol versions */

static void test_versions_server_refuses_hello_without_tls12(void **state)
{
    /* RFC 8446 §4.2.1: supported_versions lists what the client offers, whatever its
     * legacy_version (0x0303 here) says. */
    static const tf_setup plain = {"ECDHE-RSA-AES128-GCM-SHA256", MUTLS_CLIENT_AUTH_NONE, 0,
                                   NULL, NULL};
    static const uint8_t only13[] = {0x00, 0x2b, 0x00, 0x03, 0x02, 0x03, 0x04};
    static const uint8_t only11[] = {0x00, 0x2b, 0x00, 0x03, 0x02, 0x03, 0x02};
    static const uint8_t both[] = {0x00, 0x2b, 0x00, 0x05, 0x04, 0x03, 0x04, 0x03, 0x03};
    uint8_t sh[512];

    (void)state;
    tf_hello_refused(&plain, TF_NONE, TF_NONE, only13, sizeof(only13),
                     MUTLS_ERR_PROTOCOL_VERSION, MUTLS_ALERT_PROTOCOL_VERSION);
    tf_hello_refused(&plain, TF_NONE, TF_NONE, only11, sizeof(only11),
                     MUTLS_ERR_PROTOCOL_VERSION, MUTLS_ALERT_PROTOCOL_VERSION);
    /* a TLS 1.3-capable client that also offers 1.2 gets 1.2 */
    assert_true(tf_hello_answered(&plain, TF_NONE, TF_NONE, both, sizeof(both), sh,
                                  sizeof(sh)) > 38);
    assert_int_equal(sh[4], 0x03);
    assert_int_equal(sh[5], 0x03);
}

static void test_versions_client_says_server_may_be_tls13_only(void **state)
{
    static const uint8_t alert[] = {2, MUTLS_ALERT_PROTOCOL_VERSION};
    anvil a;

    (void)state;
    anv_open(&a, NULL);
    anv_inject_record(&a, MUTLS_CT_ALERT, alert, sizeof(alert));
    while (a.s.real_rc == MUTLS_WANT_READ || a.s.real_rc == MUTLS_WANT_WRITE) {
        a.s.real_rc = mutls_handshake(a.s.real);
    }
    assert_int_equal(a.s.real_rc, MUTLS_ERR_ALERT_RECEIVED);
    assert_non_null(strstr(mutls_error_detail(a.s.real), "only TLS 1.3"));
    anv_close(&a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_anvil_hdr_server_hello_done_length_decode_error),
        cmocka_unit_test(test_anvil_hdr_undefined_record_type_unexpected),
        cmocka_unit_test(test_anvil_hdr_encrypted_finished_without_ccs_unexpected),
        cmocka_unit_test(test_anvil_hdr_no_ecc_extensions_without_ecc_suite),
        cmocka_unit_test(test_anvil_hdr_record_over_agreed_length_overflow),
        cmocka_unit_test(test_versions_server_refuses_hello_without_tls12),
        cmocka_unit_test(test_versions_client_says_server_may_be_tls13_only),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
