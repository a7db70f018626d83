# SPDX-License-Identifier: MIT
"""common.py - what gen.py's parts share: the seeded generator (so the files are reproducible),
the record list and emit(), digests, and DER helpers."""
import hashlib
import os
import random
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
RNG = random.Random(0x5EED2026)

# ------------------------------------------------------------------ DER helpers

sys.path.insert(0, os.path.join(HERE, "..", "..", "x509"))
from der import integer_bytes as int_body, tlv  # noqa: E402,F401  (vectors/x509/der.py)


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
