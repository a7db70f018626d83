/* SPDX-License-Identifier: MIT */
/*
 * wolf_peer.h - the wolfSSL side of interop_wolfssl.c: a wolfSSL 5.5 peer (Debian's
 * libwolfssl-dev) in either role that runs on a thread over one end of a socketpair through
 * wolfSSL's I/O callbacks, set up from the demo PKI in vectors/pki, TLS 1.2 (RFC 5246) with
 * peer verification required, and what it saw: the handshake's result, wolfSSL's error and
 * alerts, version, suite, peer subject, master secret and client random, resumption, and the
 * records that crossed the socket each way (with the first bytes, where the hellos are).
 * Built only with the library (HAVE_WOLFSSL, tests/CMakeLists.txt).
 */
#ifndef MUTLS_TEST_WOLF_PEER_H
#define MUTLS_TEST_WOLF_PEER_H

#include <pthread.h>
#include <stddef.h>
#include <stdint.h>

/* options.h first: it carries the configuration the library was built with. */
#include <wolfssl/options.h>
#include <wolfssl/ssl.h>

/* TLS extension numbers looked for in the hellos. */
#define WP_EXT_MFL 0x0001
#define WP_EXT_ETM 0x0016
#define WP_EXT_EMS 0x0017
#define WP_EXT_RECORD_SIZE_LIMIT 0x001c
#define WP_EXT_TICKET 0x0023
#define WP_EXT_SUPPORTED_VERSIONS 0x002b

/* Records seen in one direction of the stream (by their 5-byte headers), and its first bytes
 * (where the ServerHello is, in the server's direction). */
typedef struct wp_track {
    uint8_t hdr[5];
    size_t have; /* header bytes collected */
    size_t left; /* body bytes still to skip */
    size_t n_app;
    size_t max_app; /* largest application_data record body (ciphertext) */
    size_t max_any; /* largest record body of any type */
    uint8_t head[1024];
    size_t head_len;
} wp_track;

/* How the wolfSSL side is set up; identity and trust are vectors/pki names. */
typedef struct wp_opts {
    int server;
    int v23;              /* the TLS 1.3-capable method instead of TLS 1.2 only */
    const char *identity; /* "client", "server-ec", ... (.pem + .key); NULL: none */
    const char *trust;    /* NULL: cas.pem */
    const char *suite;    /* OpenSSL-style name; NULL: wolfSSL's defaults */
    unsigned char mfl;    /* client: WOLFSSL_MFL_*, 0: not offered */
    int no_ems, no_etm;
    int ticket;             /* client: offer SessionTicket */
    size_t echo;            /* after the handshake: read this many bytes, send them back */
    WOLFSSL_CTX *ctx;       /* a context made by wp_ctx_new (may serve several connections) */
    WOLFSSL_SESSION *offer; /* client: session to resume */
    WOLFSSL_SESSION **keep; /* client: the session, saved after the handshake */
    int peer_lost;          /* expected: wolfSSL names no peer certificate */
} wp_opts;

typedef struct wp_peer {
    wp_opts o;
    int fd;
    pthread_t thread;
    /* what it saw */
    int rc;    /* 0, or wolfSSL_get_error after the handshake failed */
    int io_rc; /* echo and close_notify: 0, or wolfSSL_get_error */
    char err[160];
    char version[16];
    char suite[96];
    char subject[256];
    int alert_rx, alert_tx; /* fatal alerts, or -1 */
    int resumed;
    uint8_t client_random[32], master[48];
    wp_track sent, received;
} wp_peer;

/* wolfSSL_Init, and wolfSSL's suite list read: 0, or -1. */
int wp_init(void);

/* Whether wolfSSL has the suite of OpenSSL-style name @p name. */
int wp_has_suite(const char *name);

/* A wolfSSL context for the role (@p server), the TLS 1.3-capable method (@p v23) or TLS 1.2
 * only, the identity vectors/pki/<identity>.pem + .key (NULL: none), trusting
 * vectors/pki/<trust> (NULL: cas.pem), with peer verification required (a server also fails a
 * client without a certificate) and this file's I/O callbacks. NULL on any failure. */
WOLFSSL_CTX *wp_ctx_new(int server, int v23, const char *identity, const char *trust);

/* The thread: one connection over p->fd as p->o says, results into @p arg (a wp_peer). */
void *wp_run(void *arg);

/* Whether the hello (ClientHello or ServerHello) at the start of @p t, the direction its
 * sender wrote, has extension @p type: 1 or 0, -1 when no hello is there. Every length is
 * checked against what was captured. */
int wp_hello_has(const wp_track *t, unsigned type);

/* Whether the ServerHello at the start of @p t ends its random with RFC 8446 §4.1.3's
 * "DOWNGRD" + 01, the mark of a TLS 1.3 server negotiating TLS 1.2. */
int wp_downgrade_mark(const wp_track *t);

#endif
