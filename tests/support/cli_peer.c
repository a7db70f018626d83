/* SPDX-License-Identifier: MIT */
/* cli_peer.c - shared pieces of the command-line peer tests (see cli_peer.h). */
#include "cli_peer.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "interop.h"
#include "mserver.h"
#include "mutls.h"
#include "testutil.h"

#include <cmocka.h>

int tu_peer_requirements(char *missing, size_t cap, const char *const progs[], const char *package,
                         int needs_tool)
{
    char names[256] = "";
    size_t n = 0;
    int absent = 0;

    missing[0] = 0;
    for (size_t i = 0; progs[i] != NULL; i++) {
        absent |= progs[i][0] == '/' ? access(progs[i], X_OK) != 0 : !tu_have(progs[i]);
        snprintf(names + strlen(names), sizeof(names) - strlen(names), "%s%s", i > 0 ? "/" : "",
                 progs[i]);
        n++;
    }
    if (absent) {
        snprintf(missing, cap, "%s %s not installed (apt-get install %s): skipping\n", names,
                 n > 1 ? "are" : "is", package);
    } else if (needs_tool && access(MUTLS_TOOL_PATH, X_OK) != 0) {
        snprintf(missing, cap, "the mutls tool is not built (%s; MUTLS_BUILD_TOOLS=ON): skipping\n",
                 MUTLS_TOOL_PATH);
    }
    return 0;
}

void tu_need_peer(const char *missing)
{
    if (missing[0] != 0) {
        fprintf(stderr, "%s", missing);
        skip();
    }
}

char *tu_peer_output_since(const tu_peer *p, size_t *mark, const char *want, int timeout_ms)
{
    for (int waited = 0;; waited += 20) {
        char *all = tu_peer_output(p);
        size_t n = strlen(all);
        char *news = strdup(*mark < n ? all + *mark : "");

        free(all);
        assert_non_null(news);
        if (strstr(news, want) != NULL || waited >= timeout_ms) {
            *mark = n > *mark ? n : *mark;
            return news;
        }
        free(news);
        usleep(20 * 1000);
    }
}

char *tu_server_refuses(tu_client_run_fn run, const char *peer, const char *identity, int want_code,
                        const char *want_detail, const char *want_peer, int *status)
{
    mutls_config *cfg = tu_server_config(0, MUTLS_CLIENT_AUTH_REQUIRED, NULL);
    tu_mserver s;
    char *out;

    assert_non_null(cfg);
    memset(&s, 0, sizeof(s));
    assert_int_equal(tu_mserver_start(&s, cfg, 1), 0);
    out = run(s.port, identity, status);
    tu_mserver_join(&s);
    mutls_config_free(cfg);
    if (s.results[0].rc != want_code) {
        fail_msg("server result %s (%s), want %s\n--- %s:\n%s", mutls_strerror(s.results[0].rc),
                 s.results[0].detail, mutls_strerror(want_code), peer, out);
    }
    if (strstr(s.results[0].detail, want_detail) == NULL) {
        fail_msg("server detail '%s' does not say '%s'", s.results[0].detail, want_detail);
    }
    if (strstr(out, want_peer) == NULL) {
        fail_msg("%s did not report '%s':\n%s", peer, want_peer, out);
    }
    return out;
}
