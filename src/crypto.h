/* SPDX-License-Identifier: MIT */
/*
 * crypto.h - the crypto provider interface. The src/crypto*.c files (crypto.c: init, RNG,
 * hashes, HMAC, PRF, PBKDF2, base64; crypto_sym.c: record ciphers, constant-time HMAC;
 * crypto_ghash.c: GHASH, needing no libtomcrypt;
 * crypto_pk.c: key objects; crypto_sig.c: signatures, RSA key exchange, ECDH;
 * crypto_ecdsa.c: ECDSA verification) are the only
 * ones that include tomcrypt.h; everything here is expressed in mutls types so that another
 * provider could replace those files. Codes: CRYPT_* and MP_* failures become MUTLS_ERR_CRYPTO (or a more
 * precise MUTLS_ERR_* where one exists).
 *
 * Contexts that live inside other structs (hashes, HMAC) use fixed opaque storage whose size
 * crypto.c checks with a static assertion; large or key-holding states (AEAD, CBC, keys, RNG)
 * are allocated through the mutls allocator and wiped when freed.
 */
#ifndef MUTLS_CRYPTO_H
#define MUTLS_CRYPTO_H

#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>

#include "bytes.h"
#include "error.h"

/* ------------------------------------------------------------ init */

/* Once-only, thread-safe registration of ciphers, hashes and the math provider. */
MUTLS_MUST_CHECK int mutls_crypto_init(void);

/* ------------------------------------------------------------ constant time, wiping */

/* 0 when equal, 1 otherwise; time depends only on @p n. */
int mutls_ct_neq(const void *a, const void *b, size_t n);

/* ------------------------------------------------------------ random numbers */

/*
 * Entropy source: fill @p buf with @p len unpredictable bytes; return 0, or negative on
 * failure. The default reads the operating system's generator (getrandom).
 */
typedef int (*mutls_entropy_fn)(void *ctx, uint8_t *buf, size_t len);

/* A per-connection generator (ChaCha20-based), seeded from an entropy source. */
typedef struct mutls_rng mutls_rng;

/* @p fn NULL selects the operating system's entropy; fails with MUTLS_ERR_NO_ENTROPY when
 * there is none (a firmware build without a callback). */
MUTLS_MUST_CHECK int mutls_rng_new(mutls_rng **out, mutls_entropy_fn fn, void *ctx);
MUTLS_MUST_CHECK int mutls_rng_bytes(mutls_rng *rng, uint8_t *out, size_t len);
void mutls_rng_free(mutls_rng *rng);

/* ------------------------------------------------------------ hashes */

typedef enum mutls_hash_alg {
    MUTLS_HASH_NONE = 0,
    MUTLS_HASH_MD5,    /* only to recognise and refuse it */
    MUTLS_HASH_SHA1,   /* HMAC-SHA1 record MACs, PBKDF2-SHA1; never for signatures */
    MUTLS_HASH_SHA224,
    MUTLS_HASH_SHA256,
    MUTLS_HASH_SHA384,
    MUTLS_HASH_SHA512
} mutls_hash_alg;

#define MUTLS_HASH_MAX 64 /* largest digest */
#define MUTLS_HASH_BLOCK_MAX 128

/* Digest length in bytes, 0 for NONE or an unknown value. */
size_t mutls_hash_len(mutls_hash_alg alg);
size_t mutls_hash_block_len(mutls_hash_alg alg);

#define MUTLS_HASH_STATE_SIZE 432
typedef struct mutls_hash {
    _Alignas(16) unsigned char opaque[MUTLS_HASH_STATE_SIZE];
    mutls_hash_alg alg;
} mutls_hash;

MUTLS_MUST_CHECK int mutls_hash_init(mutls_hash *h, mutls_hash_alg alg);
MUTLS_MUST_CHECK int mutls_hash_update(mutls_hash *h, const void *data, size_t len);
/* Writes mutls_hash_len(alg) bytes and wipes the state. A copy of a mutls_hash (plain
 * struct assignment) is an independent state, which is how a running transcript is peeked. */
MUTLS_MUST_CHECK int mutls_hash_final(mutls_hash *h, uint8_t *out);
MUTLS_MUST_CHECK int mutls_hash_once(mutls_hash_alg alg, const void *data, size_t len,
                                     uint8_t *out);

/* ------------------------------------------------------------ HMAC */

typedef struct mutls_hmac {
    mutls_hash inner;
    mutls_hash outer;
} mutls_hmac;

MUTLS_MUST_CHECK int mutls_hmac_init(mutls_hmac *m, mutls_hash_alg alg, const uint8_t *key,
                                     size_t keylen);
MUTLS_MUST_CHECK int mutls_hmac_update(mutls_hmac *m, const void *data, size_t len);
MUTLS_MUST_CHECK int mutls_hmac_final(mutls_hmac *m, uint8_t *out);
MUTLS_MUST_CHECK int mutls_hmac_once(mutls_hash_alg alg, const uint8_t *key, size_t keylen,
                                     const void *data, size_t len, uint8_t *out);

/*
 * HMAC over header || data[0 .. len), where @p len is secret (it comes from CBC padding)
 * and lies in [@p min_len, @p max_len], both public (TLS CBC: max_len - 255 .. max_len).
 * The number of compression-function calls and the memory touched depend only on
 * @p hdr_len, @p min_len and @p max_len, never on @p len (Lucky Thirteen: RFC 7366 §1,
 * AlFardan and Paterson 2013). @p data must have @p max_len readable bytes. A len outside
 * the bounds gives MUTLS_ERR_BAD_ARGUMENT.
 */
MUTLS_MUST_CHECK int mutls_hmac_ct(mutls_hash_alg alg, const uint8_t *key, size_t keylen,
                                   const uint8_t *hdr, size_t hdr_len, const uint8_t *data,
                                   size_t len, size_t min_len, size_t max_len, uint8_t *out);

/* ------------------------------------------------------------ TLS 1.2 PRF */

/* RFC 5246 §5: P_<hash>(secret, label || seed) truncated to @p outlen. SHA-256 or SHA-384. */
MUTLS_MUST_CHECK int mutls_prf(mutls_hash_alg alg, const uint8_t *secret, size_t secret_len,
                               const char *label, const uint8_t *seed, size_t seed_len,
                               uint8_t *out, size_t outlen);

/* ------------------------------------------------------------ record ciphers */

typedef enum mutls_cipher {
    MUTLS_CIPHER_AES128_GCM,
    MUTLS_CIPHER_AES256_GCM,
    MUTLS_CIPHER_CHACHA20_POLY1305,
    MUTLS_CIPHER_AES128_CBC,
    MUTLS_CIPHER_AES256_CBC
} mutls_cipher;

#define MUTLS_AEAD_TAG_LEN 16
#define MUTLS_AEAD_NONCE_LEN 12
#define MUTLS_CBC_BLOCK 16

/* One direction's AEAD key, set up once per connection direction. */
typedef struct mutls_aead mutls_aead;

MUTLS_MUST_CHECK int mutls_aead_new(mutls_aead **out, mutls_cipher cipher, const uint8_t *key,
                                    size_t keylen);
void mutls_aead_free(mutls_aead *a);

/* Encrypt @p buf in place and write the 16-byte tag. */
MUTLS_MUST_CHECK int mutls_aead_seal(mutls_aead *a, const uint8_t nonce[MUTLS_AEAD_NONCE_LEN],
                                     const uint8_t *aad, size_t aad_len, uint8_t *buf,
                                     size_t len, uint8_t tag[MUTLS_AEAD_TAG_LEN]);

/*
 * Decrypt @p buf in place and check @p tag in constant time. On a wrong tag returns
 * MUTLS_ERR_BAD_RECORD_MAC and wipes @p buf: no plaintext is released. (libtomcrypt's own
 * decrypt modes do not check the tag: see LIBTOMCRYPT.md trap 1.)
 */
MUTLS_MUST_CHECK int mutls_aead_open(mutls_aead *a, const uint8_t nonce[MUTLS_AEAD_NONCE_LEN],
                                     const uint8_t *aad, size_t aad_len, uint8_t *buf,
                                     size_t len, const uint8_t tag[MUTLS_AEAD_TAG_LEN]);

/*
 * GHASH (NIST SP 800-38D §6.4), crypto_ghash.c: the hash under AES-GCM, with 4 KiB of tables
 * per key instead of libtomcrypt's 64 KiB. Exposed for the AEAD code and its tests. An element
 * is the 16-byte block as two big-endian words.
 */
typedef struct mutls_ghash_elt {
    uint64_t hi, lo;
} mutls_ghash_elt;

/* Entry [pos][n] = n * H * x^(8 pos), for nibble n in GCM's bit order, split into its two words. */
typedef struct mutls_ghash_key {
    uint64_t hi[16][16];
    uint64_t lo[16][16];
} mutls_ghash_key;

/* Tables for the hash key @p h = E_K(0^128). */
void mutls_ghash_init(mutls_ghash_key *k, const uint8_t h[16]);
/* y = (y ^ X_i) * H for each 16-byte block X_i of @p in, the last one zero-padded. */
void mutls_ghash_update(const mutls_ghash_key *k, mutls_ghash_elt *y, const uint8_t *in,
                        size_t len);
void mutls_ghash_store(mutls_ghash_elt y, uint8_t out[16]);

/* One direction's CBC key (AES-128 or AES-256). */
typedef struct mutls_cbc mutls_cbc;

MUTLS_MUST_CHECK int mutls_cbc_new(mutls_cbc **out, mutls_cipher cipher, const uint8_t *key,
                                   size_t keylen);
void mutls_cbc_free(mutls_cbc *c);
/* In place; @p len a multiple of 16. */
MUTLS_MUST_CHECK int mutls_cbc_encrypt(mutls_cbc *c, const uint8_t iv[MUTLS_CBC_BLOCK],
                                       uint8_t *buf, size_t len);
MUTLS_MUST_CHECK int mutls_cbc_decrypt(mutls_cbc *c, const uint8_t iv[MUTLS_CBC_BLOCK],
                                       uint8_t *buf, size_t len);

/* ------------------------------------------------------------ public-key operations */

typedef enum mutls_key_type {
    MUTLS_KEY_NONE = 0,
    MUTLS_KEY_RSA,
    MUTLS_KEY_EC
} mutls_key_type;

typedef enum mutls_curve {
    MUTLS_CURVE_NONE = 0,
    MUTLS_CURVE_P256 = 23, /* TLS NamedGroup values (RFC 8422 §5.1.1) */
    MUTLS_CURVE_P384 = 24
} mutls_curve;

typedef enum mutls_sig_kind {
    MUTLS_SIG_RSA_PKCS1, /* RSASSA-PKCS1-v1_5 */
    MUTLS_SIG_RSA_PSS,   /* RSASSA-PSS, MGF1 with the same hash */
    MUTLS_SIG_ECDSA      /* DER Ecdsa-Sig-Value */
} mutls_sig_kind;

/* An RSA or EC key, public only or with its private part. */
typedef struct mutls_pkey mutls_pkey;

/* Big-endian unsigned integers, leading zeros allowed. Refuses RSA moduli outside
 * 2048..8192 bits with MUTLS_ERR_X509_WEAK_KEY. */
MUTLS_MUST_CHECK int mutls_pkey_rsa_public(mutls_pkey **out, mutls_slice n, mutls_slice e);
MUTLS_MUST_CHECK int mutls_pkey_rsa_private(mutls_pkey **out, mutls_slice n, mutls_slice e,
                                            mutls_slice d, mutls_slice p, mutls_slice q,
                                            mutls_slice dp, mutls_slice dq, mutls_slice qinv);

/* An uncompressed point (04 || X || Y). Refuses a point that is not on the curve with
 * MUTLS_ERR_POINT_NOT_ON_CURVE (LIBTOMCRYPT.md trap 4). */
MUTLS_MUST_CHECK int mutls_pkey_ec_public(mutls_pkey **out, mutls_curve curve, mutls_slice point);
/* A private scalar; the public point is computed (and, if @p point is non-empty, must match). */
MUTLS_MUST_CHECK int mutls_pkey_ec_private(mutls_pkey **out, mutls_curve curve,
                                           mutls_slice scalar, mutls_slice point);
void mutls_pkey_free(mutls_pkey *k);

mutls_key_type mutls_pkey_type(const mutls_pkey *k);
size_t mutls_pkey_bits(const mutls_pkey *k);    /* modulus bits or curve size */
mutls_curve mutls_pkey_curve(const mutls_pkey *k); /* NONE for RSA */
int mutls_pkey_has_private(const mutls_pkey *k);
/* Largest signature in bytes (modulus length, or the DER ECDSA maximum). */
size_t mutls_pkey_sig_max(const mutls_pkey *k);
/* 0 when the public parts of @p a and @p b are the same key, MUTLS_ERR_KEY_MISMATCH otherwise. */
MUTLS_MUST_CHECK int mutls_pkey_same_public(const mutls_pkey *a, const mutls_pkey *b);

/*
 * Verify a signature over an already-computed digest. PSS uses MGF1 with @p hash and the
 * salt length @p pss_salt. 0 when valid, MUTLS_ERR_SIGNATURE_INVALID when not,
 * MUTLS_ERR_CRYPTO_UNSUPPORTED when the kind does not fit the key.
 */
MUTLS_MUST_CHECK int mutls_pkey_verify(const mutls_pkey *k, mutls_sig_kind kind,
                                       mutls_hash_alg hash, size_t pss_salt,
                                       const uint8_t *digest, size_t digest_len,
                                       const uint8_t *sig, size_t sig_len);

/* Sign a digest; *sig_len is the buffer size in (at least mutls_pkey_sig_max, else
 * MUTLS_ERR_BUFFER_TOO_SMALL) and the signature length out. PSS uses a salt as long as the
 * digest (RFC 8446 §4.2.3). For sign and verify: @p hash SHA-224..SHA-512 only (MD5/SHA-1 give
 * MUTLS_ERR_CRYPTO_UNSUPPORTED), @p digest_len must equal its length (MUTLS_ERR_BAD_ARGUMENT);
 * a key without its private part gives MUTLS_ERR_KEY_UNSUPPORTED. */
MUTLS_MUST_CHECK int mutls_pkey_sign(const mutls_pkey *k, mutls_rng *rng, mutls_sig_kind kind,
                                     mutls_hash_alg hash, const uint8_t *digest,
                                     size_t digest_len, uint8_t *sig, size_t *sig_len);

/* RSAES-PKCS1-v1_5 encryption with a public key (the client's ClientKeyExchange).
 * *out_len is the buffer size in and the ciphertext length out. */
MUTLS_MUST_CHECK int mutls_rsa_encrypt(const mutls_pkey *k, mutls_rng *rng, const uint8_t *in,
                                       size_t in_len, uint8_t *out, size_t *out_len);

/*
 * The static-RSA premaster secret, decrypted without a secret-dependent branch or error
 * (RFC 5246 §7.4.7.1; LIBTOMCRYPT.md trap 3). Always writes 48 bytes to @p premaster:
 * the decrypted value when the ciphertext is a well-formed PKCS#1 v1.5 block holding 48
 * bytes that start with @p client_version, and @p random48 otherwise. Returns 0 in both
 * cases; a negative code only for a misuse the peer cannot cause (no private key, a
 * ciphertext of the wrong length is also handled in constant time as "random"). @p rng draws
 * the blinding factor of the private operation now and then (crypto_sig.c).
 */
MUTLS_MUST_CHECK int mutls_rsa_decrypt_premaster(const mutls_pkey *k, mutls_rng *rng,
                                                 const uint8_t *in, size_t in_len,
                                                 uint16_t client_version,
                                                 const uint8_t random48[48],
                                                 uint8_t premaster[48]);

/* ------------------------------------------------------------ ECDH */

/* Generate an ephemeral key on @p curve; writes the uncompressed point to @p pub. */
MUTLS_MUST_CHECK int mutls_ecdh_keygen(mutls_pkey **out, mutls_curve curve, mutls_rng *rng,
                                       uint8_t *pub, size_t *pub_len);
/*
 * The shared secret (the X coordinate, RFC 8422 §5.10) of our private key and the peer's
 * uncompressed point, which is checked to lie on the curve first
 * (MUTLS_ERR_POINT_NOT_ON_CURVE otherwise). *secret_len is buffer size in, length out.
 */
MUTLS_MUST_CHECK int mutls_ecdh_shared(const mutls_pkey *ours, mutls_slice peer_point,
                                       uint8_t *secret, size_t *secret_len);

/* ------------------------------------------------------------ password-based keys */

/* PBKDF2 (RFC 8018 §5.2) with HMAC-@p alg. */
MUTLS_MUST_CHECK int mutls_pbkdf2(mutls_hash_alg alg, const uint8_t *pass, size_t pass_len,
                                  const uint8_t *salt, size_t salt_len, uint32_t iterations,
                                  uint8_t *out, size_t out_len);

/* One-shot AES-CBC decryption in place (encrypted PKCS#8); no padding removal. @p keylen 16,
 * 24 or 32 (MUTLS_ERR_CRYPTO_UNSUPPORTED otherwise); @p len a multiple of 16. */
MUTLS_MUST_CHECK int mutls_aes_cbc_decrypt_once(const uint8_t *key, size_t keylen,
                                                const uint8_t iv[16], uint8_t *buf, size_t len);

/* Base64 decode (PEM bodies); *out_len is the buffer size in and the length out. */
MUTLS_MUST_CHECK int mutls_base64_decode(const char *in, size_t in_len, uint8_t *out,
                                         size_t *out_len);

/* ------------------------------------------------------------ provider internals */

/*
 * Shared only by the provider's own files (crypto.c, crypto_sym.c, crypto_pk.c, crypto_sig.c);
 * other layers never call these. They map a libtomcrypt CRYPT_* code to a MUTLS_ERR_* code and
 * give the table indices registered at init (-1 before a successful mutls_crypto_init).
 */
int mutls_crypto_err(int ltc_err);
int mutls_crypto_prng_index(void);
int mutls_crypto_hash_index(mutls_hash_alg alg);
int mutls_crypto_aes_index(void);
/* The libtomcrypt key (rsa_key or ecc_key) inside a mutls_pkey, for crypto_sig.c. */
void *mutls_crypto_pkey_impl(const mutls_pkey *k);
/* crypto_ecdsa.c: ECDSA verification of a DER signature over @p digest (any length; the
 * leftmost bits count) with an EC key; 0 or MUTLS_ERR_SIGNATURE_INVALID. For mutls_pkey_verify. */
MUTLS_MUST_CHECK int mutls_crypto_ecdsa_verify(const mutls_pkey *k, const uint8_t *digest,
                                               size_t digest_len, const uint8_t *sig,
                                               size_t sig_len);

/* The blinding pair an RSA private key keeps between uses (crypto_sig.c owns the logic,
 * crypto_pk.c the storage): a = r^e and ai = r^-1 mod n; lock guards them, since one key
 * serves every connection of a configuration, possibly on several threads. */
typedef struct mutls_rsa_blind {
    void *a;  /* NULL until first used */
    void *ai;
    unsigned uses;
    atomic_int busy; /* a spin lock: held for a few multiplications at most */
} mutls_rsa_blind;
mutls_rsa_blind *mutls_crypto_pkey_blind(const mutls_pkey *k);

/* crypto_ecc.c: the P-256/P-384 scalar multiplication (comb for the generator, signed fixed
 * window otherwise) that libtomcrypt's ecc_make_key_ex, ecc_sign_hash and ecc_shared_secret
 * reach through ltc_mp.ecc_ptmul. install() sets that hook; crypto.c's init_once calls it right
 * after choosing the math descriptor. fallbacks() counts the calls handed back to libtomcrypt's
 * own ltc_ecc_mulmod (scalar 0 or >= n, map == 0, another curve, an exceptional addition). */
void mutls_crypto_ecc_install(void);
unsigned long mutls_crypto_ecc_fallbacks(void);

#endif
