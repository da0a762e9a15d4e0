/*
 * Reads the built-in geography (sverige.gpkg) through OGR: the kommuner's attributes and the
 * tätorter points. Nothing but reading here: matching names is kommun.c's.
 */
#include "core/hs_internal.h"
#include "kommun/kommun.h"

#include <cpl_error.h>
#include <gdal.h>
#include <ogr_api.h>
#include <stdlib.h>
#include <string.h>

static GDALDatasetH open_shapes(hs_ctx *ctx, const char *path, const char *layer, OGRLayerH *l)
{
    GDALAllRegister();
    CPLErrorReset();
    const char *const drivers[] = {"GPKG", NULL};
    GDALDatasetH ds = GDALOpenEx(path, GDAL_OF_VECTOR | GDAL_OF_READONLY, drivers, NULL, NULL);
    if (!ds) {
        hs__error(ctx, HS_EIO, "%s: cannot open the built-in geography: %s", path,
                  CPLGetLastErrorMsg());
        return NULL;
    }
    *l = GDALDatasetGetLayerByName(ds, layer);
    if (!*l) {
        GDALClose(ds);
        hs__error(ctx, HS_ENOTFOUND, "%s: no layer '%s' (remake it with shapes/make_shapes.py)",
                  path, layer);
        return NULL;
    }
    return ds;
}

static const char *field(OGRFeatureH f, const char *name)
{
    int i = OGR_F_GetFieldIndex(f, name);
    return i >= 0 && OGR_F_IsFieldSetAndNotNull(f, i) ? OGR_F_GetFieldAsString(f, i) : "";
}

int hs__shapes_read_kommuner(hs_kommun **out, size_t *n, hs_ctx *ctx, const char *path)
{
    *out = NULL;
    *n = 0;
    OGRLayerH l;
    GDALDatasetH ds = open_shapes(ctx, path, HS__SHAPES_KOMMUNER, &l);
    if (!ds) {
        return ctx && ctx->errcode ? ctx->errcode : HS_EIO;
    }
    OGR_L_SetIgnoredFields(l, (const char *[]){"OGR_GEOMETRY", NULL});
    OGR_L_ResetReading(l);
    size_t cap = 0;
    int rc = HS_OK;
    OGRFeatureH f;
    while (rc == HS_OK && (f = OGR_L_GetNextFeature(l)) != NULL) {
        if (hs__grow((void **)out, &cap, *n + 1, sizeof **out)) {
            rc = hs__error(ctx, HS_ENOMEM, "out of memory");
        } else {
            hs_kommun *k = &(*out)[(*n)++];
            memset(k, 0, sizeof *k);
            k->code = atoi(field(f, "code"));
            hs__fmt(k->name, sizeof k->name, "%s", field(f, "name"));
            hs__fmt(k->lan_code, sizeof k->lan_code, "%s", field(f, "lan_code"));
            hs__fmt(k->lan_name, sizeof k->lan_name, "%s", field(f, "lan_name"));
            k->area_km2 = atof(field(f, "area_km2"));
        }
        OGR_F_Destroy(f);
    }
    GDALClose(ds);
    if (rc == HS_OK && *n == 0) {
        rc = hs__error(ctx, HS_ENODATA, "%s: no kommun in layer '%s'", path, HS__SHAPES_KOMMUNER);
    }
    if (rc != HS_OK) {
        free(*out);
        *out = NULL;
        *n = 0;
    }
    return rc;
}

int hs__shapes_read_tatorter(hs_tatort **out, size_t *n, hs_ctx *ctx, const char *path, int code)
{
    *out = NULL;
    *n = 0;
    OGRLayerH l;
    GDALDatasetH ds = open_shapes(ctx, path, HS__SHAPES_TATORTER, &l);
    if (!ds) {
        return ctx && ctx->errcode ? ctx->errcode : HS_EIO;
    }
    char where[64];
    hs__fmt(where, sizeof where, "kommun_code = '%04d'", code);
    if (code > 0 && OGR_L_SetAttributeFilter(l, where) != OGRERR_NONE) {
        GDALClose(ds);
        return hs__error(ctx, HS_EDATA, "%s: cannot filter the tätorter by kommun", path);
    }
    size_t cap = 0;
    int rc = HS_OK;
    OGRFeatureH f;
    while (rc == HS_OK && (f = OGR_L_GetNextFeature(l)) != NULL) {
        OGRGeometryH g = OGR_F_GetGeometryRef(f);
        if (g && hs__grow((void **)out, &cap, *n + 1, sizeof **out)) {
            rc = hs__error(ctx, HS_ENOMEM, "out of memory");
        } else if (g) {
            hs_tatort *t = &(*out)[(*n)++];
            memset(t, 0, sizeof *t);
            hs__fmt(t->code, sizeof t->code, "%s", field(f, "code"));
            hs__fmt(t->name, sizeof t->name, "%s", field(f, "name"));
            t->kommun_code = atoi(field(f, "kommun_code"));
            t->pop = atoll(field(f, "pop"));
            t->area_ha = atoi(field(f, "area_ha"));
            t->x = OGR_G_GetX(g, 0);
            t->y = OGR_G_GetY(g, 0);
        }
        OGR_F_Destroy(f);
    }
    GDALClose(ds);
    if (rc != HS_OK) {
        free(*out);
        *out = NULL;
        *n = 0;
    }
    return rc;
}
