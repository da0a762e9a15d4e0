#!/bin/bash
# Kernel density benchmark: hotspot kde against the reference tools of ../shared/bench-ref, in
# one run, on the same clustered points (gen_points.py): wall time and peak RSS (/usr/bin/time -v)
# of each, ratios, and agreement (exact sum at sampled cells, spatstat's Gaussian, QGIS's raw
# quartic). References that are not installed are skipped with a note.
#
# usage: bench/bench_kde.sh [SIZES...]     sizes like 100k 1M 10M (default: 100k 1M)
#   BIG=1     also run the 4000 x 4000 grid (5 m cells) for 1M points
#   REF_MAX   largest size the reference tools run on (default 10000000)
#   HOTSPOT   the hotspot binary (default: build/hotspot, else the first build-*/hotspot found)
#   WORK      scratch folder (default /tmp/hs_bench_kde)
#   LIMIT     seconds after which one run is stopped (default 600)
set -u
here=$(cd "$(dirname "$0")/.." && pwd)
ref=${BENCH_REF:-$here/../shared/bench-ref}
work=${WORK:-/tmp/hs_bench_kde}
py=/usr/bin/python3
hs=${HOTSPOT:-}
if [ -z "$hs" ]; then
  for c in "$here"/build/hotspot "$here"/build-*/hotspot; do [ -x "$c" ] && { hs=$c; break; }; done
fi
[ -x "${hs:-}" ] || { echo "bench_kde: build hotspot first (or set HOTSPOT)" >&2; exit 1; }
[ -d "$ref" ] || { echo "bench_kde: $ref not found (set BENCH_REF)" >&2; exit 1; }
mkdir -p "$work"
sizes=("$@"); [ ${#sizes[@]} -eq 0 ] && sizes=(100k 1M)
EXT=664000,6570000,684000,6590000   # the references' 20 km square (bench-ref/ref/common.R)
export QT_QPA_PLATFORM=offscreen OMP_NUM_THREADS=1
export XDG_RUNTIME_DIR=$work/xdg; mkdir -p "$XDG_RUNTIME_DIR"; chmod 700 "$XDG_RUNTIME_DIR"

num() { case $1 in *k) echo $(( ${1%k} * 1000 ));; *M) echo $(( ${1%M} * 1000000 ));; *) echo "$1";; esac; }
# run NAME CMD...: time one command; prints a table row, remembers wall and rss in W_<key>, R_<key>
# CPU (user + system) is printed beside wall time: on a shared machine wall time also measures
# the other load, CPU time much less so. A run is stopped after LIMIT seconds (default 600).
declare -A WALL RSS CPU
run() {
  local key=$1; shift
  local log="$work/$key.log"
  timeout "${LIMIT:-600}" /usr/bin/time -v "$@" >"$log" 2>&1; local rc=$?
  local w r u s
  w=$(grep "Elapsed (wall clock)" "$log" | awk '{print $NF}' | awk -F: '{ if (NF==3) print $1*3600+$2*60+$3; else print $1*60+$2 }')
  r=$(grep "Maximum resident set size" "$log" | awk '{print $NF}')
  u=$(grep "User time (seconds)" "$log" | awk '{print $NF}'); s=$(grep "System time (seconds)" "$log" | awk '{print $NF}')
  [ -z "$w" ] && { printf "  %-58s stopped after %s s (LIMIT)\n" "$key" "${LIMIT:-600}"; return; }
  WALL[$key]=$w; RSS[$key]=$r; CPU[$key]=$(awk -v a="$u" -v b="$s" "BEGIN{print a+b}")
  printf "  %-58s %8.2f s wall %8.2f s cpu %6.0f MiB%s\n" "$key" "$w" "${CPU[$key]}" "$(awk -v a="$r" "BEGIN{print a/1024}")" \
    "$([ $rc -ne 0 ] && echo "  (exit $rc, see $log)")"
}
ratio() { # ratio REF HS: REF's wall (and CPU) / hotspot's
  [ -n "${WALL[$1]:-}" ] && [ -n "${WALL[$2]:-}" ] &&
    printf "  %-58s %6.1fx wall %6.1fx cpu\n" "$1 / $2" "$(awk -v a="${WALL[$1]}" -v b="${WALL[$2]}" "BEGIN{print a/b}")" \
      "$(awk -v a="${CPU[$1]}" -v b="${CPU[$2]}" "BEGIN{print a/b}")"
}
have_r() { command -v Rscript >/dev/null && Rscript -e "suppressMessages(library($1))" >/dev/null 2>&1; }
qgis_ok() { command -v qgis_process >/dev/null || command -v qgis_process.bin >/dev/null; }

echo "hotspot kde benchmark, $(date -u +%FT%TZ), $(getconf _NPROCESSORS_ONLN) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2)"
echo "hotspot: $hs ($("$hs" --version 2>/dev/null | head -1)); load average: $(cut -d' ' -f1-3 /proc/loadavg)"
for s in "${sizes[@]}"; do
  n=$(num "$s"); csv=$work/points_$s.csv
  [ -s "$csv" ] || $py "$ref/gen_points.py" "$n" "$csv" || exit 1
  echo
  echo "== $s points ($n), 400 x 400 cells of 50 m over $EXT"
  run "hotspot kde gaussian sd200 edge (2 threads) $s" "$hs" --threads 2 --no-progress kde "$csv" \
    -o "$work/hs_gauss_$s.tif" --overwrite --kernel gaussian --bandwidth 200 --edge --cell 50 --extent $EXT
  run "hotspot kde gaussian sd200 no edge (2 threads) $s" "$hs" --threads 2 --no-progress kde "$csv" \
    -o "$work/hs_gauss_noedge_$s.tif" --overwrite --kernel gaussian --bandwidth 200 --cell 50 --extent $EXT
  run "hotspot kde quartic r500 (2 threads) $s" "$hs" --threads 2 --no-progress kde "$csv" \
    -o "$work/hs_quartic_$s.tif" --overwrite --kernel quartic --bandwidth 500 --cell 50 --extent $EXT
  run "hotspot kde quartic r500 (1 thread) $s" "$hs" --threads 1 --no-progress kde "$csv" \
    -o "$work/hs_quartic1_$s.tif" --overwrite --kernel quartic --bandwidth 500 --cell 50 --extent $EXT
  run "hotspot kde gaussian sd200 edge binned $s" "$hs" --threads 2 --no-progress kde "$csv" \
    -o "$work/hs_gauss_binned_$s.tif" --overwrite --kernel gaussian --bandwidth 200 --edge --cell 50 \
    --extent $EXT --method binned
  run "hotspot kde quartic r500 binned $s" "$hs" --threads 2 --no-progress kde "$csv" \
    -o "$work/hs_quartic_binned_$s.tif" --overwrite --kernel quartic --bandwidth 500 --cell 50 \
    --extent $EXT --method binned
  grep -h "error bound" "$work/hotspot kde gaussian sd200 edge binned $s.log" "$work/hotspot kde quartic r500 binned $s.log" | sed 's/^/    /'
  if have_r spatstat.explore && [ "$n" -le "${REF_MAX:-10000000}" ]; then
    run "spatstat density.ppp gaussian sd200 edge=TRUE $s" Rscript "$ref/ref/spatstat_kde.R" "$csv" "$work/spatstat_$s" TRUE
    run "spatstat density.ppp gaussian sd200 edge=FALSE $s" Rscript "$ref/ref/spatstat_kde.R" "$csv" "$work/spatstat_noedge_$s" FALSE
  else
    echo "  (spatstat skipped: r-cran-spatstat not installed, or more than REF_MAX points)"
  fi
  if have_r ks && [ "$n" -le "${REF_MAX:-10000000}" ]; then
    run "ks::kde binned gaussian sd200 $s" Rscript "$ref/ref/ks_kde.R" "$csv" "$work/ks_$s"
  else
    echo "  (ks skipped: r-cran-ks not installed, or more than REF_MAX points)"
  fi
  if qgis_ok && [ "$n" -le "${REF_MAX:-10000000}" ]; then
    run "QGIS heatmap quartic r500 raw, CSV input $s" sh "$ref/ref/qgis_heatmap_csv.sh" "$csv" "$work/qgis_csv_$s.tif"
    [ -s "$work/points_$s.gpkg" ] || sh "$ref/ref/to_gpkg.sh" "$csv" "$work/points_$s.gpkg" >/dev/null 2>&1
    run "QGIS heatmap quartic r500 raw, GPKG input $s" sh "$ref/ref/qgis_heatmap.sh" "$work/points_$s.gpkg" "$work/qgis_$s.tif" 0 0
  else
    echo "  (QGIS skipped: qgis_process not installed (Debian: qgis), or more than REF_MAX points)"
  fi
  if command -v gdal_grid >/dev/null && [ "$n" -le 100000 ]; then
    [ -s "$work/points_$s.gpkg" ] || sh "$ref/ref/to_gpkg.sh" "$csv" "$work/points_$s.gpkg" >/dev/null 2>&1
    run "gdal_grid count r500 $s" sh "$ref/ref/gdal_grid_count.sh" "$work/points_$s.gpkg" "$work/gdalcount_$s.tif"
    run "hotspot kde uniform r500 (2 threads) $s" "$hs" --threads 2 --no-progress kde "$csv" \
      -o "$work/hs_uniform_$s.tif" --overwrite --kernel uniform --bandwidth 500 --cell 50 --extent $EXT
  fi
  echo " ratios (reference wall / hotspot wall):"
  ratio "spatstat density.ppp gaussian sd200 edge=TRUE $s" "hotspot kde gaussian sd200 edge (2 threads) $s"
  ratio "spatstat density.ppp gaussian sd200 edge=FALSE $s" "hotspot kde gaussian sd200 no edge (2 threads) $s"
  ratio "spatstat density.ppp gaussian sd200 edge=TRUE $s" "hotspot kde gaussian sd200 edge binned $s"
  ratio "QGIS heatmap quartic r500 raw, CSV input $s" "hotspot kde quartic r500 binned $s"
  ratio "ks::kde binned gaussian sd200 $s" "hotspot kde gaussian sd200 no edge (2 threads) $s"
  ratio "QGIS heatmap quartic r500 raw, CSV input $s" "hotspot kde quartic r500 (2 threads) $s"
  ratio "QGIS heatmap quartic r500 raw, GPKG input $s" "hotspot kde quartic r500 (2 threads) $s"
  ratio "gdal_grid count r500 $s" "hotspot kde uniform r500 (2 threads) $s"
  if [ "${BIG:-0}" = 1 ] && [ "$n" -eq 1000000 ]; then
    echo "== $s points, 4000 x 4000 cells of 5 m over $EXT"
    run "hotspot kde quartic r500 4000x4000 (2 threads) $s" "$hs" --threads 2 --no-progress kde "$csv" \
      -o "$work/hs_quartic_big_$s.tif" --overwrite --kernel quartic --bandwidth 500 --cell 5 --extent $EXT
    run "hotspot kde quartic r500 4000x4000 binned $s" "$hs" --threads 2 --no-progress kde "$csv" \
      -o "$work/hs_quartic_big_binned_$s.tif" --overwrite --kernel quartic --bandwidth 500 --cell 5 \
      --extent $EXT --method binned
    grep -h "error bound" "$work/hotspot kde quartic r500 4000x4000 binned $s.log" | sed 's/^/    /'
    run "hotspot kde gaussian sd200 edge 4000x4000 binned $s" "$hs" --threads 2 --no-progress kde "$csv" \
      -o "$work/hs_gauss_big_binned_$s.tif" --overwrite --kernel gaussian --bandwidth 200 --edge --cell 5 \
      --extent $EXT --method binned
    grep -h "error bound" "$work/hotspot kde gaussian sd200 edge 4000x4000 binned $s.log" | sed 's/^/    /'
    if have_r spatstat.explore; then
      run "spatstat density.ppp gaussian sd200 edge 4000x4000 $s" Rscript "$here/bench/spatstat_kde_big.R" "$csv" "$work/spatstat_big_$s.f64"
      ratio "spatstat density.ppp gaussian sd200 edge 4000x4000 $s" "hotspot kde gaussian sd200 edge 4000x4000 binned $s"
    fi
    if qgis_ok; then
      . "$ref/ref/qgis_env.sh"
      run "QGIS heatmap quartic r500 px5 raw, GPKG input $s" "$QGIS_PROCESS" run qgis:heatmapkerneldensityestimation -- \
        INPUT="$work/points_$s.gpkg|layername=points" RADIUS=500 PIXEL_SIZE=5 KERNEL=0 OUTPUT_VALUE=0 DECAY=0 OUTPUT="$work/qgis_big_$s.tif"
      ratio "QGIS heatmap quartic r500 px5 raw, GPKG input $s" "hotspot kde quartic r500 4000x4000 (2 threads) $s"
      ratio "QGIS heatmap quartic r500 px5 raw, GPKG input $s" "hotspot kde quartic r500 4000x4000 binned $s"
    fi
  fi
  echo " agreement:"
  $py "$here/bench/kde_agree.py" "$work" "$s" || echo "  (agreement check failed)"
done
