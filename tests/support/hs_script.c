/* SPDX-License-Identifier: MIT */
/*
 * hs_script.c - see hs_script.h.
 */
#include "hs_script.h"

#include <string.h>

#include "testutil.h"

#include <cmocka.h>

void hss_open(hs_script *s, const mutls_config *script_cfg, const mutls_config *real_cfg)
{
    memset(s, 0, sizeof(*s));
    s->pipe = tu_pipe_new(1 << 20);
    assert_non_null(s->pipe);
    assert_int_equal(mutls_hs_init(&s->h, script_cfg, NULL), 0);
    mutls_rec_set_transport(&s->h.rec, tu_pipe_send, tu_pipe_recv, tu_pipe_end(s->pipe, 0));
    strcpy(s->h.host, "localhost");
    assert_int_equal(mutls_conn_new(&s->real, real_cfg), 0);
    assert_int_equal(mutls_set_io(s->real, tu_pipe_send, tu_pipe_recv, tu_pipe_end(s->pipe, 1)),
                     0);
    if (real_cfg->role == MUTLS_ROLE_CLIENT) {
        assert_int_equal(mutls_set_hostname(s->real, "localhost"), 0);
    }
    s->real_rc = MUTLS_WANT_READ;
}

void hss_close(hs_script *s)
{
    mutls_hs_clear(&s->h);
    mutls_free(s->real);
    tu_pipe_free(s->pipe);
}

void hss_pump(hs_script *s)
{
    if (s->real_rc == MUTLS_WANT_READ || s->real_rc == MUTLS_WANT_WRITE) {
        s->real_rc = mutls_handshake(s->real);
    }
}

size_t hss_build(hs_script *s, uint8_t type, mutls_hs_fn fn, uint8_t *buf, size_t cap)
{
    mutls_wr w;
    size_t mark;

    mutls_wr_init(&w, buf, cap);
    mutls_wr_u8(&w, type);
    mark = mutls_wr_vec24_begin(&w);
    if (fn != NULL) {
        assert_int_equal(fn(&s->h, NULL, &w), 0);
    }
    mutls_wr_vec24_end(&w, mark);
    assert_int_equal(w.err, 0);
    return mutls_wr_len(&w);
}

void hss_send_raw(hs_script *s, uint8_t ct, const uint8_t *p, size_t n)
{
    size_t off = 0;

    while (off < n) {
        int k = mutls_rec_write(&s->h.rec, ct, p + off, n - off);
        assert_true(k > 0);
        off += (size_t)k;
    }
    assert_int_equal(mutls_rec_flush(&s->h.rec), 0);
}

void hss_send_msg(hs_script *s, const uint8_t *msg, size_t len)
{
    assert_int_equal(mutls_hs_transcript_add(&s->h, msg, len), 0);
    if (msg[0] == MUTLS_HS_CLIENT_KEY_EXCHANGE) {
        assert_int_equal(mutls_hs_derive_keys(&s->h), 0);
    }
    hss_send_raw(s, MUTLS_CT_HANDSHAKE, msg, len);
}

void hss_send(hs_script *s, uint8_t type, mutls_hs_fn fn)
{
    uint8_t buf[8192];
    size_t n = hss_build(s, type, fn, buf, sizeof(buf));

    hss_send_msg(s, buf, n);
}

static mutls_rec_keys *keys_for(hs_script *s, int write)
{
    int c2s = write ? !s->h.server : s->h.server;
    return c2s ? &s->h.keys_c2s : &s->h.keys_s2c;
}

void hss_send_ccs(hs_script *s)
{
    static const uint8_t one = 1;

    hss_send_raw(s, MUTLS_CT_CHANGE_CIPHER_SPEC, &one, 1);
    assert_int_equal(mutls_rec_set_write_keys(&s->h.rec, keys_for(s, 1)), 0);
}

int hss_recv(hs_script *s, mutls_rec_unit *u)
{
    int rc = MUTLS_WANT_READ;

    for (int i = 0; i < 50 && rc == MUTLS_WANT_READ; i++) {
        hss_pump(s);
        rc = mutls_rec_read(&s->h.rec, u, 16384);
    }
    return rc;
}

void hss_expect(hs_script *s, uint8_t type, mutls_hs_fn fn)
{
    mutls_rec_unit u;
    mutls_rd r, body;
    int rc = hss_recv(s, &u);

    if (rc != 0) {
        fail_msg("expected message %d, got %d (alert %d); real side %d: %s", type, rc,
                 s->h.rec.alert_desc, s->real_rc, mutls_error_detail(s->real));
    }
    assert_int_equal(u.type, MUTLS_CT_HANDSHAKE);
    mutls_rd_init_slice(&r, u.data);
    assert_int_equal(mutls_rd_u8(&r), type);
    mutls_rd_vec24(&r, &body);
    if (fn != NULL) {
        assert_int_equal(fn(&s->h, &body, NULL), 0);
    }
    assert_int_equal(mutls_hs_transcript_add(&s->h, u.data.p, u.data.len), 0);
    if (type == MUTLS_HS_CLIENT_KEY_EXCHANGE) {
        assert_int_equal(mutls_hs_derive_keys(&s->h), 0);
    }
}

void hss_expect_ccs(hs_script *s)
{
    mutls_rec_unit u;

    assert_int_equal(hss_recv(s, &u), 0);
    assert_int_equal(u.type, MUTLS_CT_CHANGE_CIPHER_SPEC);
    assert_int_equal(mutls_rec_set_read_keys(&s->h.rec, keys_for(s, 0)), 0);
}

int hss_expect_alert(hs_script *s)
{
    mutls_rec_unit u;
    int rc;

    for (int i = 0; i < 20; i++) {
        rc = hss_recv(s, &u);
        if (rc == MUTLS_ERR_ALERT_RECEIVED) {
            return s->h.rec.alert_desc;
        }
        if (rc != 0) {
            fail_msg("expected an alert, got %d; real side %d: %s", rc, s->real_rc,
                     mutls_error_detail(s->real));
        }
        /* the real side may still send messages of its flight before it fails */
    }
    fail_msg("no alert");
    return -1;
}

void hss_client_hello_to_done(hs_script *s)
{
    hss_send(s, MUTLS_HS_CLIENT_HELLO, mutls_hs_write_client_hello);
    hss_expect(s, MUTLS_HS_SERVER_HELLO, mutls_hs_parse_server_hello);
    hss_expect(s, MUTLS_HS_CERTIFICATE, mutls_hs_parse_server_certificate);
    if (s->h.f_ecdhe) {
        hss_expect(s, MUTLS_HS_SERVER_KEY_EXCHANGE, mutls_hs_parse_server_key_exchange);
    }
    if (mutls_client_cert_requested(s->real)) {
        hss_expect(s, MUTLS_HS_CERTIFICATE_REQUEST, mutls_hs_parse_certificate_request);
    }
    hss_expect(s, MUTLS_HS_SERVER_HELLO_DONE, mutls_hs_parse_server_hello_done);
}
