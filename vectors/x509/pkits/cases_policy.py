"""PKITS rebuild, sections 4.8-4.12: certificate policies, requireExplicitPolicy, policy
mappings, inhibitPolicyMapping, inhibitAnyPolicy (run by gen.py).

Each test is built once (cases/NUM.pem, no CRLs: these sections are about the policy tree)
and listed once per setting PKITS recommends for it, with PKITS's verdict there. The shapes
follow PKITS's descriptions: which certificate asserts which NIST-test-policy-N, maps what,
carries which constraint. Where a description leaves a detail open, the choice is PKITS's own
convention, written here once:
  - the first CA of a policy test (Policies P..., Mapping..., inhibitPolicyMapping...,
    inhibitAnyPolicy...) carries policyConstraints requireExplicitPolicy 0, NOT critical, as
    PKITS 2011's Policies P123 CA, Policies P12 CA and anyPolicy CA do; so do Good subCA
    (4.8.4), Policies P2 subCA2 (4.8.5) and Good subCA PanyPolicy Mapping 1to2 CA (4.10.10),
    which is what makes those tests invalid under the default settings;
  - Good CA, No Policies CA and the requireExplicitPolicy CAs carry only what their names say
    (the requireExplicitPolicy constraint critical, the intermediates asserting policy 1);
  - in 4.10.3/4.10.4 P12 Mapping 1to3 subCA asserts 2 and 3 and maps 2 to 4, its subsubCA
    asserts 3 and 4: test 3's end certificate asserts 4 (policy 2 in the anchor's domain),
    test 4's asserts 1 (mapped away at the first CA);
  - in 4.10.5/4.10.6 P1 Mapping 1to234 subCA asserts 2, 3 and 4; test 5's end certificate
    asserts 4, test 6's asserts 2 and 5;
  - policyMappings is marked critical, inhibitAnyPolicy critical.
"""
from pkits_lib import *  # noqa: F401,F403 - the builders this file is written in

ANY_POLICY = "2.5.29.32.0"
NIST = "2.16.840.1.101.3.2.1.48.%d"


def oid_der(dotted):
    arcs = [int(a) for a in dotted.split(".")]
    body = b""
    for v in [arcs[0] * 40 + arcs[1]] + arcs[2:]:
        chunk = [v & 0x7F]
        v >>= 7
        while v:
            chunk.insert(0, 0x80 | (v & 0x7F))
            v >>= 7
        body += bytes(chunk)
    return der_enc([[0x06, body]])


def pid(p):
    return ANY_POLICY if p == "any" else NIST % p


def pols(*ps, notices=None, cps=None):
    """certificatePolicies (not critical) asserting NIST-test-policy-p for each p ("any":
    anyPolicy); notices: {p: text} user notice qualifiers; cps: {p: uri}."""
    infos = []
    for p in ps:
        quals = []
        if notices and p in notices:
            quals.append(x509.UserNotice(None, notices[p]))
        if cps and p in cps:
            quals.append(cps[p])
        infos.append(x509.PolicyInformation(ObjectIdentifier(pid(p)), quals or None))
    return (x509.CertificatePolicies(infos), False)


def maps(*pairs):
    """policyMappings (critical): (issuerDomainPolicy, subjectDomainPolicy) pairs."""
    body = b"".join(der_enc([[0x30, oid_der(pid(a)) + oid_der(pid(b))]]) for a, b in pairs)
    value = der_enc([[0x30, body]])
    return (x509.UnrecognizedExtension(ObjectIdentifier("2.5.29.33"), value), True)


def pc(re=None, ipm=None, crit=False):
    return (x509.PolicyConstraints(require_explicit_policy=re, inhibit_policy_mapping=ipm), crit)


def iap(n):
    return (x509.InhibitAnyPolicy(n), True)


RE0 = pc(re=0)


def build_policies(ta):
    P = pols
    # ---- 4.8 certificate policies
    good = ca("PolicyGoodCA", "Good CA", ta, key_name="GoodCA", exts=[P(1)])

    def ee_(label, issuer, *exts, **kw):
        return ee(label, issuer, exts=list(exts), **kw)

    e = ee_("ValidCertificatePathTest1P", good, P(1))
    for s, v in (("explicit", "valid"), ("explicit,p1", "valid"), ("explicit,p2", "invalid"),
                 ("explicit,p1,p2", "valid")):
        case("4.8.1", "AllCertificatesSamePolicyTest1", v, e, [good], ta_crl=False, settings=s)
    nopol = ca("NoPoliciesCA", "No Policies CA", ta)
    e = ee_("AllCertificatesNoPoliciesTest2", nopol)
    case("4.8.2", "AllCertificatesNoPoliciesTest2", "valid", e, [nopol], ta_crl=False)
    case("4.8.2", "AllCertificatesNoPoliciesTest2", "invalid", e, [nopol], ta_crl=False,
         settings="explicit")
    p2sub = ca("PoliciesP2subCA", "Policies P2 subCA", good, exts=[P(2)])
    e = ee_("DifferentPoliciesTest3", p2sub, P(2))
    for s, v in (("-", "valid"), ("explicit", "invalid"), ("explicit,p1,p2", "invalid")):
        case("4.8.3", "DifferentPoliciesTest3", v, e, [p2sub, good], ta_crl=False, settings=s)
    goodsub = ca("PolicyGoodsubCA", "Good subCA", good, key_name="GoodsubCA", exts=[P(1), RE0])
    e = ee_("DifferentPoliciesTest4", goodsub, P(2))
    case("4.8.4", "DifferentPoliciesTest4", "invalid", e, [goodsub, good], ta_crl=False)
    p2sub2 = ca("PoliciesP2subCA2", "Policies P2 subCA2", good, exts=[P(2), RE0])
    e = ee_("DifferentPoliciesTest5", p2sub2, P(1))
    case("4.8.5", "DifferentPoliciesTest5", "invalid", e, [p2sub2, good], ta_crl=False)
    p1234 = ca("PoliciesP1234CA", "Policies P1234 CA", ta, exts=[P(1, 2, 3, 4), RE0])
    p1234s = ca("PoliciesP1234subCAP123", "Policies P1234 subCAP123", p1234, exts=[P(1, 2, 3)])
    p1234ss = ca("PoliciesP1234subsubCAP123P12", "Policies P1234 subsubCAP123P12", p1234s,
                 exts=[P(1, 2)])
    e = ee_("OverlappingPoliciesTest6", p1234ss, P(1), ca=True)
    for s, v in (("-", "valid"), ("p1", "valid"), ("p2", "invalid")):
        case("4.8.6", "OverlappingPoliciesTest6", v, e, [p1234ss, p1234s, p1234], ta_crl=False,
             settings=s, note="end certificate is a CA")
    p123 = ca("PoliciesP123CA", "Policies P123 CA", ta, exts=[P(1, 2, 3), RE0])
    p123s = ca("PoliciesP123subCAP12", "Policies P123 subCAP12", p123, exts=[P(1, 2)])
    p123ss = ca("PoliciesP123subsubCAP12P1", "Policies P123 subsubCAP12P1", p123s, exts=[P(1)])
    e = ee_("DifferentPoliciesTest7", p123ss, P(2), ca=True)
    case("4.8.7", "DifferentPoliciesTest7", "invalid", e, [p123ss, p123s, p123], ta_crl=False,
         note="end certificate is a CA")
    p12 = ca("PoliciesP12CA", "Policies P12 CA", ta, exts=[P(1, 2), RE0])
    p12s = ca("PoliciesP12subCAP1", "Policies P12 subCAP1", p12, exts=[P(1)])
    p12ss = ca("PoliciesP12subsubCAP1P2", "Policies P12 subsubCAP1P2", p12s, exts=[P(2)])
    e = ee_("DifferentPoliciesTest8", p12ss, P(1, 2), ca=True)
    case("4.8.8", "DifferentPoliciesTest8", "invalid", e, [p12ss, p12s, p12], ta_crl=False,
         note="end certificate is a CA")
    p123ss2 = ca("PoliciesP123subsubCAP12P2", "Policies P123 subsubCAP12P2", p123s, exts=[P(2)])
    p123sss = ca("PoliciesP123subsubsubCAP12P2P1", "Policies P123 subsubsubCAP12P2P1", p123ss2,
                 exts=[P(1)])
    e = ee_("DifferentPoliciesTest9", p123sss, P(1))
    case("4.8.9", "DifferentPoliciesTest9", "invalid", e, [p123sss, p123ss2, p123s, p123],
         ta_crl=False)
    e = ee_("AllCertificatesSamePoliciesTest10", p12, P(1, 2))
    for s in ("-", "p1", "p2"):
        case("4.8.10", "AllCertificatesSamePoliciesTest10", "valid", e, [p12], ta_crl=False,
             settings=s)
    anyca = ca("anyPolicyCA", "anyPolicy CA", ta, exts=[P("any"), RE0])
    e = ee_("AllCertificatesanyPolicyTest11", anyca, P("any"))
    for s in ("-", "p1"):
        case("4.8.11", "AllCertificatesanyPolicyTest11", "valid", e, [anyca], ta_crl=False,
             settings=s)
    p3 = ca("PoliciesP3CA", "Policies P3 CA", ta, exts=[P(3), RE0])
    e = ee_("DifferentPoliciesTest12", p3, P(1))
    case("4.8.12", "DifferentPoliciesTest12", "invalid", e, [p3], ta_crl=False)
    e = ee_("AllCertificatesSamePoliciesTest13", p123, P(1, 2, 3))
    for s in ("p1", "p2", "p3"):
        case("4.8.13", "AllCertificatesSamePoliciesTest13", "valid", e, [p123], ta_crl=False,
             settings=s)
    e = ee_("AnyPolicyTest14", anyca, P(1))
    case("4.8.14", "AnyPolicyTest14", "valid", e, [anyca], ta_crl=False, settings="p1")
    case("4.8.14", "AnyPolicyTest14", "invalid", e, [anyca], ta_crl=False, settings="p2")
    notice = "q1:  This is the user notice from qualifier 1.  This certificate is for test purposes only"
    e = ee_("UserNoticeQualifierTest15", ta, P(1, notices={1: notice}))
    for s, v in (("-", "valid"), ("explicit,p1", "valid"), ("explicit,p2", "invalid")):
        case("4.8.15", "UserNoticeQualifierTest15", v, e, [], ta_crl=False, settings=s,
             note="end certificate issued by the anchor")
    e = ee_("UserNoticeQualifierTest16", good,
            P(1, 2, notices={1: notice, 2: "q2: a notice for policy 2"}))
    for s, v in (("explicit,p1", "valid"), ("explicit,p2", "invalid")):
        case("4.8.16", "UserNoticeQualifierTest16", v, e, [good], ta_crl=False, settings=s)
    e = ee_("UserNoticeQualifierTest17", good, P("any", notices={"any": "q3: anyPolicy notice"}))
    for s in ("-", "p1"):
        case("4.8.17", "UserNoticeQualifierTest17", "valid", e, [good], ta_crl=False, settings=s)
    e = ee_("UserNoticeQualifierTest18", p12,
            P(1, "any", notices={1: "q4: policy 1 notice", "any": "q5: anyPolicy notice"}))
    for s in ("p1", "p2"):
        case("4.8.18", "UserNoticeQualifierTest18", "valid", e, [p12], ta_crl=False, settings=s)
    e = ee_("UserNoticeQualifierTest19", ta, P(1, notices={1: "q6: " + "x" * 240}))
    case("4.8.19", "UserNoticeQualifierTest19", "valid", e, [], ta_crl=False,
         note="explicitText of 244 characters, over the 200 of RFC 5280 4.2.1.4")
    e = ee_("CPSPointerQualifierTest20", good, P(1, cps={1: "http://csrc.nist.gov/pki/testing/x509paths.html"}))
    case("4.8.20", "CPSPointerQualifierTest20", "valid", e, [good], ta_crl=False)

    # ---- 4.9 requireExplicitPolicy
    def re_chain(r, n_sub, ee_label, ee_pols, sub_re=()):
        top = ca("requireExplicitPolicy%dCA" % r, "requireExplicitPolicy%d CA" % r, ta,
                 exts=[P(1), pc(re=r, crit=True)])
        chain, up = [top], top
        names = ("subCA", "subsubCA", "subsubsubCA")
        for k in range(n_sub):
            extra = [pc(re=sub_re[k], crit=True)] if k < len(sub_re) and sub_re[k] is not None else []
            tag = "".join("RE%d" % x for x in sub_re[:k + 1] if x is not None)
            up = ca("requireExplicitPolicy%d%s%s" % (r, names[k], tag),
                    "requireExplicitPolicy%d %s%s" % (r, names[k], tag), up, exts=[P(1)] + extra)
            chain.insert(0, up)
        e = ee_(ee_label, up, *([P(*ee_pols)] if ee_pols else []))
        return e, chain

    e, ch = re_chain(10, 3, "ValidrequireExplicitPolicyTest1", ())
    case("4.9.1", "ValidrequireExplicitPolicyTest1", "valid", e, ch, ta_crl=False)
    e, ch = re_chain(5, 3, "ValidrequireExplicitPolicyTest2", ())
    case("4.9.2", "ValidrequireExplicitPolicyTest2", "valid", e, ch, ta_crl=False)
    e, ch = re_chain(4, 3, "InvalidrequireExplicitPolicyTest3", ())
    case("4.9.3", "InvalidrequireExplicitPolicyTest3", "invalid", e, ch, ta_crl=False)
    e, ch = re_chain(0, 3, "ValidrequireExplicitPolicyTest4", (1,))
    case("4.9.4", "ValidrequireExplicitPolicyTest4", "valid", e, ch, ta_crl=False)
    e, ch = re_chain(7, 3, "InvalidrequireExplicitPolicyTest5", (), sub_re=(2, 4))
    case("4.9.5", "InvalidrequireExplicitPolicyTest5", "invalid", e, ch, ta_crl=False)
    re2 = ca("requireExplicitPolicy2CA", "requireExplicitPolicy2 CA", ta,
             exts=[P(1), pc(re=2, crit=True)])
    re2si = ca("requireExplicitPolicy2SelfIssuedCA", None, re2, subject=re2.subject, exts=[P(1)])
    e = ee_("ValidSelfIssuedrequireExplicitPolicyTest6", re2si)
    case("4.9.6", "ValidSelfIssuedrequireExplicitPolicyTest6", "valid", e, [re2si, re2],
         ta_crl=False)
    re2sub = ca("requireExplicitPolicy2subCA", "requireExplicitPolicy2 subCA", re2si, exts=[P(1)])
    e = ee_("InvalidSelfIssuedrequireExplicitPolicyTest7", re2sub)
    case("4.9.7", "InvalidSelfIssuedrequireExplicitPolicyTest7", "invalid", e,
         [re2sub, re2si, re2], ta_crl=False)
    re2subsi = ca("requireExplicitPolicy2SelfIssuedsubCA", None, re2sub, subject=re2sub.subject,
                  exts=[P(1)])
    e = ee_("InvalidSelfIssuedrequireExplicitPolicyTest8", re2subsi)
    case("4.9.8", "InvalidSelfIssuedrequireExplicitPolicyTest8", "invalid", e,
         [re2subsi, re2sub, re2si, re2], ta_crl=False)

    # ---- 4.10 policy mappings
    m12 = ca("Mapping1to2CA", "Mapping 1to2 CA", ta, exts=[P(1), maps((1, 2)), RE0])
    e = ee_("ValidPolicyMappingTest1", m12, P(2))
    for s, v in (("p1", "valid"), ("p2", "invalid"), ("inhibit-mapping", "invalid")):
        case("4.10.1", "ValidPolicyMappingTest1", v, e, [m12], ta_crl=False, settings=s)
    e = ee_("InvalidPolicyMappingTest2", m12, P(1))
    for s in ("-", "inhibit-mapping"):
        case("4.10.2", "InvalidPolicyMappingTest2", "invalid", e, [m12], ta_crl=False, settings=s)
    p12m = ca("P12Mapping1to3CA", "P12 Mapping 1to3 CA", ta, exts=[P(1, 2), maps((1, 3)), RE0])
    p12ms = ca("P12Mapping1to3subCA", "P12 Mapping 1to3 subCA", p12m,
               exts=[P(2, 3), maps((2, 4))])
    p12mss = ca("P12Mapping1to3subsubCA", "P12 Mapping 1to3 subsubCA", p12ms, exts=[P(3, 4)])
    e = ee_("ValidPolicyMappingTest3", p12mss, P(4))
    for s, v in (("p1", "invalid"), ("p2", "valid")):
        case("4.10.3", "ValidPolicyMappingTest3", v, e, [p12mss, p12ms, p12m], ta_crl=False,
             settings=s)
    e = ee_("InvalidPolicyMappingTest4", p12mss, P(1))
    case("4.10.4", "InvalidPolicyMappingTest4", "invalid", e, [p12mss, p12ms, p12m],
         ta_crl=False)
    p1m = ca("P1Mapping1to234CA", "P1 Mapping 1to234 CA", ta,
             exts=[P(1), maps((1, 2), (1, 3), (1, 4)), RE0])
    p1ms = ca("P1Mapping1to234subCA", "P1 Mapping 1to234 subCA", p1m, exts=[P(2, 3, 4)])
    for num, label, pp in (("4.10.5", "ValidPolicyMappingTest5", (4,)),
                           ("4.10.6", "ValidPolicyMappingTest6", (2, 5))):
        e = ee_(label, p1ms, P(*pp))
        for s, v in (("p1", "valid"), ("p6", "invalid")):
            case(num, label, v, e, [p1ms, p1m], ta_crl=False, settings=s)
    # 6.1.4(a): refused when the CA is parsed (PKITS: invalid at the CA)
    mfa = ca("MappingFromanyPolicyCA", "Mapping From anyPolicy CA", ta,
             exts=[P(1), maps(("any", 2)), pc(re=0, crit=True)])
    e = ee_("InvalidMappingFromanyPolicyTest7", mfa, P(2))
    case("4.10.7", "InvalidMappingFromanyPolicyTest7", "invalid", e, [mfa], ta_crl=False)
    mta = ca("MappingToanyPolicyCA", "Mapping To anyPolicy CA", ta,
             exts=[P(1), maps((1, "any")), pc(re=0, crit=True)])
    e = ee_("InvalidMappingToanyPolicyTest8", mta, P(1))
    case("4.10.8", "InvalidMappingToanyPolicyTest8", "invalid", e, [mta], ta_crl=False)
    pany = ca("PanyPolicyMapping1to2CA", "PanyPolicy Mapping 1to2 CA", ta,
              exts=[P("any"), maps((1, 2)), RE0])
    e = ee_("ValidPolicyMappingTest9", pany, P(1))
    case("4.10.9", "ValidPolicyMappingTest9", "valid", e, [pany], ta_crl=False)
    gsp = ca("GoodsubCAPanyPolicyMapping1to2CA", "Good subCA PanyPolicy Mapping 1to2 CA", good,
             exts=[P("any"), maps((1, 2)), RE0])
    e = ee_("InvalidPolicyMappingTest10", gsp, P(1))
    case("4.10.10", "InvalidPolicyMappingTest10", "invalid", e, [gsp, good], ta_crl=False)
    e = ee_("ValidPolicyMappingTest11", gsp, P(2))
    case("4.10.11", "ValidPolicyMappingTest11", "valid", e, [gsp, good], ta_crl=False)
    e = ee_("ValidPolicyMappingTest12", p12m,
            P("any", 3, notices={"any": "q7: anyPolicy notice", 3: "q8: policy 3 notice"}))
    for s in ("p1", "p2"):
        case("4.10.12", "ValidPolicyMappingTest12", "valid", e, [p12m], ta_crl=False, settings=s)
    p1any = ca("P1anyPolicyMapping1to2CA", "P1anyPolicy Mapping 1to2 CA", ta,
               exts=[P(1, "any", notices={1: "q9: policy 1", "any": "q10: anyPolicy"}),
                     maps((1, 2)), RE0])
    e = ee_("ValidPolicyMappingTest13", p1any, P(2))
    case("4.10.13", "ValidPolicyMappingTest13", "valid", e, [p1any], ta_crl=False)
    e = ee_("ValidPolicyMappingTest14", p1any, P(1))
    case("4.10.14", "ValidPolicyMappingTest14", "valid", e, [p1any], ta_crl=False)

    # ---- 4.11 inhibitPolicyMapping
    ipm0 = ca("inhibitPolicyMapping0CA", "inhibitPolicyMapping0 CA", ta,
              exts=[P(1), pc(re=0, ipm=0)])
    ipm0s = ca("inhibitPolicyMapping0subCA", "inhibitPolicyMapping0 subCA", ipm0,
               exts=[P(1), maps((1, 2))])
    e = ee_("InvalidinhibitPolicyMappingTest1", ipm0s, P(1, 2))
    case("4.11.1", "InvalidinhibitPolicyMappingTest1", "invalid", e, [ipm0s, ipm0], ta_crl=False)
    ipm1 = ca("inhibitPolicyMapping1P12CA", "inhibitPolicyMapping1 P12 CA", ta,
              exts=[P(1, 2), pc(re=0, ipm=1)])
    ipm1s = ca("inhibitPolicyMapping1P12subCA", "inhibitPolicyMapping1 P12 subCA", ipm1,
               exts=[P(1, 2), maps((1, 3), (2, 4))])
    e = ee_("ValidinhibitPolicyMappingTest2", ipm1s, P(3))
    case("4.11.2", "ValidinhibitPolicyMappingTest2", "valid", e, [ipm1s, ipm1], ta_crl=False)
    ipm1ss = ca("inhibitPolicyMapping1P12subsubCA", "inhibitPolicyMapping1 P12 subsubCA", ipm1s,
                exts=[P(3, 4), maps((3, 5))])
    e = ee_("InvalidinhibitPolicyMappingTest3", ipm1ss, P(5))
    case("4.11.3", "InvalidinhibitPolicyMappingTest3", "invalid", e, [ipm1ss, ipm1s, ipm1],
         ta_crl=False)
    e = ee_("ValidinhibitPolicyMappingTest4", ipm1ss, P(4))
    case("4.11.4", "ValidinhibitPolicyMappingTest4", "valid", e, [ipm1ss, ipm1s, ipm1],
         ta_crl=False)
    ipm5 = ca("inhibitPolicyMapping5CA", "inhibitPolicyMapping5 CA", ta,
              exts=[P(1), pc(re=0, ipm=5)])
    ipm5s = ca("inhibitPolicyMapping5subCA", "inhibitPolicyMapping5 subCA", ipm5,
               exts=[P(1), pc(ipm=1)])
    ipm5ss = ca("inhibitPolicyMapping5subsubCA", "inhibitPolicyMapping5 subsubCA", ipm5s,
                exts=[P(1)])
    ipm5sss = ca("inhibitPolicyMapping5subsubsubCA", "inhibitPolicyMapping5 subsubsubCA", ipm5ss,
                 exts=[P(1), maps((1, 2))])
    e = ee_("InvalidinhibitPolicyMappingTest5", ipm5sss, P(2))
    case("4.11.5", "InvalidinhibitPolicyMappingTest5", "invalid", e,
         [ipm5sss, ipm5ss, ipm5s, ipm5], ta_crl=False)
    ipm1s5 = ca("inhibitPolicyMapping1P12subCAIPM5", "inhibitPolicyMapping1 P12 subCAIPM5", ipm1,
                exts=[P(1, 2), pc(ipm=5)])
    ipm1ss5 = ca("inhibitPolicyMapping1P12subsubCAIPM5", "inhibitPolicyMapping1 P12 subsubCAIPM5",
                 ipm1s5, exts=[P(1, 2), maps((1, 3))])
    e = ee_("InvalidinhibitPolicyMappingTest6", ipm1ss5, P(3))
    case("4.11.6", "InvalidinhibitPolicyMappingTest6", "invalid", e, [ipm1ss5, ipm1s5, ipm1],
         ta_crl=False)
    ipmp1 = ca("inhibitPolicyMapping1P1CA", "inhibitPolicyMapping1 P1 CA", ta,
               exts=[P(1), pc(re=0, ipm=1)])
    ipmp1si = ca("inhibitPolicyMapping1P1SelfIssuedCA", None, ipmp1, subject=ipmp1.subject,
                 exts=[P(1)])
    ipmp1s = ca("inhibitPolicyMapping1P1subCA", "inhibitPolicyMapping1 P1 subCA", ipmp1si,
                exts=[P(1), maps((1, 2))])
    e = ee_("ValidSelfIssuedinhibitPolicyMappingTest7", ipmp1s, P(2))
    case("4.11.7", "ValidSelfIssuedinhibitPolicyMappingTest7", "valid", e,
         [ipmp1s, ipmp1si, ipmp1], ta_crl=False)
    ipmp1ss = ca("inhibitPolicyMapping1P1subsubCA", "inhibitPolicyMapping1 P1 subsubCA", ipmp1s,
                 exts=[P(2), maps((2, 3))])
    for num, label, pp in (("4.11.8", "InvalidSelfIssuedinhibitPolicyMappingTest8", 3),
                           ("4.11.9", "InvalidSelfIssuedinhibitPolicyMappingTest9", 2)):
        e = ee_(label, ipmp1ss, P(pp))
        case(num, label, "invalid", e, [ipmp1ss, ipmp1s, ipmp1si, ipmp1], ta_crl=False)
    ipmp1ssi = ca("inhibitPolicyMapping1P1SelfIssuedsubCA", None, ipmp1s, subject=ipmp1s.subject,
                  exts=[P(2), maps((2, 3))])
    for num, label, pp in (("4.11.10", "InvalidSelfIssuedinhibitPolicyMappingTest10", 3),
                           ("4.11.11", "InvalidSelfIssuedinhibitPolicyMappingTest11", 2)):
        e = ee_(label, ipmp1ssi, P(pp))
        case(num, label, "invalid", e, [ipmp1ssi, ipmp1s, ipmp1si, ipmp1], ta_crl=False)

    # ---- 4.12 inhibitAnyPolicy
    iap0 = ca("inhibitAnyPolicy0CA", "inhibitAnyPolicy0 CA", ta, exts=[P(1), iap(0), RE0])
    e = ee_("InvalidinhibitAnyPolicyTest1", iap0, P("any"))
    case("4.12.1", "InvalidinhibitAnyPolicyTest1", "invalid", e, [iap0], ta_crl=False)
    e = ee_("ValidinhibitAnyPolicyTest2", iap0, P("any", 1))
    case("4.12.2", "ValidinhibitAnyPolicyTest2", "valid", e, [iap0], ta_crl=False)
    iap1 = ca("inhibitAnyPolicy1CA", "inhibitAnyPolicy1 CA", ta, exts=[P(1), iap(1), RE0])
    iap1s1 = ca("inhibitAnyPolicy1subCA1", "inhibitAnyPolicy1 subCA1", iap1, exts=[P("any")])
    e = ee_("inhibitAnyPolicyTest3", iap1s1, P(1))
    case("4.12.3", "inhibitAnyPolicyTest3", "valid", e, [iap1s1, iap1], ta_crl=False)
    case("4.12.3", "inhibitAnyPolicyTest3", "invalid", e, [iap1s1, iap1], ta_crl=False,
         settings="inhibit-any")
    e = ee_("InvalidinhibitAnyPolicyTest4", iap1s1, P("any"))
    case("4.12.4", "InvalidinhibitAnyPolicyTest4", "invalid", e, [iap1s1, iap1], ta_crl=False)
    iap5 = ca("inhibitAnyPolicy5CA", "inhibitAnyPolicy5 CA", ta, exts=[P(1), iap(5), RE0])
    iap5s = ca("inhibitAnyPolicy5subCA", "inhibitAnyPolicy5 subCA", iap5, exts=[P(1), iap(1)])
    iap5ss = ca("inhibitAnyPolicy5subsubCA", "inhibitAnyPolicy5 subsubCA", iap5s, exts=[P(1)])
    e = ee_("InvalidinhibitAnyPolicyTest5", iap5ss, P("any"))
    case("4.12.5", "InvalidinhibitAnyPolicyTest5", "invalid", e, [iap5ss, iap5s, iap5],
         ta_crl=False)
    iap1s5 = ca("inhibitAnyPolicy1subCAIAP5", "inhibitAnyPolicy1 subCAIAP5", iap1,
                exts=[P(1), iap(5)])
    e = ee_("InvalidinhibitAnyPolicyTest6", iap1s5, P("any"))
    case("4.12.6", "InvalidinhibitAnyPolicyTest6", "invalid", e, [iap1s5, iap1], ta_crl=False)
    iap1si = ca("inhibitAnyPolicy1SelfIssuedCA", None, iap1, subject=iap1.subject, exts=[P(1)])
    iap1s2 = ca("inhibitAnyPolicy1subCA2", "inhibitAnyPolicy1 subCA2", iap1si, exts=[P("any")])
    e = ee_("ValidSelfIssuedinhibitAnyPolicyTest7", iap1s2, P(1))
    case("4.12.7", "ValidSelfIssuedinhibitAnyPolicyTest7", "valid", e, [iap1s2, iap1si, iap1],
         ta_crl=False)
    iap1ss2 = ca("inhibitAnyPolicy1subsubCA2", "inhibitAnyPolicy1 subsubCA2", iap1s2,
                 exts=[P("any")])
    e = ee_("InvalidSelfIssuedinhibitAnyPolicyTest8", iap1ss2, P(1))
    case("4.12.8", "InvalidSelfIssuedinhibitAnyPolicyTest8", "invalid", e,
         [iap1ss2, iap1s2, iap1si, iap1], ta_crl=False)
    iap1s2si = ca("inhibitAnyPolicy1SelfIssuedsubCA2", None, iap1s2, subject=iap1s2.subject,
                  exts=[P("any")])
    e = ee_("ValidSelfIssuedinhibitAnyPolicyTest9", iap1s2si, P(1))
    case("4.12.9", "ValidSelfIssuedinhibitAnyPolicyTest9", "valid", e,
         [iap1s2si, iap1s2, iap1si, iap1], ta_crl=False)
    # the end certificate is a self-issued CA certificate under subCA2's name
    e = ee("InvalidSelfIssuedinhibitAnyPolicyTest10", iap1s2, subject=iap1s2.subject, ca=True,
           exts=[P("any")])
    case("4.12.10", "InvalidSelfIssuedinhibitAnyPolicyTest10", "invalid", e,
         [iap1s2, iap1si, iap1], ta_crl=False, note="end certificate is a self-issued CA")
