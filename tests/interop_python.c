/* SPDX-License-Identifier: MIT */
/*
 * interop_python.c - mutls against Python's ssl module (/usr/bin/python3, OpenSSL inside),
 * both directions on 127.0.0.1: tests/interop/py_client.py with a client certificate against
 * our in-process server, and tests/interop/py_server.py (CERT_REQUIRED) against our client
 * through the public API; RSA and EC identities; and the refusals (no client certificate, one
 * from an unknown CA, an expired one), where Python's error and our mutls_error_detail must
 * both say why. Python offers TLS 1.3 too; the session must be TLS 1.2 (RFC 5246).
 */
#include "testutil.h"

#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli_peer.h"
#include "interop.h"
#include "mserver.h"
#include "mutls.h"
#include "peer.h"

/* Not a pyenv shim or a virtualenv: the system interpreter with the system OpenSSL. */
#define PYTHON "/usr/bin/python3"
#define SCRIPTS MUTLS_VECTORS_DIR "/../tests/interop/"

/* Why the peer cannot run here (empty: it can); each test skips with it. */
static char missing[256];

static int have_python(void **state)
{
    static const char *const progs[] = {PYTHON, NULL};

    (void)state;
    return tu_peer_requirements(missing, sizeof(missing), progs, "python3", 0);
}

static void need_peer(void)
{
    tu_need_peer(missing);
}

/* ---- py_client.py against our server ---- */

static char *run_py_client(int port, int ec, const char *identity, int *status)
{
    char port_arg[32];
    char cert[128];
    char key[128];
    char *argv[16];
    tu_peer p;
    int a = 0;

    snprintf(port_arg, sizeof(port_arg), "%d", port);
    argv[a++] = PYTHON;
    argv[a++] = SCRIPTS "py_client.py";
    argv[a++] = "--port";
    argv[a++] = port_arg;
    argv[a++] = "--ca";
    argv[a++] = (char *)tu_pki(ec ? "ca-ec.pem" : "ca.pem");
    if (identity != NULL) {
        snprintf(cert, sizeof(cert), "%s.pem", identity);
        snprintf(key, sizeof(key), "%s.key", identity);
        argv[a++] = "--cert";
        argv[a++] = (char *)tu_pki(cert);
        argv[a++] = "--key";
        argv[a++] = (char *)tu_pki(key);
    }
    argv[a] = NULL;
    assert_int_equal(tu_peer_start(&p, argv, 1), 0);
    *status = tu_peer_wait(&p, 30000);
    return tu_peer_output(&p);
}

static void py_client_against_server(int ec, mutls_client_auth auth, const char *identity)
{
    mutls_config *cfg = tu_server_config(ec, auth, NULL);
    tu_mserver s;
    char *out;
    int status;

    assert_non_null(cfg);
    memset(&s, 0, sizeof(s));
    assert_int_equal(tu_mserver_start(&s, cfg, 1), 0);
    out = run_py_client(s.port, ec, identity, &status);
    tu_mserver_join(&s);
    if (s.results[0].rc != 0 || status != 0) {
        fail_msg("server: %s (exit %d)\n--- py_client:\n%s", s.results[0].detail, status, out);
    }
    assert_non_null(strstr(out, "version: TLSv1.2\n"));
    assert_non_null(strstr(out, ec ? "cipher: ECDHE-ECDSA-" : "cipher: ECDHE-RSA-"));
    assert_non_null(strstr(out, "server: localhost\n"));
    assert_non_null(strstr(out, "received: Hello from the server.\n"));
    assert_non_null(strstr(out, "closed cleanly"));
    assert_string_equal(s.results[0].received, "hello from python\n");
    assert_int_equal(s.results[0].cert_given, identity != NULL);
    if (identity != NULL) {
        assert_string_equal(s.results[0].subject, "CN=client,O=mutls demo");
    }
    free(out);
    mutls_config_free(cfg);
}

static void test_python_client_vs_server(void **state)
{
    (void)state;
    need_peer();
    py_client_against_server(0, MUTLS_CLIENT_AUTH_REQUIRED, "client");
    py_client_against_server(1, MUTLS_CLIENT_AUTH_REQUIRED, "client-ec");
    py_client_against_server(0, MUTLS_CLIENT_AUTH_OPTIONAL, NULL);
    py_client_against_server(1, MUTLS_CLIENT_AUTH_NONE, NULL);
}

/* py_client.py with the RSA trust (a tu_client_run_fn). */
static char *run_py_client_rsa(int port, const char *identity, int *status)
{
    return run_py_client(port, 0, identity, status);
}

static void server_refuses(const char *identity, int want_code, const char *want_detail,
                           const char *want_py)
{
    int status;
    char *out = tu_server_refuses(run_py_client_rsa, "py_client", identity, want_code, want_detail,
                                  want_py, &status);

    assert_int_equal(status, 1);
    assert_null(strstr(out, "received:"));
    free(out);
}

static void test_python_server_refuses_missing_client_cert(void **state)
{
    (void)state;
    need_peer();
    server_refuses(NULL, MUTLS_ERR_NO_CLIENT_CERTIFICATE, "client sent no certificate",
                   "SSLV3_ALERT_HANDSHAKE_FAILURE");
}

static void test_python_server_refuses_unknown_ca_client(void **state)
{
    (void)state;
    need_peer();
    server_refuses("client-other", MUTLS_ERR_X509_UNKNOWN_ISSUER, "issued by CN=Other CA",
                   "TLSV1_ALERT_UNKNOWN_CA");
}

static void test_python_server_refuses_expired_client(void **state)
{
    (void)state;
    need_peer();
    server_refuses("client-expired", MUTLS_ERR_X509_EXPIRED, "expired on 2025-07-01",
                   "SSLV3_ALERT_CERTIFICATE_EXPIRED");
}

/* ---- our client against py_server.py ---- */

/* Start py_server.py (RSA or EC identity); returns the port it printed. */
static int start_py_server(tu_peer *p, int ec)
{
    char *argv[16];
    char *out;
    char *at;
    int port = 0;
    int a = 0;

    argv[a++] = PYTHON;
    argv[a++] = SCRIPTS "py_server.py";
    argv[a++] = "--ca";
    argv[a++] = (char *)tu_pki(ec ? "ca-ec.pem" : "ca.pem");
    argv[a++] = "--cert";
    argv[a++] = (char *)tu_pki(ec ? "server-ec.pem" : "server.pem");
    argv[a++] = "--key";
    argv[a++] = (char *)tu_pki(ec ? "server-ec.key" : "server.key");
    argv[a] = NULL;
    assert_int_equal(tu_peer_start(p, argv, 1), 0);
    /* It binds port 0 itself and says which port it got: no race for a free port. */
    assert_int_equal(tu_wait_output(p, "listening on ", TU_PEER_EVENT_MS), 0);
    out = tu_peer_output(p);
    at = strstr(out, "listening on ");
    assert_non_null(at);
    port = atoi(at + strlen("listening on "));
    free(out);
    assert_true(port > 0);
    return port;
}

/* Our client against py_server.py; returns the handshake result, fills what both sides said. */
static int client_against_py_server(int ec, const char *identity, int always_present, char *detail,
                                    size_t cap, int *alert, char **py_out)
{
    static const char line[] = "hello from mutls\n";
    mutls_config *cfg = tu_client_config(ec, identity, NULL);
    mutls_conn *conn = NULL;
    char buf[256];
    tu_peer p;
    int port;
    int fd;
    int rc;
    int n;

    assert_non_null(cfg);
    if (always_present) {
        tu_client_always_present(cfg);
    }
    port = start_py_server(&p, ec);
    fd = tu_connect(port);
    assert_true(fd >= 0);
    assert_int_equal(mutls_conn_new(&conn, cfg), 0);
    assert_int_equal(mutls_set_fd(conn, fd), 0);
    assert_int_equal(mutls_set_hostname(conn, "localhost"), 0);
    rc = mutls_handshake(conn);
    snprintf(detail, cap, "%s", mutls_error_detail(conn));
    *alert = mutls_alert_received(conn);
    if (rc == 0) {
        assert_string_equal(mutls_get_version(conn), "TLSv1.2");
        assert_non_null(strstr(mutls_peer_subject(conn), "CN=localhost"));
        assert_int_equal(mutls_client_cert_requested(conn), 1);
        assert_int_equal(mutls_client_cert_given(conn), 1);
        assert_int_equal(mutls_write(conn, line, strlen(line)), (int)strlen(line));
        n = mutls_read(conn, buf, sizeof(buf) - 1);
        assert_true(n > 0);
        buf[n] = 0;
        assert_string_equal(buf, "Hello from python.\n");
        /* Python answers our close_notify with its own (ssl unwrap). */
        assert_int_equal(mutls_close(conn), 0);
    }
    mutls_free(conn);
    close(fd);
    (void)tu_peer_wait(&p, 10000);
    *py_out = tu_peer_output(&p);
    mutls_config_free(cfg);
    return rc;
}

static void test_python_server_vs_client(void **state)
{
    char detail[512];
    char *out;
    int alert;
    int ec;

    (void)state;
    need_peer();
    for (ec = 0; ec <= 1; ec++) {
        int rc = client_against_py_server(ec, ec ? "client-ec" : "client", 0, detail,
                                          sizeof(detail), &alert, &out);
        if (rc != 0) {
            fail_msg("ec %d: %s\n--- py_server:\n%s", ec, detail, out);
        }
        assert_non_null(strstr(out, "version: TLSv1.2\n"));
        assert_non_null(strstr(out, "client: organizationName=mutls demo,commonName=client\n"));
        assert_non_null(strstr(out, "received: hello from mutls\n"));
        assert_non_null(strstr(out, "closed cleanly"));
        free(out);
    }
}

static void client_refused(const char *identity, int want_alert, const char *want_detail,
                           const char *want_py)
{
    char detail[512];
    char *out;
    int alert;
    int rc;

    /* Present even a certificate whose CA the server did not name, so Python judges it. */
    rc = client_against_py_server(0, identity, 1, detail, sizeof(detail), &alert, &out);
    if (rc != MUTLS_ERR_ALERT_RECEIVED || alert != want_alert) {
        fail_msg("result %s, alert %d (want %d): %s\n--- py_server:\n%s", mutls_strerror(rc), alert,
                 want_alert, detail, out);
    }
    if (strstr(detail, want_detail) == NULL) {
        fail_msg("our detail '%s' does not say '%s'", detail, want_detail);
    }
    if (strstr(out, want_py) == NULL) {
        fail_msg("py_server did not report '%s':\n%s", want_py, out);
    }
    assert_null(strstr(out, "received:"));
    free(out);
}

static void test_python_client_without_cert_is_refused(void **state)
{
    (void)state;
    need_peer();
    client_refused(NULL, 40, "handshake_failure", "PEER_DID_NOT_RETURN_A_CERTIFICATE");
}

static void test_python_client_from_unknown_ca_is_refused(void **state)
{
    (void)state;
    need_peer();
    client_refused("client-other", 48, "unknown_ca", "unable to get local issuer certificate");
}

static void test_python_client_expired_is_refused(void **state)
{
    (void)state;
    need_peer();
    client_refused("client-expired", 45, "certificate_expired", "certificate has expired");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_python_client_vs_server),
        cmocka_unit_test(test_python_server_refuses_missing_client_cert),
        cmocka_unit_test(test_python_server_refuses_unknown_ca_client),
        cmocka_unit_test(test_python_server_refuses_expired_client),
        cmocka_unit_test(test_python_server_vs_client),
        cmocka_unit_test(test_python_client_without_cert_is_refused),
        cmocka_unit_test(test_python_client_from_unknown_ca_is_refused),
        cmocka_unit_test(test_python_client_expired_is_refused),
    };
    return cmocka_run_group_tests(tests, have_python, NULL);
}
