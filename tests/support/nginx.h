/* SPDX-License-Identifier: MIT */
/*
 * nginx.h - a private nginx for the interop tests: a temporary prefix directory holding the
 * configuration, logs, pid file and temp directories (nothing from /etc/nginx or /var), one
 * foreground process (`daemon off; master_process off;`, so it works as root and as any other
 * user), listening on free 127.0.0.1 ports, and a stop that always reaps it and removes the
 * prefix (MUTLS_KEEP_PEER_LOGS=1 keeps it). The caller writes the contents of the http block.
 */
#ifndef MUTLS_TEST_NGINX_H
#define MUTLS_TEST_NGINX_H

#include <stddef.h>

#include "peer.h"

#define TU_NGINX_MAX_PORTS 4

typedef struct tu_nginx {
    tu_peer peer;
    char dir[64];    /* the prefix; empty when none */
    char http[8192]; /* the http block's contents */
    size_t used;
    int ports[TU_NGINX_MAX_PORTS];
    int n_ports;
    size_t error_mark;  /* where error.log's unread part starts */
    size_t access_mark; /* the same for access.log */
} tu_nginx;

/* The nginx binary (on PATH, else /usr/sbin/nginx, off a non-root PATH), or NULL. */
const char *tu_nginx_path(void);

/* Mark @p n as not running (a zeroed tu_peer would name fd 0 as the child's stdin pipe). */
void tu_nginx_forget(tu_nginx *n);

/* A fresh prefix directory. 0 on success. */
int tu_nginx_init(tu_nginx *n);

/* "<prefix>/<name>", in one of eight rotating buffers. */
const char *tu_nginx_file(const tu_nginx *n, const char *name);

/* Append printf-formatted text to the http block. 0 on success, -1 when it is full. */
int tu_nginx_add(tu_nginx *n, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* A free port nginx is to listen on (recorded, waited for by start); -1 on failure. */
int tu_nginx_port(tu_nginx *n);

/* Join up to three files (@p c may be NULL) into <prefix>/<name>; the path, or NULL. */
const char *tu_nginx_join(const tu_nginx *n, const char *name, const char *a, const char *b,
                          const char *c);

/*
 * Write nginx.conf (access log format "mutls": port, uri, status, $ssl_client_verify,
 * $ssl_client_s_dn, $ssl_cipher; error log at info level, where nginx reports client
 * certificate failures), start nginx and wait up to 10 s for every port. 0 when listening.
 */
int tu_nginx_start(tu_nginx *n);

/* What <prefix>/<name> holds past *@p mark (malloc'd), once that contains @p want or after
 * @p timeout_ms: nginx logs a request when it finishes it, maybe after the reply. The mark
 * moves to the end. */
char *tu_nginx_log(const tu_nginx *n, const char *name, size_t *mark, const char *want,
                   int timeout_ms);

/* Stop (SIGTERM, SIGKILL after 2 s) and reap nginx, remove the prefix; no-op when stopped. */
void tu_nginx_stop(tu_nginx *n);

#endif
