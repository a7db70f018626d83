/* SPDX-License-Identifier: MIT */
/* interop.c - see interop.h. */
#include "interop.h"

#include <stdio.h>
#include <sys/stat.h>

#include "testutil.h"

const char *tu_pki(const char *name)
{
    static char bufs[32][1024];
    static unsigned next;
    char *b = bufs[next++ % 32];
    char rel[256];

    snprintf(rel, sizeof(rel), "pki/%s", name);
    snprintf(b, sizeof(bufs[0]), "%s", tu_vector_path(rel));
    return b;
}

mutls_config *tu_client_config(int ec, const char *identity, const char *suites)
{
    return tu_client_config_trusting(ec ? "ca-ec.pem" : "ca.pem", identity, suites);
}

mutls_config *tu_client_config_trusting(const char *trust, const char *identity,
                                        const char *suites)
{
    mutls_config *cfg = NULL;
    char cert[128];
    char key[128];

    if (mutls_config_new(&cfg, MUTLS_ROLE_CLIENT) != 0 ||
        mutls_config_add_trust_file(cfg, tu_pki(trust)) != 0) {
        goto fail;
    }
    if (identity != NULL) {
        snprintf(cert, sizeof(cert), "%s.pem", identity);
        snprintf(key, sizeof(key), "%s.key", identity);
        if (mutls_config_add_identity_file(cfg, tu_pki(cert), tu_pki(key), NULL) != 0) {
            goto fail;
        }
    }
    if (suites != NULL && mutls_config_set_suites(cfg, suites) != 0) {
        goto fail;
    }
    return cfg;
fail:
    mutls_config_free(cfg);
    return NULL;
}

mutls_config *tu_server_config(int ec, mutls_client_auth auth, const char *suites)
{
    mutls_config *cfg = NULL;

    if (mutls_config_new(&cfg, MUTLS_ROLE_SERVER) != 0 ||
        mutls_config_add_identity_file(cfg, tu_pki(ec ? "server-ec.pem" : "server.pem"),
                                       tu_pki(ec ? "server-ec.key" : "server.key"), NULL) != 0 ||
        mutls_config_add_trust_file(cfg, tu_pki(ec ? "ca-ec.pem" : "ca.pem")) != 0 ||
        mutls_config_set_client_auth(cfg, auth) != 0 ||
        (suites != NULL && mutls_config_set_suites(cfg, suites) != 0)) {
        mutls_config_free(cfg);
        return NULL;
    }
    return cfg;
}

static int first_identity(void *ctx, const mutls_conn *conn, size_t n_identities)
{
    (void)ctx;
    (void)conn;
    return n_identities > 0 ? 0 : -1;
}

void tu_client_always_present(mutls_config *cfg)
{
    mutls_config_set_select_identity(cfg, first_identity, NULL);
}

size_t tu_file_size(const char *path)
{
    struct stat st;

    return stat(path, &st) == 0 ? (size_t)st.st_size : 0;
}
