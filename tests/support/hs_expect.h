/* SPDX-License-Identifier: MIT */
/*
 * hs_expect.h - what the scripted negative handshake tests (test_conn_negative*.c,
 * test_hostile.c, over hs_script.h) share: the demo client configuration limited to one
 * suite, and the check that the real side failed with the exact code and sent the exact
 * alert, which the script received on the wire.
 */
#ifndef MUTLS_TEST_HS_EXPECT_H
#define MUTLS_TEST_HS_EXPECT_H

#include "hs_script.h"
#include "mutls.h"

/* A client with the demo identity "client" trusting cas.pem, limited to @p suite (NULL: every
 * suite). Fails the test on error. */
mutls_config *hx_client_cfg(const char *suite);

/* The real side failed with @p code (or @p code2; pass @p code twice for one) and sent the
 * fatal @p alert, which the script received first. With MUTLS_TEST_VERBOSE set it prints the
 * real side's detail. */
void hx_expect_real_failed(hs_script *s, int code, int code2, int alert);

#endif
