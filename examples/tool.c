/* SPDX-License-Identifier: MIT */
/* tool.c - see tool.h. */
#include "tool.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

const char *tool_pki_dir(void)
{
    const char *env = getenv("MUTLS_PKI_DIR");

    return env != NULL && *env != 0 ? env : MUTLS_PKI_DIR;
}

const char *tool_pki(const char *name)
{
    static char bufs[16][1024];
    static int next;
    char *b = bufs[next++ % 16];

    snprintf(b, sizeof(bufs[0]), "%s/%s", tool_pki_dir(), name);
    return b;
}

int tool_readable(const char *path)
{
    return path != NULL && access(path, R_OK) == 0;
}

static int take(int argc, char **argv, int *i, const char **dst)
{
    if (*i + 1 >= argc) {
        fprintf(stderr, "mutls: %s needs a value\n", argv[*i]);
        return -1;
    }
    *dst = argv[++*i];
    return 1;
}

/* An option whose value is one of @p names (NULL-terminated): *out = the matching entry of
 * @p values. 1, or -1 after saying what the option takes. */
static int take_choice(int argc, char **argv, int *i, const char *const names[], const int values[],
                       int *out)
{
    const char *opt = argv[*i];
    const char *v = NULL;
    int k;

    if (take(argc, argv, i, &v) < 0) {
        return -1;
    }
    for (k = 0; names[k] != NULL; k++) {
        if (strcmp(v, names[k]) == 0) {
            *out = values[k];
            return 1;
        }
    }
    fprintf(stderr, "mutls: %s takes", opt);
    for (k = 0; names[k] != NULL; k++) {
        fprintf(stderr, "%s %s", k == 0 ? "" : names[k + 1] == NULL ? " or" : ",", names[k]);
    }
    fprintf(stderr, "\n");
    return -1;
}

void tool_crl_help(FILE *out, const char *peer)
{
    fprintf(out,
            "  --crl F loads certificate revocation lists (PEM or DER; repeatable) for the\n"
            "  trust anchors: then every certificate of the %s's chain below the anchor\n"
            "  needs a current CRL from its issuer, and a revoked one is refused.\n"
            "  --crl-check leaf checks only the %s's own certificate.\n",
            peer, peer);
}

int tool_crl_option(tool_crls *c, int argc, char **argv, int *i)
{
    const char *a = argv[*i];

    if (strcmp(a, "--crl") == 0) {
        if (c->n == TOOL_MAX_CRLS) {
            fprintf(stderr, "mutls: at most %d --crl files\n", TOOL_MAX_CRLS);
            return -1;
        }
        return take(argc, argv, i, &c->files[c->n++]);
    }
    if (strcmp(a, "--crl-check") == 0) {
        static const char *const names[] = {"all", "leaf", NULL};
        static const int modes[] = {MUTLS_CRL_CHECK_ALL, MUTLS_CRL_CHECK_LEAF};
        return take_choice(argc, argv, i, names, modes, &c->check);
    }
    return 0;
}

void tool_policy_help(FILE *out)
{
    fprintf(out,
            "  --policy OID              a certificate policy the peer's path must be valid for\n"
            "                            (dotted OID, repeatable, at most %d; none = anyPolicy)\n"
            "  --explicit-policy         require a valid policy (initial-explicit-policy)\n"
            "  --inhibit-policy-mapping  refuse policy mappings (initial-policy-mapping-inhibit)\n"
            "  --inhibit-any-policy      anyPolicy in a certificate matches nothing\n",
            TOOL_MAX_POLICIES);
}

int tool_policy_option(tool_policies *p, int argc, char **argv, int *i)
{
    static const char *const flags[] = {"--explicit-policy", "--inhibit-policy-mapping",
                                        "--inhibit-any-policy"};
    static const unsigned bits[] = {MUTLS_POLICY_EXPLICIT, MUTLS_POLICY_INHIBIT_MAPPING,
                                    MUTLS_POLICY_INHIBIT_ANY};
    const char *a = argv[*i];

    for (size_t k = 0; k < sizeof(flags) / sizeof(flags[0]); k++) {
        if (strcmp(a, flags[k]) == 0) {
            p->flags |= bits[k];
            return 1;
        }
    }
    if (strcmp(a, "--policy") == 0) {
        if (p->n == TOOL_MAX_POLICIES) {
            fprintf(stderr, "mutls: at most %d --policy options\n", TOOL_MAX_POLICIES);
            return -1;
        }
        return take(argc, argv, i, &p->oids[p->n++]);
    }
    return 0;
}

int tool_common_option(tool_opts *o, int argc, char **argv, int *i)
{
    const char *a = argv[*i];
    int rc = tool_crl_option(&o->crls, argc, argv, i);

    if (rc == 0) {
        rc = tool_policy_option(&o->policies, argc, argv, i);
    }
    if (rc != 0) {
        return rc;
    }

    if (strcmp(a, "--cert") == 0 || strcmp(a, "--key") == 0) {
        int cert = a[2] == 'c';
        const char **first = cert ? &o->cert : &o->key;
        int *n = cert ? &o->n_extra_certs : &o->n_extra_keys;

        if (*first == NULL) {
            return take(argc, argv, i, first);
        }
        if (*n == TOOL_MAX_EXTRA_IDS) {
            fprintf(stderr, "mutls: at most %d %s options\n", TOOL_MAX_EXTRA_IDS + 1, a);
            return -1;
        }
        return take(argc, argv, i, cert ? &o->extra_certs[(*n)++] : &o->extra_keys[(*n)++]);
    }
    if (strcmp(a, "--pass") == 0) {
        return take(argc, argv, i, &o->pass);
    }
    if (strcmp(a, "--ca") == 0) {
        return take(argc, argv, i, &o->ca);
    }
    if (strcmp(a, "--suites") == 0 || strcmp(a, "--suite") == 0) {
        return take(argc, argv, i, &o->suites);
    }
    if (strcmp(a, "--keylog") == 0) {
        return take(argc, argv, i, &o->keylog);
    }
    if (strcmp(a, "--alpn") == 0) {
        return take(argc, argv, i, &o->alpn);
    }
    if (strcmp(a, "--record-limit") == 0) {
        return take(argc, argv, i, &o->record_limit);
    }
    if (strcmp(a, "--export") == 0) {
        return take(argc, argv, i, &o->export_spec);
    }
    if (strcmp(a, "--insecure") == 0) {
        o->insecure = 1;
        return 1;
    }
    if (strcmp(a, "--quiet") == 0) {
        o->quiet = 1;
        return 1;
    }
    if (strcmp(a, "--ems") == 0) {
        static const char *const names[] = {"required", "optional", NULL};
        static const int optional[] = {0, 1};
        return take_choice(argc, argv, i, names, optional, &o->ems_optional);
    }
    if (strcmp(a, "--client-auth") == 0) {
        static const char *const names[] = {"required", "optional", "none", NULL};
        static const int modes[] = {MUTLS_CLIENT_AUTH_REQUIRED, MUTLS_CLIENT_AUTH_OPTIONAL,
                                    MUTLS_CLIENT_AUTH_NONE};
        return take_choice(argc, argv, i, names, modes, &o->client_auth);
    }
    return 0;
}

static FILE *keylog_file;
static pthread_mutex_t keylog_lock = PTHREAD_MUTEX_INITIALIZER;

static void keylog_line(void *ctx, const char *line)
{
    (void)ctx;
    pthread_mutex_lock(&keylog_lock);
    if (keylog_file != NULL) {
        fprintf(keylog_file, "%s\n", line);
        fflush(keylog_file);
    }
    pthread_mutex_unlock(&keylog_lock);
}

void tool_keylog(mutls_config *cfg, const tool_opts *o)
{
    const char *path = o->keylog != NULL ? o->keylog : getenv("SSLKEYLOGFILE");

    if (path == NULL || *path == 0) {
        return;
    }
    pthread_mutex_lock(&keylog_lock);
    if (keylog_file == NULL) {
        keylog_file = fopen(path, "a");
        if (keylog_file == NULL) {
            fprintf(stderr, "mutls: cannot open key log file %s\n", path);
        }
    }
    pthread_mutex_unlock(&keylog_lock);
    if (keylog_file != NULL) {
        mutls_config_set_keylog(cfg, keylog_line, NULL);
    }
}

static int config_fail(mutls_config *cfg, const char *what, const char *path, int rc)
{
    /* Trust anchors, CRLs and an identity's chain name the item and the rule. */
    const char *detail = mutls_config_load_detail(cfg);

    fprintf(stderr, "mutls: cannot use %s %s: %s (%s)\n", what, path,
            detail[0] != '\0' ? detail : mutls_error_text(rc), mutls_strerror(rc));
    if (rc == MUTLS_ERR_KEY_NEEDS_PASSWORD) {
        fprintf(stderr, "hint: the key is encrypted: pass --pass PASSWORD\n");
    } else if (rc == MUTLS_ERR_KEY_MISMATCH) {
        fprintf(stderr, "hint: --key must be the private key of the first certificate in --cert\n");
    }
    mutls_config_free(cfg);
    return 0;
}

mutls_config *tool_config(mutls_role role, const tool_opts *o)
{
    mutls_config *cfg = NULL;
    int rc = mutls_config_new(&cfg, role);

    if (rc != 0) {
        fprintf(stderr, "mutls: cannot create a configuration: %s\n", mutls_error_text(rc));
        return NULL;
    }
    if ((o->cert == NULL) != (o->key == NULL) || o->n_extra_certs != o->n_extra_keys) {
        fprintf(stderr, "mutls: --cert and --key go together\n");
        mutls_config_free(cfg);
        return NULL;
    }
    for (int k = -1; o->cert != NULL && k < o->n_extra_certs; k++) {
        const char *cert = k < 0 ? o->cert : o->extra_certs[k];

        const char *key = k < 0 ? o->key : o->extra_keys[k];

        rc = mutls_config_add_identity_file(cfg, cert, key, o->pass);
        if (rc != 0) {
            char what[512];

            /* The detail says whether the certificate or the key was refused. */
            (void)snprintf(what, sizeof(what), "certificate %s with key", cert);
            config_fail(cfg, what, key, rc);
            return NULL;
        }
    }
    if (o->ca != NULL) {
        rc = mutls_config_add_trust_file(cfg, o->ca);
        if (rc != 0) {
            config_fail(cfg, "trust anchors", o->ca, rc);
            return NULL;
        }
    }
    for (int i = 0; i < o->crls.n; i++) {
        rc = mutls_config_add_crl_file(cfg, o->crls.files[i]);
        if (rc != 0) {
            config_fail(cfg, "CRL file", o->crls.files[i], rc);
            return NULL;
        }
    }
    if (o->export_spec != NULL && mutls_config_set_exporter(cfg, 1) != 0) {
        mutls_config_free(cfg);
        return NULL;
    }
    if ((rc = mutls_config_set_crl_check(cfg, o->crls.check)) != 0) {
        mutls_config_free(cfg);
        return NULL;
    }
    if ((o->policies.n > 0 || o->policies.flags != 0) &&
        (rc = mutls_config_set_policies(cfg, o->policies.oids, (size_t)o->policies.n,
                                        o->policies.flags)) != 0) {
        if (rc == MUTLS_ERR_NOT_BUILT) {
            fprintf(stderr, "mutls: the policy options need certificate policy "
                            "processing, which this build of mutls leaves out "
                            "(-DMUTLS_X509_POLICY=OFF)\n");
        } else {
            fprintf(stderr, "mutls: --policy needs dotted OIDs such as 2.5.29.32.0\n");
        }
        mutls_config_free(cfg);
        return NULL;
    }
    if (o->suites != NULL && (rc = mutls_config_set_suites(cfg, o->suites)) != 0) {
        fprintf(stderr, "mutls: --suites %s: %s\n", o->suites, mutls_error_text(rc));
        mutls_config_free(cfg);
        return NULL;
    }
    if (o->alpn != NULL && (rc = mutls_config_set_alpn(cfg, o->alpn)) != 0) {
        fprintf(stderr, "mutls: --alpn %s: %s\n", o->alpn, mutls_error_text(rc));
        mutls_config_free(cfg);
        return NULL;
    }
    if (o->record_limit != NULL) {
        char *end = NULL;
        unsigned long n = strtoul(o->record_limit, &end, 10);
        rc = end == o->record_limit || *end != 0 ? MUTLS_ERR_BAD_ARGUMENT
                                                 : mutls_config_set_record_limit(cfg, (size_t)n);
        if (rc != 0) {
            fprintf(stderr, "mutls: --record-limit %s: takes 64..16384 bytes\n", o->record_limit);
            mutls_config_free(cfg);
            return NULL;
        }
    }
    /* --ems optional: also talk to peers without the extended master secret (RFC 7627 §5.2
     * and §5.3 leave the choice to each side), e.g. a conformance run that sends none. */
    if (o->ems_optional && (rc = mutls_config_set_require_ems(cfg, 0)) != 0) {
        mutls_config_free(cfg);
        return NULL;
    }
    if (role == MUTLS_ROLE_SERVER && o->client_auth >= 0) {
        rc = mutls_config_set_client_auth(cfg, (mutls_client_auth)o->client_auth);
        if (rc != 0) {
            mutls_config_free(cfg);
            return NULL;
        }
    }
    if (o->insecure) {
        fprintf(stderr, "mutls: WARNING: --insecure: the peer's certificate is NOT verified\n");
        rc = mutls_config_disable_peer_verification_INSECURE(cfg);
        if (rc != 0) {
            mutls_config_free(cfg);
            return NULL;
        }
    }
    tool_keylog(cfg, o);
    return cfg;
}

static pthread_mutex_t trace_lock = PTHREAD_MUTEX_INITIALIZER;

void tool_trace_sent(void *ctx, const mutls_trace_msg *m)
{
    FILE *out = ctx != NULL ? (FILE *)ctx : stdout;
    char step[16];

    if (!m->sent) {
        return;
    }
    if (m->step > 0) {
        snprintf(step, sizeof(step), "%2d", m->step);
    } else {
        snprintf(step, sizeof(step), " -");
    }
    pthread_mutex_lock(&trace_lock);
    fprintf(out, "  %s  %-6s -> %-6s  %-20s %5zu bytes\n", step, m->from,
            strcmp(m->from, "client") == 0 ? "server" : "client", m->name, m->len);
    fflush(out);
    pthread_mutex_unlock(&trace_lock);
}

static void print_time(FILE *out, int64_t t)
{
    time_t tt = (time_t)t;
    struct tm tm;
    char buf[64];

    if (gmtime_r(&tt, &tm) != NULL && strftime(buf, sizeof(buf), "%Y-%m-%d %H:%M:%S UTC", &tm)) {
        fputs(buf, out);
    } else {
        fprintf(out, "%lld", (long long)t);
    }
}

void tool_print_peer(FILE *out, const mutls_conn *conn, const char *peer_role)
{
    int64_t nb = 0;
    int64_t na = 0;
    size_t i;

    if (mutls_peer_cert_count(conn) == 0) {
        fprintf(out, "  %s: no certificate\n", peer_role);
        return;
    }
    fprintf(out, "  %s certificate (verified):\n", peer_role);
    fprintf(out, "    subject:  %s\n", mutls_peer_subject(conn));
    fprintf(out, "    issuer:   %s\n", mutls_peer_issuer(conn));
    if (mutls_peer_validity(conn, &nb, &na) == 0) {
        fprintf(out, "    validity: ");
        print_time(out, nb);
        fprintf(out, " .. ");
        print_time(out, na);
        fprintf(out, "\n");
    }
    for (i = 0; i < mutls_peer_san_count(conn); i++) {
        fprintf(out, "    %s %s\n", i == 0 ? "names:   " : "         ", mutls_peer_san(conn, i));
    }
}

int tool_print_export(FILE *out, const mutls_conn *conn, const char *spec)
{
    char label[256];
    uint8_t km[1024];
    size_t len = 32;
    const char *colon = strrchr(spec, ':');
    size_t label_len = colon != NULL ? (size_t)(colon - spec) : strlen(spec);
    int rc;

    if (colon != NULL) {
        char *end = NULL;
        unsigned long n = strtoul(colon + 1, &end, 10);

        if (end == colon + 1 || *end != '\0' || n == 0 || n > sizeof(km)) {
            fprintf(stderr, "mutls: --export %s: the length is 1..%zu bytes\n", spec, sizeof(km));
            return -1;
        }
        len = n;
    }
    if (label_len >= sizeof(label)) {
        fprintf(stderr, "mutls: --export: label too long\n");
        return -1;
    }
    memcpy(label, spec, label_len);
    label[label_len] = '\0';
    rc = mutls_export_keying_material(conn, label, NULL, 0, km, len);
    if (rc != 0) {
        fprintf(stderr, "mutls: --export %s: %s (%s)\n", spec, mutls_error_text(rc),
                mutls_strerror(rc));
        return -1;
    }
    fprintf(out, "keying material (RFC 5705, label \"%s\", %zu bytes): ", label, len);
    for (size_t i = 0; i < len; i++) {
        fprintf(out, "%02X", km[i]);
    }
    fprintf(out, "\n");
    return 0;
}

void tool_print_records(FILE *out, const mutls_conn *conn)
{
    size_t send = mutls_get_record_limit(conn, 1);
    size_t recv = mutls_get_record_limit(conn, 0);

    if (send < 16384 || recv < 16384) {
        fprintf(out, "  records: we send at most %zu plaintext bytes each, accept at most %zu\n",
                send, recv);
    }
}

/* The hint for a failure code, where one helps. */
static const struct {
    int code;
    const char *hint;
} hints[] = {
    {MUTLS_ERR_X509_UNKNOWN_ISSUER, "the peer's certificate is not signed by a CA given with --ca"},
    {MUTLS_ERR_X509_NAME_MISMATCH, "the server's certificate does not name the host you "
                                   "connected to: check --host or pass --servername"},
    {MUTLS_ERR_NO_CLIENT_CERTIFICATE, "the client sent no certificate; start the client with "
                                      "--cert and --key, or the server with --client-auth "
                                      "optional"},
    {MUTLS_ERR_X509_EXPIRED, "check the certificate dates and this machine's clock"},
    {MUTLS_ERR_X509_NOT_YET_VALID, "check the certificate dates and this machine's clock"},
    {MUTLS_ERR_X509_CRL_MISSING, "with --crl, every certificate below the trust anchor needs a "
                                 "CRL from its issuer: add that CA's CRL with --crl, or pass "
                                 "--crl-check leaf"},
    {MUTLS_ERR_X509_CRL_EXPIRED, "fetch a current CRL from its issuer (it is past its "
                                 "nextUpdate or not valid yet), and check this machine's clock"},
};

void tool_print_failure(const char *side, const mutls_conn *conn, int rc, int have_identity)
{
    const char *detail = conn != NULL ? mutls_error_detail(conn) : "";
    size_t i;

    if (detail == NULL || *detail == 0) {
        detail = mutls_error_text(rc);
    }
    fprintf(stderr, "mutls %s: %s (%s)\n", side, detail, mutls_strerror(rc));
    if (conn == NULL) {
        return;
    }
    if (strcmp(side, "client") == 0 && mutls_client_cert_requested(conn) && !have_identity) {
        size_t n = mutls_cert_request_ca_count(conn);
        if (n > 0) {
            fprintf(stderr,
                    "hint: the server asked for a client certificate signed by %s but none was "
                    "configured: pass --cert and --key\n",
                    mutls_cert_request_ca(conn, 0));
        } else {
            fprintf(stderr, "hint: the server asked for a client certificate but none was "
                            "configured: pass --cert and --key\n");
        }
        return;
    }
    for (i = 0; i < sizeof(hints) / sizeof(hints[0]); i++) {
        if (hints[i].code == rc) {
            fprintf(stderr, "hint: %s\n", hints[i].hint);
        }
    }
}
