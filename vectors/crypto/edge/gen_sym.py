# SPDX-License-Identifier: MIT
"""gen_sym.py - gen.py's symmetric part: the TLS AEAD cases (lengths, modified tags, tags and
Poly1305 accumulators steered to edge values) and HMAC at block-boundary lengths, computed
with symref.py and Python's hmac."""
import symref

from common import RNG, emit

# ------------------------------------------------------------------ AEAD


def gen_aead():
    for cipher, klen in (("AES128-GCM", 16), ("AES256-GCM", 32), ("CHACHA20-POLY1305", 32)):
        tag = "aead-" + cipher.lower()
        key = bytes(RNG.getrandbits(8) for _ in range(klen))

        def rb(nb):
            return bytes(RNG.getrandbits(8) for _ in range(nb))

        def case(name, k, nonce, aad, pt, expect, category, reason, ct=None, tg=None):
            c2, t2 = symref.seal(cipher, k, nonce, aad, pt)
            emit("%s-%s" % (tag, name), "aead", category, expect, reason, cipher=cipher, key=k,
                 nonce=nonce, aad=aad, pt=pt, ct=ct if ct is not None else c2,
                 tag=tg if tg is not None else t2)

        for name, alen, plen, why in (
                ("empty-empty", 0, 0, "no AAD, no plaintext: the tag alone"),
                ("empty-pt", 13, 0, "TLS AAD, empty record (AAD padding still applies)"),
                ("pt-1", 13, 1, "one byte"), ("pt-16", 13, 16, "one block"),
                ("pt-17", 13, 17, "a block and a byte"), ("pt-64", 13, 64, "a ChaCha20 block"),
                ("pt-65", 13, 65, "past a ChaCha20 block"),
                ("pt-1025", 13, 1025, "past the GCM slice"),
                ("pt-2048", 13, 2048, "two slices"),
                ("aad-1", 1, 20, "one byte of AAD"), ("aad-16", 16, 20, "a block of AAD"),
                ("aad-17", 17, 20, "AAD past a block"), ("aad-65", 65, 33, "long AAD"),
                ("aad-300", 300, 0, "long AAD, empty plaintext"),
                ("aad-1000", 1000, 100, "very long AAD")):
            case(name, key, rb(12), rb(alen), rb(plen), "valid", "lengths", why)
        case("nonce-ones", key, b"\xff" * 12, rb(13), rb(40), "valid", "special nonce and key",
             "nonce all ones (the GCM counter's low word starts at 2 and must wrap alone)")
        case("nonce-zero", key, bytes(12), rb(13), rb(40), "valid", "special nonce and key",
             "nonce all zeros")
        case("key-ones", b"\xff" * klen, rb(12), rb(13), rb(40), "valid", "special nonce and key",
             "key all ones")
        nonce, aad, pt = rb(12), rb(13), rb(37)
        ct, tg = symref.seal(cipher, key, nonce, aad, pt)
        flip = lambda b, i, m: b[:i] + bytes([b[i] ^ m]) + b[i + 1:]  # noqa: E731
        for name, kw, why in (
                ("tag-bit0", dict(tg=flip(tg, 0, 1)), "first tag bit flipped"),
                ("tag-bit127", dict(tg=flip(tg, 15, 0x80)), "last tag bit flipped"),
                ("tag-zero", dict(tg=bytes(16)), "tag all zeros"),
                ("tag-ones", dict(tg=b"\xff" * 16), "tag all ones"),
                ("tag-of-empty", dict(tg=symref.seal(cipher, key, nonce, aad, b"")[1]),
                 "the tag of the empty message"),
                ("ct-flip", dict(ct=flip(ct, 3, 4)), "a ciphertext bit flipped"),
                ("ct-last-flip", dict(ct=flip(ct, len(ct) - 1, 0x80)), "the last ciphertext bit"),
                ("ct-truncated", dict(ct=ct[:-1]), "the last ciphertext byte dropped")):
            case(name, key, nonce, aad, pt, "invalid", "modified tag or ciphertext", why, **kw)
        case("aad-flip", key, nonce, flip(aad, 0, 1), pt, "invalid",
             "modified tag or ciphertext", "AAD changed after sealing", ct=ct, tg=tg)
        case("nonce-flip", key, flip(nonce, 11, 1), aad, pt, "invalid",
             "modified tag or ciphertext", "nonce changed after sealing", ct=ct, tg=tg)
        et = symref.seal(cipher, key, nonce, aad, b"")[1]
        case("empty-tag-flip", key, nonce, aad, b"", "invalid", "modified tag or ciphertext",
             "empty record with its tag's middle bit flipped", tg=flip(et, 8, 0x10))


def gen_aead_chosen():
    """Valid records whose ciphertext was chosen so that the authenticator hits edge values:
    GHASH outputs and Poly1305 accumulators at 0, 1, p - 1, 2^128 and the like, where carry
    and final-reduction mistakes show (Wycheproof's "special case tag" idea). The plaintext
    is whatever the chosen ciphertext decrypts to."""
    def rb(nb):
        return bytes(RNG.getrandbits(8) for _ in range(nb))

    def blk(v):
        return v.to_bytes(16, "big")

    for cipher, klen in (("AES128-GCM", 16), ("AES256-GCM", 32)):
        key, nonce, aad = rb(klen), rb(12), rb(13)
        h, ej0 = symref.gcm_parts(key, nonce)
        hinv = symref.gf128_inv(h)
        lens = int.from_bytes((8 * 13).to_bytes(8, "big") + (8 * 32).to_bytes(8, "big"), "big")
        for name, t in (("tag-zero", 0), ("tag-ones", (1 << 128) - 1), ("tag-one", 1),
                        ("tag-top", 1 << 127), ("ghash-zero", ej0), ("ghash-one", ej0 ^ 1 << 127)):
            c1 = rb(16)
            y_a = symref.ghash_int(h, aad + bytes(3) + c1)
            y2 = symref.gf128_mul(t ^ ej0, hinv) ^ lens
            c2 = blk(symref.gf128_mul(y2, hinv) ^ y_a)
            ct = c1 + c2
            pt = bytes(a ^ b for a, b in zip(ct, symref.gcm_keystream(key, nonce, 32)))
            assert symref.seal(cipher, key, nonce, aad, pt) == (ct, blk(t))
            emit("aead-%s-chosen-%s" % (cipher.lower(), name), "aead", "special case tag", "valid",
                 "ciphertext chosen so that %s" % ("the tag is %032x" % t if name.startswith("tag")
                                                   else "GHASH gives %s" % name[6:]),
                 cipher=cipher, key=key, nonce=nonce, aad=aad, pt=pt, ct=ct, tag=blk(t))

    cipher = "CHACHA20-POLY1305"
    p = symref.P1305
    key, nonce, aad = rb(32), rb(12), rb(13)
    r, s_key = symref.chacha_poly_key(key, nonce)
    rinv = pow(r, -1, p)
    lens = int.from_bytes((13).to_bytes(8, "little") + (48).to_bytes(8, "little"), "little")
    one = 1 << 128

    def le(v):
        return v.to_bytes(16, "little")

    def step_back(target, prev):
        """The block c with (prev + c + 2^128) r = target, or None when it is not 16 bytes."""
        c = (target * rinv - prev - one) % p
        return c if c < one else None

    def record(name, ct, why):
        pt = bytes(a ^ b for a, b in zip(ct, symref.chacha_keystream(key, nonce, len(ct))))
        c2, t2 = symref.seal(cipher, key, nonce, aad, pt)
        assert c2 == ct
        emit("aead-chacha20-poly1305-chosen-%s" % name, "aead", "special case tag", "valid", why,
             cipher=cipher, key=key, nonce=nonce, aad=aad, pt=pt, ct=ct, tag=t2)

    # The final accumulator (before s is added) at edge values.
    for name, target in (("acc-zero", 0), ("acc-one", 1), ("acc-p-1", p - 1),
                         ("acc-2^128-1", one - 1), ("acc-2^128", one), ("acc-2^129", 1 << 129),
                         ("acc-p-2^128", p - one), ("acc-tag-wraps", (one - s_key) % one)):
        a4 = (target * rinv - lens - one) % p
        while True:
            c1, c2 = rb(16), rb(16)
            a3 = symref.poly1305_acc(r, aad + bytes(3) + c1 + c2)
            c3 = step_back(a4, a3)
            if c3 is not None:
                break
        record(name, c1 + c2 + le(c3), "ciphertext chosen so that the Poly1305 accumulator "
               "ends at %s" % name[4:])
    # An intermediate accumulator at edge values (the blocks after it are random).
    for name, target in (("mid-zero", 0), ("mid-p-1", p - 1), ("mid-2^128", one),
                         ("mid-2^130-6", (1 << 130) - 6)):
        target %= p
        while True:
            c1 = rb(16)
            a2 = symref.poly1305_acc(r, aad + bytes(3) + c1)
            c2 = step_back(target, a2)
            if c2 is not None:
                break
        record(name, c1 + le(c2) + rb(16), "ciphertext chosen so that the accumulator after "
               "the second ciphertext block is %s" % name[4:])


def gen_hmac():
    """HMAC (RFC 2104) at the lengths where a Merkle-Damgard implementation goes wrong: keys
    around the block size (longer ones are hashed first) and messages that put the 0x80 byte
    and the length field at or across a block boundary, for the hashes of the TLS CBC suites.
    mutls checks each with mutls_hmac_once and with the constant-time mutls_hmac_ct, whose
    masked final blocks are our own code (RFC 7366 §1 context)."""
    import hmac as hmac_mod
    for hname, block in (("SHA1", 64), ("SHA256", 64), ("SHA384", 128)):
        py = {"SHA1": "sha1", "SHA256": "sha256", "SHA384": "sha384"}[hname]
        keys = (0, 1, 20, block - 1, block, block + 1, 2 * block + 3)
        lens = sorted({13, 14, block - 9, block - 8, block - 1, block, block + 1,
                       2 * block - 17, 2 * block - 16, 2 * block, 300})
        for i, mlen in enumerate(lens):
            klen = keys[i % len(keys)]
            key = bytes(RNG.getrandbits(8) for _ in range(klen))
            msg = bytes(RNG.getrandbits(8) for _ in range(mlen))
            emit("hmac-%s-key%d-msg%d" % (hname.lower(), klen, mlen), "hmac", "lengths", "valid",
                 "key of %d bytes, message of %d (block %d)" % (klen, mlen, block), hash=hname,
                 key=key, msg=msg, mac=hmac_mod.new(key, msg, py).digest())
