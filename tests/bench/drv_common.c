/* SPDX-License-Identifier: MIT */
/*
 * drv_common.c - what the benchmark drivers share: the suite table, per-side CPU accounting,
 * file paths and the socketpair (see drv.h).
 */
#include <fcntl.h>
#include <stdio.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "drv.h"

const bench_suite_info bench_suites[BENCH_SUITE_COUNT] = {
    [BENCH_RSA_AES128_GCM] = {"AES128-GCM-SHA256", "TLS_RSA_WITH_AES_128_GCM_SHA256", 0},
    [BENCH_ECDHE_RSA_CHACHA20] = {"ECDHE-RSA-CHACHA20-POLY1305",
                                  "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256", 0},
    [BENCH_ECDHE_ECDSA_AES128_GCM] = {"ECDHE-ECDSA-AES128-GCM-SHA256",
                                      "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256", 1},
};

double bench_cpu[2];
int bench_side = BENCH_NONE;
void (*bench_after_handshake)(void);
static double entered;

double bench_thread_cpu(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

double bench_wall(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

void bench_cpu_reset(void)
{
    bench_cpu[0] = 0;
    bench_cpu[1] = 0;
}

void bench_enter(int side)
{
    bench_side = side;
    entered = bench_thread_cpu();
}

void bench_leave(int side)
{
    bench_cpu[side] += bench_thread_cpu() - entered;
    bench_side = BENCH_NONE;
}

const char *bench_pki(int slot, const char *name)
{
    static char paths[4][512];

    snprintf(paths[slot & 3], sizeof(paths[0]), "%s/pki/%s", MUTLS_VECTORS_DIR, name);
    return paths[slot & 3];
}

int bench_socketpair(int fd[2])
{
    if (socketpair(AF_UNIX, SOCK_STREAM, 0, fd) != 0) {
        return -1;
    }
    if (fcntl(fd[0], F_SETFL, O_NONBLOCK) != 0 || fcntl(fd[1], F_SETFL, O_NONBLOCK) != 0) {
        close(fd[0]);
        close(fd[1]);
        return -1;
    }
    return 0;
}
