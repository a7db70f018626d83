/* SPDX-License-Identifier: MIT */
/*
 * x509_policy.c - the certificate policy extensions of RFC 5280: certificatePolicies
 * (§4.2.1.4), policyMappings (§4.2.1.5), policyConstraints (§4.2.1.11) and inhibitAnyPolicy
 * (§4.2.1.14), read through the strict DER reader for x509.c, and the policy inputs of
 * §6.1.1 (c)(e)(f)(g) a trust store carries (dotted OIDs from the application).
 *
 * Parsing keeps what policy processing (x509_policy_tree.c, RFC 5280 §6.1.3-§6.1.5) needs:
 * the certificatePolicies and policyMappings contents as slices into the certificate, the
 * three SkipCerts values. It also holds each certificate to the rules that do not depend on
 * the path: anyPolicy is never mapped (§6.1.4(a)), a policy is asserted once per certificate
 * (§4.2.1.4), the lists are not empty. Qualifiers are read as one well-formed SEQUENCE and not
 * interpreted: RFC 5280 §4.2.1.4 lets a relying party ignore them. To keep the work of policy
 * processing bounded whatever a certificate holds, a certificate may assert at most
 * MAX_POLICIES policies and MAX_MAPPINGS mappings.
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

/* Far more than any real PKI uses; the bound keeps the duplicate check and the tree small. */
#define MAX_POLICIES 256
#define MAX_MAPPINGS 1024

static int refuse(mutls_x509 *x, const char *why)
{
    if (x->why == NULL) {
        x->why = why;
    }
    return MUTLS_ERR_X509_MALFORMED;
}

/* Enter a SEQUENCE SIZE (1..MAX) OF ...: MUTLS_ERR_X509_MALFORMED when broken or empty. */
static int enter_list(mutls_rd *v, mutls_rd *list, mutls_slice *contents)
{
    mutls_der_tlv t;
    mutls_rd copy = *v;

    mutls_der_any(&copy, &t);
    mutls_der_enter(v, MUTLS_DER_SEQUENCE, list);
    TRY(mutls_x509_rd_good(v));
    *contents = t.value;
    return mutls_rd_remaining(list) > 0 ? 0 : MUTLS_ERR_X509_MALFORMED;
}

/* SkipCerts ::= INTEGER (0..MAX), under @p tag: its value (255 for anything larger, which no
 * path reaches), or MUTLS_ERR_X509_MALFORMED. */
static int skip_certs(mutls_rd *r, uint8_t tag)
{
    uint32_t v = mutls_der_small_uint_tagged(r, tag);

    TRY(mutls_x509_rd_good(r));
    return v > 255 ? 255 : (int)v;
}

/*
 * certificatePolicies ::= SEQUENCE SIZE (1..MAX) OF PolicyInformation
 * PolicyInformation ::= SEQUENCE { policyIdentifier CertPolicyId,
 *                                  policyQualifiers SEQUENCE SIZE (1..MAX) OF
 *                                      PolicyQualifierInfo OPTIONAL }
 * Qualifiers are information for the user (§4.2.1.4): read as one well-formed SEQUENCE.
 */
static int parse_certificate_policies(mutls_rd *v, mutls_x509 *x)
{
    mutls_rd list;
    size_t n = 0;

    if (enter_list(v, &list, &x->policies) < 0) {
        return refuse(x, "its certificatePolicies is malformed or empty (RFC 5280 4.2.1.4)");
    }
    while (mutls_rd_remaining(&list) > 0) {
        mutls_rd info;
        mutls_rd seen;
        mutls_slice id;

        mutls_der_enter(&list, MUTLS_DER_SEQUENCE, &info);
        id = mutls_der_oid(&info);
        if (mutls_rd_remaining(&info) > 0 &&
            mutls_der_value(&info, MUTLS_DER_SEQUENCE).len == 0) {
            return refuse(x, "its certificatePolicies has an empty policyQualifiers list (RFC "
                             "5280 4.2.1.4)");
        }
        if (mutls_x509_rd_end(&info) < 0 || mutls_x509_rd_good(&list) < 0) {
            return refuse(x, "its certificatePolicies is malformed (RFC 5280 4.2.1.4)");
        }
        if (++n > MAX_POLICIES) {
            return refuse(x, "its certificatePolicies lists more than 256 policies, over "
                             "mutls's bound");
        }
        /* §4.2.1.4: a policy OID appears at most once in the extension. The policies before
         * this one are read again from the start (at most 256, so bounded). */
        mutls_rd_init_slice(&seen, x->policies);
        for (size_t i = 1; i < n; i++) {
            mutls_rd one;

            mutls_der_enter(&seen, MUTLS_DER_SEQUENCE, &one);
            if (mutls_slice_eq(mutls_der_oid(&one), id)) {
                return refuse(x, "its certificatePolicies names a policy twice (RFC 5280 "
                                 "4.2.1.4)");
            }
        }
    }
    return mutls_x509_rd_end(v);
}

/*
 * PolicyMappings ::= SEQUENCE SIZE (1..MAX) OF SEQUENCE {
 *   issuerDomainPolicy CertPolicyId, subjectDomainPolicy CertPolicyId }
 * §6.1.4(a): anyPolicy appears on neither side, or the path is invalid; as the rule holds
 * whatever the path, the certificate is refused.
 */
static int parse_policy_mappings(mutls_rd *v, mutls_x509 *x)
{
    mutls_rd list;
    size_t n = 0;

    if (enter_list(v, &list, &x->mappings) < 0) {
        return refuse(x, "its policyMappings is malformed or empty (RFC 5280 4.2.1.5)");
    }
    while (mutls_rd_remaining(&list) > 0) {
        mutls_rd pair;

        mutls_der_enter(&list, MUTLS_DER_SEQUENCE, &pair);
        for (int side = 0; side < 2; side++) {
            mutls_slice id = mutls_der_oid(&pair);

            if (pair.err == 0 && MUTLS_DER_OID_IS(id, OID_ANY_POLICY)) {
                return refuse(x, "its policyMappings maps anyPolicy (RFC 5280 6.1.4(a))");
            }
        }
        if (mutls_x509_rd_end(&pair) < 0 || mutls_x509_rd_good(&list) < 0) {
            return refuse(x, "its policyMappings is malformed (RFC 5280 4.2.1.5)");
        }
        if (++n > MAX_MAPPINGS) {
            return refuse(x, "its policyMappings lists more than 1024 mappings, over mutls's "
                             "bound");
        }
    }
    return mutls_x509_rd_end(v);
}

/*
 * PolicyConstraints ::= SEQUENCE { requireExplicitPolicy [0] SkipCerts OPTIONAL,
 *   inhibitPolicyMapping [1] SkipCerts OPTIONAL } (§4.2.1.11): never empty.
 */
static int parse_policy_constraints(mutls_rd *v, mutls_x509 *x)
{
    mutls_rd seq;
    int n;

    mutls_der_enter(v, MUTLS_DER_SEQUENCE, &seq);
    TRY(mutls_x509_rd_good(v));
    /* as X509-Anvil PolicyConstraintsTests.emptyPolicyConstraintsEntity */
    if (mutls_rd_remaining(&seq) == 0) {
        return refuse(x, "its policyConstraints is empty (RFC 5280 4.2.1.11)");
    }
    if (mutls_der_peek(&seq) == MUTLS_DER_CTX_PRIM(0)) {
        n = skip_certs(&seq, MUTLS_DER_CTX_PRIM(0));
        TRY(n);
        x->require_explicit = n;
    }
    if (mutls_der_peek(&seq) == MUTLS_DER_CTX_PRIM(1)) {
        n = skip_certs(&seq, MUTLS_DER_CTX_PRIM(1));
        TRY(n);
        x->inhibit_mapping = (uint8_t)n;
        x->flags |= MUTLS_X509_HAS_INHIBIT_MAPPING;
    }
    TRY(mutls_x509_rd_end(&seq));
    return mutls_x509_rd_end(v);
}

int mutls_x509_parse_policy_ext(mutls_slice oid, int critical, mutls_rd *v, mutls_x509 *x)
{
    int n;

    if (MUTLS_DER_OID_IS(oid, OID_EXT_POLICY_CONSTRAINTS)) {
        /* §4.2.1.11: always critical (verification refuses it otherwise, with the depth). */
        if (!critical) {
            x->flags |= MUTLS_X509_PC_NOT_CRITICAL;
        }
        return parse_policy_constraints(v, x);
    }
    if (MUTLS_DER_OID_IS(oid, OID_EXT_CERT_POLICIES)) {
        return parse_certificate_policies(v, x);
    }
    if (MUTLS_DER_OID_IS(oid, OID_EXT_POLICY_MAPPINGS)) {
        return parse_policy_mappings(v, x);
    }
    if (MUTLS_DER_OID_IS(oid, OID_EXT_INHIBIT_ANY_POLICY)) {
        /* InhibitAnyPolicy ::= SkipCerts (§4.2.1.14). */
        n = skip_certs(v, MUTLS_DER_INTEGER);
        TRY(n);
        x->inhibit_any = (uint8_t)n;
        x->flags |= MUTLS_X509_HAS_INHIBIT_ANY;
        return mutls_x509_rd_end(v);
    }
    return 1;
}

/* ------------------------------------------------------------ policy inputs */

#if !defined(MUTLS_NO_POLICY) /* -DMUTLS_X509_POLICY=OFF: certs.c refuses the inputs */

/* One decimal arc of a dotted OID at *s (no sign, no leading zero, fits 64 bits); moves *s
 * past it. 0 or -1. */
static int read_arc(const char **s, uint64_t *out)
{
    const char *p = *s;
    uint64_t v = 0;

    if (*p < '0' || *p > '9' || (p[0] == '0' && p[1] >= '0' && p[1] <= '9')) {
        return -1;
    }
    while (*p >= '0' && *p <= '9') {
        if (v > (UINT64_MAX - 9) / 10) {
            return -1;
        }
        v = v * 10 + (uint64_t)(*p - '0');
        p++;
    }
    *s = p;
    *out = v;
    return 0;
}

/* Append @p v in base 128 (X.690 §8.19.2) to out[*len], within cap. 0 or -1. */
static int put_subid(uint8_t *out, size_t *len, size_t cap, uint64_t v)
{
    uint8_t tmp[10];
    size_t n = 0;

    do {
        tmp[n++] = (uint8_t)(v & 0x7f);
        v >>= 7;
    } while (v != 0);
    if (*len + n > cap) {
        return -1;
    }
    while (n > 0) {
        n--;
        out[(*len)++] = (uint8_t)(tmp[n] | (n > 0 ? 0x80 : 0));
    }
    return 0;
}

/* A dotted OID as DER contents octets: at least two arcs, the first 0-2, the second below 40
 * under 0 and 1 (X.660). Returns the length, or -1. */
static int encode_oid(const char *s, uint8_t out[MUTLS_X509_POLICY_OID_MAX])
{
    uint64_t first, second, arc;
    size_t len = 0;

    if (s == NULL || read_arc(&s, &first) < 0 || *s++ != '.' || read_arc(&s, &second) < 0 ||
        first > 2 || (first < 2 && second >= 40) || second > UINT64_MAX - 80) {
        return -1;
    }
    if (put_subid(out, &len, MUTLS_X509_POLICY_OID_MAX, first * 40 + second) < 0) {
        return -1;
    }
    while (*s == '.') {
        s++;
        if (read_arc(&s, &arc) < 0 || put_subid(out, &len, MUTLS_X509_POLICY_OID_MAX, arc) < 0) {
            return -1;
        }
    }
    return *s == 0 ? (int)len : -1;
}

int mutls_x509_policy_input_set(mutls_x509_policy_input *in, const char *const *oids, size_t n,
                                unsigned flags)
{
    mutls_x509_policy_input tmp;
    size_t i;

    if (in == NULL || (n > 0 && oids == NULL) || n > MUTLS_X509_MAX_USER_POLICIES ||
        (flags & ~(unsigned)(MUTLS_POLICY_EXPLICIT | MUTLS_POLICY_INHIBIT_MAPPING |
                             MUTLS_POLICY_INHIBIT_ANY)) != 0) {
        return MUTLS_ERR_BAD_ARGUMENT;
    }
    memset(&tmp, 0, sizeof(tmp));
    for (i = 0; i < n; i++) {
        int len = encode_oid(oids[i], tmp.oid[i]);

        if (len < 0) {
            return MUTLS_ERR_BAD_ARGUMENT;
        }
        tmp.set[i].len = (size_t)len;
    }
    /* Only now that every OID is good: the slices point into @p in itself. */
    memcpy(in->oid, tmp.oid, sizeof(in->oid));
    for (i = 0; i < MUTLS_X509_MAX_USER_POLICIES; i++) {
        in->set[i].p = in->oid[i];
        in->set[i].len = tmp.set[i].len;
    }
    in->n = n;
    in->flags = flags;
    return 0;
}

#endif /* MUTLS_NO_POLICY */

void mutls_x509_policy_input_apply(const mutls_x509_policy_input *in,
                                   mutls_x509_verify_params *p)
{
    if (in == NULL) {
        return;
    }
    p->policies = in->n > 0 ? in->set : NULL;
    p->n_policies = in->n;
    p->policy_flags = in->flags;
}
