/*
 * The OGR seam for reading records: any vector source GDAL opens (XLSX, ODS, GeoJSON, GPKG, SHP,
 * FlatGeobuf, CSV with --where) as rows of UTF-8 text, with a point geometry exposed as the extra
 * columns __x and __y and its CRS as a code (EPSG, or of the CRS registry); and whole-file reads
 * through GDAL's virtual file system (so .gz works). It must not interpret values (ingest.c does)
 * nor print.
 */
#include "core/hs_internal.h"
#include "ingest/ingest.h"

#include <cpl_conv.h>
#include <cpl_error.h>
#include <cpl_vsi.h>
#include <gdal.h>
#include <ogr_api.h>
#include <ogr_srs_api.h>
#include <stdlib.h>
#include <string.h>

typedef struct ogr_table {
    hs__table base;
    hs_ctx *ctx;
    GDALDatasetH ds;
    OGRLayerH layer;
    int nattr;    /* attribute fields */
    int has_geom; /* __x/__y appended */
    char *row;
    size_t rlen, rcap;
    size_t *offs;
    const char **fields;
} ogr_table;

static int append(ogr_table *t, const char *s)
{
    size_t n = strlen(s) + 1;
    if (hs__grow((void **)&t->row, &t->rcap, t->rlen + n, 1) != HS_OK) {
        return HS_ENOMEM;
    }
    memcpy(t->row + t->rlen, s, n);
    t->rlen += n;
    return HS_OK;
}

static int ogr_next(hs__table *base, const char *const **fields, size_t *n)
{
    ogr_table *t = (ogr_table *)base;
    CPLPushErrorHandler(CPLQuietErrorHandler); /* GDAL must not print: rejects say what is bad */
    OGRFeatureH f = OGR_L_GetNextFeature(t->layer);
    CPLPopErrorHandler();
    if (!f) {
        return 0;
    }
    t->rlen = 0;
    size_t k = 0;
    int rc = HS_OK;
    for (int i = 0; i < t->nattr && rc == HS_OK; i++) {
        const char *s = OGR_F_IsFieldSetAndNotNull(f, i) ? OGR_F_GetFieldAsString(f, i) : "";
        t->offs[k++] = t->rlen;
        rc = append(t, s ? s : "");
    }
    if (t->has_geom && rc == HS_OK) {
        OGRGeometryH g = OGR_F_GetGeometryRef(f);
        char bx[40] = "", by[40] = "";
        if (g && !OGR_G_IsEmpty(g) && wkbFlatten(OGR_G_GetGeometryType(g)) == wkbPoint) {
            hs__fmt(bx, sizeof bx, "%.10f", OGR_G_GetX(g, 0));
            hs__fmt(by, sizeof by, "%.10f", OGR_G_GetY(g, 0));
        }
        t->offs[k++] = t->rlen;
        rc = append(t, bx);
        t->offs[k++] = t->rlen;
        rc |= append(t, by);
    }
    OGR_F_Destroy(f);
    if (rc != HS_OK) {
        return hs__error(t->ctx, HS_ENOMEM, "out of memory");
    }
    for (size_t i = 0; i < k; i++) {
        t->fields[i] = t->row + t->offs[i];
    }
    *fields = t->fields;
    *n = k;
    return 1;
}

static void ogr_close(hs__table *base)
{
    ogr_table *t = (ogr_table *)base;
    for (size_t i = 0; i < base->ncols; i++) {
        free(base->names[i]);
    }
    free(base->names);
    free(t->row);
    free(t->offs);
    free(t->fields);
    if (t->ds) {
        GDALClose(t->ds);
    }
    free(t);
}

/* The layer's CRS as a code: its EPSG code, else its WKT resolved by the CRS registry (a .prj
 * without an authority); 0 when the layer has none or PROJ cannot read it. */
static int layer_epsg(hs_ctx *ctx, OGRLayerH layer)
{
    OGRSpatialReferenceH srs = OGR_L_GetSpatialRef(layer);
    if (!srs) {
        return 0;
    }
    OGRSpatialReferenceH c = OSRClone(srs);
    int epsg = 0;
    (void)OSRAutoIdentifyEPSG(c); /* fills the authority when it can; else it stays unknown */
    const char *auth = OSRGetAuthorityName(c, NULL);
    const char *code = OSRGetAuthorityCode(c, NULL);
    int64_t v = 0;
    if (auth && code && strcmp(auth, "EPSG") == 0 && hs__parse_int64(&v, code) == HS_OK) {
        epsg = (int)v;
    }
    if (!epsg && ctx) {
        const char *const wopts[] = {"FORMAT=WKT2_2019", NULL};
        char *wkt = NULL;
        if (OSRExportToWktEx(srs, &wkt, wopts) == OGRERR_NONE && wkt &&
            hs_crs_resolve(&epsg, ctx, wkt) != HS_OK) {
            epsg = 0;
        }
        CPLFree(wkt);
    }
    OSRDestroySpatialReference(c);
    return epsg;
}

int hs__ogr_open(hs__table **out, hs_ctx *ctx, const char *path, const char *where)
{
    *out = NULL;
    GDALAllRegister();
    CPLPushErrorHandler(CPLQuietErrorHandler);
    CPLErrorReset();
    ogr_table *t = calloc(1, sizeof *t);
    if (!t) {
        CPLPopErrorHandler();
        return hs__error(ctx, HS_ENOMEM, "out of memory");
    }
    t->ctx = ctx;
    t->base.next = ogr_next;
    t->base.close = ogr_close;
    t->base.kind = "ogr";
    hs__fmt(t->base.encoding, sizeof t->base.encoding, "UTF-8");
    int rc = HS_OK;
    /* spreadsheets from analysts always start with a header row, even when every cell is text;
     * GDAL 3.6 reads the option when the sheet is first parsed (at the layer definition) */
    CPLSetThreadLocalConfigOption("OGR_XLSX_HEADERS", "FORCE");
    CPLSetThreadLocalConfigOption("OGR_ODS_HEADERS", "FORCE");
    t->ds = GDALOpenEx(path, GDAL_OF_VECTOR | GDAL_OF_READONLY, NULL, NULL, NULL);
    if (t->ds && GDALDatasetGetLayerCount(t->ds) > 0) {
        (void)OGR_L_GetLayerDefn(GDALDatasetGetLayer(t->ds, 0));
    }
    CPLSetThreadLocalConfigOption("OGR_XLSX_HEADERS", NULL);
    CPLSetThreadLocalConfigOption("OGR_ODS_HEADERS", NULL);
    if (!t->ds) {
        rc = hs__error(ctx, HS_EIO, "%s: cannot open as a table: %s", path,
                       *CPLGetLastErrorMsg() ? CPLGetLastErrorMsg() : "unknown format");
        goto fail;
    }
    if (GDALDatasetGetLayerCount(t->ds) < 1) {
        rc = hs__error(ctx, HS_ENODATA, "%s: no layer", path);
        goto fail;
    }
    /* hotspot's own GeoPackages: the incidents layer, wherever it is */
    t->layer = GDALDatasetGetLayerByName(t->ds, "incidents");
    if (!t->layer) {
        t->layer = GDALDatasetGetLayer(t->ds, 0);
    }
    if (where && *where && OGR_L_SetAttributeFilter(t->layer, where) != OGRERR_NONE) {
        rc = hs__error(ctx, HS_EINVAL, "%s: bad --where expression '%s': %s", path, where,
                       CPLGetLastErrorMsg());
        goto fail;
    }
    OGRFeatureDefnH defn = OGR_L_GetLayerDefn(t->layer);
    t->nattr = OGR_FD_GetFieldCount(defn);
    OGRwkbGeometryType gt = wkbFlatten(OGR_L_GetGeomType(t->layer));
    t->has_geom = gt == wkbPoint || (gt == wkbUnknown && OGR_FD_GetGeomFieldCount(defn) > 0);
    size_t nc = (size_t)t->nattr + (t->has_geom ? 2 : 0);
    t->base.names = calloc(nc + 1, sizeof *t->base.names);
    t->offs = calloc(nc + 1, sizeof *t->offs);
    t->fields = calloc(nc + 1, sizeof *t->fields);
    if (!t->base.names || !t->offs || !t->fields) {
        rc = hs__error(ctx, HS_ENOMEM, "out of memory");
        goto fail;
    }
    for (int i = 0; i < t->nattr; i++) {
        t->base.names[t->base.ncols++] =
            hs__strdup(OGR_Fld_GetNameRef(OGR_FD_GetFieldDefn(defn, i)));
    }
    if (t->has_geom) {
        t->base.names[t->base.ncols++] = hs__strdup("__x");
        t->base.names[t->base.ncols++] = hs__strdup("__y");
        t->base.epsg = layer_epsg(ctx, t->layer);
    }
    for (size_t i = 0; i < t->base.ncols; i++) {
        if (!t->base.names[i]) {
            rc = hs__error(ctx, HS_ENOMEM, "out of memory");
            goto fail;
        }
    }
    CPLPopErrorHandler();
    *out = &t->base;
    return HS_OK;
fail:
    CPLPopErrorHandler();
    ogr_close(&t->base);
    return rc;
}

int hs__file_read_all(char **buf, size_t *len, hs_ctx *ctx, const char *path)
{
    *buf = NULL;
    *len = 0;
    size_t pl = strlen(path);
    char vpath[4096];
    if (pl > 3 && strcmp(path + pl - 3, ".gz") == 0) {
        hs__fmt(vpath, sizeof vpath, "/vsigzip/%s", path);
    } else {
        hs__fmt(vpath, sizeof vpath, "%s", path);
    }
    VSILFILE *f = VSIFOpenL(vpath, "rb");
    if (!f) {
        return hs__error(ctx, HS_EIO, "%s: cannot open", path);
    }
    size_t cap = 1 << 20, n = 0;
    char *b = malloc(cap);
    for (;;) {
        if (!b) {
            VSIFCloseL(f);
            return hs__error(ctx, HS_ENOMEM, "out of memory");
        }
        size_t got = VSIFReadL(b + n, 1, cap - n - 1, f);
        n += got;
        if (n < cap - 1) {
            break;
        }
        char *nb = realloc(b, cap * 2);
        if (!nb) {
            free(b);
            b = NULL;
            continue;
        }
        b = nb;
        cap *= 2;
    }
    VSIFCloseL(f);
    b[n] = '\0';
    *buf = b;
    *len = n;
    return HS_OK;
}
