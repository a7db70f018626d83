/* SPDX-License-Identifier: MIT */
/*
 * interop_curl.c - curl (OpenSSL inside) against the built tool, `mutls server --http`, on
 * 127.0.0.1: with --cert/--key the page names the verified client certificate's subject;
 * without them, against --client-auth optional, the page says "no client certificate"; against
 * --client-auth required curl fails and the server prints why on stderr. The same for client
 * certificates from an unknown CA and an expired one. curl offers TLS 1.3 as well; the session
 * must settle on TLS 1.2 (RFC 5246).
 */
#include "testutil.h"

#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli_peer.h"
#include "interop.h"
#include "peer.h"

/* Why the peer cannot run here (empty: it can); each test skips with it. */
static char missing[256];

static int have_curl(void **state)
{
    static const char *const progs[] = {"curl", NULL};

    (void)state;
    return tu_peer_requirements(missing, sizeof(missing), progs, "curl", 1);
}

static void need_peer(void)
{
    tu_need_peer(missing);
}

/* A running `mutls server --http` and where its output for the current request starts. */
typedef struct tool_server {
    tu_peer peer;
    int port;
    size_t mark;
} tool_server;

static void tool_server_start(tool_server *t, int ec, const char *client_auth)
{
    char port_arg[32];
    char *argv[32];
    int a = 0;

    t->port = tu_free_port();
    assert_true(t->port > 0);
    snprintf(port_arg, sizeof(port_arg), "%d", t->port);
    argv[a++] = MUTLS_TOOL_PATH;
    argv[a++] = "server";
    argv[a++] = "--http";
    argv[a++] = "--port";
    argv[a++] = port_arg;
    argv[a++] = "--client-auth";
    argv[a++] = (char *)client_auth;
    argv[a++] = "--cert";
    argv[a++] = (char *)tu_pki(ec ? "server-ec.pem" : "server.pem");
    argv[a++] = "--key";
    argv[a++] = (char *)tu_pki(ec ? "server-ec.key" : "server.key");
    argv[a++] = "--ca";
    argv[a++] = (char *)tu_pki(ec ? "ca-ec.pem" : "ca.pem");
    argv[a] = NULL;
    assert_int_equal(tu_peer_start(&t->peer, argv, 1), 0);
    /* Wait for its banner rather than probing: a probe would leave a failure line behind. */
    assert_int_equal(tu_wait_output(&t->peer, "listening on 127.0.0.1", TU_PEER_EVENT_MS), 0);
    t->mark = tu_file_size(t->peer.out_path);
}

/* The server's output since the previous call (caller frees), once it contains @p want or
 * after TU_PEER_EVENT_MS: the server may log a moment after curl has exited. */
static char *tool_server_news(tool_server *t, const char *want)
{
    return tu_peer_output_since(&t->peer, &t->mark, want, TU_PEER_EVENT_MS);
}

/* curl -v https://localhost:port/ (resolved to 127.0.0.1) with an optional identity; returns
 * its output (page and verbose log) and *status its exit code. */
static char *run_curl(int port, int ec, const char *identity, int *status)
{
    char resolve[64];
    char url[64];
    char cert[128];
    char key[128];
    char *argv[32];
    tu_peer p;
    int a = 0;

    snprintf(resolve, sizeof(resolve), "localhost:%d:127.0.0.1", port);
    snprintf(url, sizeof(url), "https://localhost:%d/", port);
    argv[a++] = "curl";
    argv[a++] = "-v";
    argv[a++] = "-sS";
    argv[a++] = "--max-time";
    argv[a++] = "20";
    argv[a++] = "--resolve";
    argv[a++] = resolve;
    argv[a++] = "--cacert";
    argv[a++] = (char *)tu_pki(ec ? "ca-ec.pem" : "ca.pem");
    if (identity != NULL) {
        snprintf(cert, sizeof(cert), "%s.pem", identity);
        snprintf(key, sizeof(key), "%s.key", identity);
        argv[a++] = "--cert";
        argv[a++] = (char *)tu_pki(cert);
        argv[a++] = "--key";
        argv[a++] = (char *)tu_pki(key);
    }
    argv[a++] = url;
    argv[a] = NULL;
    assert_int_equal(tu_peer_start(&p, argv, 1), 0);
    *status = tu_peer_wait(&p, 30000);
    return tu_peer_output(&p);
}

/* One successful request; checks the page, curl's view of the protocol, and the server log. */
static void request_ok(tool_server *t, int ec, const char *identity, const char *want_page,
                       const char *want_log)
{
    int status;
    char *out = run_curl(t->port, ec, identity, &status);
    char *log = tool_server_news(t, want_log);

    if (status != 0 || strstr(out, want_page) == NULL) {
        fail_msg("curl exit %d, want page line '%s'\n--- curl:\n%s\n--- server:\n%s", status,
                 want_page, out, log);
    }
    assert_non_null(strstr(out, "<h1>Hello from mutls</h1>"));
    assert_non_null(strstr(out, "SSL connection using TLSv1.2"));
    assert_non_null(strstr(out, "SSL certificate verify ok"));
    if (strstr(log, want_log) == NULL) {
        fail_msg("server did not log '%s':\n%s", want_log, log);
    }
    free(out);
    free(log);
}

static void test_curl_client_cert_named_on_page(void **state)
{
    tool_server t;

    (void)state;
    need_peer();
    tool_server_start(&t, 0, "optional");
    request_ok(&t, 0, "client", "<p>Client certificate: CN=client,O=mutls demo</p>",
               "served CN=client,O=mutls demo");
    request_ok(&t, 0, NULL, "<p>no client certificate</p>", "served a client without certificate");
    tu_peer_stop(&t.peer);

    tool_server_start(&t, 1, "required");
    request_ok(&t, 1, "client-ec", "<p>Client certificate: CN=client,O=mutls demo</p>",
               "handshake with CN=client,O=mutls demo: TLS_ECDHE_ECDSA_WITH_");
    tu_peer_stop(&t.peer);
}

/* A refused request: curl fails with @p want_curl in its output, the server says @p want_log. */
static void request_refused(tool_server *t, const char *identity, const char *want_curl,
                            const char *want_log)
{
    int status;
    char *out = run_curl(t->port, 0, identity, &status);
    char *log = tool_server_news(t, want_log);

    assert_int_not_equal(status, 0);
    assert_null(strstr(out, "Hello from mutls"));
    if (strstr(out, want_curl) == NULL) {
        fail_msg("curl did not report '%s':\n%s", want_curl, out);
    }
    if (strstr(log, want_log) == NULL) {
        fail_msg("server did not print '%s':\n%s", want_log, log);
    }
    free(out);
    free(log);
}

static void test_curl_refused_by_required_client_auth(void **state)
{
    tool_server t;

    (void)state;
    need_peer();
    tool_server_start(&t, 0, "required");
    request_refused(&t, NULL, "alert, handshake failure",
                    "mutls server: client sent no certificate: sent alert handshake_failure(40)");
    request_refused(&t, "client-other", "alert, unknown CA",
                    "(CN=client,O=Other) was issued by CN=Other CA,O=Other");
    /* curl reports a received certificate_expired alert as "SSL certificate verification
     * failed" (exit 60), as if it were about the server; its -v log names the alert. */
    request_refused(&t, "client-expired", "alert, certificate expired",
                    "expired on 2025-07-01 00:00:00 UTC: sent alert certificate_expired(45)");
    /* The server carries on after refusals. */
    request_ok(&t, 0, "client", "<p>Client certificate: CN=client,O=mutls demo</p>",
               "served CN=client,O=mutls demo");
    tu_peer_stop(&t.peer);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_curl_client_cert_named_on_page),
        cmocka_unit_test(test_curl_refused_by_required_client_auth),
    };
    return cmocka_run_group_tests(tests, have_curl, NULL);
}
