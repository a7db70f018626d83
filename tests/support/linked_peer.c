/* SPDX-License-Identifier: MIT */
/* linked_peer.c - one connection with a linked-in peer on a thread (see linked_peer.h). */
#include "linked_peer.h"

#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "echo_peer.h"
#include "peer.h"
#include "testutil.h"

#include <cmocka.h>

void lp_run(const lp_thread *t, const mutls_config *cfg, lp_side *s, const mutls_session *offer,
            mutls_session **keep)
{
    mutls_conn *conn = NULL;
    int fd[2];
    char buf[64];

    /* No assertion may fail while the thread runs: it uses the peer and the socket. */
    memset(s, 0, sizeof(*s));
    ep_keylog_line[0] = 0;
    assert_int_equal(socketpair(AF_UNIX, SOCK_STREAM, 0, fd), 0);
    tu_socket_timeout(fd[0], 10);
    tu_socket_timeout(fd[1], 10);
    assert_int_equal(mutls_conn_new(&conn, cfg), 0);
    assert_int_equal(mutls_set_fd(conn, fd[0]), 0);
    if (t->peer_is_server) {
        assert_int_equal(mutls_set_hostname(conn, "localhost"), 0);
        if (offer != NULL) {
            assert_int_equal(mutls_set_session(conn, offer), 0);
        }
    }
    *t->fd = fd[1];
    assert_int_equal(pthread_create(t->thread, NULL, t->main, t->arg), 0);
    s->rc = mutls_handshake(conn);
    if (s->rc == 0) {
        snprintf(s->version, sizeof(s->version), "%s", mutls_get_version(conn));
        snprintf(s->suite, sizeof(s->suite), "%s", mutls_get_suite(conn));
        snprintf(s->subject, sizeof(s->subject), "%s", mutls_peer_subject(conn));
        s->reused = mutls_session_reused(conn);
        s->send_limit = mutls_get_record_limit(conn, 1);
        snprintf(s->keylog, sizeof(s->keylog), "%s", ep_keylog_line);
        s->io_rc = t->echo > 0 ? ep_echo(conn, t->echo) : 0;
        if (s->io_rc == 0) {
            int r = mutls_read(conn, buf, sizeof(buf));
            s->io_rc = r == 0 ? 0 : r > 0 ? MUTLS_ERR_INTERNAL : r;
        }
        if (keep != NULL && s->io_rc == 0) {
            s->io_rc = mutls_get_session(conn, keep);
        }
        (void)mutls_close(conn);
    }
    snprintf(s->detail, sizeof(s->detail), "%s", mutls_error_detail(conn));
    s->alert_sent = mutls_alert_sent(conn);
    s->alert_received = mutls_alert_received(conn);
    mutls_free(conn);
    /* Our output is over too: a peer still waiting sees the end. */
    shutdown(fd[0], SHUT_WR);
    pthread_join(*t->thread, NULL);
    close(fd[0]);
    close(fd[1]);
}
