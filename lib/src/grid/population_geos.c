/*
 * Population spread over grid cells: polygons by areal weighting (a polygon's population times the
 * share of its area in each cell, GEOS intersections, clipped cells included), points by the cell
 * holding them. Reading the layer is population_gdal.c's job; this file must not read files.
 */
#include "core/hs_internal.h"
#include "grid/grid.h"

#include <geos_c.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

static int points_to_cells(double *pop, hs_ctx *ctx, const hs_population *p, const hs_cellgrid *g,
                           const hs_grid_clip *clip)
{
    uint8_t *in = NULL;
    if (clip) {
        in = malloc(p->n ? p->n : 1);
        int rc = in ? hs_grid_clip_points(in, ctx, clip, p->x, p->y, p->n) : HS_ENOMEM;
        if (rc) {
            free(in);
            return rc == HS_ENOMEM ? hs__error(ctx, rc, "population: out of memory") : rc;
        }
    }
    for (size_t i = 0; i < p->n; i++) {
        size_t c;
        if ((!in || in[i]) && hs_cellgrid_cell_of(&c, g, p->x[i], p->y[i]) == 0) {
            pop[c] += p->value[i];
        }
    }
    free(in);
    return HS_OK;
}

static int overlaps(hs_bbox a, hs_bbox b)
{
    return a.xmin < b.xmax && a.xmax > b.xmin && a.ymin < b.ymax && a.ymax > b.ymin;
}

/* The area of polygon k inside cell c (its clipped part when clip cuts it). */
static int share(double *out, GEOSContextHandle_t h, const hs_areas *a, size_t k, double area_k,
                 const hs_cellgrid *g, const hs_grid_clip *clip, size_t c)
{
    hs_bbox pb = a->bbox[k], cb = hs_cellgrid_cell_bbox(g, c);
    int cut = clip && clip->state[c] == HS_CLIP_CUT;
    *out = 0;
    if (!cut && g->shape == HS_GRID_SQUARE && pb.xmin >= cb.xmin && pb.xmax <= cb.xmax &&
        pb.ymin >= cb.ymin && pb.ymax <= cb.ymax) {
        *out = area_k; /* the polygon lies inside this square */
        return HS_OK;
    }
    GEOSGeometry *cell = cut ? NULL : hs__geos_cell(h, g, c);
    const GEOSGeometry *cg = cut ? clip->geoms[clip->cut[c]] : cell;
    if (!cg) {
        return HS_ENOMEM;
    }
    /* a cell wholly inside or outside the polygon is answered by the prepared geometry, without
     * an intersection (the grid step of Uppsala, 262 DeSO on 301 x 206 cells: 3.0 s -> 0.8 s) */
    char inside = cell && a->prep ? GEOSPreparedContains_r(h, a->prep[k], cell) : 0;
    char touches =
        inside == 1 || !cell || !a->prep ? 1 : GEOSPreparedIntersects_r(h, a->prep[k], cell);
    int rc = HS_OK;
    if (inside == 1) {
        rc = GEOSArea_r(h, cell, out) ? HS_OK : HS_EDATA;
    } else if (touches == 1 || inside == 2 || touches == 2) {
        GEOSGeometry *inter = GEOSIntersection_r(h, a->geoms[k], cg);
        rc = inter && GEOSArea_r(h, inter, out) ? HS_OK : HS_EDATA;
        GEOSGeom_destroy_r(h, inter);
    }
    GEOSGeom_destroy_r(h, cell);
    return rc;
}

static int polygons_to_cells(double *pop, hs_ctx *ctx, const hs_population *p, const hs_cellgrid *g,
                             const hs_grid_clip *clip)
{
    const hs_areas *a = p->areas;
    GEOSContextHandle_t h = a->geos;
    size_t ni = g->shape == HS_GRID_HEX ? (size_t)g->hex.ncol : (size_t)g->square.nx;
    for (size_t k = 0; k < a->n; k++) {
        double ak = 0;
        if (p->value[k] == 0 || !GEOSArea_r(h, a->geoms[k], &ak) || !(ak > 0)) {
            continue;
        }
        size_t i0, i1, j0, j1;
        hs__cellgrid_range(&i0, &i1, &j0, &j1, g, a->bbox[k]);
        for (size_t j = j0; j < j1; j++) {
            for (size_t i = i0; i < i1; i++) {
                size_t c = j * ni + i;
                if ((clip && clip->state[c] == HS_CLIP_OUTSIDE) ||
                    !overlaps(a->bbox[k], hs_cellgrid_cell_bbox(g, c))) {
                    continue;
                }
                double in;
                int rc = share(&in, h, a, k, ak, g, clip, c);
                if (rc) {
                    return hs__error(ctx, rc, "population: polygon %zu: intersection failed",
                                     k + 1);
                }
                pop[c] += p->value[k] * (in / ak);
            }
        }
        if ((k & 1023) == 1023) {
            int rc = hs__progress(ctx, "population", (double)k / (double)a->n);
            if (rc) {
                return rc;
            }
        }
    }
    return HS_OK;
}

int hs_population_cells(double *pop, double *placed, hs_ctx *ctx, const hs_population *p,
                        const hs_cellgrid *g, const hs_grid_clip *clip)
{
    if (!pop || !p || !g) {
        return hs__error(ctx, HS_EINVAL, "hs_population_cells: invalid argument");
    }
    size_t n = hs_cellgrid_ncells(g);
    if (clip && clip->ncells != n) {
        return hs__error(ctx, HS_EINVAL, "hs_population_cells: clip made for another grid");
    }
    memset(pop, 0, n * sizeof *pop);
    int rc =
        p->areas ? polygons_to_cells(pop, ctx, p, g, clip) : points_to_cells(pop, ctx, p, g, clip);
    if (rc == HS_OK && placed) {
        double s = 0;
        for (size_t c = 0; c < n; c++) {
            s += pop[c];
        }
        *placed = s;
    }
    return rc;
}
