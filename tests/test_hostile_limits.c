/* SPDX-License-Identifier: MIT */
/*
 * test_hostile_limits.c - the configurable limits against resource exhaustion
 * (mutls_limits in mutls.h): their defaults and range checks, and a scripted peer
 * (hs_script.h) going just under and just over each one: the largest handshake message,
 * the number of certificates in a chain and their total size, the number of hello
 * extensions. Over a limit the exact error and alert come back, and a counting allocator
 * (installed before anything else) shows that nothing sized by what the peer sent was
 * allocated on the way; a split message's reassembly buffer follows its header (checked first).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hs_pair.h"
#include "hs_script.h"
#include "testutil.h"

#include <cmocka.h>

/* ------------------------------------------------------------ counting allocator */

static size_t alloc_total;   /* bytes ever allocated */
static size_t alloc_largest; /* largest single allocation since the last reset */
static size_t big_from;      /* allocations of at least this size ... */
static size_t big_count;     /* ... counted here */

static void *count_alloc(void *ctx, size_t size)
{
    (void)ctx;
    alloc_total += size;
    if (big_from != 0 && size >= big_from) {
        big_count++;
    }
    /* The record layer's in buffer (one record) is given back while we send and taken
     * again for the peer's next flight (record.h): per connection, not per message. */
    if (size > alloc_largest &&
        size != MUTLS_REC_HEADER_LEN + MUTLS_REC_MAX_PLAINTEXT + MUTLS_REC_MAX_EXPANSION) {
        alloc_largest = size;
    }
    return malloc(size);
}

static void count_free(void *ctx, void *p, size_t size)
{
    (void)ctx;
    (void)size;
    free(p);
}

/* ------------------------------------------------------------ helpers */

static mutls_config *server_cfg(const mutls_limits *lim)
{
    mutls_config *cfg = hp_config(MUTLS_ROLE_SERVER, "server", "cas.pem");
    char chain[512], key[512];

    snprintf(chain, sizeof(chain), "%s", tu_vector_path("pki/server-ec.pem"));
    snprintf(key, sizeof(key), "%s", tu_vector_path("pki/server-ec.key"));
    assert_int_equal(mutls_config_add_identity_file(cfg, chain, key, NULL), 0);
    if (lim != NULL) {
        assert_int_equal(mutls_config_set_limits(cfg, lim), 0);
    }
    return cfg;
}

static mutls_config *client_cfg(const mutls_limits *lim)
{
    mutls_config *cfg = hp_config(MUTLS_ROLE_CLIENT, "client", "cas.pem");

    assert_int_equal(mutls_config_set_suites(cfg, "ECDHE-RSA-AES128-GCM-SHA256"), 0);
    if (lim != NULL) {
        assert_int_equal(mutls_config_set_limits(cfg, lim), 0);
    }
    return cfg;
}

/* The DER of the first certificate in vectors/pki/@p name, in a malloc'd buffer. */
static uint8_t *cert_der(const char *name, size_t *len)
{
    size_t pem_len;
    uint8_t *pem = tu_read_vector(name, &pem_len);
    mutls_certs *set = NULL;
    uint8_t *der;

    assert_int_equal(mutls_certs_new(&set), 0);
    assert_int_equal(mutls_certs_add(set, pem, pem_len), 0);
    *len = set->der_len[0];
    der = malloc(*len);
    assert_non_null(der);
    memcpy(der, set->der[0], *len);
    mutls_certs_free(set);
    free(pem);
    return der;
}

/* A Certificate message: the client's certificate, then @p n_ca copies of the CA's. */
static size_t chain_msg(size_t n_ca, uint8_t **out)
{
    size_t leaf_len, ca_len, cap, mark, list;
    uint8_t *leaf = cert_der("pki/client.pem", &leaf_len);
    uint8_t *ca = cert_der("pki/ca.pem", &ca_len);
    uint8_t *msg;
    mutls_wr w;

    cap = 16 + (leaf_len + 3) + n_ca * (ca_len + 3);
    msg = malloc(cap);
    assert_non_null(msg);
    mutls_wr_init(&w, msg, cap);
    mutls_wr_u8(&w, MUTLS_HS_CERTIFICATE);
    mark = mutls_wr_vec24_begin(&w);
    list = mutls_wr_vec24_begin(&w);
    mutls_wr_u24(&w, (uint32_t)leaf_len);
    mutls_wr_bytes(&w, leaf, leaf_len);
    for (size_t i = 0; i < n_ca; i++) {
        mutls_wr_u24(&w, (uint32_t)ca_len);
        mutls_wr_bytes(&w, ca, ca_len);
    }
    mutls_wr_vec24_end(&w, list);
    mutls_wr_vec24_end(&w, mark);
    assert_int_equal(w.err, 0);
    free(leaf);
    free(ca);
    *out = msg;
    return mutls_wr_len(&w);
}

/* The scripted client sends a chain of 1 + @p n_ca certificates to a server with @p lim:
 * accepted (the handshake completes) when @p code is 0, else refused with @p code/@p alert
 * before anything the size of the message was allocated. */
static void chain_case(const mutls_limits *lim, size_t n_ca, int code, int alert)
{
    mutls_config *srv = server_cfg(lim), *cli = client_cfg(NULL);
    hs_script s;
    uint8_t *msg;
    size_t n = chain_msg(n_ca, &msg);

    hss_open(&s, cli, srv);
    hss_client_hello_to_done(&s);
    hss_send_msg(&s, msg, n);
    s.h.id = cli->ids[0]; /* for the CertificateVerify */
    s.h.our_scheme = 0x0804;
    s.h.f_client_cert = 1;
    alloc_largest = 0;
    big_from = n / 2;
    big_count = 0;
    hss_pump(&s);
    big_from = 0;
    if (code == 0) {
        assert_int_equal(s.real_rc, MUTLS_WANT_READ);
        hss_send(&s, MUTLS_HS_CLIENT_KEY_EXCHANGE, mutls_hs_write_client_key_exchange);
        hss_send(&s, MUTLS_HS_CERTIFICATE_VERIFY, mutls_hs_write_certificate_verify);
        hss_send_ccs(&s);
        hss_send(&s, MUTLS_HS_FINISHED, mutls_hs_write_finished);
        hss_expect_ccs(&s);
        hss_expect(&s, MUTLS_HS_FINISHED, mutls_hs_parse_finished);
        assert_int_equal(s.real_rc, 0);
        assert_int_equal(mutls_peer_cert_count(s.real), 1 + n_ca);
    } else {
        if (s.real_rc != code) {
            fail_msg("%zu certificates: %d, expected %d: %s", 1 + n_ca, s.real_rc, code,
                     mutls_error_detail(s.real));
        }
        assert_int_equal(mutls_alert_sent(s.real), alert);
        assert_int_equal(hss_expect_alert(&s), alert);
        /* Refused before the copy of the certificates (or an array per certificate) was
         * made: the one allocation of that size is the reassembly of the message itself
         * (split across records), exactly its length and within max_handshake. */
        assert_true(big_count <= 1);
        assert_true(alloc_largest <= n);
    }
    free(msg);
    hss_close(&s);
    mutls_config_free(cli);
    mutls_config_free(srv);
}

/* ------------------------------------------------------------ tests */

static void test_limits_defaults_and_range_checked(void **state)
{
    mutls_config *cfg = NULL;
    mutls_conn *conn = NULL;
    mutls_limits l, bad;

    (void)state;
    mutls_limits_default(&l);
    assert_int_equal(l.max_handshake, 65536);
    assert_int_equal(l.max_chain_certs, 64);
    assert_int_equal(l.max_chain_bytes, 65536);
    assert_int_equal(l.max_extensions, 64);
    cfg = server_cfg(NULL);
    assert_int_equal(mutls_config_set_limits(NULL, &l), MUTLS_ERR_BAD_ARGUMENT);
    assert_int_equal(mutls_config_set_limits(cfg, NULL), MUTLS_ERR_BAD_ARGUMENT);
    /* zero fields take their default: all zero is the defaults */
    memset(&bad, 0, sizeof(bad));
    assert_int_equal(mutls_config_set_limits(cfg, &bad), 0);
    bad = l;
    bad.max_handshake = 1023;
    assert_int_equal(mutls_config_set_limits(cfg, &bad), MUTLS_ERR_BAD_ARGUMENT);
    bad.max_handshake = 0x1000000; /* 2^24: no handshake length can say it */
    assert_int_equal(mutls_config_set_limits(cfg, &bad), MUTLS_ERR_BAD_ARGUMENT);
    bad = l;
    bad.max_chain_certs = 65;
    assert_int_equal(mutls_config_set_limits(cfg, &bad), MUTLS_ERR_BAD_ARGUMENT);
    bad = l;
    bad.max_handshake = 4096;
    bad.max_chain_bytes = 4097; /* a chain must fit in its message */
    assert_int_equal(mutls_config_set_limits(cfg, &bad), MUTLS_ERR_BAD_ARGUMENT);
    bad.max_chain_bytes = 0; /* the default shrinks with the message: accepted */
    assert_int_equal(mutls_config_set_limits(cfg, &bad), 0);
    bad = l;
    bad.max_extensions = 129;
    assert_int_equal(mutls_config_set_limits(cfg, &bad), MUTLS_ERR_BAD_ARGUMENT);
    bad.max_extensions = 128;
    bad.max_handshake = 0xffffff;
    bad.max_chain_certs = 64;
    assert_int_equal(mutls_config_set_limits(cfg, &bad), 0);
    /* a configuration in use no longer changes */
    assert_int_equal(mutls_conn_new(&conn, cfg), 0);
    assert_int_equal(mutls_config_set_limits(cfg, &l), MUTLS_ERR_STATE);
    mutls_free(conn);
    mutls_config_free(cfg);
}

static void test_limits_max_handshake_allocates_nothing_up_front(void **state)
{
    mutls_limits big;
    mutls_config *def = server_cfg(NULL), *large;
    mutls_conn *a = NULL, *b = NULL;
    size_t with_default, with_large;

    (void)state;
    memset(&big, 0, sizeof(big));
    big.max_handshake = 0xffffff;
    large = server_cfg(&big);
    alloc_total = 0;
    assert_int_equal(mutls_conn_new(&a, def), 0);
    with_default = alloc_total;
    alloc_total = 0;
    assert_int_equal(mutls_conn_new(&b, large), 0);
    with_large = alloc_total;
    /* The limit only bounds what a split message may make us allocate; a connection
     * reserves nothing for it (the reassembly buffer follows the message, record.h). */
    assert_int_equal(with_default, with_large);
    assert_true(with_default < 8192);
    mutls_free(a);
    mutls_free(b);
    mutls_config_free(def);
    mutls_config_free(large);
}

static void test_limits_chain_count_at_and_over(void **state)
{
    mutls_limits l;

    (void)state;
    /* the defaults: 64 certificates pass, 65 do not (52 KB, within max_chain_bytes) */
    chain_case(NULL, 63, 0, 0);
    chain_case(NULL, 64, MUTLS_ERR_X509_TOO_MANY_CERTIFICATES, MUTLS_ALERT_BAD_CERTIFICATE);
    memset(&l, 0, sizeof(l));
    l.max_chain_certs = 2;
    chain_case(&l, 1, 0, 0);
    chain_case(&l, 2, MUTLS_ERR_X509_TOO_MANY_CERTIFICATES, MUTLS_ALERT_BAD_CERTIFICATE);
}

static void test_limits_chain_bytes_at_and_over(void **state)
{
    mutls_limits l;
    size_t leaf_len, ca_len;
    free(cert_der("pki/client.pem", &leaf_len));
    free(cert_der("pki/ca.pem", &ca_len));

    (void)state;
    memset(&l, 0, sizeof(l));
    l.max_chain_bytes = leaf_len + ca_len; /* exactly two certificates' DER */
    chain_case(&l, 1, 0, 0);
    chain_case(&l, 2, MUTLS_ERR_LIMIT, MUTLS_ALERT_DECODE_ERROR);
    l.max_chain_bytes = leaf_len + ca_len - 1;
    chain_case(&l, 1, MUTLS_ERR_LIMIT, MUTLS_ALERT_DECODE_ERROR);
}

static void hello_size_case(size_t limit, size_t pad, int code)
{
    mutls_limits l;
    mutls_config *srv, *cli = client_cfg(NULL);
    uint8_t base[2048], *msg;
    hs_script s;
    size_t n, at;
    mutls_wr w;

    memset(&l, 0, sizeof(l));
    l.max_handshake = limit;
    srv = server_cfg(&l);
    hss_open(&s, cli, srv);
    n = hss_build(&s, MUTLS_HS_CLIENT_HELLO, mutls_hs_write_client_hello, base, sizeof(base));
    /* a padding-like unknown extension makes the body exactly n - 4 + 4 + pad bytes */
    msg = calloc(1, n + 4 + pad);
    assert_non_null(msg);
    memcpy(msg, base, n);
    at = 4 + 2 + 32;
    at += 1 + base[at];
    at += 2 + (size_t)(base[at] << 8 | base[at + 1]);
    at += 1 + base[at];
    mutls_wr_init(&w, msg + n, 4 + pad);
    mutls_wr_u16(&w, 0xfa01);
    mutls_wr_u16(&w, (uint16_t)pad);
    mutls_wr_reserve(&w, pad);
    assert_int_equal(w.err, 0);
    {
        size_t ext = (size_t)(msg[at] << 8 | msg[at + 1]) + 4 + pad;
        size_t body = n - 4 + 4 + pad;
        msg[at] = (uint8_t)(ext >> 8);
        msg[at + 1] = (uint8_t)ext;
        msg[1] = (uint8_t)(body >> 16);
        msg[2] = (uint8_t)(body >> 8);
        msg[3] = (uint8_t)body;
    }
    hss_send_msg(&s, msg, n + 4 + pad);
    if (code == 0) {
        hss_expect(&s, MUTLS_HS_SERVER_HELLO, mutls_hs_parse_server_hello);
    } else {
        assert_int_equal(hss_expect_alert(&s), MUTLS_ALERT_DECODE_ERROR);
        assert_int_equal(s.real_rc, code);
    }
    free(msg);
    hss_close(&s);
    mutls_config_free(cli);
    mutls_config_free(srv);
}

static void test_limits_handshake_message_at_and_over(void **state)
{
    uint8_t base[2048];
    hs_script s;
    mutls_config *srv = server_cfg(NULL), *cli = client_cfg(NULL);
    size_t n;

    (void)state;
    hss_open(&s, cli, srv);
    n = hss_build(&s, MUTLS_HS_CLIENT_HELLO, mutls_hs_write_client_hello, base, sizeof(base));
    hss_close(&s);
    mutls_config_free(cli);
    mutls_config_free(srv);
    /* body = n - 4 + 4 + pad: exactly the limit, then one byte more */
    hello_size_case(2048, 2048 - n, 0);
    hello_size_case(2048, 2048 - n + 1, MUTLS_ERR_HANDSHAKE_TOO_LARGE);
}

/* How many extensions the script's ClientHello carries. */
static size_t hello_ext_count(hs_script *s)
{
    uint8_t m[2048];
    size_t n = hss_build(s, MUTLS_HS_CLIENT_HELLO, mutls_hs_write_client_hello, m, sizeof(m));
    size_t at = 4 + 2 + 32, count = 0;

    at += 1 + m[at];
    at += 2 + (size_t)(m[at] << 8 | m[at + 1]);
    at += 1 + m[at];
    for (at += 2; at + 4 <= n; count++) {
        at += 4 + (size_t)(m[at + 2] << 8 | m[at + 3]);
    }
    assert_int_equal(at, n);
    return count;
}

static void test_limits_max_extensions_ignored_both_roles(void **state)
{
    mutls_limits l;
    mutls_config *srv, *cli;
    hs_script s;

    (void)state;
    /* max_extensions is kept for ABI only (include/mutls.h): even at 1, both roles take
     * hellos carrying several extensions; the hello size (max_handshake) bounds them. */
    memset(&l, 0, sizeof(l));
    l.max_extensions = 1;
    srv = server_cfg(&l);
    cli = client_cfg(NULL);
    hss_open(&s, cli, srv);
    assert_true(hello_ext_count(&s) >= 5);
    hss_send(&s, MUTLS_HS_CLIENT_HELLO, mutls_hs_write_client_hello);
    hss_expect(&s, MUTLS_HS_SERVER_HELLO, mutls_hs_parse_server_hello);
    hss_close(&s);
    mutls_config_free(srv);
    mutls_config_free(cli);
    srv = server_cfg(NULL);
    cli = client_cfg(&l);
    hss_open(&s, srv, cli);
    hss_expect(&s, MUTLS_HS_CLIENT_HELLO, mutls_hs_parse_client_hello);
    hss_send(&s, MUTLS_HS_SERVER_HELLO, mutls_hs_write_server_hello);
    hss_pump(&s);
    assert_int_equal(s.real_rc, MUTLS_WANT_READ); /* took the ServerHello, waits for more */
    hss_close(&s);
    mutls_config_free(srv);
    mutls_config_free(cli);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_limits_defaults_and_range_checked),
        cmocka_unit_test(test_limits_max_handshake_allocates_nothing_up_front),
        cmocka_unit_test(test_limits_chain_count_at_and_over),
        cmocka_unit_test(test_limits_chain_bytes_at_and_over),
        cmocka_unit_test(test_limits_handshake_message_at_and_over),
        cmocka_unit_test(test_limits_max_extensions_ignored_both_roles),
    };
    static const mutls_allocator counting = {count_alloc, count_free, NULL};

    /* Before any other mutls call (mutls_set_allocator's contract). */
    if (mutls_set_allocator(&counting) != 0) {
        return 1;
    }
    return cmocka_run_group_tests(tests, NULL, NULL);
}
