/* SPDX-License-Identifier: MIT */
/*
 * test_resume_off.c - the library built with -DMUTLS_RESUME=OFF (MUTLS_NO_RESUME): every
 * resumption entry point says MUTLS_ERR_NOT_BUILT (turning tickets off stays allowed, it is
 * what the build is), handshakes are full ones, the server answers a ClientHello offering a
 * session ID and a ticket with an empty session_id and no SessionTicket extension
 * (RFC 5246 §7.4.1.3: the session will not be cached), and the client offers neither.
 * In a build with resumption this program only skips: test_resume*.c and test_ticket.c test
 * resumption there.
 */
#include <stdint.h>
#include <string.h>

#include "handshake.h"
#include "hs_pair.h"
#include "testutil.h"
#include "tf_probe.h"

#include <cmocka.h>

#if !defined(MUTLS_NO_RESUME)
TU_BUILT_OUT_PROGRAM()
#else

static void test_resume_off_config_calls_not_built(void **state)
{
    mutls_config *srv = NULL, *cli = NULL;
    uint8_t key[48] = {1, 2, 3};

    (void)state;
    assert_int_equal(mutls_config_new(&srv, MUTLS_ROLE_SERVER), 0);
    assert_int_equal(mutls_config_new(&cli, MUTLS_ROLE_CLIENT), 0);
    assert_int_equal(mutls_config_set_session_cache(srv, 16, 0), MUTLS_ERR_NOT_BUILT);
    assert_int_equal(mutls_config_set_session_tickets(srv, 1, 0), MUTLS_ERR_NOT_BUILT);
    assert_int_equal(mutls_config_set_session_tickets(cli, 1, 0), MUTLS_ERR_NOT_BUILT);
    assert_int_equal(mutls_config_set_session_tickets(srv, 0, 0), 0);
    assert_int_equal(mutls_config_set_session_tickets(cli, 0, 0), 0);
    assert_int_equal(mutls_config_set_ticket_key(srv, key, sizeof(key)), MUTLS_ERR_NOT_BUILT);
    /* argument errors keep their own code */
    assert_int_equal(mutls_config_set_session_cache(cli, 16, 0), MUTLS_ERR_BAD_ARGUMENT);
    assert_string_equal(mutls_strerror(MUTLS_ERR_NOT_BUILT), "not_built");
    mutls_config_free(srv);
    mutls_config_free(cli);
}

static void test_resume_off_session_bytes_not_built(void **state)
{
    static const uint8_t bytes[8] = {2, 0, 0, 0, 0, 0, 0, 0};
    mutls_session *s = (mutls_session *)&s; /* must be set to NULL */
    size_t len = 0;

    (void)state;
    assert_int_equal(mutls_session_load(&s, bytes, sizeof(bytes)), MUTLS_ERR_NOT_BUILT);
    assert_null(s);
    assert_int_equal(mutls_session_save(NULL, NULL, &len), MUTLS_ERR_NOT_BUILT);
    mutls_session_free(NULL);
}

static void test_resume_off_handshake_full_no_session(void **state)
{
    mutls_config *srv = hp_server_config(MUTLS_CLIENT_AUTH_REQUIRED);
    mutls_config *cli = hp_config(MUTLS_ROLE_CLIENT, "client", "cas.pem");
    mutls_session *s = NULL;
    hp_pair p;

    (void)state;
    for (int round = 0; round < 2; round++) {
        hp_open(&p, cli, srv);
        hp_handshake(&p);
        assert_int_equal(p.rc_client, 0);
        assert_int_equal(p.rc_server, 0);
        assert_int_equal(mutls_session_reused(p.client), 0);
        assert_int_equal(mutls_session_reused(p.server), 0);
        assert_int_equal(mutls_client_cert_given(p.server), 1);
        assert_int_equal(mutls_get_session(p.client, &s), MUTLS_ERR_NO_SESSION);
        assert_null(s);
        hp_exchange_and_close(&p);
        hp_close(&p);
    }
    mutls_config_free(srv);
    mutls_config_free(cli);
}

static void test_resume_off_server_offers_nothing_back(void **state)
{
    /* A ClientHello with a 32-byte session ID of its own would be the usual probe; the
     * script's hello has an empty one, so the SessionTicket extension carries the offer. */
    static const tf_setup plain = {"ECDHE-RSA-AES128-GCM-SHA256", MUTLS_CLIENT_AUTH_NONE, 0,
                                   NULL, NULL};
    uint8_t ticket_ext[4 + 64], sh[512];
    size_t n, at;

    (void)state;
    memset(ticket_ext, 0xa5, sizeof(ticket_ext));
    ticket_ext[0] = 0x00;
    ticket_ext[1] = 0x23; /* session_ticket */
    ticket_ext[2] = 0x00;
    ticket_ext[3] = 64;
    n = tf_hello_answered(&plain, MUTLS_EXT_SESSION_TICKET, TF_NONE, ticket_ext,
                          sizeof(ticket_ext), sh, sizeof(sh));
    /* header(4) version(2) random(32) session_id<0..32> */
    assert_true(n > 4 + 2 + 32 + 1 + 2 + 1 + 2);
    assert_int_equal(sh[38], 0); /* an empty session_id: nothing will be cached */
    at = 38 + 1 + 2 + 1 + 2;     /* the first extension */
    while (at + 4 <= n) {
        uint16_t type = (uint16_t)(sh[at] << 8 | sh[at + 1]);
        size_t len = (size_t)(sh[at + 2] << 8 | sh[at + 3]);
        assert_int_not_equal(type, MUTLS_EXT_SESSION_TICKET);
        at += 4 + len;
    }
    assert_int_equal(at, n);
}

static void test_resume_off_client_offers_nothing(void **state)
{
    tf t;

    (void)state;
    tf_open_client(&t, "ECDHE-RSA-AES128-GCM-SHA256");
    /* the script parsed the real client's hello as a server does */
    assert_int_equal(t.s.h.peer_offered_ticket, 0);
    assert_int_equal(t.s.h.resumed, 0);
    tf_close(&t);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_resume_off_config_calls_not_built),
        cmocka_unit_test(test_resume_off_session_bytes_not_built),
        cmocka_unit_test(test_resume_off_handshake_full_no_session),
        cmocka_unit_test(test_resume_off_server_offers_nothing_back),
        cmocka_unit_test(test_resume_off_client_offers_nothing),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

#endif /* MUTLS_NO_RESUME */
