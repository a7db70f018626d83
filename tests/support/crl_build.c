/* SPDX-License-Identifier: MIT */
/*
 * crl_build.c - see crl_build.h.
 */
#include "crl_build.h"

#include "testutil.h"

#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "der.h"

void tu_der_put(tu_der *d, const void *p, size_t n)
{
    assert_true(d->len + n <= sizeof(d->b));
    if (n > 0) {
        memcpy(d->b + d->len, p, n);
    }
    d->len += n;
}

void tu_der_hex(tu_der *d, const char *hex)
{
    size_t n;
    uint8_t *bytes = tu_unhex(hex, &n);

    assert_non_null(bytes);
    tu_der_put(d, bytes, n);
    free(bytes);
}

void tu_der_begin(tu_der *d, uint8_t tag)
{
    tu_der_put(d, &tag, 1);
    assert_true(d->depth < 16);
    d->open[d->depth++] = d->len;
}

size_t tu_der_length(size_t n, uint8_t out[3])
{
    if (n < 0x80) {
        out[0] = (uint8_t)n;
        return 1;
    }
    if (n < 0x100) {
        out[0] = 0x81;
        out[1] = (uint8_t)n;
        return 2;
    }
    assert_true(n < 0x10000);
    out[0] = 0x82;
    out[1] = (uint8_t)(n >> 8);
    out[2] = (uint8_t)n;
    return 3;
}

/* Close the innermost element: its length goes in front of its contents. */
void tu_der_end(tu_der *d)
{
    size_t start = d->open[--d->depth];
    size_t n = d->len - start;
    uint8_t hdr[3];
    size_t h = tu_der_length(n, hdr);

    assert_true(d->len + h <= sizeof(d->b));
    memmove(d->b + start + h, d->b + start, n);
    memcpy(d->b + start, hdr, h);
    d->len += h;
}

void tu_der_tlv_hex(tu_der *d, uint8_t tag, const char *hex)
{
    tu_der_begin(d, tag);
    tu_der_hex(d, hex);
    tu_der_end(d);
}

void tu_der_tlv_str(tu_der *d, uint8_t tag, const char *s)
{
    tu_der_begin(d, tag);
    tu_der_put(d, s, strlen(s));
    tu_der_end(d);
}

/* One Extension: extnID (hex contents), critical, extnValue contents (hex). */
void tu_crl_ext(tu_der *d, const char *oid, int critical, const char *value)
{
    tu_der_begin(d, MUTLS_DER_SEQUENCE);
    tu_der_tlv_hex(d, MUTLS_DER_OID, oid);
    if (critical) {
        tu_der_hex(d, "01 01 ff");
    }
    tu_der_tlv_hex(d, MUTLS_DER_OCTET_STRING, value);
    tu_der_end(d);
}

/* One revokedCertificates entry; @p reason < 0 leaves reasonCode out, @p exts adds raw
 * extensions (hex of whole Extension elements). */
void tu_crl_entry(tu_der *d, const char *serial, const char *date, int reason, const char *exts)
{
    tu_der_begin(d, MUTLS_DER_SEQUENCE);
    tu_der_tlv_hex(d, MUTLS_DER_INTEGER, serial);
    tu_der_tlv_str(d, MUTLS_DER_UTC_TIME, date);
    if (reason >= 0 || exts != NULL) {
        tu_der_begin(d, MUTLS_DER_SEQUENCE);
        if (reason >= 0) {
            char value[16];

            snprintf(value, sizeof(value), "0a 01 %02x", (unsigned)reason);
            tu_crl_ext(d, "55 1d 15", 0, value);
        }
        if (exts != NULL) {
            tu_der_hex(d, exts);
        }
        tu_der_end(d);
    }
    tu_der_end(d);
}

/* The TBSCertList of @p s into @p d. */
void tu_crl_build_tbs(tu_der *d, const tu_crl_spec *s)
{
    tu_der_begin(d, MUTLS_DER_SEQUENCE);
    if (s->version == 0) {
        tu_der_hex(d, "02 01 01");
    } else if (s->version > 0) {
        char v[16];

        snprintf(v, sizeof(v), "02 01 %02x", (unsigned)s->version);
        tu_der_hex(d, v);
    }
    tu_der_hex(d, s->alg != NULL ? s->alg : ALG_SHA256_RSA);
    if (s->issuer.len > 0) {
        tu_der_put(d, s->issuer.p, s->issuer.len);
    } else {
        tu_der_hex(d, NAME_TEST);
    }
    tu_der_tlv_str(d, s->generalized ? MUTLS_DER_GENERALIZED_TIME : MUTLS_DER_UTC_TIME,
                   s->this_update != NULL ? s->this_update : "260601000000Z");
    if (s->next_update == NULL || s->next_update[0] != 0) {
        tu_der_tlv_str(d, MUTLS_DER_UTC_TIME,
                       s->next_update != NULL ? s->next_update : "351201000000Z");
    }
    if (s->entries != NULL) {
        tu_der_begin(d, MUTLS_DER_SEQUENCE);
        tu_der_hex(d, s->entries);
        tu_der_end(d);
    }
    if (s->exts != NULL) {
        tu_der_begin(d, MUTLS_DER_CTX_CONS(0));
        tu_der_begin(d, MUTLS_DER_SEQUENCE);
        tu_der_hex(d, s->exts);
        tu_der_end(d);
        tu_der_end(d);
    }
    tu_der_end(d);
}

/* The whole CertificateList, with @p sig (NULL: a dummy value) as the signature. */
void tu_crl_build(tu_der *d, const tu_crl_spec *s, const uint8_t *sig, size_t sig_len)
{
    tu_der tbs = {0};
    const char *outer = s->outer_alg != NULL ? s->outer_alg : s->alg;

    tu_crl_build_tbs(&tbs, s);
    d->len = 0;
    d->depth = 0;
    tu_der_begin(d, MUTLS_DER_SEQUENCE);
    tu_der_put(d, tbs.b, tbs.len);
    tu_der_hex(d, outer != NULL ? outer : ALG_SHA256_RSA);
    tu_der_begin(d, MUTLS_DER_BIT_STRING);
    tu_der_hex(d, "00");
    if (sig != NULL) {
        tu_der_put(d, sig, sig_len);
    } else {
        tu_der_hex(d, "5a 5a 5a 5a");
    }
    tu_der_end(d);
    tu_der_end(d);
}

/* The hex form of a DER writer's bytes, for tu_crl_spec fields: one of 16 static buffers used in
 * turn, so a result stays valid for the next 15 calls. */
const char *tu_der_hex_of(const tu_der *d)
{
    static char buf[16][8192 * 3 + 1];
    static unsigned next;
    char *out = buf[next++ % 16];
    size_t i;

    out[0] = 0;
    for (i = 0; i < d->len; i++) {
        snprintf(out + i * 3, 4, "%02x ", d->b[i]);
    }
    return out;
}
