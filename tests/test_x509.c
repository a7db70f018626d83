/* SPDX-License-Identifier: MIT */
/*
 * test_x509.c - certificate parsing in place (x509.c): fields of the test PKI's certificates
 * (vectors/x509/), hand-built certificates for the structural rules (RFC 5280 §4.1, §4.2),
 * and the hostile inputs: truncation at every byte, a trailing byte, and every byte mutated.
 * Names (RFC 4514 strings, comparison, IP literals) are in test_x509_names.c.
 */
#include "testutil.h"

#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "certs.h"
#include "der.h"
#include "mem.h"
#include "x509.h"

#define T2025 1735689600 /* 2025-01-01 00:00:00 UTC */
#define T2125 4891363200 /* 2125-01-01 00:00:00 UTC */

/* ------------------------------------------------------------ helpers */

/* Load vectors/x509/<rel> into a fresh set (fails the test on error). */
static mutls_certs *load(const char *rel)
{
    mutls_certs *set = NULL;

    assert_int_equal(mutls_certs_new(&set), 0);
    assert_int_equal(mutls_certs_add_file(set, tu_vector_path(rel)), 0);
    assert_true(set->n >= 1);
    return set;
}

static void assert_name(mutls_slice name, const char *want)
{
    char buf[256];
    int rc = mutls_x509_name_string(name, buf, sizeof(buf));

    assert_int_equal(rc, (int)strlen(want));
    assert_string_equal(buf, want);
}

static int slice_is(mutls_slice s, const char *str)
{
    return s.len == strlen(str) && memcmp(s.p, str, s.len) == 0;
}

/* A tiny DER builder for hand-made certificates (tests only). */
typedef struct dbuf {
    uint8_t b[4096];
    size_t n;
} dbuf;

static void put(dbuf *d, const void *p, size_t n)
{
    assert_true(d->n + n <= sizeof(d->b));
    memcpy(d->b + d->n, p, n);
    d->n += n;
}

static void put_hex(dbuf *d, const char *hex)
{
    size_t n;
    uint8_t *bytes = tu_unhex(hex, &n);

    assert_non_null(bytes);
    put(d, bytes, n);
    free(bytes);
}

/* Wrap @p in as one TLV appended to @p out. */
static void wrap(dbuf *out, uint8_t tag, const dbuf *in)
{
    uint8_t hdr[4];
    size_t h = 0;

    hdr[h++] = tag;
    if (in->n < 0x80) {
        hdr[h++] = (uint8_t)in->n;
    } else if (in->n < 0x100) {
        hdr[h++] = 0x81;
        hdr[h++] = (uint8_t)in->n;
    } else {
        hdr[h++] = 0x82;
        hdr[h++] = (uint8_t)(in->n >> 8);
        hdr[h++] = (uint8_t)in->n;
    }
    put(out, hdr, h);
    put(out, in->b, in->n);
}

static void wrap_hex(dbuf *out, uint8_t tag, const char *hex)
{
    dbuf in = {{0}, 0};

    put_hex(&in, hex);
    wrap(out, tag, &in);
}

#define ALG_SHA256_RSA "06092a864886f70d01010b0500"
#define NAME_CN_X "300c310a300806035504030c0178" /* CN=x as UTF8String */
#define VALIDITY                                                                                   \
    "170d3235303130313030303030305a"                                                               \
    "180f32313235303130313030303030305a"
/* SPKI with an unknown algorithm: enough for parsing tests (the key is never used). */
#define SPKI_OTHER "300d300706032a0304050003020000"

typedef struct cert_parts {
    const char *version; /* hex of the [0] contents, NULL = absent (v1) */
    const char *serial;  /* hex INTEGER contents */
    const char *tbs_alg; /* hex of the AlgorithmIdentifier TLV */
    const char *outer_alg;
    const char *spki;
    const char *exts; /* hex of the Extension TLVs, NULL = no extensions field */
} cert_parts;

static void build_cert(dbuf *out, const cert_parts *c)
{
    dbuf tbs = {{0}, 0};
    dbuf tbs_seq = {{0}, 0};
    dbuf cert = {{0}, 0};

    if (c->version != NULL) {
        dbuf v = {{0}, 0};
        wrap_hex(&v, MUTLS_DER_INTEGER, c->version);
        wrap(&tbs, MUTLS_DER_CTX_CONS(0), &v);
    }
    wrap_hex(&tbs, MUTLS_DER_INTEGER, c->serial != NULL ? c->serial : "01");
    put_hex(&tbs, c->tbs_alg != NULL ? c->tbs_alg : "300d" ALG_SHA256_RSA);
    put_hex(&tbs, NAME_CN_X);
    wrap_hex(&tbs, MUTLS_DER_SEQUENCE, VALIDITY);
    put_hex(&tbs, NAME_CN_X);
    put_hex(&tbs, c->spki != NULL ? c->spki : SPKI_OTHER);
    if (c->exts != NULL) {
        dbuf seq = {{0}, 0};
        dbuf inner = {{0}, 0};
        put_hex(&inner, c->exts);
        wrap(&seq, MUTLS_DER_SEQUENCE, &inner);
        wrap(&tbs, MUTLS_DER_CTX_CONS(3), &seq);
    }
    wrap(&tbs_seq, MUTLS_DER_SEQUENCE, &tbs);
    put(&cert, tbs_seq.b, tbs_seq.n);
    put_hex(&cert, c->outer_alg != NULL
                       ? c->outer_alg
                       : (c->tbs_alg != NULL ? c->tbs_alg : "300d" ALG_SHA256_RSA));
    wrap_hex(&cert, MUTLS_DER_BIT_STRING, "00aabbcc");
    out->n = 0;
    wrap(out, MUTLS_DER_SEQUENCE, &cert);
}

static int parse_parts(const cert_parts *c, mutls_x509 *x, dbuf *storage)
{
    build_cert(storage, c);
    return mutls_x509_parse(x, storage->b, storage->n);
}

/* One extension TLV: OID hex, critical flag, value hex (the OCTET STRING contents). */
static const char *ext(const char *oid, int critical, const char *value)
{
    static char out[16][512];
    static int next;
    char *o = out[next++ % 16];
    dbuf body = {{0}, 0};
    dbuf e = {{0}, 0};
    size_t i;

    wrap_hex(&body, MUTLS_DER_OID, oid);
    if (critical) {
        put_hex(&body, "0101ff");
    }
    wrap_hex(&body, MUTLS_DER_OCTET_STRING, value);
    wrap(&e, MUTLS_DER_SEQUENCE, &body);
    assert_true(e.n * 2 + 1 <= sizeof(out[0]));
    for (i = 0; i < e.n; i++) {
        static const char hx[] = "0123456789abcdef";
        o[2 * i] = hx[e.b[i] >> 4];
        o[2 * i + 1] = hx[e.b[i] & 15];
    }
    o[2 * e.n] = 0;
    return o;
}

/* ------------------------------------------------------------ the test PKI */

static void test_x509_rsa_leaf_fields_parsed(void **state)
{
    mutls_certs *set = load("x509/rsa/leaf.pem");
    mutls_certs *inter = load("x509/rsa/inter.pem");
    const mutls_x509 *x = &set->x[0];

    (void)state;
    assert_int_equal(x->version, 3);
    assert_name(x->subject, "CN=www.example.com,O=mutls test");
    assert_name(x->issuer, "CN=mutls Test RSA Inter,O=mutls test");
    assert_int_equal(x->not_before, T2025);
    assert_int_equal(x->not_after, T2125);
    assert_int_equal(x->key_type, MUTLS_KEY_RSA);
    assert_int_equal(x->key_bits, 2048);
    assert_int_equal(x->sig.kind, MUTLS_SIG_RSA_PKCS1);
    assert_int_equal(x->sig.hash, MUTLS_HASH_SHA256);
    assert_true(x->sig.supported);
    assert_int_equal(x->signature.len, 256);
    assert_true((x->flags & MUTLS_X509_HAS_BASIC_CONSTRAINTS) != 0);
    assert_false(x->is_ca);
    assert_int_equal(x->path_len, -1);
    assert_true((x->flags & MUTLS_X509_HAS_KEY_USAGE) != 0);
    assert_int_equal(x->key_usage, MUTLS_X509_KU_DIGITAL_SIGNATURE);
    assert_true((x->flags & MUTLS_X509_HAS_EKU) != 0);
    assert_int_equal(x->eku, MUTLS_X509_EKU_SERVER_AUTH);
    assert_int_equal(x->flags & MUTLS_X509_UNKNOWN_CRITICAL, 0);
    /* The leaf's AKI is the intermediate's SKI (both 20-byte SHA-1 key ids here). */
    assert_int_equal(x->aki.len, 20);
    assert_int_equal(inter->x[0].ski.len, 20);
    assert_memory_equal(x->aki.p, inter->x[0].ski.p, 20);
    assert_true(mutls_x509_name_equal(x->issuer, inter->x[0].subject));
    assert_false(mutls_x509_self_issued(x));
    /* The TBS lies inside the certificate, after its 4-byte header. */
    assert_ptr_equal(x->tbs.p, x->der.p + 4);
    assert_true(x->tbs.len < x->der.len);
    mutls_certs_free(set);
    mutls_certs_free(inter);
}

static void test_x509_san_list_iterated_in_order(void **state)
{
    mutls_certs *set = load("x509/rsa/leaf_multi.pem");
    static const uint8_t ip[] = {192, 0, 2, 9};
    mutls_x509_gn gn;
    mutls_rd r;

    (void)state;
    assert_true((set->x[0].flags & MUTLS_X509_HAS_SAN) != 0);
    mutls_rd_init_slice(&r, set->x[0].san);
    assert_int_equal(mutls_x509_gn_next(&r, &gn), 1);
    assert_int_equal(gn.type, MUTLS_X509_GN_DNS);
    assert_true(slice_is(gn.value, "www.example.com"));
    assert_int_equal(mutls_x509_gn_next(&r, &gn), 1);
    assert_int_equal(gn.type, MUTLS_X509_GN_DNS);
    assert_true(slice_is(gn.value, "api.example.com"));
    assert_int_equal(mutls_x509_gn_next(&r, &gn), 1);
    assert_int_equal(gn.type, MUTLS_X509_GN_IP);
    assert_int_equal(gn.value.len, 4);
    assert_memory_equal(gn.value.p, ip, 4);
    assert_int_equal(mutls_x509_gn_next(&r, &gn), 0);
    assert_int_equal(mutls_x509_check_host(&set->x[0], "API.example.com.", 0), 0);
    assert_int_equal(mutls_x509_check_host(&set->x[0], "192.0.2.9", 0), 0);
    assert_int_equal(mutls_x509_check_host(&set->x[0], "192.0.2.9", MUTLS_X509_NAME_DNS),
                     MUTLS_ERR_X509_NAME_MISMATCH);
    assert_int_equal(mutls_x509_check_host(&set->x[0], "mail.example.com", 0),
                     MUTLS_ERR_X509_NAME_MISMATCH);
    assert_int_equal(mutls_x509_check_host(&set->x[0], "www.example.com", MUTLS_X509_NAME_IP),
                     MUTLS_ERR_BAD_ARGUMENT);
    mutls_certs_free(set);
}

static void test_x509_ca_and_ec_and_pss_fields_parsed(void **state)
{
    mutls_certs *pl0 = load("x509/path_too_long/pl0.pem");
    mutls_certs *ec = load("x509/ec256/leaf.pem");
    mutls_certs *ec384 = load("x509/roots/ec384_root.pem");
    mutls_certs *pss = load("x509/pss/leaf.pem");
    mutls_certs *pss384 = load("x509/pss/leaf_sha384.pem");
    mutls_certs *root = load("x509/roots/rsa_root.pem");

    (void)state;
    assert_true(pl0->x[0].is_ca);
    assert_int_equal(pl0->x[0].path_len, 0);
    assert_int_equal(pl0->x[0].key_usage, MUTLS_X509_KU_KEY_CERT_SIGN | MUTLS_X509_KU_CRL_SIGN);
    assert_name(pl0->x[0].subject, "CN=mutls Test PathLen0 Inter,O=mutls test");

    assert_int_equal(ec->x[0].key_type, MUTLS_KEY_EC);
    assert_int_equal(ec->x[0].curve, MUTLS_CURVE_P256);
    assert_int_equal(ec->x[0].key_bits, 256);
    assert_int_equal(ec->x[0].sig.kind, MUTLS_SIG_ECDSA);
    assert_int_equal(ec->x[0].sig.hash, MUTLS_HASH_SHA256);
    assert_int_equal(ec384->x[0].curve, MUTLS_CURVE_P384);
    assert_int_equal(ec384->x[0].sig.hash, MUTLS_HASH_SHA384);

    assert_int_equal(pss->x[0].sig.kind, MUTLS_SIG_RSA_PSS);
    assert_int_equal(pss->x[0].sig.hash, MUTLS_HASH_SHA256);
    assert_int_equal(pss->x[0].sig.pss_salt, 32);
    assert_true(pss->x[0].sig.supported);
    assert_int_equal(pss384->x[0].sig.hash, MUTLS_HASH_SHA384);
    assert_int_equal(pss384->x[0].sig.pss_salt, 48);

    assert_true(mutls_x509_self_issued(&root->x[0]));
    assert_true(root->x[0].is_ca);
    mutls_certs_free(pl0);
    mutls_certs_free(ec);
    mutls_certs_free(ec384);
    mutls_certs_free(pss);
    mutls_certs_free(pss384);
    mutls_certs_free(root);
}

/* A public root from Debian's ca-certificates whose keyUsage keeps a trailing zero bit (9
 * bits for keyCertSign|cRLSign, 03 03 07 06 00): not DER, but tolerated within keyUsage's
 * named bits (der.c), so that the system bundle loads as a trust store. */
static void test_x509_root_keyusage_trailing_zero_tolerated(void **state)
{
    mutls_certs *tw = load("x509/roots/trustwave_ecc_p256_ku9.pem");

    (void)state;
    assert_true(tw->x[0].is_ca);
    assert_int_equal(tw->x[0].key_usage, MUTLS_X509_KU_KEY_CERT_SIGN | MUTLS_X509_KU_CRL_SIGN);
    assert_int_equal(tw->x[0].curve, MUTLS_CURVE_P256);
    mutls_certs_free(tw);
}

static void test_x509_weak_algorithms_recorded_not_refused(void **state)
{
    mutls_certs *sha1 = load("x509/roots/sha1_root.pem");
    mutls_certs *md5 = load("x509/unsupported/inter_md5.pem");
    mutls_certs *crit = load("x509/critical/leaf.pem");
    mutls_certs *nc = load("x509/nc/inter_dns_permit.pem");
    mutls_certs *weak = load("x509/weak_key/leaf.pem");

    (void)state;
    assert_int_equal(sha1->x[0].sig.hash, MUTLS_HASH_SHA1);
    assert_false(sha1->x[0].sig.supported);
    assert_int_equal(md5->x[0].sig.hash, MUTLS_HASH_MD5);
    assert_false(md5->x[0].sig.supported);
    assert_true((crit->x[0].flags & MUTLS_X509_UNKNOWN_CRITICAL) != 0);
    assert_true((nc->x[0].flags & MUTLS_X509_HAS_NAME_CONSTRAINTS) != 0);
    assert_true(nc->x[0].nc_permitted.len > 0);
    assert_int_equal(nc->x[0].nc_excluded.len, 0);
    assert_int_equal(weak->x[0].key_bits, 1024);
    mutls_certs_free(sha1);
    mutls_certs_free(md5);
    mutls_certs_free(crit);
    mutls_certs_free(nc);
    mutls_certs_free(weak);
}

static void test_x509_malformed_vectors_refused(void **state)
{
    static const char *files[] = {
        "x509/malformed/leaf_bad_length.pem",        "x509/malformed/leaf_bad_tag.pem",
        "x509/malformed/leaf_nonminimal_length.pem", "x509/malformed/leaf_trailing.pem",
        "x509/malformed/leaf_truncated.pem",
    };
    size_t i;

    (void)state;
    for (i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
        mutls_certs *set = NULL;
        assert_int_equal(mutls_certs_new(&set), 0);
        assert_int_equal(mutls_certs_add_file(set, tu_vector_path(files[i])),
                         MUTLS_ERR_X509_MALFORMED);
        assert_int_equal(mutls_certs_count(set), 0);
        mutls_certs_free(set);
    }
}

/* ------------------------------------------------------------ hostile bytes */

static void sweep(const mutls_x509 *good)
{
    uint8_t *copy = malloc(good->der.len + 1);
    size_t len = good->der.len;
    mutls_x509 x;
    size_t i;

    assert_non_null(copy);
    memcpy(copy, good->der.p, len);
    /* Truncated at every byte: every prefix is refused. */
    for (i = 0; i < len; i++) {
        assert_int_equal(mutls_x509_parse(&x, copy, i), MUTLS_ERR_X509_MALFORMED);
    }
    /* One trailing byte. */
    copy[len] = 0;
    assert_int_equal(mutls_x509_parse(&x, copy, len + 1), MUTLS_ERR_X509_MALFORMED);
    assert_int_equal(mutls_x509_parse(&x, copy, len), 0);
    /* Every byte +1, -1 and flipped: any answer but a crash or an over-read (ASan). */
    for (i = 0; i < len; i++) {
        static const int delta[] = {1, -1, 0x80};
        size_t k;
        for (k = 0; k < 3; k++) {
            uint8_t saved = copy[i];
            int rc;
            copy[i] = (uint8_t)(k == 2 ? saved ^ 0x80 : saved + delta[k]);
            rc = mutls_x509_parse(&x, copy, len);
            assert_true(rc == 0 || rc == MUTLS_ERR_X509_MALFORMED);
            if (rc == 0) {
                char buf[64];
                int r1 = mutls_x509_name_string(x.subject, buf, sizeof(buf));
                int r2 = mutls_x509_check_host(&x, "www.example.com", 0);
                assert_true(r1 >= MUTLS_ERR_X509_MALFORMED || r1 == MUTLS_ERR_BUFFER_TOO_SMALL);
                assert_true(r2 <= 0);
            }
            copy[i] = saved;
        }
    }
    free(copy);
}

static void test_x509_truncated_every_byte_refused(void **state)
{
    static const char *files[] = {"x509/rsa/leaf_multi.pem", "x509/ec256/leaf.pem",
                                  "x509/pss/leaf.pem", "x509/nc/inter_ip_exclude.pem"};
    size_t i;

    (void)state;
    for (i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
        mutls_certs *set = load(files[i]);
        sweep(&set->x[0]);
        mutls_certs_free(set);
    }
}

/* ------------------------------------------------------------ structural rules */

#define BC_CA "30060101ff020101" /* cA TRUE, pathLen 1 */
#define OID_BC "551d13"
#define OID_KU "551d0f"
#define OID_SAN "551d11"
#define OID_NC "551d1e"
#define OID_EKU "551d25"

/* pathLenConstraint is INTEGER (0..MAX) (RFC 5280 §4.2.1.9): 300 and 2^70 are valid and
 * as good as no limit; a negative one is malformed. */
static void test_x509_large_path_len_clamped(void **state)
{
    static const char *const bc[] = {"30070101ff0202012c", "300e0101ff0209400000000000000000"};
    dbuf d;
    mutls_x509 x;
    cert_parts c = {"02", "00", NULL, NULL, NULL, NULL};
    char exts[2048];
    size_t i;

    (void)state;
    for (i = 0; i < 2; i++) {
        snprintf(exts, sizeof(exts), "%s%s", ext(OID_BC, 1, bc[i]), ext(OID_KU, 1, "03020186"));
        c.exts = exts;
        assert_int_equal(parse_parts(&c, &x, &d), 0);
        assert_true(x.is_ca);
        assert_int_equal(x.path_len, 255);
    }
    snprintf(exts, sizeof(exts), "%s%s", ext(OID_BC, 1, "30060101ff0201ff"),
             ext(OID_KU, 1, "03020186"));
    c.exts = exts;
    assert_int_equal(parse_parts(&c, &x, &d), MUTLS_ERR_X509_MALFORMED);
}

/* Attribute values hold what their string type allows (X.680 §41, RFC 3629), checked in a
 * SAN directoryName (the same Name parser reads issuer and subject): bad UTF-8, 8-bit IA5,
 * a BMPString or UniversalString cut inside a character are malformed, with the rule named;
 * PrintableString's narrower set is not enforced. */
static void test_x509_name_string_types_checked(void **state)
{
    static const struct {
        const char *san;
        int malformed;
        const char *what;
    } cases[] = {
        {"3012a410300e310c300a06035504030c0341c3a9", 0, "valid UTF-8"},
        {"3011a40f300d310b300906035504030c0241c3", 1, "UTF-8 cut after a lead byte"},
        {"3011a40f300d310b300906035504030c02c328", 1, "UTF-8 bad continuation"},
        {"3011a40f300d310b300906035504030c02c0af", 1, "overlong UTF-8"},
        {"3012a410300e310c300a06035504030c03eda080", 1, "UTF-8 surrogate"},
        {"3013a411300f310d300b06035504030c04f4908080", 1, "UTF-8 above U+10FFFF"},
        {"3013a411300f310d300b06035504030c04f09f9880", 0, "4-octet UTF-8"},
        {"3011a40f300d310b30090603550403160241e9", 1, "8-bit IA5String"},
        {"3012a410300e310c300a06035504031e03004100", 1, "odd BMPString"},
        {"3013a411300f310d300b06035504031e0400410042", 0, "BMPString"},
        {"3015a4133011310f300d06035504031c06000000410000", 1, "cut UniversalString"},
        {"3012a410300e310c300a060355040313032a5f61", 0, "PrintableString with * and _"},
    };
    dbuf d;
    mutls_x509 x;
    cert_parts c = {"02", "01", NULL, NULL, NULL, NULL};
    size_t i;

    (void)state;
    for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        int rc;

        c.exts = ext(OID_SAN, 0, cases[i].san);
        rc = parse_parts(&c, &x, &d);
        if (rc != (cases[i].malformed ? MUTLS_ERR_X509_MALFORMED : 0) ||
            (cases[i].malformed && (x.why == NULL || strstr(x.why, "one of its names has") == NULL))) {
            fail_msg("%s: rc %d why %s", cases[i].what, rc, x.why != NULL ? x.why : "(none)");
        }
    }
}

static void test_x509_built_certificate_fields_parsed(void **state)
{
    dbuf d;
    mutls_x509 x;
    cert_parts c = {"02", "00", NULL, NULL, NULL, NULL};
    char exts[2048];

    (void)state;
    snprintf(exts, sizeof(exts), "%s%s%s", ext(OID_BC, 1, BC_CA), ext(OID_KU, 1, "03020186"),
             ext("2a0304", 0, "0500"));
    c.exts = exts;
    assert_int_equal(parse_parts(&c, &x, &d), 0);
    assert_int_equal(x.version, 3);
    assert_true(x.is_ca);
    assert_int_equal(x.path_len, 1);
    /* 0x86 = digitalSignature, keyCertSign, cRLSign */
    assert_int_equal(x.key_usage, MUTLS_X509_KU_DIGITAL_SIGNATURE | MUTLS_X509_KU_KEY_CERT_SIGN |
                                      MUTLS_X509_KU_CRL_SIGN);
    assert_int_equal(x.key_type, MUTLS_KEY_NONE);
    assert_int_equal(x.flags & MUTLS_X509_UNKNOWN_CRITICAL, 0);
    assert_name(x.subject, "CN=x");
    assert_true(mutls_x509_self_issued(&x));
    /* A serial of zero is accepted (see x509.c). */
    assert_int_equal(x.serial.len, 1);

    /* Version 1 without extensions. */
    c.version = NULL;
    c.exts = NULL;
    assert_int_equal(parse_parts(&c, &x, &d), 0);
    assert_int_equal(x.version, 1);
    assert_int_equal(x.flags, MUTLS_X509_SELF_ISSUED);
}

static void test_x509_structural_violations_refused(void **state)
{
    static const struct {
        const char *what;
        cert_parts c;
    } bad[] = {
        /* §4.1.2.9: extensions only in v3 */
        {"v1 with extensions", {NULL, "01", NULL, NULL, NULL, "300906032a030404020500"}},
        {"v2 with extensions", {"01", "01", NULL, NULL, NULL, "300906032a030404020500"}},
        {"version 4", {"03", "01", NULL, NULL, NULL, NULL}},
        /* §4.1.2.2 */
        {"negative serial", {"02", "ff", NULL, NULL, NULL, NULL}},
        {"21-octet serial",
         {"02", "010203040506070809101112131415161718192021", NULL, NULL, NULL, NULL}},
        /* §4.1.1.2: outer algorithm differs from the TBS one */
        {"algorithm mismatch", {"02", "01", NULL, "300d06092a864886f70d01010c0500", NULL, NULL}},
        /* RFC 5758 §3.2: ECDSA takes no parameters */
        {"ecdsa with params",
         {"02", "01", "300c06082a8648ce3d0403020500", "300c06082a8648ce3d0403020500", NULL, NULL}},
        /* empty extensions sequence */
        {"empty extensions", {"02", "01", NULL, NULL, NULL, ""}},
    };
    size_t i;

    (void)state;
    for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        dbuf d;
        mutls_x509 x;
        int rc = parse_parts(&bad[i].c, &x, &d);
        if (rc != MUTLS_ERR_X509_MALFORMED) {
            fail_msg("%s: got %d", bad[i].what, rc);
        }
    }
}

static void test_x509_signature_algorithms_classified(void **state)
{
    static const struct {
        const char *alg;
        int kind;
        int hash;
        size_t salt;
        int supported;
    } cases[] = {
        /* RSASSA-PSS, SHA-256, MGF1-SHA-256, salt 32 (RFC 4055 §3.1) */
        {"304106092a864886f70d01010a3034a00f300d06096086480165030402010500a11c301a06092a864886"
         "f70d010108300d06096086480165030402010500a203020120",
         MUTLS_SIG_RSA_PSS, MUTLS_HASH_SHA256, 32, 1},
        /* the same with absent hash parameters and an explicit trailer 1 */
        {"303f06092a864886f70d01010a3032a00d300b0609608648016503040201a11c301a06092a864886f70d"
         "010108300d06096086480165030402010500a203020120",
         MUTLS_SIG_RSA_PSS, MUTLS_HASH_SHA256, 32, 1},
        {"304606092a864886f70d01010a3039a00f300d06096086480165030402010500a11c301a06092a864886"
         "f70d010108300d06096086480165030402010500a203020120a303020101",
         MUTLS_SIG_RSA_PSS, MUTLS_HASH_SHA256, 32, 1},
        /* MGF1 over another hash than the signature's: refused */
        {"304106092a864886f70d01010a3034a00f300d06096086480165030402010500a11c301a06092a864886"
         "f70d010108300d06096086480165030402020500a203020120",
         MUTLS_SIG_RSA_PSS, MUTLS_HASH_SHA256, 32, 0},
        /* trailer field 2: refused */
        {"304606092a864886f70d01010a3039a00f300d06096086480165030402010500a11c301a06092a864886"
         "f70d010108300d06096086480165030402010500a203020120a303020102",
         MUTLS_SIG_RSA_PSS, MUTLS_HASH_SHA256, 32, 0},
        /* absent or empty parameters mean SHA-1 throughout: refused */
        {"300b06092a864886f70d01010a", MUTLS_SIG_RSA_PSS, MUTLS_HASH_SHA1, 0, 0},
        {"300d06092a864886f70d01010a3000", MUTLS_SIG_RSA_PSS, MUTLS_HASH_SHA1, 20, 0},
        {"300d06092a864886f70d0101050500", MUTLS_SIG_RSA_PKCS1, MUTLS_HASH_SHA1, 0, 0},
        /* sha256WithRSAEncryption without NULL parameters (RFC 4055 §5 allows both) */
        {"300b06092a864886f70d01010b", MUTLS_SIG_RSA_PKCS1, MUTLS_HASH_SHA256, 0, 1},
        /* ecdsa-with-SHA512: verified, the digest truncated to the curve's size */
        {"300a06082a8648ce3d040304", MUTLS_SIG_ECDSA, MUTLS_HASH_SHA512, 0, 1},
        /* Ed25519: well-formed, unknown to mutls */
        {"300506032b6570", MUTLS_SIG_RSA_PKCS1, MUTLS_HASH_NONE, 0, 0},
    };
    size_t i;

    (void)state;
    for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        dbuf d;
        mutls_x509 x;
        cert_parts c = {"02", "01", cases[i].alg, NULL, NULL, NULL};
        int rc = parse_parts(&c, &x, &d);
        if (rc != 0 || (int)x.sig.hash != cases[i].hash || x.sig.supported != cases[i].supported ||
            (cases[i].hash != MUTLS_HASH_NONE && (int)x.sig.kind != cases[i].kind) ||
            x.sig.pss_salt != cases[i].salt) {
            fail_msg("algorithm case %zu: rc %d hash %d supported %d salt %zu", i, rc,
                     (int)x.sig.hash, x.sig.supported, x.sig.pss_salt);
        }
    }
}

static void test_x509_bad_extensions_refused(void **state)
{
    const char *cases[17];
    char dup[1024];
    size_t n = 0;
    size_t i;

    (void)state;
    /* §4.2: each extension at most once */
    snprintf(dup, sizeof(dup), "%s%s", ext("2a0304", 0, "0500"), ext("2a0304", 0, "0500"));
    cases[n++] = dup;
    cases[n++] = ext(OID_KU, 1, "030100");              /* keyUsage with no bit set */
    cases[n++] = ext(OID_KU, 1, "0303060400");          /* zero bits past decipherOnly */
    cases[n++] = ext(OID_SAN, 0, "3000");               /* empty GeneralNames */
    cases[n++] = ext(OID_SAN, 0, "30068704c0000201ff"); /* SAN value with trailing byte */
    cases[n++] = ext(OID_SAN, 0, "30078705c000020101"); /* 5-byte iPAddress */
    cases[n++] = ext(OID_SAN, 0, "3007820561002e6263"); /* NUL inside a dNSName */
    cases[n++] = ext(OID_NC, 1, "3000");                /* empty NameConstraints */
    cases[n++] = ext(OID_NC, 1,
                     "3008a0063004820162"
                     "80");                          /* bad subtree encoding */
    cases[n++] = ext(OID_EKU, 0, "3000");            /* empty EKU */
    cases[n++] = ext(OID_BC, 1, "30030101ff00");     /* trailing bytes in the value */
    cases[n++] = ext(OID_BC, 1, "3003020100");       /* pathLen without cA (§4.2.1.9) */
    cases[n++] = ext("551d0e", 1, "0403010203");     /* critical SKI (§4.2.1.2) */
    cases[n++] = ext("551d23", 1, "30058003010203"); /* critical AKI (§4.2.1.1) */
    cases[n++] = ext(OID_NC, 1, "300ea00c300a87080a000000ff00ff00");   /* non-CIDR mask */
    cases[n++] = ext(OID_NC, 1, "3011a00f300d820b2a2e6578616d706c65"); /* DNS "*.example" */
    for (i = 0; i < n; i++) {
        dbuf d;
        mutls_x509 x;
        cert_parts c = {"02", "01", NULL, NULL, NULL, cases[i]};
        int rc = parse_parts(&c, &x, &d);
        if (rc != MUTLS_ERR_X509_MALFORMED) {
            fail_msg("extension case %zu: got %d", i, rc);
        }
    }
}

static void test_x509_name_constraints_applied_to_built_leaves(void **state)
{
    /* permitted: DNS example.com, IP 192.0.2.0/24; excluded: DNS bad.example.com */
    static const char nc[] = "3032a01b300d820b6578616d706c652e636f6d300a8708c0000200ffffff00"
                             "a1133011820f6261642e6578616d706c652e636f6d";
    static const struct {
        const char *san;
        int want;
    } leaves[] = {
        /* www.example.com, a URI, an email and IP 192.0.2.7: all inside */
        {"3033820f7777772e6578616d706c652e636f6d861168747470733a2f2f612e6578616d706c6581076140"
         "622e636f6d8704c0000207",
         0},
        {"30138211782e6261642e6578616d706c652e636f6d", MUTLS_ERR_X509_NAME_CONSTRAINT},
        {"30068704c0000307", MUTLS_ERR_X509_NAME_CONSTRAINT},
        /* a wildcard that could stand for the excluded bad.example.com */
        {"300f820d2a2e6578616d706c652e636f6d", MUTLS_ERR_X509_NAME_CONSTRAINT},
    };
    dbuf dca;
    dbuf dleaf;
    mutls_x509 ca;
    mutls_x509 leaf;
    char exts[2048];
    cert_parts c = {"02", "01", NULL, NULL, NULL, NULL};
    size_t i;

    (void)state;
    /* A CA (§4.2.1.10: name constraints only in a CA certificate). */
    snprintf(exts, sizeof(exts), "%s%s%s", ext(OID_BC, 1, "30030101ff"), ext(OID_NC, 1, nc),
             ext("2a0305", 1, "0500"));
    c.exts = exts;
    assert_int_equal(parse_parts(&c, &ca, &dca), 0);
    assert_true((ca.flags & MUTLS_X509_HAS_NAME_CONSTRAINTS) != 0);
    assert_true((ca.flags & MUTLS_X509_UNKNOWN_CRITICAL) != 0);
    assert_int_equal(ca.nc_permitted.len, 0x1b);
    assert_int_equal(ca.nc_excluded.len, 0x13);
    for (i = 0; i < sizeof(leaves) / sizeof(leaves[0]); i++) {
        c.exts = ext(OID_SAN, 0, leaves[i].san);
        assert_int_equal(parse_parts(&c, &leaf, &dleaf), 0);
        assert_int_equal(mutls_x509_check_constraints(&ca, &leaf, 1), leaves[i].want);
    }
    /* No SAN and a CN that is no host name (CN=x): nothing to constrain. */
    c.exts = ext(OID_BC, 1, "3000");
    assert_int_equal(parse_parts(&c, &leaf, &dleaf), 0);
    assert_int_equal(mutls_x509_check_constraints(&ca, &leaf, 1), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_x509_rsa_leaf_fields_parsed),
        cmocka_unit_test(test_x509_san_list_iterated_in_order),
        cmocka_unit_test(test_x509_ca_and_ec_and_pss_fields_parsed),
        cmocka_unit_test(test_x509_root_keyusage_trailing_zero_tolerated),
        cmocka_unit_test(test_x509_weak_algorithms_recorded_not_refused),
        cmocka_unit_test(test_x509_malformed_vectors_refused),
        cmocka_unit_test(test_x509_truncated_every_byte_refused),
        cmocka_unit_test(test_x509_built_certificate_fields_parsed),
        cmocka_unit_test(test_x509_large_path_len_clamped),
        cmocka_unit_test(test_x509_name_string_types_checked),
        cmocka_unit_test(test_x509_structural_violations_refused),
        cmocka_unit_test(test_x509_signature_algorithms_classified),
        cmocka_unit_test(test_x509_bad_extensions_refused),
        cmocka_unit_test(test_x509_name_constraints_applied_to_built_leaves),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
