/*
 * Reading named areas from any OGR polygon source (GeoPackage, Shapefile, GeoJSON, ...): picks the
 * layer, the id/name/kind columns, applies an attribute filter, reprojects when asked, and hands
 * plain rings to grid_areas.c. Nothing but reading here: no point-in-polygon (areas_geos.c).
 * hs__ogr_transform and hs__areas_add_ogr are shared with population_gdal.c.
 */
#include "core/hs_internal.h"
#include "grid/grid.h"
#include "crs/crs.h"

#include <gdal.h>
#include <ogr_api.h>
#include <ogr_srs_api.h>
#include <stdlib.h>

typedef struct ring_buf {
    hs_point *pts;
    size_t npts, pcap;
    size_t *len;
    uint8_t *outer;
    size_t nrings, rcap, ocap;
} ring_buf;

static int add_ring(ring_buf *b, OGRGeometryH ring, int outer)
{
    int n = OGR_G_GetPointCount(ring);
    if (n < 4) {
        return HS_OK; /* degenerate ring: skipped */
    }
    size_t rc2 = b->rcap;
    if (hs__grow((void **)&b->pts, &b->pcap, b->npts + (size_t)n, sizeof *b->pts) ||
        hs__grow((void **)&b->len, &b->rcap, b->nrings + 1, sizeof *b->len) ||
        hs__grow((void **)&b->outer, &b->ocap, b->nrings + 1, sizeof *b->outer)) {
        (void)rc2;
        return HS_ENOMEM;
    }
    for (int i = 0; i < n; i++) {
        b->pts[b->npts + (size_t)i].x = OGR_G_GetX(ring, i);
        b->pts[b->npts + (size_t)i].y = OGR_G_GetY(ring, i);
    }
    b->npts += (size_t)n;
    b->len[b->nrings] = (size_t)n;
    b->outer[b->nrings] = (uint8_t)outer;
    b->nrings++;
    return HS_OK;
}

static int add_polygon(ring_buf *b, OGRGeometryH poly)
{
    int nr = OGR_G_GetGeometryCount(poly);
    size_t before = b->nrings;
    for (int r = 0; r < nr; r++) {
        int rc = add_ring(b, OGR_G_GetGeometryRef(poly, r), r == 0);
        if (rc) {
            return rc;
        }
        if (r == 0 && b->nrings == before) {
            return HS_OK; /* no usable shell: drop the polygon and its holes */
        }
    }
    return HS_OK;
}

static int field_index(OGRFeatureDefnH defn, const char *given, const char *const *cands)
{
    if (given) {
        return OGR_FD_GetFieldIndex(defn, given);
    }
    for (size_t c = 0; cands[c]; c++) {
        int n = OGR_FD_GetFieldCount(defn);
        for (int i = 0; i < n; i++) {
            const char *fn = OGR_Fld_GetNameRef(OGR_FD_GetFieldDefn(defn, i));
            if (hs__strcasecmp(fn, cands[c]) == 0) {
                return i;
            }
        }
    }
    return -1;
}

void *hs__ogr_transform(hs_ctx *ctx, void *layer_h, int epsg, int *rc)
{
    OGRLayerH layer = layer_h;
    *rc = HS_OK;
    OGRSpatialReferenceH src = OGR_L_GetSpatialRef(layer);
    if (!epsg || !src) {
        return NULL;
    }
    OGRSpatialReferenceH dst = OSRNewSpatialReference(NULL);
    if ((*rc = hs__crs_osr(dst, ctx, epsg)) != HS_OK) {
        OSRDestroySpatialReference(dst);
        return NULL;
    }
    OSRSetAxisMappingStrategy(dst, OAMS_TRADITIONAL_GIS_ORDER);
    OGRSpatialReferenceH s2 = OSRClone(src);
    OSRSetAxisMappingStrategy(s2, OAMS_TRADITIONAL_GIS_ORDER);
    OGRCoordinateTransformationH ct = NULL;
    if (!OSRIsSame(s2, dst)) {
        ct = OCTNewCoordinateTransformation(s2, dst);
        if (!ct) {
            *rc = hs__error(ctx, HS_EUNSUPPORTED, "cannot transform areas to %s: %s",
                            hs_crs_label(ctx, epsg), CPLGetLastErrorMsg());
        }
    }
    OSRDestroySpatialReference(s2);
    OSRDestroySpatialReference(dst);
    return ct;
}

int hs__areas_add_ogr(hs_ctx *ctx, hs_areas *a, void *geom, void *ct, const char *path,
                      long long fid, const char *id, const char *name, const char *kind, int *added)
{
    if (added) {
        *added = 0;
    }
    OGRGeometryH mp = OGR_G_ForceToMultiPolygon(OGR_G_Clone(geom));
    int rc = HS_OK;
    if (ct && mp && OGR_G_Transform(mp, ct) != OGRERR_NONE) {
        rc = hs__error(ctx, HS_EDATA, "%s: feature %lld: cannot reproject", path, fid);
    }
    ring_buf b = {0};
    int np = mp && wkbFlatten(OGR_G_GetGeometryType(mp)) == wkbMultiPolygon
                 ? OGR_G_GetGeometryCount(mp)
                 : 0;
    for (int p = 0; p < np && rc == HS_OK; p++) {
        rc = add_polygon(&b, OGR_G_GetGeometryRef(mp, p));
    }
    if (rc == HS_OK && b.nrings) {
        rc = hs__areas_add(a, id, name, kind, b.pts, b.len, b.outer, b.nrings);
        if (rc == HS_OK && added) {
            *added = 1;
        }
    }
    free(b.pts);
    free(b.len);
    free(b.outer);
    OGR_G_DestroyGeometry(mp);
    return rc;
}

static int read_layer(hs_ctx *ctx, hs_areas *a, OGRLayerH layer, const char *path,
                      const hs_areas_opts *o)
{
    static const char *const id_c[] = {"code",  "kommun_code", "kommunkod", "kod", "deso",
                                       "regso", "id",          "place_id",  "fid", NULL};
    static const char *const name_c[] = {"name", "namn", "kommunnamn", NULL};
    static const char *const kind_c[] = {"kind", "typ", "type", NULL};
    OGRFeatureDefnH defn = OGR_L_GetLayerDefn(layer);
    int fi = field_index(defn, o->id_field, id_c);
    int fn = field_index(defn, o->name_field, name_c);
    int fk = field_index(defn, o->kind_field, kind_c);
    if (o->id_field && fi < 0) {
        return hs__error(ctx, HS_ENOTFOUND, "%s: no column '%s'", path, o->id_field);
    }
    if (o->name_field && fn < 0) {
        return hs__error(ctx, HS_ENOTFOUND, "%s: no column '%s'", path, o->name_field);
    }
    if (o->where && OGR_L_SetAttributeFilter(layer, o->where) != OGRERR_NONE) {
        return hs__error(ctx, HS_EINVAL, "%s: bad filter '%s': %s", path, o->where,
                         CPLGetLastErrorMsg());
    }
    int rc = HS_OK;
    OGRCoordinateTransformationH ct = hs__ogr_transform(ctx, layer, o->epsg, &rc);
    if (rc) {
        return rc;
    }
    OGRFeatureH f;
    OGR_L_ResetReading(layer);
    while (rc == HS_OK && (f = OGR_L_GetNextFeature(layer)) != NULL) {
        OGRGeometryH g = OGR_F_GetGeometryRef(f);
        if (g) {
            char fidbuf[32];
            hs__fmt(fidbuf, sizeof fidbuf, "%lld", (long long)OGR_F_GetFID(f));
            const char *id = fi >= 0 && OGR_F_IsFieldSetAndNotNull(f, fi)
                                 ? OGR_F_GetFieldAsString(f, fi)
                                 : fidbuf;
            const char *name =
                fn >= 0 && OGR_F_IsFieldSetAndNotNull(f, fn) ? OGR_F_GetFieldAsString(f, fn) : id;
            const char *kind =
                fk >= 0 && OGR_F_IsFieldSetAndNotNull(f, fk) ? OGR_F_GetFieldAsString(f, fk) : NULL;
            rc = hs__areas_add_ogr(ctx, a, g, ct, path, (long long)OGR_F_GetFID(f), id, name, kind,
                                   NULL);
        }
        OGR_F_Destroy(f);
    }
    if (ct) {
        OCTDestroyCoordinateTransformation(ct);
    }
    return rc;
}
int hs__ogr_open_layer(void **dataset, void **layer, hs_ctx *ctx, const char *path,
                       const char *name)
{
    GDALAllRegister();
    CPLErrorReset();
    CPLPushErrorHandler(CPLQuietErrorHandler);
    GDALDatasetH ds = GDALOpenEx(path, GDAL_OF_VECTOR | GDAL_OF_READONLY, NULL, NULL, NULL);
    CPLPopErrorHandler();
    if (!ds) {
        return hs__error(ctx, HS_EIO, "%s: cannot open as a vector source: %s", path,
                         CPLGetLastErrorMsg());
    }
    *layer = name ? GDALDatasetGetLayerByName(ds, name)
                  : (GDALDatasetGetLayerCount(ds) ? GDALDatasetGetLayer(ds, 0) : NULL);
    if (!*layer) {
        GDALClose(ds);
        return hs__error(ctx, HS_ENOTFOUND, "%s: no layer %s", path, name ? name : "");
    }
    *dataset = ds;
    return HS_OK;
}

int hs_areas_open(hs_areas **out, hs_ctx *ctx, const char *path, const hs_areas_opts *opts)
{
    hs_areas_opts defaults = HS_AREAS_OPTS_INIT;
    const hs_areas_opts *o = opts ? opts : &defaults;
    if (!out || !path) {
        return hs__error(ctx, HS_EINVAL, "hs_areas_open: invalid argument");
    }
    *out = NULL;
    void *ds = NULL, *layer = NULL;
    int rc = hs__ogr_open_layer(&ds, &layer, ctx, path, o->layer);
    if (rc) {
        return rc;
    }
    hs_areas *a = NULL;
    rc = hs__areas_new(&a);
    if (rc == HS_OK) {
        CPLPushErrorHandler(CPLQuietErrorHandler);
        rc = read_layer(ctx, a, layer, path, o);
        CPLPopErrorHandler();
    }
    GDALClose(ds);
    if (rc == HS_OK && a->n == 0) {
        rc = hs__error(ctx, HS_ENODATA, "%s: no polygons%s%s", path, o->where ? " matching " : "",
                       o->where ? o->where : "");
    }
    if (rc == HS_OK) {
        rc = hs__areas_finish(ctx, a);
    }
    if (rc) {
        hs_areas_free(a);
        return rc;
    }
    hs__log(ctx, HS_LOG_DEBUG, "%s: %zu areas", path, a->n);
    *out = a;
    return HS_OK;
}
