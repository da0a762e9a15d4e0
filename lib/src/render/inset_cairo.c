/*
 * The overview inset of a focus map: the whole kommun (the boundary layers) at a small scale with
 * the main frame's extent marked, put in the corner of the frame that hides the least data.
 */
#include "core/hs_internal.h"
#include "render/render.h"

#include <cairo.h>
#include <math.h>

/* How much data a box on paper (x, y, w, h) would hide: the focus features and raster mass under
 * it and, heavily, the labels anchored there; shown is the frame's extent, s mm per metre. */
static double hidden(const hs_map *m, double fx, double fy, double fh, const hs_bbox *shown,
                     double s, double x, double y, double w, double h)
{
    double wx0 = shown->xmin + (x - fx) / s, wx1 = wx0 + w / s;
    double wy1 = shown->ymin + (fy + fh - y) / s, wy0 = wy1 - h / s;
    double score = 0;
    for (size_t i = 0; i < m->nlayers; i++) {
        const hs__map_layer *l = &m->layers[i];
        if (!(l->flags & HS_LAYER_FOCUS)) {
            continue;
        }
        for (size_t j = 0; j < l->nfeats; j++) {
            const hs_point *p = &l->pts[l->feats[j].pt0];
            if (p->x >= wx0 && p->x <= wx1 && p->y >= wy0 && p->y <= wy1) {
                score += 1.0 + (l->feats[j].count > 0 ? (double)l->feats[j].count : 0);
            }
        }
    }
    if (m->values != NULL && m->vmax > 0) {
        for (int64_t iy = 0; iy < m->grid.ny; iy++) {
            double cy = m->grid.y0 + m->grid.cell * ((double)iy + 0.5);
            if (cy < wy0 || cy > wy1) {
                continue;
            }
            for (int64_t ix = 0; ix < m->grid.nx; ix++) {
                double cx = m->grid.x0 + m->grid.cell * ((double)ix + 0.5);
                float v = m->values[(size_t)iy * (size_t)m->grid.nx + (size_t)ix];
                if (cx >= wx0 && cx <= wx1 && v > 0) {
                    score += 100.0 * v / m->vmax;
                }
            }
        }
    }
    for (size_t i = 0; i < m->nlabels; i++) {
        const hs__map_label *l = &m->labels[i];
        if (l->x >= wx0 && l->x <= wx1 && l->y >= wy0 && l->y <= wy1) {
            score += 1e6;
        }
    }
    return score;
}

int hs__inset_draw(struct _cairo *cr, const hs_map *m, double fx, double fy, double fw, double fh,
                   const hs_bbox *shown, double *box)
{
    int boundary = 0;
    for (size_t i = 0; i < m->nlayers; i++) {
        boundary |= (m->layers[i].flags & HS_LAYER_BOUNDARY) && m->layers[i].nfeats > 0;
    }
    hs_bbox all = hs_map_data_extent(m);
    double aw = all.xmax - all.xmin, ah = all.ymax - all.ymin;
    double sw = shown->xmax - shown->xmin, sh = shown->ymax - shown->ymin;
    if (!boundary || !(aw > 0 && ah > 0 && sw > 0 && sh > 0)) {
        return 0;
    }
    /* the frame shows (nearly) the whole kommun: no overview needed */
    double cover_x = (fmin(all.xmax, shown->xmax) - fmax(all.xmin, shown->xmin)) / aw;
    double cover_y = (fmin(all.ymax, shown->ymax) - fmax(all.ymin, shown->ymin)) / ah;
    if (cover_x > 0.8 && cover_y > 0.8) {
        return 0;
    }
    double w = fmin(0.24 * fw, 38), h = w * ah / aw;
    if (h > 0.3 * fh) {
        h = 0.3 * fh;
        w = h * aw / ah;
    }
    const double gap = 2;
    double s = fw / sw;
    /* top left or bottom right: the scale bar holds the bottom left, the north arrow the top
     * right */
    double cand[2][2] = {{fx + gap, fy + gap}, {fx + fw - w - gap, fy + fh - h - gap}};
    int pick = hidden(m, fx, fy, fh, shown, s, cand[1][0], cand[1][1], w, h) <
               hidden(m, fx, fy, fh, shown, s, cand[0][0], cand[0][1], w, h);
    double x = cand[pick][0], y = cand[pick][1];
    box[0] = x;
    box[1] = y;
    box[2] = w;
    box[3] = h;
    cairo_save(cr);
    cairo_rectangle(cr, x, y, w, h);
    cairo_set_source_rgba(cr, 1, 1, 1, 0.94);
    cairo_fill_preserve(cr);
    cairo_clip(cr);
    double k = fmin((w - 2) / aw, (h - 2) / ah); /* mm per metre inside a 1 mm margin */
    double ox = x + w / 2 - k * (all.xmin + all.xmax) / 2;
    double oy = y + h / 2 + k * (all.ymin + all.ymax) / 2;
    cairo_set_fill_rule(cr, CAIRO_FILL_RULE_EVEN_ODD);
    for (size_t i = 0; i < m->nlayers; i++) {
        const hs__map_layer *l = &m->layers[i];
        if (!(l->flags & HS_LAYER_BOUNDARY)) {
            continue;
        }
        for (size_t j = 0; j < l->nfeats; j++) {
            const hs__map_feat *f = &l->feats[j];
            size_t at = f->pt0;
            for (size_t r = 0; r < f->nrings; r++) {
                size_t n = l->ring_len[f->ring0 + r];
                for (size_t q = 0; q < n; q++) {
                    double X = ox + k * l->pts[at + q].x, Y = oy - k * l->pts[at + q].y;
                    if (q == 0) {
                        cairo_move_to(cr, X, Y);
                    } else {
                        cairo_line_to(cr, X, Y);
                    }
                }
                cairo_close_path(cr);
                at += n;
            }
        }
    }
    cairo_set_source_rgb(cr, 0.9, 0.9, 0.88);
    cairo_fill_preserve(cr);
    cairo_set_source_rgb(cr, 0.45, 0.45, 0.45);
    cairo_set_line_width(cr, 0.2);
    cairo_stroke(cr);
    /* the main frame's extent */
    double rx = ox + k * shown->xmin, ry = oy - k * shown->ymax;
    double rw = fmax(k * sw, 0.8), rh = fmax(k * sh, 0.8);
    cairo_rectangle(cr, rx, ry, rw, rh);
    cairo_set_source_rgba(cr, 0.75, 0.05, 0.1, 0.15);
    cairo_fill_preserve(cr);
    cairo_set_source_rgb(cr, 0.75, 0.05, 0.1);
    cairo_set_line_width(cr, 0.45);
    cairo_stroke(cr);
    cairo_restore(cr);
    cairo_rectangle(cr, x, y, w, h);
    cairo_set_source_rgb(cr, 0.35, 0.35, 0.35);
    cairo_set_line_width(cr, 0.25);
    cairo_stroke(cr);
    return 1;
}
