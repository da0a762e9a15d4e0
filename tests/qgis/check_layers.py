#!/usr/bin/python3
"""Loads every layer of a hotspot GeoPackage with QGIS (python3-qgis, headless) and checks that it
is valid, in EPSG:3006, and - for vector layers - drawn with the renderer built from the style in
the GeoPackage's layer_styles table, whose classes and colours must match styles/<kind>.style.
Usage: check_layers.py GPKG STYLES_DIR. Prints one line per check and "N passed, M failed";
exits 77 when python3-qgis cannot be imported (the caller reports a skip)."""
import os
import sqlite3
import sys

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
try:
    from qgis.core import (QgsApplication, QgsRasterLayer, QgsVectorLayer, QgsRenderContext, Qgis)
except ImportError as e:  # pragma: no cover
    print("SKIP: python3-qgis cannot be imported: %s" % e)
    sys.exit(77)

gpkg, styles_dir = sys.argv[1], sys.argv[2]
passed = failed = 0


def check(cond, what):
    global passed, failed
    if cond:
        passed += 1
        print("ok   " + what)
    else:
        failed += 1
        print("FAIL " + what)


def parse_style(path):
    head, classes = {}, []
    cur = head
    with open(path, encoding="utf-8") as f:
        for line in f:
            s = line.strip()
            if not s or s.startswith("#") or s == "[style]":
                continue
            if s == "[class]":
                cur = {}
                classes.append(cur)
                continue
            k, _, v = s.partition("=")
            cur[k.strip()] = v.strip()
    return head, classes


def expected_fill(head, classes, value):
    """The fill the style file gives a field value (None when no class matches)."""
    if value is None:
        return None
    if head["type"] == "categorized":
        for c in classes:
            if c.get("value", "*") != "*" and str(value).lower() == c["value"].lower():
                return colour(c)
        for c in classes:
            if c.get("value") == "*":
                return colour(c)
        return None
    for c in classes:
        lo, _, hi = c["range"].partition(",")
        if float(lo) <= float(value) and (not hi.strip() or float(value) < float(hi)):
            return colour(c)
    return None


def colour(c):
    """A class's colour: its fill, or its stroke for a line style."""
    return c.get("fill") or c.get("stroke")


QgsApplication.setPrefixPath("/usr", True)
app = QgsApplication([], False)
app.initQgis()

db = sqlite3.connect(gpkg)
styled = {r[0]: r[1] for r in db.execute(
    "SELECT f_table_name, styleQML FROM layer_styles WHERE useAsDefault = 1")}
contents = db.execute("SELECT table_name, data_type FROM gpkg_contents").fetchall()
db.close()

kinds = {}
for fn in os.listdir(styles_dir):
    if fn.endswith(".style"):
        h, c = parse_style(os.path.join(styles_dir, fn))
        kinds[h.get("layer", h["kind"])] = (h, c)

for table, dtype in contents:
    if dtype == "2d-gridded-coverage" or dtype == "tiles":
        lyr = QgsRasterLayer("GPKG:%s:%s" % (gpkg, table), table, "gdal")
        check(lyr.isValid(), "%s: raster valid" % table)
        check(lyr.crs().authid() == "EPSG:3006", "%s: CRS %s" % (table, lyr.crs().authid()))
        check(lyr.dataProvider().dataType(1) == Qgis.Float32, "%s: float32" % table)
        continue
    lyr = QgsVectorLayer("%s|layername=%s" % (gpkg, table), table, "ogr")
    check(lyr.isValid(), "%s: valid" % table)
    if dtype != "features":
        continue
    check(lyr.crs().authid() == "EPSG:3006", "%s: CRS %s" % (table, lyr.crs().authid()))
    if table not in kinds:
        continue
    head, classes = kinds[table]
    check(table in styled, "%s: default style in layer_styles" % table)
    r = lyr.renderer()
    want = {"categorized": "categorizedSymbol", "graduated": "graduatedSymbol",
            "single": "singleSymbol"}[head["type"]]
    check(r is not None and r.type() == want, "%s: renderer %s" % (table, r.type() if r else None))
    if want == "categorizedSymbol":
        items = [(c.value(), c.symbol().color().name(), c.label()) for c in r.categories()]
        check(r.classAttribute() == head["field"], "%s: field %s" % (table, r.classAttribute()))
    elif want == "graduatedSymbol":
        items = [(x.lowerValue(), x.symbol().color().name(), x.label()) for x in r.ranges()]
        check(r.classAttribute() == head["field"], "%s: field %s" % (table, r.classAttribute()))
    else:
        items = []
    check(len(items) == len(classes), "%s: %d classes (style file %d)" % (table, len(items), len(classes)))
    if items:
        # every feature is drawn with the colour its value gets in the style file
        ctx = QgsRenderContext()
        r.startRender(ctx, lyr.fields())
        bad = 0
        n = 0
        for f in lyr.getFeatures():
            want_fill = expected_fill(head, classes, f[head["field"]])
            sym = r.symbolForFeature(f, ctx)
            got = sym.color().name().lower() if sym else None
            n += 1
            if want_fill is not None and got != want_fill.lower()[:7]:
                bad += 1
        r.stopRender(ctx)
        check(n > 0 and bad == 0, "%s: %d features drawn in their style colour (%d wrong)" % (table, n, bad))
    if head.get("geometry") == "line":
        # line styles: a line symbol per class, as wide as the class says
        held = list(r.categories() if want == "categorizedSymbol" else r.ranges())
        widths = [round(x.symbol().width(), 3) for x in held]
        lines = all(x.symbol().type() == 1 for x in held)  # Qgis.SymbolType.Line
        wantw = [round(float(c.get("width", head.get("stroke_width", 0))), 3) for c in classes]
        check(lines and widths == wantw,
              "%s: line symbols of widths %s (style file %s)" % (table, widths, wantw))
    for (val, col, label), c in zip(items, classes):
        check(col.lower() == colour(c).lower()[:7],
              "%s: class %s colour %s = %s" % (table, val, col, colour(c)))
        check(label == c.get("label_sv", ""), "%s: class %s label '%s'" % (table, val, label))

print("%d passed, %d failed" % (passed, failed))
sys.stdout.flush()
# QGIS 3.22's teardown can abort in a headless interpreter: leave without it.
os._exit(1 if failed else 0)
