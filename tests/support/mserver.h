/* SPDX-License-Identifier: MIT */
/*
 * mserver.h - an in-process mutls server on a thread, for tests that drive it with a real
 * client (openssl s_client, gnutls-cli, curl, python). It accepts a fixed number of
 * connections on 127.0.0.1, and for each records the handshake result, the error detail, the
 * client's certificate subject and the first bytes the client sent, then answers a fixed reply
 * and closes with close_notify.
 */
#ifndef MUTLS_TEST_MSERVER_H
#define MUTLS_TEST_MSERVER_H

#include <pthread.h>

#include "mutls.h"

#define TU_MSERVER_MAX 8

typedef struct tu_mserver_result {
    int rc;               /* handshake result (0 = ok) */
    int read_rc;          /* result of the first read */
    int alert_sent;
    int cert_given;
    char detail[512];
    char subject[256];
    char suite[96];
    char received[512];
} tu_mserver_result;

typedef struct tu_mserver {
    const mutls_config *cfg;
    int listen_fd;
    int port;
    int count;            /* connections to serve */
    int done;             /* connections served */
    int http;             /* answer like `mutls server --http` */
    const char *reply;    /* plain-mode reply */
    pthread_t thread;
    tu_mserver_result results[TU_MSERVER_MAX];
} tu_mserver;

/* Listen on a free loopback port and start serving @p count connections. 0 on success. */
int tu_mserver_start(tu_mserver *s, const mutls_config *cfg, int count);

/* Wait for the thread (it ends after @p count connections or when the listener is closed). */
void tu_mserver_join(tu_mserver *s);

#endif
