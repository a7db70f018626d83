# SPDX-License-Identifier: MIT
"""DER reading and writing for the certificate generators under vectors/x509 (anvil/gen.py,
why/gen.py, and the differential audit diff/run.py).

Just enough X.690 to take a committed certificate apart (to lift its subject and key identifier)
and to build TBSCertificates field by field, including encodings DER forbids (long-form or
indefinite lengths, non-minimal INTEGERs), which is the point of the audits. Python stdlib only.
A generator in a folder below imports it with its parent folder on sys.path.
"""


def length_bytes(n):
    """The DER (shortest) length octets for @n (X.690 8.1.3, 10.1)."""
    if n < 0x80:
        return bytes([n])
    b = n.to_bytes((n.bit_length() + 7) // 8, "big")
    return bytes([0x80 | len(b)]) + b


def tlv(tag, content):
    return bytes([tag]) + length_bytes(len(content)) + content


def seq(*items):
    return tlv(0x30, b"".join(items))


def set_of(*items):
    return tlv(0x31, b"".join(items))


def integer_bytes(v):
    """Minimal two's complement octets of @v (X.690 8.3.2)."""
    if v >= 0:
        n = v.bit_length() // 8 + 1
    else:
        n = (-v - 1).bit_length() // 8 + 1
    return v.to_bytes(n, "big", signed=True)


def integer(v):
    return tlv(0x02, integer_bytes(v))


def oid_bytes(dotted):
    arcs = [int(a) for a in dotted.split(".")]
    out = bytearray([arcs[0] * 40 + arcs[1]])
    for a in arcs[2:]:
        chunk = [a & 0x7F]
        a >>= 7
        while a:
            chunk.append(0x80 | (a & 0x7F))
            a >>= 7
        out += bytes(reversed(chunk))
    return bytes(out)


def oid(dotted):
    return tlv(0x06, oid_bytes(dotted))


def boolean(v):
    return tlv(0x01, b"\xff" if v else b"\x00")


def null():
    return b"\x05\x00"


def octets(b):
    return tlv(0x04, b)


def bits(b, unused=0):
    return tlv(0x03, bytes([unused]) + b)


def utc(s):
    return tlv(0x17, s.encode())


def gentime(s):
    return tlv(0x18, s.encode())


def read(buf, off=0):
    """(tag, content start, content end, element end) of the TLV at @off; definite lengths."""
    tag = buf[off]
    first = buf[off + 1]
    if first < 0x80:
        n, start = first, off + 2
    else:
        k = first & 0x7F
        n = int.from_bytes(buf[off + 2:off + 2 + k], "big")
        start = off + 2 + k
    return tag, start, start + n, start + n


def children(buf, start=None, end=None):
    """The (tag, element bytes, content bytes) of each TLV directly inside buf[start:end]."""
    start = 0 if start is None else start
    end = len(buf) if end is None else end
    out = []
    off = start
    while off < end:
        tag, cs, ce, ee = read(buf, off)
        out.append((tag, buf[off:ee], buf[cs:ce]))
        off = ee
    return out


def content(elem):
    """The content octets of one DER element."""
    _, cs, ce, _ = read(elem, 0)
    return elem[cs:ce]


def with_long_length(elem, extra_zero=False):
    """@elem re-encoded with a long-form length (0x81 nn, or 0x82 00 nn with @extra_zero), which
    X.690 10.1 forbids when the short form fits."""
    tag, cs, ce, _ = read(elem, 0)
    n = ce - cs
    b = n.to_bytes(max(1, (n.bit_length() + 7) // 8), "big")
    if extra_zero:
        b = b"\x00" + b
    return bytes([tag, 0x80 | len(b)]) + b + elem[cs:ce]


def with_indefinite_length(elem):
    """@elem (constructed) with the BER indefinite length form (X.690 8.1.3.6; 10.1 forbids it)."""
    tag, cs, ce, _ = read(elem, 0)
    return bytes([tag, 0x80]) + elem[cs:ce] + b"\x00\x00"
