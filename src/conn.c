/* SPDX-License-Identifier: MIT */
/*
 * conn.c - the public connection functions: create, attach a transport, run the handshake,
 * read and write application data over the record layer (RFC 5246 §6), close with
 * close_notify (RFC 5246 §7.2.1), inspect the result, take or offer a session (resumption,
 * hs_session.c), and explain a failure in one sentence
 * naming the side, the message and the reason. The first failure is kept: every later call
 * returns it.
 */
#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>

#include "handshake.h"
#include "mem.h"
#include "session.h"

#define DETAIL_MAX 512

struct mutls_conn {
    mutls_hs hs;
    size_t w_off;      /* bytes of the current mutls_write already committed */
    int close_sent;    /* close_notify committed */
    int peer_closed;   /* close_notify received */
    int hs_started;
    char *detail; /* mutls_error_detail's sentence: allocated at its first call */
};

int mutls_conn_new(mutls_conn **out, const mutls_config *cfg)
{
    mutls_conn *c;
    int rc;

    if (out == NULL || cfg == NULL) {
        return MUTLS_ERR_BAD_ARGUMENT;
    }
    *out = NULL;
    /* A server needs something to present; anyone verifying needs anchors. */
    if (cfg->role == MUTLS_ROLE_SERVER && cfg->n_ids == 0) {
        return MUTLS_ERR_CONFIG;
    }
    if (!cfg->verify_off && cfg->anchors->n == 0 &&
        (cfg->role == MUTLS_ROLE_CLIENT || cfg->client_auth != MUTLS_CLIENT_AUTH_NONE)) {
        return MUTLS_ERR_CONFIG;
    }
    /* Validity periods need the time; an OS-free build has no clock of its own (README
     * "Using mutls in firmware"): say so now rather than fail in the middle of a handshake. */
    if (!cfg->verify_off && cfg->time_fn == NULL &&
        (cfg->role == MUTLS_ROLE_CLIENT || cfg->client_auth != MUTLS_CLIENT_AUTH_NONE)) {
        return MUTLS_ERR_NO_TIME;
    }
    c = mutls_alloc(sizeof(*c));
    if (c == NULL) {
        return MUTLS_ERR_NO_MEMORY;
    }
    rc = mutls_hs_init(&c->hs, cfg, c);
    if (rc < 0) {
        mutls_free_secret(c, sizeof(*c));
        return rc;
    }
    /* The count is the one field of a configuration a connection changes. */
    atomic_fetch_add(&((mutls_config *)cfg)->live, 1);
    *out = c;
    return 0;
}

void mutls_free(mutls_conn *conn)
{
    if (conn == NULL) {
        return;
    }
    atomic_fetch_sub(&((mutls_config *)conn->hs.cfg)->live, 1);
    mutls_hs_clear(&conn->hs);
    mutls_mem_free(conn->detail, DETAIL_MAX);
    mutls_free_secret(conn, sizeof(*conn));
}

int mutls_set_io(mutls_conn *conn, mutls_send_fn send, mutls_recv_fn recv, void *ctx)
{
    if (conn == NULL || send == NULL || recv == NULL) {
        return MUTLS_ERR_BAD_ARGUMENT;
    }
    mutls_rec_set_transport(&conn->hs.rec, send, recv, ctx);
    return 0;
}

int mutls_set_hostname(mutls_conn *conn, const char *name)
{
    uint8_t ip[16];
    size_t ip_len, n;

    if (conn == NULL || name == NULL || conn->hs_started || conn->hs.server) {
        return MUTLS_ERR_BAD_ARGUMENT;
    }
    n = strlen(name);
    if (n == 0 || n >= MUTLS_HOST_MAX) {
        return MUTLS_ERR_BAD_ARGUMENT;
    }
    memcpy(conn->hs.host, name, n + 1);
    conn->hs.host_is_ip = mutls_x509_parse_ip(name, ip, &ip_len) == 0;
    return 0;
}

/* ------------------------------------------------------------ I/O */

static int fail(mutls_conn *conn, int rc)
{
    if (rc == MUTLS_WANT_READ || rc == MUTLS_WANT_WRITE || rc >= 0) {
        return rc;
    }
    return mutls_hs_fail(&conn->hs, rc);
}

int mutls_handshake(mutls_conn *conn)
{
    if (conn == NULL) {
        return MUTLS_ERR_BAD_ARGUMENT;
    }
    if (conn->hs.rec.send == NULL) {
        return MUTLS_ERR_STATE;
    }
    conn->hs_started = 1;
    return mutls_hs_run(&conn->hs);
}

size_t mutls_pending(const mutls_conn *conn)
{
    const mutls_record *rl;

    if (conn == NULL) {
        return 0;
    }
    rl = &conn->hs.rec;
    /* An opened record's plaintext waits in the input buffer until it is read (record.h). */
    if (!rl->have_record || rl->pt_type != MUTLS_CT_APPLICATION_DATA || conn->peer_closed) {
        return 0;
    }
    return rl->pt_end - rl->pt_off;
}

int mutls_read(mutls_conn *conn, void *buf, size_t len)
{
    int rc;

    if (conn == NULL || buf == NULL || len == 0) {
        return MUTLS_ERR_BAD_ARGUMENT;
    }
    TRY(mutls_handshake(conn));
    if (conn->peer_closed) {
        return 0;
    }
    if (len > MUTLS_REC_MAX_PLAINTEXT) {
        len = MUTLS_REC_MAX_PLAINTEXT;
    }
    for (;;) {
        mutls_rec_unit u;
        mutls_rd r;

        /* A warning alert of ours (a refused renegotiation) may still be on its way. */
        rc = mutls_rec_flush(&conn->hs.rec);
        if (rc < 0 && rc != MUTLS_WANT_WRITE) {
            return fail(conn, rc);
        }
        rc = mutls_rec_read(&conn->hs.rec, &u, len);
        if (rc == MUTLS_REC_CLOSED) {
            /* RFC 5246 §7.2.2: a close_notify sent at the fatal level is still a fatal
             * alert, so the session goes as for any other (TLS-Anvil's
             * rejectResumptionAfterFatalPostHandshake sends every description). */
            if (conn->hs.rec.alert_level == MUTLS_ALERT_LEVEL_FATAL) {
                mutls_hs_session_forget(&conn->hs);
            }
            conn->peer_closed = 1;
            return 0;
        }
        if (rc < 0) {
            return fail(conn, rc);
        }
        if (u.type == MUTLS_CT_APPLICATION_DATA) {
            if (u.data.len == 0) {
                continue;
            }
            mutls_rd_init_slice(&r, u.data);
            mutls_rd_copy(&r, buf, u.data.len); /* u.data.len <= len: app_max above */
            return (int)u.data.len;
        }
        if (u.type == MUTLS_CT_HANDSHAKE) {
            rc = mutls_hs_post_message(&conn->hs, u.data);
            if (rc < 0) {
                return fail(conn, rc);
            }
            continue;
        }
        /* RFC 5246 §7.1: a ChangeCipherSpec after the handshake is out of place. */
        return fail(conn, MUTLS_ERR_UNEXPECTED_MESSAGE);
    }
}

int mutls_write(mutls_conn *conn, const void *buf, size_t len)
{
    const uint8_t *p = buf;
    int rc;

    if (conn == NULL || (buf == NULL && len > 0) || len > INT32_MAX) {
        return MUTLS_ERR_BAD_ARGUMENT;
    }
    TRY(mutls_handshake(conn));
    if (conn->close_sent) {
        return MUTLS_ERR_CLOSED;
    }
    if (conn->w_off > len) {
        conn->w_off = 0; /* not the same data as the interrupted call: start over */
    }
    while (conn->w_off < len) {
        int n = mutls_rec_write(&conn->hs.rec, MUTLS_CT_APPLICATION_DATA, p + conn->w_off,
                                len - conn->w_off);
        if (n == MUTLS_WANT_WRITE) {
            rc = mutls_rec_flush(&conn->hs.rec);
            if (rc < 0) {
                return fail(conn, rc);
            }
            continue;
        }
        if (n < 0) {
            return fail(conn, n);
        }
        conn->w_off += (size_t)n;
    }
    rc = mutls_rec_flush(&conn->hs.rec);
    if (rc < 0) {
        return fail(conn, rc);
    }
    conn->w_off = 0;
    return (int)len;
}

int mutls_close(mutls_conn *conn)
{
    int rc;

    if (conn == NULL) {
        return MUTLS_ERR_BAD_ARGUMENT;
    }
    if (conn->hs.fail.code != 0) {
        return conn->hs.fail.code;
    }
    if (!conn->close_sent) {
        rc = mutls_rec_send_alert(&conn->hs.rec, MUTLS_ALERT_LEVEL_WARNING,
                                  MUTLS_ALERT_CLOSE_NOTIFY);
        if (rc < 0) {
            return fail(conn, rc);
        }
        conn->close_sent = 1;
    }
    return fail(conn, mutls_rec_flush(&conn->hs.rec));
}

/* ------------------------------------------------------------ inspection */

const char *mutls_get_version(const mutls_conn *conn)
{
    return conn != NULL && conn->hs.done ? "TLSv1.2" : NULL;
}

const char *mutls_get_suite(const mutls_conn *conn)
{
    return conn != NULL && conn->hs.done ? conn->hs.suite->iana : NULL;
}

/* RFC 5705 §4: labels TLS 1.2 itself feeds the PRF (RFC 5246 §7.4.9, §8.1, §6.3; RFC 7627
 * §4), which an exporter must not reproduce. */
static int label_reserved(const char *label)
{
    static const char *const tls[] = {"client finished", "server finished", "master secret",
                                      "extended master secret", "key expansion"};

    for (size_t i = 0; i < sizeof(tls) / sizeof(tls[0]); i++) {
        if (strcmp(label, tls[i]) == 0) {
            return 1;
        }
    }
    return 0;
}

int mutls_export_keying_material(const mutls_conn *conn, const char *label,
                                 const uint8_t *context, size_t context_len, uint8_t *out,
                                 size_t out_len)
{
    /* RFC 5705 §4: seed = client_random + server_random [+ uint16 context length + context] */
    uint8_t *seed;
    size_t seed_len;
    int rc;

    if (conn == NULL || label == NULL || label[0] == '\0' || label_reserved(label) ||
        out == NULL || out_len == 0 || context_len > 0xffff ||
        (context == NULL && context_len > 0)) {
        return MUTLS_ERR_BAD_ARGUMENT;
    }
    if (!conn->hs.done || !conn->hs.export_ready) {
        return MUTLS_ERR_STATE;
    }
    seed_len = 64 + (context != NULL ? 2 + context_len : 0);
    seed = mutls_alloc(seed_len);
    if (seed == NULL) {
        return MUTLS_ERR_NO_MEMORY;
    }
    memcpy(seed, conn->hs.client_random, 32);
    memcpy(seed + 32, conn->hs.server_random, 32);
    if (context != NULL) {
        seed[64] = (uint8_t)(context_len >> 8);
        seed[65] = (uint8_t)context_len;
        if (context_len > 0) {
            memcpy(seed + 66, context, context_len);
        }
    }
    rc = mutls_prf(conn->hs.suite->prf, conn->hs.export_master, sizeof(conn->hs.export_master),
                   label, seed, seed_len, out, out_len);
    mutls_mem_free(seed, seed_len);
    return rc;
}

const char *mutls_get_alpn(const mutls_conn *conn)
{
    return conn != NULL && conn->hs.alpn[0] != '\0' ? conn->hs.alpn : NULL;
}

const char *mutls_get_server_name(const mutls_conn *conn)
{
    return conn != NULL && conn->hs.host[0] != '\0' ? conn->hs.host : NULL;
}

size_t mutls_get_record_limit(const mutls_conn *conn, int sending)
{
    if (conn == NULL) {
        return 0;
    }
    if (!sending) {
        return conn->hs.rec.max_frag; /* ours, or a smaller max_fragment_length we agreed to */
    }
    /* Our records are bounded by our own buffer too (sized by the same setting). */
    size_t ours = conn->hs.cfg->record_limit;
    size_t peer = conn->hs.send_limit != 0 ? conn->hs.send_limit : MUTLS_REC_MAX_PLAINTEXT;
    return peer < ours ? peer : ours;
}

int mutls_client_cert_requested(const mutls_conn *conn)
{
    return conn != NULL && conn->hs.f_cert_requested;
}

int mutls_client_cert_given(const mutls_conn *conn)
{
    return conn != NULL && conn->hs.f_client_cert;
}

size_t mutls_peer_cert_count(const mutls_conn *conn)
{
    return conn != NULL ? conn->hs.n_peer : 0;
}

int mutls_peer_cert_der(const mutls_conn *conn, size_t i, const uint8_t **der, size_t *len)
{
    if (conn == NULL || der == NULL || len == NULL || i >= conn->hs.n_peer) {
        return MUTLS_ERR_BAD_ARGUMENT;
    }
    *der = conn->hs.peer[i].der.p;
    *len = conn->hs.peer[i].der.len;
    return 0;
}

const char *mutls_peer_subject(const mutls_conn *conn)
{
    return conn != NULL && conn->hs.verified_peer ? conn->hs.peer_subject : NULL;
}

const char *mutls_peer_issuer(const mutls_conn *conn)
{
    return conn != NULL && conn->hs.verified_peer ? conn->hs.peer_issuer : NULL;
}

int mutls_peer_validity(const mutls_conn *conn, int64_t *not_before, int64_t *not_after)
{
    if (conn == NULL || conn->hs.n_peer == 0 || not_before == NULL || not_after == NULL) {
        return MUTLS_ERR_BAD_ARGUMENT;
    }
    *not_before = conn->hs.peer[0].not_before;
    *not_after = conn->hs.peer[0].not_after;
    return 0;
}

size_t mutls_peer_san_count(const mutls_conn *conn)
{
    return conn != NULL ? conn->hs.n_peer_san : 0;
}

const char *mutls_peer_san(const mutls_conn *conn, size_t i)
{
    return conn != NULL && i < conn->hs.n_peer_san ? conn->hs.peer_san[i] : NULL;
}

size_t mutls_cert_request_ca_count(const mutls_conn *conn)
{
    return conn != NULL ? conn->hs.n_ca : 0;
}

const char *mutls_cert_request_ca(const mutls_conn *conn, size_t i)
{
    if (conn == NULL || i >= conn->hs.n_ca) {
        return NULL;
    }
    return mutls_hs_ca_text(&conn->hs, i);
}

/* ------------------------------------------------------------ sessions */

int mutls_get_session(const mutls_conn *conn, mutls_session **out)
{
    if (out != NULL) {
        *out = NULL;
    }
    if (conn == NULL || out == NULL || conn->hs.server) {
        return MUTLS_ERR_BAD_ARGUMENT;
    }
    /* Only a completed handshake that ended no other way than cleanly (RFC 5246 §7.2.2). */
    if (!conn->hs.done || conn->hs.sess == NULL || conn->hs.sess_dead || conn->hs.fail.code) {
        return MUTLS_ERR_NO_SESSION;
    }
    return mutls_session_dup(out, conn->hs.sess);
}

int mutls_set_session(mutls_conn *conn, const mutls_session *s)
{
    mutls_session *copy;

    if (conn == NULL || s == NULL || conn->hs.server) {
        return MUTLS_ERR_BAD_ARGUMENT;
    }
    if (conn->hs_started) {
        return MUTLS_ERR_STATE;
    }
    TRY(mutls_session_dup(&copy, s));
    mutls_session_free(conn->hs.sess);
    conn->hs.sess = copy;
    return 0;
}

int mutls_session_reused(const mutls_conn *conn)
{
    return conn != NULL && conn->hs.done && conn->hs.resumed;
}

int mutls_alert_received(const mutls_conn *conn)
{
    return conn != NULL ? conn->hs.fail.alert_received : -1;
}

int mutls_alert_sent(const mutls_conn *conn)
{
    return conn != NULL ? conn->hs.fail.alert_sent : -1;
}

/* ------------------------------------------------------------ explaining a failure */

static int certificate_alert(int a)
{
    return (a >= MUTLS_ALERT_BAD_CERTIFICATE && a <= MUTLS_ALERT_CERTIFICATE_UNKNOWN) ||
           a == MUTLS_ALERT_UNKNOWN_CA || a == MUTLS_ALERT_ACCESS_DENIED ||
           a == MUTLS_ALERT_CERTIFICATE_REQUIRED;
}

/* What arrived out of order, for the detail sentence: the table's name for a handshake
 * message or a ChangeCipherSpec (0x100 | content type), else the few it has no row for. */
static const char *unit_name(int unexpected)
{
    size_t n;
    const mutls_hs_row *t = mutls_hs_table(&n);

    for (size_t i = 0; i < n; i++) {
        int key = t[i].content == MUTLS_CT_HANDSHAKE ? t[i].hs_type : 0x100 | t[i].content;
        if (key == unexpected) {
            return t[i].name;
        }
    }
    if (unexpected == MUTLS_HS_HELLO_REQUEST) {
        return "HelloRequest";
    }
    if (unexpected == (0x100 | MUTLS_CT_APPLICATION_DATA)) {
        return "application data";
    }
    return "an unknown handshake message";
}

/* Append to the detail sentence; what does not fit in DETAIL_MAX is cut off. */
__attribute__((format(printf, 3, 4))) static void say(char *buf, size_t *n, const char *fmt, ...)
{
    va_list ap;
    int k;

    if (*n >= DETAIL_MAX) {
        return;
    }
    va_start(ap, fmt);
    k = vsnprintf(buf + *n, DETAIL_MAX - *n, fmt, ap);
    va_end(ap);
    *n += k > 0 ? (size_t)k : 0;
}

const char *mutls_error_detail(const mutls_conn *conn)
{
    mutls_conn *c = (mutls_conn *)conn; /* the buffer is a cache inside the connection */
    const mutls_fail *f;
    const char *us, *peer, *why;
    size_t n = 0;
    int waiting;

    if (conn == NULL) {
        return "";
    }
    f = &conn->hs.fail;
    if (f->code == 0) {
        return "";
    }
    if (c->detail == NULL) {
        /* Only a failed connection needs the room for a sentence. */
        c->detail = mutls_alloc(DETAIL_MAX);
        if (c->detail == NULL) {
            return mutls_error_text(f->code);
        }
    }
    us = conn->hs.server ? "server" : "client";
    peer = conn->hs.server ? "client" : "server";
    waiting = f->msg != NULL && !f->msg_sent; /* else f->msg, if any, was our last message */
    why = f->why ? f->why : mutls_error_text(f->code);
    if (f->code == MUTLS_ERR_ALERT_RECEIVED) {
        int a = f->alert_received;
        int our_cert = conn->hs.server || conn->hs.f_client_cert;
        if (certificate_alert(a) && our_cert) {
            say(c->detail, &n, "%s rejected our %s certificate: alert %s(%d) after our Certificate",
                peer, us, mutls_alert_name(a), a);
        } else if (waiting) {
            say(c->detail, &n, "%s sent alert %s(%d) while we waited for its %s", peer,
                mutls_alert_name(a), a, f->msg);
        } else {
            say(c->detail, &n, "%s sent alert %s(%d) after our %s", peer, mutls_alert_name(a), a,
                f->msg ? f->msg : "hello");
        }
        /* protocol_version in answer to our hello: most often a peer that speaks only TLS 1.3
         * (or, for a server, one that told us it could and then refused 1.2). */
        if (a == MUTLS_ALERT_PROTOCOL_VERSION && !conn->hs.done &&
            (!conn->hs.server || conn->hs.peer_offered_tls13)) {
            say(c->detail, &n, "; it may accept only TLS 1.3, and mutls speaks TLS 1.2 only");
        }
        return c->detail;
    }
    if (f->reason[0] != '\0') {
        say(c->detail, &n, "%s", f->reason);
    } else if (f->code == MUTLS_ERR_NO_CLIENT_CERTIFICATE) {
        say(c->detail, &n, "client sent no certificate");
    } else if (f->code == MUTLS_ERR_TRUNCATED || f->code == MUTLS_ERR_CLOSED) {
        say(c->detail, &n, "%s ended the connection %s", peer,
            f->code == MUTLS_ERR_TRUNCATED ? "without close_notify" : "with close_notify");
        if (waiting) {
            say(c->detail, &n, " while we waited for its %s", f->msg);
        }
        /* Some servers (Mbed TLS 2.28, for one) refuse a client certificate, or its absence,
         * by closing without an alert: after the server asked for one, say what the silence
         * most likely means. */
        if (!conn->hs.server && waiting && conn->hs.f_cert_requested && !conn->hs.resumed &&
            f->code == MUTLS_ERR_TRUNCATED) {
            say(c->detail, &n, "; it had asked for a client certificate and %s, so it may "
                "have refused %s without an alert",
                conn->hs.f_client_cert ? "we sent ours" : "we had none to send",
                conn->hs.f_client_cert ? "it" : "the connection");
        }
    } else if (f->code == MUTLS_ERR_RECORD_OVERFLOW) {
        size_t limit = conn->hs.rec.max_frag;
        /* Client: the server answered max_fragment_length or record_size_limit. Server: the
         * client sent record_size_limit, so it heard our limit in the ServerHello, or we
         * agreed to its max_fragment_length (mfl_code stays set only then). */
        int told = conn->hs.server ? conn->hs.peer_rsl != 0 || conn->hs.mfl_code != 0
                                   : conn->hs.send_limit != 0;
        const char *how = limit >= MUTLS_REC_MAX_PLAINTEXT ? ""
                          : told ? " (the limit it agreed to)"
                          : conn->hs.server ? " (not announced to it: it had offered no "
                                              "record_size_limit)"
                                            : " (it accepted neither record_size_limit nor "
                                              "max_fragment_length)";
        say(c->detail, &n, "%s sent a record over our limit of %zu plaintext bytes%s", peer, limit,
            how);
        if (waiting) {
            say(c->detail, &n, " while we waited for its %s", f->msg);
        }
    } else if (f->code == MUTLS_ERR_UNEXPECTED_MESSAGE && waiting) {
        say(c->detail, &n, "%s expected the %s's %s but received %s", us, peer, f->msg,
            unit_name(f->unexpected));
    } else if (waiting) {
        /* A record-layer failure: the message itself never arrived intact. */
        int record = f->code <= -200 && f->code > -300;
        say(c->detail, &n,
            record ? "%s failed while it waited for the %s's %s: %s" : "%s refused the %s's %s: %s",
            us, peer, f->msg, record ? mutls_error_text(f->code) : why);
    } else if (f->msg != NULL) {
        say(c->detail, &n, "%s failed to make its %s: %s", us, f->msg, why);
    } else {
        say(c->detail, &n, "%s: %s", us, mutls_error_text(f->code));
    }
    /* A fatal alert we sent (never for an ended connection: there is no one to tell). */
    if (f->alert_sent >= 0) {
        say(c->detail, &n, ": sent alert %s(%d)", mutls_alert_name(f->alert_sent),
            f->alert_sent);
    }
    return c->detail;
}
