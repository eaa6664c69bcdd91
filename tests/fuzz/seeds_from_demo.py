#!/usr/bin/env python3
"""Writes the demo-derived seeds of the fuzz corpora (tests/fuzz/corpus/) from the output of
`fibre demo --out DIR --premises 200 --seed 17 --generate-only`: the head of each CSV the demo
writes, the first worksites of its GeoJSON, and the head of each GraceTHD CSV table that
fuzz_gracethd_table maps, behind the byte that picks the table. Seeds stay small (a header and
a dozen records) so that libFuzzer mutates real-looking lines rather than megabytes.

    tests/fuzz/seeds_from_demo.py DIR
"""
import json
import pathlib
import sys

ROWS = 12
# The order of fuzz_gracethd_table.cpp's `tables`: the seed's first byte is the index.
GRACETHD_TABLES = ["t_cable", "t_ebp", "t_local", "t_ptech", "t_site", "t_cab_chem", "t_baie"]


def head(path, rows=ROWS):
    lines = path.read_bytes().splitlines(keepends=True)
    return b"".join(lines[: rows + 1])


def main():
    demo = pathlib.Path(sys.argv[1])
    corpus = pathlib.Path(__file__).resolve().parent / "corpus"
    csv_dir = corpus / "csv_table"
    for path in sorted(demo.glob("*/*.csv")):
        (csv_dir / f"demo-{path.parent.name}-{path.stem}.csv"[:80]).write_bytes(head(path))
    delivery = sorted((demo / "gracethd").iterdir())[0]
    (csv_dir / "demo-gracethd-t_local.csv").write_bytes(head(delivery / "t_local.csv"))

    gracethd_dir = corpus / "gracethd_table"
    for index, table in enumerate(GRACETHD_TABLES):
        body = head(delivery / f"{table}.csv")
        (gracethd_dir / f"demo-{table}").write_bytes(bytes([index]) + body)

    worksites = json.loads((demo / "worksites" / "chantiers.geojson").read_text(encoding="utf-8"))
    worksites["features"] = worksites["features"][:3]
    (corpus / "worksites" / "demo-chantiers.geojson").write_text(
        json.dumps(worksites, ensure_ascii=False, indent=1), encoding="utf-8")

    dates = set()
    for feature in worksites["features"]:
        for key, value in feature["properties"].items():
            if isinstance(value, str) and any(c.isdigit() for c in value) and len(value) <= 40:
                if key.startswith(("debut", "fin", "date", "suspensions")):
                    dates.add(value)
    for i, value in enumerate(sorted(dates)):
        (corpus / "date" / f"demo-worksites-{i:02d}").write_text(value, encoding="utf-8")


if __name__ == "__main__":
    main()
