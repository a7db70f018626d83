/* SPDX-License-Identifier: MIT */
/*
 * test_hostile_alerts.c - alerts of every level and description, at every point where a
 * real mutls side waits for its peer, from a scripted peer (hs_script.h), both roles, during
 * and after the handshake (RFC 5246 §7.2):
 *   - fatal level: the connection ends with MUTLS_ERR_ALERT_RECEIVED naming that alert,
 *     and we answer no alert with an alert;
 *   - close_notify (either level): during the handshake an error (MUTLS_ERR_CLOSED) and our
 *     own close_notify in answer, after it the clean end (mutls_read returns 0);
 *   - warning level with a description RFC 5246 §7.2.2 calls always fatal: as fatal;
 *   - other warnings (user_canceled, no_renegotiation, the certificate ones, unknown
 *     numbers...): ignored, sending nothing, and the handshake then completes (after it,
 *     the next application data arrives);
 *   - a level that is neither 1 nor 2, or an alert record that is not two bytes:
 *     decode_error.
 * MUTLS_TEST_QUICK=1 (and any run under valgrind) keeps a few descriptions of each kind.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hs_pair.h"
#include "hs_script.h"
#include "testutil.h"

#include <cmocka.h>

/* Every description TLS 1.2 and its extensions define, and two that nobody does. */
static const int descs[] = {0,   10,  20,  21,  22,  30,  40,  41,  42, 43, 44, 45,
                            46,  47,  48,  49,  50,  51,  60,  70,  71, 80, 86, 90,
                            100, 109, 110, 112, 113, 115, 116, 120, 1,  255};
/* The quick subset: close_notify, fatal ones, skipped ones, an unknown one. */
static const int quick_descs[] = {0, 10, 48, 42, 90, 100, 255};

static int quick(void)
{
    return tu_test_quick();
}

/* RFC 5246 §7.2.2 (and §7.4.1.4 for unsupported_extension): fatal even when sent as a
 * warning. */
static int always_fatal(int d)
{
    static const int fatal[] = {10, 20, 21, 22, 30, 40, 47, 48, 49, 50, 51, 60, 70, 71, 80, 110};

    for (size_t i = 0; i < sizeof(fatal) / sizeof(fatal[0]); i++) {
        if (fatal[i] == d) {
            return 1;
        }
    }
    return 0;
}

static const char *suite(void)
{
    /* static RSA keeps the hundreds of handshakes cheap; any suite shows the same */
    return hp_have_static_rsa() ? "AES128-GCM-SHA256" : "ECDHE-RSA-AES128-GCM-SHA256";
}

static mutls_config *server_cfg(void)
{
    mutls_config *cfg = hp_config(MUTLS_ROLE_SERVER, "server", "cas.pem");
    char chain[512], key[512];

    snprintf(chain, sizeof(chain), "%s", tu_vector_path("pki/server-ec.pem"));
    snprintf(key, sizeof(key), "%s", tu_vector_path("pki/server-ec.key"));
    assert_int_equal(mutls_config_add_identity_file(cfg, chain, key, NULL), 0);
    return cfg;
}

static mutls_config *client_cfg(void)
{
    mutls_config *cfg = hp_config(MUTLS_ROLE_CLIENT, "client", "cas.pem");

    assert_int_equal(mutls_config_set_suites(cfg, suite()), 0);
    return cfg;
}

/* ------------------------------------------------------------ the two scripts */

/* The scripted client's steps; the real server waits between them. */
#define CLIENT_STEPS 6
static void client_step(hs_script *s, int k)
{
    switch (k) {
    case 0:
        hss_client_hello_to_done(s);
        break;
    case 1:
        hss_send(s, MUTLS_HS_CERTIFICATE, mutls_hs_write_client_certificate);
        break;
    case 2:
        hss_send(s, MUTLS_HS_CLIENT_KEY_EXCHANGE, mutls_hs_write_client_key_exchange);
        break;
    case 3:
        hss_send(s, MUTLS_HS_CERTIFICATE_VERIFY, mutls_hs_write_certificate_verify);
        break;
    case 4:
        hss_send_ccs(s);
        break;
    default:
        hss_send(s, MUTLS_HS_FINISHED, mutls_hs_write_finished);
        hss_expect_ccs(s);
        hss_expect(s, MUTLS_HS_FINISHED, mutls_hs_parse_finished);
        break;
    }
}

/* The scripted server's steps; the real client waits between them. */
#define SERVER_STEPS 8
static void server_step(hs_script *s, int k)
{
    switch (k) {
    case 0:
        hss_expect(s, MUTLS_HS_CLIENT_HELLO, mutls_hs_parse_client_hello);
        break;
    case 1:
        hss_send(s, MUTLS_HS_SERVER_HELLO, mutls_hs_write_server_hello);
        break;
    case 2:
        hss_send(s, MUTLS_HS_CERTIFICATE, mutls_hs_write_server_certificate);
        break;
    case 3:
        if (s->h.f_ecdhe) {
            hss_send(s, MUTLS_HS_SERVER_KEY_EXCHANGE, mutls_hs_write_server_key_exchange);
        }
        break;
    case 4:
        hss_send(s, MUTLS_HS_CERTIFICATE_REQUEST, mutls_hs_write_certificate_request);
        break;
    case 5:
        hss_send(s, MUTLS_HS_SERVER_HELLO_DONE, mutls_hs_write_server_hello_done);
        hss_expect(s, MUTLS_HS_CERTIFICATE, mutls_hs_parse_client_certificate);
        hss_expect(s, MUTLS_HS_CLIENT_KEY_EXCHANGE, mutls_hs_parse_client_key_exchange);
        hss_expect(s, MUTLS_HS_CERTIFICATE_VERIFY, mutls_hs_parse_certificate_verify);
        hss_expect_ccs(s);
        hss_expect(s, MUTLS_HS_FINISHED, mutls_hs_parse_finished);
        break;
    case 6:
        hss_send_ccs(s);
        break;
    default:
        hss_send(s, MUTLS_HS_FINISHED, mutls_hs_write_finished);
        break;
    }
}

/* ------------------------------------------------------------ one case */

typedef struct alert_case {
    int real_is_server;
    int at; /* steps done before the alert; the step count means "after" */
    const uint8_t *rec;
    size_t rec_len; /* the alert record's body (normally level, description) */
} alert_case;

/* The real side's state now: its handshake result, or after the handshake a read's. */
static int real_result(hs_script *s, int after)
{
    char buf[64];

    if (!after) {
        for (int i = 0; i < 3; i++) {
            hss_pump(s);
        }
        return s->real_rc;
    }
    return mutls_read(s->real, buf, sizeof(buf));
}

static void run_case(const alert_case *c, mutls_config *cli, mutls_config *srv, int expect,
                     int sent_alert)
{
    int steps = c->real_is_server ? CLIENT_STEPS : SERVER_STEPS;
    int after = c->at == steps;
    hs_script s;
    size_t before;
    int rc;

    if (c->real_is_server) {
        hss_open(&s, cli, srv);
    } else {
        hss_open(&s, srv, cli);
    }
    for (int k = 0; k < c->at; k++) {
        (c->real_is_server ? client_step : server_step)(&s, k);
    }
    /* The real side has sent everything it can (a client its ClientHello) and waits. */
    hss_pump(&s);
    assert_int_equal(s.real_rc, after ? 0 : MUTLS_WANT_READ);
    before = tu_pipe_pending(s.pipe, 0);
    hss_send_raw(&s, MUTLS_CT_ALERT, c->rec, c->rec_len);
    rc = real_result(&s, after);
    if (rc != expect) {
        fail_msg("%s, %d steps done, alert %02x %02x (%zu bytes): %d (%s), expected %d: %s",
                 c->real_is_server ? "server" : "client", c->at, c->rec[0],
                 c->rec_len > 1 ? c->rec[1] : 0, c->rec_len, rc, mutls_strerror(rc), expect,
                 mutls_error_detail(s.real));
    }
    assert_int_equal(mutls_alert_sent(s.real), sent_alert);
    if (expect == MUTLS_ERR_ALERT_RECEIVED) {
        assert_int_equal(mutls_alert_received(s.real), c->rec[1]);
    }
    if (expect == MUTLS_ERR_CLOSED) {
        /* RFC 5246 §7.2.1: a close_notify during the handshake is answered with ours */
        assert_true(tu_pipe_pending(s.pipe, 0) > before);
    } else if (sent_alert < 0) {
        /* nothing at all went back to the peer */
        assert_int_equal(tu_pipe_pending(s.pipe, 0), before);
    }
    if (expect == MUTLS_WANT_READ) {
        /* ignored: the connection goes on as if the alert had not come */
        for (int k = c->at; k < steps; k++) {
            (c->real_is_server ? client_step : server_step)(&s, k);
        }
        if (!after) {
            hss_pump(&s);
            assert_int_equal(s.real_rc, 0);
        }
        {
            char buf[16];
            hss_send_raw(&s, MUTLS_CT_APPLICATION_DATA, (const uint8_t *)"on", 2);
            assert_int_equal(mutls_read(s.real, buf, sizeof(buf)), 2);
            assert_memory_equal(buf, "on", 2);
        }
    }
    hss_close(&s);
}

/* What a well-formed alert (@p level, @p desc) must do at this point. */
static void expect_for(int level, int desc, int after, int *expect, int *sent)
{
    *sent = -1;
    if (level != 1 && level != 2) {
        *expect = MUTLS_ERR_RECORD_DECODE;
        *sent = MUTLS_ALERT_DECODE_ERROR;
    } else if (desc == 0) {
        *expect = after ? 0 : MUTLS_ERR_CLOSED; /* RFC 5246 §7.2.1 */
    } else if (level == 2 || always_fatal(desc)) {
        *expect = MUTLS_ERR_ALERT_RECEIVED;
    } else {
        *expect = MUTLS_WANT_READ; /* skipped */
    }
}

static void matrix(int real_is_server)
{
    static const int levels[] = {1, 2, 0, 3};
    const int *d = quick() ? quick_descs : descs;
    size_t nd = quick() ? sizeof(quick_descs) / sizeof(int) : sizeof(descs) / sizeof(int);
    int steps = real_is_server ? CLIENT_STEPS : SERVER_STEPS;
    mutls_config *cli = client_cfg(), *srv = server_cfg();
    int cases = 0;

    for (int at = 0; at <= steps; at++) {
        for (size_t l = 0; l < sizeof(levels) / sizeof(levels[0]); l++) {
            for (size_t i = 0; i < nd; i++) {
                uint8_t rec[2] = {(uint8_t)levels[l], (uint8_t)d[i]};
                alert_case c = {real_is_server, at, rec, sizeof(rec)};
                int expect, sent;

                if (levels[l] > 2 && i > 0) {
                    continue; /* a bad level is a bad level: one description will do */
                }
                expect_for(levels[l], d[i], at == steps, &expect, &sent);
                run_case(&c, cli, srv, expect, sent);
                cases++;
            }
        }
        /* An alert record that is not exactly one alert. */
        {
            static const uint8_t one[1] = {2}, three[3] = {1, 90, 0},
                                 two_alerts[4] = {1, 90, 1, 90};
            const uint8_t *bodies[] = {one, three, two_alerts};
            size_t lens[] = {1, 3, 4};

            for (size_t b = 0; b < 3; b++) {
                alert_case c = {real_is_server, at, bodies[b], lens[b]};
                run_case(&c, cli, srv, MUTLS_ERR_RECORD_DECODE, MUTLS_ALERT_DECODE_ERROR);
                cases++;
            }
        }
    }
    if (getenv("MUTLS_TEST_VERBOSE") != NULL) {
        printf("  %d cases\n", cases);
    }
    mutls_config_free(cli);
    mutls_config_free(srv);
}

static void test_alerts_every_level_and_type_at_every_server_step(void **state)
{
    (void)state;
    matrix(1);
}

static void test_alerts_every_level_and_type_at_every_client_step(void **state)
{
    (void)state;
    matrix(0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_alerts_every_level_and_type_at_every_server_step),
        cmocka_unit_test(test_alerts_every_level_and_type_at_every_client_step),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
