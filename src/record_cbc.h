/* SPDX-License-Identifier: MIT */
/*
 * record_cbc.h - the CBC half of record protection, between record_protect.c (which
 * dispatches by cipher) and record_cbc.c (AES-CBC with HMAC: MAC-then-encrypt, RFC 5246
 * §6.2.3.2, and encrypt-then-MAC, RFC 7366).
 *
 * The build option MUTLS_CBC=OFF (MUTLS_NO_CBC) leaves record_cbc.c out of the library; the
 * stubs below then refuse CBC keys, so record_protect.c needs no switch of its own and the
 * compiler drops its CBC branches as dead code.
 */
#ifndef MUTLS_RECORD_CBC_H
#define MUTLS_RECORD_CBC_H

#include "record.h"

/* The 13 bytes every MAC and AEAD covers (RFC 5246 §6.2.3.1/.3): seq, type, version,
 * length. Defined in record_protect.c. */
void mutls_rec_pseudo_header(uint8_t out[13], uint64_t seq, uint8_t type, uint16_t version,
                             size_t len);

#ifndef MUTLS_NO_CBC

/* 0 when @p k is a usable CBC key set (HMAC hash and MAC key length), else
 * MUTLS_ERR_BAD_ARGUMENT. */
MUTLS_MUST_CHECK int mutls_rec_cbc_check_keys(const mutls_rec_keys *k);

/* A new CBC key schedule for @p k. */
MUTLS_MUST_CHECK int mutls_rec_cbc_new(mutls_cbc **out, const mutls_rec_keys *k);

/*
 * Protect the @p pt_len plaintext bytes at @p frag + 16 in place: IV || E(plaintext || MAC ||
 * padding), or with encrypt-then-MAC IV || E(plaintext || padding) || MAC. @p iv is the
 * fresh explicit IV. *frag_len gets the fragment length.
 */
MUTLS_MUST_CHECK int mutls_rec_cbc_seal(const mutls_rec_dir *d, uint64_t seq, uint8_t type,
                                        uint16_t version, const uint8_t *iv, uint8_t *frag,
                                        size_t pt_len, size_t *frag_len);

/* Check and decrypt a CBC fragment in place; every failure is MUTLS_ERR_BAD_RECORD_MAC
 * (or a crypto error). The plaintext is at frag + *pt_off, *pt_len bytes. */
MUTLS_MUST_CHECK int mutls_rec_cbc_open(const mutls_rec_dir *d, uint64_t seq, uint8_t type,
                                        uint16_t version, uint8_t *frag, size_t frag_len,
                                        size_t *pt_off, size_t *pt_len);

#else /* MUTLS_NO_CBC: no CBC key is ever accepted, so the others are never reached. */

static inline int mutls_rec_cbc_check_keys(const mutls_rec_keys *k)
{
    (void)k;
    return MUTLS_ERR_BAD_ARGUMENT;
}

static inline int mutls_rec_cbc_new(mutls_cbc **out, const mutls_rec_keys *k)
{
    (void)out;
    (void)k;
    return MUTLS_ERR_BAD_ARGUMENT;
}

static inline int mutls_rec_cbc_seal(const mutls_rec_dir *d, uint64_t seq, uint8_t type,
                                     uint16_t version, const uint8_t *iv, uint8_t *frag,
                                     size_t pt_len, size_t *frag_len)
{
    (void)d, (void)seq, (void)type, (void)version, (void)iv, (void)frag, (void)pt_len;
    (void)frag_len;
    return MUTLS_ERR_INTERNAL;
}

static inline int mutls_rec_cbc_open(const mutls_rec_dir *d, uint64_t seq, uint8_t type,
                                     uint16_t version, uint8_t *frag, size_t frag_len,
                                     size_t *pt_off, size_t *pt_len)
{
    (void)d, (void)seq, (void)type, (void)version, (void)frag, (void)frag_len, (void)pt_off;
    (void)pt_len;
    return MUTLS_ERR_INTERNAL;
}

#endif
#endif
