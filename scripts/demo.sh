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
