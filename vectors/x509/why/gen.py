#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Generate vectors/x509/why: certificates that break one rule each, for tests/test_x509_why.c.

mutls_x509_parse names the rule a refused certificate breaks (mutls_x509.why). The committed
vectors of other audits (anvil, audit, malformed, pkits) already reach many of those rules;
these reach the rest. Each certificate is one hand-encoded base certificate (v3, an EC P-256
key from vectors/keys/ec256.spki.der, ecdsa-with-SHA256) with one field changed. Nothing is
signed: the parser refuses each before any signature matters, so the signature is filler and
no tool beyond Python is needed. A rerun writes the same bytes.

Run from anywhere: python3 vectors/x509/why/gen.py
"""
import base64
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
KEYS = os.path.join(HERE, "..", "..", "keys")

# ---------------------------------------------------------------- DER

sys.path.insert(0, os.path.join(HERE, ".."))
from der import bits, boolean, integer, null, octets, oid, seq, set_of, tlv, utc  # noqa: E402

NULL = null()
TRUE = boolean(True)


def name(cn):
    return seq(set_of(seq(oid("2.5.4.3"), tlv(0x0C, cn.encode()))))


def ext(dotted, value, critical=False):
    return seq(oid(dotted), TRUE if critical else b"", octets(value))


def ctx(n, content, constructed=True):
    return tlv((0xA0 if constructed else 0x80) | n, content)


# ---------------------------------------------------------------- the base certificate

ECDSA_SHA256 = seq(oid("1.2.840.10045.4.3.2"))
SHA256_RSA = "1.2.840.113549.1.1.11"
RSA_PSS = "1.2.840.113549.1.1.10"
RSA_ENC = "1.2.840.113549.1.1.1"
SAN = "2.5.29.17"
KU = "2.5.29.15"
BC = "2.5.29.19"
NC = "2.5.29.30"
EKU = "2.5.29.37"

with open(os.path.join(KEYS, "ec256.spki.der"), "rb") as f:
    EC_SPKI = f.read()

BASE = {
    "version": ctx(0, integer(2)),
    "serial": integer(0x5A17),
    "inner_alg": ECDSA_SHA256,
    "issuer": name("why CA"),
    "validity": seq(utc("250101000000Z"), utc("350101000000Z")),
    "subject": name("why.example"),
    "spki": EC_SPKI,
    "unique_ids": b"",
    "extensions": [
        ext(SAN, seq(ctx(2, b"why.example", False))),
        ext(KU, bits(b"\x80", 7), critical=True),
    ],
    "outer_alg": ECDSA_SHA256,
    "signature": bits(b"\x5a" * 64),
}


def cert(**change):
    f = dict(BASE)
    f.update(change)
    exts = f["extensions"]
    if isinstance(exts, list):
        exts = ctx(3, seq(*exts)) if exts else b""
    tbs = f.get("tbs") or seq(
        f["version"], f["serial"], f["inner_alg"], f["issuer"], f["validity"], f["subject"],
        f["spki"], f["unique_ids"], exts)
    return seq(tbs, f["outer_alg"], f["signature"])


def ca_with(*more):
    """The base as a CA (basicConstraints cA, critical) with more extensions."""
    return cert(extensions=[ext(BC, seq(TRUE), critical=True), ext(KU, bits(b"\x06", 1),
                                                                   critical=True), *more])


def rsa_key(key_der, params=NULL):
    return seq(seq(oid(RSA_ENC), params), bits(key_der))


MODULUS = integer(int("c5" + "37" * 255, 16))

# ---------------------------------------------------------------- the cases

CASES = {
    # The base itself parses: the test checks it, so every other case fails for its change.
    "base_ok": cert(),
    # signature AlgorithmIdentifier rules (RFC 4055 section 5, 3.1; RFC 5758 3.2)
    "rsa_sigalg_params": cert(inner_alg=seq(oid(SHA256_RSA), integer(0)),
                              outer_alg=seq(oid(SHA256_RSA), integer(0))),
    "pss_params_broken": cert(inner_alg=seq(oid(RSA_PSS), seq(ctx(2, integer(-1)))),
                              outer_alg=seq(oid(RSA_PSS), seq(ctx(2, integer(-1))))),
    "ecdsa_sigalg_params": cert(inner_alg=seq(oid("1.2.840.10045.4.3.2"), NULL),
                                outer_alg=seq(oid("1.2.840.10045.4.3.2"), NULL)),
    "inner_sigalg_broken": cert(inner_alg=seq(b"\x06\x00")),
    "outer_sigalg_broken": cert(outer_alg=seq(b"\x06\x00")),
    # names (RFC 5280 4.1.2.4)
    "issuer_empty_rdn": cert(issuer=seq(set_of())),
    "issuer_broken": cert(issuer=seq(set_of(seq(b"\x06\x00", tlv(0x0C, b"x"))))),
    "subject_broken": cert(subject=seq(set_of(seq(oid("2.5.4.3"))))),
    # serialNumber (X.690 8.3)
    "serial_empty": cert(serial=b"\x02\x00"),
    "serial_nonminimal": cert(serial=b"\x02\x02\x00\x01"),
    # subjectPublicKeyInfo (RFC 3279 2.3.1)
    "rsa_key_params": cert(spki=rsa_key(seq(MODULUS, integer(65537)), params=integer(0))),
    "rsa_key_no_exponent": cert(spki=rsa_key(seq(MODULUS))),
    "spki_broken": cert(spki=seq(seq(oid("1.2.840.10045.2.1"), oid("1.2.840.10045.3.1.7")),
                                 bits(b"\x04" + b"\x11" * 64, unused=3))),
    # the Certificate's own fields
    "subject_empty_rdn": cert(subject=seq(set_of())),
    "unique_id_broken": cert(unique_ids=b"\x81\x05\x00\x01", extensions=[]),
    "signature_value_broken": cert(signature=bits(b"\x5a" * 64, unused=3)),
    "tbs_not_sequence": cert(tbs=tlv(0x31, b"")),
    "outer_indefinite": b"\x30\x80" + cert()[4:] + b"\x00\x00",
    # extensions list (RFC 5280 4.1.2.9, 4.2)
    "extensions_empty": cert(extensions=ctx(3, seq())),
    "extensions_33": cert(extensions=[ext("1.3.6.1.4.1.55555.%d" % i, NULL) for i in range(33)]),
    "unknown_extension_twice": cert(extensions=[ext("1.3.6.1.4.1.55555.1", NULL),
                                                ext("1.3.6.1.4.1.55555.1", NULL)]),
    "ku_trailing_byte": cert(extensions=[ext(KU, bits(b"\x80", 7) + b"\x00", critical=True)]),
    # extendedKeyUsage (4.2.1.12)
    "eku_empty": cert(extensions=[ext(SAN, seq(ctx(2, b"why.example", False))), ext(EKU, seq())]),
    # GeneralNames in the subjectAltName (4.2.1.6)
    "san_tag_9": cert(extensions=[ext(SAN, seq(ctx(9, b"x", False)))]),
    "san_dns_nul": cert(extensions=[ext(SAN, seq(ctx(2, b"why\x00.example", False)))]),
    "san_dirname_trailing": cert(
        extensions=[ext(SAN, seq(ctx(4, name("why.example") + NULL)))]),
    "san_dirname_empty_rdn": cert(extensions=[ext(SAN, seq(ctx(4, seq(set_of()))))]),
    # nameConstraints (4.2.1.10), in CA certificates
    "nc_neither": ca_with(ext(NC, seq(), critical=True)),
    "nc_permitted_empty": ca_with(ext(NC, seq(ctx(0, b"")), critical=True)),
    "nc_subtree_no_base": ca_with(ext(NC, seq(ctx(0, seq())), critical=True)),
    "nc_subtree_minimum": ca_with(
        ext(NC, seq(ctx(0, seq(ctx(2, b"example.com", False), ctx(0, integer(1), False)))),
            critical=True)),
    "nc_tag_9": ca_with(ext(NC, seq(ctx(0, seq(ctx(9, b"x", False)))), critical=True)),
    "nc_dns_wildcard": ca_with(
        ext(NC, seq(ctx(0, seq(ctx(2, b"*.example.com", False)))), critical=True)),
}


def pem(der):
    b64 = base64.b64encode(der).decode()
    lines = [b64[i:i + 64] for i in range(0, len(b64), 64)]
    return "-----BEGIN CERTIFICATE-----\n" + "\n".join(lines) + "\n-----END CERTIFICATE-----\n"


def main():
    for name_, der in CASES.items():
        with open(os.path.join(HERE, name_ + ".pem"), "w") as f:
            f.write(pem(der))
    # A file whose second certificate is refused: load sentences name it by its place.
    with open(os.path.join(HERE, "bundle_second_bad.pem"), "w") as f:
        f.write(pem(CASES["base_ok"]) + pem(CASES["serial_nonminimal"]))
    print("wrote %d certificates and a bundle to %s" % (len(CASES), HERE))


if __name__ == "__main__":
    main()
