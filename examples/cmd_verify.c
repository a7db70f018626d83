/* SPDX-License-Identifier: MIT */
/*
 * cmd_verify.c - `mutls verify`, a certificate chain check in the manner of `openssl verify`:
 *
 *   mutls verify --ca ROOTS.pem [--untrusted CHAIN.pem] [--crl CRL.pem]...
 *                [--crl-check all|leaf] [--purpose server|client]
 *                [--host NAME | --ip ADDRESS] [--time UNIX_SECONDS]
 *                [--policy OID]... [--explicit-policy] [--inhibit-policy-mapping]
 *                [--inhibit-any-policy] LEAF.pem
 *
 * Prints "OK" and exits 0 for a valid chain; prints "error: <reason> at depth <n>: <detail>"
 * and exits 1 otherwise (a CRL that mutls refuses to load is such a verdict too); exits 2 for
 * usage errors and unreadable files. Uses mutls.h and the tool's shared option parser.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "commands.h"
#include "mutls.h"
#include "tool.h"

const char cmd_verify_usage[] = "--ca ROOTS.pem [--untrusted CHAIN.pem] [--crl CRL.pem]... "
                                "[--crl-check all|leaf] [--purpose server|client] "
                                "[--host NAME | --ip ADDRESS] [--time UNIX_SECONDS] "
                                "[--policy OID]... [--explicit-policy] "
                                "[--inhibit-policy-mapping] [--inhibit-any-policy] LEAF.pem";


typedef struct verify_opts {
    const char *ca;
    const char *untrusted;
    const char *leaf;
    const char *host;
    const char *ip;
    mutls_purpose purpose;
    int64_t time;
    tool_crls crls;
    tool_policies policies;
} verify_opts;

static int usage_error(const char *msg, const char *arg)
{
    if (arg != NULL) {
        fprintf(stderr, "mutls verify: %s: %s\n", msg, arg);
    } else {
        fprintf(stderr, "mutls verify: %s\n", msg);
    }
    fprintf(stderr, "usage: mutls verify %s\n", cmd_verify_usage);
    return TOOL_USAGE;
}

static int parse_time(const char *s, int64_t *out)
{
    char *end = NULL;
    long long v;

    errno = 0;
    v = strtoll(s, &end, 10);
    if (errno != 0 || end == s || *end != 0) {
        return -1;
    }
    *out = (int64_t)v;
    return 0;
}

static int valid_ip(const char *s)
{
    unsigned char buf[16];

    return inet_pton(AF_INET, s, buf) == 1 || inet_pton(AF_INET6, s, buf) == 1;
}

/* 0, or the exit code of a usage error (already printed). */
static int parse_args(int argc, char **argv, verify_opts *o)
{
    int i;

    memset(o, 0, sizeof(*o));
    o->purpose = MUTLS_PURPOSE_SERVER;
    o->time = MUTLS_TIME_NOW;
    for (i = 1; i < argc; i++) {
        const char *a = argv[i];
        const char *v = i + 1 < argc ? argv[i + 1] : NULL;
        int takes = strcmp(a, "--ca") == 0 || strcmp(a, "--untrusted") == 0 ||
                    strcmp(a, "--purpose") == 0 || strcmp(a, "--host") == 0 ||
                    strcmp(a, "--ip") == 0 || strcmp(a, "--time") == 0;

        /* the options shared with server and client: revocation, then policies */
        int shared = tool_crl_option(&o->crls, argc, argv, &i);

        if (shared == 0) {
            shared = tool_policy_option(&o->policies, argc, argv, &i);
        }
        if (shared < 0) {
            fprintf(stderr, "usage: mutls verify %s\n", cmd_verify_usage);
            return TOOL_USAGE;
        }
        if (shared > 0) {
            continue;
        }
        if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
            printf("usage: mutls verify %s\n", cmd_verify_usage);
            tool_crl_help(stdout, "leaf");
            tool_policy_help(stdout);
            return -1;
        }
        if (takes && v == NULL) {
            return usage_error("option needs a value", a);
        }
        if (strcmp(a, "--ca") == 0) {
            o->ca = v;
        } else if (strcmp(a, "--untrusted") == 0) {
            o->untrusted = v;

        } else if (strcmp(a, "--host") == 0) {
            o->host = v;
        } else if (strcmp(a, "--ip") == 0) {
            if (!valid_ip(v)) {
                return usage_error("not an IPv4 or IPv6 address", v);
            }
            o->ip = v;
        } else if (strcmp(a, "--purpose") == 0) {
            if (strcmp(v, "server") == 0) {
                o->purpose = MUTLS_PURPOSE_SERVER;
            } else if (strcmp(v, "client") == 0) {
                o->purpose = MUTLS_PURPOSE_CLIENT;
            } else {
                return usage_error("--purpose must be server or client", v);
            }
        } else if (strcmp(a, "--time") == 0) {
            if (parse_time(v, &o->time) != 0 || o->time == MUTLS_TIME_NOW) {
                return usage_error("--time needs unix seconds", v);
            }
        } else if (a[0] == '-' && a[1] != 0) {
            return usage_error("unknown option", a);
        } else if (o->leaf != NULL) {
            return usage_error("only one leaf certificate file may be given", a);
        } else {
            o->leaf = a;
            continue;
        }
        i++;
    }
    if (o->ca == NULL) {
        return usage_error("--ca is required", NULL);
    }
    if (o->leaf == NULL) {
        return usage_error("no leaf certificate file given", NULL);
    }
    if (o->host != NULL && o->ip != NULL) {
        return usage_error("give --host or --ip, not both", NULL);
    }
    return 0;
}

/* Load @p path into @p set with @p add (certificates or CRLs); 0, or an exit code after
 * printing why. A file that cannot be read is a usage problem (2); one that holds a malformed
 * certificate, or a CRL mutls refuses, is a verdict (1). */
static int load(mutls_certs *set, const char *path, const char *what, int leaf,
                int (*add)(mutls_certs *set, const char *path))
{
    int rc = add(set, path);

    if (rc == 0) {
        return 0;
    }
    /* The load detail names which certificate of the file and the rule it breaks. */
    if (rc == MUTLS_ERR_X509_MALFORMED && leaf) {
        printf("error: %s at depth 0: in %s, %s\n", mutls_strerror(rc), path,
               mutls_certs_load_detail(set));
        return TOOL_FAILED;
    }
    if (rc == MUTLS_ERR_X509_MALFORMED) {
        printf("error: %s: in %s (%s), %s\n", mutls_strerror(rc), path, what,
               mutls_certs_load_detail(set));
        return TOOL_FAILED;
    }
    if (rc == MUTLS_ERR_X509_CRL_MALFORMED || rc == MUTLS_ERR_X509_CRL_UNSUPPORTED) {
        printf("error: %s: in %s, %s\n", mutls_strerror(rc), path, mutls_certs_load_detail(set));
        return TOOL_FAILED;
    }
    /* An unreadable or broken file: the load detail says where, when there is one. */
    fprintf(stderr, "mutls verify: cannot load %s %s: %s (%s)\n", what, path,
            mutls_certs_load_detail(set)[0] != '\0' ? mutls_certs_load_detail(set)
                                                     : mutls_error_text(rc),
            mutls_strerror(rc));
    return TOOL_USAGE;
}

int cmd_verify(int argc, char **argv)
{
    verify_opts o;
    mutls_certs *chain = NULL;
    mutls_certs *anchors = NULL;
    char detail[512];
    int depth = -1;
    int code;
    int rc;

    code = parse_args(argc, argv, &o);
    if (code != 0) {
        return code < 0 ? TOOL_OK : code;
    }
    if (mutls_certs_new(&chain) != 0 || mutls_certs_new(&anchors) != 0) {
        fprintf(stderr, "mutls verify: out of memory\n");
        code = TOOL_USAGE;
        goto out;
    }
    code = load(anchors, o.ca, "trust anchors", 0, mutls_certs_add_file);
    for (int i = 0; code == 0 && i < o.crls.n; i++) {
        code = load(anchors, o.crls.files[i], "CRL file", 0, mutls_certs_add_crl_file);
    }
    if (code == 0 && mutls_certs_set_crl_check(anchors, o.crls.check) != 0) {
        code = TOOL_USAGE;
    }
    if (code == 0 && (rc = mutls_certs_set_policies(anchors, o.policies.oids,
                                                    (size_t)o.policies.n, o.policies.flags)) != 0) {
        if (rc == MUTLS_ERR_NOT_BUILT) {
            fprintf(stderr, "mutls verify: the policy options need certificate policy "
                            "processing, which this build of mutls leaves out "
                            "(-DMUTLS_X509_POLICY=OFF)\n");
            code = TOOL_USAGE;
        }
        /* name the OID that is not one */
        for (int i = 0; i < o.policies.n && code == 0; i++) {
            if (mutls_certs_set_policies(anchors, &o.policies.oids[i], 1, 0) != 0) {
                code = usage_error("--policy needs a dotted OID such as 2.5.29.32.0",
                                   o.policies.oids[i]);
            }
        }
        code = code != 0 ? code : TOOL_USAGE;
    }
    if (code == 0) {
        code = load(chain, o.leaf, "leaf certificate", 1, mutls_certs_add_file);
    }
    if (code == 0 && o.untrusted != NULL) {
        code = load(chain, o.untrusted, "untrusted certificates", 0, mutls_certs_add_file);
    }
    if (code != 0) {
        goto out;
    }
    rc = mutls_verify_certs(chain, anchors, o.purpose, o.host, o.ip, o.time, &depth, detail,
                            sizeof(detail));
    if (rc == 0) {
        printf("OK\n");
        code = TOOL_OK;
    } else if (depth >= 0) {
        printf("error: %s at depth %d: %s\n", mutls_strerror(rc), depth, detail);
        code = TOOL_FAILED;
    } else {
        printf("error: %s: %s\n", mutls_strerror(rc),
               detail[0] != 0 ? detail : mutls_error_text(rc));
        code = TOOL_FAILED;
    }
out:
    mutls_certs_free(chain);
    mutls_certs_free(anchors);
    return code;
}
