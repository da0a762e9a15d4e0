/*
 * Areas derived from other areas with GEOS, for the evaluation of a measure: the ring of a given
 * width around an area (its buffer less the area itself) and the rest of a larger area (a kommun)
 * less an area and its ring; also an area's size and perimeter.
 */
#include "core/hs_internal.h"
#include "grid/grid.h"

#include <geos_c.h>
#include <stdlib.h>

typedef struct rings {
    hs_point *pts;
    size_t npts, pt_cap;
    size_t *len;
    uint8_t *outer;
    size_t n, cap, outer_cap;
} rings;

static int add_ring(rings *r, GEOSContextHandle_t h, const GEOSGeometry *ring, int outer)
{
    const GEOSCoordSequence *seq = GEOSGeom_getCoordSeq_r(h, ring);
    unsigned n = 0;
    if (!seq || !GEOSCoordSeq_getSize_r(h, seq, &n) || n < 4) {
        return HS_OK;
    }
    if (hs__grow((void **)&r->pts, &r->pt_cap, r->npts + n, sizeof *r->pts) ||
        hs__grow((void **)&r->len, &r->cap, r->n + 1, sizeof *r->len) ||
        hs__grow((void **)&r->outer, &r->outer_cap, r->n + 1, sizeof *r->outer)) {
        return HS_ENOMEM;
    }
    for (unsigned i = 0; i < n; i++) {
        GEOSCoordSeq_getXY_r(h, seq, i, &r->pts[r->npts + i].x, &r->pts[r->npts + i].y);
    }
    r->len[r->n] = n;
    r->outer[r->n] = (uint8_t)outer;
    r->n++;
    r->npts += n;
    return HS_OK;
}

static int add_polygons(rings *r, GEOSContextHandle_t h, const GEOSGeometry *g)
{
    int type = GEOSGeomTypeId_r(h, g), rc = HS_OK;
    if (type == GEOS_POLYGON) {
        rc = add_ring(r, h, GEOSGetExteriorRing_r(h, g), 1);
        int nh = GEOSGetNumInteriorRings_r(h, g);
        for (int i = 0; rc == HS_OK && i < nh; i++) {
            rc = add_ring(r, h, GEOSGetInteriorRingN_r(h, g, i), 0);
        }
    } else if (type == GEOS_MULTIPOLYGON || type == GEOS_GEOMETRYCOLLECTION) {
        int n = GEOSGetNumGeometries_r(h, g);
        for (int i = 0; rc == HS_OK && i < n; i++) {
            rc = add_polygons(r, h, GEOSGetGeometryN_r(h, g, i));
        }
    }
    return rc;
}

/* Appends geometry g (its polygons) to out as one area; an empty g adds an area with no rings. */
static int append(hs_areas *out, GEOSContextHandle_t h, const GEOSGeometry *g, const char *id)
{
    rings r = {0};
    int rc = g ? add_polygons(&r, h, g) : HS_OK;
    rc = rc ? rc : hs__areas_add(out, id, id, NULL, r.pts, r.len, r.outer, r.n);
    free(r.pts);
    free(r.len);
    free(r.outer);
    return rc;
}

int hs_areas_size(double *area, double *perimeter, const hs_areas *a, size_t k)
{
    if (!a || k >= a->n || !a->geoms) {
        return HS_EINVAL;
    }
    GEOSContextHandle_t h = a->geos;
    double s = 0.0, p = 0.0;
    if (!GEOSArea_r(h, a->geoms[k], &s) || !GEOSLength_r(h, a->geoms[k], &p)) {
        return HS_EDATA;
    }
    if (area) {
        *area = s;
    }
    if (perimeter) {
        *perimeter = p;
    }
    return HS_OK;
}

/* Area k of a made valid, or (k < 0) the union of all of a's areas. */
static GEOSGeometry *valid_area(GEOSContextHandle_t h, const hs_areas *a, int64_t k)
{
    if (k >= 0) {
        return GEOSMakeValid_r(h, a->geoms[k]);
    }
    GEOSGeometry **parts = malloc((a->n ? a->n : 1) * sizeof *parts);
    if (!parts) {
        return NULL;
    }
    for (size_t i = 0; i < a->n; i++) {
        parts[i] = GEOSMakeValid_r(h, a->geoms[i]);
    }
    GEOSGeometry *coll =
        GEOSGeom_createCollection_r(h, GEOS_GEOMETRYCOLLECTION, parts, (unsigned)a->n);
    free(parts);
    GEOSGeometry *u = coll ? GEOSUnaryUnion_r(h, coll) : NULL;
    GEOSGeom_destroy_r(h, coll);
    return u;
}

int hs_areas_ring_rest(hs_areas **out, hs_ctx *ctx, const hs_areas *a, int64_t k, double dist,
                       const hs_areas *whole, int64_t kw)
{
    if (!out || !a || k >= (int64_t)a->n || !a->geoms || !(dist >= 0.0) ||
        (whole && kw >= (int64_t)whole->n)) {
        return hs__error(ctx, HS_EINVAL, "measure areas: bad arguments");
    }
    *out = NULL;
    GEOSContextHandle_t h = a->geos;
    hs_areas *o = NULL;
    int rc = hs__areas_new(&o);
    GEOSGeometry *target = rc ? NULL : valid_area(h, a, k);
    GEOSGeometry *grown = target && dist > 0.0 ? GEOSBuffer_r(h, target, dist, 16) : NULL;
    GEOSGeometry *ring = grown ? GEOSDifference_r(h, grown, target) : NULL;
    GEOSGeometry *rest = NULL;
    if (rc == HS_OK && !target) {
        rc = hs__error(ctx, HS_EDATA, "measure area %s: invalid polygon",
                       k >= 0 ? hs__strpool_get(&a->pool, a->id[k]) : "(all)");
    }
    rc = rc ? rc : append(o, h, ring, "buffer");
    if (rc == HS_OK && whole) {
        GEOSGeometry *all = valid_area(h, whole, kw);
        const GEOSGeometry *cut = grown ? grown : target;
        rest = all ? GEOSDifference_r(h, all, cut) : NULL;
        GEOSGeom_destroy_r(h, all);
        rc = rest ? append(o, h, rest, "control")
                  : hs__error(ctx, HS_EDATA, "measure: cannot cut the control area");
    }
    rc = rc ? rc : hs__areas_finish(ctx, o);
    GEOSGeom_destroy_r(h, rest);
    GEOSGeom_destroy_r(h, ring);
    GEOSGeom_destroy_r(h, grown);
    GEOSGeom_destroy_r(h, target);
    if (rc != HS_OK) {
        hs_areas_free(o);
        return rc;
    }
    *out = o;
    return HS_OK;
}
