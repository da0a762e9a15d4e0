/*
 * The map legend: the raster's ramp as a gradient bar, then each visible layer's heading and its
 * classes as swatches (polygon, line or point), flowed into columns that keep a heading with its
 * classes. Sensitive layers are left out of a public map's legend. It must not draw the map.
 */
#include "core/hs_internal.h"
#include "render/render.h"

#include <cairo.h>
#include <math.h>
#include <string.h>

static const hs_rgba INK = {0.13, 0.13, 0.13, 1};
static const hs_rgba GREY = {0.38, 0.38, 0.38, 1};

static int sv(const hs_map_opts *o)
{
    return o->lang == NULL || strcmp(o->lang, "en") != 0;
}

static void set_rgba(cairo_t *cr, hs_rgba c)
{
    cairo_set_source_rgba(cr, c.r, c.g, c.b, c.a);
}

static int layer_visible(const hs__map_layer *l, const hs_map_opts *o)
{
    return !(o->is_public && (l->flags & HS_LAYER_SENSITIVE));
}

/* On a public map the legend lists only classes that are drawn: a class whose features are all
 * suppressed or were left out (grid cells below min_count) would otherwise advertise small counts.
 * Internal maps list every class. */
static int class_drawn(const hs__map_layer *l, size_t c, const hs_map_opts *o)
{
    if (!o->is_public) {
        return 1;
    }
    for (size_t i = 0; i < l->nfeats; i++) {
        const hs__map_feat *f = &l->feats[i];
        if (f->cls == (int)c &&
            (f->count < 0 || !hs_count_suppressed(f->count, o->is_public, o->min_count))) {
            return 1;
        }
    }
    return 0;
}

typedef struct legend_item {
    int kind; /* 0 heading, 1 polygon swatch, 2 line, 3 point, 4 ramp */
    const char *text;
    const hs__map_layer *layer;
    const hs_map_class *cls;
    double h;
} legend_item;

static size_t legend_items(legend_item *it, size_t cap, const hs_map *m, const hs_map_opts *o)
{
    size_t n = 0;
    if (m->values != NULL && n + 2 <= cap) {
        it[n++] = (legend_item){0, m->raster_title ? m->raster_title : "", NULL, NULL, 5.2};
        it[n++] = (legend_item){4, NULL, NULL, NULL, 9.5};
    }
    for (size_t i = m->nlayers; i-- > 0;) {
        const hs__map_layer *l = &m->layers[i];
        if (!(l->flags & HS_LAYER_IN_LEGEND) || !layer_visible(l, o) || l->nfeats == 0) {
            continue;
        }
        if (l->title && n < cap) {
            it[n++] = (legend_item){0, l->title, l, NULL, 5.2};
        }
        for (size_t c = 0; c < l->nclasses && n < cap; c++) {
            if (l->classes[c].label && l->classes[c].label[0] && class_drawn(l, c, o)) {
                it[n++] = (legend_item){1 + l->kind, l->classes[c].label, l, &l->classes[c], 4.4};
            }
        }
    }
    return n;
}

static void draw_legend_item(cairo_t *cr, const hs_map *m, const legend_item *it, double x,
                             double y, double w, const hs_map_opts *o)
{
    if (it->kind == 0) {
        hs__text_wrap(cr, x, y + 0.8, w, it->text, 8, 1, INK);
        return;
    }
    if (it->kind == 4) {
        double bw = fmin(w - 4, 45);
        cairo_pattern_t *pat = cairo_pattern_create_linear(x, 0, x + bw, 0);
        for (int i = 0; i <= 16; i++) {
            hs_rgba c = hs__map_ramp(m, i / 16.0);
            cairo_pattern_add_color_stop_rgba(pat, i / 16.0, c.r, c.g, c.b, c.a * m->opacity);
        }
        cairo_rectangle(cr, x, y + 0.5, bw, 3.6);
        cairo_set_source(cr, pat);
        cairo_fill_preserve(cr);
        cairo_pattern_destroy(pat);
        set_rgba(cr, GREY);
        cairo_set_line_width(cr, 0.15);
        cairo_stroke(cr);
        char hi[64];
        const char *units = m->raster_units ? m->raster_units : "";
        if (m->vmax >= 10) {
            hs__fmt(hi, sizeof hi, "%.0f %s", (double)m->vmax, units);
        } else {
            hs__fmt(hi, sizeof hi, "%.2g %s", (double)m->vmax, units);
        }
        hs__text(cr, x, y + 4.8, sv(o) ? "Låg" : "Low", 6.5, 0, 0, GREY, 0, NULL);
        char right[96];
        hs__fmt(right, sizeof right, "%s %s", sv(o) ? "Hög," : "High,", hi);
        hs__text(cr, x + bw, y + 4.8, right, 6.5, 0, 2, GREY, 0, NULL);
        return;
    }
    const hs_map_class *c = it->cls;
    double sx = x;
    double sy = y + 0.6;
    if (it->kind == 1) {
        cairo_rectangle(cr, sx, sy, 6, 3.4);
        if (c->fill.a > 0) {
            set_rgba(cr, c->fill);
            cairo_fill_preserve(cr);
        }
        hs_rgba st = c->stroke.a > 0 ? c->stroke : (hs_rgba){0.6, 0.6, 0.6, 1};
        if (st.r > 0.95 && st.g > 0.95 && st.b > 0.95) {
            st = (hs_rgba){0.6, 0.6, 0.6, 1}; /* a white cell outline would vanish on paper */
        }
        set_rgba(cr, st);
        cairo_set_line_width(cr, it->layer->flags & HS_LAYER_BOUNDARY ? 0.5 : 0.15);
        cairo_stroke(cr);
    } else if (it->kind == 2) {
        cairo_move_to(cr, sx, sy + 1.7);
        cairo_line_to(cr, sx + 6, sy + 1.7);
        set_rgba(cr, c->stroke.a > 0 ? c->stroke : c->fill);
        size_t ci = (size_t)(c - it->layer->classes);
        double lw = it->layer->widths && it->layer->widths[ci] > 0 ? it->layer->widths[ci]
                                                                   : it->layer->line_mm;
        cairo_set_line_width(cr, lw > 0 ? lw : 0.3);
        cairo_stroke(cr);
    } else {
        cairo_arc(cr, sx + 3, sy + 1.7, 1.0, 0, 6.283185307179586);
        set_rgba(cr, c->fill);
        cairo_fill(cr);
    }
    hs__text(cr, x + 8, y + 0.4, it->text, 7, 0, 0, INK, 0, NULL);
}

double hs__legend_draw(cairo_t *cr, const hs_map *m, double x, double y, double w, double h,
                       double colw, const hs_map_opts *o, int measure_only)
{
    legend_item it[96];
    size_t n = legend_items(it, 96, m, o);
    double cx = x;
    double cy = y;
    double used = 0;
    for (size_t i = 0; i < n; i++) {
        double need = it[i].h;
        if (it[i].kind == 0) { /* keep a heading with its group when the group fits a column */
            double group = it[i].h;
            for (size_t j = i + 1; j < n && it[j].kind != 0; j++) {
                group += it[j].h;
            }
            need = group <= h ? group : it[i].h + (i + 1 < n ? it[i + 1].h : 0);
        }
        if (cy + need > y + h && cy > y) {
            cx += colw;
            cy = y;
        }
        if (cx + colw > x + w + 0.01 && cx > x) {
            break;
        }
        if (it[i].kind == 0 && cy > y) {
            cy += 1.2;
        }
        if (!measure_only) {
            draw_legend_item(cr, m, &it[i], cx, cy, colw - 3, o);
        }
        cy += it[i].h;
        used = fmax(used, cy - y);
    }
    return used;
}
