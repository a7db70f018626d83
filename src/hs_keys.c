/* SPDX-License-Identifier: MIT */
/*
 * hs_keys.c - the TLS 1.2 key schedule: the running transcript hash, the master secret
 * (RFC 5246 §8.1, or the extended master secret of RFC 7627 §4), the key block
 * (RFC 5246 §6.3, also from a resumed session's master secret), Finished verify_data (RFC 5246
 * §7.4.9) and the NSS key-log line.
 *
 * The transcript runs SHA-256, SHA-384 and SHA-512 side by side: the PRF hash is known only
 * after ServerHello, and a CertificateVerify may be signed with any scheme hash. Secrets are
 * wiped as soon as they are spent: the premaster once the master secret exists, the key
 * block once it is split into the two directions' keys.
 */
#include <stdio.h>
#include <string.h>

#include "handshake.h"
#include "mem.h"

int mutls_hs_transcript_init(mutls_hs *hs)
{
    TRY(mutls_hash_init(&hs->th256, MUTLS_HASH_SHA256));
    TRY(mutls_hash_init(&hs->th384, MUTLS_HASH_SHA384));
    TRY(mutls_hash_init(&hs->th512, MUTLS_HASH_SHA512));
    return 0;
}

int mutls_hs_transcript_add(mutls_hs *hs, const uint8_t *msg, size_t len)
{
    TRY(mutls_hash_update(&hs->th256, msg, len));
    TRY(mutls_hash_update(&hs->th384, msg, len));
    TRY(mutls_hash_update(&hs->th512, msg, len));
    return 0;
}

int mutls_hs_transcript_hash(const mutls_hs *hs, mutls_hash_alg alg, uint8_t *out, size_t *len)
{
    mutls_hash copy;
    int rc;

    switch (alg) {
    case MUTLS_HASH_SHA256:
        copy = hs->th256;
        break;
    case MUTLS_HASH_SHA384:
        copy = hs->th384;
        break;
    case MUTLS_HASH_SHA512:
        copy = hs->th512;
        break;
    default:
        return MUTLS_ERR_INTERNAL;
    }
    rc = mutls_hash_final(&copy, out);
    *len = mutls_hash_len(alg);
    return rc;
}

static void hex(char *out, const uint8_t *in, size_t n)
{
    static const char digits[] = "0123456789abcdef";

    for (size_t i = 0; i < n; i++) {
        out[2 * i] = digits[in[i] >> 4];
        out[2 * i + 1] = digits[in[i] & 15];
    }
    out[2 * n] = '\0';
}

static void keylog(const mutls_hs *hs)
{
    /* NSS key-log format: "CLIENT_RANDOM <client_random> <master_secret>", lower-case hex. */
    char line[14 + 64 + 1 + 96 + 1];

    if (hs->cfg->keylog == NULL) {
        return;
    }
    memcpy(line, "CLIENT_RANDOM ", 14);
    hex(line + 14, hs->client_random, 32);
    line[14 + 64] = ' ';
    hex(line + 14 + 64 + 1, hs->master, 48);
    hs->cfg->keylog(hs->cfg->keylog_ctx, line);
    mutls_wipe(line, sizeof(line));
}

static void split_keys(const mutls_suite *s, const uint8_t *kb, int etm, mutls_rec_keys *c2s,
                       mutls_rec_keys *s2c)
{
    size_t mac_len = mutls_hash_len(s->mac);
    size_t off = 0;

    /* RFC 5246 §6.3: client MAC key, server MAC key, client key, server key, client IV,
     * server IV, in that order. */
    memset(c2s, 0, sizeof(*c2s));
    memset(s2c, 0, sizeof(*s2c));
    c2s->cipher = s2c->cipher = s->cipher;
    c2s->mac = s2c->mac = s->mac;
    c2s->encrypt_then_mac = s2c->encrypt_then_mac = (s->mac != MUTLS_HASH_NONE) && etm;
    c2s->mac_key_len = s2c->mac_key_len = mac_len;
    memcpy(c2s->mac_key, kb + off, mac_len);
    off += mac_len;
    memcpy(s2c->mac_key, kb + off, mac_len);
    off += mac_len;
    c2s->enc_key_len = s2c->enc_key_len = s->key_len;
    memcpy(c2s->enc_key, kb + off, s->key_len);
    off += s->key_len;
    memcpy(s2c->enc_key, kb + off, s->key_len);
    off += s->key_len;
    c2s->iv_len = s2c->iv_len = s->iv_len;
    memcpy(c2s->iv, kb + off, s->iv_len);
    off += s->iv_len;
    memcpy(s2c->iv, kb + off, s->iv_len);
}

int mutls_hs_ecdh_premaster(mutls_hs *hs, mutls_slice peer_point)
{
    int rc;

    hs->premaster_len = sizeof(hs->premaster);
    rc = mutls_ecdh_shared(hs->eph, peer_point, hs->premaster, &hs->premaster_len);
    /* The ephemeral scalar is spent: free (and so wipe) it now. */
    mutls_pkey_free(hs->eph);
    hs->eph = NULL;
    if (rc == MUTLS_ERR_POINT_NOT_ON_CURVE) {
        /* RFC 8422 §5.10: every peer point is validated before use. */
        hs->why = "its ECDHE public value is not a point on the curve";
        return MUTLS_ERR_ILLEGAL_PARAMETER;
    }
    return rc;
}

/* RFC 5246 §6.3: the key block from the master secret, split into both directions' keys. */
static int key_block(mutls_hs *hs)
{
    const mutls_suite *s = hs->suite;
    uint8_t seed[64];
    uint8_t kb[2 * 48 + 2 * 32 + 2 * 12];
    size_t kb_len;
    int rc;

    /* The key block's seed is server_random + client_random. */
    memcpy(seed, hs->server_random, 32);
    memcpy(seed + 32, hs->client_random, 32);
    kb_len = 2 * mutls_hash_len(s->mac) + 2 * s->key_len + 2 * s->iv_len;
    rc = mutls_prf(s->prf, hs->master, 48, "key expansion", seed, 64, kb, kb_len);
    if (rc == 0) {
        split_keys(s, kb, hs->etm, &hs->keys_c2s, &hs->keys_s2c);
        hs->keys_ready = 1;
        keylog(hs);
    }
    mutls_wipe(kb, sizeof(kb));
    return rc;
}

int mutls_hs_resume_keys(mutls_hs *hs)
{
    /* RFC 5246 §7.4.1.3 with §6.3: a resumed session keeps its master secret; the new
     * randoms alone make this connection's keys different from the session's first. */
    if (hs->suite == NULL || !hs->resumed) {
        return MUTLS_ERR_INTERNAL;
    }
    return key_block(hs);
}

int mutls_hs_derive_keys(mutls_hs *hs)
{
    const mutls_suite *s = hs->suite;
    uint8_t seed[64 + MUTLS_HASH_MAX];
    size_t seed_len = 64;
    const char *label = "master secret";
    int rc = MUTLS_ERR_INTERNAL;

    if (s == NULL || hs->premaster_len == 0) {
        goto out;
    }
    if (hs->ems) {
        /* RFC 7627 §4: the session hash covers the transcript through ClientKeyExchange. */
        label = "extended master secret";
        rc = mutls_hs_transcript_hash(hs, s->prf, seed, &seed_len);
    } else {
        /* RFC 5246 §8.1: the seed is client_random + server_random. */
        memcpy(seed, hs->client_random, 32);
        memcpy(seed + 32, hs->server_random, 32);
        rc = 0;
    }
    if (rc == 0) {
        rc = mutls_prf(s->prf, hs->premaster, hs->premaster_len, label, seed, seed_len, hs->master,
                       48);
    }
    mutls_wipe(hs->premaster, sizeof(hs->premaster));
    hs->premaster_len = 0;
    if (rc == 0) {
        rc = key_block(hs);
    }
out:
    mutls_wipe(seed, sizeof(seed));
    return rc;
}

int mutls_hs_finished_data(const mutls_hs *hs, int from_server, uint8_t out[12])
{
    uint8_t h[MUTLS_HASH_MAX];
    size_t hlen;

    if (hs->suite == NULL) {
        return MUTLS_ERR_INTERNAL;
    }
    TRY(mutls_hs_transcript_hash(hs, hs->suite->prf, h, &hlen));
    /* RFC 5246 §7.4.9: PRF(master_secret, finished_label, Hash(handshake_messages)), 12
     * bytes for every suite we have. */
    return mutls_prf(hs->suite->prf, hs->master, 48,
                     from_server ? "server finished" : "client finished", h, hlen, out, 12);
}
