/*
 * Text for maps, charts and reports: Pango layouts in DejaVu Sans drawn on a cairo context whose
 * user unit is one millimetre of paper, with an optional white halo behind the glyphs. Sizes are
 * given in typographic points. It knows nothing of maps or data and must not read files.
 */
#include "core/hs_internal.h"
#include "render/render.h"

#include <cairo.h>
#include <pango/pangocairo.h>

#define PT_MM (25.4 / 72.0)

static PangoLayout *make_layout(cairo_t *cr, const char *text, double size, int bold, double wrap)
{
    PangoLayout *lay = pango_cairo_create_layout(cr);
    PangoContext *pc = pango_layout_get_context(lay);
    cairo_font_options_t *fo = cairo_font_options_create();
    cairo_font_options_set_hint_style(fo, CAIRO_HINT_STYLE_NONE);
    cairo_font_options_set_hint_metrics(fo, CAIRO_HINT_METRICS_OFF);
    cairo_font_options_set_antialias(fo, CAIRO_ANTIALIAS_GRAY);
    pango_cairo_context_set_font_options(pc, fo);
    pango_context_set_round_glyph_positions(pc, FALSE);
    cairo_font_options_destroy(fo);
    pango_layout_context_changed(lay);
    PangoFontDescription *fd = pango_font_description_new();
    pango_font_description_set_family(fd, "DejaVu Sans");
    pango_font_description_set_weight(fd, bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
    pango_font_description_set_absolute_size(fd, size * PT_MM * PANGO_SCALE);
    pango_layout_set_font_description(lay, fd);
    pango_font_description_free(fd);
    if (wrap > 0) {
        pango_layout_set_width(lay, (int)(wrap * PANGO_SCALE));
        pango_layout_set_wrap(lay, PANGO_WRAP_WORD_CHAR);
    }
    pango_layout_set_text(lay, text ? text : "", -1);
    return lay;
}

static void layout_size(PangoLayout *lay, double *w, double *h)
{
    PangoRectangle ink;
    PangoRectangle logical;
    pango_layout_get_extents(lay, &ink, &logical);
    *w = (double)logical.width / PANGO_SCALE;
    *h = (double)logical.height / PANGO_SCALE;
}

double hs__text_size(struct _cairo *cr, const char *text, double size, int bold, double *h)
{
    PangoLayout *lay = make_layout(cr, text, size, bold, 0);
    double w = 0;
    double hh = 0;
    layout_size(lay, &w, &hh);
    g_object_unref(lay);
    if (h) {
        *h = hh;
    }
    return w;
}

double hs__text(struct _cairo *cr, double x, double y, const char *text, double size, int bold,
                int align, hs_rgba color, double halo, double *h)
{
    PangoLayout *lay = make_layout(cr, text, size, bold, 0);
    double w = 0;
    double hh = 0;
    layout_size(lay, &w, &hh);
    double x0 = align == 1 ? x - w / 2 : (align == 2 ? x - w : x);
    cairo_save(cr);
    cairo_move_to(cr, x0, y);
    if (halo > 0) {
        pango_cairo_layout_path(cr, lay);
        cairo_set_source_rgba(cr, 1, 1, 1, 0.9);
        cairo_set_line_width(cr, halo);
        cairo_set_line_join(cr, CAIRO_LINE_JOIN_ROUND);
        cairo_stroke(cr);
        cairo_move_to(cr, x0, y);
    }
    cairo_set_source_rgba(cr, color.r, color.g, color.b, color.a);
    pango_cairo_show_layout(cr, lay);
    cairo_restore(cr);
    g_object_unref(lay);
    if (h) {
        *h = hh;
    }
    return w;
}

double hs__text_wrap(struct _cairo *cr, double x, double y, double w, const char *text, double size,
                     int bold, hs_rgba color)
{
    PangoLayout *lay = make_layout(cr, text, size, bold, w);
    double tw = 0;
    double th = 0;
    layout_size(lay, &tw, &th);
    cairo_save(cr);
    cairo_move_to(cr, x, y);
    cairo_set_source_rgba(cr, color.r, color.g, color.b, color.a);
    pango_cairo_show_layout(cr, lay);
    cairo_restore(cr);
    g_object_unref(lay);
    return th;
}
