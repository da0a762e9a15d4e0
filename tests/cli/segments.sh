#!/bin/bash
# CLI cases of `hotspot segments` and the [segments] step of `hotspot build`, checked against an
# independent implementation in plain Python (tests/cli/segments_ref.py: brute-force noding and
# snapping, the Gini and generalised Gini from their formulas, network neighbours, Gi*, stability):
#  1. a synthetic street grid whose streets cross without shared vertices, a T junction and a bend,
#     incidents near streets, far from them, at an intersection and of coarse precision;
#  2. the real case: Uppsala's NVDB street names layer, with seeded incidents on its streets;
#  3. usage and data errors; 4. the sample project with [segments]: layers, QGIS styles, maps and
#     the report page "Brottskoncentrationer" with its headline read back with pdftotext.
set -u
: "${HOTSPOT:?set HOTSPOT to the built CLI}"
: "${HS_SOURCE_DIR:?}"
PY=/usr/bin/python3
REF=$HS_SOURCE_DIR/tests/cli
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0
fail=0
ok() { pass=$((pass + 1)); }
ko() { fail=$((fail + 1)); echo "FAIL: $*"; }

# ---- 1. synthetic streets ----
$PY - "$tmp" <<'PYEOF'
import json, random, sys
random.seed(21)
d = sys.argv[1]
feats = []
def line(name, pts, typ="Lokalgata"):
    feats.append({"type": "Feature", "properties": {"name": name, "highway": typ},
                  "geometry": {"type": "LineString", "coordinates": pts}})
X0, Y0 = 650000, 6640000
for k in range(5):  # streets crossing without shared vertices
    line("Gata %d" % k, [[X0, Y0 + 100 * k], [X0 + 400, Y0 + 100 * k]])
    line("Väg %d" % k, [[X0 + 100 * k, Y0], [X0 + 100 * k, Y0 + 400]])
line("Tvärgatan", [[X0 + 150, Y0 + 400], [X0 + 150, Y0 + 520], [X0 + 260, Y0 + 600]])  # T + bend
line(None, [[X0 + 20, Y0 + 20], [X0 + 380, Y0 + 390]], "Huvudgata")  # a diagonal, no name
json.dump({"type": "FeatureCollection",
           "crs": {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::3006"}},
           "features": feats}, open(d + "/net.geojson", "w"))
with open(d + "/inc.csv", "w") as f:
    f.write("id,x,y,datum,kategori,precision\n")
    i = 0
    for yr in (2024, 2025):
        for _ in range(700):
            # hot streets: most incidents near Gata 2 and Väg 1
            r = random.random()
            if r < 0.35:
                x, y = X0 + random.uniform(0, 400), Y0 + 200 + random.gauss(0, 8)
            elif r < 0.55:
                x, y = X0 + 100 + random.gauss(0, 8), Y0 + random.uniform(0, 400)
            elif r < 0.9:
                x, y = X0 + random.uniform(-30, 430), Y0 + random.uniform(-30, 630)
            else:
                x, y = X0 + random.uniform(1000, 1500), Y0 + random.uniform(0, 500)  # far away
            prec = "place" if random.random() < 0.05 else "address"
            f.write("%d,%.2f,%.2f,%d-%02d-%02d %02d:00,%s,%s\n" % (
                i, x, y, yr, random.randint(1, 12), random.randint(1, 28), random.randint(0, 23),
                random.choice(["stöld", "våld"]), prec))
            i += 1
    for _ in range(3):  # exactly at the crossing of Gata 1 and Väg 3
        f.write("%d,%.2f,%.2f,2025-03-03 12:00,stöld,exact\n" % (i, X0 + 300, Y0 + 100))
        i += 1
PYEOF
"$HOTSPOT" segments "$tmp/inc.csv" --network "$tmp/net.geojson" -o "$tmp/s.gpkg" >"$tmp/out" 2>"$tmp/err"
rc=$?
[ $rc -eq 0 ] && ok || ko "segments exit $rc: $(cat "$tmp/err")"
grep -q "^$tmp/s.gpkg: segments layer, [0-9]* segments" "$tmp/out" && ok || ko "stdout: $(cat "$tmp/out")"
grep -q "50 % of the incidents on [0-9.]* % of the segments" "$tmp/out" && ok || ko "no headline: $(cat "$tmp/out")"
grep -q "at a node shared by several segments (within 1 m) split equally" "$tmp/err" && ok || ko "snap rule not said"

$PY - "$tmp" "$REF" <<'PYEOF' && ok || ko "synthetic case differs from the Python reference"
import csv, math, sys
sys.path.insert(0, sys.argv[2])
import segments_ref as R
d = sys.argv[1]
lines = R.geojson_lines(d + "/net.geojson")
segs = R.gpkg_lines(d + "/s.gpkg", "segments")
run = R.run_table(d + "/s.gpkg")
# noding: the same pieces (as sets of rounded end points and lengths)
ref = R.node_lines(lines)
key = lambda pts: (tuple(sorted([(round(pts[0][0], 3), round(pts[0][1], 3)), (round(pts[-1][0], 3), round(pts[-1][1], 3))])), round(R.length(pts), 3))
assert sorted(map(key, ref)) == sorted(key(s["pts"]) for s in segs), (len(ref), len(segs))
# 10 streets in 4 pieces each, Tvärgatan (1 piece) cutting Gata 4, the diagonal in 7 pieces
# cutting 6 streets once more each
assert len(segs) == 10 * 4 + 1 + 1 + 7 + 6, len(segs)
for s in segs:
    assert abs(s["length_m"] - R.length(s["pts"])) < 1e-6
# snapping and counts
pts, coarse, years = [], 0, []
for r in csv.DictReader(open(d + "/inc.csv")):
    if r["precision"] == "place":
        coarse += 1
        continue
    pts.append((float(r["x"]), float(r["y"])))
    years.append(int(r["datum"][:4]))
P = [s["pts"] for s in segs]
cnt, snapped, at_node = R.snap_counts(pts, P, 50.0)
assert at_node >= 3, at_node
for s, c in zip(segs, cnt):
    assert abs(s["n"] - c) < 1e-9, (s["segment_id"], s["n"], c)
    assert abs(s["n_per_100m"] - 100 * c / s["length_m"]) < 1e-6
assert int(run["segments_snapped"]) == snapped, (run["segments_snapped"], snapped)
assert int(run["segments_at_node"]) == at_node
assert int(run["segments_unsnapped_coarse"]) == coarse
assert int(run["segments_unsnapped_far"]) == len(pts) - snapped
# concentration
g, gg = R.gini(cnt)
assert abs(float(run["conc_segments_gini"]) - g) < 1e-6, (run["conc_segments_gini"], g)
assert abs(float(run["conc_segments_gini_gen"]) - gg) < 1e-6
assert abs(float(run["conc_segments_share50"]) - R.share_for(cnt, 0.5)) < 1e-6
assert abs(float(run["conc_segments_share25"]) - R.share_for(cnt, 0.25)) < 1e-6
# network neighbours (sharing a node) and Gi*
nbs = R.neighbours(P)
z = R.gistar(cnt, nbs)
for s, nb, zz in zip(segs, nbs, z):
    assert s["n_neighbours"] == len(nb) + 1, (s["segment_id"], s["n_neighbours"], nb)
    assert abs(s["gi_z"] - zz) < 1e-9, (s["segment_id"], s["gi_z"], zz)
# stability 2024 -> 2025
a, _, _ = R.snap_counts([p for p, y in zip(pts, years) if y == 2024], P, 50.0)
b, _, _ = R.snap_counts([p for p, y in zip(pts, years) if y == 2025], P, 50.0)
assert abs(float(run["segments_stability_spearman"]) - R.spearman(a, b)) < 1e-6
ta, tb = R.top_set(a, 0.05), R.top_set(b, 0.05)
assert abs(float(run["segments_stability_stay"]) - len(ta & tb) / len(ta)) < 1e-6
assert run["segments_stability_years"] == "20242025"
assert abs(float(run["segments_stability_2024_2025_spearman"]) - R.spearman(a, b)) < 1e-6
assert abs(float(run["segments_stability_2024_2025_stay"]) - len(ta & tb) / len(ta)) < 1e-6
# ranks, names and cross streets
order = sorted(range(len(segs)), key=lambda k: -cnt[k])
assert segs[order[0]]["rank"] == 1
assert any(s["name"] == "Tvärgatan" for s in segs) and any(s["name"] is None for s in segs)
assert any(s["from_street"] and s["to_street"] for s in segs)
assert abs(sum(s["n_stold"] + s["n_vald"] for s in segs) - sum(cnt)) < 1e-6
PYEOF
# the QGIS styles of both layers, default on open, with line symbols
sqlite3 "$tmp/s.gpkg" "SELECT f_table_name FROM layer_styles WHERE useAsDefault AND styleQML LIKE '%SimpleLine%' ORDER BY 1" >"$tmp/st" 2>&1
[ "$(tr '\n' ' ' <"$tmp/st")" = "segments segments_gistar " ] && ok || ko "line styles: $(cat "$tmp/st")"
# --max-length caps the segments; --distance widens the neighbours
"$HOTSPOT" segments "$tmp/inc.csv" --network "$tmp/net.geojson" -o "$tmp/m.gpkg" --max-length 60 --distance 150 >/dev/null 2>&1 && ok || ko "max-length run"
mx=$(sqlite3 "$tmp/m.gpkg" "SELECT max(length_m) <= 60.000001, min(n_neighbours) > 2 FROM segments")
[ "$mx" = "1|1" ] && ok || ko "max-length / distance: $mx"

# ---- 2. the real case: Uppsala's NVDB streets ----
nvdb=$HS_SHARED_DATA/se_uppsala/nvdb/Uppsala_kommun_ShapeNVDB_DKGatunamn.shp
if [ -f "$nvdb" ]; then
  ogr2ogr -f GeoJSON -dim XY "$tmp/nvdb.geojson" "$nvdb" 2>/dev/null
  $PY - "$tmp" <<'PYEOF'
import json, random, sys
random.seed(380)
d = sys.argv[1]
fs = [f for f in json.load(open(d + "/nvdb.geojson"))["features"] if f["geometry"]]
# incidents on the streets of central Uppsala: a few heavy streets, many light ones, some off
central = [f for f in fs if all(abs(c[0] - 647700) < 2500 and abs(c[1] - 6638500) < 2500
                                for c in (f["geometry"]["coordinates"][0],))]
heavy = central[:12]
with open(d + "/upp.csv", "w") as out:
    out.write("id,x,y,datum\n")
    for i in range(1500):
        f = random.choice(heavy) if random.random() < 0.4 else random.choice(central)
        c = f["geometry"]["coordinates"]
        k = random.randrange(len(c) - 1)
        t = random.random()
        x = c[k][0] + t * (c[k + 1][0] - c[k][0]) + random.gauss(0, 12)
        y = c[k][1] + t * (c[k + 1][1] - c[k][1]) + random.gauss(0, 12)
        out.write("%d,%.2f,%.2f,%d-%02d-%02d 21:30\n" % (i, x, y, random.choice((2019, 2020)),
                                                        random.randint(1, 12), random.randint(1, 28)))
PYEOF
  "$HOTSPOT" segments "$tmp/upp.csv" --network "$nvdb" -o "$tmp/u.gpkg" >"$tmp/uout" 2>"$tmp/uerr"
  rc=$?
  [ $rc -eq 0 ] && ok || ko "Uppsala exit $rc: $(cat "$tmp/uerr")"
  grep -q "network: 5745 lines" "$tmp/uerr" && ok || ko "NVDB lines: $(grep network "$tmp/uerr")"
  $PY - "$tmp" "$REF" <<'PYEOF' && ok || ko "Uppsala case differs from the Python reference"
import csv, sys
sys.path.insert(0, sys.argv[2])
import segments_ref as R
d = sys.argv[1]
lines = R.geojson_lines(d + "/nvdb.geojson")
segs = R.gpkg_lines(d + "/u.gpkg", "segments")
run = R.run_table(d + "/u.gpkg")
# noding keeps the network's length and its street names
tot_in = sum(R.length(p) for _, p in lines)
tot_out = sum(s["length_m"] for s in segs)
assert abs(tot_in - tot_out) < 1e-6 * tot_in, (tot_in, tot_out)
names = {n for n, _ in lines}
assert all(s["name"] in names for s in segs)
assert len(segs) > len(lines)
assert len({s["name"] for s in segs}) == len(names - {None}) + (None in names)
# snapping by exhaustive search over the segments near each point
pts = [(float(r["x"]), float(r["y"])) for r in csv.DictReader(open(d + "/upp.csv"))]
cnt, snapped, at_node = R.snap_counts(pts, [s["pts"] for s in segs], 50.0)
assert int(run["segments_snapped"]) == snapped and snapped > 1300, (run["segments_snapped"], snapped)
for s, c in zip(segs, cnt):
    assert abs(s["n"] - c) < 1e-9, (s["segment_id"], s["n"], c)
g, gg = R.gini(cnt)
assert abs(float(run["conc_segments_gini"]) - g) < 1e-6
assert abs(float(run["conc_segments_gini_gen"]) - gg) < 1e-6
assert gg < g  # fewer incidents than segments: the generalised Gini is lower
assert abs(float(run["conc_segments_share50"]) - R.share_for(cnt, 0.5)) < 1e-6
PYEOF
else
  echo "skipped: Uppsala NVDB data not found at $nvdb"
fi

# ---- 3. errors ----
"$HOTSPOT" segments "$tmp/inc.csv" -o "$tmp/e.gpkg" >/dev/null 2>"$tmp/e1"
[ $? -eq 2 ] && grep -q -- "--network" "$tmp/e1" && ok || ko "missing --network: $(cat "$tmp/e1")"
"$HOTSPOT" segments "$tmp/inc.csv" --network "$tmp/nope.shp" -o "$tmp/e.gpkg" >/dev/null 2>"$tmp/e2"
[ $? -eq 1 ] && grep -q "nope.shp" "$tmp/e2" && ok || ko "bad network: $(cat "$tmp/e2")"
"$HOTSPOT" segments "$tmp/inc.csv" --network "$tmp/net.geojson" --snap -5 -o "$tmp/e.gpkg" >/dev/null 2>"$tmp/e3"
[ $? -eq 2 ] && grep -q -- "--snap" "$tmp/e3" && ok || ko "bad --snap: $(cat "$tmp/e3")"
"$HOTSPOT" segments "$tmp/inc.csv" --network "$tmp/net.geojson" -o "$tmp/s.gpkg" >/dev/null 2>&1
[ $? -ne 0 ] && ok || ko "an existing output was overwritten without --overwrite"

# ---- 4. the sample project with [segments] ----
cp -r "$HS_SOURCE_DIR/samples/exempelstad" "$tmp/ex"
rm -rf "$tmp/ex/ut"
printf '[segments]\nsnap = fifty\n' >"$tmp/bad.ini"
cat "$tmp/ex/hotspot.ini" | sed 's/^snap = 50$/snap = fifty/' >"$tmp/ex/bad.ini"
"$HOTSPOT" build "$tmp/ex/bad.ini" >/dev/null 2>"$tmp/b0"
[ $? -ne 0 ] && grep -q "bad.ini:[0-9]*.*snap" "$tmp/b0" && ok || ko "bad [segments] key: $(cat "$tmp/b0")"
"$HOTSPOT" build "$tmp/ex/hotspot.ini" >"$tmp/bout" 2>"$tmp/berr"
rc=$?
[ $rc -eq 0 ] && ok || ko "sample build exit $rc: $(tail -5 "$tmp/berr")"
gp=$tmp/ex/ut/exempelstad.gpkg
share=$(sqlite3 "$gp" "SELECT value FROM run WHERE key = 'conc_segments_share50'")
want=$($PY -c "import sys; print(('%.1f' % (100 * float(sys.argv[1]))).replace('.', ','))" "$share")
pdftotext "$tmp/ex/ut/lagesbild_exempelstad.pdf" "$tmp/r.txt"
grep -q "^Brottskoncentrationer" "$tmp/r.txt" && ok || ko "no page Brottskoncentrationer"
grep -q "50 % av brotten skedde på $want % av gatusegmenten" "$tmp/r.txt" && ok || ko "headline: want $want: $(grep 'av brotten skedde' "$tmp/r.txt")"
grep -q "Gatusegment med flest brott och deras tider" "$tmp/r.txt" && ok || ko "no top segments table"
top=$(sqlite3 "$gp" "SELECT name || ' mellan ' || from_street || ' och ' || to_street FROM segments WHERE rank = 1 AND from_street != to_street")
[ -z "$top" ] || grep -qF "$top" "$tmp/r.txt" && ok || ko "top segment '$top' not in the report"
for k in conc_cells_gini conc_places_share50 segments_snap_rule segments_stability_spearman; do
  [ -n "$(sqlite3 "$gp" "SELECT value FROM run WHERE key = '$k'")" ] && ok || ko "run has no $k"
done
[ -s "$tmp/ex/ut/kartor/segments.png" ] && [ -s "$tmp/ex/ut/kartor/segments_gistar.pdf" ] && ok || ko "segment maps missing"
pdftotext "$tmp/ex/ut/kartor/segments.pdf" - | grep -q "Brott per gatusegment" && ok || ko "segments map title"

echo "$pass passed, $fail failed"
[ $fail -eq 0 ]
