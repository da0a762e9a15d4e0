#!/bin/bash
# CLI basics: help and version, exit codes for unknown commands and options, every SPEC command
# answers --help, `init` writes a template that reads back and refuses to overwrite.
set -u
hs=${HOTSPOT:?set HOTSPOT to the built hotspot}
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
pass=0; fail=0
ok() { pass=$((pass+1)); }
bad() { fail=$((fail+1)); echo "FAIL: $*"; }
expect() { # expected-exit description command...
  local want=$1 what=$2; shift 2
  "$@" >"$tmp/out" 2>"$tmp/err"; local rc=$?
  [ "$rc" -eq "$want" ] && ok || bad "$what: exit $rc, want $want ($(head -c 300 "$tmp/err"))"
}

expect 0 "--version" "$hs" --version
grep -q "^hotspot [0-9]" "$tmp/out" && ok || bad "--version prints the version on stdout"
expect 0 "--help" "$hs" --help
cp "$tmp/out" "$tmp/main-help"
for c in build init ingest gazetteer geocode grid kde gistar temporal render report info; do
  grep -qw "$c" "$tmp/main-help" && ok || bad "--help lists $c"
  expect 0 "$c --help" "$hs" "$c" --help
  grep -q "Usage: hotspot $c" "$tmp/out" && ok || bad "$c --help prints its usage"
done
expect 2 "unknown command" "$hs" gird
grep -q "Did you mean 'grid'" "$tmp/err" && ok || bad "unknown command suggests the nearest"
expect 2 "unknown option" "$hs" grid --no-such-option x.csv
grep -q "hotspot grid: unknown option '--no-such-option'" "$tmp/err" && ok || bad "unknown option names command and option"
expect 2 "missing option value" "$hs" grid x.csv --cell
expect 2 "no command" "$hs"
expect 2 "bad --lang" "$hs" --lang de info x
expect 2 "bad --threads" "$hs" --threads many info x

expect 0 "init" "$hs" init "$tmp/proj" --kommun 1487
[ -s "$tmp/proj/hotspot.ini" ] && ok || bad "init wrote hotspot.ini"
grep -q "^kommun = 1487" "$tmp/proj/hotspot.ini" && ok || bad "init used the kommun code"
expect 2 "init refuses to overwrite" "$hs" init "$tmp/proj"
grep -q "overwrite" "$tmp/err" && ok || bad "init says how to overwrite"
expect 0 "init --overwrite" "$hs" init "$tmp/proj" --overwrite
expect 2 "init bad kommun" "$hs" init "$tmp/p2" --kommun 14

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
