/* SPDX-License-Identifier: MIT */
/*
 * hs_auth.c - what both roles do the same way to authenticate: the Certificate message
 * (RFC 5246 §7.4.2 and §7.4.6) with chain verification through x509.h (purpose serverAuth
 * or clientAuth, RFC 5280 §4.2.1.12; revocation against the anchors' CRLs, RFC 5280 §6.3),
 * the application's verify hook, the peer facts kept for inspection, and digitally-signed
 * structs (RFC 5246 §4.7) for ServerKeyExchange and CertificateVerify, signed in memory or by
 * an external signer.
 */
#include <stdio.h>
#include <string.h>

#include "handshake.h"
#include "keys.h"
#include "mem.h"

/*
 * opaque ASN.1Cert<1..2^24-1>;
 * struct {
 *     ASN.1Cert certificate_list<0..2^24-1>;
 * } Certificate;
 */
void mutls_hs_put_certificate(mutls_wr *w, const mutls_identity *id)
{
    size_t list = mutls_wr_vec24_begin(w);

    for (size_t i = 0; id != NULL && i < id->chain->n; i++) {
        size_t one = mutls_wr_vec24_begin(w);
        mutls_wr_bytes(w, id->chain->der[i], id->chain->der_len[i]);
        mutls_wr_vec24_end(w, one);
    }
    mutls_wr_vec24_end(w, list);
}

static void format_ip(mutls_slice ip, char *out, size_t cap)
{
    mutls_rd r;

    mutls_rd_init_slice(&r, ip);
    if (ip.len == 4) {
        uint8_t a = mutls_rd_u8(&r), b = mutls_rd_u8(&r), c = mutls_rd_u8(&r);
        snprintf(out, cap, "IP:%u.%u.%u.%u", a, b, c, mutls_rd_u8(&r));
    } else if (ip.len == 16) {
        /* RFC 5952 §4: the longest run of two or more zero groups becomes "::". */
        uint16_t g[8];
        int best = -1, best_len = 1, i;
        size_t off;

        for (i = 0; i < 8; i++) {
            g[i] = mutls_rd_u16(&r);
        }
        for (i = 0; i < 8; i++) {
            int j = i;
            while (j < 8 && g[j] == 0) {
                j++;
            }
            if (j - i > best_len) {
                best = i;
                best_len = j - i;
            }
        }
        off = (size_t)snprintf(out, cap, "IP:");
        for (i = 0; i < 8 && off < cap; i++) {
            if (i == best) {
                off += (size_t)snprintf(out + off, cap - off, "::");
                i += best_len - 1;
                continue;
            }
            int colon = i > 0 && i != best + best_len;
            off += (size_t)snprintf(out + off, cap - off, colon ? ":%x" : "%x", g[i]);
        }
    } else {
        snprintf(out, cap, "IP:?");
    }
}

/* A copy of @p s in an allocation of its length, kept for the connection's life. */
static int keep_string(const char *s, char **out)
{
    size_t len = strlen(s) + 1;

    *out = mutls_alloc(len);
    if (*out == NULL) {
        return MUTLS_ERR_NO_MEMORY;
    }
    memcpy(*out, s, len);
    return 0;
}

/* The peer leaf's SAN entries as "DNS:..", "IP:..", "URI:..", "email:.." strings. */
static int keep_sans(mutls_hs *hs, const mutls_x509 *leaf)
{
    mutls_rd r;
    mutls_x509_gn gn;
    int rc;

    mutls_rd_init_slice(&r, leaf->san);
    while (hs->n_peer_san < MUTLS_MAX_SAN && (rc = mutls_x509_gn_next(&r, &gn)) == 1) {
        char s[300];
        const char *prefix = NULL;

        switch (gn.type) {
        case MUTLS_X509_GN_DNS:
            prefix = "DNS:";
            break;
        case MUTLS_X509_GN_URI:
            prefix = "URI:";
            break;
        case MUTLS_X509_GN_EMAIL:
            prefix = "email:";
            break;
        case MUTLS_X509_GN_IP:
            format_ip(gn.value, s, sizeof(s));
            break;
        default:
            continue;
        }
        if (prefix != NULL) {
            mutls_rd v;
            size_t pl = strlen(prefix);
            size_t n = gn.value.len < sizeof(s) - pl - 1 ? gn.value.len : sizeof(s) - pl - 1;
            memcpy(s, prefix, pl);
            mutls_rd_init_slice(&v, gn.value);
            mutls_rd_copy(&v, s + pl, n);
            s[pl + n] = '\0';
        }
        TRY(keep_string(s, &hs->peer_san[hs->n_peer_san]));
        hs->n_peer_san++;
    }
    return 0;
}

/* A Name as RFC 4514 text in an allocation of its length (kept for the connection's life:
 * mutls_peer_subject / _issuer). A name too long for 256 bytes is kept truncated: it is for
 * display. */
static int keep_name(mutls_slice name, char **out)
{
    char s[256];

    if (mutls_x509_name_string(name, s, sizeof(s)) == MUTLS_ERR_X509_MALFORMED) {
        return MUTLS_ERR_X509_MALFORMED;
    }
    return keep_string(s, out);
}

static int verify_chain(mutls_hs *hs)
{
    const struct mutls_config *cfg = hs->cfg;
    mutls_x509_verify_params p;
    mutls_x509_verify_out out;
    int rc;

    memset(&p, 0, sizeof(p));
    memset(&out, 0, sizeof(out));
    p.purpose = hs->server ? MUTLS_X509_PURPOSE_CLIENT : MUTLS_X509_PURPOSE_SERVER;
    p.name = hs->server ? NULL : hs->host;
    p.time_fn = cfg->time_fn;
    p.time_ctx = cfg->time_ctx;
    /* Imported once when the anchors were added, and only read here: no key import per
     * handshake for the anchor's signature (or CRL) checks. */
    p.anchor_keys = cfg->anchors->keys;
    /* The anchors' revocation lists and mode (mutls_config_add_crl): a revoked peer
     * certificate then ends the handshake with certificate_revoked (error.c). */
    p.crls = cfg->anchors->crls;
    p.n_crls = cfg->anchors->n_crls;
    p.crl_check = cfg->anchors->crl_check;
    /* The policies the configuration asks for (mutls_config_set_policies), both roles. */
    mutls_x509_policy_input_apply(cfg->anchors->policy, &p);
    rc = mutls_x509_verify_chain(hs->peer, hs->n_peer, cfg->anchors->x, cfg->anchors->n, &p,
                                 &out);
    if (rc < 0) {
        size_t n = (size_t)snprintf(hs->fail.reason, sizeof(hs->fail.reason), "%s ",
                                    hs->server ? "client" : "server");
        if (n < sizeof(hs->fail.reason)) {
            (void)mutls_x509_explain(&out, hs->fail.reason + n, sizeof(hs->fail.reason) - n);
        }
    }
    return rc;
}

/*
 * Walk the certificate_list in the message itself, before anything is allocated: every
 * length must agree with its container, and the count and total size must be within the
 * configured limits (mutls_limits), so no allocation is sized by an unchecked peer length.
 */
static int scan_certificate_list(mutls_hs *hs, mutls_slice all, size_t *count)
{
    const mutls_limits *lim = &hs->cfg->limits;
    mutls_rd r, list;
    size_t n = 0, bytes = 0;

    mutls_rd_init_slice(&r, all);
    mutls_rd_vec24(&r, &list);
    if (mutls_rd_end(&r) < 0) {
        return MUTLS_ERR_DECODE;
    }
    while (mutls_rd_remaining(&list) > 0) {
        mutls_rd one;

        mutls_rd_vec24(&list, &one);
        /* RFC 5246 §7.4.2: each ASN.1Cert is non-empty. */
        if (list.err || mutls_rd_remaining(&one) == 0) {
            return MUTLS_ERR_DECODE;
        }
        if (++n > lim->max_chain_certs) {
            hs->why = "its chain has more certificates than our limit";
            return MUTLS_ERR_X509_TOO_MANY_CERTIFICATES;
        }
        bytes += mutls_rd_remaining(&one);
        if (bytes > lim->max_chain_bytes) {
            hs->why = "its chain is larger than our limit";
            return MUTLS_ERR_LIMIT;
        }
    }
    *count = n;
    return 0;
}

/* Keep a copy of the Certificate body in @p in and parse its certificates in place into
 * hs->peer (nothing verified yet). */
static int load_chain(mutls_hs *hs, mutls_rd *in)
{
    mutls_slice all = mutls_rd_rest(in);
    mutls_rd r, list;
    size_t count = 0;
    int rc;

    if (hs->peer_msg != NULL || all.len == 0) {
        return MUTLS_ERR_DECODE;
    }
    TRY(scan_certificate_list(hs, all, &count));
    if (count > 0) {
        hs->peer = mutls_alloc(count * sizeof(*hs->peer));
        if (hs->peer == NULL) {
            return MUTLS_ERR_NO_MEMORY;
        }
        hs->peer_cap = count;
    }
    /* The certificates are parsed in place: keep our own copy for the connection's life. */
    hs->peer_msg = mutls_alloc(all.len);
    if (hs->peer_msg == NULL) {
        return MUTLS_ERR_NO_MEMORY;
    }
    hs->peer_msg_len = all.len;
    mutls_rd_copy(in, hs->peer_msg, all.len);
    mutls_rd_init(&r, hs->peer_msg, hs->peer_msg_len);
    mutls_rd_vec24(&r, &list);
    TRY(mutls_rd_end(&r) < 0 ? MUTLS_ERR_DECODE : 0);
    while (mutls_rd_remaining(&list) > 0 && hs->n_peer < hs->peer_cap) {
        mutls_rd one;
        mutls_slice der;

        mutls_rd_vec24(&list, &one);
        der = mutls_rd_rest(&one);
        if (list.err || der.len == 0) {
            return MUTLS_ERR_DECODE; /* cannot happen: scanned above */
        }
        rc = mutls_x509_parse(&hs->peer[hs->n_peer], der.p, der.len);
        if (rc == MUTLS_ERR_X509_MALFORMED) {
            /* The side, which certificate (1 is the peer's own) and the rule it breaks. */
            const char *why = hs->peer[hs->n_peer].why;
            (void)snprintf(hs->fail.reason, sizeof(hs->fail.reason),
                           "%s refused the %s's Certificate: certificate %zu of %zu is "
                           "malformed: %s",
                           hs->server ? "server" : "client", hs->server ? "client" : "server",
                           hs->n_peer + 1, hs->peer_cap, why != NULL ? why : "");
        }
        TRY(rc);
        hs->n_peer++;
    }
    return 0;
}

/* The facts kept about a verified peer leaf: its key, names and SANs. */
static int keep_peer_facts(mutls_hs *hs)
{
    TRY(mutls_key_parse_spki(&hs->peer_key, hs->peer[0].spki));
    TRY(keep_name(hs->peer[0].subject, &hs->peer_subject));
    TRY(keep_name(hs->peer[0].issuer, &hs->peer_issuer));
    TRY(keep_sans(hs, &hs->peer[0]));
    hs->verified_peer = 1;
    return 0;
}

/* Free a string kept for the connection (a peer name) and forget it. */
static void drop_string(char **s)
{
    if (*s != NULL) {
        mutls_mem_free(*s, strlen(*s) + 1);
        *s = NULL;
    }
}

void mutls_hs_forget_peer(mutls_hs *hs)
{
    mutls_mem_free(hs->peer_msg, hs->peer_msg_len);
    hs->peer_msg = NULL;
    hs->peer_msg_len = 0;
    mutls_mem_free(hs->peer, hs->peer_cap * sizeof(*hs->peer));
    hs->peer = NULL;
    hs->peer_cap = 0;
    hs->n_peer = 0;
    for (size_t i = 0; i < hs->n_peer_san; i++) {
        drop_string(&hs->peer_san[i]);
    }
    hs->n_peer_san = 0;
    drop_string(&hs->peer_subject);
    drop_string(&hs->peer_issuer);
    mutls_pkey_free(hs->peer_key);
    hs->peer_key = NULL;
    hs->verified_peer = 0;
}

int mutls_hs_chain_fits(mutls_hs *hs, const uint8_t *chain, size_t len)
{
    const char *why = hs->why; /* a check, not a failure: leave no cause behind */
    mutls_slice all = {chain, len};
    size_t count = 0;
    int rc;

    if (len == 0) {
        return 1;
    }
    rc = scan_certificate_list(hs, all, &count);
    hs->why = why;
    return rc == 0;
}

int mutls_hs_restore_peer(mutls_hs *hs, const uint8_t *chain, size_t len)
{
    mutls_rd in;

    if (len == 0) {
        return 0; /* the peer sent no certificate (a client under OPTIONAL) */
    }
    mutls_rd_init(&in, chain, len);
    TRY(load_chain(hs, &in));
    /* The verify hook is not called again: the session's full handshake ran it, and a
     * resumption is the promise that its outcome stands. */
    return hs->n_peer > 0 ? keep_peer_facts(hs) : 0;
}

int mutls_hs_take_certificate(mutls_hs *hs, mutls_rd *in)
{
    TRY(load_chain(hs, in));
    if (hs->n_peer == 0) {
        /* RFC 5246 §7.4.6: an empty list is the client's way to say it has none; the
         * server must always send one (§7.4.2). */
        if (!hs->server) {
            return MUTLS_ERR_NO_SERVER_CERTIFICATE;
        }
        if (hs->cfg->client_auth == MUTLS_CLIENT_AUTH_REQUIRED) {
            return MUTLS_ERR_NO_CLIENT_CERTIFICATE;
        }
        return 0;
    }
    if (!hs->cfg->verify_off) {
        TRY(verify_chain(hs));
    }
    TRY(keep_peer_facts(hs));
    if (!hs->server && mutls_pkey_type(hs->peer_key) != hs->suite->auth) {
        /* The suite names the server key's type (RFC 5246 §7.4.2). */
        hs->verified_peer = 0;
        return MUTLS_ERR_X509_UNSUPPORTED_ALGORITHM;
    }
    if (hs->cfg->verify_hook != NULL &&
        hs->cfg->verify_hook(hs->cfg->verify_ctx, hs->conn) != 0) {
        return MUTLS_ERR_VERIFY_HOOK;
    }
    return 0;
}

/* ------------------------------------------------------------ signatures */

/* supported_signature_algorithms<2..2^16-2>: RFC 5246 §7.4.1.4.1 (the extension) and
 * §7.4.4 (CertificateRequest) both want a non-empty list of two-byte entries. Of the peer's,
 * the schemes we know are kept, at most MUTLS_MAX_SIGALGS of them; the rest are ignored. */
void mutls_hs_put_schemes(mutls_wr *w)
{
    size_t m = mutls_wr_vec16_begin(w);

    for (size_t i = 0; i < mutls_hs_scheme_count(); i++) {
        mutls_wr_u16(w, mutls_hs_scheme_at(i)->id);
    }
    mutls_wr_vec16_end(w, m);
}

int mutls_hs_parse_schemes(mutls_hs *hs, mutls_rd *r)
{
    mutls_rd list;

    mutls_rd_vec16(r, &list);
    if (mutls_rd_remaining(&list) == 0 || mutls_rd_remaining(&list) % 2 != 0) {
        return MUTLS_ERR_DECODE;
    }
    hs->n_peer_schemes = 0;
    hs->peer_sent_schemes = 1;
    while (mutls_rd_remaining(&list) > 0) {
        uint16_t id = mutls_rd_u16(&list);
        if (mutls_hs_scheme_by_id(id) != NULL && hs->n_peer_schemes < MUTLS_MAX_SIGALGS) {
            hs->peer_schemes[hs->n_peer_schemes++] = id;
        }
    }
    mutls_rd_merge(r, &list);
    return r->err ? MUTLS_ERR_DECODE : 0;
}

static int scheme_offered(const mutls_hs *hs, uint16_t id)
{
    if (!hs->peer_sent_schemes) {
        /* RFC 5246 §7.4.1.4.1: a client without signature_algorithms is to be treated as
         * one that offered SHA-1 only, which we never sign with: nothing we have fits, so
         * no suite that needs our signature can be chosen (handshake_failure, as OpenSSL
         * answers when no signature algorithm is usable). */
        return 0;
    }
    for (size_t i = 0; i < hs->n_peer_schemes; i++) {
        if (hs->peer_schemes[i] == id) {
            return 1;
        }
    }
    return 0;
}

uint16_t mutls_hs_pick_scheme(const mutls_hs *hs, const mutls_identity *id)
{
    mutls_key_type kt = mutls_pkey_type(id->pub);
    mutls_curve curve = mutls_pkey_curve(id->pub);

    /* For an EC key, the scheme whose hash suits the curve first. */
    if (kt == MUTLS_KEY_EC) {
        uint16_t best = curve == MUTLS_CURVE_P384 ? 0x0503 : 0x0403;
        if (scheme_offered(hs, best)) {
            return best;
        }
    }
    for (size_t i = 0; i < mutls_hs_scheme_count(); i++) {
        const mutls_sigscheme *s = mutls_hs_scheme_at(i);
        if (s->key == kt && scheme_offered(hs, s->id)) {
            return s->id;
        }
    }
    return 0;
}

/*
 * RFC 8422 §5.4: the server signs client_random, server_random and the ServerECDHParams:
 * curve_type named_curve(3), the NamedCurve, and the point as opaque<1..2^8-1>.
 */
size_t mutls_hs_ske_signed(const mutls_hs *hs, const uint8_t *point, size_t point_len,
                           uint8_t out[MUTLS_SKE_SIGNED_MAX])
{
    mutls_wr w;

    mutls_wr_init(&w, out, MUTLS_SKE_SIGNED_MAX);
    mutls_wr_bytes(&w, hs->client_random, 32);
    mutls_wr_bytes(&w, hs->server_random, 32);
    mutls_wr_u8(&w, 3);
    mutls_wr_u16(&w, (uint16_t)hs->group);
    size_t m = mutls_wr_vec8_begin(&w);
    mutls_wr_bytes(&w, point, point_len);
    mutls_wr_vec8_end(&w, m);
    return w.err ? 0 : mutls_wr_len(&w);
}

static int digest_of(const mutls_hs *hs, const mutls_sigscheme *s, const uint8_t *data,
                     size_t len, int transcript, uint8_t *out, size_t *out_len)
{
    if (transcript) {
        return mutls_hs_transcript_hash(hs, s->hash, out, out_len);
    }
    *out_len = mutls_hash_len(s->hash);
    return mutls_hash_once(s->hash, data, len, out);
}

/*
 * struct {
 *     SignatureAndHashAlgorithm algorithm;   (a SignatureScheme code point)
 *     opaque signature<0..2^16-1>;
 * } DigitallySigned;
 */
int mutls_hs_put_signature(mutls_hs *hs, mutls_wr *w, const uint8_t *data, size_t len,
                           int transcript)
{
    const mutls_sigscheme *s = mutls_hs_scheme_by_id(hs->our_scheme);
    const mutls_identity *id = hs->id;
    uint8_t digest[MUTLS_HASH_MAX];
    uint8_t sig[1024]; /* an RSA-8192 signature; the largest we make */
    size_t dlen, slen = sizeof(sig);
    int rc;

    if (s == NULL || id == NULL) {
        return MUTLS_ERR_INTERNAL;
    }
    TRY(digest_of(hs, s, data, len, transcript, digest, &dlen));
    if (id->key != NULL) {
        rc = mutls_pkey_sign(id->key, hs->rng, s->kind, s->hash, digest, dlen, sig, &slen);
    } else {
        rc = id->sign(id->sign_ctx, s->id, digest, dlen, sig, &slen);
        if (rc == 0 && (slen == 0 || slen > sizeof(sig))) {
            rc = MUTLS_ERR_CRYPTO;
        }
        if (rc > 0) {
            rc = MUTLS_ERR_CRYPTO;
        }
    }
    if (rc < 0) {
        return rc;
    }
    mutls_wr_u16(w, s->id);
    size_t m = mutls_wr_vec16_begin(w);
    mutls_wr_bytes(w, sig, slen);
    mutls_wr_vec16_end(w, m);
    return 0;
}

int mutls_hs_check_signature(mutls_hs *hs, mutls_rd *in, const uint8_t *data, size_t len,
                             int transcript)
{
    uint16_t id = mutls_rd_u16(in);
    const mutls_sigscheme *s = mutls_hs_scheme_by_id(id);
    uint8_t digest[MUTLS_HASH_MAX];
    size_t dlen;
    mutls_rd sig;
    mutls_slice sv;
    int rc;

    mutls_rd_vec16(in, &sig);
    sv = mutls_rd_rest(&sig);
    mutls_rd_skip(&sig, sv.len);
    mutls_rd_merge(in, &sig);
    /* The signature ends both messages that carry one (ServerKeyExchange and
     * CertificateVerify): the framing is checked whole before any crypto runs. */
    if (in->err || mutls_rd_remaining(in) != 0) {
        return MUTLS_ERR_DECODE;
    }
    /* RFC 5246 §7.4.1.4.1 / §7.4.8: only a scheme we offered, fitting the peer's key. */
    if (s == NULL || hs->peer_key == NULL || s->key != mutls_pkey_type(hs->peer_key)) {
        return MUTLS_ERR_ILLEGAL_PARAMETER;
    }
    /* The signature is opaque<0..2^16-1> (RFC 5246 §4.7): an empty one is well-formed and
     * simply does not verify, decrypt_error as for any other bad signature (§7.4.8). */
    if (sv.len == 0) {
        hs->why = "its handshake signature is empty";
        return MUTLS_ERR_BAD_SIGNATURE;
    }
    TRY(digest_of(hs, s, data, len, transcript, digest, &dlen));
    rc = mutls_pkey_verify(hs->peer_key, s->kind, s->hash, dlen, digest, dlen, sv.p, sv.len);
    if (rc == MUTLS_ERR_SIGNATURE_INVALID || rc == MUTLS_ERR_CRYPTO) {
        return MUTLS_ERR_BAD_SIGNATURE;
    }
    return rc;
}
