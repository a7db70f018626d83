/* SPDX-License-Identifier: MIT */
/*
 * config.c - the public mutls_config_* functions (DESIGN.md "Public API shape"): identities
 * (a chain and its private key, or an external signer), trust anchors and their revocation
 * lists (RFC 5280 §5, kept in the anchors' mutls_certs set), client-auth policy,
 * cipher suites, ALPN (RFC 7301), the extended-master-secret requirement (RFC 7627) and the
 * callbacks, and the server's session cache (session.c). A configuration is built once and
 * then only read by the connections using it.
 * The wall clock (time(NULL)) is the default time source, here in the hosted API layer; an
 * OS-free build (MUTLS_NO_OS) has none, and no file loaders: the application gives the time
 * callback and passes certificates and keys as bytes.
 */
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>
#if !defined(MUTLS_NO_OS)
#include <time.h>
#endif

#include "crypto.h"
#if !defined(MUTLS_NO_OS)
#include "file.h"
#endif
#include "handshake.h"
#include "keys.h"
#include "mem.h"
#include "session.h"

/* A configuration in use by a connection no longer changes (it may be shared by threads). */
#define CHECK_UNUSED(cfg)                                                                          \
    do {                                                                                           \
        if (atomic_load(&(cfg)->live) > 0) {                                                       \
            return MUTLS_ERR_STATE;                                                                \
        }                                                                                          \
    } while (0)

#if !defined(MUTLS_NO_OS)
static int64_t wall_clock(void *ctx)
{
    (void)ctx;
    return (int64_t)time(NULL);
}
#define DEFAULT_CLOCK wall_clock
#else
/* No clock without an OS: mutls_conn_new refuses to verify without the time callback. */
#define DEFAULT_CLOCK NULL
#endif

/*
 * The trust a peer chain is verified under, as one SHA-256: every anchor's and CRL's DER, the
 * CRL mode and whether verification is off. Sessions carry it (session.h): a change of any of
 * these since a session was made means it is not resumed, on either side. Recomputed after
 * each change (configurations are built once; the cost is hashing the store).
 */
static int update_trust_id(mutls_config *cfg)
{
    const mutls_certs *a = cfg->anchors;
    uint8_t tail[2] = {(uint8_t)a->crl_check, (uint8_t)cfg->verify_off};
    mutls_hash h;
    uint8_t len[4];

    TRY(mutls_hash_init(&h, MUTLS_HASH_SHA256));
    for (size_t i = 0; i < a->n + a->n_crls; i++) {
        const uint8_t *der = i < a->n ? a->der[i] : a->crl_der[i - a->n];
        size_t n = i < a->n ? a->der_len[i] : a->crl_der_len[i - a->n];
        /* length-prefixed, so that no two different stores hash the same bytes */
        len[0] = (uint8_t)(i < a->n ? 'C' : 'R');
        len[1] = (uint8_t)(n >> 16);
        len[2] = (uint8_t)(n >> 8);
        len[3] = (uint8_t)n;
        TRY(mutls_hash_update(&h, len, sizeof(len)));
        TRY(mutls_hash_update(&h, der, n));
    }
    TRY(mutls_hash_update(&h, tail, sizeof(tail)));
    /* The policy inputs: a chain accepted under other policies is not resumed (nothing is
     * added at the defaults, so the identity of a store without policies is as before). */
    for (size_t i = 0; a->policy != NULL && i < a->policy->n; i++) {
        uint8_t olen = (uint8_t)a->policy->set[i].len;

        TRY(mutls_hash_update(&h, &olen, 1));
        TRY(mutls_hash_update(&h, a->policy->set[i].p, olen));
    }
    if (a->policy != NULL && (a->policy->n > 0 || a->policy->flags != 0)) {
        len[0] = 'P';
        len[1] = (uint8_t)a->policy->n;
        len[2] = (uint8_t)a->policy->flags;
        len[3] = 0;
        TRY(mutls_hash_update(&h, len, sizeof(len)));
    }
    return mutls_hash_final(&h, cfg->trust_id);
}

int mutls_config_new(mutls_config **out, mutls_role role)
{
    mutls_config *cfg;
    int rc;

    if (out == NULL || (role != MUTLS_ROLE_CLIENT && role != MUTLS_ROLE_SERVER)) {
        return MUTLS_ERR_BAD_ARGUMENT;
    }
    *out = NULL;
    TRY(mutls_init());
    cfg = mutls_alloc(sizeof(*cfg));
    if (cfg == NULL) {
        return MUTLS_ERR_NO_MEMORY;
    }
    cfg->role = role;
    cfg->client_auth = MUTLS_CLIENT_AUTH_REQUIRED;
    cfg->send_ca_names = 1;
    cfg->require_ems = 1;
    cfg->record_limit = MUTLS_REC_MAX_PLAINTEXT;
    mutls_limits_default(&cfg->limits);
    cfg->n_suites = mutls_hs_default_suites(cfg->suites, MUTLS_MAX_SUITES);
    cfg->time_fn = DEFAULT_CLOCK;
    /* RFC 5077: a client offers the SessionTicket extension unless told not to; a server
     * issues tickets only when enabled (mutls_config_set_session_tickets). */
#if !defined(MUTLS_NO_RESUME)
    cfg->tickets = role == MUTLS_ROLE_CLIENT;
#endif
    rc = mutls_certs_new(&cfg->anchors);
    if (rc == 0) {
        rc = update_trust_id(cfg);
    }
    if (rc < 0) {
        mutls_certs_free(cfg->anchors);
        mutls_mem_free(cfg, sizeof(*cfg));
        return rc;
    }
    *out = cfg;
    return 0;
}

static void identity_free(mutls_identity *id)
{
    if (id == NULL) {
        return;
    }
    mutls_certs_free(id->chain);
    mutls_pkey_free(id->pub);
    mutls_pkey_free(id->key);
    mutls_free_secret(id, sizeof(*id));
}

void mutls_config_free(mutls_config *cfg)
{
    if (cfg == NULL) {
        return;
    }
    for (size_t i = 0; i < cfg->n_ids; i++) {
        identity_free(cfg->ids[i]);
    }
    mutls_certs_free(cfg->anchors);
    mutls_session_cache_free(cfg->sessions); /* every cached master secret is wiped */
    mutls_ticket_keys_free(cfg->ticket_keys);
    mutls_free_secret(cfg, sizeof(*cfg));
}

/* A new identity holding @p chain (parsed) and the leaf's public key. */
/* A new identity from @p chain (its key is added by the caller). A chain the certificate
 * loader refuses leaves its sentence in cfg->id_detail for mutls_config_load_detail. */
static int identity_new(mutls_config *cfg, mutls_identity **out, const uint8_t *chain,
                        size_t chain_len)
{
    mutls_identity *id;
    int rc;

    *out = NULL;
    cfg->id_detail[0] = '\0';
    cfg->detail_is_id = 1;
    id = mutls_alloc(sizeof(*id));
    if (id == NULL) {
        return MUTLS_ERR_NO_MEMORY;
    }
    rc = mutls_certs_new(&id->chain);
    if (rc == 0) {
        rc = mutls_certs_add(id->chain, chain, chain_len);
        if (rc < 0) {
            (void)snprintf(cfg->id_detail, sizeof(cfg->id_detail), "%s",
                           mutls_certs_load_detail(id->chain));
        }
    }
    if (rc == 0 && (id->chain->n == 0 || id->chain->n > MUTLS_MAX_CHAIN)) {
        rc = MUTLS_ERR_BAD_ARGUMENT;
    }
    if (rc == 0) {
        rc = mutls_key_parse_spki(&id->pub, id->chain->x[0].spki);
    }
    if (rc < 0) {
        identity_free(id);
        return rc;
    }
    *out = id;
    return 0;
}

static int add_identity(mutls_config *cfg, mutls_identity *id)
{
    if (cfg->n_ids == MUTLS_MAX_IDENTITIES) {
        identity_free(id);
        return MUTLS_ERR_LIMIT;
    }
    cfg->ids[cfg->n_ids++] = id;
    return 0;
}

int mutls_config_add_identity(mutls_config *cfg, const uint8_t *chain, size_t chain_len,
                              const uint8_t *key, size_t key_len, const char *password)
{
    mutls_identity *id;
    const char *why = NULL;
    int rc;

    if (cfg == NULL || chain == NULL || key == NULL) {
        return MUTLS_ERR_BAD_ARGUMENT;
    }
    CHECK_UNUSED(cfg);
    TRY(identity_new(cfg, &id, chain, chain_len));
    rc = mutls_key_parse_why(&id->key, key, key_len, password, &why);
    if (rc == 0) {
        rc = mutls_key_check_pair(id->key, id->pub);
    }
    if (rc < 0) {
        /* The key's sentence for mutls_config_load_detail, as the chain's is kept there. */
        if (why != NULL) {
            (void)snprintf(cfg->id_detail, sizeof(cfg->id_detail),
                           "the private key is refused: %s", why);
        }
        identity_free(id);
        return rc;
    }
    return add_identity(cfg, id);
}

#if !defined(MUTLS_NO_OS) /* the file loaders are in the OS layer (file.c) */
int mutls_config_add_identity_file(mutls_config *cfg, const char *chain_path,
                                   const char *key_path, const char *password)
{
    uint8_t *chain = NULL, *key = NULL;
    size_t chain_len = 0, key_len = 0;
    int rc;

    if (cfg == NULL || chain_path == NULL || key_path == NULL) {
        return MUTLS_ERR_BAD_ARGUMENT;
    }
    rc = mutls_file_read(chain_path, &chain, &chain_len);
    if (rc == 0) {
        rc = mutls_file_read(key_path, &key, &key_len);
    }
    if (rc == 0) {
        rc = mutls_config_add_identity(cfg, chain, chain_len, key, key_len, password);
    }
    mutls_free_secret(chain, chain_len);
    mutls_free_secret(key, key_len);
    return rc;
}
#endif

int mutls_config_add_identity_signer(mutls_config *cfg, const uint8_t *chain, size_t chain_len,
                                     mutls_sign_fn sign, void *ctx)
{
    mutls_identity *id;

    if (cfg == NULL || chain == NULL || sign == NULL) {
        return MUTLS_ERR_BAD_ARGUMENT;
    }
    CHECK_UNUSED(cfg);
    TRY(identity_new(cfg, &id, chain, chain_len));
    id->sign = sign;
    id->sign_ctx = ctx;
    return add_identity(cfg, id);
}

/* The trust anchors of @p cfg, for the functions that add to them or set their mode: every
 * such change needs a configuration and an argument, and no connection using it yet. */
static int anchors_to_change(mutls_config *cfg, const void *arg, mutls_certs **set)
{
    if (cfg == NULL || arg == NULL) {
        return MUTLS_ERR_BAD_ARGUMENT;
    }
    CHECK_UNUSED(cfg);
    *set = cfg->anchors;
    cfg->detail_is_id = 0;
    return 0;
}

int mutls_config_add_trust(mutls_config *cfg, const uint8_t *data, size_t len)
{
    mutls_certs *set;

    TRY(anchors_to_change(cfg, data, &set));
    TRY(mutls_certs_add(set, data, len));
    return update_trust_id(cfg);
}

int mutls_config_add_crl(mutls_config *cfg, const uint8_t *data, size_t len)
{
    mutls_certs *set;

    TRY(anchors_to_change(cfg, data, &set));
    TRY(mutls_certs_add_crl(set, data, len));
    return update_trust_id(cfg);
}

const char *mutls_config_load_detail(const mutls_config *cfg)
{
    if (cfg == NULL) {
        return "";
    }
    return cfg->detail_is_id ? cfg->id_detail : mutls_certs_load_detail(cfg->anchors);
}

int mutls_config_set_crl_check(mutls_config *cfg, int mode)
{
    mutls_certs *set;

    TRY(anchors_to_change(cfg, cfg, &set));
    TRY(mutls_certs_set_crl_check(set, mode));
    return update_trust_id(cfg);
}

int mutls_config_set_policies(mutls_config *cfg, const char *const *oids, size_t n,
                              unsigned flags)
{
    mutls_certs *set;

    TRY(anchors_to_change(cfg, cfg, &set));
    TRY(mutls_certs_set_policies(set, oids, n, flags));
    return update_trust_id(cfg);
}

#if !defined(MUTLS_NO_OS)
int mutls_config_add_trust_file(mutls_config *cfg, const char *path)
{
    mutls_certs *set;

    TRY(anchors_to_change(cfg, path, &set));
    TRY(mutls_certs_add_file(set, path));
    return update_trust_id(cfg);
}

int mutls_config_add_crl_file(mutls_config *cfg, const char *path)
{
    mutls_certs *set;

    TRY(anchors_to_change(cfg, path, &set));
    TRY(mutls_certs_add_crl_file(set, path));
    return update_trust_id(cfg);
}
#endif

int mutls_config_set_client_auth(mutls_config *cfg, mutls_client_auth mode)
{
    if (cfg == NULL || (mode != MUTLS_CLIENT_AUTH_NONE && mode != MUTLS_CLIENT_AUTH_OPTIONAL &&
                        mode != MUTLS_CLIENT_AUTH_REQUIRED)) {
        return MUTLS_ERR_BAD_ARGUMENT;
    }
    CHECK_UNUSED(cfg);
    cfg->client_auth = mode;
    return 0;
}

int mutls_config_set_send_ca_names(mutls_config *cfg, int on)
{
    if (cfg == NULL) {
        return MUTLS_ERR_BAD_ARGUMENT;
    }
    CHECK_UNUSED(cfg);
    cfg->send_ca_names = on != 0;
    return 0;
}

int mutls_config_set_suites(mutls_config *cfg, const char *list)
{
    uint16_t ids[MUTLS_MAX_SUITES];
    size_t n = 0;
    const char *p = list;

    if (cfg == NULL || list == NULL) {
        return MUTLS_ERR_BAD_ARGUMENT;
    }
    CHECK_UNUSED(cfg);
    while (*p != '\0') {
        const char *end = strchr(p, ':');
        size_t len = end != NULL ? (size_t)(end - p) : strlen(p);
        const mutls_suite *s = mutls_hs_suite_by_name(p, len);
        int dup = 0;

        if (len > 0) {
            if (s == NULL) {
                return MUTLS_ERR_BAD_ARGUMENT; /* unknown, or compiled out */
            }
            for (size_t i = 0; i < n; i++) {
                dup |= ids[i] == s->id;
            }
            if (!dup && n < MUTLS_MAX_SUITES) {
                ids[n++] = s->id;
            }
        }
        p += len;
        if (*p == ':') {
            p++;
        }
    }
    if (n == 0) {
        return MUTLS_ERR_BAD_ARGUMENT;
    }
    memcpy(cfg->suites, ids, n * sizeof(ids[0]));
    cfg->n_suites = n;
    return 0;
}

int mutls_config_set_alpn(mutls_config *cfg, const char *list)
{
    uint8_t wire[MUTLS_ALPN_MAX];
    size_t n = 0;
    const char *p = list;

    if (cfg == NULL || list == NULL) {
        return MUTLS_ERR_BAD_ARGUMENT;
    }
    CHECK_UNUSED(cfg);
    while (*p != '\0') {
        const char *end = strchr(p, ',');
        size_t len = end != NULL ? (size_t)(end - p) : strlen(p);

        /* RFC 7301 §3.1: each protocol name is 1..255 bytes. */
        if (len == 0 || len > 255 || n + 1 + len > sizeof(wire)) {
            return MUTLS_ERR_BAD_ARGUMENT;
        }
        wire[n++] = (uint8_t)len;
        memcpy(wire + n, p, len);
        n += len;
        p += len;
        if (*p == ',') {
            p++;
        }
    }
    memcpy(cfg->alpn, wire, n);
    cfg->alpn_len = n;
    return 0;
}

int mutls_config_set_require_ems(mutls_config *cfg, int on)
{
    if (cfg == NULL) {
        return MUTLS_ERR_BAD_ARGUMENT;
    }
    CHECK_UNUSED(cfg);
    cfg->require_ems = on != 0;
    return 0;
}

int mutls_config_set_exporter(mutls_config *cfg, int on)
{
    if (cfg == NULL) {
        return MUTLS_ERR_BAD_ARGUMENT;
    }
    CHECK_UNUSED(cfg);
    cfg->exporter = on != 0;
    return 0;
}

int mutls_config_set_encrypt_then_mac(mutls_config *cfg, int on)
{
    if (cfg == NULL) {
        return MUTLS_ERR_BAD_ARGUMENT;
    }
    CHECK_UNUSED(cfg);
    cfg->no_etm = on == 0;
    return 0;
}

int mutls_config_set_record_limit(mutls_config *cfg, size_t max_plaintext)
{
    /* RFC 8449 §4: 64 is the smallest limit an endpoint may advertise; TLS 1.2 records
     * carry at most 2^14 plaintext bytes anyway. */
    if (cfg == NULL || max_plaintext < MUTLS_REC_MIN_FRAGMENT ||
        max_plaintext > MUTLS_REC_MAX_PLAINTEXT) {
        return MUTLS_ERR_BAD_ARGUMENT;
    }
    CHECK_UNUSED(cfg);
    cfg->record_limit = max_plaintext;
    return 0;
}

int mutls_config_set_session_cache(mutls_config *cfg, size_t max_entries,
                                   uint32_t lifetime_seconds)
{
    mutls_session_cache *c = NULL;

    if (cfg == NULL || cfg->role != MUTLS_ROLE_SERVER) {
        return MUTLS_ERR_BAD_ARGUMENT;
    }
    CHECK_UNUSED(cfg);
    if (lifetime_seconds == 0) {
        lifetime_seconds = MUTLS_SESSION_LIFETIME_DEFAULT;
    }
    /* The table is allocated whole now (no growth under load); 0 entries is "off". */
    if (max_entries > 0) {
        TRY(mutls_session_cache_new(&c, max_entries, lifetime_seconds));
    } else if (lifetime_seconds > MUTLS_SESSION_LIFETIME_MAX) {
        return MUTLS_ERR_BAD_ARGUMENT;
    }
    mutls_session_cache_free(cfg->sessions);
    cfg->sessions = c;
    return 0;
}

int mutls_config_set_session_tickets(mutls_config *cfg, int on, uint32_t lifetime_seconds)
{
    mutls_rng *rng = NULL;
    uint8_t fresh[48];
    int rc;

    if (cfg == NULL || lifetime_seconds > MUTLS_SESSION_LIFETIME_MAX) {
        return MUTLS_ERR_BAD_ARGUMENT;
    }
    CHECK_UNUSED(cfg);
#if defined(MUTLS_NO_RESUME)
    /* -DMUTLS_RESUME=OFF: neither role has tickets; "off" is what it already is. */
    (void)rng;
    (void)fresh;
    (void)rc;
    return on ? MUTLS_ERR_NOT_BUILT : 0;
#else
    if (cfg->role == MUTLS_ROLE_CLIENT) {
        cfg->tickets = on != 0; /* whether the extension is offered */
        return 0;
    }
    if (!on) {
        cfg->tickets = 0;
        return 0;
    }
    /* A random key name and AES-256 key, made now unless the application set one (to share
     * with other servers): one random draw of both, so they cannot be half made. The server
     * replaces it every ticket lifetime (hs_ticket.c). */
    if (cfg->ticket_keys == NULL) {
        TRY(mutls_rng_new(&rng, cfg->entropy, cfg->entropy_ctx));
        rc = mutls_rng_bytes(rng, fresh, sizeof(fresh));
        mutls_rng_free(rng);
        if (rc == 0) {
            rc = mutls_ticket_keys_set(&cfg->ticket_keys, fresh, 0);
        }
        mutls_wipe(fresh, sizeof(fresh));
        TRY(rc);
    }
    cfg->tickets = 1;
    cfg->ticket_lifetime = lifetime_seconds != 0 ? lifetime_seconds
                                                 : MUTLS_SESSION_LIFETIME_DEFAULT;
    return 0;
#endif
}

int mutls_config_set_ticket_key(mutls_config *cfg, const uint8_t *key, size_t len)
{
    if (cfg == NULL || key == NULL || cfg->role != MUTLS_ROLE_SERVER ||
        len != MUTLS_TICKET_KEY_LEN) {
        return MUTLS_ERR_BAD_ARGUMENT;
    }
    CHECK_UNUSED(cfg);
#if defined(MUTLS_NO_RESUME)
    return MUTLS_ERR_NOT_BUILT;
#else
    return mutls_ticket_keys_set(&cfg->ticket_keys, key, 1);
#endif
}

void mutls_limits_default(mutls_limits *limits)
{
    if (limits != NULL) {
        limits->max_handshake = MUTLS_REC_DEFAULT_MAX_HANDSHAKE;
        /* As many as chain verification takes: a cross-certified PKI may send dozens (a
         * bridge CA's, BetterTLS pathbuilding), and max_chain_bytes bounds the memory. */
        limits->max_chain_certs = MUTLS_LIMIT_MAX_CHAIN_CERTS;
        limits->max_chain_bytes = 65536;
        limits->max_extensions = 64;
    }
}

int mutls_config_set_limits(mutls_config *cfg, const mutls_limits *limits)
{
    mutls_limits l, def;

    if (cfg == NULL || limits == NULL) {
        return MUTLS_ERR_BAD_ARGUMENT;
    }
    CHECK_UNUSED(cfg);
    mutls_limits_default(&def);
    l = *limits;
    l.max_handshake = l.max_handshake != 0 ? l.max_handshake : def.max_handshake;
    l.max_chain_certs = l.max_chain_certs != 0 ? l.max_chain_certs : def.max_chain_certs;
    l.max_extensions = l.max_extensions != 0 ? l.max_extensions : def.max_extensions;
    if (l.max_chain_bytes == 0) {
        l.max_chain_bytes =
            def.max_chain_bytes < l.max_handshake ? def.max_chain_bytes : l.max_handshake;
    }
    /* Handshake lengths are 24 bits (RFC 5246 §7.4); a chain must fit in its message. */
    if (l.max_handshake < MUTLS_LIMIT_MIN_HANDSHAKE || l.max_handshake > 0xffffff ||
        l.max_chain_certs > MUTLS_LIMIT_MAX_CHAIN_CERTS ||
        l.max_chain_bytes > l.max_handshake || l.max_extensions > MUTLS_LIMIT_MAX_EXTENSIONS) {
        return MUTLS_ERR_BAD_ARGUMENT;
    }
    cfg->limits = l;
    return 0;
}

int mutls_config_disable_peer_verification_INSECURE(mutls_config *cfg)
{
    if (cfg == NULL) {
        return MUTLS_ERR_BAD_ARGUMENT;
    }
    CHECK_UNUSED(cfg);
    cfg->verify_off = 1;
    return update_trust_id(cfg);
}

void mutls_config_set_entropy(mutls_config *cfg, mutls_entropy_fn fn, void *ctx)
{
    if (cfg != NULL) {
        cfg->entropy = fn;
        cfg->entropy_ctx = ctx;
    }
}

void mutls_config_set_time(mutls_config *cfg, mutls_time_fn fn, void *ctx)
{
    if (cfg != NULL) {
        cfg->time_fn = fn != NULL ? fn : DEFAULT_CLOCK;
        cfg->time_ctx = fn != NULL ? ctx : NULL;
    }
}

void mutls_config_set_trace(mutls_config *cfg, mutls_trace_fn fn, void *ctx)
{
    if (cfg != NULL) {
        cfg->trace = fn;
        cfg->trace_ctx = ctx;
    }
}

void mutls_config_set_keylog(mutls_config *cfg, mutls_keylog_fn fn, void *ctx)
{
    if (cfg != NULL) {
        cfg->keylog = fn;
        cfg->keylog_ctx = ctx;
    }
}

void mutls_config_set_verify_hook(mutls_config *cfg, mutls_verify_fn fn, void *ctx)
{
    if (cfg != NULL) {
        cfg->verify_hook = fn;
        cfg->verify_ctx = ctx;
    }
}

void mutls_config_set_select_identity(mutls_config *cfg, mutls_select_fn fn, void *ctx)
{
    if (cfg != NULL) {
        cfg->select = fn;
        cfg->select_ctx = ctx;
    }
}
