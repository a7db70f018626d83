/* SPDX-License-Identifier: MIT */
/*
 * test_handshake.c - the flow table (handshake.c): its shape, the rows present() selects for
 * each suite kind, auth mode and empty/non-empty client certificate (RSA+NONE 9 messages,
 * RSA+REQUIRED 12, ECDHE+REQUIRED 13, an empty certificate without CertificateVerify), the
 * same walks seen through the trace of real handshakes, and unexpected_message for a first
 * message other than ClientHello.
 */
#include <stdio.h>
#include <string.h>

#include "handshake.h"
#include "hs_pair.h"
#include "hs_script.h"
#include "testutil.h"

#include <cmocka.h>

static void test_handshake_table_shape_numbers_and_handlers(void **state)
{
    size_t n;
    const mutls_hs_row *t = mutls_hs_table(&n);
    int expect_num[] = {1, 2, 3, 0, 4, 5, 6, 7, 8, 9, 10, 0, 11, 12};

    (void)state;
    assert_int_equal(n, 14); /* the 0 after 10: NewSessionTicket (RFC 5077 §3.3) */
    for (size_t i = 0; i < n; i++) {
        assert_int_equal(t[i].num, expect_num[i]);
        assert_non_null(t[i].present);
        if (t[i].content == MUTLS_CT_CHANGE_CIPHER_SPEC) {
            assert_null(t[i].fn[0]);
            assert_null(t[i].fn[1]);
            assert_string_equal(t[i].name, "ChangeCipherSpec");
        } else {
            assert_int_equal(t[i].content, MUTLS_CT_HANDSHAKE);
            assert_non_null(t[i].fn[0]);
            assert_non_null(t[i].fn[1]);
        }
    }
    /* Rows 1 and 6..10 are the client's, the rest the server's. */
    assert_int_equal(t[0].from_server, 0);
    for (size_t i = 1; i < 6; i++) {
        assert_int_equal(t[i].from_server, 1);
    }
    for (size_t i = 6; i < 11; i++) {
        assert_int_equal(t[i].from_server, 0);
    }
    assert_int_equal(t[11].from_server, 1);
    assert_int_equal(t[12].from_server, 1);
    assert_int_equal(t[13].from_server, 1);
}

/* The rows a server walks with these flags. */
static int walk(int ecdhe, int requested, int cert_given, int *steps)
{
    mutls_hs hs;
    size_t n;
    const mutls_hs_row *t = mutls_hs_table(&n);
    int k = 0;

    memset(&hs, 0, sizeof(hs));
    hs.server = 1;
    hs.f_ecdhe = ecdhe;
    hs.f_cert_requested = requested;
    hs.f_client_cert = cert_given;
    for (size_t i = 0; i < n; i++) {
        if (t[i].present(&hs) > 0) {
            steps[k++] = t[i].num;
        }
    }
    return k;
}

static void test_handshake_walk_rsa_none_nine_messages(void **state)
{
    int steps[13];
    int expect[] = {1, 2, 3, 5, 7, 9, 10, 11, 12};

    (void)state;
    assert_int_equal(walk(0, 0, 0, steps), 9);
    assert_memory_equal(steps, expect, sizeof(expect));
}

static void test_handshake_walk_rsa_required_twelve_messages(void **state)
{
    int steps[13];
    int expect[] = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12};

    (void)state;
    assert_int_equal(walk(0, 1, 1, steps), 12);
    assert_memory_equal(steps, expect, sizeof(expect));
}

static void test_handshake_walk_ecdhe_required_thirteen_messages(void **state)
{
    int steps[13];
    int expect[] = {1, 2, 3, 0, 4, 5, 6, 7, 8, 9, 10, 11, 12};

    (void)state;
    assert_int_equal(walk(1, 1, 1, steps), 13);
    assert_memory_equal(steps, expect, sizeof(expect));
}

static void test_handshake_walk_empty_certificate_no_certificate_verify(void **state)
{
    int steps[13];
    int expect[] = {1, 2, 3, 4, 5, 6, 7, 9, 10, 11, 12};

    (void)state;
    assert_int_equal(walk(0, 1, 0, steps), 11);
    assert_memory_equal(steps, expect, sizeof(expect));
}

static void test_handshake_client_certificate_request_row_is_maybe(void **state)
{
    mutls_hs hs;
    size_t n;
    const mutls_hs_row *t = mutls_hs_table(&n);

    (void)state;
    memset(&hs, 0, sizeof(hs));
    /* A client cannot know whether a request comes until the next message arrives. */
    assert_int_equal(t[4].present(&hs), -1);
    hs.f_cert_requested = 1;
    assert_int_equal(t[4].present(&hs), 1);
    hs.server = 1;
    hs.f_cert_requested = 0;
    assert_int_equal(t[4].present(&hs), 0);
}

/* ------------------------------------------------------------ traced real handshakes */

typedef struct trace_log {
    int n;
    int steps[16];
    int sent[16];
} trace_log;

static void on_trace(void *ctx, const mutls_trace_msg *m)
{
    trace_log *t = ctx;

    assert_int_equal(m->seq, t->n + 1);
    if (t->n < 16) {
        t->steps[t->n] = m->step;
        t->sent[t->n] = m->sent;
        t->n++;
    }
}

static void traced(const char *suite, mutls_client_auth mode, const char *id, const int *expect,
                   int n)
{
    mutls_config *srv = hp_config(MUTLS_ROLE_SERVER, "server", "cas.pem");
    mutls_config *cli = hp_config(MUTLS_ROLE_CLIENT, id, "cas.pem");
    trace_log ts = {0}, tc = {0};
    hp_pair p;

    assert_int_equal(mutls_config_set_client_auth(srv, mode), 0);
    assert_int_equal(mutls_config_set_suites(cli, suite), 0);
    mutls_config_set_trace(srv, on_trace, &ts);
    mutls_config_set_trace(cli, on_trace, &tc);
    hp_open(&p, cli, srv);
    hp_handshake(&p);
    assert_int_equal(p.rc_client, 0);
    assert_int_equal(p.rc_server, 0);
    assert_int_equal(ts.n, n);
    assert_int_equal(tc.n, n);
    for (int i = 0; i < n; i++) {
        assert_int_equal(ts.steps[i], expect[i]);
        assert_int_equal(tc.steps[i], expect[i]);
        assert_int_equal(ts.sent[i], !tc.sent[i]);
    }
    hp_close(&p);
    mutls_config_free(cli);
    mutls_config_free(srv);
}

static void test_handshake_trace_matches_table_walks(void **state)
{
    static const int rsa_none[] = {1, 2, 3, 5, 7, 9, 10, 11, 12};
    static const int rsa_req[] = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12};
    static const int ecdhe_req[] = {1, 2, 3, 0, 4, 5, 6, 7, 8, 9, 10, 11, 12};
    static const int empty[] = {1, 2, 3, 4, 5, 6, 7, 9, 10, 11, 12};

    (void)state;
    traced("ECDHE-RSA-AES128-GCM-SHA256", MUTLS_CLIENT_AUTH_REQUIRED, "client", ecdhe_req, 13);
    if (!hp_have_static_rsa()) {
        return; /* the static-RSA walks need it compiled in */
    }
    traced("AES128-GCM-SHA256", MUTLS_CLIENT_AUTH_NONE, "client", rsa_none, 9);
    traced("AES128-GCM-SHA256", MUTLS_CLIENT_AUTH_REQUIRED, "client", rsa_req, 12);
    traced("AES128-GCM-SHA256", MUTLS_CLIENT_AUTH_OPTIONAL, NULL, empty, 11);
}

/* ------------------------------------------------------------ out of order */

static void test_handshake_first_message_not_client_hello_unexpected(void **state)
{
    static const uint8_t types[] = {0, 2, 11, 12, 13, 14, 15, 16, 20};
    mutls_config *srv = hp_config(MUTLS_ROLE_SERVER, "server", "cas.pem");
    mutls_config *cli = hp_config(MUTLS_ROLE_CLIENT, "client", "cas.pem");

    (void)state;
    for (size_t i = 0; i < sizeof(types); i++) {
        hs_script s;
        uint8_t msg[4] = {types[i], 0, 0, 0};

        hss_open(&s, cli, srv);
        hss_send_raw(&s, MUTLS_CT_HANDSHAKE, msg, sizeof(msg));
        assert_int_equal(hss_expect_alert(&s), MUTLS_ALERT_UNEXPECTED_MESSAGE);
        assert_int_equal(s.real_rc, MUTLS_ERR_UNEXPECTED_MESSAGE);
        hss_close(&s);
    }
    mutls_config_free(cli);
    mutls_config_free(srv);
}

/* ------------------------------------------------------------ parsers on bad input */

/* Build a message body with a writer row handler. */
static size_t body(mutls_hs *hs, mutls_hs_fn fn, uint8_t *buf, size_t cap)
{
    mutls_wr w;

    mutls_wr_init(&w, buf, cap);
    assert_int_equal(fn(hs, NULL, &w), 0);
    assert_int_equal(w.err, 0);
    return mutls_wr_len(&w);
}

static void parse_ok(mutls_hs *hs, mutls_hs_fn fn, const uint8_t *b, size_t n)
{
    mutls_rd r;

    mutls_rd_init(&r, b, n);
    assert_int_equal(fn(hs, &r, NULL), 0);
    assert_int_equal(mutls_rd_end(&r), 0);
}

/* Every truncation of @p b, and @p b with a trailing byte, fails cleanly on a fresh state
 * prepared by @p prep (the driver's end check included, as in receive()). */
static void truncations(const mutls_config *cfg, mutls_hs_fn fn, const uint8_t *b, size_t n,
                        void (*prep)(mutls_hs *))
{
    uint8_t longer[4096];

    assert_true(n + 1 <= sizeof(longer));
    memcpy(longer, b, n);
    longer[n] = 0;
    for (size_t len = 0; len <= n + 1; len++) {
        mutls_hs hs;
        mutls_rd r;
        int rc;

        if (len == n) {
            continue; /* the intact message */
        }
        assert_int_equal(mutls_hs_init(&hs, cfg, NULL), 0);
        strcpy(hs.host, "localhost");
        if (prep != NULL) {
            prep(&hs);
        }
        mutls_rd_init(&r, longer, len);
        rc = fn(&hs, &r, NULL);
        if (rc == 0) {
            rc = mutls_rd_end(&r);
        }
        if (rc >= 0) {
            fail_msg("length %zu of %zu accepted", len, n);
        }
        mutls_hs_clear(&hs);
    }
}

static void prep_client_ecdhe(mutls_hs *hs)
{
    hs->suite = mutls_hs_suite_by_id(0xc02f);
    hs->f_ecdhe = 1;
}

static void prep_server_ecdhe(mutls_hs *hs)
{
    hs->suite = mutls_hs_suite_by_id(0xc02f);
    hs->f_ecdhe = 1;
    hs->f_cert_requested = 1;
}

static void test_handshake_parsers_truncated_or_trailing_fail(void **state)
{
    mutls_config *srv = hp_config(MUTLS_ROLE_SERVER, "server", "cas.pem");
    mutls_config *cli = hp_config(MUTLS_ROLE_CLIENT, "client", "cas.pem");
    mutls_hs c, s;
    uint8_t ch[1024], sh[256], cert[4096], ske[1024], cr[1024], ccert[4096], cke[256];
    size_t n_ch, n_sh, n_cert, n_ske, n_cr, n_ccert, n_cke;

    (void)state;
    assert_int_equal(mutls_config_set_suites(cli, "ECDHE-RSA-AES128-GCM-SHA256"), 0);
    assert_int_equal(mutls_hs_init(&c, cli, NULL), 0);
    assert_int_equal(mutls_hs_init(&s, srv, NULL), 0);
    strcpy(c.host, "localhost");
    /* A handshake by direct handler calls, keeping each message's body. */
    n_ch = body(&c, mutls_hs_write_client_hello, ch, sizeof(ch));
    parse_ok(&s, mutls_hs_parse_client_hello, ch, n_ch);
    n_sh = body(&s, mutls_hs_write_server_hello, sh, sizeof(sh));
    parse_ok(&c, mutls_hs_parse_server_hello, sh, n_sh);
    n_cert = body(&s, mutls_hs_write_server_certificate, cert, sizeof(cert));
    parse_ok(&c, mutls_hs_parse_server_certificate, cert, n_cert);
    n_ske = body(&s, mutls_hs_write_server_key_exchange, ske, sizeof(ske));
    parse_ok(&c, mutls_hs_parse_server_key_exchange, ske, n_ske);
    n_cr = body(&s, mutls_hs_write_certificate_request, cr, sizeof(cr));
    parse_ok(&c, mutls_hs_parse_certificate_request, cr, n_cr);
    n_ccert = body(&c, mutls_hs_write_client_certificate, ccert, sizeof(ccert));
    parse_ok(&s, mutls_hs_parse_client_certificate, ccert, n_ccert);
    n_cke = body(&c, mutls_hs_write_client_key_exchange, cke, sizeof(cke));
    parse_ok(&s, mutls_hs_parse_client_key_exchange, cke, n_cke);
    mutls_hs_clear(&c);
    mutls_hs_clear(&s);

    truncations(srv, mutls_hs_parse_client_hello, ch, n_ch, NULL);
    truncations(cli, mutls_hs_parse_server_hello, sh, n_sh, NULL);
    truncations(cli, mutls_hs_parse_server_certificate, cert, n_cert, prep_client_ecdhe);
    truncations(cli, mutls_hs_parse_server_key_exchange, ske, n_ske, prep_client_ecdhe);
    truncations(cli, mutls_hs_parse_certificate_request, cr, n_cr, NULL);
    truncations(srv, mutls_hs_parse_client_certificate, ccert, n_ccert, prep_server_ecdhe);
    truncations(srv, mutls_hs_parse_client_key_exchange, cke, n_cke, prep_server_ecdhe);
    mutls_config_free(cli);
    mutls_config_free(srv);
}

/* ------------------------------------------------------------ encrypt_then_mac */

/* Parse one hello extension list with @p fn on a fresh state of @p cfg; *hs is left for the
 * caller to inspect and clear. */
static int parse_exts(mutls_hs *hs, const mutls_config *cfg, int (*fn)(mutls_hs *, mutls_rd *),
                      int etm_offered, const uint8_t *exts, size_t n)
{
    mutls_rd r;

    assert_int_equal(mutls_hs_init(hs, cfg, NULL), 0);
    hs->etm_offered = etm_offered;
    mutls_rd_init(&r, exts, n);
    return fn(hs, &r);
}

/* RFC 7366 concerns CBC suites only: with them built in, a client offers encrypt_then_mac
 * (unless configured not to) and a server notes the offer; without them (-DMUTLS_CBC=OFF) a
 * client never offers it and refuses it in a ServerHello, and a server ignores it like any
 * unknown extension, a malformed body included. */
static void test_handshake_encrypt_then_mac_only_with_cbc(void **state)
{
    static const uint8_t etm[] = {0x00, 0x16, 0x00, 0x00};
    static const uint8_t etm_bad[] = {0x00, 0x16, 0x00, 0x01, 0x00};
    mutls_config *srv = hp_config(MUTLS_ROLE_SERVER, "server", "cas.pem");
    mutls_config *cli = hp_config(MUTLS_ROLE_CLIENT, "client", "cas.pem");
    int cbc = hp_have_cbc();
    uint8_t ch[1024];
    mutls_hs hs;

    (void)state;
    /* Client: offered with the default suites exactly when CBC suites exist. */
    assert_int_equal(mutls_hs_init(&hs, cli, NULL), 0);
    strcpy(hs.host, "localhost");
    (void)body(&hs, mutls_hs_write_client_hello, ch, sizeof(ch));
    assert_int_equal(hs.etm_offered, cbc);
    mutls_hs_clear(&hs);
    assert_int_equal(mutls_config_set_encrypt_then_mac(cli, 0), 0);
    assert_int_equal(mutls_hs_init(&hs, cli, NULL), 0);
    strcpy(hs.host, "localhost");
    (void)body(&hs, mutls_hs_write_client_hello, ch, sizeof(ch));
    assert_int_equal(hs.etm_offered, 0);
    mutls_hs_clear(&hs);

    /* Client: a ServerHello's encrypt_then_mac is accepted only when offered and built. */
    assert_int_equal(parse_exts(&hs, cli, mutls_hs_ext_parse_server, 0, etm, sizeof(etm)),
                     MUTLS_ERR_UNSUPPORTED_EXTENSION);
    mutls_hs_clear(&hs);
    assert_int_equal(parse_exts(&hs, cli, mutls_hs_ext_parse_server, 1, etm, sizeof(etm)),
                     cbc ? 0 : MUTLS_ERR_UNSUPPORTED_EXTENSION);
    assert_int_equal(hs.etm, cbc);
    mutls_hs_clear(&hs);

    /* Server: the offer is noted, or ignored as unknown. */
    assert_int_equal(parse_exts(&hs, srv, mutls_hs_ext_parse_client, 0, etm, sizeof(etm)), 0);
    assert_int_equal(hs.peer_offered_etm, cbc);
    mutls_hs_clear(&hs);
    assert_int_equal(parse_exts(&hs, srv, mutls_hs_ext_parse_client, 0, etm_bad, sizeof(etm_bad)),
                     cbc ? MUTLS_ERR_DECODE : 0);
    assert_int_equal(hs.peer_offered_etm, 0);
    mutls_hs_clear(&hs);
    mutls_config_free(cli);
    mutls_config_free(srv);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_handshake_table_shape_numbers_and_handlers),
        cmocka_unit_test(test_handshake_walk_rsa_none_nine_messages),
        cmocka_unit_test(test_handshake_walk_rsa_required_twelve_messages),
        cmocka_unit_test(test_handshake_walk_ecdhe_required_thirteen_messages),
        cmocka_unit_test(test_handshake_walk_empty_certificate_no_certificate_verify),
        cmocka_unit_test(test_handshake_client_certificate_request_row_is_maybe),
        cmocka_unit_test(test_handshake_trace_matches_table_walks),
        cmocka_unit_test(test_handshake_first_message_not_client_hello_unexpected),
        cmocka_unit_test(test_handshake_parsers_truncated_or_trailing_fail),
        cmocka_unit_test(test_handshake_encrypt_then_mac_only_with_cbc),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
