#!/bin/bash
# Runs every bench/bench_*.sh in turn and prints their figures. Each script compares hotspot with the
# reference tools in ../shared/bench-ref in the same run and prints ratios.
set -u
here=$(cd "$(dirname "$0")" && pwd)
for s in "$here"/bench_*.sh; do
  [ -e "$s" ] || continue
  echo "== $(basename "$s")"
  bash "$s" || echo "   (benchmark $s failed with $?)"
done
