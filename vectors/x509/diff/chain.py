# SPDX-License-Identifier: MIT
"""The two baseline chains of the differential audit and how a (mutated) certificate is built.

Each chain is the committed demo root of vectors/pki, an intermediate CA and a leaf, both built
here field by field from a model (a dict, see base_leaf/base_inter) and signed over the exact TBS
bytes with the committed keys of vectors/pki by `openssl dgst -sign`, so that a mutation changes
only what it names:

  rsa: ca.pem (RSA-2048) -> intermediate (other-ca.key) -> TLS server leaf (server.key),
       checked as a server certificate for the host name "localhost";
  ec:  ca-ec.pem (P-256) -> intermediate (client-ec.key) -> TLS client leaf (server-ec.key),
       checked as a client certificate.

The profiles follow RFC 5280 4.2.1 and what `openssl verify -x509_strict` wants of a clean chain
(subject and authority key identifiers everywhere, critical basicConstraints and keyUsage).
"""
import base64
import hashlib
import os
import subprocess
import tempfile

from der import (bits, boolean, children, content, integer, null, octets, oid, read,
                 seq, set_of, tlv, utc)

HERE = os.path.dirname(os.path.abspath(__file__))
PKI = os.path.normpath(os.path.join(HERE, "..", "..", "pki"))

O, CN, C = "2.5.4.10", "2.5.4.3", "2.5.4.6"
UTF8, PRINTABLE, IA5, T61, BMP, UNIVERSAL, VISIBLE, NUMERIC = (0x0C, 0x13, 0x16, 0x14, 0x1E, 0x1C,
                                                              0x1A, 0x12)
BC, KU, EKU, SAN, SKI, AKI = ("2.5.29.19", "2.5.29.15", "2.5.29.37", "2.5.29.17", "2.5.29.14",
                              "2.5.29.35")
NC, CP, PC, IAP, CRLDP, AIA = ("2.5.29.30", "2.5.29.32", "2.5.29.36", "2.5.29.54", "2.5.29.31",
                               "1.3.6.1.5.5.7.1.1")
SERVER_AUTH, CLIENT_AUTH, ANY_EKU = "1.3.6.1.5.5.7.3.1", "1.3.6.1.5.5.7.3.2", "2.5.29.37.0"

RSA_ALGS = {"sha1": "1.2.840.113549.1.1.5", "sha256": "1.2.840.113549.1.1.11",
            "sha384": "1.2.840.113549.1.1.12", "sha512": "1.2.840.113549.1.1.13"}
EC_ALGS = {"sha1": "1.2.840.10045.4.1", "sha256": "1.2.840.10045.4.3.2",
           "sha384": "1.2.840.10045.4.3.3", "sha512": "1.2.840.10045.4.3.4"}


def alg(kind, md, params="default"):
    """AlgorithmIdentifier of a signature: RSA with NULL parameters (RFC 4055 5), ECDSA without
    (RFC 5758 3.2), unless @params gives raw bytes."""
    table = RSA_ALGS if kind == "rsa" else EC_ALGS
    if params == "default":
        params = null() if kind == "rsa" else b""
    return seq(oid(table[md]), params)


def name(rdns, kind=UTF8):
    """A Name with one attribute per RDN; rdns: (OID, text[, string tag or raw value bytes])."""
    out = []
    for r in rdns:
        if len(r) > 2 and isinstance(r[2], bytes):
            value = r[2]
        else:
            tag = r[2] if len(r) > 2 else (PRINTABLE if r[0] == C else kind)
            value = tlv(tag, encode_string(tag, r[1]))
        out.append(set_of(seq(oid(r[0]), value)))
    return seq(*out)


def encode_string(tag, text):
    if tag == BMP:
        return text.encode("utf-16-be")
    if tag == UNIVERSAL:
        return text.encode("utf-32-be")
    if tag == T61:
        return text.encode("latin-1")
    return text.encode("utf-8")


def ext(ext_oid, value, critical=None):
    """An Extension; @critical None leaves the DEFAULT FALSE out, bytes give a raw BOOLEAN."""
    crit = critical if isinstance(critical, bytes) else (boolean(True) if critical else b"")
    return seq(oid(ext_oid), crit, octets(value))


def ku(*bit_numbers):
    """keyUsage BIT STRING in DER: named bits set, trailing zero bits dropped (X.690 11.2.2)."""
    top = max(bit_numbers)
    v = bytearray(top // 8 + 1)
    for b in bit_numbers:
        v[b // 8] |= 0x80 >> (b % 8)
    return bits(bytes(v), len(v) * 8 - (top + 1))


def key_id(spki):
    """RFC 5280 4.2.1.2 method (1): SHA-1 of the subjectPublicKey BIT STRING value."""
    _, bitstr, _ = children(content(spki))[1]
    return hashlib.sha1(content(bitstr)[1:]).digest()


def pem(der):
    b = base64.b64encode(der).decode()
    return ("-----BEGIN CERTIFICATE-----\n" + "\n".join(b[i:i + 64] for i in range(0, len(b), 64))
            + "\n-----END CERTIFICATE-----\n")


def der_of_pem(path):
    with open(path) as f:
        text = f.read()
    body = text.split("-----BEGIN CERTIFICATE-----")[1].split("-----END CERTIFICATE-----")[0]
    return base64.b64decode("".join(body.split()))


def spki_of_key(path):
    return subprocess.run(["openssl", "pkey", "-in", path, "-pubout", "-outform", "DER"],
                          check=True, capture_output=True).stdout


def root_facts(path):
    """(subject Name bytes, subjectKeyIdentifier) of a committed root certificate."""
    cert = der_of_pem(path)
    tbs = children(content(cert))[0][1]
    fields = children(content(tbs))
    subject = fields[5][1]
    ski = None
    for tag, elem, body in fields:
        if tag == 0xA3:
            for _, e, _ in children(content(body)):
                parts = children(content(e))
                if parts[0][2] == bytes.fromhex("551d0e"):
                    ski = content(parts[-1][2])
    return subject, ski


class Chain:
    """One baseline chain: keys, names, and the two certificate models."""

    def __init__(self, kind):
        self.kind = kind
        if kind == "rsa":
            self.root_pem, self.root_key = "ca.pem", "ca.key"
            self.inter_key, self.leaf_key = "other-ca.key", "server.key"
            self.purpose, self.host = "server", "localhost"
        else:
            self.root_pem, self.root_key = "ca-ec.pem", "ca-ec.key"
            self.inter_key, self.leaf_key = "client-ec.key", "server-ec.key"
            self.purpose, self.host = "client", None
        self.root_path = os.path.join(PKI, self.root_pem)
        self.root_subject, self.root_ski = root_facts(self.root_path)
        self.inter_spki = spki_of_key(os.path.join(PKI, self.inter_key))
        self.leaf_spki = spki_of_key(os.path.join(PKI, self.leaf_key))
        self.inter_ski, self.leaf_ski = key_id(self.inter_spki), key_id(self.leaf_spki)
        label = "RSA" if kind == "rsa" else "EC"
        self.inter_rdns = [(O, "mutls diff"), (CN, "mutls diff %s intermediate" % label)]
        self.leaf_rdns = [(O, "mutls diff"), (CN, "localhost" if kind == "rsa" else "client")]
        self.leaf_dns = "localhost" if kind == "rsa" else "client.example"

    def alg(self, md="sha256", params="default"):
        return alg(self.kind, md, params)

    def base_inter(self):
        return {
            "version": tlv(0xA0, integer(2)), "serial": integer(0x2001), "alg": self.alg(),
            "issuer": self.root_subject, "not_before": utc("250101000000Z"),
            "not_after": utc("491231235959Z"), "subject": name(self.inter_rdns),
            "spki": self.inter_spki, "uids": b"",
            "exts": [ext(BC, seq(boolean(True), integer(0)), True), ext(KU, ku(5, 6), True),
                     ext(SKI, octets(self.inter_ski)), ext(AKI, seq(tlv(0x80, self.root_ski)))],
            "sign_key": self.root_key, "md": "sha256",
        }

    def base_leaf(self):
        server = self.kind == "rsa"
        return {
            "version": tlv(0xA0, integer(2)), "serial": integer(0x3001), "alg": self.alg(),
            "issuer": name(self.inter_rdns), "not_before": utc("250101000000Z"),
            "not_after": utc("491231235959Z"), "subject": name(self.leaf_rdns),
            "spki": self.leaf_spki, "uids": b"",
            "exts": [ext(BC, seq(), True), ext(KU, ku(0, 2) if server else ku(0), True),
                     ext(EKU, seq(oid(SERVER_AUTH if server else CLIENT_AUTH))),
                     ext(SAN, seq(tlv(0x82, self.leaf_dns.encode()))),
                     ext(SKI, octets(self.leaf_ski)), ext(AKI, seq(tlv(0x80, self.inter_ski)))],
            "sign_key": self.inter_key, "md": "sha256",
        }


def find_ext(c, ext_oid):
    want = oid(ext_oid)
    for i, e in enumerate(c["exts"]):
        if content(e).startswith(want):
            return i
    return -1


def set_ext(c, ext_oid, raw):
    """Replace (raw bytes), drop (None) or append the extension @ext_oid of model @c."""
    i = find_ext(c, ext_oid)
    if raw is None:
        if i >= 0:
            del c["exts"][i]
    elif i >= 0:
        c["exts"][i] = raw
    else:
        c["exts"].append(raw)


def sign(tbs, key, md):
    with tempfile.TemporaryDirectory() as d:
        t = os.path.join(d, "tbs")
        with open(t, "wb") as f:
            f.write(tbs)
        return subprocess.run(["openssl", "dgst", "-" + md, "-sign", os.path.join(PKI, key), t],
                              check=True, capture_output=True).stdout


def tbs_bytes(c):
    """The TBSCertificate of model @c before any tbs_fn."""
    parts = [c["version"], c["serial"], c["alg"], c["issuer"],
             c.get("validity") or seq(c["not_before"], c["not_after"]), c["subject"], c["spki"],
             c["uids"]]
    if "exts_raw" in c:
        parts.append(c["exts_raw"])
    elif c["exts"] is not None:
        parts.append(tlv(0xA3, seq(*c["exts"])))
    return seq(*parts, c.get("tbs_trailer", b""))


def build(c):
    """The certificate DER of model @c. Optional hooks: tbs_fn (TBS bytes, signed afterwards),
    sig_fn (signature octets), cert_fn (whole certificate), outer_alg, sig_unused, exts_raw
    (the whole [3] field), tbs_trailer."""
    tbs = tbs_bytes(c)
    if "tbs_fn" in c:
        tbs = c["tbs_fn"](tbs)
    sig = sign(tbs, c["sign_key"], c["md"])
    if "sig_fn" in c:
        sig = c["sig_fn"](sig)
    cert = seq(tbs, c.get("outer_alg", c["alg"]), bits(sig, c.get("sig_unused", 0)))
    if "cert_fn" in c:
        cert = c["cert_fn"](cert)
    return cert


__all__ = ["Chain", "build", "set_ext", "find_ext", "ext", "ku", "name", "alg", "pem", "read"]
