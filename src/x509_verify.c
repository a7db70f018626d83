/* SPDX-License-Identifier: MIT */
/*
 * x509_verify.c - certification path building and validation (RFC 5280 §6). The
 * one-sentence explanation of a refusal is x509_explain.c's; certificate policy processing
 * (§6.1.2-§6.1.5 with the caller's policy inputs) is x509_policy_tree.c's.
 *
 * The path is built from the leaf through the given intermediates (any order) to a trust
 * anchor, matching names (RFC 5280 §7.1) and key identifiers (§4.2.1.1); when a candidate
 * path fails, the alternatives are tried, up to a fixed budget so that a hostile set of
 * look-alike certificates cannot make the search exponential. A path never meets the same CA
 * (subject and key) twice, and issuers an anchor vouches for are tried first (RFC 4158
 * §2.4.2), so cross-certified graphs give short paths. Each complete path is checked
 * leaf first: critical extensions, key, signature algorithm, validity, CA status and path
 * length, signature, name constraints, then the leaf's purpose, key usage and name
 * (RFC 6125), and the path's certificate policies. The first failure is the answer, with the
 * depth of its certificate. When CRLs
 * are given, a path that passed all of that is then checked for revocation (RFC 5280 §6.3,
 * x509_crl.c) from the certificate below the anchor down to the leaf, or the leaf alone; a
 * revoked or uncheckable certificate fails that path, and other paths are still tried.
 *
 * Issuer keys are imported through keys.h for each signature check and freed at once.
 * The default time source is the C library's clock; build with MUTLS_NO_CLOCK to leave it
 * out (then a time callback is required).
 */
#include "x509.h"

#include <string.h>
#if !defined(MUTLS_NO_CLOCK)
#include <time.h>
#endif

#include "der.h"
#include "keys.h"
#include "mem.h"
#include "x509_crl.h"

/* Most certificates accepted as input and most candidate edges tried per verification. */
#define MAX_INPUT 64
#define SEARCH_BUDGET 128

typedef struct search {
    const mutls_x509 *certs;
    size_t n;
    const mutls_x509 *anchors;
    size_t n_anchors;
    const mutls_x509_verify_params *p;
    int64_t now;
    const mutls_x509 *path[MUTLS_X509_MAX_DEPTH + 2];
    uint8_t near[MAX_INPUT]; /* certs[i] names a trust anchor as its issuer */
    int budget;
    int top; /* depth of the anchor of the accepted path */
    /* The failure kept so far, by rank (RANK_*). */
    int rank;
    int code;
    int depth;
    const mutls_x509 *cert;
    mutls_x509_crl_status crl;      /* the last revocation check of the path being validated */
    mutls_x509_crl_status kept_crl; /* the one that goes with the failure kept */
    int loop;                       /* the dead end being recorded is a loop */
    int kept_loop;
    int crl_top; /* depth of the anchor of the path whose revocation is being checked */
    /* For MUTLS_ERR_X509_NO_POLICY: who required an explicit policy (depth or -1, and that
     * certificate), for the path being validated and for the failure kept. */
    int pol_by;
    const mutls_x509 *pol_by_cert;
    int kept_pol_by;
    const mutls_x509 *kept_pol_by_cert;
} search;

/* How telling a failure is: a path that leads only back into itself, one that stops at an
 * issuer nowhere to be found, a complete path that failed a check, one with a revoked
 * certificate. A higher rank replaces a lower one; the first of a rank is kept. */
#define RANK_LOOP 1
#define RANK_NO_PATH 2
#define RANK_FAILED 3
#define RANK_REVOKED 4

static void record(search *s, int rank, int code, int depth, const mutls_x509 *cert)
{
    if (rank > s->rank) {
        s->rank = rank;
        s->code = code;
        s->depth = depth;
        s->cert = cert;
        s->kept_crl = s->crl;
        s->kept_loop = s->loop;
        s->kept_pol_by = s->pol_by;
        s->kept_pol_by_cert = s->pol_by_cert;
    }
}

/* ------------------------------------------------------------ signatures */

/* Map a key import failure onto a reason about the certificate that holds the key. */
static int key_reason(int rc)
{
    if (rc == MUTLS_ERR_NO_MEMORY || rc == MUTLS_ERR_X509_WEAK_KEY ||
        rc == MUTLS_ERR_X509_UNSUPPORTED_ALGORITHM || rc == MUTLS_ERR_X509_MALFORMED) {
        return rc;
    }
    return rc == MUTLS_ERR_KEY_UNSUPPORTED || rc == MUTLS_ERR_CRYPTO_UNSUPPORTED
               ? MUTLS_ERR_X509_UNSUPPORTED_ALGORITHM
               : MUTLS_ERR_X509_MALFORMED;
}

int mutls_x509_verify_signed(const mutls_x509_sigalg *alg, mutls_slice tbs, mutls_slice sig,
                             const mutls_pkey *key)
{
    uint8_t digest[MUTLS_HASH_MAX];
    int rc;

    if (!alg->supported) {
        return MUTLS_ERR_X509_UNSUPPORTED_ALGORITHM;
    }
    rc = mutls_hash_once(alg->hash, tbs.p, tbs.len, digest);
    if (rc < 0) {
        return MUTLS_ERR_X509_UNSUPPORTED_ALGORITHM;
    }
    rc = mutls_pkey_verify(key, alg->kind, alg->hash, alg->pss_salt, digest,
                           mutls_hash_len(alg->hash), sig.p, sig.len);
    if (rc == MUTLS_ERR_NO_MEMORY) {
        return rc;
    }
    /* A wrong value, or a signature kind the issuer's key cannot have made. */
    return rc < 0 ? MUTLS_ERR_X509_BAD_SIGNATURE : 0;
}

int mutls_x509_check_signature(const mutls_x509 *x, const mutls_x509 *issuer)
{
    mutls_pkey *key = NULL;
    int rc;

    rc = mutls_key_parse_spki(&key, issuer->spki);
    if (rc < 0) {
        return key_reason(rc);
    }
    rc = mutls_x509_verify_signed(&x->sig, x->tbs, x->signature, key);
    mutls_pkey_free(key);
    return rc;
}

/* ------------------------------------------------------------ per-certificate checks */

static int check_key(const mutls_x509 *x)
{
    if (x->key_type == MUTLS_KEY_NONE) {
        return MUTLS_ERR_X509_UNSUPPORTED_ALGORITHM;
    }
    /* RSA below 2048 bits is breakable or close to it; above 8192 it is a DoS lever. */
    if (x->key_type == MUTLS_KEY_RSA && (x->key_bits < 2048 || x->key_bits > 8192)) {
        return MUTLS_ERR_X509_WEAK_KEY;
    }
    return 0;
}

static int check_leaf_key(const mutls_x509 *x)
{
    mutls_pkey *key = NULL;
    int rc = mutls_key_parse_spki(&key, x->spki);

    mutls_pkey_free(key);
    return rc < 0 ? key_reason(rc) : 0;
}

static int check_time(const mutls_x509 *x, int64_t now)
{
    /* RFC 5280 §4.1.2.5: valid from notBefore to notAfter, both inclusive. */
    if (now < x->not_before) {
        return MUTLS_ERR_X509_NOT_YET_VALID;
    }
    if (now > x->not_after) {
        return MUTLS_ERR_X509_EXPIRED;
    }
    return 0;
}

/* An issuing certificate at depth @p d of a path whose anchor is at @p top. */
static int check_ca(const mutls_x509 *x, int d, int top)
{
    /* RFC 5280 §4.2.1.9, §6.1.4(k): an intermediate must say cA=TRUE. A v1 (or v2) trust
     * anchor cannot carry extensions and is accepted; a v3 one without basicConstraints, or
     * one that says it is not a CA, is not (as x509-limbo and openssl). */
    if ((x->flags & MUTLS_X509_HAS_BASIC_CONSTRAINTS) == 0) {
        if (d < top || x->version == 3) {
            return MUTLS_ERR_X509_NOT_A_CA;
        }
    } else if (!x->is_ca) {
        return MUTLS_ERR_X509_NOT_A_CA;
    }
    /* §4.2.1.3, §6.1.4(n): when keyUsage is present, keyCertSign must be set. */
    if ((x->flags & MUTLS_X509_HAS_KEY_USAGE) != 0 &&
        (x->key_usage & MUTLS_X509_KU_KEY_CERT_SIGN) == 0) {
        return MUTLS_ERR_X509_NOT_A_CA;
    }
    /* The v3 CA profile, anchor included: a subjectKeyIdentifier (§4.2.1.2), basicConstraints
     * and nameConstraints critical (§4.2.1.9-10); openssl -x509_strict checks the first two.
     * As x509-limbo rfc5280::root-non-critical-basic-constraints, ::ski::root-missing-ski,
     * ::ski::intermediate-missing-ski, ::nc::permitted-dns-match-noncritical. A non-critical
     * policyConstraints (§4.2.1.11 asks CAs to mark it critical) is accepted and enforced:
     * NIST PKITS's own CAs carry one in valid paths (Policies P123 CA, anyPolicy CA, ...), as
     * OpenSSL, Go and Botan accept; x509-limbo ::pc::ica-noncritical-pc refuses it. */
    if (x->version == 3 && x->is_ca &&
        ((x->flags & (MUTLS_X509_BC_NOT_CRITICAL | MUTLS_X509_NC_NOT_CRITICAL)) != 0 ||
         (x->flags & MUTLS_X509_HAS_SKI) == 0)) {
        return MUTLS_ERR_X509_MALFORMED;
    }
    return 0;
}

/*
 * RFC 5280 §6.1.4(l)(m), walked from the anchor down: every non-self-issued intermediate
 * uses up one level of the smallest pathLenConstraint above it. Returns the depth of the
 * first intermediate no constraint leaves room for, or -1.
 */
static int path_length_failure(const search *s, int top)
{
    int max = MUTLS_X509_MAX_DEPTH + 1;
    int i;

    for (i = top; i >= 1; i--) {
        const mutls_x509 *x = s->path[i];

        if (i < top && !mutls_x509_self_issued(x)) {
            if (max <= 0) {
                return i;
            }
            max--;
        }
        if (x->path_len >= 0 && x->path_len < max) {
            max = x->path_len;
        }
    }
    return -1;
}

static uint32_t eku_wanted(const mutls_x509_verify_params *p)
{
    return p->purpose == MUTLS_X509_PURPOSE_CLIENT ? MUTLS_X509_EKU_CLIENT_AUTH
                                                   : MUTLS_X509_EKU_SERVER_AUTH;
}

static int check_leaf(const mutls_x509 *leaf, const mutls_x509_verify_params *p)
{
    uint32_t want = eku_wanted(p);

    /* The certificate of a CRL's issuer (check_revocation): it must be allowed to sign CRLs
     * (§4.2.1.3, §6.3.3(f)); no TLS purpose or name applies. */
    if (p->purpose == MUTLS_X509_PURPOSE_CRL_SIGNER) {
        return (leaf->flags & MUTLS_X509_HAS_KEY_USAGE) == 0 ||
                       (leaf->key_usage & MUTLS_X509_KU_CRL_SIGN) != 0
                   ? 0
                   : MUTLS_ERR_X509_KEY_USAGE;
    }
    /* RFC 5280 §4.2.1.12: with extendedKeyUsage present, the purpose must be listed (or
     * anyExtendedKeyUsage); absent, any purpose is allowed. */
    if ((leaf->flags & MUTLS_X509_HAS_EKU) != 0 && (leaf->eku & (want | MUTLS_X509_EKU_ANY)) == 0) {
        return MUTLS_ERR_X509_PURPOSE_MISMATCH;
    }
    /* §4.2.1.3: a TLS key signs (ECDHE, CertificateVerify); a server's RSA key may instead
     * only decrypt the premaster secret (static RSA key exchange). */
    if ((leaf->flags & MUTLS_X509_HAS_KEY_USAGE) != 0) {
        uint32_t ok = MUTLS_X509_KU_DIGITAL_SIGNATURE;

        /* §4.2.1.3: keyCertSign only with basicConstraints cA TRUE (openssl -x509_strict
         * refuses such a leaf too). */
        if ((leaf->key_usage & MUTLS_X509_KU_KEY_CERT_SIGN) != 0 && !leaf->is_ca) {
            return MUTLS_ERR_X509_KEY_USAGE;
        }
        if (p->purpose == MUTLS_X509_PURPOSE_SERVER && leaf->key_type == MUTLS_KEY_RSA) {
            ok |= MUTLS_X509_KU_KEY_ENCIPHERMENT;
        }
        if ((leaf->key_usage & ok) == 0) {
            return MUTLS_ERR_X509_KEY_USAGE;
        }
    }
    if (p->name != NULL) {
        return mutls_x509_check_host(leaf, p->name, p->name_kind);
    }
    return 0;
}

/* The pre-imported key of @p x when it is one of the anchors and the caller gave keys. */
static const mutls_pkey *anchor_key(const search *s, const mutls_x509 *x)
{
    size_t i;

    if (s->p->anchor_keys == NULL) {
        return NULL;
    }
    for (i = 0; i < s->n_anchors; i++) {
        if (x == &s->anchors[i]) {
            return s->p->anchor_keys[i];
        }
    }
    return NULL;
}

#if !defined(MUTLS_NO_CRL)
/*
 * The anchor path[top] when it is not a root: a bundle of the root and an intermediate makes
 * both anchors, and the path then stops at the intermediate. It is checked, as any
 * certificate of the path would be, against the CRLs of the anchors that may have issued it
 * (OpenSSL's -crl_check_all goes on to the root and does the same). Revoked by one of them:
 * revoked; else accepted if one of them vouches for it; else the first reason. An anchor
 * whose issuer is not among the anchors is trusted as configured.
 */
static int check_anchor(search *s, int top)
{
    const mutls_x509 *a = s->path[top];
    mutls_x509_crl_status st;
    int first = 0;
    int good = 0;
    size_t i;

    if (mutls_x509_self_issued(a)) {
        return 0;
    }
    for (i = 0; i < s->n_anchors; i++) {
        const mutls_x509 *issuer = &s->anchors[i];
        int rc;

        if (issuer == a || !mutls_x509_name_equal(a->issuer, issuer->subject)) {
            continue;
        }
        rc = mutls_x509_crl_check(a, issuer, anchor_key(s, issuer), s->p->crls, s->p->n_crls,
                                  s->now, &st);
        if (rc == MUTLS_ERR_X509_REVOKED || rc == MUTLS_ERR_NO_MEMORY) {
            s->crl = st;
            return rc;
        }
        good |= rc == 0;
        if (rc < 0 && first == 0) {
            first = rc;
            s->crl = st;
        }
    }
    return good ? 0 : first;
}
#endif

#if !defined(MUTLS_NO_CRL)
/*
 * mutls_x509_crl_signer_fn for check_revocation (RFC 5280 §6.3.3(f)): among the given
 * certificates, one of the CRL's issuer (its subject) whose subjectKeyIdentifier is the key
 * the CRL's authorityKeyIdentifier names, with a path of its own to the anchor of the path
 * being checked (the same anchor, as §6.3.3(f) requires), valid as a CRL signer (cRLSign)
 * and not revoked itself. That path may need a CRL signer of its own in turn (NIST PKITS
 * 4.6.17: a CA and the CA below it both rolled over to new keys, each CRL signed with the old
 * one), so the search nests, SIGNER_DEPTH levels at most; at each level at most SIGNER_TRIES
 * look-alikes are tried, so the work a peer's chain can cause stays bounded.
 */
#define SIGNER_TRIES 2
#define SIGNER_DEPTH 2
static int find_crl_signer(void *ctx, const mutls_x509_crl *crl, mutls_pkey **key)
{
    const search *s = ctx;
    const mutls_x509 *anchor = s->path[s->crl_top];
    size_t idx = (size_t)(anchor - s->anchors);
    mutls_x509_verify_params np = *s->p;
    mutls_x509_verify_out out;
    mutls_x509 *chain;
    size_t i, j, m;
    int tries = 0;
    int rc;

    *key = NULL;
    if (s->p->crl_signer_depth >= SIGNER_DEPTH || crl->aki.len == 0 || idx >= s->n_anchors ||
        s->n < 2) {
        return 0;
    }
    np.purpose = MUTLS_X509_PURPOSE_CRL_SIGNER;
    np.name = NULL;
    np.crl_check = MUTLS_CRL_CHECK_ALL;
    np.crl_signer_depth = s->p->crl_signer_depth + 1;
    /* A CRL issuer's path is validated for the CRL, under the default policy inputs (§6.3.3(f)
     * names no others): the policies asked of the peer's path are not asked of it. */
    np.policies = NULL;
    np.n_policies = 0;
    np.policy_flags = 0;
    np.anchor_keys = s->p->anchor_keys != NULL ? s->p->anchor_keys + idx : NULL;
    for (i = 1; i < s->n; i++) {
        const mutls_x509 *c = &s->certs[i];

        if ((c->flags & MUTLS_X509_HAS_SKI) == 0 || !mutls_slice_eq(c->ski, crl->aki) ||
            !mutls_x509_name_equal(c->subject, crl->issuer)) {
            continue;
        }
        if (tries++ == SIGNER_TRIES) {
            break;
        }
        /* Its path: the signer first, then the other given certificates (not the leaf). */
        chain = mutls_alloc((s->n - 1) * sizeof(*chain));
        if (chain == NULL) {
            return MUTLS_ERR_NO_MEMORY;
        }
        chain[0] = *c;
        for (j = 1, m = 1; j < s->n; j++) {
            if (j != i) {
                chain[m++] = s->certs[j];
            }
        }
        rc = mutls_x509_verify_chain(chain, m, anchor, 1, &np, &out);
        mutls_mem_free(chain, (s->n - 1) * sizeof(*chain));
        if (rc == MUTLS_ERR_NO_MEMORY) {
            return rc;
        }
        if (rc == 0) {
            rc = mutls_key_parse_spki(key, c->spki);
            return rc == MUTLS_ERR_NO_MEMORY ? rc : 0;
        }
    }
    return 0;
}
#endif

/*
 * RFC 5280 §6.3 over a path that passed every other check: each certificate the caller's
 * crl_check names, from the anchor (when it is not a root, see check_anchor) and the one below
 * it down to the leaf (a revoked CA is the answer before anything it issued), against the CRLs
 * of its issuer. A root anchor is trusted as configured and is never looked up. Returns 0, or
 * the first failure with *depth set and its details in s->crl.
 */
static int check_revocation(search *s, int top, int *depth)
{
#if !defined(MUTLS_NO_CRL)
    int d = s->p->crl_check == MUTLS_CRL_CHECK_LEAF ? 0 : top - 1;
    int rc;

    if (s->p->n_crls == 0) {
        return 0;
    }
    /* In "all" mode, or when the peer's own certificate is the anchor. */
    if (s->p->crl_check != MUTLS_CRL_CHECK_LEAF || top == 0) {
        rc = check_anchor(s, top);
        if (rc < 0) {
            *depth = top;
            return rc;
        }
    }
    s->crl_top = top;
    for (; d >= 0 && d < top; d--) {
        const mutls_x509 *issuer = s->path[d + 1];

        rc = mutls_x509_crl_check_with(s->path[d], issuer, anchor_key(s, issuer), s->p->crls,
                                       s->p->n_crls, s->now, find_crl_signer, s, &s->crl);
        if (rc < 0) {
            *depth = d;
            return rc;
        }
    }
#else
    /* -DMUTLS_CRL=OFF: no set can hold a CRL (x509_crl.c refuses them all). */
    (void)s;
    (void)top;
    (void)depth;
#endif
    return 0;
}

/*
 * Check the complete path path[0..top] (path[top] is a trust anchor). Returns 0, or the
 * first failure with *depth set.
 */
static int validate(search *s, int top, int *depth)
{
    int too_long = path_length_failure(s, top);
    mutls_x509_policy_result pol;
    int policy_rc = mutls_x509_policy_check(s->path, top, s->p, &pol);
    int no_policy = policy_rc < 0 ? pol.depth : -1;
    int d;
    int e;
    int rc;

    if (policy_rc == MUTLS_ERR_NO_MEMORY) {
        *depth = 0;
        return policy_rc;
    }
    s->pol_by = pol.by;
    s->pol_by_cert = policy_rc < 0 && pol.by >= 0 ? s->path[pol.by] : NULL;
    for (d = 0; d <= top; d++) {
        const mutls_x509 *x = s->path[d];

        *depth = d;
        if ((x->flags & MUTLS_X509_UNKNOWN_CRITICAL) != 0) {
            return MUTLS_ERR_X509_UNKNOWN_CRITICAL_EXTENSION;
        }
        /* RFC 5280 §6.1.3(f), §6.1.5(g): the policy tree ran empty (or missed the user's
         * policies) where an explicit policy is required; reported at the certificate where
         * processing stopped, in the order of the other checks. */
        if (d == no_policy) {
            return policy_rc;
        }
        /* §4.2.1.11: policyConstraints is critical in the leaf too (a CA is checked in
         * check_ca; as X509-Anvil PolicyConstraintsTests.criticalPolicyConstraintsEntity). */
        if (d == 0 && (x->flags & MUTLS_X509_PC_NOT_CRITICAL) != 0) {
            return MUTLS_ERR_X509_MALFORMED;
        }
        TRY(check_key(x));
        /* The leaf's key is used by the handshake, not by this path: import it here so that
         * a key the handshake would refuse (an EC point off its curve, an RSA exponent of 1)
         * refuses the certificate in every verification, `mutls verify` included. */
        if (d == 0 && top > 0) {
            TRY(check_leaf_key(x));
        }
        /* A trust anchor is trusted as given: its own signature is never checked. */
        if (d < top && !x->sig.supported) {
            return MUTLS_ERR_X509_UNSUPPORTED_ALGORITHM;
        }
        TRY(check_time(x, s->now));
        if (d > 0) {
            TRY(check_ca(x, d, top));
        }
        if (d == too_long) {
            return MUTLS_ERR_X509_PATH_TOO_LONG;
        }
        /* An intermediate's extendedKeyUsage limits what it may certify: openssl, BoringSSL
         * and Go refuse a chain whose CA lists purposes without the one asked for (RFC 5280
         * §4.2.1.12 leaves this to the application). The anchor is trusted as configured. */
        if (d > 0 && d < top && s->p->purpose != MUTLS_X509_PURPOSE_CRL_SIGNER &&
            (x->flags & MUTLS_X509_HAS_EKU) != 0 &&
            (x->eku & (eku_wanted(s->p) | MUTLS_X509_EKU_ANY)) == 0) {
            return MUTLS_ERR_X509_PURPOSE_MISMATCH;
        }
        if (d < top) {
            const mutls_pkey *cached = anchor_key(s, s->path[d + 1]);
            mutls_pkey *key = NULL;

            if (cached == NULL) {
                rc = mutls_key_parse_spki(&key, s->path[d + 1]->spki);
                if (rc < 0) {
                    *depth = d + 1;
                    return key_reason(rc);
                }
                cached = key;
            }
            rc = mutls_x509_verify_signed(&x->sig, x->tbs, x->signature, cached);
            mutls_pkey_free(key);
            TRY(rc);
        }
        /* §6.1.3(b): the constraints of every CA above apply to this certificate's names,
         * except to self-issued intermediates (§6.1.4(b)). */
        if (d == 0 || !mutls_x509_self_issued(x)) {
            for (e = d + 1; e <= top; e++) {
                TRY(mutls_x509_check_constraints(s->path[e], x, d == 0));
            }
        }
        if (d == 0) {
            TRY(check_leaf(x, s->p));
        }
    }
    return check_revocation(s, top, depth);
}

/* ------------------------------------------------------------ path search */

/*
 * Whether @p parent may have issued @p child: the names must match (RFC 5280 §7.1). Key
 * identifiers (§4.2.1.1) only order the candidates: in @p pass 0 those whose identifiers
 * agree (or are absent), in pass 1 the others, so that a re-keyed issuer is still tried and
 * reported as a bad signature rather than a missing issuer.
 */
static int may_issue(const mutls_x509 *child, const mutls_x509 *parent, int pass)
{
    int ids_differ;

    if (!mutls_x509_name_equal(child->issuer, parent->subject)) {
        return 0;
    }
    ids_differ = child->aki.len > 0 && (parent->flags & MUTLS_X509_HAS_SKI) != 0 &&
                 !mutls_slice_eq(child->aki, parent->ski);
    return ids_differ == (pass == 1);
}

/*
 * Whether @p x would close a loop in path[0..depth]: it is already there, or an intermediate
 * of the path is the same CA, with the same subject and key (RFC 4158 §2.4.2 advises against
 * a path that repeats a subject and key pair, not only one that repeats a certificate), as
 * cross-certified CAs make (A certifies C and C certifies A; a bridge CA and the CAs it
 * joins). A path that meets a CA twice gains nothing: the certificate below the first meeting
 * can chain to the second directly, with fewer constraints on the way, and that shorter path
 * is tried too. Without this the search wanders round a bridge (as in BetterTLS
 * pathbuilding/BRIDGE_CA_PKI), spends its budget and builds paths twice as long. The leaf is
 * left out: a self-signed leaf may be certified by a CA for the same key.
 */
static int in_path(const search *s, int depth, const mutls_x509 *x)
{
    int i;

    for (i = 0; i <= depth; i++) {
        if (s->path[i] == x || mutls_slice_eq(s->path[i]->der, x->der)) {
            return 1;
        }
        if (i > 0 && mutls_slice_eq(s->path[i]->spki, x->spki) &&
            mutls_x509_name_equal(s->path[i]->subject, x->subject)) {
            return 1;
        }
    }
    return 0;
}

/* Try to complete a path above path[depth]; 0 when one passes every check. */
static int extend(search *s, int depth)
{
    const mutls_x509 *cur = s->path[depth];
    int found = 0;
    int looped = 0;
    int vdepth = 0;
    int pass;
    int sweep;
    size_t i;
    int rc;

    for (pass = 0; pass < 2; pass++) {
        for (i = 0; i < s->n_anchors; i++) {
            const mutls_x509 *a = &s->anchors[i];

            if (!may_issue(cur, a, pass) || s->budget <= 0) {
                continue;
            }
            s->budget--;
            found = 1;
            s->path[depth + 1] = a;
            rc = validate(s, depth + 1, &vdepth);
            if (rc == 0) {
                s->top = depth + 1;
                return 0;
            }
            if (rc == MUTLS_ERR_NO_MEMORY) {
                return rc;
            }
            /* A revocation is the answer over any other path's failure. */
            record(s, rc == MUTLS_ERR_X509_REVOKED ? RANK_REVOKED : RANK_FAILED, rc, vdepth,
                   s->path[vdepth]);
        }
        /* Among intermediates, those a trust anchor issued first (RFC 4158 §2.4.2: weigh the
         * branches so that a good path comes first): the search then ends on the shorter path
         * where several lead to an anchor (as BetterTLS pathbuilding/FIGURE_SEVEN, where
         * TA -> C -> B and TA -> A -> C -> B both do). */
        for (sweep = 0; sweep < 2; sweep++) {
            for (i = 1; i < s->n; i++) {
                const mutls_x509 *c = &s->certs[i];

                if (s->near[i] != (sweep == 0) || !may_issue(cur, c, pass)) {
                    continue;
                }
                if (in_path(s, depth, c)) {
                    /* A self-signed CA is its own issuer: that is no loop through the graph
                     * (an untrusted root sent with the chain keeps the usual sentence). */
                    looped |= c != cur && !mutls_slice_eq(c->der, cur->der);
                    continue;
                }
                if (s->budget <= 0) {
                    continue;
                }
                s->budget--;
                found = 1;
                /* At most MUTLS_X509_MAX_DEPTH intermediates: one more is refused at its
                 * depth. */
                if (depth + 1 > MUTLS_X509_MAX_DEPTH) {
                    record(s, RANK_NO_PATH, MUTLS_ERR_X509_PATH_TOO_LONG, depth + 1, c);
                    continue;
                }
                s->path[depth + 1] = c;
                rc = extend(s, depth + 1);
                if (rc == 0 || rc == MUTLS_ERR_NO_MEMORY) {
                    return rc;
                }
            }
        }
    }
    if (!found) {
        /* No issuer, or only ones already on the path (a cross-certified CA whose other
         * certificates all lead back: the bridge's CAs when no anchor is among them). */
        s->loop = looped;
        record(s, looped ? RANK_LOOP : RANK_NO_PATH, MUTLS_ERR_X509_UNKNOWN_ISSUER, depth, cur);
        s->loop = 0;
    }
    return s->code != 0 ? s->code : MUTLS_ERR_X509_UNKNOWN_ISSUER;
}

static int64_t wall_clock(void)
{
#if !defined(MUTLS_NO_CLOCK)
    return (int64_t)time(NULL);
#else
    return -1;
#endif
}

static int is_anchor(const search *s, const mutls_x509 *x)
{
    size_t i;

    for (i = 0; i < s->n_anchors; i++) {
        if (mutls_slice_eq(s->anchors[i].der, x->der)) {
            return 1;
        }
    }
    return 0;
}

int mutls_x509_verify_chain(const mutls_x509 *certs, size_t n, const mutls_x509 *anchors,
                            size_t n_anchors, const mutls_x509_verify_params *p,
                            mutls_x509_verify_out *out)
{
    search s;
    int vdepth = 0;
    size_t i;
    size_t a;
    int rc;

    memset(out, 0, sizeof(*out));
    if (certs == NULL || n == 0 || p == NULL || (anchors == NULL && n_anchors > 0)) {
        out->code = MUTLS_ERR_BAD_ARGUMENT;
        return out->code;
    }
    out->name = p->name;
    out->purpose = p->purpose;
    out->crl_check = p->crl_check;
    out->revoke_reason = MUTLS_CRL_REASON_NONE;
    if (n > MAX_INPUT) {
        out->code = MUTLS_ERR_X509_TOO_MANY_CERTIFICATES;
        return out->code;
    }
    memset(&s, 0, sizeof(s));
    s.certs = certs;
    s.n = n;
    s.anchors = anchors;
    s.n_anchors = n_anchors;
    s.p = p;
    s.budget = SEARCH_BUDGET;
    s.now = p->time_fn != NULL ? p->time_fn(p->time_ctx) : wall_clock();
    out->now = s.now;
    if (s.now < 0) {
        out->code = MUTLS_ERR_NO_TIME;
        return out->code;
    }
    s.path[0] = &certs[0];
    /* Which intermediates an anchor issued (only an order among several needs it). */
    for (i = 1; i < n && n > 2; i++) {
        for (a = 0; a < n_anchors && !s.near[i]; a++) {
            s.near[i] = (uint8_t)mutls_x509_name_equal(certs[i].issuer, anchors[a].subject);
        }
    }

    if (is_anchor(&s, &certs[0])) {
        /* The leaf is itself trusted: a path of one certificate. */
        rc = validate(&s, 0, &vdepth);
        if (rc < 0) {
            record(&s, RANK_FAILED, rc, 0, &certs[0]);
        }
    } else {
        rc = extend(&s, 0);
        /* A self-signed leaf that no anchor vouches for is trusted only when it is an anchor
         * itself: say so rather than "unknown issuer" (when no complete path was judged). */
        if (rc < 0 && rc != MUTLS_ERR_NO_MEMORY && s.rank < RANK_FAILED &&
            mutls_x509_self_issued(&certs[0]) &&
            mutls_x509_check_signature(&certs[0], &certs[0]) == 0) {
            s.rank = 0;
            record(&s, RANK_FAILED, MUTLS_ERR_X509_SELF_SIGNED, 0, &certs[0]);
            rc = MUTLS_ERR_X509_SELF_SIGNED;
        }
    }
    if (rc == 0) {
        out->path_len = (size_t)s.top + 1;
        out->cert = NULL;
        return 0;
    }
    if (rc == MUTLS_ERR_NO_MEMORY) {
        out->code = rc;
        return rc;
    }
    out->code = s.code;
    out->depth = s.depth;
    out->cert = s.cert;
    out->issuer_loops = s.kept_loop;
    out->policy_by = s.kept_pol_by;
    out->policy_by_cert = s.kept_pol_by_cert;
    out->policy_user = p->n_policies > 0;
    if (s.code == MUTLS_ERR_X509_REVOKED) {
        out->revoked_at = s.kept_crl.revoked_at;
        out->revoke_reason = s.kept_crl.reason;
    } else if (s.code == MUTLS_ERR_X509_CRL_EXPIRED) {
        out->crl_time = s.kept_crl.crl_time;
    } else if (s.code == MUTLS_ERR_X509_CRL_MISSING || s.code == MUTLS_ERR_X509_CRL_BAD_SIGNATURE) {
        out->crl_set_aside = s.kept_crl.set_aside;
    }
    return out->code;
}
