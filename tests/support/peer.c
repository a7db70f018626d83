/* SPDX-License-Identifier: MIT */
/* peer.c - see peer.h. Everything here talks only to 127.0.0.1. */
#include "peer.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <spawn.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

extern char **environ;

/* Every child still running when the test program exits is killed: a failed assertion
 * (cmocka longjmps out of the test) must not leave a server behind. */
#define MAX_CHILDREN 64
static pid_t children[MAX_CHILDREN];

/* The output files of every peer started, removed at exit (MUTLS_KEEP_PEER_LOGS=1 keeps
 * them): a failing test has already printed what it needed from them. */
static int logs_started;
static int logs_pid;

static void kill_children(void)
{
    int i;
    int status;

    for (i = 0; i < MAX_CHILDREN; i++) {
        if (children[i] > 0 && waitpid(children[i], &status, WNOHANG) == 0) {
            kill(children[i], SIGKILL);
            waitpid(children[i], &status, 0);
        }
        children[i] = 0;
    }
    if (getenv("MUTLS_KEEP_PEER_LOGS") == NULL && logs_pid == (int)getpid()) {
        for (i = 0; i < logs_started; i++) {
            char path[256];
            snprintf(path, sizeof(path), "/tmp/mutls-peer-%d-%d.log", logs_pid, i);
            unlink(path);
        }
    }
}

static void remember_child(pid_t pid)
{
    static int registered;
    int i;

    if (!registered) {
        atexit(kill_children);
        registered = 1;
    }
    for (i = 0; i < MAX_CHILDREN; i++) {
        if (children[i] <= 0) {
            children[i] = pid;
            return;
        }
    }
}

static void sleep_ms(int ms)
{
    struct timespec ts = {ms / 1000, (long)(ms % 1000) * 1000000L};
    nanosleep(&ts, NULL);
}

static struct sockaddr_in loopback(int port)
{
    struct sockaddr_in a;

    memset(&a, 0, sizeof(a));
    a.sin_family = AF_INET;
    a.sin_port = htons((uint16_t)port);
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    return a;
}

int tu_listen(int *port)
{
    struct sockaddr_in a = loopback(*port);
    socklen_t alen = sizeof(a);
    int one = 1;
    int fd = socket(AF_INET, SOCK_STREAM, 0);

    if (fd < 0) {
        return -1;
    }
    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
    if (bind(fd, (struct sockaddr *)&a, sizeof(a)) != 0 || listen(fd, 16) != 0 ||
        getsockname(fd, (struct sockaddr *)&a, &alen) != 0) {
        close(fd);
        return -1;
    }
    *port = ntohs(a.sin_port);
    return fd;
}

int tu_free_port(void)
{
    int port = 0;
    int fd = tu_listen(&port);

    if (fd < 0) {
        return -1;
    }
    close(fd);
    return port;
}

int tu_connect(int port)
{
    struct sockaddr_in a = loopback(port);
    int fd = socket(AF_INET, SOCK_STREAM, 0);

    if (fd < 0) {
        return -1;
    }
    if (connect(fd, (struct sockaddr *)&a, sizeof(a)) != 0) {
        close(fd);
        return -1;
    }
    tu_socket_timeout(fd, 20);
    return fd;
}

void tu_socket_timeout(int fd, int seconds)
{
    struct timeval tv = {seconds, 0};

    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
    setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof(tv));
}

int tu_have(const char *prog)
{
    const char *path = getenv("PATH");
    char buf[4096];
    const char *p;

    if (path == NULL) {
        return 0;
    }
    for (p = path; *p != 0;) {
        const char *e = strchr(p, ':');
        size_t n = e != NULL ? (size_t)(e - p) : strlen(p);
        snprintf(buf, sizeof(buf), "%.*s/%s", (int)n, p, prog);
        if (access(buf, X_OK) == 0) {
            return 1;
        }
        p += n;
        if (*p == ':') {
            p++;
        }
    }
    return 0;
}

int tu_peer_start(tu_peer *p, char *const argv[], int close_stdin)
{
    posix_spawn_file_actions_t fa;
    int in[2];
    int out;
    int rc;
    static int counter;

    memset(p, 0, sizeof(*p));
    p->pid = -1;
    p->stdin_fd = -1;
    snprintf(p->out_path, sizeof(p->out_path), "/tmp/mutls-peer-%d-%d.log", (int)getpid(),
             counter++);
    out = open(p->out_path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
    if (out < 0 || pipe(in) != 0) {
        return -1;
    }
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_adddup2(&fa, in[0], 0);
    posix_spawn_file_actions_adddup2(&fa, out, 1);
    posix_spawn_file_actions_adddup2(&fa, out, 2);
    posix_spawn_file_actions_addclose(&fa, in[1]);
    rc = posix_spawnp(&p->pid, argv[0], &fa, NULL, argv, environ);
    posix_spawn_file_actions_destroy(&fa);
    close(in[0]);
    close(out);
    if (rc != 0) {
        close(in[1]);
        p->pid = -1;
        return -1;
    }
    remember_child(p->pid);
    logs_pid = (int)getpid();
    logs_started = counter;
    if (close_stdin) {
        close(in[1]);
    } else {
        p->stdin_fd = in[1];
    }
    return 0;
}

/* Keep how the child ended: a wait that reaps it must not lose its status for a later one
 * (tu_wait_output sees a child exit that tu_peer_wait is then asked about). */
static void reaped(tu_peer *p, int status)
{
    p->pid = -1;
    p->reaped = 1;
    p->exit_status = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

static int exited(tu_peer *p, int *status)
{
    pid_t r;

    if (p->pid <= 0) {
        return 1;
    }
    r = waitpid(p->pid, status, WNOHANG);
    if (r == p->pid) {
        reaped(p, *status);
        return 1;
    }
    return 0;
}

int tu_wait_port(tu_peer *p, int port, int timeout_ms)
{
    int waited;
    int status;

    for (waited = 0; waited < timeout_ms; waited += 20) {
        int fd;
        if (exited(p, &status)) {
            return -1;
        }
        fd = tu_connect(port);
        if (fd >= 0) {
            close(fd);
            return 0;
        }
        sleep_ms(20);
    }
    return -1;
}

int tu_wait_output(tu_peer *p, const char *text, int timeout_ms)
{
    int waited;
    int status;

    for (waited = 0; waited < timeout_ms; waited += 20) {
        char *out = tu_peer_output(p);
        int found = out != NULL && strstr(out, text) != NULL;
        free(out);
        if (found) {
            return 0;
        }
        if (exited(p, &status)) {
            return -1;
        }
        sleep_ms(20);
    }
    return -1;
}

int tu_peer_write(tu_peer *p, const char *text)
{
    size_t n = strlen(text);

    if (p->stdin_fd < 0) {
        return -1;
    }
    return write(p->stdin_fd, text, n) == (ssize_t)n ? 0 : -1;
}

int tu_peer_wait(tu_peer *p, int timeout_ms)
{
    int status = 0;
    int waited;

    if (p->stdin_fd >= 0) {
        close(p->stdin_fd);
        p->stdin_fd = -1;
    }
    for (waited = 0; waited < timeout_ms && p->pid > 0; waited += 10) {
        if (exited(p, &status)) {
            break;
        }
        sleep_ms(10);
    }
    if (p->pid <= 0) {
        return p->reaped ? p->exit_status : -1;
    }
    tu_peer_stop(p);
    return -1;
}

void tu_peer_stop(tu_peer *p)
{
    int status;
    int waited;

    if (p->stdin_fd >= 0) {
        close(p->stdin_fd);
        p->stdin_fd = -1;
    }
    if (p->pid <= 0) {
        return;
    }
    kill(p->pid, SIGTERM);
    for (waited = 0; waited < 2000; waited += 10) {
        if (exited(p, &status)) {
            return;
        }
        sleep_ms(10);
    }
    kill(p->pid, SIGKILL);
    if (waitpid(p->pid, &status, 0) == p->pid) {
        reaped(p, status);
    }
    p->pid = -1;
}

char *tu_peer_output(const tu_peer *p)
{
    FILE *f = fopen(p->out_path, "rb");
    char *buf;
    size_t n;

    if (f == NULL) {
        return strdup("");
    }
    buf = malloc(1 << 20);
    if (buf == NULL) {
        fclose(f);
        return NULL;
    }
    n = fread(buf, 1, (1 << 20) - 1, f);
    buf[n] = 0;
    fclose(f);
    return buf;
}
