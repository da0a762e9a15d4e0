#!/bin/bash
# CLI cases of `hotspot nearrepeat`: seeded incidents over a year with planted near repeats (30 m
# and 2 days after an earlier one); the observed pair counts of the table are checked against an
# independent count in numpy, the planted band must have a Knox ratio > 1 and the smallest p, and
# the near_repeat layer holds one row per band pair.
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
random.seed(8)
d0 = datetime.date(2024, 1, 1)
with open(sys.argv[1], "w") as f:
    f.write("id,x,y,datum\n")
    for i in range(300):
        x, y = random.uniform(326000, 336000), random.uniform(6466000, 6476000)
        d = d0 + datetime.timedelta(days=random.randrange(0, 360))
        f.write("%d,%.1f,%.1f,%s 12:00\n" % (i, x, y, d.isoformat()))
        if i % 5 == 0:
            f.write("r%d,%.1f,%.1f,%s 12:00\n" % (i, x + 30, y, (d + datetime.timedelta(days=2)).isoformat()))
PYEOF

"$HOTSPOT" nearrepeat "$tmp/p.csv" --time datum -o "$tmp/a.gpkg" --distance-bands 100,200 --day-bands 7,14 --permutations 99 >"$tmp/out" 2>"$tmp/err"
rc=$?
[ $rc -eq 0 ] && ok || ko "nearrepeat exit $rc: $(cat "$tmp/err")"
$PY - "$tmp/p.csv" "$tmp/out" "$tmp/a.gpkg" <<'PYEOF' && ok || ko "table differs: $(cat "$tmp/out")"
import sys, csv, math, datetime
from osgeo import ogr
rows = list(csv.DictReader(open(sys.argv[1])))
pts = [(float(r["x"]), float(r["y"]), datetime.date.fromisoformat(r["datum"][:10]).toordinal()) for r in rows]
obs = [[0, 0], [0, 0]]
for i in range(len(pts)):
    for j in range(i + 1, len(pts)):
        d = math.hypot(pts[i][0] - pts[j][0], pts[i][1] - pts[j][1]); t = abs(pts[i][2] - pts[j][2])
        a = 0 if d <= 100 else (1 if d <= 200 else None)
        b = 0 if t <= 7 else (1 if t <= 14 else None)
        if a is not None and b is not None:
            obs[a][b] += 1
ds = ogr.Open(sys.argv[3]); lyr = ds.GetLayerByName("near_repeat")
got = {(f["dist_to"], f["days_to"]): (f["observed"], f["knox_ratio"], f["p"]) for f in lyr}
assert len(got) == 4, got
for (a, da) in enumerate((100, 200)):
    for (b, db) in enumerate((7, 14)):
        assert got[(da, db)][0] == obs[a][b], (da, db, got[(da, db)], obs[a][b])
assert obs[0][0] >= 60 and got[(100, 7)][1] > 5 and abs(got[(100, 7)][2] - 0.01) < 1e-12, got
PYEOF
"$HOTSPOT" nearrepeat "$tmp/p.csv" --time datum -o "$tmp/b.gpkg" --distance-bands 200,100 >/dev/null 2>&1
[ $? -eq 2 ] && ok || ko "descending bands accepted"

echo "$pass passed, $fail failed"
[ $fail -eq 0 ]
