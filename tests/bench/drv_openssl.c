/* SPDX-License-Identifier: MIT */
/*
 * drv_openssl.c - the OpenSSL (libssl) benchmark driver (drv.h). Same certificates, keys and
 * policy as the mutls driver: TLS 1.2 only, the one compared suite, P-256 for ECDHE, the
 * server requires and verifies a client certificate, the client verifies the server's name;
 * no session cache and no tickets, so every handshake is a full one.
 */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include <openssl/err.h>
#include <openssl/ssl.h>

#include "drv.h"

typedef struct ossl_drv {
    SSL_CTX *cli, *srv;
} ossl_drv;

static SSL_CTX *make_ctx(int server, const char *id, const char *suite)
{
    SSL_CTX *ctx = SSL_CTX_new(server ? TLS_server_method() : TLS_client_method());
    char pem[64], key[64];

    snprintf(pem, sizeof(pem), "%s.pem", id);
    snprintf(key, sizeof(key), "%s.key", id);
    if (ctx == NULL || SSL_CTX_set_min_proto_version(ctx, TLS1_2_VERSION) != 1 ||
        SSL_CTX_set_max_proto_version(ctx, TLS1_2_VERSION) != 1 ||
        SSL_CTX_set_cipher_list(ctx, suite) != 1 || SSL_CTX_set1_groups_list(ctx, "P-256") != 1 ||
        SSL_CTX_use_certificate_chain_file(ctx, bench_pki(0, pem)) != 1 ||
        SSL_CTX_use_PrivateKey_file(ctx, bench_pki(1, key), SSL_FILETYPE_PEM) != 1 ||
        SSL_CTX_load_verify_locations(ctx, bench_pki(2, "cas.pem"), NULL) != 1) {
        fprintf(stderr, "openssl driver: cannot set up %s\n", id);
        ERR_print_errors_fp(stderr);
        SSL_CTX_free(ctx);
        return NULL;
    }
    SSL_CTX_set_options(ctx, SSL_OP_NO_TICKET);
    SSL_CTX_set_session_cache_mode(ctx, SSL_SESS_CACHE_OFF);
    SSL_CTX_set_verify(ctx, SSL_VERIFY_PEER | (server ? SSL_VERIFY_FAIL_IF_NO_PEER_CERT : 0),
                       NULL);
    return ctx;
}

static void *ossl_setup(bench_suite suite)
{
    const bench_suite_info *si = &bench_suites[suite];
    ossl_drv *d = calloc(1, sizeof(*d));

    if (d == NULL) {
        return NULL;
    }
    d->cli = make_ctx(0, si->ec ? "client-ec" : "client", si->label);
    d->srv = make_ctx(1, si->ec ? "server-ec" : "server", si->label);
    if (d->cli == NULL || d->srv == NULL) {
        SSL_CTX_free(d->cli);
        SSL_CTX_free(d->srv);
        free(d);
        return NULL;
    }
    return d;
}

/* 1 finished, 0 wants I/O, -1 failed */
static int step(SSL *ssl, int side)
{
    int rc, err;

    bench_enter(side);
    rc = SSL_do_handshake(ssl);
    err = rc == 1 ? SSL_ERROR_NONE : SSL_get_error(ssl, rc);
    bench_leave(side);
    if (rc == 1) {
        return 1;
    }
    return err == SSL_ERROR_WANT_READ || err == SSL_ERROR_WANT_WRITE ? 0 : -1;
}

static int ossl_hs(void *ctx)
{
    ossl_drv *d = ctx;
    SSL *c, *s;
    int fd[2], st_c = 0, st_s = 0, i;

    if (bench_socketpair(fd) != 0) {
        return -1;
    }
    bench_enter(BENCH_CLIENT);
    c = SSL_new(d->cli);
    if (c != NULL) {
        SSL_set_fd(c, fd[0]);
        SSL_set1_host(c, "localhost");
        SSL_set_connect_state(c);
    }
    bench_leave(BENCH_CLIENT);
    bench_enter(BENCH_SERVER);
    s = SSL_new(d->srv);
    if (s != NULL) {
        SSL_set_fd(s, fd[1]);
        SSL_set_accept_state(s);
    }
    bench_leave(BENCH_SERVER);
    if (c == NULL || s == NULL) {
        st_c = -1;
    }
    for (i = 0; i < 200 && (st_c == 0 || st_s == 0); i++) {
        if (st_c == 0) {
            st_c = step(c, BENCH_CLIENT);
        }
        if (st_s == 0 && st_c >= 0) {
            st_s = step(s, BENCH_SERVER);
        }
        if (st_c < 0 || st_s < 0) {
            break;
        }
    }
    if (st_c == 1 && st_s == 1) {
        if (bench_after_handshake != NULL) {
            bench_after_handshake();
        }
    } else {
        fprintf(stderr, "openssl handshake failed (%d/%d)\n", st_c, st_s);
        ERR_print_errors_fp(stderr);
    }
    bench_enter(BENCH_CLIENT);
    SSL_free(c);
    bench_leave(BENCH_CLIENT);
    bench_enter(BENCH_SERVER);
    SSL_free(s);
    bench_leave(BENCH_SERVER);
    close(fd[0]);
    close(fd[1]);
    return st_c == 1 && st_s == 1 ? 0 : -1;
}

static void ossl_teardown(void *ctx)
{
    ossl_drv *d = ctx;

    if (d != NULL) {
        SSL_CTX_free(d->cli);
        SSL_CTX_free(d->srv);
        free(d);
    }
}

const bench_driver bench_drv_openssl = {"OpenSSL", ossl_setup, ossl_hs, ossl_teardown};
