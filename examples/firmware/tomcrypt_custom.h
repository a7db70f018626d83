/* SPDX-License-Identifier: MIT */
/*
 * tomcrypt_custom.h - the feature selection of the minimal libtomcrypt that the firmware build
 * (.ci/cross-arm) compiles from Debian's libtomcrypt 1.18.2 source package. It names exactly the
 * algorithms mutls calls (the undefined symbols of the mutls core) and nothing else, then hands
 * over to the library's own tomcrypt_custom.h (#include_next), which derives the rest (LTC_MPI,
 * the hardening switches, the sanity #errors) from what is defined here.
 *
 * Put this directory before libtomcrypt's src/headers on the include path: tomcrypt.h includes
 * <tomcrypt_custom.h> with angle brackets, so this file is found first. The same header must be
 * used to compile libtomcrypt and src/crypto*.c, or the structures they share would disagree.
 */
#ifndef MUTLS_FW_TOMCRYPT_CUSTOM_H
#define MUTLS_FW_TOMCRYPT_CUSTOM_H

/* Start from nothing: every group of algorithms off. */
#define LTC_NOTHING

/* No self-tests, no FILE* helpers (hash_file), no clock() in the library. */
#define LTC_NO_TEST
#define LTC_NO_FILE
/* A failed argument check returns CRYPT_INVALID_ARG instead of printing to stderr and calling
 * abort(), which a device has neither of. */
#define ARGTYPE 4
/* Small code where the library offers it (AES without the extra round tables). */
#define LTC_SMALL_CODE
/* No big tables: GCM's GHASH tables alone are 64 KiB of RAM per key (LIBTOMCRYPT.md trap 6). */
#define LTC_NO_TABLES

/* Math: libtommath, through ltm_desc. */
#ifndef LTM_DESC
#define LTM_DESC
#endif

/* Record ciphers: AES (GCM and CBC suites; mutls runs GCM's counter mode through CTR),
 * ChaCha20-Poly1305 (RFC 7905). */
#define LTC_RIJNDAEL
#define LTC_CBC_MODE
#define LTC_CTR_MODE
#define LTC_GCM_MODE
#define LTC_CHACHA
#define LTC_POLY1305
#define LTC_CHACHA20POLY1305_MODE

/* Hashes: SHA-2 for the PRF, transcripts and signatures; SHA-1 for the CBC-SHA suites and
 * PBKDF2's default PRF; MD5 only so that mutls can name (and refuse) MD5 signatures. */
#define LTC_SHA1
#define LTC_SHA224
#define LTC_SHA256
#define LTC_SHA384
#define LTC_SHA512
#define LTC_MD5
/* hash_memory: RSA's OAEP code refers to it (mutls itself uses PKCS#1 v1.5 only). */
#define LTC_HASH_HELPERS

/* Public key: RSA (PKCS#1 v1.5 and PSS), ECDSA/ECDH on P-256 and P-384. */
#define LTC_MRSA
#define LTC_MECC
#define LTC_ECC_SHAMIR
#define LTC_NO_CURVES
#define LTC_ECC256
#define LTC_ECC384
#define LTC_PKCS_1
#define LTC_DER

/* PEM bodies. */
#define LTC_BASE64

#include_next <tomcrypt_custom.h>

#endif
