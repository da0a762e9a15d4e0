#!/bin/bash
# Privacy of every output: builds a copy of samples/exempelstad (whose Fritext column holds a
# Luhn-valid fake personnummer 121212-1212) and scans every file the build writes, and its log,
# for a personnummer, for unmapped free text (Fritext, kommentar) and for counts under
# min_count (tests/hostile/privacy_scan.py). Then checks that every CSV the tool writes
# (`temporal -o x.csv`, `geocode --review`) neutralises formula cells (tests/hostile/csv_formula_check.py).
set -u
: "${HOTSPOT:?path of the built CLI}"
: "${HS_SOURCE_DIR:?}"
PY=/usr/bin/python3
H="$HS_SOURCE_DIR/tests/hostile"
pass=0
fail=0
ok() { pass=$((pass + 1)); }
bad() {
  fail=$((fail + 1))
  echo "FAIL: $*"
}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cp -r "$HS_SOURCE_DIR/samples/exempelstad" "$tmp/p"
cd "$tmp/p" || exit 1
grep -q '121212-1212' polisutdrag_2024_2025.csv && ok || bad "the sample lost its planted personnummer"

if "$HOTSPOT" -v build hotspot.ini >"$tmp/build.out" 2>"$tmp/build.err"; then ok; else
  bad "build failed: $(tail -n 2 "$tmp/build.err")"
fi
mapfile -t outputs < <(find ut -type f)
[ ${#outputs[@]} -ge 3 ] && ok || bad "only ${#outputs[@]} output files"
if $PY "$H/privacy_scan.py" --freetext "polisutdrag_2024_2025.csv:;:Fritext" \
  --freetext "trygghetsvandring_2025.csv:;:kommentar" --min-count 5 --gpkg ut/exempelstad.gpkg \
  "${outputs[@]}" "$tmp/build.out" "$tmp/build.err" >"$tmp/scan" 2>&1; then ok; else
  bad "privacy scan of the build outputs:"
  cat "$tmp/scan"
fi
# The scanner itself must find what it looks for (so that a silent scanner cannot pass).
$PY "$H/privacy_scan.py" --freetext "polisutdrag_2024_2025.csv:;:Fritext" polisutdrag_2024_2025.csv >"$tmp/self" 2>&1
if grep -q 'personnummer 121212-1212' "$tmp/self" && grep -q 'unmapped free text' "$tmp/self"; then ok; else
  bad "the scanner misses the planted personnummer or the free text"
fi

# Ingest and temporal logs and outputs on their own (stderr may echo values of rejected rows).
"$HOTSPOT" -v ingest polisutdrag_2024_2025.csv -o "$tmp/i.gpkg" --crs EPSG:3006 >"$tmp/i.out" 2>"$tmp/i.err"
"$HOTSPOT" -v temporal "$tmp/i.gpkg" -o "$tmp/t.csv" >"$tmp/t.out" 2>"$tmp/t.err"
if $PY "$H/privacy_scan.py" --freetext "polisutdrag_2024_2025.csv:;:Fritext" "$tmp/i.gpkg" "$tmp/i.out" \
  "$tmp/i.err" "$tmp/t.csv" "$tmp/t.out" "$tmp/t.err" >"$tmp/scan" 2>&1; then ok; else
  bad "privacy scan of ingest/temporal:"
  cat "$tmp/scan"
fi

# Formula injection in every CSV writer.
$PY - "$tmp/evil_places.geojson" <<'PYEOF'
import json, sys
g = json.load(open("places.geojson", encoding="utf-8"))
evil = ["=cmd|' /C calc'!A0", "@SUM(1+1)", "+1+2", "-1+2", "\t=1+1"]
for f, e in zip(g["features"], evil):
    f["properties"]["place_id"] = e
json.dump(g, open(sys.argv[1], "w"))
PYEOF
if "$HOTSPOT" -q temporal "$tmp/i.gpkg" -o "$tmp/evil.csv" --by place --places "$tmp/evil_places.geojson" 2>"$tmp/err"; then
  ok
  $PY "$H/csv_formula_check.py" "$tmp/evil.csv" >"$tmp/fc" && ok || { bad "temporal CSV:"; cat "$tmp/fc"; }
  grep -q "'=cmd" "$tmp/evil.csv" && ok || bad "temporal CSV lost the neutralised place id"
else
  bad "temporal --by place failed: $(tail -n 1 "$tmp/err")"
fi
"$HOTSPOT" -q gazetteer build addresses.csv -o "$tmp/gaz.sqlite" 2>"$tmp/err" && ok || bad "gazetteer: $(tail -n 1 "$tmp/err")"
printf 'id;datum;adress\n=1+1;2024-05-01;=Storgatn 3\n@A;2024-05-01;@Storgatn 3\n+2;2024-05-01;+Storgatn 4\n-3;2024-05-01;-Storgatn 4\n' >"$tmp/evil_geo.csv"
"$HOTSPOT" -q geocode "$tmp/evil_geo.csv" -g "$tmp/gaz.sqlite" -o "$tmp/g.gpkg" --review "$tmp/review.csv" \
  --address adress --time datum --crs EPSG:3006 --min-score 0.99 >/dev/null 2>"$tmp/err"
if [ -s "$tmp/review.csv" ] && [ "$(wc -l <"$tmp/review.csv")" -ge 5 ]; then
  ok
  $PY "$H/csv_formula_check.py" "$tmp/review.csv" >"$tmp/fc" && ok || { bad "geocode --review CSV:"; cat "$tmp/fc"; }
else
  bad "geocode --review wrote no review rows: $(tail -n 1 "$tmp/err")"
fi
echo "$pass passed, $fail failed"
[ $fail -eq 0 ]
