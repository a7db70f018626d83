/* SPDX-License-Identifier: MIT */
/*
 * test_x509_names.c - names in certificates (x509_name.c, x509_match.c): RFC 4514 strings
 * with their escaping and truncation, name comparison as RFC 5280 §7.1 folds case and space,
 * and the forms of IP literals. Split from test_x509.c.
 */
#include "testutil.h"

#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "der.h"
#include "x509.h"

/* ------------------------------------------------------------ names */

static void test_x509_name_string_rfc4514_escaping(void **state)
{
    static const struct {
        const char *der;
        const char *want;
    } cases[] = {
        /* O=Example, CN=client  -> last RDN first */
        {"30233110300e060355040a0c074578616d706c65310f300d06035504030c06636c69656e74",
         "CN=client,O=Example"},
        /* multi-valued RDN: CN=a + OU=b */
        {"30163114300806035504030c01613008060355040b0c0162", "CN=a+OU=b"},
        /* special characters: CN=" a,b+c " (leading and trailing space, comma, plus) */
        {"30123110300e06035504030c0720612c622b6320", "CN=\\ a\\,b\\+c\\ "},
        /* BMPString "h\u00e9!" -> UTF-8 */
        {"3011310f300d06035504031e06006800e90021", "CN=h\xc3\xa9!"},
        /* unknown attribute OID 1.2.3.4 printed as #hex */
        {"300e310c300a06032a03040c03616263", "1.2.3.4=#0C03616263"},
        /* DC and a leading '#' */
        {"301831163014060a0992268993f22c6401190c06236c6f63616c", "DC=\\#local"},
        /* empty name */
        {"3000", ""},
    };
    size_t i;

    (void)state;
    for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        size_t n;
        uint8_t *der = tu_unhex(cases[i].der, &n);
        mutls_slice s = {der, n};
        char buf[128];
        int rc = mutls_x509_name_string(s, buf, sizeof(buf));
        if (rc != (int)strlen(cases[i].want) || strcmp(buf, cases[i].want) != 0) {
            fail_msg("case %zu: got %d '%s', want '%s'", i, rc, buf, cases[i].want);
        }
        free(der);
    }
}

static void test_x509_name_string_small_buffer_truncated(void **state)
{
    size_t n;
    uint8_t *der =
        tu_unhex("30233110300e060355040a0c074578616d706c65310f300d06035504030c06636c69656e74", &n);
    mutls_slice s = {der, n};
    char buf[8];

    (void)state;
    assert_int_equal(mutls_x509_name_string(s, buf, sizeof(buf)), MUTLS_ERR_BUFFER_TOO_SMALL);
    assert_string_equal(buf, "CN=clie");
    s.len--;
    assert_int_equal(mutls_x509_name_string(s, buf, sizeof(buf)), MUTLS_ERR_X509_MALFORMED);
    free(der);
}

static void test_x509_name_equal_folds_case_and_space(void **state)
{
    /* CN="Example  CA" (UTF8String) vs CN="example ca " (PrintableString) */
    size_t na, nb, nc;
    uint8_t *a = tu_unhex("30163114301206035504030c0b4578616d706c6520204341", &na);
    uint8_t *b = tu_unhex("3017311530130603550403130c206578616d706c6520636120", &nb);
    uint8_t *c = tu_unhex("30143112301006035504030c094578616d706c652043", &nc);
    mutls_slice sa = {a, na};
    mutls_slice sb = {b, nb};
    mutls_slice sc = {c, nc};

    (void)state;
    assert_true(mutls_x509_name_equal(sa, sa));
    assert_true(mutls_x509_name_equal(sa, sb));
    assert_false(mutls_x509_name_equal(sa, sc));
    sb.len--;
    assert_false(mutls_x509_name_equal(sa, sb));
    free(a);
    free(b);
    free(c);
}

static void test_x509_parse_ip_forms(void **state)
{
    static const struct {
        const char *text;
        size_t len;
        const char *hex;
    } good[] = {
        {"192.0.2.1", 4, "c0000201"},
        {"0.0.0.0", 4, "00000000"},
        {"2001:db8::1", 16, "20010db8000000000000000000000001"},
        {"2001:0db8:0:0:0:0:0:1", 16, "20010db8000000000000000000000001"},
        {"::", 16, "00000000000000000000000000000000"},
        {"::1", 16, "00000000000000000000000000000001"},
        {"fe80::", 16, "fe800000000000000000000000000000"},
        {"::ffff:192.0.2.1", 16, "00000000000000000000ffffc0000201"},
        {"1:2:3:4:5:6:7:8", 16, "00010002000300040005000600070008"},
    };
    static const char *bad[] = {"",
                                "1.2.3",
                                "1.2.3.4.5",
                                "256.0.0.1",
                                "01.2.3.4",
                                "1.2.3.4 ",
                                "1::2::3",
                                "1:2:3:4:5:6:7:8:9",
                                ":1::",
                                "1:",
                                "12345::",
                                "g::1",
                                "example.com",
                                "1:2:3:4:5:6:7::8:9"};
    size_t i;

    (void)state;
    for (i = 0; i < sizeof(good) / sizeof(good[0]); i++) {
        uint8_t out[16];
        size_t len = 0;
        size_t n;
        uint8_t *want = tu_unhex(good[i].hex, &n);
        assert_int_equal(mutls_x509_parse_ip(good[i].text, out, &len), 0);
        assert_int_equal(len, good[i].len);
        assert_memory_equal(out, want, len);
        free(want);
    }
    for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        uint8_t out[16];
        size_t len;
        if (mutls_x509_parse_ip(bad[i], out, &len) != MUTLS_ERR_BAD_ARGUMENT) {
            fail_msg("accepted '%s'", bad[i]);
        }
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_x509_name_string_rfc4514_escaping),
        cmocka_unit_test(test_x509_name_string_small_buffer_truncated),
        cmocka_unit_test(test_x509_name_equal_folds_case_and_space),
        cmocka_unit_test(test_x509_parse_ip_forms),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
