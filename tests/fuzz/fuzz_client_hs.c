/* SPDX-License-Identifier: MIT */
/*
 * fuzz_client_hs.c - libFuzzer harness: a mutls client (the demo client identity, trusting
 * cas.pem, server name "localhost", fixed clock) whose transport delivers the input as
 * everything the server sends; what the client sends is dropped. With the fuzz build's
 * deterministic RNG the client's random and keys repeat, so a recorded server flight replays
 * to a complete handshake.
 *
 * Target functions: mutls_handshake (client role: ServerHello and extensions, server
 * Certificate chain and host name verification, ServerKeyExchange signature, the
 * CertificateRequest and identity selection, ChangeCipherSpec, Finished), the record layer,
 * then mutls_read / mutls_write / mutls_close, mutls_get_session and mutls_session_save after
 * a completed handshake.
 *
 * Seeds: tests/fuzz/corpus/fuzz_client_hs, written by fuzz_seeds (the bytes real mutls
 * servers sent, one file per suite and client-auth mode) plus an openssl s_server flight.
 */
#include "fuzz_common.h"

static mutls_config *cfg;

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    cfg = fz_config(FZ_CFG_CLIENT);
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    (void)fz_run_conn(cfg, 1, data, size);
    return 0;
}
