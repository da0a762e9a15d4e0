#!/bin/bash
# Faults while writing: a read-only output directory, a full disk (a 256 KB tmpfs when the test
# runs as root and may mount; otherwise skipped with a message), and `hotspot ingest` killed with
# SIGKILL at random moments (seeded). Each time: a clear error (exit 1), no partial file at the
# target path, and a previous output at that path left intact (PRAGMA integrity_check = ok, same
# incident count). Disk full is also tried on `hotspot build` (its ut/ directory on the tmpfs).
set -u
: "${HOTSPOT:?path of the built CLI}"
: "${HS_SOURCE_DIR:?}"
pass=0
fail=0
ok() { pass=$((pass + 1)); }
bad() {
  fail=$((fail + 1))
  echo "FAIL: $*"
}
tmp=$(mktemp -d)
mnt=""
cleanup() {
  [ -z "$mnt" ] || umount "$mnt" 2>/dev/null
  rm -rf "$tmp"
}
trap cleanup EXIT
sample="$HS_SOURCE_DIR/samples/exempelstad/polisutdrag_2024_2025.csv"
small="$tmp/small.csv"
head -n 6 "$sample" >"$small"

# intact GPKG N LABEL: the file is a whole GeoPackage with N incidents.
intact() {
  local integ n
  integ=$(sqlite3 "$1" 'PRAGMA integrity_check' 2>&1)
  n=$(sqlite3 "$1" 'SELECT count(*) FROM incidents' 2>&1)
  if [ "$integ" = ok ] && [ "$n" = "$2" ]; then ok; else bad "$3: $1: integrity '$integ', $n incidents (expected $2)"; fi
}
# fails LABEL CMD...: the command exits 1 with a message on stderr.
fails() {
  local label=$1
  shift
  "$@" >/dev/null 2>"$tmp/err"
  local rc=$?
  if [ $rc -eq 1 ] && [ -s "$tmp/err" ]; then ok; else bad "$label: exit $rc, stderr: $(tail -n 1 "$tmp/err")"; fi
}

can_mount=0
if [ "$(id -u)" -eq 0 ] && mkdir -p "$tmp/mnt" && mount -t tmpfs -o size=640k tmpfs "$tmp/mnt" 2>/dev/null; then
  can_mount=1
  mnt="$tmp/mnt"
fi

# 1. Read-only output directory (chmod does not stop root: use a read-only mount when root).
if [ $can_mount -eq 1 ]; then
  "$HOTSPOT" -q ingest "$small" -o "$mnt/prev.gpkg" --crs EPSG:3006 >/dev/null 2>&1
  prev_n=$(sqlite3 "$mnt/prev.gpkg" 'SELECT count(*) FROM incidents')
  mount -o remount,ro "$mnt"
  fails "read-only dir" "$HOTSPOT" ingest "$sample" -o "$mnt/new.gpkg" --crs EPSG:3006
  grep -q "new.gpkg" "$tmp/err" && ok || bad "read-only dir: the message does not name the output: $(cat "$tmp/err")"
  fails "read-only dir, overwrite" "$HOTSPOT" ingest "$sample" -o "$mnt/prev.gpkg" --crs EPSG:3006 --overwrite
  intact "$mnt/prev.gpkg" "$prev_n" "read-only dir"
  [ ! -e "$mnt/new.gpkg" ] && ok || bad "read-only dir: new.gpkg exists"
  mount -o remount,rw "$mnt"
elif [ "$(id -u)" -ne 0 ]; then
  mkdir "$tmp/ro"
  chmod 555 "$tmp/ro"
  fails "read-only dir" "$HOTSPOT" ingest "$sample" -o "$tmp/ro/new.gpkg" --crs EPSG:3006
  [ ! -e "$tmp/ro/new.gpkg" ] && ok || bad "read-only dir: new.gpkg exists"
else
  echo "skip: read-only directory (root without mount permission)"
fi

# 2. Disk full: the sample's GeoPackage (~800 KB) cannot fit in 256 KB.
if [ $can_mount -eq 1 ]; then
  rm -f "$mnt/new.gpkg"
  fails "disk full" "$HOTSPOT" ingest "$sample" -o "$mnt/new.gpkg" --crs EPSG:3006
  [ ! -e "$mnt/new.gpkg" ] && ok || bad "disk full: a partial new.gpkg was left"
  fails "disk full, overwrite" "$HOTSPOT" ingest "$sample" -o "$mnt/prev.gpkg" --crs EPSG:3006 --overwrite
  intact "$mnt/prev.gpkg" "$prev_n" "disk full"
  left=$(ls -A "$mnt" | grep -v '^prev.gpkg$' | tr '\n' ' ')
  [ -z "$left" ] && ok || bad "disk full: files left in the output directory: $left"
  # hotspot build with its output directory on the full file system.
  cp -r "$HS_SOURCE_DIR/samples/exempelstad" "$tmp/p"
  rm -rf "$tmp/p/ut"
  mkdir -p "$tmp/p/ut"
  rm -f "$mnt"/*
  umount "$mnt"
  mount -t tmpfs -o size=640k tmpfs "$tmp/p/ut"
  mnt="$tmp/p/ut"
  fails "build, disk full" "$HOTSPOT" build "$tmp/p/hotspot.ini"
  [ ! -e "$tmp/p/ut/exempelstad.gpkg" ] && ok || bad "build, disk full: a partial exempelstad.gpkg was left"
  umount "$mnt"
  mnt=""
else
  echo "skip: disk full (needs root and mount -t tmpfs)"
fi

# 3. SIGKILL during ingest --overwrite: the previous output stays whole, no partial file.
out="$tmp/k.gpkg"
"$HOTSPOT" -q ingest "$small" -o "$out" --crs EPSG:3006 >/dev/null 2>&1
prev_n=$(sqlite3 "$out" 'SELECT count(*) FROM incidents')
s0=$(date +%s%N)
"$HOTSPOT" -q ingest "$sample" -o "$tmp/timing.gpkg" --crs EPSG:3006 >/dev/null 2>&1
dur_ms=$((($(date +%s%N) - s0) / 1000000))
RANDOM=4242
for i in $(seq 1 10); do
  d=$((RANDOM % (dur_ms + 1)))
  "$HOTSPOT" -q ingest "$sample" -o "$out" --crs EPSG:3006 --overwrite >/dev/null 2>&1 &
  pid=$!
  sleep "$(printf '%d.%03d' $((d / 1000)) $((d % 1000)))"
  kill -KILL $pid 2>/dev/null
  wait $pid 2>/dev/null
  n=$(sqlite3 "$out" 'SELECT count(*) FROM incidents' 2>&1)
  integ=$(sqlite3 "$out" 'PRAGMA integrity_check' 2>&1)
  # Either the old output or the complete new one, never anything in between.
  if [ "$integ" = ok ] && { [ "$n" = "$prev_n" ] || [ "$n" = "$(sqlite3 "$tmp/timing.gpkg" 'SELECT count(*) FROM incidents')" ]; }; then ok; else
    bad "ingest kill $i at $d ms: integrity '$integ', $n incidents"
  fi
  prev_n=$n
done
echo "$pass passed, $fail failed"
[ $fail -eq 0 ]
