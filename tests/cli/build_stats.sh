#!/bin/bash
# `hotspot build` of a copy of samples/exempelstad: the space-time statistics layers. Checks that
# `emerging`, `change` and `near_repeat` exist with their fields; that the emerging cells and
# their counts are the Gi* cells' (an independent count path); that change counts per cell sum to
# the incidents of each half of the project period counted here from the incidents layer (local
# dates, local precision, Gi* cells); that the Knox observed pair counts equal a brute-force count
# over the burglaries of the incidents layer, with sensible ratios and p-values; that the parameters are recorded,
# the steps logged and the report carries the near-repeat section; [change] periods and
# [compare] keys from the project file; a one-month period skips emerging with a log line.
set -u
: "${HOTSPOT:?set HOTSPOT to the built CLI}"
: "${HS_SOURCE_DIR:?set HS_SOURCE_DIR}"
PY=/usr/bin/python3
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0
fail=0
ok() { pass=$((pass + 1)); }
ko() { fail=$((fail + 1)); echo "FAIL: $*"; }

src="$HS_SOURCE_DIR/samples/exempelstad"
cp "$src"/hotspot.ini "$src"/*.csv "$src"/*.geojson "$tmp"/
"$HOTSPOT" build "$tmp/hotspot.ini" >"$tmp/out" 2>"$tmp/err"
rc=$?
[ $rc -eq 0 ] && ok || ko "build exit $rc: $(tail -5 "$tmp/err")"
g="$tmp/ut/exempelstad.gpkg"
for s in "emerging: " "change: A 365 days" "near_repeat: " ; do
    grep -q "$s" "$tmp/err" && ok || ko "no log line '$s'"
done

$PY - "$g" <<'PYEOF' && ok || ko "layers, fields or contents"
import sys, math, datetime
from osgeo import ogr
import numpy as np
ds = ogr.Open(sys.argv[1])
def fields(name):
    l = ds.GetLayerByName(name)
    assert l is not None, "no layer " + name
    d = l.GetLayerDefn()
    return l, [d.GetFieldDefn(i).GetName() for i in range(d.GetFieldCount())]
bad = []
def check(cond, msg):
    if not cond:
        bad.append(msg)

le, fe = fields("emerging")
check(fe == ["cell_id", "x0", "y0", "size", "n", "category", "category_code", "trend_z", "trend_p"], "emerging fields %s" % fe)
lc, fc = fields("change")
check(fc == ["cell_id", "x0", "y0", "size", "n_a", "n_b", "ratio", "p", "q", "class"], "change fields %s" % fc)
lk, fk = fields("near_repeat")
check(fk == ["dist_from", "dist_to", "days_from", "days_to", "observed", "expected", "knox_ratio", "p"], "near_repeat fields %s" % fk)
check(lk.GetGeomType() == ogr.wkbNone, "near_repeat has a geometry")

gi = {f["cell_id"]: f["n"] for f in ds.GetLayerByName("gistar")}
em = {f["cell_id"]: (f["n"], f["category"], f["category_code"], f["trend_p"]) for f in le}
check(set(em) == set(gi), "emerging cells %d != gistar cells %d" % (len(em), len(gi)))
check(all(em[c][0] == gi[c] for c in em if c in gi), "emerging n differs from gistar n")
codes = [v[2] for v in em.values()]
check(all(-8 <= c <= 8 for c in codes), "category codes out of range")
check(any(c > 0 for c in codes), "no emerging hot spot in a town with Gi* hot spots")
check(all(v[3] is None or 0 <= v[3] <= 1 for v in em.values()), "trend_p out of [0,1]")

# halves of 2024-01-01..2025-12-31 (731 days): A = 365 days from 2024-01-01, B the rest
split = datetime.date(2024, 1, 1) + datetime.timedelta(days=365)
local = {"exact", "address", "street", "intersection", "place", "postcode"}
na = nb = 0
pts = []
for f in ds.GetLayerByName("incidents"):
    t = f.GetFieldAsString("t_from")
    if not t or f["precision"] not in local:
        continue
    day = datetime.date(int(t[0:4]), int(t[5:7]), int(t[8:10]))  # stored with its local offset
    geom = f.GetGeometryRef()
    if f["category"] == "inbrott":  # near repeats are measured on burglary by default
        pts.append((geom.GetX(), geom.GetY(), day.toordinal()))
    if f["cell_id"] in gi:
        if day < split:
            na += 1
        else:
            nb += 1
ch = [(f["cell_id"], f["n_a"], f["n_b"], f["ratio"], f["p"], f["class"]) for f in lc]
sa = sum(r[1] for r in ch); sb = sum(r[2] for r in ch)
check((sa, sb) == (na, nb), "change sums A %d B %d, counted here %d %d" % (sa, sb, na, nb))
check(all(r[1] + r[2] == gi.get(r[0], -1) for r in ch), "n_a + n_b differs from the gistar n")
check(len(ch) == sum(1 for v in gi.values() if v > 0), "change rows are not the cells with incidents")
check(all(0 <= r[4] <= 1 for r in ch), "change p out of [0,1]")
check(all(r[5] in ("no significant change", "increased", "decreased", "too few incidents") for r in ch), "change classes")
for r in ch:
    if r[1] > 0:
        want = (r[2] / 366.0) / (r[1] / 365.0)
        if abs(r[3] - want) > 1e-9 * max(1, want):
            check(False, "ratio of %s %g, want %g" % (r[0], r[3], want)); break

rows = [(f["dist_from"], f["dist_to"], f["days_from"], f["days_to"], f["observed"], f["expected"], f["knox_ratio"], f["p"]) for f in lk]
check(len(rows) == 9, "near_repeat has %d rows" % len(rows))
check([r[1] for r in rows] == [100, 100, 100, 200, 200, 200, 400, 400, 400], "distance bands")
check([r[3] for r in rows] == [7, 14, 28] * 3, "day bands")
# brute force: pairs i < j by distance band (e[k-1] < d <= e[k], band 0 from 0) and day band
P = np.array(pts, dtype=float)
obs = np.zeros((3, 3), dtype=np.int64)
de = np.array([100.0, 200.0, 400.0]); te = np.array([7.0, 14.0, 28.0])
for i in range(len(P) - 1):
    dx = P[i + 1:, 0] - P[i, 0]; dy = P[i + 1:, 1] - P[i, 1]
    d = np.sqrt(dx * dx + dy * dy); dt = np.abs(P[i + 1:, 2] - P[i, 2])
    m = (d <= 400) & (dt <= 28)
    bi = np.searchsorted(de, d[m], side="left"); bj = np.searchsorted(te, dt[m], side="left")
    np.add.at(obs, (bi, bj), 1)
check([r[4] for r in rows] == list(obs.ravel()), "observed %s, brute force %s" % ([r[4] for r in rows], list(obs.ravel())))
for r in rows:
    check(r[5] > 0 and abs(r[6] - r[4] / r[5]) < 1e-9 * r[6], "knox_ratio is not observed/expected")
    check(0.5 < r[6] < 2, "implausible Knox ratio %g" % r[6])
    check(1.0 / 200 - 1e-12 <= r[7] <= 1, "p %g outside [1/(R+1), 1]" % r[7])

run = {f["key"]: f["value"] for f in ds.GetLayerByName("run")}
for k, v in [("emerging_step", "month"), ("emerging_steps", "24"), ("change_days_a", "365"),
             ("change_days_b", "366"), ("near_repeat_distance_bands_m", "100,200,400"),
             ("near_repeat_day_bands", "7,14,28"), ("near_repeat_permutations", "199"),
             ("near_repeat_seed", "20240601"), ("near_repeat_categories", "inbrott"),
             ("near_repeat_method", "permutation"), ("near_repeat_sample", "1")]:
    check(run.get(k) == v, "run %s = %s, want %s" % (k, run.get(k), v))
if bad:
    print("\n".join(bad))
    sys.exit(1)
PYEOF

pdftotext "$tmp/ut/lagesbild_exempelstad.pdf" - 2>/dev/null | grep -q "Närupprepning" && ok ||
    ko "the report has no near-repeat section"
pdftotext "$tmp/ut/lagesbild_exempelstad.pdf" - 2>/dev/null | tr '\n' ' ' | grep -q "Par av lägesbestämda brott (inbrott) efter avstånd" && ok ||
    ko "the report's near-repeat text does not name the categories measured"
pdftotext -layout "$tmp/ut/lagesbild_exempelstad.pdf" - 2>/dev/null | grep -q "0–100 m" && ok ||
    ko "the report's near-repeat table has no distance band label"

# [change] periods from the project file win over the halves; [compare] seed/permutations apply
cat >>"$tmp/hotspot.ini" <<'INI'

[change]
before = 2024-03-01..2024-05-31
after = 2025-03-01..2025-05-31

[compare]
permutations = 49
seed = 7
INI
"$HOTSPOT" build "$tmp/hotspot.ini" >"$tmp/out2" 2>"$tmp/err2"
rc=$?
[ $rc -eq 0 ] && ok || ko "second build exit $rc: $(tail -5 "$tmp/err2")"
grep -q "change: A 92 days (.*), B 92 days (.*) (\[change\] periods)" "$tmp/err2" && ok ||
    ko "given periods: $(grep 'change:' "$tmp/err2")"
$PY - "$g" <<'PYEOF' && ok || ko "given periods or permutations not recorded"
import sys
from osgeo import ogr
ds = ogr.Open(sys.argv[1])
run = {f["key"]: (f["value"], f["how"]) for f in ds.GetLayerByName("run")}
assert run["change_days_a"] == ("92", "given"), run["change_days_a"]
assert run["near_repeat_permutations"] == ("49", "given"), run["near_repeat_permutations"]
assert run["near_repeat_seed"] == ("7", "given"), run["near_repeat_seed"]
ps = [f["p"] for f in ds.GetLayerByName("near_repeat")]
assert all(abs(p * 50 - round(p * 50)) < 1e-9 for p in ps), ps
PYEOF

# a one-month period: emerging has fewer than 2 steps and is skipped; the build still succeeds
sed -i 's/^period = .*/period = 2024-01-01..2024-01-31/; s/^max_rejects = .*/max_rejects = 100%/; /^\[change\]/,/^after/d' "$tmp/hotspot.ini"
"$HOTSPOT" build "$tmp/hotspot.ini" >"$tmp/out3" 2>"$tmp/err3"
rc=$?
[ $rc -eq 0 ] && ok || ko "one-month build exit $rc: $(tail -5 "$tmp/err3")"
grep -q "emerging: skipped, too little data" "$tmp/err3" && ok || ko "no skip line for emerging"
grep -q "change: A 15 days (.*), B 16 days" "$tmp/err3" && ok || ko "January halves: $(grep 'change:' "$tmp/err3")"
$PY -c 'import sys; from osgeo import ogr; ds = ogr.Open(sys.argv[1]); sys.exit(ds.GetLayerByName("emerging") is not None or ds.GetLayerByName("change") is None)' "$g" &&
    ok || ko "one-month build: emerging written or change missing"

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
