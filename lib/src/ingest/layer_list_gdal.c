/*
 * hs_file_layers: what layers a file holds (vector layers with geometry type, rows and CRS;
 * rasters with their size), for `hotspot info`. Only reads.
 */
#include "core/hs_internal.h"

#include <cpl_conv.h>
#include <gdal.h>
#include <ogr_api.h>
#include <ogr_srs_api.h>
#include <stdlib.h>
#include <string.h>

/* The CRS code of a layer: its EPSG code, else its WKT resolved by the CRS registry; 0 none. */
static int srs_epsg(hs_ctx *ctx, OGRSpatialReferenceH srs)
{
    if (!srs) {
        return 0;
    }
    const char *auth = OSRGetAuthorityName(srs, NULL), *code = OSRGetAuthorityCode(srs, NULL);
    int64_t v = 0;
    if (auth && code && strcmp(auth, "EPSG") == 0 && hs__parse_int64(&v, code) == HS_OK) {
        return (int)v;
    }
    const char *const wopts[] = {"FORMAT=WKT2_2019", NULL};
    char *wkt = NULL;
    int c = 0;
    if (ctx && OSRExportToWktEx(srs, &wkt, wopts) == OGRERR_NONE && wkt &&
        hs_crs_resolve(&c, ctx, wkt) != HS_OK) {
        c = 0;
    }
    CPLFree(wkt);
    return c;
}

static int push(hs_layer_info **v, size_t *n, size_t *cap)
{
    if (*n == *cap && hs__grow((void **)v, cap, *n + 1, sizeof **v) != HS_OK) {
        return HS_ENOMEM;
    }
    memset(&(*v)[*n], 0, sizeof **v);
    (*n)++;
    return HS_OK;
}

/* A raster (a GeoTIFF, or one table of a GeoPackage): its size and CRS. */
static int add_raster(hs_layer_info **v, size_t *n, size_t *cap, GDALDatasetH r, const char *name,
                      hs_ctx *ctx)
{
    if (push(v, n, cap) != HS_OK) {
        return HS_ENOMEM;
    }
    hs_layer_info *l = &(*v)[*n - 1];
    hs__fmt(l->name, sizeof l->name, "%s", name);
    hs__fmt(l->geometry, sizeof l->geometry, "raster");
    l->width = GDALGetRasterXSize(r);
    l->height = GDALGetRasterYSize(r);
    l->features = l->width * l->height;
    l->epsg = srs_epsg(ctx, GDALGetSpatialRef(r));
    return HS_OK;
}

int hs_file_layers(hs_layer_info **out, size_t *n_out, hs_ctx *ctx, const char *path)
{
    *out = NULL;
    *n_out = 0;
    GDALAllRegister();
    CPLPushErrorHandler(CPLQuietErrorHandler);
    GDALDatasetH ds =
        GDALOpenEx(path, GDAL_OF_VECTOR | GDAL_OF_RASTER | GDAL_OF_READONLY, NULL, NULL, NULL);
    CPLPopErrorHandler();
    if (!ds) {
        return hs__error(ctx, HS_EIO, "%s: cannot open: %s", path, CPLGetLastErrorMsg());
    }
    hs_layer_info *v = NULL;
    size_t n = 0, cap = 0;
    int rc = HS_OK;
    for (int k = 0; rc == HS_OK && k < GDALDatasetGetLayerCount(ds); k++) {
        OGRLayerH lyr = GDALDatasetGetLayer(ds, k);
        if ((rc = push(&v, &n, &cap)) != HS_OK) {
            break;
        }
        hs_layer_info *l = &v[n - 1];
        hs__fmt(l->name, sizeof l->name, "%s", OGR_L_GetName(lyr));
        OGRwkbGeometryType t = OGR_L_GetGeomType(lyr);
        hs__fmt(l->geometry, sizeof l->geometry, "%s",
                t == wkbNone ? "none" : OGRGeometryTypeToName(t));
        l->features = (int64_t)OGR_L_GetFeatureCount(lyr, 1);
        l->epsg = srs_epsg(ctx, OGR_L_GetSpatialRef(lyr));
    }
    if (rc == HS_OK && GDALGetRasterCount(ds) > 0) {
        /* a GeoPackage with one raster table opens as that raster: its name is in gpkg_contents */
        const char *base = strrchr(path, '/');
        char name[128];
        hs__fmt(name, sizeof name, "%s", base ? base + 1 : path);
        OGRLayerH q = GDALDatasetExecuteSQL(ds,
                                            "SELECT table_name FROM gpkg_contents WHERE data_type "
                                            "IN ('2d-gridded-coverage', 'tiles')",
                                            NULL, NULL);
        if (q) {
            OGRFeatureH f = OGR_L_GetNextFeature(q);
            if (f) {
                hs__fmt(name, sizeof name, "%s", OGR_F_GetFieldAsString(f, 0));
                OGR_F_Destroy(f);
            }
            GDALDatasetReleaseResultSet(ds, q);
        }
        rc = add_raster(&v, &n, &cap, ds, name, ctx);
    }
    /* GeoPackage raster tables are subdatasets: SUBDATASET_k_NAME = GPKG:path:table */
    char **sub = GDALGetMetadata(ds, "SUBDATASETS");
    for (int k = 0; rc == HS_OK && sub && sub[k]; k++) {
        const char *eq = strchr(sub[k], '=');
        if (!eq || !strstr(sub[k], "_NAME=")) {
            continue;
        }
        const char *colon = strrchr(eq + 1, ':');
        CPLPushErrorHandler(CPLQuietErrorHandler);
        GDALDatasetH r = GDALOpenEx(eq + 1, GDAL_OF_RASTER | GDAL_OF_READONLY, NULL, NULL, NULL);
        CPLPopErrorHandler();
        if (r) {
            rc = add_raster(&v, &n, &cap, r, colon ? colon + 1 : eq + 1, ctx);
            GDALClose(r);
        }
    }
    GDALClose(ds);
    if (rc != HS_OK) {
        free(v);
        return hs__error(ctx, rc, "%s: out of memory", path);
    }
    *out = v;
    *n_out = n;
    return HS_OK;
}
