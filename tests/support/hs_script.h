/* SPDX-License-Identifier: MIT */
/*
 * hs_script.h - a scripted TLS peer for the negative handshake tests: one side is a real
 * mutls connection, the other a mutls_hs driven step by step by the test through the row
 * handlers of client.c / server.c, so a test can send messages out of order, leave one
 * out, tamper with one, or craft its contents (off-curve points, bad premasters). Both sides
 * talk over an in-memory pipe (pipe.h); the real side is pumped between the script's steps.
 */
#ifndef MUTLS_TEST_HS_SCRIPT_H
#define MUTLS_TEST_HS_SCRIPT_H

#include <stddef.h>
#include <stdint.h>

#include "handshake.h"
#include "pipe.h"

typedef struct hs_script {
    mutls_hs h;        /* the scripted side */
    mutls_conn *real;  /* the connection under test */
    tu_pipe *pipe;     /* end 0: script, end 1: real */
    int real_rc;       /* the real side's last handshake result */
} hs_script;

/* The scripted side takes @p script_cfg's role; the real side has the other. */
void hss_open(hs_script *s, const mutls_config *script_cfg, const mutls_config *real_cfg);
void hss_close(hs_script *s);

/* Let the real side run its handshake once (until it blocks, completes or fails). */
void hss_pump(hs_script *s);

/* Build one handshake message (header included) with a row handler into @p buf. */
size_t hss_build(hs_script *s, uint8_t type, mutls_hs_fn fn, uint8_t *buf, size_t cap);

/* Send bytes as one record of content type @p ct (no transcript), flushed. */
void hss_send_raw(hs_script *s, uint8_t ct, const uint8_t *p, size_t n);

/* Send a handshake message (header included), adding it to the transcript first; after a
 * ClientKeyExchange the keys are derived. */
void hss_send_msg(hs_script *s, const uint8_t *msg, size_t len);

/* hss_build + hss_send_msg. */
void hss_send(hs_script *s, uint8_t type, mutls_hs_fn fn);

/* Send ChangeCipherSpec and switch our write keys. */
void hss_send_ccs(hs_script *s);

/* Receive the next unit (pumping the real side): 0, or a negative code (a fatal alert is
 * MUTLS_ERR_ALERT_RECEIVED with s->h.rec.alert_desc). */
int hss_recv(hs_script *s, mutls_rec_unit *u);

/* Receive a handshake message of @p type, parse it with @p fn and add it to the transcript.
 * Fails the test otherwise. */
void hss_expect(hs_script *s, uint8_t type, mutls_hs_fn fn);

/* Receive ChangeCipherSpec and switch our read keys. */
void hss_expect_ccs(hs_script *s);

/* Receive until a fatal alert arrives; returns its description (fails the test if the
 * real side sends anything else first or the stream ends). */
int hss_expect_alert(hs_script *s);

/* Client script up to (and including) ServerHelloDone. */
void hss_client_hello_to_done(hs_script *s);

#endif
