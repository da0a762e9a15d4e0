#!/bin/bash
# `hotspot build` on a project of two real kommuner (1487 Vänersborg, 1488 Trollhättan; boundary
# from the shared se_kommuner file, filtered to the project's codes): the combined GeoPackage and one
# per kommun, each kommun's incidents being exactly the points generated inside its polygon (seeded
# random points, no kommun column: the kommun comes from the location), the per-kommun counts
# summing to the combined one, each per-kommun grid lying in its kommun only, per-kommun maps and
# reports written, and a re-run with nothing changed doing nothing.
set -u
hs=${HOTSPOT:?set HOTSPOT to the built hotspot}
data=${HS_SHARED_DATA:?}/se_admin/se_kommuner_sweref99tm.gpkg
tmp=${MK_KEEP:-$(mktemp -d)}; [ -n "${MK_KEEP:-}" ] || trap 'rm -rf "$tmp"' EXIT
pass=0; fail=0
ok() { pass=$((pass+1)); }
bad() { fail=$((fail+1)); echo "FAIL: $*"; }
py=/usr/bin/python3
if [ ! -s "$data" ]; then echo "SKIP: $data missing"; echo "0 passed, 0 failed"; exit 0; fi

mkdir "$tmp/p"
# 300 incidents in 1487, 200 in 1488, 40 complaints in each; seed 9
$py - "$data" "$tmp/p" <<'PY' || { echo "FAIL: cannot generate points"; echo "0 passed, 1 failed"; exit 1; }
import sys, random
from osgeo import ogr
ds = ogr.Open(sys.argv[1]); lyr = ds.GetLayer(0)
rnd = random.Random(9)
want = {"1487": (300, 40), "1488": (200, 40)}
inc = open(sys.argv[2] + "/brott.csv", "w", encoding="utf-8")
inc.write("id;x;y;tid;kategori\n")
com = open(sys.argv[2] + "/trygghet.csv", "w", encoding="utf-8")
com.write("id;x;y;tid\n")
counts = open(sys.argv[2] + "/expected.txt", "w")
for f in lyr:
    code = f.GetField("code")
    if code not in want:
        continue
    g = f.GetGeometryRef().Clone()
    x0, x1, y0, y1 = g.GetEnvelope()
    # cluster half of the points around one centre so that Gi* has something to find
    c = g.PointOnSurface()
    for kind, n, out in (("b", want[code][0], inc), ("t", want[code][1], com)):
        k = 0
        while k < n:
            if k % 2 == 0:
                x, y = rnd.uniform(x0, x1), rnd.uniform(y0, y1)
            else:
                x, y = rnd.gauss(c.GetX(), 800), rnd.gauss(c.GetY(), 800)
            p = ogr.Geometry(ogr.wkbPoint); p.AddPoint_2D(x, y)
            if not g.Contains(p):
                continue
            t = "2025-%02d-%02d %02d:%02d" % (rnd.randint(1, 12), rnd.randint(1, 28), rnd.randint(0, 23), rnd.randint(0, 59))
            if kind == "b":
                out.write("%s%s-%d;%.1f;%.1f;%s;%s\n" % (kind, code, k, x, y, t, rnd.choice(["stöld", "skadegörelse"])))
            else:
                out.write("%s%s-%d;%.1f;%.1f;%s\n" % (kind, code, k, x, y, t))
            k += 1
    counts.write("%s %d %d\n" % (code, want[code][0], want[code][1]))
PY
cat >"$tmp/p/hotspot.ini" <<EOF2
[project]
name = Lokalpolisområde Trollhättan-Vänersborg
kommun = 1487, 1488
boundary = $data
period = 2025-01-01..2025-12-31
tz = Europe/Stockholm

[input brott]
path = brott.csv
kind = incident
crs = EPSG:3006
id = id
x = x
y = y
time = tid
category = kategori

[input trygghet]
path = trygghet.csv
kind = complaint
crs = EPSG:3006
id = id
x = x
y = y
time = tid

[grid]
cell = 1000
[kde]
cell = 250
bandwidth = 1500
[gistar]
cell = 1000
distance = 2000
[compare]
permutations = 19
[privacy]
min_count = 3
[output]
gpkg = ut/lpo.gpkg
maps = ut/kartor
report = ut/lpo.pdf
formats = png
EOF2

"$hs" --no-progress build "$tmp/p/hotspot.ini" >"$tmp/out" 2>"$tmp/err"
rc=$?
[ $rc -eq 0 ] && ok || bad "build exit $rc: $(tail -5 "$tmp/err")"
u="$tmp/p/ut"
for f in lpo.gpkg lpo_1487.gpkg lpo_1488.gpkg lpo.pdf lpo_1487.pdf lpo_1488.pdf; do
    [ -s "$u/$f" ] && ok || bad "$f not written"
done
for c in 1487 1488; do
    ls "$u/kartor/$c/"*.png >/dev/null 2>&1 && ok || bad "no maps in kartor/$c"
    grep -q "kommun $c" "$tmp/err" && ok || bad "no log line for kommun $c"
done
ls "$u/kartor/"*.png >/dev/null 2>&1 && ok || bad "no combined maps"
ls "$u/"*.tmp* "$u/kartor/"*/*.part* >/dev/null 2>&1 && bad "temporary files left" || ok

$py - "$u" "$tmp/p/expected.txt" "$data" <<'PY' && ok || bad "per-kommun contents"
import sys
from osgeo import ogr
u, exp, data = sys.argv[1:4]
want = {l.split()[0]: (int(l.split()[1]), int(l.split()[2])) for l in open(exp)}
bad = 0
def count(path, layer):
    ds = ogr.Open(path); l = ds.GetLayerByName(layer)
    return -1 if l is None else l.GetFeatureCount()
total_i, total_c = count(u + "/lpo.gpkg", "incidents"), count(u + "/lpo.gpkg", "complaints")
if total_i != sum(v[0] for v in want.values()) or total_c != sum(v[1] for v in want.values()):
    print("combined counts", total_i, total_c); bad += 1
kd = ogr.Open(data); kl = kd.GetLayer(0)
polys = {f.GetField("code"): f.GetGeometryRef().Clone() for f in kl if f.GetField("code") in want}
comb_cells = count(u + "/lpo.gpkg", "grid")
si = sc = 0
for code, (ni, nc) in want.items():
    path = "%s/lpo_%s.gpkg" % (u, code)
    ds = ogr.Open(path)
    names = {ds.GetLayer(i).GetName() for i in range(ds.GetLayerCount())}
    for need in ("incidents", "grid", "gistar", "kommuner", "comparison", "complaints"):
        if need not in names:
            print(code, "lacks layer", need); bad += 1
    gi, gc = count(path, "incidents"), count(path, "complaints")
    si += gi; sc += gc
    if gi != ni or gc != nc:
        print(code, "incidents", gi, "want", ni, "complaints", gc, "want", nc); bad += 1
    other = [c for c in want if c != code][0]
    # every incident inside this kommun's polygon
    for f in ds.GetLayerByName("incidents"):
        if not polys[code].Contains(f.GetGeometryRef()):
            print(code, "incident outside its kommun"); bad += 1; break
    # every grid / gistar cell touches this kommun; none lies wholly in the other one
    for layer in ("grid", "gistar"):
        n = 0
        for f in ds.GetLayerByName(layer):
            g = f.GetGeometryRef(); n += 1
            if not g.Intersects(polys[code]) or polys[other].Contains(g):
                print(code, layer, "cell", f.GetField("cell_id"), "outside the kommun"); bad += 1; break
        if n == 0 or (layer == "grid" and n >= comb_cells):
            print(code, layer, n, "cells; combined", comb_cells); bad += 1
    # the kommuner layer: this kommun only, holding every incident
    if count(path, "kommuner") != 1:
        print(code, "kommuner rows", count(path, "kommuner")); bad += 1
    for f in ds.GetLayerByName("kommuner"):
        if f.GetField("kommun_code") == code and f.GetField("n") != ni:
            print(code, "kommuner n", f.GetField("n")); bad += 1
        if f.GetField("kommun_code") == other and (f.GetField("n") or 0) != 0:
            print(code, "kommuner row of", other, "n", f.GetField("n")); bad += 1
# the combined kommuner layer: one row per kommun of the project, each with its own incidents
cds = ogr.Open(u + "/lpo.gpkg")
rows = {f.GetField("kommun_code"): f.GetField("n") for f in cds.GetLayerByName("kommuner")}
if rows != {c: v[0] for c, v in want.items()}:
    print("combined kommuner layer", rows); bad += 1
if si != total_i or sc != total_c:
    print("sum of kommuner", si, sc, "!= combined", total_i, total_c); bad += 1
sys.exit(1 if bad else 0)
PY

# nothing changed: nothing rewritten; a missing per-kommun output: rebuilt
m0=$(stat -c %Y.%s "$u/lpo_1488.gpkg")
"$hs" --no-progress build "$tmp/p/hotspot.ini" >"$tmp/out2" 2>"$tmp/err2" && ok || bad "re-run failed"
grep -q "nothing changed" "$tmp/err2" && ok || bad "re-run did not say nothing changed"
[ "$(stat -c %Y.%s "$u/lpo_1488.gpkg")" = "$m0" ] && ok || bad "re-run rewrote lpo_1488.gpkg"
rm "$u/lpo_1487.pdf"
"$hs" --no-progress build "$tmp/p/hotspot.ini" >"$tmp/out3" 2>"$tmp/err3" && ok || bad "rebuild failed"
[ -s "$u/lpo_1487.pdf" ] && ok || bad "missing per-kommun report not rebuilt"

echo "$pass passed, $fail failed"
[ $fail -eq 0 ]
