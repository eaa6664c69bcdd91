#!/usr/bin/env python3
"""Writes data/commune-mergers.csv: every INSEE code of a former commune and the code of the
current commune it now belongs to, from Etalab's découpage administratif (npm package
@etalab/decoupage-administratif, data/communes.json; MIT, data Licence Ouverte).

    cd /tmp && npm pack @etalab/decoupage-administratif@6.0.0
    scripts/make-commune-mergers.py /tmp/etalab-decoupage-administratif-6.0.0.tgz > data/commune-mergers.csv

A former code comes from two places of communes.json: the `anciensCodes` of a current commune
(`commune-actuelle`), and the communes déléguées and associées (`commune-deleguee`,
`commune-associee`), whose `chefLieu` is the current commune they belong to. A code that is itself
a current commune is never mapped (a commune nouvelle takes the code of its chef-lieu: that code
stays). Where the two disagree (55273 is an `anciensCodes` of 55245 and today a commune associée of
55386), the commune déléguée or associée wins: it is the code's attachment today, while
`anciensCodes` keeps older history; each such case is named on stderr.
"""
import csv
import json
import sys
import tarfile


def main(tarball: str) -> int:
    with tarfile.open(tarball) as tar:
        member = tar.getmember("package/data/communes.json")
        communes = json.load(tar.extractfile(member))
    current = {c["code"] for c in communes if c["type"] == "commune-actuelle"}
    mapping: dict[str, str] = {}

    def add(old: str, new: str) -> None:
        if old == new or old in current:
            return
        if new not in current:
            raise SystemExit(f"former commune {old} points to {new}, which is not a current commune")
        if old in mapping:
            if mapping[old] != new:
                print(f"former commune {old}: kept {mapping[old]} (its chef-lieu today), not {new}",
                      file=sys.stderr)
            return
        mapping[old] = new

    for c in communes:
        if c["type"] in ("commune-deleguee", "commune-associee"):
            add(c["code"], c["chefLieu"])
    for c in communes:
        if c["type"] == "commune-actuelle":
            for old in c.get("anciensCodes", []):
                add(old, c["code"])
    out = csv.writer(sys.stdout, delimiter=";", lineterminator="\n")
    out.writerow(["old_insee", "new_insee"])
    for old in sorted(mapping):
        out.writerow([old, mapping[old]])
    return 0


if __name__ == "__main__":
    if len(sys.argv) != 2:
        raise SystemExit("usage: make-commune-mergers.py etalab-decoupage-administratif-X.Y.Z.tgz")
    sys.exit(main(sys.argv[1]))
