#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Building blocks of the PKITS rebuild (gen.py): the committed keys, certificates and CRLs
made with pyca/cryptography, DER edits for fields its builders will not write, the case
registry and the bundle/verdict output. See gen.py for what the rebuild is."""
import base64
import datetime
import os
import subprocess
import sys
import tempfile
import warnings

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from cryptography.x509.name import _ASN1Type
from cryptography.x509.oid import NameOID, ObjectIdentifier

HERE = os.path.dirname(os.path.abspath(__file__))
TIME = 1800000000  # 2027-01-15: inside every "good" validity period below
PS, U8 = _ASN1Type.PrintableString, _ASN1Type.UTF8String


def when(y, m=1, d=1, hh=12, mm=1):
    return datetime.datetime(y, m, d, hh, mm, tzinfo=datetime.timezone.utc)


NB, NA = when(2010, 1, 1, 8, 30), when(2030, 12, 31, 8, 30)
CRL_THIS, CRL_NEXT = when(2026, 1, 1, 8, 30), when(2030, 12, 31, 8, 30)
REVOKED_AT = when(2010, 1, 1, 8, 30)

# ---------------------------------------------------------------- keys (made once)

KEYS = {}
KEYS_DIRTY = [False]


def load_keys():
    path = os.path.join(HERE, "keys.txt")
    if not os.path.exists(path):
        return
    with open(path) as f:
        for line in f:
            if line.startswith("#") or not line.strip():
                continue
            name, b64 = line.split()
            KEYS[name] = serialization.load_der_private_key(base64.b64decode(b64), None)


def save_keys():
    if not KEYS_DIRTY[0]:
        return
    with open(os.path.join(HERE, "keys.txt"), "w") as f:
        f.write("# SPDX-License-Identifier: MIT\n# PKITS rebuild keys (test only): name base64(PKCS#8)\n")
        for name in sorted(KEYS):
            der = KEYS[name].private_bytes(serialization.Encoding.DER,
                                           serialization.PrivateFormat.PKCS8,
                                           serialization.NoEncryption())
            f.write("%s %s\n" % (name, base64.b64encode(der).decode()))


def key(name):
    if name not in KEYS:
        KEYS[name] = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        KEYS_DIRTY[0] = True
    return KEYS[name]


# ---------------------------------------------------------------- DER editing
# A few cases need fields the builder will not write (a GeneralizedTime before 2050, unique
# identifiers, negative serials): the TBS is parsed into a tree, changed and signed again.


def der_parse(b):
    out, i = [], 0
    while i < len(b):
        tag = b[i]
        n = b[i + 1]
        i += 2
        if n & 0x80:
            k = n & 0x7F
            n = int.from_bytes(b[i:i + k], "big")
            i += k
        body = b[i:i + n]
        i += n
        out.append([tag, der_parse(body) if tag & 0x20 else body])
    return out


def der_enc(nodes):
    out = b""
    for tag, val in nodes:
        body = der_enc(val) if isinstance(val, list) else val
        n = len(body)
        if n < 0x80:
            ln = bytes([n])
        else:
            nb = n.to_bytes((n.bit_length() + 7) // 8, "big")
            ln = bytes([0x80 | len(nb)]) + nb
        out += bytes([tag]) + ln + body
    return out


def resign(der, signer, edit):
    top = der_parse(der)[0]
    tbs = top[1][0]
    edit(tbs)
    tbs_der = der_enc([tbs])
    sig = signer.sign(tbs_der, padding.PKCS1v15(), hashes.SHA256())
    top[1][2] = [0x03, b"\x00" + sig]
    return der_enc([top])


def replace_leaf(node, tag, old, new_tag, new):
    """Replace every primitive (tag, old) under node by (new_tag, new); returns the count."""
    n = 0
    for child in node[1]:
        if isinstance(child[1], list):
            n += replace_leaf(child, tag, old, new_tag, new)
        elif child[0] == tag and child[1] == old:
            child[0], child[1] = new_tag, new
            n += 1
    return n


def flip_signature(der):
    return der[:-1] + bytes([der[-1] ^ 0x01])


# ---------------------------------------------------------------- names and certificates


def dn(cn, ous=(), kind=PS, org="Test Certificates 2011", extra=()):
    attrs = [x509.NameAttribute(NameOID.COUNTRY_NAME, "US"),
             x509.NameAttribute(NameOID.ORGANIZATION_NAME, org, _type=kind)]
    attrs += [x509.NameAttribute(NameOID.ORGANIZATIONAL_UNIT_NAME, ou, _type=kind) for ou in ous]
    attrs += list(extra)
    attrs.append(x509.NameAttribute(NameOID.COMMON_NAME, cn, _type=kind))
    return x509.Name([x509.RelativeDistinguishedName([a]) for a in attrs])


class Cert:
    def __init__(self, der, subject, key_name, label):
        self.der = der
        self.subject = subject
        self.key_name = key_name
        self.label = label
        self.cert = x509.load_der_x509_certificate(der)
        self.serial = self.cert.serial_number


SERIALS = {}


def next_serial(issuer_key):
    SERIALS[issuer_key] = SERIALS.get(issuer_key, 0) + 1
    return SERIALS[issuer_key]


KU_CA = dict(digital_signature=False, content_commitment=False, key_encipherment=False,
             data_encipherment=False, key_agreement=False, key_cert_sign=True, crl_sign=True,
             encipher_only=False, decipher_only=False)


def ku(**kw):
    d = dict(KU_CA)
    d.update(kw)
    return x509.KeyUsage(**d)


def make(label, subject, issuer, key_name=None, ca=False, pathlen=None, bc="crit",
         keyusage="default", ku_crit=True, nb=NB, na=NA, serial=None, exts=(),
         issuer_name=None, signer=None, edit=None, bad_sig=False):
    """One certificate. issuer: a Cert, or None for self-signed. key_name: the subject key
    (default: the label). signer: the signing key's name (default: the issuer's key)."""
    key_name = key_name or label
    pub = key(key_name).public_key()
    signer = signer or (issuer.key_name if issuer else key_name)
    iname = issuer_name or (issuer.subject if issuer else subject)
    b = (x509.CertificateBuilder().subject_name(subject).issuer_name(iname)
         .public_key(pub).serial_number(serial or next_serial(signer))
         .not_valid_before(nb).not_valid_after(na))
    if ca and bc:
        b = b.add_extension(x509.BasicConstraints(ca=True, path_length=pathlen), bc == "crit")
    elif bc == "false":
        b = b.add_extension(x509.BasicConstraints(ca=False, path_length=None), True)
    elif bc == "false-noncrit":
        b = b.add_extension(x509.BasicConstraints(ca=False, path_length=None), False)
    if keyusage == "default" and ca:
        b = b.add_extension(ku(), ku_crit)
    elif keyusage not in ("default", None):
        b = b.add_extension(keyusage, ku_crit)
    b = b.add_extension(x509.SubjectKeyIdentifier.from_public_key(pub), False)
    b = b.add_extension(
        x509.AuthorityKeyIdentifier.from_issuer_public_key(key(signer).public_key()), False)
    for e, crit in exts:
        b = b.add_extension(e, crit)
    der = b.sign(key(signer), hashes.SHA256()).public_bytes(serialization.Encoding.DER)
    if edit:
        der = resign(der, key(signer), edit)
    if bad_sig:
        der = flip_signature(der)
    return Cert(der, subject, key_name, label)


def ca(label, cn, issuer, **kw):
    return make(label, kw.pop("subject", None) or dn(cn), issuer, ca=True, **kw)


def ee(label, issuer, cn=None, **kw):
    if kw.get("ca") and "keyusage" not in kw:
        kw["keyusage"] = ku(digital_signature=True, key_encipherment=True)
    return make(label, kw.pop("subject", None) or dn(cn or label + " EE"), issuer, **kw)


# ---------------------------------------------------------------- CRLs


class Crl:
    def __init__(self, der, label):
        self.der = der
        self.label = label


def crl(label, issuer, revoked=(), this=CRL_THIS, nxt=CRL_NEXT, exts=(), signer=None,
        issuer_name=None, bad_sig=False, edit=None, number=1):
    """revoked: (serial, reason or None, [(entry extension, critical)])."""
    signer = signer or issuer.key_name
    b = (x509.CertificateRevocationListBuilder()
         .issuer_name(issuer_name or issuer.subject)
         .last_update(this).next_update(nxt))
    for serial, reason, eexts in revoked:
        r = (x509.RevokedCertificateBuilder().serial_number(serial)
             .revocation_date(REVOKED_AT))
        if reason is not None:
            r = r.add_extension(x509.CRLReason(reason), False)
        for e, crit in eexts:
            r = r.add_extension(e, crit)
        b = b.add_revoked_certificate(r.build())
    b = b.add_extension(
        x509.AuthorityKeyIdentifier.from_issuer_public_key(key(signer).public_key()), False)
    b = b.add_extension(x509.CRLNumber(number), False)
    for e, crit in exts:
        b = b.add_extension(e, crit)
    der = b.sign(key(signer), hashes.SHA256()).public_bytes(serialization.Encoding.DER)
    if edit:
        der = resign(der, key(signer), edit)
    if bad_sig:
        der = flip_signature(der)
    return Crl(der, label)


def rev(cert, reason=x509.ReasonFlags.key_compromise, eexts=()):
    return (cert.serial if isinstance(cert, Cert) else cert, reason, list(eexts))


def unknown_ext(dotted="2.16.840.1.101.2.1.12.2"):
    return x509.UnrecognizedExtension(ObjectIdentifier(dotted), b"\x05\x00")


# ---------------------------------------------------------------- the cases

CASES = []
TA_CRL = "TA_CRL"  # placeholder: the anchor's CRL is made last (it revokes a 4.4.21 cert)


def case(num, name, verdict, leaf, inters=(), crls=(), note="-", ta_crl=True, settings="-"):
    """settings: the RFC 5280 6.1.1 inputs PKITS names for this verdict, "-" for its defaults,
    else comma-joined: explicit (initial-explicit-policy), inhibit-mapping, inhibit-any, pN
    (NIST-test-policy-N in the initial-policy-set)."""
    crls = list(crls) + ([TA_CRL] if ta_crl else [])
    CASES.append((num, name, verdict, leaf, list(inters), crls, note, settings))


KC, HOLD, AFF = (x509.ReasonFlags.key_compromise, x509.ReasonFlags.certificate_hold,
                 x509.ReasonFlags.affiliation_changed)


def nc(permitted=None, excluded=None):
    return (x509.NameConstraints(permitted_subtrees=permitted, excluded_subtrees=excluded), True)


def dirn(*ous, cn=None):
    if cn is None:
        attrs = [x509.NameAttribute(NameOID.COUNTRY_NAME, "US"),
                 x509.NameAttribute(NameOID.ORGANIZATION_NAME, "Test Certificates 2011", _type=PS)]
        attrs += [x509.NameAttribute(NameOID.ORGANIZATIONAL_UNIT_NAME, o, _type=PS) for o in ous]
        return x509.Name([x509.RelativeDistinguishedName([a]) for a in attrs])
    return dn(cn, ous=ous)


def san(*names):
    return (x509.SubjectAlternativeName(list(names)), False)



def idp(full=None, rel=None, user=False, cas=False, reasons=None, indirect=False, attr=False):
    return (x509.IssuingDistributionPoint(full, rel, user, cas, reasons, indirect, attr), True)


def cdp(full=None, rel=None, crl_issuer=None, reasons=None):
    return (x509.CRLDistributionPoints([x509.DistributionPoint(full, rel, reasons, crl_issuer)]), False)


def rdn_cn(text):
    return x509.RelativeDistinguishedName([x509.NameAttribute(NameOID.COMMON_NAME, text, _type=PS)])


def under(name, cn):
    return x509.Name(list(name.rdns) + [rdn_cn(cn)])



# ---------------------------------------------------------------- output


def pem(label, der):
    b = base64.b64encode(der).decode()
    return "-----BEGIN %s-----\n%s\n-----END %s-----\n" % (
        label, "\n".join(b[i:i + 64] for i in range(0, len(b), 64)), label)


def numkey(num):
    return [int(p) for p in num.split(".")]


NIST_POLICY = "2.16.840.1.101.3.2.1.48.%d"


def settings_args(settings):
    """The `mutls verify` options for a settings field (see case())."""
    args = []
    for tok in ([] if settings == "-" else settings.split(",")):
        if tok == "explicit":
            args.append("--explicit-policy")
        elif tok == "inhibit-mapping":
            args.append("--inhibit-policy-mapping")
        elif tok == "inhibit-any":
            args.append("--inhibit-any-policy")
        elif tok[0] == "p" and tok[1:].isdigit():
            args += ["--policy", NIST_POLICY % int(tok[1:])]
        else:
            raise ValueError("unknown setting " + tok)
    return args


def mutls_verdict(tool, ta_path, leaf, inters, crls, settings="-"):
    with tempfile.TemporaryDirectory() as d:
        def put(fname, text):
            p = os.path.join(d, fname)
            with open(p, "w") as f:
                f.write(text)
            return p
        args = [tool, "verify", "--ca", ta_path, "--crl-check", "all", "--time", str(TIME)]
        args += settings_args(settings)
        if inters:
            args += ["--untrusted", put("inters.pem", "".join(pem("CERTIFICATE", c.der) for c in inters))]
        for i, c in enumerate(crls):
            args += ["--crl", put("crl%d.pem" % i, pem("X509 CRL", c.der))]
        args.append(put("leaf.pem", pem("CERTIFICATE", leaf.der)))
        r = subprocess.run(args, capture_output=True, text=True)
        out = (r.stdout + r.stderr).strip()
        if r.returncode == 0:
            return "ok"
        first = out.splitlines()[0] if out else "?"
        if first.startswith("error: malformed: "):
            return "malformed"  # an intermediate refused as it is parsed (as the C test says)
        if first.startswith("error: ") and " at depth " in first:
            return first.split()[1]
        if first.startswith("error: ") and " in " in first:
            return "load:" + first.split()[1].rstrip(":")
        return "load:?"

