/* SPDX-License-Identifier: MIT */
/*
 * io_fd.c - the socket transport behind mutls_set_fd: send and recv on a connected socket,
 * blocking or non-blocking. EAGAIN becomes MUTLS_WANT_READ / MUTLS_WANT_WRITE, EINTR is
 * retried, and MSG_NOSIGNAL keeps a closed peer from raising SIGPIPE. A firmware build
 * leaves this file out and uses mutls_set_io.
 */
#include <errno.h>
#include <stdint.h>
#include <sys/socket.h>
#include <sys/types.h>

#include "mutls.h"

#ifndef MSG_NOSIGNAL
#define MSG_NOSIGNAL 0
#endif

static int fd_of(void *ctx)
{
    return (int)(intptr_t)ctx;
}

static int fd_send(void *ctx, const uint8_t *buf, size_t len)
{
    for (;;) {
        ssize_t n = send(fd_of(ctx), buf, len > INT32_MAX ? INT32_MAX : len, MSG_NOSIGNAL);
        if (n > 0) {
            return (int)n;
        }
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
            return MUTLS_WANT_WRITE;
        }
        return MUTLS_ERR_IO;
    }
}

static int fd_recv(void *ctx, uint8_t *buf, size_t len)
{
    for (;;) {
        ssize_t n = recv(fd_of(ctx), buf, len > INT32_MAX ? INT32_MAX : len, 0);
        if (n >= 0) {
            return (int)n; /* 0: the peer ended the stream */
        }
        if (errno == EINTR) {
            continue;
        }
        if (errno == EAGAIN || errno == EWOULDBLOCK) {
            return MUTLS_WANT_READ;
        }
        /* A reset is an end without close_notify; the record layer reports truncation. */
        if (errno == ECONNRESET) {
            return 0;
        }
        return MUTLS_ERR_IO;
    }
}

int mutls_set_fd(mutls_conn *conn, int fd)
{
    if (fd < 0) {
        return MUTLS_ERR_BAD_ARGUMENT;
    }
    return mutls_set_io(conn, fd_send, fd_recv, (void *)(intptr_t)fd);
}
