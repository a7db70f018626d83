# SPDX-License-Identifier: MIT
"""
symref.py - a small, slow, independent model of the TLS AEADs for gen.py: AES (FIPS 197, its
S-box computed from the field inverse rather than tabulated), AES-GCM with a 96-bit nonce
(NIST SP 800-38D §7.1), ChaCha20 and Poly1305 combined as in RFC 8439 §2.8. Only what the
edge-case generator needs; checked by gen.py against the committed vectors/crypto/aead.txt
before it writes anything.
"""


def _xtime(a):
    a <<= 1
    return (a ^ 0x11B) if a & 0x100 else a


def _gmul(a, b):
    r = 0
    while b:
        if b & 1:
            r ^= a
        a = _xtime(a)
        b >>= 1
    return r


def _make_sbox():
    box = []
    for a in range(256):
        inv = 0
        if a:
            inv = 1
            for _ in range(254):  # a^254 = a^-1 in GF(2^8)
                inv = _gmul(inv, a)
        s = inv
        for k in range(1, 5):
            s ^= ((inv << k) | (inv >> (8 - k))) & 0xFF
        box.append(s ^ 0x63)
    return box


SBOX = _make_sbox()


def aes_expand(key):
    nk = len(key) // 4
    rounds = nk + 6
    w = [list(key[4 * i:4 * i + 4]) for i in range(nk)]
    rcon = 1
    for i in range(nk, 4 * (rounds + 1)):
        t = list(w[i - 1])
        if i % nk == 0:
            t = [SBOX[b] for b in t[1:] + t[:1]]
            t[0] ^= rcon
            rcon = _xtime(rcon)
        elif nk > 6 and i % nk == 4:
            t = [SBOX[b] for b in t]
        w.append([a ^ b for a, b in zip(w[i - nk], t)])
    return [sum(w[4 * r:4 * r + 4], []) for r in range(rounds + 1)]


def aes_block(rk, block):
    s = [a ^ b for a, b in zip(block, rk[0])]
    for r in range(1, len(rk)):
        s = [SBOX[b] for b in s]
        s = [s[(i + 4 * (i % 4)) % 16] for i in range(16)]  # ShiftRows, column-major state
        if r != len(rk) - 1:
            m = []
            for c in range(4):
                a = s[4 * c:4 * c + 4]
                m += [_gmul(a[0], 2) ^ _gmul(a[1], 3) ^ a[2] ^ a[3],
                      a[0] ^ _gmul(a[1], 2) ^ _gmul(a[2], 3) ^ a[3],
                      a[0] ^ a[1] ^ _gmul(a[2], 2) ^ _gmul(a[3], 3),
                      _gmul(a[0], 3) ^ a[1] ^ a[2] ^ _gmul(a[3], 2)]
            s = m
        s = [a ^ b for a, b in zip(s, rk[r])]
    return bytes(s)


def _gf128_mul(x, y):
    z, v = 0, y
    for i in range(127, -1, -1):
        if (x >> i) & 1:
            z ^= v
        v = (v >> 1) ^ (0xE1 << 120) if v & 1 else v >> 1
    return z


def _ghash(h, data):
    y = 0
    for i in range(0, len(data), 16):
        blk = data[i:i + 16]
        blk += bytes(16 - len(blk))
        y = _gf128_mul(y ^ int.from_bytes(blk, "big"), h)
    return y


def _pad16(b):
    return b + bytes(-len(b) % 16)


def gcm_seal(key, nonce, aad, pt):
    rk = aes_expand(key)
    h = int.from_bytes(aes_block(rk, bytes(16)), "big")
    ct = bytearray()
    for i in range(0, len(pt), 16):
        ks = aes_block(rk, nonce + (i // 16 + 2).to_bytes(4, "big"))
        ct += bytes(a ^ b for a, b in zip(pt[i:i + 16], ks))
    ct = bytes(ct)
    lens = (8 * len(aad)).to_bytes(8, "big") + (8 * len(ct)).to_bytes(8, "big")
    s = _ghash(h, _pad16(aad) + _pad16(ct) + lens)
    tag = (s ^ int.from_bytes(aes_block(rk, nonce + b"\0\0\0\1"), "big")).to_bytes(16, "big")
    return ct, tag


def _rotl32(v, c):
    return ((v << c) | (v >> (32 - c))) & 0xFFFFFFFF


def chacha20_block(key, counter, nonce):
    st = [0x61707865, 0x3320646E, 0x79622D32, 0x6B206574]
    st += [int.from_bytes(key[4 * i:4 * i + 4], "little") for i in range(8)]
    st += [counter] + [int.from_bytes(nonce[4 * i:4 * i + 4], "little") for i in range(3)]
    x = list(st)

    def qr(a, b, c, d):
        x[a] = (x[a] + x[b]) & 0xFFFFFFFF; x[d] = _rotl32(x[d] ^ x[a], 16)
        x[c] = (x[c] + x[d]) & 0xFFFFFFFF; x[b] = _rotl32(x[b] ^ x[c], 12)
        x[a] = (x[a] + x[b]) & 0xFFFFFFFF; x[d] = _rotl32(x[d] ^ x[a], 8)
        x[c] = (x[c] + x[d]) & 0xFFFFFFFF; x[b] = _rotl32(x[b] ^ x[c], 7)

    for _ in range(10):
        qr(0, 4, 8, 12); qr(1, 5, 9, 13); qr(2, 6, 10, 14); qr(3, 7, 11, 15)
        qr(0, 5, 10, 15); qr(1, 6, 11, 12); qr(2, 7, 8, 13); qr(3, 4, 9, 14)
    return b"".join(((a + b) & 0xFFFFFFFF).to_bytes(4, "little") for a, b in zip(x, st))


def poly1305(key, msg):
    r = int.from_bytes(key[:16], "little") & 0x0FFFFFFC0FFFFFFC0FFFFFFC0FFFFFFF
    s = int.from_bytes(key[16:], "little")
    p = (1 << 130) - 5
    acc = 0
    for i in range(0, len(msg), 16):
        blk = msg[i:i + 16] + b"\1"
        acc = (acc + int.from_bytes(blk, "little")) * r % p
    return ((acc + s) & ((1 << 128) - 1)).to_bytes(16, "little")


def chacha_seal(key, nonce, aad, pt):
    otk = chacha20_block(key, 0, nonce)[:32]
    ct = bytearray()
    for i in range(0, len(pt), 64):
        ks = chacha20_block(key, i // 64 + 1, nonce)
        ct += bytes(a ^ b for a, b in zip(pt[i:i + 64], ks))
    ct = bytes(ct)
    mac = _pad16(aad) + _pad16(ct) + len(aad).to_bytes(8, "little") + len(ct).to_bytes(8, "little")
    return ct, poly1305(otk, mac)


def seal(cipher, key, nonce, aad, pt):
    if cipher == "CHACHA20-POLY1305":
        return chacha_seal(key, nonce, aad, pt)
    return gcm_seal(key, nonce, aad, pt)


# ------------------------------------------------------------------ internals for chosen tags

P1305 = (1 << 130) - 5


def chacha_poly_key(key, nonce):
    """(r, s) of the one-time Poly1305 key (RFC 8439 §2.6), r clamped."""
    otk = chacha20_block(key, 0, nonce)[:32]
    r = int.from_bytes(otk[:16], "little") & 0x0FFFFFFC0FFFFFFC0FFFFFFC0FFFFFFF
    return r, int.from_bytes(otk[16:], "little")


def chacha_keystream(key, nonce, length):
    out = b""
    i = 1
    while len(out) < length:
        out += chacha20_block(key, i, nonce)
        i += 1
    return out[:length]


def poly1305_acc(r, msg):
    """The accumulator mod p after all blocks of msg (a multiple of 16 bytes)."""
    acc = 0
    for i in range(0, len(msg), 16):
        acc = (acc + int.from_bytes(msg[i:i + 16] + b"\1", "little")) * r % P1305
    return acc


def gf128_mul(x, y):
    return _gf128_mul(x, y)


def gf128_inv(x):
    """x^(2^128 - 2) in GCM's field."""
    r, e = 1 << 127, (1 << 128) - 2  # 1 << 127 is the field's one in GCM's bit order
    while e:
        if e & 1:
            r = _gf128_mul(r, x)
        x = _gf128_mul(x, x)
        e >>= 1
    return r


def gcm_parts(key, nonce):
    """(H, E_K(J0)) for a 96-bit nonce, as integers."""
    rk = aes_expand(key)
    h = int.from_bytes(aes_block(rk, bytes(16)), "big")
    return h, int.from_bytes(aes_block(rk, nonce + b"\0\0\0\1"), "big")


def gcm_keystream(key, nonce, length):
    rk = aes_expand(key)
    out = b""
    i = 2
    while len(out) < length:
        out += aes_block(rk, nonce + i.to_bytes(4, "big"))
        i += 1
    return out[:length]


def ghash_int(h, data):
    return _ghash(h, data)
