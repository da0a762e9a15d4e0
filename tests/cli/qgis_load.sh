#!/bin/bash
# A GeoPackage with every layer kind (written by the test_gpkg_layers program through the library)
# passes GDAL's GeoPackage validator (validate_gpkg.py: the GeoPackage requirements) and SQLite's
# integrity check, and every layer loads in QGIS (python3-qgis, headless): valid, EPSG:3006, and
# styled from layer_styles with the classes and colours of styles/<kind>.style. The QGIS part is
# skipped with a message only when python3-qgis cannot be imported.
set -u
: "${HS_BINARY_DIR:?}" "${HS_SOURCE_DIR:?}"
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
echo "$pass passed, $fail failed"
[ $fail -eq 0 ]
