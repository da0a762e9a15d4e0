#!/bin/bash
# Source checks: clang-format in dry-run mode over every C file, and the seam rule: GDAL, GEOS,
# PROJ, SQLite, cairo/pango and FFTW headers are included only by lib/src/*_gdal.c, *_geos.c, *_proj.c,
# *_sqlite.c, *_cairo.c and *_fftw.c, and never by a public header or the CLI.
set -u
cd "$(dirname "$0")/.." || exit 1
fail=0
files=$(git ls-files '*.c' '*.h' 2>/dev/null || find lib tools tests bench -name '*.[ch]')
if command -v clang-format >/dev/null; then
  for f in $files; do
    [ -f "$f" ] || continue
    clang-format --dry-run -Werror "$f" >/dev/null 2>&1 || { echo "not formatted: $f (run clang-format -i $f)"; fail=1; }
  done
else
  echo "clang-format not installed: formatting not checked"
fi
check() { # pattern, allowed-suffix regex
  for f in $(grep -lE "#include *<($1)" $files 2>/dev/null); do
    case "$f" in tests/*|bench/*) continue ;; esac
    echo "$f" | grep -qE "^lib/src/.*($2)\.c$" || { echo "seam violation: $f includes a $1 header"; fail=1; }
  done
}
check 'gdal|ogr_|cpl_|gdal_' '_gdal'
check 'geos_c' '_geos'
check 'proj\.h' '_proj'
check 'sqlite3|spatialite' '_sqlite'
check 'cairo|pango' '_cairo'
check 'fftw3' '_fftw'
[ $fail -eq 0 ] && echo "check-seams: 1 passed, 0 failed" || echo "check-seams: 0 passed, 1 failed"
exit $fail
