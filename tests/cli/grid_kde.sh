#!/bin/bash
# `hotspot grid` and `hotspot kde` end to end: counts per SCB-aligned cell and category add up,
# ids and corners follow SCB, suppression, a GeoTIFF whose values equal an independent numpy sum
# of the quartic kernel (float32 precision), sum x cell area = number of points, the chosen
# parameters printed, GeoPackage raster and COG outputs, masks, and usage errors.
set -u
hs=${HOTSPOT:?set HOTSPOT to the built hotspot}
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

# 200 points around two centres in EPSG:3006 (seeded), with a category column
$py - "$tmp/pts.csv" <<'PY'
import sys, random
r = random.Random(7)
with open(sys.argv[1], "w") as f:
    f.write("id,x,y,category,datum\n")
    for i in range(200):
        cx, cy, s = (345600, 6472300, 120) if i % 3 else (346900, 6473100, 300)
        f.write("%d,%.1f,%.1f,%s,2024-05-%02d 22:15\n" % (i, r.gauss(cx, s), r.gauss(cy, s),
                ("stold", "vald", "skadegorelse")[i % 3], 1 + i % 28))
PY

# ---- grid ----
expect 0 "grid 250 m" "$hs" --no-progress grid "$tmp/pts.csv" -o "$tmp/g.gpkg" --cell 250 --x x --y y --crs EPSG:3006
grep -q "grid layer" "$tmp/out" && ok || bad "grid prints its result on stdout"
grep -q "cells of 250 m" "$tmp/err" && ok || bad "grid prints the cell size chosen"
$py - "$tmp/g.gpkg" <<'PY' && ok || bad "grid layer: counts, ids and corners"
import sys
from osgeo import ogr
ds = ogr.Open(sys.argv[1]); lyr = ds.GetLayerByName("grid")
assert lyr is not None, "no grid layer"
names = [lyr.GetLayerDefn().GetFieldDefn(i).GetName() for i in range(lyr.GetLayerDefn().GetFieldCount())]
for f in ("cell_id", "x0", "y0", "size", "n", "suppressed"):
    assert f in names, (f, names)
cats = ["n_stold", "n_vald", "n_skadegorelse"]
assert all(c in names for c in cats), names
# focus areas get count fields too (names folded: ö -> o)
assert "n_trygghet_i_offentlig_miljo" in names, names
tot = 0; totc = 0
for ft in lyr:
    x0, y0 = ft["x0"], ft["y0"]
    assert x0 % 250 == 0 and y0 % 250 == 0 and ft["size"] == 250
    assert ft["cell_id"] == "%06d%07d" % (x0, y0), ft["cell_id"]
    env = ft.GetGeometryRef().GetEnvelope()
    assert env == (x0, x0 + 250, y0, y0 + 250), env
    tot += ft["n"]; totc += sum(ft[c] for c in cats)
    assert ft["n"] == sum(ft[c] for c in cats)
assert tot == 200 and totc == 200, (tot, totc)
PY
expect 2 "grid refuses to overwrite" "$hs" --no-progress grid "$tmp/pts.csv" -o "$tmp/g.gpkg" --x x --y y
expect 0 "grid --min-count 3 --overwrite" "$hs" --no-progress grid "$tmp/pts.csv" -o "$tmp/g.gpkg" --cell 1km --min-count 3 --overwrite --x x --y y
$py - "$tmp/g.gpkg" <<'PY' && ok || bad "suppressed cells have no counts"
import sys
from osgeo import ogr
ds = ogr.Open(sys.argv[1]); lyr = ds.GetLayerByName("grid")
seen = 0
for ft in lyr:
    assert ft["size"] == 1000
    if ft["suppressed"]:
        seen += 1
        assert not ft.IsFieldSetAndNotNull("n")
    else:
        assert ft["n"] == 0 or ft["n"] >= 3
PY
expect 2 "grid bad cell" "$hs" --no-progress grid "$tmp/pts.csv" -o "$tmp/g2.gpkg" --cell -5 --x x --y y
grep -q "hotspot grid: --cell" "$tmp/err" && ok || bad "grid names the bad option"

# ---- kde: GeoTIFF against an independent numpy computation ----
expect 0 "kde quartic 300" "$hs" --no-progress kde "$tmp/pts.csv" -o "$tmp/k.tif" --cell 50 --bandwidth 300 --x x --y y --crs EPSG:3006
grep -q "bandwidth 300.0 m (given)" "$tmp/err" && ok || bad "kde prints the bandwidth"
grep -q "kde raster" "$tmp/out" && ok || bad "kde prints its result on stdout"
$py - "$tmp/k.tif" "$tmp/pts.csv" <<'PY' && ok || bad "kde GeoTIFF equals the exact sum"
import sys, csv
import numpy as np
from osgeo import gdal
ds = gdal.Open(sys.argv[1]); a = ds.GetRasterBand(1).ReadAsArray().astype(float)
x0, c, _, ytop, _, mc = ds.GetGeoTransform()
assert c == 50 and mc == -50 and x0 % 50 == 0 and ytop % 50 == 0
rows = list(csv.DictReader(open(sys.argv[2])))
px = np.array([float(r["x"]) for r in rows]); py_ = np.array([float(r["y"]) for r in rows])
ny, nx = a.shape
xc = x0 + (np.arange(nx) + 0.5) * c; yc = ytop - (np.arange(ny) + 0.5) * c   # row 0 = north
ref = np.zeros((ny, nx))
for X, Y in zip(px, py_):
    d2 = ((xc[None, :] - X) ** 2 + (yc[:, None] - Y) ** 2) / 300.0 ** 2
    ref += np.where(d2 < 1, 3 / (np.pi * 300.0 ** 2) * (1 - d2) ** 2, 0)
ref *= 1e6
err = np.abs(a - ref).max() / ref.max()
assert err < 1e-6, err
# the default extent holds every kernel: sum x cell area (km2) = number of points, up to the
# lattice-sum error of a quartic only 6 cells wide (measured 5e-6 relative)
assert abs(a.sum() * (c / 1000.0) ** 2 - 200) < 0.01, a.sum() * (c / 1000.0) ** 2
PY
expect 0 "kde auto bandwidth" "$hs" --no-progress kde "$tmp/pts.csv" -o "$tmp/k2.tif" --bandwidth auto --x x --y y
grep -q "ArcGIS rule" "$tmp/err" && ok || bad "kde names the bandwidth rule"
expect 0 "kde scott, counts" "$hs" --no-progress kde "$tmp/pts.csv" -o "$tmp/k3.tif" --bandwidth scott --units counts --kernel epanechnikov --x x --y y
$py - "$tmp/k3.tif" <<'PY' && ok || bad "expected counts per cell add up to the points"
import sys
from osgeo import gdal
a = gdal.Open(sys.argv[1]).ReadAsArray().astype(float)
assert abs(a.sum() - 200) < 0.5, a.sum()
PY
expect 0 "kde gaussian edge extent COG" "$hs" --no-progress kde "$tmp/pts.csv" -o "$tmp/k4.tif" --kernel gaussian --bandwidth 150 --edge --cog --extent 345000,6471500,347500,6474000 --x x --y y
gdalinfo "$tmp/k4.tif" 2>/dev/null | grep -q "LAYOUT=COG" && ok || bad "--cog writes a COG"
gdalinfo "$tmp/k4.tif" 2>/dev/null | grep -q "Size is 50, 50" && ok || bad "--extent gives 50 x 50 cells"
expect 0 "kde into a GeoPackage" "$hs" --no-progress kde "$tmp/pts.csv" -o "$tmp/k.gpkg" --bandwidth 300 --x x --y y
gdalinfo "$tmp/k.gpkg" >/dev/null 2>&1 && ok || bad "the GeoPackage raster opens in GDAL"
cat > "$tmp/mask.geojson" <<'JS'
{"type":"FeatureCollection","crs":{"type":"name","properties":{"name":"urn:ogc:def:crs:EPSG::3006"}},
 "features":[{"type":"Feature","properties":{"name":"torget"},"geometry":{"type":"Polygon",
 "coordinates":[[[345300,6472000],[345900,6472000],[345900,6472600],[345300,6472600],[345300,6472000]]]}}]}
JS
expect 0 "kde --mask" "$hs" --no-progress kde "$tmp/pts.csv" -o "$tmp/k5.tif" --bandwidth 300 --mask "$tmp/mask.geojson" --x x --y y
$py - "$tmp/k5.tif" <<'PY' && ok || bad "cells outside the mask are nodata"
import sys
import numpy as np
from osgeo import gdal
ds = gdal.Open(sys.argv[1]); b = ds.GetRasterBand(1); a = b.ReadAsArray()
nd = b.GetNoDataValue(); x0, c, _, ytop, _, _ = ds.GetGeoTransform()
ny, nx = a.shape
xc = x0 + (np.arange(nx) + 0.5) * c; yc = ytop - (np.arange(ny) + 0.5) * c
inside = ((xc[None, :] > 345300) & (xc[None, :] < 345900) & (yc[:, None] > 6472000) & (yc[:, None] < 6472600))
assert nd == -9999, nd
assert (a[~inside] == nd).all() and (a[inside] != nd).all() and a[inside].max() > 0
PY
expect 2 "kde bad kernel" "$hs" --no-progress kde "$tmp/pts.csv" -o "$tmp/k6.tif" --kernel cosine --x x --y y
grep -q "hotspot kde: --kernel" "$tmp/err" && ok || bad "kde names the bad kernel"
expect 2 "kde bad bandwidth" "$hs" --no-progress kde "$tmp/pts.csv" -o "$tmp/k6.tif" --bandwidth wide --x x --y y
expect 2 "kde refuses to overwrite" "$hs" --no-progress kde "$tmp/pts.csv" -o "$tmp/k.tif" --x x --y y
# a bandwidth smaller than the cell is warned about
expect 0 "kde tiny bandwidth" "$hs" --no-progress kde "$tmp/pts.csv" -o "$tmp/k7.tif" --bandwidth 20 --cell 50 --x x --y y
grep -qi "smaller than the cell" "$tmp/err" && ok || bad "kde warns when the bandwidth is below the cell"

# ---- info on outputs without records: their layers ----
expect 0 "info of a kde GeoPackage" "$hs" info "$tmp/k.gpkg"
grep -q "kde (raster .* x .*, EPSG:3006)" "$tmp/out" && grep -q "^records     none" "$tmp/out" && ok || bad "info lists the raster layer ($(cat "$tmp/out"))"
expect 0 "info of a grid GeoPackage" "$hs" info --json "$tmp/g.gpkg"
$py -c "import json,sys; d=json.load(open(sys.argv[1])); g=[l for l in d['layers'] if l['name']=='grid'][0]; assert g['geometry']=='Polygon' and g['rows']>0 and g['epsg']==3006, d" "$tmp/out" && ok || bad "info --json lists the grid layer ($(cat "$tmp/out"))"
expect 0 "info of a GeoTIFF" "$hs" info "$tmp/k.tif"
grep -q "k.tif (raster" "$tmp/out" && ok || bad "info lists a GeoTIFF ($(cat "$tmp/out"))"

# ---- kde --method binned: within the printed bound of the exact raster ----
expect 0 "kde binned" "$hs" --no-progress kde "$tmp/pts.csv" -o "$tmp/kb.tif" --cell 50 --bandwidth 300 --x x --y y --crs EPSG:3006 --method binned --tolerance 0.01
grep -q "binned on a sub-grid of" "$tmp/err" && ok || bad "kde binned prints its sub-grid"
bound=$(sed -n 's/.*error bound \([0-9.e+-]*\) incidents\/km2.*/\1/p' "$tmp/err")
[ -n "$bound" ] && ok || bad "kde binned prints its error bound ($(cat "$tmp/err"))"
$py - "$tmp/kb.tif" "$tmp/k.tif" "${bound:-0}" <<'PY' && ok || bad "kde binned within its bound of the exact raster"
import sys
import numpy as np
from osgeo import gdal
b = gdal.Open(sys.argv[1]).ReadAsArray().astype(float)
e = gdal.Open(sys.argv[2]).ReadAsArray().astype(float)
bound = float(sys.argv[3])
d = np.abs(b - e).max()
# float32 output: allow its rounding on top of the bound
assert 0 < d <= bound * 1.0001 + 1e-6 * e.max(), (d, bound)
PY
expect 1 "kde binned refuses a uniform kernel" "$hs" --no-progress kde "$tmp/pts.csv" -o "$tmp/kb2.tif" --kernel uniform --bandwidth 300 --x x --y y --method binned
grep -q "smooth kernel" "$tmp/err" && ok || bad "kde binned names the reason for refusing"
expect 2 "kde --tolerance without binned" "$hs" --no-progress kde "$tmp/pts.csv" -o "$tmp/kb3.tif" --x x --y y --tolerance 0.01
expect 2 "kde bad --method" "$hs" --no-progress kde "$tmp/pts.csv" -o "$tmp/kb3.tif" --x x --y y --method fast
grep -q "expected auto, exact or binned" "$tmp/err" && ok || bad "kde names the methods"
# ---- kde --method auto (the default): a Gaussian binned along y when its bound is within 1e-4
# of the peak, said in the log, the GeoTIFF's band description and the GeoPackage's run table ----
EXTK=344500,6471000,348500,6474500
# 20 000 points: enough that binning is less work than the exact sum (200 are not)
$py - "$tmp/many.csv" <<'PY'
import sys, random
r = random.Random(11)
with open(sys.argv[1], "w") as f:
    f.write("x,y\n")
    for i in range(20000):
        cx, cy, s = (345600, 6472300, 150) if i % 3 else (346900, 6473100, 400)
        f.write("%.1f,%.1f\n" % (r.gauss(cx, s), r.gauss(cy, s)))
PY
expect 0 "kde gaussian auto" "$hs" --no-progress kde "$tmp/many.csv" -o "$tmp/ka.tif" --kernel gaussian --bandwidth 150 --edge --extent $EXTK --x x --y y --crs EPSG:3006
grep -q "method auto chose binned: binned along y on nodes" "$tmp/err" && ok || bad "kde auto names its choice ($(cat "$tmp/err"))"
abound=$(sed -n 's/.*kde: error bound \([0-9.e+-]*\) incidents\/km2 (\([0-9.e+-]*\) of the peak).*/\1 \2/p' "$tmp/err")
[ -n "$abound" ] && ok || bad "kde auto prints its error bound ($(cat "$tmp/err"))"
expect 0 "kde gaussian exact" "$hs" --no-progress kde "$tmp/many.csv" -o "$tmp/ke.tif" --kernel gaussian --bandwidth 150 --edge --extent $EXTK --x x --y y --crs EPSG:3006 --method exact
grep -q "method auto" "$tmp/err" && bad "--method exact mentions auto" || ok
$py - "$tmp/ka.tif" "$tmp/ke.tif" ${abound:-0 0} <<'PY' && ok || bad "kde auto: within its bound of the exact raster, described as binned"
import sys
import numpy as np
from osgeo import gdal
da, de = gdal.Open(sys.argv[1]), gdal.Open(sys.argv[2])
a = da.ReadAsArray().astype(float); e = de.ReadAsArray().astype(float)
bound, rel = float(sys.argv[3]), float(sys.argv[4])
assert 0 < rel <= 1e-4, rel
d = np.abs(a - e).max()
assert 0 < d <= bound * 1.0001 + 1e-6 * e.max(), (d, bound)
desc = da.GetRasterBand(1).GetDescription()
assert "method binned along y by auto" in desc and "error bound" in desc, desc
desc = de.GetRasterBand(1).GetDescription()
assert "method exact" in desc and "auto" not in desc, desc
PY
expect 0 "kde quartic auto into a GeoPackage" "$hs" --no-progress kde "$tmp/pts.csv" -o "$tmp/kq.gpkg" --bandwidth 300 --x x --y y
grep -q "method auto chose exact: the quartic kernel has no binned bound" "$tmp/err" && ok || bad "kde auto says why it stays exact ($(cat "$tmp/err"))"
[ "$(sqlite3 "$tmp/kq.gpkg" "SELECT value || ' ' || how FROM run WHERE key = 'kde_method'")" = "exact auto" ] && ok || bad "kde_method in the GeoPackage: $(sqlite3 "$tmp/kq.gpkg" "SELECT * FROM run WHERE key LIKE 'kde%'")"
expect 0 "kde gaussian auto into a GeoPackage" "$hs" --no-progress kde "$tmp/many.csv" -o "$tmp/kg.gpkg" --kernel gaussian --bandwidth 150 --edge --extent $EXTK --x x --y y --method auto
[ "$(sqlite3 "$tmp/kg.gpkg" "SELECT value || ' ' || how FROM run WHERE key = 'kde_method'")" = "binned auto" ] && ok || bad "kde_method binned in the GeoPackage: $(sqlite3 "$tmp/kg.gpkg" "SELECT * FROM run WHERE key LIKE 'kde%'")"
[ -n "$(sqlite3 "$tmp/kg.gpkg" "SELECT value FROM run WHERE key = 'kde_error_bound' AND value > 0")" ] && ok || bad "kde_error_bound in the GeoPackage"
expect 0 "kde gaussian exact into a GeoPackage" "$hs" --no-progress kde "$tmp/pts.csv" -o "$tmp/kx.gpkg" --kernel gaussian --bandwidth 150 --x x --y y --method exact
[ "$(sqlite3 "$tmp/kx.gpkg" "SELECT value || ' ' || how FROM run WHERE key = 'kde_method'")" = "exact given" ] && ok || bad "kde_method given"
[ -z "$(sqlite3 "$tmp/kx.gpkg" "SELECT value FROM run WHERE key = 'kde_error_bound'")" ] && ok || bad "no kde_error_bound for exact"
# a density reads no times found by name: a garbled date does not cost the row
$py - "$tmp/pts.csv" "$tmp/pts_t.csv" <<'PY'
import sys
rows = open(sys.argv[1]).read().splitlines()
rows[1] = rows[1].rsplit(",", 1)[0] + ",2024-13-45 22:15"   # the datum column of the first row
open(sys.argv[2], "w").write("\n".join(rows) + "\n")
PY
expect 0 "kde with a bad date" "$hs" --no-progress kde "$tmp/pts_t.csv" -o "$tmp/kt.tif" --bandwidth 300 --x x --y y
grep -q "200 kept, 0 rejected" "$tmp/err" && ok || bad "kde keeps a row with a bad date ($(grep kept "$tmp/err"))"
expect 0 "kde with --period reads times" "$hs" --no-progress kde "$tmp/pts_t.csv" -o "$tmp/kt2.tif" --bandwidth 300 --x x --y y --period 2024-01-01..2024-12-31
grep -q "199 kept, 1 rejected" "$tmp/err" && ok || bad "kde with --period rejects the bad date ($(grep kept "$tmp/err"))"

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
