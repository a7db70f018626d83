/* SPDX-License-Identifier: MIT */
/*
 * bench_bulk.c - application-data throughput over a loopback TCP connection: the client sends
 * 64 MiB, the server reads it all and sends 64 MiB back, in 16 KiB writes (full-size records),
 * for each AEAD, mutls next to OpenSSL's libssl (when installed), and mutls next to the raw
 * libtomcrypt primitive (seal + open of 16 KiB records in one thread, no TLS, no I/O).
 *
 * Printed per AEAD: wall MB/s (both directions' bytes over the elapsed time, client and server
 * on their own threads), CPU MB/s (the same bytes over the process's CPU time: every byte is
 * sealed once and opened once, so this is comparable with the raw figure), and the ratios.
 * The raw primitive runs once in one thread alone and once split over two threads at once, as
 * the transfer runs; the target compares with the latter (same load on the CPUs' shared core).
 * Each figure is the median of several rounds; mutls and OpenSSL alternate round by round.
 * Targets: mutls >= 0.9x the raw primitive (CPU MB/s); ChaCha20-Poly1305 >= 0.4x OpenSSL.
 *
 * The "sys" column is the share of the transfer's CPU time spent in the kernel (loopback TCP:
 * the copies into and out of socket buffers), which the raw figure does not pay. "prim" is
 * mutls's own AEAD (mutls_aead_seal + mutls_aead_open) run like the raw figure, two threads:
 * prim/raw is the primitive's implementation (for AES-GCM, mutls's GHASH and CTR loop against
 * libtomcrypt's table GCM), mutls/prim what TLS records and TCP add on top.
 *
 * "ltc+tcp" is the raw primitive moved over the same kind of connection: libtomcrypt seals
 * each 16 KiB write into a frame (a 5-byte header, the ciphertext, the tag), the frame is sent,
 * and the peer reads the header, then the rest, and opens it, which is the work and the system
 * calls of a TLS record without the record layer. It takes its turn with the libraries, and
 * mutls/ltc+tcp is what mutls's record layer and API cost above the primitive and TCP.
 *
 * Usage: bench_bulk [MiB each way, default 64] [rounds, default 3] [gcm|chacha|all] [mutls]
 * (the last argument leaves OpenSSL out, e.g. to run mutls alone under strace or valgrind).
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <tomcrypt.h>

#include "crypto.h"
#include "mutls.h"
#if defined(BENCH_HAVE_OPENSSL)
#include <openssl/ssl.h>
#endif

#define CHUNK 16384
#define MAX_ROUNDS 15

static size_t total_bytes; /* each way */

static void die(const char *what)
{
    fprintf(stderr, "bench_bulk: %s\n", what);
    exit(1);
}

static double clock_of(clockid_t id)
{
    struct timespec ts;

    clock_gettime(id, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static const char *pki(char *buf, size_t cap, const char *name)
{
    snprintf(buf, cap, "%s/pki/%s", MUTLS_VECTORS_DIR, name);
    return buf;
}

/* A listening socket on 127.0.0.1 and a free port. */
static int listen_any(int *port)
{
    struct sockaddr_in a;
    socklen_t alen = sizeof(a);
    int fd = socket(AF_INET, SOCK_STREAM, 0), one = 1;

    memset(&a, 0, sizeof(a));
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
    if (fd < 0 || bind(fd, (struct sockaddr *)&a, sizeof(a)) != 0 || listen(fd, 4) != 0 ||
        getsockname(fd, (struct sockaddr *)&a, &alen) != 0) {
        die("listen");
    }
    *port = ntohs(a.sin_port);
    return fd;
}

static int connect_to(int port)
{
    struct sockaddr_in a;
    int fd = socket(AF_INET, SOCK_STREAM, 0), one = 1;

    memset(&a, 0, sizeof(a));
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    a.sin_port = htons((uint16_t)port);
    if (fd < 0 || connect(fd, (struct sockaddr *)&a, sizeof(a)) != 0) {
        die("connect");
    }
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
    return fd;
}

/* ------------------------------------------------------------ the library under test */

typedef struct lib_ops {
    const char *name;
    void *(*open)(int fd, int server, const char *suite); /* handshake done on return */
    int (*wr)(void *c, const uint8_t *buf, size_t len);   /* bytes written, <= 0 error */
    int (*rd)(void *c, uint8_t *buf, size_t len);         /* bytes read, <= 0 error */
    void (*close)(void *c);
} lib_ops;

static void *lib_mutls_open(int fd, int server, const char *suite)
{
    char a[512], b[512], ca[512];
    mutls_config *cfg = NULL;
    mutls_conn *c = NULL;
    int rc;

    if (mutls_config_new(&cfg, server ? MUTLS_ROLE_SERVER : MUTLS_ROLE_CLIENT) != 0 ||
        mutls_config_add_identity_file(cfg, pki(a, sizeof(a), server ? "server.pem" : "client.pem"),
                                       pki(b, sizeof(b), server ? "server.key" : "client.key"),
                                       NULL) != 0 ||
        mutls_config_add_trust_file(cfg, pki(ca, sizeof(ca), "cas.pem")) != 0 ||
        mutls_config_set_suites(cfg, suite) != 0 || mutls_conn_new(&c, cfg) != 0 ||
        mutls_set_fd(c, fd) != 0 || (!server && mutls_set_hostname(c, "localhost") != 0)) {
        die("mutls set-up");
    }
    do {
        rc = mutls_handshake(c);
    } while (rc == MUTLS_WANT_READ || rc == MUTLS_WANT_WRITE);
    if (rc != 0) {
        fprintf(stderr, "%s\n", mutls_error_detail(c));
        die("mutls handshake");
    }
    return c; /* the config is leaked on purpose: a benchmark, one per run */
}

static int lib_mutls_wr(void *c, const uint8_t *buf, size_t len)
{
    int rc;

    do {
        rc = mutls_write(c, buf, len);
    } while (rc == MUTLS_WANT_WRITE || rc == MUTLS_WANT_READ);
    return rc;
}

static int lib_mutls_rd(void *c, uint8_t *buf, size_t len)
{
    int rc;

    do {
        rc = mutls_read(c, buf, len);
    } while (rc == MUTLS_WANT_WRITE || rc == MUTLS_WANT_READ);
    return rc;
}

static void lib_mutls_cl(void *c)
{
    mutls_free(c);
}

static const lib_ops lib_mutls = {"mutls", lib_mutls_open, lib_mutls_wr, lib_mutls_rd,
                                  lib_mutls_cl};

#if defined(BENCH_HAVE_OPENSSL)
static void *ossl_open(int fd, int server, const char *suite)
{
    char a[512], b[512], ca[512];
    SSL_CTX *ctx = SSL_CTX_new(server ? TLS_server_method() : TLS_client_method());
    SSL *s;

    if (ctx == NULL || SSL_CTX_set_max_proto_version(ctx, TLS1_2_VERSION) != 1 ||
        SSL_CTX_set_cipher_list(ctx, suite) != 1 ||
        SSL_CTX_use_certificate_chain_file(
            ctx, pki(a, sizeof(a), server ? "server.pem" : "client.pem")) != 1 ||
        SSL_CTX_use_PrivateKey_file(ctx, pki(b, sizeof(b), server ? "server.key" : "client.key"),
                                    SSL_FILETYPE_PEM) != 1 ||
        SSL_CTX_load_verify_locations(ctx, pki(ca, sizeof(ca), "cas.pem"), NULL) != 1) {
        die("openssl set-up");
    }
    SSL_CTX_set_verify(ctx, SSL_VERIFY_PEER | SSL_VERIFY_FAIL_IF_NO_PEER_CERT, NULL);
    s = SSL_new(ctx);
    SSL_set_fd(s, fd);
    if ((server ? SSL_accept(s) : SSL_connect(s)) != 1) {
        die("openssl handshake");
    }
    return s;
}

static int ossl_wr(void *c, const uint8_t *buf, size_t len)
{
    return SSL_write(c, buf, (int)len);
}

static int ossl_rd(void *c, uint8_t *buf, size_t len)
{
    return SSL_read(c, buf, (int)len);
}

static void ossl_cl(void *c)
{
    SSL_CTX *ctx = SSL_get_SSL_CTX(c);

    SSL_free(c);
    SSL_CTX_free(ctx);
}

static const lib_ops lib_openssl = {"OpenSSL", ossl_open, ossl_wr, ossl_rd, ossl_cl};
#endif

/* ------------------------------------------------------------ the primitive over TCP */

#define FRAME_HDR 5
#define FRAME_TAG 16

typedef struct raw_tcp {
    int fd;
    int chacha;
    uint8_t key[32];
    uint64_t seq[2]; /* frames sealed, frames opened */
    gcm_state *gcm;  /* AES-128-GCM: libtomcrypt's table GCM, as the raw figure */
    uint8_t frame[FRAME_HDR + CHUNK + FRAME_TAG];
} raw_tcp;

static void *raw_tcp_open(int fd, int server, const char *suite)
{
    raw_tcp *t = calloc(1, sizeof(*t));

    (void)server;
    if (t == NULL) {
        die("raw_tcp");
    }
    t->fd = fd;
    t->chacha = strstr(suite, "CHACHA") != NULL;
    memset(t->key, 1, sizeof(t->key));
    if (!t->chacha && ((t->gcm = malloc(sizeof(*t->gcm))) == NULL ||
                       gcm_init(t->gcm, find_cipher("aes"), t->key, 16) != CRYPT_OK)) {
        die("gcm_init");
    }
    return t;
}

/* Seal (@p dir 0) or open (1) @p len bytes in place, with the frame's sequence number in the
 * nonce and its header as the additional data, as a TLS 1.2 AEAD record. */
static int raw_tcp_aead(raw_tcp *t, int dir, uint8_t *data, size_t len, uint8_t *tag)
{
    uint8_t iv[12] = {0}, tag2[FRAME_TAG];
    unsigned long tl = FRAME_TAG;
    uint64_t n = t->seq[dir]++;
    int err;

    for (int i = 0; i < 8; i++) {
        iv[11 - i] = (uint8_t)(n >> (8 * i));
    }
    if (t->chacha) {
        err = chacha20poly1305_memory(t->key, 32, iv, 12, t->frame, FRAME_HDR, data, len, data,
                                      dir ? tag2 : tag, &tl,
                                      dir ? CHACHA20POLY1305_DECRYPT : CHACHA20POLY1305_ENCRYPT);
    } else {
        err = gcm_reset(t->gcm);
        err = err ? err : gcm_add_iv(t->gcm, iv, 12);
        err = err ? err : gcm_add_aad(t->gcm, t->frame, FRAME_HDR);
        err = err ? err : gcm_process(t->gcm, data, len, data, dir ? GCM_DECRYPT : GCM_ENCRYPT);
        err = err ? err : gcm_done(t->gcm, dir ? tag2 : tag, &tl);
    }
    /* libtomcrypt 1.18.2 computes the tag on decryption without checking it. */
    return err == CRYPT_OK && (!dir || mem_neq(tag, tag2, FRAME_TAG) == 0) ? 0 : -1;
}

static int raw_tcp_wr(void *c, const uint8_t *buf, size_t len)
{
    raw_tcp *t = c;
    size_t n = FRAME_HDR + len + FRAME_TAG, done = 0;

    t->frame[0] = 23;
    t->frame[1] = 3;
    t->frame[2] = 3;
    t->frame[3] = (uint8_t)((len + FRAME_TAG) >> 8);
    t->frame[4] = (uint8_t)(len + FRAME_TAG);
    memcpy(t->frame + FRAME_HDR, buf, len);
    if (raw_tcp_aead(t, 0, t->frame + FRAME_HDR, len, t->frame + FRAME_HDR + len) != 0) {
        return -1;
    }
    while (done < n) {
        ssize_t w = send(t->fd, t->frame + done, n - done, 0);

        if (w <= 0) {
            return -1;
        }
        done += (size_t)w;
    }
    return (int)len;
}

/* Read exactly @p len bytes. */
static int recv_all(int fd, uint8_t *buf, size_t len)
{
    size_t done = 0;

    while (done < len) {
        ssize_t r = recv(fd, buf + done, len - done, 0);

        if (r <= 0) {
            return -1;
        }
        done += (size_t)r;
    }
    return 0;
}

/* One frame per call; the reader's buffer holds a whole write (pump reads CHUNK at a time). */
static int raw_tcp_rd(void *c, uint8_t *buf, size_t len)
{
    raw_tcp *t = c;
    size_t body;

    if (recv_all(t->fd, t->frame, FRAME_HDR) != 0) {
        return -1;
    }
    body = (size_t)t->frame[3] << 8 | t->frame[4];
    if (body < FRAME_TAG || body - FRAME_TAG > len ||
        recv_all(t->fd, t->frame + FRAME_HDR, body) != 0 ||
        raw_tcp_aead(t, 1, t->frame + FRAME_HDR, body - FRAME_TAG,
                     t->frame + FRAME_HDR + body - FRAME_TAG) != 0) {
        return -1;
    }
    memcpy(buf, t->frame + FRAME_HDR, body - FRAME_TAG);
    return (int)(body - FRAME_TAG);
}

static void raw_tcp_cl(void *c)
{
    raw_tcp *t = c;

    free(t->gcm);
    free(t);
}

static const lib_ops lib_raw_tcp = {"ltc+tcp", raw_tcp_open, raw_tcp_wr, raw_tcp_rd, raw_tcp_cl};

/* ------------------------------------------------------------ one transfer */

typedef struct run {
    const lib_ops *lib;
    const char *suite;
    int lfd;
} run;

static void pump(const lib_ops *lib, void *c, int send)
{
    static _Thread_local uint8_t buf[CHUNK];
    size_t done = 0;

    memset(buf, 0x5a, sizeof(buf));
    while (done < total_bytes) {
        size_t n = total_bytes - done < CHUNK ? total_bytes - done : CHUNK;
        int rc = send ? lib->wr(c, buf, n) : lib->rd(c, buf, n);

        if (rc <= 0) {
            die(send ? "write" : "read");
        }
        done += (size_t)rc;
    }
}

static void *server_main(void *arg)
{
    run *r = arg;
    int fd = accept(r->lfd, NULL, NULL), one = 1;
    void *c;

    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
    c = r->lib->open(fd, 1, r->suite);
    pump(r->lib, c, 0);
    pump(r->lib, c, 1);
    r->lib->close(c);
    close(fd);
    return NULL;
}

/* User + system CPU seconds of the process so far; *sys gets the system part. */
static double rusage_cpu(double *sys)
{
    struct rusage ru;

    getrusage(RUSAGE_SELF, &ru);
    *sys = (double)ru.ru_stime.tv_sec + (double)ru.ru_stime.tv_usec * 1e-6;
    return *sys + (double)ru.ru_utime.tv_sec + (double)ru.ru_utime.tv_usec * 1e-6;
}

/* Returns wall seconds; *cpu gets the process CPU seconds of the transfer, *sys_share the
 * fraction of them spent in the kernel. */
static double transfer(const lib_ops *lib, const char *suite, double *cpu, double *sys_share)
{
    double s0, s1, r0, r1;
    run r = {lib, suite, -1};
    pthread_t th;
    int port, fd;
    void *c;
    double t0, c0, t;

    r.lfd = listen_any(&port);
    if (pthread_create(&th, NULL, server_main, &r) != 0) {
        die("thread");
    }
    fd = connect_to(port);
    c = lib->open(fd, 0, suite);
    t0 = clock_of(CLOCK_MONOTONIC);
    c0 = clock_of(CLOCK_PROCESS_CPUTIME_ID);
    r0 = rusage_cpu(&s0);
    pump(lib, c, 1);
    pump(lib, c, 0);
    t = clock_of(CLOCK_MONOTONIC) - t0;
    *cpu = clock_of(CLOCK_PROCESS_CPUTIME_ID) - c0;
    r1 = rusage_cpu(&s1);
    *sys_share = r1 > r0 ? (s1 - s0) / (r1 - r0) : 0;
    pthread_join(th, NULL);
    lib->close(c);
    close(fd);
    close(r.lfd);
    return t;
}

/* ------------------------------------------------------------ the raw primitive */

/* Seal + open of 16 KiB records with libtomcrypt alone (or, with @p prim, with mutls's own
 * AEAD: mutls_aead_seal + mutls_aead_open, no TLS, no I/O), @p bytes of them; returns this
 * thread's CPU seconds. */
static double raw_primitive(int chacha, int prim, size_t bytes)
{
    static _Thread_local uint8_t buf[CHUNK];
    uint8_t key[32] = {1}, iv[12] = {2}, aad[13] = {3}, tag[16], tag2[16];
    unsigned long tl;
    gcm_state *g = NULL;
    mutls_aead *m = NULL;
    double c0 = clock_of(CLOCK_THREAD_CPUTIME_ID);
    size_t done;

    if (prim) {
        if (mutls_aead_new(&m, chacha ? MUTLS_CIPHER_CHACHA20_POLY1305 : MUTLS_CIPHER_AES128_GCM,
                           key, chacha ? 32 : 16) != 0) {
            die("mutls_aead_new");
        }
    } else if (!chacha) {
        g = malloc(sizeof(*g));
        if (g == NULL || gcm_init(g, find_cipher("aes"), key, 16) != CRYPT_OK) {
            die("gcm_init");
        }
    }
    for (done = 0; done < bytes; done += CHUNK) {
        for (int dir = 0; dir < 2; dir++) {
            int err;

            tl = 16;
            if (prim) {
                err = dir ? mutls_aead_open(m, iv, aad, 13, buf, CHUNK, tag)
                          : mutls_aead_seal(m, iv, aad, 13, buf, CHUNK, tag);
                memcpy(tag2, tag, sizeof(tag2));
            } else if (chacha) {
                err = chacha20poly1305_memory(
                    key, 32, iv, 12, aad, 13, buf, CHUNK, buf, dir ? tag2 : tag, &tl,
                    dir ? CHACHA20POLY1305_DECRYPT : CHACHA20POLY1305_ENCRYPT);
            } else {
                err = gcm_reset(g);
                err = err ? err : gcm_add_iv(g, iv, 12);
                err = err ? err : gcm_add_aad(g, aad, 13);
                err = err ? err : gcm_process(g, buf, CHUNK, buf, dir ? GCM_DECRYPT : GCM_ENCRYPT);
                err = err ? err : gcm_done(g, dir ? tag2 : tag, &tl);
            }
            if (err != CRYPT_OK) {
                die("raw primitive");
            }
        }
        if (mem_neq(tag, tag2, 16) != 0) {
            die("raw tag");
        }
    }
    free(g);
    mutls_aead_free(m);
    return clock_of(CLOCK_THREAD_CPUTIME_ID) - c0;
}

/* The same work split over two threads running at once, as the transfer's client and server
 * threads do (on a machine whose two CPUs share a core, each thread then runs slower than
 * alone); returns the CPU seconds of both. */
typedef struct raw_job {
    int chacha, prim;
    double cpu;
} raw_job;

static void *raw_thread(void *arg)
{
    raw_job *j = arg;

    j->cpu = raw_primitive(j->chacha, j->prim, total_bytes);
    return NULL;
}

static double raw_primitive_2threads(int chacha, int prim)
{
    raw_job jobs[2] = {{chacha, prim, 0}, {chacha, prim, 0}};
    pthread_t th[2];

    for (int i = 0; i < 2; i++) {
        if (pthread_create(&th[i], NULL, raw_thread, &jobs[i]) != 0) {
            die("thread");
        }
    }
    for (int i = 0; i < 2; i++) {
        pthread_join(th[i], NULL);
    }
    return jobs[0].cpu + jobs[1].cpu;
}

/* ------------------------------------------------------------ main */

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;

    return (x > y) - (x < y);
}

static double median(double *v, int n)
{
    qsort(v, (size_t)n, sizeof(*v), cmp_double);
    return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

int main(int argc, char **argv)
{
    static const struct {
        const char *label, *suite;
        int chacha;
    } aeads[] = {
        {"AES-128-GCM", "ECDHE-RSA-AES128-GCM-SHA256", 0},
        {"ChaCha20-Poly1305", "ECDHE-RSA-CHACHA20-POLY1305", 1},
    };
    const lib_ops *libs[3] = {&lib_mutls, &lib_raw_tcp, NULL};
    int n_libs = 2;
    long mib = argc > 1 ? atol(argv[1]) : 64;
    int rounds = argc > 2 ? atoi(argv[2]) : 3;
    const char *only = argc > 3 ? argv[3] : "all";
    int mutls_only = argc > 4 && strcmp(argv[4], "mutls") == 0;
    int ok = 1;

    if (mib < 1 || rounds < 1 || rounds > MAX_ROUNDS ||
        (strcmp(only, "all") != 0 && strcmp(only, "gcm") != 0 && strcmp(only, "chacha") != 0)) {
        die("usage: bench_bulk [MiB each way] [rounds 1..15] [gcm|chacha|all] [mutls]");
    }
    total_bytes = (size_t)mib << 20;
#if defined(BENCH_HAVE_OPENSSL)
    libs[n_libs++] = &lib_openssl;
#endif
    if (mutls_only) {
        n_libs = 1;
    }
    if (mutls_crypto_init() != 0) {
        die("init");
    }
    printf("bulk: %ld MiB each way over loopback TCP, 16 KiB writes, median of %d rounds\n", mib,
           rounds);
    printf("%-18s %-8s %10s %10s %6s\n", "AEAD", "library", "wall MB/s", "CPU MB/s", "sys");
    for (size_t a = 0; a < sizeof(aeads) / sizeof(aeads[0]); a++) {
        double wall[3][MAX_ROUNDS], cpu[3][MAX_ROUNDS], sys[3][MAX_ROUNDS], raw[MAX_ROUNDS],
            raw2[MAX_ROUNDS], prim2[MAX_ROUNDS];
        double w[3], c[3], rw, rw2, pw2;
        double moved = 2.0 * (double)total_bytes / 1e6;

        if (strcmp(only, "all") != 0 && (strcmp(only, "chacha") == 0) != aeads[a].chacha) {
            continue;
        }
        for (int r = 0; r < rounds; r++) {
            for (int i = 0; i < n_libs; i++) {
                int l = (i + r) % n_libs;
                double cs, t = transfer(libs[l], aeads[a].suite, &cs, &sys[l][r]);

                wall[l][r] = moved / t;
                cpu[l][r] = moved / cs;
            }
            raw[r] = moved / raw_primitive(aeads[a].chacha, 0, 2 * total_bytes);
            raw2[r] = moved / raw_primitive_2threads(aeads[a].chacha, 0);
            prim2[r] = moved / raw_primitive_2threads(aeads[a].chacha, 1);
        }
        for (int l = 0; l < n_libs; l++) {
            w[l] = median(wall[l], rounds);
            c[l] = median(cpu[l], rounds);
            printf("%-18s %-8s %10.1f %10.1f %5.0f%%\n", l == 0 ? aeads[a].label : "",
                   libs[l]->name, w[l], c[l], 100.0 * median(sys[l], rounds));
        }
        rw = median(raw, rounds);
        rw2 = median(raw2, rounds);
        pw2 = median(prim2, rounds);
        printf("%-18s %-8s %10s %10.1f   (one thread alone)\n", "", "raw ltc", "-", rw);
        printf("%-18s %-8s %10s %10.1f   (two threads at once, like the transfer)\n", "", "raw ltc",
               "-", rw2);
        printf("%-18s %-8s %10s %10.1f   (mutls_aead_seal + open alone, two threads)\n", "", "prim",
               "-", pw2);
        printf("%-18s mutls/raw (CPU) %.2f alone, %.2f two threads; prim/raw %.2f, mutls/prim "
               "%.2f\n",
               "", c[0] / rw, c[0] / rw2, pw2 / rw2, c[0] / pw2);
        ok &= c[0] / rw2 >= 0.9;
        if (n_libs > 1) {
            printf("%-18s mutls/ltc+tcp (CPU) %.2f: the record layer and API above the "
                   "primitive and TCP\n",
                   "", c[0] / c[1]);
        }
        if (n_libs > 2) {
            printf("%-18s mutls/OpenSSL: wall %.2f, CPU %.2f\n", "", w[0] / w[2], c[0] / c[2]);
            if (aeads[a].chacha) {
                ok &= c[0] / c[2] >= 0.4;
            }
        }
    }
    printf("targets (>= 0.9x raw; ChaCha20-Poly1305 >= 0.4x OpenSSL): %s\n",
           ok ? "met" : "NOT met");
    return 0;
}
