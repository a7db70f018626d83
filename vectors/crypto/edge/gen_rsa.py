# SPDX-License-Identifier: MIT
"""gen_rsa.py - gen.py's RSA part: a deterministic RSA key (and a 2049-bit one), then the
RSASSA-PKCS1-v1_5 and RSASSA-PSS (RFC 8017 §8, §9) signature cases and the static-RSA
premaster ciphertexts (RFC 5246 §7.4.7.1), all by modular exponentiation here."""
import hashlib

from common import RNG, HASHES, digest, emit, tlv

# ------------------------------------------------------------------ RSA key


def is_probable_prime(v):
    if v < 2:
        return False
    for sp in (2, 3, 5, 7, 11, 13, 17, 19, 23, 29, 31, 37):
        if v % sp == 0:
            return v == sp
    dd, sh = v - 1, 0
    while dd % 2 == 0:
        dd //= 2
        sh += 1
    for _ in range(40):
        a = RNG.randrange(2, v - 1)
        x = pow(a, dd, v)
        if x in (1, v - 1):
            continue
        for _ in range(sh - 1):
            x = x * x % v
            if x == v - 1:
                break
        else:
            return False
    return True


def rsa_prime(bits, e):
    while True:
        v = RNG.getrandbits(bits) | (3 << (bits - 2)) | 1
        if (v - 1) % e and is_probable_prime(v):
            return v


def rsa_key(bits=2048):
    e = 65537
    while True:
        p, q = rsa_prime(bits - bits // 2, e), rsa_prime(bits // 2, e)
        if p != q and (p * q).bit_length() == bits:
            break
    if p < q:
        p, q = q, p
    n = p * q
    d = pow(e, -1, (p - 1) * (q - 1))
    return dict(n=n, e=e, d=d, p=p, q=q, dp=d % (p - 1), dq=d % (q - 1), qinv=pow(q, -1, p))


RSA = None
RSA2049 = None
K = 256


def setup_keys():
    global RSA, RSA2049
    RSA = rsa_key()
    RSA2049 = rsa_key(2049)
    assert pow(pow(12345, RSA["e"], RSA["n"]), RSA["d"], RSA["n"]) == 12345


def rsa_raw(m):
    return pow(m, RSA["d"], RSA["n"]).to_bytes(K, "big")


def sign_em(em):
    v = int.from_bytes(em, "big")
    assert v < RSA["n"]
    return rsa_raw(v)


OIDS = {"SHA224": "608648016503040204", "SHA256": "608648016503040201",
        "SHA384": "608648016503040202", "SHA512": "608648016503040203",
        "SHA1": "2b0e03021a", "MD5": "2a864886f70d0205"}


def digest_info(hname, dg, params=b"\x05\x00", oid=None):
    alg = tlv(0x06, bytes.fromhex(oid or OIDS[hname])) + params
    return tlv(0x30, tlv(0x30, alg) + tlv(0x04, dg))


def pkcs1_em(t, bt=1, fill=0xFF, sep=b"\x00", lead=b"\x00"):
    ps = K - len(t) - len(lead) - 1 - len(sep)
    return lead + bytes([bt]) + bytes([fill]) * ps + sep + t


def gen_pkcs1():
    for hname in ("SHA224", "SHA256", "SHA384", "SHA512"):
        tag = "rsa2048-pkcs1-" + hname.lower()
        dg = digest(hname, b"mutls pkcs1 " + tag.encode())
        di = digest_info(hname, dg)
        other = "SHA256" if hname == "SHA224" else "SHA224"

        def case(name, sig, expect, category, reason, dgst=dg):
            emit("%s-%s" % (tag, name), "pkcs1", category, expect, reason, hash=hname,
                 digest=dgst, sig=sig)

        good = sign_em(pkcs1_em(di))
        case("valid", good, "valid", "baseline", "EMSA-PKCS1-v1_5 with DigestInfo and NULL")
        case("modified-digest", good, "invalid", "baseline", "the digest differs",
             dgst=bytes([dg[0] ^ 1]) + dg[1:])
        enc = lambda t, **kw: sign_em(pkcs1_em(t, **kw))  # noqa: E731
        alg = tlv(0x06, bytes.fromhex(OIDS[hname]))
        for name, t, why in (
                ("missing-null", tlv(0x30, tlv(0x30, alg) + tlv(0x04, dg)),
                 "DigestInfo without the NULL parameters (Wycheproof 'acceptable' legacy form; "
                 "refused, as OpenSSL 1.1+ and Go do)"),
                ("other-oid", digest_info(hname, dg, oid=OIDS[other]),
                 "DigestInfo names %s" % other),
                ("sha1-oid", digest_info(hname, dg, oid=OIDS["SHA1"]), "DigestInfo names SHA-1"),
                ("md5-oid", digest_info(hname, dg, oid=OIDS["MD5"]), "DigestInfo names MD5"),
                ("long-form-seq", b"\x30\x81" + bytes([len(di) - 2]) + di[2:],
                 "long-form length on the outer SEQUENCE (BER)"),
                ("long-form-octets", tlv(0x30, tlv(0x30, alg + b"\x05\x00") +
                                          b"\x04\x81" + bytes([len(dg)]) + dg),
                 "long-form length on the digest OCTET STRING (BER)"),
                ("indefinite", b"\x30\x80" + di[2:] + b"\x00\x00", "indefinite length (BER)"),
                ("null-with-content", digest_info(hname, dg, params=b"\x05\x01\x00"),
                 "NULL with a content byte"),
                ("params-not-null", digest_info(hname, dg, params=b"\x30\x00"),
                 "an empty SEQUENCE where NULL belongs"),
                ("trailing-in-digestinfo",
                 tlv(0x30, tlv(0x30, alg + b"\x05\x00") + tlv(0x04, dg) + b"\x00"),
                 "a byte after the digest inside DigestInfo"),
                ("trailing-after-digestinfo", di + b"\x00",
                 "a byte after DigestInfo (hiding room for a forgery)"),
                ("digest-short", digest_info(hname, dg[:-1]), "digest one byte short"),
                ("digest-long", digest_info(hname, dg + b"\x00"), "digest one byte long")):
            case(name, enc(t), "invalid", "DigestInfo", why)
        for name, em, why in (
                ("block-type-2", pkcs1_em(di, bt=2), "block type 02 (encryption) instead of 01"),
                ("block-type-0", pkcs1_em(di, bt=0), "block type 00"),
                ("first-byte-1", pkcs1_em(di, lead=b"\x01")[:1] + b"\x01" +
                 pkcs1_em(di)[2:], "first byte 01, not 00"),
                ("ps-has-zero", (lambda b: b[:20] + b"\x00" + b[21:])(pkcs1_em(di)),
                 "a zero byte inside the FF padding"),
                ("ps-has-fe", (lambda b: b[:20] + b"\xfe" + b[21:])(pkcs1_em(di)),
                 "an FE byte inside the FF padding"),
                ("ps-all-zero", pkcs1_em(di, fill=0), "padding of zeros"),
                ("no-separator", pkcs1_em(di, sep=b"\xff"), "no 00 between padding and "
                 "DigestInfo"),
                ("garbage-after-separator", b"\x00\x01" + b"\xff" * 8 + b"\x00" +
                 bytes(RNG.getrandbits(8) | 1 for _ in range(K - 11 - len(di))) + di,
                 "garbage between the separator and DigestInfo (Bleichenbacher 2006)"),
                ("ps-short-leading-zeros", bytes(K - len(di) - 9) + b"\x01" + b"\xff" * 7 +
                 b"\x00" + di, "padding shorter than 8 bytes, zeros in front")):
            assert len(em) == K
            case(name, sign_em(em), "invalid", "padding", why)
        s_int = int.from_bytes(good, "big")
        n = RSA["n"]
        for name, sig, why in (
                ("sig-leading-zero", b"\x00" + good, "signature one byte longer than the modulus"),
                ("sig-truncated", good[:-1], "signature one byte short"),
                ("sig-empty", b"", "no signature"),
                ("sig-zero", bytes(K), "s = 0"),
                ("sig-one", (1).to_bytes(K, "big"), "s = 1"),
                ("sig-n-minus-1", (n - 1).to_bytes(K, "big"), "s = n - 1"),
                ("sig-n", n.to_bytes(K, "big"), "s = n (RFC 8017 §5.2.2: s < n)"),
                ("sig-plus-n", (s_int + n).to_bytes(K + 1, "big").lstrip(b"\x00").rjust(K, b"\0")
                 if s_int + n < (1 << 2048) else None, "s + n: right mod n, out of range")):
            if sig is None:
                continue
            case(name, sig, "invalid", "signature size and range", why)
    # A signature whose value has a zero first byte: valid at full length only.
    hname = "SHA256"
    for i in range(4000):
        dg = digest(hname, b"mutls pkcs1 short %d" % i)
        sig = sign_em(pkcs1_em(digest_info(hname, dg)))
        if sig[0] == 0:
            emit("rsa2048-pkcs1-sha256-sig-top-zero", "pkcs1", "signature size and range",
                 "valid", "a signature whose first byte is zero, sent at full length",
                 hash=hname, digest=dg, sig=sig)
            emit("rsa2048-pkcs1-sha256-sig-top-zero-stripped", "pkcs1",
                 "signature size and range", "invalid",
                 "the same signature without its zero first byte (RFC 8017 §8.2.2: length k)",
                 hash=hname, digest=dg, sig=sig[1:])
            break
    else:
        raise SystemExit("no signature with a zero first byte")


# ------------------------------------------------------------------ RSASSA-PSS (RFC 8017 §9.1)


def mgf1(hname, seed, length):
    out, i = b"", 0
    while len(out) < length:
        out += hashlib.new(HASHES.get(hname, hname), seed + i.to_bytes(4, "big")).digest()
        i += 1
    return out[:length]


def pss_em(hname, dg, salt, mgf_hash=None, trailer=0xBC, top_bit=False, ps_byte=0,
           sep=1, flip_h=False, em_bits=2047):
    """EMSA-PSS-ENCODE (RFC 8017 §9.1.1) into emLen = K bytes; the 8 emLen - emBits top bits
    of maskedDB are cleared (one bit for the 2048-bit key, none for the 2049-bit one)."""
    hl = len(dg)
    em_len = K
    h = hashlib.new(HASHES[hname], bytes(8) + dg + salt).digest()
    if flip_h:
        h = bytes([h[0] ^ 1]) + h[1:]
    ps = bytearray(em_len - len(salt) - hl - 2)
    if ps_byte and ps:
        ps[len(ps) // 2] = ps_byte
    db = bytes(ps) + bytes([sep]) + salt
    mask = mgf1(mgf_hash or hname, h, len(db))
    masked = bytearray(a ^ b for a, b in zip(db, mask))
    masked[0] &= 0xFF >> (8 * em_len - em_bits)
    if top_bit:
        masked[0] |= 0x80
    return bytes(masked) + h + bytes([trailer])


def gen_pss():
    for hname in ("SHA256", "SHA384", "SHA512"):
        tag = "rsa2048-pss-" + hname.lower()
        dg = digest(hname, b"mutls pss " + tag.encode())
        hl = len(dg)
        salt = bytes(RNG.getrandbits(8) for _ in range(hl))

        def case(name, em, expect, category, reason, dgst=dg, sig=None):
            if sig is None:
                sig = sign_em(em)
            emit("%s-%s" % (tag, name), "pss", category, expect, reason, hash=hname,
                 salt_len=hl, digest=dgst, sig=sig)

        good_em = pss_em(hname, dg, salt)
        case("valid", good_em, "valid", "baseline",
             "salt as long as the digest, MGF1 with the same hash (RFC 8446 §4.2.3)")
        case("valid-zero-salt-bytes", pss_em(hname, dg, bytes(hl)), "valid", "baseline",
             "a salt of zero bytes, right length")
        case("modified-digest", good_em, "invalid", "baseline", "the digest differs",
             dgst=bytes([dg[0] ^ 1]) + dg[1:])
        for name, em, why in (
                ("salt-empty", pss_em(hname, dg, b""), "salt length 0, verifier expects %d" % hl),
                ("salt-short", pss_em(hname, dg, salt[:-1]), "salt one byte short"),
                ("salt-long", pss_em(hname, dg, salt + b"\x00"), "salt one byte long"),
                ("mgf-sha1", pss_em(hname, dg, salt, mgf_hash="sha1"), "MGF1 with SHA-1"),
                ("mgf-other", pss_em(hname, dg, salt,
                                     mgf_hash="SHA512" if hname != "SHA512" else "SHA256"),
                 "MGF1 with another SHA-2"),
                ("trailer-cc", pss_em(hname, dg, salt, trailer=0xCC), "trailer byte CC, not BC"),
                ("ps-nonzero", pss_em(hname, dg, salt, ps_byte=1), "a nonzero byte in PS"),
                ("separator-2", pss_em(hname, dg, salt, sep=2), "02 where the 01 separator is"),
                ("h-modified", pss_em(hname, dg, salt, flip_h=True), "H does not match")):
            case(name, em, "invalid", "encoding", why)
        while True:  # a salt whose EM, with its top bit set, still lies below n
            top = pss_em(hname, dg, bytes(RNG.getrandbits(8) for _ in range(hl)), top_bit=True)
            if int.from_bytes(top, "big") < RSA["n"]:
                break
        case("top-bit-set", top, "invalid", "encoding",
             "the leftmost bit of EM set (emBits = modBits - 1)")
        good = sign_em(good_em)
        n = RSA["n"]
        for name, sig, why in (("sig-leading-zero", b"\x00" + good, "one byte too long"),
                               ("sig-truncated", good[:-1], "one byte short"),
                               ("sig-zero", bytes(K), "s = 0"),
                               ("sig-n", n.to_bytes(K, "big"), "s = n")):
            case(name, None, "invalid", "signature size and range", why, sig=sig)
        # PKCS#1 v1.5 signature presented as PSS.
        case("pkcs1-as-pss", pkcs1_em(digest_info(hname, dg)), "invalid", "scheme confusion",
             "a PKCS#1 v1.5 signature checked as PSS")


# ------------------------------------------------------------------ premaster (RFC 5246 §7.4.7.1)


def gen_premaster():
    n, e = RSA["n"], RSA["e"]

    def enc_raw(m_bytes):
        return pow(int.from_bytes(m_bytes, "big"), e, n).to_bytes(K, "big")

    def block(msg, bt=2, lead=0, zero_at=None):
        ps = bytes(RNG.randrange(1, 256) for _ in range(K - 3 - len(msg)))
        em = bytearray(bytes([lead, bt]) + ps + b"\x00" + msg)
        if zero_at is not None:
            em[zero_at] = 0
        return bytes(em)

    pm = b"\x03\x03" + bytes(RNG.getrandbits(8) for _ in range(46))

    def case(name, ct, expect, category, reason, plain=None):
        f = dict(version="0303", ct=ct)
        if plain is not None:
            f["plain"] = plain
        emit("premaster-" + name, "premaster", category, expect, reason, **f)

    case("valid", enc_raw(block(pm)), "valid", "baseline", "a well-formed block", plain=pm)
    for name, em, why in (
            ("version-0301", block(b"\x03\x01" + pm[2:]), "premaster names TLS 1.0, hello 1.2"),
            ("version-0203", block(b"\x02\x03" + pm[2:]), "wrong major version"),
            ("first-byte-1", block(pm, lead=1), "first byte 01"),
            ("block-type-1", block(pm, bt=1), "block type 01 (signature), not 02"),
            ("block-type-0", block(pm, bt=0), "block type 00"),
            ("zero-in-ps", block(pm, zero_at=20), "a zero byte inside PS: message too long"),
            ("msg-47", block(pm[:47]), "a 47-byte message"),
            ("msg-49", block(pm + b"\x00"), "a 49-byte message"),
            ("msg-empty", block(b""), "an empty message"),
            ("no-separator", (lambda b: b[:K - 49] + b"\x11" + b[K - 48:])(block(pm)),
             "no 00 before the message")):
        case(name, enc_raw(em), "invalid", "padding and version", why)
    for name, ct, why in (("ct-zero", bytes(K), "ciphertext 0"),
                          ("ct-n", n.to_bytes(K, "big"), "ciphertext = n (not below the modulus)"),
                          ("ct-ones", b"\xff" * K, "ciphertext above n"),
                          ("ct-short", enc_raw(block(pm))[1:], "one byte short"),
                          ("ct-long", b"\x00" + enc_raw(block(pm)), "one byte long")):
        case(name, ct, "invalid", "ciphertext size and range", why)


def gen_pss_odd():
    """A 2049-bit modulus: emBits = 2048, so EM is 256 bytes while the signature is 257 and
    m = s^e must fit in 256 bytes (RFC 8017 §8.1.2 step 2b: I2OSP fails otherwise)."""
    global RSA, K
    saved = (RSA, K)
    RSA = RSA2049
    hname = "SHA256"
    tag = "rsa2049-pss-sha256"
    dg = digest(hname, b"mutls pss odd")
    hl = len(dg)

    def em256():
        global K
        K = 256  # pss_em builds emLen = K bytes
        em = pss_em(hname, dg, bytes(RNG.getrandbits(8) for _ in range(hl)), em_bits=2048)
        K = 257
        return em

    def case(name, expect, why, m):
        emit("%s-%s" % (tag, name), "pss", "odd modulus size", expect, why, key="rsa2049",
             hash=hname, salt_len=hl, digest=dg, sig=sign_em(m))

    for i in range(3):
        case("valid-%d" % i, "valid", "2049-bit modulus: a 256-byte EM in a 257-byte signature",
             b"\x00" + em256())
    for i in range(2):
        while True:
            em = em256()
            if int.from_bytes(b"\x01" + em, "big") < RSA["n"]:
                break
        case("em-too-long-%d" % i, "invalid",
             "m = 2^2048 + a valid EM: m does not fit in emLen = 256 bytes", b"\x01" + em)
    RSA, K = saved
