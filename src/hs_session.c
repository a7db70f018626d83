/* SPDX-License-Identifier: MIT */
/*
 * hs_session.c - session resumption in the handshake, both roles (RFC 5246 §7.3 figure 2,
 * §7.4.1.2 and §7.4.1.3): which session ID each hello carries, when the server resumes a
 * cached session and when the client accepts the server's echo, and what a completed
 * handshake leaves behind (a cache entry on the server, a session the client application may
 * take). The sessions themselves and the cache are session.c's.
 *
 * The rules: only sessions made with the extended master secret are resumed, and only by a
 * ClientHello that offers it again (RFC 7627 §5.3); only for the same server name
 * (RFC 6066 §3); only with the session's suite (RFC 5246 §7.4.1.3) and its encrypt-then-MAC
 * choice (RFC 7366 §3.1); only when the server's client-auth policy is met by what the
 * session proved; only under the trust anchors, CRLs and verification setting the peer's
 * chain was verified with (the configuration's trust_id); only with the session's
 * max_fragment_length (RFC 6066 §4, below); only while we still hold the certificate we
 * presented when it was made (below). A server that finds any of them unmet falls back to a
 * full handshake, as OpenSSL does; a client that sees the server break one fails the
 * handshake.
 *
 * max_fragment_length: RFC 6066 §4 says the negotiated length applies for the duration of
 * the session, resumptions included, so a resumed connection holds the session's length,
 * whatever its ClientHello asks. The server resumes when that length is one the client takes
 * now: a ClientHello asking for the same length gets it answered (and held both ways, as in
 * the full handshake); one asking for a larger length, or none (or record_size_limit, which
 * takes over, RFC 8449 §5), resumes without the answer (which must repeat the request, so
 * cannot name the session's length) and our records keep to the session's length. A
 * ClientHello asking for a smaller length than the session's, or for one where the session
 * has none, gets a full handshake and a new session with what it asks for: we would
 * otherwise send records larger than it now takes. OpenSSL's server aborts instead
 * (illegal_parameter for another length, missing_extension for none); we do not, because
 * OpenSSL's own client, offering a session made with 1024 after its configuration changed
 * to none or 2048, keeps writing with the session's buffers and fails its next large record
 * (the Certificate) after a full handshake, while it resumes fine under the session's length.
 * The client offers a session only with the same ClientHello request it made when the
 * session began (so OpenSSL's server never sees a change), and refuses with
 * illegal_parameter a resuming ServerHello that answers another length than the session's;
 * one that does not answer leaves the session's length in force, and our records keep to it.
 *
 * Our own identity: a peer that authenticated us when the session began would, on
 * resumption, take the old certificate as still ours. So a session records the SHA-256 of
 * the leaf we presented, and is resumed only while the configuration still holds that leaf:
 * a renewed (or replaced) certificate means a full handshake, where the peer sees the new
 * one. The leaf is enough: it carries everything the peer checked about us (names, key
 * usages, validity, and the key that signed the handshake), so a renewal changes it; the
 * intermediates only link it to the peer's anchors, and the peer's trust is its own to bind.
 * SHA-256 keeps the record at 32 bytes while no two certificates share a digest. A client
 * that sent no certificate records none. When the server did not ask, no identity of ours is
 * in the session and an abbreviated handshake cannot ask for one: the session is offered
 * whatever we hold now, and the server's own policy (REQUIRED wants a client certificate)
 * decides whether it resumes. When the server asked and we had none to send, the session is
 * offered only while that still holds: we hold no certificate, or the application's selector
 * picks per server (mutls_config_set_select_identity) and it picked none; a certificate
 * gained since deserves a full handshake, where the server can see it.
 *
 * A session may also come back in a ticket (RFC 5077, hs_ticket.c): the server opens it when
 * the cache does not know the ClientHello's session ID, and the same rules apply. Offering a
 * ticket, the client sends the session's ID, or a fresh random one when it has none, and
 * recognises resumption by its echo (RFC 5077 §3.4).
 *
 * -DMUTLS_RESUME=OFF (MUTLS_NO_RESUME) replaces all of it with full handshakes only (below).
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "handshake.h"
#include "mem.h"
#include "session.h"

/* The time now, in *now: 0, or -1 without a clock (an OS-free build without the callback). */
int mutls_hs_clock(const mutls_hs *hs, int64_t *now)
{
    if (hs->cfg->time_fn == NULL) {
        return -1;
    }
    *now = hs->cfg->time_fn(hs->cfg->time_ctx);
    return 0;
}

#if !defined(MUTLS_NO_RESUME)

static int suite_enabled(const struct mutls_config *cfg, uint16_t id)
{
    for (size_t i = 0; i < cfg->n_suites; i++) {
        if (cfg->suites[i] == id) {
            return mutls_hs_suite_by_id(id) != NULL;
        }
    }
    return 0;
}

/* A session ID from a hello (at most 32 bytes: the parsers checked) into @p id. */
static size_t copy_id(mutls_slice sid, uint8_t id[MUTLS_SESSION_ID_MAX])
{
    mutls_rd r;

    if (sid.len > MUTLS_SESSION_ID_MAX) {
        return 0;
    }
    mutls_rd_init_slice(&r, sid);
    mutls_rd_copy(&r, id, sid.len);
    return sid.len;
}

/* ------------------------------------------------------------ our identity */

/* The SHA-256 of @p id's leaf certificate into @p out. */
static int leaf_digest(const mutls_identity *id, uint8_t out[32])
{
    mutls_slice der = id->chain->x[0].der;

    return mutls_hash_once(MUTLS_HASH_SHA256, der.p, der.len, out);
}

/* Whether one of @p cfg's identities has the leaf whose digest is @p digest. */
static int holds_leaf(const struct mutls_config *cfg, const uint8_t digest[32])
{
    uint8_t d[32];

    for (size_t i = 0; i < cfg->n_ids; i++) {
        /* Certificates are no secret: an ordinary comparison does. */
        if (leaf_digest(cfg->ids[i], d) == 0 && memcmp(d, digest, sizeof(d)) == 0) {
            return 1;
        }
    }
    return 0;
}

/* Whether the identity session @p s recorded for us is still ours (see the top of the
 * file). A zero digest (an older byte form's unknown certificate) matches nothing. */
static int still_ours(const mutls_hs *hs, const mutls_session *s)
{
    if (s->own_cert) {
        return holds_leaf(hs->cfg, s->own_id);
    }
    /* Server: we always present a certificate, so a session without one is not ours. */
    if (hs->server) {
        return 0;
    }
    /* Client: none was sent. Not asked, nothing of ours is in the session. Asked, we would
     * still send none: we hold no certificate, or the application's selector (which picks
     * one per server, and picked none for this one) decides. */
    return !s->cert_requested || hs->cfg->n_ids == 0 || hs->cfg->select != NULL;
}

/* Take the session's secrets and facts into the handshake: it goes on abbreviated, under
 * the session ID @p id (the session's, or the one a ticket came with). */
static void adopt(mutls_hs *hs, const mutls_session *s, const uint8_t *id, size_t id_len)
{
    memcpy(hs->master, s->master, sizeof(hs->master));
    memmove(hs->session_id, id, id_len);
    hs->session_id_len = id_len;
    hs->etm = s->etm;
    hs->f_cert_requested = s->cert_requested;
    hs->f_client_cert = s->client_cert;
    hs->f_ecdhe = 0;
    hs->resumed = 1;
}

/* ------------------------------------------------------------ client */

/* Whether the session's ticket is still worth offering: within the lifetime its server gave
 * (RFC 5077 §3.3 ticket_lifetime_hint, 0 for unspecified), counted from the session's making
 * (our servers count a ticket's life that way too). */
static int ticket_fresh(const mutls_hs *hs, const mutls_session *s)
{
    int64_t now;

    if (s->ticket_len == 0 || !hs->cfg->tickets) {
        return 0;
    }
    return s->ticket_lifetime == 0 || mutls_hs_clock(hs, &now) != 0 || now < s->made ||
           (uint64_t)now - (uint64_t)s->made < s->ticket_lifetime;
}

/* The record plaintext a max_fragment_length code allows (RFC 6066 §4), 2^14 for none. */
static size_t mfl_len(uint8_t code)
{
    return code >= 1 && code <= 4 ? (size_t)1 << (8 + code) : MUTLS_REC_MAX_PLAINTEXT;
}

/* A resumed session's max_fragment_length (RFC 6066 §4) that the hello exchange did not
 * repeat: our records keep to it too, under whatever limit was agreed besides. (The session
 * keeps its code: a renewed ticket seals hs->sess's, hs_ticket.c.) */
static void hold_to_session(mutls_hs *hs, uint8_t code)
{
    size_t limit = mfl_len(code);

    if (hs->send_limit != 0 && hs->send_limit < limit) {
        limit = hs->send_limit;
    }
    if (limit < MUTLS_REC_MAX_PLAINTEXT) {
        hs->send_limit = limit;
        mutls_rec_set_send_limit(&hs->rec, limit);
    }
}

/* A max_fragment_length code for an error message. */
static const char *mfl_text(uint8_t code)
{
    static const char *const text[] = {"none", "512", "1024", "2048", "4096"};

    return code < sizeof(text) / sizeof(text[0]) ? text[code] : "?";
}

/* Whether the application's session may be offered on this connection. */
static int may_offer(mutls_hs *hs, const mutls_session *s)
{
    int64_t now;

    /* Something to offer: an ID, or a ticket while tickets are on and it has not expired. */
    if ((s->id_len == 0 && !ticket_fresh(hs, s)) || !s->ems) {
        return 0;
    }
    /* Only under the trust it was verified with (anchors, CRLs, verification on). */
    if (memcmp(s->trust_id, hs->cfg->trust_id, sizeof(s->trust_id)) != 0) {
        return 0;
    }
    /* Only to the name it was made for: the server's certificate was checked against it. */
    if (!mutls_session_same_host(s->host, hs->host)) {
        return 0;
    }
    if (!suite_enabled(hs->cfg, s->suite)) {
        return 0;
    }
    /* RFC 6066 §4: our ClientHello must ask for the max_fragment_length it asked for when
     * the session began: a server may refuse a change (the top of the file). */
    if (s->mfl_asked != mutls_hs_ext_mfl_offer(hs->cfg)) {
        return 0;
    }
    /* Only while we hold the certificate the server authenticated us with. */
    if (!still_ours(hs, s)) {
        return 0;
    }
    /* The server's chain must fit our limits now (they may have been lowered since): once
     * the server resumes, a chain we cannot restore would fail the handshake. */
    if (!mutls_hs_chain_fits(hs, s->chain, s->chain_len)) {
        return 0;
    }
    if (mutls_hs_clock(hs, &now) == 0) {
        /* Not past the server certificate's end of validity: resuming would skip that check. */
        if (now > s->not_after) {
            return 0;
        }
        /* Not older than 24 hours since the full handshake that made it, the longest RFC 5246
         * appendix F.1.4 suggests a session should live (renewed tickets included), nor
         * from a clock that went back before it. */
        if (now < s->made || (uint64_t)now - (uint64_t)s->made > MUTLS_SESSION_LIFETIME_MAX) {
            return 0;
        }
    }
    return 1;
}

int mutls_hs_client_offer(mutls_hs *hs, mutls_wr *out)
{
    size_t m = mutls_wr_vec8_begin(out);

    hs->offered = hs->sess != NULL && may_offer(hs, hs->sess);
    hs->ticket_offered = hs->offered && ticket_fresh(hs, hs->sess);
    hs->offer_id_len = 0;
    if (hs->offered && hs->sess->id_len > 0) {
        memcpy(hs->offer_id, hs->sess->id, hs->sess->id_len);
        hs->offer_id_len = hs->sess->id_len;
    } else if (hs->offered) {
        /* RFC 5077 §3.4: with a ticket, a fresh ID whose echo says the ticket was taken. */
        TRY(mutls_rng_bytes(hs->rng, hs->offer_id, MUTLS_SESSION_ID_MAX));
        hs->offer_id_len = MUTLS_SESSION_ID_MAX;
    }
    mutls_wr_bytes(out, hs->offer_id, hs->offer_id_len);
    mutls_wr_vec8_end(out, m);
    return 0;
}

int mutls_hs_client_resume(mutls_hs *hs, mutls_slice sid)
{
    const mutls_session *s = hs->sess;
    uint8_t id[MUTLS_SESSION_ID_MAX];
    size_t n = copy_id(sid, id);

    if (!hs->offered || n == 0 || n != hs->offer_id_len || memcmp(id, hs->offer_id, n) != 0) {
        /* RFC 5246 §7.4.1.3: another ID (or none) starts a new session, a full handshake. */
        mutls_session_free(hs->sess);
        hs->sess = NULL;
        hs->offered = 0;
        memcpy(hs->session_id, id, n);
        hs->session_id_len = n;
        return 0;
    }
    /* RFC 5246 §7.4.1.3: resuming, the server must pick the session's cipher suite. */
    if (hs->suite->id != s->suite) {
        const mutls_suite *was = mutls_hs_suite_by_id(s->suite);
        snprintf(hs->fail.reason, sizeof(hs->fail.reason),
                 "server resumed a session with another cipher suite (%s instead of %s)",
                 hs->suite->iana, was != NULL ? was->iana : "?");
        return MUTLS_ERR_ILLEGAL_PARAMETER;
    }
    /* RFC 7627 §5.3: a resumed session must have used, and still use, the extension. */
    if (!hs->ems) {
        hs->why = "it resumed our session without extended_master_secret (RFC 7627 §5.3)";
        return MUTLS_ERR_NO_EXTENDED_MASTER_SECRET;
    }
    /* RFC 7366 §3.1: the session's choice of encrypt-then-MAC stays. */
    if (hs->etm != s->etm) {
        hs->why = "it resumed our session with another encrypt_then_mac choice (RFC 7366 §3.1)";
        return MUTLS_ERR_ILLEGAL_PARAMETER;
    }
    /* RFC 6066 §4: the session's max_fragment_length holds for its resumptions: a resuming
     * ServerHello that answers must answer with it (mfl_code is now the code it answered);
     * one that does not leaves it in force (the top of the file). */
    if (hs->mfl_code == 0 && s->mfl != 0) {
        hold_to_session(hs, s->mfl);
    } else if (hs->mfl_code != s->mfl) {
        snprintf(hs->fail.reason, sizeof(hs->fail.reason),
                 "server resumed a session with max_fragment_length %s, which was agreed "
                 "as %s (RFC 6066 §4: the length holds for the whole session)",
                 mfl_text(hs->mfl_code), mfl_text(s->mfl));
        return MUTLS_ERR_ILLEGAL_PARAMETER;
    }
    adopt(hs, s, id, n);
    return mutls_hs_restore_peer(hs, s->chain, s->chain_len);
}

/* ------------------------------------------------------------ server */

/* Whether the cached session @p s may be resumed by this ClientHello. */
static int resumable(const mutls_hs *hs, const mutls_session *s)
{
    const struct mutls_config *cfg = hs->cfg;

    /* RFC 7627 §5.3: never a session without the extended master secret, nor for a
     * ClientHello without it. */
    if (!s->ems || !hs->peer_offered_ems) {
        return 0;
    }
    /* Our configuration must still allow the session's suite (the client's offer of it is
     * mutls_hs_server_resume's check: a MUST). */
    if (!suite_enabled(cfg, s->suite)) {
        return 0;
    }
    /* The client's chain was verified under the trust now configured (no anchor, CRL or
     * verification setting changed since). */
    if (memcmp(s->trust_id, cfg->trust_id, sizeof(s->trust_id)) != 0) {
        return 0;
    }
    /* RFC 6066 §3: the same server name as when the session was made. */
    if (!mutls_session_same_host(s->host, hs->host)) {
        return 0;
    }
    /* RFC 7366 §3.1: a session with encrypt-then-MAC needs it offered (and allowed) again. */
    if (s->etm && (!hs->peer_offered_etm || cfg->no_etm)) {
        return 0;
    }
    /* The policy now in force: REQUIRED wants the session to have had a client certificate. */
    if (cfg->client_auth == MUTLS_CLIENT_AUTH_REQUIRED && !s->client_cert) {
        return 0;
    }
    /* RFC 6066 §4: the session's max_fragment_length must be one the client takes now: it
     * asks for no smaller one (the top of the file). hs->mfl_code is what this hello asks
     * for, none when record_size_limit takes over (RFC 8449 §5). */
    if (mfl_len(hs->mfl_code) < mfl_len(s->mfl)) {
        return 0;
    }
    /* The client authenticated the certificate we presented then: only while it is ours. */
    if (!still_ours(hs, s)) {
        return 0;
    }
    return 1;
}

int mutls_hs_server_resume(mutls_hs *hs, mutls_slice sid, mutls_slice offered)
{
    const struct mutls_config *cfg = hs->cfg;
    uint8_t id[MUTLS_SESSION_ID_MAX];
    mutls_session *s;
    int64_t now;
    size_t n;
    int rc;

    n = copy_id(sid, id);
    if ((cfg->sessions == NULL && !cfg->tickets) || (n == 0 && hs->peer_ticket.len == 0) ||
        mutls_hs_clock(hs, &now) < 0) {
        hs->peer_ticket.len = 0;
        return 0;
    }
    s = mutls_alloc(sizeof(*s));
    if (s == NULL) {
        hs->peer_ticket.len = 0;
        return 0; /* a full handshake needs no session */
    }
    rc = n > 0 ? mutls_session_cache_get(cfg->sessions, id, n, now, s) : 0;
    if (rc != 1) {
        /* RFC 5077 §3.4: a ticket is opened whether or not the client sent a session ID. With
         * one, its echo tells the client the ticket was taken; without one (wolfSSL, for one,
         * sends none) the ServerHello's ID stays empty and the client learns it from our
         * ChangeCipherSpec coming where a Certificate would (§3.1), as with OpenSSL's server.
         * One that cannot be used means a full handshake. The ticket lies in the ClientHello,
         * valid only while it is parsed. */
        rc = mutls_hs_ticket_open(hs, now, s);
        if (rc == 1) {
            memcpy(s->id, id, n);
            s->id_len = n;
        }
    }
    hs->peer_ticket.p = NULL;
    hs->peer_ticket.len = 0;
    /* RFC 7627 §5.3: a ClientHello offering a session made with the extended master secret
     * but without the extension MUST abort the handshake (OpenSSL: illegal_parameter). Only a
     * server that does not require the extension gets here with such a hello. */
    if (rc == 1 && s->ems && !hs->peer_offered_ems) {
        mutls_session_free(s);
        hs->why = "it offered a session made with the extended master secret without the "
                  "extension (RFC 7627 §5.3)";
        return MUTLS_ERR_ILLEGAL_PARAMETER;
    }
    if (rc != 1 || !resumable(hs, s)) {
        mutls_session_free(s);
        return 0;
    }
    /* RFC 5246 §7.4.1.2: a ClientHello resuming a session MUST offer at least that session's
     * cipher suite. One that does not is refused, as OpenSSL and TLS test suites expect
     * (the CVE-2010-4180 pattern: a client steering a resumed session to another suite). */
    if (!mutls_hs_suite_listed(offered, s->suite)) {
        const mutls_suite *was = mutls_hs_suite_by_id(s->suite);
        snprintf(hs->fail.reason, sizeof(hs->fail.reason),
                 "client asked to resume a session without offering its cipher suite (%s)",
                 was != NULL ? was->iana : "?");
        mutls_session_free(s);
        return MUTLS_ERR_ILLEGAL_PARAMETER;
    }
    /* The client's chain first: a session whose chain cannot be restored now (no memory, or
     * over limits lowered since) is not resumed, and the handshake goes on in full. */
    rc = mutls_hs_restore_peer(hs, s->chain, s->chain_len);
    if (rc < 0) {
        mutls_hs_forget_peer(hs);
        mutls_session_free(s);
        return 0;
    }
    hs->suite = mutls_hs_suite_by_id(s->suite);
    hs->sess = s;
    adopt(hs, s, s->id, s->id_len);
    /* RFC 6066 §4: the session's length, answered only when the hello asked for it (the
     * answer repeats the request); otherwise held without a word. */
    if (hs->mfl_code != s->mfl) {
        hs->mfl_code = 0;
        hold_to_session(hs, s->mfl);
    }
    return 0;
}

int mutls_hs_server_session_id(mutls_hs *hs, mutls_wr *out)
{
    const struct mutls_config *cfg = hs->cfg;
    int64_t now;

    /* A fresh random ID for each full handshake that may be cached (RFC 5246 §7.4.1.3);
     * none otherwise, so that the client does not try to resume it. */
    if (!hs->resumed) {
        hs->session_id_len = 0;
        if (cfg->sessions != NULL && hs->ems && mutls_hs_clock(hs, &now) == 0) {
            TRY(mutls_rng_bytes(hs->rng, hs->session_id, MUTLS_SESSION_ID_MAX));
            hs->session_id_len = MUTLS_SESSION_ID_MAX;
        }
    }
    size_t m = mutls_wr_vec8_begin(out);
    mutls_wr_bytes(out, hs->session_id, hs->session_id_len);
    mutls_wr_vec8_end(out, m);
    mutls_hs_ticket_decide(hs); /* the extension follows in this ServerHello */
    return 0;
}

/* ------------------------------------------------------------ after the handshake */

void mutls_hs_session_describe(const mutls_hs *hs, mutls_session *s, int64_t now)
{
    memset(s, 0, sizeof(*s));
    memcpy(s->id, hs->session_id, hs->session_id_len);
    s->id_len = hs->session_id_len;
    memcpy(s->master, hs->master, sizeof(s->master));
    s->suite = hs->suite->id;
    s->ems = (uint8_t)hs->ems;
    s->etm = (uint8_t)hs->etm;
    s->cert_requested = (uint8_t)hs->f_cert_requested;
    s->client_cert = (uint8_t)hs->f_client_cert;
    s->made = now;
    s->not_after = hs->n_peer > 0 ? hs->peer[0].not_after : INT64_MAX;
    memcpy(s->host, hs->host, sizeof(s->host));
    memcpy(s->trust_id, hs->cfg->trust_id, sizeof(s->trust_id));
    /* The certificate we presented: the server always does (hs->id set with the suite);
     * the client when asked and it had one that fits. A digest that cannot be made leaves
     * zeros, which match nothing: the session is then never resumed. */
    if (hs->id != NULL) {
        s->own_cert = 1;
        if (leaf_digest(hs->id, s->own_id) < 0) {
            memset(s->own_id, 0, sizeof(s->own_id));
        }
    }
    s->mfl = hs->mfl_code;
    s->mfl_asked = hs->server ? hs->mfl_code : mutls_hs_ext_mfl_offer(hs->cfg);
    if (hs->n_peer > 0) {
        s->chain = hs->peer_msg;
        s->chain_len = hs->peer_msg_len;
    }
}

/* Client: the ticket of this handshake's NewSessionTicket into @p s (an empty or missing
 * one leaves @p s's as it was). */
static void take_ticket(mutls_hs *hs, mutls_session *s)
{
    uint64_t life = hs->new_ticket_lifetime;
    int64_t now;

    /* RFC 5077 §3.3 counts the hint from the ticket's reception; the session keeps it counted
     * from its making (a renewed ticket arrives later than the session was made). */
    if (life != 0 && mutls_hs_clock(hs, &now) == 0 && now > s->made) {
        life += (uint64_t)now - (uint64_t)s->made;
        life = life > UINT32_MAX ? UINT32_MAX : life;
    }
    if (hs->new_ticket_len > 0) {
        int rc = mutls_session_set_ticket(s, hs->new_ticket, hs->new_ticket_len, (uint32_t)life);
        (void)rc; /* no memory: the session keeps its old ticket (or its ID) */
    }
}

void mutls_hs_session_finish(mutls_hs *hs)
{
    mutls_session s;
    int64_t now = 0;
    int ticket = !hs->server && hs->new_ticket_len > 0;

    if (!hs->server && hs->resumed && !hs->sess_dead && hs->sess != NULL) {
        take_ticket(hs, hs->sess); /* RFC 5077 §3.1 figure 2: a renewed ticket */
    }
    if (hs->sess_dead || (hs->session_id_len == 0 && !ticket) || !hs->ems || hs->resumed) {
        /* Resumed: the server's entry stays as it is; the client's session is hs->sess. */
        if (hs->server) {
            mutls_session_free(hs->sess);
            hs->sess = NULL;
        }
        return;
    }
    (void)mutls_hs_clock(hs, &now);
    mutls_hs_session_describe(hs, &s, now);
    /* A session that cannot be kept (no memory) only costs a later full handshake, so
     * the outcome is not the handshake's. */
    if (hs->server) {
        if (hs->cfg->sessions != NULL && hs->session_id_len > 0) {
            int rc = mutls_session_cache_put(hs->cfg->sessions, &s, now);
            (void)rc;
        }
    } else {
        mutls_session_free(hs->sess);
        hs->sess = NULL;
        int rc = mutls_session_dup(&hs->sess, &s);
        if (rc == 0) {
            take_ticket(hs, hs->sess);
        }
    }
    mutls_wipe(&s, sizeof(s)); /* the chain was borrowed: only the copy of the secret goes */
}

void mutls_hs_session_clear(mutls_hs *hs)
{
    mutls_session_free(hs->sess);
    hs->sess = NULL;
}

void mutls_hs_session_forget(mutls_hs *hs)
{
    hs->sess_dead = 1;
    if (hs->server && hs->cfg->sessions != NULL && hs->session_id_len > 0) {
        mutls_session_cache_remove(hs->cfg->sessions, hs->session_id, hs->session_id_len);
    }
}

#else /* MUTLS_NO_RESUME */

/* -DMUTLS_RESUME=OFF: every handshake is a full one. The client offers no session (an empty
 * session_id) and keeps none; the server resumes nothing and sends an empty session_id, which
 * tells the client the session will not be cached (RFC 5246 §7.4.1.3). */
int mutls_hs_client_offer(mutls_hs *hs, mutls_wr *out)
{
    hs->offered = 0;
    hs->ticket_offered = 0;
    mutls_wr_u8(out, 0);
    return 0;
}

int mutls_hs_client_resume(mutls_hs *hs, mutls_slice sid)
{
    (void)hs;
    (void)sid; /* we offered none, so any ID is a new session's, which we do not keep */
    return 0;
}

int mutls_hs_server_resume(mutls_hs *hs, mutls_slice sid, mutls_slice offered)
{
    (void)sid;
    (void)offered;
    hs->peer_ticket.p = NULL;
    hs->peer_ticket.len = 0;
    return 0;
}

int mutls_hs_server_session_id(mutls_hs *hs, mutls_wr *out)
{
    hs->session_id_len = 0;
    mutls_wr_u8(out, 0);
    mutls_hs_ticket_decide(hs);
    return 0;
}

void mutls_hs_session_finish(mutls_hs *hs)
{
    (void)hs;
}

void mutls_hs_session_clear(mutls_hs *hs)
{
    hs->sess = NULL; /* never set */
}

void mutls_hs_session_forget(mutls_hs *hs)
{
    hs->sess_dead = 1;
}

#endif /* MUTLS_NO_RESUME */
