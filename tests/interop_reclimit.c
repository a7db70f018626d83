/* SPDX-License-Identifier: MIT */
/*
 * interop_reclimit.c - small records with real peers, on 127.0.0.1 (ports chosen free):
 *   - our client with a record limit against `openssl s_server -rev` (OpenSSL honours
 *     max_fragment_length, RFC 6066 §4) and against `gnutls-serv --echo` (GnuTLS answers
 *     record_size_limit, RFC 8449);
 *   - `openssl s_client -maxfraglen` and `gnutls-cli --recordsize` against our limited server.
 * Each side proves the other held to the limit: our record buffers are sized to it (a larger
 * record would fail the connection with record_overflow), and OpenSSL and GnuTLS refuse
 * records over the negotiated size too. Long payloads (several kilobytes each way) make
 * every direction cross many records.
 */
#include "testutil.h"

#include <cmocka.h>
#include <poll.h>
#include <sys/socket.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "interop.h"
#include "mutls.h"
#include "peer.h"

#define LINE_LEN 6000

static void need(const char *prog)
{
    if (!tu_have(prog)) {
        fprintf(stderr, "%s is not installed: skipping\n", prog);
        skip();
    }
}

/* A line of LINE_LEN printable bytes and a newline; *rev gets it reversed (newline last). */
static char *make_line(char **rev)
{
    char *l = malloc(LINE_LEN + 2), *r = malloc(LINE_LEN + 2);

    assert_non_null(l);
    assert_non_null(r);
    for (size_t i = 0; i < LINE_LEN; i++) {
        l[i] = (char)('a' + (i * 7) % 26);
    }
    for (size_t i = 0; i < LINE_LEN; i++) {
        r[i] = l[LINE_LEN - 1 - i];
    }
    l[LINE_LEN] = r[LINE_LEN] = '\n';
    l[LINE_LEN + 1] = r[LINE_LEN + 1] = 0;
    *rev = r;
    return l;
}

static void write_all(mutls_conn *conn, const char *p, size_t n)
{
    int rc = mutls_write(conn, p, n);

    if (rc != (int)n) {
        fail_msg("write: %d %s", rc, mutls_error_detail(conn));
    }
}

static void read_exactly(mutls_conn *conn, char *buf, size_t n)
{
    size_t got = 0;

    while (got < n) {
        int rc = mutls_read(conn, buf + got, n - got);
        if (rc <= 0) {
            fail_msg("read after %zu of %zu bytes: %d %s", got, n, rc, mutls_error_detail(conn));
        }
        got += (size_t)rc;
    }
}

/* Connect our client (limit @p limit) to 127.0.0.1:@p port, send the line, expect @p want. */
static void our_client(int port, size_t limit, int reversed, size_t want_send_limit,
                       const char *peer_name, tu_peer *peer)
{
    mutls_config *cfg = tu_client_config(0, "client", NULL);
    mutls_conn *conn = NULL;
    char *rev = NULL;
    char *line = make_line(&rev);
    char *buf = calloc(1, LINE_LEN + 2);
    int fd, rc;

    assert_non_null(cfg);
    assert_non_null(buf);
    assert_int_equal(mutls_config_set_record_limit(cfg, limit), 0);
    fd = tu_connect(port);
    assert_true(fd >= 0);
    tu_socket_timeout(fd, 20);
    assert_int_equal(mutls_conn_new(&conn, cfg), 0);
    assert_int_equal(mutls_set_fd(conn, fd), 0);
    assert_int_equal(mutls_set_hostname(conn, "localhost"), 0);
    rc = mutls_handshake(conn);
    if (rc != 0) {
        char *out = tu_peer_output(peer);
        fail_msg("limit %zu vs %s: %s\n--- peer:\n%s", limit, peer_name, mutls_error_detail(conn),
                 out);
    }
    /* A max_fragment_length the server agreed to binds both directions (RFC 6066 §4). */
    assert_int_equal(mutls_get_record_limit(conn, 0), want_send_limit);
    assert_int_equal(mutls_get_record_limit(conn, 1), want_send_limit);
    write_all(conn, line, LINE_LEN + 1);
    read_exactly(conn, buf, LINE_LEN + 1);
    assert_memory_equal(buf, reversed ? rev : line, LINE_LEN + 1);
    (void)mutls_close(conn);
    mutls_free(conn);
    close(fd);
    free(line);
    free(rev);
    free(buf);
    mutls_config_free(cfg);
}

static void test_interop_reclimit_client_vs_openssl_s_server(void **state)
{
    static const size_t limits[] = {512, 1024, 2048, 4096, 3000};

    (void)state;
    need("openssl");
    for (size_t i = 0; i < sizeof(limits) / sizeof(limits[0]); i++) {
        int port = tu_free_port();
        char accept_arg[16];
        tu_peer p;
        char *argv[] = {"openssl", "s_server", "-accept", accept_arg, "-naccept", "1", "-rev",
                        "-cert", (char *)tu_pki("server.pem"), "-key",
                        (char *)tu_pki("server.key"), "-CAfile", (char *)tu_pki("ca.pem"),
                        "-Verify", "2", "-verify_return_error", NULL};

        snprintf(accept_arg, sizeof(accept_arg), "%d", port);
        assert_int_equal(tu_peer_start(&p, argv, 1), 0);
        assert_int_equal(tu_wait_output(&p, "ACCEPT", TU_PEER_EVENT_MS), 0);
        /* OpenSSL knows max_fragment_length only: 3000 is asked as 2048 (the largest code
         * below it), which then binds both directions. */
        our_client(port, limits[i], 1, limits[i] == 3000 ? 2048 : limits[i],
                   "openssl s_server", &p);
        (void)tu_peer_wait(&p, TU_PEER_EVENT_MS);
        tu_peer_stop(&p);
    }
}

static void test_interop_reclimit_client_vs_gnutls_serv(void **state)
{
    static const size_t limits[] = {1024, 2048, 3000, 16384};

    (void)state;
    need("gnutls-serv");
    for (size_t i = 0; i < sizeof(limits) / sizeof(limits[0]); i++) {
        int port = tu_free_port();
        char port_arg[16];
        tu_peer p;
        char *argv[] = {"gnutls-serv", "--port", port_arg, "--echo", "--priority",
                        "NORMAL:+SHA256", "--x509certfile", (char *)tu_pki("server.pem"),
                        "--x509keyfile", (char *)tu_pki("server.key"), "--x509cafile",
                        (char *)tu_pki("ca.pem"), "--require-client-cert",
                        "--verify-client-cert", NULL};

        snprintf(port_arg, sizeof(port_arg), "%d", port);
        assert_int_equal(tu_peer_start(&p, argv, 1), 0);
        assert_int_equal(tu_wait_port(&p, port, TU_PEER_EVENT_MS), 0);
        /* GnuTLS answers record_size_limit with its own (larger) limit: ours binds us both. */
        our_client(port, limits[i], 0, limits[i], "gnutls-serv", &p);
        tu_peer_stop(&p);
    }
}

/* Our server (limit @p limit, default when 0) against a peer client run with @p argv ("PORT"
 * is replaced): the client sends @p client_len bytes of the line and a newline, we read all
 * of it (in records the size the limit allows) and answer the whole line reversed; the
 * client's output must hold the whole answer. */
static void our_server(size_t limit, char **argv, const char *peer_name, size_t client_len)
{
    mutls_config *cfg = tu_server_config(0, MUTLS_CLIENT_AUTH_REQUIRED, NULL);
    mutls_conn *conn = NULL;
    char *rev = NULL;
    char *line = make_line(&rev);
    char *buf = calloc(1, LINE_LEN + 2);
    struct pollfd pfd;
    char port_arg[32];
    tu_peer p;
    char *out;
    int port = 0, lfd, fd, rc;

    assert_non_null(cfg);
    assert_non_null(buf);
    if (limit != 0) {
        assert_int_equal(mutls_config_set_record_limit(cfg, limit), 0);
    }
    lfd = tu_listen(&port);
    assert_true(lfd >= 0);
    for (int i = 0; argv[i] != NULL; i++) {
        if (strcmp(argv[i], "PORT") == 0) {
            int with_host = i > 0 && strcmp(argv[i - 1], "-connect") == 0;
            snprintf(port_arg, sizeof(port_arg), "%s%d", with_host ? "127.0.0.1:" : "", port);
            argv[i] = port_arg;
        }
    }
    assert_int_equal(tu_peer_start(&p, argv, 0), 0);
    line[client_len] = '\n';
    line[client_len + 1] = 0;
    assert_int_equal(tu_peer_write(&p, line), 0);
    pfd.fd = lfd;
    pfd.events = POLLIN;
    assert_int_equal(poll(&pfd, 1, 20000), 1);
    fd = accept(lfd, NULL, NULL);
    assert_true(fd >= 0);
    tu_socket_timeout(fd, 20);
    assert_int_equal(mutls_conn_new(&conn, cfg), 0);
    assert_int_equal(mutls_set_fd(conn, fd), 0);
    rc = mutls_handshake(conn);
    if (rc != 0) {
        tu_peer_stop(&p);
        out = tu_peer_output(&p);
        fail_msg("%s, our limit %zu: %s\n--- peer:\n%s", peer_name, limit,
                 mutls_error_detail(conn), out);
    }
    read_exactly(conn, buf, client_len + 1);
    assert_memory_equal(buf, line, client_len + 1);
    write_all(conn, rev, LINE_LEN + 1);
    (void)tu_wait_output(&p, rev + LINE_LEN - 64, 20000);
    (void)mutls_close(conn);
    tu_peer_stop(&p);
    out = tu_peer_output(&p);
    if (strstr(out, rev) == NULL) {
        fail_msg("%s, our limit %zu: reply not received whole\n--- peer:\n%s", peer_name, limit,
                 out);
    }
    mutls_free(conn);
    close(fd);
    close(lfd);
    free(out);
    free(buf);
    free(line);
    free(rev);
    mutls_config_free(cfg);
}

static void test_interop_reclimit_openssl_s_client_vs_server(void **state)
{
    static const struct {
        const char *maxfrag;
        size_t ours;
    } cases[] = {{"512", 0}, {"1024", 1024}, {"2048", 4096}, {"4096", 4096}};

    (void)state;
    need("openssl");
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        char *argv[] = {"openssl", "s_client", "-connect", "PORT", "-servername", "localhost",
                        "-verify_hostname", "localhost", "-CAfile", (char *)tu_pki("ca.pem"),
                        "-verify_return_error", "-ign_eof", "-cert",
                        (char *)tu_pki("client.pem"), "-key", (char *)tu_pki("client.key"),
                        "-maxfraglen", (char *)cases[i].maxfrag, NULL};
        our_server(cases[i].ours, argv, "openssl s_client -maxfraglen", LINE_LEN);
    }
}

static void test_interop_reclimit_gnutls_cli_vs_server(void **state)
{
    /* gnutls-cli sends one record per piece of input and drops the rest of a piece that
     * does not fit the record size: its line stays under both limits. */
    static const struct {
        const char *recordsize;
        size_t ours, client_len;
    } cases[] = {{"512", 0, 500},      {"1000", 0, 990},     {"1000", 700, 690},
                 {"4096", 1024, 1000}, {"2048", 600, 590}};

    (void)state;
    need("gnutls-cli");
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        char size_arg[32];
        char *argv[] = {"gnutls-cli", "--port", "PORT", "--sni-hostname", "localhost",
                        "--verify-hostname", "localhost", "--x509cafile",
                        (char *)tu_pki("ca.pem"), "--x509certfile", (char *)tu_pki("client.pem"),
                        "--x509keyfile", (char *)tu_pki("client.key"), size_arg, "127.0.0.1",
                        NULL};
        snprintf(size_arg, sizeof(size_arg), "--recordsize=%s", cases[i].recordsize);
        our_server(cases[i].ours, argv, "gnutls-cli --recordsize", cases[i].client_len);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_interop_reclimit_client_vs_openssl_s_server),
        cmocka_unit_test(test_interop_reclimit_client_vs_gnutls_serv),
        cmocka_unit_test(test_interop_reclimit_openssl_s_client_vs_server),
        cmocka_unit_test(test_interop_reclimit_gnutls_cli_vs_server),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
