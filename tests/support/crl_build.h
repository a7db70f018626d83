/* SPDX-License-Identifier: MIT */
/*
 * crl_build.h - a small DER writer for tests, and CRLs built with it (test_x509_crl.c,
 * test_x509_crl_check.c): the parser is tested on forms the committed vectors do not have,
 * and the check on CRLs signed in the test with a committed key (policy_fake.c writes its
 * lengths with it too). Failures (a buffer too small, bad hex) fail the running cmocka test.
 */
#ifndef MUTLS_TEST_CRL_BUILD_H
#define MUTLS_TEST_CRL_BUILD_H

#include <stddef.h>
#include <stdint.h>

#include "bytes.h"

/* DER being written: nested elements are opened with tu_der_begin and closed with
 * tu_der_end, which puts the length in front of the contents. */
typedef struct tu_der {
    uint8_t b[8192];
    size_t len;
    size_t open[16];
    int depth;
} tu_der;

void tu_der_put(tu_der *d, const void *p, size_t n);
/* Hex (whitespace ignored) as raw bytes. */
void tu_der_hex(tu_der *d, const char *hex);
/* The DER length octets of @p n (below 64 KiB) in @p out; returns how many. */
size_t tu_der_length(size_t n, uint8_t out[3]);
void tu_der_begin(tu_der *d, uint8_t tag);
void tu_der_end(tu_der *d);
void tu_der_tlv_hex(tu_der *d, uint8_t tag, const char *hex);
void tu_der_tlv_str(tu_der *d, uint8_t tag, const char *s);
/* The hex form of a writer's bytes, for spec fields: one of 16 static buffers used in turn,
 * so a result stays valid for the next 15 calls. */
const char *tu_der_hex_of(const tu_der *d);

/* One Extension: extnID (hex contents), critical, extnValue contents (hex). */
void tu_crl_ext(tu_der *d, const char *oid, int critical, const char *value);
/* One revokedCertificates entry (serial as hex INTEGER contents, date as UTCTime text);
 * @p reason < 0 leaves reasonCode out, @p exts adds raw Extension elements (hex). */
void tu_crl_entry(tu_der *d, const char *serial, const char *date, int reason, const char *exts);

/* Extension OIDs and algorithm identifiers, as hex. */
#define OID_CRL_NUMBER "55 1d 14"
#define OID_REASON "55 1d 15"
#define OID_INVALIDITY "55 1d 18"
#define OID_DELTA "55 1d 1b"
#define OID_IDP "55 1d 1c"
#define OID_CERT_ISSUER "55 1d 1d"
#define OID_AKI "55 1d 23"
#define OID_FRESHEST "55 1d 2e"
#define OID_AIA "2b 06 01 05 05 07 01 01"
#define OID_UNKNOWN "2a 03 04"

#define ALG_SHA256_RSA "30 0d 06 09 2a 86 48 86 f7 0d 01 01 0b 05 00"
#define ALG_SHA384_RSA "30 0d 06 09 2a 86 48 86 f7 0d 01 01 0c 05 00"
#define ALG_SHA1_RSA "30 0d 06 09 2a 86 48 86 f7 0d 01 01 05 05 00"
#define ALG_MD5_RSA "30 0d 06 09 2a 86 48 86 f7 0d 01 01 04 05 00"
#define ALG_UNKNOWN "30 05 06 03 2a 03 04"
#define NAME_TEST "30 0f 31 0d 30 0b 06 03 55 04 03 0c 04 74 65 73 74" /* CN=test */

/* What a synthetic CRL holds; zero fields take the defaults noted. */
typedef struct tu_crl_spec {
    int version;             /* 0: the v2 INTEGER 1; -1: absent (v1); otherwise that value */
    const char *alg;         /* AlgorithmIdentifier hex; NULL: sha256WithRSAEncryption */
    const char *outer_alg;   /* NULL: as alg */
    mutls_slice issuer;      /* Name TLV; empty: CN=test */
    const char *this_update; /* UTCTime text; NULL: 260601000000Z */
    const char *next_update; /* NULL: 351201000000Z; "": absent */
    const char *entries;     /* hex of the revokedCertificates contents; NULL: absent */
    const char *exts;        /* hex of the crlExtensions Extension elements; NULL: none */
    int generalized;         /* thisUpdate as GeneralizedTime (this_update is then 15 chars) */
} tu_crl_spec;

/* The TBSCertList of @p s into @p d (appended). */
void tu_crl_build_tbs(tu_der *d, const tu_crl_spec *s);
/* The whole CertificateList into @p d (reset first), with @p sig (NULL: a dummy value) as the
 * signature. */
void tu_crl_build(tu_der *d, const tu_crl_spec *s, const uint8_t *sig, size_t sig_len);

#endif
