/* SPDX-License-Identifier: MIT */
/*
 * certs.h - the certificate set behind the public mutls_certs type: owned DER copies, each
 * parsed once into a mutls_x509 (x509.h) that points into its copy, and, for a set used as
 * trust anchors, certificate revocation lists (RFC 5280 §5) kept the same way as
 * mutls_x509_crl (x509_crl.h) with the mode saying which certificates need one. The config
 * and handshake layers read the parsed arrays directly; the public functions are in mutls.h.
 */
#ifndef MUTLS_CERTS_H
#define MUTLS_CERTS_H

#include <stddef.h>
#include <stdint.h>

#include "mutls.h"
#include "x509.h"
#include "x509_crl.h"

/* Most certificates one set holds (a system trust store has a few hundred). */
#define MUTLS_CERTS_MAX 4096
/* Most CRLs one set holds (one per issuing CA is the usual need). */
#define MUTLS_CERTS_MAX_CRLS 1024

struct mutls_certs {
    mutls_x509 *x; /* n parsed certificates, x[i] points into der[i] */
    uint8_t **der; /* owned copies */
    size_t *der_len;
    mutls_pkey **keys; /* each certificate's public key, imported once (NULL if unusable) */
    size_t n;
    size_t cap;
    mutls_x509_crl *crls; /* n_crls parsed CRLs, crls[i] points into crl_der[i] */
    uint8_t **crl_der;    /* owned copies */
    size_t *crl_der_len;
    size_t n_crls;
    size_t crl_cap;
    int crl_check;         /* MUTLS_CRL_CHECK_*, for a set used as anchors (0 = ALL, the default) */
    /* RFC 5280 §6.1.1 policy inputs, for a set used as anchors (allocated when first set;
     * NULL: the defaults). */
    mutls_x509_policy_input *policy;
    char load_detail[200]; /* why the last add refused its input ("" after a success) */
};

/* Add one DER certificate (copied). 0, MUTLS_ERR_X509_MALFORMED, _TOO_MANY_CERTIFICATES or
 * MUTLS_ERR_NO_MEMORY; the set is unchanged on error. */
MUTLS_MUST_CHECK int mutls_certs_add_der(mutls_certs *set, const uint8_t *der, size_t len);

/* Drop the certificates added after the first @p n (undoing a partly failed add). */
void mutls_certs_truncate(mutls_certs *set, size_t n);

/* Add one DER CRL (copied). 0, MUTLS_ERR_X509_CRL_MALFORMED, _CRL_UNSUPPORTED,
 * _TOO_MANY_CERTIFICATES or MUTLS_ERR_NO_MEMORY; the set is unchanged on error. */
MUTLS_MUST_CHECK int mutls_certs_add_crl_der(mutls_certs *set, const uint8_t *der, size_t len);

#endif
