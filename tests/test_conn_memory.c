/* SPDX-License-Identifier: MIT */
/*
 * test_conn_memory.c - what a connection allocates (issue #7 item 5, issue #8): a client and
 * a server in one process, each call charged to its side by a counting allocator, so the
 * tests bound each side's peak during a mutual-auth handshake, what it still holds after
 * (one record in, one record out, and a little), that the handshake-only state (the
 * CertificateRequest's CA names, the reassembly buffer) is gone then, and that application
 * data allocates nothing per record. The figures are mutls's own allocations (libtomcrypt's
 * big numbers are not counted); tests/bench/bench_memory measures the whole heap.
 */
#include "testutil.h"

#include <cmocka.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "hs_pair.h"
#include "record.h"

/* ------------------------------------------------------------ counting allocator */

enum { CLIENT = 0, SERVER = 1, NOBODY = 2 };

static int side = NOBODY;
static size_t cur[3], peak[3], count[3];

static void *count_alloc(void *ctx, size_t size)
{
    void *p = malloc(size);

    (void)ctx;
    if (p != NULL) {
        cur[side] += size;
        count[side]++;
        if (cur[side] > peak[side]) {
            peak[side] = cur[side];
        }
    }
    return p;
}

static void count_free(void *ctx, void *ptr, size_t size)
{
    (void)ctx;
    if (ptr != NULL) {
        cur[side] -= size;
    }
    free(ptr);
}

static const mutls_allocator counting = {count_alloc, count_free, NULL};

static void reset(void)
{
    memset(cur, 0, sizeof(cur));
    memset(peak, 0, sizeof(peak));
    memset(count, 0, sizeof(count));
}

/* ------------------------------------------------------------ a pair, side by side */

static mutls_config *config(mutls_role role, const char *id, const char *suite, size_t limit)
{
    mutls_config *cfg = hp_config(role, id, "cas.pem");

    if (suite != NULL) {
        assert_int_equal(mutls_config_set_suites(cfg, suite), 0);
    }
    assert_int_equal(mutls_config_set_record_limit(cfg, limit), 0);
    return cfg;
}

static int pending(int rc)
{
    return rc == MUTLS_WANT_READ || rc == MUTLS_WANT_WRITE;
}

/* Create both connections and run the handshake, each call charged to its side. */
static void handshake(hp_pair *p, const mutls_config *cli, const mutls_config *srv)
{
    int rc_c = MUTLS_WANT_READ, rc_s = MUTLS_WANT_READ;

    memset(p, 0, sizeof(*p));
    assert_int_equal(socketpair(AF_UNIX, SOCK_STREAM, 0, p->fd), 0);
    for (int i = 0; i < 2; i++) {
        assert_int_equal(fcntl(p->fd[i], F_SETFL, fcntl(p->fd[i], F_GETFL) | O_NONBLOCK), 0);
    }
    reset();
    side = CLIENT;
    assert_int_equal(mutls_conn_new(&p->client, cli), 0);
    assert_int_equal(mutls_set_fd(p->client, p->fd[0]), 0);
    assert_int_equal(mutls_set_hostname(p->client, "localhost"), 0);
    side = SERVER;
    assert_int_equal(mutls_conn_new(&p->server, srv), 0);
    assert_int_equal(mutls_set_fd(p->server, p->fd[1]), 0);
    for (int i = 0; i < 500 && (pending(rc_c) || pending(rc_s)); i++) {
        side = CLIENT;
        if (pending(rc_c)) {
            rc_c = mutls_handshake(p->client);
        }
        side = SERVER;
        if (pending(rc_s)) {
            rc_s = mutls_handshake(p->server);
        }
        side = NOBODY;
    }
    assert_int_equal(rc_c, 0);
    assert_int_equal(rc_s, 0);
}

/* Move @p len bytes from @p from to @p to, charging each call to its side. */
static void transfer(mutls_conn *from, int from_side, mutls_conn *to, int to_side, size_t len)
{
    static uint8_t out[170000], in[170000];
    size_t got = 0;
    int wrc = MUTLS_WANT_WRITE;

    assert_true(len <= sizeof(out));
    memset(out, 0x5a, len);
    for (int i = 0; i < 10000 && got < len; i++) {
        int n;

        side = from_side;
        if (wrc != (int)len) {
            wrc = mutls_write(from, out, len); /* repeated with the same bytes until done */
            assert_true(wrc == (int)len || pending(wrc));
        }
        side = to_side;
        n = mutls_read(to, in + got, len - got);
        assert_true(n > 0 || pending(n));
        got += n > 0 ? (size_t)n : 0;
        side = NOBODY;
    }
    assert_int_equal(got, len);
    assert_memory_equal(in, out, len);
}

/* One record each way of @p limit plaintext bytes: in buffer + out buffer. */
static size_t two_records(size_t limit)
{
    return 2 * MUTLS_REC_HEADER_LEN + 2 * limit + MUTLS_REC_MAX_EXPANSION +
           MUTLS_REC_MAX_SEAL_EXPANSION;
}

/* ------------------------------------------------------------ tests */

static void run_case(const char *cli_id, const char *srv_id, const char *suite, size_t limit,
                     size_t peak_max)
{
    mutls_config *cli = config(MUTLS_ROLE_CLIENT, cli_id, suite, limit);
    mutls_config *srv = config(MUTLS_ROLE_SERVER, srv_id, NULL, limit);
    size_t held[2], before[2];
    hp_pair p;

    assert_int_equal(mutls_set_allocator(&counting), 0);
    handshake(&p, cli, srv);
    for (int s = 0; s < 2; s++) {
        print_message("%s %zu: %s handshake peak %zu\n", suite, limit,
                      s == CLIENT ? "client" : "server", peak[s]);
        if (peak[s] > peak_max) {
            fail_msg("%s, %zu-byte records: %s peak %zu > %zu", suite, limit,
                     s == CLIENT ? "client" : "server", peak[s], peak_max);
        }
    }
    /* the CertificateRequest's CA names went with the handshake */
    assert_int_equal(mutls_cert_request_ca_count(p.client), 0);
    /* after data both ways: one record in, one record out, and a little */
    transfer(p.client, CLIENT, p.server, SERVER, 3 * limit + 100);
    transfer(p.server, SERVER, p.client, CLIENT, 3 * limit + 100);
    for (int s = 0; s < 2; s++) {
        held[s] = cur[s];
        before[s] = count[s];
        if (held[s] > two_records(limit) + 8192) {
            fail_msg("%s: %s holds %zu after the handshake", suite, s == CLIENT ? "client" : "server",
                     held[s]);
        }
        print_message("%s %zu: %s holds %zu\n", suite, limit, s == CLIENT ? "client" : "server",
                      held[s]);
    }
    /* nothing per record: many more records each way allocate nothing */
    transfer(p.client, CLIENT, p.server, SERVER, 10 * limit);
    transfer(p.server, SERVER, p.client, CLIENT, 10 * limit);
    for (int s = 0; s < 2; s++) {
        assert_int_equal(count[s], before[s]);
        assert_int_equal(cur[s], held[s]);
    }
    side = NOBODY;
    hp_close(&p);
    assert_int_equal(mutls_set_allocator(NULL), 0);
    mutls_config_free(cli);
    mutls_config_free(srv);
}

/* Issue #7: full-size records, ECDHE-RSA-CHACHA20-POLY1305. One record in (16.7 KB, given
 * back while we send our flight), our flight, the connection itself (4.2 KB), the peer's
 * chain: well under the 40 KB the whole heap may take (libtommath needs its part). */
static void test_connmem_full_records_rsa_bounded(void **state)
{
    (void)state;
    run_case("client", "server", "ECDHE-RSA-CHACHA20-POLY1305", 16384, 26000);
}

/* Issue #8: 2048-byte records, ECDHE-ECDSA-CHACHA20-POLY1305. */
static void test_connmem_small_records_ecdsa_bounded(void **state)
{
    (void)state;
    run_case("client-ec", "server-ec", "ECDHE-ECDSA-CHACHA20-POLY1305", 2048, 10000);
}

static void *no_alloc(void *ctx, size_t size)
{
    (void)ctx;
    (void)size;
    return NULL;
}

/* The detail sentence takes memory only once a connection failed; without it, the code's
 * text stands in. */
static void test_connmem_detail_without_memory_code_text(void **state)
{
    static const mutls_allocator none = {no_alloc, count_free, NULL};
    mutls_config *cli = hp_config(MUTLS_ROLE_CLIENT, NULL, "cas.pem");
    mutls_config *srv = hp_config(MUTLS_ROLE_SERVER, "server", "cas.pem");
    hp_pair p;

    (void)state;
    hp_open(&p, cli, srv);
    hp_handshake(&p);
    assert_int_equal(p.rc_server, MUTLS_ERR_NO_CLIENT_CERTIFICATE);
    assert_int_equal(mutls_set_allocator(&none), 0);
    assert_string_equal(mutls_error_detail(p.server),
                        mutls_error_text(MUTLS_ERR_NO_CLIENT_CERTIFICATE));
    assert_int_equal(mutls_set_allocator(NULL), 0);
    assert_string_equal(mutls_error_detail(p.server),
                        "client sent no certificate: sent alert handshake_failure(40)");
    hp_close(&p);
    mutls_config_free(cli);
    mutls_config_free(srv);
}

static int group_setup(void **state)
{
    (void)state;
    return mutls_init() < 0 ? -1 : 0;
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_connmem_full_records_rsa_bounded),
        cmocka_unit_test(test_connmem_small_records_ecdsa_bounded),
        cmocka_unit_test(test_connmem_detail_without_memory_code_text),
    };
    return cmocka_run_group_tests(tests, group_setup, NULL);
}
