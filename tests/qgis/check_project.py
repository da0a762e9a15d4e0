#!/usr/bin/python3
"""Opens the QGIS project a hotspot build stores in its GeoPackage (table qgis_projects) with QGIS
(python3-qgis, headless), as "Open project from GeoPackage" does, and checks that every layer is
valid and the layer tree is in map order (places on top, then Tider, Otrygghet, Brott, and
Bakgrund with the kommun boundary above the basemap at the bottom); then renders the print layout
to a PNG and compares its ink with hotspot's own map of the same layer.
Usage: check_project.py GPKG HOTSPOT_MAP.png OUT.png. Prints one line per check and
"N passed, M failed"; exits 77 when python3-qgis cannot be imported (the caller reports a skip)."""
import os
import sys

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
try:
    from qgis.core import (QgsApplication, QgsProject, QgsLayoutExporter, QgsLayerTreeGroup,
                           QgsLayerTreeLayer)
    from qgis.PyQt.QtGui import QImage, QColor
    from qgis.PyQt.QtCore import Qt
except ImportError as e:  # pragma: no cover
    print("SKIP: python3-qgis cannot be imported: %s" % e)
    sys.exit(77)

gpkg, own_png, out_png = sys.argv[1], sys.argv[2], sys.argv[3]
passed = failed = 0


def check(cond, what):
    global passed, failed
    if cond:
        passed += 1
        print("ok   " + what)
    else:
        failed += 1
        print("FAIL " + what)


QgsApplication.setPrefixPath("/usr", True)
app = QgsApplication([], False)
app.initQgis()

uri = "geopackage:%s?projectName=hotspot" % os.path.abspath(gpkg)
proj = QgsProject.instance()
check(proj.read(uri), "project read from the GeoPackage (%s)" % uri)
layers = proj.mapLayers()
check(len(layers) >= 5, "%d layers in the project" % len(layers))
bad = [l.id() for l in layers.values() if not l.isValid()]
check(not bad, "every layer valid (invalid: %s)" % bad)
tree_ids = set(n.layerId() for n in proj.layerTreeRoot().findLayers())
check(set(layers) == tree_ids, "every layer in the layer tree (ids kept)")
check(all(l.crs().authid() == "EPSG:3006" for l in layers.values()), "every layer in EPSG:3006")

# the tree, top first: [(group or "", layer id)]
order = []


def walk(node, group):
    for ch in node.children():
        if isinstance(ch, QgsLayerTreeGroup):
            walk(ch, ch.name())
        elif isinstance(ch, QgsLayerTreeLayer):
            lid = ch.layerId()
            order.append((group, lid[len("hotspot_"):] if lid.startswith("hotspot_") else lid,
                          ch.isVisible()))


walk(proj.layerTreeRoot(), "")
ids = [o[1] for o in order]
print("tree: " + ", ".join("%s/%s" % (g, i) for g, i, _ in order))
groups = [o[0] for o in order]
check(ids and ids[0] == "places", "places on top")
check(ids and ids[-1] == "basemap_areas" and "basemap_lines" in ids, "the basemap at the bottom")
check("kommuner" in ids and ids.index("kommuner") == ids.index("basemap_lines") - 1,
      "the kommun boundary right above the basemap")
rank = {"": 0, "Tider": 1, "Otrygghet": 2, "Brott": 3, "Bakgrund": 4}
check(all(rank[a] <= rank[b] for a, b in zip(groups, groups[1:])),
      "groups in order Tider, Otrygghet, Brott, Bakgrund: %s" % sorted(set(groups), key=rank.get))
check(dict((i, g) for g, i, _ in order).get("gistar") == "Brott", "gistar in Brott")
check(dict((i, g) for g, i, _ in order).get("complaints_grid") in (None, "Otrygghet"),
      "complaints in Otrygghet")
visible = [i for _, i, v in order if v]
check("gistar" in visible and "incidents" not in visible,
      "the Gi* layer shown, the individual incidents not: %s" % visible)

layouts = proj.layoutManager().printLayouts()
check(len(layouts) == 1, "one print layout")
if layouts:
    lay = layouts[0]
    page = lay.pageCollection().page(0)
    size = page.pageSize()
    check(abs(size.width() - 210) < 0.5 and abs(size.height() - 297) < 0.5,
          "A4 portrait (%g x %g mm)" % (size.width(), size.height()))
    kinds = sorted(type(i).__name__ for i in lay.items() if hasattr(i, "uuid"))
    for k in ("QgsLayoutItemMap", "QgsLayoutItemLegend", "QgsLayoutItemScaleBar",
              "QgsLayoutItemPicture", "QgsLayoutItemLabel"):
        check(k in kinds, "layout has a %s" % k)
    texts = " ".join(i.text() for i in lay.items() if type(i).__name__ == "QgsLayoutItemLabel")
    check("Källa" in texts or "Source" in texts, "the source line: %s" % texts[:200])
    ex = QgsLayoutExporter(lay)
    st = QgsLayoutExporter.ImageExportSettings()
    st.dpi = 50
    res = ex.exportToImage(out_png, st)
    check(res == QgsLayoutExporter.Success and os.path.getsize(out_png) > 0,
          "layout rendered to %s" % out_png)

    # ink: pixels clearly darker or more saturated than paper and the map's pale background
    def ink(path, w, h):
        img = QImage(path).scaled(w, h, Qt.IgnoreAspectRatio, Qt.SmoothTransformation)
        m = []
        for y in range(h):
            row = []
            for x in range(w):
                c = QColor(img.pixel(x, y))
                r, g, b = c.red(), c.green(), c.blue()
                row.append(min(r, g, b) < 190 or max(r, g, b) - min(r, g, b) > 60)
            m.append(row)
        return m

    W, H = 105, 148
    a = ink(out_png, W, H)
    b = ink(own_png, W, H)

    def near(m, x, y, d=2):
        return any(m[yy][xx] for yy in range(max(0, y - d), min(H, y + d + 1))
                   for xx in range(max(0, x - d), min(W, x + d + 1)))

    na = sum(map(sum, a))
    nb = sum(map(sum, b))
    hit_a = sum(1 for y in range(H) for x in range(W) if a[y][x] and near(b, x, y))
    hit_b = sum(1 for y in range(H) for x in range(W) if b[y][x] and near(a, x, y))
    fa = hit_a / na if na else 0
    fb = hit_b / nb if nb else 0
    print("ink: QGIS %d px, hotspot %d px; %.0f %% of QGIS's near hotspot's, %.0f %% of "
          "hotspot's near QGIS's" % (na, nb, 100 * fa, 100 * fb))
    check(na > 200 and nb > 200, "both maps have ink")
    check(fa > 0.6 and fb > 0.6, "the layout's ink overlaps hotspot's map (%.2f, %.2f)" % (fa, fb))

print("%d passed, %d failed" % (passed, failed))
sys.stdout.flush()
os._exit(1 if failed else 0)
