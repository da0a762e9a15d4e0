#!/bin/bash
# Source checks: clang-format in dry-run mode over every C file; the seam rule: GDAL, GEOS, PROJ,
# SQLite, cairo/pango and FFTW headers are included only by lib/src/*/*_gdal.c, *_geos.c, *_proj.c,
# *_sqlite.c, *_cairo.c and *_fftw.c, and never by a public header or the CLI; and the module rule:
# a file of lib/src/<module>/ includes only its own module's private headers, the core's and those
# its row of lib/src/MODULES lists (the link-level half is tests/check-layering.py). The CLI includes
# no private header at all.
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
# the module rule: lib/src/<module>/*.{c,h} include "<other>/..." only as lib/src/MODULES allows
declare -A allowed
while IFS='|' read -r mod inc _calls; do
  mod=$(echo "$mod" | tr -d ' ')
  case "$mod" in '' | '#'*) continue ;; esac
  allowed[$mod]=" core $mod $(echo "$inc" | tr -s ' ' | sed 's/^ *- *$//') "
done < <(grep -v '^#' lib/src/MODULES)
for f in $(echo "$files" | tr ' ' '\n' | grep -E '^lib/src/[^/]+/[^/]+\.[ch]$'); do
  mod=$(echo "$f" | cut -d/ -f3)
  [ -n "${allowed[$mod]:-}" ] || { echo "module rule: $f is in '$mod', which lib/src/MODULES does not list"; fail=1; continue; }
  for other in $(grep -oE '^#include "[a-z_]+/' "$f" | sed -E 's/#include "([a-z_]+)\//\1/' | sort -u); do
    case "${allowed[$mod]}" in *" * "* | *" $other "*) ;; *)
      echo "module rule: $f includes a private header of '$other' (lib/src/MODULES: $mod may include${allowed[$mod]})"; fail=1 ;;
    esac
  done
done
for f in $(echo "$files" | tr ' ' '\n' | grep -E '^lib/src/[^/]+\.[ch]$'); do
  echo "module rule: $f lies outside a module folder"; fail=1
done
for f in $(echo "$files" | tr ' ' '\n' | grep -E '^tools/'); do
  grep -qE '#include "(core|crs|style|kommun|grid|stats|density|temporal|ingest|geocode|gpkg|layers|render|report|project|build)/' "$f" &&
    { echo "module rule: $f (the CLI) includes a private header"; fail=1; }
done
[ $fail -eq 0 ] && echo "check-seams: 1 passed, 0 failed" || echo "check-seams: 0 passed, 1 failed"
exit $fail
