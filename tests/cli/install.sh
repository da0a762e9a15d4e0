#!/bin/bash
# The library installs with hotspot.pc and a CMake package, and a tiny program builds and runs
# against the installed copy both ways; every public header compiles alone in strict C11.
set -u
src=${HS_SOURCE_DIR:?}
bin=${HS_BINARY_DIR:?}
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
pass=0; fail=0
ok() { pass=$((pass+1)); }
bad() { fail=$((fail+1)); echo "FAIL: $*"; }

cmake --install "$bin" --prefix "$tmp/prefix" >"$tmp/install.log" 2>&1 && ok || bad "cmake --install: $(tail -3 "$tmp/install.log")"
libdir=$(dirname "$(find "$tmp/prefix" -name 'libhotspot.so*' | head -1)")
[ -n "$libdir" ] && [ -f "$libdir/pkgconfig/hotspot.pc" ] && ok || bad "hotspot.pc not installed"
[ -f "$tmp/prefix/include/hotspot.h" ] && ok || bad "hotspot.h not installed"
# the built-in geography: installed in share/hotspot and found there by the installed program
[ -s "$tmp/prefix/share/hotspot/sverige.gpkg" ] && [ -s "$tmp/prefix/share/hotspot/README.md" ] && ok || bad "share/hotspot/sverige.gpkg not installed"
if [ -x "$tmp/prefix/bin/hotspot" ]; then
  src_line=$("$tmp/prefix/bin/hotspot" info --kommun Vänersborg 2>&1 | grep '^source')
  case "$src_line" in *"$tmp/prefix/bin/../share/hotspot/sverige.gpkg") ok ;; *) bad "installed hotspot used '$src_line'" ;; esac
  "$tmp/prefix/bin/hotspot" info --kommun Vänersborg | grep -q '^kommun *1487 Vänersborg' && ok || bad "installed hotspot: info --kommun"
  src_line=$(HS_SHAPES=$src/shapes "$tmp/prefix/bin/hotspot" info --kommun 1487 2>&1 | grep '^source')
  [ "$src_line" = "source      $src/shapes/sverige.gpkg" ] && ok || bad "HS_SHAPES not followed: '$src_line'"
else
  bad "bin/hotspot not installed"
fi

cat > "$tmp/tiny.c" <<'C'
#include <hotspot.h>
#include <stdio.h>
int main(void)
{
    hs_ctx *ctx = NULL;
    if (hs_ctx_new(&ctx) != HS_OK) {
        return 1;
    }
    hs_grid_spec g;
    hs_bbox b = {345010, 6472300, 345990, 6473240};
    int rc = hs_grid_spec_aligned(&g, b, 250);
    char id[32];
    hs_grid_cell_id(id, sizeof id, &g, 0, 0);
    printf("%s %s %lld %lld %s\n", hs_version(), hs_strerror(HS_EDATA), (long long)g.nx,
           (long long)g.ny, id);
    hs_ctx_free(ctx);
    return rc;
}
C
export PKG_CONFIG_PATH=$libdir/pkgconfig
# a sanitizer build of the library needs its consumers built with the same runtime
san=""
ldd "$libdir/libhotspot.so" 2>/dev/null | grep -q libasan && san="-fsanitize=address,undefined"
if cc -std=c11 -Wall $san "$tmp/tiny.c" -o "$tmp/tiny" $(pkg-config --cflags --libs hotspot) 2>"$tmp/cc.log"; then
  ok
  out=$(LD_LIBRARY_PATH=$libdir "$tmp/tiny")
  [ "$out" = "$("${HOTSPOT:?}" --version | cut -d' ' -f2) malformed data 4 4 3450006472250" ] && ok || bad "tiny program printed '$out'"
else
  bad "pkg-config build: $(head -5 "$tmp/cc.log")"
fi

mkdir -p "$tmp/cm"
cp "$tmp/tiny.c" "$tmp/cm/"
cat > "$tmp/cm/CMakeLists.txt" <<'CM'
cmake_minimum_required(VERSION 3.25)
project(tiny C)
find_package(hotspot REQUIRED)
add_executable(tiny tiny.c)
target_link_libraries(tiny PRIVATE hotspot::hotspot)
CM
if cmake -S "$tmp/cm" -B "$tmp/cm/b" -DCMAKE_PREFIX_PATH="$tmp/prefix" -DCMAKE_C_FLAGS="$san" >"$tmp/cm.log" 2>&1 &&
   cmake --build "$tmp/cm/b" >>"$tmp/cm.log" 2>&1; then
  ok
  LD_LIBRARY_PATH=$libdir "$tmp/cm/b/tiny" >/dev/null && ok || bad "CMake-built program failed"
else
  bad "find_package(hotspot): $(tail -5 "$tmp/cm.log")"
fi

# every public header alone, strict C11, no warnings
for h in "$src"/lib/include/hotspot.h "$src"/lib/include/hotspot/*.h; do
  rel=${h#"$src"/lib/include/}
  printf '#include "%s"\n' "$rel" > "$tmp/h.c"
  if cc -std=c11 -pedantic-errors -Wall -Wextra -Werror -fsyntax-only -I"$src/lib/include" "$tmp/h.c" 2>"$tmp/h.log"; then
    ok
  else
    bad "header $rel alone: $(head -3 "$tmp/h.log")"
  fi
done
# no third-party type or header in the public API
if grep -lE '#include *<(gdal|ogr_|cpl_|geos_c|proj\.h|sqlite3|spatialite|cairo|pango)' "$src"/lib/include/hotspot.h "$src"/lib/include/hotspot/*.h; then
  bad "a public header includes a third-party header"
else ok; fi

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
