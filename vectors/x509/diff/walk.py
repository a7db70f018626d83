# SPDX-License-Identifier: MIT
"""Generic TLV mutations for the differential audit: every element of a baseline TBSCertificate
(descending into extnValue OCTET STRINGs and the subjectPublicKey BIT STRING, whose contents are
DER too) gets the same set of edits, and the TBS is re-encoded around the edit with correct outer
lengths, so only that element is wrong. Used by run.py --walk.

Edits (X.690 rule broken in brackets; some edits keep a valid encoding and test the field rule):
  drop      remove the element                          [RFC 5280 4.1 field syntax]
  dup       repeat the element                          [field syntax / SET OF, SEQUENCE OF]
  long      long-form length with a leading zero octet  [10.1 shortest length form]
  indef     indefinite length, constructed elements     [10.1 definite form]
  retag     another universal tag (primitive -> OCTET STRING, OCTET STRING -> UTF8String,
            SEQUENCE <-> SET)                           [field syntax]
  empty     no content octets                           [8.x content rules]
  trail     one extra octet 00 in the content (primitives) or an extra NULL (constructed)
  cut       one content octet less (primitives)
  over      length one more than the content, the rest of the encoding unchanged: the element
            swallows the first octet of what follows    [8.1.3; reader bounds]
  under     length one less than the content            [8.1.3; reader bounds]
"""
from der import children, read

TOP = ["version", "serial", "sigalg", "issuer", "validity", "subject", "spki", "exts"]
OIDS = {
    "551d13": "BC", "551d0f": "KU", "551d25": "EKU", "551d11": "SAN", "551d0e": "SKI",
    "551d23": "AKI", "550403": "CN", "55040a": "O", "2a864886f70d010101": "rsaEncryption",
    "2a8648ce3d0201": "ecPublicKey", "2a864886f70d01010b": "sha256WithRSA",
    "2a8648ce3d040302": "ecdsaSHA256", "2a8648ce3d030107": "P-256",
}
TAGS = {0x01: "BOOL", 0x02: "INT", 0x03: "BITS", 0x04: "OCTETS", 0x05: "NULL", 0x06: "OID",
        0x0C: "UTF8", 0x13: "PRINTABLE", 0x16: "IA5", 0x17: "UTCTIME", 0x18: "GENTIME",
        0x30: "SEQ", 0x31: "SET", 0xA0: "[0]", 0xA3: "[3]", 0x80: "[0]p", 0x82: "[2]p"}


class Node:
    def __init__(self, tag, body, label):
        self.tag, self.body, self.label = tag, body, label
        self.kids = None      # constructed: list of Node
        self.encap = None     # OCTET/BIT STRING holding DER: one Node (plus the BIT STRING pad)
        self.pad = b""


def parse_one(buf):
    """One complete TLV, or None when @buf is not exactly one."""
    try:
        if len(buf) < 2:
            return None
        tag, cs, ce, ee = read(buf, 0)
        if ee != len(buf) or (buf[1] & 0x80 and buf[1] == 0x80):
            return None
        return tag, buf[cs:ce]
    except (IndexError, ValueError):
        return None


def build_tree(tag, body, label, depth=0):
    n = Node(tag, body, label)
    if tag & 0x20:
        n.kids = []
        for i, (t, _, b) in enumerate(children(body)):
            name = TOP[i] if depth == 0 and i < len(TOP) else "%d.%s" % (i, TAGS.get(t, "%02x" % t))
            if depth == 0 and t == 0xA3:
                name = "exts"
            if t == 0x30 and depth > 0:
                inner = children(b)
                if inner and inner[0][0] == 0x06 and inner[0][2].hex() in OIDS:
                    name = OIDS[inner[0][2].hex()]
            n.kids.append(build_tree(t, b, label + "/" + name, depth + 1))
    elif tag == 0x04 and depth > 0:
        one = parse_one(body)
        if one:
            n.encap = build_tree(one[0], one[1], label + "/der", depth + 1)
    elif tag == 0x03 and body[:1] == b"\x00":
        one = parse_one(body[1:])
        if one:
            n.pad = b"\x00"
            n.encap = build_tree(one[0], one[1], label + "/der", depth + 1)
    return n


def length_octets(n):
    if n < 0x80:
        return bytes([n])
    b = n.to_bytes((n.bit_length() + 7) // 8, "big")
    return bytes([0x80 | len(b)]) + b


def encode(n, target=None, op=None):
    """DER of the tree with @op applied to node @target (identity: the `is` test)."""
    if n.kids is not None:
        parts = []
        for k in n.kids:
            if k is target and op == "drop":
                continue
            e = encode(k, target, op)
            parts.append(e)
            if k is target and op == "dup":
                parts.append(e)
        body = b"".join(parts)
    elif n.encap is not None:
        body = n.pad + encode(n.encap, target, op)
    else:
        body = n.body
    tag = n.tag
    if n is target:
        if op == "retag":
            if tag == 0x30:
                tag = 0x31
            elif tag == 0x31:
                tag = 0x30
            elif tag == 0x04:
                tag = 0x0C
            else:
                tag = 0x04
        elif op == "empty":
            body = b""
        elif op == "trail":
            body = body + (b"\x05\x00" if tag & 0x20 else b"\x00")
        elif op == "cut":
            body = body[:-1]
        elif op == "long":
            b = len(body).to_bytes(max(1, (len(body).bit_length() + 7) // 8), "big")
            return bytes([tag, 0x80 | (len(b) + 1), 0]) + b + body
        elif op == "indef":
            return bytes([tag, 0x80]) + body + b"\x00\x00"
        elif op == "over":
            return bytes([tag]) + length_octets(len(body) + 1) + body
        elif op == "under":
            return bytes([tag]) + length_octets(len(body) - 1) + body
    return bytes([tag]) + length_octets(len(body)) + body


def nodes(n):
    out = [n]
    for k in n.kids or []:
        out += nodes(k)
    if n.encap is not None:
        out += nodes(n.encap)
    return out


def ops_for(n, is_root):
    ops = ["long", "retag", "empty"]
    if not is_root:
        ops += ["drop", "dup", "over"]
    if n.tag & 0x20:
        ops += ["indef", "trail"]
    else:
        ops += ["trail"]
        if len(n.body) > 0:
            ops += ["cut", "under"]
    return ops


def tbs_mutations(tbs):
    """[(label, op, new TBS bytes)] for every element of @tbs and every edit that applies; edits
    that give the unchanged TBS back are left out."""
    tag, cs, ce, _ = read(tbs, 0)
    root = build_tree(tag, tbs[cs:ce], "tbs")
    assert encode(root) == tbs, "the walker must rebuild the baseline exactly"
    out = []
    for n in nodes(root):
        for op in ops_for(n, n is root):
            new = encode(root, n, op)
            if new != tbs:
                out.append((n.label, op, new))
    return out
