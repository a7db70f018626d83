/* SPDX-License-Identifier: MIT */
/*
 * test_hostile.c - a scripted attacker (hs_script.h: raw records over an in-memory pipe)
 * against a real mutls peer, for what test_conn_negative*.c does not already cover:
 *   - Bleichenbacher-style static-RSA ClientKeyExchange blocks made by hand (wrong block
 *     type, no zero separator, a zero inside the padding, separator too early or too late,
 *     wrong version bytes; vectors/hostile/gen.sh): every one is answered exactly like
 *     the others, with the same bad_record_mac bytes on the Finished (RFC 5246 §7.4.7.1),
 *     while the well-formed control completes;
 *   - CertificateVerify (and ServerKeyExchange) with a scheme that does not fit the key,
 *     one we never offered, a signature of another scheme, or a malformed signature field;
 *   - Certificate messages whose lengths disagree at each nesting level (handshake header,
 *     certificate_list, ASN.1Cert, the DER certificate and its TBSCertificate), both roles;
 *   - huge and numerous hello extensions, a ClientHello over the size limit, and a
 *     ChangeCipherSpec after the handshake.
 * Each case asserts the exact error code and the exact alert on the wire.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hs_expect.h"
#include "hs_pair.h"
#include "hs_script.h"
#include "keys.h"
#include "testutil.h"

#include <cmocka.h>

/* Add @p delta to the big-endian field of @p n bytes at @p p. */
static void add_be(uint8_t *p, size_t n, long delta)
{
    unsigned long v = 0;

    for (size_t i = 0; i < n; i++) {
        v = v << 8 | p[i];
    }
    v = (unsigned long)((long)v + delta);
    for (size_t i = n; i-- > 0;) {
        p[i] = (uint8_t)v;
        v >>= 8;
    }
}

/* ------------------------------------------------------------ Bleichenbacher */

typedef struct bb_ctx {
    mutls_config *cli, *srv;
    int cases, refused;
    uint8_t answer[64]; /* the bytes the server sent for the first refused block */
    size_t answer_len;
} bb_ctx;

static void bb_case(const tu_record *rec, void *arg)
{
    bb_ctx *bb = arg;
    const char *name = tu_field(rec, "name");
    int ok = strcmp(tu_field(rec, "expect"), "ok") == 0;
    size_t pm_len, ct_len;
    uint8_t *pm = tu_unhex(tu_field(rec, "premaster"), &pm_len);
    uint8_t *ct = tu_unhex(tu_field(rec, "ciphertext"), &ct_len);
    uint8_t msg[600], sent[64];
    size_t n;
    hs_script s;
    mutls_wr w;

    assert_non_null(pm);
    assert_non_null(ct);
    assert_int_equal(pm_len, 48);
    hss_open(&s, bb->cli, bb->srv);
    hss_client_hello_to_done(&s);
    hss_send(&s, MUTLS_HS_CERTIFICATE, mutls_hs_write_client_certificate);
    /* Our side derives its keys from the premaster the block carries. */
    memcpy(s.h.premaster, pm, 48);
    s.h.premaster_len = 48;
    mutls_wr_init(&w, msg, sizeof(msg));
    mutls_wr_u8(&w, MUTLS_HS_CLIENT_KEY_EXCHANGE);
    mutls_wr_u24(&w, (uint32_t)(ct_len + 2));
    mutls_wr_u16(&w, (uint16_t)ct_len);
    mutls_wr_bytes(&w, ct, ct_len);
    assert_int_equal(w.err, 0);
    hss_send_msg(&s, msg, mutls_wr_len(&w));
    hss_send(&s, MUTLS_HS_CERTIFICATE_VERIFY, mutls_hs_write_certificate_verify);
    hss_send_ccs(&s);
    hss_send(&s, MUTLS_HS_FINISHED, mutls_hs_write_finished);
    for (int i = 0; i < 10; i++) {
        hss_pump(&s);
    }
    n = tu_pipe_take(s.pipe, 1, sent, sizeof(sent));
    if (ok) {
        if (s.real_rc != 0) {
            fail_msg("%s: %d: %s", name, s.real_rc, mutls_error_detail(s.real));
        }
    } else {
        /* RFC 5246 §7.4.7.1: the server carries on with a random premaster; the bad block
         * shows only as a Finished it cannot decrypt, never earlier or otherwise. */
        if (s.real_rc != MUTLS_ERR_BAD_RECORD_MAC) {
            fail_msg("%s: %d: %s", name, s.real_rc, mutls_error_detail(s.real));
        }
        assert_non_null(strstr(mutls_error_detail(s.real), "Finished"));
        assert_int_equal(mutls_alert_sent(s.real), MUTLS_ALERT_BAD_RECORD_MAC);
        /* ...with the very same bytes for every kind of bad block */
        if (bb->refused == 0) {
            memcpy(bb->answer, sent, n);
            bb->answer_len = n;
            assert_int_equal(n, 7); /* one plaintext fatal alert record */
        }
        assert_int_equal(n, bb->answer_len);
        assert_memory_equal(sent, bb->answer, n);
        bb->refused++;
    }
    bb->cases++;
    hss_close(&s);
    free(pm);
    free(ct);
}

static void test_hostile_rsa_premaster_blocks_answered_identically(void **state)
{
    bb_ctx bb;

    (void)state;
    if (!hp_have_static_rsa()) {
        skip();
    }
    memset(&bb, 0, sizeof(bb));
    bb.srv = hp_server_config(MUTLS_CLIENT_AUTH_REQUIRED);
    bb.cli = hx_client_cfg("AES128-GCM-SHA256");
    assert_int_equal(tu_for_each_record("hostile/bleichenbacher.txt", bb_case, &bb), 10);
    assert_int_equal(bb.refused, 9);
    mutls_config_free(bb.cli);
    mutls_config_free(bb.srv);
}

/* ------------------------------------------------------------ CertificateVerify */

enum { CV_SCHEME, CV_EMPTY_SIG, CV_SIG_LEN_PLUS, CV_SIG_LEN_MINUS };

/* The script client signs CertificateVerify with @p sign_scheme, labels it @p label and
 * damages it as @p how says. */
static void cv_case(uint16_t sign_scheme, uint16_t label, int how, int code, int alert)
{
    mutls_config *srv = hp_server_config(MUTLS_CLIENT_AUTH_REQUIRED);
    mutls_config *cli = hx_client_cfg("ECDHE-RSA-AES128-GCM-SHA256");
    uint8_t msg[2048];
    hs_script s;
    mutls_wr w;
    size_t mark, n;

    hss_open(&s, cli, srv);
    hss_client_hello_to_done(&s);
    hss_send(&s, MUTLS_HS_CERTIFICATE, mutls_hs_write_client_certificate);
    hss_send(&s, MUTLS_HS_CLIENT_KEY_EXCHANGE, mutls_hs_write_client_key_exchange);
    s.h.our_scheme = sign_scheme;
    mutls_wr_init(&w, msg, sizeof(msg));
    mutls_wr_u8(&w, MUTLS_HS_CERTIFICATE_VERIFY);
    mark = mutls_wr_vec24_begin(&w);
    assert_int_equal(mutls_hs_put_signature(&s.h, &w, NULL, 0, 1), 0);
    mutls_wr_vec24_end(&w, mark);
    n = mutls_wr_len(&w);
    msg[4] = (uint8_t)(label >> 8);
    msg[5] = (uint8_t)label;
    if (how == CV_EMPTY_SIG) {
        msg[3] = 4; /* header: scheme + an empty vector */
        msg[1] = msg[2] = 0;
        msg[6] = msg[7] = 0;
        n = 8;
    } else if (how == CV_SIG_LEN_PLUS) {
        add_be(msg + 6, 2, 1);
    } else if (how == CV_SIG_LEN_MINUS) {
        add_be(msg + 6, 2, -1);
    }
    hss_send_msg(&s, msg, n);
    hx_expect_real_failed(&s, code, code, alert);
    assert_non_null(strstr(mutls_error_detail(s.real), "CertificateVerify"));
    hss_close(&s);
    mutls_config_free(cli);
    mutls_config_free(srv);
}

static void test_hostile_certificate_verify_scheme_mismatch_refused(void **state)
{
    (void)state;
    /* RFC 5246 §7.4.8: the scheme must fit the certificate's key and be one we offered. */
    cv_case(0x0401, 0x0403, CV_SCHEME, MUTLS_ERR_ILLEGAL_PARAMETER,
            MUTLS_ALERT_ILLEGAL_PARAMETER); /* an ECDSA label on an RSA key */
    cv_case(0x0401, 0x0201, CV_SCHEME, MUTLS_ERR_ILLEGAL_PARAMETER,
            MUTLS_ALERT_ILLEGAL_PARAMETER); /* rsa_pkcs1_sha1: never offered */
    cv_case(0x0401, 0xfefe, CV_SCHEME, MUTLS_ERR_ILLEGAL_PARAMETER,
            MUTLS_ALERT_ILLEGAL_PARAMETER); /* unknown */
    /* A valid signature of another scheme under the label of this one. */
    cv_case(0x0401, 0x0804, CV_SCHEME, MUTLS_ERR_BAD_SIGNATURE, MUTLS_ALERT_DECRYPT_ERROR);
    cv_case(0x0804, 0x0401, CV_SCHEME, MUTLS_ERR_BAD_SIGNATURE, MUTLS_ALERT_DECRYPT_ERROR);
    cv_case(0x0501, 0x0401, CV_SCHEME, MUTLS_ERR_BAD_SIGNATURE, MUTLS_ALERT_DECRYPT_ERROR);
    /* An empty signature is well-formed (opaque<0..2^16-1>) and does not verify. */
    cv_case(0x0401, 0x0401, CV_EMPTY_SIG, MUTLS_ERR_BAD_SIGNATURE, MUTLS_ALERT_DECRYPT_ERROR);
    /* The signature field itself malformed. */
    cv_case(0x0401, 0x0401, CV_SIG_LEN_PLUS, MUTLS_ERR_DECODE, MUTLS_ALERT_DECODE_ERROR);
    cv_case(0x0401, 0x0401, CV_SIG_LEN_MINUS, MUTLS_ERR_DECODE, MUTLS_ALERT_DECODE_ERROR);
}

static void test_hostile_server_key_exchange_scheme_mismatch_refused(void **state)
{
    static const uint16_t labels[] = {0x0403, 0x0201, 0xfefe};
    mutls_config *srv = hp_server_config(MUTLS_CLIENT_AUTH_REQUIRED);
    mutls_config *cli = hx_client_cfg("ECDHE-RSA-AES128-GCM-SHA256");

    (void)state;
    for (size_t i = 0; i < sizeof(labels) / sizeof(labels[0]); i++) {
        uint8_t ske[1024];
        hs_script s;
        size_t n;

        hss_open(&s, srv, cli);
        hss_expect(&s, MUTLS_HS_CLIENT_HELLO, mutls_hs_parse_client_hello);
        hss_send(&s, MUTLS_HS_SERVER_HELLO, mutls_hs_write_server_hello);
        hss_send(&s, MUTLS_HS_CERTIFICATE, mutls_hs_write_server_certificate);
        n = hss_build(&s, MUTLS_HS_SERVER_KEY_EXCHANGE, mutls_hs_write_server_key_exchange, ske,
                      sizeof(ske));
        /* header(4) curve_type(1) named_curve(2) point<1..255>(1 + 65), then the scheme */
        assert_int_equal(ske[4 + 3], 65);
        ske[4 + 4 + 65] = (uint8_t)(labels[i] >> 8);
        ske[4 + 4 + 65 + 1] = (uint8_t)labels[i];
        hss_send_msg(&s, ske, n);
        hx_expect_real_failed(&s, MUTLS_ERR_ILLEGAL_PARAMETER, MUTLS_ERR_ILLEGAL_PARAMETER,
                              MUTLS_ALERT_ILLEGAL_PARAMETER);
        hss_close(&s);
    }
    mutls_config_free(cli);
    mutls_config_free(srv);
}

/* ------------------------------------------------------------ Certificate lengths */

/* Each nesting level of a one-certificate Certificate message, and where its length is. */
enum {
    CL_HEADER, /* Handshake.length (24 bits) at 1 */
    CL_LIST,   /* certificate_list (24 bits) at 4 */
    CL_CERT,   /* ASN.1Cert (24 bits) at 7 */
    CL_DER,    /* Certificate SEQUENCE (30 82 hi lo) length at 12 */
    CL_TBS,    /* TBSCertificate SEQUENCE length at 16 */
    CL_EMPTY,  /* an extra empty ASN.1Cert */
    CL_COUNT
};

static const char *cl_name[CL_COUNT] = {"header", "list", "cert", "der", "tbs", "empty"};

static size_t certificate_msg(const uint8_t *der, size_t der_len, int level, long delta,
                              uint8_t *out, size_t cap)
{
    mutls_wr w;
    size_t n;

    mutls_wr_init(&w, out, cap);
    mutls_wr_u8(&w, MUTLS_HS_CERTIFICATE);
    mutls_wr_u24(&w, (uint32_t)(der_len + 6 + (level == CL_EMPTY ? 3 : 0)));
    mutls_wr_u24(&w, (uint32_t)(der_len + 3 + (level == CL_EMPTY ? 3 : 0)));
    mutls_wr_u24(&w, (uint32_t)der_len);
    mutls_wr_bytes(&w, der, der_len);
    if (level == CL_EMPTY) {
        mutls_wr_u24(&w, 0);
    }
    assert_int_equal(w.err, 0);
    n = mutls_wr_len(&w);
    /* both DER lengths are the two-byte long form here */
    assert_true(out[10] == 0x30 && out[11] == 0x82 && out[14] == 0x30 && out[15] == 0x82);
    switch (level) {
    case CL_HEADER:
        add_be(out + 1, 3, delta);
        break;
    case CL_LIST:
        add_be(out + 4, 3, delta);
        break;
    case CL_CERT:
        add_be(out + 7, 3, delta);
        break;
    case CL_DER:
        add_be(out + 12, 2, delta);
        break;
    case CL_TBS:
        add_be(out + 16, 2, delta);
        break;
    }
    return n;
}

static int cl_code(int level)
{
    /* The TLS framing is checked before the certificate is parsed: decode_error; inside the
     * DER it is the certificate that is bad. */
    return level == CL_DER || level == CL_TBS ? MUTLS_ERR_X509_MALFORMED : MUTLS_ERR_DECODE;
}

static void test_hostile_client_certificate_lengths_disagree_server_refuses(void **state)
{
    mutls_config *srv = hp_server_config(MUTLS_CLIENT_AUTH_REQUIRED);
    mutls_config *cli = hx_client_cfg("ECDHE-ECDSA-AES128-GCM-SHA256");
    size_t der_len;
    uint8_t *der = tu_read_vector("pki/client.pem", &der_len);
    const uint8_t *leaf;
    size_t leaf_len;
    mutls_certs *set = NULL;

    (void)state;
    /* the client's certificate, as DER */
    assert_int_equal(mutls_certs_new(&set), 0);
    assert_int_equal(mutls_certs_add(set, der, der_len), 0);
    leaf = set->der[0];
    leaf_len = set->der_len[0];
    for (int level = 0; level < CL_COUNT; level++) {
        for (long delta = -1; delta <= 1; delta += 2) {
            uint8_t msg[4096], next[1024];
            hs_script s;
            size_t n, nn;

            if (level == CL_EMPTY && delta > 0) {
                continue;
            }
            hss_open(&s, cli, srv);
            hss_client_hello_to_done(&s);
            n = certificate_msg(leaf, leaf_len, level, delta, msg, sizeof(msg));
            hss_send_raw(&s, MUTLS_CT_HANDSHAKE, msg, n);
            /* A header that claims more takes the start of the next message. */
            nn = hss_build(&s, MUTLS_HS_CLIENT_KEY_EXCHANGE, mutls_hs_write_client_key_exchange,
                           next, sizeof(next));
            hss_send_raw(&s, MUTLS_CT_HANDSHAKE, next, nn);
            if (getenv("MUTLS_TEST_VERBOSE") != NULL) {
                printf("  %s %+ld\n", cl_name[level], delta);
            }
            hx_expect_real_failed(&s, cl_code(level), cl_code(level),
                                  cl_code(level) == MUTLS_ERR_DECODE ? MUTLS_ALERT_DECODE_ERROR
                                                                     : MUTLS_ALERT_BAD_CERTIFICATE);
            hss_close(&s);
        }
    }
    mutls_certs_free(set);
    free(der);
    mutls_config_free(cli);
    mutls_config_free(srv);
}

static void test_hostile_server_certificate_lengths_disagree_client_refuses(void **state)
{
    mutls_config *srv = hp_server_config(MUTLS_CLIENT_AUTH_REQUIRED);
    mutls_config *cli = hx_client_cfg("ECDHE-RSA-AES128-GCM-SHA256");

    (void)state;
    for (int level = 0; level < CL_COUNT; level++) {
        for (long delta = -1; delta <= 1; delta += 2) {
            uint8_t msg[4096], next[1024];
            hs_script s;
            size_t n, nn;

            if (level == CL_EMPTY && delta > 0) {
                continue;
            }
            hss_open(&s, srv, cli);
            hss_expect(&s, MUTLS_HS_CLIENT_HELLO, mutls_hs_parse_client_hello);
            hss_send(&s, MUTLS_HS_SERVER_HELLO, mutls_hs_write_server_hello);
            n = certificate_msg(s.h.id->chain->der[0], s.h.id->chain->der_len[0], level, delta, msg,
                                sizeof(msg));
            hss_send_raw(&s, MUTLS_CT_HANDSHAKE, msg, n);
            nn = hss_build(&s, MUTLS_HS_SERVER_HELLO_DONE, mutls_hs_write_server_hello_done, next,
                           sizeof(next));
            hss_send_raw(&s, MUTLS_CT_HANDSHAKE, next, nn);
            hx_expect_real_failed(&s, cl_code(level), cl_code(level),
                                  cl_code(level) == MUTLS_ERR_DECODE ? MUTLS_ALERT_DECODE_ERROR
                                                                     : MUTLS_ALERT_BAD_CERTIFICATE);
            hss_close(&s);
        }
    }
    mutls_config_free(cli);
    mutls_config_free(srv);
}

/* ------------------------------------------------------------ hello extensions */

/* Offset of the extensions length in a ClientHello (header included). */
static size_t hello_ext_at(const uint8_t *msg)
{
    /* header(4) version(2) random(32) session_id<0..32> suites<2..> comp<1..> ext<0..> */
    size_t at = 4 + 2 + 32;

    at += 1 + msg[at];
    at += 2 + (size_t)(msg[at] << 8 | msg[at + 1]);
    at += 1 + msg[at];
    return at;
}

/* How many extensions the script's own ClientHello carries. */
static size_t hello_ext_count(hs_script *s)
{
    uint8_t base[2048];
    size_t n = hss_build(s, MUTLS_HS_CLIENT_HELLO, mutls_hs_write_client_hello, base, sizeof(base));
    size_t at = hello_ext_at(base) + 2, count = 0;

    while (at + 4 <= n) {
        at += 4 + (size_t)(base[at + 2] << 8 | base[at + 3]);
        count++;
    }
    assert_int_equal(at, n);
    return count;
}

/* A ClientHello from the script with @p n_extra extra extensions of @p each_len bytes
 * (unknown types 0xfa00..) appended to its extension block, and the header patched. */
static size_t hello_with_extensions(hs_script *s, size_t n_extra, size_t each_len, uint8_t **out)
{
    uint8_t base[2048];
    size_t n = hss_build(s, MUTLS_HS_CLIENT_HELLO, mutls_hs_write_client_hello, base, sizeof(base));
    size_t cap = n + n_extra * (4 + each_len) + 16, ext_at;
    uint8_t *msg = calloc(1, cap);
    mutls_wr w;

    assert_non_null(msg);
    ext_at = hello_ext_at(base);
    memcpy(msg, base, n);
    mutls_wr_init(&w, msg + n, cap - n);
    for (size_t i = 0; i < n_extra; i++) {
        mutls_wr_u16(&w, (uint16_t)(0xfa00 + i));
        mutls_wr_u16(&w, (uint16_t)each_len);
        for (size_t j = 0; j < each_len; j++) {
            mutls_wr_u8(&w, (uint8_t)j);
        }
    }
    assert_int_equal(w.err, 0);
    add_be(msg + ext_at, 2, (long)mutls_wr_len(&w));
    add_be(msg + 1, 3, (long)mutls_wr_len(&w));
    *out = msg;
    return n + mutls_wr_len(&w);
}

/* @p total extensions in all (ours, then unknown ones of @p each_len bytes); 0: one extra. */
static void hello_case(size_t total, size_t each_len, long ext_len_delta, int code, int alert)
{
    mutls_config *srv = hp_server_config(MUTLS_CLIENT_AUTH_REQUIRED);
    mutls_config *cli = hx_client_cfg(NULL);
    hs_script s;
    uint8_t *msg;
    size_t n, ours;

    hss_open(&s, cli, srv);
    ours = hello_ext_count(&s);
    assert_true(total == 0 || total > ours);
    n = hello_with_extensions(&s, total == 0 ? 1 : total - ours, each_len, &msg);
    if (ext_len_delta != 0) {
        add_be(msg + hello_ext_at(msg), 2, ext_len_delta);
    }
    hss_send_msg(&s, msg, n);
    if (code == 0) {
        /* accepted: the server answers with its flight */
        hss_expect(&s, MUTLS_HS_SERVER_HELLO, mutls_hs_parse_server_hello);
    } else {
        hx_expect_real_failed(&s, code, code, alert);
    }
    free(msg);
    hss_close(&s);
    mutls_config_free(cli);
    mutls_config_free(srv);
}

static void test_hostile_huge_extension_blocks(void **state)
{
    (void)state;
    /* One unknown extension of 60000 bytes: under the 64 KiB message limit, ignored. */
    hello_case(0, 60000, 0, 0, 0);
    /* No count limit (RFC 5246 §7.4.1.4 sets none): only the message size bounds them. */
    hello_case(65, 100, 0, 0, 0);
    hello_case(1000, 0, 0, 0, 0);
    /* the extensions block length disagreeing with the message */
    hello_case(0, 1000, 1, MUTLS_ERR_DECODE, MUTLS_ALERT_DECODE_ERROR);
    hello_case(0, 1000, -1, MUTLS_ERR_DECODE, MUTLS_ALERT_DECODE_ERROR);
    /* A ClientHello of 70000 bytes: refused from its header, before the body arrives. */
    hello_case(0, 65535, 0, MUTLS_ERR_HANDSHAKE_TOO_LARGE, MUTLS_ALERT_DECODE_ERROR);
}

static void test_hostile_oversized_hello_refused_after_first_record(void **state)
{
    mutls_config *srv = hp_server_config(MUTLS_CLIENT_AUTH_REQUIRED);
    mutls_config *cli = hx_client_cfg(NULL);
    hs_script s;
    uint8_t *msg;
    size_t n;

    (void)state;
    hss_open(&s, cli, srv);
    n = hello_with_extensions(&s, 2, 40000, &msg);
    assert_true(n > 65536 + 4);
    /* Only the first record: the 24-bit length alone decides. */
    hss_send_raw(&s, MUTLS_CT_HANDSHAKE, msg, 16384);
    hss_pump(&s);
    assert_int_equal(s.real_rc, MUTLS_ERR_HANDSHAKE_TOO_LARGE);
    assert_int_equal(mutls_alert_sent(s.real), MUTLS_ALERT_DECODE_ERROR);
    free(msg);
    hss_close(&s);
    mutls_config_free(cli);
    mutls_config_free(srv);
}

static void test_hostile_server_hello_huge_extension_unsupported(void **state)
{
    mutls_config *srv = hp_server_config(MUTLS_CLIENT_AUTH_REQUIRED);
    mutls_config *cli = hx_client_cfg("ECDHE-RSA-AES128-GCM-SHA256");
    uint8_t base[512], *msg;
    hs_script s;
    mutls_wr w;
    size_t n, cap = 40000;

    (void)state;
    hss_open(&s, srv, cli);
    hss_expect(&s, MUTLS_HS_CLIENT_HELLO, mutls_hs_parse_client_hello);
    n = hss_build(&s, MUTLS_HS_SERVER_HELLO, mutls_hs_write_server_hello, base, sizeof(base));
    msg = calloc(1, cap);
    assert_non_null(msg);
    memcpy(msg, base, n);
    mutls_wr_init(&w, msg + n, cap - n);
    mutls_wr_u16(&w, 0xfa00);
    mutls_wr_u16(&w, 30000);
    mutls_wr_reserve(&w, 30000);
    assert_int_equal(w.err, 0);
    /* ServerHello: header(4) version(2) random(32) sid<0>(1) suite(2) comp(1) ext<2> */
    add_be(msg + 4 + 2 + 32 + 1 + 2 + 1, 2, (long)mutls_wr_len(&w));
    add_be(msg + 1, 3, (long)mutls_wr_len(&w));
    hss_send_msg(&s, msg, n + mutls_wr_len(&w));
    /* RFC 5246 §7.4.1.4: a server extension the client did not offer */
    hx_expect_real_failed(&s, MUTLS_ERR_UNSUPPORTED_EXTENSION, MUTLS_ERR_UNSUPPORTED_EXTENSION,
                          MUTLS_ALERT_UNSUPPORTED_EXTENSION);
    free(msg);
    hss_close(&s);
    mutls_config_free(cli);
    mutls_config_free(srv);
}

/* ------------------------------------------------------------ after the handshake */

static void test_hostile_change_cipher_spec_after_handshake_unexpected(void **state)
{
    mutls_config *srv = hp_server_config(MUTLS_CLIENT_AUTH_REQUIRED);
    mutls_config *cli = hx_client_cfg("ECDHE-RSA-AES128-GCM-SHA256");
    hs_script s;
    char buf[32];

    (void)state;
    hss_open(&s, cli, srv);
    hss_client_hello_to_done(&s);
    hss_send(&s, MUTLS_HS_CERTIFICATE, mutls_hs_write_client_certificate);
    hss_send(&s, MUTLS_HS_CLIENT_KEY_EXCHANGE, mutls_hs_write_client_key_exchange);
    hss_send(&s, MUTLS_HS_CERTIFICATE_VERIFY, mutls_hs_write_certificate_verify);
    hss_send_ccs(&s);
    hss_send(&s, MUTLS_HS_FINISHED, mutls_hs_write_finished);
    hss_expect_ccs(&s);
    hss_expect(&s, MUTLS_HS_FINISHED, mutls_hs_parse_finished);
    assert_int_equal(s.real_rc, 0);
    /* RFC 5246 §7.1: a third ChangeCipherSpec, now that both were exchanged. */
    hss_send_raw(&s, MUTLS_CT_CHANGE_CIPHER_SPEC, (const uint8_t *)"\1", 1);
    assert_int_equal(mutls_read(s.real, buf, sizeof(buf)), MUTLS_ERR_UNEXPECTED_MESSAGE);
    assert_int_equal(mutls_alert_sent(s.real), MUTLS_ALERT_UNEXPECTED_MESSAGE);
    assert_int_equal(hss_expect_alert(&s), MUTLS_ALERT_UNEXPECTED_MESSAGE);
    hss_close(&s);
    mutls_config_free(cli);
    mutls_config_free(srv);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_hostile_rsa_premaster_blocks_answered_identically),
        cmocka_unit_test(test_hostile_certificate_verify_scheme_mismatch_refused),
        cmocka_unit_test(test_hostile_server_key_exchange_scheme_mismatch_refused),
        cmocka_unit_test(test_hostile_client_certificate_lengths_disagree_server_refuses),
        cmocka_unit_test(test_hostile_server_certificate_lengths_disagree_client_refuses),
        cmocka_unit_test(test_hostile_huge_extension_blocks),
        cmocka_unit_test(test_hostile_oversized_hello_refused_after_first_record),
        cmocka_unit_test(test_hostile_server_hello_huge_extension_unsupported),
        cmocka_unit_test(test_hostile_change_cipher_spec_after_handshake_unexpected),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
