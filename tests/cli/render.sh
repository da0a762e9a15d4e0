#!/bin/bash
# CLI cases of `hotspot render` and `hotspot report` on a seeded synthetic GeoPackage made by
# tests/data/render/make_sample_gpkg.py: output formats and sizes, Swedish text read back with
# pdftotext, the privacy rules of public maps, page counts, absent layers and exit codes.
set -u
HOTSPOT=${HOTSPOT:-hotspot}
SRC=${HS_SOURCE_DIR:-$(cd "$(dirname "$0")/../.." && pwd)}
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
pass=0
fail=0
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $*"; }
check() { if eval "$1"; then ok; else bad "$2"; fi; }

/usr/bin/python3 "$SRC/tests/data/render/make_sample_gpkg.py" "$T/s.gpkg" || { echo "0 passed, 1 failed"; exit 1; }

# render: PDF (internal map with incidents), PNG at 100 dpi, SVG
"$HOTSPOT" render "$T/s.gpkg" -o "$T/m.pdf" --incidents --title "Heta områden i Exempelkommun" >"$T/out" 2>"$T/err"; rc=$?
check '[ $rc -eq 0 ]' "render pdf exit code ($(cat "$T/err"))"
check 'grep -q "m.pdf" "$T/out"' "render prints the output path on stdout"
pdftotext -layout "$T/m.pdf" "$T/m.txt"
check 'grep -q "Heta områden i Exempelkommun" "$T/m.txt"' "title in the PDF"
check 'grep -q "Het, 99 % konfidens" "$T/m.txt"' "Gi* legend from the style"
check 'grep -q "Kommungräns" "$T/m.txt"' "boundary in the legend"
check 'grep -q "Källa: Polisen" "$T/m.txt"' "source line"
check 'grep -q "bandbredd 300 m" "$T/m.txt"' "method stamp from the run table"
check 'grep -q "Händelser (enskilda)" "$T/m.txt"' "incidents on the internal map"
check 'grep -q "Torget (3)" "$T/m.txt"' "count 3 shown on the internal map"
check 'grep -q "SWEREF 99 TM" "$T/m.txt"' "CRS note"
check '[ "$(pdfinfo "$T/m.pdf" | awk "/Page size/ {print \$3 \"x\" \$5}")" = "595.276x841.89" ]' "A4 portrait"

"$HOTSPOT" render "$T/s.gpkg" -o "$T/m.png" --dpi 100 --paper A3 --landscape --layer grid 2>"$T/err"; rc=$?
check '[ $rc -eq 0 ]' "render png ($(cat "$T/err"))"
check 'gdalinfo "$T/m.png" 2>/dev/null | grep -q "Size is 1654, 1169"' "A3 landscape at 100 dpi is 1654 x 1169 px"
"$HOTSPOT" render "$T/s.gpkg" -o "$T/m.svg" --layer kde 2>"$T/err"; rc=$?
check '[ $rc -eq 0 ] && grep -q "<svg" "$T/m.svg"' "render svg ($(cat "$T/err"))"

# public map: no incidents, small counts hidden, a note
"$HOTSPOT" render "$T/s.gpkg" -o "$T/p.pdf" --public 2>/dev/null; rc=$?
check '[ $rc -eq 0 ]' "public render"
pdftotext -layout "$T/p.pdf" "$T/p.txt"
check 'grep -q "färre än 5 händelser" "$T/p.txt"' "public note"
check '! grep -q "Torget (3)" "$T/p.txt"' "count below 5 hidden on the public map"
check 'grep -q "Resecentrum (12)" "$T/p.txt"' "count 12 kept on the public map"
check '! grep -q "Händelser (enskilda)" "$T/p.txt"' "no incidents on the public map"
"$HOTSPOT" render "$T/s.gpkg" -o "$T/p7.pdf" --public --min-count 13 2>/dev/null
pdftotext -layout "$T/p7.pdf" "$T/p7.txt"
check 'grep -q "färre än 13 händelser" "$T/p7.txt" && ! grep -q "Resecentrum (12)" "$T/p7.txt"' "--min-count 13"

# errors and exit codes
"$HOTSPOT" render "$T/s.gpkg" -o "$T/m.pdf" 2>"$T/err"; rc=$?
check '[ $rc -eq 2 ] && grep -q "overwrite" "$T/err"' "existing output without --overwrite: exit 2"
"$HOTSPOT" render "$T/nope.gpkg" -o "$T/x.pdf" 2>"$T/err"; rc=$?
check '[ $rc -eq 1 ] && grep -q "hotspot render: .*nope.gpkg" "$T/err"' "missing input: exit 1 naming the file"
"$HOTSPOT" render "$T/s.gpkg" -o "$T/x.pdf" --layer nosuch 2>"$T/err"; rc=$?
check '[ $rc -eq 1 ] && grep -q "nosuch" "$T/err"' "missing layer named"
"$HOTSPOT" render "$T/s.gpkg" -o "$T/x.pdf" --dpi abc 2>/dev/null; rc=$?
check '[ $rc -eq 2 ]' "bad --dpi: exit 2"
"$HOTSPOT" render "$T/s.gpkg" -o "$T/x.pdf" --public --incidents 2>/dev/null; rc=$?
check '[ $rc -eq 2 ]' "--public --incidents: exit 2"
"$HOTSPOT" render "$T/s.gpkg" -o "$T/x.tiff" 2>/dev/null; rc=$?
check '[ $rc -eq 1 ] && [ ! -e "$T/x.tiff" ]' "unsupported extension"

# report: pages, Swedish titles, privacy
"$HOTSPOT" report "$T/s.gpkg" -o "$T/r.pdf" --date 2026-01-20 >"$T/out" 2>"$T/err"; rc=$?
check '[ $rc -eq 0 ]' "report exit code ($(cat "$T/err"))"
check '[ "$(pdfinfo "$T/r.pdf" | awk "/^Pages:/ {print \$2}")" = "8" ]' "8 pages: summary, overview, 3 focus areas, hot spots, crime and insecurity, method"
pdftotext -layout "$T/r.pdf" "$T/r.txt"
for w in "Lägesbild: brott och otrygghet i" "Exempelkommun" "Sammanfattning" "Händelser per månad" \
         "Brottsklocka" "Översiktskarta" "Fokusområde: trygghet i offentlig miljö" "Fokusområde: narkotika" \
         "Metod och datakvalitet" "Avvisade rader" "koordinat saknas" "Lägesprecision" "Sida 8 av 8" "2026-01-20" \
         "mån" "sön"; do
  check 'grep -q "$w" "$T/r.txt"' "report text: $w"
done
check 'grep -q "Rutor och platser med färre än 5" "$T/r.txt"' "public report note"
check '! grep -q "Händelser (enskilda)" "$T/r.txt"' "no incidents in the public report"
check '[ ! -e "$T/r.pdf.part.pdf" ]' "no temporary file left"
"$HOTSPOT" report "$T/s.gpkg" -o "$T/r.pdf" 2>/dev/null; rc=$?
check '[ $rc -eq 2 ]' "report: existing output: exit 2"
"$HOTSPOT" report "$T/s.gpkg" -o "$T/ri.pdf" --internal --max-focus 1 --date 2026-01-20 2>/dev/null
check '[ "$(pdfinfo "$T/ri.pdf" | awk "/^Pages:/ {print \$2}")" = "6" ]' "--max-focus 1 gives 6 pages"
pdftotext -layout "$T/ri.pdf" "$T/ri.txt"
check 'grep -q "Intern rapport" "$T/ri.txt"' "internal report says so"

# a GeoPackage without kde and gistar: the overview says what is missing
ogr2ogr -f GPKG "$T/thin.gpkg" "$T/s.gpkg" incidents kommuner 2>/dev/null
"$HOTSPOT" report "$T/thin.gpkg" -o "$T/t.pdf" --date 2026-01-20 2>"$T/err"; rc=$?
check '[ $rc -eq 0 ]' "report without kde/gistar ($(cat "$T/err"))"
pdftotext -layout "$T/t.pdf" "$T/t.txt"
check 'grep -q "Saknas i underlaget" "$T/t.txt" && grep -q "rejects saknas" "$T/t.txt"' "absent layers are named"
# no incidents at all: exit 3
ogr2ogr -f GPKG "$T/empty.gpkg" "$T/s.gpkg" kommuner 2>/dev/null
"$HOTSPOT" report "$T/empty.gpkg" -o "$T/e.pdf" 2>"$T/err"; rc=$?
check '[ $rc -eq 3 ] && grep -q "incidents" "$T/err"' "report without incidents: exit 3"

# context layers from other OGR files (a lake polygon and a road line)
ogr2ogr -f GPKG "$T/vatten.gpkg" "$T/s.gpkg" kommuner -nln vatten -dialect SQLite \
  -sql "SELECT ST_Buffer(MakePoint(343000, 6463500, 3006), 1500) AS geom" 2>/dev/null
ogr2ogr -f GPKG "$T/vagar.gpkg" "$T/s.gpkg" kommuner -nln vagar -dialect SQLite \
  -sql "SELECT MakeLine(MakePoint(339000, 6466000, 3006), MakePoint(361000, 6469500, 3006)) AS geom" 2>/dev/null
"$HOTSPOT" render "$T/s.gpkg" -o "$T/c.pdf" --context "$T/vatten.gpkg" --context "$T/vagar.gpkg" 2>"$T/err"; rc=$?
check '[ $rc -eq 0 ]' "render with context layers ($(cat "$T/err"))"

# a basemap: an OSM extract (lon/lat, the GDAL OSM driver) with a lake and a primary road, and a
# GeoJSON with a kind column; drawn in their classes' colours, the OSM attribution in the source
# line, and a file GDAL cannot read named in the error
read -r lon0 lat0 _ < <(echo "336000 6458000" | gdaltransform -s_srs EPSG:3006 -t_srs EPSG:4326 -output_xy 2>/dev/null)
read -r lon1 lat1 _ < <(echo "350000 6469000" | gdaltransform -s_srs EPSG:3006 -t_srs EPSG:4326 -output_xy 2>/dev/null)
cat >"$T/bm.osm" <<OSM
<?xml version="1.0" encoding="UTF-8"?>
<osm version="0.6" generator="test">
<node id="1" version="1" lat="$lat0" lon="$lon0"/><node id="2" version="1" lat="$lat0" lon="$lon1"/>
<node id="3" version="1" lat="$lat1" lon="$lon1"/><node id="4" version="1" lat="$lat1" lon="$lon0"/>
<node id="5" version="1" lat="$lat0" lon="$lon0"/>
<way id="10" version="1"><nd ref="1"/><nd ref="2"/><nd ref="3"/><nd ref="4"/><nd ref="1"/><tag k="natural" v="water"/></way>
<way id="11" version="1"><nd ref="1"/><nd ref="3"/><tag k="highway" v="primary"/><tag k="name" v="Storvägen"/></way>
</osm>
OSM
"$HOTSPOT" render "$T/s.gpkg" -o "$T/bm.png" --dpi 60 --basemap "$T/bm.osm" 2>"$T/err"
rc=$?
check '[ $rc -eq 0 ]' "render with an OSM basemap ($(cat "$T/err"))"
"$HOTSPOT" render "$T/s.gpkg" -o "$T/bm.pdf" --basemap "$T/bm.osm" 2>"$T/err"
check 'pdftotext "$T/bm.pdf" - | grep -q "© OpenStreetMap contributors"' "OSM attribution in the source line"
"$HOTSPOT" render "$T/s.gpkg" -o "$T/nobm.png" --dpi 60 2>"$T/err"
blue() { /usr/bin/python3 - "$1" <<'PY'
import sys
from osgeo import gdal
d = gdal.Open(sys.argv[1])
r, g, b = (d.GetRasterBand(i + 1).ReadAsArray() for i in range(3))
# the basemap's water (#bcd6ec), allowing for antialiasing
print(int(((abs(r.astype(int) - 0xbc) < 6) & (abs(g.astype(int) - 0xd6) < 6) & (abs(b.astype(int) - 0xec) < 6)).sum()))
PY
}
nb=$(blue "$T/bm.png")
n0=$(blue "$T/nobm.png")
check '[ "$nb" -gt 5000 ] && [ "$n0" -lt 100 ]' "the OSM lake is drawn in the water colour ($nb px; $n0 px without the basemap)"
"$HOTSPOT" render "$T/s.gpkg" -o "$T/x.pdf" --basemap "$T/missing.shp" 2>"$T/err"
rc=$?
check '[ $rc -ne 0 ] && grep -q "missing.shp" "$T/err"' "a basemap that does not open: an error naming it ($(cat "$T/err"))"

# a project file: [output] gpkg and report, [privacy] min_count
cp "$T/s.gpkg" "$T/proj.gpkg"
printf '[project]\nname = Test\nkommun = 1487\n\n[output]\ngpkg = proj.gpkg\nreport = proj.pdf\n\n[privacy]\nmin_count = 7\n' >"$T/p.ini"
"$HOTSPOT" report "$T/p.ini" --date 2026-01-20 >/dev/null 2>"$T/err"; rc=$?
check '[ $rc -eq 0 ] && [ -s "$T/proj.pdf" ]' "report from a project file ($(cat "$T/err"))"
check 'pdftotext "$T/proj.pdf" - | grep -q "färre än 7"' "[privacy] min_count = 7 used"

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
