/* SPDX-License-Identifier: MIT */
/*
 * nss.h - the NSS peers of interop_nss.c (Debian's libnss3-tools): throwaway NSS databases
 * built in a temporary directory from the committed demo PKI (certutil for the trust anchors,
 * pk12util for the identities, each first wrapped into PKCS#12 by the openssl CLI; no key is
 * generated), a running `selfserv` and the part of its log that belongs to the last
 * connection, and one `tstclnt` run with its output. Every process is started through peer.h,
 * so it is bounded in time and reaped (also when a test fails).
 *
 * NSS wants certificates with the same subject to share one nickname; the demo PKI's RSA and
 * EC twins (client / client-ec, server / server-ec) have the same subjects, so each database
 * holds one identity of each role at most.
 */
#ifndef MUTLS_TEST_NSS_H
#define MUTLS_TEST_NSS_H

#include <stddef.h>

#include "peer.h"

/* Fill @p why (when not empty: the tools are missing and the tests must skip). */
void tu_nss_check_tools(char *why, size_t cap);

/* A new empty directory /tmp/mutls-nss-XXXXXX in @p top (@p cap bytes). 0 on success. */
int tu_nss_tmpdir(char *top, size_t cap);

/* Remove a directory made by tu_nss_tmpdir with everything in it (only such directories). */
void tu_nss_rmdir(const char *top);

/*
 * Make the database <top>/<name>: trusting each of @p trust (vectors/pki file names, NULL
 * ended; nickname = file name without ".pem"; trusted for servers and clients, "CT,C,C"),
 * holding each of @p identities (vectors/pki base names, NULL ended; nickname = base name).
 * 0 on success; otherwise -1 with the failing tool's output in @p err.
 */
int tu_nss_db(const char *top, const char *name, const char *const trust[],
              const char *const identities[], char *err, size_t err_cap);

/* "sql:<top>/<name>", the -d argument of the NSS tools, in one of 8 rotating buffers. */
const char *tu_nss_db_arg(const char *top, const char *name);

/* A running selfserv and the start of the log of the connection to come. */
typedef struct tu_selfserv {
    tu_peer peer;
    int port;
    size_t mark;
} tu_selfserv;

/*
 * Start `selfserv -v` with database @p db (tu_nss_db_arg) serving the identity @p nick, an
 * ECDSA one when @p ec (-e) else RSA (-n), TLS 1.2 only, EMS on (-G), a client certificate
 * requested and required (-r -r), plus @p extra arguments (NULL ended, may be NULL).
 * Returns 0 once it accepts connections.
 */
int tu_selfserv_start(tu_selfserv *s, const char *db, const char *nick, int ec,
                      const char *const extra[]);

/* Mark the start of the next connection's log. */
void tu_selfserv_mark(tu_selfserv *s);

/* selfserv's log since the mark (caller frees), once it holds @p want or after 5 s. */
char *tu_selfserv_since_mark(tu_selfserv *s, const char *want);

/*
 * Run `tstclnt -v -4 -h localhost -p port -d db -A request` with the client identity @p nick
 * (NULL: none) and @p extra arguments (NULL ended, may be NULL); it sends the request file,
 * prints the reply and exits when the server closes. Returns its exit status (-1 when it had
 * to be killed after 30 s) and its output in *out (caller frees).
 */
int tu_tstclnt_run(const char *db, int port, const char *nick, const char *request,
                   const char *const extra[], char **out);

#endif
