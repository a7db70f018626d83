/* SPDX-License-Identifier: MIT */
/*
 * hs_pair.h - an in-process client and server over a non-blocking socketpair, for the
 * handshake and connection tests and the handshake benchmark: configurations built from
 * the demo PKI (vectors/pki), a pump that drives both sides until each finished or failed,
 * and helpers for a data exchange and a clean close.
 */
#ifndef MUTLS_TEST_HS_PAIR_H
#define MUTLS_TEST_HS_PAIR_H

#include <stddef.h>
#include <stdint.h>

#include "mutls.h"

/* Build a configuration: role, identity files under vectors/pki ("server" loads
 * server.pem + server.key; NULL for none), trust file (NULL for none). Fails the test on
 * error. */
mutls_config *hp_config(mutls_role role, const char *identity, const char *trust);

/* A server with both demo identities (RSA "server", then "server-ec"), trusting cas.pem,
 * asking for client certificates as @p mode says. */
mutls_config *hp_server_config(mutls_client_auth mode);

typedef struct hp_pair {
    mutls_conn *client;
    mutls_conn *server;
    int fd[2]; /* [0] client's end, [1] server's end */
    int rc_client;
    int rc_server;
} hp_pair;

/* Create both connections over a fresh socketpair (client hostname "localhost"). */
void hp_open(hp_pair *p, const mutls_config *client, const mutls_config *server);

/* Run both handshakes until neither side can progress; fills rc_client / rc_server. */
void hp_handshake(hp_pair *p);

/* Send a message each way and check it arrived; then close both sides cleanly
 * (close_notify each way, read returns 0). Uses cmocka assertions. */
void hp_exchange_and_close(hp_pair *p);

void hp_close(hp_pair *p);

/* Whether static-RSA key exchange is compiled in (the MUTLS_STATIC_RSA build option). */
int hp_have_static_rsa(void);

/* Whether the CBC suites are built in (the MUTLS_CBC build option; without them their names
 * are unknown to mutls_config_set_suites). */
int hp_have_cbc(void);

#endif
