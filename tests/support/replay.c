/* SPDX-License-Identifier: MIT */
/*
 * replay.c - see replay.h.
 */
#include "replay.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hs_pair.h"
#include "pipe.h"
#include "record.h"
#include "testutil.h"

#include <cmocka.h>

int rp_entropy(void *ctx, uint8_t *buf, size_t len)
{
    uint32_t x = *(const uint32_t *)ctx * 2654435761u + 1;

    for (size_t i = 0; i < len; i++) {
        x ^= x << 13;
        x ^= x >> 17;
        x ^= x << 5;
        buf[i] = (uint8_t)x;
    }
    return 0;
}

void rp_log_add(rp_log *l, const uint8_t *p, size_t n)
{
    if (l->len + n > l->cap) {
        size_t cap = l->cap ? l->cap : 4096;
        while (cap < l->len + n) {
            cap *= 2;
        }
        l->p = realloc(l->p, cap);
        assert_non_null(l->p);
        l->cap = cap;
    }
    memcpy(l->p + l->len, p, n);
    l->len += n;
}

void rp_log_free(rp_log *l)
{
    free(l->p);
    memset(l, 0, sizeof(*l));
}

int rp_feed_send(void *ctx, const uint8_t *buf, size_t len)
{
    rp_feed *f = ctx;

    if (f->out != NULL) {
        rp_log_add(f->out, buf, len);
    }
    return (int)len;
}

int rp_feed_recv(void *ctx, uint8_t *buf, size_t len)
{
    rp_feed *f = ctx;
    size_t avail = f->in_len - f->in_off;

    if (avail == 0) {
        return 0;
    }
    if (f->split > f->in_off && f->split - f->in_off < avail) {
        avail = f->split - f->in_off;
    }
    if (f->chunk != 0 && avail > f->chunk) {
        avail = f->chunk;
    }
    if (len > avail) {
        len = avail;
    }
    memcpy(buf, f->in + f->in_off, len);
    f->in_off += len;
    return (int)len;
}

/* ------------------------------------------------------------ recorded pair */

typedef struct tap {
    tu_pipe *pipe;
    int end;
    rp_log *log;
} tap;

static int tap_send(void *ctx, const uint8_t *buf, size_t len)
{
    tap *t = ctx;
    int n = tu_pipe_send(tu_pipe_end(t->pipe, t->end), buf, len);

    if (n > 0) {
        rp_log_add(t->log, buf, (size_t)n);
    }
    return n;
}

static int tap_recv(void *ctx, uint8_t *buf, size_t len)
{
    tap *t = ctx;
    return tu_pipe_recv(tu_pipe_end(t->pipe, t->end), buf, len);
}

static int pending(int rc)
{
    return rc == MUTLS_WANT_READ || rc == MUTLS_WANT_WRITE;
}

/* Read exactly strlen(msg) bytes (or 0 for an empty msg: the clean end) on @p to, pumping
 * @p from so that its pending bytes go out. */
static void expect_read(mutls_conn *to, mutls_conn *from, const char *msg)
{
    char buf[20000];
    size_t want = msg != NULL ? strlen(msg) : 0, got = 0;

    for (int i = 0; i < 10000; i++) {
        int n = mutls_read(to, buf + got, sizeof(buf) - got);
        if (n == MUTLS_WANT_READ) {
            (void)mutls_handshake(from);
            continue;
        }
        if (msg == NULL) {
            assert_int_equal(n, 0);
            return;
        }
        assert_true(n > 0);
        got += (size_t)n;
        if (got == want) {
            assert_memory_equal(buf, msg, want);
            return;
        }
    }
    fail_msg("no data");
}

void rp_run_pair(const mutls_config *client, const mutls_config *server, const char **c2s_msgs,
                 const char **s2c_msgs, rp_log *c2s, rp_log *s2c)
{
    tu_pipe *pipe = tu_pipe_new(1 << 20);
    tap tc = {pipe, 0, c2s}, ts = {pipe, 1, s2c};
    mutls_conn *c = NULL, *s = NULL;
    int rc_c = MUTLS_WANT_READ, rc_s = MUTLS_WANT_READ;

    assert_non_null(pipe);
    assert_int_equal(mutls_conn_new(&c, client), 0);
    assert_int_equal(mutls_conn_new(&s, server), 0);
    assert_int_equal(mutls_set_io(c, tap_send, tap_recv, &tc), 0);
    assert_int_equal(mutls_set_io(s, tap_send, tap_recv, &ts), 0);
    assert_int_equal(mutls_set_hostname(c, "localhost"), 0);
    for (int i = 0; i < 1000 && (pending(rc_c) || pending(rc_s)); i++) {
        if (pending(rc_c)) {
            rc_c = mutls_handshake(c);
        }
        if (pending(rc_s)) {
            rc_s = mutls_handshake(s);
        }
    }
    if (rc_c != 0 || rc_s != 0) {
        fail_msg("reference handshake: client %d (%s), server %d (%s)", rc_c, mutls_error_detail(c),
                 rc_s, mutls_error_detail(s));
    }
    for (size_t i = 0; c2s_msgs != NULL && c2s_msgs[i] != NULL; i++) {
        assert_int_equal(mutls_write(c, c2s_msgs[i], strlen(c2s_msgs[i])),
                         (int)strlen(c2s_msgs[i]));
        expect_read(s, c, c2s_msgs[i]);
    }
    for (size_t i = 0; s2c_msgs != NULL && s2c_msgs[i] != NULL; i++) {
        assert_int_equal(mutls_write(s, s2c_msgs[i], strlen(s2c_msgs[i])),
                         (int)strlen(s2c_msgs[i]));
        expect_read(c, s, s2c_msgs[i]);
    }
    assert_int_equal(mutls_close(c), 0);
    expect_read(s, c, NULL);
    assert_int_equal(mutls_close(s), 0);
    expect_read(c, s, NULL);
    mutls_free(c);
    mutls_free(s);
    tu_pipe_free(pipe);
}

int rp_drive(mutls_conn *conn, rp_log *got)
{
    uint8_t buf[4096];
    int wants = 0;

    for (;;) {
        int n = mutls_read(conn, buf, sizeof(buf));
        if (pending(n)) {
            if (++wants >= 20) {
                return n;
            }
            continue;
        }
        wants = 0;
        if (n <= 0) {
            return n;
        }
        if (got != NULL) {
            rp_log_add(got, buf, (size_t)n);
        }
    }
}

size_t rp_next_record(const uint8_t *p, size_t len, size_t off, uint8_t *type)
{
    size_t body;

    if (off + 5 > len) {
        return 0;
    }
    body = ((size_t)p[off + 3] << 8) | p[off + 4];
    if (off + 5 + body > len) {
        return 0;
    }
    *type = p[off];
    return off + 5 + body;
}

/* ------------------------------------------------------------ reference runs */

static uint32_t client_seed = 11, server_seed = 22;

const char *rp_c2s_msgs[] = {"ping from the client", NULL};
const char *rp_s2c_msgs[] = {"a", "second, longer message from the server", NULL};

/*
 * Each replay is a whole handshake of one side, so the public-key work decides the run time:
 * static RSA (when compiled in) costs the client one RSA public operation and the server one
 * private one, where ECDHE costs each side a key generation, a shared secret and a signature.
 * Record protection does not depend on the key exchange, so the sweeps use static RSA where
 * the cipher exists with it, and visit every @p n-th offset instead when ECDHE is the only way.
 */
size_t rp_stride(size_t n)
{
    return tu_test_quick() ? 17 * n : n;
}

const char *rp_suite_or(const char *static_rsa, const char *ecdhe, size_t *n)
{
    if (hp_have_static_rsa()) {
        return static_rsa;
    }
    *n = 5;
    return ecdhe;
}

/* Whether the first record (the ClientHello) offers encrypt_then_mac (RFC 7366). */
int rp_hello_offers_etm(const rp_log *c2s)
{
    static const uint8_t ext[4] = {0x00, 0x16, 0x00, 0x00};
    size_t end = ((size_t)c2s->p[3] << 8 | c2s->p[4]) + 5;

    for (size_t i = 5 + 4 + 2 + 32; i + 4 <= end; i++) {
        if (memcmp(c2s->p + i, ext, 4) == 0) {
            return 1;
        }
    }
    return 0;
}

void rp_run_open(rp_run *r, const char *suite, int etm, mutls_client_auth auth)
{
    char path[512];

    memset(r, 0, sizeof(*r));
    r->client = hp_config(MUTLS_ROLE_CLIENT, "client", "cas.pem");
    r->server = hp_config(MUTLS_ROLE_SERVER, "server", "cas.pem");
    snprintf(path, sizeof(path), "%s", tu_vector_path("pki/server-ec.pem"));
    {
        char key[512];
        snprintf(key, sizeof(key), "%s", tu_vector_path("pki/server-ec.key"));
        assert_int_equal(mutls_config_add_identity_file(r->server, path, key, NULL), 0);
    }
    assert_int_equal(mutls_config_set_suites(r->client, suite), 0);
    assert_int_equal(mutls_config_set_encrypt_then_mac(r->client, etm), 0);
    assert_int_equal(mutls_config_set_client_auth(r->server, auth), 0);
    mutls_config_set_entropy(r->client, rp_entropy, &client_seed);
    mutls_config_set_entropy(r->server, rp_entropy, &server_seed);
    r->cbc = strstr(suite, "GCM") == NULL && strstr(suite, "CHACHA") == NULL;
    rp_run_pair(r->client, r->server, rp_c2s_msgs, rp_s2c_msgs, &r->c2s, &r->s2c);
    assert_int_equal(rp_hello_offers_etm(&r->c2s), r->cbc && etm);
}

void rp_run_close(rp_run *r)
{
    rp_log_free(&r->c2s);
    rp_log_free(&r->s2c);
    mutls_config_free(r->client);
    mutls_config_free(r->server);
}

/* A fresh copy of one side of @p r, fed @p in; returns rp_drive's code. */
int rp_replay(rp_run *r, int server, const uint8_t *in, size_t len, size_t split, size_t chunk,
              rp_log *got, rp_log *out, int *alert_sent)
{
    rp_feed f = {in, len, 0, split, chunk, out};
    mutls_conn *c = NULL;
    int rc;

    assert_int_equal(mutls_conn_new(&c, server ? r->server : r->client), 0);
    assert_int_equal(mutls_set_io(c, rp_feed_send, rp_feed_recv, &f), 0);
    if (!server) {
        assert_int_equal(mutls_set_hostname(c, "localhost"), 0);
    }
    rc = rp_drive(c, got);
    if (alert_sent != NULL) {
        *alert_sent = mutls_alert_sent(c);
    }
    if (getenv("MUTLS_TEST_VERBOSE") != NULL && rc != 0) {
        printf("  %s\n", mutls_error_detail(c));
    }
    mutls_free(c);
    return rc;
}

/* The application bytes of the whole records after the handshake that end by @p cut. */
void rp_app_data_before(const rp_run *r, const char **msgs, const rp_log *stream, size_t cut,
                        rp_log *want)
{
    size_t off = 0, next, i = 0;
    uint8_t type;
    int after_finished = 0, ccs = 0;

    while ((next = rp_next_record(stream->p, stream->len, off, &type)) != 0 && next <= cut) {
        if (type == MUTLS_CT_APPLICATION_DATA && after_finished) {
            rp_log_add(want, (const uint8_t *)msgs[i], strlen(msgs[i]));
            i++;
        }
        after_finished |= ccs && type == MUTLS_CT_HANDSHAKE;
        ccs |= type == MUTLS_CT_CHANGE_CIPHER_SPEC;
        off = next;
    }
    (void)r;
}

/* Offset of the first record after the peer's Finished (the first after-handshake record). */
size_t rp_after_handshake(const rp_log *stream)
{
    size_t off = 0, next;
    uint8_t type;
    int ccs = 0;

    while ((next = rp_next_record(stream->p, stream->len, off, &type)) != 0) {
        if (ccs && type == MUTLS_CT_HANDSHAKE) {
            return next;
        }
        ccs |= type == MUTLS_CT_CHANGE_CIPHER_SPEC;
        off = next;
    }
    fail_msg("no Finished in the stream");
    return 0;
}
