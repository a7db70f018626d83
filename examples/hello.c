#include <arpa/inet.h>
#include <mutls.h>
#include <stdio.h>
#include <string.h>

int main(int argc, char **argv)
{
    int server = argc > 1 && strcmp(argv[1], "server") == 0;
    int fd = socket(AF_INET, SOCK_STREAM, 0), n;
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons(8443),
                            .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    const char *crt = server ? "vectors/pki/server.pem" : "vectors/pki/client.pem";
    const char *key = server ? "vectors/pki/server.key" : "vectors/pki/client.key";
    mutls_config *cfg = NULL;
    mutls_conn *conn = NULL;
    char buf[256];

    /* Our certificate and key, and the CA that must have issued the peer's. A server
     * requires a client certificate by default (see mutls_config_set_client_auth). */
    if (mutls_config_new(&cfg, server ? MUTLS_ROLE_SERVER : MUTLS_ROLE_CLIENT) != 0 ||
        mutls_config_add_identity_file(cfg, crt, key, NULL) != 0 ||
        mutls_config_add_trust_file(cfg, "vectors/pki/ca.pem") != 0)
        return 1;
    if (server && (bind(fd, (struct sockaddr *)&a, sizeof(a)) != 0 || listen(fd, 1) != 0 ||
                   (fd = accept(fd, NULL, NULL)) < 0))
        return 1;
    if (!server && connect(fd, (struct sockaddr *)&a, sizeof(a)) != 0)
        return 1;
    if (mutls_conn_new(&conn, cfg) != 0 || mutls_set_fd(conn, fd) != 0 ||
        (!server && mutls_set_hostname(conn, "localhost") != 0) || mutls_handshake(conn) != 0) {
        fprintf(stderr, "handshake failed: %s\n", mutls_error_detail(conn));
        return 1;
    }
    /* Both certificates are verified now: authorise the peer by its subject. */
    printf("%s, peer %s\n", mutls_get_suite(conn), mutls_peer_subject(conn));
    if (mutls_write(conn, server ? "pong\n" : "ping\n", 5) == 5 &&
        (n = mutls_read(conn, buf, sizeof(buf))) > 0)
        printf("got %.*s", n, buf);
    mutls_close(conn);
    mutls_free(conn);
    mutls_config_free(cfg);
    return 0;
}
