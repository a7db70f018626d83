/* SPDX-License-Identifier: MIT */
/*
 * error.h - the error table: for every MUTLS_ERR_* code its name, the TLS alert a
 * handshake sends for it (or MUTLS_NO_ALERT), and a one-sentence text. Also the TLS
 * alert numbers (RFC 5246 §7.2, RFC 8446 §6) and their names.
 */
#ifndef MUTLS_ERROR_H
#define MUTLS_ERROR_H

#include "mutls.h"

#if defined(__GNUC__)
#define MUTLS_MUST_CHECK __attribute__((warn_unused_result))
#else
#define MUTLS_MUST_CHECK
#endif

/* Propagate a failure from a function that owns nothing. */
#define TRY(expr)                                                                                  \
    do {                                                                                           \
        int try_rc_ = (expr);                                                                      \
        if (try_rc_ < 0) {                                                                         \
            return try_rc_;                                                                        \
        }                                                                                          \
    } while (0)

/* TLS alert descriptions (RFC 5246 §7.2; 109-120 from RFC 6066, 7301, 8446). */
enum {
    MUTLS_NO_ALERT = -1,
    MUTLS_ALERT_CLOSE_NOTIFY = 0,
    MUTLS_ALERT_UNEXPECTED_MESSAGE = 10,
    MUTLS_ALERT_BAD_RECORD_MAC = 20,
    MUTLS_ALERT_DECRYPTION_FAILED = 21,
    MUTLS_ALERT_RECORD_OVERFLOW = 22,
    MUTLS_ALERT_DECOMPRESSION_FAILURE = 30,
    MUTLS_ALERT_HANDSHAKE_FAILURE = 40,
    MUTLS_ALERT_NO_CERTIFICATE = 41,
    MUTLS_ALERT_BAD_CERTIFICATE = 42,
    MUTLS_ALERT_UNSUPPORTED_CERTIFICATE = 43,
    MUTLS_ALERT_CERTIFICATE_REVOKED = 44,
    MUTLS_ALERT_CERTIFICATE_EXPIRED = 45,
    MUTLS_ALERT_CERTIFICATE_UNKNOWN = 46,
    MUTLS_ALERT_ILLEGAL_PARAMETER = 47,
    MUTLS_ALERT_UNKNOWN_CA = 48,
    MUTLS_ALERT_ACCESS_DENIED = 49,
    MUTLS_ALERT_DECODE_ERROR = 50,
    MUTLS_ALERT_DECRYPT_ERROR = 51,
    MUTLS_ALERT_EXPORT_RESTRICTION = 60,
    MUTLS_ALERT_PROTOCOL_VERSION = 70,
    MUTLS_ALERT_INSUFFICIENT_SECURITY = 71,
    MUTLS_ALERT_INTERNAL_ERROR = 80,
    MUTLS_ALERT_INAPPROPRIATE_FALLBACK = 86,
    MUTLS_ALERT_USER_CANCELED = 90,
    MUTLS_ALERT_NO_RENEGOTIATION = 100,
    MUTLS_ALERT_MISSING_EXTENSION = 109,
    MUTLS_ALERT_UNSUPPORTED_EXTENSION = 110,
    MUTLS_ALERT_UNRECOGNIZED_NAME = 112,
    MUTLS_ALERT_BAD_CERTIFICATE_STATUS_RESPONSE = 113,
    MUTLS_ALERT_UNKNOWN_PSK_IDENTITY = 115,
    MUTLS_ALERT_CERTIFICATE_REQUIRED = 116,
    MUTLS_ALERT_NO_APPLICATION_PROTOCOL = 120
};

/* Whether @p code has a row in the table (tests walk every value with this). */
int mutls_err_known(int code);

/* The alert a handshake sends for @p code, or MUTLS_NO_ALERT. */
int mutls_err_alert(int code);

/* The lowest code the table covers (the most negative one). */
int mutls_err_min(void);

#endif
