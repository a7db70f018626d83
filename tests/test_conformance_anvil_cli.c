/* SPDX-License-Identifier: MIT */
/*
 * test_conformance_anvil_cli.c - the client side of the TLS-Anvil audit (session 6): the
 * TLS 1.2 client tests of TLS-Anvil (tests/client/tls12, tests/both/tls12 seen from the
 * client, and the length-field tests of tests/both/lengthfield) replayed against a real
 * mutls client by a scripted server (hs_script.h). TLS-Anvil judges a negative test passed
 * when the client sends a fatal alert and closes; here every probe asserts the exact error
 * and the exact alert on the wire as well. Each test names the Anvil class and method it
 * follows. Covered here, and not by test_conn_negative*.c, test_hostile*.c or
 * test_conformance*.c:
 *   - ServerHello: encrypt_then_mac echoed with an AEAD suite (RFC 7366 §3), extensions we
 *     did not ask for, GREASE included (RFC 5246 §7.4.1.4, RFC 8701 §4), a compression,
 *     version or cipher suite we did not offer (RFC 5246 §7.4.1.3, appendix E.1), a
 *     max_fragment_length we did not ask for (RFC 6066 §4);
 *   - ServerKeyExchange: a group or signature scheme we did not offer, GREASE or anonymous
 *     (RFC 8422 §5.4, RFC 5246 §7.4.1.4.1), flipped signature bits (decrypt_error), points
 *     not on the curve or not uncompressed (RFC 8422 §5.4/§5.10);
 *   - every length field of the server's messages one off (decode_error or refused);
 *   - records: an undefined content type, empty handshake and ChangeCipherSpec records, a
 *     ChangeCipherSpec that is not the single byte 1 (RFC 5246 §6.2.1, §7.1), a Finished made
 *     with the wrong PRF hash, an encrypted Finished without ChangeCipherSpec;
 *   - what the ClientHello must and must not contain, and full handshakes for every suite
 *     the client offers (HappyFlow, respectsPointFormat, encryptThenMacTest).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "anvil_script.h"
#include "hs_pair.h"
#include "testutil.h"

#include <cmocka.h>

/* ------------------------------------------------------------ ServerHello */

/* EncThenMacExtension.sendEncThenMacExtWithNonBlockCiphers (RFC 7366 §3): a server that
 * picks an AEAD suite must not echo encrypt_then_mac. A server that does anyway breaks a
 * MUST and says it would protect records in a way the suite has no room for: abort with
 * illegal_parameter rather than guess what it will do. */
static void test_anvil_cli_etm_with_aead_suite_illegal_parameter(void **state)
{
    static const char *const aead[] = {"ECDHE-RSA-AES128-GCM-SHA256",
                                       "ECDHE-ECDSA-CHACHA20-POLY1305",
                                       "ECDHE-RSA-AES256-GCM-SHA384"};

    (void)state;
    if (!hp_have_cbc()) {
        skip(); /* encrypt_then_mac is only offered with a CBC suite in the list */
    }
    for (size_t i = 0; i < sizeof(aead) / sizeof(aead[0]); i++) {
        char list[128];
        anvil a;
        flight f;

        snprintf(list, sizeof(list), "%s:ECDHE-RSA-AES128-SHA256", aead[i]);
        anv_open(&a, list);
        hss_expect(&a.s, MUTLS_HS_CLIENT_HELLO, mutls_hs_parse_client_hello);
        a.s.h.suite = mutls_hs_suite_by_name(aead[i], strlen(aead[i]));
        a.s.h.etm = 1; /* echo it anyway */
        memset(&f, 0, sizeof(f));
        anv_add_msg(&a, &f, M_SH, MUTLS_HS_SERVER_HELLO, mutls_hs_write_server_hello);
        assert_true(anv_sh_find_ext(&f, 22) != 0);
        anv_send_flight(&a, &f);
        anv_expect_failed(&a, MUTLS_ERR_ILLEGAL_PARAMETER, MUTLS_ALERT_ILLEGAL_PARAMETER);
        anv_close(&a);
    }
}

/* ServerHello.sendAdditionalExtension (RFC 5246 §7.4.1.4) and
 * ServerInitiatedExtensionPoints.sendServerHelloGreaseExtension (RFC 8701 §4): padding,
 * GREASE values, and encrypt_then_mac to a client that did not offer it (AEAD only). */
static void test_anvil_cli_server_hello_unrequested_extension_unsupported_extension(void **s)
{
    static const uint16_t types[] = {21, 0x0a0a, 0x3a3a, 0xfafa, 0xe404, 22, 0x1234};
    static const uint8_t zeros[25] = {0};

    (void)s;
    for (size_t i = 0; i < sizeof(types) / sizeof(types[0]); i++) {
        anvil a;
        flight f;

        anv_open(&a, "ECDHE-RSA-AES128-GCM-SHA256:ECDHE-ECDSA-AES128-GCM-SHA256");
        anv_build_flight(&a, &f);
        anv_sh_add_ext(&f, types[i], zeros, types[i] == 21 ? 10 : types[i] == 22 ? 0 : 25);
        anv_send_flight(&a, &f);
        anv_expect_failed(&a, MUTLS_ERR_UNSUPPORTED_EXTENSION, MUTLS_ALERT_UNSUPPORTED_EXTENSION);
        anv_close(&a);
    }
}

/* ServerHello.selectUnproposedCompressionMethod (RFC 5246 §7.4.1.3). */
static void test_anvil_cli_server_hello_unproposed_compression_illegal_parameter(void **state)
{
    static const uint8_t methods[] = {1, 0x40, 0xff};

    (void)state;
    for (size_t i = 0; i < sizeof(methods); i++) {
        anvil a;
        flight f;

        anv_open(&a, NULL);
        anv_build_flight(&a, &f);
        f.b[anv_sh_exts(&f) - 1] = methods[i];
        anv_send_flight(&a, &f);
        anv_expect_failed(&a, MUTLS_ERR_ILLEGAL_PARAMETER, MUTLS_ALERT_ILLEGAL_PARAMETER);
        anv_close(&a);
    }
}

/* E1CompatibilityWithTLS10_11andSSL30.selectUnsupportedVersion (RFC 5246 appendix E.1) and
 * ServerInitiatedExtensionPoints.selectGreaseVersion (RFC 8701 §4). */
static void test_anvil_cli_server_hello_unsupported_version_protocol_version(void **state)
{
    static const uint16_t versions[] = {0x030f, 0x0a0a, 0x7a7a, 0x0300, 0x0301,
                                        0x0302, 0x0304, 0x0203, 0xfefd};

    (void)state;
    for (size_t i = 0; i < sizeof(versions) / sizeof(versions[0]); i++) {
        anvil a;
        flight f;

        anv_open(&a, NULL);
        anv_build_flight(&a, &f);
        anv_put16(f.b + f.at[M_SH] + 4, versions[i]);
        anv_send_flight(&a, &f);
        anv_expect_failed(&a, MUTLS_ERR_PROTOCOL_VERSION, MUTLS_ALERT_PROTOCOL_VERSION);
        anv_close(&a);
    }
}

/* ServerInitiatedExtensionPoints.selectGreaseCipherSuite (RFC 8701 §4), RC4Ciphersuites
 * (RFC 7465 §2), A5CipherSuite (RFC 5246 appendix A.5: NULL_WITH_NULL_NULL and anonymous
 * suites are never negotiated): a suite we did not offer. */
static void test_anvil_cli_server_hello_unoffered_suite_illegal_parameter(void **state)
{
    static const uint16_t suites[] = {0x0a0a, 0xdada, 0x0005, 0xc011, 0x0000,
                                      0xc018, 0x00ff, 0x5600, 0x1301};

    (void)state;
    for (size_t i = 0; i < sizeof(suites) / sizeof(suites[0]); i++) {
        anvil a;
        flight f;

        anv_open(&a, NULL);
        anv_build_flight(&a, &f);
        anv_put16(f.b + anv_sh_exts(&f) - 3, suites[i]);
        anv_send_flight(&a, &f);
        anv_expect_failed(&a, MUTLS_ERR_ILLEGAL_PARAMETER, MUTLS_ALERT_ILLEGAL_PARAMETER);
        anv_close(&a);
    }
}

/* MaximumFragmentLength.invalidMaximumFragmentLength and .unrequestedMaximumFragmentLength
 * (RFC 6066 §4): the answer must be the code we asked for (1 here: 2^9). */
static void test_anvil_cli_max_fragment_length_invalid_or_unrequested_illegal_parameter(void **s)
{
    static const uint8_t codes[] = {5, 0, 2, 4, 0xff};

    (void)s;
    for (size_t i = 0; i < sizeof(codes); i++) {
        mutls_config *cli = anv_client_cfg(NULL);
        size_t off;
        anvil a;
        flight f;

        assert_int_equal(mutls_config_set_record_limit(cli, 512), 0);
        anv_open_cfg(&a, cli);
        hss_expect(&a.s, MUTLS_HS_CLIENT_HELLO, mutls_hs_parse_client_hello);
        /* our script server prefers record_size_limit: make it answer max_fragment_length */
        a.s.h.peer_rsl = 0;
        a.s.h.mfl_code = 1;
        memset(&f, 0, sizeof(f));
        anv_add_msg(&a, &f, M_SH, MUTLS_HS_SERVER_HELLO, mutls_hs_write_server_hello);
        off = anv_sh_find_ext(&f, 1);
        assert_true(off != 0);
        f.b[off + 4] = codes[i];
        anv_send_flight(&a, &f);
        anv_expect_failed(&a, MUTLS_ERR_ILLEGAL_PARAMETER, MUTLS_ALERT_ILLEGAL_PARAMETER);
        anv_close(&a);
    }
}

/* ------------------------------------------------------------ ServerKeyExchange */

/* Sign and send a ServerKeyExchange over our own @p group and point bytes, then the rest of
 * the flight (the script's state is that of build_flight). */
static void send_flight_with_ske(anvil *a, flight *f, uint16_t group, const uint8_t *point,
                                 size_t len)
{
    uint8_t data[256], msg[1200];
    mutls_wr d, w;
    size_t mark;

    mutls_wr_init(&d, data, sizeof(data));
    mutls_wr_bytes(&d, a->s.h.client_random, 32);
    mutls_wr_bytes(&d, a->s.h.server_random, 32);
    mutls_wr_u8(&d, 3);
    mutls_wr_u16(&d, group);
    mutls_wr_u8(&d, (uint8_t)len);
    mutls_wr_bytes(&d, point, len);
    mutls_wr_init(&w, msg, sizeof(msg));
    mutls_wr_u8(&w, MUTLS_HS_SERVER_KEY_EXCHANGE);
    mark = mutls_wr_vec24_begin(&w);
    mutls_wr_bytes(&w, data + 64, mutls_wr_len(&d) - 64);
    assert_int_equal(mutls_hs_put_signature(&a->s.h, &w, data, mutls_wr_len(&d), 0), 0);
    mutls_wr_vec24_end(&w, mark);
    assert_int_equal(w.err, 0);
    hss_send_raw(&a->s, MUTLS_CT_HANDSHAKE, f->b, f->at[M_SKE]);
    hss_send_raw(&a->s, MUTLS_CT_HANDSHAKE, msg, mutls_wr_len(&w));
    hss_send_raw(&a->s, MUTLS_CT_HANDSHAKE, f->b + f->at[M_CR], f->len - f->at[M_CR]);
}

/* ServerInitiatedExtensionPoints.selectGreaseNamedGroup (RFC 8701 §4) and
 * ServerKeyExchange.acceptsUnproposedNamedGroup (RFC 8422 §5.4): we offered secp256r1 and
 * secp384r1 only; the signature over the other group is good. */
static void test_anvil_cli_ske_grease_or_unproposed_group_illegal_parameter(void **state)
{
    static const uint16_t groups[] = {0x0a0a, 0x2a2a, 0x001d, 0x001e, 0x0019,
                                      0x001a, 0x0015, 0x0100, 0xff01};
    uint8_t point[65];

    (void)state;
    memset(point, 0x5a, sizeof(point));
    point[0] = 4;
    for (size_t i = 0; i < sizeof(groups) / sizeof(groups[0]); i++) {
        anvil a;
        flight f;

        anv_open(&a, "ECDHE-RSA-AES128-GCM-SHA256");
        anv_build_flight(&a, &f);
        send_flight_with_ske(&a, &f, groups[i], point, groups[i] == 0x001d ? 32 : 65);
        anv_expect_failed(&a, MUTLS_ERR_ILLEGAL_PARAMETER, MUTLS_ALERT_ILLEGAL_PARAMETER);
        anv_close(&a);
    }
}

/* TLSExtensionForECC.rejectsInvalidCurvePoints (RFC 8422 §5.4 and §5.10): points that are
 * not on secp256r1 (small-order points of other curves among them), coordinates not below
 * the field prime, and encodings other than uncompressed; each signed correctly. */
static void test_anvil_cli_ske_invalid_curve_points_illegal_parameter(void **state)
{
    uint8_t pts[6][65];
    size_t lens[6] = {65, 65, 65, 33, 1, 65};

    (void)state;
    memset(pts, 0, sizeof(pts));
    pts[0][0] = 4; /* (0, 0) */
    memset(pts[1], 0xff, 65);
    pts[1][0] = 4; /* x, y = 2^256 - 1, above the prime */
    pts[2][0] = 4;
    pts[2][32] = 1;
    pts[2][64] = 1; /* (1, 1) */
    pts[3][0] = 2;  /* compressed */
    pts[3][32] = 3;
    pts[4][0] = 0; /* the point at infinity */
    pts[5][0] = 6; /* hybrid form of (0, 0) */
    for (size_t i = 0; i < 6; i++) {
        anvil a;
        flight f;

        anv_open(&a, "ECDHE-ECDSA-AES128-GCM-SHA256");
        anv_build_flight(&a, &f);
        send_flight_with_ske(&a, &f, 23, pts[i], lens[i]);
        anv_expect_failed(&a, MUTLS_ERR_ILLEGAL_PARAMETER, MUTLS_ALERT_ILLEGAL_PARAMETER);
        anv_close(&a);
    }
}

/* ServerKeyExchange.acceptsUnproposedSignatureAndHash, .acceptsAnonSignatureForNonAnonymous-
 * CipherSuite (RFC 5246 §7.4.1.4.1, §7.4.3) and ServerInitiatedExtensionPoints.
 * selectGreaseSignatureAlgorithm (RFC 8701 §4): a scheme we did not offer (SHA-1, SHA-224,
 * anonymous, RSASSA-PSS with PSS keys, EdDSA, GREASE), or one of ours that does not fit the
 * server's key. */
static void test_anvil_cli_ske_unoffered_sig_hash_illegal_parameter(void **state)
{
    static const struct {
        const char *suite;
        uint16_t alg;
    } cases[] = {
        {"ECDHE-RSA-AES128-GCM-SHA256", 0x0201},   {"ECDHE-RSA-AES128-GCM-SHA256", 0x0301},
        {"ECDHE-RSA-AES128-GCM-SHA256", 0x0400},   {"ECDHE-RSA-AES128-GCM-SHA256", 0x0809},
        {"ECDHE-RSA-AES128-GCM-SHA256", 0x0a0a},   {"ECDHE-RSA-AES128-GCM-SHA256", 0x0403},
        {"ECDHE-ECDSA-AES128-GCM-SHA256", 0x0203}, {"ECDHE-ECDSA-AES128-GCM-SHA256", 0x0807},
        {"ECDHE-ECDSA-AES128-GCM-SHA256", 0x0603}, {"ECDHE-ECDSA-AES128-GCM-SHA256", 0x0400},
        {"ECDHE-ECDSA-AES128-GCM-SHA256", 0x0401}, {"ECDHE-ECDSA-AES128-GCM-SHA256", 0xeaea},
    };

    (void)state;
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        anvil a;
        flight f;

        anv_open(&a, cases[i].suite);
        anv_build_flight(&a, &f);
        anv_put16(f.b + anv_ske_sigalg(&f), cases[i].alg);
        if ((cases[i].alg & 0xff) == 0) {
            /* anonymous: and no signature, as Anvil sends it */
            size_t sl = anv_ske_sigalg(&f) + 2, n = anv_get16(f.b + sl);
            memmove(f.b + sl + 2, f.b + sl + 2 + n, f.len - (sl + 2 + n));
            f.len -= n;
            anv_put16(f.b + sl, 0);
            anv_put24(f.b + f.at[M_SKE] + 1, anv_get24(f.b + f.at[M_SKE] + 1) - (uint32_t)n);
            f.at[M_CR] -= n;
            f.at[M_SHD] -= n;
        }
        anv_send_flight(&a, &f);
        anv_expect_failed(&a, MUTLS_ERR_ILLEGAL_PARAMETER, MUTLS_ALERT_ILLEGAL_PARAMETER);
        anv_close(&a);
    }
}

/* ServerKeyExchange.invalidServerKeyExchangeSignature (RFC 5246 §7.4.3): one bit of the
 * signature flipped anywhere, RSA-PSS and ECDSA (inside the DER and in its
 * framing): decrypt_error, as for any signature that does not verify. */
static void test_anvil_cli_ske_signature_bit_flips_decrypt_error(void **state)
{
    static const char *const suites[] = {"ECDHE-RSA-AES128-GCM-SHA256",
                                         "ECDHE-ECDSA-AES128-GCM-SHA256"};
    static const size_t where[] = {0, 1, 2, 3, 5, 37, 1000};

    (void)state;
    for (size_t k = 0; k < 2; k++) {
        for (size_t i = 0; i < sizeof(where) / sizeof(where[0]); i++) {
            anvil a;
            flight f;
            size_t sig, n;

            anv_open(&a, suites[k]);
            anv_build_flight(&a, &f);
            sig = anv_ske_sigalg(&f) + 4;
            n = anv_get16(f.b + sig - 2);
            f.b[sig + (where[i] < n ? where[i] : n - 1)] ^= (uint8_t)(1u << (i % 8));
            anv_send_flight(&a, &f);
            anv_expect_failed(&a, MUTLS_ERR_BAD_SIGNATURE, MUTLS_ALERT_DECRYPT_ERROR);
            anv_close(&a);
        }
    }
}

/* ------------------------------------------------------------ length fields */

typedef void (*edit_fn)(flight *f);

static void sh_length_minus_1(flight *f)
{
    anv_put24(f->b + f->at[M_SH] + 1, anv_get24(f->b + f->at[M_SH] + 1) - 1);
}

static void sh_sid_length_plus_1(flight *f)
{
    f->b[f->at[M_SH] + 4 + 34] += 1;
}

static void sh_exts_length_minus_1(flight *f)
{
    anv_put16(f->b + anv_sh_exts(f), (uint16_t)(anv_get16(f->b + anv_sh_exts(f)) - 1));
}

static void sh_exts_length_plus_1(flight *f)
{
    anv_put16(f->b + anv_sh_exts(f), (uint16_t)(anv_get16(f->b + anv_sh_exts(f)) + 1));
}

static void cert_length_minus_1(flight *f)
{
    anv_put24(f->b + f->at[M_CERT] + 1, anv_get24(f->b + f->at[M_CERT] + 1) - 1);
}

static void cert_list_length_minus_1(flight *f)
{
    anv_put24(f->b + f->at[M_CERT] + 4, anv_get24(f->b + f->at[M_CERT] + 4) - 1);
}

static void ske_length_minus_1(flight *f)
{
    anv_put24(f->b + f->at[M_SKE] + 1, anv_get24(f->b + f->at[M_SKE] + 1) - 1);
}

static void ske_point_length_minus_1(flight *f)
{
    f->b[f->at[M_SKE] + 4 + 3] -= 1;
}

static void ske_sig_length_minus_1(flight *f)
{
    size_t p = anv_ske_sigalg(f) + 2;

    anv_put16(f->b + p, (uint16_t)(anv_get16(f->b + p) - 1));
}

static void ext_length(flight *f, uint16_t type, int delta)
{
    size_t off = anv_sh_find_ext(f, type);

    assert_true(off != 0);
    anv_put16(f->b + off + 2, (uint16_t)(anv_get16(f->b + off + 2) + delta));
}

static void point_formats_length_minus_1(flight *f)
{
    ext_length(f, 11, -1);
}

static void point_formats_list_minus_1(flight *f)
{
    f->b[anv_sh_find_ext(f, 11) + 4] -= 1;
}

static void ems_length_plus_1(flight *f)
{
    ext_length(f, 23, 1);
}

static void etm_length_plus_1(flight *f)
{
    ext_length(f, 22, 1);
}

static void reneg_info_length_plus_1(flight *f)
{
    f->b[anv_sh_find_ext(f, 0xff01) + 4] += 1;
}

static void lengthfield_case(const char *suites, edit_fn edit, int sh_alone, int code, int alert)
{
    anvil a;
    flight f;

    anv_open(&a, suites);
    anv_build_flight(&a, &f);
    edit(&f);
    if (sh_alone) {
        /* Anvil sends a ServerHello whose length is edited in a record of its own */
        hss_send_raw(&a.s, MUTLS_CT_HANDSHAKE, f.b, f.at[M_CERT]);
        hss_send_raw(&a.s, MUTLS_CT_HANDSHAKE, f.b + f.at[M_CERT], f.len - f.at[M_CERT]);
    } else {
        anv_send_flight(&a, &f);
    }
    anv_expect_failed(&a, code, alert);
    anv_close(&a);
}

/* lengthfield.Hello (helloLength, helloSessionIdLength, helloExtensionsLength, client side)
 * and lengthfield.extensions.* (ECPointFormat, ExtendedMasterSecret, EncryptThenMac,
 * Renegotiation): RFC 5246 §4.3 vectors that disagree with their contents. */
static void test_anvil_cli_lengthfield_server_hello_decode_error(void **state)
{
    static const edit_fn edits[] = {
        sh_length_minus_1,     sh_sid_length_plus_1,         sh_exts_length_minus_1,
        sh_exts_length_plus_1, point_formats_length_minus_1, point_formats_list_minus_1,
        ems_length_plus_1,     reneg_info_length_plus_1};

    (void)state;
    for (size_t i = 0; i < sizeof(edits) / sizeof(edits[0]); i++) {
        for (int alone = 0; alone <= 1; alone++) {
            lengthfield_case("ECDHE-RSA-AES128-GCM-SHA256", edits[i], alone, MUTLS_ERR_DECODE,
                             MUTLS_ALERT_DECODE_ERROR);
        }
    }
    if (hp_have_cbc()) {
        /* a non-empty encrypt_then_mac is refused as an extension we did not ask for */
        lengthfield_case("ECDHE-RSA-AES128-SHA256", etm_length_plus_1, 0,
                         MUTLS_ERR_UNSUPPORTED_EXTENSION, MUTLS_ALERT_UNSUPPORTED_EXTENSION);
    }
}

/* lengthfield.Certificate (certificateMessageLength, certificateListLength) and
 * lengthfield.ServerKeyExchange (serverKeyExchangeLength, ...SignatureLength,
 * ...PublicKeyLength): a point one byte short is not an uncompressed point of the curve
 * (illegal_parameter); every other field one off leaves the message malformed. */
static void test_anvil_cli_lengthfield_certificate_and_ske_refused(void **state)
{
    static const char *const suites[] = {"ECDHE-RSA-AES128-GCM-SHA256",
                                         "ECDHE-ECDSA-AES256-GCM-SHA384"};

    (void)state;
    for (size_t k = 0; k < 2; k++) {
        lengthfield_case(suites[k], cert_length_minus_1, 0, MUTLS_ERR_DECODE,
                         MUTLS_ALERT_DECODE_ERROR);
        lengthfield_case(suites[k], cert_list_length_minus_1, 0, MUTLS_ERR_DECODE,
                         MUTLS_ALERT_DECODE_ERROR);
        lengthfield_case(suites[k], ske_length_minus_1, 0, MUTLS_ERR_DECODE,
                         MUTLS_ALERT_DECODE_ERROR);
        lengthfield_case(suites[k], ske_sig_length_minus_1, 0, MUTLS_ERR_DECODE,
                         MUTLS_ALERT_DECODE_ERROR);
        lengthfield_case(suites[k], ske_point_length_minus_1, 0, MUTLS_ERR_ILLEGAL_PARAMETER,
                         MUTLS_ALERT_ILLEGAL_PARAMETER);
    }
}

/* ------------------------------------------------------------ to the server's Finished */

/* lengthfield.Finished (finishedLengthTLS12): the client must answer with a fatal alert. */
static void test_anvil_cli_lengthfield_finished_decode_error(void **state)
{
    anvil a;
    uint8_t fin[64];
    size_t n;

    (void)state;
    anv_open(&a, "ECDHE-ECDSA-CHACHA20-POLY1305");
    anv_to_server_ccs(&a);
    hss_send_ccs(&a.s);
    n = hss_build(&a.s, MUTLS_HS_FINISHED, mutls_hs_write_finished, fin, sizeof(fin));
    anv_put24(fin + 1, 11);
    hss_send_raw(&a.s, MUTLS_CT_HANDSHAKE, fin, n);
    anv_expect_failed(&a, MUTLS_ERR_DECODE, MUTLS_ALERT_DECODE_ERROR);
    anv_close(&a);
}

/* Finished.invalidPRF (RFC 5246 §7.4.9: the Finished PRF is the suite's): verify_data made
 * with SHA-384 for a SHA-256 suite. */
static void test_anvil_cli_finished_wrong_prf_decrypt_error(void **state)
{
    const mutls_suite *right;
    uint8_t fin[64];
    size_t n;
    anvil a;

    (void)state;
    anv_open(&a, "ECDHE-RSA-AES128-GCM-SHA256");
    anv_to_server_ccs(&a);
    hss_send_ccs(&a.s);
    right = a.s.h.suite;
    a.s.h.suite = mutls_hs_suite_by_id(0xc030); /* the same kind of suite, PRF SHA-384 */
    n = hss_build(&a.s, MUTLS_HS_FINISHED, mutls_hs_write_finished, fin, sizeof(fin));
    a.s.h.suite = right;
    hss_send_raw(&a.s, MUTLS_CT_HANDSHAKE, fin, n);
    anv_expect_failed(&a, MUTLS_ERR_BAD_FINISHED, MUTLS_ALERT_DECRYPT_ERROR);
    anv_close(&a);
}

/* StateMachine.omitChangeCipherSpecEncryptedFinished (RFC 5246 §7.1, §7.4.9): the server
 * switches to its keys without ChangeCipherSpec. What arrives is a handshake record that is
 * ciphertext, never the ChangeCipherSpec the client waits for: whatever header the
 * ciphertext starts with, a fatal alert (unexpected_message, or decode_error for a header
 * claiming more than our handshake limit). */
static void test_anvil_cli_encrypted_finished_without_ccs_refused(void **state)
{
    static const char *const suites[] = {
        "ECDHE-RSA-AES128-GCM-SHA256", "ECDHE-RSA-CHACHA20-POLY1305",
        "ECDHE-ECDSA-AES256-GCM-SHA384", "ECDHE-RSA-AES128-SHA256"};

    (void)state;
    for (size_t i = 0; i < sizeof(suites) / sizeof(suites[0]); i++) {
        if (i == 3 && !hp_have_cbc()) {
            continue;
        }
        for (uint32_t seed = 1; seed <= 4; seed++) {
            uint32_t xs = seed, xc = seed * 7919u;
            mutls_config *cli = anv_client_cfg(suites[i]);
            anvil a;
            int got;

            mutls_config_set_entropy(cli, anv_counter_entropy, &xc);
            a.srv = hp_server_config(MUTLS_CLIENT_AUTH_REQUIRED);
            mutls_config_set_entropy(a.srv, anv_counter_entropy, &xs);
            a.cli = cli;
            hss_open(&a.s, a.srv, a.cli);
            anv_to_server_ccs(&a);
            assert_int_equal(mutls_rec_set_write_keys(&a.s.h.rec, &a.s.h.keys_s2c), 0);
            hss_send(&a.s, MUTLS_HS_FINISHED, mutls_hs_write_finished);
            got = hss_expect_alert(&a.s);
            if (getenv("MUTLS_TEST_VERBOSE") != NULL) {
                printf("  %s seed %u: %s\n", suites[i], (unsigned)seed,
                       mutls_error_detail(a.s.real));
            }
            if (a.s.real_rc == MUTLS_ERR_HANDSHAKE_TOO_LARGE) {
                assert_int_equal(got, MUTLS_ALERT_DECODE_ERROR);
            } else {
                assert_int_equal(a.s.real_rc, MUTLS_ERR_UNEXPECTED_MESSAGE);
                assert_int_equal(got, MUTLS_ALERT_UNEXPECTED_MESSAGE);
            }
            anv_close(&a);
        }
    }
}

/* ------------------------------------------------------------ records */

/* TLSRecordProtocol.sendNotDefinedRecordTypesWithServerHello and
 * ...WithCCSAndFinished (RFC 5246 §6: an unexpected record type is answered with
 * unexpected_message); Fragmentation.sendZeroLengthRecord_SH and .sendZeroLengthRecord_CCS
 * (RFC 5246 §6.2.1: no empty handshake or ChangeCipherSpec fragment);
 * ChangeCipherSpecProtocol.ccsContentTest (RFC 5246 §7.1: one byte of value 1). */
static void test_anvil_cli_bad_records_refused(void **state)
{
    static const uint8_t ccs_bodies[][2] = {{2, 0}, {0, 0}, {1, 1}, {0xff, 0}};
    static const size_t ccs_lens[] = {1, 1, 2, 1};
    anvil a;
    flight f;

    (void)state;
    /* instead of the ServerHello (0xff, Anvil's choice, is in the report: the first record
     * with the top bit set is taken for SSL 2.0 there) */
    for (uint8_t t = 0x18; t <= 0x7f; t += 0x67) {
        anv_open(&a, NULL);
        anv_build_flight(&a, &f);
        anv_inject_record(&a, t, f.b, f.at[M_CERT]);
        anv_expect_failed(&a, MUTLS_ERR_RECORD_TYPE, MUTLS_ALERT_UNEXPECTED_MESSAGE);
        anv_close(&a);
    }

    anv_open(&a, NULL);
    anv_build_flight(&a, &f);
    anv_inject_record(&a, MUTLS_CT_HANDSHAKE, NULL, 0);
    anv_send_flight(&a, &f);
    anv_expect_failed(&a, MUTLS_ERR_RECORD_DECODE, MUTLS_ALERT_DECODE_ERROR);
    anv_close(&a);

    /* instead of the server's ChangeCipherSpec */
    anv_open(&a, NULL);
    anv_to_server_ccs(&a);
    anv_inject_record(&a, 0xff, (const uint8_t *)"\1", 1);
    anv_expect_failed(&a, MUTLS_ERR_RECORD_TYPE, MUTLS_ALERT_UNEXPECTED_MESSAGE);
    anv_close(&a);

    anv_open(&a, NULL);
    anv_to_server_ccs(&a);
    anv_inject_record(&a, MUTLS_CT_CHANGE_CIPHER_SPEC, NULL, 0);
    anv_expect_failed(&a, MUTLS_ERR_RECORD_UNEXPECTED, MUTLS_ALERT_UNEXPECTED_MESSAGE);
    anv_close(&a);

    for (size_t i = 0; i < sizeof(ccs_lens) / sizeof(ccs_lens[0]); i++) {
        anv_open(&a, NULL);
        anv_to_server_ccs(&a);
        anv_inject_record(&a, MUTLS_CT_CHANGE_CIPHER_SPEC, ccs_bodies[i], ccs_lens[i]);
        anv_expect_failed(&a, MUTLS_ERR_RECORD_UNEXPECTED, MUTLS_ALERT_UNEXPECTED_MESSAGE);
        anv_close(&a);
    }
}

/* ------------------------------------------------------------ what goes right */

/* HappyFlow.happyFlow for every suite the client offers by default, with
 * TLSExtensionForECC.respectsPointFormat (our ECDHE point is uncompressed, RFC 8422 §5.7),
 * EncThenMacExtension.encryptThenMacTest (CBC suites run with encrypt_then_mac) and
 * ClientCertificateMessage.clientMustSendCertMsg (RFC 5246 §7.4.6). */
static void test_anvil_cli_happy_flow_every_suite_completes(void **state)
{
    uint16_t ids[32];
    size_t n = mutls_hs_default_suites(ids, 32);

    (void)state;
    assert_true(n >= 6);
    for (size_t i = 0; i < n; i++) {
        const mutls_suite *suite = mutls_hs_suite_by_id(ids[i]);
        mutls_rec_unit u;
        anvil a;

        anv_open(&a, suite->openssl);
        hss_expect(&a.s, MUTLS_HS_CLIENT_HELLO, mutls_hs_parse_client_hello);
        hss_send(&a.s, MUTLS_HS_SERVER_HELLO, mutls_hs_write_server_hello);
        hss_send(&a.s, MUTLS_HS_CERTIFICATE, mutls_hs_write_server_certificate);
        if (a.s.h.f_ecdhe) {
            hss_send(&a.s, MUTLS_HS_SERVER_KEY_EXCHANGE, mutls_hs_write_server_key_exchange);
        }
        hss_send(&a.s, MUTLS_HS_CERTIFICATE_REQUEST, mutls_hs_write_certificate_request);
        hss_send(&a.s, MUTLS_HS_SERVER_HELLO_DONE, mutls_hs_write_server_hello_done);
        hss_expect(&a.s, MUTLS_HS_CERTIFICATE, mutls_hs_parse_client_certificate);
        assert_int_equal(hss_recv(&a.s, &u), 0);
        assert_int_equal(u.data.p[0], MUTLS_HS_CLIENT_KEY_EXCHANGE);
        if (a.s.h.f_ecdhe) {
            assert_int_equal(u.data.p[4], 65); /* opaque point<1..2^8-1> */
            assert_int_equal(u.data.p[5], 4);  /* uncompressed */
        }
        {
            mutls_rd r, body;
            mutls_rd_init_slice(&r, u.data);
            mutls_rd_skip(&r, 4);
            mutls_rd_sub(&r, mutls_rd_remaining(&r), &body);
            assert_int_equal(mutls_hs_parse_client_key_exchange(&a.s.h, &body, NULL), 0);
            assert_int_equal(mutls_hs_transcript_add(&a.s.h, u.data.p, u.data.len), 0);
            assert_int_equal(mutls_hs_derive_keys(&a.s.h), 0);
        }
        hss_expect(&a.s, MUTLS_HS_CERTIFICATE_VERIFY, mutls_hs_parse_certificate_verify);
        hss_expect_ccs(&a.s);
        hss_expect(&a.s, MUTLS_HS_FINISHED, mutls_hs_parse_finished);
        hss_send_ccs(&a.s);
        hss_send(&a.s, MUTLS_HS_FINISHED, mutls_hs_write_finished);
        hss_pump(&a.s);
        if (a.s.real_rc != 0) {
            fail_msg("%s: %d %s", suite->openssl, a.s.real_rc, mutls_error_detail(a.s.real));
        }
        assert_int_equal(a.s.h.keys_s2c.encrypt_then_mac, suite->mac != MUTLS_HASH_NONE);
        anv_close(&a);
    }
}

/* The non-combinatorial ClientHello checks: ClientHello.unknownCompressionMethod (null
 * compression offered, RFC 5246 §7.4.1.2), SCSV.doesNotIncludeFallbackCipherSuite (RFC 7507
 * §4), DoNotUseSSLVersion30 (RFC 7568 §3), ServerNameIndication.moreThanOneNameOfTheSame-
 * Type (RFC 6066 §3), TLSExtensionForECC.invalidPointFormat and .offeredDeprecatedGroup
 * (RFC 8422 §5.1), PaddingExtension (RFC 7685 §3), CipherSuites / A5CipherSuite /
 * RC4Ciphersuites (no NULL, anonymous, RC4, DES or IDEA suite), MandatoryCipherSuites
 * (TLS_RSA_WITH_AES_128_CBC_SHA, RFC 5246 §9, when static RSA and CBC are built in). */
static void test_anvil_cli_client_hello_contents(void **state)
{
    mutls_rec_unit u;
    mutls_rd r, sid, suites, comp, exts;
    int null_comp = 0, mandatory = 0;
    anvil a;

    (void)state;
    anv_open(&a, NULL);
    assert_int_equal(hss_recv(&a.s, &u), 0);
    mutls_rd_init_slice(&r, u.data);
    assert_int_equal(mutls_rd_u8(&r), MUTLS_HS_CLIENT_HELLO);
    (void)mutls_rd_u24(&r);
    assert_int_equal(mutls_rd_u16(&r), 0x0303);
    mutls_rd_skip(&r, 32);
    mutls_rd_vec8(&r, &sid);
    mutls_rd_vec16(&r, &suites);
    while (mutls_rd_remaining(&suites) >= 2) {
        uint16_t id = mutls_rd_u16(&suites);
        const mutls_suite *s = mutls_hs_suite_by_id(id);
        assert_true(id != 0x5600);                                /* TLS_FALLBACK_SCSV */
        assert_true(s != NULL || id == MUTLS_SCSV_RENEGOTIATION); /* nothing else unknown */
        mandatory |= id == 0x002f;
    }
    assert_int_equal(mandatory, hp_have_static_rsa() && hp_have_cbc());
    mutls_rd_vec8(&r, &comp);
    while (mutls_rd_remaining(&comp) > 0) {
        null_comp |= mutls_rd_u8(&comp) == 0;
    }
    assert_true(null_comp);
    mutls_rd_vec16(&r, &exts);
    assert_int_equal(mutls_rd_end(&r), 0);
    while (mutls_rd_remaining(&exts) > 0) {
        uint16_t type = mutls_rd_u16(&exts);
        mutls_rd body, list;

        mutls_rd_vec16(&exts, &body);
        if (type == 0) { /* one host_name */
            mutls_rd_vec16(&body, &list);
            assert_int_equal(mutls_rd_u8(&list), 0);
            mutls_rd_vec16(&list, &sid);
            assert_int_equal(mutls_rd_remaining(&list), 0);
        } else if (type == 10) { /* secp256r1 and up only */
            mutls_rd_vec16(&body, &list);
            while (mutls_rd_remaining(&list) > 0) {
                assert_true(mutls_rd_u16(&list) >= 23);
            }
        } else if (type == 11) { /* uncompressed only */
            mutls_rd_vec8(&body, &list);
            assert_int_equal(mutls_rd_remaining(&list), 1);
            assert_int_equal(mutls_rd_u8(&list), 0);
        } else if (type == 21) {
            while (mutls_rd_remaining(&body) > 0) {
                assert_int_equal(mutls_rd_u8(&body), 0);
            }
        }
    }
    assert_int_equal(exts.err, 0);
    anv_close(&a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_anvil_cli_etm_with_aead_suite_illegal_parameter),
        cmocka_unit_test(test_anvil_cli_server_hello_unrequested_extension_unsupported_extension),
        cmocka_unit_test(test_anvil_cli_server_hello_unproposed_compression_illegal_parameter),
        cmocka_unit_test(test_anvil_cli_server_hello_unsupported_version_protocol_version),
        cmocka_unit_test(test_anvil_cli_server_hello_unoffered_suite_illegal_parameter),
        cmocka_unit_test(
            test_anvil_cli_max_fragment_length_invalid_or_unrequested_illegal_parameter),
        cmocka_unit_test(test_anvil_cli_ske_grease_or_unproposed_group_illegal_parameter),
        cmocka_unit_test(test_anvil_cli_ske_invalid_curve_points_illegal_parameter),
        cmocka_unit_test(test_anvil_cli_ske_unoffered_sig_hash_illegal_parameter),
        cmocka_unit_test(test_anvil_cli_ske_signature_bit_flips_decrypt_error),
        cmocka_unit_test(test_anvil_cli_lengthfield_server_hello_decode_error),
        cmocka_unit_test(test_anvil_cli_lengthfield_certificate_and_ske_refused),
        cmocka_unit_test(test_anvil_cli_lengthfield_finished_decode_error),
        cmocka_unit_test(test_anvil_cli_finished_wrong_prf_decrypt_error),
        cmocka_unit_test(test_anvil_cli_encrypted_finished_without_ccs_refused),
        cmocka_unit_test(test_anvil_cli_bad_records_refused),
        cmocka_unit_test(test_anvil_cli_happy_flow_every_suite_completes),
        cmocka_unit_test(test_anvil_cli_client_hello_contents),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
