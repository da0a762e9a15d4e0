#!/bin/bash
# [geocode] district_in_analysis: polisen.se events (generated, in the API's JSON form) whose texts
# name only Uppsala's tätorter ("Inbrott i Storvreta") are placed at the tätort's centre, precision
# `district`. Built twice with the built-in geography: with the default (no) those incidents get no
# cell_id, the grid counts none of them and the method text says they stay out; with yes every one
# of them gets a cell_id and counts in the grid, the incidents layer still says `district`, the run
# table records the choice and the maps and the report say it (Swedish, and English with lang = en).
set -u
hs=${HOTSPOT:?set HOTSPOT to the built hotspot}
tmp=$(mktemp -d)
[ -n "${KEEP:-}" ] || trap 'rm -rf "$tmp"' EXIT
pass=0; fail=0
ok() { pass=$((pass+1)); }
bad() { fail=$((fail+1)); echo "FAIL: $*"; }
PY=/usr/bin/python3
[ -x "$PY" ] || PY=python3

# 60 events: 15 each in Storvreta, Sävja, Björklinge and Vattholma, 2024
$PY - "$tmp/events.json" <<'PYEOF'
import json, sys
places = ["Storvreta", "Sävja", "Björklinge", "Vattholma"]
kinds = [("Inbrott", "Inbrott i en villa i {p}."), ("Skadegörelse", "Skadegörelse på en bil i {p}."),
         ("Misshandel", "En man misshandlades i {p} under natten.")]
ev = []
for i in range(60):
    p = places[i % 4]
    t, s = kinds[i % 3]
    month, day, hour = 1 + i % 12, 1 + (i * 7) % 27, (i * 5) % 24
    ev.append({"id": 900000 + i,
               "datetime": f"2024-{month:02d}-{day:02d} {hour:02d}:10:00 +01:00",
               "name": f"{day} x {hour:02d}:00, {t}, Uppsala", "summary": s.format(p=p),
               "url": f"/aktuellt/handelser/2024/{900000 + i}/", "type": t,
               "location": {"name": "Uppsala", "gps": "59.858564,17.638927"}})
json.dump(ev, open(sys.argv[1], "w", encoding="utf-8"), ensure_ascii=False)
PYEOF

# one project per variant: DIR, LANG, the [geocode] line ("" for the default)
project() {
  mkdir -p "$tmp/$1"
  cp "$tmp/events.json" "$tmp/$1/"
  cat >"$tmp/$1/hotspot.ini" <<EOF
[project]
name = Uppsala
kommun = 0380
period = 2024-01-01..2024-12-31
lang = $2

[input polisen]
path = events.json
kind = incident
source = Polisen (polisen.se)
place_text = yes

[geocode]
$3

[output]
gpkg = ut/l.gpkg
maps = ut/kartor
report = ut/l.pdf
formats = pdf
EOF
  "$hs" build "$tmp/$1/hotspot.ini" >"$tmp/$1/out" 2>"$tmp/$1/err" && ok ||
    bad "$1: build failed: $(tail -3 "$tmp/$1/err")"
}
project no sv ""
project yes sv "district_in_analysis = yes"
project en en "district_in_analysis = yes"

q() { sqlite3 "$tmp/$1/ut/l.gpkg" "$2" 2>/dev/null; }
text() { pdftotext "$1" - 2>/dev/null | tr '\n' ' ' | tr -s ' '; }
# the grid's counts; 0 when the build wrote no grid (nothing located)
grid_total() {
  if [ "$(q "$1" "SELECT count(*) FROM sqlite_master WHERE name = 'grid'")" = 1 ]; then
    q "$1" "SELECT ifnull(sum(n), 0) FROM grid"
  else echo 0; fi
}

for v in no yes; do
  nd=$(q $v "SELECT count(*) FROM incidents WHERE precision = 'district'")
  [ "$nd" = 60 ] && ok || bad "$v: $nd of 60 events at a district"
done
# the default: no cell, no count, and the run table says no
[ "$(q no "SELECT count(*) FROM incidents WHERE cell_id IS NOT NULL")" = 0 ] && ok ||
  bad "no: district incidents got a cell_id"
[ "$(grid_total no)" = 0 ] && ok || bad "no: the grid counts $(grid_total no) incidents"
[ "$(q no "SELECT value FROM run WHERE key = 'district_in_analysis'")" = no ] && ok ||
  bad "no: run.district_in_analysis is not 'no'"
# yes: every district incident in a cell and in the grid's counts, the precision still district
[ "$(q yes "SELECT count(*) FROM incidents WHERE precision = 'district' AND cell_id IS NOT NULL")" = 60 ] &&
  ok || bad "yes: not every district incident has a cell_id"
[ "$(grid_total yes)" = 60 ] && ok || bad "yes: the grid counts $(grid_total yes), expected 60"
# the four tätorter: the counts sit in (at most) four cells
[ "$(q yes "SELECT count(*) FROM grid WHERE n > 0")" -le 4 ] && ok ||
  bad "yes: counts in more than the tätorter's four cells"
[ "$(q yes "SELECT count(DISTINCT precision) FROM incidents")" = 1 ] && ok ||
  bad "yes: the incidents' precision was changed"
[ "$(q yes "SELECT value FROM run WHERE key = 'district_in_analysis'")" = yes ] && ok ||
  bad "yes: run.district_in_analysis is not 'yes'"

# the texts: the maps' method line and the report's method text
say_sv="händelser placerade i en stadsdels eller tätorts mitt ingår i analysen"
say_en="events placed at the centre of a district or tätort are included in the analysis"
maps=$(ls "$tmp"/yes/ut/kartor/*.pdf 2>/dev/null | wc -l)
[ "$maps" -gt 0 ] && ok || bad "yes: no maps"
for mp in "$tmp"/yes/ut/kartor/*.pdf; do
  [[ "$(text "$mp")" == *"$say_sv"* ]] && ok || bad "yes: $(basename "$mp") does not say '$say_sv'"
done
[[ "$(text "$tmp/yes/ut/l.pdf")" == *"$say_sv"* ]] && ok || bad "yes: the report does not say it"
for mp in "$tmp"/no/ut/kartor/*.pdf "$tmp/no/ut/l.pdf"; do
  t=$(text "$mp")
  [[ "$t" != *"ingår i analysen"* && "$t" == *"hålls utanför rutorna"* ]] && ok ||
    bad "no: $(basename "$mp") does not say that districts stay out"
done
for mp in "$tmp"/en/ut/kartor/*.pdf "$tmp/en/ut/l.pdf"; do
  [[ "$(text "$mp")" == *"$say_en"* ]] && ok || bad "en: $(basename "$mp") does not say '$say_en'"
done
# `hotspot report` on the GeoPackage alone reads the choice from the run table
"$hs" report "$tmp/yes/ut/l.gpkg" -o "$tmp/again.pdf" >/dev/null 2>&1 && ok || bad "hotspot report"
[[ "$(text "$tmp/again.pdf")" == *"$say_sv"* ]] && ok || bad "hotspot report: the text is missing"

echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
