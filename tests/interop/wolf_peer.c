/* SPDX-License-Identifier: MIT */
/* wolf_peer.c - see wolf_peer.h. */
/* dladdr and Dl_info (see mp_rand below). */
#define _GNU_SOURCE
#include "wolf_peer.h"

#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include <wolfssl/error-ssl.h>
#include <wolfssl/wolfcrypt/ecc.h>
#include <wolfssl/wolfcrypt/error-crypt.h>
#include <wolfssl/wolfio.h>

#include "interop.h"

/*
 * A symbol clash, and how this program lives with it. Debian's wolfSSL is built with
 * WOLFSSL_PUBLIC_MP and exports mp_rand(mp_int *, int digits, WC_RNG *), the name libtommath
 * gives its mp_rand(mp_int *, int digits); wolfSSL calls its own through the PLT. In one
 * process the library loaded first serves both: wolfSSL's RSA blinding may then hand its own
 * integer type to libtommath's, or a caller of libtommath's get wolfSSL's without an RNG
 * (mutls itself no longer calls mp_rand: its RSA blinding draws from the connection's
 * generator, src/crypto_sig.c). The program's own definition precedes both libraries, and
 * passes each call on to the library its caller belongs to.
 */
typedef int (*wolf_rand_fn)(mp_int *a, int digits, WC_RNG *rng);
typedef int (*ltm_rand_fn)(void *a, int digits);
static wolf_rand_fn wolf_rand;
static ltm_rand_fn ltm_rand;
static const void *wolf_base;
static pthread_once_t rand_once = PTHREAD_ONCE_INIT;

static void rand_resolve(void)
{
    Dl_info wolf;
    void *h;

    /* dlsym on a library's handle looks in that library before its dependencies. */
    if (dladdr((void *)wolfSSL_Init, &wolf) != 0 &&
        (h = dlopen(wolf.dli_fname, RTLD_NOW | RTLD_NOLOAD)) != NULL) {
        wolf_base = wolf.dli_fbase;
        wolf_rand = (wolf_rand_fn)dlsym(h, "mp_rand");
    }
    h = dlopen("libtommath.so.1", RTLD_NOW | RTLD_NOLOAD);
    if (h != NULL) {
        ltm_rand = (ltm_rand_fn)dlsym(h, "mp_rand");
    }
}

int mp_rand(mp_int *a, int digits, WC_RNG *rng)
{
    Dl_info caller;

    pthread_once(&rand_once, rand_resolve);
    if (dladdr(__builtin_return_address(0), &caller) != 0 && caller.dli_fbase == wolf_base &&
        wolf_rand != NULL) {
        return wolf_rand(a, digits, rng);
    }
    if (ltm_rand == NULL) {
        fprintf(stderr, "mp_rand: neither wolfSSL's nor libtommath's could be found\n");
        abort();
    }
    return ltm_rand(a, digits);
}

/* wolfSSL's own suite list, "name:name:...", read by wp_init. */
static char wolf_ciphers[8192];

int wp_has_suite(const char *name)
{
    size_t n = strlen(name);

    for (const char *p = wolf_ciphers; (p = strstr(p, name)) != NULL; p += n) {
        if ((p == wolf_ciphers || p[-1] == ':') && (p[n] == ':' || p[n] == 0)) {
            return 1;
        }
    }
    return 0;
}

int wp_init(void)
{
    if (wolfSSL_Init() != WOLFSSL_SUCCESS ||
        wolfSSL_get_ciphers(wolf_ciphers, (int)sizeof(wolf_ciphers)) != WOLFSSL_SUCCESS) {
        return -1;
    }
    return 0;
}

static void track(wp_track *t, const uint8_t *p, size_t n)
{
    size_t k = n < sizeof(t->head) - t->head_len ? n : sizeof(t->head) - t->head_len;

    memcpy(t->head + t->head_len, p, k);
    t->head_len += k;
    while (n > 0) {
        if (t->left == 0) {
            t->hdr[t->have++] = *p++;
            n--;
            if (t->have == 5) {
                t->have = 0;
                t->left = (size_t)t->hdr[3] << 8 | t->hdr[4];
                t->max_any = t->left > t->max_any ? t->left : t->max_any;
                if (t->hdr[0] == 23) {
                    t->n_app++;
                    t->max_app = t->left > t->max_app ? t->left : t->max_app;
                }
            }
            continue;
        }
        k = n < t->left ? n : t->left;
        p += k;
        n -= k;
        t->left -= k;
    }
}

int wp_hello_has(const wp_track *t, unsigned type)
{
    const uint8_t *p = t->head;
    size_t n = t->head_len, off = 4 + 2 + 32, end;
    int client;

    if (n < 9 || p[0] != 22 || (p[5] != 1 && p[5] != 2)) {
        return -1;
    }
    client = p[5] == 1;
    n = n - 5 < ((size_t)p[3] << 8 | p[4]) ? n - 5 : (size_t)p[3] << 8 | p[4];
    p += 5;
    /* after the handshake header, version and random: session_id, then the client's
     * cipher_suites and compression_methods or the server's cipher_suite and method */
    if (off >= n) {
        return -1;
    }
    off += 1 + (size_t)p[off];
    if (client) {
        if (off + 2 > n) {
            return -1;
        }
        off += 2 + ((size_t)p[off] << 8 | p[off + 1]);
        if (off >= n) {
            return -1;
        }
        off += 1 + (size_t)p[off];
    } else {
        off += 2 + 1;
    }
    if (off + 2 > n) {
        return 0;
    }
    end = off + 2 + ((size_t)p[off] << 8 | p[off + 1]);
    end = end < n ? end : n;
    for (off += 2; off + 4 <= end; off += 4 + ((size_t)p[off + 2] << 8 | p[off + 3])) {
        if (((unsigned)p[off] << 8 | p[off + 1]) == type) {
            return 1;
        }
    }
    return 0;
}

int wp_downgrade_mark(const wp_track *t)
{
    static const uint8_t mark[8] = {0x44, 0x4f, 0x57, 0x4e, 0x47, 0x52, 0x44, 0x01};

    /* record header 5, handshake header 4, version 2, then the random's last 8 bytes */
    return t->head_len >= 5 + 4 + 2 + 32 && t->head[5] == 2 &&
           memcmp(t->head + 5 + 4 + 2 + 24, mark, sizeof(mark)) == 0;
}

static int io_send(WOLFSSL *ssl, char *buf, int sz, void *ctx)
{
    wp_peer *w = ctx;
    ssize_t n;

    (void)ssl;
    n = send(w->fd, buf, (size_t)sz, MSG_NOSIGNAL);
    if (n < 0) {
        return WOLFSSL_CBIO_ERR_CONN_CLOSE;
    }
    track(&w->sent, (const uint8_t *)buf, (size_t)n);
    return (int)n;
}

/* A timeout (EAGAIN under SO_RCVTIMEO) is a failure here, not WANT_READ: nothing may hang. */
static int io_recv(WOLFSSL *ssl, char *buf, int sz, void *ctx)
{
    wp_peer *w = ctx;
    ssize_t n;

    (void)ssl;
    n = recv(w->fd, buf, (size_t)sz, 0);
    if (n < 0) {
        return WOLFSSL_CBIO_ERR_GENERAL;
    }
    if (n == 0) {
        return WOLFSSL_CBIO_ERR_CONN_CLOSE;
    }
    track(&w->received, (const uint8_t *)buf, (size_t)n);
    return (int)n;
}

WOLFSSL_CTX *wp_ctx_new(int server, int v23, const char *identity, const char *trust)
{
    WOLFSSL_METHOD *method = server
                                 ? (v23 ? wolfSSLv23_server_method() : wolfTLSv1_2_server_method())
                                 : (v23 ? wolfSSLv23_client_method() : wolfTLSv1_2_client_method());
    WOLFSSL_CTX *ctx = wolfSSL_CTX_new(method);
    char cert[64], key[64];

    if (ctx == NULL || wolfSSL_CTX_load_verify_locations(ctx, tu_pki(trust ? trust : "cas.pem"),
                                                         NULL) != WOLFSSL_SUCCESS) {
        goto fail;
    }
    if (identity != NULL) {
        snprintf(cert, sizeof(cert), "%s.pem", identity);
        snprintf(key, sizeof(key), "%s.key", identity);
        if (wolfSSL_CTX_use_certificate_chain_file(ctx, tu_pki(cert)) != WOLFSSL_SUCCESS ||
            wolfSSL_CTX_use_PrivateKey_file(ctx, tu_pki(key), WOLFSSL_FILETYPE_PEM) !=
                WOLFSSL_SUCCESS) {
            goto fail;
        }
    }
    wolfSSL_CTX_set_verify(ctx,
                           server ? WOLFSSL_VERIFY_PEER | WOLFSSL_VERIFY_FAIL_IF_NO_PEER_CERT
                                  : WOLFSSL_VERIFY_PEER,
                           NULL);
    wolfSSL_SetIORecv(ctx, io_recv);
    wolfSSL_SetIOSend(ctx, io_send);
    return ctx;
fail:
    wolfSSL_CTX_free(ctx);
    return NULL;
}

static int wolf_echo(wp_peer *w, WOLFSSL *ssl)
{
    uint8_t *buf = malloc(w->o.echo);
    size_t got = 0, put = 0;
    int rc = 1;

    if (buf == NULL) {
        return MEMORY_E;
    }
    while (rc > 0 && got < w->o.echo) {
        rc = wolfSSL_read(ssl, buf + got, (int)(w->o.echo - got));
        got += rc > 0 ? (size_t)rc : 0;
    }
    while (rc > 0 && put < w->o.echo) {
        rc = wolfSSL_write(ssl, buf + put, (int)(w->o.echo - put));
        put += rc > 0 ? (size_t)rc : 0;
    }
    free(buf);
    return rc > 0 ? 0 : wolfSSL_get_error(ssl, rc);
}

static void note_alerts(wp_peer *w, WOLFSSL *ssl)
{
    WOLFSSL_ALERT_HISTORY h;

    memset(&h, 0, sizeof(h));
    (void)wolfSSL_get_alert_history(ssl, &h);
    w->alert_rx = h.last_rx.level == alert_fatal ? h.last_rx.code : -1;
    w->alert_tx = h.last_tx.level == alert_fatal ? h.last_tx.code : -1;
}

static void note_peer(wp_peer *w, WOLFSSL *ssl)
{
    WOLFSSL_X509 *peer = wolfSSL_get_peer_certificate(ssl);
    unsigned char *ms = NULL, *sr = NULL, *cr = NULL;
    unsigned int ms_len = 0, sr_len = 0, cr_len = 0;

    snprintf(w->version, sizeof(w->version), "%s", wolfSSL_get_version(ssl));
    snprintf(w->suite, sizeof(w->suite), "%s", wolfSSL_get_cipher_name(ssl));
    if (peer != NULL) {
        char *dn = wolfSSL_X509_NAME_oneline(wolfSSL_X509_get_subject_name(peer), NULL, 0);

        snprintf(w->subject, sizeof(w->subject), "%s", dn != NULL ? dn : "");
        XFREE(dn, NULL, DYNAMIC_TYPE_OPENSSL);
        wolfSSL_X509_free(peer);
    }
    w->resumed = wolfSSL_session_reused(ssl);
    /* The handshake's arrays, kept by wolfSSL_KeepArrays: the client's session holds no
     * master secret in this wolfSSL. */
    if (wolfSSL_get_keys(ssl, &ms, &ms_len, &sr, &sr_len, &cr, &cr_len) == WOLFSSL_SUCCESS &&
        ms_len == sizeof(w->master) && cr_len == sizeof(w->client_random)) {
        memcpy(w->master, ms, ms_len);
        memcpy(w->client_random, cr, cr_len);
    }
    wolfSSL_FreeArrays(ssl);
}

void *wp_run(void *arg)
{
    wp_peer *w = arg;
    WOLFSSL *ssl = wolfSSL_new(w->o.ctx);
    int ret = WOLFSSL_FAILURE;

    w->alert_rx = w->alert_tx = -1;
    if (ssl == NULL) {
        w->rc = MEMORY_E;
        goto out;
    }
    wolfSSL_SetIOReadCtx(ssl, w);
    wolfSSL_SetIOWriteCtx(ssl, w);
    if ((w->o.suite != NULL && wolfSSL_set_cipher_list(ssl, w->o.suite) != WOLFSSL_SUCCESS) ||
        (w->o.no_ems && wolfSSL_DisableExtendedMasterSecret(ssl) != WOLFSSL_SUCCESS) ||
        (w->o.no_etm && wolfSSL_AllowEncryptThenMac(ssl, 0) != WOLFSSL_SUCCESS) ||
        (w->o.mfl != 0 && wolfSSL_UseMaxFragment(ssl, w->o.mfl) != WOLFSSL_SUCCESS) ||
        (w->o.ticket && wolfSSL_UseSessionTicket(ssl) != WOLFSSL_SUCCESS) ||
        (!w->o.server && wolfSSL_check_domain_name(ssl, "localhost") != WOLFSSL_SUCCESS) ||
        (w->o.offer != NULL && wolfSSL_set_session(ssl, w->o.offer) != WOLFSSL_SUCCESS)) {
        w->rc = BAD_FUNC_ARG;
        goto out;
    }
    wolfSSL_KeepArrays(ssl);
    ret = w->o.server ? wolfSSL_accept(ssl) : wolfSSL_connect(ssl);
    w->rc = ret == WOLFSSL_SUCCESS ? 0 : wolfSSL_get_error(ssl, ret);
    note_alerts(w, ssl);
    if (w->rc == 0) {
        note_peer(w, ssl);
        if (w->o.keep != NULL) {
            *w->o.keep = wolfSSL_get1_session(ssl);
        }
        w->io_rc = w->o.echo > 0 ? wolf_echo(w, ssl) : 0;
        if (w->io_rc == 0) {
            /* First call: our close_notify goes out; we do not wait for the peer's. */
            ret = wolfSSL_shutdown(ssl);
            w->io_rc = ret == WOLFSSL_SUCCESS || ret == WOLFSSL_SHUTDOWN_NOT_DONE
                           ? 0
                           : wolfSSL_get_error(ssl, ret);
        }
    }
out:
    wolfSSL_ERR_error_string((unsigned long)(w->rc != 0 ? w->rc : w->io_rc), w->err);
    /* Our output is over: a mutls side still waiting for it sees the end at once. */
    shutdown(w->fd, SHUT_WR);
    wolfSSL_free(ssl);
    /* Debian's wolfSSL keeps a fixed-point ECC cache per thread (FP_ECC with HAVE_THREAD_LS),
     * about 2 MB here, which a thread must free before it ends or it leaks. */
    wc_ecc_fp_free();
    return NULL;
}
