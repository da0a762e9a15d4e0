#!/bin/bash
# CLI cases for `hotspot ingest`: outputs and their counts, the summary and the column mapping on
# stderr, refusing to overwrite, --max-rejects as a count and a share, exit codes 2 and 3, a user
# category table, complaints, and polisen.se JSON (kommun/län precision only).
# Env: HOTSPOT (the CLI), HS_SOURCE_DIR. Prints "N passed, M failed".
set -u
H=${HOTSPOT:?HOTSPOT not set}
FIX=${HS_SOURCE_DIR:?}/tests/data/ingest
SHARED=${HS_SHARED_DATA:-$HS_SOURCE_DIR/../shared/data}
PY=/usr/bin/python3
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0
fail=0
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $*"; }
check() { if eval "$2"; then ok; else bad "$1"; fi; }
count() { # file layer [where]
    $PY -c "
from osgeo import ogr
import sys
ds = ogr.Open(sys.argv[1]); lyr = ds.GetLayerByName(sys.argv[2])
if len(sys.argv) > 3: lyr.SetAttributeFilter(sys.argv[3])
print(lyr.GetFeatureCount())" "$@"
}

# 1. a messy police extract: every row accounted for
"$H" ingest "$FIX/utdrag_cp1252.csv" -o "$tmp/a.gpkg" >"$tmp/out" 2>"$tmp/err"
rc=$?
check "ingest exit 0 (got $rc)" '[ $rc -eq 0 ]'
check "stdout names the output and counts" 'grep -q "a.gpkg: 11 incidents, 9 rejects (EPSG:3006)" "$tmp/out"'
check "incidents layer has 11 rows" '[ "$(count "$tmp/a.gpkg" incidents)" = 11 ]'
check "rejects layer has 9 rows" '[ "$(count "$tmp/a.gpkg" rejects)" = 9 ]'
check "bad_number reject names column and value" \
    '[ "$(count "$tmp/a.gpkg" rejects "reason = '"'"'bad_number'"'"' AND \"column\" = '"'"'X-koordinat'"'"' AND value = '"'"'6 48x 123'"'"'")" = 1 ]'
check "mapping printed" 'grep -q "columns: x = '"'"'X-koordinat'"'"', y = '"'"'Y-koordinat'"'"'" "$tmp/err"'
check "CRS detection printed" 'grep -q "CRS detected from the value ranges: EPSG:3006" "$tmp/err"'
check "encoding printed" 'grep -q "separator '"'"';'"'"', encoding CP1252" "$tmp/err"'
check "summary by reason" 'grep -q "rejected missing_coordinates *2" "$tmp/err"'
check "swap warning" 'grep -q "1 rows had x and y swapped" "$tmp/err"'
check "stdout has nothing but the result" '[ "$(wc -l <"$tmp/out")" -eq 1 ]'
check "no personnummer in the output" '! strings "$tmp/a.gpkg" | grep -q "811218-9876"'

# 2. never overwrite without --overwrite
cp "$tmp/a.gpkg" "$tmp/a.copy"
"$H" ingest "$FIX/utdrag_cp1252.csv" -o "$tmp/a.gpkg" >/dev/null 2>"$tmp/err"
rc=$?
check "refuses to overwrite (exit 2, got $rc)" '[ $rc -eq 2 ] && grep -q -- "--overwrite" "$tmp/err"'
check "file untouched" 'cmp -s "$tmp/a.gpkg" "$tmp/a.copy"'
"$H" -q ingest "$FIX/utdrag_cp1252.csv" -o "$tmp/a.gpkg" --overwrite >/dev/null 2>&1
check "--overwrite replaces" '[ $? -eq 0 ]'

# 3. --max-rejects
"$H" -q ingest "$FIX/utdrag_cp1252.csv" -o "$tmp/m.gpkg" --max-rejects 3 >/dev/null 2>"$tmp/err"
rc=$?
check "--max-rejects 3 fails (exit 1, got $rc)" '[ $rc -eq 1 ] && grep -q "max-rejects" "$tmp/err"'
check "nothing written on failure" '[ ! -e "$tmp/m.gpkg" ]'
"$H" -q ingest "$FIX/utdrag_cp1252.csv" -o "$tmp/m.gpkg" --max-rejects 50% >/dev/null 2>&1
check "--max-rejects 50% passes" '[ $? -eq 0 ]'
"$H" -q ingest "$FIX/utdrag_cp1252.csv" -o "$tmp/m2.gpkg" --max-rejects 40% >/dev/null 2>&1
check "--max-rejects 40% fails" '[ $? -eq 1 ]'

# 4. usage errors and no usable data
"$H" ingest "$FIX/utdrag_cp1252.csv" -o "$tmp/u.gpkg" --crs nonsense >/dev/null 2>&1
check "bad --crs is a usage error" '[ $? -eq 2 ]'
"$H" ingest "$FIX/utdrag_cp1252.csv" >/dev/null 2>&1
check "missing -o is a usage error" '[ $? -eq 2 ]'
"$H" ingest "$FIX/no_crs.csv" -o "$tmp/n.gpkg" >/dev/null 2>"$tmp/err"
rc=$?
check "no usable rows: exit 3 (got $rc)" '[ $rc -eq 3 ] && grep -q "unknown_crs" "$tmp/err"'
"$H" ingest "$FIX/utdrag_cp1252.csv" -o "$tmp/x.gpkg" --x nope >/dev/null 2>"$tmp/err"
rc=$?
check "unknown column: exit 1 naming file and column" \
    '[ $rc -eq 1 ] && grep -q "utdrag_cp1252.csv: x column '"'"'nope'"'"' not found" "$tmp/err"'

# 5. a user category table and complaints
printf 'key;category;focus_area;kind\n08*;egen_stold;eget;incident\nKlotter*;klotter;trygghet;complaint\n' >"$tmp/cats.csv"
"$H" -q ingest "$FIX/utdrag_cp1252.csv" -o "$tmp/c.gpkg" --categories "$tmp/cats.csv" >/dev/null 2>&1
check "user table maps 0856" '[ "$(count "$tmp/c.gpkg" incidents "category = '"'"'egen_stold'"'"' AND focus_area = '"'"'eget'"'"'")" = 7 ]'
printf 'Typ;Datum;E;N\nKlotter på vägg;2024-05-01 21:00;345000;6480000\nNedskräpning;2024-05-02;345100;6480100\n' >"$tmp/kl.csv"
"$H" -q ingest "$tmp/kl.csv" --kind complaint -o "$tmp/k.gpkg" >/dev/null 2>&1
check "complaints ingest" '[ $? -eq 0 ] && [ "$(count "$tmp/k.gpkg" incidents "category = '"'"'klotter'"'"'")" = 1 ] && [ "$(count "$tmp/k.gpkg" incidents "category = '"'"'nedskrapning'"'"'")" = 1 ]'

# 6. polisen.se events: kommun or län precision, never exact
"$H" -q ingest "$SHARED/polisen_events/events_latest_api_response.json" -o "$tmp/p.gpkg" >/dev/null 2>"$tmp/err"
check "polisen JSON ingests" '[ $? -eq 0 ]'
check "500 events" '[ "$(count "$tmp/p.gpkg" incidents)" = 500 ]'
check "only kommun/lan precision" '[ "$(count "$tmp/p.gpkg" incidents "precision NOT IN ('"'"'kommun'"'"','"'"'lan'"'"')")" = 0 ]'

# 7. info: counts and time span, also of hotspot's own GeoPackage
"$H" info "$FIX/utdrag_cp1252.csv" >"$tmp/info" 2>/dev/null
check "info exit 0" '[ $? -eq 0 ]'
check "info counts" 'grep -q "20 read, 11 kept, 9 rejected" "$tmp/info"'
check "info time span" 'grep -q "2024-02-29T23:00:00Z .. 2024-10-27T00:30:00Z" "$tmp/info"'
"$H" -q info --json "$tmp/a.gpkg" >"$tmp/info.json" 2>"$tmp/err"
check "info of the output round-trips" '$PY -c "import json,sys; d=json.load(open(sys.argv[1])); assert d[\"kept\"]==11 and d[\"t_min\"]==\"2024-02-29T23:00:00Z\" and d[\"categories\"][\"stold\"]==7" "$tmp/info.json"'
check "GDAL prints nothing" '[ ! -s "$tmp/err" ]'

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
