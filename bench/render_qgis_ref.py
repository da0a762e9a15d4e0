#!/usr/bin/python3
"""Reference for bench_render.sh: the same kind of A4 map made with QGIS 3.22's print layout
(python3-qgis, headless). Writes a 1000 x 1000 float32 GeoTIFF of three Gaussian bumps (the
scene of tests/unit/test_render_scene.h) and 10 000 square cells in a GeoPackage, styles them
(pseudocolour ramp with transparency, categorized fills), adds title, legend, scale bar and grid
frame, and exports the layout to PNG at 300 dpi. Prints the layout export time only.
Usage: render_qgis_ref.py WORKDIR"""
import math
import os
import sys
import time

import numpy as np
from osgeo import gdal, ogr, osr

work = sys.argv[1]
os.makedirs(work, exist_ok=True)
srs = osr.SpatialReference()
srs.ImportFromEPSG(3006)
n = 1000
cell = 20000.0 / n
x0, y0 = 340000.0, 6459500.0
xs = x0 + (np.arange(n) + 0.5) * cell
ys = y0 + 20000.0 - (np.arange(n) + 0.5) * cell
gx, gy = np.meshgrid(xs, ys)
v = np.zeros((n, n))
for bx, by, s, w in ((349000, 6468000, 600, 1.0), (352500, 6466000, 900, 0.6), (345500, 6471000, 500, 0.45)):
    v += w * np.exp(-((gx - bx) ** 2 + (gy - by) ** 2) / (2 * s * s))
v *= 120
tif = os.path.join(work, "density.tif")
r = gdal.GetDriverByName("GTiff").Create(tif, n, n, 1, gdal.GDT_Float32)
r.SetGeoTransform([x0, cell, 0, y0 + 20000.0, 0, -cell])
r.SetProjection(srs.ExportToWkt())
r.GetRasterBand(1).WriteArray(v.astype(np.float32))
r = None
gp = os.path.join(work, "cells.gpkg")
if os.path.exists(gp):
    os.remove(gp)
ds = ogr.GetDriverByName("GPKG").CreateDataSource(gp)
lyr = ds.CreateLayer("gistar", srs, ogr.wkbPolygon)
lyr.CreateField(ogr.FieldDefn("gi_bin", ogr.OFTInteger))
c = 40.0
lyr.StartTransaction()
for iy in range(100):
    for ix in range(100):
        x, y = 347000 + ix * c, 6466000 + iy * c
        f = ogr.Feature(lyr.GetLayerDefn())
        f.SetField("gi_bin", (ix * 7 + iy * 3) % 7 - 3)
        f.SetGeometry(ogr.CreateGeometryFromWkt(
            "POLYGON ((%f %f,%f %f,%f %f,%f %f,%f %f))" % (x, y, x + c, y, x + c, y + c, x, y + c, x, y)))
        lyr.CreateFeature(f)
lyr.CommitTransaction()
ds = None

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
from qgis.core import (QgsApplication, QgsCategorizedSymbolRenderer, QgsColorRampShader,
                       QgsFillSymbol, QgsLayoutExporter, QgsLayoutItemLabel, QgsLayoutItemLegend,
                       QgsLayoutItemMap, QgsLayoutItemScaleBar, QgsLayoutPoint, QgsLayoutSize,
                       QgsPrintLayout, QgsProject, QgsRasterLayer, QgsRasterShader,
                       QgsRendererCategory, QgsSingleBandPseudoColorRenderer, QgsUnitTypes,
                       QgsVectorLayer, QgsRectangle)
from qgis.PyQt.QtGui import QColor, QFont

QgsApplication.setPrefixPath("/usr", True)
app = QgsApplication([], False)
app.initQgis()
proj = QgsProject.instance()
rl = QgsRasterLayer(tif, "Täthet")
shader = QgsRasterShader()
ramp = QgsColorRampShader(0, 120)
ramp.setColorRampType(QgsColorRampShader.Interpolated)
stops = [(0, "#ffffcc", 0), (15, "#ffeda0", 255), (45, "#feb24c", 255), (75, "#fc4e2a", 255), (120, "#800026", 255)]
items = []
for val, col, a in stops:
    q = QColor(col)
    q.setAlpha(a)
    items.append(QgsColorRampShader.ColorRampItem(val, q))
ramp.setColorRampItemList(items)
shader.setRasterShaderFunction(ramp)
rl.setRenderer(QgsSingleBandPseudoColorRenderer(rl.dataProvider(), 1, shader))
rl.renderer().setOpacity(0.85)
vl = QgsVectorLayer(gp + "|layername=gistar", "Gi*", "ogr")
cats = []
for b, col in zip(range(-3, 4), ["#2166ac", "#67a9cf", "#d1e5f0", "#f7f7f7", "#fddbc7", "#ef8a62", "#b2182b"]):
    cats.append(QgsRendererCategory(b, QgsFillSymbol.createSimple({"color": col, "outline_color": "white", "outline_width": "0.1"}), str(b)))
vl.setRenderer(QgsCategorizedSymbolRenderer("gi_bin", cats))
proj.addMapLayers([rl, vl])
layout = QgsPrintLayout(proj)
layout.initializeDefaults()  # A4 landscape
mp = QgsLayoutItemMap(layout)
mp.attemptMove(QgsLayoutPoint(17, 25, QgsUnitTypes.LayoutMillimeters))
mp.attemptResize(QgsLayoutSize(185, 170, QgsUnitTypes.LayoutMillimeters))
mp.setLayers([vl, rl])
mp.setExtent(QgsRectangle(339500, 6458500, 361000, 6479500))
mp.grid().setEnabled(True)
mp.grid().setIntervalX(5000)
mp.grid().setIntervalY(5000)
mp.grid().setStyle(3)  # frame and annotations only
mp.grid().setAnnotationEnabled(True)
mp.grid().setFrameStyle(1)
layout.addLayoutItem(mp)
title = QgsLayoutItemLabel(layout)
title.setText("Brottskoncentrationer i Exempelkommun")
title.setFont(QFont("DejaVu Sans", 17, QFont.Bold))
title.attemptMove(QgsLayoutPoint(17, 10, QgsUnitTypes.LayoutMillimeters))
title.adjustSizeToText()
layout.addLayoutItem(title)
leg = QgsLayoutItemLegend(layout)
leg.setLinkedMap(mp)
leg.attemptMove(QgsLayoutPoint(210, 25, QgsUnitTypes.LayoutMillimeters))
layout.addLayoutItem(leg)
sb = QgsLayoutItemScaleBar(layout)
sb.setStyle("Single Box")
sb.setLinkedMap(mp)
sb.applyDefaultSize()
sb.attemptMove(QgsLayoutPoint(22, 180, QgsUnitTypes.LayoutMillimeters))
layout.addLayoutItem(sb)
exp = QgsLayoutExporter(layout)
settings = QgsLayoutExporter.ImageExportSettings()
settings.dpi = 300
t0 = time.time()
res = exp.exportToImage(os.path.join(work, "qgis_a4.png"), settings)
t1 = time.time()
print("RESULT qgis layout A4 300 dpi png (status %d) %.3f s" % (res, t1 - t0))
pdfs = QgsLayoutExporter.PdfExportSettings()
t0 = time.time()
res = exp.exportToPdf(os.path.join(work, "qgis_a4.pdf"), pdfs)
t1 = time.time()
print("RESULT qgis layout A4 pdf (status %d) %.3f s" % (res, t1 - t0))
app.exitQgis()
