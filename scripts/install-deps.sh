#!/usr/bin/env bash
# Installs the Debian 12 packages that fibre needs to build, test and run.
# Packages already installed are skipped; apt-get runs only when something is missing.
set -euo pipefail

packages=(
    build-essential cmake pkg-config git
    libgdal-dev gdal-bin
    libgeos-dev
    libproj-dev proj-data
    libsqlite3-dev sqlite3 libspatialite-dev libsqlite3-mod-spatialite
    libboost-graph-dev
    libcli11-dev nlohmann-json3-dev libfmt-dev
    libjemalloc-dev
    libgtest-dev libgmock-dev libbenchmark-dev
    libssl-dev libbz2-dev libzip-dev libarchive-dev zlib1g-dev
    time zip unzip bzip2 python3
)
# Extra packages for the test suite only (FIBRE_DEPS=test): chromium and poppler-utils (pdfinfo,
# pdftotext) for the report tests; python3-qgis for the GeoPackage render test;
# clang with its sanitizer and libFuzzer runtimes (libclang-rt-dev, only recommended by clang)
# and llvm-symbolizer (llvm) for the sanitized suite and the fuzz targets (docs/testing.md).
test_packages=(chromium poppler-utils python3-qgis clang libclang-rt-dev llvm)
test_packages+=(jq) # the examples of docs/commands that tests/docs runs
if [[ "${FIBRE_DEPS:-}" == "test" ]]; then
    packages+=("${test_packages[@]}")
fi

missing=()
for p in "${packages[@]}"; do
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
        missing+=("$p")
    fi
done

if [[ ${#missing[@]} -eq 0 ]]; then
    echo "install-deps: all ${#packages[@]} packages already installed" >&2
    exit 0
fi

echo "install-deps: installing ${missing[*]}" >&2
sudo=""
if [[ $(id -u) -ne 0 ]]; then
    sudo="sudo"
fi
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
echo "install-deps: done" >&2
