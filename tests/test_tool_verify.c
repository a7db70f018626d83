/* SPDX-License-Identifier: MIT */
/*
 * test_tool_verify.c - the `mutls verify` command end to end: the built tool
 * (MUTLS_TOOL_PATH) is run on the test PKI; its exit codes (0 valid, 1 refused, 2 usage or
 * unreadable file) and its one line of output are checked, for every case of
 * vectors/x509/cases.txt, for revocation (--crl, --crl-check with vectors/x509/crl), for the
 * certificate policy inputs (--policy, --explicit-policy, ... with vectors/x509/pkits) and for
 * the usage errors. Skipped when the tool was not built (MUTLS_BUILD_TOOLS=OFF).
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

/* A certificate the parser refuses is a verdict (1), naming the file, the certificate's place
 * in it and the rule it breaks. */
static void test_tool_verify_malformed_certificate_names_rule(void **state)
{
    char out[1024];

    (void)state;
    if (!tool_present()) {
        skip();
    }
    assert_int_equal(run_verify("--ca roots/rsa_root.pem --time " TOOL_TIME
                                " why/serial_nonminimal.pem",
                                out, sizeof(out)),
                     1);
    assert_string_equal(out, "error: malformed at depth 0: in why/serial_nonminimal.pem, "
                             "certificate 1 of the input is refused: its DER encoding is not "
                             "canonical: its serialNumber INTEGER has a superfluous leading octet "
                             "(X.690 8.3.2)\n");
    assert_int_equal(run_verify("--ca roots/rsa_root.pem --untrusted why/bundle_second_bad.pem "
                                "--time " TOOL_TIME " rsa/leaf.pem",
                                out, sizeof(out)),
                     1);
    assert_string_equal(out, "error: malformed: in why/bundle_second_bad.pem (untrusted "
                             "certificates), certificate 2 of the input is refused: its DER "
                             "encoding is not canonical: its serialNumber INTEGER has a "
                             "superfluous leading octet (X.690 8.3.2)\n");
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

#define CRL_ARGS "--ca crl/root.pem --purpose client --time " TOOL_TIME " "
#define CRL_CHAIN CRL_ARGS "--untrusted crl/inter.pem "

/* `mutls verify` with --crl: arguments, exit code, and the start of the output line (the
 * whole output when it ends in a newline or is empty). */
typedef struct crl_case {
    const char *args;
    int exit;
    const char *out;
} crl_case;

static void run_crl_cases(const crl_case *cases, size_t n)
{
    char out[1024];

    if (!tool_present()) {
        skip();
    }
    for (size_t i = 0; i < n; i++) {
        size_t len = strlen(cases[i].out);
        int whole = len == 0 || cases[i].out[len - 1] == '\n';
        int rc = run_verify(cases[i].args, out, sizeof(out));
        if (rc != cases[i].exit || strncmp(out, cases[i].out, whole ? sizeof(out) : len) != 0) {
            fail_msg("mutls verify %s: exit %d, printed '%s'; want exit %d, '%s'", cases[i].args,
                     rc, out, cases[i].exit, cases[i].out);
        }
    }
}

static void test_tool_verify_crl_revoked_prints_date_and_reason(void **state)
{
    TU_SKIP_WITHOUT_CRL();
    static const crl_case cases[] = {
        {CRL_CHAIN "--crl crl/inter.crl.pem --crl crl/root.crl.pem crl/client.pem", 0, "OK\n"},
        {CRL_CHAIN "--crl crl/inter.crl.pem --crl crl/root.crl.pem crl/client_revoked.pem", 1,
         "error: revoked at depth 0: certificate at depth 0 (CN=client revoked,O=mutls test) was "
         "revoked by its issuer on 2026-03-01 00:00:00 UTC (reason: keyCompromise)\n"},
        /* One PEM file with both CRLs, and the DER form. */
        {CRL_CHAIN "--crl crl/root_both.pem crl/client_revoked.pem", 1,
         "error: revoked at depth 0: "},
        {CRL_CHAIN "--crl crl/inter.crl.der --crl crl/root.crl.pem crl/client_revoked.pem", 1,
         "error: revoked at depth 0: "},
        /* A revoked intermediate, at its own depth. */
        {CRL_ARGS "--untrusted crl/inter_revoked.pem --crl crl/inter_revoked.crl.pem --crl "
                  "crl/root.crl.pem crl/client_under_revoked.pem",
         1, "error: revoked at depth 1: certificate at depth 1 "},
    };

    (void)state;
    run_crl_cases(cases, sizeof(cases) / sizeof(cases[0]));
}

static void test_tool_verify_crl_check_mode_decides_missing(void **state)
{
    TU_SKIP_WITHOUT_CRL();
    static const crl_case cases[] = {
        /* Every certificate below the anchor needs a CRL by default: inter has none. */
        {CRL_CHAIN "--crl crl/inter.crl.pem crl/client.pem", 1, "error: crl_missing at depth 1: "},
        {CRL_CHAIN "--crl crl/inter.crl.pem --crl-check all crl/client.pem", 1,
         "error: crl_missing at depth 1: "},
        {CRL_CHAIN "--crl crl/inter.crl.pem --crl-check leaf crl/client.pem", 0, "OK\n"},
        {CRL_CHAIN "--crl-check leaf --crl crl/inter_expired.crl.pem crl/client.pem", 1,
         "error: crl_expired at depth 0: "},
    };

    (void)state;
    run_crl_cases(cases, sizeof(cases) / sizeof(cases[0]));
}

static void test_tool_verify_crl_refused_or_unreadable(void **state)
{
    TU_SKIP_WITHOUT_CRL();
    static const crl_case cases[] = {
        /* A CRL mutls will not apply is a verdict, with the file and the reason. */
        {CRL_ARGS "--crl crl/inter_delta.crl.pem crl/client_root.pem", 1,
         "error: crl_unsupported: in crl/inter_delta.crl.pem, CRL 1 of the input is refused: "
         "it is a delta CRL (RFC 5280 §5.2.4), which mutls does not apply\n"},
        {CRL_ARGS "--crl crl/limbo_number_critical.crl.pem crl/client_root.pem", 1,
         "error: crl_malformed: in crl/limbo_number_critical.crl.pem, CRL 1 of the input is "
         "refused: its cRLNumber extension is marked critical, which RFC 5280 §5.2.3 "
         "forbids\n"},
        {CRL_ARGS "--crl crl/inter_truncated.crl.der crl/client_root.pem", 1,
         "error: crl_malformed: in crl/inter_truncated.crl.der, the CRL is refused: its DER "
         "encoding is malformed (X.690)\n"},
        /* Usage errors: only stderr. */
        {CRL_ARGS "--crl crl/nonexistent.crl.pem crl/client_root.pem", 2, ""}, /* unreadable */
        {CRL_ARGS "--crl crl/root.pem crl/client_root.pem", 2, ""},            /* no CRL in it */
        {CRL_ARGS "--crl-check some crl/client_root.pem", 2, ""},              /* bad mode */
        {CRL_ARGS "crl/client_root.pem --crl", 2, ""},                         /* no value */
    };

    (void)state;
    run_crl_cases(cases, sizeof(cases) / sizeof(cases[0]));
}

/* Add ",a,b" (a comma-separated list of vectors/x509/crl files) as "OPT crl/a OPT crl/b". */
static void append_list(char *args, size_t cap, const char *opt, const char *list)
{
    char copy[512];
    char *save = NULL;

    snprintf(copy, sizeof(copy), "%s", list);
    for (char *f = strtok_r(copy, ",", &save); f != NULL; f = strtok_r(NULL, ",", &save)) {
        size_t n = strlen(args);
        snprintf(args + n, cap - n, " %s crl/%s", opt, f);
    }
}

/* The vectors/x509/crl files of the comma-separated @p list, one after the other, in a new
 * temporary file whose name goes to @p path (64 bytes). 0, or -1 after saying why. */
static int bundle_vectors(const char *list, char *path)
{
    char copy[256];
    char *save = NULL;
    FILE *f;
    int fd;

    snprintf(path, 64, "/tmp/mutls-anchors-XXXXXX");
    fd = mkstemp(path);
    if (fd < 0 || (f = fdopen(fd, "w")) == NULL) {
        print_error("cannot create %s\n", path);
        return -1;
    }
    snprintf(copy, sizeof(copy), "%s", list);
    for (char *e = strtok_r(copy, ",", &save); e != NULL; e = strtok_r(NULL, ",", &save)) {
        char rel[128];
        size_t len;
        uint8_t *data;

        snprintf(rel, sizeof(rel), "x509/crl/%s", e);
        data = tu_read_vector(rel, &len);
        fwrite(data, 1, len, f);
        free(data);
    }
    return fclose(f) == 0 ? 0 : -1;
}

/* One line of vectors/x509/crl/manifest.txt through `mutls verify`; 0 when it answered as
 * EXPECT says (load:NAME: the tool refuses the CRL file with that name), -1 on a wrong
 * answer. CRLS `-`: no --crl option at all. */
static int run_crl_case(const char *line)
{
    char name[64], chain[256], anchors[128], crls[256];
    char mode[8], purpose[8], when[24], expect[48], ossl[16];
    char args[2048];
    char want[128];
    char out[1024];
    char bundle[64] = "";
    char *leaf_end;
    int rc;

    if (sscanf(line, "%63s %255s %127s %255s %7s %7s %23s %47s %15s", name, chain, anchors, crls,
               mode, purpose, when, expect, ossl) != 9) {
        print_error("malformed manifest line: %s", line);
        return -1;
    }
    leaf_end = strchr(chain, ',');
    if (leaf_end != NULL) {
        *leaf_end = 0;
    }
    if (strchr(anchors, ',') != NULL) {
        /* Several anchors (a CA bundle): --ca takes one file, so they go into one. */
        if (bundle_vectors(anchors, bundle) < 0) {
            return -1;
        }
        snprintf(args, sizeof(args), "--ca %s --purpose %s --time %s --crl-check %s", bundle,
                 purpose, when, mode);
    } else {
        snprintf(args, sizeof(args), "--ca crl/%s --purpose %s --time %s --crl-check %s",
                 anchors, purpose, when, mode);
    }
    if (leaf_end != NULL) {
        append_list(args, sizeof(args), "--untrusted", leaf_end + 1);
    }
    if (strcmp(crls, "-") != 0) {
        append_list(args, sizeof(args), "--crl", crls);
    }
    append_list(args, sizeof(args), "", chain);
    rc = run_verify(args, out, sizeof(out));
    if (bundle[0] != 0) {
        unlink(bundle);
    }
    if (strcmp(expect, "ok") == 0) {
        snprintf(want, sizeof(want), "OK\n");
    } else if (strncmp(expect, "load:", 5) == 0) {
        snprintf(want, sizeof(want), "error: %s: in ", expect + 5);
    } else {
        snprintf(want, sizeof(want), "error: %s at depth ", expect);
    }
    if (rc != (strcmp(expect, "ok") == 0 ? 0 : 1) || strncmp(out, want, strlen(want)) != 0) {
        print_error("case %s: exit %d, output %s(mutls verify %s)\n", name, rc, out, args);
        return -1;
    }
    return 0;
}

static void test_tool_verify_every_crl_manifest_case(void **state)
{
    TU_SKIP_WITHOUT_CRL();
    FILE *f;
    char line[1024];
    int cases = 0;
    int failures = 0;
    int rc;

    (void)state;
    if (!tool_present()) {
        skip();
    }
    f = fopen(tu_vector_path("x509/crl/manifest.txt"), "r");
    assert_non_null(f);
    while (fgets(line, sizeof(line), f) != NULL) {
        if (line[0] == '#' || line[0] == '\n') {
            continue;
        }
        rc = run_crl_case(line);
        cases += rc == 0;
        failures += rc < 0;
    }
    fclose(f);
    assert_true(cases >= 40);
    assert_int_equal(failures, 0);
}

/* The RFC 5280 §6.1.1 policy inputs on PKITS 4.10.1 (a CA requiring an explicit policy maps
 * NIST-test-policy-1 to -2; the leaf asserts -2) and 4.12.3 (anyPolicy below
 * inhibitAnyPolicy 1). */
static void test_tool_verify_policy_options(void **state)
{
    char out[1024];

    (void)state;
    TU_SKIP_WITHOUT_POLICY();
    if (!tool_present()) {
        skip();
    }
    assert_int_equal(run_verify("--ca pkits/ta.pem --time " TOOL_TIME " pkits/cases/4.10.1.pem",
                                out, sizeof(out)),
                     0);
    assert_int_equal(run_verify("--ca pkits/ta.pem --time " TOOL_TIME " --explicit-policy "
                                "--policy 2.16.840.1.101.3.2.1.48.1 pkits/cases/4.10.1.pem",
                                out, sizeof(out)),
                     0);
    assert_int_equal(run_verify("--ca pkits/ta.pem --time " TOOL_TIME
                                " --policy 2.16.840.1.101.3.2.1.48.2 pkits/cases/4.10.1.pem",
                                out, sizeof(out)),
                     1);
    assert_true(strncmp(out, "error: no_acceptable_policy at depth 0: certificate at depth 0 ", 63) ==
                0);
    assert_non_null(strstr(out, "required by policyConstraints of the certificate at depth 1 "
                                "(CN=Mapping 1to2 CA"));
    assert_int_equal(run_verify("--ca pkits/ta.pem --time " TOOL_TIME
                                " --inhibit-policy-mapping pkits/cases/4.10.1.pem",
                                out, sizeof(out)),
                     1);
    assert_non_null(strstr(out, "no_acceptable_policy at depth 0"));
    assert_int_equal(run_verify("--ca pkits/ta.pem --time " TOOL_TIME " pkits/cases/4.12.3.pem",
                                out, sizeof(out)),
                     0);
    assert_int_equal(run_verify("--ca pkits/ta.pem --time " TOOL_TIME
                                " --inhibit-any-policy pkits/cases/4.12.3.pem",
                                out, sizeof(out)),
                     1);
    assert_non_null(strstr(out, "no_acceptable_policy at depth 1: certificate at depth 1 "
                                "(CN=inhibitAnyPolicy1 subCA1"));
    /* Without any policyConstraints in the path, the configuration requires the policy. */
    assert_int_equal(run_verify("--ca pkits/ta.pem --time " TOOL_TIME
                                " --explicit-policy pkits/cases/4.8.2.pem",
                                out, sizeof(out)),
                     1);
    assert_non_null(strstr(out, "required by the configuration"));
    /* A policy that is not a dotted OID, and the 17th --policy, are usage errors. */
    assert_int_equal(run_verify("--ca pkits/ta.pem --policy 1.x pkits/cases/4.8.2.pem", out,
                                sizeof(out)),
                     2);
    assert_int_equal(run_verify("--ca pkits/ta.pem --policy 1.1 --policy 1.2 --policy 1.3 "
                                "--policy 1.4 --policy 1.5 --policy 1.6 --policy 1.7 --policy 1.8 "
                                "--policy 1.9 --policy 1.10 --policy 1.11 --policy 1.12 --policy "
                                "1.13 --policy 1.14 --policy 1.15 --policy 1.16 --policy 1.17 "
                                "pkits/cases/4.8.2.pem",
                                out, sizeof(out)),
                     2);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_tool_verify_valid_chain_prints_ok),
        cmocka_unit_test(test_tool_verify_refusal_prints_reason_and_depth),
        cmocka_unit_test(test_tool_verify_malformed_certificate_names_rule),
        cmocka_unit_test(test_tool_verify_usage_errors_exit_2),
        cmocka_unit_test(test_tool_verify_every_manifest_case),
        cmocka_unit_test(test_tool_verify_crl_revoked_prints_date_and_reason),
        cmocka_unit_test(test_tool_verify_crl_check_mode_decides_missing),
        cmocka_unit_test(test_tool_verify_crl_refused_or_unreadable),
        cmocka_unit_test(test_tool_verify_every_crl_manifest_case),
        cmocka_unit_test(test_tool_verify_policy_options),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
