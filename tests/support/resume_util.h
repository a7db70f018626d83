/* SPDX-License-Identifier: MIT */
/*
 * resume_util.h - what the session resumption and ticket tests (test_resume*.c,
 * test_ticket.c) share: a clock the test moves for the servers' session and ticket lifetimes
 * (RFC 5077 §3.3, RFC 5246 §7.4.1.2 "upper limit"), a trace log of handshake messages, one
 * in-process connection that checks both sides agree on resumption, and the extensions a
 * crafted ClientHello needs besides its session offer (server_name, RFC 6066 §3;
 * supported_groups, RFC 8422 §5.1.1; signature_algorithms, RFC 5246 §7.4.1.4.1).
 */
#ifndef MUTLS_TEST_RESUME_UTIL_H
#define MUTLS_TEST_RESUME_UTIL_H

#include <stddef.h>
#include <stdint.h>

#include "bytes.h"
#include "handshake.h"
#include "hs_pair.h"
#include "mutls.h"

/* Seconds ru_clock adds to its frozen wall clock; tests set it (0 again before they end). */
extern int64_t ru_offset;

/* A mutls_time_fn: the wall clock frozen at its first call, plus ru_offset. Time moves only
 * when a test moves ru_offset, so lifetime edges hold however slow the run. */
int64_t ru_clock(void *ctx);

/* The first 16 messages a trace callback saw. */
typedef struct ru_trace {
    int n;
    int steps[16];
    int abbreviated[16];
    int sent[16];
    char names[16][24];
    size_t len[16];
} ru_trace;

/* A mutls_trace_fn logging into the ru_trace @p ctx. */
void ru_on_trace(void *ctx, const mutls_trace_msg *m);

/* Looks at both sides of a finished handshake, before the exchange and close. */
typedef void (*ru_check_fn)(const hp_pair *p, void *ctx);

/*
 * One connection, offering @p offer when given: both handshakes must succeed and both
 * sides say @p expect_reused; then @p check (if any) runs, a message goes each way, and the
 * client's session is stored in *out when @p out is given.
 */
void ru_connect(const mutls_config *client, const mutls_config *server,
                const mutls_session *offer, int expect_reused, mutls_session **out,
                ru_check_fn check, void *ctx);

/* Write the server_name (@p host), supported_groups (P-256, P-384) and
 * signature_algorithms (all we support) extensions of a crafted ClientHello. */
void ru_put_hello_exts(mutls_wr *out, const char *host);

/* Read a ServerHello body's version, random and session ID (RFC 5246 §7.4.1.3) from
 * @p in, the ID into @p sid (which must hold it); returns the ID's length. */
size_t ru_read_sh_sid(mutls_rd *in, uint8_t *sid, size_t cap);

/*
 * A crafted TLS 1.2 ClientHello (RFC 5246 §7.4.1.2) offering one suite and a session, for the
 * scripted tests of the server's resumption rules. A mutls_hs_fn has no context, so
 * ru_write_client_hello writes what the test put in ru_ch before hss_send: client random all
 * 0x42, the session ID, the suite, no compression, then ru_put_hello_exts(host),
 * extended_master_secret, max_fragment_length, record_size_limit 2^14 and the SessionTicket
 * extensions, each when asked for, in that order.
 */
typedef struct ru_hello {
    const uint8_t *sid; /* session ID (sid_len bytes; none when 0) */
    size_t sid_len;
    uint16_t suite;
    const char *host;      /* server_name */
    int ems;               /* extended_master_secret */
    uint8_t mfl;           /* max_fragment_length code; 0: not sent */
    int rsl;               /* record_size_limit 2^14 */
    const uint8_t *ticket; /* body of each SessionTicket extension */
    size_t ticket_len;
    int tickets; /* how many SessionTicket extensions (0: none) */
} ru_hello;
extern ru_hello ru_ch;
int ru_write_client_hello(mutls_hs *hs, mutls_rd *in, mutls_wr *out);

/* What ru_read_server_hello (a mutls_hs_fn for hss_expect) found in a ServerHello: its
 * session ID, its max_fragment_length answer (0: none) and whether it had SessionTicket. */
typedef struct ru_server_hello {
    uint8_t sid[32];
    size_t sid_len;
    int mfl;
    int ticket_ext;
} ru_server_hello;
extern ru_server_hello ru_sh;
int ru_read_server_hello(mutls_hs *hs, mutls_rd *in, mutls_wr *out);

/* The SHA-256 of the first certificate in a Certificate body @p chain (a session's peer
 * chain): what the peer's sessions record as its own identity (hs_session.c). */
void ru_leaf_digest(const uint8_t *chain, size_t len, uint8_t out[32]);

#endif
