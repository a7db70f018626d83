/* SPDX-License-Identifier: MIT */
/*
 * record.h - the TLS 1.2 record layer: framing over a send/recv transport (record.c) and
 * record protection (record_protect.c). RFC 5246 §6 (records, MAC-then-encrypt CBC),
 * RFC 5288 (AES-GCM), RFC 7905 (ChaCha20-Poly1305), RFC 7366 (encrypt-then-MAC),
 * RFC 8449 (smaller record size limit).
 *
 * The handshake layer embeds a struct mutls_record in its connection. Reading hands back
 * whole units: a complete handshake message (several per record), a ChangeCipherSpec, or a
 * chunk of application data; alerts are handled inside. A handshake message that lies
 * inside one record is handed out in place; only one split across records is copied into a
 * reassembly buffer. Writing seals records into one out buffer that is flushed resumably.
 *
 * Memory: the in buffer (one record of max_fragment_len) is allocated at the first read and,
 * during a handshake, given back while we send (mutls_rec_release_input). Between
 * mutls_rec_handshake_start and _done the out buffer grows, one write (one handshake
 * message) at a time, to hold exactly our flight, which then leaves in one flush (a peer
 * that refuses an early message of it cannot break the rest of it in flight, and its
 * alert is what we read next); once flushed the buffer is freed. The reassembly buffer
 * exists only while a split message needs it. After the handshake the out buffer holds one
 * full record, allocated at the first write. So allocations happen per connection, per
 * flight and per handshake message, never per record of application data.
 *
 * Return convention: 0 (or a byte count) on success, MUTLS_WANT_READ / MUTLS_WANT_WRITE when
 * the transport is not ready (repeat the same call later: no byte is lost or repeated), or
 * a negative MUTLS_ERR_*. A read or write failure is sticky: later calls return it again.
 */
#ifndef MUTLS_RECORD_H
#define MUTLS_RECORD_H

#include <stddef.h>
#include <stdint.h>

#include "bytes.h"
#include "crypto.h"
#include "error.h"

/* Content types (RFC 5246 §6.2.1). */
enum {
    MUTLS_CT_CHANGE_CIPHER_SPEC = 20,
    MUTLS_CT_ALERT = 21,
    MUTLS_CT_HANDSHAKE = 22,
    MUTLS_CT_APPLICATION_DATA = 23
};

/* Alert levels (RFC 5246 §7.2). */
enum { MUTLS_ALERT_LEVEL_WARNING = 1, MUTLS_ALERT_LEVEL_FATAL = 2 };

#define MUTLS_REC_HEADER_LEN 5
#define MUTLS_REC_MAX_PLAINTEXT 16384           /* 2^14, RFC 5246 §6.2.1 */
#define MUTLS_REC_MAX_CIPHERTEXT (16384 + 2048) /* RFC 5246 §6.2.3 */
/* Largest expansion one of our ciphers adds: CBC with an explicit IV (16), an HMAC-SHA384
 * (48) and the longest padding (256). */
#define MUTLS_REC_MAX_EXPANSION (16 + 48 + 256)
/* Largest expansion of the records we seal: we pad CBC minimally (at most one block). */
#define MUTLS_REC_MAX_SEAL_EXPANSION (16 + 48 + 16)
#define MUTLS_REC_MIN_FRAGMENT 64 /* RFC 8449 §4: smallest record_size_limit */
#define MUTLS_REC_DEFAULT_MAX_HANDSHAKE 65536
/* A peer may not make us spin: this many records in a row that deliver nothing (empty
 * application data, warning alerts) fail the connection. */
#define MUTLS_REC_MAX_EMPTY_RECORDS 32

/* 1 when the CBC suites are built in, 0 when the build option MUTLS_CBC=OFF (MUTLS_NO_CBC)
 * leaves them out: code that serves only them tests it, and the compiler drops that code. */
#ifdef MUTLS_NO_CBC
#define MUTLS_WITH_CBC 0
#else
#define MUTLS_WITH_CBC 1
#endif

/* mutls_rec_read's result when the peer sent close_notify (a clean end). */
#define MUTLS_REC_CLOSED 1

/* Key material for one direction. Copied by mutls_rec_set_*_keys; wipe your copy. */
typedef struct mutls_rec_keys {
    mutls_cipher cipher;
    mutls_hash_alg mac;   /* CBC only: MUTLS_HASH_SHA1, _SHA256 or _SHA384 */
    int encrypt_then_mac; /* CBC only: RFC 7366 was negotiated */
    uint8_t enc_key[32];
    size_t enc_key_len; /* 16 or 32 (32 for ChaCha20) */
    uint8_t iv[12];     /* GCM: 4-byte salt (RFC 5288 §3); ChaCha20: 12 bytes (RFC 7905 §2) */
    size_t iv_len;      /* 4, 12, or 0 for CBC */
    uint8_t mac_key[48];
    size_t mac_key_len; /* CBC only: the hash length */
} mutls_rec_keys;

/* One direction's protection state (inside struct mutls_record; use the functions). */
typedef struct mutls_rec_dir {
    int active; /* 0: the null cipher of the initial epoch */
    mutls_cipher cipher;
    mutls_hash_alg mac;
    int etm;
    size_t mac_len;
    mutls_aead *aead;
    mutls_cbc *cbc;
    uint8_t iv[12];
    uint8_t mac_key[48];
    size_t mac_key_len;
    uint64_t seq;
    int seq_exhausted; /* 2^64-1 was used: the next record would wrap (RFC 5246 §6.1) */
} mutls_rec_dir;

/* A unit handed back by mutls_rec_read. */
typedef struct mutls_rec_unit {
    uint8_t type;     /* MUTLS_CT_HANDSHAKE, _CHANGE_CIPHER_SPEC or _APPLICATION_DATA */
    mutls_slice data; /* handshake: 4-byte header + body; CCS: the single byte 1; app data:
                         a chunk. Points into the record's buffers: valid until the next
                         mutls_rec_read or mutls_rec_clear. */
} mutls_rec_unit;

/* Asked as soon as a handshake message's header is known: 0 to take the message, or the
 * error that refuses it without waiting for its body. */
typedef int (*mutls_rec_hdr_check_fn)(void *ctx, uint8_t type, size_t body);

typedef struct mutls_record {
    /* transport */
    mutls_send_fn send;
    mutls_recv_fn recv;
    void *io_ctx;
    mutls_rng *rng; /* CBC explicit IVs; not owned */

    size_t max_frag; /* our receive limit: plaintext per record the peer may send */
    size_t send_max; /* the peer's limit: plaintext per record we send */
    size_t max_hs;   /* largest handshake body accepted */
    int in_handshake; /* between mutls_rec_handshake_start and _done */

    /* input: one record, then its plaintext in place */
    uint8_t *in;
    size_t in_cap;
    size_t in_len;   /* bytes of the current record received so far */
    size_t in_need;  /* header, then header + fragment length */
    int hdr_done;    /* the current record's header is received and checked */
    uint8_t pt_type; /* content type of the opened record */
    size_t pt_off;   /* plaintext of the opened record: in[pt_off .. pt_end) */
    size_t pt_end;
    int have_record;    /* an opened record with unread plaintext */
    unsigned empty_run; /* records in a row that delivered nothing */
    int records_seen;
    int records_sent; /* a record of ours went out: the SSL 2.0 sniff is for servers */
    mutls_rec_hdr_check_fn hdr_check; /* or NULL: every header is taken */
    void *hdr_ctx;

    /* handshake reassembly of a message split across records */
    uint8_t hs_hdr[4];  /* its header, gathered first */
    size_t hs_hdr_len;  /* header bytes gathered; 0 at a message boundary */
    uint8_t *hs;        /* 4 + body bytes, allocated once the header is known */
    size_t hs_cap;
    size_t hs_len;      /* bytes of hs filled */
    size_t hs_need;     /* 4 + body */

    /* output: whole records, flushed from out_sent to out_len */
    uint8_t *out;
    size_t out_cap;
    size_t out_len;
    size_t out_sent;

    uint16_t read_version;  /* 0 until fixed: then records must carry exactly this */
    uint16_t write_version; /* written into our record headers */

    mutls_rec_dir rd;
    mutls_rec_dir wr;

    int read_err;     /* sticky read failure, or MUTLS_REC_CLOSED */
    int write_err;    /* sticky write failure */
    int write_closed; /* a close_notify or fatal alert was committed */
    int alert_level;  /* last alert received (level, description); -1 when none */
    int alert_desc;

    const uint8_t *test_iv; /* tests only: fixed CBC IV instead of the RNG */
} mutls_record;

/**
 * Set up @p rl (caller storage). Allocates nothing: the buffers come with the first read and
 * write (a failure then is MUTLS_ERR_NO_MEMORY from that call).
 * @param max_fragment_len our receive limit, plaintext bytes per record: 2^14 normally,
 *        down to 64 (RFC 8449); larger records from the peer are MUTLS_ERR_RECORD_OVERFLOW.
 *        Our own records carry at most this too (and at most the send limit).
 * @param max_handshake_len largest handshake message body accepted (e.g. 64 KiB).
 * @param rng generator for CBC IVs; may be NULL if no CBC suite is used; not owned.
 * @return 0 or MUTLS_ERR_BAD_ARGUMENT.
 */
MUTLS_MUST_CHECK int mutls_rec_init(mutls_record *rl, size_t max_fragment_len,
                                    size_t max_handshake_len, mutls_rng *rng);

/**
 * The peer's limit (RFC 6066 max_fragment_length, RFC 8449 record_size_limit): from the next
 * record on, ours carry at most min(@p max_plaintext, max_fragment_len) plaintext bytes.
 * Clamped to 64..16384.
 */
void mutls_rec_set_send_limit(mutls_record *rl, size_t max_plaintext);

/**
 * A smaller receive limit agreed in the handshake (RFC 6066 §4: a max_fragment_length binds
 * both directions): from the next record on, the peer's may carry at most @p max_plaintext
 * bytes. Ignored unless it is 64..16384 and below the limit in force.
 */
void mutls_rec_set_recv_limit(mutls_record *rl, size_t max_plaintext);

/**
 * A handshake starts: each write grows the out buffer to take all of it (so a flight goes
 * out with one flush), and a flush that empties it frees it. Call before the first write.
 */
void mutls_rec_handshake_start(mutls_record *rl);

/**
 * During the handshake, when we are about to build and send our flight: the in buffer holds
 * nothing unread, so it is wiped and freed (the next read allocates it again). The peak of a
 * handshake is then the larger of receiving and of signing, not their sum. No-op otherwise.
 */
void mutls_rec_release_input(mutls_record *rl);

/**
 * The handshake is done: the reassembly buffer is wiped and freed (after the next read when
 * a message still uses it; a later split message gets one for itself only), and the next
 * write allocates the one-record out buffer of application data (after flushing what the
 * handshake left, if anything).
 */
void mutls_rec_handshake_done(mutls_record *rl);

/** Wipe and release everything mutls_rec_init and the key setters allocated. Idempotent. */
void mutls_rec_clear(mutls_record *rl);

/** Attach the transport; @p ctx is passed to both callbacks and is not owned. */
void mutls_rec_set_transport(mutls_record *rl, mutls_send_fn send, mutls_recv_fn recv, void *ctx);

/**
 * Fix the record version after ServerHello: from then on every received record must carry
 * exactly @p version (0x0303) and our records carry it too. Before, 0x0301..0x0303 are read.
 */
void mutls_rec_set_version(mutls_record *rl, uint16_t version);

/** While set, @p fn judges each handshake header as soon as it is known (NULL: none). */
void mutls_rec_set_header_check(mutls_record *rl, mutls_rec_hdr_check_fn fn, void *ctx);

/** Version written in our record headers (0x0303 by default; 0x0301 for a ClientHello). */
void mutls_rec_set_write_version(mutls_record *rl, uint16_t version);

/**
 * Install new keys for reading or writing (the ChangeCipherSpec boundary): the sequence
 * number restarts at 0, the old keys are wiped, @p k is copied.
 * @return 0; MUTLS_ERR_BAD_ARGUMENT for an inconsistent @p k; MUTLS_ERR_RECORD_UNEXPECTED
 *         for read keys while a handshake message is half received or a record still has
 *         unread bytes (a key change must fall on a message boundary); crypto errors.
 */
MUTLS_MUST_CHECK int mutls_rec_set_read_keys(mutls_record *rl, const mutls_rec_keys *k);
MUTLS_MUST_CHECK int mutls_rec_set_write_keys(mutls_record *rl, const mutls_rec_keys *k);

/**
 * Read the next unit into @p u.
 * @param app_max the largest application-data chunk wanted (>0); the rest of a record is
 *        returned by later calls.
 * Alerts never come out as units: close_notify gives MUTLS_REC_CLOSED; a fatal alert, or a
 * warning whose description RFC 5246 §7.2.2 calls always fatal, gives
 * MUTLS_ERR_ALERT_RECEIVED; other warnings are skipped. Empty application-data records and
 * skipped warnings count together: more than MUTLS_REC_MAX_EMPTY_RECORDS in a row fail with
 * MUTLS_ERR_RECORD_UNEXPECTED. Application data under the null cipher, and a CCS or
 * application data between fragments of one handshake message, are
 * MUTLS_ERR_RECORD_UNEXPECTED too. Units point into the record's buffers (see
 * mutls_rec_unit). Failures are sticky.
 * @return 0 with @p u filled; MUTLS_REC_CLOSED after the peer's close_notify (then always);
 *         MUTLS_WANT_READ; MUTLS_ERR_ALERT_RECEIVED (rl->alert_level and rl->alert_desc
 *         hold the alert; mutls_alert_name names it); MUTLS_ERR_TRUNCATED when the stream
 *         ends without close_notify;
 *         MUTLS_ERR_RECORD_TYPE / _VERSION / _OVERFLOW / _DECODE / _UNEXPECTED,
 *         MUTLS_ERR_BAD_RECORD_MAC, MUTLS_ERR_HANDSHAKE_TOO_LARGE, MUTLS_ERR_SEQUENCE_OVERFLOW,
 *         or the transport's own negative code.
 */
MUTLS_MUST_CHECK int mutls_rec_read(mutls_record *rl, mutls_rec_unit *u, size_t app_max);

/**
 * Seal @p data as records of @p type (at most max_fragment_len and the send limit of
 * plaintext each) into the out buffer (during a handshake: all of them, growing it),
 * as many as fit; the bytes are committed once this returns their count, and go out with
 * mutls_rec_flush (tried here only when the buffer is full).
 * @return the number of bytes accepted (>0), 0 for an empty application-data write,
 *         MUTLS_WANT_WRITE when nothing fit (flush pending), MUTLS_ERR_BAD_ARGUMENT for an
 *         empty handshake/alert/CCS write (RFC 5246 §6.2.1), MUTLS_ERR_CLOSED after a
 *         close_notify or fatal alert was sent, MUTLS_ERR_SEQUENCE_OVERFLOW, or an error.
 */
MUTLS_MUST_CHECK int mutls_rec_write(mutls_record *rl, uint8_t type, const uint8_t *data,
                                     size_t len);

/** Send what the out buffer holds. @return 0 when empty, MUTLS_WANT_WRITE, or an error. */
MUTLS_MUST_CHECK int mutls_rec_flush(mutls_record *rl);

/**
 * Commit an alert record (and try to flush it). After close_notify or a fatal alert no
 * more data can be written.
 * @return 0 when committed (call mutls_rec_flush until it returns 0), MUTLS_WANT_WRITE when
 *         it did not fit yet (repeat this call), or an error.
 */
MUTLS_MUST_CHECK int mutls_rec_send_alert(mutls_record *rl, int level, int desc);

/** Bytes in the out buffer not yet accepted by the transport. */
size_t mutls_rec_pending(const mutls_record *rl);

/* ---- protection (record_protect.c), used by record.c and the tests */

/** Bytes between the record header and the plaintext (explicit nonce or IV). */
size_t mutls_rec_prefix_len(const mutls_rec_dir *d);
/** Upper bound on the protected size of @p pt_len plaintext bytes, header excluded. */
size_t mutls_rec_protected_max(const mutls_rec_dir *d, size_t pt_len);
/** Largest fragment the peer may send for @p max_frag plaintext bytes (RFC 5246 §6.2.3). */
size_t mutls_rec_fragment_limit(const mutls_rec_dir *d, size_t max_frag);

/**
 * Protect one record in place. @p rec has room for mutls_rec_protected_max + header; the
 * plaintext is already at rec + MUTLS_REC_HEADER_LEN + mutls_rec_prefix_len. Writes the
 * header and sets *rec_len to the whole record's length. Uses and advances the sequence
 * number; @p iv (16 bytes) is the CBC IV.
 */
MUTLS_MUST_CHECK int mutls_rec_seal(mutls_rec_dir *d, uint8_t type, uint16_t version,
                                    const uint8_t *iv, uint8_t *rec, size_t pt_len,
                                    size_t *rec_len);

/**
 * Check and decrypt one fragment in place (@p frag, @p frag_len: the bytes after the
 * header). On success the plaintext is frag[*pt_off .. *pt_off + *pt_len).
 * @return 0, MUTLS_ERR_BAD_RECORD_MAC (one failure for every kind of bad record: tag, MAC,
 *         padding, length), MUTLS_ERR_RECORD_OVERFLOW, or MUTLS_ERR_SEQUENCE_OVERFLOW.
 */
MUTLS_MUST_CHECK int mutls_rec_open(mutls_rec_dir *d, uint8_t type, uint16_t version, uint8_t *frag,
                                    size_t frag_len, size_t *pt_off, size_t *pt_len);

/** Install @p k into @p d (copying it) or, with NULL, return @p d to the null cipher. */
MUTLS_MUST_CHECK int mutls_rec_dir_set(mutls_rec_dir *d, const mutls_rec_keys *k);
/** Wipe @p d and free its cipher states. */
void mutls_rec_dir_clear(mutls_rec_dir *d);

/** Tests only: set a direction's next sequence number (0 read, 1 write). */
void mutls_rec_test_set_seq(mutls_record *rl, int write, uint64_t seq);

#endif
