#!/bin/bash
# Gi* on 1 000 000 cells (a 1 000 x 1 000 grid of 20 m cells over bench-ref's 20 km square,
# queen contiguity + self) with p-values, BH FDR and gi_bin: hotspot (bench/bench_gistar) beside
# R spdep (bench-ref/ref/spdep_gistar.R, "queen_fast": neighbours by index arithmetic) in the same
# run, on the same points. Prints wall time, peak RSS and the compute stages, the ratios, the
# largest z difference and the number of cells whose class differs (classes of the spdep z are
# recomputed with numpy BH, independently of hotspot). Also the whole `hotspot gistar` command on
# the same CSV (reading, counting, Gi*, writing the 1 000 000-cell GeoPackage with its R-tree,
# styles and metadata) against spdep's whole run, with its z values read back from the GeoPackage
# and compared with spdep's.
# Usage: bench/bench_gistar.sh [NPOINTS]   (default 1000000; env HS_BINARY_DIR = the build dir,
#        HOTSPOT = the CLI, default HS_BINARY_DIR/hotspot)
set -u
here=$(cd "$(dirname "$0")" && pwd)
ref=$(cd "$here/../../shared/bench-ref" 2>/dev/null && pwd) || { echo "bench-ref not found"; exit 1; }
bin=${HS_BINARY_DIR:-$here/../build}/bench/bench_gistar
[ -x "$bin" ] || { echo "build bench_gistar first (cmake --build BUILD --target bench_gistar)"; exit 1; }
command -v Rscript >/dev/null || { echo "Rscript missing: apt-get install r-cran-spdep r-cran-data.table"; exit 1; }
cli=${HOTSPOT:-${HS_BINARY_DIR:-$here/../build}/hotspot}
[ -x "$cli" ] || { echo "build the hotspot CLI first: $cli"; exit 1; }
npts=${1:-1000000}
work=${HS_BINARY_DIR:-$here/../build}/bench-gistar
mkdir -p "$work"
pts=$work/points_$npts.csv
[ -s "$pts" ] || /usr/bin/python3 "$ref/gen_points.py" "$npts" "$pts" >/dev/null || exit 1

run() { # name, log, command...
  local name=$1 log=$2
  shift 2
  /usr/bin/time -v "$@" >"$log" 2>"$log.time" || { echo "$name failed:"; cat "$log" "$log.time"; exit 1; }
  wall=$(awk -F': ' '/Elapsed \(wall clock\)/ {n = split($2, t, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + t[i]; print s}' "$log.time")
  rss=$(awk -F': ' '/Maximum resident set size/ {printf "%.0f", $2 / 1024}' "$log.time")
}
stage() { awk -v s="$2" 'index($0, "STAGE " s) == 1 {print $(NF - 1)}' "$1" | tail -1; }

echo "Gi* queen + self, 1000 x 1000 cells (20 m), $npts points, $(nproc) CPUs, $(date -u +%FT%TZ)"
run hotspot "$work/hs.log" "$bin" "$pts" "$work/hs" 20
hs_wall=$wall hs_rss=$rss
hs_gi=$(stage "$work/hs.log" "Gi* z + p + BH + gi_bin")
rm -f "$work/cli.gpkg"
run "hotspot gistar" "$work/cli.log" "$cli" -q gistar "$pts" -o "$work/cli.gpkg" --cell 20 \
    --weights queen --extent 664000,6570000,684000,6590000
cli_wall=$wall cli_rss=$rss
run spdep "$work/r.log" Rscript "$ref/ref/spdep_gistar.R" "$pts" "$work/r" 20 queen_fast
r_wall=$wall r_rss=$rss
r_nb=$(awk '/^STAGE (neighbours|include.self)/ {s += $(NF - 1)} END {print s}' "$work/r.log")
r_gi=$(awk '/^STAGE (localG|p \+ BH)/ {s += $(NF - 1)} END {print s}' "$work/r.log")
grep '^RESULT' "$work/hs.log" | sed 's/^/  hotspot /'
grep '^RESULT' "$work/r.log" | sed 's/^/  spdep   /'
printf '%-34s %10s %10s %9s\n' "" "hotspot" "spdep" "ratio"
printf '%-34s %9.2fs %9.2fs %8.0fx\n' "wall clock (whole run)" "$hs_wall" "$r_wall" "$(echo "$r_wall / $hs_wall" | bc -l)"
printf '%-34s %9.2fs %9.2fs %8.1fx\n' "hotspot gistar -> GPKG (whole run)" "$cli_wall" "$r_wall" "$(echo "$r_wall / $cli_wall" | bc -l)"
printf '%-34s %9.3fs %9.3fs %8.0fx\n' "Gi* + p + BH (compute stage)" "$hs_gi" "$r_gi" "$(echo "$r_gi / $hs_gi" | bc -l)"
printf '%-34s %10s %9.3fs\n' "neighbours + nb2listw (spdep only)" "-" "$r_nb"
printf '%-34s %8s MiB %6s MiB %8.1fx\n' "peak RSS" "$hs_rss" "$r_rss" "$(echo "$r_rss / $hs_rss" | bc -l)"
printf '%-34s %8s MiB %6s MiB %8.1fx\n' "peak RSS, hotspot gistar -> GPKG" "$cli_rss" "$r_rss" "$(echo "$r_rss / $cli_rss" | bc -l)"
/usr/bin/python3 - "$work/hs_gistar.f64" "$work/hs_bin.i8" "$work/r_gistar.f64" "$work/cli.gpkg" <<'PY'
import sys, sqlite3, numpy as np
z = np.fromfile(sys.argv[1]); b = np.fromfile(sys.argv[2], dtype=np.int8); rz = np.fromfile(sys.argv[3])
db = sqlite3.connect(sys.argv[4])
rows = db.execute("SELECT gi_z, gi_bin FROM gistar ORDER BY fid").fetchall()
cz = np.array([r[0] for r in rows], dtype=float); cb = np.array([r[1] for r in rows], dtype=np.int8)
print("GeoPackage: %d cells, rtreecheck %s; max |gi_z - z_spdep| = %.3g; gi_bin equal to bench_gistar's: %s"
      % (len(rows), db.execute("SELECT rtreecheck('rtree_gistar_geom')").fetchone()[0],
         np.abs(cz - rz).max(), bool((cb == b).all())))
from scipy.special import erfc
p = erfc(np.abs(rz) / np.sqrt(2)); n = p.size
o = np.argsort(p, kind="stable"); q = np.empty(n)
q[o] = np.minimum.accumulate((p[o] * n / np.arange(1, n + 1))[::-1])[::-1].clip(max=1)
rb = (np.select([q <= 0.01, q <= 0.05, q <= 0.10], [3, 2, 1], 0) * np.sign(rz)).astype(np.int8)
print("max |z - z_spdep| = %.3g over %d cells; cells whose gi_bin differs: %d; significant: %d"
      % (np.abs(z - rz).max(), n, int((b != rb).sum()), int((rb != 0).sum())))
PY
