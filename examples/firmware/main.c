/* SPDX-License-Identifier: MIT */
/*
 * main.c - the firmware example: a device with a client certificate connects to a server
 * that demands it (mutual TLS 1.2), over callback I/O on a UART. It is the minimal embedding
 * of mutls that README.md "Using mutls in firmware" describes: the OS-free core, the identity
 * and the trust anchor from memory, time and entropy from callbacks, send/recv over the UART.
 * It prints what it negotiated, exchanges one line with the server, closes with close_notify,
 * and reports the heap (mutls's allocator and the C library's, which the big-number code
 * uses) and the stack high-water mark.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "board.h"
#include "creds.h"
#include "heap.h"
#include "mutls.h"

#ifndef FW_SUITES
#define FW_SUITES "ECDHE-ECDSA-CHACHA20-POLY1305"
#endif
/* FW_EXPECT_REFUSAL: define to a MUTLS_ERR_* code for a run in which the server must be refused. */
#ifndef FW_MAX_HANDSHAKE
#define FW_MAX_HANDSHAKE 4096
#endif
#ifndef FW_HOSTNAME
#define FW_HOSTNAME "localhost"
#endif
/* Records of at most 2 KiB each way: the connection's buffers are sized to it, and the broker
 * is asked to keep to it with record_size_limit (RFC 8449) and max_fragment_length (RFC 6066:
 * what OpenSSL honours). */
#ifndef FW_RECORD_LIMIT
#define FW_RECORD_LIMIT 2048
#endif

/* ------------------------------------------------------- mutls callbacks */

/* The allocator mutls uses: the C library's, counted separately from the rest. */
static size_t mutls_live, mutls_peak;

static void *fw_alloc(void *ctx, size_t size)
{
    size_t *p = malloc(size + sizeof(size_t) * 2);

    (void)ctx;
    if (p == NULL) {
        return NULL;
    }
    mutls_live += size;
    if (mutls_live > mutls_peak) {
        mutls_peak = mutls_live;
    }
    return p + 2;
}

static void fw_free(void *ctx, void *ptr, size_t size)
{
    (void)ctx;
    if (ptr != NULL) {
        mutls_live -= size;
        free((size_t *)ptr - 2);
    }
}

static int fw_entropy(void *ctx, uint8_t *buf, size_t len)
{
    (void)ctx;
    return board_entropy(buf, len) == 0 ? 0 : MUTLS_ERR_NO_ENTROPY;
}

static int64_t fw_time(void *ctx)
{
    (void)ctx;
    return board_time();
}

static int fw_send(void *ctx, const uint8_t *buf, size_t len)
{
    (void)ctx;
    board_uart_write(buf, len);
    return (int)len;
}

static int fw_recv(void *ctx, uint8_t *buf, size_t len)
{
    size_t n;

    (void)ctx;
    n = board_uart_read(buf, len, 60000);
    /* A UART has no end of stream: silence for a minute is a failure of the link. */
    return n > 0 ? (int)n : MUTLS_ERR_IO;
}

static void fw_trace(void *ctx, const mutls_trace_msg *m)
{
    char line[96];

    (void)ctx;
    snprintf(line, sizeof(line), "  %s %2d %-18s %6u bytes\n", m->sent ? "->" : "<-", m->step,
             m->name, (unsigned)m->len);
    board_puts(line);
}

/* ------------------------------------------------------------------ main */

static int fail(const char *what, int rc, const mutls_conn *conn)
{
    char line[320];

    snprintf(line, sizeof(line), "firmware: %s failed: %s (%d)%s%s\n", what, mutls_strerror(rc), rc,
             conn != NULL ? ": " : "", conn != NULL ? mutls_error_detail(conn) : "");
    board_puts(line);
    return 1;
}

/*
 * The OS-free build has no entropy of its own: a configuration without the entropy callback
 * must be refused when the connection is made, with a code that says why, never run on a
 * silent default.
 */
static int check_entropy_required(void)
{
    mutls_config *cfg = NULL;
    mutls_conn *conn = NULL;
    int rc = mutls_config_new(&cfg, MUTLS_ROLE_CLIENT);

    if (rc == 0) {
        mutls_config_set_time(cfg, fw_time, NULL);
        rc = mutls_config_add_trust(cfg, fw_trust, fw_trust_len);
    }
    if (rc == 0) {
        rc = mutls_conn_new(&conn, cfg);
    }
    mutls_free(conn);
    mutls_config_free(cfg);
    if (rc != MUTLS_ERR_NO_ENTROPY) {
        return fail("a configuration without entropy: expected no_entropy", rc, NULL);
    }
    board_puts("firmware: without an entropy callback: refused with no_entropy, as it must\n");
    return 0;
}

#if !defined(FW_TIME_STUB)
/* Nor has it a clock: a verifying configuration without the time callback is refused too. */
static int check_time_required(void)
{
    mutls_config *cfg = NULL;
    mutls_conn *conn = NULL;
    int rc = mutls_config_new(&cfg, MUTLS_ROLE_CLIENT);

    if (rc == 0) {
        mutls_config_set_entropy(cfg, fw_entropy, NULL);
        rc = mutls_config_add_trust(cfg, fw_trust, fw_trust_len);
    }
    if (rc == 0) {
        rc = mutls_conn_new(&conn, cfg);
    }
    mutls_free(conn);
    mutls_config_free(cfg);
    if (rc != MUTLS_ERR_NO_TIME) {
        return fail("a configuration without time: expected no_time", rc, NULL);
    }
    board_puts("firmware: without a time callback: refused with no_time, as it must\n");
    return 0;
}
#else
/* .ci/cross-arm links a failing time() while the core still calls it: nothing to check. */
static int check_time_required(void)
{
    board_puts("firmware: the core still calls time(); not checking the time callback\n");
    return 0;
}
#endif

static int run(void)
{
    static const char ping[] = "hello from a cortex-m4\n";
    const mutls_allocator counted = {fw_alloc, fw_free, NULL};
    mutls_config *cfg = NULL;
    mutls_conn *conn = NULL;
    char line[200];
    uint8_t reply[128];
    size_t got = 0;
    heap_stats before, after;
    size_t cfg_heap, mutls_base;
    int rc;

    board_uart_init();
    if (mutls_set_allocator(&counted) != 0) {
        return fail("mutls_set_allocator", MUTLS_ERR_INTERNAL, NULL);
    }
    if (check_entropy_required() != 0 || check_time_required() != 0) {
        return 1;
    }
    rc = mutls_config_new(&cfg, MUTLS_ROLE_CLIENT);
    if (rc == 0) {
        mutls_config_set_entropy(cfg, fw_entropy, NULL);
        mutls_config_set_time(cfg, fw_time, NULL);
        mutls_config_set_trace(cfg, fw_trace, NULL);
        rc = mutls_config_add_identity(cfg, fw_client_chain, fw_client_chain_len, fw_client_key,
                                       fw_client_key_len, NULL);
    }
    if (rc == 0) {
        rc = mutls_config_add_trust(cfg, fw_trust, fw_trust_len);
    }
    if (rc == 0) {
        rc = mutls_config_set_suites(cfg, FW_SUITES);
    }
    if (rc == 0) {
        /* The largest handshake message a broker sends a device is its Certificate (one to
         * three certificates): 4 KiB instead of the 64 KiB default, allocated per connection. */
        mutls_limits limits = {0}; /* zero fields keep their defaults */

        limits.max_handshake = FW_MAX_HANDSHAKE;
        rc = mutls_config_set_limits(cfg, &limits);
    }
    if (rc == 0) {
        rc = mutls_config_set_record_limit(cfg, FW_RECORD_LIMIT);
    }
    if (rc != 0) {
        mutls_config_free(cfg);
        return fail("configuration", rc, NULL);
    }
    cfg_heap = heap_get().live;
    heap_reset_peak();
    before = heap_get();
    mutls_base = mutls_peak = mutls_live;

    rc = mutls_conn_new(&conn, cfg);
    if (rc == 0) {
        rc = mutls_set_io(conn, fw_send, fw_recv, NULL);
    }
    if (rc == 0) {
        rc = mutls_set_hostname(conn, FW_HOSTNAME);
    }
    if (rc != 0) {
        mutls_free(conn);
        mutls_config_free(cfg);
        return fail("connection set-up", rc, NULL);
    }
    board_puts("firmware: handshake\n");
    rc = mutls_handshake(conn);
#if defined(FW_EXPECT_REFUSAL)
    /* A negative run: the server must be refused on the device, with this exact code. */
    if (rc == FW_EXPECT_REFUSAL) {
        board_puts("firmware: refused as expected: ");
        board_puts(mutls_error_detail(conn));
        board_puts("\nfirmware: OK\n");
        rc = 0;
    } else {
        fail("handshake (expected a refusal)", rc != 0 ? rc : MUTLS_ERR_INTERNAL, conn);
        rc = 1;
    }
    goto out;
#endif
    if (rc != 0) {
        fail("handshake", rc, conn);
        goto out;
    }
    snprintf(line, sizeof(line), "firmware: %s %s, server %s\n", mutls_get_version(conn),
             mutls_get_suite(conn), mutls_peer_subject(conn));
    board_puts(line);
    snprintf(line, sizeof(line), "firmware: records of at most %u bytes each way\n",
             (unsigned)mutls_get_record_limit(conn, 1));
    board_puts(line);

    rc = mutls_write(conn, ping, sizeof(ping) - 1);
    if (rc < 0) {
        fail("write", rc, conn);
        goto out;
    }
    /* The server (openssl s_server -rev) answers with the line reversed. */
    while (got < sizeof(reply) - 1 && (got == 0 || reply[got - 1] != '\n')) {
        rc = mutls_read(conn, reply + got, sizeof(reply) - 1 - got);
        if (rc <= 0) {
            fail("read", rc == 0 ? MUTLS_ERR_CLOSED : rc, conn);
            goto out;
        }
        got += (size_t)rc;
    }
    reply[got] = 0;
    snprintf(line, sizeof(line), "firmware: server replied: %s", (const char *)reply);
    board_puts(line);
    rc = mutls_close(conn);
    if (rc != 0) {
        fail("close", rc, conn);
        goto out;
    }
    after = heap_get();
    snprintf(line, sizeof(line),
             "firmware: heap: configuration %u bytes; connection peak %u bytes (mutls's "
             "allocator alone peaked at %u; the rest is big numbers); stack peak %u bytes\n",
             (unsigned)cfg_heap, (unsigned)(after.peak - before.live),
             (unsigned)(mutls_peak - mutls_base), (unsigned)board_stack_used());
    board_puts(line);
    board_puts("firmware: OK\n");
out:
    mutls_free(conn);
    mutls_config_free(cfg);
    return rc == 0 ? 0 : 1;
}

int main(void)
{
    return run();
}
