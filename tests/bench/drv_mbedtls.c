/* SPDX-License-Identifier: MIT */
/*
 * drv_mbedtls.c - the Mbed TLS (2.28, Debian's libmbedtls-dev) benchmark driver (drv.h). Same
 * certificates, keys and policy as the mutls driver: TLS 1.2 only, the one compared suite,
 * P-256 for ECDHE, client certificate required and verified, server name verified, no
 * session cache and no tickets.
 */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include <mbedtls/ctr_drbg.h>
#include <mbedtls/entropy.h>
#include <mbedtls/error.h>
#include <mbedtls/net_sockets.h>
#include <mbedtls/ssl.h>
#include <mbedtls/x509_crt.h>

#include "drv.h"

typedef struct mbed_side {
    mbedtls_ssl_config conf;
    mbedtls_x509_crt own, ca;
    mbedtls_pk_context key;
} mbed_side;

typedef struct mbed_drv {
    mbedtls_entropy_context entropy;
    mbedtls_ctr_drbg_context drbg;
    int suites[2];
    mbed_side side[2];
} mbed_drv;

static const mbedtls_ecp_group_id p256_only[] = {MBEDTLS_ECP_DP_SECP256R1, MBEDTLS_ECP_DP_NONE};

static int side_setup(mbed_drv *d, int server, const char *id)
{
    mbed_side *s = &d->side[server];
    char pem[64], key[64];

    snprintf(pem, sizeof(pem), "%s.pem", id);
    snprintf(key, sizeof(key), "%s.key", id);
    mbedtls_ssl_config_init(&s->conf);
    mbedtls_x509_crt_init(&s->own);
    mbedtls_x509_crt_init(&s->ca);
    mbedtls_pk_init(&s->key);
    if (mbedtls_x509_crt_parse_file(&s->own, bench_pki(0, pem)) != 0 ||
        mbedtls_pk_parse_keyfile(&s->key, bench_pki(1, key), NULL) != 0 ||
        mbedtls_x509_crt_parse_file(&s->ca, bench_pki(2, "cas.pem")) != 0 ||
        mbedtls_ssl_config_defaults(&s->conf,
                                    server ? MBEDTLS_SSL_IS_SERVER : MBEDTLS_SSL_IS_CLIENT,
                                    MBEDTLS_SSL_TRANSPORT_STREAM, MBEDTLS_SSL_PRESET_DEFAULT) != 0 ||
        mbedtls_ssl_conf_own_cert(&s->conf, &s->own, &s->key) != 0) {
        fprintf(stderr, "mbedtls driver: cannot set up %s\n", id);
        return -1;
    }
    mbedtls_ssl_conf_rng(&s->conf, mbedtls_ctr_drbg_random, &d->drbg);
    mbedtls_ssl_conf_ca_chain(&s->conf, &s->ca, NULL);
    mbedtls_ssl_conf_authmode(&s->conf, MBEDTLS_SSL_VERIFY_REQUIRED);
    mbedtls_ssl_conf_min_version(&s->conf, MBEDTLS_SSL_MAJOR_VERSION_3, MBEDTLS_SSL_MINOR_VERSION_3);
    mbedtls_ssl_conf_max_version(&s->conf, MBEDTLS_SSL_MAJOR_VERSION_3, MBEDTLS_SSL_MINOR_VERSION_3);
    mbedtls_ssl_conf_ciphersuites(&s->conf, d->suites);
    mbedtls_ssl_conf_curves(&s->conf, p256_only);
    mbedtls_ssl_conf_session_tickets(&s->conf, MBEDTLS_SSL_SESSION_TICKETS_DISABLED);
    return 0;
}

static void *mbed_setup(bench_suite suite)
{
    static const int ids[BENCH_SUITE_COUNT] = {
        [BENCH_RSA_AES128_GCM] = MBEDTLS_TLS_RSA_WITH_AES_128_GCM_SHA256,
        [BENCH_ECDHE_RSA_CHACHA20] = MBEDTLS_TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256,
        [BENCH_ECDHE_ECDSA_AES128_GCM] = MBEDTLS_TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,
    };
    const bench_suite_info *si = &bench_suites[suite];
    mbed_drv *d = calloc(1, sizeof(*d));

    if (d == NULL) {
        return NULL;
    }
    d->suites[0] = ids[suite];
    d->suites[1] = 0;
    mbedtls_entropy_init(&d->entropy);
    mbedtls_ctr_drbg_init(&d->drbg);
    if (mbedtls_ctr_drbg_seed(&d->drbg, mbedtls_entropy_func, &d->entropy, NULL, 0) != 0 ||
        side_setup(d, 0, si->ec ? "client-ec" : "client") != 0 ||
        side_setup(d, 1, si->ec ? "server-ec" : "server") != 0) {
        return NULL; /* a benchmark: the process exits right after */
    }
    return d;
}

/* 1 finished, 0 wants I/O, -1 failed */
static int step(mbedtls_ssl_context *ssl, int side)
{
    int rc;

    bench_enter(side);
    rc = mbedtls_ssl_handshake(ssl);
    bench_leave(side);
    if (rc == 0) {
        return 1;
    }
    if (rc == MBEDTLS_ERR_SSL_WANT_READ || rc == MBEDTLS_ERR_SSL_WANT_WRITE) {
        return 0;
    }
    {
        char msg[128];
        mbedtls_strerror(rc, msg, sizeof(msg));
        fprintf(stderr, "mbedtls %s: %s\n", side == BENCH_CLIENT ? "client" : "server", msg);
    }
    return -1;
}

static int mbed_hs(void *ctx)
{
    mbed_drv *d = ctx;
    mbedtls_ssl_context c, s;
    mbedtls_net_context fc, fs;
    int fd[2], st_c = 0, st_s = 0, i;

    if (bench_socketpair(fd) != 0) {
        return -1;
    }
    fc.fd = fd[0];
    fs.fd = fd[1];
    bench_enter(BENCH_CLIENT);
    mbedtls_ssl_init(&c);
    if (mbedtls_ssl_setup(&c, &d->side[0].conf) != 0 ||
        mbedtls_ssl_set_hostname(&c, "localhost") != 0) {
        st_c = -1;
    }
    mbedtls_ssl_set_bio(&c, &fc, mbedtls_net_send, mbedtls_net_recv, NULL);
    bench_leave(BENCH_CLIENT);
    bench_enter(BENCH_SERVER);
    mbedtls_ssl_init(&s);
    if (mbedtls_ssl_setup(&s, &d->side[1].conf) != 0) {
        st_s = -1;
    }
    mbedtls_ssl_set_bio(&s, &fs, mbedtls_net_send, mbedtls_net_recv, NULL);
    bench_leave(BENCH_SERVER);
    for (i = 0; i < 200 && st_c >= 0 && st_s >= 0 && (st_c == 0 || st_s == 0); i++) {
        if (st_c == 0) {
            st_c = step(&c, BENCH_CLIENT);
        }
        if (st_s == 0 && st_c >= 0) {
            st_s = step(&s, BENCH_SERVER);
        }
    }
    if (st_c == 1 && st_s == 1 && bench_after_handshake != NULL) {
        bench_after_handshake();
    }
    bench_enter(BENCH_CLIENT);
    mbedtls_ssl_free(&c);
    bench_leave(BENCH_CLIENT);
    bench_enter(BENCH_SERVER);
    mbedtls_ssl_free(&s);
    bench_leave(BENCH_SERVER);
    close(fd[0]);
    close(fd[1]);
    return st_c == 1 && st_s == 1 ? 0 : -1;
}

static void mbed_teardown(void *ctx)
{
    mbed_drv *d = ctx;
    int i;

    if (d == NULL) {
        return;
    }
    for (i = 0; i < 2; i++) {
        mbedtls_ssl_config_free(&d->side[i].conf);
        mbedtls_x509_crt_free(&d->side[i].own);
        mbedtls_x509_crt_free(&d->side[i].ca);
        mbedtls_pk_free(&d->side[i].key);
    }
    mbedtls_ctr_drbg_free(&d->drbg);
    mbedtls_entropy_free(&d->entropy);
    free(d);
}

const bench_driver bench_drv_mbedtls = {"Mbed TLS", mbed_setup, mbed_hs, mbed_teardown};
