/* SPDX-License-Identifier: MIT */
/*
 * test_secrets.c - secrets do not outlive their use. Full in-process handshakes (hs_pair)
 * and data exchanges run over the recording allocator of tests/support/secret_alloc; then
 * every block mutls released is searched for known key material: the master secret (from the
 * NSS key log, as bytes and as the hex of the key-log line), the private keys of both sides
 * (windows of their PKCS#8 DER and a line of their PEM text, as the file loaders read them),
 * and a key password. Any hit is a block freed without mutls_free_secret / mutls_wipe.
 * Also checked: no block is left live once the connections and configurations are freed.
 */
#include "testutil.h"

#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hs_pair.h"
#include "mem.h"
#include "pem.h"
#include "secret_alloc.h"

/* ---- needles */

static int unhex_into(const char *hex, uint8_t *out, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        unsigned v;
        if (sscanf(hex + 2 * i, "%2x", &v) != 1) {
            return -1;
        }
        out[i] = (uint8_t)v;
    }
    return 0;
}

/* Key log: register the master secret, in binary and as the hex the line carries. */
static void keylog_needles(void *ctx, const char *line)
{
    uint8_t master[48];
    const char *hex = strrchr(line, ' ');
    int *count = ctx;

    assert_non_null(hex);
    hex++;
    assert_int_equal(strlen(hex), 96);
    assert_int_equal(unhex_into(hex, master, sizeof(master)), 0);
    tu_secret_add_needle("the master secret", master, sizeof(master));
    tu_secret_add_needle("the master secret's hex", (const uint8_t *)hex, 96);
    (*count)++;
}

static const uint8_t *find_bytes(const uint8_t *hay, size_t n, const char *nd, size_t nd_len)
{
    for (size_t i = 0; nd_len <= n && i <= n - nd_len; i++) {
        if (memcmp(hay + i, nd, nd_len) == 0) {
            return hay + i;
        }
    }
    return NULL;
}

/* Needles from a PKCS#8 key file of vectors/pki: a line of its PEM text, and private bytes of
 * its DER (the EC scalar; for RSA, windows inside the private exponent, primes and CRT
 * values, which follow the public modulus). Run before the recording allocator is installed,
 * since the decoding itself allocates. */
static void key_needles(const char *file)
{
    char path[64];
    char name[96];
    size_t text_len, pos = 0, der_len = 0;
    uint8_t *text, *der = NULL;
    mutls_slice label;
    const uint8_t *line;

    snprintf(path, sizeof(path), "pki/%s", file);
    text = tu_read_vector(path, &text_len);
    /* The third line of base64 (64 characters), well inside the private part. */
    line = text;
    for (int i = 0; i < 3; i++) {
        line = (const uint8_t *)strchr((const char *)line, '\n') + 1;
    }
    snprintf(name, sizeof(name), "a PEM line of %s", file);
    tu_secret_add_needle(name, line, 64);
    assert_int_equal(mutls_pem_next(text, text_len, &pos, &label, &der, &der_len), 1);
    const uint8_t *ec = find_bytes(der, der_len, "\x02\x01\x01\x04\x20", 5);
    if (ec != NULL && der_len < 300) {
        snprintf(name, sizeof(name), "the EC private scalar of %s", file);
        tu_secret_add_needle(name, ec + 5, 32);
    } else {
        assert_true(der_len > 1000); /* RSA-2048: the private half starts after ~300 bytes */
        snprintf(name, sizeof(name), "private RSA bytes (middle) of %s", file);
        tu_secret_add_needle(name, der + der_len / 2, 32);
        snprintf(name, sizeof(name), "private RSA bytes (end) of %s", file);
        tu_secret_add_needle(name, der + der_len - 32, 32);
    }
    mutls_free_secret(der, der_len);
    free(text);
}

/* ---- one run */

typedef struct run {
    const char *suite;
    const char *server_id, *client_id; /* files under vectors/pki (no extension) */
    const char *client_key;            /* NULL: <client_id>.key */
    const char *password;
    int expect_ok; /* 1: handshake, exchange and close succeed; 0: the server refuses */
} run;

static void check_run(const run *r)
{
    mutls_config *scfg, *ccfg;
    char chain[512], key[512], file[64];
    char report[4096];
    int logged = 0;
    size_t hits, live;
    hp_pair p;

    assert_int_equal(mutls_init(), 0);
    tu_secret_reset();
    snprintf(file, sizeof(file), "%s.key", r->server_id);
    key_needles(file);
    snprintf(file, sizeof(file), "%s.key", r->client_id);
    key_needles(file);
    if (r->password != NULL) {
        tu_secret_add_needle("the key password", (const uint8_t *)r->password, strlen(r->password));
    }

    tu_secret_alloc_install();
    scfg = hp_config(MUTLS_ROLE_SERVER, r->server_id, "cas.pem");
    ccfg = hp_config(MUTLS_ROLE_CLIENT, NULL, "cas.pem");
    snprintf(chain, sizeof(chain), "%s", tu_vector_path("pki/"));
    snprintf(chain + strlen(chain), sizeof(chain) - strlen(chain), "%s.pem", r->client_id);
    snprintf(key, sizeof(key), "%s", tu_vector_path("pki/"));
    if (r->client_key != NULL) {
        snprintf(key + strlen(key), sizeof(key) - strlen(key), "%s", r->client_key);
    } else {
        snprintf(key + strlen(key), sizeof(key) - strlen(key), "%s.key", r->client_id);
    }
    assert_int_equal(mutls_config_add_identity_file(ccfg, chain, key, r->password), 0);
    assert_int_equal(mutls_config_set_suites(ccfg, r->suite), 0);
    mutls_config_set_keylog(scfg, keylog_needles, &logged);
    mutls_config_set_keylog(ccfg, keylog_needles, &logged);

    hp_open(&p, ccfg, scfg);
    hp_handshake(&p);
    if (r->expect_ok) {
        assert_int_equal(p.rc_client, 0);
        assert_int_equal(p.rc_server, 0);
        assert_int_equal(logged, 2); /* both sides logged the master secret */
        hp_exchange_and_close(&p);
    } else {
        assert_true(p.rc_server < 0);
    }
    hp_close(&p);
    mutls_config_free(ccfg);
    mutls_config_free(scfg);
    live = tu_secret_alloc_uninstall();

    hits = tu_secret_scan(report, sizeof(report));
    print_message("%s: %zu blocks freed, %zu of them all zero, %zu live; %zu secret(s) found\n",
                  r->suite, tu_secret_alloc_freed(), tu_secret_alloc_freed_zero(), live, hits);
    if (hits != 0) {
        print_message("%s", report);
    }
    assert_int_equal(live, 0);
    assert_int_equal(hits, 0);
    tu_secret_reset();
}

static void test_secrets_ecdhe_rsa_handshake_wiped(void **state)
{
    static const run r = {"ECDHE-RSA-AES128-GCM-SHA256", "server", "client", NULL, NULL, 1};
    (void)state;
    check_run(&r);
}

static void test_secrets_ecdhe_ecdsa_handshake_wiped(void **state)
{
    static const run r = {"ECDHE-ECDSA-CHACHA20-POLY1305", "server-ec", "client-ec", NULL, NULL, 1};
    (void)state;
    check_run(&r);
}

static void test_secrets_cbc_handshake_wiped(void **state)
{
    static const run r = {"ECDHE-RSA-AES128-SHA256", "server", "client", NULL, NULL, 1};
    (void)state;
    if (!hp_have_cbc()) {
        skip(); /* MUTLS_CBC=OFF */
    }
    check_run(&r);
}

static void test_secrets_static_rsa_handshake_wiped(void **state)
{
    static const run r = {"AES256-GCM-SHA384", "server", "client", NULL, NULL, 1};
    (void)state;
    if (!hp_have_static_rsa()) {
        skip();
    }
    check_run(&r);
}

static void test_secrets_encrypted_key_password_wiped(void **state)
{
    static const run r = {"ECDHE-RSA-AES256-GCM-SHA384", "server",     "client",
                          "client-encrypted.key",        "mutls-demo", 1};
    (void)state;
    check_run(&r);
}

static void test_secrets_refused_client_error_path_wiped(void **state)
{
    /* A client from an unknown CA: the server fails the handshake after the key exchange. */
    static const run r = {"ECDHE-RSA-AES128-GCM-SHA256", "server", "client-other", NULL, NULL, 0};
    (void)state;
    check_run(&r);
}

/* The detector itself: a block freed with plain mutls_mem_free while it holds a needle is found,
 * the same block freed with mutls_free_secret is not. */
static void test_secrets_scanner_unwiped_block_found(void **state)
{
    static const uint8_t secret[24] = "not-a-real-secret-bytes";
    char report[512];
    uint8_t *a, *b;

    (void)state;
    tu_secret_reset();
    tu_secret_add_needle("the test secret", secret, sizeof(secret));
    tu_secret_alloc_install();
    a = mutls_alloc(100);
    b = mutls_alloc(100);
    assert_non_null(a);
    assert_non_null(b);
    memcpy(a + 10, secret, sizeof(secret));
    memcpy(b + 10, secret, sizeof(secret));
    mutls_mem_free(a, 100);
    mutls_free_secret(b, 100);
    assert_int_equal(tu_secret_alloc_uninstall(), 0);
    assert_int_equal(tu_secret_scan(report, sizeof(report)), 1);
    assert_non_null(strstr(report, "100-byte block #0 still held the test secret at offset 10"));
    assert_int_equal(tu_secret_alloc_freed(), 2);
    assert_int_equal(tu_secret_alloc_freed_zero(), 1);
    tu_secret_reset();
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_secrets_scanner_unwiped_block_found),
        cmocka_unit_test(test_secrets_ecdhe_rsa_handshake_wiped),
        cmocka_unit_test(test_secrets_ecdhe_ecdsa_handshake_wiped),
        cmocka_unit_test(test_secrets_cbc_handshake_wiped),
        cmocka_unit_test(test_secrets_static_rsa_handshake_wiped),
        cmocka_unit_test(test_secrets_encrypted_key_password_wiped),
        cmocka_unit_test(test_secrets_refused_client_error_path_wiped),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
