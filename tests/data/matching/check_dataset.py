#!/usr/bin/env python3
"""Validates the labelled matching set in this folder and prints its counts.

Standard library only. Usage: python3 check_dataset.py [DIR]   (DIR defaults to
the folder of this script). Exit status 0 when every check passes, 1 otherwise.

Checks:
  - vendor.csv / partner.csv are UTF-8 CSV with exactly the expected header, the
    same number of fields on every row, the line endings and BOM of the CRM they
    imitate (Salesforce: CRLF, no BOM; HubSpot: LF, UTF-8 BOM), no blank record id;
  - record ids are unique per file, Salesforce ids are 18 characters with a valid
    case-checksum suffix, HubSpot ids are digits;
  - every LEI (vendor `LEI`, and any partner `Registration ID` that has the shape
    of an LEI) passes the ISO 17442 / ISO 7064 mod 97-10 check;
  - every DUNS value is digits (separators '-' and ' ' allowed, an optional
    4-digit DUNS+4 suffix after '-'), at most 9 digits once the suffix is dropped;
  - truth.csv and hard_negatives.csv have the expected header, every id exists
    on its side, no pair is listed twice, no pair is in both files;
  - match_basis uses only id, domain, name, name_variant joined by '+' (or none),
    and a pair labelled 'id' really shares a DUNS (after padding to 9 digits and
    dropping DUNS+4) or an LEI, while a pair without 'id' does not;
  - every hard negative's `why` starts with a known kind, and an
    equal_name_id_veto pair really carries two different ids of one kind.
"""
import collections
import csv
import io
import os
import re
import sys

VENDOR_HEADER = ["Account ID", "Account Name", "Type", "Website", "Additional Domains", "D-U-N-S Number", "LEI",
                 "Billing Country", "Industry"]
PARTNER_HEADER = ["Record ID", "Company name", "Company Domain Name", "Website URL", "Lifecycle Stage", "DUNS",
                  "Country/Region", "Industry", "Registration ID", "Registration Country"]
TRUTH_HEADER = ["vendor_id", "partner_id", "match_basis"]
NEG_HEADER = ["vendor_id", "partner_id", "why"]
BASIS_ORDER = ["id", "domain", "name", "name_variant"]
NEG_KINDS = ["similar_name", "group_sibling", "parent_subsidiary", "same_brand_different_company",
             "equal_name_id_veto", "equal_name_no_ids", "hosting_or_profile_url"]
SF_CHECK = "ABCDEFGHIJKLMNOPQRSTUVWXYZ012345"

errors = []


def err(msg):
    errors.append(msg)


def read_csv(path, header, want_bom, want_crlf):
    raw = open(path, "rb").read()
    name = os.path.basename(path)
    has_bom = raw.startswith(b"\xef\xbb\xbf")
    if want_bom is not None and has_bom != want_bom:
        err("%s: UTF-8 BOM %s" % (name, "missing" if want_bom else "present"))
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        err("%s: not UTF-8 (%s)" % (name, e))
        return []
    if want_crlf is not None:
        crlf = raw.count(b"\r\n")
        lf = raw.count(b"\n")
        if want_crlf and crlf != lf:
            err("%s: expected CRLF line endings (%d of %d)" % (name, crlf, lf))
        if not want_crlf and crlf:
            err("%s: expected LF line endings, found %d CRLF" % (name, crlf))
    rows = list(csv.reader(io.StringIO(text, newline="")))
    if not rows:
        err("%s: empty" % name)
        return []
    if rows[0] != header:
        err("%s: header %r, expected %r" % (name, rows[0], header))
    out = []
    for i, r in enumerate(rows[1:], 2):
        if len(r) != len(header):
            err("%s: record %d has %d fields, expected %d" % (name, i, len(r), len(header)))
            continue
        out.append(dict(zip(header, r), _line=i))
    return out


def lei_ok(s):
    if not re.fullmatch(r"[0-9A-Z]{18}[0-9]{2}", s):
        return False
    return int("".join(str(int(c, 36)) for c in s)) % 97 == 1


def lei_norm(raw):
    s = re.sub(r"\s+", "", raw or "").upper()
    return s if re.fullmatch(r"[0-9A-Z]{20}", s) else None


def duns_norm(raw):
    """9-digit DUNS, None when blank, False when malformed. Accepts '-' / ' '
    separators, lost leading zeros ('1234567') and a DUNS+4 suffix ('-0001')."""
    s = (raw or "").strip()
    if not s:
        return None
    if not re.fullmatch(r"\d[\d\- ]*", s) or s.endswith(("-", " ")):
        return False
    digits = re.sub(r"\D", "", s)
    if re.search(r"-\d{4}$", s) and len(digits) == 13:
        digits = digits[:9]
    if len(digits) > 9:
        return False
    return digits.zfill(9)


def sf_id_ok(sid):
    if not re.fullmatch(r"[0-9A-Za-z]{18}", sid):
        return False
    suffix = ""
    for i in range(3):
        chunk = sid[i * 5:(i + 1) * 5]
        suffix += SF_CHECK[sum(1 << j for j, ch in enumerate(chunk) if "A" <= ch <= "Z")]
    return suffix == sid[15:]


def main():
    here = sys.argv[1] if len(sys.argv) > 1 else os.path.dirname(os.path.abspath(__file__))
    vendor = read_csv(os.path.join(here, "vendor.csv"), VENDOR_HEADER, want_bom=False, want_crlf=True)
    partner = read_csv(os.path.join(here, "partner.csv"), PARTNER_HEADER, want_bom=True, want_crlf=False)
    truth = read_csv(os.path.join(here, "truth.csv"), TRUTH_HEADER, want_bom=None, want_crlf=None)
    negs = read_csv(os.path.join(here, "hard_negatives.csv"), NEG_HEADER, want_bom=None, want_crlf=None)

    V, P = {}, {}
    for r in vendor:
        i = r["Account ID"]
        if not i:
            err("vendor.csv: line %d has no Account ID" % r["_line"])
        elif i in V:
            err("vendor.csv: duplicate Account ID %s" % i)
        elif not sf_id_ok(i):
            err("vendor.csv: %s is not an 18-character Salesforce id with a valid checksum" % i)
        V[i] = r
    for r in partner:
        i = r["Record ID"]
        if not re.fullmatch(r"\d+", i):
            err("partner.csv: line %d: Record ID %r is not numeric" % (r["_line"], i))
        elif i in P:
            err("partner.csv: duplicate Record ID %s" % i)
        P[i] = r

    # ids
    vd = {i: duns_norm(r["D-U-N-S Number"]) for i, r in V.items()}
    pd = {i: duns_norm(r["DUNS"]) for i, r in P.items()}
    for side, d in (("vendor.csv", vd), ("partner.csv", pd)):
        for i, v in d.items():
            if v is False:
                err("%s: %s: DUNS is not 9 digits (with optional separators / DUNS+4)" % (side, i))
    vl, pl = {}, {}
    for i, r in V.items():
        if r["LEI"].strip():
            s = lei_norm(r["LEI"])
            if not s or not lei_ok(s):
                err("vendor.csv: %s: LEI %r fails the ISO 17442 check" % (i, r["LEI"]))
            vl[i] = s
    for i, r in P.items():
        s = lei_norm(r["Registration ID"])
        if s and re.search(r"[A-Z]", s):
            if not lei_ok(s):
                err("partner.csv: %s: Registration ID %r looks like an LEI but fails the check" % (i, r["Registration ID"]))
            pl[i] = s

    def shares_id(a, b):
        return bool((vd.get(a) and vd.get(a) == pd.get(b)) or (vl.get(a) and vl.get(a) == pl.get(b)))

    def id_conflict(a, b):
        return bool((vd.get(a) and pd.get(b) and vd[a] != pd[b]) or (vl.get(a) and pl.get(b) and vl[a] != pl[b]))

    tpairs, npairs = set(), set()
    basis = collections.Counter()
    for r in truth:
        a, b, m = r["vendor_id"], r["partner_id"], r["match_basis"]
        if a not in V:
            err("truth.csv: vendor id %s not in vendor.csv" % a)
        if b not in P:
            err("truth.csv: partner id %s not in partner.csv" % b)
        if (a, b) in tpairs:
            err("truth.csv: pair %s,%s listed twice" % (a, b))
        tpairs.add((a, b))
        parts = m.split("+")
        if m != "none" and (any(p not in BASIS_ORDER for p in parts) or
                            parts != sorted(parts, key=BASIS_ORDER.index) or len(set(parts)) != len(parts) or
                            ("name" in parts and "name_variant" in parts)):
            err("truth.csv: %s,%s: bad match_basis %r" % (a, b, m))
        if a in V and b in P:
            if ("id" in parts) != shares_id(a, b):
                err("truth.csv: %s,%s: match_basis %r but the records %s an id" % (
                    a, b, m, "share" if shares_id(a, b) else "do not share"))
            if id_conflict(a, b):
                err("truth.csv: %s,%s: a true match carries two different ids of one kind" % (a, b))
        basis[m] += 1
    kinds = collections.Counter()
    for r in negs:
        a, b, w = r["vendor_id"], r["partner_id"], r["why"]
        if a not in V:
            err("hard_negatives.csv: vendor id %s not in vendor.csv" % a)
        if b not in P:
            err("hard_negatives.csv: partner id %s not in partner.csv" % b)
        if (a, b) in npairs:
            err("hard_negatives.csv: pair %s,%s listed twice" % (a, b))
        npairs.add((a, b))
        kind = w.split(":", 1)[0]
        if kind not in NEG_KINDS:
            err("hard_negatives.csv: %s,%s: unknown kind %r" % (a, b, kind))
        if kind == "equal_name_id_veto" and a in V and b in P and not id_conflict(a, b):
            err("hard_negatives.csv: %s,%s: equal_name_id_veto but no conflicting ids" % (a, b))
        if a in V and b in P and shares_id(a, b):
            err("hard_negatives.csv: %s,%s: a hard negative shares an id" % (a, b))
        kinds[kind] += 1
    for p in sorted(tpairs & npairs):
        err("pair %s,%s is in both truth.csv and hard_negatives.csv" % p)

    # counts
    tv = collections.Counter(a for a, _ in tpairs)
    tp = collections.Counter(b for _, b in tpairs)
    print("vendor.csv   %5d records (Salesforce Account export, CRLF, no BOM)" % len(V))
    print("partner.csv  %5d records (HubSpot companies export, LF, UTF-8 BOM)" % len(P))
    print("truth.csv    %5d matching pairs; %d vendor and %d partner records take part" % (len(tpairs), len(tv), len(tp)))
    print("             vendor records in 2+ pairs: %d; partner records in 2+ pairs: %d" % (
        sum(1 for v in tv.values() if v > 1), sum(1 for v in tp.values() if v > 1)))
    print("  by match_basis:")
    for m, n in sorted(basis.items(), key=lambda x: (-x[1], x[0])):
        print("    %-22s %4d" % (m, n))
    ev = collections.Counter()
    for m, n in basis.items():
        ps = set(m.split("+"))
        ev["strict (id or domain)"] += n if ps & {"id", "domain"} else 0
        ev["standard (+ name)"] += n if ps & {"id", "domain", "name"} else 0
        ev["broad (+ name_variant)"] += n if ps & {"id", "domain", "name", "name_variant"} else 0
    print("  reachable by a correct matcher under each policy (before any id veto):")
    for k in ("strict (id or domain)", "standard (+ name)", "broad (+ name_variant)"):
        print("    %-22s %4d of %d (%.1f%%)" % (k, ev[k], len(tpairs), 100.0 * ev[k] / max(1, len(tpairs))))
    print("hard_negatives.csv %d pairs:" % len(npairs))
    for k in NEG_KINDS:
        print("    %-28s %4d" % (k, kinds[k]))
    nd = sum(1 for v in vd.values() if v)
    ndp = sum(1 for v in pd.values() if v)
    print("ids: DUNS on %d vendor (%.0f%%) and %d partner (%.0f%%) records; LEI on %d vendor records (%.0f%%);"
          % (nd, 100.0 * nd / max(1, len(V)), ndp, 100.0 * ndp / max(1, len(P)), len(vl), 100.0 * len(vl) / max(1, len(V))))
    nreg = sum(1 for r in P.values() if r["Registration ID"].strip())
    print("     Registration ID on %d partner records (%d of them LEIs)" % (nreg, len(pl)))
    if errors:
        for e in errors[:200]:
            print("ERROR:", e, file=sys.stderr)
        print("%d error(s)" % len(errors), file=sys.stderr)
        return 1
    print("OK: all checks passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
