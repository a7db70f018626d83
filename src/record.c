/* SPDX-License-Identifier: MIT */
/*
 * record.c - TLS 1.2 record framing over the send/recv callbacks (RFC 5246 §6.2): reading
 * exactly one record at a time into a buffer sized once per connection, header checks
 * (content type, version, RFC 5246 §6.2.3 / RFC 8449 length limits), handshake messages
 * (in place when inside one record, reassembled when split), alert handling, and writing
 * sealed records into an out buffer that is flushed resumably. Protection of the bytes is
 * in record_protect.c. When each buffer is allocated: record.h.
 *
 * The transport may move any number of bytes per call or say "would block"; the state
 * kept here (bytes received of the current record, bytes sent of the out buffer) makes every
 * call resumable with no byte lost or repeated.
 */
#include "record.h"

#include <string.h>

#include "mem.h"

/* Internal result of take_handshake / admit_record: go round the read loop again. */
#define NEED_MORE 2

/* Most bytes one mutls_rec_write call takes. */
#define MAX_WRITE ((size_t)1 << 30)

static size_t record_cap(size_t max_frag, size_t expansion)
{
    size_t cap = max_frag + expansion;

    if (cap > MUTLS_REC_MAX_CIPHERTEXT) {
        cap = MUTLS_REC_MAX_CIPHERTEXT;
    }
    return MUTLS_REC_HEADER_LEN + cap;
}

/* Wipe (it held plaintext or our records) and free a buffer. */
static void drop(uint8_t **buf, size_t *cap)
{
    mutls_free_secret(*buf, *cap);
    *buf = NULL;
    *cap = 0;
}

/* Replace a buffer by one of @p size bytes. Callers do this once per connection, flight or
 * handshake message, never per record. */
static int renew(uint8_t **buf, size_t *cap, size_t size)
{
    drop(buf, cap);
    *buf = mutls_alloc(size);
    if (*buf == NULL) {
        return MUTLS_ERR_NO_MEMORY;
    }
    *cap = size;
    return 0;
}

/* RFC 8449 §4: a record size limit is between 64 and 2^14. */
static int valid_limit(size_t n)
{
    return n >= MUTLS_REC_MIN_FRAGMENT && n <= MUTLS_REC_MAX_PLAINTEXT;
}

int mutls_rec_init(mutls_record *rl, size_t max_fragment_len, size_t max_handshake_len,
                   mutls_rng *rng)
{
    memset(rl, 0, sizeof(*rl));
    /* Handshake lengths are 24 bits (RFC 5246 §7.4). */
    if (!valid_limit(max_fragment_len) || max_handshake_len == 0 ||
        max_handshake_len > 0xffffff) {
        return MUTLS_ERR_BAD_ARGUMENT;
    }
    rl->max_frag = max_fragment_len;
    rl->send_max = MUTLS_REC_MAX_PLAINTEXT;
    rl->max_hs = max_handshake_len;
    rl->rng = rng;
    rl->in_need = MUTLS_REC_HEADER_LEN;
    rl->write_version = 0x0303;
    rl->alert_level = -1;
    rl->alert_desc = -1;
    return 0;
}

void mutls_rec_clear(mutls_record *rl)
{
    mutls_rec_dir_clear(&rl->rd);
    mutls_rec_dir_clear(&rl->wr);
    /* The buffers held plaintext: wipe them too. */
    drop(&rl->in, &rl->in_cap);
    drop(&rl->out, &rl->out_cap);
    drop(&rl->hs, &rl->hs_cap);
    mutls_wipe(rl, sizeof(*rl));
}

void mutls_rec_set_send_limit(mutls_record *rl, size_t max_plaintext)
{
    if (max_plaintext < MUTLS_REC_MIN_FRAGMENT) {
        max_plaintext = MUTLS_REC_MIN_FRAGMENT;
    }
    if (max_plaintext > MUTLS_REC_MAX_PLAINTEXT) {
        max_plaintext = MUTLS_REC_MAX_PLAINTEXT;
    }
    rl->send_max = max_plaintext;
}

void mutls_rec_set_recv_limit(mutls_record *rl, size_t max_plaintext)
{
    /* Only ever lowered: the in buffer, if already there, was sized for the larger limit. */
    if (valid_limit(max_plaintext) && max_plaintext < rl->max_frag) {
        rl->max_frag = max_plaintext;
    }
}

void mutls_rec_handshake_start(mutls_record *rl)
{
    rl->in_handshake = 1;
}

void mutls_rec_release_input(mutls_record *rl)
{
    if (!rl->in_handshake || rl->in == NULL || rl->in_len > 0 ||
        (rl->have_record && rl->pt_off < rl->pt_end)) {
        return;
    }
    drop(&rl->in, &rl->in_cap);
    rl->have_record = 0;
}

void mutls_rec_handshake_done(mutls_record *rl)
{
    rl->in_handshake = 0;
    if (rl->hs_hdr_len == 0) {
        drop(&rl->hs, &rl->hs_cap);
    }
}

void mutls_rec_set_transport(mutls_record *rl, mutls_send_fn send, mutls_recv_fn recv, void *ctx)
{
    rl->send = send;
    rl->recv = recv;
    rl->io_ctx = ctx;
}

void mutls_rec_set_version(mutls_record *rl, uint16_t version)
{
    rl->read_version = version;
    rl->write_version = version;
}

void mutls_rec_set_header_check(mutls_record *rl, mutls_rec_hdr_check_fn fn, void *ctx)
{
    rl->hdr_check = fn;
    rl->hdr_ctx = ctx;
}

void mutls_rec_set_write_version(mutls_record *rl, uint16_t version)
{
    rl->write_version = version;
}

int mutls_rec_set_read_keys(mutls_record *rl, const mutls_rec_keys *k)
{
    if (rl->read_err != 0) {
        return rl->read_err < 0 ? rl->read_err : MUTLS_ERR_CLOSED;
    }
    /* A key change must fall on a message boundary: nothing half read may be carried
     * across it (RFC 5246 §7.1, the CCS ends the old epoch's records). */
    if (rl->hs_hdr_len > 0 || (rl->have_record && rl->pt_off < rl->pt_end)) {
        rl->read_err = MUTLS_ERR_RECORD_UNEXPECTED;
        return rl->read_err;
    }
    return mutls_rec_dir_set(&rl->rd, k);
}

int mutls_rec_set_write_keys(mutls_record *rl, const mutls_rec_keys *k)
{
    if (rl->write_err != 0) {
        return rl->write_err;
    }
    return mutls_rec_dir_set(&rl->wr, k);
}

void mutls_rec_test_set_seq(mutls_record *rl, int write, uint64_t seq)
{
    mutls_rec_dir *d = write ? &rl->wr : &rl->rd;

    d->seq = seq;
    d->seq_exhausted = 0;
}

/* ---------------------------------------------------------------- reading */

static int fail_read(mutls_record *rl, int rc)
{
    if (rc != MUTLS_WANT_READ) {
        rl->read_err = rc;
        rl->have_record = 0;
    }
    return rc;
}

/* Receive until in_len reaches in_need. */
static int fill(mutls_record *rl)
{
    while (rl->in_len < rl->in_need) {
        size_t want = rl->in_need - rl->in_len;
        int n;

        if (rl->recv == NULL) {
            return MUTLS_ERR_STATE;
        }
        n = rl->recv(rl->io_ctx, rl->in + rl->in_len, want);
        if (n == MUTLS_WANT_READ) {
            return MUTLS_WANT_READ;
        }
        if (n == 0) {
            /* The stream ended before close_notify: a truncation, not a clean end
             * (RFC 5246 §7.2.1). */
            return MUTLS_ERR_TRUNCATED;
        }
        if (n == MUTLS_WANT_WRITE || (n > 0 && (size_t)n > want)) {
            return MUTLS_ERR_IO; /* a transport that breaks its contract */
        }
        if (n < 0) {
            return n;
        }
        rl->in_len += (size_t)n;
    }
    return 0;
}

static int valid_type(uint8_t t)
{
    return t == MUTLS_CT_CHANGE_CIPHER_SPEC || t == MUTLS_CT_ALERT || t == MUTLS_CT_HANDSHAKE ||
           t == MUTLS_CT_APPLICATION_DATA;
}

/* TLSPlaintext/TLSCiphertext header: type(1) version(2) length(2) (RFC 5246 §6.2.1). */
static int parse_header(mutls_record *rl, uint8_t *type, uint16_t *version, size_t *len)
{
    mutls_rd r;
    size_t limit;

    mutls_rd_init(&r, rl->in, MUTLS_REC_HEADER_LEN);
    *type = mutls_rd_u8(&r);
    *version = mutls_rd_u16(&r);
    *len = mutls_rd_u16(&r);
    TRY(mutls_rd_end(&r));
    /* An SSL 2.0 ClientHello starts with a length byte whose top bit is set (RFC 5246
     * Appendix E.2); we speak TLS 1.2 only. */
    if (rl->read_version == 0 && rl->records_seen == 0 && !rl->records_sent &&
        (*type & 0x80) != 0) {
        return MUTLS_ERR_RECORD_VERSION;
    }
    if (!valid_type(*type)) {
        return MUTLS_ERR_RECORD_TYPE; /* RFC 5246 §6: unknown type -> unexpected_message */
    }
    if (rl->read_version != 0) {
        if (*version != rl->read_version) {
            return MUTLS_ERR_RECORD_VERSION;
        }
    } else if ((*version >> 8) != 3) {
        /* RFC 5246 Appendix E.1: until the version is fixed a server has to take any {03,xx}
         * in the record header of a ClientHello (the hello's own client_version decides);
         * other majors are not TLS. */
        return MUTLS_ERR_RECORD_VERSION;
    }
    limit = mutls_rec_fragment_limit(&rl->rd, rl->max_frag);
    if (!rl->rd.active) {
        /* RFC 8449 §4 binds only protected records to the limit the peer was told: its
         * unprotected hello flight may use whatever room our buffer has, up to 2^14. */
        limit = record_cap(rl->max_frag, MUTLS_REC_MAX_EXPANSION) - MUTLS_REC_HEADER_LEN;
        limit = limit < MUTLS_REC_MAX_PLAINTEXT ? limit : MUTLS_REC_MAX_PLAINTEXT;
    }
    if (*len > limit) {
        return MUTLS_ERR_RECORD_OVERFLOW; /* RFC 5246 §6.2.1-3, RFC 8449 §4 */
    }
    return 0;
}

/* Receive and open one record; on success its plaintext is in[pt_off .. pt_end). */
static int next_record(mutls_record *rl)
{
    uint8_t type;
    uint16_t version;
    size_t len, off, pt_len;

    if (rl->in == NULL) {
        /* One whole record of our receive limit (see record.h for when). */
        TRY(renew(&rl->in, &rl->in_cap, record_cap(rl->max_frag, MUTLS_REC_MAX_EXPANSION)));
    }
    if (!rl->hdr_done) {
        TRY(fill(rl));
        TRY(parse_header(rl, &type, &version, &len));
        rl->in_need = MUTLS_REC_HEADER_LEN + len;
        rl->hdr_done = 1;
    }
    /* The checked header stays in the buffer while the body arrives. */
    TRY(parse_header(rl, &type, &version, &len));
    TRY(fill(rl));
    rl->in_len = 0;
    rl->in_need = MUTLS_REC_HEADER_LEN;
    rl->hdr_done = 0;
    rl->records_seen = 1;
    TRY(mutls_rec_open(&rl->rd, type, version, rl->in + MUTLS_REC_HEADER_LEN, len, &off, &pt_len));
    if (rl->rd.active && pt_len > rl->max_frag) {
        return MUTLS_ERR_RECORD_OVERFLOW; /* RFC 5246 §6.2.3: plaintext over the limit */
    }
    rl->pt_type = type;
    rl->pt_off = MUTLS_REC_HEADER_LEN + off;
    rl->pt_end = rl->pt_off + pt_len;
    rl->have_record = 1;
    return 0;
}

static int count_empty(mutls_record *rl)
{
    rl->have_record = 0;
    if (++rl->empty_run > MUTLS_REC_MAX_EMPTY_RECORDS) {
        return MUTLS_ERR_RECORD_UNEXPECTED;
    }
    return NEED_MORE;
}

/* Descriptions RFC 5246 §7.2.2 (and RFC 5246 §7.4.1.4 for unsupported_extension) calls
 * always fatal: sent at warning level they still end the connection. */
static int always_fatal(uint8_t desc)
{
    switch (desc) {
    case MUTLS_ALERT_UNEXPECTED_MESSAGE:
    case MUTLS_ALERT_BAD_RECORD_MAC:
    case MUTLS_ALERT_DECRYPTION_FAILED:
    case MUTLS_ALERT_RECORD_OVERFLOW:
    case MUTLS_ALERT_DECOMPRESSION_FAILURE:
    case MUTLS_ALERT_HANDSHAKE_FAILURE:
    case MUTLS_ALERT_ILLEGAL_PARAMETER:
    case MUTLS_ALERT_UNKNOWN_CA:
    case MUTLS_ALERT_ACCESS_DENIED:
    case MUTLS_ALERT_DECODE_ERROR:
    case MUTLS_ALERT_DECRYPT_ERROR:
    case MUTLS_ALERT_EXPORT_RESTRICTION:
    case MUTLS_ALERT_PROTOCOL_VERSION:
    case MUTLS_ALERT_INSUFFICIENT_SECURITY:
    case MUTLS_ALERT_INTERNAL_ERROR:
    case MUTLS_ALERT_UNSUPPORTED_EXTENSION:
        return 1;
    }
    return 0;
}

/* Alert { level(1) description(1) } (RFC 5246 §7.2), exactly one per record. */
static int handle_alert(mutls_record *rl, mutls_rd *r)
{
    uint8_t level, desc;

    if (mutls_rd_remaining(r) != 2) {
        return MUTLS_ERR_RECORD_DECODE;
    }
    level = mutls_rd_u8(r);
    desc = mutls_rd_u8(r);
    TRY(mutls_rd_end(r));
    if (level != MUTLS_ALERT_LEVEL_WARNING && level != MUTLS_ALERT_LEVEL_FATAL) {
        return MUTLS_ERR_RECORD_DECODE;
    }
    rl->alert_level = level;
    rl->alert_desc = desc;
    if (desc == MUTLS_ALERT_CLOSE_NOTIFY) {
        return MUTLS_REC_CLOSED; /* RFC 5246 §7.2.1 */
    }
    if (level == MUTLS_ALERT_LEVEL_FATAL || always_fatal(desc)) {
        return MUTLS_ERR_ALERT_RECEIVED; /* RFC 5246 §7.2: the connection ends now */
    }
    /* Other warnings (user_canceled, no_renegotiation, unrecognized_name, ...) carry no
     * data: skip them, within the bound on records that deliver nothing. The last one stays
     * in alert_level / alert_desc. */
    return count_empty(rl);
}

/* Checks on a newly opened record that depend on its content type. */
static int admit_record(mutls_record *rl)
{
    size_t len = rl->pt_end - rl->pt_off;
    int partial = rl->hs_hdr_len > 0;
    mutls_rd r;

    mutls_rd_init(&r, rl->in + rl->pt_off, len);
    switch (rl->pt_type) {
    case MUTLS_CT_HANDSHAKE:
        if (len == 0) {
            return MUTLS_ERR_RECORD_DECODE; /* RFC 5246 §6.2.1: no empty handshake fragment */
        }
        rl->empty_run = 0;
        return 0;
    case MUTLS_CT_CHANGE_CIPHER_SPEC:
        if (partial) {
            return MUTLS_ERR_RECORD_UNEXPECTED; /* must sit on a message boundary */
        }
        /* RFC 5246 §7.1: one byte of value 1. Anything else is not a ChangeCipherSpec the
         * protocol allows here: unexpected_message, as OpenSSL answers it. */
        if (len != 1 || mutls_rd_u8(&r) != 1) {
            return MUTLS_ERR_RECORD_UNEXPECTED;
        }
        rl->empty_run = 0;
        return 0;
    case MUTLS_CT_ALERT:
        return handle_alert(rl, &r);
    case MUTLS_CT_APPLICATION_DATA:
        /* Fragments of one handshake message are contiguous; application data never
         * travels under the null cipher in the suites mutls offers. */
        if (partial || !rl->rd.active) {
            return MUTLS_ERR_RECORD_UNEXPECTED;
        }
        if (len == 0) {
            return count_empty(rl);
        }
        rl->empty_run = 0;
        return 0;
    }
    return MUTLS_ERR_RECORD_TYPE;
}

/* Body length of a handshake header, checked against our limit before anything is
 * allocated or copied for it. */
static int header_body(const mutls_record *rl, const uint8_t *hdr, size_t *body)
{
    mutls_rd r;
    uint8_t type;

    mutls_rd_init(&r, hdr, 4);
    type = mutls_rd_u8(&r);
    *body = mutls_rd_u24(&r);
    TRY(r.err);
    /* The handshake judges a header before its body is waited for: a message that cannot
     * come next, or a length its type never has, is refused now (mutls_rec_set_header_check). */
    if (rl->hdr_check != NULL) {
        TRY(rl->hdr_check(rl->hdr_ctx, type, *body));
    }
    return *body > rl->max_hs ? MUTLS_ERR_HANDSHAKE_TOO_LARGE : 0;
}

/* The 4-byte header of a split message is known: make room for the whole message. The
 * buffer only grows while the handshake runs, so a peer cannot make us allocate per record. */
static int start_reassembly(mutls_record *rl, size_t body)
{
    size_t need = 4 + body;
    mutls_rd r;

    if (need > rl->hs_cap) {
        TRY(renew(&rl->hs, &rl->hs_cap, need));
    }
    mutls_rd_init(&r, rl->hs_hdr, 4);
    mutls_rd_copy(&r, rl->hs, 4);
    rl->hs_len = 4;
    rl->hs_need = need;
    return r.err;
}

/* Copy up to @p max bytes of the opened record's plaintext to @p dst. */
static size_t take_bytes(mutls_record *rl, uint8_t *dst, size_t max)
{
    size_t avail = rl->pt_end - rl->pt_off;
    size_t n = max < avail ? max : avail;
    mutls_rd r;

    mutls_rd_init(&r, rl->in + rl->pt_off, avail);
    mutls_rd_copy(&r, dst, n);
    rl->pt_off += n;
    return n;
}

/* Handshake { type(1) length(3) body } (RFC 5246 §7.4): several may share a record, one may
 * span many. A message inside the current record is handed out in place. */
static int take_handshake(mutls_record *rl, mutls_rec_unit *u)
{
    size_t body;
    mutls_rd r;

    if (rl->hs_hdr_len == 0) {
        size_t avail = rl->pt_end - rl->pt_off;

        if (avail == 0) {
            rl->have_record = 0;
            return NEED_MORE;
        }
        if (avail >= 4) {
            TRY(header_body(rl, rl->in + rl->pt_off, &body));
            if (4 + body <= avail) {
                mutls_rd_init(&r, rl->in + rl->pt_off, avail);
                u->type = MUTLS_CT_HANDSHAKE;
                u->data = mutls_rd_bytes(&r, 4 + body);
                rl->pt_off += 4 + body;
                return 0;
            }
        }
    }
    if (rl->hs_hdr_len < 4) {
        rl->hs_hdr_len += take_bytes(rl, rl->hs_hdr + rl->hs_hdr_len, 4 - rl->hs_hdr_len);
        if (rl->hs_hdr_len < 4) {
            rl->have_record = 0;
            return NEED_MORE; /* the record ended inside the header */
        }
        TRY(header_body(rl, rl->hs_hdr, &body));
        if (body == 0) {
            u->type = MUTLS_CT_HANDSHAKE;
            u->data.p = rl->hs_hdr;
            u->data.len = 4;
            rl->hs_hdr_len = 0;
            return 0;
        }
        TRY(start_reassembly(rl, body));
    }
    rl->hs_len += take_bytes(rl, rl->hs + rl->hs_len, rl->hs_need - rl->hs_len);
    if (rl->hs_len < rl->hs_need) {
        rl->have_record = 0;
        return NEED_MORE;
    }
    u->type = MUTLS_CT_HANDSHAKE;
    u->data.p = rl->hs;
    u->data.len = rl->hs_len;
    rl->hs_hdr_len = 0;
    return 0;
}

/* Hand out up to @p max bytes of the opened record's plaintext (CCS: its one byte). */
static void take_chunk(mutls_record *rl, mutls_rec_unit *u, size_t max)
{
    mutls_rd r;
    size_t avail = rl->pt_end - rl->pt_off;

    mutls_rd_init(&r, rl->in + rl->pt_off, avail);
    u->type = rl->pt_type;
    u->data = mutls_rd_bytes(&r, avail < max ? avail : max);
    rl->pt_off += u->data.len;
}

int mutls_rec_read(mutls_record *rl, mutls_rec_unit *u, size_t app_max)
{
    int rc;

    if (rl->read_err != 0) {
        return rl->read_err;
    }
    if (app_max == 0) {
        return MUTLS_ERR_BAD_ARGUMENT;
    }
    if (!rl->in_handshake && rl->hs != NULL && rl->hs_hdr_len == 0) {
        /* After the handshake a split message (a refused renegotiation) borrows the
         * reassembly buffer only until it is read. */
        drop(&rl->hs, &rl->hs_cap);
    }
    for (;;) {
        if (rl->have_record && rl->pt_off == rl->pt_end) {
            rl->have_record = 0;
        }
        if (!rl->have_record) {
            rc = next_record(rl);
            if (rc < 0) {
                return fail_read(rl, rc);
            }
            rc = admit_record(rl);
            if (rc < 0 || rc == MUTLS_REC_CLOSED) {
                return fail_read(rl, rc);
            }
            if (rc == NEED_MORE) {
                continue;
            }
        }
        switch (rl->pt_type) {
        case MUTLS_CT_HANDSHAKE:
            rc = take_handshake(rl, u);
            if (rc == NEED_MORE) {
                continue;
            }
            return rc < 0 ? fail_read(rl, rc) : 0;
        default:
            take_chunk(rl, u, rl->pt_type == MUTLS_CT_CHANGE_CIPHER_SPEC ? 1 : app_max);
            return 0;
        }
    }
}

/* ---------------------------------------------------------------- writing */

size_t mutls_rec_pending(const mutls_record *rl)
{
    return rl->out_len - rl->out_sent;
}

int mutls_rec_flush(mutls_record *rl)
{
    if (rl->write_err != 0) {
        return rl->write_err;
    }
    while (rl->out_sent < rl->out_len) {
        size_t left = rl->out_len - rl->out_sent;
        int n;

        if (rl->send == NULL) {
            return MUTLS_ERR_STATE;
        }
        n = rl->send(rl->io_ctx, rl->out + rl->out_sent, left);
        if (n == MUTLS_WANT_WRITE) {
            return MUTLS_WANT_WRITE;
        }
        if (n <= 0 || n == MUTLS_WANT_READ || (size_t)n > left) {
            rl->write_err = n < 0 && n != MUTLS_WANT_READ ? n : MUTLS_ERR_IO;
            return rl->write_err;
        }
        rl->out_sent += (size_t)n;
    }
    rl->out_sent = 0;
    rl->out_len = 0;
    if (rl->in_handshake) {
        /* Our flight left: its buffer is not needed while we wait for the peer's. */
        drop(&rl->out, &rl->out_cap);
    }
    return 0;
}

/* Make room for @p need bytes at the end of the out buffer; MUTLS_WANT_WRITE if not yet. */
static int make_room(mutls_record *rl, size_t need)
{
    if (rl->out_cap - rl->out_len >= need) {
        return 0;
    }
    if (rl->out_sent > 0) {
        memmove(rl->out, rl->out + rl->out_sent, rl->out_len - rl->out_sent);
        rl->out_len -= rl->out_sent;
        rl->out_sent = 0;
        if (rl->out_cap - rl->out_len >= need) {
            return 0;
        }
    }
    TRY(mutls_rec_flush(rl));
    return rl->out_cap - rl->out_len >= need ? 0 : MUTLS_ERR_INTERNAL;
}

static int seal_one(mutls_record *rl, uint8_t type, const uint8_t *data, size_t len)
{
    uint8_t *rec = rl->out + rl->out_len;
    size_t prefix = mutls_rec_prefix_len(&rl->wr);
    uint8_t iv[MUTLS_CBC_BLOCK];
    const uint8_t *ivp = NULL;
    size_t rec_len = 0;

    rl->records_sent = 1;

    if (MUTLS_WITH_CBC && rl->wr.active && rl->wr.cbc != NULL) {
        /* RFC 5246 §6.2.3.2: a fresh unpredictable IV for every record. */
        if (rl->test_iv != NULL) {
            memcpy(iv, rl->test_iv, sizeof(iv));
        } else if (rl->rng == NULL) {
            return MUTLS_ERR_STATE;
        } else {
            TRY(mutls_rng_bytes(rl->rng, iv, sizeof(iv)));
        }
        ivp = iv;
    }
    memcpy(rec + MUTLS_REC_HEADER_LEN + prefix, data, len);
    TRY(mutls_rec_seal(&rl->wr, type, rl->write_version, ivp, rec, len, &rec_len));
    rl->out_len += rec_len;
    return 0;
}

/* Plaintext per record we send: neither side's limit is exceeded. */
static size_t send_frag(const mutls_record *rl)
{
    return rl->max_frag < rl->send_max ? rl->max_frag : rl->send_max;
}

/* During a handshake: make the out buffer hold what it holds plus @p need bytes, keeping its
 * unsent bytes (our own records). One allocation per write, that is per handshake message. */
static int grow_out(mutls_record *rl, size_t need)
{
    size_t pending = rl->out_len - rl->out_sent;
    uint8_t *p;

    if (rl->out != NULL && rl->out_cap - rl->out_len >= need) {
        return 0;
    }
    p = mutls_alloc(pending + need);
    if (p == NULL) {
        return MUTLS_ERR_NO_MEMORY;
    }
    if (pending > 0) {
        memcpy(p, rl->out + rl->out_sent, pending);
    }
    mutls_free_secret(rl->out, rl->out_cap);
    rl->out = p;
    rl->out_cap = pending + need;
    rl->out_len = pending;
    rl->out_sent = 0;
    return 0;
}

/* The out buffer for a write of @p len bytes: during a handshake, grown to take all its
 * records; after it, one full record (allocated once, when the handshake's buffer is empty). */
static int size_out(mutls_record *rl, size_t len)
{
    size_t frag = send_frag(rl);
    size_t cap = record_cap(frag, MUTLS_REC_MAX_SEAL_EXPANSION);

    if (rl->in_handshake) {
        size_t full = len / frag, rest = len % frag;
        size_t need = full * (MUTLS_REC_HEADER_LEN + mutls_rec_protected_max(&rl->wr, frag));

        if (rest > 0) {
            need += MUTLS_REC_HEADER_LEN + mutls_rec_protected_max(&rl->wr, rest);
        }
        return grow_out(rl, need);
    }
    if (rl->out != NULL && rl->out_cap == cap) {
        return 0;
    }
    if (rl->out != NULL) {
        TRY(mutls_rec_flush(rl)); /* what the handshake left goes first */
    }
    rl->out_sent = 0;
    return renew(&rl->out, &rl->out_cap, cap);
}

int mutls_rec_write(mutls_record *rl, uint8_t type, const uint8_t *data, size_t len)
{
    size_t done = 0, frag;
    int rc;

    if (rl->write_err != 0) {
        return rl->write_err;
    }
    if (rl->write_closed) {
        return MUTLS_ERR_CLOSED;
    }
    if (!valid_type(type) || (data == NULL && len > 0)) {
        return MUTLS_ERR_BAD_ARGUMENT;
    }
    if (len == 0) {
        /* RFC 5246 §6.2.1: only application data may be empty; we never send it. */
        return type == MUTLS_CT_APPLICATION_DATA ? 0 : MUTLS_ERR_BAD_ARGUMENT;
    }
    if (len > MAX_WRITE) {
        len = MAX_WRITE; /* the count must fit the int we return */
    }
    rc = size_out(rl, len);
    if (rc == MUTLS_WANT_WRITE) {
        return rc;
    }
    if (rc < 0) {
        rl->write_err = rc;
        return rc;
    }
    frag = send_frag(rl);
    while (done < len) {
        size_t chunk = len - done < frag ? len - done : frag;

        rc = make_room(rl, MUTLS_REC_HEADER_LEN + mutls_rec_protected_max(&rl->wr, chunk));
        if (rc == MUTLS_WANT_WRITE) {
            break;
        }
        if (rc == 0) {
            rc = seal_one(rl, type, data + done, chunk);
        }
        if (rc < 0) {
            rl->write_err = rc;
            return rc;
        }
        done += chunk;
    }
    return done > 0 ? (int)done : MUTLS_WANT_WRITE;
}

int mutls_rec_send_alert(mutls_record *rl, int level, int desc)
{
    uint8_t alert[2];
    int rc;

    if (level != MUTLS_ALERT_LEVEL_WARNING && level != MUTLS_ALERT_LEVEL_FATAL) {
        return MUTLS_ERR_BAD_ARGUMENT;
    }
    if (desc < 0 || desc > 255) {
        return MUTLS_ERR_BAD_ARGUMENT;
    }
    alert[0] = (uint8_t)level;
    alert[1] = (uint8_t)desc;
    rc = mutls_rec_write(rl, MUTLS_CT_ALERT, alert, sizeof(alert));
    if (rc < 0) {
        return rc;
    }
    /* RFC 5246 §7.2.1-2: nothing follows a close_notify or a fatal alert. */
    if (desc == MUTLS_ALERT_CLOSE_NOTIFY || level == MUTLS_ALERT_LEVEL_FATAL) {
        rl->write_closed = 1;
    }
    rc = mutls_rec_flush(rl);
    return rc == MUTLS_WANT_WRITE ? 0 : rc;
}
