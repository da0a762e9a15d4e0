/*
 * The QGIS project stored in the GeoPackage (table qgis_projects, as QGIS writes it when a project
 * is saved to a GeoPackage: name, metadata JSON, and the .qgz archive - a zip holding the .qgs
 * XML - as hex text). The project lists every layer of the file in map order, in groups
 * (Bakgrund: basemap and kommun boundary; Brott; Otrygghet; Tider; the places on top), each
 * layer drawn with the renderer of its built-in style (style_qml.c), the map extent, and a print
 * layout "Karta A4" that reproduces the A4 map: title, period, map, legend, scale bar, north
 * arrow and source line. Layer sources are relative to the GeoPackage itself. Pure string and
 * byte building: the SQL insert is in gpkg_qgis_sqlite.c.
 */
#include "core/hs_internal.h"
#include "gpkg/gpkg.h"
#include "style/style.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- the layers and their place in the tree ---- */

enum { G_TOP = 0, G_TIDER, G_OTRYGGHET, G_BROTT, G_BAKGRUND, G_N };
static const char *const group_sv[G_N] = {"", "Tider", "Otrygghet", "Brott", "Bakgrund"};
static const char *const group_en[G_N] = {"", "Times", "Insecurity", "Crime", "Background"};

/* Map order, top first: the table's group and rank (lower is drawn above). */
static const struct {
    const char *table;
    int group;
} order[] = {
    {"places", G_TOP},
    {"emerging", G_TIDER},
    {"change", G_TIDER},
    {"complaints", G_OTRYGGHET},
    {"complaints_gistar", G_OTRYGGHET},
    {"comparison", G_OTRYGGHET},
    {"complaints_grid", G_OTRYGGHET},
    {"complaints_kde", G_OTRYGGHET},
    {"incidents", G_BROTT},
    {"concentrations", G_BROTT},
    {"gistar", G_BROTT},
    {"moran", G_BROTT},
    {"grid", G_BROTT},
    {"kde", G_BROTT},
    {"kommuner", G_BAKGRUND},
    {"basemap_lines", G_BAKGRUND},
    {"basemap_areas", G_BAKGRUND},
};
#define N_ORDER (sizeof order / sizeof order[0])

typedef struct qlayer {
    const char *table;
    const char *title;
    const hs_style *style;
    int raster;
    hs_geom_kind kind;
    hs_bbox box;
    double vmax; /* rasters: the largest value */
    int group, rank, visible;
} qlayer;

static int cmp_layer(const void *a, const void *b)
{
    const qlayer *x = a;
    const qlayer *y = b;
    if (x->group != y->group) {
        return x->group - y->group;
    }
    return x->rank - y->rank;
}

static const char *gname(const qlayer *l)
{
    return l->raster                       ? "Raster"
           : l->kind == HS_GEOM_POINT      ? "Point"
           : l->kind == HS_GEOM_LINESTRING ? "Line"
                                           : "Polygon";
}

static void srs(hs__xbuf *b, const char *wkt, int epsg)
{
    hs__xbuf_put(b, "<srs><spatialrefsys><wkt>");
    hs__xbuf_esc(b, wkt);
    hs__xbuf_put(b, "</wkt><authid>EPSG:%d</authid></spatialrefsys></srs>", epsg);
}

static void source(hs__xbuf *b, const char *file, const qlayer *l)
{
    if (l->raster) {
        hs__xbuf_put(b, "GPKG:./");
        hs__xbuf_esc(b, file);
        hs__xbuf_put(b, ":%s", l->table);
    } else {
        hs__xbuf_put(b, "./");
        hs__xbuf_esc(b, file);
        hs__xbuf_put(b, "|layername=%s", l->table);
    }
}

/* a format (outline colour, outline width): a macro, so the compiler checks its arguments */
#define OUTLINE_RENDERER                                                                           \
    "<renderer-v2 type=\"singleSymbol\" symbollevels=\"0\" enableorderby=\"0\" "                   \
    "forceraster=\"0\"><symbols><symbol type=\"fill\" name=\"0\" alpha=\"1\" "                     \
    "clip_to_extent=\"1\" force_rhr=\"0\"><layer class=\"SimpleFill\" enabled=\"1\" pass=\"0\" "   \
    "locked=\"0\"><Option type=\"Map\"><Option type=\"QString\" name=\"color\" "                   \
    "value=\"255,255,255,0\"/><Option type=\"QString\" name=\"style\" value=\"no\"/><Option "      \
    "type=\"QString\" name=\"outline_color\" value=\"%s\"/><Option type=\"QString\" "              \
    "name=\"outline_width\" value=\"%s\"/><Option type=\"QString\" name=\"outline_width_unit\" "   \
    "value=\"MM\"/><Option type=\"QString\" name=\"outline_style\" value=\"solid\"/></Option>"     \
    "</layer></symbol></symbols></renderer-v2>\n"

/* Place names with a white halo, as on the printed map. */
static const char place_labels[] =
    "<labeling type=\"simple\"><settings calloutType=\"simple\"><text-style fieldName=\"name\" "
    "fontFamily=\"DejaVu Sans\" fontSize=\"7.5\" fontSizeUnit=\"Point\" textColor=\"34,34,34,255\" "
    "isExpression=\"0\" textOpacity=\"1\"><text-buffer bufferDraw=\"1\" bufferSize=\"0.9\" "
    "bufferSizeUnits=\"MM\" bufferColor=\"255,255,255,255\" bufferOpacity=\"1\"/></text-style>"
    "<placement placement=\"0\" dist=\"1.2\" distUnits=\"MM\"/><rendering obstacle=\"1\" "
    "displayAll=\"0\" scaleVisibility=\"0\"/></settings></labeling>\n";

static const char street_labels[] =
    "<labeling type=\"simple\"><settings calloutType=\"simple\"><text-style fieldName=\"name\" "
    "fontFamily=\"DejaVu Sans\" fontSize=\"5.5\" fontSizeUnit=\"Point\" textColor=\"84,79,74,255\" "
    "isExpression=\"0\" textOpacity=\"1\"><text-buffer bufferDraw=\"1\" bufferSize=\"0.6\" "
    "bufferSizeUnits=\"MM\" bufferColor=\"255,255,255,255\" bufferOpacity=\"1\"/></text-style>"
    "<placement placement=\"2\" placementFlags=\"10\" repeatDistance=\"70\" "
    "repeatDistanceUnits=\"MM\"/><rendering scaleVisibility=\"1\" scaleMin=\"0\" "
    "scaleMax=\"30000\" mergeLines=\"1\"/></settings></labeling>\n";

static int maplayer(hs__xbuf *b, const char *file, const qlayer *l, const char *wkt, int epsg,
                    const char *lang)
{
    hs__xbuf_put(b,
                 "<maplayer type=\"%s\" geometry=\"%s\" styleCategories=\"AllStyleCategories\" "
                 "hasScaleBasedVisibilityFlag=\"0\" minScale=\"100000000\" maxScale=\"0\" "
                 "autoRefreshEnabled=\"0\">\n",
                 l->raster ? "raster" : "vector", gname(l));
    if (l->box.xmax >= l->box.xmin) {
        hs__xbuf_put(b,
                     "<extent><xmin>%.3f</xmin><ymin>%.3f</ymin><xmax>%.3f</xmax><ymax>%.3f</ymax>"
                     "</extent>\n",
                     l->box.xmin, l->box.ymin, l->box.xmax, l->box.ymax);
    }
    /* QGIS keeps a layer id of more than 10 characters only */
    hs__xbuf_put(b, "<id>hotspot_%s</id>\n<datasource>", l->table);
    source(b, file, l);
    hs__xbuf_put(b, "</datasource>\n<layername>");
    hs__xbuf_esc(b, l->title);
    hs__xbuf_put(b, "</layername>\n");
    srs(b, wkt, epsg);
    hs__xbuf_put(b, "\n<provider encoding=\"UTF-8\">%s</provider>\n", l->raster ? "gdal" : "ogr");
    if (strcmp(l->table, "kommuner") == 0) {
        hs__xbuf_put(b, OUTLINE_RENDERER, "51,51,51,255", "0.5");
    } else if (strcmp(l->table, "places") == 0) {
        hs__xbuf_put(b, OUTLINE_RENDERER, "89,89,89,230", "0.25");
        hs__xbuf_put(b, "%s", place_labels);
    } else if (l->style != NULL) {
        char *r = NULL;
        int rc = hs__style_renderer(&r, l->style, lang,
                                    l->kind == HS_GEOM_LINESTRING ? "line" : NULL, l->vmax);
        if (rc != HS_OK) {
            return rc;
        }
        const char *z = strstr(l->table, "gistar")
                            ? strstr(r, "render=\"true\" symbol=\"3\" value=\"0\"")
                            : NULL;
        if (z != NULL) { /* the printed map leaves the cells that are not significant out */
            hs__xbuf_put(b, "%.*s", (int)(z - r), r);
            hs__xbuf_put(b, "render=\"false\"%s", z + strlen("render=\"true\""));
        } else {
            hs__xbuf_put(b, "%s", r);
        }
        free(r);
        if (strcmp(l->table, "basemap_lines") == 0) {
            hs__xbuf_put(b, "%s", street_labels);
        }
    }
    hs__xbuf_put(b, "</maplayer>\n");
    return HS_OK;
}

static void tree_layer(hs__xbuf *b, const char *file, const qlayer *l)
{
    hs__xbuf_put(b, "<layer-tree-layer id=\"hotspot_%s\" name=\"", l->table);
    hs__xbuf_esc(b, l->title);
    hs__xbuf_put(b, "\" source=\"");
    source(b, file, l);
    hs__xbuf_put(b,
                 "\" providerKey=\"%s\" checked=\"Qt::%s\" expanded=\"%d\"><customproperties/>"
                 "</layer-tree-layer>\n",
                 l->raster ? "gdal" : "ogr", l->visible ? "Checked" : "Unchecked", l->visible);
}

/* ---- the print layout ---- */

static void font(hs__xbuf *b, const char *tag, double size, int bold)
{
    hs__xbuf_put(b, "<%s style=\"\" description=\"DejaVu Sans,%g,-1,5,%d,0,0,0,0,0\"/>", tag, size,
                 bold ? 75 : 50);
}

static void label_item(hs__xbuf *b, const char *id, const char *text, double x, double y, double w,
                       double h, double size, int bold, int grey, int z)
{
    hs__xbuf_put(
        b,
        "<LayoutItem type=\"65641\" id=\"%s\" uuid=\"{6f6b1c00-0000-4000-8000-0000000000%02d}\" "
        "labelText=\"",
        id, z);
    hs__xbuf_esc(b, text);
    hs__xbuf_put(
        b,
        "\" htmlState=\"0\" halign=\"1\" valign=\"32\" marginX=\"0\" marginY=\"0\" "
        "position=\"%g,%g,mm\" positionOnPage=\"%g,%g,mm\" size=\"%g,%g,mm\" zValue=\"%d\" "
        "frame=\"false\" background=\"false\" visibility=\"1\" positionLock=\"false\" "
        "referencePoint=\"0\" itemRotation=\"0\" opacity=\"1\" blendMode=\"0\" "
        "excludeFromExports=\"0\" groupUuid=\"\" templateUuid=\"\">",
        x, y, x, y, w, h, z);
    font(b, "LabelFont", size, bold);
    hs__xbuf_put(b, "<FontColor red=\"%d\" green=\"%d\" blue=\"%d\" alpha=\"255\"/></LayoutItem>\n",
                 grey ? 97 : 34, grey ? 97 : 34, grey ? 97 : 34);
}

/* The clean scale the printed map is drawn at (render_layout.c's hs_clean_scale: the smallest 1,
 * 1.5, 2, 2.5, 3, 4, 5 or 7.5 times a power of ten not below den). */
static double clean_scale(double den)
{
    static const double steps[] = {1, 1.5, 2, 2.5, 3, 4, 5, 7.5, 10};
    if (!(den > 0) || !isfinite(den)) {
        return den;
    }
    double p = pow(10, floor(log10(den)));
    for (size_t i = 0; i < sizeof steps / sizeof steps[0]; i++) {
        if (steps[i] * p >= den * (1 - 1e-9)) {
            return steps[i] * p;
        }
    }
    return 10 * p;
}

#define MAP_UUID "{6f6b1c00-0000-4000-8000-000000000001}"

static void layout(hs__xbuf *b, const hs_gpkg_qgis *q, const qlayer *ls, size_t n, hs_bbox e,
                   const char *file, int en)
{
    /* A4 portrait as the printed map: 10 mm margins, the map frame 7 mm in, under a title of
     * one or two lines (17 pt bold: about 49 characters a line) and the period */
    size_t chars = 0;
    for (const char *c = q->title; c && *c; c++) {
        chars += ((unsigned char)*c & 0xc0) != 0x80;
    }
    int lines = chars > 49 ? 2 : chars > 0 ? 1 : 0;
    const double fx = 17;
    const double title_h = 6.6 * lines;
    const double fy = 10 + title_h + (q->subtitle && q->subtitle[0] ? 6 : 0) + 3;
    const double fw = 183;
    const double fh = 246 - fy;
    /* the extent widened to the frame's proportions, centred */
    double ew = e.xmax - e.xmin;
    double eh = e.ymax - e.ymin;
    double s = 1000.0 / clean_scale(1000.0 / fmin(fw / ew, fh / eh));
    double cx = (e.xmin + e.xmax) / 2;
    double cy = (e.ymin + e.ymax) / 2;
    double hw = fw / s / 2;
    double hh = fh / s / 2;
    hs__xbuf_put(b,
                 "<Layouts>\n<Layout name=\"%s\" units=\"mm\" printResolution=\"300\" "
                 "worldFileMap=\"\">\n",
                 en ? "A4 map" : "Karta A4");
    hs__xbuf_put(
        b, "<PageCollection><LayoutItem type=\"65638\" uuid=\"{6f6b1c00-0000-4000-8000-"
           "000000000000}\" size=\"210,297,mm\" position=\"0,0,mm\" positionOnPage=\"0,0,mm\" "
           "zValue=\"0\" frame=\"false\" background=\"true\" visibility=\"1\" "
           "positionLock=\"false\" referencePoint=\"0\" itemRotation=\"0\" opacity=\"1\" "
           "blendMode=\"0\" excludeFromExports=\"0\" groupUuid=\"\" templateUuid=\"\">"
           "<FrameColor red=\"0\" green=\"0\" blue=\"0\" alpha=\"255\"/><BackgroundColor "
           "red=\"255\" green=\"255\" blue=\"255\" alpha=\"255\"/></LayoutItem>"
           "<GuideCollection visible=\"1\"/></PageCollection>\n");
    if (q->title && q->title[0]) {
        label_item(b, en ? "Title" : "Titel", q->title, fx, 9, fw, title_h + 2, 17, 1, 0, 10);
    }
    if (q->subtitle && q->subtitle[0]) {
        label_item(b, en ? "Period" : "Period", q->subtitle, fx, 10 + title_h + 0.5, fw, 5.5, 10.5,
                   0, 1, 11);
    }
    hs__xbuf_put(
        b,
        "<LayoutItem type=\"65639\" id=\"%s\" uuid=\"" MAP_UUID "\" position=\"%g,%g,mm\" "
        "positionOnPage=\"%g,%g,mm\" size=\"%g,%g,mm\" zValue=\"1\" frame=\"true\" "
        "outlineWidthM=\"0.35,mm\" frameJoinStyle=\"miter\" background=\"true\" "
        "visibility=\"1\" positionLock=\"false\" referencePoint=\"0\" itemRotation=\"0\" "
        "opacity=\"1\" blendMode=\"0\" excludeFromExports=\"0\" groupUuid=\"\" "
        "templateUuid=\"\" keepLayerSet=\"false\" drawCanvasItems=\"true\" mapRotation=\"0\" "
        "labelMargin=\"0,mm\" mapFlags=\"0\" followPreset=\"false\" followPresetName=\"\" "
        "isTemporal=\"0\">",
        en ? "Map" : "Karta", fx, fy, fx, fy, fw, fh);
    hs__xbuf_put(b,
                 "<FrameColor red=\"34\" green=\"34\" blue=\"34\" alpha=\"255\"/><BackgroundColor "
                 "red=\"236\" green=\"236\" blue=\"233\" alpha=\"255\"/>");
    hs__xbuf_put(b,
                 "<Extent xmin=\"%.3f\" ymin=\"%.3f\" xmax=\"%.3f\" ymax=\"%.3f\"/><LayerSet/>"
                 "</LayoutItem>\n",
                 cx - hw, cy - hh, cx + hw, cy + hh);
    /* north arrow (top right inside the frame) and scale bar (bottom left) */
    hs__xbuf_put(
        b,
        "<LayoutItem type=\"65640\" id=\"%s\" uuid=\"{6f6b1c00-0000-4000-8000-000000000002}\" "
        "file=\":/images/north_arrows/layout_default_north_arrow.svg\" mode=\"0\" "
        "mapUuid=\"" MAP_UUID "\" northMode=\"0\" northOffset=\"0\" resizeMode=\"0\" "
        "anchorPoint=\"0\" svgFillColor=\"255,255,255,255\" svgBorderColor=\"34,34,34,255\" "
        "svgBorderWidth=\"0.2\" position=\"%g,%g,mm\" positionOnPage=\"%g,%g,mm\" "
        "size=\"10,15,mm\" zValue=\"5\" frame=\"false\" background=\"true\" visibility=\"1\" "
        "positionLock=\"false\" referencePoint=\"0\" itemRotation=\"0\" opacity=\"1\" "
        "blendMode=\"0\" excludeFromExports=\"0\" groupUuid=\"\" templateUuid=\"\">"
        "<FrameColor red=\"0\" green=\"0\" blue=\"0\" alpha=\"255\"/><BackgroundColor "
        "red=\"255\" green=\"255\" blue=\"255\" alpha=\"204\"/></LayoutItem>\n",
        en ? "North arrow" : "Norrpil", fx + fw - 13, fy + 3, fx + fw - 13, fy + 3);
    double seg = 0;
    {
        double max_m = 0.28 * fw / s / 2; /* two segments, as the printed map's bar */
        double p = pow(10, floor(log10(max_m)));
        seg = max_m >= 5 * p ? 5 * p : max_m >= 2 * p ? 2 * p : p;
    }
    int km = seg * 2 >= 1000;

    hs__xbuf_put(
        b,
        "<LayoutItem type=\"65646\" id=\"%s\" uuid=\"{6f6b1c00-0000-4000-8000-000000000003}\" "
        "mapUuid=\"" MAP_UUID "\" style=\"Single Box\" unitType=\"%s\" unitLabel=\"%s\" "
        "numMapUnitsPerScaleBarUnit=\"%d\" numSegments=\"2\" numSegmentsLeft=\"0\" "
        "numUnitsPerSegment=\"%g\" segmentSizeMode=\"0\" height=\"1.4\" labelBarSpace=\"1.5\" "
        "boxContentSpace=\"1.5\" alignment=\"0\" position=\"%g,%g,mm\" "
        "positionOnPage=\"%g,%g,mm\" size=\"50,10,mm\" zValue=\"4\" frame=\"false\" "
        "background=\"true\" visibility=\"1\" positionLock=\"false\" referencePoint=\"0\" "
        "itemRotation=\"0\" opacity=\"1\" blendMode=\"0\" excludeFromExports=\"0\" "
        "groupUuid=\"\" templateUuid=\"\" minBarWidth=\"10\" maxBarWidth=\"150\">"
        "<FrameColor red=\"0\" green=\"0\" blue=\"0\" alpha=\"255\"/><BackgroundColor "
        "red=\"255\" green=\"255\" blue=\"255\" alpha=\"217\"/></LayoutItem>\n",
        en ? "Scale bar" : "Skalstock", km ? "kilometers" : "meters", km ? "km" : "m",
        km ? 1000 : 1, seg, fx + 2, fy + fh - 12, fx + 2, fy + fh - 12);
    /* the legend under the map: the layers shown */
    hs__xbuf_put(
        b,
        "<LayoutItem type=\"65642\" id=\"%s\" uuid=\"{6f6b1c00-0000-4000-8000-000000000004}\" "
        "map_uuid=\"" MAP_UUID "\" title=\"\" columnCount=\"3\" splitLayer=\"1\" "
        "equalColumnWidth=\"0\" resizeToContents=\"1\" symbolWidth=\"6\" symbolHeight=\"3.5\" "
        "boxSpace=\"1\" columnSpace=\"4\" lineSpacing=\"1\" wrapChar=\"\" "
        "legendFilterByAtlas=\"0\" rasterBorder=\"1\" rasterBorderColor=\"0,0,0,255\" "
        "rasterBorderWidth=\"0\" fontColor=\"#222222\" titleAlignment=\"1\" "
        "symbolAlignment=\"1\" position=\"%g,%g,mm\" positionOnPage=\"%g,%g,mm\" "
        "size=\"%g,40,mm\" zValue=\"3\" frame=\"false\" background=\"false\" visibility=\"1\" "
        "positionLock=\"false\" referencePoint=\"0\" itemRotation=\"0\" opacity=\"1\" "
        "blendMode=\"0\" excludeFromExports=\"0\" groupUuid=\"\" templateUuid=\"\">",
        en ? "Legend" : "Teckenförklaring", fx, fy + fh + 6, fx, fy + fh + 6, fw);
    hs__xbuf_put(b, "<styles><style name=\"title\" alignment=\"1\" marginBottom=\"2\">");
    font(b, "styleFont", 9, 1);
    hs__xbuf_put(b, "</style><style name=\"group\" alignment=\"1\" marginTop=\"2\">");
    font(b, "styleFont", 8, 1);
    hs__xbuf_put(b, "</style><style name=\"subgroup\" alignment=\"1\" marginTop=\"1.5\">");
    font(b, "styleFont", 7.5, 1);
    hs__xbuf_put(b, "</style><style name=\"symbol\" alignment=\"1\" marginTop=\"1\">");
    font(b, "styleFont", 7, 0);
    hs__xbuf_put(b, "</style><style name=\"symbolLabel\" alignment=\"1\" marginTop=\"1\" "
                    "marginLeft=\"1.5\">");
    font(b, "styleFont", 7, 0);
    hs__xbuf_put(b, "</style></styles><layer-tree>\n");
    for (size_t i = 0; i < n; i++) {
        if (ls[i].visible && ls[i].group != G_BAKGRUND && strcmp(ls[i].table, "places") != 0) {
            tree_layer(b, file, &ls[i]);
        }
    }
    for (size_t i = 0; i < n; i++) {
        if (ls[i].visible && strcmp(ls[i].table, "kommuner") == 0) {
            tree_layer(b, file, &ls[i]);
        }
    }
    hs__xbuf_put(b, "</layer-tree></LayoutItem>\n");
    char foot[1400];
    hs__fmt(foot, sizeof foot, "%s%s%s", q->source ? q->source : "",
            q->method && q->method[0] ? "\n" : "", q->method ? q->method : "");
    label_item(b, en ? "Source" : "Källa", foot, fx, 274, fw, 12, 6.5, 0, 1, 12);
    hs__xbuf_put(b, "</Layout>\n</Layouts>\n");
}

int hs__qgis_project_xml(char **out, const hs_gpkg *g, const hs_gpkg_qgis *q, const char *wkt)
{
    *out = NULL;
    const char *file = strrchr(g->path, '/') ? strrchr(g->path, '/') + 1 : g->path;
    const char *lang = hs_ctx_lang(g->ctx);
    int en = lang && strcmp(lang, "en") == 0;
    size_t cap = g->nlayers + g->nrasters;
    qlayer *ls = calloc(cap ? cap : 1, sizeof *ls);
    if (ls == NULL) {
        return HS_ENOMEM;
    }
    size_t n = 0;
    hs_bbox all = {INFINITY, INFINITY, -INFINITY, -INFINITY};
    hs_bbox kommun = {1, 1, 0, 0};
    for (size_t i = 0; i < g->nlayers + g->nrasters; i++) {
        qlayer l;
        memset(&l, 0, sizeof l);
        if (i < g->nlayers) {
            const gp_layer *L = &g->layers[i];
            if (L->kind == HS_GEOM_NONE || L->rows == 0) {
                continue;
            }
            l.table = L->name;
            l.title = L->title ? L->title : L->name;
            l.style = L->style;
            l.kind = L->kind;
            l.box = L->box;
        } else {
            const gp_raster *R = &g->rasters[i - g->nlayers];
            l.table = R->layer;
            l.title = R->desc ? R->desc : R->layer;
            l.raster = 1;
            l.style = hs_style_get("density");
            l.box = (hs_bbox){R->grid.x0, R->grid.y0, R->grid.x0 + R->grid.cell * R->grid.nx,
                              R->grid.y0 + R->grid.cell * R->grid.ny};
            size_t nv = (size_t)R->grid.nx * (size_t)R->grid.ny;
            for (size_t k = 0; k < nv; k++) {
                if (R->values[k] > l.vmax) {
                    l.vmax = R->values[k];
                }
            }
        }
        l.group = G_BROTT;
        l.rank = (int)N_ORDER + (int)i;
        for (size_t k = 0; k < N_ORDER; k++) {
            if (strcmp(order[k].table, l.table) == 0) {
                l.group = order[k].group;
                l.rank = (int)k;
            }
        }
        const char *main = q->main_layer && q->main_layer[0] ? q->main_layer : "gistar";
        l.visible =
            strcmp(l.table, main) == 0 || l.group == G_BAKGRUND || strcmp(l.table, "places") == 0;
        if (strcmp(l.table, "kommuner") == 0) {
            kommun = l.box;
        }
        if (l.box.xmax >= l.box.xmin && strncmp(l.table, "basemap", 7) != 0) {
            all.xmin = fmin(all.xmin, l.box.xmin);
            all.ymin = fmin(all.ymin, l.box.ymin);
            all.xmax = fmax(all.xmax, l.box.xmax);
            all.ymax = fmax(all.ymax, l.box.ymax);
        }
        ls[n++] = l;
    }
    qsort(ls, n, sizeof *ls, cmp_layer);
    hs_bbox e = q->extent;
    if (!(e.xmax > e.xmin && e.ymax > e.ymin)) {
        e = kommun.xmax > kommun.xmin ? kommun : all;
        if (!(e.xmax > e.xmin && e.ymax > e.ymin)) {
            e = (hs_bbox){0, 0, 1000, 1000};
        }
        double pad = 0.04 * fmax(fmax(e.xmax - e.xmin, e.ymax - e.ymin), 500.0);
        e = (hs_bbox){e.xmin - pad, e.ymin - pad, e.xmax + pad, e.ymax + pad};
    }
    int epsg = g->opts.epsg > 0 ? g->opts.epsg : 3006;
    hs__xbuf b = {NULL, 0, 0, 0};
    hs__xbuf_put(
        &b, "<!DOCTYPE qgis PUBLIC 'http://mrcc.com/qgis.dtd' 'SYSTEM'>\n<qgis projectname=\"");
    hs__xbuf_esc(&b, q->title ? q->title : "hotspot");
    hs__xbuf_put(&b, "\" version=\"3.22.16-Białowieża\">\n<homePath path=\"\"/>\n<title>");
    hs__xbuf_esc(&b, q->title ? q->title : "hotspot");
    hs__xbuf_put(&b, "</title>\n<projectCrs><spatialrefsys><wkt>");
    hs__xbuf_esc(&b, wkt);
    hs__xbuf_put(&b, "</wkt><authid>EPSG:%d</authid></spatialrefsys></projectCrs>\n", epsg);
    /* the layer tree, top first */
    hs__xbuf_put(&b, "<layer-tree-group><customproperties/>\n");
    for (int gi = 0; gi < G_N; gi++) {
        int any = 0;
        for (size_t i = 0; i < n; i++) {
            any |= ls[i].group == gi;
        }
        if (!any) {
            continue;
        }
        if (gi != G_TOP) {
            hs__xbuf_put(&b,
                         "<layer-tree-group name=\"%s\" checked=\"Qt::Checked\" expanded=\"1\">"
                         "<customproperties/>\n",
                         en ? group_en[gi] : group_sv[gi]);
        }
        for (size_t i = 0; i < n; i++) {
            if (ls[i].group == gi) {
                tree_layer(&b, file, &ls[i]);
            }
        }
        if (gi != G_TOP) {
            hs__xbuf_put(&b, "</layer-tree-group>\n");
        }
    }
    hs__xbuf_put(&b, "</layer-tree-group>\n");
    hs__xbuf_put(&b,
                 "<mapcanvas name=\"theMapCanvas\" annotationsVisible=\"1\"><units>meters</units>"
                 "<extent><xmin>%.3f</xmin><ymin>%.3f</ymin><xmax>%.3f</xmax><ymax>%.3f</ymax>"
                 "</extent><rotation>0</rotation><destinationsrs><spatialrefsys><wkt>",
                 e.xmin, e.ymin, e.xmax, e.ymax);
    hs__xbuf_esc(&b, wkt);
    hs__xbuf_put(&b,
                 "</wkt><authid>EPSG:%d</authid></spatialrefsys></destinationsrs>"
                 "<rendermaptile>0</rendermaptile></mapcanvas>\n",
                 epsg);
    hs__xbuf_put(&b, "<projectlayers>\n");
    int rc = HS_OK;
    for (size_t i = 0; i < n && rc == HS_OK; i++) {
        rc = maplayer(&b, file, &ls[i], wkt, epsg, lang);
    }
    hs__xbuf_put(&b, "</projectlayers>\n");
    hs__xbuf_put(&b,
                 "<properties><Paths><Absolute type=\"bool\">false</Absolute></Paths><Measurement>"
                 "<DistanceUnits type=\"QString\">meters</DistanceUnits><AreaUnits "
                 "type=\"QString\">m2</AreaUnits></Measurement></properties>\n");
    if (rc == HS_OK) {
        layout(&b, q, ls, n, e, file, en);
    }
    hs__xbuf_put(&b, "</qgis>\n");
    free(ls);
    if (rc == HS_OK && b.err) {
        rc = b.err;
    }
    if (rc != HS_OK) {
        free(b.p);
        return rc;
    }
    *out = b.p;
    return HS_OK;
}

/* ---- the .qgz archive: a zip with the one .qgs entry, stored ---- */

static uint32_t crc32_of(const unsigned char *p, size_t n)
{
    uint32_t table[256];
    for (uint32_t i = 0; i < 256; i++) {
        uint32_t c = i;
        for (int k = 0; k < 8; k++) {
            c = c & 1 ? 0xedb88320u ^ (c >> 1) : c >> 1;
        }
        table[i] = c;
    }
    uint32_t crc = 0xffffffffu;
    for (size_t i = 0; i < n; i++) {
        crc = table[(crc ^ p[i]) & 0xff] ^ (crc >> 8);
    }
    return crc ^ 0xffffffffu;
}

static void le(unsigned char *p, size_t *at, uint32_t v, int bytes)
{
    for (int i = 0; i < bytes; i++) {
        p[(*at)++] = (unsigned char)(v >> (8 * i));
    }
}

int hs__qgis_qgz(unsigned char **out, size_t *len, const char *entry, const char *xml)
{
    size_t n = strlen(xml);
    size_t nl = strlen(entry);
    if (n > 0xffffffffu - 1000) {
        return HS_EUNSUPPORTED;
    }
    size_t total = 30 + nl + n + 46 + nl + 22;
    unsigned char *p = malloc(total);
    if (p == NULL) {
        return HS_ENOMEM;
    }
    uint32_t crc = crc32_of((const unsigned char *)xml, n);
    const uint32_t dostime = 0;                                   /* 00:00:00 */
    const uint32_t dosdate = ((2020 - 1980) << 9) | (1 << 5) | 1; /* a fixed date */
    size_t at = 0;
    le(p, &at, 0x04034b50u, 4);
    le(p, &at, 20, 2);     /* version needed */
    le(p, &at, 0x0800, 2); /* UTF-8 name */
    le(p, &at, 0, 2);      /* stored */
    le(p, &at, dostime, 2);
    le(p, &at, dosdate, 2);
    le(p, &at, crc, 4);
    le(p, &at, (uint32_t)n, 4);
    le(p, &at, (uint32_t)n, 4);
    le(p, &at, (uint32_t)nl, 2);
    le(p, &at, 0, 2);
    memcpy(p + at, entry, nl);
    at += nl;
    memcpy(p + at, xml, n);
    at += n;
    size_t cd = at;
    le(p, &at, 0x02014b50u, 4);
    le(p, &at, 20, 2);
    le(p, &at, 20, 2);
    le(p, &at, 0x0800, 2);
    le(p, &at, 0, 2);
    le(p, &at, dostime, 2);
    le(p, &at, dosdate, 2);
    le(p, &at, crc, 4);
    le(p, &at, (uint32_t)n, 4);
    le(p, &at, (uint32_t)n, 4);
    le(p, &at, (uint32_t)nl, 2);
    le(p, &at, 0, 2); /* extra */
    le(p, &at, 0, 2); /* comment */
    le(p, &at, 0, 2); /* disk */
    le(p, &at, 0, 2); /* internal attributes */
    le(p, &at, 0, 4); /* external attributes */
    le(p, &at, 0, 4); /* local header offset */
    memcpy(p + at, entry, nl);
    at += nl;
    size_t cd_len = at - cd;
    le(p, &at, 0x06054b50u, 4);
    le(p, &at, 0, 2);
    le(p, &at, 0, 2);
    le(p, &at, 1, 2);
    le(p, &at, 1, 2);
    le(p, &at, (uint32_t)cd_len, 4);
    le(p, &at, (uint32_t)cd, 4);
    le(p, &at, 0, 2);
    *out = p;
    *len = at;
    return HS_OK;
}
