#!/bin/bash
# End-to-end `hotspot build` on generated police extracts of N rows (default "1000000"; set SIZES,
# e.g. SIZES="1000000 10000000") for two projects (set KINDS, default "sample plain"): "sample", the
# sample kommun with its boundary, places and address geocoding; "plain", every row with
# coordinates over a 30 km square of EPSG:3006, no boundary, [grid] cell = 250, [kde] cell = 50,
# bandwidth = 300, near repeats on every incident (the bounded Knox at full size). Wall time per step (from the build's log), total wall time and peak memory,
# then a re-run with nothing changed. Prints a table.
set -u
here=$(cd "$(dirname "$0")" && pwd)
hs=${HOTSPOT:-$here/../build/release/hotspot}
sample=$here/../samples/exempelstad
work=${BENCH_DIR:-$(mktemp -d)}
SIZES=${SIZES:-1000000}
KINDS=${KINDS:-sample plain}
echo "hotspot build, end to end ($(nproc) cores, $(date -u +%F), load $(cut -d' ' -f1-3 /proc/loadavg))"
printf "%-7s %-10s %10s %10s %12s %12s\n" project rows wall_s peak_MiB rows_per_s rerun_s
for kind in $KINDS; do
for n in $SIZES; do
  d=$work/$kind$n; mkdir -p "$d"
  if [ "$kind" = plain ]; then
    [ -s "$d/extract.csv" ] || /usr/bin/python3 "$here/gen_records.py" "$n" "$d/extract.csv" --plain 30000
    cat > "$d/hotspot.ini" <<INI
[project]
name = Benchmark plain
kommun = 9999
[input polis]
path = extract.csv
kind = incident
crs = EPSG:3006
[grid]
cell = 250
[kde]
cell = 50
bandwidth = 300
[compare]
near_repeat_categories = *
[output]
gpkg = ut/bench.gpkg
maps = ut/kartor
report = ut/rapport.pdf
formats = png
INI
  else
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
  fi
  /usr/bin/time -v "$hs" --no-progress build --force "$d/hotspot.ini" >"$d/out" 2>"$d/err"
  rc=$?
  wall=$(grep "Elapsed (wall clock)" "$d/err" | awk '{print $NF}' | awk -F: '{ if (NF==3) print $1*3600+$2*60+$3; else print $1*60+$2 }')
  rss=$(grep "Maximum resident set size" "$d/err" | awk '{print int($NF/1024)}')
  t0=$(date +%s.%N); "$hs" -q build "$d/hotspot.ini" >/dev/null 2>&1; t1=$(date +%s.%N)
  rerun=$(echo "$t1 - $t0" | bc)
  printf "%-7s %-10s %10s %10s %12.0f %12.2f   (exit %d)\n" "$kind" "$n" "$wall" "$rss" "$(echo "$n / $wall" | bc -l)" "$rerun" "$rc"
  grep -E "\([0-9.]+ s\)" "$d/err" | sed 's/^hotspot build: /    /' | cut -c1-150
done
done
[ -n "${BENCH_DIR:-}" ] || rm -rf "$work"
