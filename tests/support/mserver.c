/* SPDX-License-Identifier: MIT */
/* mserver.c - see mserver.h. */
#include "mserver.h"

#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "peer.h"

static void copy(char *dst, size_t cap, const char *src)
{
    snprintf(dst, cap, "%s", src != NULL ? src : "");
}

static void serve(tu_mserver *s, int fd, tu_mserver_result *r)
{
    mutls_conn *conn = NULL;
    int n;

    r->rc = mutls_conn_new(&conn, s->cfg);
    if (r->rc == 0) {
        r->rc = mutls_set_fd(conn, fd);
    }
    if (r->rc == 0) {
        r->rc = mutls_handshake(conn);
    }
    copy(r->detail, sizeof(r->detail), conn != NULL ? mutls_error_detail(conn) : "");
    r->alert_sent = conn != NULL ? mutls_alert_sent(conn) : -1;
    if (r->rc != 0) {
        mutls_free(conn);
        return;
    }
    r->cert_given = mutls_client_cert_given(conn);
    copy(r->subject, sizeof(r->subject), r->cert_given ? mutls_peer_subject(conn) : "");
    copy(r->suite, sizeof(r->suite), mutls_get_suite(conn));
    n = mutls_read(conn, r->received, sizeof(r->received) - 1);
    r->read_rc = n;
    if (n > 0) {
        r->received[n] = 0;
        if (s->http) {
            char page[512];
            char msg[1024];
            snprintf(page, sizeof(page), "client: %s\n", r->cert_given ? r->subject : "none");
            snprintf(msg, sizeof(msg),
                     "HTTP/1.1 200 OK\r\nContent-Length: %zu\r\nConnection: close\r\n\r\n%s",
                     strlen(page), page);
            (void)mutls_write(conn, msg, strlen(msg));
        } else {
            const char *reply = s->reply != NULL ? s->reply : "Hello from the server.\n";
            (void)mutls_write(conn, reply, strlen(reply));
        }
    }
    (void)mutls_close(conn);
    mutls_free(conn);
}

static void *run(void *arg)
{
    tu_mserver *s = arg;

    while (s->done < s->count) {
        int fd = accept(s->listen_fd, NULL, NULL);
        if (fd < 0) {
            break;
        }
        tu_socket_timeout(fd, 20);
        serve(s, fd, &s->results[s->done]);
        shutdown(fd, SHUT_RDWR);
        close(fd);
        s->done++;
    }
    return NULL;
}

int tu_mserver_start(tu_mserver *s, const mutls_config *cfg, int count)
{
    int http = s->http;
    const char *reply = s->reply;

    memset(s, 0, sizeof(*s));
    s->http = http;
    s->reply = reply;
    s->cfg = cfg;
    s->count = count > TU_MSERVER_MAX ? TU_MSERVER_MAX : count;
    s->port = 0;
    s->listen_fd = tu_listen(&s->port);
    if (s->listen_fd < 0) {
        return -1;
    }
    if (pthread_create(&s->thread, NULL, run, s) != 0) {
        close(s->listen_fd);
        return -1;
    }
    return 0;
}

void tu_mserver_join(tu_mserver *s)
{
    pthread_join(s->thread, NULL);
    close(s->listen_fd);
}
