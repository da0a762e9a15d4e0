/*
 * The frame a map chooses from its data: the box of the cells holding 95 % of the analysis layer's
 * incidents (for a Gi* map its significant cells; for a density raster the densest cells holding
 * 95 % of the density), padded; and the clean scales a printed map is drawn at. Plain C over the
 * map model; it must not draw or include cairo.
 */
#include "core/hs_internal.h"
#include "render/render.h"

#include <math.h>
#include <stdlib.h>

typedef struct unit {
    double w;              /* mass: a count or a density */
    double x0, y0, x1, y1; /* its box */
} unit;

static int by_mass_desc(const void *a, const void *b)
{
    double wa = ((const unit *)a)->w, wb = ((const unit *)b)->w;
    return wa < wb ? 1 : wa > wb ? -1 : 0;
}

static void feat_box(const hs__map_layer *l, const hs__map_feat *f, unit *u)
{
    u->x0 = u->y0 = INFINITY;
    u->x1 = u->y1 = -INFINITY;
    for (size_t k = f->pt0; k < f->pt0 + f->npts; k++) {
        u->x0 = fmin(u->x0, l->pts[k].x);
        u->x1 = fmax(u->x1, l->pts[k].x);
        u->y0 = fmin(u->y0, l->pts[k].y);
        u->y1 = fmax(u->y1, l->pts[k].y);
    }
}

/* The box of the heaviest units holding share of the total mass (every unit when none weighs). */
static hs_bbox box_of_share(unit *u, size_t n, double share)
{
    hs_bbox b = {INFINITY, INFINITY, -INFINITY, -INFINITY};
    double total = 0;
    for (size_t i = 0; i < n; i++) {
        total += u[i].w > 0 ? u[i].w : 0;
    }
    qsort(u, n, sizeof *u, by_mass_desc);
    double acc = 0;
    for (size_t i = 0; i < n; i++) {
        if (total > 0 && (acc >= share * total || !(u[i].w > 0))) {
            break;
        }
        acc += u[i].w > 0 ? u[i].w : 0;
        b.xmin = fmin(b.xmin, u[i].x0);
        b.ymin = fmin(b.ymin, u[i].y0);
        b.xmax = fmax(b.xmax, u[i].x1);
        b.ymax = fmax(b.ymax, u[i].y1);
    }
    return b;
}

hs_bbox hs__map_focus_box(const hs_map *m, double share)
{
    hs_bbox none = {INFINITY, INFINITY, -INFINITY, -INFINITY};
    size_t n = 0;
    for (size_t i = 0; i < m->nlayers; i++) {
        if (m->layers[i].flags & HS_LAYER_FOCUS) {
            n += m->layers[i].nfeats;
        }
    }
    unit *u = NULL;
    if (n > 0) {
        u = malloc(n * sizeof *u);
        if (u == NULL) {
            return none;
        }
        size_t k = 0;
        for (size_t i = 0; i < m->nlayers; i++) {
            const hs__map_layer *l = &m->layers[i];
            for (size_t j = 0; (l->flags & HS_LAYER_FOCUS) && j < l->nfeats; j++) {
                feat_box(l, &l->feats[j], &u[k]);
                u[k++].w = l->feats[j].count > 0 ? (double)l->feats[j].count : 0;
            }
        }
    } else if (m->values != NULL) {
        size_t nc = (size_t)m->grid.nx * (size_t)m->grid.ny;
        u = malloc((nc ? nc : 1) * sizeof *u);
        if (u == NULL) {
            return none;
        }
        double c = m->grid.cell;
        for (int64_t iy = 0; iy < m->grid.ny; iy++) {
            for (int64_t ix = 0; ix < m->grid.nx; ix++) {
                float v = m->values[(size_t)iy * (size_t)m->grid.nx + (size_t)ix];
                if (v > 0 && isfinite(v)) {
                    u[n].w = v;
                    u[n].x0 = m->grid.x0 + c * (double)ix;
                    u[n].y0 = m->grid.y0 + c * (double)iy;
                    u[n].x1 = u[n].x0 + c;
                    u[n].y1 = u[n].y0 + c;
                    n++;
                }
            }
        }
    }
    hs_bbox b = n > 0 ? box_of_share(u, n, share) : none;
    free(u);
    return b;
}

hs_bbox hs_map_focus_extent(const hs_map *m)
{
    hs_bbox none = {INFINITY, INFINITY, -INFINITY, -INFINITY};
    if (m == NULL) {
        return none;
    }
    hs_bbox b = hs__map_focus_box(m, 0.95);
    if (!(b.xmax >= b.xmin && b.ymax >= b.ymin)) {
        return hs_map_data_extent(m);
    }
    /* padded so that the hot spots have their surroundings, at least 1.5 km across */
    double pad = 0.12 * fmax(b.xmax - b.xmin, b.ymax - b.ymin) + 250;
    b.xmin -= pad;
    b.xmax += pad;
    b.ymin -= pad;
    b.ymax += pad;
    const double min_side = 1500;
    double grow_x = fmax(0, min_side - (b.xmax - b.xmin)) / 2;
    double grow_y = fmax(0, min_side - (b.ymax - b.ymin)) / 2;
    b.xmin -= grow_x;
    b.xmax += grow_x;
    b.ymin -= grow_y;
    b.ymax += grow_y;
    /* no wider than the whole area */
    hs_bbox all = hs_map_data_extent(m);
    if (all.xmax > all.xmin && all.ymax > all.ymin && b.xmax - b.xmin >= all.xmax - all.xmin &&
        b.ymax - b.ymin >= all.ymax - all.ymin) {
        return all;
    }
    return b;
}
