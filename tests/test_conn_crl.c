/* SPDX-License-Identifier: MIT */
/*
 * test_conn_crl.c - revocation in the handshake (RFC 5280 §6.3 through hs_auth.c): a client
 * and a server in one process over a socketpair, with the PKI and CRLs of vectors/x509/crl at
 * a fixed time (mutls_config_set_time), so this runs without real peers and under the
 * sanitizers. A revoked peer certificate ends the handshake with certificate_revoked(44) and
 * a sentence naming the side, the certificate, the date and the reason; the other side
 * reports the alert after its Certificate; a chain that lacks a CRL is refused under the
 * default mode and accepted in leaf mode; and the config functions check their arguments and
 * refuse changes once a connection uses the configuration.
 */
#include "testutil.h"

#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hs_pair.h"
#include "mutls.h"

/* -DMUTLS_CRL=OFF refuses every CRL (test_certs checks that): nothing here applies. */
#if defined(MUTLS_NO_CRL)
TU_BUILT_OUT_PROGRAM()
#else

#define CRL_TIME 1800000000 /* 2027-01-15, inside every good CRL's window */

static int64_t fixed_time(void *ctx)
{
    (void)ctx;
    return CRL_TIME;
}

static const char *crl_path(const char *name)
{
    static char buf[1024];
    char rel[256];

    snprintf(rel, sizeof(rel), "x509/crl/%s", name);
    snprintf(buf, sizeof(buf), "%s", tu_vector_path(rel));
    return buf;
}

/*
 * A configuration at CRL_TIME trusting root.pem, with the CRL files of @p crls (a
 * NULL-terminated list, may be empty) and the identity <identity>.pem + inter.pem with its
 * key.
 */
static mutls_config *crl_config(mutls_role role, const char *identity, const char *const *crls)
{
    mutls_config *cfg = NULL;
    char name[64];
    size_t leaf_len, inter_len, key_len;
    uint8_t *leaf, *inter, *key, *chain;

    snprintf(name, sizeof(name), "x509/crl/%s.pem", identity);
    leaf = tu_read_vector(name, &leaf_len);
    snprintf(name, sizeof(name), "x509/crl/%s.key", identity);
    key = tu_read_vector(name, &key_len);
    inter = tu_read_vector("x509/crl/inter.pem", &inter_len);
    chain = malloc(leaf_len + inter_len);
    assert_non_null(chain);
    memcpy(chain, leaf, leaf_len);
    memcpy(chain + leaf_len, inter, inter_len);

    assert_int_equal(mutls_config_new(&cfg, role), 0);
    mutls_config_set_time(cfg, fixed_time, NULL);
    assert_int_equal(
        mutls_config_add_identity(cfg, chain, leaf_len + inter_len, key, key_len, NULL), 0);
    assert_int_equal(mutls_config_add_trust_file(cfg, crl_path("root.pem")), 0);
    for (size_t i = 0; crls[i] != NULL; i++) {
        assert_int_equal(mutls_config_add_crl_file(cfg, crl_path(crls[i])), 0);
    }
    free(leaf);
    free(inter);
    free(key);
    free(chain);
    return cfg;
}

static const char *const both_crls[] = {"inter.crl.pem", "root.crl.pem", NULL};
static const char *const inter_crl[] = {"inter.crl.pem", NULL};
static const char *const no_crls[] = {NULL};

/* One handshake between a server and a client built by crl_config. */
typedef struct crl_run {
    mutls_config *server;
    mutls_config *client;
    hp_pair p;
} crl_run;

static void run_start(crl_run *r, const char *server, const char *const *server_crls,
                      int server_mode, const char *client, const char *const *client_crls)
{
    r->server = crl_config(MUTLS_ROLE_SERVER, server, server_crls);
    r->client = crl_config(MUTLS_ROLE_CLIENT, client, client_crls);
    assert_int_equal(mutls_config_set_crl_check(r->server, server_mode), 0);
    hp_open(&r->p, r->client, r->server);
    hp_handshake(&r->p);
}

static void run_end(crl_run *r)
{
    hp_close(&r->p);
    mutls_config_free(r->client);
    mutls_config_free(r->server);
}

/* The side that verified failed with @p code and sent @p alert; the other received it. */
static void expect_refusal(mutls_conn *refuser, int rc_refuser, mutls_conn *refused, int rc_refused,
                           int code, int alert)
{
    if (rc_refuser != code) {
        fail_msg("%s (%s), want %s", mutls_strerror(rc_refuser), mutls_error_detail(refuser),
                 mutls_strerror(code));
    }
    assert_int_equal(mutls_alert_sent(refuser), alert);
    assert_int_equal(rc_refused, MUTLS_ERR_ALERT_RECEIVED);
    assert_int_equal(mutls_alert_received(refused), alert);
}

/* A revoked certificate on either side: who presents it, who refuses, and what each says. */
static const struct revoked_case {
    const char *server;
    const char *const *server_crls;
    const char *client;
    const char *const *client_crls;
    int server_refuses;
    const char *refuser_says;
    const char *refused_says;
} revoked_cases[] = {
    {"server", both_crls, "client_revoked", no_crls, 1,
     "client certificate at depth 0 (CN=client revoked,O=mutls test) was revoked by its issuer "
     "on 2026-03-01 00:00:00 UTC (reason: keyCompromise): sent alert certificate_revoked(44)",
     "server rejected our client certificate: alert certificate_revoked(44) after our "
     "Certificate"},
    {"server_revoked", no_crls, "client", both_crls, 0,
     "server certificate at depth 0 (CN=localhost revoked,O=mutls test) was revoked by its "
     "issuer on 2026-03-01 00:00:00 UTC (reason: superseded): sent alert "
     "certificate_revoked(44)",
     NULL},
};

static void test_conn_crl_revoked_peer_refused_with_certificate_revoked(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof(revoked_cases) / sizeof(revoked_cases[0]); i++) {
        const struct revoked_case *c = &revoked_cases[i];
        crl_run r;
        mutls_conn *refuser, *refused;

        run_start(&r, c->server, c->server_crls, MUTLS_CRL_CHECK_ALL, c->client, c->client_crls);
        refuser = c->server_refuses ? r.p.server : r.p.client;
        refused = c->server_refuses ? r.p.client : r.p.server;
        expect_refusal(refuser, c->server_refuses ? r.p.rc_server : r.p.rc_client, refused,
                       c->server_refuses ? r.p.rc_client : r.p.rc_server, MUTLS_ERR_X509_REVOKED,
                       44);
        assert_string_equal(mutls_error_detail(refuser), c->refuser_says);
        if (c->refused_says != NULL) {
            assert_string_equal(mutls_error_detail(refused), c->refused_says);
        }
        run_end(&r);
    }
}

static void test_conn_crl_good_peers_both_checked_complete(void **state)
{
    crl_run r;

    (void)state;
    run_start(&r, "server", both_crls, MUTLS_CRL_CHECK_ALL, "client", both_crls);
    assert_int_equal(r.p.rc_client, 0);
    assert_int_equal(r.p.rc_server, 0);
    assert_string_equal(mutls_peer_subject(r.p.server), "CN=client,O=mutls test");
    hp_exchange_and_close(&r.p);
    run_end(&r);
}

static void test_conn_crl_missing_issuer_crl_depends_on_mode(void **state)
{
    crl_run r;

    (void)state;
    /* The default: inter itself needs root's CRL, which is not loaded. */
    run_start(&r, "server", inter_crl, MUTLS_CRL_CHECK_ALL, "client", no_crls);
    expect_refusal(r.p.server, r.p.rc_server, r.p.client, r.p.rc_client, MUTLS_ERR_X509_CRL_MISSING,
                   46);
    assert_non_null(strstr(mutls_error_detail(r.p.server), "client "));
    assert_non_null(strstr(mutls_error_detail(r.p.server), "(CN=mutls CRL Inter,O=mutls test)"));
    assert_non_null(strstr(mutls_error_detail(r.p.server), "certificate_unknown(46)"));
    run_end(&r);
    /* Leaf mode: the client's own certificate is covered by inter's CRL. */
    run_start(&r, "server", inter_crl, MUTLS_CRL_CHECK_LEAF, "client", no_crls);
    assert_int_equal(r.p.rc_server, 0);
    assert_int_equal(r.p.rc_client, 0);
    run_end(&r);
}

static void test_conn_crl_config_arguments_and_state_checked(void **state)
{
    mutls_config *cfg = NULL;
    mutls_conn *conn = NULL;
    size_t len;
    uint8_t *crl = tu_read_vector("x509/crl/inter.crl.der", &len);

    (void)state;
    assert_int_equal(mutls_config_new(&cfg, MUTLS_ROLE_CLIENT), 0);
    assert_int_equal(mutls_config_add_crl(NULL, crl, len), MUTLS_ERR_BAD_ARGUMENT);
    assert_int_equal(mutls_config_add_crl(cfg, NULL, len), MUTLS_ERR_BAD_ARGUMENT);
    assert_int_equal(mutls_config_add_crl_file(NULL, "x"), MUTLS_ERR_BAD_ARGUMENT);
    assert_int_equal(mutls_config_add_crl_file(cfg, NULL), MUTLS_ERR_BAD_ARGUMENT);
    assert_int_equal(mutls_config_add_crl_file(cfg, crl_path("nonexistent.crl.pem")),
                     MUTLS_ERR_FILE);
    assert_int_equal(mutls_config_add_crl_file(cfg, crl_path("inter_sha1.crl.pem")),
                     MUTLS_ERR_X509_CRL_UNSUPPORTED);
    assert_int_equal(mutls_config_add_crl_file(cfg, crl_path("root.pem")), MUTLS_ERR_PEM_NOT_FOUND);
    assert_int_equal(mutls_config_set_crl_check(NULL, MUTLS_CRL_CHECK_ALL), MUTLS_ERR_BAD_ARGUMENT);
    assert_int_equal(mutls_config_set_crl_check(cfg, 7), MUTLS_ERR_BAD_ARGUMENT);
    assert_int_equal(mutls_config_set_crl_check(cfg, MUTLS_CRL_CHECK_LEAF), 0);
    assert_int_equal(mutls_config_add_crl(cfg, crl, len), 0);
    assert_int_equal(mutls_config_add_trust_file(cfg, crl_path("root.pem")), 0);
    /* In use: the configuration no longer changes. */
    assert_int_equal(mutls_conn_new(&conn, cfg), 0);
    assert_int_equal(mutls_config_add_crl(cfg, crl, len), MUTLS_ERR_STATE);
    assert_int_equal(mutls_config_add_crl_file(cfg, crl_path("root.crl.pem")), MUTLS_ERR_STATE);
    assert_int_equal(mutls_config_set_crl_check(cfg, MUTLS_CRL_CHECK_ALL), MUTLS_ERR_STATE);
    mutls_free(conn);
    assert_int_equal(mutls_config_add_crl_file(cfg, crl_path("root.crl.pem")), 0);
    free(crl);
    mutls_config_free(cfg);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_conn_crl_revoked_peer_refused_with_certificate_revoked),
        cmocka_unit_test(test_conn_crl_good_peers_both_checked_complete),
        cmocka_unit_test(test_conn_crl_missing_issuer_crl_depends_on_mode),
        cmocka_unit_test(test_conn_crl_config_arguments_and_state_checked),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
#endif
