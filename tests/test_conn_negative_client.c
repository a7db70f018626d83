/* SPDX-License-Identifier: MIT */
/*
 * test_conn_negative_client.c - the real client against a scripted server (hs_script.h):
 * messages out of order, a suite or group the client did not offer, an off-curve
 * ServerKeyExchange point, a server without the extended master secret, a tampered server
 * Finished; and renegotiation refused in both directions (a ClientHello to a real server, a
 * HelloRequest to a real client): a no_renegotiation warning, then the connection carries on.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hs_expect.h"
#include "hs_pair.h"
#include "hs_script.h"
#include "testutil.h"

#include <cmocka.h>

static void expect_client_failed(hs_script *s, int code, int alert)
{
    /* Application data in the clear is refused by the record layer itself. */
    hx_expect_real_failed(
        s, code, code == MUTLS_ERR_UNEXPECTED_MESSAGE ? MUTLS_ERR_RECORD_UNEXPECTED : code, alert);
}

enum { AT_SH, AT_CERT, AT_SKE, AT_CR, AT_CCS, AT_FIN, AT_COUNT };

/* The script server's messages up to the point where the real client waits for @p at. */
static void server_script_to(hs_script *s, int at)
{
    hss_expect(s, MUTLS_HS_CLIENT_HELLO, mutls_hs_parse_client_hello);
    if (at >= AT_CERT) {
        hss_send(s, MUTLS_HS_SERVER_HELLO, mutls_hs_write_server_hello);
    }
    if (at >= AT_SKE) {
        hss_send(s, MUTLS_HS_CERTIFICATE, mutls_hs_write_server_certificate);
    }
    if (at >= AT_CR) {
        hss_send(s, MUTLS_HS_SERVER_KEY_EXCHANGE, mutls_hs_write_server_key_exchange);
    }
    if (at >= AT_CCS) {
        hss_send(s, MUTLS_HS_CERTIFICATE_REQUEST, mutls_hs_write_certificate_request);
        hss_send(s, MUTLS_HS_SERVER_HELLO_DONE, mutls_hs_write_server_hello_done);
        hss_expect(s, MUTLS_HS_CERTIFICATE, mutls_hs_parse_client_certificate);
        hss_expect(s, MUTLS_HS_CLIENT_KEY_EXCHANGE, mutls_hs_parse_client_key_exchange);
        hss_expect(s, MUTLS_HS_CERTIFICATE_VERIFY, mutls_hs_parse_certificate_verify);
        hss_expect_ccs(s);
        hss_expect(s, MUTLS_HS_FINISHED, mutls_hs_parse_finished);
    }
    if (at >= AT_FIN) {
        hss_send_ccs(s);
    }
}

static void test_negc_out_of_order_unexpected_message(void **state)
{
    /* HelloRequest is left out: a client ignores it during a handshake (RFC 5246 §7.4.1.1). */
    static const uint8_t types[] = {1, 2, 11, 12, 13, 14, 15, 16, 20, 0xff, 0xfe}; /* 0xff CCS, 0xfe app data */
    static const uint8_t expected[AT_COUNT][2] = {
        {2, 2}, {11, 11}, {12, 12}, {13, 14}, {0xff, 0xff}, {20, 20}};
    mutls_config *srv = hp_server_config(MUTLS_CLIENT_AUTH_REQUIRED);
    mutls_config *cli = hx_client_cfg("ECDHE-RSA-AES128-GCM-SHA256");
    int runs = 0;

    (void)state;
    for (int at = 0; at < AT_COUNT; at++) {
        for (size_t t = 0; t < sizeof(types); t++) {
            hs_script s;
            uint8_t msg[8] = {types[t], 0, 0, 4, 0, 0, 0, 0};

            if (types[t] == expected[at][0] || types[t] == expected[at][1]) {
                continue;
            }
            hss_open(&s, srv, cli);
            server_script_to(&s, at);
            if (types[t] == 0xff) {
                hss_send_raw(&s, MUTLS_CT_CHANGE_CIPHER_SPEC, (const uint8_t *)"\1", 1);
            } else if (types[t] == 0xfe) {
                /* RFC 5246 §7.4: no application data before the handshake completes */
                hss_send_raw(&s, MUTLS_CT_APPLICATION_DATA, (const uint8_t *)"early", 5);
            } else {
                hss_send_raw(&s, MUTLS_CT_HANDSHAKE, msg, sizeof(msg));
            }
            expect_client_failed(&s, MUTLS_ERR_UNEXPECTED_MESSAGE,
                                 MUTLS_ALERT_UNEXPECTED_MESSAGE);
            hss_close(&s);
            runs++;
        }
    }
    assert_true(runs >= 50);
    mutls_config_free(cli);
    mutls_config_free(srv);
}

static void test_negc_suite_not_offered_illegal_parameter(void **state)
{
    mutls_config *srv = hp_server_config(MUTLS_CLIENT_AUTH_REQUIRED);
    mutls_config *cli = hx_client_cfg("ECDHE-RSA-AES128-GCM-SHA256");
    hs_script s;

    (void)state;
    hss_open(&s, srv, cli);
    hss_expect(&s, MUTLS_HS_CLIENT_HELLO, mutls_hs_parse_client_hello);
    s.h.suite = mutls_hs_suite_by_id(0xc030); /* not in the client's list */
    hss_send(&s, MUTLS_HS_SERVER_HELLO, mutls_hs_write_server_hello);
    expect_client_failed(&s, MUTLS_ERR_ILLEGAL_PARAMETER, MUTLS_ALERT_ILLEGAL_PARAMETER);
    hss_close(&s);
    mutls_config_free(cli);
    mutls_config_free(srv);
}

/* A signed ServerKeyExchange with our own group and point bytes. */
static void send_crafted_ske(hs_script *s, uint16_t group, const uint8_t *point, size_t len)
{
    uint8_t data[256], msg[1024];
    mutls_wr d, w;
    size_t mark;

    mutls_wr_init(&d, data, sizeof(data));
    mutls_wr_bytes(&d, s->h.client_random, 32);
    mutls_wr_bytes(&d, s->h.server_random, 32);
    mutls_wr_u8(&d, 3);
    mutls_wr_u16(&d, group);
    mutls_wr_u8(&d, (uint8_t)len);
    mutls_wr_bytes(&d, point, len);
    mutls_wr_init(&w, msg, sizeof(msg));
    mutls_wr_u8(&w, MUTLS_HS_SERVER_KEY_EXCHANGE);
    mark = mutls_wr_vec24_begin(&w);
    mutls_wr_bytes(&w, data + 64, mutls_wr_len(&d) - 64);
    assert_int_equal(mutls_hs_put_signature(&s->h, &w, data, mutls_wr_len(&d), 0), 0);
    mutls_wr_vec24_end(&w, mark);
    assert_int_equal(w.err, 0);
    hss_send_msg(s, msg, mutls_wr_len(&w));
}

static void ske_case(uint16_t group, int off_curve)
{
    mutls_config *srv = hp_server_config(MUTLS_CLIENT_AUTH_REQUIRED);
    mutls_config *cli = hx_client_cfg("ECDHE-RSA-AES128-GCM-SHA256");
    hs_script s;
    mutls_pkey *eph = NULL;
    uint8_t point[97];
    size_t len = sizeof(point);

    hss_open(&s, srv, cli);
    server_script_to(&s, AT_SKE);
    assert_int_equal(mutls_ecdh_keygen(&eph, MUTLS_CURVE_P256, s.h.rng, point, &len), 0);
    mutls_pkey_free(eph);
    if (off_curve) {
        point[len - 1] ^= 1;
    }
    send_crafted_ske(&s, group, point, len);
    expect_client_failed(&s, MUTLS_ERR_ILLEGAL_PARAMETER, MUTLS_ALERT_ILLEGAL_PARAMETER);
    hss_close(&s);
    mutls_config_free(cli);
    mutls_config_free(srv);
}

static void test_negc_off_curve_server_point_illegal_parameter(void **state)
{
    (void)state;
    ske_case(MUTLS_CURVE_P256, 1);
}

static void test_negc_group_not_offered_illegal_parameter(void **state)
{
    (void)state;
    ske_case(25 /* secp521r1 */, 0);
}

static void test_negc_server_without_ems_refused(void **state)
{
    mutls_config *srv = hp_server_config(MUTLS_CLIENT_AUTH_REQUIRED);
    mutls_config *cli = hx_client_cfg(NULL);
    hs_script s;

    (void)state;
    hss_open(&s, srv, cli);
    hss_expect(&s, MUTLS_HS_CLIENT_HELLO, mutls_hs_parse_client_hello);
    s.h.ems = 0; /* a ServerHello without extended_master_secret */
    hss_send(&s, MUTLS_HS_SERVER_HELLO, mutls_hs_write_server_hello);
    expect_client_failed(&s, MUTLS_ERR_NO_EXTENDED_MASTER_SECRET, MUTLS_ALERT_HANDSHAKE_FAILURE);
    hss_close(&s);
    mutls_config_free(cli);
    mutls_config_free(srv);
}

static void test_negc_tampered_server_finished_decrypt_error(void **state)
{
    mutls_config *srv = hp_server_config(MUTLS_CLIENT_AUTH_REQUIRED);
    mutls_config *cli = hx_client_cfg("ECDHE-RSA-CHACHA20-POLY1305");
    hs_script s;
    uint8_t fin[64];
    size_t n;

    (void)state;
    hss_open(&s, srv, cli);
    server_script_to(&s, AT_FIN);
    n = hss_build(&s, MUTLS_HS_FINISHED, mutls_hs_write_finished, fin, sizeof(fin));
    fin[4] ^= 1;
    hss_send_msg(&s, fin, n);
    expect_client_failed(&s, MUTLS_ERR_BAD_FINISHED, MUTLS_ALERT_DECRYPT_ERROR);
    hss_close(&s);
    mutls_config_free(cli);
    mutls_config_free(srv);
}

/* ------------------------------------------------------------ renegotiation */

static int read_some(mutls_conn *c, char *buf, size_t cap)
{
    int n = MUTLS_WANT_READ;

    for (int i = 0; i < 20 && n == MUTLS_WANT_READ; i++) {
        n = mutls_read(c, buf, cap);
    }
    return n;
}

/* The script reads records until it has seen a warning alert; returns its description. */
static int script_sees_warning(hs_script *s)
{
    mutls_rec_unit u;

    s->h.rec.alert_desc = -1;
    for (int i = 0; i < 5 && s->h.rec.alert_desc < 0; i++) {
        int rc = mutls_rec_read(&s->h.rec, &u, 16384);
        assert_true(rc == MUTLS_WANT_READ || rc == 0);
    }
    assert_int_equal(s->h.rec.alert_level, MUTLS_ALERT_LEVEL_WARNING);
    return s->h.rec.alert_desc;
}

static void test_negc_client_hello_after_handshake_no_renegotiation(void **state)
{
    mutls_config *srv = hp_server_config(MUTLS_CLIENT_AUTH_REQUIRED);
    mutls_config *cli = hx_client_cfg("ECDHE-ECDSA-AES128-GCM-SHA256");
    hs_script s;
    uint8_t ch[1024];
    char buf[64];
    size_t n;

    (void)state;
    /* The script is the client here: its config is the client one. */
    hss_open(&s, cli, srv);
    hss_client_hello_to_done(&s);
    hss_send(&s, MUTLS_HS_CERTIFICATE, mutls_hs_write_client_certificate);
    hss_send(&s, MUTLS_HS_CLIENT_KEY_EXCHANGE, mutls_hs_write_client_key_exchange);
    hss_send(&s, MUTLS_HS_CERTIFICATE_VERIFY, mutls_hs_write_certificate_verify);
    hss_send_ccs(&s);
    hss_send(&s, MUTLS_HS_FINISHED, mutls_hs_write_finished);
    hss_expect_ccs(&s);
    hss_expect(&s, MUTLS_HS_FINISHED, mutls_hs_parse_finished);
    assert_int_equal(s.real_rc, 0);

    /* RFC 5746 §4.4 leaves refusing to us: a warning, and the connection goes on. */
    for (int i = 0; i < 4; i++) {
        n = hss_build(&s, MUTLS_HS_CLIENT_HELLO, mutls_hs_write_client_hello, ch, sizeof(ch));
        hss_send_raw(&s, MUTLS_CT_HANDSHAKE, ch, n);
        assert_int_equal(mutls_read(s.real, buf, sizeof(buf)), MUTLS_WANT_READ);
        assert_int_equal(script_sees_warning(&s), MUTLS_ALERT_NO_RENEGOTIATION);
    }
    hss_send_raw(&s, MUTLS_CT_APPLICATION_DATA, (const uint8_t *)"still here", 10);
    assert_int_equal(read_some(s.real, buf, sizeof(buf)), 10);
    assert_memory_equal(buf, "still here", 10);
    /* A peer that keeps asking is cut off. */
    hss_send_raw(&s, MUTLS_CT_HANDSHAKE, ch, n);
    assert_int_equal(mutls_read(s.real, buf, sizeof(buf)), MUTLS_ERR_RENEGOTIATION);
    assert_int_equal(mutls_alert_sent(s.real), MUTLS_ALERT_NO_RENEGOTIATION);
    hss_close(&s);
    mutls_config_free(cli);
    mutls_config_free(srv);
}

static void test_negc_hello_request_after_handshake_no_renegotiation(void **state)
{
    static const uint8_t hello_request[4] = {0, 0, 0, 0};
    mutls_config *srv = hp_server_config(MUTLS_CLIENT_AUTH_REQUIRED);
    mutls_config *cli = hx_client_cfg("ECDHE-RSA-AES256-GCM-SHA384");
    hs_script s;
    char buf[64];

    (void)state;
    hss_open(&s, srv, cli);
    server_script_to(&s, AT_FIN);
    hss_send(&s, MUTLS_HS_FINISHED, mutls_hs_write_finished);
    hss_pump(&s);
    assert_int_equal(s.real_rc, 0);

    hss_send_raw(&s, MUTLS_CT_HANDSHAKE, hello_request, sizeof(hello_request));
    assert_int_equal(mutls_read(s.real, buf, sizeof(buf)), MUTLS_WANT_READ);
    assert_int_equal(script_sees_warning(&s), MUTLS_ALERT_NO_RENEGOTIATION);
    hss_send_raw(&s, MUTLS_CT_APPLICATION_DATA, (const uint8_t *)"go on", 5);
    assert_int_equal(read_some(s.real, buf, sizeof(buf)), 5);
    hss_close(&s);
    mutls_config_free(cli);
    mutls_config_free(srv);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_negc_out_of_order_unexpected_message),
        cmocka_unit_test(test_negc_suite_not_offered_illegal_parameter),
        cmocka_unit_test(test_negc_off_curve_server_point_illegal_parameter),
        cmocka_unit_test(test_negc_group_not_offered_illegal_parameter),
        cmocka_unit_test(test_negc_server_without_ems_refused),
        cmocka_unit_test(test_negc_tampered_server_finished_decrypt_error),
        cmocka_unit_test(test_negc_client_hello_after_handshake_no_renegotiation),
        cmocka_unit_test(test_negc_hello_request_after_handshake_no_renegotiation),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
