/* SPDX-License-Identifier: MIT */
/*
 * resume_util.c - see resume_util.h.
 */
#include "resume_util.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "handshake.h"
#include "testutil.h"

#include <cmocka.h>

int64_t ru_offset;

/* The wall clock read once, at the program's first use: a slow run (valgrind, ASan) must not
 * let a real second pass between two checks a test places at a lifetime's edge. */
static int64_t ru_base;

int64_t ru_clock(void *ctx)
{
    (void)ctx;
    if (ru_base == 0) {
        ru_base = (int64_t)time(NULL);
    }
    return ru_base + ru_offset;
}

void ru_on_trace(void *ctx, const mutls_trace_msg *m)
{
    ru_trace *t = ctx;

    if (t->n < 16) {
        t->steps[t->n] = m->step;
        t->abbreviated[t->n] = m->abbreviated;
        t->sent[t->n] = m->sent;
        t->len[t->n] = m->len;
        snprintf(t->names[t->n], sizeof(t->names[0]), "%s", m->name);
        t->n++;
    }
}

void ru_connect(const mutls_config *client, const mutls_config *server,
                const mutls_session *offer, int expect_reused, mutls_session **out,
                ru_check_fn check, void *ctx)
{
    hp_pair p;

    hp_open(&p, client, server);
    if (offer != NULL) {
        assert_int_equal(mutls_set_session(p.client, offer), 0);
    }
    hp_handshake(&p);
    assert_int_equal(p.rc_client, 0);
    assert_int_equal(p.rc_server, 0);
    assert_int_equal(mutls_session_reused(p.client), expect_reused);
    assert_int_equal(mutls_session_reused(p.server), expect_reused);
    if (check != NULL) {
        check(&p, ctx);
    }
    hp_exchange_and_close(&p);
    if (out != NULL) {
        assert_int_equal(mutls_get_session(p.client, out), 0);
    }
    hp_close(&p);
}

void ru_put_hello_exts(mutls_wr *out, const char *host)
{
    /* supported_groups: a 4-byte list, secp256r1 (23) and secp384r1 (24) */
    static const uint8_t groups[] = {0x00, 0x0a, 0x00, 0x06, 0x00, 0x04, 0x00, 0x17, 0x00, 0x18};
    size_t n = strlen(host);

    /* server_name: one host_name (type 0) entry */
    mutls_wr_u16(out, MUTLS_EXT_SERVER_NAME);
    mutls_wr_u16(out, (uint16_t)(n + 5));
    mutls_wr_u16(out, (uint16_t)(n + 3));
    mutls_wr_u8(out, 0);
    mutls_wr_u16(out, (uint16_t)n);
    mutls_wr_bytes(out, host, n);
    mutls_wr_bytes(out, groups, sizeof(groups));
    mutls_wr_u16(out, MUTLS_EXT_SIGNATURE_ALGORITHMS);
    mutls_wr_u16(out, (uint16_t)(2 + 2 * mutls_hs_scheme_count()));
    mutls_hs_put_schemes(out);
}

size_t ru_read_sh_sid(mutls_rd *in, uint8_t *sid, size_t cap)
{
    mutls_rd v;
    size_t n;

    (void)mutls_rd_u16(in);
    mutls_rd_skip(in, 32);
    mutls_rd_vec8(in, &v);
    n = mutls_rd_remaining(&v);
    assert_true(n <= cap);
    mutls_rd_copy(&v, sid, n);
    return n;
}

ru_hello ru_ch;
ru_server_hello ru_sh;

int ru_write_client_hello(mutls_hs *hs, mutls_rd *in, mutls_wr *out)
{
    size_t m, e;

    (void)in;
    memset(hs->client_random, 0x42, 32);
    mutls_wr_u16(out, MUTLS_TLS12);
    mutls_wr_bytes(out, hs->client_random, 32);
    m = mutls_wr_vec8_begin(out);
    mutls_wr_bytes(out, ru_ch.sid, ru_ch.sid_len);
    mutls_wr_vec8_end(out, m);
    mutls_wr_u16(out, 2);
    mutls_wr_u16(out, ru_ch.suite);
    mutls_wr_u8(out, 1);
    mutls_wr_u8(out, 0);
    e = mutls_wr_vec16_begin(out);
    ru_put_hello_exts(out, ru_ch.host);
    if (ru_ch.ems) {
        mutls_wr_u16(out, MUTLS_EXT_EXTENDED_MASTER_SECRET);
        mutls_wr_u16(out, 0);
    }
    if (ru_ch.mfl != 0) {
        mutls_wr_u16(out, MUTLS_EXT_MAX_FRAGMENT_LENGTH);
        mutls_wr_u16(out, 1);
        mutls_wr_u8(out, ru_ch.mfl);
    }
    if (ru_ch.rsl) {
        mutls_wr_u16(out, MUTLS_EXT_RECORD_SIZE_LIMIT);
        mutls_wr_u16(out, 2);
        mutls_wr_u16(out, 16384);
    }
    for (int i = 0; i < ru_ch.tickets; i++) {
        mutls_wr_u16(out, MUTLS_EXT_SESSION_TICKET);
        mutls_wr_u16(out, (uint16_t)ru_ch.ticket_len);
        mutls_wr_bytes(out, ru_ch.ticket, ru_ch.ticket_len);
    }
    mutls_wr_vec16_end(out, e);
    return 0;
}

int ru_read_server_hello(mutls_hs *hs, mutls_rd *in, mutls_wr *out)
{
    mutls_rd exts;

    (void)hs;
    (void)out;
    memset(&ru_sh, 0, sizeof(ru_sh));
    ru_sh.sid_len = ru_read_sh_sid(in, ru_sh.sid, sizeof(ru_sh.sid));
    mutls_rd_skip(in, 3); /* cipher_suite, compression_method */
    mutls_rd_vec16(in, &exts);
    while (mutls_rd_remaining(&exts) > 0) {
        uint16_t type = mutls_rd_u16(&exts);
        mutls_rd body;

        mutls_rd_vec16(&exts, &body);
        if (type == MUTLS_EXT_MAX_FRAGMENT_LENGTH) {
            ru_sh.mfl = mutls_rd_u8(&body);
        }
        ru_sh.ticket_ext |= type == MUTLS_EXT_SESSION_TICKET;
        mutls_rd_skip(&body, mutls_rd_remaining(&body));
    }
    return in->err || exts.err ? MUTLS_ERR_DECODE : 0;
}

void ru_leaf_digest(const uint8_t *chain, size_t len, uint8_t out[32])
{
    mutls_rd r, list, one;
    mutls_slice leaf;

    mutls_rd_init(&r, chain, len);
    mutls_rd_vec24(&r, &list);
    mutls_rd_vec24(&list, &one);
    leaf = mutls_rd_rest(&one);
    assert_false(r.err || list.err);
    assert_int_equal(mutls_hash_once(MUTLS_HASH_SHA256, leaf.p, leaf.len, out), 0);
}
