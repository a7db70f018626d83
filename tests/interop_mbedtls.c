/* SPDX-License-Identifier: MIT */
/*
 * interop_mbedtls.c - mutls against Mbed TLS 2.28 (Debian's libmbedtls-dev), the TLS library
 * most IoT devices run, linked into this process. The Mbed TLS peer runs on a thread over one
 * end of a socketpair, mutls on the test's thread over the other; both sides use the demo PKI
 * in vectors/pki, TLS 1.2 only (RFC 5246), peer verification required on both sides.
 *
 * Cases, each checking what BOTH sides saw: an Mbed TLS client against a mutls server and a
 * mutls client against an Mbed TLS server, for every suite both have (mutls at its defaults,
 * Mbed TLS limited to the suite), RSA and EC client identities; both agree on the suite, each
 * names the other's certificate subject, both derived the same master secret (Mbed TLS's key
 * export against our NSS key log), and Mbed TLS used the extended master secret (RFC 7627,
 * which mutls requires by default) and, on CBC suites, encrypt-then-MAC (RFC 7366); CBC also
 * runs without it. 40000 bytes go each way (a write spans three records), then close_notify.
 * A peer without the extended master secret is refused. max_fragment_length 512 (RFC 6066
 * §4) both ways, the record headers crossing the socket showing every record held to it, and
 * where Mbed TLS 2.28 falls short of §4 (handshake messages are neither split nor
 * reassembled). Refusals (no client certificate, one from another CA, an expired one, a side
 * trusting another CA), where both sides must say why; session resumption by session ID (RFC
 * 5246 §7.3) both ways. Sockets time out after 10 s and an alarm bounds the file: no hang.
 */
#include "testutil.h"

#include <cmocka.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <unistd.h>

#include "built.h"
#include "echo_peer.h"
#include "interop.h"
#include "linked_peer.h"
#include "mutls.h"
#include "peer.h"

#if !defined(HAVE_MBEDTLS)
TU_BUILT_OUT_PROGRAM()
#else

#include <mbedtls/ctr_drbg.h>
#include <mbedtls/entropy.h>
#include <mbedtls/error.h>
#include <mbedtls/net_sockets.h>
#include <mbedtls/ssl.h>
#include <mbedtls/ssl_cache.h>
/* For the handshake's extended_ms and resume flags, which 2.28 has no getter for. */
#include <mbedtls/ssl_internal.h>
#include <mbedtls/x509_crt.h>

#define BIG 40000
#define SERVER_SUBJECT "CN=localhost,O=mutls demo"
#define CLIENT_SUBJECT "CN=client,O=mutls demo"
/* Mbed TLS writes a DN in certificate order, RFC 4514 strings run the other way. */
#define MBED_SERVER_SUBJECT "O=mutls demo, CN=localhost"
#define MBED_CLIENT_SUBJECT "O=mutls demo, CN=client"
/* Largest growth of a record by protection among the suites here (CBC: IV, MAC, padding). */
#define MAX_EXPANSION 64

typedef struct suite_case {
    int id; /* IANA number, what Mbed TLS is limited to */
    const char *iana;
    int ec;     /* needs the EC server identity */
    int cbc;    /* encrypt-then-MAC applies */
    int rsa_kx; /* static RSA key exchange */
} suite_case;

static const suite_case suites[] = {
    {0xc02b, "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256", 1, 0, 0},
    {0xc02c, "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384", 1, 0, 0},
    {0xcca9, "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256", 1, 0, 0},
    {0xc02f, "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256", 0, 0, 0},
    {0xc030, "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384", 0, 0, 0},
    {0xcca8, "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256", 0, 0, 0},
    {0xc027, "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256", 0, 1, 0},
    {0x009c, "TLS_RSA_WITH_AES_128_GCM_SHA256", 0, 0, 1},
    {0x009d, "TLS_RSA_WITH_AES_256_GCM_SHA384", 0, 0, 1},
    {0x003c, "TLS_RSA_WITH_AES_128_CBC_SHA256", 0, 1, 1},
    {0x002f, "TLS_RSA_WITH_AES_128_CBC_SHA", 0, 1, 1},
};
#define N_SUITES (sizeof(suites) / sizeof(suites[0]))

/* Whether this build of mutls has the suite (-DMUTLS_CBC=OFF, -DMUTLS_STATIC_RSA=OFF). */
#define BUILT(sc) tu_suite_built((sc)->iana)

static mbedtls_entropy_context entropy;
static mbedtls_ctr_drbg_context drbg;

/* ---- the Mbed TLS peer ---- */

/* Application-data records seen in one direction of the stream (by their 5-byte headers). */
typedef struct rec_track {
    uint8_t hdr[5];
    size_t have; /* header bytes collected */
    size_t left; /* body bytes still to skip */
    size_t n_app;
    size_t max_app; /* largest application_data record body (ciphertext) */
} rec_track;

static void track(rec_track *t, const uint8_t *p, size_t n)
{
    while (n > 0) {
        if (t->left == 0) {
            t->hdr[t->have++] = *p++;
            n--;
            if (t->have == 5) {
                t->have = 0;
                t->left = (size_t)t->hdr[3] << 8 | t->hdr[4];
                if (t->hdr[0] == 23) {
                    t->n_app++;
                    t->max_app = t->left > t->max_app ? t->left : t->max_app;
                }
            }
            continue;
        }
        size_t k = n < t->left ? n : t->left;
        p += k;
        n -= k;
        t->left -= k;
    }
}

/* How the Mbed TLS side is set up; identity and trust are vectors/pki names. */
typedef struct mbed_opts {
    int server;
    const char *identity; /* "client", "server-ec", ... (.pem + .key); NULL: none */
    const char *trust;    /* NULL: cas.pem */
    int suite;            /* IANA number; 0: Mbed TLS's defaults */
    unsigned char mfl;    /* client: MBEDTLS_SSL_MAX_FRAG_LEN_*, 0: not offered */
    int no_ems, no_etm;
    size_t echo; /* after the handshake: read this many bytes, send them back */
    mbedtls_ssl_cache_context *cache; /* server: session cache */
    const mbedtls_ssl_session *offer; /* client: session to resume */
    mbedtls_ssl_session *keep;        /* client: the session, saved after the handshake */
} mbed_opts;

typedef struct mbed_peer {
    mbed_opts o;
    int fd;
    pthread_t thread;
    mbedtls_ssl_context ssl;
    /* what it saw */
    int rc;    /* setup or handshake result */
    int io_rc; /* echo and close_notify */
    char err[160];
    char suite[96];
    char subject[256];
    uint32_t flags; /* mbedtls_ssl_get_verify_result */
    int alert;      /* fatal alert received, or -1 */
    int ems, etm, resumed;
    size_t out_frag;
    uint8_t client_random[32], master[48];
    rec_track sent, received;
} mbed_peer;

static int bio_send(void *ctx, const unsigned char *buf, size_t len)
{
    mbed_peer *m = ctx;
    ssize_t n;

    n = send(m->fd, buf, len, MSG_NOSIGNAL);
    if (n < 0) {
        return MBEDTLS_ERR_NET_SEND_FAILED;
    }
    track(&m->sent, buf, (size_t)n);
    return (int)n;
}

/* A timeout (EAGAIN under SO_RCVTIMEO) is a failure here, not WANT_READ: nothing may hang.
 * No signal handlers are installed, so there is no EINTR to retry. */
static int bio_recv(void *ctx, unsigned char *buf, size_t len)
{
    mbed_peer *m = ctx;
    ssize_t n;

    n = recv(m->fd, buf, len, 0);
    if (n < 0) {
        return MBEDTLS_ERR_NET_RECV_FAILED;
    }
    if (n == 0) {
        return MBEDTLS_ERR_NET_CONN_RESET;
    }
    track(&m->received, buf, (size_t)n);
    return (int)n;
}

/* Called once the master secret is known, while the handshake state still exists. */
static int export_keys(void *ctx, const unsigned char *ms, const unsigned char *kb, size_t maclen,
                       size_t keylen, size_t ivlen, const unsigned char client_random[32],
                       const unsigned char server_random[32], mbedtls_tls_prf_types prf)
{
    mbed_peer *m = ctx;

    (void)kb, (void)maclen, (void)keylen, (void)ivlen, (void)server_random, (void)prf;
    memcpy(m->master, ms, sizeof(m->master));
    memcpy(m->client_random, client_random, sizeof(m->client_random));
    m->ems = m->ssl.handshake->extended_ms == MBEDTLS_SSL_EXTENDED_MS_ENABLED;
    m->resumed = m->ssl.handshake->resume;
    return 0;
}

static int mbed_echo(mbed_peer *m)
{
    uint8_t *buf = malloc(m->o.echo + 1);
    size_t got = 0, put = 0;
    int rc = 0;

    if (buf == NULL) {
        return MBEDTLS_ERR_SSL_ALLOC_FAILED;
    }
    while (rc >= 0 && got < m->o.echo) {
        rc = mbedtls_ssl_read(&m->ssl, buf + got, m->o.echo - got);
        rc = rc == 0 ? MBEDTLS_ERR_SSL_CONN_EOF : rc;
        got += rc > 0 ? (size_t)rc : 0;
    }
    while (rc >= 0 && put < m->o.echo) {
        rc = mbedtls_ssl_write(&m->ssl, buf + put, m->o.echo - put);
        put += rc > 0 ? (size_t)rc : 0;
    }
    free(buf);
    return rc < 0 ? rc : 0;
}

static void *mbed_run(void *arg)
{
    static const char pki[] = MUTLS_VECTORS_DIR "/pki/";
    mbed_peer *m = arg;
    mbedtls_ssl_config conf;
    mbedtls_x509_crt own, ca;
    mbedtls_pk_context key;
    int list[2] = {m->o.suite, 0};
    char path[3][512];
    int rc;

    mbedtls_ssl_config_init(&conf);
    mbedtls_x509_crt_init(&own);
    mbedtls_x509_crt_init(&ca);
    mbedtls_pk_init(&key);
    mbedtls_ssl_init(&m->ssl);
    m->alert = -1;
    snprintf(path[0], sizeof(path[0]), "%s%s", pki, m->o.trust ? m->o.trust : "cas.pem");
    snprintf(path[1], sizeof(path[1]), "%s%s.pem", pki, m->o.identity ? m->o.identity : "");
    snprintf(path[2], sizeof(path[2]), "%s%s.key", pki, m->o.identity ? m->o.identity : "");
    rc = mbedtls_ssl_config_defaults(&conf, m->o.server, MBEDTLS_SSL_TRANSPORT_STREAM,
                                     MBEDTLS_SSL_PRESET_DEFAULT);
    rc = rc != 0 ? rc : mbedtls_x509_crt_parse_file(&ca, path[0]);
    if (rc == 0 && m->o.identity != NULL) {
        rc = mbedtls_x509_crt_parse_file(&own, path[1]);
        rc = rc != 0 ? rc : mbedtls_pk_parse_keyfile(&key, path[2], NULL);
        rc = rc != 0 ? rc : mbedtls_ssl_conf_own_cert(&conf, &own, &key);
    }
    if (rc != 0) {
        goto out;
    }
    mbedtls_ssl_conf_rng(&conf, mbedtls_ctr_drbg_random, &drbg);
    mbedtls_ssl_conf_dbg(&conf, NULL, NULL);
    mbedtls_ssl_conf_ca_chain(&conf, &ca, NULL);
    mbedtls_ssl_conf_authmode(&conf, MBEDTLS_SSL_VERIFY_REQUIRED);
    mbedtls_ssl_conf_min_version(&conf, MBEDTLS_SSL_MAJOR_VERSION_3, MBEDTLS_SSL_MINOR_VERSION_3);
    mbedtls_ssl_conf_max_version(&conf, MBEDTLS_SSL_MAJOR_VERSION_3, MBEDTLS_SSL_MINOR_VERSION_3);
    mbedtls_ssl_conf_export_keys_ext_cb(&conf, export_keys, m);
    if (m->o.suite != 0) {
        mbedtls_ssl_conf_ciphersuites(&conf, list);
    }
    if (m->o.no_ems) {
        mbedtls_ssl_conf_extended_master_secret(&conf, MBEDTLS_SSL_EXTENDED_MS_DISABLED);
    }
    if (m->o.no_etm) {
        mbedtls_ssl_conf_encrypt_then_mac(&conf, MBEDTLS_SSL_ETM_DISABLED);
    }
    if (m->o.cache != NULL) {
        mbedtls_ssl_conf_session_cache(&conf, m->o.cache, mbedtls_ssl_cache_get,
                                       mbedtls_ssl_cache_set);
    }
    rc = m->o.mfl != 0 ? mbedtls_ssl_conf_max_frag_len(&conf, m->o.mfl) : 0;
    rc = rc != 0 ? rc : mbedtls_ssl_setup(&m->ssl, &conf);
    rc = rc != 0 || m->o.server ? rc : mbedtls_ssl_set_hostname(&m->ssl, "localhost");
    rc = rc != 0 || m->o.offer == NULL ? rc : mbedtls_ssl_set_session(&m->ssl, m->o.offer);
    if (rc != 0) {
        goto out;
    }
    mbedtls_ssl_set_bio(&m->ssl, m, bio_send, bio_recv, NULL);
    do {
        rc = mbedtls_ssl_handshake(&m->ssl);
    } while (rc == MBEDTLS_ERR_SSL_WANT_READ || rc == MBEDTLS_ERR_SSL_WANT_WRITE);
    m->flags = mbedtls_ssl_get_verify_result(&m->ssl);
    if (rc == MBEDTLS_ERR_SSL_FATAL_ALERT_MESSAGE) {
        m->alert = m->ssl.in_msg[1];
    }
    if (rc == 0) {
        const mbedtls_x509_crt *peer = mbedtls_ssl_get_peer_cert(&m->ssl);

        snprintf(m->suite, sizeof(m->suite), "%s", mbedtls_ssl_get_ciphersuite(&m->ssl));
        if (peer != NULL &&
            mbedtls_x509_dn_gets(m->subject, sizeof(m->subject), &peer->subject) < 0) {
            m->subject[0] = 0;
        }
        m->etm = m->ssl.session->encrypt_then_mac;
        m->out_frag = mbedtls_ssl_get_output_max_frag_len(&m->ssl);
        if (m->o.keep != NULL) {
            m->io_rc = mbedtls_ssl_get_session(&m->ssl, m->o.keep);
        }
        if (m->io_rc == 0 && m->o.echo > 0) {
            m->io_rc = mbed_echo(m);
        }
        if (m->io_rc == 0) {
            m->io_rc = mbedtls_ssl_close_notify(&m->ssl);
        }
    }
out:
    m->rc = rc;
    mbedtls_strerror(rc != 0 ? rc : m->io_rc, m->err, sizeof(m->err));
    /* Our output is over: a mutls side still waiting for it sees the end at once. */
    shutdown(m->fd, SHUT_WR);
    mbedtls_ssl_free(&m->ssl);
    mbedtls_ssl_config_free(&conf);
    mbedtls_x509_crt_free(&own);
    mbedtls_x509_crt_free(&ca);
    mbedtls_pk_free(&key);
    return NULL;
}

/* ---- the mutls side ---- */

/* What our side saw: lp_side (linked_peer.h). */
typedef lp_side mutls_side;

/*
 * One connection: Mbed TLS set up by @p m->o on a thread, mutls with @p cfg here (in the other
 * role). @p offer / @p keep: mutls client session to resume / to save. Both sides' results land
 * in @p m and @p s.
 */
static void run(mbed_peer *m, const mutls_config *cfg, mutls_side *s, const mutls_session *offer,
                mutls_session **keep)
{
    const lp_thread t = {mbed_run, m, &m->fd, &m->thread, m->o.server, m->o.echo};

    lp_run(&t, cfg, s, offer, keep);
}

/* Both sides completed the handshake with @p sc and moved the data; the rest of the checks. */
static void expect_ok(const mbed_peer *m, const mutls_side *s, const suite_case *sc)
{
    char mbed_iana[96], want_keylog[256], cr[65], ms[97];

    if (m->rc != 0 || m->io_rc != 0 || s->rc != 0 || s->io_rc != 0) {
        fail_msg("%s: Mbed TLS %s: %d/%d '%s' flags %#x; mutls %s/%s: '%s'", sc->iana,
                 m->o.server ? "server" : "client", m->rc, m->io_rc, m->err, (unsigned)m->flags,
                 mutls_strerror(s->rc), mutls_strerror(s->io_rc), s->detail);
    }
    /* Mbed TLS spells the IANA name with dashes. */
    snprintf(mbed_iana, sizeof(mbed_iana), "%s", m->suite);
    for (size_t i = 0; mbed_iana[i] != 0; i++) {
        mbed_iana[i] = mbed_iana[i] == '-' ? '_' : mbed_iana[i];
    }
    assert_string_equal(mbed_iana, sc->iana);
    assert_string_equal(s->suite, sc->iana);
    if (m->o.server) {
        assert_string_equal(s->subject, SERVER_SUBJECT);
        assert_string_equal(m->subject, MBED_CLIENT_SUBJECT);
    } else {
        assert_string_equal(s->subject, CLIENT_SUBJECT);
        assert_string_equal(m->subject, MBED_SERVER_SUBJECT);
    }
    /* RFC 7627: Mbed TLS used the extended master secret, and both hold the same master. */
    assert_int_equal(m->ems, 1);
    ep_hex(cr, m->client_random, sizeof(m->client_random));
    ep_hex(ms, m->master, sizeof(m->master));
    snprintf(want_keylog, sizeof(want_keylog), "CLIENT_RANDOM %s %s", cr, ms);
    if (strcasecmp(want_keylog, ep_keylog_line) != 0) {
        fail_msg("master secrets differ:\nMbed TLS %s\nmutls    %s", want_keylog, ep_keylog_line);
    }
    assert_int_equal(m->resumed, s->reused);
}

static mutls_config *server_config(void)
{
    mutls_config *cfg = ep_server_identities();

    mutls_config_set_keylog(cfg, ep_keylog, NULL);
    return cfg;
}

static mutls_config *client_config(const char *identity, const char *trust)
{
    mutls_config *cfg = NULL;
    char cert[64], key[64];

    assert_int_equal(mutls_config_new(&cfg, MUTLS_ROLE_CLIENT), 0);
    assert_int_equal(mutls_config_add_trust_file(cfg, tu_pki(trust ? trust : "cas.pem")), 0);
    if (identity != NULL) {
        snprintf(cert, sizeof(cert), "%s.pem", identity);
        snprintf(key, sizeof(key), "%s.key", identity);
        assert_int_equal(mutls_config_add_identity_file(cfg, tu_pki(cert), tu_pki(key), NULL), 0);
        tu_client_always_present(cfg);
    }
    mutls_config_set_keylog(cfg, ep_keylog, NULL);
    return cfg;
}

/* ---- 1-4: every suite, both roles, data both ways ---- */

/* An Mbed TLS peer in @p role (1: server) for @p sc, with the matching identity. */
static mbed_peer mbed_for(int role, const suite_case *sc, const char *client_identity)
{
    mbed_peer m = {.o = {.server = role, .suite = sc->id, .echo = BIG}};

    m.o.identity = !role ? client_identity : sc->ec ? "server-ec" : "server";
    return m;
}

/* Each CBC suite also runs without encrypt-then-MAC on the Mbed TLS side: RFC 7366 is optional,
 * and CBC then runs MAC-then-encrypt. */
static void test_every_suite_completes_both_ways(void **state)
{
    mutls_config *srv = server_config();

    (void)state;
    for (size_t i = 0; i < 4 * N_SUITES; i++) {
        const suite_case *sc = &suites[i / 4];
        int role = (int)(i % 2), no_etm = (int)(i / 2 % 2);
        const char *id = (i / 4) % 2 ? "client-ec" : "client";
        mutls_config *cli = client_config(id, NULL);
        mbed_peer m = mbed_for(role, sc, id);
        mutls_side s;

        m.o.no_etm = no_etm;
        if (BUILT(sc) && (sc->cbc || !no_etm)) {
            run(&m, role ? cli : srv, &s, NULL, NULL);
            expect_ok(&m, &s, sc);
            assert_int_equal(m.etm, sc->cbc && !no_etm);
            /* Full-size records: the 40000 bytes crossed in three each way. */
            assert_int_equal(m.sent.n_app, 3);
            assert_int_equal(m.received.n_app, 3);
            assert_true(m.received.max_app > 16384 && m.sent.max_app > 16384);
        }
        mutls_config_free(cli);
    }
    mutls_config_free(srv);
}

/* RFC 7627 §5.2-5.3: mutls requires the extended master secret, in both roles. */
static void test_without_ems_is_refused_both_ways(void **state)
{
    mutls_config *srv = server_config(), *cli = client_config("client", NULL);

    (void)state;
    for (int role = 0; role < 2; role++) {
        mbed_peer m = mbed_for(role, &suites[3], "client");
        mutls_side s;

        m.o.no_ems = 1;
        run(&m, role ? cli : srv, &s, NULL, NULL);
        if (s.rc != MUTLS_ERR_NO_EXTENDED_MASTER_SECRET || s.alert_sent != 40 ||
            strstr(s.detail, "extended master secret") == NULL ||
            m.rc != MBEDTLS_ERR_SSL_FATAL_ALERT_MESSAGE || m.alert != 40) {
            fail_msg("role %d: mutls %s alert %d '%s'; Mbed TLS %d alert %d '%s'", role,
                     mutls_strerror(s.rc), s.alert_sent, s.detail, m.rc, m.alert, m.err);
        }
    }
    mutls_config_free(srv);
    mutls_config_free(cli);
}

/*
 * RFC 6066 §4, 512-byte records: an Mbed TLS client asks with max_fragment_length; a mutls
 * client with a 512-byte record limit offers it too (and record_size_limit, RFC 8449, which
 * Mbed TLS does not know). Every application_data record crossing the socket, both ways,
 * must hold at most 512 bytes of plaintext. EC identities: see the next test for why.
 */
static void test_max_fragment_length_512_holds_both_ways(void **state)
{
    mutls_config *srv = server_config(), *cli = client_config("client-ec", NULL);
    size_t at_least = (BIG + 511) / 512;

    (void)state;
    assert_int_equal(mutls_config_set_record_limit(cli, 512), 0);
    for (int role = 0; role < 2; role++) {
        mbed_peer m = mbed_for(role, &suites[0], "client-ec");
        mutls_side s;

        m.o.mfl = role ? 0 : MBEDTLS_SSL_MAX_FRAG_LEN_512;
        run(&m, role ? cli : srv, &s, NULL, NULL);
        expect_ok(&m, &s, &suites[0]);
        assert_int_equal(m.out_frag, 512);
        assert_int_equal(s.send_limit, 512);
        if (m.sent.max_app > 512 + MAX_EXPANSION || m.received.max_app > 512 + MAX_EXPANSION ||
            m.sent.n_app < at_least || m.received.n_app < at_least) {
            fail_msg("role %d: Mbed TLS sent %zu records (largest %zu), received %zu (largest %zu)",
                     role, m.sent.n_app, m.sent.max_app, m.received.n_app, m.received.max_app);
        }
    }
    mutls_config_free(srv);
    mutls_config_free(cli);
}

/* A handshake that must fail, and how each side must say so. */
typedef struct refusal {
    int mbed_server;         /* Mbed TLS's role */
    const char *identity;    /* the client's identity, NULL: none */
    const char *mbed_trust;  /* NULL: cas.pem */
    const char *mutls_trust; /* NULL: cas.pem */
    int mutls_rc;
    int mutls_alert; /* received when mutls_rc is MUTLS_ERR_ALERT_RECEIVED, else sent */
    const char *detail;
    int mbed_rc;
    int mbed_alert;      /* fatal alert Mbed TLS received, or -1 */
    uint32_t mbed_flags; /* Mbed TLS's verify flags that must be set */
} refusal;

static void expect_refusal(const mbed_peer *m, const mutls_side *s, const refusal *r)
{
    int alert = r->mutls_rc == MUTLS_ERR_ALERT_RECEIVED ? s->alert_received : s->alert_sent;

    if (s->rc != r->mutls_rc || alert != r->mutls_alert || strstr(s->detail, r->detail) == NULL ||
        m->rc != r->mbed_rc || m->alert != r->mbed_alert ||
        (m->flags & r->mbed_flags) != r->mbed_flags) {
        fail_msg("Mbed TLS %s, %s: mutls %s alert %d '%s' (want %s %d '%s'); Mbed TLS -0x%04x "
                 "'%s' alert %d flags %#x (want -0x%04x alert %d flags %#x)",
                 r->mbed_server ? "server" : "client", r->identity ? r->identity : "no identity",
                 mutls_strerror(s->rc), alert, s->detail, mutls_strerror(r->mutls_rc),
                 r->mutls_alert, r->detail, (unsigned)-m->rc, m->err, m->alert, (unsigned)m->flags,
                 (unsigned)-r->mbed_rc, r->mbed_alert, (unsigned)r->mbed_flags);
    }
}

/*
 * RFC 6066 §4 holds handshake records to the negotiated length too. Mbed TLS 2.28 neither
 * splits its own handshake messages to it nor reassembles ours (Mbed TLS issue #387: it
 * fragments only application data in TLS), so with RSA certificates (about 900 bytes) 512-byte
 * records fail in both directions; the EC certificates above fit in one record.
 */
static void test_max_fragment_length_512_with_rsa_certificates_fails(void **state)
{
    static const refusal cases[] = {
        /* Mbed TLS client: our Certificate came in two records; it gives up silently. */
        {0, "client", NULL, NULL, MUTLS_ERR_TRUNCATED, -1,
         "client ended the connection without close_notify", MBEDTLS_ERR_SSL_FEATURE_UNAVAILABLE,
         -1, 0},
        /* Mbed TLS server: its Certificate in one record over 512 bytes; we refuse it. */
        {1, "client", NULL, NULL, MUTLS_ERR_RECORD_OVERFLOW, 22,
         "server sent a record over our limit of 512 plaintext bytes",
         MBEDTLS_ERR_SSL_FATAL_ALERT_MESSAGE, 22, 0},
    };
    mutls_config *srv = server_config(), *cli = client_config("client", NULL);

    (void)state;
    assert_int_equal(mutls_config_set_record_limit(cli, 512), 0);
    for (int role = 0; role < 2; role++) {
        mbed_peer m = mbed_for(role, &suites[3], "client");
        mutls_side s;

        m.o.mfl = role ? 0 : MBEDTLS_SSL_MAX_FRAG_LEN_512;
        run(&m, role ? cli : srv, &s, NULL, NULL);
        expect_refusal(&m, &s, &cases[role]);
    }
    mutls_config_free(srv);
    mutls_config_free(cli);
}

/* ---- 5: refusals, with both sides' words ---- */

static void test_refusals_name_the_reason_on_both_sides(void **state)
{
    static const refusal cases[] = {
        /* Mbed TLS client against our server: no certificate, one from Other CA, an expired
         * one; then Mbed TLS trusting only Other CA refuses our server. */
        {0, NULL, NULL, NULL, MUTLS_ERR_NO_CLIENT_CERTIFICATE, 40, "no certificate",
         MBEDTLS_ERR_SSL_FATAL_ALERT_MESSAGE, 40, 0},
        {0, "client-other", NULL, NULL, MUTLS_ERR_X509_UNKNOWN_ISSUER, 48, "neither a trust anchor",
         MBEDTLS_ERR_SSL_FATAL_ALERT_MESSAGE, 48, 0},
        {0, "client-expired", NULL, NULL, MUTLS_ERR_X509_EXPIRED, 45, "expired",
         MBEDTLS_ERR_SSL_FATAL_ALERT_MESSAGE, 45, 0},
        {0, "client", "other-ca.pem", NULL, MUTLS_ERR_ALERT_RECEIVED, 48, "unknown_ca",
         MBEDTLS_ERR_X509_CERT_VERIFY_FAILED, -1, MBEDTLS_X509_BADCERT_NOT_TRUSTED},
        /* Our client against an Mbed TLS server trusting only Other CA for clients; without
         * a certificate (Mbed TLS 2.28 then closes without an alert); expired; and our client
         * trusting only Other CA. */
        {1, "client", "other-ca.pem", NULL, MUTLS_ERR_ALERT_RECEIVED, 48, "unknown_ca",
         MBEDTLS_ERR_X509_CERT_VERIFY_FAILED, -1, MBEDTLS_X509_BADCERT_NOT_TRUSTED},
        {1, NULL, NULL, NULL, MUTLS_ERR_TRUNCATED, -1,
         "server ended the connection without close_notify while we waited for its "
         "ChangeCipherSpec; it had asked for a client certificate and we had none to send, so "
         "it may have refused the connection without an alert",
         MBEDTLS_ERR_SSL_NO_CLIENT_CERTIFICATE,
         -1, MBEDTLS_X509_BADCERT_MISSING},
        {1, "client-expired", NULL, NULL, MUTLS_ERR_ALERT_RECEIVED, 45, "certificate_expired",
         MBEDTLS_ERR_X509_CERT_VERIFY_FAILED, -1, MBEDTLS_X509_BADCERT_EXPIRED},
        {1, "client", NULL, "other-ca.pem", MUTLS_ERR_X509_UNKNOWN_ISSUER, 48,
         "neither a trust anchor", MBEDTLS_ERR_SSL_FATAL_ALERT_MESSAGE, 48, 0},
    };

    (void)state;
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        const refusal *r = &cases[i];
        mutls_config *cfg =
            r->mbed_server ? client_config(r->identity, r->mutls_trust) : server_config();
        mbed_peer m = {.o = {.server = r->mbed_server,
                             .identity = r->mbed_server ? "server" : r->identity,
                             .trust = r->mbed_trust}};
        mutls_side s;

        run(&m, cfg, &s, NULL, NULL);
        expect_refusal(&m, &s, r);
        mutls_config_free(cfg);
    }
}

/* ---- 6: session resumption by session ID (RFC 5246 §7.3) ---- */

/* Mbed TLS client resuming with our server's cache; our client with Mbed TLS's cache. */
static void test_resumption_by_session_id_both_ways(void **state)
{
    TU_SKIP_WITHOUT_RESUME(); /* -DMUTLS_RESUME=OFF: no session to resume */
    mutls_config *srv = server_config(), *cli = client_config("client-ec", NULL);
    mbedtls_ssl_session mbed_sess;
    mbedtls_ssl_cache_context cache;
    mutls_session *sess = NULL;

    (void)state;
    assert_int_equal(mutls_config_set_session_cache(srv, 8, 0), 0);
    mbedtls_ssl_session_init(&mbed_sess);
    mbedtls_ssl_cache_init(&cache);
    for (int i = 0; i < 4; i++) {
        int role = i / 2, again = i % 2;
        mbed_peer m = mbed_for(role, &suites[0], "client-ec");
        mutls_side s;

        m.o.echo = 100;
        m.o.cache = role ? &cache : NULL;
        m.o.keep = !role && !again ? &mbed_sess : NULL;
        m.o.offer = !role && again ? &mbed_sess : NULL;
        run(&m, role ? cli : srv, &s, again ? sess : NULL, role && !again ? &sess : NULL);
        /* Resumed, both still name the peer: its certificate came with the session. */
        expect_ok(&m, &s, &suites[0]);
        assert_int_equal(s.reused, again);
        assert_int_equal(m.resumed, again);
        assert_true(role ? sess != NULL : mbed_sess.id_len == 32);
    }
    mutls_session_free(sess);
    mbedtls_ssl_session_free(&mbed_sess);
    mbedtls_ssl_cache_free(&cache);
    mutls_config_free(srv);
    mutls_config_free(cli);
}

static int setup(void **state)
{
    (void)state;
    signal(SIGPIPE, SIG_IGN);
    mbedtls_entropy_init(&entropy);
    mbedtls_ctr_drbg_init(&drbg);
    return mbedtls_ctr_drbg_seed(&drbg, mbedtls_entropy_func, &entropy, NULL, 0) == 0 ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    mbedtls_ctr_drbg_free(&drbg);
    mbedtls_entropy_free(&entropy);
    return 0;
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_every_suite_completes_both_ways),
        cmocka_unit_test(test_without_ems_is_refused_both_ways),
        cmocka_unit_test(test_max_fragment_length_512_holds_both_ways),
        cmocka_unit_test(test_max_fragment_length_512_with_rsa_certificates_fails),
        cmocka_unit_test(test_refusals_name_the_reason_on_both_sides),
        cmocka_unit_test(test_resumption_by_session_id_both_ways),
    };

    /* A watchdog over the whole file: each socket times out in 10 s, this catches the rest. */
    alarm(120);
    return cmocka_run_group_tests(tests, setup, teardown);
}

#endif
