/* SPDX-License-Identifier: MIT */
/*
 * interop_go.c - mutls against Go's own TLS stack (crypto/tls of Go 1.19, Debian 12's
 * golang-go), both directions on 127.0.0.1. tests/interop/gopeer.go (standard library only) is
 * built once per run into a temporary directory (own GOCACHE/GOPATH/HOME, GO111MODULE=off: no
 * network; about 1 s); each run of it makes or serves a list of connections and prints a line
 * for each.
 *
 * Go 1.19 lacks the extended master secret (RFC 7627; Go 1.21 added it), which mutls requires
 * by default (§5.3): our server refuses Go's ClientHello, our client Go's ServerHello, both
 * with handshake_failure, which Go reports. Without that requirement they interoperate: every
 * ECDHE suite both have, RSA and EC identities on both sides, Go's default versions (1.3 and
 * 1.2 offered: RFC 8446 §4.1.3, a 1.2-only server sends no downgrade sentinel) and 1.2 alone,
 * data both ways including single writes over 16 KiB, close_notify both ways. Then refusals,
 * where both sides must say why: no client certificate, a peer trusting another CA, an expired
 * client, a client from another CA, a name the server certificate does not carry.
 */
#include "testutil.h"

#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "built.h"
#include "echo_peer.h"
#include "interop.h"
#include "mutls.h"
#include "peer.h"

#define GO_SOURCE MUTLS_VECTORS_DIR "/../tests/interop/gopeer.go"
#define MAX_CONNS EP_MAX_CONNS
#define BIG 40000 /* one write of this many bytes spans three records */
#define GO_WAIT_MS 40000
#define SERVER_SUBJECT "CN=localhost,O=mutls demo"
#define CLIENT_SUBJECT "CN=client,O=mutls demo"
#define SPEC_LEN 512

/* The suites Go 1.19 and mutls both have; the ECDSA ones need the EC server key. */
static const char *const suites[] = {
    "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256",       "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384",
    "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256", "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
    "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",         "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256",
};
#define N_SUITES (sizeof(suites) / sizeof(suites[0]))

/* Why the peer cannot run here (empty: it can), where gopeer went, and why it did not build. */
static char missing[256];
static char workdir[64];
static char binary[128];
static char build_log[4096];
static int go_minor; /* 19 for go1.19.x */

/* ---- building gopeer once ---- */

/* Run @p argv to its end (@p timeout_ms at most); its exit status, -2 when it did not start.
 * @p out receives its output (caller frees; NULL when it did not start). */
static int run_tool(char *const argv[], int timeout_ms, char **out)
{
    tu_peer p;
    int status;

    *out = NULL;
    if (tu_peer_start(&p, argv, 1) != 0) {
        return -2;
    }
    status = tu_peer_wait(&p, timeout_ms);
    *out = tu_peer_output(&p);
    return status;
}

static int setup_go(void **state)
{
    char path[256];
    char *argv[] = {"go", "build", "-o", binary, GO_SOURCE, NULL};
    char *vargv[] = {binary, "version", NULL};
    char *out;
    int status;

    (void)state;
    if (!tu_have("go")) {
        snprintf(missing, sizeof(missing),
                 "go is not installed (apt-get install golang-go): skipping\n");
        return 0;
    }
    snprintf(workdir, sizeof(workdir), "/tmp/mutls-go-XXXXXX");
    if (mkdtemp(workdir) == NULL) {
        snprintf(build_log, sizeof(build_log), "mkdtemp failed");
        return 0;
    }
    snprintf(binary, sizeof(binary), "%s/gopeer", workdir);
    /* Works as root in CI and as any user, with nothing fetched: the build cache, GOPATH and
     * HOME in our directory, GOPATH mode (the program imports the standard library only). Only
     * go and gopeer run from this process, so the environment can stay so. */
    snprintf(path, sizeof(path), "%s/cache", workdir);
    setenv("GOCACHE", path, 1);
    setenv("GOPATH", workdir, 1);
    setenv("HOME", workdir, 1);
    setenv("GO111MODULE", "off", 1);
    setenv("GOFLAGS", "", 1);
    setenv("GOPROXY", "off", 1);
    setenv("GOTOOLCHAIN", "local", 1); /* a newer go must not fetch another toolchain */
    if ((status = run_tool(argv, 120000, &out)) != 0) {
        snprintf(build_log, sizeof(build_log), "go build exit %d:\n%s", status,
                 out != NULL ? out : "(could not start go)");
    } else {
        free(out);
        status = run_tool(vargv, 10000, &out);
        if (status != 0 || out == NULL || sscanf(out, "go1.%d", &go_minor) != 1) {
            snprintf(build_log, sizeof(build_log), "gopeer version: exit %d, '%s'", status,
                     out != NULL ? out : "");
        }
    }
    free(out);
    return 0;
}

/* Remove gopeer and the build cache: the directory mkdtemp made for us. */
static int teardown_go(void **state)
{
    char *argv[] = {"rm", "-rf", workdir, NULL};
    char *out = NULL;

    (void)state;
    if (workdir[0] != 0) {
        (void)run_tool(argv, 30000, &out);
    }
    free(out);
    return 0;
}

/* Skip the running test when Go is missing; fail it when gopeer did not build. */
static void need_peer(void)
{
    ep_need_peer(missing, build_log);
}

/* Start gopeer in @p mode (to connect to @p port when a client) with the connection settings
 * @p specs; its watchdog ends it after 35 s, and tu_peer_wait would after GO_WAIT_MS. */
static void go_start(tu_peer *p, const char *mode, int port, char specs[][SPEC_LEN], int n)
{
    char port_arg[16];
    char *argv[MAX_CONNS + 8] = {binary, (char *)mode, "--port", port_arg, "--deadline", "35"};

    snprintf(port_arg, sizeof(port_arg), "%d", port);
    for (int i = 0; i < n; i++) {
        argv[6 + i] = specs[i];
    }
    argv[6 + n] = NULL;
    assert_int_equal(tu_peer_start(p, argv, 1), 0);
}

/* Fail unless gopeer's line "conn <i> <kind> ..." exists and contains @p want (the whole
 * output is shown when the line is missing). Kind "ok": Go completed the connection; "error":
 * Go gave up on it, and its error text follows. */
static void expect_go(const char *out, int i, const char *kind, const char *want)
{
    char prefix[32];
    char line[1024];
    size_t plen = (size_t)snprintf(prefix, sizeof(prefix), "conn %d ", i);
    const char *rest = line + plen;

    if (ep_conn_line(out, i, line, sizeof(line)) != 0) {
        fail_msg("gopeer printed no line for connection %d:\n%s", i, out);
    }
    if (strncmp(rest, kind, strlen(kind)) != 0 || rest[strlen(kind)] != ' ' ||
        strstr(rest, want) == NULL) {
        fail_msg("gopeer said\n  %s\nnot\n  %s%s ...%s", line, prefix, kind, want);
    }
}

/* Go's words for a fatal alert it received (the alert names of crypto/tls). */
#define GO_GOT_ALERT "remote error: tls: "
/* Our words when the peer refused our certificate with bad_certificate, as Go does. */
#define BAD_CERT(peer, us)                                                                         \
    peer " rejected our " us " certificate: alert bad_certificate(42) after our Certificate"

/* Serve @p n connections from a gopeer client; returns gopeer's output after it exited 0. Go
 * has then finished with every connection, so the server thread ends on its own, or when the
 * listener is shut (a connection gopeer never made). */
static char *go_client_run(ep_server *s, char specs[][SPEC_LEN], int n)
{
    tu_peer p;
    char *out;
    int status;

    ep_start(s, n);
    go_start(&p, "client", s->port, specs, n);
    status = tu_peer_wait(&p, GO_WAIT_MS);
    ep_join(s);
    out = tu_peer_output(&p);
    assert_non_null(out);
    if (status != 0) {
        fail_msg("gopeer client exit %d:\n%s", status, out);
    }
    return out;
}

/* ---- our client against a gopeer server ---- */

/* tu_client_config's client (trusting ca.pem, or ca-ec.pem when @p ec) without the need for
 * the extended master secret. */
static mutls_config *lax_client(int ec, const char *identity, const char *suite)
{
    mutls_config *cfg = tu_client_config(ec, identity, suite);

    assert_non_null(cfg);
    assert_int_equal(mutls_config_set_require_ems(cfg, 0), 0);
    return cfg;
}

/* Start gopeer as a server for @p n connections and make them, the i-th with our client
 * configuration @p cfgs[i] sending @p sizes[i] bytes (NULL: 10 each), results in @p res;
 * returns gopeer's output after it exited 0. */
static char *go_server_run(char specs[][SPEC_LEN], int n, mutls_config *const cfgs[],
                           const int *sizes, ep_result *res)
{
    tu_peer p;
    char *out;
    char *at;
    int port = 0;
    int status;

    go_start(&p, "server", 0, specs, n);
    status = tu_wait_output(&p, "listening on ", TU_PEER_EVENT_MS);
    out = tu_peer_output(&p);
    assert_non_null(out);
    at = strstr(out, "listening on ");
    if (status != 0 || at == NULL || (port = atoi(at + strlen("listening on "))) <= 0) {
        fail_msg("gopeer server did not start:\n%s", out);
    }
    free(out);
    for (int i = 0; i < n; i++) {
        ep_client_connect(port, cfgs[i], sizes != NULL ? (size_t)sizes[i] : 10, &res[i]);
    }
    status = tu_peer_wait(&p, GO_WAIT_MS);
    out = tu_peer_output(&p);
    assert_non_null(out);
    if (status != 0) {
        fail_msg("gopeer server exit %d:\n%s", status, out);
    }
    return out;
}

/* ---- the default: extended master secret required, so Go 1.19 is refused ---- */

#define NO_EMS_WHY                                                                                 \
    "the peer does not support the extended master secret (RFC 7627), which is required: sent "    \
    "alert handshake_failure(40)"

/* Skip a test of the refusal when Go has the extended master secret (Go 1.21 added it). */
static void need_go_without_ems(void)
{
    if (go_minor >= 21) {
        fprintf(stderr, "go1.%d implements the extended master secret: nothing to refuse\n",
                go_minor);
        skip();
    }
}

/* RFC 7627 §5.3: a server that insists aborts on a ClientHello without the extension. Go's
 * default range (1.3 offered too) and 1.2 alone end the same way. */
static void test_go_client_at_default_server_is_refused_without_ems(void **state)
{
    static char specs[MAX_CONNS][SPEC_LEN];
    static ep_server s;
    mutls_config *cfg = tu_server_config(0, MUTLS_CLIENT_AUTH_REQUIRED, NULL);
    char *out;

    (void)state;
    need_peer();
    need_go_without_ems();
    assert_non_null(cfg);
    memset(&s, 0, sizeof(s));
    s.cfgs[0] = cfg;
    for (int i = 0; i < 2; i++) {
        snprintf(specs[i], SPEC_LEN, "id=%s,ca=%s,send=10%s", tu_pki("client"), tu_pki("ca.pem"),
                 i == 1 ? ",proto=1.2" : "");
    }
    out = go_client_run(&s, specs, 2);
    for (int i = 0; i < 2; i++) {
        ep_expect_refused(&s.results[i], MUTLS_ERR_NO_EXTENDED_MASTER_SECRET, 40,
                          "server refused the client's ClientHello: " NO_EMS_WHY);
        expect_go(out, i, "error", GO_GOT_ALERT "handshake failure");
    }
    free(out);
    mutls_config_free(cfg);
}

/* RFC 7627 §5.3: a client that insists aborts on a ServerHello without the extension, before
 * it sends anything keyed; Go reports the alert. */
static void test_go_server_refused_by_default_client_without_ems(void **state)
{
    static char specs[MAX_CONNS][SPEC_LEN];
    static ep_result res[2];
    mutls_config *cfg = tu_client_config(0, "client", NULL);
    mutls_config *const cfgs[] = {cfg, cfg};
    char *out;

    (void)state;
    need_peer();
    need_go_without_ems();
    assert_non_null(cfg);
    for (int i = 0; i < 2; i++) {
        snprintf(specs[i], SPEC_LEN, "id=%s,ca=%s%s", tu_pki("server"), tu_pki("ca.pem"),
                 i == 1 ? ",proto=1.2" : "");
    }
    out = go_server_run(specs, 2, cfgs, NULL, res);
    for (int i = 0; i < 2; i++) {
        ep_expect_refused(&res[i], MUTLS_ERR_NO_EXTENDED_MASTER_SECRET, 40,
                          "client refused the server's ServerHello: " NO_EMS_WHY);
        assert_int_equal(res[i].certs, 0); /* it stopped before Go's Certificate */
        expect_go(out, i, "error", GO_GOT_ALERT "handshake failure");
    }
    free(out);
    mutls_config_free(cfg);
}

/* ---- with the extended master secret not required: the successful connections ---- */

typedef struct conn_plan {
    const char *suite; /* the suite both must report */
    int pinned;        /* the client offers only that suite; else its default list */
    int server_ec;     /* the server key it needs (both servers hold RSA and EC identities) */
    int client_ec;     /* the client presents client-ec, else client (RSA) */
    int size;          /* bytes sent in one write and echoed in one write */
    int tls12_only;    /* Go offers/accepts TLS 1.2 only; else 1.3 and 1.2, its default */
} conn_plan;

/* Every shared suite on its own, client keys alternating RSA and EC whatever the server key,
 * Go's default versions for the odd ones; then both default lists, twice. */
static int make_plan(conn_plan *plan, const char *default_choice)
{
    int n = 0;

    for (size_t i = 0; i < N_SUITES; i++, n++) {
        plan[n] = (conn_plan){suites[i],
                              1,
                              strstr(suites[i], "ECDSA") != NULL,
                              (int)(i % 2),
                              i == 0   ? BIG
                              : i == 3 ? 16385
                                       : 1000,
                              (int)(i % 2 == 0)};
    }
    plan[n++] = (conn_plan){default_choice, 0, 1, 0, BIG, 0};
    plan[n++] = (conn_plan){default_choice, 0, 1, 1, 300, 1};
    return n;
}

#define ISSUER(ec) ((ec) ? "CN=mutls demo EC CA,O=mutls demo" : "CN=mutls demo CA,O=mutls demo")
#define KEY(ec) ((ec) ? "ECDSA" : "RSA")

/* Fail unless our side of connection @p i (we served it when @p we_serve) and gopeer's line
 * for it both report what @p plan wanted: TLS 1.2 (from the versions Go offered), the suite,
 * both certificates with their keys, no resumption, the echo and close_notify both ways. */
static void expect_both_ok(const ep_result *r, int i, const conn_plan *plan, int we_serve,
                           const char *out)
{
    char want[512];

    snprintf(want, sizeof(want),
             "version=TLS1.2 offered=%s suite=%s peer=%s %s local=%s %s clientcert=yes "
             "resumed=no echoed=%d closed=clean",
             plan->tls12_only ? "1.2" : "1.3+1.2", plan->suite,
             we_serve ? SERVER_SUBJECT : CLIENT_SUBJECT,
             KEY(we_serve ? plan->server_ec : plan->client_ec),
             we_serve ? CLIENT_SUBJECT : SERVER_SUBJECT,
             KEY(we_serve ? plan->client_ec : plan->server_ec), plan->size);
    expect_go(out, i, "ok", want);
    if (r->rc != 0) {
        fail_msg("connection %d: %s: %s\n--- gopeer:\n%s", i, mutls_strerror(r->rc), r->detail,
                 out);
    }
    assert_string_equal(r->version, "TLSv1.2");
    assert_string_equal(r->suite, plan->suite);
    assert_string_equal(r->subject, we_serve ? CLIENT_SUBJECT : SERVER_SUBJECT);
    assert_string_equal(r->issuer, ISSUER(we_serve ? plan->client_ec : plan->server_ec));
    assert_int_equal(r->requested, 1);
    assert_int_equal(r->given, 1);
    assert_int_equal(r->echoed, plan->size);
    assert_int_equal(r->closed, 1);
}

/* From both default lists the server's preference wins (RFC 5246 §7.4.1.3). Ours puts
 * ChaCha20 with ECDSA first; Go 1.19 keeps its own order, and puts ChaCha20 first when the
 * client does (which ours does), so both choices are the same suite. */
#define OUR_CHOICE "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256"
#define GO_CHOICE "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256"

static void test_go_client_every_suite_completes_without_ems(void **state)
{
    static char specs[MAX_CONNS][SPEC_LEN];
    static conn_plan plan[MAX_CONNS];
    static ep_server s;
    mutls_config *cfg;
    char *out;
    int n = make_plan(plan, OUR_CHOICE);

    (void)state;
    need_peer();
    memset(&s, 0, sizeof(s));
    cfg = ep_server_config(0, 1);
    /* Without resumption built there are no tickets to turn on; the plan is the same. */
    assert_int_equal(mutls_config_set_session_tickets(cfg, 1, 0),
                     tu_built(TU_PART_RESUME) ? 0 : MUTLS_ERR_NOT_BUILT);
    s.cfgs[0] = cfg;
    /* The two default-list connections share a Go session cache: Go's client then asks for a
     * session ticket (RFC 5077), and our server has tickets on. But Go 1.19 has no extended
     * master secret, and we issue tickets only for sessions that have it (RFC 7627 §5.3, the
     * rule of the session cache too): no SessionTicket extension in our ServerHello, no
     * ticket, so the second is a full handshake too (resumed=no on Go's side). A Go >= 1.21
     * client (with the extension) would resume; so would a Go server resume our client. */
    for (int i = 0; i < n; i++) {
        snprintf(specs[i], SPEC_LEN, "id=%s,ca=%s,send=%d%s%s%s",
                 tu_pki(plan[i].client_ec ? "client-ec" : "client"), tu_pki("cas.pem"),
                 plan[i].size, plan[i].pinned ? ",suite=" : ",cache=go",
                 plan[i].pinned ? plan[i].suite : "", plan[i].tls12_only ? ",proto=1.2" : "");
    }
    out = go_client_run(&s, specs, n);
    for (int i = 0; i < n; i++) {
        expect_both_ok(&s.results[i], i, &plan[i], 1, out);
    }
    free(out);
    mutls_config_free(cfg);
}

static void test_go_server_every_suite_completes_without_ems(void **state)
{
    static char specs[MAX_CONNS][SPEC_LEN];
    static conn_plan plan[MAX_CONNS];
    static ep_result res[MAX_CONNS];
    mutls_config *cfgs[MAX_CONNS] = {0};
    int sizes[MAX_CONNS] = {0};
    char ids[256];
    char *out;
    int n = make_plan(plan, GO_CHOICE);

    (void)state;
    need_peer();
    /* EC first: Go serves with the first identity the ClientHello supports. */
    snprintf(ids, sizeof(ids), "%s+%s", tu_pki("server-ec"), tu_pki("server"));
    for (int i = 0; i < n; i++) {
        snprintf(specs[i], SPEC_LEN, "id=%s,ca=%s,auth=need%s", ids, tu_pki("cas.pem"),
                 plan[i].tls12_only ? ",proto=1.2" : "");
        /* The default lists end with Go's EC identity, as plan[i].server_ec says. */
        cfgs[i] = lax_client(plan[i].server_ec, plan[i].client_ec ? "client-ec" : "client",
                             plan[i].pinned ? plan[i].suite : NULL);
        sizes[i] = plan[i].size;
    }
    out = go_server_run(specs, n, cfgs, sizes, res);
    for (int i = 0; i < n; i++) {
        expect_both_ok(&res[i], i, &plan[i], 0, out);
        mutls_config_free(cfgs[i]);
    }
    free(out);
}

/* ---- refusals, with the extended master secret not required so only the cause is left ---- */

static void test_go_client_bad_cert_trust_or_name_is_refused(void **state)
{
    static char specs[MAX_CONNS][SPEC_LEN];
    static ep_server s;
    mutls_config *made[2];
    char *out;
    const ep_result *r = s.results;

    (void)state;
    need_peer();
    /* The refusals every client peer meets (echo_peer.h), then one of Go's own: it checks a
     * name our certificate does not carry. */
    ep_refusals_plan(&s, specs, 0, made);
    snprintf(specs[EP_REFUSE_COUNT], SPEC_LEN, "id=%s,ca=%s,send=10,sni=wrong.example",
             tu_pki("client"), tu_pki("cas.pem"));
    out = go_client_run(&s, specs, EP_REFUSE_COUNT + 1);

    ep_expect_refusals(r);
    expect_go(out, EP_REFUSE_NO_CERT, "error", GO_GOT_ALERT "handshake failure");
    ep_expect_refused(&r[EP_REFUSE_UNTRUSTING], MUTLS_ERR_ALERT_RECEIVED, 42,
                      BAD_CERT("client", "server"));
    expect_go(out, EP_REFUSE_UNTRUSTING, "error", "x509: certificate signed by unknown authority");
    expect_go(out, EP_REFUSE_OTHER_CA, "error", GO_GOT_ALERT "unknown certificate authority");
    expect_go(out, EP_REFUSE_EXPIRED, "error", GO_GOT_ALERT "expired certificate");
    ep_expect_refused(&r[EP_REFUSE_COUNT], MUTLS_ERR_ALERT_RECEIVED, 42,
                      BAD_CERT("client", "server"));
    expect_go(out, EP_REFUSE_COUNT, "error",
              "x509: certificate is valid for localhost, not wrong.example");
    free(out);
    mutls_config_free(made[0]);
    mutls_config_free(made[1]);
}

static void test_go_server_bad_cert_or_trust_is_refused(void **state)
{
    static char specs[MAX_CONNS][SPEC_LEN];
    static ep_result res[MAX_CONNS];
    static const char *const identity[] = {"client", "client-expired", NULL, "client"};
    mutls_config *cfgs[4];
    char *out;

    (void)state;
    need_peer();
    /* 0: Go trusts only Other CA for clients (we present our certificate anyway: the server
     * decides); 1: ours has expired; 2: we have no certificate; 3: we do not trust the CA of
     * Go's certificate (the EC one). */
    snprintf(specs[0], SPEC_LEN, "id=%s,ca=%s,auth=need", tu_pki("server"), tu_pki("other-ca.pem"));
    snprintf(specs[1], SPEC_LEN, "id=%s,ca=%s,auth=need", tu_pki("server"), tu_pki("ca.pem"));
    snprintf(specs[2], SPEC_LEN, "%s", specs[1]);
    snprintf(specs[3], SPEC_LEN, "id=%s,ca=%s,auth=need", tu_pki("server-ec"), tu_pki("ca.pem"));
    for (int i = 0; i < 4; i++) {
        cfgs[i] = lax_client(0, identity[i], NULL);
    }
    out = go_server_run(specs, 4, cfgs, NULL, res);
    for (int i = 0; i < 4; i++) {
        mutls_config_free(cfgs[i]);
    }

    /* (Go 1.20 and later say "failed to verify certificate"; the x509 reason is the same.) */
    ep_expect_refused(&res[0], MUTLS_ERR_ALERT_RECEIVED, 42, BAD_CERT("server", "client"));
    expect_go(out, 0, "error", "x509: certificate signed by unknown authority");
    expect_go(out, 0, "error", "tls: failed to verify ");
    ep_expect_refused(&res[1], MUTLS_ERR_ALERT_RECEIVED, 42, BAD_CERT("server", "client"));
    expect_go(out, 1, "error", "x509: certificate has expired or is not yet valid");
    expect_go(out, 1, "error", "tls: failed to verify ");
    ep_expect_refused(&res[2], MUTLS_ERR_ALERT_RECEIVED, 42,
                      "server sent alert bad_certificate(42)");
    expect_go(out, 2, "error", "tls: client didn't provide a certificate");
    ep_expect_refused(&res[3], MUTLS_ERR_X509_UNKNOWN_ISSUER, 48, "issued by CN=mutls demo EC CA");
    expect_go(out, 3, "error", GO_GOT_ALERT "unknown certificate authority");
    free(out);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_go_client_at_default_server_is_refused_without_ems),
        cmocka_unit_test(test_go_server_refused_by_default_client_without_ems),
        cmocka_unit_test(test_go_client_every_suite_completes_without_ems),
        cmocka_unit_test(test_go_server_every_suite_completes_without_ems),
        cmocka_unit_test(test_go_client_bad_cert_trust_or_name_is_refused),
        cmocka_unit_test(test_go_server_bad_cert_or_trust_is_refused),
    };
    return cmocka_run_group_tests(tests, setup_go, teardown_go);
}
