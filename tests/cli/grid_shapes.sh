#!/bin/bash
# `hotspot grid --shape hex`, `--clip` and `--population` end to end: every point counted once in
# the hexagon whose centre is nearest (an independent numpy assignment), hexagon ids, centres and
# areas, the centre mask; clipped cells whose areas add up to the kommun's and that lose no
# incident inside it; population by area share (exact on the same 250 m squares, conserved, and
# equal to an independent OGR areal weighting on clipped hexagons), from points too, rates per
# 1 000 with the minimum population and suppression; usage errors. Data: the bundled sample
# kommun (samples/exempelstad) and points and population generated here.
set -u
hs=${HOTSPOT:?set HOTSPOT to the built hotspot}
src=${HS_SOURCE_DIR:-$(cd "$(dirname "$0")/../.." && pwd)}
sample=$src/samples/exempelstad
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
pass=0; fail=0
ok() { pass=$((pass+1)); }
bad() { fail=$((fail+1)); echo "FAIL: $*"; }
py=/usr/bin/python3
expect() { # expected-exit description command...
  local want=$1 what=$2; shift 2
  "$@" >"$tmp/out" 2>"$tmp/err"; local rc=$?
  [ "$rc" -eq "$want" ] && ok || bad "$what: exit $rc, want $want ($(head -c 400 "$tmp/err"))"
}
check() { # description python-script args... (the script asserts)
  local what=$1; shift
  if $py - "$@" >"$tmp/pyout" 2>&1; then ok; else bad "$what: $(tail -c 600 "$tmp/pyout")"; fi
}
kommun=$sample/kommun.geojson

# 3000 seeded points over the kommun's box (some outside it), population squares and points
$py - "$tmp" "$kommun" <<'PY'
import sys, random
from osgeo import ogr, osr
d, kpath = sys.argv[1], sys.argv[2]
kd = ogr.Open(kpath); x0, x1, y0, y1 = kd.GetLayer(0).GetExtent()
r = random.Random(11)
with open(d + "/pts.csv", "w") as f:
    f.write("id,x,y,category,datum\n")
    for i in range(3000):
        f.write("%d,%.2f,%.2f,%s,2024-05-%02d 22:15\n" % (i, r.uniform(x0 - 300, x1 + 300),
                r.uniform(y0 - 300, y1 + 300), ("stold", "vald", "rån")[i % 3], 1 + i % 28))
srs = osr.SpatialReference(); srs.ImportFromEPSG(3006)
drv = ogr.GetDriverByName("GPKG")
ds = drv.CreateDataSource(d + "/pop.gpkg")
lyr = ds.CreateLayer("befolkning", srs, ogr.wkbPolygon)
lyr.CreateField(ogr.FieldDefn("Rutid", ogr.OFTString))
lyr.CreateField(ogr.FieldDefn("BefTotalt", ogr.OFTInteger))
ax0, ay0 = int(x0 // 250) * 250, int(y0 // 250) * 250
i = 0
for yy in range(ay0, int(y1) + 250, 250):
    for xx in range(ax0, int(x1) + 250, 250):
        i += 1
        if r.random() < 0.3:
            continue  # SCB publishes only squares with inhabitants
        f = ogr.Feature(lyr.GetLayerDefn())
        f.SetField("Rutid", "%d%d" % (xx, yy))
        f.SetField("BefTotalt", r.choice([3, 12, 40, 75, 160, 420, 900]))
        f.SetGeometry(ogr.CreateGeometryFromWkt("POLYGON((%d %d,%d %d,%d %d,%d %d,%d %d))" % (
            xx, yy, xx + 250, yy, xx + 250, yy + 250, xx, yy + 250, xx, yy)))
        lyr.CreateFeature(f)
ds = None
ds = drv.CreateDataSource(d + "/tatorter.gpkg")
lyr = ds.CreateLayer("tatorter", srs, ogr.wkbPoint)
lyr.CreateField(ogr.FieldDefn("namn", ogr.OFTString))
lyr.CreateField(ogr.FieldDefn("Folkmängd", ogr.OFTInteger))
for k in range(40):
    f = ogr.Feature(lyr.GetLayerDefn())
    f.SetField("namn", "T%d" % k)
    f.SetField("Folkmängd", r.randint(20, 5000))
    f.SetGeometry(ogr.CreateGeometryFromWkt("POINT(%.1f %.1f)" % (r.uniform(x0, x1), r.uniform(y0, y1))))
    lyr.CreateFeature(f)
ds = None
PY
[ -s "$tmp/pop.gpkg" ] && ok || bad "test data generated"
rd="--x x --y y --crs EPSG:3006 --category category"

# ---- hexagons: independent nearest-centre assignment ----
expect 0 "grid --shape hex" "$hs" --no-progress grid "$tmp/pts.csv" -o "$tmp/hex.gpkg" --shape hex --cell 250 $rd
grep -q "3000 incidents" "$tmp/out" && ok || bad "hex: all 3000 points counted ($(cat "$tmp/out"))"
grep -q "hexagons of 250 m (area 62500 m2" "$tmp/err" && ok || bad "hex: parameters printed"
check "hexagon layer: ids, centres, areas, counts = numpy nearest centre" "$tmp/hex.gpkg" "$tmp/pts.csv" <<'PY'
import sys, csv, math, re, collections
import numpy as np
from osgeo import ogr
ds = ogr.Open(sys.argv[1]); lyr = ds.GetLayerByName("grid")
names = [lyr.GetLayerDefn().GetFieldDefn(i).GetName() for i in range(lyr.GetLayerDefn().GetFieldCount())]
for f in ("cell_id", "x0", "y0", "size", "n", "n_stold", "n_vald", "n_ran", "suppressed"):
    assert f in names, (f, names)
s = 250 * math.sqrt(2 / (3 * math.sqrt(3))); h = math.sqrt(3) * s
pts = np.array([(float(r["x"]), float(r["y"])) for r in csv.DictReader(open(sys.argv[2]))])
# candidates: every centre within a 3 x 3 neighbourhood of columns and rows; nearest wins
c0 = np.floor(pts[:, 0] / (1.5 * s)).astype(int)
best = np.full(len(pts), np.inf); bc = np.zeros(len(pts), int); br = np.zeros(len(pts), int)
for dc in (-1, 0, 1, 2):
    c = c0 + dc
    off = 0.5 * (c % 2)
    r0 = np.round(pts[:, 1] / h - off).astype(int)
    for dr in (-1, 0, 1):
        r = r0 + dr
        cx, cy = 1.5 * s * c, h * (r + off)
        d = (pts[:, 0] - cx) ** 2 + (pts[:, 1] - cy) ** 2
        m = d < best
        best[m] = d[m]; bc[m] = c[m]; br[m] = r[m]
want = collections.Counter("H250_%d_%d" % (c, r) for c, r in zip(bc, br))
got = {}
for f in lyr:
    cid = f["cell_id"]
    m = re.fullmatch(r"H250_(-?\d+)_(-?\d+)", cid); assert m, cid
    c, r = int(m.group(1)), int(m.group(2))
    cx, cy = 1.5 * s * c, h * (r + 0.5 * (c % 2))
    assert abs(f["x0"] - cx) < 1e-6 and abs(f["y0"] - cy) < 1e-6, (cid, f["x0"], cx)
    g = f.GetGeometryRef()
    assert abs(g.GetArea() - 62500) < 1e-6, g.GetArea()
    ce = g.Centroid(); assert abs(ce.GetX() - cx) < 1e-6 and abs(ce.GetY() - cy) < 1e-6
    assert f["size"] == 250
    assert f["n"] == f["n_stold"] + f["n_vald"] + f["n_ran"]
    got[cid] = f["n"]
assert sum(got.values()) == 3000, sum(got.values())
for cid, n in want.items():
    assert got.get(cid) == n, (cid, n, got.get(cid))
assert all(n == 0 for cid, n in got.items() if cid not in want)
PY

# centre mask for hexagons
expect 0 "grid --shape hex --mask" "$hs" --no-progress grid "$tmp/pts.csv" -o "$tmp/hexm.gpkg" --shape hex --mask "$kommun" $rd
check "hexagon centres inside the mask" "$tmp/hexm.gpkg" "$kommun" <<'PY'
import sys
from osgeo import ogr
k = ogr.Open(sys.argv[2]); kl = k.GetLayer(0); kf = kl.GetNextFeature(); kg = kf.GetGeometryRef().Clone()
ds = ogr.Open(sys.argv[1]); lyr = ds.GetLayerByName("grid")
n = 0
for f in lyr:
    p = ogr.CreateGeometryFromWkt("POINT(%r %r)" % (f["x0"], f["y0"]))
    assert kg.Intersects(p), f["cell_id"]; n += 1
assert n > 100, n
PY

# ---- clipping: areas add up to the kommun's, no incident inside it lost ----
for shape in square hex; do
  expect 0 "grid --clip ($shape)" "$hs" --no-progress grid "$tmp/pts.csv" -o "$tmp/clip_$shape.gpkg" --shape $shape --mask "$kommun" --clip $rd
  check "clip $shape: areas, geometry, every incident inside counted" "$tmp/clip_$shape.gpkg" "$kommun" "$tmp/pts.csv" <<'PY'
import sys, csv
from osgeo import ogr
k = ogr.Open(sys.argv[2]); kl = k.GetLayer(0); kf = kl.GetNextFeature(); kg = kf.GetGeometryRef().Clone()
inside = sum(kg.Intersects(ogr.CreateGeometryFromWkt("POINT(%s %s)" % (r["x"], r["y"])))
             for r in csv.DictReader(open(sys.argv[3])))
ds = ogr.Open(sys.argv[1]); lyr = ds.GetLayerByName("grid")
assert ogr.GeometryTypeToName(lyr.GetGeomType()) == "Multi Polygon", lyr.GetGeomType()
assert lyr.GetLayerDefn().GetFieldIndex("area") >= 0
area = geom = n = cut = 0
for f in lyr:
    g = f.GetGeometryRef()
    assert g.IsValid(), f["cell_id"]
    assert abs(g.GetArea() - f["area"]) < 1e-6 * 62500, (f["cell_id"], g.GetArea(), f["area"])
    assert g.Intersection(kg).GetArea() > 0
    area += f["area"]; n += f["n"]; cut += f["area"] < 62500 - 1e-6
ka = kg.GetArea()
assert abs(area - ka) < 1e-6 * ka, (area, ka)
assert n == inside, (n, inside)
assert cut > 20, cut
PY
done
grep -q "incidents outside the mask polygons left out" "$tmp/err" && ok || bad "clip: points left out reported"

# ---- population: the same 250 m squares, exact; rates; min-pop; suppression ----
expect 0 "grid --population (squares)" "$hs" --no-progress grid "$tmp/pts.csv" -o "$tmp/pop_sq.gpkg" --population "$tmp/pop.gpkg" --min-count 2 $rd
grep -q "field 'BefTotalt' (found by name)" "$tmp/err" && ok || bad "population field reported ($(cat "$tmp/err"))"
check "population squares: exact per cell, conserved, rate = 1000 n / pop, NULL below 50" "$tmp/pop_sq.gpkg" "$tmp/pop.gpkg" <<'PY'
import sys
from osgeo import ogr
pd = ogr.Open(sys.argv[2]); pl = pd.GetLayer(0)
want = {}; total = 0
for f in pl:
    x, _, y, _ = f.GetGeometryRef().GetEnvelope()
    want["%06d%07d" % (x, y)] = f["BefTotalt"]; total += f["BefTotalt"]
ds = ogr.Open(sys.argv[1]); lyr = ds.GetLayerByName("grid")
s = 0; rated = nulls = supp = 0
for f in lyr:
    p = f["pop"]; s += p
    assert abs(p - want.get(f["cell_id"], 0)) < 1e-9 * max(1, p), (f["cell_id"], p, want.get(f["cell_id"]))
    if f["suppressed"]:
        supp += 1
        assert f["rate"] is None and f["n"] is None
    elif p < 50:
        assert f["rate"] is None; nulls += 1
    else:
        assert abs(f["rate"] - 1000.0 * f["n"] / p) < 1e-9 * max(1, f["rate"]), (f["rate"], f["n"], p)
        rated += f["n"] > 0
assert abs(s - total) < 1e-9 * total, (s, total)
assert rated > 10 and nulls > 10 and supp > 0, (rated, nulls, supp)
PY
expect 0 "grid --population --min-pop 0" "$hs" --no-progress grid "$tmp/pts.csv" -o "$tmp/pop_sq0.gpkg" --population "$tmp/pop.gpkg" --min-pop 0 $rd
check "min-pop 0: a rate wherever pop > 0" "$tmp/pop_sq0.gpkg" <<'PY'
import sys
from osgeo import ogr
ds = ogr.Open(sys.argv[1]); lyr = ds.GetLayerByName("grid")
for f in lyr:
    assert (f["rate"] is None) == (f["pop"] <= 0), (f["pop"], f["rate"])
PY

# hexagons clipped to the kommun: population by area share against an independent OGR computation
expect 0 "grid --shape hex --clip --population" "$hs" --no-progress grid "$tmp/pts.csv" -o "$tmp/pop_hex.gpkg" --shape hex --mask "$kommun" --clip --population "$tmp/pop.gpkg" $rd
check "clipped hexagons: pop = sum of value x share of area, for every cell" "$tmp/pop_hex.gpkg" "$tmp/pop.gpkg" <<'PY'
import sys
from osgeo import ogr
pd = ogr.Open(sys.argv[2]); pl = pd.GetLayer(0)
polys = [(f.GetGeometryRef().Clone(), f["BefTotalt"]) for f in pl]
ds = ogr.Open(sys.argv[1]); lyr = ds.GetLayerByName("grid")
worst = 0; checked = 0
for f in lyr:
    g = f.GetGeometryRef()
    want = 0.0
    for pg, v in polys:
        if g.GetEnvelope()[0] > pg.GetEnvelope()[1] or g.GetEnvelope()[1] < pg.GetEnvelope()[0]:
            continue
        want += v * g.Intersection(pg).GetArea() / pg.GetArea()
    worst = max(worst, abs(f["pop"] - want) / max(1.0, want)); checked += 1
    if f["pop"] >= 50 and not f["suppressed"]:
        assert abs(f["rate"] - 1000.0 * f["n"] / f["pop"]) < 1e-9 * max(1, f["rate"])
assert worst < 1e-6, worst
assert checked > 100
PY

# population points (tätort-like), field with a non-ASCII name found by name
expect 0 "grid --population points" "$hs" --no-progress grid "$tmp/pts.csv" -o "$tmp/pop_pt.gpkg" --cell 1km --population "$tmp/tatorter.gpkg" $rd
grep -q "field 'Folkmängd' (found by name), 40 points" "$tmp/err" && ok || bad "point population reported ($(grep population "$tmp/err"))"
check "population points: each in its 1 km cell" "$tmp/pop_pt.gpkg" "$tmp/tatorter.gpkg" <<'PY'
import sys, math, collections
from osgeo import ogr
pd = ogr.Open(sys.argv[2]); pl = pd.GetLayer(0)
want = collections.Counter()
for f in pl:
    g = f.GetGeometryRef()
    want["%06d%07d" % (math.floor(g.GetX() / 1000) * 1000, math.floor(g.GetY() / 1000) * 1000)] += f["Folkmängd"]
ds = ogr.Open(sys.argv[1]); lyr = ds.GetLayerByName("grid")
got = {f["cell_id"]: f["pop"] for f in lyr}
for cid, v in want.items():
    assert abs(got[cid] - v) < 1e-9, (cid, got[cid], v)
assert abs(sum(got.values()) - sum(want.values())) < 1e-6
PY

# ---- the bundled sample: hexagons clipped to the kommun keep every incident inside it ----
expect 0 "sample: square clip" "$hs" --no-progress grid "$sample/polisutdrag_2024_2025.csv" -o "$tmp/s_sq.gpkg" --mask "$kommun" --clip
nsq=$(sed -n 's/.*, \([0-9]*\) incidents,.*/\1/p' "$tmp/out")
expect 0 "sample: hex clip with population" "$hs" --no-progress grid "$sample/polisutdrag_2024_2025.csv" -o "$tmp/s_hex.gpkg" --shape hex --mask "$kommun" --clip --population "$tmp/pop.gpkg" --min-count 3
nhex=$(sed -n 's/.*, \([0-9]*\) incidents,.*/\1/p' "$tmp/out")
[ -n "$nsq" ] && [ "$nsq" = "$nhex" ] && [ "$nsq" -gt 3000 ] && ok || bad "sample: same incidents in squares and hexagons ($nsq, $nhex)"
check "sample hexagons: fields and parameters" "$tmp/s_hex.gpkg" <<'PY'
import sys, sqlite3
from osgeo import ogr
ds = ogr.Open(sys.argv[1]); lyr = ds.GetLayerByName("grid")
d = lyr.GetLayerDefn()
names = [d.GetFieldDefn(i).GetName() for i in range(d.GetFieldCount())]
assert names[:5] == ["cell_id", "x0", "y0", "size", "n"] and names[-4:] == ["suppressed", "area", "pop", "rate"], names
ds = None
db = sqlite3.connect(sys.argv[1])
tables = [r[0] for r in db.execute("select name from sqlite_master where type='table'")]
rows = [r for t in tables if "param" in t or t == "run" for r in db.execute("select * from %s" % t)] if tables else []
text = repr(rows)
assert "cell_shape" in text and "hex" in text and "min_pop" in text, text[:500]
PY

# ---- hotspot build with [grid] population: pop and rate in the grid layer ----
mkdir -p "$tmp/p"
cp "$sample"/*.csv "$sample"/*.geojson "$sample"/hotspot.ini "$tmp/p/"
cp "$tmp/pop.gpkg" "$tmp/p/befolkning.gpkg"
sed -i 's/^\[grid\]$/[grid]\npopulation = befolkning.gpkg\nmin_pop = 20/' "$tmp/p/hotspot.ini"
sed -i 's/^\(maps\|report\) *=.*$//' "$tmp/p/hotspot.ini"
expect 0 "build with a population layer" "$hs" --no-progress build "$tmp/p/hotspot.ini"
grep -q "population from .*befolkning.gpkg (field BefTotalt)" "$tmp/err" && ok || bad "build logs the population read ($(grep -i population "$tmp/err" | head -2))"
gp=$(ls "$tmp"/p/ut/*.gpkg 2>/dev/null | head -1)
check "build grid: pop exact on the same squares, rate = 1000 n / pop, NULL below min_pop 20" "${gp:-$tmp/none.gpkg}" "$tmp/pop.gpkg" <<'PY'
import sys
from osgeo import ogr
pds = ogr.Open(sys.argv[2])
pop = {f["Rutid"]: f["BefTotalt"] for f in pds.GetLayer(0)}
ds = ogr.Open(sys.argv[1])
lyr = ds.GetLayerByName("grid")
names = [lyr.GetLayerDefn().GetFieldDefn(i).GetName() for i in range(lyr.GetLayerDefn().GetFieldCount())]
assert "pop" in names and "rate" in names, names
rated = 0
for f in lyr:
    want = pop.get("%d%d" % (round(f["x0"]), round(f["y0"])), 0.0)
    assert abs(f["pop"] - want) < 1e-6 * max(1.0, want), (f["cell_id"], f["pop"], want)
    if f["pop"] >= 20 and not f["suppressed"] and f["n"] is not None:
        assert abs(f["rate"] - 1000.0 * f["n"] / f["pop"]) < 1e-9 * max(1.0, f["rate"])
        rated += 1
    elif f["pop"] < 20:
        assert f["rate"] is None
assert rated > 20, rated
PY

# the same with [grid] clip = yes: cells cut along the kommun boundary, their areas add up to it
sed -i 's/^\[grid\]$/[grid]\nclip = yes/' "$tmp/p/hotspot.ini"
expect 0 "build with clip = yes" "$hs" --no-progress build "$tmp/p/hotspot.ini"
check "build grid clipped: areas add up to the kommun, cut cells inside it, pop by area share" "${gp:-$tmp/none.gpkg}" "$kommun" "$tmp/pop.gpkg" <<'PY'
import sys
from osgeo import ogr
kds = ogr.Open(sys.argv[2]); kg = None
for f in kds.GetLayer(0):
    g = f.GetGeometryRef().Clone()
    kg = g if kg is None else kg.Union(g)
ds = ogr.Open(sys.argv[1]); lyr = ds.GetLayerByName("grid")
names = [lyr.GetLayerDefn().GetFieldDefn(i).GetName() for i in range(lyr.GetLayerDefn().GetFieldCount())]
assert "area" in names and "pop" in names, names
total = 0.0; cut = 0
for f in lyr:
    a = f["area"]; g = f.GetGeometryRef()
    assert 0 < a <= 62500 * (1 + 1e-9), a
    assert abs(g.GetArea() - a) < 1e-6 * 62500, (g.GetArea(), a)
    if a < 62500 * (1 - 1e-9):
        cut += 1
        assert g.Buffer(-0.01).Within(kg) or g.Difference(kg).GetArea() < 1e-3, f["cell_id"]
    total += a
assert cut > 10, cut
assert abs(total - kg.GetArea()) < 1e-6 * kg.GetArea(), (total, kg.GetArea())
PY

# ---- usage errors ----
expect 2 "--clip without --mask" "$hs" --no-progress grid "$tmp/pts.csv" -o "$tmp/e1.gpkg" --clip $rd
expect 2 "--shape triangle" "$hs" --no-progress grid "$tmp/pts.csv" -o "$tmp/e2.gpkg" --shape triangle $rd
expect 2 "--population-field alone" "$hs" --no-progress grid "$tmp/pts.csv" -o "$tmp/e3.gpkg" --population-field pop $rd
expect 2 "--min-pop -1" "$hs" --no-progress grid "$tmp/pts.csv" -o "$tmp/e4.gpkg" --population "$tmp/pop.gpkg" --min-pop -1 $rd
"$hs" --no-progress grid "$tmp/pts.csv" -o "$tmp/e5.gpkg" --population "$tmp/pop.gpkg" --population-field invanare $rd >"$tmp/out" 2>"$tmp/err"
rc=$?
[ $rc -ne 0 ] && grep -q "pop.gpkg: no population field 'invanare' (fields: Rutid, BefTotalt)" "$tmp/err" && ok || bad "missing population field: exit $rc, $(cat "$tmp/err" | tail -2)"
[ ! -e "$tmp/e5.gpkg" ] && ok || bad "no output left behind after an error"

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
