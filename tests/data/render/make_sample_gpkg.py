#!/usr/bin/python3
"""Writes a small synthetic hotspot GeoPackage for the render/report tests (run with Debian's
/usr/bin/python3, which has osgeo). Layers and fields follow ../shared/SPEC.md: kommuner,
incidents, rejects, grid, gistar, places, temporal, run and a float32 kde raster. Seeded: the same
file every time. Usage: make_sample_gpkg.py OUT.gpkg"""
import math
import random
import sys

from osgeo import gdal, ogr, osr

gdal.UseExceptions()
out = sys.argv[1]
rnd = random.Random(20240101)
srs = osr.SpatialReference()
srs.ImportFromEPSG(3006)
drv = ogr.GetDriverByName("GPKG")
ds = drv.CreateDataSource(out)

CX, CY = 350000.0, 6468000.0


def ring_wkt(pts):
    return "(" + ",".join("%.1f %.1f" % p for p in pts + [pts[0]]) + ")"


# kommun: an irregular 22-gon
kpts = []
for i in range(22):
    a = 2 * math.pi * i / 22
    r = 8500 + 1800 * math.sin(3 * a) + 900 * math.cos(5 * a)
    kpts.append((CX + r * math.cos(a) * 1.1, CY + r * math.sin(a) * 0.85))
lk = ds.CreateLayer("kommuner", srs, ogr.wkbMultiPolygon)
for name, t in (("kommun_code", ogr.OFTString), ("name", ogr.OFTString), ("n", ogr.OFTInteger)):
    lk.CreateField(ogr.FieldDefn(name, t))

# incidents around three centres, with categories, focus areas and night peaks
centres = [(349000, 6468000, 350, "Torget"), (352500, 6466000, 600, "Östra industriområdet"),
           (345500, 6471000, 300, "Skräcklan")]
cats = [("skadegörelse", "trygghet i offentlig miljö"), ("ordningsstörning", "trygghet i offentlig miljö"),
        ("narkotikabrott", "narkotika"), ("misshandel", "våld i offentlig miljö"),
        ("stöld från fordon", None)]
li = ds.CreateLayer("incidents", srs, ogr.wkbPoint)
fields = [("id", ogr.OFTString), ("source", ogr.OFTString), ("category", ogr.OFTString),
          ("focus_area", ogr.OFTString), ("t_from", ogr.OFTDateTime), ("t_to", ogr.OFTDateTime),
          ("precision", ogr.OFTString), ("geocode_score", ogr.OFTReal),
          ("kommun_code", ogr.OFTString), ("cell_id", ogr.OFTString)]
for name, t in fields:
    li.CreateField(ogr.FieldDefn(name, t))
N = 900
pts = []
import datetime
t0 = datetime.datetime(2024, 1, 1)
for i in range(N):
    c = centres[i % 3] if rnd.random() < 0.8 else (CX + rnd.uniform(-6000, 6000), CY + rnd.uniform(-5000, 5000), 10, None)
    x = c[0] + rnd.gauss(0, c[2])
    y = c[1] + rnd.gauss(0, c[2])
    cat, focus = cats[rnd.randrange(len(cats))] if i % 3 else cats[2 if rnd.random() < 0.5 else 0]
    day = rnd.randrange(0, 731)
    # more at night and at weekends, more in summer of the second year
    hour = rnd.choice([21, 22, 23, 0, 1, 2]) if rnd.random() < 0.55 else rnd.randrange(24)
    start = t0 + datetime.timedelta(days=day, hours=hour, minutes=rnd.randrange(60))
    if start.weekday() < 4 and rnd.random() < 0.3:
        start += datetime.timedelta(days=4 - start.weekday())
    dur = datetime.timedelta(hours=rnd.choice([0, 0, 1, 2, 8]))
    prec = "address" if rnd.random() < 0.85 else ("street" if rnd.random() < 0.6 else "kommun")
    if prec == "kommun":
        x, y = CX, CY
    f = ogr.Feature(li.GetLayerDefn())
    f.SetField("id", "K%05d-24" % i)
    f.SetField("source", "utdrag")
    f.SetField("category", cat)
    if focus:
        f.SetField("focus_area", focus)
    f.SetField("t_from", start.strftime("%Y/%m/%d %H:%M:%S+01"))
    if dur.total_seconds() > 0:
        f.SetField("t_to", (start + dur).strftime("%Y/%m/%d %H:%M:%S+01"))
    f.SetField("precision", prec)
    f.SetField("geocode_score", 0.95)
    f.SetField("kommun_code", "1487")
    f.SetGeometry(ogr.CreateGeometryFromWkt("POINT (%.1f %.1f)" % (x, y)))
    li.CreateFeature(f)
    if prec != "kommun":
        pts.append((x, y))

f = ogr.Feature(lk.GetLayerDefn())
f.SetField("kommun_code", "1487")
f.SetField("name", "Exempelkommun")
f.SetField("n", N)
f.SetGeometry(ogr.CreateGeometryFromWkt("MULTIPOLYGON ((" + ring_wkt(kpts) + "))"))
lk.CreateFeature(f)

lr = ds.CreateLayer("rejects", None, ogr.wkbNone)
for name, t in (("source", ogr.OFTString), ("row", ogr.OFTInteger), ("column", ogr.OFTString),
                ("value", ogr.OFTString), ("reason", ogr.OFTString)):
    lr.CreateField(ogr.FieldDefn(name, t))
for i, reason in enumerate(["koordinat saknas"] * 7 + ["ogiltigt datum"] * 3 + ["utanför kommunen"] * 2):
    f = ogr.Feature(lr.GetLayerDefn())
    f.SetField("source", "utdrag")
    f.SetField("row", 10 + i * 17)
    f.SetField("column", "X-koordinat")
    f.SetField("value", "")
    f.SetField("reason", reason)
    lr.CreateFeature(f)

# grid and gistar on 250 m cells
cell = 250.0
counts = {}
for x, y in pts:
    k = (math.floor(x / cell), math.floor(y / cell))
    counts[k] = counts.get(k, 0) + 1
lg = ds.CreateLayer("grid", srs, ogr.wkbPolygon)
lz = ds.CreateLayer("gistar", srs, ogr.wkbPolygon)
for name, t in (("cell_id", ogr.OFTString), ("x0", ogr.OFTReal), ("y0", ogr.OFTReal),
                ("size", ogr.OFTReal), ("n", ogr.OFTInteger), ("suppressed", ogr.OFTInteger)):
    lg.CreateField(ogr.FieldDefn(name, t))
for name, t in (("cell_id", ogr.OFTString), ("n", ogr.OFTInteger), ("gi_z", ogr.OFTReal),
                ("gi_p", ogr.OFTReal), ("gi_bin", ogr.OFTInteger), ("n_neighbours", ogr.OFTInteger)):
    lz.CreateField(ogr.FieldDefn(name, t))
ix0 = math.floor((CX - 11000) / cell)
ix1 = math.floor((CX + 11000) / cell)
iy0 = math.floor((CY - 9000) / cell)
iy1 = math.floor((CY + 9000) / cell)
mean = len(pts) / ((ix1 - ix0 + 1) * (iy1 - iy0 + 1))
for (ix, iy), n in sorted(counts.items()):
    x0, y0 = ix * cell, iy * cell
    sq = [(x0, y0), (x0 + cell, y0), (x0 + cell, y0 + cell), (x0, y0 + cell)]
    geom = ogr.CreateGeometryFromWkt("POLYGON (" + ring_wkt(sq) + ")")
    f = ogr.Feature(lg.GetLayerDefn())
    f.SetField("cell_id", "%06d%07d" % (x0, y0))
    f.SetField("x0", x0)
    f.SetField("y0", y0)
    f.SetField("size", cell)
    f.SetField("n", n)
    f.SetField("suppressed", 1 if n < 5 else 0)
    f.SetGeometry(geom)
    lg.CreateFeature(f)
for ix in range(ix0, ix1 + 1):
    for iy in range(iy0, iy1 + 1):
        s = sum(counts.get((ix + a, iy + b), 0) for a in (-1, 0, 1) for b in (-1, 0, 1))
        z = (s - 9 * mean) / math.sqrt(9 * mean + 0.5)
        b = 3 if z > 12 else 2 if z > 8 else 1 if z > 5 else 0
        if b == 0 and s == 0:
            continue
        x0, y0 = ix * cell, iy * cell
        sq = [(x0, y0), (x0 + cell, y0), (x0 + cell, y0 + cell), (x0, y0 + cell)]
        f = ogr.Feature(lz.GetLayerDefn())
        f.SetField("cell_id", "%06d%07d" % (x0, y0))
        f.SetField("n", counts.get((ix, iy), 0))
        f.SetField("gi_z", z)
        f.SetField("gi_p", 0.01)
        f.SetField("gi_bin", b)
        f.SetField("n_neighbours", 9)
        f.SetGeometry(ogr.CreateGeometryFromWkt("POLYGON (" + ring_wkt(sq) + ")"))
        lz.CreateFeature(f)

lp = ds.CreateLayer("places", srs, ogr.wkbPoint)
for name, t in (("place_id", ogr.OFTString), ("name", ogr.OFTString), ("kind", ogr.OFTString),
                ("n", ogr.OFTInteger)):
    lp.CreateField(ogr.FieldDefn(name, t))
for i, (x, y, n, name) in enumerate([(349050, 6468100, 3, "Torget"), (349300, 6467800, 12, "Resecentrum"),
                                     (352500, 6466000, 40, "Östra industriområdet"),
                                     (345500, 6471000, 7, "Skräcklan"), (356500, 6473000, 1, "Öxnered")]):
    f = ogr.Feature(lp.GetLayerDefn())
    f.SetField("place_id", "P%d" % i)
    f.SetField("name", name)
    f.SetField("kind", "plats")
    f.SetField("n", n)
    f.SetGeometry(ogr.CreateGeometryFromWkt("POINT (%d %d)" % (x, y)))
    lp.CreateFeature(f)

lt = ds.CreateLayer("temporal", None, ogr.wkbNone)
for name, t in (("unit_id", ogr.OFTString), ("weekday", ogr.OFTInteger), ("hour", ogr.OFTInteger),
                ("weight", ogr.OFTReal)):
    lt.CreateField(ogr.FieldDefn(name, t))

lrun = ds.CreateLayer("run", None, ogr.wkbNone)
for name in ("key", "value", "how"):
    lrun.CreateField(ogr.FieldDefn(name, ogr.OFTString))
# the keys `hotspot build` writes
for k, v, h in (("tool", "hotspot", "fixed"), ("period", "2024-01-01..2025-12-31", "given"),
                ("privacy_min_count", "5", "default"), ("grid_cell_m", "250", "given"),
                ("kde_bandwidth_m", "300.0", "auto"), ("kde_bandwidth_rule", "arcgis", "auto"),
                ("kde_cell_m", "50", "given"), ("kde_kernel", "quartic", "given"),
                ("gistar_cell_m", "250", "given"), ("gistar_distance_m", "500.0", "auto"),
                ("gistar_distance_rule", "moran_peak", "auto"), ("gistar_alpha", "0.05", "given"),
                ("gistar_fdr", "Benjamini-Hochberg", "default")):
    f = ogr.Feature(lrun.GetLayerDefn())
    f.SetField("key", k)
    f.SetField("value", v)
    f.SetField("how", h)
    lrun.CreateFeature(f)
ds = None

# kde raster: 100 m cells over the kommun, quartic kernel h = 400 m (per km²)
kc, h = 100.0, 400.0
nx, ny = 220, 180
x0, ytop = CX - 11000, CY + 9000
import numpy as np
xs = x0 + (np.arange(nx) + 0.5) * kc
ys = ytop - (np.arange(ny) + 0.5) * kc
gx, gy = np.meshgrid(xs, ys)
dens = np.zeros((ny, nx))
for x, y in pts:
    d2 = ((gx - x) ** 2 + (gy - y) ** 2) / (h * h)
    dens += np.where(d2 < 1, 3 / (math.pi * h * h) * (1 - d2) ** 2, 0)
dens *= 1e6
r = gdal.GetDriverByName("GPKG").Create(out, nx, ny, 1, gdal.GDT_Float32,
                                        ["APPEND_SUBDATASET=YES", "RASTER_TABLE=kde", "TILE_FORMAT=TIFF"])
r.SetGeoTransform([x0, kc, 0, ytop, 0, -kc])
r.SetProjection(srs.ExportToWkt())
r.GetRasterBand(1).WriteArray(dens.astype(np.float32))
r = None
