/* SPDX-License-Identifier: MIT */
/*
 * mutls.h - the only public header of mutls, a small TLS 1.2 library for mutual
 * (client-certificate) authentication, built on libtomcrypt and libtommath.
 *
 * Groups: types, library set-up, errors. The configuration, connection, I/O and
 * inspection functions are added here as their layers land (see DESIGN.md).
 */
#ifndef MUTLS_H
#define MUTLS_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#if defined(__GNUC__)
#define MUTLS_API __attribute__((visibility("default")))
#else
#define MUTLS_API
#endif

#define MUTLS_VERSION_STRING "0.1.0"

/* ---------------------------------------------------------------- types */

/**
 * @brief A replaceable allocator. Every allocation mutls makes goes through it.
 *
 * @c alloc returns @p size bytes (or NULL); @c free receives the pointer and the size that
 * was asked for, so a counting or pool allocator needs no header of its own. mutls wipes
 * memory that held secrets before it hands it to @c free.
 */
typedef struct mutls_allocator {
    void *(*alloc)(void *ctx, size_t size);
    void (*free)(void *ctx, void *ptr, size_t size);
    void *ctx;
} mutls_allocator;

/**
 * @brief Transport: send up to @p len bytes of @p buf.
 * @return the number of bytes taken (1..len), MUTLS_WANT_WRITE when the transport cannot
 *         take any now (mutls repeats the call later with the same bytes), or a negative
 *         error (the connection fails with it).
 */
typedef int (*mutls_send_fn)(void *ctx, const uint8_t *buf, size_t len);

/**
 * @brief Transport: receive up to @p len bytes into @p buf.
 * @return the number of bytes read (1..len), 0 at end of stream, MUTLS_WANT_READ when no
 *         byte is available now, or a negative error. An end of stream before the peer's
 *         close_notify is reported as MUTLS_ERR_TRUNCATED, never as a clean end.
 */
typedef int (*mutls_recv_fn)(void *ctx, uint8_t *buf, size_t len);

/* ------------------------------------------------------- library set-up */

/**
 * @brief Replace the allocator used by every later allocation.
 * @param a the allocator, copied; NULL restores the C library's malloc/free.
 * @return 0, or MUTLS_ERR_BAD_ARGUMENT when one of the two functions is missing.
 *
 * Call it before any other mutls function and before any thread uses mutls: memory
 * allocated by one allocator must be released by the same one. libtommath's own big-number
 * limbs do not go through it (they use the C library's malloc).
 */
MUTLS_API int mutls_set_allocator(const mutls_allocator *a);

/**
 * @brief One-time initialisation of the crypto provider. Thread-safe and idempotent;
 *        every constructor calls it, so applications need not.
 * @return 0 or a negative MUTLS_ERR_* code.
 */
MUTLS_API int mutls_init(void);

/** @brief The library version, e.g. "0.1.0". The string is static. */
MUTLS_API const char *mutls_version(void);

/* --------------------------------------------------------------- errors */

/*
 * Every function returns 0 (or a byte count) on success and a negative code on failure.
 * The values are fixed and are never renumbered. Groups: -1xx API and I/O, -2xx record,
 * -3xx handshake, -4xx X.509 and DER, -5xx keys, -6xx crypto.
 * MUTLS_WANT_READ and MUTLS_WANT_WRITE are not failures: repeat the call when the
 * transport is ready.
 */
enum {
    MUTLS_OK = 0,
    MUTLS_WANT_READ = -1,
    MUTLS_WANT_WRITE = -2,

    /* API and I/O */
    MUTLS_ERR_INTERNAL = -100,
    MUTLS_ERR_NO_MEMORY = -101,
    MUTLS_ERR_BAD_ARGUMENT = -102,
    MUTLS_ERR_IO = -103,
    MUTLS_ERR_CLOSED = -104,
    MUTLS_ERR_STATE = -105,
    MUTLS_ERR_FILE = -106,
    MUTLS_ERR_CONFIG = -107,
    MUTLS_ERR_NO_ENTROPY = -108,
    MUTLS_ERR_NO_TIME = -109,
    MUTLS_ERR_BUFFER_TOO_SMALL = -110,
    MUTLS_ERR_LIMIT = -111,
    MUTLS_ERR_NOT_BUILT = -112,

    /* record layer */
    MUTLS_ERR_RECORD_OVERFLOW = -200,
    MUTLS_ERR_BAD_RECORD_MAC = -201,
    MUTLS_ERR_RECORD_TYPE = -202,
    MUTLS_ERR_RECORD_VERSION = -203,
    MUTLS_ERR_RECORD_DECODE = -204,
    MUTLS_ERR_ALERT_RECEIVED = -205,
    MUTLS_ERR_TRUNCATED = -206,
    MUTLS_ERR_SEQUENCE_OVERFLOW = -207,
    MUTLS_ERR_RECORD_UNEXPECTED = -208,

    /* handshake */
    MUTLS_ERR_DECODE = -300,
    MUTLS_ERR_UNEXPECTED_MESSAGE = -301,
    MUTLS_ERR_PROTOCOL_VERSION = -302,
    MUTLS_ERR_HANDSHAKE_FAILURE = -303,
    MUTLS_ERR_ILLEGAL_PARAMETER = -304,
    MUTLS_ERR_BAD_FINISHED = -305,
    MUTLS_ERR_BAD_SIGNATURE = -306,
    MUTLS_ERR_NO_CLIENT_CERTIFICATE = -307,
    MUTLS_ERR_NO_SERVER_CERTIFICATE = -308,
    MUTLS_ERR_NO_EXTENDED_MASTER_SECRET = -309,
    MUTLS_ERR_RENEGOTIATION = -310,
    MUTLS_ERR_UNSUPPORTED_EXTENSION = -311,
    MUTLS_ERR_INSUFFICIENT_SECURITY = -312,
    MUTLS_ERR_NO_APPLICATION_PROTOCOL = -313,
    MUTLS_ERR_UNRECOGNIZED_NAME = -314,
    MUTLS_ERR_VERIFY_HOOK = -315,
    MUTLS_ERR_NO_SHARED_CIPHER = -316,
    MUTLS_ERR_HANDSHAKE_TOO_LARGE = -317,
    MUTLS_ERR_NO_SESSION = -318,
    MUTLS_ERR_SESSION_MALFORMED = -319,

    /* DER and X.509 */
    MUTLS_ERR_DER = -400,
    MUTLS_ERR_X509_MALFORMED = -401,
    MUTLS_ERR_X509_EXPIRED = -402,
    MUTLS_ERR_X509_NOT_YET_VALID = -403,
    MUTLS_ERR_X509_UNKNOWN_ISSUER = -404,
    MUTLS_ERR_X509_BAD_SIGNATURE = -405,
    MUTLS_ERR_X509_NOT_A_CA = -406,
    MUTLS_ERR_X509_PATH_TOO_LONG = -407,
    MUTLS_ERR_X509_NAME_MISMATCH = -408,
    MUTLS_ERR_X509_PURPOSE_MISMATCH = -409,
    MUTLS_ERR_X509_NAME_CONSTRAINT = -410,
    MUTLS_ERR_X509_UNSUPPORTED_ALGORITHM = -411,
    MUTLS_ERR_X509_UNKNOWN_CRITICAL_EXTENSION = -412,
    MUTLS_ERR_X509_WEAK_KEY = -413,
    MUTLS_ERR_X509_KEY_USAGE = -414,
    MUTLS_ERR_X509_SELF_SIGNED = -415,
    MUTLS_ERR_X509_TOO_MANY_CERTIFICATES = -416,
    MUTLS_ERR_X509_REVOKED = -417,
    MUTLS_ERR_X509_CRL_MISSING = -418,
    MUTLS_ERR_X509_CRL_EXPIRED = -419,
    MUTLS_ERR_X509_CRL_BAD_SIGNATURE = -420,
    MUTLS_ERR_X509_CRL_MALFORMED = -421,
    MUTLS_ERR_X509_CRL_UNSUPPORTED = -422,
    MUTLS_ERR_X509_NO_POLICY = -423,          /* RFC 5280 §6.1: no acceptable policy */
    MUTLS_ERR_X509_POLICY_TOO_COMPLEX = -424, /* over the bound on policy processing */

    /* keys and PEM */
    MUTLS_ERR_KEY_MALFORMED = -500,
    MUTLS_ERR_KEY_BAD_PASSWORD = -501,
    MUTLS_ERR_KEY_NEEDS_PASSWORD = -502,
    MUTLS_ERR_KEY_UNSUPPORTED = -503,
    MUTLS_ERR_KEY_MISMATCH = -504,
    MUTLS_ERR_PEM_MALFORMED = -505,
    MUTLS_ERR_PEM_NOT_FOUND = -506,

    /* crypto */
    MUTLS_ERR_CRYPTO = -600,
    MUTLS_ERR_RNG = -601,
    MUTLS_ERR_POINT_NOT_ON_CURVE = -602,
    MUTLS_ERR_CRYPTO_UNSUPPORTED = -603,
    MUTLS_ERR_SIGNATURE_INVALID = -604
};

/**
 * @brief The short name of a code, e.g. "bad_record_mac" or "x509_expired".
 * @return a static string; "unknown_error" for a value that is not a mutls code.
 */
MUTLS_API const char *mutls_strerror(int code);

/**
 * @brief One sentence describing a code, e.g. "the certificate has expired".
 * @return a static string.
 */
MUTLS_API const char *mutls_error_text(int code);

/**
 * @brief The name of a TLS alert number, e.g. 48 -> "unknown_ca".
 * @return a static string; "unknown_alert" for a number TLS 1.2 does not define.
 */
MUTLS_API const char *mutls_alert_name(int alert);

/* ------------------------------------------------------ configuration */

/** A configuration: identities, trust anchors, policy and callbacks. Built once, then shared
 *  read-only by any number of connections (on any threads); it must outlive them. */
typedef struct mutls_config mutls_config;
/** One TLS connection; belongs to one thread at a time. */
typedef struct mutls_conn mutls_conn;

typedef enum mutls_role { MUTLS_ROLE_CLIENT = 0, MUTLS_ROLE_SERVER = 1 } mutls_role;

typedef enum mutls_client_auth {
    MUTLS_CLIENT_AUTH_NONE = 0,     /* no CertificateRequest: the 9-message flow */
    MUTLS_CLIENT_AUTH_OPTIONAL = 1, /* ask; an empty client Certificate is accepted */
    MUTLS_CLIENT_AUTH_REQUIRED = 2  /* ask; an empty Certificate ends the handshake (default) */
} mutls_client_auth;

/** Entropy: fill @p buf with @p len unpredictable bytes; return 0, or negative on failure. */
typedef int (*mutls_entropy_fn)(void *ctx, uint8_t *buf, size_t len);
/** Wall-clock time in seconds since 1970 (UTC), used for certificate validity. */
typedef int64_t (*mutls_time_fn)(void *ctx);
/** NSS key-log line ("CLIENT_RANDOM <hex> <hex>", no newline) for Wireshark. */
typedef void (*mutls_keylog_fn)(void *ctx, const char *line);

/** One handshake message, as passed to the trace callback. */
typedef struct mutls_trace_msg {
    int sent;         /* 1: we sent it; 0: we received it */
    int step;         /* row of the mutual-auth table, 1..12; 0 for ServerKeyExchange and
                         NewSessionTicket (or of the abbreviated table, see @c abbreviated) */
    int seq;          /* position in this handshake: 1, 2, 3, ... */
    const char *from; /* "client" or "server" */
    const char *name; /* "ClientHello", "Certificate", "ChangeCipherSpec", ... */
    size_t len;       /* body length in bytes (handshake header excluded; 1 for CCS) */
    int abbreviated;  /* 1 in a resumed handshake: step is then a row of the abbreviated
                         table, 1 ClientHello, 2 ServerHello, 0 NewSessionTicket,
                         3-4 the server's ChangeCipherSpec and Finished, 5-6 the client's */
} mutls_trace_msg;
typedef void (*mutls_trace_fn)(void *ctx, const mutls_trace_msg *msg);

/**
 * Application check after the built-in verification succeeded (pinning, allow-lists). The
 * connection's inspection functions (peer subject, SANs, chain) work inside the call.
 * Return 0 to accept; anything else rejects the peer (MUTLS_ERR_VERIFY_HOOK, alert access_denied).
 */
typedef int (*mutls_verify_fn)(void *ctx, const mutls_conn *conn);

/**
 * External signer (secure element, HSM, TPM): sign @p digest (already hashed with the
 * scheme's hash) with the TLS SignatureScheme @p scheme (0x0401 rsa_pkcs1_sha256, 0x0804
 * rsa_pss_rsae_sha256, 0x0403 ecdsa_secp256r1_sha256, ...). For rsa_pkcs1 the signer applies
 * the DigestInfo and PKCS#1 v1.5 padding; ECDSA signatures are DER. *sig_len is the buffer
 * size in and the signature length out. Return 0 or a negative code.
 */
typedef int (*mutls_sign_fn)(void *ctx, uint16_t scheme, const uint8_t *digest,
                             size_t digest_len, uint8_t *sig, size_t *sig_len);

/**
 * Client identity selection: called when the server sent a CertificateRequest and more than
 * zero identities are configured. The request's CA names and schemes are readable through
 * mutls_cert_request_*() on @p conn. Return the index of the identity to use (0-based, order
 * of mutls_config_add_identity* calls), or -1 to send an empty Certificate.
 * Without a callback the client picks the first identity whose chain ends at a CA the request
 * names and whose key can sign with a scheme the server accepts; if none ends at a named CA,
 * the first that can sign is sent anyway and the server decides (as OpenSSL does).
 */
typedef int (*mutls_select_fn)(void *ctx, const mutls_conn *conn, size_t n_identities);

/** @brief Create a configuration for @p role with the defaults: client auth REQUIRED, CA
 *  names sent, extended master secret required, every suite (forward-secret first, static
 *  RSA last), the wall clock, the system's entropy.
 *  @return 0, MUTLS_ERR_BAD_ARGUMENT, MUTLS_ERR_NO_MEMORY or a crypto set-up error. */
MUTLS_API int mutls_config_new(mutls_config **out, mutls_role role);
/** @brief Release a configuration (keys are wiped). Free its connections first. NULL is a
 *  no-op. */
MUTLS_API void mutls_config_free(mutls_config *cfg);

/** Add an identity: a certificate chain (PEM with the leaf first, or one DER certificate) and
 *  its private key (PEM or DER: PKCS#1, SEC1, PKCS#8, encrypted PKCS#8 with @p password).
 *  Refused with MUTLS_ERR_KEY_MISMATCH when the key is not the leaf's. Copies its inputs. */
MUTLS_API int mutls_config_add_identity(mutls_config *cfg, const uint8_t *chain, size_t chain_len,
                                        const uint8_t *key, size_t key_len, const char *password);
MUTLS_API int mutls_config_add_identity_file(mutls_config *cfg, const char *chain_path,
                                             const char *key_path, const char *password);
/** An identity whose private key stays outside mutls: @p sign makes every signature. */
MUTLS_API int mutls_config_add_identity_signer(mutls_config *cfg, const uint8_t *chain,
                                               size_t chain_len, mutls_sign_fn sign, void *ctx);

/** Trust anchors (PEM with any number of certificates, or one DER certificate), as
 *  mutls_certs_add / mutls_certs_add_file: the peer's chain must end at one of them. Their
 *  revocation lists go into the same store (mutls_config_add_crl). MUTLS_ERR_STATE once a
 *  connection uses @p cfg. */
MUTLS_API int mutls_config_add_trust(mutls_config *cfg, const uint8_t *data, size_t len);
MUTLS_API int mutls_config_add_trust_file(mutls_config *cfg, const char *path);

/**
 * @brief Revocation lists for the trust store (PEM with any number of "X509 CRL" blocks, or
 *        one DER CRL), as mutls_certs_add_crl / mutls_certs_add_crl_file.
 *
 * Once one is added, every peer chain is checked against them during the handshake, as
 * mutls_config_set_crl_check says: by default every certificate below the trust anchor needs
 * a current CRL from its own issuer. A revoked peer certificate ends the handshake with
 * MUTLS_ERR_X509_REVOKED and the alert certificate_revoked(44); a missing, stale or badly
 * signed CRL with MUTLS_ERR_X509_CRL_MISSING / _CRL_EXPIRED / _CRL_BAD_SIGNATURE and
 * certificate_unknown(46). mutls_error_detail names the certificate, the revocation date and
 * the reason. The CRLs are not re-read: to apply a newer CRL, build a new configuration.
 *
 * @return 0, the errors of mutls_certs_add_crl (the store is unchanged on error),
 *         MUTLS_ERR_FILE / MUTLS_ERR_LIMIT (more than 1 MiB) for a file, MUTLS_ERR_STATE once a
 *         connection uses @p cfg.
 */
MUTLS_API int mutls_config_add_crl(mutls_config *cfg, const uint8_t *data, size_t len);
MUTLS_API int mutls_config_add_crl_file(mutls_config *cfg, const char *path);
/** @brief Which certificates of a peer's chain need a CRL once CRLs are loaded:
 *  MUTLS_CRL_CHECK_ALL (the default) or MUTLS_CRL_CHECK_LEAF (the peer's own certificate).
 *  @return 0, MUTLS_ERR_BAD_ARGUMENT for another mode, MUTLS_ERR_STATE once in use. */
MUTLS_API int mutls_config_set_crl_check(mutls_config *cfg, int mode);
/**
 * @brief Certificate policies a peer's chain must carry (RFC 5280 §6.1.1 inputs), for PKIs
 *        that issue under policy OIDs (a PIV or government PKI, or a service that accepts
 *        only client certificates issued under its own policy).
 *
 * @param oids dotted OIDs, e.g. "2.16.840.1.101.3.2.1.48.1": the user-initial-policy-set,
 *        at most 16; none (n = 0) means anyPolicy, the default.
 * @param flags MUTLS_POLICY_EXPLICIT (initial-explicit-policy: the path must be valid for at
 *        least one of @p oids, or for some policy when none are given),
 *        MUTLS_POLICY_INHIBIT_MAPPING (policy mappings not allowed),
 *        MUTLS_POLICY_INHIBIT_ANY (anyPolicy in a certificate matches nothing).
 *        Without MUTLS_POLICY_EXPLICIT the OIDs only matter where a CA's policyConstraints
 *        requires an explicit policy.
 * A chain refused for its policies fails with MUTLS_ERR_X509_NO_POLICY (alert
 * bad_certificate); mutls_error_detail says who required an explicit policy. Sessions
 * verified under other policies are not resumed.
 * A library built with -DMUTLS_X509_POLICY=OFF keeps no policy tree: it accepts only the
 * defaults here (n 0, flags 0) and refuses every path on which a policyConstraints requires
 * an explicit policy.
 * @return 0; MUTLS_ERR_BAD_ARGUMENT (a malformed OID, more than 16, an unknown flag: nothing
 *         is changed), MUTLS_ERR_STATE once a connection uses @p cfg, MUTLS_ERR_NOT_BUILT
 *         (policy processing left out of this build).
 */
MUTLS_API int mutls_config_set_policies(mutls_config *cfg, const char *const *oids, size_t n,
                                        unsigned flags);
/** @brief Why the last mutls_config_add_trust* / _add_crl* / _add_identity* call on @p cfg
 *  refused its input, as mutls_certs_load_detail ("certificate 2 of the input is refused: ...");
 *  "" when it succeeded or failed for another reason than a certificate or CRL (a key). */
MUTLS_API const char *mutls_config_load_detail(const mutls_config *cfg);

/** Server: whether and how to ask for a client certificate (default REQUIRED). */
MUTLS_API int mutls_config_set_client_auth(mutls_config *cfg, mutls_client_auth mode);
/** Server: send the trust anchors' names in CertificateRequest (default on). */
MUTLS_API int mutls_config_set_send_ca_names(mutls_config *cfg, int on);
/** Cipher suites in preference order, ':'-separated OpenSSL or IANA names, e.g.
 *  "ECDHE-ECDSA-AES128-GCM-SHA256:TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256". */
MUTLS_API int mutls_config_set_suites(mutls_config *cfg, const char *list);
/** ALPN protocols in preference order, comma-separated, e.g. "h2,http/1.1". */
MUTLS_API int mutls_config_set_alpn(mutls_config *cfg, const char *list);
/** Require the extended master secret (RFC 7627) from the peer (default on). */
MUTLS_API int mutls_config_set_require_ems(mutls_config *cfg, int on);
/** Let connections export keying material (mutls_export_keying_material; default off). It
 *  keeps each connection's master secret until mutls_free; without it the secret is wiped as
 *  soon as the handshake ends. */
MUTLS_API int mutls_config_set_exporter(mutls_config *cfg, int on);
/** Offer (client) or accept (server) encrypt-then-MAC for CBC suites (RFC 7366; default on).
 *  Off only to talk to a peer that mishandles it: MAC-then-encrypt is the weaker order. */
MUTLS_API int mutls_config_set_encrypt_then_mac(mutls_config *cfg, int on);
/**
 * Largest record plaintext this side accepts and sends, in bytes: 64..16384 [16384]. The
 * connection's record buffers are sized to it, and a peer's record over it fails the
 * connection with record_overflow. It is announced with record_size_limit (RFC 8449: a client
 * always offers it, a server answers a client that offered it) and, by a client below 16384,
 * also with max_fragment_length (RFC 6066), the largest of 512, 1024, 2048 and 4096 not above
 * it, for servers that know only that one. Our own records respect the peer's limit as well.
 * A peer that honours neither extension may still send larger records: the connection then
 * fails with MUTLS_ERR_RECORD_OVERFLOW, whose detail names the limit.
 * @return 0, MUTLS_ERR_BAD_ARGUMENT out of range, or MUTLS_ERR_STATE in use.
 */
MUTLS_API int mutls_config_set_record_limit(mutls_config *cfg, size_t max_plaintext);

/**
 * Limits on what a peer may make us hold. A peer that exceeds one gets a fatal alert
 * (decode_error, or bad_certificate for the certificate count) before anything sized by
 * what it sent is allocated. A field left 0 takes its default.
 */
typedef struct mutls_limits {
    /** Largest handshake message body accepted, in bytes [65536]; 1024..16777215. A buffer
     *  of this size is allocated with each connection. Over it: MUTLS_ERR_HANDSHAKE_TOO_LARGE. */
    size_t max_handshake;
    /** Certificates in the peer's Certificate message [64]; 1..64.
     *  Over it: MUTLS_ERR_X509_TOO_MANY_CERTIFICATES (alert bad_certificate). */
    size_t max_chain_certs;
    /** Total DER bytes of those certificates [65536, or max_handshake when smaller]; at most
     *  max_handshake. Over it: MUTLS_ERR_LIMIT (alert decode_error). */
    size_t max_chain_bytes;
    /** Kept for compatibility, no longer read [64]; 1..128 still range-checked. A hello may
     *  carry any number of extensions (tlsfuzzer sends thousands; RFC 5246 sets no limit):
     *  each costs constant work, a repeated known type is refused (illegal_parameter), and
     *  max_handshake bounds the whole message. */
    size_t max_extensions;
} mutls_limits;

/** @brief Fill @p limits with the defaults (the values in brackets above). */
MUTLS_API void mutls_limits_default(mutls_limits *limits);
/** @brief Set the limits (copied); 0 fields take their default.
 *  @return 0, MUTLS_ERR_BAD_ARGUMENT for a value out of range (nothing changed), or
 *  MUTLS_ERR_STATE once a connection uses @p cfg. */
MUTLS_API int mutls_config_set_limits(mutls_config *cfg, const mutls_limits *limits);
/**
 * @brief Server: keep sessions so that clients can resume them (RFC 5246 §7.3, abbreviated
 *        handshake by session ID). Off by default.
 *
 * @p max_entries sessions (above 4, rounded up to a multiple of 4) are kept in a table
 * allocated now (0 turns the cache off and frees it); a session goes into one of 4 places its
 * ID picks, replacing the least recently used of them. Each lives @p lifetime_seconds
 * (0: 7200; at most 86400, RFC 5246 appendix F.1.4), and never past the client certificate's
 * notAfter. Only a session whose full handshake completed, with the extended master secret
 * (RFC 7627), is cached; a fatal alert on a connection removes its session. A session is
 * resumed only when its suite is still enabled here, the client offers the extended master
 * secret and the same server name (SNI), under MUTLS_CLIENT_AUTH_REQUIRED the session had a
 * client certificate, and the trust anchors, CRLs and verification setting are those the
 * client's chain was verified under; otherwise a full handshake follows. A client asking to
 * resume a session without offering its suite is refused with illegal_parameter (RFC 5246
 * §7.4.1.2). The cache is safe to share between threads. Sessions are wiped when evicted
 * and in mutls_config_free. Needs the time callback.
 * @return 0, MUTLS_ERR_BAD_ARGUMENT (out of range, or a client configuration),
 *         MUTLS_ERR_NO_MEMORY, MUTLS_ERR_STATE once a connection uses @p cfg.
 */
MUTLS_API int mutls_config_set_session_cache(mutls_config *cfg, size_t max_entries,
                                             uint32_t lifetime_seconds);
/**
 * @brief Session tickets (RFC 5077). Server: off by default; on, the server issues a ticket
 *        (the session, master secret included, sealed with AES-256-GCM under a key only the
 *        server knows) to every client that asks, and resumes a session from a ticket under
 *        the same rules as a cached one (see mutls_config_set_session_cache), keeping nothing
 *        itself. A ticket lives @p lifetime_seconds from the full handshake that made the
 *        session (0: 7200; at most 86400), renewals included, and never past the client
 *        certificate's notAfter. A ticket that cannot be used (another key, altered, expired,
 *        unmet rules) means a full handshake. Turning tickets on makes a random ticket key
 *        now (with the entropy source set so far) unless mutls_config_set_ticket_key gave
 *        one; that random key is replaced every ticket lifetime, the previous one still
 *        opening tickets for one more lifetime (RFC 5077 §5.5). Whoever steals a key can
 *        decrypt the master secret of the tickets it sealed, and a ticket cannot be revoked
 *        before it expires. Needs the time callback. Client: on by default, offers the
 *        SessionTicket extension, keeps the server's ticket in the session
 *        (mutls_get_session) and offers it (mutls_set_session); off, offers neither
 *        (@p lifetime_seconds is ignored).
 * @return 0, MUTLS_ERR_BAD_ARGUMENT (lifetime over 86400), MUTLS_ERR_STATE once a connection
 *         uses @p cfg, or the entropy source's error.
 */
MUTLS_API int mutls_config_set_session_tickets(mutls_config *cfg, int on,
                                               uint32_t lifetime_seconds);
/**
 * @brief Server: the ticket key, so that several servers accept each other's tickets:
 *        48 bytes, a 16-byte key name then a 32-byte AES-256 key (copied, wiped in
 *        mutls_config_free). Make it with a strong random source and protect it as the
 *        servers' private keys. It replaces the random key made when tickets were turned on
 *        (and tickets made under that one then mean full handshakes). Called again, the key
 *        set before still opens tickets and the new one seals them (rotation: the old key,
 *        then the new one); the one before that is forgotten. mutls never rotates these.
 * @return 0, MUTLS_ERR_BAD_ARGUMENT (another length, a client configuration),
 *         MUTLS_ERR_STATE once a connection uses @p cfg.
 */
MUTLS_API int mutls_config_set_ticket_key(mutls_config *cfg, const uint8_t *key, size_t len);

/** Turn off ALL peer certificate verification. Only for debugging: anyone can impersonate the
 *  peer. The name is long on purpose. */
MUTLS_API int mutls_config_disable_peer_verification_INSECURE(mutls_config *cfg);

/** @brief Callbacks: entropy (NULL: the operating system's), time (NULL: the wall clock),
 *  handshake trace, NSS key log, verify hook and client identity selection. @p ctx is
 *  passed back unchanged; the callbacks run on the thread that drives the connection. */
MUTLS_API void mutls_config_set_entropy(mutls_config *cfg, mutls_entropy_fn fn, void *ctx);
MUTLS_API void mutls_config_set_time(mutls_config *cfg, mutls_time_fn fn, void *ctx);
MUTLS_API void mutls_config_set_trace(mutls_config *cfg, mutls_trace_fn fn, void *ctx);
MUTLS_API void mutls_config_set_keylog(mutls_config *cfg, mutls_keylog_fn fn, void *ctx);
MUTLS_API void mutls_config_set_verify_hook(mutls_config *cfg, mutls_verify_fn fn, void *ctx);
MUTLS_API void mutls_config_set_select_identity(mutls_config *cfg, mutls_select_fn fn, void *ctx);

/* ------------------------------------------------------ connection */

/** @brief Create a connection using @p cfg (which must outlive it and no longer change).
 *  @return 0, MUTLS_ERR_CONFIG (a server without identity, verification without trust
 *  anchors), MUTLS_ERR_BAD_ARGUMENT, MUTLS_ERR_NO_MEMORY, MUTLS_ERR_NO_ENTROPY. */
MUTLS_API int mutls_conn_new(mutls_conn **out, const mutls_config *cfg);
/** Release the connection (does not close the transport). NULL is a no-op. */
MUTLS_API void mutls_free(mutls_conn *conn);
/** Use a connected socket (blocking or non-blocking); mutls does not close it. */
MUTLS_API int mutls_set_fd(mutls_conn *conn, int fd);
/** @brief Use two callbacks as the transport (firmware, custom I/O); @p ctx is passed to
 *  both and is not owned. @return 0 or MUTLS_ERR_BAD_ARGUMENT. */
MUTLS_API int mutls_set_io(mutls_conn *conn, mutls_send_fn send, mutls_recv_fn recv, void *ctx);
/** Client: the server name to send (SNI) and to verify the certificate against (a DNS name or
 *  an IP literal, which is verified but not sent). Required unless verification is off. */
MUTLS_API int mutls_set_hostname(mutls_conn *conn, const char *name);

/* ------------------------------------------------------ I/O */

/** Run the handshake. 0 when complete; MUTLS_WANT_READ / MUTLS_WANT_WRITE on a non-blocking
 *  transport (call again when ready); a negative MUTLS_ERR_* (see mutls_error_detail). */
MUTLS_API int mutls_handshake(mutls_conn *conn);
/** Read application data (runs the handshake first if needed). Returns bytes read (> 0), 0 when
 *  the peer closed cleanly with close_notify, WANT_*, or a negative code (MUTLS_ERR_TRUNCATED
 *  when the transport ended without close_notify). A record larger than @p len is handed out
 *  over several calls: see mutls_pending before waiting on the socket. */
MUTLS_API int mutls_read(mutls_conn *conn, void *buf, size_t len);
/** The application bytes mutls_read can return without reading the transport: the rest of a
 *  record already received and opened (as OpenSSL's SSL_pending). An event loop that waits for
 *  the socket to become readable must first read these, since the socket will not signal them.
 *  0 for NULL. */
MUTLS_API size_t mutls_pending(const mutls_conn *conn);
/** Write application data. Returns @p len (all of it was taken), WANT_* (call again with the
 *  same data: nothing was lost or will be sent twice), or a negative code. */
MUTLS_API int mutls_write(mutls_conn *conn, const void *buf, size_t len);
/** Send close_notify (and flush it). 0, WANT_WRITE, or a negative code. */
MUTLS_API int mutls_close(mutls_conn *conn);

/* ------------------------------------------------------ inspection */

/** @brief After the handshake: the protocol version, the suite's IANA name, the ALPN
 *  protocol; whether the server asked for a client certificate and whether one was given.
 *  NULL or 0 before the handshake completed (or when absent). Strings are static or live in
 *  the connection until mutls_free. */
MUTLS_API const char *mutls_get_version(const mutls_conn *conn);  /* "TLSv1.2" or NULL */
MUTLS_API const char *mutls_get_suite(const mutls_conn *conn);    /* IANA name or NULL */
MUTLS_API const char *mutls_get_alpn(const mutls_conn *conn);     /* or NULL */
/**
 * @brief Keying material exporter (RFC 5705): @p out_len bytes of
 * PRF(master_secret, @p label, client_random + server_random [+ uint16 length + @p context]),
 * the same on both sides, for a protocol that binds to this TLS connection (EAP-TLS keys,
 * channel bindings). @p context NULL means no context, which differs from an empty one.
 * Needs mutls_config_set_exporter and a completed handshake (full or resumed; with the
 * extended master secret, RFC 7627 §5.4, the value is unique to this connection).
 * @return 0; MUTLS_ERR_STATE before the handshake completed or without the exporter turned
 *         on; MUTLS_ERR_BAD_ARGUMENT for an empty label or one TLS itself uses (RFC 5705 §4:
 *         "client finished", "server finished", "master secret", "extended master secret",
 *         "key expansion"), a context over 65535 bytes, or @p out_len 0.
 */
MUTLS_API int mutls_export_keying_material(const mutls_conn *conn, const char *label,
                                           const uint8_t *context, size_t context_len,
                                           uint8_t *out, size_t out_len);
/** Server: the host name the client asked for (SNI, RFC 6066), or NULL when it sent none.
 *  Any name is accepted; the application decides what to do with it. Client: the name set
 *  with mutls_set_hostname. Valid until mutls_free. */
MUTLS_API const char *mutls_get_server_name(const mutls_conn *conn);
/** Record plaintext limits in force: @p sending nonzero, what our records carry at most (our
 *  own limit, or the peer's from record_size_limit / max_fragment_length when smaller);
 *  zero, what we accept (mutls_config_set_record_limit, or the max_fragment_length agreed in
 *  the handshake when smaller: RFC 6066 §4 binds both directions). */
MUTLS_API size_t mutls_get_record_limit(const mutls_conn *conn, int sending);
MUTLS_API int mutls_client_cert_requested(const mutls_conn *conn); /* 1/0 */
MUTLS_API int mutls_client_cert_given(const mutls_conn *conn);     /* 1/0 */
/** The peer's chain as received (0 = its leaf). Pointers valid until mutls_free. */
MUTLS_API size_t mutls_peer_cert_count(const mutls_conn *conn);
MUTLS_API int mutls_peer_cert_der(const mutls_conn *conn, size_t i, const uint8_t **der,
                                  size_t *len);
/** The peer leaf's subject and issuer in RFC 4514 form ("CN=client,O=Example"), its validity
 *  (unix seconds), and its subjectAltName entries as "DNS:name", "IP:addr", "URI:..",
 *  "email:..". Strings live in the connection until mutls_free. */
MUTLS_API const char *mutls_peer_subject(const mutls_conn *conn);
MUTLS_API const char *mutls_peer_issuer(const mutls_conn *conn);
MUTLS_API int mutls_peer_validity(const mutls_conn *conn, int64_t *not_before, int64_t *not_after);
MUTLS_API size_t mutls_peer_san_count(const mutls_conn *conn);
MUTLS_API const char *mutls_peer_san(const mutls_conn *conn, size_t i);
/** During the select callback: the CertificateRequest's CA names (RFC 4514 strings). */
MUTLS_API size_t mutls_cert_request_ca_count(const mutls_conn *conn);
MUTLS_API const char *mutls_cert_request_ca(const mutls_conn *conn, size_t i);

/* ------------------------------------------------------ session resumption */

/** A TLS session a client can offer again (RFC 5246 §7.4.1.2): it holds the master secret,
 *  the suite, the server name and the server's chain. Treat it as a secret. A library built
 *  with -DMUTLS_RESUME=OFF has no resumption: mutls_config_set_session_cache,
 *  mutls_config_set_session_tickets (to turn them on), mutls_config_set_ticket_key,
 *  mutls_set_session, mutls_session_save and mutls_session_load return MUTLS_ERR_NOT_BUILT,
 *  and mutls_get_session MUTLS_ERR_NO_SESSION. */
typedef struct mutls_session mutls_session;

/**
 * @brief Client: a copy of the session of a completed handshake, to offer on a later
 *        connection with mutls_set_session.
 * @return 0 (*out to be released with mutls_session_free), MUTLS_ERR_NO_SESSION when there
 *         is none (the handshake is not complete, the server gave neither a session ID nor
 *         a ticket, the extended master secret was not used, or the connection ended with a
 *         fatal alert),
 *         MUTLS_ERR_BAD_ARGUMENT, MUTLS_ERR_NO_MEMORY.
 */
MUTLS_API int mutls_get_session(const mutls_conn *conn, mutls_session **out);
/**
 * @brief Client: offer @p s (copied) on @p conn, before its handshake. The session is offered
 *        only to the server name it was made for: when the connection's host name differs
 *        (ASCII case aside), when its suite is no longer enabled, when the server's certificate
 *        has expired, when the session was made more than 24 hours ago (RFC 5246 appendix
 *        F.1.4), when the configuration's trust anchors, CRLs or verification setting
 *        are not those the session was verified under, when the configuration no longer
 *        holds the client certificate the session was made with (or holds one now where it
 *        had none to send when asked), or when its record limit asks for another
 *        max_fragment_length than then (RFC 6066 §4), the ClientHello offers nothing and a
 *        full handshake follows. A ticket past the lifetime its server gave is not offered.
 *        If the server resumes, mutls_session_reused returns 1 and the inspection functions
 *        answer with the session's server chain; otherwise it is a full handshake.
 * @return 0, MUTLS_ERR_BAD_ARGUMENT (a server connection, or NULL), MUTLS_ERR_STATE (the
 *         handshake has started), MUTLS_ERR_NO_MEMORY.
 */
MUTLS_API int mutls_set_session(mutls_conn *conn, const mutls_session *s);
/** @brief Wipe and release a session. NULL is a no-op. */
MUTLS_API void mutls_session_free(mutls_session *s);
/** @brief 1 when the completed handshake resumed a session (abbreviated handshake), else 0. */
MUTLS_API int mutls_session_reused(const mutls_conn *conn);
/**
 * @brief Serialise @p s (to keep it in flash or a file): a version byte (3 since sessions
 *        record our certificate and max_fragment_length; versions 1 and 2 still load), then
 *        its fields, the ticket included.
 *        The bytes hold the master secret: protect them as a key.
 * @param buf receives the bytes; with NULL, only *len is set.
 * @param len in: the size of @p buf; out: the length needed or written.
 * @return 0, MUTLS_ERR_BUFFER_TOO_SMALL (*len set to the length needed), MUTLS_ERR_BAD_ARGUMENT.
 */
MUTLS_API int mutls_session_save(const mutls_session *s, uint8_t *buf, size_t *len);
/** @brief Read a session written by mutls_session_save.
 *  @return 0, MUTLS_ERR_SESSION_MALFORMED (wrong version, bad length, bad field),
 *  MUTLS_ERR_BAD_ARGUMENT, MUTLS_ERR_NO_MEMORY. */
MUTLS_API int mutls_session_load(mutls_session **out, const uint8_t *buf, size_t len);

/** One sentence on the connection's failure naming the side, the message and the reason, e.g.
 *  "server rejected our client certificate: alert unknown_ca(48) after our Certificate".
 *  "" when there was none. Valid until mutls_free. */
MUTLS_API const char *mutls_error_detail(const mutls_conn *conn);
/** The alert we received from the peer, or the one we sent; -1 when none. */
MUTLS_API int mutls_alert_received(const mutls_conn *conn);
MUTLS_API int mutls_alert_sent(const mutls_conn *conn);

/* ------------------------------------------- certificate verification */

/**
 * A set of X.509 certificates (a peer chain, intermediates, or trust anchors). It owns a copy
 * of each certificate's DER, parsed once when added. Not thread-safe while being modified;
 * read-only use (mutls_verify_certs) may be shared.
 */
typedef struct mutls_certs mutls_certs;

/** What a verified certificate must be good for (its extendedKeyUsage, keyUsage). */
typedef enum mutls_purpose {
    MUTLS_PURPOSE_SERVER = 0, /* TLS server authentication */
    MUTLS_PURPOSE_CLIENT = 1  /* TLS client authentication */
} mutls_purpose;

/** Pass as @c unix_time to mutls_verify_certs to use the current wall-clock time. */
#define MUTLS_TIME_NOW (-INT64_MAX - 1)

/**
 * @brief Create an empty certificate set.
 * @param out receives the set; release it with mutls_certs_free.
 * @return 0, MUTLS_ERR_BAD_ARGUMENT or MUTLS_ERR_NO_MEMORY.
 */
MUTLS_API int mutls_certs_new(mutls_certs **out);

/**
 * @brief Add certificates from memory: PEM text (every "CERTIFICATE" block, in order; blocks
 *        with other labels are skipped) or one DER certificate.
 * @param set the set; @p data is copied, the caller keeps ownership of it.
 * @return 0; MUTLS_ERR_X509_MALFORMED for a certificate that does not parse,
 *         MUTLS_ERR_PEM_MALFORMED, MUTLS_ERR_PEM_NOT_FOUND (PEM without a certificate),
 *         MUTLS_ERR_X509_TOO_MANY_CERTIFICATES, MUTLS_ERR_NO_MEMORY. On error the set is
 *         left as it was before the call.
 */
MUTLS_API int mutls_certs_add(mutls_certs *set, const uint8_t *data, size_t len);

/**
 * @brief Add the certificates of a PEM or DER file (as mutls_certs_add).
 * @return as mutls_certs_add, plus MUTLS_ERR_FILE when the file cannot be read.
 */
MUTLS_API int mutls_certs_add_file(mutls_certs *set, const char *path);

/** @brief The number of certificates in @p set (0 for NULL). */
MUTLS_API size_t mutls_certs_count(const mutls_certs *set);

/**
 * @brief The subject of certificate @p i in RFC 4514 form, e.g. "CN=client,O=Example".
 * @return the length written (NUL-terminated, truncated to @p cap), MUTLS_ERR_BAD_ARGUMENT
 *         for an index out of range, or MUTLS_ERR_BUFFER_TOO_SMALL (truncated output).
 */
MUTLS_API int mutls_certs_subject(const mutls_certs *set, size_t i, char *buf, size_t cap);

/** @brief Release a set and every certificate in it. NULL is a no-op. */
MUTLS_API void mutls_certs_free(mutls_certs *set);

/** Policy input flags (mutls_config_set_policies, mutls_certs_set_policies). */
enum {
    MUTLS_POLICY_EXPLICIT = 1u,         /* initial-explicit-policy */
    MUTLS_POLICY_INHIBIT_MAPPING = 2u,  /* initial-policy-mapping-inhibit */
    MUTLS_POLICY_INHIBIT_ANY = 4u       /* initial-any-policy-inhibit */
};

/** Which certificates of a chain revocation checking covers once a set of anchors holds CRLs. */
enum {
    MUTLS_CRL_CHECK_ALL = 0, /* every certificate below the trust anchor (the default) */
    MUTLS_CRL_CHECK_LEAF = 1 /* the peer's own certificate only */
};

/**
 * @brief Add certificate revocation lists to a set of trust anchors: PEM text (every
 *        "X509 CRL" block, in order; other blocks are skipped) or one DER CRL.
 *
 * Complete CRLs issued and signed by a certificate's own issuer are supported (RFC 5280
 * §5). A delta or indirect CRL, one partitioned by reason, one signed with SHA-1 or MD5, or
 * one with another critical extension mutls does not know, is refused here rather than half
 * applied. Each CRL is parsed once, here; its signature and dates are checked each time a
 * chain is verified against @p set (mutls_verify_certs, or a handshake).
 *
 * @param set the set (the trust anchors the CRLs apply to); @p data is copied.
 * @return 0; MUTLS_ERR_X509_CRL_MALFORMED, MUTLS_ERR_X509_CRL_UNSUPPORTED,
 *         MUTLS_ERR_PEM_MALFORMED, MUTLS_ERR_PEM_NOT_FOUND (PEM without a CRL),
 *         MUTLS_ERR_X509_TOO_MANY_CERTIFICATES (more than 1024 CRLs in one set),
 *         MUTLS_ERR_BAD_ARGUMENT, MUTLS_ERR_NO_MEMORY. On error the set is left as it was
 *         before the call.
 */
MUTLS_API int mutls_certs_add_crl(mutls_certs *set, const uint8_t *data, size_t len);
/** @brief Add the CRLs of a PEM or DER file, as mutls_certs_add_crl.
 *  @return as mutls_certs_add_crl, plus MUTLS_ERR_FILE when the file cannot be read and
 *  MUTLS_ERR_LIMIT for a file over 1 MiB. */
MUTLS_API int mutls_certs_add_crl_file(mutls_certs *set, const char *path);
/** @brief The number of CRLs in @p set (0 for NULL). */
MUTLS_API size_t mutls_certs_crl_count(const mutls_certs *set);
/**
 * @brief Why the last mutls_certs_add* call on @p set refused its input, in words: which item
 * of the input (PEM blocks counted from 1) and the rule it breaks, e.g. "CRL 2 of the input is
 * refused: its cRLNumber extension is marked critical, which RFC 5280 §5.2.3 forbids".
 * @return a string owned by @p set: "" after a call that succeeded (or failed before reading,
 *         e.g. a file that could not be read), and for NULL.
 */
MUTLS_API const char *mutls_certs_load_detail(const mutls_certs *set);
/** @brief Which certificates need a CRL when @p set is used as trust anchors and holds at
 *  least one: MUTLS_CRL_CHECK_ALL (the default: every certificate of the path below the
 *  anchor, each from its own issuer) or MUTLS_CRL_CHECK_LEAF (the peer's own certificate).
 *  @return 0, or MUTLS_ERR_BAD_ARGUMENT for NULL or another mode. */
MUTLS_API int mutls_certs_set_crl_check(mutls_certs *set, int mode);
/** @brief The certificate policies a chain verified against @p set must carry, as
 *  mutls_config_set_policies (which sets them on the configuration's trust anchors).
 *  @return 0, or MUTLS_ERR_BAD_ARGUMENT with @p set unchanged, or MUTLS_ERR_NOT_BUILT. */
MUTLS_API int mutls_certs_set_policies(mutls_certs *set, const char *const *oids, size_t n,
                                       unsigned flags);

/**
 * @brief Verify a certificate chain against trust anchors, as a TLS peer would.
 *
 * The path is built from the leaf (the first certificate of @p chain) through the other
 * certificates of @p chain, in any order (extra ones are ignored), to one of @p anchors, at
 * most 8 levels deep; alternatives are tried when a candidate fails. Every signature, every
 * validity period, CA constraints, path lengths, name constraints, the leaf's purpose and
 * key usage, and (when @p name is given) the leaf's name (RFC 6125) are checked. When
 * @p anchors holds CRLs (mutls_certs_add_crl), the accepted path is then checked for
 * revocation (RFC 5280 §6.3) as mutls_certs_set_crl_check says. Certificate policies are
 * processed (RFC 5280 §6.1) with the inputs of mutls_certs_set_policies (by default
 * anyPolicy, nothing required: only a CA's policyConstraints can then refuse a path).
 *
 * @param chain the peer's certificates, leaf first.
 * @param anchors the trust anchors, with their CRLs and revocation mode.
 * @param purpose MUTLS_PURPOSE_SERVER or MUTLS_PURPOSE_CLIENT.
 * @param host the expected DNS name (matched against dNSName SANs, or the CN when there is no
 *        SAN; a host that is an IP literal matches nothing), or NULL.
 * @param ip the expected IPv4 or IPv6 address literal (matched against iPAddress SANs only),
 *        or NULL. Give at most one of @p host and @p ip; with neither, no name is checked.
 * @param unix_time seconds since 1970 (UTC) to check validity at, or MUTLS_TIME_NOW.
 * @param depth receives the depth of the refused certificate (0 = leaf), or -1; may be NULL.
 * @param detail receives one sentence explaining a refusal (or "" on success); may be NULL.
 * @param detail_len size of @p detail.
 * @return 0 when the chain is valid, otherwise the first reason found: MUTLS_ERR_X509_*
 *         (mutls_strerror gives "expired", "unknown_issuer", ...; with CRLs also "revoked",
 *         "crl_missing", "crl_expired", "crl_bad_signature", at the depth of the certificate
 *         concerned; "no_acceptable_policy", "policy_too_complex"), MUTLS_ERR_BAD_ARGUMENT,
 *         MUTLS_ERR_NO_TIME or MUTLS_ERR_NO_MEMORY.
 */
MUTLS_API int mutls_verify_certs(const mutls_certs *chain, const mutls_certs *anchors,
                                 mutls_purpose purpose, const char *host, const char *ip,
                                 int64_t unix_time, int *depth, char *detail, size_t detail_len);

#ifdef __cplusplus
}
#endif
#endif /* MUTLS_H */
