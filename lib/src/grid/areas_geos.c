/*
 * The GEOS side of named areas: polygons built from the stored rings, prepared geometries and an
 * STRtree for point-in-polygon lookups. Each hs_areas owns its own GEOS handle so it can outlive
 * the context that made it. Storage and accessors are plain C in grid_areas.c; this file must not
 * read files (areas_gdal.c does).
 */
#include "core/hs_internal.h"
#include "grid/grid.h"

#include <geos_c.h>
#include <stdint.h>
#include <stdlib.h>

static GEOSGeometry *make_ring(GEOSContextHandle_t h, const hs_point *p, size_t n)
{
    GEOSCoordSequence *seq = GEOSCoordSeq_create_r(h, (unsigned)n, 2);
    if (!seq) {
        return NULL;
    }
    for (size_t i = 0; i < n; i++) {
        GEOSCoordSeq_setXY_r(h, seq, (unsigned)i, p[i].x, p[i].y);
    }
    return GEOSGeom_createLinearRing_r(h, seq);
}

static void destroy_all(GEOSContextHandle_t h, GEOSGeometry **g, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        GEOSGeom_destroy_r(h, g[i]);
    }
}

/* One polygon from an outer ring and the holes that follow it. */
static GEOSGeometry *make_polygon(GEOSContextHandle_t h, const hs_areas *a, size_t r, size_t nr)
{
    GEOSGeometry *shell = make_ring(h, a->pts + a->pt0[r], a->ring_len[r]);
    if (!shell) {
        return NULL;
    }
    GEOSGeometry **holes = nr > 1 ? malloc((nr - 1) * sizeof *holes) : NULL;
    if (nr > 1 && !holes) {
        GEOSGeom_destroy_r(h, shell);
        return NULL;
    }
    for (size_t i = 1; i < nr; i++) {
        holes[i - 1] = make_ring(h, a->pts + a->pt0[r + i], a->ring_len[r + i]);
        if (!holes[i - 1]) {
            destroy_all(h, holes, i - 1);
            GEOSGeom_destroy_r(h, shell);
            free(holes);
            return NULL;
        }
    }
    GEOSGeometry *poly = GEOSGeom_createPolygon_r(h, shell, holes, (unsigned)(nr - 1));
    free(holes);
    return poly;
}

static GEOSGeometry *make_area(GEOSContextHandle_t h, const hs_areas *a, size_t k)
{
    size_t r0 = a->ring0[k], r1 = a->ring0[k + 1];
    size_t npoly = 0;
    for (size_t r = r0; r < r1; r++) {
        npoly += a->outer[r] != 0;
    }
    GEOSGeometry **polys = malloc((npoly ? npoly : 1) * sizeof *polys);
    if (!polys) {
        return NULL;
    }
    size_t np = 0;
    for (size_t r = r0; r < r1;) {
        size_t nr = 1;
        while (r + nr < r1 && !a->outer[r + nr]) {
            nr++;
        }
        polys[np] = make_polygon(h, a, r, nr);
        if (!polys[np]) {
            destroy_all(h, polys, np);
            free(polys);
            return NULL;
        }
        np++;
        r += nr;
    }
    GEOSGeometry *g = GEOSGeom_createCollection_r(h, GEOS_MULTIPOLYGON, polys, (unsigned)np);
    if (!g) {
        destroy_all(h, polys, np);
    }
    free(polys);
    return g;
}

int hs__areas_finish(hs_ctx *ctx, hs_areas *a)
{
    if (!a->geos) {
        a->geos = GEOS_init_r();
        if (!a->geos) {
            return hs__error(ctx, HS_ENOMEM, "cannot start GEOS");
        }
    }
    GEOSContextHandle_t h = a->geos;
    a->geoms = calloc(a->n ? a->n : 1, sizeof *a->geoms);
    a->prep = calloc(a->n ? a->n : 1, sizeof *a->prep);
    a->tree = GEOSSTRtree_create_r(h, 10);
    if (!a->geoms || !a->prep || !a->tree) {
        return hs__error(ctx, HS_ENOMEM, "out of memory building area index");
    }
    for (size_t k = 0; k < a->n; k++) {
        a->geoms[k] = make_area(h, a, k);
        if (!a->geoms[k]) {
            const char *id = hs__strpool_get(&a->pool, a->id[k]);
            return hs__error(ctx, HS_EDATA, "area %zu (%s): invalid polygon rings", k + 1,
                             id ? id : "?");
        }
        a->prep[k] = GEOSPrepare_r(h, a->geoms[k]);
        if (!a->prep[k]) {
            return hs__error(ctx, HS_EDATA, "area %zu: cannot prepare geometry", k + 1);
        }
        GEOSSTRtree_insert_r(h, a->tree, a->geoms[k], (void *)(uintptr_t)(k + 1));
    }
    return HS_OK;
}

void hs_areas_free(hs_areas *a)
{
    if (!a) {
        return;
    }
    if (a->geos) {
        GEOSContextHandle_t h = a->geos;
        if (a->tree) {
            GEOSSTRtree_destroy_r(h, a->tree);
        }
        for (size_t k = 0; k < a->n; k++) {
            if (a->prep && a->prep[k]) {
                GEOSPreparedGeom_destroy_r(h, a->prep[k]);
            }
            if (a->geoms && a->geoms[k]) {
                GEOSGeom_destroy_r(h, a->geoms[k]);
            }
        }
        GEOS_finish_r(h);
    }
    free(a->prep);
    free(a->geoms);
    free(a->id);
    free(a->name);
    free(a->kind);
    hs__strpool_free(&a->pool);
    free(a->ring0);
    free(a->pt0);
    free(a->ring_len);
    free(a->outer);
    free(a->pts);
    free(a->bbox);
    free(a);
}

typedef struct locate_state {
    const hs_areas *a;
    const GEOSGeometry *pt;
    int32_t best;
} locate_state;

static void locate_cb(void *item, void *userdata)
{
    locate_state *s = userdata;
    int32_t k = (int32_t)((uintptr_t)item - 1);
    if (s->best >= 0 && k >= s->best) {
        return;
    }
    if (GEOSPreparedIntersects_r(s->a->geos, s->a->prep[k], s->pt) == 1) {
        s->best = k;
    }
}

int hs_areas_locate(int32_t *out, hs_ctx *ctx, const hs_areas *a, const double *x, const double *y,
                    size_t n)
{
    if (!out || !a || (n && (!x || !y))) {
        return hs__error(ctx, HS_EINVAL, "hs_areas_locate: invalid argument");
    }
    if (!a->tree) {
        return hs__error(ctx, HS_EINVAL, "hs_areas_locate: areas not indexed");
    }
    GEOSContextHandle_t h = a->geos;
    for (size_t i = 0; i < n; i++) {
        out[i] = -1;
        if (!(x[i] >= a->all.xmin && x[i] <= a->all.xmax && y[i] >= a->all.ymin &&
              y[i] <= a->all.ymax)) {
            continue;
        }
        GEOSGeometry *pt = GEOSGeom_createPointFromXY_r(h, x[i], y[i]);
        if (!pt) {
            return hs__error(ctx, HS_ENOMEM, "out of memory in point lookup");
        }
        locate_state s = {a, pt, -1};
        GEOSSTRtree_query_r(h, a->tree, pt, locate_cb, &s);
        GEOSGeom_destroy_r(h, pt);
        out[i] = s.best;
        if ((i & 0xffff) == 0xffff) {
            int rc = hs__progress(ctx, "locate", (double)i / (double)n);
            if (rc) {
                return rc;
            }
        }
    }
    return HS_OK;
}
