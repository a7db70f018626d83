/* SPDX-License-Identifier: MIT */
/*
 * interop_java.c - mutls against Java's own TLS stack (JSSE, OpenJDK 17), both directions on
 * 127.0.0.1. tests/interop/JssePeer.java (Java 11+) is compiled once per run into a temporary
 * directory (javac ~2 s, then ~0.2 s per JVM start; the source launcher `java JssePeer.java`
 * pays ~1.5 s of compiling on every start). Each of the five JVM runs makes or serves a list
 * of connections, each with its own settings, and prints one line per connection.
 *
 * JSSE offers TLS 1.3 and 1.2 by default and must settle on 1.2 with us (RFC 5246; RFC 8446
 * §4.1.3: a 1.3-capable client checks the ServerHello random for the downgrade sentinel, which
 * a 1.2-only server must not send). It also sends signature_algorithms_cert and the extended
 * master secret (RFC 7627). Cases: JSSE client against an in-process mutls echo server holding
 * the RSA and EC identities, for every suite both sides have, RSA and EC client identities;
 * a mutls client against a JSSE server with needClientAuth for the same suites; application
 * data both ways including single writes over 16 KiB (several records); close_notify both
 * ways; the refusals (no client certificate, a client from an unknown CA, an expired client,
 * a peer that does not trust the other's CA, no extended master secret), where both sides
 * must say why.
 */
#include "testutil.h"

#include <cmocka.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "built.h"
#include "echo_peer.h"
#include "interop.h"
#include "mutls.h"
#include "peer.h"

#define JAVA_SOURCE MUTLS_VECTORS_DIR "/../tests/interop/JssePeer.java"
#define MAX_CONNS EP_MAX_CONNS
#define BIG 40000 /* one write of this many bytes spans three records */
#define JVM_WAIT_MS 90000
#define SERVER_SUBJECT "CN=localhost,O=mutls demo"
#define CLIENT_SUBJECT "CN=client,O=mutls demo"

/* The suites JSSE 17 enables by default that mutls has too, with the server key they need. */
typedef struct suite_case {
    const char *iana;
    int ec;
} suite_case;

static const suite_case suites[] = {
    {"TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256", 1},
    {"TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384", 1},
    {"TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256", 1},
    {"TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256", 0},
    {"TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384", 0},
    {"TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256", 0},
    {"TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256", 0},
    {"TLS_RSA_WITH_AES_128_GCM_SHA256", 0},
    {"TLS_RSA_WITH_AES_256_GCM_SHA384", 0},
    {"TLS_RSA_WITH_AES_128_CBC_SHA256", 0},
    {"TLS_RSA_WITH_AES_128_CBC_SHA", 0},
};
#define N_SUITES (sizeof(suites) / sizeof(suites[0]))

/* Why the peer cannot run here (empty: it can), and where JssePeer.class went. */
static char missing[256];
static char classdir[64];
static char compile_log[4096];

/* ---- compiling JssePeer once ---- */

static int setup_java(void **state)
{
    char *argv[] = {"javac", "-d", classdir, JAVA_SOURCE, NULL};
    tu_peer p;
    char *out;
    int status;

    (void)state;
    if (!tu_have("java") || !tu_have("javac")) {
        snprintf(missing, sizeof(missing),
                 "java/javac are not installed (apt-get install openjdk-17-jdk-headless): "
                 "skipping\n");
        return 0;
    }
    snprintf(classdir, sizeof(classdir), "/tmp/mutls-jsse-XXXXXX");
    if (mkdtemp(classdir) == NULL) {
        snprintf(compile_log, sizeof(compile_log), "mkdtemp failed");
        return 0;
    }
    if (tu_peer_start(&p, argv, 1) != 0) {
        snprintf(compile_log, sizeof(compile_log), "could not start javac");
        return 0;
    }
    status = tu_peer_wait(&p, 60000);
    out = tu_peer_output(&p);
    if (status != 0) {
        snprintf(compile_log, sizeof(compile_log), "javac exit %d:\n%s", status,
                 out != NULL ? out : "");
    }
    free(out);
    return 0;
}

/* Remove the class files javac wrote, and their directory. */
static int teardown_java(void **state)
{
    DIR *d = classdir[0] != 0 ? opendir(classdir) : NULL;
    struct dirent *e;
    char path[512];

    (void)state;
    while (d != NULL && (e = readdir(d)) != NULL) {
        if (e->d_name[0] != '.') {
            snprintf(path, sizeof(path), "%s/%s", classdir, e->d_name);
            unlink(path);
        }
    }
    if (d != NULL) {
        closedir(d);
        rmdir(classdir);
    }
    return 0;
}

/* Skip the running test when Java is missing; fail it when JssePeer did not compile. */
static void need_peer(void)
{
    ep_need_peer(missing, compile_log);
}

/* Start JssePeer in @p mode with the connection settings @p specs; @p jvm_opt (or NULL) goes
 * to the JVM, @p port (client) is where to connect. */
static void java_start(tu_peer *p, const char *mode, const char *jvm_opt, int port,
                       char specs[][512], int n)
{
    char port_arg[16];
    char *argv[MAX_CONNS + 16];
    int a = 0;

    argv[a++] = "java";
    /* Short runs: the C1 compiler alone and the serial collector took 37% less CPU here. */
    argv[a++] = "-XX:TieredStopAtLevel=1";
    argv[a++] = "-XX:+UseSerialGC";
    if (jvm_opt != NULL) {
        argv[a++] = (char *)jvm_opt;
    }
    argv[a++] = "-cp";
    argv[a++] = classdir;
    argv[a++] = "JssePeer";
    argv[a++] = (char *)mode;
    if (port > 0) {
        snprintf(port_arg, sizeof(port_arg), "%d", port);
        argv[a++] = "--port";
        argv[a++] = port_arg;
    }
    argv[a++] = "--deadline";
    argv[a++] = "80";
    for (int i = 0; i < n; i++) {
        argv[a++] = specs[i];
    }
    argv[a] = NULL;
    assert_int_equal(tu_peer_start(p, argv, 1), 0);
}

/* Fail unless JssePeer's line "conn <i> ..." exists and contains @p want (the whole output
 * is shown when the line is missing). */
static void expect_java(const char *out, int i, const char *want)
{
    char line[1024];

    if (ep_conn_line(out, i, line, sizeof(line)) != 0) {
        fail_msg("JssePeer printed no line for connection %d:\n%s", i, out);
    }
    if (strstr(line, want) == NULL) {
        fail_msg("JssePeer said\n  %s\nnot\n  %s", line, want);
    }
}

/* JssePeer's line for a handshake JSSE gave up on (its exception's message follows). */
#define JSSE_FAILED "error javax.net.ssl.SSLHandshakeException: "

/* Run JssePeer as a client (JVM option @p jvm_opt) for @p n connections to @p s; returns its
 * output after it exited with status 0. */
static char *java_client_run(ep_server *s, const char *jvm_opt, char specs[][512], int n)
{
    tu_peer p;
    char *out;
    int status;

    ep_start(s, n);
    java_start(&p, "client", jvm_opt, s->port, specs, n);
    status = tu_peer_wait(&p, JVM_WAIT_MS);
    ep_join(s);
    out = tu_peer_output(&p);
    assert_non_null(out);
    if (status != 0) {
        fail_msg("JssePeer client exit %d:\n%s", status, out);
    }
    return out;
}

/* ---- the successful connections, the same in both directions ---- */

/* What is chosen from both default lists: the server's preference wins (RFC 5246 §7.4.1.3
 * leaves the choice to the server), so ours when we serve and JSSE's when it serves. */
#define OUR_CHOICE "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256"
#define JSSE_CHOICE "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384"

typedef struct conn_plan {
    const char *suite; /* the suite both must report */
    int pinned;        /* the client offers only that suite; else its default list */
    int server_ec;     /* the server key it needs (both servers hold RSA and EC identities) */
    int client_ec;     /* the client presents client-ec, else client (RSA) */
    int size;          /* bytes sent in one write and echoed in one write */
    int tls12_only;    /* JSSE enables TLS 1.2 only; else 1.3 and 1.2, its default */
} conn_plan;

/* Every shared suite on its own (that this build has), client keys alternating RSA and EC
 * whatever the server key; then the default lists twice, once with JSSE on TLS 1.2 only. */
static int make_plan(conn_plan *plan, const char *default_choice)
{
    int n = 0;

    for (size_t i = 0; i < N_SUITES; i++) {
        if (!tu_suite_built(suites[i].iana)) {
            continue;
        }
        plan[n++] = (conn_plan){
            suites[i].iana, 1, suites[i].ec, (int)(i % 2), i == 0 ? BIG : i == 3 ? 16385 : 1000, 0};
    }
    plan[n++] = (conn_plan){default_choice, 0, 1, 0, BIG, 0};
    plan[n++] = (conn_plan){default_choice, 0, 1, 1, 300, 1};
    return n;
}

static const char *issuer_of(int ec)
{
    return ec ? "CN=mutls demo EC CA,O=mutls demo" : "CN=mutls demo CA,O=mutls demo";
}

/* The protocols JSSE had enabled: its default offers TLS 1.3 first, and still lands on 1.2. */
static const char *enabled_of(const conn_plan *plan)
{
    return plan->tls12_only ? "TLSv1.2" : "TLSv1.3+TLSv1.2";
}

static const char *key_of(int ec)
{
    return ec ? "EC" : "RSA";
}

/* Fail unless JssePeer's line for connection @p i reports what @p plan wanted: TLS 1.2, the
 * suite, both certificates with their keys, the echo and close_notify both ways. */
static void expect_java_ok(const char *out, int i, const conn_plan *plan, int java_is_server)
{
    char want[512];

    snprintf(want, sizeof(want), "ok protocol=TLSv1.2 enabled=%s suite=%s peer=%s %s local=%s %s ",
             enabled_of(plan), plan->suite, java_is_server ? CLIENT_SUBJECT : SERVER_SUBJECT,
             key_of(java_is_server ? plan->client_ec : plan->server_ec),
             java_is_server ? SERVER_SUBJECT : CLIENT_SUBJECT,
             key_of(java_is_server ? plan->server_ec : plan->client_ec));
    expect_java(out, i, want);
    snprintf(want, sizeof(want), " echoed=%d closed=clean", plan->size);
    expect_java(out, i, want);
}

/* ---- JSSE client against our server ---- */

static void test_java_client_every_suite_completes(void **state)
{
    static char specs[MAX_CONNS][512];
    static conn_plan plan[MAX_CONNS];
    static ep_server s;
    char *out;
    mutls_config *cfg;
    int n = make_plan(plan, OUR_CHOICE);

    (void)state;
    need_peer();
    memset(&s, 0, sizeof(s));
    cfg = ep_server_config(1, 1);
    s.cfgs[0] = cfg;
    for (int i = 0; i < n; i++) {
        snprintf(specs[i], sizeof(specs[i]), "id=%s,ca=%s,send=%d%s%s%s",
                 tu_pki(plan[i].client_ec ? "client-ec" : "client"), tu_pki("cas.pem"),
                 plan[i].size, plan[i].pinned ? ",suite=" : "", plan[i].pinned ? plan[i].suite : "",
                 plan[i].tls12_only ? ",proto=TLSv1.2" : "");
    }
    out = java_client_run(&s, NULL, specs, n);
    for (int i = 0; i < n; i++) {
        const ep_result *r = &s.results[i];
        if (r->rc != 0) {
            fail_msg("connection %d: server %s: %s\n--- JssePeer:\n%s", i, mutls_strerror(r->rc),
                     r->detail, out);
        }
        assert_string_equal(r->version, "TLSv1.2");
        assert_string_equal(r->suite, plan[i].suite);
        assert_string_equal(r->subject, CLIENT_SUBJECT);
        assert_string_equal(r->issuer, issuer_of(plan[i].client_ec));
        assert_int_equal(r->echoed, plan[i].size);
        assert_int_equal(r->closed, 1);
        expect_java_ok(out, i, &plan[i], 0);
    }
    free(out);
    mutls_config_free(cfg);
}

static void test_java_client_bad_cert_or_trust_is_refused(void **state)
{
    static char specs[MAX_CONNS][EP_SPEC_LEN];
    static ep_server s;
    mutls_config *made[2];
    char *out;
    const ep_result *r = s.results;

    (void)state;
    need_peer();
    /* The refusals every client peer meets (echo_peer.h); with no key manager at all JSSE
     * sends an empty Certificate, and its key manager does not look at dates. */
    ep_refusals_plan(&s, specs, 1, made);
    out = java_client_run(&s, NULL, specs, EP_REFUSE_COUNT);

    ep_expect_refusals(r);
    expect_java(out, EP_REFUSE_NO_CERT, JSSE_FAILED "Received fatal alert: handshake_failure");
    ep_expect_refused(&r[EP_REFUSE_UNTRUSTING], MUTLS_ERR_ALERT_RECEIVED, 46,
                      "client rejected our server certificate: alert certificate_unknown(46) "
                      "after our Certificate");
    expect_java(out, EP_REFUSE_UNTRUSTING, JSSE_FAILED "PKIX path building failed: ");
    expect_java(out, EP_REFUSE_UNTRUSTING,
                "unable to find valid certification path to requested target");
    expect_java(out, EP_REFUSE_OTHER_CA, JSSE_FAILED "Received fatal alert: unknown_ca");
    expect_java(out, EP_REFUSE_EXPIRED, JSSE_FAILED "Received fatal alert: certificate_expired");
    free(out);
    mutls_config_free(made[0]);
    mutls_config_free(made[1]);
}

/* RFC 7627 §5.3: we insist on the extended master secret by default; a JSSE client with
 * jdk.tls.useExtendedMasterSecret=false is refused, and accepted once we stop insisting. */
static void test_java_client_without_ems_is_refused(void **state)
{
    static char specs[MAX_CONNS][512];
    static ep_server s;
    mutls_config *cfg;
    mutls_config *lax;
    char *out;
    const ep_result *r = s.results;

    (void)state;
    need_peer();
    memset(&s, 0, sizeof(s));
    cfg = ep_server_config(1, 1);
    lax = ep_server_config(0, 1);
    s.cfgs[0] = cfg;
    s.cfgs[1] = lax;
    snprintf(specs[0], sizeof(specs[0]), "id=%s,ca=%s,send=10", tu_pki("client"),
             tu_pki("cas.pem"));
    snprintf(specs[1], sizeof(specs[1]), "%s", specs[0]);
    out = java_client_run(&s, "-Djdk.tls.useExtendedMasterSecret=false", specs, 2);

    ep_expect_refused(&r[0], MUTLS_ERR_NO_EXTENDED_MASTER_SECRET, 40,
                      "server refused the client's ClientHello: the peer does not support the "
                      "extended master secret (RFC 7627), which is required");
    expect_java(out, 0, JSSE_FAILED "Received fatal alert: handshake_failure");
    assert_int_equal(r[1].rc, 0);
    assert_int_equal(r[1].echoed, 10);
    expect_java(out, 1, "ok protocol=TLSv1.2 ");
    free(out);
    mutls_config_free(lax);
    mutls_config_free(cfg);
}

/* ---- our client against a JSSE server ---- */

/* A client trusting @p ca with identity vectors/pki/<identity> (NULL: none), limited to
 * @p suite (NULL: our defaults). */
static mutls_config *client_config(const char *ca, const char *identity, const char *suite)
{
    mutls_config *cfg = tu_client_config_trusting(ca, identity, suite);

    assert_non_null(cfg);
    return cfg;
}

/* Start JssePeer as a server for @p n connections; returns the port it bound. */
static int java_server_start(tu_peer *p, char specs[][512], int n)
{
    char *out;
    char *at;
    int port;

    java_start(p, "server", NULL, 0, specs, n);
    /* A JVM starts in a second alone, in several on a loaded machine: wait up to its watchdog. */
    if (tu_wait_output(p, "listening on ", JVM_WAIT_MS) != 0) {
        out = tu_peer_output(p);
        fail_msg("JssePeer server did not start:\n%s", out);
    }
    out = tu_peer_output(p);
    at = strstr(out, "listening on ");
    assert_non_null(at);
    port = atoi(at + strlen("listening on "));
    free(out);
    assert_true(port > 0);
    return port;
}

static char *java_server_finish(tu_peer *p)
{
    int status = tu_peer_wait(p, JVM_WAIT_MS);
    char *out = tu_peer_output(p);

    assert_non_null(out);
    if (status != 0) {
        fail_msg("JssePeer server exit %d:\n%s", status, out);
    }
    return out;
}

static void test_java_server_every_suite_completes(void **state)
{
    static char specs[MAX_CONNS][512];
    static conn_plan plan[MAX_CONNS];
    static ep_result res[MAX_CONNS];
    char ids[256];
    tu_peer p;
    char *out;
    int port;
    int n = make_plan(plan, JSSE_CHOICE);

    (void)state;
    need_peer();
    snprintf(ids, sizeof(ids), "%s+%s", tu_pki("server"), tu_pki("server-ec"));
    for (int i = 0; i < n; i++) {
        snprintf(specs[i], sizeof(specs[i]), "id=%s,ca=%s,auth=need%s", ids, tu_pki("cas.pem"),
                 plan[i].tls12_only ? ",proto=TLSv1.2" : "");
    }
    port = java_server_start(&p, specs, n);
    for (int i = 0; i < n; i++) {
        mutls_config *cfg = client_config(!plan[i].pinned     ? "cas.pem"
                                          : plan[i].server_ec ? "ca-ec.pem"
                                                              : "ca.pem",
                                          plan[i].client_ec ? "client-ec" : "client",
                                          plan[i].pinned ? plan[i].suite : NULL);
        ep_client_connect(port, cfg, (size_t)plan[i].size, &res[i]);
        mutls_config_free(cfg);
    }
    out = java_server_finish(&p);
    for (int i = 0; i < n; i++) {
        const ep_result *r = &res[i];
        if (r->rc != 0) {
            fail_msg("connection %d: %s: %s\n--- JssePeer:\n%s", i, mutls_strerror(r->rc),
                     r->detail, out);
        }
        assert_string_equal(r->version, "TLSv1.2");
        assert_string_equal(r->suite, plan[i].suite);
        assert_string_equal(r->subject, SERVER_SUBJECT);
        assert_string_equal(r->issuer, issuer_of(plan[i].server_ec));
        assert_int_equal(r->requested, 1);
        assert_int_equal(r->given, 1);
        assert_int_equal(r->echoed, plan[i].size);
        assert_int_equal(r->closed, 1);
        expect_java_ok(out, i, &plan[i], 1);
    }
    free(out);
}

static void test_java_server_bad_cert_or_trust_is_refused(void **state)
{
    static char specs[MAX_CONNS][512];
    static ep_result res[MAX_CONNS];
    static const char *const identity[] = {"client", NULL, "client-expired"};
    tu_peer p;
    char *out;
    int port;

    (void)state;
    need_peer();
    /* 0: JSSE trusts only Other CA (we present our certificate anyway: the server decides);
     * 1: we have no certificate; 2: ours has expired. */
    snprintf(specs[0], sizeof(specs[0]), "id=%s,ca=%s,auth=need", tu_pki("server"),
             tu_pki("other-ca.pem"));
    snprintf(specs[1], sizeof(specs[1]), "id=%s,ca=%s,auth=need", tu_pki("server"),
             tu_pki("ca.pem"));
    snprintf(specs[2], sizeof(specs[2]), "%s", specs[1]);
    port = java_server_start(&p, specs, 3);
    for (int i = 0; i < 3; i++) {
        mutls_config *cfg = client_config("ca.pem", identity[i], NULL);
        ep_client_connect(port, cfg, 10, &res[i]);
        mutls_config_free(cfg);
    }
    out = java_server_finish(&p);

    ep_expect_refused(&res[0], MUTLS_ERR_ALERT_RECEIVED, 46,
                      "server rejected our client certificate: alert certificate_unknown(46) "
                      "after our Certificate");
    expect_java(out, 0, JSSE_FAILED "PKIX path building failed: ");
    /* JSSE answered our SessionTicket extension (RFC 5077), so its NewSessionTicket came
     * next; a build without resumption offers no ticket and waits for ChangeCipherSpec. */
    ep_expect_refused(&res[1], MUTLS_ERR_ALERT_RECEIVED, 42,
                      tu_built(TU_PART_RESUME) ? "server sent alert bad_certificate(42) while "
                                                 "we waited for its NewSessionTicket"
                                               : "server sent alert bad_certificate(42) while "
                                                 "we waited for its ChangeCipherSpec");
    expect_java(out, 1, JSSE_FAILED "Empty client certificate chain");
    ep_expect_refused(&res[2], MUTLS_ERR_ALERT_RECEIVED, 46,
                      "server rejected our client certificate: alert certificate_unknown(46) "
                      "after our Certificate");
    expect_java(out, 2,
                JSSE_FAILED "PKIX path validation failed: "
                            "java.security.cert.CertPathValidatorException: validity "
                            "check failed");
    free(out);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_java_client_every_suite_completes),
        cmocka_unit_test(test_java_client_bad_cert_or_trust_is_refused),
        cmocka_unit_test(test_java_client_without_ems_is_refused),
        cmocka_unit_test(test_java_server_every_suite_completes),
        cmocka_unit_test(test_java_server_bad_cert_or_trust_is_refused),
    };
    return cmocka_run_group_tests(tests, setup_java, teardown_java);
}
