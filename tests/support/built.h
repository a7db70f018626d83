/* SPDX-License-Identifier: MIT */
/*
 * built.h - what this build of mutls has, for the tests: the optional parts CMakeLists.txt can
 * switch off (-DMUTLS_CBC, -DMUTLS_STATIC_RSA, -DMUTLS_RESUME, -DMUTLS_CRL, -DMUTLS_FAST_ECC;
 * tests/CMakeLists.txt passes the same MUTLS_NO_* switches to the tests) and whether a cipher
 * suite, named as OpenSSL or IANA names it, needs one of them. A test leaves out exactly the
 * cases that need a part that is not built (cmocka skip() or a printed "not built" line) and
 * runs every case when it is: the answer comes from the build switches, not from asking the
 * library, so a suite that a full build lost still fails its test instead of skipping.
 */
#ifndef MUTLS_TEST_BUILT_H
#define MUTLS_TEST_BUILT_H

typedef enum tu_part {
    TU_PART_CBC,        /* the AES-CBC + HMAC suites */
    TU_PART_STATIC_RSA, /* RSA key exchange (TLS_RSA_WITH_*) */
    TU_PART_RESUME,     /* session IDs and RFC 5077 tickets */
    TU_PART_CRL,        /* certificate revocation lists */
    TU_PART_FAST_ECC    /* the comb / signed-window P-256 and P-384 multiplication */
} tu_part;

/* 1 when @p part is built, 0 when its switch turned it off. */
int tu_built(tu_part part);

/* The CMake switch that leaves @p part out, e.g. "-DMUTLS_CBC=OFF". */
const char *tu_part_switch(tu_part part);

/*
 * Whether this build has the suite @p name (OpenSSL's "ECDHE-RSA-AES128-SHA256" or IANA's
 * "TLS_RSA_WITH_AES_128_CBC_SHA"): CBC suites need TU_PART_CBC, RSA key exchange
 * TU_PART_STATIC_RSA. When it has not, prints "<name>: not built (<switch>)" and fails the
 * running test unless mutls_config_set_suites refuses the name too. A name of neither form
 * fails the running test.
 */
int tu_suite_built(const char *name);

/* At the top of a test (or before a part of one) that needs @p part / the suite @p name:
 * cmocka skip() with the "not built" line when the build left it out. */
void tu_need_part(tu_part part);
void tu_need_suite(const char *name);

#endif
