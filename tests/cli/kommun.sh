#!/bin/bash
# Kommuner by code or name on the command line: `hotspot init --kommun` (1487, Vänersborg,
# vanersborg, "Vänersborg, Trollhättan") writes the real name, the code, no boundary line and the
# tätorter; an unknown name is an error with the closest names; `hotspot info --kommun` prints
# code, name, län, area and tätorter (checked against the shared se_admin files).
set -u
hs=${HOTSPOT:?set HOTSPOT to the built hotspot}
admin=${HS_SHARED_DATA:?}/se_admin
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
pass=0; fail=0
ok() { pass=$((pass+1)); }
bad() { fail=$((fail+1)); echo "FAIL: $*"; }

for k in 1487 Vänersborg vanersborg "VÄNERSBORGS KOMMUN"; do
  d="$tmp/p$pass"
  "$hs" init "$d" --kommun "$k" >/dev/null 2>"$tmp/err" && ok || bad "init --kommun '$k': $(cat "$tmp/err")"
  grep -qx "name = Lägesbild Vänersborg" "$d/hotspot.ini" && ok || bad "init '$k': name"
  grep -qx "kommun = 1487" "$d/hotspot.ini" && ok || bad "init '$k': code"
  grep -q "^boundary" "$d/hotspot.ini" && bad "init '$k': boundary line" || ok
  grep -qx "tatorter = yes" "$d/hotspot.ini" && ok || bad "init '$k': tätorter"
done
# the tätorter listed are those of the source, largest first
want=$(ogrinfo -q -ro -sql "SELECT name FROM tatorter WHERE mun_code = '1487' ORDER BY pop DESC" "$admin/se_tatorter_sweref99tm.gpkg" | sed -n 's/^ *name (String) = //p' | paste -sd, | sed 's/,/, /g')
got=$(grep "^; Vänersborg, [0-9]* tätorter: " "$tmp/p0/hotspot.ini" | sed 's/^; Vänersborg, [0-9]* tätorter: //')
[ -n "$want" ] && [ "$got" = "$want" ] && ok || bad "tätorter: '$got', source '$want'"

"$hs" init "$tmp/lpo" --kommun "Vänersborg, Trollhättan" >/dev/null 2>&1 && ok || bad "init two kommuner"
grep -qx "name = Lägesbild Vänersborg och Trollhättan" "$tmp/lpo/hotspot.ini" && ok || bad "lpo name"
grep -qx "kommun = 1487, 1488" "$tmp/lpo/hotspot.ini" && ok || bad "lpo codes"

"$hs" init "$tmp/bad" --kommun Vanersbrog >/dev/null 2>"$tmp/err"; rc=$?
[ $rc -eq 2 ] && ok || bad "unknown name: exit $rc"
grep -q "Vanersbrog.*closest: Vänersborg (1487)" "$tmp/err" && ok || bad "closest names: $(cat "$tmp/err")"
[ -e "$tmp/bad/hotspot.ini" ] && bad "unknown name wrote a file" || ok

# a project file with a misspelt name: the file, the line and the closest kommun
printf '[project]\nname = X\nkommun = Trollhätan\n' >"$tmp/x.ini"
"$hs" build "$tmp/x.ini" >/dev/null 2>"$tmp/err" && bad "build with a misspelt kommun" || ok
grep -q "x.ini:3:.*kommun.*Trollhättan (1488)" "$tmp/err" && ok || bad "project error: $(cat "$tmp/err")"

# info --kommun against the source
"$hs" info --kommun vanersborg >"$tmp/info" 2>&1 && ok || bad "info --kommun: $(cat "$tmp/info")"
grep -q "^kommun *1487 Vänersborg$" "$tmp/info" && ok || bad "info: code and name"
grep -q "^län *14 Västra Götalands län$" "$tmp/info" && ok || bad "info: län"
area=$(ogrinfo -q -ro -dialect sqlite -sql "SELECT round(ST_Area(geom) / 1e6, 1) AS a FROM kommuner WHERE code = '1487'" "$admin/se_kommuner_sweref99tm.gpkg" | sed -n 's/^ *a (Real) = //p')
grep -q "^area *$area km²$" "$tmp/info" && ok || bad "info: area (source $area): $(grep ^area "$tmp/info")"
nt=$(ogrinfo -q -ro -sql "SELECT count(*) AS n FROM tatorter WHERE mun_code = '1487'" "$admin/se_tatorter_sweref99tm.gpkg" | sed -n 's/^ *n (Integer) = //p')
grep -q "^tätorter *$nt " "$tmp/info" && ok || bad "info: $nt tätorter"
"$hs" info --kommun "1487, Trollhättan" --json | python3 -c "
import json, sys
d = json.load(sys.stdin)
assert [k['code'] for k in d] == ['1487', '1488'], d
assert d[0]['tatorter'][0]['name'] == 'Vänersborg'
" && ok || bad "info --json"
echo "$pass passed, $fail failed"
[ $fail -eq 0 ]
