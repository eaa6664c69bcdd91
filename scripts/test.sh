#!/usr/bin/env bash
# Builds fibre and runs the whole test suite (ctest); when it passes, builds it again with clang,
# AddressSanitizer and UndefinedBehaviorSanitizer and runs the suite there; then fuzzes each
# libFuzzer target of tests/fuzz for a bounded time. Fails when any of the three fails.
# See docs/testing.md.
#   scripts/test.sh            everything
#   scripts/test.sh -L unit    only the tests labelled unit, in both suites (ctest options pass through)
# Environment:
#   FIBRE_BUILD_DIR       the normal build folder (build/test)
#   FIBRE_SANITIZE_DIR    the sanitized build folder, which holds the fuzz targets too (build/sanitize)
#   FIBRE_SANITIZE=0      run the normal suite only
#   FIBRE_FUZZ_SECONDS    seconds of fuzzing per target (60); 0 skips the fuzzing
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD

FIBRE_DEPS=test scripts/install-deps.sh

jobs=$(nproc)
stamp() { date +%s; }
elapsed() { echo "$(($(stamp) - $1)) s"; }

# 1. The normal suite.
build_dir=${FIBRE_BUILD_DIR:-build/test}
t=$(stamp)
cmake -S . -B "$build_dir" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DFIBRE_BUILD_TESTS=ON >/dev/null
cmake --build "$build_dir" --parallel "$jobs"
echo "test.sh: normal build: $(elapsed "$t")"
t=$(stamp)
(cd "$build_dir" && ctest --output-on-failure --parallel "$jobs" --timeout 900 "$@")
echo "test.sh: normal suite passed: $(elapsed "$t")"

if [[ "${FIBRE_SANITIZE:-1}" == "0" ]]; then
    exit 0
fi

# 2. The same suite under ASan + UBSan. clang, so that the fuzz targets share this build.
# -O1 keeps the instrumented code fast enough; the asserts stay on (no NDEBUG).
sanitize_dir=${FIBRE_SANITIZE_DIR:-build/sanitize}
t=$(stamp)
cmake -S . -B "$sanitize_dir" -DCMAKE_CXX_COMPILER=clang++ -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    "-DCMAKE_CXX_FLAGS_RELWITHDEBINFO=-O1 -gline-tables-only" -DFIBRE_BUILD_TESTS=ON -DFIBRE_FUZZ=ON >/dev/null
cmake --build "$sanitize_dir" --parallel "$jobs"
echo "test.sh: sanitized build: $(elapsed "$t")"

# A finding stops the program with exit code 86, which no fibre command uses, so that no test
# expecting a failure can pass over one. Leaks are checked at exit; tests/lsan.supp names the
# few that belong to the libraries fibre uses, each with its reason.
export ASAN_OPTIONS="detect_leaks=1:halt_on_error=1:exitcode=86:check_initialization_order=1:strict_init_order=1"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1:exitcode=86"
export LSAN_OPTIONS="suppressions=$root/tests/lsan.supp:print_suppressions=0"
if symbolizer=$(command -v llvm-symbolizer); then
    export ASAN_SYMBOLIZER_PATH=$symbolizer
fi
t=$(stamp)
(cd "$sanitize_dir" && ctest --output-on-failure --parallel "$jobs" --timeout 1800 "$@")
echo "test.sh: sanitized suite passed: $(elapsed "$t")"

# 3. Each fuzz target, from a copy of its seed corpus (the repository is not modified).
seconds=${FIBRE_FUZZ_SECONDS:-60}
if [[ "$seconds" == "0" ]]; then
    exit 0
fi
out="$sanitize_dir/fuzz"
rm -rf "$out"
mkdir -p "$out"
status=0
for corpus in tests/fuzz/corpus/*/; do
    name=$(basename "$corpus")
    binary="$sanitize_dir/tests/fuzz/fuzz_$name"
    mkdir -p "$out/corpus/$name"
    cp -R "$corpus". "$out/corpus/$name/"
    seeds=$(find "$out/corpus/$name" -type f | wc -l)
    log="$out/$name.log"
    # Artifacts (crash-, leak-, timeout-, oom- inputs) are written as $out/<target>-crash-<sha1>.
    if "$binary" -max_total_time="$seconds" -print_final_stats=1 -timeout=30 -rss_limit_mb=4096 \
        -artifact_prefix="$out/$name-" "$out/corpus/$name" >"$log" 2>&1; then
        runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
        grown=$(find "$out/corpus/$name" -type f | wc -l)
        echo "test.sh: fuzz $name: ${runs:-?} executions in $seconds s, corpus $seeds -> $grown inputs"
    else
        status=1
        tail -n 60 "$log" >&2
        for artifact in "$out/$name"-*; do
            [[ -e "$artifact" ]] || continue
            echo "test.sh: fuzz $name FAILED on $artifact; reproduce with: $binary $artifact" >&2
        done
        echo "test.sh: fuzz $name FAILED; its log is $log" >&2
    fi
done
exit $status
