#!/bin/bash
# CLI runs under valgrind (memcheck): invalid reads/writes, use of uninitialised values and
# definite leaks fail the job (--error-exitcode=1). tests/valgrind.supp suppresses only what the
# distribution's libraries (GDAL, PROJ, fontconfig, glib/pango, GEOS) report, never project code.
# Usage: .ci/valgrind.sh [PATH_TO_HOTSPOT (default build/dev/hotspot)] [--with-build]
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
H=${1:-$top/build/dev/hotspot}
with_build=${2:-}
if ! command -v valgrind >/dev/null; then
  echo "valgrind: not installed (apt-get install valgrind): skipped"
  exit 0
fi
[ -x "$H" ] || { echo "valgrind: no CLI at $H"; exit 1; }
S=$top/samples/exempelstad
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
VG=(valgrind -q --error-exitcode=1 --leak-check=full --errors-for-leak-kinds=definite
  --show-leak-kinds=definite --num-callers=40 --suppressions="$top/tests/valgrind.supp")
pass=0
fail=0
run() { # label, then the CLI arguments
  local label=$1
  shift
  if "${VG[@]}" --log-file="$tmp/vg.log" "$H" "$@" >"$tmp/out" 2>"$tmp/err"; then
    pass=$((pass + 1))
    echo "valgrind: $label: clean"
  else
    local rc=$?
    if grep -q . "$tmp/vg.log"; then
      fail=$((fail + 1))
      echo "valgrind: $label: FAILED (exit $rc)"
      head -n 40 "$tmp/vg.log"
    else
      fail=$((fail + 1))
      echo "valgrind: $label: exit $rc: $(tail -n 1 "$tmp/err")"
    fi
  fi
}
run "help" --help
run "ingest" -q ingest "$S/polisutdrag_2024_2025.csv" -o "$tmp/i.gpkg" --crs EPSG:3006
run "ingest hostile" -q ingest "$S/trygghetsvandring_2025.csv" -o "$tmp/t.gpkg" --kind complaint
run "info" info "$tmp/i.gpkg"
run "temporal" -q temporal "$tmp/i.gpkg" -o "$tmp/t.csv"
run "gazetteer" -q gazetteer build "$S/addresses.csv" -o "$tmp/gaz.sqlite"
run "geocode" -q geocode "$tmp/i.gpkg" -g "$tmp/gaz.sqlite" -o "$tmp/geo.gpkg"
if [ "$with_build" = "--with-build" ]; then
  cp -r "$S" "$tmp/p"
  run "build" -q build "$tmp/p/hotspot.ini"
fi
echo "valgrind: $pass passed, $fail failed"
[ $fail -eq 0 ]
