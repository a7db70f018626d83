/* SPDX-License-Identifier: MIT */
/* nginx.c - see nginx.h. Everything here talks only to 127.0.0.1. */
#include "nginx.h"

#include <dirent.h>
#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "interop.h"
#include "testutil.h"

const char *tu_nginx_path(void)
{
    if (tu_have("nginx")) {
        return "nginx";
    }
    return access("/usr/sbin/nginx", X_OK) == 0 ? "/usr/sbin/nginx" : NULL;
}

void tu_nginx_forget(tu_nginx *n)
{
    memset(n, 0, sizeof(*n));
    n->peer.pid = -1;
    n->peer.stdin_fd = -1;
}

int tu_nginx_init(tu_nginx *n)
{
    tu_nginx_forget(n);
    snprintf(n->dir, sizeof(n->dir), "/tmp/mutls-nginx-XXXXXX");
    if (mkdtemp(n->dir) == NULL) {
        n->dir[0] = 0;
        return -1;
    }
    return 0;
}

const char *tu_nginx_file(const tu_nginx *n, const char *name)
{
    static char bufs[8][128];
    static unsigned next;
    char *b = bufs[next++ % 8];

    snprintf(b, sizeof(bufs[0]), "%s/%s", n->dir, name);
    return b;
}

int tu_nginx_add(tu_nginx *n, const char *fmt, ...)
{
    size_t room = sizeof(n->http) - n->used;
    va_list ap;
    int len;

    va_start(ap, fmt);
    len = vsnprintf(n->http + n->used, room, fmt, ap);
    va_end(ap);
    if (len < 0 || (size_t)len >= room) {
        n->http[n->used] = 0;
        return -1;
    }
    n->used += (size_t)len;
    return 0;
}

int tu_nginx_port(tu_nginx *n)
{
    int port;

    if (n->n_ports == TU_NGINX_MAX_PORTS || (port = tu_free_port()) <= 0) {
        return -1;
    }
    n->ports[n->n_ports++] = port;
    return port;
}

const char *tu_nginx_join(const tu_nginx *n, const char *name, const char *a, const char *b,
                          const char *c)
{
    const char *parts[3] = {a, b, c};
    const char *path = tu_nginx_file(n, name);
    FILE *f = fopen(path, "wb");
    int ok = f != NULL;

    for (int i = 0; ok && i < 3 && parts[i] != NULL; i++) {
        size_t len;
        uint8_t *data = tu_read_file(parts[i], &len);
        ok = data != NULL && fwrite(data, 1, len, f) == len;
        free(data);
    }
    if (f != NULL && fclose(f) != 0) {
        ok = 0;
    }
    return ok ? path : NULL;
}

int tu_nginx_start(tu_nginx *n)
{
    const char *conf = tu_nginx_file(n, "nginx.conf");
    char *argv[] = {(char *)tu_nginx_path(), "-p", n->dir, "-c", (char *)conf, NULL};
    const char *d = n->dir;
    FILE *f;

    if (argv[0] == NULL || (f = fopen(conf, "wb")) == NULL) {
        return -1;
    }
    /* master_process off: one process and no workers, so nginx never switches user (as root
     * it would otherwise need its compiled-in "nobody"); as root, `user root` only names the
     * owner of the temp directories. Every path is in the prefix. */
    fprintf(f,
            "daemon off;\n"
            "master_process off;\n"
            "%s"
            "worker_processes 1;\n"
            "pid %s/nginx.pid;\n"
            "error_log %s/error.log info;\n"
            "events { worker_connections 64; }\n"
            "http {\n"
            "  log_format mutls 'port=$server_port uri=$request_uri status=$status "
            "verify=\"$ssl_client_verify\" dn=\"$ssl_client_s_dn\" cipher=$ssl_cipher';\n"
            "  access_log %s/access.log mutls;\n"
            "  client_body_temp_path %s/tmp-body;\n"
            "  proxy_temp_path %s/tmp-proxy;\n"
            "  fastcgi_temp_path %s/tmp-fastcgi;\n"
            "  uwsgi_temp_path %s/tmp-uwsgi;\n"
            "  scgi_temp_path %s/tmp-scgi;\n"
            "  keepalive_timeout 5s;\n"
            "%s"
            "}\n",
            geteuid() == 0 ? "user root;\n" : "", d, d, d, d, d, d, d, d, n->http);
    if (fclose(f) != 0 || tu_peer_start(&n->peer, argv, 1) != 0) {
        return -1;
    }
    for (int i = 0; i < n->n_ports; i++) {
        if (tu_wait_port(&n->peer, n->ports[i], TU_PEER_EVENT_MS) != 0) {
            return -1;
        }
    }
    /* The probes left "closed connection" lines: readers start past them. */
    n->error_mark = tu_file_size(tu_nginx_file(n, "error.log"));
    n->access_mark = tu_file_size(tu_nginx_file(n, "access.log"));
    return 0;
}

char *tu_nginx_log(const tu_nginx *n, const char *name, size_t *mark, const char *want,
                   int timeout_ms)
{
    struct timespec pause = {0, 20 * 1000000L};
    tu_peer file;
    char *news = NULL;

    memset(&file, 0, sizeof(file));
    snprintf(file.out_path, sizeof(file.out_path), "%s", tu_nginx_file(n, name));
    for (int waited = 0;; waited += 20) {
        char *all = tu_peer_output(&file);
        size_t len = all != NULL ? strlen(all) : 0;

        free(news);
        news = strdup(all != NULL && *mark < len ? all + *mark : "");
        free(all);
        if (news == NULL || strstr(news, want) != NULL || waited >= timeout_ms) {
            *mark = len < *mark ? *mark : len;
            return news;
        }
        nanosleep(&pause, NULL);
    }
}

/* Empty the prefix (files, and nginx's temp directories, which stay empty here), remove it. */
static void remove_prefix(const char *dir)
{
    DIR *d = opendir(dir);
    struct dirent *e;
    char path[320];

    if (d == NULL) {
        return;
    }
    while ((e = readdir(d)) != NULL) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0) {
            continue;
        }
        snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
        if (unlink(path) != 0 && (errno == EISDIR || errno == EPERM)) {
            (void)rmdir(path);
        }
    }
    closedir(d);
    (void)rmdir(dir);
}

void tu_nginx_stop(tu_nginx *n)
{
    /* A single-process nginx exits at once on SIGTERM. */
    tu_peer_stop(&n->peer);
    if (n->dir[0] != 0 && getenv("MUTLS_KEEP_PEER_LOGS") == NULL) {
        remove_prefix(n->dir);
    }
    tu_nginx_forget(n);
}
