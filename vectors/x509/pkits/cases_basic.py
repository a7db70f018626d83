# SPDX-License-Identifier: MIT
"""PKITS rebuild, sections 4.1-4.7: signatures, validity, names, CRLs, self-issued, basicConstraints, keyUsage (run by gen.py)."""
from pkits_lib import *  # noqa: F401,F403 - the builders this file is written in
from pkits_lib import _ASN1Type  # noqa: F401


def build():
    ta = make("TrustAnchor", dn("Trust Anchor"), None, ca=True)
    ta_revoked = []

    # -- 4.1 signature verification (DSA 4.1.4-4.1.6 skipped)
    good = ca("GoodCA", "Good CA", ta)
    e411 = ee("ValidCertificatePathTest1", good)
    bad_signed = ca("BadSignedCA", "Bad Signed CA", ta, bad_sig=True)
    e412 = ee("InvalidCASignatureTest2", bad_signed)
    e413 = ee("InvalidEESignatureTest3", good, bad_sig=True)
    # -- 4.2 validity periods
    bad_nb = ca("BadnotBeforeDateCA", "Bad notBefore Date CA", ta, nb=when(2047), na=when(2049))
    e421 = ee("InvalidCAnotBeforeDateTest1", bad_nb)
    e422 = ee("InvalidEEnotBeforeDateTest2", good, nb=when(2047), na=when(2049))
    e423 = ee("Validpre2000UTCnotBeforeDateTest3", good, nb=when(1950))
    e424 = ee("ValidGeneralizedTimenotBeforeDateTest4", good, nb=when(2002),
              edit=lambda t: replace_leaf(t, 0x17, b"020101120100Z", 0x18, b"20020101120100Z"))
    bad_na = ca("BadnotAfterDateCA", "Bad notAfter Date CA", ta, na=when(2011))
    e425 = ee("InvalidCAnotAfterDateTest5", bad_na)
    e426 = ee("InvalidEEnotAfterDateTest6", good, nb=when(2010), na=when(2011))
    e427 = ee("Invalidpre2000UTCEEnotAfterDateTest7", good, nb=when(1998), na=when(1999))
    e428 = ee("ValidGeneralizedTimenotAfterDateTest8", good, na=when(2050))
    crls_good = []  # GoodCA's CRL is made once its revoked certificates exist
    for num, name, leaf, inter in [
            ("4.1.1", "ValidCertificatePathTest1", e411, good),
            ("4.1.2", "InvalidCASignatureTest2", e412, bad_signed),
            ("4.1.3", "InvalidEESignatureTest3", e413, good),
            ("4.2.1", "InvalidCAnotBeforeDateTest1", e421, bad_nb),
            ("4.2.2", "InvalidEEnotBeforeDateTest2", e422, good),
            ("4.2.3", "Validpre2000UTCnotBeforeDateTest3", e423, good),
            ("4.2.4", "ValidGeneralizedTimenotBeforeDateTest4", e424, good),
            ("4.2.5", "InvalidCAnotAfterDateTest5", e425, bad_na),
            ("4.2.6", "InvalidEEnotAfterDateTest6", e426, good),
            ("4.2.7", "Invalidpre2000UTCEEnotAfterDateTest7", e427, good),
            ("4.2.8", "ValidGeneralizedTimenotAfterDateTest8", e428, good)]:
        crls_good.append((num, name, leaf, inter))
    own_crl = {}
    for c in (bad_signed, bad_nb, bad_na):
        own_crl[c.label] = crl(c.label + "CRL", c)

    # -- 4.3 name chaining
    e431 = ee("InvalidNameChainingTest1", good, issuer_name=dn("Good CA Root"))
    order_ca = ca("NameOrderingCA", None, ta,
                  subject=dn("Name Ordering CA", ous=("Organizational Unit1", "Organizational Unit2")))
    e432 = ee("InvalidNameChainingOrderTest2", order_ca,
              issuer_name=dn("Name Ordering CA", ous=("Organizational Unit2", "Organizational Unit1")))
    e433 = ee("ValidNameChainingWhitespaceTest3", good, issuer_name=dn("Good    CA"))
    e434 = ee("ValidNameChainingWhitespaceTest4", good, issuer_name=dn(" Good CA "))
    e435 = ee("ValidNameChainingCapitalizationTest5", good, issuer_name=dn("GOOD CA"))

    def add_uids(tbs):
        # issuerUniqueID [1] and subjectUniqueID [2] go before the extensions [3]
        tbs[1].insert(len(tbs[1]) - 1, [0x81, b"\x00\x01\x02\x03\x04"])
        tbs[1].insert(len(tbs[1]) - 1, [0x82, b"\x00\x05\x06\x07\x08"])

    uid_ca = ca("UIDCA", "UID CA", ta, edit=add_uids)
    e436 = ee("ValidNameUIDsTest6", uid_ca, edit=add_uids)
    mand = [x509.NameAttribute(NameOID.DOMAIN_COMPONENT, "gov"),
            x509.NameAttribute(NameOID.DOMAIN_COMPONENT, "testcertificates"),
            x509.NameAttribute(NameOID.STATE_OR_PROVINCE_NAME, "Maryland", _type=PS),
            x509.NameAttribute(NameOID.DN_QUALIFIER, "distinguisher", _type=PS),
            x509.NameAttribute(NameOID.SERIAL_NUMBER, "345", _type=PS)]
    mand_ca = ca("RFC3280MandatoryAttributeTypesCA", None, ta,
                 subject=dn("RFC3280 Mandatory Attribute Types CA", extra=mand))
    e437 = ee("ValidRFC3280MandatoryAttributeTypesTest7", mand_ca)
    opt = [x509.NameAttribute(ObjectIdentifier(o), v, _type=PS) for o, v in
           [("2.5.4.7", "Gaithersburg"), ("2.5.4.12", "M.D."), ("2.5.4.4", "Smith"),
            ("2.5.4.42", "John"), ("2.5.4.43", "JS"), ("2.5.4.65", "Jack"),
            ("2.5.4.44", "III")]]
    opt_ca = ca("RFC3280OptionalAttributeTypesCA", None, ta,
                subject=dn("RFC3280 Optional Attribute Types CA", extra=opt))
    e438 = ee("ValidRFC3280OptionalAttributeTypesTest8", opt_ca)
    utf_ca = ca("UTF8StringEncodedNamesCA", None, ta,
                subject=dn("UTF8String Encoded Names CA", kind=U8))
    e439 = ee("ValidUTF8StringEncodedNamesTest9", utf_ca,
              subject=dn("Valid UTF8String Encoded Names EE Certificate Test9", kind=U8))
    roll_ca = ca("RolloverfromPrintableStringtoUTF8StringCA", None, ta,
                 subject=dn("Rollover from PrintableString to UTF8String CA", kind=PS))
    e4310 = ee("ValidRolloverfromPrintableStringtoUTF8StringTest10", roll_ca,
               issuer_name=dn("Rollover from PrintableString to UTF8String CA", kind=U8))
    ci_ca = ca("UTF8StringCaseInsensitiveMatchCA", None, ta,
               subject=dn("UTF8String Case Insensitive Match CA", kind=U8))
    e4311 = ee("ValidUTF8StringCaseInsensitiveMatchTest11", ci_ca,
               issuer_name=dn("utf8string  case insensitive match ca", kind=U8,
                              org="test  certificates 2011"))
    for c in (order_ca, uid_ca, mand_ca, opt_ca, utf_ca, roll_ca, ci_ca):
        own_crl[c.label] = crl(c.label + "CRL", c)
    case("4.3.1", "InvalidNameChainingEETest1", "invalid", e431, [good], [], "GoodCRL")
    case("4.3.2", "InvalidNameChainingOrderTest2", "invalid", e432, [order_ca], [own_crl[order_ca.label]])
    case("4.3.3", "ValidNameChainingWhitespaceTest3", "valid", e433, [good], [], "GoodCRL")
    case("4.3.4", "ValidNameChainingWhitespaceTest4", "valid", e434, [good], [], "GoodCRL")
    case("4.3.5", "ValidNameChainingCapitalizationTest5", "valid", e435, [good], [], "GoodCRL")
    case("4.3.6", "ValidNameUIDsTest6", "valid", e436, [uid_ca], [own_crl[uid_ca.label]])
    case("4.3.7", "ValidRFC3280MandatoryAttributeTypesTest7", "valid", e437, [mand_ca], [own_crl[mand_ca.label]])
    case("4.3.8", "ValidRFC3280OptionalAttributeTypesTest8", "valid", e438, [opt_ca], [own_crl[opt_ca.label]])
    case("4.3.9", "ValidUTF8StringEncodedNamesTest9", "valid", e439, [utf_ca], [own_crl[utf_ca.label]])
    case("4.3.10", "ValidRolloverfromPrintableStringtoUTF8StringTest10", "valid", e4310, [roll_ca], [own_crl[roll_ca.label]])
    case("4.3.11", "ValidUTF8StringCaseInsensitiveMatchTest11", "valid", e4311, [ci_ca], [own_crl[ci_ca.label]])

    # -- 4.4 basic certificate revocation
    nocrl = ca("NoCRLCA", "No CRL CA", ta)
    e441 = ee("InvalidMissingCRLTest1", nocrl)
    revsub = ca("RevokedsubCA", "Revoked subCA", good)
    e442 = ee("InvalidRevokedCATest2", revsub)
    e443 = ee("InvalidRevokedEETest3", good)
    good_crl = crl("GoodCACRL", good, [rev(revsub), rev(e443)])
    for num, name, leaf, inter in crls_good:
        v = "valid" if name.startswith("Valid") else "invalid"
        cr = [good_crl] if inter is good else [own_crl[inter.label]]
        case(num, name, v, leaf, [inter], cr)
    # the 4.3 cases that use GoodCA: put its CRL in
    for i, c in enumerate(CASES):
        if c[6] == "GoodCRL":
            CASES[i] = c[:5] + ([good_crl] + c[5],) + ("-",) + c[7:]
    revsub_crl = crl("RevokedsubCACRL", revsub)
    case("4.4.1", "InvalidMissingCRLTest1", "invalid", e441, [nocrl], [])
    case("4.4.2", "InvalidRevokedCATest2", "invalid", e442, [revsub, good], [good_crl, revsub_crl])
    case("4.4.3", "InvalidRevokedEETest3", "invalid", e443, [good], [good_crl])
    badsig = ca("BadCRLSignatureCA", "Bad CRL Signature CA", ta)
    e444 = ee("InvalidBadCRLSignatureTest4", badsig)
    case("4.4.4", "InvalidBadCRLSignatureTest4", "invalid", e444, [badsig],
         [crl("BadCRLSignatureCACRL", badsig, [rev(e444)], bad_sig=True)])
    badname = ca("BadCRLIssuerNameCA", "Bad CRL Issuer Name CA", ta)
    e445 = ee("InvalidBadCRLIssuerNameTest5", badname)
    case("4.4.5", "InvalidBadCRLIssuerNameTest5", "invalid", e445, [badname],
         [crl("BadCRLIssuerNameCACRL", badname, issuer_name=dn("Wrong CRL Issuer Name CA"))])
    wrong = ca("WrongCRLCA", "Wrong CRL CA", ta)
    e446 = ee("InvalidWrongCRLTest6", wrong)
    case("4.4.6", "InvalidWrongCRLTest6", "invalid", e446, [wrong],
         [crl("WrongCRLCACRL", ta)], "the CA's CRL is a CRL of the anchor (as in PKITS)")
    two = ca("TwoCRLsCA", "Two CRLs CA", ta)
    e447 = ee("ValidTwoCRLsTest7", two)
    case("4.4.7", "ValidTwoCRLsTest7", "valid", e447, [two],
         [crl("TwoCRLsCAGoodCRL", two),
          crl("TwoCRLsCABadCRL", two, [rev(e447)], bad_sig=True, number=2)],
         "second CRL revokes the EE but its signature is bad")
    uee = ca("UnknownCRLEntryExtensionCA", "Unknown CRL Entry Extension CA", ta)
    e448 = ee("InvalidUnknownCRLEntryExtensionTest8", uee)
    case("4.4.8", "InvalidUnknownCRLEntryExtensionTest8", "invalid", e448, [uee],
         [crl("UnknownCRLEntryExtensionCACRL", uee, [rev(e448, eexts=[(unknown_ext(), True)])])])
    uce = ca("UnknownCRLExtensionCA", "Unknown CRL Extension CA", ta)
    e449 = ee("InvalidUnknownCRLExtensionTest9", uce)
    e4410 = ee("InvalidUnknownCRLExtensionTest10", uce)
    uce_crl = crl("UnknownCRLExtensionCACRL", uce, [rev(e449)], exts=[(unknown_ext(), True)])
    case("4.4.9", "InvalidUnknownCRLExtensionTest9", "invalid", e449, [uce], [uce_crl])
    case("4.4.10", "InvalidUnknownCRLExtensionTest10", "invalid", e4410, [uce], [uce_crl])
    old = ca("OldCRLnextUpdateCA", "Old CRL nextUpdate CA", ta)
    e4411 = ee("InvalidOldCRLnextUpdateTest11", old)
    case("4.4.11", "InvalidOldCRLnextUpdateTest11", "invalid", e4411, [old],
         [crl("OldCRLnextUpdateCACRL", old, this=when(2010), nxt=when(2011))])
    p2k = ca("pre2000CRLnextUpdateCA", "pre2000 CRL nextUpdate CA", ta)
    e4412 = ee("Invalidpre2000CRLnextUpdateTest12", p2k)
    case("4.4.12", "Invalidpre2000CRLnextUpdateTest12", "invalid", e4412, [p2k],
         [crl("pre2000CRLnextUpdateCACRL", p2k, this=when(1998), nxt=when(1999))])
    gt = ca("GeneralizedTimeCRLnextUpdateCA", "GeneralizedTime CRL nextUpdate CA", ta)
    e4413 = ee("ValidGeneralizedTimeCRLnextUpdateTest13", gt)
    case("4.4.13", "ValidGeneralizedTimeCRLnextUpdateTest13", "valid", e4413, [gt],
         [crl("GeneralizedTimeCRLnextUpdateCACRL", gt, nxt=when(2050))])
    neg = ca("NegativeSerialNumberCA", "Negative Serial Number CA", ta)

    def neg_serial(value):
        return lambda t: replace_leaf(t, 0x02, bytes([0x7F, 0x00, 0x00, 0x01]), 0x02,
                                      value.to_bytes(((-value - 1).bit_length() + 8) // 8, "big", signed=True))
    e4414 = ee("ValidNegativeSerialNumberTest14", neg, serial=0x7F000001, edit=neg_serial(-255))
    e4415 = ee("InvalidNegativeSerialNumberTest15", neg, serial=0x7F000001, edit=neg_serial(-1))
    neg_crl = crl("NegativeSerialNumberCACRL", neg, [rev(0x7F000001)], edit=neg_serial(-1))
    case("4.4.14", "ValidNegativeSerialNumberTest14", "valid", e4414, [neg], [neg_crl],
         "EE serial -255; the CRL revokes -1")
    case("4.4.15", "InvalidNegativeSerialNumberTest15", "invalid", e4415, [neg], [neg_crl],
         "EE serial -1, revoked")
    longs = ca("LongSerialNumberCA", "Long Serial Number CA", ta)
    s18 = int("7f" + "01" * 18 + "7f", 16)   # 20 octets, revoked
    s16 = int("7f" + "01" * 18 + "7e", 16)   # differs from s18 in the last octet only
    s17 = int("7e" + "01" * 18 + "7f", 16)   # ... in the first octet only
    e4416 = ee("ValidLongSerialNumberTest16", longs, serial=s16)
    e4417 = ee("ValidLongSerialNumberTest17", longs, serial=s17)
    e4418 = ee("InvalidLongSerialNumberTest18", longs, serial=s18)
    long_crl = crl("LongSerialNumberCACRL", longs, [rev(s18), rev(int("7f" + "02" * 19, 16))])
    case("4.4.16", "ValidLongSerialNumberTest16", "valid", e4416, [longs], [long_crl])
    case("4.4.17", "ValidLongSerialNumberTest17", "valid", e4417, [longs], [long_crl])
    case("4.4.18", "InvalidLongSerialNumberTest18", "invalid", e4418, [longs], [long_crl])
    for sep, n1, n2 in (("SeparateCertificateandCRLKeys", "4.4.19", "4.4.20"),
                        ("SeparateCertificateandCRLKeysCA2", "4.4.21", None)):
        cn = "Separate Certificate and CRL Keys" + (" CA2" if "CA2" in sep else "")
        signing = ca(sep + "CertificateSigningCA", cn, ta,
                     keyusage=ku(crl_sign=False), subject=dn(cn))
        crlsign = make(sep + "CRLSigningCert", dn(cn), ta, ca=False, bc=None,
                       keyusage=ku(key_cert_sign=False))
        if n2 is None:
            ta_revoked.append(rev(crlsign))
            e = ee("InvalidSeparateCertificateandCRLKeysTest21", signing)
            case(n1, "InvalidSeparateCertificateandCRLKeysTest21", "invalid", e,
                 [signing, crlsign], [crl(sep + "CRL", signing, signer=crlsign.key_name)],
                 "the CRL-signing certificate is revoked by the anchor")
        else:
            e19 = ee("ValidSeparateCertificateandCRLKeysTest19", signing)
            e20 = ee("InvalidSeparateCertificateandCRLKeysTest20", signing)
            sc = crl(sep + "CRL", signing, [rev(e20)], signer=crlsign.key_name)
            case(n1, "ValidSeparateCertificateandCRLKeysTest19", "valid", e19,
                 [signing, crlsign], [sc], "CRL signed by a second key of the same name (cRLSign only)")
            case(n2, "InvalidSeparateCertificateandCRLKeysTest20", "invalid", e20,
                 [signing, crlsign], [sc])

    # -- 4.5 self-issued certificates (key rollover)
    nk = ca("BasicSelfIssuedNewKeyCA", "Basic Self-Issued New Key CA", ta)
    own = make("BasicSelfIssuedNewKeyOldWithNewCA", nk.subject, nk, key_name="BasicSelfIssuedNewKeyOldKey",
               ca=True)
    e451 = ee("ValidBasicSelfIssuedOldWithNewTest1", own)
    e452 = ee("InvalidBasicSelfIssuedOldWithNewTest2", own)
    nk_crl = crl("BasicSelfIssuedNewKeyCACRL", nk, [rev(e452)])
    case("4.5.1", "ValidBasicSelfIssuedOldWithNewTest1", "valid", e451, [own, nk], [nk_crl],
         "EE signed by the old key; the CRL by the new key")
    case("4.5.2", "InvalidBasicSelfIssuedOldWithNewTest2", "invalid", e452, [own, nk], [nk_crl])
    ok_ = ca("BasicSelfIssuedOldKeyCA", "Basic Self-Issued Old Key CA", ta)
    nwo = make("BasicSelfIssuedOldKeyNewWithOldCA", ok_.subject, ok_,
               key_name="BasicSelfIssuedOldKeyNewKey", ca=True)
    e453 = ee("ValidBasicSelfIssuedNewWithOldTest3", nwo)
    e454 = ee("ValidBasicSelfIssuedNewWithOldTest4", ok_)
    e455 = ee("InvalidBasicSelfIssuedNewWithOldTest5", ok_)
    ok_crl = crl("BasicSelfIssuedOldKeyCACRL", ok_, [rev(e455)], signer=nwo.key_name)
    si_crl = crl("BasicSelfIssuedOldKeySelfIssuedCertCRL", ok_,
                 exts=[(x509.IssuingDistributionPoint(None, None, False, True, None, False, False), True)])
    for num, name, e, v in (("4.5.3", "ValidBasicSelfIssuedNewWithOldTest3", e453, "valid"),
                            ("4.5.4", "ValidBasicSelfIssuedNewWithOldTest4", e454, "valid"),
                            ("4.5.5", "InvalidBasicSelfIssuedNewWithOldTest5", e455, "invalid")):
        case(num, name, v, e, [ok_, nwo], [si_crl, ok_crl],
             "CA's CRL signed by the new key; the self-issued cert's CRL (onlyContainsCACerts) by the old")
    sk = ca("BasicSelfIssuedCRLSigningKeyCA", "Basic Self-Issued CRL Signing Key CA", ta)
    skc = make("BasicSelfIssuedCRLSigningKeyCRLCert", sk.subject, sk,
               key_name="BasicSelfIssuedCRLSigningKeyCRLKey", bc=None, keyusage=ku(key_cert_sign=False))
    e456 = ee("ValidBasicSelfIssuedCRLSigningKeyTest6", sk)
    e457 = ee("InvalidBasicSelfIssuedCRLSigningKeyTest7", sk)
    e458 = ee("InvalidBasicSelfIssuedCRLSigningKeyTest8", skc)
    sk_crl = crl("BasicSelfIssuedCRLSigningKeyCACRL", sk, [rev(e457)], signer=skc.key_name)
    skc_crl = crl("BasicSelfIssuedCRLSigningKeyCRLCertCRL", sk, [rev(e457)])
    note = "CA's CRL signed by a self-issued cRLSign-only key; the CRL for that cert by the CA key"
    case("4.5.6", "ValidBasicSelfIssuedCRLSigningKeyTest6", "valid", e456, [sk, skc], [skc_crl, sk_crl], note)
    case("4.5.7", "InvalidBasicSelfIssuedCRLSigningKeyTest7", "invalid", e457, [sk, skc], [skc_crl, sk_crl], note)
    case("4.5.8", "InvalidBasicSelfIssuedCRLSigningKeyTest8", "invalid", e458, [sk, skc], [skc_crl, sk_crl],
         "EE issued by the CRL-signing key (not a CA)")

    # -- 4.6 basicConstraints and pathLenConstraint
    def simple(num, name, v, cacert, e=None, note="-", **ekw):
        e = e or ee(name, cacert, **ekw)
        case(num, name, v, e, [cacert], [crl(cacert.label + "CRL", cacert)], note)

    simple("4.6.1", "InvalidMissingbasicConstraintsTest1", "invalid",
           make("MissingbasicConstraintsCA", dn("Missing basicConstraints CA"), ta, bc=None, keyusage=ku()))
    simple("4.6.2", "InvalidcAFalseTest2", "invalid",
           make("basicConstraintsCriticalcAFalseCA", dn("basicConstraints Critical cA False CA"), ta,
                bc="false", keyusage=ku()))
    simple("4.6.3", "InvalidcAFalseTest3", "invalid",
           make("basicConstraintsNotCriticalcAFalseCA", dn("basicConstraints Not Critical cA False CA"), ta,
                bc="false-noncrit", keyusage=ku()))
    simple("4.6.4", "ValidbasicConstraintsNotCriticalTest4", "valid",
           ca("basicConstraintsNotCriticalCA", "basicConstraints Not Critical CA", ta, bc="noncrit"))
    pl0 = ca("pathLenConstraint0CA", "pathLenConstraint0 CA", ta, pathlen=0)
    pl0sub = ca("pathLenConstraint0subCA", "pathLenConstraint0 subCA", pl0)
    pl0crl = crl("pathLenConstraint0CACRL", pl0)
    pl0subcrl = crl("pathLenConstraint0subCACRL", pl0sub)
    case("4.6.5", "InvalidpathLenConstraintTest5", "invalid", ee("InvalidpathLenConstraintTest5", pl0sub),
         [pl0sub, pl0], [pl0crl, pl0subcrl])
    case("4.6.6", "InvalidpathLenConstraintTest6", "invalid",
         ee("InvalidpathLenConstraintTest6", pl0sub, ca=True), [pl0sub, pl0], [pl0crl, pl0subcrl],
         "end certificate is itself a CA")
    case("4.6.7", "ValidpathLenConstraintTest7", "valid", ee("ValidpathLenConstraintTest7", pl0),
         [pl0], [pl0crl])
    case("4.6.8", "ValidpathLenConstraintTest8", "valid",
         ee("ValidpathLenConstraintTest8", pl0, ca=True), [pl0], [pl0crl], "end certificate is itself a CA")
    pl6 = ca("pathLenConstraint6CA", "pathLenConstraint6 CA", ta, pathlen=6)
    pl6crl = crl("pathLenConstraint6CACRL", pl6)

    def chain6(tag, lens):
        certs, crls, up = [], [pl6crl], pl6
        for i, pl in enumerate(lens):
            lab = "pathLenConstraint6" + ["subCA", "subsubCA", "subsubsubCA"][i] + tag[:i + 1]
            c = ca(lab, lab.replace("pathLenConstraint6", "pathLenConstraint6 "), up, pathlen=pl)
            certs.insert(0, c)
            crls.append(crl(lab + "CRL", c))
            up = c
        return certs + [pl6], crls, up
    c9, r9, top9 = chain6("00", [0, 0])
    case("4.6.9", "InvalidpathLenConstraintTest9", "invalid", ee("InvalidpathLenConstraintTest9", top9), c9, r9)
    case("4.6.10", "InvalidpathLenConstraintTest10", "invalid",
         ee("InvalidpathLenConstraintTest10", top9, ca=True), c9, r9, "end certificate is itself a CA")
    c11, r11, top11 = chain6("11X", [1, 1, None])
    case("4.6.11", "InvalidpathLenConstraintTest11", "invalid", ee("InvalidpathLenConstraintTest11", top11), c11, r11)
    case("4.6.12", "InvalidpathLenConstraintTest12", "invalid",
         ee("InvalidpathLenConstraintTest12", top11, ca=True), c11, r11, "end certificate is itself a CA")
    c13, r13, top13 = chain6("41X", [4, 1, None])
    case("4.6.13", "ValidpathLenConstraintTest13", "valid", ee("ValidpathLenConstraintTest13", top13), c13, r13)
    case("4.6.14", "ValidpathLenConstraintTest14", "valid",
         ee("ValidpathLenConstraintTest14", top13, ca=True), c13, r13, "end certificate is itself a CA")
    # self-issued CA certificates certify a new key of the CA under the same name (as PKITS's
    # own: another subjectKeyIdentifier, no pathLenConstraint); each CA name has one CRL,
    # signed with the CA's first key
    si_note = "self-issued cert certifies a new CA key; the one CRL per CA name is signed by the first key"
    pl0si = make("pathLenConstraint0SelfIssuedCA", pl0.subject, pl0, key_name="pathLenConstraint0NewKey", ca=True)
    case("4.6.15", "ValidSelfIssuedpathLenConstraintTest15", "valid",
         ee("ValidSelfIssuedpathLenConstraintTest15", pl0si), [pl0si, pl0], [pl0crl], si_note)
    pl0sub2 = ca("pathLenConstraint0subCA2", "pathLenConstraint0 subCA2", pl0si)
    case("4.6.16", "InvalidSelfIssuedpathLenConstraintTest16", "invalid",
         ee("InvalidSelfIssuedpathLenConstraintTest16", pl0sub2), [pl0sub2, pl0si, pl0],
         [pl0crl, crl("pathLenConstraint0subCA2CRL", pl0sub2)], si_note)
    pl1 = ca("pathLenConstraint1CA", "pathLenConstraint1 CA", ta, pathlen=1)
    pl1si = make("pathLenConstraint1SelfIssuedCA", pl1.subject, pl1, key_name="pathLenConstraint1NewKey", ca=True)
    pl1sub = ca("pathLenConstraint1subCA", "pathLenConstraint1 subCA", pl1si)
    pl1subsi = make("pathLenConstraint1SelfIssuedsubCA", pl1sub.subject, pl1sub,
                    key_name="pathLenConstraint1subNewKey", ca=True)
    case("4.6.17", "ValidSelfIssuedpathLenConstraintTest17", "valid",
         ee("ValidSelfIssuedpathLenConstraintTest17", pl1subsi), [pl1subsi, pl1sub, pl1si, pl1],
         [crl("pathLenConstraint1CACRL", pl1), crl("pathLenConstraint1subCACRL", pl1sub)], si_note)

    # -- 4.7 key usage
    simple("4.7.1", "InvalidkeyUsageCriticalkeyCertSignFalseTest1", "invalid",
           ca("keyUsageCriticalkeyCertSignFalseCA", "keyUsage Critical keyCertSign False CA", ta,
              keyusage=ku(key_cert_sign=False, digital_signature=True)))
    simple("4.7.2", "InvalidkeyUsageNotCriticalkeyCertSignFalseTest2", "invalid",
           ca("keyUsageNotCriticalkeyCertSignFalseCA", "keyUsage Not Critical keyCertSign False CA", ta,
              keyusage=ku(key_cert_sign=False, digital_signature=True), ku_crit=False))
    simple("4.7.3", "ValidkeyUsageNotCriticalTest3", "valid",
           ca("keyUsageNotCriticalCA", "keyUsage Not Critical CA", ta, ku_crit=False))
    simple("4.7.4", "InvalidkeyUsageCriticalcRLSignFalseTest4", "invalid",
           ca("keyUsageCriticalcRLSignFalseCA", "keyUsage Critical cRLSign False CA", ta,
              keyusage=ku(crl_sign=False)))
    simple("4.7.5", "InvalidkeyUsageNotCriticalcRLSignFalseTest5", "invalid",
           ca("keyUsageNotCriticalcRLSignFalseCA", "keyUsage Not Critical cRLSign False CA", ta,
              keyusage=ku(crl_sign=False), ku_crit=False))
    return ta, ta_revoked


def build_deeper_rollover(ta):
    """Beyond PKITS: 4.6.17's rollover one level deeper. Three CAs below the anchor, each
    rolled over to a new key by a self-issued certificate, and each CA's one CRL signed with
    its first key: the CRL signer of the lowest CA has a path that needs the middle CA's old
    key as a CRL signer, whose path needs the top CA's. mutls nests that search two levels
    (x509_verify.c SIGNER_DEPTH), so this path is refused with crl_missing where 4.6.17 (two
    levels) is valid. Made after every PKITS case, so that no serial of theirs moves.
    Returns (leaf, intermediates, CRLs without the anchor's)."""
    cas, crls, issuer = [], [], ta
    for tag in ("A", "B", "C"):
        first = ca("Rollover%sCA" % tag, "Rollover %s CA" % tag, issuer)
        rolled = make("Rollover%sSelfIssuedCA" % tag, first.subject, first,
                      key_name="Rollover%sNewKey" % tag, ca=True)
        cas = [rolled, first] + cas
        crls.append(crl("Rollover%sCACRL" % tag, first))
        issuer = rolled
    return ee("DeeperSelfIssuedRolloverTest", issuer), cas, crls

