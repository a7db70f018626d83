#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Generate the X509-Anvil audit vectors (vectors/x509/anvil) and their manifest.

X509-Anvil (tls-attacker/X509-Anvil) builds a root -> intermediate -> leaf chain and changes one
field or extension of the leaf ("entity") or of the intermediate, then asserts that a verifier
accepts or refuses the chain. This script rebuilds that default chain (RSA-2048, SHA-256, the
same extensions) and one case per Anvil test method that mutls handles in its own way, encoding
every TBSCertificate by hand so that fields the usual tools cannot express (an explicit v1
version, keyUsage bits past decipherOnly, malformed SAN entries)
are possible. Signatures come from pyca/cryptography over the exact TBS bytes.

The keys are made once (keys/*.pem, committed) and reused, so a rerun writes the same bytes.
Run from anywhere: python3 vectors/x509/anvil/gen.py
"""
import os
import sys

from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa

HERE = os.path.dirname(os.path.abspath(__file__))
TIME = 1800000000  # 2027-01-15, inside every default validity period

# ---------------------------------------------------------------- DER

sys.path.insert(0, os.path.join(HERE, ".."))
from der import bits, boolean, integer, octets, oid, seq, tlv, utc  # noqa: E402
from der import gentime as gen  # noqa: E402


PRINTABLE, UTF8, TELETEX, UNIVERSAL, BMP, IA5 = 0x13, 0x0C, 0x14, 0x1C, 0x1E, 0x16
DC = "0.9.2342.19200300.100.1.25"
CN, O, C = "2.5.4.3", "2.5.4.10", "2.5.4.6"


def dstring(kind, text):
    if kind == BMP:
        return tlv(kind, text.encode("utf-16-be"))
    if kind == UNIVERSAL:
        return tlv(kind, text.encode("utf-32-be"))
    return tlv(kind, text.encode("latin-1" if kind == TELETEX else "utf-8"))  # IA5 too


def name(rdns, kind=PRINTABLE):
    """rdns: list of (attribute OID, text[, string tag]); one attribute per RDN, most general
    first. countryName stays a PrintableString whatever @kind is."""
    out = []
    for r in rdns:
        tag = r[2] if len(r) > 2 else (PRINTABLE if r[0] == C else kind)
        out.append(tlv(0x31, seq(oid(r[0]), dstring(tag, r[1]))))
    return seq(*out)


SHA256_RSA = seq(oid("1.2.840.113549.1.1.11"), tlv(0x05, b""))
SHA384_RSA = seq(oid("1.2.840.113549.1.1.12"), tlv(0x05, b""))
UNKNOWN_ALG = seq(oid("1.2.3.4.5.6.7.8"), tlv(0x05, b""))


def ext(ext_oid, value, critical=None):
    """critical None leaves the DEFAULT FALSE out; bytes give a raw BOOLEAN TLV."""
    crit = b""
    if isinstance(critical, bytes):
        crit = critical
    elif critical:
        crit = boolean(True)
    return seq(oid(ext_oid), crit, octets(value))


BC, KU, EKU, SAN, SKI, AKI, CRLDP = ("2.5.29.19", "2.5.29.15", "2.5.29.37", "2.5.29.17",
                                     "2.5.29.14", "2.5.29.35", "2.5.29.31")


def ku_bits(*bit_numbers, pad_zero_bits=0):
    """KeyUsage BIT STRING with the named bits set, trailing zero bits dropped (DER), then
    @pad_zero_bits more zero bits appended (not DER)."""
    top = max(bit_numbers)
    nbits = top + 1 + pad_zero_bits
    v = bytearray((nbits + 7) // 8)
    for b in bit_numbers:
        v[b // 8] |= 0x80 >> (b % 8)
    return bits(bytes(v), len(v) * 8 - nbits)


def gn(tag, value):
    return tlv(tag, value if isinstance(value, bytes) else value.encode())


# ---------------------------------------------------------------- keys and chain


def key(label):
    path = os.path.join(HERE, "keys", label + ".pem")
    if not os.path.exists(path):
        os.makedirs(os.path.dirname(path), exist_ok=True)
        k = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        with open(path, "wb") as f:
            f.write(k.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                    serialization.NoEncryption()))
    with open(path, "rb") as f:
        return serialization.load_pem_private_key(f.read(), None)


def spki(k):
    return k.public_key().public_bytes(serialization.Encoding.DER,
                                       serialization.PublicFormat.SubjectPublicKeyInfo)


ROOT_KEY, INTER_KEY, LEAF_KEY = key("root"), key("inter"), key("leaf")
ROOT_ID = bytes([1, 2, 3, 4, 0, 0xFF, 0]) + bytes(9)
INTER_ID = bytes([1, 2, 3, 4, 0, 0, 0]) + bytes(8) + b"\x01"
LEAF_ID = bytes([1, 2, 3, 4, 0, 0xFE, 0]) + bytes(8) + b"\x01"
ROOT_RDNS = [(C, "Global"), (O, "TLS-Attacker"), (CN, "TLS Attacker CA - Global Insecurity Provider")]
INTER_RDNS = [(C, "Global"), (O, "TLS-Attacker"),
              (CN, "TLS Attacker Intermediate CA Depth 0- Global Insecurity Provider")]
LEAF_RDNS = [(C, "Global"), (O, "TLS-Attacker"), (CN, "tls-attacker.com")]
CA_KU = ku_bits(0, 5, 6)  # digitalSignature, keyCertSign, cRLSign
LEAF_KU = ku_bits(0, 2, 4)  # digitalSignature, keyEncipherment, keyAgreement


def ca_exts(own_id, issuer_id):
    out = [ext(BC, seq(boolean(True), integer(5)), True), ext(KU, CA_KU, True), ext(SKI, octets(own_id))]
    if issuer_id is not None:
        out.append(ext(AKI, seq(tlv(0x80, issuer_id))))
    return out


def leaf_exts():
    return [ext(BC, seq(), True), ext(KU, LEAF_KU, True), ext(SKI, octets(LEAF_ID)),
            ext(AKI, seq(tlv(0x80, INTER_ID)))]


def cert(issuer_key, subject_key, issuer_name, subject_name, serial, default_exts, **m):
    """One certificate; m overrides fields (see the keys used below)."""
    version = m.get("version", 2)
    parts = []
    if "version_raw" in m:
        parts.append(m["version_raw"])
    elif version is not None:
        parts.append(tlv(0xA0, integer(version)))
    if "serial_raw" in m:
        parts.append(m["serial_raw"])
    else:
        parts.append(integer(serial))
    inner = m.get("inner_alg", SHA256_RSA)
    parts += [inner, m.get("issuer", issuer_name),
              seq(m.get("not_before", utc("220101000000Z")), m.get("not_after", utc("320101000000Z"))),
              m.get("subject", subject_name), spki(subject_key)]
    if "issuer_uid" in m:
        parts.append(tlv(0x81, m["issuer_uid"]))
    if "subject_uid" in m:
        parts.append(tlv(0x82, m["subject_uid"]))
    exts = m.get("exts", default_exts)
    if exts:
        parts.append(tlv(0xA3, seq(*exts)))
    tbs = seq(*parts, m.get("tbs_trailer", b""))
    sig = issuer_key.sign(tbs, padding.PKCS1v15(), hashes.SHA256())
    return seq(tbs, m.get("outer_alg", inner), bits(sig))


ROOT = cert(ROOT_KEY, ROOT_KEY, name(ROOT_RDNS), name(ROOT_RDNS), 0x01020304050607080910111213141516,
            ca_exts(ROOT_ID, None))


def chain(leaf_mods=None, inter_mods=None):
    """(leaf DER, intermediate DER) of the default chain with the given changes."""
    inter_mods = dict(inter_mods or {})
    leaf_mods = dict(leaf_mods or {})
    inter = cert(ROOT_KEY, INTER_KEY, name(ROOT_RDNS), name(INTER_RDNS), 0x5A11, ca_exts(INTER_ID, ROOT_ID),
                 **inter_mods)
    # As Anvil's generator: the leaf names its issuer as the intermediate names itself.
    leaf_mods.setdefault("issuer", inter_mods.get("subject", name(INTER_RDNS)))
    leaf = cert(INTER_KEY, LEAF_KEY, name(INTER_RDNS), name(LEAF_RDNS), 0x1EAF, leaf_exts(), **leaf_mods)
    return leaf, inter


def pem(der):
    import base64
    b = base64.b64encode(der).decode()
    lines = [b[i:i + 64] for i in range(0, len(b), 64)]
    return "-----BEGIN CERTIFICATE-----\n" + "\n".join(lines) + "\n-----END CERTIFICATE-----\n"


# ---------------------------------------------------------------- cases

CASES = []


def case(cid, anvil, anvil_says, expect, depth, rfc, leaf_mods=None, inter_mods=None, note=""):
    """anvil_says: what Anvil asserts (valid/invalid); expect: mutls's code name ("ok")."""
    CASES.append((cid, anvil, anvil_says, expect, depth, rfc, leaf_mods, inter_mods, note))


def inter_ext_with(*extra):
    return ca_exts(INTER_ID, ROOT_ID) + list(extra)


def san(*names, critical=None):
    return ext(SAN, seq(*names), critical)


NO_EXT = {"exts": []}
BAD_CRIT = ext(KU, LEAF_KU, tlv(0x01, b"\x01"))
UNKNOWN_CRIT = ext("1.3.6.1.4.1.55555.1", b"\x0a\x0b\x0c", True)

case("baseline_ok", "(default chain of every test)", "valid", "ok", -1, "RFC 5280 6.1")
# basicfields.version
case("explicit_v1_leaf", "BerInsteadOfDerTests.explicitVersion1Entity", "invalid", "malformed", 0,
     "X.690 11.5: the DEFAULT v1 is not encoded", {"version": 0, **NO_EXT}, note="FIXED")
case("explicit_v1_inter", "BerInsteadOfDerTests.explicitVersion1Intermediate", "invalid", "malformed", 1,
     "X.690 11.5", None, {"version": 0, **NO_EXT}, note="FIXED: was refused as not_a_ca only")
case("v1_leaf_with_extensions", "OnlyV3Tests.v1Entity / Version1CertWithExtensionsTests", "invalid",
     "malformed", 0, "RFC 5280 4.1.2.9", {"version": None})
case("v1_inter_with_extensions", "OnlyV3Tests.v1Intermediate", "invalid", "malformed", 1, "RFC 5280 4.1.2.9",
     None, {"version": None})
case("v2_leaf_with_extensions", "OnlyV3Tests.v2Entity / Version2CertWithExtensionTests", "invalid",
     "malformed", 0, "RFC 5280 4.1.2.9", {"version": 1})
case("version_4_leaf", "VersionTests.invalidVersion4Entity", "invalid", "malformed", 0, "RFC 5280 4.1",
     {"version": 3})
case("version_negative_leaf", "NegativeVersionTests.negativeVersionEntity", "invalid", "malformed", 0,
     "RFC 5280 4.1", {"version": -1})
case("version_256_inter", "LargeVersionTests.largeVersionIntermediate", "invalid", "malformed", 1,
     "RFC 5280 4.1", None, {"version": 256})
case("v1_leaf_no_extensions_ok", "(v1 leaf; OnlyV3Tests.v1Entity always adds extensions)", "valid", "ok", -1,
     "RFC 5280 4.1.2.1: v1 is allowed without extensions", {"version": None, **NO_EXT})
# basicfields.serialnumber
case("serial_zero_leaf", "ZeroSerialNumberTests.zeroSerialNumberEntity", "valid", "ok", -1,
     "RFC 5280 4.1.2.2: users handle zero gracefully", {"serial_raw": integer(0)})
case("serial_zero_inter", "ZeroSerialNumberTests.zeroSerialNumberIntermediate", "valid", "ok", -1,
     "RFC 5280 4.1.2.2", None, {"serial_raw": integer(0)})
case("serial_negative_leaf", "NegativeSerialNumberTests.negativeSerialNumberEntity", "valid", "malformed", 0,
     "RFC 5280 4.1.2.2: a CA MUST use a positive serial", {"serial_raw": integer(-1337)},
     note="POLICY: kept as x509-limbo serial-number-negative; older Anvil versions assert invalid")
case("serial_negative_inter", "NegativeSerialNumberTests.negativeSerialNumberIntermediate", "valid",
     "malformed", 1, "RFC 5280 4.1.2.2", None, {"serial_raw": integer(-1337)}, note="POLICY")
case("serial_32_octets_leaf", "LargeSerialNumberTest.largeSerialNumberEntity", "invalid", "malformed", 0,
     "RFC 5280 4.1.2.2: at most 20 octets", {"serial_raw": integer(1 << 255)})
case("serial_absent_inter", "SerialNumberNotPresentTests.noSerialNumberIntermediate", "invalid", "malformed", 1,
     "RFC 5280 4.1", None, {"serial_raw": b""})
# basicfields.uniqueidentifiers
case("issuer_uid_v3_leaf", "IssuerUniqueIdPresentTests.issuerUniqueIdPresentInEntity", "invalid", "ok", -1,
     "RFC 5280 4.1.2.8: users SHOULD parse unique identifiers", {"issuer_uid": b"\x00\x01\x02\x03"},
     note="POLICY: CAs MUST NOT generate them, but a verifier has no processing rule")
case("subject_uid_v3_inter", "SubjectUniqueIdPresentTests.subjectUniqueIdPresentInIntermediate", "invalid",
     "ok", -1, "RFC 5280 4.1.2.8", None, {"subject_uid": b"\x00\x01\x02\x03"}, note="POLICY")
case("issuer_uid_v1_leaf", "IssuerUniqueIdInV1CertTests.issuerUniqueIdPresentInV1Entity", "invalid",
     "malformed", 0, "RFC 5280 4.1.2.8: only in v2 and v3",
     {"version": None, "issuer_uid": b"\x00\x01\x02\x03", **NO_EXT})
case("subject_uid_v1_inter", "SubjectUniqueIdInV1CertTests.subjectUniqueIdPresentInV1Intermediate", "invalid",
     "malformed", 1, "RFC 5280 4.1.2.8", None, {"version": None, "subject_uid": b"\x00\x01\x02\x03", **NO_EXT})
# basicfields.validity
case("gentime_2020_not_before_leaf", "GeneralizedTimeBefore2050Tests.generalizedTimeBefore2050BeforeEntity",
     "invalid", "ok", -1, "RFC 5280 4.1.2.5: CAs MUST use UTCTime through 2049",
     {"not_before": gen("20200101000000Z")},
     note="POLICY: a CA rule; NIST PKITS 4.2.4 expects a verifier to accept it, as OpenSSL and Go do")
case("gentime_2030_not_after_inter", "GeneralizedTimeBefore2050Tests.generalizedTimeBefore2050AfterIntermediate",
     "invalid", "ok", -1, "RFC 5280 4.1.2.5", None, {"not_after": gen("20300101000000Z")}, note="POLICY")
case("gentime_2050_not_after_ok", "(GeneralizedTime from 2050, as RFC 5280 requires)", "valid", "ok", -1,
     "RFC 5280 4.1.2.5", {"not_after": gen("20500101000000Z")})
case("gentime_fraction_leaf", "GeneralizedTimeFractionalSecondsTests.notAfterEntity", "invalid", "malformed", 0,
     "RFC 5280 4.1.2.5.2", {"not_after": gen("20500101000000.300Z")})
case("gentime_no_seconds_inter", "GeneralizedTimeWithoutSecondsTests.notAfterIntermediate", "invalid",
     "malformed", 1, "RFC 5280 4.1.2.5.2", None, {"not_after": gen("205001010000Z")})
case("gentime_offset_leaf", "GeneralizedTimeNonZuluTests.notAfterEntity", "invalid", "malformed", 0,
     "RFC 5280 4.1.2.5.2", {"not_after": gen("20500101000000+0100")})
case("utctime_offset_inter", "UtcTimeNonZuluTests.notBeforeIntermediate", "invalid", "malformed", 1,
     "RFC 5280 4.1.2.5.1", None, {"not_before": utc("200101000000+0100")})
case("utctime_no_seconds_leaf", "UtcTimeWithoutSecondsTests.notBeforeEntity", "invalid", "malformed", 0,
     "RFC 5280 4.1.2.5.1", {"not_before": utc("0101010000Z")})
case("expired_leaf", "ExpiredTests.expiredUtcEntity", "invalid", "expired", 0, "RFC 5280 6.1.3",
     {"not_after": utc("200101000000Z"), "not_before": utc("190101000000Z")})
case("expired_inter", "ExpiredTests.expiredGeneralizedIntermediate", "invalid", "expired", 1, "RFC 5280 6.1.3",
     None, {"not_after": utc("200101000000Z"), "not_before": utc("190101000000Z")})
case("not_yet_valid_leaf", "ValidityTests.entityCertNotYetValidUtc", "invalid", "not_yet_valid", 0,
     "RFC 5280 6.1.3", {"not_before": utc("400101000000Z")})
# basicfields.signaturealgorithm / tbssignature
case("sigalg_mismatch_leaf", "SignatureAlgorithmMismatchTests.signatureAlgorithmFieldDoesntMatchAlgorithmEntity",
     "invalid", "malformed", 0, "RFC 5280 4.1.1.2", {"outer_alg": SHA384_RSA})
case("tbs_sigalg_mismatch_inter", "TbsSignatureMismatchTests.tbsSignatureDoesntMatchAlgorithmIntermediate",
     "invalid", "malformed", 1, "RFC 5280 4.1.2.3", None, {"inner_alg": SHA384_RSA, "outer_alg": SHA256_RSA})
case("sigalg_unknown_leaf", "UnknownOidTests.unknownOidTbsAndCertEntity", "invalid", "unsupported_algorithm", 0,
     "RFC 5280 4.1.1.2", {"inner_alg": UNKNOWN_ALG})
# basicfields, encoding
case("tbs_trailing_field_leaf", "AppendUnexpectedCertificateFieldTest.appendUnexpectedFieldEntity", "invalid",
     "malformed", 0, "RFC 5280 4.1", {"tbs_trailer": octets(b"\x00" * 8)})
case("boolean_01_critical_leaf", "BerInsteadOfDerTests.booleanRepresentationEntity", "invalid", "malformed", 0,
     "X.690 11.1", {"exts": [e if not e[4:7] == b"\x55\x1d\x0f" else BAD_CRIT for e in leaf_exts()]})
# basicfields.issuer / subject
case("bmp_names_leaf", "SubjectAndIssuerEncodingTests.bmpEncodingEntity", "invalid", "unknown_issuer", 0,
     "RFC 5280 4.1.2.4, 7.1", {"issuer": name(INTER_RDNS, BMP), "subject": name(LEAF_RDNS, BMP)})
case("teletex_names_inter", "SubjectAndIssuerEncodingTests.teletexEncodingIntermediate", "invalid",
     "unknown_issuer", 1, "RFC 5280 4.1.2.4, 7.1", None,
     {"issuer": name(ROOT_RDNS, TELETEX), "subject": name(INTER_RDNS, TELETEX)})
case("universal_names_leaf", "SubjectAndIssuerEncodingTests.universalEncodingEntity", "invalid", "unknown_issuer",
     0, "RFC 5280 4.1.2.4, 7.1", {"issuer": name(INTER_RDNS, UNIVERSAL), "subject": name(LEAF_RDNS, UNIVERSAL)})
case("empty_subject_inter", "NoDNTests.noDn", "invalid", "malformed", 1, "RFC 5280 4.1.2.4, 4.1.2.6", None,
     {"subject": seq()})
case("issuer_dn_qualifier_leaf", "EmptyDNTests.emptyDn", "invalid", "unknown_issuer", 0, "RFC 5280 4.1.2.4",
     {"issuer": name([("2.5.4.46", "empty")])})
case("cn_email_no_san_leaf", "SubjectAlternativeNameSubjectTests.subjectAltNameMailInSubjectEntity", "invalid",
     "ok", -1, "RFC 5280 4.1.2.6 (a CA rule)", {"subject": name([(CN, "mail@tls-attacker.com"), (O, "TLS-Attacker")])},
     note="POLICY: no host is checked here; with one, mutls matches SAN or else CN (RFC 6125 6.4.4)")
# namechaining (RFC 5280 7.1 and 7.3 comparisons of the leaf's issuer with the intermediate's subject)
DC_INTER = [(DC, "org", IA5), (DC, "tls-attacker", IA5)] + INTER_RDNS
case("dc_case_insensitive_ok", "DomainComponentCaseInsensitiveTests.switchedCaseDomainComponentTest", "valid",
     "ok", -1, "RFC 5280 7.3: domainComponent compared without case",
     {"issuer": name([(DC, "ORG", IA5), (DC, "TLS-Attacker", IA5)] + INTER_RDNS)}, {"subject": name(DC_INTER)},
     note="FIXED")
case("cn_utf8_vs_printable_ok", "AttributeTypeMismatchTests.typeMismatchCn", "valid", "ok", -1,
     "RFC 5280 7.1: PrintableString and UTF8String compared after folding",
     {"issuer": name(INTER_RDNS[:2] + [(CN, INTER_RDNS[2][1], UTF8)])})
case("rdn_missing_inter", "RdnNumberMismatchTests.missingRdn", "invalid", "unknown_issuer", 0,
     "RFC 5280 7.1: same number of RDNs", {"issuer": name(INTER_RDNS)}, {"subject": name(INTER_RDNS[1:])})
case("rdn_order_reversed", "RdnOrderMismatchTests.rdnOrderMismatch", "invalid", "unknown_issuer", 0,
     "RFC 5280 7.1: RDNs in the same order", {"issuer": name(list(reversed(INTER_RDNS)))})
case("ou_mismatch_leaf", "OrganizationalUnitMismatchTests.organizationalUnitMismatch", "invalid",
     "unknown_issuer", 0, "RFC 5280 7.1", {"issuer": name(INTER_RDNS + [("2.5.4.11", "unit_modified")])},
     {"subject": name(INTER_RDNS + [("2.5.4.11", "unit")])})
# extensions.common
case("unknown_critical_leaf", "UnknownCriticalExtensionTests.unknownCriticalExtensionEntity", "invalid",
     "unknown_critical_extension", 0, "RFC 5280 4.2", {"exts": leaf_exts() + [UNKNOWN_CRIT]})
case("unknown_critical_inter", "UnknownCriticalExtensionTests.unknownCriticalExtensionIntermediate", "invalid",
     "unknown_critical_extension", 1, "RFC 5280 4.2", None, {"exts": inter_ext_with(UNKNOWN_CRIT)})
# extensions.basicconstraints
case("bc_not_critical_inter", "InterCertWithNonCriticalBasicConstraintsTests", "invalid", "malformed", 1,
     "RFC 5280 4.2.1.9", None,
     {"exts": [ext(BC, seq(boolean(True), integer(5)))] + ca_exts(INTER_ID, ROOT_ID)[1:]})
case("bc_duplicate_inter", "DuplicateBasicConstraintsTests.duplicateDifferentIntermediate", "invalid",
     "malformed", 1, "RFC 5280 4.2", None, {"exts": inter_ext_with(ext(BC, seq(), True))})
case("pathlen_without_ca_inter", "PathlenWithoutCaSetTests.pathlenWithoutCaSetEntity", "invalid", "malformed", 1,
     "RFC 5280 4.2.1.9", None, {"exts": [ext(BC, seq(integer(5)), True)] + ca_exts(INTER_ID, ROOT_ID)[1:]})
case("pathlen_negative_inter", "NegativePathLenTests.negativePathLen", "invalid", "malformed", 1,
     "RFC 5280 4.2.1.9", None, {"exts": [ext(BC, seq(boolean(True), integer(-5)), True)] +
                                ca_exts(INTER_ID, ROOT_ID)[1:]})
# extensions.keyusage
case("ku_overflow_one_leaf", "KeyUsageOverflowTests.keyUsageOverflowAppend1Entity", "invalid", "malformed", 0,
     "RFC 5280 4.2.1.3: bits 0..8 only",
     {"exts": [e if e[4:7] != b"\x55\x1d\x0f" else ext(KU, ku_bits(0, 1, 9), True) for e in leaf_exts()]},
     note="FIXED")
case("ku_overflow_one_inter", "KeyUsageOverflowTests.keyUsageOverflowAppend1Intermediate", "invalid",
     "malformed", 1, "RFC 5280 4.2.1.3", None,
     {"exts": [ext(BC, seq(boolean(True), integer(5)), True), ext(KU, ku_bits(0, 1, 2, 4, 5, 9), True)] +
      ca_exts(INTER_ID, ROOT_ID)[2:]}, note="FIXED")
case("ku_overflow_zero_leaf", "KeyUsageOverflowTests.keyUsageOverflowAppend0Entity", "invalid", "malformed", 0,
     "X.690 11.2.2: no trailing zero bits",
     {"exts": [e if e[4:7] != b"\x55\x1d\x0f" else ext(KU, ku_bits(0, 1, pad_zero_bits=8), True)
               for e in leaf_exts()]})
case("ku_empty_inter", "EmptyKeyUsageTests.emptyKeyUsageEntity", "invalid", "malformed", 1, "RFC 5280 4.2.1.3",
     None, {"exts": [ext(BC, seq(boolean(True), integer(5)), True), ext(KU, bits(b""), True)] +
            ca_exts(INTER_ID, ROOT_ID)[2:]})
case("ku_keycertsign_leaf", "KeyCertSignNonCaTests.keyCertSignNonCaEntity", "invalid", "key_usage_mismatch", 0,
     "RFC 5280 4.2.1.3",
     {"exts": [e if e[4:7] != b"\x55\x1d\x0f" else ext(KU, ku_bits(0, 2, 4, 5), True) for e in leaf_exts()]})
case("ku_no_keycertsign_inter", "InterCertWithoutKeyCertSignTests.intermediateCertWithCaNotSet", "invalid",
     "not_a_ca", 1, "RFC 5280 4.2.1.3, 6.1.4 (n)", None,
     {"exts": [ext(BC, seq(boolean(True), integer(5)), True), ext(KU, ku_bits(0, 6), True)] +
      ca_exts(INTER_ID, ROOT_ID)[2:]})
# extensions.subjectalternativename
for cid, method, value, fixed in [
        ("san_uri_relative", "subjectAltNameUriRelative", "file", 1),
        ("san_uri_host_semicolon", "subjectAltNameInvalidUri", "https://tls-attacker.com;file", 1),
        ("san_uri_no_scheme", "subjectAltNameNoSchemeUri", "tls-attacker.com/file", 1),
        ("san_uri_no_host", "subjectAltNameNoPathUri", "https://", 1),
        ("san_uri_userinfo_only", "subjectAltNameAuthorityUri", "user@tls-attacker.com", 1)]:
    case(cid + "_leaf", "SubjectAlternativeNameUriTests." + method + "Entity", "invalid", "malformed", 0,
         "RFC 5280 4.2.1.6: absolute URI with a host", {"exts": leaf_exts() + [san(gn(0x86, value))]},
         note="FIXED")
case("san_uri_relative_inter", "SubjectAlternativeNameUriTests.subjectAltNameUriRelativeIssuer", "invalid",
     "malformed", 1, "RFC 5280 4.2.1.6", None, {"exts": inter_ext_with(san(gn(0x86, "file")))}, note="FIXED")
case("san_uri_ok", "(a well-formed URI and SPIFFE id)", "valid", "ok", -1, "RFC 5280 4.2.1.6",
     {"exts": leaf_exts() + [san(gn(0x86, "https://tls-attacker.com:8443/file?x=%41#f"),
                                 gn(0x86, "spiffe://example.org/ns/a"), gn(0x86, "urn:uuid:1234"))]})
case("san_uri_as_ip_leaf", "SubjectAlternativeNameUriTests.subjectAltNameUriEntity", "invalid", "malformed", 0,
     "RFC 5280 4.2.1.6: 4 or 16 octets", {"exts": leaf_exts() + [san(gn(0x87, "https://test.com/file"))]})
case("san_dns_email_leaf", "SubjectAlternativeNameFormattingTests.subjectAltNameMailFormattingEntity", "invalid",
     "malformed", 0, "RFC 5280 4.2.1.6: preferred name syntax",
     {"exts": leaf_exts() + [san(gn(0x82, "mail@test.com"))]}, note="FIXED")
case("san_dns_semicolon_inter", "SubjectAlternativeNameFormattingTests.subjectAltNameDnsNamePreferredTypeIssuer",
     "invalid", "malformed", 1, "RFC 5280 4.2.1.6", None, {"exts": inter_ext_with(san(gn(0x82, "test;com")))},
     note="FIXED")
case("san_dns_space_leaf", "SubjectAlternativeNameFormattingTests.subjectAltNameDnsNameEmptyEntity", "invalid",
     "malformed", 0, "RFC 5280 4.2.1.6: never \" \"", {"exts": leaf_exts() + [san(gn(0x82, " "))]}, note="FIXED")
case("san_dns_ok", "(well-formed dNSNames)", "valid", "ok", -1, "RFC 5280 4.2.1.6",
     {"exts": leaf_exts() + [san(gn(0x82, "tls-attacker.com"), gn(0x82, "*.tls-attacker.com"),
                                 gn(0x82, "_acme.tls-attacker.com."), gn(0x82, "1x.example"))]})
case("san_ip_5_octets_leaf", "SubjectAlternativeNameFormattingTests.subjectAltNameIpAddressFormattingEntity",
     "invalid", "malformed", 0, "RFC 5280 4.2.1.6", {"exts": leaf_exts() + [san(gn(0x87, b"\x01" * 5))]})
case("san_empty_leaf", "SubjectAlternativeNameWithoutContentTests.subjectAltNameEmptyEntity", "invalid",
     "malformed", 0, "RFC 5280 4.2.1.6: SIZE (1..MAX)", {"exts": leaf_exts() + [ext(SAN, seq(), True)]})
case("san_duplicate_leaf", "DuplicateSubjectAlternativeNameTests.duplicateDifferentSubjectAlternativeNameEntity",
     "invalid", "malformed", 0, "RFC 5280 4.2",
     {"exts": leaf_exts() + [san(gn(0x82, "tls-attacker.com")), san(gn(0x82, "www.tls-attacker.com"))]})
case("san_noncritical_empty_subject_leaf",
     "SubjectAlternativeNameFormattingTests.nonCriticalAltNameWhenEmptySubjectEntity", "invalid", "malformed", 0,
     "RFC 5280 4.1.2.6", {"subject": seq(), "exts": leaf_exts() + [san(gn(0x82, "test.com"))]})
# extensions.extendedkeyusage
EMAIL_EKU = ext(EKU, seq(oid("1.3.6.1.5.5.7.3.4")))
case("eku_email_leaf", "WrongExtendedKeyUsagesTests.wrongExtendedKeyUsagesEntity", "invalid", "purpose_mismatch",
     0, "RFC 5280 4.2.1.12", {"exts": leaf_exts() + [EMAIL_EKU]})
case("eku_email_inter", "WrongExtendedKeyUsagesTests.wrongExtendedKeyUsagesIntermediate", "invalid",
     "purpose_mismatch", 1, "RFC 5280 4.2.1.12 (as OpenSSL, Go)", None, {"exts": inter_ext_with(EMAIL_EKU)})
case("eku_multiple_ok", "MultipleValidExtendedKeyUsagesTests.multipleValidExtendedKeyUsagesEntity", "valid", "ok",
     -1, "RFC 5280 4.2.1.12", {"exts": leaf_exts() + [ext(EKU, seq(oid("1.3.6.1.5.5.7.3.2"), oid("1.3.6.1.5.5.7.3.1"),
                                                                  oid("1.3.6.1.5.5.7.3.4")))]})
# extensions.policyconstraints, certificatepolicies (x509_policy_tree.c: RFC 5280 6.1 policy processing)
PC = "2.5.29.36"
case("pc_require_10_leaf_ok", "PolicyConstraintsTests.mustAcceptPolicyConstraintsEntity", "valid", "ok", -1,
     "RFC 5280 6.1.4 (i), 6.1.5: no explicit policy needed within 10 certificates",
     {"exts": leaf_exts() + [ext(PC, seq(tlv(0x80, b"\x0a")), True)]}, note="FIXED")
case("pc_require_10_inter_ok", "PolicyConstraintsTests.mustAcceptPolicyConstraintsIntermediate", "valid", "ok", -1,
     "RFC 5280 6.1.4 (i)", None, {"exts": inter_ext_with(ext(PC, seq(tlv(0x80, b"\x0a")), True))}, note="FIXED")
case("pc_require_2_inter_ok", "(requireExplicitPolicy 2 over one more certificate)", "valid", "ok", -1,
     "RFC 5280 6.1.4 (h)(i), 6.1.5 (a)", None, {"exts": inter_ext_with(ext(PC, seq(tlv(0x80, b"\x02")), True))})
case("pc_require_1_inter", "(requireExplicitPolicy 1: the leaf needs a policy)", "invalid",
     "no_acceptable_policy", 0, "RFC 5280 6.1.5 (g): explicit_policy 0 and no valid policy", None,
     {"exts": inter_ext_with(ext(PC, seq(tlv(0x80, b"\x01")), True))})
case("pc_require_0_leaf", "(requireExplicitPolicy 0 in the leaf)", "invalid", "no_acceptable_policy", 0,
     "RFC 5280 6.1.5 (b)(g)", {"exts": leaf_exts() + [ext(PC, seq(tlv(0x80, b"\x00")), True)]})
case("pc_inhibit_mapping_only_ok", "(inhibitPolicyMapping only: nothing to map)", "valid", "ok", -1,
     "RFC 5280 4.2.1.11", None, {"exts": inter_ext_with(ext(PC, seq(tlv(0x81, b"\x00")), True))})
case("pc_empty_leaf", "PolicyConstraintsTests.emptyPolicyConstraintsEntity", "invalid", "malformed", 0,
     "RFC 5280 4.2.1.11: never empty", {"exts": leaf_exts() + [ext(PC, seq(), True)]})
case("pc_not_critical_leaf", "PolicyConstraintsTests.criticalPolicyConstraintsEntity", "invalid", "malformed", 0,
     "RFC 5280 4.2.1.11: always critical", {"exts": leaf_exts() + [ext(PC, seq(tlv(0x80, b"\x0a")))]},
     note="FIXED")
case("pc_not_critical_inter", "PolicyConstraintsTests.criticalPolicyConstraintsIntermediate", "invalid",
     "ok", -1, "RFC 5280 4.2.1.11", None, {"exts": inter_ext_with(ext(PC, seq(tlv(0x80, b"\x0a"))))},
     note="POLICY: a CA rule; NIST PKITS's own CAs carry a non-critical policyConstraints in valid paths (4.8.6, 4.8.10, ...), as OpenSSL and Go accept; it is enforced")
case("pc_negative_skip_leaf", "(SkipCerts is INTEGER (0..MAX))", "invalid", "malformed", 0, "RFC 5280 4.2.1.11",
     {"exts": leaf_exts() + [ext(PC, seq(tlv(0x80, b"\xff")), True)]})
case("policies_critical_duplicate_leaf", "DuplicatePoliciesTests.duplicatePoliciesEntity", "invalid",
     "malformed", 0, "RFC 5280 4.2.1.4: a policy OID appears at most once",
     {"exts": leaf_exts() + [ext("2.5.29.32", seq(seq(oid("1.3.6.1.5.5.7.2.1")), seq(oid("1.3.6.1.5.5.7.2.1"))),
                                 True)]})
# extensions.subjectkeyid / authoritykeyid
case("ski_duplicate_leaf", "DuplicateSubjectKeyIdTests.duplicateDifferentEntity", "invalid", "malformed", 0,
     "RFC 5280 4.2", {"exts": leaf_exts() + [ext(SKI, octets(b"\xff" * 4))]})
case("aki_duplicate_inter", "DuplicateAuthKeyIdTests.duplicateIdenticalIntermediate", "invalid", "malformed", 1,
     "RFC 5280 4.2", None, {"exts": inter_ext_with(ext(AKI, seq(tlv(0x80, ROOT_ID))))})
# extensions.crldistributionpoints
case("crldp_critical_rdn_ok", "BasicCRLDistributionPointsTests.basicTest", "valid", "ok", -1,
     "RFC 5280 4.2.1.13 (no CRL is checked here)",
     {"exts": leaf_exts() + [ext(CRLDP, seq(seq(tlv(0xA0, tlv(0xA1, seq(oid(CN), dstring(UTF8, "x"))))),
                                            ), True)]})


def main():
    root_rel = "anvil/root.pem"
    with open(os.path.join(HERE, "root.pem"), "w") as f:
        f.write(pem(ROOT))
    out = ["# SPDX-License-Identifier: MIT",
           "# X509-Anvil audit cases, generated by vectors/x509/anvil/gen.py; do not edit by hand.",
           "# Same record format as ../cases.txt, plus: anvil = the Anvil test method the case models,",
           "# anvil_says = what Anvil asserts, rfc = the rule mutls's verdict follows, note = FIXED (this",
           "# audit changed mutls to agree) or POLICY (mutls keeps its own verdict; the note says why)."]
    written = {}  # DER -> file name: an unchanged certificate is written once and shared

    def write(der, fname):
        if der not in written:
            written[der] = fname
            with open(os.path.join(HERE, fname), "w") as f:
                f.write(pem(der))
        return "anvil/" + written[der]

    for stale in os.listdir(HERE):
        if stale.endswith(("_leaf.pem", "_inter.pem")):
            os.remove(os.path.join(HERE, stale))
    for cid, anvil, says, expect, depth, rfc, leaf_mods, inter_mods, note in CASES:
        leaf, inter = chain(leaf_mods, inter_mods)
        leaf_rel = write(leaf, cid + "_leaf.pem")
        inter_rel = write(inter, cid + "_inter.pem")
        out += ["", "name = anvil_" + cid, "anvil = " + anvil, "anvil_says = " + says, "rfc = " + rfc,
                "leaf = " + leaf_rel, "untrusted = " + inter_rel, "roots = " + root_rel,
                "purpose = server", "time = %d" % TIME, "expect = " + expect]
        if depth >= 0:
            out.append("depth = %d" % depth)
        if note:
            out.append("note = " + note)
    with open(os.path.join(HERE, "manifest.txt"), "w") as f:
        f.write("\n".join(out) + "\n")
    print("%d cases" % len(CASES), file=sys.stderr)


if __name__ == "__main__":
    main()
