/*
 * Grid cells clipped to polygons through GEOS: the union of the areas, each cell's state (outside,
 * inside, cut), the area inside and the clipped rings of cut cells, and which points of cut cells
 * lie inside. A clip owns its GEOS handle, like hs_areas. Cell geometry comes from grid_cells.c;
 * no file reading here.
 */
#include "core/hs_internal.h"
#include "grid/grid.h"

#include <geos_c.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

static double ring_area(const hs_point *p, size_t n)
{
    double s = 0.0;
    for (size_t i = 0; i + 1 < n; i++) {
        s += (p[i].x - p[0].x) * (p[i + 1].y - p[0].y) - (p[i + 1].x - p[0].x) * (p[i].y - p[0].y);
    }
    return 0.5 * s;
}

struct GEOSGeom_t *hs__geos_cell(struct GEOSContextHandle_HS *h, const hs_cellgrid *g, size_t cell)
{
    hs_point ring[7];
    size_t n = hs_cellgrid_ring(ring, g, cell);
    GEOSCoordSequence *seq = GEOSCoordSeq_create_r(h, (unsigned)n, 2);
    if (!seq) {
        return NULL;
    }
    for (size_t i = 0; i < n; i++) {
        GEOSCoordSeq_setXY_r(h, seq, (unsigned)i, ring[i].x, ring[i].y);
    }
    GEOSGeometry *lr = GEOSGeom_createLinearRing_r(h, seq);
    return lr ? GEOSGeom_createPolygon_r(h, lr, NULL, 0) : NULL;
}

/* Appends one ring of a GEOS polygon, oriented counter-clockwise (outer) or clockwise (hole). */
static int add_ring(hs_grid_clip *c, GEOSContextHandle_t h, const GEOSGeometry *ring, int outer)
{
    const GEOSCoordSequence *seq = GEOSGeom_getCoordSeq_r(h, ring);
    unsigned n = 0;
    if (!seq || !GEOSCoordSeq_getSize_r(h, seq, &n) || n < 4) {
        return HS_OK;
    }
    if (hs__grow((void **)&c->pts, &c->pt_cap, c->npts + n, sizeof *c->pts) ||
        hs__grow((void **)&c->pt0, &c->pt0_cap, c->nrings + 1, sizeof *c->pt0) ||
        hs__grow((void **)&c->ring_len, &c->ring_cap, c->nrings + 1, sizeof *c->ring_len) ||
        hs__grow((void **)&c->outer, &c->outer_cap, c->nrings + 1, sizeof *c->outer)) {
        return HS_ENOMEM;
    }
    hs_point *p = c->pts + c->npts;
    for (unsigned i = 0; i < n; i++) {
        GEOSCoordSeq_getXY_r(h, seq, i, &p[i].x, &p[i].y);
    }
    double a = ring_area(p, n);
    if ((outer && a < 0) || (!outer && a > 0)) {
        for (unsigned i = 0; i < n / 2; i++) {
            hs_point t = p[i];
            p[i] = p[n - 1 - i];
            p[n - 1 - i] = t;
        }
    }
    c->pt0[c->nrings] = c->npts;
    c->ring_len[c->nrings] = n;
    c->outer[c->nrings] = (uint8_t)outer;
    c->nrings++;
    c->npts += n;
    return HS_OK;
}

/* The polygons of g (any nesting of collections), lines and points left out. */
static int add_polygons(hs_grid_clip *c, GEOSContextHandle_t h, const GEOSGeometry *g)
{
    int type = GEOSGeomTypeId_r(h, g), rc = HS_OK;
    if (type == GEOS_POLYGON) {
        rc = add_ring(c, h, GEOSGetExteriorRing_r(h, g), 1);
        int nh = GEOSGetNumInteriorRings_r(h, g);
        for (int i = 0; rc == HS_OK && i < nh; i++) {
            rc = add_ring(c, h, GEOSGetInteriorRingN_r(h, g, i), 0);
        }
    } else if (type == GEOS_MULTIPOLYGON || type == GEOS_GEOMETRYCOLLECTION) {
        int n = GEOSGetNumGeometries_r(h, g);
        for (int i = 0; rc == HS_OK && i < n; i++) {
            rc = add_polygons(c, h, GEOSGetGeometryN_r(h, g, i));
        }
    }
    return rc;
}

/* The union of the areas' polygons (made valid first when the plain union fails). */
static GEOSGeometry *union_of(GEOSContextHandle_t h, const hs_areas *a, int make_valid)
{
    GEOSGeometry **parts = malloc((a->n ? a->n : 1) * sizeof *parts);
    if (!parts) {
        return NULL;
    }
    size_t np = 0;
    for (size_t k = 0; k < a->n; k++) {
        GEOSGeometry *p =
            make_valid ? GEOSMakeValid_r(h, a->geoms[k]) : GEOSGeom_clone_r(h, a->geoms[k]);
        if (p) {
            parts[np++] = p;
        }
    }
    GEOSGeometry *coll =
        GEOSGeom_createCollection_r(h, GEOS_GEOMETRYCOLLECTION, parts, (unsigned)np);
    free(parts);
    if (!coll) {
        return NULL;
    }
    GEOSGeometry *u = GEOSUnaryUnion_r(h, coll);
    GEOSGeom_destroy_r(h, coll);
    return u;
}

static int add_cut(hs_grid_clip *c, GEOSContextHandle_t h, size_t cell, GEOSGeometry *inter)
{
    if (hs__grow((void **)&c->geoms, &c->cut_cap, c->ncut + 1, sizeof *c->geoms)) {
        return HS_ENOMEM;
    }
    size_t cap = c->cut_cap;
    size_t *r0 = realloc(c->ring0, (cap + 1) * sizeof *r0);
    if (!r0) {
        return HS_ENOMEM;
    }
    c->ring0 = r0;
    c->ring0[c->ncut] = c->nrings;
    int rc = add_polygons(c, h, inter);
    if (rc) {
        return rc;
    }
    c->ring0[c->ncut + 1] = c->nrings;
    c->geoms[c->ncut] = inter;
    c->cut[cell] = (int32_t)c->ncut;
    c->ncut++;
    return HS_OK;
}

static int clip_cells(hs_grid_clip *c, hs_ctx *ctx, const hs_areas *a)
{
    GEOSContextHandle_t h = c->geos;
    size_t i0, i1, j0, j1;
    hs__cellgrid_range(&i0, &i1, &j0, &j1, &c->grid, a->all);
    size_t ni = c->grid.shape == HS_GRID_HEX ? (size_t)c->grid.hex.ncol : (size_t)c->grid.square.nx;
    for (size_t j = j0; j < j1; j++) {
        for (size_t i = i0; i < i1; i++) {
            size_t cell = j * ni + i;
            GEOSGeometry *poly = hs__geos_cell(h, &c->grid, cell);
            if (!poly) {
                return hs__error(ctx, HS_ENOMEM, "clip: out of memory");
            }
            int rc = HS_OK;
            if (GEOSPreparedContains_r(h, c->prep, poly) == 1) {
                hs_point ring[7];
                size_t n = hs_cellgrid_ring(ring, &c->grid, cell);
                c->state[cell] = HS_CLIP_INSIDE;
                c->area[cell] = ring_area(ring, n);
            } else if (GEOSPreparedIntersects_r(h, c->prep, poly) == 1) {
                GEOSGeometry *inter = GEOSIntersection_r(h, c->all, poly);
                double ar = 0;
                if (!inter) {
                    rc = hs__error(ctx, HS_EDATA, "clip: GEOS intersection failed at cell %zu",
                                   cell);
                } else if (GEOSArea_r(h, inter, &ar) && ar > 0) {
                    c->state[cell] = HS_CLIP_CUT;
                    c->area[cell] = ar;
                    rc = add_cut(c, h, cell, inter);
                    if (rc) {
                        GEOSGeom_destroy_r(h, inter);
                        rc = hs__error(ctx, rc, "clip: out of memory");
                    }
                } else {
                    GEOSGeom_destroy_r(h, inter);
                }
            }
            GEOSGeom_destroy_r(h, poly);
            if (rc) {
                return rc;
            }
        }
        if ((j & 15) == 15) {
            int rc = hs__progress(ctx, "clip", (double)(j - j0) / (double)(j1 - j0));
            if (rc) {
                return rc;
            }
        }
    }
    return HS_OK;
}

int hs_grid_clip_new(hs_grid_clip **out, hs_ctx *ctx, const hs_cellgrid *g, const hs_areas *a)
{
    if (!out || !g || !a || !a->geoms) {
        return hs__error(ctx, HS_EINVAL, "hs_grid_clip_new: invalid argument");
    }
    *out = NULL;
    hs_grid_clip *c = calloc(1, sizeof *c);
    if (!c) {
        return hs__error(ctx, HS_ENOMEM, "clip: out of memory");
    }
    c->grid = *g;
    c->ncells = hs_cellgrid_ncells(g);
    c->state = calloc(c->ncells ? c->ncells : 1, 1);
    c->area = calloc(c->ncells ? c->ncells : 1, sizeof *c->area);
    c->cut = malloc((c->ncells ? c->ncells : 1) * sizeof *c->cut);
    c->geos = GEOS_init_r();
    if (!c->state || !c->area || !c->cut || !c->geos) {
        hs_grid_clip_free(c);
        return hs__error(ctx, HS_ENOMEM, "clip: out of memory for %zu cells", c->ncells);
    }
    for (size_t i = 0; i < c->ncells; i++) {
        c->cut[i] = -1;
    }
    GEOSContextHandle_t h = c->geos;
    c->all = union_of(h, a, 0);
    if (!c->all) {
        c->all = union_of(h, a, 1);
    }
    c->prep = c->all ? GEOSPrepare_r(h, c->all) : NULL;
    if (!c->prep) {
        hs_grid_clip_free(c);
        return hs__error(ctx, HS_EDATA, "clip: cannot merge the mask polygons (invalid geometry?)");
    }
    int rc = clip_cells(c, ctx, a);
    if (rc) {
        hs_grid_clip_free(c);
        return rc;
    }
    *out = c;
    return HS_OK;
}

void hs_grid_clip_free(hs_grid_clip *c)
{
    if (!c) {
        return;
    }
    if (c->geos) {
        GEOSContextHandle_t h = c->geos;
        for (size_t j = 0; j < c->ncut; j++) {
            GEOSGeom_destroy_r(h, c->geoms[j]);
        }
        if (c->prep) {
            GEOSPreparedGeom_destroy_r(h, c->prep);
        }
        if (c->all) {
            GEOSGeom_destroy_r(h, c->all);
        }
        GEOS_finish_r(h);
    }
    free(c->geoms);
    free(c->state);
    free(c->area);
    free(c->cut);
    free(c->ring0);
    free(c->pt0);
    free(c->ring_len);
    free(c->outer);
    free(c->pts);
    free(c);
}

const uint8_t *hs_grid_clip_state(const hs_grid_clip *c)
{
    return c ? c->state : NULL;
}

const double *hs_grid_clip_area(const hs_grid_clip *c)
{
    return c ? c->area : NULL;
}

int hs_grid_clip_rings(const hs_point **pts, const size_t **ring_len, size_t *nrings,
                       const uint8_t **outer, const hs_grid_clip *c, size_t cell)
{
    if (!pts || !ring_len || !nrings || !c || cell >= c->ncells) {
        return HS_EINVAL;
    }
    *nrings = 0;
    *pts = NULL;
    *ring_len = NULL;
    if (outer) {
        *outer = NULL;
    }
    int32_t j = c->cut[cell];
    if (j < 0) {
        return HS_OK;
    }
    size_t r0 = c->ring0[j], r1 = c->ring0[j + 1];
    *nrings = r1 - r0;
    if (*nrings) {
        *pts = c->pts + c->pt0[r0];
        *ring_len = c->ring_len + r0;
        if (outer) {
            *outer = c->outer + r0;
        }
    }
    return HS_OK;
}

int hs_grid_clip_points(uint8_t *inside, hs_ctx *ctx, const hs_grid_clip *c, const double *x,
                        const double *y, size_t n)
{
    if (!inside || !c || (n && (!x || !y))) {
        return hs__error(ctx, HS_EINVAL, "hs_grid_clip_points: invalid argument");
    }
    GEOSContextHandle_t h = c->geos;
    for (size_t i = 0; i < n; i++) {
        size_t cell;
        inside[i] = 0;
        if (!isfinite(x[i]) || !isfinite(y[i]) ||
            hs_cellgrid_cell_of(&cell, &c->grid, x[i], y[i])) {
            continue;
        }
        if (c->state[cell] == HS_CLIP_INSIDE) {
            inside[i] = 1;
        } else if (c->state[cell] == HS_CLIP_CUT) {
            GEOSGeometry *pt = GEOSGeom_createPointFromXY_r(h, x[i], y[i]);
            if (!pt) {
                return hs__error(ctx, HS_ENOMEM, "clip: out of memory");
            }
            inside[i] = GEOSPreparedIntersects_r(h, c->prep, pt) == 1;
            GEOSGeom_destroy_r(h, pt);
        }
    }
    return HS_OK;
}
