/* SPDX-License-Identifier: MIT */
/* nss.c - see nss.h. Everything here talks only to 127.0.0.1 and writes only below /tmp. */
#include "nss.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "interop.h"

/* What tu_nss_tmpdir makes; tu_nss_rmdir removes nothing else. */
#define TMP_PREFIX "/tmp/mutls-nss-"
/* The password of the PKCS#12 files, which exist only inside the temporary directory. */
#define P12_PASS "mutls-nss"

static void sleep_ms(int ms)
{
    struct timespec ts = {ms / 1000, (long)(ms % 1000) * 1000000L};
    nanosleep(&ts, NULL);
}

void tu_nss_check_tools(char *why, size_t cap)
{
    static const char *const tools[] = {"tstclnt", "selfserv", "certutil", "pk12util", "openssl"};

    why[0] = 0;
    for (size_t i = 0; i < sizeof(tools) / sizeof(tools[0]); i++) {
        if (!tu_have(tools[i])) {
            snprintf(why, cap,
                     "%s is not installed (apt-get install libnss3-tools openssl): skipping\n",
                     tools[i]);
            return;
        }
    }
}

int tu_nss_tmpdir(char *top, size_t cap)
{
    if (snprintf(top, cap, "%sXXXXXX", TMP_PREFIX) >= (int)cap) {
        return -1;
    }
    return mkdtemp(top) != NULL ? 0 : -1;
}

/* Remove @p path: a file, or a directory with what it holds, @p depth levels deep at most
 * (the temporary directory holds files and database directories of files). */
static void remove_tree(const char *path, int depth)
{
    struct stat st;
    DIR *d;
    struct dirent *e;
    char sub[1024];

    if (lstat(path, &st) != 0) {
        return;
    }
    if (!S_ISDIR(st.st_mode)) {
        (void)unlink(path);
        return;
    }
    d = depth > 0 ? opendir(path) : NULL;
    while (d != NULL && (e = readdir(d)) != NULL) {
        if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0 &&
            snprintf(sub, sizeof(sub), "%s/%s", path, e->d_name) < (int)sizeof(sub)) {
            remove_tree(sub, depth - 1);
        }
    }
    if (d != NULL) {
        closedir(d);
    }
    (void)rmdir(path);
}

void tu_nss_rmdir(const char *top)
{
    if (top == NULL || strncmp(top, TMP_PREFIX, strlen(TMP_PREFIX)) != 0 ||
        strstr(top, "..") != NULL) {
        return;
    }
    remove_tree(top, 3);
}

/* Run a tool to its end (20 s at most); its exit status, its output in @p err on failure. */
static int run_tool(char *const argv[], char *err, size_t err_cap)
{
    tu_peer p;
    int status;
    char *out;

    if (tu_peer_start(&p, argv, 1) != 0) {
        snprintf(err, err_cap, "cannot start %s", argv[0]);
        return -1;
    }
    status = tu_peer_wait(&p, 20000);
    if (status != 0) {
        out = tu_peer_output(&p);
        snprintf(err, err_cap, "%s exited %d: %s", argv[0], status, out != NULL ? out : "");
        free(out);
    }
    return status;
}

/* <top>/<id>.p12 from the demo PKI's <id>.pem and <id>.key (made once per directory). */
static int make_p12(const char *top, const char *id, char *path, size_t cap, char *err,
                    size_t err_cap)
{
    char pem[128];
    char key[128];

    snprintf(path, cap, "%s/%s.p12", top, id);
    if (access(path, R_OK) == 0) {
        return 0;
    }
    snprintf(pem, sizeof(pem), "%s.pem", id);
    snprintf(key, sizeof(key), "%s.key", id);
    char *const argv[] = {"openssl",
                          "pkcs12",
                          "-export",
                          "-in",
                          (char *)tu_pki(pem),
                          "-inkey",
                          (char *)tu_pki(key),
                          "-name",
                          (char *)id,
                          "-out",
                          path,
                          "-passout",
                          "pass:" P12_PASS,
                          NULL};
    return run_tool(argv, err, err_cap);
}

const char *tu_nss_db_arg(const char *top, const char *name)
{
    static char bufs[8][512];
    static unsigned next;
    char *b = bufs[next++ % 8];

    snprintf(b, sizeof(bufs[0]), "sql:%s/%s", top, name);
    return b;
}

int tu_nss_db(const char *top, const char *name, const char *const trust[],
              const char *const identities[], char *err, size_t err_cap)
{
    char dir[512];
    char db[600];
    char nick[128];
    char p12[600];

    snprintf(dir, sizeof(dir), "%s/%s", top, name);
    snprintf(db, sizeof(db), "sql:%s", dir);
    if (mkdir(dir, 0700) != 0) {
        snprintf(err, err_cap, "cannot make %s", dir);
        return -1;
    }
    char *const create[] = {"certutil", "-N", "-d", db, "--empty-password", NULL};
    if (run_tool(create, err, err_cap) != 0) {
        return -1;
    }
    for (size_t i = 0; trust != NULL && trust[i] != NULL; i++) {
        const char *dot = strrchr(trust[i], '.');
        snprintf(nick, sizeof(nick), "%.*s",
                 (int)(dot != NULL ? (size_t)(dot - trust[i]) : strlen(trust[i])), trust[i]);
        char *const add[] = {"certutil",
                             "-A",
                             "-d",
                             db,
                             "-n",
                             nick,
                             "-t",
                             "CT,C,C",
                             "-a",
                             "-i",
                             (char *)tu_pki(trust[i]),
                             NULL};
        if (run_tool(add, err, err_cap) != 0) {
            return -1;
        }
    }
    for (size_t i = 0; identities != NULL && identities[i] != NULL; i++) {
        if (make_p12(top, identities[i], p12, sizeof(p12), err, err_cap) != 0) {
            return -1;
        }
        char *const import[] = {"pk12util", "-i", p12, "-d", db, "-W", P12_PASS, NULL};
        if (run_tool(import, err, err_cap) != 0) {
            return -1;
        }
    }
    return 0;
}

int tu_selfserv_start(tu_selfserv *s, const char *db, const char *nick, int ec,
                      const char *const extra[])
{
    char port_arg[16];
    char *argv[40];

    /* The port was free a moment ago; should another process take it first, try another. */
    for (int attempt = 0; attempt < 3; attempt++) {
        int a = 0;

        s->port = tu_free_port();
        if (s->port <= 0) {
            return -1;
        }
        snprintf(port_arg, sizeof(port_arg), "%d", s->port);
        argv[a++] = "selfserv";
        argv[a++] = "-v";
        argv[a++] = "-d";
        argv[a++] = (char *)db;
        argv[a++] = ec ? "-e" : "-n";
        argv[a++] = (char *)nick;
        argv[a++] = "-p";
        argv[a++] = port_arg;
        argv[a++] = "-V";
        argv[a++] = "tls1.2:tls1.2";
        argv[a++] = "-G";
        argv[a++] = "-r";
        argv[a++] = "-r";
        for (size_t i = 0; extra != NULL && extra[i] != NULL && a < 39; i++) {
            argv[a++] = (char *)extra[i];
        }
        argv[a] = NULL;
        if (tu_peer_start(&s->peer, argv, 1) != 0) {
            return -1;
        }
        /* Its verbose banner, not a probe: a probe would be a connection in its log. */
        if (tu_wait_output(&s->peer, "About to call accept", TU_PEER_EVENT_MS) == 0) {
            s->mark = tu_file_size(s->peer.out_path);
            return 0;
        }
        tu_peer_stop(&s->peer);
    }
    return -1;
}

void tu_selfserv_mark(tu_selfserv *s)
{
    sleep_ms(50); /* let selfserv finish logging the previous connection */
    s->mark = tu_file_size(s->peer.out_path);
}

char *tu_selfserv_since_mark(tu_selfserv *s, const char *want)
{
    for (int waited = 0;; waited += 20) {
        char *all = tu_peer_output(&s->peer);
        size_t n = all != NULL ? strlen(all) : 0;
        char *tail = strdup(all != NULL && s->mark < n ? all + s->mark : "");

        free(all);
        if (tail == NULL || strstr(tail, want) != NULL || waited >= TU_PEER_EVENT_MS) {
            return tail;
        }
        free(tail);
        sleep_ms(20);
    }
}

int tu_tstclnt_run(const char *db, int port, const char *nick, const char *request,
                   const char *const extra[], char **out)
{
    char port_arg[16];
    char *argv[40];
    tu_peer p;
    int status;
    int a = 0;

    snprintf(port_arg, sizeof(port_arg), "%d", port);
    argv[a++] = "tstclnt";
    argv[a++] = "-v";
    argv[a++] = "-4";
    argv[a++] = "-h";
    argv[a++] = "localhost";
    argv[a++] = "-p";
    argv[a++] = port_arg;
    argv[a++] = "-d";
    argv[a++] = (char *)db;
    /* From a file: with the request on stdin, tstclnt keeps polling the ended pipe and never
     * exits after the server has closed. */
    argv[a++] = "-A";
    argv[a++] = (char *)request;
    if (nick != NULL) {
        argv[a++] = "-n";
        argv[a++] = (char *)nick;
    }
    for (size_t i = 0; extra != NULL && extra[i] != NULL && a < 39; i++) {
        argv[a++] = (char *)extra[i];
    }
    argv[a] = NULL;
    if (tu_peer_start(&p, argv, 1) != 0) {
        *out = strdup("cannot start tstclnt");
        return -1;
    }
    status = tu_peer_wait(&p, 30000);
    *out = tu_peer_output(&p);
    return status;
}
