#!/bin/bash
# Crime concentration at street segments: 1 000 000 incidents onto a street network of about
# 50 000 segments (bench/bench_segments: a jittered street grid, seeded incidents over two
# years). Prints each stage's time (noding, snapping, tally, Lorenz/Gini, network neighbours, Gi*,
# the whole analysis), the result and the peak RSS (/usr/bin/time -v). No reference tool: none of
# ArcGIS, QGIS, sfhotspot or CrimeStat does this in one step.
# Usage: bench/bench_segments.sh [NPOINTS] [NSEG]   (env HS_BINARY_DIR = the build directory)
set -u
here=$(cd "$(dirname "$0")" && pwd)
bin=${HS_BINARY_DIR:-$here/../build}/bench/bench_segments
[ -x "$bin" ] || { echo "bench_segments not built: $bin"; exit 1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
echo "street segments: ${1:-1000000} incidents, ~${2:-50000} segments, $(nproc) CPUs, $(date -u +%FT%TZ)"
/usr/bin/time -v "$bin" "${1:-1000000}" "${2:-50000}" >"$tmp/out" 2>"$tmp/time" || { cat "$tmp/out" "$tmp/time"; exit 1; }
cat "$tmp/out"
awk -F': ' '/Maximum resident set size/ {printf "peak RSS %.0f MiB\n", $2 / 1024} /Elapsed \(wall clock\)/ {print "wall clock " $2}' "$tmp/time"
