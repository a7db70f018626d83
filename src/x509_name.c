/* SPDX-License-Identifier: MIT */
/*
 * x509_name.c - names in certificates: RFC 4514 strings, name comparison for path building
 * (RFC 5280 §7.1, and §7.3 for domainComponent) and the subject's common name. GeneralNames
 * are read in x509_gn.c; host and IP matching and name constraints are in x509_match.c.
 * Certificate bytes are read only through the bounded reader; output goes to the caller's
 * buffer, truncated and always NUL-terminated.
 */
#include "x509.h"

#include <string.h>

#include "der.h"

#define OID_CN "\x55\x04\x03"
#define OID_DC "\x09\x92\x26\x89\x93\xf2\x2c\x64\x01\x19" /* domainComponent */
/* Most RDNs a name may have to be printed (real names have fewer than ten). */
#define MAX_RDNS 32

/* ------------------------------------------------------------ output buffer */

typedef struct sbuf {
    char *p;
    size_t cap;
    size_t len;
    int full;
} sbuf;

static void sb_init(sbuf *b, char *p, size_t cap)
{
    b->p = p;
    b->cap = cap;
    b->len = 0;
    b->full = 0;
    if (cap > 0) {
        p[0] = 0;
    }
}

static void sb_putc(sbuf *b, char c)
{
    if (b->len + 1 < b->cap) {
        b->p[b->len++] = c;
        b->p[b->len] = 0;
    } else {
        b->full = 1;
    }
}

static void sb_puts(sbuf *b, const char *s)
{
    while (*s != 0) {
        sb_putc(b, *s++);
    }
}

static void sb_hex(sbuf *b, uint8_t v)
{
    static const char digits[] = "0123456789ABCDEF";
    sb_putc(b, digits[v >> 4]);
    sb_putc(b, digits[v & 15]);
}

static void sb_uint(sbuf *b, uint64_t v)
{
    char tmp[24];
    size_t n = 0;

    do {
        tmp[n++] = (char)('0' + v % 10);
        v /= 10;
    } while (v != 0);
    while (n > 0) {
        sb_putc(b, tmp[--n]);
    }
}

/* UTF-8 (RFC 3629 §3): a lead byte, then 6 bits per continuation byte. */
static void sb_utf8(sbuf *b, uint32_t cp)
{
    static const uint8_t lead[4] = {0x00, 0xc0, 0xe0, 0xf0};
    static const uint8_t mask[4] = {0x7f, 0x1f, 0x0f, 0x07};
    int n = cp < 0x80 ? 0 : cp < 0x800 ? 1 : cp < 0x10000 ? 2 : 3; /* continuation bytes */

    sb_putc(b, (char)(lead[n] | ((cp >> (6 * n)) & mask[n])));
    while (n-- > 0) {
        sb_putc(b, (char)(0x80 | ((cp >> (6 * n)) & 0x3f)));
    }
}

/* ------------------------------------------------------------ walking a name */

/* The next AttributeTypeAndValue ::= SEQUENCE { type OID, value ANY } of an RDN
 * (RFC 5280 §4.1.2.4). A malformed one becomes @p set's sticky error. */
static void next_atv(mutls_rd *set, mutls_slice *oid, mutls_der_tlv *value)
{
    mutls_rd atv;

    mutls_der_enter(set, MUTLS_DER_SEQUENCE, &atv);
    *oid = mutls_der_oid(&atv);
    mutls_der_any(&atv, value);
    mutls_der_close(set, &atv);
}

/* ------------------------------------------------------------ RFC 4514 */

static const char *short_name(mutls_slice oid)
{
    /* RFC 4514 §3 table, plus the DC, UID and serialNumber attributes of RFC 4519 (names
     * registered for LDAP, so §3 prefers them to the dotted OID; BetterTLS gives every
     * subject a serialNumber, and a refusal should be readable). */
    static const struct {
        const char *der;
        size_t len;
        const char *name;
    } names[] = {
        {"\x55\x04\x03", 3, "CN"},
        {"\x55\x04\x07", 3, "L"},
        {"\x55\x04\x08", 3, "ST"},
        {"\x55\x04\x0a", 3, "O"},
        {"\x55\x04\x0b", 3, "OU"},
        {"\x55\x04\x06", 3, "C"},
        {"\x55\x04\x09", 3, "STREET"},
        {"\x09\x92\x26\x89\x93\xf2\x2c\x64\x01\x19", 10, "DC"},
        {"\x09\x92\x26\x89\x93\xf2\x2c\x64\x01\x01", 10, "UID"},
        {"\x55\x04\x05", 3, "serialNumber"},
    };
    size_t i;

    for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
        if (mutls_der_oid_is(oid, (const uint8_t *)names[i].der, names[i].len)) {
            return names[i].name;
        }
    }
    return NULL;
}

/* Dotted-decimal form of an OID (already checked by the DER reader). */
static void put_dotted_oid(sbuf *b, mutls_slice oid)
{
    mutls_rd r;
    uint64_t v = 0;
    int first = 1;

    mutls_rd_init_slice(&r, oid);
    while (mutls_rd_remaining(&r) > 0) {
        uint8_t c = mutls_rd_u8(&r);
        if (v > (UINT64_MAX >> 7)) {
            sb_puts(b, "?");
            return;
        }
        v = (v << 7) | (c & 0x7f);
        if ((c & 0x80) != 0) {
            continue;
        }
        if (first) {
            uint64_t arc = v < 40 ? 0 : v < 80 ? 1 : 2;
            sb_uint(b, arc);
            sb_putc(b, '.');
            sb_uint(b, v - arc * 40);
            first = 0;
        } else {
            sb_putc(b, '.');
            sb_uint(b, v);
        }
        v = 0;
    }
}

/* One character of an attribute value, escaped as RFC 4514 §2.4 asks. */
static void put_value_char(sbuf *b, uint32_t c, int at_start, int at_end)
{
    if (c < 0x20 || c == 0x7f) {
        sb_putc(b, '\\');
        sb_hex(b, (uint8_t)c);
        return;
    }
    if (c == ',' || c == '+' || c == '"' || c == '\\' || c == '<' || c == '>' || c == ';' ||
        (at_start && (c == ' ' || c == '#')) || (at_end && c == ' ')) {
        sb_putc(b, '\\');
    }
    sb_utf8(b, c);
}

/* A directory string as UTF-8; values of other types as '#' and the hex of their DER. */
static void put_value(sbuf *b, const mutls_der_tlv *v)
{
    size_t unit = 1;
    mutls_rd r;
    size_t i;

    switch (v->tag) {
    case MUTLS_DER_UTF8_STRING:
    case MUTLS_DER_PRINTABLE_STRING:
    case MUTLS_DER_IA5_STRING:
    case MUTLS_DER_T61_STRING:
    case 0x12: /* NumericString */
    case 0x1a: /* VisibleString */
        unit = 1;
        break;
    case MUTLS_DER_BMP_STRING:
        unit = 2;
        break;
    case MUTLS_DER_UNIVERSAL_STRING:
        unit = 4;
        break;
    default:
        unit = 0;
        break;
    }
    if (unit == 0 || v->value.len % unit != 0) {
        sb_putc(b, '#');
        mutls_rd_init_slice(&r, v->whole);
        while (mutls_rd_remaining(&r) > 0) {
            sb_hex(b, mutls_rd_u8(&r));
        }
        return;
    }
    mutls_rd_init_slice(&r, v->value);
    for (i = 0; mutls_rd_remaining(&r) > 0; i++) {
        uint32_t c = unit == 1 ? mutls_rd_u8(&r) : unit == 2 ? mutls_rd_u16(&r) : mutls_rd_u32(&r);
        int last = mutls_rd_remaining(&r) == 0;

        if (unit == 1 && c >= 0x80 && v->tag == MUTLS_DER_UTF8_STRING) {
            sb_putc(b, (char)c); /* already UTF-8 */
        } else if (unit == 1 && c >= 0x80 && v->tag != MUTLS_DER_T61_STRING) {
            sb_putc(b, '\\'); /* not a legal character of this string type */
            sb_hex(b, (uint8_t)c);
        } else if (c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff)) {
            sb_puts(b, "\\EF\\BF\\BD");
        } else {
            put_value_char(b, c, i == 0, last);
        }
    }
}

int mutls_x509_name_string(mutls_slice name, char *out, size_t cap)
{
    /* 32 slices: 512 bytes of stack, to print the RDNs last to first without allocating. */
    mutls_slice rdn[MAX_RDNS];
    size_t n = 0;
    mutls_rd r;
    mutls_rd seq;
    sbuf b;

    sb_init(&b, out, cap);
    mutls_rd_init_slice(&r, name);
    mutls_der_enter(&r, MUTLS_DER_SEQUENCE, &seq);
    if (mutls_der_end(&r) != 0) {
        return MUTLS_ERR_X509_MALFORMED;
    }
    while (mutls_rd_remaining(&seq) > 0) {
        mutls_slice set = mutls_der_value(&seq, MUTLS_DER_SET);
        if (seq.err != 0 || n == MAX_RDNS) {
            return MUTLS_ERR_X509_MALFORMED;
        }
        rdn[n++] = set;
    }
    /* RFC 4514 §2.1: the last RDN of the sequence comes first, separated by commas. */
    while (n > 0) {
        mutls_rd set;
        int first_atv = 1;

        mutls_rd_init_slice(&set, rdn[--n]);
        while (mutls_rd_remaining(&set) > 0) {
            mutls_rd atv;
            mutls_slice oid;
            mutls_der_tlv value;
            const char *sn;

            next_atv(&set, &oid, &value);
            if (set.err != 0) {
                return MUTLS_ERR_X509_MALFORMED;
            }
            /* §2.2: the values of a multi-valued RDN are joined with '+'. */
            if (!first_atv) {
                sb_putc(&b, '+');
            }
            first_atv = 0;
            sn = short_name(oid);
            if (sn != NULL) {
                sb_puts(&b, sn);
            } else {
                put_dotted_oid(&b, oid);
            }
            sb_putc(&b, '=');
            if (sn == NULL) {
                /* §2.4: an attribute known only by its OID is printed as hex BER. */
                mutls_rd_init_slice(&atv, value.whole);
                sb_putc(&b, '#');
                while (mutls_rd_remaining(&atv) > 0) {
                    sb_hex(&b, mutls_rd_u8(&atv));
                }
            } else {
                put_value(&b, &value);
            }
        }
        if (set.err != 0) {
            return MUTLS_ERR_X509_MALFORMED;
        }
        if (n > 0) {
            sb_putc(&b, ',');
        }
    }
    if (b.full) {
        return MUTLS_ERR_BUFFER_TOO_SMALL;
    }
    return (int)b.len;
}

/* ------------------------------------------------------------ comparison (RFC 5280 §7.1) */

typedef struct fold_it {
    mutls_rd r;
    int held;
    int started;
    int space;
} fold_it;

/* Next character after RFC 4518-style folding: ASCII case, leading/trailing space removed,
 * inner runs of spaces as one. -1 at the end. */
static int fold_next(fold_it *it)
{
    if (it->held >= 0) {
        int c = it->held;
        it->held = -1;
        return c;
    }
    while (mutls_rd_remaining(&it->r) > 0) {
        int c = mutls_rd_u8(&it->r);
        if (c == ' ') {
            it->space = it->started;
            continue;
        }
        it->started = 1;
        if (c >= 'A' && c <= 'Z') {
            c += 'a' - 'A';
        }
        if (it->space) {
            it->space = 0;
            it->held = c;
            return ' ';
        }
        return c;
    }
    return -1;
}

static int is_folded_type(uint8_t tag)
{
    return tag == MUTLS_DER_PRINTABLE_STRING || tag == MUTLS_DER_UTF8_STRING;
}

/* @p dc: the attribute is a domainComponent, whose IA5String values RFC 5280 §7.3 compares
 * without regard to case (as X509-Anvil DomainComponentCaseInsensitiveTests). */
static int value_equal(const mutls_der_tlv *a, const mutls_der_tlv *b, int dc)
{
    fold_it fa = {{0}, -1, 0, 0};
    fold_it fb = {{0}, -1, 0, 0};
    int ca;
    int cb;

    if (dc && a->tag == MUTLS_DER_IA5_STRING && b->tag == MUTLS_DER_IA5_STRING) {
        /* folded below like the two directory string types */
    } else if (!is_folded_type(a->tag) || !is_folded_type(b->tag)) {
        return a->whole.len == b->whole.len && memcmp(a->whole.p, b->whole.p, a->whole.len) == 0;
    }
    mutls_rd_init_slice(&fa.r, a->value);
    mutls_rd_init_slice(&fb.r, b->value);
    do {
        ca = fold_next(&fa);
        cb = fold_next(&fb);
        if (ca != cb) {
            return 0;
        }
    } while (ca >= 0);
    return 1;
}

/* Whether two RDNs, read from their SET contents, hold the same attributes in the same order
 * (values compared as value_equal does). Consumes both readers. */
static int rdn_equal(mutls_rd *seta, mutls_rd *setb)
{
    while (mutls_rd_remaining(seta) > 0 && mutls_rd_remaining(setb) > 0) {
        mutls_slice oida;
        mutls_slice oidb;
        mutls_der_tlv va;
        mutls_der_tlv vb;

        next_atv(seta, &oida, &va);
        next_atv(setb, &oidb, &vb);
        if (seta->err != 0 || setb->err != 0 || !mutls_der_oid_is(oida, oidb.p, oidb.len) ||
            !value_equal(&va, &vb, MUTLS_DER_OID_IS(oida, OID_DC))) {
            return 0;
        }
    }
    return seta->err == 0 && setb->err == 0 && mutls_rd_remaining(seta) == 0 &&
           mutls_rd_remaining(setb) == 0;
}

/* Walk the RDNs of @p base against the first RDNs of the Name read by @p sa (an RDNSequence's
 * contents): 1 when they are equal RDN by RDN (@p sa is then past them), else 0. */
static int rdns_lead(mutls_rd *sa, mutls_slice base)
{
    mutls_rd rb;
    mutls_rd sb;

    mutls_rd_init_slice(&rb, base);
    mutls_der_enter(&rb, MUTLS_DER_SEQUENCE, &sb);
    while (sb.err == 0 && mutls_rd_remaining(&sb) > 0) {
        mutls_rd seta;
        mutls_rd setb;

        if (mutls_rd_remaining(sa) == 0) {
            return 0;
        }
        mutls_der_enter(sa, MUTLS_DER_SET, &seta);
        mutls_der_enter(&sb, MUTLS_DER_SET, &setb);
        if (sa->err != 0 || !rdn_equal(&seta, &setb)) {
            return 0;
        }
    }
    return sa->err == 0 && sb.err == 0;
}

/* RDN by RDN comparison of two Names; with @p prefix, @p b only has to be a leading part of
 * @p a (RFC 5280 §4.2.1.10 directoryName subtrees). */
static int name_compare(mutls_slice a, mutls_slice b, int prefix)
{
    mutls_rd ra;
    mutls_rd sa;

    if (a.len == b.len && a.len > 0 && memcmp(a.p, b.p, a.len) == 0) {
        return 1;
    }
    mutls_rd_init_slice(&ra, a);
    mutls_der_enter(&ra, MUTLS_DER_SEQUENCE, &sa);
    return sa.err == 0 && rdns_lead(&sa, b) && (prefix || mutls_rd_remaining(&sa) == 0);
}

int mutls_x509_name_equal(mutls_slice a, mutls_slice b)
{
    return name_compare(a, b, 0);
}

int mutls_x509_name_within(mutls_slice name, mutls_slice base)
{
    return name_compare(name, base, 1);
}

int mutls_x509_name_joined(mutls_slice name, mutls_slice base, mutls_slice rdn)
{
    mutls_rd ra;
    mutls_rd sa;
    mutls_rd last;
    mutls_rd want;

    mutls_rd_init_slice(&ra, name);
    mutls_der_enter(&ra, MUTLS_DER_SEQUENCE, &sa);
    if (sa.err != 0 || rdn.len == 0 || !rdns_lead(&sa, base) || mutls_rd_remaining(&sa) == 0) {
        return 0;
    }
    mutls_der_enter(&sa, MUTLS_DER_SET, &last);
    mutls_rd_init_slice(&want, rdn);
    return sa.err == 0 && mutls_rd_remaining(&sa) == 0 && rdn_equal(&last, &want);
}

int mutls_x509_rdn_equal(mutls_slice a, mutls_slice b)
{
    mutls_rd ra;
    mutls_rd rb;

    mutls_rd_init_slice(&ra, a);
    mutls_rd_init_slice(&rb, b);
    return a.len > 0 && b.len > 0 && rdn_equal(&ra, &rb);
}

void mutls_x509_attr_begin(mutls_x509_attr_iter *it, mutls_slice name, const uint8_t *oid,
                           size_t oid_len)
{
    mutls_rd r;

    mutls_rd_init_slice(&r, name);
    mutls_der_enter(&r, MUTLS_DER_SEQUENCE, &it->seq);
    mutls_rd_init(&it->set, name.p, 0);
    it->oid = oid;
    it->oid_len = oid_len;
    it->bad = r.err != 0;
}

int mutls_x509_attr_next(mutls_x509_attr_iter *it, mutls_slice *value)
{
    while (!it->bad) {
        while (mutls_rd_remaining(&it->set) > 0) {
            mutls_slice type;
            mutls_der_tlv v;

            next_atv(&it->set, &type, &v);
            if (it->set.err == 0 && mutls_der_oid_is(type, it->oid, it->oid_len)) {
                *value = v.value;
                return 1;
            }
        }
        if (it->set.err != 0 || it->seq.err != 0) {
            it->bad = 1;
        } else if (mutls_rd_remaining(&it->seq) == 0) {
            return 0;
        } else {
            mutls_der_enter(&it->seq, MUTLS_DER_SET, &it->set);
        }
    }
    return MUTLS_ERR_X509_MALFORMED;
}

int mutls_x509_name_cn(mutls_slice name, mutls_slice *cn)
{
    mutls_x509_attr_iter it;
    mutls_slice v;
    int found = 0;
    int rc;

    /* The last one is the most specific (names list the most general RDN first). */
    mutls_x509_attr_begin(&it, name, (const uint8_t *)OID_CN, sizeof(OID_CN) - 1);
    while ((rc = mutls_x509_attr_next(&it, &v)) > 0) {
        *cn = v;
        found = 1;
    }
    return rc < 0 ? rc : found;
}
