#!/usr/bin/env bash
# The import benchmark alone: generates the demo at N premises (cached), then times, in the same
# run, `fibre import` of all its sources and `ogr2ogr -f SQLite -dsco SPATIALITE=YES` of the same
# files, and prints the ratio. A shorthand for scripts/bench.sh with only those stages.
#   scripts/bench-import.sh [--premises N] [--runs R]
set -euo pipefail
premises=1000000
runs=1
while [[ $# -gt 0 ]]; do
    case "$1" in
        --premises) premises="$2"; shift 2 ;;
        --runs) runs="$2"; shift 2 ;;
        *) echo "bench-import: unknown option $1" >&2; exit 2 ;;
    esac
done
exec "$(dirname "$0")/bench.sh" --sizes "$premises" --runs "$runs" --stages none
