/* SPDX-License-Identifier: MIT */
/*
 * test_conn.c - the in-process matrix: every cipher suite x client-auth mode (NONE,
 * OPTIONAL, REQUIRED) x RSA and EC client identities, each a full handshake over a
 * socketpair, a message each way and a clean close; plus what the application can ask
 * afterwards (suite, version, peer certificate, SANs, ALPN, trace, keylog).
 */
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <string.h>

#include "handshake.h"
#include "hs_pair.h"
#include "keys.h"
#include "pipe.h"
#include "testutil.h"

#include <cmocka.h>

typedef struct suite_case {
    const char *name;   /* OpenSSL name */
    const char *iana;
} suite_case;

static const suite_case suites[] = {
    {"ECDHE-ECDSA-AES128-GCM-SHA256", "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256"},
    {"ECDHE-ECDSA-AES256-GCM-SHA384", "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384"},
    {"ECDHE-ECDSA-CHACHA20-POLY1305", "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256"},
    {"ECDHE-RSA-AES128-GCM-SHA256", "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256"},
    {"ECDHE-RSA-AES256-GCM-SHA384", "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384"},
    {"ECDHE-RSA-CHACHA20-POLY1305", "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256"},
    {"ECDHE-RSA-AES128-SHA256", "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256"},
    {"AES128-GCM-SHA256", "TLS_RSA_WITH_AES_128_GCM_SHA256"},
    {"AES256-GCM-SHA384", "TLS_RSA_WITH_AES_256_GCM_SHA384"},
    {"AES128-SHA256", "TLS_RSA_WITH_AES_128_CBC_SHA256"},
    {"AES128-SHA", "TLS_RSA_WITH_AES_128_CBC_SHA"},
};

typedef struct trace_log {
    int n;
    int steps[20];
    char names[20][24];
} trace_log;

static void on_trace(void *ctx, const mutls_trace_msg *m)
{
    trace_log *t = ctx;

    if (t->n < 20) {
        t->steps[t->n] = m->step;
        snprintf(t->names[t->n], sizeof(t->names[0]), "%s", m->name);
        t->n++;
    }
}

static void run_case(const suite_case *s, mutls_client_auth mode, const char *client_id)
{
    mutls_config *srv = hp_server_config(mode);
    mutls_config *cli = hp_config(MUTLS_ROLE_CLIENT, client_id, "cas.pem");
    trace_log tc = {0};
    hp_pair p;
    int given;

    if ((strstr(s->name, "ECDHE") == NULL && !hp_have_static_rsa()) ||
        (strstr(s->iana, "_CBC_") != NULL && !hp_have_cbc())) {
        mutls_config_free(cli);
        mutls_config_free(srv);
        return; /* compiled out (MUTLS_STATIC_RSA=OFF, MUTLS_CBC=OFF) */
    }
    assert_int_equal(mutls_config_set_suites(cli, s->name), 0);
    mutls_config_set_trace(cli, on_trace, &tc);
    hp_open(&p, cli, srv);
    hp_handshake(&p);
    if (p.rc_client != 0 || p.rc_server != 0) {
        fail_msg("%s mode %d id %s: client %d (%s) server %d (%s)", s->name, mode,
                 client_id ? client_id : "none", p.rc_client, mutls_error_detail(p.client),
                 p.rc_server, mutls_error_detail(p.server));
    }
    assert_string_equal(mutls_get_suite(p.client), s->iana);
    assert_string_equal(mutls_get_suite(p.server), s->iana);
    assert_string_equal(mutls_get_version(p.client), "TLSv1.2");
    given = mode != MUTLS_CLIENT_AUTH_NONE && client_id != NULL;
    assert_int_equal(mutls_client_cert_requested(p.server), mode != MUTLS_CLIENT_AUTH_NONE);
    assert_int_equal(mutls_client_cert_requested(p.client), mode != MUTLS_CLIENT_AUTH_NONE);
    assert_int_equal(mutls_client_cert_given(p.server), given);
    assert_int_equal(mutls_peer_cert_count(p.server) > 0, given);
    assert_string_equal(mutls_peer_subject(p.client), "CN=localhost,O=mutls demo");
    if (given) {
        assert_string_equal(mutls_peer_subject(p.server), "CN=client,O=mutls demo");
    }
    /* 9 messages without a request, 12 with a certificate (static RSA), +1 for ECDHE;
     * an empty client Certificate brings no CertificateVerify. */
    {
        int expect = 9 + (strstr(s->name, "ECDHE") != NULL);
        if (mode != MUTLS_CLIENT_AUTH_NONE) {
            expect += 2 + given; /* CertificateRequest, Certificate, CertificateVerify */
        }
        assert_int_equal(tc.n, expect);
        assert_int_equal(tc.steps[0], 1);
        assert_int_equal(tc.steps[tc.n - 1], 12);
    }
    hp_exchange_and_close(&p);
    hp_close(&p);
    mutls_config_free(cli);
    mutls_config_free(srv);
}

static void test_conn_matrix_every_suite_and_mode_completes(void **state)
{
    static const mutls_client_auth modes[] = {MUTLS_CLIENT_AUTH_NONE, MUTLS_CLIENT_AUTH_OPTIONAL,
                                              MUTLS_CLIENT_AUTH_REQUIRED};
    static const char *ids[] = {"client", "client-ec"};

    (void)state;
    for (size_t i = 0; i < sizeof(suites) / sizeof(suites[0]); i++) {
        for (size_t m = 0; m < 3; m++) {
            for (size_t k = 0; k < 2; k++) {
                run_case(&suites[i], modes[m], ids[k]);
            }
        }
    }
}

static void test_conn_optional_without_identity_completes(void **state)
{
    (void)state;
    run_case(&suites[0], MUTLS_CLIENT_AUTH_OPTIONAL, NULL);
    run_case(&suites[3], MUTLS_CLIENT_AUTH_OPTIONAL, NULL);
    run_case(&suites[7], MUTLS_CLIENT_AUTH_OPTIONAL, NULL);
}

/* ------------------------------------------------------------ helpers */

static void pair_ok(hp_pair *p, mutls_config *cli, mutls_config *srv)
{
    hp_open(p, cli, srv);
    hp_handshake(p);
    if (p->rc_client != 0 || p->rc_server != 0) {
        fail_msg("client %d (%s) server %d (%s)", p->rc_client, mutls_error_detail(p->client),
                 p->rc_server, mutls_error_detail(p->server));
    }
}

/* ------------------------------------------------------------ inspection */

static void test_conn_inspection_after_handshake_reports_peer(void **state)
{
    mutls_config *srv = hp_server_config(MUTLS_CLIENT_AUTH_REQUIRED);
    mutls_config *cli = hp_config(MUTLS_ROLE_CLIENT, "client", "cas.pem");
    hp_pair p;
    const uint8_t *der;
    size_t len, n_san;
    int64_t nb, na;

    (void)state;
    assert_int_equal(mutls_config_set_suites(cli, "ECDHE-RSA-AES128-GCM-SHA256"), 0);
    pair_ok(&p, cli, srv);
    assert_string_equal(mutls_get_server_name(p.server), "localhost");
    assert_string_equal(mutls_peer_issuer(p.server), "CN=mutls demo CA,O=mutls demo");
    assert_int_equal(mutls_peer_cert_count(p.server), 1);
    assert_int_equal(mutls_peer_cert_der(p.server, 0, &der, &len), 0);
    assert_int_equal(der[0], 0x30);
    assert_int_equal(mutls_peer_cert_der(p.server, 1, &der, &len), MUTLS_ERR_BAD_ARGUMENT);
    assert_int_equal(mutls_peer_validity(p.client, &nb, &na), 0);
    assert_true(nb == 1735689600); /* 2025-01-01 */
    assert_true(na > nb);
    n_san = mutls_peer_san_count(p.client);
    assert_int_equal(n_san, 3);
    assert_string_equal(mutls_peer_san(p.client, 0), "DNS:localhost");
    assert_string_equal(mutls_peer_san(p.client, 1), "IP:127.0.0.1");
    assert_string_equal(mutls_peer_san(p.client, 2), "IP:::1");
    assert_null(mutls_peer_san(p.client, 3));
    assert_null(mutls_get_alpn(p.client));
    assert_int_equal(mutls_alert_sent(p.client), -1);
    assert_int_equal(mutls_alert_received(p.client), -1);
    assert_string_equal(mutls_error_detail(p.client), "");
    /* A configuration in use is read-only. */
    assert_int_equal(mutls_config_set_suites(cli, "AES128-SHA"), MUTLS_ERR_STATE);
    assert_int_equal(mutls_config_set_client_auth(srv, MUTLS_CLIENT_AUTH_NONE), MUTLS_ERR_STATE);
    hp_exchange_and_close(&p);
    hp_close(&p);
    assert_int_equal(mutls_config_set_client_auth(srv, MUTLS_CLIENT_AUTH_NONE), 0);
    mutls_config_free(cli);
    mutls_config_free(srv);
}

static void test_conn_ip_hostname_verified_without_sni(void **state)
{
    mutls_config *srv = hp_server_config(MUTLS_CLIENT_AUTH_REQUIRED);
    mutls_config *cli = hp_config(MUTLS_ROLE_CLIENT, "client-ec", "cas.pem");
    hp_pair p;

    (void)state;
    hp_open(&p, cli, srv);
    assert_int_equal(mutls_set_hostname(p.client, "127.0.0.1"), 0);
    hp_handshake(&p);
    assert_int_equal(p.rc_client, 0);
    assert_int_equal(p.rc_server, 0);
    assert_null(mutls_get_server_name(p.server)); /* RFC 6066 §3: no IP literals in SNI */
    hp_close(&p);
    mutls_config_free(cli);
    mutls_config_free(srv);
}

static void test_conn_wrong_hostname_bad_certificate(void **state)
{
    mutls_config *srv = hp_server_config(MUTLS_CLIENT_AUTH_REQUIRED);
    mutls_config *cli = hp_config(MUTLS_ROLE_CLIENT, "client", "cas.pem");
    hp_pair p;

    (void)state;
    hp_open(&p, cli, srv);
    assert_int_equal(mutls_set_hostname(p.client, "example.com"), 0);
    hp_handshake(&p);
    assert_int_equal(p.rc_client, MUTLS_ERR_X509_NAME_MISMATCH);
    assert_int_equal(mutls_alert_sent(p.client), MUTLS_ALERT_BAD_CERTIFICATE);
    assert_int_equal(p.rc_server, MUTLS_ERR_ALERT_RECEIVED);
    assert_int_equal(mutls_alert_received(p.server), MUTLS_ALERT_BAD_CERTIFICATE);
    hp_close(&p);
    mutls_config_free(cli);
    mutls_config_free(srv);
}

static void test_conn_alpn_server_preference(void **state)
{
    mutls_config *srv = hp_server_config(MUTLS_CLIENT_AUTH_REQUIRED);
    mutls_config *cli = hp_config(MUTLS_ROLE_CLIENT, "client", "cas.pem");
    hp_pair p;

    (void)state;
    assert_int_equal(mutls_config_set_alpn(cli, "h2,http/1.1"), 0);
    assert_int_equal(mutls_config_set_alpn(srv, "http/1.1,h2"), 0);
    pair_ok(&p, cli, srv);
    assert_string_equal(mutls_get_alpn(p.client), "http/1.1");
    assert_string_equal(mutls_get_alpn(p.server), "http/1.1");
    hp_close(&p);
    /* No protocol in common: RFC 7301 §3.2's fatal alert. */
    assert_int_equal(mutls_config_set_alpn(srv, "imap"), 0);
    hp_open(&p, cli, srv);
    hp_handshake(&p);
    assert_int_equal(p.rc_server, MUTLS_ERR_NO_APPLICATION_PROTOCOL);
    assert_int_equal(mutls_alert_received(p.client), MUTLS_ALERT_NO_APPLICATION_PROTOCOL);
    hp_close(&p);
    mutls_config_free(cli);
    mutls_config_free(srv);
}

typedef struct keylog_lines {
    char line[2][256];
    int n;
} keylog_lines;

static void on_keylog(void *ctx, const char *line)
{
    keylog_lines *k = ctx;

    if (k->n < 2) {
        snprintf(k->line[k->n++], sizeof(k->line[0]), "%s", line);
    }
}

static void test_conn_keylog_same_line_both_sides(void **state)
{
    mutls_config *srv = hp_server_config(MUTLS_CLIENT_AUTH_REQUIRED);
    mutls_config *cli = hp_config(MUTLS_ROLE_CLIENT, "client", "cas.pem");
    keylog_lines k = {{"", ""}, 0};
    hp_pair p;

    (void)state;
    mutls_config_set_keylog(cli, on_keylog, &k);
    mutls_config_set_keylog(srv, on_keylog, &k);
    pair_ok(&p, cli, srv);
    assert_int_equal(k.n, 2);
    assert_int_equal(strncmp(k.line[0], "CLIENT_RANDOM ", 14), 0);
    assert_int_equal(strlen(k.line[0]), 14 + 64 + 1 + 96);
    assert_string_equal(k.line[0], k.line[1]);
    hp_close(&p);
    mutls_config_free(cli);
    mutls_config_free(srv);
}

/* ------------------------------------------------------------ identities */

typedef struct signer {
    mutls_pkey *key;
    mutls_rng *rng;
    int calls;
} signer;

static int sign_cb(void *ctx, uint16_t scheme, const uint8_t *digest, size_t digest_len,
                   uint8_t *sig, size_t *sig_len)
{
    signer *s = ctx;
    const mutls_sigscheme *sc = mutls_hs_scheme_by_id(scheme);

    s->calls++;
    assert_non_null(sc);
    assert_int_equal(digest_len, 32); /* every scheme we pick for these keys is SHA-256 */
    return mutls_pkey_sign(s->key, s->rng, sc->kind, sc->hash, digest, digest_len, sig, sig_len);
}

static void add_signer(mutls_config *cfg, const char *name, signer *s)
{
    char path[64];
    size_t chain_len, key_len;
    uint8_t *chain, *key;

    snprintf(path, sizeof(path), "pki/%s.pem", name);
    chain = tu_read_vector(path, &chain_len);
    snprintf(path, sizeof(path), "pki/%s.key", name);
    key = tu_read_vector(path, &key_len);
    assert_int_equal(mutls_key_parse(&s->key, key, key_len, NULL), 0);
    assert_int_equal(mutls_rng_new(&s->rng, NULL, NULL), 0);
    assert_int_equal(mutls_config_add_identity_signer(cfg, chain, chain_len, sign_cb, s), 0);
    free(chain);
    free(key);
}

static void test_conn_external_signer_both_roles_completes(void **state)
{
    mutls_config *srv = NULL;
    mutls_config *cli = hp_config(MUTLS_ROLE_CLIENT, NULL, "cas.pem");
    signer ss = {0}, cs = {0};
    hp_pair p;

    (void)state;
    assert_int_equal(mutls_config_new(&srv, MUTLS_ROLE_SERVER), 0);
    {
        char t[512];
        snprintf(t, sizeof(t), "%s", tu_vector_path("pki/cas.pem"));
        assert_int_equal(mutls_config_add_trust_file(srv, t), 0);
    }
    add_signer(srv, "server-ec", &ss);
    add_signer(cli, "client", &cs);
    pair_ok(&p, cli, srv);
    assert_int_equal(ss.calls, 1); /* ServerKeyExchange */
    assert_int_equal(cs.calls, 1); /* CertificateVerify */
    assert_int_equal(mutls_client_cert_given(p.server), 1);
    hp_exchange_and_close(&p);
    hp_close(&p);
    mutls_config_free(cli);
    mutls_config_free(srv);
    mutls_pkey_free(ss.key);
    mutls_pkey_free(cs.key);
    mutls_rng_free(ss.rng);
    mutls_rng_free(cs.rng);
}

static int select_second(void *ctx, const mutls_conn *conn, size_t n)
{
    int *seen = ctx;

    assert_int_equal(n, 2);
    /* The request names both demo CAs (the server trusts cas.pem). */
    assert_int_equal(mutls_cert_request_ca_count(conn), 2);
    assert_non_null(strstr(mutls_cert_request_ca(conn, 0), "mutls demo"));
    assert_null(mutls_cert_request_ca(conn, 2));
    (*seen)++;
    return *seen == 1 ? 1 : -1;
}

static void test_conn_select_callback_picks_identity_or_none(void **state)
{
    mutls_config *srv = hp_server_config(MUTLS_CLIENT_AUTH_OPTIONAL);
    mutls_config *cli = hp_config(MUTLS_ROLE_CLIENT, "client", "cas.pem");
    int seen = 0;
    hp_pair p;

    (void)state;
    {
        char chain[512], key[512];
        snprintf(chain, sizeof(chain), "%s", tu_vector_path("pki/client-ec.pem"));
        snprintf(key, sizeof(key), "%s", tu_vector_path("pki/client-ec.key"));
        assert_int_equal(mutls_config_add_identity_file(cli, chain, key, NULL), 0);
    }
    mutls_config_set_select_identity(cli, select_second, &seen);
    pair_ok(&p, cli, srv);
    assert_string_equal(mutls_peer_issuer(p.server), "CN=mutls demo EC CA,O=mutls demo");
    hp_close(&p);
    pair_ok(&p, cli, srv); /* second call returns -1: an empty Certificate */
    assert_int_equal(mutls_client_cert_requested(p.server), 1);
    assert_int_equal(mutls_client_cert_given(p.server), 0);
    assert_int_equal(mutls_peer_cert_count(p.server), 0);
    hp_close(&p);
    mutls_config_free(cli);
    mutls_config_free(srv);
}

static void test_conn_verification_off_accepts_unknown_ca(void **state)
{
    mutls_config *srv = hp_server_config(MUTLS_CLIENT_AUTH_REQUIRED);
    mutls_config *cli = hp_config(MUTLS_ROLE_CLIENT, "client-other", NULL);
    hp_pair p;

    (void)state;
    assert_int_equal(mutls_config_disable_peer_verification_INSECURE(srv), 0);
    assert_int_equal(mutls_config_disable_peer_verification_INSECURE(cli), 0);
    assert_int_equal(mutls_config_set_send_ca_names(srv, 0), 0);
    pair_ok(&p, cli, srv);
    assert_string_equal(mutls_peer_issuer(p.server), "CN=Other CA,O=Other");
    hp_close(&p);
    mutls_config_free(cli);
    mutls_config_free(srv);
}

/* ------------------------------------------------------------ transports */

static void test_conn_one_byte_chaos_transport_completes(void **state)
{
    mutls_config *srv = hp_server_config(MUTLS_CLIENT_AUTH_REQUIRED);
    mutls_config *cli = hp_config(MUTLS_ROLE_CLIENT, "client-ec", "cas.pem");
    tu_pipe *pipe = tu_pipe_new(4096);
    mutls_conn *c, *s;
    int rc_c = MUTLS_WANT_READ, rc_s = MUTLS_WANT_READ, n;
    char buf[64];
    static const char msg[] = "resumable, byte by byte";

    (void)state;
    tu_pipe_set_chunk(pipe, 1);
    tu_pipe_set_chaos(pipe, 12345, 30);
    assert_int_equal(mutls_conn_new(&c, cli), 0);
    assert_int_equal(mutls_conn_new(&s, srv), 0);
    assert_int_equal(mutls_set_io(c, tu_pipe_send, tu_pipe_recv, tu_pipe_end(pipe, 0)), 0);
    assert_int_equal(mutls_set_io(s, tu_pipe_send, tu_pipe_recv, tu_pipe_end(pipe, 1)), 0);
    assert_int_equal(mutls_set_hostname(c, "localhost"), 0);
    for (int i = 0; i < 200000 && (rc_c != 0 || rc_s != 0); i++) {
        if (rc_c != 0) {
            rc_c = mutls_handshake(c);
            assert_true(rc_c == 0 || rc_c == MUTLS_WANT_READ || rc_c == MUTLS_WANT_WRITE);
        }
        if (rc_s != 0) {
            rc_s = mutls_handshake(s);
            assert_true(rc_s == 0 || rc_s == MUTLS_WANT_READ || rc_s == MUTLS_WANT_WRITE);
        }
    }
    assert_int_equal(rc_c, 0);
    assert_int_equal(rc_s, 0);
    assert_true(tu_pipe_wants(pipe) > 0);
    /* A write interrupted by WANT_WRITE is repeated with the same data. */
    n = MUTLS_WANT_WRITE;
    for (int i = 0; i < 100000 && n == MUTLS_WANT_WRITE; i++) {
        n = mutls_write(c, msg, sizeof(msg));
        if (n == MUTLS_WANT_WRITE) {
            (void)mutls_read(s, buf, sizeof(buf)); /* the reader drains the pipe */
        }
    }
    assert_int_equal(n, (int)sizeof(msg));
    n = MUTLS_WANT_READ;
    for (int i = 0; i < 100000 && n == MUTLS_WANT_READ; i++) {
        n = mutls_read(s, buf, sizeof(buf));
    }
    assert_int_equal(n, (int)sizeof(msg));
    assert_string_equal(buf, msg);
    mutls_free(c);
    mutls_free(s);
    tu_pipe_free(pipe);
    mutls_config_free(cli);
    mutls_config_free(srv);
}

static void test_conn_large_transfer_arrives_intact(void **state)
{
    mutls_config *srv = hp_server_config(MUTLS_CLIENT_AUTH_REQUIRED);
    mutls_config *cli = hp_config(MUTLS_ROLE_CLIENT, "client-ec", "cas.pem");
    enum { TOTAL = 300000 };
    uint8_t *out = malloc(TOTAL), *in = malloc(TOTAL);
    size_t got = 0;
    hp_pair p;
    int n = MUTLS_WANT_WRITE;

    (void)state;
    for (size_t i = 0; i < TOTAL; i++) {
        out[i] = (uint8_t)(i * 7 + (i >> 8));
    }
    pair_ok(&p, cli, srv);
    /* The socket fills up: the writer gets WANT_WRITE and repeats with the same data while
     * the reader drains. */
    for (int i = 0; i < 100000 && (n == MUTLS_WANT_WRITE || got < TOTAL); i++) {
        if (n == MUTLS_WANT_WRITE) {
            n = mutls_write(p.client, out, TOTAL);
        }
        int r = mutls_read(p.server, in + got, TOTAL - got);
        if (r > 0) {
            got += (size_t)r;
        } else {
            assert_int_equal(r, MUTLS_WANT_READ);
        }
    }
    assert_int_equal(n, TOTAL);
    assert_int_equal(got, TOTAL);
    assert_memory_equal(in, out, TOTAL);
    hp_close(&p);
    free(out);
    free(in);
    mutls_config_free(cli);
    mutls_config_free(srv);
}

/* A record read in pieces: mutls_pending counts what is left of it, which the socket does
 * not signal (poll() says not readable), and drops to 0 once it is read. */
static void test_conn_pending_counts_rest_of_record(void **state)
{
    mutls_config *srv = hp_server_config(MUTLS_CLIENT_AUTH_REQUIRED);
    mutls_config *cli = hp_config(MUTLS_ROLE_CLIENT, "client", "cas.pem");
    static const char msg[] = "twenty-one bytes long";
    char buf[8];
    struct pollfd pfd;
    size_t got = 0;
    hp_pair p;
    int n = MUTLS_WANT_READ;

    (void)state;
    pair_ok(&p, cli, srv);
    assert_int_equal(mutls_pending(p.server), 0);
    assert_int_equal(mutls_write(p.client, msg, sizeof(msg) - 1), (int)sizeof(msg) - 1);
    for (int i = 0; i < 100 && n == MUTLS_WANT_READ; i++) {
        n = mutls_read(p.server, buf, 5);
    }
    assert_int_equal(n, 5);
    got = 5;
    assert_int_equal(mutls_pending(p.server), sizeof(msg) - 1 - 5);
    pfd.fd = p.fd[1];
    pfd.events = POLLIN;
    assert_int_equal(poll(&pfd, 1, 0), 0); /* the rest is in mutls, not in the socket */
    while (mutls_pending(p.server) > 0) {
        n = mutls_read(p.server, buf, sizeof(buf));
        assert_true(n > 0);
        got += (size_t)n;
    }
    assert_int_equal(got, sizeof(msg) - 1);
    assert_int_equal(mutls_read(p.server, buf, sizeof(buf)), MUTLS_WANT_READ);
    assert_int_equal(mutls_pending(NULL), 0);
    hp_close(&p);
    mutls_config_free(cli);
    mutls_config_free(srv);
}

/* RFC 5705: both sides export the same bytes; label, context (absent or empty) and the
 * connection each change them; the exporter is off unless asked for, and refuses TLS's own
 * labels. */
static void test_conn_exporter_both_sides_agree(void **state)
{
    mutls_config *srv = hp_server_config(MUTLS_CLIENT_AUTH_REQUIRED);
    mutls_config *cli = hp_config(MUTLS_ROLE_CLIENT, "client", "cas.pem");
    static const uint8_t ctx[] = {1, 2, 3};
    uint8_t a[40], b[40], c[40], d[40];
    hp_pair p;

    (void)state;
    pair_ok(&p, cli, srv);
    /* Off by default: the master secret was wiped when the handshake ended. */
    assert_int_equal(mutls_export_keying_material(p.client, "EXPERIMENTAL-t", NULL, 0, a, 8),
                     MUTLS_ERR_STATE);
    hp_close(&p);
    assert_int_equal(mutls_config_set_exporter(cli, 1), 0);
    assert_int_equal(mutls_config_set_exporter(srv, 1), 0);
    hp_open(&p, cli, srv);
    assert_int_equal(mutls_export_keying_material(p.client, "EXPERIMENTAL-t", NULL, 0, a, 8),
                     MUTLS_ERR_STATE); /* before the handshake */
    hp_handshake(&p);
    assert_int_equal(p.rc_client, 0);
    assert_int_equal(p.rc_server, 0);
    assert_int_equal(mutls_export_keying_material(p.client, "EXPERIMENTAL-t", NULL, 0, a, 40), 0);
    assert_int_equal(mutls_export_keying_material(p.server, "EXPERIMENTAL-t", NULL, 0, b, 40), 0);
    assert_memory_equal(a, b, sizeof(a));
    assert_int_equal(mutls_export_keying_material(p.server, "EXPERIMENTAL-t", ctx, 0, c, 40), 0);
    assert_memory_not_equal(a, c, sizeof(a)); /* an empty context is not no context */
    assert_int_equal(mutls_export_keying_material(p.client, "EXPERIMENTAL-t", ctx, 3, d, 40), 0);
    assert_memory_not_equal(c, d, sizeof(c));
    assert_int_equal(mutls_export_keying_material(p.server, "EXPERIMENTAL-t", ctx, 3, c, 40), 0);
    assert_memory_equal(c, d, sizeof(c));
    assert_int_equal(mutls_export_keying_material(p.client, "EXPERIMENTAL-u", NULL, 0, c, 40), 0);
    assert_memory_not_equal(a, c, sizeof(a));
    /* A shorter export is a prefix (the PRF's output stream). */
    assert_int_equal(mutls_export_keying_material(p.client, "EXPERIMENTAL-t", NULL, 0, d, 13), 0);
    assert_memory_equal(a, d, 13);
    for (size_t i = 0; i < 5; i++) {
        static const char *const tls[] = {"client finished", "server finished", "master secret",
                                          "extended master secret", "key expansion"};
        assert_int_equal(mutls_export_keying_material(p.client, tls[i], NULL, 0, c, 8),
                         MUTLS_ERR_BAD_ARGUMENT);
    }
    assert_int_equal(mutls_export_keying_material(p.client, "", NULL, 0, c, 8),
                     MUTLS_ERR_BAD_ARGUMENT);
    assert_int_equal(mutls_export_keying_material(p.client, "x", NULL, 0, c, 0),
                     MUTLS_ERR_BAD_ARGUMENT);
    assert_int_equal(mutls_export_keying_material(p.client, "x", ctx, 65536, c, 8),
                     MUTLS_ERR_BAD_ARGUMENT);
    assert_int_equal(mutls_export_keying_material(p.client, "x", NULL, 1, c, 8),
                     MUTLS_ERR_BAD_ARGUMENT);
    hp_exchange_and_close(&p);
    hp_close(&p);
    /* Another connection, another value. */
    hp_open(&p, cli, srv);
    hp_handshake(&p);
    assert_int_equal(mutls_export_keying_material(p.client, "EXPERIMENTAL-t", NULL, 0, b, 40), 0);
    assert_memory_not_equal(a, b, sizeof(a));
    hp_close(&p);
    mutls_config_free(cli);
    mutls_config_free(srv);
}

static void test_conn_end_without_close_notify_truncated(void **state)
{
    mutls_config *srv = hp_server_config(MUTLS_CLIENT_AUTH_REQUIRED);
    mutls_config *cli = hp_config(MUTLS_ROLE_CLIENT, "client", "cas.pem");
    hp_pair p;
    char buf[16];
    int n = MUTLS_WANT_READ;

    (void)state;
    pair_ok(&p, cli, srv);
    shutdown(p.fd[0], SHUT_WR); /* the client's TCP end, without close_notify */
    for (int i = 0; i < 100 && n == MUTLS_WANT_READ; i++) {
        n = mutls_read(p.server, buf, sizeof(buf));
    }
    assert_int_equal(n, MUTLS_ERR_TRUNCATED);
    assert_non_null(strstr(mutls_error_detail(p.server), "without close_notify"));
    hp_close(&p);
    mutls_config_free(cli);
    mutls_config_free(srv);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_conn_matrix_every_suite_and_mode_completes),
        cmocka_unit_test(test_conn_optional_without_identity_completes),
        cmocka_unit_test(test_conn_inspection_after_handshake_reports_peer),
        cmocka_unit_test(test_conn_ip_hostname_verified_without_sni),
        cmocka_unit_test(test_conn_wrong_hostname_bad_certificate),
        cmocka_unit_test(test_conn_alpn_server_preference),
        cmocka_unit_test(test_conn_keylog_same_line_both_sides),
        cmocka_unit_test(test_conn_external_signer_both_roles_completes),
        cmocka_unit_test(test_conn_select_callback_picks_identity_or_none),
        cmocka_unit_test(test_conn_verification_off_accepts_unknown_ca),
        cmocka_unit_test(test_conn_one_byte_chaos_transport_completes),
        cmocka_unit_test(test_conn_large_transfer_arrives_intact),
        cmocka_unit_test(test_conn_pending_counts_rest_of_record),
        cmocka_unit_test(test_conn_exporter_both_sides_agree),
        cmocka_unit_test(test_conn_end_without_close_notify_truncated),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
