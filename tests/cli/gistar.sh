#!/bin/bash
# CLI cases of `hotspot gistar`: a seeded synthetic point set in EPSG:3006 (a cluster on a uniform
# background) is analysed, and the gistar layer is checked against an independent brute-force Gi*
# and Benjamini-Hochberg in numpy (z to 1e-9, gi_bin exactly); the auto band is printed; usage
# errors give exit 2; --mask limits the observations; an existing output needs --overwrite.
set -u
: "${HOTSPOT:?set HOTSPOT to the built CLI}"
PY=/usr/bin/python3
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0
fail=0
ok() { pass=$((pass + 1)); }
ko() { fail=$((fail + 1)); echo "FAIL: $*"; }

$PY - "$tmp/pts.csv" <<'PYEOF'
import random, sys
random.seed(5)
with open(sys.argv[1], "w") as f:
    f.write("id,x,y\n")
    for i in range(400):
        if i < 150:
            x, y = random.gauss(330600, 300), random.gauss(6470400, 300)
        else:
            x, y = random.uniform(326000, 336000), random.uniform(6466000, 6476000)
        f.write("%d,%.1f,%.1f\n" % (i, x, y))
PYEOF

# 1. a given band: exit 0, summary on stdout, parameters on stderr
"$HOTSPOT" gistar "$tmp/pts.csv" -o "$tmp/a.gpkg" --cell 250 --distance 500 >"$tmp/out" 2>"$tmp/err"
rc=$?
[ $rc -eq 0 ] && ok || ko "gistar exit $rc: $(cat "$tmp/err")"
grep -q "gistar layer, 1600 cells" "$tmp/out" && ok || ko "stdout: $(cat "$tmp/out")"
grep -q "distance band: 500.0 m (given)" "$tmp/err" && ok || ko "band not printed: $(cat "$tmp/err")"
grep -q "alpha: 0.05" "$tmp/err" && ok || ko "alpha not printed"

# 2. the layer against an independent brute-force computation
$PY - "$tmp/pts.csv" "$tmp/a.gpkg" 500 <<'PYEOF' && ok || ko "layer differs from the numpy reference"
import sys, math, numpy as np
from osgeo import ogr
pts = np.loadtxt(sys.argv[1], delimiter=",", skiprows=1)[:, 1:]
band, cell = float(sys.argv[3]), 250.0
x0 = math.floor(pts[:, 0].min() / cell) * cell; y0 = math.floor(pts[:, 1].min() / cell) * cell
nx = int(round((math.floor(pts[:, 0].max() / cell) * cell + cell - x0) / cell))
ny = int(round((math.floor(pts[:, 1].max() / cell) * cell + cell - y0) / cell))
cnt = np.zeros(nx * ny)
for x, y in pts:
    cnt[int((y - y0) // cell) * nx + int((x - x0) // cell)] += 1
k = np.arange(nx * ny); cx = (k % nx + 0.5) * cell; cy = (k // nx + 0.5) * cell
d = np.hypot(cx[:, None] - cx[None, :], cy[:, None] - cy[None, :])
W = (d <= band + 1e-6).astype(float)
n = nx * ny; m = cnt.mean(); s = math.sqrt(((cnt - m) ** 2).sum() / n)
wi = W.sum(1); z = (W @ cnt - m * wi) / (s * np.sqrt((n * wi - wi ** 2) / (n - 1)))
p = np.array([math.erfc(abs(v) / math.sqrt(2)) for v in z])
o = np.argsort(p, kind="stable"); q = np.empty(n); run = 1.0
for r in range(n - 1, -1, -1):
    run = min(run, p[o[r]] * n / (r + 1)); q[o[r]] = run
b = np.where(q <= 0.01, 3, np.where(q <= 0.05, 2, np.where(q <= 0.10, 1, 0))) * np.sign(z)
ds = ogr.Open(sys.argv[2]); lyr = ds.GetLayerByName("gistar")
assert lyr.GetFeatureCount() == n, lyr.GetFeatureCount()
seen = 0
for f in lyr:
    i = int(round((f["y0"] - y0) / cell)) * nx + int(round((f["x0"] - x0) / cell))
    assert f["n"] == cnt[i], (i, f["n"], cnt[i])
    assert abs(f["gi_z"] - z[i]) <= 1e-9, (i, f["gi_z"], z[i])
    assert f["gi_bin"] == b[i], (i, f["gi_bin"], b[i])
    assert f["n_neighbours"] == wi[i]
    assert f["cell_id"] == "%06d%07d" % (f["x0"], f["y0"])
    seen += 1
assert seen == n and (b != 0).sum() > 10
PYEOF

# 3. auto band: printed with how it was chosen
"$HOTSPOT" gistar "$tmp/pts.csv" -o "$tmp/b.gpkg" >"$tmp/out" 2>"$tmp/err"
[ $? -eq 0 ] && grep -Eq "distance band: [0-9.]+ m \(auto: " "$tmp/err" && ok || ko "auto band: $(cat "$tmp/err")"

# 4. queen contiguity equals the band of sqrt(2) cells
"$HOTSPOT" gistar "$tmp/pts.csv" -o "$tmp/q.gpkg" --weights queen >/dev/null 2>&1 &&
    "$HOTSPOT" gistar "$tmp/pts.csv" -o "$tmp/r.gpkg" --distance 353.56 >/dev/null 2>&1 &&
    $PY - "$tmp/q.gpkg" "$tmp/r.gpkg" <<'PYEOF' && ok || ko "queen differs from a 353.56 m band"
import sys
from osgeo import ogr
da, db = ogr.Open(sys.argv[1]), ogr.Open(sys.argv[2])
a = {f["cell_id"]: (f["gi_z"], f["gi_bin"]) for f in da.GetLayer("gistar")}
b = {f["cell_id"]: (f["gi_z"], f["gi_bin"]) for f in db.GetLayer("gistar")}
assert a.keys() == b.keys() and all(abs(a[k][0] - b[k][0]) < 1e-12 and a[k][1] == b[k][1] for k in a)
PYEOF

# 5. usage errors: exit 2, named in the message
"$HOTSPOT" gistar "$tmp/pts.csv" -o "$tmp/a.gpkg" --distance 500 >/dev/null 2>"$tmp/err"
rc=$?
[ $rc -eq 2 ] && grep -q "overwrite" "$tmp/err" && ok || ko "existing output: exit $rc"
"$HOTSPOT" gistar "$tmp/pts.csv" -o "$tmp/c.gpkg" --distance fem >/dev/null 2>"$tmp/err"
rc=$?
[ $rc -eq 2 ] && grep -q "hotspot gistar: --distance" "$tmp/err" && ok || ko "bad distance: exit $rc"
"$HOTSPOT" gistar "$tmp/pts.csv" -o "$tmp/c.gpkg" --alpha 2 >/dev/null 2>&1
[ $? -eq 2 ] && ok || ko "bad alpha accepted"
"$HOTSPOT" gistar "$tmp/pts.csv" -o "$tmp/a.gpkg" --distance 500 --overwrite >/dev/null 2>&1
[ $? -eq 0 ] && ok || ko "--overwrite refused"
"$HOTSPOT" gistar "$tmp/missing.csv" -o "$tmp/d.gpkg" >/dev/null 2>&1
rc=$?
[ $rc -eq 1 ] || [ $rc -eq 3 ] && ok || ko "missing input: exit $rc"

# 6. --mask: only cells whose centre is inside the polygon are observations
cat >"$tmp/mask.geojson" <<'GJ'
{"type":"FeatureCollection","crs":{"type":"name","properties":{"name":"urn:ogc:def:crs:EPSG::3006"}},
 "features":[{"type":"Feature","properties":{"id":"w"},"geometry":{"type":"Polygon",
 "coordinates":[[[326000,6466000],[331000,6466000],[331000,6476000],[326000,6476000],[326000,6466000]]]}}]}
GJ
"$HOTSPOT" gistar "$tmp/pts.csv" -o "$tmp/m.gpkg" --distance 500 --mask "$tmp/mask.geojson" >"$tmp/out" 2>"$tmp/err"
rc=$?
[ $rc -eq 0 ] && grep -q "gistar layer, 800 cells" "$tmp/out" && ok || ko "mask: exit $rc $(cat "$tmp/out" "$tmp/err")"

echo "$pass passed, $fail failed"
[ $fail -eq 0 ]
