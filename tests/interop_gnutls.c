/* SPDX-License-Identifier: MIT */
/*
 * interop_gnutls.c - mutls against the GnuTLS command-line peers, started on 127.0.0.1 (port
 * chosen free): our client against `gnutls-serv --echo --require-client-cert
 * --verify-client-cert` (without --verify-client-cert gnutls-serv would not check the client
 * chain at all), and `gnutls-cli --x509certfile/--x509keyfile/--x509cafile` against our
 * in-process server, for every suite both support, RSA and EC identities, with and without
 * client authentication; every signature scheme and group on its own, CBC with and without
 * encrypt-then-MAC, the extended master secret policy, 200 KB echoed on blocking and
 * non-blocking sockets; then the refusals (no client certificate, one from an unknown CA, an
 * expired one), where both sides must say why. TLS 1.2 only (RFC 5246); GnuTLS offers 1.3 by
 * default and must settle on 1.2 with us.
 */
#include "testutil.h"

#include <cmocka.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "built.h"
#include "cli_peer.h"
#include "interop.h"
#include "mserver.h"
#include "mutls.h"
#include "peer.h"

/* GnuTLS 3.7's NORMAL leaves out the CBC suites with HMAC-SHA256; +SHA256 brings them back. */
#define GNUTLS_PRIORITY "NORMAL:+SHA256"

typedef struct suite_case {
    const char *name;   /* OpenSSL-style name, what mutls_config_set_suites takes */
    const char *cipher; /* how GnuTLS names the bulk cipher in its "Description" line */
    int ec;             /* needs the EC (ECDSA) server identity */
    const char *iana;   /* what mutls_get_suite reports */
} suite_case;

/* clang-format off */
static const suite_case suites[] = {
    {"ECDHE-ECDSA-AES128-GCM-SHA256", "AES-128-GCM",       1,
     "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256"},
    {"ECDHE-ECDSA-AES256-GCM-SHA384", "AES-256-GCM",       1,
     "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384"},
    {"ECDHE-ECDSA-CHACHA20-POLY1305", "CHACHA20-POLY1305", 1,
     "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256"},
    {"ECDHE-RSA-AES128-GCM-SHA256",   "AES-128-GCM",       0,
     "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256"},
    {"ECDHE-RSA-AES256-GCM-SHA384",   "AES-256-GCM",       0,
     "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384"},
    {"ECDHE-RSA-CHACHA20-POLY1305",   "CHACHA20-POLY1305", 0,
     "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256"},
    {"ECDHE-RSA-AES128-SHA256",       "AES-128-CBC",       0,
     "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256"},
    {"AES128-GCM-SHA256",             "AES-128-GCM",       0,
     "TLS_RSA_WITH_AES_128_GCM_SHA256"},
    {"AES256-GCM-SHA384",             "AES-256-GCM",       0,
     "TLS_RSA_WITH_AES_256_GCM_SHA384"},
    {"AES128-SHA256",                 "AES-128-CBC",       0,
     "TLS_RSA_WITH_AES_128_CBC_SHA256"},
    {"AES128-SHA",                    "AES-128-CBC",       0,
     "TLS_RSA_WITH_AES_128_CBC_SHA"},
};
/* clang-format on */
#define N_SUITES (sizeof(suites) / sizeof(suites[0]))

/* Why the peer cannot run here (empty: it can); each test skips with it. */
static char missing[256];

static int have_gnutls(void **state)
{
    static const char *const progs[] = {"gnutls-serv", "gnutls-cli", NULL};

    (void)state;
    return tu_peer_requirements(missing, sizeof(missing), progs, "gnutls-bin", 0);
}

static void need_peer(void)
{
    tu_need_peer(missing);
}

/* A long-running gnutls-serv and the part of its output that belongs to the last connection. */
typedef struct gserv {
    tu_peer peer;
    int port;
    size_t mark;
} gserv;

/* Start `gnutls-serv --echo` with @p priority (NULL: GNUTLS_PRIORITY); @p verify_client:
 * require and verify a client certificate, otherwise do not ask for one. */
static void gserv_start(gserv *g, int ec, int verify_client, const char *priority)
{
    char port_arg[32];
    char *argv[32];
    int a = 0;

    g->port = tu_free_port();
    assert_true(g->port > 0);
    snprintf(port_arg, sizeof(port_arg), "%d", g->port);
    argv[a++] = "gnutls-serv";
    argv[a++] = "--port";
    argv[a++] = port_arg;
    argv[a++] = "--echo";
    argv[a++] = "--priority";
    argv[a++] = (char *)(priority != NULL ? priority : GNUTLS_PRIORITY);
    argv[a++] = "--x509certfile";
    argv[a++] = (char *)tu_pki(ec ? "server-ec.pem" : "server.pem");
    argv[a++] = "--x509keyfile";
    argv[a++] = (char *)tu_pki(ec ? "server-ec.key" : "server.key");
    argv[a++] = "--x509cafile";
    argv[a++] = (char *)tu_pki(ec ? "ca-ec.pem" : "ca.pem");
    if (verify_client) {
        argv[a++] = "--require-client-cert";
        argv[a++] = "--verify-client-cert";
    } else {
        argv[a++] = "--disable-client-cert";
    }
    argv[a] = NULL;
    assert_int_equal(tu_peer_start(&g->peer, argv, 1), 0);
    /* gnutls-serv serves many connections, so probing the port costs nothing. */
    assert_int_equal(tu_wait_port(&g->peer, g->port, TU_PEER_EVENT_MS), 0);
}

/* Mark the start of the next connection's output. */
static void gserv_mark(gserv *g)
{
    usleep(50 * 1000); /* let gnutls-serv finish logging the probe or the previous connection */
    g->mark = tu_file_size(g->peer.out_path);
}

/* gnutls-serv's output since the mark (caller frees), once it contains @p want or after
 * TU_PEER_EVENT_MS: it logs a connection's end a little after our side has seen it. */
static char *gserv_since_mark(gserv *g, const char *want)
{
    return tu_peer_output_since(&g->peer, &g->mark, want, TU_PEER_EVENT_MS);
}

/* Read until a newline (the echo may come back in pieces); returns the length or a code. */
static int read_line(mutls_conn *conn, char *buf, size_t cap)
{
    size_t have = 0;

    while (have + 1 < cap) {
        int n = mutls_read(conn, buf + have, cap - 1 - have);
        if (n <= 0) {
            return n < 0 ? n : (int)have;
        }
        have += (size_t)n;
        buf[have] = 0;
        if (memchr(buf, '\n', have) != NULL) {
            break;
        }
    }
    return (int)have;
}

/* Our client against a running gnutls-serv: connect, handshake, one echoed line. Returns the
 * handshake result; on success checks the data and the identities; conn is freed. */
static int client_round(gserv *g, mutls_config *cfg, const suite_case *sc, int expect_auth,
                        char *detail, size_t detail_cap, int *alert)
{
    static const char line[] = "hello from mutls over gnutls\n";
    mutls_conn *conn = NULL;
    char buf[256];
    int fd;
    int rc;

    gserv_mark(g);
    fd = tu_connect(g->port);
    assert_true(fd >= 0);
    assert_int_equal(mutls_conn_new(&conn, cfg), 0);
    assert_int_equal(mutls_set_fd(conn, fd), 0);
    assert_int_equal(mutls_set_hostname(conn, "localhost"), 0);
    rc = mutls_handshake(conn);
    snprintf(detail, detail_cap, "%s", mutls_error_detail(conn));
    *alert = mutls_alert_received(conn);
    if (rc == 0) {
        if (sc != NULL) {
            assert_string_equal(mutls_get_suite(conn), sc->iana);
        }
        assert_string_equal(mutls_get_version(conn), "TLSv1.2");
        assert_non_null(strstr(mutls_peer_subject(conn), "CN=localhost"));
        assert_int_equal(mutls_client_cert_requested(conn), expect_auth);
        assert_int_equal(mutls_client_cert_given(conn), expect_auth);
        assert_int_equal(mutls_write(conn, line, strlen(line)), (int)strlen(line));
        assert_int_equal(read_line(conn, buf, sizeof(buf)), (int)strlen(line));
        assert_string_equal(buf, line);
        (void)mutls_close(conn);
    }
    mutls_free(conn);
    close(fd);
    return rc;
}

static void client_against_gserv(int ec, int verify_client)
{
    gserv g;
    size_t i;

    gserv_start(&g, ec, verify_client, NULL);
    for (i = 0; i < N_SUITES; i++) {
        const suite_case *sc = &suites[i];
        mutls_config *cfg;
        char detail[512];
        char *out;
        int alert;
        int rc;

        if (sc->ec != ec || !tu_suite_built(sc->name)) {
            continue;
        }
        cfg = tu_client_config(ec, ec ? "client-ec" : "client", sc->name);
        assert_non_null(cfg);
        rc = client_round(&g, cfg, sc, verify_client, detail, sizeof(detail), &alert);
        /* Wait for the last line checked below, whole: gnutls-serv's stdout is a file here,
         * written in blocks that may end in the middle of a line. */
        out =
            gserv_since_mark(&g, verify_client ? "Subject: CN=client,O=mutls demo\n" : sc->cipher);
        if (rc != 0) {
            fail_msg("%s (client auth %d): %s\n--- gnutls-serv:\n%s", sc->name, verify_client,
                     detail, out);
        }
        /* gnutls-serv's own view: the suite it agreed, and the client chain it verified. */
        assert_non_null(strstr(out, "(TLS1.2-X.509)"));
        assert_non_null(strstr(out, sc->cipher));
        if (verify_client) {
            assert_non_null(strstr(out, "The certificate is trusted"));
            assert_non_null(strstr(out, "Subject: CN=client,O=mutls demo"));
        } else {
            assert_null(strstr(out, "Subject: CN=client"));
        }
        free(out);
        mutls_config_free(cfg);
    }
    tu_peer_stop(&g.peer);
}

static void test_gnutls_client_vs_serv_every_suite(void **state)
{
    (void)state;
    need_peer();
    client_against_gserv(0, 1);
    client_against_gserv(0, 0);
    client_against_gserv(1, 1);
    client_against_gserv(1, 0);
}

/* Run gnutls-cli against 127.0.0.1:port with an optional identity (vectors/pki/<id>.pem/.key);
 * sends one line and waits for the server to close. Returns its output; *status its exit. */
static char *run_gnutls_cli(int port, int ec, const char *identity, const char *priority,
                            int *status)
{
    char port_arg[32];
    char cert[128];
    char key[128];
    char *argv[32];
    tu_peer p;
    int a = 0;

    snprintf(port_arg, sizeof(port_arg), "%d", port);
    argv[a++] = "gnutls-cli";
    argv[a++] = "--port";
    argv[a++] = port_arg;
    argv[a++] = "--sni-hostname";
    argv[a++] = "localhost";
    argv[a++] = "--verify-hostname";
    argv[a++] = "localhost";
    argv[a++] = "--x509cafile";
    argv[a++] = (char *)tu_pki(ec ? "ca-ec.pem" : "ca.pem");
    if (identity != NULL) {
        snprintf(cert, sizeof(cert), "%s.pem", identity);
        snprintf(key, sizeof(key), "%s.key", identity);
        argv[a++] = "--x509certfile";
        argv[a++] = (char *)tu_pki(cert);
        argv[a++] = "--x509keyfile";
        argv[a++] = (char *)tu_pki(key);
    }
    if (priority != NULL) {
        argv[a++] = "--priority";
        argv[a++] = (char *)priority;
    }
    argv[a++] = "127.0.0.1";
    argv[a] = NULL;
    assert_int_equal(tu_peer_start(&p, argv, 0), 0);
    assert_int_equal(tu_peer_write(&p, "hello from gnutls-cli\n"), 0);
    /* Keep stdin open until the server has answered and closed: at end of input gnutls-cli
     * would say goodbye itself, racing the server's reply. A refused handshake ends it sooner. */
    (void)tu_wait_output(&p, "Peer has closed the GnuTLS connection", 20000);
    *status = tu_peer_wait(&p, 10000);
    return tu_peer_output(&p);
}

/* gnutls-cli (@p priority, NULL: GNUTLS_PRIORITY) against our server limited to @p sc (NULL:
 * every suite); checks both sides and returns gnutls-cli's output (caller frees). */
static char *cli_against_server(int ec, mutls_client_auth auth, const char *identity,
                                const suite_case *sc, const char *priority)
{
    mutls_config *cfg = tu_server_config(ec, auth, sc != NULL ? sc->name : NULL);
    tu_mserver s;
    char *out;
    int status;

    assert_non_null(cfg);
    memset(&s, 0, sizeof(s));
    assert_int_equal(tu_mserver_start(&s, cfg, 1), 0);
    out = run_gnutls_cli(s.port, ec, identity, priority != NULL ? priority : GNUTLS_PRIORITY,
                         &status);
    tu_mserver_join(&s);
    if (s.results[0].rc != 0 || status != 0) {
        fail_msg("%s auth %d: server: %s (exit %d)\n--- gnutls-cli:\n%s",
                 sc != NULL ? sc->name : "default", (int)auth, s.results[0].detail, status, out);
    }
    assert_non_null(strstr(out, "Hello from the server."));
    assert_non_null(strstr(out, "(TLS1.2-X.509)"));
    assert_non_null(strstr(out, "The certificate is trusted"));
    assert_non_null(strstr(s.results[0].received, "hello from gnutls-cli"));
    assert_int_equal(s.results[0].cert_given, identity != NULL);
    if (sc != NULL) {
        assert_string_equal(s.results[0].suite, sc->iana);
        assert_non_null(strstr(out, sc->cipher));
    }
    if (identity != NULL) {
        assert_string_equal(s.results[0].subject, "CN=client,O=mutls demo");
        assert_non_null(strstr(out, "Successfully sent 1 certificate(s) to server"));
    }
    mutls_config_free(cfg);
    return out;
}

static void gnutls_cli_against_server(int ec, mutls_client_auth auth, const char *identity,
                                      const suite_case *sc)
{
    free(cli_against_server(ec, auth, identity, sc, NULL));
}

static void test_gnutls_cli_vs_server_every_suite(void **state)
{
    size_t i;

    (void)state;
    need_peer();
    for (i = 0; i < N_SUITES; i++) {
        const suite_case *sc = &suites[i];
        const char *id = sc->ec ? "client-ec" : "client";
        if (!tu_suite_built(sc->name)) {
            continue;
        }
        gnutls_cli_against_server(sc->ec, MUTLS_CLIENT_AUTH_REQUIRED, id, sc);
        gnutls_cli_against_server(sc->ec, MUTLS_CLIENT_AUTH_NONE, NULL, sc);
    }
}

static void test_gnutls_default_negotiation(void **state)
{
    gserv g;
    mutls_config *cfg;
    char detail[512];
    int alert;

    (void)state;
    need_peer();
    /* No suite limits on our side; GnuTLS offers TLS 1.3 and 1.2. */
    gnutls_cli_against_server(1, MUTLS_CLIENT_AUTH_REQUIRED, "client-ec", NULL);
    gnutls_cli_against_server(0, MUTLS_CLIENT_AUTH_OPTIONAL, "client", NULL);
    gnutls_cli_against_server(0, MUTLS_CLIENT_AUTH_OPTIONAL, NULL, NULL);
    gserv_start(&g, 0, 1, NULL);
    cfg = tu_client_config(0, "client", NULL);
    assert_non_null(cfg);
    assert_int_equal(client_round(&g, cfg, NULL, 1, detail, sizeof(detail), &alert), 0);
    mutls_config_free(cfg);
    tu_peer_stop(&g.peer);
}

/* gnutls-cli with the RSA trust and our default priority (a tu_client_run_fn). */
static char *run_gnutls_cli_rsa(int port, const char *identity, int *status)
{
    return run_gnutls_cli(port, 0, identity, GNUTLS_PRIORITY, status);
}

/* Refusal: gnutls-cli with a bad (or no) client certificate against our server. */
static void server_refuses(const char *identity, int want_code, const char *want_detail,
                           const char *want_peer_line)
{
    int status;
    char *out = tu_server_refuses(run_gnutls_cli_rsa, "gnutls-cli", identity, want_code,
                                  want_detail, want_peer_line, &status);

    assert_int_not_equal(status, 0);
    assert_null(strstr(out, "Hello from the server."));
    free(out);
}

static void test_gnutls_server_refuses_missing_client_cert(void **state)
{
    (void)state;
    need_peer();
    server_refuses(NULL, MUTLS_ERR_NO_CLIENT_CERTIFICATE, "client sent no certificate",
                   "Received alert [40]: Handshake failed");
}

static void test_gnutls_server_refuses_unknown_ca_client(void **state)
{
    (void)state;
    need_peer();
    server_refuses("client-other", MUTLS_ERR_X509_UNKNOWN_ISSUER, "issued by CN=Other CA",
                   "Received alert [48]: CA is unknown");
}

static void test_gnutls_server_refuses_expired_client(void **state)
{
    (void)state;
    need_peer();
    server_refuses("client-expired", MUTLS_ERR_X509_EXPIRED, "expired on 2025-07-01",
                   "Received alert [45]: Certificate is expired");
}

/* Refusal: our client with a bad (or no) certificate against gnutls-serv verifying clients. */
static void client_refused(const char *identity, int want_alert, const char *want_detail,
                           const char *want_peer_line)
{
    mutls_config *cfg = tu_client_config(0, identity, NULL);
    char detail[512];
    char *out;
    int alert;
    gserv g;

    assert_non_null(cfg);
    /* Present the certificate even though its CA is not the one gnutls-serv named: the point is
     * to see gnutls-serv refuse it (by default mutls would send an empty Certificate). */
    tu_client_always_present(cfg);
    gserv_start(&g, 0, 1, NULL);
    assert_int_equal(client_round(&g, cfg, NULL, 1, detail, sizeof(detail), &alert),
                     MUTLS_ERR_ALERT_RECEIVED);
    out = gserv_since_mark(&g, want_peer_line);
    tu_peer_stop(&g.peer);
    assert_int_equal(alert, want_alert);
    if (strstr(detail, want_detail) == NULL) {
        fail_msg("our detail '%s' does not say '%s'", detail, want_detail);
    }
    if (strstr(out, want_peer_line) == NULL) {
        fail_msg("gnutls-serv did not report '%s':\n%s", want_peer_line, out);
    }
    free(out);
    mutls_config_free(cfg);
}

static void test_gnutls_client_without_cert_is_refused(void **state)
{
    (void)state;
    need_peer();
    /* GnuTLS answers an empty client Certificate with decode_error (its mapping of "no
     * certificate found"), not the handshake_failure RFC 5246 7.4.6 suggests. */
    client_refused(NULL, 50, "decode_error", "No certificate was found");
}

static void test_gnutls_client_from_unknown_ca_is_refused(void **state)
{
    (void)state;
    need_peer();
    client_refused("client-other", 49, "server rejected our client certificate",
                   "Error in the certificate");
}

static void test_gnutls_client_expired_is_refused(void **state)
{
    (void)state;
    need_peer();
    client_refused("client-expired", 49, "server rejected our client certificate",
                   "Error in the certificate");
}

/* GnuTLS limited to one signature scheme, group or kind of record protection: what it then
 * negotiates must work both ways, which exercises our ServerKeyExchange and CertificateVerify
 * signatures with every scheme (RFC 5246 7.4.1.4.1) and theirs. */
typedef struct variant {
    const char *priority;
    int ec;
    const char *want;   /* in gnutls's "Description" or "Options" line */
    const char *unwant; /* must not be there (NULL: nothing) */
    const char *needs;  /* a suite of the kind it needs mutls to have built (NULL: any) */
} variant;

/* clang-format off */
static const variant variants[] = {
    {"NORMAL:-SIGN-ALL:+SIGN-RSA-PSS-RSAE-SHA256",  0, "(RSA-PSS-RSAE-SHA256)", NULL, NULL},
    {"NORMAL:-SIGN-ALL:+SIGN-RSA-PSS-RSAE-SHA384",  0, "(RSA-PSS-RSAE-SHA384)", NULL, NULL},
    {"NORMAL:-SIGN-ALL:+SIGN-RSA-PSS-RSAE-SHA512",  0, "(RSA-PSS-RSAE-SHA512)", NULL, NULL},
    {"NORMAL:-SIGN-ALL:+SIGN-RSA-SHA256",           0, "(RSA-SHA256)",          NULL, NULL},
    {"NORMAL:-SIGN-ALL:+SIGN-RSA-SHA384",           0, "(RSA-SHA384)",          NULL, NULL},
    {"NORMAL:-SIGN-ALL:+SIGN-RSA-SHA512",           0, "(RSA-SHA512)",          NULL, NULL},
    {"NORMAL:-SIGN-ALL:+SIGN-ECDSA-SHA256",         1, "(ECDSA-SHA256)",        NULL, NULL},
    {"NORMAL:-SIGN-ALL:+SIGN-ECDSA-SHA384",         1, "(ECDSA-SHA384)",        NULL, NULL},
    {"NORMAL:-GROUP-ALL:+GROUP-SECP256R1",          1, "(ECDHE-SECP256R1)",     NULL, NULL},
    /* secp384r1 alone with an ECDSA identity is not here: our ECDSA key is on secp256r1, and
     * RFC 8422 §5.3 has a server refuse it to a client whose supported_groups leaves it out */
    {"NORMAL:-GROUP-ALL:+GROUP-SECP384R1",          0, "(ECDHE-SECP384R1)",     NULL, NULL},
    /* CBC with encrypt-then-MAC (RFC 7366), and without it (MAC-then-encrypt, RFC 5246 6.2.3.2) */
    {"NORMAL:+SHA256:-CIPHER-ALL:+AES-128-CBC",     0, "renegotiation, EtM,",   NULL,
     "ECDHE-RSA-AES128-SHA256"},
    {"NORMAL:+SHA256:%NO_ETM:-CIPHER-ALL:+AES-128-CBC", 0, "(AES-128-CBC)-(SHA256)", "EtM",
     "ECDHE-RSA-AES128-SHA256"},
    {"NORMAL:%NO_ETM:-KX-ALL:+RSA:-CIPHER-ALL:+AES-128-CBC:-MAC-ALL:+SHA1",
                                                    0, "(RSA)-(AES-128-CBC)-(SHA1)", "EtM",
     "AES128-SHA"},
};
/* clang-format on */
#define N_VARIANTS (sizeof(variants) / sizeof(variants[0]))

static void test_gnutls_signature_schemes_groups_and_etm(void **state)
{
    size_t i;

    (void)state;
    need_peer();
    for (i = 0; i < N_VARIANTS; i++) {
        const variant *v = &variants[i];
        const char *id = v->ec ? "client-ec" : "client";
        mutls_config *cfg;
        char detail[512];
        char *out;
        int alert;
        int rc;
        gserv g;

        if (v->needs != NULL && !tu_suite_built(v->needs)) {
            continue;
        }
        /* gnutls-cli with that priority against our server */
        out = cli_against_server(v->ec, MUTLS_CLIENT_AUTH_REQUIRED, id, NULL, v->priority);
        if (strstr(out, v->want) == NULL || (v->unwant != NULL && strstr(out, v->unwant))) {
            fail_msg("%s: gnutls-cli negotiated something else:\n%s", v->priority, out);
        }
        free(out);

        /* our client against gnutls-serv with that priority */
        gserv_start(&g, v->ec, 1, v->priority);
        cfg = tu_client_config(v->ec, id, NULL);
        assert_non_null(cfg);
        rc = client_round(&g, cfg, NULL, 1, detail, sizeof(detail), &alert);
        out = gserv_since_mark(&g, v->want);
        tu_peer_stop(&g.peer);
        if (rc != 0 || strstr(out, v->want) == NULL ||
            (v->unwant != NULL && strstr(out, v->unwant) != NULL)) {
            fail_msg("%s: %s\n--- gnutls-serv:\n%s", v->priority, detail, out);
        }
        free(out);
        mutls_config_free(cfg);
    }
}

/* RFC 7627: without extended_master_secret the session keys are not bound to the handshake
 * (the triple-handshake attack). mutls requires it by default, both roles, and says so; with
 * mutls_config_set_require_ems(cfg, 0) the classic RFC 5246 8.1 master secret must work. */
#define NO_EMS "NORMAL:%NO_SESSION_HASH"

static void test_gnutls_without_ems_is_refused_unless_allowed(void **state)
{
    mutls_config *cfg = tu_server_config(0, MUTLS_CLIENT_AUTH_REQUIRED, NULL);
    char detail[512];
    tu_mserver s;
    char *out;
    int status;
    int alert;
    gserv g;

    (void)state;
    need_peer();
    assert_non_null(cfg);
    memset(&s, 0, sizeof(s));
    assert_int_equal(tu_mserver_start(&s, cfg, 1), 0);
    out = run_gnutls_cli(s.port, 0, "client", NO_EMS, &status);
    tu_mserver_join(&s);
    assert_int_equal(s.results[0].rc, MUTLS_ERR_NO_EXTENDED_MASTER_SECRET);
    assert_non_null(strstr(s.results[0].detail, "extended master secret (RFC 7627)"));
    assert_non_null(strstr(out, "Received alert [40]: Handshake failed"));
    free(out);

    /* Allowed: the handshake completes without it. */
    assert_int_equal(mutls_config_set_require_ems(cfg, 0), 0);
    memset(&s, 0, sizeof(s));
    assert_int_equal(tu_mserver_start(&s, cfg, 1), 0);
    out = run_gnutls_cli(s.port, 0, "client", NO_EMS, &status);
    tu_mserver_join(&s);
    if (s.results[0].rc != 0 || status != 0) {
        fail_msg("without EMS, allowed: %s\n--- gnutls-cli:\n%s", s.results[0].detail, out);
    }
    assert_non_null(strstr(out, "Hello from the server."));
    assert_null(strstr(out, "extended master secret"));
    free(out);
    mutls_config_free(cfg);

    /* Our client, against a server without it. */
    cfg = tu_client_config(0, "client", NULL);
    assert_non_null(cfg);
    gserv_start(&g, 0, 1, NO_EMS);
    assert_int_equal(client_round(&g, cfg, NULL, 1, detail, sizeof(detail), &alert),
                     MUTLS_ERR_NO_EXTENDED_MASTER_SECRET);
    assert_non_null(strstr(detail, "extended master secret (RFC 7627)"));
    assert_int_equal(mutls_config_set_require_ems(cfg, 0), 0);
    assert_int_equal(client_round(&g, cfg, NULL, 1, detail, sizeof(detail), &alert), 0);
    tu_peer_stop(&g.peer);
    mutls_config_free(cfg);
}

/* Wait (up to 20 s) until the socket is readable, or writable when @p want_write. */
static void wait_for(int fd, int want_write)
{
    struct pollfd pf = {fd, (short)(POLLIN | (want_write ? POLLOUT : 0)), 0};

    assert_true(poll(&pf, 1, 20000) > 0);
}

/* Echo @p total bytes of @p data through the connection: a 7001-byte write, then a read of
 * whatever came back, so that neither side's socket buffer fills up. On a non-blocking socket
 * any call may return MUTLS_WANT_READ/WRITE and is repeated later with the same arguments. */
static void echo_bulk(mutls_conn *conn, int fd, const uint8_t *data, uint8_t *back, size_t total,
                      const char *label)
{
    size_t sent = 0;
    size_t got = 0;
    int rc;

    while ((rc = mutls_handshake(conn)) == MUTLS_WANT_READ || rc == MUTLS_WANT_WRITE) {
        wait_for(fd, rc == MUTLS_WANT_WRITE);
    }
    if (rc != 0) {
        fail_msg("%s: handshake: %s", label, mutls_error_detail(conn));
    }
    while (got < total) {
        int write_blocked = 0;
        if (sent < total) {
            size_t n = total - sent < 7001 ? total - sent : 7001;
            rc = mutls_write(conn, data + sent, n);
            if (rc == (int)n) {
                sent += n;
            } else if (rc == MUTLS_WANT_READ || rc == MUTLS_WANT_WRITE) {
                write_blocked = rc == MUTLS_WANT_WRITE;
            } else {
                fail_msg("%s: write %d after %zu bytes: %s", label, rc, sent,
                         mutls_error_detail(conn));
            }
        }
        rc = mutls_read(conn, back + got, total - got);
        if (rc > 0) {
            got += (size_t)rc;
        } else if (rc == MUTLS_WANT_READ || rc == MUTLS_WANT_WRITE) {
            wait_for(fd, write_blocked || rc == MUTLS_WANT_WRITE);
        } else {
            fail_msg("%s: read %d after %zu of %zu bytes: %s", label, rc, got, total,
                     mutls_error_detail(conn));
        }
    }
    assert_memory_equal(back, data, total);
}

/* Many records both ways: 200 KB through gnutls-serv's echo, in writes that do not line up
 * with the 16 KB record limit (RFC 5246 6.2.1), with each suite family, on a blocking and on
 * a non-blocking socket. The echo answers lines, so the data is 100-byte text lines. */
static void test_gnutls_bulk_echo_blocking_and_not(void **state)
{
    static const char *const families[] = {"ECDHE-RSA-AES128-GCM-SHA256",
                                           "ECDHE-RSA-CHACHA20-POLY1305", "AES128-SHA256"};
    const size_t total = 200000;
    uint8_t *data = malloc(total);
    uint8_t *back = malloc(total);
    size_t f;
    size_t i;
    int nb;

    (void)state;
    need_peer();
    assert_non_null(data);
    assert_non_null(back);
    for (i = 0; i < total; i++) {
        data[i] = (uint8_t)(i % 100 == 99 ? '\n' : '!' + (i * 7 + i / 100) % 90);
    }
    for (f = 0; f < sizeof(families) / sizeof(families[0]); f++) {
        if (!tu_suite_built(families[f])) {
            continue;
        }
        for (nb = 0; nb <= 1; nb++) {
            mutls_config *cfg = tu_client_config(0, "client", families[f]);
            mutls_conn *conn = NULL;
            char label[96];
            gserv g;
            int fd;

            snprintf(label, sizeof(label), "%s%s", families[f], nb ? " (non-blocking)" : "");
            assert_non_null(cfg);
            gserv_start(&g, 0, 1, NULL);
            fd = tu_connect(g.port);
            assert_true(fd >= 0);
            if (nb) {
                assert_int_equal(fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK), 0);
            }
            assert_int_equal(mutls_conn_new(&conn, cfg), 0);
            assert_int_equal(mutls_set_fd(conn, fd), 0);
            assert_int_equal(mutls_set_hostname(conn, "localhost"), 0);
            memset(back, 0, total);
            echo_bulk(conn, fd, data, back, total, label);
            (void)mutls_close(conn);
            mutls_free(conn);
            close(fd);
            tu_peer_stop(&g.peer);
            mutls_config_free(cfg);
        }
    }
    free(data);
    free(back);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_gnutls_client_vs_serv_every_suite),
        cmocka_unit_test(test_gnutls_cli_vs_server_every_suite),
        cmocka_unit_test(test_gnutls_default_negotiation),
        cmocka_unit_test(test_gnutls_signature_schemes_groups_and_etm),
        cmocka_unit_test(test_gnutls_without_ems_is_refused_unless_allowed),
        cmocka_unit_test(test_gnutls_bulk_echo_blocking_and_not),
        cmocka_unit_test(test_gnutls_server_refuses_missing_client_cert),
        cmocka_unit_test(test_gnutls_server_refuses_unknown_ca_client),
        cmocka_unit_test(test_gnutls_server_refuses_expired_client),
        cmocka_unit_test(test_gnutls_client_without_cert_is_refused),
        cmocka_unit_test(test_gnutls_client_from_unknown_ca_is_refused),
        cmocka_unit_test(test_gnutls_client_expired_is_refused),
    };
    return cmocka_run_group_tests(tests, have_gnutls, NULL);
}
