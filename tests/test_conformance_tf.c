/* SPDX-License-Identifier: MIT */
/*
 * test_conformance_tf.c - probes modelled on the tlsfuzzer suite's TLS 1.2 server scripts,
 * each sent by a scripted client (hs_script.h) to a real mutls server configured as such a
 * run would be (no client certificate, no extended master secret required), each asserting
 * the exact error and the exact alert on the wire. Only probes that mutls already answers as
 * tlsfuzzer expects and that no other test covers are here; each test names its script and
 * probe. This file has the ClientHello half (test_conformance_tf_kx.c the rest):
 *   - every length field of a minimal hello fuzzed, the hello padded or cut (decode_error),
 *     its type changed (unexpected_message);
 *   - only unknown suites, no null compression, client_version {1,3} or {3,4}, an empty
 *     extension block (RFC 5246 §7.4.1.2), malformed or unmatched ALPN (RFC 7301 §3.1-3.2),
 *     malformed server_name (RFC 6066 §3), signature_algorithms, extended_master_secret and
 *     encrypt_then_mac bodies, a non-empty renegotiated_connection (RFC 5746 §3.6), a point
 *     format list that includes uncompressed among others (RFC 8422 §5.1.2), a hello split
 *     into 1-byte records or larger than one record (RFC 5246 §6.2.1);
 *   - keys derived with an extended master secret that was not negotiated (bad_record_mac).
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

/* ------------------------------------------------------------ ClientHello */

#define DECODE_REFUSED(how, type, ext)                                                             \
    tf_hello_refused(how, type, TF_NONE, ext, sizeof(ext), MUTLS_ERR_DECODE,                      \
                     MUTLS_ALERT_DECODE_ERROR)

static void test_tf_empty_extensions_block_accepted(void **state)
{
    /* test-empty-extensions, "empty extensions": a hello whose extension block is present
     * but of length 0 is a valid hello (RFC 5246 §7.4.1.2). Without signature_algorithms
     * only static RSA can be served (test_conformance.c), as in the script. */
    static const tf_setup rsa = {"AES128-GCM-SHA256", MUTLS_CLIENT_AUTH_NONE, 0, NULL, NULL};
    uint8_t sh[512];
    size_t n;

    (void)state;
    if (!hp_have_static_rsa()) {
        skip();
    }
    n = tf_hello_answered(&rsa, TF_DROP_ALL, TF_NONE, NULL, 0, sh, sizeof(sh));
    /* nothing to answer: an empty extension block after the compression method */
    assert_true(n > 38);
    assert_int_equal(n, 4 + 2 + 32 + 1 + sh[38] + 2 + 1 + 2);
    assert_int_equal(sh[n - 2] | sh[n - 1], 0);
}

/* test-alpn-negotiation runs against a server that speaks http/1.1 only. */
static const tf_setup alpn_server = {"ECDHE-RSA-AES128-GCM-SHA256", MUTLS_CLIENT_AUTH_NONE, 0,
                                     "http/1.1", NULL};

static void test_tf_alpn_malformed_decode_error(void **state)
{
    /* test-alpn-negotiation: "empty element", "empty list", "empty extension",
     * "underflow length of protocol_name_list", "overflow length of protocol_name_list",
     * "overflow length of last item". RFC 7301 §3.1: a non-empty list of non-empty names. */
    static const uint8_t empty_element[] = {0x00, 0x10, 0x00, 0x03, 0x00, 0x01, 0x00};
    static const uint8_t empty_list[] = {0x00, 0x10, 0x00, 0x02, 0x00, 0x00};
    static const uint8_t empty_ext[] = {0x00, 0x10, 0x00, 0x00};
#define TWO_NAMES 8, 'h', 't', 't', 'p', '/', '1', '.', '1', 6, 'h', 't', 't', 'p', '/', '2'
    static const uint8_t underflow[] = {0x00, 0x10, 0x00, 0x12, 0x00, 0x09, TWO_NAMES};
    static const uint8_t overflow[] = {0x00, 0x10, 0x00, 0x12, 0x00, 0x12, TWO_NAMES};
    static const uint8_t last_item[] = {0x00, 0x10, 0x00, 0x12, 0x00, 0x10, 8,   'h',
                                        't',  't',  'p',  '/',  '1',  '.',  '1', 8,
                                        'h',  't',  't',  'p',  '/',  '2'};
#undef TWO_NAMES

    (void)state;
    DECODE_REFUSED(&alpn_server, MUTLS_EXT_ALPN, empty_element);
    DECODE_REFUSED(&alpn_server, MUTLS_EXT_ALPN, empty_list);
    DECODE_REFUSED(&alpn_server, MUTLS_EXT_ALPN, empty_ext);
    DECODE_REFUSED(&alpn_server, MUTLS_EXT_ALPN, underflow);
    DECODE_REFUSED(&alpn_server, MUTLS_EXT_ALPN, overflow);
    DECODE_REFUSED(&alpn_server, MUTLS_EXT_ALPN, last_item);
}

static void test_tf_alpn_no_common_protocol_no_application_protocol(void **state)
{
    /* test-alpn-negotiation, "only http/1." and "only http/1.X": RFC 7301 §3.2. */
    static const uint8_t short_name[] = {0x00, 0x10, 0x00, 0x0a, 0x00, 0x08, 7,
                                         'h',  't',  't',  'p',  '/',  '1',  '.'};
    static const uint8_t other[] = {0x00, 0x10, 0x00, 0x0b, 0x00, 0x09, 8,  'h',
                                    't',  't',  'p',  '/',  '1',  '.',  'X'};

    (void)state;
    tf_hello_refused(&alpn_server, MUTLS_EXT_ALPN, TF_NONE, short_name, sizeof(short_name),
                     MUTLS_ERR_NO_APPLICATION_PROTOCOL, MUTLS_ALERT_NO_APPLICATION_PROTOCOL);
    tf_hello_refused(&alpn_server, MUTLS_EXT_ALPN, TF_NONE, other, sizeof(other),
                     MUTLS_ERR_NO_APPLICATION_PROTOCOL, MUTLS_ALERT_NO_APPLICATION_PROTOCOL);
}

static void test_tf_alpn_second_name_matches_selected(void **state)
{
    /* test-alpn-negotiation, "http/1. and http/1.1": the one we speak is selected. */
    static const uint8_t two[] = {0x00, 0x10, 0x00, 0x13, 0x00, 0x11, 7,   'h', 't', 't', 'p', '/',
                                  '1',  '.',  8,    'h',  't',  't',  'p', '/', '1', '.', '1'};
    static const uint8_t answer[] = {0x00, 0x10, 0x00, 0x0b, 0x00, 0x09, 8,  'h',
                                     't',  't',  'p',  '/',  '1',  '.',  '1'};
    uint8_t sh[512];
    size_t n;

    (void)state;
    n = tf_hello_answered(&alpn_server, MUTLS_EXT_ALPN, TF_NONE, two, sizeof(two), sh, sizeof(sh));
    assert_true(tf_contains(sh, n, answer, sizeof(answer)));
}

static void test_tf_extension_bodies_malformed_decode_error(void **state)
{
    /* supported_signature_algorithms<2..2^16-2> of two-byte entries (RFC 5246 §7.4.1.4.1):
     * test-sig-algs "empty sigalgs", "odd length of sigalgs", "truncate sigalgs extension",
     * "padded extension". test-extended-master-secret-extension,
     * "malformed extended master secret ext"; encrypt_then_mac likewise has an empty body
     * (RFC 7627 §5.1, RFC 7366 §2). */
    static const uint8_t empty[] = {0x00, 0x0d, 0x00, 0x02, 0x00, 0x00};
    static const uint8_t odd[] = {0x00, 0x0d, 0x00, 0x05, 0x00, 0x03, 0x04, 0x01, 0x05};
    static const uint8_t over[] = {0x00, 0x0d, 0x00, 0x04, 0x00, 0x04, 0x04, 0x01};
    static const uint8_t padded[] = {0x00, 0x0d, 0x00, 0x08, 0x00, 0x04,
                                     0x02, 0x01, 0x04, 0x01, 0x04, 0x03};
    static const uint8_t ems[] = {0x00, 0x17, 0x00, 0x01, 0x00};
    static const uint8_t etm[] = {0x00, 0x16, 0x00, 0x01, 0x00};

    (void)state;
    DECODE_REFUSED(&plain, MUTLS_EXT_SIGNATURE_ALGORITHMS, empty);
    DECODE_REFUSED(&plain, MUTLS_EXT_SIGNATURE_ALGORITHMS, odd);
    DECODE_REFUSED(&plain, MUTLS_EXT_SIGNATURE_ALGORITHMS, over);
    DECODE_REFUSED(&plain, MUTLS_EXT_SIGNATURE_ALGORITHMS, padded);
    DECODE_REFUSED(&plain, MUTLS_EXT_EXTENDED_MASTER_SECRET, ems);
    if (hp_have_cbc()) {
        DECODE_REFUSED(&plain, MUTLS_EXT_ENCRYPT_THEN_MAC, etm); /* else an unknown type */
    }
}

static void test_tf_sigalgs_only_undefined_handshake_failure(void **state)
{
    /* test-sig-algs, "only undefined sigalgs": nothing the server can sign with. */
    static const uint8_t undefined[] = {0x00, 0x0d, 0x00, 0x0c, 0x00, 0x0a, 0x04, 0x18,
                                        0x18, 0x01, 0x0a, 0x0a, 0x09, 0x18, 0xff, 0xff};

    (void)state;
    tf_hello_refused(&plain, MUTLS_EXT_SIGNATURE_ALGORITHMS, TF_NONE, undefined, sizeof(undefined),
                     MUTLS_ERR_NO_SHARED_CIPHER, MUTLS_ALERT_HANDSHAKE_FAILURE);
}

static void test_tf_sni_malformed_decode_error(void **state)
{
    /* test-invalid-server-name-extension, "Empty SNI extension", "Trailing data in
     * extension", "malformed overall length" (RFC 6066 §3's ServerNameList). */
    static const uint8_t empty[] = {0x00, 0x00, 0x00, 0x00};
    static const uint8_t trailing[] = {0x00, 0x00, 0x00, 0x06, 0x00, 0x04,
                                       0x00, 0x00, 0x01, 'e',  'x'};
    static const uint8_t overall[] = {0x00, 0x00, 0x00, 0x04, 0xff, 0xff, 0xff, 0xff};

    (void)state;
    DECODE_REFUSED(&plain, MUTLS_EXT_SERVER_NAME, empty);
    DECODE_REFUSED(&plain, MUTLS_EXT_SERVER_NAME, trailing);
    DECODE_REFUSED(&plain, MUTLS_EXT_SERVER_NAME, overall);
}

static void test_tf_sni_unknown_name_type_ignored(void **state)
{
    /* test-invalid-server-name-extension, "multiple types in SNI, host_name first" and
     * "... host_name last": a name of an unknown type (1, 24 bytes) is skipped. */
    uint8_t ext[64], sh[512];
    mutls_wr w;

    (void)state;
    for (int last = 0; last < 2; last++) {
        size_t body, list;

        mutls_wr_init(&w, ext, sizeof(ext));
        mutls_wr_u16(&w, MUTLS_EXT_SERVER_NAME);
        body = mutls_wr_vec16_begin(&w);
        list = mutls_wr_vec16_begin(&w);
        for (int k = 0; k < 2; k++) {
            if (k == last) {
                mutls_wr_u8(&w, 0);
                mutls_wr_u16(&w, 9);
                mutls_wr_bytes(&w, "localhost", 9);
                continue;
            }
            mutls_wr_u8(&w, 1);
            mutls_wr_u16(&w, 24);
            for (uint8_t b = 0; b < 24; b++) {
                mutls_wr_u8(&w, b);
            }
        }
        mutls_wr_vec16_end(&w, list);
        mutls_wr_vec16_end(&w, body);
        assert_int_equal(w.err, 0);
        (void)tf_hello_answered(&plain, MUTLS_EXT_SERVER_NAME, TF_NONE, ext, mutls_wr_len(&w), sh,
                                sizeof(sh));
    }
}

static void test_tf_etm_with_aead_suite_not_echoed(void **state)
{
    /* RFC 7366 §3 (test-encrypt-then-mac checks the CBC case): with an AEAD suite the
     * server leaves the extension out of its ServerHello. */
    static const uint8_t etm[] = {0x00, 0x16, 0x00, 0x00};
    uint8_t sh[512];
    size_t n;

    (void)state;
    n = tf_hello_answered(&plain, MUTLS_EXT_ENCRYPT_THEN_MAC, TF_NONE, etm, sizeof(etm), sh,
                          sizeof(sh));
    assert_false(tf_contains(sh, n, etm, sizeof(etm)));
}

static void test_tf_renegotiation_info_not_empty_handshake_failure(void **state)
{
    /* RFC 5746 §3.6: on an initial handshake renegotiated_connection must be empty; a
     * well-formed non-empty one aborts the handshake (handshake_failure, the alert §3.4
     * names for the client's side of the same check). */
    static const uint8_t reneg[] = {0xff, 0x01, 0x00, 0x02, 0x01, 0xaa};

    (void)state;
    tf_hello_refused(&plain, MUTLS_EXT_RENEGOTIATION_INFO, TF_NONE, reneg, sizeof(reneg),
                     MUTLS_ERR_HANDSHAKE_FAILURE, MUTLS_ALERT_HANDSHAKE_FAILURE);
}

static void test_tf_point_formats_with_uncompressed_among_others_accepted(void **state)
{
    /* test-point-extension, "ECDHE compressed point extension": the list names both
     * compressed formats and uncompressed; the server answers with uncompressed only. */
    static const uint8_t formats[] = {0x00, 0x0b, 0x00, 0x04, 0x03, 0x01, 0x02, 0x00};
    static const uint8_t answer[] = {0x00, 0x0b, 0x00, 0x02, 0x01, 0x00};
    uint8_t sh[512];
    size_t n;

    (void)state;
    n = tf_hello_answered(&plain, MUTLS_EXT_EC_POINT_FORMATS, TF_NONE, formats, sizeof(formats), sh,
                          sizeof(sh));
    assert_true(tf_contains(sh, n, answer, sizeof(answer)));
}

/* Inject the plaintext handshake message @p msg onto the server's wire in records of at
 * most @p frag bytes. */
static void inject_fragmented(tf *t, const uint8_t *msg, size_t len, size_t frag)
{
    uint8_t rec[5 + 16384];

    for (size_t off = 0; off < len; off += frag) {
        size_t k = len - off < frag ? len - off : frag;
        rec[0] = MUTLS_CT_HANDSHAKE;
        rec[1] = 3;
        rec[2] = 1;
        rec[3] = (uint8_t)(k >> 8);
        rec[4] = (uint8_t)k;
        memcpy(rec + 5, msg + off, k);
        assert_int_equal(tu_pipe_inject(t->s.pipe, 1, rec, 5 + k), 0);
    }
}

/* A hello with a padding extension (type 21) of @p pad zero bytes, in records of @p frag. */
static void padded_hello_answered(size_t pad, size_t frag)
{
    size_t cap = 4096 + pad, n;
    uint8_t *ext = calloc(1, 4 + pad), *ch = malloc(cap), sh[512];
    tf t;

    assert_non_null(ext);
    assert_non_null(ch);
    ext[1] = 21;
    ext[2] = (uint8_t)(pad >> 8);
    ext[3] = (uint8_t)pad;
    tf_open(&t, &plain);
    n = tf_hello(&t, TF_NONE, TF_NONE, ext, 4 + pad, 0, ch, cap);
    assert_int_equal(mutls_hs_transcript_add(&t.s.h, ch, n), 0);
    inject_fragmented(&t, ch, n, frag);
    (void)tf_recv_server_hello(&t, sh, sizeof(sh));
    tf_close(&t);
    free(ext);
    free(ch);
}

static void test_tf_hello_fragmented_or_multi_record_accepted(void **state)
{
    (void)state;
    /* test-record-layer-fragmentation, "medium hello, maximum fragmentation: 1 fragment -
     * 1024B extension" and "small, excessive fragmentation: 20 fragment - 20B extension";
     * "big, needs fragmentation: max fragment - 32768B extension" (RFC 5246 §6.2.1: a
     * message may span records of any size up to 2^14). */
    padded_hello_answered(1024, 1);
    padded_hello_answered(20, 20);
    padded_hello_answered(32768, 16384);
}

/*
 * A hello as tlsfuzzer's generator makes it by default: @p version, no session_id, the suites
 * of @p list then those from @p lo up to (not including) @p hi, null compression, and no
 * extension block at all. Returns the message length.
 */
static size_t bare_hello(uint16_t version, const uint16_t *list, size_t n, uint32_t lo, uint32_t hi,
                         uint8_t *out, size_t cap)
{
    mutls_wr w;
    size_t body, m;

    mutls_wr_init(&w, out, cap);
    mutls_wr_u8(&w, MUTLS_HS_CLIENT_HELLO);
    body = mutls_wr_vec24_begin(&w);
    mutls_wr_u16(&w, version);
    for (int i = 0; i < 32; i++) {
        mutls_wr_u8(&w, (uint8_t)(0x40 + i)); /* random */
    }
    mutls_wr_u8(&w, 0); /* session_id */
    m = mutls_wr_vec16_begin(&w);
    for (size_t i = 0; i < n; i++) {
        mutls_wr_u16(&w, list[i]);
    }
    for (uint32_t id = lo; id < hi; id++) {
        mutls_wr_u16(&w, (uint16_t)id);
    }
    mutls_wr_vec16_end(&w, m);
    mutls_wr_u8(&w, 1);
    mutls_wr_u8(&w, 0); /* compression_methods: null */
    mutls_wr_vec24_end(&w, body);
    assert_int_equal(w.err, 0);
    return mutls_wr_len(&w);
}

static void bare_hello_refused(uint16_t version, const uint16_t *list, size_t n, uint32_t lo,
                               uint32_t hi, int code, int alert)
{
    uint8_t ch[16384];
    tf t;

    tf_open(&t, &plain);
    hss_send_msg(&t.s, ch, bare_hello(version, list, n, lo, hi, ch, sizeof(ch)));
    tf_expect_failed(&t, code, alert);
    tf_close(&t);
}

static void test_tf_invalid_cipher_suites_handshake_failure(void **state)
{
    /* test-invalid-cipher-suites: a hello naming only suites the server does not have
     * (here only the renegotiation SCSV, or 0x0100..0x1000) is refused; RFC 5246
     * §7.4.1.3 gives handshake_failure when no suite is acceptable. */
    static const uint16_t scsv = 0x00ff;

    (void)state;
    bare_hello_refused(MUTLS_TLS12, &scsv, 1, 0, 0, MUTLS_ERR_NO_SHARED_CIPHER,
                       MUTLS_ALERT_HANDSHAKE_FAILURE);
    bare_hello_refused(MUTLS_TLS12, NULL, 0, 0x0100, 0x1001, MUTLS_ERR_NO_SHARED_CIPHER,
                       MUTLS_ALERT_HANDSHAKE_FAILURE);
}

static void test_tf_invalid_compression_methods_illegal_parameter(void **state)
{
    /* test-invalid-compression-methods, "invalid compression methods": methods 1..255, all
     * but null (RFC 5246 §7.4.1.2: the list must contain null). */
    static const uint16_t suite = 0x009c;
    uint8_t ch[512];
    size_t n = bare_hello(MUTLS_TLS12, &suite, 1, 0, 0, ch, sizeof(ch)) - 2;
    tf t;

    (void)state;
    ch[n++] = 255;
    for (int m = 1; m < 256; m++) {
        ch[n++] = (uint8_t)m;
    }
    ch[2] = (uint8_t)((n - 4) >> 8);
    ch[3] = (uint8_t)(n - 4);
    tf_open(&t, &plain);
    hss_send_msg(&t.s, ch, n);
    tf_expect_failed(&t, MUTLS_ERR_ILLEGAL_PARAMETER, MUTLS_ALERT_ILLEGAL_PARAMETER);
    tf_close(&t);
}

static void test_tf_invalid_version_below_3_0_protocol_version(void **state)
{
    /* test-invalid-version, "version < 3.0": client_version {1,3}. */
    static const uint16_t suite = 0x009c;

    (void)state;
    bare_hello_refused(0x0103, &suite, 1, 0, 0, MUTLS_ERR_PROTOCOL_VERSION,
                       MUTLS_ALERT_PROTOCOL_VERSION);
}

static void test_tf_version_ssl34_negotiates_tls12(void **state)
{
    /* test-fallback-scsv, "sanity - SSL3.4 version negotiation", "record SSL3.4 hello
     * SSL3.4" and "FALLBACK - hello SSL3.4": a client_version above ours is answered with
     * ours (RFC 5246 appendix E.1), TLS_FALLBACK_SCSV or not (RFC 7507 §3). */
    static const uint16_t suites[][3] = {{0x00ff, 0x009c, 0x1301}, {0x5600, 0x00ff, 0x009c}};
    uint8_t ch[256], sh[512];

    (void)state;
    if (!hp_have_static_rsa()) {
        skip();
    }
    for (size_t i = 0; i < 2; i++) {
        tf t;
        size_t n;

        tf_open(&t, &plain);
        mutls_rec_set_write_version(&t.s.h.rec, 0x0304);
        n = bare_hello(0x0304, suites[i], 3, 0, 0, ch, sizeof(ch));
        hss_send_msg(&t.s, ch, n);
        n = tf_recv_server_hello(&t, sh, sizeof(sh));
        assert_true(n > 6);
        assert_int_equal(sh[4], 3);
        assert_int_equal(sh[5], 3);
        tf_close(&t);
    }
}

/* ------------------------------------------------------------ length fuzzing */

/* What the server answers to the handshake record @p m: the fatal alert it sends, or 0 for a
 * ServerHello; the configurations are shared, so thousands of hellos take little time. */
static int answer_to(const mutls_config *cli, const mutls_config *srv, const uint8_t *m, size_t n)
{
    hs_script s;
    mutls_rec_unit u;
    int rc, alert;

    hss_open(&s, cli, srv);
    hss_send_raw(&s, MUTLS_CT_HANDSHAKE, m, n);
    rc = hss_recv(&s, &u);
    alert = rc == MUTLS_ERR_ALERT_RECEIVED ? s.h.rec.alert_desc : -1;
    if (rc == 0 && u.type == MUTLS_CT_HANDSHAKE && u.data.p[0] == MUTLS_HS_SERVER_HELLO) {
        alert = 0;
    }
    hss_close(&s);
    return alert;
}

/* Change byte @p at of @p base by xor (@p x) or, with @p x 0, set bytes at and at+1 to the
 * 16-bit @p v; fail unless the server answers with @p alert. */
static void fuzzed(const mutls_config *cli, const mutls_config *srv, const uint8_t *base, size_t n,
                   size_t at, uint8_t x, uint16_t v, int alert)
{
    uint8_t m[128];
    int got;

    memcpy(m, base, n);
    if (x != 0) {
        m[at] ^= x;
    } else {
        m[at] = (uint8_t)(v >> 8);
        m[at + 1] = (uint8_t)v;
    }
    got = answer_to(cli, srv, m, n);
    if (got != alert) {
        fail_msg("byte %zu xor %u / set to %u: alert %d, expected %d", at, x, v, got, alert);
    }
}

static void test_tf_hello_length_fields_fuzzed_decode_error(void **state)
{
    /* test-invalid-client-hello: the generator's minimal hellos (no extensions and suites
     * {AES128-SHA, the renegotiation SCSV}; or renegotiation_info and AES128-SHA alone;
     * AES128-GCM-SHA256 here, which every build with static RSA has),
     * with the message type fuzzed (unexpected_message), then each length fuzzed: session_id
     * (set to 1..255), cipher_suites (low byte xor 1..255; high byte 1, 2, 4, 8, 16, 128, 254
     * or 255 with a sample of low bytes), compression_methods (xor) and extensions (xor; high
     * byte 1, 2, 4, 8, 16, 254, 255), all decode_error. test-extensions, "fuzz ext length to N":
     * nine empty unknown extensions then renegotiation_info, the block length xor 1..255.
     * Without a suite the server can serve, it refuses on the suites (handshake_failure)
     * before it looks at trailing bytes, so the probes need static RSA. */
    static const uint8_t hi[] = {1, 2, 4, 8, 16, 128, 254, 255};
    static const uint16_t two[] = {0x009c, 0x00ff}, one = 0x009c;
    static const uint8_t reneg[] = {0xff, 0x01, 0x00, 0x01, 0x00};
    uint8_t plain_ch[64], ext_ch[64], many[128];
    mutls_config *cli, *srv;
    size_t np, ne, nm;
    mutls_wr w;

    (void)state;
    if (!hp_have_static_rsa()) {
        skip();
    }
    cli = hp_config(MUTLS_ROLE_CLIENT, "client", "cas.pem");
    srv = hp_server_config(MUTLS_CLIENT_AUTH_NONE);
    assert_int_equal(mutls_config_set_require_ems(srv, 0), 0);
    np = bare_hello(MUTLS_TLS12, two, 2, 0, 0, plain_ch, sizeof(plain_ch));
    ne = bare_hello(MUTLS_TLS12, &one, 1, 0, 0, ext_ch, sizeof(ext_ch));
    mutls_wr_init(&w, ext_ch + ne, sizeof(ext_ch) - ne);
    mutls_wr_u16(&w, sizeof(reneg));
    mutls_wr_bytes(&w, reneg, sizeof(reneg));
    ext_ch[3] = (uint8_t)(ne - 4 + mutls_wr_len(&w));
    ne += mutls_wr_len(&w);
    memcpy(many, ext_ch, ne - 7);
    mutls_wr_init(&w, many + ne - 7, sizeof(many) - (ne - 7));
    mutls_wr_u16(&w, 9 * 4 + sizeof(reneg));
    for (uint16_t t = 90; t < 99; t++) {
        mutls_wr_u16(&w, t);
        mutls_wr_u16(&w, 0);
    }
    mutls_wr_bytes(&w, reneg, sizeof(reneg));
    nm = ne - 7 + mutls_wr_len(&w);
    many[3] = (uint8_t)(nm - 4);
    /* offsets: 38 session_id length, 39-40 suites length, then compression, extensions */
    assert_int_equal(answer_to(cli, srv, plain_ch, np), 0); /* the "sanity" probes */
    assert_int_equal(answer_to(cli, srv, ext_ch, ne), 0);
    assert_int_equal(answer_to(cli, srv, many, nm), 0);
    for (unsigned i = 1; i < 256; i++) {
        uint8_t x = (uint8_t)i;
        fuzzed(cli, srv, plain_ch, np, 0, x, 0, MUTLS_ALERT_UNEXPECTED_MESSAGE);
        fuzzed(cli, srv, plain_ch, np, 37, 0, (uint16_t)(0x2000 | i), MUTLS_ALERT_DECODE_ERROR);
        fuzzed(cli, srv, ext_ch, ne, 37, 0, (uint16_t)(0x2000 | i), MUTLS_ALERT_DECODE_ERROR);
        fuzzed(cli, srv, plain_ch, np, 40, x, 0, MUTLS_ALERT_DECODE_ERROR);
        fuzzed(cli, srv, ext_ch, ne, 40, x, 0, MUTLS_ALERT_DECODE_ERROR);
        fuzzed(cli, srv, plain_ch, np, 45, x, 0, MUTLS_ALERT_DECODE_ERROR);
        if ((1 ^ i) != 8) { /* that length leaves a valid hello without extensions */
            fuzzed(cli, srv, ext_ch, ne, 43, x, 0, MUTLS_ALERT_DECODE_ERROR);
        }
        fuzzed(cli, srv, ext_ch, ne, 46, x, 0, MUTLS_ALERT_DECODE_ERROR);
        fuzzed(cli, srv, many, nm, 46, x, 0, MUTLS_ALERT_DECODE_ERROR);
    }
    for (size_t k = 0; k < sizeof(hi); k++) {
        for (unsigned j = 0; j < 256; j += 15) { /* any: the vector overruns the hello */
            uint16_t v = (uint16_t)(hi[k] << 8 | j);
            fuzzed(cli, srv, plain_ch, np, 39, 0, v, MUTLS_ALERT_DECODE_ERROR);
            fuzzed(cli, srv, ext_ch, ne, 39, 0, v, MUTLS_ALERT_DECODE_ERROR);
            if (hi[k] != 128) {
                fuzzed(cli, srv, ext_ch, ne, 45, 0, v, MUTLS_ALERT_DECODE_ERROR);
            }
        }
    }
    mutls_config_free(cli);
    mutls_config_free(srv);
}

static void test_tf_truncating_of_client_hello_decode_error(void **state)
{
    /* test-truncating-of-client-hello: a hello with renegotiation_info whose message is
     * padded (1-3 bytes of 0 or 0xff, 256, 4096, 2^16, 2^24-1-48 bytes) or cut (1-6, 8-13,
     * 32, 39, 47, 48 bytes; 7 would leave a valid hello) with its length set to match, and
     * "extension past extensions" (an empty block, then an extension): all decode_error.
     * Static RSA is needed, as in the test above. */
    static const long edits[] = {1,   2,   3,   256, 4096, 65536, 16777215 - 48, -1,  -2,
                                 -3,  -4,  -5,  -6,  -8,   -9,    -10,           -11, -12,
                                 -13, -32, -39, -47, -48,  1001,  1002,          1003};
    static const uint8_t reneg[] = {0x00, 0x05, 0xff, 0x01, 0x00, 0x01, 0x00};
    size_t cap = 4 + 48 + 65536, nb;
    mutls_config *cli, *srv;
    uint8_t *m;
    mutls_wr w;

    (void)state;
    if (!hp_have_static_rsa()) {
        skip();
    }
    cli = hp_config(MUTLS_ROLE_CLIENT, "client", "cas.pem");
    srv = hp_server_config(MUTLS_CLIENT_AUTH_NONE);
    m = calloc(1, cap);
    assert_non_null(m);
    assert_int_equal(mutls_config_set_require_ems(srv, 0), 0);
    nb = bare_hello(MUTLS_TLS12, NULL, 0, 0x009c, 0x009d, m, cap);
    for (size_t k = 0; k < sizeof(edits) / sizeof(edits[0]); k++) {
        long edit = edits[k] > 1000 ? edits[k] - 1000 : edits[k]; /* > 1000: 0xff bytes */
        size_t n = (size_t)((long)(nb + sizeof(reneg)) + edit);

        memset(m + nb, edits[k] > 1000 ? 0xff : 0, cap - nb);
        memcpy(m + nb, reneg, sizeof(reneg));
        m[1] = (uint8_t)((n - 4) >> 16);
        m[2] = (uint8_t)((n - 4) >> 8);
        m[3] = (uint8_t)(n - 4);
        /* past our limit the server stops at the header: the rest need not be sent */
        assert_int_equal(answer_to(cli, srv, m, n < cap ? n : 20000), MUTLS_ALERT_DECODE_ERROR);
    }
    /* "extension past extensions" */
    mutls_wr_init(&w, m + nb, cap - nb);
    mutls_wr_u16(&w, 0);
    mutls_wr_bytes(&w, reneg + 2, sizeof(reneg) - 2);
    m[3] = (uint8_t)(nb - 4 + mutls_wr_len(&w));
    assert_int_equal(answer_to(cli, srv, m, nb + mutls_wr_len(&w)), MUTLS_ALERT_DECODE_ERROR);
    free(m);
    mutls_config_free(cli);
    mutls_config_free(srv);
}

static void test_tf_ems_not_negotiated_not_used_bad_record_mac(void **state)
{
    /* test-extended-master-secret-extension, "no EMS by default": a client that did not
     * offer the extension but derives its keys with it (RFC 7627 §4) fails: the server
     * used the RFC 5246 §8.1 master secret. */
    uint8_t ch[2048];
    size_t n;
    tf t;

    (void)state;
    tf_open(&t, &plain);
    n = tf_hello(&t, MUTLS_EXT_EXTENDED_MASTER_SECRET, TF_NONE, NULL, 0, 0, ch, sizeof(ch));
    hss_send_msg(&t.s, ch, n);
    hss_expect(&t.s, MUTLS_HS_SERVER_HELLO, mutls_hs_parse_server_hello);
    assert_int_equal(t.s.h.ems, 0);
    hss_expect(&t.s, MUTLS_HS_CERTIFICATE, mutls_hs_parse_server_certificate);
    hss_expect(&t.s, MUTLS_HS_SERVER_KEY_EXCHANGE, mutls_hs_parse_server_key_exchange);
    hss_expect(&t.s, MUTLS_HS_SERVER_HELLO_DONE, mutls_hs_parse_server_hello_done);
    t.s.h.ems = 1;
    hss_send(&t.s, MUTLS_HS_CLIENT_KEY_EXCHANGE, mutls_hs_write_client_key_exchange);
    hss_send_ccs(&t.s);
    hss_send(&t.s, MUTLS_HS_FINISHED, mutls_hs_write_finished);
    tf_expect_failed(&t, MUTLS_ERR_BAD_RECORD_MAC, MUTLS_ALERT_BAD_RECORD_MAC);
    tf_close(&t);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_tf_empty_extensions_block_accepted),
        cmocka_unit_test(test_tf_alpn_malformed_decode_error),
        cmocka_unit_test(test_tf_alpn_no_common_protocol_no_application_protocol),
        cmocka_unit_test(test_tf_alpn_second_name_matches_selected),
        cmocka_unit_test(test_tf_extension_bodies_malformed_decode_error),
        cmocka_unit_test(test_tf_sigalgs_only_undefined_handshake_failure),
        cmocka_unit_test(test_tf_sni_malformed_decode_error),
        cmocka_unit_test(test_tf_sni_unknown_name_type_ignored),
        cmocka_unit_test(test_tf_etm_with_aead_suite_not_echoed),
        cmocka_unit_test(test_tf_renegotiation_info_not_empty_handshake_failure),
        cmocka_unit_test(test_tf_point_formats_with_uncompressed_among_others_accepted),
        cmocka_unit_test(test_tf_hello_fragmented_or_multi_record_accepted),
        cmocka_unit_test(test_tf_invalid_cipher_suites_handshake_failure),
        cmocka_unit_test(test_tf_invalid_compression_methods_illegal_parameter),
        cmocka_unit_test(test_tf_invalid_version_below_3_0_protocol_version),
        cmocka_unit_test(test_tf_version_ssl34_negotiates_tls12),
        cmocka_unit_test(test_tf_hello_length_fields_fuzzed_decode_error),
        cmocka_unit_test(test_tf_truncating_of_client_hello_decode_error),
        cmocka_unit_test(test_tf_ems_not_negotiated_not_used_bad_record_mac),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
