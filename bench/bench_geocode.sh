#!/bin/bash
# Geocoding figures: (1) speed of 100 000 queries (70 % clean, 30 % damaged) against a generated
# gazetteer of about 1 000 000 addresses, beside a per-query SQL reference (SQLite B-tree lookup,
# then FTS5 trigram candidates) in the same run, with the ratio and peak RSS; (2) accuracy on the
# real Norrbotten address labels + GTFS stops with damaged queries and held-out labels.
# Usage: bench_geocode.sh [N_ADDR] [N_QUERY]   (env HS_BINARY_DIR = the build directory)
set -u
here=$(cd "$(dirname "$0")" && pwd)
build=${HS_BINARY_DIR:-$here/../build}
bin=$build/bench/bench_geocode
data=${HS_SHARED_DATA:-$here/../../shared/data}
naddr=${1:-1000000}
nquery=${2:-100000}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
[ -x "$bin" ] || { echo "build bench_geocode first (cmake --build $build --target bench_geocode)"; exit 1; }
echo "-- speed: $nquery queries against $naddr generated addresses"
/usr/bin/time -v "$bin" speed "$naddr" "$nquery" "$work" 2>"$work/time.txt"
grep -E "Elapsed|Maximum resident" "$work/time.txt" | sed 's/^\s*/   /'
echo "-- accuracy: Norrbotten address labels + GTFS stops, damaged queries"
"$bin" accuracy "$data/se_address_points_norrbotten/norrbotten_geocoded_address_points.csv" \
  "$data/se_gtfs_stops/norrbotten_stops.txt" "$data/se_admin/se_kommuner_sweref99tm.gpkg" "$work"
