/* SPDX-License-Identifier: MIT */
/*
 * test_ticket.c - session tickets (RFC 5077) in process, both roles (hs_ticket.c,
 * hs_session.c): a server with tickets and no cache issues a ticket after the client's
 * Finished and a client resumes from it with RSA and EC identities, the same peer facts and
 * a renewed ticket; the trace shows NewSessionTicket in both tables; a tampered ticket, a
 * ticket under another key, an expired one, one made for another server name or without the
 * client certificate REQUIRED wants means a full handshake; a ticket whose suite the client
 * does not offer is refused with illegal_parameter (RFC 5246 §7.4.1.2); a session with its
 * ticket saved as bytes loads back and resumes; a client with tickets off offers none; a
 * server answering the extension unasked, or sending NewSessionTicket without having
 * answered it, is refused; a crafted ClientHello shows the server echoing the session ID it
 * came with (RFC 5077 §3.4), not resuming without one, and refusing the extension twice.
 */
#include <stdio.h>
#include <string.h>

#include "handshake.h"
#include "hs_pair.h"
#include "hs_script.h"
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

/* The peer facts come back on a resumed connection too. */
static void peer_facts_kept(const hp_pair *p, void *ctx)
{
    (void)ctx;
    assert_int_equal(mutls_peer_cert_count(p->server), 1);
    assert_int_equal(mutls_client_cert_given(p->client), 1);
}

/* One connection offering @p offer (or nothing); both sides must agree on @p expect_reused
 * and keep the peer facts; the client's session in *out when asked. */
static void connect_once(const mutls_config *client, const mutls_config *server,
                         const mutls_session *offer, int expect_reused, mutls_session **out)
{
    ru_connect(client, server, offer, expect_reused, out, peer_facts_kept, NULL);
}

static void resume_by_ticket(const char *suite, const char *client_id)
{
    mutls_config *server = ticket_server(MUTLS_CLIENT_AUTH_REQUIRED);
    mutls_config *client = hp_config(MUTLS_ROLE_CLIENT, client_id, "cas.pem");
    mutls_session *s = NULL, *s2 = NULL, *s3 = NULL;

    ru_offset = 0;
    assert_int_equal(mutls_config_set_suites(client, suite), 0);
    connect_once(client, server, NULL, 0, &s);
    /* No cache: no session ID, only the ticket (RFC 5077 §3.4). */
    assert_int_equal(s->id_len, 0);
    assert_true(s->ticket_len > 28 + 16);
    assert_int_equal(s->ticket_lifetime, MUTLS_SESSION_LIFETIME_DEFAULT);
    connect_once(client, server, s, 1, &s2);
    /* Renewed on resumption (RFC 5077 §3.1 figure 2): another ticket, same secret. */
    assert_true(s2->ticket_len > 0);
    assert_false(s2->ticket_len == s->ticket_len &&
                 memcmp(s2->ticket, s->ticket, s->ticket_len) == 0);
    assert_memory_equal(s2->master, s->master, 48);
    connect_once(client, server, s2, 1, &s3);
    /* The old ticket is still good until it expires (tickets cannot be revoked). */
    connect_once(client, server, s, 1, NULL);
    mutls_session_free(s);
    mutls_session_free(s2);
    mutls_session_free(s3);
    mutls_config_free(client);
    mutls_config_free(server);
}

static void test_ticket_rsa_and_ec_resume(void **state)
{
    (void)state;
    resume_by_ticket("ECDHE-RSA-AES128-GCM-SHA256", "client");
    resume_by_ticket("ECDHE-ECDSA-AES256-GCM-SHA384", "client-ec");
    if (hp_have_static_rsa()) {
        resume_by_ticket("AES128-GCM-SHA256", "client");
    }
    if (hp_have_cbc()) {
        resume_by_ticket("ECDHE-RSA-AES128-SHA256", "client"); /* with encrypt-then-MAC */
    }
}

static void test_ticket_trace_rows_in_both_tables(void **state)
{
    static const char *full_tail[] = {"ChangeCipherSpec", "Finished", "NewSessionTicket",
                                      "ChangeCipherSpec", "Finished"};
    static const char *abbr[] = {"ClientHello",      "ServerHello", "NewSessionTicket",
                                 "ChangeCipherSpec", "Finished",    "ChangeCipherSpec",
                                 "Finished"};
    static const int abbr_steps[] = {1, 2, 0, 3, 4, 5, 6};
    mutls_config *server = ticket_server(MUTLS_CLIENT_AUTH_REQUIRED);
    mutls_config *client = hp_config(MUTLS_ROLE_CLIENT, "client", "cas.pem");
    mutls_session *s = NULL;
    ru_trace t = {0};

    (void)state;
    ru_offset = 0;
    mutls_config_set_trace(client, ru_on_trace, &t);
    connect_once(client, server, NULL, 0, &s);
    assert_int_equal(t.n, 14);
    for (int i = 0; i < 5; i++) {
        assert_string_equal(t.names[9 + i], full_tail[i]);
        assert_int_equal(t.abbreviated[9 + i], 0);
    }
    assert_int_equal(t.steps[11], 0);
    assert_int_equal(t.sent[11], 0);
    assert_int_equal(t.len[11], 4 + 2 + s->ticket_len);
    memset(&t, 0, sizeof(t));
    connect_once(client, server, s, 1, NULL);
    assert_int_equal(t.n, 7);
    for (int i = 0; i < 7; i++) {
        assert_string_equal(t.names[i], abbr[i]);
        assert_int_equal(t.steps[i], abbr_steps[i]);
        assert_int_equal(t.abbreviated[i], i >= 1); /* known once ServerHello is parsed */
    }
    mutls_session_free(s);
    mutls_config_free(client);
    mutls_config_free(server);
}

/* A full handshake; then @p change; then the session is offered and must not resume; the
 * full handshake then made a new ticket, which resumes. */
static void full_after(void (*change)(mutls_config *server, mutls_session *s))
{
    mutls_config *server = ticket_server(MUTLS_CLIENT_AUTH_REQUIRED);
    mutls_config *client = hp_config(MUTLS_ROLE_CLIENT, "client", "cas.pem");
    mutls_session *s = NULL, *s2 = NULL;

    ru_offset = 0;
    connect_once(client, server, NULL, 0, &s);
    change(server, s);
    connect_once(client, server, s, 0, &s2);
    connect_once(client, server, s2, 1, NULL);
    ru_offset = 0;
    mutls_session_free(s);
    mutls_session_free(s2);
    mutls_config_free(client);
    mutls_config_free(server);
}

static void tamper_body(mutls_config *server, mutls_session *s)
{
    (void)server;
    s->ticket[40] ^= 1; /* inside the sealed session: the GCM tag no longer matches */
}

static void tamper_tag(mutls_config *server, mutls_session *s)
{
    (void)server;
    s->ticket[s->ticket_len - 1] ^= 0x80;
}

static void tamper_name(mutls_config *server, mutls_session *s)
{
    (void)server;
    s->ticket[0] ^= 1; /* a key name the server does not know */
}

static void truncate_ticket(mutls_config *server, mutls_session *s)
{
    (void)server;
    s->ticket_len = 40; /* shorter than name, nonce and tag */
}

static void other_key(mutls_config *server, mutls_session *s)
{
    uint8_t key[48];

    (void)s;
    memset(key, 7, sizeof(key));
    /* A fresh configuration would be needed once connections exist: none are open now. */
    assert_int_equal(mutls_config_set_ticket_key(server, key, sizeof(key)), 0);
}

static void lifetime_passed(mutls_config *server, mutls_session *s)
{
    (void)server;
    (void)s;
    ru_offset = MUTLS_SESSION_LIFETIME_DEFAULT;
}

static void clock_went_back(mutls_config *server, mutls_session *s)
{
    (void)server;
    (void)s;
    ru_offset = -10;
}

static void test_ticket_unusable_means_full_handshake(void **state)
{
    (void)state;
    full_after(tamper_body);
    full_after(tamper_tag);
    full_after(tamper_name);
    full_after(truncate_ticket);
    full_after(other_key);
    full_after(lifetime_passed);
    full_after(clock_went_back);
}

static void test_ticket_within_lifetime_and_shared_key(void **state)
{
    mutls_config *a = hp_server_config(MUTLS_CLIENT_AUTH_REQUIRED);
    mutls_config *b = hp_server_config(MUTLS_CLIENT_AUTH_REQUIRED);
    mutls_config *client = hp_config(MUTLS_ROLE_CLIENT, "client", "cas.pem");
    mutls_session *s = NULL;
    uint8_t key[48];

    (void)state;
    ru_offset = 0;
    for (size_t i = 0; i < sizeof(key); i++) {
        key[i] = (uint8_t)(i * 7 + 1);
    }
    assert_int_equal(mutls_config_set_ticket_key(a, key, sizeof(key)), 0);
    assert_int_equal(mutls_config_set_ticket_key(b, key, sizeof(key)), 0);
    assert_int_equal(mutls_config_set_session_tickets(a, 1, 60), 0);
    assert_int_equal(mutls_config_set_session_tickets(b, 1, 60), 0);
    mutls_config_set_time(a, ru_clock, NULL);
    mutls_config_set_time(b, ru_clock, NULL);
    connect_once(client, a, NULL, 0, &s);
    assert_int_equal(s->ticket_lifetime, 60);
    ru_offset = 59;
    connect_once(client, b, s, 1, NULL); /* another server with the same key */
    ru_offset = 60;
    connect_once(client, b, s, 0, NULL);
    ru_offset = 0;
    /* Bad arguments. */
    assert_int_equal(mutls_config_set_ticket_key(a, key, 47), MUTLS_ERR_BAD_ARGUMENT);
    assert_int_equal(mutls_config_set_ticket_key(client, key, 48), MUTLS_ERR_BAD_ARGUMENT);
    assert_int_equal(mutls_config_set_session_tickets(a, 1, MUTLS_SESSION_LIFETIME_MAX + 1),
                     MUTLS_ERR_BAD_ARGUMENT);
    assert_int_equal(mutls_config_set_session_tickets(NULL, 1, 0), MUTLS_ERR_BAD_ARGUMENT);
    mutls_session_free(s);
    mutls_config_free(client);
    mutls_config_free(a);
    mutls_config_free(b);
}

/* ------------------------------------------------------------ crafted tickets */

/* Replace @p s's ticket with one sealing a copy of @p s changed by the caller in @p inner. */
static void reseal(const mutls_config *server, mutls_session *s, const mutls_session *inner)
{
    static uint8_t buf[MUTLS_TICKET_MAX];
    mutls_rng *rng = NULL;
    size_t n;

    assert_int_equal(mutls_rng_new(&rng, server->entropy, server->entropy_ctx), 0);
    n = mutls_hs_ticket_seal(server, rng, inner, buf, sizeof(buf));
    mutls_rng_free(rng);
    assert_true(n > 0);
    assert_int_equal(mutls_session_set_ticket(s, buf, n, 0), 0);
}

/* What the server sealed for @p s: the client's view with the server's facts. */
static void inner_of(const mutls_session *s, mutls_session *in, const uint8_t *client_chain,
                     size_t chain_len)
{
    *in = *s;
    in->id_len = 0;
    in->ticket = NULL;
    in->ticket_len = 0;
    in->ticket_lifetime = 0;
    in->chain = (uint8_t *)client_chain;
    in->chain_len = chain_len;
    /* Sealed now by the server's clock (the client's session holds the client's own). */
    in->made = ru_clock(NULL);
    /* The server's own identity: the leaf the client's session holds as its peer's. */
    in->own_cert = 1;
    ru_leaf_digest(s->chain, s->chain_len, in->own_id);
}

static void test_ticket_crafted_rules(void **state)
{
    mutls_config *server = ticket_server(MUTLS_CLIENT_AUTH_REQUIRED);
    mutls_config *client = hp_config(MUTLS_ROLE_CLIENT, "client", "cas.pem");
    mutls_session *s = NULL, *s2 = NULL;
    mutls_session in;
    hp_pair p;

    (void)state;
    ru_offset = 0;
    assert_int_equal(mutls_config_set_suites(client, "ECDHE-RSA-AES128-GCM-SHA256:"
                                                     "ECDHE-ECDSA-AES128-GCM-SHA256"),
                     0);
    connect_once(client, server, NULL, 0, &s);
    assert_int_equal(mutls_session_dup(&s2, s), 0);

    /* Sealed by the test as the server would: resumes (the crafting is right). No client
     * chain in it, so no client certificate either: only under OPTIONAL. */
    inner_of(s, &in, NULL, 0);
    in.client_cert = 0;
    reseal(server, s2, &in);
    connect_once(client, server, s2, 0, NULL); /* REQUIRED wants the client's certificate */

    /* Made for another server name (RFC 6066 §3): a full handshake. */
    inner_of(s, &in, NULL, 0);
    snprintf(in.host, sizeof(in.host), "other.example");
    reseal(server, s2, &in);
    connect_once(client, server, s2, 0, NULL);

    /* Made under other trust: a full handshake. */
    inner_of(s, &in, NULL, 0);
    in.trust_id[0] ^= 1;
    reseal(server, s2, &in);
    connect_once(client, server, s2, 0, NULL);

    /* Its suite not offered (the client asks only for the other one): RFC 5246 §7.4.1.2
     * MUST, illegal_parameter, as for a cached session. */
    inner_of(s, &in, NULL, 0);
    in.suite = s->suite == 0xc02b ? 0xc02f : 0xc02b;
    reseal(server, s2, &in);
    assert_int_equal(mutls_config_set_suites(client, s->suite == 0xc02b
                                                         ? "ECDHE-ECDSA-AES128-GCM-SHA256"
                                                         : "ECDHE-RSA-AES128-GCM-SHA256"),
                     0);
    s2->suite = s->suite;
    hp_open(&p, client, server);
    assert_int_equal(mutls_set_session(p.client, s2), 0);
    hp_handshake(&p);
    assert_int_equal(p.rc_server, MUTLS_ERR_ILLEGAL_PARAMETER);
    assert_int_equal(mutls_alert_received(p.client), MUTLS_ALERT_ILLEGAL_PARAMETER);
    hp_close(&p);

    mutls_session_free(s);
    mutls_session_free(s2);
    mutls_config_free(client);
    mutls_config_free(server);
}

static void test_ticket_optional_policy_crafted_resumes(void **state)
{
    mutls_config *server = ticket_server(MUTLS_CLIENT_AUTH_OPTIONAL);
    mutls_config *client = hp_config(MUTLS_ROLE_CLIENT, "client", "cas.pem");
    mutls_session *s = NULL, *s2 = NULL;
    mutls_session in;
    hp_pair p;

    (void)state;
    ru_offset = 0;
    connect_once(client, server, NULL, 0, &s);
    assert_int_equal(mutls_session_dup(&s2, s), 0);
    inner_of(s, &in, NULL, 0);
    in.client_cert = 0;
    reseal(server, s2, &in);
    hp_open(&p, client, server);
    assert_int_equal(mutls_set_session(p.client, s2), 0);
    hp_handshake(&p);
    assert_int_equal(p.rc_client, 0);
    assert_int_equal(p.rc_server, 0);
    assert_int_equal(mutls_session_reused(p.server), 1);
    assert_int_equal(mutls_peer_cert_count(p.server), 0); /* the sealed session had none */
    hp_close(&p);
    mutls_session_free(s);
    mutls_session_free(s2);
    mutls_config_free(client);
    mutls_config_free(server);
}

/* ------------------------------------------------------------ sessions and bytes */

static void test_ticket_session_bytes_round_trip(void **state)
{
    mutls_config *server = ticket_server(MUTLS_CLIENT_AUTH_REQUIRED);
    mutls_config *client = hp_config(MUTLS_ROLE_CLIENT, "client", "cas.pem");
    mutls_session *s = NULL, *back = NULL;
    static uint8_t buf[MUTLS_TICKET_MAX + 8192], bad[MUTLS_TICKET_MAX + 8192];
    size_t len = sizeof(buf), at;

    (void)state;
    ru_offset = 0;
    connect_once(client, server, NULL, 0, &s);
    assert_int_equal(mutls_session_save(s, buf, &len), 0);
    assert_int_equal(buf[0], 3);
    assert_int_equal(buf[1], 0); /* no session ID: the ticket alone */
    assert_int_equal(mutls_session_load(&back, buf, len), 0);
    assert_int_equal(back->ticket_len, s->ticket_len);
    assert_memory_equal(back->ticket, s->ticket, s->ticket_len);
    connect_once(client, server, back, 1, NULL);
    mutls_session_free(back);
    back = NULL;
    for (size_t cut = 0; cut < len; cut += 7) {
        assert_int_equal(mutls_session_load(&back, buf, cut), MUTLS_ERR_SESSION_MALFORMED);
        assert_null(back);
    }
    /* Neither ID nor ticket: nothing to offer. */
    at = len - 2 - s->ticket_len;
    memcpy(bad, buf, at);
    bad[at] = 0;
    bad[at + 1] = 0;
    assert_int_equal(mutls_session_load(&back, bad, at + 2), MUTLS_ERR_SESSION_MALFORMED);
    /* A ticket length running past the end. */
    memcpy(bad, buf, len);
    bad[at] = 0xff;
    assert_int_equal(mutls_session_load(&back, bad, len), MUTLS_ERR_SESSION_MALFORMED);
    /* A ticket over MUTLS_TICKET_MAX. */
    memcpy(bad, buf, at);
    bad[at] = (uint8_t)((MUTLS_TICKET_MAX + 1) >> 8);
    bad[at + 1] = (uint8_t)(MUTLS_TICKET_MAX + 1);
    memset(bad + at + 2, 0x5a, MUTLS_TICKET_MAX + 1);
    assert_int_equal(mutls_session_load(&back, bad, at + 2 + MUTLS_TICKET_MAX + 1),
                     MUTLS_ERR_SESSION_MALFORMED);
    assert_null(back);
    mutls_session_free(s);
    mutls_config_free(client);
    mutls_config_free(server);
}

static void test_ticket_with_cache_both_and_client_off(void **state)
{
    mutls_config *server = ticket_server(MUTLS_CLIENT_AUTH_REQUIRED);
    mutls_config *client = hp_config(MUTLS_ROLE_CLIENT, "client", "cas.pem");
    mutls_config *plain = hp_config(MUTLS_ROLE_CLIENT, "client", "cas.pem");
    mutls_session *s = NULL, *s2 = NULL;

    (void)state;
    ru_offset = 0;
    assert_int_equal(mutls_config_set_session_cache(server, 4, 0), 0);
    connect_once(client, server, NULL, 0, &s);
    assert_int_equal(s->id_len, 32);
    assert_true(s->ticket_len > 0);
    /* A cache that forgot it: the ticket still resumes. */
    assert_int_equal(mutls_config_set_session_cache(server, 4, 0), 0);
    connect_once(client, server, s, 1, NULL);
    /* A client with tickets off offers no extension and gets no ticket; its session
     * resumes from the cache. */
    assert_int_equal(mutls_config_set_session_tickets(plain, 0, 0), 0);
    connect_once(plain, server, NULL, 0, &s2);
    assert_int_equal(s2->ticket_len, 0);
    assert_int_equal(s2->id_len, 32);
    connect_once(plain, server, s2, 1, NULL);
    mutls_session_free(s2);
    s2 = NULL;
    /* A ticket-only session is not offered with tickets off. */
    assert_int_equal(mutls_config_set_session_cache(server, 0, 0), 0);
    connect_once(client, server, NULL, 0, &s2);
    assert_int_equal(s2->id_len, 0);
    connect_once(plain, server, s2, 0, NULL);
    mutls_session_free(s);
    mutls_session_free(s2);
    mutls_config_free(plain);
    mutls_config_free(client);
    mutls_config_free(server);
}

/* ------------------------------------------------------------ a scripted server */

static void test_ticket_server_misbehaving_refused(void **state)
{
    mutls_config *server = ticket_server(MUTLS_CLIENT_AUTH_REQUIRED);
    mutls_config *client = hp_config(MUTLS_ROLE_CLIENT, "client", "cas.pem");
    hs_script s;

    (void)state;
    ru_offset = 0;
    /* The extension answered to a client that did not send it: unsupported_extension. */
    assert_int_equal(mutls_config_set_session_tickets(client, 0, 0), 0);
    hss_open(&s, server, client);
    hss_expect(&s, MUTLS_HS_CLIENT_HELLO, mutls_hs_parse_client_hello);
    assert_int_equal(s.h.peer_offered_ticket, 0);
    s.h.peer_offered_ticket = 1;
    hss_send(&s, MUTLS_HS_SERVER_HELLO, mutls_hs_write_server_hello);
    assert_int_equal(s.h.ticket_promised, 1);
    assert_int_equal(hss_expect_alert(&s), MUTLS_ALERT_UNSUPPORTED_EXTENSION);
    assert_int_equal(s.real_rc, MUTLS_ERR_UNSUPPORTED_EXTENSION);
    hss_close(&s);

    /* A NewSessionTicket without the extension in ServerHello: unexpected_message
     * (RFC 5077 §3.3: sent only when the ServerHello had it). */
    assert_int_equal(mutls_config_set_session_tickets(client, 1, 0), 0);
    assert_int_equal(mutls_config_set_session_tickets(server, 0, 0), 0);
    hss_open(&s, server, client);
    hss_expect(&s, MUTLS_HS_CLIENT_HELLO, mutls_hs_parse_client_hello);
    assert_int_equal(s.h.peer_offered_ticket, 1);
    hss_send(&s, MUTLS_HS_SERVER_HELLO, mutls_hs_write_server_hello);
    assert_int_equal(s.h.ticket_promised, 0);
    {
        static const uint8_t nst[] = {MUTLS_HS_NEW_SESSION_TICKET, 0, 0, 6, 0, 0, 0, 1, 0, 0};
        hss_send_msg(&s, nst, sizeof(nst));
    }
    assert_int_equal(hss_expect_alert(&s), MUTLS_ALERT_UNEXPECTED_MESSAGE);
    assert_int_equal(s.real_rc, MUTLS_ERR_UNEXPECTED_MESSAGE);
    hss_close(&s);
    mutls_config_free(client);
    mutls_config_free(server);
}

/* ------------------------------------------------------------ a crafted ClientHello */

/* The type of the real server's next handshake message. */
static uint8_t next_type(hs_script *sc)
{
    mutls_rec_unit u;

    assert_int_equal(hss_recv(sc, &u), 0);
    assert_int_equal(u.type, MUTLS_CT_HANDSHAKE);
    return u.data.p[0];
}

static void test_ticket_server_echo_rules_crafted(void **state)
{
    uint8_t sid[32];
    mutls_config *server = ticket_server(MUTLS_CLIENT_AUTH_REQUIRED);
    mutls_config *client = hp_config(MUTLS_ROLE_CLIENT, "client", "cas.pem");
    mutls_session *s = NULL;
    hs_script sc;

    (void)state;
    ru_offset = 0;
    connect_once(client, server, NULL, 0, &s);
    /* s's suite, EMS, and its ticket ru_ch.tickets times; the session ID any 32 bytes. */
    memset(sid, 0x5a, sizeof(sid));
    ru_ch = (ru_hello){.sid = sid,
                       .suite = s->suite,
                       .host = "localhost",
                       .ems = 1,
                       .ticket = s->ticket,
                       .ticket_len = s->ticket_len};

    /* A ticket with a session ID: taken, the ID echoed (RFC 5077 §3.4), a renewed ticket,
     * then the server's ChangeCipherSpec (the abbreviated handshake). */
    ru_ch.sid_len = 32;
    ru_ch.tickets = 1;
    hss_open(&sc, client, server);
    hss_send(&sc, MUTLS_HS_CLIENT_HELLO, ru_write_client_hello);
    hss_expect(&sc, MUTLS_HS_SERVER_HELLO, ru_read_server_hello);
    assert_int_equal(ru_sh.sid_len, 32);
    assert_int_equal(ru_sh.sid[0], 0x5a);
    assert_int_equal(ru_sh.ticket_ext, 1);
    assert_int_equal(next_type(&sc), MUTLS_HS_NEW_SESSION_TICKET);
    hss_close(&sc);

    /* Without a session ID (RFC 5077 §3.4 lets the client leave it out, as wolfSSL does):
     * taken all the same, the ServerHello's ID empty, and the abbreviated handshake goes on
     * (the client learns it from the server's ChangeCipherSpec, §3.1). */
    ru_ch.sid_len = 0;
    hss_open(&sc, client, server);
    hss_send(&sc, MUTLS_HS_CLIENT_HELLO, ru_write_client_hello);
    hss_expect(&sc, MUTLS_HS_SERVER_HELLO, ru_read_server_hello);
    assert_int_equal(ru_sh.sid_len, 0);
    assert_int_equal(ru_sh.ticket_ext, 1);
    assert_int_equal(next_type(&sc), MUTLS_HS_NEW_SESSION_TICKET);
    hss_close(&sc);

    /* Without a session ID and without a ticket: nothing to resume, a full handshake. */
    ru_ch.tickets = 0;
    hss_open(&sc, client, server);
    hss_send(&sc, MUTLS_HS_CLIENT_HELLO, ru_write_client_hello);
    hss_expect(&sc, MUTLS_HS_SERVER_HELLO, ru_read_server_hello);
    assert_int_equal(ru_sh.ticket_ext, 0);
    assert_int_equal(next_type(&sc), MUTLS_HS_CERTIFICATE);
    hss_close(&sc);

    /* The extension twice (RFC 5246 §7.4.1.4): illegal_parameter. */
    ru_ch.sid_len = 32;
    ru_ch.tickets = 2;
    hss_open(&sc, client, server);
    hss_send(&sc, MUTLS_HS_CLIENT_HELLO, ru_write_client_hello);
    assert_int_equal(hss_expect_alert(&sc), MUTLS_ALERT_ILLEGAL_PARAMETER);
    assert_int_equal(sc.real_rc, MUTLS_ERR_ILLEGAL_PARAMETER);
    hss_close(&sc);

    mutls_session_free(s);
    mutls_config_free(client);
    mutls_config_free(server);
}

/* A NewSessionTicket body the client must refuse: lengths that do not add up. */
static void test_ticket_client_parses_strictly(void **state)
{
    static const uint8_t ok[] = {0, 0, 0, 9, 0, 3, 1, 2, 3};
    static const uint8_t empty[] = {0, 0, 0, 9, 0, 0};
    static const uint8_t short_len[] = {0, 0, 0, 9, 0, 4, 1, 2, 3};
    static const uint8_t no_len[] = {0, 0, 0};
    mutls_config *client = hp_config(MUTLS_ROLE_CLIENT, "client", "cas.pem");
    mutls_hs hs;
    mutls_rd r;

    (void)state;
    assert_int_equal(mutls_hs_init(&hs, client, NULL), 0);
    mutls_rd_init(&r, ok, sizeof(ok));
    assert_int_equal(mutls_hs_parse_new_session_ticket(&hs, &r, NULL), 0);
    assert_int_equal(mutls_rd_remaining(&r), 0);
    assert_int_equal(hs.new_ticket_len, 3);
    assert_int_equal(hs.new_ticket_lifetime, 9);
    mutls_rd_init(&r, empty, sizeof(empty));
    assert_int_equal(mutls_hs_parse_new_session_ticket(&hs, &r, NULL), 0);
    assert_int_equal(hs.new_ticket_len, 0);
    mutls_rd_init(&r, short_len, sizeof(short_len));
    assert_int_equal(mutls_hs_parse_new_session_ticket(&hs, &r, NULL), MUTLS_ERR_DECODE);
    mutls_rd_init(&r, no_len, sizeof(no_len));
    assert_int_equal(mutls_hs_parse_new_session_ticket(&hs, &r, NULL), MUTLS_ERR_DECODE);
    mutls_hs_clear(&hs);
    mutls_config_free(client);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_ticket_rsa_and_ec_resume),
        cmocka_unit_test(test_ticket_trace_rows_in_both_tables),
        cmocka_unit_test(test_ticket_unusable_means_full_handshake),
        cmocka_unit_test(test_ticket_within_lifetime_and_shared_key),
        cmocka_unit_test(test_ticket_crafted_rules),
        cmocka_unit_test(test_ticket_optional_policy_crafted_resumes),
        cmocka_unit_test(test_ticket_session_bytes_round_trip),
        cmocka_unit_test(test_ticket_with_cache_both_and_client_off),
        cmocka_unit_test(test_ticket_server_misbehaving_refused),
        cmocka_unit_test(test_ticket_server_echo_rules_crafted),
        cmocka_unit_test(test_ticket_client_parses_strictly),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

#endif /* MUTLS_NO_RESUME */
