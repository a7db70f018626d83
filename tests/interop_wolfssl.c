/* SPDX-License-Identifier: MIT */
/*
 * interop_wolfssl.c - mutls against wolfSSL 5.5 (Debian's libwolfssl-dev), the other TLS
 * library common on IoT devices and brokers, linked into this process. The wolfSSL peer
 * (interop/wolf_peer.c) runs on a thread over one end of a socketpair, mutls on the test's
 * thread over the other; both use the demo PKI in vectors/pki, TLS 1.2 (RFC 5246), peer
 * verification required on both sides (wolfSSL's server with VERIFY_PEER and
 * FAIL_IF_NO_PEER_CERT).
 *
 * Cases, each checking what BOTH sides saw: every suite both have (mutls at its defaults,
 * wolfSSL limited to the suite; static RSA only with a wolfSSL that has it, Debian's has not),
 * in both roles, RSA and EC client identities; both agree on the suite and version, each
 * names the other's certificate subject, both hold the same master secret (wolfSSL's kept
 * handshake arrays against our NSS key log), and the ServerHello on the wire carries
 * extended_master_secret (RFC 7627) and, on CBC suites, encrypt_then_mac (RFC 7366) unless
 * wolfSSL was told not to offer or accept it. 40000 bytes go each way, then close_notify.
 * wolfSSL's TLS 1.3-capable method settles on TLS 1.2 in both roles. A client without the
 * extended master secret is refused. max_fragment_length 512 (RFC 6066 §4) from a wolfSSL
 * client, and our 512-byte record limit (record_size_limit, RFC 8449, plus
 * max_fragment_length) against a wolfSSL server, every record on the wire held to it.
 * Refusals (a client certificate from another CA, none, a server from an unknown CA, an RSA
 * client to a wolfSSL server with an EC key), where both sides must say why; resumption by
 * session ID (RFC 5246 §7.3) both ways, and by ticket (RFC 5077) both ways (a wolfSSL client
 * offers its ticket without a session ID). Sockets
 * time out after 10 s and an alarm bounds the file: no hang.
 */
#include "testutil.h"

#include <cmocka.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <unistd.h>

#include "built.h"
#include "echo_peer.h"
#include "interop.h"
#include "linked_peer.h"
#include "mutls.h"
#include "peer.h"

#if !defined(HAVE_WOLFSSL)
TU_BUILT_OUT_PROGRAM()
#else

#include "wolf_peer.h"

#include <wolfssl/error-ssl.h>
#include <wolfssl/wolfcrypt/error-crypt.h>

#define BIG 40000
#define SERVER_SUBJECT "CN=localhost,O=mutls demo"
#define CLIENT_SUBJECT "CN=client,O=mutls demo"
/* wolfSSL writes a DN in certificate order, slash separated. */
#define WOLF_SERVER_SUBJECT "/O=mutls demo/CN=localhost"
#define WOLF_CLIENT_SUBJECT "/O=mutls demo/CN=client"
/* Largest growth of a record by protection among the suites here (CBC: IV, MAC, padding). */
#define MAX_EXPANSION 64

typedef struct suite_case {
    const char *iana;
    const char *name; /* OpenSSL-style, what wolfSSL is limited to and reports */
    int ec;           /* needs the EC server identity */
    int cbc;          /* encrypt-then-MAC applies */
    int rsa_kx;       /* static RSA key exchange */
} suite_case;

static const suite_case suites[] = {
    {"TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256", "ECDHE-ECDSA-AES128-GCM-SHA256", 1, 0, 0},
    {"TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384", "ECDHE-ECDSA-AES256-GCM-SHA384", 1, 0, 0},
    {"TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256", "ECDHE-ECDSA-CHACHA20-POLY1305", 1, 0, 0},
    {"TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256", "ECDHE-RSA-AES128-GCM-SHA256", 0, 0, 0},
    {"TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384", "ECDHE-RSA-AES256-GCM-SHA384", 0, 0, 0},
    {"TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256", "ECDHE-RSA-CHACHA20-POLY1305", 0, 0, 0},
    {"TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256", "ECDHE-RSA-AES128-SHA256", 0, 1, 0},
    {"TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256", "ECDHE-ECDSA-AES128-SHA256", 1, 1, 0},
    {"TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA", "ECDHE-ECDSA-AES128-SHA", 1, 1, 0},
    {"TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA", "ECDHE-RSA-AES128-SHA", 0, 1, 0},
    /* Static RSA: Debian builds wolfSSL without WOLFSSL_STATIC_RSA, so these run only with a
     * wolfSSL that lists them. */
    {"TLS_RSA_WITH_AES_128_GCM_SHA256", "AES128-GCM-SHA256", 0, 0, 1},
    {"TLS_RSA_WITH_AES_256_GCM_SHA384", "AES256-GCM-SHA384", 0, 0, 1},
    {"TLS_RSA_WITH_AES_128_CBC_SHA256", "AES128-SHA256", 0, 1, 1},
    {"TLS_RSA_WITH_AES_128_CBC_SHA", "AES128-SHA", 0, 1, 1},
};
#define N_SUITES (sizeof(suites) / sizeof(suites[0]))

/* Whether this build of mutls has the suite (-DMUTLS_CBC=OFF, -DMUTLS_STATIC_RSA=OFF). */
#define BUILT(sc) tu_suite_built((sc)->iana)

/* ---- the mutls side ---- */

/* A wolfSSL context (see wp_ctx_new), made on the test's thread so that a failure is an
 * assertion. */
static WOLFSSL_CTX *wolf_ctx(int server, int v23, const char *identity, const char *trust)
{
    WOLFSSL_CTX *ctx = wp_ctx_new(server, v23, identity, trust);

    assert_non_null(ctx);
    return ctx;
}

/* What our side saw: lp_side (linked_peer.h). */
typedef lp_side mutls_side;

/*
 * One connection: wolfSSL set up by @p w->o on a thread, mutls with @p cfg here (in the other
 * role). @p offer / @p keep: mutls client session to resume / to save. Both sides' results
 * land in @p w and @p s.
 */
static void run(wp_peer *w, const mutls_config *cfg, mutls_side *s, const mutls_session *offer,
                mutls_session **keep)
{
    const lp_thread t = {wp_run, w, &w->fd, &w->thread, w->o.server, w->o.echo};

    lp_run(&t, cfg, s, offer, keep);
}

/* The stream the server wrote, as the wolfSSL side saw it. */
static const wp_track *server_stream(const wp_peer *w)
{
    return w->o.server ? &w->sent : &w->received;
}

/* Both sides completed the handshake with @p sc and moved the data; the rest of the checks. */
static void expect_ok(const wp_peer *w, const mutls_side *s, const suite_case *sc)
{
    char want_keylog[256], cr[65], ms[97];

    /* NULL: whichever suite both chose, found by mutls's name for it. */
    for (size_t i = 0; sc == NULL && i < N_SUITES; i++) {
        sc = strcmp(s->suite, suites[i].iana) == 0 ? &suites[i] : NULL;
    }
    if (sc == NULL) {
        fail_msg("unexpected suite '%s' (wolfSSL '%s'): mutls %s '%s', wolfSSL %d '%s'", s->suite,
                 w->suite, mutls_strerror(s->rc), s->detail, w->rc, w->err);
    }
    if (w->rc != 0 || w->io_rc != 0 || s->rc != 0 || s->io_rc != 0) {
        fail_msg("%s: wolfSSL %s: %d/%d '%s' alerts rx %d tx %d; mutls %s/%s: '%s'", sc->iana,
                 w->o.server ? "server" : "client", w->rc, w->io_rc, w->err, w->alert_rx,
                 w->alert_tx, mutls_strerror(s->rc), mutls_strerror(s->io_rc), s->detail);
    }
    assert_string_equal(w->suite, sc->name);
    assert_string_equal(s->suite, sc->iana);
    assert_string_equal(w->version, "TLSv1.2");
    assert_string_equal(s->version, "TLSv1.2");
    if (w->o.server) {
        assert_string_equal(s->subject, SERVER_SUBJECT);
        assert_string_equal(w->subject, w->o.peer_lost ? "" : WOLF_CLIENT_SUBJECT);
    } else {
        assert_string_equal(s->subject, CLIENT_SUBJECT);
        assert_string_equal(w->subject, WOLF_SERVER_SUBJECT);
    }
    /* RFC 7627: the server agreed to the extended master secret, and both hold one master. */
    assert_int_equal(wp_hello_has(server_stream(w), WP_EXT_EMS), 1);
    ep_hex(cr, w->client_random, sizeof(w->client_random));
    ep_hex(ms, w->master, sizeof(w->master));
    snprintf(want_keylog, sizeof(want_keylog), "CLIENT_RANDOM %s %s", cr, ms);
    if (strcasecmp(want_keylog, s->keylog) != 0) {
        fail_msg("master secrets differ:\nwolfSSL %s\nmutls   %s", want_keylog, s->keylog);
    }
    assert_int_equal(w->resumed, s->reused);
}

static mutls_config *server_config(void)
{
    mutls_config *cfg = ep_server_identities();

    assert_non_null(cfg);
    mutls_config_set_keylog(cfg, ep_keylog, NULL);
    return cfg;
}

static mutls_config *client_config(const char *identity, const char *trust)
{
    mutls_config *cfg = tu_client_config_trusting(trust ? trust : "cas.pem", identity, NULL);

    assert_non_null(cfg);
    if (identity != NULL) {
        tu_client_always_present(cfg);
    }
    mutls_config_set_keylog(cfg, ep_keylog, NULL);
    return cfg;
}

/* A wolfSSL peer in @p role (1: server) for @p sc, with the matching identity and a context
 * of its own (free it with wolfSSL_CTX_free after run). */
static wp_peer wolf_for(int role, const suite_case *sc, const char *client_identity)
{
    wp_peer w = {.o = {.server = role, .suite = sc->name, .echo = BIG}};

    w.o.identity = !role ? client_identity : sc->ec ? "server-ec" : "server";
    w.o.ctx = wolf_ctx(role, 0, w.o.identity, NULL);
    return w;
}

/* ---- every suite, both roles, data both ways ---- */

/* Each CBC suite also runs with wolfSSL neither offering nor accepting encrypt-then-MAC: RFC
 * 7366 is optional, and CBC then runs MAC-then-encrypt. */
static void test_every_suite_completes_both_ways(void **state)
{
    mutls_config *srv = server_config();
    size_t ran = 0;

    (void)state;
    for (size_t i = 0; i < 4 * N_SUITES; i++) {
        const suite_case *sc = &suites[i / 4];
        int role = (int)(i % 2), no_etm = (int)(i / 2 % 2);
        /* A wolfSSL server asks for a certificate of its suite's signature type only (see the
         * refusals); a wolfSSL client presents both kinds in turn. */
        const char *id = (role ? sc->ec : (int)(i / 4) % 2) ? "client-ec" : "client";
        mutls_config *cli;
        wp_peer w;
        mutls_side s;

        if (!BUILT(sc) || (no_etm && !sc->cbc)) {
            continue;
        }
        if (!wp_has_suite(sc->name)) {
            /* Only the static RSA suites may be missing from wolfSSL. */
            assert_true(sc->rsa_kx);
            continue;
        }
        cli = client_config(id, NULL);
        w = wolf_for(role, sc, id);
        w.o.no_etm = no_etm;
        run(&w, role ? cli : srv, &s, NULL, NULL);
        expect_ok(&w, &s, sc);
        assert_int_equal(wp_hello_has(server_stream(&w), WP_EXT_ETM), sc->cbc && !no_etm);
        /* Full-size records: the 40000 bytes crossed in three each way. */
        assert_int_equal(w.sent.n_app, 3);
        assert_int_equal(w.received.n_app, 3);
        assert_true(w.received.max_app > 16384 && w.sent.max_app > 16384);
        wolfSSL_CTX_free(w.o.ctx);
        mutls_config_free(cli);
        ran++;
    }
    print_message("%zu connections over %zu suites\n", ran, N_SUITES);
    assert_true(ran >= (tu_built(TU_PART_CBC) ? 28 : 12));
    mutls_config_free(srv);
}

/* wolfSSL's SSLv23 method offers TLS 1.3 (supported_versions) alongside 1.2; mutls answers as
 * the TLS 1.2 server it is, from the legacy version field (RFC 8446 §4.2.1, appendix D), and
 * as a client offers 1.2 only, which wolfSSL's flexible server takes, marking its ServerHello
 * random as RFC 8446 §4.1.3 asks of a TLS 1.3 server that negotiates 1.2. */
static void test_tls13_capable_method_settles_on_tls12_both_ways(void **state)
{
    mutls_config *srv = server_config(), *cli = client_config("client-ec", NULL);

    (void)state;
    for (int role = 0; role < 2; role++) {
        wp_peer w = {.o = {.server = role, .v23 = 1, .echo = BIG}};
        mutls_side s;

        w.o.identity = role ? "server-ec" : "client-ec";
        w.o.ctx = wolf_ctx(role, 1, w.o.identity, NULL);
        run(&w, role ? cli : srv, &s, NULL, NULL);
        /* Both at their defaults: any suite of the table. */
        expect_ok(&w, &s, NULL);
        if (role) {
            /* It would have taken 1.3: its ServerHello bears the downgrade mark. */
            assert_true(wp_downgrade_mark(&w.sent));
        } else {
            assert_int_equal(wp_hello_has(&w.sent, WP_EXT_SUPPORTED_VERSIONS), 1);
        }
        wolfSSL_CTX_free(w.o.ctx);
    }
    mutls_config_free(srv);
    mutls_config_free(cli);
}

/*
 * RFC 7627 §5.2-5.3: mutls requires the extended master secret. A wolfSSL client told not to
 * offer it (wolfSSL_DisableExtendedMasterSecret) is refused. The same call on a wolfSSL 5.5
 * server does not stop it from answering our client's offer: the handshake completes with
 * the extension in its ServerHello, as the ordinary cases.
 */
static void test_without_ems_is_refused(void **state)
{
    mutls_config *srv = server_config(), *cli = client_config("client", NULL);

    (void)state;
    for (int role = 0; role < 2; role++) {
        wp_peer w = wolf_for(role, &suites[3], "client");
        mutls_side s;

        w.o.no_ems = 1;
        run(&w, role ? cli : srv, &s, NULL, NULL);
        if (role) {
            expect_ok(&w, &s, &suites[3]);
        } else if (s.rc != MUTLS_ERR_NO_EXTENDED_MASTER_SECRET || s.alert_sent != 40 ||
                   strstr(s.detail, "extended master secret") == NULL || w.rc != FATAL_ERROR ||
                   w.alert_rx != 40 || strstr(w.err, "received alert fatal error") == NULL) {
            fail_msg("mutls %s alert %d '%s'; wolfSSL %d '%s' alert %d", mutls_strerror(s.rc),
                     s.alert_sent, s.detail, w.rc, w.err, w.alert_rx);
        }
        wolfSSL_CTX_free(w.o.ctx);
    }
    mutls_config_free(srv);
    mutls_config_free(cli);
}

/*
 * Small records. A wolfSSL client asks for 512 with max_fragment_length (RFC 6066 §4); our
 * client, with a 512-byte record limit, announces it with record_size_limit (RFC 8449, which
 * wolfSSL 5.5 does not know) and max_fragment_length 512, which the wolfSSL server takes.
 * Every record crossing the socket, both ways and handshake included, must hold at most 512
 * bytes of plaintext: RSA and EC identities (the RSA certificate needs more than one record).
 */
static void test_small_records_hold_both_ways(void **state)
{
    mutls_config *srv = server_config(), *cli[2];
    size_t at_least = (BIG + 511) / 512;

    (void)state;
    cli[0] = client_config("client", NULL);
    cli[1] = client_config("client-ec", NULL);
    for (int i = 0; i < 2; i++) {
        assert_int_equal(mutls_config_set_record_limit(cli[i], 512), 0);
    }
    for (int i = 0; i < 4; i++) {
        int role = i % 2, ec = i / 2;
        const suite_case *sc = &suites[ec ? 0 : 3];
        wp_peer w = wolf_for(role, sc, ec ? "client-ec" : "client");
        mutls_side s;

        w.o.mfl = role ? 0 : WOLFSSL_MFL_2_9;
        run(&w, role ? cli[ec] : srv, &s, NULL, NULL);
        expect_ok(&w, &s, sc);
        assert_int_equal(s.send_limit, 512);
        if (role) {
            /* Our ClientHello offered both. */
            assert_int_equal(wp_hello_has(&w.received, WP_EXT_RECORD_SIZE_LIMIT), 1);
            assert_int_equal(wp_hello_has(&w.received, WP_EXT_MFL), 1);
        }
        /* Agreed by max_fragment_length; wolfSSL 5.5 answers no record_size_limit. */
        assert_int_equal(wp_hello_has(server_stream(&w), WP_EXT_MFL), 1);
        assert_int_equal(wp_hello_has(server_stream(&w), WP_EXT_RECORD_SIZE_LIMIT), 0);
        if (w.sent.max_any > 512 + MAX_EXPANSION || w.received.max_any > 512 + MAX_EXPANSION ||
            w.sent.n_app < at_least || w.received.n_app < at_least) {
            fail_msg("%s, wolfSSL %s: sent %zu records (largest %zu, %zu of any type), "
                     "received %zu (largest %zu, %zu)",
                     sc->iana, role ? "server" : "client", w.sent.n_app, w.sent.max_app,
                     w.sent.max_any, w.received.n_app, w.received.max_app, w.received.max_any);
        }
        wolfSSL_CTX_free(w.o.ctx);
    }
    mutls_config_free(srv);
    mutls_config_free(cli[0]);
    mutls_config_free(cli[1]);
}

/* ---- refusals, with both sides' words ---- */

/* A handshake that must fail, and how each side must say so. */
typedef struct refusal {
    int wolf_server;         /* wolfSSL's role */
    const char *identity;    /* the client's identity, NULL: none */
    const char *wolf_trust;  /* NULL: cas.pem */
    const char *mutls_trust; /* NULL: cas.pem */
    int mutls_rc;
    int mutls_alert; /* received when mutls_rc is MUTLS_ERR_ALERT_RECEIVED, else sent */
    const char *detail;
    int wolf_rc;               /* wolfSSL_get_error */
    int wolf_alert_rx;         /* fatal alert wolfSSL received, or -1 */
    int wolf_alert_tx;         /* fatal alert wolfSSL sent, or -1 */
    const char *wolf_err;      /* in wolfSSL_ERR_error_string's text */
    const char *wolf_identity; /* NULL: server.pem as a server, the client's identity as one */
} refusal;

static void expect_refusal(const wp_peer *w, const mutls_side *s, const refusal *r)
{
    int alert = r->mutls_rc == MUTLS_ERR_ALERT_RECEIVED ? s->alert_received : s->alert_sent;

    print_message("wolfSSL %s, %s: mutls %s '%s'; wolfSSL %d '%s'\n",
                  r->wolf_server ? "server" : "client", r->identity ? r->identity : "no identity",
                  mutls_strerror(s->rc), s->detail, w->rc, w->err);
    if (s->rc != r->mutls_rc || alert != r->mutls_alert || strstr(s->detail, r->detail) == NULL ||
        w->rc != r->wolf_rc || w->alert_rx != r->wolf_alert_rx || w->alert_tx != r->wolf_alert_tx ||
        strstr(w->err, r->wolf_err) == NULL) {
        fail_msg("wolfSSL %s, %s: mutls %s alert %d '%s' (want %s %d '%s'); wolfSSL %d '%s' "
                 "alerts rx %d tx %d (want %d '%s' rx %d tx %d)",
                 r->wolf_server ? "server" : "client", r->identity ? r->identity : "no identity",
                 mutls_strerror(s->rc), alert, s->detail, mutls_strerror(r->mutls_rc),
                 r->mutls_alert, r->detail, w->rc, w->err, w->alert_rx, w->alert_tx, r->wolf_rc,
                 r->wolf_err, r->wolf_alert_rx, r->wolf_alert_tx);
    }
}

static void test_refusals_name_the_reason_on_both_sides(void **state)
{
    static const refusal cases[] = {
        /* wolfSSL client against our server: one from Other CA, none; then wolfSSL trusting
         * only Other CA refuses our server. */
        {0, "client-other", NULL, NULL, MUTLS_ERR_X509_UNKNOWN_ISSUER, 48, "neither a trust anchor",
         FATAL_ERROR, 48, -1, "received alert fatal error", NULL},
        {0, NULL, NULL, NULL, MUTLS_ERR_NO_CLIENT_CERTIFICATE, 40, "no certificate", FATAL_ERROR,
         40, -1, "received alert fatal error", NULL},
        {0, "client", "other-ca.pem", NULL, MUTLS_ERR_ALERT_RECEIVED, 48, "unknown_ca",
         ASN_NO_SIGNER_E, -1, 48, "certificate verify failed", NULL},
        /* Our client against a wolfSSL server: one from Other CA, none; then our client
         * trusting only Other CA. */
        {1, "client-other", NULL, NULL, MUTLS_ERR_ALERT_RECEIVED, 48, "unknown_ca", ASN_NO_SIGNER_E,
         -1, 48, "certificate verify failed", NULL},
        /* wolfSSL's server closes without an alert (RFC 5246 §7.4.6 leaves it a MAY). */
        {1, NULL, NULL, NULL, MUTLS_ERR_TRUNCATED, -1,
         "it had asked for a client certificate and we had none to send, so it may have refused "
         "the connection without an alert",
         NO_PEER_CERT, -1, -1, "peer did not return a certificate", NULL},
        /* A wolfSSL server's CertificateRequest names one certificate type (RFC 5246 §7.4.4),
         * that of the suite's signature: ecdsa_sign on ECDHE-ECDSA suites, rsa_sign on the
         * others. Our client holding only the other kind has none to send. */
        {1, "client", NULL, NULL, MUTLS_ERR_TRUNCATED, -1,
         "it had asked for a client certificate and we had none to send", NO_PEER_CERT, -1, -1,
         "peer did not return a certificate", "server-ec"},
        {1, "client-ec", NULL, NULL, MUTLS_ERR_TRUNCATED, -1,
         "it had asked for a client certificate and we had none to send", NO_PEER_CERT, -1, -1,
         "peer did not return a certificate", "server"},
        {1, "client", NULL, "other-ca.pem", MUTLS_ERR_X509_UNKNOWN_ISSUER, 48,
         "neither a trust anchor", FATAL_ERROR, 48, -1, "received alert fatal error", NULL},
    };

    (void)state;
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        const refusal *r = &cases[i];
        mutls_config *cfg =
            r->wolf_server ? client_config(r->identity, r->mutls_trust) : server_config();
        wp_peer w = {.o = {.server = r->wolf_server,
                           .identity = r->wolf_identity ? r->wolf_identity
                                       : r->wolf_server ? "server"
                                                        : r->identity,
                           .trust = r->wolf_trust}};
        mutls_side s;

        w.o.ctx = wolf_ctx(w.o.server, 0, w.o.identity, w.o.trust);
        run(&w, cfg, &s, NULL, NULL);
        expect_refusal(&w, &s, r);
        wolfSSL_CTX_free(w.o.ctx);
        mutls_config_free(cfg);
    }
}

/* ---- session resumption (RFC 5246 §7.3 by session ID, RFC 5077 by ticket) ---- */

/*
 * Two connections, the second offering the first's session: wolfSSL in @p role against mutls
 * (one wolfSSL context for both, where wolfSSL keeps its sessions and ticket key). By ticket
 * (@p by_ticket: the mutls side has tickets on) the server keeps no session cache (ours has
 * none, wolfSSL's is turned off), so only the ticket can resume; by session ID our client
 * offers no ticket and our server issues none. A wolfSSL client offers the SessionTicket
 * extension when @p wolf_ticket. Results in @p w and @p s.
 */
static void two_connections(int role, int by_ticket, int wolf_ticket, wp_peer w[2], mutls_side s[2])
{
    mutls_config *srv = server_config(), *cli = client_config("client-ec", NULL);
    WOLFSSL_CTX *ctx = wolf_ctx(role, 0, role ? "server-ec" : "client-ec", NULL);
    WOLFSSL_SESSION *wolf_sess = NULL;
    mutls_session *sess = NULL;

    if (by_ticket) {
        assert_int_equal(mutls_config_set_session_tickets(srv, 1, 0), 0);
        if (role) {
            assert_int_equal(wolfSSL_CTX_set_session_cache_mode(ctx, WOLFSSL_SESS_CACHE_OFF),
                             WOLFSSL_SUCCESS);
        }
    } else {
        assert_int_equal(mutls_config_set_session_cache(srv, 8, 0), 0);
        assert_int_equal(mutls_config_set_session_tickets(cli, 0, 0), 0);
    }
    for (int again = 0; again < 2; again++) {
        memset(&w[again], 0, sizeof(w[again]));
        w[again].o = (wp_opts){.server = role, .suite = suites[0].name, .echo = 100, .ctx = ctx};
        w[again].o.identity = role ? "server-ec" : "client-ec";
        w[again].o.ticket = !role && wolf_ticket;
        w[again].o.keep = !role && !again ? &wolf_sess : NULL;
        w[again].o.offer = !role && again ? wolf_sess : NULL;
        /* wolfSSL 5.5's tickets do not carry the client's certificate: a wolfSSL server that
         * resumed from one no longer knows who the client is. */
        w[again].o.peer_lost = role && by_ticket && again;
        run(&w[again], role ? cli : srv, &s[again], again ? sess : NULL,
            role && !again ? &sess : NULL);
        assert_true(again || (role ? sess != NULL : wolf_sess != NULL));
    }
    wolfSSL_CTX_free(ctx);
    wolfSSL_SESSION_free(wolf_sess);
    mutls_session_free(sess);
    mutls_config_free(srv);
    mutls_config_free(cli);
}

/* Both connections completed, the second resumed; the ServerHello of the first promised a
 * ticket exactly when one was asked for (RFC 5077 §3.2). */
static void expect_resumed(const wp_peer w[2], const mutls_side s[2], int by_ticket)
{
    for (int again = 0; again < 2; again++) {
        /* Resumed, both still name the peer: its certificate came with the session. */
        expect_ok(&w[again], &s[again], &suites[0]);
        if (s[again].reused != again || w[again].resumed != again) {
            fail_msg("%s, wolfSSL %s, connection %d: mutls reused %d, wolfSSL %d",
                     by_ticket ? "ticket" : "session ID", w[again].o.server ? "server" : "client",
                     again + 1, s[again].reused, w[again].resumed);
        }
    }
    assert_int_equal(wp_hello_has(server_stream(&w[0]), WP_EXT_TICKET), by_ticket);
}

static void test_resumption_by_session_id_both_ways(void **state)
{
    wp_peer w[2];
    mutls_side s[2];

    (void)state;
    TU_SKIP_WITHOUT_RESUME();
    /* The wolfSSL client also with wolfSSL_UseSessionTicket: our server, tickets off,
     * answers no ticket, and the session ID resumes. */
    for (int i = 0; i < 3; i++) {
        two_connections(i == 2, 0, i == 1, w, s);
        expect_resumed(w, s, 0);
    }
}

/* Our client resumes with a wolfSSL server's ticket (wolfSSL's default ticket key). */
static void test_resumption_by_ticket_with_wolfssl_server(void **state)
{
    wp_peer w[2];
    mutls_side s[2];

    (void)state;
    TU_SKIP_WITHOUT_RESUME();
    two_connections(1, 1, 0, w, s);
    expect_resumed(w, s, 1);
}

/*
 * A wolfSSL client's ticket resumes with our server. wolfSSL 5.5 offers its ticket with an
 * empty session ID (RFC 5077 §3.4 lets the client leave it out); our server takes the ticket
 * all the same and answers with an empty ID, the abbreviated handshake telling the client
 * (§3.1). (Before this was so, our server made a full handshake, and wolfSSL, which takes any
 * ServerHello as accepting its ticket, failed on our Certificate as out of order.)
 */
static void test_resumption_by_ticket_with_wolfssl_client(void **state)
{
    wp_peer w[2];
    mutls_side s[2];

    (void)state;
    TU_SKIP_WITHOUT_RESUME();
    two_connections(0, 1, 1, w, s);
    expect_resumed(w, s, 1);
}

static int setup(void **state)
{
    (void)state;
    signal(SIGPIPE, SIG_IGN);
    return wp_init();
}

static int teardown(void **state)
{
    (void)state;
    return wolfSSL_Cleanup() == WOLFSSL_SUCCESS ? 0 : -1;
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_every_suite_completes_both_ways),
        cmocka_unit_test(test_tls13_capable_method_settles_on_tls12_both_ways),
        cmocka_unit_test(test_without_ems_is_refused),
        cmocka_unit_test(test_small_records_hold_both_ways),
        cmocka_unit_test(test_refusals_name_the_reason_on_both_sides),
        cmocka_unit_test(test_resumption_by_session_id_both_ways),
        cmocka_unit_test(test_resumption_by_ticket_with_wolfssl_server),
        cmocka_unit_test(test_resumption_by_ticket_with_wolfssl_client),
    };

    /* A watchdog over the whole file: each socket times out in 10 s, this catches the rest. */
    alarm(180);
    return cmocka_run_group_tests(tests, setup, teardown);
}

#endif
