/* SPDX-License-Identifier: MIT */
/*
 * hs_ticket.c - session tickets (RFC 5077), both roles: the SessionTicket extension of each
 * hello, the NewSessionTicket message (a row of both handshake tables) and, on the server,
 * sealing a session into a ticket and opening one. When and whether a session resumes stays
 * hs_session.c's: a session from a ticket meets exactly the rules of a cached one.
 *
 * A ticket is
 *     opaque key_name[16];   names the configuration's ticket key
 *     opaque nonce[12];      random for each ticket
 *     opaque sealed[n];      AES-256-GCM of the session's byte form (session.c, inner form)
 *     opaque tag[16];        over key_name || nonce as additional data
 * RFC 5077 §4 recommends this shape (a key name, then protected state). The GCM tag is
 * checked by the crypto layer's mutls_aead_open (libtomcrypt's own decrypt does not check
 * it). Random 96-bit nonces keep a key safe for far more tickets than a server issues
 * (NIST SP 800-38D §8.3 allows 2^32 random nonces per key).
 *
 * Anything wrong with a ticket (unknown key name, bad tag, malformed inside, expired, not
 * resumable here) means a full handshake, never an error (RFC 5077 §3.4).
 *
 * Keys (RFC 5077 §5.5 asks for key rotation): the current key seals, the current and the
 * previous one open. A server's own random key is replaced by a fresh one once it has sealed
 * tickets for one ticket lifetime, and the old key is kept one more lifetime, long enough for
 * the last ticket it sealed to expire: so whoever reads a running server's memory learns the
 * keys of the last two lifetimes, not every ticket since it started. Keys the application sets
 * (shared by several servers) are its to rotate: the previous one set is kept for opening.
 * The keys live behind a pointer in the read-only configuration that every connection and
 * thread shares, under an atomic_flag spinlock held only to copy or swap 96 bytes.
 *
 * -DMUTLS_RESUME=OFF (MUTLS_NO_RESUME) leaves out sealing, opening and NewSessionTicket.
 */
#include <stdatomic.h>
#include <stdint.h>
#include <string.h>

#include "handshake.h"
#include "mem.h"
#include "session.h"

#define NAME_LEN 16
#define OVERHEAD (NAME_LEN + MUTLS_AEAD_NONCE_LEN + MUTLS_AEAD_TAG_LEN)

#if !defined(MUTLS_NO_RESUME)

/* ------------------------------------------------------------ keys */

struct mutls_ticket_keys {
    atomic_flag lock;
    uint8_t fixed;     /* the current key is the application's: never rotated */
    uint8_t have_prev; /* prev opens tickets too */
    int64_t since;     /* a random current key: when it first sealed (0: not yet) */
    uint8_t cur[MUTLS_TICKET_KEY_LEN];
    uint8_t prev[MUTLS_TICKET_KEY_LEN];
};

static void keys_lock(mutls_ticket_keys *k)
{
    unsigned spins = 0;

    while (atomic_flag_test_and_set_explicit(&k->lock, memory_order_acquire)) {
        /* every holder only copies or swaps a few dozen bytes: pause, then yield (mem.c) */
        (void)mutls_mem_spin(&spins);
    }
}

static void keys_unlock(mutls_ticket_keys *k)
{
    atomic_flag_clear_explicit(&k->lock, memory_order_release);
}

int mutls_ticket_keys_set(mutls_ticket_keys **keys, const uint8_t *key, int fixed)
{
    mutls_ticket_keys *k = *keys;

    if (k == NULL) {
        k = mutls_alloc(sizeof(*k));
        if (k == NULL) {
            return MUTLS_ERR_NO_MEMORY;
        }
        memset(k, 0, sizeof(*k));
        atomic_flag_clear(&k->lock);
        *keys = k;
    } else if (fixed && k->fixed) {
        /* the application's keys in turn: the one before still opens its tickets */
        memcpy(k->prev, k->cur, sizeof(k->prev));
        k->have_prev = 1;
    } else {
        /* the application's key replaces our random one, which is forgotten */
        mutls_wipe(k->prev, sizeof(k->prev));
        k->have_prev = 0;
    }
    memcpy(k->cur, key, sizeof(k->cur));
    k->fixed = (uint8_t)(fixed != 0);
    k->since = 0;
    return 0;
}

void mutls_ticket_keys_free(mutls_ticket_keys *keys)
{
    if (keys != NULL) {
        mutls_free_secret(keys, sizeof(*keys));
    }
}

/* Replace a random key that has sealed for a whole ticket lifetime (see the top of the file).
 * A failed draw keeps the old key for now. */
static void rotate(const struct mutls_config *cfg, mutls_rng *rng, int64_t now)
{
    mutls_ticket_keys *k = cfg->ticket_keys;
    uint8_t fresh[MUTLS_TICKET_KEY_LEN];
    int due;

    if (k == NULL || k->fixed) {
        return; /* fixed is only written before the configuration is in use */
    }
    keys_lock(k);
    if (k->since == 0 || now < k->since) {
        k->since = now; /* first use, or a clock that went back: a new period */
    }
    due = (uint64_t)now - (uint64_t)k->since >= cfg->ticket_lifetime;
    keys_unlock(k);
    if (!due) {
        return;
    }
    if (mutls_rng_bytes(rng, fresh, sizeof(fresh)) < 0) {
        mutls_wipe(fresh, sizeof(fresh));
        return;
    }
    keys_lock(k);
    if (now >= k->since && (uint64_t)now - (uint64_t)k->since >= cfg->ticket_lifetime) {
        memcpy(k->prev, k->cur, sizeof(k->prev)); /* unless another thread just did it */
        memcpy(k->cur, fresh, sizeof(k->cur));
        k->have_prev = 1;
        k->since = now;
    }
    keys_unlock(k);
    mutls_wipe(fresh, sizeof(fresh));
}

/* Copy the key that sealed a ticket named @p name (the current key when @p name is NULL)
 * into @p key: 1, or 0 when there is none. */
static int key_for(const struct mutls_config *cfg, const uint8_t *name,
                   uint8_t key[MUTLS_TICKET_KEY_LEN])
{
    mutls_ticket_keys *k = cfg->ticket_keys;
    int found = 0;

    if (k == NULL) {
        return 0;
    }
    keys_lock(k);
    /* Key names are no secret: ordinary comparisons do. */
    if (name == NULL || memcmp(name, k->cur, NAME_LEN) == 0) {
        memcpy(key, k->cur, MUTLS_TICKET_KEY_LEN);
        found = 1;
    } else if (k->have_prev && memcmp(name, k->prev, NAME_LEN) == 0) {
        memcpy(key, k->prev, MUTLS_TICKET_KEY_LEN);
        found = 1;
    }
    keys_unlock(k);
    return found;
}

/* ------------------------------------------------------------ sealing */

size_t mutls_hs_ticket_seal(const struct mutls_config *cfg, mutls_rng *rng, const mutls_session *s,
                            uint8_t *out, size_t cap)
{
    size_t n = mutls_session_encoded_len(s);
    uint8_t *nonce = out + NAME_LEN;
    uint8_t *body = nonce + MUTLS_AEAD_NONCE_LEN;
    uint8_t key[MUTLS_TICKET_KEY_LEN];
    mutls_aead *a = NULL;
    mutls_wr w;
    int rc;

    if (n > MUTLS_TICKET_MAX - OVERHEAD || n + OVERHEAD > cap || !key_for(cfg, NULL, key)) {
        return 0;
    }
    memcpy(out, key, NAME_LEN);
    rc = mutls_rng_bytes(rng, nonce, MUTLS_AEAD_NONCE_LEN);
    mutls_wr_init(&w, body, n);
    mutls_session_encode(s, &w);
    if (rc < 0 || w.err || mutls_wr_len(&w) != n) {
        mutls_wipe(key, sizeof(key));
        mutls_wipe(body, n);
        return 0;
    }
    rc = mutls_aead_new(&a, MUTLS_CIPHER_AES256_GCM, key + NAME_LEN, sizeof(key) - NAME_LEN);
    if (rc == 0) {
        rc = mutls_aead_seal(a, nonce, out, NAME_LEN + MUTLS_AEAD_NONCE_LEN, body, n, body + n);
    }
    mutls_aead_free(a);
    mutls_wipe(key, sizeof(key));
    if (rc < 0) {
        mutls_wipe(body, n); /* never the plaintext master secret on the wire */
        return 0;
    }
    return n + OVERHEAD;
}

int mutls_hs_ticket_open(mutls_hs *hs, int64_t now, mutls_session *out)
{
    const struct mutls_config *cfg = hs->cfg;
    uint8_t head[NAME_LEN + MUTLS_AEAD_NONCE_LEN], tag[MUTLS_AEAD_TAG_LEN];
    uint8_t key[MUTLS_TICKET_KEY_LEN];
    mutls_session tmp;
    mutls_aead *a = NULL;
    uint8_t *body;
    size_t n;
    mutls_rd r;
    int rc, ok = 0;

    memset(out, 0, sizeof(*out));
    if (!cfg->tickets || hs->peer_ticket.len < OVERHEAD + 1 ||
        hs->peer_ticket.len > MUTLS_TICKET_MAX) {
        return 0;
    }
    n = hs->peer_ticket.len - OVERHEAD;
    mutls_rd_init_slice(&r, hs->peer_ticket);
    mutls_rd_copy(&r, head, sizeof(head));
    /* Another key's ticket (or no ticket of ours at all): a full handshake. */
    if (r.err || !key_for(cfg, head, key)) {
        return 0;
    }
    body = mutls_alloc(n);
    if (body == NULL) {
        mutls_wipe(key, sizeof(key));
        return 0;
    }
    mutls_rd_copy(&r, body, n);
    mutls_rd_copy(&r, tag, sizeof(tag));
    rc = r.err ? MUTLS_ERR_DECODE : 0;
    if (rc == 0) {
        rc = mutls_aead_new(&a, MUTLS_CIPHER_AES256_GCM, key + NAME_LEN, sizeof(key) - NAME_LEN);
    }
    mutls_wipe(key, sizeof(key));
    if (rc == 0) {
        /* Checks the tag in constant time; a forged or altered ticket releases nothing. */
        rc = mutls_aead_open(a, head + NAME_LEN, head, sizeof(head), body, n, tag);
    }
    mutls_aead_free(a);
    memset(&tmp, 0, sizeof(tmp));
    if (rc == 0) {
        mutls_rd_init(&r, body, n);
        rc = mutls_session_decode(&r, &tmp, 1);
    }
    /* The ticket's lifetime runs from the full handshake that made the session (a renewed
     * ticket keeps it); never past the client certificate's notAfter, and a clock that went
     * back before the making counts as expired too. */
    if (rc == 0 && now >= tmp.made && (uint64_t)now - (uint64_t)tmp.made < cfg->ticket_lifetime &&
        now <= tmp.not_after) {
        ok = mutls_session_copy(out, &tmp) == 0; /* owns a copy of the borrowed chain */
    }
    mutls_wipe(&tmp, sizeof(tmp));
    mutls_free_secret(body, n);
    return ok;
}

#else /* MUTLS_NO_RESUME: tickets are never on (config.c), so nothing below reaches these. */

void mutls_ticket_keys_free(mutls_ticket_keys *keys)
{
    (void)keys; /* never made */
}

size_t mutls_hs_ticket_seal(const struct mutls_config *cfg, mutls_rng *rng, const mutls_session *s,
                            uint8_t *out, size_t cap)
{
    (void)cfg;
    (void)rng;
    (void)s;
    (void)out;
    (void)cap;
    return 0;
}

int mutls_hs_ticket_open(mutls_hs *hs, int64_t now, mutls_session *out)
{
    (void)hs;
    (void)now;
    memset(out, 0, sizeof(*out));
    return 0;
}

#endif /* MUTLS_NO_RESUME */

/* ------------------------------------------------------------ extensions */

void mutls_hs_ticket_ext_client(mutls_hs *hs, mutls_wr *w)
{
    size_t m;

    if (!hs->cfg->tickets) {
        return;
    }
    /* RFC 5077 §3.2: empty for a new ticket, or the ticket being offered. */
    mutls_wr_u16(w, MUTLS_EXT_SESSION_TICKET);
    m = mutls_wr_vec16_begin(w);
    if (hs->ticket_offered) {
        mutls_wr_bytes(w, hs->sess->ticket, hs->sess->ticket_len);
    }
    mutls_wr_vec16_end(w, m);
    hs->ticket_ext_sent = 1;
}

size_t mutls_hs_ticket_offer_len(const mutls_hs *hs)
{
    /* type, length and, offering one, the ticket (at most MUTLS_TICKET_MAX: session.c) */
    return 4 + (hs->sess != NULL && hs->sess->ticket_len <= MUTLS_TICKET_MAX ? hs->sess->ticket_len
                                                                             : 0);
}

int mutls_hs_ticket_ext_server_parse(mutls_hs *hs, mutls_rd *body)
{
    /* RFC 5246 §7.4.1.4: only an answer to what we offered; RFC 5077 §3.2: empty. */
    if (!hs->ticket_ext_sent) {
        return MUTLS_ERR_UNSUPPORTED_EXTENSION;
    }
    if (mutls_rd_remaining(body) != 0) {
        hs->why = "its SessionTicket extension is not empty (RFC 5077 §3.2)";
        return MUTLS_ERR_DECODE;
    }
    hs->ticket_promised = 1;
    return 0;
}

int mutls_hs_ticket_ext_client_parse(mutls_hs *hs, mutls_rd *body)
{
    /* RFC 5246 §7.4.1.4: one extension of each type. */
    if (hs->peer_offered_ticket) {
        hs->why = "it sent the same extension twice";
        return MUTLS_ERR_ILLEGAL_PARAMETER;
    }
    hs->peer_offered_ticket = 1;
    hs->peer_ticket = mutls_rd_rest(body);
    mutls_rd_skip(body, hs->peer_ticket.len);
    return 0;
}

void mutls_hs_ticket_ext_server(mutls_hs *hs, mutls_wr *w)
{
    if (hs->ticket_promised) {
        mutls_wr_u16(w, MUTLS_EXT_SESSION_TICKET);
        mutls_wr_u16(w, 0);
    }
}

void mutls_hs_ticket_decide(mutls_hs *hs)
{
    int64_t now;

    /* Only a session that may be resumed (RFC 7627 §5.3: with the extended master secret),
     * only to a client that asked (RFC 5077 §3.2), and only with a clock for the lifetime. */
    hs->ticket_promised =
        hs->cfg->tickets && hs->peer_offered_ticket && hs->ems && mutls_hs_clock(hs, &now) == 0;
}

#if !defined(MUTLS_NO_RESUME)

/* ------------------------------------------------------------ NewSessionTicket */

/*
 * struct {
 *     uint32 ticket_lifetime_hint;
 *     opaque ticket<0..2^16-1>;
 * } NewSessionTicket;                                   RFC 5077 §3.3
 */

/* What the ticket seals: this connection's session, with no ID (the client picks one each
 * time it offers the ticket) and, when resumed, the session's first making, notAfter, the
 * certificate we presented then (an abbreviated handshake presents none) and its
 * max_fragment_length. */
static void ticket_session(const mutls_hs *hs, mutls_session *s, int64_t now)
{
    mutls_hs_session_describe(hs, s, now);
    s->id_len = 0;
    if (hs->resumed && hs->sess != NULL) {
        s->made = hs->sess->made;
        s->not_after = hs->sess->not_after;
        s->own_cert = hs->sess->own_cert;
        memcpy(s->own_id, hs->sess->own_id, sizeof(s->own_id));
        s->mfl = hs->sess->mfl; /* RFC 6066 §4, also when the hello did not repeat it */
        s->mfl_asked = hs->sess->mfl_asked;
    }
}

size_t mutls_hs_ticket_bound(const mutls_hs *hs)
{
    mutls_session s;
    size_t n;

    if (!hs->server) {
        return 0;
    }
    ticket_session(hs, &s, 0);
    n = mutls_session_encoded_len(&s) + OVERHEAD;
    mutls_wipe(&s, sizeof(s));
    return 4 + 2 + (n <= MUTLS_TICKET_MAX ? n : 0);
}

int mutls_hs_write_new_session_ticket(mutls_hs *hs, mutls_rd *in, mutls_wr *out)
{
    const struct mutls_config *cfg = hs->cfg;
    mutls_session s;
    int64_t now = 0, left;
    uint64_t age;
    size_t m, n = 0, room;
    uint8_t *p;

    (void)in;
    (void)mutls_hs_clock(hs, &now);
    rotate(cfg, hs->rng, now);
    ticket_session(hs, &s, now);
    /* The unsigned age cannot overflow where now - made could (a broken clock). */
    age = now < s.made ? 0 : (uint64_t)now - (uint64_t)s.made;
    left = age >= cfg->ticket_lifetime ? 0 : (int64_t)(cfg->ticket_lifetime - age);
    mutls_wr_u32(out, left > 0 ? (uint32_t)left : 0);
    m = mutls_wr_vec16_begin(out);
    /* A session too large for a ticket (a long client chain) gets the empty ticket RFC 5077
     * §3.3 provides for "no ticket after all". */
    room = mutls_session_encoded_len(&s) + OVERHEAD;
    if (room <= MUTLS_TICKET_MAX) {
        p = mutls_wr_reserve(out, room);
        if (p != NULL) {
            n = mutls_hs_ticket_seal(cfg, hs->rng, &s, p, room);
        }
        if (n != room) {
            mutls_wipe(&s, sizeof(s));
            return MUTLS_ERR_INTERNAL;
        }
    }
    mutls_wr_vec16_end(out, m);
    mutls_wipe(&s, sizeof(s)); /* the chain was borrowed: only the copy of the secret goes */
    return 0;
}

int mutls_hs_parse_new_session_ticket(mutls_hs *hs, mutls_rd *in, mutls_wr *out)
{
    uint32_t lifetime;
    mutls_rd t;
    size_t n;

    (void)out;
    lifetime = mutls_rd_u32(in);
    mutls_rd_vec16(in, &t);
    if (in->err) {
        return MUTLS_ERR_DECODE;
    }
    n = mutls_rd_remaining(&t);
    mutls_free_secret(hs->new_ticket, hs->new_ticket_len);
    hs->new_ticket = NULL;
    hs->new_ticket_len = 0;
    hs->new_ticket_got = 1;
    hs->new_ticket_lifetime = lifetime;
    /* Larger than we keep: as if the server had sent none (the session may still have an
     * ID). The message itself was within limits.max_handshake. */
    if (n == 0 || n > MUTLS_TICKET_MAX) {
        mutls_rd_skip(&t, n);
        return 0;
    }
    hs->new_ticket = mutls_alloc(n);
    if (hs->new_ticket == NULL) {
        return MUTLS_ERR_NO_MEMORY;
    }
    mutls_rd_copy(&t, hs->new_ticket, n);
    hs->new_ticket_len = n;
    return 0;
}

#else /* MUTLS_NO_RESUME: no ticket is ever promised (p_ticket), so the rows never run. */

size_t mutls_hs_ticket_bound(const mutls_hs *hs)
{
    (void)hs;
    return 0;
}

int mutls_hs_write_new_session_ticket(mutls_hs *hs, mutls_rd *in, mutls_wr *out)
{
    (void)hs;
    (void)in;
    (void)out;
    return MUTLS_ERR_INTERNAL;
}

int mutls_hs_parse_new_session_ticket(mutls_hs *hs, mutls_rd *in, mutls_wr *out)
{
    (void)hs;
    (void)in;
    (void)out;
    return MUTLS_ERR_UNEXPECTED_MESSAGE;
}

#endif /* MUTLS_NO_RESUME */

void mutls_hs_ticket_clear(mutls_hs *hs)
{
    mutls_free_secret(hs->new_ticket, hs->new_ticket_len);
    hs->new_ticket = NULL;
    hs->new_ticket_len = 0;
    hs->peer_ticket.p = NULL;
    hs->peer_ticket.len = 0;
}
