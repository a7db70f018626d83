/* SPDX-License-Identifier: MIT */
/*
 * test_resume_threads.c - one server configuration, and so one session cache (session.c),
 * shared by four threads that each make full and resumed handshakes at once, in a table
 * small enough that they evict each other's sessions: every handshake must complete, every
 * offered session must either resume or fall back to a full handshake, both sides must
 * agree which, the cache still resumes a session once the threads are done, and (under
 * ASan/TSan-free runs) nothing leaks; then the same with session tickets whose key rotates
 * while the threads use it (hs_ticket.c). Skipped without an OS.
 */
#include <string.h>

#include "hs_pair.h"
#include "testutil.h"

#include <cmocka.h>

/* -DMUTLS_RESUME=OFF leaves resumption out (test_resume_off checks that build). */
#if defined(MUTLS_NO_RESUME)
TU_BUILT_OUT_PROGRAM()
#else

#if !defined(MUTLS_NO_OS)
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>

#define THREADS 4
#define ROUNDS 4

typedef struct worker {
    const mutls_config *client, *server;
    int failures;
} worker;

/* Pump both sides of @p p without cmocka (its assertions are not for threads). */
static int pump(hp_pair *p)
{
    for (int round = 0; round < 200; round++) {
        int pc = p->rc_client == MUTLS_WANT_READ || p->rc_client == MUTLS_WANT_WRITE;
        int ps = p->rc_server == MUTLS_WANT_READ || p->rc_server == MUTLS_WANT_WRITE;
        if (!pc && !ps) {
            break;
        }
        if (pc) {
            p->rc_client = mutls_handshake(p->client);
        }
        if (ps) {
            p->rc_server = mutls_handshake(p->server);
        }
    }
    return p->rc_client == 0 && p->rc_server == 0 ? 0 : -1;
}

static void *run(void *arg)
{
    worker *w = arg;
    mutls_session *s = NULL;

    for (int i = 0; i < ROUNDS * 2; i++) {
        hp_pair p;
        mutls_session *next = NULL;

        hp_open(&p, w->client, w->server);
        if (s != NULL && mutls_set_session(p.client, s) != 0) {
            w->failures++;
        }
        if (pump(&p) != 0 ||
            mutls_session_reused(p.client) != mutls_session_reused(p.server) ||
            mutls_get_session(p.client, &next) != 0) {
            w->failures++;
        }
        hp_close(&p);
        /* Every other round starts over with a full handshake. */
        mutls_session_free(s);
        s = (i % 2 == 0) ? next : NULL;
        if (i % 2 != 0) {
            mutls_session_free(next);
        }
    }
    mutls_session_free(s);
    return NULL;
}

static void test_resume_threads_share_one_cache(void **state)
{
    mutls_config *server = hp_server_config(MUTLS_CLIENT_AUTH_REQUIRED);
    mutls_config *client = hp_config(MUTLS_ROLE_CLIENT, "client-ec", "cas.pem");
    worker w[THREADS];
    pthread_t t[THREADS];

    (void)state;
    /* Three entries for four threads: sessions are evicted while others look them up. */
    assert_int_equal(mutls_config_set_session_cache(server, 3, 0), 0);
    for (int i = 0; i < THREADS; i++) {
        memset(&w[i], 0, sizeof(w[i]));
        w[i].client = client;
        w[i].server = server;
        assert_int_equal(pthread_create(&t[i], NULL, run, &w[i]), 0);
    }
    for (int i = 0; i < THREADS; i++) {
        assert_int_equal(pthread_join(t[i], NULL), 0);
        assert_int_equal(w[i].failures, 0);
    }
    /* How many offers resume depends on how the threads interleave (in the worst order each
     * session is evicted before it is offered), so only the cache's state afterwards is
     * asserted: a new session, offered with no other thread about, resumes. */
    {
        mutls_session *s = NULL;
        hp_pair p;

        hp_open(&p, client, server);
        assert_int_equal(pump(&p), 0);
        assert_int_equal(mutls_get_session(p.client, &s), 0);
        hp_close(&p);
        hp_open(&p, client, server);
        assert_int_equal(mutls_set_session(p.client, s), 0);
        assert_int_equal(pump(&p), 0);
        assert_int_equal(mutls_session_reused(p.client), 1);
        assert_int_equal(mutls_session_reused(p.server), 1);
        hp_close(&p);
        mutls_session_free(s);
    }
    mutls_config_free(client);
    mutls_config_free(server);
}

/* A clock that moves one second every 16 readings, so that the ticket key (lifetime 3 s)
 * rotates many times while the threads seal and open tickets. */
static atomic_uint ticks; /* 32 bits: lock-free on 32-bit CPUs too (no libatomic) */

static int64_t racing_clock(void *ctx)
{
    (void)ctx;
    return 1800000000 + (int64_t)(atomic_fetch_add(&ticks, 1u) / 16u);
}

static void test_resume_threads_share_rotating_ticket_keys(void **state)
{
    mutls_config *server = hp_server_config(MUTLS_CLIENT_AUTH_REQUIRED);
    mutls_config *client = hp_config(MUTLS_ROLE_CLIENT, "client-ec", "cas.pem");
    worker w[THREADS];
    pthread_t t[THREADS];

    (void)state;
    assert_int_equal(mutls_config_set_session_tickets(server, 1, 3), 0);
    mutls_config_set_time(server, racing_clock, NULL);
    mutls_config_set_time(client, racing_clock, NULL);
    for (int i = 0; i < THREADS; i++) {
        memset(&w[i], 0, sizeof(w[i]));
        w[i].client = client;
        w[i].server = server;
        assert_int_equal(pthread_create(&t[i], NULL, run, &w[i]), 0);
    }
    /* Offers resume or fall back (an expired ticket, a key rotated twice); none fails. */
    for (int i = 0; i < THREADS; i++) {
        assert_int_equal(pthread_join(t[i], NULL), 0);
        assert_int_equal(w[i].failures, 0);
    }
    mutls_config_free(client);
    mutls_config_free(server);
}
#else
static void test_resume_threads_share_one_cache(void **state)
{
    (void)state;
    skip();
}

static void test_resume_threads_share_rotating_ticket_keys(void **state)
{
    (void)state;
    skip();
}
#endif

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_resume_threads_share_one_cache),
        cmocka_unit_test(test_resume_threads_share_rotating_ticket_keys),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

#endif /* MUTLS_NO_RESUME */
