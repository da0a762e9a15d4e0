#!/bin/bash
# End-to-end `hotspot build` on generated police extracts of N rows (default "1000000"; set SIZES,
# e.g. SIZES="1000000 10000000") in the sample kommun: wall time per step (from the build's log),
# total wall time and peak memory, then a re-run with nothing changed. Prints a table.
set -u
here=$(cd "$(dirname "$0")" && pwd)
hs=${HOTSPOT:-$here/../build/release/hotspot}
sample=$here/../samples/exempelstad
work=${BENCH_DIR:-$(mktemp -d)}
SIZES=${SIZES:-1000000}
echo "hotspot build, end to end ($(nproc) cores, $(date -u +%F))"
printf "%-10s %10s %10s %12s %12s\n" rows wall_s peak_MiB rows_per_s rerun_s
for n in $SIZES; do
  d=$work/p$n; mkdir -p "$d"
  [ -s "$d/extract.csv" ] || /usr/bin/python3 "$here/gen_records.py" "$n" "$d/extract.csv"
  cp "$sample/kommun.geojson" "$sample/places.geojson" "$sample/addresses.csv" "$d/"
  cat > "$d/hotspot.ini" <<INI
[project]
name = Benchmark
kommun = 9999
boundary = kommun.geojson
[input polis]
path = extract.csv
kind = incident
crs = EPSG:3006
max_rejects = 50%
[places]
path = places.geojson
[geocode]
addresses = addresses.csv
[grid]
cell = 250
[kde]
bandwidth = 300
cell = 25
[gistar]
cell = 250
distance = 500
[privacy]
min_count = 5
[output]
gpkg = ut/bench.gpkg
maps = ut/kartor
report = ut/rapport.pdf
formats = png
INI
  /usr/bin/time -v "$hs" --no-progress build --force "$d/hotspot.ini" >"$d/out" 2>"$d/err"
  rc=$?
  wall=$(grep "Elapsed (wall clock)" "$d/err" | awk '{print $NF}' | awk -F: '{ if (NF==3) print $1*3600+$2*60+$3; else print $1*60+$2 }')
  rss=$(grep "Maximum resident set size" "$d/err" | awk '{print int($NF/1024)}')
  t0=$(date +%s.%N); "$hs" -q build "$d/hotspot.ini" >/dev/null 2>&1; t1=$(date +%s.%N)
  rerun=$(echo "$t1 - $t0" | bc)
  printf "%-10s %10s %10s %12.0f %12.2f   (exit %d)\n" "$n" "$wall" "$rss" "$(echo "$n / $wall" | bc -l)" "$rerun" "$rc"
  grep -E "\([0-9.]+ s\)" "$d/err" | sed 's/^hotspot build: /    /' | cut -c1-150
done
[ -n "${BENCH_DIR:-}" ] || rm -rf "$work"
