/* SPDX-License-Identifier: MIT */
/*
 * test_lossless.c - exact, lossless I/O through a hostile transport: a client and a server
 * in one process exchange a long pseudo-random byte stream each way over the chaos pipe
 * (pipe.h: every call moves a random 1..N bytes, a fifth of the calls say "would block",
 * seeded so a failure replays exactly). Each side checks every byte it receives against
 * the generator the other side wrote from, and a running checksum of each direction must
 * match at the end: not one byte lost, repeated or reordered. Two ways of driving the
 * connections, as applications do:
 *   - blocking style: call again at once on MUTLS_WANT_*, half duplex (ping-pong rounds
 *     of random size, as a blocking application with one thread per connection must);
 *   - non-blocking style: full duplex in one event loop that calls a side only when the
 *     pipe says it is ready for what that side last asked for (poll(2)-like).
 *
 * Amounts: 64 MiB each way for one suite of each cipher family (ChaCha20-Poly1305,
 * AES-128-GCM, AES-256-GCM, AES-128-CBC-SHA256 with and without encrypt-then-MAC), split
 * between the two driving styles, and 1 MiB each way for the other suites. Suites the build
 * leaves out (MUTLS_STATIC_RSA=OFF, MUTLS_CBC=OFF) are passed over.
 * MUTLS_TEST_FULL=1: 64 MiB each way, in each style, for every suite (minutes).
 * MUTLS_TEST_QUICK=1 (and any run under valgrind, detected by tu_test_quick): 1 MiB for
 * every suite; the full run would take hours there.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hs_pair.h"
#include "pipe.h"
#include "testutil.h"

#include <cmocka.h>

#define MIB ((uint64_t)1 << 20)
#define PIPE_CAP (96 * 1024)
#define MAX_IO 40000 /* largest mutls_write / mutls_read buffer: spans records */

static int env_on(const char *name)
{
    const char *v = getenv(name);
    return v != NULL && *v != '\0' && *v != '0';
}

/* ------------------------------------------------------------ the byte streams */

static uint64_t mix(uint64_t x)
{
    x += 0x9e3779b97f4a7c15ull;
    x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ull;
    x = (x ^ (x >> 27)) * 0x94d049bb133111ebull;
    return x ^ (x >> 31);
}

/* Bytes @p pos .. @p pos + @p n of the stream named @p seed. */
static void stream_bytes(uint64_t seed, uint64_t pos, uint8_t *out, size_t n)
{
    uint64_t word = mix(seed ^ (pos / 8));

    for (size_t i = 0; i < n; i++, pos++) {
        if (pos % 8 == 0) {
            word = mix(seed ^ (pos / 8));
        }
        out[i] = (uint8_t)(word >> (8 * (pos % 8)));
    }
}

/* FNV-1a, 64 bits: order-sensitive. */
static uint64_t checksum(uint64_t h, const uint8_t *p, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        h = (h ^ p[i]) * 0x100000001b3ull;
    }
    return h;
}

/* ------------------------------------------------------------ one side */

typedef struct side {
    const char *name;
    mutls_conn *c;
    int end; /* pipe end */
    uint64_t out_seed, in_seed;
    uint64_t total;       /* bytes to send, and to receive */
    uint64_t sent, recvd; /* stream positions */
    uint64_t out_sum, in_sum;
    uint8_t wbuf[MAX_IO]; /* the write in progress (repeated unchanged after WANT_*) */
    size_t wlen;
    uint8_t rbuf[MAX_IO];
    uint8_t expect[MAX_IO];
    int hs_done, close_done, peer_closed;
    int want; /* what the last call asked to wait for, 0 for nothing */
    int rd_blocked, wr_blocked;
    uint32_t rng;
} side;

static uint32_t next_rand(side *s)
{
    s->rng ^= s->rng << 13;
    s->rng ^= s->rng >> 17;
    s->rng ^= s->rng << 5;
    return s->rng;
}

static size_t random_len(side *s, size_t max)
{
    uint32_t r = next_rand(s);
    /* mostly large, sometimes tiny */
    return 1 + r % ((r >> 8) % 4 == 0 ? 16 : max);
}

static void fail_side(const side *s, const char *what, int rc)
{
    fail_msg("%s: %s returned %d (%s): %s", s->name, what, rc, mutls_strerror(rc),
             mutls_error_detail(s->c));
}

/* Check received bytes against the generator, and count them. */
static void take(side *s, size_t n)
{
    stream_bytes(s->in_seed, s->recvd, s->expect, n);
    if (memcmp(s->rbuf, s->expect, n) != 0) {
        for (size_t i = 0; i < n; i++) {
            if (s->rbuf[i] != s->expect[i]) {
                fail_msg("%s: byte %llu of the stream differs", s->name,
                         (unsigned long long)(s->recvd + i));
            }
        }
    }
    s->in_sum = checksum(s->in_sum, s->rbuf, n);
    s->recvd += n;
    assert_true(s->recvd <= s->total);
}

/* Prepare the next write (once per write: WANT_* repeats the same bytes). */
static void next_write(side *s, size_t max)
{
    uint64_t left = s->total - s->sent;

    s->wlen = random_len(s, max);
    if (s->wlen > left) {
        s->wlen = (size_t)left;
    }
    stream_bytes(s->out_seed, s->sent, s->wbuf, s->wlen);
}

/* One mutls_write of the pending buffer: 1 when it was taken, 0 on WANT_*. */
static int try_write(side *s)
{
    int rc = mutls_write(s->c, s->wbuf, s->wlen);

    if (rc == MUTLS_WANT_READ || rc == MUTLS_WANT_WRITE) {
        s->want = rc;
        return 0;
    }
    if (rc != (int)s->wlen) {
        fail_side(s, "mutls_write", rc);
    }
    s->out_sum = checksum(s->out_sum, s->wbuf, s->wlen);
    s->sent += s->wlen;
    s->wlen = 0;
    s->want = 0;
    return 1;
}

/* One mutls_read: bytes read, 0 at close_notify, -1 on WANT_*. */
static int try_read(side *s)
{
    size_t len = random_len(s, sizeof(s->rbuf));
    int rc = mutls_read(s->c, s->rbuf, len);

    if (rc == MUTLS_WANT_READ || rc == MUTLS_WANT_WRITE) {
        s->want = rc;
        return -1;
    }
    s->want = 0;
    if (rc == 0) {
        if (s->recvd != s->total) {
            fail_msg("%s: clean end after %llu of %llu bytes", s->name,
                     (unsigned long long)s->recvd, (unsigned long long)s->total);
        }
        s->peer_closed = 1;
        return 0;
    }
    if (rc < 0 || (size_t)rc > len) {
        fail_side(s, "mutls_read", rc);
    }
    take(s, (size_t)rc);
    return rc;
}

/* ------------------------------------------------------------ set-up */

typedef struct duo {
    tu_pipe *pipe;
    mutls_config *ccfg, *scfg;
    side cl, sv;
} duo;

static void duo_open(duo *d, const char *suite, int etm, uint64_t bytes, uint32_t seed)
{
    char chain[512], key[512];

    memset(d, 0, sizeof(*d));
    d->ccfg = hp_config(MUTLS_ROLE_CLIENT, "client", "cas.pem");
    d->scfg = hp_config(MUTLS_ROLE_SERVER, "server", "cas.pem");
    snprintf(chain, sizeof(chain), "%s", tu_vector_path("pki/server-ec.pem"));
    snprintf(key, sizeof(key), "%s", tu_vector_path("pki/server-ec.key"));
    assert_int_equal(mutls_config_add_identity_file(d->scfg, chain, key, NULL), 0);
    assert_int_equal(mutls_config_set_suites(d->ccfg, suite), 0);
    assert_int_equal(mutls_config_set_encrypt_then_mac(d->ccfg, etm), 0);
    d->pipe = tu_pipe_new(PIPE_CAP);
    assert_non_null(d->pipe);
    tu_pipe_set_chunk(d->pipe, 24000);
    tu_pipe_set_random_chunk(d->pipe, 1);
    tu_pipe_set_chaos(d->pipe, seed, 20);
    assert_int_equal(mutls_conn_new(&d->cl.c, d->ccfg), 0);
    assert_int_equal(mutls_conn_new(&d->sv.c, d->scfg), 0);
    assert_int_equal(mutls_set_io(d->cl.c, tu_pipe_send, tu_pipe_recv, tu_pipe_end(d->pipe, 0)), 0);
    assert_int_equal(mutls_set_io(d->sv.c, tu_pipe_send, tu_pipe_recv, tu_pipe_end(d->pipe, 1)), 0);
    assert_int_equal(mutls_set_hostname(d->cl.c, "localhost"), 0);
    d->cl.name = "client";
    d->sv.name = "server";
    d->cl.end = 0;
    d->sv.end = 1;
    d->cl.out_seed = d->sv.in_seed = 0x1000 + seed;
    d->sv.out_seed = d->cl.in_seed = 0x2000 + seed;
    d->cl.total = d->sv.total = bytes;
    d->cl.out_sum = d->cl.in_sum = d->sv.out_sum = d->sv.in_sum = 0xcbf29ce484222325ull;
    d->cl.rng = seed * 7 + 1;
    d->sv.rng = seed * 13 + 1;
}

static void duo_check_and_close(duo *d, const char *suite)
{
    /* Both directions: every byte arrived once, in order (the checksums agree). */
    assert_int_equal(d->cl.sent, d->cl.total);
    assert_int_equal(d->sv.recvd, d->cl.total);
    assert_int_equal(d->sv.sent, d->sv.total);
    assert_int_equal(d->cl.recvd, d->sv.total);
    assert_true(d->cl.out_sum == d->sv.in_sum);
    assert_true(d->sv.out_sum == d->cl.in_sum);
    assert_string_equal(mutls_get_suite(d->cl.c), mutls_get_suite(d->sv.c));
    (void)suite;
    /* The chaos did happen. */
    assert_true(tu_pipe_wants(d->pipe) > 10);
    mutls_free(d->cl.c);
    mutls_free(d->sv.c);
    tu_pipe_free(d->pipe);
    mutls_config_free(d->ccfg);
    mutls_config_free(d->scfg);
}

/* ------------------------------------------------------------ blocking style */

static void blocking_handshake(duo *d)
{
    int rc_c = MUTLS_WANT_READ, rc_s = MUTLS_WANT_READ;

    /* Half duplex: each side runs until it must wait for the other. A blocking client
     * would sleep in recv; here the other side gets its turn. */
    for (int i = 0; i < 10000 && (rc_c != 0 || rc_s != 0); i++) {
        if (rc_c != 0) {
            rc_c = mutls_handshake(d->cl.c);
            if (rc_c < 0 && rc_c != MUTLS_WANT_READ && rc_c != MUTLS_WANT_WRITE) {
                fail_side(&d->cl, "mutls_handshake", rc_c);
            }
        }
        if (rc_s != 0) {
            rc_s = mutls_handshake(d->sv.c);
            if (rc_s < 0 && rc_s != MUTLS_WANT_READ && rc_s != MUTLS_WANT_WRITE) {
                fail_side(&d->sv, "mutls_handshake", rc_s);
            }
        }
    }
    assert_int_equal(rc_c, 0);
    assert_int_equal(rc_s, 0);
}

/* @p from sends a round of random size; @p to reads exactly that much. Each call is
 * repeated at once on WANT_* (the transport's would-block is only ever momentary here,
 * because a round fits in the pipe). */
static void blocking_round(side *from, side *to)
{
    uint64_t round = 1 + next_rand(from) % (PIPE_CAP / 2);
    uint64_t goal;

    if (round > from->total - from->sent) {
        round = from->total - from->sent;
    }
    goal = from->sent + round;
    while (from->sent < goal) {
        next_write(from, (size_t)(goal - from->sent < MAX_IO ? goal - from->sent : MAX_IO));
        for (int tries = 0; !try_write(from); tries++) {
            assert_true(tries < 1000);
        }
    }
    for (int tries = 0; to->recvd < goal; tries++) {
        assert_true(tries < 100000);
        (void)try_read(to);
    }
}

static void run_blocking(const char *suite, int etm, uint64_t bytes, uint32_t seed)
{
    duo d;

    duo_open(&d, suite, etm, bytes, seed);
    blocking_handshake(&d);
    while (d.cl.sent < d.cl.total || d.sv.sent < d.sv.total) {
        if (d.cl.sent < d.cl.total) {
            blocking_round(&d.cl, &d.sv);
        }
        if (d.sv.sent < d.sv.total) {
            blocking_round(&d.sv, &d.cl);
        }
    }
    /* close_notify each way: then, and only then, read returns 0 */
    for (int tries = 0; mutls_close(d.cl.c) != 0; tries++) {
        assert_true(tries < 1000);
    }
    for (int tries = 0; !d.sv.peer_closed; tries++) {
        assert_true(tries < 1000);
        (void)try_read(&d.sv);
    }
    for (int tries = 0; mutls_close(d.sv.c) != 0; tries++) {
        assert_true(tries < 1000);
    }
    for (int tries = 0; !d.cl.peer_closed; tries++) {
        assert_true(tries < 1000);
        (void)try_read(&d.cl);
    }
    duo_check_and_close(&d, suite);
}

/* ------------------------------------------------------------ non-blocking style */

/* poll(2) for the pipe: can @p s read, or write, now? */
static int readable(const duo *d, const side *s)
{
    return tu_pipe_pending(d->pipe, s->end) > 0;
}

static int writable(const duo *d, const side *s)
{
    return PIPE_CAP - tu_pipe_pending(d->pipe, 1 - s->end) > 0;
}

/* One event-loop turn for @p s: 1 if it was called at all. A side is called only for what
 * the transport is ready for, given what it last waited for (rd_blocked / wr_blocked). */
static int step(duo *d, side *s)
{
    int moved = 0, rc;

    if (!s->hs_done) {
        if ((s->want == MUTLS_WANT_READ && !readable(d, s)) ||
            (s->want == MUTLS_WANT_WRITE && !writable(d, s))) {
            return 0;
        }
        rc = mutls_handshake(s->c);
        if (rc == MUTLS_WANT_READ || rc == MUTLS_WANT_WRITE) {
            s->want = rc;
            return 1;
        }
        if (rc != 0) {
            fail_side(s, "mutls_handshake", rc);
        }
        s->hs_done = 1;
        s->want = 0;
        return 1;
    }
    /* Full duplex: write while there is data (then close), read whenever data may be
     * there; a write waiting for room never stops the reads (the peer may wait for us). */
    if ((s->sent < s->total || !s->close_done) && (!s->wr_blocked || writable(d, s))) {
        moved = 1;
        if (s->sent < s->total) {
            if (s->wlen == 0) {
                next_write(s, MAX_IO);
            }
            s->wr_blocked = !try_write(s) && s->want == MUTLS_WANT_WRITE;
        } else {
            rc = mutls_close(s->c);
            if (rc == 0) {
                s->close_done = 1;
            } else if (rc != MUTLS_WANT_WRITE) {
                fail_side(s, "mutls_close", rc);
            }
            s->wr_blocked = rc == MUTLS_WANT_WRITE;
        }
    }
    if (!s->peer_closed && (!s->rd_blocked || readable(d, s))) {
        moved = 1;
        while ((rc = try_read(s)) > 0) {
        }
        s->rd_blocked = rc < 0 && s->want == MUTLS_WANT_READ;
    }
    return moved;
}

static void run_nonblocking(const char *suite, int etm, uint64_t bytes, uint32_t seed)
{
    duo d;
    unsigned long idle = 0;

    duo_open(&d, suite, etm, bytes, seed);
    while (!(d.cl.peer_closed && d.sv.peer_closed && d.cl.close_done && d.sv.close_done)) {
        int moved = step(&d, &d.cl);
        moved |= step(&d, &d.sv);
        if (!moved) {
            /* Nothing was ready for anyone: a deadlock (no byte in flight either way). */
            assert_true(++idle < 3);
        } else {
            idle = 0;
        }
    }
    duo_check_and_close(&d, suite);
}

/* ------------------------------------------------------------ the suites */

typedef struct suite_case {
    const char *name;
    int etm;
    int representative; /* one per cipher family: the long run */
} suite_case;

static const suite_case suites[] = {
    {"ECDHE-ECDSA-CHACHA20-POLY1305", 1, 1},
    {"ECDHE-RSA-AES128-GCM-SHA256", 1, 1},
    {"ECDHE-ECDSA-AES256-GCM-SHA384", 1, 1},
    {"ECDHE-RSA-AES128-SHA256", 1, 1},
    {"ECDHE-RSA-AES128-SHA256", 0, 1},
    {"ECDHE-ECDSA-AES128-GCM-SHA256", 1, 0},
    {"ECDHE-RSA-AES256-GCM-SHA384", 1, 0},
    {"ECDHE-RSA-CHACHA20-POLY1305", 1, 0},
    {"AES128-GCM-SHA256", 1, 0},
    {"AES256-GCM-SHA384", 1, 0},
    {"AES128-SHA256", 1, 0},
    {"AES128-SHA", 1, 0},
    {"AES128-SHA", 0, 0},
};

/* The CBC suites: neither AES-GCM nor ChaCha20-Poly1305. */
static int cbc_suite(const char *name)
{
    return strstr(name, "GCM") == NULL && strstr(name, "CHACHA") == NULL;
}

static void each_suite(int representative)
{
    int full = env_on("MUTLS_TEST_FULL"), quick = tu_test_quick();
    int static_rsa = hp_have_static_rsa(), cbc = hp_have_cbc();

    for (size_t i = 0; i < sizeof(suites) / sizeof(suites[0]); i++) {
        const suite_case *sc = &suites[i];
        uint64_t bytes;

        if (sc->representative != representative ||
            (!static_rsa && strncmp(sc->name, "ECDHE", 5) != 0) || (!cbc && cbc_suite(sc->name))) {
            continue;
        }
        bytes = quick ? MIB : full || sc->representative ? 64 * MIB : MIB;
        if (getenv("MUTLS_TEST_VERBOSE") != NULL) {
            printf("  %s%s: %llu MiB each way\n", sc->name, sc->etm ? "" : " (no EtM)",
                   (unsigned long long)(bytes / MIB));
        }
        if (full || quick || !sc->representative) {
            /* the whole amount in each style */
            run_blocking(sc->name, sc->etm, bytes, 100 + (uint32_t)i);
            run_nonblocking(sc->name, sc->etm, bytes, 200 + (uint32_t)i);
        } else {
            /* 64 MiB each way per suite, half in each style */
            run_blocking(sc->name, sc->etm, bytes / 2, 100 + (uint32_t)i);
            run_nonblocking(sc->name, sc->etm, bytes / 2, 200 + (uint32_t)i);
        }
    }
}

static void test_lossless_cipher_families_64mib_exact(void **state)
{
    (void)state;
    each_suite(1);
}

static void test_lossless_every_other_suite_exact(void **state)
{
    (void)state;
    each_suite(0);
}

/* @p from writes its whole stream one byte per mutls_write; @p to reads one byte per
 * mutls_read, each call repeated at once on WANT_*. */
static void one_byte_each(side *from, side *to)
{
    while (from->sent < from->total) {
        next_write(from, 1);
        for (int tries = 0; !try_write(from); tries++) {
            assert_true(tries < 1000);
        }
        for (int tries = 0; to->recvd < from->sent; tries++) {
            int rc = mutls_read(to->c, to->rbuf, 1);

            assert_true(tries < 1000);
            if (rc == 1) {
                take(to, 1);
            } else {
                assert_int_equal(rc, MUTLS_WANT_READ);
            }
        }
    }
}

static void test_lossless_one_byte_writes_and_reads_exact(void **state)
{
    duo d;

    (void)state;
    /* The smallest calls: every write and read is one byte (a record per byte), with chaos. */
    duo_open(&d, "ECDHE-RSA-AES128-GCM-SHA256", 1, 3000, 7);
    blocking_handshake(&d);
    one_byte_each(&d.cl, &d.sv);
    one_byte_each(&d.sv, &d.cl);
    duo_check_and_close(&d, "one byte");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_lossless_one_byte_writes_and_reads_exact),
        cmocka_unit_test(test_lossless_every_other_suite_exact),
        cmocka_unit_test(test_lossless_cipher_families_64mib_exact),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
