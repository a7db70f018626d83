#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Differential audit of mutls's certificate verdicts against `openssl verify -x509_strict`.

For each baseline chain (chain.py) and each mutation (mutations.py) this builds the mutated leaf
or intermediate, re-signs it with the committed key of vectors/pki, and runs

  mutls verify --ca ROOT --untrusted INTER --purpose P [--host H] --time T LEAF
  openssl verify -x509_strict -attime T -CAfile ROOT -untrusted INTER -purpose sslP
                 [-verify_hostname H] LEAF

then writes one row per case to results.txt (or the file given with -o): the verdicts, mutls's
sentence, OpenSSL's error, and whether they agree. Python 3 stdlib and the openssl 3 CLI only.

  python3 vectors/x509/diff/run.py [--mutls PATH] [-o FILE] [--keep DIR] [-j N] [--only SUBSTR]
                                   [--walk [--full]] [--detail HELPER]

--walk runs the generic TLV edits of walk.py (every element of the leaf and intermediate TBS)
instead of the catalogue of mutations.py, into results_walk.txt (agreeing rows with their codes
only, unless --full). --detail HELPER names a build of
certdetail.c (cc -Iinclude certdetail.c build-diff/libmutls.a -ltomcrypt -ltommath): for a
certificate `mutls verify` calls "malformed" at load, the row then also shows the library's
mutls_certs_load_detail sentence. --keep DIR leaves every PEM there. ECDSA signatures are randomised by openssl, so certificate
bytes differ between runs; verdicts do not.
"""
import argparse
import copy
import os
import re
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor

sys.dont_write_bytecode = True  # no __pycache__ in the vectors tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))  # der.py
from chain import Chain, build, pem, tbs_bytes  # noqa: E402
from mutations import MUTATIONS  # noqa: E402
from walk import tbs_mutations  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT_DIR = os.path.normpath(os.path.join(HERE, "..", "..", ".."))
TIME = 1800000000  # 2027-01-15T08:00:00Z, inside every baseline validity


def make_case(ch, m):
    """(leaf DER, intermediate DER) of chain @ch with mutation @m (None = baseline)."""
    ch = copy.copy(ch)
    inter, leaf = ch.base_inter(), ch.base_leaf()
    if m is not None:
        target = leaf if m["target"] == "leaf" else inter
        m["fn"](target, ch)
        if m["follow"]:
            leaf["issuer"] = inter["subject"]
    return build(leaf), build(inter)


def load_detail(helper, path):
    if not helper:
        return ""
    p = subprocess.run([helper, path], capture_output=True, text=True, timeout=60)
    return p.stdout.strip()


def run_mutls(tool, ch, d, helper=None):
    cmd = [tool, "verify", "--ca", ch.root_path, "--untrusted", os.path.join(d, "inter.pem"),
           "--purpose", ch.purpose, "--time", str(TIME)]
    if ch.host:
        cmd += ["--host", ch.host]
    p = subprocess.run(cmd + [os.path.join(d, "leaf.pem")], capture_output=True, text=True, timeout=60)
    out = (p.stdout + p.stderr).strip().replace(d + "/", "")
    if p.returncode == 0:
        return "OK", ""
    if p.returncode < 0 or p.returncode > 2:
        return "CRASH", "exit %d: %s" % (p.returncode, out)
    first = out.splitlines()[0] if out else ""
    m = re.match(r"error: (\S+)(?: at depth (\d+))?: (.*)", first)
    if m:
        code = m.group(1) + ("@%s" % m.group(2) if m.group(2) else "")
        text = m.group(3)
        if helper and text.endswith("is malformed") and " in " in text:
            which = "inter.pem" if "inter.pem" in text else "leaf.pem"
            text += " || library: " + load_detail(helper, os.path.join(d, which))
        return "FAIL", "%s | %s" % (code, text)
    return "FAIL", first


def run_openssl(ch, d):
    cmd = ["openssl", "verify", "-x509_strict", "-attime", str(TIME), "-CAfile", ch.root_path,
           "-untrusted", os.path.join(d, "inter.pem"), "-purpose", "ssl" + ch.purpose]
    if ch.host:
        cmd += ["-verify_hostname", ch.host]
    p = subprocess.run(cmd + [os.path.join(d, "leaf.pem")], capture_output=True, text=True, timeout=60)
    out = (p.stdout + p.stderr).strip()
    if p.returncode == 0 and out.endswith(": OK"):
        return "OK", ""
    m = re.search(r"error (\d+) at (\d+) depth lookup: (.*)", out)
    if m:
        return "FAIL", "%s@%s | %s" % (m.group(1), m.group(2), m.group(3))
    if "Could not" in out or "unable to load" in out.lower() or "Error loading" in out:
        what = "leaf" if "Could not" in out and "leaf" in out else "untrusted"
        return "FAIL", "load | cannot parse the %s certificate" % what
    return "FAIL", out.splitlines()[0] if out else "rc=%d" % p.returncode


def one(tool, ch, m, keep, helper=None):
    mid = m["id"] if m else "baseline"
    with tempfile.TemporaryDirectory() as d:
        try:
            leaf, inter = make_case(ch, m)
        except Exception as e:  # a generator bug: show it, do not hide the row
            return (ch.kind, mid, m["rule"] if m else "", "ERR", str(e), "ERR", "", "gen-error")
        for nm, der in (("leaf", leaf), ("inter", inter)):
            with open(os.path.join(d, nm + ".pem"), "w") as f:
                f.write(pem(der))
        if keep:
            for nm, der in (("leaf", leaf), ("inter", inter)):
                with open(os.path.join(keep, "%s_%s_%s.pem" % (ch.kind, mid, nm)), "w") as f:
                    f.write(pem(der))
        mv, ms = run_mutls(tool, ch, d, helper)
        ov, os_ = run_openssl(ch, d)
    agree = "agree" if mv == ov else "DISAGREE"
    return (ch.kind, mid, m["rule"] if m else "RFC 5280 6.1 (baseline)", mv, ms, ov, os_, agree)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--mutls", default=os.path.join(ROOT_DIR, "build-diff", "examples", "mutls"))
    ap.add_argument("-o", default=os.path.join(HERE, "results.txt"))
    ap.add_argument("--keep")
    ap.add_argument("-j", type=int, default=2)
    ap.add_argument("--only")
    ap.add_argument("--walk", action="store_true")
    ap.add_argument("--detail")
    ap.add_argument("--full", action="store_true", help="walk: keep every row's sentences")
    a = ap.parse_args()
    if a.walk and a.o == os.path.join(HERE, "results.txt"):
        a.o = os.path.join(HERE, "results_walk.txt")
    if a.keep:
        os.makedirs(a.keep, exist_ok=True)
    jobs = []
    for kind in ("rsa", "ec"):
        ch = Chain(kind)
        jobs.append((ch, None))
        if a.walk:
            jobs += [(ch, m) for m in walk_mutations(ch) if not a.only or a.only in m["id"]]
            continue
        for m in MUTATIONS:
            if (m["only"] in (None, kind)) and (not a.only or a.only in m["id"]):
                jobs.append((ch, m))
    with ThreadPoolExecutor(a.j) as ex:
        rows = list(ex.map(lambda j: one(a.mutls, j[0], j[1], a.keep, a.detail), jobs))
    write(a.o, rows, compact=a.walk and not a.full)
    bad = [r for r in rows if r[1] == "baseline" and (r[3] != "OK" or r[5] != "OK")]
    if bad:
        print("baseline does not pass:", bad, file=sys.stderr)
        return 1
    return 0


def walk_mutations(ch):
    """run.py's mutation records for every walk.py edit of the leaf and intermediate TBS."""
    out = []
    for target, model in (("leaf", ch.base_leaf()), ("inter", ch.base_inter())):
        for label, op, new in tbs_mutations(tbs_bytes(model)):
            def fn(c, _ch, new=new):
                c["tbs_fn"] = lambda _t: new
            out.append({"id": "%s#%s#%s" % (target, label, op), "target": target,
                        "rule": "walk.py " + op, "fn": fn, "only": None, "follow": False})
    return out


def write(path, rows, compact=False):
    """The table; @compact (the walk) gives agreeing rows only their codes, not sentences."""
    n = len(rows)
    dis = sum(1 for r in rows if r[7] != "agree")
    both_ok = sum(1 for r in rows if r[3] == "OK" and r[5] == "OK")
    both_fail = sum(1 for r in rows if r[3] == "FAIL" and r[5] == "FAIL")
    with open(path, "w") as f:
        f.write("# SPDX-License-Identifier: MIT\n")
        f.write("# Differential X.509 audit: mutls verify vs openssl verify -x509_strict (OpenSSL 3.0).\n")
        f.write("# Generated by vectors/x509/diff/run.py; do not edit by hand. Analysis: FINDINGS.md.\n")
        f.write("# chain rsa: server leaf, --purpose server --host localhost; chain ec: client leaf.\n")
        f.write("# Columns: chain | mutation | mutls verdict | openssl verdict | agree\n")
        f.write("#   then 'rule:', 'mutls:' (code@depth | sentence), 'openssl:' (error@depth | text).\n")
        if compact:
            f.write("# Walk ids are target#path#edit (walk.py); agreeing rows show only 'codes:'.\n")
        f.write("# cases %d, agree %d (both OK %d, both FAIL %d), disagree %d\n\n"
                % (n, n - dis, both_ok, both_fail, dis))
        for r in rows:
            f.write("%-4s %-44s mutls=%-5s openssl=%-5s %s\n" % (r[0], r[1], r[3], r[5], r[7]))
            if compact and r[7] == "agree":
                codes = [x.split(" | ")[0] for x in (r[4], r[6]) if x]
                if codes:
                    f.write("     codes: %s\n" % " / ".join(codes))
                continue
            if not compact:
                f.write("     rule: %s\n" % r[2])
            if r[4]:
                f.write("     mutls: %s\n" % r[4])
            if r[6]:
                f.write("     openssl: %s\n" % r[6])


if __name__ == "__main__":
    sys.exit(main())
