#!/bin/bash
# GeoPackage writing: hotspot (bench_gpkg: N incident points with the SPEC fields, R-tree and
# commit) beside ogr2ogr writing the same rows into a GeoPackage, in the same run: from the CSV of
# those rows (GDAL's usual route) and from hotspot's own GeoPackage (GPKG to GPKG, reading is cheap).
# Then the same for N square cells (bench_gpkg --cells: polygons with the gistar layer's fields,
# R-tree, commit) beside ogr2ogr copying that layer GPKG -> GPKG.
# Prints wall time, rows/s, M features/s (wall and CPU), peak RSS (/usr/bin/time -v), the ratios.
# Usage: bench/bench_gpkg.sh [N]   (env HS_BINARY_DIR = the build directory)
set -u
here=$(cd "$(dirname "$0")" && pwd)
bin=${HS_BINARY_DIR:-$here/../build}/bench/bench_gpkg
N=${1:-1000000}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
[ -x "$bin" ] || { echo "bench_gpkg not built: $bin"; exit 1; }
rss() { awk -F: '/Maximum resident/{gsub(/ /,"",$2); print int($2/1024)}' "$1"; }
wall() { awk '/Elapsed \(wall/{print $NF}' "$1"; }
cpu() { awk -F: '/User time|System time/{s+=$2} END{printf "%.2f", s}' "$1"; }
secs() { awk -v t="$1" 'BEGIN{n=split(t,a,":"); s=0; for(i=1;i<=n;i++) s=s*60+a[i]; print s}'; }

/usr/bin/time -v "$bin" "$N" "$tmp/hs.gpkg" "$tmp/rows.csv" >"$tmp/hs.out" 2>"$tmp/hs.time" ||
    { cat "$tmp/hs.out" "$tmp/hs.time"; exit 1; }
grep -v '^STAGE' "$tmp/hs.out"
hs_s=$(awk '/^STAGE/{print $3}' "$tmp/hs.out")
echo "         (process incl. generating the rows: wall $(wall "$tmp/hs.time"), CPU $(cpu "$tmp/hs.time") s, peak RSS $(rss "$tmp/hs.time") MB)"

csv_opts="-oo X_POSSIBLE_NAMES=x -oo Y_POSSIBLE_NAMES=y -oo AUTODETECT_TYPE=YES -a_srs EPSG:3006"
/usr/bin/time -v ogr2ogr -f GPKG "$tmp/ogr_csv.gpkg" "$tmp/rows.csv" $csv_opts -nln incidents \
    >"$tmp/o1.out" 2>"$tmp/o1.time" || { cat "$tmp/o1.out" "$tmp/o1.time"; exit 1; }
o1=$(secs "$(wall "$tmp/o1.time")")
/usr/bin/time -v ogr2ogr -f GPKG "$tmp/ogr_gpkg.gpkg" "$tmp/hs.gpkg" incidents \
    >"$tmp/o2.out" 2>"$tmp/o2.time" || { cat "$tmp/o2.out" "$tmp/o2.time"; exit 1; }
o2=$(secs "$(wall "$tmp/o2.time")")
awk -v n="$N" -v h="$hs_s" -v a="$o1" -v b="$o2" -v ra="$(rss "$tmp/o1.time")" -v rb="$(rss "$tmp/o2.time")" \
    -v ca="$(cpu "$tmp/o1.time")" -v cb="$(cpu "$tmp/o2.time")" -v ch="$(cpu "$tmp/hs.time")" 'BEGIN{
  printf "ogr2ogr  CSV  -> GPKG %d rows: %.2f s, %.0f rows/s, CPU %.2f s, peak RSS %d MB  (hotspot %.1fx faster)\n", n, a, n/a, ca, ra, a/h;
  printf "ogr2ogr  GPKG -> GPKG %d rows: %.2f s, %.0f rows/s, CPU %.2f s, peak RSS %d MB  (hotspot %.1fx faster)\n", n, b, n/b, cb, rb, b/h;
  printf "CPU time ratio (ogr2ogr GPKG->GPKG / whole hotspot process): %.1fx\n", cb/ch }'
echo "sizes: hotspot $(du -m "$tmp/hs.gpkg" | cut -f1) MB, ogr2ogr $(du -m "$tmp/ogr_gpkg.gpkg" | cut -f1) MB"

/usr/bin/time -v "$bin" --cells "$N" "$tmp/cells.gpkg" >"$tmp/c.out" 2>"$tmp/c.time" ||
    { cat "$tmp/c.out" "$tmp/c.time"; exit 1; }
grep -v '^STAGE' "$tmp/c.out"
c_s=$(awk '/^STAGE/{print $3}' "$tmp/c.out")
echo "         (process: wall $(wall "$tmp/c.time"), CPU $(cpu "$tmp/c.time") s, peak RSS $(rss "$tmp/c.time") MB)"
/usr/bin/time -v ogr2ogr -f GPKG "$tmp/ogr_cells.gpkg" "$tmp/cells.gpkg" gistar \
    >"$tmp/o3.out" 2>"$tmp/o3.time" || { cat "$tmp/o3.out" "$tmp/o3.time"; exit 1; }
o3=$(secs "$(wall "$tmp/o3.time")")
nc=$(awk '/cells \(/{print $3; exit}' "$tmp/c.out")
awk -v n="$nc" -v h="$c_s" -v b="$o3" -v rb="$(rss "$tmp/o3.time")" -v cb="$(cpu "$tmp/o3.time")" \
    -v ch="$(cpu "$tmp/c.time")" 'BEGIN{
  printf "ogr2ogr  GPKG -> GPKG %d cells: %.2f s, %.3f M features/s, CPU %.2f s, peak RSS %d MB  (hotspot %.1fx faster)\n", n, b, n/b/1e6, cb, rb, b/h;
  printf "CPU time ratio (ogr2ogr GPKG->GPKG / whole hotspot process): %.1fx\n", cb/ch }'
echo "sizes: hotspot $(du -m "$tmp/cells.gpkg" | cut -f1) MB, ogr2ogr $(du -m "$tmp/ogr_cells.gpkg" | cut -f1) MB"
