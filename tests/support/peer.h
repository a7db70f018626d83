/* SPDX-License-Identifier: MIT */
/*
 * peer.h - starting and stopping real TLS peers (openssl, gnutls, curl, python) for the interop
 * tests: free loopback ports, a child process with its output captured to a file, waiting for
 * a listening port, and a bounded stop that always reaps the child.
 */
#ifndef MUTLS_TEST_PEER_H
#define MUTLS_TEST_PEER_H

#include <stddef.h>
#include <sys/types.h>

typedef struct tu_peer {
    pid_t pid;
    int stdin_fd;       /* write end of the child's stdin, or -1 */
    char out_path[256]; /* the child's stdout+stderr */
    int reaped;         /* the child was waited for (pid is then -1) ... */
    int exit_status;    /* ... and ended so: 0..255, or 128 + the signal that ended it */
} tu_peer;

/* How long a test waits for a peer to do what it is sure to do (listen, print a line, exit
 * once its input ends). Every such wait ends as soon as the event happens, so the bound only
 * matters for a stuck peer; it is generous because a loaded machine (parallel ctest, a
 * valgrind or second CI run beside this one) can hold a process back for seconds. */
#define TU_PEER_EVENT_MS 20000

/* A TCP port on 127.0.0.1 that was free a moment ago. */
int tu_free_port(void);

/* Whether an executable is on PATH. */
int tu_have(const char *prog);

/* Start argv[0] (searched on PATH) with stdin from a pipe (kept open unless close_stdin) and
 * stdout+stderr into a temporary file. 0 on success. */
int tu_peer_start(tu_peer *p, char *const argv[], int close_stdin);

/* Wait until 127.0.0.1:port accepts connections or the peer exits; 0 when listening. */
int tu_wait_port(tu_peer *p, int port, int timeout_ms);

/* Wait until the child's output contains @p text or the child exits; 0 when it appeared.
 * For servers that accept a single connection, where probing the port would use it up. */
int tu_wait_output(tu_peer *p, const char *text, int timeout_ms);

/* Write to the child's stdin. */
int tu_peer_write(tu_peer *p, const char *text);

/* Wait up to timeout_ms for the child to exit; returns its exit status (0..255, or 128 + the
 * signal that ended it), also when an earlier wait already reaped it, or -1 when it was still
 * running (it is then killed) or never started. Always reaps the child. */
int tu_peer_wait(tu_peer *p, int timeout_ms);

/* Stop the child (SIGTERM, then SIGKILL) and reap it; no-op when it already exited. */
void tu_peer_stop(tu_peer *p);

/* The child's output so far (malloc'd, NUL-terminated; caller frees). */
char *tu_peer_output(const tu_peer *p);

/* Connect to 127.0.0.1:port; returns a blocking socket or -1. */
int tu_connect(int port);

/* Listen on 127.0.0.1:port (port 0 = any); returns the socket and stores the port. */
int tu_listen(int *port);

/* Set SO_RCVTIMEO/SO_SNDTIMEO so a stuck peer cannot hang a test. */
void tu_socket_timeout(int fd, int seconds);

#endif
