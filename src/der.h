/* SPDX-License-Identifier: MIT */
/*
 * der.h - strict DER (X.690 §10) over the bounded reader: definite, minimally encoded
 * lengths; single-byte tags (the only ones X.509 and PKCS#8 use); minimal INTEGERs;
 * DER BOOLEANs; BIT STRING unused-bit rules; UTCTime and GeneralizedTime exactly as
 * RFC 5280 §4.1.2.5 allows. Every failure is the reader's sticky error MUTLS_ERR_DER.
 *
 * The parsers read a structure level by level with sub-readers, so their nesting depth is
 * fixed by the code; mutls_der_check_nesting bounds the depth of a blob that is walked
 * generically (for instance an extension value mutls does not interpret).
 */
#ifndef MUTLS_DER_H
#define MUTLS_DER_H

#include <stdint.h>

#include "bytes.h"

/* Universal tags (class and constructed bits included). */
enum {
    MUTLS_DER_BOOLEAN = 0x01,
    MUTLS_DER_INTEGER = 0x02,
    MUTLS_DER_BIT_STRING = 0x03,
    MUTLS_DER_OCTET_STRING = 0x04,
    MUTLS_DER_NULL = 0x05,
    MUTLS_DER_OID = 0x06,
    MUTLS_DER_UTF8_STRING = 0x0c,
    MUTLS_DER_PRINTABLE_STRING = 0x13,
    MUTLS_DER_T61_STRING = 0x14,
    MUTLS_DER_IA5_STRING = 0x16,
    MUTLS_DER_UTC_TIME = 0x17,
    MUTLS_DER_GENERALIZED_TIME = 0x18,
    MUTLS_DER_UNIVERSAL_STRING = 0x1c,
    MUTLS_DER_BMP_STRING = 0x1e,
    MUTLS_DER_SEQUENCE = 0x30,
    MUTLS_DER_SET = 0x31
};

/* Context-specific tags: [n] constructed (EXPLICIT or constructed IMPLICIT) and primitive. */
#define MUTLS_DER_CTX_CONS(n) ((uint8_t)(0xa0 | (n)))
#define MUTLS_DER_CTX_PRIM(n) ((uint8_t)(0x80 | (n)))

#define MUTLS_DER_MAX_NESTING 16

/* One element: its tag, its contents, and the whole encoding (tag, length and contents). */
typedef struct mutls_der_tlv {
    uint8_t tag;
    mutls_slice value;
    mutls_slice whole;
} mutls_der_tlv;

/* The next element's tag, or -1 when the reader is empty or failed. */
int mutls_der_peek(const mutls_rd *r);

/* Read any element (strict length rules; high-tag-number form refused). */
void mutls_der_any(mutls_rd *r, mutls_der_tlv *out);

/* Read an element that must carry @p tag and open its contents as @p content. */
void mutls_der_enter(mutls_rd *r, uint8_t tag, mutls_rd *content);

/* 0 when @p r has no error and was read to its end; trailing bytes become MUTLS_ERR_DER. */
MUTLS_MUST_CHECK int mutls_der_end(mutls_rd *r);

/* Close a sub-reader from mutls_der_enter: it must be consumed exactly (MUTLS_ERR_DER
 * otherwise), and its error becomes the parent's, so checking the parent once suffices. */
void mutls_der_close(mutls_rd *parent, mutls_rd *content);

/* Like mutls_der_enter, but only when the next tag is @p tag: returns 1 when it was there. */
int mutls_der_enter_optional(mutls_rd *r, uint8_t tag, mutls_rd *content);

/* Read an element that must carry @p tag; its contents as a slice. */
mutls_slice mutls_der_value(mutls_rd *r, uint8_t tag);

/*
 * INTEGER: refuses a non-minimal encoding and an empty one. Returns the contents (two's
 * complement, so a positive value may start with one 00 byte).
 */
mutls_slice mutls_der_integer(mutls_rd *r);

/* A non-negative INTEGER as an unsigned big-endian magnitude (leading 00 removed);
 * a negative one is an error. */
mutls_slice mutls_der_uint(mutls_rd *r);

/* A small non-negative INTEGER (fits in 31 bits). */
uint32_t mutls_der_small_uint(mutls_rd *r);
/* The same under another tag, e.g. an IMPLICIT context tag such as SkipCerts's [0]. */
uint32_t mutls_der_small_uint_tagged(mutls_rd *r, uint8_t tag);

/* BOOLEAN: DER allows only 00 (0) and FF (1). */
int mutls_der_boolean(mutls_rd *r);

/* NULL with empty contents. */
void mutls_der_null(mutls_rd *r);

/* OBJECT IDENTIFIER contents (checked: non-empty, minimal sub-identifiers). */
mutls_slice mutls_der_oid(mutls_rd *r);

/* Whether @p oid (contents bytes) equals the encoded OID @p der (contents, no tag/length). */
int mutls_der_oid_is(mutls_slice oid, const uint8_t *der, size_t der_len);
#define MUTLS_DER_OID_IS(oid, lit) mutls_der_oid_is((oid), (const uint8_t *)(lit), sizeof(lit) - 1)

/*
 * A table of known OIDs, so that a parser looks an OID up once instead of comparing it with
 * each candidate in turn (each compare is about 35 bytes of code). The caller gives the
 * meaning of group, a and b.
 */
typedef struct mutls_der_oid_row {
    uint8_t group, a, b, len;
    uint8_t der[9]; /* contents octets; the longest OID mutls interprets has 9 */
} mutls_der_oid_row;

#define MUTLS_DER_OID_ROW(group, a, b, lit)                                                        \
    {                                                                                              \
        (group), (a), (b), sizeof(lit) - 1, lit                                                    \
    }

/* The row of @p rows (@p n of them) in @p group that names @p oid, or NULL. */
const mutls_der_oid_row *mutls_der_oid_find(mutls_slice oid, const mutls_der_oid_row *rows,
                                            size_t n, int group);

/* BIT STRING holding a whole number of bytes (unused bits 0): keys and signatures. */
mutls_slice mutls_der_bit_string(mutls_rd *r);

/*
 * BIT STRING as a named bit list (keyUsage): bit 0 is the first bit on the wire, the most
 * significant bit of the first byte. Up to 32 bits. DER's rule that trailing zero bits are
 * removed is enforced, except that a string no longer than the list's @p named bits may
 * carry trailing zero bits (0: none may).
 */
uint32_t mutls_der_bit_flags(mutls_rd *r, size_t named);

/*
 * UTCTime (tag 0x17) or GeneralizedTime (0x18) as seconds since 1970 (UTC). RFC 5280
 * §4.1.2.5: UTCTime is YYMMDDHHMMSSZ with YY >= 50 meaning 19YY; GeneralizedTime is
 * YYYYMMDDHHMMSSZ (no fraction). Fields are range-checked (month, day of month, leap years).
 */
int64_t mutls_der_time(mutls_rd *r);

/* Walk a blob of concatenated DER elements, checking every length at every level and that
 * constructed elements nest at most @p max_depth deep (top-level elements are depth 1;
 * values above 64 are treated as 64, since the walk recurses per level). 0 or MUTLS_ERR_DER. */
MUTLS_MUST_CHECK int mutls_der_check_nesting(mutls_slice blob, int max_depth);

/* Civil date to seconds since 1970 (UTC) and back, shared with the time tests and tools. */
int64_t mutls_der_civil_to_unix(int year, int month, int day, int hour, int min, int sec);
void mutls_der_unix_to_civil(int64_t t, int *year, int *month, int *day, int *hour, int *min,
                             int *sec);

#endif
