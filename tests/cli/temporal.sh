#!/bin/bash
# CLI tests of `hotspot temporal`: the DC burglaries hour x weekday table (--tz UTC) against the
# reference of tests/data/temporal/dcburglaries_ref.csv to three decimals, the skipped spring-forward
# hour in Europe/Stockholm, exit codes (existing output, missing input, bad options), and a planted
# Friday/Saturday-night concentration found by --by cell, hotspot and place (`concentrations`,
# `strata`, `series`), and the Gi*/KDE maps of a time window (--window).
set -u
HOTSPOT=${HOTSPOT:?path of the hotspot CLI}
SRC=${HS_SOURCE_DIR:?}
DATA=${HS_SHARED_DATA:-$HS_SOURCE_DIR/../shared/data}
PY=/usr/bin/python3
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0
fail=0
ok() { pass=$((pass + 1)); echo "ok   $1"; }
ko() { fail=$((fail + 1)); echo "FAIL $1"; }
check() { if eval "$2"; then ok "$1"; else ko "$1"; fi; }

# 1. DC burglaries: wall-clock times with Swedish coordinates put in (the times are what is tested)
if [ -f "$DATA/crime_aoristic/dcburglaries.csv" ]; then
  $PY - "$DATA/crime_aoristic/dcburglaries.csv" "$tmp/dc.csv" <<'PY'
import csv, sys
with open(sys.argv[1], newline="") as f, open(sys.argv[2], "w", newline="") as g:
    w = csv.writer(g)
    w.writerow(["id", "x", "y", "start", "end"])
    for i, r in enumerate(csv.DictReader(f)):
        w.writerow([i + 1, 340000 + (i % 50) * 10, 6470000 + (i // 50) * 10, r["StartDateTime"], r["EndDateTime"]])
PY
  "$HOTSPOT" temporal "$tmp/dc.csv" --x x --y y --crs EPSG:3006 --from start --to end --tz UTC \
    -o "$tmp/dc_out.csv" 2>"$tmp/dc.err"
  rc=$?
  check "dcburglaries exit 0" '[ $rc -eq 0 ]'
  [ $rc -eq 0 ] || cat "$tmp/dc.err"
  check "dcburglaries header" '[ "$(head -1 "$tmp/dc_out.csv")" = "unit_id,weekday,hour,weight" ]'
  check "dcburglaries 168 rows" '[ $(tail -n +2 "$tmp/dc_out.csv" | wc -l) -eq 168 ]'
  diffmax=$($PY - "$tmp/dc_out.csv" "$SRC/tests/data/temporal/dcburglaries_ref.csv" <<'PY'
import csv, sys
got = {(int(r["weekday"]), int(r["hour"])): float(r["weight"]) for r in csv.DictReader(open(sys.argv[1]))}
ref = {}
for r in csv.DictReader(open(sys.argv[2])):
    for d, k in enumerate(["mon", "tue", "wed", "thu", "fri", "sat", "sun"]):
        ref[(d + 1, int(r["hour"]))] = float(r[k])
print(max(abs(got.get(k, 1e9) - v) for k, v in ref.items()))
PY
)
  check "dcburglaries equals R aoristic rules to 3 decimals (max diff $diffmax)" \
    "$PY -c 'import sys; sys.exit(0 if float(\"$diffmax\") < 5e-4 else 1)'"
  check "reports windows without end" 'grep -q "37 without end" "$tmp/dc.err"'
else
  echo "skip dcburglaries (no shared data)"
fi

# 2. the spring-forward night: 01:30 CET to 03:30 CEST is one hour; 02:xx gets nothing
printf 'id,x,y,from,to\n1,340000,6470000,2024-03-31 01:30,2024-03-31 03:30\n' >"$tmp/dst.csv"
"$HOTSPOT" temporal "$tmp/dst.csv" --x x --y y --crs EPSG:3006 --from from --to to -o "$tmp/dst_out.csv" 2>"$tmp/dst.err"
check "dst exit 0" '[ $? -eq 0 ]'
check "dst 01 gets 0.5" 'grep -q "^alla,7,1,0.500000$" "$tmp/dst_out.csv"'
check "dst 02 gets 0" 'grep -q "^alla,7,2,0.000000$" "$tmp/dst_out.csv"'
check "dst 03 gets 0.5" 'grep -q "^alla,7,3,0.500000$" "$tmp/dst_out.csv"'
"$HOTSPOT" temporal "$tmp/dst.csv" --x x --y y --crs EPSG:3006 --from from --to to --tz UTC -o "$tmp/dst_utc.csv" 2>/dev/null
check "tz UTC: 02 gets 0.5" 'grep -q "^alla,7,2,0.500000$" "$tmp/dst_utc.csv"'

# 3. exit codes
"$HOTSPOT" temporal "$tmp/dst.csv" --x x --y y --crs EPSG:3006 --from from --to to -o "$tmp/dst_out.csv" 2>/dev/null
check "existing output without --overwrite exits 2" '[ $? -eq 2 ]'
"$HOTSPOT" temporal "$tmp/nope.csv" -o "$tmp/x.csv" 2>"$tmp/nope.err"
rc=$?
check "missing input exits 1 and names the file" '[ $rc -eq 1 ] && grep -q "nope.csv" "$tmp/nope.err"'
"$HOTSPOT" temporal "$tmp/dst.csv" --by street -o "$tmp/y.csv" 2>/dev/null
check "bad --by exits 2" '[ $? -eq 2 ]'

# 4. a planted concentration: Friday and Saturday nights 22-03 in one 250 m cell
$PY - "$tmp/plant.csv" <<'PY'
import random, sys
from datetime import datetime, timedelta
random.seed(7)
rows = []
base = datetime(2024, 1, 1)
for i in range(400):   # background: anywhere, any time, 1 h windows
    t = base + timedelta(minutes=random.randrange(365 * 24 * 60))
    rows.append((340000 + random.random() * 3000, 6470000 + random.random() * 3000, t, t + timedelta(hours=1)))
fridays = [base + timedelta(days=4 + 7 * k) for k in range(52)]
for i in range(120):   # hot spot: Friday/Saturday 22:00-02:59, exact times
    d = random.choice(fridays) + timedelta(days=random.randrange(2))
    t = d + timedelta(hours=22, minutes=random.randrange(5 * 60))
    rows.append((341110 + random.random() * 100, 6471120 + random.random() * 100, t, None))
with open(sys.argv[1], "w") as f:
    f.write("id,x,y,from,to\n")
    for i, (x, y, a, b) in enumerate(rows):
        f.write("%d,%.1f,%.1f,%s,%s\n" % (i + 1, x, y, a.strftime("%Y-%m-%d %H:%M"), b.strftime("%Y-%m-%d %H:%M") if b else ""))
PY
"$HOTSPOT" temporal "$tmp/plant.csv" --x x --y y --crs EPSG:3006 --from from --to to --by cell --cell 250 -o "$tmp/plant.gpkg" 2>"$tmp/plant.err"
rc=$?
check "by cell exit 0" '[ $rc -eq 0 ]'
[ $rc -eq 0 ] || cat "$tmp/plant.err"
if [ -f "$tmp/plant.gpkg" ]; then
  top=$($PY - "$tmp/plant.gpkg" <<'PY'
import sqlite3, sys
c = sqlite3.connect(sys.argv[1])
n = c.execute("select count(*) from temporal").fetchone()[0]
r = c.execute("select unit_id, window, lift, p from concentrations order by rank limit 1").fetchone()
print(n % 168, r[0], r[1], "%.2f" % r[2], "%.3g" % r[3])
PY
)
  echo "   top concentration: $top"
  check "temporal table has 168 rows per unit" '[ "${top%% *}" = "0" ]'
  check "top concentration is the planted cell" 'echo "$top" | grep -q " 3410006471000 "'
  check "top window is fre–lör 22–03" 'echo "$top" | grep -q "fre–lör 22–03"'
fi

# 5. --by hotspot and --by place: the planted spot is the top concentration; strata and series
"$HOTSPOT" temporal "$tmp/plant.csv" --x x --y y --crs EPSG:3006 --from from --to to --by hotspot -o "$tmp/hot.gpkg" 2>"$tmp/hot.err"
check "by hotspot exit 0" '[ $? -eq 0 ]'
top=$($PY -c 'import sqlite3, sys; print(*sqlite3.connect(sys.argv[1]).execute("select unit_id, window from concentrations order by rank limit 1").fetchone())' "$tmp/hot.gpkg")
check "hotspot cluster H1 fre–lör 22–03" '[ "$top" = "H1 fre–lör 22–03" ]' 
cat >"$tmp/places.geojson" <<'JSON'
{"type":"FeatureCollection","crs":{"type":"name","properties":{"name":"urn:ogc:def:crs:EPSG::3006"}},"features":[
{"type":"Feature","properties":{"id":"=torget","name":"Torget"},"geometry":{"type":"Polygon","coordinates":[[[341000,6471000],[341300,6471000],[341300,6471300],[341000,6471300],[341000,6471000]]]}},
{"type":"Feature","properties":{"id":"station","name":"Resecentrum"},"geometry":{"type":"Polygon","coordinates":[[[342000,6472000],[343000,6472000],[343000,6473000],[342000,6473000],[342000,6472000]]]}}]}
JSON
"$HOTSPOT" temporal "$tmp/plant.csv" --x x --y y --crs EPSG:3006 --from from --to to --by place --places "$tmp/places.geojson" --series month -o "$tmp/place.gpkg" 2>/dev/null
check "by place exit 0" '[ $? -eq 0 ]'
res=$($PY - "$tmp/place.gpkg" <<'PY'
import sqlite3, sys
c = sqlite3.connect(sys.argv[1])
top = c.execute("select unit_id, window from concentrations order by rank limit 1").fetchone()
dark = c.execute("select share, lift from strata where unit_id = '=torget' and stratum = 'morker'").fetchone()
months = c.execute("select count(*), sum(n) from series where unit_id = '=torget'").fetchone()
tot = c.execute("select sum(weight) from temporal where unit_id = '=torget'").fetchone()[0]
print(top[0], top[1], "dark" if dark[0] > 0.9 and dark[1] > 1.2 else "light", months[0], abs(months[1] - tot) < 1e-6)
PY
)
echo "   place: $res"
check "place: torget tops with fre–lör 22–03, mostly after dark, 12 months summing to its table" '[ "$res" = "=torget fre–lör 22–03 dark 12 True" ]'
"$HOTSPOT" temporal "$tmp/plant.csv" --x x --y y --crs EPSG:3006 --from from --to to --by place --places "$tmp/places.geojson" -o "$tmp/place.csv" 2>/dev/null
check "CSV unit ids are formula-safe" 'grep -q "^\"'"'"'=torget\",1,0," "$tmp/place.csv"'

# 6. maps of a time window: Gi* and KDE of records weighted by their share in "fre-lör 22-03"
"$HOTSPOT" temporal "$tmp/plant.csv" --x x --y y --crs EPSG:3006 --from from --to to --window "fre-lör 22-03" -o "$tmp/win.gpkg" 2>"$tmp/win.err"
check "--window exit 0" '[ $? -eq 0 ]'
res=$($PY - "$tmp/win.gpkg" <<'PY'
import sqlite3, sys
c = sqlite3.connect(sys.argv[1])
layers = {r[0]: r[1] for r in c.execute("select table_name, data_type from gpkg_contents")}
bin_ = c.execute("select gi_bin from gistar where cell_id = '3410006471000'").fetchone()[0]
print(layers.get("kde"), layers.get("gistar"), bin_)
PY
)
check "--window writes kde raster and gistar with the planted cell hot ($res)" '[ "$res" = "2d-gridded-coverage features 3" ]'
"$HOTSPOT" temporal "$tmp/plant.csv" --x x --y y --crs EPSG:3006 --from from --to to --window "fre-lör 22-03" -o "$tmp/win.csv" 2>/dev/null
check "--window with CSV output exits 2" '[ $? -eq 2 ]'
"$HOTSPOT" temporal "$tmp/plant.csv" --window "fri 25-03" -o "$tmp/win2.gpkg" 2>/dev/null
check "bad --window exits 2" '[ $? -eq 2 ]'

# 7. rejected rows go to the `rejects` table; --max-rejects fails the run
printf 'id,x,y,from,to\n1,340000,6470000,2024-03-31 01:30,2024-03-31 03:30\n2,340000,6470000,notadate,\n' >"$tmp/rej.csv"
"$HOTSPOT" temporal "$tmp/rej.csv" --x x --y y --crs EPSG:3006 --from from --to to -o "$tmp/rej.gpkg" 2>/dev/null
res=$($PY -c 'import sqlite3, sys; print(*sqlite3.connect(sys.argv[1]).execute("select row, reason from rejects").fetchone())' "$tmp/rej.gpkg" 2>&1)
check "rejects table names row 2 bad_date ($res)" '[ "$res" = "2 bad_date" ]'
"$HOTSPOT" temporal "$tmp/rej.csv" --x x --y y --crs EPSG:3006 --from from --to to --max-rejects 0 -o "$tmp/rej2.gpkg" 2>/dev/null
check "--max-rejects 0 fails with exit 1" '[ $? -eq 1 ] && [ ! -e "$tmp/rej2.gpkg" ]'

echo "$pass passed, $fail failed"
[ $fail -eq 0 ]
