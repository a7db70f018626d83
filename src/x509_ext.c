/* SPDX-License-Identifier: MIT */
/*
 * x509_ext.c - extensions (RFC 5280 §4.2): the list walk that certificates and CRLs share
 * (§4.1.2.9, §5.2, §5.3: never empty, no extension twice) and the certificate extensions
 * mutls interprets (basicConstraints, keyUsage, extendedKeyUsage, subjectAltName, key
 * identifiers, nameConstraints; cRLDistributionPoints kept unchecked). The policy
 * extensions are x509_policy.c's, GeneralNames are checked in x509_gn.c.
 *
 * Reads through the strict DER reader (der.h) only. A refusal names the rule it breaks in
 * mutls_x509.why (or the CRL's why); an extension that breaks its syntax in a way no check
 * names is named by the table below ("its keyUsage extension is malformed (RFC 5280
 * 4.2.1.3)").
 */
#include "x509.h"

#include <string.h>

#include "der.h"

/* Most extensions a certificate may carry (duplicates are found among these). */
#define MAX_EXTENSIONS 32

/* OIDs, contents octets only. */
#define OID_EXT_SKI "\x55\x1d\x0e"
#define OID_EXT_KEY_USAGE "\x55\x1d\x0f"
#define OID_EXT_SAN "\x55\x1d\x11"
#define OID_EXT_BASIC_CONSTRAINTS "\x55\x1d\x13"
#define OID_EXT_NAME_CONSTRAINTS "\x55\x1d\x1e"
#define OID_EXT_CRLDP "\x55\x1d\x1f"
#define OID_EXT_AKI "\x55\x1d\x23"
#define OID_EXT_EKU "\x55\x1d\x25"
#define OID_EKU_ANY "\x55\x1d\x25\x00"
#define OID_EKU_SERVER "\x2b\x06\x01\x05\x05\x07\x03\x01"
#define OID_EKU_CLIENT "\x2b\x06\x01\x05\x05\x07\x03\x02"

enum {
    G_EXT = 1, /* a: MUTLS_X509_HAS_* bit */
    G_EKU      /* a: MUTLS_X509_EKU_* bit */
};

typedef mutls_der_oid_row oid_row;

#define ROW MUTLS_DER_OID_ROW

/* clang-format off */
static const oid_row oids[] = {
    ROW(G_EXT,   MUTLS_X509_HAS_BASIC_CONSTRAINTS, 0, OID_EXT_BASIC_CONSTRAINTS),
    ROW(G_EXT,   MUTLS_X509_HAS_KEY_USAGE,         0, OID_EXT_KEY_USAGE),
    ROW(G_EXT,   MUTLS_X509_HAS_EKU,               0, OID_EXT_EKU),
    ROW(G_EXT,   MUTLS_X509_HAS_SAN,               0, OID_EXT_SAN),
    ROW(G_EXT,   MUTLS_X509_HAS_SKI,               0, OID_EXT_SKI),
    ROW(G_EXT,   MUTLS_X509_HAS_AKI,               0, OID_EXT_AKI),
    ROW(G_EXT,   MUTLS_X509_HAS_NAME_CONSTRAINTS,  0, OID_EXT_NAME_CONSTRAINTS),
    ROW(G_EXT,   MUTLS_X509_HAS_CRLDP,             0, OID_EXT_CRLDP),
    ROW(G_EKU,   MUTLS_X509_EKU_SERVER_AUTH, 0, OID_EKU_SERVER),
    ROW(G_EKU,   MUTLS_X509_EKU_CLIENT_AUTH, 0, OID_EKU_CLIENT),
    ROW(G_EKU,   MUTLS_X509_EKU_ANY,         0, OID_EKU_ANY),
};
/* clang-format on */

/* The row of @p group naming @p oid, or NULL when mutls does not know it. */
static const oid_row *oid_find(mutls_slice oid, int group)
{
    return mutls_der_oid_find(oid, oids, sizeof(oids) / sizeof(oids[0]), group);
}

/*
 * What a refusal says about an extension it can name: the standard ones are all id-ce
 * (2.5.29.n, contents 55 1d n), so n picks the row. Certificate and CRL extensions both.
 */
typedef struct ext_text {
    uint8_t id;
    const char *twice; /* the extension appears twice */
    const char *bad;   /* it breaks its syntax (or a rule no check names) */
} ext_text;

#define EXT_TEXT(id, name, sec)                                                                    \
    {                                                                                              \
        (id), "its " name " extension appears twice (RFC 5280 4.2)",                               \
            "its " name " extension is malformed (RFC 5280 " sec ")"                               \
    }

/* clang-format off */
static const ext_text ext_texts[] = {
    EXT_TEXT(0x0e, "subjectKeyIdentifier", "4.2.1.2"),
    EXT_TEXT(0x0f, "keyUsage", "4.2.1.3"),
    EXT_TEXT(0x11, "subjectAltName", "4.2.1.6"),
    EXT_TEXT(0x12, "issuerAltName", "4.2.1.7"),
    EXT_TEXT(0x13, "basicConstraints", "4.2.1.9"),
    EXT_TEXT(0x14, "cRLNumber", "5.2.3"),
    EXT_TEXT(0x15, "reasonCode", "5.3.1"),
    EXT_TEXT(0x18, "invalidityDate", "5.3.2"),
    EXT_TEXT(0x1b, "deltaCRLIndicator", "5.2.4"),
    EXT_TEXT(0x1c, "issuingDistributionPoint", "5.2.5"),
    EXT_TEXT(0x1d, "certificateIssuer", "5.3.3"),
    EXT_TEXT(0x1e, "nameConstraints", "4.2.1.10"),
    EXT_TEXT(0x1f, "cRLDistributionPoints", "4.2.1.13"),
    EXT_TEXT(0x20, "certificatePolicies", "4.2.1.4"),
    EXT_TEXT(0x21, "policyMappings", "4.2.1.5"),
    EXT_TEXT(0x23, "authorityKeyIdentifier", "4.2.1.1"),
    EXT_TEXT(0x24, "policyConstraints", "4.2.1.11"),
    EXT_TEXT(0x25, "extendedKeyUsage", "4.2.1.12"),
    EXT_TEXT(0x2e, "freshestCRL", "4.2.1.15"),
    EXT_TEXT(0x36, "inhibitAnyPolicy", "4.2.1.14"),
};
/* clang-format on */

static const ext_text unknown_ext = {
    0, "one of its extensions (one mutls does not know) appears twice (RFC 5280 4.2)",
    "one of its extensions (one mutls does not know) is malformed (X.690)"};

static const ext_text *ext_text_of(mutls_slice oid)
{
    mutls_rd r;
    uint8_t id;

    mutls_rd_init_slice(&r, oid);
    if (oid.len == 3 && mutls_rd_u8(&r) == 0x55 && mutls_rd_u8(&r) == 0x1d) {
        id = mutls_rd_u8(&r);
        for (size_t i = 0; i < sizeof(ext_texts) / sizeof(ext_texts[0]); i++) {
            if (ext_texts[i].id == id) {
                return &ext_texts[i];
            }
        }
    }
    return &unknown_ext;
}

int mutls_x509_enter_sequence(mutls_rd *r, mutls_slice *whole, mutls_rd *content)
{
    mutls_der_tlv t;

    mutls_der_any(r, &t);
    TRY(mutls_x509_rd_good(r));
    if (t.tag != MUTLS_DER_SEQUENCE) {
        return MUTLS_ERR_X509_MALFORMED;
    }
    *whole = t.whole;
    mutls_rd_init_slice(content, t.value);
    return 0;
}

/* ------------------------------------------------------------ extensions */

/* BasicConstraints ::= SEQUENCE { cA BOOLEAN DEFAULT FALSE, pathLenConstraint INTEGER OPTIONAL } */
static int parse_basic_constraints(mutls_rd *r, mutls_x509 *x)
{
    mutls_rd seq;

    mutls_der_enter(r, MUTLS_DER_SEQUENCE, &seq);
    if (mutls_der_peek(&seq) == MUTLS_DER_BOOLEAN) {
        x->is_ca = mutls_der_boolean(&seq);
    }
    if (mutls_der_peek(&seq) == MUTLS_DER_INTEGER) {
        /* INTEGER (0..MAX): any size is valid; more than 255 is as good as no limit here
         * (a path is at most MUTLS_X509_MAX_DEPTH deep). */
        mutls_slice len = mutls_der_uint(&seq);
        if (seq.err != 0) {
            return mutls_x509_malformed(&x->why, "its basicConstraints pathLenConstraint is not a "
                                                 "non-negative DER INTEGER (RFC 5280 4.2.1.9)");
        }
        x->path_len = len.len > 1 ? 255 : (int)len.p[0];
    }
    /* RFC 5280 §4.2.1.9: pathLenConstraint only with cA TRUE (as openssl -x509_strict). */
    if (seq.err == 0 && x->path_len >= 0 && !x->is_ca) {
        return mutls_x509_malformed(&x->why,
                                    "its basicConstraints sets a pathLenConstraint without cA (RFC "
                                    "5280 4.2.1.9)");
    }
    return mutls_x509_rd_end(&seq);
}

/* ExtKeyUsageSyntax ::= SEQUENCE SIZE (1..MAX) OF KeyPurposeId */
static int parse_eku(mutls_rd *r, mutls_x509 *x)
{
    mutls_rd seq;

    mutls_der_enter(r, MUTLS_DER_SEQUENCE, &seq);
    if (seq.err == 0 && mutls_rd_remaining(&seq) == 0) {
        return mutls_x509_malformed(&x->why,
                                    "its extendedKeyUsage lists no purpose (RFC 5280 4.2.1.12)");
    }
    while (mutls_rd_remaining(&seq) > 0) {
        const oid_row *row = oid_find(mutls_der_oid(&seq), G_EKU);
        x->eku |= row != NULL ? row->a : MUTLS_X509_EKU_OTHER;
    }
    return mutls_x509_rd_end(&seq);
}

/* AuthorityKeyIdentifier ::= SEQUENCE { keyIdentifier [0] IMPLICIT OCTET STRING OPTIONAL,
 *   authorityCertIssuer [1] GeneralNames OPTIONAL, authorityCertSerialNumber [2] OPTIONAL } */
int mutls_x509_parse_aki(mutls_rd *r, mutls_slice *key_id)
{
    mutls_rd seq;
    mutls_der_tlv t;

    mutls_der_enter(r, MUTLS_DER_SEQUENCE, &seq);
    if (mutls_der_peek(&seq) == MUTLS_DER_CTX_PRIM(0)) {
        *key_id = mutls_der_value(&seq, MUTLS_DER_CTX_PRIM(0));
    }
    if (mutls_der_peek(&seq) == MUTLS_DER_CTX_CONS(1)) {
        mutls_der_any(&seq, &t);
    }
    if (mutls_der_peek(&seq) == MUTLS_DER_CTX_PRIM(2)) {
        mutls_der_any(&seq, &t);
    }
    return mutls_x509_rd_end(&seq);
}

/* NameConstraints ::= SEQUENCE { permittedSubtrees [0] OPTIONAL, excludedSubtrees [1] OPTIONAL } */
static int parse_name_constraints(mutls_rd *r, mutls_x509 *x)
{
    mutls_rd seq;

    mutls_der_enter(r, MUTLS_DER_SEQUENCE, &seq);
    if (mutls_der_peek(&seq) == MUTLS_DER_CTX_CONS(0)) {
        x->nc_permitted = mutls_der_value(&seq, MUTLS_DER_CTX_CONS(0));
        TRY(mutls_x509_rd_good(&seq));
        TRY(mutls_x509_check_general_names(x->nc_permitted, 1, &x->why));
    }
    if (mutls_der_peek(&seq) == MUTLS_DER_CTX_CONS(1)) {
        x->nc_excluded = mutls_der_value(&seq, MUTLS_DER_CTX_CONS(1));
        TRY(mutls_x509_rd_good(&seq));
        TRY(mutls_x509_check_general_names(x->nc_excluded, 1, &x->why));
    }
    /* RFC 5280 §4.2.1.10: the sequence is never empty. */
    if (seq.err == 0 && x->nc_permitted.len == 0 && x->nc_excluded.len == 0) {
        return mutls_x509_malformed(&x->why,
                                    "its nameConstraints has neither permitted nor excluded "
                                    "subtrees (RFC 5280 4.2.1.10)");
    }
    return mutls_x509_rd_end(&seq);
}

/* keyUsage ::= BIT STRING { digitalSignature (0) .. decipherOnly (8) } (§4.2.1.3) */
static int parse_key_usage(mutls_rd *v, mutls_x509 *x)
{
    x->key_usage = mutls_der_bit_flags(v, 9);
    if (v->err != 0) {
        return mutls_x509_malformed(&x->why, "its keyUsage is not a DER named-bit BIT STRING "
                                             "(trailing zero bits past the named ones, or over 32 "
                                             "bits; X.690 11.2.2)");
    }
    /* RFC 5280 §4.2.1.3: at least one bit is set when the extension is present, and
     * KeyUsage names bits 0 (digitalSignature) to 8 (decipherOnly) only: a bit past them
     * is no usage anyone granted (as X509-Anvil KeyUsageOverflowTests.
     * keyUsageOverflowAppend1Entity; trailing zero bits: der.c). */
    if (x->key_usage == 0) {
        return mutls_x509_malformed(&x->why, "its keyUsage sets no bit (RFC 5280 4.2.1.3)");
    }
    if ((x->key_usage >> 9) != 0) {
        return mutls_x509_malformed(&x->why,
                                    "its keyUsage sets a bit past decipherOnly (RFC 5280 4.2.1.3)");
    }
    return 0;
}

/* One extension's value (the OCTET STRING contents), by OID; @p ctx is the mutls_x509. */
static int parse_extension_value(void *ctx, mutls_slice oid, int critical, mutls_rd *v)
{
    mutls_x509 *x = ctx;
    const oid_row *row = oid_find(oid, G_EXT);
    int rc;

    /* The policy extensions (x509_policy.c): recognised, so a critical one is no unknown. */
    rc = mutls_x509_parse_policy_ext(oid, critical, v, x);
    if (rc <= 0) {
        return rc;
    }
    if (row == NULL) {
        /* RFC 5280 §4.2: an unrecognised critical extension makes the certificate unusable;
         * verification refuses it (with the depth). A non-critical one is ignored. */
        if (critical) {
            x->flags |= MUTLS_X509_UNKNOWN_CRITICAL;
        }
        mutls_rd_skip(v, mutls_rd_remaining(v));
        return 0;
    }
    x->flags |= row->a;
    /* §4.2.1.1, §4.2.1.2: key identifiers are never critical (as openssl -x509_strict). */
    if (critical && row->a == MUTLS_X509_HAS_SKI) {
        return mutls_x509_malformed(&x->why,
                                    "its subjectKeyIdentifier extension is marked critical, which "
                                    "RFC 5280 4.2.1.2 forbids");
    }
    if (critical && row->a == MUTLS_X509_HAS_AKI) {
        return mutls_x509_malformed(&x->why,
                                    "its authorityKeyIdentifier extension is marked critical, "
                                    "which RFC 5280 4.2.1.1 forbids");
    }
    if (critical && row->a == MUTLS_X509_HAS_SAN) {
        x->flags |= MUTLS_X509_SAN_CRITICAL;
    }
    /* §4.2.1.9, §4.2.1.10: critical in a CA; verification checks it (a bundle still loads). */
    if (!critical && row->a == MUTLS_X509_HAS_BASIC_CONSTRAINTS) {
        x->flags |= MUTLS_X509_BC_NOT_CRITICAL;
    } else if (!critical && row->a == MUTLS_X509_HAS_NAME_CONSTRAINTS) {
        x->flags |= MUTLS_X509_NC_NOT_CRITICAL;
    }
    switch (row->a) {
    case MUTLS_X509_HAS_BASIC_CONSTRAINTS:
        return parse_basic_constraints(v, x);
    case MUTLS_X509_HAS_KEY_USAGE:
        return parse_key_usage(v, x);
    case MUTLS_X509_HAS_EKU:
        return parse_eku(v, x);
    case MUTLS_X509_HAS_SAN:
        x->san = mutls_der_value(v, MUTLS_DER_SEQUENCE);
        TRY(mutls_x509_rd_good(v));
        return mutls_x509_check_general_names(x->san, 0, &x->why);
    case MUTLS_X509_HAS_SKI:
        x->ski = mutls_der_value(v, MUTLS_DER_OCTET_STRING);
        return 0;
    case MUTLS_X509_HAS_AKI:
        return mutls_x509_parse_aki(v, &x->aki);
    case MUTLS_X509_HAS_CRLDP: {
        /* mutls never follows these pointers, so a certificate is not refused for them (as
         * before CRLs, and as OpenSSL and Go do): kept unchecked, and read by x509_crl.c only
         * when a CRL is scoped to a distribution point name; malformed, they name none. */
        mutls_rd seq = *v;
        mutls_slice dps = mutls_der_value(&seq, MUTLS_DER_SEQUENCE);

        if (seq.err == 0 && mutls_rd_remaining(&seq) == 0) {
            x->crldp = dps;
        }
        mutls_rd_skip(v, mutls_rd_remaining(v));
        return 0;
    }
    default: /* MUTLS_X509_HAS_NAME_CONSTRAINTS */
        return parse_name_constraints(v, x);
    }
}

/* Extensions ::= SEQUENCE SIZE (1..MAX) OF SEQUENCE { extnID, critical DEFAULT FALSE,
 * extnValue OCTET STRING } (§4.1.2.9; CRLs use the same form, §5.2, §5.3) */
int mutls_x509_parse_extensions(mutls_rd *r, mutls_x509_ext_fn fn, void *ctx, const char **why)
{
    mutls_slice seen[MAX_EXTENSIONS];
    size_t n = 0;
    mutls_rd seq;

    mutls_der_enter(r, MUTLS_DER_SEQUENCE, &seq);
    TRY(mutls_x509_rd_good(&seq));
    if (mutls_rd_remaining(&seq) == 0) {
        return mutls_x509_malformed(why,
                                    "its extensions field is an empty list (RFC 5280 4.1.2.9)");
    }
    while (mutls_rd_remaining(&seq) > 0) {
        mutls_rd ext;
        mutls_rd value;
        mutls_slice oid;
        int critical = 0;
        const ext_text *text;
        size_t i;

        mutls_der_enter(&seq, MUTLS_DER_SEQUENCE, &ext);
        oid = mutls_der_oid(&ext);
        text = ext_text_of(oid);
        if (mutls_der_peek(&ext) == MUTLS_DER_BOOLEAN) {
            critical = mutls_der_boolean(&ext);
            if (ext.err != 0) {
                return mutls_x509_malformed(why, "its DER encoding is not canonical: an "
                                                 "extension's critical flag is not one octet 00 "
                                                 "or FF (X.690 11.1)");
            }
        }
        mutls_der_enter(&ext, MUTLS_DER_OCTET_STRING, &value);
        TRY(mutls_x509_in_field(why, mutls_x509_rd_end(&ext), text->bad));
        /* RFC 5280 §4.2: one instance of a given extension per certificate (or CRL). */
        for (i = 0; i < n; i++) {
            if (mutls_der_oid_is(oid, seen[i].p, seen[i].len)) {
                return mutls_x509_malformed(why, text->twice);
            }
        }
        if (n == MAX_EXTENSIONS) {
            return mutls_x509_malformed(why, "it has more than 32 extensions, mutls's limit");
        }
        seen[n++] = oid;
        TRY(mutls_x509_in_field(why, fn(ctx, oid, critical, &value), text->bad));
        TRY(mutls_x509_in_field(why, mutls_x509_rd_end(&value), text->bad));
    }
    return mutls_x509_rd_end(&seq);
}

int mutls_x509_parse_cert_extensions(mutls_rd *r, mutls_x509 *x)
{
    return mutls_x509_parse_extensions(r, parse_extension_value, x, &x->why);
}
