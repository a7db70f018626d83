/* SPDX-License-Identifier: MIT */
/*
 * test_conformance.c - single-MUST checks of the kind TLS conformance suites script, from a
 * scripted client (hs_script.h) against a real mutls server, each asserting the exact
 * error and the exact alert on the wire:
 *   - RFC 5246 Appendix E.1: any {03,xx} record version is taken for the ClientHello;
 *   - RFC 5246 §7.4.1.2: session_id over 32 bytes, an odd or empty suite list, an empty
 *     compression list (decode_error), no null compression (illegal_parameter), a byte
 *     after the extensions (decode_error);
 *   - RFC 7507 §3: TLS_FALLBACK_SCSV with client_version 1.2 is harmless, and with 1.1 the
 *     version alert (protocol_version) is the answer the RFC allows instead;
 *   - RFC 6066 §3: two host_name entries (illegal_parameter), an empty server_name list or
 *     an empty HostName (decode_error);
 *   - RFC 5246 §7.4.1.4: the same extension twice, illegal_parameter;
 *   - RFC 5246 §7.4.1.4.1: no signature_algorithms means SHA-1 only, which we never sign
 *     with: without static RSA the server refuses with handshake_failure, with it that
 *     suite (which signs nothing) is chosen;
 *   - RFC 5246 §6.2.1 / §7.1: an empty handshake fragment (decode_error), an unknown content
 *     type (unexpected_message), a ChangeCipherSpec before the key exchange
 *     (unexpected_message), application data before Finished (unexpected_message).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hs_pair.h"
#include "hs_script.h"
#include "testutil.h"

#include <cmocka.h>

#define NO_EXT 0xffffu

typedef struct conf {
    mutls_config *cli, *srv;
    hs_script s;
} conf;

/* Returns 0, or the error of setting the server's @p suites (NULL: the defaults); then
 * nothing is open. */
static int conf_open_suites(conf *c, const char *suites)
{
    int rc;

    c->cli = hp_config(MUTLS_ROLE_CLIENT, "client", "cas.pem");
    c->srv = hp_server_config(MUTLS_CLIENT_AUTH_REQUIRED);
    rc = suites != NULL ? mutls_config_set_suites(c->srv, suites) : 0;
    if (rc != 0) {
        mutls_config_free(c->cli);
        mutls_config_free(c->srv);
        return rc;
    }
    hss_open(&c->s, c->cli, c->srv);
    return 0;
}

static void conf_open(conf *c)
{
    assert_int_equal(conf_open_suites(c, NULL), 0);
}

static void conf_close(conf *c)
{
    hss_close(&c->s);
    mutls_config_free(c->cli);
    mutls_config_free(c->srv);
}

/* The server failed with @p code and sent the fatal @p alert (the script received it). */
static void expect_server_failed(conf *c, int code, int alert)
{
    int got = hss_expect_alert(&c->s);

    if (c->s.real_rc != code) {
        fail_msg("expected %d (%s), got %d: %s", code, mutls_strerror(code), c->s.real_rc,
                 mutls_error_detail(c->s.real));
    }
    assert_int_equal(got, alert);
    assert_int_equal(mutls_alert_sent(c->s.real), alert);
    if (getenv("MUTLS_TEST_VERBOSE") != NULL) {
        printf("  %s\n", mutls_error_detail(c->s.real));
    }
}

/* Copy one vector with a one-byte length from @p r to @p w. */
static void copy_vec8(mutls_rd *r, mutls_wr *w)
{
    mutls_rd v;
    size_t m;

    mutls_rd_vec8(r, &v);
    m = mutls_wr_vec8_begin(w);
    mutls_wr_slice(w, mutls_rd_rest(&v));
    mutls_wr_vec8_end(w, m);
}

/*
 * The script's ClientHello rebuilt: extensions of type @p drop left out, @p extra (whole
 * extensions, or any bytes) appended to the extension block, @p suffix bytes after it, and
 * @p add_suite put first in the suite list (NO_EXT: none). Returns the message length.
 */
static size_t hello(conf *c, uint16_t drop, const uint8_t *extra, size_t extra_len,
                    size_t suffix, uint16_t add_suite, uint8_t *out, size_t cap)
{
    uint8_t base[2048];
    size_t n = hss_build(&c->s, MUTLS_HS_CLIENT_HELLO, mutls_hs_write_client_hello, base,
                         sizeof(base));
    mutls_rd r, suites, exts;
    mutls_wr w;
    size_t body, list, ext_mark;

    mutls_rd_init(&r, base + 4, n - 4);
    mutls_wr_init(&w, out, cap);
    mutls_wr_u8(&w, MUTLS_HS_CLIENT_HELLO);
    body = mutls_wr_vec24_begin(&w);
    mutls_wr_u16(&w, mutls_rd_u16(&r));
    for (int i = 0; i < 32; i++) {
        mutls_wr_u8(&w, mutls_rd_u8(&r));
    }
    copy_vec8(&r, &w); /* session_id */
    mutls_rd_vec16(&r, &suites);
    list = mutls_wr_vec16_begin(&w);
    if (add_suite != NO_EXT) {
        mutls_wr_u16(&w, add_suite);
    }
    mutls_wr_slice(&w, mutls_rd_rest(&suites));
    mutls_wr_vec16_end(&w, list);
    copy_vec8(&r, &w); /* compression_methods */
    mutls_rd_vec16(&r, &exts);
    ext_mark = mutls_wr_vec16_begin(&w);
    while (mutls_rd_remaining(&exts) > 0) {
        uint16_t type = mutls_rd_u16(&exts);
        mutls_rd eb;
        mutls_rd_vec16(&exts, &eb);
        if (type == drop) {
            continue;
        }
        mutls_wr_u16(&w, type);
        list = mutls_wr_vec16_begin(&w);
        mutls_wr_slice(&w, mutls_rd_rest(&eb));
        mutls_wr_vec16_end(&w, list);
    }
    assert_int_equal(exts.err, 0);
    assert_int_equal(mutls_rd_end(&r), 0);
    if (extra_len > 0) {
        mutls_wr_bytes(&w, extra, extra_len);
    }
    mutls_wr_vec16_end(&w, ext_mark);
    for (size_t i = 0; i < suffix; i++) {
        mutls_wr_u8(&w, 0);
    }
    mutls_wr_vec24_end(&w, body);
    assert_int_equal(w.err, 0);
    return mutls_wr_len(&w);
}

/* Send the rebuilt ClientHello and expect the server's failure. */
static void hello_refused(uint16_t drop, const uint8_t *extra, size_t extra_len, size_t suffix,
                          uint16_t add_suite, uint16_t version, int code, int alert)
{
    conf c;
    uint8_t ch[2048];
    size_t n;

    conf_open(&c);
    n = hello(&c, drop, extra, extra_len, suffix, add_suite, ch, sizeof(ch));
    if (version != 0) {
        ch[4] = (uint8_t)(version >> 8);
        ch[5] = (uint8_t)version;
    }
    hss_send_msg(&c.s, ch, n);
    expect_server_failed(&c, code, alert);
    conf_close(&c);
}

/* Send the rebuilt ClientHello and expect the server's flight to begin. */
static void hello_accepted(uint16_t drop, const uint8_t *extra, size_t extra_len,
                           uint16_t add_suite)
{
    conf c;
    uint8_t ch[2048];
    size_t n;

    conf_open(&c);
    n = hello(&c, drop, extra, extra_len, 0, add_suite, ch, sizeof(ch));
    hss_send_msg(&c.s, ch, n);
    hss_expect(&c.s, MUTLS_HS_SERVER_HELLO, mutls_hs_parse_server_hello);
    conf_close(&c);
}

/* ------------------------------------------------------------ ClientHello */

static void test_conformance_hello_record_version_03xx_accepted(void **state)
{
    static const uint16_t versions[] = {0x0300, 0x0301, 0x0304, 0x03ff};

    (void)state;
    for (size_t i = 0; i < sizeof(versions) / sizeof(versions[0]); i++) {
        conf c;

        conf_open(&c);
        mutls_rec_set_write_version(&c.s.h.rec, versions[i]);
        hss_send(&c.s, MUTLS_HS_CLIENT_HELLO, mutls_hs_write_client_hello);
        hss_expect(&c.s, MUTLS_HS_SERVER_HELLO, mutls_hs_parse_server_hello);
        conf_close(&c);
    }
}

static void test_conformance_hello_record_major_not_3_protocol_version(void **state)
{
    conf c;

    (void)state;
    conf_open(&c);
    mutls_rec_set_write_version(&c.s.h.rec, 0x0403);
    hss_send(&c.s, MUTLS_HS_CLIENT_HELLO, mutls_hs_write_client_hello);
    expect_server_failed(&c, MUTLS_ERR_RECORD_VERSION, MUTLS_ALERT_PROTOCOL_VERSION);
    conf_close(&c);
}

static void test_conformance_hello_trailing_byte_decode_error(void **state)
{
    (void)state;
    hello_refused(NO_EXT, NULL, 0, 1, NO_EXT, 0, MUTLS_ERR_DECODE, MUTLS_ALERT_DECODE_ERROR);
}

/* A ClientHello without extensions: @p sid_len bytes of session_id, then the suite and
 * compression vectors as given; the server's refusal is checked. */
static void bare_hello_refused(size_t sid_len, const uint8_t *suites, size_t suites_len,
                               const uint8_t *comp, size_t comp_len, int code, int alert)
{
    conf c;
    uint8_t ch[256];
    mutls_wr w;
    size_t body, m;

    conf_open(&c);
    mutls_wr_init(&w, ch, sizeof(ch));
    mutls_wr_u8(&w, MUTLS_HS_CLIENT_HELLO);
    body = mutls_wr_vec24_begin(&w);
    mutls_wr_u16(&w, MUTLS_TLS12);
    for (size_t i = 0; i < 32 + 1 + sid_len; i++) {
        mutls_wr_u8(&w, i == 32 ? (uint8_t)sid_len : 0x5a); /* random, session_id */
    }
    m = mutls_wr_vec16_begin(&w);
    mutls_wr_bytes(&w, suites, suites_len);
    mutls_wr_vec16_end(&w, m);
    m = mutls_wr_vec8_begin(&w);
    mutls_wr_bytes(&w, comp, comp_len);
    mutls_wr_vec8_end(&w, m);
    mutls_wr_vec24_end(&w, body);
    assert_int_equal(w.err, 0);
    hss_send_msg(&c.s, ch, mutls_wr_len(&w));
    expect_server_failed(&c, code, alert);
    conf_close(&c);
}

static void test_conformance_hello_vectors_out_of_range(void **state)
{
    static const uint8_t suite[] = {0xc0, 0x2b}, odd[] = {0xc0, 0x2b, 0xc0};
    static const uint8_t null_comp[] = {0}, deflate_only[] = {1};

    (void)state;
    /* RFC 5246 §7.4.1.2: session_id<0..32>, cipher_suites<2..2^16-2> of two-byte
     * entries, compression_methods<1..2^8-1> that include null. */
    bare_hello_refused(33, suite, 2, null_comp, 1, MUTLS_ERR_DECODE, MUTLS_ALERT_DECODE_ERROR);
    bare_hello_refused(0, odd, 3, null_comp, 1, MUTLS_ERR_DECODE, MUTLS_ALERT_DECODE_ERROR);
    bare_hello_refused(0, suite, 0, null_comp, 1, MUTLS_ERR_DECODE, MUTLS_ALERT_DECODE_ERROR);
    bare_hello_refused(0, suite, 2, null_comp, 0, MUTLS_ERR_DECODE, MUTLS_ALERT_DECODE_ERROR);
    bare_hello_refused(0, suite, 2, deflate_only, 1, MUTLS_ERR_ILLEGAL_PARAMETER,
                       MUTLS_ALERT_ILLEGAL_PARAMETER);
}

static void test_conformance_hello_fallback_scsv_tls12_accepted(void **state)
{
    (void)state;
    hello_accepted(NO_EXT, NULL, 0, 0x5600);
}

static void test_conformance_hello_fallback_scsv_tls11_protocol_version(void **state)
{
    (void)state;
    /* RFC 7507 §3 lets a server that does not support the offered version answer with
     * protocol_version instead of inappropriate_fallback. */
    hello_refused(NO_EXT, NULL, 0, 0, 0x5600, 0x0302, MUTLS_ERR_PROTOCOL_VERSION,
                  MUTLS_ALERT_PROTOCOL_VERSION);
}

static void test_conformance_sni_two_host_names_illegal_parameter(void **state)
{
    static const uint8_t sni[] = {0x00, 0x00, 0x00, 0x12, 0x00, 0x10,           /* ext, list */
                                  0x00, 0x00, 0x05, 'a', '.', 'c', 'o', 'm',    /* host_name */
                                  0x00, 0x00, 0x05, 'b', '.', 'c', 'o', 'm'};   /* host_name */

    (void)state;
    hello_refused(MUTLS_EXT_SERVER_NAME, sni, sizeof(sni), 0, NO_EXT, 0,
                  MUTLS_ERR_ILLEGAL_PARAMETER, MUTLS_ALERT_ILLEGAL_PARAMETER);
}

static void test_conformance_sni_one_host_name_accepted(void **state)
{
    static const uint8_t sni[] = {0x00, 0x00, 0x00, 0x0a, 0x00, 0x08,
                                  0x00, 0x00, 0x05, 'a', '.', 'c', 'o', 'm'};

    (void)state;
    hello_accepted(MUTLS_EXT_SERVER_NAME, sni, sizeof(sni), NO_EXT);
}

static void test_conformance_sni_empty_list_or_name_decode_error(void **state)
{
    static const uint8_t empty_list[] = {0x00, 0x00, 0x00, 0x02, 0x00, 0x00};
    static const uint8_t empty_name[] = {0x00, 0x00, 0x00, 0x05, 0x00, 0x03, 0x00, 0x00, 0x00};

    (void)state;
    hello_refused(MUTLS_EXT_SERVER_NAME, empty_list, sizeof(empty_list), 0, NO_EXT, 0,
                  MUTLS_ERR_DECODE, MUTLS_ALERT_DECODE_ERROR);
    hello_refused(MUTLS_EXT_SERVER_NAME, empty_name, sizeof(empty_name), 0, NO_EXT, 0,
                  MUTLS_ERR_DECODE, MUTLS_ALERT_DECODE_ERROR);
}

static void test_conformance_duplicate_known_extension_illegal_parameter(void **state)
{
    /* supported_versions {3,3} twice; repeats of unknown types are not checked (hs_ext.c) */
    static const uint8_t twice[] = {0x00, 0x2b, 0x00, 0x03, 0x02, 0x03, 0x03,
                                    0x00, 0x2b, 0x00, 0x03, 0x02, 0x03, 0x03};

    (void)state;
    hello_refused(NO_EXT, twice, sizeof(twice), 0, NO_EXT, 0, MUTLS_ERR_ILLEGAL_PARAMETER,
                  MUTLS_ALERT_ILLEGAL_PARAMETER);
}

static void test_conformance_no_signature_algorithms_handshake_failure(void **state)
{
    conf c;
    uint8_t ch[2048];
    size_t n;

    (void)state;
    assert_int_equal(conf_open_suites(&c, "ECDHE-ECDSA-AES128-GCM-SHA256:"
                                          "ECDHE-RSA-AES128-GCM-SHA256"),
                     0);
    n = hello(&c, MUTLS_EXT_SIGNATURE_ALGORITHMS, NULL, 0, 0, NO_EXT, ch, sizeof(ch));
    hss_send_msg(&c.s, ch, n);
    expect_server_failed(&c, MUTLS_ERR_NO_SHARED_CIPHER, MUTLS_ALERT_HANDSHAKE_FAILURE);
    assert_non_null(strstr(mutls_error_detail(c.s.real), "signature_algorithms"));
    conf_close(&c);
}

static void test_conformance_no_signature_algorithms_static_rsa_chosen(void **state)
{
    conf c;
    uint8_t ch[2048];
    size_t n;

    (void)state;
    /* Static RSA signs nothing, so it stays usable (when it is built in at all). */
    if (conf_open_suites(&c, "ECDHE-RSA-AES128-GCM-SHA256:AES128-GCM-SHA256") != 0) {
        skip();
    }
    n = hello(&c, MUTLS_EXT_SIGNATURE_ALGORITHMS, NULL, 0, 0, NO_EXT, ch, sizeof(ch));
    hss_send_msg(&c.s, ch, n);
    hss_expect(&c.s, MUTLS_HS_SERVER_HELLO, mutls_hs_parse_server_hello);
    assert_int_equal(c.s.h.suite->kx, MUTLS_KX_RSA);
    conf_close(&c);
}

/* ------------------------------------------------------------ record layer */

/* A plaintext record of any type and length, written straight onto the real side's wire
 * (our record layer refuses to make these). */
static void inject_record(conf *c, uint8_t type, const uint8_t *p, size_t n)
{
    uint8_t rec[64];

    assert_true(n + 5 <= sizeof(rec));
    rec[0] = type;
    rec[1] = 3;
    rec[2] = 3;
    rec[3] = (uint8_t)(n >> 8);
    rec[4] = (uint8_t)n;
    if (n > 0) {
        memcpy(rec + 5, p, n);
    }
    assert_int_equal(tu_pipe_inject(c->s.pipe, 1, rec, n + 5), 0);
}

static void test_conformance_empty_handshake_fragment_decode_error(void **state)
{
    conf c;

    (void)state;
    conf_open(&c);
    inject_record(&c, MUTLS_CT_HANDSHAKE, NULL, 0);
    expect_server_failed(&c, MUTLS_ERR_RECORD_DECODE, MUTLS_ALERT_DECODE_ERROR);
    conf_close(&c);
}

static void test_conformance_unknown_content_type_unexpected_message(void **state)
{
    static const uint8_t one = 0;
    conf c;

    (void)state;
    conf_open(&c);
    hss_send(&c.s, MUTLS_HS_CLIENT_HELLO, mutls_hs_write_client_hello);
    hss_expect(&c.s, MUTLS_HS_SERVER_HELLO, mutls_hs_parse_server_hello);
    inject_record(&c, 0x19, &one, 1);
    expect_server_failed(&c, MUTLS_ERR_RECORD_TYPE, MUTLS_ALERT_UNEXPECTED_MESSAGE);
    conf_close(&c);
}

/* After the server's first flight, a record of @p type instead of the client's flight. */
static void instead_of_client_flight(uint8_t type, const uint8_t *p, size_t n, int code)
{
    conf c;

    conf_open(&c);
    hss_client_hello_to_done(&c.s);
    hss_send_raw(&c.s, type, p, n);
    expect_server_failed(&c, code, MUTLS_ALERT_UNEXPECTED_MESSAGE);
    conf_close(&c);
}

static void test_conformance_early_ccs_unexpected_message(void **state)
{
    static const uint8_t ccs = 1;

    (void)state;
    /* RFC 5246 §7.1: no keys yet, so a ChangeCipherSpec here is out of order. */
    instead_of_client_flight(MUTLS_CT_CHANGE_CIPHER_SPEC, &ccs, 1, MUTLS_ERR_UNEXPECTED_MESSAGE);
}

static void test_conformance_application_data_before_finished_unexpected(void **state)
{
    static const uint8_t data[] = {'h', 'i'};

    (void)state;
    instead_of_client_flight(MUTLS_CT_APPLICATION_DATA, data, sizeof(data),
                             MUTLS_ERR_RECORD_UNEXPECTED);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_conformance_hello_record_version_03xx_accepted),
        cmocka_unit_test(test_conformance_hello_record_major_not_3_protocol_version),
        cmocka_unit_test(test_conformance_hello_trailing_byte_decode_error),
        cmocka_unit_test(test_conformance_hello_vectors_out_of_range),
        cmocka_unit_test(test_conformance_hello_fallback_scsv_tls12_accepted),
        cmocka_unit_test(test_conformance_hello_fallback_scsv_tls11_protocol_version),
        cmocka_unit_test(test_conformance_sni_two_host_names_illegal_parameter),
        cmocka_unit_test(test_conformance_sni_one_host_name_accepted),
        cmocka_unit_test(test_conformance_sni_empty_list_or_name_decode_error),
        cmocka_unit_test(test_conformance_duplicate_known_extension_illegal_parameter),
        cmocka_unit_test(test_conformance_no_signature_algorithms_handshake_failure),
        cmocka_unit_test(test_conformance_no_signature_algorithms_static_rsa_chosen),
        cmocka_unit_test(test_conformance_empty_handshake_fragment_decode_error),
        cmocka_unit_test(test_conformance_unknown_content_type_unexpected_message),
        cmocka_unit_test(test_conformance_early_ccs_unexpected_message),
        cmocka_unit_test(test_conformance_application_data_before_finished_unexpected),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
