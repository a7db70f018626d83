/* SPDX-License-Identifier: MIT */
/*
 * echo_peer.h - the mutls side of the interop tests against peers that run in another process
 * (interop_go.c, interop_java.c): a line protocol both ends speak ("SEND n\n", then n bytes of
 * ep_pattern, which the server writes back in one write, then close_notify both ways, RFC 5246
 * §7.2.1), an in-process mutls echo server on a thread, one mutls client connection, what our
 * side of each connection saw (version, suite, peer certificate, alerts, error detail), and
 * the peer's "conn <i>" report line. interop_mbedtls.c takes the pattern and the server's
 * identities from here too.
 */
#ifndef MUTLS_TEST_ECHO_PEER_H
#define MUTLS_TEST_ECHO_PEER_H

#include <pthread.h>
#include <stddef.h>
#include <stdint.h>

#include "mutls.h"

/* Connections one echo server serves at most. */
#define EP_MAX_CONNS 16

/* What our side of one connection saw. */
typedef struct ep_result {
    int rc;
    int alert_sent;
    int alert_received;
    char detail[512];
    char version[16];
    char suite[96];
    char subject[256]; /* the peer's certificate, "none" when it sent none */
    char issuer[256];
    int requested; /* a client certificate was asked for */
    int given;     /* and one was sent */
    size_t certs;  /* certificates of the peer's chain we had taken in, success or not */
    int echoed;    /* bytes echoed (the pattern checked), or a negative code */
    int closed;    /* close_notify went both ways after the echo */
} ep_result;

/* An in-process mutls echo server: ep_start, let the peer connect count times, ep_join. */
typedef struct ep_server {
    const mutls_config *cfgs[EP_MAX_CONNS]; /* one per connection; NULL: the first */
    int count;
    int listen_fd;
    int port;
    pthread_t thread;
    ep_result results[EP_MAX_CONNS];
} ep_server;

/* Skip the running test when the peer cannot run here (@p missing, printed, is not empty); fail
 * it when the peer did not build (@p build_log is not empty). */
void ep_need_peer(const char *missing, const char *build_log);

/* Byte @p i of the data both sides send. */
uint8_t ep_pattern(size_t i);

/* Read exactly @p n bytes: 0, or a negative code (MUTLS_ERR_CLOSED at a close_notify). */
int ep_read_full(mutls_conn *conn, uint8_t *buf, size_t n);

/* Write @p n bytes of ep_pattern to @p conn and read them back (a peer that echoes): 0, the
 * first error, or MUTLS_ERR_INTERNAL when what came back differs. */
int ep_echo(mutls_conn *conn, size_t n);

/* A mutls_keylog_fn keeping the last NSS key-log line in ep_keylog_line, for the tests that
 * compare master secrets with a peer linked in (one connection at a time). */
extern char ep_keylog_line[256];
void ep_keylog(void *ctx, const char *line);

/* @p n bytes as lowercase hex into @p out (2 n + 1 bytes). */
void ep_hex(char *out, const uint8_t *p, size_t n);

/* Copy into @p line (@p size bytes, cut there) the line of a peer's output @p out that starts
 * "conn <i> " (the peers print one such line per connection): 0, or -1 when there is none. */
int ep_conn_line(const char *out, int i, char *line, size_t size);

/* Shut our side, then read what the peer still sends until it closes (2 s at most): closing a
 * socket with unread input would reset the connection, and the peer could lose our alert. */
void ep_lingering_close(int fd);

/* Fill @p r from the handshake's result on @p conn (NULL when it could not be made); r->rc
 * must already hold the handshake's code. */
void ep_note_handshake(const mutls_conn *conn, ep_result *r);

/* Fail unless our side ended with @p rc, the alert @p alert (received when @p rc is
 * MUTLS_ERR_ALERT_RECEIVED, else sent) and a detail containing @p detail. */
void ep_expect_refused(const ep_result *r, int rc, int alert, const char *detail);

/* Listen on a free port (s->port) and serve @p count connections on a thread, the i-th with
 * s->cfgs[i] (set them before). */
void ep_start(ep_server *s, int count);

/* Once the peer has finished with every connection: the thread ends on its own, or when the
 * listener is shut (a connection the peer never made). */
void ep_join(ep_server *s);

/* One connection to a peer's server on 127.0.0.1:@p port with hostname "localhost":
 * handshake, "SEND n" + n bytes in one write, the echo, close_notify both ways. */
void ep_client_connect(int port, const mutls_config *cfg, size_t size, ep_result *r);

/* A server with both demo identities (RSA and EC, chosen per suite), trusting both CAs
 * (cas.pem), at its defaults otherwise. */
mutls_config *ep_server_identities(void);

/* ep_server_identities requiring a client certificate, with @p require_ems and
 * @p send_ca_names. */
mutls_config *ep_server_config(int require_ems, int send_ca_names);

/* Length of one connection's line in the peers' connection lists (gopeer, JssePeer). */
#define EP_SPEC_LEN 512

/* The refusals a client peer in another process meets at our echo server, one connection
 * each, in this order. The peer's reasons are its own; ours are the same for every peer but
 * at EP_REFUSE_UNTRUSTING (the alert the peer sends). */
enum {
    EP_REFUSE_NO_CERT,    /* no certificate at all: an empty Certificate */
    EP_REFUSE_UNTRUSTING, /* the peer trusts only Other CA, not our server's CA */
    EP_REFUSE_OTHER_CA,   /* a client from Other CA, at a server naming no CAs in its request
                           * (a peer's key manager then sends what it has) */
    EP_REFUSE_EXPIRED,    /* an expired client from our CA (a client does not look at its own
                           * dates) */
    EP_REFUSE_COUNT
};

/* Clear @p s and set it and specs[0 .. EP_REFUSE_COUNT - 1] up for those connections, each
 * sending 10 bytes, our server requiring a client certificate and, when @p require_ems, the
 * extended master secret. The two configurations it makes land in @p made (caller frees). */
void ep_refusals_plan(ep_server *s, char specs[][EP_SPEC_LEN], int require_ems,
                      mutls_config *made[2]);

/* Fail unless our server refused the EP_REFUSE_NO_CERT, _OTHER_CA and _EXPIRED connections of
 * @p r with the code, alert and reason each deserves. */
void ep_expect_refusals(const ep_result *r);

#endif
