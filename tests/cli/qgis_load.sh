#!/bin/bash
# A GeoPackage with every layer kind (written by the test_gpkg_layers program through the library)
# passes GDAL's GeoPackage validator (validate_gpkg.py: the GeoPackage requirements) and SQLite's
# integrity check, and every layer loads in QGIS (python3-qgis, headless): valid, EPSG:3006, and
# styled from layer_styles with the classes and colours of styles/<kind>.style. The QGIS part is
# skipped with a message only when python3-qgis cannot be imported. Then the sample's build: its
# GeoPackage holds the basemap and a QGIS project that QGIS opens, with every layer valid and in map
# order, and whose print layout renders with ink where hotspot's own map has it.
set -u
: "${HS_BINARY_DIR:?}" "${HS_SOURCE_DIR:?}" "${HOTSPOT:?}"
PY=/usr/bin/python3
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0
fail=0
ok() { echo "ok   $1"; pass=$((pass + 1)); }
bad() { echo "FAIL $1"; fail=$((fail + 1)); }

gpkg="$tmp/alla_lager.gpkg"
writer="$HS_BINARY_DIR/tests/test_gpkg_layers"
if HS_GPKG_OUT="$gpkg" "$writer" --filter 'gpkg_layers/every_layer_reads_back_with_gdal' >"$tmp/w.log" 2>&1 &&
    [ -s "$gpkg" ]; then
    ok "test_gpkg_layers wrote $gpkg"
else
    cat "$tmp/w.log"
    bad "test_gpkg_layers wrote $gpkg"
    echo "$pass passed, $((fail)) failed"
    exit 1
fi

validator=$($PY -c 'import osgeo_utils.samples.validate_gpkg as v; print(v.__file__)' 2>/dev/null)
if [ -n "$validator" ]; then
    if $PY "$validator" "$gpkg" >"$tmp/v.log" 2>&1; then ok "validate_gpkg.py"; else cat "$tmp/v.log"; bad "validate_gpkg.py"; fi
else
    bad "validate_gpkg.py not found (python3-gdal)"
fi

res=$($PY -c 'import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute("PRAGMA integrity_check").fetchone()[0])' "$gpkg")
[ "$res" = "ok" ] && ok "PRAGMA integrity_check" || bad "PRAGMA integrity_check: $res"

n=$(ogrinfo -ro -q "$gpkg" 2>/dev/null | grep -cE '^[0-9]+: ')
[ "$n" -ge 11 ] && ok "ogrinfo lists $n vector layers" || bad "ogrinfo lists $n vector layers"
gdalinfo "GPKG:$gpkg:kde" 2>/dev/null | grep -q 'Type=Float32' && ok "gdalinfo kde Float32" || bad "gdalinfo kde Float32"

mkdir -p "$tmp/xdg" && chmod 700 "$tmp/xdg"
QT_QPA_PLATFORM=offscreen XDG_RUNTIME_DIR="$tmp/xdg" timeout 300 $PY \
    "$HS_SOURCE_DIR/tests/qgis/check_layers.py" "$gpkg" "$HS_SOURCE_DIR/styles" >"$tmp/q.log" 2>&1
rc=$?
if [ $rc -eq 77 ]; then
    grep SKIP "$tmp/q.log"
    echo "SKIP QGIS checks: python3-qgis cannot be imported (apt-get install python3-qgis qgis-providers)"
elif [ $rc -eq 0 ]; then
    ok "QGIS: $(tail -1 "$tmp/q.log")"
else
    grep -E '^FAIL|Error|error' "$tmp/q.log" | head -20
    bad "QGIS: $(tail -1 "$tmp/q.log")"
fi

# The QGIS project a build stores in its GeoPackage (qgis_projects, as QGIS saves a project to a
# GeoPackage): the sample's build, its project opened with QGIS, the layout rendered and compared
# with hotspot's own Gi* map.
cp -r "$HS_SOURCE_DIR/samples/exempelstad" "$tmp/ex"
rm -rf "$tmp/ex/ut"
if "$HOTSPOT" build "$tmp/ex/hotspot.ini" >"$tmp/b.log" 2>&1; then ok "sample build"; else cat "$tmp/b.log"; bad "sample build"; fi
g="$tmp/ex/ut/exempelstad.gpkg"
row=$($PY -c 'import sqlite3,sys; r=sqlite3.connect(sys.argv[1]).execute("SELECT name, metadata, substr(content,1,8) FROM qgis_projects").fetchall(); print(r)' "$g" 2>&1)
case "$row" in
*"'hotspot'"*last_modified_time*"'504b0304'"*) ok "qgis_projects holds the project 'hotspot' as a zipped .qgz in hex" ;;
*) bad "qgis_projects row: $row" ;;
esac
zipcheck=$($PY -c '
import io, sqlite3, sys, zipfile
c = sqlite3.connect(sys.argv[1]).execute("SELECT content FROM qgis_projects WHERE name = ?", ("hotspot",)).fetchone()[0]
z = zipfile.ZipFile(io.BytesIO(bytes.fromhex(c if isinstance(c, str) else c.decode())))
x = z.read("hotspot.qgs").decode()
print(z.testzip(), z.namelist(), x.count("<maplayer "), "Karta A4" in x)' "$g" 2>&1)
case "$zipcheck" in
"None ['hotspot.qgs'] "[1-9]*" True") ok "the .qgz is a sound zip holding hotspot.qgs with its layers and layout ($zipcheck)" ;;
*) bad "the .qgz: $zipcheck" ;;
esac
for l in basemap_areas basemap_lines; do
    n=$(ogrinfo -ro -so "$g" "$l" 2>/dev/null | sed -n 's/^Feature Count: //p')
    [ "${n:-0}" -gt 0 ] && ok "$l: $n features of the sample's basemap" || bad "$l: ${n:-no} features"
done
if [ -n "$validator" ]; then
    if $PY "$validator" "$g" >"$tmp/v2.log" 2>&1; then ok "validate_gpkg.py on the build's GeoPackage"; else cat "$tmp/v2.log"; bad "validate_gpkg.py on the build's GeoPackage"; fi
fi
QT_QPA_PLATFORM=offscreen XDG_RUNTIME_DIR="$tmp/xdg" timeout 300 $PY \
    "$HS_SOURCE_DIR/tests/qgis/check_project.py" "$g" "$tmp/ex/ut/kartor/gistar.png" "$tmp/layout.png" >"$tmp/p.log" 2>&1
rc=$?
if [ $rc -eq 77 ]; then
    echo "SKIP QGIS project checks: python3-qgis cannot be imported"
elif [ $rc -eq 0 ]; then
    grep '^ink' "$tmp/p.log"
    ok "QGIS project: $(tail -1 "$tmp/p.log")"
else
    grep -E '^FAIL|^ink|Error|error' "$tmp/p.log" | head -20
    bad "QGIS project: $(tail -1 "$tmp/p.log")"
fi
echo "$pass passed, $fail failed"
[ $fail -eq 0 ]
