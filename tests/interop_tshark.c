/* SPDX-License-Identifier: MIT */
/*
 * interop_tshark.c - the Wireshark view of a mutls handshake: dumpcap (tshark's capture engine)
 * records `mutls demo --port N --keylog F` on the loopback interface with the capture filter
 * `tcp port N` (plus UDP markers that show when the capture is live and complete), then tshark
 * decodes the capture with the NSS key log. The decoded handshake must be the mutual-auth
 * flight of RFC 5246 7.3 in order and direction - with an RSA key exchange exactly the 12
 * messages the README lists, with ECDHE one more (ServerKeyExchange), without client
 * authentication 9 - the Finished messages must decrypt (so the key log is right), and the
 * application data must decrypt to the two hello lines. Skips with a message where the
 * machine forbids capture.
 */
#include "testutil.h"

#include <arpa/inet.h>
#include <cmocka.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "built.h"
#include "cli_peer.h"
#include "peer.h"

/* Why the peer cannot run here (empty: it can); each test skips with it. */
static char missing[256];

static int have_tshark(void **state)
{
    static const char *const progs[] = {"tshark", "dumpcap", NULL};

    (void)state;
    return tu_peer_requirements(missing, sizeof(missing), progs, "tshark", 1);
}

static void need_peer(void)
{
    tu_need_peer(missing);
}

/* One decoded message: who sent it and what tshark calls it. */
typedef struct seen_msg {
    int from_server;
    char name[48];
} seen_msg;

#define MAX_SEEN 32

/* Skip a line's leading blanks. */
static const char *trim(const char *s)
{
    while (*s == ' ' || *s == '\t') {
        s++;
    }
    return s;
}

/*
 * Walk tshark's -V text in order: each frame's TCP line says who sent it (the server's source
 * port is the demo's port); each "Handshake Protocol: X" line at message level is one handshake
 * message (the record-level line repeats it or says "Multiple Handshake Messages"), and each
 * Change Cipher Spec record is one message.
 */
static size_t parse_messages(char *text, int port, seen_msg *seen, size_t cap)
{
    char src[64];
    size_t n = 0;
    int from_server = 0;
    char *line = strtok(text, "\n");

    snprintf(src, sizeof(src), "Src Port: %d,", port);
    for (; line != NULL; line = strtok(NULL, "\n")) {
        const char *t = trim(line);
        const char *name = NULL;

        if (strncmp(t, "Transmission Control Protocol, ", 31) == 0) {
            from_server = strstr(t, src) != NULL;
        } else if (strncmp(t, "Handshake Protocol: ", 20) == 0) {
            name = t + 20;
        } else if (strstr(t, "Record Layer: Change Cipher Spec Protocol") != NULL) {
            name = "Change Cipher Spec";
        }
        if (name != NULL && n < cap) {
            seen[n].from_server = from_server;
            snprintf(seen[n].name, sizeof(seen[n].name), "%s", name);
            n++;
        }
    }
    return n;
}

/* Run a program to completion and return its output (caller frees); *status its exit code. */
static char *run(char *const argv[], int timeout_ms, int *status)
{
    tu_peer p;

    assert_int_equal(tu_peer_start(&p, argv, 1), 0);
    *status = tu_peer_wait(&p, timeout_ms);
    return tu_peer_output(&p);
}

typedef struct want_msg {
    int from_server;
    const char *name;
} want_msg;

/*
 * Markers: UDP datagrams to 127.0.0.1:@p port, which the capture filter takes too. dumpcap
 * stores packets in the order the loopback saw them, so once a marker is in the capture file
 * everything sent before it is there as well: no fixed pause, however long, can promise that
 * on a loaded machine. UDP leaves the TCP stream numbers (follow,tls,ascii,0) and the TLS
 * view unchanged.
 */
static void send_marker(int port, const char *text)
{
    struct sockaddr_in a;
    int fd = socket(AF_INET, SOCK_DGRAM, 0);

    assert_true(fd >= 0);
    memset(&a, 0, sizeof(a));
    a.sin_family = AF_INET;
    a.sin_port = htons((uint16_t)port);
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    (void)sendto(fd, text, strlen(text), 0, (struct sockaddr *)&a, sizeof(a));
    close(fd);
}

/* Whether the capture file @p pcap holds the bytes of @p text. */
static int capture_holds(const char *pcap, const char *text)
{
    size_t n = 0;
    size_t tn = strlen(text);
    uint8_t *buf = tu_read_file(pcap, &n);
    int found = 0;

    for (size_t i = 0; buf != NULL && !found && i + tn <= n; i++) {
        found = memcmp(buf + i, text, tn) == 0;
    }
    free(buf);
    return found;
}

/* Send @p text to @p port (again every 100 ms while it is missing: the capture may not have
 * started yet) until the capture file holds it; 0 then, -1 when dumpcap exited or after
 * TU_PEER_EVENT_MS. */
static int mark_capture(tu_peer *cap, const char *pcap, int port, const char *text)
{
    struct timespec pause = {0, 20 * 1000000L};
    int status;

    for (int waited = 0; waited <= TU_PEER_EVENT_MS; waited += 20) {
        if (waited % 100 == 0) {
            send_marker(port, text);
        }
        if (capture_holds(pcap, text)) {
            return 0;
        }
        if (cap->pid > 0 && waitpid(cap->pid, &status, WNOHANG) == cap->pid) {
            cap->pid = -1; /* it exited: nothing left to stop */
            return -1;
        }
        nanosleep(&pause, NULL);
    }
    return -1;
}

/* Capture one demo run with @p suite (and --no-client-auth when !client_auth) and check the
 * decoded view against @p want. */
static void capture_demo(const char *suite, int client_auth, const want_msg *want, size_t n_want)
{
    char port_arg[16];
    char filter[96];
    char marker[64];
    char decode_as[64];
    char keylog_opt[600];
    char pcap[256];
    char keylog[256];
    char *argv[24];
    seen_msg seen[MAX_SEEN];
    tu_peer cap;
    char *out;
    size_t n;
    size_t i;
    int port = tu_free_port();
    int mark_port = tu_free_port();
    int live;
    int status;

    assert_true(port > 0 && mark_port > 0);
    snprintf(port_arg, sizeof(port_arg), "%d", port);
    snprintf(filter, sizeof(filter), "tcp port %d or udp port %d", port, mark_port);
    snprintf(decode_as, sizeof(decode_as), "tcp.port==%d,tls", port);
    snprintf(pcap, sizeof(pcap), "/tmp/mutls-tshark-%d-%d.pcap", (int)getpid(), port);
    snprintf(keylog, sizeof(keylog), "/tmp/mutls-keylog-%d-%d.txt", (int)getpid(), port);
    snprintf(keylog_opt, sizeof(keylog_opt), "tls.keylog_file:%s", keylog);
    unlink(pcap);
    unlink(keylog);

    /* 1. Capture the loopback port. */
    argv[0] = "dumpcap";
    argv[1] = "-i";
    argv[2] = "lo";
    argv[3] = "-f";
    argv[4] = filter;
    argv[5] = "-w";
    argv[6] = pcap;
    argv[7] = NULL;
    assert_int_equal(tu_peer_start(&cap, argv, 1), 0);
    /* dumpcap prints "Capturing on" before it opens the device; a refusal (no CAP_NET_RAW, as a
     * user outside the wireshark group) follows within moments and ends it. */
    (void)tu_wait_output(&cap, "Capturing on", TU_PEER_EVENT_MS);
    snprintf(marker, sizeof(marker), "mutls-capture-start-%d-%d", (int)getpid(), port);
    live = mark_capture(&cap, pcap, mark_port, marker) == 0;
    out = tu_peer_output(&cap);
    if (cap.pid > 0 && waitpid(cap.pid, &status, WNOHANG) == cap.pid) {
        cap.pid = -1; /* it exited: nothing left to stop */
    }
    if (cap.pid <= 0 || strstr(out, "Capturing on") == NULL || strstr(out, "dumpcap: ") != NULL) {
        tu_peer_stop(&cap);
        fprintf(stderr, "capture on lo is not permitted here, skipping:\n%s\n", out);
        free(out);
        skip();
    }
    if (!live) {
        tu_peer_stop(&cap);
        fail_msg("dumpcap runs but its capture never showed a packet:\n%s", out);
    }
    free(out);

    /* 2. The demo on that port, writing the key log. */
    argv[0] = MUTLS_TOOL_PATH;
    argv[1] = "demo";
    argv[2] = "--suite";
    argv[3] = (char *)suite;
    argv[4] = "--port";
    argv[5] = port_arg;
    argv[6] = "--keylog";
    argv[7] = keylog;
    argv[8] = client_auth ? NULL : "--no-client-auth";
    argv[9] = NULL;
    out = run(argv, 30000, &status);
    if (status != 0) {
        tu_peer_stop(&cap);
        fail_msg("mutls demo failed (%d):\n%s", status, out);
    }
    assert_non_null(strstr(out, "handshake complete: TLSv1.2"));
    free(out);
    /* Every segment of the demo is in the capture file once a marker sent after it is. */
    snprintf(marker, sizeof(marker), "mutls-capture-end-%d-%d", (int)getpid(), port);
    if (mark_capture(&cap, pcap, mark_port, marker) != 0) {
        tu_peer_stop(&cap);
        fail_msg("%s: the capture never showed the end marker", suite);
    }
    tu_peer_stop(&cap); /* SIGTERM: dumpcap flushes and closes the file */

    /* The key log is NSS format: one CLIENT_RANDOM line per connection. */
    out = (char *)tu_read_file(keylog, &n);
    assert_non_null(out);
    assert_true(strncmp(out, "CLIENT_RANDOM ", 14) == 0);
    free(out);

    /* 3. The decoded handshake, in order and direction. */
    argv[0] = "tshark";
    argv[1] = "-r";
    argv[2] = pcap;
    argv[3] = "-d";
    argv[4] = decode_as;
    argv[5] = "-o";
    argv[6] = keylog_opt;
    argv[7] = "-Y";
    argv[8] = "tls";
    argv[9] = "-V";
    argv[10] = NULL;
    out = run(argv, 60000, &status);
    assert_int_equal(status, 0);
    n = parse_messages(out, port, seen, MAX_SEEN);
    for (i = 0; i < n_want && i < n; i++) {
        if (seen[i].from_server != want[i].from_server || strcmp(seen[i].name, want[i].name) != 0) {
            fail_msg("%s: message %zu is %s from the %s, want %s from the %s", suite, i + 1,
                     seen[i].name, seen[i].from_server ? "server" : "client", want[i].name,
                     want[i].from_server ? "server" : "client");
        }
    }
    if (n != n_want) {
        fail_msg("%s: tshark decoded %zu handshake messages, want %zu", suite, n, n_want);
    }
    free(out);

    /* 4. The application data decrypts to the two hello lines (22 bytes each, no newline):
     * the client's from node 0 (the client, which sent first), the server's indented with a
     * tab as node 1's. */
    argv[9] = "-q";
    argv[10] = "-z";
    argv[11] = "follow,tls,ascii,0";
    argv[12] = NULL;
    argv[7] = "-o"; /* no display filter with -z follow */
    argv[8] = "tls.desegment_ssl_records:TRUE";
    out = run(argv, 60000, &status);
    assert_int_equal(status, 0);
    if (strstr(out, "\n22\nHello from the client.\n") == NULL ||
        strstr(out, "\n\t22\nHello from the server.\n") == NULL) {
        fail_msg("%s: the decrypted stream lacks the hello lines:\n%s", suite, out);
    }
    free(out);
    unlink(pcap);
    unlink(keylog);
}

/* clang-format off */
static const want_msg rsa_flight[] = {
    {0, "Client Hello"},
    {1, "Server Hello"},
    {1, "Certificate"},
    {1, "Certificate Request"},
    {1, "Server Hello Done"},
    {0, "Certificate"},
    {0, "Client Key Exchange"},
    {0, "Certificate Verify"},
    {0, "Change Cipher Spec"},
    {0, "Finished"},
    {1, "Change Cipher Spec"},
    {1, "Finished"},
};

static const want_msg ecdhe_flight[] = {
    {0, "Client Hello"},
    {1, "Server Hello"},
    {1, "Certificate"},
    {1, "Server Key Exchange"},
    {1, "Certificate Request"},
    {1, "Server Hello Done"},
    {0, "Certificate"},
    {0, "Client Key Exchange"},
    {0, "Certificate Verify"},
    {0, "Change Cipher Spec"},
    {0, "Finished"},
    {1, "Change Cipher Spec"},
    {1, "Finished"},
};

/* Without client authentication: no CertificateRequest, client Certificate or
 * CertificateVerify (RFC 5246 7.4.4, 7.4.6, 7.4.8). */
static const want_msg rsa_flight_no_auth[] = {
    {0, "Client Hello"},
    {1, "Server Hello"},
    {1, "Certificate"},
    {1, "Server Hello Done"},
    {0, "Client Key Exchange"},
    {0, "Change Cipher Spec"},
    {0, "Finished"},
    {1, "Change Cipher Spec"},
    {1, "Finished"},
};
/* clang-format on */

static void test_tshark_rsa_demo_shows_twelve_messages(void **state)
{
    (void)state;
    need_peer();
    tu_need_suite("AES128-GCM-SHA256");
    capture_demo("AES128-GCM-SHA256", 1, rsa_flight, sizeof(rsa_flight) / sizeof(rsa_flight[0]));
}

static void test_tshark_ecdhe_demo_adds_server_key_exchange(void **state)
{
    (void)state;
    need_peer();
    capture_demo("ECDHE-ECDSA-AES128-GCM-SHA256", 1, ecdhe_flight,
                 sizeof(ecdhe_flight) / sizeof(ecdhe_flight[0]));
}

static void test_tshark_demo_without_client_auth_shows_nine(void **state)
{
    (void)state;
    need_peer();
    tu_need_suite("AES128-GCM-SHA256");
    capture_demo("AES128-GCM-SHA256", 0, rsa_flight_no_auth,
                 sizeof(rsa_flight_no_auth) / sizeof(rsa_flight_no_auth[0]));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_tshark_rsa_demo_shows_twelve_messages),
        cmocka_unit_test(test_tshark_ecdhe_demo_adds_server_key_exchange),
        cmocka_unit_test(test_tshark_demo_without_client_auth_shows_nine),
    };
    return cmocka_run_group_tests(tests, have_tshark, NULL);
}
