#!/bin/bash
# CLI cases of `hotspot change` and `hotspot emerging` on seeded synthetic incidents over two years
# (uniform background plus a cluster that appears only in the last two months): change counts and
# p-values checked against an independent count and scipy's exact binomial test, the cluster found
# as increased; emerging finds the cluster as a new or consecutive hot spot and nothing cold.
set -u
: "${HOTSPOT:?set HOTSPOT to the built CLI}"
PY=/usr/bin/python3
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0
fail=0
ok() { pass=$((pass + 1)); }
ko() { fail=$((fail + 1)); echo "FAIL: $*"; }

$PY - "$tmp/p.csv" <<'PYEOF'
import random, sys, datetime
random.seed(3)
d0 = datetime.date(2023, 1, 1)
with open(sys.argv[1], "w") as f:
    f.write("id,x,y,datum\n")
    k = 0
    for i in range(1500):
        d = d0 + datetime.timedelta(days=random.randrange(0, 730))
        f.write("%d,%.1f,%.1f,%s 12:00\n" % (k, random.uniform(326000, 336000), random.uniform(6466000, 6476000), d.isoformat())); k += 1
    for i in range(120):
        d = datetime.date(2024, 11, 1) + datetime.timedelta(days=random.randrange(0, 60))
        f.write("%d,%.1f,%.1f,%s 12:00\n" % (k, random.gauss(333000, 200), random.gauss(6473000, 200), d.isoformat())); k += 1
PYEOF

"$HOTSPOT" change "$tmp/p.csv" --time datum -o "$tmp/c.gpkg" --split 2024-09-01 >"$tmp/out" 2>"$tmp/err"
rc=$?
[ $rc -eq 0 ] && ok || ko "change exit $rc: $(cat "$tmp/err")"
grep -q "A: 609 days, B: 121 days" "$tmp/err" && ok || ko "exposures: $(cat "$tmp/err")"
$PY - "$tmp/p.csv" "$tmp/c.gpkg" <<'PYEOF' && ok || ko "change layer differs from the reference"
import sys, csv, math, datetime
from osgeo import ogr
from scipy.stats import binomtest
rows = list(csv.DictReader(open(sys.argv[1])))
xs = [float(r["x"]) for r in rows]; ys = [float(r["y"]) for r in rows]
x0 = math.floor(min(xs) / 250) * 250; y0 = math.floor(min(ys) / 250) * 250
split = datetime.date(2024, 9, 1)
cnt = {}
for r, x, y in zip(rows, xs, ys):
    key = "%06d%07d" % (x0 + (x - x0) // 250 * 250, y0 + (y - y0) // 250 * 250)
    a, b = cnt.get(key, (0, 0))
    after = datetime.date.fromisoformat(r["datum"][:10]) >= split
    cnt[key] = (a + (not after), b + after)
ds = ogr.Open(sys.argv[2]); lyr = ds.GetLayerByName("change")
seen = 0; inc = 0
for f in lyr:
    a, b = cnt[f["cell_id"]]
    assert (f["n_a"], f["n_b"]) == (a, b), (f["cell_id"], f["n_a"], f["n_b"], a, b)
    want = binomtest(b, a + b, 121 / 730).pvalue
    assert abs(f["p"] - want) <= 1e-9 * max(want, 1e-300), (f["p"], want)
    inc += f["class"] == "increased"
    seen += 1
assert seen == len(cnt) and inc >= 3, (seen, len(cnt), inc)
PYEOF
"$HOTSPOT" change "$tmp/p.csv" --time datum -o "$tmp/d.gpkg" >/dev/null 2>&1
[ $? -eq 2 ] && ok || ko "change without --split or --weekend accepted"

"$HOTSPOT" emerging "$tmp/p.csv" --time datum -o "$tmp/e.gpkg" --cell 500 --step month --weights queen >"$tmp/out" 2>"$tmp/err"
rc=$?
[ $rc -eq 0 ] && grep -q "400 cells x 24 steps" "$tmp/out" && ok || ko "emerging exit $rc: $(cat "$tmp/out" "$tmp/err")"
$PY - "$tmp/e.gpkg" <<'PYEOF' && ok || ko "emerging categories"
import sys
from osgeo import ogr
ds = ogr.Open(sys.argv[1]); lyr = ds.GetLayerByName("emerging")
cats = {f["cell_id"]: f["category"] for f in lyr}
assert len(cats) == 400
centre = "%06d%07d" % (333000 // 500 * 500, 6473000 // 500 * 500)
assert cats[centre] in ("new hot spot", "consecutive hot spot"), cats[centre]
assert not any("cold" in c for c in cats.values())
PYEOF
"$HOTSPOT" emerging "$tmp/p.csv" --time datum -o "$tmp/f.gpkg" --step fortnight >/dev/null 2>&1
[ $? -eq 2 ] && ok || ko "bad --step accepted"

echo "$pass passed, $fail failed"
[ $fail -eq 0 ]
