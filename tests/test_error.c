/* SPDX-License-Identifier: MIT */
/* test_error.c - every code in mutls.h has a row in the error table (s2n's alerts test). */
#include "testutil.h"

#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "error.h"
#include "mutls.h"

/* The header is the list of codes: parse it so that a new code without a row fails here. */
static void test_error_every_header_code_has_row(void **state)
{
    char path[4096];
    size_t len;
    char *text;
    char *p;
    int seen = 0;

    (void)state;
    snprintf(path, sizeof(path), "%s/../include/mutls.h", MUTLS_VECTORS_DIR);
    text = (char *)tu_read_file(path, &len);
    assert_non_null(text);
    for (p = text; (p = strstr(p, "MUTLS_")) != NULL; p++) {
        char name[96];
        int value;
        if (sscanf(p, "%95[A-Z_0-9] = %d,", name, &value) == 2 ||
            sscanf(p, "%95[A-Z_0-9] = %d\n", name, &value) == 2) {
            if (strncmp(name, "MUTLS_ERR_", 10) == 0 || strncmp(name, "MUTLS_WANT_", 11) == 0) {
                if (!mutls_err_known(value)) {
                    fail_msg("%s (%d) has no row in src/error.c", name, value);
                }
                seen++;
            }
        }
    }
    free(text);
    assert_true(seen > 50);
}

static void test_error_names_unique_and_texts_present(void **state)
{
    int a;
    int b;

    (void)state;
    for (a = 0; a >= mutls_err_min(); a--) {
        if (!mutls_err_known(a)) {
            continue;
        }
        assert_true(strlen(mutls_error_text(a)) > 3);
        for (b = a - 1; b >= mutls_err_min(); b--) {
            if (mutls_err_known(b) && strcmp(mutls_strerror(a), mutls_strerror(b)) == 0) {
                fail_msg("codes %d and %d share the name %s", a, b, mutls_strerror(a));
            }
        }
    }
}

static void test_error_alerts_map(void **state)
{
    (void)state;
    assert_int_equal(mutls_err_alert(MUTLS_ERR_BAD_RECORD_MAC), 20);
    assert_int_equal(mutls_err_alert(MUTLS_ERR_X509_UNKNOWN_ISSUER), 48);
    assert_int_equal(mutls_err_alert(MUTLS_ERR_X509_EXPIRED), 45);
    assert_int_equal(mutls_err_alert(MUTLS_WANT_READ), MUTLS_NO_ALERT);
    assert_string_equal(mutls_alert_name(48), "unknown_ca");
    assert_string_equal(mutls_alert_name(0), "close_notify");
    assert_string_equal(mutls_alert_name(255), "unknown_alert");
    assert_string_equal(mutls_strerror(1), "unknown_error");
    assert_string_equal(mutls_strerror(-99999), "unknown_error");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_error_every_header_code_has_row),
        cmocka_unit_test(test_error_names_unique_and_texts_present),
        cmocka_unit_test(test_error_alerts_map),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
