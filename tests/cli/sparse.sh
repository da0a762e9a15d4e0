#!/bin/bash
# `hotspot build` on sparse data always completes: each case below is a small project on a 5 km
# square kommun (seeded synthetic incidents) that must exit 0 with every output written, the maps
# and the report saying in Swedish why they show nothing, and the log naming the steps with too
# little data. Cases: no hot cells, every cell under min_count, no complaints input, one incident,
# no incident with a usable place (kommun precision only), an empty period half for change, no
# close pairs for near-repeat, one month for emerging, a `hotspot init` project without a boundary
# whose 400 incidents over 2 000 km² leave every cell under min_count; exit 3 only when no row is
# usable at all;
# then the real polisen.se events of Arjeplog (2506) and Arvidsjaur (2505), which are kommun
# precision only, build to a report.
set -u
: "${HOTSPOT:?set HOTSPOT to the built CLI}"
PY=/usr/bin/python3
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0
fail=0
ok() { pass=$((pass + 1)); }
ko() { fail=$((fail + 1)); echo "FAIL: $*"; }

# make CASE MIN_COUNT: a project in $tmp/CASE
make() {
  $PY - "$1" "$tmp/$1" "$2" <<'PYEOF'
import sys, json, random, datetime, os
case, d, min_count = sys.argv[1], sys.argv[2], sys.argv[3]
os.makedirs(d)
random.seed(24)
X0, Y0, S = 600000, 6600000, 5000
json.dump({"type": "FeatureCollection",
           "crs": {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::3006"}},
           "features": [{"type": "Feature", "properties": {"code": "2506", "name": "Provkommun"},
                         "geometry": {"type": "Polygon", "coordinates": [[[X0, Y0], [X0 + S, Y0], [X0 + S, Y0 + S], [X0, Y0 + S], [X0, Y0]]]}}]},
          open(d + "/kommun.geojson", "w"))
period, extra, rows = "2024-01-01..2025-12-31", "", []
d0 = datetime.date(2024, 1, 1)
def day(n): return (d0 + datetime.timedelta(days=n)).isoformat()
if case == "nohot":  # six incidents in every cell: a flat surface, nothing can be significant
    for i in range(20):
        for j in range(20):
            for k in range(6):
                rows.append(("skadegörelse", X0 + 250 * i + 30 + 35 * k, Y0 + 250 * j + 125, day(random.randrange(730)), "exact"))
elif case == "undermin":  # 40 incidents, at most one per cell
    for c in random.sample(range(400), 40):
        rows.append(("stöld", X0 + 250 * (c % 20) + 125, Y0 + 250 * (c // 20) + 125, day(random.randrange(730)), "exact"))
elif case == "one":
    rows.append(("stöld", X0 + 2600, Y0 + 2600, day(100), "exact"))
elif case == "kommun":  # the kommun centre only
    for i in range(30):
        rows.append(("stöld", X0 + 2500, Y0 + 2500, day(random.randrange(730)), "kommun"))
elif case == "halfempty":  # everything in the first half of the period
    for i in range(200):
        rows.append(("stöld", random.uniform(X0, X0 + S), random.uniform(Y0, Y0 + S), day(random.randrange(300)), "exact"))
elif case == "nopairs":  # burglaries 60 days and at least 1 km apart: no close pair
    for i in range(12):
        rows.append(("inbrott", X0 + 200 + (i % 2) * 2500 + (i % 3) * 1000, Y0 + 200 + (i // 3) * 1100, day(60 * i), "exact"))
    extra = "[compare]\nnear_repeat_categories = *\n"
elif case == "onemonth":
    period = "2024-03-01..2024-03-31"
    for i in range(150):
        rows.append(("stöld", random.gauss(X0 + 2500, 600), random.gauss(Y0 + 2500, 600), "2024-03-%02d" % (1 + random.randrange(31)), "exact"))
with open(d + "/polis.csv", "w") as f:
    f.write("id,kategori,x,y,datum,precision\n")
    for i, (c, x, y, t, p) in enumerate(rows):
        f.write("%d,%s,%.1f,%.1f,%s 12:00,%s\n" % (i, c, x, y, t, p))
    if case == "none":  # no row is usable
        for i in range(5):
            f.write("%d,stöld,abc,,,exact\n" % i)
open(d + "/hotspot.ini", "w").write(f"""[project]
name = Provkommun
kommun = 2506
boundary = kommun.geojson
period = {period}
lang = sv

[input polis]
path = polis.csv
kind = incident
source = Polisen
crs = EPSG:3006
time = datum
category = kategori
max_rejects = 100%

[grid]
cell = 250

[gistar]
cell = 250
distance = 500

[privacy]
min_count = {min_count}

{extra}
[output]
gpkg = ut/l.gpkg
maps = ut/kartor
report = ut/l.pdf
formats = pdf
""")
PYEOF
}

# build CASE: runs the build, leaves $rc, $dir, $gpkg, $report, $layers, $txt (report text)
build() {
  dir=$tmp/$1
  "$HOTSPOT" --no-progress build "$dir/hotspot.ini" >"$dir/out" 2>"$dir/err"
  rc=$?
  gpkg=$dir/ut/l.gpkg
  report=$dir/ut/l.pdf
  layers= txt=
  # (sqlite3 would create a missing file)
  [ -e "$gpkg" ] && layers=$(sqlite3 "$gpkg" "select group_concat(table_name, ' ') from (select table_name from gpkg_contents order by 1)")
  [ -e "$report" ] && pdftotext "$report" "$dir/report.txt" && txt=$(tr '\n' ' ' <"$dir/report.txt" | tr -s ' ')
}
has_layer() { [[ " $layers " == *" $1 "* ]]; }
param() { sqlite3 "$gpkg" "select value from run where key = '$1'"; }
# the report's pages: summary, overview, one per focus area (at most 6), hot spots, crime and
# insecurity, method
pages_ok() {
  local nf want got
  nf=$(sqlite3 "$gpkg" "select count(distinct focus_area) from incidents where focus_area is not null and focus_area <> ''")
  [ "$nf" -gt 6 ] && nf=6
  want=$((5 + nf))
  got=$(pdfinfo "$report" 2>/dev/null | awk '/^Pages:/ {print $2}')
  [ "$got" = "$want" ] && ok || ko "$1: report has ${got:-no} pages, want $want"
}
map_says() { # map_says CASE LAYER SENTENCE
  pdftotext "$dir/ut/kartor/$2.pdf" - 2>/dev/null | tr '\n' ' ' | tr -s ' ' | grep -qF "$3" && ok ||
    ko "$1: the $2 map does not say '$3'"
}
common() { # the checks of every case that builds
  [ $rc -eq 0 ] && ok || ko "$1: exit $rc: $(tail -n 3 "$dir/err")"
  [ -s "$report" ] && ok || ko "$1: no report"
  for l in incidents rejects kommuner temporal series; do
    has_layer $l && ok || ko "$1: no $l layer (layers: $layers)"
  done
  has_layer comparison && ko "$1: a comparison layer without complaints" || ok
  [[ "$txt" == *"Inga synpunkter om otrygghet i underlaget"* ]] && ok || ko "$1: the crime and insecurity page does not say why it is empty"
  pages_ok "$1"
}
# the Gi* sentence from the run table's alpha ("5" for 0.05; decimal comma)
gi_sentence() {
  local a
  a=$($PY -c "import sys; print(('%g' % (100 * float(sys.argv[1]))).replace('.', ','))" "$(param gistar_alpha)")
  echo "Inga signifikanta heta områden (Gi*, FDR $a %)"
}

# --- no hot cells: six incidents in every cell
make nohot 5
build nohot
common nohot
has_layer gistar && has_layer grid && has_layer kde && ok || ko "nohot: layers $layers"
[ "$(sqlite3 "$gpkg" 'select count(*) from gistar where gi_bin <> 0')" = 0 ] && ok || ko "nohot: significant Gi* cells"
[ "$(sqlite3 "$gpkg" 'select count(*) from grid where n >= 5')" -gt 0 ] && ok || ko "nohot: no cell shown"
s=$(gi_sentence)
[ "$s" = "Inga signifikanta heta områden (Gi*, FDR 5 %)" ] && ok || ko "nohot: alpha sentence '$s'"
map_says nohot gistar "$s"
[[ "$txt" == *"$s"* ]] && ok || ko "nohot: the report does not say '$s'"
pdftotext "$dir/ut/kartor/grid.pdf" - | grep -q "För få händelser" && ko "nohot: grid map says too few" || ok
grep -q "gistar: too little data" "$dir/err" && grep -q "too little data for: .*gistar" "$dir/err" && ok ||
  ko "nohot: the log does not name gistar"
# near-repeat measures burglary by default; without any it says so
[[ "$txt" == *"Near repeat (Knox) mättes inte: färre än 2 händelser med plats och tid i kategorierna inbrott"* ]] &&
  ok || ko "nohot: the report does not say near-repeat had nothing to measure"
grep -q "near_repeat: skipped, too little data" "$dir/err" && ok || ko "nohot: near_repeat skip not logged"
[ -n "$(param near_repeat_too_little_data)" ] && ok || ko "nohot: near_repeat_too_little_data not in run"

# --- every cell under min_count (3 here, the project's value is in the sentence)
make undermin 3
build undermin
common undermin
[ "$(sqlite3 "$gpkg" 'select max(n) from grid')" -lt 3 ] && ok || ko "undermin: a cell reaches min_count"
map_says undermin grid "För få händelser för att visa rutor (under 3 per ruta)"
[[ "$txt" == *"För få händelser för att visa rutor (under 3 per ruta)"* ]] && ok || ko "undermin: report sentence"
# Moran's permutations are budgeted: the count the run table records is the one logged
perm=$(param moran_permutations)
[ -n "$perm" ] && [ "$perm" -ge 99 ] && grep -q "local I with $perm permutations" "$dir/err" && ok ||
  ko "undermin: moran_permutations '$perm' not logged"

# --- one incident: no density surface, the kde map says why
make one 5
build one
common one
has_layer kde && ko "one: a kde raster from one point" || ok
has_layer grid && has_layer gistar && ok || ko "one: layers $layers"
[ -n "$(param kde_too_little_data)" ] && ok || ko "one: kde_too_little_data not in run"
map_says one kde "För få lägesbestämda händelser för den här kartan"
map_says one grid "För få händelser för att visa rutor (under 5 per ruta)"
grep -q "kde: skipped, too little data" "$dir/err" && ok || ko "one: kde skip not logged"
[ "$(sqlite3 "$gpkg" 'select count(*) from incidents')" = 1 ] && ok || ko "one: incidents"
# a public report draws no crime clock of one incident: it says why
[[ "$txt" == *"För få händelser (1, färre än 5) för att visa när på veckan de sker."* ]] && ok ||
    ko "one: the report's clock of one incident is not withheld"

# --- no incident with a usable place: times only, yet maps and report
make kommun 5
build kommun
common kommun
for l in grid gistar kde; do has_layer $l && ko "kommun: a $l layer without places" || ok; done
for l in kde gistar grid; do map_says kommun $l "Ingen händelse har en plats noggrannare än kommunen"; done
[[ "$txt" == *"Ingen händelse har en plats noggrannare än kommunen: kartorna visar bara kommunen"* ]] && ok ||
  ko "kommun: report sentence"
[ "$(param located_incidents)" = 0 ] && ok || ko "kommun: located_incidents $(param located_incidents)"
[ "$(sqlite3 "$gpkg" "select sum(n) from series")" ] && ok || ko "kommun: empty series"
grep -q "too little data for: grid, kde, gistar" "$dir/err" && ok || ko "kommun: log"

# --- an empty period half for change
make halfempty 5
build halfempty
common halfempty
has_layer change && ok || ko "halfempty: no change layer"
[ "$(sqlite3 "$gpkg" 'select sum(n_b) from change')" = 0 ] && ok || ko "halfempty: period B not empty"
[ "$(param change_too_little_data)" = "no located incident in period B" ] && ok || ko "halfempty: run"
grep -q "change: too little data (no located incident in period B)" "$dir/err" && ok || ko "halfempty: log"
[[ "$txt" == *"För lite data för: förändring mellan perioderna"* ]] && ok || ko "halfempty: report"

# --- no close pairs for near-repeat (every category measured)
make nopairs 5
build nopairs
common nopairs
has_layer near_repeat && ok || ko "nopairs: no near_repeat table"
[ "$(sqlite3 "$gpkg" 'select sum(observed) from near_repeat' 2>/dev/null)" = 0 ] && ok ||
  ko "nopairs: observed pairs $(sqlite3 "$gpkg" 'select sum(observed) from near_repeat' 2>&1)"
[[ "$txt" == *"Near repeat (Knox): inga två händelser inom 400 m och 28 dagar från varandra"* ]] && ok ||
  ko "nopairs: report"
grep -q "near_repeat: too little data" "$dir/err" && ok || ko "nopairs: log"

# --- one month for emerging
make onemonth 5
build onemonth
common onemonth
has_layer emerging && ko "onemonth: an emerging layer from one month" || ok
grep -q "emerging: skipped, too little data (the period has fewer than 2 months)" "$dir/err" && ok ||
  ko "onemonth: log"
[[ "$txt" == *"För lite data för: framväxande heta områden"* ]] && ok || ko "onemonth: report"

# --- a project made by `hotspot init` without a boundary: 400 incidents over 40 x 50 km, no cell
# reaches min_count; the grid map shows the study area with the note
dir=$tmp/init
"$HOTSPOT" init "$dir" --kommun 0380 >/dev/null 2>&1
$PY - "$dir" <<'PYEOF'
import sys, random, datetime, re
d = sys.argv[1]
random.seed(400)
with open(d + "/polisutdrag.csv", "w") as f:
    f.write("id,kategori,x,y,datum\n")
    for i in range(400):
        t = datetime.date(2024, 1, 1) + datetime.timedelta(days=random.randrange(730))
        f.write("%d,%s,%.1f,%.1f,%s 12:00\n" % (i, random.choice(["inbrott", "skadegörelse", "stöld"]),
                random.uniform(630000, 670000), random.uniform(6620000, 6670000), t))
ini = open(d + "/hotspot.ini").read()
ini = ini.replace("max_rejects = 10%", "max_rejects = 10%\ntime = datum\ncategory = kategori")
# a distance band of 1 km keeps the test short (auto chooses about 6 km here)
ini = re.sub(r"(?m)^distance = auto", "distance = 1000", ini)
ini = re.sub(r"(?m)^formats = .*", "formats = pdf", ini)
open(d + "/hotspot.ini", "w").write(ini)
PYEOF
"$HOTSPOT" --no-progress build "$dir/hotspot.ini" >"$dir/out" 2>"$dir/err"
rc=$?
gpkg=$dir/ut/lagesbild.gpkg
report=$dir/ut/lagesbild.pdf
[ $rc -eq 0 ] && ok || ko "init: exit $rc: $(tail -n 2 "$dir/err")"
[ "$(sqlite3 "$gpkg" 'select max(n) from grid' 2>/dev/null)" -lt 5 ] && ok || ko "init: a cell reaches min_count"
map_says init grid "För få händelser för att visa rutor (under 5 per ruta)"
[ -s "$report" ] && pdftotext "$report" - | tr '\n' ' ' | grep -qF "För få händelser för att visa rutor (under 5 per ruta)" &&
  ok || ko "init: report sentence"

# --- no usable row at all: exit 3, nothing written
make none 5
build none
[ $rc -eq 3 ] && ok || ko "none: exit $rc"
grep -q "no input row is usable: 5 rows read, 5 rejected" "$dir/err" && ok || ko "none: $(tail -n 1 "$dir/err")"
[ -e "$gpkg" ] && ko "none: a GeoPackage written" || ok

# --- the real polisen.se events of two small kommuner (kommun precision only)
events=${HS_SHARED_DATA:-}/polisen_events/polisen_events_six_kommuner.json
kommuner=${HS_SHARED_DATA:-}/se_admin/se_kommuner_sweref99tm.gpkg
if [ -r "$events" ] && [ -r "$kommuner" ]; then
  for k in 2506:Arjeplog 2505:Arvidsjaur; do
    code=${k%%:*}
    name=${k#*:}
    dir=$tmp/$code
    mkdir "$dir"
    n=$($PY - "$events" "$name" "$dir/events.json" <<'PYEOF'
import sys, json
ev = [e for e in json.load(open(sys.argv[1])) if e["location"]["name"] == sys.argv[2]]
json.dump(ev, open(sys.argv[3], "w"), ensure_ascii=False)
print(len(ev))
PYEOF
)
    ogr2ogr -f GPKG "$dir/kommun.gpkg" "$kommuner" kommuner -where "code = '$code'" 2>/dev/null
    cat >"$dir/hotspot.ini" <<EOF
[project]
name = $name
kommun = $code
boundary = kommun.gpkg
period = 2023-01-01..2026-12-31
lang = sv

[input polisen]
path = events.json
kind = incident
source = Polisen (polisen.se)

[output]
gpkg = ut/l.gpkg
maps = ut/kartor
report = ut/l.pdf
formats = pdf
EOF
    build "$code"
    common "$name"
    inc=$(sqlite3 "$gpkg" 'select count(*) from incidents')
    rej=$(sqlite3 "$gpkg" 'select count(*) from rejects')
    [ "$n" -gt 20 ] && [ $((inc + rej)) -eq "$n" ] && [ "$inc" -ge $((n * 9 / 10)) ] && ok ||
      ko "$name: $n events, $inc incidents, $rej rejects"
    [ "$(sqlite3 "$gpkg" "select count(*) from incidents where precision <> 'kommun'")" = 0 ] && ok ||
      ko "$name: an event located more precisely than its kommun"
    [[ "$txt" == *"Lägesbild: brott och otrygghet i $name"* ]] && ok || ko "$name: report title"
    [[ "$txt" == *"Ingen händelse har en plats noggrannare än kommunen: kartorna visar bara kommunen"* ]] &&
      ok || ko "$name: report sentence"
    map_says "$name" gistar "Ingen händelse har en plats noggrannare än kommunen"
  done
else
  echo "skipped: the polisen.se events or the kommun boundaries are not in \$HS_SHARED_DATA"
fi

echo "$pass passed, $fail failed"
[ $fail -eq 0 ]
