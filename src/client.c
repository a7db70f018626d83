/* SPDX-License-Identifier: MIT */
/*
 * client.c - the client's rows of the handshake table: one write_* per message the client
 * sends and one parse_* per message it receives (RFC 5246 §7.4, RFC 8422 §5 for ECDHE,
 * RFC 7627 and RFC 5746 through hs_ext.c). Handlers do no I/O and send no alerts: they
 * return 0 or the MUTLS_ERR_* the driver turns into an alert.
 */
#include <string.h>

#include "handshake.h"
#include "mem.h"

/*
 * struct {
 *     ProtocolVersion client_version;
 *     Random random;
 *     SessionID session_id<0..32>;
 *     CipherSuite cipher_suites<2..2^16-2>;
 *     CompressionMethod compression_methods<1..2^8-1>;
 *     Extension extensions<0..2^16-1>;
 * } ClientHello;
 */
int mutls_hs_write_client_hello(mutls_hs *hs, mutls_rd *in, mutls_wr *out)
{
    const struct mutls_config *cfg = hs->cfg;
    int any_cbc = 0;
    size_t m;

    (void)in;
    if (hs->host[0] == '\0' && !cfg->verify_off) {
        return MUTLS_ERR_CONFIG; /* the server's name is needed to verify its certificate */
    }
    TRY(mutls_rng_bytes(hs->rng, hs->client_random, 32));
    hs->client_version = MUTLS_TLS12;
    mutls_wr_u16(out, MUTLS_TLS12);
    mutls_wr_bytes(out, hs->client_random, 32);
    TRY(mutls_hs_client_offer(hs, out)); /* a session to resume, or none */
    m = mutls_wr_vec16_begin(out);
    for (size_t i = 0; i < cfg->n_suites; i++) {
        const mutls_suite *s = mutls_hs_suite_by_id(cfg->suites[i]);
        if (s != NULL) {
            mutls_wr_u16(out, s->id);
            any_cbc |= s->mac != MUTLS_HASH_NONE;
        }
    }
    mutls_wr_vec16_end(out, m);
    mutls_wr_u8(out, 1);
    mutls_wr_u8(out, 0); /* null compression only */
    mutls_hs_ext_write_client(hs, out, any_cbc && !cfg->no_etm);
    return 0;
}

/*
 * struct {
 *     ProtocolVersion server_version;
 *     Random random;
 *     SessionID session_id<0..32>;
 *     CipherSuite cipher_suite;
 *     CompressionMethod compression_method;
 *     Extension extensions<0..2^16-1>;
 * } ServerHello;
 */
int mutls_hs_parse_server_hello(mutls_hs *hs, mutls_rd *in, mutls_wr *out)
{
    const struct mutls_config *cfg = hs->cfg;
    uint16_t version, suite;
    uint8_t compression;
    mutls_rd sid, exts;
    mutls_slice sid_bytes;
    int offered = 0;

    (void)out;
    version = mutls_rd_u16(in);
    mutls_rd_copy(in, hs->server_random, 32);
    mutls_rd_vec8(in, &sid);
    sid_bytes = mutls_rd_rest(&sid);
    mutls_rd_skip(&sid, sid_bytes.len);
    suite = mutls_rd_u16(in);
    compression = mutls_rd_u8(in);
    mutls_rd_init(&exts, NULL, 0);
    if (mutls_rd_remaining(in) > 0) {
        mutls_rd_vec16(in, &exts);
    }
    if (in->err || sid.len > 32) {
        return MUTLS_ERR_DECODE;
    }
    /* RFC 5246 §7.4.1.3 and appendix E.1: we offered 1.2 only. */
    if (version != MUTLS_TLS12) {
        hs->why = "it chose a protocol version other than TLS 1.2";
        return MUTLS_ERR_PROTOCOL_VERSION;
    }
    for (size_t i = 0; i < cfg->n_suites; i++) {
        offered |= cfg->suites[i] == suite;
    }
    /* RFC 5246 §7.4.1.3: the suite and compression must be ones the client offered. */
    hs->suite = mutls_hs_suite_by_id(suite);
    if (!offered || hs->suite == NULL || compression != 0) {
        hs->why = compression != 0 ? "it chose a compression method we did not offer"
                                   : "it chose a cipher suite we did not offer";
        return MUTLS_ERR_ILLEGAL_PARAMETER;
    }
    TRY(mutls_hs_ext_parse_server(hs, &exts));
    /* RFC 7366 §3: a server that picks an AEAD suite must not echo encrypt_then_mac. One
     * that does contradicts its own choice of suite: we do not guess which it meant. */
    if (hs->suite->mac == MUTLS_HASH_NONE && hs->etm) {
        hs->why = "it echoed encrypt_then_mac with an AEAD cipher suite (RFC 7366 §3)";
        return MUTLS_ERR_ILLEGAL_PARAMETER;
    }
    /* The echo of our session ID makes this an abbreviated handshake (hs_session.c). */
    TRY(mutls_hs_client_resume(hs, sid_bytes));
    /* RFC 7627 §5.3: a client that requires it aborts when the server did not agree. */
    if (cfg->require_ems && !hs->ems) {
        return MUTLS_ERR_NO_EXTENDED_MASTER_SECRET;
    }
    /* The RFC 8446 §4.1.3 downgrade sentinel concerns clients that offered 1.3; we did not,
     * so the last bytes of server_random are not inspected. */
    hs->f_ecdhe = hs->suite->kx == MUTLS_KX_ECDHE;
    return 0;
}

int mutls_hs_parse_server_certificate(mutls_hs *hs, mutls_rd *in, mutls_wr *out)
{
    (void)out;
    return mutls_hs_take_certificate(hs, in);
}

/*
 * struct {
 *     ECParameters curve_params;   (curve_type named_curve(3), NamedCurve)
 *     ECPoint public;              (opaque point<1..2^8-1>)
 * } ServerECDHParams;
 * struct {
 *     ServerECDHParams params;
 *     digitally-signed struct { client_random, server_random, params } signed_params;
 * } ServerKeyExchange;
 */
int mutls_hs_parse_server_key_exchange(mutls_hs *hs, mutls_rd *in, mutls_wr *out)
{
    uint8_t signed_data[MUTLS_SKE_SIGNED_MAX];
    mutls_rd point;
    mutls_pkey *check = NULL;
    uint8_t curve_type;
    uint16_t curve;
    size_t want, n;
    int rc;

    (void)out;
    curve_type = mutls_rd_u8(in);
    curve = mutls_rd_u16(in);
    mutls_rd_vec8(in, &point);
    if (in->err) {
        return MUTLS_ERR_DECODE;
    }
    /* RFC 8422 §5.4: a named curve, one of those we offered, with an uncompressed point. */
    if (curve_type != 3 || (curve != MUTLS_CURVE_P256 && curve != MUTLS_CURVE_P384)) {
        hs->why = "it chose an elliptic curve we did not offer";
        return MUTLS_ERR_ILLEGAL_PARAMETER;
    }
    want = curve == MUTLS_CURVE_P256 ? 65 : 97;
    if (mutls_rd_remaining(&point) != want) {
        hs->why = "its ECDHE public value is not an uncompressed point of the curve";
        return MUTLS_ERR_ILLEGAL_PARAMETER;
    }
    hs->group = (mutls_curve)curve;
    hs->peer_point_len = want;
    mutls_rd_copy(&point, hs->peer_point, want);
    /* Every peer point is checked to lie on the curve before any use. */
    rc = mutls_pkey_ec_public(&check, hs->group,
                              (mutls_slice){hs->peer_point, hs->peer_point_len});
    mutls_pkey_free(check);
    if (rc == MUTLS_ERR_POINT_NOT_ON_CURVE) {
        hs->why = "its ECDHE public value is not a point on the curve";
        return MUTLS_ERR_ILLEGAL_PARAMETER;
    }
    TRY(rc);
    /* The params just checked, encoded again: the same bytes the server signed. */
    n = mutls_hs_ske_signed(hs, hs->peer_point, hs->peer_point_len, signed_data);
    if (n == 0) {
        return MUTLS_ERR_INTERNAL;
    }
    return mutls_hs_check_signature(hs, in, signed_data, n, 0);
}

/*
 * enum { rsa_sign(1), ecdsa_sign(64), (255) } ClientCertificateType;
 * opaque DistinguishedName<1..2^16-1>;
 * struct {
 *     ClientCertificateType certificate_types<1..2^8-1>;
 *     SignatureAndHashAlgorithm supported_signature_algorithms<2^16-1>;
 *     DistinguishedName certificate_authorities<0..2^16-1>;
 * } CertificateRequest;
 */
int mutls_hs_parse_certificate_request(mutls_hs *hs, mutls_rd *in, mutls_wr *out)
{
    mutls_rd types, cas, copy;
    mutls_slice list;
    size_t n = 0;

    (void)out;
    if (hs->ca_buf != NULL) {
        return MUTLS_ERR_UNEXPECTED_MESSAGE;
    }
    mutls_rd_vec8(in, &types);
    if (mutls_rd_remaining(&types) == 0) {
        return MUTLS_ERR_DECODE;
    }
    while (mutls_rd_remaining(&types) > 0) {
        uint8_t t = mutls_rd_u8(&types);
        hs->cr_types_rsa |= t == 1;
        hs->cr_types_ecdsa |= t == 64;
    }
    mutls_rd_merge(in, &types);
    TRY(mutls_hs_parse_schemes(hs, in));
    mutls_rd_vec16(in, &cas);
    list = mutls_rd_rest(&cas);
    mutls_rd_merge(in, &cas);
    if (mutls_rd_end(in) < 0) {
        return MUTLS_ERR_DECODE;
    }
    /* Every name is a non-empty DistinguishedName<1..2^16-1>. */
    mutls_rd_init_slice(&cas, list);
    while (mutls_rd_remaining(&cas) > 0) {
        mutls_rd dn;
        mutls_rd_vec16(&cas, &dn);
        if (mutls_rd_rest(&dn).len == 0) {
            return MUTLS_ERR_DECODE;
        }
        n++;
    }
    if (cas.err) {
        return MUTLS_ERR_DECODE;
    }
    /* The names are needed after this message's buffer is gone (identity selection, the
     * select callback, error hints): keep one copy of the list, no more. */
    hs->ca_buf = mutls_alloc(MUTLS_CA_TEXT_MAX + list.len);
    if (hs->ca_buf == NULL) {
        return MUTLS_ERR_NO_MEMORY;
    }
    hs->ca_alloc_len = MUTLS_CA_TEXT_MAX + list.len;
    hs->ca_buf[0] = 0;
    if (list.len > 0) {
        mutls_rd_init_slice(&copy, list);
        mutls_rd_copy(&copy, hs->ca_buf + MUTLS_CA_TEXT_MAX, list.len);
    }
    hs->ca_list.p = hs->ca_buf + MUTLS_CA_TEXT_MAX;
    hs->ca_list.len = list.len;
    hs->n_ca = n;
    hs->f_cert_requested = 1;
    return 0;
}

mutls_slice mutls_hs_ca_name(const mutls_hs *hs, size_t i)
{
    mutls_slice none = {NULL, 0};
    mutls_rd r, dn;

    mutls_rd_init_slice(&r, hs->ca_list);
    for (size_t k = 0; k <= i && k < hs->n_ca; k++) {
        mutls_rd_vec16(&r, &dn);
        if (r.err) {
            return none;
        }
        if (k == i) {
            return mutls_rd_rest(&dn);
        }
    }
    return none;
}

const char *mutls_hs_ca_text(const mutls_hs *hs, size_t i)
{
    mutls_slice dn = mutls_hs_ca_name(hs, i);
    char *text;

    if (dn.len == 0 || hs->ca_buf == NULL) {
        return NULL;
    }
    text = (char *)hs->ca_buf;
    if (mutls_x509_name_string(dn, text, MUTLS_CA_TEXT_MAX) < 0) {
        text[0] = '\0';
    }
    return text;
}

/* struct { } ServerHelloDone; */
int mutls_hs_parse_server_hello_done(mutls_hs *hs, mutls_rd *in, mutls_wr *out)
{
    (void)hs;
    (void)out;
    return mutls_rd_remaining(in) == 0 ? 0 : MUTLS_ERR_DECODE;
}

/* Whether @p id's chain ends at one of the CertificateRequest's CA names. */
static int chain_ends_at_named_ca(const mutls_hs *hs, const mutls_identity *id)
{
    if (hs->n_ca == 0) {
        return 1; /* RFC 5246 §7.4.4: an empty list means any CA */
    }
    for (size_t i = 0; i < hs->n_ca; i++) {
        const mutls_x509 *last = &id->chain->x[id->chain->n - 1];
        mutls_slice dn = mutls_hs_ca_name(hs, i);
        if (mutls_x509_name_equal(last->issuer, dn) || mutls_x509_name_equal(last->subject, dn)) {
            return 1;
        }
    }
    return 0;
}

static int type_allowed(const mutls_hs *hs, const mutls_identity *id)
{
    mutls_key_type kt = mutls_pkey_type(id->pub);
    return (kt == MUTLS_KEY_RSA && hs->cr_types_rsa) || (kt == MUTLS_KEY_EC && hs->cr_types_ecdsa);
}

static int select_identity(mutls_hs *hs)
{
    const struct mutls_config *cfg = hs->cfg;

    hs->id = NULL;
    if (cfg->n_ids == 0) {
        return 0;
    }
    if (cfg->select != NULL) {
        int idx = cfg->select(cfg->select_ctx, hs->conn, cfg->n_ids);
        if (idx < 0) {
            return 0;
        }
        if ((size_t)idx >= cfg->n_ids) {
            return MUTLS_ERR_BAD_ARGUMENT;
        }
        hs->id = cfg->ids[idx];
        hs->our_scheme = mutls_hs_pick_scheme(hs, hs->id);
        if (hs->our_scheme == 0) {
            hs->id = NULL; /* it cannot sign anything the server accepts */
        }
        return 0;
    }
    /*
     * First choice: a chain that ends at a CA the request names. Failing that, the first
     * identity that can sign at all is still sent, as OpenSSL and GnuTLS do: the server
     * decides, and its answer (say unknown_ca) tells the user far more than an empty
     * Certificate followed by handshake_failure would.
     */
    for (int named = 1; named >= 0; named--) {
        for (size_t i = 0; i < cfg->n_ids; i++) {
            const mutls_identity *id = cfg->ids[i];
            uint16_t scheme = mutls_hs_pick_scheme(hs, id);
            if (scheme != 0 && type_allowed(hs, id) && (!named || chain_ends_at_named_ca(hs, id))) {
                hs->id = id;
                hs->our_scheme = scheme;
                return 0;
            }
        }
    }
    return 0;
}

/* Certificate (see hs_auth.c): our chain, or an empty list when we have none that fits. */
int mutls_hs_write_client_certificate(mutls_hs *hs, mutls_rd *in, mutls_wr *out)
{
    (void)in;
    TRY(select_identity(hs));
    hs->f_client_cert = hs->id != NULL;
    mutls_hs_put_certificate(out, hs->id);
    return 0;
}

/*
 * struct {
 *     select (KeyExchangeAlgorithm) {
 *         case rsa:         EncryptedPreMasterSecret;   (opaque <0..2^16-1>)
 *         case ec_diffie_hellman: ClientECDiffieHellmanPublic;  (opaque point<1..2^8-1>)
 *     } exchange_keys;
 * } ClientKeyExchange;
 */
int mutls_hs_write_client_key_exchange(mutls_hs *hs, mutls_rd *in, mutls_wr *out)
{
    size_t m;

    (void)in;
    if (hs->suite->kx == MUTLS_KX_RSA) {
        uint8_t ct[1024];
        size_t ct_len = sizeof(ct);

        /* RFC 5246 §7.4.7.1: the version we offered, then 46 random bytes. */
        hs->premaster[0] = MUTLS_TLS12 >> 8;
        hs->premaster[1] = MUTLS_TLS12 & 0xff;
        TRY(mutls_rng_bytes(hs->rng, hs->premaster + 2, 46));
        hs->premaster_len = 48;
        TRY(mutls_rsa_encrypt(hs->peer_key, hs->rng, hs->premaster, 48, ct, &ct_len));
        m = mutls_wr_vec16_begin(out);
        mutls_wr_bytes(out, ct, ct_len);
        mutls_wr_vec16_end(out, m);
        return 0;
    }
    hs->our_point_len = sizeof(hs->our_point);
    TRY(mutls_ecdh_keygen(&hs->eph, hs->group, hs->rng, hs->our_point, &hs->our_point_len));
    TRY(mutls_hs_ecdh_premaster(hs, (mutls_slice){hs->peer_point, hs->peer_point_len}));
    m = mutls_wr_vec8_begin(out);
    mutls_wr_bytes(out, hs->our_point, hs->our_point_len);
    mutls_wr_vec8_end(out, m);
    return 0;
}

/*
 * struct {
 *     digitally-signed struct { opaque handshake_messages[handshake_messages_length]; };
 * } CertificateVerify;
 */
int mutls_hs_write_certificate_verify(mutls_hs *hs, mutls_rd *in, mutls_wr *out)
{
    (void)in;
    return mutls_hs_put_signature(hs, out, NULL, 0, 1);
}
