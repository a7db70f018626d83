/* SPDX-License-Identifier: MIT */
/*
 * tf_probe.h - the shared half of the tlsfuzzer-modelled conformance probes
 * (test_conformance_tf*.c): a scripted peer (hs_script.h) against a real mutls side set up
 * as a tlsfuzzer run would set it (no client certificate, no extended master secret
 * required unless a setup says so), the check that the real side failed with an exact error
 * and sent the matching fatal alert, and the script's own ClientHello rebuilt with
 * extensions left out, added or followed by stray bytes (RFC 5246 §7.4.1.2, §7.4.1.4).
 */
#ifndef MUTLS_TEST_TF_PROBE_H
#define MUTLS_TEST_TF_PROBE_H

#include <stddef.h>
#include <stdint.h>

#include "hs_script.h"
#include "mutls.h"

/* Extension types for tf_hello's drop arguments: TF_NONE drops nothing, TF_DROP_ALL every
 * extension of the script's hello. */
#define TF_NONE 0xffffu
#define TF_DROP_ALL 0xfffeu

typedef struct tf {
    mutls_config *cli, *srv;
    hs_script s;
    int kept; /* the configurations belong to the kept setups (tf_open_kept) */
} tf;

typedef struct tf_setup {
    const char *suites;     /* the script's suites; NULL: its defaults */
    mutls_client_auth auth; /* the server's client-certificate mode */
    int require_ems;        /* the server's (and the script's) setting */
    const char *alpn;       /* the server's ALPN list, or NULL */
    const char *client_id;  /* the script's identity under vectors/pki; NULL: "client" */
} tf_setup;

/* The script as client, the real side a server set up as @p how; fresh configurations that
 * tf_close frees. */
void tf_open(tf *t, const tf_setup *how);

/* As tf_open, but the configurations of each distinct setup are made once and kept (loading
 * the demo keys is most of what a probe costs, under valgrind above all) until
 * tf_free_kept, which fits cmocka_run_group_tests as the group teardown. */
void tf_open_kept(tf *t, const tf_setup *how);
int tf_free_kept(void **state);

/* The roles swapped: the script is the server, the real side a client offering @p suites;
 * the client's hello has been received. */
void tf_open_client(tf *t, const char *suites);

void tf_close(tf *t);

/* The real side failed with @p code and sent the fatal @p alert, which the script got
 * (MUTLS_TEST_VERBOSE=1 prints the real side's detail). */
void tf_expect_failed(tf *t, int code, int alert);

/* The next handshake message, which must be a ServerHello, copied to @p out; its length. */
size_t tf_recv_server_hello(tf *t, uint8_t *out, size_t cap);

/* Whether @p needle (m bytes) occurs in @p hay (n bytes). */
int tf_contains(const uint8_t *hay, size_t n, const uint8_t *needle, size_t m);

/*
 * The script's own ClientHello rebuilt (its random kept): extensions of types @p drop1 and
 * @p drop2 left out (TF_NONE: none; TF_DROP_ALL: every one), then @p extra (whole
 * extensions) appended to the block, then @p tail zero bytes after the block. Returns the
 * message length.
 */
size_t tf_hello(tf *t, uint16_t drop1, uint16_t drop2, const uint8_t *extra, size_t extra_len,
                size_t tail, uint8_t *out, size_t cap);

/* Send the rebuilt hello to a server set up as @p how and expect its refusal. */
void tf_hello_refused(const tf_setup *how, uint16_t drop1, uint16_t drop2, const uint8_t *extra,
                      size_t extra_len, int code, int alert);

/* Send the rebuilt hello and return the ServerHello in @p sh (its length). */
size_t tf_hello_answered(const tf_setup *how, uint16_t drop1, uint16_t drop2,
                         const uint8_t *extra, size_t extra_len, uint8_t *sh, size_t cap);

#endif
