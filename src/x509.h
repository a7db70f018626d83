/* SPDX-License-Identifier: MIT */
/*
 * x509.h - X.509 certificates (RFC 5280): parsing in place, names (RFC 4514 printing,
 * RFC 6125 matching, RFC 5280 §4.2.1.10 name constraints) and chain verification.
 *
 * A parsed mutls_x509 holds slices that point into the caller's DER: the DER must stay
 * alive and unchanged for as long as the mutls_x509 is used. Parsing allocates nothing.
 * Verification (x509_verify.c) imports each issuer's key through keys.h for the signature
 * checks and frees it before returning.
 */
#ifndef MUTLS_X509_H
#define MUTLS_X509_H

#include <stddef.h>
#include <stdint.h>

#include "bytes.h"
#include "crypto.h"
#include "error.h"

/* keyUsage named bits (RFC 5280 §4.2.1.3), bit 0 = first bit on the wire. */
#define MUTLS_X509_KU_DIGITAL_SIGNATURE (1u << 0)
#define MUTLS_X509_KU_NON_REPUDIATION (1u << 1)
#define MUTLS_X509_KU_KEY_ENCIPHERMENT (1u << 2)
#define MUTLS_X509_KU_DATA_ENCIPHERMENT (1u << 3)
#define MUTLS_X509_KU_KEY_AGREEMENT (1u << 4)
#define MUTLS_X509_KU_KEY_CERT_SIGN (1u << 5)
#define MUTLS_X509_KU_CRL_SIGN (1u << 6)

/* extendedKeyUsage purposes mutls knows (RFC 5280 §4.2.1.12). */
#define MUTLS_X509_EKU_SERVER_AUTH (1u << 0)
#define MUTLS_X509_EKU_CLIENT_AUTH (1u << 1)
#define MUTLS_X509_EKU_ANY (1u << 2)
#define MUTLS_X509_EKU_OTHER (1u << 3)

/* Which extensions were present. */
#define MUTLS_X509_HAS_BASIC_CONSTRAINTS (1u << 0)
#define MUTLS_X509_HAS_KEY_USAGE (1u << 1)
#define MUTLS_X509_HAS_EKU (1u << 2)
#define MUTLS_X509_HAS_SAN (1u << 3)
#define MUTLS_X509_HAS_SKI (1u << 4)
#define MUTLS_X509_HAS_AKI (1u << 5)
#define MUTLS_X509_HAS_NAME_CONSTRAINTS (1u << 6)
#define MUTLS_X509_HAS_CRLDP (1u << 7) /* cRLDistributionPoints */
/* Not extensions (the bits above fit the 8-bit field of x509.c's OID table). */
#define MUTLS_X509_UNKNOWN_CRITICAL (1u << 8)
#define MUTLS_X509_SELF_ISSUED (1u << 9)   /* issuer and subject are the same name */
#define MUTLS_X509_SAN_CRITICAL (1u << 10) /* subjectAltName marked critical */
#define MUTLS_X509_BC_NOT_CRITICAL (1u << 11) /* basicConstraints present, not critical */
#define MUTLS_X509_NC_NOT_CRITICAL (1u << 12) /* nameConstraints present, not critical */
#define MUTLS_X509_PC_NOT_CRITICAL (1u << 13) /* policyConstraints present, not critical */
#define MUTLS_X509_HAS_INHIBIT_MAPPING (1u << 14) /* policyConstraints inhibitPolicyMapping */
#define MUTLS_X509_HAS_INHIBIT_ANY (1u << 15)     /* inhibitAnyPolicy */
#define MUTLS_X509_CA_NOT_CRITICAL \
    (MUTLS_X509_BC_NOT_CRITICAL | MUTLS_X509_NC_NOT_CRITICAL | MUTLS_X509_PC_NOT_CRITICAL)

/* GeneralName choices (RFC 5280 §4.2.1.6): the context tag number. */
enum {
    MUTLS_X509_GN_OTHER = 0,
    MUTLS_X509_GN_EMAIL = 1,
    MUTLS_X509_GN_DNS = 2,
    MUTLS_X509_GN_X400 = 3,
    MUTLS_X509_GN_DIRNAME = 4,
    MUTLS_X509_GN_EDI = 5,
    MUTLS_X509_GN_URI = 6,
    MUTLS_X509_GN_IP = 7,
    MUTLS_X509_GN_RID = 8
};

/* Most intermediates between the leaf (depth 0) and the anchor (so the anchor is at depth 9
 * at most); a 9th intermediate is path_too_long at its depth. As openssl's -verify_depth 8. */
#define MUTLS_X509_MAX_DEPTH 8

/* A signature algorithm as parsed from an AlgorithmIdentifier. */
typedef struct mutls_x509_sigalg {
    mutls_sig_kind kind;
    mutls_hash_alg hash; /* MD5 / SHA1 recognised only to be refused */
    size_t pss_salt;
    int supported; /* 1 when mutls verifies signatures of this kind */
} mutls_x509_sigalg;

typedef struct mutls_x509 {
    mutls_slice der;       /* the whole Certificate */
    mutls_slice tbs;       /* the whole TBSCertificate TLV: the signed bytes */
    int version;           /* 1, 2 or 3 */
    mutls_slice serial;    /* INTEGER contents (two's complement) */
    mutls_x509_sigalg sig; /* signatureAlgorithm */
    mutls_slice signature; /* signatureValue BIT STRING contents */
    mutls_slice issuer;    /* Name, whole TLV */
    mutls_slice subject;   /* Name, whole TLV */
    int64_t not_before;    /* seconds since 1970, UTC */
    int64_t not_after;
    mutls_slice spki;        /* SubjectPublicKeyInfo, whole TLV */
    mutls_key_type key_type; /* NONE when the algorithm is not RSA or EC P-256/P-384 */
    size_t key_bits;         /* RSA modulus bits, or the curve size */
    mutls_curve curve;
    uint32_t flags;           /* MUTLS_X509_HAS_* */
    int is_ca;                /* basicConstraints cA */
    int path_len;             /* pathLenConstraint, -1 when absent */
    int require_explicit;     /* policyConstraints requireExplicitPolicy, -1 when absent */
    uint8_t inhibit_mapping;  /* inhibitPolicyMapping (with HAS_INHIBIT_MAPPING), 255 = more */
    uint8_t inhibit_any;      /* inhibitAnyPolicy SkipCerts (with HAS_INHIBIT_ANY), 255 = more */
    mutls_slice policies;     /* certificatePolicies SEQUENCE contents, empty when absent */
    mutls_slice mappings;     /* policyMappings SEQUENCE contents, empty when absent */
    uint32_t key_usage;       /* MUTLS_X509_KU_* (valid with HAS_KEY_USAGE) */
    uint32_t eku;             /* MUTLS_X509_EKU_* (valid with HAS_EKU) */
    mutls_slice ski;          /* subjectKeyIdentifier contents */
    mutls_slice aki;          /* authorityKeyIdentifier keyIdentifier contents (may be empty) */
    mutls_slice san;          /* GeneralNames contents, iterate with mutls_x509_gn_next */
    mutls_slice nc_permitted; /* GeneralSubtrees contents (empty when absent) */
    mutls_slice nc_excluded;
    mutls_slice crldp; /* cRLDistributionPoints SEQUENCE contents (NOT checked), or empty */
    /* After mutls_x509_parse refuses a certificate: the rule it breaks, a static sentence part
     * such as "its validity dates are not in order" (NULL when not known). */
    const char *why;
} mutls_x509;

/* One GeneralName: its choice (MUTLS_X509_GN_*) and its contents. */
typedef struct mutls_x509_gn {
    int type;
    mutls_slice value;
} mutls_x509_gn;

/*
 * Parse one DER certificate (the whole input, no trailing bytes). Structure errors are
 * MUTLS_ERR_X509_MALFORMED; @p x is then zeroed but for x->why, the rule the certificate
 * breaks (never NULL after MALFORMED; NULL after a success). An unknown signature or key
 * algorithm, a weak hash or an unknown critical extension are recorded, not refused:
 * verification reports them with the certificate's depth (a trust anchor's own signature
 * algorithm never matters).
 */
MUTLS_MUST_CHECK int mutls_x509_parse(mutls_x509 *x, const uint8_t *der, size_t len);

/* Whether the certificate's issuer and subject are the same name (self-issued). */
int mutls_x509_self_issued(const mutls_x509 *x);

/* ---- pieces of the parser that CRLs (x509_crl.c) share. Structure errors are
 * MUTLS_ERR_X509_MALFORMED; the reader moves past what was read. Those that take @p why name
 * there the rule a refusal breaks (a static sentence part, "its ... (RFC 5280 4.x)") when
 * they know one and *why is still NULL; a plain DER break is left to the caller, which knows
 * the field. */

/* MUTLS_ERR_X509_MALFORMED unless @p r has no error (good), and for _end, was read to its end
 * (trailing bytes are an error). */
MUTLS_MUST_CHECK int mutls_x509_rd_good(const mutls_rd *r);
MUTLS_MUST_CHECK int mutls_x509_rd_end(mutls_rd *r);

/* Return @p code, and name @p rule in *why unless a rule is named there already: the
 * innermost check that knows the rule speaks, callers only add a fallback. _malformed is
 * this with MUTLS_ERR_X509_MALFORMED; _in_field names @p rule only when @p rc is an error
 * (the field an inner refusal happened in) and returns @p rc. */
int mutls_x509_refuse(const char **why, int code, const char *rule);
int mutls_x509_malformed(const char **why, const char *rule);
int mutls_x509_in_field(const char **why, int rc, const char *rule);

/* Read a SEQUENCE whose whole encoding the caller keeps (to hash, compare or re-parse):
 * @p whole gets tag, length and contents, @p content reads the contents. */
MUTLS_MUST_CHECK int mutls_x509_enter_sequence(mutls_rd *r, mutls_slice *whole, mutls_rd *content);
/* A signature AlgorithmIdentifier; @p whole gets its whole TLV (to compare the inner and outer
 * ones). An unknown algorithm is not an error: out->supported is 0. */
MUTLS_MUST_CHECK int mutls_x509_parse_sig_alg(mutls_rd *r, mutls_x509_sigalg *out,
                                              mutls_slice *whole, const char **why);
/* A Name (RFC 5280 §4.1.2.4); @p whole gets its whole TLV. */
MUTLS_MUST_CHECK int mutls_x509_parse_name(mutls_rd *r, mutls_slice *whole, const char **why);
/* The contents of one RelativeDistinguishedName, read by @p set: at least one
 * AttributeTypeAndValue, each with a well-formed value (§4.1.2.4). */
MUTLS_MUST_CHECK int mutls_x509_check_rdn(mutls_rd *set, const char **why);
/* An AuthorityKeyIdentifier value (§4.2.1.1): *key_id gets keyIdentifier (left as it was when
 * absent). */
MUTLS_MUST_CHECK int mutls_x509_parse_aki(mutls_rd *r, mutls_slice *key_id);
/* GeneralNames contents (at least one well-formed GeneralName), or GeneralSubtrees contents
 * when @p subtrees. The rules named in *why speak of a subjectAltName (or of nameConstraints,
 * with @p subtrees): a caller checking other GeneralNames names its own rule. */
MUTLS_MUST_CHECK int mutls_x509_check_general_names(mutls_slice names, int subtrees,
                                                    const char **why);

/* Called once per extension with its OID, criticality and a reader over the extnValue
 * contents, which it must read to the end. 0, or a code that stops the walk. */
typedef int (*mutls_x509_ext_fn)(void *ctx, mutls_slice oid, int critical, mutls_rd *value);
/* Extensions (§4.1.2.9, §5.2, §5.3): a non-empty SEQUENCE without a repeated OID (at most 32
 * extensions); @p fn interprets each. A refusal without a rule of its own gets the
 * extension's name in *why ("its keyUsage extension is malformed (RFC 5280 4.2.1.3)"). */
MUTLS_MUST_CHECK int mutls_x509_parse_extensions(mutls_rd *r, mutls_x509_ext_fn fn, void *ctx,
                                                 const char **why);
/* A certificate's extensions (x509_ext.c, RFC 5280 §4.2) into @p x; the rule broken in
 * x->why. */
MUTLS_MUST_CHECK int mutls_x509_parse_cert_extensions(mutls_rd *r, mutls_x509 *x);


/*
 * Walk GeneralNames (a SAN list) or GeneralSubtrees (name constraints) held in a reader:
 * returns 1 with the next entry, 0 at the end, or MUTLS_ERR_X509_MALFORMED.
 */
MUTLS_MUST_CHECK int mutls_x509_gn_next(mutls_rd *r, mutls_x509_gn *out);
MUTLS_MUST_CHECK int mutls_x509_subtree_next(mutls_rd *r, mutls_x509_gn *out);

/* The base of one GeneralSubtree is well-formed for its form (x509_match.c): an iPAddress
 * is an address and a CIDR mask, a dNSName holds no wildcard. 0 or MUTLS_ERR_X509_MALFORMED
 * (with the rule in *why). */
MUTLS_MUST_CHECK int mutls_x509_check_subtree(const mutls_x509_gn *gn, const char **why);

/* One subjectAltName entry is well-formed for its form (x509_gn.c): an iPAddress has 4 or
 * 16 octets, a dNSName the preferred name syntax, a URI is absolute with a host when it has an
 * authority (RFC 5280 §4.2.1.6). 0 or MUTLS_ERR_X509_MALFORMED. */
MUTLS_MUST_CHECK int mutls_x509_check_san_entry(const mutls_x509_gn *gn);

/* ---- names (x509_name.c: strings and comparison; x509_match.c: hosts, IPs, constraints) */

/*
 * RFC 4514 string of a Name (whole TLV), e.g. "CN=client,O=Example" (last RDN first).
 * Always NUL-terminates @p out when @p cap > 0; returns the length written, or
 * MUTLS_ERR_BUFFER_TOO_SMALL (the output is then truncated) or MUTLS_ERR_X509_MALFORMED.
 */
MUTLS_MUST_CHECK int mutls_x509_name_string(mutls_slice name, char *out, size_t cap);

/* RFC 5280 §7.1: byte-equal DER, or equal after case-folding and space-folding of
 * PrintableString / UTF8String values RDN by RDN. 1 equal, 0 not. */
int mutls_x509_name_equal(mutls_slice a, mutls_slice b);

/* RFC 5280 §4.2.1.10: whether @p name lies in the directoryName subtree @p base, i.e. the
 * RDNs of @p base are the first RDNs of @p name (each compared as mutls_x509_name_equal
 * does). A base of no RDNs holds every name. 1 within, 0 not. */
int mutls_x509_name_within(mutls_slice name, mutls_slice base);

/* RFC 5280 §4.2.1.13, §5.2.5: whether @p name is @p base with the one RDN @p rdn (the
 * contents of a RelativeDistinguishedName: its AttributeTypeAndValues) added at its end, as a
 * nameRelativeToCRLIssuer names a distribution point. 1 it is, 0 not. */
int mutls_x509_name_joined(mutls_slice name, mutls_slice base, mutls_slice rdn);

/* Whether two RDN contents (as mutls_x509_name_joined takes) are equal, attribute by attribute
 * as mutls_x509_name_equal compares them. 1 equal, 0 not (or empty). */
int mutls_x509_rdn_equal(mutls_slice a, mutls_slice b);

/* A walk over the attributes of one type in a Name, in order, reading the Name once:
 *   mutls_x509_attr_iter it; mutls_x509_attr_begin(&it, name, oid, oid_len);
 *   while ((rc = mutls_x509_attr_next(&it, &value)) > 0) { ... }
 * next gives 1 with the next value of type @p oid (contents octets), 0 at the end, <0 when
 * the Name is malformed. */
typedef struct mutls_x509_attr_iter {
    mutls_rd seq; /* the RDNSequence */
    mutls_rd set; /* the current RDN */
    const uint8_t *oid;
    size_t oid_len;
    int bad;
} mutls_x509_attr_iter;
void mutls_x509_attr_begin(mutls_x509_attr_iter *it, mutls_slice name, const uint8_t *oid,
                           size_t oid_len);
MUTLS_MUST_CHECK int mutls_x509_attr_next(mutls_x509_attr_iter *it, mutls_slice *value);

/* The most specific (last) commonName value of a Name; 1 found, 0 none, <0 malformed. */
MUTLS_MUST_CHECK int mutls_x509_name_cn(mutls_slice name, mutls_slice *cn);

/*
 * Parse an IPv4 dotted quad or an IPv6 address (RFC 4291 §2.2 text forms, "::" and an
 * embedded dotted quad allowed) into @p out; *len becomes 4 or 16. 0 or MUTLS_ERR_BAD_ARGUMENT.
 */
MUTLS_MUST_CHECK int mutls_x509_parse_ip(const char *s, uint8_t out[16], size_t *len);

/*
 * RFC 6125 §6.4: whether a dNSName @p pattern matches the reference DNS name @p host.
 * Case-insensitive, one trailing dot ignored on either, a wildcard only as the whole
 * left-most label with at least two labels after it, never on an A-label ("xn--").
 * 1 match, 0 not.
 */
int mutls_x509_match_dns(mutls_slice pattern, const char *host);

/* What kind of reference name the application expects. */
enum {
    MUTLS_X509_NAME_AUTO = 0, /* an IP literal is an IP address, anything else a DNS name */
    MUTLS_X509_NAME_DNS = 1,  /* a DNS name; one that is an IP literal matches nothing */
    MUTLS_X509_NAME_IP = 2    /* an IP literal (MUTLS_ERR_BAD_ARGUMENT when it is not one) */
};

/*
 * The leaf matches @p host of @p kind (MUTLS_X509_NAME_*): SAN dNSName / iPAddress entries
 * when a SAN is present, otherwise the subject's last CN (DNS names only). 0 or
 * MUTLS_ERR_X509_NAME_MISMATCH (MUTLS_ERR_X509_MALFORMED for a broken SAN).
 */
MUTLS_MUST_CHECK int mutls_x509_check_host(const mutls_x509 *leaf, const char *host, int kind);

/*
 * x509_policy.c, for x509.c's extension walk: @p oid's value @p v when it is one of the policy
 * extensions (certificatePolicies, policyMappings, policyConstraints, inhibitAnyPolicy,
 * RFC 5280 §4.2.1.4, .5, .11, .14): 0, or MUTLS_ERR_X509_MALFORMED; 1 (nothing read) for
 * another OID.
 */
MUTLS_MUST_CHECK int mutls_x509_parse_policy_ext(mutls_slice oid, int critical, mutls_rd *v,
                                                 mutls_x509 *x);

/*
 * RFC 5280 §4.2.1.10: whether the names of @p x (its subject against directoryName
 * subtrees, its emailAddress attributes against rfc822Name ones; every SAN entry; for a leaf
 * without a SAN, its CN when that looks like a host name) satisfy the constraints of @p ca.
 * dNSName, iPAddress, directoryName, rfc822Name and URI subtrees are enforced; a name of
 * another form (otherName, ...) under a subtree of its own form is refused, as the RFC allows.
 * 0 or MUTLS_ERR_X509_NAME_CONSTRAINT (MUTLS_ERR_X509_MALFORMED for broken input).
 */
MUTLS_MUST_CHECK int mutls_x509_check_constraints(const mutls_x509 *ca, const mutls_x509 *x,
                                                  int is_leaf);

/* Whether one SAN-style entry (MUTLS_X509_GN_DNS or _IP contents) matches @p host under the
 * rules of mutls_x509_check_host: an IP literal only matches an iPAddress. 1 match, 0 not. */
int mutls_x509_match_name(int gn_type, mutls_slice value, const char *host);

/* ---- verification (x509_verify.c) */

/* CRL_SIGNER: the leaf signs CRLs (RFC 5280 §6.3.3(f)): keyUsage cRLSign when present, any
 * extendedKeyUsage (intermediates are not held to one either). */
enum { MUTLS_X509_PURPOSE_SERVER = 0, MUTLS_X509_PURPOSE_CLIENT = 1, MUTLS_X509_PURPOSE_CRL_SIGNER = 2 };

typedef struct mutls_x509_verify_params {
    int purpose;                   /* MUTLS_X509_PURPOSE_* */
    const char *name;              /* expected DNS name or IP literal; NULL = do not check */
    int name_kind;                 /* MUTLS_X509_NAME_* (0: decided by the form of name) */
    int64_t (*time_fn)(void *ctx); /* NULL: the wall clock */
    void *time_ctx;
    /* Optional: the anchors' public keys, imported in advance (parallel to the anchors
     * array; a NULL entry is imported when needed). Saves a key import per verification. */
    mutls_pkey *const *anchor_keys;
    /* Optional: revocation (x509_crl.h). With n_crls > 0, the certificates crl_check names
     * (MUTLS_CRL_CHECK_*, mutls.h) are checked against crls once the path is otherwise valid. */
    const struct mutls_x509_crl *crls;
    size_t n_crls;
    int crl_check;
    /* Set by the verifier: how many CRL signers' own paths this one is nested in (0 for the
     * caller's path; x509_verify.c bounds it). */
    int crl_signer_depth;
    /* RFC 5280 §6.1.1 (c)(e)(f)(g): the user-initial-policy-set (OID contents octets; none =
     * anyPolicy) and MUTLS_POLICY_* (mutls.h) for initial-explicit-policy, -policy-mapping-
     * inhibit, -any-policy-inhibit. All zero: the defaults. */
    const mutls_slice *policies;
    size_t n_policies;
    unsigned policy_flags;
} mutls_x509_verify_params;

typedef struct mutls_x509_verify_out {
    int code;               /* 0 or MUTLS_ERR_X509_* */
    int depth;              /* depth of the certificate the code is about (0 = leaf) */
    const mutls_x509 *cert; /* that certificate (points into the caller's arrays) or NULL */
    int64_t now;            /* the time the check used */
    const char *name;       /* params->name, for the explanation */
    int purpose;
    size_t path_len; /* certificates in the accepted path, anchor included */
    /* For MUTLS_ERR_X509_REVOKED: revocationDate and MUTLS_CRL_REASON_*; for
     * MUTLS_ERR_X509_CRL_EXPIRED: the stale CRL's nextUpdate (or future thisUpdate). */
    int64_t revoked_at;
    int revoke_reason;
    int64_t crl_time;
    int crl_check; /* params->crl_check, for the explanation of MUTLS_ERR_X509_CRL_MISSING */
    int crl_set_aside; /* MUTLS_CRL_ASIDE_* (x509_crl.h), for _CRL_MISSING / _CRL_BAD_SIGNATURE */
    int issuer_loops;  /* for _UNKNOWN_ISSUER: the issuer's certificates were all on the path */
    /* For MUTLS_ERR_X509_NO_POLICY: who requires an explicit policy, the certificate at depth
     * policy_by (policy_by_cert, its policyConstraints) or, with -1, the configuration; and
     * whether the configuration named acceptable policies (policy_user). */
    int policy_by;
    const mutls_x509 *policy_by_cert;
    int policy_user;
} mutls_x509_verify_out;

/*
 * Verify @p certs (certs[0] is the leaf; the others are candidate intermediates in any
 * order, extra ones ignored) against @p anchors. Returns 0 when a path to an anchor passes
 * every check, otherwise the first reason (also in out->code, with out->depth). Only
 * MUTLS_ERR_NO_MEMORY, MUTLS_ERR_NO_TIME and MUTLS_ERR_BAD_ARGUMENT are not about a
 * certificate.
 */
MUTLS_MUST_CHECK int mutls_x509_verify_chain(const mutls_x509 *certs, size_t n,
                                             const mutls_x509 *anchors, size_t n_anchors,
                                             const mutls_x509_verify_params *p,
                                             mutls_x509_verify_out *out);

/* ---- certificate policies (x509_policy.c: extensions and inputs; x509_policy_tree.c: the
 * RFC 5280 §6.1 policy processing) */

/* At most this many policies in a user-initial-policy-set, of at most this many octets each. */
#define MUTLS_X509_MAX_USER_POLICIES 16
#define MUTLS_X509_POLICY_OID_MAX 32
/* Most valid_policy_tree nodes one path may make (x509_policy_tree.c): over it the path is
 * refused with MUTLS_ERR_X509_POLICY_TOO_COMPLEX. */
#define MUTLS_X509_POLICY_MAX_NODES 4096

/* The policy inputs a trust store keeps (mutls_certs_set_policies): OIDs as contents octets
 * in its own storage, the slices params->policies points at, and MUTLS_POLICY_* flags. The
 * slices point into the struct itself: it is not copied once set. */
typedef struct mutls_x509_policy_input {
    uint8_t oid[MUTLS_X509_MAX_USER_POLICIES][MUTLS_X509_POLICY_OID_MAX];
    mutls_slice set[MUTLS_X509_MAX_USER_POLICIES];
    size_t n;
    unsigned flags;
} mutls_x509_policy_input;

/* Set @p in from @p n dotted OIDs ("2.16.840.1.101.3.2.1.48.1") and MUTLS_POLICY_* @p flags:
 * 0, or MUTLS_ERR_BAD_ARGUMENT (a malformed OID, too many or too long, an unknown flag) with
 * @p in unchanged. */
MUTLS_MUST_CHECK int mutls_x509_policy_input_set(mutls_x509_policy_input *in,
                                                 const char *const *oids, size_t n,
                                                 unsigned flags);
/* Point @p p's policy inputs at @p in (NULL leaves the defaults). */
void mutls_x509_policy_input_apply(const mutls_x509_policy_input *in,
                                   mutls_x509_verify_params *p);

/* What policy processing found wrong with a path: the code's certificate and, for
 * MUTLS_ERR_X509_NO_POLICY, who required an explicit policy (depth, or -1: the inputs). */
typedef struct mutls_x509_policy_result {
    int depth;
    int by;
    size_t nodes; /* nodes made over the path: the walk's work, for tests to bound */
} mutls_x509_policy_result;

/*
 * RFC 5280 §6.1.2-§6.1.5 policy processing over path[0..top] (path[0] the leaf, path[top]
 * the trust anchor, whose own extensions are not part of the path): 0 when the path is
 * valid for policies, MUTLS_ERR_X509_NO_POLICY (valid_policy_tree empty, or empty after the
 * intersection with the user-initial-policy-set, while explicit_policy is 0),
 * MUTLS_ERR_X509_POLICY_TOO_COMPLEX (over MUTLS_X509_POLICY_MAX_NODES), with res filled, or
 * MUTLS_ERR_NO_MEMORY / MUTLS_ERR_X509_MALFORMED.
 */
MUTLS_MUST_CHECK int mutls_x509_policy_check(const mutls_x509 *const *path, int top,
                                             const mutls_x509_verify_params *p,
                                             mutls_x509_policy_result *res);

/*
 * One sentence explaining @p out, e.g. "certificate at depth 0 (CN=client) expired on
 * 2025-01-01 00:00:00 UTC". Truncated to fit; always NUL-terminated when @p cap > 0.
 * Returns the length written.
 */
size_t mutls_x509_explain(const mutls_x509_verify_out *out, char *buf, size_t cap);

/* Verify the signature of @p x with the key in @p issuer's SPKI (0 or MUTLS_ERR_X509_*). */
MUTLS_MUST_CHECK int mutls_x509_check_signature(const mutls_x509 *x, const mutls_x509 *issuer);

/* Verify a signature @p sig made with algorithm @p alg over the DER @p tbs (a certificate's or
 * a CRL's) with @p key: 0, MUTLS_ERR_X509_UNSUPPORTED_ALGORITHM, MUTLS_ERR_X509_BAD_SIGNATURE
 * (a wrong value, or a kind the key cannot make) or MUTLS_ERR_NO_MEMORY. */
MUTLS_MUST_CHECK int mutls_x509_verify_signed(const mutls_x509_sigalg *alg, mutls_slice tbs,
                                              mutls_slice sig, const mutls_pkey *key);

#endif
