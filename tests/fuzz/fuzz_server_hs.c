/* SPDX-License-Identifier: MIT */
/*
 * fuzz_server_hs.c - libFuzzer harness: a mutls server (RSA and ECDSA identities from
 * vectors/pki, client certificate REQUIRED, trusting cas.pem, fixed clock) whose transport
 * delivers the input as everything the client sends; what the server sends is dropped.
 * The fuzz build's deterministic RNG makes the server's random and ephemeral key the same
 * on every run, so a recorded client flight replays to a complete handshake and mutations
 * of it reach every message (RFC 5246 §7.4, RFC 4492, RFC 7627, RFC 5746, RFC 7301).
 *
 * Target functions: mutls_handshake (server role: ClientHello and extension parsing, suite
 * and identity selection, client Certificate chain verification, ClientKeyExchange with
 * ECDHE and static RSA, CertificateVerify, ChangeCipherSpec, Finished), the record layer
 * underneath, then mutls_read / mutls_write / mutls_close after a completed handshake.
 *
 * Seeds: tests/fuzz/corpus/fuzz_server_hs, written by fuzz_seeds (the bytes real mutls
 * clients sent, one file per suite and client identity) plus openssl s_client ClientHellos.
 */
#include "fuzz_common.h"

static mutls_config *cfg;

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    cfg = fz_config(FZ_CFG_SERVER);
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    (void)fz_run_conn(cfg, 0, data, size);
    return 0;
}
