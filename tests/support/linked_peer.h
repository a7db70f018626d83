/* SPDX-License-Identifier: MIT */
/*
 * linked_peer.h - the mutls half of the interop tests whose peer library is linked in and runs
 * on a thread (interop_mbedtls.c, interop_wolfssl.c): one connection over a socketpair, the
 * peer on its end in the other role, mutls here with the ep_pattern echo (echo_peer.h), the
 * peer's close_notify, and what our side saw.
 */
#ifndef MUTLS_TEST_LINKED_PEER_H
#define MUTLS_TEST_LINKED_PEER_H

#include <pthread.h>
#include <stddef.h>

#include "mutls.h"

/* What our side of one connection saw. */
typedef struct lp_side {
    int rc;    /* handshake */
    int io_rc; /* echo and the peer's close_notify (and saving the session): 0 when it all worked */
    int alert_sent, alert_received;
    char detail[512];
    char version[16];
    char suite[96];
    char subject[256];
    int reused;
    size_t send_limit;
    char keylog[256]; /* the connection's NSS key-log line (ep_keylog) */
} lp_side;

/* The peer's thread: @p main(@p arg) runs with *fd set to its end of the socket. */
typedef struct lp_thread {
    void *(*main)(void *arg);
    void *arg;
    int *fd;
    pthread_t *thread;
    int peer_is_server; /* then mutls is the client, with hostname "localhost" */
    size_t echo;        /* bytes mutls sends and reads back after the handshake (0: none) */
} lp_thread;

/*
 * One connection: the peer @p t on a thread, mutls with @p cfg here. @p offer / @p keep: mutls
 * client session to resume / to save (NULL: none). Our side's results land in @p s; the peer's
 * wherever its thread writes them. No assertion fails while the thread runs.
 */
void lp_run(const lp_thread *t, const mutls_config *cfg, lp_side *s, const mutls_session *offer,
            mutls_session **keep);

#endif
