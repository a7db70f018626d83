/* SPDX-License-Identifier: MIT */
/*
 * handshake.h - the TLS 1.2 full handshake of both roles (RFC 5246 §7.3-7.4) as one flow
 * table, the abbreviated (resumed) handshake as a second one, and the state they run on.
 * The tables and the driver live in handshake.c; the key schedule in hs_keys.c; the suite
 * and signature-scheme tables in hs_suites.c; extension codecs in hs_ext.c; session
 * resumption in hs_session.c (the sessions and the server's cache in session.c); one
 * write_* / parse_* per row and role in client.c and server.c.
 *
 * The configuration's body (struct mutls_config) is defined here because the handshake is
 * what reads it; config.c (the API layer) fills it. The handshake state (mutls_hs) is
 * embedded in struct mutls_conn (conn.c) together with the record layer.
 */
#ifndef MUTLS_HANDSHAKE_H
#define MUTLS_HANDSHAKE_H

#include <stddef.h>
#include <stdint.h>

#include "bytes.h"
#include "certs.h"
#include "crypto.h"
#include "error.h"
#include "record.h"
#include "x509.h"

/* The server's session cache (session.c, a layer above this one: only pointers here). */
struct mutls_session_cache;

/* ---------------------------------------------------------------- constants */

#define MUTLS_TLS12 0x0303

/* Handshake message types (RFC 5246 §7.4). */
enum {
    MUTLS_HS_HELLO_REQUEST = 0,
    MUTLS_HS_CLIENT_HELLO = 1,
    MUTLS_HS_SERVER_HELLO = 2,
    MUTLS_HS_NEW_SESSION_TICKET = 4, /* RFC 5077 §3.3 */
    MUTLS_HS_CERTIFICATE = 11,
    MUTLS_HS_SERVER_KEY_EXCHANGE = 12,
    MUTLS_HS_CERTIFICATE_REQUEST = 13,
    MUTLS_HS_SERVER_HELLO_DONE = 14,
    MUTLS_HS_CERTIFICATE_VERIFY = 15,
    MUTLS_HS_CLIENT_KEY_EXCHANGE = 16,
    MUTLS_HS_FINISHED = 20
};

/* Extension types (RFC 6066, 8422, 8446, 7301, 7366, 7627, 5746). */
enum {
    MUTLS_EXT_SERVER_NAME = 0,
    MUTLS_EXT_MAX_FRAGMENT_LENGTH = 1,
    MUTLS_EXT_SUPPORTED_GROUPS = 10,
    MUTLS_EXT_EC_POINT_FORMATS = 11,
    MUTLS_EXT_SIGNATURE_ALGORITHMS = 13,
    MUTLS_EXT_ALPN = 16,
    MUTLS_EXT_ENCRYPT_THEN_MAC = 22,
    MUTLS_EXT_EXTENDED_MASTER_SECRET = 23,
    MUTLS_EXT_RECORD_SIZE_LIMIT = 28,
    MUTLS_EXT_SESSION_TICKET = 35, /* RFC 5077 §3.2 */
    MUTLS_EXT_SUPPORTED_VERSIONS = 43,
    MUTLS_EXT_RENEGOTIATION_INFO = 0xff01
};

#define MUTLS_SCSV_RENEGOTIATION 0x00ff /* TLS_EMPTY_RENEGOTIATION_INFO_SCSV, RFC 5746 §3.3 */

enum { MUTLS_KX_RSA = 1, MUTLS_KX_ECDHE = 2 };

#define MUTLS_MAX_SUITES 16
#define MUTLS_MAX_IDENTITIES 8
#define MUTLS_MAX_CHAIN 8     /* certificates we send in one Certificate */
/* Hard bounds of the configurable peer limits (mutls_limits in mutls.h). */
#define MUTLS_LIMIT_MIN_HANDSHAKE 1024
#define MUTLS_LIMIT_MAX_CHAIN_CERTS 64 /* what chain verification takes at most */
#define MUTLS_LIMIT_MAX_EXTENSIONS 128 /* the size of the duplicate-detection array */
#define MUTLS_MAX_SIGALGS 32  /* peer schemes remembered */
#define MUTLS_CA_TEXT_MAX 256 /* one CertificateRequest CA name as RFC 4514 text */
#define MUTLS_MAX_SAN 16      /* peer SAN strings kept for inspection */
#define MUTLS_ALPN_MAX 256    /* wire form of our ALPN list */
#define MUTLS_HOST_MAX 256
/* Bound on a hello body (handshake.c sizes each message we send; the writer's overflow check
 * turns a wrong bound into an error): fixed fields, up to 32 suites, ALPN and host name at
 * their maxima, every extension we know, with room to spare. */
#define MUTLS_HELLO_MAX 2048
#define MUTLS_POINT_MAX 97 /* uncompressed P-384 point */
/* ServerKeyExchange's signed content: both randoms and the ServerECDHParams. */
#define MUTLS_SKE_SIGNED_MAX (64 + 4 + MUTLS_POINT_MAX)

/* ---------------------------------------------------------------- suites, schemes */

typedef struct mutls_suite {
    uint16_t id;
    const char *iana;
    const char *openssl;
    int kx;              /* MUTLS_KX_* */
    mutls_key_type auth; /* the server certificate's key type */
    mutls_cipher cipher;
    size_t key_len;     /* encryption key */
    size_t iv_len;      /* implicit IV: 4 (GCM), 12 (ChaCha20), 0 (CBC) */
    mutls_hash_alg mac; /* CBC HMAC; NONE for AEAD */
    mutls_hash_alg prf;
} mutls_suite;

/* NULL when unknown, or not compiled in. */
const mutls_suite *mutls_hs_suite_by_id(uint16_t id);
/* An OpenSSL or IANA name of @p len bytes (not NUL-terminated). */
const mutls_suite *mutls_hs_suite_by_name(const char *name, size_t len);
/* Our default preference order: forward-secret suites first, static RSA last. */
size_t mutls_hs_default_suites(uint16_t *ids, size_t cap);
/* Whether a hello's cipher_suites body @p list (uint16 values) names @p id. */
int mutls_hs_suite_listed(mutls_slice list, uint16_t id);

typedef struct mutls_sigscheme {
    uint16_t id;
    const char *name;
    mutls_key_type key;
    mutls_sig_kind kind;
    mutls_hash_alg hash;
} mutls_sigscheme;

const mutls_sigscheme *mutls_hs_scheme_by_id(uint16_t id);
/* Our schemes in preference order (what we send in signature_algorithms and CR). */
size_t mutls_hs_scheme_count(void);
const mutls_sigscheme *mutls_hs_scheme_at(size_t i);

/* ---------------------------------------------------------------- configuration */

typedef int64_t (*mutls_hs_time_fn)(void *ctx);

typedef struct mutls_identity {
    mutls_certs *chain;   /* leaf first; owned */
    mutls_pkey *pub;      /* the leaf's public key */
    mutls_pkey *key;      /* private key, or NULL with @sign */
    mutls_sign_fn sign;   /* external signer */
    void *sign_ctx;
} mutls_identity;

struct mutls_config {
    mutls_role role;
    mutls_identity *ids[MUTLS_MAX_IDENTITIES];
    size_t n_ids;
    mutls_certs *anchors; /* owned */
    /* Why the last mutls_config_add_identity* refused its certificate chain (mutls_certs'
     * load sentence), and whether that call, not a trust-store change, came last. */
    char id_detail[200];
    int detail_is_id;
    mutls_client_auth client_auth;
    int send_ca_names;
    uint16_t suites[MUTLS_MAX_SUITES];
    size_t n_suites;
    uint8_t alpn[MUTLS_ALPN_MAX]; /* ProtocolNameList body (RFC 7301 §3.1) */
    size_t alpn_len;
    int require_ems;
    int exporter; /* keep the master secret for mutls_export_keying_material */
    int verify_off;
    int no_etm;           /* RFC 7366 neither offered nor accepted */
    size_t record_limit;  /* largest record plaintext we accept (RFC 8449, RFC 6066) */
    mutls_limits limits;  /* every field set (config.c fills the defaults) */
    mutls_entropy_fn entropy;
    void *entropy_ctx;
    mutls_hs_time_fn time_fn; /* never NULL: config.c installs the wall clock */
    void *time_ctx;
    mutls_trace_fn trace;
    void *trace_ctx;
    mutls_keylog_fn keylog;
    void *keylog_ctx;
    mutls_verify_fn verify_hook;
    void *verify_ctx;
    mutls_select_fn select;
    void *select_ctx;
    struct mutls_session_cache *sessions; /* server: resumable sessions, or NULL (off) */
    /* RFC 5077 session tickets (hs_ticket.c). Server: issued and accepted when on, sealed
     * with AES-256-GCM under the current key of ticket_keys (a previous one still opens),
     * valid ticket_lifetime seconds. Client: the SessionTicket extension is offered when on
     * (the default). The keys are wiped with the configuration. */
    int tickets;
    uint32_t ticket_lifetime;
    struct mutls_ticket_keys *ticket_keys; /* server: NULL until a key is made or set */
    /* SHA-256 over the trust anchors, their CRLs, the CRL mode and verify_off (config.c):
     * a session resumes only under the trust it was verified with (hs_session.c) */
    uint8_t trust_id[32];
    /* Connections using this configuration (STYLE.md §6): while any exist, the setters
     * refuse with MUTLS_ERR_STATE, so a shared configuration stays read-only. */
    _Atomic long live;
};

/* ---------------------------------------------------------------- failure record */

enum { MUTLS_SIDE_US = 0, MUTLS_SIDE_PEER = 1 };

typedef struct mutls_fail {
    int code;           /* 0 while healthy */
    int side;           /* who detected it: MUTLS_SIDE_* */
    const char *msg;    /* message being handled, or NULL */
    int msg_sent;       /* 1 when msg was ours */
    int alert_sent;     /* -1 none */
    int alert_received; /* -1 none */
    int unexpected;     /* what arrived instead: handshake type, or 0x100 | content type */
    const char *why;    /* a precise cause from a handler, or NULL for the code's text */
    char reason[384];   /* certificate explanation or other precise reason, or "" */
} mutls_fail;

/* ---------------------------------------------------------------- handshake state */

typedef struct mutls_hs_row mutls_hs_row;

typedef struct mutls_hs {
    const struct mutls_config *cfg;
    const struct mutls_conn *conn; /* passed to application callbacks */
    int server;                    /* 1: we are the server */
    mutls_record rec;
    mutls_rng *rng;
    mutls_fail fail;
    int done; /* 1 once both Finished messages were exchanged */
    int wrapped_up; /* 1 once the completed handshake's session was kept */

    /* driver position */
    size_t row;      /* index of the next row in the table */
    int seq;         /* messages traced so far */
    const char *last_sent; /* name of the last message we sent */
    const char *waiting;   /* name of the message we wait for */
    int unexpected;        /* see mutls_fail.unexpected */
    const char *why;       /* see mutls_fail.why: handlers may name the cause here */
    /* our flight, one message at a time: built into a buffer sized by the message's bound,
     * committed to the record layer resumably, then wiped and freed */
    uint8_t *flight;
    size_t flight_cap;
    size_t flight_len;
    size_t flight_sent; /* bytes committed to the record layer */
    int flight_ccs;     /* the message is our ChangeCipherSpec */
    int flight_active;

    /* transcript: every hash a PRF or a signature might need, until the suite is known */
    mutls_hash th256, th384, th512;

    /* negotiated */
    uint16_t client_version; /* ClientHello.client_version (RFC 5246 §7.4.7.1) */
    uint8_t client_random[32];
    uint8_t server_random[32];
    const mutls_suite *suite;
    mutls_curve group;
    int ems, etm, secure_reneg;
    int peer_offered_ems, peer_offered_etm, peer_offered_reneg, peer_offered_tls13;
    int peer_sent_versions, peer_offered_tls12; /* supported_versions, and 1.2 listed in it */
    uint16_t peer_groups_ok; /* bit 0: P-256, bit 1: P-384 offered */
    int peer_sent_groups, peer_point_formats_ok;
    char alpn[MUTLS_ALPN_MAX];
    uint8_t peer_alpn[MUTLS_ALPN_MAX]; /* the client's list (server side) */
    size_t peer_alpn_len;
    int peer_alpn_sent;
    char host[MUTLS_HOST_MAX]; /* client: the name to verify; server: SNI received */
    int host_is_ip;
    int sni_used; /* server: the SNI chose our certificate, so ServerHello says so */

    /* flags fixed after ServerHello / CertificateRequest / client Certificate (the
     * table's present() reads only these) */
    int f_ecdhe;          /* ServerKeyExchange present */
    int f_cert_requested; /* CertificateRequest present, client Certificate present */
    int f_client_cert;    /* client Certificate non-empty: CertificateVerify present */

    /* peer signature schemes (ClientHello signature_algorithms, or CertificateRequest) */
    uint16_t peer_schemes[MUTLS_MAX_SIGALGS];
    size_t n_peer_schemes;
    int peer_sent_schemes;
    uint8_t cr_types_rsa, cr_types_ecdsa; /* CertificateRequest certificate_types */

    /* CertificateRequest CA names (client side): one allocation holding a buffer of
     * MUTLS_CA_TEXT_MAX bytes where mutls_hs_ca_text renders one name, then a copy of the
     * DistinguishedName list; freed when the handshake is done */
    uint8_t *ca_buf;
    size_t ca_alloc_len;
    mutls_slice ca_list; /* the list's contents, inside ca_buf */
    size_t n_ca;

    /* our identity for this connection */
    const mutls_identity *id;
    uint16_t our_scheme;  /* for ServerKeyExchange / CertificateVerify */

    /* peer certificates: one owned copy of the Certificate body, parsed in place into
     * peer[0 .. n_peer), an array of peer_cap entries sized by the counted (and limited)
     * certificates */
    uint8_t *peer_msg;
    size_t peer_msg_len;
    mutls_x509 *peer;
    size_t peer_cap;
    size_t n_peer;
    mutls_pkey *peer_key;
    char *peer_subject; /* RFC 4514 text, allocated to its length */
    char *peer_issuer;
    char *peer_san[MUTLS_MAX_SAN];
    size_t n_peer_san;
    int verified_peer; /* the inspection functions work inside the verify hook */

    /* key exchange (wiped when spent) */
    mutls_pkey *eph;                   /* our ECDHE key */
    uint8_t our_point[MUTLS_POINT_MAX];
    size_t our_point_len;
    uint8_t peer_point[MUTLS_POINT_MAX];
    size_t peer_point_len;
    uint8_t premaster[48];
    size_t premaster_len;
    uint8_t master[48];
    uint8_t export_master[48]; /* with cfg->exporter: the master secret, kept after the
                                * handshake for RFC 5705 until the connection goes */
    int export_ready;
    mutls_rec_keys keys_c2s;
    mutls_rec_keys keys_s2c;
    int keys_ready;

    int renegotiations_refused;

    /* session resumption (hs_session.c, session.c): the table being walked (the full one,
     * or the abbreviated one once ServerHello says so), this connection's session ID, and
     * the session: client, the one offered and then the one this handshake made or resumed;
     * server, the cache entry being resumed */
    const mutls_hs_row *table;
    size_t n_rows;
    int resumed;
    int offered;  /* client: the ClientHello carried hs->sess's ID */
    int sess_dead; /* a fatal alert: the session is not to be resumed (RFC 5246 §7.2.2) */
    uint8_t session_id[32]; /* SessionID<0..32> (RFC 5246 §7.4.1.2) */
    size_t session_id_len;
    mutls_session *sess;
    /* session tickets (hs_ticket.c, RFC 5077) */
    uint8_t offer_id[32]; /* client: the session ID our ClientHello carried */
    size_t offer_id_len;
    int ticket_ext_sent;  /* client: our ClientHello had the SessionTicket extension */
    int ticket_offered;   /* client: ... holding hs->sess's ticket */
    int ticket_promised;  /* the ServerHello had it: NewSessionTicket follows (§3.2) */
    int peer_offered_ticket; /* server: the ClientHello had it */
    mutls_slice peer_ticket; /* server: its ticket, valid while ClientHello is parsed */
    uint8_t *new_ticket;  /* client: the NewSessionTicket's ticket (owned), or NULL */
    size_t new_ticket_len;
    uint32_t new_ticket_lifetime;
    int new_ticket_got;

    /* record sizes (RFC 6066 §4, RFC 8449): what we offered (client), what the peer asked
     * for (server), and the limit our records now respect (0 until one was agreed) */
    uint8_t mfl_code;       /* max_fragment_length code 1..4 offered or received, and once
                               the ClientHello (server) or ServerHello (client) is parsed,
                               the code agreed; 0 none */
    int rsl_offered;        /* client: record_size_limit sent */
    int etm_offered;        /* client: encrypt_then_mac sent */
    size_t peer_rsl;        /* server: the client's record_size_limit; 0 none */
    size_t send_limit;      /* 0: 2^14 */
} mutls_hs;

/* ---------------------------------------------------------------- the table */

typedef int (*mutls_hs_fn)(mutls_hs *hs, mutls_rd *in, mutls_wr *out);

struct mutls_hs_row {
    int num;            /* 1..12; 0 for ServerKeyExchange */
    int from_server;    /* 1: the server sends it */
    uint8_t content;    /* MUTLS_CT_HANDSHAKE or MUTLS_CT_CHANGE_CIPHER_SPEC */
    uint8_t hs_type;    /* MUTLS_HS_* (0 for CCS) */
    const char *name;
    int (*present)(const mutls_hs *hs);
    mutls_hs_fn fn[2]; /* [0] client, [1] server: the sender writes, the receiver parses */
};

/* The full table (handshake.c), for tests: n rows. */
const mutls_hs_row *mutls_hs_table(size_t *n);
/* The abbreviated (resumed) table: n rows. */
const mutls_hs_row *mutls_hs_table_abbreviated(size_t *n);

/*
 * Set up @p hs for @p cfg (which must stay alive); allocates the record buffers, the RNG
 * and the flight buffer. @p conn is handed to callbacks.
 */
MUTLS_MUST_CHECK int mutls_hs_init(mutls_hs *hs, const struct mutls_config *cfg,
                                   const struct mutls_conn *conn);
/* Wipe and release everything. Idempotent. */
void mutls_hs_clear(mutls_hs *hs);

/* Run the handshake as far as the transport allows: 0 when done, WANT_*, or the failure. */
MUTLS_MUST_CHECK int mutls_hs_run(mutls_hs *hs);

/*
 * Record the first failure (later ones are ignored) and send the alert the code maps to,
 * unless the failure is the peer's alert or a transport error. Returns the recorded code.
 */
int mutls_hs_fail(mutls_hs *hs, int code);

/* A handshake message after the handshake (renegotiation attempt): refused per policy. */
MUTLS_MUST_CHECK int mutls_hs_post_message(mutls_hs *hs, mutls_slice msg);

/* ---------------------------------------------------------------- client.c / server.c */

MUTLS_MUST_CHECK int mutls_hs_write_client_hello(mutls_hs *hs, mutls_rd *in, mutls_wr *out);
MUTLS_MUST_CHECK int mutls_hs_parse_server_hello(mutls_hs *hs, mutls_rd *in, mutls_wr *out);
MUTLS_MUST_CHECK int mutls_hs_parse_server_certificate(mutls_hs *hs, mutls_rd *in, mutls_wr *out);
MUTLS_MUST_CHECK int mutls_hs_parse_server_key_exchange(mutls_hs *hs, mutls_rd *in, mutls_wr *out);
MUTLS_MUST_CHECK int mutls_hs_parse_certificate_request(mutls_hs *hs, mutls_rd *in, mutls_wr *out);
MUTLS_MUST_CHECK int mutls_hs_parse_server_hello_done(mutls_hs *hs, mutls_rd *in, mutls_wr *out);
MUTLS_MUST_CHECK int mutls_hs_write_client_certificate(mutls_hs *hs, mutls_rd *in, mutls_wr *out);
MUTLS_MUST_CHECK int mutls_hs_write_client_key_exchange(mutls_hs *hs, mutls_rd *in, mutls_wr *out);
MUTLS_MUST_CHECK int mutls_hs_write_certificate_verify(mutls_hs *hs, mutls_rd *in, mutls_wr *out);

MUTLS_MUST_CHECK int mutls_hs_parse_client_hello(mutls_hs *hs, mutls_rd *in, mutls_wr *out);
MUTLS_MUST_CHECK int mutls_hs_write_server_hello(mutls_hs *hs, mutls_rd *in, mutls_wr *out);
MUTLS_MUST_CHECK int mutls_hs_write_server_certificate(mutls_hs *hs, mutls_rd *in, mutls_wr *out);
MUTLS_MUST_CHECK int mutls_hs_write_server_key_exchange(mutls_hs *hs, mutls_rd *in, mutls_wr *out);
MUTLS_MUST_CHECK int mutls_hs_write_certificate_request(mutls_hs *hs, mutls_rd *in, mutls_wr *out);
MUTLS_MUST_CHECK int mutls_hs_write_server_hello_done(mutls_hs *hs, mutls_rd *in, mutls_wr *out);
MUTLS_MUST_CHECK int mutls_hs_parse_client_certificate(mutls_hs *hs, mutls_rd *in, mutls_wr *out);
MUTLS_MUST_CHECK int mutls_hs_parse_client_key_exchange(mutls_hs *hs, mutls_rd *in, mutls_wr *out);
MUTLS_MUST_CHECK int mutls_hs_parse_certificate_verify(mutls_hs *hs, mutls_rd *in, mutls_wr *out);

/* Finished, both roles (handshake.c): written and checked the same way. */
MUTLS_MUST_CHECK int mutls_hs_write_finished(mutls_hs *hs, mutls_rd *in, mutls_wr *out);
MUTLS_MUST_CHECK int mutls_hs_parse_finished(mutls_hs *hs, mutls_rd *in, mutls_wr *out);

/* Shared helpers of client.c and server.c (handshake.c). */
/* Write a Certificate body with @p id's chain (NULL: the empty list). */
void mutls_hs_put_certificate(mutls_wr *w, const mutls_identity *id);
/* Take and parse a Certificate body; verify the chain (purpose from our role). */
MUTLS_MUST_CHECK int mutls_hs_take_certificate(mutls_hs *hs, mutls_rd *in);
/* Sign @p data with our identity and scheme; writes SignatureAndHashAlgorithm + vec16. */
/* ServerKeyExchange's signed content over hs->group and @p point into @p out; returns its
 * length (the ServerECDHParams are at out + 64), 0 when @p point does not fit. */
size_t mutls_hs_ske_signed(const mutls_hs *hs, const uint8_t *point, size_t point_len,
                           uint8_t out[MUTLS_SKE_SIGNED_MAX]);
MUTLS_MUST_CHECK int mutls_hs_put_signature(mutls_hs *hs, mutls_wr *w, const uint8_t *data,
                                            size_t len, int transcript);
/* Check a digitally-signed struct from the peer over @p data (or the transcript). */
MUTLS_MUST_CHECK int mutls_hs_check_signature(mutls_hs *hs, mutls_rd *in, const uint8_t *data,
                                              size_t len, int transcript);
/* Write our signature_algorithms list, every scheme we have, as a vec16. */
void mutls_hs_put_schemes(mutls_wr *w);
/* Read the peer's signature_algorithms list (a ClientHello extension or a
 * CertificateRequest field) from @p r into hs->peer_schemes. */
MUTLS_MUST_CHECK int mutls_hs_parse_schemes(mutls_hs *hs, mutls_rd *r);
/* Pick our scheme for @p id from the peer's list (0 when none fits). */
uint16_t mutls_hs_pick_scheme(const mutls_hs *hs, const mutls_identity *id);
/* Client: the @p i-th CA name of the CertificateRequest (DER), or an empty slice. */
mutls_slice mutls_hs_ca_name(const mutls_hs *hs, size_t i);
/* Client: the same rendered as RFC 4514 text into hs->ca_buf (valid until the next call),
 * or NULL. */
const char *mutls_hs_ca_text(const mutls_hs *hs, size_t i);
/* Restore the peer's chain and the facts kept about it from a session's copy of its
 * Certificate body (no verification: the session's full handshake did it). */
MUTLS_MUST_CHECK int mutls_hs_restore_peer(mutls_hs *hs, const uint8_t *chain, size_t len);
/* Whether a stored certificate_list (@p len bytes, 0 for none) is within this connection's
 * limits now, so that mutls_hs_restore_peer would take it. */
int mutls_hs_chain_fits(mutls_hs *hs, const uint8_t *chain, size_t len);
/* Free the peer's chain and everything kept about it (mutls_hs_clear, or a resumption that
 * could not restore it). */
void mutls_hs_forget_peer(mutls_hs *hs);
/* Release what only the handshake needed (the CA names). */
void mutls_hs_release(mutls_hs *hs);

/* ---------------------------------------------------------------- hs_keys.c */

MUTLS_MUST_CHECK int mutls_hs_transcript_init(mutls_hs *hs);
MUTLS_MUST_CHECK int mutls_hs_transcript_add(mutls_hs *hs, const uint8_t *msg, size_t len);
/* Current transcript hash with @p alg (SHA-256/384/512); *len set to the digest length. */
MUTLS_MUST_CHECK int mutls_hs_transcript_hash(const mutls_hs *hs, mutls_hash_alg alg,
                                              uint8_t *out, size_t *len);
/* Master secret (RFC 7627 §4 when EMS was negotiated), key block, keylog; wipes the
 * premaster. Called once the transcript holds ClientKeyExchange. */
MUTLS_MUST_CHECK int mutls_hs_derive_keys(mutls_hs *hs);
/* A resumed session: the key block from the session's master secret and the new randoms. */
MUTLS_MUST_CHECK int mutls_hs_resume_keys(mutls_hs *hs);
/* ECDHE: the premaster from our ephemeral key (spent and freed here) and the peer's point. */
MUTLS_MUST_CHECK int mutls_hs_ecdh_premaster(mutls_hs *hs, mutls_slice peer_point);
/* verify_data (RFC 5246 §7.4.9) of @p from_server over the current transcript. */
MUTLS_MUST_CHECK int mutls_hs_finished_data(const mutls_hs *hs, int from_server,
                                            uint8_t out[12]);

/* ---------------------------------------------------------------- hs_ext.c */

/* Client: all extensions of our ClientHello (the extensions vec16 included). */
void mutls_hs_ext_write_client(mutls_hs *hs, mutls_wr *w, int any_cbc);
/* The max_fragment_length code a client with @p cfg offers (RFC 6066 §4), 0 for none. */
uint8_t mutls_hs_ext_mfl_offer(const struct mutls_config *cfg);
/* Server: parse the ClientHello extensions block (may be absent: rd empty). */
MUTLS_MUST_CHECK int mutls_hs_ext_parse_client(mutls_hs *hs, mutls_rd *r);
/* Server: the ServerHello extensions (after the suite is chosen). */
void mutls_hs_ext_write_server(mutls_hs *hs, mutls_wr *w);
/* Client: parse the ServerHello extensions. */
MUTLS_MUST_CHECK int mutls_hs_ext_parse_server(mutls_hs *hs, mutls_rd *r);
/* Server: choose the ALPN protocol from the client's list (RFC 7301 §3.2). */
MUTLS_MUST_CHECK int mutls_hs_ext_choose_alpn(mutls_hs *hs);

/* ---------------------------------------------------------------- hs_session.c */

/* Client: the ClientHello's session_id (the offered session's, when it may be offered). */
MUTLS_MUST_CHECK int mutls_hs_client_offer(mutls_hs *hs, mutls_wr *out);
/* Client, after the ServerHello's extensions: @p sid echoes ours, so check and resume;
 * else keep @p sid as the new session's ID and forget the offer. */
MUTLS_MUST_CHECK int mutls_hs_client_resume(mutls_hs *hs, mutls_slice sid);
/* Server, after the ClientHello's extensions: resume the cached session @p sid when every
 * condition holds (hs->resumed), else carry on with a full handshake. */
MUTLS_MUST_CHECK int mutls_hs_server_resume(mutls_hs *hs, mutls_slice sid, mutls_slice offered);
/* Server: the ServerHello's session_id (a fresh one for a cacheable full handshake). */
MUTLS_MUST_CHECK int mutls_hs_server_session_id(mutls_hs *hs, mutls_wr *out);
/* Both Finished checked: cache (server) or keep (client) this connection's session. */
void mutls_hs_session_finish(mutls_hs *hs);
/* A fatal alert: the session is not resumed again. */
void mutls_hs_session_forget(mutls_hs *hs);
/* Wipe and release the handshake's session (mutls_hs_clear). */
void mutls_hs_session_clear(mutls_hs *hs);
/* This connection's session in @p s, its chain borrowed from the handshake (not owned). */
void mutls_hs_session_describe(const mutls_hs *hs, mutls_session *s, int64_t now);
/* The time now, in *now: 0, or -1 without a clock. */
int mutls_hs_clock(const mutls_hs *hs, int64_t *now);

/* ---------------------------------------------------------------- hs_ticket.c */

/* Client: the SessionTicket extension of our ClientHello (with hs->sess's ticket when
 * hs->ticket_offered), when tickets are on. */
void mutls_hs_ticket_ext_client(mutls_hs *hs, mutls_wr *w);
/* Client: the ServerHello's SessionTicket extension (@p body its contents). */
MUTLS_MUST_CHECK int mutls_hs_ticket_ext_server_parse(mutls_hs *hs, mutls_rd *body);
/* Server: the ClientHello's SessionTicket extension (@p body its contents). */
MUTLS_MUST_CHECK int mutls_hs_ticket_ext_client_parse(mutls_hs *hs, mutls_rd *body);
/* Client: the bytes the SessionTicket extension adds to our ClientHello (header included). */
size_t mutls_hs_ticket_offer_len(const mutls_hs *hs);
/* Server: the ServerHello's (empty) SessionTicket extension, when a ticket will follow. */
void mutls_hs_ticket_ext_server(mutls_hs *hs, mutls_wr *w);
/* Server: open the client's ticket into the cleared @p out: 1 a session (its chain borrowed
 * from nothing: owned), 0 none usable (absent, unknown key, tampered, expired, malformed). */
int mutls_hs_ticket_open(mutls_hs *hs, int64_t now, mutls_session *out);
/* Server: whether a NewSessionTicket follows this ServerHello (sets hs->ticket_promised). */
void mutls_hs_ticket_decide(mutls_hs *hs);
/* Server: an upper bound on our NewSessionTicket body. */
size_t mutls_hs_ticket_bound(const mutls_hs *hs);
/* NewSessionTicket, both roles (a row of both tables). */
MUTLS_MUST_CHECK int mutls_hs_write_new_session_ticket(mutls_hs *hs, mutls_rd *in, mutls_wr *out);
MUTLS_MUST_CHECK int mutls_hs_parse_new_session_ticket(mutls_hs *hs, mutls_rd *in, mutls_wr *out);
/* Wipe and release the ticket state (mutls_hs_clear). */
void mutls_hs_ticket_clear(mutls_hs *hs);
/* Seal @p s as a ticket under @p cfg's key into @p out (capacity @p cap): its length, or 0
 * when it does not fit MUTLS_TICKET_MAX or on an error. For tests too. */
size_t mutls_hs_ticket_seal(const struct mutls_config *cfg, mutls_rng *rng,
                            const mutls_session *s, uint8_t *out, size_t cap);

#endif
