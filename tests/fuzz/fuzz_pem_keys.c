/* SPDX-License-Identifier: MIT */
/*
 * fuzz_pem_keys.c - libFuzzer harness: the input is a key or certificate file's contents
 * (PEM text or DER).
 *
 * Target functions: mutls_pem_is_pem, mutls_pem_next (every block of the input),
 * mutls_key_parse (without a password, then with the two passwords of the committed keys
 * when it asks for one: PBES2, PBKDF2, AES-CBC), mutls_key_check_pair (against the demo
 * client's certificate key), mutls_certs_add (PEM blocks or one DER certificate).
 *
 * Seeds: tests/fuzz/corpus/fuzz_pem_keys (vectors/keys and vectors/pki: PEM and DER keys,
 * encrypted keys, certificates).
 */
#include <stdlib.h>
#include <string.h>

#include "fuzz_common.h"
#include "keys.h"
#include "mem.h"
#include "pem.h"
#include "x509.h"

/* Blocks of one input walked at most (each is a separate allocation and decode). */
#define MAX_BLOCKS 64

static mutls_pkey *client_public;
static uint8_t *client_der; /* kept for the process's life */

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    size_t len;
    mutls_x509 x;

    (void)argc;
    (void)argv;
    client_der = fz_read_pem_der("pki/client.pem", &len);
    if (mutls_x509_parse(&x, client_der, len) != 0 ||
        mutls_key_parse_spki(&client_public, x.spki) != 0) {
        fz_fail("fixture client certificate", -1);
    }
    return 0;
}

static void check_code(const char *what, int rc)
{
    if (rc < 0 && strcmp(mutls_strerror(rc), "unknown_error") == 0) {
        fz_fail(what, rc);
    }
}

static void walk_pem(const uint8_t *data, size_t size)
{
    size_t pos = 0;
    size_t last = 0;
    int blocks = 0;
    int rc;

    (void)mutls_pem_is_pem(data, size);
    for (;;) {
        mutls_slice label;
        uint8_t *der = NULL;
        size_t der_len = 0;

        rc = mutls_pem_next(data, size, &pos, &label, &der, &der_len);
        if (rc != 1) {
            break;
        }
        /* The label must lie inside the input, and the cursor must move forward. */
        if (label.len > size || label.p < data || label.p + label.len > data + size ||
            pos <= last || pos > size) {
            fz_fail("pem_next returned a label or position outside the input", rc);
        }
        last = pos;
        mutls_free_secret(der, der_len);
        if (++blocks == MAX_BLOCKS) {
            return;
        }
    }
    check_code("pem_next", rc);
}

static void parse_key(const uint8_t *data, size_t size)
{
    static const char *const passwords[] = {"mutls-test", "mutls-demo"};
    mutls_pkey *key = NULL;
    size_t i;
    int rc;

    rc = mutls_key_parse(&key, data, size, NULL);
    for (i = 0; i < sizeof(passwords) / sizeof(passwords[0]); i++) {
        if (rc != MUTLS_ERR_KEY_NEEDS_PASSWORD && rc != MUTLS_ERR_KEY_BAD_PASSWORD) {
            break;
        }
        rc = mutls_key_parse(&key, data, size, passwords[i]);
    }
    check_code("key_parse", rc);
    if (rc == 0) {
        if (key == NULL) {
            fz_fail("key_parse succeeded without a key", rc);
        }
        check_code("key_check_pair", mutls_key_check_pair(key, client_public));
        mutls_pkey_free(key);
    } else if (key != NULL) {
        fz_fail("key_parse failed but returned a key", rc);
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    mutls_certs *set = NULL;

    walk_pem(data, size);
    parse_key(data, size);
    if (mutls_certs_new(&set) != 0) {
        return 0;
    }
    check_code("certs_add", mutls_certs_add(set, data, size));
    mutls_certs_free(set);
    return 0;
}
