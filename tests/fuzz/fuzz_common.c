/* SPDX-License-Identifier: MIT */
/*
 * fuzz_common.c - see fuzz_common.h. Start-up fixtures use the C library's allocator, not
 * mutls_alloc, so that they never count as leaks of the code under test.
 */
#include "fuzz_common.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mem.h"
#include "pem.h"

uint8_t *fz_read_vector(const char *relative, size_t *len)
{
    char path[1024];
    FILE *f;
    uint8_t *buf;
    long n;

    snprintf(path, sizeof(path), "%s/%s", MUTLS_VECTORS_DIR, relative);
    f = fopen(path, "rb");
    if (f == NULL || fseek(f, 0, SEEK_END) != 0 || (n = ftell(f)) < 0 ||
        fseek(f, 0, SEEK_SET) != 0) {
        fprintf(stderr, "fuzz: cannot read %s\n", path);
        abort();
    }
    buf = malloc((size_t)n + 1);
    if (buf == NULL || fread(buf, 1, (size_t)n, f) != (size_t)n) {
        fprintf(stderr, "fuzz: cannot read %s\n", path);
        abort();
    }
    fclose(f);
    buf[n] = 0;
    *len = (size_t)n;
    return buf;
}

uint8_t *fz_read_pem_der(const char *relative, size_t *len)
{
    size_t text_len;
    size_t pos = 0;
    mutls_slice label;
    uint8_t *der = NULL;
    size_t der_len = 0;
    uint8_t *text = fz_read_vector(relative, &text_len);
    uint8_t *copy;

    if (mutls_pem_next(text, text_len, &pos, &label, &der, &der_len) != 1) {
        fprintf(stderr, "fuzz: no PEM block in %s\n", relative);
        abort();
    }
    copy = malloc(der_len);
    if (copy == NULL) {
        abort();
    }
    memcpy(copy, der, der_len);
    mutls_free_secret(der, der_len);
    free(text);
    *len = der_len;
    return copy;
}

int64_t fz_time(void *ctx)
{
    (void)ctx;
    return FZ_FIXED_TIME;
}

int fz_stream_send(void *ctx, const uint8_t *buf, size_t len)
{
    (void)ctx;
    (void)buf;
    return len > INT32_MAX ? INT32_MAX : (int)len;
}

int fz_stream_recv(void *ctx, uint8_t *buf, size_t len)
{
    fz_stream *s = ctx;
    size_t n = s->len - s->off;

    if (n == 0) {
        return 0;
    }
    if (n > len) {
        n = len;
    }
    if (s->chunk > 0 && n > s->chunk) {
        n = s->chunk;
    }
    memcpy(buf, s->p + s->off, n);
    s->off += n;
    return (int)n;
}

void fz_fail(const char *what, int rc)
{
    fprintf(stderr, "fuzz: %s (rc %d: %s)\n", what, rc, mutls_strerror(rc));
    abort();
}

static void add_identity(mutls_config *cfg, const char *chain, const char *key)
{
    size_t chain_len, key_len;
    uint8_t *c = fz_read_vector(chain, &chain_len);
    uint8_t *k = fz_read_vector(key, &key_len);
    int rc = mutls_config_add_identity(cfg, c, chain_len, k, key_len, NULL);

    if (rc != 0) {
        fz_fail("config_add_identity", rc);
    }
    free(c);
    free(k);
}

mutls_config *fz_config(fz_cfg_kind kind)
{
    mutls_config *cfg = NULL;
    size_t len;
    uint8_t *trust;
    int rc;

    rc = mutls_config_new(&cfg, kind == FZ_CFG_SERVER ? MUTLS_ROLE_SERVER : MUTLS_ROLE_CLIENT);
    if (rc != 0) {
        fz_fail("config_new", rc);
    }
    trust = fz_read_vector("pki/cas.pem", &len);
    rc = mutls_config_add_trust(cfg, trust, len);
    if (rc != 0) {
        fz_fail("config_add_trust", rc);
    }
    free(trust);
    mutls_config_set_time(cfg, fz_time, NULL);
    switch (kind) {
    case FZ_CFG_SERVER:
        add_identity(cfg, "pki/server.pem", "pki/server.key");
        add_identity(cfg, "pki/server-ec.pem", "pki/server-ec.key");
        break;
    case FZ_CFG_CLIENT:
        add_identity(cfg, "pki/client.pem", "pki/client.key");
        break;
    case FZ_CFG_CLIENT_EC:
        add_identity(cfg, "pki/client-ec.pem", "pki/client-ec.key");
        break;
    case FZ_CFG_CLIENT_ANON:
        break;
    case FZ_CFG_CLIENT_BOTH:
        add_identity(cfg, "pki/client.pem", "pki/client.key");
        add_identity(cfg, "pki/client-ec.pem", "pki/client-ec.key");
        break;
    }
    return cfg;
}

static void check_conn_code(const char *what, int rc)
{
    if (strcmp(mutls_strerror(rc), "unknown_error") == 0 && rc < 0) {
        fz_fail(what, rc);
    }
}

static int run_conn(const mutls_config *cfg, int is_client, const mutls_session *offer,
                    const uint8_t *data, size_t size);

int fz_run_conn(const mutls_config *cfg, int is_client, const uint8_t *data, size_t size)
{
    return run_conn(cfg, is_client, NULL, data, size);
}

int fz_run_conn_offer(const mutls_config *cfg, const mutls_session *offer, const uint8_t *data,
                      size_t size)
{
    return run_conn(cfg, 1, offer, data, size);
}

static int run_conn(const mutls_config *cfg, int is_client, const mutls_session *offer,
                    const uint8_t *data, size_t size)
{
    fz_stream st = {data, size, 0, 0};
    mutls_conn *conn = NULL;
    uint8_t buf[4096];
    int hs_rc;
    int rc;
    int i;

    rc = mutls_conn_new(&conn, cfg);
    if (rc != 0) {
        fz_fail("conn_new", rc);
    }
    if (mutls_set_io(conn, fz_stream_send, fz_stream_recv, &st) != 0 ||
        (is_client && mutls_set_hostname(conn, "localhost") != 0)) {
        fz_fail("conn set-up", -1);
    }
    if (offer != NULL && (rc = mutls_set_session(conn, offer)) != 0) {
        fz_fail("set_session", rc);
    }
    /* The transport never says WANT_*, so one call must finish; the bound is a safety net
     * that turns a spin into a crash report instead of a timeout. */
    for (i = 0; i < 8; i++) {
        hs_rc = mutls_handshake(conn);
        if (hs_rc != MUTLS_WANT_READ && hs_rc != MUTLS_WANT_WRITE) {
            break;
        }
    }
    if (i == 8) {
        fz_fail("handshake keeps asking for I/O on a blocking transport", hs_rc);
    }
    check_conn_code("handshake", hs_rc);
    if (getenv("FZ_TRACE") != NULL) {
        /* Seeing how far an input gets: FZ_TRACE=1 ./fuzz_server_hs -runs=0 <files> */
        fprintf(stderr, "fuzz: handshake %s after %zu of %zu bytes: %s\n", mutls_strerror(hs_rc),
                st.off, st.len, mutls_error_detail(conn));
    }
    if (hs_rc > 0) {
        fz_fail("handshake returned a positive value", hs_rc);
    }
    if (hs_rc == 0) {
        (void)mutls_get_suite(conn);
        (void)mutls_peer_subject(conn);
        (void)mutls_session_reused(conn);
        if (is_client) {
            /* What a client keeps of the handshake, in its byte form, as an application
             * saving it would. */
            mutls_session *s = NULL;
            uint8_t sbuf[8192];
            size_t slen = sizeof(sbuf);
            rc = mutls_get_session(conn, &s);
            check_conn_code("get_session", rc);
            if (rc == 0) {
                rc = mutls_session_save(s, sbuf, &slen);
                if (rc != 0 && rc != MUTLS_ERR_BUFFER_TOO_SMALL) {
                    fz_fail("session_save of a handshake's session", rc);
                }
                mutls_session_free(s);
            }
        }
        for (i = 0; i < 1000; i++) {
            rc = mutls_read(conn, buf, sizeof(buf));
            if (rc <= 0) {
                check_conn_code("read", rc);
                break;
            }
            if ((size_t)rc > sizeof(buf)) {
                fz_fail("read returned more than asked", rc);
            }
        }
        check_conn_code("write", mutls_write(conn, "pong", 4));
        check_conn_code("close", mutls_close(conn));
    } else if (strlen(mutls_error_detail(conn)) == 0) {
        fz_fail("handshake failed without a detail", hs_rc);
    }
    (mutls_free)(conn);
    return hs_rc;
}
