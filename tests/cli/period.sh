#!/bin/bash
# The period report of `hotspot build` (the EST week, a month, a tertial): a constructed project
# whose week 2025-W13 (the week daylight saving time starts) has known counts, with incidents on
# the week's edges in local time (Sunday 23:30 after the clocks moved is inside, Monday 00:30 is
# the next week); the PDF's text must give the counts, the mean of the four weeks before, the same
# week a year earlier and the exact binomial p computed here independently (stdlib fractions).
# Also: `--week latest` and `[output] cadence`, the tertial title, and usage errors for bad periods.
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
import json, random, sys, os, datetime
random.seed(5)
d = sys.argv[1]
A = (650100, 6650100); B = (652100, 6650100)
def at(p): return p[0] + random.uniform(0, 200), p[1] + random.uniform(0, 200)
rows = []
def add(when, place, cat="skadegorelse"):
    x, y = at(place); rows.append((when, x, y, cat))
# week 2025-W13 (24-30 March 2025): 12 at Torget (one on Sunday 23:30, after the DST switch), 3 at Parken
for i in range(11):
    add("2025-03-%02d 14:00" % (24 + i % 6), A)
add("2025-03-30 23:30", A, "vald")
for i in range(3):
    add("2025-03-25 10:00", B, "stold")
add("2025-03-31 00:30", A)  # Monday of W14: not in the week
add("2025-03-23 23:30", A)  # Sunday of W12: in the four weeks before
# the four weeks before (W09-W12: 24 Feb - 23 Mar): 8 more
for i in range(8):
    add("2025-03-%02d 12:00" % (3 + i), A if i % 2 else B)
# the same week a year earlier, 2024-W13 (25-31 March 2024): 5
for i in range(5):
    add("2024-03-%02d 20:00" % (25 + i), A)
# background far earlier so that the period starts in 2024-01
add("2024-01-10 12:00", B)
with open(os.path.join(d, "extract.csv"), "w") as f:
    f.write("id,x,y,datum,kategori\n")
    for i, (w, x, y, c) in enumerate(rows):
        f.write("%d,%.1f,%.1f,%s,%s\n" % (i, x, y, w, c))
def sq(p, name):
    x, y = p
    r = [[x, y], [x + 200, y], [x + 200, y + 200], [x, y + 200], [x, y]]
    return {"type": "Feature", "properties": {"id": name.lower(), "name": name}, "geometry": {"type": "Polygon", "coordinates": [r]}}
json.dump({"type": "FeatureCollection", "crs": {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::3006"}},
           "features": [sq(A, "Torget"), sq(B, "Parken")]}, open(os.path.join(d, "places.geojson"), "w"))
PYEOF
cat >"$tmp/hotspot.ini" <<'INI'
[project]
name = Veckostad
kommun = 9999
[input polis]
path = extract.csv
kind = incident
crs = EPSG:3006
time = datum
category = kategori
[places]
path = places.geojson
[privacy]
public = no
[output]
gpkg = ut/v.gpkg
report = ut/rapport.pdf
INI
"$HOTSPOT" build "$tmp/hotspot.ini" --week 2025-W13 >"$tmp/stdout" 2>"$tmp/err"
rc=$?
[ $rc -eq 0 ] && ok || ko "build exit $rc: $(tail -3 "$tmp/err")"
grep -q "^period_report	.*ut/rapport-2025-W13.pdf$" "$tmp/stdout" && ok || ko "period_report line: $(cat "$tmp/stdout")"
[ "$(pdfinfo "$tmp/ut/rapport-2025-W13.pdf" 2>/dev/null | awk '/^Pages:/ {print $2}')" = 2 ] && ok || ko "not two pages"
pdftotext "$tmp/ut/rapport-2025-W13.pdf" - | tr '\n' ' ' | tr -s ' ' >"$tmp/w.txt"
want=$($PY - <<'PYEOF'
from fractions import Fraction as F
from math import comb
def binom_test(k, n, p):  # as R's binom.test: outcomes no more likely than k
    d = [F(comb(n, i)) * p**i * (1 - p)**(n - i) for i in range(n + 1)]
    return float(sum(x for x in d if x <= d[k] * F(10000001, 10000000)))
p = binom_test(15, 15 + 9, F(1, 5))
s = ("%.4f" % p) if p < 0.001 else ("%.3f" % p)
print("15 händelser under perioden, mot i snitt 2,2 per vecka de fyra föregående veckorna och 5 samma vecka förra året: fler än vanligt (exakt test p = %s)" % s.replace(".", ","))
PYEOF
)
# 9 / 4 = 2.25 is printed with one decimal by printf's rounding to even: 2,2
grep -qF "$want" "$tmp/w.txt" && ok || ko "summary line: want '$want' in: $(head -c 600 "$tmp/w.txt")"
grep -q "Veckolägesbild Veckostad vecka 13 2025 (24–30 mars)" "$tmp/w.txt" && ok || ko "title: $(head -c 200 "$tmp/w.txt")"
pdftotext -layout "$tmp/ut/rapport-2025-W13.pdf" "$tmp/wl.txt"
# Torget: 12 this week, (1 + 4) / 4 = 1,2 before, 5 a year earlier; Parken: 3, 4 / 4 = 1,0, 0
grep -Eq "^ *Torget +12 +1,2 +5 +fler än vanligt" "$tmp/wl.txt" && ok || ko "Torget row: $(grep Torget "$tmp/wl.txt")"
grep -Eq "^ *Parken +3 +1,0 +0 " "$tmp/wl.txt" && ok || ko "Parken row: $(grep Parken "$tmp/wl.txt")"
grep -q "Parken, tis 09–12: 3 händelser" "$tmp/w.txt" && ok || ko "place x time window"

# the latest complete week, from --week latest and from [output] cadence
"$HOTSPOT" build "$tmp/hotspot.ini" --week latest >"$tmp/stdout" 2>"$tmp/err"
grep -q "rapport-2025-W13.pdf" "$tmp/stdout" && ok || ko "--week latest: $(cat "$tmp/stdout" "$tmp/err" | tail -3)"
printf 'cadence = tertial\n' >>"$tmp/hotspot.ini"
"$HOTSPOT" build "$tmp/hotspot.ini" >"$tmp/stdout" 2>"$tmp/err"
f=$(awk -F'\t' '$1 == "period_report" {print $2}' "$tmp/stdout")
[ "${f##*/}" = "rapport-2024-T3.pdf" ] && pdftotext "$f" - | grep -q "tertial 3 2024 (september–december)" && ok ||
    ko "cadence tertial: $f: $(tail -2 "$tmp/err")"
"$HOTSPOT" build "$tmp/hotspot.ini" --month 2025-03 >"$tmp/stdout" 2>&1
pdftotext "$tmp/ut/rapport-2025-03.pdf" - 2>/dev/null | grep -q "Månadslägesbild" && ok || ko "--month: $(tail -2 "$tmp/stdout")"

# bad periods are usage errors
for bad in "--week 2025-W54" "--week 2021-W53" "--week 2025-13" "--month 2025-W13" "--tertial 2025-T4"; do
  "$HOTSPOT" build "$tmp/hotspot.ini" $bad >/dev/null 2>"$tmp/err"
  [ $? -eq 2 ] && grep -q "is not" "$tmp/err" && ok || ko "$bad accepted: $(cat "$tmp/err")"
done
"$HOTSPOT" build "$tmp/hotspot.ini" --week 2020-W53 >/dev/null 2>"$tmp/err" && ok || ko "2020-W53 (a 53-week year) refused: $(cat "$tmp/err")"

echo "cli period: $pass passed, $fail failed"
[ $fail -eq 0 ]
