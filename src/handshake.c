/* SPDX-License-Identifier: MIT */
/*
 * handshake.c - the TLS 1.2 full handshake as one table (DESIGN.md "The handshake as
 * data", RFC 5246 §7.3 figure 1), the abbreviated handshake that resumes a session as a
 * second table (§7.3 figure 2), and the driver that walks either for either role. Both
 * tables begin with ClientHello and ServerHello; ServerHello decides which one goes on.
 *
 * The driver is the only code that picks the next row, builds each message of our flight
 * once (in a buffer sized by a bound on that message) and sends the flight resumably,
 * demands that a received message has the row's type (else unexpected_message, RFC 5246
 * §7.4), feeds the transcript, traces and sends alerts. The row handlers in
 * client.c and server.c (and Finished below) build or parse one message body and do no I/O.
 */
#include <stdint.h>
#include <string.h>

#include "handshake.h"
#include "mem.h"

/* ------------------------------------------------------------ present() */

static int p_always(const mutls_hs *hs)
{
    (void)hs;
    return 1;
}

/* Fixed after ServerHello: the suite's key exchange. */
static int p_ecdhe(const mutls_hs *hs)
{
    return hs->f_ecdhe;
}

/* The server decides when it writes ServerHello; a client learns it only from the message
 * itself, so for it the row is "maybe" (-1): taken when the next message is this one. */
static int p_cert_request(const mutls_hs *hs)
{
    return hs->server ? hs->f_cert_requested : (hs->f_cert_requested ? 1 : -1);
}

/* Fixed after CertificateRequest (or ServerHelloDone without one). */
static int p_client_cert(const mutls_hs *hs)
{
    return hs->f_cert_requested;
}

/* Fixed after the client Certificate: only a non-empty one is followed by a signature. */
static int p_cert_verify(const mutls_hs *hs)
{
    return hs->f_client_cert;
}

/* RFC 5077 §3.2: a NewSessionTicket follows when, and only when, the ServerHello had the
 * SessionTicket extension, so both sides know it from ServerHello on. */
static int p_ticket(const mutls_hs *hs)
{
    return hs->ticket_promised;
}

/* clang-format off */
static const mutls_hs_row table[] = {
    /* num srv content                      type                             name                  present         {client,                                  server} */
    { 1, 0, MUTLS_CT_HANDSHAKE,          MUTLS_HS_CLIENT_HELLO,        "ClientHello",        p_always,       {mutls_hs_write_client_hello,             mutls_hs_parse_client_hello}},
    { 2, 1, MUTLS_CT_HANDSHAKE,          MUTLS_HS_SERVER_HELLO,        "ServerHello",        p_always,       {mutls_hs_parse_server_hello,             mutls_hs_write_server_hello}},
    { 3, 1, MUTLS_CT_HANDSHAKE,          MUTLS_HS_CERTIFICATE,         "Certificate",        p_always,       {mutls_hs_parse_server_certificate,       mutls_hs_write_server_certificate}},
    { 0, 1, MUTLS_CT_HANDSHAKE,          MUTLS_HS_SERVER_KEY_EXCHANGE, "ServerKeyExchange",  p_ecdhe,        {mutls_hs_parse_server_key_exchange,      mutls_hs_write_server_key_exchange}},
    { 4, 1, MUTLS_CT_HANDSHAKE,          MUTLS_HS_CERTIFICATE_REQUEST, "CertificateRequest", p_cert_request, {mutls_hs_parse_certificate_request,      mutls_hs_write_certificate_request}},
    { 5, 1, MUTLS_CT_HANDSHAKE,          MUTLS_HS_SERVER_HELLO_DONE,   "ServerHelloDone",    p_always,       {mutls_hs_parse_server_hello_done,        mutls_hs_write_server_hello_done}},
    { 6, 0, MUTLS_CT_HANDSHAKE,          MUTLS_HS_CERTIFICATE,         "Certificate",        p_client_cert,  {mutls_hs_write_client_certificate,       mutls_hs_parse_client_certificate}},
    { 7, 0, MUTLS_CT_HANDSHAKE,          MUTLS_HS_CLIENT_KEY_EXCHANGE, "ClientKeyExchange",  p_always,       {mutls_hs_write_client_key_exchange,      mutls_hs_parse_client_key_exchange}},
    { 8, 0, MUTLS_CT_HANDSHAKE,          MUTLS_HS_CERTIFICATE_VERIFY,  "CertificateVerify",  p_cert_verify,  {mutls_hs_write_certificate_verify,       mutls_hs_parse_certificate_verify}},
    { 9, 0, MUTLS_CT_CHANGE_CIPHER_SPEC, 0,                            "ChangeCipherSpec",   p_always,       {NULL,                                    NULL}},
    {10, 0, MUTLS_CT_HANDSHAKE,          MUTLS_HS_FINISHED,            "Finished",           p_always,       {mutls_hs_write_finished,                 mutls_hs_parse_finished}},
    { 0, 1, MUTLS_CT_HANDSHAKE,          MUTLS_HS_NEW_SESSION_TICKET,  "NewSessionTicket",   p_ticket,       {mutls_hs_parse_new_session_ticket,       mutls_hs_write_new_session_ticket}},
    {11, 1, MUTLS_CT_CHANGE_CIPHER_SPEC, 0,                            "ChangeCipherSpec",   p_always,       {NULL,                                    NULL}},
    {12, 1, MUTLS_CT_HANDSHAKE,          MUTLS_HS_FINISHED,            "Finished",           p_always,       {mutls_hs_parse_finished,                 mutls_hs_write_finished}},
};
/* clang-format on */

/*
 * RFC 5246 §7.3 figure 2: when the ServerHello echoes the session ID the client offered, the
 * server's ChangeCipherSpec and Finished follow at once, then the client's (RFC 5077 §3.1
 * figure 2: a NewSessionTicket may come first, renewing the client's ticket). The keys come
 * from the session's master secret and the new randoms; each Finished covers the transcript
 * so far, so the server's comes first and the client's covers it too.
 */
/* clang-format off */
static const mutls_hs_row abbreviated[] = {
    /* num srv content                      type                             name                  present         {client,                                  server} */
    { 1, 0, MUTLS_CT_HANDSHAKE,          MUTLS_HS_CLIENT_HELLO,        "ClientHello",        p_always,       {mutls_hs_write_client_hello,             mutls_hs_parse_client_hello}},
    { 2, 1, MUTLS_CT_HANDSHAKE,          MUTLS_HS_SERVER_HELLO,        "ServerHello",        p_always,       {mutls_hs_parse_server_hello,             mutls_hs_write_server_hello}},
    { 0, 1, MUTLS_CT_HANDSHAKE,          MUTLS_HS_NEW_SESSION_TICKET,  "NewSessionTicket",   p_ticket,       {mutls_hs_parse_new_session_ticket,       mutls_hs_write_new_session_ticket}},
    { 3, 1, MUTLS_CT_CHANGE_CIPHER_SPEC, 0,                            "ChangeCipherSpec",   p_always,       {NULL,                                    NULL}},
    { 4, 1, MUTLS_CT_HANDSHAKE,          MUTLS_HS_FINISHED,            "Finished",           p_always,       {mutls_hs_parse_finished,                 mutls_hs_write_finished}},
    { 5, 0, MUTLS_CT_CHANGE_CIPHER_SPEC, 0,                            "ChangeCipherSpec",   p_always,       {NULL,                                    NULL}},
    { 6, 0, MUTLS_CT_HANDSHAKE,          MUTLS_HS_FINISHED,            "Finished",           p_always,       {mutls_hs_write_finished,                 mutls_hs_parse_finished}},
};
/* clang-format on */

#define N_ROWS (sizeof(table) / sizeof(table[0]))
#define N_ABBREVIATED (sizeof(abbreviated) / sizeof(abbreviated[0]))
#define ROW_AFTER_SERVER_HELLO 2 /* index of the first row after ServerHello, both tables */

const mutls_hs_row *mutls_hs_table(size_t *n)
{
    *n = N_ROWS;
    return table;
}

const mutls_hs_row *mutls_hs_table_abbreviated(size_t *n)
{
    *n = N_ABBREVIATED;
    return abbreviated;
}

/* ------------------------------------------------------------ set-up */

int mutls_hs_init(mutls_hs *hs, const struct mutls_config *cfg, const mutls_conn *conn)
{
    int rc = MUTLS_ERR_INTERNAL;

    memset(hs, 0, sizeof(*hs));
    hs->cfg = cfg;
    hs->conn = conn;
    hs->server = cfg->role == MUTLS_ROLE_SERVER;
    hs->fail.alert_sent = -1;
    hs->fail.alert_received = -1;
    hs->table = table;
    hs->n_rows = N_ROWS;
    rc = mutls_rng_new(&hs->rng, cfg->entropy, cfg->entropy_ctx);
    if (rc < 0) {
        goto out;
    }
    /* Nothing is allocated yet: the buffers follow what is sent and received (record.h),
     * within the configured limits, never sized by a peer beyond them. */
    rc = mutls_rec_init(&hs->rec, cfg->record_limit, cfg->limits.max_handshake, hs->rng);
    if (rc < 0) {
        goto out;
    }
    /* Until the handshake is done: our flights leave whole, the in buffer goes while we
     * write, split messages get a reassembly buffer of their own size. */
    mutls_rec_handshake_start(&hs->rec);
    rc = mutls_hs_transcript_init(hs);
out:
    if (rc < 0) {
        mutls_hs_clear(hs);
    }
    return rc;
}

void mutls_hs_clear(mutls_hs *hs)
{
    mutls_rec_clear(&hs->rec);
    mutls_rng_free(hs->rng);
    hs->rng = NULL;
    mutls_free_secret(hs->flight, hs->flight_cap);
    hs->flight = NULL;
    hs->flight_cap = 0;
    mutls_hs_forget_peer(hs);
    mutls_hs_release(hs);
    mutls_pkey_free(hs->eph);
    hs->eph = NULL;
    mutls_wipe(hs->premaster, sizeof(hs->premaster));
    mutls_wipe(hs->master, sizeof(hs->master));
    mutls_wipe(hs->export_master, sizeof(hs->export_master));
    hs->export_ready = 0;
    mutls_wipe(&hs->keys_c2s, sizeof(hs->keys_c2s));
    mutls_wipe(&hs->keys_s2c, sizeof(hs->keys_s2c));
    mutls_wipe(&hs->th256, sizeof(hs->th256));
    mutls_wipe(&hs->th384, sizeof(hs->th384));
    mutls_wipe(&hs->th512, sizeof(hs->th512));
    mutls_hs_session_clear(hs);
    mutls_hs_ticket_clear(hs);
}

/* ------------------------------------------------------------ failure */

int mutls_hs_fail(mutls_hs *hs, int code)
{
    int alert;

    if (hs->fail.code != 0) {
        return hs->fail.code;
    }
    if (code >= 0 || code == MUTLS_WANT_READ || code == MUTLS_WANT_WRITE) {
        return code;
    }
    hs->fail.code = code;
    hs->fail.side = MUTLS_SIDE_US;
    hs->fail.unexpected = hs->unexpected;
    hs->fail.why = hs->why;
    if (!hs->done && hs->waiting != NULL) {
        hs->fail.msg = hs->waiting;
        hs->fail.msg_sent = 0;
    } else if (!hs->done && hs->last_sent != NULL) {
        hs->fail.msg = hs->last_sent;
        hs->fail.msg_sent = 1;
    }
    if (code == MUTLS_ERR_ALERT_RECEIVED) {
        hs->fail.side = MUTLS_SIDE_PEER;
        hs->fail.alert_received = hs->rec.alert_desc;
        mutls_hs_session_forget(hs); /* RFC 5246 §7.2.2 */
        return code;
    }
    if (code == MUTLS_ERR_CLOSED && hs->rec.alert_desc == MUTLS_ALERT_CLOSE_NOTIFY) {
        /* RFC 5246 §7.2.1: the peer closed with close_notify before the handshake was
         * over; ours answers it before we close too (TLS-Anvil's closeNotify test expects
         * it). Best effort, like a fatal alert below; a failed send changes nothing. At the
         * fatal level it is a fatal alert too, which ends the session (§7.2.2). */
        if (hs->rec.alert_level == MUTLS_ALERT_LEVEL_FATAL) {
            mutls_hs_session_forget(hs);
        }
        if (mutls_rec_send_alert(&hs->rec, MUTLS_ALERT_LEVEL_WARNING,
                                 MUTLS_ALERT_CLOSE_NOTIFY) == 0 &&
            mutls_rec_flush(&hs->rec) < 0) {
            return code; /* queued: later calls retry the flush */
        }
        return code;
    }
    alert = mutls_err_alert(code);
    if (alert == MUTLS_NO_ALERT || code == MUTLS_ERR_TRUNCATED || code == MUTLS_ERR_IO ||
        code == MUTLS_ERR_CLOSED) {
        return code;
    }
    /* Best effort: a transport that cannot take the alert now loses it, which the peer
     * then sees as a truncated connection (still a failure). */
    mutls_hs_session_forget(hs); /* RFC 5246 §7.2.2: a fatal alert ends the session */
    if (mutls_rec_send_alert(&hs->rec, MUTLS_ALERT_LEVEL_FATAL, alert) == 0) {
        hs->fail.alert_sent = alert;
        if (mutls_rec_flush(&hs->rec) < 0) {
            return code; /* the alert stays queued; later calls retry the flush */
        }
    }
    return code;
}

/* ------------------------------------------------------------ tracing */

static void trace(mutls_hs *hs, const mutls_hs_row *row, int sent, size_t len)
{
    mutls_trace_msg m;

    hs->seq++;
    if (sent) {
        hs->last_sent = row->name;
    }
    if (hs->cfg->trace == NULL) {
        return;
    }
    m.sent = sent;
    m.step = row->num;
    m.seq = hs->seq;
    m.from = row->from_server ? "server" : "client";
    m.name = row->name;
    m.len = len;
    m.abbreviated = hs->resumed;
    hs->cfg->trace(hs->cfg->trace_ctx, &m);
}

/* ------------------------------------------------------------ rows */

static int row_present(const mutls_hs *hs, const mutls_hs_row *row)
{
    return row->present(hs);
}

static int ours(const mutls_hs *hs, const mutls_hs_row *row)
{
    return row->from_server == hs->server;
}

/* Skip rows that are absent; stop on one that is present or "maybe". */
static const mutls_hs_row *next_row(mutls_hs *hs)
{
    while (hs->row < hs->n_rows && row_present(hs, &hs->table[hs->row]) == 0) {
        hs->row++;
    }
    return hs->row < hs->n_rows ? &hs->table[hs->row] : NULL;
}

/*
 * Walk the rows from hs->row for the one that takes a message of @p content and @p type (the
 * handshake type; 0 for ChangeCipherSpec), past absent rows and "maybe" rows that did not
 * come. 1 with *at its index; 0 when the message cannot come now, *at then the peer's row met
 * instead, or n_rows when our turn or the end of the table came first.
 */
static int row_taking(const mutls_hs *hs, uint8_t content, uint8_t type, size_t *at)
{
    for (size_t k = hs->row; k < hs->n_rows; k++) {
        const mutls_hs_row *row = &hs->table[k];
        int present = row_present(hs, row);

        if (present == 0) {
            continue;
        }
        if (ours(hs, row)) {
            break;
        }
        if (row->content == content && row->hs_type == type) {
            *at = k;
            return 1;
        }
        if (present > 0) {
            *at = k;
            return 0;
        }
    }
    *at = hs->n_rows;
    return 0;
}

/* A message that cannot come now: what was awaited instead, and what came (content type
 * 0x100 | type for a record that is no handshake message). */
static int unexpected(mutls_hs *hs, size_t at, uint8_t content, uint8_t type)
{
    if (at < hs->n_rows) {
        hs->waiting = hs->table[at].name;
    }
    hs->unexpected = content == MUTLS_CT_HANDSHAKE ? type : 0x100 | content;
    return MUTLS_ERR_UNEXPECTED_MESSAGE;
}

/*
 * The record layer's header check (record.h): a handshake message whose type no row can
 * take next is unexpected_message before its body arrives, and one whose length its type
 * never has (HelloRequest and ServerHelloDone are empty, Finished is 12 bytes for every
 * suite here: RFC 5246 §7.4.1.1, §7.4.5, §7.4.9) is a decode_error, rather than waiting for
 * bytes that may never come. After the handshake, mutls_hs_post_message judges.
 */
static int check_header(void *ctx, uint8_t type, size_t body)
{
    mutls_hs *hs = ctx;
    size_t at;

    if (hs->done || (!hs->server && type == MUTLS_HS_HELLO_REQUEST && body == 0)) {
        return 0;
    }
    if (!row_taking(hs, MUTLS_CT_HANDSHAKE, type, &at)) {
        return unexpected(hs, at, MUTLS_CT_HANDSHAKE, type);
    }
    if (((type == MUTLS_HS_HELLO_REQUEST || type == MUTLS_HS_SERVER_HELLO_DONE) && body != 0) ||
        (type == MUTLS_HS_FINISHED && body != 12)) {
        return MUTLS_ERR_DECODE;
    }
    return 0;
}

static int install_keys(mutls_hs *hs, int write)
{
    /* The client writes with the client_write keys, the server reads with them. */
    int c2s = write ? !hs->server : hs->server;
    mutls_rec_keys *k = c2s ? &hs->keys_c2s : &hs->keys_s2c;
    int rc;

    if (!hs->keys_ready) {
        return MUTLS_ERR_UNEXPECTED_MESSAGE;
    }
    rc = write ? mutls_rec_set_write_keys(&hs->rec, k) : mutls_rec_set_read_keys(&hs->rec, k);
    mutls_wipe(k, sizeof(*k));
    return rc;
}

/* After a message enters the transcript: the key schedule runs once ClientKeyExchange is
 * in (the extended master secret hashes through it, RFC 7627 §4), or, resuming, as soon as
 * ServerHello is (the master secret is the session's). The last row of the table in use
 * completes the handshake. */
static int after_message(mutls_hs *hs, const mutls_hs_row *row)
{
    if (row->hs_type == MUTLS_HS_CLIENT_KEY_EXCHANGE) {
        TRY(mutls_hs_derive_keys(hs));
    }
    if (row->hs_type == MUTLS_HS_SERVER_HELLO) {
        /* From ServerHello on, every record carries exactly TLS 1.2 (RFC 5246 appendix E.1). */
        mutls_rec_set_version(&hs->rec, MUTLS_TLS12);
        if (hs->resumed) {
            TRY(mutls_hs_resume_keys(hs));
            hs->table = abbreviated;
            hs->n_rows = N_ABBREVIATED;
            hs->row = ROW_AFTER_SERVER_HELLO;
            return 0;
        }
    }
    if (row == &hs->table[hs->n_rows - 1]) {
        hs->done = 1;
    }
    return 0;
}

/* Total DER bytes of the largest chain among our identities (the one chosen may not be
 * known before its Certificate is written). */
static size_t chain_bound(const mutls_hs *hs)
{
    size_t best = 0;

    for (size_t i = 0; i < hs->cfg->n_ids; i++) {
        const mutls_certs *c = hs->cfg->ids[i]->chain;
        size_t sum = 0;

        for (size_t j = 0; j < c->n; j++) {
            sum += 3 + c->der_len[j];
        }
        best = sum > best ? sum : best;
    }
    return best;
}

/* Largest signature our identity (or, without one yet, any RSA-4096 key) makes. */
static size_t sig_bound(const mutls_pkey *k)
{
    return k != NULL ? mutls_pkey_sig_max(k) : 512;
}

/*
 * An upper bound on the body of the message @p row we are about to write, from what is known
 * now: our chain's DER length, the CA names' length, a key's signature size, fixed sizes for
 * the rest (RFC 5246 §7.4 and RFC 8422 §5.4 give each layout). A bound that is ever wrong is
 * caught by the writer's overflow check and fails the handshake; it never overflows.
 */
static size_t message_bound(const mutls_hs *hs, const mutls_hs_row *row)
{
    const mutls_pkey *ours = hs->id != NULL ? hs->id->pub : NULL;
    size_t n;

    switch (row->hs_type) {
    case MUTLS_HS_CLIENT_HELLO:
        /* and the SessionTicket extension with the ticket we offer (at most TICKET_MAX) */
        return MUTLS_HELLO_MAX + mutls_hs_ticket_offer_len(hs);
    case MUTLS_HS_SERVER_HELLO:
        return MUTLS_HELLO_MAX;
    case MUTLS_HS_NEW_SESSION_TICKET:
        return mutls_hs_ticket_bound(hs);
    case MUTLS_HS_CERTIFICATE:
        return 3 + chain_bound(hs);
    case MUTLS_HS_SERVER_KEY_EXCHANGE:
        /* curve_type, named_curve, point<1..2^8-1>, SignatureAndHashAlgorithm, vec16 */
        return 4 + MUTLS_POINT_MAX + 4 + sig_bound(ours);
    case MUTLS_HS_CERTIFICATE_REQUEST:
        /* types<1..2^8-1> (2 types), schemes<2..2^16-2>, DistinguishedName list */
        n = 3 + 2 + 2 * mutls_hs_scheme_count() + 2;
        for (size_t i = 0; hs->cfg->send_ca_names && i < hs->cfg->anchors->n; i++) {
            n += 2 + hs->cfg->anchors->x[i].subject.len;
        }
        return n;
    case MUTLS_HS_CLIENT_KEY_EXCHANGE:
        /* an RSA-encrypted premaster (vec16 of the modulus size) or an ECDH point (vec8) */
        n = sig_bound(hs->peer_key);
        return 2 + (n > MUTLS_POINT_MAX ? n : MUTLS_POINT_MAX);
    case MUTLS_HS_CERTIFICATE_VERIFY:
        return 4 + sig_bound(ours);
    case MUTLS_HS_FINISHED:
        return 12;
    }
    return 0; /* ServerHelloDone */
}

/* Build our next message (the row's handler writes its body) into a buffer of its bound,
 * once; send_message then hands it to the record layer. One message at a time, so the
 * memory is that of the largest message, not of the flight. */
static int build_message(mutls_hs *hs, const mutls_hs_row *row)
{
    mutls_wr w;
    size_t cap;

    /* Nothing is read while we write: the in buffer may go until the peer's next flight. */
    mutls_rec_release_input(&hs->rec);
    hs->flight_sent = 0;
    hs->flight_len = 0;
    hs->flight_ccs = row->content == MUTLS_CT_CHANGE_CIPHER_SPEC;
    if (hs->flight_ccs) {
        trace(hs, row, 1, 1);
        hs->row++;
        hs->flight_active = 1;
        return 0;
    }
    cap = 4 + message_bound(hs, row);
    hs->flight = mutls_alloc(cap);
    if (hs->flight == NULL) {
        return MUTLS_ERR_NO_MEMORY;
    }
    hs->flight_cap = cap;
    mutls_wr_init(&w, hs->flight, cap);
    mutls_wr_u8(&w, row->hs_type);
    size_t mark = mutls_wr_vec24_begin(&w);
    hs->waiting = NULL;
    hs->last_sent = row->name;
    TRY(row->fn[hs->server](hs, NULL, &w));
    mutls_wr_vec24_end(&w, mark);
    if (w.err) {
        return MUTLS_ERR_HANDSHAKE_TOO_LARGE;
    }
    hs->flight_len = mutls_wr_len(&w);
    TRY(mutls_hs_transcript_add(hs, hs->flight, hs->flight_len));
    trace(hs, row, 1, hs->flight_len - 4);
    hs->row++;
    hs->flight_active = 1;
    return after_message(hs, row);
}

/* Hand the message (or the CCS, then switch write keys) to the record layer; after the last
 * message of our flight, flush. Resumable: every step records how far it got. */
static int send_message(mutls_hs *hs)
{
    static const uint8_t ccs = 1;
    const mutls_hs_row *row;

    while (hs->flight_sent < hs->flight_len) {
        int n = mutls_rec_write(&hs->rec, MUTLS_CT_HANDSHAKE, hs->flight + hs->flight_sent,
                                hs->flight_len - hs->flight_sent);
        if (n < 0) {
            return n;
        }
        hs->flight_sent += (size_t)n;
    }
    if (hs->flight_ccs) {
        int n = mutls_rec_write(&hs->rec, MUTLS_CT_CHANGE_CIPHER_SPEC, &ccs, 1);
        if (n < 0) {
            return n;
        }
        hs->flight_ccs = 0;
        TRY(install_keys(hs, 1));
    }
    /* Committed (sealed into the out buffer): the copy here, Finished included, goes. */
    mutls_free_secret(hs->flight, hs->flight_cap);
    hs->flight = NULL;
    hs->flight_cap = 0;
    hs->flight_len = 0;
    hs->flight_sent = 0;
    row = next_row(hs);
    if (row == NULL || !ours(hs, row)) {
        TRY(mutls_rec_flush(&hs->rec)); /* the flight is complete: send it */
    }
    hs->flight_active = 0;
    return 0;
}

static int receive(mutls_hs *hs)
{
    mutls_rec_unit u;
    const mutls_hs_row *row;
    mutls_rd r, body;
    uint8_t type;
    size_t at;
    int rc;

    /* Only the driver's reads are judged at the header (scripted peers in tests read
     * through the record layer with their own rules). */
    mutls_rec_set_header_check(&hs->rec, check_header, hs);
    rc = mutls_rec_read(&hs->rec, &u, MUTLS_REC_MAX_PLAINTEXT);
    mutls_rec_set_header_check(&hs->rec, NULL, NULL);
    if (rc == MUTLS_REC_CLOSED) {
        return MUTLS_ERR_CLOSED;
    }
    if (rc < 0) {
        return rc;
    }
    if (u.type == MUTLS_CT_APPLICATION_DATA) {
        /* RFC 5246 §7.4: no application data before the handshake completes. */
        hs->unexpected = 0x100 | u.type;
        return MUTLS_ERR_UNEXPECTED_MESSAGE;
    }
    mutls_rd_init_slice(&r, u.data);
    type = u.type == MUTLS_CT_HANDSHAKE ? mutls_rd_u8(&r) : 0;
    if (u.type == MUTLS_CT_HANDSHAKE && type == MUTLS_HS_HELLO_REQUEST && !hs->server &&
        u.data.len == 4) {
        return 0; /* RFC 5246 §7.4.1.1: ignored while a handshake is under way */
    }
    if (!row_taking(hs, u.type, type, &at)) {
        return unexpected(hs, at, u.type, type);
    }
    hs->row = at; /* past the absent rows and the "maybe" rows that did not come */
    row = &hs->table[at];
    hs->waiting = row->name;
    if (row->content == MUTLS_CT_CHANGE_CIPHER_SPEC) {
        trace(hs, row, 0, 1);
        hs->row++;
        return install_keys(hs, 0);
    }
    (void)mutls_rd_u24(&r);
    mutls_rd_sub(&r, mutls_rd_remaining(&r), &body);
    TRY(row->fn[hs->server](hs, &body, NULL));
    if (mutls_rd_end(&body) < 0) {
        return MUTLS_ERR_DECODE;
    }
    TRY(mutls_hs_transcript_add(hs, u.data.p, u.data.len));
    trace(hs, row, 0, u.data.len - 4);
    hs->row++;
    hs->waiting = NULL;
    return after_message(hs, row);
}

int mutls_hs_run(mutls_hs *hs)
{
    int rc = 0;

    if (hs->fail.code != 0) {
        if (mutls_rec_flush(&hs->rec) < 0) {
            return hs->fail.code; /* a pending alert still goes out when it can */
        }
        return hs->fail.code;
    }
    while (!hs->done || hs->flight_active) {
        const mutls_hs_row *row;

        if (hs->flight_active) {
            rc = send_message(hs);
        } else if ((row = next_row(hs)) == NULL) {
            rc = MUTLS_ERR_INTERNAL;
        } else if (ours(hs, row)) {
            rc = build_message(hs, row);
        } else {
            hs->waiting = row->name;
            rc = receive(hs);
        }
        if (rc < 0) {
            return mutls_hs_fail(hs, rc);
        }
    }
    /* The handshake is over: its session is cached (server) or kept (client) before the
     * last messages' secrets go, with the handshake's buffers. Once: every later read and
     * write comes through here too. */
    if (!hs->wrapped_up) {
        mutls_hs_session_finish(hs);
        mutls_hs_ticket_clear(hs); /* a received ticket is the session's now, or unwanted */
        if (hs->cfg->exporter) {
            memcpy(hs->export_master, hs->master, sizeof(hs->master));
            hs->export_ready = 1;
        }
        hs->wrapped_up = 1;
    }
    mutls_wipe(hs->master, sizeof(hs->master));
    mutls_pkey_free(hs->eph);
    hs->eph = NULL;
    mutls_rec_handshake_done(&hs->rec);
    mutls_hs_release(hs);
    return 0;
}

void mutls_hs_release(mutls_hs *hs)
{
    mutls_mem_free(hs->ca_buf, hs->ca_alloc_len);
    hs->ca_buf = NULL;
    hs->ca_alloc_len = 0;
    hs->ca_list.p = NULL;
    hs->ca_list.len = 0;
    hs->n_ca = 0;
}

/* ------------------------------------------------------------ Finished, both roles */

/*
 * struct {
 *     opaque verify_data[verify_data_length];   12 bytes for every suite here
 * } Finished;
 */
int mutls_hs_write_finished(mutls_hs *hs, mutls_rd *in, mutls_wr *out)
{
    uint8_t vd[12];

    (void)in;
    TRY(mutls_hs_finished_data(hs, hs->server, vd));
    mutls_wr_bytes(out, vd, sizeof(vd));
    mutls_wipe(vd, sizeof(vd));
    return 0;
}

int mutls_hs_parse_finished(mutls_hs *hs, mutls_rd *in, mutls_wr *out)
{
    uint8_t expect[12], got[12];
    int bad;

    (void)out;
    if (mutls_rd_remaining(in) != sizeof(got)) {
        return MUTLS_ERR_DECODE;
    }
    mutls_rd_copy(in, got, sizeof(got));
    TRY(mutls_hs_finished_data(hs, !hs->server, expect));
    /* RFC 5246 §7.4.9: the peer's verify_data must be the one we compute; compared in
     * constant time. */
    bad = mutls_ct_neq(expect, got, sizeof(got));
    mutls_wipe(expect, sizeof(expect));
    return bad ? MUTLS_ERR_BAD_FINISHED : 0;
}

/* ------------------------------------------------------------ after the handshake */

int mutls_hs_post_message(mutls_hs *hs, mutls_slice msg)
{
    mutls_rd r;
    uint8_t type;

    mutls_rd_init_slice(&r, msg);
    type = mutls_rd_u8(&r);
    /*
     * RFC 5746 §4.2/§4.4 let either side refuse renegotiation. Like OpenSSL with
     * renegotiation disabled, we answer a ClientHello (server) or HelloRequest (client)
     * with a no_renegotiation warning and carry on; anything else, or more than a few
     * such requests, is fatal.
     */
    if ((hs->server && type == MUTLS_HS_CLIENT_HELLO) ||
        (!hs->server && type == MUTLS_HS_HELLO_REQUEST)) {
        if (++hs->renegotiations_refused > 4) {
            return MUTLS_ERR_RENEGOTIATION;
        }
        TRY(mutls_rec_send_alert(&hs->rec, MUTLS_ALERT_LEVEL_WARNING,
                                 MUTLS_ALERT_NO_RENEGOTIATION));
        return 0;
    }
    return MUTLS_ERR_UNEXPECTED_MESSAGE;
}
