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
 *   fuzz_server_resume/hs-resume-*, fuzz_client_resume/hs-{resume,miss}-*,
 *     fuzz_session_load/sess-*: resumptions of the fixture sessions (fuzz_pair.c), and the
 *     sessions' byte form (resume_seeds below).
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
#include "session.h"

#ifndef MUTLS_FUZZING
#error "fuzz_seeds must be built with -DMUTLS_FUZZ=ON (deterministic RNG)"
#endif

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

/* Run one handshake, a message each way and a close; log both directions. */
static int record_pair(const mutls_config *ccfg, const mutls_config *scfg, fz_log *c2s, fz_log *s2c)
{
    return fz_pair(ccfg, scfg, NULL, c2s, s2c, NULL, NULL);
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
            fz_log c2s = {0}, s2c = {0};
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
            fz_log c2s = {0}, s2c = {0};
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
static int sealed_stream(const tu_rec_suite *s, int ccs, mutls_rng *rng, fz_log *out)
{
    static const uint8_t close_notify[2] = {MUTLS_ALERT_LEVEL_WARNING, 0};
    fz_end e = {out, out};
    mutls_record w;
    mutls_rec_keys k;
    uint8_t msg[64];
    size_t msg_len = tu_rec_make_msg(msg, 20, 12, 7);
    int rc;

    memset(&w, 0, sizeof(w));
    TRY(mutls_rec_init(&w, 16384, MUTLS_REC_DEFAULT_MAX_HANDSHAKE, rng));
    mutls_rec_set_transport(&w, fz_end_send, fz_end_recv, &e);
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
            fz_log b = {0};
            uint8_t head[2] = {(uint8_t)(i | (ccs ? 0x80 : 0)), 0x04 /* app chunk 62 */};

            fz_log_add(&b, head, 2);
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
                fz_log d = {0};
                uint8_t dhead[2] = {(uint8_t)(i | 0x10), MUTLS_CT_HANDSHAKE};

                fz_log_add(&d, dhead, 2);
                fz_log_add(&d, b.p + 2 + MUTLS_REC_HEADER_LEN, frag_len);
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

/* ---- resumption */

/* The first record of @p log, then a fatal handshake_failure alert in the clear: the peer
 * gives up after its hello (RFC 5246 §7.2.2: the session must then not be resumed). */
static void write_alert_seed(const char *target, const char *name, const fz_log *log,
                             const uint8_t *head, size_t head_len)
{
    static const uint8_t alert[] = {MUTLS_CT_ALERT, 3, 3, 0, 2, MUTLS_ALERT_LEVEL_FATAL, 40};
    fz_log out = {0};
    size_t first = log->len < 5 ? log->len : 5 + (((size_t)log->p[3] << 8) | log->p[4]);

    if (head_len > 0) {
        fz_log_add(&out, head, head_len);
    }
    fz_log_add(&out, log->p, first <= log->len ? first : log->len);
    fz_log_add(&out, alert, sizeof(alert));
    write_seed(target, name, out.p, out.len);
    free(out.p);
}

static void alert_seeds(const char *case_name, const fz_log *c2s, const fz_log *s2c)
{
    static const uint8_t head = 0; /* fuzz_client_resume: case 0 */
    char name[128];

    snprintf(name, sizeof(name), "hs-alert-%s", case_name);
    write_alert_seed("fuzz_server_resume", name, c2s, NULL, 0);
    write_alert_seed("fuzz_client_resume", name, s2c, &head, 1);
}

/* fuzz_server_resume/hs-resume-<case>: what a mutls client (fuzz_client_resume's
 * configuration) sent offering each case's session to a server holding every case (as
 * fuzz_server_resume's does before each input); fuzz_client_resume/hs-resume-<case> and
 * hs-miss-<case>: the case's number, then what the server sent, holding every case or none;
 * fuzz_session_load/sess-<case>-{client,server}: the sessions in their byte form. */
static int resume_seeds(void)
{
    fz_resume_case cases[FZ_RESUME_CASES];
    mutls_config *ccfg = fz_config(FZ_CFG_CLIENT_BOTH);
    mutls_config *scfg = fz_resume_server_config();
    int written[3] = {0, 0, 0};
    int rc = 0;

    fz_resume_make(cases);
    for (size_t i = 0; i < FZ_RESUME_CASES && rc == 0; i++) {
        const int should_resume = i < FZ_RESUME_BASES;
        uint8_t head = (uint8_t)i;
        char name[128];

        if (cases[i].client == NULL) {
            fprintf(stderr, "  resumption case %s not in this build: skipped\n", cases[i].name);
            continue;
        }
        for (int miss = 0; miss <= 1 && rc == 0; miss++) {
            fz_log c2s = {0}, s2c = {0}, in = {0};
            int reused = 0;
            int ok;

            if (miss && !should_resume) {
                break; /* no miss seed for a spoiled case: it is not resumed anyway */
            }
            fz_resume_fill(scfg, cases);
            if (miss && mutls_config_set_session_cache(scfg, 4, 0) != 0) {
                rc = -1;
                break;
            }
            ok = fz_pair(ccfg, scfg, cases[i].client, &c2s, &s2c, NULL, &reused) == 0;
            /* The spoiled cases are seeds whatever the server made of them (a full
             * handshake, or for etm-aead a resumption): only the bases must resume. */
            if (should_resume && (!ok || reused != !miss)) {
                fprintf(stderr, "fuzz_seeds: resumption case %s%s: %s, reused %d\n", cases[i].name,
                        miss ? " (empty cache)" : "", ok ? "ok" : "failed", reused);
                rc = -1;
            } else {
                if (!miss) {
                    snprintf(name, sizeof(name), "hs-resume-%s", cases[i].name);
                    write_seed("fuzz_server_resume", name, c2s.p, c2s.len);
                    written[0]++;
                }
                if (!miss && i == 0) {
                    alert_seeds(cases[i].name, &c2s, &s2c);
                    written[0]++;
                    written[1]++;
                }
                fz_log_add(&in, &head, 1);
                fz_log_add(&in, s2c.p, s2c.len);
                snprintf(name, sizeof(name), "hs-%s-%s", miss ? "miss" : "resume", cases[i].name);
                write_seed("fuzz_client_resume", name, in.p, in.len);
                written[1]++;
            }
            free(c2s.p);
            free(s2c.p);
            free(in.p);
        }
        for (int side = 0; side <= 1 && rc == 0; side++) {
            mutls_session *sess = side ? cases[i].server : cases[i].client;
            uint8_t id0 = sess->id[0];
            uint8_t buf[16384];
            size_t len = sizeof(buf);
            int save_rc;

            /* A spoiled case is saved with case 0's ID, so that fuzz_session_load plays it
             * against case 0's recorded resumption and the spoiled field decides. */
            if (i >= FZ_RESUME_BASES) {
                sess->id[0] = cases[0].client->id[0];
            }
            save_rc = mutls_session_save(sess, buf, &len);
            sess->id[0] = id0;
            if (save_rc != 0) {
                fprintf(stderr, "fuzz_seeds: saving session %s failed\n", cases[i].name);
                rc = -1;
                break;
            }
            snprintf(name, sizeof(name), "sess-%s-%s", cases[i].name, side ? "server" : "client");
            write_seed("fuzz_session_load", name, buf, len);
            written[2]++;
        }
    }
    fz_resume_free(cases);
    mutls_config_free(scfg);
    mutls_config_free(ccfg);
    printf("fuzz_server_resume: %d seeds\nfuzz_client_resume: %d seeds\n"
           "fuzz_session_load: %d seeds\n",
           written[0], written[1], written[2]);
    return rc;
}

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: fuzz_seeds <corpus directory>\n");
        return 2;
    }
    out_dir = argv[1];
    if (record_seeds() != 0 || server_seeds() != 0 || client_seeds() != 0 || resume_seeds() != 0) {
        return 1;
    }
    return 0;
}
