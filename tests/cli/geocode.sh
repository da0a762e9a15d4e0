#!/bin/bash
# CLI cases for `hotspot gazetteer build` and `hotspot geocode`: exit codes, refusal to overwrite,
# coordinates written for the fixture town (tests/data/geocode, hand-written values), the review
# file for ties and unknown streets, and the cache on a re-run.
set -u
H=${HOTSPOT:?HOTSPOT must point at the built CLI}
T=${HS_SOURCE_DIR:?}/tests/data/geocode
W=$(mktemp -d)
trap 'rm -rf "$W"' EXIT
pass=0
fail=0
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $*"; }
check() { if eval "$2"; then ok; else bad "$1"; fi; }

"$H" gazetteer build "$T/addresses.csv" "$T/places.csv" -o "$W/g.sqlite" 2>"$W/err"
check "gazetteer build exits 0" "[ $? -eq 0 ] && [ -s '$W/g.sqlite' ]"
check "gazetteer build reports counts" "grep -q '43 address points' '$W/err'"
"$H" gazetteer build "$T/addresses.csv" -o "$W/g.sqlite" 2>/dev/null
check "no overwrite without --overwrite (exit 2)" "[ $? -eq 2 ]"
"$H" gazetteer "$T/addresses.csv" -o "$W/x.sqlite" 2>/dev/null
check "missing 'build' is a usage error" "[ $? -eq 2 ]"
"$H" gazetteer build "$W/nonexistent.csv" -o "$W/y.sqlite" 2>"$W/err"
rc=$?
check "missing source fails (exit 1)" "[ $rc -eq 1 ] && grep -q 'nonexistent.csv' '$W/err'"
check "no partial gazetteer left" "[ ! -e '$W/y.sqlite' ]"

cat >"$W/in.csv" <<'CSV'
id,datum,adress,kommun
A1,2024-03-01 22:30,"Storg. 3",1487
A2,2024-03-02 10:00,"Kungsgatan/Storgatan",1487
A3,2024-03-03 11:00,Torget,
A4,2024-03-04 12:00,"Ingen väg 9",1487
A5,2024-03-05 13:00,"LÖTGATAN 2, 462 33 VÄNERSBORG",
CSV
"$H" geocode "$W/in.csv" -g "$W/g.sqlite" -o "$W/out.gpkg" --review "$W/rev.csv" 2>"$W/err"
check "geocode exits 0" "[ $? -eq 0 ]"
ogr2ogr -f CSV "$W/inc.csv" "$W/out.gpkg" incidents -lco GEOMETRY=AS_XY 2>/dev/null
check "three incidents placed" "[ \$(tail -n +2 '$W/inc.csv' | wc -l) -eq 3 ]"
check "A1 at Storgatan 3" "grep -q '^337060,6470000,A1,.*,address,1,.1487.' '$W/inc.csv'"
check "A2 at the crossing" "grep -q '^337100,6470010,A2,.*,intersection,' '$W/inc.csv'"
check "A5 at Lötgatan 2 (kommun found)" "grep -q '^338040,6471000,A5,.*,address,1,.1487.' '$W/inc.csv'"
check "tie and unknown go to review" \
  "grep -q '\"A3\",\"Torget\",tie' '$W/rev.csv' && grep -q '\"A4\",\"Ingen väg 9\",not_found' '$W/rev.csv'"
check "summary names the counts" "grep -q '5 records to geocode: 3 placed' '$W/err'"
"$H" geocode "$W/in.csv" -g "$W/g.sqlite" -o "$W/out.gpkg" 2>/dev/null
check "geocode does not overwrite without --overwrite" "[ $? -eq 2 ]"
"$H" geocode "$W/in.csv" -g "$W/g.sqlite" -o "$W/out.gpkg" --overwrite 2>"$W/err"
check "re-run answers from the cache" "[ $? -eq 0 ] && grep -q '5 from the cache' '$W/err'"
"$H" geocode "$W/in.csv" -o "$W/o2.gpkg" 2>/dev/null
check "no gazetteer is a usage error" "[ $? -eq 2 ]"
"$H" geocode "$W/in.csv" -g "$W/missing.sqlite" -o "$W/o3.gpkg" 2>"$W/err"
check "missing gazetteer fails and names it" "[ $? -ne 0 ] && grep -q 'missing.sqlite' '$W/err'"
"$H" geocode "$W/in.csv" -g "$W/g.sqlite" -o "$W/o4.gpkg" --min-score 2 2>/dev/null
check "bad --min-score is a usage error" "[ $? -eq 2 ]"

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
