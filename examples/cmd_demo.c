/* SPDX-License-Identifier: MIT */
/*
 * cmd_demo.c - `mutls demo`: a mutual-auth server and client on 127.0.0.1 with the bundled PKI,
 * printing every handshake message as it is sent (numbered as in the mutual-auth table), the
 * identities each side verified, the negotiated suite, and one line of data each way.
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "commands.h"
#include "tool.h"

#define CLIENT_HELLO "Hello from the client."
#define SERVER_HELLO "Hello from the server."

typedef struct demo {
    int listen_fd;
    mutls_config *server_cfg;
    int rc;
    char received[256];
    char report[2048];
    char failure[512];
} demo;

static void *server_main(void *arg)
{
    demo *d = arg;
    mutls_conn *conn = NULL;
    FILE *rep;
    int fd;
    int n;

    d->rc = -1;
    fd = accept(d->listen_fd, NULL, NULL);
    if (fd < 0) {
        snprintf(d->failure, sizeof(d->failure), "accept failed");
        return NULL;
    }
    if (mutls_conn_new(&conn, d->server_cfg) != 0 || mutls_set_fd(conn, fd) != 0) {
        snprintf(d->failure, sizeof(d->failure), "cannot create the server connection");
        goto out;
    }
    d->rc = mutls_handshake(conn);
    if (d->rc != 0) {
        snprintf(d->failure, sizeof(d->failure), "mutls server: %s (%s)", mutls_error_detail(conn),
                 mutls_strerror(d->rc));
        goto out;
    }
    n = mutls_read(conn, d->received, sizeof(d->received) - 1);
    if (n > 0) {
        d->received[n] = 0;
    }
    d->rc = mutls_write(conn, SERVER_HELLO, strlen(SERVER_HELLO));
    if (d->rc >= 0) {
        d->rc = mutls_close(conn);
    }
    rep = fmemopen(d->report, sizeof(d->report), "w");
    if (rep != NULL) {
        if (mutls_client_cert_given(conn)) {
            tool_print_peer(rep, conn, "client");
        } else {
            fprintf(rep, "  client: %s\n",
                    mutls_client_cert_requested(conn) ? "sent no certificate"
                                                      : "not asked for a certificate");
        }
        fclose(rep);
    }
out:
    mutls_free(conn);
    close(fd);
    return NULL;
}

const char cmd_demo_usage[] = "[--no-client-auth] [--suite NAME] [--keylog FILE] [--port N]";

static int usage(void)
{
    fprintf(stderr, "usage: mutls demo [--no-client-auth] [--suite NAME] [--keylog FILE]\n"
                    "                  [--port N]\n"
                    "  Runs a mutual-auth TLS 1.2 server and client on 127.0.0.1 with the bundled\n"
                    "  PKI and prints the handshake. --suite picks a cipher suite (e.g.\n"
                    "  AES128-GCM-SHA256 shows the classic 12 messages, an ECDHE suite 13).\n"
                    "  --port fixes the port (default: a free one), e.g. for a capture filter.\n");
    return 2;
}

/* An ECDSA suite needs the EC identities; everything else uses the RSA ones. */
static int wants_ec(const char *suite)
{
    return suite == NULL || strstr(suite, "ECDSA") != NULL;
}

int cmd_demo(int argc, char **argv)
{
    tool_opts so = {0};
    tool_opts co = {0};
    const char *suite = NULL;
    const char *keylog = NULL;
    int client_auth = 1;
    int port = 0;
    struct sockaddr_in addr;
    socklen_t alen = sizeof(addr);
    mutls_config *ccfg = NULL;
    mutls_conn *conn = NULL;
    pthread_t th;
    demo d;
    char buf[256];
    int fd = -1;
    int rc;
    int i;
    int ec;

    for (i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--no-client-auth") == 0) {
            client_auth = 0;
        } else if ((strcmp(argv[i], "--suite") == 0 || strcmp(argv[i], "--suites") == 0) &&
                   i + 1 < argc) {
            suite = argv[++i];
        } else if (strcmp(argv[i], "--keylog") == 0 && i + 1 < argc) {
            keylog = argv[++i];
        } else if (strcmp(argv[i], "--port") == 0 && i + 1 < argc) {
            port = atoi(argv[++i]);
            if (port <= 0 || port > 65535) {
                fprintf(stderr, "mutls demo: --port takes 1..65535\n");
                return 2;
            }
        } else if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
            usage();
            return 0;
        } else {
            return usage();
        }
    }
    ec = wants_ec(suite);
    so.client_auth = client_auth ? MUTLS_CLIENT_AUTH_REQUIRED : MUTLS_CLIENT_AUTH_NONE;
    so.cert = tool_pki(ec ? "server-ec.pem" : "server.pem");
    so.key = tool_pki(ec ? "server-ec.key" : "server.key");
    so.ca = tool_pki(ec ? "ca-ec.pem" : "ca.pem");
    so.suites = suite;
    so.keylog = keylog;
    co.client_auth = -1;
    co.cert = tool_pki(ec ? "client-ec.pem" : "client.pem");
    co.key = tool_pki(ec ? "client-ec.key" : "client.key");
    co.ca = tool_pki(ec ? "ca-ec.pem" : "ca.pem");
    co.suites = suite;
    co.keylog = keylog;
    if (!tool_readable(so.cert)) {
        fprintf(stderr, "mutls demo: the bundled PKI is not at %s (set MUTLS_PKI_DIR)\n",
                tool_pki_dir());
        return 1;
    }

    memset(&d, 0, sizeof(d));
    d.server_cfg = tool_config(MUTLS_ROLE_SERVER, &so);
    ccfg = tool_config(MUTLS_ROLE_CLIENT, &co);
    if (d.server_cfg == NULL || ccfg == NULL) {
        mutls_config_free(d.server_cfg);
        mutls_config_free(ccfg);
        return 1;
    }
    mutls_config_set_trace(d.server_cfg, tool_trace_sent, stdout);
    mutls_config_set_trace(ccfg, tool_trace_sent, stdout);

    memset(&addr, 0, sizeof(addr));
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    addr.sin_port = htons((uint16_t)port);
    d.listen_fd = socket(AF_INET, SOCK_STREAM, 0);
    if (d.listen_fd < 0 || bind(d.listen_fd, (struct sockaddr *)&addr, sizeof(addr)) != 0 ||
        listen(d.listen_fd, 1) != 0 ||
        getsockname(d.listen_fd, (struct sockaddr *)&addr, &alen) != 0) {
        perror("mutls demo: listen on 127.0.0.1");
        return 1;
    }
    printf("mutls demo: mutual-auth TLS 1.2 on 127.0.0.1:%d (%s identities, client auth %s)\n\n",
           ntohs(addr.sin_port), ec ? "EC P-256" : "RSA-2048", client_auth ? "required" : "off");
    printf("  #   from      to      message               length\n");
    fflush(stdout);
    if (pthread_create(&th, NULL, server_main, &d) != 0) {
        return 1;
    }

    fd = socket(AF_INET, SOCK_STREAM, 0);
    rc = -1;
    if (fd >= 0 && connect(fd, (struct sockaddr *)&addr, sizeof(addr)) == 0 &&
        mutls_conn_new(&conn, ccfg) == 0 && mutls_set_fd(conn, fd) == 0 &&
        mutls_set_hostname(conn, "localhost") == 0) {
        rc = mutls_handshake(conn);
        if (rc == 0) {
            rc = mutls_write(conn, CLIENT_HELLO, strlen(CLIENT_HELLO));
        }
        if (rc >= 0) {
            int n = mutls_read(conn, buf, sizeof(buf) - 1);
            buf[n > 0 ? n : 0] = 0;
            rc = n > 0 ? 0 : n;
        }
    }
    if (rc < 0 && conn != NULL) {
        tool_print_failure("client", conn, rc, 1);
    }
    if (conn != NULL && rc == 0) {
        (void)mutls_close(conn);
    }
    pthread_join(th, NULL);
    close(d.listen_fd);
    if (d.failure[0] != 0) {
        fprintf(stderr, "%s\n", d.failure);
    }
    if (rc == 0 && d.rc >= 0) {
        printf("\nhandshake complete: %s, %s\n", mutls_get_version(conn), mutls_get_suite(conn));
        tool_print_peer(stdout, conn, "server");
        fputs(d.report, stdout);
        printf("\n  client sent:     \"%s\"\n  server received: \"%s\"\n", CLIENT_HELLO,
               d.received);
        printf("  server sent:     \"%s\"\n  client received: \"%s\"\n", SERVER_HELLO, buf);
    }
    mutls_free(conn);
    if (fd >= 0) {
        close(fd);
    }
    mutls_config_free(ccfg);
    mutls_config_free(d.server_cfg);
    return rc == 0 && d.rc >= 0 ? 0 : 1;
}
