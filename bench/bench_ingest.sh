#!/bin/bash
# Ingest speed: hotspot's reader (bench_ingest: hs_ingest_file on a police-extract-like CSV with
# ';', decimal comma, Swedish columns, a from-till window, category mapping and personnummer
# masking) beside GDAL's ogr2ogr converting the same file to a GeoPackage, in the same run, twice:
# as a plain attribute table (ogr2ogr's fastest path: no geometry, no spatial index) and as the
# point layer `hotspot ingest` writes (points from the decimal-comma coordinates through GDAL's
# SQLite dialect, EPSG:3006, R-tree); and, for the smaller size, the whole `hotspot ingest`
# command (reading + writing the GeoPackage), compared with both.
# Rows come from gen_ingest.awk (fixed seed). Prints wall time, rows/s, peak RSS
# (/usr/bin/time -v) and the ratios.
# Usage: bench/bench_ingest.sh [N...]   (default 1000000 10000000; env HS_BINARY_DIR = build dir)
set -u
here=$(cd "$(dirname "$0")" && pwd)
bdir=${HS_BINARY_DIR:-$here/../build}
bin=$bdir/bench/bench_ingest
cli=${HOTSPOT:-$bdir/hotspot}
[ -x "$bin" ] || { echo "bench_ingest not built: $bin"; exit 1; }
sizes=("$@")
[ ${#sizes[@]} -eq 0 ] && sizes=(1000000 10000000)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
rss() { awk -F: '/Maximum resident/{gsub(/ /,"",$2); print int($2/1024)}' "$1"; }
wall() { awk '/Elapsed \(wall/{print $NF}' "$1"; }
secs() { awk -v t="$1" 'BEGIN{n=split(t,a,":"); s=0; for(i=1;i<=n;i++) s=s*60+a[i]; print s}'; }
cpu() { awk -F: '/User time|System time/{s+=$2} END{printf "%.2f", s}' "$1"; }

for N in "${sizes[@]}"; do
    awk -v n="$N" -f "$here/gen_ingest.awk" >"$tmp/rows.csv"
    echo "== $N rows, $(du -m "$tmp/rows.csv" | cut -f1) MB CSV"
    /usr/bin/time -v "$bin" "$tmp/rows.csv" >"$tmp/hs.out" 2>"$tmp/hs.time" ||
        { cat "$tmp/hs.out" "$tmp/hs.time"; exit 1; }
    hs=$(secs "$(wall "$tmp/hs.time")")
    echo "hotspot  ingest (library)  : $(cat "$tmp/hs.out")"
    echo "                             wall ${hs} s, cpu $(cpu "$tmp/hs.time") s, peak RSS $(rss "$tmp/hs.time") MB"
    /usr/bin/time -v ogr2ogr -f GPKG "$tmp/ogr.gpkg" "$tmp/rows.csv" -nln incidents \
        >"$tmp/o.out" 2>"$tmp/o.time" || { cat "$tmp/o.out" "$tmp/o.time"; exit 1; }
    o=$(secs "$(wall "$tmp/o.time")")
    awk -v n="$N" -v h="$hs" -v o="$o" -v r="$(rss "$tmp/o.time")" -v c="$(cpu "$tmp/o.time")" 'BEGIN{
      printf "ogr2ogr  CSV -> GPKG       : %.2f s wall, cpu %s s, %.0f rows/s, peak RSS %d MB\n", o, c, n/o, r;
      printf "ratio    hotspot ingest rate / ogr2ogr rate = %.1fx\n", o/h }'
    rm -f "$tmp/ogr.gpkg"
    sql='SELECT *, MakePoint(CAST(REPLACE("X-koordinat", '"','"', '"'.'"') AS REAL), CAST(REPLACE("Y-koordinat", '"','"', '"'.'"') AS REAL), 3006) AS geom FROM rows'
    /usr/bin/time -v ogr2ogr -f GPKG "$tmp/ogrp.gpkg" "$tmp/rows.csv" -nln incidents -nlt POINT -a_srs EPSG:3006 \
        -dialect SQLite -sql "$sql" >"$tmp/op.out" 2>"$tmp/op.time" || { cat "$tmp/op.out" "$tmp/op.time"; exit 1; }
    op=$(secs "$(wall "$tmp/op.time")")
    awk -v n="$N" -v o="$op" -v r="$(rss "$tmp/op.time")" -v c="$(cpu "$tmp/op.time")" \
        -v k="$(sqlite3 "$tmp/ogrp.gpkg" 'SELECT count(*) FROM rtree_incidents_geom' 2>/dev/null)" 'BEGIN{
      printf "ogr2ogr  CSV -> GPKG points: %.2f s wall, cpu %s s, %.0f rows/s, peak RSS %d MB (%s in its R-tree)\n", o, c, n/o, r, k }'
    rm -f "$tmp/ogrp.gpkg"
    if [ "$N" -le 1000000 ] && [ -x "$cli" ]; then
        /usr/bin/time -v "$cli" -q ingest "$tmp/rows.csv" -o "$tmp/hs.gpkg" >"$tmp/c.out" 2>"$tmp/c.time" ||
            { cat "$tmp/c.out" "$tmp/c.time"; exit 1; }
        c=$(secs "$(wall "$tmp/c.time")")
        awk -v n="$N" -v c="$c" -v o="$o" -v op="$op" -v r="$(rss "$tmp/c.time")" -v u="$(cpu "$tmp/c.time")" 'BEGIN{
          printf "hotspot  ingest CLI (+GPKG): %.2f s wall, cpu %s s, %.0f rows/s, peak RSS %d MB\n", c, u, n/c, r;
          printf "ratio    ogr2ogr points / hotspot ingest CLI = %.1fx; ogr2ogr attribute table / CLI = %.1fx\n", op/c, o/c }'
        rm -f "$tmp/hs.gpkg"
    fi
done
