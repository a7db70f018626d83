/* SPDX-License-Identifier: MIT */
/*
 * fuzz_common.h - helpers shared by the libFuzzer harnesses in tests/fuzz: reading files under
 * vectors/ once at start-up, a fixed clock (so certificate validity does not change with the
 * day a crash is replayed), and a transport that feeds the fuzz input to a connection and
 * discards what it sends. The harnesses are built only with -DMUTLS_FUZZ=ON, where the
 * library's RNG is seeded with a constant (MUTLS_FUZZING), so every run is repeatable.
 */
#ifndef MUTLS_FUZZ_COMMON_H
#define MUTLS_FUZZ_COMMON_H

#include <stddef.h>
#include <stdint.h>

#include "mutls.h"

/* 2026-01-01 00:00:00 UTC: inside the demo PKI's validity (2025..2125). */
#define FZ_FIXED_TIME INT64_C(1767225600)

/* Read vectors/<relative> into a malloc'd buffer (NUL-terminated, not counted); aborts the
 * process when the file is missing, since a harness without its fixtures fuzzes nothing. */
uint8_t *fz_read_vector(const char *relative, size_t *len);

/* The first PEM block of vectors/<relative>, decoded into a malloc'd DER buffer. Aborts on
 * failure. */
uint8_t *fz_read_pem_der(const char *relative, size_t *len);

/* mutls_time_fn returning FZ_FIXED_TIME. */
int64_t fz_time(void *ctx);

/* A byte source over the fuzz input: recv hands out the input (in pieces of at most `chunk`
 * bytes when chunk > 0), then end of stream; send takes everything and drops it. */
typedef struct fz_stream {
    const uint8_t *p;
    size_t len;
    size_t off;
    size_t chunk;
} fz_stream;

int fz_stream_send(void *ctx, const uint8_t *buf, size_t len);
int fz_stream_recv(void *ctx, uint8_t *buf, size_t len);

/* Abort with a message when a harness finds the library breaking its own contract (e.g. a
 * return code outside the documented set); libFuzzer then saves the input. */
void fz_fail(const char *what, int rc);

#endif

/* ---- handshake harnesses and the seed recorder */

/* Which configuration fz_config builds. */
typedef enum fz_cfg_kind {
    FZ_CFG_SERVER,      /* server.pem and server-ec.pem identities, client auth REQUIRED */
    FZ_CFG_CLIENT,      /* client.pem identity */
    FZ_CFG_CLIENT_EC,   /* client-ec.pem identity */
    FZ_CFG_CLIENT_ANON, /* no identity: answers a CertificateRequest with an empty list */
    FZ_CFG_CLIENT_BOTH  /* client.pem, then client-ec.pem: a client that offers the sessions
                           of either (hs_session.c binds a session to our certificate) */
} fz_cfg_kind;

/* A configuration from the demo PKI (vectors/pki) trusting cas.pem, with the fixed clock.
 * The harnesses and fuzz_seeds must build theirs with this same function: a recorded
 * handshake replays to the end only against the configuration that recorded it. Aborts on
 * failure. */
mutls_config *fz_config(fz_cfg_kind kind);

/* Run a connection over @p cfg (a client's has server name "localhost") fed with @p data (the
 * peer's whole byte stream): the handshake until it returns something other than WANT_*, then, when
 * it succeeded, mutls_read until it returns <= 0, one mutls_write and mutls_close. Aborts when a
 * call returns a code that is not a mutls code. Returns the handshake's result. */
int fz_run_conn(const mutls_config *cfg, int is_client, const uint8_t *data, size_t size);
/* fz_run_conn for a client that offers @p offer (mutls_set_session) before its handshake. */
int fz_run_conn_offer(const mutls_config *cfg, const mutls_session *offer, const uint8_t *data,
                      size_t size);

/* ---- two connections in memory (fuzz_pair.c): the seed recorder and the resumption
 * fixtures */

/* A growing byte log that is also one direction of a non-blocking in-memory transport. */
typedef struct fz_log {
    uint8_t *p;
    size_t len;
    size_t cap;
    size_t rd; /* next byte the reading side gets */
} fz_log;

void fz_log_add(fz_log *b, const uint8_t *data, size_t len);

/* One end of the in-memory transport: sends append to @out, receives take from @in
 * (MUTLS_WANT_READ when it is drained). */
typedef struct fz_end {
    fz_log *out;
    fz_log *in;
} fz_end;

int fz_end_send(void *ctx, const uint8_t *buf, size_t len);
int fz_end_recv(void *ctx, uint8_t *buf, size_t len);

/* One handshake between a client on @p ccfg (server name "localhost", offering @p offer when
 * not NULL) and a server on @p scfg, then "ping" / "pong" and a close each way, logging what
 * each side sent. When @p got is not NULL it receives a copy of the client's session (NULL
 * when there is none), and @p reused (when not NULL) mutls_session_reused of the client.
 * Returns 0 when all of it succeeded, -1 otherwise (printing why). */
int fz_pair(const mutls_config *ccfg, const mutls_config *scfg, const mutls_session *offer,
            fz_log *c2s, fz_log *s2c, mutls_session **got, int *reused);

/* ---- resumption fixtures (fuzz_pair.c) */

/* Sessions made by real full handshakes between fz_config configurations (every one with
 * the extended master secret), in several suites; each case's session ID is the handshake's
 * with its first byte changed (so the IDs differ from each other and from the ID a full
 * handshake in a harness would put in the cache). The first FZ_RESUME_BASES cases resume;
 * the rest are copies of case 0 with a spoiled server entry: six the server must refuse to
 * resume (no client certificate under REQUIRED, another server name, other trust, no EMS,
 * expired, a suite we do not have), and encrypt-then-MAC on an AEAD suite (which no
 * handshake makes; the server resumes it, the flag meaning nothing for an AEAD suite). */
#define FZ_RESUME_BASES 5
#define FZ_RESUME_CASES 12

typedef struct fz_resume_case {
    const char *name;      /* for seed file names */
    mutls_session *client; /* what the client keeps and offers; NULL: suite not built */
    mutls_session *server; /* the server's cache entry; NULL: suite not built */
} fz_resume_case;

/* Fill @p cases (deterministic: the fuzz build's RNG and the fixed clock). Aborts on
 * failure. Release with fz_resume_free. */
void fz_resume_make(fz_resume_case cases[FZ_RESUME_CASES]);
void fz_resume_free(fz_resume_case cases[FZ_RESUME_CASES]);

/* A server configuration (FZ_CFG_SERVER) with a session cache. */
mutls_config *fz_resume_server_config(void);

/* Give @p scfg (no connection using it) a fresh session cache holding every case's server
 * entry, and nothing else. Aborts on failure. */
void fz_resume_fill(mutls_config *scfg, const fz_resume_case cases[FZ_RESUME_CASES]);
