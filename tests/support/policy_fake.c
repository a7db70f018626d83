/* SPDX-License-Identifier: MIT */
/*
 * policy_fake.c - see policy_fake.h.
 */
#include "policy_fake.h"

#include <stdarg.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "crl_build.h"
#include "der.h"

void pf_tb_put(pf_tb *b, const uint8_t *d, size_t n)
{
    if (n == 0) {
        return;
    }
    if (b->len + n > b->cap) {
        b->cap = (b->len + n) * 2 + 64;
        b->p = realloc(b->p, b->cap);
        assert_non_null(b->p);
    }
    memcpy(b->p + b->len, d, n);
    b->len += n;
}

/* tag, DER length, then @p body */
void pf_tb_tlv(pf_tb *b, uint8_t tag, const uint8_t *body, size_t n)
{
    uint8_t len[3];

    pf_tb_put(b, &tag, 1);
    pf_tb_put(b, len, tu_der_length(n, len));
    pf_tb_put(b, body, n);
}

/* Test policy k (k >= 1) is the OID 2.999.k; k = 0 is anyPolicy (2.5.29.32.0). Contents. */
size_t pf_policy_oid(int k, uint8_t out[8])
{
    static const uint8_t any[] = {0x55, 0x1d, 0x20, 0x00};
    size_t n = 2;

    if (k == 0) {
        memcpy(out, any, sizeof(any));
        return sizeof(any);
    }
    out[0] = 0x88; /* 2.999: 1079 in base 128 */
    out[1] = 0x37;
    if (k >= 128 * 128) {
        out[n++] = (uint8_t)(0x80 | (k >> 14));
    }
    if (k >= 128) {
        out[n++] = (uint8_t)(0x80 | ((k >> 7) & 0x7f));
    }
    out[n++] = (uint8_t)(k & 0x7f);
    return n;
}

void pf_put_oid(pf_tb *b, int k)
{
    uint8_t oid[8];

    pf_tb_tlv(b, MUTLS_DER_OID, oid, pf_policy_oid(k, oid));
}

void pf_put_name(pf_tb *b, const char *cn)
{
    static const uint8_t cn_oid[] = {0x55, 0x04, 0x03};
    pf_tb atv = {0}, rdn = {0}, set = {0};

    pf_tb_tlv(&atv, MUTLS_DER_OID, cn_oid, sizeof(cn_oid));
    pf_tb_tlv(&atv, MUTLS_DER_UTF8_STRING, (const uint8_t *)cn, strlen(cn));
    pf_tb_tlv(&rdn, MUTLS_DER_SEQUENCE, atv.p, atv.len);
    pf_tb_tlv(&set, MUTLS_DER_SET, rdn.p, rdn.len);
    pf_tb_tlv(b, MUTLS_DER_SEQUENCE, set.p, set.len);
    free(atv.p);
    free(rdn.p);
    free(set.p);
}

void pf_fake_init(pf_fake *f, const char *subject, const char *issuer)
{
    memset(f, 0, sizeof(*f));
    f->x.require_explicit = -1;
    f->x.path_len = -1;
    /* as x509.c marks a certificate whose names are the same */
    f->x.flags = strcmp(subject, issuer) == 0 ? MUTLS_X509_SELF_ISSUED : 0;
    pf_put_name(&f->subject, subject);
    pf_put_name(&f->issuer, issuer);
}

/* Assert policy k (0: anyPolicy). */
void pf_fake_policy(pf_fake *f, int k)
{
    pf_tb one = {0};

    pf_put_oid(&one, k);
    pf_tb_tlv(&f->pols, MUTLS_DER_SEQUENCE, one.p, one.len);
    free(one.p);
}

void pf_fake_map(pf_fake *f, int from, int to)
{
    pf_tb pair = {0};

    pf_put_oid(&pair, from);
    pf_put_oid(&pair, to);
    pf_tb_tlv(&f->maps, MUTLS_DER_SEQUENCE, pair.p, pair.len);
    free(pair.p);
}

/* Point the certificate's slices at the buffers (after the last change to them). */
const mutls_x509 *pf_fake_done(pf_fake *f)
{
    f->x.subject.p = f->subject.p;
    f->x.subject.len = f->subject.len;
    f->x.issuer.p = f->issuer.p;
    f->x.issuer.len = f->issuer.len;
    f->x.policies.p = f->pols.p;
    f->x.policies.len = f->pols.len;
    f->x.mappings.p = f->maps.p;
    f->x.mappings.len = f->maps.len;
    return &f->x;
}

void pf_fake_free(pf_fake *f)
{
    free(f->subject.p);
    free(f->issuer.p);
    free(f->pols.p);
    free(f->maps.p);
}

void pf_fake_reset(pf_fake *f, const char *subject, const char *issuer)
{
    pf_fake_free(f);
    pf_fake_init(f, subject, issuer);
}

void pf_path_init(pf_path *pt, int n)
{
    char name[16], up[16];
    int i;

    memset(pt, 0, sizeof(*pt));
    pt->n = n;
    for (i = 0; i < n; i++) {
        snprintf(name, sizeof(name), i == 0 ? "EE" : "C%d", i);
        snprintf(up, sizeof(up), i + 1 == n ? "TA" : "C%d", i + 1);
        pf_fake_init(&pt->f[i], name, up);
    }
    pf_fake_init(&pt->ta, "TA", "TA");
}

int pf_path_check(pf_path *pt, const mutls_x509_verify_params *p, mutls_x509_policy_result *res)
{
    int i;

    for (i = 0; i < pt->n; i++) {
        pt->p[i] = pf_fake_done(&pt->f[i]);
    }
    pt->p[pt->n] = pf_fake_done(&pt->ta);
    return mutls_x509_policy_check(pt->p, pt->n, p, res);
}

void pf_path_free(pf_path *pt)
{
    int i;

    for (i = 0; i < pt->n; i++) {
        pf_fake_free(&pt->f[i]);
    }
    pf_fake_free(&pt->ta);
}

const mutls_x509_verify_params *pf_inputs_make(pf_inputs *in, unsigned flags, int k1, int k2)
{
    int ks[2] = {k1, k2};
    int i;

    memset(in, 0, sizeof(*in));
    for (i = 0; i < 2 && ks[i] >= 0; i++) {
        in->set[i].len = pf_policy_oid(ks[i], in->oid[i]);
        in->set[i].p = in->oid[i];
        in->p.n_policies++;
    }
    in->p.policies = in->p.n_policies > 0 ? in->set : NULL;
    in->p.policy_flags = flags;
    return &in->p;
}

/* A refusal for policies at the leaf "client", required by its issuer's policyConstraints. */
void pf_no_policy_at_leaf(mutls_x509_verify_out *out, pf_fake *leaf, pf_fake *ca)
{
    pf_fake_init(leaf, "client", "Issuing CA");
    pf_fake_init(ca, "Issuing CA", "Root");
    memset(out, 0, sizeof(*out));
    out->code = MUTLS_ERR_X509_NO_POLICY;
    out->depth = 0;
    out->cert = pf_fake_done(leaf);
    out->policy_by = 1;
    out->policy_by_cert = pf_fake_done(ca);
}
