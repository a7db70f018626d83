/* SPDX-License-Identifier: MIT */
/*
 * cmd_client.c - `mutls client`: connects to HOST:PORT, runs the mutual-auth handshake, prints
 * the server's verified identity, sends a line (--send), and prints everything the server
 * answers until it closes (close_notify) or goes quiet. With --reconnect it then connects once
 * more offering the first connection's session, and says whether the server resumed it
 * ("Reused" or "New", as openssl s_client -reconnect does).
 */
#include <netdb.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include "commands.h"
#include "tool.h"

const char cmd_client_usage[] = "--host H --port N [--cert F --key F [--pass P]] [--ca F] "
                                "[--crl F]... [--crl-check all|leaf] [--servername S] "
                                "[--send TEXT] [--reconnect] [--tickets on|off] "
                                "[--ems required|optional] [--export LABEL[:LEN]] [--keylog F]";

static int usage(void)
{
    fprintf(stderr,
            "usage: mutls client --host H --port N [--cert F --key F [--pass P]] [--ca F]\n"
            "                    [--crl F]... [--crl-check all|leaf]\n"
            "                    [--servername S] [--send TEXT] [--suites LIST] [--alpn LIST]\n"
            "                    [--record-limit BYTES] [--reconnect] [--ems required|optional]\n"
            "                    [--tickets on|off] [--export LABEL[:LEN]] [--keylog F] [--quiet]\n"
            "  Connects with TLS 1.2, verifies the server against --ca (default: the bundled\n"
            "  demo CA) and the name (--servername, else --host), presents --cert/--key when the\n"
            "  server asks, sends TEXT (default \"Hello from the client.\") and prints the reply.\n"
            "  --record-limit asks the server for records of at most BYTES (64..16384).\n"
            "  --export LABEL[:LENGTH] prints LENGTH (default 32) bytes of keying material\n"
            "  exported under LABEL (RFC 5705, no context).\n"
            "  --reconnect connects a second time offering the first session (RFC 5246 §7.3)\n"
            "  and prints \"Reused\" when the server resumed it, \"New\" when it did not.\n"
            "  --tickets off does not ask for a session ticket (RFC 5077; default on), so\n"
            "  only the session ID can resume.\n"
            "  --ems optional also accepts servers without the extended master secret\n"
            "  (RFC 7627; default required).\n");
    tool_crl_help(stderr, "server");
    tool_policy_help(stderr);
    fprintf(stderr, "  SSLKEYLOGFILE is honoured like --keylog.\n");
    return 2;
}

static int dial(const char *host, const char *port)
{
    struct addrinfo hints;
    struct addrinfo *res = NULL;
    struct addrinfo *ai;
    struct timeval tv = {30, 0};
    int fd = -1;

    memset(&hints, 0, sizeof(hints));
    hints.ai_socktype = SOCK_STREAM;
    if (getaddrinfo(host, port, &hints, &res) != 0) {
        return -1;
    }
    for (ai = res; ai != NULL; ai = ai->ai_next) {
        fd = socket(ai->ai_family, ai->ai_socktype, ai->ai_protocol);
        if (fd < 0) {
            continue;
        }
        if (connect(fd, ai->ai_addr, ai->ai_addrlen) == 0) {
            break;
        }
        close(fd);
        fd = -1;
    }
    freeaddrinfo(res);
    if (fd >= 0) {
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
        setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof(tv));
    }
    return fd;
}

/* What one connection needs to know. */
typedef struct target {
    const char *host;
    const char *port;
    const char *name; /* the server name to send and verify */
    const char *text;
    const char *export_spec; /* --export, or NULL */
    int quiet;
    int with_cert;
} target;

/*
 * One connection: handshake (offering @p offer when given), print the server, send the text,
 * print the answer. With @p taken, the connection's session is returned there (or NULL).
 * Returns 0 or a mutls error.
 */
static int connect_once(const mutls_config *cfg, const target *t, const mutls_session *offer,
                        mutls_session **taken)
{
    mutls_conn *conn = NULL;
    char buf[4096];
    int got_data = 0;
    int fd;
    int rc;

    fd = dial(t->host, t->port);
    if (fd < 0) {
        fprintf(stderr, "mutls client: cannot connect to %s port %s\n", t->host, t->port);
        return MUTLS_ERR_IO;
    }
    rc = mutls_conn_new(&conn, cfg);
    if (rc == 0) {
        rc = mutls_set_fd(conn, fd);
    }
    if (rc == 0) {
        rc = mutls_set_hostname(conn, t->name);
    }
    if (rc == 0 && offer != NULL) {
        rc = mutls_set_session(conn, offer);
    }
    if (rc == 0) {
        rc = mutls_handshake(conn);
    }
    if (rc != 0) {
        tool_print_failure("client", conn, rc, t->with_cert);
        goto out;
    }
    if (offer != NULL) {
        /* The words of openssl s_client, so that scripts written for it work here too. */
        printf("%s, %s, Cipher is %s\n", mutls_session_reused(conn) ? "Reused" : "New",
               mutls_get_version(conn), mutls_get_suite(conn));
    }
    if (!t->quiet) {
        printf("connected: %s, %s, client certificate %s\n", mutls_get_version(conn),
               mutls_get_suite(conn),
               mutls_client_cert_requested(conn)
                   ? (mutls_client_cert_given(conn) ? "requested and sent" : "requested, none sent")
                   : "not requested");
        tool_print_peer(stdout, conn, "server");
        tool_print_records(stdout, conn);
    }
    if (t->export_spec != NULL && tool_print_export(stdout, conn, t->export_spec) != 0) {
        rc = MUTLS_ERR_BAD_ARGUMENT;
        goto out;
    }
    fflush(stdout);
    rc = mutls_write(conn, t->text, strlen(t->text));
    if (rc < 0) {
        tool_print_failure("client", conn, rc, t->with_cert);
        goto out;
    }
    for (;;) {
        int n = mutls_read(conn, buf, sizeof(buf));
        if (n == 0) {
            rc = 0;
            break;
        }
        if (n == MUTLS_WANT_READ && got_data) {
            /* The server answered and then went quiet without closing (openssl s_server does):
             * after a short idle period that is the end of its answer, not an error. */
            rc = 0;
            break;
        }
        if (n < 0) {
            rc = n;
            tool_print_failure("client", conn, rc, t->with_cert);
            break;
        }
        fwrite(buf, 1, (size_t)n, stdout);
        fflush(stdout);
        if (!got_data) {
            struct timeval idle = {2, 0};
            setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &idle, sizeof(idle));
            got_data = 1;
        }
    }
    if (rc == 0) {
        (void)mutls_close(conn);
        if (taken != NULL && mutls_get_session(conn, taken) != 0) {
            *taken = NULL; /* the server gave no resumable session */
        }
    }
out:
    mutls_free(conn);
    close(fd);
    return rc;
}

int cmd_client(int argc, char **argv)
{
    tool_opts o = {0};
    target t = {0};
    const char *servername = NULL;
    mutls_session *session = NULL;
    mutls_config *cfg;
    int reconnect = 0;
    int tickets = 1;
    int tickets_asked = 0;
    int rc;
    int i;

    t.text = "Hello from the client.\n";

    o.client_auth = -1;
    for (i = 1; i < argc; i++) {
        int r = tool_common_option(&o, argc, argv, &i);
        if (r < 0) {
            return usage();
        }
        if (r > 0) {
            continue;
        }
        if (strcmp(argv[i], "--host") == 0 && i + 1 < argc) {
            t.host = argv[++i];
        } else if (strcmp(argv[i], "--port") == 0 && i + 1 < argc) {
            t.port = argv[++i];
        } else if (strcmp(argv[i], "--servername") == 0 && i + 1 < argc) {
            servername = argv[++i];
        } else if (strcmp(argv[i], "--send") == 0 && i + 1 < argc) {
            t.text = argv[++i];
        } else if (strcmp(argv[i], "--reconnect") == 0) {
            reconnect = 1;
        } else if (strcmp(argv[i], "--tickets") == 0 && i + 1 < argc) {
            i++;
            if (strcmp(argv[i], "on") != 0 && strcmp(argv[i], "off") != 0) {
                fprintf(stderr, "mutls client: --tickets takes on or off\n");
                return usage();
            }
            tickets = strcmp(argv[i], "on") == 0;
            tickets_asked = 1;
        } else if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
            usage();
            return 0;
        } else {
            fprintf(stderr, "mutls client: unknown option %s\n", argv[i]);
            return usage();
        }
    }
    if (t.host == NULL || t.port == NULL) {
        return usage();
    }
    if (o.ca == NULL) {
        o.ca = tool_pki("ca.pem");
    }
    cfg = tool_config(MUTLS_ROLE_CLIENT, &o);
    if (cfg == NULL) {
        return 1;
    }
    rc = mutls_config_set_session_tickets(cfg, tickets, 0);
    if (rc == MUTLS_ERR_NOT_BUILT && !tickets_asked) {
        rc = 0; /* -DMUTLS_RESUME=OFF: no tickets, which the default then means */
    }
    if (rc != 0) {
        fprintf(stderr, "mutls client: --tickets: %s\n", mutls_error_text(rc));
        mutls_config_free(cfg);
        return 1;
    }
    t.name = servername != NULL ? servername : t.host;
    t.quiet = o.quiet;
    t.with_cert = o.cert != NULL;
    t.export_spec = o.export_spec;
    rc = connect_once(cfg, &t, NULL, reconnect ? &session : NULL);
    if (rc == 0 && reconnect) {
        if (session == NULL) {
            printf("no session to resume: the server gave none (a full handshake follows)\n");
        }
        /* Offering nothing is a plain second connection, reported as "New". */
        if (session == NULL) {
            rc = connect_once(cfg, &t, NULL, NULL);
            if (rc == 0) {
                printf("New, a full handshake\n");
            }
        } else {
            rc = connect_once(cfg, &t, session, NULL);
        }
    }
    mutls_session_free(session);
    mutls_config_free(cfg);
    return rc == 0 ? 0 : 1;
}
