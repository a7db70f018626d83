/* SPDX-License-Identifier: MIT */
/*
 * fuzz_client_resume.c - libFuzzer harness: the client of fuzz_client_hs (the demo client
 * identity, server name "localhost", fixed clock) offering a session made by a real full
 * handshake (fz_resume_make). Input layout: byte 0 picks the case (modulo FZ_RESUME_CASES)
 * whose client session is offered; the rest is everything the server sends. What the client
 * sends is dropped.
 *
 * Target functions: mutls_set_session and the offer in the ClientHello (which sessions may
 * be offered), mutls_handshake (client role) through mutls_hs_client_resume: a ServerHello
 * echoing the ID (RFC 5246 §7.4.1.3: the session's suite, RFC 7627 §5.3 extended master
 * secret again, RFC 7366 §3.1 the same encrypt-then-MAC choice, restoring the server's chain)
 * and the abbreviated flow (the server's ChangeCipherSpec and Finished as fuzzed, then ours),
 * or a ServerHello with another ID and a full handshake; then mutls_read / mutls_write /
 * mutls_close, mutls_session_reused, mutls_get_session and mutls_session_save.
 *
 * Seeds: tests/fuzz/corpus/fuzz_client_resume, written by fuzz_seeds: hs-resume-<case> (what
 * a mutls server whose cache held the case's session sent: an abbreviated handshake for the
 * five cases that resume) and hs-miss-<case> (a server with an empty cache: a full
 * handshake after our offer); they replay to the end here.
 */
#include "fuzz_common.h"

static mutls_config *cfg;
static fz_resume_case cases[FZ_RESUME_CASES];

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    cfg = fz_config(FZ_CFG_CLIENT_BOTH);
    fz_resume_make(cases);
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const mutls_session *offer;

    if (size == 0) {
        return 0;
    }
    offer = cases[data[0] % FZ_RESUME_CASES].client;
    if (offer == NULL) {
        offer = cases[0].client; /* that suite is not in this build */
    }
    (void)fz_run_conn_offer(cfg, offer, data + 1, size - 1);
    return 0;
}
