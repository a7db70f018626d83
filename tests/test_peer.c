/* SPDX-License-Identifier: MIT */
/*
 * test_peer.c - the interop tests' process helper (tests/support/peer.c) on its own, with
 * /bin/sh as the child: how a child ended must survive whichever wait reaps it. A child that
 * exits while tu_wait_output watches its output is reaped there, and tu_peer_wait must still
 * give its exit status (gnutls-cli exits right after the line the interop test waits for;
 * losing the status failed clean exchanges under load). Also: a child ended by a signal, one
 * still running when the wait ends (stopped, -1), and one never started (-1).
 */
#include "testutil.h"

#include <cmocka.h>
#include <signal.h>
#include <string.h>

#include "peer.h"

static void start_sh(tu_peer *p, const char *script)
{
    char *argv[] = {"/bin/sh", "-c", (char *)script, NULL};

    assert_int_equal(tu_peer_start(p, argv, 1), 0);
}

static void test_peer_status_kept_when_output_wait_reaps(void **state)
{
    tu_peer p;

    (void)state;
    start_sh(&p, "echo started; exit 3");
    /* The text never comes: the wait ends when the child exits, and reaps it. */
    assert_int_equal(tu_wait_output(&p, "never printed", TU_PEER_EVENT_MS), -1);
    assert_int_equal(p.pid, -1);
    assert_int_equal(tu_peer_wait(&p, 1000), 3);
    assert_int_equal(tu_peer_wait(&p, 1000), 3);

    /* The text comes and the child exits at once: the status of either order is its own. */
    start_sh(&p, "echo done; exit 0");
    assert_int_equal(tu_wait_output(&p, "done", TU_PEER_EVENT_MS), 0);
    assert_int_equal(tu_peer_wait(&p, TU_PEER_EVENT_MS), 0);
}

static void test_peer_status_of_a_signal(void **state)
{
    tu_peer p;

    (void)state;
    start_sh(&p, "kill -TERM $$");
    assert_int_equal(tu_peer_wait(&p, TU_PEER_EVENT_MS), 128 + SIGTERM);
    start_sh(&p, "kill -TERM $$");
    assert_int_equal(tu_wait_output(&p, "never printed", TU_PEER_EVENT_MS), -1);
    assert_int_equal(tu_peer_wait(&p, 1000), 128 + SIGTERM);
}

static void test_peer_still_running_or_never_started(void **state)
{
    tu_peer p;
    tu_peer never;

    (void)state;
    start_sh(&p, "sleep 30");
    assert_int_equal(tu_peer_wait(&p, 50), -1); /* stopped when the wait ran out */
    assert_int_equal(p.pid, -1);
    memset(&never, 0, sizeof(never));
    never.pid = -1;
    never.stdin_fd = -1;
    assert_int_equal(tu_peer_wait(&never, 10), -1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_peer_status_kept_when_output_wait_reaps),
        cmocka_unit_test(test_peer_status_of_a_signal),
        cmocka_unit_test(test_peer_still_running_or_never_started),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
