/* SPDX-License-Identifier: MIT */
/*
 * test_conn_sni.c - a server with one certificate per host name (vectors/pki/sni) serves the
 * one the client's server_name names (RFC 6066 §3), before its own suite preference, and
 * says so with an empty server_name in its ServerHello; a name none of its certificates
 * carries gets what the suite order picks (the first identity of the suite's key type) and no
 * acknowledgement; a resumed session never acknowledges. Each client verifies the server's certificate for the name it
 * asked for, so a wrong choice fails the handshake.
 */
#include "testutil.h"

#include <cmocka.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

#include "hs_pair.h"

/* A server with the three identities of vectors/pki/sni, a-rsa first. */
static mutls_config *sni_server(const char *suites)
{
    static const char *const ids[] = {"a-rsa", "b-rsa", "wild-ec"};
    mutls_config *cfg = NULL;
    char cert[4096], key[4096];

    assert_int_equal(mutls_config_new(&cfg, MUTLS_ROLE_SERVER), 0);
    for (size_t i = 0; i < sizeof(ids) / sizeof(ids[0]); i++) {
        /* tu_vector_path returns one static buffer: copy each path out of it. */
        snprintf(cert, sizeof(cert), "%spki/sni/%s.pem", tu_vector_path(""), ids[i]);
        snprintf(key, sizeof(key), "%spki/sni/%s.key", tu_vector_path(""), ids[i]);
        assert_int_equal(mutls_config_add_identity_file(cfg, cert, key, NULL), 0);
    }
    assert_int_equal(mutls_config_add_trust_file(cfg, tu_vector_path("pki/cas.pem")), 0);
    if (suites != NULL) {
        assert_int_equal(mutls_config_set_suites(cfg, suites), 0);
    }
    return cfg;
}

/* The client's transport: the socket, with every byte it receives kept, so that the test can
 * read the server's first record (its ServerHello) as it came. */
typedef struct wire {
    int fd;
    uint8_t got[4096];
    size_t got_len;
} wire;

static int wire_send(void *ctx, const uint8_t *buf, size_t len)
{
    wire *w = ctx;
    ssize_t n = send(w->fd, buf, len, MSG_NOSIGNAL);

    if (n < 0) {
        return errno == EAGAIN || errno == EWOULDBLOCK ? MUTLS_WANT_WRITE : MUTLS_ERR_IO;
    }
    return (int)n;
}

static int wire_recv(void *ctx, uint8_t *buf, size_t len)
{
    wire *w = ctx;
    ssize_t n = recv(w->fd, buf, len, 0);

    if (n < 0) {
        return errno == EAGAIN || errno == EWOULDBLOCK ? MUTLS_WANT_READ : MUTLS_ERR_IO;
    }
    if (w->got_len + (size_t)n <= sizeof(w->got)) {
        memcpy(w->got + w->got_len, buf, (size_t)n);
        w->got_len += (size_t)n;
    }
    return (int)n;
}

/* Whether the ServerHello at the start of @p w (one plaintext record) has an empty
 * server_name extension; fails the test if it is not a ServerHello. */
static int hello_acknowledges_name(const wire *w)
{
    const uint8_t *p = w->got;
    size_t at, end, sid;

    assert_true(w->got_len > 5 + 4 + 2 + 32 + 1);
    assert_int_equal(p[0], 22); /* handshake record */
    assert_int_equal(p[5], 2);  /* ServerHello */
    end = 9 + ((size_t)p[6] << 16 | (size_t)p[7] << 8 | p[8]);
    assert_true(end <= w->got_len);
    sid = p[9 + 2 + 32];
    at = 9 + 2 + 32 + 1 + sid + 2 + 1;
    if (at + 2 > end) {
        return 0; /* no extensions at all */
    }
    at += 2;
    while (at + 4 <= end) {
        unsigned type = (unsigned)p[at] << 8 | p[at + 1];
        size_t len = (size_t)p[at + 2] << 8 | p[at + 3];

        if (type == 0) {
            assert_int_equal(len, 0); /* RFC 6066 §3: the acknowledgement is empty */
            return 1;
        }
        at += 4 + len;
    }
    return 0;
}

typedef struct sni_run {
    hp_pair p;
    wire w;
    mutls_config *client;
} sni_run;

/* A handshake of a client asking for @p host (suites @p client_suites, NULL: all) with
 * @p server; the client keeps its connection for the checks. */
static void sni_handshake(sni_run *r, mutls_config *server, const char *host,
                          const char *client_suites, mutls_session *resume)
{
    r->client = hp_config(MUTLS_ROLE_CLIENT, "client", "cas.pem");
    if (client_suites != NULL) {
        assert_int_equal(mutls_config_set_suites(r->client, client_suites), 0);
    }
    hp_open(&r->p, r->client, server);
    memset(&r->w, 0, sizeof(r->w));
    r->w.fd = r->p.fd[0];
    assert_int_equal(mutls_set_io(r->p.client, wire_send, wire_recv, &r->w), 0);
    assert_int_equal(mutls_set_hostname(r->p.client, host), 0);
    if (resume != NULL) {
        assert_int_equal(mutls_set_session(r->p.client, resume), 0);
    }
    hp_handshake(&r->p);
}

static void sni_done(sni_run *r)
{
    hp_close(&r->p);
    mutls_config_free(r->client);
}

static void test_sni_each_name_gets_its_certificate(void **state)
{
    static const struct {
        const char *host;
        const char *san;
    } names[] = {
        {"a.example", "DNS:a.example"},
        {"b.example", "DNS:b.example"},
        {"B.Example", "DNS:b.example"}, /* DNS names compare without case */
        {"x.wild.example", "DNS:*.wild.example"},
    };
    mutls_config *server = sni_server(NULL);

    (void)state;
    for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
        sni_run r;

        sni_handshake(&r, server, names[i].host, NULL, NULL);
        if (r.p.rc_client != 0 || r.p.rc_server != 0) {
            fail_msg("%s: client %s (%s), server %s", names[i].host,
                     mutls_strerror(r.p.rc_client), mutls_error_detail(r.p.client),
                     mutls_strerror(r.p.rc_server));
        }
        assert_string_equal(mutls_peer_san(r.p.client, 0), names[i].san);
        assert_string_equal(mutls_get_server_name(r.p.server), names[i].host);
        assert_true(hello_acknowledges_name(&r.w));
        hp_exchange_and_close(&r.p);
        sni_done(&r);
    }
    mutls_config_free(server);
}

/* The name outranks the server's suite order: with ECDHE-RSA preferred, a client asking for
 * the EC certificate's name gets ECDHE-ECDSA with it. */
static void test_sni_name_before_suite_preference(void **state)
{
    mutls_config *server =
        sni_server("TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256:TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256");
    sni_run r;

    (void)state;
    sni_handshake(&r, server, "y.wild.example", NULL, NULL);
    assert_int_equal(r.p.rc_client, 0);
    assert_int_equal(r.p.rc_server, 0);
    assert_string_equal(mutls_get_suite(r.p.client), "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256");
    assert_string_equal(mutls_peer_san(r.p.client, 0), "DNS:*.wild.example");
    sni_done(&r);
    /* No name: the suite order decides, and the first RSA identity serves it. */
    sni_handshake(&r, server, "a.example", NULL, NULL);
    assert_int_equal(r.p.rc_client, 0);
    assert_string_equal(mutls_get_suite(r.p.client), "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256");
    sni_done(&r);
    mutls_config_free(server);
}

/* A name the right certificate cannot serve (the client offers no ECDSA suite): the server
 * falls back to what the suite order picks, which the client then refuses for the name. */
static void test_sni_unservable_name_falls_back_to_default(void **state)
{
    mutls_config *server = sni_server(NULL);
    sni_run r;

    (void)state;
    sni_handshake(&r, server, "z.wild.example", "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256", NULL);
    assert_int_equal(r.p.rc_client, MUTLS_ERR_X509_NAME_MISMATCH);
    assert_false(hello_acknowledges_name(&r.w));
    assert_non_null(strstr(mutls_error_detail(r.p.client), "z.wild.example"));
    sni_done(&r);
    /* An unknown name: the suite order's pick (ECDHE-ECDSA, wild-ec), no acknowledgement. */
    sni_handshake(&r, server, "c.example", NULL, NULL);
    assert_int_equal(r.p.rc_client, MUTLS_ERR_X509_NAME_MISMATCH);
    assert_false(hello_acknowledges_name(&r.w));
    assert_string_equal(mutls_get_server_name(r.p.server), "c.example");
    sni_done(&r);
    mutls_config_free(server);
}

/* RFC 6066 §3: a server resuming a session does not answer server_name. */
static void test_sni_resumed_session_not_acknowledged(void **state)
{
    TU_SKIP_WITHOUT_RESUME();
    mutls_config *server = sni_server(NULL);
    mutls_session *s = NULL;
    sni_run r;

    (void)state;
    assert_int_equal(mutls_config_set_session_cache(server, 16, 0), 0);
    sni_handshake(&r, server, "b.example", NULL, NULL);
    assert_int_equal(r.p.rc_client, 0);
    assert_true(hello_acknowledges_name(&r.w));
    assert_int_equal(mutls_get_session(r.p.client, &s), 0);
    hp_exchange_and_close(&r.p);
    sni_done(&r);
    sni_handshake(&r, server, "b.example", NULL, s);
    assert_int_equal(r.p.rc_client, 0);
    assert_true(mutls_session_reused(r.p.client));
    assert_false(hello_acknowledges_name(&r.w));
    sni_done(&r);
    mutls_session_free(s);
    mutls_config_free(server);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_sni_each_name_gets_its_certificate),
        cmocka_unit_test(test_sni_name_before_suite_preference),
        cmocka_unit_test(test_sni_unservable_name_falls_back_to_default),
        cmocka_unit_test(test_sni_resumed_session_not_acknowledged),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
