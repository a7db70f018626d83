/* SPDX-License-Identifier: MIT */
/*
 * session.h - TLS 1.2 sessions for resumption by session ID (RFC 5246 §7.3 figure 2,
 * §7.4.1.2-3): what a session holds, the client's session objects (the public
 * mutls_session, kept and handed out by the connection), their byte form for storage, and
 * the server's session cache, a fixed table owned by the configuration and shared by every
 * connection using it, on any thread (an atomic_flag spinlock guards each short access).
 *
 * A session holds the master secret (wiped whenever a copy goes away), the cipher suite,
 * that the extended master secret (RFC 7627) was used, the encrypt-then-MAC choice
 * (RFC 7366 §3.1 keeps it for the session), the server name it was made for (RFC 6066 §3),
 * whether a client certificate was asked for and given, the peer's chain as received, so
 * that a resumed connection answers the inspection functions as the first one did, the
 * configuration's trust_id (handshake.h): the trust the chain was verified under, the
 * max_fragment_length agreed (RFC 6066 §4: it holds for the whole session, resumptions
 * included), and our own identity: the SHA-256 of the leaf certificate we presented, so that
 * a session is resumed only while we still hold that certificate (hs_session.c says why the
 * leaf is enough).
 *
 * Session tickets (RFC 5077): a client's session may hold the ticket its server issued
 * (opaque to us, at most MUTLS_TICKET_MAX bytes) instead of, or besides, a session ID. A
 * server keeps nothing: the ticket is the session's byte form (below, with no ID and no
 * ticket) sealed under the configuration's ticket key (hs_ticket.c).
 */
#ifndef MUTLS_SESSION_H
#define MUTLS_SESSION_H

#include <stddef.h>
#include <stdint.h>

#include "bytes.h"
#include "error.h"
#include "mutls.h"

#define MUTLS_SESSION_ID_MAX 32
#define MUTLS_SESSION_HOST_MAX 256 /* as MUTLS_HOST_MAX (handshake.h) */
/* RFC 5246 appendix F.1.4 suggests 24 hours as the longest a session ID should live. */
#define MUTLS_SESSION_LIFETIME_MAX 86400u
#define MUTLS_SESSION_LIFETIME_DEFAULT 7200u
#define MUTLS_SESSION_CACHE_MAX 65536u /* entries */
/* The largest ticket we issue or keep (RFC 5077 §3.3 allows 2^16-1 bytes): a session with a
 * peer chain of a few KB fits; a larger one gets no ticket. */
#define MUTLS_TICKET_MAX 16384u

struct mutls_session {
    uint8_t id[MUTLS_SESSION_ID_MAX];
    size_t id_len;
    uint8_t master[48];
    uint16_t suite;
    uint8_t ems;            /* always 1 for a session that can be resumed */
    uint8_t etm;            /* encrypt-then-MAC was in use */
    uint8_t cert_requested; /* the server sent a CertificateRequest */
    uint8_t client_cert;    /* the client sent a non-empty Certificate */
    int64_t made;           /* unix seconds */
    int64_t not_after;      /* the peer leaf's notAfter; INT64_MAX without one */
    char host[MUTLS_SESSION_HOST_MAX]; /* SNI the session was made for ("" none) */
    uint8_t trust_id[32]; /* the trust its peer chain was verified under */
    uint8_t own_cert;     /* we presented a certificate (the server always does) */
    uint8_t own_id[32];   /* SHA-256 of its leaf's DER; zeros when own_cert is 0 (and in a
                             session loaded from an older byte form: unknown, never matches) */
    uint8_t mfl;          /* max_fragment_length code agreed (RFC 6066 §4), 0 none */
    uint8_t mfl_asked;    /* client: the code its ClientHello offered, 0 none; server: mfl */
    uint8_t *chain; /* the peer's Certificate body (certificate_list), or NULL */
    size_t chain_len;
    uint8_t *ticket; /* client: the server's ticket (RFC 5077 §3.3), or NULL */
    size_t ticket_len;
    uint32_t ticket_lifetime; /* seconds after @c made the ticket is valid: its
                                 ticket_lifetime_hint from reception (0: unspecified) */
};

/* Release what @p s holds (the chain) and wipe it; @p s itself stays. */
void mutls_session_clear(mutls_session *s);
/* A deep copy of @p src into the cleared @p dst. */
MUTLS_MUST_CHECK int mutls_session_copy(mutls_session *dst, const mutls_session *src);
/* A new, allocated deep copy of @p src. */
MUTLS_MUST_CHECK int mutls_session_dup(mutls_session **out, const mutls_session *src);
/* Whether two host names are the same, ASCII case aside (DNS names, RFC 4343). */
int mutls_session_same_host(const char *a, const char *b);

/* Replace @p s's ticket with a copy of @p ticket (@p len 0: none). */
MUTLS_MUST_CHECK int mutls_session_set_ticket(mutls_session *s, const uint8_t *ticket,
                                              size_t len, uint32_t lifetime);

/* ---------------------------------------------------------------- byte form */

/* The length of @p s's byte form (session.c describes it). */
size_t mutls_session_encoded_len(const mutls_session *s);
/* Write @p s's byte form (the writer's sticky error reports a short buffer). */
void mutls_session_encode(const mutls_session *s, mutls_wr *w);
/* Read a byte form filling @p r exactly into the zeroed @p s. Its chain and ticket are
 * borrowed from @p r's bytes (not owned: copy with mutls_session_copy). @p inner: the form
 * sealed in a ticket, which has neither ID nor ticket; otherwise one of them is needed.
 * The two older versions load too (session.c). Returns 0 or MUTLS_ERR_SESSION_MALFORMED. */
MUTLS_MUST_CHECK int mutls_session_decode(mutls_rd *r, mutls_session *s, int inner);

/* ---------------------------------------------------------------- server cache */

typedef struct mutls_session_cache mutls_session_cache;

/* A table of @p max_entries sessions living @p lifetime seconds (1..SESSION_LIFETIME_MAX). */
MUTLS_MUST_CHECK int mutls_session_cache_new(mutls_session_cache **out, size_t max_entries,
                                             uint32_t lifetime);
/* Wipe every entry and release the table. NULL is a no-op. */
void mutls_session_cache_free(mutls_session_cache *c);
/* Store a copy of @p s (its id must be set). When the table is full, an expired entry or
 * else the least recently used one is wiped to make room. */
MUTLS_MUST_CHECK int mutls_session_cache_put(mutls_session_cache *c, const mutls_session *s,
                                             int64_t now);
/* Copy the entry with @p id into the cleared @p out: 1 found, 0 not found (or expired, which
 * also removes it), or an error. */
MUTLS_MUST_CHECK int mutls_session_cache_get(mutls_session_cache *c, const uint8_t *id,
                                             size_t id_len, int64_t now, mutls_session *out);
/* Forget the entry with @p id, if any (RFC 5246 §7.2.2: a session whose connection ended with
 * a fatal alert is not resumed). */
void mutls_session_cache_remove(mutls_session_cache *c, const uint8_t *id, size_t id_len);
/* Entries in use (for tests). */
size_t mutls_session_cache_count(mutls_session_cache *c);

/* ---------------------------------------------------------------- ticket keys */

/* A server's ticket keys (hs_ticket.c): the current one seals, it and the previous one open.
 * A key is MUTLS_TICKET_KEY_LEN bytes: a 16-byte name, then a 32-byte AES-256 key. */
#define MUTLS_TICKET_KEY_LEN 48
typedef struct mutls_ticket_keys mutls_ticket_keys;

/* Make @p key the current key (*keys is allocated on first use). @p fixed: the application's
 * key, never rotated, and kept as the previous key when another fixed key follows; otherwise
 * a random key that the server replaces every ticket lifetime, keeping the last one. */
MUTLS_MUST_CHECK int mutls_ticket_keys_set(mutls_ticket_keys **keys, const uint8_t *key, int fixed);
/* Wipe and release the keys. NULL is a no-op. */
void mutls_ticket_keys_free(mutls_ticket_keys *keys);

#endif
