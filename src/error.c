/* SPDX-License-Identifier: MIT */
/*
 * error.c - one table from error code to name, alert and text (s2n's ERR_ENTRIES idea),
 * and the names of TLS alerts. Depends on nothing. tests/test_error.c fails when a code in
 * mutls.h has no row here.
 */
#include "error.h"

#include <stddef.h>

typedef struct {
    const char *name;
    int alert;
    const char *text;
} err_row;

#define ROW(code, nm, al, tx) [-(code)] = {nm, al, tx}

/* clang-format off */
static const err_row err_table[] = {
    ROW(MUTLS_OK,                 "ok",                 MUTLS_NO_ALERT, "success"),
    ROW(MUTLS_WANT_READ,          "want_read",          MUTLS_NO_ALERT, "the transport has no data yet: call again when it is readable"),
    ROW(MUTLS_WANT_WRITE,         "want_write",         MUTLS_NO_ALERT, "the transport cannot take data yet: call again when it is writable"),

    ROW(MUTLS_ERR_INTERNAL,       "internal_error",     MUTLS_ALERT_INTERNAL_ERROR, "internal error in mutls"),
    ROW(MUTLS_ERR_NO_MEMORY,      "no_memory",          MUTLS_ALERT_INTERNAL_ERROR, "out of memory"),
    ROW(MUTLS_ERR_BAD_ARGUMENT,   "bad_argument",       MUTLS_NO_ALERT, "an argument passed to mutls is not valid"),
    ROW(MUTLS_ERR_IO,             "io_error",           MUTLS_NO_ALERT, "the transport failed"),
    ROW(MUTLS_ERR_CLOSED,         "closed",             MUTLS_NO_ALERT, "the connection is closed"),
    ROW(MUTLS_ERR_STATE,          "bad_state",          MUTLS_NO_ALERT, "this call is not valid in the connection's current state"),
    ROW(MUTLS_ERR_FILE,           "file_error",         MUTLS_NO_ALERT, "a file could not be read"),
    ROW(MUTLS_ERR_CONFIG,         "config_error",       MUTLS_NO_ALERT, "the configuration is incomplete or inconsistent"),
    ROW(MUTLS_ERR_NO_ENTROPY,     "no_entropy",         MUTLS_ALERT_INTERNAL_ERROR, "no entropy source is available"),
    ROW(MUTLS_ERR_NO_TIME,        "no_time",            MUTLS_ALERT_INTERNAL_ERROR, "no time source is available to check certificate validity"),
    ROW(MUTLS_ERR_BUFFER_TOO_SMALL, "buffer_too_small", MUTLS_NO_ALERT, "the output buffer is too small"),
    ROW(MUTLS_ERR_LIMIT,          "limit_exceeded",     MUTLS_ALERT_DECODE_ERROR, "the peer exceeded a configured size limit"),
    ROW(MUTLS_ERR_NOT_BUILT,      "not_built",          MUTLS_ALERT_INTERNAL_ERROR, "this feature was left out of this build of mutls (a -DMUTLS_...=OFF option)"),

    ROW(MUTLS_ERR_RECORD_OVERFLOW, "record_overflow",   MUTLS_ALERT_RECORD_OVERFLOW, "a record is longer than TLS allows"),
    ROW(MUTLS_ERR_BAD_RECORD_MAC, "bad_record_mac",     MUTLS_ALERT_BAD_RECORD_MAC, "a record failed its integrity check"),
    ROW(MUTLS_ERR_RECORD_TYPE,    "bad_record_type",    MUTLS_ALERT_UNEXPECTED_MESSAGE, "a record has an unknown content type"),
    ROW(MUTLS_ERR_RECORD_VERSION, "bad_record_version", MUTLS_ALERT_PROTOCOL_VERSION, "a record carries a protocol version other than TLS 1.2"),
    ROW(MUTLS_ERR_RECORD_DECODE,  "record_decode_error", MUTLS_ALERT_DECODE_ERROR, "a record is malformed"),
    ROW(MUTLS_ERR_ALERT_RECEIVED, "alert_received",     MUTLS_NO_ALERT, "the peer sent a fatal alert"),
    ROW(MUTLS_ERR_TRUNCATED,      "truncated",          MUTLS_NO_ALERT, "the connection ended without close_notify (possible truncation attack)"),
    ROW(MUTLS_ERR_SEQUENCE_OVERFLOW, "sequence_overflow", MUTLS_ALERT_INTERNAL_ERROR, "the record sequence number would wrap"),
    ROW(MUTLS_ERR_RECORD_UNEXPECTED, "unexpected_record", MUTLS_ALERT_UNEXPECTED_MESSAGE, "a record arrived that is not allowed at this point"),

    ROW(MUTLS_ERR_DECODE,         "decode_error",       MUTLS_ALERT_DECODE_ERROR, "a handshake message is malformed"),
    ROW(MUTLS_ERR_UNEXPECTED_MESSAGE, "unexpected_message", MUTLS_ALERT_UNEXPECTED_MESSAGE, "a handshake message arrived out of order"),
    ROW(MUTLS_ERR_PROTOCOL_VERSION, "protocol_version", MUTLS_ALERT_PROTOCOL_VERSION, "the peer does not support TLS 1.2"),
    ROW(MUTLS_ERR_HANDSHAKE_FAILURE, "handshake_failure", MUTLS_ALERT_HANDSHAKE_FAILURE, "the handshake failed"),
    ROW(MUTLS_ERR_ILLEGAL_PARAMETER, "illegal_parameter", MUTLS_ALERT_ILLEGAL_PARAMETER, "a handshake field has a value that is not allowed"),
    ROW(MUTLS_ERR_BAD_FINISHED,   "bad_finished",       MUTLS_ALERT_DECRYPT_ERROR, "the peer's Finished message does not match the handshake"),
    ROW(MUTLS_ERR_BAD_SIGNATURE,  "bad_handshake_signature", MUTLS_ALERT_DECRYPT_ERROR, "a handshake signature does not verify"),
    ROW(MUTLS_ERR_NO_CLIENT_CERTIFICATE, "no_client_certificate", MUTLS_ALERT_HANDSHAKE_FAILURE, "client sent no certificate"),
    ROW(MUTLS_ERR_NO_SERVER_CERTIFICATE, "no_server_certificate", MUTLS_ALERT_HANDSHAKE_FAILURE, "server sent no certificate"),
    ROW(MUTLS_ERR_NO_EXTENDED_MASTER_SECRET, "no_extended_master_secret", MUTLS_ALERT_HANDSHAKE_FAILURE, "the peer does not support the extended master secret (RFC 7627), which is required"),
    ROW(MUTLS_ERR_RENEGOTIATION,  "renegotiation_refused", MUTLS_ALERT_NO_RENEGOTIATION, "renegotiation is not supported"),
    ROW(MUTLS_ERR_UNSUPPORTED_EXTENSION, "unsupported_extension", MUTLS_ALERT_UNSUPPORTED_EXTENSION, "the peer sent an extension that was not offered or is duplicated"),
    ROW(MUTLS_ERR_INSUFFICIENT_SECURITY, "insufficient_security", MUTLS_ALERT_INSUFFICIENT_SECURITY, "the peer offered only parameters weaker than allowed"),
    ROW(MUTLS_ERR_NO_APPLICATION_PROTOCOL, "no_application_protocol", MUTLS_ALERT_NO_APPLICATION_PROTOCOL, "no application protocol (ALPN) in common"),
    ROW(MUTLS_ERR_UNRECOGNIZED_NAME, "unrecognized_name", MUTLS_ALERT_UNRECOGNIZED_NAME, "the server does not serve the requested name"),
    ROW(MUTLS_ERR_VERIFY_HOOK,    "verify_hook_rejected", MUTLS_ALERT_ACCESS_DENIED, "the application's verify hook rejected the peer"),
    ROW(MUTLS_ERR_NO_SHARED_CIPHER, "no_shared_cipher", MUTLS_ALERT_HANDSHAKE_FAILURE, "no cipher suite, group or signature scheme in common"),
    ROW(MUTLS_ERR_HANDSHAKE_TOO_LARGE, "handshake_too_large", MUTLS_ALERT_DECODE_ERROR, "a handshake message is larger than the configured limit"),
    ROW(MUTLS_ERR_NO_SESSION,     "no_session",         MUTLS_NO_ALERT, "there is no resumable session (no completed handshake, no session ID from the server, no extended master secret, or a fatal alert)"),
    ROW(MUTLS_ERR_SESSION_MALFORMED, "session_malformed", MUTLS_NO_ALERT, "the saved session bytes are malformed or of another version"),

    ROW(MUTLS_ERR_DER,            "der_malformed",      MUTLS_ALERT_BAD_CERTIFICATE, "malformed DER encoding"),
    ROW(MUTLS_ERR_X509_MALFORMED, "malformed",          MUTLS_ALERT_BAD_CERTIFICATE, "the certificate is malformed"),
    ROW(MUTLS_ERR_X509_EXPIRED,   "expired",            MUTLS_ALERT_CERTIFICATE_EXPIRED, "the certificate has expired"),
    ROW(MUTLS_ERR_X509_NOT_YET_VALID, "not_yet_valid",  MUTLS_ALERT_CERTIFICATE_EXPIRED, "the certificate is not yet valid"),
    ROW(MUTLS_ERR_X509_UNKNOWN_ISSUER, "unknown_issuer", MUTLS_ALERT_UNKNOWN_CA, "the certificate's issuer is not trusted"),
    ROW(MUTLS_ERR_X509_BAD_SIGNATURE, "bad_signature",  MUTLS_ALERT_BAD_CERTIFICATE, "the certificate's signature does not verify"),
    ROW(MUTLS_ERR_X509_NOT_A_CA,  "not_a_ca",           MUTLS_ALERT_BAD_CERTIFICATE, "an issuing certificate is not a CA"),
    ROW(MUTLS_ERR_X509_PATH_TOO_LONG, "path_too_long",  MUTLS_ALERT_BAD_CERTIFICATE, "the chain is longer than a CA's path length constraint or the depth limit"),
    ROW(MUTLS_ERR_X509_NAME_MISMATCH, "name_mismatch",  MUTLS_ALERT_BAD_CERTIFICATE, "the certificate is not valid for the expected name"),
    ROW(MUTLS_ERR_X509_PURPOSE_MISMATCH, "purpose_mismatch", MUTLS_ALERT_UNSUPPORTED_CERTIFICATE, "the certificate's extended key usage does not allow this purpose"),
    ROW(MUTLS_ERR_X509_NAME_CONSTRAINT, "name_constraint_violated", MUTLS_ALERT_BAD_CERTIFICATE, "a name in the certificate violates an issuer's name constraints"),
    ROW(MUTLS_ERR_X509_UNSUPPORTED_ALGORITHM, "unsupported_algorithm", MUTLS_ALERT_UNSUPPORTED_CERTIFICATE, "the certificate uses an algorithm mutls does not accept"),
    ROW(MUTLS_ERR_X509_UNKNOWN_CRITICAL_EXTENSION, "unknown_critical_extension", MUTLS_ALERT_UNSUPPORTED_CERTIFICATE, "the certificate has a critical extension mutls does not understand"),
    ROW(MUTLS_ERR_X509_WEAK_KEY,  "weak_key",           MUTLS_ALERT_INSUFFICIENT_SECURITY, "the certificate's key is too small or of an unsupported kind"),
    ROW(MUTLS_ERR_X509_KEY_USAGE, "key_usage_mismatch", MUTLS_ALERT_UNSUPPORTED_CERTIFICATE, "the certificate's key usage does not allow this use"),
    ROW(MUTLS_ERR_X509_SELF_SIGNED, "self_signed",      MUTLS_ALERT_UNKNOWN_CA, "the certificate is self-signed and not a trust anchor"),
    ROW(MUTLS_ERR_X509_TOO_MANY_CERTIFICATES, "too_many_certificates", MUTLS_ALERT_BAD_CERTIFICATE, "the chain has more certificates than allowed"),
    ROW(MUTLS_ERR_X509_REVOKED,   "revoked",            MUTLS_ALERT_CERTIFICATE_REVOKED, "the certificate has been revoked by its issuer"),
    ROW(MUTLS_ERR_X509_CRL_MISSING, "crl_missing",      MUTLS_ALERT_CERTIFICATE_UNKNOWN, "revocation is checked and no CRL from the certificate's issuer that covers it is loaded"),
    ROW(MUTLS_ERR_X509_CRL_EXPIRED, "crl_expired",      MUTLS_ALERT_CERTIFICATE_UNKNOWN, "the issuer's CRL is out of date (past its nextUpdate) or not yet valid"),
    ROW(MUTLS_ERR_X509_CRL_BAD_SIGNATURE, "crl_bad_signature", MUTLS_ALERT_CERTIFICATE_UNKNOWN, "the CRL naming the certificate's issuer is not signed by that issuer's key, or the issuer may not sign CRLs"),
    ROW(MUTLS_ERR_X509_CRL_MALFORMED, "crl_malformed",  MUTLS_NO_ALERT, "the CRL is malformed"),
    ROW(MUTLS_ERR_X509_CRL_UNSUPPORTED, "crl_unsupported", MUTLS_NO_ALERT, "the CRL uses a feature mutls does not support (a delta or indirect CRL, an unknown critical extension, or a refused signature algorithm), or this build leaves CRLs out"),
    ROW(MUTLS_ERR_X509_NO_POLICY, "no_acceptable_policy", MUTLS_ALERT_BAD_CERTIFICATE, "the chain has no certificate policy acceptable to this configuration while an explicit policy is required (RFC 5280 6.1)"),
    ROW(MUTLS_ERR_X509_POLICY_TOO_COMPLEX, "policy_too_complex", MUTLS_ALERT_BAD_CERTIFICATE, "the certificate policies and mappings of the chain exceed mutls's bound on policy processing"),

    ROW(MUTLS_ERR_KEY_MALFORMED,  "key_malformed",      MUTLS_NO_ALERT, "the private key is malformed"),
    ROW(MUTLS_ERR_KEY_BAD_PASSWORD, "key_bad_password", MUTLS_NO_ALERT, "the private key password is not correct"),
    ROW(MUTLS_ERR_KEY_NEEDS_PASSWORD, "key_needs_password", MUTLS_NO_ALERT, "the private key is encrypted and no password was given"),
    ROW(MUTLS_ERR_KEY_UNSUPPORTED, "key_unsupported",   MUTLS_NO_ALERT, "the private key's kind, curve or encryption is not supported"),
    ROW(MUTLS_ERR_KEY_MISMATCH,   "key_mismatch",       MUTLS_NO_ALERT, "the private key does not match the certificate"),
    ROW(MUTLS_ERR_PEM_MALFORMED,  "pem_malformed",      MUTLS_NO_ALERT, "a PEM block is malformed"),
    ROW(MUTLS_ERR_PEM_NOT_FOUND,  "pem_not_found",      MUTLS_NO_ALERT, "no PEM block of the expected kind was found"),

    ROW(MUTLS_ERR_CRYPTO,         "crypto_error",       MUTLS_ALERT_INTERNAL_ERROR, "a cryptographic operation failed"),
    ROW(MUTLS_ERR_RNG,            "rng_error",          MUTLS_ALERT_INTERNAL_ERROR, "the random number generator failed"),
    ROW(MUTLS_ERR_POINT_NOT_ON_CURVE, "point_not_on_curve", MUTLS_ALERT_ILLEGAL_PARAMETER, "an elliptic-curve point is not on the curve"),
    ROW(MUTLS_ERR_CRYPTO_UNSUPPORTED, "crypto_unsupported", MUTLS_ALERT_HANDSHAKE_FAILURE, "the algorithm or parameter is not supported"),
    ROW(MUTLS_ERR_SIGNATURE_INVALID, "signature_invalid", MUTLS_ALERT_DECRYPT_ERROR, "a signature does not verify"),
};
/* clang-format on */

#define TABLE_LEN (sizeof(err_table) / sizeof(err_table[0]))

static const err_row *find_row(int code)
{
    size_t idx;

    if (code > 0) {
        return NULL;
    }
    idx = (size_t)(-(long)code);
    if (idx >= TABLE_LEN || err_table[idx].name == NULL) {
        return NULL;
    }
    return &err_table[idx];
}

int mutls_err_known(int code)
{
    return find_row(code) != NULL;
}

int mutls_err_min(void)
{
    return -(int)(TABLE_LEN - 1);
}

int mutls_err_alert(int code)
{
    const err_row *row = find_row(code);
    return row ? row->alert : MUTLS_ALERT_INTERNAL_ERROR;
}

const char *mutls_strerror(int code)
{
    const err_row *row = find_row(code);
    return row ? row->name : "unknown_error";
}

const char *mutls_error_text(int code)
{
    const err_row *row = find_row(code);
    return row ? row->text : "unknown error code";
}

const char *mutls_alert_name(int alert)
{
    /* clang-format off */
    static const struct { int num; const char *name; } names[] = {
        {0, "close_notify"},          {10, "unexpected_message"},   {20, "bad_record_mac"},
        {21, "decryption_failed"},    {22, "record_overflow"},      {30, "decompression_failure"},
        {40, "handshake_failure"},    {41, "no_certificate"},       {42, "bad_certificate"},
        {43, "unsupported_certificate"}, {44, "certificate_revoked"}, {45, "certificate_expired"},
        {46, "certificate_unknown"},  {47, "illegal_parameter"},    {48, "unknown_ca"},
        {49, "access_denied"},        {50, "decode_error"},         {51, "decrypt_error"},
        {60, "export_restriction"},   {70, "protocol_version"},     {71, "insufficient_security"},
        {80, "internal_error"},       {86, "inappropriate_fallback"}, {90, "user_canceled"},
        {100, "no_renegotiation"},    {109, "missing_extension"},   {110, "unsupported_extension"},
        {111, "certificate_unobtainable"}, {112, "unrecognized_name"},
        {113, "bad_certificate_status_response"}, {114, "bad_certificate_hash_value"},
        {115, "unknown_psk_identity"}, {116, "certificate_required"}, {120, "no_application_protocol"},
    };
    /* clang-format on */
    size_t i;

    for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
        if (names[i].num == alert) {
            return names[i].name;
        }
    }
    return "unknown_alert";
}
