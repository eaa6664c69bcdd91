#!/usr/bin/env bash
# Builds fibre and runs the whole test suite (ctest). Exits with ctest's status.
#   scripts/test.sh            all tests
#   scripts/test.sh -L unit    only the tests labelled unit (any ctest option passes through)
set -euo pipefail
cd "$(dirname "$0")/.."

FIBRE_DEPS=test scripts/install-deps.sh

build_dir=${FIBRE_BUILD_DIR:-build/test}
cmake -S . -B "$build_dir" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DFIBRE_BUILD_TESTS=ON >/dev/null
cmake --build "$build_dir" --parallel "$(nproc)"

cd "$build_dir"
status=0
ctest --output-on-failure --parallel "$(nproc)" --timeout 900 "$@" || status=$?
exit $status
