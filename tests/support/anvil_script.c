/* SPDX-License-Identifier: MIT */
/*
 * anvil_script.c - see anvil_script.h.
 */
#include "anvil_script.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hs_pair.h"
#include "testutil.h"

#include <cmocka.h>

mutls_config *anv_client_cfg(const char *suites)
{
    mutls_config *cfg = hp_config(MUTLS_ROLE_CLIENT, "client", "cas.pem");

    if (suites != NULL) {
        assert_int_equal(mutls_config_set_suites(cfg, suites), 0);
    }
    return cfg;
}

/* The real client runs @p cli (owned from here on) against a scripted server. */
void anv_open_cfg(anvil *a, mutls_config *cli)
{
    a->srv = hp_server_config(MUTLS_CLIENT_AUTH_REQUIRED);
    a->cli = cli;
    hss_open(&a->s, a->srv, a->cli);
}

void anv_open(anvil *a, const char *suites)
{
    anv_open_cfg(a, anv_client_cfg(suites));
}

void anv_close(anvil *a)
{
    hss_close(&a->s);
    mutls_config_free(a->cli);
    mutls_config_free(a->srv);
}

/* The client failed with @p code and sent the fatal @p alert, which the script received. */
void anv_expect_failed(anvil *a, int code, int alert)
{
    int got = hss_expect_alert(&a->s);

    if (getenv("MUTLS_TEST_VERBOSE") != NULL) {
        printf("  %d %s\n", a->s.real_rc, mutls_error_detail(a->s.real));
    }
    if (a->s.real_rc != code) {
        fail_msg("client: expected %d (%s), got %d: %s", code, mutls_strerror(code), a->s.real_rc,
                 mutls_error_detail(a->s.real));
    }
    assert_int_equal(got, alert);
    assert_int_equal(mutls_alert_sent(a->s.real), alert);
}

uint32_t anv_get24(const uint8_t *p)
{
    return (uint32_t)p[0] << 16 | (uint32_t)p[1] << 8 | p[2];
}

void anv_put24(uint8_t *p, uint32_t v)
{
    p[0] = (uint8_t)(v >> 16);
    p[1] = (uint8_t)(v >> 8);
    p[2] = (uint8_t)v;
}

uint16_t anv_get16(const uint8_t *p)
{
    return (uint16_t)(p[0] << 8 | p[1]);
}

void anv_put16(uint8_t *p, uint16_t v)
{
    p[0] = (uint8_t)(v >> 8);
    p[1] = (uint8_t)v;
}

/* Message @p i of the flight, built by @p fn. */
void anv_add_msg(anvil *a, flight *f, int i, uint8_t type, mutls_hs_fn fn)
{
    f->at[i] = f->len;
    f->n[i] = hss_build(&a->s, type, fn, f->b + f->len, sizeof(f->b) - f->len);
    f->len += f->n[i];
}

/* Read the ClientHello and build the flight answering it (the script's state follows). */
void anv_build_flight(anvil *a, flight *f)
{
    memset(f, 0, sizeof(*f));
    hss_expect(&a->s, MUTLS_HS_CLIENT_HELLO, mutls_hs_parse_client_hello);
    anv_add_msg(a, f, M_SH, MUTLS_HS_SERVER_HELLO, mutls_hs_write_server_hello);
    anv_add_msg(a, f, M_CERT, MUTLS_HS_CERTIFICATE, mutls_hs_write_server_certificate);
    f->at[M_SKE] = f->len;
    if (a->s.h.f_ecdhe) {
        anv_add_msg(a, f, M_SKE, MUTLS_HS_SERVER_KEY_EXCHANGE, mutls_hs_write_server_key_exchange);
    }
    anv_add_msg(a, f, M_CR, MUTLS_HS_CERTIFICATE_REQUEST, mutls_hs_write_certificate_request);
    anv_add_msg(a, f, M_SHD, MUTLS_HS_SERVER_HELLO_DONE, mutls_hs_write_server_hello_done);
}

void anv_send_flight(anvil *a, const flight *f)
{
    hss_send_raw(&a->s, MUTLS_CT_HANDSHAKE, f->b, f->len);
}

/* Offset in f->b of the ServerHello's extensions length. */
size_t anv_sh_exts(const flight *f)
{
    size_t sid = f->b[f->at[M_SH] + 4 + 34];

    return f->at[M_SH] + 4 + 35 + sid + 3;
}

/* Offset of the ServerHello extension of @p type (its header), 0 when absent. */
size_t anv_sh_find_ext(const flight *f, uint16_t type)
{
    size_t off = anv_sh_exts(f), end = off + 2 + anv_get16(f->b + off);

    for (off += 2; off + 4 <= end; off += 4 + anv_get16(f->b + off + 2)) {
        if (anv_get16(f->b + off) == type) {
            return off;
        }
    }
    return 0;
}

/* Insert @p n bytes at @p off of the flight, growing the message @p i that holds them. */
void anv_insert(flight *f, int i, size_t off, const uint8_t *p, size_t n)
{
    assert_true(f->len + n <= sizeof(f->b));
    memmove(f->b + off + n, f->b + off, f->len - off);
    memcpy(f->b + off, p, n);
    f->len += n;
    anv_put24(f->b + f->at[i] + 1, anv_get24(f->b + f->at[i] + 1) + (uint32_t)n);
    f->n[i] += n;
    for (int k = i + 1; k < M_COUNT; k++) {
        f->at[k] += n;
    }
}

/* Append an extension (@p type, @p n bytes of body) to the ServerHello. */
void anv_sh_add_ext(flight *f, uint16_t type, const uint8_t *body, size_t n)
{
    uint8_t e[64];
    size_t x = anv_sh_exts(f);

    assert_true(n + 4 <= sizeof(e));
    anv_put16(e, type);
    anv_put16(e + 2, (uint16_t)n);
    memcpy(e + 4, body, n);
    anv_insert(f, M_SH, x + 2 + anv_get16(f->b + x), e, n + 4);
    anv_put16(f->b + x, (uint16_t)(anv_get16(f->b + x) + n + 4));
}

/* Offset of the ServerKeyExchange's SignatureAndHashAlgorithm in the flight. */
size_t anv_ske_sigalg(const flight *f)
{
    size_t p = f->at[M_SKE] + 4 + 3;

    return p + 1 + f->b[p];
}

/* Run the script to the point where the client waits for the server's ChangeCipherSpec. */
void anv_to_server_ccs(anvil *a)
{
    hs_script *s = &a->s;

    hss_expect(s, MUTLS_HS_CLIENT_HELLO, mutls_hs_parse_client_hello);
    hss_send(s, MUTLS_HS_SERVER_HELLO, mutls_hs_write_server_hello);
    hss_send(s, MUTLS_HS_CERTIFICATE, mutls_hs_write_server_certificate);
    if (s->h.f_ecdhe) {
        hss_send(s, MUTLS_HS_SERVER_KEY_EXCHANGE, mutls_hs_write_server_key_exchange);
    }
    hss_send(s, MUTLS_HS_CERTIFICATE_REQUEST, mutls_hs_write_certificate_request);
    hss_send(s, MUTLS_HS_SERVER_HELLO_DONE, mutls_hs_write_server_hello_done);
    hss_expect(s, MUTLS_HS_CERTIFICATE, mutls_hs_parse_client_certificate);
    hss_expect(s, MUTLS_HS_CLIENT_KEY_EXCHANGE, mutls_hs_parse_client_key_exchange);
    hss_expect(s, MUTLS_HS_CERTIFICATE_VERIFY, mutls_hs_parse_certificate_verify);
    hss_expect_ccs(s);
    hss_expect(s, MUTLS_HS_FINISHED, mutls_hs_parse_finished);
}

/* A repeatable generator for both sides' entropy: what follows from ciphertext read as
 * plaintext is then the same on every run. */
int anv_counter_entropy(void *ctx, uint8_t *buf, size_t len)
{
    uint32_t *x = ctx;

    for (size_t i = 0; i < len; i++) {
        *x = *x * 1103515245u + 12345u;
        buf[i] = (uint8_t)(*x >> 16);
    }
    return 0;
}

/* A plaintext record of any content type, straight onto the client's transport. */
void anv_inject_record(anvil *a, uint8_t type, const uint8_t *p, size_t n)
{
    uint8_t hdr[5] = {type, 3, 3, (uint8_t)(n >> 8), (uint8_t)n};

    assert_int_equal(tu_pipe_inject(a->s.pipe, 1, hdr, 5), 0);
    if (n > 0) {
        assert_int_equal(tu_pipe_inject(a->s.pipe, 1, p, n), 0);
    }
}
