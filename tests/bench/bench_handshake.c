/* SPDX-License-Identifier: MIT */
/*
 * bench_handshake.c - full mutual-authentication handshakes in process (client and server
 * over a socketpair, one thread), per cipher suite: handshakes per second, and the share of
 * the time spent in public-key operations, measured in the same run.
 *
 * The public-key operations are timed where the handshake calls them: the link replaces
 * each crypto.h public-key function with a wrapper (ld --wrap, see tests/CMakeLists.txt)
 * that times the real call. Nested calls are counted once. Everything else (record layer,
 * hashing, PRF, parsing, X.509 structure checks, allocation, I/O) is "outside"; the target
 * is that it stays under 10% of a handshake.
 *
 * Usage: bench_handshake [handshakes per suite, default 40]
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "crypto.h"
#include "mutls.h"

/* ------------------------------------------------------------ timing wrappers */

static double pk_seconds;
static unsigned long pk_calls;
static int pk_depth;

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

#define TIMED(call)                                                                                \
    do {                                                                                           \
        double t0_ = now();                                                                        \
        pk_depth++;                                                                                \
        rc = (call);                                                                               \
        pk_depth--;                                                                                \
        if (pk_depth == 0) {                                                                       \
            pk_seconds += now() - t0_;                                                             \
            pk_calls++;                                                                            \
        }                                                                                          \
    } while (0)

/* The real functions, reached through ld's --wrap. */
int __real_mutls_pkey_sign(const mutls_pkey *k, mutls_rng *rng, mutls_sig_kind kind,
                           mutls_hash_alg hash, const uint8_t *digest, size_t digest_len,
                           uint8_t *sig, size_t *sig_len);
int __real_mutls_pkey_verify(const mutls_pkey *k, mutls_sig_kind kind, mutls_hash_alg hash,
                             size_t pss_salt, const uint8_t *digest, size_t digest_len,
                             const uint8_t *sig, size_t sig_len);
int __real_mutls_rsa_encrypt(const mutls_pkey *k, mutls_rng *rng, const uint8_t *in,
                             size_t in_len, uint8_t *out, size_t *out_len);
int __real_mutls_rsa_decrypt_premaster(const mutls_pkey *k, mutls_rng *rng, const uint8_t *in,
                                       size_t in_len, uint16_t client_version,
                                       const uint8_t random48[48], uint8_t premaster[48]);
int __real_mutls_ecdh_keygen(mutls_pkey **out, mutls_curve curve, mutls_rng *rng, uint8_t *pub,
                             size_t *pub_len);
int __real_mutls_ecdh_shared(const mutls_pkey *ours, mutls_slice peer_point, uint8_t *secret,
                             size_t *secret_len);
int __real_mutls_pkey_ec_public(mutls_pkey **out, mutls_curve curve, mutls_slice point);
int __real_mutls_pkey_rsa_public(mutls_pkey **out, mutls_slice n, mutls_slice e);

int __wrap_mutls_pkey_sign(const mutls_pkey *k, mutls_rng *rng, mutls_sig_kind kind,
                           mutls_hash_alg hash, const uint8_t *digest, size_t digest_len,
                           uint8_t *sig, size_t *sig_len);
int __wrap_mutls_pkey_verify(const mutls_pkey *k, mutls_sig_kind kind, mutls_hash_alg hash,
                             size_t pss_salt, const uint8_t *digest, size_t digest_len,
                             const uint8_t *sig, size_t sig_len);
int __wrap_mutls_rsa_encrypt(const mutls_pkey *k, mutls_rng *rng, const uint8_t *in,
                             size_t in_len, uint8_t *out, size_t *out_len);
int __wrap_mutls_rsa_decrypt_premaster(const mutls_pkey *k, mutls_rng *rng, const uint8_t *in,
                                       size_t in_len, uint16_t client_version,
                                       const uint8_t random48[48], uint8_t premaster[48]);
int __wrap_mutls_ecdh_keygen(mutls_pkey **out, mutls_curve curve, mutls_rng *rng, uint8_t *pub,
                             size_t *pub_len);
int __wrap_mutls_ecdh_shared(const mutls_pkey *ours, mutls_slice peer_point, uint8_t *secret,
                             size_t *secret_len);
int __wrap_mutls_pkey_ec_public(mutls_pkey **out, mutls_curve curve, mutls_slice point);
int __wrap_mutls_pkey_rsa_public(mutls_pkey **out, mutls_slice n, mutls_slice e);

int __wrap_mutls_pkey_sign(const mutls_pkey *k, mutls_rng *rng, mutls_sig_kind kind,
                           mutls_hash_alg hash, const uint8_t *digest, size_t digest_len,
                           uint8_t *sig, size_t *sig_len)
{
    int rc;
    TIMED(__real_mutls_pkey_sign(k, rng, kind, hash, digest, digest_len, sig, sig_len));
    return rc;
}

int __wrap_mutls_pkey_verify(const mutls_pkey *k, mutls_sig_kind kind, mutls_hash_alg hash,
                             size_t pss_salt, const uint8_t *digest, size_t digest_len,
                             const uint8_t *sig, size_t sig_len)
{
    int rc;
    TIMED(__real_mutls_pkey_verify(k, kind, hash, pss_salt, digest, digest_len, sig, sig_len));
    return rc;
}

int __wrap_mutls_rsa_encrypt(const mutls_pkey *k, mutls_rng *rng, const uint8_t *in,
                             size_t in_len, uint8_t *out, size_t *out_len)
{
    int rc;
    TIMED(__real_mutls_rsa_encrypt(k, rng, in, in_len, out, out_len));
    return rc;
}

int __wrap_mutls_rsa_decrypt_premaster(const mutls_pkey *k, mutls_rng *rng, const uint8_t *in,
                                       size_t in_len, uint16_t client_version,
                                       const uint8_t random48[48], uint8_t premaster[48])
{
    int rc;
    TIMED(__real_mutls_rsa_decrypt_premaster(k, rng, in, in_len, client_version, random48,
                                             premaster));
    return rc;
}

int __wrap_mutls_ecdh_keygen(mutls_pkey **out, mutls_curve curve, mutls_rng *rng, uint8_t *pub,
                             size_t *pub_len)
{
    int rc;
    TIMED(__real_mutls_ecdh_keygen(out, curve, rng, pub, pub_len));
    return rc;
}

int __wrap_mutls_ecdh_shared(const mutls_pkey *ours, mutls_slice peer_point, uint8_t *secret,
                             size_t *secret_len)
{
    int rc;
    TIMED(__real_mutls_ecdh_shared(ours, peer_point, secret, secret_len));
    return rc;
}

int __wrap_mutls_pkey_ec_public(mutls_pkey **out, mutls_curve curve, mutls_slice point)
{
    int rc;
    TIMED(__real_mutls_pkey_ec_public(out, curve, point));
    return rc;
}

int __wrap_mutls_pkey_rsa_public(mutls_pkey **out, mutls_slice n, mutls_slice e)
{
    int rc;
    TIMED(__real_mutls_pkey_rsa_public(out, n, e));
    return rc;
}

/* ------------------------------------------------------------ handshakes */

static mutls_config *config(mutls_role role, const char *id, const char *id2)
{
    mutls_config *cfg = NULL;
    char chain[512], key[512];

    if (mutls_config_new(&cfg, role) != 0) {
        exit(1);
    }
    for (int i = 0; i < 2; i++) {
        const char *name = i == 0 ? id : id2;
        if (name == NULL) {
            continue;
        }
        snprintf(chain, sizeof(chain), "%s/pki/%s.pem", MUTLS_VECTORS_DIR, name);
        snprintf(key, sizeof(key), "%s/pki/%s.key", MUTLS_VECTORS_DIR, name);
        if (mutls_config_add_identity_file(cfg, chain, key, NULL) != 0) {
            fprintf(stderr, "cannot load %s\n", name);
            exit(1);
        }
    }
    snprintf(chain, sizeof(chain), "%s/pki/cas.pem", MUTLS_VECTORS_DIR);
    if (mutls_config_add_trust_file(cfg, chain) != 0) {
        exit(1);
    }
    return cfg;
}

static int one_handshake(const mutls_config *cli, const mutls_config *srv)
{
    mutls_conn *c = NULL, *s = NULL;
    int fd[2], rc_c = MUTLS_WANT_READ, rc_s = MUTLS_WANT_READ;

    if (socketpair(AF_UNIX, SOCK_STREAM, 0, fd) != 0) {
        return -1;
    }
    fcntl(fd[0], F_SETFL, O_NONBLOCK);
    fcntl(fd[1], F_SETFL, O_NONBLOCK);
    if (mutls_conn_new(&c, cli) != 0 || mutls_conn_new(&s, srv) != 0 ||
        mutls_set_fd(c, fd[0]) != 0 || mutls_set_fd(s, fd[1]) != 0 ||
        mutls_set_hostname(c, "localhost") != 0) {
        return -1;
    }
    for (int i = 0; i < 100 && (rc_c != 0 || rc_s != 0); i++) {
        if (rc_c != 0) {
            rc_c = mutls_handshake(c);
        }
        if (rc_s != 0) {
            rc_s = mutls_handshake(s);
        }
        if ((rc_c < 0 && rc_c != MUTLS_WANT_READ && rc_c != MUTLS_WANT_WRITE) ||
            (rc_s < 0 && rc_s != MUTLS_WANT_READ && rc_s != MUTLS_WANT_WRITE)) {
            fprintf(stderr, "handshake failed: %s / %s\n", mutls_error_detail(c),
                    mutls_error_detail(s));
            break;
        }
    }
    mutls_free(c);
    mutls_free(s);
    close(fd[0]);
    close(fd[1]);
    return rc_c == 0 && rc_s == 0 ? 0 : -1;
}

int main(int argc, char **argv)
{
    static const struct {
        const char *suite;
        const char *client_id;
    } cases[] = {
        {"ECDHE-ECDSA-AES128-GCM-SHA256", "client-ec"},
        {"ECDHE-ECDSA-CHACHA20-POLY1305", "client-ec"},
        {"ECDHE-RSA-AES128-GCM-SHA256", "client"},
        {"ECDHE-RSA-AES256-GCM-SHA384", "client"},
        {"ECDHE-RSA-AES128-SHA256", "client"},
        {"AES128-GCM-SHA256", "client"},
        {"AES128-SHA", "client"},
    };
    int n = argc > 1 ? atoi(argv[1]) : 40;
    mutls_config *srv = config(MUTLS_ROLE_SERVER, "server", "server-ec");
    int worst_ok = 1;

    if (n <= 0) {
        n = 40;
    }
    printf("%-32s %8s %10s %10s %8s %9s\n", "suite (mutual auth, both sides)", "hs/s", "ms/hs",
           "pk ms/hs", "pk ops", "outside");
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        mutls_config *cli = config(MUTLS_ROLE_CLIENT, cases[i].client_id, NULL);
        double t0, total;

        if (mutls_config_set_suites(cli, cases[i].suite) != 0) {
            printf("%-32s (not compiled in)\n", cases[i].suite);
            mutls_config_free(cli);
            continue;
        }
        if (one_handshake(cli, srv) != 0) {
            fprintf(stderr, "%s: warm-up handshake failed\n", cases[i].suite);
            return 1;
        }
        pk_seconds = 0;
        pk_calls = 0;
        t0 = now();
        for (int k = 0; k < n; k++) {
            if (one_handshake(cli, srv) != 0) {
                return 1;
            }
        }
        total = now() - t0;
        double outside = 1.0 - pk_seconds / total;
        printf("%-32s %8.1f %10.3f %10.3f %8.1f %8.1f%%\n", cases[i].suite, n / total,
               1e3 * total / n, 1e3 * pk_seconds / n, (double)pk_calls / n, 100.0 * outside);
        worst_ok &= outside < 0.10;
        mutls_config_free(cli);
    }
    printf("target: outside public-key operations < 10%% of a handshake: %s\n",
           worst_ok ? "met" : "NOT met");
    mutls_config_free(srv);
    return 0;
}
