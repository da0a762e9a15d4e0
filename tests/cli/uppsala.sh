#!/bin/bash
# The real case: a project for Uppsala kommun (0380) from the shared data alone. `hotspot init
# --kommun Uppsala` (built-in boundary and tätorter), SCB's DeSO shapefile as delivered as the
# population for rates, a gazetteer from Trafikverket's NVDB street names. The incidents are made
# here: points on real Uppsala streets (read from the NVDB lines with ogr2ogr), a cluster in the
# centre, and rows that carry only a street name (geocoded through the NVDB gazetteer). Checked:
# the build succeeds, every layer lies in the kommun, the grid's population is the DeSO population
# of Uppsala and its rates are per 1 000 inhabitants, and the report names real places.
# labels: slow
set -u
hs=${HOTSPOT:?set HOTSPOT to the built hotspot}
up=${HS_SHARED_DATA:?}/se_uppsala
nvdb=$up/nvdb/Uppsala_kommun_ShapeNVDB_DKGatunamn.shp
deso=$up/deso/Deso_inomUppsalaLan.shp
tmp=${UP_KEEP:-$(mktemp -d)}; [ -n "${UP_KEEP:-}" ] || trap 'rm -rf "$tmp"' EXIT
pass=0; fail=0
ok() { pass=$((pass+1)); }
bad() { fail=$((fail+1)); echo "FAIL: $*"; }
if [ ! -s "$nvdb" ] || [ ! -s "$deso" ]; then echo "SKIP: $up missing"; echo "0 passed, 0 failed"; exit 0; fi
sql() { sqlite3 "$tmp/p/ut/lagesbild.gpkg" "$1"; }
# ogrinfo answers in SQLite dialect (spatial functions through SpatiaLite): the first value
ogrval() { ogrinfo -q -ro -dialect sqlite -sql "$2" "$1" | sed -n 's/^ *[^ ].* = //p' | head -1; }

# --- the incidents: points on the NVDB street lines (37 % along each segment) inside the
# kommun's (generalised) built-in boundary ---
shapes=${HS_SOURCE_DIR:-$(dirname "$0")/../..}/shapes/sverige.gpkg
ogr2ogr -f GPKG "$tmp/nvdb.gpkg" "$nvdb" -nln s -nlt MULTILINESTRING -clipsrc "$shapes" \
  -clipsrclayer kommuner -clipsrcwhere "code = '0380'" &&
ogr2ogr -f CSV "$tmp/streets.csv" "$tmp/nvdb.gpkg" -dialect sqlite -sql \
  "SELECT NAMN AS name, ST_X(ST_Line_Interpolate_Point(ST_GeometryN(geom, 1), 0.37)) AS x,
          ST_Y(ST_Line_Interpolate_Point(ST_GeometryN(geom, 1), 0.37)) AS y
   FROM s WHERE NAMN IS NOT NULL AND NAMN <> ''" \
  || { echo "FAIL: ogr2ogr cannot read $nvdb"; echo "0 passed, 1 failed"; exit 1; }
python3 - "$tmp" <<'PY' || { echo "FAIL: cannot generate incidents"; echo "0 passed, 1 failed"; exit 1; }
import csv, math, random, sys
tmp = sys.argv[1]
rows = [r for r in csv.DictReader(open(tmp + "/streets.csv", encoding="utf-8"))]
for r in rows:
    r["x"], r["y"] = float(r["x"]), float(r["y"])
rnd = random.Random(380)
# the centre: the street point nearest the mean of the points inside the city's bounding box
city = [r for r in rows if 640000 < r["x"] < 655000 and 6630000 < r["y"] < 6648000]
mx = sum(r["x"] for r in city) / len(city); my = sum(r["y"] for r in city) / len(city)
near = [r for r in city if math.hypot(r["x"] - mx, r["y"] - my) < 1200]
codes = [("0375", "Misshandel, ej grov, mot man 18 år eller äldre, obekant, utomhus"),
         ("0857", "Stöld ur eller från motordrivet fordon"), ("1206", "Skadegörelse, ej klotter"),
         ("9330", "Bostadsinbrott, villa")]
out = open(tmp + "/polisutdrag.csv", "w", encoding="utf-8", newline="")
w = csv.writer(out, delimiter=";")
w.writerow(["Diarienummer", "Brottskod", "Brottsbenämning", "Händelsedatum från", "Händelsetid från",
            "Kommun", "Gatuadress", "X-koordinat", "Y-koordinat"])
named = set()
for i in range(900):
    r = rnd.choice(near) if i % 3 else rnd.choice(rows)
    code, text = codes[i % len(codes)]
    day = 1 + (i * 7) % 365
    month, mday = 1, day
    for m, n in enumerate([31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31], 1):
        if mday <= n:
            month = m; break
        mday -= n
    date = "2024-%02d-%02d" % (month, mday)
    hhmm = "%02d:%02d" % ((i * 5) % 24, (i * 13) % 60)
    if i % 10 == 0 and r["name"] not in named and not any(c.isdigit() for c in r["name"]):
        # the street name only: geocoded at street precision through the NVDB gazetteer
        named.add(r["name"])
        w.writerow(["0380-K%05d-24" % i, code, text, date, hhmm, "Uppsala", r["name"], "", ""])
    else:
        w.writerow(["0380-K%05d-24" % i, code, text, date, hhmm, "Uppsala", "",
                    ("%.1f" % r["x"]).replace(".", ","), ("%.1f" % r["y"]).replace(".", ",")])
open(tmp + "/named.txt", "w").write("%d\n" % len(named))
PY

# --- the project, as a user would write it ---
"$hs" -q gazetteer build "$nvdb" --kommun 0380 -o "$tmp/gaz.sqlite" 2>"$tmp/gaz.err" && ok || bad "gazetteer build: $(cat "$tmp/gaz.err")"
n_tat=$(sqlite3 "$tmp/gaz.sqlite" "SELECT count(*) FROM entries e JOIN sources s ON s.id = e.source WHERE s.kind = 'tatorter'")
n_str=$(sqlite3 "$tmp/gaz.sqlite" "SELECT count(*) FROM entries e JOIN sources s ON s.id = e.source WHERE s.kind = 'streets' AND e.kind = 'street'")
[ "${n_tat:-0}" -gt 10 ] && ok || bad "gazetteer: tätorter as places ($n_tat)"
[ "${n_str:-0}" -gt 10000 ] && ok || bad "gazetteer: NVDB street points ($n_str)"
# an intersection is where the two NVDB lines cross; a tätort name is its point
printf 'id;datum;adress\n1;2024-03-01;Kungsgatan/Vaksalagatan\n2;2024-03-02;Storvreta\n' >"$tmp/q.csv"
"$hs" -q geocode "$tmp/q.csv" -g "$tmp/gaz.sqlite" -o "$tmp/q.gpkg" --address adress --kommun Uppsala 2>"$tmp/q.err" && ok || bad "geocode: $(cat "$tmp/q.err")"
cross=$(ogrval "$nvdb" "SELECT ST_X(p) || ' ' || ST_Y(p) AS c FROM (SELECT ST_Intersection(ST_Union(a.geometry), ST_Union(b.geometry)) AS p FROM Uppsala_kommun_ShapeNVDB_DKGatunamn a, Uppsala_kommun_ShapeNVDB_DKGatunamn b WHERE a.NAMN = 'Kungsgatan' AND b.NAMN = 'Vaksalagatan')")
got=$(ogrval "$tmp/q.gpkg" "SELECT precision || ' ' || ST_X(geom) || ' ' || ST_Y(geom) AS g FROM incidents WHERE id = '1'")
python3 -c "
import sys; c = [float(v) for v in '$cross'.split()]; g = '$got'.split()
sys.exit(0 if g[0] == 'intersection' and ((float(g[1]) - c[0]) ** 2 + (float(g[2]) - c[1]) ** 2) ** 0.5 < 15 else 1)" \
  && ok || bad "intersection: '$got', the lines cross at '$cross'"
tat=$("$hs" info --kommun 0380 --json | python3 -c "import json,sys; t = [t for t in json.load(sys.stdin)[0]['tatorter'] if t['name'] == 'Storvreta'][0]; print('place %.0f %.0f' % (t['x'], t['y']))")
got=$(ogrval "$tmp/q.gpkg" "SELECT precision || ' ' || CAST(round(ST_X(geom)) AS INTEGER) || ' ' || CAST(round(ST_Y(geom)) AS INTEGER) AS g FROM incidents WHERE id = '2'")
[ -n "$tat" ] && [ "$got" = "$tat" ] && ok || bad "tätort as a place: '$got', built-in '$tat'"
"$hs" init "$tmp/p" --kommun Uppsala >/dev/null 2>&1 && ok || bad "init --kommun Uppsala"
ini=$tmp/p/hotspot.ini
grep -q "^name = Lägesbild Uppsala$" "$ini" && ok || bad "init: project name"
grep -q "^kommun = 0380$" "$ini" && ok || bad "init: kommun code"
grep -q "^boundary" "$ini" && bad "init wrote a boundary line" || ok
grep -q "^; Uppsala, [0-9]* tätorter: Uppsala, .*Storvreta" "$ini" && grep -q "^tatorter = yes" "$ini" && ok || bad "init: tätorter as places"
cp "$tmp/polisutdrag.csv" "$tmp/p/"
python3 - "$ini" "$deso" "$tmp/gaz.sqlite" <<'PY'
import sys
ini, deso, gaz = sys.argv[1:]
s = open(ini, encoding="utf-8").read()
s = s.replace("period = 2024-01-01..2025-12-31", "period = 2024-01-01..2024-12-31")
s = s.replace("; gazetteer = adresser.sqlite", "gazetteer = " + gaz)
s = s.replace("; population = befolkning.gpkg", "population = " + deso)
s = s.replace("crs = auto\n", "crs = EPSG:3006\n", 1)
open(ini, "w", encoding="utf-8").write(s)
PY
"$hs" build "$ini" >"$tmp/build.out" 2>"$tmp/build.err" && ok || bad "build: $(tail -5 "$tmp/build.err")"
grep -q "boundary: the built-in one" "$tmp/build.err" && ok || bad "build used the built-in boundary"
gpkg=$tmp/p/ut/lagesbild.gpkg
[ -s "$gpkg" ] || { echo "FAIL: no GeoPackage"; echo "$pass passed, $((fail+1)) failed"; exit 1; }

# --- every layer in the kommun ---
[ "$(sql "SELECT kommun_code || ' ' || name FROM kommuner")" = "0380 Uppsala" ] && ok || bad "kommuner layer: $(sql 'SELECT kommun_code, name FROM kommuner')"
kom=$tmp/k.gpkg
ogr2ogr -f GPKG "$kom" "$gpkg" kommuner -nln k
for layer in incidents grid gistar places; do
  n=$(sql "SELECT count(*) FROM $layer")
  [ "${n:-0}" -gt 0 ] && ok || bad "$layer: empty"
  cp "$kom" "$tmp/chk.gpkg"
  ogr2ogr -update "$tmp/chk.gpkg" "$gpkg" "$layer" -nln chk 2>/dev/null
  # a cell's or place's centre (a point of an incident) outside the kommun's polygon
  out=$(ogrval "$tmp/chk.gpkg" "SELECT count(*) AS n FROM chk c, k WHERE NOT ST_Intersects(ST_PointOnSurface(c.geom), k.geom)")
  [ "$out" = "0" ] && ok || bad "$layer: $out of $n features outside Uppsala kommun"
done
# the incidents that carried only a street name were placed at street precision
named=$(cat "$tmp/named.txt")
street=$(sql "SELECT count(*) FROM incidents WHERE precision = 'street'")
[ "${street:-0}" -ge $((named * 9 / 10)) ] && [ "$street" -le "$named" ] && ok || bad "geocoded: $street of $named street-only rows placed"

# --- population and rates from DeSO ---
want=$(ogrval "$deso" "SELECT sum(Bef_201612) AS s FROM Deso_inomUppsalaLan WHERE substr(Deso, 1, 4) = '0380'")
popcol=$(sql "SELECT name FROM pragma_table_info('grid') WHERE name IN ('pop', 'population', 'befolkning')" | head -1)
ratecol=$(sql "SELECT name FROM pragma_table_info('grid') WHERE name LIKE 'rate%'" | head -1)
[ -n "$popcol" ] && [ -n "$ratecol" ] && ok || bad "grid: no population or rate field ($(sql "SELECT group_concat(name) FROM pragma_table_info('grid')"))"
if [ -n "$popcol" ] && [ -n "$ratecol" ]; then
  got=$(sql "SELECT round(sum($popcol)) FROM grid")
  python3 -c "import sys; g, w = float('$got'), float('$want'); sys.exit(0 if 0.97 * w <= g <= 1.0001 * w else 1)" \
    && ok || bad "grid population $got, DeSO population of 0380 $want"
  off=$(sql "SELECT count(*) FROM grid WHERE $popcol >= 50 AND abs($ratecol - 1000.0 * n / $popcol) > 0.01 * (1 + $ratecol)")
  [ "$off" = "0" ] && ok || bad "grid: $off cells whose $ratecol is not 1 000 n / population"
fi
grep -q "population from $deso (field Bef_201612)" "$tmp/build.err" && ok || bad "build log names the DeSO population field"

# --- the report names real places ---
pdf=$tmp/p/ut/lagesbild.pdf
pdftotext -layout "$pdf" "$tmp/r.txt" 2>/dev/null && ok || bad "report: no PDF text"
grep -q "brott och otrygghet i Uppsala" "$tmp/r.txt" && ok || bad "report: title names Uppsala"
big=$("$hs" info --kommun 0380 --json | python3 -c "import json,sys; print(json.load(sys.stdin)[0]['tatorter'][1]['name'])")
top=$(sql "SELECT name FROM places ORDER BY n DESC LIMIT 1")
[ -n "$top" ] && grep -q "$top" "$tmp/r.txt" && ok || bad "report: names the busiest place '$top'"
[ "$(sql "SELECT count(*) FROM places WHERE name = '$big'")" = "1" ] && ok || bad "places: the tätort $big"
# the attributions of the reference data (SCB's statistics are CC BY 4.0: "Källa: SCB")
grep -q "Källa: Polisen; kommungräns och tätorter: SCB, Lantmäteriet; befolkning: SCB" "$tmp/r.txt" && ok || bad "report: sources of the reference data"
pdftotext "$tmp/p/ut/kartor/grid.pdf" - | grep -q "befolkning: SCB" && ok || bad "map: sources of the reference data"
ls "$tmp/p/ut/kartor/"*.png >/dev/null 2>&1 && ok || bad "maps written"

# --- DeSO as places: the areas of Uppsala kommun only (the code's first four digits) ---
mkdir -p "$tmp/d"
cp "$tmp/polisutdrag.csv" "$tmp/d/"
sed -e "s|^; path = platser.geojson|path = $deso|" -e 's|^tatorter = yes|tatorter = no|' \
    -e 's|^report = .*|report = ut/d.pdf|' -e 's|^formats = .*|formats = png|' "$ini" >"$tmp/d/hotspot.ini"
"$hs" build "$tmp/d/hotspot.ini" >/dev/null 2>"$tmp/d.err" && ok || bad "build with DeSO places: $(tail -3 "$tmp/d.err")"
dgpkg=$tmp/d/ut/lagesbild.gpkg
nd=$(ogrval "$deso" "SELECT count(*) AS n FROM Deso_inomUppsalaLan WHERE substr(Deso, 1, 4) = '0380'")
[ "$(sqlite3 "$dgpkg" "SELECT count(*) FROM places")" = "$nd" ] && ok || bad "DeSO places: $(sqlite3 "$dgpkg" "SELECT count(*) FROM places") of the file's $nd in 0380"
[ "$(sqlite3 "$dgpkg" "SELECT count(*) FROM places WHERE substr(place_id, 1, 4) <> '0380'")" = "0" ] && ok || bad "DeSO places of other kommuner"
inside=$(sqlite3 "$dgpkg" "SELECT sum(n) FROM places")
[ "${inside:-0}" -ge 850 ] && [ "$inside" -le 900 ] && ok || bad "DeSO places hold $inside of 900 incidents"
echo "$pass passed, $fail failed"
[ $fail -eq 0 ]
