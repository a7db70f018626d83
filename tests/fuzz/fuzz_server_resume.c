/* SPDX-License-Identifier: MIT */
/*
 * fuzz_server_resume.c - libFuzzer harness: the server of fuzz_server_hs (RSA and ECDSA
 * identities, client certificate REQUIRED, fixed clock) with a session cache that holds, at
 * the start of every input, the sessions of fz_resume_make: five made by real full
 * handshakes in different suites (AES-GCM with SHA-256 and SHA-384, ChaCha20-Poly1305,
 * AES-CBC with encrypt-then-MAC under ECDHE and under RSA key exchange) and seven spoiled
 * copies, six of which the server must refuse to resume. The input is everything the client sends;
 * what the server sends is dropped. The cache is rebuilt before each input, so an input that
 * completes a full handshake (adding a session) or ends with a fatal alert (removing one, RFC 5246
 * §7.2.2) does not change what the next input meets.
 *
 * Target functions: mutls_handshake (server role) through the resumption decision
 * (mutls_hs_server_resume: the session ID lookup, expiry, the RFC 7627 §5.3 extended master
 * secret rule, server name, trust, encrypt-then-MAC and client-auth checks, the RFC 5246
 * §7.4.1.2 rule that the client offers the session's suite, restoring the client's chain)
 * and the abbreviated flow (RFC 5246 §7.3 figure 2: our ServerHello, ChangeCipherSpec and
 * Finished, then the client's ChangeCipherSpec and Finished as fuzzed), or the full
 * handshake when the server declines; then mutls_read / mutls_write / mutls_close.
 *
 * Seeds: tests/fuzz/corpus/fuzz_server_resume/hs-resume-<case>, written by fuzz_seeds: all a
 * real mutls client sent when offering each case's session (a resumed handshake for the
 * five that resume, a full one for the others); they replay to the end here.
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
    cfg = fz_resume_server_config();
    fz_resume_make(cases);
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fz_resume_fill(cfg, cases);
    (void)fz_run_conn(cfg, 0, data, size);
    return 0;
}
