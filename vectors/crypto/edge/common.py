# SPDX-License-Identifier: MIT
"""common.py - what gen.py's parts share: the seeded generator (so the files are reproducible),
the record list and emit(), digests, and DER helpers."""
import hashlib
import os
import random

HERE = os.path.dirname(os.path.abspath(__file__))
RNG = random.Random(0x5EED2026)

# ------------------------------------------------------------------ DER helpers


def der_len(n):
    if n < 0x80:
        return bytes([n])
    b = n.to_bytes((n.bit_length() + 7) // 8, "big")
    return bytes([0x80 | len(b)]) + b


def tlv(tag, body):
    return bytes([tag]) + der_len(len(body)) + body


def int_body(v):
    """Minimal two's-complement content of a non-negative integer."""
    return v.to_bytes(v.bit_length() // 8 + 1, "big")


def der_sig(r, s):
    return tlv(0x30, tlv(0x02, int_body(r)) + tlv(0x02, int_body(s)))


# ------------------------------------------------------------------ output

RECORDS = []


def emit(case, op, category, expect, reason, **fields):
    assert expect in ("valid", "invalid")
    assert all(case != r["case"] for r in RECORDS), case
    rec = dict(case=case, op=op, category=category, expect=expect, reason=reason)
    for k, v in fields.items():
        rec[k] = v.hex() if isinstance(v, (bytes, bytearray)) else str(v)
    RECORDS.append(rec)


HASHES = {"SHA224": "sha224", "SHA256": "sha256", "SHA384": "sha384", "SHA512": "sha512"}


def digest(hname, msg):
    return hashlib.new(HASHES[hname], msg).digest()
