/* SPDX-License-Identifier: MIT */
/*
 * test_resume_script.c - resumption against crafted peers and tampered bytes: a server does
 * not resume for a ClientHello without extended_master_secret (RFC 7627 §5.3) or naming
 * another server (RFC 6066 §3), and does for the same ClientHello with both right; a client refuses a server that echoes its session ID with
 * another suite (illegal_parameter) or without extended_master_secret (handshake_failure);
 * a tampered Finished record on the abbreviated flow fails with bad_record_mac either way, a
 * tampered ClientHello (so the transcripts differ) with decrypt_error; after each failure
 * the server's cache no longer holds the session (RFC 5246 §7.2.2).
 */
#include <errno.h>
#include <string.h>
#include <sys/socket.h>

#include "handshake.h"
#include "hs_pair.h"
#include "hs_script.h"
#include "resume_util.h"
#include "session.h"
#include "testutil.h"

#include <cmocka.h>

/* -DMUTLS_RESUME=OFF leaves resumption out (test_resume_off checks that build). */
#if defined(MUTLS_NO_RESUME)
TU_BUILT_OUT_PROGRAM()
#else

/* A cached session: one full handshake between real peers. */
static mutls_session *first_session(const mutls_config *client, const mutls_config *server)
{
    mutls_session *s = NULL;
    hp_pair p;

    hp_open(&p, client, server);
    hp_handshake(&p);
    assert_int_equal(p.rc_client, 0);
    assert_int_equal(p.rc_server, 0);
    assert_int_equal(mutls_get_session(p.client, &s), 0);
    hp_close(&p);
    return s;
}

static mutls_config *server_with_cache(void)
{
    mutls_config *cfg = hp_server_config(MUTLS_CLIENT_AUTH_REQUIRED);

    assert_int_equal(mutls_config_set_session_cache(cfg, 4, 0), 0);
    return cfg;
}

/* ------------------------------------------------------------ a crafted ClientHello */

static void offer_crafted(int ems, const char *host, int expect_resumed)
{
    mutls_config *server = server_with_cache();
    mutls_config *client = hp_config(MUTLS_ROLE_CLIENT, "client", "cas.pem");
    mutls_session *s;
    hs_script sc;

    /* A server that does not require the extension, so that a hello without it reaches the
     * session check at all (the default refuses such a hello before). */
    assert_int_equal(mutls_config_set_require_ems(server, 0), 0);
    s = first_session(client, server);
    ru_ch =
        (ru_hello){.sid = s->id, .sid_len = s->id_len, .suite = s->suite, .host = host, .ems = ems};
    hss_open(&sc, client, server);
    hss_send(&sc, MUTLS_HS_CLIENT_HELLO, ru_write_client_hello);
    if (!ems) {
        /* RFC 7627 §5.3: offering a session made with the extension, without it, MUST abort
         * the handshake (illegal_parameter, as OpenSSL). */
        assert_int_equal(hss_expect_alert(&sc), MUTLS_ALERT_ILLEGAL_PARAMETER);
        assert_int_equal(sc.real_rc, MUTLS_ERR_ILLEGAL_PARAMETER);
        if (strstr(mutls_error_detail(sc.real), "without the extension (RFC 7627") == NULL) {
            fail_msg("detail: %s", mutls_error_detail(sc.real));
        }
        goto out;
    }
    hss_expect(&sc, MUTLS_HS_SERVER_HELLO, ru_read_server_hello);
    if (expect_resumed) {
        assert_int_equal(ru_sh.sid_len, s->id_len);
        assert_memory_equal(ru_sh.sid, s->id, s->id_len);
    } else {
        /* A full handshake, and a new session. */
        assert_int_equal(ru_sh.sid_len, 32);
        assert_memory_not_equal(ru_sh.sid, s->id, 32);
    }
out:
    hss_close(&sc);
    mutls_session_free(s);
    mutls_config_free(client);
    mutls_config_free(server);
}

static void test_resume_server_without_ems_aborts(void **state)
{
    (void)state;
    offer_crafted(1, "localhost", 1); /* the crafted hello itself resumes */
    offer_crafted(0, "localhost", 0);
}

/* RFC 6066 §3: the session was made for "localhost"; a ClientHello naming another server
 * (a client that offers it there regardless) gets a full handshake. */
static void test_resume_server_other_server_name_falls_back_to_full(void **state)
{
    (void)state;
    offer_crafted(1, "LOCALHOST", 1); /* DNS names: case aside */
    offer_crafted(1, "other.example", 0);
}

/* RFC 5246 §7.4.1.2: a ClientHello resuming a session MUST offer that session's suite. One
 * that offers the session's ID with only another suite (tlsfuzzer's "resumption with cipher
 * from old CH but not selected by server", CVE-2010-4180's pattern) is refused with
 * illegal_parameter, not answered with a full handshake. */
static void test_resume_server_refuses_hello_without_session_suite(void **state)
{
    mutls_config *server = server_with_cache();
    mutls_config *client = hp_config(MUTLS_ROLE_CLIENT, "client", "cas.pem");
    mutls_session *s;
    hs_script sc;

    (void)state;
    s = first_session(client, server);
    ru_ch = (ru_hello){.sid = s->id,
                       .sid_len = s->id_len,
                       .suite = s->suite == 0xc02f ? 0xc030 : 0xc02f,
                       .host = "localhost",
                       .ems = 1};
    hss_open(&sc, client, server);
    hss_send(&sc, MUTLS_HS_CLIENT_HELLO, ru_write_client_hello);
    assert_int_equal(hss_expect_alert(&sc), MUTLS_ALERT_ILLEGAL_PARAMETER);
    assert_int_equal(sc.real_rc, MUTLS_ERR_ILLEGAL_PARAMETER);
    assert_int_equal(mutls_alert_sent(sc.real), MUTLS_ALERT_ILLEGAL_PARAMETER);
    if (strstr(mutls_error_detail(sc.real), "client asked to resume a session without offering "
                                            "its cipher suite (TLS_") == NULL) {
        fail_msg("detail: %s", mutls_error_detail(sc.real));
    }
    hss_close(&sc);
    mutls_session_free(s);
    mutls_config_free(client);
    mutls_config_free(server);
}

/* ------------------------------------------------------------ a crafted ServerHello */

static const mutls_session *sh_session;
static uint16_t sh_suite;
static int sh_ems;

/* A ServerHello echoing sh_session's ID with sh_suite, extended_master_secret as sh_ems. */
static int write_echo(mutls_hs *hs, mutls_rd *in, mutls_wr *out)
{
    size_t m;

    (void)in;
    memset(hs->server_random, 0x17, 32);
    mutls_wr_u16(out, MUTLS_TLS12);
    mutls_wr_bytes(out, hs->server_random, 32);
    m = mutls_wr_vec8_begin(out);
    mutls_wr_bytes(out, sh_session->id, sh_session->id_len);
    mutls_wr_vec8_end(out, m);
    mutls_wr_u16(out, sh_suite);
    mutls_wr_u8(out, 0);
    m = mutls_wr_vec16_begin(out);
    mutls_wr_u16(out, MUTLS_EXT_RENEGOTIATION_INFO);
    mutls_wr_u16(out, 1);
    mutls_wr_u8(out, 0);
    if (sh_ems) {
        mutls_wr_u16(out, MUTLS_EXT_EXTENDED_MASTER_SECRET);
        mutls_wr_u16(out, 0);
    }
    mutls_wr_vec16_end(out, m);
    return 0;
}

static void bad_echo(int other_suite, int ems, int expect_alert, const char *detail)
{
    mutls_config *server = server_with_cache();
    mutls_config *client = hp_config(MUTLS_ROLE_CLIENT, "client", "cas.pem");
    mutls_session *s = first_session(client, server);
    hs_script sc;

    sh_session = s;
    /* Another suite the client offers (the session's is 0xc02b or 0xc02f). */
    sh_suite = other_suite ? (s->suite == 0xc030 ? 0xc02f : 0xc030) : s->suite;
    sh_ems = ems;
    hss_open(&sc, server, client);
    assert_int_equal(mutls_set_session(sc.real, s), 0);
    hss_expect(&sc, MUTLS_HS_CLIENT_HELLO, mutls_hs_parse_client_hello);
    hss_send(&sc, MUTLS_HS_SERVER_HELLO, write_echo);
    assert_int_equal(hss_expect_alert(&sc), expect_alert);
    assert_int_equal(mutls_alert_sent(sc.real), expect_alert);
    assert_int_equal(mutls_session_reused(sc.real), 0);
    if (strstr(mutls_error_detail(sc.real), detail) == NULL) {
        fail_msg("detail: %s", mutls_error_detail(sc.real));
    }
    hss_close(&sc);
    mutls_session_free(s);
    mutls_config_free(client);
    mutls_config_free(server);
}

static void test_resume_client_refuses_echo_with_other_suite(void **state)
{
    (void)state;
    bad_echo(1, 1, MUTLS_ALERT_ILLEGAL_PARAMETER,
             "server resumed a session with another cipher suite (TLS_ECDHE_RSA_WITH_AES_256_GCM_"
             "SHA384 instead of TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256): sent alert "
             "illegal_parameter(47)");
}

static void test_resume_client_refuses_echo_without_ems(void **state)
{
    (void)state;
    bad_echo(0, 0, MUTLS_ALERT_HANDSHAKE_FAILURE,
             "client refused the server's ServerHello: it resumed our session without "
             "extended_master_secret (RFC 7627 §5.3): sent alert handshake_failure(40)");
}

/* ------------------------------------------------------------ tampered bytes */

/* Everything waiting at @p fd (non-blocking). */
static size_t drain(int fd, uint8_t *buf, size_t cap)
{
    size_t n = 0;

    for (;;) {
        ssize_t k = recv(fd, buf + n, cap - n, 0);
        if (k <= 0) {
            assert_true(k < 0 && (errno == EAGAIN || errno == EWOULDBLOCK));
            return n;
        }
        n += (size_t)k;
    }
}

/* Put @p n bytes back on the way to the end opposite @p from_fd's peer. */
static void inject(int fd, const uint8_t *buf, size_t n)
{
    assert_int_equal(send(fd, buf, n, 0), (ssize_t)n);
}

enum { TAMPER_SERVER_FINISHED, TAMPER_CLIENT_FINISHED, TAMPER_CLIENT_HELLO };

static void tampered(int what)
{
    mutls_config *server = server_with_cache();
    mutls_config *client = hp_config(MUTLS_ROLE_CLIENT, "client", "cas.pem");
    mutls_session *s = first_session(client, server);
    uint8_t buf[16384];
    size_t n;
    hp_pair p;

    assert_int_equal(mutls_session_cache_count(server->sessions), 1);
    hp_open(&p, client, server);
    assert_int_equal(mutls_set_session(p.client, s), 0);
    assert_int_equal(mutls_handshake(p.client), MUTLS_WANT_READ); /* ClientHello */
    if (what == TAMPER_CLIENT_HELLO) {
        /* The last cipher suite offered (never the session's, which the server prefers):
         * record(5) type(1) length(3) version(2) random(32) id<32> suites<..>. */
        n = drain(p.fd[1], buf, sizeof(buf));
        size_t at = 5 + 4 + 2 + 32 + 1 + buf[43];
        size_t suites = ((size_t)buf[at] << 8) | buf[at + 1];
        size_t last = at + 2 + suites - 2;
        assert_int_not_equal(((unsigned)buf[last] << 8) | buf[last + 1], s->suite);
        buf[last] = 0x13; /* a TLS 1.3 suite: ignored, but the transcripts now differ */
        buf[last + 1] = 0x01;
        inject(p.fd[0], buf, n);
    }
    assert_int_equal(mutls_handshake(p.server), MUTLS_WANT_READ); /* SH, CCS, Finished */
    if (what == TAMPER_SERVER_FINISHED) {
        n = drain(p.fd[0], buf, sizeof(buf));
        buf[n - 1] ^= 1; /* the Finished record's tag */
        inject(p.fd[1], buf, n);
    }
    p.rc_client = mutls_handshake(p.client);
    if (what == TAMPER_CLIENT_FINISHED) {
        assert_int_equal(p.rc_client, 0);
        n = drain(p.fd[1], buf, sizeof(buf));
        buf[n - 1] ^= 1;
        inject(p.fd[0], buf, n);
        p.rc_server = mutls_handshake(p.server);
        assert_int_equal(p.rc_server, MUTLS_ERR_BAD_RECORD_MAC);
        assert_int_equal(mutls_alert_sent(p.server), MUTLS_ALERT_BAD_RECORD_MAC);
    } else {
        int code = what == TAMPER_CLIENT_HELLO ? MUTLS_ERR_BAD_FINISHED : MUTLS_ERR_BAD_RECORD_MAC;
        int alert =
            what == TAMPER_CLIENT_HELLO ? MUTLS_ALERT_DECRYPT_ERROR : MUTLS_ALERT_BAD_RECORD_MAC;
        assert_int_equal(p.rc_client, code);
        assert_int_equal(mutls_alert_sent(p.client), alert);
        p.rc_server = mutls_handshake(p.server);
        assert_int_equal(p.rc_server, MUTLS_ERR_ALERT_RECEIVED);
        assert_int_equal(mutls_alert_received(p.server), alert);
        /* The client's copy is not resumable either. */
        mutls_session *none = NULL;
        assert_int_equal(mutls_get_session(p.client, &none), MUTLS_ERR_NO_SESSION);
    }
    /* RFC 5246 §7.2.2: the session is gone from the cache. */
    assert_int_equal(mutls_session_cache_count(server->sessions), 0);
    hp_close(&p);
    mutls_session_free(s);
    mutls_config_free(client);
    mutls_config_free(server);
}

static void test_resume_tampered_server_finished_bad_record_mac(void **state)
{
    (void)state;
    tampered(TAMPER_SERVER_FINISHED);
}

static void test_resume_tampered_client_finished_bad_record_mac(void **state)
{
    (void)state;
    tampered(TAMPER_CLIENT_FINISHED);
}

static void test_resume_tampered_client_hello_decrypt_error(void **state)
{
    (void)state;
    tampered(TAMPER_CLIENT_HELLO);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_resume_server_without_ems_aborts),
        cmocka_unit_test(test_resume_server_other_server_name_falls_back_to_full),
        cmocka_unit_test(test_resume_server_refuses_hello_without_session_suite),
        cmocka_unit_test(test_resume_client_refuses_echo_with_other_suite),
        cmocka_unit_test(test_resume_client_refuses_echo_without_ems),
        cmocka_unit_test(test_resume_tampered_server_finished_bad_record_mac),
        cmocka_unit_test(test_resume_tampered_client_finished_bad_record_mac),
        cmocka_unit_test(test_resume_tampered_client_hello_decrypt_error),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

#endif /* MUTLS_NO_RESUME */
