/* SPDX-License-Identifier: MIT */
/* built.c - what this build of mutls has (see built.h). */
#include "built.h"

#include <stdio.h>
#include <string.h>

#include "mutls.h"
#include "testutil.h"

#include <cmocka.h>

int tu_built(tu_part part)
{
    switch (part) {
    case TU_PART_CBC:
#if defined(MUTLS_NO_CBC)
        return 0;
#else
        return 1;
#endif
    case TU_PART_STATIC_RSA:
#if defined(MUTLS_NO_STATIC_RSA)
        return 0;
#else
        return 1;
#endif
    case TU_PART_RESUME:
#if defined(MUTLS_NO_RESUME)
        return 0;
#else
        return 1;
#endif
    case TU_PART_CRL:
#if defined(MUTLS_NO_CRL)
        return 0;
#else
        return 1;
#endif
    case TU_PART_FAST_ECC:
#if defined(MUTLS_NO_FAST_ECC)
        return 0;
#else
        return 1;
#endif
    }
    fail_msg("unknown part %d", (int)part);
    return 0;
}

const char *tu_part_switch(tu_part part)
{
    switch (part) {
    case TU_PART_CBC:
        return "-DMUTLS_CBC=OFF";
    case TU_PART_STATIC_RSA:
        return "-DMUTLS_STATIC_RSA=OFF";
    case TU_PART_RESUME:
        return "-DMUTLS_RESUME=OFF";
    case TU_PART_CRL:
        return "-DMUTLS_CRL=OFF";
    case TU_PART_FAST_ECC:
        return "-DMUTLS_FAST_ECC=OFF";
    }
    return "?";
}

static int starts_with(const char *s, const char *prefix)
{
    return strncmp(s, prefix, strlen(prefix)) == 0;
}

/* The parts @p name needs, from the name alone: 0 when it is of neither naming form. Every
 * suite mutls has is AES-GCM, ChaCha20-Poly1305 or AES-CBC with HMAC, with ECDHE or RSA key
 * exchange; OpenSSL names the CBC ones without a mode and the RSA ones without a key exchange. */
static int suite_needs(const char *name, int *cbc, int *rsa_kx)
{
    if (starts_with(name, "TLS_")) {
        if (strstr(name, "_WITH_") == NULL) {
            return 0;
        }
        *cbc = strstr(name, "_CBC_") != NULL;
        *rsa_kx = starts_with(name, "TLS_RSA_WITH_");
        return 1;
    }
    if (strstr(name, "AES") == NULL && strstr(name, "CHACHA20") == NULL) {
        return 0;
    }
    *cbc = strstr(name, "GCM") == NULL && strstr(name, "CHACHA20") == NULL;
    *rsa_kx = !starts_with(name, "ECDHE-") && !starts_with(name, "DHE-");
    return 1;
}

int tu_suite_built(const char *name)
{
    mutls_config *cfg = NULL;
    const char *off = NULL;
    int cbc = 0;
    int rsa_kx = 0;
    int rc;

    if (!suite_needs(name, &cbc, &rsa_kx)) {
        fail_msg("'%s' is neither an OpenSSL nor an IANA cipher suite name", name);
    }
    if (cbc && !tu_built(TU_PART_CBC)) {
        off = tu_part_switch(TU_PART_CBC);
    } else if (rsa_kx && !tu_built(TU_PART_STATIC_RSA)) {
        off = tu_part_switch(TU_PART_STATIC_RSA);
    }
    if (off == NULL) {
        return 1;
    }
    /* Left out: the library must agree, or this would hide a suite it still offers. */
    assert_int_equal(mutls_config_new(&cfg, MUTLS_ROLE_CLIENT), 0);
    rc = mutls_config_set_suites(cfg, name);
    mutls_config_free(cfg);
    if (rc == 0) {
        fail_msg("%s: mutls accepts it, yet this build has %s", name, off);
    }
    fprintf(stderr, "%s: not built (%s)\n", name, off);
    return 0;
}

void tu_need_part(tu_part part)
{
    if (!tu_built(part)) {
        fprintf(stderr, "not built (%s): skipping\n", tu_part_switch(part));
        skip();
    }
}

void tu_need_suite(const char *name)
{
    if (!tu_suite_built(name)) {
        skip();
    }
}
