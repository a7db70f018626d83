/* SPDX-License-Identifier: MIT */
/*
 * keys.h - private keys and public key structures: RSA private keys (PKCS#1, RFC 8017
 * §A.1.2), EC private keys on P-256/P-384 (SEC1, RFC 5915), PKCS#8 PrivateKeyInfo (RFC 5958)
 * and EncryptedPrivateKeyInfo with PBES2 (RFC 8018 §6.2: PBKDF2 with HMAC-SHA1/SHA-256/
 * SHA-384/SHA-512, AES-CBC), in PEM (RFC 7468) or DER; and SubjectPublicKeyInfo
 * (RFC 5280 §4.1.2.7, RFC 3279, RFC 4055, RFC 5480) for certificate keys. No file access
 * here: file.h is the OS layer that reads files and hands the bytes to these functions.
 */
#ifndef MUTLS_KEYS_H
#define MUTLS_KEYS_H

#include <stddef.h>
#include <stdint.h>

#include "bytes.h"
#include "crypto.h"

/*
 * Parse a private key from PEM or DER in memory; *out is a new key (mutls_pkey_free).
 * PEM: the first block labelled "RSA PRIVATE KEY", "EC PRIVATE KEY", "PRIVATE KEY" or
 * "ENCRYPTED PRIVATE KEY" is used, and its contents must be the format the label names;
 * blocks with other labels (an "EC PARAMETERS" block, certificates) are skipped. DER: the
 * structure decides between EncryptedPrivateKeyInfo, PrivateKeyInfo, RSAPrivateKey and
 * ECPrivateKey. @p password (NUL-terminated) is used only for an encrypted key.
 *
 * Errors: MUTLS_ERR_KEY_MALFORMED (a corrupt structure or key), MUTLS_ERR_KEY_NEEDS_PASSWORD
 * (encrypted, @p password NULL), MUTLS_ERR_KEY_BAD_PASSWORD (the password does not decrypt
 * it), MUTLS_ERR_KEY_UNSUPPORTED (another algorithm, curve, cipher or PRF; an RSA modulus
 * outside 2048..8192 bits; a legacy "Proc-Type: 4,ENCRYPTED" PEM key, which `openssl pkcs8
 * -topk8` converts), MUTLS_ERR_PEM_MALFORMED, MUTLS_ERR_PEM_NOT_FOUND, MUTLS_ERR_NO_MEMORY.
 */
MUTLS_MUST_CHECK int mutls_key_parse(mutls_pkey **out, const uint8_t *data, size_t len,
                                     const char *password);
/* mutls_key_parse, naming in *why (when not NULL) the rule or format a refused key breaks: a
 * static sentence part such as "it is an OpenSSH private key, which mutls does not read". */
MUTLS_MUST_CHECK int mutls_key_parse_why(mutls_pkey **out, const uint8_t *data, size_t len,
                                         const char *password, const char **why);

/*
 * Parse a SubjectPublicKeyInfo (the whole DER element, as found in a certificate) into a
 * public key: rsaEncryption (NULL parameters), RSASSA-PSS (absent or present parameters;
 * they are not interpreted here), id-ecPublicKey with namedCurve P-256 or P-384 and an
 * uncompressed point. Errors: MUTLS_ERR_X509_MALFORMED (bad structure),
 * MUTLS_ERR_X509_UNSUPPORTED_ALGORITHM (another algorithm or curve, a compressed point),
 * MUTLS_ERR_X509_WEAK_KEY (RSA outside 2048..8192 bits), MUTLS_ERR_POINT_NOT_ON_CURVE,
 * MUTLS_ERR_NO_MEMORY.
 */
MUTLS_MUST_CHECK int mutls_key_parse_spki(mutls_pkey **out, mutls_slice spki);

/*
 * Whether the private key @p priv belongs to the certificate key @p cert_public: 0, or
 * MUTLS_ERR_KEY_MISMATCH (MUTLS_ERR_BAD_ARGUMENT when either is NULL).
 */
MUTLS_MUST_CHECK int mutls_key_check_pair(const mutls_pkey *priv, const mutls_pkey *cert_public);

#endif
