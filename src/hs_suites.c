/* SPDX-License-Identifier: MIT */
/*
 * hs_suites.c - the cipher suites mutls negotiates (RFC 5246 appendix A.5, RFC 5288,
 * RFC 8422 §6, RFC 5289, RFC 7905) and the signature schemes it signs and verifies with in
 * ServerKeyExchange and CertificateVerify (RFC 5246 §7.4.1.4.1 with the RFC 8446 §4.2.3
 * code points, which RFC 8446 §1.3 makes valid for TLS 1.2 as well).
 *
 * The table order is the server's default preference, chosen from the figures of
 * tests/bench (README "Performance and footprint"): forward-secret suites first, and among
 * them ChaCha20-Poly1305, which libtomcrypt runs 1.4-1.7x faster than AES-GCM on a machine
 * without AES instructions and without secret-indexed tables; then AES-128-GCM, AES-256-GCM
 * and the ECDHE CBC suites: AES-128-CBC with HMAC-SHA256 (RSA, then ECDSA), then with
 * HMAC-SHA1 (ECDSA 0xc009, RSA 0xc013: tlsfuzzer's ECDHE scripts default to them, and older
 * embedded clients offer nothing else; SHA-1 there is an HMAC in the record MAC, not a
 * signature, RFC 5246 §6.2.3.1, and these suites still use the SHA-256 PRF of RFC 5246 §5).
 * Static RSA key exchange has no forward secrecy: it is last, and the build option
 * MUTLS_NO_STATIC_RSA compiles it out; MUTLS_NO_CBC (-DMUTLS_CBC=OFF) the CBC suites.
 */
#include <string.h>

#include "handshake.h"

/* clang-format off */
static const mutls_suite suites[] = {
    /* id     IANA name                                        OpenSSL name                     kx              auth          cipher                            key iv mac                 prf */
    {0xcca9, "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256", "ECDHE-ECDSA-CHACHA20-POLY1305", MUTLS_KX_ECDHE, MUTLS_KEY_EC,  MUTLS_CIPHER_CHACHA20_POLY1305, 32, 12, MUTLS_HASH_NONE,  MUTLS_HASH_SHA256},
    {0xcca8, "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256",   "ECDHE-RSA-CHACHA20-POLY1305",   MUTLS_KX_ECDHE, MUTLS_KEY_RSA, MUTLS_CIPHER_CHACHA20_POLY1305, 32, 12, MUTLS_HASH_NONE,  MUTLS_HASH_SHA256},
    {0xc02b, "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256",       "ECDHE-ECDSA-AES128-GCM-SHA256", MUTLS_KX_ECDHE, MUTLS_KEY_EC,  MUTLS_CIPHER_AES128_GCM,        16, 4, MUTLS_HASH_NONE,   MUTLS_HASH_SHA256},
    {0xc02f, "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",         "ECDHE-RSA-AES128-GCM-SHA256",   MUTLS_KX_ECDHE, MUTLS_KEY_RSA, MUTLS_CIPHER_AES128_GCM,        16, 4, MUTLS_HASH_NONE,   MUTLS_HASH_SHA256},
    {0xc02c, "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384",       "ECDHE-ECDSA-AES256-GCM-SHA384", MUTLS_KX_ECDHE, MUTLS_KEY_EC,  MUTLS_CIPHER_AES256_GCM,        32, 4, MUTLS_HASH_NONE,   MUTLS_HASH_SHA384},
    {0xc030, "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",         "ECDHE-RSA-AES256-GCM-SHA384",   MUTLS_KX_ECDHE, MUTLS_KEY_RSA, MUTLS_CIPHER_AES256_GCM,        32, 4, MUTLS_HASH_NONE,   MUTLS_HASH_SHA384},
#ifndef MUTLS_NO_CBC
    {0xc027, "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256",         "ECDHE-RSA-AES128-SHA256",       MUTLS_KX_ECDHE, MUTLS_KEY_RSA, MUTLS_CIPHER_AES128_CBC,        16, 0, MUTLS_HASH_SHA256, MUTLS_HASH_SHA256},
    {0xc023, "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256",       "ECDHE-ECDSA-AES128-SHA256",     MUTLS_KX_ECDHE, MUTLS_KEY_EC,  MUTLS_CIPHER_AES128_CBC,        16, 0, MUTLS_HASH_SHA256, MUTLS_HASH_SHA256},
    {0xc009, "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA",          "ECDHE-ECDSA-AES128-SHA",        MUTLS_KX_ECDHE, MUTLS_KEY_EC,  MUTLS_CIPHER_AES128_CBC,        16, 0, MUTLS_HASH_SHA1,   MUTLS_HASH_SHA256},
    {0xc013, "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA",            "ECDHE-RSA-AES128-SHA",          MUTLS_KX_ECDHE, MUTLS_KEY_RSA, MUTLS_CIPHER_AES128_CBC,        16, 0, MUTLS_HASH_SHA1,   MUTLS_HASH_SHA256},
#endif
#ifndef MUTLS_NO_STATIC_RSA
    {0x009c, "TLS_RSA_WITH_AES_128_GCM_SHA256",               "AES128-GCM-SHA256",             MUTLS_KX_RSA,   MUTLS_KEY_RSA, MUTLS_CIPHER_AES128_GCM,        16, 4, MUTLS_HASH_NONE,   MUTLS_HASH_SHA256},
    {0x009d, "TLS_RSA_WITH_AES_256_GCM_SHA384",               "AES256-GCM-SHA384",             MUTLS_KX_RSA,   MUTLS_KEY_RSA, MUTLS_CIPHER_AES256_GCM,        32, 4, MUTLS_HASH_NONE,   MUTLS_HASH_SHA384},
#ifndef MUTLS_NO_CBC
    {0x003c, "TLS_RSA_WITH_AES_128_CBC_SHA256",               "AES128-SHA256",                 MUTLS_KX_RSA,   MUTLS_KEY_RSA, MUTLS_CIPHER_AES128_CBC,        16, 0, MUTLS_HASH_SHA256, MUTLS_HASH_SHA256},
    {0x002f, "TLS_RSA_WITH_AES_128_CBC_SHA",                  "AES128-SHA",                    MUTLS_KX_RSA,   MUTLS_KEY_RSA, MUTLS_CIPHER_AES128_CBC,        16, 0, MUTLS_HASH_SHA1,   MUTLS_HASH_SHA256},
#endif
#endif
};

/* Our preference: strongest first by what we sign with; TLS 1.2 has no SHA-1 signatures
 * and no SHA-224 here. */
static const mutls_sigscheme schemes[] = {
    /* id     name                      key            kind                 hash */
    {0x0403, "ecdsa_secp256r1_sha256", MUTLS_KEY_EC,  MUTLS_SIG_ECDSA,     MUTLS_HASH_SHA256},
    {0x0503, "ecdsa_secp384r1_sha384", MUTLS_KEY_EC,  MUTLS_SIG_ECDSA,     MUTLS_HASH_SHA384},
    {0x0804, "rsa_pss_rsae_sha256",    MUTLS_KEY_RSA, MUTLS_SIG_RSA_PSS,   MUTLS_HASH_SHA256},
    {0x0805, "rsa_pss_rsae_sha384",    MUTLS_KEY_RSA, MUTLS_SIG_RSA_PSS,   MUTLS_HASH_SHA384},
    {0x0806, "rsa_pss_rsae_sha512",    MUTLS_KEY_RSA, MUTLS_SIG_RSA_PSS,   MUTLS_HASH_SHA512},
    {0x0401, "rsa_pkcs1_sha256",       MUTLS_KEY_RSA, MUTLS_SIG_RSA_PKCS1, MUTLS_HASH_SHA256},
    {0x0501, "rsa_pkcs1_sha384",       MUTLS_KEY_RSA, MUTLS_SIG_RSA_PKCS1, MUTLS_HASH_SHA384},
    {0x0601, "rsa_pkcs1_sha512",       MUTLS_KEY_RSA, MUTLS_SIG_RSA_PKCS1, MUTLS_HASH_SHA512},
};
/* clang-format on */

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

const mutls_suite *mutls_hs_suite_by_id(uint16_t id)
{
    for (size_t i = 0; i < COUNT(suites); i++) {
        if (suites[i].id == id) {
            return &suites[i];
        }
    }
    return NULL;
}

static int name_is(const char *known, const char *name, size_t len)
{
    return strlen(known) == len && strncmp(known, name, len) == 0;
}

const mutls_suite *mutls_hs_suite_by_name(const char *name, size_t len)
{
    for (size_t i = 0; i < COUNT(suites); i++) {
        if (name_is(suites[i].iana, name, len) || name_is(suites[i].openssl, name, len)) {
            return &suites[i];
        }
    }
    return NULL;
}

size_t mutls_hs_default_suites(uint16_t *ids, size_t cap)
{
    size_t n = 0;

    for (size_t i = 0; i < COUNT(suites) && n < cap; i++) {
        ids[n++] = suites[i].id;
    }
    return n;
}

int mutls_hs_suite_listed(mutls_slice list, uint16_t id)
{
    mutls_rd r;

    mutls_rd_init_slice(&r, list);
    while (mutls_rd_remaining(&r) >= 2) {
        if (mutls_rd_u16(&r) == id) {
            return 1;
        }
    }
    return 0;
}

const mutls_sigscheme *mutls_hs_scheme_by_id(uint16_t id)
{
    for (size_t i = 0; i < COUNT(schemes); i++) {
        if (schemes[i].id == id) {
            return &schemes[i];
        }
    }
    return NULL;
}

size_t mutls_hs_scheme_count(void)
{
    return COUNT(schemes);
}

const mutls_sigscheme *mutls_hs_scheme_at(size_t i)
{
    return i < COUNT(schemes) ? &schemes[i] : NULL;
}
