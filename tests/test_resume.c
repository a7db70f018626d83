/* SPDX-License-Identifier: MIT */
/*
 * test_resume.c - session resumption in process (hs_session.c, session.c, the abbreviated
 * table of handshake.c): a session taken from a full handshake resumes with RSA and EC
 * identities and every suite family, with new keys and the same peer facts; the trace walks
 * the abbreviated rows; the server falls back to a full handshake for a suite no longer
 * enabled, changed trust anchors, an expired session, a cached session without the client
 * certificate REQUIRED wants, an unknown ID; the client does not offer a session to another
 * name, with a suite not enabled or under other trust anchors; the cache evicts the least recently used entry; a session saved as bytes loads back
 * and resumes, and malformed bytes are refused. Refusals that need a crafted peer
 * (a ClientHello without extended_master_secret or with another server name, a server echo
 * with another suite or without the extension) are in test_resume_script.c.
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "handshake.h"
#include "hs_pair.h"
#include "resume_util.h"
#include "session.h"
#include "testutil.h"

#include <cmocka.h>

/* -DMUTLS_RESUME=OFF leaves resumption out (test_resume_off checks that build). */
#if defined(MUTLS_NO_RESUME)
TU_BUILT_OUT_PROGRAM()
#else

static mutls_config *server_cfg(mutls_client_auth mode, size_t entries, uint32_t lifetime)
{
    mutls_config *cfg = hp_server_config(mode);

    assert_int_equal(mutls_config_set_session_cache(cfg, entries, lifetime), 0);
    mutls_config_set_time(cfg, ru_clock, NULL);
    return cfg;
}

/* What the inspection functions say about one side after a handshake. */
typedef struct facts {
    char suite[64];
    size_t n_certs;
    uint8_t leaf[4096];
    size_t leaf_len;
    char subject[256];
    int requested, given;
} facts;

static void take_facts(const mutls_conn *c, facts *f)
{
    const uint8_t *der;
    size_t len;

    memset(f, 0, sizeof(*f));
    snprintf(f->suite, sizeof(f->suite), "%s", mutls_get_suite(c));
    f->n_certs = mutls_peer_cert_count(c);
    if (f->n_certs > 0) {
        assert_int_equal(mutls_peer_cert_der(c, 0, &der, &len), 0);
        assert_true(len <= sizeof(f->leaf));
        memcpy(f->leaf, der, len);
        f->leaf_len = len;
        snprintf(f->subject, sizeof(f->subject), "%s", mutls_peer_subject(c));
    }
    f->requested = mutls_client_cert_requested(c);
    f->given = mutls_client_cert_given(c);
}

static void same_facts(const facts *a, const facts *b)
{
    assert_string_equal(a->suite, b->suite);
    assert_int_equal(a->n_certs, b->n_certs);
    assert_int_equal(a->leaf_len, b->leaf_len);
    assert_memory_equal(a->leaf, b->leaf, a->leaf_len);
    assert_string_equal(a->subject, b->subject);
    assert_int_equal(a->requested, b->requested);
    assert_int_equal(a->given, b->given);
}

/* Key-log lines of the client, to compare randoms and master secrets across connections. */
typedef struct keylog {
    char lines[4][200];
    int n;
} keylog;

static void on_keylog(void *ctx, const char *line)
{
    keylog *k = ctx;

    if (k->n < 4) {
        snprintf(k->lines[k->n++], sizeof(k->lines[0]), "%s", line);
    }
}

typedef struct both_facts {
    facts *fc, *fs;
} both_facts;

static void take_both(const hp_pair *p, void *ctx)
{
    both_facts *b = ctx;

    if (b->fc != NULL) {
        take_facts(p->client, b->fc);
    }
    if (b->fs != NULL) {
        take_facts(p->server, b->fs);
    }
}

/* One connection (ru_connect) that also takes the facts of both sides in @p fc / @p fs
 * (when given). */
static void connect_once(const mutls_config *client, const mutls_config *server,
                         const mutls_session *offer, int expect_reused, mutls_session **out,
                         facts *fc, facts *fs)
{
    both_facts b = {fc, fs};

    ru_connect(client, server, offer, expect_reused, out, take_both, &b);
}

static void resume_with(const char *suite, const char *client_id)
{
    mutls_config *server = server_cfg(MUTLS_CLIENT_AUTH_REQUIRED, 8, 0);
    mutls_config *client = hp_config(MUTLS_ROLE_CLIENT, client_id, "cas.pem");
    mutls_session *s = NULL, *s2 = NULL;
    facts c1, s1, c2, srv2;
    keylog k = {0};

    assert_int_equal(mutls_config_set_suites(client, suite), 0);
    mutls_config_set_keylog(client, on_keylog, &k);
    connect_once(client, server, NULL, 0, &s, &c1, &s1);
    connect_once(client, server, s, 1, &s2, &c2, &srv2);
    same_facts(&c1, &c2);
    same_facts(&s1, &srv2);
    assert_int_equal(c2.given, 1);
    assert_int_equal(srv2.n_certs, 1);
    /* The same master secret, new randoms: "CLIENT_RANDOM <64 hex> <96 hex>". */
    assert_int_equal(k.n, 2);
    assert_string_equal(k.lines[0] + 14 + 65, k.lines[1] + 14 + 65);
    assert_memory_not_equal(k.lines[0] + 14, k.lines[1] + 14, 64);
    /* A resumed session is offered again, and resumes again. */
    connect_once(client, server, s2, 1, NULL, NULL, NULL);
    mutls_session_free(s);
    mutls_session_free(s2);
    mutls_config_free(client);
    mutls_config_free(server);
}

static void test_resume_each_suite_family_resumes_with_same_facts(void **state)
{
    (void)state;
    resume_with("ECDHE-ECDSA-CHACHA20-POLY1305", "client");
    resume_with("ECDHE-RSA-CHACHA20-POLY1305", "client-ec");
    resume_with("ECDHE-ECDSA-AES128-GCM-SHA256", "client-ec");
    resume_with("ECDHE-RSA-AES256-GCM-SHA384", "client");
    if (hp_have_cbc()) {
        resume_with("ECDHE-RSA-AES128-SHA256", "client-ec"); /* encrypt-then-MAC kept */
    }
    if (hp_have_static_rsa()) {
        resume_with("AES256-GCM-SHA384", "client");
    }
}

static void test_resume_table_and_trace_walk_abbreviated_rows(void **state)
{
    static const char *names[] = {"ClientHello",      "ServerHello", "NewSessionTicket",
                                  "ChangeCipherSpec", "Finished",    "ChangeCipherSpec",
                                  "Finished"};
    static const int from_server[] = {0, 1, 1, 1, 1, 0, 0};
    static const int nums[] = {1, 2, 0, 3, 4, 5, 6};
    mutls_config *server = server_cfg(MUTLS_CLIENT_AUTH_REQUIRED, 4, 0);
    mutls_config *client = hp_config(MUTLS_ROLE_CLIENT, "client", "cas.pem");
    mutls_session *s = NULL;
    ru_trace t = {0};
    size_t n;
    const mutls_hs_row *rows = mutls_hs_table_abbreviated(&n);

    (void)state;
    assert_int_equal(n, 7);
    for (size_t i = 0; i < n; i++) {
        assert_int_equal(rows[i].num, nums[i]);
        assert_string_equal(rows[i].name, names[i]);
        assert_int_equal(rows[i].from_server, from_server[i]);
    }
    connect_once(client, server, NULL, 0, &s, NULL, NULL);
    mutls_config_set_trace(server, ru_on_trace, &t);
    connect_once(client, server, s, 1, NULL, NULL, NULL);
    assert_int_equal(t.n, 6);
    for (int i = 0; i < 6; i++) {
        assert_int_equal(t.steps[i], i + 1);
        assert_int_equal(t.abbreviated[i], 1);
        assert_string_equal(t.names[i], i < 2 ? names[i] : names[i + 1]);
    }
    mutls_session_free(s);
    mutls_config_free(client);
    mutls_config_free(server);
}

/* A full handshake, then the session offered to a server changed by @p change. */
static void refused_after(void (*change)(mutls_config *server, mutls_config *client))
{
    mutls_config *server = server_cfg(MUTLS_CLIENT_AUTH_REQUIRED, 4, 0);
    mutls_config *client = hp_config(MUTLS_ROLE_CLIENT, "client", "cas.pem");
    mutls_session *s = NULL, *s2 = NULL;

    ru_offset = 0;
    assert_int_equal(mutls_config_set_suites(client, "ECDHE-RSA-AES128-GCM-SHA256:"
                                                     "ECDHE-ECDSA-AES128-GCM-SHA256"),
                     0);
    connect_once(client, server, NULL, 0, &s, NULL, NULL);
    change(server, client);
    connect_once(client, server, s, 0, &s2, NULL, NULL);
    /* The full handshake made a new session, which resumes. */
    connect_once(client, server, s2, 1, NULL, NULL, NULL);
    ru_offset = 0;
    mutls_session_free(s);
    mutls_session_free(s2);
    mutls_config_free(client);
    mutls_config_free(server);
}

static void suite_dropped(mutls_config *server, mutls_config *client)
{
    (void)client;
    /* The session has the server's first choice, ECDHE-ECDSA-AES128-GCM-SHA256. */
    assert_int_equal(mutls_config_set_suites(server, "ECDHE-RSA-AES128-GCM-SHA256"), 0);
}

static void lifetime_passed(mutls_config *server, mutls_config *client)
{
    (void)server;
    (void)client;
    ru_offset = MUTLS_SESSION_LIFETIME_DEFAULT;
}

static void cache_replaced(mutls_config *server, mutls_config *client)
{
    (void)client;
    /* A new, empty table: the ID is unknown to it. */
    assert_int_equal(mutls_config_set_session_cache(server, 4, 0), 0);
}

static void trust_changed(mutls_config *server, mutls_config *client)
{
    char path[512];

    (void)client;
    /* A new anchor (or CRL): the client chain was verified under other trust. */
    snprintf(path, sizeof(path), "%spki/other-ca.pem", tu_vector_path(""));
    assert_int_equal(mutls_config_add_trust_file(server, path), 0);
}

static void test_resume_server_refuses_after_trust_changed(void **state)
{
    (void)state;
    refused_after(trust_changed);
}

static void test_resume_server_refuses_suite_no_longer_enabled(void **state)
{
    (void)state;
    refused_after(suite_dropped);
}

static void test_resume_server_refuses_expired_session(void **state)
{
    (void)state;
    refused_after(lifetime_passed);
}

static void test_resume_server_refuses_unknown_id(void **state)
{
    (void)state;
    refused_after(cache_replaced);
}

static void test_resume_within_lifetime_resumes(void **state)
{
    mutls_config *server = server_cfg(MUTLS_CLIENT_AUTH_REQUIRED, 4, 100);
    mutls_config *client = hp_config(MUTLS_ROLE_CLIENT, "client", "cas.pem");
    mutls_session *s = NULL;

    (void)state;
    ru_offset = 0;
    connect_once(client, server, NULL, 0, &s, NULL, NULL);
    ru_offset = 98; /* a second of slack for the wall clock */
    connect_once(client, server, s, 1, NULL, NULL, NULL);
    ru_offset = 101;
    connect_once(client, server, s, 0, NULL, NULL, NULL);
    ru_offset = 0;
    mutls_session_free(s);
    mutls_config_free(client);
    mutls_config_free(server);
}

/* The select callback: -1 (no certificate) while *ctx is 0. */
static int select_cb(void *ctx, const mutls_conn *conn, size_t n)
{
    (void)conn;
    (void)n;
    return *(int *)ctx ? 0 : -1;
}

static void test_resume_required_needs_cached_client_cert(void **state)
{
    mutls_config *server = server_cfg(MUTLS_CLIENT_AUTH_OPTIONAL, 4, 0);
    mutls_config *client = hp_config(MUTLS_ROLE_CLIENT, "client", "cas.pem");
    mutls_session *s = NULL, *s2 = NULL;
    facts fc, fs;
    int send_cert = 0;

    (void)state;
    mutls_config_set_select_identity(client, select_cb, &send_cert);
    connect_once(client, server, NULL, 0, &s, &fc, &fs);
    assert_int_equal(fs.n_certs, 0);
    assert_int_equal(fc.given, 0);
    /* Under OPTIONAL the certificate-less session resumes, and says so. */
    connect_once(client, server, s, 1, NULL, &fc, &fs);
    assert_int_equal(fs.n_certs, 0);
    assert_int_equal(fs.given, 0);
    assert_int_equal(fs.requested, 1);
    /* Under REQUIRED it does not: a full handshake asks for the certificate. */
    assert_int_equal(mutls_config_set_client_auth(server, MUTLS_CLIENT_AUTH_REQUIRED), 0);
    send_cert = 1;
    connect_once(client, server, s, 0, &s2, &fc, &fs);
    assert_int_equal(fs.n_certs, 1);
    connect_once(client, server, s2, 1, NULL, &fc, &fs);
    assert_int_equal(fs.n_certs, 1);
    assert_int_equal(fs.given, 1);
    mutls_session_free(s);
    mutls_session_free(s2);
    mutls_config_free(client);
    mutls_config_free(server);
}

/* Client side: a session is not offered to another name, nor with a suite not enabled, nor
 * under other trust anchors than it was verified with; it is to the same name in other case. */
static void test_resume_client_does_not_offer_elsewhere(void **state)
{
    mutls_config *server = server_cfg(MUTLS_CLIENT_AUTH_REQUIRED, 4, 0);
    mutls_config *client = hp_config(MUTLS_ROLE_CLIENT, "client", "cas.pem");
    mutls_config *other = hp_config(MUTLS_ROLE_CLIENT, "client", "cas.pem");
    mutls_config *same = hp_config(MUTLS_ROLE_CLIENT, "client", "cas.pem");
    mutls_config *trusting = hp_config(MUTLS_ROLE_CLIENT, "client", "ca.pem");
    mutls_session *s = NULL;
    hp_pair p;

    (void)state;
    assert_int_equal(mutls_config_set_suites(client, "ECDHE-RSA-AES128-GCM-SHA256"), 0);
    assert_int_equal(mutls_config_set_suites(other, "ECDHE-RSA-AES256-GCM-SHA384"), 0);
    connect_once(client, server, NULL, 0, &s, NULL, NULL);
    /* 127.0.0.1 is in the server's certificate, but the session was made for localhost. */
    hp_open(&p, client, server);
    assert_int_equal(mutls_set_hostname(p.client, "127.0.0.1"), 0);
    assert_int_equal(mutls_set_session(p.client, s), 0);
    hp_handshake(&p);
    assert_int_equal(p.rc_client, 0);
    assert_int_equal(mutls_session_reused(p.client), 0);
    hp_close(&p);
    connect_once(other, server, s, 0, NULL, NULL, NULL);
    assert_int_equal(mutls_config_set_suites(trusting, "ECDHE-RSA-AES128-GCM-SHA256"), 0);
    connect_once(trusting, server, s, 0, NULL, NULL, NULL);
    /* Another configuration with the same trust and suite: offered, and resumed. */
    assert_int_equal(mutls_config_set_suites(same, "ECDHE-RSA-AES128-GCM-SHA256"), 0);
    hp_open(&p, same, server);
    assert_int_equal(mutls_set_hostname(p.client, "LocalHost"), 0);
    assert_int_equal(mutls_set_session(p.client, s), 0);
    hp_handshake(&p);
    assert_int_equal(p.rc_client, 0);
    assert_int_equal(mutls_session_reused(p.client), 1);
    assert_int_equal(mutls_session_reused(p.server), 1);
    hp_close(&p);
    mutls_session_free(s);
    mutls_config_free(same);
    mutls_config_free(trusting);
    mutls_config_free(other);
    mutls_config_free(client);
    mutls_config_free(server);
}

static void test_resume_cache_evicts_least_recently_used(void **state)
{
    mutls_config *server = server_cfg(MUTLS_CLIENT_AUTH_REQUIRED, 2, 0);
    mutls_config *client = hp_config(MUTLS_ROLE_CLIENT, "client-ec", "cas.pem");
    mutls_session *a = NULL, *b = NULL, *c = NULL, *d = NULL;

    (void)state;
    connect_once(client, server, NULL, 0, &a, NULL, NULL);
    connect_once(client, server, NULL, 0, &b, NULL, NULL);
    assert_int_equal(mutls_session_cache_count(server->sessions), 2);
    connect_once(client, server, NULL, 0, &c, NULL, NULL); /* the table is full: a goes */
    assert_int_equal(mutls_session_cache_count(server->sessions), 2);
    connect_once(client, server, b, 1, NULL, NULL, NULL); /* b is now the most recent */
    connect_once(client, server, NULL, 0, &d, NULL, NULL); /* so c goes */
    connect_once(client, server, b, 1, NULL, NULL, NULL);
    connect_once(client, server, d, 1, NULL, NULL, NULL);
    connect_once(client, server, c, 0, NULL, NULL, NULL); /* c was evicted; b goes now */
    connect_once(client, server, d, 1, NULL, NULL, NULL);
    connect_once(client, server, b, 0, NULL, NULL, NULL);
    connect_once(client, server, a, 0, NULL, NULL, NULL);
    mutls_session_free(a);
    mutls_session_free(b);
    mutls_session_free(c);
    mutls_session_free(d);
    mutls_config_free(client);
    mutls_config_free(server);
}

/* A handshake that fails never enters the cache: the server refuses the client (expired
 * certificate), or the client refuses the server (a CA it does not trust) after the server's
 * flight with its fresh session ID. */
static void test_resume_failed_handshake_not_cached(void **state)
{
    mutls_config *server = server_cfg(MUTLS_CLIENT_AUTH_REQUIRED, 4, 0);
    mutls_config *expired = hp_config(MUTLS_ROLE_CLIENT, "client-expired", "cas.pem");
    mutls_config *distrust = hp_config(MUTLS_ROLE_CLIENT, "client", "other-ca.pem");
    mutls_session *s = NULL;
    hp_pair p;

    (void)state;
    hp_open(&p, expired, server);
    hp_handshake(&p);
    assert_int_equal(p.rc_server, MUTLS_ERR_X509_EXPIRED);
    assert_int_equal(mutls_get_session(p.client, &s), MUTLS_ERR_NO_SESSION);
    hp_close(&p);
    hp_open(&p, distrust, server);
    hp_handshake(&p);
    assert_int_equal(p.rc_client, MUTLS_ERR_X509_UNKNOWN_ISSUER);
    assert_int_equal(p.rc_server, MUTLS_ERR_ALERT_RECEIVED);
    hp_close(&p);
    assert_int_equal(mutls_session_cache_count(server->sessions), 0);
    mutls_config_free(distrust);
    mutls_config_free(expired);
    mutls_config_free(server);
}

static void test_resume_cache_off_sends_no_session_id(void **state)
{
    mutls_config *server = hp_server_config(MUTLS_CLIENT_AUTH_REQUIRED);
    mutls_config *client = hp_config(MUTLS_ROLE_CLIENT, "client", "cas.pem");
    mutls_session *s = NULL;
    hp_pair p;

    (void)state;
    hp_open(&p, client, server);
    hp_handshake(&p);
    assert_int_equal(p.rc_client, 0);
    assert_int_equal(mutls_get_session(p.client, &s), MUTLS_ERR_NO_SESSION);
    assert_null(s);
    hp_close(&p);
    mutls_config_free(client);
    mutls_config_free(server);
}

static void test_resume_api_misuse_refused(void **state)
{
    mutls_config *server = server_cfg(MUTLS_CLIENT_AUTH_REQUIRED, 4, 0);
    mutls_config *client = hp_config(MUTLS_ROLE_CLIENT, "client", "cas.pem");
    mutls_session *s = NULL, *t = NULL;
    hp_pair p;

    (void)state;
    assert_int_equal(mutls_config_set_session_cache(client, 4, 0), MUTLS_ERR_BAD_ARGUMENT);
    assert_int_equal(mutls_config_set_session_cache(server, 4, 86401), MUTLS_ERR_BAD_ARGUMENT);
    assert_int_equal(mutls_config_set_session_cache(server, 65537, 0), MUTLS_ERR_BAD_ARGUMENT);
    assert_int_equal(mutls_config_set_session_cache(NULL, 4, 0), MUTLS_ERR_BAD_ARGUMENT);
    hp_open(&p, client, server);
    assert_int_equal(mutls_config_set_session_cache(server, 8, 0), MUTLS_ERR_STATE);
    assert_int_equal(mutls_get_session(p.client, &s), MUTLS_ERR_NO_SESSION);
    assert_int_equal(mutls_get_session(p.server, &s), MUTLS_ERR_BAD_ARGUMENT);
    assert_int_equal(mutls_session_reused(p.client), 0);
    assert_int_equal(mutls_session_reused(NULL), 0);
    hp_handshake(&p);
    assert_int_equal(p.rc_client, 0);
    assert_int_equal(mutls_get_session(p.client, &s), 0);
    assert_int_equal(mutls_set_session(p.client, s), MUTLS_ERR_STATE);
    assert_int_equal(mutls_set_session(p.server, s), MUTLS_ERR_BAD_ARGUMENT);
    assert_int_equal(mutls_set_session(NULL, s), MUTLS_ERR_BAD_ARGUMENT);
    assert_int_equal(mutls_set_session(p.client, NULL), MUTLS_ERR_BAD_ARGUMENT);
    assert_int_equal(mutls_get_session(NULL, &t), MUTLS_ERR_BAD_ARGUMENT);
    hp_close(&p);
    mutls_session_free(NULL);
    mutls_session_free(s);
    /* Off again: 0 entries. */
    assert_int_equal(mutls_config_set_session_cache(server, 0, 0), 0);
    assert_null(server->sessions);
    mutls_config_free(client);
    mutls_config_free(server);
}

/* Saved bytes load back into a session that resumes; every truncation, a wrong version,
 * unknown flags, a session without EMS, a bad host byte or a trailing byte is refused. */
static void test_resume_session_bytes_round_trip_and_strict(void **state)
{
    mutls_config *server = server_cfg(MUTLS_CLIENT_AUTH_REQUIRED, 4, 0);
    mutls_config *client = hp_config(MUTLS_ROLE_CLIENT, "client", "cas.pem");
    mutls_session *s = NULL, *back = NULL;
    uint8_t buf[8192], bad[8193];
    size_t len = 0, need, flags_at, host_at;

    (void)state;
    ru_offset = 0;
    connect_once(client, server, NULL, 0, &s, NULL, NULL);
    assert_int_equal(mutls_session_save(s, NULL, &len), 0);
    need = len;
    len = 10;
    assert_int_equal(mutls_session_save(s, buf, &len), MUTLS_ERR_BUFFER_TOO_SMALL);
    assert_int_equal(len, need);
    len = sizeof(buf);
    assert_int_equal(mutls_session_save(s, buf, &len), 0);
    assert_int_equal(len, need);
    assert_int_equal(buf[0], 3);
    assert_int_equal(mutls_session_load(&back, buf, len), 0);
    connect_once(client, server, back, 1, NULL, NULL, NULL);
    mutls_session_free(back);
    back = NULL;
    /* A version 3 body under an older version byte is refused (the older forms themselves
     * load: test_resume_bind.c). */
    memcpy(bad, buf, len);
    bad[0] = 1;
    assert_int_equal(mutls_session_load(&back, bad, len), MUTLS_ERR_SESSION_MALFORMED);
    bad[0] = 2;
    assert_int_equal(mutls_session_load(&back, bad, len), MUTLS_ERR_SESSION_MALFORMED);
    assert_null(back);

    for (size_t cut = 0; cut < len; cut++) {
        assert_int_equal(mutls_session_load(&back, buf, cut), MUTLS_ERR_SESSION_MALFORMED);
        assert_null(back);
    }
    memcpy(bad, buf, len);
    bad[len] = 0;
    assert_int_equal(mutls_session_load(&back, bad, len + 1), MUTLS_ERR_SESSION_MALFORMED);
    bad[0] = 4;
    assert_int_equal(mutls_session_load(&back, bad, len), MUTLS_ERR_SESSION_MALFORMED);
    bad[0] = 0;
    assert_int_equal(mutls_session_load(&back, bad, len), MUTLS_ERR_SESSION_MALFORMED);
    flags_at = 1 + 1 + buf[1] + 48 + 2;
    host_at = flags_at + 1 + 16 + 1;
    memcpy(bad, buf, len);
    bad[flags_at] |= 0x20;
    assert_int_equal(mutls_session_load(&back, bad, len), MUTLS_ERR_SESSION_MALFORMED);
    memcpy(bad, buf, len);
    bad[flags_at] &= (uint8_t)~1u;
    assert_int_equal(mutls_session_load(&back, bad, len), MUTLS_ERR_SESSION_MALFORMED);
    memcpy(bad, buf, len);
    bad[host_at] = ' ';
    assert_int_equal(mutls_session_load(&back, bad, len), MUTLS_ERR_SESSION_MALFORMED);
    memcpy(bad, buf, len);
    bad[1] = 0; /* an empty ID */
    assert_int_equal(mutls_session_load(&back, bad, len), MUTLS_ERR_SESSION_MALFORMED);
    assert_int_equal(mutls_session_load(NULL, buf, len), MUTLS_ERR_BAD_ARGUMENT);
    assert_int_equal(mutls_session_load(&back, NULL, len), MUTLS_ERR_BAD_ARGUMENT);
    assert_int_equal(mutls_session_save(NULL, buf, &len), MUTLS_ERR_BAD_ARGUMENT);
    mutls_session_free(s);
    mutls_config_free(client);
    mutls_config_free(server);
}

/* The cache on its own: a hit copies the entry; past the lifetime, past the peer
 * certificate's notAfter or before the entry was made (a clock gone back) it is a miss that
 * also drops the entry; remove forgets; bad arguments are refused. */
static void test_resume_cache_expiry_and_remove(void **state)
{
    mutls_session_cache *c = NULL;
    mutls_session s, out;
    const int64_t t0 = 1800000000;

    (void)state;
    assert_int_equal(mutls_session_cache_new(&c, 0, 10), MUTLS_ERR_BAD_ARGUMENT);
    assert_int_equal(mutls_session_cache_new(&c, 2, 0), MUTLS_ERR_BAD_ARGUMENT);
    assert_int_equal(mutls_session_cache_new(&c, 2, 86401), MUTLS_ERR_BAD_ARGUMENT);
    assert_int_equal(mutls_session_cache_new(&c, 2, 100), 0);
    memset(&s, 0, sizeof(s));
    s.id_len = 32;
    memset(s.id, 0xab, 32);
    memset(s.master, 0x5c, 48);
    s.ems = 1;
    s.suite = 0xc02f;
    s.made = t0;
    s.not_after = t0 + 50; /* the client certificate ends before the lifetime does */
    assert_int_equal(mutls_session_cache_put(c, &s, t0), 0);
    assert_int_equal(mutls_session_cache_get(c, s.id, 32, t0 + 50, &out), 1);
    assert_memory_equal(out.master, s.master, 48);
    assert_int_equal(out.suite, 0xc02f);
    mutls_session_clear(&out);
    assert_int_equal(mutls_session_cache_get(c, s.id, 31, t0, &out), 0); /* a prefix */
    assert_int_equal(mutls_session_cache_get(c, s.id, 32, t0 + 51, &out), 0);
    assert_int_equal(mutls_session_cache_count(c), 0); /* dropped */
    s.not_after = INT64_MAX;
    assert_int_equal(mutls_session_cache_put(c, &s, t0), 0);
    assert_int_equal(mutls_session_cache_get(c, s.id, 32, t0 + 99, &out), 1);
    mutls_session_clear(&out);
    assert_int_equal(mutls_session_cache_get(c, s.id, 32, t0 + 100, &out), 0);
    assert_int_equal(mutls_session_cache_put(c, &s, t0), 0);
    assert_int_equal(mutls_session_cache_get(c, s.id, 32, t0 - 1, &out), 0);
    assert_int_equal(mutls_session_cache_put(c, &s, t0), 0);
    assert_int_equal(mutls_session_cache_count(c), 1);
    mutls_session_cache_remove(c, s.id, 32);
    assert_int_equal(mutls_session_cache_count(c), 0);
    assert_int_equal(mutls_session_cache_get(c, s.id, 32, t0, &out), 0);
    s.id_len = 0;
    assert_int_equal(mutls_session_cache_put(c, &s, t0), MUTLS_ERR_BAD_ARGUMENT);
    mutls_session_cache_free(c);
    mutls_session_cache_free(NULL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_resume_each_suite_family_resumes_with_same_facts),
        cmocka_unit_test(test_resume_table_and_trace_walk_abbreviated_rows),
        cmocka_unit_test(test_resume_server_refuses_suite_no_longer_enabled),
        cmocka_unit_test(test_resume_server_refuses_expired_session),
        cmocka_unit_test(test_resume_server_refuses_unknown_id),
        cmocka_unit_test(test_resume_within_lifetime_resumes),
        cmocka_unit_test(test_resume_required_needs_cached_client_cert),
        cmocka_unit_test(test_resume_server_refuses_after_trust_changed),
        cmocka_unit_test(test_resume_client_does_not_offer_elsewhere),
        cmocka_unit_test(test_resume_cache_evicts_least_recently_used),
        cmocka_unit_test(test_resume_failed_handshake_not_cached),
        cmocka_unit_test(test_resume_cache_off_sends_no_session_id),
        cmocka_unit_test(test_resume_api_misuse_refused),
        cmocka_unit_test(test_resume_session_bytes_round_trip_and_strict),
        cmocka_unit_test(test_resume_cache_expiry_and_remove),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

#endif /* MUTLS_NO_RESUME */
