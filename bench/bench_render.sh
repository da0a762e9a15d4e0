#!/bin/bash
# Render benchmark: an A4 map at 300 dpi with a 1 000 x 1 000 density raster and 10 000 cells
# (bench/bench_render, PNG and PDF) beside the same kind of map from a QGIS 3.22 print layout
# (bench/render_qgis_ref.py, python3-qgis headless) in the same run, then `hotspot report` on the
# synthetic sample GeoPackage (tests/data/render/make_sample_gpkg.py). Prints wall time, peak RSS
# and ratios. Usage: bench/bench_render.sh   (env HS_BINARY_DIR = the build dir)
set -u
here=$(cd "$(dirname "$0")" && pwd)
build=${HS_BINARY_DIR:-$here/../build}
bin=$build/bench/bench_render
hs=$build/hotspot
[ -x "$bin" ] || { echo "build bench_render first (cmake --build BUILD --target bench_render)"; exit 1; }
work=$build/bench-render
mkdir -p "$work" "$work/xdg"
chmod 700 "$work/xdg"

run() { # log, command...
  local log=$1
  shift
  /usr/bin/time -v "$@" >"$log" 2>"$log.time" || { echo "failed: $*"; cat "$log" "$log.time"; exit 1; }
  wall=$(awk -F': ' '/Elapsed \(wall clock\)/ {n = split($2, t, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + t[i]; print s}' "$log.time")
  rss=$(awk -F': ' '/Maximum resident set size/ {printf "%.0f", $2 / 1024}' "$log.time")
  cpu=$(awk -F': ' '/(User|System) time \(seconds\)/ {s += $2} END {printf "%.2f", s}' "$log.time")
}
res() { awk -v k="$2" 'index($0, "RESULT " k) == 1 {print $(NF - 1)}' "$1" | tail -1; }

echo "A4 map, 300 dpi, 1000 x 1000 raster + 10 000 cells; $(nproc) CPUs, $(date -u +%FT%TZ)"
run "$work/hs.log" "$bin" "$work"
hs_png=$(res "$work/hs.log" "render A4 300 dpi png")
hs_pdf=$(res "$work/hs.log" "render A4 300 dpi pdf")
hs_wall=$wall hs_rss=$rss hs_cpu=$cpu
q_png=NA q_pdf=NA q_rss=NA q_wall=NA q_cpu=NA
if /usr/bin/python3 -c "import qgis.core" 2>/dev/null; then
  XDG_RUNTIME_DIR=$work/xdg QT_QPA_PLATFORM=offscreen run "$work/q.log" /usr/bin/python3 "$here/render_qgis_ref.py" "$work/qgis"
  q_png=$(res "$work/q.log" "qgis layout A4 300 dpi png (status 0)")
  q_pdf=$(res "$work/q.log" "qgis layout A4 pdf (status 0)")
  q_rss=$rss q_wall=$wall q_cpu=$cpu
else
  echo "python3-qgis missing: QGIS reference skipped (apt-get install python3-qgis)"
fi
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (a == "NA" || b == "NA" || a == 0) print "NA"; else printf "%.1fx", b / a }'; }
printf '%-36s %10s %10s %8s\n' "" "hotspot" "QGIS" "QGIS/hs"
printf '%-36s %9ss %9ss %8s\n' "render A4 300 dpi PNG (export only)" "$hs_png" "$q_png" "$(ratio "$hs_png" "$q_png")"
printf '%-36s %9ss %9ss %8s\n' "render A4 PDF (export only)" "$hs_pdf" "$q_pdf" "$(ratio "$hs_pdf" "$q_pdf")"
printf '%-36s %9ss %9ss %8s\n' "whole process, wall (PNG + PDF)" "$hs_wall" "$q_wall" "$(ratio "$hs_wall" "$q_wall")"
printf '%-36s %9ss %9ss %8s\n' "whole process, CPU user+sys" "$hs_cpu" "$q_cpu" "$(ratio "$hs_cpu" "$q_cpu")"
printf '%-36s %8sMB %8sMB\n' "peak RSS (whole process)" "$hs_rss" "$q_rss"
echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"

/usr/bin/python3 "$here/../tests/data/render/make_sample_gpkg.py" "$work/sample.gpkg" || exit 1
run "$work/rep.log" "$hs" -q report "$work/sample.gpkg" -o "$work/report.pdf" --overwrite --date 2026-01-20
pages=$(pdfinfo "$work/report.pdf" 2>/dev/null | awk '/^Pages:/ {print $2}')
printf '%-36s %9ss  (CPU %ss, %s pages, peak RSS %s MB)\n' "hotspot report, sample GeoPackage" "$wall" "$cpu" "$pages" "$rss"
