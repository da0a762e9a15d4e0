#!/bin/bash
# Set-up command 1 (README): installs the Debian packages, builds hotspot (release) and runs
# `hotspot build` on the bundled sample project, printing where its outputs were written.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
"$top/tools/install-deps.sh" build
cmake -S "$top" -B "$top/build/release" -DCMAKE_BUILD_TYPE=Release -DHS_TESTS=OFF >/dev/null
cmake --build "$top/build/release" -j"$(nproc)" >/dev/null
"$top/build/release/hotspot" build "$top/samples/exempelstad/hotspot.ini"
