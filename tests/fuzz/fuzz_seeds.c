/* SPDX-License-Identifier: MIT */
/*
 * fuzz_seeds.c - writes the generated seed corpora (built with the fuzz targets; run by
 * tests/fuzz/gen-corpus.sh, outputs committed under tests/fuzz/corpus/):
 *
 *   fuzz_server_hs/hs-*: every byte a real mutls client sent in a complete handshake, data
 *     exchange and close, one file per suite and client identity (RSA, ECDSA, none), against
 *     the server configuration fuzz_server_hs uses.
 *   fuzz_client_hs/hs-*: every byte a real mutls server sent, one file per suite and
 *     client-auth mode (REQUIRED, OPTIONAL, NONE), against fuzz_client_hs's configuration.
 *   fuzz_record/rec-*: records sealed with fuzz_record's fixed keys for every configuration,
 *     in each of its input layouts.
 *
 * It must run in the fuzz build: the recorded handshakes only replay to the end because both
 * there and in the harnesses the RNG is seeded with the same constant (MUTLS_FUZZING).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_common.h"
#include "rectest.h"
#include "record.h"

#ifndef MUTLS_FUZZING
#error "fuzz_seeds must be built with -DMUTLS_FUZZ=ON (deterministic RNG)"
#endif

/* ---- a growing byte log that is also one direction of a non-blocking transport */

typedef struct blog {
    uint8_t *p;
    size_t len;
    size_t cap;
    size_t rd; /* next byte the reading side gets */
} blog;

static void blog_add(blog *b, const uint8_t *data, size_t len)
{
    if (b->len + len > b->cap) {
        size_t cap = (b->len + len) * 2;
        uint8_t *p = realloc(b->p, cap);
        if (p == NULL) {
            abort();
        }
        b->p = p;
        b->cap = cap;
    }
    memcpy(b->p + b->len, data, len);
    b->len += len;
}

typedef struct end {
    blog *out;
    blog *in;
} end;

static int end_send(void *ctx, const uint8_t *buf, size_t len)
{
    end *e = ctx;
    blog_add(e->out, buf, len);
    return (int)len;
}

static int end_recv(void *ctx, uint8_t *buf, size_t len)
{
    end *e = ctx;
    size_t n = e->in->len - e->in->rd;

    if (n == 0) {
        return MUTLS_WANT_READ;
    }
    if (n > len) {
        n = len;
    }
    memcpy(buf, e->in->p + e->in->rd, n);
    e->in->rd += n;
    return (int)n;
}

static const char *out_dir;

static void write_seed(const char *target, const char *name, const uint8_t *p, size_t len)
{
    char path[1024];
    FILE *f;

    snprintf(path, sizeof(path), "%s/%s/%s", out_dir, target, name);
    f = fopen(path, "wb");
    if (f == NULL || fwrite(p, 1, len, f) != len || fclose(f) != 0) {
        fprintf(stderr, "fuzz_seeds: cannot write %s\n", path);
        exit(1);
    }
}

/* ---- handshakes */

static int pump(mutls_conn *c, mutls_conn *s)
{
    int rc_c = MUTLS_WANT_READ;
    int rc_s = MUTLS_WANT_READ;
    int i;

    for (i = 0; i < 100; i++) {
        if (rc_c == MUTLS_WANT_READ || rc_c == MUTLS_WANT_WRITE) {
            rc_c = mutls_handshake(c);
        }
        if (rc_s == MUTLS_WANT_READ || rc_s == MUTLS_WANT_WRITE) {
            rc_s = mutls_handshake(s);
        }
        if (rc_c != MUTLS_WANT_READ && rc_c != MUTLS_WANT_WRITE && rc_s != MUTLS_WANT_READ &&
            rc_s != MUTLS_WANT_WRITE) {
            break;
        }
    }
    if (rc_c != 0 || rc_s != 0) {
        fprintf(stderr, "  handshake: client %s (%s), server %s (%s)\n", mutls_strerror(rc_c),
                mutls_error_detail(c), mutls_strerror(rc_s), mutls_error_detail(s));
        return -1;
    }
    return 0;
}

/* Run one handshake, a message each way and a close; log both directions. */
static int record_pair(const mutls_config *ccfg, const mutls_config *scfg, blog *c2s, blog *s2c)
{
    end ce = {c2s, s2c};
    end se = {s2c, c2s};
    mutls_conn *c = NULL;
    mutls_conn *s = NULL;
    uint8_t buf[64];
    int rc = -1;

    if (mutls_conn_new(&c, ccfg) != 0 || mutls_conn_new(&s, scfg) != 0 ||
        mutls_set_io(c, end_send, end_recv, &ce) != 0 ||
        mutls_set_io(s, end_send, end_recv, &se) != 0 || mutls_set_hostname(c, "localhost") != 0) {
        goto out;
    }
    if (pump(c, s) != 0) {
        goto out;
    }
    if (mutls_write(c, "ping", 4) != 4 || mutls_read(s, buf, sizeof(buf)) != 4 ||
        mutls_write(s, "pong", 4) != 4 || mutls_read(c, buf, sizeof(buf)) != 4 ||
        mutls_close(c) != 0 || mutls_read(s, buf, sizeof(buf)) != 0 || mutls_close(s) != 0 ||
        mutls_read(c, buf, sizeof(buf)) != 0) {
        fprintf(stderr, "  data exchange failed\n");
        goto out;
    }
    rc = 0;
out:
    (mutls_free)(c);
    (mutls_free)(s);
    return rc;
}

static const char *const suites[] = {
    "ECDHE-ECDSA-AES128-GCM-SHA256",
    "ECDHE-ECDSA-AES256-GCM-SHA384",
    "ECDHE-ECDSA-CHACHA20-POLY1305",
    "ECDHE-RSA-AES128-GCM-SHA256",
    "ECDHE-RSA-AES256-GCM-SHA384",
    "ECDHE-RSA-CHACHA20-POLY1305",
    "ECDHE-RSA-AES128-SHA256",
    "AES128-GCM-SHA256",
    "AES256-GCM-SHA384",
    "AES128-SHA256",
    "AES128-SHA",
};
#define N_SUITES (sizeof(suites) / sizeof(suites[0]))

static int server_seeds(void)
{
    static const struct {
        fz_cfg_kind kind;
        const char *name;
    } clients[] = {{FZ_CFG_CLIENT, "rsa"}, {FZ_CFG_CLIENT_EC, "ec"}, {FZ_CFG_CLIENT_ANON, "anon"}};
    mutls_config *scfg = fz_config(FZ_CFG_SERVER);
    int written = 0;

    for (size_t i = 0; i < N_SUITES; i++) {
        for (size_t j = 0; j < sizeof(clients) / sizeof(clients[0]); j++) {
            mutls_config *ccfg = fz_config(clients[j].kind);
            blog c2s = {0}, s2c = {0};
            char name[128];

            if (mutls_config_set_suites(ccfg, suites[i]) != 0) {
                fprintf(stderr, "  suite %s not available: skipped\n", suites[i]);
            } else {
                /* With no client identity the server refuses the handshake: the client's
                 * bytes up to that point are still a useful seed. */
                int rc = record_pair(ccfg, scfg, &c2s, &s2c);
                if (rc == 0 || clients[j].kind == FZ_CFG_CLIENT_ANON) {
                    snprintf(name, sizeof(name), "hs-%s-%s", suites[i], clients[j].name);
                    write_seed("fuzz_server_hs", name, c2s.p, c2s.len);
                    written++;
                } else {
                    fprintf(stderr, "fuzz_seeds: %s with a %s client failed\n", suites[i],
                            clients[j].name);
                    return -1;
                }
            }
            free(c2s.p);
            free(s2c.p);
            mutls_config_free(ccfg);
        }
    }
    mutls_config_free(scfg);
    printf("fuzz_server_hs: %d seeds\n", written);
    return 0;
}

static int client_seeds(void)
{
    static const struct {
        mutls_client_auth mode;
        const char *name;
    } modes[] = {{MUTLS_CLIENT_AUTH_REQUIRED, "required"},
                 {MUTLS_CLIENT_AUTH_OPTIONAL, "optional"},
                 {MUTLS_CLIENT_AUTH_NONE, "none"}};
    mutls_config *ccfg = fz_config(FZ_CFG_CLIENT);
    int written = 0;

    for (size_t i = 0; i < N_SUITES; i++) {
        for (size_t j = 0; j < sizeof(modes) / sizeof(modes[0]); j++) {
            mutls_config *scfg = fz_config(FZ_CFG_SERVER);
            blog c2s = {0}, s2c = {0};
            char name[128];

            if (mutls_config_set_suites(scfg, suites[i]) != 0 ||
                mutls_config_set_client_auth(scfg, modes[j].mode) != 0) {
                fprintf(stderr, "  suite %s not available: skipped\n", suites[i]);
            } else if (record_pair(ccfg, scfg, &c2s, &s2c) != 0) {
                fprintf(stderr, "fuzz_seeds: %s (%s) failed\n", suites[i], modes[j].name);
                return -1;
            } else {
                snprintf(name, sizeof(name), "hs-%s-%s", suites[i], modes[j].name);
                write_seed("fuzz_client_hs", name, s2c.p, s2c.len);
                written++;
            }
            free(c2s.p);
            free(s2c.p);
            mutls_config_free(scfg);
        }
    }
    mutls_config_free(ccfg);
    printf("fuzz_client_hs: %d seeds\n", written);
    return 0;
}

/* ---- records */

static int rec_write_all(mutls_record *w, uint8_t type, const void *data, size_t len)
{
    int rc = mutls_rec_write(w, type, data, len);
    if (rc != (int)len) {
        return rc < 0 ? rc : MUTLS_ERR_INTERNAL;
    }
    return mutls_rec_flush(w);
}

/* Records for fuzz_record's stream layout: a handshake message, application data and a
 * close_notify; with @p ccs first the same under the null cipher, a CCS, then the keys. */
static int sealed_stream(const tu_rec_suite *s, int ccs, mutls_rng *rng, blog *out)
{
    static const uint8_t close_notify[2] = {MUTLS_ALERT_LEVEL_WARNING, 0};
    end e = {out, out};
    mutls_record w;
    mutls_rec_keys k;
    uint8_t msg[64];
    size_t msg_len = tu_rec_make_msg(msg, 20, 12, 7);
    int rc;

    memset(&w, 0, sizeof(w));
    TRY(mutls_rec_init(&w, 16384, MUTLS_REC_DEFAULT_MAX_HANDSHAKE, rng));
    mutls_rec_set_transport(&w, end_send, end_recv, &e);
    mutls_rec_set_version(&w, 0x0303);
    if (ccs) {
        rc = rec_write_all(&w, MUTLS_CT_HANDSHAKE, msg, msg_len);
        if (rc == 0) {
            rc = rec_write_all(&w, MUTLS_CT_CHANGE_CIPHER_SPEC, "\x01", 1);
        }
        if (rc != 0) {
            goto out;
        }
    }
    if (s != NULL) {
        tu_rec_keys(&k, s, 1);
        if ((rc = mutls_rec_set_write_keys(&w, &k)) != 0) {
            goto out;
        }
    }
    rc = rec_write_all(&w, MUTLS_CT_HANDSHAKE, msg, msg_len);
    if (rc == 0 && s != NULL) {
        rc = rec_write_all(&w, MUTLS_CT_APPLICATION_DATA, "hello, record layer", 19);
    }
    if (rc == 0) {
        rc = rec_write_all(&w, MUTLS_CT_ALERT, close_notify, sizeof(close_notify));
    }
out:
    mutls_rec_clear(&w);
    return rc;
}

static int record_seeds(void)
{
    mutls_rng *rng = NULL;
    int written = 0;

    TRY(mutls_rng_new(&rng, NULL, NULL));
    for (size_t i = 0; i <= tu_rec_suite_count; i++) {
        const tu_rec_suite *s = i < tu_rec_suite_count ? &tu_rec_suites[i] : NULL;
        char name[128];
        size_t n;

        for (int ccs = 0; ccs <= 1; ccs++) {
            blog b = {0};
            uint8_t head[2] = {(uint8_t)(i | (ccs ? 0x80 : 0)), 0x04 /* app chunk 62 */};

            blog_add(&b, head, 2);
            if (sealed_stream(s, ccs, rng, &b) != 0) {
                fprintf(stderr, "fuzz_seeds: sealing records for configuration %zu failed\n", i);
                return -1;
            }
            snprintf(name, sizeof(name), "rec-stream-%zu%s", i, ccs ? "-ccs" : "");
            for (n = 0; name[n]; n++) {
                name[n] = name[n] == ' ' ? '_' : name[n];
            }
            write_seed("fuzz_record", name, b.p, b.len);
            written++;
            /* The first protected record alone, as fuzz_record's direct-open layout: the
             * handshake message record follows the 2 layout bytes (and the null records). */
            if (!ccs && s != NULL) {
                size_t frag_len = ((size_t)b.p[2 + 3] << 8) | b.p[2 + 4];
                blog d = {0};
                uint8_t dhead[2] = {(uint8_t)(i | 0x10), MUTLS_CT_HANDSHAKE};

                blog_add(&d, dhead, 2);
                blog_add(&d, b.p + 2 + MUTLS_REC_HEADER_LEN, frag_len);
                snprintf(name, sizeof(name), "rec-open-%zu", i);
                write_seed("fuzz_record", name, d.p, d.len);
                written++;
                free(d.p);
            }
            free(b.p);
        }
    }
    mutls_rng_free(rng);
    printf("fuzz_record: %d seeds\n", written);
    return 0;
}

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: fuzz_seeds <corpus directory>\n");
        return 2;
    }
    out_dir = argv[1];
    if (record_seeds() != 0 || server_seeds() != 0 || client_seeds() != 0) {
        return 1;
    }
    return 0;
}
