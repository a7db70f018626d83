/* SPDX-License-Identifier: MIT */
/*
 * bench_memory.c - heap per connection: for each compared suite and library (drv.h), the
 * peak heap a client and a server connection use during a full mutual-auth handshake, and
 * what each still holds once the handshake is done (the steady state with full-size record
 * buffers), measured the same way for mutls, OpenSSL and Mbed TLS.
 *
 * How: this program replaces malloc/calloc/realloc/free (and the aligned variants) with
 * counting versions over glibc's own (__libc_malloc ...), so every library's allocations are
 * seen, libtommath's big-number limbs included; each byte is charged to the side whose call
 * was running (drv.h bench_enter). For mutls the counting allocator installed through its
 * allocator hook (mutls_set_allocator) also splits the figure into mutls's own allocations
 * and the rest (libtommath). Sizes are malloc_usable_size, which includes glibc's rounding,
 * for all libraries alike. Memory set up once per configuration (certificates, keys, the
 * DRBG) is outside the figures for all three.
 *
 * Targets: at most 40 KB peak per mutls connection with ChaCha20-Poly1305 and full-size
 * records; at most 16 KB with ECDHE-ECDSA-CHACHA20-POLY1305 and both sides limited to
 * 2048-byte records (mutls_config_set_record_limit; MUTLS_BENCH_RECORD_LIMIT=n measures
 * another limit). Not available in sanitizer builds (they own malloc).
 */
#include <malloc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "drv.h"
#include "mutls.h"

#if defined(__SANITIZE_ADDRESS__)
#define BENCH_NO_INTERPOSER 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define BENCH_NO_INTERPOSER 1
#endif
#endif

#define SIDES 3 /* client, server, none */

typedef struct counter {
    size_t cur[SIDES], peak[SIDES], base[SIDES];
} counter;

static counter heap;  /* everything, through the malloc interposer */
static counter hooked; /* mutls's own, through its allocator hook */
static int trace_on;   /* MUTLS_BENCH_MEM_TRACE=1: list mutls's allocations while counting */

static void count_add(counter *c, size_t n)
{
    int s = bench_side;

    c->cur[s] += n;
    if (c->cur[s] > c->peak[s]) {
        c->peak[s] = c->cur[s];
    }
}

static void count_sub(counter *c, size_t n)
{
    int s = bench_side;

    c->cur[s] -= n; /* may wrap when one side frees the other's memory; differences stay right */
}

static void count_mark(counter *c)
{
    for (int s = 0; s < SIDES; s++) {
        c->base[s] = c->cur[s];
        c->peak[s] = c->cur[s];
    }
}

#if !defined(BENCH_NO_INTERPOSER)
/* ------------------------------------------------------------ malloc interposer */

void *__libc_malloc(size_t size);
void *__libc_calloc(size_t n, size_t size);
void *__libc_realloc(void *p, size_t size);
void __libc_free(void *p);
void *__libc_memalign(size_t align, size_t size);

void *malloc(size_t size)
{
    void *p = __libc_malloc(size);

    if (p != NULL) {
        count_add(&heap, malloc_usable_size(p));
    }
    return p;
}

void *calloc(size_t n, size_t size)
{
    void *p = __libc_calloc(n, size);

    if (p != NULL) {
        count_add(&heap, malloc_usable_size(p));
    }
    return p;
}

void *realloc(void *old, size_t size)
{
    size_t was = old != NULL ? malloc_usable_size(old) : 0;
    void *p = __libc_realloc(old, size);

    if (p != NULL) {
        count_sub(&heap, was);
        count_add(&heap, malloc_usable_size(p));
    } else if (size == 0) {
        count_sub(&heap, was);
    }
    return p;
}

void free(void *p)
{
    if (p != NULL) {
        count_sub(&heap, malloc_usable_size(p));
        __libc_free(p);
    }
}

void *memalign(size_t align, size_t size)
{
    void *p = __libc_memalign(align, size);

    if (p != NULL) {
        count_add(&heap, malloc_usable_size(p));
    }
    return p;
}

void *aligned_alloc(size_t align, size_t size)
{
    return memalign(align, size);
}

int posix_memalign(void **out, size_t align, size_t size)
{
    void *p = memalign(align, size);

    if (p == NULL) {
        return 12; /* ENOMEM */
    }
    *out = p;
    return 0;
}
#endif

/* ------------------------------------------------------------ mutls's allocator hook */

static void *hook_alloc(void *ctx, size_t size)
{
    void *p = malloc(size);

    (void)ctx;
    if (p != NULL) {
        count_add(&hooked, size);
        if (trace_on && bench_side != BENCH_NONE) {
            fprintf(stderr, "  %s +%zu = %zu (heap %zu)\n",
                    bench_side == BENCH_CLIENT ? "client" : "server", size,
                    hooked.cur[bench_side] - hooked.base[bench_side],
                    heap.cur[bench_side] - heap.base[bench_side]);
        }
    }
    return p;
}

static void hook_free(void *ctx, void *p, size_t size)
{
    (void)ctx;
    if (p != NULL) {
        count_sub(&hooked, size);
        if (trace_on && bench_side != BENCH_NONE) {
            fprintf(stderr, "  %s -%zu = %zu (heap %zu)\n",
                    bench_side == BENCH_CLIENT ? "client" : "server", size,
                    hooked.cur[bench_side] - hooked.base[bench_side],
                    heap.cur[bench_side] - heap.base[bench_side]);
        }
    }
    free(p);
}

/* ------------------------------------------------------------ main */

typedef struct mem_fig {
    size_t peak[2], after[2], own_peak[2];
} mem_fig;

static mem_fig current;

static void record_after(void)
{
    for (int s = 0; s < 2; s++) {
        current.after[s] = heap.cur[s] - heap.base[s];
    }
}

/* ------------------------------------------------------------ small records, mutls only */

static mutls_config *small_config(int server, const char *id, size_t limit)
{
    mutls_config *cfg = bench_mutls_config(server, id);

    if (cfg != NULL && (mutls_config_set_record_limit(cfg, limit) != 0 ||
                        mutls_config_set_suites(cfg, "ECDHE-ECDSA-CHACHA20-POLY1305") != 0)) {
        mutls_config_free(cfg);
        return NULL;
    }
    return cfg;
}

/* Peak and held heap with small records; 1 when both peaks are within 16 KB (2048-byte
 * records) or the measurement was for another limit. */
static int small_records(void)
{
    const char *env = getenv("MUTLS_BENCH_RECORD_LIMIT");
    size_t limit = env != NULL ? (size_t)strtoul(env, NULL, 10) : 2048;
    mutls_config *cli = small_config(0, "client-ec", limit);
    mutls_config *srv = small_config(1, "server-ec", limit);
    int ok = 0;

    if (cli == NULL || srv == NULL || mutls_config_set_client_auth(srv, MUTLS_CLIENT_AUTH_REQUIRED) != 0 ||
        bench_mutls_pair(cli, srv) != 0) {
        fprintf(stderr, "small records (%zu): cannot run the handshake\n", limit);
    } else {
        count_mark(&heap);
        count_mark(&hooked);
        memset(&current, 0, sizeof(current));
        trace_on = getenv("MUTLS_BENCH_MEM_TRACE") != NULL;
        if (bench_mutls_pair(cli, srv) == 0) {
            printf("\n%-30s %-9s %12s %12s %12s %12s\n", "records of at most", "library",
                   "client peak", "client after", "server peak", "server after");
            printf("%-30zu %-9s %12zu %12zu %12zu %12zu\n", limit, "mutls",
                   heap.peak[0] - heap.base[0], current.after[0], heap.peak[1] - heap.base[1],
                   current.after[1]);
            printf("(ECDHE-ECDSA-CHACHA20-POLY1305; own %zu / %zu)\n",
                   hooked.peak[0] - hooked.base[0], hooked.peak[1] - hooked.base[1]);
            ok = limit != 2048 || (heap.peak[0] - heap.base[0] <= 16000 &&
                                   heap.peak[1] - heap.base[1] <= 16000);
            printf("target: 2048-byte records, ECDHE-ECDSA-CHACHA20-POLY1305 peak <= 16 KB: %s\n",
                   limit != 2048 ? "not measured" : ok ? "met" : "NOT met");
        }
        trace_on = 0;
    }
    mutls_config_free(cli);
    mutls_config_free(srv);
    return ok;
}

static const bench_driver *drivers[3];
static size_t n_drivers;

int main(void)
{
    static const mutls_allocator counting = {hook_alloc, hook_free, NULL};
    mem_fig fig[BENCH_SUITE_COUNT][3];
    int ok = 1;

#if defined(BENCH_NO_INTERPOSER)
    printf("bench_memory: not available in a sanitizer build\n");
    return 0;
#endif
    if (mutls_set_allocator(&counting) != 0) {
        return 1;
    }
    drivers[n_drivers++] = &bench_drv_mutls;
#if defined(BENCH_HAVE_OPENSSL)
    drivers[n_drivers++] = &bench_drv_openssl;
#endif
#if defined(BENCH_HAVE_MBEDTLS)
    drivers[n_drivers++] = &bench_drv_mbedtls;
#endif
    bench_after_handshake = record_after;
    for (int su = 0; su < BENCH_SUITE_COUNT; su++) {
        for (size_t d = 0; d < n_drivers; d++) {
            void *ctx = drivers[d]->setup((bench_suite)su);

            /* A first handshake warms lazily built tables and caches; the second is counted. */
            if (ctx == NULL || drivers[d]->handshake(ctx) != 0) {
                fprintf(stderr, "%s: %s cannot run it\n", bench_suites[su].label,
                        drivers[d]->name);
                return 1;
            }
            count_mark(&heap);
            count_mark(&hooked);
            memset(&current, 0, sizeof(current));
            trace_on = d == 0 && getenv("MUTLS_BENCH_MEM_TRACE") != NULL;
            if (trace_on) {
                fprintf(stderr, "%s:\n", bench_suites[su].label);
            }
            if (drivers[d]->handshake(ctx) != 0) {
                return 1;
            }
            trace_on = 0;
            for (int s = 0; s < 2; s++) {
                current.peak[s] = heap.peak[s] - heap.base[s];
                current.own_peak[s] = hooked.peak[s] - hooked.base[s];
            }
            fig[su][d] = current;
            drivers[d]->teardown(ctx);
        }
    }

    printf("heap per connection, bytes (malloc_usable_size; peak during the handshake, held "
           "after it)\n");
    printf("%-30s %-9s %12s %12s %12s %12s\n", "suite (mutual auth)", "library", "client peak",
           "client after", "server peak", "server after");
    for (int su = 0; su < BENCH_SUITE_COUNT; su++) {
        for (size_t d = 0; d < n_drivers; d++) {
            const mem_fig *f = &fig[su][d];

            printf("%-30s %-9s %12zu %12zu %12zu %12zu\n", d == 0 ? bench_suites[su].label : "",
                   drivers[d]->name, f->peak[0], f->after[0], f->peak[1], f->after[1]);
        }
    }
    printf("\nmutls peak split: its own allocations (allocator hook) + libtommath and libc\n");
    for (int su = 0; su < BENCH_SUITE_COUNT; su++) {
        const mem_fig *f = &fig[su][0];

        printf("%-30s client %6zu + %6zu   server %6zu + %6zu\n", bench_suites[su].label,
               f->own_peak[0], f->peak[0] - f->own_peak[0], f->own_peak[1],
               f->peak[1] - f->own_peak[1]);
    }
    for (int s = 0; s < 2; s++) {
        ok &= fig[BENCH_ECDHE_RSA_CHACHA20][0].peak[s] <= 40000;
    }
    printf("target: mutls ChaCha20-Poly1305 peak per connection <= 40 KB: %s\n",
           ok ? "met" : "NOT met");
    (void)small_records();
    return 0;
}
