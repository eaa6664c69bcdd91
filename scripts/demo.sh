#!/usr/bin/env bash
# Sets up fibre and runs it on the embedded demo département:
#   scripts/demo.sh                 20 000 premises, seed 17, into ./demo-out
#   FIBRE_DEMO_OUT=/tmp/d FIBRE_DEMO_PREMISES=2000 scripts/demo.sh
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/install-deps.sh

build_dir=build/release
cmake -S . -B "$build_dir" -DCMAKE_BUILD_TYPE=Release -DFIBRE_BUILD_TESTS=OFF >/dev/null
cmake --build "$build_dir" --parallel "$(nproc)"
fibre="$build_dir/engine/cli/fibre"

"$fibre" --version
out=${FIBRE_DEMO_OUT:-demo-out}
"$fibre" demo --out "$out" --premises "${FIBRE_DEMO_PREMISES:-20000}" --seed "${FIBRE_DEMO_SEED:-17}"

db="$out/fibre.sqlite"
echo
echo "== Where the département stood at the 2022 target date"
"$fibre" status --db "$db" --at 2022-12-31 --by epci
echo
echo "== What remains to reach the target"
"$fibre" remaining --db "$db"
echo
echo "== Network defects, by code"
"$fibre" check --db "$db" --format json | python3 -c 'import json,sys; d=json.load(sys.stdin); [print(f"{k:28}{v:>8}") for k,v in sorted(d["summary"].items())]'
echo
"$fibre" export --db "$db" --out "$out/coverage.gpkg" --overwrite >/dev/null
echo "Coverage map for QGIS: $out/coverage.gpkg"
echo "Quarterly report:      $out/report/report.html"
