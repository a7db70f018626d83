/* SPDX-License-Identifier: MIT */
/*
 * test_conn_policy.c - mutls_config_set_policies (RFC 5280 §6.1.1 policy inputs) in real
 * handshakes over the demo PKI (vectors/pki, whose certificates assert no policy): a server
 * that requires an explicit policy refuses the client's chain with MUTLS_ERR_X509_NO_POLICY
 * and says who required it, a client refuses the server's likewise, a policy set without the
 * explicit requirement changes no verdict, bad inputs change nothing, and a session verified
 * under other policies is not resumed. The policy tree itself: test_x509_policy_tree.c.
 */
#include "testutil.h"

#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include "hs_pair.h"

/* -DMUTLS_X509_POLICY=OFF: the inputs are not built (test_x509_policy_tree.c checks that). */
#if defined(MUTLS_NO_POLICY)
TU_BUILT_OUT_PROGRAM()
#else

static const char *const piv[] = {"2.16.840.1.101.3.2.1.3.13"};

static void test_conn_policy_server_requires_explicit_refuses_client(void **state)
{
    mutls_config *server = hp_server_config(MUTLS_CLIENT_AUTH_REQUIRED);
    mutls_config *client = hp_config(MUTLS_ROLE_CLIENT, "client", "cas.pem");
    hp_pair p;

    (void)state;
    assert_int_equal(mutls_config_set_policies(server, piv, 1, MUTLS_POLICY_EXPLICIT), 0);
    hp_open(&p, client, server);
    hp_handshake(&p);
    assert_int_equal(p.rc_server, MUTLS_ERR_X509_NO_POLICY);
    assert_true(p.rc_client < 0);
    assert_non_null(strstr(mutls_error_detail(p.server), "while an explicit policy is required "
                                                          "by the configuration"));
    hp_close(&p);
    mutls_config_free(server);
    mutls_config_free(client);
}

static void test_conn_policy_client_requires_explicit_refuses_server(void **state)
{
    mutls_config *server = hp_server_config(MUTLS_CLIENT_AUTH_REQUIRED);
    mutls_config *client = hp_config(MUTLS_ROLE_CLIENT, "client", "cas.pem");
    hp_pair p;

    (void)state;
    assert_int_equal(mutls_config_set_policies(client, NULL, 0, MUTLS_POLICY_EXPLICIT), 0);
    hp_open(&p, client, server);
    hp_handshake(&p);
    assert_int_equal(p.rc_client, MUTLS_ERR_X509_NO_POLICY);
    assert_non_null(strstr(mutls_error_detail(p.client), "server certificate at depth"));
    hp_close(&p);
    mutls_config_free(server);
    mutls_config_free(client);
}

/* Without MUTLS_POLICY_EXPLICIT (and no policyConstraints in the path) the policies asked for
 * decide nothing (RFC 5280 §6.1.5(g)): the handshake completes. */
static void test_conn_policy_without_explicit_accepts(void **state)
{
    mutls_config *server = hp_server_config(MUTLS_CLIENT_AUTH_REQUIRED);
    mutls_config *client = hp_config(MUTLS_ROLE_CLIENT, "client", "cas.pem");
    hp_pair p;

    (void)state;
    assert_int_equal(mutls_config_set_policies(server, piv, 1,
                                               MUTLS_POLICY_INHIBIT_MAPPING |
                                                   MUTLS_POLICY_INHIBIT_ANY),
                     0);
    hp_open(&p, client, server);
    hp_handshake(&p);
    assert_int_equal(p.rc_server, 0);
    assert_int_equal(p.rc_client, 0);
    hp_exchange_and_close(&p);
    hp_close(&p);
    mutls_config_free(server);
    mutls_config_free(client);
}

static void test_conn_policy_bad_input_changes_nothing(void **state)
{
    mutls_config *server = hp_server_config(MUTLS_CLIENT_AUTH_REQUIRED);
    mutls_config *client = hp_config(MUTLS_ROLE_CLIENT, "client", "cas.pem");
    const char *const bad[] = {"2.16.840.1.101.3.2.1.3.13", "2.16..840"};
    hp_pair p;

    (void)state;
    assert_int_equal(mutls_config_set_policies(server, bad, 2, MUTLS_POLICY_EXPLICIT),
                     MUTLS_ERR_BAD_ARGUMENT);
    assert_int_equal(mutls_config_set_policies(server, piv, 1, 0x80), MUTLS_ERR_BAD_ARGUMENT);
    assert_int_equal(mutls_config_set_policies(server, NULL, 1, 0), MUTLS_ERR_BAD_ARGUMENT);
    assert_int_equal(mutls_config_set_policies(NULL, piv, 1, 0), MUTLS_ERR_BAD_ARGUMENT);
    /* nothing was set: the handshake is as without policies */
    hp_open(&p, client, server);
    hp_handshake(&p);
    assert_int_equal(p.rc_server, 0);
    assert_int_equal(p.rc_client, 0);
    /* a configuration in use is read-only */
    assert_int_equal(mutls_config_set_policies(server, piv, 1, 0), MUTLS_ERR_STATE);
    hp_close(&p);
    mutls_config_free(server);
    mutls_config_free(client);
}

#if !defined(MUTLS_NO_RESUME)
/* One handshake of @p client (offering @p s when not NULL) with @p server: whether it resumed;
 * the new session in *out when @p out is given. */
static int connect_once(mutls_config *client, mutls_config *server, const mutls_session *s,
                        mutls_session **out)
{
    hp_pair p;
    int reused;

    hp_open(&p, client, server);
    if (s != NULL) {
        assert_int_equal(mutls_set_session(p.client, s), 0);
    }
    hp_handshake(&p);
    assert_int_equal(p.rc_client, 0);
    assert_int_equal(p.rc_server, 0);
    reused = mutls_session_reused(p.client);
    if (out != NULL) {
        assert_int_equal(mutls_get_session(p.client, out), 0);
    }
    hp_exchange_and_close(&p);
    hp_close(&p);
    return reused;
}

/* The policies are part of the trust a session was verified under (config.c trust_id). */
static void test_conn_policy_session_not_resumed_under_other_policies(void **state)
{
    mutls_config *server = hp_server_config(MUTLS_CLIENT_AUTH_REQUIRED);
    mutls_config *client = hp_config(MUTLS_ROLE_CLIENT, "client", "cas.pem");
    mutls_config *other = hp_config(MUTLS_ROLE_CLIENT, "client", "cas.pem");
    mutls_session *s = NULL;

    (void)state;
    assert_int_equal(mutls_config_set_session_cache(server, 8, 0), 0);
    assert_int_equal(mutls_config_set_policies(other, piv, 1, 0), 0);
    assert_int_equal(connect_once(client, server, NULL, &s), 0);
    assert_int_equal(connect_once(client, server, s, NULL), 1);
    assert_int_equal(connect_once(other, server, s, NULL), 0);
    mutls_session_free(s);
    mutls_config_free(server);
    mutls_config_free(client);
    mutls_config_free(other);
}
#endif

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_conn_policy_server_requires_explicit_refuses_client),
        cmocka_unit_test(test_conn_policy_client_requires_explicit_refuses_server),
        cmocka_unit_test(test_conn_policy_without_explicit_accepts),
        cmocka_unit_test(test_conn_policy_bad_input_changes_nothing),
#if !defined(MUTLS_NO_RESUME)
        cmocka_unit_test(test_conn_policy_session_not_resumed_under_other_policies),
#endif
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

#endif /* MUTLS_NO_POLICY */
