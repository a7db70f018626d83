/* SPDX-License-Identifier: MIT */
/*
 * x509_gn.c - GeneralNames (RFC 5280 §4.2.1.6): the walk over a subjectAltName list or the
 * GeneralSubtrees of nameConstraints (§4.2.1.10), and the syntax each subjectAltName form
 * must have (the preferred name syntax of RFC 1034 §3.5 for dNSName, absolute RFC 3986 URIs,
 * 4- or 16-octet iPAddress). Certificate bytes are read only through the bounded reader. A
 * refusal names the rule it breaks in the caller's why (mutls_x509.why when parsing a
 * certificate).
 */
#include "x509.h"

#include <string.h>

#include "der.h"

/* ------------------------------------------------------------ general names (RFC 5280 §4.2.1.6) */

/* A rule about the GeneralNames of a subjectAltName, or with @p nc, of nameConstraints. */
#define IN_NAMES(nc, rest) ((nc) ? "its nameConstraints " rest : "its subjectAltName " rest)

/* One GeneralName: as mutls_x509_gn_next, naming in *why the rule a refusal breaks (about a
 * nameConstraints subtree with @p nc, else about a subjectAltName). */
static int gn_read(mutls_rd *r, mutls_x509_gn *out, int nc, const char **why)
{
    mutls_der_tlv t;
    int num;
    int constructed;
    mutls_rd v;

    if (r->err != 0) {
        return MUTLS_ERR_X509_MALFORMED;
    }
    if (mutls_rd_remaining(r) == 0) {
        return 0;
    }
    mutls_der_any(r, &t);
    TRY(mutls_x509_rd_good(r));
    num = t.tag & 0x1f;
    constructed = (t.tag & 0x20) != 0;
    /* GeneralName is a CHOICE of context-specific tags [0]..[8] (§4.2.1.6). */
    if ((t.tag & 0xc0) != 0x80 || num > MUTLS_X509_GN_RID) {
        return mutls_x509_malformed(
            why, IN_NAMES(nc, "has a GeneralName tagged other than [0] to [8] (RFC 5280 4.2.1.6)"));
    }
    /* otherName, x400Address, directoryName and ediPartyName are constructed; the rest not. */
    if (constructed != (num == MUTLS_X509_GN_OTHER || num == MUTLS_X509_GN_X400 ||
                        num == MUTLS_X509_GN_DIRNAME || num == MUTLS_X509_GN_EDI)) {
        return mutls_x509_malformed(why, IN_NAMES(nc, "has a GeneralName with the wrong "
                                                      "primitive or constructed form for its tag "
                                                      "(RFC 5280 4.2.1.6)"));
    }
    out->type = num;
    out->value = t.value;
    mutls_rd_init_slice(&v, t.value);
    if (num == MUTLS_X509_GN_EMAIL || num == MUTLS_X509_GN_DNS || num == MUTLS_X509_GN_URI) {
        /* IA5String: 7-bit characters; a NUL would let "a.com\0.evil" pass as "a.com". */
        while (mutls_rd_remaining(&v) > 0) {
            uint8_t c = mutls_rd_u8(&v);
            if (c == 0 || c >= 0x80) {
                return mutls_x509_malformed(why, IN_NAMES(nc, "has an rfc822Name, dNSName or "
                                                              "URI holding a NUL or a byte "
                                                              "outside IA5String (RFC 5280 "
                                                              "4.2.1.6)"));
            }
        }
    } else if (num == MUTLS_X509_GN_DIRNAME) {
        mutls_slice name;
        TRY(mutls_x509_parse_name(&v, &name, why));
        TRY(mutls_x509_in_field(why, mutls_x509_rd_end(&v),
                                IN_NAMES(nc, "has a directoryName that is not one DER Name (RFC "
                                             "5280 4.2.1.6)")));
    }
    return 1;
}

int mutls_x509_gn_next(mutls_rd *r, mutls_x509_gn *out)
{
    const char *why = NULL;

    return gn_read(r, out, 0, &why);
}

/* GeneralSubtree ::= SEQUENCE { base GeneralName, minimum [0] DEFAULT 0, maximum [1] OPTIONAL } */
static int subtree_read(mutls_rd *r, mutls_x509_gn *out, const char **why)
{
    mutls_rd seq;
    int rc;

    if (r->err != 0) {
        return MUTLS_ERR_X509_MALFORMED;
    }
    if (mutls_rd_remaining(r) == 0) {
        return 0;
    }
    mutls_der_enter(r, MUTLS_DER_SEQUENCE, &seq);
    TRY(mutls_x509_rd_good(&seq));
    rc = gn_read(&seq, out, 1, why);
    if (rc < 0) {
        return rc;
    }
    if (rc == 0) {
        return mutls_x509_malformed(why, "its nameConstraints has a subtree without a base "
                                         "(RFC 5280 4.2.1.10)");
    }
    /* RFC 5280 §4.2.1.10: minimum is zero (so absent in DER) and maximum absent. */
    return mutls_x509_rd_end(&seq) == 0
               ? 1
               : mutls_x509_malformed(why, "its nameConstraints has a subtree with a minimum or "
                                           "maximum, which RFC 5280 4.2.1.10 leaves out");
}

int mutls_x509_subtree_next(mutls_rd *r, mutls_x509_gn *out)
{
    const char *why = NULL;

    return subtree_read(r, out, &why);
}

/* ------------------------------------------------------------ subjectAltName syntax */

static int is_alpha(uint8_t c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static int is_digit(uint8_t c)
{
    return c >= '0' && c <= '9';
}

static int is_hex(uint8_t c)
{
    return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

/*
 * A dNSName in the preferred name syntax (RFC 5280 §4.2.1.6 after RFC 1034 §3.5, with the
 * digit-first labels of RFC 1123 §2.1): non-empty labels of letters, digits and hyphens, at
 * most 63 bytes each, 253 in all, one trailing dot allowed. An underscore is let through (old
 * CA practice) and so is '*': where a wildcard may stand is the matcher's rule (RFC 6125
 * §6.4.3), which refuses every other placement as a mismatch.
 */
static int dns_syntax_ok(mutls_slice v)
{
    mutls_rd r;
    size_t label = 0;

    if (v.len == 0 || v.len > 254) {
        return 0;
    }
    mutls_rd_init_slice(&r, v);
    while (mutls_rd_remaining(&r) > 0) {
        uint8_t c = mutls_rd_u8(&r);

        if (c == '.') {
            if (label == 0) {
                return 0;
            }
            label = 0;
            continue;
        }
        if (!is_alpha(c) && !is_digit(c) && c != '-' && c != '_' && c != '*') {
            return 0;
        }
        if (++label > 63) {
            return 0;
        }
    }
    /* 254 bytes only with the trailing dot. */
    return label > 0 ? v.len <= 253 : 1;
}

/* RFC 3986 §2: unreserved, gen-delims and sub-delims ('%' is checked by the caller). */
static int uri_char_ok(uint8_t c)
{
    return is_alpha(c) || is_digit(c) || (c != 0 && strchr("-._~:/?#[]@!$&'()*+,;=", c) != NULL);
}

/* The host of an authority (RFC 3986 §3.2.2) given without userinfo and port: an IP literal
 * in brackets, or a host name / dotted quad (both pass the DNS name syntax). */
static int host_ok(const uint8_t *h, size_t n)
{
    mutls_slice s;
    size_t i;

    if (n >= 2 && h[0] == '[') {
        if (h[n - 1] != ']') {
            return 0;
        }
        for (i = 1; i + 1 < n; i++) {
            if (!is_hex(h[i]) && h[i] != ':' && h[i] != '.') {
                return 0;
            }
        }
        return n > 2;
    }
    s.p = h;
    s.len = n;
    return dns_syntax_ok(s);
}

/* authority = [ userinfo "@" ] host [ ":" port ], copied into @p a (@p n bytes). */
static int authority_ok(const uint8_t *a, size_t n)
{
    size_t start = 0;
    size_t end = n;
    size_t i;

    for (i = 0; i < n; i++) {
        if (a[i] == '@') {
            start = i + 1;
        }
    }
    /* A port is digits after the last ':' that is not inside an IP literal. */
    for (i = n; i > start; i--) {
        if (a[i - 1] == ']') {
            break;
        }
        if (a[i - 1] == ':') {
            end = i - 1;
            break;
        }
        if (!is_digit(a[i - 1])) {
            break;
        }
    }
    return end > start && host_ok(a + start, end - start);
}

/*
 * A uniformResourceIdentifier (RFC 5280 §4.2.1.6): an absolute URI of RFC 3986 §3, so a
 * scheme (a letter, then letters, digits, '+', '-', '.') and a non-empty scheme-specific part
 * of URI characters with well-formed percent escapes; when it has an authority ("//"), the
 * host is a domain name or an IP address and is present.
 */
static int uri_syntax_ok(mutls_slice v)
{
    uint8_t auth[256];
    size_t alen = 0;
    mutls_rd r;
    mutls_rd peek;
    uint8_t c;
    int in_auth = 0;

    mutls_rd_init_slice(&r, v);
    if (mutls_rd_remaining(&r) == 0 || !is_alpha(mutls_rd_u8(&r))) {
        return 0;
    }
    for (;;) {
        if (mutls_rd_remaining(&r) == 0) {
            return 0;
        }
        c = mutls_rd_u8(&r);
        if (c == ':') {
            break;
        }
        if (!is_alpha(c) && !is_digit(c) && c != '+' && c != '-' && c != '.') {
            return 0;
        }
    }
    if (mutls_rd_remaining(&r) == 0) {
        return 0;
    }
    peek = r;
    if (mutls_rd_remaining(&peek) >= 2 && mutls_rd_u8(&peek) == '/' && mutls_rd_u8(&peek) == '/') {
        r = peek;
        in_auth = 1;
    }
    while (mutls_rd_remaining(&r) > 0) {
        c = mutls_rd_u8(&r);
        if (c == '%') {
            if (mutls_rd_remaining(&r) < 2 || !is_hex(mutls_rd_u8(&r)) ||
                !is_hex(mutls_rd_u8(&r))) {
                return 0;
            }
        } else if (!uri_char_ok(c)) {
            return 0;
        }
        if (in_auth && (c == '/' || c == '?' || c == '#')) {
            in_auth = 0;
            if (!authority_ok(auth, alen)) {
                return 0;
            }
            alen = 0;
        } else if (in_auth) {
            if (alen == sizeof(auth)) {
                return 0;
            }
            auth[alen++] = c;
        }
    }
    return !in_auth || authority_ok(auth, alen);
}

/* The rule one subjectAltName entry breaks, or NULL when it is well-formed. */
static const char *san_entry_rule(const mutls_x509_gn *gn)
{
    switch (gn->type) {
    case MUTLS_X509_GN_IP:
        /* §4.2.1.6: four octets for IPv4, sixteen for IPv6. */
        return gn->value.len == 4 || gn->value.len == 16
                   ? NULL
                   : "its subjectAltName has an iPAddress of neither 4 nor 16 octets (RFC 5280 "
                     "4.2.1.6)";
    case MUTLS_X509_GN_DNS:
        /* §4.2.1.6: a dNSName is in the preferred name syntax and never " " (as X509-Anvil
         * SubjectAlternativeNameFormattingTests.subjectAltNameMailFormattingEntity,
         * .subjectAltNameDnsNamePreferredTypeEntity and .subjectAltNameDnsNameEmptyEntity). */
        return dns_syntax_ok(gn->value) ? NULL
                                        : "its subjectAltName has a dNSName outside the preferred "
                                          "name syntax (RFC 5280 4.2.1.6)";
    case MUTLS_X509_GN_URI:
        /* §4.2.1.6: an absolute URI with a scheme, never a relative one, and with the host
         * present when it has an authority (as X509-Anvil SubjectAlternativeNameUriTests). */
        return uri_syntax_ok(gn->value) ? NULL
                                        : "its subjectAltName has a URI that is not a "
                                          "well-formed absolute URI with a host (RFC 5280 "
                                          "4.2.1.6)";
    default:
        return NULL;
    }
}

int mutls_x509_check_san_entry(const mutls_x509_gn *gn)
{
    return san_entry_rule(gn) == NULL ? 0 : MUTLS_ERR_X509_MALFORMED;
}

/* GeneralNames ::= SEQUENCE SIZE (1..MAX) OF GeneralName, or GeneralSubtrees (@p subtrees). */
int mutls_x509_check_general_names(mutls_slice names, int subtrees, const char **why)
{
    mutls_rd r;
    mutls_x509_gn gn;
    int count = 0;
    int rc;

    mutls_rd_init_slice(&r, names);
    while ((rc = subtrees ? subtree_read(&r, &gn, why) : gn_read(&r, &gn, 0, why)) > 0) {
        if (subtrees) {
            TRY(mutls_x509_check_subtree(&gn, why));
        } else if (san_entry_rule(&gn) != NULL) {
            return mutls_x509_malformed(why, san_entry_rule(&gn));
        }
        count++;
    }
    if (rc < 0) {
        return rc;
    }
    /* §4.2.1.6, §4.2.1.10: SEQUENCE SIZE (1..MAX). */
    if (count == 0) {
        return mutls_x509_malformed(why, subtrees ? "its nameConstraints has an empty list of "
                                                    "subtrees (RFC 5280 4.2.1.10)"
                                                  : "its subjectAltName lists no name (RFC 5280 "
                                                    "4.2.1.6)");
    }
    return 0;
}
