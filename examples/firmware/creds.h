/* SPDX-License-Identifier: MIT */
/*
 * creds.h - the device's credentials, compiled into the image: its certificate chain and
 * private key (PEM) and the CA that issued the server's certificate. .ci/cross-arm generates
 * creds.c from vectors/pki (client-ec.pem, client-ec.key, ca-ec.pem); those keys are public
 * test keys. A real device keeps its key in a secure element and registers an external signer
 * (mutls_config_add_identity_signer) instead of fw_client_key.
 */
#ifndef MUTLS_FW_CREDS_H
#define MUTLS_FW_CREDS_H

#include <stddef.h>
#include <stdint.h>

extern const uint8_t fw_client_chain[];
extern const size_t fw_client_chain_len;
extern const uint8_t fw_client_key[];
extern const size_t fw_client_key_len;
extern const uint8_t fw_trust[];
extern const size_t fw_trust_len;

#endif
