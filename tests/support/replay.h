/* SPDX-License-Identifier: MIT */
/*
 * replay.h - deterministic connections and byte-exact replays, for the hostile-stream tests.
 *
 * With rp_entropy installed, a connection's randoms, nonces, ephemeral keys and signatures
 * all come from a fixed seed, so a client (or server) created twice sends the same bytes
 * twice. That lets a test record what one real peer sent in a full handshake (rp_run_pair,
 * over the chaos pipe of pipe.h) and then feed those bytes, cut, split or tampered with, to a
 * fresh copy of the other side (rp_feed): the replayed side cannot tell it from the peer.
 */
#ifndef MUTLS_TEST_REPLAY_H
#define MUTLS_TEST_REPLAY_H

#include <stddef.h>
#include <stdint.h>

#include "mutls.h"

/* mutls_entropy_fn: @p ctx points to a uint32_t seed; the same seed gives the same bytes. */
int rp_entropy(void *ctx, uint8_t *buf, size_t len);

/* A growing byte log (what one end sent). */
typedef struct rp_log {
    uint8_t *p;
    size_t len;
    size_t cap;
} rp_log;

void rp_log_add(rp_log *l, const uint8_t *p, size_t n);
void rp_log_free(rp_log *l);

/*
 * A transport that serves fixed bytes: recv hands out in[0 .. in_len) (never across
 * @c split when it is non-zero, and at most @c chunk bytes per call when that is non-zero),
 * then end of stream; send accepts everything and, when @c out is non-NULL, logs it.
 */
typedef struct rp_feed {
    const uint8_t *in;
    size_t in_len;
    size_t in_off;
    size_t split;
    size_t chunk;
    rp_log *out;
} rp_feed;

int rp_feed_send(void *ctx, const uint8_t *buf, size_t len);
int rp_feed_recv(void *ctx, uint8_t *buf, size_t len);

/*
 * One real client-server run over an in-memory pipe: handshake, then @p c2s_msgs client ->
 * server messages and @p s2c_msgs server -> client messages (each a NULL-terminated list
 * of strings, one mutls_write each), then close_notify each way. Every byte each side sent
 * is logged in @p c2s / @p s2c. Fails the test unless everything succeeds.
 */
void rp_run_pair(const mutls_config *client, const mutls_config *server, const char **c2s_msgs,
                 const char **s2c_msgs, rp_log *c2s, rp_log *s2c);

/*
 * Drive @p conn (whose transport is set) through the handshake and then mutls_read until it
 * returns 0 or an error (a transport that says WANT_* twenty times in a row ends the run
 * with that code). The bytes read are appended to @p got when it is not NULL. Returns the
 * final code: 0 for a clean close_notify, else the negative error.
 */
int rp_drive(mutls_conn *conn, rp_log *got);

/* Walk TLS records in @p p: returns the offset of the record after the one at @p off, or 0
 * when no whole record starts at @p off. *type receives its content type. */
size_t rp_next_record(const uint8_t *p, size_t len, size_t off, uint8_t *type);

/* ------------------------------------------------------------ reference runs */

/* The application messages of every reference run, NULL-terminated. */
extern const char *rp_c2s_msgs[];
extern const char *rp_s2c_msgs[];

/* Every @p n-th offset normally; 17 times sparser when tu_test_quick(). */
size_t rp_stride(size_t n);

/* @p static_rsa when static RSA is compiled in (cheap handshakes: the sweeps below run one
 * per offset); otherwise @p ecdhe, and *n becomes 5 (every 5th offset). */
const char *rp_suite_or(const char *static_rsa, const char *ecdhe, size_t *n);

/* A recorded reference run between a deterministic client ("client" identity) and server
 * ("server" and "server-ec" identities, demo PKI). */
typedef struct rp_run {
    mutls_config *client, *server;
    rp_log c2s, s2c; /* the reference run's bytes */
    int cbc;         /* the suite is a CBC one */
} rp_run;

/* Record a run with @p suite, encrypt-then-MAC offered or not, the server's client-auth
 * mode @p auth, exchanging rp_c2s_msgs / rp_s2c_msgs and closing cleanly. */
void rp_run_open(rp_run *r, const char *suite, int etm, mutls_client_auth auth);
void rp_run_close(rp_run *r);

/* Whether the first record of @p c2s (the ClientHello) offers encrypt_then_mac. */
int rp_hello_offers_etm(const rp_log *c2s);

/* A fresh copy of one side of @p r (@p server: the server) fed @p in as rp_feed does;
 * returns rp_drive's code, appends what it read to @p got and what it sent to @p out
 * (either may be NULL), and the alert it sent to *alert_sent when non-NULL. */
int rp_replay(rp_run *r, int server, const uint8_t *in, size_t len, size_t split, size_t chunk,
              rp_log *got, rp_log *out, int *alert_sent);

/* The application bytes of the whole records after the handshake in @p stream that end by
 * offset @p cut, appended to @p want (@p msgs: what those records carry, in order). */
void rp_app_data_before(const rp_run *r, const char **msgs, const rp_log *stream, size_t cut,
                        rp_log *want);

/* Offset of the first record after the peer's Finished in @p stream. */
size_t rp_after_handshake(const rp_log *stream);

#endif
