#!/bin/bash
# `hotspot build` on a copy of the sample project: every output written, every row accounted for,
# GeoPackage intact, a re-run with nothing changed does nothing, project-file errors name the
# file, line and key, and the fake personnummer of the sample never reaches an output.
set -u
hs=${HOTSPOT:?set HOTSPOT to the built hotspot}
src=${HS_SOURCE_DIR:?}/samples/exempelstad
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
pass=0; fail=0
ok() { pass=$((pass+1)); }
bad() { fail=$((fail+1)); echo "FAIL: $*"; }
py=/usr/bin/python3

mkdir "$tmp/p"
cp "$src"/*.csv "$src"/*.geojson "$src"/hotspot.ini "$tmp/p/"
"$hs" --no-progress build "$tmp/p/hotspot.ini" >"$tmp/out" 2>"$tmp/err"
rc=$?
[ $rc -eq 0 ] && ok || { bad "build exit $rc: $(tail -5 "$tmp/err")"; }
gpkg=$(awk -F'\t' '$1=="gpkg"{print $2}' "$tmp/out")
report=$(awk -F'\t' '$1=="report"{print $2}' "$tmp/out")
maps=$(awk -F'\t' '$1=="maps"{print $2}' "$tmp/out")
[ -s "$gpkg" ] && ok || bad "no GeoPackage reported on stdout"
[ -s "$report" ] && ok || bad "no report written"
ls "$maps"/*.png >/dev/null 2>&1 && ok || bad "no PNG maps written"
ls "$maps"/*.pdf >/dev/null 2>&1 && ok || bad "no PDF maps written"
ls "$tmp/p/ut/"*.tmp* >/dev/null 2>&1 && bad "temporary files left beside the outputs" || ok

[ "$(sqlite3 "$gpkg" 'PRAGMA integrity_check')" = "ok" ] && ok || bad "integrity_check"
$py - "$gpkg" "$src/polisutdrag_2024_2025.csv" <<'PY' && ok || bad "layers or conservation"
import sys, csv
from osgeo import ogr, gdal
ds = ogr.Open(sys.argv[1])
need = {"incidents": ["id", "category", "t_from", "t_to", "precision", "cell_id", "place", "kommun_code"],
        "rejects": ["source", "row", "column", "value", "reason"],
        "grid": ["cell_id", "x0", "y0", "size", "n", "suppressed"],
        "gistar": ["cell_id", "n", "gi_z", "gi_p", "gi_bin", "n_neighbours"],
        "places": ["place_id", "name", "kind", "n"], "kommuner": ["kommun_code", "name", "n"],
        "comparison": ["cell_id", "n_crime", "n_insecurity", "class"]}
bad = 0
for name, fields in need.items():
    lyr = ds.GetLayerByName(name)
    if lyr is None:
        print("missing layer", name); bad += 1; continue
    have = {lyr.GetLayerDefn().GetFieldDefn(i).GetName() for i in range(lyr.GetLayerDefn().GetFieldCount())}
    for f in fields:
        if f not in have:
            print("layer", name, "lacks", f); bad += 1
    if name != "rejects" and lyr.GetSpatialRef() is not None and lyr.GetSpatialRef().GetAuthorityCode(None) != "3006":
        print("layer", name, "not in EPSG:3006"); bad += 1
rows = sum(1 for _ in csv.reader(open(sys.argv[2], encoding="utf-8-sig", newline=""), delimiter=";")) - 1
inc = sum(1 for f in ds.GetLayerByName("incidents") if f.GetField("source") == "Polisen")
rej = sum(1 for f in ds.GetLayerByName("rejects") if f.GetField("source") == "Polisen")
if inc + rej != rows:
    print(f"conservation: {inc} incidents + {rej} rejects != {rows} rows"); bad += 1
# the reverse step: every located incident has its nearest named place and its cell
noplace = sum(1 for f in ds.GetLayerByName("incidents") if not f.GetField("place") or not f.GetField("cell_id"))
if noplace:
    print(f"{noplace} incidents without a nearest place or cell id"); bad += 1
r = gdal.Open(sys.argv[1] if False else "GPKG:" + sys.argv[1] + ":kde")
if r is None or r.RasterXSize < 10:
    print("no kde raster layer"); bad += 1
sys.exit(1 if bad else 0)
PY

# the build's GeoPackage opens styled in QGIS (headless), when python3-qgis is installed
if QT_QPA_PLATFORM=offscreen $py -c "import qgis.core" 2>/dev/null; then
  export QT_QPA_PLATFORM=offscreen XDG_RUNTIME_DIR=$tmp/xdg
  mkdir -p "$XDG_RUNTIME_DIR"; chmod 700 "$XDG_RUNTIME_DIR"
  $py "${HS_SOURCE_DIR}/tests/qgis/check_layers.py" "$gpkg" "${HS_SOURCE_DIR}/styles" >"$tmp/qgis.log" 2>&1 \
    && ok || bad "QGIS load of the build output: $(grep -E 'FAIL|Error' "$tmp/qgis.log" | head -5)"
else
  echo "skipped: python3-qgis not importable, QGIS load of the build output not checked"
fi

# nothing changed: nothing written
before=$(stat -c %Y.%s "$gpkg")
"$hs" build "$tmp/p/hotspot.ini" >"$tmp/out2" 2>"$tmp/err2"; rc=$?
[ $rc -eq 0 ] && ok || bad "re-run exit $rc"
grep -q "nothing changed" "$tmp/err2" && ok || bad "re-run does not say nothing changed"
[ "$(stat -c %Y.%s "$gpkg")" = "$before" ] && ok || bad "re-run rewrote the GeoPackage"

# privacy: the sample's fake personnummer and its free-text column never reach an output
pdftotext "$report" "$tmp/report.txt" 2>/dev/null
if grep -a -r -l -E '121212-?1212' "$tmp/p/ut" "$tmp/report.txt" "$tmp/err" "$tmp/out"; then
  bad "personnummer found in outputs"
else ok; fi
grep -a -q "Fritext" "$gpkg" && bad "free-text column name in the GeoPackage" || ok
grep -q "Lägesbild" "$tmp/report.txt" && ok || bad "report lacks its Swedish title"
grep -q "Hett område 1 vid Stortorget" "$tmp/report.txt" && ok || bad "report lacks the crime clock of the hot spot at Stortorget"
grep -q "Där bilderna skiljer sig mest" "$tmp/report.txt" && ok || bad "report lacks the crime/insecurity page"

# project-file errors name the file, the line and the key
printf '[project]\nname = x\n[grid]\ncel = 250\n' > "$tmp/bad.ini"
"$hs" build "$tmp/bad.ini" >/dev/null 2>"$tmp/err3"; rc=$?
[ $rc -ne 0 ] && ok || bad "a bad project file did not fail"
grep -q "bad.ini:4: unknown key 'cel' in \[grid\]" "$tmp/err3" && ok || bad "error lacks file:line:key: $(cat "$tmp/err3")"
printf '[project]\nname = x\n[input a]\npath = nosuch.csv\n' > "$tmp/missing.ini"
"$hs" build "$tmp/missing.ini" >/dev/null 2>"$tmp/err4"; rc=$?
[ $rc -eq 1 ] && ok || bad "missing input: exit $rc"
grep -q "nosuch.csv\|does not exist" "$tmp/err4" && ok || bad "missing input not named: $(cat "$tmp/err4")"

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
