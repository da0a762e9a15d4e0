#!/bin/bash
# labels: slow
# PostGIS output and input against a real PostgreSQL + PostGIS server (Debian's
# postgresql-15-postgis-3) started here on 127.0.0.1 with a temporary data folder and stopped in a
# trap. `hotspot build` with [output] postgis publishes every vector layer of its GeoPackage into
# the project's schema (same row counts, EPSG:3006, GiST index, metadata table; a second build
# replaces, never duplicates); `hotspot ingest` reads incidents back from PostGIS (PG:...
# tables=schema.incidents) and writes to PostGIS (-o PG:... --schema). Skipped, with a message,
# when the server binaries are missing or the server cannot start.
set -u
hs=${HOTSPOT:?set HOTSPOT to the built hotspot}
src=${HS_SOURCE_DIR:?}/samples/exempelstad
py=/usr/bin/python3
pass=0
fail=0
ok() { pass=$((pass + 1)); }
bad() {
    fail=$((fail + 1))
    echo "FAIL: $*"
}
skip() {
    echo "skipped: $*"
    echo "0 passed, 0 failed"
    exit 0
}

bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
[ -n "$bin" ] && [ -x "$bin/initdb" ] && [ -x "$bin/pg_ctl" ] || skip "PostgreSQL server binaries not installed (apt-get install postgresql-15-postgis-3)"
ls /usr/share/postgresql/*/extension/postgis.control >/dev/null 2>&1 || skip "PostGIS extension not installed (apt-get install postgresql-15-postgis-3)"

tmp=$(mktemp -d)
# PostgreSQL refuses to run as root: run the server as postgres then (the folder must be its own).
as=()
if [ "$(id -u)" = 0 ]; then
    id postgres >/dev/null 2>&1 || skip "running as root and no postgres user to run the server"
    as=(runuser -u postgres --)
    chown postgres "$tmp"
fi
chmod 700 "$tmp"
port=$((55432 + RANDOM % 1000))
for _ in 1 2 3 4 5; do
    (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null || break
    port=$((55432 + RANDOM % 1000))
done
stop() {
    "${as[@]}" "$bin/pg_ctl" -D "$tmp/data" -m immediate -w stop >/dev/null 2>&1
    rm -rf "$tmp"
}
trap stop EXIT

"${as[@]}" "$bin/initdb" -D "$tmp/data" -A trust -U postgres -E UTF8 --no-locale >"$tmp/initdb.log" 2>&1 ||
    skip "initdb failed: $(tail -2 "$tmp/initdb.log")"
"${as[@]}" "$bin/pg_ctl" -D "$tmp/data" -l "$tmp/server.log" -w -t 30 \
    -o "-c listen_addresses=127.0.0.1 -p $port -k $tmp -c fsync=off" start >/dev/null 2>&1 ||
    skip "the server did not start: $(tail -2 "$tmp/server.log" 2>/dev/null)"
db=hs_test
"${as[@]}" "$bin/createdb" -h 127.0.0.1 -p "$port" -U postgres "$db" >/dev/null 2>&1 || skip "createdb failed"
psql_() { "$bin/psql" -X -q -At -h 127.0.0.1 -p "$port" -U postgres -d "$db" "$@"; }
psql_ -c "CREATE EXTENSION postgis" >/dev/null 2>&1 || skip "CREATE EXTENSION postgis failed"
conn="PG:host=127.0.0.1 port=$port dbname=$db user=postgres"

# 1. build the sample with [output] postgis: the schema is the folded project name.
mkdir "$tmp/p"
cp "$src"/*.csv "$src"/*.geojson "$src"/hotspot.ini "$tmp/p/"
printf '\n; published to PostGIS as well\npostgis = %s\n' "$conn" >>"$tmp/p/hotspot.ini"
"$hs" --no-progress build "$tmp/p/hotspot.ini" >"$tmp/out" 2>"$tmp/err"
rc=$?
[ $rc -eq 0 ] && ok || bad "build with postgis exit $rc: $(tail -3 "$tmp/err")"
gpkg=$(awk -F'\t' '$1=="gpkg"{print $2}' "$tmp/out")
schema=exempelstad_fiktiv_kommun # "Exempelstad (fiktiv kommun)" folded by hand
grep -q "postgis: .* copied into schema $schema" "$tmp/err" && ok || bad "no postgis log line naming $schema"

# Every vector layer of the GeoPackage is a table of the schema with the same row count.
check_counts() {
    "$py" - "$gpkg" "$conn" "$schema" <<'PY'
import sys
from osgeo import ogr
src = ogr.Open(sys.argv[1])
dst = ogr.Open(sys.argv[2])
schema = sys.argv[3]
bad = 0
names = [src.GetLayer(i).GetName() for i in range(src.GetLayerCount())]
for required in ("incidents", "complaints", "grid", "gistar", "rejects", "run", "layer_styles"):
    if required not in names:
        print("GeoPackage lacks", required); bad += 1
for n in names:
    want = src.GetLayerByName(n).GetFeatureCount()
    lyr = dst.GetLayerByName(schema + "." + n)
    got = lyr.GetFeatureCount() if lyr else None
    if got != want:
        print(n, "rows", got, "expected", want); bad += 1
sys.exit(1 if bad or len(names) < 10 else 0)
PY
}
check_counts && ok || bad "layer row counts differ between the GeoPackage and PostGIS"
[ "$(psql_ -c "SELECT srid FROM geometry_columns WHERE f_table_schema='$schema' AND f_table_name='incidents'")" = 3006 ] &&
    ok || bad "incidents not stored with SRID 3006"
[ "$(psql_ -c "SELECT count(*) FROM pg_indexes WHERE schemaname='$schema' AND tablename='incidents' AND indexdef LIKE '%gist%'")" = 1 ] &&
    ok || bad "no GiST index on incidents"
psql_ -c "SELECT metadata FROM $schema.metadata" | grep -q '"tool": {"value": "hotspot"' && ok || bad "run metadata not copied"
[ "$(psql_ -c "SELECT count(*) FROM information_schema.tables WHERE table_schema='$schema' AND table_name='kde'")" = 0 ] &&
    ok || bad "a kde table appeared (rasters are skipped)"
n_inc=$(sqlite3 "$gpkg" 'SELECT count(*) FROM incidents')

# 2. a forced rebuild replaces the tables (no duplicate rows).
"$hs" --no-progress build --force "$tmp/p/hotspot.ini" >/dev/null 2>"$tmp/err2"
rc=$?
[ $rc -eq 0 ] && ok || bad "second build exit $rc: $(tail -3 "$tmp/err2")"
check_counts && ok || bad "row counts differ after the second build"

# 3. ingest reads the incidents back from PostGIS: same number of incidents.
"$hs" --no-progress ingest "$conn tables=$schema.incidents" --crs EPSG:3006 --from t_from --to t_to \
    -o "$tmp/back.gpkg" >"$tmp/out3" 2>"$tmp/err3"
rc=$?
[ $rc -eq 0 ] && ok || bad "ingest from PostGIS exit $rc: $(tail -3 "$tmp/err3")"
[ "$(sqlite3 "$tmp/back.gpkg" 'SELECT count(*) FROM incidents' 2>/dev/null)" = "$n_inc" ] && ok ||
    bad "ingest from PostGIS kept $(sqlite3 "$tmp/back.gpkg" 'SELECT count(*) FROM incidents' 2>/dev/null), expected $n_inc"
grep -q "0 rejected" "$tmp/err3" && ok || bad "rows rejected when reading back from PostGIS"

# 4. ingest writes to PostGIS: same rows as the GeoPackage it would write; exists without --overwrite.
csv="$src/trygghetsvandring_2025.csv"
iargs=(--kind complaint --crs EPSG:3006 --id id --x x --y y --time datum)
"$hs" --no-progress ingest "$csv" "${iargs[@]}" -o "$tmp/ref.gpkg" >/dev/null 2>&1
"$hs" --no-progress ingest "$csv" "${iargs[@]}" -o "$conn" --schema analyst_b >/dev/null 2>"$tmp/err4"
rc=$?
[ $rc -eq 0 ] && ok || bad "ingest -o PG: exit $rc: $(tail -3 "$tmp/err4")"
want=$(sqlite3 "$tmp/ref.gpkg" 'SELECT count(*) FROM incidents' 2>/dev/null)
[ -n "$want" ] && [ "$want" -gt 0 ] && [ "$(psql_ -c 'SELECT count(*) FROM analyst_b.incidents')" = "$want" ] &&
    ok || bad "analyst_b.incidents has $(psql_ -c 'SELECT count(*) FROM analyst_b.incidents'), expected $want"
ls /tmp/hotspot-pg-* >/dev/null 2>&1 && bad "temporary GeoPackage left behind" || ok
"$hs" --no-progress ingest "$csv" "${iargs[@]}" -o "$conn" --schema analyst_b >/dev/null 2>"$tmp/err5"
rc=$?
[ $rc -ne 0 ] && grep -q "already exist" "$tmp/err5" && ok || bad "second ingest without --overwrite: exit $rc, $(tail -2 "$tmp/err5")"
"$hs" --no-progress ingest "$csv" "${iargs[@]}" -o "$conn" --schema analyst_b --overwrite >/dev/null 2>"$tmp/err6"
rc=$?
[ $rc -eq 0 ] && [ "$(psql_ -c 'SELECT count(*) FROM analyst_b.incidents')" = "$want" ] && ok ||
    bad "ingest --overwrite: exit $rc, $(tail -2 "$tmp/err6")"

# A copy that fails part-way (incidents go first, rejects then collide) leaves nothing behind.
psql_ -c "CREATE SCHEMA partial; CREATE TABLE partial.rejects (a int)" >/dev/null
"$hs" --no-progress ingest "$csv" "${iargs[@]}" -o "$conn" --schema partial >/dev/null 2>&1
rc=$?
[ $rc -ne 0 ] && [ "$(psql_ -c "SELECT count(*) FROM information_schema.tables WHERE table_schema='partial'")" = 1 ] &&
    ok || bad "failed copy left tables in schema partial (exit $rc)"

# 5. errors: an unsafe schema name and a server that is not there name the problem.
"$hs" --no-progress ingest "$csv" "${iargs[@]}" -o "$conn" --schema 'x"; DROP' >/dev/null 2>"$tmp/err7"
rc=$?
[ $rc -ne 0 ] && grep -q "schema .* is not valid" "$tmp/err7" && ok || bad "bad schema accepted: exit $rc"
"$hs" --no-progress ingest "$csv" "${iargs[@]}" -o "PG:host=127.0.0.1 port=1 dbname=$db user=postgres" \
    >/dev/null 2>"$tmp/err8"
rc=$?
[ $rc -ne 0 ] && grep -q "cannot connect" "$tmp/err8" && ok || bad "unreachable server: exit $rc, $(tail -2 "$tmp/err8")"

# a second project whose input is the incidents table in PostGIS: the build reads it and keeps them all
mkdir -p "$tmp/frompg"
cat > "$tmp/frompg/hotspot.ini" <<INI
[project]
name = Från PostGIS
kommun = 9999
[input polis]
path = $conn tables=$schema.incidents
kind = incident
crs = EPSG:3006
from = t_from
to = t_to
[output]
gpkg = ut/frompg.gpkg
INI
"$hs" --no-progress build "$tmp/frompg/hotspot.ini" >"$tmp/out9" 2>"$tmp/err9"
rc=$?
[ $rc -eq 0 ] && ok || bad "build reading from PostGIS: exit $rc: $(tail -3 "$tmp/err9")"
[ "$(sqlite3 "$tmp/frompg/ut/frompg.gpkg" 'SELECT count(*) FROM incidents' 2>/dev/null)" = "$n_inc" ] && ok ||
    bad "build from PostGIS kept $(sqlite3 "$tmp/frompg/ut/frompg.gpkg" 'SELECT count(*) FROM incidents' 2>&1), expected $n_inc"

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
