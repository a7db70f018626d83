/* SPDX-License-Identifier: MIT */
/*
 * fuzz_pair.c - a mutls client and server talking in memory (see fuzz_common.h), for the
 * seed recorder (fuzz_seeds.c) and the resumption fixtures that fuzz_server_resume,
 * fuzz_client_resume and fuzz_session_load build at start-up: sessions made by real full
 * handshakes (RFC 5246 §7.3, abbreviated handshake by session ID; RFC 7627 §5.3, only
 * sessions with the extended master secret resume), put in a server's cache or offered by a
 * client. The fuzz build's RNG is seeded with a constant per connection, so these
 * handshakes, and so the sessions' IDs and master secrets, are the same in every process:
 * a resumed handshake recorded by fuzz_seeds replays to the end in the harnesses.
 * Start-up fixtures live for the whole process, so they never count as leaks.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_common.h"
#include "handshake.h"
#include "session.h"

/* ---------------------------------------------------------------- transport */

void fz_log_add(fz_log *b, const uint8_t *data, size_t len)
{
    if (b->len + len > b->cap) {
        size_t cap = (b->len + len) * 2;
        uint8_t *p = realloc(b->p, cap);
        if (p == NULL) {
            abort();
        }
        b->p = p;
        b->cap = cap;
    }
    memcpy(b->p + b->len, data, len);
    b->len += len;
}

int fz_end_send(void *ctx, const uint8_t *buf, size_t len)
{
    fz_end *e = ctx;
    fz_log_add(e->out, buf, len);
    return (int)len;
}

int fz_end_recv(void *ctx, uint8_t *buf, size_t len)
{
    fz_end *e = ctx;
    size_t n = e->in->len - e->in->rd;

    if (n == 0) {
        return MUTLS_WANT_READ;
    }
    if (n > len) {
        n = len;
    }
    memcpy(buf, e->in->p + e->in->rd, n);
    e->in->rd += n;
    return (int)n;
}

/* ---------------------------------------------------------------- a pair */

static int pump(mutls_conn *c, mutls_conn *s)
{
    int rc_c = MUTLS_WANT_READ;
    int rc_s = MUTLS_WANT_READ;
    int i;

    for (i = 0; i < 100; i++) {
        if (rc_c == MUTLS_WANT_READ || rc_c == MUTLS_WANT_WRITE) {
            rc_c = mutls_handshake(c);
        }
        if (rc_s == MUTLS_WANT_READ || rc_s == MUTLS_WANT_WRITE) {
            rc_s = mutls_handshake(s);
        }
        if (rc_c != MUTLS_WANT_READ && rc_c != MUTLS_WANT_WRITE && rc_s != MUTLS_WANT_READ &&
            rc_s != MUTLS_WANT_WRITE) {
            break;
        }
    }
    if (rc_c != 0 || rc_s != 0) {
        fprintf(stderr, "  handshake: client %s (%s), server %s (%s)\n", mutls_strerror(rc_c),
                mutls_error_detail(c), mutls_strerror(rc_s), mutls_error_detail(s));
        return -1;
    }
    return 0;
}

int fz_pair(const mutls_config *ccfg, const mutls_config *scfg, const mutls_session *offer,
            fz_log *c2s, fz_log *s2c, mutls_session **got, int *reused)
{
    fz_end ce = {c2s, s2c};
    fz_end se = {s2c, c2s};
    mutls_conn *c = NULL;
    mutls_conn *s = NULL;
    uint8_t buf[64];
    int rc = -1;

    if (got != NULL) {
        *got = NULL;
    }
    if (mutls_conn_new(&c, ccfg) != 0 || mutls_conn_new(&s, scfg) != 0 ||
        mutls_set_io(c, fz_end_send, fz_end_recv, &ce) != 0 ||
        mutls_set_io(s, fz_end_send, fz_end_recv, &se) != 0 ||
        mutls_set_hostname(c, "localhost") != 0 ||
        (offer != NULL && mutls_set_session(c, offer) != 0)) {
        goto out;
    }
    if (pump(c, s) != 0) {
        goto out;
    }
    if (mutls_write(c, "ping", 4) != 4 || mutls_read(s, buf, sizeof(buf)) != 4 ||
        mutls_write(s, "pong", 4) != 4 || mutls_read(c, buf, sizeof(buf)) != 4 ||
        mutls_close(c) != 0 || mutls_read(s, buf, sizeof(buf)) != 0 || mutls_close(s) != 0 ||
        mutls_read(c, buf, sizeof(buf)) != 0) {
        fprintf(stderr, "  data exchange failed\n");
        goto out;
    }
    if (reused != NULL) {
        *reused = mutls_session_reused(c);
    }
    if (got != NULL && mutls_get_session(c, got) != 0) {
        *got = NULL;
    }
    rc = 0;
out:
    (mutls_free)(c);
    (mutls_free)(s);
    return rc;
}

/* ---------------------------------------------------------------- resumption fixtures */

static const struct {
    const char *name;
    const char *suite;
    fz_cfg_kind client;
} bases[FZ_RESUME_BASES] = {
    {"ecdsa-aes128gcm", "ECDHE-ECDSA-AES128-GCM-SHA256", FZ_CFG_CLIENT},
    {"rsa-chacha", "ECDHE-RSA-CHACHA20-POLY1305", FZ_CFG_CLIENT_EC},
    {"rsa-cbc-etm", "ECDHE-RSA-AES128-SHA256", FZ_CFG_CLIENT},
    {"rsakx-sha1", "AES128-SHA", FZ_CFG_CLIENT},
    {"ecdsa-aes256gcm", "ECDHE-ECDSA-AES256-GCM-SHA384", FZ_CFG_CLIENT_EC},
};

/* The cases after the bases: case 0's session with its server entry changed. */
static const char *const spoiled[FZ_RESUME_CASES - FZ_RESUME_BASES] = {
    "no-client-cert", "other-host", "other-trust", "no-ems", "expired", "suite-gone", "etm-aead",
};

/* Change what the server keeps of spoiled case @p k (0-based among the spoiled). */
static void spoil(mutls_session *s, size_t k)
{
    switch (k) {
    case 0:
        s->client_cert = 0; /* REQUIRED wants a session that had a client certificate */
        break;
    case 1:
        snprintf(s->host, sizeof(s->host), "other.example"); /* RFC 6066 §3 */
        break;
    case 2:
        s->trust_id[0] ^= 1; /* verified under trust no longer configured */
        break;
    case 3:
        s->ems = 0; /* RFC 7627 §5.3 */
        break;
    case 4:
        s->not_after = FZ_FIXED_TIME - 1; /* the client certificate has expired */
        break;
    case 5:
        s->suite = 0xc0ac; /* ECDHE-ECDSA-AES128-CCM: not a suite mutls has */
        break;
    default:
        s->etm = 1; /* RFC 7366 §3: encrypt-then-MAC means nothing for an AEAD suite */
        break;
    }
}

/* The cache has exactly one slot per case: a full handshake that completes in a harness
 * takes the expired case's slot (session.c's eviction). */
mutls_config *fz_resume_server_config(void)
{
    mutls_config *cfg = fz_config(FZ_CFG_SERVER);
    int rc = mutls_config_set_session_cache(cfg, FZ_RESUME_CASES, 0);

    if (rc != 0) {
        fz_fail("config_set_session_cache", rc);
    }
    return cfg;
}

void fz_resume_fill(mutls_config *scfg, const fz_resume_case cases[FZ_RESUME_CASES])
{
    int rc = mutls_config_set_session_cache(scfg, FZ_RESUME_CASES, 0);

    if (rc != 0) {
        fz_fail("config_set_session_cache (refill)", rc);
    }
    for (size_t i = 0; i < FZ_RESUME_CASES; i++) {
        if (cases[i].server != NULL &&
            (rc = mutls_session_cache_put(scfg->sessions, cases[i].server, FZ_FIXED_TIME)) != 0) {
            fz_fail("session_cache_put", rc);
        }
    }
}

/* Case @p i: a full handshake in base i's suite; its sessions with the ID's first byte
 * turned by 0x40 + i. */
static void make_base(size_t i, fz_resume_case *out)
{
    mutls_config *scfg = fz_resume_server_config();
    mutls_config *ccfg = fz_config(bases[i].client);
    fz_log c2s = {0}, s2c = {0};
    mutls_session entry;
    mutls_session *got = NULL;
    int rc;

    out->name = bases[i].name;
    if (mutls_config_set_suites(ccfg, bases[i].suite) != 0) {
        goto out; /* not in this build (-DMUTLS_CBC=OFF, -DMUTLS_STATIC_RSA=OFF) */
    }
    if (fz_pair(ccfg, scfg, NULL, &c2s, &s2c, &got, NULL) != 0 || got == NULL) {
        fz_fail("resumption fixture: full handshake", -1);
    }
    rc = mutls_session_cache_get(scfg->sessions, got->id, got->id_len, FZ_FIXED_TIME, &entry);
    if (rc != 1) {
        fz_fail("resumption fixture: the server kept no session", rc);
    }
    rc = mutls_session_dup(&out->server, &entry);
    mutls_session_clear(&entry);
    if (rc != 0) {
        fz_fail("session_dup", rc);
    }
    got->id[0] ^= (uint8_t)(0x40 + i);
    out->server->id[0] ^= (uint8_t)(0x40 + i);
    out->client = got;
out:
    free(c2s.p);
    free(s2c.p);
    mutls_config_free(ccfg);
    mutls_config_free(scfg);
}

void fz_resume_make(fz_resume_case cases[FZ_RESUME_CASES])
{
    memset(cases, 0, FZ_RESUME_CASES * sizeof(cases[0]));
    for (size_t i = 0; i < FZ_RESUME_BASES; i++) {
        make_base(i, &cases[i]);
    }
    if (cases[0].client == NULL) {
        fz_fail("resumption fixture: no base session", -1);
    }
    for (size_t i = FZ_RESUME_BASES; i < FZ_RESUME_CASES; i++) {
        uint8_t turn = (uint8_t)(0x40 ^ (0x40 + i));
        int rc = mutls_session_dup(&cases[i].client, cases[0].client);

        if (rc == 0) {
            rc = mutls_session_dup(&cases[i].server, cases[0].server);
        }
        if (rc != 0) {
            fz_fail("session_dup", rc);
        }
        cases[i].name = spoiled[i - FZ_RESUME_BASES];
        cases[i].client->id[0] ^= turn;
        cases[i].server->id[0] ^= turn;
        spoil(cases[i].server, i - FZ_RESUME_BASES);
    }
}

void fz_resume_free(fz_resume_case cases[FZ_RESUME_CASES])
{
    for (size_t i = 0; i < FZ_RESUME_CASES; i++) {
        mutls_session_free(cases[i].client);
        mutls_session_free(cases[i].server);
        cases[i].client = NULL;
        cases[i].server = NULL;
    }
}
