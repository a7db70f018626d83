/* SPDX-License-Identifier: MIT */
/*
 * crypto.c - the libtomcrypt provider, core: once-only initialisation, the
 * per-connection random generator, hashes, HMAC (RFC 2104) including the constant-time
 * variant for CBC records (RFC 7366 §1, Lucky Thirteen), the TLS 1.2 PRF (RFC 5246 §5),
 * the record ciphers (AES-GCM per RFC 5288, ChaCha20-Poly1305 per RFC 7905 / RFC 8439,
 * AES-CBC per RFC 5246 §6.2.3.2), PBKDF2 (RFC 8018 §5.2) and base64 (RFC 4648 §4).
 * The record ciphers and constant-time HMAC live in crypto_sym.c, the public-key operations in
 * crypto_pk.c; the crypto*.c files are the only ones that include tomcrypt.h (see LIBTOMCRYPT.md
 * for the library's traps that the code below works around).
 */
#include "crypto.h"

#include <errno.h>
#include <string.h>

#include <tomcrypt.h>

#if !defined(MUTLS_NO_PTHREAD)
#include <pthread.h>
#endif
#if defined(__linux__) && !defined(MUTLS_NO_OS_ENTROPY)
#include <sys/random.h>
#define MUTLS_HAVE_GETRANDOM 1
#endif

#include "mem.h"

_Static_assert(sizeof(hash_state) <= MUTLS_HASH_STATE_SIZE, "MUTLS_HASH_STATE_SIZE too small");
_Static_assert(_Alignof(hash_state) <= 16, "mutls_hash storage is aligned to 16");

/* ------------------------------------------------------------ errors */

int mutls_crypto_err(int ltc_err)
{
    switch (ltc_err) {
    case CRYPT_OK:
        return 0;
    case CRYPT_MEM:
        return MUTLS_ERR_NO_MEMORY;
    case CRYPT_BUFFER_OVERFLOW:
        return MUTLS_ERR_BUFFER_TOO_SMALL;
    case CRYPT_ERROR_READPRNG:
        return MUTLS_ERR_RNG;
    default:
        return MUTLS_ERR_CRYPTO;
    }
}

/* ------------------------------------------------------------ random numbers */

/*
 * The generator: ChaCha20 keystream under a 256-bit key, re-keyed from its own output after
 * every request ("fast key erasure"), so a later compromise of the state does not reveal
 * earlier output. It is ~170 bytes, unlike libtomcrypt's prng_state union (17,656 bytes).
 */
struct mutls_rng {
    chacha_state cs;
};

#define RNG_SEED_LEN 40 /* 32-byte ChaCha20 key and 8-byte nonce */

static int rng_rekey(mutls_rng *rng, const uint8_t seed[RNG_SEED_LEN])
{
    int err = chacha_setup(&rng->cs, seed, 32, 20);

    if (err == CRYPT_OK) {
        err = chacha_ivctr64(&rng->cs, seed + 32, 8, 0);
    }
    return err == CRYPT_OK ? 0 : MUTLS_ERR_RNG;
}

static int os_entropy(void *ctx, uint8_t *buf, size_t len)
{
    (void)ctx;
#if defined(MUTLS_HAVE_GETRANDOM)
    while (len > 0) {
        ssize_t n = getrandom(buf, len, 0);
        if (n < 0) {
            if (errno == EINTR) {
                continue;
            }
            return MUTLS_ERR_NO_ENTROPY;
        }
        buf += n;
        len -= (size_t)n;
    }
    return 0;
#else
    (void)buf;
    (void)len;
    return MUTLS_ERR_NO_ENTROPY;
#endif
}

int mutls_rng_new(mutls_rng **out, mutls_entropy_fn fn, void *ctx)
{
    uint8_t seed[RNG_SEED_LEN];
    mutls_rng *rng = NULL;
    int rc;

    *out = NULL;
    TRY(mutls_crypto_init());
    if (fn == NULL) {
        fn = os_entropy;
        ctx = NULL;
    }
    if (fn(ctx, seed, sizeof(seed)) != 0) {
        rc = MUTLS_ERR_NO_ENTROPY;
        goto out;
    }
#if defined(MUTLS_FUZZING)
    /* Fuzz builds only (-DMUTLS_FUZZ=ON): a constant seed, so that every run of a harness
     * draws the same randoms, nonces and ephemeral keys and a crash input replays exactly.
     * Never defined in a real build: this generator would then be predictable. */
    memset(seed, 0x5a, sizeof(seed));
#endif
    rc = MUTLS_ERR_NO_MEMORY;
    rng = mutls_alloc(sizeof(*rng));
    if (rng == NULL) {
        goto out;
    }
    rc = rng_rekey(rng, seed);
    if (rc == 0) {
        *out = rng;
        rng = NULL;
    }
out:
    mutls_wipe(seed, sizeof(seed));
    mutls_rng_free(rng);
    return rc;
}

int mutls_rng_bytes(mutls_rng *rng, uint8_t *out, size_t len)
{
    uint8_t next[RNG_SEED_LEN];
    int rc;

    if (rng == NULL || (out == NULL && len > 0)) {
        return MUTLS_ERR_BAD_ARGUMENT;
    }
    if (len > 0 && chacha_keystream(&rng->cs, out, len) != CRYPT_OK) {
        return MUTLS_ERR_RNG;
    }
    if (chacha_keystream(&rng->cs, next, sizeof(next)) != CRYPT_OK) {
        mutls_wipe(out, len);
        return MUTLS_ERR_RNG;
    }
    rc = rng_rekey(rng, next);
    mutls_wipe(next, sizeof(next));
    return rc;
}

void mutls_rng_free(mutls_rng *rng)
{
    mutls_free_secret(rng, sizeof(*rng));
}

/*
 * The PRNG descriptor registered with libtomcrypt. rsa_encrypt_key_ex, ecc_make_key_ex and
 * ecc_sign_hash take (prng_state *, index) and only ever hand that pointer back to the
 * descriptor's read(); so crypto_pk.c passes a mutls_rng cast to prng_state * and our read()
 * casts it back. libtomcrypt never touches the memory behind the pointer itself, which is
 * what lets a connection carry 170 bytes instead of a 17,656-byte prng_state. The other
 * entries exist only because the table has them; nothing calls them.
 */
static int prng_start(prng_state *prng)
{
    (void)prng;
    return CRYPT_ERROR;
}

static int prng_add_entropy(const unsigned char *in, unsigned long inlen, prng_state *prng)
{
    (void)in;
    (void)inlen;
    (void)prng;
    return CRYPT_ERROR;
}

static int prng_ready(prng_state *prng)
{
    (void)prng;
    return CRYPT_OK;
}

static unsigned long prng_read(unsigned char *out, unsigned long outlen, prng_state *prng)
{
    mutls_rng *rng = (mutls_rng *)(void *)prng;

    return mutls_rng_bytes(rng, out, outlen) == 0 ? outlen : 0;
}

static int prng_done(prng_state *prng)
{
    (void)prng;
    return CRYPT_OK;
}

static int prng_export(unsigned char *out, unsigned long *outlen, prng_state *prng)
{
    (void)out;
    (void)outlen;
    (void)prng;
    return CRYPT_ERROR;
}

static int prng_import(const unsigned char *in, unsigned long inlen, prng_state *prng)
{
    (void)in;
    (void)inlen;
    (void)prng;
    return CRYPT_ERROR;
}

static int prng_test(void)
{
    return CRYPT_NOP;
}

static const struct ltc_prng_descriptor mutls_prng_desc = {
    "mutls-chacha20", 0,         prng_start,  prng_add_entropy, prng_ready,
    prng_read,        prng_done, prng_export, prng_import,      prng_test,
};

/* ------------------------------------------------------------ init */

static const struct ltc_hash_descriptor *const hash_descs[] = {
    [MUTLS_HASH_MD5] = &md5_desc,       [MUTLS_HASH_SHA1] = &sha1_desc,
    [MUTLS_HASH_SHA224] = &sha224_desc, [MUTLS_HASH_SHA256] = &sha256_desc,
    [MUTLS_HASH_SHA384] = &sha384_desc, [MUTLS_HASH_SHA512] = &sha512_desc,
};
#define HASH_COUNT (sizeof(hash_descs) / sizeof(hash_descs[0]))

static int hash_index[HASH_COUNT];
static int aes_index = -1;
static int prng_index = -1;
static int init_rc = MUTLS_ERR_INTERNAL;

static void init_once(void)
{
    size_t i;

#if defined(MUTLS_MATH_GMP)
    /* -DMUTLS_MATH=gmp: GMP's exponentiation is faster but not constant-time; RSA private
     * operations stay safe through libtomcrypt's blinding (LTC_RSA_BLINDING), see README. */
    ltc_mp = gmp_desc;
#else
    ltc_mp = ltm_desc;
#endif
    mutls_crypto_ecc_install();
    aes_index = register_cipher(&aes_desc);
    prng_index = register_prng(&mutls_prng_desc);
    if (aes_index < 0 || prng_index < 0) {
        return;
    }
    for (i = 1; i < HASH_COUNT; i++) {
        hash_index[i] = register_hash(hash_descs[i]);
        if (hash_index[i] < 0) {
            return;
        }
    }
    init_rc = 0;
}

#if !defined(MUTLS_NO_PTHREAD)
static pthread_once_t init_flag = PTHREAD_ONCE_INIT;

int mutls_crypto_init(void)
{
    if (pthread_once(&init_flag, init_once) != 0) {
        return MUTLS_ERR_INTERNAL;
    }
    return init_rc;
}
#else
/* A build without threads (firmware): the application calls mutls_init before it starts
 * anything concurrent, or has no concurrency at all. */
static int init_started;

int mutls_crypto_init(void)
{
    if (!init_started) {
        init_started = 1;
        init_once();
    }
    return init_rc;
}
#endif

int mutls_init(void)
{
    return mutls_crypto_init();
}

const char *mutls_version(void)
{
    return MUTLS_VERSION_STRING;
}

int mutls_crypto_prng_index(void)
{
    return prng_index;
}

int mutls_crypto_hash_index(mutls_hash_alg alg)
{
    if ((size_t)alg == 0 || (size_t)alg >= HASH_COUNT || init_rc != 0) {
        return -1;
    }
    return hash_index[alg];
}

int mutls_crypto_aes_index(void)
{
    return aes_index;
}

/* ------------------------------------------------------------ constant time */

int mutls_ct_neq(const void *a, const void *b, size_t n)
{
    const volatile uint8_t *x = a;
    const volatile uint8_t *y = b;
    uint8_t acc = 0;
    size_t i;

    for (i = 0; i < n; i++) {
        acc |= (uint8_t)(x[i] ^ y[i]);
    }
    return (int)((0u - (unsigned)acc) >> (sizeof(unsigned) * 8 - 1));
}

/* ------------------------------------------------------------ hashes */

static const struct ltc_hash_descriptor *hash_desc(mutls_hash_alg alg)
{
    if ((size_t)alg == 0 || (size_t)alg >= HASH_COUNT) {
        return NULL;
    }
    return hash_descs[alg];
}

size_t mutls_hash_len(mutls_hash_alg alg)
{
    const struct ltc_hash_descriptor *d = hash_desc(alg);

    return d == NULL ? 0 : d->hashsize;
}

size_t mutls_hash_block_len(mutls_hash_alg alg)
{
    const struct ltc_hash_descriptor *d = hash_desc(alg);

    return d == NULL ? 0 : d->blocksize;
}

static hash_state *hash_st(mutls_hash *h)
{
    return (hash_state *)(void *)h->opaque;
}

int mutls_hash_init(mutls_hash *h, mutls_hash_alg alg)
{
    const struct ltc_hash_descriptor *d = hash_desc(alg);

    if (d == NULL) {
        return MUTLS_ERR_CRYPTO_UNSUPPORTED;
    }
    TRY(mutls_crypto_init());
    memset(h, 0, sizeof(*h));
    h->alg = alg;
    return mutls_crypto_err(d->init(hash_st(h)));
}

int mutls_hash_update(mutls_hash *h, const void *data, size_t len)
{
    const struct ltc_hash_descriptor *d = hash_desc(h->alg);

    if (d == NULL) {
        return MUTLS_ERR_STATE;
    }
    if (len == 0) {
        return 0;
    }
    return mutls_crypto_err(d->process(hash_st(h), data, len));
}

int mutls_hash_final(mutls_hash *h, uint8_t *out)
{
    const struct ltc_hash_descriptor *d = hash_desc(h->alg);
    int rc;

    if (d == NULL) {
        return MUTLS_ERR_STATE;
    }
    rc = mutls_crypto_err(d->done(hash_st(h), out));
    mutls_wipe(h, sizeof(*h));
    return rc;
}

int mutls_hash_once(mutls_hash_alg alg, const void *data, size_t len, uint8_t *out)
{
    mutls_hash h;

    TRY(mutls_hash_init(&h, alg));
    TRY(mutls_hash_update(&h, data, len));
    return mutls_hash_final(&h, out);
}

/* ------------------------------------------------------------ HMAC (RFC 2104) */

int mutls_hmac_init(mutls_hmac *m, mutls_hash_alg alg, const uint8_t *key, size_t keylen)
{
    uint8_t k[MUTLS_HASH_BLOCK_MAX];
    size_t block = mutls_hash_block_len(alg);
    size_t i;
    int rc;

    if (block == 0 || block > sizeof(k)) {
        return MUTLS_ERR_CRYPTO_UNSUPPORTED;
    }
    memset(k, 0, sizeof(k));
    /* RFC 2104 §2: a key longer than the block is replaced by its hash. */
    if (keylen > block) {
        rc = mutls_hash_once(alg, key, keylen, k);
        if (rc < 0) {
            goto out;
        }
    } else if (keylen > 0) {
        memcpy(k, key, keylen);
    }
    for (i = 0; i < block; i++) {
        k[i] ^= 0x36;
    }
    rc = mutls_hash_init(&m->inner, alg);
    if (rc == 0) {
        rc = mutls_hash_update(&m->inner, k, block);
    }
    for (i = 0; i < block; i++) {
        k[i] ^= 0x36 ^ 0x5c;
    }
    if (rc == 0) {
        rc = mutls_hash_init(&m->outer, alg);
    }
    if (rc == 0) {
        rc = mutls_hash_update(&m->outer, k, block);
    }
out:
    mutls_wipe(k, sizeof(k));
    if (rc < 0) {
        mutls_wipe(m, sizeof(*m));
    }
    return rc;
}

int mutls_hmac_update(mutls_hmac *m, const void *data, size_t len)
{
    return mutls_hash_update(&m->inner, data, len);
}

int mutls_hmac_final(mutls_hmac *m, uint8_t *out)
{
    uint8_t inner[MUTLS_HASH_MAX];
    size_t hlen = mutls_hash_len(m->inner.alg);
    int rc;

    rc = mutls_hash_final(&m->inner, inner);
    if (rc == 0) {
        rc = mutls_hash_update(&m->outer, inner, hlen);
    }
    if (rc == 0) {
        rc = mutls_hash_final(&m->outer, out);
    }
    mutls_wipe(inner, sizeof(inner));
    mutls_wipe(m, sizeof(*m));
    return rc;
}

int mutls_hmac_once(mutls_hash_alg alg, const uint8_t *key, size_t keylen, const void *data,
                    size_t len, uint8_t *out)
{
    mutls_hmac m;

    TRY(mutls_hmac_init(&m, alg, key, keylen));
    TRY(mutls_hmac_update(&m, data, len));
    return mutls_hmac_final(&m, out);
}

/* ------------------------------------------------------------ TLS 1.2 PRF (RFC 5246 §5) */

int mutls_prf(mutls_hash_alg alg, const uint8_t *secret, size_t secret_len, const char *label,
              const uint8_t *seed, size_t seed_len, uint8_t *out, size_t outlen)
{
    mutls_hmac keyed;
    mutls_hmac m;
    uint8_t a[MUTLS_HASH_MAX];
    uint8_t block[MUTLS_HASH_MAX];
    size_t hlen = mutls_hash_len(alg);
    size_t label_len = label == NULL ? 0 : strlen(label);
    size_t off = 0;
    int rc;

    /* TLS 1.2 only defines P_SHA256 and, for the SHA-384 suites, P_SHA384. */
    if (alg != MUTLS_HASH_SHA256 && alg != MUTLS_HASH_SHA384) {
        return MUTLS_ERR_CRYPTO_UNSUPPORTED;
    }
    rc = mutls_hmac_init(&keyed, alg, secret, secret_len);
    if (rc < 0) {
        return rc;
    }
    /* A(1) = HMAC(secret, label || seed) */
    m = keyed;
    rc = mutls_hmac_update(&m, label, label_len);
    if (rc == 0) {
        rc = mutls_hmac_update(&m, seed, seed_len);
    }
    if (rc == 0) {
        rc = mutls_hmac_final(&m, a);
    }
    while (rc == 0 && off < outlen) {
        size_t take = outlen - off < hlen ? outlen - off : hlen;

        /* output block = HMAC(secret, A(i) || label || seed) */
        m = keyed;
        rc = mutls_hmac_update(&m, a, hlen);
        if (rc == 0) {
            rc = mutls_hmac_update(&m, label, label_len);
        }
        if (rc == 0) {
            rc = mutls_hmac_update(&m, seed, seed_len);
        }
        if (rc == 0) {
            rc = mutls_hmac_final(&m, block);
        }
        if (rc == 0) {
            memcpy(out + off, block, take);
            off += take;
            /* A(i+1) = HMAC(secret, A(i)) */
            m = keyed;
            rc = mutls_hmac_update(&m, a, hlen);
        }
        if (rc == 0) {
            rc = mutls_hmac_final(&m, a);
        }
    }
    mutls_wipe(&keyed, sizeof(keyed));
    mutls_wipe(&m, sizeof(m));
    mutls_wipe(a, sizeof(a));
    mutls_wipe(block, sizeof(block));
    if (rc < 0) {
        mutls_wipe(out, outlen);
    }
    return rc;
}

/* ------------------------------------------------------------ PBKDF2 (RFC 8018 §5.2) */

int mutls_pbkdf2(mutls_hash_alg alg, const uint8_t *pass, size_t pass_len, const uint8_t *salt,
                 size_t salt_len, uint32_t iterations, uint8_t *out, size_t out_len)
{
    mutls_hmac keyed;
    mutls_hmac m;
    uint8_t u[MUTLS_HASH_MAX];
    uint8_t t[MUTLS_HASH_MAX];
    uint8_t ctr[4];
    size_t hlen = mutls_hash_len(alg);
    uint32_t block_no = 1;
    size_t off = 0;
    int rc;

    if (alg == MUTLS_HASH_MD5 || hlen == 0) {
        return MUTLS_ERR_CRYPTO_UNSUPPORTED;
    }
    if (iterations == 0) {
        return MUTLS_ERR_BAD_ARGUMENT;
    }
    rc = mutls_hmac_init(&keyed, alg, pass, pass_len);
    while (rc == 0 && off < out_len) {
        size_t take = out_len - off < hlen ? out_len - off : hlen;
        uint32_t i;
        size_t j;

        /* U_1 = PRF(P, S || INT(i)); T_i = U_1 ^ U_2 ^ ... ^ U_c */
        ctr[0] = (uint8_t)(block_no >> 24);
        ctr[1] = (uint8_t)(block_no >> 16);
        ctr[2] = (uint8_t)(block_no >> 8);
        ctr[3] = (uint8_t)block_no;
        m = keyed;
        rc = mutls_hmac_update(&m, salt, salt_len);
        if (rc == 0) {
            rc = mutls_hmac_update(&m, ctr, sizeof(ctr));
        }
        if (rc == 0) {
            rc = mutls_hmac_final(&m, u);
        }
        memcpy(t, u, hlen);
        for (i = 1; rc == 0 && i < iterations; i++) {
            m = keyed;
            rc = mutls_hmac_update(&m, u, hlen);
            if (rc == 0) {
                rc = mutls_hmac_final(&m, u);
            }
            for (j = 0; j < hlen; j++) {
                t[j] ^= u[j];
            }
        }
        if (rc == 0) {
            memcpy(out + off, t, take);
            off += take;
            block_no++;
        }
    }
    mutls_wipe(&keyed, sizeof(keyed));
    mutls_wipe(&m, sizeof(m));
    mutls_wipe(u, sizeof(u));
    mutls_wipe(t, sizeof(t));
    if (rc < 0) {
        mutls_wipe(out, out_len);
    }
    return rc;
}

/* ------------------------------------------------------------ base64 (RFC 4648 §4) */

static int b64_class(unsigned char c)
{
    if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+' ||
        c == '/') {
        return 1;
    }
    if (c == '=') {
        return 2;
    }
    if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
        return 0;
    }
    return -1;
}

int mutls_base64_decode(const char *in, size_t in_len, uint8_t *out, size_t *out_len)
{
    size_t chars = 0;
    size_t pads = 0;
    unsigned long olen;
    size_t need;
    size_t i;
    int err;

    /*
     * libtomcrypt's relaxed decoder skips whitespace (PEM bodies are wrapped) but also any
     * other stray byte, and its strict one refuses line breaks. So check the alphabet here:
     * only base64 characters and whitespace, '=' padding only at the end, whole quanta.
     */
    for (i = 0; i < in_len; i++) {
        int cls = b64_class((unsigned char)in[i]);
        if (cls < 0 || (cls == 1 && pads > 0)) {
            return MUTLS_ERR_PEM_MALFORMED;
        }
        if (cls == 2) {
            pads++;
        }
        if (cls > 0) {
            chars++;
        }
    }
    if (chars % 4 != 0 || pads > 2) {
        return MUTLS_ERR_PEM_MALFORMED;
    }
    if (chars == 0) {
        *out_len = 0;
        return 0;
    }
    need = chars / 4 * 3 - pads;
    if (*out_len < need) {
        return MUTLS_ERR_BUFFER_TOO_SMALL;
    }
    olen = (unsigned long)*out_len;
    err = base64_decode((const unsigned char *)in, in_len, out, &olen);
    if (err != CRYPT_OK || olen != need) {
        mutls_wipe(out, *out_len);
        return MUTLS_ERR_PEM_MALFORMED;
    }
    *out_len = olen;
    return 0;
}
