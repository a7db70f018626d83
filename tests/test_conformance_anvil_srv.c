/* SPDX-License-Identifier: MIT */
/*
 * test_conformance_anvil_srv.c - probes modelled on TLS-Anvil's TLS 1.2 server tests
 * (TLS-Testsuite, tests/server/tls12 and tests/both/tls12), each sent by a scripted client
 * (hs_script.h) to a real mutls server, each asserting the exact error and the alert on the
 * wire. TLS-Anvil judges a refusal by "a fatal alert, then the connection closed" (a close
 * without an alert passes only conceptually); each test names the Anvil class and method.
 * Probes that test_conformance*.c already make are not repeated here.
 *   - fixed in this audit: padding with non-zero bytes (RFC 7685 §3, illegal_parameter),
 *     an ECDSA certificate on a curve the client's supported_groups leaves out (RFC 8422
 *     §5.3, not used), a close_notify during the handshake (RFC 5246 §7.2.1, answered with
 *     ours), a client record over the max_fragment_length we agreed to (RFC 6066 §4,
 *     record_overflow);
 *   - already answered as Anvil expects, checked here: zero-length alert and
 *     ChangeCipherSpec records, ChangeCipherSpec bodies other than the one byte 1, an empty
 *     protected record, a ChangeCipherSpec after the handshake, a fatal alert after the
 *     handshake (the session leaves the cache), unknown groups beside a suite without
 *     ECDHE or alone, status_request and GREASE values ignored, a long signature_algorithms
 *     list whose known schemes come last.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hs_pair.h"
#include "hs_script.h"
#include "session.h"
#include "testutil.h"
#include "tf_probe.h"

#include <cmocka.h>

/* A server as TLS-Anvil would meet it in most tests: no client certificate, extended master
 * secret not required (TLS-Attacker leaves the extension out unless a parameter adds it). */
static const tf_setup plain = {"ECDHE-RSA-AES128-GCM-SHA256", MUTLS_CLIENT_AUTH_NONE, 0, NULL,
                               NULL};

#define REFUSED(how, type, ext, code, alert)                                                       \
    tf_hello_refused(how, type, TF_NONE, ext, sizeof(ext), code, alert)
#define ANSWERED(how, type, ext, sh)                                                               \
    tf_hello_answered(how, type, TF_NONE, ext, sizeof(ext), sh, sizeof(sh))

/* Whether the ServerHello @p sh (@p n bytes, header included) has an extension of @p type. */
static int sh_has_ext(const uint8_t *sh, size_t n, uint16_t type)
{
    mutls_rd r, v, exts;

    mutls_rd_init(&r, sh + 4, n - 4);
    mutls_rd_skip(&r, 2 + 32);
    mutls_rd_vec8(&r, &v); /* session_id */
    mutls_rd_skip(&r, 2 + 1);
    mutls_rd_vec16(&r, &exts);
    assert_int_equal(mutls_rd_end(&r), 0);
    while (mutls_rd_remaining(&exts) > 0) {
        uint16_t t = mutls_rd_u16(&exts);
        mutls_rd_vec16(&exts, &v);
        if (t == type) {
            return 1;
        }
    }
    assert_int_equal(exts.err, 0);
    return 0;
}

/* The cipher suite a ServerHello chose. */
static uint16_t sh_suite(const uint8_t *sh, size_t n)
{
    mutls_rd r, v;
    uint16_t suite;

    mutls_rd_init(&r, sh + 4, n - 4);
    mutls_rd_skip(&r, 2 + 32);
    mutls_rd_vec8(&r, &v);
    suite = mutls_rd_u16(&r);
    assert_int_equal(r.err, 0);
    return suite;
}

/* Bytes straight onto the wire towards the real side, past the script's record layer. */
static void inject(tf *t, const uint8_t *p, size_t n)
{
    assert_int_equal(tu_pipe_inject(t->s.pipe, 1, p, n), 0);
}

/* The script's client flight after ServerHelloDone, up to and including its
 * ChangeCipherSpec (write keys switched). */
static void client_kx_and_ccs(tf *t)
{
    hss_send(&t->s, MUTLS_HS_CLIENT_KEY_EXCHANGE, mutls_hs_write_client_key_exchange);
    hss_send_ccs(&t->s);
}

/* ------------------------------------------------------------ fixed */

static void test_anvil_padding_non_zero_illegal_parameter(void **state)
{
    /* PaddingExtension.paddingWithNonZero (RFC 7685 §3): the client fills the padding with
     * zero bytes; TLS-Anvil enforces that rule on the server, a fatal alert for 0xBA 0xBE. */
    static const uint8_t babe[] = {0x00, 0x15, 0x00, 0x02, 0xba, 0xbe};
    static const uint8_t last_one[] = {0x00, 0x15, 0x00, 0x04, 0x00, 0x00, 0x00, 0x01};

    (void)state;
    REFUSED(&plain, TF_NONE, babe, MUTLS_ERR_ILLEGAL_PARAMETER, MUTLS_ALERT_ILLEGAL_PARAMETER);
    REFUSED(&plain, TF_NONE, last_one, MUTLS_ERR_ILLEGAL_PARAMETER, MUTLS_ALERT_ILLEGAL_PARAMETER);
}

static void test_anvil_padding_zero_or_empty_accepted_not_echoed(void **state)
{
    /* PaddingExtension (the "new" test beside paddingWithNonZero): zero bytes, or none,
     * are the padding the RFC allows; the server never echoes it (RFC 7685 §3). */
    static const uint8_t zeros[] = {0x00, 0x15, 0x00, 0x05, 0, 0, 0, 0, 0};
    static const uint8_t empty[] = {0x00, 0x15, 0x00, 0x00};
    uint8_t sh[512];
    size_t n;

    (void)state;
    n = ANSWERED(&plain, TF_NONE, zeros, sh);
    assert_false(sh_has_ext(sh, n, 0x0015));
    n = ANSWERED(&plain, TF_NONE, empty, sh);
    assert_false(sh_has_ext(sh, n, 0x0015));
}

/* RFC 8422 §5.1.1 supported_groups bodies: secp384r1 alone, both curves we have. */
static const uint8_t groups_p384[] = {0x00, 0x0a, 0x00, 0x04, 0x00, 0x02, 0x00, 0x18};
static const uint8_t groups_both[] = {0x00, 0x0a, 0x00, 0x06, 0x00, 0x04, 0x00, 0x18, 0x00, 0x17};

static void test_anvil_ecdsa_certificate_curve_not_offered_not_used(void **state)
{
    /* RespectClientExtensions.respectsChosenCurveForCertificates (TLS-Scanner's ECDSA group
     * disparity probe), RFC 8422 §5.3: our ECDSA key is on secp256r1, so a client naming
     * only secp384r1 is not given it; with nothing else to offer it, handshake_failure. */
    static const tf_setup ecdsa = {"ECDHE-ECDSA-AES128-GCM-SHA256", MUTLS_CLIENT_AUTH_NONE, 0, NULL,
                                   NULL};
    uint8_t ch[4096];
    size_t n;
    tf t;

    (void)state;
    tf_open(&t, &ecdsa);
    n = tf_hello(&t, MUTLS_EXT_SUPPORTED_GROUPS, TF_NONE, groups_p384, sizeof(groups_p384), 0, ch,
                 sizeof(ch));
    hss_send_msg(&t.s, ch, n);
    tf_expect_failed(&t, MUTLS_ERR_NO_SHARED_CIPHER, MUTLS_ALERT_HANDSHAKE_FAILURE);
    assert_non_null(strstr(mutls_error_detail(t.s.real), "RFC 8422 §5.3"));
    tf_close(&t);
}

static void test_anvil_ecdsa_certificate_curve_offered_used(void **state)
{
    /* The same client offering an RSA suite too gets the RSA one; naming secp256r1 as well,
     * it gets the ECDSA suite it prefers (our preference puts ECDSA first). */
    static const tf_setup both = {"ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256",
                                  MUTLS_CLIENT_AUTH_NONE, 0, NULL, NULL};
    uint8_t sh[512];
    size_t n;

    (void)state;
    n = tf_hello_answered(&both, MUTLS_EXT_SUPPORTED_GROUPS, TF_NONE, groups_p384,
                          sizeof(groups_p384), sh, sizeof(sh));
    assert_int_equal(sh_suite(sh, n), 0xc02f);
    n = tf_hello_answered(&both, MUTLS_EXT_SUPPORTED_GROUPS, TF_NONE, groups_both,
                          sizeof(groups_both), sh, sizeof(sh));
    assert_int_equal(sh_suite(sh, n), 0xc02b);
}

static void test_anvil_close_notify_during_handshake_answered(void **state)
{
    /* AlertProtocol.closeNotify: after ServerHelloDone the client sends a warning
     * close_notify; RFC 5246 §7.2.1 has the other side answer with its own and close.
     * Anvil passes it strictly only when our close_notify arrives. */
    static const uint8_t close_notify[] = {MUTLS_ALERT_LEVEL_WARNING, MUTLS_ALERT_CLOSE_NOTIFY};
    mutls_rec_unit u;
    tf t;

    (void)state;
    tf_open(&t, &plain);
    hss_client_hello_to_done(&t.s);
    hss_send_raw(&t.s, MUTLS_CT_ALERT, close_notify, sizeof(close_notify));
    hss_pump(&t.s);
    assert_int_equal(t.s.real_rc, MUTLS_ERR_CLOSED);
    assert_int_equal(mutls_alert_sent(t.s.real), -1); /* no fatal alert */
    assert_int_equal(hss_recv(&t.s, &u), MUTLS_REC_CLOSED);
    assert_int_equal(t.s.h.rec.alert_level, MUTLS_ALERT_LEVEL_WARNING);
    assert_int_equal(t.s.h.rec.alert_desc, MUTLS_ALERT_CLOSE_NOTIFY);
    /* later calls keep the error and send nothing more */
    hss_pump(&t.s);
    assert_int_equal(t.s.real_rc, MUTLS_ERR_CLOSED);
    assert_int_equal(tu_pipe_pending(t.s.pipe, 0), 0);
    tf_close(&t);
}

static void test_anvil_max_fragment_length_binds_client_records_record_overflow(void **state)
{
    /* MaxFragmentLengthExtension.enforcesRecordLimit (RFC 6066 §4): once we answered
     * max_fragment_length 2^9, a client record over 512 plaintext bytes is refused with
     * record_overflow; one of exactly 512 is taken. The script offers max_fragment_length
     * alone (no record_size_limit, which would take precedence, RFC 8449 §5). */
    static const uint8_t mfl_512[] = {0x00, 0x01, 0x00, 0x01, 0x01};
    static uint8_t data[600];
    uint8_t ch[4096], buf[1024];
    size_t n;
    tf t;

    (void)state;
    tf_open(&t, &plain);
    n = tf_hello(&t, MUTLS_EXT_RECORD_SIZE_LIMIT, MUTLS_EXT_MAX_FRAGMENT_LENGTH, mfl_512,
                 sizeof(mfl_512), 0, ch, sizeof(ch));
    t.s.h.mfl_code = 1; /* what the script now expects the ServerHello to repeat */
    hss_send_msg(&t.s, ch, n);
    hss_expect(&t.s, MUTLS_HS_SERVER_HELLO, mutls_hs_parse_server_hello);
    hss_expect(&t.s, MUTLS_HS_CERTIFICATE, mutls_hs_parse_server_certificate);
    hss_expect(&t.s, MUTLS_HS_SERVER_KEY_EXCHANGE, mutls_hs_parse_server_key_exchange);
    hss_expect(&t.s, MUTLS_HS_SERVER_HELLO_DONE, mutls_hs_parse_server_hello_done);
    client_kx_and_ccs(&t);
    hss_send(&t.s, MUTLS_HS_FINISHED, mutls_hs_write_finished);
    hss_expect_ccs(&t.s);
    hss_expect(&t.s, MUTLS_HS_FINISHED, mutls_hs_parse_finished);
    hss_pump(&t.s);
    assert_int_equal(t.s.real_rc, 0);
    assert_int_equal(mutls_get_record_limit(t.s.real, 0), 512);
    assert_int_equal(mutls_get_record_limit(t.s.real, 1), 512);
    /* the script's own records were held to 512 by the answer: lift that to overrun */
    mutls_rec_set_send_limit(&t.s.h.rec, MUTLS_REC_MAX_PLAINTEXT);
    t.s.h.rec.max_frag = MUTLS_REC_MAX_PLAINTEXT; /* our records also stay under our own */
    hss_send_raw(&t.s, MUTLS_CT_APPLICATION_DATA, data, 512);
    assert_int_equal(mutls_read(t.s.real, buf, sizeof(buf)), 512);
    hss_send_raw(&t.s, MUTLS_CT_APPLICATION_DATA, data, 513);
    assert_int_equal(mutls_read(t.s.real, buf, sizeof(buf)), MUTLS_ERR_RECORD_OVERFLOW);
    assert_int_equal(mutls_alert_sent(t.s.real), MUTLS_ALERT_RECORD_OVERFLOW);
    assert_int_equal(hss_expect_alert(&t.s), MUTLS_ALERT_RECORD_OVERFLOW);
    tf_close(&t);
}

/* ------------------------------------------------------------ agreed, checked */

static void test_anvil_zero_length_alert_record_decode_error(void **state)
{
    /* Fragmentation.sendZeroLengthRecord_Alert (RFC 5246 §6.2.1: no empty Alert
     * fragments): after ServerHelloDone, an alert record of no bytes. */
    static const uint8_t empty_alert[] = {MUTLS_CT_ALERT, 0x03, 0x03, 0x00, 0x00};
    tf t;

    (void)state;
    tf_open(&t, &plain);
    hss_client_hello_to_done(&t.s);
    inject(&t, empty_alert, sizeof(empty_alert));
    tf_expect_failed(&t, MUTLS_ERR_RECORD_DECODE, MUTLS_ALERT_DECODE_ERROR);
    tf_close(&t);
}

static void test_anvil_zero_length_ccs_record_unexpected_message(void **state)
{
    /* Fragmentation.sendZeroLengthRecord_CCS (RFC 5246 §6.2.1): where the client's
     * ChangeCipherSpec belongs, a ChangeCipherSpec record of no bytes. */
    static const uint8_t empty_ccs[] = {MUTLS_CT_CHANGE_CIPHER_SPEC, 0x03, 0x03, 0x00, 0x00};
    tf t;

    (void)state;
    tf_open(&t, &plain);
    hss_client_hello_to_done(&t.s);
    hss_send(&t.s, MUTLS_HS_CLIENT_KEY_EXCHANGE, mutls_hs_write_client_key_exchange);
    inject(&t, empty_ccs, sizeof(empty_ccs));
    tf_expect_failed(&t, MUTLS_ERR_RECORD_UNEXPECTED, MUTLS_ALERT_UNEXPECTED_MESSAGE);
    tf_close(&t);
}

static void test_anvil_ccs_content_not_one_unexpected_message(void **state)
{
    /* ChangeCipherSpecProtocol.contentOfCCS and contentOfCCSMoreThanOneByte (RFC 5246
     * §7.1: one byte of value 1): 125, then 1 1. */
    static const uint8_t v125[] = {125};
    static const uint8_t two[] = {1, 1};
    const uint8_t *bodies[] = {v125, two};
    size_t lens[] = {sizeof(v125), sizeof(two)};

    (void)state;
    for (size_t i = 0; i < 2; i++) {
        tf t;

        tf_open(&t, &plain);
        hss_client_hello_to_done(&t.s);
        hss_send(&t.s, MUTLS_HS_CLIENT_KEY_EXCHANGE, mutls_hs_write_client_key_exchange);
        hss_send_raw(&t.s, MUTLS_CT_CHANGE_CIPHER_SPEC, bodies[i], lens[i]);
        tf_expect_failed(&t, MUTLS_ERR_RECORD_UNEXPECTED, MUTLS_ALERT_UNEXPECTED_MESSAGE);
        tf_close(&t);
    }
}

static void test_anvil_empty_protected_finished_record_bad_record_mac(void **state)
{
    /* Fragmentation.sendEmptyFinishedRecord: after ChangeCipherSpec, a handshake record
     * whose protected body has no bytes (no nonce, no tag): it cannot authenticate. */
    static const uint8_t empty_hs[] = {MUTLS_CT_HANDSHAKE, 0x03, 0x03, 0x00, 0x00};
    tf t;

    (void)state;
    tf_open(&t, &plain);
    hss_client_hello_to_done(&t.s);
    client_kx_and_ccs(&t);
    inject(&t, empty_hs, sizeof(empty_hs));
    tf_expect_failed(&t, MUTLS_ERR_BAD_RECORD_MAC, MUTLS_ALERT_BAD_RECORD_MAC);
    tf_close(&t);
}

static void test_anvil_ccs_after_handshake_unexpected_message(void **state)
{
    /* StateMachine.secondChangeCipherSpecAfterHandshake: once both Finished messages went,
     * a (protected) ChangeCipherSpec is out of place (RFC 5246 §7.1). */
    static const uint8_t one = 1;
    char buf[16];
    tf t;

    (void)state;
    tf_open(&t, &plain);
    hss_client_hello_to_done(&t.s);
    client_kx_and_ccs(&t);
    hss_send(&t.s, MUTLS_HS_FINISHED, mutls_hs_write_finished);
    hss_expect_ccs(&t.s);
    hss_expect(&t.s, MUTLS_HS_FINISHED, mutls_hs_parse_finished);
    hss_pump(&t.s);
    assert_int_equal(t.s.real_rc, 0);
    hss_send_raw(&t.s, MUTLS_CT_CHANGE_CIPHER_SPEC, &one, 1);
    assert_int_equal(mutls_read(t.s.real, buf, sizeof(buf)), MUTLS_ERR_UNEXPECTED_MESSAGE);
    assert_int_equal(mutls_alert_sent(t.s.real), MUTLS_ALERT_UNEXPECTED_MESSAGE);
    assert_int_equal(hss_expect_alert(&t.s), MUTLS_ALERT_UNEXPECTED_MESSAGE);
    tf_close(&t);
}

#if !defined(MUTLS_NO_RESUME)
/* A full handshake with a server that caches sessions, the script's Finished followed by
 * the alert @p desc at the fatal level; returns what the server's next read gives, after
 * checking that the session was cached and then is no longer. */
static int fatal_alert_after_finished(uint8_t desc)
{
    const uint8_t fatal[] = {MUTLS_ALERT_LEVEL_FATAL, desc};
    mutls_config *cli = hp_config(MUTLS_ROLE_CLIENT, "client", "cas.pem");
    mutls_config *srv = hp_server_config(MUTLS_CLIENT_AUTH_NONE);
    char buf[16];
    hs_script s;
    int rc;

    assert_int_equal(mutls_config_set_session_cache(srv, 8, 300), 0);
    assert_int_equal(mutls_config_set_require_ems(srv, 0), 0);
    hss_open(&s, cli, srv);
    hss_client_hello_to_done(&s);
    hss_send(&s, MUTLS_HS_CLIENT_KEY_EXCHANGE, mutls_hs_write_client_key_exchange);
    hss_send_ccs(&s);
    hss_send(&s, MUTLS_HS_FINISHED, mutls_hs_write_finished);
    hss_send_raw(&s, MUTLS_CT_ALERT, fatal, sizeof(fatal));
    hss_expect_ccs(&s);
    hss_expect(&s, MUTLS_HS_FINISHED, mutls_hs_parse_finished);
    hss_pump(&s);
    assert_int_equal(s.real_rc, 0);
    assert_int_equal(mutls_session_cache_count(srv->sessions), 1);
    rc = mutls_read(s.real, buf, sizeof(buf));
    assert_int_equal(mutls_session_cache_count(srv->sessions), 0);
    hss_close(&s);
    mutls_config_free(cli);
    mutls_config_free(srv);
    return rc;
}

#endif

static void test_anvil_fatal_alert_after_handshake_session_forgotten(void **state)
{
    /* Resumption.rejectResumptionAfterFatalPostHandshake (RFC 5246 §7.2.2): the client's
     * Finished is followed by a fatal alert of any description; the session the server had
     * just cached must not be resumable afterwards, so it leaves the cache when the alert is
     * read. A close_notify sent at the fatal level still ends the stream cleanly. */
    (void)state;
#if defined(MUTLS_NO_RESUME)
    skip(); /* a build without resumption */
#else
    assert_int_equal(fatal_alert_after_finished(MUTLS_ALERT_HANDSHAKE_FAILURE),
                     MUTLS_ERR_ALERT_RECEIVED);
    assert_int_equal(fatal_alert_after_finished(MUTLS_ALERT_CLOSE_NOTIFY), 0);
#endif
}

/* Two groups nobody defines (123, 124), TLSExtensionForECC's invalid curves. */
static const uint8_t groups_unknown[] = {0x00, 0x0a, 0x00, 0x06, 0x00,
                                         0x04, 0x00, 0x7b, 0x00, 0x7c};

static void test_anvil_unknown_groups_with_rsa_suite_rsa_chosen(void **state)
{
    /* TLSExtensionForECC.invalidEllipticCurve_WithNonECCCiphersuite: only unknown groups,
     * ECDHE suites and one static RSA suite: the RSA suite is chosen. */
    static const tf_setup mixed = {"ECDHE-RSA-AES128-GCM-SHA256:AES128-GCM-SHA256",
                                   MUTLS_CLIENT_AUTH_NONE, 0, NULL, NULL};
    uint8_t sh[512];
    size_t n;

    (void)state;
    if (!hp_have_static_rsa()) {
        skip();
    }
    n = tf_hello_answered(&mixed, MUTLS_EXT_SUPPORTED_GROUPS, TF_NONE, groups_unknown,
                          sizeof(groups_unknown), sh, sizeof(sh));
    assert_int_equal(sh_suite(sh, n), 0x009c);
}

static void test_anvil_only_unknown_groups_handshake_failure(void **state)
{
    /* TLSExtensionForECC.onlyInvalidEllipticCurve: ECDHE suites only, no group we know. */
    (void)state;
    tf_hello_refused(&plain, MUTLS_EXT_SUPPORTED_GROUPS, TF_NONE, groups_unknown,
                     sizeof(groups_unknown), MUTLS_ERR_NO_SHARED_CIPHER,
                     MUTLS_ALERT_HANDSHAKE_FAILURE);
}

static void test_anvil_status_request_ignored_not_answered(void **state)
{
    /* CertificateStatusRequest.doesNotSendUnrequestedCertificateStatus, and the RFC 6066
     * §8 request itself: we staple nothing, so the extension is ignored, never answered. */
    static const uint8_t ocsp[] = {0x00, 0x05, 0x00, 0x05, 0x01, 0x00, 0x00, 0x00, 0x00};
    uint8_t sh[512];
    size_t n;

    (void)state;
    n = ANSWERED(&plain, TF_NONE, ocsp, sh);
    assert_false(sh_has_ext(sh, n, 0x0005));
}

static void test_anvil_grease_values_ignored(void **state)
{
    /* ClientInitiatedExtensionPoints (RFC 8701 §3): GREASE extensions, an empty and a
     * non-empty one, GREASE groups before ours and a GREASE signature scheme are ignored;
     * the server answers none of them. */
    static const uint8_t grease_exts[] = {0x0a, 0x0a, 0x00, 0x00, 0xfa, 0xfa, 0x00, 0x01, 0x00};
    static const uint8_t grease_groups[] = {0x00, 0x0a, 0x00, 0x08, 0x00, 0x06,
                                            0x2a, 0x2a, 0xba, 0xba, 0x00, 0x17};
    static const uint8_t grease_sigalgs[] = {0x00, 0x0d, 0x00, 0x06, 0x00,
                                             0x04, 0x8a, 0x8a, 0x08, 0x04};
    uint8_t sh[512];
    size_t n;

    (void)state;
    n = ANSWERED(&plain, TF_NONE, grease_exts, sh);
    assert_false(sh_has_ext(sh, n, 0x0a0a));
    assert_false(sh_has_ext(sh, n, 0xfafa));
    n = tf_hello_answered(&plain, MUTLS_EXT_SUPPORTED_GROUPS, TF_NONE, grease_groups,
                          sizeof(grease_groups), sh, sizeof(sh));
    assert_int_equal(sh_suite(sh, n), 0xc02f);
    n = tf_hello_answered(&plain, MUTLS_EXT_SIGNATURE_ALGORITHMS, TF_NONE, grease_sigalgs,
                          sizeof(grease_sigalgs), sh, sizeof(sh));
    assert_int_equal(sh_suite(sh, n), 0xc02f);
}

static void test_anvil_many_signature_algorithms_known_last_accepted(void **state)
{
    /* SignatureAlgorithms.offerManyAlgorithms: 58 entries, pseudo values 0x0a00.. first and
     * the real schemes (here rsa_pss_rsae_sha256, rsa_pkcs1_sha256) at the very end. */
    uint8_t ext[4 + 2 + 58 * 2];
    uint8_t sh[512];
    size_t n, off = 0;

    (void)state;
    ext[off++] = 0x00;
    ext[off++] = 0x0d;
    ext[off++] = 0x00;
    ext[off++] = 2 + 58 * 2;
    ext[off++] = 0x00;
    ext[off++] = 58 * 2;
    for (int i = 0; i < 56; i++) {
        ext[off++] = 0x0a;
        ext[off++] = (uint8_t)(2 * i);
    }
    ext[off++] = 0x08;
    ext[off++] = 0x04;
    ext[off++] = 0x04;
    ext[off++] = 0x01;
    assert_int_equal(off, sizeof(ext));
    n = tf_hello_answered(&plain, MUTLS_EXT_SIGNATURE_ALGORITHMS, TF_NONE, ext, sizeof(ext), sh,
                          sizeof(sh));
    assert_int_equal(sh_suite(sh, n), 0xc02f);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_anvil_padding_non_zero_illegal_parameter),
        cmocka_unit_test(test_anvil_padding_zero_or_empty_accepted_not_echoed),
        cmocka_unit_test(test_anvil_ecdsa_certificate_curve_not_offered_not_used),
        cmocka_unit_test(test_anvil_ecdsa_certificate_curve_offered_used),
        cmocka_unit_test(test_anvil_close_notify_during_handshake_answered),
        cmocka_unit_test(test_anvil_max_fragment_length_binds_client_records_record_overflow),
        cmocka_unit_test(test_anvil_zero_length_alert_record_decode_error),
        cmocka_unit_test(test_anvil_zero_length_ccs_record_unexpected_message),
        cmocka_unit_test(test_anvil_ccs_content_not_one_unexpected_message),
        cmocka_unit_test(test_anvil_empty_protected_finished_record_bad_record_mac),
        cmocka_unit_test(test_anvil_ccs_after_handshake_unexpected_message),
        cmocka_unit_test(test_anvil_fatal_alert_after_handshake_session_forgotten),
        cmocka_unit_test(test_anvil_unknown_groups_with_rsa_suite_rsa_chosen),
        cmocka_unit_test(test_anvil_only_unknown_groups_handshake_failure),
        cmocka_unit_test(test_anvil_status_request_ignored_not_answered),
        cmocka_unit_test(test_anvil_grease_values_ignored),
        cmocka_unit_test(test_anvil_many_signature_algorithms_known_last_accepted),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
