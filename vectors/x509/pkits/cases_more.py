# SPDX-License-Identifier: MIT
"""PKITS rebuild, sections 4.13-4.16: name constraints, distribution points, delta CRLs, private extensions (run by gen.py)."""
from pkits_lib import *  # noqa: F401,F403 - the builders this file is written in
from pkits_lib import _ASN1Type  # noqa: F401


def build_nc(ta):
    D, R, N, U = x509.DirectoryName, x509.RFC822Name, x509.DNSName, x509.UniformResourceIdentifier
    P1, P2, X1, X2 = "permittedSubtree1", "permittedSubtree2", "excludedSubtree1", "excludedSubtree2"

    def run(num, name, v, cas, e, note="-"):
        case(num, name, v, e, cas, [crl(c.label + "CRL", c) for c in cas if c.label not in DONE], note)
        for c in cas:
            DONE.add(c.label)

    DONE = set()
    dn1 = ca("nameConstraintsDN1CA", "nameConstraints DN1 CA", ta, exts=[nc([D(dirn(P1))])])
    crl1 = crl("nameConstraintsDN1CACRL", dn1)

    def n1(num, name, v, e, inters=(), crls=(), note="-"):
        case(num, name, v, e, list(inters) + [dn1], list(crls) + [crl1], note)

    n1("4.13.1", "ValidDNnameConstraintsTest1", "valid",
       ee("ValidDNnameConstraintsTest1", dn1, subject=dn("Valid DN nameConstraints EE Test1", (P1,))))
    n1("4.13.2", "InvalidDNnameConstraintsTest2", "invalid",
       ee("InvalidDNnameConstraintsTest2", dn1, subject=dn("Invalid DN nameConstraints EE Test2", ("other",))))
    n1("4.13.3", "InvalidDNnameConstraintsTest3", "invalid",
       ee("InvalidDNnameConstraintsTest3", dn1, subject=dn("Invalid DN nameConstraints EE Test3", (P1,)),
          exts=[san(D(dn("Test3 alt", ("other",))))]), note="subject inside, directoryName SAN outside")
    n1("4.13.4", "ValidDNnameConstraintsTest4", "valid",
       ee("ValidDNnameConstraintsTest4", dn1, subject=dn("Valid DN nameConstraints EE Test4", (P1,)),
          exts=[san(D(dn("Test4 alt", (P1,))))]), note="directoryName SAN inside too")
    dn2 = ca("nameConstraintsDN2CA", "nameConstraints DN2 CA", ta, exts=[nc([D(dirn(P1)), D(dirn(P2))])])
    run("4.13.5", "ValidDNnameConstraintsTest5", "valid", [dn2],
        ee("ValidDNnameConstraintsTest5", dn2, subject=dn("Valid DN nameConstraints EE Test5", (P2,))),
        "second of two permitted subtrees")
    dn3 = ca("nameConstraintsDN3CA", "nameConstraints DN3 CA", ta, exts=[nc(None, [D(dirn(X1))])])
    crl3 = crl("nameConstraintsDN3CACRL", dn3)
    case("4.13.6", "ValidDNnameConstraintsTest6", "valid",
         ee("ValidDNnameConstraintsTest6", dn3, subject=dn("Valid DN nameConstraints EE Test6", (P1,))),
         [dn3], [crl3])
    case("4.13.7", "InvalidDNnameConstraintsTest7", "invalid",
         ee("InvalidDNnameConstraintsTest7", dn3, subject=dn("Invalid DN nameConstraints EE Test7", (X1,))),
         [dn3], [crl3])
    dn4 = ca("nameConstraintsDN4CA", "nameConstraints DN4 CA", ta, exts=[nc(None, [D(dirn(X1)), D(dirn(X2))])])
    crl4 = crl("nameConstraintsDN4CACRL", dn4)
    case("4.13.8", "InvalidDNnameConstraintsTest8", "invalid",
         ee("InvalidDNnameConstraintsTest8", dn4, subject=dn("Invalid DN nameConstraints EE Test8", (X1,))),
         [dn4], [crl4])
    case("4.13.9", "InvalidDNnameConstraintsTest9", "invalid",
         ee("InvalidDNnameConstraintsTest9", dn4, subject=dn("Invalid DN nameConstraints EE Test9", (X2,))),
         [dn4], [crl4], "second of two excluded subtrees")
    dn5 = ca("nameConstraintsDN5CA", "nameConstraints DN5 CA", ta,
             exts=[nc([D(dirn(P1))], [D(dirn(P1, X1))])])
    crl5 = crl("nameConstraintsDN5CACRL", dn5)
    case("4.13.10", "InvalidDNnameConstraintsTest10", "invalid",
         ee("InvalidDNnameConstraintsTest10", dn5, subject=dn("Invalid DN nameConstraints EE Test10", (P1, X1))),
         [dn5], [crl5], "inside the permitted subtree and its excluded part")
    case("4.13.11", "ValidDNnameConstraintsTest11", "valid",
         ee("ValidDNnameConstraintsTest11", dn5, subject=dn("Valid DN nameConstraints EE Test11", (P1, "other"))),
         [dn5], [crl5])
    sub1 = ca("nameConstraintsDN1subCA1", None, dn1, subject=dn("nameConstraints DN1 subCA1", (P1,)),
              exts=[nc([D(dirn(P1, "sub1"))])])
    n1("4.13.12", "InvalidDNnameConstraintsTest12", "invalid",
       ee("InvalidDNnameConstraintsTest12", sub1, subject=dn("Invalid DN nameConstraints EE Test12", (P1, "other"))),
       [sub1], [crl("nameConstraintsDN1subCA1CRL", sub1)], "outside the subCA's narrower subtree")
    sub2 = ca("nameConstraintsDN1subCA2", None, dn1, subject=dn("nameConstraints DN1 subCA2", (P1,)),
              exts=[nc([D(dirn(P1)), D(dirn(P2))])])
    sub2crl = crl("nameConstraintsDN1subCA2CRL", sub2)
    n1("4.13.13", "InvalidDNnameConstraintsTest13", "invalid",
       ee("InvalidDNnameConstraintsTest13", sub2, subject=dn("Invalid DN nameConstraints EE Test13", (P2,))),
       [sub2], [sub2crl], "permitted by the subCA, not by the CA above it")
    n1("4.13.14", "ValidDNnameConstraintsTest14", "valid",
       ee("ValidDNnameConstraintsTest14", sub2, subject=dn("Valid DN nameConstraints EE Test14", (P1,))),
       [sub2], [sub2crl])
    s31 = ca("nameConstraintsDN3subCA1", None, dn3, subject=dn("nameConstraints DN3 subCA1", (P1,)),
             exts=[nc(None, [D(dirn(X2))])])
    s31crl = crl("nameConstraintsDN3subCA1CRL", s31)
    case("4.13.15", "InvalidDNnameConstraintsTest15", "invalid",
         ee("InvalidDNnameConstraintsTest15", s31, subject=dn("Invalid DN nameConstraints EE Test15", (X1,))),
         [s31, dn3], [crl3, s31crl], "excluded by the CA above the subCA")
    case("4.13.16", "InvalidDNnameConstraintsTest16", "invalid",
         ee("InvalidDNnameConstraintsTest16", s31, subject=dn("Invalid DN nameConstraints EE Test16", (X2,))),
         [s31, dn3], [crl3, s31crl], "excluded by the subCA")
    s32 = ca("nameConstraintsDN3subCA2", None, dn3, subject=dn("nameConstraints DN3 subCA2", (P1,)),
             exts=[nc([D(dirn(X1)), D(dirn(P1))])])
    s32crl = crl("nameConstraintsDN3subCA2CRL", s32)
    case("4.13.17", "InvalidDNnameConstraintsTest17", "invalid",
         ee("InvalidDNnameConstraintsTest17", s32, subject=dn("Invalid DN nameConstraints EE Test17", (X1,))),
         [s32, dn3], [crl3, s32crl], "permitted by the subCA, excluded above it")
    case("4.13.18", "ValidDNnameConstraintsTest18", "valid",
         ee("ValidDNnameConstraintsTest18", s32, subject=dn("Valid DN nameConstraints EE Test18", (P1,))),
         [s32, dn3], [crl3, s32crl])
    dn1si = make("nameConstraintsDN1SelfIssuedCA", dn1.subject, dn1, key_name="nameConstraintsDN1NewKey", ca=True)
    n1("4.13.19", "ValidDNnameConstraintsTest19", "valid",
       ee("ValidDNnameConstraintsTest19", dn1si, subject=dn("Valid DN nameConstraints EE Test19", (P1,))),
       [dn1si], note="self-issued CA cert (a new key) named outside the subtree; the CA's one CRL is "
                     "signed by its first key")
    n1("4.13.20", "InvalidDNnameConstraintsTest20", "invalid",
       ee("InvalidDNnameConstraintsTest20", dn1, subject=dn1.subject),
       note="self-issued end certificate named outside the subtree (no exemption for the EE)")
    # rfc822Name
    for tag, sub, good_addr, bad_addr, lo, hi, excl in (
            ("1", "testcertificates.gov", "Test21EE@testcertificates.gov",
             "Test22EE@mailserver.testcertificates.gov", 21, 22, False),
            ("2", ".testcertificates.gov", "Test23EE@mailserver.testcertificates.gov",
             "Test24EE@testcertificates.gov", 23, 24, False),
            ("3", "Test26EE@testcertificates.gov", "Test25EE@testcertificates.gov",
             "Test26EE@testcertificates.gov", 25, 26, True)):
        c = ca("nameConstraintsRFC822CA" + tag, "nameConstraints RFC822 CA" + tag, ta,
               exts=[nc(None, [R(sub)]) if excl else nc([R(sub)])])
        cc = crl(c.label + "CRL", c)
        for n, addr, v in ((lo, good_addr, "valid"), (hi, bad_addr, "invalid")):
            nm = "%sRFC822nameConstraintsTest%d" % ("Valid" if v == "valid" else "Invalid", n)
            case("4.13.%d" % n, nm, v, ee(nm, c, exts=[san(R(addr))]), [c], [cc],
                 "%s %s; SAN %s" % ("excluded" if excl else "permitted", sub, addr))
    s13 = ca("nameConstraintsDN1subCA3", None, dn1, subject=dn("nameConstraints DN1 subCA3", (P1,)),
             exts=[nc([D(dirn(P1)), R("testcertificates.gov")])])
    s13crl = crl("nameConstraintsDN1subCA3CRL", s13)
    n1("4.13.27", "ValidDNandRFC822nameConstraintsTest27", "valid",
       ee("ValidDNandRFC822nameConstraintsTest27", s13, subject=dn("Valid DN and RFC822 EE Test27", (P1,)),
          exts=[san(R("Test27EE@testcertificates.gov"))]), [s13], [s13crl])
    n1("4.13.28", "InvalidDNandRFC822nameConstraintsTest28", "invalid",
       ee("InvalidDNandRFC822nameConstraintsTest28", s13, subject=dn("Invalid DN and RFC822 EE Test28", (P1,)),
          exts=[san(R("Test28EE@invalidcertificates.gov"))]), [s13], [s13crl], "SAN email outside")
    n1("4.13.29", "InvalidDNandRFC822nameConstraintsTest29", "invalid",
       ee("InvalidDNandRFC822nameConstraintsTest29", s13, subject=dn(
           "Invalid DN and RFC822 EE Test29", (P1,),
           extra=[x509.NameAttribute(NameOID.EMAIL_ADDRESS, "Test29EE@invalidcertificates.gov")])),
       [s13], [s13crl], "emailAddress attribute of the subject outside (RFC 5280 4.2.1.10)")
    # dNSName
    for tag, excl, cases_ in (("1", False, [(30, "testserver.testcertificates.gov", "valid"),
                                             (31, "testserver.invalidcertificates.gov", "invalid"),
                                             (38, "testcertificates.gov.invalid", "invalid")]),
                              ("2", True, [(32, "testserver.testcertificates.gov", "valid"),
                                           (33, "testserver.invalidcertificates.gov", "invalid")])):
        sub = "invalidcertificates.gov" if excl else "testcertificates.gov"
        c = ca("nameConstraintsDNS" + tag + "CA", "nameConstraints DNS" + tag + " CA", ta,
               exts=[nc(None, [N(sub)]) if excl else nc([N(sub)])])
        cc = crl(c.label + "CRL", c)
        for n, host, v in cases_:
            nm = "%sDNSnameConstraintsTest%d" % ("Valid" if v == "valid" else "Invalid", n)
            case("4.13.%d" % n, nm, v, ee(nm, c, exts=[san(N(host))]), [c], [cc],
                 "%s %s; SAN %s" % ("excluded" if excl else "permitted", sub, host))
    # uniformResourceIdentifier
    for tag, sub, excl, cases_ in (
            ("1", ".testcertificates.gov", False,
             [(34, "http://testserver.testcertificates.gov/index.html", "valid"),
              (35, "http://testserver.invalidcertificates.gov/index.html", "invalid")]),
            ("2", "testcertificates.gov", True,
             [(36, "http://testserver.testcertificates.gov/index.html", "valid"),
              (37, "http://testcertificates.gov/index.html", "invalid")])):
        c = ca("nameConstraintsURI" + tag + "CA", "nameConstraints URI" + tag + " CA", ta,
               exts=[nc(None, [U(sub)]) if excl else nc([U(sub)])])
        cc = crl(c.label + "CRL", c)
        for n, uri, v in cases_:
            nm = "%sURInameConstraintsTest%d" % ("Valid" if v == "valid" else "Invalid", n)
            case("4.13.%d" % n, nm, v, ee(nm, c, exts=[san(U(uri))]), [c], [cc],
                 "%s %s; SAN %s" % ("excluded" if excl else "permitted", sub, uri))



def build_dp(ta, good, good_crl):
    D = x509.DirectoryName
    # distributionPoint1CA: its CRL's IDP names the point with a fullName
    dp1 = ca("distributionPoint1CA", "distributionPoint1 CA", ta)
    p1 = under(dp1.subject, "CRL1")
    e1 = ee("ValiddistributionPointTest1", dp1, exts=[cdp([D(p1)])])
    e2 = ee("InvaliddistributionPointTest2", dp1, exts=[cdp([D(p1)])])
    e3 = ee("InvaliddistributionPointTest3", dp1, exts=[cdp([D(under(dp1.subject, "CRLx3"))])])
    e4 = ee("ValiddistributionPointTest4", dp1, exts=[cdp(rel=rdn_cn("CRL1"))])
    c1 = crl("distributionPoint1CACRL", dp1, [rev(e2)], exts=[idp(full=[D(p1)])])
    case("4.14.1", "ValiddistributionPointTest1", "valid", e1, [dp1], [c1], "IDP fullName = EE's DP fullName")
    case("4.14.2", "InvaliddistributionPointTest2", "invalid", e2, [dp1], [c1])
    case("4.14.3", "InvaliddistributionPointTest3", "invalid", e3, [dp1], [c1], "EE's DP names another point")
    case("4.14.4", "ValiddistributionPointTest4", "valid", e4, [dp1], [c1],
         "EE's DP is nameRelativeToCRLIssuer, equal to the IDP fullName once joined to the issuer")
    # distributionPoint2CA: its CRL's IDP names the point relative to the issuer
    dp2 = ca("distributionPoint2CA", "distributionPoint2 CA", ta)
    p2 = under(dp2.subject, "CRL1")
    e5 = ee("ValiddistributionPointTest5", dp2, exts=[cdp(rel=rdn_cn("CRL1"))])
    e6 = ee("InvaliddistributionPointTest6", dp2, exts=[cdp(rel=rdn_cn("CRL1"))])
    e7 = ee("ValiddistributionPointTest7", dp2, exts=[cdp([D(p2)])])
    e8 = ee("InvaliddistributionPointTest8", dp2, exts=[cdp([D(under(dp2.subject, "CRLx8"))])])
    e9 = ee("InvaliddistributionPointTest9", dp2, exts=[cdp(rel=rdn_cn("CRLx9"))])
    c2 = crl("distributionPoint2CACRL", dp2, [rev(e6)], exts=[idp(rel=rdn_cn("CRL1"))])
    note = "IDP nameRelativeToCRLIssuer CN=CRL1"
    case("4.14.5", "ValiddistributionPointTest5", "valid", e5, [dp2], [c2], note + "; EE DP the same")
    case("4.14.6", "InvaliddistributionPointTest6", "invalid", e6, [dp2], [c2], note + "; revoked")
    case("4.14.7", "ValiddistributionPointTest7", "valid", e7, [dp2], [c2], note + "; EE DP the joined fullName")
    case("4.14.8", "InvaliddistributionPointTest8", "invalid", e8, [dp2], [c2], note + "; EE DP another fullName")
    case("4.14.9", "InvaliddistributionPointTest9", "invalid", e9, [dp2], [c2], note + "; EE DP another relative name")
    noidp = ca("NoissuingDistributionPointCA", "No issuingDistributionPoint CA", ta)
    case("4.14.10", "ValidNoissuingDistributionPointTest10", "valid",
         ee("ValidNoissuingDistributionPointTest10", noidp, exts=[cdp([D(under(noidp.subject, "CRL1"))])]),
         [noidp], [crl("NoissuingDistributionPointCACRL", noidp)], "EE has a DP, the CRL no IDP")
    ocu = ca("onlyContainsUserCertsCA", "onlyContainsUserCerts CA", ta)
    case("4.14.11", "InvalidonlyContainsUserCertsTest11", "invalid",
         ee("InvalidonlyContainsUserCertsTest11", ocu, ca=True), [ocu],
         [crl("onlyContainsUserCertsCACRL", ocu, exts=[idp(user=True)])], "end certificate is a CA")
    occ = ca("onlyContainsCACertsCA", "onlyContainsCACerts CA", ta)
    occ_crl = crl("onlyContainsCACertsCACRL", occ, exts=[idp(cas=True)])
    case("4.14.12", "InvalidonlyContainsCACertsTest12", "invalid",
         ee("InvalidonlyContainsCACertsTest12", occ), [occ], [occ_crl])
    case("4.14.13", "ValidonlyContainsCACertsTest13", "valid",
         ee("ValidonlyContainsCACertsTest13", occ, ca=True), [occ], [occ_crl], "end certificate is a CA")
    oca = ca("onlyContainsAttributeCertsCA", "onlyContainsAttributeCerts CA", ta)
    case("4.14.14", "InvalidonlyContainsAttributeCertsTest14", "invalid",
         ee("InvalidonlyContainsAttributeCertsTest14", oca), [oca],
         [crl("onlyContainsAttributeCertsCACRL", oca, exts=[idp(attr=True)])])
    # onlySomeReasons: two CRLs per CA, split by reason
    RF = x509.ReasonFlags
    comp = frozenset([RF.key_compromise, RF.ca_compromise])
    other = frozenset([RF.affiliation_changed, RF.superseded, RF.cessation_of_operation,
                       RF.certificate_hold, RF.privilege_withdrawn, RF.aa_compromise])
    for tag, cases_ in (
            ("1", [("4.14.15", "InvalidonlySomeReasonsTest15", "invalid", "c", KC),
                   ("4.14.16", "InvalidonlySomeReasonsTest16", "invalid", "o", HOLD)]),
            ("2", [("4.14.17", "InvalidonlySomeReasonsTest17", "invalid", None, None)]),
            ("3", [("4.14.18", "ValidonlySomeReasonsTest18", "valid", None, None)]),
            ("4", [("4.14.19", "ValidonlySomeReasonsTest19", "valid", None, None),
                   ("4.14.20", "InvalidonlySomeReasonsTest20", "invalid", "c", KC),
                   ("4.14.21", "InvalidonlySomeReasonsTest21", "invalid", "o", AFF)])):
        c = ca("onlySomeReasonsCA" + tag, "onlySomeReasons CA" + tag, ta)
        named = tag in ("3", "4")
        pc, po = under(c.subject, "CRL1"), under(c.subject, "CRL2")
        leaves = []
        for num, nm, v, where, reason in cases_:
            ex = [(x509.CRLDistributionPoints([x509.DistributionPoint([D(pc)], None, None, None),
                                               x509.DistributionPoint([D(po)], None, None, None)]),
                   False)] if named else []
            leaves.append((num, nm, v, ee(nm, c, exts=ex), where, reason))
        rc = [rev(l[3], l[5]) for l in leaves if l[4] == "c"]
        ro = [rev(l[3], l[5]) for l in leaves if l[4] == "o"]
        if tag == "2":  # together the two CRLs still miss some reasons
            crls = [crl(c.label + "CRL1", c, exts=[idp(reasons=frozenset([RF.key_compromise]))]),
                    crl(c.label + "CRL2", c, exts=[idp(reasons=frozenset([RF.affiliation_changed]))],
                        number=2)]
        else:
            crls = [crl(c.label + "compromiseCRL", c, rc,
                        exts=[idp(full=[D(pc)] if named else None, reasons=comp)]),
                    crl(c.label + "otherreasonsCRL", c, ro,
                        exts=[idp(full=[D(po)] if named else None, reasons=other)], number=2)]
        for num, nm, v, e, where, reason in leaves:
            case(num, nm, v, e, [c], crls, "CRLs partitioned by onlySomeReasons")
    # indirect CRLs
    i1 = ca("indirectCRLCA1", "indirectCRL CA1", ta)
    i2 = ca("indirectCRLCA2", "indirectCRL CA2", ta)
    e22 = ee("ValidIDPwithindirectCRLTest22", i1)
    e23 = ee("InvalidIDPwithindirectCRLTest23", i1)
    e24 = ee("ValidIDPwithindirectCRLTest24", i2, exts=[cdp([D(under(i1.subject, "CRL1"))],
                                                         crl_issuer=[D(i1.subject)])])
    e25 = ee("ValidIDPwithindirectCRLTest25", i2, exts=[cdp([D(under(i1.subject, "CRL1"))],
                                                         crl_issuer=[D(i1.subject)])])
    e26 = ee("InvalidIDPwithindirectCRLTest26", i2, exts=[cdp([D(under(i1.subject, "CRL1"))],
                                                           crl_issuer=[D(dn("indirectCRL CA9"))])])
    ci = x509.CertificateIssuer([D(i2.subject)])
    i1crl = crl("indirectCRLCA1CRL", i1, [rev(e23), rev(123456, KC, [(ci, True)])],
                exts=[idp(full=[D(under(i1.subject, "CRL1"))], indirect=True)])
    case("4.14.22", "ValidIDPwithindirectCRLTest22", "valid", e22, [i1], [i1crl], "indirectCRL set, issued by the CA itself")
    case("4.14.23", "InvalidIDPwithindirectCRLTest23", "invalid", e23, [i1], [i1crl], "indirectCRL set; revoked")
    case("4.14.24", "ValidIDPwithindirectCRLTest24", "valid", e24, [i1, i2], [i1crl], "EE of CA2, CRL from CA1 (cRLIssuer)")
    case("4.14.25", "ValidIDPwithindirectCRLTest25", "valid", e25, [i1, i2], [i1crl], "as 24; the CRL lists another CA2 serial")
    case("4.14.26", "InvalidIDPwithindirectCRLTest26", "invalid", e26, [i1, i2], [i1crl], "EE's cRLIssuer names no CRL here")
    e27 = ee("InvalidcRLIssuerTest27", i2, exts=[cdp(None, crl_issuer=[D(good.subject)])])
    case("4.14.27", "InvalidcRLIssuerTest27", "invalid", e27, [good, i2], [good_crl],
         "EE's cRLIssuer is GoodCA whose CRL is not indirect")
    for tag, cases_ in (("3", [("4.14.28", "ValidcRLIssuerTest28", "valid"), ("4.14.29", "ValidcRLIssuerTest29", "valid")]),
                        ("4", [("4.14.30", "ValidcRLIssuerTest30", "valid")])):
        c = ca("indirectCRLCA" + tag, "indirectCRL CA" + tag, ta)
        ci_ = make("indirectCRLCA%scRLIssuer" % tag, dn("indirectCRL CA%s cRLIssuer" % tag), c, ca=False, bc=None,
                   keyusage=ku(key_cert_sign=False))
        crls = ([crl(c.label + "CRL", c)] if tag == "3" else []) + [
            crl(ci_.label + "CRL", ci_, exts=[idp(full=[D(under(ci_.subject, "CRL1"))], indirect=True)])]
        for num, nm, v in cases_:
            e = ee(nm, c, exts=[cdp([D(under(ci_.subject, "CRL1"))], crl_issuer=[D(ci_.subject)])])
            case(num, nm, v, e, [c, ci_], crls, "indirect CRL from a cRLIssuer certified by the CA")
    i5 = ca("indirectCRLCA5", "indirectCRL CA5", ta)
    i6 = ca("indirectCRLCA6", "indirectCRL CA6", ta)
    dpi = [D(under(i5.subject, "indirectCRL"))]
    e31 = ee("InvalidcRLIssuerTest31", i6, exts=[cdp(dpi, crl_issuer=[D(i5.subject)])])
    e32 = ee("InvalidcRLIssuerTest32", i6, exts=[cdp(dpi, crl_issuer=[D(i5.subject)])])
    e33 = ee("ValidcRLIssuerTest33", i6, exts=[cdp(dpi, crl_issuer=[D(i5.subject)])])
    e34 = ee("InvalidcRLIssuerTest34", i5, exts=[cdp(dpi)])
    e35 = ee("InvalidcRLIssuerTest35", i5, exts=[cdp([D(under(i5.subject, "CRLx35"))])])
    ci6 = x509.CertificateIssuer([D(i6.subject)])
    ci5 = x509.CertificateIssuer([D(i5.subject)])
    i5crl = crl("indirectCRLCA5CRL", i5,
                [rev(e31.serial, KC, [(ci6, True)]), rev(e32.serial, KC, []), rev(e34.serial, KC, [(ci5, True)])],
                exts=[idp(full=dpi, indirect=True)])
    for num, nm, v, e, note in (
            ("4.14.31", "InvalidcRLIssuerTest31", "invalid", e31, "EE of CA6 revoked on CA5's indirect CRL"),
            ("4.14.32", "InvalidcRLIssuerTest32", "invalid", e32, "entry inherits CA6 as certificateIssuer"),
            ("4.14.33", "ValidcRLIssuerTest33", "valid", e33, "EE of CA6 not listed"),
            ("4.14.34", "InvalidcRLIssuerTest34", "invalid", e34, "EE of CA5 revoked after certificateIssuer=CA5"),
            ("4.14.35", "InvalidcRLIssuerTest35", "invalid", e35, "EE of CA5 names a point the CRL does not cover")):
        case(num, nm, v, e, [i5, i6] if e.cert.issuer == i6.subject else [i5], [i5crl], note)


def build_delta_and_private(ta):
    RF = x509.ReasonFlags
    nb = ca("deltaCRLIndicatorNoBaseCA", "deltaCRLIndicator No Base CA", ta)
    case("4.15.1", "InvaliddeltaCRLIndicatorNoBaseTest1", "invalid", ee("InvaliddeltaCRLIndicatorNoBaseTest1", nb),
         [nb], [crl("deltaCRLIndicatorNoBaseCACRL", nb, exts=[(x509.DeltaCRLIndicator(1), True)], number=2)],
         "only a delta CRL")
    for tag, cases_ in (
            ("1", [("4.15.2", "ValiddeltaCRLTest2", "valid", None, None),
                   ("4.15.3", "InvaliddeltaCRLTest3", "invalid", "base", KC),
                   ("4.15.4", "InvaliddeltaCRLTest4", "invalid", "delta", KC),
                   ("4.15.5", "ValiddeltaCRLTest5", "valid", "hold-removed", None),
                   ("4.15.6", "InvaliddeltaCRLTest6", "invalid", "hold-kc", None),
                   ("4.15.7", "ValiddeltaCRLTest7", "valid", "removed", None)]),
            ("2", [("4.15.8", "ValiddeltaCRLTest8", "valid", None, None),
                   ("4.15.9", "InvaliddeltaCRLTest9", "invalid", "base", KC)]),
            ("3", [("4.15.10", "InvaliddeltaCRLTest10", "invalid", None, None)])):
        c = ca("deltaCRLCA" + tag, "deltaCRL CA" + tag, ta)
        base, delta, leaves = [], [], []
        for num, nm, v, where, reason in cases_:
            e = ee(nm, c)
            leaves.append((num, nm, v, e))
            if where == "base":
                base.append(rev(e, reason))
            elif where == "delta":
                delta.append(rev(e, reason))
            elif where == "hold-removed":
                base.append(rev(e, HOLD))
                delta.append(rev(e, RF.remove_from_crl))
            elif where == "hold-kc":
                base.append(rev(e, HOLD))
                delta.append(rev(e, KC))
            elif where == "removed":
                delta.append(rev(e, RF.remove_from_crl))
        fresh = (x509.FreshestCRL([x509.DistributionPoint([x509.DirectoryName(under(c.subject, "delta"))],
                                                          None, None, None)]), False)
        crls = [crl(c.label + "CRL", c, base, exts=[fresh]),
                crl(c.label + "deltaCRL", c, delta, number=2,
                    this=when(2010) if tag == "3" else CRL_THIS,
                    nxt=when(2011) if tag == "3" else CRL_NEXT,
                    exts=[(x509.DeltaCRLIndicator(1), True)])]
        for num, nm, v, e in leaves:
            case(num, nm, v, e, [c], crls,
                 "base + delta CRL" + ("; the delta is stale" if tag == "3" else ""))
    case("4.16.1", "ValidUnknownNotCriticalCertificateExtensionTest1", "valid",
         ee("ValidUnknownNotCriticalCertificateExtensionTest1", ta, exts=[(unknown_ext(), False)]), [], [],
         "EE issued by the anchor")
    case("4.16.2", "InvalidUnknownCriticalCertificateExtensionTest2", "invalid",
         ee("InvalidUnknownCriticalCertificateExtensionTest2", ta, exts=[(unknown_ext(), True)]), [], [],
         "EE issued by the anchor")


