#!/usr/bin/env bash
# Builds and runs the Google Benchmark micro-benchmarks of the graph core (topology,
# premise assignment, the earliest-date search) on synthetic networks. Extra arguments go to
# the benchmark binary (e.g. --benchmark_filter=Analysis).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
"$root/scripts/install-deps.sh"
cmake -S "$root" -B "$root/build/bench" -DCMAKE_BUILD_TYPE=Release -DFIBRE_BUILD_BENCHMARKS=ON \
    -DFIBRE_BUILD_TESTS=OFF >/dev/null
cmake --build "$root/build/bench" --parallel "$(nproc)" --target graph_benchmarks >&2
exec "$root/build/bench/bench/graph_benchmarks" "$@"
