/* SPDX-License-Identifier: MIT */
/*
 * test_conformance_tf_kx.c - the key exchange and authentication half of the tlsfuzzer-style
 * probes (test_conformance_tf.c has the ClientHello half): a scripted client (hs_script.h)
 * against a real mutls server set up as a tlsfuzzer run would set it, each test asserting
 * the exact error and alert, each naming the script and probe it follows:
 *   - ClientKeyExchange: points off the curve or in another encoding (RFC 8422 §5.10,
 *     illegal_parameter), a truncated or padded message (decode_error), interleaved with
 *     ChangeCipherSpec (unexpected_message), bad RSA premasters of any size (bad_record_mac);
 *   - Finished of a wrong length (RFC 5246 §7.4.9, decode_error);
 *   - CertificateVerify: padded, truncated, short signatures, a wrong signature length;
 *     ECDSA with SHA-384 from a P-256 key, and a signature made with another hash than the
 *     one it names (decrypt_error).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hs_pair.h"
#include "hs_script.h"
#include "testutil.h"
#include "tf_probe.h"

#include <cmocka.h>

/* A tlsfuzzer-like server: no client certificate, no extended master secret required (most
 * scripts send none). */
static const tf_setup plain = {"ECDHE-RSA-AES128-GCM-SHA256", MUTLS_CLIENT_AUTH_NONE, 0, NULL,
                               NULL};

/* @p how with static RSA when it is built in: the suite tlsfuzzer's scripts default to (RSA
 * key exchange, here with AES-GCM), and a server that signs nothing runs faster. */
static tf_setup rsa_kx(const tf_setup *how)
{
    tf_setup r = *how;

    if (hp_have_static_rsa()) {
        r.suites = "AES128-GCM-SHA256";
    }
    return r;
}

/* ------------------------------------------------------------ ClientKeyExchange */

/* Probes of test-ecdhe-rsa-key-exchange-with-bad-messages and test-point-extension. */
enum { CKE_0_1, CKE_0_0, CKE_Y0, CKE_XOR, CKE_RAW, CKE_HYB6, CKE_HYB7, CKE_SHORT, CKE_PAD };

/* After the server's first flight, a P-256 ClientKeyExchange changed as @p kind says. */
static void cke_refused(int kind, int code, int alert)
{
    uint8_t m[128];
    size_t n;
    tf t;

    tf_open_kept(&t, &plain);
    hss_client_hello_to_done(&t.s);
    n = hss_build(&t.s, MUTLS_HS_CLIENT_KEY_EXCHANGE, mutls_hs_write_client_key_exchange, m,
                  sizeof(m));
    /* type, length(3), point<1..255>: 0x04 X(32) Y(32) */
    assert_int_equal(n, 4 + 1 + 65);
    assert_int_equal(m[5], 0x04);
    switch (kind) {
    case CKE_0_1: /* "invalid point (0, 1)" */
    case CKE_0_0: /* "invalid point (0, 0)": infinity as some encode it */
        memset(m + 6, 0, 64);
        m[69] = kind == CKE_0_1;
        break;
    case CKE_Y0: /* "invalid point (self-inconsistent, y all zero)" */
        memset(m + 38, 0, 32);
        break;
    case CKE_XOR: /* "invalid point (self-inconsistent)" */
        m[69] ^= 0xff;
        break;
    case CKE_RAW: /* "ECDHE raw encoding": no format byte */
        memmove(m + 5, m + 6, 64);
        m[3] = 65;
        m[4] = 64;
        n--;
        break;
    case CKE_HYB6: /* "ECDHE hybrid encoding": X9.62 formats 6 and 7 */
    case CKE_HYB7:
        m[5] = kind == CKE_HYB6 ? 6 : 7;
        break;
    case CKE_SHORT: /* "truncated ecdh_Yc value": the point's length still says 65 */
        m[3] = 65;
        n--;
        break;
    case CKE_PAD: /* "padded Client Key Exchange" */
        m[3] = 67;
        m[n++] = 0;
        break;
    }
    hss_send_raw(&t.s, MUTLS_CT_HANDSHAKE, m, n);
    tf_expect_failed(&t, code, alert);
    tf_close(&t);
}

static void test_tf_ecdhe_invalid_points_illegal_parameter(void **state)
{
    /* test-ecdhe-rsa-key-exchange-with-bad-messages and test-point-extension: RFC 8422
     * §5.10 (every point validated; the point at infinity has no encoding) and §5.1.2 (only
     * the uncompressed format was agreed). */
    static const int kinds[] = {CKE_0_1, CKE_0_0, CKE_Y0, CKE_XOR, CKE_RAW, CKE_HYB6, CKE_HYB7};

    (void)state;
    for (size_t i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++) {
        cke_refused(kinds[i], MUTLS_ERR_ILLEGAL_PARAMETER, MUTLS_ALERT_ILLEGAL_PARAMETER);
    }
}

static void test_tf_ecdhe_cke_truncated_or_padded_decode_error(void **state)
{
    (void)state;
    cke_refused(CKE_SHORT, MUTLS_ERR_DECODE, MUTLS_ALERT_DECODE_ERROR);
    cke_refused(CKE_PAD, MUTLS_ERR_DECODE, MUTLS_ALERT_DECODE_ERROR);
}

static void test_tf_interleaved_cke_with_ccs_unexpected_message(void **state)
{
    /* test-interleaved-CKE-with-CCS: ChangeCipherSpec between two fragments of one
     * ClientKeyExchange (RFC 5246 §7.1: a CCS sits between whole messages). */
    static const uint8_t ccs = 1;
    uint8_t m[128];
    size_t n;
    tf t;

    (void)state;
    tf_open_kept(&t, &plain);
    hss_client_hello_to_done(&t.s);
    n = hss_build(&t.s, MUTLS_HS_CLIENT_KEY_EXCHANGE, mutls_hs_write_client_key_exchange, m,
                  sizeof(m));
    hss_send_raw(&t.s, MUTLS_CT_HANDSHAKE, m, n / 2);
    hss_send_raw(&t.s, MUTLS_CT_CHANGE_CIPHER_SPEC, &ccs, 1);
    hss_send_raw(&t.s, MUTLS_CT_HANDSHAKE, m + n / 2, n - n / 2);
    tf_expect_failed(&t, MUTLS_ERR_RECORD_UNEXPECTED, MUTLS_ALERT_UNEXPECTED_MESSAGE);
    tf_close(&t);
}

/* After the server's first flight, a static-RSA ClientKeyExchange carrying @p ct (any size);
 * the script keys itself from a good premaster of its own, so the server, which must carry
 * on with a random premaster (RFC 5246 §7.4.7.1), fails on the Finished record. */
static void rsa_cke_bad_record_mac(const uint8_t *ct, size_t ct_len)
{
    static const tf_setup rsa = {"AES128-GCM-SHA256", MUTLS_CLIENT_AUTH_NONE, 0, NULL, NULL};
    uint8_t msg[4 + 2 + 512];
    mutls_wr w;
    tf t;

    tf_open_kept(&t, &rsa);
    hss_client_hello_to_done(&t.s);
    assert_int_equal(mutls_rng_bytes(t.s.h.rng, t.s.h.premaster, 48), 0);
    t.s.h.premaster[0] = 3;
    t.s.h.premaster[1] = 3;
    t.s.h.premaster_len = 48;
    mutls_wr_init(&w, msg, sizeof(msg));
    mutls_wr_u8(&w, MUTLS_HS_CLIENT_KEY_EXCHANGE);
    mutls_wr_u24(&w, (uint32_t)(ct_len + 2));
    mutls_wr_u16(&w, (uint16_t)ct_len);
    mutls_wr_bytes(&w, ct, ct_len);
    assert_int_equal(w.err, 0);
    hss_send_msg(&t.s, msg, mutls_wr_len(&w));
    hss_send_ccs(&t.s);
    hss_send(&t.s, MUTLS_HS_FINISHED, mutls_hs_write_finished);
    tf_expect_failed(&t, MUTLS_ERR_BAD_RECORD_MAC, MUTLS_ALERT_BAD_RECORD_MAC);
    assert_non_null(strstr(mutls_error_detail(t.s.real), "Finished"));
    tf_close(&t);
}

static void test_tf_rsa_premaster_wrong_size_bad_record_mac(void **state)
{
    /* test-invalid-rsa-key-exchange-messages, "encrypted premaster set to all zero (128)",
     * "(384)", "(512)" against a 2048-bit key, and a ciphertext above the modulus (all
     * 0xff, in the spirit of "modulus as encrypted premaster"). */
    static const size_t sizes[] = {128, 384, 512};
    uint8_t ct[512];

    (void)state;
    if (!hp_have_static_rsa()) {
        skip();
    }
    memset(ct, 0, sizeof(ct));
    for (size_t i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
        rsa_cke_bad_record_mac(ct, sizes[i]);
    }
    memset(ct, 0xff, 256);
    rsa_cke_bad_record_mac(ct, 256);
}

/* ------------------------------------------------------------ Finished */

static void test_tf_finished_wrong_length_decode_error(void **state)
{
    /* test-truncating-of-finished, "padded Finished" and "truncated Finished" (any alert
     * there): verify_data is exactly 12 bytes for these suites (RFC 5246 §7.4.9), so a
     * shorter or longer Finished is malformed (decode_error), not merely wrong. */
    static const size_t lengths[] = {0, 1, 11, 13, 32};

    (void)state;
    for (size_t i = 0; i < sizeof(lengths) / sizeof(lengths[0]); i++) {
        uint8_t fin[4 + 32] = {MUTLS_HS_FINISHED, 0, 0, (uint8_t)lengths[i]};
        tf_setup how = rsa_kx(&plain);
        tf t;

        tf_open_kept(&t, &how);
        hss_client_hello_to_done(&t.s);
        hss_send(&t.s, MUTLS_HS_CLIENT_KEY_EXCHANGE, mutls_hs_write_client_key_exchange);
        hss_send_ccs(&t.s);
        hss_send_raw(&t.s, MUTLS_CT_HANDSHAKE, fin, 4 + lengths[i]);
        tf_expect_failed(&t, MUTLS_ERR_DECODE, MUTLS_ALERT_DECODE_ERROR);
        tf_close(&t);
    }
}

/* ------------------------------------------------------------ CertificateVerify */

/* test-certificate-verify-malformed runs with client certificates required. */
static const tf_setup cert_server = {"ECDHE-RSA-AES128-GCM-SHA256", MUTLS_CLIENT_AUTH_REQUIRED, 0,
                                     NULL, NULL};

enum { CV_PAD, CV_TRUNCATE, CV_SHORT_SIG, CV_HEADER_ONLY, CV_LENGTH_XOR };

/* After Certificate and ClientKeyExchange, a CertificateVerify (RSA key) changed as @p kind
 * says, with @p arg its parameter. */
static void cv_refused(int kind, size_t arg, int code, int alert)
{
    static const uint8_t sig4[] = {0xac, 0x96, 0x22, 0xdf};
    tf_setup how = rsa_kx(&cert_server);
    uint8_t m[1024];
    size_t n;
    tf t;

    tf_open_kept(&t, &how);
    hss_client_hello_to_done(&t.s);
    hss_send(&t.s, MUTLS_HS_CERTIFICATE, mutls_hs_write_client_certificate);
    hss_send(&t.s, MUTLS_HS_CLIENT_KEY_EXCHANGE, mutls_hs_write_client_key_exchange);
    n = hss_build(&t.s, MUTLS_HS_CERTIFICATE_VERIFY, mutls_hs_write_certificate_verify, m,
                  sizeof(m) - 1);
    /* type, length(3), scheme(2), signature<0..2^16-1> */
    assert_true(n > 8 && n < 1000);
    switch (kind) {
    case CV_PAD: /* "pad CertificateVerify" */
        m[n++] = 0;
        break;
    case CV_TRUNCATE: /* "truncate CertificateVerify" */
        n--;
        break;
    case CV_SHORT_SIG: /* "{1,2,3} byte sig in CertificateVerify" */
        m[6] = 0;
        m[7] = (uint8_t)arg;
        memcpy(m + 8, sig4, arg);
        n = 8 + arg;
        break;
    case CV_HEADER_ONLY: /* "CertificateVerify truncated to {0..3} bytes" */
        m[6] = 0;
        m[7] = 0;
        n = 4 + arg;
        break;
    case CV_LENGTH_XOR: /* "fuzz signature length with N" */
        m[7] ^= (uint8_t)arg;
        break;
    }
    m[1] = 0;
    m[2] = (uint8_t)((n - 4) >> 8);
    m[3] = (uint8_t)(n - 4);
    hss_send_raw(&t.s, MUTLS_CT_HANDSHAKE, m, n);
    tf_expect_failed(&t, code, alert);
    tf_close(&t);
}

static void test_tf_certificate_verify_malformed_decode_error(void **state)
{
    static const uint8_t xors[] = {1, 2, 0x40, 0x80, 0xff};

    (void)state;
    cv_refused(CV_PAD, 0, MUTLS_ERR_DECODE, MUTLS_ALERT_DECODE_ERROR);
    cv_refused(CV_TRUNCATE, 0, MUTLS_ERR_DECODE, MUTLS_ALERT_DECODE_ERROR);
    for (size_t k = 0; k < 4; k++) {
        cv_refused(CV_HEADER_ONLY, k, MUTLS_ERR_DECODE, MUTLS_ALERT_DECODE_ERROR);
    }
    for (size_t i = 0; i < sizeof(xors); i++) {
        cv_refused(CV_LENGTH_XOR, xors[i], MUTLS_ERR_DECODE, MUTLS_ALERT_DECODE_ERROR);
    }
}

static void test_tf_certificate_verify_short_signature_decrypt_error(void **state)
{
    /* test-certificate-verify-malformed, "{1,2,3} byte sig in CertificateVerify": well
     * framed, so decode_error does not apply; the signature does not verify (RFC 5246
     * §7.2.2 decrypt_error). */
    (void)state;
    for (size_t k = 1; k < 4; k++) {
        cv_refused(CV_SHORT_SIG, k, MUTLS_ERR_BAD_SIGNATURE, MUTLS_ALERT_DECRYPT_ERROR);
    }
}

/* ------------------------------------------------------------ Certificate */

/* The server's answer to the client Certificate @p m (after its first flight): the alert it
 * sends, or -1 when it takes the message and waits for more. */
static int certificate_answer(const mutls_config *cli, const mutls_config *srv, const uint8_t *m,
                              size_t n)
{
    mutls_rec_unit u;
    hs_script s;
    int rc;

    hss_open(&s, cli, srv);
    hss_client_hello_to_done(&s);
    hss_send_raw(&s, MUTLS_CT_HANDSHAKE, m, n);
    rc = hss_recv(&s, &u);
    rc = rc == MUTLS_ERR_ALERT_RECEIVED ? s.h.rec.alert_desc : -1;
    hss_close(&s);
    return rc;
}

static void test_tf_certificate_malformed_decode_error(void **state)
{
    /* test-certificate-malformed (client certificates optional): "fuzz certificates length
     * with N" and "fuzz first certificate length with N" (bytes 7 and 9 of a real Certificate
     * xor N), "fuzz empty certificates length - N" (an empty list's length xor N), and every
     * "fuzz empty certificate - overall K, certs I, cert J": all decode_error, except a list
     * that frames one certificate of J zero bytes, which is a bad_certificate. */
    static const uint8_t xors[] = {1, 2, 3, 0x10, 0x7f, 0x80, 0xfe, 0xff};
    mutls_config *cli = hp_config(MUTLS_ROLE_CLIENT, "client", "cas.pem");
    mutls_config *srv = hp_server_config(MUTLS_CLIENT_AUTH_OPTIONAL);
    uint8_t cert[2048], m[2048];
    size_t n;

    (void)state;
    /* Static RSA makes the server sign nothing before the Certificate: faster. */
    if (mutls_config_set_suites(cli, "AES128-GCM-SHA256") != 0) {
        assert_int_equal(mutls_config_set_suites(cli, "ECDHE-ECDSA-AES128-GCM-SHA256"), 0);
    }
    {
        hs_script s;
        hss_open(&s, cli, srv);
        hss_client_hello_to_done(&s);
        n = hss_build(&s, MUTLS_HS_CERTIFICATE, mutls_hs_write_client_certificate, cert,
                      sizeof(cert));
        hss_close(&s);
    }
    for (size_t i = 0; i < sizeof(xors); i++) {
        uint8_t empty[7] = {MUTLS_HS_CERTIFICATE, 0, 0, 3, 0, 0, 0};

        for (size_t at = 7; at <= 9; at += 2) {
            memcpy(m, cert, n);
            m[at] ^= xors[i];
            assert_int_equal(certificate_answer(cli, srv, m, n), MUTLS_ALERT_DECODE_ERROR);
        }
        empty[6] ^= xors[i];
        assert_int_equal(certificate_answer(cli, srv, empty, 7), MUTLS_ALERT_DECODE_ERROR);
    }
    for (int i = 0; i < 8; i++) {
        for (int j = 0; j < 8; j++) {
            for (int k = 0; k < 6; k++) {
                /* the body: certificate_list length 0 0 i, then k bytes, the third of them j */
                uint8_t e[16] = {MUTLS_HS_CERTIFICATE, 0, 0, (uint8_t)(3 + k), 0, 0, (uint8_t)i};
                int bad_cert = i == j + 3 && k == i && j > 0;

                if ((i == 3 && j == 0) || (k == 0 && i == 0)) {
                    continue; /* well-formed: an empty list, or one empty certificate */
                }
                e[9] = k >= 3 ? (uint8_t)j : 0;
                assert_int_equal(certificate_answer(cli, srv, e, 7 + (size_t)k),
                                 bad_cert ? MUTLS_ALERT_BAD_CERTIFICATE : MUTLS_ALERT_DECODE_ERROR);
            }
        }
    }
    mutls_config_free(cli);
    mutls_config_free(srv);
}

/* test-ecdsa-in-certificate-verify runs with an ECDSA client certificate. */
static const tf_setup ec_client = {"ECDHE-RSA-AES128-GCM-SHA256", MUTLS_CLIENT_AUTH_REQUIRED, 0,
                                   NULL, "client-ec"};

/* With a P-256 client key: Certificate, ClientKeyExchange, then a CertificateVerify signed
 * with scheme @p sign_as and naming @p named; returns after the server answered. */
static void ecdsa_cv(tf *t, uint16_t sign_as, uint16_t named)
{
    uint8_t m[256];
    size_t n;

    tf_open_kept(t, &ec_client);
    hss_client_hello_to_done(&t->s);
    /* As if the server had offered this scheme alone (it offers both ECDSA ones). */
    t->s.h.peer_schemes[0] = sign_as;
    t->s.h.n_peer_schemes = 1;
    hss_send(&t->s, MUTLS_HS_CERTIFICATE, mutls_hs_write_client_certificate);
    hss_send(&t->s, MUTLS_HS_CLIENT_KEY_EXCHANGE, mutls_hs_write_client_key_exchange);
    n = hss_build(&t->s, MUTLS_HS_CERTIFICATE_VERIFY, mutls_hs_write_certificate_verify, m,
                  sizeof(m));
    assert_int_equal(m[4] << 8 | m[5], sign_as);
    m[4] = (uint8_t)(named >> 8);
    m[5] = (uint8_t)named;
    hss_send_msg(&t->s, m, n);
    hss_send_ccs(&t->s);
    hss_send(&t->s, MUTLS_HS_FINISHED, mutls_hs_write_finished);
}

static void test_tf_ecdsa_sha384_from_p256_key_accepted(void **state)
{
    /* test-ecdsa-in-certificate-verify, "make sha384+ecdsa signature in CertificateVerify":
     * in TLS 1.2 the scheme names the hash, not the curve (RFC 5246 §7.4.1.4.1). */
    tf t;

    (void)state;
    ecdsa_cv(&t, 0x0503, 0x0503);
    hss_expect_ccs(&t.s);
    hss_expect(&t.s, MUTLS_HS_FINISHED, mutls_hs_parse_finished);
    assert_int_equal(t.s.real_rc, 0);
    tf_close(&t);
}

static void test_tf_ecdsa_hash_other_than_named_decrypt_error(void **state)
{
    /* test-ecdsa-in-certificate-verify, "make sha256+ecdsa signature, advertise it as
     * sha384+ecdsa in CertificateVerify" and the reverse: the signature does not verify. */
    tf t;

    (void)state;
    ecdsa_cv(&t, 0x0403, 0x0503);
    tf_expect_failed(&t, MUTLS_ERR_BAD_SIGNATURE, MUTLS_ALERT_DECRYPT_ERROR);
    tf_close(&t);
    ecdsa_cv(&t, 0x0503, 0x0403);
    tf_expect_failed(&t, MUTLS_ERR_BAD_SIGNATURE, MUTLS_ALERT_DECRYPT_ERROR);
    tf_close(&t);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_tf_ecdhe_invalid_points_illegal_parameter),
        cmocka_unit_test(test_tf_ecdhe_cke_truncated_or_padded_decode_error),
        cmocka_unit_test(test_tf_interleaved_cke_with_ccs_unexpected_message),
        cmocka_unit_test(test_tf_rsa_premaster_wrong_size_bad_record_mac),
        cmocka_unit_test(test_tf_finished_wrong_length_decode_error),
        cmocka_unit_test(test_tf_certificate_verify_malformed_decode_error),
        cmocka_unit_test(test_tf_certificate_verify_short_signature_decrypt_error),
        cmocka_unit_test(test_tf_certificate_malformed_decode_error),
        cmocka_unit_test(test_tf_ecdsa_sha384_from_p256_key_accepted),
        cmocka_unit_test(test_tf_ecdsa_hash_other_than_named_decrypt_error),
    };

    return cmocka_run_group_tests(tests, NULL, tf_free_kept);
}
