/* SPDX-License-Identifier: MIT */
/*
 * bench_handshake_vs.c - full mutual-auth TLS 1.2 handshakes in process, mutls next to
 * OpenSSL's libssl and Mbed TLS (whichever are installed, see drv.h), same certificates and keys,
 * per compared suite; and the public-key lower bound: the libtomcrypt operations such a
 * handshake needs, timed directly in the same run.
 *
 * For each suite the libraries take turns, round by round (the order rotates too), so machine
 * drift and other load fall on all of them alike; each figure is the median over the rounds.
 * CPU time is this thread's (CLOCK_THREAD_CPUTIME_ID) inside each side's calls, so other
 * processes on the machine disturb it less than wall time.
 *
 * Printed: handshakes/s (wall, both sides on one thread), client and server CPU µs per
 * handshake, the cost ratios mutls/OpenSSL and mutls/Mbed TLS (above 1: mutls uses more CPU),
 * and per side mutls's overhead above the lower bound (target: at most 10% of the handshake).
 *
 * Usage: bench_handshake_vs [rounds, default 7] [handshakes per round, default 8]
 *        bench_handshake_vs --one SUITE   (two mutls handshakes only, for callgrind)
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <tomcrypt.h>

#include "crypto.h"
#include "drv.h"
#include "file.h"

#define MAX_ROUNDS 64
#define MAX_DRIVERS 3

static const bench_driver *drivers[MAX_DRIVERS];
static size_t n_drivers;

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;

    return (x > y) - (x < y);
}

static double median(double *v, size_t n)
{
    qsort(v, n, sizeof(*v), cmp_double);
    return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

static void die(const char *what)
{
    fprintf(stderr, "bench_handshake_vs: %s\n", what);
    exit(1);
}

/* ------------------------------------------------------------ the public-key lower bound */

enum {
    OP_RSA_SIGN,    /* RSA-2048 PSS sign (ServerKeyExchange, CertificateVerify) */
    OP_RSA_VERIFY,  /* RSA-2048 verify (certificate, ServerKeyExchange, CertificateVerify) */
    OP_RSA_ENCRYPT, /* RSAES-PKCS1-v1_5 (client, static RSA) */
    OP_RSA_DECRYPT, /* the raw private operation (server, static RSA) */
    OP_ECDSA_SIGN,
    OP_ECDSA_VERIFY,
    OP_ECDH_KEYGEN,
    OP_ECDH_DERIVE,
    OP_COUNT
};

static const char *const op_names[OP_COUNT] = {
    "RSA-2048 sign (PSS)",    "RSA-2048 verify",     "RSA-2048 encrypt",
    "RSA-2048 decrypt (raw)", "ECDSA P-256 sign",    "ECDSA P-256 verify",
    "ECDH P-256 keygen",      "ECDH P-256 derive",
};

/* Operations per side of one mutual-auth handshake: [suite][side][op] (the leaf certificates
 * are signed directly by the trusted CA, whose own signature is never checked). */
static const unsigned char ops_needed[BENCH_SUITE_COUNT][2][OP_COUNT] = {
    [BENCH_RSA_AES128_GCM] = {
        [BENCH_CLIENT] = {[OP_RSA_ENCRYPT] = 1, [OP_RSA_VERIFY] = 1, [OP_RSA_SIGN] = 1},
        [BENCH_SERVER] = {[OP_RSA_DECRYPT] = 1, [OP_RSA_VERIFY] = 2},
    },
    [BENCH_ECDHE_RSA_CHACHA20] = {
        [BENCH_CLIENT] = {[OP_RSA_VERIFY] = 2, [OP_ECDH_KEYGEN] = 1, [OP_ECDH_DERIVE] = 1,
                          [OP_RSA_SIGN] = 1},
        [BENCH_SERVER] = {[OP_RSA_SIGN] = 1, [OP_ECDH_KEYGEN] = 1, [OP_ECDH_DERIVE] = 1,
                          [OP_RSA_VERIFY] = 2},
    },
    [BENCH_ECDHE_ECDSA_AES128_GCM] = {
        [BENCH_CLIENT] = {[OP_ECDSA_VERIFY] = 2, [OP_ECDH_KEYGEN] = 1, [OP_ECDH_DERIVE] = 1,
                          [OP_ECDSA_SIGN] = 1},
        [BENCH_SERVER] = {[OP_ECDSA_SIGN] = 1, [OP_ECDH_KEYGEN] = 1, [OP_ECDH_DERIVE] = 1,
                          [OP_ECDSA_VERIFY] = 2},
    },
};

typedef struct pk_bench {
    rsa_key *rsa;
    ecc_key *ec;
    int prng;
    uint8_t digest[32];
    uint8_t rsa_sig[512], ec_sig[128], ct[256], peer_pub[65];
    unsigned long rsa_sig_len, ec_sig_len, ct_len, peer_pub_len;
} pk_bench;

static void *load_key(const char *name)
{
    mutls_pkey *k = NULL;

    if (mutls_key_load_file(&k, bench_pki(3, name), NULL) != 0) {
        die("cannot load a key");
    }
    return mutls_crypto_pkey_impl(k); /* kept for the whole run */
}

static void pk_setup(pk_bench *b)
{
    ecc_key peer;

    b->rsa = load_key("server.key");
    b->ec = load_key("server-ec.key");
    if (register_prng(&sprng_desc) < 0 || (b->prng = find_prng("sprng")) < 0) {
        die("sprng");
    }
    memset(b->digest, 0x42, sizeof(b->digest));
    b->rsa_sig_len = sizeof(b->rsa_sig);
    b->ec_sig_len = sizeof(b->ec_sig);
    b->ct_len = sizeof(b->ct);
    b->peer_pub_len = sizeof(b->peer_pub);
    if (rsa_sign_hash_ex(b->digest, 32, b->rsa_sig, &b->rsa_sig_len, LTC_PKCS_1_V1_5, NULL,
                         b->prng, find_hash("sha256"), 0, b->rsa) != CRYPT_OK ||
        ecc_sign_hash(b->digest, 32, b->ec_sig, &b->ec_sig_len, NULL, b->prng, b->ec) !=
            CRYPT_OK ||
        rsa_encrypt_key_ex(b->digest, 32, b->ct, &b->ct_len, NULL, 0, NULL, b->prng, 0,
                           LTC_PKCS_1_V1_5, b->rsa) != CRYPT_OK ||
        ecc_make_key_ex(NULL, b->prng, &peer, b->ec->dp) != CRYPT_OK ||
        ecc_ansi_x963_export(&peer, b->peer_pub, &b->peer_pub_len) != CRYPT_OK) {
        die("lower-bound setup");
    }
    ecc_free(&peer);
}

static void pk_run(pk_bench *b, int op)
{
    uint8_t out[512];
    unsigned long len = sizeof(out);
    int stat = 0, err = CRYPT_ERROR;
    ecc_key k, peer;

    switch (op) {
    case OP_RSA_SIGN:
        err = rsa_sign_hash_ex(b->digest, 32, out, &len, LTC_PKCS_1_PSS, NULL, b->prng,
                               find_hash("sha256"), 32, b->rsa);
        break;
    case OP_RSA_VERIFY:
        err = rsa_verify_hash_ex(b->rsa_sig, b->rsa_sig_len, b->digest, 32, LTC_PKCS_1_V1_5,
                                 find_hash("sha256"), 0, &stat, b->rsa);
        err = err == CRYPT_OK && stat != 1 ? CRYPT_ERROR : err;
        break;
    case OP_RSA_ENCRYPT:
        err = rsa_encrypt_key_ex(b->digest, 32, out, &len, NULL, 0, NULL, b->prng, 0,
                                 LTC_PKCS_1_V1_5, b->rsa);
        break;
    case OP_RSA_DECRYPT:
        err = rsa_exptmod(b->ct, b->ct_len, out, &len, PK_PRIVATE, b->rsa);
        break;
    case OP_ECDSA_SIGN:
        err = ecc_sign_hash(b->digest, 32, out, &len, NULL, b->prng, b->ec);
        break;
    case OP_ECDSA_VERIFY:
        err = ecc_verify_hash(b->ec_sig, b->ec_sig_len, b->digest, 32, &stat, b->ec);
        err = err == CRYPT_OK && stat != 1 ? CRYPT_ERROR : err;
        break;
    case OP_ECDH_KEYGEN:
        err = ecc_make_key_ex(NULL, b->prng, &k, b->ec->dp);
        if (err == CRYPT_OK) {
            ecc_free(&k);
        }
        break;
    case OP_ECDH_DERIVE:
        err = ecc_ansi_x963_import_ex(b->peer_pub, b->peer_pub_len, &peer,
                                      (ltc_ecc_set_type *)(uintptr_t)b->ec->dp);
        if (err == CRYPT_OK) {
            err = ecc_shared_secret(b->ec, &peer, out, &len);
            ecc_free(&peer);
        }
        break;
    default:
        break;
    }
    if (err != CRYPT_OK) {
        die(op_names[op]);
    }
}

/* ------------------------------------------------------------ main */

typedef struct figures {
    double hs_per_s, cpu[2];
} figures;

int main(int argc, char **argv)
{
    int rounds = argc > 1 ? atoi(argv[1]) : 7;
    int per_round = argc > 2 ? atoi(argv[2]) : 8;
    static double samples[MAX_DRIVERS][3][MAX_ROUNDS];
    static double op_samples[OP_COUNT][MAX_ROUNDS * BENCH_SUITE_COUNT];
    figures fig[BENCH_SUITE_COUNT][MAX_DRIVERS];
    double op_us[OP_COUNT];
    pk_bench pkb;
    int worst_ok = 1;

    if (argc == 3 && strcmp(argv[1], "--one") == 0) {
        /* For run-all's instruction count (valgrind --tool=callgrind): two mutls handshakes
         * of one suite (0, 1 or 2), nothing else. */
        int su = atoi(argv[2]);
        void *ctx = su >= 0 && su < BENCH_SUITE_COUNT ? bench_drv_mutls.setup((bench_suite)su)
                                                      : NULL;

        return ctx != NULL && bench_drv_mutls.handshake(ctx) == 0 &&
                       bench_drv_mutls.handshake(ctx) == 0
                   ? 0
                   : 1;
    }
    if (rounds < 1 || rounds > MAX_ROUNDS || per_round < 1) {
        die("usage: bench_handshake_vs [rounds 1..64] [handshakes per round]");
    }
    if (mutls_crypto_init() != 0) {
        die("init");
    }
    drivers[n_drivers++] = &bench_drv_mutls;
#if defined(BENCH_HAVE_OPENSSL)
    drivers[n_drivers++] = &bench_drv_openssl;
#endif
#if defined(BENCH_HAVE_MBEDTLS)
    drivers[n_drivers++] = &bench_drv_mbedtls;
#endif
    printf("mutls handshake benchmark: math provider %s, %d rounds x %d handshakes per library "
           "and suite, medians\n\n",
           ltc_mp.name, rounds, per_round);

    pk_setup(&pkb);

    for (int su = 0; su < BENCH_SUITE_COUNT; su++) {
        void *ctx[MAX_DRIVERS];

        for (size_t d = 0; d < n_drivers; d++) {
            ctx[d] = drivers[d]->setup((bench_suite)su);
            if (ctx[d] == NULL || drivers[d]->handshake(ctx[d]) != 0) {
                fprintf(stderr, "%s: %s cannot run it\n", bench_suites[su].label,
                        drivers[d]->name);
                return 1;
            }
        }
        for (int r = 0; r < rounds; r++) {
            for (size_t i = 0; i < n_drivers; i++) {
                size_t d = (i + (size_t)r) % n_drivers; /* rotate who goes first */
                double t0;

                bench_cpu_reset();
                t0 = bench_wall();
                for (int k = 0; k < per_round; k++) {
                    if (drivers[d]->handshake(ctx[d]) != 0) {
                        die("handshake failed");
                    }
                }
                samples[d][0][r] = per_round / (bench_wall() - t0);
                samples[d][1][r] = bench_cpu[BENCH_CLIENT] / per_round * 1e6;
                samples[d][2][r] = bench_cpu[BENCH_SERVER] / per_round * 1e6;
            }
            /* The lower bound is timed inside the same rounds, so that it sees the same
             * machine state as the handshakes it is compared with. */
            for (int op = 0; op < OP_COUNT; op++) {
                int reps = op == OP_RSA_VERIFY || op == OP_RSA_ENCRYPT ? 20 : 2;
                double t0 = bench_thread_cpu();

                for (int k = 0; k < reps; k++) {
                    pk_run(&pkb, op);
                }
                op_samples[op][su * rounds + r] = (bench_thread_cpu() - t0) / reps * 1e6;
            }
        }
        for (size_t d = 0; d < n_drivers; d++) {
            fig[su][d].hs_per_s = median(samples[d][0], (size_t)rounds);
            fig[su][d].cpu[0] = median(samples[d][1], (size_t)rounds);
            fig[su][d].cpu[1] = median(samples[d][2], (size_t)rounds);
            drivers[d]->teardown(ctx[d]);
        }
    }

    printf("libtomcrypt public-key operations (CPU us each):\n");
    for (int op = 0; op < OP_COUNT; op++) {
        op_us[op] = median(op_samples[op], (size_t)rounds * BENCH_SUITE_COUNT);
        printf("  %-24s %9.0f\n", op_names[op], op_us[op]);
    }
    printf("\n");
    printf("%-30s %-9s %8s %12s %12s\n", "suite (mutual auth)", "library", "hs/s",
           "client us", "server us");
    for (int su = 0; su < BENCH_SUITE_COUNT; su++) {
        for (size_t d = 0; d < n_drivers; d++) {
            printf("%-30s %-9s %8.1f %12.0f %12.0f\n", d == 0 ? bench_suites[su].label : "",
                   drivers[d]->name, fig[su][d].hs_per_s, fig[su][d].cpu[0], fig[su][d].cpu[1]);
        }
    }
    printf("\nCPU cost ratios (mutls / other; below 1: mutls uses less CPU)\n");
    printf("%-30s %-9s %8s %8s\n", "suite", "other", "client", "server");
    for (int su = 0; su < BENCH_SUITE_COUNT; su++) {
        for (size_t d = 1; d < n_drivers; d++) {
            printf("%-30s %-9s %8.2f %8.2f\n", d == 1 ? bench_suites[su].label : "",
                   drivers[d]->name, fig[su][0].cpu[0] / fig[su][d].cpu[0],
                   fig[su][0].cpu[1] / fig[su][d].cpu[1]);
        }
    }
    printf("\nmutls above the public-key lower bound (target: overhead <= 10%% of the handshake)\n");
    printf("%-30s %-7s %10s %10s %9s\n", "suite", "side", "bound us", "mutls us", "overhead");
    for (int su = 0; su < BENCH_SUITE_COUNT; su++) {
        for (int side = 0; side < 2; side++) {
            double bound = 0, ours = fig[su][0].cpu[side], over;

            for (int op = 0; op < OP_COUNT; op++) {
                bound += ops_needed[su][side][op] * op_us[op];
            }
            over = (ours - bound) / ours;
            worst_ok &= over <= 0.10;
            printf("%-30s %-7s %10.0f %10.0f %8.1f%%\n", side == 0 ? bench_suites[su].label : "",
                   side == 0 ? "client" : "server", bound, ours, 100.0 * over);
        }
    }
    printf("target overhead <= 10%%: %s\n", worst_ok ? "met" : "NOT met");
    return 0;
}
