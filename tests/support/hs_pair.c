/* SPDX-License-Identifier: MIT */
/*
 * hs_pair.c - see hs_pair.h.
 */
#include "hs_pair.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "built.h"
#include "testutil.h"

#include <cmocka.h>

mutls_config *hp_config(mutls_role role, const char *identity, const char *trust)
{
    mutls_config *cfg = NULL;
    char chain[512], key[512];

    assert_int_equal(mutls_config_new(&cfg, role), 0);
    if (identity != NULL) {
        snprintf(chain, sizeof(chain), "%spki/%s.pem", tu_vector_path(""), identity);
        snprintf(key, sizeof(key), "%spki/%s.key", tu_vector_path(""), identity);
        assert_int_equal(mutls_config_add_identity_file(cfg, chain, key, NULL), 0);
    }
    if (trust != NULL) {
        char t[512];
        snprintf(t, sizeof(t), "%spki/%s", tu_vector_path(""), trust);
        assert_int_equal(mutls_config_add_trust_file(cfg, t), 0);
    }
    return cfg;
}

mutls_config *hp_server_config(mutls_client_auth mode)
{
    mutls_config *cfg = hp_config(MUTLS_ROLE_SERVER, "server", "cas.pem");
    char chain[512], key[512];

    snprintf(chain, sizeof(chain), "%spki/server-ec.pem", tu_vector_path(""));
    snprintf(key, sizeof(key), "%spki/server-ec.key", tu_vector_path(""));
    assert_int_equal(mutls_config_add_identity_file(cfg, chain, key, NULL), 0);
    assert_int_equal(mutls_config_set_client_auth(cfg, mode), 0);
    return cfg;
}

void hp_open(hp_pair *p, const mutls_config *client, const mutls_config *server)
{
    memset(p, 0, sizeof(*p));
    assert_int_equal(socketpair(AF_UNIX, SOCK_STREAM, 0, p->fd), 0);
    for (int i = 0; i < 2; i++) {
        int fl = fcntl(p->fd[i], F_GETFL);
        assert_int_equal(fcntl(p->fd[i], F_SETFL, fl | O_NONBLOCK), 0);
    }
    assert_int_equal(mutls_conn_new(&p->client, client), 0);
    assert_int_equal(mutls_conn_new(&p->server, server), 0);
    assert_int_equal(mutls_set_fd(p->client, p->fd[0]), 0);
    assert_int_equal(mutls_set_fd(p->server, p->fd[1]), 0);
    assert_int_equal(mutls_set_hostname(p->client, "localhost"), 0);
    p->rc_client = p->rc_server = MUTLS_WANT_READ;
}

static int pending(int rc)
{
    return rc == MUTLS_WANT_READ || rc == MUTLS_WANT_WRITE;
}

void hp_handshake(hp_pair *p)
{
    /* Each round lets both sides run until they block; a handshake needs a few rounds. */
    for (int round = 0; round < 100 && (pending(p->rc_client) || pending(p->rc_server));
         round++) {
        if (pending(p->rc_client)) {
            p->rc_client = mutls_handshake(p->client);
        }
        if (pending(p->rc_server)) {
            p->rc_server = mutls_handshake(p->server);
        }
        /* One side failed: let the other see the alert, then stop. */
        if ((p->rc_client < 0 && !pending(p->rc_client)) ||
            (p->rc_server < 0 && !pending(p->rc_server))) {
            if (pending(p->rc_client)) {
                p->rc_client = mutls_handshake(p->client);
            }
            if (pending(p->rc_server)) {
                p->rc_server = mutls_handshake(p->server);
            }
            break;
        }
    }
}

static void transfer(mutls_conn *from, mutls_conn *to, const char *msg)
{
    char buf[256];
    int n = MUTLS_WANT_READ;

    assert_int_equal(mutls_write(from, msg, strlen(msg)), (int)strlen(msg));
    for (int i = 0; i < 100 && n == MUTLS_WANT_READ; i++) {
        n = mutls_read(to, buf, sizeof(buf));
    }
    assert_int_equal(n, (int)strlen(msg));
    assert_memory_equal(buf, msg, strlen(msg));
}

void hp_exchange_and_close(hp_pair *p)
{
    char buf[16];
    int n = MUTLS_WANT_READ;

    transfer(p->client, p->server, "hello from the client");
    transfer(p->server, p->client, "hello from the server");
    assert_int_equal(mutls_close(p->client), 0);
    for (int i = 0; i < 100 && n == MUTLS_WANT_READ; i++) {
        n = mutls_read(p->server, buf, sizeof(buf));
    }
    assert_int_equal(n, 0); /* close_notify: a clean end */
    assert_int_equal(mutls_close(p->server), 0);
    n = MUTLS_WANT_READ;
    for (int i = 0; i < 100 && n == MUTLS_WANT_READ; i++) {
        n = mutls_read(p->client, buf, sizeof(buf));
    }
    assert_int_equal(n, 0);
}

int hp_have_static_rsa(void)
{
    return tu_built(TU_PART_STATIC_RSA);
}

int hp_have_cbc(void)
{
    return tu_built(TU_PART_CBC);
}

void hp_close(hp_pair *p)
{
    mutls_free(p->client);
    mutls_free(p->server);
    close(p->fd[0]);
    close(p->fd[1]);
    p->client = p->server = NULL;
}
