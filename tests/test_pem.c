/* SPDX-License-Identifier: MIT */
/*
 * test_pem.c - PEM armour: block finding (text around and between blocks, several blocks,
 * CRLF), label matching, strict base64 (alphabet, padding, data after padding, canonical
 * bits), legacy encrypted headers, and truncation of a PEM file at every byte.
 */
#include "testutil.h"

#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "mem.h"
#include "pem.h"

/* The P-256 namedCurve OID element, "BggqhkjOPQMBBw==" in base64. */
static const uint8_t p256_oid[] = {0x06, 0x08, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x03, 0x01, 0x07};

/* Decode the first block of @p text; returns the code and (on success) the label/bytes. */
static int first_block(const char *text, uint8_t **der, size_t *der_len, mutls_slice *label)
{
    size_t pos = 0;

    return mutls_pem_next((const uint8_t *)text, strlen(text), &pos, label, der, der_len);
}

typedef struct pem_case {
    const char *name;
    const char *text;
    int rc;
} pem_case;

#define B "-----BEGIN EC PARAMETERS-----\n"
#define E "-----END EC PARAMETERS-----\n"

/* clang-format off */
static const pem_case cases[] = {
    {"plain",                 B "BggqhkjOPQMBBw==\n" E, 1},
    {"no final newline",      B "BggqhkjOPQMBBw==\n-----END EC PARAMETERS-----", 1},
    {"crlf",                  "-----BEGIN EC PARAMETERS-----\r\nBggqhkjOPQMBBw==\r\n"
                              "-----END EC PARAMETERS-----\r\n", 1},
    {"text around",           "Subject: x\nissuer=y\n\n" B "BggqhkjOPQMBBw==\n" E "trailer\n", 1},
    {"split lines, blanks",   B "Bggq\nhkjO \n\tPQMB\n\nBw==\n" E, 1},
    {"label mismatch",        B "BggqhkjOPQMBBw==\n-----END EC PRIVATE KEY-----\n", MUTLS_ERR_PEM_MALFORMED},
    {"begin without end",     B "BggqhkjOPQMBBw==\n", MUTLS_ERR_PEM_MALFORMED},
    {"second begin inside",   B "BggqhkjOPQMBBw==\n" B "BggqhkjOPQMBBw==\n" E, MUTLS_ERR_PEM_MALFORMED},
    {"bad character",         B "BggqhkjOPQMB*w==\n" E, MUTLS_ERR_PEM_MALFORMED},
    {"url-safe alphabet",     B "BggqhkjOPQMB_w==\n" E, MUTLS_ERR_PEM_MALFORMED},
    {"missing padding",       B "BggqhkjOPQMBBw\n" E, MUTLS_ERR_PEM_MALFORMED},
    {"one pad of two",        B "BggqhkjOPQMBBw=\n" E, MUTLS_ERR_PEM_MALFORMED},
    {"data after padding",    B "BggqhkjOPQMBBw==\nAAAA\n" E, MUTLS_ERR_PEM_MALFORMED},
    {"char after pad",        B "BggqhkjOPQMBB=w=\n" E, MUTLS_ERR_PEM_MALFORMED},
    {"pad in first places",   B "BggqhkjOPQMB=AAA\n" E, MUTLS_ERR_PEM_MALFORMED},
    {"three pads",            B "BggqhkjOPQMB B===\n" E, MUTLS_ERR_PEM_MALFORMED},
    {"non-canonical bits",    B "BggqhkjOPQMBBx==\n" E, MUTLS_ERR_PEM_MALFORMED},
    {"non-canonical one pad", B "BggqhkjOPQMBBwF=\n" E, MUTLS_ERR_PEM_MALFORMED},
    {"empty body",            B E, MUTLS_ERR_PEM_MALFORMED},
    {"whitespace body",       B "  \n\t\n" E, MUTLS_ERR_PEM_MALFORMED},
    {"legacy proc-type",      "-----BEGIN RSA PRIVATE KEY-----\nProc-Type: 4,ENCRYPTED\n"
                              "DEK-Info: AES-128-CBC,00112233445566778899AABBCCDDEEFF\n\n"
                              "BggqhkjOPQMBBw==\n-----END RSA PRIVATE KEY-----\n",
                              MUTLS_ERR_KEY_UNSUPPORTED},
    {"other header",          B "Comment: hello\nBggqhkjOPQMBBw==\n" E, MUTLS_ERR_PEM_MALFORMED},
    {"no block",              "just text\n-----BEGIN-----\n", 0},
    {"empty label",           "-----BEGIN -----\nBggqhkjOPQMBBw==\n-----END -----\n", 0},
    {"empty input",           "", 0},
};
/* clang-format on */

static void test_pem_table_cases_expected(void **state)
{
    size_t i;

    (void)state;
    for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        uint8_t *der = NULL;
        size_t der_len = 0;
        mutls_slice label = {NULL, 0};
        int rc = first_block(cases[i].text, &der, &der_len, &label);

        if (rc != cases[i].rc) {
            fail_msg("%s: rc %d, expected %d", cases[i].name, rc, cases[i].rc);
        }
        if (rc == 1) {
            assert_int_equal(der_len, sizeof(p256_oid));
            assert_memory_equal(der, p256_oid, sizeof(p256_oid));
            assert_int_equal(label.len, strlen("EC PARAMETERS"));
            assert_memory_equal(label.p, "EC PARAMETERS", label.len);
        } else {
            assert_null(der);
        }
        mutls_free_secret(der, der_len);
    }
}

/* A refused block says what is wrong with it (mutls_pem_next_why: the sentence the
 * certificate and key loaders give). */
static void test_pem_refusals_name_the_reason(void **state)
{
    static const struct {
        const char *text;
        const char *why;
    } bad[] = {
        {B "BggqhkjOPQMBBw==\n-----END EC PRIVATE KEY-----\n", "names another label"},
        {B "BggqhkjOPQMBBw==\n", "has no END line"},
        {B "BggqhkjOPQMBBw==\n" B "BggqhkjOPQMBBw==\n" E, "a BEGIN line follows"},
        {B "BggqhkjOPQMB*w==\n" E, "outside the base64 alphabet"},
        {B "BggqhkjOPQMBBw\n" E, "ends inside a group of four"},
        {B "BggqhkjOPQMBBw==\nAAAA\n" E, "goes on after the final"},
        {B "BggqhkjOPQMB=AAA\n" E, "padding is misplaced"},
        {B "BggqhkjOPQMBBx==\n" E, "not canonical"},
        {B E, "is empty"},
        {B "Comment: hello\nBggqhkjOPQMBBw==\n" E, "header line"},
    };
    size_t i;

    (void)state;
    for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        uint8_t *der = NULL;
        size_t der_len = 0, pos = 0;
        mutls_slice label = {NULL, 0};
        const char *why = NULL;
        int rc = mutls_pem_next_why((const uint8_t *)bad[i].text, strlen(bad[i].text), &pos,
                                    &label, &der, &der_len, &why);

        if (rc != MUTLS_ERR_PEM_MALFORMED || why == NULL || strstr(why, bad[i].why) == NULL) {
            fail_msg("case %zu: rc %d, why %s", i, rc, why != NULL ? why : "(none)");
        }
        assert_null(der);
    }
}

static void test_pem_several_blocks_in_order(void **state)
{
    static const char text[] = "bag attributes\n"
                               "-----BEGIN A-----\nAQ==\n-----END A-----\n"
                               "between\n"
                               "-----BEGIN B C-----\nAgM=\n-----END B C-----\n"
                               "-----BEGIN D-----\nBAUG\n-----END D-----\n"
                               "after\n";
    static const char *labels[] = {"A", "B C", "D"};
    static const uint8_t first[] = {1};
    static const uint8_t second[] = {2, 3};
    static const uint8_t third[] = {4, 5, 6};
    const uint8_t *want[] = {first, second, third};
    size_t want_len[] = {1, 2, 3};
    size_t pos = 0;
    int i;

    (void)state;
    for (i = 0; i < 3; i++) {
        uint8_t *der = NULL;
        size_t der_len = 0;
        mutls_slice label;

        assert_int_equal(
            mutls_pem_next((const uint8_t *)text, strlen(text), &pos, &label, &der, &der_len), 1);
        assert_int_equal(label.len, strlen(labels[i]));
        assert_memory_equal(label.p, labels[i], label.len);
        assert_int_equal(der_len, want_len[i]);
        assert_memory_equal(der, want[i], der_len);
        mutls_free_secret(der, der_len);
    }
    {
        uint8_t *der = NULL;
        size_t der_len = 0;
        mutls_slice label;

        assert_int_equal(
            mutls_pem_next((const uint8_t *)text, strlen(text), &pos, &label, &der, &der_len), 0);
        assert_null(der);
        /* Asking again after the end keeps answering "no more". */
        assert_int_equal(
            mutls_pem_next((const uint8_t *)text, strlen(text), &pos, &label, &der, &der_len), 0);
    }
}

static void test_pem_is_pem_detects_armour(void **state)
{
    static const uint8_t der[] = {0x30, 0x03, 0x02, 0x01, 0x00};
    static const char text[] = "junk -----BEGIN X-----";

    (void)state;
    assert_false(mutls_pem_is_pem(der, sizeof(der)));
    assert_false(mutls_pem_is_pem(NULL, 0));
    assert_false(mutls_pem_is_pem((const uint8_t *)"-----BEGIN", 10));
    assert_true(mutls_pem_is_pem((const uint8_t *)text, strlen(text)));
}

/* A real key file cut at every byte: each prefix decodes, ends cleanly or fails cleanly. */
static void test_pem_truncated_every_byte_no_crash(void **state)
{
    size_t len;
    uint8_t *text = tu_read_vector("keys/ec256.sec1-params.pem", &len);
    size_t cut;
    size_t complete = 0;

    (void)state;
    for (cut = 0; cut <= len; cut++) {
        uint8_t *part = malloc(cut + 1);
        size_t pos = 0;
        int rc;
        int blocks = 0;

        assert_non_null(part);
        memcpy(part, text, cut);
        for (;;) {
            uint8_t *der = NULL;
            size_t der_len = 0;
            mutls_slice label;

            rc = mutls_pem_next(part, cut, &pos, &label, &der, &der_len);
            mutls_free_secret(der, der_len);
            if (rc != 1) {
                break;
            }
            blocks++;
        }
        assert_true(rc == 0 || rc == MUTLS_ERR_PEM_MALFORMED);
        if (cut == len) {
            assert_int_equal(rc, 0);
            assert_int_equal(blocks, 2);
        }
        if (rc == 0 && blocks == 2) {
            complete++;
        }
        free(part);
    }
    /* Only the cuts after the last END label's final dash give both blocks. */
    assert_true(complete >= 1 && complete <= 2);
    free(text);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_pem_table_cases_expected),
        cmocka_unit_test(test_pem_refusals_name_the_reason),
        cmocka_unit_test(test_pem_several_blocks_in_order),
        cmocka_unit_test(test_pem_is_pem_detects_armour),
        cmocka_unit_test(test_pem_truncated_every_byte_no_crash),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
