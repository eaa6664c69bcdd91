#!/usr/bin/env python3
"""Benchmark harness of fibre: each stage of the pipeline as a whole process, on the demo
département at one or more sizes. Called by scripts/bench.sh, which builds fibre first."""

import argparse
import datetime
import json
import os
import platform
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

# Budgets at N = 1 000 000 premises on a 2-core machine (seconds; memory in MiB).
BUDGET_SIZE = 1_000_000
BUDGET_SECONDS = {"analyze": 10.0, "status": 1.0, "progress": 10.0, "report": 10.0, "export": 60.0}
BUDGET_IMPORT_RATIO = 1.0
BUDGET_PEAK_MIB = 2048.0
STAGES = ["demo", "import", "analyze", "status", "progress", "remaining", "report", "export"]
SOURCES = ["communes", "cadastre", "ban", "gracethd", "ipe", "worksites"]


def parse_args():
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("--fibre", required=True, help="the fibre binary")
    p.add_argument("--root", required=True, help="the repository")
    p.add_argument("--sizes", default="100000,1000000", help="comma-separated premise counts")
    p.add_argument("--runs", type=int, default=3, help="runs per stage (median, min, max)")
    p.add_argument("--seed", type=int, default=17)
    p.add_argument("--cache", help="where generated départements are kept (default bench/cache)")
    p.add_argument("--results", help="where the JSON goes (default bench/results)")
    p.add_argument("--stages", default=",".join(STAGES),
                   help="stages to measure after demo and import, which always run (e.g. --stages analyze,status)")
    p.add_argument("--require-all", action="store_true",
                   help="fail unless every stage was measured (the harness' own smoke test)")
    p.add_argument("--update-docs", action="store_true",
                   help="write the table into docs/performance.md between its bench markers")
    return p.parse_args()


def timed(cmd, cwd=None):
    """Runs cmd under /usr/bin/time -v; returns wall, cpu seconds and peak RSS (MiB)."""
    with tempfile.NamedTemporaryFile("r", suffix=".time") as tf:
        proc = subprocess.run(["/usr/bin/time", "-v", "-o", tf.name] + cmd, cwd=cwd,
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        report = tf.read()
    if proc.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)} exited {proc.returncode}:\n{proc.stderr[-2000:]}")
    def field(name):
        m = re.search(re.escape(name) + r":\s*(.+)", report)
        return m.group(1).strip() if m else "0"
    wall_text = field("Elapsed (wall clock) time (h:mm:ss or m:ss)")
    parts = [float(x) for x in wall_text.split(":")]
    wall = 0.0
    for x in parts:
        wall = wall * 60 + x
    cpu = float(field("User time (seconds)")) + float(field("System time (seconds)"))
    peak = float(field("Maximum resident set size (kbytes)")) / 1024.0
    return {"wall": wall, "cpu": cpu, "peak_mib": peak}


def summarise(samples):
    walls = [s["wall"] for s in samples]
    return {
        "wall_median": statistics.median(walls), "wall_min": min(walls), "wall_max": max(walls),
        "cpu_median": statistics.median([s["cpu"] for s in samples]),
        "peak_mib": max(s["peak_mib"] for s in samples), "runs": len(samples),
    }


def has_command(fibre, name):
    return subprocess.run([fibre, name, "--help"], stdout=subprocess.DEVNULL,
                          stderr=subprocess.DEVNULL).returncode == 0


# Bumped whenever `fibre demo` writes other files for the same seed and size.
DEMO_FORMAT = "gracethd-v3-deliveries"


def ogr2ogr_commands(demo, out_db):
    """ogr2ogr invocations that copy the same demo files into one SpatiaLite database."""
    cmds = []
    first = [True]
    def add(src, extra):
        mode = ["-dsco", "SPATIALITE=YES"] if first[0] else ["-update", "-append"]
        first[0] = False
        cmds.append(["ogr2ogr", "-f", "SQLite"] + mode + ["-gt", "65536"] + extra + [str(out_db), str(src)])
    gracethd = demo / "gracethd"
    if gracethd.is_dir():
        # One folder per delivery (per NRO zone), each with its shapefiles and CSV tables.
        deliveries = sorted(p.parent for p in gracethd.rglob("t_noeud.shp"))
        for folder in deliveries:
            add(folder, [])  # the shapefiles of the folder
            for csv in sorted(folder.glob("*.csv")):
                add(csv, ["-oo", "SEPARATOR=SEMICOLON"])
    cadastre = demo / "cadastre"
    if cadastre.is_dir():
        for layer in ("communes", "parcelles", "batiments"):
            files = sorted(cadastre.glob(f"cadastre-*-{layer}.json"))
            if not files:
                continue
            vrt = out_db.parent / f"cadastre-{layer}.vrt"
            members = "".join(
                f'<OGRVRTLayer name="{f.stem}"><SrcDataSource>{f}</SrcDataSource></OGRVRTLayer>' for f in files)
            vrt.write_text(f'<OGRVRTDataSource><OGRVRTUnionLayer name="{layer}">{members}'
                           f'</OGRVRTUnionLayer></OGRVRTDataSource>')
            add(vrt, ["-t_srs", "EPSG:2154", "-nlt", "PROMOTE_TO_MULTI"])
    for folder in ("ban", "ipe", "communes"):
        for csv in sorted((demo / folder).glob("*.csv")) if (demo / folder).is_dir() else []:
            add(csv, ["-oo", "SEPARATOR=SEMICOLON"])
    ws = demo / "worksites" / "chantiers.geojson"
    if ws.exists():
        add(ws, ["-nlt", "PROMOTE_TO_MULTI"])
    return cmds


def run_size(args, n, cache_root, work):
    fibre = args.fibre
    # The cache is keyed by the demo's format too: a département generated by an older fibre
    # (another GraceTHD layout) is not reused.
    demo = cache_root / f"seed{args.seed}-n{n}-{DEMO_FORMAT}"
    results = {}
    print(f"== N = {n:,} premises", file=sys.stderr)

    samples = []
    for r in range(args.runs):
        scratch = work / f"demo-{n}-{r}"
        samples.append(timed([fibre, "demo", "--generate-only", "--out", str(scratch),
                              "--premises", str(n), "--seed", str(args.seed)]))
        if not (demo / "truth").is_dir():
            shutil.rmtree(demo, ignore_errors=True)
            demo.parent.mkdir(parents=True, exist_ok=True)
            shutil.move(str(scratch), str(demo))
        else:
            shutil.rmtree(scratch, ignore_errors=True)
    results["demo"] = summarise(samples)

    sources = [str(demo / s) for s in SOURCES if (demo / s).exists()]
    db = work / f"store-{n}.sqlite"
    samples = []
    for r in range(args.runs):
        for suffix in ("", "-wal", "-shm"):
            Path(str(db) + suffix).unlink(missing_ok=True)
        subprocess.run([fibre, "init", "--db", str(db)], check=True, stdout=subprocess.DEVNULL)
        samples.append(timed([fibre, "import", "--db", str(db)] + sources))
    results["import"] = summarise(samples)

    samples = []
    for r in range(args.runs):
        ogr_db = work / f"ogr2ogr-{n}-{r}.sqlite"
        total = {"wall": 0.0, "cpu": 0.0, "peak_mib": 0.0}
        for cmd in ogr2ogr_commands(demo, ogr_db):
            t = timed(cmd)
            total["wall"] += t["wall"]
            total["cpu"] += t["cpu"]
            total["peak_mib"] = max(total["peak_mib"], t["peak_mib"])
        samples.append(total)
        ogr_db.unlink(missing_ok=True)
    results["ogr2ogr"] = summarise(samples)

    report_dir = work / f"report-{n}"
    stage_cmds = {
        "analyze": [fibre, "analyze", "--db", str(db)],
        "status": [fibre, "status", "--db", str(db), "--at", "2022-12-31"],
        "progress": [fibre, "progress", "--db", str(db), "--from", "2017Q1", "--at", "2025Q4"],
        "remaining": [fibre, "remaining", "--db", str(db)],
        "report": [fibre, "report", "--db", str(db), "--at", "2022Q4", "--out", str(report_dir)],
        "export": [fibre, "export", "--db", str(db), "--out", str(work / f"coverage-{n}.gpkg"), "--overwrite"],
    }
    wanted = set(args.stages.split(","))
    for stage, cmd in stage_cmds.items():
        if stage not in wanted or not has_command(fibre, stage):
            results[stage] = None
            continue
        samples = []
        for r in range(args.runs):
            Path(work / f"coverage-{n}.gpkg").unlink(missing_ok=True)
            samples.append(timed(cmd))
        results[stage] = summarise(samples)
    return results


def verdicts(n, res):
    out = {}
    if n != BUDGET_SIZE:
        return out
    for stage, r in res.items():
        if r is None or stage == "ogr2ogr":
            continue
        ok = r["peak_mib"] <= BUDGET_PEAK_MIB
        if stage in BUDGET_SECONDS:
            ok = ok and r["wall_median"] <= BUDGET_SECONDS[stage]
        if stage == "import" and res.get("ogr2ogr"):
            ok = ok and r["wall_median"] / res["ogr2ogr"]["wall_median"] <= BUDGET_IMPORT_RATIO
        out[stage] = "PASS" if ok else "OVER"
    return out


def table(all_results):
    lines = ["| N | stage | wall median (s) | min | max | CPU (s) | peak (MiB) | vs ogr2ogr | budget |",
             "|---:|---|---:|---:|---:|---:|---:|---:|---|"]
    for n, res in all_results.items():
        verdict = verdicts(int(n), res)
        for stage in STAGES + ["ogr2ogr"]:
            r = res.get(stage)
            if r is None:
                lines.append(f"| {int(n):,} | {stage} | n/a | | | | | | |")
                continue
            ratio = ""
            if stage == "import" and res.get("ogr2ogr"):
                ratio = f"{r['wall_median'] / res['ogr2ogr']['wall_median']:.2f}"
            lines.append(f"| {int(n):,} | {stage} | {r['wall_median']:.2f} | {r['wall_min']:.2f} | "
                         f"{r['wall_max']:.2f} | {r['cpu_median']:.2f} | {r['peak_mib']:.0f} | {ratio} | "
                         f"{verdict.get(stage, '')} |")
    sizes = sorted(int(n) for n in all_results)
    if len(sizes) >= 2:
        lo, hi = sizes[0], sizes[-1]
        lines.append("")
        lines.append(f"Growth from {lo:,} to {hi:,} premises ({hi / lo:.0f}x): wall time ratio per stage")
        lines.append("")
        lines.append("| stage | ratio |")
        lines.append("|---|---:|")
        for stage in STAGES + ["ogr2ogr"]:
            a, b = all_results[str(lo)].get(stage), all_results[str(hi)].get(stage)
            if a and b and a["wall_median"] > 0:
                lines.append(f"| {stage} | {b['wall_median'] / a['wall_median']:.1f} |")
    return "\n".join(lines)


def main():
    args = parse_args()
    root = Path(args.root)
    cache_root = Path(args.cache) if args.cache else root / "bench" / "cache"
    results_dir = Path(args.results) if args.results else root / "bench" / "results"
    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    if not has_command(args.fibre, "demo"):
        sys.exit("bench: this fibre has no demo command")

    all_results = {}
    with tempfile.TemporaryDirectory(prefix="fibre-bench-") as tmp:
        for n in sizes:
            all_results[str(n)] = run_size(args, n, cache_root, Path(tmp))

    versions = subprocess.run([args.fibre, "--version"], capture_output=True, text=True).stdout
    try:
        commit = subprocess.run(["git", "-C", str(root), "rev-parse", "HEAD"], capture_output=True,
                                text=True).stdout.strip()
    except OSError:
        commit = ""
    mem_kib = 0
    with open("/proc/meminfo") as f:
        for line in f:
            if line.startswith("MemTotal:"):
                mem_kib = int(line.split()[1])
    doc = {
        "date": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
        "host": socket.gethostname(), "commit": commit, "versions": versions.strip().splitlines(),
        "machine": {"cores": os.cpu_count(), "memory_gib": round(mem_kib / 1024 / 1024, 1),
                    "cpu": platform.processor() or platform.machine()},
        "sizes": sizes, "runs": args.runs, "seed": args.seed, "results": all_results,
        "budgets": {"at_premises": BUDGET_SIZE, "seconds": BUDGET_SECONDS, "import_vs_ogr2ogr": BUDGET_IMPORT_RATIO,
                    "peak_mib": BUDGET_PEAK_MIB},
        "verdicts": {n: verdicts(int(n), r) for n, r in all_results.items()},
    }
    results_dir.mkdir(parents=True, exist_ok=True)
    out = results_dir / f"{datetime.date.today().isoformat()}-{socket.gethostname()}.json"
    out.write_text(json.dumps(doc, indent=2) + "\n")
    text = table(all_results)
    print(text)
    print(f"\nresults: {out}", file=sys.stderr)

    if args.update_docs:
        perf = root / "docs" / "performance.md"
        body = perf.read_text() if perf.exists() else "# Performance\n"
        block = (f"<!-- bench:begin -->\nMeasured {doc['date']} on {doc['machine']['cores']} cores, "
                 f"{doc['machine']['memory_gib']} GiB, commit {commit[:10]}, {args.runs} runs "
                 f"(`scripts/bench.sh --sizes {args.sizes} --runs {args.runs}`).\n\n{text}\n<!-- bench:end -->")
        if "<!-- bench:begin -->" in body:
            body = re.sub(r"<!-- bench:begin -->.*<!-- bench:end -->", lambda _: block, body, flags=re.S)
        else:
            body += "\n## Latest benchmark\n\n" + block + "\n"
        perf.write_text(body)

    required = STAGES if args.require_all else ["demo", "import"]
    missing = [s for s in required if any(all_results[n].get(s) is None for n in all_results)]
    if not out.exists() or not json.loads(out.read_text()).get("results"):
        sys.exit(f"bench: {out} was not written")
    if missing:
        sys.exit(f"bench: stages not measured: {', '.join(missing)}")


if __name__ == "__main__":
    main()
