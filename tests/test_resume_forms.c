/* SPDX-License-Identifier: MIT */
/*
 * test_resume_forms.c - the byte forms of a session (session.c): version 3 records our own
 * certificate's digest and the max_fragment_length codes (hs_session.c); sessions saved by
 * the two earlier versions still load, and tickets sealed by them still open. A loaded older
 * session made with our certificate has it unknown, so it is not offered (one full
 * handshake); one without resumes; each saves back as version 3. Version 3's own checks:
 * no digest without its flag, codes 0..4, no new flag in an older form, every truncation.
 */
#include <stdio.h>
#include <string.h>

#include "handshake.h"
#include "hs_pair.h"
#include "resume_util.h"
#include "session.h"
#include "testutil.h"

#include <cmocka.h>

/* -DMUTLS_RESUME=OFF leaves resumption out (test_resume_off checks that build). */
#if defined(MUTLS_NO_RESUME)
TU_BUILT_OUT_PROGRAM()
#else

static mutls_config *cached_server(mutls_config *cfg)
{
    assert_int_equal(mutls_config_set_session_cache(cfg, 64, 0), 0);
    mutls_config_set_time(cfg, ru_clock, NULL);
    return cfg;
}

static int all_zero(const uint8_t *p, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (p[i] != 0) {
            return 0;
        }
    }
    return 1;
}

/* Offsets in a version 3 byte form with no host name: flags, then own_id. */
static size_t flags_at(const uint8_t *b)
{
    return 1 + 1 + b[1] + 48 + 2;
}

static size_t own_at(const uint8_t *b)
{
    return flags_at(b) + 1 + 16 + 1 + b[flags_at(b) + 1 + 16] + 32;
}

/* The older form of version 3 bytes @p b (@p n): version 2 drops own_id, the two mfl codes
 * and flag bit 4; version 1 also the ticket fields (the ticket must be empty). */
static size_t older_form(const uint8_t *b, size_t n, int version, uint8_t *out)
{
    size_t at = own_at(b), len;

    memcpy(out, b, at);
    memcpy(out + at, b + at + 34, n - at - 34);
    len = n - 34;
    out[0] = (uint8_t)version;
    out[flags_at(b)] &= 0x0f;
    if (version == 1) {
        assert_int_equal(out[len - 2], 0);
        assert_int_equal(out[len - 1], 0);
        len -= 6;
    }
    return len;
}

/* Sessions saved by the two earlier versions load. Ours was made with a certificate we no
 * longer know (unknown: never offered, a full handshake); one without a certificate of ours
 * resumes. Each saves back as version 3, which loads to the same bytes again. Version 3's
 * own checks: no digest without its flag, codes 0..4, no flag bit 4 in older forms. */
static void test_resume_forms_older_byte_forms_load(void **state)
{
    mutls_config *server = cached_server(hp_server_config(MUTLS_CLIENT_AUTH_OPTIONAL));
    mutls_config *client = hp_config(MUTLS_ROLE_CLIENT, "client", "cas.pem");
    mutls_config *bare = hp_config(MUTLS_ROLE_CLIENT, NULL, "cas.pem");
    mutls_session *s = NULL, *u = NULL, *back = NULL;
    static uint8_t b3[8192], old[8192], again[8192];
    size_t n3, n, m;

    (void)state;
    ru_offset = 0;
    ru_connect(client, server, NULL, 0, &s, NULL, NULL);
    ru_connect(bare, server, NULL, 0, &u, NULL, NULL);
    for (int v = 1; v <= 2; v++) {
        /* With our certificate: loads, unknown identity, not offered. */
        n3 = sizeof(b3);
        assert_int_equal(mutls_session_save(s, b3, &n3), 0);
        assert_int_equal(b3[0], 3);
        n = older_form(b3, n3, v, old);
        assert_int_equal(mutls_session_load(&back, old, n), 0);
        assert_int_equal(back->own_cert, 1);
        assert_true(all_zero(back->own_id, 32));
        assert_int_equal(back->mfl, 0);
        assert_int_equal(back->mfl_asked, 0);
        assert_memory_equal(back->master, s->master, 48);
        ru_connect(client, server, back, 0, NULL, NULL, NULL); /* it would resume if offered */
        m = sizeof(again);
        assert_int_equal(mutls_session_save(back, again, &m), 0);
        assert_int_equal(again[0], 3);
        mutls_session_free(back);
        back = NULL;
        assert_int_equal(mutls_session_load(&back, again, m), 0);
        n = sizeof(old);
        assert_int_equal(mutls_session_save(back, old, &n), 0);
        assert_int_equal(n, m);
        assert_memory_equal(old, again, m);
        mutls_session_free(back);
        back = NULL;
        /* Without one: resumes. */
        n3 = sizeof(b3);
        assert_int_equal(mutls_session_save(u, b3, &n3), 0);
        n = older_form(b3, n3, v, old);
        assert_int_equal(mutls_session_load(&back, old, n), 0);
        assert_int_equal(back->own_cert, 0);
        ru_connect(bare, server, back, 1, NULL, NULL, NULL);
        mutls_session_free(back);
        back = NULL;
        /* An older form with flag bit 4, or cut short, is refused. */
        n = older_form(b3, n3, v, old);
        old[flags_at(old)] |= 0x10;
        assert_int_equal(mutls_session_load(&back, old, n), MUTLS_ERR_SESSION_MALFORMED);
        n = older_form(b3, n3, v, old);
        for (size_t cut = 0; cut < n; cut++) {
            assert_int_equal(mutls_session_load(&back, old, cut), MUTLS_ERR_SESSION_MALFORMED);
        }
        assert_null(back);
    }
    /* Version 3: a digest without its flag, or a code above 4, is refused. */
    n3 = sizeof(b3);
    assert_int_equal(mutls_session_save(u, b3, &n3), 0);
    memcpy(old, b3, n3);
    old[own_at(b3)] = 1;
    assert_int_equal(mutls_session_load(&back, old, n3), MUTLS_ERR_SESSION_MALFORMED);
    memcpy(old, b3, n3);
    old[own_at(b3) + 32] = 5;
    assert_int_equal(mutls_session_load(&back, old, n3), MUTLS_ERR_SESSION_MALFORMED);
    memcpy(old, b3, n3);
    old[own_at(b3) + 33] = 5;
    assert_int_equal(mutls_session_load(&back, old, n3), MUTLS_ERR_SESSION_MALFORMED);
    old[own_at(b3) + 33] = 4;
    old[own_at(b3) + 32] = 4;
    assert_int_equal(mutls_session_load(&back, old, n3), 0);
    assert_int_equal(back->mfl, 4);
    assert_int_equal(back->mfl_asked, 4);
    mutls_session_free(back);
    mutls_session_free(s);
    mutls_session_free(u);
    mutls_config_free(client);
    mutls_config_free(bare);
    mutls_config_free(server);
}

/* A ticket sealed by an earlier version holds the version 2 inner form: it decodes, with
 * the server's certificate unknown (so it is not resumed); version 1 never was inside one. */
static void test_resume_forms_older_inner_form_decodes_unknown(void **state)
{
    mutls_session in, out;
    static uint8_t b3[1024], old[1024];
    mutls_wr w;
    mutls_rd r;
    size_t n;

    (void)state;
    memset(&in, 0, sizeof(in));
    memset(in.master, 0x5c, 48);
    in.suite = 0xc02f;
    in.ems = 1;
    in.made = 1800000000;
    in.not_after = INT64_MAX;
    in.own_cert = 1;
    memset(in.own_id, 0xab, 32);
    mutls_wr_init(&w, b3, sizeof(b3));
    mutls_session_encode(&in, &w);
    assert_false(w.err);
    n = older_form(b3, mutls_wr_len(&w), 2, old);
    memset(&out, 0, sizeof(out));
    mutls_rd_init(&r, old, n);
    assert_int_equal(mutls_session_decode(&r, &out, 1), 0);
    assert_int_equal(out.own_cert, 1);
    assert_true(all_zero(out.own_id, 32));
    assert_memory_equal(out.master, in.master, 48);
    old[0] = 1;
    memset(&out, 0, sizeof(out));
    mutls_rd_init(&r, old, n - 6);
    assert_int_equal(mutls_session_decode(&r, &out, 1), MUTLS_ERR_SESSION_MALFORMED);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_resume_forms_older_byte_forms_load),
        cmocka_unit_test(test_resume_forms_older_inner_form_decodes_unknown),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}

#endif /* MUTLS_NO_RESUME */
