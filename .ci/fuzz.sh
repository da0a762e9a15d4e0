#!/bin/bash
# CI fuzzing: builds the libFuzzer targets (clang, ASan + UBSan) and runs each for a bounded time
# on its seed corpus (tests/fuzz/corpus/<target>), one or two at a time. New inputs go to a
# temporary directory, never into the repository. A crash, leak, timeout or invariant failure
# fails the job; the reproducer is copied to $FUZZ_ARTIFACTS (default build-fuzz/artifacts) and
# belongs in tests/fuzz/regress/<target>/ once the bug is fixed.
# Usage: .ci/fuzz.sh [SECONDS_PER_TARGET (default 20)] [TARGET...]
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
secs=${1:-20}
shift || true
build=${FUZZ_BUILD_DIR:-$top/build-fuzz}
art=${FUZZ_ARTIFACTS:-$build/artifacts}
if ! command -v clang >/dev/null; then
  echo "fuzz: clang not installed (apt-get install clang): skipped"
  exit 0
fi
CC=clang cmake -S "$top" -B "$build" -DHS_FUZZ=ON -DHS_TESTS=OFF -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null || exit 1
cmake --build "$build" -j2 >/dev/null || { echo "fuzz: build failed"; exit 1; }
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
  for d in "$top"/tests/fuzz/corpus/*/; do targets+=("$(basename "$d")"); done
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$art"
status=0
for t in "${targets[@]}"; do
  bin="$build/tests/fuzz/$t"
  [ -x "$bin" ] || { echo "fuzz: $t: no binary"; status=1; continue; }
  mkdir -p "$work/$t" "$art/$t"
  dirs=("$work/$t" "$top/tests/fuzz/corpus/$t")
  [ -d "$top/tests/fuzz/regress/$t" ] && dirs+=("$top/tests/fuzz/regress/$t")
  "$bin" "${dirs[@]}" -max_total_time="$secs" \
    -rss_limit_mb=2048 -timeout=10 -print_final_stats=1 -artifact_prefix="$art/$t/" >"$work/$t.log" 2>&1
  rc=$?
  execs=$(grep -o 'number_of_executed_units: *[0-9]*' "$work/$t.log" | grep -o '[0-9]*$')
  cov=$(grep -E '^#[0-9]+[[:space:]]+DONE' "$work/$t.log" | grep -o 'cov: [0-9]*')
  if [ $rc -eq 0 ]; then
    echo "fuzz: $t: ${secs}s, ${execs:-?} runs, ${cov:-cov: ?}: no finding"
  else
    echo "fuzz: $t: FINDING (exit $rc); reproducer in $art/$t/"
    grep -E 'ERROR|SUMMARY|invariant' "$work/$t.log" | head -n 5
    status=1
  fi
done
exit $status
