/* SPDX-License-Identifier: MIT */
/*
 * hs_ext.c - hello extensions, both directions: server_name (RFC 6066 §3), supported_groups
 * and ec_point_formats (RFC 8422 §5.1), signature_algorithms (RFC 5246 §7.4.1.4.1),
 * application_layer_protocol_negotiation (RFC 7301), encrypt_then_mac (RFC 7366),
 * extended_master_secret (RFC 7627), renegotiation_info (RFC 5746) and, only to notice a
 * TLS 1.3-capable client, supported_versions (RFC 8446 §4.2.1); record sizes:
 * max_fragment_length (RFC 6066 §4) and record_size_limit (RFC 8449); the client's padding
 * (RFC 7685) is only checked.
 *
 * Unknown extensions are ignored, in any number and repeated or not; a known extension type
 * that appears twice is refused (RFC 5246 §7.4.1.4). A server's extension the client did not offer
 * is refused with unsupported_extension (same section). encrypt_then_mac concerns CBC suites only
 * (RFC 7366 §3): a build without them (MUTLS_WITH_CBC 0) never offers it, refuses it in a
 * ServerHello and, as a server, ignores it like any unknown extension.
 */
#include <string.h>

#include "handshake.h"

/*
 * RFC 5246 §7.4.1.4: one extension of each type at most. A repeated type is a field at odds
 * with another, illegal_parameter (what OpenSSL answers too); unsupported_extension is for an
 * answer nobody asked for. Like OpenSSL we check only the types we understand, one bit each
 * (type_bit); unknown types are skipped unread, so a repeat of one changes nothing. There is
 * no count limit: each extension costs O(1) here, and the whole hello is already bounded by
 * limits.max_handshake (test-large-number-of-extensions sends thousands of empty unknown
 * extensions and expects a ServerHello). mutls_limits.max_extensions is therefore no longer
 * read (include/mutls.h).
 */
static unsigned type_bit(uint16_t type)
{
    switch (type) {
    case MUTLS_EXT_SERVER_NAME:
        return 1u << 0;
    case MUTLS_EXT_MAX_FRAGMENT_LENGTH:
        return 1u << 1;
    case MUTLS_EXT_SUPPORTED_GROUPS:
        return 1u << 2;
    case MUTLS_EXT_EC_POINT_FORMATS:
        return 1u << 3;
    case MUTLS_EXT_SIGNATURE_ALGORITHMS:
        return 1u << 4;
    case MUTLS_EXT_ALPN:
        return 1u << 5;
    case MUTLS_EXT_ENCRYPT_THEN_MAC:
        return 1u << 6;
    case MUTLS_EXT_EXTENDED_MASTER_SECRET:
        return 1u << 7;
    case MUTLS_EXT_RECORD_SIZE_LIMIT:
        return 1u << 8;
    case MUTLS_EXT_SUPPORTED_VERSIONS:
        return 1u << 9;
    case MUTLS_EXT_RENEGOTIATION_INFO:
        return 1u << 10;
    case MUTLS_EXT_SESSION_TICKET:
        return 1u << 11;
    default:
        return 0;
    }
}

/* Returns 0, or the error for a known type seen before (recorded in @p seen). */
static int note_type(mutls_hs *hs, unsigned *seen, uint16_t type)
{
    unsigned bit = type_bit(type);

    if ((*seen & bit) != 0) {
        hs->why = "it sent the same extension twice";
        return MUTLS_ERR_ILLEGAL_PARAMETER;
    }
    *seen |= bit;
    return 0;
}

/*
 * RFC 6066 §3: HostName is a DNS host name in ASCII "without a trailing dot". NUL, control
 * bytes, space, DEL and anything above it (UTF-8 must come as A-labels) cannot be part of
 * one, nor can a final dot.
 */
static int any_host_byte_bad(mutls_slice s)
{
    mutls_rd r;
    uint8_t c = 0;

    mutls_rd_init_slice(&r, s);
    while (mutls_rd_remaining(&r) > 0) {
        c = mutls_rd_u8(&r);
        if (c <= 0x20 || c >= 0x7f) {
            return 1;
        }
    }
    return c == '.';
}

/* padding (RFC 7685): not ours to answer, but its body is checked. */
#define EXT_PADDING 21

/*
 * RFC 7685 §3: the padding extension's body is zero bytes only (none is fine). A sender that
 * breaks this rule is refused rather than ignored, as TLS-Anvil's paddingWithNonZero expects
 * of a server: a byte outside the one value allowed is illegal_parameter.
 */
static int parse_padding(mutls_hs *hs, mutls_rd *body)
{
    uint8_t any = 0;

    while (mutls_rd_remaining(body) > 0) {
        any |= mutls_rd_u8(body);
    }
    if (any != 0) {
        hs->why = "its padding extension holds bytes other than zero (RFC 7685 §3)";
        return MUTLS_ERR_ILLEGAL_PARAMETER;
    }
    return 0;
}

/* 0 when @p body was read exactly to its end, else a decode error. */
static int end_of(mutls_rd *body)
{
    return mutls_rd_end(body) < 0 ? MUTLS_ERR_DECODE : 0;
}

/* An extension's header: its type and the length of its body. */
static void put_ext(mutls_wr *w, uint16_t type, uint16_t len)
{
    mutls_wr_u16(w, type);
    mutls_wr_u16(w, len);
}

/* ec_point_formats (RFC 8422 §5.1.2): *uncompressed becomes 1 when the list names it. The
 * list is ec_point_format_list<1..2^8-1>: an empty one is a decode error. */
static int parse_point_formats(mutls_rd *body, int *uncompressed)
{
    mutls_rd list;

    mutls_rd_vec8(body, &list);
    if (body->err || mutls_rd_remaining(&list) == 0) {
        return MUTLS_ERR_DECODE;
    }
    while (mutls_rd_remaining(&list) > 0) {
        *uncompressed |= mutls_rd_u8(&list) == 0;
    }
    mutls_rd_merge(body, &list);
    return end_of(body);
}

/*
 * The body is opaque renegotiated_connection<0..255> (RFC 5746 §3.2): a body that is not
 * exactly that vector (empty, cut, or with bytes after it) is a decode error. On an initial
 * handshake the vector must be empty: a well-formed non-empty one aborts with
 * handshake_failure, the server by §3.6, the client by §3.4.
 */
static int parse_reneg_info(mutls_hs *hs, mutls_rd *body)
{
    mutls_rd rc;

    mutls_rd_vec8(body, &rc);
    mutls_rd_skip(&rc, mutls_rd_remaining(&rc));
    TRY(end_of(body));
    if (rc.len != 0) {
        hs->why = "its renegotiation_info is not empty on an initial handshake (RFC 5746)";
        return MUTLS_ERR_HANDSHAKE_FAILURE;
    }
    return 0;
}

/* Whether the ProtocolNameList body @p list (RFC 7301 §3.1) names the non-empty @p name. */
static int alpn_listed(const uint8_t *list, size_t len, mutls_slice name)
{
    mutls_rd r;

    mutls_rd_init(&r, list, len);
    while (mutls_rd_remaining(&r) > 0) {
        mutls_rd one;
        mutls_rd_vec8(&r, &one);
        mutls_slice o = mutls_rd_rest(&one);
        if (o.len == name.len && o.len > 0 && memcmp(o.p, name.p, o.len) == 0) {
            return 1;
        }
    }
    return 0;
}

/* ------------------------------------------------------------ record sizes */

/* RFC 6066 §4: codes 1..4 stand for 2^9..2^12 plaintext bytes per record. */
static size_t mfl_bytes(uint8_t code)
{
    return (size_t)1 << (8 + code);
}

/* The largest max_fragment_length code not above @p limit, or 0 when even 2^9 is above. */
static uint8_t mfl_code_for(size_t limit)
{
    uint8_t code = 0;

    for (uint8_t c = 1; c <= 4; c++) {
        if (mfl_bytes(c) <= limit) {
            code = c;
        }
    }
    return code;
}

uint8_t mutls_hs_ext_mfl_offer(const struct mutls_config *cfg)
{
    return cfg->record_limit < MUTLS_REC_MAX_PLAINTEXT ? mfl_code_for(cfg->record_limit) : 0;
}

/* A record_size_limit body: one uint16 of at least 64 (RFC 8449 §4). Values above 2^14
 * mean "anything TLS 1.2 allows": a server must not refuse them (same section), and a client
 * gains nothing by refusing, so both clamp. */
static int parse_rsl(mutls_rd *body, size_t *limit)
{
    uint16_t v = mutls_rd_u16(body);

    TRY(end_of(body));
    if (v < MUTLS_REC_MIN_FRAGMENT) {
        return MUTLS_ERR_ILLEGAL_PARAMETER;
    }
    *limit = v > MUTLS_REC_MAX_PLAINTEXT ? MUTLS_REC_MAX_PLAINTEXT : v;
    return 0;
}

static int parse_mfl(mutls_rd *body, uint8_t *code)
{
    uint8_t c = mutls_rd_u8(body);

    TRY(end_of(body));
    /* RFC 6066 §4: any other value is an illegal_parameter, both ways. */
    if (c < 1 || c > 4) {
        return MUTLS_ERR_ILLEGAL_PARAMETER;
    }
    *code = c;
    return 0;
}

/* From now on our records carry at most @p limit plaintext bytes. */
static void hold_to(mutls_hs *hs, size_t limit)
{
    hs->send_limit = limit;
    mutls_rec_set_send_limit(&hs->rec, limit);
}

/* ------------------------------------------------------------ client side */

static int any_ecdhe(const struct mutls_config *cfg)
{
    for (size_t i = 0; i < cfg->n_suites; i++) {
        const mutls_suite *s = mutls_hs_suite_by_id(cfg->suites[i]);
        if (s != NULL && s->kx == MUTLS_KX_ECDHE) {
            return 1;
        }
    }
    return 0;
}

void mutls_hs_ext_write_client(mutls_hs *hs, mutls_wr *w, int any_cbc)
{
    /* supported_groups: secp256r1, secp384r1 (RFC 8422 §5.1.1); ec_point_formats:
     * uncompressed, the only format (§5.1.2). Both fixed, so kept as they go on the wire. */
    static const uint8_t groups_and_formats[] = {
        0x00, 0x0a, 0x00, 0x06, 0x00, 0x04, 0x00, 0x17, 0x00, 0x18, /* supported_groups */
        0x00, 0x0b, 0x00, 0x02, 0x01, 0x00,                         /* ec_point_formats */
    };
    const struct mutls_config *cfg = hs->cfg;
    size_t exts = mutls_wr_vec16_begin(w);
    size_t n = strlen(hs->host); /* below MUTLS_HOST_MAX: every length here fits 16 bits */

    if (n > 0 && !hs->host_is_ip) {
        /* RFC 6066 §3: a server_name_list of one host_name, only for DNS names (never an IP
         * literal). */
        put_ext(w, MUTLS_EXT_SERVER_NAME, (uint16_t)(n + 5));
        mutls_wr_u16(w, (uint16_t)(n + 3));
        mutls_wr_u8(w, 0);
        mutls_wr_u16(w, (uint16_t)n);
        mutls_wr_bytes(w, hs->host, n);
    }
    /* RFC 8422 §4: only a client that offers an ECC suite sends these two. */
    if (any_ecdhe(cfg)) {
        mutls_wr_bytes(w, groups_and_formats, sizeof(groups_and_formats));
    }

    put_ext(w, MUTLS_EXT_SIGNATURE_ALGORITHMS, (uint16_t)(2 + 2 * mutls_hs_scheme_count()));
    mutls_hs_put_schemes(w);

    if (cfg->alpn_len > 0) {
        /* cfg->alpn is the wire form of the protocol list (config.c). */
        put_ext(w, MUTLS_EXT_ALPN, (uint16_t)(cfg->alpn_len + 2));
        mutls_wr_u16(w, (uint16_t)cfg->alpn_len);
        mutls_wr_bytes(w, cfg->alpn, cfg->alpn_len);
    }
    if (MUTLS_WITH_CBC && any_cbc) {
        put_ext(w, MUTLS_EXT_ENCRYPT_THEN_MAC, 0);
        hs->etm_offered = 1;
    }
    put_ext(w, MUTLS_EXT_EXTENDED_MASTER_SECRET, 0);
    /* RFC 8449 §4: always offered, even at 2^14, so that a server with small buffers can
     * answer with its own limit. Below 2^14 max_fragment_length goes too, for servers that
     * know only that one (OpenSSL); one that knows both answers record_size_limit alone
     * (RFC 8449 §5). */
    hs->mfl_code = mutls_hs_ext_mfl_offer(cfg);
    if (hs->mfl_code != 0) {
        put_ext(w, MUTLS_EXT_MAX_FRAGMENT_LENGTH, 1);
        mutls_wr_u8(w, hs->mfl_code);
    }
    put_ext(w, MUTLS_EXT_RECORD_SIZE_LIMIT, 2);
    mutls_wr_u16(w, (uint16_t)cfg->record_limit);
    hs->rsl_offered = 1;
    /* RFC 5746 §3.4: an empty renegotiated_connection on the initial handshake. */
    put_ext(w, MUTLS_EXT_RENEGOTIATION_INFO, 1);
    mutls_wr_u8(w, 0);
    mutls_hs_ticket_ext_client(hs, w); /* RFC 5077 §3.2 (hs_ticket.c) */
    mutls_wr_vec16_end(w, exts);
}

static int parse_server_alpn(mutls_hs *hs, mutls_rd *body)
{
    mutls_rd list, name;
    mutls_slice s;

    mutls_rd_vec16(body, &list);
    mutls_rd_vec8(&list, &name);
    s = mutls_rd_rest(&name);
    mutls_rd_merge(body, &list);
    mutls_rd_merge(body, &name);
    /* RFC 7301 §3.1: exactly one non-empty protocol, and one we offered. */
    if (body->err || s.len == 0 || mutls_rd_remaining(&list) != 0) {
        return MUTLS_ERR_DECODE;
    }
    if (!alpn_listed(hs->cfg->alpn, hs->cfg->alpn_len, s)) {
        return MUTLS_ERR_ILLEGAL_PARAMETER;
    }
    /* A vec8 holds at most 255 bytes: it fits hs->alpn with its terminator. */
    mutls_rd_copy(&name, hs->alpn, s.len);
    hs->alpn[s.len] = '\0';
    return 0;
}

int mutls_hs_ext_parse_server(mutls_hs *hs, mutls_rd *r)
{
    unsigned seen = 0;
    int got_mfl = 0;
    size_t rsl = 0;

    while (mutls_rd_remaining(r) > 0) {
        uint16_t type = mutls_rd_u16(r);
        mutls_rd body;

        mutls_rd_vec16(r, &body);
        if (r->err) {
            return MUTLS_ERR_DECODE;
        }
        TRY(note_type(hs, &seen, type));
        switch (type) {
        case MUTLS_EXT_SERVER_NAME:
            /* RFC 6066 §3: the server's acknowledgement is empty. */
            if (hs->host[0] == '\0' || hs->host_is_ip || mutls_rd_remaining(&body) != 0) {
                return MUTLS_ERR_UNSUPPORTED_EXTENSION;
            }
            break;
        case MUTLS_EXT_EC_POINT_FORMATS: {
            int uncompressed = 0;
            TRY(parse_point_formats(&body, &uncompressed));
            /* RFC 8422 §5.2: the list must contain uncompressed. */
            if (!uncompressed) {
                return MUTLS_ERR_ILLEGAL_PARAMETER;
            }
            break;
        }
        case MUTLS_EXT_ALPN:
            if (hs->cfg->alpn_len == 0) {
                return MUTLS_ERR_UNSUPPORTED_EXTENSION;
            }
            TRY(parse_server_alpn(hs, &body));
            break;
        case MUTLS_EXT_ENCRYPT_THEN_MAC:
            if (!MUTLS_WITH_CBC || !hs->etm_offered || mutls_rd_remaining(&body) != 0) {
                return MUTLS_ERR_UNSUPPORTED_EXTENSION;
            }
            hs->etm = 1;
            break;
        case MUTLS_EXT_EXTENDED_MASTER_SECRET:
            if (mutls_rd_remaining(&body) != 0) {
                return MUTLS_ERR_DECODE;
            }
            hs->ems = 1;
            break;
        case MUTLS_EXT_RENEGOTIATION_INFO:
            TRY(parse_reneg_info(hs, &body));
            hs->secure_reneg = 1;
            break;
        case MUTLS_EXT_MAX_FRAGMENT_LENGTH: {
            uint8_t code = 0;
            if (hs->mfl_code == 0) {
                return MUTLS_ERR_UNSUPPORTED_EXTENSION;
            }
            TRY(parse_mfl(&body, &code));
            /* RFC 6066 §4: the answer must repeat what we asked for. */
            if (code != hs->mfl_code) {
                hs->why = "it answered max_fragment_length with another length than we asked for";
                return MUTLS_ERR_ILLEGAL_PARAMETER;
            }
            got_mfl = 1;
            break;
        }
        case MUTLS_EXT_RECORD_SIZE_LIMIT:
            if (!hs->rsl_offered) {
                return MUTLS_ERR_UNSUPPORTED_EXTENSION;
            }
            TRY(parse_rsl(&body, &rsl));
            break;
        case MUTLS_EXT_SESSION_TICKET:
            TRY(mutls_hs_ticket_ext_server_parse(hs, &body)); /* RFC 5077 §3.2 */
            break;
        default:
            /* RFC 5246 §7.4.1.4: the server may only answer what we asked. */
            return MUTLS_ERR_UNSUPPORTED_EXTENSION;
        }
    }
    if (r->err) {
        return MUTLS_ERR_DECODE;
    }
    /* RFC 8449 §5: a server that knows record_size_limit ignores max_fragment_length, so
     * both in one ServerHello is an error. */
    if (got_mfl && rsl != 0) {
        hs->why = "it answered both max_fragment_length and record_size_limit (RFC 8449 §5)";
        return MUTLS_ERR_ILLEGAL_PARAMETER;
    }
    if (got_mfl) {
        /* RFC 6066 §4: the length binds both directions, so the server's records too; a
         * larger one is a record_overflow (as TLS-Anvil's client-mode enforcesRecordLimit). */
        hold_to(hs, mfl_bytes(hs->mfl_code));
        mutls_rec_set_recv_limit(&hs->rec, mfl_bytes(hs->mfl_code));
    } else if (rsl != 0) {
        hold_to(hs, rsl);
    }
    /* From here on mfl_code is the length agreed, as on the server: a session keeps it, and
     * a resumed one must get the same (RFC 6066 §4; hs_session.c checks). */
    if (!got_mfl) {
        hs->mfl_code = 0;
    }
    return 0;
}

/* ------------------------------------------------------------ server side */

/*
 * struct { NameType name_type; select (name_type) { case host_name: HostName; } name; }
 *     ServerName;
 * opaque HostName<1..2^16-1>;
 * struct { ServerName server_name_list<1..2^16-1>; } ServerNameList;
 */
static int parse_sni(mutls_hs *hs, mutls_rd *body)
{
    mutls_rd list;
    int host_names = 0;

    mutls_rd_vec16(body, &list);
    if (mutls_rd_remaining(&list) == 0) {
        return MUTLS_ERR_DECODE; /* RFC 6066 §3: the list is never empty */
    }
    while (mutls_rd_remaining(&list) > 0) {
        uint8_t type = mutls_rd_u8(&list);
        mutls_rd name;
        mutls_rd_vec16(&list, &name);
        mutls_slice s = mutls_rd_rest(&name);
        if (list.err || (type == 0 && s.len == 0)) {
            return MUTLS_ERR_DECODE; /* a HostName has at least one byte */
        }
        /* RFC 6066 §3: at most one name of each type; a second host_name is refused. */
        if (type == 0 && ++host_names > 1) {
            hs->why = "its server_name lists more than one host_name";
            return MUTLS_ERR_ILLEGAL_PARAMETER;
        }
        /* RFC 6066 §3: an ASCII host name without a trailing dot (tlsfuzzer's
         * test-invalid-server-name-extension expects illegal_parameter for NUL, BEL, UTF-8
         * and escape sequences). A valid name too long to keep is merely not kept. */
        if (type == 0 && any_host_byte_bad(s)) {
            hs->why = "its server_name is not an ASCII host name (RFC 6066 §3)";
            return MUTLS_ERR_ILLEGAL_PARAMETER;
        }
        if (type == 0 && s.len < MUTLS_HOST_MAX) {
            mutls_rd_copy(&name, hs->host, s.len);
            hs->host[s.len] = '\0';
        }
    }
    mutls_rd_merge(body, &list);
    return end_of(body);
}

/* NamedGroup named_group_list<2..2^16-1> (RFC 8422 §5.1.1): empty or odd is a decode
 * error. *rfc8422 becomes 1 when the list names a curve RFC 8422 defines (secp256r1,
 * secp384r1, secp521r1, x25519, x448), which the point format rule of §5.1.2 depends on. */
static int parse_groups(mutls_hs *hs, mutls_rd *body, int *rfc8422)
{
    mutls_rd list;

    mutls_rd_vec16(body, &list);
    if (body->err || mutls_rd_remaining(&list) == 0 || mutls_rd_remaining(&list) % 2 != 0) {
        return MUTLS_ERR_DECODE;
    }
    while (mutls_rd_remaining(&list) > 0) {
        uint16_t g = mutls_rd_u16(&list);
        if (g == MUTLS_CURVE_P256) {
            hs->peer_groups_ok |= 1;
        } else if (g == MUTLS_CURVE_P384) {
            hs->peer_groups_ok |= 2;
        }
        *rfc8422 |= (g >= 23 && g <= 25) || g == 29 || g == 30;
    }
    hs->peer_sent_groups = 1;
    mutls_rd_merge(body, &list);
    return end_of(body);
}

/* The position of the non-empty @p name in our ProtocolNameList, or 0 when it is not there
 * (positions count from 1). */
static size_t alpn_rank(const struct mutls_config *cfg, mutls_slice name)
{
    mutls_rd ours;
    size_t rank = 0;

    mutls_rd_init(&ours, cfg->alpn, cfg->alpn_len);
    while (mutls_rd_remaining(&ours) > 0) {
        mutls_rd one;
        mutls_rd_vec8(&ours, &one);
        mutls_slice o = mutls_rd_rest(&one);
        rank++;
        if (o.len == name.len && o.len > 0 && memcmp(o.p, name.p, o.len) == 0) {
            return rank;
        }
    }
    return 0;
}

/*
 * RFC 7301 §3.1: a non-empty ProtocolNameList of non-empty names, of any length the hello
 * allows. The server's choice is made here, while the list goes by: of the names we also
 * speak, the one we prefer (§3.2 leaves the order to the server) is kept in hs->peer_alpn
 * as a one-name list, so a long list naming our protocol late still selects it.
 */
static int parse_client_alpn(mutls_hs *hs, mutls_rd *body)
{
    mutls_rd list;
    size_t best = 0;

    mutls_rd_vec16(body, &list);
    if (body->err || mutls_rd_remaining(&list) == 0) {
        return MUTLS_ERR_DECODE;
    }
    hs->peer_alpn_len = 0;
    while (mutls_rd_remaining(&list) > 0) {
        mutls_rd name;
        mutls_slice n;
        size_t rank;

        mutls_rd_vec8(&list, &name);
        n = mutls_rd_rest(&name);
        if (list.err || n.len == 0) {
            return MUTLS_ERR_DECODE;
        }
        rank = alpn_rank(hs->cfg, n);
        if (rank != 0 && (best == 0 || rank < best)) {
            /* a vec8: with its length byte it fits the 256 bytes of peer_alpn */
            best = rank;
            hs->peer_alpn[0] = (uint8_t)n.len;
            mutls_rd_copy(&name, hs->peer_alpn + 1, n.len);
            hs->peer_alpn_len = n.len + 1;
        }
    }
    mutls_rd_merge(body, &list);
    TRY(end_of(body));
    hs->peer_alpn_sent = 1;
    return 0;
}

int mutls_hs_ext_parse_client(mutls_hs *hs, mutls_rd *r)
{
    unsigned seen = 0;
    int sent_formats = 0, named_rfc8422 = 0;

    while (mutls_rd_remaining(r) > 0) {
        uint16_t type = mutls_rd_u16(r);
        mutls_rd body;

        mutls_rd_vec16(r, &body);
        if (r->err) {
            return MUTLS_ERR_DECODE;
        }
        TRY(note_type(hs, &seen, type));
        switch (type) {
        case MUTLS_EXT_SERVER_NAME:
            TRY(parse_sni(hs, &body));
            break;
        case MUTLS_EXT_SUPPORTED_GROUPS:
            TRY(parse_groups(hs, &body, &named_rfc8422));
            break;
        case MUTLS_EXT_EC_POINT_FORMATS:
            TRY(parse_point_formats(&body, &hs->peer_point_formats_ok));
            sent_formats = 1;
            break;
        case MUTLS_EXT_SIGNATURE_ALGORITHMS:
            TRY(mutls_hs_parse_schemes(hs, &body));
            TRY(end_of(&body));
            break;
        case MUTLS_EXT_ALPN:
            TRY(parse_client_alpn(hs, &body));
            break;
        case MUTLS_EXT_ENCRYPT_THEN_MAC:
            if (!MUTLS_WITH_CBC) {
                break; /* unknown to a build without CBC suites */
            }
            TRY(mutls_rd_remaining(&body) != 0 ? MUTLS_ERR_DECODE : 0);
            hs->peer_offered_etm = 1;
            break;
        case MUTLS_EXT_EXTENDED_MASTER_SECRET:
            TRY(mutls_rd_remaining(&body) != 0 ? MUTLS_ERR_DECODE : 0);
            hs->peer_offered_ems = 1;
            break;
        case MUTLS_EXT_RENEGOTIATION_INFO:
            TRY(parse_reneg_info(hs, &body));
            hs->peer_offered_reneg = 1;
            break;
        case MUTLS_EXT_SUPPORTED_VERSIONS: {
            mutls_rd list;
            mutls_rd_vec8(&body, &list);
            hs->peer_sent_versions = 1;
            while (mutls_rd_remaining(&list) > 0) {
                uint16_t v = mutls_rd_u16(&list);
                hs->peer_offered_tls13 |= v == 0x0304;
                hs->peer_offered_tls12 |= v == MUTLS_TLS12;
            }
            break;
        }
        case MUTLS_EXT_MAX_FRAGMENT_LENGTH:
            TRY(parse_mfl(&body, &hs->mfl_code));
            break;
        case MUTLS_EXT_RECORD_SIZE_LIMIT:
            TRY(parse_rsl(&body, &hs->peer_rsl));
            break;
        case MUTLS_EXT_SESSION_TICKET:
            TRY(mutls_hs_ticket_ext_client_parse(hs, &body)); /* RFC 5077 §3.2 */
            break;
        case EXT_PADDING:
            TRY(parse_padding(hs, &body));
            break;
        default:
            break; /* RFC 5246 §7.4.1.4: unknown extensions are ignored */
        }
    }
    if (r->err) {
        return MUTLS_ERR_DECODE;
    }
    /* RFC 8422 §5.1.2: a point format list without uncompressed, from a client whose
     * supported_groups names a curve of that RFC, MUST abort the handshake with
     * illegal_parameter, whatever suite would be chosen (tlsfuzzer's test-point-extension
     * expects the same). Without such a group the hello may still go on without ECDHE (a
     * static-RSA suite): we could not send the client a point it reads. */
    if (sent_formats && !hs->peer_point_formats_ok) {
        if (named_rfc8422) {
            hs->why = "its ec_point_formats lacks uncompressed while it offers curves "
                      "(RFC 8422 §5.1.2)";
            return MUTLS_ERR_ILLEGAL_PARAMETER;
        }
        hs->peer_groups_ok = 0;
        hs->peer_sent_groups = 1;
    }
    /* RFC 8449 §5: with both, we answer record_size_limit alone. We still keep under a
     * smaller max_fragment_length: smaller records are always allowed, and a client that
     * sends both (GnuTLS, which also counts TLS 1.3's content-type byte in its value) may
     * enforce the smaller one. Either limit holds from our ServerHello on (RFC 6066 §4 asks
     * for that at once; RFC 8449 only for protected records, so earlier is merely stricter). */
    if (hs->peer_rsl != 0) {
        size_t limit = hs->peer_rsl;
        /* A client that also offered TLS 1.3 may have counted 1.3's content-type byte in
         * its value (RFC 8449 §4), and GnuTLS then holds TLS 1.2 records to one byte less:
         * one byte under its value suits either reading. */
        if (hs->peer_offered_tls13 && limit > MUTLS_REC_MIN_FRAGMENT) {
            limit--;
        }
        if (hs->mfl_code != 0 && mfl_bytes(hs->mfl_code) < limit) {
            limit = mfl_bytes(hs->mfl_code);
        }
        hs->mfl_code = 0;
        hold_to(hs, limit);
    } else if (hs->mfl_code != 0) {
        hold_to(hs, mfl_bytes(hs->mfl_code));
        /* RFC 6066 §4: the length we agree to binds the client's records too; a larger one
         * is a record_overflow (TLS-Anvil's MaxFragmentLengthExtension.enforcesRecordLimit). */
        mutls_rec_set_recv_limit(&hs->rec, mfl_bytes(hs->mfl_code));
    }
    return 0;
}

int mutls_hs_ext_choose_alpn(mutls_hs *hs)
{
    mutls_rd ours;

    if (!hs->peer_alpn_sent || hs->cfg->alpn_len == 0) {
        return 0;
    }
    /* Server preference: the first of our protocols the client also lists. */
    mutls_rd_init(&ours, hs->cfg->alpn, hs->cfg->alpn_len);
    while (mutls_rd_remaining(&ours) > 0) {
        mutls_rd one;
        mutls_rd_vec8(&ours, &one);
        mutls_slice o = mutls_rd_rest(&one);
        if (alpn_listed(hs->peer_alpn, hs->peer_alpn_len, o)) {
            memcpy(hs->alpn, o.p, o.len); /* a vec8: it fits hs->alpn with its terminator */
            hs->alpn[o.len] = '\0';
            return 0;
        }
    }
    /* RFC 7301 §3.2: no protocol in common is a fatal no_application_protocol. */
    return MUTLS_ERR_NO_APPLICATION_PROTOCOL;
}

void mutls_hs_ext_write_server(mutls_hs *hs, mutls_wr *w)
{
    size_t exts = mutls_wr_vec16_begin(w);

    /* RFC 6066 §3: a server that chose its certificate by the server_name says so with an
     * empty extension. Only a full handshake chooses one; a resumed one never answers it. */
    if (hs->sni_used) {
        put_ext(w, MUTLS_EXT_SERVER_NAME, 0);
    }
    if (hs->secure_reneg) {
        put_ext(w, MUTLS_EXT_RENEGOTIATION_INFO, 1);
        mutls_wr_u8(w, 0);
    }
    if (hs->ems) {
        put_ext(w, MUTLS_EXT_EXTENDED_MASTER_SECRET, 0);
    }
    if (MUTLS_WITH_CBC && hs->etm) {
        put_ext(w, MUTLS_EXT_ENCRYPT_THEN_MAC, 0);
    }
    if (hs->f_ecdhe && hs->peer_point_formats_ok) {
        put_ext(w, MUTLS_EXT_EC_POINT_FORMATS, 2);
        mutls_wr_u8(w, 1);
        mutls_wr_u8(w, 0);
    }
    if (hs->peer_rsl != 0) {
        /* RFC 8449 §4: our own limit, announced to a client that understands it. */
        put_ext(w, MUTLS_EXT_RECORD_SIZE_LIMIT, 2);
        mutls_wr_u16(w, (uint16_t)hs->cfg->record_limit);
    } else if (hs->mfl_code != 0) {
        /* RFC 6066 §4: accepting repeats the requested length. */
        put_ext(w, MUTLS_EXT_MAX_FRAGMENT_LENGTH, 1);
        mutls_wr_u8(w, hs->mfl_code);
    }
    if (hs->alpn[0] != '\0') {
        size_t n = strlen(hs->alpn);
        put_ext(w, MUTLS_EXT_ALPN, (uint16_t)(n + 3));
        mutls_wr_u16(w, (uint16_t)(n + 1));
        mutls_wr_u8(w, (uint8_t)n);
        mutls_wr_bytes(w, hs->alpn, n);
    }
    mutls_hs_ticket_ext_server(hs, w); /* RFC 5077 §3.2 (hs_ticket.c) */
    mutls_wr_vec16_end(w, exts);
}
