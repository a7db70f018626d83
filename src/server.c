/* SPDX-License-Identifier: MIT */
/*
 * server.c - the server's rows of the handshake table: parse ClientHello and choose the
 * suite, group, scheme and identity (server preference, RFC 5246 §7.4.1.3), write the first
 * flight (ServerHello, Certificate, ServerKeyExchange for ECDHE per RFC 8422 §5.4,
 * CertificateRequest per RFC 5246 §7.4.4, ServerHelloDone), then parse the client's
 * Certificate, ClientKeyExchange (the RFC 5246 §7.4.7.1 countermeasure for static RSA) and
 * CertificateVerify. Handlers do no I/O and send no alerts.
 */
#include <string.h>

#include "handshake.h"
#include "mem.h"

/*
 * RFC 8422 §5.3 (as RFC 4492 §5.3 before it): a client that sent supported_groups (and
 * ec_point_formats) has also bounded the curve of our certificate's key, so an ECDSA key on
 * a curve it did not name is not used (TLS-Anvil's respectsChosenCurveForCertificates, from
 * TLS-Scanner's ECDSA group disparity probe). peer_groups_ok holds the curves we know that
 * it named; parse_groups and the point format rule of hs_ext.c keep it. A client without the
 * extension takes any curve (RFC 8422 §4).
 */
static int curve_accepted(const mutls_hs *hs, const mutls_pkey *pub)
{
    mutls_curve c = mutls_pkey_curve(pub);

    if (mutls_pkey_type(pub) != MUTLS_KEY_EC || !hs->peer_sent_groups) {
        return 1;
    }
    return (c == MUTLS_CURVE_P256 && (hs->peer_groups_ok & 1)) ||
           (c == MUTLS_CURVE_P384 && (hs->peer_groups_ok & 2));
}

/* The identity for suite @p s among those of @p allowed (bit i: cfg->ids[i]), or NULL;
 * *curve_miss becomes 1 when an identity of the right key type was passed over only for its
 * curve. */
static const mutls_identity *identity_for(mutls_hs *hs, const mutls_suite *s, unsigned allowed,
                                          uint16_t *scheme, int *curve_miss)
{
    const struct mutls_config *cfg = hs->cfg;

    for (size_t i = 0; i < cfg->n_ids; i++) {
        const mutls_identity *id = cfg->ids[i];
        if ((allowed & (1u << i)) == 0 || mutls_pkey_type(id->pub) != s->auth) {
            continue;
        }
        if (!curve_accepted(hs, id->pub)) {
            *curve_miss = 1;
            continue;
        }
        if (s->kx == MUTLS_KX_RSA) {
            /* Static RSA decrypts with the key itself: an external signer cannot. */
            if (id->key != NULL) {
                *scheme = 0;
                return id;
            }
            continue;
        }
        *scheme = mutls_hs_pick_scheme(hs, id);
        if (*scheme != 0) {
            return id;
        }
    }
    return NULL;
}

/* The first of our suites, in our order, that the client offered and one of the identities
 * of @p allowed can serve: fills hs->suite, group, id and our_scheme. */
static int serve_suite(mutls_hs *hs, mutls_slice offered, unsigned allowed)
{
    const struct mutls_config *cfg = hs->cfg;
    int unsigned_only = 0, curve_miss = 0;

    for (size_t i = 0; i < cfg->n_suites; i++) {
        const mutls_suite *s = mutls_hs_suite_by_id(cfg->suites[i]);
        const mutls_identity *id;
        mutls_curve group = MUTLS_CURVE_NONE;
        uint16_t scheme = 0;

        if (s == NULL || !mutls_hs_suite_listed(offered, s->id)) {
            continue;
        }
        if (s->kx == MUTLS_KX_ECDHE) {
            /* RFC 8422 §4: without supported_groups the client takes any curve. */
            if (!hs->peer_sent_groups || (hs->peer_groups_ok & 1)) {
                group = MUTLS_CURVE_P256;
            } else if (hs->peer_groups_ok & 2) {
                group = MUTLS_CURVE_P384;
            } else {
                continue;
            }
        }
        id = identity_for(hs, s, allowed, &scheme, &curve_miss);
        if (id == NULL) {
            unsigned_only |= s->kx == MUTLS_KX_ECDHE && !hs->peer_sent_schemes;
            continue;
        }
        hs->suite = s;
        hs->group = group;
        hs->id = id;
        hs->our_scheme = scheme;
        return 0;
    }
    if (unsigned_only) {
        hs->why = "it sent no signature_algorithms (so SHA-1 only, RFC 5246 §7.4.1.4.1), "
                  "and we sign with nothing weaker than SHA-256";
    } else if (curve_miss) {
        hs->why = "its supported_groups leaves out the curve of our ECDSA key, which it "
                  "therefore cannot be given (RFC 8422 §5.3)";
    }
    return MUTLS_ERR_NO_SHARED_CIPHER;
}

/*
 * The identities whose certificate names the host the client asked for (RFC 6066 §3:
 * server_name may guide the choice of certificate), as a mask over cfg->ids; 0 without a
 * server_name or when none names it. A server with one certificate per host name thus
 * serves each name its own, as virtual hosts do; names match as the client will check them
 * (RFC 6125, mutls_x509_check_host).
 */
static unsigned identities_named(const mutls_hs *hs)
{
    const struct mutls_config *cfg = hs->cfg;
    unsigned named = 0;

    if (hs->host[0] == '\0') {
        return 0;
    }
    for (size_t i = 0; i < cfg->n_ids; i++) {
        if (mutls_x509_check_host(&cfg->ids[i]->chain->x[0], hs->host, MUTLS_X509_NAME_DNS) ==
            0) {
            named |= 1u << i;
        }
    }
    return named;
}

/* Server preference order: the first of our suites the client offered that we can serve,
 * with a certificate naming the client's server_name when one of those can serve it, else
 * with any (then the first identity of the chosen suite's key type, as before). */
static int choose_suite(mutls_hs *hs, mutls_slice offered)
{
    const unsigned named = identities_named(hs);

    if (named != 0 && serve_suite(hs, offered, named) == 0) {
        hs->sni_used = 1;
        return 0;
    }
    hs->why = NULL;
    return serve_suite(hs, offered, (1u << hs->cfg->n_ids) - 1);
}

/* ClientHello: see client.c for the struct. */
int mutls_hs_parse_client_hello(mutls_hs *hs, mutls_rd *in, mutls_wr *out)
{
    const struct mutls_config *cfg = hs->cfg;
    mutls_rd sid, suites, comp, exts;
    mutls_slice offered, sid_bytes;
    int null_comp = 0;

    (void)out;
    hs->client_version = mutls_rd_u16(in);
    mutls_rd_copy(in, hs->client_random, 32);
    mutls_rd_vec8(in, &sid);
    sid_bytes = mutls_rd_rest(&sid);
    mutls_rd_skip(&sid, sid_bytes.len);
    mutls_rd_vec16(in, &suites);
    offered = mutls_rd_rest(&suites);
    mutls_rd_vec8(in, &comp);
    while (mutls_rd_remaining(&comp) > 0) {
        null_comp |= mutls_rd_u8(&comp) == 0;
    }
    mutls_rd_init(&exts, NULL, 0);
    if (mutls_rd_remaining(in) > 0) {
        mutls_rd_vec16(in, &exts);
    }
    /* RFC 5246 §7.4.1.2: session_id at most 32 bytes, a non-empty even suite list, at
     * least one compression method, and nothing after the extensions. The whole framing is
     * checked before any semantic check, so a malformed hello is a decode_error even when it
     * would also fail one (tlsfuzzer's test-truncating-of-client-hello). */
    if (in->err || mutls_rd_remaining(in) != 0 || sid.len > 32 || offered.len < 2 ||
        offered.len % 2 != 0 || comp.len == 0) {
        return MUTLS_ERR_DECODE;
    }
    /* RFC 5246 appendix E.1: a client that cannot do 1.2 is refused with protocol_version;
     * a higher legacy_version (or a TLS 1.3 supported_versions list) gets 1.2. */
    if (hs->client_version < MUTLS_TLS12) {
        hs->why = "it offers only protocol versions older than TLS 1.2";
        return MUTLS_ERR_PROTOCOL_VERSION;
    }
    /* RFC 5246 §7.4.1.2: null compression must be offered. */
    if (!null_comp) {
        return MUTLS_ERR_ILLEGAL_PARAMETER;
    }
    TRY(mutls_hs_ext_parse_client(hs, &exts));
    /* RFC 8446 §4.2.1: a client sending supported_versions offers exactly the versions it
     * lists there, whatever its legacy_version says; without TLS 1.2 among them there is
     * nothing we can speak (as OpenSSL limited to 1.2 answers). */
    if (hs->peer_sent_versions && !hs->peer_offered_tls12) {
        hs->why = hs->peer_offered_tls13
                      ? "it offers only TLS 1.3 (supported_versions), and mutls speaks TLS 1.2 "
                        "only"
                      : "its supported_versions does not list TLS 1.2";
        return MUTLS_ERR_PROTOCOL_VERSION;
    }
    if (mutls_hs_suite_listed(offered, MUTLS_SCSV_RENEGOTIATION)) {
        hs->peer_offered_reneg = 1; /* RFC 5746 §3.6 */
    }
    /* RFC 7627 §5.3: a server that requires it aborts the handshake. */
    if (cfg->require_ems && !hs->peer_offered_ems) {
        return MUTLS_ERR_NO_EXTENDED_MASTER_SECRET;
    }
    hs->ems = hs->peer_offered_ems;
    hs->secure_reneg = hs->peer_offered_reneg;
    /* A cached session the client offers, when every condition holds (hs_session.c), sets
     * the suite, the encrypt-then-MAC choice and the client's certificate. */
    TRY(mutls_hs_server_resume(hs, sid_bytes, offered));
    if (!hs->resumed) {
        TRY(choose_suite(hs, offered));
    }
    TRY(mutls_hs_ext_choose_alpn(hs));
    if (!hs->resumed) {
        hs->etm = hs->peer_offered_etm && hs->suite->mac != MUTLS_HASH_NONE && !cfg->no_etm;
        hs->f_ecdhe = hs->suite->kx == MUTLS_KX_ECDHE;
        hs->f_cert_requested = cfg->client_auth != MUTLS_CLIENT_AUTH_NONE;
    }
    return 0;
}

/* ServerHello: see client.c for the struct. */
int mutls_hs_write_server_hello(mutls_hs *hs, mutls_rd *in, mutls_wr *out)
{
    (void)in;
    /*
     * RFC 8446 §4.1.3's "DOWNGRD" sentinel is for servers that support TLS 1.3 and were
     * talked down to 1.2; we do not support 1.3, and a 1.3-capable client (OpenSSL, curl,
     * browsers) aborts with illegal_parameter when it sees the sentinel. So the random is
     * random throughout.
     */
    TRY(mutls_rng_bytes(hs->rng, hs->server_random, 32));
    mutls_wr_u16(out, MUTLS_TLS12);
    mutls_wr_bytes(out, hs->server_random, 32);
    TRY(mutls_hs_server_session_id(hs, out)); /* the resumed one, a fresh one, or none */
    mutls_wr_u16(out, hs->suite->id);
    mutls_wr_u8(out, 0);
    mutls_hs_ext_write_server(hs, out);
    return 0;
}

int mutls_hs_write_server_certificate(mutls_hs *hs, mutls_rd *in, mutls_wr *out)
{
    (void)in;
    mutls_hs_put_certificate(out, hs->id);
    return 0;
}

/* ServerKeyExchange: see client.c for the struct. */
int mutls_hs_write_server_key_exchange(mutls_hs *hs, mutls_rd *in, mutls_wr *out)
{
    uint8_t signed_data[MUTLS_SKE_SIGNED_MAX];
    size_t n;

    (void)in;
    hs->our_point_len = sizeof(hs->our_point);
    TRY(mutls_ecdh_keygen(&hs->eph, hs->group, hs->rng, hs->our_point, &hs->our_point_len));
    n = mutls_hs_ske_signed(hs, hs->our_point, hs->our_point_len, signed_data);
    if (n == 0) {
        return MUTLS_ERR_INTERNAL;
    }
    mutls_wr_bytes(out, signed_data + 64, n - 64); /* the params, then their signature */
    return mutls_hs_put_signature(hs, out, signed_data, n, 0);
}

/* CertificateRequest: see client.c for the struct. */
int mutls_hs_write_certificate_request(mutls_hs *hs, mutls_rd *in, mutls_wr *out)
{
    const struct mutls_config *cfg = hs->cfg;
    size_t m;

    (void)in;
    m = mutls_wr_vec8_begin(out);
    mutls_wr_u8(out, 1);  /* rsa_sign */
    mutls_wr_u8(out, 64); /* ecdsa_sign */
    mutls_wr_vec8_end(out, m);
    mutls_hs_put_schemes(out);
    m = mutls_wr_vec16_begin(out);
    for (size_t i = 0; cfg->send_ca_names && i < cfg->anchors->n; i++) {
        size_t one = mutls_wr_vec16_begin(out);
        mutls_wr_slice(out, cfg->anchors->x[i].subject);
        mutls_wr_vec16_end(out, one);
    }
    mutls_wr_vec16_end(out, m);
    return 0;
}

int mutls_hs_write_server_hello_done(mutls_hs *hs, mutls_rd *in, mutls_wr *out)
{
    (void)hs;
    (void)in;
    (void)out;
    return 0;
}

int mutls_hs_parse_client_certificate(mutls_hs *hs, mutls_rd *in, mutls_wr *out)
{
    (void)out;
    TRY(mutls_hs_take_certificate(hs, in));
    hs->f_client_cert = hs->n_peer > 0;
    return 0;
}

/* ClientKeyExchange: see client.c for the struct. */
int mutls_hs_parse_client_key_exchange(mutls_hs *hs, mutls_rd *in, mutls_wr *out)
{
    int rc;

    (void)out;
    if (hs->suite->kx == MUTLS_KX_RSA) {
        uint8_t random48[48];
        mutls_rd ct;
        mutls_slice c;

        mutls_rd_vec16(in, &ct);
        c = mutls_rd_rest(&ct);
        mutls_rd_skip(&ct, c.len);
        mutls_rd_merge(in, &ct);
        if (in->err) {
            return MUTLS_ERR_DECODE;
        }
        /*
         * RFC 5246 §7.4.7.1: whatever is wrong with the encrypted premaster (padding,
         * length, version), carry on with a random one, with no branch, alert or timing
         * that tells the cases apart; the Finished check then fails as for any bad key.
         */
        TRY(mutls_rng_bytes(hs->rng, random48, sizeof(random48)));
        rc = mutls_rsa_decrypt_premaster(hs->id->key, hs->rng, c.p, c.len, hs->client_version,
                                         random48, hs->premaster);
        mutls_wipe(random48, sizeof(random48));
        hs->premaster_len = 48;
        return rc;
    }
    mutls_rd point;
    mutls_slice p;

    mutls_rd_vec8(in, &point);
    p = mutls_rd_rest(&point);
    mutls_rd_skip(&point, p.len);
    mutls_rd_merge(in, &point);
    if (in->err || p.len == 0) {
        return MUTLS_ERR_DECODE;
    }
    return mutls_hs_ecdh_premaster(hs, p);
}

/* CertificateVerify: see client.c for the struct. */
int mutls_hs_parse_certificate_verify(mutls_hs *hs, mutls_rd *in, mutls_wr *out)
{
    (void)out;
    /* Our CertificateRequest offered every scheme we have: check_signature accepts any of
     * them that fits the client's key (RFC 5246 §7.4.8). */
    return mutls_hs_check_signature(hs, in, NULL, 0, 1);
}
