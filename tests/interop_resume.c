/* SPDX-License-Identifier: MIT */
/*
 * interop_resume.c - session resumption (RFC 5246 §7.3 figure 2) against real peers on
 * 127.0.0.1, both sides checked: `openssl s_client -reconnect` with a client certificate
 * against our server with its cache on (s_client says "Reused" five times, our server
 * resumed the same connections and still names the client certificate); our client resuming
 * against `openssl s_server -www -Verify` (its page says "Reused") and against `gnutls-serv`
 * (whose cache is on by default; it logs "This is a resumed session"); and
 * `gnutls-cli --resume` against our server. Session tickets (RFC 5077): `openssl s_client
 * -sess_out` then `-sess_in` against our server with tickets and no cache (the second says
 * "Reused", by ticket only), and our client against `openssl s_server -no_cache` (tickets
 * only there too). max_fragment_length across resumption (RFC 6066 §4), both ways with
 * OpenSSL (which knows it, and not record_size_limit). A peer that is not installed skips
 * its test.
 */
#include "testutil.h"

#include <cmocka.h>

/* -DMUTLS_RESUME=OFF leaves resumption out (test_resume_off checks that build). */
#if defined(MUTLS_NO_RESUME)
TU_BUILT_OUT_PROGRAM()
#else
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "interop.h"
#include "mutls.h"
#include "peer.h"

/* ------------------------------------------------------------ our server */

#define MAX_CONNS 8

typedef struct result {
    int rc;
    int reused;
    int cert_given;
    char subject[256];
    char detail[512];
} result;

typedef struct server {
    mutls_config *cfg;
    int fd;
    int port;
    int count;
    pthread_t thread;
    result r[MAX_CONNS];
} server;

static void serve(server *s, int fd, result *r)
{
    mutls_conn *conn = NULL;
    char buf[512];

    r->rc = mutls_conn_new(&conn, s->cfg);
    if (r->rc == 0) {
        r->rc = mutls_set_fd(conn, fd);
    }
    if (r->rc == 0) {
        r->rc = mutls_handshake(conn);
    }
    snprintf(r->detail, sizeof(r->detail), "%s", conn != NULL ? mutls_error_detail(conn) : "");
    if (r->rc == 0) {
        r->reused = mutls_session_reused(conn);
        r->cert_given = mutls_client_cert_given(conn);
        snprintf(r->subject, sizeof(r->subject), "%s",
                 r->cert_given ? mutls_peer_subject(conn) : "");
        /* Whatever the client sends (perhaps nothing), one answer, then close_notify. */
        if (mutls_read(conn, buf, sizeof(buf)) > 0) {
            (void)mutls_write(conn, "Hello from mutls.\n", 18);
        }
        (void)mutls_close(conn);
    }
    mutls_free(conn);
}

static void *serve_all(void *arg)
{
    server *s = arg;

    for (int i = 0; i < s->count; i++) {
        int fd = accept(s->fd, NULL, NULL);
        if (fd < 0) {
            break;
        }
        tu_socket_timeout(fd, 10);
        serve(s, fd, &s->r[i]);
        shutdown(fd, SHUT_RDWR);
        close(fd);
    }
    return NULL;
}

/* Our server for @p count connections; @p tickets: session tickets and no cache. */
static void server_start_with(server *s, int count, int tickets)
{
    memset(s, 0, sizeof(*s));
    s->cfg = tu_server_config(0, MUTLS_CLIENT_AUTH_REQUIRED, NULL);
    assert_non_null(s->cfg);
    assert_int_equal(mutls_config_set_session_cache(s->cfg, tickets ? 0 : 16, 0), 0);
    assert_int_equal(mutls_config_set_session_tickets(s->cfg, tickets, 0), 0);
    s->count = count;
    s->fd = tu_listen(&s->port);
    assert_true(s->fd >= 0);
    assert_int_equal(pthread_create(&s->thread, NULL, serve_all, s), 0);
}

static void server_start(server *s, int count)
{
    server_start_with(s, count, 0);
}

static void server_stop(server *s)
{
    shutdown(s->fd, SHUT_RDWR); /* ends an accept still waiting */
    pthread_join(s->thread, NULL);
    close(s->fd);
    mutls_config_free(s->cfg);
}

static int count_of(const char *text, const char *word)
{
    int n = 0;

    for (const char *p = strstr(text, word); p != NULL; p = strstr(p + 1, word)) {
        n++;
    }
    return n;
}

/* ------------------------------------------------------------ openssl s_client -reconnect */

static void test_interop_resume_s_client_reconnect_against_our_server(void **state)
{
    char connect_arg[64];
    char *argv[24];
    server s;
    tu_peer p;
    char *out;
    int a = 0;

    (void)state;
    if (!tu_have("openssl")) {
        skip();
    }
    /* -reconnect: one full handshake, then five offering its session. */
    server_start(&s, 6);
    snprintf(connect_arg, sizeof(connect_arg), "127.0.0.1:%d", s.port);
    argv[a++] = "openssl";
    argv[a++] = "s_client";
    argv[a++] = "-connect";
    argv[a++] = connect_arg;
    argv[a++] = "-tls1_2";
    argv[a++] = "-reconnect";
    argv[a++] = "-servername";
    argv[a++] = "localhost";
    argv[a++] = "-CAfile";
    argv[a++] = (char *)tu_pki("ca.pem");
    argv[a++] = "-cert";
    argv[a++] = (char *)tu_pki("client.pem");
    argv[a++] = "-key";
    argv[a++] = (char *)tu_pki("client.key");
    argv[a++] = "-verify_return_error";
    argv[a] = NULL;
    assert_int_equal(tu_peer_start(&p, argv, 1), 0);
    (void)tu_peer_wait(&p, 20000);
    server_stop(&s);
    out = tu_peer_output(&p);
    if (count_of(out, "\nNew, TLSv1.2") != 1 || count_of(out, "\nReused, TLSv1.2") != 5) {
        fail_msg("s_client did not resume 5 times:\n%s\n--- our server: %s", out, s.r[0].detail);
    }
    for (int i = 0; i < 6; i++) {
        if (s.r[i].rc != 0) {
            fail_msg("connection %d: %s", i, s.r[i].detail);
        }
        /* Both sides agree, and the resumed ones still know who the client is. */
        assert_int_equal(s.r[i].reused, i > 0);
        assert_int_equal(s.r[i].cert_given, 1);
        assert_non_null(strstr(s.r[i].subject, "CN=client"));
    }
    free(out);
}

/* ------------------------------------------------------------ our client */

typedef struct answer {
    int reused;
    int cert_given;
    size_t send_limit; /* mutls_get_record_limit(conn, 1) */
    char subject[256];
    char page[8192];
} answer;

/* Our client: one connection to @p port offering @p offer (or none): GET /, the whole answer
 * (until close, or TU_PEER_EVENT_MS of quiet: a loaded server may answer late), the session
 * in *taken when given. */
static void fetch(const mutls_config *cfg, int port, const mutls_session *offer,
                  mutls_session **taken, answer *ans)
{
    static const char get[] = "GET / HTTP/1.0\r\n\r\n";
    mutls_conn *conn = NULL;
    size_t have = 0;
    int fd = tu_connect(port);
    int rc;

    memset(ans, 0, sizeof(*ans));
    assert_true(fd >= 0);
    tu_socket_timeout(fd, TU_PEER_EVENT_MS / 1000);
    assert_int_equal(mutls_conn_new(&conn, cfg), 0);
    assert_int_equal(mutls_set_fd(conn, fd), 0);
    assert_int_equal(mutls_set_hostname(conn, "localhost"), 0);
    if (offer != NULL) {
        assert_int_equal(mutls_set_session(conn, offer), 0);
    }
    rc = mutls_handshake(conn);
    if (rc != 0) {
        fail_msg("handshake: %s", mutls_error_detail(conn));
    }
    ans->reused = mutls_session_reused(conn);
    ans->cert_given = mutls_client_cert_given(conn);
    ans->send_limit = mutls_get_record_limit(conn, 1);
    snprintf(ans->subject, sizeof(ans->subject), "%s", mutls_peer_subject(conn));
    assert_int_equal(mutls_write(conn, get, strlen(get)), (int)strlen(get));
    while (have + 1 < sizeof(ans->page)) {
        int n = mutls_read(conn, ans->page + have, sizeof(ans->page) - 1 - have);
        if (n <= 0) {
            break; /* close_notify, or the peer went quiet or away after its answer */
        }
        have += (size_t)n;
    }
    ans->page[have] = 0;
    if (taken != NULL) {
        assert_int_equal(mutls_get_session(conn, taken), 0);
    }
    (void)mutls_close(conn);
    mutls_free(conn);
    close(fd);
}

/* First a full handshake, then one resuming it; both ends must say so. @p limit: the
 * client's record limit (0: the default). */
static void client_resumes_limited(int port, size_t limit, answer *first, answer *second)
{
    mutls_config *cfg = tu_client_config(0, "client", NULL);
    mutls_session *s = NULL;

    assert_non_null(cfg);
    if (limit != 0) {
        assert_int_equal(mutls_config_set_record_limit(cfg, limit), 0);
    }
    fetch(cfg, port, NULL, &s, first);
    assert_int_equal(first->reused, 0);
    fetch(cfg, port, s, NULL, second);
    assert_int_equal(second->reused, 1);
    /* The server's chain is the session's: the same subject, and our certificate counts. */
    assert_string_equal(first->subject, second->subject);
    assert_non_null(strstr(second->subject, "CN=localhost"));
    assert_int_equal(second->cert_given, 1);
    mutls_session_free(s);
    mutls_config_free(cfg);
}

static void client_resumes(int port, answer *first, answer *second)
{
    client_resumes_limited(port, 0, first, second);
}

static void client_resumes_against_s_server_limited(const char *extra, size_t limit);

/* Our client twice against `openssl s_server -www -Verify 2`, with @p extra (NULL: none)
 * among its options: the second connection must resume the first. */
static void client_resumes_against_s_server(const char *extra)
{
    client_resumes_against_s_server_limited(extra, 0);
}

/* The same with a record limit of @p limit (0: the default), so that our client also asks
 * for max_fragment_length. */
static void client_resumes_against_s_server_limited(const char *extra, size_t limit)
{
    char port_arg[16];
    char *argv[24];
    answer first, second;
    tu_peer p;
    int port = tu_free_port();
    int a = 0;

    if (!tu_have("openssl")) {
        skip();
    }
    snprintf(port_arg, sizeof(port_arg), "%d", port);
    argv[a++] = "openssl";
    argv[a++] = "s_server";
    argv[a++] = "-accept";
    argv[a++] = port_arg;
    argv[a++] = "-naccept";
    argv[a++] = "2";
    argv[a++] = "-www";
    if (extra != NULL) {
        argv[a++] = (char *)extra;
    }
    argv[a++] = "-cert";
    argv[a++] = (char *)tu_pki("server.pem");
    argv[a++] = "-key";
    argv[a++] = (char *)tu_pki("server.key");
    argv[a++] = "-CAfile";
    argv[a++] = (char *)tu_pki("ca.pem");
    argv[a++] = "-Verify";
    argv[a++] = "2";
    argv[a++] = "-verify_return_error";
    argv[a] = NULL;
    /* stdin stays open: s_server stops at its end. */
    assert_int_equal(tu_peer_start(&p, argv, 0), 0);
    assert_int_equal(tu_wait_output(&p, "ACCEPT", TU_PEER_EVENT_MS), 0);
    client_resumes_limited(port, limit, &first, &second);
    tu_peer_stop(&p);
    if (limit != 0) {
        /* OpenSSL knows max_fragment_length only: agreed in the full handshake, and
         * answered again on resumption (RFC 6066 §4), so both connections hold to it. */
        assert_int_equal(first.send_limit, limit);
        assert_int_equal(second.send_limit, limit);
    }
    /* s_server's page describes its side of each connection. */
    if (strstr(first.page, "New, TLSv1.2") == NULL || strstr(second.page, "Reused, TLSv1.2") == NULL) {
        fail_msg("s_server pages:\n%s\n---\n%s", first.page, second.page);
    }
}

static void test_interop_resume_our_client_against_s_server(void **state)
{
    (void)state;
    client_resumes_against_s_server(NULL);
}

static void test_interop_resume_our_client_against_gnutls_serv(void **state)
{
    char port_arg[16];
    char *argv[24];
    answer first, second;
    tu_peer p;
    char *out;
    int port = tu_free_port();
    int a = 0;

    (void)state;
    if (!tu_have("gnutls-serv")) {
        skip();
    }
    snprintf(port_arg, sizeof(port_arg), "%d", port);
    argv[a++] = "gnutls-serv";
    argv[a++] = "--port";
    argv[a++] = port_arg;
    argv[a++] = "--x509certfile";
    argv[a++] = (char *)tu_pki("server.pem");
    argv[a++] = "--x509keyfile";
    argv[a++] = (char *)tu_pki("server.key");
    argv[a++] = "--x509cafile";
    argv[a++] = (char *)tu_pki("ca.pem");
    argv[a++] = "--require-client-cert";
    argv[a++] = "--verify-client-cert";
    argv[a] = NULL;
    assert_int_equal(tu_peer_start(&p, argv, 1), 0);
    assert_int_equal(tu_wait_port(&p, port, TU_PEER_EVENT_MS), 0);
    usleep(100 * 1000); /* let gnutls-serv finish with the probe */
    client_resumes(port, &first, &second);
    /* Wait for gnutls-serv's line on the resumption rather than a fixed pause (a pause
     * promises nothing on a loaded machine), then count it below. */
    (void)tu_wait_output(&p, "This is a resumed session", TU_PEER_EVENT_MS);
    tu_peer_stop(&p);
    out = tu_peer_output(&p);
    if (count_of(out, "This is a resumed session") != 1) {
        fail_msg("gnutls-serv did not resume exactly once:\n%s", out);
    }
    free(out);
}

/* ------------------------------------------------------------ gnutls-cli --resume */

static void test_interop_resume_gnutls_cli_against_our_server(void **state)
{
    char port_arg[16];
    char *argv[24];
    server s;
    tu_peer p;
    char *out;
    int a = 0;

    (void)state;
    if (!tu_have("gnutls-cli")) {
        skip();
    }
    server_start(&s, 2);
    snprintf(port_arg, sizeof(port_arg), "%d", s.port);
    argv[a++] = "gnutls-cli";
    argv[a++] = "--port";
    argv[a++] = port_arg;
    argv[a++] = "--resume";
    argv[a++] = "--x509cafile";
    argv[a++] = (char *)tu_pki("ca.pem");
    argv[a++] = "--x509certfile";
    argv[a++] = (char *)tu_pki("client.pem");
    argv[a++] = "--x509keyfile";
    argv[a++] = (char *)tu_pki("client.key");
    argv[a++] = "localhost";
    argv[a] = NULL;
    assert_int_equal(tu_peer_start(&p, argv, 0), 0);
    /* The second connection is the resumed one: say something on it, then end the input. */
    assert_int_equal(tu_wait_output(&p, "This is a resumed session", TU_PEER_EVENT_MS), 0);
    assert_int_equal(tu_peer_write(&p, "hello from gnutls-cli\n"), 0);
    (void)tu_peer_wait(&p, 3000);
    server_stop(&s);
    out = tu_peer_output(&p);
    for (int i = 0; i < 2; i++) {
        if (s.r[i].rc != 0) {
            fail_msg("connection %d: %s\n--- gnutls-cli:\n%s", i, s.r[i].detail, out);
        }
        assert_int_equal(s.r[i].reused, i == 1);
        assert_int_equal(s.r[i].cert_given, 1);
        assert_non_null(strstr(s.r[i].subject, "CN=client"));
    }
    free(out);
}

/* ------------------------------------------------------------ session tickets */

/* One `openssl s_client` connection to our server, keeping (-sess_out) or offering (-sess_in)
 * the session in @p file; its output (caller frees). */
static char *s_client_once_with(int port, const char *flag, const char *file, const char *opt,
                                const char *val)
{
    char connect_arg[64];
    char *argv[24];
    tu_peer p;
    int a = 0;

    snprintf(connect_arg, sizeof(connect_arg), "127.0.0.1:%d", port);
    argv[a++] = "openssl";
    argv[a++] = "s_client";
    argv[a++] = "-connect";
    argv[a++] = connect_arg;
    argv[a++] = "-tls1_2";
    argv[a++] = "-servername";
    argv[a++] = "localhost";
    argv[a++] = "-CAfile";
    argv[a++] = (char *)tu_pki("ca.pem");
    argv[a++] = "-cert";
    argv[a++] = (char *)tu_pki("client.pem");
    argv[a++] = "-key";
    argv[a++] = (char *)tu_pki("client.key");
    argv[a++] = "-verify_return_error";
    argv[a++] = (char *)flag;
    argv[a++] = (char *)file;
    if (opt != NULL) {
        argv[a++] = (char *)opt;
        argv[a++] = (char *)val;
    }
    argv[a] = NULL;
    assert_int_equal(tu_peer_start(&p, argv, 1), 0);
    (void)tu_peer_wait(&p, 20000);
    return tu_peer_output(&p);
}

static char *s_client_once(int port, const char *flag, const char *file)
{
    return s_client_once_with(port, flag, file, NULL, NULL);
}

static void test_interop_ticket_s_client_sess_out_in_against_our_server(void **state)
{
    char file[64];
    server s;
    char *first, *second;

    (void)state;
    if (!tu_have("openssl")) {
        skip();
    }
    snprintf(file, sizeof(file), "/tmp/mutls-ticket-%d.pem", (int)getpid());
    /* Tickets and no cache: only the ticket can bring the session back (RFC 5077 §3.1). */
    server_start_with(&s, 2, 1);
    first = s_client_once(s.port, "-sess_out", file);
    second = s_client_once(s.port, "-sess_in", file);
    server_stop(&s);
    unlink(file);
    if (strstr(first, "\nNew, TLSv1.2") == NULL ||
        strstr(first, "TLS session ticket lifetime hint: 7200") == NULL ||
        strstr(second, "\nReused, TLSv1.2") == NULL) {
        fail_msg("s_client did not resume by ticket:\n%s\n---\n%s\n--- our server: %s / %s",
                 first, second, s.r[0].detail, s.r[1].detail);
    }
    for (int i = 0; i < 2; i++) {
        if (s.r[i].rc != 0) {
            fail_msg("connection %d: %s", i, s.r[i].detail);
        }
        assert_int_equal(s.r[i].reused, i == 1);
        assert_int_equal(s.r[i].cert_given, 1);
        assert_non_null(strstr(s.r[i].subject, "CN=client"));
    }
    free(first);
    free(second);
}

static void test_interop_ticket_our_client_against_s_server_no_cache(void **state)
{
    (void)state;
    client_resumes_against_s_server("-no_cache"); /* no session IDs: tickets only */
}

/* RFC 6066 §4, our client: a session made with max_fragment_length 1024 against
 * `openssl s_server` resumes with it (OpenSSL answers it again, as the session requires),
 * by session ID and by ticket. */
static void test_interop_resume_mfl_our_client_against_s_server(void **state)
{
    (void)state;
    client_resumes_against_s_server_limited(NULL, 1024);
    client_resumes_against_s_server_limited("-no_cache", 1024);
}

/* RFC 6066 §4, our server: `openssl s_client -maxfraglen 1024` resumes its ticket asking for
 * the same length again (answered), for none or for 2048 (resumed under the session's 1024,
 * which OpenSSL's client keeps: after a full handshake it would fail writing its
 * Certificate), and gets a full handshake asking for 512, which the session's records would
 * exceed. */
static void test_interop_resume_mfl_s_client_against_our_server(void **state)
{
    static const char *const asks[] = {"1024", "1024", NULL, "2048", "512"};
    static const int reused[] = {0, 1, 1, 1, 0};
    char file[64];
    server s;
    char *out[5];

    (void)state;
    if (!tu_have("openssl")) {
        skip();
    }
    snprintf(file, sizeof(file), "/tmp/mutls-mfl-%d.pem", (int)getpid());
    server_start_with(&s, 5, 1);
    for (int i = 0; i < 5; i++) {
        out[i] = s_client_once_with(s.port, i == 0 ? "-sess_out" : "-sess_in", file,
                                    asks[i] != NULL ? "-maxfraglen" : NULL, asks[i]);
    }
    server_stop(&s);
    unlink(file);
    for (int i = 0; i < 5; i++) {
        const char *want = reused[i] ? "\nReused, TLSv1.2" : "\nNew, TLSv1.2";
        if (strstr(out[i], want) == NULL || s.r[i].rc != 0) {
            fprintf(stderr, "--- s_client %d:\n%.1500s\n", i, out[i]);
            fail_msg("connection %d (-maxfraglen %s): expected \"%s\"; our server: %s", i,
                     asks[i] != NULL ? asks[i] : "none", want + 1, s.r[i].detail);
        }
        assert_int_equal(s.r[i].reused, reused[i]);
        free(out[i]);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_interop_resume_s_client_reconnect_against_our_server),
        cmocka_unit_test(test_interop_resume_our_client_against_s_server),
        cmocka_unit_test(test_interop_resume_our_client_against_gnutls_serv),
        cmocka_unit_test(test_interop_resume_gnutls_cli_against_our_server),
        cmocka_unit_test(test_interop_ticket_s_client_sess_out_in_against_our_server),
        cmocka_unit_test(test_interop_ticket_our_client_against_s_server_no_cache),
        cmocka_unit_test(test_interop_resume_mfl_our_client_against_s_server),
        cmocka_unit_test(test_interop_resume_mfl_s_client_against_our_server),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

#endif /* MUTLS_NO_RESUME */
