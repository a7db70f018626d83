/* SPDX-License-Identifier: MIT */
/*
 * interop_crl.c - revocation (RFC 5280 §6.3, CRLs from vectors/x509/crl) against the OpenSSL
 * command-line peers on 127.0.0.1, at the wall-clock time (the CRLs are current from
 * 2026-06-01 to 2035-12-01): our server with inter's and root's CRLs against
 * `openssl s_client` presenting a good and a revoked client certificate; our client with the
 * CRLs against `openssl s_server` presenting a revoked and a good server certificate; our
 * client presenting a revoked certificate to `openssl s_server -crl_check_all`; and the
 * `mutls` tool's --crl on both sides; and GnuTLS (gnutls-serv, gnutls-cli) with the CRLs in
 * both directions. Each refusal is checked on both ends: our error code,
 * alert and sentence, and the alert the peer reports (certificate_revoked, 44). The test runs
 * in vectors/x509/crl, so every file is named as it is there.
 */
#include "testutil.h"

#include <cmocka.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli_peer.h"
#include "mserver.h"
#include "mutls.h"
#include "peer.h"

/* -DMUTLS_CRL=OFF refuses every CRL (test_certs checks that): nothing here applies. */
#if defined(MUTLS_NO_CRL)
TU_BUILT_OUT_PROGRAM()
#else

/* Temporary files made of vector files joined (a chain, or anchors with CRLs for OpenSSL),
 * removed when the test program ends. */
#define MAX_TEMPS 16
static char temps[MAX_TEMPS][256];
static int n_temps;

static void remove_temps(void)
{
    for (int i = 0; i < n_temps; i++) {
        unlink(temps[i]);
    }
}

/* Join the files @p a, @p b (and @p c unless NULL) into a temporary file; its path. */
static const char *joined(const char *a, const char *b, const char *c)
{
    const char *parts[3] = {a, b, c};
    char *path;
    FILE *f;

    assert_true(n_temps < MAX_TEMPS);
    if (n_temps == 0) {
        atexit(remove_temps);
    }
    path = temps[n_temps];
    snprintf(path, sizeof(temps[0]), "/tmp/mutls-crl-%d-%d.pem", (int)getpid(), n_temps);
    n_temps++;
    f = fopen(path, "wb");
    assert_non_null(f);
    for (int i = 0; i < 3 && parts[i] != NULL; i++) {
        size_t len;
        uint8_t *data = tu_read_file(parts[i], &len);
        assert_non_null(data);
        assert_int_equal(fwrite(data, 1, len, f), len);
        free(data);
    }
    assert_int_equal(fclose(f), 0);
    return path;
}

/* "<name>.pem" or "<name>.key" in one of eight rotating buffers (argv lists keep several). */
static const char *file_of(const char *name, const char *ext)
{
    static char bufs[8][64];
    static unsigned next;
    char *b = bufs[next++ % 8];

    snprintf(b, sizeof(bufs[0]), "%s.%s", name, ext);
    return b;
}

/* Start a peer with the argument list that follows (NULL-terminated; an empty string is
 * left out, for optional flags). */
static void start(tu_peer *p, int close_stdin, ...)
{
    char *argv[40];
    const char *a;
    int n = 0;
    va_list ap;

    va_start(ap, close_stdin);
    while ((a = va_arg(ap, const char *)) != NULL && n < 39) {
        if (*a != 0) {
            argv[n++] = (char *)a;
        }
    }
    va_end(ap);
    argv[n] = NULL;
    assert_int_equal(tu_peer_start(p, argv, close_stdin), 0);
}

static void need_openssl(void)
{
    static const char *const progs[] = {"openssl", NULL};
    char missing[256];

    (void)tu_peer_requirements(missing, sizeof(missing), progs, "openssl", 0);
    tu_need_peer(missing);
}

/*
 * A configuration trusting root.pem with inter's and root's CRLs (checked for the whole
 * chain, the default), and the identity <identity>.pem + inter.pem with <identity>.key.
 */
static mutls_config *crl_config(mutls_role role, const char *identity)
{
    mutls_config *cfg = NULL;
    const char *chain = joined(file_of(identity, "pem"), "inter.pem", NULL);

    assert_int_equal(mutls_config_new(&cfg, role), 0);
    assert_int_equal(mutls_config_add_trust_file(cfg, "root.pem"), 0);
    assert_int_equal(mutls_config_add_crl_file(cfg, "inter.crl.pem"), 0);
    assert_int_equal(mutls_config_add_crl_file(cfg, "root.crl.pem"), 0);
    assert_int_equal(mutls_config_add_identity_file(cfg, chain, file_of(identity, "key"), NULL), 0);
    return cfg;
}

/* `openssl s_client` with <client>.pem (+ inter.pem) against our server on @p port; its
 * output, and its exit status in *status. */
static char *run_s_client(int port, const char *client, int *status)
{
    char connect_arg[64];
    tu_peer p;

    snprintf(connect_arg, sizeof(connect_arg), "127.0.0.1:%d", port);
    start(&p, 0, "openssl", "s_client", "-connect", connect_arg, "-servername", "localhost",
          "-verify_hostname", "localhost", "-CAfile", "root.pem", "-verify_return_error",
          "-ign_eof", "-cert", file_of(client, "pem"), "-cert_chain", "inter.pem", "-key",
          file_of(client, "key"), NULL);
    assert_int_equal(tu_peer_write(&p, "hello from s_client\n"), 0);
    *status = tu_peer_wait(&p, 20000);
    return tu_peer_output(&p);
}

/* One s_client connection to our server (@p cfg): the server's result in *r, s_client's
 * output returned and its exit status in *status. */
static char *serve_s_client(const mutls_config *cfg, const char *client, tu_mserver_result *r,
                            int *status)
{
    tu_mserver s;
    char *out;

    memset(&s, 0, sizeof(s));
    assert_int_equal(tu_mserver_start(&s, cfg, 1), 0);
    out = run_s_client(s.port, client, status);
    tu_mserver_join(&s);
    *r = s.results[0];
    return out;
}

/* (a) Our server with the CRLs; s_client presents a good, then a revoked certificate. */
static void test_interop_crl_server_refuses_revoked_s_client(void **state)
{
    mutls_config *cfg;
    tu_mserver_result r;
    char *out;
    int status;

    (void)state;
    need_openssl();
    cfg = crl_config(MUTLS_ROLE_SERVER, "server");

    out = serve_s_client(cfg, "client", &r, &status);
    if (r.rc != 0) {
        fail_msg("server: %s\n--- s_client:\n%s", r.detail, out);
    }
    assert_string_equal(r.subject, "CN=client,O=mutls test");
    assert_non_null(strstr(r.received, "hello from s_client"));
    assert_non_null(strstr(out, "Hello from the server."));
    free(out);

    out = serve_s_client(cfg, "client_revoked", &r, &status);
    if (r.rc != MUTLS_ERR_X509_REVOKED) {
        fail_msg("server: %s (%s), want revoked\n--- s_client:\n%s", mutls_strerror(r.rc), r.detail,
                 out);
    }
    assert_int_equal(r.alert_sent, 44);
    assert_string_equal(r.detail, "client certificate at depth 0 (CN=client revoked,O=mutls "
                                  "test) was revoked by its issuer on 2026-03-01 00:00:00 UTC "
                                  "(reason: keyCompromise): sent alert certificate_revoked(44)");
    if (strstr(out, "alert certificate revoked") == NULL) {
        fail_msg("s_client did not report certificate revoked:\n%s", out);
    }
    assert_int_not_equal(status, 0);
    free(out);
    mutls_config_free(cfg);
}

/* `openssl s_server` for one connection presenting <server>.pem (+ inter.pem), asking for a
 * client certificate; @p ca_file the anchors it verifies with, @p crl_flag "-crl_check_all"
 * (the CRLs are then in @p ca_file) or "". Returns the port. */
static int start_s_server(tu_peer *p, const char *server, const char *ca_file, const char *crl_flag)
{
    int port = tu_free_port();
    char accept_arg[32];

    snprintf(accept_arg, sizeof(accept_arg), "%d", port);
    start(p, 1, "openssl", "s_server", "-accept", accept_arg, "-naccept", "1", "-rev", "-cert",
          file_of(server, "pem"), "-cert_chain", "inter.pem", "-key", file_of(server, "key"),
          "-CAfile", ca_file, "-Verify", "2", "-verify_return_error", crl_flag, NULL);
    /* -naccept 1: probing the port would use up the only connection. */
    assert_int_equal(tu_wait_output(p, "ACCEPT", TU_PEER_EVENT_MS), 0);
    return port;
}

/* Our client (@p cfg) against @p port: the handshake's result; the connection in *conn_out
 * and its socket in *fd_out stay open. */
static int connect_client(const mutls_config *cfg, int port, mutls_conn **conn_out, int *fd_out)
{
    int fd = tu_connect(port);

    assert_true(fd >= 0);
    assert_int_equal(mutls_conn_new(conn_out, cfg), 0);
    assert_int_equal(mutls_set_fd(*conn_out, fd), 0);
    assert_int_equal(mutls_set_hostname(*conn_out, "localhost"), 0);
    *fd_out = fd;
    return mutls_handshake(*conn_out);
}

/* Our client against a fresh s_server: the handshake must give @p want; the connection is
 * closed and s_server's output returned once it ended. */
static char *client_against(const mutls_config *cfg, const char *server, const char *ca_file,
                            const char *crl_flag, int want, mutls_conn **conn)
{
    static const char line[] = "hello from mutls\n";
    char buf[64];
    tu_peer p;
    int port = start_s_server(&p, server, ca_file, crl_flag);
    int fd;
    int rc = connect_client(cfg, port, conn, &fd);

    if (rc != want) {
        char *out = tu_peer_output(&p);
        fail_msg("client: %s (%s), want %s\n--- s_server:\n%s", mutls_strerror(rc),
                 mutls_error_detail(*conn), mutls_strerror(want), out);
    }
    if (rc == 0) {
        /* s_server -rev answers each line reversed. */
        assert_int_equal(mutls_write(*conn, line, strlen(line)), (int)strlen(line));
        rc = mutls_read(*conn, buf, sizeof(buf) - 1);
        assert_true(rc > 0);
        buf[rc] = 0;
        assert_string_equal(buf, "sltum morf olleh\n");
        (void)mutls_close(*conn);
    }
    close(fd);
    (void)tu_peer_wait(&p, TU_PEER_EVENT_MS);
    return tu_peer_output(&p);
}

/* (b) Our client with the CRLs against s_server presenting a revoked, then a good
 * certificate. */
static void test_interop_crl_client_refuses_revoked_s_server(void **state)
{
    mutls_config *cfg;
    mutls_conn *conn = NULL;
    char *out;

    (void)state;
    need_openssl();
    cfg = crl_config(MUTLS_ROLE_CLIENT, "client");

    out = client_against(cfg, "server_revoked", "root.pem", "", MUTLS_ERR_X509_REVOKED, &conn);
    assert_int_equal(mutls_alert_sent(conn), 44);
    assert_string_equal(mutls_error_detail(conn),
                        "server certificate at depth 0 (CN=localhost revoked,O=mutls test) was "
                        "revoked by its issuer on 2026-03-01 00:00:00 UTC (reason: superseded): "
                        "sent alert certificate_revoked(44)");
    if (strstr(out, "alert certificate revoked") == NULL) {
        fail_msg("s_server did not report certificate revoked:\n%s", out);
    }
    free(out);
    mutls_free(conn);

    out = client_against(cfg, "server", "root.pem", "", 0, &conn);
    assert_string_equal(mutls_peer_subject(conn), "CN=localhost,O=mutls test");
    assert_int_equal(mutls_client_cert_given(conn), 1);
    assert_non_null(strstr(out, "CN = client"));
    free(out);
    mutls_free(conn);
    mutls_config_free(cfg);
}

/* (c) s_server checking CRLs for the whole chain; our client presents a good, then a revoked
 * certificate. */
static void test_interop_crl_s_server_refuses_revoked_client(void **state)
{
    /* OpenSSL's -CRL option reads one CRL; its trust store takes any number from -CAfile. */
    const char *ca_with_crls;
    mutls_config *good;
    mutls_config *revoked;
    mutls_conn *conn = NULL;
    char *out;

    (void)state;
    need_openssl();
    ca_with_crls = joined("root.pem", "inter.crl.pem", "root.crl.pem");
    good = crl_config(MUTLS_ROLE_CLIENT, "client");
    revoked = crl_config(MUTLS_ROLE_CLIENT, "client_revoked");

    out = client_against(good, "server", ca_with_crls, "-crl_check_all", 0, &conn);
    free(out);
    mutls_free(conn);

    out = client_against(revoked, "server", ca_with_crls, "-crl_check_all",
                         MUTLS_ERR_ALERT_RECEIVED, &conn);
    assert_int_equal(mutls_alert_received(conn), 44);
    assert_string_equal(mutls_error_detail(conn), "server rejected our client certificate: alert "
                                                  "certificate_revoked(44) after our Certificate");
    if (strstr(out, "certificate revoked") == NULL) {
        fail_msg("s_server did not say why:\n%s", out);
    }
    free(out);
    mutls_free(conn);
    mutls_config_free(good);
    mutls_config_free(revoked);
}

/* The output of @p p must hold @p line. */
static void expect_said(const tu_peer *p, const char *line)
{
    char *out = tu_peer_output(p);

    if (strstr(out, line) == NULL) {
        fail_msg("wanted \"%s\" in:\n%s", line, out);
    }
    free(out);
}

/* The tool's --crl on both sides: `mutls client` refuses a revoked s_server; `mutls server`
 * refuses a revoked s_client. Each names the reason on its error line. */
static void test_interop_crl_tool_refuses_revoked_peers(void **state)
{
    char port_arg[16];
    tu_peer srv;
    tu_peer cli;
    char *out;
    int status;
    int port;

    (void)state;
    need_openssl();
    if (access(MUTLS_TOOL_PATH, X_OK) != 0) {
        skip();
    }
    port = start_s_server(&srv, "server_revoked", "root.pem", "");
    snprintf(port_arg, sizeof(port_arg), "%d", port);
    start(&cli, 1, MUTLS_TOOL_PATH, "client", "--host", "localhost", "--port", port_arg, "--ca",
          "root.pem", "--cert", joined("client.pem", "inter.pem", NULL), "--key", "client.key",
          "--crl", "root_both.pem", NULL);
    assert_int_equal(tu_peer_wait(&cli, 20000), 1);
    tu_peer_stop(&srv);
    expect_said(&cli, "mutls client: server certificate at depth 0 (CN=localhost revoked,O=mutls "
                      "test) was revoked by its issuer on 2026-03-01 00:00:00 UTC (reason: "
                      "superseded): sent alert certificate_revoked(44) (revoked)");

    port = tu_free_port();
    snprintf(port_arg, sizeof(port_arg), "%d", port);
    start(&srv, 1, MUTLS_TOOL_PATH, "server", "--port", port_arg, "--count", "1", "--cert",
          joined("server.pem", "inter.pem", NULL), "--key", "server.key", "--ca", "root.pem",
          "--crl", "inter.crl.pem", "--crl", "root.crl.pem", NULL);
    assert_int_equal(tu_wait_output(&srv, "listening", TU_PEER_EVENT_MS), 0);
    out = run_s_client(port, "client_revoked", &status);
    assert_int_not_equal(status, 0);
    free(out);
    assert_int_equal(tu_peer_wait(&srv, 10000), 0);
    expect_said(&srv, "mutls server: client certificate at depth 0 (CN=client revoked,O=mutls "
                      "test) was revoked by its issuer on 2026-03-01 00:00:00 UTC (reason: "
                      "keyCompromise): sent alert certificate_revoked(44) (revoked)");
}

/* (d) GnuTLS, both ways: gnutls-serv with the CRLs refuses our revoked client and serves the
 * good one; gnutls-cli with the CRLs refuses our server presenting a revoked certificate.
 * GnuTLS answers a revoked chain with access_denied (server) or bad_certificate (client),
 * and we must say so in plain words. */
static void test_interop_crl_gnutls_refuses_revoked_both_ways(void **state)
{
    static const char line[] = "hello gnutls\n";
    const char *crls = joined("inter.crl.pem", "root.crl.pem", NULL);
    mutls_config *good;
    mutls_config *revoked;
    mutls_config *srv;
    mutls_conn *conn = NULL;
    tu_mserver s;
    tu_peer p;
    char port_arg[16];
    char buf[64];
    char *out;
    int port;
    int fd;

    (void)state;
    if (!tu_have("gnutls-serv") || !tu_have("gnutls-cli")) {
        fprintf(stderr, "gnutls-bin is not installed: skipping\n");
        skip();
    }
    good = crl_config(MUTLS_ROLE_CLIENT, "client");
    revoked = crl_config(MUTLS_ROLE_CLIENT, "client_revoked");
    port = tu_free_port();
    snprintf(port_arg, sizeof(port_arg), "%d", port);
    start(&p, 1, "gnutls-serv", "--port", port_arg, "--echo", "--x509certfile",
          joined("server.pem", "inter.pem", NULL), "--x509keyfile", "server.key", "--x509cafile",
          "root.pem", "--x509crlfile", crls, "--require-client-cert", "--verify-client-cert", NULL);
    assert_int_equal(tu_wait_port(&p, port, TU_PEER_EVENT_MS), 0);

    assert_int_equal(connect_client(good, port, &conn, &fd), 0);
    assert_int_equal(mutls_write(conn, line, strlen(line)), (int)strlen(line));
    assert_int_equal(mutls_read(conn, buf, sizeof(buf)), (int)strlen(line));
    (void)mutls_close(conn);
    close(fd);
    mutls_free(conn);

    assert_int_equal(connect_client(revoked, port, &conn, &fd), MUTLS_ERR_ALERT_RECEIVED);
    assert_int_equal(mutls_alert_received(conn), 49);
    assert_string_equal(mutls_error_detail(conn), "server rejected our client certificate: alert "
                                                  "access_denied(49) after our Certificate");
    close(fd);
    mutls_free(conn);
    /* (gnutls-serv's own "chain is revoked" line sits in its stdio buffer: not checked.) */
    tu_peer_stop(&p);

    /* gnutls-cli checks a CRL against its trust list when it loads it: it needs inter.pem
     * there to take inter's CRL. */
    srv = crl_config(MUTLS_ROLE_SERVER, "server_revoked");
    memset(&s, 0, sizeof(s));
    assert_int_equal(tu_mserver_start(&s, srv, 1), 0);
    snprintf(port_arg, sizeof(port_arg), "%d", s.port);
    start(&p, 0, "gnutls-cli", "--port", port_arg, "--x509cafile",
          joined("root.pem", "inter.pem", NULL), "--x509crlfile", crls, "--x509certfile",
          joined("client.pem", "inter.pem", NULL), "--x509keyfile", "client.key", "localhost",
          NULL);
    (void)tu_peer_write(&p, "hello\n");
    assert_int_not_equal(tu_peer_wait(&p, 20000), 0);
    tu_mserver_join(&s);
    out = tu_peer_output(&p);
    if (s.results[0].rc != MUTLS_ERR_ALERT_RECEIVED || strstr(out, "revoked") == NULL) {
        fail_msg("server: %s (%s)\n--- gnutls-cli:\n%s", mutls_strerror(s.results[0].rc),
                 s.results[0].detail, out);
    }
    assert_string_equal(s.results[0].detail, "client rejected our server certificate: alert "
                                             "bad_certificate(42) after our Certificate");
    free(out);
    mutls_config_free(srv);
    mutls_config_free(good);
    mutls_config_free(revoked);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_interop_crl_server_refuses_revoked_s_client),
        cmocka_unit_test(test_interop_crl_client_refuses_revoked_s_server),
        cmocka_unit_test(test_interop_crl_s_server_refuses_revoked_client),
        cmocka_unit_test(test_interop_crl_tool_refuses_revoked_peers),
        cmocka_unit_test(test_interop_crl_gnutls_refuses_revoked_both_ways),
    };

    if (chdir(tu_vector_path("x509/crl")) != 0) {
        fprintf(stderr, "cannot enter %s\n", tu_vector_path("x509/crl"));
        return 1;
    }
    return cmocka_run_group_tests(tests, NULL, NULL);
}
#endif
