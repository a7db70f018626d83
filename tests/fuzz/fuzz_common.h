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
    FZ_CFG_SERVER,     /* server.pem and server-ec.pem identities, client auth REQUIRED */
    FZ_CFG_CLIENT,     /* client.pem identity */
    FZ_CFG_CLIENT_EC,  /* client-ec.pem identity */
    FZ_CFG_CLIENT_ANON /* no identity: answers a CertificateRequest with an empty list */
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
