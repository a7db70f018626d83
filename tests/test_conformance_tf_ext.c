/* SPDX-License-Identifier: MIT */
/*
 * test_conformance_tf_ext.c - the tlsfuzzer-modelled probes that the audit of session 5
 * found mutls answering differently from tlsfuzzer's TLS 1.2 scripts, now fixed; the
 * ClientHello and key exchange probes mutls already passed are in test_conformance_tf.c and
 * test_conformance_tf_kx.c. A scripted peer (hs_script.h) talks to a real mutls side; each
 * test asserts the exact error and the alert on the wire, and names its script and probe:
 *   - renegotiation_info bodies that are not one opaque<0..255> (decode_error; both roles)
 *     and a non-empty one on an initial handshake (handshake_failure; RFC 5746 §3.4/§3.6);
 *   - ec_point_formats: an empty list (decode_error) or one without uncompressed from a
 *     client offering RFC 8422 curves (illegal_parameter), RFC 8422 §5.1.2;
 *   - an empty supported_groups list (decode_error, RFC 8422 §5.1.1);
 *   - an ALPN list longer than 256 bytes naming our protocol (selected, RFC 7301 §3.2);
 *   - thousands of empty unknown extensions and repeated unknown types (accepted), repeated
 *     known types (illegal_parameter, RFC 5246 §7.4.1.4);
 *   - server_name with NUL, BEL, UTF-8, escape sequences or a trailing dot (illegal_parameter,
 *     RFC 6066 §3);
 *   - bytes after the extensions of a hello that would also fail a semantic check
 *     (decode_error before anything else);
 *   - an empty signature in CertificateVerify and ServerKeyExchange (decrypt_error);
 *   - a full handshake with each ECDHE CBC suite added for tlsfuzzer's ECDHE scripts.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hs_pair.h"
#include "hs_script.h"
#include "testutil.h"
#include "tf_probe.h"

#include <cmocka.h>

/* A tlsfuzzer-like server: no client certificate, no extended master secret required. */
static const tf_setup plain = {"ECDHE-RSA-AES128-GCM-SHA256", MUTLS_CLIENT_AUTH_NONE, 0, NULL,
                               NULL};

#define REFUSED(how, type, ext, code, alert)                                                       \
    tf_hello_refused(how, type, TF_NONE, ext, sizeof(ext), code, alert)
#define DECODE_REFUSED(how, type, ext)                                                             \
    REFUSED(how, type, ext, MUTLS_ERR_DECODE, MUTLS_ALERT_DECODE_ERROR)
#define ILLEGAL_REFUSED(how, type, ext)                                                            \
    REFUSED(how, type, ext, MUTLS_ERR_ILLEGAL_PARAMETER, MUTLS_ALERT_ILLEGAL_PARAMETER)

/* ------------------------------------------------------------ renegotiation_info */

static void test_tf_reneg_info_malformed_decode_error(void **state)
{
    /* test-renegotiation-info-extension-like probes: a body that is not exactly one
     * opaque renegotiated_connection<0..255> (RFC 5746 §3.2): a length with no bytes, a
     * byte after the empty vector, no body at all. */
    static const uint8_t cut[] = {0xff, 0x01, 0x00, 0x01, 0x05};
    static const uint8_t trailing[] = {0xff, 0x01, 0x00, 0x02, 0x00, 0x00};
    static const uint8_t empty[] = {0xff, 0x01, 0x00, 0x00};

    (void)state;
    DECODE_REFUSED(&plain, MUTLS_EXT_RENEGOTIATION_INFO, cut);
    DECODE_REFUSED(&plain, MUTLS_EXT_RENEGOTIATION_INFO, trailing);
    DECODE_REFUSED(&plain, MUTLS_EXT_RENEGOTIATION_INFO, empty);
}

static void test_tf_reneg_info_not_empty_handshake_failure(void **state)
{
    /* RFC 5746 §3.6: well-formed but not empty on an initial handshake. */
    static const uint8_t two[] = {0xff, 0x01, 0x00, 0x03, 0x02, 0xaa, 0xbb};

    (void)state;
    REFUSED(&plain, MUTLS_EXT_RENEGOTIATION_INFO, two, MUTLS_ERR_HANDSHAKE_FAILURE,
            MUTLS_ALERT_HANDSHAKE_FAILURE);
}

/* The client's side: a ServerHello whose renegotiation_info body (ff01 0001 00 as built) is
 * replaced by @p body, lengths fixed up; the real client must fail with @p code / @p alert. */
static void server_hello_reneg_refused(const uint8_t *body, size_t len, int code, int alert)
{
    static const uint8_t ours[] = {0xff, 0x01, 0x00, 0x01, 0x00};
    uint8_t sh[512], out[600];
    size_t n, at, ext_len_at;
    mutls_wr w;
    tf t;

    tf_open_client(&t, "ECDHE-RSA-AES128-GCM-SHA256");
    n = hss_build(&t.s, MUTLS_HS_SERVER_HELLO, mutls_hs_write_server_hello, sh, sizeof(sh));
    ext_len_at = 4 + 2 + 32 + 1 + sh[38] + 2 + 1;
    for (at = ext_len_at + 2; at + sizeof(ours) <= n; at++) {
        if (memcmp(sh + at, ours, sizeof(ours)) == 0) {
            break;
        }
    }
    assert_true(at + sizeof(ours) <= n);
    mutls_wr_init(&w, out, sizeof(out));
    mutls_wr_bytes(&w, sh, at + 2);
    mutls_wr_u16(&w, (uint16_t)len);
    mutls_wr_bytes(&w, body, len);
    mutls_wr_bytes(&w, sh + at + sizeof(ours), n - at - sizeof(ours));
    assert_int_equal(w.err, 0);
    n = mutls_wr_len(&w);
    out[1] = 0;
    out[2] = (uint8_t)((n - 4) >> 8);
    out[3] = (uint8_t)(n - 4);
    out[ext_len_at] = (uint8_t)((n - ext_len_at - 2) >> 8);
    out[ext_len_at + 1] = (uint8_t)(n - ext_len_at - 2);
    hss_send_raw(&t.s, MUTLS_CT_HANDSHAKE, out, n);
    tf_expect_failed(&t, code, alert);
    tf_close(&t);
}

static void test_tf_reneg_info_in_server_hello_checked_by_client(void **state)
{
    /* The same function serves the client (RFC 5746 §3.4): malformed bodies are a
     * decode_error, a non-empty renegotiated_connection handshake_failure. */
    static const uint8_t cut[] = {0x05}, trailing[] = {0x00, 0x00}, two[] = {0x02, 0xaa, 0xbb};

    (void)state;
    server_hello_reneg_refused(cut, sizeof(cut), MUTLS_ERR_DECODE, MUTLS_ALERT_DECODE_ERROR);
    server_hello_reneg_refused(trailing, sizeof(trailing), MUTLS_ERR_DECODE,
                               MUTLS_ALERT_DECODE_ERROR);
    server_hello_reneg_refused(NULL, 0, MUTLS_ERR_DECODE, MUTLS_ALERT_DECODE_ERROR);
    server_hello_reneg_refused(two, sizeof(two), MUTLS_ERR_HANDSHAKE_FAILURE,
                               MUTLS_ALERT_HANDSHAKE_FAILURE);
}

/* ------------------------------------------------------------ groups and point formats */

static void test_tf_point_formats_empty_or_groups_empty_decode_error(void **state)
{
    /* test-point-extension, "ECDHE empty list extension": ec_point_format_list<1..2^8-1>
     * (RFC 8422 §5.1.2); named_group_list<2..2^16-1> likewise (§5.1.1). */
    static const uint8_t formats[] = {0x00, 0x0b, 0x00, 0x01, 0x00};
    static const uint8_t groups[] = {0x00, 0x0a, 0x00, 0x02, 0x00, 0x00};

    (void)state;
    DECODE_REFUSED(&plain, MUTLS_EXT_EC_POINT_FORMATS, formats);
    DECODE_REFUSED(&plain, MUTLS_EXT_SUPPORTED_GROUPS, groups);
}

static void test_tf_point_formats_without_uncompressed_illegal_parameter(void **state)
{
    /* test-point-extension, "ECDHE uncompressed extension missing" (compressed formats
     * only) and the same with a static-RSA suite first: the client offers RFC 8422 curves,
     * so the handshake MUST be aborted whatever suite would be chosen (RFC 8422 §5.1.2). */
    static const uint8_t compressed[] = {0x00, 0x0b, 0x00, 0x03, 0x02, 0x01, 0x02};
    static const tf_setup rsa_too = {"AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256",
                                     MUTLS_CLIENT_AUTH_NONE, 0, NULL, NULL};

    (void)state;
    ILLEGAL_REFUSED(&plain, MUTLS_EXT_EC_POINT_FORMATS, compressed);
    if (hp_have_static_rsa()) {
        ILLEGAL_REFUSED(&rsa_too, MUTLS_EXT_EC_POINT_FORMATS, compressed);
    }
}

static void test_tf_point_formats_without_uncompressed_no_groups_static_rsa_accepted(void **state)
{
    /* Without supported_groups the §5.1.2 MUST does not apply: a static-RSA hello goes on,
     * and ECDHE, whose point the client could not read, is not chosen (handshake_failure
     * when nothing else is offered). */
    static const uint8_t compressed[] = {0x00, 0x0b, 0x00, 0x02, 0x01, 0x01};
    static const tf_setup rsa = {"ECDHE-RSA-AES128-GCM-SHA256:AES128-GCM-SHA256",
                                 MUTLS_CLIENT_AUTH_NONE, 0, NULL, NULL};
    uint8_t sh[512];
    size_t n;

    (void)state;
    tf_hello_refused(&plain, MUTLS_EXT_EC_POINT_FORMATS, MUTLS_EXT_SUPPORTED_GROUPS, compressed,
                     sizeof(compressed), MUTLS_ERR_NO_SHARED_CIPHER, MUTLS_ALERT_HANDSHAKE_FAILURE);
    if (!hp_have_static_rsa()) {
        return;
    }
    n = tf_hello_answered(&rsa, MUTLS_EXT_EC_POINT_FORMATS, MUTLS_EXT_SUPPORTED_GROUPS, compressed,
                          sizeof(compressed), sh, sizeof(sh));
    assert_true(n > 40);
    /* cipher_suite after the session_id: TLS_RSA_WITH_AES_128_GCM_SHA256 */
    assert_int_equal(sh[4 + 2 + 32 + 1 + sh[38]], 0x00);
    assert_int_equal(sh[4 + 2 + 32 + 1 + sh[38] + 1], 0x9c);
}

/* ------------------------------------------------------------ ALPN */

static void test_tf_alpn_long_list_naming_ours_selected(void **state)
{
    /* test-alpn-negotiation-like: a ProtocolNameList of 30 unknown 10-byte names (330
     * bytes, more than any fixed copy would keep) with http/1.1 last: still selected (RFC
     * 7301 §3.2); with h2 first on our side and both listed, our preference wins. */
    static const tf_setup two = {"ECDHE-RSA-AES128-GCM-SHA256", MUTLS_CLIENT_AUTH_NONE, 0,
                                 "h2,http/1.1", NULL};
    static const uint8_t answer_h2[] = {0x00, 0x10, 0x00, 0x05, 0x00, 0x03, 2, 'h', '2'};
    static const uint8_t answer[] = {0x00, 0x10, 0x00, 0x0b, 0x00, 0x09, 8,  'h',
                                     't',  't',  'p',  '/',  '1',  '.',  '1'};
    static const tf_setup one = {"ECDHE-RSA-AES128-GCM-SHA256", MUTLS_CLIENT_AUTH_NONE, 0,
                                 "http/1.1", NULL};
    uint8_t ext[512], sh[512];
    size_t n, body, list;
    mutls_wr w;

    (void)state;
    for (int with_h2 = 0; with_h2 < 2; with_h2++) {
        mutls_wr_init(&w, ext, sizeof(ext));
        mutls_wr_u16(&w, MUTLS_EXT_ALPN);
        body = mutls_wr_vec16_begin(&w);
        list = mutls_wr_vec16_begin(&w);
        for (int i = 0; i < 30; i++) {
            mutls_wr_u8(&w, 10);
            mutls_wr_bytes(&w, "proto-", 6);
            mutls_wr_u8(&w, (uint8_t)('a' + i % 26));
            mutls_wr_bytes(&w, "/1.", 3);
        }
        mutls_wr_u8(&w, 8);
        mutls_wr_bytes(&w, "http/1.1", 8);
        if (with_h2) {
            mutls_wr_u8(&w, 2);
            mutls_wr_bytes(&w, "h2", 2);
        }
        mutls_wr_vec16_end(&w, list);
        mutls_wr_vec16_end(&w, body);
        assert_int_equal(w.err, 0);
        n = tf_hello_answered(with_h2 ? &two : &one, MUTLS_EXT_ALPN, TF_NONE, ext, mutls_wr_len(&w),
                              sh, sizeof(sh));
        if (with_h2) {
            assert_true(tf_contains(sh, n, answer_h2, sizeof(answer_h2)));
        } else {
            assert_true(tf_contains(sh, n, answer, sizeof(answer)));
        }
    }
}

/* ------------------------------------------------------------ extension counts */

static void test_tf_large_number_of_extensions_accepted(void **state)
{
    /* test-large-number-of-extensions: thousands of empty extensions of unknown types
     * (here 8000: 32000 bytes, within max_handshake) are ignored, not counted against a
     * limit. A repeated unknown type is not checked either (as OpenSSL does). */
    static const uint8_t twice[] = {0xfa, 0xfa, 0x00, 0x00, 0xfa, 0xfa, 0x00, 0x00};
    size_t count = 8000;
    uint8_t *ext = malloc(4 * count), sh[512];
    mutls_wr w;

    (void)state;
    assert_non_null(ext);
    mutls_wr_init(&w, ext, 4 * count);
    for (size_t i = 0; i < count; i++) {
        mutls_wr_u16(&w, (uint16_t)(0x4000 + i));
        mutls_wr_u16(&w, 0);
    }
    assert_int_equal(w.err, 0);
    (void)tf_hello_answered(&plain, TF_NONE, TF_NONE, ext, mutls_wr_len(&w), sh, sizeof(sh));
    (void)tf_hello_answered(&plain, TF_NONE, TF_NONE, twice, sizeof(twice), sh, sizeof(sh));
    free(ext);
}

static void test_tf_duplicate_known_extension_illegal_parameter(void **state)
{
    /* test-extensions / RFC 5246 §7.4.1.4: one extension of each type; the script's hello
     * already carries extended_master_secret and signature_algorithms. */
    static const uint8_t ems[] = {0x00, 0x17, 0x00, 0x00};
    static const uint8_t sigalgs[] = {0x00, 0x0d, 0x00, 0x04, 0x00, 0x02, 0x04, 0x01};
    static const uint8_t alpn_twice[] = {0x00, 0x10, 0x00, 0x05, 0x00, 0x03, 2, 'h', '2',
                                         0x00, 0x10, 0x00, 0x05, 0x00, 0x03, 2, 'h', '2'};

    (void)state;
    ILLEGAL_REFUSED(&plain, TF_NONE, ems);
    ILLEGAL_REFUSED(&plain, TF_NONE, sigalgs);
    ILLEGAL_REFUSED(&plain, TF_NONE, alpn_twice);
}

/* ------------------------------------------------------------ server_name */

/* A server_name extension with one host_name of @p len bytes. */
static size_t sni_ext(const char *name, size_t len, uint8_t *out, size_t cap)
{
    mutls_wr w;

    mutls_wr_init(&w, out, cap);
    mutls_wr_u16(&w, MUTLS_EXT_SERVER_NAME);
    mutls_wr_u16(&w, (uint16_t)(len + 5));
    mutls_wr_u16(&w, (uint16_t)(len + 3));
    mutls_wr_u8(&w, 0);
    mutls_wr_u16(&w, (uint16_t)len);
    mutls_wr_bytes(&w, name, len);
    assert_int_equal(w.err, 0);
    return mutls_wr_len(&w);
}

static void test_tf_sni_not_ascii_host_name_illegal_parameter(void **state)
{
    /* test-invalid-server-name-extension, "SNI name with NULL", "... with BEL", "... with
     * UTF-8", "... with ANSI color escapes code"; and a trailing dot, which RFC 6066 §3
     * excludes from HostName ("without a trailing dot"). */
    static const char *const names[] = {"localhos\0t", "localhos\at", "localhos\xc4\x85t",
                                        "localhost\x1b[31mBAD\x1b[0;37m", "localhost."};
    static const size_t lens[] = {10, 10, 11, 25, 10};
    uint8_t ext[64], sh[512];

    (void)state;
    for (size_t i = 0; i < sizeof(lens) / sizeof(lens[0]); i++) {
        size_t n = sni_ext(names[i], lens[i], ext, sizeof(ext));
        tf_hello_refused(&plain, MUTLS_EXT_SERVER_NAME, TF_NONE, ext, n,
                         MUTLS_ERR_ILLEGAL_PARAMETER, MUTLS_ALERT_ILLEGAL_PARAMETER);
    }
    /* the sanity probe: the plain name */
    (void)tf_hello_answered(&plain, MUTLS_EXT_SERVER_NAME, TF_NONE, ext,
                            sni_ext("localhost", 9, ext, sizeof(ext)), sh, sizeof(sh));
}

/* ------------------------------------------------------------ trailing bytes */

static void test_tf_bytes_after_extensions_decode_error_before_semantics(void **state)
{
    /* test-truncating-of-client-hello / test-invalid-client-hello-like: a byte after the
     * extension block is a decode_error even when the hello would fail otherwise (no shared
     * suite, no null compression, version {3,1}): framing is checked first. */
    uint8_t ch[4096];
    size_t n, suites, comp;
    tf t;

    (void)state;
    for (int kind = 0; kind < 4; kind++) {
        tf_open(&t, &plain);
        n = tf_hello(&t, TF_NONE, TF_NONE, NULL, 0, 1, ch, sizeof(ch));
        suites = 4 + 2 + 32 + 1 + ch[38];
        comp = suites + 2 + (size_t)(ch[suites] << 8 | ch[suites + 1]);
        assert_int_equal(ch[comp], 1); /* one compression method */
        if (kind == 1) {
            memset(ch + suites + 2, 0xfe, comp - suites - 2); /* only an unknown suite */
        }
        if (kind == 2) {
            ch[comp + 1] = 1; /* DEFLATE only */
        }
        if (kind == 3) {
            ch[5] = 1; /* client_version {3,1} */
        }
        hss_send_msg(&t.s, ch, n);
        tf_expect_failed(&t, MUTLS_ERR_DECODE, MUTLS_ALERT_DECODE_ERROR);
        tf_close(&t);
    }
}

/* ------------------------------------------------------------ empty signatures */

static void test_tf_certificate_verify_empty_signature_decrypt_error(void **state)
{
    /* test-certificate-verify-malformed, "empty signature": signature<0..2^16-1> holds an
     * empty one, which is well-formed and does not verify (RFC 5246 §7.4.8). */
    static const tf_setup cert = {"ECDHE-RSA-AES128-GCM-SHA256", MUTLS_CLIENT_AUTH_REQUIRED, 0,
                                  NULL, NULL};
    uint8_t m[1024];
    size_t n;
    tf t;

    (void)state;
    tf_open(&t, &cert);
    hss_client_hello_to_done(&t.s);
    hss_send(&t.s, MUTLS_HS_CERTIFICATE, mutls_hs_write_client_certificate);
    hss_send(&t.s, MUTLS_HS_CLIENT_KEY_EXCHANGE, mutls_hs_write_client_key_exchange);
    n = hss_build(&t.s, MUTLS_HS_CERTIFICATE_VERIFY, mutls_hs_write_certificate_verify, m,
                  sizeof(m));
    assert_true(n > 8);
    m[1] = 0;
    m[2] = 0;
    m[3] = 4; /* scheme, then an empty signature */
    m[6] = 0;
    m[7] = 0;
    hss_send_raw(&t.s, MUTLS_CT_HANDSHAKE, m, 8);
    tf_expect_failed(&t, MUTLS_ERR_BAD_SIGNATURE, MUTLS_ALERT_DECRYPT_ERROR);
    tf_close(&t);
}

static void test_tf_server_key_exchange_empty_signature_decrypt_error(void **state)
{
    /* The client's side of the same rule, for ServerKeyExchange (RFC 8422 §5.4). */
    uint8_t m[1024];
    size_t n, sig_at;
    tf t;

    (void)state;
    tf_open_client(&t, "ECDHE-RSA-AES128-GCM-SHA256");
    hss_send(&t.s, MUTLS_HS_SERVER_HELLO, mutls_hs_write_server_hello);
    hss_send(&t.s, MUTLS_HS_CERTIFICATE, mutls_hs_write_server_certificate);
    n = hss_build(&t.s, MUTLS_HS_SERVER_KEY_EXCHANGE, mutls_hs_write_server_key_exchange, m,
                  sizeof(m));
    /* type, length(3), curve_type(1), named_curve(2), point<1..255>, scheme(2), signature */
    sig_at = 4 + 3 + 1 + m[7] + 2;
    assert_true(sig_at + 2 < n);
    m[sig_at] = 0;
    m[sig_at + 1] = 0;
    n = sig_at + 2;
    m[1] = 0;
    m[2] = (uint8_t)((n - 4) >> 8);
    m[3] = (uint8_t)(n - 4);
    hss_send_raw(&t.s, MUTLS_CT_HANDSHAKE, m, n);
    tf_expect_failed(&t, MUTLS_ERR_BAD_SIGNATURE, MUTLS_ALERT_DECRYPT_ERROR);
    tf_close(&t);
}

/* ------------------------------------------------------------ ECDHE CBC suites */

static void test_tf_ecdhe_cbc_suites_full_handshake(void **state)
{
    /* tlsfuzzer's ECDHE scripts default to TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA (0xc013) and
     * TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA (0xc009); both, and 0xc023, by OpenSSL and IANA
     * names, with and without encrypt-then-MAC, end to end with a client certificate. */
    static const char *const names[][2] = {
        {"ECDHE-RSA-AES128-SHA", "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA"},
        {"ECDHE-ECDSA-AES128-SHA", "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA"},
        {"ECDHE-ECDSA-AES128-SHA256", "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256"},
    };

    (void)state;
    if (!hp_have_cbc()) {
        skip();
    }
    for (size_t i = 0; i < 3; i++) {
        for (int k = 0; k < 2; k++) {
            mutls_config *cli = hp_config(MUTLS_ROLE_CLIENT, "client", "cas.pem");
            mutls_config *srv = hp_server_config(MUTLS_CLIENT_AUTH_REQUIRED);
            hp_pair p;

            assert_int_equal(mutls_config_set_suites(cli, names[i][k]), 0);
            assert_int_equal(mutls_config_set_encrypt_then_mac(cli, k == 0), 0);
            hp_open(&p, cli, srv);
            hp_handshake(&p);
            assert_int_equal(p.rc_client, 0);
            assert_int_equal(p.rc_server, 0);
            assert_string_equal(mutls_get_suite(p.client), names[i][1]);
            assert_string_equal(mutls_get_suite(p.server), names[i][1]);
            hp_exchange_and_close(&p);
            hp_close(&p);
            mutls_config_free(cli);
            mutls_config_free(srv);
        }
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_tf_reneg_info_malformed_decode_error),
        cmocka_unit_test(test_tf_reneg_info_not_empty_handshake_failure),
        cmocka_unit_test(test_tf_reneg_info_in_server_hello_checked_by_client),
        cmocka_unit_test(test_tf_point_formats_empty_or_groups_empty_decode_error),
        cmocka_unit_test(test_tf_point_formats_without_uncompressed_illegal_parameter),
        cmocka_unit_test(test_tf_point_formats_without_uncompressed_no_groups_static_rsa_accepted),
        cmocka_unit_test(test_tf_alpn_long_list_naming_ours_selected),
        cmocka_unit_test(test_tf_large_number_of_extensions_accepted),
        cmocka_unit_test(test_tf_duplicate_known_extension_illegal_parameter),
        cmocka_unit_test(test_tf_sni_not_ascii_host_name_illegal_parameter),
        cmocka_unit_test(test_tf_bytes_after_extensions_decode_error_before_semantics),
        cmocka_unit_test(test_tf_certificate_verify_empty_signature_decrypt_error),
        cmocka_unit_test(test_tf_server_key_exchange_empty_signature_decrypt_error),
        cmocka_unit_test(test_tf_ecdhe_cbc_suites_full_handshake),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
