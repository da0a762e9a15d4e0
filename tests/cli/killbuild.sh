#!/bin/bash
# labels: slow
# `hotspot build` killed with SIGKILL at 20 random moments (seeded): after each kill the previous
# outputs must still be whole (GeoPackage: PRAGMA integrity_check = ok and the same incident count;
# PDFs: pdfinfo reads them; PNGs: signature and IEND chunk) and nothing partial may sit at a target
# path. A final uninterrupted build must succeed. Uses a copy of samples/exempelstad.
set -u
: "${HOTSPOT:?path of the built CLI}"
: "${HS_SOURCE_DIR:?}"
PY=/usr/bin/python3
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
gpkg=ut/exempelstad.gpkg
pdf=ut/lagesbild_exempelstad.pdf

# check_outputs LABEL: every output at its target path is complete.
check_outputs() {
  local label=$1 integ n f
  integ=$(sqlite3 "$gpkg" 'PRAGMA integrity_check' 2>&1)
  if [ "$integ" = ok ]; then ok; else bad "$label: $gpkg integrity_check: $integ"; fi
  n=$(sqlite3 "$gpkg" 'SELECT count(*) FROM incidents' 2>&1)
  if [ "$n" = "$base_incidents" ]; then ok; else bad "$label: $gpkg has '$n' incidents, expected $base_incidents"; fi
  for f in "${targets[@]}"; do
    [ -e "$f" ] || bad "$label: $f is missing"
  done
  for f in "${targets[@]}"; do
    case "$f" in
    *.pdf) if pdfinfo "$f" >/dev/null 2>&1; then ok; else bad "$label: $f is not a readable PDF"; fi ;;
    esac
  done
  if $PY - "${targets[@]}" <<'PYEOF'; then ok; else bad "$label: a PNG is truncated"; fi
import sys
for p in sys.argv[1:]:
    if not p.endswith(".png"):
        continue
    b = open(p, "rb").read()
    if not (b.startswith(b"\x89PNG\r\n\x1a\n") and b[-12:-8] == b"\0\0\0\0" and b[-8:-4] == b"IEND"):
        print(p, "truncated"); sys.exit(1)
PYEOF
}

if ! "$HOTSPOT" -q build hotspot.ini >"$tmp/log" 2>&1; then
  echo "first build failed: $(tail -n 3 "$tmp/log")"
  echo "0 passed, 1 failed"
  exit 1
fi
base_incidents=$(sqlite3 "$gpkg" 'SELECT count(*) FROM incidents')
# The target paths: what a complete build leaves (temporary names of a running build excluded, and
# the build state, which a running build removes until it has finished so that a killed build is
# redone by the next one).
mapfile -t targets < <(find ut -type f | grep -v -e '\.part' -e '\.tmp' -e '\.state$' -e '\.hotspot-cache' | sort)
find ut -type f | sort >"$tmp/files.0"
s0=$(date +%s%N)
"$HOTSPOT" -q build --force hotspot.ini >/dev/null 2>&1
dur_ms=$((($(date +%s%N) - s0) / 1000000))
check_outputs "after a full build"

RANDOM=20261123
for i in $(seq 1 20); do
  delay_ms=$((RANDOM % (dur_ms + 1)))
  "$HOTSPOT" -q build --force hotspot.ini >/dev/null 2>&1 &
  pid=$!
  sleep "$(printf '%d.%03d' $((delay_ms / 1000)) $((delay_ms % 1000)))"
  kill -KILL $pid 2>/dev/null
  wait $pid 2>/dev/null
  check_outputs "kill $i at ${delay_ms} ms"
done
# Leftovers of killed runs must not sit at a target path (temporary names beside are allowed but
# reported, so that they can be cleaned by the next run).
find ut -type f | sort >"$tmp/files.1"
extra=$(comm -13 "$tmp/files.0" "$tmp/files.1" | tr '\n' ' ')
[ -z "$extra" ] || echo "note: files left beside the outputs after the kills: $extra"
if "$HOTSPOT" -q build hotspot.ini >"$tmp/log" 2>&1; then ok; else bad "build after the kills failed: $(tail -n 2 "$tmp/log")"; fi
check_outputs "after the build that follows the kills"
left=$(find ut -type f -name '*.part*' -o -type f -name '*.tmp-*' | tr '\n' ' ')
[ -z "$left" ] && ok || bad "unfinished files left after a complete build: $left"
check_outputs "after the final build"
echo "$pass passed, $fail failed"
[ $fail -eq 0 ]
