#!/usr/bin/python3
# Aggregates ../shared/data/crime_open/san_francisco_robbery.csv (951 robberies, SFPD 2019,
# WGS84) to a 250 m grid in UTM zone 10N (EPSG:32610), aligned on multiples of 250 m, and writes
# counts.csv: a header line "nx,ny,x0,y0,cell", then one count per line in grid order (row-major,
# row 0 = south). Run: /usr/bin/python3 make_counts.py ../shared/data/crime_open/san_francisco_robbery.csv counts.csv
import csv, math, sys
from osgeo import osr

src, dst = sys.argv[1], sys.argv[2]
a = osr.SpatialReference(); a.ImportFromEPSG(4326); a.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
b = osr.SpatialReference(); b.ImportFromEPSG(32610)
tr = osr.CoordinateTransformation(a, b)
pts = []
with open(src, newline="") as f:
    for r in csv.DictReader(f):
        x, y, _ = tr.TransformPoint(float(r["longitude"]), float(r["latitude"]))
        pts.append((x, y))
cell = 250.0
x0 = math.floor(min(p[0] for p in pts) / cell) * cell
y0 = math.floor(min(p[1] for p in pts) / cell) * cell
nx = int(math.floor(max(p[0] for p in pts) / cell) * cell + cell - x0) // int(cell)
ny = int(math.floor(max(p[1] for p in pts) / cell) * cell + cell - y0) // int(cell)
cnt = [0] * (nx * ny)
for x, y in pts:
    cnt[int((y - y0) // cell) * nx + int((x - x0) // cell)] += 1
with open(dst, "w") as f:
    f.write("%d,%d,%.1f,%.1f,%.1f\n" % (nx, ny, x0, y0, cell))
    for c in cnt:
        f.write("%d\n" % c)
print(nx, ny, len(pts), sum(cnt))
