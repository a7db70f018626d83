/* SPDX-License-Identifier: MIT */
/*
 * echo_peer.c - the mutls echo server, client connection and result record shared by the
 * interop tests against out-of-process peers (see echo_peer.h). The server thread makes no
 * cmocka assertion: a failure there lands in its ep_result for the test thread to check.
 */
#include "echo_peer.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "interop.h"
#include "peer.h"
#include "testutil.h"

#include <cmocka.h>

void ep_need_peer(const char *missing, const char *build_log)
{
    if (missing[0] != 0) {
        fprintf(stderr, "%s", missing);
        skip();
    }
    if (build_log[0] != 0) {
        fail_msg("%s", build_log);
    }
}

uint8_t ep_pattern(size_t i)
{
    return (uint8_t)(i * 31u + (i >> 8) + 7u);
}

int ep_read_full(mutls_conn *conn, uint8_t *buf, size_t n)
{
    size_t got = 0;

    while (got < n) {
        int r = mutls_read(conn, buf + got, n - got);
        if (r <= 0) {
            return r == 0 ? MUTLS_ERR_CLOSED : r;
        }
        got += (size_t)r;
    }
    return 0;
}

int ep_echo(mutls_conn *conn, size_t n)
{
    uint8_t *out = malloc(n), *in = malloc(n);
    int rc;

    if (out == NULL || in == NULL) {
        free(out);
        free(in);
        return MUTLS_ERR_NO_MEMORY;
    }
    for (size_t i = 0; i < n; i++) {
        out[i] = ep_pattern(i);
    }
    rc = mutls_write(conn, out, n);
    rc = rc == (int)n ? 0 : rc < 0 ? rc : MUTLS_ERR_INTERNAL;
    rc = rc != 0 ? rc : ep_read_full(conn, in, n);
    if (rc == 0 && memcmp(in, out, n) != 0) {
        rc = MUTLS_ERR_INTERNAL;
    }
    free(out);
    free(in);
    return rc;
}

char ep_keylog_line[256];

void ep_keylog(void *ctx, const char *line)
{
    (void)ctx;
    snprintf(ep_keylog_line, sizeof(ep_keylog_line), "%s", line);
}

void ep_hex(char *out, const uint8_t *p, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        snprintf(out + 2 * i, 3, "%02x", p[i]);
    }
}

int ep_conn_line(const char *out, int i, char *line, size_t size)
{
    char prefix[32];
    const char *at = out;
    size_t plen = (size_t)snprintf(prefix, sizeof(prefix), "conn %d ", i);

    while (at != NULL && *at != 0) {
        const char *end = strchr(at, '\n');
        int len = end != NULL ? (int)(end - at) : (int)strlen(at);
        if (strncmp(at, prefix, plen) == 0) {
            snprintf(line, size, "%.*s", len, at);
            return 0;
        }
        at = end != NULL ? end + 1 : NULL;
    }
    return -1;
}

void ep_lingering_close(int fd)
{
    char sink[512];

    tu_socket_timeout(fd, 2);
    shutdown(fd, SHUT_WR);
    while (read(fd, sink, sizeof(sink)) > 0) {
    }
    close(fd);
}

void ep_note_handshake(const mutls_conn *conn, ep_result *r)
{
    int cert = r->rc == 0 && mutls_peer_cert_count(conn) > 0;

    r->echoed = -1;
    r->certs = conn != NULL ? mutls_peer_cert_count(conn) : 0;
    snprintf(r->detail, sizeof(r->detail), "%s", mutls_error_detail(conn));
    r->alert_sent = conn != NULL ? mutls_alert_sent(conn) : -1;
    r->alert_received = conn != NULL ? mutls_alert_received(conn) : -1;
    if (r->rc == 0) {
        snprintf(r->version, sizeof(r->version), "%s", mutls_get_version(conn));
        snprintf(r->suite, sizeof(r->suite), "%s", mutls_get_suite(conn));
        r->requested = mutls_client_cert_requested(conn);
        r->given = mutls_client_cert_given(conn);
    }
    snprintf(r->subject, sizeof(r->subject), "%s", cert ? mutls_peer_subject(conn) : "none");
    snprintf(r->issuer, sizeof(r->issuer), "%s", cert ? mutls_peer_issuer(conn) : "none");
}

void ep_expect_refused(const ep_result *r, int rc, int alert, const char *detail)
{
    int a = rc == MUTLS_ERR_ALERT_RECEIVED ? r->alert_received : r->alert_sent;

    fprintf(stderr, "  mutls: %s\n", r->detail);
    if (r->rc != rc || a != alert || strstr(r->detail, detail) == NULL) {
        fail_msg("we ended with %s, alert %d: '%s'\nnot %s, alert %d: '%s'", mutls_strerror(r->rc),
                 a, r->detail, mutls_strerror(rc), alert, detail);
    }
}

/* ---- the echo server ---- */

/* Serve one "SEND n\n" request: read n bytes, check them against the pattern, write them back.
 * Returns n, or a negative code. */
static int echo_once(mutls_conn *conn)
{
    char head[32];
    uint8_t *buf;
    size_t len = 0;
    long n;
    int rc;

    while (len + 1 < sizeof(head)) {
        rc = mutls_read(conn, head + len, 1);
        if (rc <= 0) {
            return rc == 0 ? MUTLS_ERR_CLOSED : rc;
        }
        if (head[len++] == '\n') {
            break;
        }
    }
    head[len] = 0;
    if (strncmp(head, "SEND ", 5) != 0 || (n = strtol(head + 5, NULL, 10)) < 0 || n > 1 << 20) {
        return MUTLS_ERR_DECODE;
    }
    buf = malloc((size_t)n + 1);
    if (buf == NULL) { /* no cmocka assertion on this thread */
        return MUTLS_ERR_NO_MEMORY;
    }
    rc = ep_read_full(conn, buf, (size_t)n);
    for (long i = 0; rc == 0 && i < n; i++) {
        rc = buf[i] == ep_pattern((size_t)i) ? 0 : MUTLS_ERR_DECODE;
    }
    if (rc == 0 && n > 0) {
        /* One write: over 16 KiB it becomes several records. */
        rc = mutls_write(conn, buf, (size_t)n) == (int)n ? 0 : MUTLS_ERR_IO;
    }
    free(buf);
    return rc == 0 ? (int)n : rc;
}

static void echo_serve(int fd, ep_result *r, const mutls_config *cfg)
{
    mutls_conn *conn = NULL;
    uint8_t one;

    r->rc = mutls_conn_new(&conn, cfg);
    if (r->rc == 0) {
        r->rc = mutls_set_fd(conn, fd);
    }
    if (r->rc == 0) {
        r->rc = mutls_handshake(conn);
    }
    ep_note_handshake(conn, r);
    if (r->rc == 0) {
        r->echoed = echo_once(conn);
        /* The client closes first: its close_notify ends our read with 0, and we answer. */
        r->closed = r->echoed >= 0 && mutls_read(conn, &one, 1) == 0 && mutls_close(conn) == 0;
    }
    mutls_free(conn);
}

static void *echo_run(void *arg)
{
    ep_server *s = arg;

    for (int i = 0; i < s->count; i++) {
        int fd = accept(s->listen_fd, NULL, NULL);
        if (fd < 0) {
            break;
        }
        tu_socket_timeout(fd, 20);
        echo_serve(fd, &s->results[i], s->cfgs[i] != NULL ? s->cfgs[i] : s->cfgs[0]);
        ep_lingering_close(fd);
    }
    return NULL;
}

void ep_start(ep_server *s, int count)
{
    assert_true(count >= 0 && count <= EP_MAX_CONNS);
    s->count = count;
    s->port = 0;
    s->listen_fd = tu_listen(&s->port);
    assert_true(s->listen_fd >= 0);
    assert_int_equal(pthread_create(&s->thread, NULL, echo_run, s), 0);
}

void ep_join(ep_server *s)
{
    shutdown(s->listen_fd, SHUT_RDWR);
    pthread_join(s->thread, NULL);
    close(s->listen_fd);
}

/* ---- our client ---- */

void ep_client_connect(int port, const mutls_config *cfg, size_t size, ep_result *r)
{
    mutls_conn *conn = NULL;
    uint8_t *data = malloc(size + 1);
    uint8_t *back = malloc(size + 1);
    char head[32];
    int fd = tu_connect(port);

    assert_true(fd >= 0);
    assert_non_null(data);
    assert_non_null(back);
    memset(r, 0, sizeof(*r));
    assert_int_equal(mutls_conn_new(&conn, cfg), 0);
    assert_int_equal(mutls_set_fd(conn, fd), 0);
    assert_int_equal(mutls_set_hostname(conn, "localhost"), 0);
    r->rc = mutls_handshake(conn);
    ep_note_handshake(conn, r);
    if (r->rc == 0) {
        int len = snprintf(head, sizeof(head), "SEND %zu\n", size);
        for (size_t i = 0; i < size; i++) {
            data[i] = ep_pattern(i);
        }
        if (mutls_write(conn, head, (size_t)len) == len &&
            (size == 0 || mutls_write(conn, data, size) == (int)size) &&
            ep_read_full(conn, back, size) == 0) {
            r->echoed = memcmp(back, data, size) == 0 ? (int)size : -2;
        }
        /* We close first; the peer answers with its own close_notify, which reads as 0. */
        r->closed = mutls_close(conn) == 0 && mutls_read(conn, back, 1) == 0;
    }
    mutls_free(conn);
    ep_lingering_close(fd);
    free(data);
    free(back);
}

/* ---- server configurations ---- */

mutls_config *ep_server_identities(void)
{
    mutls_config *cfg = NULL;

    assert_int_equal(mutls_config_new(&cfg, MUTLS_ROLE_SERVER), 0);
    assert_int_equal(
        mutls_config_add_identity_file(cfg, tu_pki("server.pem"), tu_pki("server.key"), NULL), 0);
    assert_int_equal(
        mutls_config_add_identity_file(cfg, tu_pki("server-ec.pem"), tu_pki("server-ec.key"), NULL),
        0);
    assert_int_equal(mutls_config_add_trust_file(cfg, tu_pki("cas.pem")), 0);
    return cfg;
}

mutls_config *ep_server_config(int require_ems, int send_ca_names)
{
    mutls_config *cfg = ep_server_identities();

    assert_int_equal(mutls_config_set_client_auth(cfg, MUTLS_CLIENT_AUTH_REQUIRED), 0);
    assert_int_equal(mutls_config_set_require_ems(cfg, require_ems), 0);
    assert_int_equal(mutls_config_set_send_ca_names(cfg, send_ca_names), 0);
    return cfg;
}

void ep_refusals_plan(ep_server *s, char specs[][EP_SPEC_LEN], int require_ems,
                      mutls_config *made[2])
{
    const char *cas = tu_pki("cas.pem");

    memset(s, 0, sizeof(*s));
    made[0] = ep_server_config(require_ems, 1);
    made[1] = ep_server_config(require_ems, 0);
    s->cfgs[0] = made[0];
    s->cfgs[EP_REFUSE_OTHER_CA] = made[1];
    snprintf(specs[EP_REFUSE_NO_CERT], EP_SPEC_LEN, "ca=%s,send=10", cas);
    snprintf(specs[EP_REFUSE_UNTRUSTING], EP_SPEC_LEN, "id=%s,ca=%s,send=10", tu_pki("client"),
             tu_pki("other-ca.pem"));
    snprintf(specs[EP_REFUSE_OTHER_CA], EP_SPEC_LEN, "id=%s,ca=%s,send=10", tu_pki("client-other"),
             cas);
    snprintf(specs[EP_REFUSE_EXPIRED], EP_SPEC_LEN, "id=%s,ca=%s,send=10", tu_pki("client-expired"),
             cas);
}

void ep_expect_refusals(const ep_result *r)
{
    ep_expect_refused(&r[EP_REFUSE_NO_CERT], MUTLS_ERR_NO_CLIENT_CERTIFICATE, 40,
                      "client sent no certificate: sent alert handshake_failure(40)");
    ep_expect_refused(&r[EP_REFUSE_OTHER_CA], MUTLS_ERR_X509_UNKNOWN_ISSUER, 48,
                      "issued by CN=Other CA");
    ep_expect_refused(&r[EP_REFUSE_EXPIRED], MUTLS_ERR_X509_EXPIRED, 45, "expired on 2025-07-01");
}
