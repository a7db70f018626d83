/* SPDX-License-Identifier: MIT */
/*
 * drv.h - one interface over three TLS libraries for the comparison benchmarks
 * (bench_handshake_vs, bench_memory): mutls, OpenSSL's libssl and Mbed TLS each get a small
 * driver (drv_<lib>.c) that sets up a client and a server with the same certificates and keys
 * (vectors/pki) for one of the compared suites, and runs one full mutual-auth TLS 1.2
 * handshake in process, client and server over a non-blocking socketpair, one thread.
 *
 * Drivers bracket every call into the client or the server with bench_enter/bench_leave, so the
 * CPU time of each side is measured separately (and a memory counter can charge allocations to
 * the side that made them). A driver is compiled only when its library is installed
 * (BENCH_HAVE_OPENSSL, BENCH_HAVE_MBEDTLS, see tests/CMakeLists.txt).
 */
#ifndef BENCH_DRV_H
#define BENCH_DRV_H

#include <stddef.h>

/* The compared suites: static RSA, ECDHE with an RSA certificate, ECDHE with an EC one. */
typedef enum bench_suite {
    BENCH_RSA_AES128_GCM,
    BENCH_ECDHE_RSA_CHACHA20,
    BENCH_ECDHE_ECDSA_AES128_GCM,
    BENCH_SUITE_COUNT
} bench_suite;

typedef struct bench_suite_info {
    const char *label;   /* OpenSSL-style name, also mutls's */
    const char *iana;    /* for the report */
    int ec;              /* 1: client-ec/server-ec identities, 0: the RSA ones */
} bench_suite_info;

extern const bench_suite_info bench_suites[BENCH_SUITE_COUNT];

enum { BENCH_CLIENT = 0, BENCH_SERVER = 1, BENCH_NONE = 2 };

typedef struct bench_driver {
    const char *name;
    /* Load both sides' certificates and keys for @p suite; NULL when it cannot. */
    void *(*setup)(bench_suite suite);
    /* One complete handshake on fresh connections, freed afterwards; 0 on success. */
    int (*handshake)(void *ctx);
    void (*teardown)(void *ctx);
} bench_driver;

extern const bench_driver bench_drv_mutls;
#if defined(BENCH_HAVE_OPENSSL)
extern const bench_driver bench_drv_openssl;
#endif
#if defined(BENCH_HAVE_MBEDTLS)
extern const bench_driver bench_drv_mbedtls;
#endif

/* CPU seconds (this thread) spent inside each side since the last bench_cpu_reset. */
extern double bench_cpu[2];
/* The side currently running (BENCH_NONE outside the handshake calls). */
extern int bench_side;
void bench_cpu_reset(void);
void bench_enter(int side);
void bench_leave(int side);
double bench_thread_cpu(void);
double bench_wall(void);

/* Called by every driver once the handshake completed on both sides, before it frees the
 * connections (bench_memory records what is still held); NULL by default. */
extern void (*bench_after_handshake)(void);

/* mutls's driver pieces (drv_mutls.c), also for bench_memory's small-records case: a
 * configuration with vectors/pki/<id>.pem and .key trusting cas.pem (NULL on failure), and
 * one handshake between two configurations, run and charged the way the driver runs it (0
 * when both sides finished). */
struct mutls_config *bench_mutls_config(int server, const char *id);
int bench_mutls_pair(struct mutls_config *cli, struct mutls_config *srv);

/* Path of a vectors/pki file, in a static buffer per slot (0..3). */
const char *bench_pki(int slot, const char *name);

/* Make a non-blocking AF_UNIX socketpair; 0 on success. */
int bench_socketpair(int fd[2]);

#endif
