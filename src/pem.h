/* SPDX-License-Identifier: MIT */
/*
 * pem.h - PEM armour (RFC 7468): find "-----BEGIN <label>-----" ... "-----END <label>-----"
 * blocks in text (other text between blocks is ignored, as OpenSSL does), decode their
 * base64 bodies strictly. Encapsulated headers (legacy "Proc-Type: 4,ENCRYPTED" keys) are
 * reported as MUTLS_ERR_KEY_UNSUPPORTED.
 */
#ifndef MUTLS_PEM_H
#define MUTLS_PEM_H

#include <stddef.h>
#include <stdint.h>

#include "bytes.h"

/* Whether @p data looks like PEM text (contains "-----BEGIN "), as opposed to DER. */
int mutls_pem_is_pem(const uint8_t *data, size_t len);

/*
 * Decode the next PEM block at or after *pos in @p text. On success returns 1, sets
 * @p label to the label inside the text, *der to a new buffer from mutls_alloc holding the
 * decoded bytes (release it with mutls_free_secret(*der, *der_len): it may hold a key),
 * and moves *pos past the block. Returns 0 when no further block exists, or a negative
 * code (MUTLS_ERR_PEM_MALFORMED, MUTLS_ERR_NO_MEMORY, MUTLS_ERR_KEY_UNSUPPORTED).
 */
MUTLS_MUST_CHECK int mutls_pem_next(const uint8_t *text, size_t len, size_t *pos,
                                    mutls_slice *label, uint8_t **der, size_t *der_len);
/* mutls_pem_next, naming in *why (when not NULL) what is wrong with a block it refuses with
 * MUTLS_ERR_PEM_MALFORMED (a static sentence part: "its BEGIN line has no END line ..."). */
MUTLS_MUST_CHECK int mutls_pem_next_why(const uint8_t *text, size_t len, size_t *pos,
                                        mutls_slice *label, uint8_t **der, size_t *der_len,
                                        const char **why);

#endif
