#!/usr/bin/env bash
# Sets up fibre and runs it on the embedded demo département.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/install-deps.sh

build_dir=build/release
cmake -S . -B "$build_dir" -DCMAKE_BUILD_TYPE=Release -DFIBRE_BUILD_TESTS=OFF >/dev/null
cmake --build "$build_dir" --parallel "$(nproc)"
fibre="$build_dir/engine/cli/fibre"

"$fibre" --version
out=${FIBRE_DEMO_OUT:-demo-out}
mkdir -p "$out"
rm -f "$out/fibre.sqlite" "$out/fibre.sqlite-wal" "$out/fibre.sqlite-shm"
"$fibre" init --db "$out/fibre.sqlite"
