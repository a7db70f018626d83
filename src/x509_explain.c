/* SPDX-License-Identifier: MIT */
/*
 * x509_explain.c - one sentence on a certification path verdict (x509_verify.c): which
 * certificate, by depth and subject, and why it was refused, in the words of the rule
 * (RFC 5280 §6, RFC 6125, and for revocation §6.3). mutls_error_detail and the `mutls verify`
 * tool print it after the side that found the problem.
 */
#include "x509.h"

#include "der.h"
#include "error.h"
#include "x509_crl.h"

typedef struct ebuf {
    char *p;
    size_t cap;
    size_t len;
} ebuf;

static void eb_puts(ebuf *b, const char *str)
{
    while (*str != 0) {
        if (b->len + 1 < b->cap) {
            b->p[b->len++] = *str;
            b->p[b->len] = 0;
        }
        str++;
    }
}

static void eb_num(ebuf *b, int64_t v, int width)
{
    char tmp[24];
    int n = 0;
    uint64_t u;

    if (v < 0) {
        eb_puts(b, "-");
        u = (uint64_t)(-(v + 1)) + 1;
    } else {
        u = (uint64_t)v;
    }
    do {
        tmp[n++] = (char)('0' + u % 10);
        u /= 10;
    } while (u != 0 && n < 23);
    while (n < width && n < 23) {
        tmp[n++] = '0';
    }
    while (n > 0) {
        char c[2] = {tmp[--n], 0};
        eb_puts(b, c);
    }
}

static void eb_date(ebuf *b, int64_t t)
{
    /* "YYYY-MM-DD HH:MM:SS UTC": each field, then the character that follows it. */
    static const char after[6] = {'-', '-', ' ', ':', ':', 0};
    int f[6];
    int i;

    mutls_der_unix_to_civil(t, &f[0], &f[1], &f[2], &f[3], &f[4], &f[5]);
    for (i = 0; i < 6; i++) {
        char c[2] = {after[i], 0};

        eb_num(b, f[i], i == 0 ? 4 : 2);
        eb_puts(b, c);
    }
    eb_puts(b, " UTC");
}

static void eb_name(ebuf *b, mutls_slice name)
{
    char tmp[160];
    int rc = mutls_x509_name_string(name, tmp, sizeof(tmp));

    if (rc == MUTLS_ERR_BUFFER_TOO_SMALL) {
        eb_puts(b, tmp);
        eb_puts(b, "...");
    } else if (rc < 0) {
        eb_puts(b, "unprintable name");
    } else {
        eb_puts(b, rc == 0 ? "empty name" : tmp);
    }
}

/* The rule that set a CRL of the certificate's issuer aside (x509_crl.h), in a few words
 * with its RFC 5280 section; NULL when no CRL named the issuer. */
static const char *aside_rule(int set_aside)
{
    switch (set_aside) {
    case MUTLS_CRL_ASIDE_KEY_ID:
        return "the CRL under its issuer's name is for another key, and no certificate of that "
               "key with a valid path of its own to the same anchor was given, RFC 5280 5.2.1 "
               "and 6.3.3 f";
    case MUTLS_CRL_ASIDE_ONLY_USER:
        return "the issuer's CRL is for end entities only, RFC 5280 5.2.5";
    case MUTLS_CRL_ASIDE_ONLY_CA:
        return "the issuer's CRL is for CAs only, RFC 5280 5.2.5";
    case MUTLS_CRL_ASIDE_DP_NAME:
        return "the issuer's CRL is for a distribution point the certificate does not name, "
               "RFC 5280 6.3.3 b";
    case MUTLS_CRL_ASIDE_DP_ISSUER:
        return "the certificate names the issuer's CRL's distribution point but has its CRLs "
               "issued by another CRL issuer, RFC 5280 6.3.3 b 1";
    case MUTLS_CRL_ASIDE_NO_DP:
        return "the issuer's CRL is for a distribution point and the certificate names none, "
               "RFC 5280 6.3.3 b";
    default:
        return NULL;
    }
}

/* The sentences that say why a certificate's revocation could not be checked, after
 * "certificate at depth D (NAME) "; 0 for other codes. */
static int explain_crl(ebuf *b, const mutls_x509_verify_out *out)
{
    const char *rule = aside_rule(out->crl_set_aside);

    switch (out->code) {
    case MUTLS_ERR_X509_CRL_MISSING:
        eb_puts(b, "has no CRL from its issuer that covers it");
        if (rule != NULL) {
            eb_puts(b, " (");
            eb_puts(b, rule);
            eb_puts(b, ")");
        }
        eb_puts(b, ", and revocation checking covers ");
        eb_puts(b, out->crl_check == MUTLS_CRL_CHECK_LEAF ? "the peer's own certificate"
                                                          : "every certificate of the chain");
        return 1;
    case MUTLS_ERR_X509_CRL_EXPIRED:
        eb_puts(b, "cannot be checked for revocation: its issuer's CRL ");
        eb_puts(b, out->crl_time > out->now ? "is not valid before " : "expired on ");
        eb_date(b, out->crl_time);
        return 1;
    case MUTLS_ERR_X509_CRL_BAD_SIGNATURE:
        eb_puts(b, "cannot be checked for revocation: ");
        eb_puts(b, out->crl_set_aside == MUTLS_CRL_ASIDE_NO_CRL_SIGN
                       ? "its issuer's keyUsage does not allow signing CRLs (cRLSign, RFC 5280 "
                         "6.3.3 f)"
                   : out->crl_set_aside == MUTLS_CRL_ASIDE_SIGNATURE
                       ? "its issuer's CRL is not signed by the issuer's key (RFC 5280 6.3.3 g)"
                       : "its issuer's CRL is not signed by the issuer's key, or the issuer may "
                         "not sign CRLs");
        return 1;
    default:
        return 0;
    }
}

size_t mutls_x509_explain(const mutls_x509_verify_out *out, char *buf, size_t cap)
{
    ebuf b = {buf, cap, 0};
    const mutls_x509 *x = out->cert;
    const char *purpose = out->purpose == MUTLS_X509_PURPOSE_CLIENT ? "client" : "server";

    if (cap > 0) {
        buf[0] = 0;
    }
    if (out->code == 0) {
        eb_puts(&b, "the certificate chain is valid");
        return b.len;
    }
    if (x == NULL) {
        eb_puts(&b, mutls_error_text(out->code));
        return b.len;
    }
    eb_puts(&b, "certificate at depth ");
    eb_num(&b, out->depth, 1);
    eb_puts(&b, " (");
    eb_name(&b, x->subject);
    eb_puts(&b, ") ");
    if (explain_crl(&b, out)) {
        return b.len;
    }
    switch (out->code) {
    case MUTLS_ERR_X509_EXPIRED:
        eb_puts(&b, "expired on ");
        eb_date(&b, x->not_after);
        break;
    case MUTLS_ERR_X509_NOT_YET_VALID:
        eb_puts(&b, "is not valid before ");
        eb_date(&b, x->not_before);
        break;
    case MUTLS_ERR_X509_UNKNOWN_ISSUER:
        /* A root the peer sent along (as OpenSSL's "self-signed certificate in certificate
         * chain"): its issuer is its own name, already printed. */
        if (mutls_x509_self_issued(x)) {
            eb_puts(&b, "is a root (issued under its own name) that is not a trust anchor");
            break;
        }
        eb_puts(&b, "was issued by ");
        eb_name(&b, x->issuer);
        /* A dead end inside a cross-certified graph: the issuer was given, but each of its
         * certificates leads back into the path (as BetterTLS pathbuilding/BRIDGE_CA_PKI
         * without its anchor). */
        eb_puts(&b, out->issuer_loops
                        ? ", which is not a trust anchor, and every given certificate for it "
                          "leads back into the path"
                        : ", which is neither a trust anchor nor among the given certificates");
        break;
    case MUTLS_ERR_X509_SELF_SIGNED:
        eb_puts(&b, "is self-signed and is not a trust anchor");
        break;
    case MUTLS_ERR_X509_BAD_SIGNATURE:
        eb_puts(&b, "has a signature that does not verify with its issuer's key");
        break;
    case MUTLS_ERR_X509_NOT_A_CA:
        eb_puts(&b, "issues certificates but is not a CA (basicConstraints cA and keyCertSign)");
        break;
    case MUTLS_ERR_X509_PATH_TOO_LONG:
        eb_puts(&b, "is one CA more than a path length constraint above it (or the limit of 8 "
                    "intermediates) allows");
        break;
    case MUTLS_ERR_X509_NAME_MISMATCH:
        eb_puts(&b, "is not valid for ");
        eb_puts(&b, out->name != NULL ? out->name : "the expected name");
        break;
    case MUTLS_ERR_X509_PURPOSE_MISMATCH:
        eb_puts(&b, "is not allowed for TLS ");
        eb_puts(&b, purpose);
        eb_puts(&b, " authentication (extendedKeyUsage)");
        break;
    case MUTLS_ERR_X509_KEY_USAGE:
        eb_puts(&b, "has a keyUsage that does not allow a TLS ");
        eb_puts(&b, purpose);
        eb_puts(&b, " key");
        break;
    case MUTLS_ERR_X509_NAME_CONSTRAINT:
        eb_puts(&b, "has a name outside the name constraints of an issuing CA");
        break;
    case MUTLS_ERR_X509_UNSUPPORTED_ALGORITHM:
        eb_puts(&b, "uses a signature or key algorithm that mutls does not accept");
        break;
    case MUTLS_ERR_X509_WEAK_KEY:
        /* An RSA key of an accepted size was refused for its exponent (crypto_pk.c). */
        if (x->key_type == MUTLS_KEY_RSA && x->key_bits >= 2048 && x->key_bits <= 8192) {
            eb_puts(&b, "has an RSA public exponent mutls refuses (it must be odd, at least 3 "
                        "and shorter than the modulus)");
            break;
        }
        eb_puts(&b, "has a ");
        eb_num(&b, (int64_t)x->key_bits, 1);
        eb_puts(&b, "-bit key, outside what mutls accepts");
        break;
    case MUTLS_ERR_X509_UNKNOWN_CRITICAL_EXTENSION:
        eb_puts(&b, "has a critical extension that mutls does not understand");
        break;
    case MUTLS_ERR_X509_NO_POLICY:
#if defined(MUTLS_NO_POLICY)
        /* x509_policy_tree.c without the tree: explicit_policy reached 0 on this path. */
        eb_puts(&b, "is on a path that requires an explicit certificate policy, by ");
#else
        /* x509_policy_tree.c: the tree is empty at this certificate (§6.1.3(f)) or, at the
         * leaf, after the intersection with the configuration's policies (§6.1.5(g)). */
        eb_puts(&b, out->depth == 0 ? "ends a path with no certificate policy acceptable to "
                                      "this configuration (RFC 5280 6.1.5: valid_policy_tree "
                                      "empty"
                                    : "is reached with no valid certificate policy left on "
                                      "its path (RFC 5280 6.1.3 f: valid_policy_tree empty");
        eb_puts(&b, out->policy_user && out->depth == 0
                        ? " once cut to the configured policies) while an explicit policy is "
                          "required by "
                        : ") while an explicit policy is required by ");
#endif
        if (out->policy_by >= 0 && out->policy_by_cert != NULL) {
            eb_puts(&b, "policyConstraints of the certificate at depth ");
            eb_num(&b, out->policy_by, 1);
            eb_puts(&b, " (");
            eb_name(&b, out->policy_by_cert->subject);
            eb_puts(&b, ")");
        } else {
            eb_puts(&b, "the configuration");
        }
#if defined(MUTLS_NO_POLICY)
        eb_puts(&b, ", and this build of mutls leaves certificate policy processing out "
                    "(-DMUTLS_X509_POLICY=OFF)");
#endif
        break;
    case MUTLS_ERR_X509_POLICY_TOO_COMPLEX:
        eb_puts(&b, "brings the certificate policies and mappings of its path over mutls's "
                    "bound of ");
        eb_num(&b, MUTLS_X509_POLICY_MAX_NODES, 1);
        eb_puts(&b, " policy tree nodes");
        break;
    case MUTLS_ERR_X509_MALFORMED:
        /* The parser's rule when it refused this certificate (x509.c), else check_ca's profile
         * rules (RFC 5280 §4.2.1.2, §4.2.1.9-11), else a structure error. */
        if (x->why != NULL) {
            eb_puts(&b, "is malformed: ");
            eb_puts(&b, x->why);
            break;
        }
        /* Otherwise x509_verify.c refused it: a leaf's policyConstraints that is not critical,
         * a CA's profile rule, or a public key that does not import (key_reason). */
        eb_puts(&b, !x->is_ca && (x->flags & MUTLS_X509_PC_NOT_CRITICAL) != 0
                        ? "has a policyConstraints that is not critical (RFC 5280 4.2.1.11)"
                    : !x->is_ca ? "has a public key that is not a valid key of its algorithm"
                    : (x->flags & MUTLS_X509_HAS_SKI) == 0
                        ? "is a CA certificate without the subjectKeyIdentifier RFC 5280 "
                          "(4.2.1.2) requires of every CA"
                    : (x->flags & MUTLS_X509_BC_NOT_CRITICAL) != 0
                        ? "is a CA certificate whose basicConstraints is not critical (RFC 5280 "
                          "4.2.1.9)"
                    : (x->flags & MUTLS_X509_NC_NOT_CRITICAL) != 0
                        ? "is a CA certificate whose nameConstraints is not critical (RFC 5280 "
                          "4.2.1.10)"
                        : "has a public key that is not a valid key of its algorithm");
        break;
#if !defined(MUTLS_NO_CRL)
    case MUTLS_ERR_X509_REVOKED:
        eb_puts(&b, "was revoked by its issuer on ");
        eb_date(&b, out->revoked_at);
        if (out->revoke_reason != MUTLS_CRL_REASON_NONE) {
            eb_puts(&b, " (reason: ");
            eb_puts(&b, mutls_x509_crl_reason_name(out->revoke_reason));
            eb_puts(&b, ")");
        }
        break;
#endif
    default:
        eb_puts(&b, "is refused: ");
        eb_puts(&b, mutls_error_text(out->code));
        break;
    }
    return b.len;
}
