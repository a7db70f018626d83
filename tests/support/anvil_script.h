/* SPDX-License-Identifier: MIT */
/*
 * anvil_script.h - the scripted TLS-Anvil-style server of test_conformance_anvil_cli.c: a
 * real mutls client against a scripted server (hs_script.h) whose first flight is built as
 * one byte string, so that a test can edit any field of any message (a length one off, a
 * version, a suite, an extension) before it goes out, the way TLS-Anvil's modifiable
 * variables do; plus the steps and checks those tests share.
 */
#ifndef MUTLS_TEST_ANVIL_SCRIPT_H
#define MUTLS_TEST_ANVIL_SCRIPT_H

#include <stddef.h>
#include <stdint.h>

#include "hs_script.h"

typedef struct anvil {
    hs_script s;
    mutls_config *srv; /* the scripted server's */
    mutls_config *cli; /* the real client's */
} anvil;

/* A client configuration with the demo client identity, trusting cas.pem, offering
 * @p suites (NULL: the default list). */
mutls_config *anv_client_cfg(const char *suites);
/* The real client runs @p cli (owned from here on) against a scripted server that has both
 * demo server identities and asks for a client certificate. */
void anv_open_cfg(anvil *a, mutls_config *cli);
void anv_open(anvil *a, const char *suites);
void anv_close(anvil *a);

/* The client failed with @p code and sent the fatal @p alert, which the script received. */
void anv_expect_failed(anvil *a, int code, int alert);

uint32_t anv_get24(const uint8_t *p);
void anv_put24(uint8_t *p, uint32_t v);
uint16_t anv_get16(const uint8_t *p);
void anv_put16(uint8_t *p, uint16_t v);

enum { M_SH, M_CERT, M_SKE, M_CR, M_SHD, M_COUNT };

/* The server's first flight as one byte string, with where each message starts
 * (ServerKeyExchange has length 0 for a static-RSA suite). */
typedef struct flight {
    uint8_t b[12000];
    size_t len;
    size_t at[M_COUNT];
    size_t n[M_COUNT];
} flight;

/* Build message @p i of the flight with the row handler @p fn (the script's state follows). */
void anv_add_msg(anvil *a, flight *f, int i, uint8_t type, mutls_hs_fn fn);
/* Read the ClientHello and build the whole flight answering it. */
void anv_build_flight(anvil *a, flight *f);
/* Send the flight as it is now, in one go (records of 2^14 bytes). */
void anv_send_flight(anvil *a, const flight *f);
/* Offset in f->b of the ServerHello's extensions length. */
size_t anv_sh_exts(const flight *f);
/* Offset of the ServerHello extension of @p type (its header), 0 when absent. */
size_t anv_sh_find_ext(const flight *f, uint16_t type);
/* Insert @p n bytes at @p off, growing message @p i (its length field follows). */
void anv_insert(flight *f, int i, size_t off, const uint8_t *p, size_t n);
/* Append an extension (@p type, @p n bytes of body) to the ServerHello. */
void anv_sh_add_ext(flight *f, uint16_t type, const uint8_t *body, size_t n);
/* Offset of the ServerKeyExchange's SignatureAndHashAlgorithm in the flight. */
size_t anv_ske_sigalg(const flight *f);

/* Run the script up to where the client waits for the server's ChangeCipherSpec. */
void anv_to_server_ccs(anvil *a);
/* A mutls_entropy_fn: a repeatable generator over the uint32_t at @p ctx. */
int anv_counter_entropy(void *ctx, uint8_t *buf, size_t len);
/* A plaintext record of any content type (and any length, 0 included), straight onto the
 * client's transport. */
void anv_inject_record(anvil *a, uint8_t type, const uint8_t *p, size_t n);

#endif
