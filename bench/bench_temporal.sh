#!/bin/bash
# Aoristic hour-of-week tables: hotspot (bench_temporal, 10 M records -> 10 000 units) beside a
# vectorised numpy implementation of the same weighting (the usual Python route; the R package
# `aoristic` loops per record in R and is not packaged for Debian) on 1 M records, in the same run.
# Prints wall time, throughput and peak RSS (/usr/bin/time -v) and the ratio of throughputs.
# Usage: bench/bench_temporal.sh [N] [UNITS]   (env HS_BINARY_DIR = the build directory)
set -u
here=$(cd "$(dirname "$0")" && pwd)
bin=${HS_BINARY_DIR:-$here/../build}/bench/bench_temporal
N=${1:-10000000}
U=${2:-10000}
NREF=${NREF:-1000000}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
[ -x "$bin" ] || { echo "bench_temporal not built: $bin"; exit 1; }

/usr/bin/time -v "$bin" "$N" "$U" >"$tmp/hs.out" 2>"$tmp/hs.time" || { cat "$tmp/hs.out" "$tmp/hs.time"; exit 1; }
cat "$tmp/hs.out" | grep -v '^STAGE'
hs_s=$(awk '/^STAGE/{print $3}' "$tmp/hs.out")
hs_rss=$(awk -F: '/Maximum resident/{gsub(/ /,"",$2); print int($2/1024)}' "$tmp/hs.time")
hs_wall=$(awk '/Elapsed \(wall/{print $NF}' "$tmp/hs.time")

cat >"$tmp/ref.py" <<'PY'
import sys, time
import numpy as np
n, nu = int(sys.argv[1]), int(sys.argv[2])
rng = np.random.default_rng(20240601)
t0 = 1672531200  # 2023-01-01 UTC, read as plain wall clock (no daylight saving)
frm = t0 + rng.integers(0, 2 * 365 * 86400, n) // 60 * 60
k = rng.integers(0, 100, n)
dur = np.where(k < 30, 0, np.where(k < 85, 60 + rng.integers(0, 16 * 3600, n),
      np.where(k < 97, rng.integers(0, 3 * 86400, n), 7 * 86400 + rng.integers(0, 30 * 86400, n))))
unit = rng.integers(0, nu, n)
a = time.perf_counter()
table = np.zeros(nu * 168)
week = dur >= 7 * 86400
exact = dur <= 60
np.add.at(table, np.repeat(unit[week] * 168, 168) + np.tile(np.arange(168), week.sum()), 1 / 168)
how = lambda t: (((t // 86400) + 3) % 7) * 24 + (t % 86400) // 3600  # Monday = 0
np.add.at(table, unit[exact] * 168 + how(frm[exact]), 1.0)
sel = ~week & ~exact
f, d, u = frm[sel], dur[sel], unit[sel]
t = f.copy()
end = f + d
while t.size:
    nxt = np.minimum((t // 3600 + 1) * 3600, end)
    np.add.at(table, u * 168 + how(t), (nxt - t) / d)
    keep = nxt < end
    t, end, d, u = nxt[keep], end[keep], d[keep], u[keep]
b = time.perf_counter()
print("numpy reference: %d records in %.3f s = %.2f M records/s; sum %.1f" % (n, b - a, n / (b - a) / 1e6, table.sum()))
print("STAGE numpy_aoristic %.3f" % (b - a))
PY
/usr/bin/time -v /usr/bin/python3 "$tmp/ref.py" "$NREF" "$U" >"$tmp/ref.out" 2>"$tmp/ref.time" || { cat "$tmp/ref.out" "$tmp/ref.time"; exit 1; }
grep -v '^STAGE' "$tmp/ref.out"
ref_s=$(awk '/^STAGE/{print $3}' "$tmp/ref.out")
ref_rss=$(awk -F: '/Maximum resident/{gsub(/ /,"",$2); print int($2/1024)}' "$tmp/ref.time")
ref_wall=$(awk '/Elapsed \(wall/{print $NF}' "$tmp/ref.time")
echo "hotspot: compute $hs_s s for $N records, wall $hs_wall, peak RSS $hs_rss MB"
echo "numpy:   compute $ref_s s for $NREF records, wall $ref_wall, peak RSS $ref_rss MB"
awk -v a="$hs_s" -v n="$N" -v b="$ref_s" -v m="$NREF" 'BEGIN{printf "throughput ratio hotspot/numpy: %.1fx\n", (n/a)/(m/b)}'
