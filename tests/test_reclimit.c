/* SPDX-License-Identifier: MIT */
/*
 * test_reclimit.c - record size limits: max_fragment_length (RFC 6066 §4) and
 * record_size_limit (RFC 8449). A client and a server run over an in-memory pipe whose every
 * byte passes a tap that parses the record stream of each direction, so the tests check the
 * sizes actually put on the wire: before the ChangeCipherSpec (plaintext records) and after
 * it (the suite's exact expansion). The scripted peer (hs_script) sends extension values a
 * real mutls would never send, and answers a ClientHello with what a broken server might.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "handshake.h"
#include "hs_pair.h"
#include "hs_script.h"
#include "mutls.h"
#include "pipe.h"
#include "testutil.h"

/* ------------------------------------------------------------ the tap */

/* One direction's record stream, parsed as it passes. */
typedef struct tap_dir {
    uint8_t hdr[5];
    size_t hdr_len;
    size_t body_left;
    int after_ccs;          /* a ChangeCipherSpec went by: later records are protected */
    size_t max_plain_rec;   /* longest fragment before the CCS */
    size_t max_protected;   /* longest fragment after it */
    unsigned long records;
} tap_dir;

typedef struct tap_end {
    tu_pipe *pipe;
    int end;
    tap_dir *out; /* what this end sends */
} tap_end;

static void tap_feed(tap_dir *d, const uint8_t *p, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (d->body_left > 0) {
            size_t take = n - i < d->body_left ? n - i : d->body_left;
            d->body_left -= take;
            i += take - 1;
            continue;
        }
        d->hdr[d->hdr_len++] = p[i];
        if (d->hdr_len == 5) {
            size_t len = (size_t)d->hdr[3] << 8 | d->hdr[4];
            if (d->after_ccs) {
                d->max_protected = len > d->max_protected ? len : d->max_protected;
            } else {
                d->max_plain_rec = len > d->max_plain_rec ? len : d->max_plain_rec;
            }
            if (d->hdr[0] == 20) {
                d->after_ccs = 1;
            }
            d->records++;
            d->body_left = len;
            d->hdr_len = 0;
        }
    }
}

static int tap_send(void *ctx, const uint8_t *buf, size_t len)
{
    tap_end *e = ctx;
    int n = tu_pipe_send(tu_pipe_end(e->pipe, e->end), buf, len);

    if (n > 0) {
        tap_feed(e->out, buf, (size_t)n);
    }
    return n;
}

static int tap_recv(void *ctx, uint8_t *buf, size_t len)
{
    tap_end *e = ctx;

    return tu_pipe_recv(tu_pipe_end(e->pipe, e->end), buf, len);
}

typedef struct tpair {
    tu_pipe *pipe;
    tap_dir c2s, s2c;
    tap_end ce, se;
    mutls_conn *client, *server;
    int rc_client, rc_server;
} tpair;

static void tp_open(tpair *t, const mutls_config *ccfg, const mutls_config *scfg)
{
    memset(t, 0, sizeof(*t));
    t->pipe = tu_pipe_new(1 << 20);
    assert_non_null(t->pipe);
    t->ce = (tap_end){t->pipe, 0, &t->c2s};
    t->se = (tap_end){t->pipe, 1, &t->s2c};
    assert_int_equal(mutls_conn_new(&t->client, ccfg), 0);
    assert_int_equal(mutls_conn_new(&t->server, scfg), 0);
    assert_int_equal(mutls_set_io(t->client, tap_send, tap_recv, &t->ce), 0);
    assert_int_equal(mutls_set_io(t->server, tap_send, tap_recv, &t->se), 0);
    assert_int_equal(mutls_set_hostname(t->client, "localhost"), 0);
}

static int pending(int rc)
{
    return rc == MUTLS_WANT_READ || rc == MUTLS_WANT_WRITE;
}

static void tp_handshake(tpair *t)
{
    t->rc_client = t->rc_server = MUTLS_WANT_READ;
    for (int i = 0; i < 10000 && (pending(t->rc_client) || pending(t->rc_server)); i++) {
        if (pending(t->rc_client)) {
            t->rc_client = mutls_handshake(t->client);
        }
        if (pending(t->rc_server)) {
            t->rc_server = mutls_handshake(t->server);
        }
    }
}

/* Move @p len bytes from @p a to @p b, interleaving writes and reads. */
static void tp_send(mutls_conn *a, mutls_conn *b, size_t len)
{
    uint8_t *src = malloc(len), *dst = malloc(len);
    size_t sent = 0, got = 0;

    assert_non_null(src);
    assert_non_null(dst);
    for (size_t i = 0; i < len; i++) {
        src[i] = (uint8_t)(i * 7 + 3);
    }
    for (int i = 0; i < 1000000 && got < len; i++) {
        if (sent < len) {
            size_t chunk = len - sent < 5000 ? len - sent : 5000;
            int n = mutls_write(a, src + sent, chunk);
            if (n > 0) {
                sent += (size_t)n;
            } else {
                assert_true(pending(n));
            }
        }
        int n = mutls_read(b, dst + got, len - got);
        if (n > 0) {
            got += (size_t)n;
        } else if (!pending(n)) {
            fail_msg("read failed: %d %s", n, mutls_error_detail(b));
        }
    }
    assert_int_equal(got, len);
    assert_memory_equal(src, dst, len);
    free(src);
    free(dst);
}

static void tp_close(tpair *t)
{
    mutls_free(t->client);
    mutls_free(t->server);
    tu_pipe_free(t->pipe);
}

static mutls_config *cfg_with(mutls_role role, const char *suite, size_t limit)
{
    mutls_config *cfg;

    if (role == MUTLS_ROLE_SERVER) {
        cfg = hp_config(role, "server", "cas.pem");
        char chain[512], key[512];
        snprintf(chain, sizeof(chain), "%s", tu_vector_path("pki/server-ec.pem"));
        snprintf(key, sizeof(key), "%s", tu_vector_path("pki/server-ec.key"));
        assert_int_equal(mutls_config_add_identity_file(cfg, chain, key, NULL), 0);
    } else {
        cfg = hp_config(role, "client", "cas.pem");
    }
    if (suite != NULL) {
        assert_int_equal(mutls_config_set_suites(cfg, suite), 0);
    }
    if (limit != 0) {
        assert_int_equal(mutls_config_set_record_limit(cfg, limit), 0);
    }
    return cfg;
}

/* ------------------------------------------------------------ configuration */

static void test_reclimit_config_range_checked(void **state)
{
    mutls_config *cfg = hp_config(MUTLS_ROLE_CLIENT, "client", "cas.pem");

    (void)state;
    /* RFC 8449 §4: 64 is the smallest limit; TLS 1.2 records hold at most 2^14. */
    assert_int_equal(mutls_config_set_record_limit(cfg, 63), MUTLS_ERR_BAD_ARGUMENT);
    assert_int_equal(mutls_config_set_record_limit(cfg, 16385), MUTLS_ERR_BAD_ARGUMENT);
    assert_int_equal(mutls_config_set_record_limit(cfg, 0), MUTLS_ERR_BAD_ARGUMENT);
    assert_int_equal(mutls_config_set_record_limit(NULL, 2048), MUTLS_ERR_BAD_ARGUMENT);
    assert_int_equal(mutls_config_set_record_limit(cfg, 64), 0);
    assert_int_equal(mutls_config_set_record_limit(cfg, 16384), 0);
    mutls_config_free(cfg);
}

/* ------------------------------------------------------------ real pairs */

typedef struct suite_case {
    const char *suite;
    size_t expansion; /* protected fragment = plaintext + this at most */
} suite_case;

static const suite_case suites[] = {
    {"ECDHE-ECDSA-CHACHA20-POLY1305", 16},
    {"ECDHE-ECDSA-AES128-GCM-SHA256", 8 + 16},
    /* IV + HMAC-SHA256 + at most one block of padding (we pad minimally) */
    {"ECDHE-ECDSA-AES128-SHA256", 16 + 32 + 16},
};

static int suite_available(const char *suite)
{
    mutls_config *cfg = hp_config(MUTLS_ROLE_CLIENT, "client", "cas.pem");
    int ok = mutls_config_set_suites(cfg, suite) == 0;

    mutls_config_free(cfg);
    return ok;
}

/* Both sides limited: every record each way respects the other's limit. */
static void both_limited(const suite_case *sc, size_t climit, size_t slimit)
{
    mutls_config *c = cfg_with(MUTLS_ROLE_CLIENT, sc->suite, climit);
    mutls_config *s = cfg_with(MUTLS_ROLE_SERVER, NULL, slimit);
    tpair t;

    tp_open(&t, c, s);
    tp_handshake(&t);
    if (t.rc_client != 0 || t.rc_server != 0) {
        fail_msg("%s %zu/%zu: client %s / server %s", sc->suite, climit, slimit,
                 mutls_error_detail(t.client), mutls_error_detail(t.server));
    }
    assert_int_equal(mutls_get_record_limit(t.client, 0), climit);
    assert_int_equal(mutls_get_record_limit(t.server, 0), slimit);
    /* RFC 8449 wins over max_fragment_length when both sides know it: each side sends
     * what the other announced. */
    assert_int_equal(mutls_get_record_limit(t.client, 1), slimit < climit ? slimit : climit);
    assert_int_equal(mutls_get_record_limit(t.server, 1), slimit < climit ? slimit : climit);
    tp_send(t.client, t.server, 40000);
    tp_send(t.server, t.client, 40000);
    assert_true(t.s2c.max_plain_rec <= climit);
    assert_true(t.s2c.max_protected <= climit + sc->expansion);
    assert_true(t.c2s.max_protected <= slimit + sc->expansion);
    /* the ClientHello goes before any limit is known; the rest of the client's flight not */
    assert_true(t.s2c.max_protected > 0 && t.c2s.max_protected > 0);
    /* 40000 bytes in records of at most the limit */
    assert_true(t.s2c.records >= 40000 / climit);
    tp_close(&t);
    mutls_config_free(c);
    mutls_config_free(s);
}

static void test_reclimit_both_sides_hold_each_suite(void **state)
{
    static const size_t limits[][2] = {{2048, 2048}, {512, 4096}, {64, 100}, {16384, 1000}};

    (void)state;
    for (size_t i = 0; i < sizeof(suites) / sizeof(suites[0]); i++) {
        if (!suite_available(suites[i].suite)) {
            continue; /* a build without CBC suites */
        }
        for (size_t j = 0; j < sizeof(limits) / sizeof(limits[0]); j++) {
            both_limited(&suites[i], limits[j][0], limits[j][1]);
        }
    }
}

/* A limited client against a default server: only the server's records shrink. */
static void test_reclimit_client_limit_shrinks_server_records(void **state)
{
    mutls_config *c = cfg_with(MUTLS_ROLE_CLIENT, "ECDHE-ECDSA-CHACHA20-POLY1305", 2048);
    mutls_config *s = cfg_with(MUTLS_ROLE_SERVER, NULL, 0);
    tpair t;

    (void)state;
    tp_open(&t, c, s);
    tp_handshake(&t);
    assert_int_equal(t.rc_client, 0);
    assert_int_equal(t.rc_server, 0);
    assert_int_equal(mutls_get_record_limit(t.server, 1), 2048);
    /* the server allows 2^14, but our own buffer holds 2048 */
    assert_int_equal(mutls_get_record_limit(t.client, 1), 2048);
    tp_send(t.server, t.client, 100000);
    tp_send(t.client, t.server, 100000);
    assert_true(t.s2c.max_plain_rec <= 2048);
    assert_true(t.s2c.max_protected <= 2048 + 16);
    assert_int_equal(t.c2s.max_protected, 2048 + 16);
    tp_close(&t);
    mutls_config_free(c);
    mutls_config_free(s);
}

/* ------------------------------------------------------------ scripted peers */

/* Offset of the extension block's length in a hello (header included). */
static size_t hello_ext_at(const uint8_t *msg, int client_hello)
{
    size_t at = 4 + 2 + 32;

    at += 1 + msg[at];
    if (client_hello) {
        at += 2 + (size_t)(msg[at] << 8 | msg[at + 1]);
        at += 1 + msg[at];
    } else {
        at += 2 + 1;
    }
    return at;
}

/* Offset of extension @p type's body in @p msg, or 0; *len gets the body length. */
static size_t find_ext(const uint8_t *msg, size_t n, int client_hello, uint16_t type, size_t *len)
{
    size_t at = hello_ext_at(msg, client_hello) + 2;

    while (at + 4 <= n) {
        uint16_t t = (uint16_t)(msg[at] << 8 | msg[at + 1]);
        size_t l = (size_t)(msg[at + 2] << 8 | msg[at + 3]);
        if (t == type) {
            *len = l;
            return at + 4;
        }
        at += 4 + l;
    }
    return 0;
}

static void put_be(uint8_t *p, size_t n, size_t v)
{
    for (size_t i = n; i-- > 0;) {
        p[i] = (uint8_t)v;
        v >>= 8;
    }
}

/* Append one extension to a hello in @p msg (room for it is the caller's), fix the lengths. */
static size_t append_ext(uint8_t *msg, size_t n, int client_hello, uint16_t type,
                         const uint8_t *body, size_t blen)
{
    size_t ext_at = hello_ext_at(msg, client_hello);
    size_t ext_len = (size_t)(msg[ext_at] << 8 | msg[ext_at + 1]);

    put_be(msg + n, 2, type);
    put_be(msg + n + 2, 2, blen);
    memcpy(msg + n + 4, body, blen);
    put_be(msg + ext_at, 2, ext_len + 4 + blen);
    put_be(msg + 1, 3, n + 4 + blen - 4);
    return n + 4 + blen;
}

static void expect_real_failed(hs_script *s, int code, int alert)
{
    int got = hss_expect_alert(s);

    if (s->real_rc != code) {
        fail_msg("expected %d (%s), got %d: %s", code, mutls_strerror(code), s->real_rc,
                 mutls_error_detail(s->real));
    }
    assert_int_equal(got, alert);
}

enum { CH_RSL, CH_MFL };

/* When set, client_hello_case also offers TLS 1.3 and 1.2 in supported_versions. */
static int offer_tls13;

/* A limited scripted client's ClientHello with extension @p which's body replaced by
 * @p body (or, with @p drop_other, the other size extension renamed to an unknown type). */
static void client_hello_case(int which, const uint8_t *body, size_t blen, int drop_other,
                              int code, int alert, size_t expect_send)
{
    mutls_config *cli = cfg_with(MUTLS_ROLE_CLIENT, "ECDHE-ECDSA-CHACHA20-POLY1305", 2048);
    mutls_config *srv = cfg_with(MUTLS_ROLE_SERVER, NULL, 0);
    uint8_t msg[4096];
    size_t n, len = 0, at;
    hs_script s;
    uint16_t type = which == CH_RSL ? MUTLS_EXT_RECORD_SIZE_LIMIT : MUTLS_EXT_MAX_FRAGMENT_LENGTH;
    uint16_t other = which == CH_RSL ? MUTLS_EXT_MAX_FRAGMENT_LENGTH : MUTLS_EXT_RECORD_SIZE_LIMIT;

    hss_open(&s, cli, srv);
    n = hss_build(&s, MUTLS_HS_CLIENT_HELLO, mutls_hs_write_client_hello, msg, sizeof(msg));
    if (drop_other) {
        at = find_ext(msg, n, 1, other, &len);
        assert_true(at != 0);
        put_be(msg + at - 4, 2, 0xfa00); /* an unknown type: ignored */
    }
    if (body != NULL) {
        at = find_ext(msg, n, 1, type, &len);
        assert_true(at != 0);
        /* drop the original, append the replacement */
        put_be(msg + at - 4, 2, 0xfa01);
        n = append_ext(msg, n, 1, type, body, blen);
    }
    if (offer_tls13) {
        static const uint8_t versions[] = {4, 0x03, 0x04, 0x03, 0x03};
        n = append_ext(msg, n, 1, MUTLS_EXT_SUPPORTED_VERSIONS, versions, sizeof(versions));
    }
    hss_send_msg(&s, msg, n);
    if (code != 0) {
        expect_real_failed(&s, code, alert);
    } else {
        uint8_t sh[1024];
        mutls_rec_unit u;
        hss_pump(&s);
        assert_int_equal(hss_recv(&s, &u), 0);
        assert_int_equal(u.data.p[0], MUTLS_HS_SERVER_HELLO);
        assert_true(u.data.len <= sizeof(sh));
        memcpy(sh, u.data.p, u.data.len);
        /* the answer: record_size_limit with the server's own limit, else the same MFL */
        at = find_ext(sh, u.data.len, 0, which == CH_RSL ? MUTLS_EXT_RECORD_SIZE_LIMIT
                                                         : MUTLS_EXT_MAX_FRAGMENT_LENGTH,
                      &len);
        assert_true(at != 0);
        assert_int_equal(find_ext(sh, u.data.len, 0, other, &len), 0);
        assert_int_equal(mutls_get_record_limit(s.real, 1), expect_send);
    }
    hss_close(&s);
    mutls_config_free(cli);
    mutls_config_free(srv);
}

static void test_reclimit_server_checks_client_hello(void **state)
{
    static const uint8_t rsl63[] = {0, 63}, rsl64[] = {0, 64}, rsl_big[] = {0xff, 0xff};
    static const uint8_t rsl600[] = {0x02, 0x58}, rsl1001[] = {0x03, 0xe9};
    static const uint8_t rsl_long[] = {0, 64, 0}, mfl0[] = {0}, mfl5[] = {5}, mfl1[] = {1};
    static const uint8_t mfl_long[] = {1, 1};

    (void)state;
    /* RFC 8449 §4: under 64 is illegal_parameter; above 2^14 must not be refused. */
    client_hello_case(CH_RSL, rsl63, 2, 0, MUTLS_ERR_ILLEGAL_PARAMETER, 47, 0);
    client_hello_case(CH_RSL, rsl_long, 3, 0, MUTLS_ERR_DECODE, 50, 0);
    client_hello_case(CH_RSL, rsl64, 2, 0, 0, 0, 64);
    client_hello_case(CH_RSL, rsl_big, 2, 0, 0, 0, 2048); /* under the client's MFL too */
    client_hello_case(CH_RSL, rsl_big, 2, 1, 0, 0, 16384);
    client_hello_case(CH_RSL, rsl600, 2, 0, 0, 0, 600);
    /* both offered: record_size_limit wins (RFC 8449 §5) */
    client_hello_case(CH_RSL, NULL, 0, 0, 0, 0, 2048);
    /* RFC 6066 §4: codes 1..4 only */
    client_hello_case(CH_MFL, mfl0, 1, 1, MUTLS_ERR_ILLEGAL_PARAMETER, 47, 0);
    client_hello_case(CH_MFL, mfl5, 1, 1, MUTLS_ERR_ILLEGAL_PARAMETER, 47, 0);
    client_hello_case(CH_MFL, mfl_long, 2, 1, MUTLS_ERR_DECODE, 50, 0);
    client_hello_case(CH_MFL, mfl1, 1, 1, 0, 0, 512);
    /* max_fragment_length alone (an OpenSSL-style client): echoed, and held */
    client_hello_case(CH_MFL, NULL, 0, 1, 0, 0, 2048);
    /* A TLS 1.3-capable client may count 1.3's content-type byte in its value: one under. */
    offer_tls13 = 1;
    client_hello_case(CH_RSL, rsl1001, 2, 1, 0, 0, 1000);
    offer_tls13 = 0;
    client_hello_case(CH_RSL, rsl1001, 2, 1, 0, 0, 1001);
}

enum { SH_MFL_OTHER, SH_BOTH, SH_RSL_SMALL, SH_MFL_UNASKED };

/* A real client (limited unless @p how is *_UNASKED) against a scripted server whose
 * ServerHello is bent as @p how says. */
static void server_hello_case(int how, int code, int alert)
{
    int unasked = how == SH_MFL_UNASKED;
    mutls_config *cli = cfg_with(MUTLS_ROLE_CLIENT, "ECDHE-ECDSA-CHACHA20-POLY1305",
                                 unasked ? 0 : 2048);
    mutls_config *srv = cfg_with(MUTLS_ROLE_SERVER, NULL, 0);
    uint8_t msg[1024];
    size_t n, len = 0;
    hs_script s;

    hss_open(&s, srv, cli);
    hss_pump(&s);
    hss_expect(&s, MUTLS_HS_CLIENT_HELLO, mutls_hs_parse_client_hello);
    switch (how) {
    case SH_MFL_OTHER: /* answer max_fragment_length with 4096 instead of 2048 */
        s.h.peer_rsl = 0;
        s.h.mfl_code = 4;
        break;
    case SH_MFL_UNASKED:
        s.h.peer_rsl = 0;
        s.h.mfl_code = 2;
        break;
    case SH_RSL_SMALL:
        break;
    default:
        break;
    }
    n = hss_build(&s, MUTLS_HS_SERVER_HELLO, mutls_hs_write_server_hello, msg, sizeof(msg) - 16);
    if (how == SH_BOTH) {
        static const uint8_t code2[] = {2};
        n = append_ext(msg, n, 0, MUTLS_EXT_MAX_FRAGMENT_LENGTH, code2, 1);
    } else if (how == SH_RSL_SMALL) {
        size_t at = find_ext(msg, n, 0, MUTLS_EXT_RECORD_SIZE_LIMIT, &len);
        assert_true(at != 0 && len == 2);
        put_be(msg + at, 2, 63);
    }
    hss_send_msg(&s, msg, n);
    expect_real_failed(&s, code, alert);
    hss_close(&s);
    mutls_config_free(cli);
    mutls_config_free(srv);
}

static void test_reclimit_client_checks_server_hello(void **state)
{
    (void)state;
    /* RFC 6066 §4: an answer other than the request is illegal_parameter */
    server_hello_case(SH_MFL_OTHER, MUTLS_ERR_ILLEGAL_PARAMETER, 47);
    /* RFC 5246 §7.4.1.4: nothing we did not ask for (a client at 2^14 offers no MFL) */
    server_hello_case(SH_MFL_UNASKED, MUTLS_ERR_UNSUPPORTED_EXTENSION, 110);
    /* RFC 8449 §5: a server knowing record_size_limit ignores max_fragment_length */
    server_hello_case(SH_BOTH, MUTLS_ERR_ILLEGAL_PARAMETER, 47);
    server_hello_case(SH_RSL_SMALL, MUTLS_ERR_ILLEGAL_PARAMETER, 47);
}

/* A limited server and a scripted client sending one record over the limit: first one
 * that was never told (no record_size_limit offered), then one that was. Either way
 * record_overflow (RFC 8449 §4, RFC 5246 §6.2.3), and the detail names the limit. */
static void overflow_case(int offer_rsl, const char *why)
{
    mutls_config *cli = cfg_with(MUTLS_ROLE_CLIENT, "ECDHE-ECDSA-CHACHA20-POLY1305", 0);
    mutls_config *srv = cfg_with(MUTLS_ROLE_SERVER, NULL, 1024);
    uint8_t msg[8192];
    uint8_t pad[3000] = {0};
    size_t n, len = 0, at;
    hs_script s;

    hss_open(&s, cli, srv);
    n = hss_build(&s, MUTLS_HS_CLIENT_HELLO, mutls_hs_write_client_hello, msg, sizeof(msg));
    if (!offer_rsl) {
        at = find_ext(msg, n, 1, MUTLS_EXT_RECORD_SIZE_LIMIT, &len);
        assert_true(at != 0);
        put_be(msg + at - 4, 2, 0xfa00);
    }
    n = append_ext(msg, n, 1, 0xfa02, pad, sizeof(pad));
    /* one record of ~3.3 KB, written straight into the pipe: over the limit, and over what
     * the limited buffer could hold even for an unprotected record */
    memmove(msg + 5, msg, n);
    msg[0] = MUTLS_CT_HANDSHAKE;
    msg[1] = 3;
    msg[2] = 3;
    put_be(msg + 3, 2, n);
    assert_int_equal(tu_pipe_inject(s.pipe, 1, msg, n + 5), 0);
    expect_real_failed(&s, MUTLS_ERR_RECORD_OVERFLOW, 22);
    if (strstr(mutls_error_detail(s.real), why) == NULL) {
        fail_msg("detail: %s", mutls_error_detail(s.real));
    }
    assert_non_null(strstr(mutls_error_detail(s.real), "limit of 1024 plaintext bytes"));
    hss_close(&s);
    mutls_config_free(cli);
    mutls_config_free(srv);
}

static void test_reclimit_peer_over_our_limit_record_overflow(void **state)
{
    (void)state;
    overflow_case(0, "it had offered no record_size_limit");
    /* told in the ServerHello? Not yet: the ClientHello itself is over the limit. */
    overflow_case(1, "client sent a record over our limit");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_reclimit_config_range_checked),
        cmocka_unit_test(test_reclimit_both_sides_hold_each_suite),
        cmocka_unit_test(test_reclimit_client_limit_shrinks_server_records),
        cmocka_unit_test(test_reclimit_peer_over_our_limit_record_overflow),
        cmocka_unit_test(test_reclimit_server_checks_client_hello),
        cmocka_unit_test(test_reclimit_client_checks_server_hello),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
