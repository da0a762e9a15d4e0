#!/bin/bash
# CLI cases of `hotspot moran`: a seeded synthetic point set in EPSG:3006 (a cluster on a uniform
# background); global Moran's I checked against an independent numpy computation (binary 500 m
# band, self excluded), the moran layer's rows and classes, repeatability with a seed, Clark-Evans
# R < 1 for clustered points, and usage errors.
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

"$HOTSPOT" moran "$tmp/pts.csv" -o "$tmp/a.gpkg" --distance 500 --permutations 199 --no-fdr >"$tmp/out" 2>"$tmp/err"
rc=$?
[ $rc -eq 0 ] && ok || ko "moran exit $rc: $(cat "$tmp/err")"
grep -q "moran layer, 1600 cells" "$tmp/out" && ok || ko "stdout: $(cat "$tmp/out")"
I=$(sed -n "s/^global Moran's I: \([-0-9.]*\) .*/\1/p" "$tmp/out")
$PY - "$tmp/pts.csv" "$I" <<'PYEOF' && ok || ko "global Moran's I $I differs from numpy"
import sys, math, numpy as np
pts = np.loadtxt(sys.argv[1], delimiter=",", skiprows=1)[:, 1:]
cell = 250.0
x0 = math.floor(pts[:, 0].min() / cell) * cell; y0 = math.floor(pts[:, 1].min() / cell) * cell
nx = int(round((math.floor(pts[:, 0].max() / cell) * cell + cell - x0) / cell))
ny = int(round((math.floor(pts[:, 1].max() / cell) * cell + cell - y0) / cell))
c = np.zeros(nx * ny)
for x, y in pts:
    c[int((y - y0) // cell) * nx + int((x - x0) // cell)] += 1
k = np.arange(nx * ny); cx = (k % nx) * cell; cy = (k // nx) * cell
W = (np.hypot(cx[:, None] - cx[None, :], cy[:, None] - cy[None, :]) <= 500 + 1e-6).astype(float)
np.fill_diagonal(W, 0)
z = c - c.mean()
I = len(c) / W.sum() * (z @ W @ z) / (z @ z)
assert abs(I - float(sys.argv[2])) < 5e-6, (I, sys.argv[2])
PYEOF
grep -Eq "^Clark-Evans R: 0\.[0-9]+ " "$tmp/out" && ok || ko "Clark-Evans R should be < 1: $(cat "$tmp/out")"
$PY - "$tmp/a.gpkg" <<'PYEOF' && ok || ko "moran layer content"
import sys
from osgeo import ogr
ds = ogr.Open(sys.argv[1]); lyr = ds.GetLayerByName("moran")
rows = [(f["cell_id"], f["cluster"], f["pseudo_p"], f["n"]) for f in lyr]
assert len(rows) == 1600
assert {r[1] for r in rows} <= {"HH", "LL", "HL", "LH", "not significant"}
hh = [r for r in rows if r[1] == "HH"]
assert hh and all(r[3] > 0 for r in hh), len(hh)
assert all(r[2] is None or 1 / 200 <= r[2] <= 1 for r in rows)
PYEOF
"$HOTSPOT" moran "$tmp/pts.csv" -o "$tmp/b.gpkg" --distance 500 --permutations 199 --no-fdr >/dev/null 2>&1 &&
    $PY - "$tmp/a.gpkg" "$tmp/b.gpkg" <<'PYEOF' && ok || ko "same seed gave another result"
import sys
from osgeo import ogr
da, db = ogr.Open(sys.argv[1]), ogr.Open(sys.argv[2])
a = [(f["cell_id"], f["pseudo_p"], f["cluster"]) for f in da.GetLayer("moran")]
b = [(f["cell_id"], f["pseudo_p"], f["cluster"]) for f in db.GetLayer("moran")]
assert a == b
PYEOF
"$HOTSPOT" moran "$tmp/pts.csv" -o "$tmp/f.gpkg" --distance 500 --permutations 99 >"$tmp/out" 2>"$tmp/err"
[ $? -eq 0 ] && grep -q "no cell passes FDR" "$tmp/err" && ok || ko "no FDR warning: $(cat "$tmp/err")"
"$HOTSPOT" moran "$tmp/pts.csv" -o "$tmp/c.gpkg" --permutations many >/dev/null 2>&1
[ $? -eq 2 ] && ok || ko "bad --permutations accepted"
"$HOTSPOT" moran "$tmp/pts.csv" -o "$tmp/a.gpkg" >/dev/null 2>&1
[ $? -eq 2 ] && ok || ko "existing output overwritten"

echo "$pass passed, $fail failed"
[ $fail -eq 0 ]
