/* SPDX-License-Identifier: MIT */
/*
 * test_tool_verify.c - the `mutls verify` command end to end: the built tool
 * (MUTLS_TOOL_PATH) is run on the test PKI; its exit codes (0 valid, 1 refused, 2 usage or
 * unreadable file) and its one line of output are checked, for every case of
 * vectors/x509/cases.txt and for the usage errors. Skipped when the tool was not built
 * (MUTLS_BUILD_TOOLS=OFF).
 */
#include "testutil.h"

#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#define TOOL_TIME "1800000000"

static int tool_present(void)
{
    return access(MUTLS_TOOL_PATH, X_OK) == 0;
}

/* Run `mutls verify <args>` (stderr discarded); first line of stdout in @p out; exit code. */
static int run_verify(const char *args, char *out, size_t cap)
{
    char cmd[4096];
    FILE *p;
    int status;

    snprintf(cmd, sizeof(cmd), "cd '%s/x509' && '%s' verify %s 2>/dev/null", MUTLS_VECTORS_DIR,
             MUTLS_TOOL_PATH, args);
    p = popen(cmd, "r");
    assert_non_null(p);
    out[0] = 0;
    if (fgets(out, (int)cap, p) == NULL) {
        out[0] = 0;
    }
    while (fgetc(p) != EOF) {
    }
    status = pclose(p);
    assert_true(WIFEXITED(status));
    return WEXITSTATUS(status);
}

static void test_tool_verify_valid_chain_prints_ok(void **state)
{
    char out[1024];

    (void)state;
    if (!tool_present()) {
        skip();
    }
    assert_int_equal(run_verify("--ca roots/rsa_root.pem --untrusted rsa/inter.pem --purpose "
                                "server --host www.example.com --time " TOOL_TIME " rsa/leaf.pem",
                                out, sizeof(out)),
                     0);
    assert_string_equal(out, "OK\n");
    assert_int_equal(run_verify("--ca roots/rsa_root.pem --untrusted rsa/inter.pem --ip "
                                "2001:db8::1 --time " TOOL_TIME " rsa/leaf_ipv6.pem",
                                out, sizeof(out)),
                     0);
    assert_string_equal(out, "OK\n");
}

static void test_tool_verify_refusal_prints_reason_and_depth(void **state)
{
    char out[1024];

    (void)state;
    if (!tool_present()) {
        skip();
    }
    assert_int_equal(
        run_verify("--ca roots/rsa_root.pem --untrusted rsa/inter.pem --time " TOOL_TIME
                   " time/expired_leaf.pem",
                   out, sizeof(out)),
        1);
    assert_string_equal(out, "error: expired at depth 0: certificate at depth 0 "
                             "(CN=www.example.com,O=mutls test) expired on 2026-01-01 00:00:00 "
                             "UTC\n");
    assert_int_equal(run_verify("--ca roots/rsa_root.pem --untrusted rsa/inter.pem --purpose "
                                "client --time " TOOL_TIME " rsa/leaf.pem",
                                out, sizeof(out)),
                     1);
    assert_string_equal(out, "error: purpose_mismatch at depth 0: certificate at depth 0 "
                             "(CN=www.example.com,O=mutls test) is not allowed for TLS client "
                             "authentication (extendedKeyUsage)\n");
    /* A DNS name that is an IP literal is not matched against iPAddress SANs. */
    assert_int_equal(run_verify("--ca roots/rsa_root.pem --untrusted rsa/inter.pem --host "
                                "192.0.2.1 --time " TOOL_TIME " rsa/leaf_ipv4.pem",
                                out, sizeof(out)),
                     1);
    assert_memory_equal(out, "error: name_mismatch at depth 0: ", 33);
}

static void test_tool_verify_usage_errors_exit_2(void **state)
{
    static const char *bad[] = {
        "rsa/leaf.pem",                            /* no --ca */
        "--ca roots/rsa_root.pem",                 /* no leaf */
        "--ca roots/nonexistent.pem rsa/leaf.pem", /* unreadable anchors */
        "--ca roots/rsa_root.pem nonexistent.pem", /* unreadable leaf */
        "--ca roots/rsa_root.pem --untrusted nonexistent.pem rsa/leaf.pem",
        "--ca roots/rsa_root.pem --purpose email rsa/leaf.pem", /* bad purpose */
        "--ca roots/rsa_root.pem --host a.example --ip 192.0.2.1 rsa/leaf.pem",
        "--ca roots/rsa_root.pem --ip 192.0.2 rsa/leaf.pem",  /* not an address */
        "--ca roots/rsa_root.pem --time soon rsa/leaf.pem",   /* bad time */
        "--ca roots/rsa_root.pem --frobnicate rsa/leaf.pem",  /* unknown option */
        "--ca roots/rsa_root.pem rsa/leaf.pem rsa/inter.pem", /* two leaves */
        "--ca",                                               /* missing value */
    };
    char out[1024];
    size_t i;

    (void)state;
    if (!tool_present()) {
        skip();
    }
    for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        int rc = run_verify(bad[i], out, sizeof(out));
        if (rc != 2) {
            fail_msg("'%s': exit %d, want 2", bad[i], rc);
        }
        assert_string_equal(out, "");
    }
}

typedef struct tool_stats {
    int cases;
    int failures;
} tool_stats;

static void run_case(const tu_record *rec, void *ctx)
{
    tool_stats *st = ctx;
    const char *untrusted = tu_field(rec, "untrusted");
    const char *host = tu_field(rec, "host");
    const char *ip = tu_field(rec, "ip");
    const char *expect = tu_field(rec, "expect");
    const char *depth = tu_field(rec, "depth");
    char args[2048];
    char want[256];
    char out[1024];
    int rc;

    snprintf(args, sizeof(args), "--ca %s%s%s --purpose %s%s%s%s%s --time %s %s",
             tu_field(rec, "roots"), untrusted != NULL ? " --untrusted " : "",
             untrusted != NULL ? untrusted : "", tu_field(rec, "purpose"),
             host != NULL ? " --host " : "", host != NULL ? host : "", ip != NULL ? " --ip " : "",
             ip != NULL ? ip : "", tu_field(rec, "time"), tu_field(rec, "leaf"));
    rc = run_verify(args, out, sizeof(out));
    st->cases++;
    if (strcmp(expect, "ok") == 0) {
        snprintf(want, sizeof(want), "OK\n");
    } else {
        snprintf(want, sizeof(want), "error: %s at depth %s: ", expect, depth);
    }
    if (rc != (strcmp(expect, "ok") == 0 ? 0 : 1) || strncmp(out, want, strlen(want)) != 0) {
        print_error("case %s: exit %d, output %s", tu_field(rec, "name"), rc, out);
        st->failures++;
    }
}

static void test_tool_verify_every_manifest_case(void **state)
{
    tool_stats st = {0, 0};

    (void)state;
    if (!tool_present()) {
        skip();
    }
    assert_true(tu_for_each_record("x509/cases.txt", run_case, &st) >= 80);
    assert_int_equal(st.failures, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_tool_verify_valid_chain_prints_ok),
        cmocka_unit_test(test_tool_verify_refusal_prints_reason_and_depth),
        cmocka_unit_test(test_tool_verify_usage_errors_exit_2),
        cmocka_unit_test(test_tool_verify_every_manifest_case),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
