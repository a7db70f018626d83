/* SPDX-License-Identifier: MIT */
/*
 * test_resume_bind.c - what a session is bound to besides its peer (hs_session.c, session.c):
 * the max_fragment_length agreed (RFC 6066 §4: it holds for the whole session, resumptions
 * included) and our own certificate. A server resumes for a ClientHello asking for the
 * session's length again (answered, held both ways), for a larger one or none (held without
 * an answer); for a smaller one a full handshake. A client offers a session only with the
 * request it made when the session began, refuses a resuming ServerHello answering another
 * length than the session's, and holds to the session's when the answer is missing.
 * A client whose certificate was renewed, or that gained one the server had asked for, does
 * not offer its old session; a server whose certificate changed resumes neither cached
 * sessions nor tickets made under the old one; a renewed ticket keeps the identity and the
 * length. The spin locks' wait step pauses, then yields. (The byte forms: test_resume_forms.c.)
 */
#include <stdio.h>
#include <string.h>

#include "handshake.h"
#include "hs_pair.h"
#include "hs_script.h"
#include "mem.h"
#include "resume_util.h"
#include "session.h"
#include "testutil.h"

#include <cmocka.h>

/* -DMUTLS_RESUME=OFF leaves resumption out (test_resume_off checks that build). */
#if defined(MUTLS_NO_RESUME)
TU_BUILT_OUT_PROGRAM()
#else

static mutls_config *cached_server(mutls_config *cfg)
{
    assert_int_equal(mutls_config_set_session_cache(cfg, 1024, 0), 0);
    mutls_config_set_time(cfg, ru_clock, NULL);
    return cfg;
}

static mutls_config *ticket_server(mutls_config *cfg, const uint8_t key[48])
{
    assert_int_equal(mutls_config_set_session_tickets(cfg, 1, 0), 0);
    assert_int_equal(mutls_config_set_ticket_key(cfg, key, 48), 0);
    mutls_config_set_time(cfg, ru_clock, NULL);
    return cfg;
}

/* The client's trace: the length of the ClientHello it sent. */
static size_t hello_len;
/* The server's limit on its own records in the last connect_offer. */
static size_t server_send_limit;

static void on_trace(void *ctx, const mutls_trace_msg *m)
{
    (void)ctx;
    if (m->sent && strcmp(m->name, "ClientHello") == 0) {
        hello_len = m->len;
    }
}

/* One connection offering @p offer: checks that both sides say @p expect_reused, keeps the
 * client's session in *out when given, and returns the length of the client's ClientHello. */
static size_t connect_offer(mutls_config *client, const mutls_config *server,
                            const mutls_session *offer, int expect_reused, mutls_session **out)
{
    hp_pair p;

    mutls_config_set_trace(client, on_trace, NULL);
    hello_len = 0;
    hp_open(&p, client, server);
    if (offer != NULL) {
        assert_int_equal(mutls_set_session(p.client, offer), 0);
    }
    hp_handshake(&p);
    if (p.rc_client != 0 || p.rc_server != 0) {
        fail_msg("client %d (%s), server %d (%s)", p.rc_client, mutls_error_detail(p.client),
                 p.rc_server, mutls_error_detail(p.server));
    }
    assert_int_equal(mutls_session_reused(p.client), expect_reused);
    assert_int_equal(mutls_session_reused(p.server), expect_reused);
    server_send_limit = mutls_get_record_limit(p.server, 1);
    hp_exchange_and_close(&p);
    if (out != NULL) {
        assert_int_equal(mutls_get_session(p.client, out), 0);
    }
    hp_close(&p);
    assert_true(hello_len > 0);
    return hello_len;
}

/* connect_offer, then whether its ClientHello offered the session: longer than one from
 * the same client offering nothing (by a session ID of 32 bytes, and a ticket if any). */
static int offered(mutls_config *client, const mutls_config *server, const mutls_session *offer,
                   int expect_reused, mutls_session **out)
{
    size_t with = connect_offer(client, server, offer, expect_reused, out);

    return with > connect_offer(client, server, NULL, 0, NULL);
}

/* The SHA-256 of the leaf of identity @p i of @p cfg. */
static void id_digest(const mutls_config *cfg, size_t i, uint8_t out[32])
{
    mutls_slice der = cfg->ids[i]->chain->x[0].der;

    assert_int_equal(mutls_hash_once(MUTLS_HASH_SHA256, der.p, der.len, out), 0);
}

/* ------------------------------------------------------------ spin locks */

/* The wait step pauses for MUTLS_SPIN_YIELD_AFTER turns, then yields on every turn. */
static void test_resume_bind_spin_pauses_then_yields(void **state)
{
    unsigned spins = 0;
    int yields = 0;

    (void)state;
    for (unsigned i = 0; i < MUTLS_SPIN_YIELD_AFTER; i++) {
        assert_int_equal(mutls_mem_spin(&spins), 0);
    }
    assert_int_equal(spins, MUTLS_SPIN_YIELD_AFTER);
    for (int i = 0; i < 10; i++) {
        yields += mutls_mem_spin(&spins);
    }
    assert_int_equal(yields, 10);
    assert_int_equal(spins, MUTLS_SPIN_YIELD_AFTER); /* no wrap, however long the wait */
}

/* ------------------------------------------------------------ our identity */

/* A full handshake records the leaf each side presented and the max_fragment_length asked
 * for and agreed: the client's session, the server's cache entry. */
static void test_resume_bind_session_records_identity_and_mfl(void **state)
{
    mutls_config *server = cached_server(hp_config(MUTLS_ROLE_SERVER, "server", "cas.pem"));
    mutls_config *client = hp_config(MUTLS_ROLE_CLIENT, "client", "cas.pem");
    mutls_session *s = NULL, entry;
    uint8_t d[32];

    (void)state;
    ru_offset = 0;
    assert_int_equal(mutls_config_set_client_auth(server, MUTLS_CLIENT_AUTH_REQUIRED), 0);
    assert_int_equal(mutls_config_set_record_limit(client, 2048), 0);
    connect_offer(client, server, NULL, 0, &s);
    assert_int_equal(s->own_cert, 1);
    id_digest(client, 0, d);
    assert_memory_equal(s->own_id, d, 32);
    /* RFC 8449 §5: the server answered record_size_limit, so no max_fragment_length was
     * agreed; the client asked for 2048 (code 3). */
    assert_int_equal(s->mfl_asked, 3);
    assert_int_equal(s->mfl, 0);
    assert_int_equal(
        mutls_session_cache_get(server->sessions, s->id, s->id_len, ru_clock(NULL), &entry), 1);
    assert_int_equal(entry.own_cert, 1);
    id_digest(server, 0, d);
    assert_memory_equal(entry.own_id, d, 32);
    assert_int_equal(entry.mfl, 0);
    mutls_session_clear(&entry);
    mutls_session_free(s);
    mutls_config_free(client);
    mutls_config_free(server);
}

/* A client whose certificate changed (renewal: here another one from the same CA) does not
 * offer the session made with the old one, by ID or by ticket; the old one still does. */
static void test_resume_bind_client_renewed_cert_not_offered(void **state)
{
    static const uint8_t key[48] = {1, 2, 3};
    mutls_config *server = cached_server(hp_server_config(MUTLS_CLIENT_AUTH_REQUIRED));
    mutls_config *tserver = ticket_server(hp_server_config(MUTLS_CLIENT_AUTH_REQUIRED), key);
    mutls_config *client = hp_config(MUTLS_ROLE_CLIENT, "client", "cas.pem");
    mutls_config *renewed = hp_config(MUTLS_ROLE_CLIENT, "client-ec", "cas.pem");
    mutls_session *s = NULL, *t = NULL;

    (void)state;
    ru_offset = 0;
    connect_offer(client, server, NULL, 0, &s);
    assert_int_equal(offered(renewed, server, s, 0, NULL), 0);
    assert_int_equal(offered(client, server, s, 1, NULL), 1);
    /* The same by ticket. */
    connect_offer(client, tserver, NULL, 0, &t);
    assert_true(t->ticket_len > 0);
    assert_int_equal(offered(renewed, tserver, t, 0, NULL), 0);
    assert_int_equal(offered(client, tserver, t, 1, NULL), 1);
    mutls_session_free(s);
    mutls_session_free(t);
    mutls_config_free(client);
    mutls_config_free(renewed);
    mutls_config_free(server);
    mutls_config_free(tserver);
}

/* A client that had no certificate when the server asked (OPTIONAL) records none: it
 * resumes while it still has none, not once it holds one (a full handshake, where the server
 * sees it). A server that did not ask leaves our identity out of the session: it is offered
 * whatever certificate we hold now. */
static void test_resume_bind_client_without_cert(void **state)
{
    mutls_config *optional = cached_server(hp_server_config(MUTLS_CLIENT_AUTH_OPTIONAL));
    mutls_config *none = cached_server(hp_server_config(MUTLS_CLIENT_AUTH_NONE));
    mutls_config *bare = hp_config(MUTLS_ROLE_CLIENT, NULL, "cas.pem");
    mutls_config *client = hp_config(MUTLS_ROLE_CLIENT, "client", "cas.pem");
    mutls_config *renewed = hp_config(MUTLS_ROLE_CLIENT, "client-ec", "cas.pem");
    mutls_session *s = NULL, *u = NULL;

    (void)state;
    ru_offset = 0;
    connect_offer(bare, optional, NULL, 0, &s);
    assert_int_equal(s->cert_requested, 1);
    assert_int_equal(s->client_cert, 0);
    assert_int_equal(s->own_cert, 0);
    assert_int_equal(offered(bare, optional, s, 1, NULL), 1);
    assert_int_equal(offered(client, optional, s, 0, NULL), 0);

    connect_offer(client, none, NULL, 0, &u);
    assert_int_equal(u->cert_requested, 0);
    assert_int_equal(u->own_cert, 0);
    assert_int_equal(offered(renewed, none, u, 1, NULL), 1);
    assert_int_equal(offered(bare, none, u, 1, NULL), 1);
    mutls_session_free(s);
    mutls_session_free(u);
    mutls_config_free(bare);
    mutls_config_free(client);
    mutls_config_free(renewed);
    mutls_config_free(optional);
    mutls_config_free(none);
}

/* Swap the (single) identities of two configurations: a server's certificate replaced while
 * its session cache lives on. */
static void swap_identity(mutls_config *a, mutls_config *b)
{
    mutls_identity *t = a->ids[0];

    assert_int_equal(a->n_ids, 1);
    assert_int_equal(b->n_ids, 1);
    a->ids[0] = b->ids[0];
    b->ids[0] = t;
}

/* A server whose certificate changed does not resume the sessions its cache holds from the
 * old one (a full handshake with the new one); with the old one back, they resume again. */
static void test_resume_bind_server_renewed_cert_cache(void **state)
{
    mutls_config *server = cached_server(hp_config(MUTLS_ROLE_SERVER, "server", "cas.pem"));
    mutls_config *spare = hp_config(MUTLS_ROLE_SERVER, "server-ec", "cas.pem");
    mutls_config *client = hp_config(MUTLS_ROLE_CLIENT, "client", "cas.pem");
    mutls_session *s = NULL, *s2 = NULL;

    (void)state;
    ru_offset = 0;
    assert_int_equal(mutls_config_set_client_auth(server, MUTLS_CLIENT_AUTH_REQUIRED), 0);
    connect_offer(client, server, NULL, 0, &s);
    swap_identity(server, spare);
    assert_int_equal(offered(client, server, s, 0, &s2), 1); /* offered, not resumed */
    assert_int_equal(offered(client, server, s2, 1, NULL), 1);
    swap_identity(server, spare);
    assert_int_equal(offered(client, server, s, 1, NULL), 1);
    assert_int_equal(offered(client, server, s2, 0, NULL), 1);
    mutls_session_free(s);
    mutls_session_free(s2);
    mutls_config_free(client);
    mutls_config_free(spare);
    mutls_config_free(server);
}

/* Servers sharing a ticket key: one with another certificate does not resume a ticket
 * sealed under the first one's; one that still holds the first certificate (besides
 * another) does. */
static void test_resume_bind_server_renewed_cert_ticket(void **state)
{
    static const uint8_t key[48] = {9, 8, 7, 6};
    mutls_config *a = ticket_server(hp_config(MUTLS_ROLE_SERVER, "server", "cas.pem"), key);
    mutls_config *b = ticket_server(hp_config(MUTLS_ROLE_SERVER, "server-ec", "cas.pem"), key);
    mutls_config *both = ticket_server(hp_server_config(MUTLS_CLIENT_AUTH_REQUIRED), key);
    mutls_config *client = hp_config(MUTLS_ROLE_CLIENT, "client", "cas.pem");
    mutls_session *s = NULL;

    (void)state;
    ru_offset = 0;
    assert_int_equal(mutls_config_set_client_auth(a, MUTLS_CLIENT_AUTH_REQUIRED), 0);
    assert_int_equal(mutls_config_set_client_auth(b, MUTLS_CLIENT_AUTH_REQUIRED), 0);
    connect_offer(client, a, NULL, 0, &s);
    assert_true(s->ticket_len > 0);
    assert_int_equal(offered(client, b, s, 0, NULL), 1);
    assert_int_equal(offered(client, both, s, 1, NULL), 1);
    mutls_session_free(s);
    mutls_config_free(client);
    mutls_config_free(a);
    mutls_config_free(b);
    mutls_config_free(both);
}

/* A ticket renewed on a resumed connection (no Certificate sent then) still carries the
 * certificate of the full handshake: it resumes in turn. */
static void test_resume_bind_renewed_ticket_keeps_identity(void **state)
{
    static const uint8_t key[48] = {5, 5, 5};
    mutls_config *server = ticket_server(hp_server_config(MUTLS_CLIENT_AUTH_REQUIRED), key);
    mutls_config *client = hp_config(MUTLS_ROLE_CLIENT, "client", "cas.pem");
    mutls_session *s = NULL, *s2 = NULL;

    (void)state;
    ru_offset = 0;
    connect_offer(client, server, NULL, 0, &s);
    connect_offer(client, server, s, 1, &s2);
    assert_true(s2->ticket_len > 0);
    assert_false(s2->ticket_len == s->ticket_len &&
                 memcmp(s2->ticket, s->ticket, s->ticket_len) == 0); /* renewed */
    mutls_session_free(s);
    s = NULL;
    connect_offer(client, server, s2, 1, &s);
    mutls_session_free(s);
    mutls_session_free(s2);
    mutls_config_free(client);
    mutls_config_free(server);
}

/* ------------------------------------------------------------ max_fragment_length */

/* The client offers a session only with the max_fragment_length request it made when the
 * session began: not after its record limit changed either way; with the same one it
 * resumes (here against a server that answered record_size_limit, so none was agreed). */
static void test_resume_bind_client_offers_with_same_mfl_request(void **state)
{
    mutls_config *server = cached_server(hp_server_config(MUTLS_CLIENT_AUTH_REQUIRED));
    mutls_config *full = hp_config(MUTLS_ROLE_CLIENT, "client", "cas.pem");
    mutls_config *small = hp_config(MUTLS_ROLE_CLIENT, "client", "cas.pem");
    mutls_config *smaller = hp_config(MUTLS_ROLE_CLIENT, "client", "cas.pem");
    mutls_session *s = NULL, *t = NULL;

    (void)state;
    ru_offset = 0;
    assert_int_equal(mutls_config_set_record_limit(small, 2048), 0);
    assert_int_equal(mutls_config_set_record_limit(smaller, 1024), 0);
    connect_offer(full, server, NULL, 0, &s);
    assert_int_equal(s->mfl_asked, 0);
    assert_int_equal(offered(small, server, s, 0, NULL), 0);
    assert_int_equal(offered(full, server, s, 1, NULL), 1);
    connect_offer(small, server, NULL, 0, &t);
    assert_int_equal(t->mfl_asked, 3);
    assert_int_equal(offered(smaller, server, t, 0, NULL), 0);
    assert_int_equal(offered(full, server, t, 0, NULL), 0);
    assert_int_equal(offered(small, server, t, 1, NULL), 1);
    mutls_session_free(s);
    mutls_session_free(t);
    mutls_config_free(full);
    mutls_config_free(small);
    mutls_config_free(smaller);
    mutls_config_free(server);
}

/* A ticket session whose sealed state says max_fragment_length 1024 (as made for a client
 * asking for it without record_size_limit): our client, asking for none (and offering
 * record_size_limit), resumes it with the server's records held to 1024, without an
 * answer; the ticket renewed on that connection keeps the length, so the next resumption
 * holds to it too. */
static void test_resume_bind_renewed_ticket_keeps_mfl(void **state)
{
    static const uint8_t key[48] = {4, 4, 4};
    static uint8_t buf[MUTLS_TICKET_MAX];
    mutls_config *server = ticket_server(hp_server_config(MUTLS_CLIENT_AUTH_OPTIONAL), key);
    mutls_config *client = hp_config(MUTLS_ROLE_CLIENT, "client", "cas.pem");
    mutls_session *s = NULL, *s2 = NULL, *s3 = NULL, inner;
    mutls_rng *rng = NULL;
    size_t n;

    (void)state;
    ru_offset = 0;
    connect_offer(client, server, NULL, 0, &s);
    assert_int_equal(server_send_limit, 16384);
    /* What the server sealed, with 1024 and without the client's chain (OPTIONAL). */
    inner = *s;
    inner.id_len = 0;
    inner.ticket = NULL;
    inner.ticket_len = 0;
    inner.ticket_lifetime = 0;
    inner.chain = NULL;
    inner.chain_len = 0;
    inner.client_cert = 0;
    inner.own_cert = 1;
    inner.made = ru_clock(NULL); /* the server's clock, not the client's */
    ru_leaf_digest(s->chain, s->chain_len, inner.own_id);
    inner.mfl = 2;
    inner.mfl_asked = 2;
    assert_int_equal(mutls_rng_new(&rng, server->entropy, server->entropy_ctx), 0);
    n = mutls_hs_ticket_seal(server, rng, &inner, buf, sizeof(buf));
    mutls_rng_free(rng);
    assert_true(n > 0);
    assert_int_equal(mutls_session_dup(&s2, s), 0);
    assert_int_equal(mutls_session_set_ticket(s2, buf, n, 0), 0);
    connect_offer(client, server, s2, 1, &s3);
    assert_int_equal(server_send_limit, 1024);
    connect_offer(client, server, s3, 1, NULL);
    assert_int_equal(server_send_limit, 1024);
    mutls_session_free(s);
    mutls_session_free(s2);
    mutls_session_free(s3);
    mutls_config_free(client);
    mutls_config_free(server);
}

/* Put @p orig (a copy of a server's cache entry) back into its cache with max_fragment_length
 * @p mfl, as if a client had asked for it then without record_size_limit. */
static void set_cached_mfl(mutls_config *server, mutls_session *orig, uint8_t mfl)
{
    orig->mfl = mfl;
    orig->mfl_asked = mfl;
    assert_int_equal(mutls_session_cache_put(server->sessions, orig, ru_clock(NULL)), 0);
}

/* One crafted ClientHello (ru_ch: @p s with max_fragment_length @p mfl, 0: none, and when
 * @p rsl record_size_limit 2^14) to @p server: whether it resumed @p s; the server's answer
 * is in ru_sh.mfl, and the limits it holds to after its flight in sent_limit / recv_limit. */
static size_t sent_limit, recv_limit;

static int crafted_resumes(const mutls_config *client, const mutls_config *server,
                           const mutls_session *s, uint8_t mfl, int rsl)
{
    hs_script sc;
    int resumed;

    ru_ch = (ru_hello){.sid = s->id,
                       .sid_len = s->id_len,
                       .suite = s->suite,
                       .host = "localhost",
                       .ems = 1,
                       .mfl = mfl,
                       .rsl = rsl};
    hss_open(&sc, client, server);
    hss_send(&sc, MUTLS_HS_CLIENT_HELLO, ru_write_client_hello);
    hss_expect(&sc, MUTLS_HS_SERVER_HELLO, ru_read_server_hello);
    resumed = ru_sh.sid_len == s->id_len && memcmp(ru_sh.sid, s->id, s->id_len) == 0;
    sent_limit = mutls_get_record_limit(sc.real, 1);
    recv_limit = mutls_get_record_limit(sc.real, 0);
    hss_close(&sc);
    return resumed;
}

/* RFC 6066 §4: the server resumes a session when its length is one the ClientHello takes:
 * asked for again, it is answered and held both ways; a larger one, none, or
 * record_size_limit instead (which takes over, RFC 8449 §5) resume without an answer, our
 * records still held to the session's length. A smaller one, or one where the session has
 * none, means a full handshake with what the hello asks for. */
static void test_resume_bind_server_resumes_within_session_mfl(void **state)
{
    mutls_config *server = cached_server(hp_server_config(MUTLS_CLIENT_AUTH_REQUIRED));
    mutls_config *client = hp_config(MUTLS_ROLE_CLIENT, "client", "cas.pem");
    mutls_session *s = NULL, orig;

    (void)state;
    ru_offset = 0;
    connect_offer(client, server, NULL, 0, &s);
    assert_int_equal(
        mutls_session_cache_get(server->sessions, s->id, s->id_len, ru_clock(NULL), &orig), 1);
    /* The session has none: a hello asking for one gets a new session, held to it. */
    assert_int_equal(crafted_resumes(client, server, s, 2, 0), 0);
    assert_int_equal(ru_sh.mfl, 2);
    assert_int_equal(sent_limit, 1024);
    assert_int_equal(crafted_resumes(client, server, s, 0, 0), 1);
    assert_int_equal(ru_sh.mfl, 0);
    assert_int_equal(sent_limit, 16384);
    /* The session has 1024 (code 2): asked again, answered and held both ways. */
    set_cached_mfl(server, &orig, 2);
    assert_int_equal(crafted_resumes(client, server, s, 2, 0), 1);
    assert_int_equal(ru_sh.mfl, 2);
    assert_int_equal(sent_limit, 1024);
    assert_int_equal(recv_limit, 1024);
    /* 2048, none, or record_size_limit: resumed, no answer, our records at 1024. */
    set_cached_mfl(server, &orig, 2);
    assert_int_equal(crafted_resumes(client, server, s, 3, 0), 1);
    assert_int_equal(ru_sh.mfl, 0);
    assert_int_equal(sent_limit, 1024);
    set_cached_mfl(server, &orig, 2);
    assert_int_equal(crafted_resumes(client, server, s, 0, 0), 1);
    assert_int_equal(ru_sh.mfl, 0);
    assert_int_equal(sent_limit, 1024);
    assert_int_equal(recv_limit, 16384);
    set_cached_mfl(server, &orig, 2);
    assert_int_equal(crafted_resumes(client, server, s, 2, 1), 1);
    assert_int_equal(ru_sh.mfl, 0);
    assert_int_equal(sent_limit, 1024);
    /* 512: a full handshake, answered with 512. */
    set_cached_mfl(server, &orig, 2);
    assert_int_equal(crafted_resumes(client, server, s, 1, 0), 0);
    assert_int_equal(ru_sh.mfl, 1);
    assert_int_equal(sent_limit, 512);
    mutls_session_clear(&orig);
    mutls_session_free(s);
    mutls_config_free(client);
    mutls_config_free(server);
}

/* A ServerHello echoing sh_session's ID, with max_fragment_length sh_answer (0: none). */
static const mutls_session *sh_session;
static uint8_t sh_answer;

static int write_echo(mutls_hs *hs, mutls_rd *in, mutls_wr *out)
{
    size_t m;

    (void)in;
    memset(hs->server_random, 0x17, 32);
    mutls_wr_u16(out, MUTLS_TLS12);
    mutls_wr_bytes(out, hs->server_random, 32);
    m = mutls_wr_vec8_begin(out);
    mutls_wr_bytes(out, sh_session->id, sh_session->id_len);
    mutls_wr_vec8_end(out, m);
    mutls_wr_u16(out, sh_session->suite);
    mutls_wr_u8(out, 0);
    m = mutls_wr_vec16_begin(out);
    mutls_wr_u16(out, MUTLS_EXT_RENEGOTIATION_INFO);
    mutls_wr_u16(out, 1);
    mutls_wr_u8(out, 0);
    mutls_wr_u16(out, MUTLS_EXT_EXTENDED_MASTER_SECRET);
    mutls_wr_u16(out, 0);
    if (sh_answer != 0) {
        mutls_wr_u16(out, MUTLS_EXT_MAX_FRAGMENT_LENGTH);
        mutls_wr_u16(out, 1);
        mutls_wr_u8(out, sh_answer);
    }
    mutls_wr_vec16_end(out, m);
    return 0;
}

/* The client (asking for 2048, code 3) offers @p s, whose agreed length is @p session_mfl;
 * a scripted server resumes it answering @p answer. With @p detail: refused with
 * illegal_parameter and that detail; NULL: the client goes on (waiting for the server's
 * ChangeCipherSpec) with its records held to @p limit. */
static void mfl_echo(uint8_t session_mfl, uint8_t answer, const char *detail, size_t limit)
{
    mutls_config *server = cached_server(hp_server_config(MUTLS_CLIENT_AUTH_REQUIRED));
    mutls_config *client = hp_config(MUTLS_ROLE_CLIENT, "client", "cas.pem");
    mutls_session *s = NULL;
    hs_script sc;

    ru_offset = 0;
    assert_int_equal(mutls_config_set_record_limit(client, 2048), 0);
    connect_offer(client, server, NULL, 0, &s);
    s->mfl = session_mfl;
    sh_session = s;
    sh_answer = answer;
    hss_open(&sc, server, client);
    assert_int_equal(mutls_set_session(sc.real, s), 0);
    hss_expect(&sc, MUTLS_HS_CLIENT_HELLO, mutls_hs_parse_client_hello);
    hss_send(&sc, MUTLS_HS_SERVER_HELLO, write_echo);
    if (detail != NULL) {
        assert_int_equal(hss_expect_alert(&sc), MUTLS_ALERT_ILLEGAL_PARAMETER);
        assert_int_equal(sc.real_rc, MUTLS_ERR_ILLEGAL_PARAMETER);
        assert_int_equal(mutls_session_reused(sc.real), 0);
        if (strstr(mutls_error_detail(sc.real), detail) == NULL) {
            fail_msg("detail: %s", mutls_error_detail(sc.real));
        }
    } else {
        hss_pump(&sc);
        if (sc.real_rc != MUTLS_WANT_READ) {
            fail_msg("client: %d (%s)", sc.real_rc, mutls_error_detail(sc.real));
        }
        assert_int_equal(mutls_get_record_limit(sc.real, 1), limit);
    }
    hss_close(&sc);
    mutls_session_free(s);
    mutls_config_free(client);
    mutls_config_free(server);
}

/* RFC 6066 §4: a resuming ServerHello that answers max_fragment_length must answer with the
 * session's length: one answering where the session had none, or another length, is
 * refused. One that does not answer leaves the session's length in force: the client goes
 * on, its records held to it; with the same answer, the same. */
static void test_resume_bind_client_checks_mfl_on_resume(void **state)
{
    (void)state;
    mfl_echo(0, 3,
             "server resumed a session with max_fragment_length 2048, which was agreed as none "
             "(RFC 6066 §4: the length holds for the whole session)",
             0);
    mfl_echo(2, 3,
             "server resumed a session with max_fragment_length 2048, which was agreed as 1024 "
             "(RFC 6066 §4: the length holds for the whole session)",
             0);
    /* (A session of 1024 made by a client asking 2048 stands for any length below what the
     * client takes: the hold shows under the client's own 2048.) */
    mfl_echo(2, 0, NULL, 1024);
    mfl_echo(3, 3, NULL, 2048);
    mfl_echo(0, 0, NULL, 2048);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_resume_bind_spin_pauses_then_yields),
        cmocka_unit_test(test_resume_bind_session_records_identity_and_mfl),
        cmocka_unit_test(test_resume_bind_client_renewed_cert_not_offered),
        cmocka_unit_test(test_resume_bind_client_without_cert),
        cmocka_unit_test(test_resume_bind_server_renewed_cert_cache),
        cmocka_unit_test(test_resume_bind_server_renewed_cert_ticket),
        cmocka_unit_test(test_resume_bind_renewed_ticket_keeps_identity),
        cmocka_unit_test(test_resume_bind_client_offers_with_same_mfl_request),
        cmocka_unit_test(test_resume_bind_server_resumes_within_session_mfl),
        cmocka_unit_test(test_resume_bind_renewed_ticket_keeps_mfl),
        cmocka_unit_test(test_resume_bind_client_checks_mfl_on_resume),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}

#endif /* MUTLS_NO_RESUME */
