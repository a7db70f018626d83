/* SPDX-License-Identifier: MIT */
/*
 * crypto_sig.c - the libtomcrypt provider, operations on the key objects of crypto_pk.c:
 * signatures (RSASSA-PKCS1-v1_5 and RSASSA-PSS, RFC 8017 §8; ECDSA signing, FIPS 186-4 §6.4,
 * whose verification is in crypto_ecdsa.c), PKCS#1 v1.5 encryption for the static-RSA key
 * exchange and its constant-time decryption (RFC 5246 §7.4.7.1, LIBTOMCRYPT.md trap 3), and
 * the ECDH shared secret (RFC 8422 §5.10). One of the provider's crypto*.c files, the only
 * ones that include tomcrypt.h. MUTLS_STATIC_RSA=OFF (MUTLS_NO_STATIC_RSA) replaces the
 * static-RSA key exchange by stubs that refuse: no suite in that build reaches them.
 */
#include <string.h>

#include <tomcrypt.h>

#include "crypto.h"
#include "mem.h"

static rsa_key *rsa_of(const mutls_pkey *k)
{
    return (rsa_key *)mutls_crypto_pkey_impl(k);
}

static ecc_key *ecc_of(const mutls_pkey *k)
{
    return (ecc_key *)mutls_crypto_pkey_impl(k);
}

static int bn_new(void **a)
{
    *a = NULL;
    return ltc_mp.init(a) == CRYPT_OK ? 0 : MUTLS_ERR_NO_MEMORY;
}

static void bn_free(void *a)
{
    if (a != NULL) {
        ltc_mp.deinit(a);
    }
}

/* ------------------------------------------------------------ signatures */

static int hash_for_signature(mutls_hash_alg hash, size_t digest_len)
{
    /* DESIGN.md: no MD5 or SHA-1 signatures. */
    if (hash != MUTLS_HASH_SHA224 && hash != MUTLS_HASH_SHA256 && hash != MUTLS_HASH_SHA384 &&
        hash != MUTLS_HASH_SHA512) {
        return MUTLS_ERR_CRYPTO_UNSUPPORTED;
    }
    if (digest_len != mutls_hash_len(hash)) {
        return MUTLS_ERR_BAD_ARGUMENT;
    }
    return 0;
}

/* DER of DigestInfo up to the digest's OCTET STRING header (RFC 8017 §9.2, note 1). */
static mutls_slice digest_info_prefix(mutls_hash_alg hash)
{
    static const uint8_t sha224[] = {0x30, 0x2d, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01,
                                     0x65, 0x03, 0x04, 0x02, 0x04, 0x05, 0x00, 0x04, 0x1c};
    static const uint8_t sha256[] = {0x30, 0x31, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01,
                                     0x65, 0x03, 0x04, 0x02, 0x01, 0x05, 0x00, 0x04, 0x20};
    static const uint8_t sha384[] = {0x30, 0x41, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01,
                                     0x65, 0x03, 0x04, 0x02, 0x02, 0x05, 0x00, 0x04, 0x30};
    static const uint8_t sha512[] = {0x30, 0x51, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01,
                                     0x65, 0x03, 0x04, 0x02, 0x03, 0x05, 0x00, 0x04, 0x40};
    switch (hash) {
    case MUTLS_HASH_SHA224:
        return (mutls_slice){sha224, sizeof(sha224)};
    case MUTLS_HASH_SHA256:
        return (mutls_slice){sha256, sizeof(sha256)};
    case MUTLS_HASH_SHA384:
        return (mutls_slice){sha384, sizeof(sha384)};
    default:
        return (mutls_slice){sha512, sizeof(sha512)};
    }
}

/* EM = 00 01 FF..FF 00 DigestInfo (RFC 8017 §9.2) into @p em of @p klen bytes (checked). */
static void pkcs1_encode(mutls_hash_alg hash, const uint8_t *digest, size_t digest_len,
                         uint8_t *em, size_t klen)
{
    mutls_slice prefix = digest_info_prefix(hash);
    size_t ps = klen - 3 - prefix.len - digest_len;

    em[0] = 0x00;
    em[1] = 0x01;
    memset(em + 2, 0xff, ps);
    em[2 + ps] = 0x00;
    memcpy(em + 3 + ps, prefix.p, prefix.len);
    memcpy(em + 3 + ps + prefix.len, digest, digest_len);
}

/*
 * RSASSA-PKCS1-v1_5 verification the way RFC 8017 §8.2.2 describes it: recover the encoded
 * message, build the one correct encoding ourselves and compare the whole block. Parsing the
 * recovered DigestInfo instead is how lax verifiers accepted forged signatures (Bleichenbacher
 * 2006, BERserk).
 */
static int rsa_pkcs1_verify(const mutls_pkey *k, mutls_hash_alg hash, const uint8_t *digest,
                            size_t digest_len, const uint8_t *sig, size_t sig_len)
{
    mutls_slice prefix = digest_info_prefix(hash);
    size_t klen = (mutls_pkey_bits(k) + 7) / 8;
    uint8_t *em = NULL, *want = NULL;
    unsigned long emlen = (unsigned long)klen;
    int rc;

    /* RFC 8017 §8.2.2 step 1: the signature is exactly as long as the modulus. */
    if (sig_len != klen || klen < prefix.len + digest_len + 11) {
        return MUTLS_ERR_SIGNATURE_INVALID;
    }
    rc = MUTLS_ERR_NO_MEMORY;
    em = mutls_alloc(klen);
    want = mutls_alloc(klen);
    if (em == NULL || want == NULL) {
        goto out;
    }
    rc = MUTLS_ERR_SIGNATURE_INVALID;
    if (rsa_exptmod(sig, sig_len, em, &emlen, PK_PUBLIC, rsa_of(k)) != CRYPT_OK || emlen != klen) {
        goto out;
    }
    pkcs1_encode(hash, digest, digest_len, want, klen);
    rc = mutls_ct_neq(em, want, klen) == 0 ? 0 : MUTLS_ERR_SIGNATURE_INVALID;
out:
    mutls_mem_free(em, klen);
    mutls_mem_free(want, klen);
    return rc;
}

/*
 * RSASSA-PSS verification (RFC 8017 §8.1.2), with the decoding left to libtomcrypt's
 * pkcs_1_pss_decode but the integer-to-EM step done here. Step 2b turns m into an octet
 * string of emLen = ceil((modBits - 1) / 8) bytes and fails when m does not fit. That is one
 * byte less than the modulus when modBits = 8j + 1 (a 2049-bit key, say), and there
 * rsa_verify_hash_ex skips the signature's first byte without looking at it, so m =
 * 2^(8 emLen) + EM passed as EM; we require that byte to be zero. Same length rule as
 * PKCS#1 v1.5: exactly the modulus length (step 1).
 */
static int rsa_pss_verify(const mutls_pkey *k, mutls_hash_alg hash, size_t salt,
                          const uint8_t *digest, size_t digest_len, const uint8_t *sig,
                          size_t sig_len)
{
    size_t bits = mutls_pkey_bits(k);
    size_t klen = (bits + 7) / 8;
    size_t emlen = (bits - 1 + 7) / 8;
    unsigned long outlen = (unsigned long)klen;
    uint8_t *em;
    int stat = 0;
    int err, rc;

    if (sig_len != klen) {
        return MUTLS_ERR_SIGNATURE_INVALID;
    }
    em = mutls_alloc(klen);
    if (em == NULL) {
        return MUTLS_ERR_NO_MEMORY;
    }
    rc = MUTLS_ERR_SIGNATURE_INVALID;
    if (rsa_exptmod(sig, sig_len, em, &outlen, PK_PUBLIC, rsa_of(k)) == CRYPT_OK &&
        outlen == klen && (emlen == klen || em[0] == 0)) {
        err = pkcs_1_pss_decode(digest, digest_len, em + (klen - emlen), (unsigned long)emlen,
                                salt, mutls_crypto_hash_index(hash), (unsigned long)bits, &stat);
        if (err == CRYPT_MEM) {
            rc = MUTLS_ERR_NO_MEMORY;
        } else if (err == CRYPT_OK && stat == 1) {
            rc = 0;
        }
    }
    mutls_mem_free(em, klen);
    return rc;
}

int mutls_pkey_verify(const mutls_pkey *k, mutls_sig_kind kind, mutls_hash_alg hash,
                      size_t pss_salt, const uint8_t *digest, size_t digest_len, const uint8_t *sig,
                      size_t sig_len)
{
    if (k == NULL || digest == NULL || (sig == NULL && sig_len > 0)) {
        return MUTLS_ERR_BAD_ARGUMENT;
    }
    TRY(hash_for_signature(hash, digest_len));
    switch (kind) {
    case MUTLS_SIG_RSA_PKCS1:
        if (mutls_pkey_type(k) != MUTLS_KEY_RSA) {
            return MUTLS_ERR_CRYPTO_UNSUPPORTED;
        }
        return rsa_pkcs1_verify(k, hash, digest, digest_len, sig, sig_len);
    case MUTLS_SIG_RSA_PSS:
        if (mutls_pkey_type(k) != MUTLS_KEY_RSA) {
            return MUTLS_ERR_CRYPTO_UNSUPPORTED;
        }
        return rsa_pss_verify(k, hash, pss_salt, digest, digest_len, sig, sig_len);
    case MUTLS_SIG_ECDSA:
        if (mutls_pkey_type(k) != MUTLS_KEY_EC) {
            return MUTLS_ERR_CRYPTO_UNSUPPORTED;
        }
        return mutls_crypto_ecdsa_verify(k, digest, digest_len, sig, sig_len);
    default:
        return MUTLS_ERR_CRYPTO_UNSUPPORTED;
    }
}

/* ------------------------------------------------------------ RSA private operation */

/*
 * m = c^d mod n with the CRT (RFC 8017 §5.1.2), blinded, and checked.
 *
 * Blinding: libtommath's exponentiation takes time that depends on its operands, so the input
 * is multiplied by r^e before and the result by r^-1 after (the usual base blinding, which
 * libtomcrypt's rsa_exptmod does too). libtomcrypt draws a fresh r each time, and the inverse
 * costs it a 2048-bit modular inversion: ~20% of the whole operation here. We keep the pair
 * (r^e, r^-1) with the key and square both between uses, drawing a fresh r every
 * BLIND_REFRESH uses (the same scheme as OpenSSL's BN_BLINDING_update); each use still gets
 * a different factor, unknown to the peer.
 *
 * Check: m^e must give c back, or the result is not released (a fault in one CRT half would
 * otherwise reveal a factor of n: Boneh, DeMillo, Lipton 1997). libtomcrypt's
 * LTC_RSA_CRT_HARDENING does the same.
 */
#define BLIND_REFRESH 32
#define RSA_MAX_BYTES 1024 /* 8192 bits, the largest key mutls takes */

static void blind_lock(mutls_rsa_blind *b)
{
    unsigned spins = 0;

    while (atomic_exchange_explicit(&b->busy, 1, memory_order_acquire) != 0) {
        /* held for two multiplications at most: pause, then yield (mem.c) */
        (void)mutls_mem_spin(&spins);
    }
}

static void blind_unlock(mutls_rsa_blind *b)
{
    atomic_store_explicit(&b->busy, 0, memory_order_release);
}

/*
 * A fresh pair: r random below n, a = r^e, ai = r^-1 (mod n). r comes from the connection's
 * generator (klen + 16 bytes reduced mod n: a bias below 2^-128), not from libtommath's
 * mp_rand, which has no source on bare metal until the application sets one and which
 * another library linked into the same program may define too (wolfSSL exports its own).
 */
static int blind_fresh(const rsa_key *key, mutls_rng *rng, void *a, void *ai)
{
    uint8_t bytes[RSA_MAX_BYTES + 16];
    size_t len = (size_t)ltc_mp.unsigned_size(key->N) + 16;
    void *r = NULL;
    int rc = len <= sizeof(bytes) ? bn_new(&r) : MUTLS_ERR_KEY_UNSUPPORTED;

    for (int tries = 0; rc == 0; tries++) {
        if (tries == 8) {
            rc = MUTLS_ERR_CRYPTO; /* n has small factors: not an RSA key */
            break;
        }
        rc = mutls_rng_bytes(rng, bytes, len);
        if (rc == 0 && (ltc_mp.unsigned_read(r, bytes, (unsigned long)len) != CRYPT_OK ||
                        ltc_mp.mpdiv(r, key->N, NULL, r) != CRYPT_OK)) {
            rc = MUTLS_ERR_CRYPTO;
        }
        if (rc == 0 && ltc_mp.compare_d(r, 1) == LTC_MP_GT &&
            ltc_mp.invmod(r, key->N, ai) == CRYPT_OK) {
            rc = ltc_mp.exptmod(r, key->e, key->N, a) == CRYPT_OK ? 0 : MUTLS_ERR_CRYPTO;
            break;
        }
    }
    mutls_wipe(bytes, sizeof(bytes));
    bn_free(r);
    return rc;
}

/* Take this use's pair into @p a, @p ai: the key's, squared, or a fresh one. */
static int blind_take(const mutls_pkey *k, mutls_rng *rng, void *a, void *ai)
{
    mutls_rsa_blind *b = mutls_crypto_pkey_blind(k);
    const rsa_key *key = rsa_of(k);
    int rc = 0, fresh;

    blind_lock(b);
    fresh = b->a == NULL || b->uses >= BLIND_REFRESH;
    if (!fresh) {
        rc = ltc_mp.sqrmod(b->a, key->N, b->a) == CRYPT_OK &&
                     ltc_mp.sqrmod(b->ai, key->N, b->ai) == CRYPT_OK &&
                     ltc_mp.copy(b->a, a) == CRYPT_OK && ltc_mp.copy(b->ai, ai) == CRYPT_OK
                 ? 0
                 : MUTLS_ERR_CRYPTO;
        b->uses++;
        if (rc != 0) {
            b->uses = BLIND_REFRESH; /* start afresh next time */
        }
    }
    blind_unlock(b);
    if (!fresh) {
        /* Draw, and drop, what a fresh pair takes: a connection's random stream then does not
         * depend on whether the key had a pair (a handshake replayed on a key already used
         * sends the same bytes: tests/test_hostile_split.c). */
        uint8_t drop[RSA_MAX_BYTES + 16];
        size_t len = (size_t)ltc_mp.unsigned_size(key->N) + 16;

        if (rc == 0 && len <= sizeof(drop)) {
            rc = mutls_rng_bytes(rng, drop, len);
            mutls_wipe(drop, len);
        }
        return rc;
    }
    /* The inversion runs outside the lock; the new pair then replaces the old one. */
    TRY(blind_fresh(key, rng, a, ai));
    blind_lock(b);
    if (b->a == NULL && (bn_new(&b->a) != 0 || bn_new(&b->ai) != 0)) {
        bn_free(b->a);
        b->a = NULL;
        b->ai = NULL;
    }
    if (b->a != NULL && ltc_mp.copy(a, b->a) == CRYPT_OK && ltc_mp.copy(ai, b->ai) == CRYPT_OK) {
        b->uses = 1;
    }
    blind_unlock(b);
    return 0;
}

/* out (klen bytes, big-endian, left-padded) = in^d mod n; in is klen bytes below n. */
static int rsa_private(const mutls_pkey *k, mutls_rng *rng, const uint8_t *in, size_t klen,
                       uint8_t *out)
{
    const rsa_key *key = rsa_of(k);
    void *c = NULL, *m = NULL, *a = NULL, *ai = NULL, *t = NULL, *u = NULL;
    size_t n;
    int rc;

    if (ltc_init_multi(&c, &m, &a, &ai, &t, &u, NULL) != CRYPT_OK) {
        return MUTLS_ERR_NO_MEMORY;
    }
    rc = ltc_mp.unsigned_read(c, (unsigned char *)in, (unsigned long)klen) == CRYPT_OK
             ? 0
             : MUTLS_ERR_CRYPTO;
    if (rc == 0 && ltc_mp.compare(c, key->N) != LTC_MP_LT) {
        rc = MUTLS_ERR_CRYPTO; /* RFC 8017 §5.1.2 step 1 */
    }
    if (rc == 0) {
        rc = blind_take(k, rng, a, ai);
    }
    /* t = c * a; m1 = t^dP mod p, m2 = t^dQ mod q; h = (m1 - m2) qInv mod p; m = m2 + h q */
    if (rc == 0 &&
        (ltc_mp.mulmod(c, a, key->N, t) != CRYPT_OK ||
         ltc_mp.exptmod(t, key->dP, key->p, m) != CRYPT_OK ||
         ltc_mp.exptmod(t, key->dQ, key->q, u) != CRYPT_OK || ltc_mp.sub(m, u, m) != CRYPT_OK ||
         ltc_mp.mulmod(m, key->qP, key->p, m) != CRYPT_OK || ltc_mp.mul(m, key->q, m) != CRYPT_OK ||
         ltc_mp.add(m, u, m) != CRYPT_OK || ltc_mp.mulmod(m, ai, key->N, m) != CRYPT_OK ||
         ltc_mp.exptmod(m, key->e, key->N, t) != CRYPT_OK)) {
        rc = MUTLS_ERR_CRYPTO;
    }
    if (rc == 0 && ltc_mp.compare(t, c) != LTC_MP_EQ) {
        rc = MUTLS_ERR_CRYPTO; /* a fault: release nothing */
    }
    if (rc == 0) {
        n = (size_t)ltc_mp.unsigned_size(m);
        memset(out, 0, klen);
        rc = n <= klen && ltc_mp.unsigned_write(m, out + klen - n) == CRYPT_OK ? 0 : MUTLS_ERR_CRYPTO;
    }
    ltc_deinit_multi(c, m, a, ai, t, u, NULL);
    return rc;
}

/* RSASSA-PKCS1-v1_5 or RSASSA-PSS (RFC 8017 §8.1.1, §8.2.1) over rsa_private. */
static int rsa_sign(const mutls_pkey *k, mutls_rng *rng, mutls_sig_kind kind,
                    mutls_hash_alg hash, const uint8_t *digest, size_t digest_len, uint8_t *sig,
                    size_t *sig_len)
{
    prng_state *prng = (prng_state *)(void *)rng; /* see mutls_prng_desc in crypto.c */
    size_t klen = (mutls_pkey_bits(k) + 7) / 8;
    unsigned long bits = (unsigned long)mutls_pkey_bits(k);
    unsigned long emlen = (unsigned long)klen;
    uint8_t *em = mutls_alloc(klen);
    int rc = 0;

    if (em == NULL) {
        return MUTLS_ERR_NO_MEMORY;
    }
    if (kind == MUTLS_SIG_RSA_PKCS1) {
        if (klen < digest_info_prefix(hash).len + digest_len + 11) {
            rc = MUTLS_ERR_CRYPTO_UNSUPPORTED;
        } else {
            pkcs1_encode(hash, digest, digest_len, em, klen);
        }
    } else {
        /* EMSA-PSS gives ceil((bits - 1) / 8) bytes; right-align them (a leading 0 byte). */
        rc = mutls_crypto_err(pkcs_1_pss_encode(digest, digest_len, digest_len, prng,
                                                mutls_crypto_prng_index(),
                                                mutls_crypto_hash_index(hash), bits, em, &emlen));
        if (rc == 0 && emlen < klen) {
            memmove(em + (klen - emlen), em, emlen);
            memset(em, 0, klen - emlen);
        }
    }
    if (rc == 0) {
        rc = rsa_private(k, rng, em, klen, sig);
    }
    mutls_free_secret(em, klen);
    if (rc == 0) {
        *sig_len = klen;
    }
    return rc;
}

int mutls_pkey_sign(const mutls_pkey *k, mutls_rng *rng, mutls_sig_kind kind, mutls_hash_alg hash,
                    const uint8_t *digest, size_t digest_len, uint8_t *sig, size_t *sig_len)
{
    prng_state *prng = (prng_state *)(void *)rng; /* see mutls_prng_desc in crypto.c */
    unsigned long olen;
    int err;

    if (k == NULL || rng == NULL || digest == NULL || sig == NULL || sig_len == NULL) {
        return MUTLS_ERR_BAD_ARGUMENT;
    }
    if (!mutls_pkey_has_private(k)) {
        return MUTLS_ERR_KEY_UNSUPPORTED;
    }
    TRY(hash_for_signature(hash, digest_len));
    if (*sig_len < mutls_pkey_sig_max(k)) {
        return MUTLS_ERR_BUFFER_TOO_SMALL;
    }
    olen = (unsigned long)*sig_len;
    switch (kind) {
    case MUTLS_SIG_RSA_PKCS1:
    case MUTLS_SIG_RSA_PSS:
        if (mutls_pkey_type(k) != MUTLS_KEY_RSA) {
            return MUTLS_ERR_CRYPTO_UNSUPPORTED;
        }
        /* PSS salt as long as the digest (RFC 8446 §4.2.3; TLS 1.2 peers expect the same). */
        return rsa_sign(k, rng, kind, hash, digest, digest_len, sig, sig_len);
    case MUTLS_SIG_ECDSA:
        if (mutls_pkey_type(k) != MUTLS_KEY_EC) {
            return MUTLS_ERR_CRYPTO_UNSUPPORTED;
        }
        if (digest_len > (size_t)ecc_of(k)->dp->size) {
            digest_len = (size_t)ecc_of(k)->dp->size; /* FIPS 186-4 §6.4, as in ecdsa_verify */
        }
        err = ecc_sign_hash(digest, digest_len, sig, &olen, prng, mutls_crypto_prng_index(),
                            ecc_of(k));
        break;
    default:
        return MUTLS_ERR_CRYPTO_UNSUPPORTED;
    }
    if (err != CRYPT_OK) {
        mutls_wipe(sig, *sig_len);
        return mutls_crypto_err(err);
    }
    *sig_len = olen;
    return 0;
}

/* ------------------------------------------------------------ RSA key exchange */

#ifndef MUTLS_NO_STATIC_RSA

int mutls_rsa_encrypt(const mutls_pkey *k, mutls_rng *rng, const uint8_t *in, size_t in_len,
                      uint8_t *out, size_t *out_len)
{
    unsigned long olen;
    int err;

    if (k == NULL || rng == NULL || in == NULL || out == NULL || out_len == NULL) {
        return MUTLS_ERR_BAD_ARGUMENT;
    }
    if (mutls_pkey_type(k) != MUTLS_KEY_RSA) {
        return MUTLS_ERR_CRYPTO_UNSUPPORTED;
    }
    if (*out_len < (mutls_pkey_bits(k) + 7) / 8) {
        return MUTLS_ERR_BUFFER_TOO_SMALL;
    }
    olen = (unsigned long)*out_len;
    err = rsa_encrypt_key_ex(in, in_len, out, &olen, NULL, 0, (prng_state *)(void *)rng,
                             mutls_crypto_prng_index(), mutls_crypto_hash_index(MUTLS_HASH_SHA256),
                             LTC_PKCS_1_V1_5, rsa_of(k));
    if (err != CRYPT_OK) {
        return mutls_crypto_err(err);
    }
    *out_len = olen;
    return 0;
}

/* All ones when a == b, else 0 (bytes; no branch). */
static uint8_t ct_eq8(uint8_t a, uint8_t b)
{
    unsigned x = (unsigned)(a ^ b);

    return (uint8_t)(((x | (0u - x)) >> (sizeof(unsigned) * 8 - 1)) - 1u);
}

/*
 * RFC 5246 §7.4.7.1: a server must not reveal, by its answer or its timing, whether the
 * PKCS#1 block was well formed (Bleichenbacher 1998). libtomcrypt's own v1.5 decoder exits
 * early (LIBTOMCRYPT.md trap 3), so: raw private operation (blinded in this build), then one
 * pass over fixed positions that ANDs every condition into a mask: 00 02, a padding string of
 * nonzero bytes filling everything up to a 00 at the one position that leaves exactly 48
 * bytes (so PS is k - 51 >= 205 bytes, well over the 8 required), and the client_version in
 * the first two bytes of the message. The mask then selects, byte by byte, the decrypted
 * message or random48.
 */
int mutls_rsa_decrypt_premaster(const mutls_pkey *k, mutls_rng *rng, const uint8_t *in,
                                size_t in_len, uint16_t client_version,
                                const uint8_t random48[48], uint8_t premaster[48])
{
    size_t klen;
    uint8_t *em;
    uint8_t good;
    size_t i;
    int err;

    if (k == NULL || rng == NULL || in == NULL || random48 == NULL || premaster == NULL) {
        return MUTLS_ERR_BAD_ARGUMENT;
    }
    if (mutls_pkey_type(k) != MUTLS_KEY_RSA || !mutls_pkey_has_private(k)) {
        return MUTLS_ERR_KEY_UNSUPPORTED;
    }
    klen = (mutls_pkey_bits(k) + 7) / 8;
    /* The ciphertext length is public: a branch on it reveals nothing. */
    if (in_len != klen) {
        memcpy(premaster, random48, 48);
        return 0;
    }
    em = mutls_alloc(klen);
    if (em == NULL) {
        return MUTLS_ERR_NO_MEMORY;
    }
    err = rsa_private(k, rng, in, klen, em);
    if (err == MUTLS_ERR_NO_MEMORY) {
        mutls_free_secret(em, klen);
        return MUTLS_ERR_NO_MEMORY;
    }
    /* Other failures come from public facts (a ciphertext not below the modulus); they get
     * the same random answer as a bad block. */
    good = (uint8_t)(err == 0 ? 0xff : 0x00);
    if (good == 0) {
        memset(em, 0, klen);
    }
    good &= ct_eq8(em[0], 0x00);
    good &= ct_eq8(em[1], 0x02);
    for (i = 2; i < klen - 49; i++) {
        good &= (uint8_t)~ct_eq8(em[i], 0x00);
    }
    good &= ct_eq8(em[klen - 49], 0x00);
    good &= ct_eq8(em[klen - 48], (uint8_t)(client_version >> 8));
    good &= ct_eq8(em[klen - 47], (uint8_t)client_version);
    for (i = 0; i < 48; i++) {
        premaster[i] = (uint8_t)((em[klen - 48 + i] & good) | (random48[i] & (uint8_t)~good));
    }
    mutls_free_secret(em, klen);
    return 0;
}

#else /* MUTLS_NO_STATIC_RSA: no suite uses these, so the handshake never reaches them. */

int mutls_rsa_encrypt(const mutls_pkey *k, mutls_rng *rng, const uint8_t *in, size_t in_len,
                      uint8_t *out, size_t *out_len)
{
    (void)k, (void)rng, (void)in, (void)in_len, (void)out, (void)out_len;
    return MUTLS_ERR_CRYPTO_UNSUPPORTED;
}

int mutls_rsa_decrypt_premaster(const mutls_pkey *k, mutls_rng *rng, const uint8_t *in,
                                size_t in_len, uint16_t client_version,
                                const uint8_t random48[48], uint8_t premaster[48])
{
    (void)k, (void)rng, (void)in, (void)in_len, (void)client_version, (void)random48,
        (void)premaster;
    return MUTLS_ERR_CRYPTO_UNSUPPORTED;
}

#endif

int mutls_ecdh_shared(const mutls_pkey *ours, mutls_slice peer_point, uint8_t *secret,
                      size_t *secret_len)
{
    mutls_pkey *peer = NULL;
    unsigned long olen;
    int err;

    if (ours == NULL || secret == NULL || secret_len == NULL) {
        return MUTLS_ERR_BAD_ARGUMENT;
    }
    if (mutls_pkey_type(ours) != MUTLS_KEY_EC || !mutls_pkey_has_private(ours)) {
        return MUTLS_ERR_KEY_UNSUPPORTED;
    }
    if (*secret_len < (size_t)ecc_of(ours)->dp->size) {
        return MUTLS_ERR_BUFFER_TOO_SMALL;
    }
    /* RFC 8422 §5.10 and LIBTOMCRYPT.md trap 4: the peer's point is checked before use. */
    TRY(mutls_pkey_ec_public(&peer, mutls_pkey_curve(ours), peer_point));
    olen = (unsigned long)*secret_len;
    err = ecc_shared_secret(ecc_of(ours), ecc_of(peer), secret, &olen);
    mutls_pkey_free(peer);
    if (err != CRYPT_OK) {
        mutls_wipe(secret, *secret_len);
        return mutls_crypto_err(err);
    }
    /* The X coordinate, left-padded to the field size (RFC 8422 §5.10). */
    if (olen != (unsigned long)ecc_of(ours)->dp->size) {
        mutls_wipe(secret, *secret_len);
        return MUTLS_ERR_CRYPTO;
    }
    *secret_len = olen;
    return 0;
}
