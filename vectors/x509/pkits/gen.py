#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Rebuild NIST PKITS (RFC 5280 path validation) cases for mutls: vectors/x509/pkits.

NIST's Public Key Interoperability Test Suite names each test after what its certificates
carry ("InvalidcAFalseTest2", "ValiddistributionPointTest4", ...) and gives the verdict under
the default settings (initial-policy-set anyPolicy, no explicit policy, every certificate's
revocation checked with CRLs). PKITS's files are binary and not ours to copy (the 2004
edition is RSA-1024 / SHA-1, which mutls refuses by policy; the 2011 edition RSA-2048 /
SHA-256), so this script makes equivalents with RSA-2048 and SHA-256: the same trust anchor
name, the same chain shapes, CRLs and the one property each test is about. Where the
published description leaves a detail open, the choice made here is written beside the case.
End certificates that are themselves CAs (4.6.6/8/10/12/14, 4.14.11/13) carry the TLS key
usages as well, so that the path rule decides and not the TLS purpose check.
DSA (4.1.4-4.1.6) is not built. Policies (4.8-4.12, cases_policy.py) are built with every
setting PKITS lists for a test (the SETTINGS column), without CRLs: those sections are about
the policy tree, and revocation is exercised everywhere else.

Files: gen.py (this driver), pkits_lib.py (keys, DER edits, certificate and CRL builders),
cases_basic.py (4.1-4.7), cases_policy.py (4.8-4.12), cases_more.py (4.13-4.16).

Outputs (committed; a rerun writes the same bytes):
  ta.pem              the trust anchor ("Trust Anchor"), self-signed
  cases/<num>.pem     one bundle per test: the end-entity certificate first, then the
                      intermediates, then every CRL the test supplies (the anchor's CRL too)
  cases/deeper-4.6.17.pem  not a PKITS test: 4.6.17 one CA rollover deeper, which mutls
                      refuses (its CRL signer search nests two levels); same layout
  manifest.txt        NUM NAME SETTINGS PKITS-VERDICT MUTLS-VERDICT NOTE
  keys.txt            the RSA keys, made once (name and PKCS#8 DER in base64)

The MUTLS column is what `mutls verify --crl-check all` answers today; pass
--mutls PATH/TO/mutls to refresh it (otherwise the existing column is kept).
Run from anywhere: python3 vectors/x509/pkits/gen.py [--mutls build/examples/mutls]
"""
import os
import sys
import warnings

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from pkits_lib import (CASES, HERE, TA_CRL, TIME, crl, load_keys, mutls_verdict,  # noqa: E402
                       numkey, pem, save_keys)
from cases_basic import build, build_deeper_rollover  # noqa: E402
from cases_more import build_delta_and_private, build_dp, build_nc  # noqa: E402
from cases_policy import build_policies  # noqa: E402

# Where mutls and PKITS part, with the RFC 5280 rule at stake (checked against the verdicts
# whenever --mutls is given; the manifest notes carry these words).
BY_DESIGN_IDX = "CRL refused when loaded: mutls takes no %s (x509_crl.h; by design)"
KNOWN = {
    "4.4.14": "POLICY: negative serial refused, 4.1.2.2 makes positive serials a CA MUST",
    "4.6.4": "POLICY: CA with basicConstraints not critical (4.2.1.9 CA MUST; x509-limbo refuses it)",
}
for n in ("4.14.18", "4.14.19"):
    KNOWN[n] = BY_DESIGN_IDX % "onlySomeReasons partitions (5.2.5)"
for n in ("4.14.22", "4.14.24", "4.14.25", "4.14.28", "4.14.29", "4.14.30", "4.14.33"):
    KNOWN[n] = BY_DESIGN_IDX % "indirect CRLs (5.2.5, 5.3.3)"
for n in ("4.15.2", "4.15.5", "4.15.7", "4.15.8"):
    KNOWN[n] = BY_DESIGN_IDX % "delta CRLs (5.2.4)"


# Not a PKITS test: cases/DEEPER is 4.6.17 one rollover deeper, which mutls refuses
# (cases_basic.build_deeper_rollover; tests/test_x509_pkits.c checks it).
DEEPER = "deeper-4.6.17.pem"


def main():
    warnings.simplefilter("ignore")  # the negative serials of 4.4.14/15 are meant
    tool = None
    if len(sys.argv) == 3 and sys.argv[1] == "--mutls":
        tool = os.path.abspath(sys.argv[2])
    load_keys()
    ta, ta_revoked = build()
    good = next(c for c in CASES if c[0] == "4.1.1")[4][0]
    good_crl = next(c for c in CASES if c[0] == "4.1.1")[5][0]
    build_nc(ta)
    build_dp(ta, good, good_crl)
    build_delta_and_private(ta)
    build_policies(ta)
    ta_crl = crl("TrustAnchorRootCRL", ta, ta_revoked)
    deeper = build_deeper_rollover(ta)
    save_keys()
    old = {}
    mpath = os.path.join(HERE, "manifest.txt")
    if os.path.exists(mpath):
        for line in open(mpath):
            if line[0].isdigit():
                f = line.split(None, 5)
                old[(f[0], f[2])] = f[4]
    os.makedirs(os.path.join(HERE, "cases"), exist_ok=True)
    ta_path = os.path.join(HERE, "ta.pem")
    with open(ta_path, "w") as f:
        f.write(pem("CERTIFICATE", ta.der))
    lines, bad = [], []
    for num, name, verdict, leaf, inters, crls, note, settings in sorted(
            CASES, key=lambda c: numkey(c[0])):
        crls = [ta_crl if c == TA_CRL else c for c in crls]
        with open(os.path.join(HERE, "cases", num + ".pem"), "w") as f:
            f.write("".join(pem("CERTIFICATE", c.der) for c in [leaf] + inters))
            f.write("".join(pem("X509 CRL", c.der) for c in crls))
        got = (mutls_verdict(tool, ta_path, leaf, inters, crls, settings) if tool
               else old.get((num, settings), "?"))
        known = KNOWN.get(num + "/" + settings, KNOWN.get(num))
        if ((got == "ok") != (verdict == "valid")) != (known is not None):
            bad.append("%s %s: PKITS %s, mutls %s, %s in KNOWN" % (
                num, settings, verdict, got, "listed" if known else "not"))
        if known:
            note = "KNOWN DIFFERENCE: %s%s" % (known, "" if note == "-" else "; " + note)
        lines.append("%s %s %s %s %s %s" % (num, name, settings, verdict, got, note))
    leaf, inters, crls = deeper
    crls = crls + [ta_crl]
    with open(os.path.join(HERE, "cases", DEEPER), "w") as f:
        f.write("".join(pem("CERTIFICATE", c.der) for c in [leaf] + inters))
        f.write("".join(pem("X509 CRL", c.der) for c in crls))
    if tool:
        got = mutls_verdict(tool, ta_path, leaf, inters, crls)
        if got != "crl_missing":
            bad.append("%s: mutls %s, not crl_missing" % (DEEPER, got))
    with open(mpath, "w") as f:
        f.write(HEADER)
        f.write("\n".join(lines) + "\n")
    print("%d cases, %d known differences" % (len(lines), len(KNOWN)))
    if bad:
        print("verdicts and KNOWN disagree (update KNOWN with the rule at stake):\n  " + "\n  ".join(bad))
        sys.exit(1)


HEADER = """# SPDX-License-Identifier: MIT
# NIST PKITS rebuilt for mutls (generated by gen.py; edit gen.py, not this file). One case a line:
#   NUM NAME SETTINGS PKITS MUTLS NOTE
# NUM/NAME: the PKITS test; its bundle is cases/NUM.pem (end certificate, intermediates, CRLs;
# the anchor is ta.pem). SETTINGS: the RFC 5280 6.1.1 inputs, "-" for PKITS's defaults, else
# comma-joined: explicit (initial-explicit-policy), inhibit-mapping, inhibit-any, pN
# (NIST-test-policy-N, 2.16.840.1.101.3.2.1.48.N, in the initial-policy-set); a test PKITS
# runs under several settings has a line for each. PKITS: the verdict PKITS gives there.
# MUTLS: what `mutls verify --crl-check all --time 1800000000` answers with the settings'
# options (--explicit-policy, --inhibit-policy-mapping, --inhibit-any-policy, --policy OID):
# ok or the error name (load:... when a CRL is refused as it is loaded). NOTE: what this
# rebuild chose where PKITS's description leaves room; "KNOWN DIFFERENCE: rule" first where
# mutls and PKITS part.
# tests/test_x509_pkits.c checks every line, and that exactly the differing cases say so.
"""

if __name__ == "__main__":
    main()

