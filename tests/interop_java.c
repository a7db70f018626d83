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
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "interop.h"
#include "mutls.h"
#include "peer.h"

#define JAVA_SOURCE MUTLS_VECTORS_DIR "/../tests/interop/JssePeer.java"
#define MAX_CONNS 16
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
    if (missing[0] != 0) {
        fprintf(stderr, "%s", missing);
        skip();
    }
    if (compile_log[0] != 0) {
        fail_msg("%s", compile_log);
    }
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
    char prefix[32];
    const char *at = out;
    size_t plen = (size_t)snprintf(prefix, sizeof(prefix), "conn %d ", i);

    while (at != NULL && *at != 0) {
        const char *end = strchr(at, '\n');
        int len = end != NULL ? (int)(end - at) : (int)strlen(at);
        if (strncmp(at, prefix, plen) == 0) {
            char line[1024];
            snprintf(line, sizeof(line), "%.*s", len, at);
            if (strstr(line, want) == NULL) {
                fail_msg("JssePeer said\n  %s\nnot\n  %s", line, want);
            }
            return;
        }
        at = end != NULL ? end + 1 : NULL;
    }
    fail_msg("JssePeer printed no line for connection %d:\n%s", i, out);
}

/* ---- the data both sides send: "SEND n\n" and n bytes of this pattern, echoed ---- */

static uint8_t pattern(size_t i)
{
    return (uint8_t)(i * 31u + (i >> 8) + 7u);
}

static int read_full(mutls_conn *conn, uint8_t *buf, size_t n)
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

/* Shut our side, then read what the peer still sends until it closes (2 s at most): closing a
 * socket with unread input would reset the connection, and the peer could lose our alert. */
static void lingering_close(int fd)
{
    char sink[512];

    tu_socket_timeout(fd, 2);
    shutdown(fd, SHUT_WR);
    while (read(fd, sink, sizeof(sink)) > 0) {
    }
    close(fd);
}

/* What our side of one connection saw. */
typedef struct conn_result {
    int rc;
    int alert_sent;
    int alert_received;
    char detail[512];
    char version[16];
    char suite[96];
    char subject[256]; /* the peer's certificate, "none" when it sent none */
    char issuer[256];
    int requested; /* a client certificate was asked for */
    int given;     /* and one was sent */
    int echoed;    /* bytes echoed (the pattern checked), or a negative code */
    int closed;    /* close_notify went both ways after the echo */
} conn_result;

/* Fill @p r from the handshake's result on @p conn (NULL when it could not be made). */
static void note_handshake(const mutls_conn *conn, conn_result *r)
{
    int cert = r->rc == 0 && mutls_peer_cert_count(conn) > 0;

    r->echoed = -1;
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

/* JssePeer's line for a handshake JSSE gave up on (its exception's message follows). */
#define JSSE_FAILED "error javax.net.ssl.SSLHandshakeException: "

/* Fail unless our side ended with @p rc, the alert @p alert (received when @p rc is
 * MUTLS_ERR_ALERT_RECEIVED, else sent) and a detail containing @p detail. */
static void expect_refused(const conn_result *r, int rc, int alert, const char *detail)
{
    int a = rc == MUTLS_ERR_ALERT_RECEIVED ? r->alert_received : r->alert_sent;

    if (r->rc != rc || a != alert || strstr(r->detail, detail) == NULL) {
        fail_msg("we ended with %s, alert %d: '%s'\nnot %s, alert %d: '%s'", mutls_strerror(r->rc),
                 a, r->detail, mutls_strerror(rc), alert, detail);
    }
}

/* ---- an in-process mutls echo server ---- */

typedef struct echo_server {
    const mutls_config *cfgs[MAX_CONNS]; /* one per connection, in order */
    int count;
    int listen_fd;
    int port;
    pthread_t thread;
    conn_result results[MAX_CONNS];
} echo_server;

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
    rc = read_full(conn, buf, (size_t)n);
    for (long i = 0; rc == 0 && i < n; i++) {
        rc = buf[i] == pattern((size_t)i) ? 0 : MUTLS_ERR_DECODE;
    }
    if (rc == 0 && n > 0) {
        /* One write: over 16 KiB it becomes several records. */
        rc = mutls_write(conn, buf, (size_t)n) == (int)n ? 0 : MUTLS_ERR_IO;
    }
    free(buf);
    return rc == 0 ? (int)n : rc;
}

static void echo_serve(int fd, conn_result *r, const mutls_config *cfg)
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
    note_handshake(conn, r);
    if (r->rc == 0) {
        r->echoed = echo_once(conn);
        /* The client closes first: its close_notify ends our read with 0, and we answer. */
        r->closed = r->echoed >= 0 && mutls_read(conn, &one, 1) == 0 && mutls_close(conn) == 0;
    }
    mutls_free(conn);
}

static void *echo_run(void *arg)
{
    echo_server *s = arg;

    for (int i = 0; i < s->count; i++) {
        int fd = accept(s->listen_fd, NULL, NULL);
        if (fd < 0) {
            break;
        }
        tu_socket_timeout(fd, 20);
        echo_serve(fd, &s->results[i], s->cfgs[i] != NULL ? s->cfgs[i] : s->cfgs[0]);
        lingering_close(fd);
    }
    return NULL;
}

static void echo_start(echo_server *s, int count)
{
    s->count = count;
    s->port = 0;
    s->listen_fd = tu_listen(&s->port);
    assert_true(s->listen_fd >= 0);
    assert_int_equal(pthread_create(&s->thread, NULL, echo_run, s), 0);
}

/* The JVM has exited, so every connection it made is over: the thread ends on its own, or
 * when the listener is shut (a connection JssePeer never made). */
static void echo_join(echo_server *s)
{
    shutdown(s->listen_fd, SHUT_RDWR);
    pthread_join(s->thread, NULL);
    close(s->listen_fd);
}

/* A server with both demo identities (RSA and EC, chosen per suite), trusting both CAs. */
static mutls_config *server_config(int require_ems, int send_ca_names)
{
    mutls_config *cfg = NULL;

    assert_int_equal(mutls_config_new(&cfg, MUTLS_ROLE_SERVER), 0);
    assert_int_equal(
        mutls_config_add_identity_file(cfg, tu_pki("server.pem"), tu_pki("server.key"), NULL), 0);
    assert_int_equal(
        mutls_config_add_identity_file(cfg, tu_pki("server-ec.pem"), tu_pki("server-ec.key"), NULL),
        0);
    assert_int_equal(mutls_config_add_trust_file(cfg, tu_pki("cas.pem")), 0);
    assert_int_equal(mutls_config_set_client_auth(cfg, MUTLS_CLIENT_AUTH_REQUIRED), 0);
    assert_int_equal(mutls_config_set_require_ems(cfg, require_ems), 0);
    assert_int_equal(mutls_config_set_send_ca_names(cfg, send_ca_names), 0);
    return cfg;
}

/* Run JssePeer as a client (JVM option @p jvm_opt) for @p n connections to @p s; returns its
 * output after it exited with status 0. */
static char *java_client_run(echo_server *s, const char *jvm_opt, char specs[][512], int n)
{
    tu_peer p;
    char *out;
    int status;

    echo_start(s, n);
    java_start(&p, "client", jvm_opt, s->port, specs, n);
    status = tu_peer_wait(&p, JVM_WAIT_MS);
    echo_join(s);
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

/* Every shared suite on its own, client keys alternating RSA and EC whatever the server key;
 * then the default lists twice, once with JSSE on TLS 1.2 only. */
static int make_plan(conn_plan *plan, const char *default_choice)
{
    int n = 0;

    for (size_t i = 0; i < N_SUITES; i++, n++) {
        plan[n] = (conn_plan){
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
    static echo_server s;
    char *out;
    mutls_config *cfg;
    int n = make_plan(plan, OUR_CHOICE);

    (void)state;
    need_peer();
    memset(&s, 0, sizeof(s));
    cfg = server_config(1, 1);
    s.cfgs[0] = cfg;
    for (int i = 0; i < n; i++) {
        snprintf(specs[i], sizeof(specs[i]), "id=%s,ca=%s,send=%d%s%s%s",
                 tu_pki(plan[i].client_ec ? "client-ec" : "client"), tu_pki("cas.pem"),
                 plan[i].size, plan[i].pinned ? ",suite=" : "", plan[i].pinned ? plan[i].suite : "",
                 plan[i].tls12_only ? ",proto=TLSv1.2" : "");
    }
    out = java_client_run(&s, NULL, specs, n);
    for (int i = 0; i < n; i++) {
        const conn_result *r = &s.results[i];
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
    static char specs[MAX_CONNS][512];
    static echo_server s;
    const char *cas = tu_pki("cas.pem");
    mutls_config *cfg;
    mutls_config *no_names;
    char *out;
    const conn_result *r = s.results;

    (void)state;
    need_peer();
    memset(&s, 0, sizeof(s));
    cfg = server_config(1, 1);
    no_names = server_config(1, 0);
    s.cfgs[0] = cfg;
    /* 0: no key manager at all, so an empty Certificate. */
    snprintf(specs[0], sizeof(specs[0]), "ca=%s,send=10", cas);
    /* 1: JSSE does not trust our server's CA. */
    snprintf(specs[1], sizeof(specs[1]), "id=%s,ca=%s,send=10", tu_pki("client"),
             tu_pki("other-ca.pem"));
    /* 2: a client from Other CA. JSSE's key manager offers only certificates from the CAs the
     * request names, so this server names none and JSSE sends what it has. */
    snprintf(specs[2], sizeof(specs[2]), "id=%s,ca=%s,send=10", tu_pki("client-other"), cas);
    s.cfgs[2] = no_names;
    /* 3: an expired client from our CA (JSSE's key manager does not look at dates). */
    snprintf(specs[3], sizeof(specs[3]), "id=%s,ca=%s,send=10", tu_pki("client-expired"), cas);
    out = java_client_run(&s, NULL, specs, 4);

    expect_refused(&r[0], MUTLS_ERR_NO_CLIENT_CERTIFICATE, 40,
                   "client sent no certificate: sent alert handshake_failure(40)");
    expect_java(out, 0, JSSE_FAILED "Received fatal alert: handshake_failure");
    expect_refused(&r[1], MUTLS_ERR_ALERT_RECEIVED, 46,
                   "client rejected our server certificate: alert certificate_unknown(46) "
                   "after our Certificate");
    expect_java(out, 1, JSSE_FAILED "PKIX path building failed: ");
    expect_java(out, 1, "unable to find valid certification path to requested target");
    expect_refused(&r[2], MUTLS_ERR_X509_UNKNOWN_ISSUER, 48, "issued by CN=Other CA");
    expect_java(out, 2, JSSE_FAILED "Received fatal alert: unknown_ca");
    expect_refused(&r[3], MUTLS_ERR_X509_EXPIRED, 45, "expired on 2025-07-01");
    expect_java(out, 3, JSSE_FAILED "Received fatal alert: certificate_expired");
    free(out);
    mutls_config_free(no_names);
    mutls_config_free(cfg);
}

/* RFC 7627 §5.3: we insist on the extended master secret by default; a JSSE client with
 * jdk.tls.useExtendedMasterSecret=false is refused, and accepted once we stop insisting. */
static void test_java_client_without_ems_is_refused(void **state)
{
    static char specs[MAX_CONNS][512];
    static echo_server s;
    mutls_config *cfg;
    mutls_config *lax;
    char *out;
    const conn_result *r = s.results;

    (void)state;
    need_peer();
    memset(&s, 0, sizeof(s));
    cfg = server_config(1, 1);
    lax = server_config(0, 1);
    s.cfgs[0] = cfg;
    s.cfgs[1] = lax;
    snprintf(specs[0], sizeof(specs[0]), "id=%s,ca=%s,send=10", tu_pki("client"),
             tu_pki("cas.pem"));
    snprintf(specs[1], sizeof(specs[1]), "%s", specs[0]);
    out = java_client_run(&s, "-Djdk.tls.useExtendedMasterSecret=false", specs, 2);

    expect_refused(&r[0], MUTLS_ERR_NO_EXTENDED_MASTER_SECRET, 40,
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
    mutls_config *cfg = NULL;
    char cert[64];
    char key[64];

    assert_int_equal(mutls_config_new(&cfg, MUTLS_ROLE_CLIENT), 0);
    assert_int_equal(mutls_config_add_trust_file(cfg, tu_pki(ca)), 0);
    if (identity != NULL) {
        snprintf(cert, sizeof(cert), "%s.pem", identity);
        snprintf(key, sizeof(key), "%s.key", identity);
        assert_int_equal(mutls_config_add_identity_file(cfg, tu_pki(cert), tu_pki(key), NULL), 0);
    }
    if (suite != NULL) {
        assert_int_equal(mutls_config_set_suites(cfg, suite), 0);
    }
    return cfg;
}

/* One connection to the JSSE server: handshake, "SEND n" + n bytes in one write, the echo,
 * close_notify both ways. */
static void client_connect(int port, const mutls_config *cfg, size_t size, conn_result *r)
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
    note_handshake(conn, r);
    if (r->rc == 0) {
        int len = snprintf(head, sizeof(head), "SEND %zu\n", size);
        for (size_t i = 0; i < size; i++) {
            data[i] = pattern(i);
        }
        if (mutls_write(conn, head, (size_t)len) == len &&
            (size == 0 || mutls_write(conn, data, size) == (int)size) &&
            read_full(conn, back, size) == 0) {
            r->echoed = memcmp(back, data, size) == 0 ? (int)size : -2;
        }
        /* We close first; JSSE answers with its own close_notify, which reads as 0. */
        r->closed = mutls_close(conn) == 0 && mutls_read(conn, back, 1) == 0;
    }
    mutls_free(conn);
    lingering_close(fd);
    free(data);
    free(back);
}

/* Start JssePeer as a server for @p n connections; returns the port it bound. */
static int java_server_start(tu_peer *p, char specs[][512], int n)
{
    char *out;
    char *at;
    int port;

    java_start(p, "server", NULL, 0, specs, n);
    if (tu_wait_output(p, "listening on ", 20000) != 0) {
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
    static conn_result res[MAX_CONNS];
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
        client_connect(port, cfg, (size_t)plan[i].size, &res[i]);
        mutls_config_free(cfg);
    }
    out = java_server_finish(&p);
    for (int i = 0; i < n; i++) {
        const conn_result *r = &res[i];
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
    static conn_result res[MAX_CONNS];
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
        client_connect(port, cfg, 10, &res[i]);
        mutls_config_free(cfg);
    }
    out = java_server_finish(&p);

    expect_refused(&res[0], MUTLS_ERR_ALERT_RECEIVED, 46,
                   "server rejected our client certificate: alert certificate_unknown(46) "
                   "after our Certificate");
    expect_java(out, 0, JSSE_FAILED "PKIX path building failed: ");
    /* JSSE answered our SessionTicket extension (RFC 5077), so its NewSessionTicket came
     * next. */
    expect_refused(&res[1], MUTLS_ERR_ALERT_RECEIVED, 42,
                   "server sent alert bad_certificate(42) while we waited for its "
                   "NewSessionTicket");
    expect_java(out, 1, JSSE_FAILED "Empty client certificate chain");
    expect_refused(&res[2], MUTLS_ERR_ALERT_RECEIVED, 46,
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
