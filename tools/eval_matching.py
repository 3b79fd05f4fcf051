#!/usr/bin/env python3
"""Precision and recall of blindmap's matching on a labelled pair of exports.

Runs `blindmap match-local MINE PARTNER --policy P --format json` for each
policy and compares the matched pairs (by account id) with the truth file
(every pair of records of the same company) and the hard negatives (pairs of
different companies with confusable names).

  tools/eval_matching.py [--blindmap build/client/blindmap]
                         [--data tests/data/matching] [--policy strict ...]

The data directory holds vendor.csv, partner.csv, truth.csv
(vendor_id,partner_id,...) and hard_negatives.csv (vendor_id,partner_id,...).
Prints one line per policy; exits 1 if a policy finds no pair at all.
"""
import argparse
import collections
import csv
import json
import os
import subprocess
import sys


def read_pairs(path):
    with open(path, newline="", encoding="utf-8") as f:
        return {(row["vendor_id"], row["partner_id"]) for row in csv.DictReader(f)}


def read_kinds(path):
    with open(path, newline="", encoding="utf-8") as f:
        return {(row["vendor_id"], row["partner_id"]): row["why"].split(":")[0]
                for row in csv.DictReader(f)}


def match(blindmap, data, policy):
    # Both sides detect their columns; all_accounts.yaml puts every record in
    # one population, so records outside Customers/Prospects count too.
    config = os.path.join(data, "all_accounts.yaml")
    out = subprocess.run(
        [blindmap, "--config", config, "match-local",
         os.path.join(data, "vendor.csv"), os.path.join(data, "partner.csv"),
         "--partner-config", config, "--policy", policy, "--format", "json"],
        check=True, capture_output=True, text=True).stdout
    result = json.loads(out)
    return {(p["my_account_id"], p["partner_account_id"]) for p in result["pairs"]}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--blindmap", default="build/client/blindmap")
    parser.add_argument("--data", default="tests/data/matching")
    parser.add_argument("--policy", nargs="*",
                        default=["strict", "standard", "broad"])
    parser.add_argument("--by-kind", action="store_true",
                        help="also print the hard negatives matched, by kind")
    args = parser.parse_args()
    truth = read_pairs(os.path.join(args.data, "truth.csv"))
    kinds = read_kinds(os.path.join(args.data, "hard_negatives.csv"))
    negatives = set(kinds)
    print(f"{'policy':<9} {'pairs':>6} {'TP':>6} {'FP':>5} {'FN':>5} "
          f"{'precision':>9} {'recall':>7} {'hard negatives matched':>22}")
    status = 0
    for policy in args.policy:
        found = match(args.blindmap, args.data, policy)
        tp = len(found & truth)
        fp = len(found - truth)
        fn = len(truth - found)
        precision = tp / len(found) if found else 0.0
        recall = tp / len(truth) if truth else 0.0
        print(f"{policy:<9} {len(found):>6} {tp:>6} {fp:>5} {fn:>5} "
              f"{precision:>9.4f} {recall:>7.4f} {len(found & negatives):>22}")
        if args.by_kind:
            matched = collections.Counter(kinds[p] for p in found & negatives)
            print("          " + ", ".join(f"{k} {v}" for k, v in sorted(matched.items())))
        if not found:
            status = 1
    return status


if __name__ == "__main__":
    sys.exit(main())
