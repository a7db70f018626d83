/* SPDX-License-Identifier: MIT */
/*
 * x509_crl_check.c - the revocation check of one certificate against the CRLs of a set (RFC
 * 5280 §6.3.3), which x509_verify.c runs over an accepted path: which CRLs are candidates (the
 * certificate's own issuer, its key, the scope of an issuingDistributionPoint), their
 * signatures (verified once per issuer key, kept in each CRL's memo), their validity times,
 * and the lookup of the serial number. The CRLs were parsed, entries and extensions
 * included, by x509_crl.c when they were loaded.
 */
#include "x509_crl.h"

#include <string.h>

#include "der.h"
#include "keys.h"

#if !defined(MUTLS_NO_CRL)

/* ------------------------------------------------------------ distribution points */

/* Whether two GeneralNames are the same name (a directoryName as RFC 5280 §7.1 compares). */
static int gn_equal(const mutls_x509_gn *a, const mutls_x509_gn *b)
{
    if (a->type != b->type) {
        return 0;
    }
    return a->type == MUTLS_X509_GN_DIRNAME ? mutls_x509_name_equal(a->value, b->value)
                                            : mutls_slice_eq(a->value, b->value);
}

/* Whether one of the (checked) GeneralNames @p names is @p gn. */
static int names_hold(mutls_slice names, const mutls_x509_gn *gn)
{
    mutls_rd r;
    mutls_x509_gn other;

    mutls_rd_init_slice(&r, names);
    while (mutls_x509_gn_next(&r, &other) > 0) {
        if (gn_equal(gn, &other)) {
            return 1;
        }
    }
    return 0;
}

/* A distribution point's name in either form: fullName GeneralNames, or a
 * nameRelativeToCRLIssuer RDN joined to the Name @p base (RFC 5280 §4.2.1.13, §5.2.5). */
typedef struct dp_name {
    mutls_slice full_name;
    mutls_slice relative;
    mutls_slice base;
} dp_name;

/* Whether a fullName GeneralName @p gn names the point that @p rel names relative to its base:
 * a directoryName that is the base with the RDN joined. */
static int joined_holds(const mutls_x509_gn *gn, const dp_name *rel)
{
    return gn->type == MUTLS_X509_GN_DIRNAME && rel->base.len > 0 &&
           mutls_x509_name_joined(gn->value, rel->base, rel->relative);
}

/* Whether the GeneralNames @p names share a name with the distribution point @p other. */
static int full_meets(mutls_slice names, const dp_name *other)
{
    mutls_rd r;
    mutls_x509_gn gn;

    mutls_rd_init_slice(&r, names);
    while (mutls_x509_gn_next(&r, &gn) > 0) {
        if (other->relative.len > 0 ? joined_holds(&gn, other)
                                    : names_hold(other->full_name, &gn)) {
            return 1;
        }
    }
    return 0;
}

/* Whether the two distribution point names share a name, each relative name joined to its
 * base first. */
static int dp_names_meet(const dp_name *a, const dp_name *b)
{
    if (a->relative.len > 0 && b->relative.len > 0) {
        return a->base.len > 0 && b->base.len > 0 && mutls_x509_name_equal(a->base, b->base) &&
               mutls_x509_rdn_equal(a->relative, b->relative);
    }
    return a->relative.len > 0 ? full_meets(b->full_name, a) : full_meets(a->full_name, b);
}

/* The Name a certificate's relative distribution point @p dp is joined to: the directoryName
 * of its cRLIssuer when it has one, else the certificate's issuer (§4.2.1.13). Empty when the
 * cRLIssuer holds no directoryName. */
static mutls_slice dp_base(const mutls_x509_dp *dp, const mutls_x509 *x)
{
    mutls_rd r;
    mutls_x509_gn gn;
    mutls_slice none = {NULL, 0};

    if (dp->crl_issuer.len == 0) {
        return x->issuer;
    }
    mutls_rd_init_slice(&r, dp->crl_issuer);
    while (mutls_x509_gn_next(&r, &gn) > 0) {
        if (gn.type == MUTLS_X509_GN_DIRNAME) {
            return gn.value;
        }
    }
    return none;
}

/* Whether the distribution point @p dp's CRLs may come from @p crl's issuer: a point without
 * cRLIssuer is served by the certificate's issuer (whose name the CRL was found under), one
 * with cRLIssuer by the issuers it names (§6.3.3(b)(1)). */
static int dp_served_by(const mutls_x509_dp *dp, const mutls_x509_crl *crl)
{
    mutls_x509_gn issuer = {MUTLS_X509_GN_DIRNAME, crl->issuer};

    return dp->crl_issuer.len == 0 || names_hold(dp->crl_issuer, &issuer);
}

/*
 * §6.3.3(b)(2)(i): a CRL whose issuingDistributionPoint names a distribution point covers
 * only certificates whose cRLDistributionPoints give one of the same names, compared byte for
 * byte except directoryNames (a URI spelled another way is another name). A name relative to
 * the CRL issuer is joined to the Name it is relative to before it is compared. Without
 * cRLDistributionPoints a certificate is in no such partition (as x509-limbo
 * crl::idp::idp-present-certificate-missing-cdp, crl::idp::idp-cdp-scope-mismatch). A point
 * whose cRLIssuer names another issuer is that issuer's to serve, not the certificate
 * issuer's, whatever its name (§6.3.3(b)(1); OpenSSL's crldp_check_crlissuer agrees). Returns
 * 0 when @p crl covers @p x, else MUTLS_CRL_ASIDE_NO_DP, _DP_NAME or _DP_ISSUER.
 */
static int dp_aside(const mutls_x509_crl *crl, const mutls_x509 *x)
{
    dp_name idp = {crl->idp_names, crl->idp_rdn, crl->issuer};
    mutls_rd dps;
    mutls_x509_dp dp;
    int aside = MUTLS_CRL_ASIDE_DP_NAME;

    if (idp.full_name.len == 0 && idp.relative.len == 0) {
        return 0;
    }
    /* The certificate's list is read here for the first time (x509.c keeps it unchecked):
     * a malformed one names no distribution point. */
    if (mutls_x509_crldp_check(x->crldp) < 0) {
        return MUTLS_CRL_ASIDE_NO_DP;
    }
    mutls_rd_init_slice(&dps, x->crldp);
    while (mutls_x509_crldp_next(&dps, &dp) > 0) {
        dp_name name = {dp.full_name, dp.relative, dp_base(&dp, x)};

        if (dp_names_meet(&idp, &name)) {
            if (dp_served_by(&dp, crl)) {
                return 0;
            }
            aside = MUTLS_CRL_ASIDE_DP_ISSUER;
        }
    }
    return aside;
}

/* ------------------------------------------------------------ the signature memo */

enum { MEMO_EMPTY = 0, MEMO_WRITING = 1, MEMO_READY = 2 };

/* Whether @p crl's memo says its signature verified under the key of @p spki_hash. */
static int memo_holds(const mutls_x509_crl *crl, const uint8_t *spki_hash)
{
    mutls_x509_crl_memo *m = crl->memo;

    return m != NULL && spki_hash != NULL &&
           atomic_load_explicit(&m->state, memory_order_acquire) == MEMO_READY &&
           memcmp(m->spki_hash, spki_hash, sizeof(m->spki_hash)) == 0;
}

/* Keep @p spki_hash in @p crl's memo, if it has one that nobody has filled yet. */
static void memo_keep(const mutls_x509_crl *crl, const uint8_t *spki_hash)
{
    mutls_x509_crl_memo *m = crl->memo;
    int expected = MEMO_EMPTY;

    if (m != NULL && spki_hash != NULL &&
        atomic_compare_exchange_strong_explicit(&m->state, &expected, MEMO_WRITING,
                                                memory_order_acquire, memory_order_relaxed)) {
        memcpy(m->spki_hash, spki_hash, sizeof(m->spki_hash));
        atomic_store_explicit(&m->state, MEMO_READY, memory_order_release);
    }
}

/* Whether @p crl's signature verifies with the issuer's key: from the memo when it holds
 * this key, else checked (and kept). *key / *imported: the issuer's key, imported on first
 * need. 0, MUTLS_ERR_NO_MEMORY, or 1 when the CRL is not signed by that key. */
static int crl_signed_by(const mutls_x509_crl *crl, const mutls_x509 *issuer,
                         const uint8_t *spki_hash, const mutls_pkey **key, mutls_pkey **imported)
{
    int rc;

    if (memo_holds(crl, spki_hash)) {
        return 0;
    }
    if (*key == NULL) {
        rc = mutls_key_parse_spki(imported, issuer->spki);
        if (rc == MUTLS_ERR_NO_MEMORY) {
            return rc;
        }
        if (rc < 0) { /* not reached: the path's signature check imported it */
            return 1;
        }
        *key = *imported;
    }
    rc = mutls_x509_verify_signed(&crl->sig, crl->tbs, crl->signature, *key);
    if (rc == MUTLS_ERR_NO_MEMORY) {
        return rc;
    }
    if (rc < 0) {
        return 1;
    }
    memo_keep(crl, spki_hash);
    return 0;
}

/*
 * Whether @p crl is a candidate for @p x: -1 when it is not a CRL of x's issuer at all, 0
 * when it is one whose scope covers x, else the MUTLS_CRL_ASIDE_* rule that sets it aside.
 */
static int candidate_aside(const mutls_x509_crl *crl, const mutls_x509 *x, const mutls_x509 *issuer,
                           int any_key)
{
    /* §6.3.3(b)(1): complete CRLs from the certificate's own issuer (no indirect CRLs). */
    if (!mutls_x509_name_equal(crl->issuer, x->issuer)) {
        return -1;
    }
    /* §5.2.1, §4.2.1.2: when both key identifiers are known they must agree, so that the CRL
     * of another key under the same name (a re-keyed or impostor issuer) is not a candidate
     * (unless @p any_key: its own certificate is then looked for, see below). */
    if (!any_key && crl->aki.len > 0 && (issuer->flags & MUTLS_X509_HAS_SKI) != 0 &&
        !mutls_slice_eq(crl->aki, issuer->ski)) {
        return MUTLS_CRL_ASIDE_KEY_ID;
    }
    /* §6.3.3(b)(2)(ii), (iii): the CRL covers only end entities, or only CAs (as x509-limbo
     * crl::idp::idp-only-contains-user-certs-ca-target, ::idp-only-contains-ca-certs-ee-target). */
    if ((crl->scope & MUTLS_CRL_ONLY_USER) != 0 && x->is_ca) {
        return MUTLS_CRL_ASIDE_ONLY_USER;
    }
    if ((crl->scope & MUTLS_CRL_ONLY_CA) != 0 && !x->is_ca) {
        return MUTLS_CRL_ASIDE_ONLY_CA;
    }
    return dp_aside(crl, x);
}

int mutls_x509_crl_check(const mutls_x509 *x, const mutls_x509 *issuer,
                         const mutls_pkey *issuer_key, const mutls_x509_crl *crls, size_t n_crls,
                         int64_t now, mutls_x509_crl_status *status)
{
    return mutls_x509_crl_check_with(x, issuer, issuer_key, crls, n_crls, now, NULL, NULL,
                                     status);
}

int mutls_x509_crl_check_with(const mutls_x509 *x, const mutls_x509 *issuer,
                              const mutls_pkey *issuer_key, const mutls_x509_crl *crls,
                              size_t n_crls, int64_t now, mutls_x509_crl_signer_fn signer,
                              void *signer_ctx, mutls_x509_crl_status *status)
{
    mutls_pkey *imported = NULL;
    const mutls_pkey *key = issuer_key;
    uint8_t spki_hash[32];
    const uint8_t *hash = NULL;
    int used = 0;
    int bad_signature = 0; /* the first MUTLS_CRL_ASIDE_ of a candidate not signed right */
    int out_of_scope = 0;  /* the first MUTLS_CRL_ASIDE_ of a CRL that is no candidate */
    int expired = 0;
    int rc = 0;
    size_t i;

    memset(status, 0, sizeof(*status));
    status->reason = MUTLS_CRL_REASON_NONE;
    for (i = 0; i < n_crls; i++) {
        const mutls_x509_crl *crl = &crls[i];
        int aside = candidate_aside(crl, x, issuer, 0);
        mutls_pkey *delegate = NULL;

        /* §6.3.3(f): the CRL's issuer is the CA that issued x, but the certificate of the
         * CRL's key need not be the one of x's issuer: a CA may sign its CRLs with another
         * key of its own, certified separately to the same anchor (NIST PKITS 4.4.19; the old
         * and new keys of a rollover, 4.5). @p signer finds and validates that certificate. */
        if (aside == MUTLS_CRL_ASIDE_KEY_ID && signer != NULL) {
            rc = signer(signer_ctx, crl, &delegate);
            if (rc < 0) {
                goto out;
            }
            rc = 0;
            if (delegate != NULL) {
                aside = candidate_aside(crl, x, issuer, 1);
            }
        }
        if (aside != 0) {
            mutls_pkey_free(delegate);
            if (aside > 0 && out_of_scope == 0) {
                out_of_scope = aside;
            }
            continue;
        }
        if (delegate != NULL) {
            rc = mutls_x509_verify_signed(&crl->sig, crl->tbs, crl->signature, delegate);
            mutls_pkey_free(delegate);
            if (rc == MUTLS_ERR_NO_MEMORY) {
                goto out;
            }
            rc = rc < 0 ? 1 : 0;
        } else {
            /* §6.3.3(f), §4.2.1.3: the issuer's key may sign CRLs (keyUsage cRLSign when the
             * extension is present) and did sign this one. */
            if ((issuer->flags & MUTLS_X509_HAS_KEY_USAGE) != 0 &&
                (issuer->key_usage & MUTLS_X509_KU_CRL_SIGN) == 0) {
                if (bad_signature == 0) {
                    bad_signature = MUTLS_CRL_ASIDE_NO_CRL_SIGN;
                }
                continue;
            }
            if (hash == NULL && crl->memo != NULL &&
                mutls_hash_once(MUTLS_HASH_SHA256, issuer->spki.p, issuer->spki.len,
                                spki_hash) == 0) {
                hash = spki_hash;
            }
            rc = crl_signed_by(crl, issuer, hash, &key, &imported);
            if (rc < 0) {
                goto out;
            }
        }
        if (rc > 0) {
            rc = 0;
            if (bad_signature == 0) {
                bad_signature = MUTLS_CRL_ASIDE_SIGNATURE;
            }
            continue;
        }
        /* §6.3.3(a): the CRL is current: thisUpdate <= now < nextUpdate. */
        if (now < crl->this_update || now >= crl->next_update) {
            if (!expired) {
                status->crl_time = now < crl->this_update ? crl->this_update : crl->next_update;
            }
            expired = 1;
            continue;
        }
        used = 1;
        /* §6.3.3(i): the serial number is listed: revoked. */
        if (mutls_x509_crl_find(crl, x->serial, &status->revoked_at, &status->reason)) {
            rc = MUTLS_ERR_X509_REVOKED;
            goto out;
        }
    }
    if (used) {
        rc = 0;
    } else if (bad_signature != 0) {
        rc = MUTLS_ERR_X509_CRL_BAD_SIGNATURE;
        status->set_aside = bad_signature;
    } else if (expired) {
        rc = MUTLS_ERR_X509_CRL_EXPIRED;
    } else {
        /* No CRL applies to x: with checking required for x, that is a failure. */
        rc = MUTLS_ERR_X509_CRL_MISSING;
        status->set_aside = out_of_scope;
    }
out:
    mutls_pkey_free(imported);
    if (rc != MUTLS_ERR_X509_CRL_EXPIRED) {
        status->crl_time = 0;
    }
    if (rc != MUTLS_ERR_X509_REVOKED) {
        status->revoked_at = 0;
        status->reason = MUTLS_CRL_REASON_NONE;
    }
    status->code = rc;
    return rc;
}

const char *mutls_x509_crl_reason_name(int reason)
{
    /* clang-format off */
    static const char *const names[] = {
        "unspecified", "keyCompromise", "cACompromise", "affiliationChanged", "superseded",
        "cessationOfOperation", "certificateHold", "unspecified", "removeFromCRL",
        "privilegeWithdrawn", "aACompromise"
    };
    /* clang-format on */

    if (reason < 0 || reason > MUTLS_CRL_REASON_AA_COMPROMISE) {
        return "unspecified";
    }
    return names[reason];
}

#else
/* -DMUTLS_CRL=OFF: nothing to check (ISO C wants a declaration in every file). */
typedef int mutls_x509_crl_check_built_out;
#endif
