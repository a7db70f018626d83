/* SPDX-License-Identifier: MIT */
/*
 * session.c - session objects and the server's session cache (see session.h; RFC 5246
 * §7.4.1.2-3 for what an ID stands for, RFC 7627 §5.3 for which sessions may be resumed).
 *
 * The cache is a fixed table allocated when the application enables it. Connections on many
 * threads share it through their configuration, so every access holds an atomic_flag
 * spinlock (C11, no OS needed) for a short, bounded time: a linear scan of the table, a copy
 * of one entry. Eviction is least recently used (a counter stamped on every put and hit);
 * an evicted, expired or removed entry is wiped at once.
 */
#include "session.h"

#include <stdatomic.h>
#include <string.h>

#include "bytes.h"
#include "mem.h"

struct mutls_session_cache {
    atomic_flag lock;
    uint32_t lifetime;
    size_t n;             /* table size */
    uint64_t clock;       /* LRU stamps */
    mutls_session *e;     /* n entries; id_len 0 = free */
    uint64_t *stamp;      /* n stamps */
};

void mutls_session_clear(mutls_session *s)
{
    if (s == NULL) {
        return;
    }
    mutls_mem_free(s->chain, s->chain_len);
    mutls_wipe(s, sizeof(*s));
}

int mutls_session_copy(mutls_session *dst, const mutls_session *src)
{
    uint8_t *chain = NULL;

    if (src->chain_len > 0) {
        chain = mutls_alloc(src->chain_len);
        if (chain == NULL) {
            return MUTLS_ERR_NO_MEMORY;
        }
        memcpy(chain, src->chain, src->chain_len);
    }
    *dst = *src;
    dst->chain = chain;
    return 0;
}

int mutls_session_dup(mutls_session **out, const mutls_session *src)
{
    mutls_session *s = mutls_alloc(sizeof(*s));
    int rc;

    *out = NULL;
    if (s == NULL) {
        return MUTLS_ERR_NO_MEMORY;
    }
    rc = mutls_session_copy(s, src);
    if (rc < 0) {
        mutls_free_secret(s, sizeof(*s));
        return rc;
    }
    *out = s;
    return 0;
}

void mutls_session_free(mutls_session *s)
{
    if (s != NULL) {
        mutls_session_clear(s);
        mutls_free_secret(s, sizeof(*s));
    }
}

int mutls_session_same_host(const char *a, const char *b)
{
    for (;; a++, b++) {
        char x = *a, y = *b;
        x = (x >= 'A' && x <= 'Z') ? (char)(x + 32) : x;
        y = (y >= 'A' && y <= 'Z') ? (char)(y + 32) : y;
        if (x != y) {
            return 0;
        }
        if (x == '\0') {
            return 1;
        }
    }
}

/* ------------------------------------------------------------ the cache */

static void lock(mutls_session_cache *c)
{
    while (atomic_flag_test_and_set_explicit(&c->lock, memory_order_acquire)) {
        /* spin: every holder leaves after a bounded scan and copy */
    }
}

static void unlock(mutls_session_cache *c)
{
    atomic_flag_clear_explicit(&c->lock, memory_order_release);
}

int mutls_session_cache_new(mutls_session_cache **out, size_t max_entries, uint32_t lifetime)
{
    mutls_session_cache *c;

    *out = NULL;
    if (max_entries == 0 || max_entries > MUTLS_SESSION_CACHE_MAX || lifetime == 0 ||
        lifetime > MUTLS_SESSION_LIFETIME_MAX) {
        return MUTLS_ERR_BAD_ARGUMENT;
    }
    c = mutls_alloc(sizeof(*c));
    if (c == NULL) {
        return MUTLS_ERR_NO_MEMORY;
    }
    c->e = mutls_alloc(max_entries * sizeof(*c->e));
    c->stamp = mutls_alloc(max_entries * sizeof(*c->stamp));
    if (c->e == NULL || c->stamp == NULL) {
        mutls_mem_free(c->e, max_entries * sizeof(*c->e));
        mutls_mem_free(c->stamp, max_entries * sizeof(*c->stamp));
        mutls_mem_free(c, sizeof(*c));
        return MUTLS_ERR_NO_MEMORY;
    }
    atomic_flag_clear(&c->lock);
    c->n = max_entries;
    c->lifetime = lifetime;
    *out = c;
    return 0;
}

void mutls_session_cache_free(mutls_session_cache *c)
{
    if (c == NULL) {
        return;
    }
    for (size_t i = 0; i < c->n; i++) {
        mutls_session_clear(&c->e[i]);
    }
    mutls_free_secret(c->e, c->n * sizeof(*c->e));
    mutls_mem_free(c->stamp, c->n * sizeof(*c->stamp));
    mutls_free_secret(c, sizeof(*c));
}

/* Whether entry @p s is past the cache lifetime or its peer certificate's notAfter. A clock
 * that went backwards past the entry's making counts as expired too. */
static int expired(const mutls_session_cache *c, const mutls_session *s, int64_t now)
{
    return now < s->made || now - s->made >= (int64_t)c->lifetime || now > s->not_after;
}

static size_t find(const mutls_session_cache *c, const uint8_t *id, size_t id_len)
{
    for (size_t i = 0; i < c->n; i++) {
        const mutls_session *s = &c->e[i];
        if (s->id_len != 0 && s->id_len == id_len && memcmp(s->id, id, id_len) == 0) {
            return i;
        }
    }
    return c->n;
}

int mutls_session_cache_put(mutls_session_cache *c, const mutls_session *s, int64_t now)
{
    mutls_session copy;
    size_t slot;

    if (c == NULL || s->id_len == 0 || s->id_len > MUTLS_SESSION_ID_MAX) {
        return MUTLS_ERR_BAD_ARGUMENT;
    }
    /* Copied before the lock: the allocation is not made while others wait. */
    TRY(mutls_session_copy(&copy, s));
    lock(c);
    slot = find(c, s->id, s->id_len);
    if (slot == c->n) {
        /* A free slot, else an expired one, else the least recently used. */
        for (size_t i = 0; i < c->n && slot == c->n; i++) {
            if (c->e[i].id_len == 0) {
                slot = i;
            }
        }
        for (size_t i = 0; i < c->n && slot == c->n; i++) {
            if (expired(c, &c->e[i], now)) {
                slot = i;
            }
        }
        if (slot == c->n) {
            slot = 0;
            for (size_t i = 1; i < c->n; i++) {
                if (c->stamp[i] < c->stamp[slot]) {
                    slot = i;
                }
            }
        }
    }
    /* Entries are moved, not freed, under the lock: the old one is wiped after. */
    mutls_session old = c->e[slot];
    c->e[slot] = copy;
    c->stamp[slot] = ++c->clock;
    unlock(c);
    mutls_session_clear(&old);
    mutls_wipe(&copy, sizeof(copy));
    return 0;
}

int mutls_session_cache_get(mutls_session_cache *c, const uint8_t *id, size_t id_len,
                            int64_t now, mutls_session *out)
{
    mutls_session gone;
    size_t slot;
    int rc = 0;

    memset(out, 0, sizeof(*out));
    memset(&gone, 0, sizeof(gone));
    if (c == NULL || id_len == 0 || id_len > MUTLS_SESSION_ID_MAX) {
        return 0;
    }
    lock(c);
    slot = find(c, id, id_len);
    if (slot < c->n && expired(c, &c->e[slot], now)) {
        gone = c->e[slot];
        memset(&c->e[slot], 0, sizeof(c->e[slot]));
    } else if (slot < c->n) {
        /* The chain copy allocates under the lock: one allocation of a bounded size. */
        rc = mutls_session_copy(out, &c->e[slot]);
        if (rc == 0) {
            c->stamp[slot] = ++c->clock;
            rc = 1;
        }
    }
    unlock(c);
    mutls_session_clear(&gone);
    return rc;
}

void mutls_session_cache_remove(mutls_session_cache *c, const uint8_t *id, size_t id_len)
{
    mutls_session gone;
    size_t slot;

    if (c == NULL || id_len == 0) {
        return;
    }
    memset(&gone, 0, sizeof(gone));
    lock(c);
    slot = find(c, id, id_len);
    if (slot < c->n) {
        gone = c->e[slot];
        memset(&c->e[slot], 0, sizeof(c->e[slot]));
    }
    unlock(c);
    mutls_session_clear(&gone);
}

size_t mutls_session_cache_count(mutls_session_cache *c)
{
    size_t n = 0;

    if (c == NULL) {
        return 0;
    }
    lock(c);
    for (size_t i = 0; i < c->n; i++) {
        n += c->e[i].id_len != 0;
    }
    unlock(c);
    return n;
}

/* ------------------------------------------------------------ byte form */

/*
 * Version 1, all integers big-endian:
 *     uint8  version = 1;
 *     opaque id<1..32>;
 *     opaque master[48];
 *     uint16 suite;
 *     uint8  flags;           bit 0 ems (must be set), 1 etm, 2 cert_requested, 3 client_cert
 *     uint64 made, not_after; (two's complement)
 *     opaque host<0..255>;    printable ASCII, no NUL
 *     opaque trust_id[32];
 *     opaque chain<0..2^24-1>; the peer's certificate_list, each ASN.1Cert<1..2^24-1>
 */
#define SESSION_FORMAT 1
#define FLAG_EMS 1u
#define FLAG_ETM 2u
#define FLAG_CERT_REQUESTED 4u
#define FLAG_CLIENT_CERT 8u

static void write_session(const mutls_session *s, mutls_wr *w)
{
    size_t host_len = strlen(s->host);
    size_t m;

    mutls_wr_u8(w, SESSION_FORMAT);
    m = mutls_wr_vec8_begin(w);
    mutls_wr_bytes(w, s->id, s->id_len);
    mutls_wr_vec8_end(w, m);
    mutls_wr_bytes(w, s->master, sizeof(s->master));
    mutls_wr_u16(w, s->suite);
    mutls_wr_u8(w, (uint8_t)((s->ems ? FLAG_EMS : 0) | (s->etm ? FLAG_ETM : 0) |
                             (s->cert_requested ? FLAG_CERT_REQUESTED : 0) |
                             (s->client_cert ? FLAG_CLIENT_CERT : 0)));
    mutls_wr_u64(w, (uint64_t)s->made);
    mutls_wr_u64(w, (uint64_t)s->not_after);
    m = mutls_wr_vec8_begin(w);
    mutls_wr_bytes(w, s->host, host_len);
    mutls_wr_vec8_end(w, m);
    mutls_wr_bytes(w, s->trust_id, sizeof(s->trust_id));
    m = mutls_wr_vec24_begin(w);
    mutls_wr_bytes(w, s->chain, s->chain_len);
    mutls_wr_vec24_end(w, m);
}

int mutls_session_save(const mutls_session *s, uint8_t *buf, size_t *len)
{
    size_t need;
    mutls_wr w;

    if (s == NULL || len == NULL || s->id_len == 0 || s->id_len > MUTLS_SESSION_ID_MAX) {
        return MUTLS_ERR_BAD_ARGUMENT;
    }
    need = 1 + 1 + s->id_len + 48 + 2 + 1 + 16 + 1 + strlen(s->host) + 32 + 3 + s->chain_len;
    if (buf == NULL || *len < need) {
        *len = need;
        return buf == NULL ? 0 : MUTLS_ERR_BUFFER_TOO_SMALL;
    }
    mutls_wr_init(&w, buf, *len);
    write_session(s, &w);
    if (w.err || mutls_wr_len(&w) != need) {
        return MUTLS_ERR_INTERNAL;
    }
    *len = need;
    return 0;
}

/* A certificate_list body: non-empty ASN.1Cert entries filling it exactly. */
static int chain_well_formed(mutls_slice chain)
{
    mutls_rd r;

    mutls_rd_init_slice(&r, chain);
    while (mutls_rd_remaining(&r) > 0) {
        mutls_rd one;
        mutls_rd_vec24(&r, &one);
        if (r.err || mutls_rd_remaining(&one) == 0) {
            return 0;
        }
    }
    return !r.err;
}

static int read_session(mutls_rd *r, mutls_session *s, mutls_slice *chain)
{
    mutls_rd id, host, list;
    size_t host_len;
    uint8_t flags;

    if (mutls_rd_u8(r) != SESSION_FORMAT) {
        return MUTLS_ERR_SESSION_MALFORMED;
    }
    mutls_rd_vec8(r, &id);
    s->id_len = mutls_rd_remaining(&id);
    if (s->id_len == 0 || s->id_len > MUTLS_SESSION_ID_MAX) {
        return MUTLS_ERR_SESSION_MALFORMED;
    }
    mutls_rd_copy(&id, s->id, s->id_len);
    mutls_rd_copy(r, s->master, sizeof(s->master));
    s->suite = mutls_rd_u16(r);
    flags = mutls_rd_u8(r);
    s->made = (int64_t)(((uint64_t)mutls_rd_u32(r) << 32) | mutls_rd_u32(r));
    s->not_after = (int64_t)(((uint64_t)mutls_rd_u32(r) << 32) | mutls_rd_u32(r));
    mutls_rd_vec8(r, &host);
    mutls_rd_copy(r, s->trust_id, sizeof(s->trust_id));
    mutls_rd_vec24(r, &list);
    /* Only a resumable session (extended master secret), known flags, nothing after. */
    if (r->err || mutls_rd_remaining(r) != 0 || (flags & ~0x0fu) != 0 || !(flags & FLAG_EMS)) {
        return MUTLS_ERR_SESSION_MALFORMED;
    }
    s->ems = 1;
    s->etm = (flags & FLAG_ETM) != 0;
    s->cert_requested = (flags & FLAG_CERT_REQUESTED) != 0;
    s->client_cert = (flags & FLAG_CLIENT_CERT) != 0;
    /* A vec8 holds at most 255 bytes: the name fits s->host with its terminator. */
    host_len = mutls_rd_remaining(&host);
    mutls_rd_copy(&host, s->host, host_len);
    s->host[host_len] = '\0';
    for (size_t i = 0; i < host_len; i++) {
        if (s->host[i] <= 0x20 || s->host[i] >= 0x7f) {
            return MUTLS_ERR_SESSION_MALFORMED;
        }
    }
    *chain = mutls_rd_rest(&list);
    return chain_well_formed(*chain) ? 0 : MUTLS_ERR_SESSION_MALFORMED;
}

int mutls_session_load(mutls_session **out, const uint8_t *buf, size_t len)
{
    mutls_session tmp;
    mutls_slice chain = {NULL, 0};
    mutls_rd r;
    int rc;

    if (out != NULL) {
        *out = NULL;
    }
    if (out == NULL || buf == NULL) {
        return MUTLS_ERR_BAD_ARGUMENT;
    }
    memset(&tmp, 0, sizeof(tmp));
    mutls_rd_init(&r, buf, len);
    rc = read_session(&r, &tmp, &chain);
    if (rc == 0) {
        /* The chain is borrowed from @p buf for the copy, which owns its own. */
        tmp.chain = chain.len > 0 ? (uint8_t *)chain.p : NULL;
        tmp.chain_len = chain.len;
        rc = mutls_session_dup(out, &tmp);
    }
    mutls_wipe(&tmp, sizeof(tmp));
    return rc;
}
