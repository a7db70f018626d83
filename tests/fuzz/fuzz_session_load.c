/* SPDX-License-Identifier: MIT */
/*
 * fuzz_session_load.c - libFuzzer harness: the input is a saved session (the byte form of
 * mutls_session_save, session.c: version, ID, master secret, suite, flags, times, server
 * name, trust_id, our own certificate's digest, max_fragment_length, the peer's
 * certificate_list, the ticket), as an application would read back from flash or a file.
 *
 * Target functions: mutls_session_load; when it loads, mutls_session_save must give back
 * exactly the input (asked for its length, into a buffer one byte short, then in full: the
 * format has one encoding per session; an older version's input saves as the current one,
 * which must load back and give back its own bytes), and then the session is used both ways on a
 * resumption recorded at start-up (that of the fz_resume_make base case with the session's
 * ID, else of case 0): offered by a client
 * (mutls_set_session, the ClientHello offer rules, mutls_hs_client_resume, restoring the
 * server chain from the session's bytes) against the server's recorded abbreviated flight,
 * and put in a server's cache (mutls_hs_server_resume, its checks, restoring the client
 * chain) against the client's recorded flight. The unmutated seeds of the base cases replay
 * both to the end; mutations of the suite, flags, times, name, trust or chain reach each rule.
 *
 * Seeds: tests/fuzz/corpus/fuzz_session_load/sess-<case>-{client,server}, written by
 * fuzz_seeds: each fixture case's sessions as mutls_session_save writes them (version 3);
 * min-v2-sess-*: the same cases as version 2 wrote them, kept for the older form's path.
 */
#include <stdlib.h>
#include <string.h>

#include "fuzz_common.h"
#include "handshake.h"
#include "session.h"

static mutls_config *ccfg, *scfg;
static fz_resume_case cases[FZ_RESUME_CASES];
/* The recorded resumption of each base case (both directions). */
static fz_log c2s[FZ_RESUME_BASES], s2c[FZ_RESUME_BASES];

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    ccfg = fz_config(FZ_CFG_CLIENT_BOTH);
    scfg = fz_resume_server_config();
    fz_resume_make(cases);
    for (size_t i = 0; i < FZ_RESUME_BASES; i++) {
        int reused = 0;
        if (cases[i].client == NULL) {
            continue; /* that suite is not in this build */
        }
        fz_resume_fill(scfg, cases);
        if (fz_pair(ccfg, scfg, cases[i].client, &c2s[i], &s2c[i], NULL, &reused) != 0 || !reused) {
            fz_fail("recording a resumed handshake", -1);
        }
    }
    return 0;
}

/* The base case whose session ID @p s has (its recorded flights then resume), else 0. */
static size_t pick(const mutls_session *s)
{
    for (size_t i = 0; i < FZ_RESUME_BASES; i++) {
        const mutls_session *c = cases[i].client;
        if (c != NULL && c->id_len == s->id_len && memcmp(c->id, s->id, s->id_len) == 0) {
            return i;
        }
    }
    return 0;
}

static void round_trip(const mutls_session *s, const uint8_t *data, size_t size)
{
    uint8_t *buf;
    size_t n = 0;
    int rc = mutls_session_save(s, NULL, &n);

    if (rc != 0 || n != size) {
        fz_fail("session_save: the length differs from the bytes loaded", rc);
    }
    buf = malloc(size);
    if (buf == NULL) {
        abort();
    }
    n = size - 1;
    rc = mutls_session_save(s, buf, &n);
    if (rc != MUTLS_ERR_BUFFER_TOO_SMALL || n != size) {
        fz_fail("session_save into a buffer one byte short", rc);
    }
    n = size;
    rc = mutls_session_save(s, buf, &n);
    if (rc != 0 || n != size || memcmp(buf, data, size) != 0) {
        fz_fail("session_save does not give back the bytes loaded", rc);
    }
    free(buf);
}

/* An older byte form (versions 1 and 2, session.c) saves as the current one, which must load
 * back and then give back exactly its own bytes. */
static void round_trip_older(const mutls_session *s)
{
    mutls_session *back = NULL;
    uint8_t *buf = NULL;
    size_t n = 0;
    int rc = mutls_session_save(s, NULL, &n);

    if (rc != 0 || n == 0 || (buf = malloc(n)) == NULL) {
        fz_fail("session_save of an older form: its length", rc);
        abort();
    }
    rc = mutls_session_save(s, buf, &n);
    if (rc != 0 || buf[0] != 3 || (rc = mutls_session_load(&back, buf, n)) != 0) {
        fz_fail("an older form saved as version 3 does not load back", rc);
    }
    round_trip(back, buf, n);
    mutls_session_free(back);
    free(buf);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    mutls_session *s = NULL;
    int rc = mutls_session_load(&s, data, size);
    size_t k;

    if (rc != 0) {
        if (s != NULL) {
            fz_fail("session_load failed but gave a session", rc);
        }
        if (rc != MUTLS_ERR_SESSION_MALFORMED && rc != MUTLS_ERR_NO_MEMORY) {
            fz_fail("session_load returned an undocumented code", rc);
        }
        return 0;
    }
    if (data[0] == 3) {
        round_trip(s, data, size);
    } else {
        round_trip_older(s);
    }
    k = pick(s);
    /* As a client's session, against the server's side of that case's resumption. */
    (void)fz_run_conn_offer(ccfg, s, s2c[k].p, s2c[k].len);
    /* As a server's cache entry (only handshakes make those), against the client's side. */
    rc = mutls_config_set_session_cache(scfg, 2, 0);
    if (rc != 0 || (rc = mutls_session_cache_put(scfg->sessions, s, FZ_FIXED_TIME)) != 0) {
        fz_fail("a loaded session in the server cache", rc);
    }
    (void)fz_run_conn(scfg, 0, c2s[k].p, c2s[k].len);
    mutls_session_free(s);
    return 0;
}
