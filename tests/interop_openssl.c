/* SPDX-License-Identifier: MIT */
/*
 * interop_openssl.c - mutls against the OpenSSL command-line peers, started on 127.0.0.1:
 * our client against `openssl s_server -Verify 1 -verify_return_error`, and our server against
 * `openssl s_client -cert`, for every cipher suite both support, RSA and EC identities, with and
 * without client authentication; plus refusals (no client certificate, one from an unknown CA,
 * an expired one) where both sides must report why.
 */
#include "testutil.h"

#include <cmocka.h>
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

typedef struct suite_case {
    const char *name; /* OpenSSL name, accepted by mutls_config_set_suites too */
    int ec;           /* needs the EC (ECDSA) server identity */
} suite_case;

/* clang-format off */
static const suite_case suites[] = {
    {"ECDHE-ECDSA-AES128-GCM-SHA256", 1},
    {"ECDHE-ECDSA-AES256-GCM-SHA384", 1},
    {"ECDHE-ECDSA-CHACHA20-POLY1305", 1},
    {"ECDHE-RSA-AES128-GCM-SHA256",   0},
    {"ECDHE-RSA-AES256-GCM-SHA384",   0},
    {"ECDHE-RSA-CHACHA20-POLY1305",   0},
    {"ECDHE-RSA-AES128-SHA256",       0},
    {"AES128-GCM-SHA256",             0},
    {"AES256-GCM-SHA384",             0},
    {"AES128-SHA256",                 0},
    {"AES128-SHA",                    0},
};
/* clang-format on */
#define N_SUITES (sizeof(suites) / sizeof(suites[0]))

/* Skip the running test when openssl is missing (a failed group setup would count as a
 * failure, not a skip). */
static void need_openssl(void)
{
    static const char *const progs[] = {"openssl", NULL};
    char missing[256];

    (void)tu_peer_requirements(missing, sizeof(missing), progs, "openssl", 0);
    tu_need_peer(missing);
}

/* A client trusting ca(-ec).pem, with client(-ec).pem + .key when @p with_cert. */
static mutls_config *client_config(int ec, int with_cert, const char *suite)
{
    mutls_config *cfg =
        tu_client_config(ec, with_cert ? (ec ? "client-ec" : "client") : NULL, suite);

    assert_non_null(cfg);
    return cfg;
}

/* Start `openssl s_server` for one connection; returns the port. */
static int start_s_server(tu_peer *p, int ec, int verify_client, const char *suite)
{
    int port = tu_free_port();
    char accept_arg[32];
    char *argv[32];
    int a = 0;

    snprintf(accept_arg, sizeof(accept_arg), "%d", port);
    argv[a++] = "openssl";
    argv[a++] = "s_server";
    argv[a++] = "-accept";
    argv[a++] = accept_arg;
    argv[a++] = "-naccept";
    argv[a++] = "1";
    argv[a++] = "-rev";
    argv[a++] = "-cert";
    argv[a++] = (char *)(ec ? tu_pki("server-ec.pem") : tu_pki("server.pem"));
    argv[a++] = "-key";
    argv[a++] = (char *)(ec ? tu_pki("server-ec.key") : tu_pki("server.key"));
    argv[a++] = "-CAfile";
    argv[a++] = (char *)(ec ? tu_pki("ca-ec.pem") : tu_pki("ca.pem"));
    if (verify_client) {
        argv[a++] = "-Verify";
        argv[a++] = "2";
        argv[a++] = "-verify_return_error";
    }
    if (suite != NULL) {
        argv[a++] = "-cipher";
        argv[a++] = (char *)suite;
    }
    argv[a] = NULL;
    assert_int_equal(tu_peer_start(p, argv, 1), 0);
    /* -naccept 1: probing the port would use up the only connection, so wait for its banner. */
    assert_int_equal(tu_wait_output(p, "ACCEPT", TU_PEER_EVENT_MS), 0);
    return port;
}


/* Our client against s_server: handshake, one line each way (s_server -rev reverses it). */
static void client_against_s_server(int ec, int verify_client, const char *suite)
{
    static const char line[] = "hello from mutls\n";
    tu_peer p;
    mutls_config *cfg = client_config(ec, 1, suite);
    mutls_conn *conn = NULL;
    char buf[128];
    char *out;
    int port;
    int fd;
    int rc;
    int n;

    port = start_s_server(&p, ec, verify_client, suite);
    fd = tu_connect(port);
    assert_true(fd >= 0);
    assert_int_equal(mutls_conn_new(&conn, cfg), 0);
    assert_int_equal(mutls_set_fd(conn, fd), 0);
    assert_int_equal(mutls_set_hostname(conn, "localhost"), 0);
    rc = mutls_handshake(conn);
    if (rc != 0) {
        out = tu_peer_output(&p);
        fail_msg("%s (client auth %d): %s\n--- s_server:\n%s", suite, verify_client,
                 mutls_error_detail(conn), out);
    }
    if (suite != NULL) {
        assert_non_null(strstr(mutls_get_suite(conn), "_WITH_"));
    }
    assert_non_null(strstr(mutls_peer_subject(conn), "CN=localhost"));
    assert_int_equal(mutls_client_cert_requested(conn), verify_client);
    assert_int_equal(mutls_client_cert_given(conn), verify_client);
    assert_int_equal(mutls_write(conn, line, strlen(line)), (int)strlen(line));
    n = mutls_read(conn, buf, sizeof(buf) - 1);
    assert_true(n > 0);
    buf[n] = 0;
    assert_string_equal(buf, "sltum morf olleh\n");
    (void)mutls_close(conn);
    mutls_free(conn);
    close(fd);
    (void)tu_peer_wait(&p, TU_PEER_EVENT_MS);
    out = tu_peer_output(&p);
    if (verify_client) {
        /* s_server prints the chain it verified. */
        assert_non_null(strstr(out, "CN = client"));
    }
    free(out);
    mutls_config_free(cfg);
}

/* Run `openssl s_client` against our server with @p extra arguments; returns its output. */
static char *run_s_client(int port, int ec, const char *cert, const char *key, const char *suite,
                          int *status)
{
    char connect_arg[64];
    char ca[1024];
    char certbuf[1024];
    char keybuf[1024];
    char *argv[32];
    tu_peer p;
    int a = 0;

    snprintf(connect_arg, sizeof(connect_arg), "127.0.0.1:%d", port);
    snprintf(ca, sizeof(ca), "%s", ec ? tu_pki("ca-ec.pem") : tu_pki("ca.pem"));
    argv[a++] = "openssl";
    argv[a++] = "s_client";
    argv[a++] = "-connect";
    argv[a++] = connect_arg;
    argv[a++] = "-servername";
    argv[a++] = "localhost";
    argv[a++] = "-verify_hostname";
    argv[a++] = "localhost";
    argv[a++] = "-CAfile";
    argv[a++] = ca;
    argv[a++] = "-verify_return_error";
    argv[a++] = "-ign_eof";
    if (cert != NULL) {
        snprintf(certbuf, sizeof(certbuf), "%s", tu_vector_path(cert));
        snprintf(keybuf, sizeof(keybuf), "%s", tu_vector_path(key));
        argv[a++] = "-cert";
        argv[a++] = certbuf;
        argv[a++] = "-key";
        argv[a++] = keybuf;
    }
    if (suite != NULL) {
        argv[a++] = "-cipher";
        argv[a++] = (char *)suite;
    }
    argv[a] = NULL;
    assert_int_equal(tu_peer_start(&p, argv, 0), 0);
    assert_int_equal(tu_peer_write(&p, "hello from s_client\n"), 0);
    *status = tu_peer_wait(&p, 20000);
    return tu_peer_output(&p);
}

static void s_client_against_server(int ec, mutls_client_auth auth, const char *suite)
{
    mutls_config *cfg = tu_server_config(ec, auth, suite);
    tu_mserver s;
    char *out;
    int status;
    int with_cert = auth != MUTLS_CLIENT_AUTH_NONE;

    assert_non_null(cfg);
    memset(&s, 0, sizeof(s));
    assert_int_equal(tu_mserver_start(&s, cfg, 1), 0);
    out = run_s_client(s.port, ec, with_cert ? (ec ? "pki/client-ec.pem" : "pki/client.pem") : NULL,
                       with_cert ? (ec ? "pki/client-ec.key" : "pki/client.key") : NULL, suite,
                       &status);
    tu_mserver_join(&s);
    if (s.results[0].rc != 0) {
        fail_msg("%s auth %d: server: %s\n--- s_client:\n%s", suite, (int)auth, s.results[0].detail,
                 out);
    }
    assert_non_null(strstr(out, "Hello from the server."));
    assert_non_null(strstr(s.results[0].received, "hello from s_client"));
    assert_int_equal(s.results[0].cert_given, with_cert);
    if (with_cert) {
        assert_non_null(strstr(s.results[0].subject, "CN=client"));
    }
    /* A modern OpenSSL offers TLS 1.3 too: the session must still be 1.2. */
    assert_non_null(strstr(out, "TLSv1.2"));
    free(out);
    mutls_config_free(cfg);
}

static void test_interop_client_vs_s_server_every_suite(void **state)
{
    size_t i;

    (void)state;
    need_openssl();
    for (i = 0; i < N_SUITES; i++) {
        if (!tu_suite_built(suites[i].name)) {
            continue;
        }
        client_against_s_server(suites[i].ec, 1, suites[i].name);
        client_against_s_server(suites[i].ec, 0, suites[i].name);
    }
}

static void test_interop_s_client_vs_server_every_suite(void **state)
{
    size_t i;

    (void)state;
    need_openssl();
    for (i = 0; i < N_SUITES; i++) {
        if (!tu_suite_built(suites[i].name)) {
            continue;
        }
        s_client_against_server(suites[i].ec, MUTLS_CLIENT_AUTH_REQUIRED, suites[i].name);
        s_client_against_server(suites[i].ec, MUTLS_CLIENT_AUTH_NONE, suites[i].name);
    }
}

static void test_interop_s_client_default_negotiation(void **state)
{
    (void)state;
    need_openssl();
    /* No version or cipher flags on either side: OpenSSL 3 offers TLS 1.3 and 1.2. */
    s_client_against_server(1, MUTLS_CLIENT_AUTH_REQUIRED, NULL);
    s_client_against_server(0, MUTLS_CLIENT_AUTH_OPTIONAL, NULL);
    client_against_s_server(1, 1, NULL);
    client_against_s_server(0, 1, NULL);
}

/* RFC 6066 §3 with a real client: our server holds one certificate per name
 * (vectors/pki/sni) and `openssl s_client -servername` gets, and verifies, the one naming
 * it, with the server's empty server_name acknowledgement; an unknown name gets what the
 * suite order picks (ECDHE-ECDSA first: the EC certificate) and no acknowledgement. */
static void test_interop_s_client_server_name_picks_certificate(void **state)
{
    static const struct {
        const char *name;
        const char *cn;
        int acknowledged;
    } names[] = {
        {"b.example", "CN = b.example", 1},
        {"node.wild.example", "CN = *.wild.example", 1},
        {"a.example", "CN = a.example", 1},
        {"unknown.example", "CN = *.wild.example", 0},
    };
    static const char *const ids[] = {"a-rsa", "b-rsa", "wild-ec"};
    mutls_config *cfg = NULL;

    (void)state;
    need_openssl();
    assert_int_equal(mutls_config_new(&cfg, MUTLS_ROLE_SERVER), 0);
    for (size_t i = 0; i < sizeof(ids) / sizeof(ids[0]); i++) {
        char cert[1024], key[1024];

        snprintf(cert, sizeof(cert), "%spki/sni/%s.pem", tu_vector_path(""), ids[i]);
        snprintf(key, sizeof(key), "%spki/sni/%s.key", tu_vector_path(""), ids[i]);
        assert_int_equal(mutls_config_add_identity_file(cfg, cert, key, NULL), 0);
    }
    assert_int_equal(mutls_config_add_trust_file(cfg, tu_pki("cas.pem")), 0);
    for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
        char connect_arg[64];
        char *argv[] = {"openssl", "s_client", "-connect", connect_arg, "-servername",
                        (char *)names[i].name, "-CAfile", (char *)tu_pki("cas.pem"), "-cert",
                        (char *)tu_pki("client.pem"), "-key", (char *)tu_pki("client.key"),
                        "-tlsextdebug", "-ign_eof", NULL};
        char want[128];
        tu_mserver s;
        tu_peer p;
        char *out;

        memset(&s, 0, sizeof(s));
        assert_int_equal(tu_mserver_start(&s, cfg, 1), 0);
        snprintf(connect_arg, sizeof(connect_arg), "127.0.0.1:%d", s.port);
        assert_int_equal(tu_peer_start(&p, argv, 0), 0);
        assert_int_equal(tu_peer_write(&p, "hello from s_client\n"), 0);
        (void)tu_peer_wait(&p, 20000);
        out = tu_peer_output(&p);
        tu_mserver_join(&s);
        if (s.results[0].rc != 0) {
            fail_msg("%s: server: %s\n--- s_client:\n%s", names[i].name, s.results[0].detail, out);
        }
        snprintf(want, sizeof(want), "subject=O = mutls demo, %s", names[i].cn);
        if (strstr(out, want) == NULL || strstr(out, "Hello from the server.") == NULL) {
            fail_msg("%s: s_client lacks \"%s\":\n%s", names[i].name, want, out);
        }
        assert_int_equal(strstr(out, "TLS server extension \"server name\" (id=0), len=0") != NULL,
                         names[i].acknowledged);
        /* The name's own certificate verifies for it (the default does not). */
        assert_int_equal(strstr(out, "Verify return code: 0 (ok)") != NULL, 1);
        free(out);
    }
    mutls_config_free(cfg);
}

/* The hex after @p key in @p text (up to the end of its line), into @p hex. */
static void hex_after(const char *text, const char *key, char *hex, size_t cap)
{
    const char *at = strstr(text, key);
    size_t n = 0;

    if (at == NULL) {
        fail_msg("no \"%s\" in:\n%s", key, text);
    }
    at += strlen(key);
    while (at[n] != '\0' && at[n] != '\n' && at[n] != '\r' && n + 1 < cap) {
        hex[n] = at[n];
        n++;
    }
    hex[n] = '\0';
}

/* RFC 5705 keying material, both roles, against OpenSSL's -keymatexport: the same bytes. */
static void test_interop_exporter_matches_openssl_both_roles(void **state)
{
    static const char label[] = "EXPERIMENTAL-mutls-interop";
    mutls_config *cfg = client_config(1, 1, NULL);
    mutls_conn *conn = NULL;
    uint8_t km[48];
    char ours[2 * sizeof(km) + 1], theirs[256];
    char port_arg[16], connect_arg[64], export_arg[64];
    char *out;
    tu_peer p, c;
    int port, fd;

    (void)state;
    need_openssl();
    /* Our client against s_server. */
    port = tu_free_port();
    snprintf(port_arg, sizeof(port_arg), "%d", port);
    {
        char *argv[] = {"openssl", "s_server", "-accept", port_arg, "-naccept", "1", "-cert",
                        (char *)tu_pki("server-ec.pem"), "-key", (char *)tu_pki("server-ec.key"),
                        "-CAfile", (char *)tu_pki("ca-ec.pem"), "-Verify", "2", "-keymatexport",
                        (char *)label, "-keymatexportlen", "48", NULL};
        assert_int_equal(tu_peer_start(&p, argv, 0), 0);
    }
    assert_int_equal(tu_wait_output(&p, "ACCEPT", TU_PEER_EVENT_MS), 0);
    assert_int_equal(mutls_config_set_exporter(cfg, 1), 0);
    fd = tu_connect(port);
    assert_true(fd >= 0);
    assert_int_equal(mutls_conn_new(&conn, cfg), 0);
    assert_int_equal(mutls_set_fd(conn, fd), 0);
    assert_int_equal(mutls_set_hostname(conn, "localhost"), 0);
    assert_int_equal(mutls_handshake(conn), 0);
    assert_int_equal(mutls_export_keying_material(conn, label, NULL, 0, km, sizeof(km)), 0);
    for (size_t i = 0; i < sizeof(km); i++) {
        snprintf(ours + 2 * i, 3, "%02X", km[i]);
    }
    assert_int_equal(tu_wait_output(&p, "Keying material: ", TU_PEER_EVENT_MS), 0);
    (void)mutls_close(conn);
    mutls_free(conn);
    close(fd);
    tu_peer_stop(&p);
    out = tu_peer_output(&p);
    hex_after(out, "Keying material: ", theirs, sizeof(theirs));
    assert_string_equal(theirs, ours);
    free(out);
    mutls_config_free(cfg);

    /* s_client against the mutls tool's server. */
    port = tu_free_port();
    snprintf(port_arg, sizeof(port_arg), "%d", port);
    snprintf(export_arg, sizeof(export_arg), "%s:20", label);
    {
        char *argv[] = {MUTLS_TOOL_PATH, "server", "--port", port_arg, "--count", "1",
                        "--quiet", "--export", export_arg, NULL};
        assert_int_equal(tu_peer_start(&p, argv, 1), 0);
    }
    assert_int_equal(tu_wait_output(&p, "listening on", TU_PEER_EVENT_MS), 0);
    snprintf(connect_arg, sizeof(connect_arg), "127.0.0.1:%d", port);
    {
        char *argv[] = {"openssl", "s_client", "-connect", connect_arg, "-CAfile",
                        (char *)tu_pki("cas.pem"), "-cert", (char *)tu_pki("client.pem"), "-key",
                        (char *)tu_pki("client.key"), "-keymatexport", (char *)label, NULL};
        assert_int_equal(tu_peer_start(&c, argv, 0), 0);
    }
    assert_int_equal(tu_peer_write(&c, "hello\n"), 0);
    (void)tu_peer_wait(&c, 20000);
    assert_int_equal(tu_peer_wait(&p, 20000), 0);
    out = tu_peer_output(&c);
    hex_after(out, "Keying material: ", theirs, sizeof(theirs));
    free(out);
    out = tu_peer_output(&p);
    hex_after(out, " bytes): ", ours, sizeof(ours));
    free(out);
    /* 20 bytes: s_client's default length. */
    assert_string_equal(theirs, ours);
}

/* s_client with the RSA trust and vectors/pki/<identity> (a tu_client_run_fn). */
static char *run_s_client_rsa(int port, const char *identity, int *status)
{
    char cert[128];
    char key[128];

    snprintf(cert, sizeof(cert), "pki/%s.pem", identity != NULL ? identity : "");
    snprintf(key, sizeof(key), "pki/%s.key", identity != NULL ? identity : "");
    return run_s_client(port, 0, identity != NULL ? cert : NULL, identity != NULL ? key : NULL,
                        NULL, status);
}

/* Refusal: our server, a client certificate it does not accept (or none). */
static void refused_client_cert(const char *identity, int want_code, const char *want_detail,
                                const char *want_alert_text)
{
    int status;
    char *out = tu_server_refuses(run_s_client_rsa, "s_client", identity, want_code, want_detail,
                                  want_alert_text, &status);

    assert_int_not_equal(status, 0);
    free(out);
}

static void test_interop_server_refuses_unknown_ca_client(void **state)
{
    (void)state;
    need_openssl();
    refused_client_cert("client-other", MUTLS_ERR_X509_UNKNOWN_ISSUER, "issued by CN=Other CA",
                        "unknown ca");
}

static void test_interop_server_refuses_expired_client(void **state)
{
    (void)state;
    need_openssl();
    refused_client_cert("client-expired", MUTLS_ERR_X509_EXPIRED, "expired on 2025-07-01",
                        "certificate expired");
}

static void test_interop_server_refuses_missing_client_cert(void **state)
{
    (void)state;
    need_openssl();
    refused_client_cert(NULL, MUTLS_ERR_NO_CLIENT_CERTIFICATE, "client sent no certificate",
                        "handshake failure");
}

/* Refusal: our client without a certificate against s_server demanding one. */
static void test_interop_client_without_cert_is_refused(void **state)
{
    tu_peer p;
    mutls_config *cfg = client_config(0, 0, NULL);
    mutls_conn *conn = NULL;
    char *out;
    int port;
    int fd;
    int rc;

    (void)state;
    need_openssl();
    port = start_s_server(&p, 0, 1, NULL);
    fd = tu_connect(port);
    assert_true(fd >= 0);
    assert_int_equal(mutls_conn_new(&conn, cfg), 0);
    assert_int_equal(mutls_set_fd(conn, fd), 0);
    assert_int_equal(mutls_set_hostname(conn, "localhost"), 0);
    rc = mutls_handshake(conn);
    assert_int_equal(rc, MUTLS_ERR_ALERT_RECEIVED);
    assert_int_equal(mutls_client_cert_requested(conn), 1);
    assert_int_equal(mutls_client_cert_given(conn), 0);
    assert_non_null(strstr(mutls_error_detail(conn), "server"));
    assert_true(mutls_alert_received(conn) > 0);
    mutls_free(conn);
    close(fd);
    (void)tu_peer_wait(&p, TU_PEER_EVENT_MS);
    out = tu_peer_output(&p);
    assert_non_null(strstr(out, "certificate"));
    free(out);
    mutls_config_free(cfg);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_interop_client_vs_s_server_every_suite),
        cmocka_unit_test(test_interop_s_client_vs_server_every_suite),
        cmocka_unit_test(test_interop_s_client_default_negotiation),
        cmocka_unit_test(test_interop_s_client_server_name_picks_certificate),
        cmocka_unit_test(test_interop_exporter_matches_openssl_both_roles),
        cmocka_unit_test(test_interop_server_refuses_unknown_ca_client),
        cmocka_unit_test(test_interop_server_refuses_expired_client),
        cmocka_unit_test(test_interop_server_refuses_missing_client_cert),
        cmocka_unit_test(test_interop_client_without_cert_is_refused),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
