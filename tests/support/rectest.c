/* SPDX-License-Identifier: MIT */
/* rectest.c - record-layer test helpers (see rectest.h). */
#include "rectest.h"

#include <string.h>

/* The AEAD entries first, then CBC: tu_rec_built_count counts on that order. */
/* clang-format off */
const tu_rec_suite tu_rec_suites[] = {
    {"AES-128-GCM",            MUTLS_CIPHER_AES128_GCM,        MUTLS_HASH_NONE,   0},
    {"AES-256-GCM",            MUTLS_CIPHER_AES256_GCM,        MUTLS_HASH_NONE,   0},
    {"ChaCha20-Poly1305",      MUTLS_CIPHER_CHACHA20_POLY1305, MUTLS_HASH_NONE,   0},
    {"AES-128-CBC-SHA",        MUTLS_CIPHER_AES128_CBC,        MUTLS_HASH_SHA1,   0},
    {"AES-128-CBC-SHA256",     MUTLS_CIPHER_AES128_CBC,        MUTLS_HASH_SHA256, 0},
    {"AES-256-CBC-SHA384",     MUTLS_CIPHER_AES256_CBC,        MUTLS_HASH_SHA384, 0},
    {"AES-128-CBC-SHA EtM",    MUTLS_CIPHER_AES128_CBC,        MUTLS_HASH_SHA1,   1},
    {"AES-128-CBC-SHA256 EtM", MUTLS_CIPHER_AES128_CBC,        MUTLS_HASH_SHA256, 1},
    {"AES-256-CBC-SHA384 EtM", MUTLS_CIPHER_AES256_CBC,        MUTLS_HASH_SHA384, 1},
};
/* clang-format on */
const size_t tu_rec_suite_count = sizeof(tu_rec_suites) / sizeof(tu_rec_suites[0]);
#ifdef MUTLS_NO_CBC
const size_t tu_rec_built_count = 3; /* the AEAD entries: every CBC one follows them */
#else
const size_t tu_rec_built_count = sizeof(tu_rec_suites) / sizeof(tu_rec_suites[0]);
#endif

void tu_rec_keys(mutls_rec_keys *k, const tu_rec_suite *s, unsigned seed)
{
    size_t i;

    memset(k, 0, sizeof(*k));
    k->cipher = s->cipher;
    k->encrypt_then_mac = s->etm;
    k->enc_key_len =
        s->cipher == MUTLS_CIPHER_AES128_GCM || s->cipher == MUTLS_CIPHER_AES128_CBC ? 16 : 32;
    for (i = 0; i < sizeof(k->enc_key); i++) {
        k->enc_key[i] = (uint8_t)(seed * 7u + i);
    }
    for (i = 0; i < sizeof(k->iv); i++) {
        k->iv[i] = (uint8_t)(seed * 11u + 3u * i);
    }
    if (s->cipher == MUTLS_CIPHER_AES128_GCM || s->cipher == MUTLS_CIPHER_AES256_GCM) {
        k->iv_len = 4;
    } else if (s->cipher == MUTLS_CIPHER_CHACHA20_POLY1305) {
        k->iv_len = 12;
    } else {
        k->mac = s->mac;
        k->mac_key_len = mutls_hash_len(s->mac);
        for (i = 0; i < k->mac_key_len; i++) {
            k->mac_key[i] = (uint8_t)(seed * 13u + 5u * i);
        }
    }
}

int tu_rec_pair_init(tu_rec_pair *p, size_t max_frag)
{
    int rc;

    memset(p, 0, sizeof(*p));
    p->pipe = tu_pipe_new(1u << 20);
    if (p->pipe == NULL) {
        return MUTLS_ERR_NO_MEMORY;
    }
    if ((rc = mutls_rng_new(&p->rng, NULL, NULL)) < 0 ||
        (rc = mutls_rec_init(&p->w, max_frag, MUTLS_REC_DEFAULT_MAX_HANDSHAKE, p->rng)) < 0 ||
        (rc = mutls_rec_init(&p->r, max_frag, MUTLS_REC_DEFAULT_MAX_HANDSHAKE, p->rng)) < 0) {
        return rc;
    }
    mutls_rec_set_transport(&p->w, tu_pipe_send, tu_pipe_recv, tu_pipe_end(p->pipe, 0));
    mutls_rec_set_transport(&p->r, tu_pipe_send, tu_pipe_recv, tu_pipe_end(p->pipe, 1));
    mutls_rec_set_version(&p->w, 0x0303);
    mutls_rec_set_version(&p->r, 0x0303);
    return 0;
}

int tu_rec_pair_keys(tu_rec_pair *p, const tu_rec_suite *s, unsigned seed)
{
    mutls_rec_keys k;

    tu_rec_keys(&k, s, seed);
    TRY(mutls_rec_set_write_keys(&p->w, &k));
    return mutls_rec_set_read_keys(&p->r, &k);
}

void tu_rec_pair_clear(tu_rec_pair *p)
{
    mutls_rec_clear(&p->w);
    mutls_rec_clear(&p->r);
    mutls_rng_free(p->rng);
    tu_pipe_free(p->pipe);
    memset(p, 0, sizeof(*p));
}

size_t tu_rec_make_msg(uint8_t *out, uint8_t type, size_t body_len, unsigned seed)
{
    size_t i;

    out[0] = type;
    out[1] = (uint8_t)(body_len >> 16);
    out[2] = (uint8_t)(body_len >> 8);
    out[3] = (uint8_t)body_len;
    for (i = 0; i < body_len; i++) {
        out[4 + i] = (uint8_t)(seed + i * 3);
    }
    return 4 + body_len;
}

int tu_rec_read_unit(mutls_record *rl, mutls_rec_unit *u)
{
    memset(u, 0, sizeof(*u));
    return mutls_rec_read(rl, u, 1 << 20);
}
