/* SPDX-License-Identifier: MIT */
/*
 * interop.h - configuration helpers shared by the interop tests against GnuTLS, curl, Python and
 * tshark: demo PKI paths that stay valid together (argv lists), client and server configurations
 * with the RSA or EC demo identities, and a client identity selector that always presents the
 * first identity (to show a peer a certificate from a CA it did not name).
 */
#ifndef MUTLS_TEST_INTEROP_H
#define MUTLS_TEST_INTEROP_H

#include "mutls.h"

/* vectors/pki/<name> in one of 32 rotating buffers: many stay valid at once. */
const char *tu_pki(const char *name);

/*
 * A client configuration trusting ca.pem (or ca-ec.pem when @p ec) with the identity
 * vectors/pki/<identity>.pem + .key (NULL: none), limited to @p suites (NULL: defaults).
 * NULL on any failure.
 */
mutls_config *tu_client_config(int ec, const char *identity, const char *suites);
/* The same, trusting vectors/pki/<trust>. */
mutls_config *tu_client_config_trusting(const char *trust, const char *identity,
                                        const char *suites);

/* Whether this build has a suite or part (-DMUTLS_CBC=OFF and the like): built.h. */

/* A server configuration: server(-ec).pem/key, trusting ca(-ec).pem, client auth @p auth. */
mutls_config *tu_server_config(int ec, mutls_client_auth auth, const char *suites);

/* Make the client present its first identity whatever CA names the server asked for. */
void tu_client_always_present(mutls_config *cfg);

/* Length of a file (0 when it does not exist): the start of a long-running peer's new output. */
size_t tu_file_size(const char *path);

#endif
