/* SPDX-License-Identifier: MIT */
/*
 * test_ticket_keys.c - session ticket lifetimes and keys (RFC 5077 §3.3, §5.5), beside
 * test_ticket.c: the client keeps to the lifetime its server gave a ticket, counted from the
 * ticket's reception, and offers no session older than 24 hours (RFC 5246 appendix F.1.4);
 * the server's own ticket key rotates every ticket lifetime with the previous one still
 * opening; application keys set in turn keep the one before for opening.
 */
#include <stdint.h>
#include <string.h>

#include "hs_pair.h"
#include "resume_util.h"
#include "session.h"
#include "testutil.h"

#include <cmocka.h>

/* -DMUTLS_RESUME=OFF leaves resumption out (test_resume_off checks that build). */
#if defined(MUTLS_NO_RESUME)
TU_BUILT_OUT_PROGRAM()
#else

static mutls_config *ticket_server(mutls_client_auth mode)
{
    mutls_config *cfg = hp_server_config(mode);

    assert_int_equal(mutls_config_set_session_tickets(cfg, 1, 0), 0);
    mutls_config_set_time(cfg, ru_clock, NULL);
    return cfg;
}

/* One connection offering @p offer (or nothing); both sides must agree on @p expect_reused;
 * the client's session in *out when asked. */
static void connect_once(const mutls_config *client, const mutls_config *server,
                         const mutls_session *offer, int expect_reused, mutls_session **out)
{
    ru_connect(client, server, offer, expect_reused, out, NULL, NULL);
}

/* The length of the ClientHello the client's trace saw on its last connection. */
static size_t hello_len(ru_trace *t)
{
    assert_true(t->n > 0);
    assert_string_equal(t->names[0], "ClientHello");
    return t->len[0];
}

static void test_ticket_client_keeps_to_lifetimes(void **state)
{
    mutls_config *server = ticket_server(MUTLS_CLIENT_AUTH_REQUIRED);
    mutls_config *cached = hp_server_config(MUTLS_CLIENT_AUTH_REQUIRED);
    mutls_config *client = hp_config(MUTLS_ROLE_CLIENT, "client", "cas.pem");
    mutls_session *s = NULL, *s2 = NULL, *c = NULL;
    ru_trace t;
    size_t fresh;

    (void)state;
    ru_offset = 0;
    assert_int_equal(mutls_config_set_session_tickets(server, 1, 60), 0);
    assert_int_equal(mutls_config_set_session_cache(cached, 8, MUTLS_SESSION_LIFETIME_MAX), 0);
    mutls_config_set_time(cached, ru_clock, NULL);
    mutls_config_set_time(client, ru_clock, NULL);
    mutls_config_set_trace(client, ru_on_trace, &t);
    memset(&t, 0, sizeof(t));
    connect_once(client, server, NULL, 0, &s);
    fresh = hello_len(&t);
    /* RFC 5077 §3.3: the hint counts from reception. Renewed 50 s after the session was
     * made, our server's hint is the 10 s left, kept as 60 s after the making. */
    ru_offset = 50;
    memset(&t, 0, sizeof(t));
    connect_once(client, server, s, 1, &s2);
    assert_int_equal(hello_len(&t), fresh + 32 + s->ticket_len); /* with a random ID, §3.4 */
    assert_int_equal(s2->ticket_lifetime, 60);
    /* Expired by its hint: not offered at all (the session has no ID). */
    ru_offset = 60;
    memset(&t, 0, sizeof(t));
    connect_once(client, server, s2, 0, NULL);
    assert_int_equal(hello_len(&t), fresh);
    /* RFC 5246 F.1.4: no session older than 24 hours is offered, whatever the server keeps. */
    ru_offset = 0;
    connect_once(client, cached, NULL, 0, &c);
    assert_int_equal(c->id_len, 32);
    ru_offset = MUTLS_SESSION_LIFETIME_MAX - 1;
    memset(&t, 0, sizeof(t));
    connect_once(client, cached, c, 1, NULL);
    assert_int_equal(hello_len(&t), fresh + 32);
    ru_offset = MUTLS_SESSION_LIFETIME_MAX + 1;
    memset(&t, 0, sizeof(t));
    connect_once(client, cached, c, 0, NULL);
    assert_int_equal(hello_len(&t), fresh); /* no session ID */
    ru_offset = 0;
    mutls_session_free(s);
    mutls_session_free(s2);
    mutls_session_free(c);
    mutls_config_free(client);
    mutls_config_free(server);
    mutls_config_free(cached);
}

/* The 16-byte key name a ticket starts with (hs_ticket.c). */
static int same_key_name(const mutls_session *a, const mutls_session *b)
{
    return a->ticket_len >= 16 && b->ticket_len >= 16 && memcmp(a->ticket, b->ticket, 16) == 0;
}

static void test_ticket_keys_rotate_and_previous_opens(void **state)
{
    mutls_config *server = ticket_server(MUTLS_CLIENT_AUTH_REQUIRED);
    mutls_config *client = hp_config(MUTLS_ROLE_CLIENT, "client", "cas.pem");
    mutls_session *s1 = NULL, *s2 = NULL, *s3 = NULL, *s4 = NULL;

    (void)state;
    ru_offset = 0;
    assert_int_equal(mutls_config_set_session_tickets(server, 1, 60), 0);
    connect_once(client, server, NULL, 0, &s1); /* the first key starts its period */
    ru_offset = 50;
    connect_once(client, server, NULL, 0, &s2);
    assert_true(same_key_name(s1, s2));
    /* A lifetime after the first ticket, the next ticket is sealed under a new key. */
    ru_offset = 61;
    connect_once(client, server, NULL, 0, &s3);
    assert_false(same_key_name(s2, s3));
    /* The previous key still opens its tickets while they live; renewed under the new key. */
    ru_offset = 70;
    connect_once(client, server, s2, 1, &s4);
    assert_true(same_key_name(s3, s4));
    connect_once(client, server, s3, 1, NULL);
    ru_offset = 0;
    mutls_session_free(s1);
    mutls_session_free(s2);
    mutls_session_free(s3);
    mutls_session_free(s4);
    mutls_config_free(client);
    mutls_config_free(server);
}

static void test_ticket_application_keys_in_turn(void **state)
{
    mutls_config *a = hp_server_config(MUTLS_CLIENT_AUTH_REQUIRED);
    mutls_config *b = hp_server_config(MUTLS_CLIENT_AUTH_REQUIRED);
    mutls_config *c = hp_server_config(MUTLS_CLIENT_AUTH_REQUIRED);
    mutls_config *client = hp_config(MUTLS_ROLE_CLIENT, "client", "cas.pem");
    mutls_session *s = NULL, *s2 = NULL;
    uint8_t k1[48], k2[48], k3[48];

    (void)state;
    ru_offset = 0;
    for (size_t i = 0; i < sizeof(k1); i++) {
        k1[i] = (uint8_t)(i + 1);
        k2[i] = (uint8_t)(i + 101);
        k3[i] = (uint8_t)(i + 201);
    }
    /* a: k1. b: k1 then k2 (seals under k2, opens both). c: k1, k2, k3 (k1 forgotten). */
    assert_int_equal(mutls_config_set_ticket_key(a, k1, sizeof(k1)), 0);
    assert_int_equal(mutls_config_set_ticket_key(b, k1, sizeof(k1)), 0);
    assert_int_equal(mutls_config_set_ticket_key(b, k2, sizeof(k2)), 0);
    assert_int_equal(mutls_config_set_ticket_key(c, k1, sizeof(k1)), 0);
    assert_int_equal(mutls_config_set_ticket_key(c, k2, sizeof(k2)), 0);
    assert_int_equal(mutls_config_set_ticket_key(c, k3, sizeof(k3)), 0);
    for (int i = 0; i < 3; i++) {
        mutls_config *cfg = i == 0 ? a : i == 1 ? b : c;
        assert_int_equal(mutls_config_set_session_tickets(cfg, 1, 0), 0);
        mutls_config_set_time(cfg, ru_clock, NULL);
    }
    connect_once(client, a, NULL, 0, &s);
    assert_memory_equal(s->ticket, k1, 16);
    connect_once(client, b, s, 1, &s2); /* k1 opens at b, which renews under k2 */
    assert_memory_equal(s2->ticket, k2, 16);
    connect_once(client, c, s2, 1, NULL); /* k2 opens at c */
    connect_once(client, c, s, 0, NULL);  /* k1 does not any more */
    /* Application keys are never rotated: a lifetime later b still seals under k2. */
    mutls_session_free(s2);
    s2 = NULL;
    ru_offset = MUTLS_SESSION_LIFETIME_DEFAULT + 1;
    connect_once(client, b, NULL, 0, &s2);
    assert_memory_equal(s2->ticket, k2, 16);
    ru_offset = 0;
    mutls_session_free(s);
    mutls_session_free(s2);
    mutls_config_free(client);
    mutls_config_free(a);
    mutls_config_free(b);
    mutls_config_free(c);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_ticket_client_keeps_to_lifetimes),
        cmocka_unit_test(test_ticket_keys_rotate_and_previous_opens),
        cmocka_unit_test(test_ticket_application_keys_in_turn),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

#endif /* MUTLS_NO_RESUME */
