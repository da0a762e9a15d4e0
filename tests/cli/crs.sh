#!/bin/bash
# CLI tests of coordinate systems beyond Sweden's and of tables with times only:
# 1. Chicago aggravated assaults of 2019 in UTM 16N (EPSG:26916, projected here with GDAL): `kde` and
#    `gistar` equal those of the same points moved rigidly into SWEREF 99 TM (+100 km E, +1 900 km N,
#    multiples of every cell size, so both grids align on the same points): same raster values, same
#    Gi* z and bins cell for cell, the outputs labelled EPSG:26916 resp. EPSG:3006; lon/lat input gets
#    the UTM zone of the data's centre (EPSG:32616), printed; a PROJ string and ESRI WKT resolve to
#    EPSG:26916 too.
# 2. The DC burglaries (Maryland state plane, US feet, EPSG:2248) with --crs EPSG:2248, and without
#    coordinate columns, give the hour x weekday table of tests/data/temporal/dcburglaries_ref.csv.
# 3. A complaint file in EPSG:3857 lands on the points (<= 0.01 m) and cells of its EPSG:3006 twin.
# 4. A shapefile whose CRS is known only from its .prj (ESRI WKT), and a FlatGeobuf in EPSG:3857.
# 5. `hotspot build` on a table with times only: the temporal table counts every row, the maps show
#    the kommun with a note and the report is drawn from the kommun's series and hour-of-week
#    table; [project] crs in degrees is refused; an unknown [input] crs names the file, section, key and string.
# 6. Errors: an unknown CRS names the string and the file (exit 2); a .prj PROJ cannot read names
#    the .prj; a working CRS in degrees is refused with the reason.
set -u
HOTSPOT=${HOTSPOT:?path of the hotspot CLI}
SRC=${HS_SOURCE_DIR:?}
DATA=${HS_SHARED_DATA:-../shared/data}
PY=/usr/bin/python3
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0
fail=0
ok() { pass=$((pass + 1)); echo "ok   $1"; }
ko() { fail=$((fail + 1)); echo "FAIL $1"; }
check() { if eval "$2"; then ok "$1"; else ko "$1"; fi; }

# 1. Chicago
if [ -f "$DATA/crime_open/chicago_aggravated_assaults.csv.gz" ]; then
  $PY - "$DATA/crime_open/chicago_aggravated_assaults.csv.gz" "$tmp" <<'PY'
import csv, gzip, sys
from osgeo import osr
src = osr.SpatialReference(); src.ImportFromEPSG(4326)
dst = osr.SpatialReference(); dst.ImportFromEPSG(26916)
for s in (src, dst):
    s.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
ct = osr.CoordinateTransformation(src, dst)
out = sys.argv[2]
with gzip.open(sys.argv[1], "rt") as f, open(out + "/chi_utm.csv", "w", newline="") as a, \
        open(out + "/chi_se.csv", "w", newline="") as b, open(out + "/chi_ll.csv", "w", newline="") as c:
    wa, wb, wc = csv.writer(a), csv.writer(b), csv.writer(c)
    for w in (wa, wb):
        w.writerow(["date", "x", "y"])
    wc.writerow(["date", "longitude", "latitude"])
    for r in csv.DictReader(f):
        if not r["date"].startswith("2019") or not r["longitude"] or not r["latitude"]:
            continue
        x, y, _ = ct.TransformPoint(float(r["longitude"]), float(r["latitude"]))
        x, y = round(x, 3), round(y, 3)
        wa.writerow([r["date"], "%.3f" % x, "%.3f" % y])
        wb.writerow([r["date"], "%.3f" % (x + 100000), "%.3f" % (y + 1900000)])
        wc.writerow([r["date"], r["longitude"], r["latitude"]])
esri = dst.Clone(); esri.MorphToESRI()
open(out + "/utm16.prj", "w").write(esri.ExportToWkt())
PY
  "$HOTSPOT" kde "$tmp/chi_utm.csv" --crs EPSG:26916 --cell 200 -o "$tmp/k_utm.tif" 2>"$tmp/k_utm.err"
  rc1=$?
  "$HOTSPOT" kde "$tmp/chi_se.csv" --cell 200 -o "$tmp/k_se.tif" 2>"$tmp/k_se.err"
  rc2=$?
  check "chicago kde exit 0 in both CRSs ($rc1, $rc2)" '[ $rc1 -eq 0 ] && [ $rc2 -eq 0 ]'
  check "chicago kde works in the input's own CRS" 'grep -q "working CRS EPSG:26916.*own projected CRS; grid cells aligned on multiples of the cell size" "$tmp/k_utm.err"'
  check "moved copy detected as SWEREF 99 TM" 'grep -q "CRS detected from the value ranges: EPSG:3006" "$tmp/k_se.err"'
  res=$($PY - "$tmp/k_utm.tif" "$tmp/k_se.tif" <<'PY'
import sys
from osgeo import gdal, osr
import numpy as np
a, b = gdal.Open(sys.argv[1]), gdal.Open(sys.argv[2])
ga, gb = a.GetGeoTransform(), b.GetGeoTransform()
sa, sb = a.GetSpatialRef(), b.GetSpatialRef()
va = a.GetRasterBand(1).ReadAsArray().astype(float)
vb = b.GetRasterBand(1).ReadAsArray().astype(float)
okg = abs(gb[0] - ga[0] - 100000) < 1e-6 and abs(gb[3] - ga[3] - 1900000) < 1e-6 and ga[1] == gb[1] == 200
okc = sa.GetAuthorityCode(None) == "26916" and sb.GetAuthorityCode(None) == "3006"
same = va.shape == vb.shape and np.nanmax(np.abs(va - vb)) <= 1e-6 * np.nanmax(np.abs(va)) and va.max() > 0
print("ok" if okg and okc and same else "bad grid=%s crs=%s values=%s" % (okg, okc, same))
PY
)
  check "chicago kde in EPSG:26916 equals the moved copy in EPSG:3006 ($res)" '[ "$res" = ok ]'

  "$HOTSPOT" gistar "$tmp/chi_utm.csv" --crs EPSG:26916 --cell 500 -o "$tmp/g_utm.gpkg" 2>"$tmp/g_utm.err"
  rc1=$?
  "$HOTSPOT" gistar "$tmp/chi_se.csv" --cell 500 -o "$tmp/g_se.gpkg" 2>"$tmp/g_se.err"
  rc2=$?
  check "chicago gistar exit 0 in both CRSs ($rc1, $rc2)" '[ $rc1 -eq 0 ] && [ $rc2 -eq 0 ]'
  res=$($PY - "$tmp/g_utm.gpkg" "$tmp/g_se.gpkg" <<'PY'
import sys
from osgeo import ogr
def cells(path, dx, dy):
    ds = ogr.Open(path)
    lyr = ds.GetLayerByName("gistar")
    srs = lyr.GetSpatialRef().GetAuthorityCode(None)
    out = {}
    for f in lyr:
        e = f.GetGeometryRef().GetEnvelope()
        out[(round(e[0] - dx), round(e[2] - dy))] = (f.GetField("gi_z"), f.GetField("gi_bin"), f.GetField("n"))
    meta = {r.GetField("key"): r.GetField("value") for r in ds.GetLayerByName("run")}
    return srs, out, meta
sa, a, ma = cells(sys.argv[1], 0, 0)
sb, b, mb = cells(sys.argv[2], 100000, 1900000)
same = a.keys() == b.keys() and len(a) > 1000 and all(
    abs(a[k][0] - b[k][0]) <= 1e-9 * max(1.0, abs(a[k][0])) and a[k][1] == b[k][1] and a[k][2] == b[k][2] for k in a)
hot = sum(1 for v in a.values() if v[1] == 3)
okm = ma["crs"] == "EPSG:26916" and mb["crs"] == "EPSG:3006" and \
    ma["grid_alignment"] == "multiples of the cell size in EPSG:26916" and mb["grid_alignment"] == "SCB grid (EPSG:3006)"
print("ok" if sa == "26916" and sb == "3006" and same and hot > 10 and okm else
      "bad srs=%s/%s same=%s hot=%d run=%s" % (sa, sb, same, hot, okm))
PY
)
  check "chicago gistar in EPSG:26916 equals the moved copy cell for cell ($res)" '[ "$res" = ok ]'

  "$HOTSPOT" kde "$tmp/chi_ll.csv" --crs EPSG:4326 --cell 200 -o "$tmp/k_ll.tif" 2>"$tmp/k_ll.err"
  check "lon/lat input: exit 0" '[ $? -eq 0 ]'
  check "lon/lat input: the UTM zone of the data's centre, printed" \
    'grep -q "working CRS EPSG:32616 (WGS 84 / UTM zone 16N): the UTM zone of the data" "$tmp/k_ll.err"'
  check "lon/lat input: raster in EPSG:32616" \
    '$PY -c "from osgeo import gdal; import sys; sys.exit(0 if gdal.Open(\"$tmp/k_ll.tif\").GetSpatialRef().GetAuthorityCode(None) == \"32616\" else 1)"'

  "$HOTSPOT" kde "$tmp/chi_utm.csv" --crs "+proj=utm +zone=16 +datum=NAD83 +units=m +no_defs" --cell 200 \
    -o "$tmp/k_proj.tif" 2>"$tmp/k_proj.err"
  check "a PROJ string resolves to EPSG:26916" '[ $? -eq 0 ] && grep -q "working EPSG:26916" "$tmp/k_proj.err"'
  cp "$tmp/utm16.prj" "$tmp/chi_side.prj"
  cp "$tmp/chi_utm.csv" "$tmp/chi_side.csv"
  "$HOTSPOT" kde "$tmp/chi_side.csv" --cell 200 -o "$tmp/k_side.tif" 2>"$tmp/k_side.err"
  check "a CSV with an ESRI .prj beside it: EPSG:26916 without --crs" \
    '[ $? -eq 0 ] && grep -q "CRS from .*chi_side.prj: EPSG:26916" "$tmp/k_side.err" && cmp -s <(gdalinfo -stats "$tmp/k_side.tif" | grep -E "Origin|STATISTICS_M") <(gdalinfo -stats "$tmp/k_utm.tif" | grep -E "Origin|STATISTICS_M")'
  "$HOTSPOT" kde "$tmp/chi_utm.csv" --crs EPSG:26916 --work-crs ESRI:102003 --cell 200 \
    -o "$tmp/k_albers.tif" 2>"$tmp/k_albers.err"
  check "an ESRI working CRS: raster labelled with it" \
    '[ $? -eq 0 ] && gdalinfo "$tmp/k_albers.tif" | grep -q "USA_Contiguous_Albers_Equal_Area_Conic"'
else
  echo "skip chicago (no shared data)"
fi

# 2. DC burglaries in US feet, and the same table without coordinates
if [ -f "$DATA/crime_aoristic/dcburglaries.csv" ]; then
  cut -d, -f3- "$DATA/crime_aoristic/dcburglaries.csv" >"$tmp/dc_times.csv"
  compare_ref() {
    $PY - "$1" "$SRC/tests/data/temporal/dcburglaries_ref.csv" <<'PY'
import csv, sys
got = {(int(r["weekday"]), int(r["hour"])): float(r["weight"]) for r in csv.DictReader(open(sys.argv[1]))
       if r["unit_id"] == "alla"}
ref = {}
for r in csv.DictReader(open(sys.argv[2])):
    for d, k in enumerate(["mon", "tue", "wed", "thu", "fri", "sat", "sun"]):
        ref[(d + 1, int(r["hour"]))] = float(r[k])
print(max(abs(got.get(k, 1e9) - v) for k, v in ref.items()) if len(got) == 168 else 1e9)
PY
  }
  "$HOTSPOT" temporal "$DATA/crime_aoristic/dcburglaries.csv" --crs EPSG:2248 --from StartDateTime \
    --to EndDateTime --tz UTC -o "$tmp/dc_ft.csv" 2>"$tmp/dc_ft.err"
  rc=$?
  check "dc --crs EPSG:2248: exit 0" '[ $rc -eq 0 ]'
  [ $rc -eq 0 ] || cat "$tmp/dc_ft.err"
  check "dc --crs EPSG:2248: no row rejected, all reprojected from US feet" \
    'grep -q "1025 rows read, 1025 kept, 0 rejected, 0 swapped, 1025 reprojected (EPSG:2248 -> NAD83 / Maryland (ftUS), in metres)" "$tmp/dc_ft.err"'
  d=$(compare_ref "$tmp/dc_ft.csv")
  check "dc --crs EPSG:2248 equals the R aoristic table (max diff $d)" "$PY -c 'import sys; sys.exit(0 if $d < 5e-4 else 1)'"
  "$HOTSPOT" temporal "$tmp/dc_times.csv" --from StartDateTime --to EndDateTime --tz UTC \
    -o "$tmp/dc_t.csv" 2>"$tmp/dc_t.err"
  rc=$?
  check "dc without coordinates: exit 0" '[ $rc -eq 0 ]'
  d=$(compare_ref "$tmp/dc_t.csv")
  check "dc without coordinates equals the R aoristic table (max diff $d)" "$PY -c 'import sys; sys.exit(0 if $d < 5e-4 else 1)'"
  check "dc without coordinates: the log says where the rows counted" \
    'grep -q "1025 rows counted: 0 in kommun units, 1025 in .alla.; 1025 of them without a usable place" "$tmp/dc_t.err"'
  "$HOTSPOT" temporal "$DATA/crime_aoristic/dcburglaries.csv" --from StartDateTime --to EndDateTime \
    --tz UTC -o "$tmp/dc_nocrs.csv" 2>"$tmp/dc_nocrs.err"
  check "dc with coordinates of no Swedish CRS and no --crs: rows keep their times" \
    '[ $? -eq 0 ] && cmp -s "$tmp/dc_nocrs.csv" "$tmp/dc_t.csv" && grep -q "1025 rows kept without a usable place" "$tmp/dc_nocrs.err"'
  # a kommun column: rows without coordinates count in their kommun
  $PY - "$tmp/dc_times.csv" "$tmp/dc_kommun.csv" <<'PY'
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1])))
with open(sys.argv[2], "w", newline="") as f:
    w = csv.writer(f)
    w.writerow(["kommun", "x", "y", "from", "to"])
    for i, r in enumerate(rows):
        w.writerow(["1487" if i % 2 else "1488", "" if i % 3 else "abc", "", r["StartDateTime"], r["EndDateTime"]])
PY
  "$HOTSPOT" temporal "$tmp/dc_kommun.csv" --from from --to to --tz UTC \
    -o "$tmp/dc_k.csv" 2>"$tmp/dc_k.err"
  check "times with a kommun column: one table per kommun, none lost" \
    '[ $? -eq 0 ] && [ $(grep -c "^1487," "$tmp/dc_k.csv") -eq 168 ] && [ $(grep -c "^1488," "$tmp/dc_k.csv") -eq 168 ] && grep -q "1025 rows counted: 1025 in kommun units, 0 in .alla." "$tmp/dc_k.err"'
else
  echo "skip dc (no shared data)"
fi

# 3. a complaint file in web-map coordinates (EPSG:3857) and its SWEREF 99 TM twin
$PY - "$tmp" <<'PY'
import csv, random, sys
from osgeo import osr
random.seed(17)
a = osr.SpatialReference(); a.ImportFromEPSG(3006)
b = osr.SpatialReference(); b.ImportFromEPSG(3857)
for s in (a, b):
    s.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
ct = osr.CoordinateTransformation(a, b)
with open(sys.argv[1] + "/c3006.csv", "w", newline="") as f, open(sys.argv[1] + "/c3857.csv", "w", newline="") as g:
    wf, wg = csv.writer(f), csv.writer(g)
    for w in (wf, wg):
        w.writerow(["id", "x", "y", "datum"])
    for i in range(300):
        x, y = round(random.uniform(340000, 346000), 2), round(random.uniform(6470000, 6476000), 2)
        X, Y, _ = ct.TransformPoint(x, y)
        wf.writerow([i + 1, "%.2f" % x, "%.2f" % y, "2024-05-%02d 12:00" % (1 + i % 28)])
        wg.writerow([i + 1, "%.4f" % X, "%.4f" % Y, "2024-05-%02d 12:00" % (1 + i % 28)])
PY
"$HOTSPOT" ingest "$tmp/c3006.csv" --kind complaint -o "$tmp/c3006.gpkg" 2>"$tmp/c3006.err"
rc1=$?
"$HOTSPOT" ingest "$tmp/c3857.csv" --kind complaint --crs EPSG:3857 -o "$tmp/c3857.gpkg" 2>"$tmp/c3857.err"
rc2=$?
check "3857 twin: exit 0 ($rc1, $rc2)" '[ $rc1 -eq 0 ] && [ $rc2 -eq 0 ]'
check "3857 input in Sweden: working CRS SWEREF 99 TM" 'grep -q "working CRS EPSG:3006 (SWEREF99 TM): the data lie in Sweden; grid cells on SCB.s grid" "$tmp/c3857.err"'
res=$($PY - "$tmp/c3006.gpkg" "$tmp/c3857.gpkg" <<'PY'
import sys
from osgeo import ogr
def pts(p):
    ds = ogr.Open(p)
    lyr = ds.GetLayerByName("incidents")
    return lyr.GetSpatialRef().GetAuthorityCode(None), {f.GetField("id"): (f.GetGeometryRef().GetX(), f.GetGeometryRef().GetY()) for f in lyr}
sa, a = pts(sys.argv[1]); sb, b = pts(sys.argv[2])
d = max(max(abs(a[k][0] - b[k][0]), abs(a[k][1] - b[k][1])) for k in a) if a.keys() == b.keys() else 1e9
cells = all((int(a[k][0] // 250), int(a[k][1] // 250)) == (int(b[k][0] // 250), int(b[k][1] // 250)) for k in a)
print("ok %.4f" % d if sa == sb == "3006" and len(a) == 300 and d <= 0.01 and cells else "bad %s %s %g %s" % (sa, sb, d, cells))
PY
)
check "3857 complaints land on the 3006 twin's points within 0.01 m and on its cells ($res)" '[ "${res%% *}" = ok ]'
"$HOTSPOT" grid "$tmp/c3006.csv" --cell 250 -o "$tmp/grid3006.gpkg" 2>/dev/null
"$HOTSPOT" grid "$tmp/c3857.csv" --crs EPSG:3857 --cell 250 -o "$tmp/grid3857.gpkg" 2>/dev/null
check "3857 twin: the same cell counts" \
  'cmp -s <(ogrinfo -q "$tmp/grid3006.gpkg" -sql "SELECT cell_id, n FROM grid ORDER BY cell_id" | grep -E "cell_id|n \(") <(ogrinfo -q "$tmp/grid3857.gpkg" -sql "SELECT cell_id, n FROM grid ORDER BY cell_id" | grep -E "cell_id|n \(") && [ $(ogrinfo -q "$tmp/grid3006.gpkg" -sql "SELECT count(*) AS c FROM grid" | grep -c "c (Integer) = [1-9]") -eq 1 ]'

# 4. a shapefile whose CRS is only in its .prj (ESRI WKT, no authority code)
$PY - "$tmp" <<'PY'
import sys
from osgeo import ogr, osr
srs = osr.SpatialReference(); srs.ImportFromEPSG(32633)
drv = ogr.GetDriverByName("ESRI Shapefile")
ds = drv.CreateDataSource(sys.argv[1] + "/pts.shp")
lyr = ds.CreateLayer("pts", srs, ogr.wkbPoint)
lyr.CreateField(ogr.FieldDefn("id", ogr.OFTInteger))
lyr.CreateField(ogr.FieldDefn("datum", ogr.OFTString))
for i in range(20):
    f = ogr.Feature(lyr.GetLayerDefn())
    f.SetField("id", i)
    f.SetField("datum", "2024-06-%02d 10:00" % (i + 1))
    g = ogr.Geometry(ogr.wkbPoint); g.AddPoint_2D(500000 + 100 * i, 6600000 + 50 * i)
    f.SetGeometry(g); lyr.CreateFeature(f)
ds = None
esri = srs.Clone(); esri.MorphToESRI()
open(sys.argv[1] + "/pts.prj", "w").write(esri.ExportToWkt())
PY
rm -f "$tmp/pts.cpg" "$tmp/pts.qpj"
check "shapefile: only .shp .shx .dbf .prj" '[ "$(cd "$tmp" && ls pts.* | tr "\n" " ")" = "pts.dbf pts.prj pts.shp pts.shx " ] && ! grep -q AUTHORITY "$tmp/pts.prj"'
"$HOTSPOT" ingest "$tmp/pts.shp" -o "$tmp/pts.gpkg" 2>"$tmp/pts.err"
check "shapefile with a .prj: exit 0" '[ $? -eq 0 ]'
check "shapefile with a .prj: CRS of the geometry EPSG:32633" 'grep -q "CRS of the geometry: EPSG:32633" "$tmp/pts.err"'
res=$($PY - "$tmp/pts.gpkg" <<'PY'
import sys
from osgeo import ogr, osr
ds = ogr.Open(sys.argv[1])
lyr = ds.GetLayerByName("incidents")
a = osr.SpatialReference(); a.ImportFromEPSG(32633)
b = osr.SpatialReference(); b.ImportFromEPSG(3006)
for s in (a, b):
    s.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
ct = osr.CoordinateTransformation(a, b)
d = 0.0
n = 0
for f in lyr:
    i = int(f.GetField("id"))
    x, y, _ = ct.TransformPoint(500000 + 100 * i, 6600000 + 50 * i)
    g = f.GetGeometryRef()
    d = max(d, abs(g.GetX() - x), abs(g.GetY() - y))
    n += 1
print("ok" if n == 20 and d < 0.01 and lyr.GetSpatialRef().GetAuthorityCode(None) == "3006" else "bad %d %g" % (n, d))
PY
)
check "shapefile with a .prj: points moved into SWEREF 99 TM ($res)" '[ "$res" = ok ]'

# a FlatGeobuf in web-map coordinates carries its CRS too
$PY - "$tmp" <<'PY'
import sys
from osgeo import ogr, osr
a = osr.SpatialReference(); a.ImportFromEPSG(3006)
b = osr.SpatialReference(); b.ImportFromEPSG(3857)
for s in (a, b):
    s.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
ct = osr.CoordinateTransformation(a, b)
ds = ogr.GetDriverByName("FlatGeobuf").CreateDataSource(sys.argv[1] + "/web.fgb")
lyr = ds.CreateLayer("web", b, ogr.wkbPoint)
lyr.CreateField(ogr.FieldDefn("id", ogr.OFTInteger))
lyr.CreateField(ogr.FieldDefn("datum", ogr.OFTString))
for i in range(10):
    f = ogr.Feature(lyr.GetLayerDefn())
    f.SetField("id", i)
    f.SetField("datum", "2024-06-%02d 10:00" % (i + 1))
    X, Y, _ = ct.TransformPoint(345000 + 100 * i, 6480000 + 100 * i)
    g = ogr.Geometry(ogr.wkbPoint); g.AddPoint_2D(X, Y)
    f.SetGeometry(g); lyr.CreateFeature(f)
ds = None
PY
"$HOTSPOT" ingest "$tmp/web.fgb" -o "$tmp/web.gpkg" 2>"$tmp/web.err"
check "FlatGeobuf in EPSG:3857: its CRS used, points in SWEREF 99 TM" \
  '[ $? -eq 0 ] && grep -q "CRS of the geometry: EPSG:3857" "$tmp/web.err" && $PY -c "
from osgeo import ogr
ds = ogr.Open(\"$tmp/web.gpkg\")
l = ds.GetLayerByName(\"incidents\")
d = max(max(abs(f.GetGeometryRef().GetX() - 345000 - 100 * int(f.GetField(\"id\"))), abs(f.GetGeometryRef().GetY() - 6480000 - 100 * int(f.GetField(\"id\")))) for f in l)
raise SystemExit(0 if d < 0.01 and l.GetFeatureCount() == 10 else 1)"'

# 5. `hotspot build` on a police extract with times only (the sample's, coordinates and addresses cut)
src=$SRC/samples/exempelstad
mkdir "$tmp/bt"
cp "$src/kommun.geojson" "$src/brottskoder.csv" "$tmp/bt/"
cut -d';' -f1-8 "$src/polisutdrag_2024_2025.csv" >"$tmp/bt/polis.csv"
cat >"$tmp/bt/hotspot.ini" <<'INI'
[project]
name = Tider
kommun = 9999
boundary = kommun.geojson
period = 2024-01-01..2025-12-31
[input polis]
path = polis.csv
kind = incident
id = Diarienummer
code = Brottskod
from = Händelsedatum från
from_time = Händelsetid från
to = Händelsedatum till
to_time = Händelsetid till
categories = brottskoder.csv
[output]
gpkg = ut/tider.gpkg
maps = ut/kartor
report = ut/rapport.pdf
INI
"$HOTSPOT" --no-progress build "$tmp/bt/hotspot.ini" >"$tmp/bt/out" 2>"$tmp/bt/err"
rc=$?
check "build on times only: exit 0 (rc $rc)" '[ $rc -eq 0 ]'
[ $rc -eq 0 ] || tail -5 "$tmp/bt/err"
res=$($PY - "$tmp/bt/ut/tider.gpkg" "$tmp/bt/polis.csv" <<'PY'
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
rows = sum(1 for _ in open(sys.argv[2], encoding="utf-8-sig")) - 1
other = db.execute("SELECT count(*) FROM rejects WHERE reason <> 'missing_coordinates'").fetchone()[0]
unplaced = db.execute("SELECT count(*) FROM rejects WHERE reason = 'missing_coordinates'").fetchone()[0]
units = db.execute("SELECT DISTINCT unit_id FROM temporal").fetchall()
total = db.execute("SELECT sum(weight) FROM temporal WHERE unit_id = '9999'").fetchone()[0]
ok = units == [("9999",)] and abs(total - (rows - other)) < 1e-6 and unplaced == rows - other and other < 50
print("ok" if ok else "bad units=%s total=%s rows=%d other=%d unplaced=%d" % (units, total, rows, other, unplaced))
PY
)
check "build on times only: the kommun's hour x weekday table counts every row with a time ($res)" '[ "$res" = ok ]'
check "build on times only: the log says what was left out" 'grep -q "no incident has a usable place" "$tmp/bt/err"'
check "build on times only: a report from the kommun's series, saying why its maps are empty" \
  'grep -q "^report" "$tmp/bt/out" && pdftotext "$tmp/bt/ut/rapport.pdf" - | tr "\n" " " |
   grep -q "0 av 3934 händelser .*Ingen händelse har en plats noggrannare än kommunen: kartorna visar bara kommunen"'
check "build on times only: the maps show the kommun and say why they are empty" \
  'pdftotext "$tmp/bt/ut/kartor/gistar.pdf" - | tr "\n" " " | grep -q "Ingen händelse har en plats noggrannare än kommunen"'
check "build on times only: the log says how many rows counted where" \
  'grep -q "temporal: 3934 incidents in the kommun.s table (9999), 3934 of them without a place" "$tmp/bt/err"'
# with places, rows kept only for their times still count against max_rejects
$PY - "$src/polisutdrag_2024_2025.csv" "$tmp/bt/halv.csv" <<'PY'
import csv, sys
rows = list(csv.reader(open(sys.argv[1], encoding="utf-8-sig", newline=""), delimiter=";"))
with open(sys.argv[2], "w", newline="", encoding="utf-8") as f:
    w = csv.writer(f, delimiter=";")
    for i, r in enumerate(rows):
        keep = r[:8] + r[9:11]
        if i and i % 2:
            keep[8] = keep[9] = ""
        w.writerow(keep)
PY
sed 's/^path = polis.csv$/path = halv.csv\ncrs = EPSG:3006\nx = X-koordinat\ny = Y-koordinat\nmax_rejects = 5%/' \
  "$tmp/bt/hotspot.ini" >"$tmp/bt/halv.ini"
"$HOTSPOT" --no-progress build "$tmp/bt/halv.ini" >/dev/null 2>"$tmp/bt/err_halv"
rc=$?
check "half the rows without a place: max_rejects 5% still stops the build (rc $rc)" \
  '[ $rc -eq 1 ] && grep -q "rows rejected or without a usable place" "$tmp/bt/err_halv"'
sed -i 's/^period = .*/&\ncrs = EPSG:4326/' "$tmp/bt/hotspot.ini"
"$HOTSPOT" --no-progress build "$tmp/bt/hotspot.ini" >/dev/null 2>"$tmp/bt/err2"
rc=$?
check "[project] crs in degrees refused, naming the file and key (rc $rc)" \
  '[ $rc -ne 0 ] && grep -q "hotspot.ini: \[project\] crs: EPSG:4326 (WGS 84) is in degrees" "$tmp/bt/err2"'

sed -i 's/^crs = EPSG:4326$/crs = auto/; s/^kind = incident$/&\ncrs = EPSG:999999/' "$tmp/bt/hotspot.ini"
"$HOTSPOT" --no-progress build "$tmp/bt/hotspot.ini" >/dev/null 2>"$tmp/bt/err3"
rc=$?
check "[input] crs unknown: names the file, section, key and string (rc $rc)" \
  '[ $rc -ne 0 ] && grep -q "hotspot.ini: \[input polis\] crs: .EPSG:999999. is not a CRS PROJ knows" "$tmp/bt/err3"'

# 6. errors
printf 'x,y,datum\n345000,6480000,2024-01-01\n' >"$tmp/one.csv"
"$HOTSPOT" ingest "$tmp/one.csv" --crs EPSG:999999 -o "$tmp/e1.gpkg" 2>"$tmp/e1.err"
rc=$?
check "unknown EPSG code: exit 2, names the string and the file (rc $rc)" \
  '[ $rc -eq 2 ] && grep -q "EPSG:999999" "$tmp/e1.err" && grep -q "one.csv" "$tmp/e1.err" && grep -q "not a CRS PROJ knows" "$tmp/e1.err"'
"$HOTSPOT" kde "$tmp/one.csv" --crs "SWEREF99 TMX" -o "$tmp/e2.tif" 2>"$tmp/e2.err"
rc=$?
check "unknown CRS name: exit 2, names it" '[ $rc -eq 2 ] && grep -q "SWEREF99 TMX" "$tmp/e2.err" && grep -q "one.csv" "$tmp/e2.err"'
printf 'PROJCS["broken",GEOGCS[' >"$tmp/bad.prj"
cp "$tmp/one.csv" "$tmp/bad.csv"
"$HOTSPOT" ingest "$tmp/bad.csv" -o "$tmp/e3.gpkg" 2>"$tmp/e3.err"
rc=$?
check "unreadable .prj: exit 1, names the .prj (rc $rc)" '[ $rc -eq 1 ] && grep -q "bad.prj" "$tmp/e3.err"'
"$HOTSPOT" ingest "$tmp/one.csv" --work-crs EPSG:4326 -o "$tmp/e4.gpkg" 2>"$tmp/e4.err"
rc=$?
check "a working CRS in degrees is refused with the reason (rc $rc)" \
  '[ $rc -eq 2 ] && grep -q "EPSG:4326.*in degrees: the working CRS must be projected, in metres" "$tmp/e4.err"'
"$HOTSPOT" ingest "$tmp/one.csv" --work-crs EPSG:2248 -o "$tmp/e5.gpkg" 2>"$tmp/e5.err"
check "a working CRS in feet is refused" '[ $? -eq 2 ] && grep -q "must be in metres" "$tmp/e5.err"'
check "no output after an error" '[ ! -e "$tmp/e1.gpkg" ] && [ ! -e "$tmp/e3.gpkg" ] && [ ! -e "$tmp/e4.gpkg" ]'
"$HOTSPOT" kde --help >"$tmp/help.txt" 2>&1
check "--help says what --crs accepts" 'grep -q "EPSG:N, ESRI:N, OGC:CRS84, WKT, a PROJ string" "$tmp/help.txt"'

echo "crs: $pass passed, $fail failed"
[ $fail -eq 0 ]
