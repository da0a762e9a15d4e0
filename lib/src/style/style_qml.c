/*
 * QGIS QML documents generated from the built-in styles (style.c): categorized, graduated and
 * single-symbol renderers for vector layers (points as circles, polygons as fills) and a
 * single-band pseudocolour renderer for rasters. The result is what a GeoPackage's layer_styles
 * table holds. Pure string building: no I/O, no XML library.
 */
#include "core/hs_internal.h"
#include "style/style.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int c255(double v)
{
    return (int)lround(fmin(fmax(v, 0.0), 1.0) * 255.0);
}

static void put_rgba(hs__xbuf *b, hs_rgba c)
{
    hs__xbuf_put(b, "%d,%d,%d,%d", c255(c.r), c255(c.g), c255(c.b), c255(c.a));
}

static void opt(hs__xbuf *b, const char *name, const char *value)
{
    hs__xbuf_put(b, "          <Option type=\"QString\" name=\"%s\" value=\"%s\"/>\n", name, value);
}

static void opt_rgba(hs__xbuf *b, const char *name, hs_rgba c)
{
    hs__xbuf_put(b, "          <Option type=\"QString\" name=\"%s\" value=\"", name);
    put_rgba(b, c);
    hs__xbuf_put(b, "\"/>\n");
}

/* A line symbol: the class's stroke as casing, `width` mm wide, and for wide lines a centre in the
 * fill colour (roads); a railway gets white dashes. */
static void line_symbol(hs__xbuf *b, const hs_style *st, size_t i, const hs_style_class *c)
{
    char num[64];
    double w = c->width > 0 ? c->width : (st->stroke_width > 0 ? st->stroke_width : 0.3);
    hs__xbuf_put(b,
                 "    <symbol type=\"line\" name=\"%zu\" alpha=\"1\" clip_to_extent=\"1\" "
                 "force_rhr=\"0\">\n",
                 i);
    int rail = c->value && !strcmp(c->value, "rail");
    for (int k = 0; k < 2; k++) {
        if (k == 1 && w < 0.45 && !rail) {
            break;
        }
        hs__xbuf_put(
            b, "      <layer class=\"SimpleLine\" enabled=\"1\" pass=\"0\" locked=\"0\">\n        "
               "<Option type=\"Map\">\n");
        hs_rgba white = {1, 1, 1, 1};
        opt_rgba(b, "line_color", k == 0 ? c->stroke : rail ? white : c->fill);
        hs__fmt(num, sizeof num, "%g", k == 0 ? w : rail ? w * 0.45 : w - 0.24);
        opt(b, "line_width", num);
        opt(b, "line_width_unit", "MM");
        opt(b, "capstyle", rail && k == 1 ? "flat" : "round");
        opt(b, "joinstyle", "round");
        opt(b, "line_style", "solid");
        if (rail && k == 1) {
            opt(b, "use_custom_dash", "1");
            opt(b, "customdash", "1.6;1.6");
            opt(b, "customdash_unit", "MM");
        }
        hs__xbuf_put(b, "        </Option>\n      </layer>\n");
    }
    hs__xbuf_put(b, "    </symbol>\n");
}

static void symbol(hs__xbuf *b, const hs_style *st, size_t i, const hs_style_class *c,
                   const char *geom)
{
    int line = (geom && !strcmp(geom, "line")) || (st->geometry && !strcmp(st->geometry, "line"));
    if (line && st->kind && !strcmp(st->kind, "basemap")) {
        line_symbol(b, st, i, c); /* roads cased, the railway dashed */
        return;
    }
    int point = geom && !strcmp(geom, "point");
    char num[64];
    if (line) {
        hs__xbuf_put(b,
                     "    <symbol type=\"line\" name=\"%zu\" alpha=\"1\" clip_to_extent=\"1\" "
                     "force_rhr=\"0\">\n      <layer class=\"SimpleLine\" enabled=\"1\" pass=\"0\" "
                     "locked=\"0\">\n        <Option type=\"Map\">\n",
                     i);
        opt_rgba(b, "line_color", c->stroke.a > 0 ? c->stroke : c->fill);
        hs__fmt(num, sizeof num, "%g", c->width > 0 ? c->width : st->stroke_width);
        opt(b, "line_width", num);
        opt(b, "line_width_unit", "MM");
        opt(b, "line_style", "solid");
        opt(b, "capstyle", "round");
        opt(b, "joinstyle", "round");
        hs__xbuf_put(b, "        </Option>\n      </layer>\n    </symbol>\n");
        return;
    }
    hs__xbuf_put(
        b,
        "    <symbol type=\"%s\" name=\"%zu\" alpha=\"1\" clip_to_extent=\"1\" force_rhr=\"0\">\n",
        point ? "marker" : "fill", i);
    hs__xbuf_put(
        b,
        "      <layer class=\"%s\" enabled=\"1\" pass=\"0\" locked=\"0\">\n        <Option "
        "type=\"Map\">\n",
        point ? "SimpleMarker" : "SimpleFill");
    opt_rgba(b, "color", c->fill);
    opt_rgba(b, "outline_color", c->stroke);
    hs__fmt(num, sizeof num, "%g", st->stroke_width);
    opt(b, "outline_width", num);
    opt(b, "outline_width_unit", "MM");
    opt(b, "outline_style", st->stroke_width > 0 ? "solid" : "no");
    if (point) {
        hs__fmt(num, sizeof num, "%g", st->point_size > 0 ? st->point_size : 2.0);
        opt(b, "name", "circle");
        opt(b, "size", num);
        opt(b, "size_unit", "MM");
    } else {
        opt(b, "style", "solid");
    }
    hs__xbuf_put(b, "        </Option>\n      </layer>\n    </symbol>\n");
}

static void vector_renderer(hs__xbuf *b, const hs_style *st, const char *lang, const char *geom)
{
    const char *attr = st->field ? st->field : "";
    if (st->type == HS_STYLE_CATEGORIZED) {
        hs__xbuf_put(b, "  <renderer-v2 type=\"categorizedSymbol\" attr=\"");
        hs__xbuf_esc(b, attr);
        hs__xbuf_put(
            b, "\" symbollevels=\"0\" enableorderby=\"0\" forceraster=\"0\">\n  <categories>\n");
        for (size_t i = 0; i < st->nclasses; i++) {
            const hs_style_class *c = &st->classes[i];
            hs__xbuf_put(b, "    <category render=\"true\" symbol=\"%zu\" value=\"", i);
            hs__xbuf_esc(b, c->value ? c->value : "");
            hs__xbuf_put(b, "\" label=\"");
            hs__xbuf_esc(b, hs_style_label(c, lang));
            hs__xbuf_put(b, "\"/>\n");
        }
        hs__xbuf_put(b, "  </categories>\n");
    } else if (st->type == HS_STYLE_GRADUATED) {
        hs__xbuf_put(b, "  <renderer-v2 type=\"graduatedSymbol\" attr=\"");
        hs__xbuf_esc(b, attr);
        hs__xbuf_put(b,
                     "\" graduatedMethod=\"GraduatedColor\" symbollevels=\"0\" enableorderby=\"0\" "
                     "forceraster=\"0\">\n  <ranges>\n");
        for (size_t i = 0; i < st->nclasses; i++) {
            const hs_style_class *c = &st->classes[i];
            /* QGIS ranges are closed [lower, upper]; ours are [lo, hi). */
            double up = isinf(c->hi) ? 1e15 : nextafter(c->hi, -INFINITY);
            hs__xbuf_put(
                b,
                "    <range render=\"true\" symbol=\"%zu\" lower=\"%.17g\" upper=\"%.17g\" "
                "label=\"",
                i, c->lo, up);
            hs__xbuf_esc(b, hs_style_label(c, lang));
            hs__xbuf_put(b, "\"/>\n");
        }
        hs__xbuf_put(b, "  </ranges>\n");
    } else {
        hs__xbuf_put(b,
                     "  <renderer-v2 type=\"singleSymbol\" symbollevels=\"0\" enableorderby=\"0\" "
                     "forceraster=\"0\">\n");
    }
    hs__xbuf_put(b, "  <symbols>\n");
    size_t n =
        st->type == HS_STYLE_CATEGORIZED || st->type == HS_STYLE_GRADUATED ? st->nclasses : 1;
    for (size_t i = 0; i < n; i++) {
        symbol(b, st, i, &st->classes[i], geom);
    }
    hs__xbuf_put(b, "  </symbols>\n  </renderer-v2>\n");
}

/* Ramp stops are positions in [0, 1]; the raster renderer gets them over [0, 1] too and QGIS
 * users stretch it with the band's statistics (QGIS 3.22 ignores layer_styles for rasters). */
static void raster_renderer(hs__xbuf *b, const hs_style *st, const char *lang, double scale)
{
    const hs_style_class *c = st->classes;
    size_t n = st->nclasses;
    hs__xbuf_put(
        b,
        "  <pipe>\n    <rasterrenderer type=\"singlebandpseudocolor\" band=\"1\" opacity=\"%s\" "
        "classificationMin=\"%g\" classificationMax=\"%g\">\n      <rastershader>\n        "
        "<colorrampshader colorRampType=\"INTERPOLATED\" classificationMode=\"1\" clip=\"0\">\n",
        scale != 1 ? "0.85" : "1", c[0].lo * scale, c[n - 1].lo * scale);
    for (size_t i = 0; i < n; i++) {
        hs__xbuf_put(b,
                     "          <item value=\"%g\" alpha=\"%d\" color=\"#%02x%02x%02x\" label=\"",
                     c[i].lo * scale, c255(c[i].fill.a), c255(c[i].fill.r), c255(c[i].fill.g),
                     c255(c[i].fill.b));
        hs__xbuf_esc(b, hs_style_label(&c[i], lang));
        hs__xbuf_put(b, "\"/>\n");
    }
    hs__xbuf_put(
        b, "        </colorrampshader>\n      </rastershader>\n    </rasterrenderer>\n  </pipe>\n");
}

int hs__style_renderer(char **out, const hs_style *style, const char *lang, const char *geometry,
                       double raster_max)
{
    *out = NULL;
    if (!style || !style->nclasses) {
        return HS_EINVAL;
    }
    hs__xbuf b = {NULL, 0, 0, 0};
    if (style->geometry && !strcmp(style->geometry, "raster")) {
        raster_renderer(&b, style, lang, raster_max > 0 ? raster_max : 1.0);
    } else {
        vector_renderer(&b, style, lang, geometry ? geometry : style->geometry);
    }
    if (b.err) {
        free(b.p);
        return b.err;
    }
    *out = b.p;
    return HS_OK;
}

int hs__style_qml(char **out, const hs_style *style, const char *lang)
{
    return hs__style_qml_geom(out, style, lang, NULL);
}

int hs__style_qml_geom(char **out, const hs_style *style, const char *lang, const char *geometry)
{
    *out = NULL;
    if (!style || !style->nclasses) {
        return HS_EINVAL;
    }
    hs__xbuf b = {NULL, 0, 0, 0};
    hs__xbuf_put(
        &b, "<!DOCTYPE qgis PUBLIC 'http://mrcc.com/qgis.dtd' 'SYSTEM'>\n<qgis version=\"3.22.16\" "
            "styleCategories=\"Symbology|Labeling\">\n");
    if (style->geometry && !strcmp(style->geometry, "raster")) {
        raster_renderer(&b, style, lang, 1.0);
    } else {
        vector_renderer(&b, style, lang, geometry ? geometry : style->geometry);
    }
    hs__xbuf_put(&b, "</qgis>\n");
    if (b.err) {
        free(b.p);
        return b.err;
    }
    *out = b.p;
    return HS_OK;
}
