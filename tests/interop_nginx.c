/* SPDX-License-Identifier: MIT */
/*
 * interop_nginx.c - mutls against nginx (OpenSSL inside), the reverse proxy that mutual-auth
 * services usually sit behind, in both directions of mutual TLS on 127.0.0.1:
 *  - nginx as the server (`ssl_verify_client on`, TLS 1.2 only): the `mutls client` tool sends a
 *    GET and nginx's page must name our client's subject and SUCCESS, for the RSA and the EC
 *    identity and every ECDHE suite with AES-GCM or ChaCha20-Poly1305 both sides implement;
 *    without a certificate, or with one nginx cannot verify, nginx completes the handshake and
 *    answers 400 (nginx checks the chain after the handshake, at the HTTP layer) and says why in
 *    its error log; with `ssl_crl` a revoked client (vectors/x509/crl) gets 400 and
 *    $ssl_client_verify "FAILED:certificate revoked" (RFC 5280 §6.3 as OpenSSL applies it).
 *  - nginx as the client (`proxy_pass https://` with proxy_ssl_certificate and
 *    proxy_ssl_verify on): our server (the tool's --http, or the in-process test server) must
 *    see nginx's client certificate; a client certificate from another CA is refused by us with
 *    unknown_ca(48) (RFC 5246 §7.4.6) and nginx's error log names that alert; nginx trusting a
 *    CA that did not issue our certificate refuses us with 502.
 * Each nginx runs in a private temporary prefix (configuration, logs, pid and temp directories
 * all there, nothing from /etc/nginx or /var), single-process in the foreground, and is stopped
 * and reaped by the teardown of every test, passed or failed. Skips when nginx is not installed.
 */
#include "testutil.h"

#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "built.h"
#include "interop.h"
#include "mserver.h"
#include "mutls.h"
#include "nginx.h"
#include "peer.h"

typedef struct suite_case {
    const char *name; /* OpenSSL's name: the tool's --suites and nginx's $ssl_cipher */
    const char *iana; /* what the tool prints */
    int ec;           /* authenticated by nginx's ECDSA certificate */
} suite_case;

/* The suites both nginx's default list (HIGH:!aNULL:!MD5) and mutls have, minus CBC: the three
 * AEAD families with ECDHE, each with an RSA and an ECDSA server certificate. */
/* clang-format off */
static const suite_case suites[] = {
    {"ECDHE-ECDSA-AES128-GCM-SHA256", "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256",       1},
    {"ECDHE-ECDSA-AES256-GCM-SHA384", "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384",       1},
    {"ECDHE-ECDSA-CHACHA20-POLY1305", "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256", 1},
    {"ECDHE-RSA-AES128-GCM-SHA256",   "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",         0},
    {"ECDHE-RSA-AES256-GCM-SHA384",   "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",         0},
    {"ECDHE-RSA-CHACHA20-POLY1305",   "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256",   0},
};
/* clang-format on */
#define N_SUITES (sizeof(suites) / sizeof(suites[0]))

#define GET_REQUEST "GET / HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"
#define DEMO_DN "CN=client,O=mutls demo"

/* Why the tests cannot run here (empty: they can). Each test skips with the message: a
 * failed group setup would count as a failure, not a skip. */
static char missing[256];

/* What a test may leave running when an assertion ends it: the teardown stops all of it. */
static tu_nginx ngx;
static tu_peer tool_srv;
static tu_mserver msrv;
static int msrv_running;

static int find_nginx(void **state)
{
    (void)state;
    tu_nginx_forget(&ngx);
    tool_srv.pid = -1;
    tool_srv.stdin_fd = -1;
    if (tu_nginx_path() == NULL) {
        snprintf(missing, sizeof(missing),
                 "nginx is not installed (apt-get install nginx): skipping\n");
    } else if (access(MUTLS_TOOL_PATH, X_OK) != 0) {
        snprintf(missing, sizeof(missing),
                 "the mutls tool is not built (%s; MUTLS_BUILD_TOOLS=ON): skipping\n",
                 MUTLS_TOOL_PATH);
    }
    return 0;
}

/* Start a test: skip without nginx, else a fresh prefix for ngx. */
static void need_nginx(void)
{
    if (missing[0] != 0) {
        fprintf(stderr, "%s", missing);
        skip();
    }
    assert_int_equal(tu_nginx_init(&ngx), 0);
}

static int teardown(void **state)
{
    (void)state;
    tu_nginx_stop(&ngx);
    tu_peer_stop(&tool_srv);
    if (msrv_running) {
        /* Wakes the thread from accept() when nginx never connected. */
        shutdown(msrv.listen_fd, SHUT_RDWR);
        tu_mserver_join(&msrv);
        msrv_running = 0;
    }
    return 0;
}

/* Start ngx; on failure show why (nginx reports configuration errors on stderr). */
static void nginx_start(void)
{
    if (tu_nginx_start(&ngx) != 0) {
        char *out = tu_peer_output(&ngx.peer);
        fail_msg("nginx did not start:\n%s", out);
    }
}

/* A new port for ngx to listen on. */
static int nginx_port(void)
{
    int port = tu_nginx_port(&ngx);

    assert_true(port > 0);
    return port;
}

/* Join files into ngx's prefix; the path. */
static const char *join_files(const char *name, const char *a, const char *b, const char *c)
{
    const char *path = tu_nginx_join(&ngx, name, a, b, c);

    assert_non_null(path);
    return path;
}

/* An HTTPS server block on a new port: both demo server identities (nginx picks the one the
 * suite needs), TLS 1.2 only, client certificates required and checked against @p client_cas,
 * @p extra directives, and a page made of the TLS variables. */
static int add_tls_server(const char *client_cas, const char *extra)
{
    int port = nginx_port();

    assert_int_equal(
        tu_nginx_add(&ngx,
                     "  server {\n"
                     "    listen 127.0.0.1:%d ssl;\n"
                     "    ssl_certificate %s; ssl_certificate_key %s;\n"
                     "    ssl_certificate %s; ssl_certificate_key %s;\n"
                     "    ssl_protocols TLSv1.2;\n"
                     "    ssl_verify_client on;\n"
                     "    ssl_client_certificate %s;\n"
                     "    ssl_verify_depth 2;\n"
                     "    %s\n"
                     "    location / {\n"
                     "      default_type text/plain;\n"
                     "      return 200 \"verify=$ssl_client_verify dn=$ssl_client_s_dn "
                     "proto=$ssl_protocol cipher=$ssl_cipher\\n\";\n"
                     "    }\n"
                     "  }\n",
                     port, tu_pki("server.pem"), tu_pki("server.key"), tu_pki("server-ec.pem"),
                     tu_pki("server-ec.key"), client_cas, extra),
        0);
    return port;
}

/* nginx's log @p name must come to hold @p want. */
static void expect_log(const char *name, const char *want)
{
    size_t *mark = strcmp(name, "error.log") == 0 ? &ngx.error_mark : &ngx.access_mark;
    char *news = tu_nginx_log(&ngx, name, mark, want, 5000);

    assert_non_null(news);
    if (strstr(news, want) == NULL) {
        fail_msg("nginx %s lacks \"%s\":\n%s", name, want, news);
    }
    free(news);
}

/* `mutls client` against nginx on @p port trusting both demo CAs, presenting @p cert/@p key
 * (NULL: none), limited to @p suite (NULL: all); it sends a GET and prints the reply. Its
 * output is returned, its exit status in *status. */
static char *tool_get(int port, const char *cert, const char *key, const char *suite, int *status)
{
    char port_arg[16];
    char *argv[20];
    tu_peer p;
    int a = 0;

    snprintf(port_arg, sizeof(port_arg), "%d", port);
    argv[a++] = MUTLS_TOOL_PATH;
    argv[a++] = "client";
    argv[a++] = "--host";
    argv[a++] = "localhost";
    argv[a++] = "--port";
    argv[a++] = port_arg;
    argv[a++] = "--ca";
    argv[a++] = (char *)tu_pki("cas.pem");
    argv[a++] = "--send";
    argv[a++] = GET_REQUEST;
    if (cert != NULL) {
        argv[a++] = "--cert";
        argv[a++] = (char *)cert;
        argv[a++] = "--key";
        argv[a++] = (char *)key;
    }
    if (suite != NULL) {
        argv[a++] = "--suites";
        argv[a++] = (char *)suite;
    }
    argv[a] = NULL;
    assert_int_equal(tu_peer_start(&p, argv, 1), 0);
    *status = tu_peer_wait(&p, 30000);
    return tu_peer_output(&p);
}

/* @p text must hold @p want; @p what names the text in the failure. */
static void expect_in(const char *text, const char *want, const char *what)
{
    if (strstr(text, want) == NULL) {
        fail_msg("%s lacks \"%s\":\n%s", what, want, text);
    }
}

/* (1) Our client with the RSA and the EC identity, every shared AEAD suite: nginx verifies
 * the client (SUCCESS, our DN on its page and in its log), we verify nginx's certificate
 * (RSA or ECDSA as the suite asks). */
static void test_nginx_server_accepts_mutls_client_every_suite(void **state)
{
    static const char *const ids[2] = {"client", "client-ec"};
    char want[256];
    int port;

    (void)state;
    need_nginx();
    port = add_tls_server(tu_pki("cas.pem"), "");
    nginx_start();

    for (int id = 0; id < 2; id++) {
        char cert[64];
        char key[64];

        snprintf(cert, sizeof(cert), "%s.pem", ids[id]);
        snprintf(key, sizeof(key), "%s.key", ids[id]);
        for (size_t i = 0; i < N_SUITES; i++) {
            const suite_case *s = &suites[i];
            int status;
            char *out = tool_get(port, tu_pki(cert), tu_pki(key), s->name, &status);

            if (status != 0) {
                fail_msg("%s with %s: mutls client exit %d:\n%s", ids[id], s->name, status, out);
            }
            snprintf(want, sizeof(want),
                     "connected: TLSv1.2, %s, client certificate requested "
                     "and sent",
                     s->iana);
            expect_in(out, want, "mutls client");
            expect_in(out,
                      s->ec ? "issuer:   CN=mutls demo EC CA,O=mutls demo"
                            : "issuer:   CN=mutls demo CA,O=mutls demo",
                      "mutls client");
            expect_in(out, "HTTP/1.1 200 OK", "mutls client");
            snprintf(want, sizeof(want), "verify=SUCCESS dn=" DEMO_DN " proto=TLSv1.2 cipher=%s\n",
                     s->name);
            expect_in(out, want, "nginx's page");
            free(out);

            snprintf(want, sizeof(want),
                     "status=200 verify=\"SUCCESS\" dn=\"" DEMO_DN "\" cipher=%s", s->name);
            expect_log("access.log", want);
        }
    }
    tu_nginx_stop(&ngx);
}

/* One request nginx must refuse with 400 after a complete handshake: the tool says whether it
 * sent a certificate (@p sent) and shows nginx's page (@p page); nginx's error log names the
 * reason (@p why) and its access log the verdict (@p verdict). */
static void refused_with_400(int port, const char *cert, const char *key, int sent,
                             const char *page, const char *why, const char *verdict)
{
    int status;
    char *out = tool_get(port, cert, key, NULL, &status);

    if (status != 0) {
        fail_msg("mutls client exit %d:\n%s", status, out);
    }
    expect_in(out,
              sent ? "client certificate requested and sent"
                   : "client certificate requested, none sent",
              "mutls client");
    expect_in(out, "HTTP/1.1 400 Bad Request", "mutls client");
    expect_in(out, page, "nginx's page");
    assert_null(strstr(out, "verify=SUCCESS"));
    free(out);
    expect_log("error.log", why);
    expect_log("access.log", verdict);
}

/* (2) No client certificate, one from a CA nginx does not trust, an expired one: the TLS
 * handshake completes (nginx lets OpenSSL accept any chain and judges at the HTTP layer) and
 * nginx answers 400 with the reason in its error log. */
static void test_nginx_server_refuses_missing_or_bad_client_cert(void **state)
{
    mutls_config *cfg;
    mutls_conn *conn = NULL;
    char buf[2048];
    size_t have = 0;
    int port;
    int fd;
    int n;

    (void)state;
    need_nginx();
    port = add_tls_server(tu_pki("cas.pem"), "");
    nginx_start();

    refused_with_400(port, NULL, NULL, 0, "No required SSL certificate was sent",
                     "client sent no required SSL certificate while reading client request "
                     "headers",
                     "status=400 verify=\"NONE\" dn=\"-\"");
    /* The tool presents its identity whatever CAs nginx named; nginx does not have Other CA,
     * and client-other.pem comes alone. */
    refused_with_400(port, tu_pki("client-other.pem"), tu_pki("client-other.key"), 1,
                     "The SSL certificate error",
                     "client SSL certificate verify error: (21:unable to verify the first "
                     "certificate) while reading client request headers",
                     "status=400 verify=\"FAILED:unable to verify the first certificate\" "
                     "dn=\"CN=client,O=Other\"");
    refused_with_400(port, tu_pki("client-expired.pem"), tu_pki("client-expired.key"), 1,
                     "The SSL certificate error",
                     "client SSL certificate verify error: (10:certificate has expired)",
                     "status=400 verify=\"FAILED:certificate has expired\"");

    /* The same without a certificate through the C API: the handshake succeeds, the request
     * was seen and nothing was sent, and the reply is nginx's 400. The client trusts ca.pem
     * only: an RSA suite, so that nginx shows its RSA certificate. */
    cfg = tu_client_config(0, NULL, "ECDHE-RSA-AES128-GCM-SHA256");
    assert_non_null(cfg);
    fd = tu_connect(port);
    assert_true(fd >= 0);
    assert_int_equal(mutls_conn_new(&conn, cfg), 0);
    assert_int_equal(mutls_set_fd(conn, fd), 0);
    assert_int_equal(mutls_set_hostname(conn, "localhost"), 0);
    if (mutls_handshake(conn) != 0) {
        fail_msg("handshake: %s", mutls_error_detail(conn));
    }
    assert_int_equal(mutls_client_cert_requested(conn), 1);
    assert_int_equal(mutls_client_cert_given(conn), 0);
    assert_string_equal(mutls_get_version(conn), "TLSv1.2");
    assert_string_equal(mutls_get_suite(conn), "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256");
    assert_string_equal(mutls_peer_subject(conn), "CN=localhost,O=mutls demo");
    assert_int_equal(mutls_write(conn, GET_REQUEST, strlen(GET_REQUEST)), (int)strlen(GET_REQUEST));
    /* nginx closes after the 400 with close_notify: the read ends with 0, not truncation. */
    while ((n = mutls_read(conn, buf + have, sizeof(buf) - 1 - have)) > 0) {
        have += (size_t)n;
        assert_true(have < sizeof(buf) - 1);
    }
    assert_int_equal(n, 0);
    buf[have] = 0;
    expect_in(buf, "HTTP/1.1 400 Bad Request", "nginx's reply");
    expect_in(buf, "No required SSL certificate was sent", "nginx's reply");
    mutls_free(conn);
    close(fd);
    mutls_config_free(cfg);
    expect_log("error.log", "client sent no required SSL certificate");
    tu_nginx_stop(&ngx);
}

/* vectors/x509/crl/<name> in one of eight rotating buffers. */
static const char *crl_vec(const char *name)
{
    static char bufs[8][1024];
    static unsigned next;
    char *b = bufs[next++ % 8];
    char rel[128];

    snprintf(rel, sizeof(rel), "x509/crl/%s", name);
    snprintf(b, sizeof(bufs[0]), "%s", tu_vector_path(rel));
    return b;
}

/* (3) nginx with `ssl_crl` (inter's, root's and the EC root's CRLs from vectors/x509/crl; nginx
 * then checks every certificate of the chain): a good client from that PKI passes; a revoked
 * one (RSA under an intermediate, or EC directly under its root) gets 400 with
 * "FAILED:certificate revoked". */
static void test_nginx_server_crl_refuses_revoked_client(void **state)
{
    char extra[1200];
    char good[128];
    char revoked[128];
    int status;
    char *out;
    int port;

    (void)state;
    need_nginx();
    snprintf(extra, sizeof(extra), "ssl_crl %s;",
             join_files("crls.pem", crl_vec("inter.crl.pem"), crl_vec("root.crl.pem"),
                        crl_vec("ecroot.crl.pem")));
    port = add_tls_server(
        join_files("crl-cas.pem", crl_vec("root.pem"), crl_vec("ecroot.pem"), NULL), extra);
    /* Our client's RSA chains: leaf + inter (nginx has only root.pem as an anchor). */
    snprintf(good, sizeof(good), "%s",
             join_files("good.pem", crl_vec("client.pem"), crl_vec("inter.pem"), NULL));
    snprintf(revoked, sizeof(revoked), "%s",
             join_files("revoked.pem", crl_vec("client_revoked.pem"), crl_vec("inter.pem"), NULL));
    nginx_start();

    out = tool_get(port, good, crl_vec("client.key"), NULL, &status);
    if (status != 0) {
        fail_msg("mutls client exit %d:\n%s", status, out);
    }
    expect_in(out, "verify=SUCCESS dn=CN=client,O=mutls test proto=TLSv1.2", "nginx's page");
    free(out);
    expect_log("access.log", "status=200 verify=\"SUCCESS\" dn=\"CN=client,O=mutls test\"");

    refused_with_400(port, revoked, crl_vec("client_revoked.key"), 1, "The SSL certificate error",
                     "client SSL certificate verify error: (23:certificate revoked)",
                     "status=400 verify=\"FAILED:certificate revoked\" "
                     "dn=\"CN=client revoked,O=mutls test\"");
    refused_with_400(port, crl_vec("client_ec_revoked.pem"), crl_vec("client_ec_revoked.key"), 1,
                     "The SSL certificate error",
                     "client SSL certificate verify error: (23:certificate revoked)",
                     "status=400 verify=\"FAILED:certificate revoked\" "
                     "dn=\"CN=client ec revoked,O=mutls test\"");
    tu_nginx_stop(&ngx);
}

/* A plain-HTTP location of nginx proxying to https://127.0.0.1:@p upstream as a TLS 1.2
 * client with @p cert/@p key, verifying the upstream against @p trusted as "localhost" (the
 * demo server certificate's name). @p extra: more directives. */
static void add_proxy_location(const char *path, int upstream, const char *cert, const char *key,
                               const char *trusted, const char *extra)
{
    assert_int_equal(tu_nginx_add(&ngx,
                                  "    location = %s {\n"
                                  "      proxy_pass https://127.0.0.1:%d/;\n"
                                  "      proxy_ssl_certificate %s;\n"
                                  "      proxy_ssl_certificate_key %s;\n"
                                  "      proxy_ssl_trusted_certificate %s;\n"
                                  "      proxy_ssl_verify on;\n"
                                  "      proxy_ssl_name localhost;\n"
                                  "      proxy_ssl_server_name on;\n"
                                  "      proxy_ssl_protocols TLSv1.2;\n"
                                  "      proxy_connect_timeout 5s;\n"
                                  "      proxy_read_timeout 10s;\n"
                                  "      proxy_send_timeout 10s;\n"
                                  "      %s\n"
                                  "    }\n",
                                  path, upstream, cert, key, trusted, extra),
                     0);
}

/* GET @p path from nginx's plain-HTTP port; the whole response (caller frees). */
static char *http_get(int port, const char *path)
{
    char req[256];
    char *buf = malloc(65536);
    size_t have = 0;
    ssize_t n;
    int fd = tu_connect(port);

    assert_non_null(buf);
    assert_true(fd >= 0);
    snprintf(req, sizeof(req), "GET %s HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n", path);
    assert_int_equal(write(fd, req, strlen(req)), (ssize_t)strlen(req));
    /* HTTP/1.0 without keep-alive: nginx closes after the response (20 s socket timeout). */
    while (have < 65535 && (n = read(fd, buf + have, 65535 - have)) > 0) {
        have += (size_t)n;
    }
    buf[have] = 0;
    close(fd);
    return buf;
}

/* `mutls server --http` on a free port with the RSA demo server identity, trusting ca.pem,
 * client certificates required; its port. */
static int tool_server_start(tu_peer *p)
{
    char port_arg[16];
    int port = tu_free_port();
    char *argv[] = {MUTLS_TOOL_PATH,
                    "server",
                    "--http",
                    "--port",
                    port_arg,
                    "--client-auth",
                    "required",
                    "--cert",
                    (char *)tu_pki("server.pem"),
                    "--key",
                    (char *)tu_pki("server.key"),
                    "--ca",
                    (char *)tu_pki("ca.pem"),
                    NULL};

    assert_true(port > 0);
    snprintf(port_arg, sizeof(port_arg), "%d", port);
    assert_int_equal(tu_peer_start(p, argv, 1), 0);
    /* Its banner, not a probe: a probe would leave a failure line behind. */
    assert_int_equal(tu_wait_output(p, "listening on 127.0.0.1", TU_PEER_EVENT_MS), 0);
    return port;
}

/* The tool server's output must come to hold @p want (TU_PEER_EVENT_MS). */
static void expect_tool_said(tu_peer *p, const char *want)
{
    char *out = NULL;

    for (int waited = 0; waited <= TU_PEER_EVENT_MS; waited += 20) {
        free(out);
        out = tu_peer_output(p);
        if (strstr(out, want) != NULL) {
            free(out);
            return;
        }
        usleep(20 * 1000);
    }
    fail_msg("mutls server did not print \"%s\":\n%s", want, out);
}

/* Count the occurrences of @p needle in @p hay. */
static int count_of(const char *hay, const char *needle)
{
    int k = 0;

    for (const char *p = strstr(hay, needle); p != NULL; p = strstr(p + 1, needle)) {
        k++;
    }
    return k;
}

/* (4) nginx as the client of `mutls server --http`: our page names nginx's client certificate,
 * twice (nginx's proxy_ssl_session_reuse is on by default: the second connection resumes the
 * first session, and the page still names the certificate). A client certificate from Other
 * CA: we refuse it with unknown_ca(48), nginx logs that alert and answers 502. */
static void test_nginx_proxy_client_cert_checked_by_mutls_server(void **state)
{
    char *page;
    char *dbg;
    size_t dbg_mark = 0;
    int upstream;
    int port;
    int resumed;
    int offered;
    int sets;

    (void)state;
    need_nginx();
    upstream = tool_server_start(&tool_srv);
    port = nginx_port();
    assert_int_equal(tu_nginx_add(&ngx, "  server {\n    listen 127.0.0.1:%d;\n", port), 0);
    /* nginx's debug log (its Debian build has --with-debug) says whether a session was set on
     * the upstream connection and whether OpenSSL reused it. */
    {
        char dbg_line[160];
        snprintf(dbg_line, sizeof(dbg_line), "error_log %s/debug.log debug;", ngx.dir);
        add_proxy_location("/good", upstream, tu_pki("client.pem"), tu_pki("client.key"),
                           tu_pki("ca.pem"), dbg_line);
    }
    /* nginx keeps one saved session per upstream, whichever proxy_ssl_certificate made it:
     * with reuse on, /other would resume /good's session (whose client proved CN=client) and
     * never show its own certificate. A session stands for whoever holds its master secret,
     * so that is resumption working, not a bypass; this location turns reuse off to test
     * the certificate itself. */
    add_proxy_location("/other", upstream, tu_pki("client-other.pem"), tu_pki("client-other.key"),
                       tu_pki("ca.pem"), "proxy_ssl_session_reuse off;");
    assert_int_equal(tu_nginx_add(&ngx, "  }\n"), 0);
    nginx_start();

    for (int i = 0; i < 2; i++) {
        page = http_get(port, "/good");
        expect_in(page, "HTTP/1.1 200 OK", "nginx's response");
        expect_in(page, "<h1>Hello from mutls</h1>", "nginx's response");
        expect_in(page, "<p>Client certificate: " DEMO_DN "</p>", "nginx's response");
        expect_in(page, "<p>Cipher suite: TLS_ECDHE_RSA_WITH_", "nginx's response");
        free(page);
    }
    expect_tool_said(&tool_srv, "handshake with " DEMO_DN ": TLS_ECDHE_RSA_WITH_");
    expect_tool_said(&tool_srv, "served " DEMO_DN "\nhandshake with " DEMO_DN);
    expect_log("access.log", "uri=/good status=200");

    dbg = tu_nginx_log(&ngx, "debug.log", &dbg_mark, "set session", 5000);
    assert_non_null(dbg);
    sets = count_of(dbg, "set session: ");
    offered = sets - count_of(dbg, "set session: 0000000000000000");
    resumed = count_of(dbg, "SSL reused session");
    if (sets == 0) {
        fprintf(stderr, "note: nginx wrote no debug log (built without --with-debug?): "
                        "session reuse not observed\n");
    } else if (!tu_built(TU_PART_RESUME)) {
        /* Our server keeps no sessions: nothing for nginx to offer, nothing resumed. */
        fprintf(stderr, "session resumption not built (%s): nginx offered %d of %d, %d resumed\n",
                tu_part_switch(TU_PART_RESUME), offered, sets, resumed);
        assert_int_equal(offered, 0);
        assert_int_equal(resumed, 0);
    } else {
        fprintf(stderr,
                "note: nginx offered a saved session on %d of %d upstream connections, "
                "%d resumed\n",
                offered, sets, resumed);
        /* The tool's server keeps sessions (--session-cache, on by default): nginx's second
         * connection offers the first one's session and we resume it, and the page above
         * still named the client certificate the session was made with. */
        assert_true(offered >= 1);
        assert_true(resumed >= 1);
    }
    free(dbg);

    page = http_get(port, "/other");
    expect_in(page, "502 Bad Gateway", "nginx's response");
    assert_null(strstr(page, "Hello from mutls"));
    free(page);
    expect_tool_said(&tool_srv, "mutls server: client certificate at depth 0 (CN=client,O=Other) "
                                "was issued by CN=Other CA,O=Other, which is neither a trust "
                                "anchor nor among the given certificates: sent alert "
                                "unknown_ca(48) (unknown_issuer)");
    expect_log("error.log", "tlsv1 alert unknown ca:SSL alert number 48) while SSL "
                            "handshaking to upstream");
    expect_log("access.log", "uri=/other status=502");
    tu_nginx_stop(&ngx);
    tu_peer_stop(&tool_srv);
    /* Under -DMUTLS_SANITIZE=ON the tool reports leaks and errors when it exits. */
    page = tu_peer_output(&tool_srv);
    if (strstr(page, "Sanitizer") != NULL || strstr(page, "runtime error") != NULL) {
        fail_msg("mutls server:\n%s", page);
    }
    free(page);
}

/* (5) nginx with the EC identity as the client of the in-process server (EC identity,
 * ca-ec.pem); then nginx trusting Other CA only: it refuses our certificate and answers 502.
 * As on its server side, nginx judges the chain after the handshake, so our server sees a
 * complete handshake and then nginx leaving. */
static void test_nginx_proxy_refuses_mutls_server_from_unknown_ca(void **state)
{
    mutls_config *cfg;
    char *page;
    int port;

    (void)state;
    need_nginx();
    cfg = tu_server_config(1, MUTLS_CLIENT_AUTH_REQUIRED, NULL);
    assert_non_null(cfg);
    memset(&msrv, 0, sizeof(msrv));
    msrv.http = 1;
    assert_int_equal(tu_mserver_start(&msrv, cfg, 2), 0);
    msrv_running = 1;

    port = nginx_port();
    assert_int_equal(tu_nginx_add(&ngx, "  server {\n    listen 127.0.0.1:%d;\n", port), 0);
    add_proxy_location("/ec", msrv.port, tu_pki("client-ec.pem"), tu_pki("client-ec.key"),
                       tu_pki("ca-ec.pem"), "");
    add_proxy_location("/badca", msrv.port, tu_pki("client-ec.pem"), tu_pki("client-ec.key"),
                       tu_pki("other-ca.pem"), "");
    assert_int_equal(tu_nginx_add(&ngx, "  }\n"), 0);
    nginx_start();

    page = http_get(port, "/ec");
    expect_in(page, "HTTP/1.1 200 OK", "nginx's response");
    expect_in(page, "client: " DEMO_DN "\n", "nginx's response");
    free(page);

    page = http_get(port, "/badca");
    expect_in(page, "502 Bad Gateway", "nginx's response");
    free(page);
    expect_log("error.log", "upstream SSL certificate verify error: (21:unable to verify "
                            "the first certificate) while SSL handshaking to upstream");
    expect_log("access.log", "uri=/badca status=502");

    tu_mserver_join(&msrv);
    msrv_running = 0;
    assert_int_equal(msrv.done, 2);
    assert_int_equal(msrv.results[0].rc, 0);
    assert_string_equal(msrv.results[0].subject, DEMO_DN);
    assert_memory_equal(msrv.results[0].suite, "TLS_ECDHE_ECDSA_WITH_", 21);
    expect_in(msrv.results[0].received, "GET / HTTP/1.0\r\n", "what nginx sent");
    /* The refused connection: our handshake succeeded, then nginx closed it without a request;
     * OpenSSL sends no alert for a chain it judged only after the handshake. */
    if (msrv.results[1].rc != 0) {
        fail_msg("server: %s (%s)", mutls_strerror(msrv.results[1].rc), msrv.results[1].detail);
    }
    assert_string_equal(msrv.results[1].subject, DEMO_DN);
    fprintf(stderr,
            "note: after refusing our certificate nginx ended the connection so that our "
            "first read gave %d (%s)\n",
            msrv.results[1].read_rc,
            msrv.results[1].read_rc == 0 ? "close_notify"
                                         : mutls_strerror(msrv.results[1].read_rc));
    assert_int_equal(msrv.results[1].read_rc, 0);
    tu_nginx_stop(&ngx);
    mutls_config_free(cfg);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_teardown(test_nginx_server_accepts_mutls_client_every_suite, teardown),
        cmocka_unit_test_teardown(test_nginx_server_refuses_missing_or_bad_client_cert, teardown),
        cmocka_unit_test_teardown(test_nginx_server_crl_refuses_revoked_client, teardown),
        cmocka_unit_test_teardown(test_nginx_proxy_client_cert_checked_by_mutls_server, teardown),
        cmocka_unit_test_teardown(test_nginx_proxy_refuses_mutls_server_from_unknown_ca, teardown),
    };
    return cmocka_run_group_tests(tests, find_nginx, NULL);
}
