/* SPDX-License-Identifier: MIT */
/*
 * test_resume_limits.c - a client offers a saved session only when it could take the
 * session's server chain again under its limits now (mutls_limits.max_chain_bytes may have
 * been lowered since the session was made). Once the server echoes the session, a chain the
 * client cannot restore would end the handshake; not offering it means a full handshake,
 * which here succeeds with the server's smaller EC chain.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hs_pair.h"
#include "testutil.h"

#include <cmocka.h>

/* -DMUTLS_RESUME=OFF leaves resumption out (test_resume_off checks that build). */
#if defined(MUTLS_NO_RESUME)
TU_BUILT_OUT_PROGRAM()
#else

static void test_resume_session_over_lowered_chain_limit_not_offered(void **state)
{
    mutls_config *server = hp_server_config(MUTLS_CLIENT_AUTH_REQUIRED);
    mutls_config *first = hp_config(MUTLS_ROLE_CLIENT, "client", "cas.pem");
    mutls_config *later = hp_config(MUTLS_ROLE_CLIENT, "client", "cas.pem");
    mutls_session *s = NULL;
    mutls_limits lim;
    hp_pair p;

    (void)state;
    assert_int_equal(mutls_config_set_session_cache(server, 4, 0), 0);
    /* The session is made with the server's RSA certificate (893 bytes of DER). */
    assert_int_equal(mutls_config_set_suites(first, "ECDHE-RSA-AES128-GCM-SHA256"), 0);
    hp_open(&p, first, server);
    hp_handshake(&p);
    assert_int_equal(p.rc_client, 0);
    assert_int_equal(p.rc_server, 0);
    assert_int_equal(mutls_get_session(p.client, &s), 0);
    hp_close(&p);

    /* Later the client takes at most 700 bytes of chain: the session's does not fit, the
     * server's EC certificate (500 bytes) does. The same trust, so only the limit differs. */
    mutls_limits_default(&lim);
    lim.max_chain_bytes = 700;
    assert_int_equal(mutls_config_set_limits(later, &lim), 0);
    assert_int_equal(
        mutls_config_set_suites(later, "ECDHE-RSA-AES128-GCM-SHA256:ECDHE-ECDSA-AES128-GCM-SHA256"),
        0);
    hp_open(&p, later, server);
    assert_int_equal(mutls_set_session(p.client, s), 0);
    hp_handshake(&p);
    if (p.rc_client != 0) {
        fail_msg("client: %s", mutls_error_detail(p.client));
    }
    assert_int_equal(p.rc_server, 0);
    assert_int_equal(mutls_session_reused(p.client), 0);
    assert_int_equal(mutls_session_reused(p.server), 0);
    assert_string_equal(mutls_get_suite(p.client), "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256");
    hp_close(&p);

    mutls_session_free(s);
    mutls_config_free(later);
    mutls_config_free(first);
    mutls_config_free(server);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_resume_session_over_lowered_chain_limit_not_offered),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

#endif /* MUTLS_NO_RESUME */
