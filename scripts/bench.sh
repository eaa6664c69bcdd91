#!/usr/bin/env bash
# Measures every stage of the pipeline on the demo département, as whole processes.
#   scripts/bench.sh [--sizes 100000,1000000] [--runs 3] [--seed 17] [--fibre PATH] [--results DIR]
# Prints a table on stdout and writes bench/results/<date>-<host>.json. Never fails on a budget:
# budgets are printed as PASS / OVER.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)

fibre=""
args=()
while [[ $# -gt 0 ]]; do
    case "$1" in
        --fibre) fibre="$2"; shift 2 ;;
        *) args+=("$1"); shift ;;
    esac
done

if [[ -z "$fibre" ]]; then
    "$root/scripts/install-deps.sh"
    cmake -S "$root" -B "$root/build/release" -DCMAKE_BUILD_TYPE=Release -DFIBRE_BUILD_TESTS=OFF >/dev/null
    cmake --build "$root/build/release" --parallel "$(nproc)" --target fibre >&2
    fibre="$root/build/release/engine/cli/fibre"
fi

exec python3 "$root/scripts/bench.py" --fibre "$fibre" --root "$root" ${args[@]+"${args[@]}"}
