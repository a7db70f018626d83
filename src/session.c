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
 *
 * -DMUTLS_RESUME=OFF (MUTLS_NO_RESUME) leaves out resumption by session ID and by ticket: only
 * mutls_session_free stays, and the other public entry points return MUTLS_ERR_NOT_BUILT.
 */
#include "session.h"

#include <stdatomic.h>
#include <string.h>

#include "bytes.h"
#include "mem.h"

/*
 * The table is set-associative: a session lives in the bucket its ID's first bytes pick,
 * among CACHE_WAYS entries (all of them in a smaller table), so a lookup (every ClientHello
 * with a session ID, including the random IDs TLS 1.3-capable clients send) compares at
 * most CACHE_WAYS entries under the lock, whatever the table's size. The server makes every cached
 * ID from its RNG, so the buckets fill evenly; a client choosing IDs only picks which bucket it
 * probes. Eviction is least recently used within the bucket.
 */
#define CACHE_WAYS 4

struct mutls_session_cache {
    atomic_flag lock;
    uint32_t lifetime;
    size_t n; /* table size: buckets * ways */
    size_t buckets;
    size_t ways;      /* CACHE_WAYS, or fewer for a smaller table (exact LRU then) */
    uint64_t clock;   /* LRU stamps */
    mutls_session *e; /* n entries; id_len 0 = free */
    uint64_t *stamp;  /* n stamps */
};

void mutls_session_clear(mutls_session *s)
{
    if (s == NULL) {
        return;
    }
    mutls_mem_free(s->chain, s->chain_len);
    mutls_mem_free(s->ticket, s->ticket_len);
    mutls_wipe(s, sizeof(*s));
}

void mutls_session_free(mutls_session *s)
{
    if (s != NULL) {
        mutls_session_clear(s);
        mutls_free_secret(s, sizeof(*s));
    }
}

#if !defined(MUTLS_NO_RESUME)

/* A copy of @p len bytes into *out (NULL when @p len is 0). */
static int dup_bytes(uint8_t **out, const uint8_t *p, size_t len)
{
    *out = NULL;
    if (len == 0) {
        return 0;
    }
    *out = mutls_alloc(len);
    if (*out == NULL) {
        return MUTLS_ERR_NO_MEMORY;
    }
    memcpy(*out, p, len);
    return 0;
}

int mutls_session_copy(mutls_session *dst, const mutls_session *src)
{
    uint8_t *chain = NULL, *ticket = NULL;

    TRY(dup_bytes(&chain, src->chain, src->chain_len));
    if (dup_bytes(&ticket, src->ticket, src->ticket_len) < 0) {
        mutls_mem_free(chain, src->chain_len);
        return MUTLS_ERR_NO_MEMORY;
    }
    *dst = *src;
    dst->chain = chain;
    dst->ticket = ticket;
    return 0;
}

int mutls_session_set_ticket(mutls_session *s, const uint8_t *ticket, size_t len, uint32_t lifetime)
{
    uint8_t *copy = NULL;

    if (len > MUTLS_TICKET_MAX) {
        return MUTLS_ERR_BAD_ARGUMENT;
    }
    TRY(dup_bytes(&copy, ticket, len));
    mutls_mem_free(s->ticket, s->ticket_len);
    s->ticket = copy;
    s->ticket_len = len;
    s->ticket_lifetime = len > 0 ? lifetime : 0;
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
    unsigned spins = 0;

    while (atomic_flag_test_and_set_explicit(&c->lock, memory_order_acquire)) {
        /* every holder leaves after a bounded scan and copy: pause, then yield (mem.c) */
        (void)mutls_mem_spin(&spins);
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
    c->ways = max_entries < CACHE_WAYS ? max_entries : CACHE_WAYS;
    c->buckets = (max_entries + c->ways - 1) / c->ways;
    max_entries = c->buckets * c->ways;
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
    /* now >= made here, so the unsigned difference is exact where a signed one could
     * overflow (a session made under a broken clock, or loaded from crafted bytes). */
    return now < s->made || (uint64_t)now - (uint64_t)s->made >= c->lifetime || now > s->not_after;
}

/* The first entry of the bucket @p id belongs in. */
static size_t bucket(const mutls_session_cache *c, const uint8_t *id, size_t id_len)
{
    uint32_t h = 0;

    for (size_t i = 0; i < id_len && i < 4; i++) {
        h = (h << 8) | id[i];
    }
    return (h % c->buckets) * c->ways;
}

static size_t find(const mutls_session_cache *c, const uint8_t *id, size_t id_len)
{
    size_t b = bucket(c, id, id_len);

    for (size_t i = b; i < b + c->ways; i++) {
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
        /* In its bucket: a free slot, else an expired one, else the least recently used. */
        size_t b = bucket(c, s->id, s->id_len);
        for (size_t i = b; i < b + c->ways && slot == c->n; i++) {
            if (c->e[i].id_len == 0) {
                slot = i;
            }
        }
        for (size_t i = b; i < b + c->ways && slot == c->n; i++) {
            if (expired(c, &c->e[i], now)) {
                slot = i;
            }
        }
        if (slot == c->n) {
            slot = b;
            for (size_t i = b + 1; i < b + c->ways; i++) {
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

int mutls_session_cache_get(mutls_session_cache *c, const uint8_t *id, size_t id_len, int64_t now,
                            mutls_session *out)
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

/* A big-endian int64 as two uint32 reads, in order (the operands of one expression would
 * be read in an unspecified order). */
static int64_t read_i64(mutls_rd *r)
{
    uint64_t hi = mutls_rd_u32(r);
    uint64_t lo = mutls_rd_u32(r);

    return (int64_t)((hi << 32) | lo);
}

/*
 * Version 3, all integers big-endian:
 *     uint8  version = 3;
 *     opaque id<0..32>;
 *     opaque master[48];
 *     uint16 suite;
 *     uint8  flags;           bit 0 ems (must be set), 1 etm, 2 cert_requested, 3 client_cert,
 *                             4 own_cert
 *     uint64 made, not_after; (two's complement)
 *     opaque host<0..255>;    printable ASCII, no NUL
 *     opaque trust_id[32];
 *     opaque own_id[32];      all zeros without own_cert
 *     uint8  mfl, mfl_asked;  max_fragment_length codes 0..4 (0: none)
 *     opaque chain<0..2^24-1>; the peer's certificate_list, each ASN.1Cert<1..2^24-1>
 *     uint32 ticket_lifetime;
 *     opaque ticket<0..2^16-1>; at most MUTLS_TICKET_MAX bytes
 * A saved session has an ID or a ticket (or both); the form sealed in a ticket has neither.
 *
 * The older versions still load, so that sessions an application saved before an upgrade
 * are not lost, and so do tickets a server sealed before one: version 2 lacks own_id and the
 * two mfl codes (and flag bit 4); version 1 (before tickets) lacks them, ticket_lifetime and
 * the ticket too. Such a session gets no max_fragment_length (a client that offers one now
 * does not offer the session), and its own identity is "none" when no certificate of ours
 * was sent (client_cert clear in a client's session), otherwise unknown: own_cert with a
 * zero own_id, which no certificate matches, so it is not resumed (we cannot tell whether
 * the certificate it was made with is still ours) and costs one full handshake. What loads
 * saves as version 3, which loads back to the same session.
 */
#define SESSION_FORMAT 3
#define FLAG_EMS 1u
#define FLAG_ETM 2u
#define FLAG_CERT_REQUESTED 4u
#define FLAG_CLIENT_CERT 8u
#define FLAG_OWN_CERT 16u
#define MFL_CODE_MAX 4 /* RFC 6066 §4: codes 1..4 */

size_t mutls_session_encoded_len(const mutls_session *s)
{
    return 1 + 1 + s->id_len + 48 + 2 + 1 + 16 + 1 + strlen(s->host) + 32 + 32 + 2 + 3 +
           s->chain_len + 4 + 2 + s->ticket_len;
}

void mutls_session_encode(const mutls_session *s, mutls_wr *w)
{
    static const uint8_t none[32];
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
                             (s->client_cert ? FLAG_CLIENT_CERT : 0) |
                             (s->own_cert ? FLAG_OWN_CERT : 0)));
    mutls_wr_u64(w, (uint64_t)s->made);
    mutls_wr_u64(w, (uint64_t)s->not_after);
    m = mutls_wr_vec8_begin(w);
    mutls_wr_bytes(w, s->host, host_len);
    mutls_wr_vec8_end(w, m);
    mutls_wr_bytes(w, s->trust_id, sizeof(s->trust_id));
    mutls_wr_bytes(w, s->own_cert ? s->own_id : none, sizeof(s->own_id));
    mutls_wr_u8(w, s->mfl);
    mutls_wr_u8(w, s->mfl_asked);
    m = mutls_wr_vec24_begin(w);
    mutls_wr_bytes(w, s->chain, s->chain_len);
    mutls_wr_vec24_end(w, m);
    mutls_wr_u32(w, s->ticket_lifetime);
    m = mutls_wr_vec16_begin(w);
    mutls_wr_bytes(w, s->ticket, s->ticket_len);
    mutls_wr_vec16_end(w, m);
}

int mutls_session_save(const mutls_session *s, uint8_t *buf, size_t *len)
{
    size_t need;
    mutls_wr w;

    if (s == NULL || len == NULL || s->id_len > MUTLS_SESSION_ID_MAX ||
        (s->id_len == 0 && s->ticket_len == 0) || s->ticket_len > MUTLS_TICKET_MAX) {
        return MUTLS_ERR_BAD_ARGUMENT;
    }
    need = mutls_session_encoded_len(s);
    if (buf == NULL || *len < need) {
        *len = need;
        return buf == NULL ? 0 : MUTLS_ERR_BUFFER_TOO_SMALL;
    }
    mutls_wr_init(&w, buf, *len);
    mutls_session_encode(s, &w);
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

/* Whether all @p n bytes of @p p are zero. */
static int all_zero(const uint8_t *p, size_t n)
{
    uint8_t acc = 0;

    for (size_t i = 0; i < n; i++) {
        acc |= p[i];
    }
    return acc == 0;
}

int mutls_session_decode(mutls_rd *r, mutls_session *s, int inner)
{
    mutls_rd id, host, list, ticket;
    mutls_slice chain, tk = {NULL, 0};
    size_t host_len;
    uint8_t version, flags;
    unsigned known;

    version = mutls_rd_u8(r);
    /* Version 1 never had tickets, so it is never sealed in one. */
    if (r->err || version < 1 || version > SESSION_FORMAT || (inner && version == 1)) {
        return MUTLS_ERR_SESSION_MALFORMED;
    }
    known = version == 3 ? 0x1fu : 0x0fu;
    mutls_rd_vec8(r, &id);
    s->id_len = mutls_rd_remaining(&id);
    if (s->id_len > MUTLS_SESSION_ID_MAX || (inner && s->id_len != 0)) {
        return MUTLS_ERR_SESSION_MALFORMED;
    }
    mutls_rd_copy(&id, s->id, s->id_len);
    mutls_rd_copy(r, s->master, sizeof(s->master));
    s->suite = mutls_rd_u16(r);
    flags = mutls_rd_u8(r);
    s->made = read_i64(r);
    s->not_after = read_i64(r);
    mutls_rd_vec8(r, &host);
    mutls_rd_copy(r, s->trust_id, sizeof(s->trust_id));
    if (version == 3) {
        mutls_rd_copy(r, s->own_id, sizeof(s->own_id));
        s->mfl = mutls_rd_u8(r);
        s->mfl_asked = mutls_rd_u8(r);
    }
    mutls_rd_vec24(r, &list);
    if (version >= 2) {
        s->ticket_lifetime = mutls_rd_u32(r);
        mutls_rd_vec16(r, &ticket);
        tk = mutls_rd_rest(&ticket);
    }
    /* Only a resumable session (extended master secret), known flags, nothing after. */
    if (r->err || mutls_rd_remaining(r) != 0 || (flags & ~known) != 0 || !(flags & FLAG_EMS)) {
        return MUTLS_ERR_SESSION_MALFORMED;
    }
    /* Something to offer (an ID or a ticket), never a ticket inside a ticket. */
    if (tk.len > MUTLS_TICKET_MAX || (inner && tk.len != 0) ||
        (!inner && s->id_len == 0 && tk.len == 0)) {
        return MUTLS_ERR_SESSION_MALFORMED;
    }
    s->ems = 1;
    s->etm = (flags & FLAG_ETM) != 0;
    s->cert_requested = (flags & FLAG_CERT_REQUESTED) != 0;
    s->client_cert = (flags & FLAG_CLIENT_CERT) != 0;
    if (version == 3) {
        s->own_cert = (flags & FLAG_OWN_CERT) != 0;
        /* One byte form per session: no digest without the flag; codes RFC 6066 §4 knows. */
        if ((!s->own_cert && !all_zero(s->own_id, sizeof(s->own_id))) || s->mfl > MFL_CODE_MAX ||
            s->mfl_asked > MFL_CODE_MAX) {
            return MUTLS_ERR_SESSION_MALFORMED;
        }
    } else {
        /* An older form (see above): a server always presented a certificate; a client did
         * when client_cert is set. Which one is unknown: own_id stays zero. */
        s->own_cert = inner || s->client_cert;
    }
    /* A vec8 holds at most 255 bytes: the name fits s->host with its terminator. */
    host_len = mutls_rd_remaining(&host);
    mutls_rd_copy(&host, s->host, host_len);
    s->host[host_len] = '\0';
    for (size_t i = 0; i < host_len; i++) {
        if (s->host[i] <= 0x20 || s->host[i] >= 0x7f) {
            return MUTLS_ERR_SESSION_MALFORMED;
        }
    }
    chain = mutls_rd_rest(&list);
    if (!chain_well_formed(chain)) {
        return MUTLS_ERR_SESSION_MALFORMED;
    }
    /* Borrowed from the reader's bytes; the caller copies what it keeps. */
    s->chain = chain.len > 0 ? (uint8_t *)chain.p : NULL;
    s->chain_len = chain.len;
    s->ticket = tk.len > 0 ? (uint8_t *)tk.p : NULL;
    s->ticket_len = tk.len;
    return 0;
}

int mutls_session_load(mutls_session **out, const uint8_t *buf, size_t len)
{
    mutls_session tmp;
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
    rc = mutls_session_decode(&r, &tmp, 0);
    if (rc == 0) {
        rc = mutls_session_dup(out, &tmp); /* owns copies of the borrowed chain and ticket */
    }
    mutls_wipe(&tmp, sizeof(tmp));
    return rc;
}

#else /* MUTLS_NO_RESUME */

/* -DMUTLS_RESUME=OFF: no session is ever kept, cached, stored or read back. The public entry
 * points say so; hs_session.c and hs_ticket.c never reach the rest. */
int mutls_session_dup(mutls_session **out, const mutls_session *src)
{
    (void)src;
    *out = NULL;
    return MUTLS_ERR_NOT_BUILT;
}

int mutls_session_cache_new(mutls_session_cache **out, size_t max_entries, uint32_t lifetime)
{
    (void)max_entries;
    (void)lifetime;
    *out = NULL;
    return MUTLS_ERR_NOT_BUILT;
}

void mutls_session_cache_free(mutls_session_cache *c)
{
    (void)c; /* never made */
}

int mutls_session_save(const mutls_session *s, uint8_t *buf, size_t *len)
{
    (void)s;
    (void)buf;
    (void)len;
    return MUTLS_ERR_NOT_BUILT;
}

int mutls_session_load(mutls_session **out, const uint8_t *buf, size_t len)
{
    (void)buf;
    (void)len;
    if (out != NULL) {
        *out = NULL;
    }
    return MUTLS_ERR_NOT_BUILT;
}

#endif /* MUTLS_NO_RESUME */
