#!/bin/bash
# Hostile inputs through `hotspot ingest`: truncated, binary, 10 MB lines, NUL bytes, wrong
# encodings, 100 000 columns, formulas, huge numbers, NaN/Inf, duplicate headers, deep JSON.
# Each file must end with exit 0, 1 or 3 (never a signal or a timeout), within 60 s and 4 GB of
# address space, with a message naming the file on failure, no partial output on failure, and
# conservation on success: rows read = kept + rejected = incidents + rejects in the GeoPackage,
# and = the data rows of the file where that number is well defined (tests/hostile/MANIFEST).
# The files are generated into a temporary directory by tests/hostile/make_hostile.py.
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
$PY "$HS_SOURCE_DIR/tests/hostile/make_hostile.py" "$tmp/in" >/dev/null || {
  echo "cannot generate the hostile corpus"
  echo "0 passed, 1 failed"
  exit 1
}
# Memory bound: address-space limit, or ASan's RSS limit when the CLI is sanitized (ASan reserves
# terabytes of virtual memory, so an address-space limit would kill it at start).
limit=(prlimit --as=4000000000)
if ldd "$HOTSPOT" 2>/dev/null | grep -q 'libasan'; then
  limit=()
  export ASAN_OPTIONS="${ASAN_OPTIONS:-}${ASAN_OPTIONS:+:}hard_rss_limit_mb=4000:exitcode=86"
  export UBSAN_OPTIONS="${UBSAN_OPTIONS:-}${UBSAN_OPTIONS:+:}halt_on_error=1:print_stacktrace=1:exitcode=87"
fi

# count_rows GPKG TABLE -> number of rows (or "x")
count_rows() { sqlite3 "$1" "SELECT count(*) FROM \"$2\"" 2>/dev/null || echo x; }

check_run() { # name expected_rows max_kept input
  local name=$1 rows=$2 maxk=$3 in=$4
  local out="$tmp/out_$name.gpkg"
  rm -f "$out"
  timeout 60 "${limit[@]}" "$HOTSPOT" ingest "$in" -o "$out" --crs EPSG:3006 >"$tmp/stdout" 2>"$tmp/stderr"
  local rc=$?
  if [ $rc -eq 124 ]; then
    bad "$name: timed out (60 s)"
    return
  fi
  if grep -q -e 'runtime error:' -e 'AddressSanitizer' -e 'LeakSanitizer' "$tmp/stderr"; then
    bad "$name: sanitizer report: $(grep -m1 -e 'runtime error:' -e 'Sanitizer' "$tmp/stderr")"
    return
  fi
  if [ $rc -ne 0 ] && [ $rc -ne 1 ] && [ $rc -ne 3 ]; then
    bad "$name: exit $rc ($(tail -n 3 "$tmp/stderr" | tr '\n' ' '))"
    return
  fi
  ok
  if [ $rc -ne 0 ]; then
    # Row-level problems are rejects, not failures: a file with well-defined rows ends 0 or 3.
    if [ "$rows" = "-" ] || [ $rc -eq 3 ]; then ok; else
      bad "$name: exit $rc on a file of $rows well-formed rows: $(tail -n 1 "$tmp/stderr")"
    fi
    if tail -n 1 "$tmp/stderr" | grep -qF -e "$(basename "$in")" -e "$out" -e "no usable rows"; then ok; else
      bad "$name: exit $rc without a message naming the file: $(tail -n 1 "$tmp/stderr")"
    fi
    if [ -e "$out" ]; then bad "$name: failed (exit $rc) but left $out"; else ok; fi
    return
  fi
  local tot n k r
  tot=$(grep -m1 'rows read' "$tmp/stderr" | grep -o '[0-9]* rows read, [0-9]* kept, [0-9]* rejected')
  n=$(echo "$tot" | awk '{print $1}')
  k=$(echo "$tot" | awk '{print $4}')
  r=$(echo "$tot" | awk '{print $6}')
  if [ -z "$n" ]; then
    bad "$name: no 'rows read' summary on stderr"
    return
  fi
  if [ $((k + r)) -eq "$n" ]; then ok; else bad "$name: summary $n read != $k kept + $r rejected"; fi
  if [ "$rows" = "-" ] || [ "$n" -eq "$rows" ]; then ok; else bad "$name: $n rows read, the file has $rows data rows"; fi
  if [ "$maxk" = "-" ] || [ "$k" -le "$maxk" ]; then ok; else bad "$name: $k rows kept, at most $maxk are valid"; fi
  local integ gi gr
  integ=$(sqlite3 "$out" 'PRAGMA integrity_check' 2>&1)
  if [ "$integ" = "ok" ]; then ok; else bad "$name: integrity_check: $integ"; fi
  gi=$(count_rows "$out" incidents)
  gr=$(count_rows "$out" rejects)
  if [ "$gi" != x ] && [ "$gr" != x ] && [ $((gi + gr)) -eq "$n" ]; then ok; else
    bad "$name: GeoPackage holds $gi incidents + $gr rejects, $n rows were read"
  fi
}

while IFS=$'\t' read -r file rows maxk what; do
  [ -n "$file" ] || continue
  check_run "${file%.*}" "$rows" "$maxk" "$tmp/in/$file"
done <"$tmp/in/MANIFEST.tsv"

# Conservation on the sample police extract: rows read = data rows counted by Python's csv module.
sample="$HS_SOURCE_DIR/samples/exempelstad/polisutdrag_2024_2025.csv"
if [ -f "$sample" ]; then
  rows=$($PY -c 'import csv,sys; r=list(csv.reader(open(sys.argv[1],encoding="utf-8",newline=""),delimiter=";")); print(sum(1 for x in r[1:] if any(x)))' "$sample")
  check_run sample "$rows" - "$sample"
fi

echo "$pass passed, $fail failed"
[ $fail -eq 0 ]
