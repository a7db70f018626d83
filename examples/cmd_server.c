/* SPDX-License-Identifier: MIT */
/*
 * cmd_server.c - `mutls server`: accepts connections on 127.0.0.1 (or --bind) one after another
 * until stopped. Each connection: handshake, then either --http (answer an HTTP/1.x GET with a
 * page naming the client certificate's subject) or the plain mode (print what the client sent,
 * answer "Hello from the server."), then close_notify. Failures are one line each; the server
 * carries on with the next connection. Sessions are cached (--session-cache, on by default
 * like openssl s_server's), so a client may resume one (RFC 5246 §7.3), and given to clients
 * as session tickets (--tickets, on by default as in openssl s_server, RFC 5077).
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include "commands.h"
#include "tool.h"

static volatile sig_atomic_t stopping;

static void on_signal(int sig)
{
    (void)sig;
    stopping = 1;
}

const char cmd_server_usage[] =
    "[--port N] [--cert F --key F]... [--pass P] [--ca F] [--crl F]... [--crl-check all|leaf] "
    "[--client-auth required|optional|none] [--ems required|optional] [--http] [--suites LIST] "
    "[--session-cache N] [--tickets on|off] [--export LABEL[:LEN]] [--keylog F]";

static int usage(void)
{
    fprintf(stderr,
            "usage: mutls server [--port N] [--bind ADDR] [--cert F --key F]... [--pass P] [--ca F]\n"
            "                    [--crl F]... [--crl-check all|leaf]\n"
            "                    [--client-auth required|optional|none] [--http] [--suites LIST]\n"
            "                    [--alpn LIST] [--record-limit BYTES] [--session-cache N]\n"
            "                    [--tickets on|off] [--ems required|optional] [--keylog F]\n"
            "                    [--count N] [--quiet]\n"
            "  Serves mutual-auth TLS 1.2 until stopped (or for N connections). Defaults: port\n"
            "  8443 on 127.0.0.1, the bundled localhost certificate and demo CA, client auth\n"
            "  required. --http answers GET requests with a page naming the client certificate.\n"
            "  --cert/--key may be repeated (up to 8 pairs): each client gets the certificate\n"
            "  that names its server_name (SNI), else the first.\n"
            "  --record-limit accepts records of at most BYTES (64..16384).\n"
            "  --export LABEL[:LENGTH] prints LENGTH (default 32) bytes of keying material\n"
            "  exported under LABEL for each connection (RFC 5705, no context).\n"
            "  --session-cache keeps N sessions for clients to resume, 2 hours each (default\n"
            "  128; 0 turns resumption off).\n"
            "  --tickets on (the default) also gives clients that ask a session ticket\n"
            "  (RFC 5077, a key made at start, 2 hours each); off issues none.\n"
            "  --ems optional also accepts clients without the extended master secret\n"
            "  (RFC 7627; default required).\n");
    tool_crl_help(stderr, "client");
    tool_policy_help(stderr);
    fprintf(stderr, "  SSLKEYLOGFILE is honoured like --keylog.\n");
    return 2;
}

/* Read an HTTP request head (up to the blank line); 0 when one arrived. */
static int read_request(mutls_conn *conn, char *buf, size_t cap)
{
    size_t have = 0;

    while (have + 1 < cap) {
        int n = mutls_read(conn, buf + have, cap - 1 - have);
        if (n <= 0) {
            return n < 0 ? n : -1;
        }
        have += (size_t)n;
        buf[have] = 0;
        if (strstr(buf, "\r\n\r\n") != NULL || strstr(buf, "\n\n") != NULL) {
            return 0;
        }
    }
    return -1;
}

static void serve_http(mutls_conn *conn, int quiet)
{
    char req[4096];
    char body[2048];
    char head[256];
    const char *who;
    int rc = read_request(conn, req, sizeof(req));

    if (rc != 0) {
        return;
    }
    if (strncmp(req, "GET ", 4) != 0 && strncmp(req, "HEAD ", 5) != 0) {
        const char *bad = "HTTP/1.1 405 Method Not Allowed\r\nContent-Length: 0\r\n"
                          "Connection: close\r\n\r\n";
        (void)mutls_write(conn, bad, strlen(bad));
        return;
    }
    who = mutls_client_cert_given(conn) ? mutls_peer_subject(conn) : NULL;
    snprintf(body, sizeof(body),
             "<!DOCTYPE html>\n<html><head><title>mutls</title></head><body>\n"
             "<h1>Hello from mutls</h1>\n<p>%s%s</p>\n<p>Cipher suite: %s</p>\n</body></html>\n",
             who != NULL ? "Client certificate: " : "no client certificate",
             who != NULL ? who : "", mutls_get_suite(conn));
    snprintf(head, sizeof(head),
             "HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n"
             "Content-Length: %zu\r\nConnection: close\r\n\r\n",
             strlen(body));
    if (mutls_write(conn, head, strlen(head)) >= 0 && strncmp(req, "HEAD ", 5) != 0) {
        (void)mutls_write(conn, body, strlen(body));
    }
    if (!quiet) {
        printf("served %s\n", who != NULL ? who : "a client without certificate");
    }
}

static void serve_plain(mutls_conn *conn, int quiet)
{
    const char *reply = "Hello from the server.\n";
    char buf[4096];
    int n = mutls_read(conn, buf, sizeof(buf) - 1);

    if (n > 0) {
        buf[n] = 0;
        if (!quiet) {
            printf("received: %s%s", buf, buf[n - 1] == '\n' ? "" : "\n");
        }
        (void)mutls_write(conn, reply, strlen(reply));
    }
}

/*
 * Close a connection whose handshake failed so that the client reads our alert. Its flight
 * (ClientKeyExchange, CertificateVerify, Finished after a refused Certificate) is often still
 * unread here; close() with unread data makes the kernel send a reset, and a client that is
 * still writing (JSSE, for one) then sees "broken pipe" or "connection reset" instead of the
 * alert. So: end our direction, read and drop what the client still sends until it closes
 * (bounded: 64 KiB or one second), then close.
 */
static void close_after_failure(int fd)
{
    char sink[4096];
    size_t total = 0;

    (void)shutdown(fd, SHUT_WR);
    for (int waited = 0; waited < 1000 && total < 65536;) {
        struct pollfd p = {fd, POLLIN, 0};
        int r = poll(&p, 1, 100);
        if (r == 0) {
            waited += 100;
            continue;
        }
        if (r < 0 && errno == EINTR) {
            continue;
        }
        ssize_t n = r > 0 ? recv(fd, sink, sizeof(sink), 0) : -1;
        if (n <= 0) {
            break;
        }
        total += (size_t)n;
    }
    close(fd);
}

/* 0 after a completed handshake, else the handshake's error. */
static int serve_one(mutls_config *cfg, int fd, int http, int quiet, const char *export_spec)
{
    mutls_conn *conn = NULL;
    int rc;

    if (mutls_conn_new(&conn, cfg) != 0 || mutls_set_fd(conn, fd) != 0) {
        fprintf(stderr, "mutls server: cannot create a connection\n");
        mutls_free(conn);
        return MUTLS_ERR_NO_MEMORY;
    }
    rc = mutls_handshake(conn);
    if (rc != 0) {
        tool_print_failure("server", conn, rc, 1);
        mutls_free(conn);
        return rc;
    }
    if (!quiet) {
        printf("handshake with %s: %s, client %s\n",
               mutls_client_cert_given(conn) ? mutls_peer_subject(conn) : "anonymous client",
               mutls_get_suite(conn),
               mutls_client_cert_given(conn) ? "authenticated" : "sent no certificate");
        if (mutls_session_reused(conn)) {
            printf("  session resumed (abbreviated handshake)\n");
        }
        tool_print_records(stdout, conn);
    }
    if (export_spec != NULL) {
        (void)tool_print_export(stdout, conn, export_spec);
    }
    fflush(stdout);
    if (http) {
        serve_http(conn, quiet);
    } else {
        serve_plain(conn, quiet);
    }
    (void)mutls_close(conn);
    mutls_free(conn);
    fflush(stdout);
    return 0;
}

int cmd_server(int argc, char **argv)
{
    tool_opts o = {0};
    const char *bind_addr = "127.0.0.1";
    struct sockaddr_in addr;
    socklen_t alen = sizeof(addr);
    struct sigaction sa;
    mutls_config *cfg;
    long count = -1;
    long cache = 128;
    int tickets = 1;
    int resume_asked = 0; /* --session-cache or --tickets given */
    int port = 8443;
    int rc;
    int http = 0;
    int lfd;
    int one = 1;
    int i;

    o.client_auth = -1;
    for (i = 1; i < argc; i++) {
        int r = tool_common_option(&o, argc, argv, &i);
        if (r < 0) {
            return usage();
        }
        if (r > 0) {
            continue;
        }
        if (strcmp(argv[i], "--port") == 0 && i + 1 < argc) {
            port = atoi(argv[++i]);
        } else if (strcmp(argv[i], "--bind") == 0 && i + 1 < argc) {
            bind_addr = argv[++i];
        } else if (strcmp(argv[i], "--count") == 0 && i + 1 < argc) {
            count = atol(argv[++i]);
        } else if (strcmp(argv[i], "--session-cache") == 0 && i + 1 < argc) {
            char *end;
            cache = strtol(argv[++i], &end, 10);
            resume_asked = 1;
            if (*end != '\0' || cache < 0) {
                fprintf(stderr, "mutls server: --session-cache takes a number of sessions\n");
                return usage();
            }
        } else if (strcmp(argv[i], "--tickets") == 0 && i + 1 < argc) {
            i++;
            if (strcmp(argv[i], "on") != 0 && strcmp(argv[i], "off") != 0) {
                fprintf(stderr, "mutls server: --tickets takes on or off\n");
                return usage();
            }
            tickets = strcmp(argv[i], "on") == 0;
            resume_asked = 1;
        } else if (strcmp(argv[i], "--http") == 0) {
            http = 1;
        } else if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
            usage();
            return 0;
        } else {
            fprintf(stderr, "mutls server: unknown option %s\n", argv[i]);
            return usage();
        }
    }
    if (o.cert == NULL && o.key == NULL) {
        o.cert = tool_pki("server.pem");
        o.key = tool_pki("server.key");
    }
    if (o.ca == NULL) {
        o.ca = tool_pki("ca.pem");
    }
    cfg = tool_config(MUTLS_ROLE_SERVER, &o);
    if (cfg == NULL) {
        return 1;
    }
    /* A library built with -DMUTLS_RESUME=OFF has neither: the defaults then mean "off". */
    rc = mutls_config_set_session_cache(cfg, (size_t)cache, 0);
    if (rc == MUTLS_ERR_NOT_BUILT && !resume_asked) {
        rc = 0;
    }
    if (rc == MUTLS_ERR_NOT_BUILT) {
        fprintf(stderr, "mutls server: --session-cache, --tickets: %s\n", mutls_error_text(rc));
        mutls_config_free(cfg);
        return 2;
    }
    if (rc != 0) {
        fprintf(stderr, "mutls server: --session-cache %ld: at most 65536 sessions\n", cache);
        mutls_config_free(cfg);
        return 2;
    }
    rc = mutls_config_set_session_tickets(cfg, tickets, 0);
    if (rc == MUTLS_ERR_NOT_BUILT && !resume_asked) {
        rc = 0;
    }
    if (rc != 0) {
        fprintf(stderr, "mutls server: --tickets: %s\n",
                rc == MUTLS_ERR_NOT_BUILT ? mutls_error_text(rc) : "could not make a key");
        mutls_config_free(cfg);
        return 1;
    }

    memset(&addr, 0, sizeof(addr));
    addr.sin_family = AF_INET;
    addr.sin_port = htons((uint16_t)port);
    if (inet_pton(AF_INET, bind_addr, &addr.sin_addr) != 1) {
        fprintf(stderr, "mutls server: --bind takes an IPv4 address\n");
        mutls_config_free(cfg);
        return 2;
    }
    lfd = socket(AF_INET, SOCK_STREAM, 0);
    setsockopt(lfd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
    if (lfd < 0 || bind(lfd, (struct sockaddr *)&addr, sizeof(addr)) != 0 || listen(lfd, 16) != 0 ||
        getsockname(lfd, (struct sockaddr *)&addr, &alen) != 0) {
        fprintf(stderr, "mutls server: cannot listen on %s:%d: %s\n", bind_addr, port,
                strerror(errno));
        mutls_config_free(cfg);
        return 1;
    }
    memset(&sa, 0, sizeof(sa));
    sa.sa_handler = on_signal;
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
    signal(SIGPIPE, SIG_IGN);
    printf("mutls server: listening on %s:%d\n", bind_addr, ntohs(addr.sin_port));
    fflush(stdout);

    while (!stopping && count != 0) {
        struct timeval tv = {30, 0};
        int fd = accept(lfd, NULL, NULL);
        if (fd < 0) {
            if (errno == EINTR) {
                continue;
            }
            break;
        }
        /* A silent or stuck client must not block the server for ever. */
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
        setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof(tv));
        if (serve_one(cfg, fd, http, o.quiet, o.export_spec) != 0) {
            close_after_failure(fd);
        } else {
            close(fd);
        }
        if (count > 0) {
            count--;
        }
    }
    close(lfd);
    mutls_config_free(cfg);
    return 0;
}
