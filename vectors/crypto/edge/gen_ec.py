# SPDX-License-Identifier: MIT
"""gen_ec.py - gen.py's elliptic-curve part: affine P-256/P-384 arithmetic with Python
integers, then the ECDSA (FIPS 186-4 §6.4) and ECDH (RFC 8422 §5.10) edge cases."""
import hashlib

from common import RNG, HASHES, digest, emit, tlv, int_body, der_sig

# ------------------------------------------------------------------ curves (FIPS 186-4 §D.1.2)

CURVES = {
    "P-256": dict(
        size=32,
        p=0xFFFFFFFF00000001000000000000000000000000FFFFFFFFFFFFFFFFFFFFFFFF,
        n=0xFFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551,
        b=0x5AC635D8AA3A93E7B3EBBD55769886BC651D06B0CC53B0F63BCE3C3E27D2604B,
        g=(0x6B17D1F2E12C4247F8BCE6E563A440F277037D812DEB33A0F4A13945D898C296,
           0x4FE342E2FE1A7F9B8EE7EB4A7C0F9E162BCE33576B315ECECBB6406837BF51F5)),
    "P-384": dict(
        size=48,
        p=(1 << 384) - (1 << 128) - (1 << 96) + (1 << 32) - 1,
        n=int("ffffffffffffffffffffffffffffffffffffffffffffffffc7634d81f4372ddf"
              "581a0db248b0a77aecec196accc52973", 16),
        b=int("b3312fa7e23ee7e4988e056be3f82d19181d9c6efe8141120314088f5013875a"
              "c656398d8a2ed19d2a85c8edd3ec2aef", 16),
        g=(int("aa87ca22be8b05378eb1c71ef320ad746e1d3b628ba79b9859f741e082542a38"
               "5502f25dbf55296c3a545e3872760ab7", 16),
           int("3617de4a96262c6f5d9e98bf9292dc29f8f41dbd289a147ce9da3113b5f0b8c0"
               "0a60b1ce1d7e819d7a431d7c90ea0e5f", 16))),
}


def on_curve(c, pt):
    x, y = pt
    p = c["p"]
    return (y * y - (x * x * x - 3 * x + c["b"])) % p == 0


def ec_add(c, a, b):
    p = c["p"]
    if a is None:
        return b
    if b is None:
        return a
    if a[0] == b[0]:
        if (a[1] + b[1]) % p == 0:
            return None
        lam = (3 * a[0] * a[0] - 3) * pow(2 * a[1], -1, p) % p
    else:
        lam = (b[1] - a[1]) * pow(b[0] - a[0], -1, p) % p
    x = (lam * lam - a[0] - b[0]) % p
    return (x, (lam * (a[0] - x) - a[1]) % p)


def ec_mul(c, k, pt):
    r = None
    for bit in bin(k % c["n"])[2:] if k % c["n"] else "":
        r = ec_add(c, r, r)
        if bit == "1":
            r = ec_add(c, r, pt)
    return r


def ec_neg(c, pt):
    return (pt[0], (-pt[1]) % c["p"])


def lift_x(c, x):
    """A point with this x, or None (both curves have p = 3 mod 4)."""
    p = c["p"]
    rhs = (x * x * x - 3 * x + c["b"]) % p
    y = pow(rhs, (p + 1) // 4, p)
    return (x, y) if y * y % p == rhs else None


def enc_point(c, pt):
    s = c["size"]
    return b"\x04" + pt[0].to_bytes(s, "big") + pt[1].to_bytes(s, "big")


def rand_scalar(c):
    return RNG.randrange(1, c["n"])


for _c in CURVES.values():
    assert on_curve(_c, _c["g"]) and ec_mul(_c, _c["n"] - 1, _c["g"]) == ec_neg(_c, _c["g"])

# ------------------------------------------------------------------ ECDSA (FIPS 186-4 §6.4)


def bits2int(c, dg):
    """The leftmost bits of the digest, as many as the order has (whole bytes here)."""
    return int.from_bytes(dg[:c["size"]], "big")


def ecdsa_sign(c, d, e, k=None):
    n = c["n"]
    while True:
        kk = k if k is not None else rand_scalar(c)
        r = ec_mul(c, kk, c["g"])[0] % n
        s = (e + r * d) * pow(kk, -1, n) % n
        if r and s:
            return r, s
        assert k is None


def ecdsa_ok(c, q, e, r, s):
    """Reference verification, used to check every case before it is written."""
    n = c["n"]
    if not (0 < r < n and 0 < s < n):
        return False
    w = pow(s, -1, n)
    pt = ec_add(c, ec_mul(c, e * w, c["g"]), ec_mul(c, r * w, q))
    return pt is not None and pt[0] % n == r


def ecdsa_case(name, cname, hname, q, dg, sig, expect, category, reason):
    c = CURVES[cname]
    emit(name, "ecdsa", category, expect, reason, curve=cname, hash=hname, pub=enc_point(c, q),
         digest=dg, sig=sig)


def gen_ecdsa():
    combos = [("P-256", "SHA256"), ("P-256", "SHA384"), ("P-256", "SHA512"), ("P-256", "SHA224"),
              ("P-384", "SHA384"), ("P-384", "SHA256"), ("P-384", "SHA512"), ("P-384", "SHA224")]
    for cname, hname in combos:
        c = CURVES[cname]
        n = c["n"]
        tag = "%s-%s" % (cname.lower().replace("-", ""), hname.lower())
        d = rand_scalar(c)
        q = ec_mul(c, d, c["g"])
        dg = digest(hname, b"mutls edge " + tag.encode())
        e = bits2int(c, dg)
        r, s = ecdsa_sign(c, d, e)
        assert ecdsa_ok(c, q, e, r, s)
        ecdsa_case(tag + "-valid", cname, hname, q, dg, der_sig(r, s), "valid", "baseline",
                   "an ordinary signature")
        ecdsa_case(tag + "-valid-neg-s", cname, hname, q, dg, der_sig(r, n - s), "valid",
                   "malleability", "(r, n - s) is also valid: ECDSA has no low-s rule")
        bad = bytearray(dg)
        bad[0] ^= 1
        ecdsa_case(tag + "-modified-digest", cname, hname, q, bytes(bad), der_sig(r, s),
                   "invalid", "baseline", "the digest differs in its first byte")
        if len(dg) > c["size"]:
            # FIPS 186-4 §6.4: the leftmost bits count; a signer that reduced the whole digest
            # mod n, or took its rightmost bytes, made a signature that must not verify.
            for how, ee in (("whole-mod-n", int.from_bytes(dg, "big") % n),
                            ("rightmost", int.from_bytes(dg[-c["size"]:], "big"))):
                r2, s2 = ecdsa_sign(c, d, ee)
                assert not ecdsa_ok(c, q, e, r2, s2)
                ecdsa_case("%s-truncation-%s" % (tag, how), cname, hname, q, dg,
                           der_sig(r2, s2), "invalid", "digest truncation",
                           "signed over the %s digest, not its leftmost bits" % how)
            # Changing a bit past the leftmost size bytes changes nothing.
            tail = bytearray(dg)
            tail[-1] ^= 0x80
            ecdsa_case(tag + "-truncation-tail-ignored", cname, hname, q, bytes(tail),
                       der_sig(r, s), "valid", "digest truncation",
                       "only the leftmost bits of a longer digest are used")

    for cname, hname in (("P-256", "SHA256"), ("P-384", "SHA384")):
        gen_ecdsa_encoding(cname, hname)
        gen_ecdsa_special(cname, hname)


def gen_ecdsa_encoding(cname, hname):
    c = CURVES[cname]
    n, p, size = c["n"], c["p"], c["size"]
    tag = "%s-%s" % (cname.lower().replace("-", ""), hname.lower())
    d = rand_scalar(c)
    q = ec_mul(c, d, c["g"])
    dg = digest(hname, b"mutls der " + tag.encode())
    e = bits2int(c, dg)
    # r with its top bit set (DER needs a leading zero) and s without.
    while True:
        r, s = ecdsa_sign(c, d, e)
        if r >> (8 * size - 1) and not s >> (8 * size - 1) and s >> (8 * size - 8):
            break
    good = der_sig(r, s)
    ri, si = tlv(0x02, int_body(r)), tlv(0x02, int_body(s))
    body = ri + si

    def case(name, sig, reason, category="BER/DER encoding", expect="invalid"):
        ecdsa_case("%s-%s" % (tag, name), cname, hname, q, dg, sig, expect, category, reason)

    case("der-valid", good, "the DER encoding, r with its required leading zero",
         expect="valid")
    case("ber-long-seq-len", b"\x30\x81" + bytes([len(body)]) + body,
         "long-form SEQUENCE length where the short form fits (BER, not DER)")
    case("ber-long2-seq-len", b"\x30\x82" + len(body).to_bytes(2, "big") + body,
         "two-byte SEQUENCE length (BER)")
    case("ber-long-int-len", tlv(0x30, b"\x02\x81" + ri[1:] + si),
         "long-form INTEGER length (BER)")
    case("ber-indefinite", b"\x30\x80" + body + b"\x00\x00", "indefinite length (BER)")
    case("int-extra-zero", tlv(0x30, tlv(0x02, b"\x00" + int_body(s)) + si),
         "INTEGER with a leading zero DER forbids (non-minimal)")
    case("int-extra-zero-r", tlv(0x30, tlv(0x02, b"\x00" + int_body(r)) + si),
         "r with two leading zeros (non-minimal)")
    case("int-missing-zero", tlv(0x30, tlv(0x02, r.to_bytes(size, "big")) + si),
         "r without its leading zero: a negative INTEGER")
    neg = (-r) % (1 << (8 * size + 8))
    case("int-negative-r", tlv(0x30, tlv(0x02, neg.to_bytes(size + 1, "big")) + si),
         "r replaced by -r (two's complement)")
    case("trailing-byte", good + b"\x00", "a byte after the SEQUENCE")
    case("trailing-in-seq", tlv(0x30, body + b"\x05\x00"), "a NULL inside the SEQUENCE after s")
    case("seq-len-long", bytes([0x30, len(body) + 1]) + body, "SEQUENCE length one too long")
    case("seq-len-short", bytes([0x30, len(body) - 1]) + body, "SEQUENCE length one too short")
    case("truncated", good[:-1], "last byte missing")
    case("empty", b"", "no signature at all")
    case("only-r", tlv(0x30, ri), "s missing")
    case("three-ints", tlv(0x30, body + si), "a third INTEGER")
    case("set-tag", b"\x31" + good[1:], "SET instead of SEQUENCE")
    case("bitstring-tag", tlv(0x30, b"\x03" + ri[1:] + si), "r tagged BIT STRING")
    case("empty-int", tlv(0x30, b"\x02\x00" + si), "r with no content bytes")
    case("raw-r-s", r.to_bytes(size, "big") + s.to_bytes(size, "big"),
         "IEEE P1363 r || s instead of DER")
    case("swapped", der_sig(s, r), "r and s swapped", category="range")
    for name, rr, ss, why in (
            ("r-zero", 0, s, "r = 0 (FIPS 186-4 §6.4.2: 0 < r < n)"),
            ("s-zero", r, 0, "s = 0"),
            ("r-s-zero", 0, 0, "r = s = 0 (the OpenJDK 'psychic signature')"),
            ("r-n", n, s, "r = n"),
            ("s-n", r, n, "s = n"),
            ("r-plus-n", r + n, s, "r + n: right mod n but out of range"),
            ("s-plus-n", r, s + n, "s + n"),
            ("r-p", p, s, "r = p"),
            ("r-one-s-one", 1, 1, "r = s = 1 under an ordinary key"),
            ("r-max", (1 << (8 * size)) - 1, s, "r = 2^bits - 1"),
            ("s-minus-n", r, s - n, "s - n: negative")):
        if ss < 0:
            sig = tlv(0x30, ri + tlv(0x02, ss.to_bytes(size + 1, "big", signed=True)))
        else:
            sig = der_sig(rr, ss)
        case(name, sig, why, category="range")


def gen_ecdsa_special(cname, hname):
    """Valid signatures with edge-case values, built by choosing (r, s) or (u1, u2) first and
    the public key (or digest) to match, as Wycheproof's arithmetic tests do."""
    c = CURVES[cname]
    n, p, size, g = c["n"], c["p"], c["size"], c["g"]
    tag = "%s-%s" % (cname.lower().replace("-", ""), hname.lower())
    dlen = len(hashlib.new(HASHES[hname]).digest())
    dg = digest(hname, b"mutls special " + tag.encode())
    e = bits2int(c, dg)

    def key_for(r_pt, r, s, ee):
        """Q with u1 G + u2 Q = r_pt: Q = r^-1 (s R - e G)."""
        return ec_mul(c, pow(r, -1, n), ec_add(c, ec_mul(c, s, r_pt), ec_neg(c, ec_mul(c, ee, g))))

    def case(name, q, sig_r, sig_s, expect, category, reason, dgst=dg, raw=None):
        ee = bits2int(c, dgst)
        ok = ecdsa_ok(c, q, ee, sig_r, sig_s)
        assert ok == (expect == "valid"), name
        ecdsa_case("%s-%s" % (tag, name), cname, hname, q, dgst,
                   raw if raw is not None else der_sig(sig_r, sig_s), expect, category, reason)

    # Small r and s: R with x = r, then the key that makes (r, s) valid.
    small = [x for x in range(1, 64) if lift_x(c, x)][:2]
    for x in small:
        for s_val in (1, 2, n - 1):
            q = key_for(lift_x(c, x), x, s_val, e)
            case("small-r%d-s%s" % (x, "n-1" if s_val == n - 1 else s_val), q, x, s_val, "valid",
                 "edge-case r and s", "r = %d, s = %s with a matching public key" %
                 (x, "n-1" if s_val == n - 1 else s_val))
    # r = x(R) - n: the x coordinate of R lies in [n, p), so r is that minus n.
    big = [t for t in range(1, 400) if lift_x(c, n + t)][:2]
    for t in big:
        r_pt = lift_x(c, n + t)
        s_val = RNG.randrange(1, n)
        q = key_for(r_pt, t, s_val, e)
        case("r-is-x-minus-n-%d" % t, q, t, s_val, "valid", "edge-case r",
             "x(R) = n + %d >= n, so r = x(R) mod n = %d" % (t, t))
        case("r-is-x-itself-%d" % t, q, n + t, s_val, "invalid", "edge-case r",
             "r = x(R) = n + %d is not reduced mod n: out of range" % t)
    # r near n.
    for x in range(n - 1, n - 400, -1):
        if lift_x(c, x):
            s_val = RNG.randrange(1, n)
            case("r-near-n", key_for(lift_x(c, x), x, s_val, e), x, s_val, "valid",
                 "edge-case r", "r = n - %d" % (n - x))
            break
    # Digests whose value is 0 mod n (u1 = 0) or above n.
    d = rand_scalar(c)
    q = ec_mul(c, d, g)
    for name, dgst, why in (
            ("digest-zero", bytes(dlen), "an all-zero digest: u1 = 0, R = u2 Q"),
            ("digest-n", n.to_bytes(size, "big") + bytes(dlen - size) if dlen >= size else None,
             "digest equal to n: e = 0 mod n"),
            ("digest-ones", b"\xff" * dlen, "an all-ones digest: e > n")):
        if dgst is None:
            continue
        rr, ss = ecdsa_sign(c, d, bits2int(c, dgst))
        case(name, q, rr, ss, "valid", "edge-case digest", why, dgst=dgst)
    # Keys G and -G (private keys 1 and n - 1).
    for name, dd in (("key-g", 1), ("key-minus-g", n - 1)):
        qq = ec_mul(c, dd, g)
        rr, ss = ecdsa_sign(c, dd, e)
        case(name, qq, rr, ss, "valid", "special public key", "public key %s" %
             ("G" if dd == 1 else "-G"))
    # Keys with small or large x coordinates, signed without a private key: pick u1, u2, then
    # r from R = u1 G + u2 Q, s = r / u2 and the digest e = u1 s.
    for name, x0, step in (("key-small-x", 1, 1), ("key-large-x", p - 1, -1)):
        x = x0
        while not lift_x(c, x):
            x += step
        qq = lift_x(c, x)
        u1, u2 = RNG.randrange(1, n), RNG.randrange(1, n)
        rr = ec_add(c, ec_mul(c, u1, g), ec_mul(c, u2, qq))[0] % n
        ss = rr * pow(u2, -1, n) % n
        ee = u1 * ss % n
        dgst = ee.to_bytes(size, "big") + bytes(dlen - size) if dlen >= size \
            else ee.to_bytes(dlen, "big")
        if dlen < size and ee >> (8 * dlen):
            continue
        case(name, qq, rr, ss, "valid", "special public key",
             "public key with x = %s" % (x if x < 1000 else "p - %d" % (p - x)), dgst=dgst)
    # Keys +-G with the digest chosen so that u1 G and u2 Q are equal (a doubling) or opposite
    # (the point at infinity); e = +-r makes u1 = +-u2. Also u1 = 0 under G.
    for kname, dd in (("key-g", 1), ("key-minus-g", n - 1)):
        qq = ec_mul(c, dd, g)
        k = RNG.randrange(1, n)
        rr = ec_mul(c, k, g)[0] % n
        for what, ee in (("doubling", rr if dd == 1 else n - rr),
                         ("infinity", n - rr if dd == 1 else rr), ("u1-zero", 0)):
            # A real signature for e = -r d would have s = 0; any s gives the infinity.
            ss = RNG.randrange(1, n) if what == "infinity" else (ee + rr * dd) * pow(k, -1, n) % n
            case("%s-%s" % (kname, what), qq, rr, ss, "invalid" if what == "infinity" else "valid",
                 "special public key", "public key %s, u1 G %s u2 Q" %
                 ("G" if dd == 1 else "-G", {"doubling": "=", "infinity": "= -",
                                             "u1-zero": "= O, R ="}[what]),
                 dgst=ee.to_bytes(size, "big") + bytes(dlen - size))
    # Keys that are small multiples of G: Shamir's trick meets equal or opposite operands.
    for name, dd in (("key-2g", 2), ("key-minus-2g", n - 2), ("key-3g", 3)):
        qq = ec_mul(c, dd, g)
        rr, ss = ecdsa_sign(c, dd, e)
        case(name, qq, rr, ss, "valid", "special public key", "public key %s" % name[4:])
    # Edge-case u1 and u2 under a random key whose private part we do not need: R from the
    # chosen (u1, u2), then s = r / u2 and the digest e = u1 s.
    qq = ec_mul(c, rand_scalar(c), g)
    for name, u1, u2 in (("u1-1", 1, RNG.randrange(1, n)), ("u1-n-1", n - 1, RNG.randrange(1, n)),
                         ("u2-1", RNG.randrange(1, n), 1), ("u2-2", RNG.randrange(1, n), 2),
                         ("u2-n-1", RNG.randrange(1, n), n - 1),
                         ("u2-half", RNG.randrange(1, n), (n - 1) // 2),
                         ("u1-u2-1", 1, 1), ("u1-u2-n-1", n - 1, n - 1)):
        pt = ec_add(c, ec_mul(c, u1, g), ec_mul(c, u2, qq))
        rr = pt[0] % n
        ss = rr * pow(u2, -1, n) % n
        ee = u1 * ss % n
        if dlen < size and ee >> (8 * dlen):
            ee = None
        if ee is None:
            continue
        dgst = ee.to_bytes(size, "big") + bytes(dlen - size) if dlen >= size \
            else ee.to_bytes(dlen, "big")
        case(name, qq, rr, ss, "valid", "edge-case u1 u2", "u1 = %s, u2 = %s" %
             tuple(("n-1" if v == n - 1 else "(n-1)/2" if v == (n - 1) // 2 else
                    str(v) if v < 10 else "random") for v in (u1, u2)), dgst=dgst)
    # u1 G = u2 Q: the sum is a doubling (libtomcrypt's projective addition handles P + P
    # only when both share a z). k random, R = k G, u1 = k / 2, Q = (e / r) G.
    for i in range(2):
        k = RNG.randrange(1, n)
        rr = ec_mul(c, k, g)[0] % n
        ss = e * 2 * pow(k, -1, n) % n
        qq = ec_mul(c, e * pow(rr, -1, n), g)
        case("doubling-%d" % i, qq, rr, ss, "valid", "point arithmetic",
             "u1 G = u2 Q, so R = u1 G + u2 Q is a point doubling")
    # u1 G = -u2 Q: the sum is the point at infinity, which has no x; never valid.
    for i in range(2):
        rr, ss = RNG.randrange(1, n), RNG.randrange(1, n)
        qq = ec_neg(c, ec_mul(c, e * pow(rr, -1, n), g))
        case("infinity-%d" % i, qq, rr, ss, "invalid", "point arithmetic",
             "u1 G + u2 Q is the point at infinity")


# ------------------------------------------------------------------ ECDH (RFC 8422 §5.10)


def gen_ecdh():
    for cname, c in CURVES.items():
        size, p, n, g = c["size"], c["p"], c["n"], c["g"]
        tag = "ecdh-" + cname.lower().replace("-", "")
        d = rand_scalar(c)

        def case(name, peer, expect, category, reason, shared=None):
            f = dict(curve=cname, priv=d.to_bytes(size, "big"), peer=peer)
            if shared is not None:
                f["shared"] = shared
            emit("%s-%s" % (tag, name), "ecdh", category, expect, reason, **f)

        def valid(name, pt, category, reason):
            assert on_curve(c, pt)
            s = ec_mul(c, d, pt)
            case(name, enc_point(c, pt), "valid", category, reason,
                 shared=s[0].to_bytes(size, "big"))

        for i in range(2):
            valid("valid-%d" % i, ec_mul(c, rand_scalar(c), g), "baseline", "an ordinary peer")
        valid("peer-g", g, "special peer point", "the generator")
        valid("peer-minus-g", ec_neg(c, g), "special peer point", "-G")
        xs = [x for x in range(0, 64) if lift_x(c, x)]
        valid("peer-small-x", lift_x(c, xs[0]), "special peer point",
              "peer x = %d (leading zero bytes)" % xs[0])
        x = p - 1
        while not lift_x(c, x):
            x -= 1
        valid("peer-large-x", lift_x(c, x), "special peer point", "peer x = p - %d" % (p - x))
        dinv = pow(d, -1, n)
        for i, x in enumerate(xs[:2]):
            valid("shared-small-x-%d" % i, ec_mul(c, dinv, lift_x(c, x)), "edge-case shared secret",
                  "shared x = %d: the secret keeps its leading zeros" % x)
        x = p - 1
        while not lift_x(c, x):
            x -= 1
        valid("shared-large-x", ec_mul(c, dinv, lift_x(c, x)), "edge-case shared secret",
              "shared x = p - %d" % (p - x))
        for bits in (0x00FF, 0xFF00):
            x = int.from_bytes(bits.to_bytes(2, "big") * (size // 2), "big")
            while not lift_x(c, x):
                x += 1
            valid("shared-pattern-%04x" % bits, ec_mul(c, dinv, lift_x(c, x)),
                  "edge-case shared secret", "shared x with a repeating bit pattern")

        pt = ec_mul(c, rand_scalar(c), g)
        u = enc_point(c, pt)
        sm = lift_x(c, xs[0])
        for name, peer, why in (
                ("not-on-curve", u[:-1] + bytes([u[-1] ^ 1]), "y changed in its last bit"),
                ("zero-zero", b"\x04" + bytes(2 * size), "(0, 0)"),
                ("x-plus-p", b"\x04" + (sm[0] + p).to_bytes(size, "big") +
                 sm[1].to_bytes(size, "big"), "x + p: the right point mod p, x >= p"),
                ("y-is-p", b"\x04" + pt[0].to_bytes(size, "big") + p.to_bytes(size, "big"),
                 "y = p"),
                ("y-plus-p-neg", b"\x04" + pt[0].to_bytes(size, "big") +
                 ((1 << (8 * size)) - 1).to_bytes(size, "big"), "y = 2^bits - 1 >= p"),
                ("compressed-02", bytes([2 + (pt[1] & 1)]) + pt[0].to_bytes(size, "big"),
                 "compressed point (RFC 8422 §5.1.2: we offer only uncompressed)"),
                ("compressed-03", bytes([3 - (pt[1] & 1)]) + pt[0].to_bytes(size, "big"),
                 "compressed point, other sign"),
                ("hybrid-06", bytes([6 + (pt[1] & 1)]) + u[1:], "hybrid form (X9.62)"),
                ("infinity", b"\x00", "the point at infinity's one-byte encoding"),
                ("empty", b"", "no point"),
                ("truncated", u[:-1], "one byte short"),
                ("extra-byte", u + b"\x00", "one byte too long"),
                ("wrong-prefix", b"\x05" + u[1:], "unknown form byte"),
                ("twist", b"\x04" + pt[0].to_bytes(size, "big") +
                 next(pow(v, (p + 1) // 4, p) for v in [(pt[0] ** 3 - 3 * pt[0] + c["b"] + 1) % p]
                      ).to_bytes(size, "big"), "a point on y^2 = x^3 - 3x + b + 1")):
            if name == "twist":
                tw = int.from_bytes(peer[1 + size:], "big")
                assert not on_curve(c, (pt[0], tw))
            case(name, peer, "invalid", "invalid peer point", why)
        other = "P-384" if cname == "P-256" else "P-256"
        oc = CURVES[other]
        case("other-curve", enc_point(oc, ec_mul(oc, rand_scalar(oc), oc["g"])), "invalid",
             "invalid peer point", "a %s point" % other)
