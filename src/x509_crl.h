/* SPDX-License-Identifier: MIT */
/*
 * x509_crl.h - certificate revocation lists (RFC 5280 §5, §6.3): parsing in place and the
 * revocation check x509_verify.c runs for each certificate of an accepted path when CRLs
 * are configured.
 *
 * mutls takes complete CRLs issued by the certificate's own issuer, signed with that
 * issuer's key (the issuer's keyUsage, when present, must allow cRLSign). Delta CRLs,
 * indirect CRLs (the indirectCRL flag, certificateIssuer entries), CRLs partitioned by
 * reason (onlySomeReasons) or for attribute certificates, and CRLs with any other critical
 * extension mutls does not know are refused when loaded (MUTLS_ERR_X509_CRL_UNSUPPORTED),
 * so that a CRL that is accepted is one mutls applies fully. An issuingDistributionPoint
 * that narrows the scope (onlyContainsUserCerts, onlyContainsCACerts, a distribution point
 * name) is honoured: such a CRL covers only the certificates inside its scope.
 *
 * Like mutls_x509, a parsed CRL holds slices into the caller's DER and allocates nothing.
 */
#ifndef MUTLS_X509_CRL_H
#define MUTLS_X509_CRL_H

#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>

#include "x509.h"

/* CRLReason (RFC 5280 §5.3.1); -1 when an entry has no reasonCode. */
enum {
    MUTLS_CRL_REASON_NONE = -1,
    MUTLS_CRL_REASON_UNSPECIFIED = 0,
    MUTLS_CRL_REASON_KEY_COMPROMISE = 1,
    MUTLS_CRL_REASON_CA_COMPROMISE = 2,
    MUTLS_CRL_REASON_AFFILIATION_CHANGED = 3,
    MUTLS_CRL_REASON_SUPERSEDED = 4,
    MUTLS_CRL_REASON_CESSATION_OF_OPERATION = 5,
    MUTLS_CRL_REASON_CERTIFICATE_HOLD = 6,
    /* 7 is not used */
    MUTLS_CRL_REASON_REMOVE_FROM_CRL = 8,
    MUTLS_CRL_REASON_PRIVILEGE_WITHDRAWN = 9,
    MUTLS_CRL_REASON_AA_COMPROMISE = 10
};

/* What the issuingDistributionPoint restricts the CRL to. */
#define MUTLS_CRL_ONLY_USER (1u << 0) /* onlyContainsUserCerts: end-entity certificates */
#define MUTLS_CRL_ONLY_CA (1u << 1)   /* onlyContainsCACerts */

typedef struct mutls_x509_crl {
    mutls_slice der;       /* the whole CertificateList */
    mutls_slice tbs;       /* the whole TBSCertList TLV: the signed bytes */
    int version;           /* 1 (no version field) or 2 */
    mutls_x509_sigalg sig; /* signatureAlgorithm (equal to the one inside the TBS) */
    mutls_slice signature; /* signatureValue BIT STRING contents */
    mutls_slice issuer;    /* Name, whole TLV */
    int64_t this_update;   /* seconds since 1970, UTC */
    int64_t next_update;   /* INT64_MAX when the CRL has no nextUpdate */
    mutls_slice revoked;   /* revokedCertificates SEQUENCE contents (empty when absent);
                            * every entry was checked when the CRL was parsed */
    mutls_slice aki;       /* authorityKeyIdentifier keyIdentifier contents, or empty */
    int has_crl_number;    /* cRLNumber present */
    uint32_t scope;        /* MUTLS_CRL_ONLY_* */
    mutls_slice idp_names; /* IDP distributionPoint fullName GeneralNames contents, or empty */
    mutls_slice idp_rdn;   /* or its nameRelativeToCRLIssuer: the RDN's contents, or empty */
    struct mutls_x509_crl_memo *memo; /* optional, set by the CRL's owner (see below) */
    const char *why; /* after a refusal, the rule the CRL breaks (a static sentence part) */
} mutls_x509_crl;

/*
 * What a CRL's signature check found, so that the next check with the same issuer key need
 * not hash the CRL and verify its signature again (an ECDSA verification is ~1.5 ms here,
 * paid per certificate and handshake otherwise). The owner of a long-lived CRL (certs.c)
 * gives it one, zeroed; mutls_x509_crl_check fills it after a signature verifies, once,
 * and trusts it only for an issuer whose SubjectPublicKeyInfo hashes to the value kept.
 * Connections on many threads share it: state goes 0 -> 1 (being written, by the one thread
 * that won the exchange) -> 2 (ready, published with release order).
 */
typedef struct mutls_x509_crl_memo {
    atomic_int state;
    uint8_t spki_hash[32]; /* SHA-256 of the issuer's SubjectPublicKeyInfo that verified it */
} mutls_x509_crl_memo;

/*
 * Parse one DER CertificateList (the whole input, no trailing bytes), including every
 * revoked entry and extension. 0; MUTLS_ERR_X509_CRL_MALFORMED for bad structure (the
 * TBS and outer signature algorithms differ, a v1 CRL with extensions, a time that is not
 * a valid UTCTime/GeneralizedTime, a cRLNumber marked critical, ...);
 * MUTLS_ERR_X509_CRL_UNSUPPORTED for the kinds the
 * header comment lists and for a signature algorithm mutls does not verify (SHA-1, MD5,
 * unknown). On error @p crl is zeroed but for crl->why, which names the rule broken
 * ("its cRLNumber extension is marked critical, which RFC 5280 §5.2.3 forbids").
 */
MUTLS_MUST_CHECK int mutls_x509_crl_parse(mutls_x509_crl *crl, const uint8_t *der, size_t len);

/* One DistributionPoint of a cRLDistributionPoints extension (RFC 5280 §4.2.1.13), its
 * fields checked; each is empty when absent. */
typedef struct mutls_x509_dp {
    mutls_slice full_name;  /* distributionPoint fullName: GeneralNames contents */
    mutls_slice relative;   /* distributionPoint nameRelativeToCRLIssuer: the RDN's contents */
    mutls_slice crl_issuer; /* cRLIssuer: GeneralNames contents */
} mutls_x509_dp;

/* The next DistributionPoint of a cRLDistributionPoints list read by @p r: 1 with @p dp
 * filled, 0 at the end, or MUTLS_ERR_X509_MALFORMED. */
MUTLS_MUST_CHECK int mutls_x509_crldp_next(mutls_rd *r, mutls_x509_dp *dp);

/*
 * The rule that set aside a CRL naming the certificate's issuer, so that the explanation of a
 * _CRL_MISSING or _CRL_BAD_SIGNATURE answer can say which one (the first CRL set aside for
 * the rule class of the answer; MUTLS_CRL_ASIDE_NONE when no CRL named the issuer at all).
 */
enum {
    MUTLS_CRL_ASIDE_NONE = 0,
    MUTLS_CRL_ASIDE_KEY_ID = 1,      /* §5.2.1: its authorityKeyIdentifier is another key's */
    MUTLS_CRL_ASIDE_ONLY_USER = 2,   /* §5.2.5 onlyContainsUserCerts, and x is a CA */
    MUTLS_CRL_ASIDE_ONLY_CA = 3,     /* §5.2.5 onlyContainsCACerts, and x is an end entity */
    MUTLS_CRL_ASIDE_DP_NAME = 4,     /* §6.3.3(b)(2)(i): x does not name its distribution point */
    MUTLS_CRL_ASIDE_NO_DP = 5,       /* the same, and x has no cRLDistributionPoints at all */
    MUTLS_CRL_ASIDE_NO_CRL_SIGN = 6, /* §6.3.3(f): the issuer's keyUsage lacks cRLSign */
    MUTLS_CRL_ASIDE_SIGNATURE = 7,   /* §6.3.3(g): the signature does not verify */
    MUTLS_CRL_ASIDE_DP_ISSUER = 8    /* §6.3.3(b)(1): x names its distribution point, with a
                                      * cRLIssuer that is not the CRL's issuer */
};

/* The result of one certificate's revocation check. */
typedef struct mutls_x509_crl_status {
    int code;           /* 0 (not revoked), MUTLS_ERR_X509_REVOKED, _CRL_MISSING,
                         * _CRL_EXPIRED, _CRL_BAD_SIGNATURE, or NO_MEMORY */
    int64_t revoked_at; /* revocationDate, when revoked */
    int reason;         /* MUTLS_CRL_REASON_*, when revoked */
    int64_t crl_time;   /* the stale CRL's nextUpdate (or its thisUpdate when that is in
                         * the future), for _CRL_EXPIRED */
    int set_aside;      /* MUTLS_CRL_ASIDE_*, for _CRL_MISSING and _CRL_BAD_SIGNATURE */
} mutls_x509_crl_status;

/*
 * RFC 5280 §6.3.3 for certificate @p x, issued by @p issuer (the next certificate of the
 * path, possibly the trust anchor), at time @p now. @p issuer_key is the issuer's imported
 * public key when the caller has it (an anchor's), or NULL to import it from the issuer's
 * SPKI. Of @p crls, those whose issuer Name equals x's issuer (RFC 5280 §7.1), whose
 * authorityKeyIdentifier (when both it and the issuer's subjectKeyIdentifier are present)
 * matches, and whose scope covers @p x (is_ca from its basicConstraints; a distribution
 * point name must equal a fullName in x's cRLDistributionPoints) are candidates. A candidate
 * is used when its signature verifies with the issuer's key, the issuer's keyUsage (when
 * present) has cRLSign, and thisUpdate <= now < nextUpdate. If any used CRL lists x's
 * serial number (entries with reason removeFromCRL do not count), the result is
 * MUTLS_ERR_X509_REVOKED; else, if one was used, 0; else the reason no candidate could be
 * used (_CRL_BAD_SIGNATURE before _CRL_EXPIRED), or _CRL_MISSING when there was none (as
 * OpenSSL's "unable to get certificate CRL": a CRL outside x's scope is no CRL for x), with
 * status->set_aside saying which rule set the CRL aside. Returns status->code.
 */
MUTLS_MUST_CHECK int mutls_x509_crl_check(const mutls_x509 *x, const mutls_x509 *issuer,
                                          const mutls_pkey *issuer_key, const mutls_x509_crl *crls,
                                          size_t n_crls, int64_t now,
                                          mutls_x509_crl_status *status);

/*
 * The certificate of another key of the CA named as a CRL's issuer, for a CRL whose
 * authorityKeyIdentifier is not the key of x's issuer (RFC 5280 §6.3.3(f): the CRL issuer's
 * certificate is found and validated to the same trust anchor, with cRLSign). 0 with *key set
 * to that certificate's key (the caller frees it) or NULL when there is none that validates;
 * MUTLS_ERR_NO_MEMORY.
 */
typedef int (*mutls_x509_crl_signer_fn)(void *ctx, const mutls_x509_crl *crl, mutls_pkey **key);

/* mutls_x509_crl_check, with @p signer (NULL: none) looking for such certificates. */
MUTLS_MUST_CHECK int mutls_x509_crl_check_with(const mutls_x509 *x, const mutls_x509 *issuer,
                                               const mutls_pkey *issuer_key,
                                               const mutls_x509_crl *crls, size_t n_crls,
                                               int64_t now, mutls_x509_crl_signer_fn signer,
                                               void *signer_ctx, mutls_x509_crl_status *status);

/*
 * Whether @p crl lists the serial number @p serial (INTEGER contents, compared byte for byte),
 * not counting entries with reason removeFromCRL: 1 with the entry's revocationDate and
 * reason (MUTLS_CRL_REASON_*), or 0. Signature and dates are not looked at here.
 */
int mutls_x509_crl_find(const mutls_x509_crl *crl, mutls_slice serial, int64_t *date, int *reason);

/* cRLDistributionPoints contents (§4.2.1.13) are well-formed (x509_crl.c, which also reads
 * them when a CRL names its distribution point). 0 or MUTLS_ERR_X509_MALFORMED. */
MUTLS_MUST_CHECK int mutls_x509_crldp_check(mutls_slice dps);

/* The RFC 5280 name of a reason ("keyCompromise", ...), or "unspecified" for others. */
const char *mutls_x509_crl_reason_name(int reason);

#endif
