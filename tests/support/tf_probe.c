/* SPDX-License-Identifier: MIT */
/*
 * tf_probe.c - see tf_probe.h.
 */
#include "tf_probe.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hs_pair.h"
#include "testutil.h"

#include <cmocka.h>

/* Room for the script's hello; tf_hello's callers add what they append. */
#define HELLO_CAP 4096

static void make_configs(const tf_setup *how, mutls_config **cli, mutls_config **srv)
{
    *cli = hp_config(MUTLS_ROLE_CLIENT, how->client_id ? how->client_id : "client", "cas.pem");
    if (how->suites != NULL) {
        assert_int_equal(mutls_config_set_suites(*cli, how->suites), 0);
    }
    /* The script takes what the server answers (it may leave EMS out). */
    assert_int_equal(mutls_config_set_require_ems(*cli, how->require_ems), 0);
    *srv = hp_server_config(how->auth);
    assert_int_equal(mutls_config_set_require_ems(*srv, how->require_ems), 0);
    if (how->alpn != NULL) {
        assert_int_equal(mutls_config_set_alpn(*srv, how->alpn), 0);
    }
}

void tf_open(tf *t, const tf_setup *how)
{
    make_configs(how, &t->cli, &t->srv);
    t->kept = 0;
    hss_open(&t->s, t->cli, t->srv);
}

#define MAX_KEPT 8

static struct {
    tf_setup how;
    mutls_config *cli, *srv;
} kept[MAX_KEPT];

static int same(const char *a, const char *b)
{
    return a == b || (a != NULL && b != NULL && strcmp(a, b) == 0);
}

static int same_setup(const tf_setup *a, const tf_setup *b)
{
    return same(a->suites, b->suites) && a->auth == b->auth &&
           a->require_ems == b->require_ems && same(a->alpn, b->alpn) &&
           same(a->client_id, b->client_id);
}

void tf_open_kept(tf *t, const tf_setup *how)
{
    size_t i = 0;

    while (i < MAX_KEPT && kept[i].cli != NULL && !same_setup(&kept[i].how, how)) {
        i++;
    }
    assert_true(i < MAX_KEPT);
    if (kept[i].cli == NULL) {
        make_configs(how, &kept[i].cli, &kept[i].srv);
        kept[i].how = *how;
    }
    t->cli = kept[i].cli;
    t->srv = kept[i].srv;
    t->kept = 1;
    hss_open(&t->s, t->cli, t->srv);
}

int tf_free_kept(void **state)
{
    (void)state;
    for (size_t i = 0; i < MAX_KEPT; i++) {
        mutls_config_free(kept[i].cli);
        mutls_config_free(kept[i].srv);
        kept[i].cli = kept[i].srv = NULL;
    }
    return 0;
}

void tf_open_client(tf *t, const char *suites)
{
    t->cli = hp_config(MUTLS_ROLE_CLIENT, "client", "cas.pem");
    assert_int_equal(mutls_config_set_suites(t->cli, suites), 0);
    t->srv = hp_server_config(MUTLS_CLIENT_AUTH_NONE);
    t->kept = 0;
    hss_open(&t->s, t->srv, t->cli);
    hss_expect(&t->s, MUTLS_HS_CLIENT_HELLO, mutls_hs_parse_client_hello);
}

void tf_close(tf *t)
{
    hss_close(&t->s);
    if (!t->kept) {
        mutls_config_free(t->cli);
        mutls_config_free(t->srv);
    }
}

void tf_expect_failed(tf *t, int code, int alert)
{
    int got = hss_expect_alert(&t->s);

    if (t->s.real_rc != code) {
        fail_msg("expected %d (%s), got %d: %s", code, mutls_strerror(code), t->s.real_rc,
                 mutls_error_detail(t->s.real));
    }
    assert_int_equal(got, alert);
    assert_int_equal(mutls_alert_sent(t->s.real), alert);
    if (getenv("MUTLS_TEST_VERBOSE") != NULL) {
        printf("  %s\n", mutls_error_detail(t->s.real));
    }
}

size_t tf_recv_server_hello(tf *t, uint8_t *out, size_t cap)
{
    mutls_rec_unit u;
    int rc = hss_recv(&t->s, &u);

    if (rc != 0) {
        fail_msg("expected ServerHello, got %d (alert %d); server %d: %s", rc,
                 t->s.h.rec.alert_desc, t->s.real_rc, mutls_error_detail(t->s.real));
    }
    assert_int_equal(u.type, MUTLS_CT_HANDSHAKE);
    assert_true(u.data.len >= 4 && u.data.len <= cap);
    assert_int_equal(u.data.p[0], MUTLS_HS_SERVER_HELLO);
    memcpy(out, u.data.p, u.data.len);
    return u.data.len;
}

int tf_contains(const uint8_t *hay, size_t n, const uint8_t *needle, size_t m)
{
    for (size_t i = 0; i + m <= n; i++) {
        if (memcmp(hay + i, needle, m) == 0) {
            return 1;
        }
    }
    return 0;
}

size_t tf_hello(tf *t, uint16_t drop1, uint16_t drop2, const uint8_t *extra, size_t extra_len,
                size_t tail, uint8_t *out, size_t cap)
{
    uint8_t base[2048];
    size_t n =
        hss_build(&t->s, MUTLS_HS_CLIENT_HELLO, mutls_hs_write_client_hello, base, sizeof(base));
    mutls_rd r, v, exts;
    mutls_wr w;
    size_t body, mark;

    /* version, random, session_id, cipher_suites, compression_methods: kept as they are */
    mutls_rd_init(&r, base + 4, n - 4);
    mutls_rd_skip(&r, 2 + 32);
    mutls_rd_vec8(&r, &v);
    mutls_rd_vec16(&r, &v);
    mutls_rd_vec8(&r, &v);
    mutls_wr_init(&w, out, cap);
    mutls_wr_u8(&w, MUTLS_HS_CLIENT_HELLO);
    body = mutls_wr_vec24_begin(&w);
    mutls_wr_bytes(&w, base + 4, n - 4 - mutls_rd_remaining(&r));
    mutls_rd_vec16(&r, &exts);
    mark = mutls_wr_vec16_begin(&w);
    while (mutls_rd_remaining(&exts) > 0) {
        uint16_t type = mutls_rd_u16(&exts);
        mutls_rd eb;
        size_t m;

        mutls_rd_vec16(&exts, &eb);
        if (drop1 == TF_DROP_ALL || drop2 == TF_DROP_ALL || type == drop1 || type == drop2) {
            continue;
        }
        mutls_wr_u16(&w, type);
        m = mutls_wr_vec16_begin(&w);
        mutls_wr_slice(&w, mutls_rd_rest(&eb));
        mutls_wr_vec16_end(&w, m);
    }
    assert_int_equal(exts.err, 0);
    assert_int_equal(mutls_rd_end(&r), 0);
    if (extra_len > 0) {
        mutls_wr_bytes(&w, extra, extra_len);
    }
    mutls_wr_vec16_end(&w, mark);
    for (size_t i = 0; i < tail; i++) {
        mutls_wr_u8(&w, 0);
    }
    mutls_wr_vec24_end(&w, body);
    assert_int_equal(w.err, 0);
    return mutls_wr_len(&w);
}

/* Open @p t as @p how says and send it the rebuilt hello. */
static void send_hello(tf *t, const tf_setup *how, uint16_t drop1, uint16_t drop2,
                       const uint8_t *extra, size_t extra_len)
{
    size_t big = HELLO_CAP + extra_len, n;
    uint8_t *ch = malloc(big);

    assert_non_null(ch);
    tf_open(t, how);
    n = tf_hello(t, drop1, drop2, extra, extra_len, 0, ch, big);
    hss_send_msg(&t->s, ch, n);
    free(ch);
}

void tf_hello_refused(const tf_setup *how, uint16_t drop1, uint16_t drop2, const uint8_t *extra,
                      size_t extra_len, int code, int alert)
{
    tf t;

    send_hello(&t, how, drop1, drop2, extra, extra_len);
    tf_expect_failed(&t, code, alert);
    tf_close(&t);
}

size_t tf_hello_answered(const tf_setup *how, uint16_t drop1, uint16_t drop2,
                         const uint8_t *extra, size_t extra_len, uint8_t *sh, size_t cap)
{
    tf t;
    size_t n;

    send_hello(&t, how, drop1, drop2, extra, extra_len);
    n = tf_recv_server_hello(&t, sh, cap);
    tf_close(&t);
    return n;
}
