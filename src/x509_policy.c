/* SPDX-License-Identifier: MIT */
/*
 * x509_policy.c - the certificate policy extensions of RFC 5280: certificatePolicies
 * (§4.2.1.4), policyMappings (§4.2.1.5), policyConstraints (§4.2.1.11) and inhibitAnyPolicy
 * (§4.2.1.14), read through the strict DER reader for x509.c.
 *
 * mutls validates paths with the inputs of RFC 5280 §6.1.1 at their defaults
 * (initial-policy-set anyPolicy, no explicit policy, mapping and anyPolicy not inhibited),
 * and keeps no policy tree. With those inputs the tree decides the outcome only once
 * requireExplicitPolicy takes effect in the path, which x509_verify.c refuses outright (it
 * cannot tell an empty tree from a full one). Everywhere else a path is valid whatever
 * policies its certificates assert or map (§6.1.5(g)), so these extensions are recognised
 * (a critical one is no "unknown critical extension"), checked for their syntax, and held
 * to the rules that hold whatever the tree: anyPolicy is never mapped (§6.1.4(a)), a policy
 * is asserted once per certificate (§4.2.1.4). policyConstraints' requireExplicitPolicy is
 * kept for x509_verify.c; inhibitPolicyMapping and inhibitAnyPolicy only shape the tree.
 * The NIST PKITS cases of 4.8-4.12 this affects are listed in vectors/x509/pkits/policies.txt.
 */
#include "x509.h"

#include <string.h>

#include "der.h"

/* OIDs, contents octets only: id-ce 32, 33, 36, 54 and anyPolicy (id-ce-certificatePolicies 0). */
#define OID_EXT_CERT_POLICIES "\x55\x1d\x20"
#define OID_EXT_POLICY_MAPPINGS "\x55\x1d\x21"
#define OID_EXT_POLICY_CONSTRAINTS "\x55\x1d\x24"
#define OID_EXT_INHIBIT_ANY_POLICY "\x55\x1d\x36"
#define OID_ANY_POLICY "\x55\x1d\x20\x00"

static int well_formed(const mutls_rd *r)
{
    return r->err == 0 ? 0 : MUTLS_ERR_X509_MALFORMED;
}

static int read_to_end(mutls_rd *r)
{
    return mutls_der_end(r) == 0 ? 0 : MUTLS_ERR_X509_MALFORMED;
}

/* Enter a SEQUENCE SIZE (1..MAX) OF ...: MUTLS_ERR_X509_MALFORMED when broken or empty. */
static int enter_list(mutls_rd *v, mutls_rd *list)
{
    mutls_der_enter(v, MUTLS_DER_SEQUENCE, list);
    TRY(well_formed(v));
    return mutls_rd_remaining(list) > 0 ? 0 : MUTLS_ERR_X509_MALFORMED;
}

/* SkipCerts ::= INTEGER (0..MAX), under @p tag: its value (255 for anything larger, which no
 * path reaches), or MUTLS_ERR_X509_MALFORMED. */
static int skip_certs(mutls_rd *r, uint8_t tag)
{
    uint32_t v = mutls_der_small_uint_tagged(r, tag);

    TRY(well_formed(r));
    return v > 255 ? 255 : (int)v;
}

/*
 * certificatePolicies ::= SEQUENCE SIZE (1..MAX) OF PolicyInformation
 * PolicyInformation ::= SEQUENCE { policyIdentifier CertPolicyId,
 *                                  policyQualifiers SEQUENCE SIZE (1..MAX) OF
 *                                      PolicyQualifierInfo OPTIONAL }
 * Qualifiers are information for the user (§4.2.1.4): read as one well-formed SEQUENCE.
 */
static int parse_certificate_policies(mutls_rd *v)
{
    mutls_slice seen[16];
    size_t n = 0;
    mutls_rd list;

    TRY(enter_list(v, &list));
    while (mutls_rd_remaining(&list) > 0) {
        mutls_rd info;
        mutls_slice id;

        mutls_der_enter(&list, MUTLS_DER_SEQUENCE, &info);
        id = mutls_der_oid(&info);
        if (mutls_rd_remaining(&info) > 0 &&
            mutls_der_value(&info, MUTLS_DER_SEQUENCE).len == 0) {
            return MUTLS_ERR_X509_MALFORMED; /* SIZE (1..MAX) */
        }
        TRY(read_to_end(&info));
        TRY(well_formed(&list));
        /* §4.2.1.4: a policy OID appears at most once in the extension. */
        for (size_t i = 0; i < n; i++) {
            if (seen[i].len == id.len && memcmp(seen[i].p, id.p, id.len) == 0) {
                return MUTLS_ERR_X509_MALFORMED;
            }
        }
        if (n < sizeof(seen) / sizeof(seen[0])) {
            seen[n++] = id;
        }
    }
    return read_to_end(v);
}

/*
 * PolicyMappings ::= SEQUENCE SIZE (1..MAX) OF SEQUENCE {
 *   issuerDomainPolicy CertPolicyId, subjectDomainPolicy CertPolicyId }
 * §6.1.4(a): anyPolicy appears on neither side, or the path is invalid.
 */
static int parse_policy_mappings(mutls_rd *v)
{
    mutls_rd list;

    TRY(enter_list(v, &list));
    while (mutls_rd_remaining(&list) > 0) {
        mutls_rd pair;

        mutls_der_enter(&list, MUTLS_DER_SEQUENCE, &pair);
        for (int side = 0; side < 2; side++) {
            mutls_slice id = mutls_der_oid(&pair);

            if (pair.err == 0 && MUTLS_DER_OID_IS(id, OID_ANY_POLICY)) {
                return MUTLS_ERR_X509_MALFORMED;
            }
        }
        TRY(read_to_end(&pair));
        TRY(well_formed(&list));
    }
    return read_to_end(v);
}

/*
 * PolicyConstraints ::= SEQUENCE { requireExplicitPolicy [0] SkipCerts OPTIONAL,
 *   inhibitPolicyMapping [1] SkipCerts OPTIONAL } (§4.2.1.11): never empty;
 * requireExplicitPolicy is kept in x->require_explicit.
 */
static int parse_policy_constraints(mutls_rd *v, mutls_x509 *x)
{
    mutls_rd seq;
    int n;

    mutls_der_enter(v, MUTLS_DER_SEQUENCE, &seq);
    TRY(well_formed(v));
    /* as X509-Anvil PolicyConstraintsTests.emptyPolicyConstraintsEntity */
    if (mutls_rd_remaining(&seq) == 0) {
        return MUTLS_ERR_X509_MALFORMED;
    }
    if (mutls_der_peek(&seq) == MUTLS_DER_CTX_PRIM(0)) {
        n = skip_certs(&seq, MUTLS_DER_CTX_PRIM(0));
        TRY(n);
        x->require_explicit = n;
    }
    if (mutls_der_peek(&seq) == MUTLS_DER_CTX_PRIM(1)) {
        TRY(skip_certs(&seq, MUTLS_DER_CTX_PRIM(1)));
    }
    TRY(read_to_end(&seq));
    return read_to_end(v);
}

int mutls_x509_parse_policy_ext(mutls_slice oid, int critical, mutls_rd *v, mutls_x509 *x)
{
    if (MUTLS_DER_OID_IS(oid, OID_EXT_POLICY_CONSTRAINTS)) {
        /* §4.2.1.11: always critical (verification refuses it otherwise, with the depth). */
        if (!critical) {
            x->flags |= MUTLS_X509_PC_NOT_CRITICAL;
        }
        return parse_policy_constraints(v, x);
    }
    if (MUTLS_DER_OID_IS(oid, OID_EXT_CERT_POLICIES)) {
        return parse_certificate_policies(v);
    }
    if (MUTLS_DER_OID_IS(oid, OID_EXT_POLICY_MAPPINGS)) {
        return parse_policy_mappings(v);
    }
    if (MUTLS_DER_OID_IS(oid, OID_EXT_INHIBIT_ANY_POLICY)) {
        /* InhibitAnyPolicy ::= SkipCerts (§4.2.1.14); it only shapes the policy tree. */
        TRY(skip_certs(v, MUTLS_DER_INTEGER));
        return read_to_end(v);
    }
    return 1;
}
