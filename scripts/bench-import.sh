#!/usr/bin/env bash
# Import speed against ogr2ogr, on the demo département.
#
#   scripts/bench-import.sh [--premises N] [--build DIR]
#
# Generates the demo (cached under bench/cache/demo-N), then, in the same run, times
#   1. `fibre import` of every demo source (GraceTHD, BAN, cadastre, IPE, worksites, communes)
#      into a fresh store, and
#   2. `ogr2ogr -f SQLite -dsco SPATIALITE=YES` of the same files into one fresh database,
#      one ogr2ogr per file, `-append` after the first,
# each under /usr/bin/time -v, and prints wall seconds, peak memory, features read, and the
# ratio fibre / ogr2ogr (at most 1.0 is the goal: fibre also validates, maps and indexes).
set -euo pipefail

premises=1000000
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="${FIBRE_BUILD:-$root/build/release}"
while [[ $# -gt 0 ]]; do
    case "$1" in
        --premises) premises="$2"; shift 2 ;;
        --build) build="$2"; shift 2 ;;
        -h|--help) sed -n '2,12p' "$0"; exit 0 ;;
        *) echo "bench-import: unknown option $1" >&2; exit 2 ;;
    esac
done
fibre="$build/engine/cli/fibre"
if [[ ! -x "$fibre" ]]; then
    echo "bench-import: no fibre binary at $fibre (build it, or give --build DIR)" >&2
    exit 2
fi
for tool in ogr2ogr /usr/bin/time sqlite3; do
    command -v "$tool" >/dev/null || { echo "bench-import: $tool is missing (scripts/install-deps.sh)" >&2; exit 2; }
done

cache="$root/bench/cache/demo-$premises"
if [[ ! -f "$cache/.complete" ]]; then
    echo "bench-import: generating the demo at N = $premises into $cache" >&2
    rm -rf "$cache"
    "$fibre" demo --generate-only --premises "$premises" --out "$cache" >/dev/null
    touch "$cache/.complete"
fi
sources=()
for kind in gracethd ban cadastre ipe worksites communes; do
    [[ -d "$cache/$kind" ]] && sources+=("$cache/$kind")
done

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

# Prints "wall_seconds peak_kib" from a /usr/bin/time -v report.
measure() {
    awk -F': ' '/Elapsed \(wall clock\)/ {
                    n = split($2, t, ":"); s = 0
                    for (i = 1; i <= n; i++) s = s * 60 + t[i]
                    wall = s }
                /Maximum resident set size/ { rss = $2 }
                END { printf "%.2f %d\n", wall, rss }' "$1"
}

echo "bench-import: fibre import of ${#sources[@]} sources" >&2
/usr/bin/time -v -o "$work/fibre.time" "$fibre" import --db "$work/fibre.sqlite" "${sources[@]}" \
    >"$work/fibre.out" 2>"$work/fibre.err" || { cat "$work/fibre.err" >&2; exit 1; }
read -r fibre_wall fibre_rss < <(measure "$work/fibre.time")
fibre_read=$(awk 'NR > 1 && $4 ~ /^[0-9]+$/ { s += $4 } END { print s + 0 }' "$work/fibre.out")

echo "bench-import: ogr2ogr of the same files" >&2
mapfile -t files < <(for s in "${sources[@]}"; do
    find "$s" -type f \( -name '*.shp' -o -name '*.csv' -o -name '*.json' -o -name '*.geojson' \) | sort
done)
cat >"$work/ogr.sh" <<'SCRIPT'
#!/usr/bin/env bash
set -euo pipefail
db="$1"; shift
first=1
for f in "$@"; do
    # Files of one layer split per commune (cadastre-17002-batiments) go to one table.
    layer="$(basename "${f%.*}" | sed -E 's/-[0-9][0-9AB][0-9]{3}-/-/' | tr '.-' '__')"
    if [[ $first -eq 1 ]]; then
        ogr2ogr -f SQLite -dsco SPATIALITE=YES "$db" "$f" -nln "$layer" -oo AUTODETECT_TYPE=NO 2>/dev/null
        first=0
    else
        ogr2ogr -f SQLite -append -update "$db" "$f" -nln "$layer" -oo AUTODETECT_TYPE=NO 2>/dev/null
    fi
done
SCRIPT
/usr/bin/time -v -o "$work/ogr.time" bash "$work/ogr.sh" "$work/ogr.sqlite" "${files[@]}"
read -r ogr_wall ogr_rss < <(measure "$work/ogr.time")
ogr_rows=0
for table in $(for f in "${files[@]}"; do
    basename "${f%.*}" | sed -E 's/-[0-9][0-9AB][0-9]{3}-/-/' | tr '.-' '__'
done | sort -u); do
    n=$(sqlite3 "$work/ogr.sqlite" "SELECT count(*) FROM \"$table\"" 2>/dev/null || echo 0)
    ogr_rows=$((ogr_rows + n))
done

printf 'premises            %d\n' "$premises"
printf 'fibre import        %8.2f s  %8.1f MiB  %d features read\n' "$fibre_wall" "$(echo "$fibre_rss / 1024" | bc -l)" "$fibre_read"
printf 'ogr2ogr (%d files) %8.2f s  %8.1f MiB  %d rows written\n' "${#files[@]}" "$ogr_wall" "$(echo "$ogr_rss / 1024" | bc -l)" "$ogr_rows"
printf 'ratio fibre/ogr2ogr %8.2f\n' "$(echo "$fibre_wall / $ogr_wall" | bc -l)"
