/* SPDX-License-Identifier: MIT */
/*
 * drv_mutls.c - the mutls benchmark driver (drv.h): a server that requires a client
 * certificate, a client limited to the compared suite, both over mutls_set_fd.
 */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "drv.h"
#include "mutls.h"

typedef struct mutls_drv {
    mutls_config *cli, *srv;
} mutls_drv;

mutls_config *bench_mutls_config(int server, const char *id)
{
    mutls_role role = server ? MUTLS_ROLE_SERVER : MUTLS_ROLE_CLIENT;
    mutls_config *cfg = NULL;
    char pem[64], key[64];

    snprintf(pem, sizeof(pem), "%s.pem", id);
    snprintf(key, sizeof(key), "%s.key", id);
    if (mutls_config_new(&cfg, role) != 0 ||
        mutls_config_add_identity_file(cfg, bench_pki(0, pem), bench_pki(1, key), NULL) != 0 ||
        mutls_config_add_trust_file(cfg, bench_pki(2, "cas.pem")) != 0) {
        fprintf(stderr, "mutls driver: cannot load %s\n", id);
        mutls_config_free(cfg);
        return NULL;
    }
    return cfg;
}

static void *mutls_setup(bench_suite suite)
{
    const bench_suite_info *si = &bench_suites[suite];
    mutls_drv *d = calloc(1, sizeof(*d));

    if (d == NULL) {
        return NULL;
    }
    d->cli = bench_mutls_config(0, si->ec ? "client-ec" : "client");
    d->srv = bench_mutls_config(1, si->ec ? "server-ec" : "server");
    if (d->cli == NULL || d->srv == NULL || mutls_config_set_suites(d->cli, si->label) != 0 ||
        mutls_config_set_client_auth(d->srv, MUTLS_CLIENT_AUTH_REQUIRED) != 0) {
        mutls_config_free(d->cli);
        mutls_config_free(d->srv);
        free(d);
        return NULL;
    }
    return d;
}

static int pending(int rc)
{
    return rc == MUTLS_WANT_READ || rc == MUTLS_WANT_WRITE;
}

static int mutls_hs(void *ctx)
{
    mutls_drv *d = ctx;

    return bench_mutls_pair(d->cli, d->srv);
}

int bench_mutls_pair(mutls_config *cli, mutls_config *srv)
{
    mutls_conn *c = NULL, *s = NULL;
    int fd[2], rc_c = MUTLS_WANT_READ, rc_s = MUTLS_WANT_READ, i, ok = 0;

    if (bench_socketpair(fd) != 0) {
        return -1;
    }
    bench_enter(BENCH_CLIENT);
    rc_c = mutls_conn_new(&c, cli) == 0 && mutls_set_fd(c, fd[0]) == 0 &&
                   mutls_set_hostname(c, "localhost") == 0
               ? MUTLS_WANT_READ
               : -1;
    bench_leave(BENCH_CLIENT);
    bench_enter(BENCH_SERVER);
    rc_s = mutls_conn_new(&s, srv) == 0 && mutls_set_fd(s, fd[1]) == 0 ? MUTLS_WANT_READ : -1;
    bench_leave(BENCH_SERVER);
    for (i = 0; i < 200 && (pending(rc_c) || pending(rc_s)); i++) {
        if (pending(rc_c)) {
            bench_enter(BENCH_CLIENT);
            rc_c = mutls_handshake(c);
            bench_leave(BENCH_CLIENT);
        }
        if (pending(rc_s)) {
            bench_enter(BENCH_SERVER);
            rc_s = mutls_handshake(s);
            bench_leave(BENCH_SERVER);
        }
    }
    if (rc_c == 0 && rc_s == 0) {
        ok = 1;
        if (bench_after_handshake != NULL) {
            bench_after_handshake();
        }
    } else {
        fprintf(stderr, "mutls handshake failed: client %s / server %s\n",
                c != NULL ? mutls_error_detail(c) : "-", s != NULL ? mutls_error_detail(s) : "-");
    }
    bench_enter(BENCH_CLIENT);
    mutls_free(c);
    bench_leave(BENCH_CLIENT);
    bench_enter(BENCH_SERVER);
    mutls_free(s);
    bench_leave(BENCH_SERVER);
    close(fd[0]);
    close(fd[1]);
    return ok ? 0 : -1;
}

static void mutls_teardown(void *ctx)
{
    mutls_drv *d = ctx;

    if (d != NULL) {
        mutls_config_free(d->cli);
        mutls_config_free(d->srv);
        free(d);
    }
}

const bench_driver bench_drv_mutls = {"mutls", mutls_setup, mutls_hs, mutls_teardown};
