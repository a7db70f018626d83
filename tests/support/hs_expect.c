/* SPDX-License-Identifier: MIT */
/* hs_expect.c - checks shared by the scripted negative handshake tests (see hs_expect.h). */
#include "hs_expect.h"

#include <stdio.h>
#include <stdlib.h>

#include "hs_pair.h"
#include "testutil.h"

#include <cmocka.h>

mutls_config *hx_client_cfg(const char *suite)
{
    mutls_config *cfg = hp_config(MUTLS_ROLE_CLIENT, "client", "cas.pem");

    if (suite != NULL) {
        assert_int_equal(mutls_config_set_suites(cfg, suite), 0);
    }
    return cfg;
}

void hx_expect_real_failed(hs_script *s, int code, int code2, int alert)
{
    int got = hss_expect_alert(s);

    if (getenv("MUTLS_TEST_VERBOSE") != NULL) {
        printf("  %s\n", mutls_error_detail(s->real));
    }
    if (s->real_rc != code && s->real_rc != code2) {
        fail_msg("expected %d (%s), got %d: %s", code, mutls_strerror(code), s->real_rc,
                 mutls_error_detail(s->real));
    }
    assert_int_equal(got, alert);
    assert_int_equal(mutls_alert_sent(s->real), alert);
}
