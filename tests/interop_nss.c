/* SPDX-License-Identifier: MIT */
/*
 * interop_nss.c - mutls against NSS (Firefox's TLS library) through its test peers from
 * Debian's libnss3-tools, on 127.0.0.1: our in-process client against `selfserv -r -r`
 * (client certificate requested and required), and `tstclnt -n NICK` against the built tool,
 * `mutls server --http --client-auth required`. Throwaway NSS databases are built at group
 * setup in a temporary directory from the committed demo PKI (tests/support/nss.c) and removed
 * at teardown (MUTLS_KEEP_PEER_LOGS=1 keeps it, as it keeps the peers' logs). TLS 1.2 only (RFC
 * 5246), the extended master secret (RFC 7627) on both sides.
 *
 * Cases: every mutls suite (selfserv and tstclnt take all of them: ECDHE-ECDSA/RSA with
 * AES-GCM, ChaCha20-Poly1305 and CBC, static RSA) with the RSA and the EC client identity,
 * both directions, each side naming the other's certificate, data both ways (a request of
 * some kilobytes, selfserv echoes it whole; the tool's page names the client certificate),
 * close_notify from NSS. Refusals, with both sides' words: selfserv's certificate from a CA
 * our client does not trust, our client without a certificate or with one from another CA;
 * tstclnt without a certificate, with one from another CA, trusting the wrong CA, TLS 1.3
 * only. Session resumption both ways by session ID (RFC 5246 §7.3) and by ticket (RFC 5077).
 *
 * NSS quirks met here: it wants one nickname per subject, so the RSA and EC twins of the demo
 * PKI live in separate databases; tstclnt reading its request from stdin never exits after
 * the server closed (it keeps polling the ended pipe), so the request comes from a file (-A);
 * selfserv answers only once the request's blank line arrived, and then echoes the request.
 */
#include "testutil.h"

#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "built.h"
#include "interop.h"
#include "mutls.h"
#include "nss.h"
#include "peer.h"

#define CLIENT_SUBJECT "CN=client,O=mutls demo"
#define RSA_CA_DN "CN=mutls demo CA,O=mutls demo"
#define EC_CA_DN "CN=mutls demo EC CA,O=mutls demo"
/* Bytes of pattern in the request our client sends selfserv (its buffer holds 10 KiB). */
#define DATA_LEN 6000
/* And in the request tstclnt sends our tool (which reads a request head up to 4 KiB). */
#define TOOL_DATA_LEN 3000

typedef struct suite_case {
    const char *id;   /* tstclnt -c :XXXX */
    const char *name; /* OpenSSL-style, what mutls_config_set_suites takes */
    const char *iana; /* what mutls reports */
    int ec;           /* needs the ECDSA server identity */
    int cbc, rsa_kx;
    const char *nss; /* NSS's "SSL version 3.3 using ..." */
} suite_case;

#define GCM128 "128-bit AES-GCM with 128-bit AEAD MAC"
#define GCM256 "256-bit AES-GCM with 128-bit AEAD MAC"
#define CHACHA "256-bit CHACHA20POLY1305 with 128-bit AEAD MAC"
#define CBC256 "128-bit AES with 256-bit SHA256 MAC"
#define CBC160 "128-bit AES with 160-bit SHA1 MAC"

/* clang-format off */
static const suite_case suites[] = {
    {":CCA9", "ECDHE-ECDSA-CHACHA20-POLY1305", "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256", 1, 0, 0, CHACHA},
    {":C02B", "ECDHE-ECDSA-AES128-GCM-SHA256", "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256",       1, 0, 0, GCM128},
    {":C02C", "ECDHE-ECDSA-AES256-GCM-SHA384", "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384",       1, 0, 0, GCM256},
    {":C023", "ECDHE-ECDSA-AES128-SHA256",     "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256",       1, 1, 0, CBC256},
    {":C009", "ECDHE-ECDSA-AES128-SHA",        "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA",          1, 1, 0, CBC160},
    {":CCA8", "ECDHE-RSA-CHACHA20-POLY1305",   "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256",   0, 0, 0, CHACHA},
    {":C02F", "ECDHE-RSA-AES128-GCM-SHA256",   "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",         0, 0, 0, GCM128},
    {":C030", "ECDHE-RSA-AES256-GCM-SHA384",   "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",         0, 0, 0, GCM256},
    {":C027", "ECDHE-RSA-AES128-SHA256",       "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256",         0, 1, 0, CBC256},
    {":C013", "ECDHE-RSA-AES128-SHA",          "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA",            0, 1, 0, CBC160},
    {":009C", "AES128-GCM-SHA256",             "TLS_RSA_WITH_AES_128_GCM_SHA256",               0, 0, 1, GCM128},
    {":009D", "AES256-GCM-SHA384",             "TLS_RSA_WITH_AES_256_GCM_SHA384",               0, 0, 1, GCM256},
    {":003C", "AES128-SHA256",                 "TLS_RSA_WITH_AES_128_CBC_SHA256",               0, 1, 1, CBC256},
    {":002F", "AES128-SHA",                    "TLS_RSA_WITH_AES_128_CBC_SHA",                  0, 1, 1, CBC160},
};
/* clang-format on */
#define N_SUITES (sizeof(suites) / sizeof(suites[0]))

/* Whether this build of mutls has the suite (-DMUTLS_CBC=OFF, -DMUTLS_STATIC_RSA=OFF). */
#define BUILT(sc) tu_suite_built((sc)->iana)

/* The two client identities, each in the NSS database that holds it. */
typedef struct client_id {
    const char *name; /* vectors/pki base name = NSS nickname */
    const char *db;   /* database under top */
    const char *issuer;
} client_id;

static const client_id identities[2] = {
    {"client", "rsa", RSA_CA_DN},
    {"client-ec", "ec", EC_CA_DN},
};

/* Why the peers cannot run here (empty: they can); each test skips with it. */
static char missing[256];
/* Why the group setup failed (empty: it did not); each test fails with it. */
static char setup_error[1024];
/* The temporary directory: NSS databases, PKCS#12 files, tstclnt's request. */
static char top[256];
static char request_path[512];
static char tool_request[TOOL_DATA_LEN + 128];

static char pattern_char(size_t i)
{
    return (char)('a' + (i * 7 + i / 26) % 26);
}

static int setup_nss(void **state)
{
    static const char *const anchors[] = {"ca.pem", "ca-ec.pem", NULL};
    static const char *const other_anchor[] = {"other-ca.pem", NULL};
    static const struct {
        const char *name;
        const char *const *trust;
        const char *ids[3];
    } dbs[] = {
        {"rsa", anchors, {"server", "client", NULL}},
        {"ec", anchors, {"server-ec", "client-ec", NULL}},
        {"anchors", anchors, {NULL}},
        {"other", other_anchor, {"client", NULL}},
        {"foreign", anchors, {"client-other", NULL}},
    };
    size_t n = 0;
    FILE *f;

    (void)state;
    tu_nss_check_tools(missing, sizeof(missing));
    if (missing[0] == 0 && access(MUTLS_TOOL_PATH, X_OK) != 0) {
        snprintf(missing, sizeof(missing),
                 "the mutls tool is not built (%s; MUTLS_BUILD_TOOLS=ON): skipping\n",
                 MUTLS_TOOL_PATH);
    }
    if (missing[0] != 0) {
        return 0;
    }
    if (tu_nss_tmpdir(top, sizeof(top)) != 0) {
        snprintf(setup_error, sizeof(setup_error), "cannot make a temporary directory");
        return 0;
    }
    for (size_t i = 0; i < sizeof(dbs) / sizeof(dbs[0]); i++) {
        if (tu_nss_db(top, dbs[i].name, dbs[i].trust, dbs[i].ids, setup_error,
                      sizeof(setup_error)) != 0) {
            return 0;
        }
    }
    n += (size_t)snprintf(tool_request, sizeof(tool_request),
                          "GET /nss HTTP/1.0\r\nHost: localhost\r\nX-Data: ");
    for (size_t i = 0; i < TOOL_DATA_LEN; i++) {
        tool_request[n++] = pattern_char(i);
    }
    snprintf(tool_request + n, sizeof(tool_request) - n, "\r\n\r\n");
    snprintf(request_path, sizeof(request_path), "%s/request.txt", top);
    f = fopen(request_path, "wb");
    if (f != NULL) {
        int bad = fputs(tool_request, f) < 0;
        bad |= fclose(f) != 0;
        f = bad ? NULL : f;
    }
    if (f == NULL) {
        snprintf(setup_error, sizeof(setup_error), "cannot write %s", request_path);
    }
    return 0;
}

static int teardown_nss(void **state)
{
    (void)state;
    if (top[0] != 0 && getenv("MUTLS_KEEP_PEER_LOGS") == NULL) {
        tu_nss_rmdir(top);
    }
    return 0;
}

/* Skip the running test when a peer is missing, fail it when the setup failed. */
static void need_peers(void)
{
    if (missing[0] != 0) {
        fprintf(stderr, "%s", missing);
        skip();
    }
    if (setup_error[0] != 0) {
        fail_msg("NSS setup: %s", setup_error);
    }
}

/* @p text must hold @p want; @p what names the text in the failure. */
static void expect_in(const char *text, const char *want, const char *what)
{
    if (strstr(text, want) == NULL) {
        fail_msg("%s lacks \"%s\":\n%s", what, want, text);
    }
}

static int count_of(const char *hay, const char *needle)
{
    int k = 0;

    for (const char *p = strstr(hay, needle); p != NULL; p = strstr(p + 1, needle)) {
        k++;
    }
    return k;
}

/* ---- our client against selfserv ---- */

/* selfserv with the RSA (database "rsa") or the ECDSA (database "ec") server identity. */
static void selfserv_start(tu_selfserv *s, int ec, const char *const extra[])
{
    const char *db = tu_nss_db_arg(top, ec ? "ec" : "rsa");

    if (tu_selfserv_start(s, db, ec ? "server-ec" : "server", ec, extra) != 0) {
        char *out = tu_peer_output(&s->peer);
        fail_msg("selfserv did not start:\n%s", out);
    }
}

/* A client trusting vectors/pki/<trust>, with identity <identity> (NULL: none). */
static mutls_config *client_cfg(const char *trust, const char *identity, const char *suite)
{
    mutls_config *cfg = tu_client_config_trusting(trust, identity, suite);

    assert_non_null(cfg);
    return cfg;
}

/* What our client saw of one connection to selfserv. */
typedef struct client_result {
    int rc;
    int alert_sent, alert_received;
    char detail[512];
    char suite[96];
    char subject[256];
    int requested, given, reused;
    int read_rc;       /* how the reply ended: 0 = close_notify */
    char reply[16384]; /* selfserv's answer */
    char request[DATA_LEN + 128];
} client_result;

/* One connection: handshake, the request, the whole reply until selfserv closes. */
static void client_round(tu_selfserv *s, const mutls_config *cfg, const mutls_session *offer,
                         mutls_session **keep, client_result *r)
{
    mutls_conn *conn = NULL;
    size_t have = 0;
    size_t n;
    int fd;

    memset(r, 0, sizeof(*r));
    n = (size_t)snprintf(r->request, sizeof(r->request),
                         "GET /mutls HTTP/1.0\r\nHost: localhost\r\nX-Data: ");
    for (size_t i = 0; i < DATA_LEN; i++) {
        r->request[n++] = pattern_char(i);
    }
    snprintf(r->request + n, sizeof(r->request) - n, "\r\n\r\n");
    tu_selfserv_mark(s);
    fd = tu_connect(s->port);
    assert_true(fd >= 0);
    assert_int_equal(mutls_conn_new(&conn, cfg), 0);
    assert_int_equal(mutls_set_fd(conn, fd), 0);
    assert_int_equal(mutls_set_hostname(conn, "localhost"), 0);
    if (offer != NULL) {
        assert_int_equal(mutls_set_session(conn, offer), 0);
    }
    r->rc = mutls_handshake(conn);
    snprintf(r->detail, sizeof(r->detail), "%s", mutls_error_detail(conn));
    r->alert_sent = mutls_alert_sent(conn);
    r->alert_received = mutls_alert_received(conn);
    if (r->rc == 0) {
        snprintf(r->suite, sizeof(r->suite), "%s", mutls_get_suite(conn));
        snprintf(r->subject, sizeof(r->subject), "%s", mutls_peer_subject(conn));
        assert_string_equal(mutls_get_version(conn), "TLSv1.2");
        r->requested = mutls_client_cert_requested(conn);
        r->given = mutls_client_cert_given(conn);
        r->reused = mutls_session_reused(conn);
        if (keep != NULL) {
            assert_int_equal(mutls_get_session(conn, keep), 0);
        }
        n = strlen(r->request);
        assert_int_equal(mutls_write(conn, r->request, n), (int)n);
        for (;;) {
            int got = mutls_read(conn, r->reply + have, sizeof(r->reply) - 1 - have);
            if (got <= 0) {
                r->read_rc = got;
                break;
            }
            have += (size_t)got;
        }
        r->reply[have] = 0;
    }
    mutls_free(conn);
    close(fd);
}

/* selfserv's reply must be its page echoing our request, ended by close_notify. */
static void expect_echo(const client_result *r, const char *label)
{
    if (strncmp(r->reply, "HTTP/1.0 200 OK", 15) != 0 || strstr(r->reply, r->request) == NULL ||
        strstr(r->reply, "EOF") == NULL) {
        fail_msg("%s: selfserv's reply does not echo our %zu-byte request:\n%.400s", label,
                 strlen(r->request), r->reply);
    }
    if (r->read_rc != 0) {
        fail_msg("%s: the reply ended with %s, not close_notify", label,
                 mutls_strerror(r->read_rc));
    }
}

static void test_nss_selfserv_accepts_mutls_client_every_suite(void **state)
{
    (void)state;
    need_peers();
    for (int ec = 0; ec <= 1; ec++) {
        tu_selfserv s;

        selfserv_start(&s, ec, NULL);
        for (size_t i = 0; i < N_SUITES; i++) {
            const suite_case *sc = &suites[i];

            if (sc->ec != ec || !BUILT(sc)) {
                continue;
            }
            for (int id = 0; id < 2; id++) {
                mutls_config *cfg = client_cfg("cas.pem", identities[id].name, sc->name);
                client_result *r = calloc(1, sizeof(*r));
                char label[128];
                char want[256];
                char *log;

                assert_non_null(r);
                snprintf(label, sizeof(label), "%s with %s", sc->name, identities[id].name);
                client_round(&s, cfg, NULL, NULL, r);
                log = tu_selfserv_since_mark(&s, "stateless resumes");
                if (r->rc != 0) {
                    fail_msg("%s: %s\n--- selfserv:\n%s", label, r->detail, log);
                }
                assert_string_equal(r->suite, sc->iana);
                assert_string_equal(r->subject, "CN=localhost,O=mutls demo");
                assert_true(r->requested && r->given);
                expect_echo(r, label);
                /* selfserv's view: our certificate, verified, the suite, EMS. */
                expect_in(log, "-- SSL3: Certificate Validated.", label);
                expect_in(log, "subject DN: " CLIENT_SUBJECT, label);
                snprintf(want, sizeof(want), "issuer  DN: %s", identities[id].issuer);
                expect_in(log, want, label);
                snprintf(want, sizeof(want), "SSL version 3.3 using %s", sc->nss);
                expect_in(log, want, label);
                expect_in(log, sc->rsa_kx ? "Key Exchange: 2048-bit RSA" : "-bit ECDHE", label);
                expect_in(log, "Extended Master Secret: Yes", label);
                free(log);
                free(r);
                mutls_config_free(cfg);
            }
        }
        tu_peer_stop(&s.peer);
    }
}

/* Our client refused by, or refusing, selfserv (RSA identity): both sides' words. */
static void client_refusal(const char *trust, const char *identity, int always_present, int want_rc,
                           int want_alert, const char *want_detail, const char *want_log)
{
    mutls_config *cfg = client_cfg(trust, identity, NULL);
    client_result *r = calloc(1, sizeof(*r));
    tu_selfserv s;
    char *log;

    assert_non_null(r);
    if (always_present) {
        tu_client_always_present(cfg);
    }
    selfserv_start(&s, 0, NULL);
    client_round(&s, cfg, NULL, NULL, r);
    log = tu_selfserv_since_mark(&s, want_log);
    tu_peer_stop(&s.peer);
    if (r->rc != want_rc || strstr(r->detail, want_detail) == NULL) {
        fail_msg("our client: %s (%s), want %s and \"%s\"\n--- selfserv:\n%s",
                 mutls_strerror(r->rc), r->detail, mutls_strerror(want_rc), want_detail, log);
    }
    assert_int_equal(want_rc == MUTLS_ERR_ALERT_RECEIVED ? r->alert_received : r->alert_sent,
                     want_alert);
    expect_in(log, want_log, "selfserv");
    free(log);
    free(r);
    mutls_config_free(cfg);
}

static void test_nss_selfserv_from_unknown_ca_is_refused(void **state)
{
    (void)state;
    need_peers();
    /* selfserv sends its chain with the root; we trust only the EC CA. NSS reports our
     * unknown_ca alert as error -12195, SSL_ERROR_UNKNOWN_CA_ALERT. */
    client_refusal("ca-ec.pem", "client", 0, MUTLS_ERR_X509_UNKNOWN_ISSUER, 48,
                   "(" RSA_CA_DN ") is a root (issued under its own name) that is not a "
                   "trust anchor: sent alert unknown_ca(48)",
                   "-12195:\nPeer does not recognize and trust the CA that issued your "
                   "certificate.");
}

static void test_nss_selfserv_refuses_mutls_client_without_cert(void **state)
{
    (void)state;
    need_peers();
    /* NSS answers an empty client Certificate with bad_certificate (RFC 5246 §7.4.6 leaves
     * the choice to the server; handshake_failure would be the usual one). */
    client_refusal("ca.pem", NULL, 0, MUTLS_ERR_ALERT_RECEIVED, 42,
                   "server sent alert bad_certificate(42)",
                   "-12285:\nUnable to find the certificate or key necessary for "
                   "authentication.");
}

static void test_nss_selfserv_refuses_client_from_other_ca(void **state)
{
    (void)state;
    need_peers();
    /* Presented although selfserv named other CAs in its CertificateRequest: NSS checks it
     * (error -8179, SEC_ERROR_UNKNOWN_ISSUER) and answers unknown_ca. */
    client_refusal("ca.pem", "client-other", 1, MUTLS_ERR_ALERT_RECEIVED, 48,
                   "server rejected our client certificate: alert unknown_ca(48) after our "
                   "Certificate",
                   "Certificate Invalid, err -8179.\nPeer's Certificate issuer is not "
                   "recognized.\nselfserv: Subject: CN=client,O=Other");
}

/* ---- tstclnt against the mutls tool ---- */

/* A running `mutls server --http` and where its output for the next connection starts. */
typedef struct tool_server {
    tu_peer peer;
    int port;
    size_t mark;
} tool_server;

/* The RSA or EC server identity, trusting both demo CAs, client certificates required. */
static void tool_server_start(tool_server *t, int ec)
{
    char port_arg[16];

    for (int attempt = 0; attempt < 3; attempt++) {
        t->port = tu_free_port();
        assert_true(t->port > 0);
        snprintf(port_arg, sizeof(port_arg), "%d", t->port);
        char *argv[] = {MUTLS_TOOL_PATH,
                        "server",
                        "--http",
                        "--port",
                        port_arg,
                        "--client-auth",
                        "required",
                        "--cert",
                        (char *)tu_pki(ec ? "server-ec.pem" : "server.pem"),
                        "--key",
                        (char *)tu_pki(ec ? "server-ec.key" : "server.key"),
                        "--ca",
                        (char *)tu_pki("cas.pem"),
                        NULL};
        assert_int_equal(tu_peer_start(&t->peer, argv, 1), 0);
        /* Its banner, not a probe: a probe would leave a failure line behind. */
        if (tu_wait_output(&t->peer, "listening on 127.0.0.1", TU_PEER_EVENT_MS) == 0) {
            t->mark = tu_file_size(t->peer.out_path);
            return;
        }
        tu_peer_stop(&t->peer);
    }
    fail_msg("mutls server did not start");
}

/* The server's output since the previous call (caller frees), once it holds @p want or
 * after TU_PEER_EVENT_MS: it may log a moment after tstclnt has exited. */
static char *tool_server_news(tool_server *t, const char *want)
{
    char *all = NULL;
    char *news = NULL;
    size_t n = 0;

    for (int waited = 0; waited <= TU_PEER_EVENT_MS; waited += 20) {
        free(all);
        free(news);
        all = tu_peer_output(&t->peer);
        n = strlen(all);
        news = strdup(t->mark < n ? all + t->mark : "");
        if (strstr(news, want) != NULL) {
            break;
        }
        usleep(20 * 1000);
    }
    t->mark = n;
    free(all);
    return news;
}

/* tstclnt with @p db / @p nick (NULL: none) and @p extra (NULL ended, after "-V" range
 * @p versions) against the tool; its output, its exit status in *status. */
/* Not inlined: GCC 12 at -O3 would otherwise take the caller's later searches of the text
 * for uses of a dangling local (a false -Wdangling-pointer). */
__attribute__((noinline)) static char *tstclnt(const tool_server *t, const char *db,
                                               const char *nick, const char *versions,
                                               const char *const extra[], int *status)
{
    const char *args[12] = {"-V", versions};
    size_t a = 2;
    char *out = NULL;

    for (size_t i = 0; extra != NULL && extra[i] != NULL && a < 11; i++) {
        args[a++] = extra[i];
    }
    args[a] = NULL;
    *status = tu_tstclnt_run(tu_nss_db_arg(top, db), t->port, nick, request_path, args, &out);
    return out;
}

static void test_nss_tstclnt_vs_mutls_server_every_suite(void **state)
{
    (void)state;
    need_peers();
    for (int ec = 0; ec <= 1; ec++) {
        tool_server t;

        tool_server_start(&t, ec);
        for (size_t i = 0; i < N_SUITES; i++) {
            const suite_case *sc = &suites[i];

            if (sc->ec != ec || !BUILT(sc)) {
                continue;
            }
            for (int id = 0; id < 2; id++) {
                const char *extra[] = {"-G", "-c", sc->id, NULL};
                char label[128];
                char want[256];
                char *news;
                char *out;
                int status;

                snprintf(label, sizeof(label), "tstclnt %s with %s", sc->id, identities[id].name);
                out = tstclnt(&t, identities[id].db, identities[id].name, "tls1.2:tls1.2", extra,
                              &status);
                snprintf(want, sizeof(want), "handshake with %s: %s, client authenticated",
                         CLIENT_SUBJECT, sc->iana);
                news = tool_server_news(&t, "served ");
                if (status != 0) {
                    fail_msg("%s: exit %d:\n%s\n--- mutls server:\n%s", label, status, out, news);
                }
                /* Our server's report names the client certificate it verified. */
                expect_in(news, want, "mutls server");
                expect_in(news, "served " CLIENT_SUBJECT, "mutls server");
                /* tstclnt's view: our certificate, the suite, EMS, and the page. */
                expect_in(out, "subject DN: CN=localhost,O=mutls demo", label);
                expect_in(out, ec ? "issuer  DN: " EC_CA_DN : "issuer  DN: " RSA_CA_DN, label);
                snprintf(want, sizeof(want), "SSL version 3.3 using %s", sc->nss);
                expect_in(out, want, label);
                expect_in(out, "Extended Master Secret: Yes", label);
                expect_in(out, "HTTP/1.1 200 OK", label);
                expect_in(out, "<p>Client certificate: " CLIENT_SUBJECT "</p>", label);
                snprintf(want, sizeof(want), "<p>Cipher suite: %s</p>", sc->iana);
                expect_in(out, want, label);
                free(news);
                free(out);
            }
        }
        tu_peer_stop(&t.peer);
    }
}

/* tstclnt refused by, or refusing, the tool (RSA identity): both sides' words. */
static void server_refusal(const char *db, const char *nick, const char *versions,
                           const char *want_tstclnt, const char *want_server)
{
    const char *extra[] = {"-G", NULL};
    tool_server t;
    char *news;
    char *out;
    int status;

    tool_server_start(&t, 0);
    out = tstclnt(&t, db, nick, versions, extra, &status);
    news = tool_server_news(&t, want_server);
    tu_peer_stop(&t.peer);
    expect_in(news, want_server, "mutls server");
    expect_in(out, want_tstclnt, "tstclnt");
    if (status == 0 || strstr(out, "HTTP/1.1 200 OK") != NULL) {
        fail_msg("tstclnt succeeded (exit %d):\n%s", status, out);
    }
    free(news);
    free(out);
}

static void test_nss_tstclnt_without_cert_is_refused(void **state)
{
    (void)state;
    need_peers();
    server_refusal("anchors", NULL, "tls1.2:tls1.2", "SSL_ERROR_HANDSHAKE_FAILURE_ALERT",
                   "mutls server: client sent no certificate: sent alert handshake_failure(40) "
                   "(no_client_certificate)");
}

static void test_nss_tstclnt_from_other_ca_is_refused(void **state)
{
    (void)state;
    need_peers();
    server_refusal("foreign", "client-other", "tls1.2:tls1.2", "SSL_ERROR_UNKNOWN_CA_ALERT",
                   "was issued by CN=Other CA,O=Other, which is neither a trust anchor nor "
                   "among the given certificates: sent alert unknown_ca(48) (unknown_issuer)");
}

static void test_nss_tstclnt_trusting_wrong_ca_refuses_us(void **state)
{
    (void)state;
    need_peers();
    /* NSS refuses our chain with unknown_ca, sent in place of its client Certificate. */
    server_refusal("other", "client", "tls1.2:tls1.2", "SEC_ERROR_UNKNOWN_ISSUER",
                   "mutls server: client rejected our server certificate: alert unknown_ca(48) "
                   "after our Certificate (alert_received)");
}

static void test_nss_tstclnt_tls13_only_is_refused(void **state)
{
    (void)state;
    need_peers();
    server_refusal("rsa", "client", "tls1.3:tls1.3", "SSL_ERROR_PROTOCOL_VERSION_ALERT",
                   "mutls server: server refused the client's ClientHello: it offers only TLS "
                   "1.3 (supported_versions), and mutls speaks TLS 1.2 only: sent alert "
                   "protocol_version(70) (protocol_version)");
}

/* ---- session resumption ---- */

static void test_nss_tstclnt_resumes_with_mutls_server(void **state)
{
    (void)state;
    need_peers();
#if defined(MUTLS_NO_RESUME)
    skip();
#endif
    /* -L 2: two connections from one process, the second offering the first's session; with
     * -u by ticket (RFC 5077), without by session ID (RFC 5246 §7.3). */
    for (int ticket = 0; ticket <= 1; ticket++) {
        const char *extra[] = {"-G", "-L", "2", ticket ? "-u" : NULL, NULL};
        tool_server t;
        char *news;
        char *out;
        int status;

        tool_server_start(&t, 0);
        out = tstclnt(&t, "rsa", "client", "tls1.2:tls1.2", extra, &status);
        news = tool_server_news(&t, "session resumed");
        tu_peer_stop(&t.peer);
        if (status != 0) {
            fail_msg("tstclnt -L 2%s: exit %d:\n%s", ticket ? " -u" : "", status, out);
        }
        assert_int_equal(count_of(news, "handshake with " CLIENT_SUBJECT), 2);
        assert_int_equal(count_of(news, "session resumed (abbreviated handshake)"), 1);
        assert_int_equal(count_of(out, "<p>Client certificate: " CLIENT_SUBJECT "</p>"), 2);
        expect_in(out, "1 cache hits", "tstclnt");
        expect_in(out, ticket ? "1 stateless resumes" : "0 stateless resumes", "tstclnt");
        free(news);
        free(out);
    }
}

static void test_nss_mutls_client_resumes_with_selfserv(void **state)
{
    (void)state;
    need_peers();
#if defined(MUTLS_NO_RESUME)
    skip();
#endif
    for (int ticket = 0; ticket <= 1; ticket++) {
        const char *extra[] = {ticket ? "-u" : NULL, NULL};
        mutls_config *cfg = client_cfg("cas.pem", "client-ec", NULL);
        client_result *r = calloc(1, sizeof(*r));
        mutls_session *sess = NULL;
        tu_selfserv s;
        char *log;

        assert_non_null(r);
        selfserv_start(&s, 1, extra);
        client_round(&s, cfg, NULL, &sess, r);
        assert_int_equal(r->rc, 0);
        assert_int_equal(r->reused, 0);
        expect_echo(r, "first connection");
        client_round(&s, cfg, sess, NULL, r);
        log = tu_selfserv_since_mark(&s, "1 cache hits");
        tu_peer_stop(&s.peer);
        if (r->rc != 0 || !r->reused) {
            fail_msg("resumption%s: rc %d reused %d (%s)\n--- selfserv:\n%s",
                     ticket ? " by ticket" : "", r->rc, r->reused, r->detail, log);
        }
        expect_echo(r, "resumed connection");
        /* The resumed session still names our certificate on both sides. */
        assert_true(r->given);
        expect_in(log, "subject DN: " CLIENT_SUBJECT, "selfserv");
        expect_in(log, "1 cache hits", "selfserv");
        expect_in(log, ticket ? "1 stateless resumes" : "0 stateless resumes", "selfserv");
        free(log);
        free(r);
        mutls_session_free(sess);
        mutls_config_free(cfg);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_nss_selfserv_accepts_mutls_client_every_suite),
        cmocka_unit_test(test_nss_tstclnt_vs_mutls_server_every_suite),
        cmocka_unit_test(test_nss_selfserv_from_unknown_ca_is_refused),
        cmocka_unit_test(test_nss_selfserv_refuses_mutls_client_without_cert),
        cmocka_unit_test(test_nss_selfserv_refuses_client_from_other_ca),
        cmocka_unit_test(test_nss_tstclnt_without_cert_is_refused),
        cmocka_unit_test(test_nss_tstclnt_from_other_ca_is_refused),
        cmocka_unit_test(test_nss_tstclnt_trusting_wrong_ca_refuses_us),
        cmocka_unit_test(test_nss_tstclnt_tls13_only_is_refused),
        cmocka_unit_test(test_nss_tstclnt_resumes_with_mutls_server),
        cmocka_unit_test(test_nss_mutls_client_resumes_with_selfserv),
    };
    return cmocka_run_group_tests(tests, setup_nss, teardown_nss);
}
