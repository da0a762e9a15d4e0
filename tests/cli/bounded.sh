#!/bin/bash
# Bounded steps of `hotspot build` (docs/pipeline.md): a plain project of 4 000 incidents over a
# 30 km square has 14 400 cells of 250 m, so local Moran's I with 999 permutations would exceed
# its budget: the build must reduce the permutations, say so in the log and record the count with
# how = reduced; the comparison is absent without complaints. Near repeats run on burglary only by
# default (`near_repeat_categories` recorded), on every incident with `*`, and a project without
# any burglary logs the skipped step instead of failing.
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

$PY "$HS_SOURCE_DIR/bench/gen_records.py" 4000 "$tmp/extract.csv" --plain 30000 --seed 5 || exit 1
write_ini() { # $1: extra [compare] lines, $2: grid cell (default 250)
  cat >"$tmp/hotspot.ini" <<INI
[project]
name = Bounded
kommun = 9999
[input polis]
path = extract.csv
kind = incident
crs = EPSG:3006
[grid]
cell = ${2:-250}
[gistar]
distance = 750
[kde]
cell = 100
bandwidth = 300
[compare]
$1
[output]
gpkg = ut/b.gpkg
maps = ut/kartor
report = ut/b.pdf
formats = png
INI
}
run() { # $1 key -> "value how" from the run table
  $PY - "$tmp/ut/b.gpkg" "$1" <<'PYEOF'
import sqlite3, sys
r = sqlite3.connect(sys.argv[1]).execute("SELECT value, how FROM run WHERE key = ?", (sys.argv[2],)).fetchone()
print("%s %s" % r if r else "absent")
PYEOF
}

write_ini "seed = 3"
"$HOTSPOT" build "$tmp/hotspot.ini" >"$tmp/out" 2>"$tmp/err"
rc=$?
[ $rc -eq 0 ] && ok || ko "build exit $rc: $(tail -3 "$tmp/err")"
grep -q "moran: 999 permutations x .* exceed the budget of 2e+08 steps: [0-9]* permutations (p resolved to" "$tmp/err" && ok ||
    ko "no moran budget line: $(grep moran "$tmp/err")"
m=$(run moran_permutations)
n=${m% *}
[ "${m#* }" = reduced ] && [ "$n" -ge 99 ] && [ "$n" -lt 999 ] && ok || ko "moran_permutations $m"
grep -q "moran: .*local I with $n permutations" "$tmp/err" && ok || ko "moran line does not say $n permutations"
# the default categories: the generated Bostadsinbrott rows map to inbrott only where the code
# table says so; either near_repeat ran on inbrott or it was skipped with the reason
[ "$(run near_repeat_categories)" = "inbrott default" ] || grep -q "near_repeat: skipped, too little data (near_repeat: fewer than 2 incidents with place and time in the categories inbrott" "$tmp/err" && ok ||
    ko "near_repeat with the default categories: $(grep near_repeat "$tmp/err")"

write_ini "near_repeat_categories = *"
"$HOTSPOT" build "$tmp/hotspot.ini" >"$tmp/out" 2>"$tmp/err"
rc=$?
[ $rc -eq 0 ] && ok || ko "build * exit $rc: $(tail -3 "$tmp/err")"
[ "$(run near_repeat_categories)" = "* given" ] && ok || ko "near_repeat_categories $(run near_repeat_categories)"
[ "$(run near_repeat_method)" = "permutation default" ] && ok || ko "near_repeat_method $(run near_repeat_method)"
grep -q "near_repeat: 4000 incidents (\*) with place and time, [0-9]* close pairs" "$tmp/err" && ok ||
    ko "near_repeat line: $(grep near_repeat "$tmp/err")"

# 100 m cells: 90 000 cells x 178 neighbours, so even 99 permutations exceed the budget: local
# Moran's p comes from the randomisation variance, said in the log and the run table
write_ini "near_repeat_categories = *" 100
"$HOTSPOT" build "$tmp/hotspot.ini" >"$tmp/out" 2>"$tmp/err"
rc=$?
[ $rc -eq 0 ] && ok || ko "build 100 m exit $rc: $(tail -3 "$tmp/err")"
grep -q "moran: 999 permutations x .* exceed the budget of 2e+08 steps even at 99: local p from the normal approximation" "$tmp/err" && ok ||
    ko "no analytic moran line: $(grep moran "$tmp/err")"
[ "$(run moran_method)" = "analytic auto" ] && [ "$(run moran_permutations)" = "0 default" ] && ok ||
    ko "moran_method $(run moran_method), permutations $(run moran_permutations)"
$PY - "$tmp/ut/b.gpkg" <<'PYEOF' && ok || ko "moran layer p-values"
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
n, lo, hi = db.execute("select count(*), min(pseudo_p), max(pseudo_p) from moran where pseudo_p is not null").fetchone()
assert n > 80000 and 0 <= lo and hi <= 0.5, (n, lo, hi)
PYEOF

echo "cli bounded: $pass passed, $fail failed"
[ $fail -eq 0 ]
