#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Generate the BetterTLS audit vectors (vectors/x509/bettertls) and their manifest.

Netflix's BetterTLS has two certificate suites, rebuilt here with our own keys and code:

* nameconstraints: trusted root -> "local root" CA -> intermediate carrying nameConstraints
  (permitted and excluded dNSName and iPAddress subtrees: none, one that holds the name asked
  for, or one that does not) -> leaf with a CN (a DNS name or an IP literal, good or bad or
  absent) and dNSName / iPAddress SAN entries (good, bad or absent), checked for the host
  "test.localhost" or the address 127.0.0.1. Every intermediate variant shares one key and
  subject, so any leaf verifies under any of them: nc_ica.pem holds the 81 variants,
  nc_leaf.pem the 45 leaves. The expected verdict is BetterTLS's rule, written out in
  bettertls_nc_verdict() below (PASS, FAIL, and the two lenient ones: SOFT_FAIL "should be
  refused but accepting only earns a warning", SOFT_PASS the other way round).

* nameconstraints, later cases: the name asked for smuggled into SAN entries of other kinds
  or behind separators inside one entry (nc_smuggle.pem, nc_smuggle_cases.txt).

* pathbuilding: the trust graphs of RFC 4158 §2 (a linear chain, two roots, figure 7's
  cross-certified pair, the bridge CA PKI) where every edge is a certificate issued by one
  entity to another (each entity has one key and one subject, so cross-certificates are
  look-alikes), one entity is the trust anchor, and some edges are made invalid in one of six
  ways (expired, violating a name constraint, a CA EKU without serverAuth, no
  basicConstraints, cA FALSE, an ECDSA-SHA1 signature). The verifier must find a path of valid
  edges when one exists. One PEM bundle per graph (pb_<graph>.pem) holds its anchors and
  every edge certificate; the manifest lists, per case, which of them the peer sends.

Every certificate has the shape BetterTLS's Go code gives it (P-256 keys, ECDSA-SHA256, a
critical basicConstraints and keyUsage, a subjectKeyIdentifier in CA certificates, the
issuer's key identifier in the authorityKeyIdentifier, serverAuth in the leaf). Signatures
are deterministic (RFC 6979) and the keys are made once (keys.pem, committed), so a rerun
writes the same bytes. Run from anywhere: python3 vectors/x509/bettertls/gen.py
"""
import datetime
import ipaddress
import os

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

HERE = os.path.dirname(os.path.abspath(__file__))
TIME = 1800000000  # 2027-01-15: the verification time of every case
ORG = "mutls bettertls audit"

# ---------------------------------------------------------------- keys

_keys = {}


def load_keys():
    path = os.path.join(HERE, "keys.pem")
    if not os.path.exists(path):
        return
    name = None
    block = []
    with open(path) as f:
        for line in f:
            if line.startswith("# key "):
                name = line[6:].strip()
            elif line.startswith("-----BEGIN"):
                block = [line]
            elif line.startswith("-----END"):
                block.append(line)
                _keys[name] = serialization.load_pem_private_key("".join(block).encode(), None)
                block = []
            elif block:
                block.append(line)


def save_keys():
    with open(os.path.join(HERE, "keys.pem"), "w") as f:
        f.write("# P-256 keys of the BetterTLS audit entities, made once by gen.py.\n")
        for name in sorted(_keys):
            pem = _keys[name].private_bytes(
                serialization.Encoding.PEM,
                serialization.PrivateFormat.PKCS8,
                serialization.NoEncryption(),
            )
            f.write("# key %s\n%s" % (name, pem.decode()))


def key(name):
    if name not in _keys:
        _keys[name] = ec.generate_private_key(ec.SECP256R1())
    return _keys[name]


# ---------------------------------------------------------------- certificates

_serial = [0x1000]


def when(offset):
    return datetime.datetime.fromtimestamp(TIME + offset, datetime.timezone.utc)


def subject_of(cn, tag):
    attrs = []
    if cn is not None:
        attrs.append(x509.NameAttribute(NameOID.COMMON_NAME, cn))
    attrs.append(x509.NameAttribute(NameOID.ORGANIZATION_NAME, ORG))
    attrs.append(x509.NameAttribute(NameOID.SERIAL_NUMBER, tag))
    return x509.Name(attrs)


def make_cert(subject, pub, issuer_name, issuer_key, issuer_pub, ca=True, bc=True, leaf=False,
              eku=None, san=None, nc=None, expired=False, sha1=False, self_signed=False):
    _serial[0] += 1
    b = x509.CertificateBuilder().subject_name(subject).issuer_name(issuer_name)
    b = b.public_key(pub).serial_number(_serial[0])
    b = b.not_valid_before(when(-86400))
    b = b.not_valid_after(when(-3600) if expired else when(366 * 86400))
    if bc:
        b = b.add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True)
    ku = dict(digital_signature=False, content_commitment=False, key_encipherment=False,
              data_encipherment=False, key_agreement=False, key_cert_sign=False,
              crl_sign=False, encipher_only=False, decipher_only=False)
    ku["digital_signature" if leaf else "key_cert_sign"] = True
    b = b.add_extension(x509.KeyUsage(**ku), critical=True)
    if eku is not None:
        b = b.add_extension(x509.ExtendedKeyUsage(eku), critical=False)
    if ca and not leaf:
        b = b.add_extension(x509.SubjectKeyIdentifier.from_public_key(pub), critical=False)
    if not self_signed:
        b = b.add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(issuer_pub), critical=False)
    if isinstance(san, bytes):
        b = b.add_extension(x509.UnrecognizedExtension(x509.oid.ExtensionOID.SUBJECT_ALTERNATIVE_NAME,
                                                       san), critical=False)
    elif san:
        b = b.add_extension(x509.SubjectAlternativeName(san), critical=False)
    if nc is not None:
        b = b.add_extension(x509.NameConstraints(nc[0] or None, nc[1] or None), critical=True)
    cert = b.sign(issuer_key, hashes.SHA256(), ecdsa_deterministic=True)
    return resign_sha1(cert, issuer_key) if sha1 else cert


def der_tlv(tag, content):
    n = len(content)
    if n < 0x80:
        return bytes([tag, n]) + content
    b = n.to_bytes((n.bit_length() + 7) // 8, "big")
    return bytes([tag, 0x80 | len(b)]) + b + content


def der_body(der):
    """The contents of the outer TLV of @der."""
    n = der[1]
    if n < 0x80:
        return der[2:2 + n]
    k = n & 0x7F
    return der[2 + k:2 + k + int.from_bytes(der[2:2 + k], "big")]


ALG_SHA256 = bytes.fromhex("300a06082a8648ce3d040302")
ALG_SHA1 = bytes.fromhex("300906072a8648ce3d0401")


class _Sha1Cert:
    """What the bundle writer needs of a certificate the builder would not sign (SHA-1)."""

    def __init__(self, der, subject):
        self.der = der
        self.subject = subject

    def public_bytes(self, encoding):
        import base64
        b64 = base64.b64encode(self.der).decode()
        lines = [b64[i:i + 64] for i in range(0, len(b64), 64)]
        return ("-----BEGIN CERTIFICATE-----\n%s\n-----END CERTIFICATE-----\n"
                % "\n".join(lines)).encode()


def resign_sha1(cert, issuer_key):
    """The same TBSCertificate with ecdsa-with-SHA1 as its algorithm, signed with SHA-1."""
    body = der_body(cert.tbs_certificate_bytes)
    assert body.count(ALG_SHA256) == 1
    tbs = der_tlv(0x30, body.replace(ALG_SHA256, ALG_SHA1))
    sig = issuer_key.sign(tbs, ec.ECDSA(hashes.SHA1(), deterministic_signing=True))
    return _Sha1Cert(der_tlv(0x30, tbs + ALG_SHA1 + der_tlv(0x03, b"\x00" + sig)), cert.subject)


def pem(cert):
    return cert.public_bytes(serialization.Encoding.PEM).decode()


# ---------------------------------------------------------------- manifest

_records = []


def record(**fields):
    _records.append(fields)


def write_manifest():
    order = ["name", "suite", "case", "bettertls", "rfc", "host", "bundle", "chain", "anchor",
             "expect", "blame", "depth", "note"]
    with open(os.path.join(HERE, "manifest.txt"), "w") as f:
        f.write("# SPDX-License-Identifier: MIT\n")
        f.write("# BetterTLS audit cases, generated by vectors/x509/bettertls/gen.py; do not edit "
                "by hand.\n")
        f.write("# The pathbuilding cases (the nameconstraints ones are in nc_cases.txt and\n"
                "# nc_smuggle_cases.txt). bundle = pb_<graph>.pem; chain = indices into it, leaf\n"
                "# first, then what the peer also sends, in the graph's edge order; anchor = the\n"
                "# index of the one trusted certificate. bettertls = the suite's verdict (PASS\n"
                "# when a path of valid edges joins the anchor to the leaf), expect = mutls's\n"
                "# (ok or the error name), blame = the CN of the certificate the refusal names and\n"
                "# depth its depth; note = FIXED where this audit changed what mutls does.\n")
        for r in _records:
            f.write("\n")
            for k in order:
                if k in r and r[k] is not None:
                    f.write("%s = %s\n" % (k, r[k]))
            for k in r:
                if k not in order and r[k] is not None:
                    f.write("%s = %s\n" % (k, r[k]))


# ---------------------------------------------------------------- nameconstraints

NONE, VALID, INVALID = 0, 1, 2
TRI = ["none", "valid", "invalid"]
GOOD_DNS, BAD_DNS = "test.localhost", "bad.example.com"
GOOD_IP, BAD_IP = "127.0.0.1", "1.1.1.1"


def bettertls_nc_verdict(host_ip, cn_ip, cn, dns, ip, wl_dns, wl_ip, bl_dns, bl_ip):
    """BetterTLS nameconstraints' expected verdict, restated.

    The name asked for must be in a SAN entry of its own kind; matched only through the CN it
    is a SOFT_FAIL (the CN should no longer be used). A constraint that rules out the name
    asked for is a FAIL. A constraint that rules out some other SAN entry is a SOFT_FAIL
    (clients differ on checking names they were not asked about); one that rules out only the
    CN is a SOFT_PASS.
    """
    soft_fail = soft_pass = False
    if not host_ip:
        if dns != VALID:
            if cn_ip or cn != VALID:
                return "FAIL"
            soft_fail = True
        if wl_dns == INVALID or bl_dns == VALID:
            return "FAIL"
    else:
        if ip != VALID:
            if not cn_ip or cn != VALID:
                return "FAIL"
            soft_fail = True
        if wl_ip == INVALID or bl_ip == VALID:
            return "FAIL"
    # A name a constraint rules out: a good name under an excluding constraint, or a bad
    # one under a permitting constraint that does not hold it.
    def denied(value, wl, bl):
        if value == VALID:
            return wl == INVALID or bl == VALID
        if value == INVALID:
            return wl == VALID or bl == INVALID
        return False
    if denied(dns, wl_dns, bl_dns) or denied(ip, wl_ip, bl_ip):
        soft_fail = True
    elif denied(cn, wl_ip, bl_ip) if cn_ip else denied(cn, wl_dns, bl_dns):
        soft_pass = True
    if soft_fail:
        return "SOFT_FAIL"
    return "SOFT_PASS" if soft_pass else "PASS"


def mutls_nc_verdict(host_ip, cn_ip, cn, dns, ip, wl_dns, wl_ip, bl_dns, bl_ip):
    """mutls's verdict and reason (RFC 5280 §4.2.1.10, RFC 6125 §6.4.4), with the depth.

    Every SAN entry must obey the constraints of its own kind; the CN is a name only when the
    leaf has no SAN at all (then it is matched, and a CN that reads as a host name obeys the
    dNSName constraints). Name constraints are checked before the host name (RFC 5280 §6.1
    precedes the application's name check).
    """
    def in_tree(value, tree_valid):
        # The good names sit under the good subtrees, the bad ones under the bad subtrees.
        return value == VALID if tree_valid else value == INVALID

    def refused(value, wl, bl):
        if value == NONE:
            return False
        if bl != NONE and in_tree(value, bl == VALID):
            return True
        if wl != NONE and not in_tree(value, wl == VALID):
            return True
        return False

    has_san = dns != NONE or ip != NONE
    if refused(dns, wl_dns, bl_dns) or refused(ip, wl_ip, bl_ip):
        return "name_constraint_violated", 0
    if not has_san and cn != NONE:
        # A CN of digits and dots reads as a host name too, and is held to dNSName subtrees:
        # no permitted one holds an address, no excluded one here covers it.
        if cn_ip:
            if wl_dns != NONE:
                return "name_constraint_violated", 0
        elif refused(cn, wl_dns, bl_dns):
            return "name_constraint_violated", 0
    if host_ip:
        ok = ip == VALID
    elif has_san:
        ok = dns == VALID
    else:
        ok = not cn_ip and cn == VALID
    return ("ok", None) if ok else ("name_mismatch", 0)


def gen_nameconstraints():
    root_k, local_k, ica_k = key("nc root"), key("nc local root"), key("nc ica")
    root_s = subject_of("bettertls root", "nc-root")
    local_s = subject_of("local_root", "nc-local-root")
    ica_s = subject_of("local_ica", "nc-ica")
    root = make_cert(root_s, root_k.public_key(), root_s, root_k, root_k.public_key(),
                     self_signed=True)
    local = make_cert(local_s, local_k.public_key(), root_s, root_k, root_k.public_key())
    with open(os.path.join(HERE, "nc_root.pem"), "w") as f:
        f.write(pem(root))
    with open(os.path.join(HERE, "nc_local_root.pem"), "w") as f:
        f.write(pem(local))

    good_net = ipaddress.ip_network("127.0.0.0/24")
    bad_net = ipaddress.ip_network("1.1.1.0/24")
    icas = []
    out = []
    for wl_dns in range(3):
        for wl_ip in range(3):
            for bl_dns in range(3):
                for bl_ip in range(3):
                    permitted, excluded = [], []
                    if wl_dns:
                        permitted.append(x509.DNSName("localhost" if wl_dns == VALID
                                                      else "example.com"))
                    if wl_ip:
                        permitted.append(x509.IPAddress(good_net if wl_ip == VALID else bad_net))
                    if bl_dns:
                        excluded.append(x509.DNSName("localhost" if bl_dns == VALID
                                                     else BAD_DNS))
                    if bl_ip:
                        excluded.append(x509.IPAddress(good_net if bl_ip == VALID else bad_net))
                    nc = (permitted, excluded) if permitted or excluded else None
                    c = make_cert(ica_s, ica_k.public_key(), local_s, local_k,
                                  local_k.public_key(), nc=nc)
                    icas.append((wl_dns, wl_ip, bl_dns, bl_ip))
                    out.append("# ica %d: permitted dns %s ip %s, excluded dns %s ip %s\n%s" % (
                        len(icas) - 1, TRI[wl_dns], TRI[wl_ip], TRI[bl_dns], TRI[bl_ip], pem(c)))
    with open(os.path.join(HERE, "nc_ica.pem"), "w") as f:
        f.write("".join(out))

    leaves = []
    out = []
    for cn_ip in (False, True):
        for cn in range(3):
            if cn_ip and cn == NONE:
                continue  # the same leaf as a DNS-kind CN that is absent
            for dns in range(3):
                for ip in range(3):
                    cn_text = None
                    if cn != NONE:
                        cn_text = ((GOOD_IP if cn == VALID else BAD_IP) if cn_ip
                                   else (GOOD_DNS if cn == VALID else BAD_DNS))
                    san = []
                    if dns:
                        san.append(x509.DNSName(GOOD_DNS if dns == VALID else BAD_DNS))
                    if ip:
                        san.append(x509.IPAddress(ipaddress.ip_address(
                            GOOD_IP if ip == VALID else BAD_IP)))
                    leaf_k = key("nc leaf")
                    c = make_cert(subject_of(cn_text, "nc-leaf-%d" % len(leaves)),
                                  leaf_k.public_key(), ica_s, ica_k, ica_k.public_key(),
                                  ca=False, leaf=True, eku=[ExtendedKeyUsageOID.SERVER_AUTH],
                                  san=san)
                    leaves.append((cn_ip, cn, dns, ip))
                    out.append("# leaf %d: cn %s %s, san dns %s ip %s\n%s" % (
                        len(leaves) - 1, "ip" if cn_ip else "dns", TRI[cn], TRI[dns], TRI[ip],
                        pem(c)))
    with open(os.path.join(HERE, "nc_leaf.pem"), "w") as f:
        f.write("".join(out))

    # The cases: every leaf under the unconstrained intermediate and under each intermediate
    # with one constraint; every intermediate over the leaves that name the host only in SAN
    # entries (all good, or all bad) or only in the CN; for both host kinds.
    picks = set()
    one_dim = [i for i, t in enumerate(icas) if sum(1 for v in t if v) <= 1]
    some_leaves = [l for l, t in enumerate(leaves)
                   if t == (False, NONE, VALID, VALID) or t == (False, NONE, INVALID, INVALID)
                   or t == (False, VALID, NONE, NONE)]
    for host_ip in (False, True):
        for i in one_dim:
            for l in range(len(leaves)):
                picks.add((host_ip, i, l))
        for i in range(len(icas)):
            for l in some_leaves:
                picks.add((host_ip, i, l))
    lines = []
    for host_ip, i, l in sorted(picks):
        cn_ip, cn, dns, ip = leaves[l]
        wl_dns, wl_ip, bl_dns, bl_ip = icas[i]
        args = (host_ip, cn_ip, cn, dns, ip, wl_dns, wl_ip, bl_dns, bl_ip)
        btls = bettertls_nc_verdict(*args)
        expect, _ = mutls_nc_verdict(*args)
        note = "-"
        if (expect == "ok") != (btls in ("PASS", "SOFT_PASS")):
            # Only the lenient verdicts may differ: accepting a CN-only match is a warning.
            assert btls == "SOFT_FAIL" and not host_ip and cn == VALID and not dns and not ip
            note = "POLICY"
        lines.append("%s %d %d %s %s %s\n" % ("ip" if host_ip else "dns", i, l, btls, expect,
                                             note))
    with open(os.path.join(HERE, "nc_cases.txt"), "w") as f:
        f.write("# SPDX-License-Identifier: MIT\n"
                "# BetterTLS nameconstraints cases, generated by gen.py; do not edit by hand.\n"
                "# host kind (dns = test.localhost, ip = 127.0.0.1), intermediate (index in\n"
                "# nc_ica.pem), leaf (index in nc_leaf.pem), BetterTLS's verdict, mutls's (ok or\n"
                "# the error name), POLICY where mutls keeps a verdict BetterTLS only tolerates\n"
                "# (SOFT_FAIL: a leaf without SAN whose CN names the host; RFC 6125 6.4.4 lets a\n"
                "# client match the CN then, and mutls does). Chain: leaf, intermediate, the\n"
                "# local root, the root; anchor nc_root.pem. RFC 5280 4.2.1.10, RFC 6125 6.4.\n")
        f.write("".join(lines))
    return {t: i for i, t in enumerate(icas)}


def gen_nc_smuggling(ica_index):
    """BetterTLS's later nameconstraints cases: the name asked for hidden in a SAN entry of
    another kind (every context tag 0..15, as a bare name, in a URI, as an address in bytes or
    text) or after a separator inside one entry ("bad.example.com, DNS:test.localhost"), next
    to a bad dNSName (or iPAddress), under a constraint that rules the name out. Each entry is
    written as BetterTLS writes it: a primitive context-specific TLV with the raw bytes. All
    must be refused (BetterTLS: FAIL): by the SAN syntax (RFC 5280 §4.2.1.6, a malformed
    leaf), by the constraint, or because no dNSName / iPAddress entry names the host."""
    ica_k = key("nc ica")
    ica_s = subject_of("local_ica", "nc-ica")
    leaf_k = key("nc leaf")
    good_ip = bytes([127, 0, 0, 1])
    bad_dns_entry = bytes([0x82, len(BAD_DNS)]) + BAD_DNS.encode()
    bad_ip_entry = bytes([0x87, 4, 1, 1, 1, 1])
    entries = []  # (host kind, description, SAN contents, the constraints that apply)
    for tag in range(16):
        for enc in (GOOD_DNS, "http://" + GOOD_DNS, "https://" + GOOD_DNS, "spiffe://" + GOOD_DNS,
                    "unspec://" + GOOD_DNS):
            if enc.startswith(("https", "unspec")) and tag not in (1, 2, 6):
                continue  # the other schemes add nothing where the tag is not text
            entries.append(("dns", "[%d] %s" % (tag, enc), bad_dns_entry, tag, enc.encode()))
        for enc, text in ((good_ip, "127.0.0.1 as 4 bytes"), (GOOD_IP.encode(), "\"127.0.0.1\"")):
            entries.append(("ip", "[%d] %s" % (tag, text), bad_ip_entry, tag, enc))
    for sep in (", ", ",", ";", ":"):
        for prefix in ("", "DNS:"):
            for lead in (BAD_DNS, "http://" + BAD_DNS):
                value = lead + sep + prefix + GOOD_DNS
                for tag in (1, 2, 6):
                    entries.append(("dns", "[%d] \"%s\"" % (tag, value), bad_dns_entry, tag,
                                    value.encode()))
    entries.append(("dns", "[6] \"http://foo.bar, DNS:%s\"" % GOOD_DNS, bad_dns_entry, 6,
                    ("http://foo.bar, DNS:" + GOOD_DNS).encode()))
    out = []
    lines = []
    for n, (kind, desc, first, tag, value) in enumerate(entries):
        extra = bytes([0x80 | tag, len(value)]) + value
        body = first + extra
        san = bytes([0x30, len(body)]) + body
        c = make_cert(subject_of(None, "nc-smuggle-%d" % n), leaf_k.public_key(), ica_s, ica_k,
                      ica_k.public_key(), ca=False, leaf=True,
                      eku=[ExtendedKeyUsageOID.SERVER_AUTH], san=san)
        out.append("# smuggle %d: host %s, SAN bad %s + %s\n%s" % (n, kind, kind, desc, pem(c)))
        # Under a permitted subtree that misses the name, then an excluded one that holds it.
        for which in ("permitted", "excluded"):
            if kind == "dns":
                ica = ica_index[(INVALID, NONE, NONE, NONE) if which == "permitted"
                                else (NONE, NONE, VALID, NONE)]
            else:
                ica = ica_index[(NONE, INVALID, NONE, NONE) if which == "permitted"
                                else (NONE, NONE, NONE, VALID)]
            lines.append("%s %d %d FAIL refused -\n" % (kind, ica, n))
    with open(os.path.join(HERE, "nc_smuggle.pem"), "w") as f:
        f.write("".join(out))
    with open(os.path.join(HERE, "nc_smuggle_cases.txt"), "w") as f:
        f.write("# SPDX-License-Identifier: MIT\n"
                "# BetterTLS nameconstraints SAN-smuggling cases, generated by gen.py; do not edit\n"
                "# by hand. Same columns as nc_cases.txt, the leaf indexing nc_smuggle.pem; every\n"
                "# case must be refused (\"refused\": malformed, name_mismatch or\n"
                "# name_constraint_violated). RFC 5280 4.2.1.6, 4.2.1.10; RFC 6125 6.4.\n")
        f.write("".join(lines))


# ---------------------------------------------------------------- pathbuilding

GRAPHS = {
    "linear": [("ICA", "EE"), ("Trust Anchor", "ICA")],
    "two_roots": [("ICA", "EE"), ("Root1", "ICA"), ("Root2", "ICA")],
    "figure7": [("B", "EE"), ("C", "B"), ("A", "B"), ("C", "A"), ("A", "C"),
                ("Trust Anchor", "C"), ("Trust Anchor", "A")],
    "bridge": [("F", "H"), ("F", "G"), ("G", "F"), ("H", "I"), ("I", "H"), ("G", "I"),
               ("TA W", "F"), ("TA W", "G"),
               ("J", "K"), ("N", "EE"), ("L", "N"), ("L", "M"), ("TA X", "J"), ("TA X", "L"),
               ("B", "E"), ("B", "D"), ("A", "B"), ("C", "B"), ("A", "C"), ("C", "A"),
               ("TA Y", "A"), ("TA Y", "C"),
               ("R", "S"), ("O", "R"), ("O", "Q"), ("P", "S"), ("TA Z", "O"), ("TA Z", "P"),
               ("TA W", "Bridge CA"), ("Bridge CA", "TA W"), ("TA X", "Bridge CA"),
               ("Bridge CA", "TA X"), ("TA Y", "Bridge CA"), ("Bridge CA", "TA Y"),
               ("TA Z", "Bridge CA"), ("Bridge CA", "TA Z")],
}

# reason: (mutls error, whether the refusal names the leaf rather than the bad edge, rule)
REASONS = {
    "expired": ("expired", False, "RFC 5280 4.1.2.5, 6.1.3(a)(2)"),
    "name_constraints": ("name_constraint_violated", True, "RFC 5280 4.2.1.10, 6.1.3(b)"),
    "bad_eku": ("purpose_mismatch", False,
                "RFC 5280 4.2.1.12 (CA EKU as a limit, as openssl, BoringSSL, Go)"),
    "missing_basic_constraints": ("not_a_ca", False, "RFC 5280 4.2.1.9, 6.1.4(k)"),
    "not_a_ca": ("not_a_ca", False, "RFC 5280 4.2.1.9, 6.1.4(k)"),
    "deprecated_crypto": ("unsupported_algorithm", False,
                          "RFC 9155 / CA/B BR 7.1.3.2 (no SHA-1 signatures)"),
}

# (graph, trusted entity, target, invalid edges, comment). Invalid edges with no fixed reason
# are expanded to every reason, as BetterTLS does.
PB_CASES = [
    ("linear", "Trust Anchor", "EE", [], "the plain chain"),
    ("linear", "Trust Anchor", "EE", [("Trust Anchor", "ICA")], "the only path is broken"),
    ("linear", "ICA", "EE", [("Trust Anchor", "ICA")],
     "the intermediate is itself trusted: its bad certificate from above is never needed"),
    ("two_roots", "Root1", "EE", [], "either root will do"),
    ("two_roots", "Root2", "EE", [], "either root will do"),
    ("two_roots", "Root1", "EE", [("Root2", "ICA")], "the other root's certificate is bad"),
    ("two_roots", "Root2", "EE", [("Root1", "ICA")], "the other root's certificate is bad"),
    ("two_roots", "Root1", "EE", [("Root1", "ICA")], "the trusted root's certificate is bad"),
    ("two_roots", "Root2", "EE", [("Root2", "ICA")], "the trusted root's certificate is bad"),
    ("figure7", "Trust Anchor", "EE", [], "RFC 4158 figure 7"),
    ("figure7", "Trust Anchor", "EE", [("Trust Anchor", "C"), ("A", "B")],
     "only TA -> A -> C -> B is good"),
    ("figure7", "Trust Anchor", "EE", [("Trust Anchor", "A"), ("C", "B")],
     "only TA -> C -> A -> B is good"),
    ("bridge", "TA Z", "D", [], "RFC 4158 2.3: across the bridge into Y"),
    ("bridge", "TA Z", "EE", [], "RFC 4158 2.4.2: across the bridge into X"),
    ("bridge", "TA Z", "EE", [("TA X", "Bridge CA")], "a bad cross-certificate not on the path"),
    ("bridge", "TA Z", "EE", [("Bridge CA", "TA X")], "the bridge's certificate for X is bad"),
    ("bridge", "TA Z", "EE", [("TA Z", "Bridge CA")], "Z's certificate for the bridge is bad"),
]


def reachable(edges, bad, src, dst):
    seen = set()
    todo = [src]
    while todo:
        n = todo.pop()
        if n == dst:
            return True
        if n in seen:
            continue
        seen.add(n)
        todo.extend(d for s, d in edges if s == n and (s, d) not in bad)
    return False


def edge_depth(edges, src, dst, edge):
    """How far below the anchor's side @edge sits on the shortest src -> dst path through it
    (0 = the leaf's own certificate), counting every edge as usable."""
    def dist(a, b):
        seen, todo, d = {a}, [a], 0
        while todo:
            if b in todo:
                return d
            todo = [y for x in todo for s_, y in edges if s_ == x and y not in seen]
            seen.update(todo)
            d += 1
        return None
    return dist(edge[1], dst)


def slug(s):
    return s.lower().replace(" ", "").replace("trustanchor", "ta").replace("bridgeca", "bridge")


def gen_pathbuilding():
    for graph, edges in GRAPHS.items():
        nodes = sorted({n for e in edges for n in e})
        subj = {n: subject_of(n, "pb-%s-%s" % (graph.replace("_", "-"), slug(n))) for n in nodes}
        # The certificates each case may use, with their indices in the bundle.
        cases = [c for c in PB_CASES if c[0] == graph]
        trusted = sorted({c[1] for c in cases})
        targets = {c[2] for c in cases}
        bad_edges = sorted({e for c in cases for e in c[3]})
        index = {}
        blocks = []

        def add(label, cert):
            index[label] = len(blocks)
            blocks.append("# %d: %s\n%s" % (len(blocks), label, pem(cert)))

        for n in trusted:
            k = key("pb " + n)
            add("anchor %s" % n, make_cert(subj[n], k.public_key(), subj[n], k, k.public_key(),
                                           self_signed=True))
        for s, d in edges:
            leaf = d in targets
            ik, sk = key("pb " + s), key("pb " + d)
            dsubj = subject_of(d, "pb-%s-leaf" % graph.replace("_", "-")) if leaf else subj[d]
            extra = dict(ca=False, leaf=True, eku=[ExtendedKeyUsageOID.SERVER_AUTH],
                         san=[x509.DNSName("localhost")]) if leaf else {}
            add("%s -> %s" % (s, d), make_cert(dsubj, sk.public_key(), subj[s], ik,
                                                ik.public_key(), **extra))
            if (s, d) not in bad_edges:
                continue
            for reason in REASONS:
                kw = {}
                if reason == "expired":
                    kw["expired"] = True
                elif reason == "name_constraints":
                    kw["nc"] = ([x509.DNSName("bad.example.com")], [])
                elif reason == "bad_eku":
                    kw["eku"] = [ExtendedKeyUsageOID.EMAIL_PROTECTION]
                elif reason == "missing_basic_constraints":
                    kw["bc"] = False
                elif reason == "not_a_ca":
                    kw["ca"] = False
                elif reason == "deprecated_crypto":
                    kw["sha1"] = True
                add("%s -> %s %s" % (s, d, reason),
                    make_cert(subj[d], sk.public_key(), subj[s], ik, ik.public_key(), **kw))
        with open(os.path.join(HERE, "pb_%s.pem" % graph), "w") as f:
            f.write("".join(blocks))

        for g, src, dst, bad, comment in cases:
            for reason in (list(REASONS) if bad else [None]):
                chain = [index["%s -> %s" % e] for e in edges if e[1] == dst]
                for e in edges:
                    if e[1] == dst:
                        continue
                    label = "%s -> %s" % e
                    if e in bad:
                        label += " " + reason
                    chain.append(index[label])
                ok = reachable(edges, set(bad), src, dst)
                expect, blame, depth, note = "ok", None, None, None
                if not ok:
                    expect, names_leaf, _ = REASONS[reason]
                    blame = dst if names_leaf else bad[0][1]
                    depth = 0 if names_leaf else edge_depth(edges, src, dst, bad[0])
                    if graph == "bridge" and depth == 4:
                        note = ("FIXED: blamed where it sits on the short path; mutls went "
                                "round the bridge first and blamed it at depth 8")
                elif graph == "bridge" and dst == "EE":
                    note = ("FIXED: the path found is the short one (6 certificates), not one "
                            "that goes round the bridge (10)")
                elif graph == "bridge":
                    note = ("FIXED: the path found meets each CA once (6 or 7 certificates), "
                            "not one that goes round the bridge (10)")
                name = "pb_%s_%s_%s" % (graph, slug(src), slug(dst))
                if bad:
                    name += "_" + "_".join("%s-%s" % (slug(s), slug(d)) for s, d in bad)
                    name += "_" + reason
                record(name=name, suite="pathbuilding",
                       case="%s; trust %s; target %s; bad %s; %s" % (
                           graph, src, dst,
                           ", ".join("%s->%s" % e for e in bad) or "none",
                           comment + (" (%s)" % reason if reason else "")),
                       bettertls="PASS" if ok else "FAIL",
                       rfc=REASONS[reason][2] if reason else "RFC 4158 2, RFC 5280 6.1",
                       host="localhost", bundle="pb_%s" % graph,
                       chain=" ".join(str(i) for i in chain),
                       anchor=str(index["anchor %s" % src]),
                       expect=expect, blame=blame, depth=depth, note=note)


def main():
    load_keys()
    gen_nc_smuggling(gen_nameconstraints())
    gen_pathbuilding()
    save_keys()
    write_manifest()


if __name__ == "__main__":
    main()
