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

#ifdef __cplusplus
}
#endif
#endif /* MUTLS_H */
