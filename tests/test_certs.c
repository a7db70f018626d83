/* SPDX-License-Identifier: MIT */
/*
 * test_certs.c - certificate sets (certs.c) and what parsing costs: parsing a certificate,
 * rendering its subject and matching a host name allocate nothing (x509.c works in place), and
 * a failed addition leaves a set as it was while many additions grow it.
 */
#include "testutil.h"

#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "certs.h"
#include "mem.h"
#include "x509.h"

/* vectors/<rel> into a fresh set (fails the test on error). */
static mutls_certs *load_set(const char *rel)
{
    mutls_certs *set = NULL;

    assert_int_equal(mutls_certs_new(&set), 0);
    assert_int_equal(mutls_certs_add_file(set, tu_vector_path(rel)), 0);
    return set;
}

typedef struct counting {
    size_t allocs;
} counting;

static void *count_alloc(void *ctx, size_t size)
{
    ((counting *)ctx)->allocs++;
    return malloc(size);
}

static void count_free(void *ctx, void *p, size_t size)
{
    (void)ctx;
    (void)size;
    free(p);
}

static void test_x509_parse_allocates_nothing(void **state)
{
    mutls_certs *set = load_set("x509/rsa/leaf_multi.pem");
    counting cnt = {0};
    mutls_allocator a = {count_alloc, count_free, &cnt};
    mutls_x509 x;
    char buf[128];

    (void)state;
    assert_int_equal(mutls_set_allocator(&a), 0);
    assert_int_equal(mutls_x509_parse(&x, set->x[0].der.p, set->x[0].der.len), 0);
    assert_true(mutls_x509_name_string(x.subject, buf, sizeof(buf)) > 0);
    assert_int_equal(mutls_x509_check_host(&x, "api.example.com", 0), 0);
    assert_int_equal(mutls_set_allocator(NULL), 0);
    assert_int_equal(cnt.allocs, 0);
    mutls_certs_free(set);
}

static void test_x509_certs_add_errors_leave_set_unchanged(void **state)
{
    static const char no_cert[] = "-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n";
    static const uint8_t junk[] = {0x30, 0x03, 0x02, 0x01, 0x01};
    mutls_certs *set = load_set("x509/deep/chain.pem");
    size_t n = set->n;
    size_t len;
    uint8_t *pem = tu_read_vector("x509/rsa/leaf.pem", &len);
    char buf[64];

    (void)state;
    assert_int_equal(n, 2);
    assert_int_equal(mutls_certs_add(set, (const uint8_t *)no_cert, sizeof(no_cert) - 1),
                     MUTLS_ERR_PEM_NOT_FOUND);
    assert_int_equal(mutls_certs_add(set, junk, sizeof(junk)), MUTLS_ERR_X509_MALFORMED);
    assert_int_equal(mutls_certs_add_file(set, "/nonexistent/x.pem"), MUTLS_ERR_FILE);
    assert_int_equal(mutls_certs_count(set), n);
    /* Enough additions to grow the arrays several times; the parsed slices stay valid. */
    for (len = 0; len < 40; len++) {
        size_t l;
        uint8_t *p = tu_read_vector("x509/rsa/leaf.pem", &l);
        assert_int_equal(mutls_certs_add(set, p, l), 0);
        free(p);
    }
    assert_int_equal(mutls_certs_count(set), n + 40);
    assert_int_equal(mutls_certs_subject(set, n + 39, buf, sizeof(buf)),
                     (int)strlen("CN=www.example.com,O=mutls test"));
    assert_string_equal(buf, "CN=www.example.com,O=mutls test");
    assert_int_equal(mutls_certs_subject(set, n + 40, buf, sizeof(buf)), MUTLS_ERR_BAD_ARGUMENT);
    free(pem);
    mutls_certs_free(set);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_x509_parse_allocates_nothing),
        cmocka_unit_test(test_x509_certs_add_errors_leave_set_unchanged),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
