/* SPDX-License-Identifier: MIT */
/*
 * tool.h - pieces shared by the subcommands of the `mutls` command-line tool: option parsing,
 * building a configuration from files or the bundled PKI (with revocation lists), key logging
 * (SSLKEYLOGFILE), the handshake trace printer, and turning a failure into one clear line with
 * a hint.
 */
#ifndef MUTLS_TOOL_H
#define MUTLS_TOOL_H

#include <stdio.h>

#include "mutls.h"

/* The bundled demo PKI (vectors/pki in the source tree), overridable with MUTLS_PKI_DIR. */
const char *tool_pki_dir(void);
/* tool_pki_dir()/name in a static buffer (one of sixteen rotating buffers). */
const char *tool_pki(const char *name);

/* Revocation options of server, client and verify: --crl FILE (repeatable), --crl-check. */
#define TOOL_MAX_CRLS 32
typedef struct tool_crls {
    const char *files[TOOL_MAX_CRLS];
    int n;
    int check; /* MUTLS_CRL_CHECK_*; zero is MUTLS_CRL_CHECK_ALL, the library's default */
} tool_crls;

/* The --help lines that describe --crl and --crl-check; @p peer names whose chain is checked. */
void tool_crl_help(FILE *out, const char *peer);

/* Parse --crl / --crl-check at argv[*i]: 1 when it was one of them (and *i advanced past its
 * value), 0 when not, -1 on a usage error (message printed). */
int tool_crl_option(tool_crls *c, int argc, char **argv, int *i);

/* Certificate policy options of server, client and verify (the RFC 5280 §6.1.1 inputs,
 * mutls_config_set_policies): --policy OID (repeatable), --explicit-policy,
 * --inhibit-policy-mapping, --inhibit-any-policy. */
#define TOOL_MAX_POLICIES 16
typedef struct tool_policies {
    const char *oids[TOOL_MAX_POLICIES];
    int n;
    unsigned flags; /* MUTLS_POLICY_* */
} tool_policies;

/* The --help lines that describe the policy options. */
void tool_policy_help(FILE *out);

/* Parse a policy option at argv[*i]: 1 when it was one (and *i advanced past its value), 0 when
 * not, -1 on a usage error (message printed). The OIDs are checked when applied. */
int tool_policy_option(tool_policies *p, int argc, char **argv, int *i);

/* Options common to server and client. */
#define TOOL_MAX_EXTRA_IDS 7
typedef struct tool_opts {
    const char *cert; /* the first --cert / --key: the identity used by default */
    const char *key;
    const char *extra_certs[TOOL_MAX_EXTRA_IDS]; /* later pairs: a server picks among all by */
    const char *extra_keys[TOOL_MAX_EXTRA_IDS];  /* the client's server_name (RFC 6066 §3) */
    int n_extra_certs, n_extra_keys;
    const char *pass;
    const char *ca;
    const char *suites;
    const char *keylog;
    const char *alpn;
    const char *record_limit; /* --record-limit BYTES, or NULL */
    const char *export_spec;  /* --export LABEL[:LENGTH] (RFC 5705), or NULL */
    tool_crls crls;
    tool_policies policies;
    int client_auth; /* mutls_client_auth, or -1 for the default */
    int ems_optional; /* --ems optional: extended master secret not required (RFC 7627) */
    int insecure;
    int quiet;
} tool_opts;

/* Parse "--name value" options shared by server and client; returns 1 when @p argv[*i] was one
 * of them (and advances *i), 0 when not, -1 on a usage error (message printed). */
int tool_common_option(tool_opts *o, int argc, char **argv, int *i);

/* Build a configuration from the options; prints the reason and returns NULL on failure. */
mutls_config *tool_config(mutls_role role, const tool_opts *o);

/* Install the key-log callback: o->keylog, else $SSLKEYLOGFILE, else nothing. */
void tool_keylog(mutls_config *cfg, const tool_opts *o);

/* Print a trace line for every message a side sends (the demo's view of the handshake). */
void tool_trace_sent(void *ctx, const mutls_trace_msg *m);

/* Print the identity the connection verified for its peer ("server" or "client"). */
void tool_print_peer(FILE *out, const mutls_conn *conn, const char *peer_role);

/* The record size limits in force, when either is below 2^14 (RFC 8449, RFC 6066). */
void tool_print_records(FILE *out, const mutls_conn *conn);

/* With --export LABEL[:LENGTH]: print the connection's exported keying material (RFC 5705, no
 * context, 32 bytes by default) in hex. 0, or -1 after printing why it could not. */
int tool_print_export(FILE *out, const mutls_conn *conn, const char *spec);

/*
 * One line for a failure: "mutls <side>: <detail>" followed, when it helps, by a hint such as
 * "the server asked for a client certificate but none was configured: pass --cert and --key".
 */
void tool_print_failure(const char *side, const mutls_conn *conn, int rc, int have_identity);

/* A file exists and is readable. */
int tool_readable(const char *path);

#endif
