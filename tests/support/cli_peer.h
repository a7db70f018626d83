/* SPDX-License-Identifier: MIT */
/*
 * cli_peer.h - what the interop tests against command-line peers (openssl, gnutls-cli/-serv,
 * curl, Python, tshark) share beyond peer.h: finding out once whether the peer can run here
 * and skipping each test with the reason when it cannot (a failed group setup would count as
 * a failure, not a skip), reading a long-running peer's output since a mark, and our server
 * refusing one run of a client with a bad or missing certificate, where both sides must say
 * why.
 */
#ifndef MUTLS_TEST_CLI_PEER_H
#define MUTLS_TEST_CLI_PEER_H

#include <stddef.h>

#include "peer.h"

/*
 * Fill @p missing (@p cap bytes) with why the peer cannot run, or make it empty when it can:
 * the first of the NULL-terminated @p progs that is not there (a name is looked up on PATH,
 * a path must be executable), with the apt-get @p package that brings them; then, when
 * @p needs_tool, the mutls tool not being built. For a group setup: it always returns 0.
 */
int tu_peer_requirements(char *missing, size_t cap, const char *const progs[], const char *package,
                         int needs_tool);

/* At the top of each test: print @p missing and cmocka skip() when it is not empty. */
void tu_need_peer(const char *missing);

/*
 * A long-running peer's output after byte @p *mark (caller frees), once it contains @p want
 * or after @p timeout_ms: a peer logs a connection's end a little after our side saw it.
 * Moves @p *mark past what it returns.
 */
char *tu_peer_output_since(const tu_peer *p, size_t *mark, const char *want, int timeout_ms);

/* One run of a command-line client against 127.0.0.1:@p port presenting vectors/pki/<identity>
 * (.pem/.key; NULL: no certificate); returns its output (caller frees), *status its exit. */
typedef char *(*tu_client_run_fn)(int port, const char *identity, int *status);

/*
 * Our server (RSA identity, client certificates required) against one run of @p run with
 * @p identity: fail unless the server ended with @p want_code, its detail says
 * @p want_detail, and the client's output says @p want_peer (@p peer names the client in
 * the failure). Returns the client's output (caller frees) and *status its exit status.
 */
char *tu_server_refuses(tu_client_run_fn run, const char *peer, const char *identity, int want_code,
                        const char *want_detail, const char *want_peer, int *status);

#endif
