#!/bin/bash
# Set-up command 2 (README, and .ci/run): installs the Debian packages (with the test ones),
# builds with warnings as errors, runs every test, then the sanitizer build's tests, CLI runs under
# valgrind, a bounded fuzzing run of every parser, the source checks and the SPEC contract check.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
"$top/tools/install-deps.sh" all
if ! locale -a 2>/dev/null | grep -qi '^sv_SE.utf8$'; then
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO=sudo
  $SUDO sed -i 's/^# *sv_SE.UTF-8/sv_SE.UTF-8/' /etc/locale.gen
  grep -q '^sv_SE.UTF-8' /etc/locale.gen || echo 'sv_SE.UTF-8 UTF-8' | $SUDO tee -a /etc/locale.gen >/dev/null
  $SUDO locale-gen >/dev/null
fi
# the shared public data and tools: ../shared beside the checkout, or the folder HS_SHARED names
for d in "${HS_SHARED:-}" "$top/../shared"; do
  if [ -n "$d" ] && [ -d "$d/data" ]; then
    HS_SHARED=$(cd "$d" && pwd)
    export HS_SHARED
    break
  fi
done
[ -n "${HS_SHARED:-}" ] && echo "== shared data: $HS_SHARED" ||
  echo "== shared data not found (set HS_SHARED): the tests that read it will fail"
jobs=$(nproc)
status=0
echo "== source checks"
bash tests/check-seams.sh || status=1
echo "== dev build (warnings as errors)"
cmake --preset dev >/dev/null
cmake --build --preset dev -j"$jobs"
ctest --preset dev -j"$jobs" || status=1
echo "== sanitizer build (ASan + UBSan)"
cmake --preset asan >/dev/null
cmake --build --preset asan -j"$jobs"
ctest --preset asan -j"$jobs" || status=1
echo "== valgrind on CLI runs"
bash "$top/.ci/valgrind.sh" "$top/build/dev/hotspot" || status=1
echo "== fuzzing (each target for a bounded time on its corpus)"
bash "$top/.ci/fuzz.sh" "${FUZZ_SECONDS:-20}" || status=1
if [ -x "${HS_SHARED:-$top/../shared}/tools/contract-check" ]; then
  echo "== SPEC contract"
  PATH=/usr/bin:$PATH "${HS_SHARED:-$top/../shared}/tools/contract-check" "$top/build/dev/hotspot" || status=1
fi
exit $status
