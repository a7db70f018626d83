/* SPDX-License-Identifier: MIT */
/*
 * x509_match.c - the names a certificate vouches for: IP literals (RFC 4291 §2.2 text forms),
 * host name and IP matching of the leaf (RFC 6125 §6.4, §6.2.1: SAN first, CN only without a
 * SAN, wildcards only as a whole left-most label) and name constraints (RFC 5280 §4.2.1.10:
 * dNSName, iPAddress, directoryName, rfc822Name and URI forms; a name of any other form under
 * a constraint of that form is refused).
 *
 * Certificate bytes are read only through the bounded reader. Reference names (the host the
 * application expects) are NUL-terminated strings from the application. DNS names are at
 * most 253 characters (RFC 1035 §2.3.4), so they are copied into fixed local buffers to be
 * compared; longer ones never match.
 */
#include "x509.h"

#include <string.h>

#include "der.h"

#define DNS_MAX 256

/* ------------------------------------------------------------ IP addresses */

static int parse_ipv4(const char *s, size_t len, uint8_t out[4])
{
    size_t i = 0;
    int part;

    for (part = 0; part < 4; part++) {
        unsigned v = 0;
        size_t digits = 0;

        if (part > 0) {
            if (i >= len || s[i] != '.') {
                return -1;
            }
            i++;
        }
        while (i < len && s[i] >= '0' && s[i] <= '9' && digits < 4) {
            v = v * 10 + (unsigned)(s[i] - '0');
            digits++;
            i++;
        }
        /* No leading zeros: "010" is octal to some parsers and decimal to others. */
        if (digits == 0 || digits > 3 || v > 255 || (digits > 1 && s[i - digits] == '0')) {
            return -1;
        }
        out[part] = (uint8_t)v;
    }
    return i == len ? 0 : -1;
}

static int hex_digit(char c)
{
    if (c >= '0' && c <= '9') {
        return c - '0';
    }
    if (c >= 'a' && c <= 'f') {
        return c - 'a' + 10;
    }
    if (c >= 'A' && c <= 'F') {
        return c - 'A' + 10;
    }
    return -1;
}

/* RFC 4291 §2.2: eight groups of 1..4 hex digits, one "::" for a run of zero groups, and a
 * dotted quad for the last 32 bits. */
static int parse_ipv6(const char *s, size_t len, uint8_t out[16])
{
    uint16_t groups[8];
    size_t n = 0;
    size_t i = 0;
    int gap = -1;
    size_t k;

    if (len >= 2 && s[0] == ':' && s[1] == ':') {
        gap = 0;
        i = 2;
    } else if (len >= 1 && s[0] == ':') {
        return -1;
    }
    while (i < len) {
        size_t start = i;
        unsigned v = 0;
        int d;

        while (i < len && (d = hex_digit(s[i])) >= 0 && i - start < 4) {
            v = (v << 4) | (unsigned)d;
            i++;
        }
        if (i < len && s[i] == '.') {
            uint8_t v4[4];
            /* An embedded IPv4 address ends the text and fills two groups. */
            if (n > 6 || parse_ipv4(s + start, len - start, v4) != 0) {
                return -1;
            }
            groups[n++] = (uint16_t)((v4[0] << 8) | v4[1]);
            groups[n++] = (uint16_t)((v4[2] << 8) | v4[3]);
            i = len;
            break;
        }
        if (i == start || n == 8) {
            return -1;
        }
        groups[n++] = (uint16_t)v;
        if (i == len) {
            break;
        }
        if (s[i] != ':') {
            return -1;
        }
        i++;
        if (i < len && s[i] == ':') {
            if (gap >= 0) {
                return -1;
            }
            gap = (int)n;
            i++;
        } else if (i == len) {
            return -1; /* a trailing single ':' */
        }
    }
    if ((gap < 0 && n != 8) || (gap >= 0 && n > 7)) {
        return -1;
    }
    memset(out, 0, 16);
    for (k = 0; k < n; k++) {
        size_t pos = (gap >= 0 && k >= (size_t)gap) ? k + (8 - n) : k;
        out[2 * pos] = (uint8_t)(groups[k] >> 8);
        out[2 * pos + 1] = (uint8_t)groups[k];
    }
    return 0;
}

int mutls_x509_parse_ip(const char *s, uint8_t out[16], size_t *len)
{
    size_t n;

    if (s == NULL) {
        return MUTLS_ERR_BAD_ARGUMENT;
    }
    n = strlen(s);
    if (strchr(s, ':') != NULL) {
        if (parse_ipv6(s, n, out) != 0) {
            return MUTLS_ERR_BAD_ARGUMENT;
        }
        *len = 16;
        return 0;
    }
    if (parse_ipv4(s, n, out) != 0) {
        return MUTLS_ERR_BAD_ARGUMENT;
    }
    *len = 4;
    return 0;
}

/* ------------------------------------------------------------ DNS names */

static char lower(char c)
{
    return (c >= 'A' && c <= 'Z') ? (char)(c + ('a' - 'A')) : c;
}

/*
 * Copy a DNS name into @p out in lower case without its one optional trailing dot. -1 when
 * it is empty, too long, or has an empty label or a character outside printable ASCII.
 */
static int dns_load(mutls_slice s, char out[DNS_MAX], size_t *len)
{
    mutls_rd r;
    size_t n;
    size_t i;

    if (s.len == 0 || s.len >= DNS_MAX) {
        return -1;
    }
    mutls_rd_init_slice(&r, s);
    mutls_rd_copy(&r, out, s.len);
    if (r.err != 0) {
        return -1;
    }
    n = s.len;
    if (out[n - 1] == '.') {
        n--;
    }
    if (n == 0 || out[0] == '.') {
        return -1;
    }
    for (i = 0; i < n; i++) {
        if (out[i] <= 0x20 || out[i] >= 0x7f || (out[i] == '.' && i + 1 < n && out[i + 1] == '.')) {
            return -1;
        }
        out[i] = lower(out[i]);
    }
    if (out[n - 1] == '.') {
        return -1;
    }
    out[n] = 0;
    *len = n;
    return 0;
}

static int dns_load_str(const char *host, char out[DNS_MAX], size_t *len)
{
    mutls_slice s;

    s.p = (const uint8_t *)host;
    s.len = strlen(host);
    return dns_load(s, out, len);
}

/* RFC 6125 §6.4.3 wildcard rules; both names already loaded and lower-cased. */
static int dns_match_loaded(const char *pat, size_t plen, const char *host, size_t hlen)
{
    const char *rest;
    const char *hrest;
    size_t rlen;

    if (strchr(host, '*') != NULL) {
        return 0;
    }
    if (plen < 2 || pat[0] != '*' || pat[1] != '.') {
        return strchr(pat, '*') == NULL && plen == hlen && memcmp(pat, host, plen) == 0;
    }
    /* "*." then at least two labels: "*.com" would cover a whole top-level domain. */
    rest = pat + 2;
    rlen = plen - 2;
    if (strchr(rest, '*') != NULL || strchr(rest, '.') == NULL) {
        return 0;
    }
    hrest = strchr(host, '.');
    /* The wildcard stands for exactly one non-empty label, never an IDN A-label. */
    if (hrest == NULL || hrest == host || strncmp(host, "xn--", 4) == 0) {
        return 0;
    }
    hrest++;
    return strlen(hrest) == rlen && memcmp(hrest, rest, rlen) == 0;
}

int mutls_x509_match_dns(mutls_slice pattern, const char *host)
{
    char pat[DNS_MAX];
    char ref[DNS_MAX];
    size_t plen;
    size_t hlen;

    if (host == NULL || dns_load(pattern, pat, &plen) != 0 || dns_load_str(host, ref, &hlen) != 0) {
        return 0;
    }
    return dns_match_loaded(pat, plen, ref, hlen);
}

static int ip_equal(mutls_slice value, const uint8_t *ip, size_t ip_len)
{
    uint8_t v[16];
    mutls_rd r;

    if (value.len != ip_len) {
        return 0;
    }
    mutls_rd_init_slice(&r, value);
    mutls_rd_copy(&r, v, ip_len);
    return r.err == 0 && memcmp(v, ip, ip_len) == 0;
}

int mutls_x509_match_name(int gn_type, mutls_slice value, const char *host)
{
    uint8_t ip[16];
    size_t ip_len;

    if (host == NULL) {
        return 0;
    }
    /* RFC 6125 §6.2.1: an IP reference only matches an iPAddress, never a DNS name. */
    if (mutls_x509_parse_ip(host, ip, &ip_len) == 0) {
        return gn_type == MUTLS_X509_GN_IP && ip_equal(value, ip, ip_len);
    }
    return gn_type == MUTLS_X509_GN_DNS && mutls_x509_match_dns(value, host);
}

int mutls_x509_check_host(const mutls_x509 *leaf, const char *host, int kind)
{
    uint8_t ip[16];
    size_t ip_len;
    mutls_slice cn;
    int is_ip;
    int rc;

    if (host == NULL) {
        return MUTLS_ERR_BAD_ARGUMENT;
    }
    is_ip = mutls_x509_parse_ip(host, ip, &ip_len) == 0;
    if (kind == MUTLS_X509_NAME_IP && !is_ip) {
        return MUTLS_ERR_BAD_ARGUMENT;
    }
    /* A DNS reference that reads as an address is no host name any SAN may vouch for. */
    if (kind == MUTLS_X509_NAME_DNS && is_ip) {
        return MUTLS_ERR_X509_NAME_MISMATCH;
    }
    if ((leaf->flags & MUTLS_X509_HAS_SAN) != 0) {
        mutls_rd r;
        mutls_x509_gn gn;

        /* RFC 6125 §6.4.4: with a SAN present, the subject CN is not consulted. */
        mutls_rd_init_slice(&r, leaf->san);
        while ((rc = mutls_x509_gn_next(&r, &gn)) > 0) {
            if (mutls_x509_match_name(gn.type, gn.value, host)) {
                return 0;
            }
        }
        TRY(rc);
        return MUTLS_ERR_X509_NAME_MISMATCH;
    }
    if (is_ip) {
        return MUTLS_ERR_X509_NAME_MISMATCH;
    }
    rc = mutls_x509_name_cn(leaf->subject, &cn);
    TRY(rc);
    if (rc == 1 && mutls_x509_match_dns(cn, host)) {
        return 0;
    }
    return MUTLS_ERR_X509_NAME_MISMATCH;
}

/* ------------------------------------------------------------ name constraints */

/* RFC 5280 §4.2.1.10: "example.com" covers itself and every name below it; ".example.com"
 * only the names below it. An empty constraint covers everything. */
static int dns_within(const char *name, size_t nlen, mutls_slice constraint)
{
    char c[DNS_MAX];
    size_t clen;
    int leading_dot = 0;
    mutls_rd r;

    if (constraint.len == 0) {
        return 1;
    }
    mutls_rd_init_slice(&r, constraint);
    if (mutls_rd_u8(&r) == '.') {
        leading_dot = 1;
        constraint = mutls_rd_rest(&r);
    }
    if (dns_load(constraint, c, &clen) != 0) {
        return 0;
    }
    if (!leading_dot && nlen == clen && memcmp(name, c, clen) == 0) {
        return 1;
    }
    return nlen > clen && name[nlen - clen - 1] == '.' && memcmp(name + nlen - clen, c, clen) == 0;
}

/* Whether an excluded DNS subtree covers any name a wildcard could stand for. */
static int dns_wildcard_hits(const char *name, size_t nlen, mutls_slice constraint)
{
    char c[DNS_MAX];
    size_t clen;
    mutls_rd r;

    mutls_rd_init_slice(&r, constraint);
    if (mutls_rd_u8(&r) == '.') {
        constraint = mutls_rd_rest(&r);
    }
    if (dns_load(constraint, c, &clen) != 0) {
        return 0;
    }
    return dns_match_loaded(name, nlen, c, clen);
}

static int ip_within(mutls_slice ip, mutls_slice constraint)
{
    uint8_t v[16];
    uint8_t c[32];
    mutls_rd r;
    size_t i;

    if (constraint.len != 2 * ip.len) {
        return 0;
    }
    mutls_rd_init_slice(&r, ip);
    mutls_rd_copy(&r, v, ip.len);
    mutls_rd_init_slice(&r, constraint);
    mutls_rd_copy(&r, c, constraint.len);
    for (i = 0; i < ip.len; i++) {
        if ((v[i] & c[ip.len + i]) != (c[i] & c[ip.len + i])) {
            return 0;
        }
    }
    return 1;
}

/* Case-insensitive comparison of @p n bytes (host names are ASCII here). */
static int ieq(const char *a, const char *b, size_t n)
{
    size_t i;

    for (i = 0; i < n; i++) {
        if (lower(a[i]) != lower(b[i])) {
            return 0;
        }
    }
    return 1;
}

/*
 * A host against a host constraint of the rfc822Name and URI forms (RFC 5280 §4.2.1.10): a
 * constraint with a leading period holds every host below it, one without only that host.
 */
static int host_within(const char *host, size_t hlen, const char *c, size_t clen)
{
    if (clen == 0) {
        return 1;
    }
    if (c[0] == '.') {
        return hlen > clen && ieq(host + hlen - clen, c, clen);
    }
    return hlen == clen && ieq(host, c, clen);
}

/* Copy a name into a NUL-terminated buffer; -1 when it does not fit or holds a NUL or a
 * non-ASCII byte (a subject's emailAddress has not been checked like a SAN entry, and
 * "a@example.com\0@evil.org" must not read as a mailbox at example.com). */
static int load_text(mutls_slice s, char out[DNS_MAX])
{
    mutls_rd r;
    size_t i;

    if (s.len >= DNS_MAX) {
        return -1;
    }
    mutls_rd_init_slice(&r, s);
    mutls_rd_copy(&r, out, s.len);
    out[s.len] = 0;
    for (i = 0; i < s.len; i++) {
        if (out[i] == 0 || (out[i] & 0x80) != 0) {
            return -1;
        }
    }
    return r.err == 0 ? 0 : -1;
}

/*
 * rfc822Name constraints (RFC 5280 §4.2.1.10): "user@host" is one mailbox, "host" every
 * mailbox at that host, ".domain" every mailbox at a host below the domain. The local part
 * is compared exactly, hosts without regard to case. 1 within, 0 not, -1 unusable name.
 */
static int email_within(mutls_slice name, mutls_slice constraint)
{
    char n[DNS_MAX];
    char c[DNS_MAX];
    const char *at;
    const char *cat;

    if (load_text(name, n) != 0 || load_text(constraint, c) != 0) {
        return -1;
    }
    /* One '@' in a mailbox and at most one in a constraint: "a@b@example.com" is no address
     * mutls can place (x509-limbo expects it refused). */
    at = strchr(n, '@');
    if (at == NULL || at == n || at[1] == 0 || strchr(at + 1, '@') != NULL) {
        return -1;
    }
    cat = strchr(c, '@');
    if (cat != NULL && strchr(cat + 1, '@') != NULL) {
        return -1;
    }
    if (cat != NULL) {
        size_t local = (size_t)(cat - c);
        return (size_t)(at - n) == local && memcmp(n, c, local) == 0 &&
               strlen(at + 1) == strlen(cat + 1) && ieq(at + 1, cat + 1, strlen(at + 1));
    }
    return host_within(at + 1, strlen(at + 1), c, strlen(c));
}

/*
 * uniformResourceIdentifier constraints apply to the host of the URI (RFC 5280 §4.2.1.10,
 * RFC 3986 §3.2): "scheme://[userinfo@]host[:port][/...]". A URI without a host, or with an
 * IP-literal host, cannot be shown to lie in a subtree: -1, and the caller decides as Go
 * does (refused when URI constraints apply).
 */
static int uri_within(mutls_slice name, mutls_slice constraint)
{
    char n[DNS_MAX];
    char c[DNS_MAX];
    const char *host;
    const char *end;
    const char *at;
    const char *colon;

    if (load_text(name, n) != 0 || load_text(constraint, c) != 0) {
        return -1;
    }
    host = strstr(n, "://");
    if (host == NULL || host == n) {
        return -1;
    }
    host += 3;
    end = host + strcspn(host, "/?#");
    at = memchr(host, '@', (size_t)(end - host));
    while (at != NULL) {
        host = at + 1;
        at = memchr(host, '@', (size_t)(end - host));
    }
    if (host == end || host[0] == '[') {
        return -1;
    }
    colon = memchr(host, ':', (size_t)(end - host));
    if (colon != NULL) {
        end = colon;
    }
    if (host == end) {
        return -1;
    }
    return host_within(host, (size_t)(end - host), c, strlen(c));
}

static int has_star(mutls_slice s)
{
    mutls_rd r;

    mutls_rd_init_slice(&r, s);
    while (mutls_rd_remaining(&r) > 0) {
        if (mutls_rd_u8(&r) == '*') {
            return 1;
        }
    }
    return 0;
}

/* Whether an iPAddress subtree's mask (its second half) is ones, then zeros. */
static int cidr_mask(mutls_slice value)
{
    mutls_rd r;
    size_t half = value.len / 2;
    size_t i;
    int zeros = 0;

    mutls_rd_init_slice(&r, value);
    mutls_rd_skip(&r, half);
    for (i = 0; i < half; i++) {
        uint8_t m = mutls_rd_u8(&r);
        for (int bit = 7; bit >= 0; bit--) {
            if (((m >> bit) & 1) == 0) {
                zeros = 1;
            } else if (zeros) {
                return 0;
            }
        }
    }
    return r.err == 0;
}

int mutls_x509_check_subtree(const mutls_x509_gn *gn, const char **why)
{
    /* §4.2.1.10: an iPAddress subtree is an address and a CIDR mask of the same size. Go
     * refuses a mask like 255.0.255.0 as malformed, and so does mutls. */
    if (gn->type == MUTLS_X509_GN_IP &&
        ((gn->value.len != 8 && gn->value.len != 32) || !cidr_mask(gn->value))) {
        return mutls_x509_malformed(why, "its nameConstraints has an iPAddress subtree that is "
                                         "not an address and a CIDR mask (RFC 5280 4.2.1.10)");
    }
    /* A dNSName subtree is a domain, never a wildcard pattern (x509-limbo refuses it). */
    if (gn->type == MUTLS_X509_GN_DNS && has_star(gn->value)) {
        return mutls_x509_malformed(why, "its nameConstraints has a dNSName subtree with a "
                                         "wildcard (RFC 5280 4.2.1.10)");
    }
    return 0;
}

/*
 * One name against one list of subtrees: the number of subtrees of its type, and whether
 * one of them covers it (*hit). A name mutls cannot place (a form it does not implement, or
 * one it cannot parse) counts as covered by an excluded subtree and by no permitted one: RFC
 * 5280 §4.2.1.10 says a constraint on a name form present in the certificate is either
 * processed or the certificate is refused.
 */
static int scan_subtrees(mutls_slice subtrees, int type, mutls_slice name, int excluded, int *count,
                         int *hit)
{
    char dns[DNS_MAX];
    size_t dlen = 0;
    mutls_rd r;
    mutls_x509_gn gn;
    int rc;

    *count = 0;
    *hit = 0;
    if (type == MUTLS_X509_GN_DNS && dns_load(name, dns, &dlen) != 0) {
        dns[0] = 0;
        dlen = 0;
    }
    mutls_rd_init_slice(&r, subtrees);
    while ((rc = mutls_x509_subtree_next(&r, &gn)) > 0) {
        int in;

        if (gn.type != type) {
            continue;
        }
        (*count)++;
        switch (type) {
        case MUTLS_X509_GN_IP:
            in = ip_within(name, gn.value);
            break;
        case MUTLS_X509_GN_DNS:
            in = dlen == 0 ? -1 : dns_within(dns, dlen, gn.value);
            if (in == 0 && excluded && dns[0] == '*') {
                in = dns_wildcard_hits(dns, dlen, gn.value);
            }
            break;
        case MUTLS_X509_GN_DIRNAME:
            in = mutls_x509_name_within(name, gn.value);
            break;
        case MUTLS_X509_GN_EMAIL:
            in = email_within(name, gn.value);
            break;
        case MUTLS_X509_GN_URI:
            in = uri_within(name, gn.value);
            break;
        default: /* otherName, x400Address, ediPartyName, registeredID */
            in = -1;
            break;
        }
        if (in < 0) {
            in = excluded;
        }
        *hit |= in;
    }
    return rc;
}

static int check_one_name(const mutls_x509 *ca, int type, mutls_slice name)
{
    int count;
    int hit;

    /* Excluded subtrees win over permitted ones (§4.2.1.10). */
    TRY(scan_subtrees(ca->nc_excluded, type, name, 1, &count, &hit));
    if (hit) {
        return MUTLS_ERR_X509_NAME_CONSTRAINT;
    }
    TRY(scan_subtrees(ca->nc_permitted, type, name, 0, &count, &hit));
    if (count > 0 && !hit) {
        return MUTLS_ERR_X509_NAME_CONSTRAINT;
    }
    return 0;
}

/* Whether a CN looks like a host name (letters, digits, '-', '.', '*', with a dot). */
static int cn_is_host(mutls_slice cn)
{
    mutls_rd r;
    int dot = 0;

    mutls_rd_init_slice(&r, cn);
    while (mutls_rd_remaining(&r) > 0) {
        uint8_t c = mutls_rd_u8(&r);
        if (c == '.') {
            dot = 1;
        } else if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                     c == '-' || c == '*')) {
            return 0;
        }
    }
    return dot;
}

/* emailAddress (PKCS #9, RFC 5280 §4.1.2.6), contents octets. */
#define OID_EMAIL_ADDRESS "\x2a\x86\x48\x86\xf7\x0d\x01\x09\x01"

int mutls_x509_check_constraints(const mutls_x509 *ca, const mutls_x509 *x, int is_leaf)
{
    mutls_x509_attr_iter it;
    mutls_slice v;
    int rc;

    if ((ca->flags & MUTLS_X509_HAS_NAME_CONSTRAINTS) == 0) {
        return 0;
    }
    /* §4.2.1.10: directoryName constraints apply to the subject (when it is not empty). */
    if (x->subject.len > 2) {
        TRY(check_one_name(ca, MUTLS_X509_GN_DIRNAME, x->subject));
    }
    /* §4.2.1.10 asks for the subject's emailAddress attributes to obey rfc822Name subtrees
     * when there is no SAN; openssl checks them whether or not there is one, and so does
     * mutls (the safer reading: an address the CA may not vouch for is refused). */
    mutls_x509_attr_begin(&it, x->subject, (const uint8_t *)OID_EMAIL_ADDRESS,
                          sizeof(OID_EMAIL_ADDRESS) - 1);
    while ((rc = mutls_x509_attr_next(&it, &v)) > 0) {
        TRY(check_one_name(ca, MUTLS_X509_GN_EMAIL, v));
    }
    TRY(rc);
    if ((x->flags & MUTLS_X509_HAS_SAN) != 0) {
        mutls_rd r;
        mutls_x509_gn gn;

        mutls_rd_init_slice(&r, x->san);
        while ((rc = mutls_x509_gn_next(&r, &gn)) > 0) {
            TRY(check_one_name(ca, gn.type, gn.value));
        }
        return rc;
    }
    if (is_leaf) {
        rc = mutls_x509_name_cn(x->subject, &v);
        TRY(rc);
        /* The CN is the name matched when there is no SAN, so it must obey too. */
        if (rc == 1 && cn_is_host(v)) {
            return check_one_name(ca, MUTLS_X509_GN_DNS, v);
        }
    }
    return 0;
}
