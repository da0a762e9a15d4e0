#!/bin/bash
# Places read from the polisen.se event texts, timed on the whole archive (85 011 events, the
# archive's CSV and the html_text JSON lines, both gzip-compressed as delivered): bench_place_text
# (reading with the place mentions, then placing them against Uppsala's NVDB street names and the
# built-in tätorter) prints events per second; then the whole `hotspot ingest --place-text` command
# (reading, placing, writing the GeoPackage) with its wall time and peak RSS.
# Usage: bench/bench_place_text.sh   (env HS_BINARY_DIR = build dir, HS_SHARED_DATA = shared data)
set -u
here=$(cd "$(dirname "$0")" && pwd)
bdir=${HS_BINARY_DIR:-$here/../build}
bin=$bdir/bench/bench_place_text
cli=${HOTSPOT:-$bdir/hotspot}
data=${HS_SHARED_DATA:-$here/../../shared/data}
pe=$data/polisen_events
nvdb=$data/se_uppsala/nvdb/Uppsala_kommun_ShapeNVDB_DKGatunamn.shp
[ -x "$bin" ] || { echo "bench_place_text not built: $bin"; exit 1; }
[ -s "$pe/polisen_events_all_2022-2026.csv.gz" ] || { echo "no archive in $pe"; exit 1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"$cli" gazetteer build "$nvdb" --kommun 0380 -o "$tmp/upp.sqlite" 2>/dev/null || exit 1
echo "== bench_place_text (library): archive CSV + html_text JSONL, Uppsala gazetteer"
"$bin" "$pe/polisen_events_all_2022-2026.csv.gz" --event-text "$pe/polisen_events_html_text.jsonl.gz" \
  -g "$tmp/upp.sqlite" || exit 1
echo "== hotspot ingest --place-text (reading, placing, writing the GeoPackage)"
/usr/bin/time -v "$cli" ingest "$pe/polisen_events_all_2022-2026.csv.gz" --place-text \
  --event-text "$pe/polisen_events_html_text.jsonl.gz" -g "$tmp/upp.sqlite" -o "$tmp/all.gpkg" \
  2>"$tmp/time" >/dev/null || { tail -5 "$tmp/time"; exit 1; }
awk -F': ' '/Elapsed \(wall/{w=$2} /Maximum resident/{r=int($2/1024)} /User time/{u=$2} /System time/{s=$2}
  END{printf "wall %s, CPU %.2f s, peak RSS %d MB, %.0f events/s (wall)\n", w, u+s, r, 85011/(w~/:/?(split(w,a,":")==2?a[1]*60+a[2]:a[1]*3600+a[2]*60+a[3]):w)}' "$tmp/time"
