# SPDX-License-Identifier: MIT
"""The mutation catalogue of the differential audit: one entry per change to a leaf or an
intermediate of a baseline chain (chain.py), each with the rule of RFC 5280 / X.690 / RFC 5480 /
RFC 8017 it exercises. A mutation is fn(model, chain) editing the model in place; `follow` makes
the leaf name the mutated intermediate subject as its issuer.
"""
import subprocess

from chain import (AIA, AKI, ANY_EKU, BC, BMP, C, CLIENT_AUTH, CN, CP, CRLDP, EKU, IA5, IAP, KU,
                   NC, NUMERIC, O, PC, PRINTABLE, SAN, SERVER_AUTH, SKI, T61, UNIVERSAL, UTF8,
                   VISIBLE, ext, find_ext, ku, name, set_ext)
from der import (bits, boolean, children, content, gentime, integer, integer_bytes, null, octets,
                 oid, oid_bytes, seq, set_of, tlv, utc, with_indefinite_length, with_long_length)

MUTATIONS = []
P256 = "1.2.840.10045.3.1.7"
EC_PUBKEY = "1.2.840.10045.2.1"
RSA_ENC = "1.2.840.113549.1.1.1"


def mut(mid, target, rule, only=None, follow=False):
    """Register fn as mutation @mid of @target ("leaf"/"inter"); @only limits it to one chain."""
    def wrap(fn):
        MUTATIONS.append({"id": mid, "target": target, "rule": rule, "fn": fn, "only": only,
                          "follow": follow})
        return fn
    return wrap


def simple(mid, target, rule, fields, only=None, follow=False):
    """A mutation that sets model fields (values may be callables of the chain)."""
    def fn(c, ch):
        for k, v in fields.items():
            c[k] = v(ch) if callable(v) and k not in ("tbs_fn", "sig_fn", "cert_fn") else v
    mut(mid, target, rule, only, follow)(fn)


def ext_mut(mid, target, rule, ext_oid, raw, only=None):
    """Replace/add/drop one extension; @raw may be a callable of the chain."""
    def fn(c, ch):
        set_ext(c, ext_oid, raw(ch) if callable(raw) else raw)
    mut(mid, target, rule, only)(fn)


def add_ext(mid, target, rule, raw, only=None):
    def fn(c, ch):
        c["exts"].append(raw(ch) if callable(raw) else raw)
    mut(mid, target, rule, only)(fn)


def both(mid, rule, fields, only=None, follow=False):
    simple("leaf_" + mid, "leaf", rule, fields, only)
    simple("inter_" + mid, "inter", rule, fields, only, follow)


# ------------------------------------------------------------------ version
both("version_absent_v1_with_exts", "RFC 5280 4.1.2.9: extensions only in v3", {"version": b""})
simple("leaf_version_explicit_v1_no_exts", "leaf", "X.690 11.5: DEFAULT v1 must not be encoded",
       {"version": tlv(0xA0, integer(0)), "exts": None})
simple("leaf_version_v1_no_exts", "leaf", "RFC 5280 4.1.2.1: v1 allowed (no extensions)",
       {"version": b"", "exts": None})
simple("inter_version_v1_no_exts", "inter", "RFC 5280 6.1.4(k): v1 intermediate is not a CA",
       {"version": b"", "exts": None})
simple("leaf_version_v2_with_exts", "leaf", "RFC 5280 4.1.2.9", {"version": tlv(0xA0, integer(1))})
simple("leaf_version_4", "leaf", "RFC 5280 4.1: Version ::= v1|v2|v3",
       {"version": tlv(0xA0, integer(3))})
simple("leaf_version_negative", "leaf", "RFC 5280 4.1", {"version": tlv(0xA0, integer(-1))})
simple("leaf_version_nonminimal", "leaf", "X.690 8.3.2: INTEGER minimal",
       {"version": tlv(0xA0, tlv(0x02, b"\x00\x02"))})
simple("leaf_version_primitive_tag", "leaf", "X.690 8.14: explicit tag is constructed",
       {"version": tlv(0x80, integer(2))})
simple("leaf_version_long_length", "leaf", "X.690 10.1: shortest length",
       {"version": tlv(0xA0, with_long_length(integer(2)))})
simple("leaf_version_empty_int", "leaf", "X.690 8.3.1: INTEGER has >= 1 octet",
       {"version": tlv(0xA0, tlv(0x02, b""))})

# ------------------------------------------------------------------ serial
both("serial_zero", "RFC 5280 4.1.2.2: MUST be positive; users SHOULD handle 0 gracefully",
     {"serial": integer(0)})
both("serial_negative", "RFC 5280 4.1.2.2: MUST be positive; SHOULD tolerate",
     {"serial": integer(-12345)})
simple("leaf_serial_20_octets", "leaf", "RFC 5280 4.1.2.2: up to 20 octets",
       {"serial": tlv(0x02, b"\x7f" + b"\x11" * 19)})
simple("leaf_serial_21_octets_highbit", "leaf",
       "RFC 5280 4.1.2.2: 20 octets max (positive 160-bit value needs 21)",
       {"serial": integer(1 << 159 | 5)})
simple("leaf_serial_21_octets", "leaf", "RFC 5280 4.1.2.2: 20 octets max",
       {"serial": tlv(0x02, b"\x01" + b"\x22" * 20)})
simple("leaf_serial_32_octets", "leaf", "RFC 5280 4.1.2.2: 20 octets max",
       {"serial": tlv(0x02, b"\x01" + b"\x33" * 31)})
simple("leaf_serial_leading_zero", "leaf", "X.690 8.3.2: INTEGER minimal",
       {"serial": tlv(0x02, b"\x00\x30\x01")})
simple("leaf_serial_leading_ff", "leaf", "X.690 8.3.2: INTEGER minimal",
       {"serial": tlv(0x02, b"\xff\x80\x01")})
simple("leaf_serial_empty", "leaf", "X.690 8.3.1", {"serial": tlv(0x02, b"")})
simple("leaf_serial_octet_string", "leaf", "RFC 5280 4.1: CertificateSerialNumber INTEGER",
       {"serial": tlv(0x04, b"\x30\x01")})
simple("leaf_serial_absent", "leaf", "RFC 5280 4.1", {"serial": b""})

# ------------------------------------------------------------------ signature algorithm


def sigalg(params, outer_params="same", md="sha256"):
    def fn(c, ch):
        c["alg"] = ch.alg(md, params(ch) if callable(params) else params)
        c["md"] = md
        if outer_params != "same":
            c["outer_alg"] = ch.alg(md, outer_params)
    return fn


for t in ("leaf", "inter"):
    mut(t + "_rsa_alg_null_absent", t, "RFC 4055 5: sha*WithRSAEncryption params MUST be NULL",
        only="rsa")(sigalg(b""))
    mut(t + "_ecdsa_alg_null_present", t, "RFC 5758 3.2: ecdsa-with-SHA* params MUST be absent",
        only="ec")(sigalg(null()))
    mut(t + "_sha1_signature", t, "policy: SHA-1 signatures (RFC 5280 leaves to local policy)")(
        sigalg("default", md="sha1"))
mut("leaf_rsa_alg_null_absent_tbs_only", "leaf", "RFC 5280 4.1.2.3: TBS alg equals outer alg",
    only="rsa")(sigalg(b"", outer_params=null()))
mut("leaf_ecdsa_alg_null_tbs_only", "leaf", "RFC 5280 4.1.2.3", only="ec")(
    sigalg(null(), outer_params=b""))
mut("leaf_alg_params_empty_seq", "leaf", "RFC 4055 5 / RFC 5758 3.2")(sigalg(seq()))
mut("leaf_sha384_signature", "leaf", "RFC 5280 4.1.1.2: ok")(sigalg("default", md="sha384"))
mut("leaf_sha512_signature", "leaf", "RFC 5280 4.1.1.2: ok")(sigalg("default", md="sha512"))
mut("inter_sha512_signature", "inter", "RFC 5280 4.1.1.2 / RFC 5758 3.2: ok")(sigalg("default", md="sha512"))
mut("inter_sha384_signature", "inter", "RFC 5280 4.1.1.2 / RFC 5758 3.2: ok")(sigalg("default", md="sha384"))


@mut("leaf_outer_alg_differs", "leaf", "RFC 5280 4.1.1.2/4.1.2.3: the two fields MUST match")
def _(c, ch):
    c["outer_alg"] = ch.alg("sha384")


@mut("leaf_tbs_alg_differs", "leaf", "RFC 5280 4.1.2.3: the two fields MUST match")
def _(c, ch):
    c["alg"] = ch.alg("sha384")
    c["outer_alg"] = ch.alg("sha256")


@mut("leaf_alg_unknown_oid", "leaf", "RFC 5280 6.1.3(a)(1): unknown algorithm cannot verify")
def _(c, ch):
    c["alg"] = seq(oid("1.2.3.4.5.6.7"), null())


@mut("leaf_alg_oid_nonminimal_arc", "leaf", "X.690 8.19.2: subidentifier has no leading 0x80")
def _(c, ch):
    body = content(children(content(c["alg"]))[0][1])
    bad = body[:1] + b"\x80" + body[1:]
    c["alg"] = seq(tlv(0x06, bad), *(e for _, e, _ in children(content(c["alg"]))[1:]))


@mut("leaf_alg_key_mismatch", "leaf", "RFC 5280 6.1.3(a)(1): algorithm does not fit the key")
def _(c, ch):
    other = "ec" if ch.kind == "rsa" else "rsa"
    from chain import alg
    c["alg"] = alg(other, "sha256")

# ------------------------------------------------------------------ signature value


def add_zero(sig):
    return b"\x00" + sig


def flip(sig):
    return sig[:-1] + bytes([sig[-1] ^ 1])


simple("leaf_sig_unused_bits_1", "leaf", "X.690 11.2.1: unused bits are zero; signature octets",
       {"sig_unused": 1})
simple("leaf_sig_unused_bits_8", "leaf", "X.690 8.6.2.2: unused bits 0..7", {"sig_unused": 8})
simple("leaf_sig_flipped", "leaf", "RFC 5280 6.1.3(a)(1)", {"sig_fn": flip})
simple("leaf_sig_truncated", "leaf", "RFC 5280 6.1.3(a)(1)", {"sig_fn": lambda s: s[:-1]})
simple("leaf_sig_empty", "leaf", "RFC 5280 6.1.3(a)(1)", {"sig_fn": lambda s: b""})
simple("leaf_rsa_sig_leading_zero", "leaf", "RFC 8017 8.2.2: signature length is k octets",
       {"sig_fn": add_zero}, only="rsa")
simple("inter_rsa_sig_leading_zero", "inter", "RFC 8017 8.2.2", {"sig_fn": add_zero}, only="rsa")


def ecdsa_r_padded(sig):
    r, s = [e for _, e, _ in children(content(sig))]
    return seq(tlv(0x02, b"\x00" + content(r)), s)


def ecdsa_trailing(sig):
    return sig + b"\x00"


def ecdsa_long_len(sig):
    return with_long_length(sig)


def ecdsa_r_negative(sig):
    r, s = [e for _, e, _ in children(content(sig))]
    body = content(r)
    return seq(tlv(0x02, body[1:] if body[0] == 0 else b"\xff" + body), s)


simple("leaf_ecdsa_sig_r_nonminimal", "leaf", "X.690 8.3.2 in Ecdsa-Sig-Value (RFC 5480 / 3279)",
       {"sig_fn": ecdsa_r_padded}, only="ec")
simple("leaf_ecdsa_sig_trailing_byte", "leaf", "RFC 5480: signature is one Ecdsa-Sig-Value",
       {"sig_fn": ecdsa_trailing}, only="ec")
simple("leaf_ecdsa_sig_long_length", "leaf", "X.690 10.1", {"sig_fn": ecdsa_long_len}, only="ec")
simple("leaf_ecdsa_sig_r_negative", "leaf", "RFC 3279 2.2.3: r,s positive", {"sig_fn": ecdsa_r_negative},
       only="ec")
simple("inter_ecdsa_sig_r_nonminimal", "inter", "X.690 8.3.2", {"sig_fn": ecdsa_r_padded}, only="ec")

# ------------------------------------------------------------------ names
L_ISSUER_RULE = "RFC 5280 7.1 / 6.1.3(a)(4): issuer matches the issuing CA's subject"


def leaf_cn(value_tlv, rule, mid):
    @mut("leaf_subject_" + mid, "leaf", rule)
    def _(c, ch):
        c["subject"] = name([(O, "mutls diff"), (CN, "", value_tlv)])


leaf_cn(tlv(PRINTABLE, b"localhost"), "RFC 5280 4.1.2.4: DirectoryString", "cn_printable")
leaf_cn(tlv(BMP, "localhost".encode("utf-16-be")), "RFC 5280 4.1.2.4", "cn_bmp")
leaf_cn(tlv(UNIVERSAL, "localhost".encode("utf-32-be")), "RFC 5280 4.1.2.4", "cn_universal")
leaf_cn(tlv(T61, b"localhost"), "RFC 5280 4.1.2.4", "cn_teletex")
leaf_cn(tlv(IA5, b"localhost"), "RFC 5280 A.1: CN is a DirectoryString (IA5 not allowed)", "cn_ia5")
leaf_cn(tlv(VISIBLE, b"localhost"), "RFC 5280 A.1: CN is a DirectoryString", "cn_visible")
leaf_cn(tlv(NUMERIC, b"12345"), "RFC 5280 A.1", "cn_numeric")
leaf_cn(tlv(UTF8, b""), "RFC 5280 A.1: ub 1..64 (SIZE(1..ub-common-name))", "cn_empty_utf8")
leaf_cn(tlv(PRINTABLE, b""), "RFC 5280 A.1: SIZE(1..)", "cn_empty_printable")
leaf_cn(tlv(UTF8, b"local\x00host"), "RFC 5280 4.1.2.4 (embedded NUL)", "cn_nul")
leaf_cn(tlv(PRINTABLE, b"local@host"), "X.680 41.4: '@' not in PrintableString", "printable_at")
leaf_cn(tlv(PRINTABLE, b"*.localhost"), "X.680 41.4: '*' not in PrintableString", "printable_star")
leaf_cn(tlv(PRINTABLE, b"local_host"), "X.680 41.4: '_' not in PrintableString", "printable_underscore")
leaf_cn(tlv(UTF8, b"local\xc0\x80host"), "RFC 3629: overlong UTF-8", "utf8_overlong")
leaf_cn(tlv(UTF8, b"local\xffhost"), "RFC 3629: 0xFF never in UTF-8", "utf8_ff")
leaf_cn(tlv(UTF8, b"\xed\xa0\x80x"), "RFC 3629: surrogate in UTF-8", "utf8_surrogate")
leaf_cn(tlv(BMP, b"\x00l\x00o\x00"), "X.690 8.23.8: BMPString is 2 octets per char", "bmp_odd")
leaf_cn(tlv(UNIVERSAL, b"\x00\x00\x00l\x00"), "X.690: UniversalString is 4 octets per char",
        "universal_bad_length")
leaf_cn(tlv(UTF8, b"x" * 65), "RFC 5280 A.1: ub-common-name 64", "cn_65_chars")
leaf_cn(tlv(UTF8, b"x" * 300), "RFC 5280 A.1: ub-common-name 64", "cn_300_chars")
leaf_cn(tlv(0x02, b"\x05"), "RFC 5280 A.1: CN value is a DirectoryString", "cn_integer")


@mut("leaf_subject_empty_san_noncritical", "leaf", "RFC 5280 4.2.1.6: empty subject => SAN critical")
def _(c, ch):
    c["subject"] = seq()


@mut("leaf_subject_empty_san_critical", "leaf", "RFC 5280 4.1.2.6: empty subject with critical SAN")
def _(c, ch):
    c["subject"] = seq()
    i = find_ext(c, SAN)
    c["exts"][i] = ext(SAN, seq(tlv(0x82, ch.leaf_dns.encode())), True)


@mut("leaf_subject_empty_rdn", "leaf", "RFC 5280 A.1: RDN is SET SIZE (1..MAX)")
def _(c, ch):
    c["subject"] = seq(*[e for _, e, _ in children(content(c["subject"]))], set_of())


@mut("leaf_subject_multivalued_rdn", "leaf", "RFC 5280 4.1.2.4: multi-valued RDN allowed")
def _(c, ch):
    a = seq(oid(O), tlv(UTF8, b"mutls diff"))
    b = seq(oid(CN), tlv(UTF8, ch.leaf_rdns[1][1].encode()))
    c["subject"] = seq(set_of(*sorted([a, b])))


@mut("leaf_subject_multivalued_unsorted", "leaf", "X.690 11.6: SET OF in sorted order")
def _(c, ch):
    a = seq(oid(O), tlv(UTF8, b"mutls diff"))
    b = seq(oid(CN), tlv(UTF8, ch.leaf_rdns[1][1].encode()))
    c["subject"] = seq(set_of(*sorted([a, b], reverse=True)))


@mut("leaf_subject_country_3_chars", "leaf", "RFC 5280 A.1: countryName SIZE(2)")
def _(c, ch):
    c["subject"] = name([(C, "USA")] + ch.leaf_rdns)


@mut("leaf_subject_country_utf8", "leaf", "RFC 5280 A.1: countryName is PrintableString")
def _(c, ch):
    c["subject"] = name([(C, "US", UTF8)] + ch.leaf_rdns)


@mut("leaf_subject_unknown_attr_int", "leaf", "RFC 5280 4.1.2.4: AttributeValue ANY")
def _(c, ch):
    c["subject"] = name(ch.leaf_rdns + [("1.2.3.4.99", "", integer(7))])


@mut("leaf_subject_atv_extra_element", "leaf", "RFC 5280 A.1: AttributeTypeAndValue has 2 fields")
def _(c, ch):
    c["subject"] = seq(set_of(seq(oid(CN), tlv(UTF8, b"localhost"), null())))


@mut("leaf_subject_as_set", "leaf", "RFC 5280 A.1: Name is a SEQUENCE")
def _(c, ch):
    c["subject"] = tlv(0x31, content(c["subject"]))


@mut("leaf_subject_email_attr", "leaf", "RFC 5280 4.1.2.6: emailAddress IA5String (legacy)")
def _(c, ch):
    c["subject"] = name(ch.leaf_rdns + [("1.2.840.113549.1.9.1", "a@example.com", IA5)])


@mut("leaf_subject_email_attr_utf8", "leaf", "RFC 5280 A.1: emailAddress is IA5String")
def _(c, ch):
    c["subject"] = name(ch.leaf_rdns + [("1.2.840.113549.1.9.1", "a@example.com", UTF8)])


@mut("leaf_subject_dc_utf8", "leaf", "RFC 4519 2.4: domainComponent IA5String")
def _(c, ch):
    c["subject"] = name([("0.9.2342.19200300.100.1.25", "example", UTF8)] + ch.leaf_rdns)


@mut("leaf_issuer_printable_vs_utf8", "leaf", L_ISSUER_RULE + " (string type may differ)")
def _(c, ch):
    c["issuer"] = name(ch.inter_rdns, PRINTABLE)


@mut("leaf_issuer_case_differs", "leaf", L_ISSUER_RULE + " (case-insensitive)")
def _(c, ch):
    c["issuer"] = name([(a, b.upper()) for a, b in ch.inter_rdns])


@mut("leaf_issuer_extra_spaces", "leaf", L_ISSUER_RULE + " (insignificant spaces)")
def _(c, ch):
    c["issuer"] = name([(a, "  " + b.replace(" ", "   ") + " ") for a, b in ch.inter_rdns])


@mut("leaf_issuer_rdn_reversed", "leaf", L_ISSUER_RULE + " (RDN order matters)")
def _(c, ch):
    c["issuer"] = name(list(reversed(ch.inter_rdns)))


@mut("leaf_issuer_bmp", "leaf", L_ISSUER_RULE + " (BMPString vs UTF8String)")
def _(c, ch):
    c["issuer"] = name(ch.inter_rdns, BMP)


@mut("leaf_issuer_teletex", "leaf", L_ISSUER_RULE + " (TeletexString vs UTF8String)")
def _(c, ch):
    c["issuer"] = name(ch.inter_rdns, T61)


@mut("leaf_issuer_universal", "leaf", L_ISSUER_RULE + " (UniversalString vs UTF8String)")
def _(c, ch):
    c["issuer"] = name(ch.inter_rdns, UNIVERSAL)


@mut("leaf_issuer_empty", "leaf", "RFC 5280 4.1.2.4: issuer MUST be non-empty")
def _(c, ch):
    c["issuer"] = seq()


@mut("inter_subject_empty", "inter", "RFC 5280 4.1.2.6: a CA's subject is non-empty", follow=True)
def _(c, ch):
    c["subject"] = seq()


@mut("inter_subject_printable", "inter", "RFC 5280 4.1.2.4 (leaf issuer follows)", follow=True)
def _(c, ch):
    c["subject"] = name(ch.inter_rdns, PRINTABLE)


@mut("inter_subject_teletex", "inter", "RFC 5280 4.1.2.4 (leaf issuer follows)", follow=True)
def _(c, ch):
    c["subject"] = name(ch.inter_rdns, T61)


@mut("inter_issuer_case_differs", "inter", L_ISSUER_RULE + " (case-insensitive, root issuer)")
def _(c, ch):
    # The root subject is UTF8 "mutls demo" / "mutls demo [EC ]CA" (vectors/pki/gen.sh).
    c["issuer"] = name([(O, "MUTLS DEMO"), (CN, "MUTLS DEMO CA" if ch.kind == "rsa" else "MUTLS DEMO EC CA")])


# ------------------------------------------------------------------ validity
def validity(nb=None, na=None, raw=None, target="leaf"):
    fields = {}
    if nb is not None:
        fields["not_before"] = nb
    if na is not None:
        fields["not_after"] = na
    if raw is not None:
        fields["validity"] = raw
    return fields


V = "RFC 5280 4.1.2.5.1: UTCTime YYMMDDHHMMSSZ"
G = "RFC 5280 4.1.2.5.2: GeneralizedTime YYYYMMDDHHMMSSZ"
both("nb_utc_no_seconds", V, validity(nb=utc("2501010000Z")))
simple("leaf_nb_utc_fraction", "leaf", V, validity(nb=utc("250101000000.5Z")))
both("nb_utc_offset", V, validity(nb=utc("250101000000+0100")))
simple("leaf_nb_utc_no_z", "leaf", V, validity(nb=utc("250101000000")))
simple("leaf_nb_utc_lowercase_z", "leaf", V, validity(nb=utc("250101000000z")))
both("nb_gentime_2025", "RFC 5280 4.1.2.5: CAs MUST use UTCTime through 2049 (a CA rule)",
     validity(nb=gentime("20250101000000Z")))
simple("leaf_nb_gentime_fraction", "leaf", G, validity(nb=gentime("20250101000000.5Z")))
simple("leaf_nb_gentime_no_seconds", "leaf", G, validity(nb=gentime("202501010000Z")))
simple("leaf_nb_gentime_offset", "leaf", G, validity(nb=gentime("20250101000000+0000")))
simple("leaf_nb_gentime_no_z", "leaf", G, validity(nb=gentime("20250101000000")))
simple("leaf_na_utc_50_is_1950", "leaf", "RFC 5280 4.1.2.5.1: YY>=50 is 19YY (expired)",
       validity(na=utc("500101000000Z")))
simple("leaf_na_gentime_2050", "leaf", "RFC 5280 4.1.2.5: 2050 onwards as GeneralizedTime",
       validity(na=gentime("20500101000000Z")))
simple("leaf_na_gentime_2049", "leaf", "RFC 5280 4.1.2.5: CA MUST use UTCTime for 2049",
       validity(na=gentime("20491231235959Z")))
both("na_gentime_99991231", "RFC 5280 4.1.2.5: 99991231235959Z = no well-defined expiry",
     validity(na=gentime("99991231235959Z")))
simple("leaf_nb_after_na", "leaf", "RFC 5280 6.1.3(a)(2): never valid",
       validity(nb=utc("400101000000Z"), na=utc("300101000000Z")))
simple("leaf_nb_month_13", "leaf", V + " (valid date)", validity(nb=utc("251301000000Z")))
simple("leaf_nb_feb_30", "leaf", V + " (valid date)", validity(nb=utc("250230000000Z")))
simple("leaf_nb_hour_24", "leaf", V + " (valid time)", validity(nb=utc("250101240000Z")))
simple("leaf_nb_second_60", "leaf", V + " (seconds 00-59; leap second)", validity(nb=utc("250101235960Z")))
simple("leaf_nb_day_00", "leaf", V + " (valid date)", validity(nb=utc("250100000000Z")))
simple("leaf_nb_nondigit", "leaf", V, validity(nb=utc("2501O1000000Z")))
simple("leaf_nb_sign", "leaf", V, validity(nb=utc("25-101000000Z")))
simple("leaf_na_feb_29_leap", "leaf", V + " (2048-02-29 exists)", validity(na=utc("480229000000Z")))
simple("leaf_na_feb_29_nonleap", "leaf", V + " (2047-02-29 does not)", validity(na=utc("470229000000Z")))
simple("leaf_validity_extra_element", "leaf", "RFC 5280 4.1: Validity has 2 fields",
       validity(raw=seq(utc("250101000000Z"), utc("491231235959Z"), utc("491231235959Z"))))
simple("leaf_validity_as_set", "leaf", "RFC 5280 4.1: Validity is a SEQUENCE",
       validity(raw=set_of(utc("250101000000Z"), utc("491231235959Z"))))
simple("leaf_validity_time_octet_string", "leaf", "RFC 5280 4.1: Time is UTCTime|GeneralizedTime",
       validity(nb=tlv(0x04, b"250101000000Z")))
both("expired", "RFC 5280 6.1.3(a)(2)", validity(nb=utc("200101000000Z"), na=utc("260101000000Z")))
simple("leaf_not_yet_valid", "leaf", "RFC 5280 6.1.3(a)(2)", validity(nb=utc("300101000000Z")))
simple("leaf_na_utc_year_00", "leaf", "RFC 5280 4.1.2.5.1: 00 is 2000 (expired)",
       validity(nb=utc("990101000000Z"), na=utc("000101000000Z")))

# ------------------------------------------------------------------ subject public key info


def rsa_parts(spki):
    key = content(children(content(spki))[1][1])[1:]
    n, e = [body for _, _, body in children(content(key))]
    return n, e


def rsa_spki(ch, n=None, e=None, params=b"default", unused=0, key_trailer=b"", alg_oid=RSA_ENC):
    n0, e0 = rsa_parts(ch.cur_spki)
    n = n0 if n is None else n
    e = e0 if e is None else e
    params = null() if params == b"default" else params
    return seq(seq(oid(alg_oid), params), bits(seq(tlv(0x02, n), tlv(0x02, e)) + key_trailer, unused))


def spki_mut(mid, target, rule, only, make):
    @mut(mid, target, rule, only)
    def _(c, ch):
        ch.cur_spki = c["spki"]
        c["spki"] = make(ch)


R = "rsa"
for t in ("leaf", "inter"):
    spki_mut(t + "_rsa_modulus_leading_zero", t, "X.690 8.3.2: INTEGER minimal (same key)", R,
             lambda ch: rsa_spki(ch, n=b"\x00" + rsa_parts(ch.cur_spki)[0]))
    spki_mut(t + "_rsa_params_absent", t, "RFC 3279 2.3.1: rsaEncryption params MUST be NULL", R,
             lambda ch: rsa_spki(ch, params=b""))
spki_mut("leaf_rsa_e_1", "leaf", "RFC 8017 3.1: 3 <= e <= n-1", R, lambda ch: rsa_spki(ch, e=b"\x01"))
spki_mut("leaf_rsa_e_3", "leaf", "RFC 8017 3.1: e = 3 is valid", R, lambda ch: rsa_spki(ch, e=b"\x03"))
spki_mut("leaf_rsa_e_even", "leaf", "RFC 8017 3.1: e odd (gcd with lambda(n))", R,
         lambda ch: rsa_spki(ch, e=integer_bytes(65536)))
spki_mut("leaf_rsa_e_0", "leaf", "RFC 8017 3.1", R, lambda ch: rsa_spki(ch, e=b"\x00"))
spki_mut("leaf_rsa_e_negative", "leaf", "RFC 8017 3.1", R, lambda ch: rsa_spki(ch, e=integer_bytes(-65537)))
spki_mut("leaf_rsa_e_large_2_64", "leaf", "RFC 8017 3.1: e < n allowed", R,
         lambda ch: rsa_spki(ch, e=integer_bytes((1 << 64) + 1)))
spki_mut("leaf_rsa_e_nonminimal", "leaf", "X.690 8.3.2", R, lambda ch: rsa_spki(ch, e=b"\x00\x01\x00\x01"))
spki_mut("leaf_rsa_modulus_negative", "leaf", "RFC 8017 3.1: n positive", R,
         lambda ch: rsa_spki(ch, n=rsa_parts(ch.cur_spki)[0][1:]))
spki_mut("leaf_rsa_modulus_even", "leaf", "RFC 8017 3.1: n = p*q odd", R,
         lambda ch: rsa_spki(ch, n=(lambda n: n[:-1] + bytes([n[-1] & 0xFE]))(rsa_parts(ch.cur_spki)[0])))
spki_mut("leaf_rsa_params_empty_seq", "leaf", "RFC 3279 2.3.1", R, lambda ch: rsa_spki(ch, params=seq()))
spki_mut("leaf_rsa_key_unused_bits", "leaf", "RFC 3279 2.3.1: the key DER is the BIT STRING", R,
         lambda ch: rsa_spki(ch, unused=1))
spki_mut("leaf_rsa_key_trailing", "leaf", "RFC 3279 2.3.1: exactly one RSAPublicKey", R,
         lambda ch: rsa_spki(ch, key_trailer=b"\x00"))
spki_mut("leaf_rsa_pss_oid_key", "leaf", "RFC 4055 1.2: id-RSASSA-PSS key, params absent", R,
         lambda ch: rsa_spki(ch, params=b"", alg_oid="1.2.840.113549.1.1.10"))
spki_mut("leaf_spki_unknown_alg", "leaf", "RFC 5280 4.1.2.7: unknown key algorithm", None,
         lambda ch: seq(seq(oid("1.2.3.4.5.6"), null()), children(content(ch.cur_spki))[1][1]))


def ec_point(spki):
    return content(children(content(spki))[1][1])[1:]


def ec_spki(params, point):
    return seq(seq(oid(EC_PUBKEY), *( [params] if params is not None else [])), bits(point))


def compressed(p):
    x, y = p[1:33], p[33:]
    return bytes([2 + (y[-1] & 1)]) + x


EXPLICIT = None


def explicit_params():
    global EXPLICIT
    if EXPLICIT is None:
        EXPLICIT = subprocess.run(["openssl", "ecparam", "-name", "prime256v1", "-param_enc", "explicit",
                                   "-outform", "DER"], check=True, capture_output=True).stdout
    return EXPLICIT


E = "ec"
for t in ("leaf", "inter"):
    spki_mut(t + "_ec_compressed_point", t, "RFC 5480 2.2: compressed MAY be supported (same key)", E,
             lambda ch: ec_spki(oid(P256), compressed(ec_point(ch.cur_spki))))
    spki_mut(t + "_ec_explicit_params", t, "RFC 5480 2.1.1: specifiedCurve MUST NOT be used", E,
             lambda ch: ec_spki(explicit_params(), ec_point(ch.cur_spki)))
spki_mut("leaf_ec_hybrid_point", "leaf", "RFC 5480 2.2: only 0x04 / 0x02 / 0x03", E,
         lambda ch: ec_spki(oid(P256), bytes([6 + (ec_point(ch.cur_spki)[-1] & 1)]) +
                            ec_point(ch.cur_spki)[1:]))
spki_mut("leaf_ec_point_off_curve", "leaf", "SEC 1 3.2.2: point on the curve", E,
         lambda ch: ec_spki(oid(P256), flip(ec_point(ch.cur_spki))))
spki_mut("leaf_ec_point_infinity", "leaf", "SEC 1 2.3.4: infinity is not a public key", E,
         lambda ch: ec_spki(oid(P256), b"\x00"))
spki_mut("leaf_ec_point_short", "leaf", "SEC 1 2.3.4: 65 octets for P-256", E,
         lambda ch: ec_spki(oid(P256), ec_point(ch.cur_spki)[:-1]))
spki_mut("leaf_ec_params_absent", "leaf", "RFC 5480 2.1.1: parameters MUST be present", E,
         lambda ch: ec_spki(None, ec_point(ch.cur_spki)))
spki_mut("leaf_ec_params_null", "leaf", "RFC 5480 2.1.1: implicitCurve MUST NOT be used", E,
         lambda ch: ec_spki(null(), ec_point(ch.cur_spki)))
spki_mut("leaf_ec_curve_secp256k1", "leaf", "RFC 5480 2.1.1.1: unsupported named curve", E,
         lambda ch: ec_spki(oid("1.3.132.0.10"), ec_point(ch.cur_spki)))
spki_mut("leaf_ec_curve_p384_with_p256_point", "leaf", "SEC 1 2.3.4: point size for the curve", E,
         lambda ch: ec_spki(oid("1.3.132.0.34"), ec_point(ch.cur_spki)))

# ------------------------------------------------------------------ extensions: the list itself
X = "RFC 5280 4.1: Extensions ::= SEQUENCE SIZE (1..MAX)"
both("exts_empty_sequence", X, {"exts": []})


@mut("leaf_ext_duplicate_san", "leaf", "RFC 5280 4.2: a certificate MUST NOT include an extension twice")
def _(c, ch):
    c["exts"].append(c["exts"][find_ext(c, SAN)])


@mut("leaf_ext_duplicate_ski", "leaf", "RFC 5280 4.2: no extension twice")
def _(c, ch):
    c["exts"].append(c["exts"][find_ext(c, SKI)])


@mut("leaf_ext_duplicate_unknown", "leaf", "RFC 5280 4.2: no extension twice (unknown OID)")
def _(c, ch):
    c["exts"] += [ext("1.3.6.1.4.1.55555.9", octets(b"x"))] * 2


@mut("inter_ext_duplicate_bc", "inter", "RFC 5280 4.2: no extension twice")
def _(c, ch):
    c["exts"].append(c["exts"][find_ext(c, BC)])


@mut("inter_ext_duplicate_ku", "inter", "RFC 5280 4.2: no extension twice")
def _(c, ch):
    c["exts"].append(c["exts"][find_ext(c, KU)])


def reencode_crit(raw_bool):
    """The leaf's subjectAltName with @raw_bool as its critical field."""
    def fn(c, ch):
        i = find_ext(c, SAN)
        parts = [e for _, e, _ in children(content(c["exts"][i]))]
        c["exts"][i] = seq(parts[0], raw_bool, parts[-1])
    return fn


mut("leaf_ext_critical_false_explicit", "leaf", "X.690 11.5: DEFAULT FALSE is not encoded")(
    reencode_crit(boolean(False)))
mut("inter_ext_critical_false_explicit", "inter", "X.690 11.5: DEFAULT FALSE is not encoded")(
    lambda c, ch: c["exts"].__setitem__(find_ext(c, SKI), ext(SKI, octets(ch.inter_ski), boolean(False))))
mut("leaf_ext_critical_true_as_01", "leaf", "X.690 11.1: TRUE is 0xFF in DER")(
    reencode_crit(tlv(0x01, b"\x01")))
mut("leaf_ext_critical_bool_2_octets", "leaf", "X.690 8.2.1: BOOLEAN is one octet")(
    reencode_crit(tlv(0x01, b"\xff\xff")))
for t in ("leaf", "inter"):
    add_ext(t + "_ext_unknown_critical", t, "RFC 5280 4.2: MUST reject unknown critical",
            ext("1.3.6.1.4.1.55555.1", octets(b"x"), True))
    add_ext(t + "_ext_unknown_noncritical", t, "RFC 5280 4.2: MAY ignore unknown non-critical",
            ext("1.3.6.1.4.1.55555.2", octets(b"x")))
add_ext("leaf_ext_no_value", "leaf", "RFC 5280 4.1: extnValue is required", seq(oid("1.3.6.1.4.1.55555.3")))
add_ext("leaf_ext_value_not_octets", "leaf", "RFC 5280 4.1: extnValue OCTET STRING",
        seq(oid("1.3.6.1.4.1.55555.4"), tlv(0x0C, b"x")))


@mut("leaf_ext_san_trailing_in_octets", "leaf", "RFC 5280 4.1: extnValue holds exactly the DER value")
def _(c, ch):
    c["exts"][find_ext(c, SAN)] = ext(SAN, seq(tlv(0x82, ch.leaf_dns.encode())) + b"\x00\x00")


@mut("leaf_ext_crldp_garbage_noncrit", "leaf", "RFC 5280 4.2.1.13: a recognised extension must parse")
def _(c, ch):
    c["exts"].append(ext(CRLDP, b"\x30\x03\x02\x01"))


@mut("leaf_ext_aia_garbage_noncrit", "leaf", "RFC 5280 4.2.2.1: a recognised extension must parse")
def _(c, ch):
    c["exts"].append(ext(AIA, octets(b"junk")))


@mut("leaf_ext_aia_ok", "leaf", "RFC 5280 4.2.2.1: OCSP URI (ok)")
def _(c, ch):
    c["exts"].append(ext(AIA, seq(seq(oid("1.3.6.1.5.5.7.48.1"), tlv(0x86, b"http://ocsp.example/")))))


@mut("leaf_ext_cp_any_policy", "leaf", "RFC 5280 4.2.1.4: anyPolicy (ok)")
def _(c, ch):
    c["exts"].append(ext(CP, seq(seq(oid("2.5.29.32.0")))))


@mut("leaf_ext_cp_duplicate_policy", "leaf", "RFC 5280 4.2.1.4: a policy OID MUST NOT appear twice")
def _(c, ch):
    c["exts"].append(ext(CP, seq(seq(oid("1.2.3.4")), seq(oid("1.2.3.4")))))


@mut("leaf_ext_cp_empty", "leaf", "RFC 5280 4.2.1.4: SIZE (1..MAX)")
def _(c, ch):
    c["exts"].append(ext(CP, seq()))


@mut("leaf_ext_cp_critical_unknown_policy", "leaf", "RFC 5280 6.1: no policy required (ok)")
def _(c, ch):
    c["exts"].append(ext(CP, seq(seq(oid("1.2.3.4"))), True))

# ------------------------------------------------------------------ basicConstraints
B = "RFC 5280 4.2.1.9"
ext_mut("leaf_bc_absent", "leaf", B + ": optional in an end entity", BC, None)
ext_mut("leaf_bc_noncritical", "leaf", B + ": MAY be non-critical in an end entity", BC, ext(BC, seq()))
ext_mut("leaf_bc_ca_false_explicit", "leaf", "X.690 11.5: cA DEFAULT FALSE not encoded", BC,
        ext(BC, seq(boolean(False)), True))
ext_mut("leaf_bc_ca_true", "leaf", B + ": a CA certificate used as a leaf", BC,
        ext(BC, seq(boolean(True)), True))
ext_mut("leaf_bc_pathlen_without_ca", "leaf", B + ": pathLen only when cA and keyCertSign", BC,
        ext(BC, seq(integer(0)), True))
ext_mut("leaf_bc_trailing", "leaf", B + ": value is one BasicConstraints", BC,
        ext(BC, seq() + b"\x00", True))
ext_mut("leaf_bc_not_sequence", "leaf", B, BC, ext(BC, null(), True))
ext_mut("inter_bc_absent", "inter", B + " / 6.1.4(k): a CA needs cA=TRUE", BC, None)
ext_mut("inter_bc_noncritical", "inter", B + ": CAs MUST mark it critical", BC,
        ext(BC, seq(boolean(True), integer(0))))
ext_mut("inter_bc_ca_false", "inter", "RFC 5280 6.1.4(k)", BC, ext(BC, seq(), True))
ext_mut("inter_bc_no_pathlen", "inter", B + " (ok)", BC, ext(BC, seq(boolean(True)), True))
ext_mut("inter_bc_pathlen_negative", "inter", B + ": pathLenConstraint INTEGER (0..MAX)", BC,
        ext(BC, seq(boolean(True), integer(-1)), True))
ext_mut("inter_bc_pathlen_huge", "inter", B + ": (0..MAX)", BC,
        ext(BC, seq(boolean(True), integer(1 << 70)), True))
ext_mut("inter_bc_ca_as_01", "inter", "X.690 11.1: TRUE is 0xFF", BC,
        ext(BC, seq(tlv(0x01, b"\x01"), integer(0)), True))
ext_mut("inter_bc_pathlen_before_ca", "inter", B + ": SEQUENCE order", BC,
        ext(BC, seq(integer(0), boolean(True)), True))

# ------------------------------------------------------------------ keyUsage
K = "RFC 5280 4.2.1.3"


def leaf_ku_default(ch):
    return (0, 2) if ch.kind == "rsa" else (0,)


ext_mut("leaf_ku_absent", "leaf", K + ": optional", KU, None)
ext_mut("leaf_ku_noncritical", "leaf", K + ": SHOULD be critical", KU, lambda ch: ext(KU, ku(*leaf_ku_default(ch))))
ext_mut("leaf_ku_empty_bitstring", "leaf", K + ": at least one bit set", KU, ext(KU, bits(b""), True))
ext_mut("leaf_ku_all_zero", "leaf", K + ": at least one bit set", KU, ext(KU, bits(b"\x00", 7), True))
ext_mut("leaf_ku_trailing_zero_byte", "leaf", "X.690 11.2.2: no trailing zero bits", KU,
        ext(KU, bits(b"\x80\x00", 0), True))
ext_mut("leaf_ku_unused_bits_set", "leaf", "X.690 11.2.1: unused bits are zero", KU,
        ext(KU, bits(b"\x81", 1), True))
ext_mut("leaf_ku_unused_8", "leaf", "X.690 8.6.2.2: unused 0..7", KU, ext(KU, bits(b"\x80", 8), True))
ext_mut("leaf_ku_unused_not_minimal", "leaf", "X.690 11.2.2: trailing zero bits dropped", KU,
        ext(KU, bits(b"\x80", 0), True))
ext_mut("leaf_ku_key_encipherment_only", "leaf", K + " + RFC 5246 7.4.2 (static RSA)", KU,
        ext(KU, ku(2), True), only="rsa")
ext_mut("leaf_ku_key_agreement_only", "leaf", K + " (ECDH key; no digitalSignature)", KU,
        ext(KU, ku(4), True), only="ec")
ext_mut("leaf_ku_key_cert_sign", "leaf", K + ": keyCertSign in an end entity without cA", KU,
        ext(KU, ku(0, 5), True))
ext_mut("leaf_ku_decipher_only", "leaf", K + ": bit 8 (two octets)", KU, ext(KU, ku(0, 4, 8), True))
ext_mut("leaf_ku_bit_9", "leaf", K + ": bit past decipherOnly", KU, ext(KU, ku(0, 9), True))
ext_mut("leaf_ku_not_bitstring", "leaf", K, KU, ext(KU, octets(b"\x80"), True))
ext_mut("inter_ku_absent", "inter", K + ": CAs MUST include it", KU, None)
ext_mut("inter_ku_no_key_cert_sign", "inter", "RFC 5280 6.1.4(n)", KU, ext(KU, ku(0, 6), True))
ext_mut("inter_ku_noncritical", "inter", K + ": SHOULD be critical", KU, ext(KU, ku(5, 6)))
ext_mut("inter_ku_cert_sign_only", "inter", K + " (ok)", KU, ext(KU, ku(5), True))
ext_mut("inter_ku_trailing_zero_byte", "inter", "X.690 11.2.2", KU, ext(KU, bits(b"\x06\x00", 0), True))

# ------------------------------------------------------------------ extKeyUsage
U = "RFC 5280 4.2.1.12"


def own_eku(ch):
    return SERVER_AUTH if ch.kind == "rsa" else CLIENT_AUTH


def other_eku(ch):
    return CLIENT_AUTH if ch.kind == "rsa" else SERVER_AUTH


ext_mut("leaf_eku_absent", "leaf", U + ": absent = any", EKU, None)
ext_mut("leaf_eku_empty", "leaf", U + ": SIZE (1..MAX)", EKU, ext(EKU, seq()))
ext_mut("leaf_eku_other_purpose", "leaf", U + ": wrong purpose", EKU, lambda ch: ext(EKU, seq(oid(other_eku(ch)))))
ext_mut("leaf_eku_any_only", "leaf", U + ": anyExtendedKeyUsage", EKU, ext(EKU, seq(oid(ANY_EKU))))
ext_mut("leaf_eku_critical", "leaf", U + ": MAY be critical", EKU, lambda ch: ext(EKU, seq(oid(own_eku(ch))), True))
ext_mut("leaf_eku_both", "leaf", U + " (ok)", EKU, ext(EKU, seq(oid(SERVER_AUTH), oid(CLIENT_AUTH))))
ext_mut("leaf_eku_duplicate_oid", "leaf", U + ": KeyPurposeId listed twice", EKU,
        lambda ch: ext(EKU, seq(oid(own_eku(ch)), oid(own_eku(ch)))))
ext_mut("leaf_eku_not_oid", "leaf", U + ": KeyPurposeId OBJECT IDENTIFIER", EKU, ext(EKU, seq(integer(1))))
ext_mut("leaf_eku_unknown_plus_own", "leaf", U + " (ok)", EKU,
        lambda ch: ext(EKU, seq(oid("1.3.6.1.4.1.55555.7"), oid(own_eku(ch)))))
ext_mut("inter_eku_own_purpose", "inter", U + ": in a CA (no RFC 5280 rule)", EKU,
        lambda ch: ext(EKU, seq(oid(own_eku(ch)))))
ext_mut("inter_eku_other_purpose", "inter", U + ": in a CA (no RFC 5280 rule; CA/B nests it)", EKU,
        lambda ch: ext(EKU, seq(oid(other_eku(ch)))))
ext_mut("inter_eku_empty", "inter", U + ": SIZE (1..MAX)", EKU, ext(EKU, seq()))

# ------------------------------------------------------------------ subjectAltName
S = "RFC 5280 4.2.1.6"


def san(*names, critical=None):
    return ext(SAN, seq(*names), critical)


ext_mut("leaf_san_absent", "leaf", S + " (server: CN fallback is RFC 6125 6.4.4 policy)", SAN, None)
ext_mut("leaf_san_empty", "leaf", S + ": SIZE (1..MAX)", SAN, san())
ext_mut("leaf_san_critical", "leaf", S + ": MAY be critical", SAN, lambda ch: san(tlv(0x82, ch.leaf_dns.encode()), critical=True))
ext_mut("leaf_san_dns_empty", "leaf", S + ": dNSName MUST NOT be empty", SAN, san(tlv(0x82, b"")))
ext_mut("leaf_san_dns_high_byte", "leaf", S + ": IA5String is 7-bit", SAN, san(tlv(0x82, b"local\x80host")))
ext_mut("leaf_san_dns_nul", "leaf", S + " / RFC 1034: no NUL", SAN, lambda ch: san(tlv(0x82, ch.leaf_dns.encode() + b"\x00.evil")))
ext_mut("leaf_san_dns_space", "leaf", S + ": preferred name syntax", SAN, san(tlv(0x82, b" localhost")))
ext_mut("leaf_san_dns_uppercase", "leaf", "RFC 6125 6.4.1: case-insensitive (ok)", SAN,
        lambda ch: san(tlv(0x82, ch.leaf_dns.upper().encode())))
ext_mut("leaf_san_dns_trailing_dot", "leaf", S + ": no trailing dot (RFC 1034 absolute form)", SAN,
        lambda ch: san(tlv(0x82, (ch.leaf_dns + ".").encode())))
ext_mut("leaf_san_dns_wildcard_only", "leaf", "RFC 6125 6.4.3: '*' alone matches nothing", SAN, san(tlv(0x82, b"*")))
ext_mut("leaf_san_dns_constructed", "leaf", "RFC 5280 A.2: dNSName IMPLICIT IA5String (primitive)", SAN,
        lambda ch: san(tlv(0xA2, tlv(0x16, ch.leaf_dns.encode()))))
ext_mut("leaf_san_ip_only_127", "leaf", S + ": iPAddress only (host name does not match)", SAN,
        san(tlv(0x87, bytes([127, 0, 0, 1]))))
ext_mut("leaf_san_ip_5_octets", "leaf", S + ": 4 or 16 octets", SAN,
        lambda ch: san(tlv(0x82, ch.leaf_dns.encode()), tlv(0x87, bytes(5))))
ext_mut("leaf_san_ip_with_mask", "leaf", S + ": mask only in nameConstraints", SAN,
        lambda ch: san(tlv(0x82, ch.leaf_dns.encode()), tlv(0x87, bytes([127, 0, 0, 1, 255, 0, 0, 0]))))
ext_mut("leaf_san_email_only", "leaf", S + ": rfc822Name only", SAN, san(tlv(0x81, b"a@example.com")))
ext_mut("leaf_san_email_bad", "leaf", S + ": rfc822Name Mailbox syntax", SAN,
        lambda ch: san(tlv(0x82, ch.leaf_dns.encode()), tlv(0x81, b"no-at-sign")))
ext_mut("leaf_san_uri", "leaf", S + ": URI (ok)", SAN,
        lambda ch: san(tlv(0x82, ch.leaf_dns.encode()), tlv(0x86, b"https://example.com/")))
ext_mut("leaf_san_uri_relative", "leaf", S + ": URI MUST be absolute with a host", SAN,
        lambda ch: san(tlv(0x82, ch.leaf_dns.encode()), tlv(0x86, b"/relative")))
ext_mut("leaf_san_other_name", "leaf", S + ": otherName (ok)", SAN,
        lambda ch: san(tlv(0x82, ch.leaf_dns.encode()),
                       tlv(0xA0, oid("1.3.6.1.4.1.311.20.2.3") + tlv(0xA0, tlv(UTF8, b"u@example.com")))))
ext_mut("leaf_san_registered_id", "leaf", S + ": registeredID (ok)", SAN,
        lambda ch: san(tlv(0x82, ch.leaf_dns.encode()), tlv(0x88, oid_bytes("1.2.3.4"))))
ext_mut("leaf_san_directory_name", "leaf", S + ": directoryName (ok)", SAN,
        lambda ch: san(tlv(0x82, ch.leaf_dns.encode()), tlv(0xA4, name([(CN, "x")]))))
ext_mut("leaf_san_tag_9", "leaf", "RFC 5280 A.2: GeneralName tags 0..8", SAN,
        lambda ch: san(tlv(0x82, ch.leaf_dns.encode()), tlv(0x89, b"x")))
ext_mut("leaf_san_x400_address", "leaf", S + ": x400Address (ok, unused)", SAN,
        lambda ch: san(tlv(0x82, ch.leaf_dns.encode()), tlv(0xA3, seq())))
ext_mut("leaf_san_dns_underscore", "leaf", S + ": preferred name syntax (underscore)", SAN,
        lambda ch: san(tlv(0x82, ch.leaf_dns.encode()), tlv(0x82, b"_srv.example.com")))

# ------------------------------------------------------------------ key identifiers
A = "RFC 5280 4.2.1.1"
ext_mut("leaf_aki_absent", "leaf", A + ": MUST be included (non-self-signed)", AKI, None)
ext_mut("inter_aki_absent", "inter", A + ": MUST be included", AKI, None)
ext_mut("leaf_aki_keyid_mismatch", "leaf", A + ": keyIdentifier names another key", AKI,
        ext(AKI, seq(tlv(0x80, b"\x01" * 20))))
ext_mut("leaf_aki_critical", "leaf", A + ": MUST be non-critical", AKI,
        lambda ch: ext(AKI, seq(tlv(0x80, ch.inter_ski)), True))
ext_mut("leaf_aki_empty", "leaf", A + ": at least keyIdentifier (profile)", AKI, ext(AKI, seq()))
ext_mut("leaf_aki_issuer_serial", "leaf", A + ": authorityCertIssuer + serial (ok)", AKI,
        lambda ch: ext(AKI, seq(tlv(0x80, ch.inter_ski), tlv(0xA1, tlv(0xA4, ch.root_subject)),
                                tlv(0x82, integer_bytes(0x2001)))))
ext_mut("leaf_aki_issuer_serial_mismatch", "leaf", A + ": issuer+serial names another cert", AKI,
        lambda ch: ext(AKI, seq(tlv(0x80, ch.inter_ski), tlv(0xA1, tlv(0xA4, ch.root_subject)),
                                tlv(0x82, integer_bytes(0x7777)))))
ext_mut("leaf_aki_issuer_only", "leaf", A + ": authorityCertIssuer without serial", AKI,
        lambda ch: ext(AKI, seq(tlv(0xA1, tlv(0xA4, ch.root_subject)))))
ext_mut("leaf_aki_keyid_empty", "leaf", A + ": empty keyIdentifier", AKI, ext(AKI, seq(tlv(0x80, b""))))
ext_mut("leaf_aki_keyid_constructed", "leaf", "RFC 5280 A.2: [0] IMPLICIT OCTET STRING", AKI,
        lambda ch: ext(AKI, seq(tlv(0xA0, octets(ch.inter_ski)))))
K2 = "RFC 5280 4.2.1.2"
ext_mut("leaf_ski_absent", "leaf", K2 + ": SHOULD in end entities", SKI, None)
ext_mut("inter_ski_absent", "inter", K2 + ": MUST in CA certificates", SKI, None)
ext_mut("leaf_ski_critical", "leaf", K2 + ": MUST be non-critical", SKI,
        lambda ch: ext(SKI, octets(ch.leaf_ski), True))
ext_mut("leaf_ski_empty", "leaf", K2 + ": KeyIdentifier OCTET STRING (empty)", SKI, ext(SKI, octets(b"")))
ext_mut("leaf_ski_not_octets", "leaf", K2, SKI, ext(SKI, integer(5)))
ext_mut("inter_ski_other_value", "inter", K2 + ": any value (leaf AKI then mismatches)", SKI,
        ext(SKI, octets(b"\x02" * 20)))

# ------------------------------------------------------------------ CA-only extensions
N = "RFC 5280 4.2.1.10"


def nc(permitted=None, excluded=None, critical=True):
    parts = []
    if permitted is not None:
        parts.append(tlv(0xA0, b"".join(permitted)))
    if excluded is not None:
        parts.append(tlv(0xA1, b"".join(excluded)))
    return ext(NC, seq(*parts), critical)


def subtree(gn, minimum=None, maximum=None):
    return seq(gn, *([tlv(0x80, integer_bytes(minimum))] if minimum is not None else []),
               *([tlv(0x81, integer_bytes(maximum))] if maximum is not None else []))


add_ext("inter_nc_permit_own", "inter", N + " (ok)", lambda ch: nc([subtree(tlv(0x82, ch.leaf_dns.encode()))]))
add_ext("inter_nc_permit_other", "inter", N + ": SAN outside the permitted subtree",
        nc([subtree(tlv(0x82, b"example.org"))]))
add_ext("inter_nc_noncritical", "inter", N + ": MUST be critical",
        lambda ch: nc([subtree(tlv(0x82, ch.leaf_dns.encode()))], critical=False))
add_ext("inter_nc_empty", "inter", N + ": MUST NOT be an empty sequence", nc())
add_ext("inter_nc_minimum_1", "inter", N + ": minimum MUST be zero",
        lambda ch: nc([subtree(tlv(0x82, ch.leaf_dns.encode()), minimum=1)]))
add_ext("inter_nc_maximum", "inter", N + ": maximum MUST be absent",
        lambda ch: nc([subtree(tlv(0x82, ch.leaf_dns.encode()), maximum=3)]))
add_ext("inter_nc_excluded_own", "inter", N + ": SAN in an excluded subtree",
        lambda ch: nc(None, [subtree(tlv(0x82, ch.leaf_dns.encode()))]))
add_ext("inter_nc_ip_bad_length", "inter", N + ": iPAddress constraint is 8 or 32 octets",
        nc([subtree(tlv(0x87, bytes([127, 0, 0, 1])))]))
add_ext("leaf_nc_in_leaf", "leaf", N + ": only in CA certificates",
        lambda ch: nc([subtree(tlv(0x82, ch.leaf_dns.encode()))]))
add_ext("inter_pc_empty", "inter", "RFC 5280 4.2.1.11: MUST NOT be an empty sequence", ext(PC, seq(), True))
add_ext("inter_pc_noncritical", "inter", "RFC 5280 4.2.1.11: MUST be critical",
        ext(PC, seq(tlv(0x80, b"\x05"))))
add_ext("inter_iap_noncritical", "inter", "RFC 5280 4.2.1.14: MUST be critical", ext(IAP, integer(3)))
add_ext("inter_iap_negative", "inter", "RFC 5280 4.2.1.14: SkipCerts (0..MAX)", ext(IAP, integer(-1), True))

# ------------------------------------------------------------------ unique identifiers
simple("leaf_issuer_uid_v3", "leaf", "RFC 5280 4.1.2.8: CAs MUST NOT; users SHOULD parse",
       {"uids": tlv(0x81, b"\x00\x01\x02")})
simple("inter_subject_uid_v3", "inter", "RFC 5280 4.1.2.8", {"uids": tlv(0x82, b"\x00\x01\x02")})
simple("leaf_uid_v1", "leaf", "RFC 5280 4.1.2.8: only in v2/v3",
       {"version": b"", "exts": None, "uids": tlv(0x81, b"\x00\x01")})
simple("leaf_uid_v2_no_exts", "leaf", "RFC 5280 4.1.2.8: v2 with unique IDs (ok by ASN.1)",
       {"version": tlv(0xA0, integer(1)), "exts": None, "uids": tlv(0x82, b"\x00\x01")})
simple("leaf_uids_swapped_order", "leaf", "RFC 5280 4.1: issuerUID [1] before subjectUID [2]",
       {"uids": tlv(0x82, b"\x00\x01") + tlv(0x81, b"\x00\x01")})
simple("leaf_uid_constructed", "leaf", "RFC 5280 A.1: [1] IMPLICIT BIT STRING (primitive)",
       {"uids": tlv(0xA1, tlv(0x03, b"\x00\x01"))})

# ------------------------------------------------------------------ encodings of the whole


def tbs_elem(index, transform):
    def fn(tbs):
        parts = [e for _, e, _ in children(content(tbs))]
        parts[index] = transform(parts[index])
        return seq(*parts)
    return fn


def exts_elem(transform):
    def fn(tbs):
        parts = [e for _, e, _ in children(content(tbs))]
        parts[-1] = transform(parts[-1])
        return seq(*parts)
    return fn


ENC = "X.690 10.1: definite length, shortest form"
simple("leaf_tbs_indefinite_length", "leaf", ENC, {"tbs_fn": with_indefinite_length})
simple("leaf_tbs_length_leading_zero", "leaf", ENC, {"tbs_fn": lambda t: with_long_length(t, True)})
simple("leaf_serial_long_length", "leaf", ENC, {"tbs_fn": tbs_elem(1, with_long_length)})
simple("leaf_subject_long_length", "leaf", ENC, {"tbs_fn": tbs_elem(5, with_long_length)})
simple("leaf_validity_indefinite", "leaf", ENC, {"tbs_fn": tbs_elem(4, with_indefinite_length)})
simple("leaf_exts_wrapper_indefinite", "leaf", ENC, {"tbs_fn": exts_elem(with_indefinite_length)})
simple("leaf_exts_wrapper_primitive", "leaf", "RFC 5280 4.1: [3] EXPLICIT is constructed",
       {"tbs_fn": exts_elem(lambda e: bytes([0x83]) + e[1:])})
simple("leaf_exts_wrapper_tag_4", "leaf", "RFC 5280 4.1: extensions are [3]",
       {"tbs_fn": exts_elem(lambda e: bytes([0xA4]) + e[1:])})
simple("leaf_cert_indefinite_length", "leaf", ENC, {"cert_fn": with_indefinite_length})
simple("leaf_cert_long_length", "leaf", ENC, {"cert_fn": lambda c: with_long_length(c, True)})
simple("leaf_cert_trailing_bytes", "leaf", "X.690: one Certificate (trailing data after it)",
       {"cert_fn": lambda c: c + b"\x00\x00"})
simple("inter_cert_trailing_bytes", "inter", "X.690: one Certificate", {"cert_fn": lambda c: c + b"\x05\x00"})
simple("leaf_cert_inner_trailing", "leaf", "RFC 5280 4.1: Certificate has 3 fields",
       {"cert_fn": lambda c: seq(content(c), null())})
simple("leaf_tbs_trailing_field", "leaf", "RFC 5280 4.1: nothing after extensions", {"tbs_trailer": null()})
simple("leaf_tbs_trailing_tag_4", "leaf", "RFC 5280 4.1: no [4] field", {"tbs_trailer": tlv(0xA4, null())})
simple("inter_tbs_trailing_field", "inter", "RFC 5280 4.1", {"tbs_trailer": null()})


@mut("leaf_ext_long_length", "leaf", ENC)
def _(c, ch):
    i = find_ext(c, SAN)
    c["exts"][i] = with_long_length(c["exts"][i])


@mut("leaf_ext_octets_long_length", "leaf", ENC)
def _(c, ch):
    i = find_ext(c, SAN)
    parts = [e for _, e, _ in children(content(c["exts"][i]))]
    parts[-1] = with_long_length(parts[-1])
    c["exts"][i] = seq(*parts)


@mut("leaf_sigalg_long_length", "leaf", ENC)
def _(c, ch):
    c["alg"] = with_long_length(c["alg"])
    c["outer_alg"] = ch.alg()


@mut("leaf_outer_alg_long_length", "leaf", ENC)
def _(c, ch):
    c["outer_alg"] = with_long_length(ch.alg())


@mut("leaf_subject_utf8_long_length", "leaf", ENC)
def _(c, ch):
    v = with_long_length(tlv(UTF8, ch.leaf_rdns[1][1].encode()))
    c["subject"] = seq(set_of(seq(oid(O), tlv(UTF8, b"mutls diff"))), set_of(seq(oid(CN), v)))
