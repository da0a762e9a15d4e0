#!/bin/bash
# labels: slow
# Partitioned runs give the same numbers as one run: the sample's police extract split by year into
# two partitions, each built as its own project (as two analysts or two machines would, in
# parallel), must add up to the single build: rows read, incidents, rejects, and the count of every
# grid cell and every place. See docs/postgis.md for running partitions into one shared database.
set -u
hs=${HOTSPOT:?set HOTSPOT to the built hotspot}
src=${HS_SOURCE_DIR:?}/samples/exempelstad
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
pass=0; fail=0
ok() { pass=$((pass+1)); }
bad() { fail=$((fail+1)); echo "FAIL: $*"; }

for d in all y2024 y2025; do
  mkdir -p "$tmp/$d"
  cp "$src"/*.geojson "$src"/addresses.csv "$src"/brottskoder.csv "$tmp/$d/"
  # the police input only, no maps or report: the numbers are what is compared
  awk '/^\[input trygghet\]/{skip=1} /^\[places\]/{skip=0} !skip' "$src/hotspot.ini" |
    grep -v -E '^(maps|report|context|formats) =' > "$tmp/$d/hotspot.ini"
done
cp "$src/polisutdrag_2024_2025.csv" "$tmp/all/"
# split by the year of "Händelsedatum från" (4th column); the header goes to both; rows whose date
# is not a 2024/2025 date (bad dates, planted on purpose) go to the 2024 partition
/usr/bin/python3 - "$src/polisutdrag_2024_2025.csv" "$tmp/y2024/polisutdrag_2024_2025.csv" \
  "$tmp/y2025/polisutdrag_2024_2025.csv" <<'PY'
import sys
src, a, b = sys.argv[1:]
raw = open(src, "rb").read().split(b"\r\n" if b"\r\n" in open(src, "rb").read() else b"\n")
head, rows = raw[0], [r for r in raw[1:] if r]
fa, fb = open(a, "wb"), open(b, "wb")
for f in (fa, fb):
    f.write(head + b"\n")
for r in rows:
    cols = r.split(b";")
    (fb if len(cols) > 3 and cols[3].startswith(b"2025") else fa).write(r + b"\n")
PY
for d in all y2024 y2025; do
  "$hs" -q build "$tmp/$d/hotspot.ini" >/dev/null 2>"$tmp/$d.err" && ok || bad "build $d: $(tail -3 "$tmp/$d.err")"
done
/usr/bin/python3 - "$tmp" <<'PY' && ok || bad "partitions do not add up to the single run"
import sqlite3, sys
t = sys.argv[1]
def q(d, sql):
    return sqlite3.connect(f"{t}/{d}/ut/exempelstad.gpkg").execute(sql).fetchall()
bad = 0
for sql in ["SELECT count(*) FROM incidents", "SELECT count(*) FROM rejects"]:
    a, b, c = (q(d, sql)[0][0] for d in ("all", "y2024", "y2025"))
    if a != b + c:
        print(f"{sql}: {a} != {b} + {c}"); bad += 1
for layer, key in [("grid", "cell_id"), ("places", "place_id")]:
    whole = dict(q("all", f"SELECT {key}, n FROM {layer}"))
    parts = {}
    for d in ("y2024", "y2025"):
        for k, n in q(d, f"SELECT {key}, n FROM {layer}"):
            parts[k] = parts.get(k, 0) + n
    diff = [k for k in set(whole) | set(parts) if whole.get(k, 0) != parts.get(k, 0)]
    if diff:
        print(f"{layer}: {len(diff)} units differ, e.g. {diff[:3]}"); bad += 1
    elif sum(whole.values()) == 0:
        print(f"{layer}: empty"); bad += 1
sys.exit(1 if bad else 0)
PY
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
