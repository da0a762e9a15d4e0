#!/bin/bash
# Follow-up of measures ([measure NAME], `measures` and `measure_series` layers): three constructed
# measures in a 10 km kommun with known answers, a 50 % drop in the target with a flat control
# ("drop"), a drop displaced to the buffer ("moved") and no change ("flat"). The counts per role and
# period, Farrington and Welsh's RES and its interval, Fisher's exact p and Bowers and Johnson's WDQ
# are recomputed here independently (exact rational hypergeometric sums) from the generated points;
# the report's page for each measure says the verdict in Swedish. Bad measure sections are errors
# naming the file, line and key.
set -u
: "${HOTSPOT:?set HOTSPOT to the built CLI}"
PY=/usr/bin/python3
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0
fail=0
ok() { pass=$((pass + 1)); }
ko() { fail=$((fail + 1)); echo "FAIL: $*"; }

$PY - "$tmp" <<'PYEOF'
import json, random, sys, datetime, os
random.seed(11)
out = sys.argv[1]
X0, Y0, S = 600000.0, 6600000.0, 10000.0
squares = {"drop": (602000, 6602000), "moved": (606000, 6606000), "flat": (602000, 6607000)}
W = 300.0
def dist_sq(x, y, sx, sy):  # distance to the square [sx, sx+W] x [sy, sy+W], negative inside
    dx = max(sx - x, 0, x - (sx + W)); dy = max(sy - y, 0, y - (sy + W))
    if dx == 0 and dy == 0:
        return -min(x - sx, sx + W - x, y - sy, sy + W - y)
    return (dx * dx + dy * dy) ** 0.5
def safe(x, y):  # keep clear of every boundary the tool draws (target edge, ring edge, kommun)
    if min(x - X0, X0 + S - x, y - Y0, Y0 + S - y) < 5:
        return False
    for sx, sy in squares.values():
        d = dist_sq(x, y, sx, sy)
        if abs(d) < 5 or abs(d - W) < 5:
            return False
    return True
def pt(kind, name=None):
    while True:
        if kind == "target":
            sx, sy = squares[name]; x, y = random.uniform(sx, sx + W), random.uniform(sy, sy + W)
        elif kind == "buffer":
            sx, sy = squares[name]; x, y = random.uniform(sx - W, sx + 2 * W), random.uniform(sy - W, sy + 2 * W)
            if not (0 < dist_sq(x, y, sx, sy) < W):
                continue
        else:
            x, y = random.uniform(X0, X0 + S), random.uniform(Y0, Y0 + S)
        if safe(x, y):
            return x, y
before = (datetime.date(2024, 1, 2), datetime.date(2024, 12, 31))
after = (datetime.date(2025, 1, 1), datetime.date(2025, 12, 31))
def day(p):
    return p[0] + datetime.timedelta(days=random.randrange((p[1] - p[0]).days + 1))
rows = []
plan = {"drop": (80, 40, 30, 30), "moved": (80, 40, 30, 70), "flat": (60, 60, 30, 30)}
for name, (tb, ta, bb, ba) in plan.items():
    for n, kind, per in ((tb, "target", before), (ta, "target", after), (bb, "buffer", before), (ba, "buffer", after)):
        for i in range(n):
            rows.append((pt(kind, name), day(per)))
for per in (before, after):
    for i in range(900):
        rows.append((pt("rest"), day(per)))
with open(os.path.join(out, "extract.csv"), "w") as f:
    f.write("id,x,y,datum,kategori\n")
    for i, ((x, y), d) in enumerate(rows):
        f.write("%d,%.2f,%.2f,%s 13:00,skadegorelse\n" % (i, x, y, d.isoformat()))
ring = [[X0, Y0], [X0 + S, Y0], [X0 + S, Y0 + S], [X0, Y0 + S], [X0, Y0]]
json.dump({"type": "FeatureCollection", "crs": {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::3006"}},
           "features": [{"type": "Feature", "properties": {"code": "9999", "name": "Provkommun"},
                         "geometry": {"type": "Polygon", "coordinates": [ring]}}]}, open(os.path.join(out, "kommun.geojson"), "w"))
feats = []
for name, (sx, sy) in squares.items():
    r = [[sx, sy], [sx + W, sy], [sx + W, sy + W], [sx, sy + W], [sx, sy]]
    feats.append({"type": "Feature", "properties": {"id": name, "name": {"drop": "Stortorget", "moved": "Parkgatan", "flat": "Hamnen"}[name], "kind": "torg"},
                  "geometry": {"type": "Polygon", "coordinates": [r]}})
json.dump({"type": "FeatureCollection", "crs": {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::3006"}},
           "features": feats}, open(os.path.join(out, "places.geojson"), "w"))
json.dump({"type": "FeatureCollection", "crs": {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::3006"}},
           "features": [feats[1]]}, open(os.path.join(out, "moved.geojson"), "w"))
json.dump({"squares": squares, "W": W}, open(os.path.join(out, "truth.json"), "w"))
PYEOF

cat >"$tmp/hotspot.ini" <<'INI'
[project]
name = Uppföljning
kommun = 9999
boundary = kommun.geojson
period = 2024-01-01..2025-12-31
[input polis]
path = extract.csv
kind = incident
crs = EPSG:3006
time = datum
category = kategori
[places]
path = places.geojson
[grid]
cell = 250
[measure drop]
place = Stortorget
start = 2025-01-01
[measure moved]
area = moved.geojson
start = 2025-01-01
categories = skadegorelse
[measure flat]
place = flat
start = 2025-01-01
buffer = 300
[output]
gpkg = out/u.gpkg
maps = out/kartor
report = out/rapport.pdf
INI
"$HOTSPOT" build "$tmp/hotspot.ini" >"$tmp/stdout" 2>"$tmp/err"
rc=$?
[ $rc -eq 0 ] && ok || ko "build exit $rc: $(tail -5 "$tmp/err")"
grep -Eq "measure drop \(Stortorget, from 2025-01-01 to 2025-12-31\): target [0-9]+ -> [0-9]+, buffer" "$tmp/err" && ok ||
    ko "no measure log line: $(grep measure "$tmp/err")"

$PY - "$tmp" <<'PYEOF' && ok || ko "measures layer differs from the independent computation"
import csv, json, math, sqlite3, sys, datetime
from fractions import Fraction
from statistics import NormalDist
d = sys.argv[1]
truth = json.load(open(d + "/truth.json"))
W = truth["W"]
def dist_sq(x, y, sx, sy):
    dx = max(sx - x, 0, x - (sx + W)); dy = max(sy - y, 0, y - (sy + W))
    if dx == 0 and dy == 0:
        return -1.0
    return (dx * dx + dy * dy) ** 0.5
rows = list(csv.DictReader(open(d + "/extract.csv")))
def fisher(a, b, c, e):
    r1, c1, n = a + b, a + c, a + b + c + e
    den = math.comb(n, c1)
    def pr(i): return Fraction(math.comb(r1, i) * math.comb(n - r1, c1 - i), den)
    obs = pr(a)
    lo, hi = max(0, c1 - (n - r1)), min(r1, c1)
    return float(sum(pr(i) for i in range(lo, hi + 1) if pr(i) <= obs))
db = sqlite3.connect(d + "/out/u.gpkg")
got = {}
for r in db.execute("select measure, role, n_before, n_after, res, res_lo, res_hi, p, wdq, wdq_class, tne, verdict, before_from, before_to, after_from, after_to from measures"):
    got[(r[0], r[1])] = r
z = NormalDist().inv_cdf(0.975)
want_verdict = {"drop": "decrease", "moved": "decrease", "flat": "no_change"}
want_wdq = {"moved": "displacement_greater"}
for name, (sx, sy) in truth["squares"].items():
    cnt = {"target": [0, 0], "buffer": [0, 0], "control": [0, 0]}
    for r in rows:
        x, y = float(r["x"]), float(r["y"])
        day = datetime.date.fromisoformat(r["datum"][:10])
        if datetime.date(2024, 1, 2) <= day <= datetime.date(2024, 12, 31): per = 0
        elif datetime.date(2025, 1, 1) <= day <= datetime.date(2025, 12, 31): per = 1
        else: continue
        dd = dist_sq(x, y, sx, sy)
        role = "target" if dd < 0 else "buffer" if dd < W else "control"
        cnt[role][per] += 1
    for role in cnt:
        g = got[(name, role)]
        assert (g[2], g[3]) == tuple(cnt[role]), (name, role, g[2:4], cnt[role])
        assert g[12:16] == ("2024-01-02", "2024-12-31", "2025-01-01", "2025-12-31"), g[12:16]
    (tb, ta), (bb, ba), (cb, ca) = cnt["target"], cnt["buffer"], cnt["control"]
    res = tb * ca / (ta * cb)
    se = math.sqrt(1 / tb + 1 / ta + 1 / cb + 1 / ca)
    g = got[(name, "target")]
    assert abs(g[4] - res) < 1e-9 * res, (name, g[4], res)
    assert abs(g[5] - res * math.exp(-z * se)) < 1e-7 and abs(g[6] - res * math.exp(z * se)) < 1e-7, (name, g[5:7])
    p = fisher(tb, ta, cb, ca)
    assert abs(g[7] - p) <= 1e-9 * max(p, 1e-300) + 1e-15, (name, g[7], p)
    sm = ta / tb - ca / cb; bm = ba / bb - ca / cb
    if sm < 0:
        assert abs(g[8] - bm / sm) < 1e-9, (name, g[8], bm / sm)
    tne = (tb * ca / cb - ta) + (bb * ca / cb - ba)
    assert abs(g[10] - tne) < 1e-9, (name, g[10], tne)
    assert g[11] == want_verdict[name], (name, g[11], p, res)
    if name in want_wdq:
        assert g[9] == want_wdq[name], (name, g[9])
# the monthly series holds every incident of each role
for name in truth["squares"]:
    s = db.execute("select sum(target), count(*) from measure_series where measure = ?", (name,)).fetchone()
    n = sum(1 for r in rows if dist_sq(float(r["x"]), float(r["y"]), *truth["squares"][name]) < 0)
    assert s == (n, 24), (name, s, n)
PYEOF

# the layer opens styled in QGIS: by role, with the Swedish legend
$PY - "$tmp/out/u.gpkg" <<'PYEOF' && ok || ko "measures style"
import sqlite3, sys
qml = sqlite3.connect(sys.argv[1]).execute("select styleQML from layer_styles where f_table_name = 'measures'").fetchone()[0]
assert 'attr="role"' in qml and "Åtgärdsområde" in qml and "Kontrollområde" in qml, qml[:300]
PYEOF

# the report: one page per measure with the verdict in words and the counts beside it
if command -v pdftotext >/dev/null; then
  pdftotext -layout "$tmp/out/rapport.pdf" "$tmp/r.txt"
  grep -q "Uppföljning: drop" "$tmp/r.txt" && grep -q "sannolikt minskning" "$tmp/r.txt" &&
    grep -q "ingen säker förändring" "$tmp/r.txt" && ok || ko "report measure pages: $(grep -i -A3 uppf "$tmp/r.txt" | head -20)"
  grep -q "WDQ = -[0-9],[0-9][0-9]): förflyttning till närområdet, större än den direkta" "$tmp/r.txt" && ok ||
    ko "report WDQ text missing"
fi

# the tertial report is the follow-up page: it lists each measure with its verdict
"$HOTSPOT" build "$tmp/hotspot.ini" --tertial 2025-T3 >"$tmp/stdout" 2>"$tmp/err"
pdftotext "$tmp/out/rapport-2025-T3.pdf" - 2>/dev/null | tr '\n' ' ' >"$tmp/t.txt"
grep -q "Åtgärder som följs upp" "$tmp/t.txt" && grep -q "drop (Stortorget, från 2025-01-01): sannolikt minskning" "$tmp/t.txt" &&
  grep -q "flat (Hamnen, från 2025-01-01): ingen säker förändring" "$tmp/t.txt" && ok || ko "tertial follow-up: $(tail -2 "$tmp/err")"

# bad measure sections name the file, the line and the key
bad() { # $1: section text, $2: expected message part
  sed '/^\[measure /,$d' "$tmp/hotspot.ini" >"$tmp/bad.ini"
  printf '%s\n' "$1" >>"$tmp/bad.ini"
  "$HOTSPOT" build "$tmp/bad.ini" >/dev/null 2>"$tmp/berr"
  local rc=$?
  [ $rc -ne 0 ] && grep -q "$2" "$tmp/berr" && ok || ko "bad section ($1): rc $rc: $(cat "$tmp/berr")"
}
bad $'[measure x]\nplace = Stortorget' "bad.ini: \[measure x\] has no 'start' date"
bad $'[measure x]\nstart = 2025-01-01' "needs one of 'area' (a polygon file) or 'place'"
bad $'[measure x]\nplace = Stortorget\nstart = 2025-13-01' "key 'start' in \[measure x\]: '2025-13-01' is not valid"
bad $'[measure x]\nplace = Ingenstans\nstart = 2025-01-01' "bad.ini:[0-9]*: \[measure x\] place 'Ingenstans' is not among"
bad $'[measure x]\nplace = Stortorget\nstart = 2025-01-01\ncontrol = nowhere.gpkg' "control 'nowhere.gpkg' is neither"

echo "cli measure: $pass passed, $fail failed"
[ $fail -eq 0 ]
