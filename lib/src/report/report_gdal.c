/*
 * Reads what the lägesbild report needs from a hotspot GeoPackage with OGR: the incidents (through
 * report_sqlite.c, which is much faster for a million rows), rejects counted by reason, the run
 * parameters, named places, and which of the optional layers exist. Absent layers leave their flag
 * at 0. GDAL stays in this file; it computes nothing beyond counting rejects.
 */
#include "core/hs_internal.h"
#include "render/render.h"
#include "report/report.h"

#include <cpl_error.h>
#include <gdal.h>
#include <ogr_api.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int read_rejects(hs__report_data *d, hs_ctx *ctx, OGRLayerH lyr)
{
    int fr = OGR_FD_GetFieldIndex(OGR_L_GetLayerDefn(lyr), "reason");
    size_t cap = 0;
    size_t have = 0;
    OGR_L_ResetReading(lyr);
    OGRFeatureH f = NULL;
    while ((f = OGR_L_GetNextFeature(lyr)) != NULL) {
        const char *r =
            fr >= 0 && OGR_F_IsFieldSetAndNotNull(f, fr) ? OGR_F_GetFieldAsString(f, fr) : "";
        int32_t k = -1;
        int rc = hs__dict_intern(&k, &d->reasons, r[0] ? r : "(okänd)");
        if (rc == HS_OK && hs__grow((void **)&d->reason_n, &cap, d->reasons.n, sizeof(int64_t))) {
            rc = HS_ENOMEM;
        }
        OGR_F_Destroy(f);
        if (rc != HS_OK) {
            return hs__error(ctx, HS_ENOMEM, "out of memory");
        }
        while (have < d->reasons.n) {
            d->reason_n[have++] = 0;
        }
        d->reason_n[k]++;
        d->nrejects++;
    }
    return HS_OK;
}

static int read_run(hs__report_data *d, hs_ctx *ctx, OGRLayerH lyr)
{
    OGRFeatureDefnH defn = OGR_L_GetLayerDefn(lyr);
    int fk = OGR_FD_GetFieldIndex(defn, "key");
    int fv = OGR_FD_GetFieldIndex(defn, "value");
    if (fk < 0 || fv < 0) {
        return HS_OK;
    }
    size_t cap = 0;
    size_t cap2 = 0;
    OGR_L_ResetReading(lyr);
    OGRFeatureH f = NULL;
    while ((f = OGR_L_GetNextFeature(lyr)) != NULL) {
        if (hs__grow((void **)&d->keys, &cap, d->nparams + 1, sizeof(char *)) ||
            hs__grow((void **)&d->vals, &cap2, d->nparams + 1, sizeof(char *))) {
            OGR_F_Destroy(f);
            return hs__error(ctx, HS_ENOMEM, "out of memory");
        }
        d->keys[d->nparams] = hs__strdup(OGR_F_GetFieldAsString(f, fk));
        d->vals[d->nparams] = hs__strdup(OGR_F_GetFieldAsString(f, fv));
        d->nparams++;
        OGR_F_Destroy(f);
    }
    return HS_OK;
}

/* The first unit's monthly series and its hour-of-week table (a build's kommun), for a report on
 * incidents with times only. */
static int read_series(hs__report_data *d, hs_ctx *ctx, const char *gpkg)
{
    GDALDatasetH ds = GDALOpenEx(gpkg, GDAL_OF_VECTOR | GDAL_OF_READONLY, NULL, NULL, NULL);
    OGRLayerH l = ds ? GDALDatasetGetLayerByName(ds, "series") : NULL;
    OGRLayerH t = ds ? GDALDatasetGetLayerByName(ds, "temporal") : NULL;
    int rc = HS_OK;
    char unit[64] = "";
    size_t cap = 0, cap2 = 0;
    OGRFeatureH f = NULL;
    if (l != NULL) {
        OGRFeatureDefnH defn = OGR_L_GetLayerDefn(l);
        int fu = OGR_FD_GetFieldIndex(defn, "unit_id");
        int fp = OGR_FD_GetFieldIndex(defn, "period");
        int fn = OGR_FD_GetFieldIndex(defn, "n");
        OGR_L_ResetReading(l);
        while (fu >= 0 && fp >= 0 && fn >= 0 && rc == HS_OK &&
               (f = OGR_L_GetNextFeature(l)) != NULL) {
            const char *u = OGR_F_GetFieldAsString(f, fu);
            const char *per = OGR_F_GetFieldAsString(f, fp);
            int y = 0, mo = 0;
            if (!unit[0]) {
                hs__fmt(unit, sizeof unit, "%s", u);
            }
            if (strcmp(u, unit) == 0 && sscanf(per, "%d-%d", &y, &mo) == 2 && mo >= 1 && mo <= 12) {
                if (hs__grow((void **)&d->series_month, &cap, d->nseries + 1, sizeof(int64_t)) ||
                    hs__grow((void **)&d->series_n, &cap2, d->nseries + 1, sizeof(double))) {
                    rc = hs__error(ctx, HS_ENOMEM, "out of memory");
                } else {
                    d->series_month[d->nseries] = (int64_t)y * 12 + (mo - 1);
                    d->series_n[d->nseries++] = OGR_F_GetFieldAsDouble(f, fn);
                }
            }
            OGR_F_Destroy(f);
        }
    }
    if (rc == HS_OK && t != NULL && unit[0]) {
        OGRFeatureDefnH defn = OGR_L_GetLayerDefn(t);
        int fu = OGR_FD_GetFieldIndex(defn, "unit_id");
        int fd = OGR_FD_GetFieldIndex(defn, "weekday");
        int fh = OGR_FD_GetFieldIndex(defn, "hour");
        int fw = OGR_FD_GetFieldIndex(defn, "weight");
        OGR_L_ResetReading(t);
        while (fu >= 0 && fd >= 0 && fh >= 0 && fw >= 0 && (f = OGR_L_GetNextFeature(t)) != NULL) {
            int wd = OGR_F_GetFieldAsInteger(f, fd), h = OGR_F_GetFieldAsInteger(f, fh);
            if (strcmp(OGR_F_GetFieldAsString(f, fu), unit) == 0 && wd >= 1 && wd <= 7 && h >= 0 &&
                h < 24) {
                d->week[(wd - 1) * 24 + h] += OGR_F_GetFieldAsDouble(f, fw);
            }
            OGR_F_Destroy(f);
        }
    }
    if (ds != NULL) {
        GDALClose(ds);
    }
    return rc;
}

static int read_places(hs__report_data *d, hs_ctx *ctx, OGRLayerH lyr)
{
    OGRFeatureDefnH defn = OGR_L_GetLayerDefn(lyr);
    int fname = OGR_FD_GetFieldIndex(defn, "name");
    int fn = OGR_FD_GetFieldIndex(defn, "n");
    size_t cap = 0;
    OGR_L_ResetReading(lyr);
    OGRFeatureH f = NULL;
    while ((f = OGR_L_GetNextFeature(lyr)) != NULL) {
        OGRGeometryH g = OGR_F_GetGeometryRef(f);
        if (g != NULL && fname >= 0 && OGR_F_IsFieldSetAndNotNull(f, fname)) {
            if (hs__grow((void **)&d->places, &cap, d->nplaces + 1, sizeof(hs__report_place))) {
                OGR_F_Destroy(f);
                return hs__error(ctx, HS_ENOMEM, "out of memory");
            }
            hs__report_place *p = &d->places[d->nplaces++];
            OGREnvelope e;
            OGR_G_GetEnvelope(g, &e);
            p->x = (e.MinX + e.MaxX) / 2;
            p->y = (e.MinY + e.MaxY) / 2;
            p->hw = (e.MaxX - e.MinX) / 2;
            p->hh = (e.MaxY - e.MinY) / 2;
            p->name = hs__strdup(OGR_F_GetFieldAsString(f, fname));
            p->n = fn >= 0 && OGR_F_IsFieldSetAndNotNull(f, fn) ? OGR_F_GetFieldAsInteger64(f, fn)
                                                                : -1;
        }
        OGR_F_Destroy(f);
    }
    return HS_OK;
}

static int read_hot_cells(hs__report_data *d, hs_ctx *ctx, OGRLayerH lyr)
{
    OGRFeatureDefnH defn = OGR_L_GetLayerDefn(lyr);
    int fb = OGR_FD_GetFieldIndex(defn, "gi_bin");
    int fx = OGR_FD_GetFieldIndex(defn, "x0");
    int fy = OGR_FD_GetFieldIndex(defn, "y0");
    int fs = OGR_FD_GetFieldIndex(defn, "size");
    if (fb < 0 || fx < 0 || fy < 0 || fs < 0) {
        return HS_OK;
    }
    size_t cap = 0, cap2 = 0;
    OGR_L_ResetReading(lyr);
    OGRFeatureH f = NULL;
    while ((f = OGR_L_GetNextFeature(lyr)) != NULL) {
        if (OGR_F_GetFieldAsInteger(f, fb) >= 2) {
            if (hs__grow((void **)&d->hot_x0, &cap, d->nhot + 1, sizeof *d->hot_x0) ||
                hs__grow((void **)&d->hot_y0, &cap2, d->nhot + 1, sizeof *d->hot_y0)) {
                OGR_F_Destroy(f);
                return hs__error(ctx, HS_ENOMEM, "out of memory");
            }
            d->hot_x0[d->nhot] = OGR_F_GetFieldAsDouble(f, fx);
            d->hot_y0[d->nhot] = OGR_F_GetFieldAsDouble(f, fy);
            d->hot_size = OGR_F_GetFieldAsDouble(f, fs);
            d->nhot++;
        }
        OGR_F_Destroy(f);
    }
    return HS_OK;
}

static int read_comparison(hs__report_data *d, hs_ctx *ctx, OGRLayerH lyr)
{
    OGRFeatureDefnH defn = OGR_L_GetLayerDefn(lyr);
    int fa = OGR_FD_GetFieldIndex(defn, "n_crime");
    int fb = OGR_FD_GetFieldIndex(defn, "n_insecurity");
    int fl = OGR_FD_GetFieldIndex(defn, "log_ratio");
    int fc = OGR_FD_GetFieldIndex(defn, "class");
    int fx = OGR_FD_GetFieldIndex(defn, "x0");
    int fy = OGR_FD_GetFieldIndex(defn, "y0");
    int fs = OGR_FD_GetFieldIndex(defn, "size");
    if (fa < 0 || fb < 0 || fl < 0 || fc < 0 || fx < 0 || fy < 0 || fs < 0) {
        return HS_OK;
    }
    size_t cap = 0;
    OGR_L_ResetReading(lyr);
    OGRFeatureH f = NULL;
    while ((f = OGR_L_GetNextFeature(lyr)) != NULL) {
        if (hs__grow((void **)&d->cmp, &cap, d->ncmp + 1, sizeof *d->cmp)) {
            OGR_F_Destroy(f);
            return hs__error(ctx, HS_ENOMEM, "out of memory");
        }
        hs__report_cmp *c = &d->cmp[d->ncmp++];
        double half = OGR_F_GetFieldAsDouble(f, fs) / 2;
        c->x = OGR_F_GetFieldAsDouble(f, fx) + half;
        c->y = OGR_F_GetFieldAsDouble(f, fy) + half;
        c->n_crime = OGR_F_GetFieldAsInteger64(f, fa);
        c->n_insecurity = OGR_F_GetFieldAsInteger64(f, fb);
        c->log_ratio = OGR_F_IsFieldSetAndNotNull(f, fl) ? OGR_F_GetFieldAsDouble(f, fl) : 0;
        hs__fmt(c->cls, sizeof c->cls, "%s", OGR_F_GetFieldAsString(f, fc));
        OGR_F_Destroy(f);
    }
    return HS_OK;
}

int hs__report_load(hs__report_data *d, hs_ctx *ctx, const char *gpkg, const hs_records *incidents)
{
    memset(d, 0, sizeof(*d));
    GDALAllRegister();
    CPLPushErrorHandler(CPLQuietErrorHandler);
    GDALDatasetH ds = GDALOpenEx(gpkg, GDAL_OF_VECTOR | GDAL_OF_READONLY, NULL, NULL, NULL);
    CPLPopErrorHandler();
    if (ds == NULL) {
        return hs__error(ctx, HS_ENOTFOUND, "%s: cannot open as a GeoPackage (%s)", gpkg,
                         CPLGetLastErrorMsg());
    }
    int rc = HS_OK;
    CPLPushErrorHandler(CPLQuietErrorHandler); /* e.g. GPKG's "non-conformant" date warnings */
    OGRLayerH l = GDALDatasetGetLayerByName(ds, "incidents");
    if (l == NULL) {
        rc = hs__error(ctx, HS_ENODATA, "%s: no 'incidents' layer", gpkg);
    } else if (incidents != NULL) {
        rc = hs__report_use_records(d, ctx, incidents);
        rc = rc ? rc : hs__report_read_labels(d, ctx, gpkg);
    } else {
        rc = hs__report_read_incidents(d, ctx, gpkg);
    }
    if (rc == HS_OK && (l = GDALDatasetGetLayerByName(ds, "rejects")) != NULL) {
        d->has_rejects = 1;
        rc = read_rejects(d, ctx, l);
    }
    if (rc == HS_OK && (l = GDALDatasetGetLayerByName(ds, "run")) != NULL) {
        d->has_run = 1;
        rc = read_run(d, ctx, l);
    }
    if (rc == HS_OK && (l = GDALDatasetGetLayerByName(ds, "places")) != NULL) {
        d->has_places = 1;
        rc = read_places(d, ctx, l);
    }
    if (rc == HS_OK && (l = GDALDatasetGetLayerByName(ds, "kommuner")) != NULL) {
        d->has_kommuner = 1;
        int fname = OGR_FD_GetFieldIndex(OGR_L_GetLayerDefn(l), "name");
        OGR_L_ResetReading(l);
        OGRFeatureH f = OGR_L_GetNextFeature(l);
        if (f != NULL && fname >= 0 && OGR_F_IsFieldSetAndNotNull(f, fname)) {
            hs__fmt(d->kommun, sizeof d->kommun, "%s", OGR_F_GetFieldAsString(f, fname));
        }
        OGR_F_Destroy(f);
    }
    if (rc == HS_OK && (l = GDALDatasetGetLayerByName(ds, "gistar")) != NULL) {
        rc = read_hot_cells(d, ctx, l);
    }
    if (rc == HS_OK && (l = GDALDatasetGetLayerByName(ds, "comparison")) != NULL) {
        rc = read_comparison(d, ctx, l);
    }
    d->has_grid = GDALDatasetGetLayerByName(ds, "grid") != NULL;
    d->has_gistar = GDALDatasetGetLayerByName(ds, "gistar") != NULL;
    d->has_temporal = GDALDatasetGetLayerByName(ds, "temporal") != NULL;
    d->has_concentrations = GDALDatasetGetLayerByName(ds, "concentrations") != NULL;
    GDALClose(ds);
    CPLPopErrorHandler();
    if (rc == HS_OK) {
        d->has_kde = hs__gpkg_has_layer(ctx, gpkg, "kde");
    }
    if (rc == HS_OK && d->n == 0) {
        rc = read_series(d, ctx, gpkg);
    }
    if (rc == HS_OK && d->n == 0 && d->nseries == 0) {
        rc = hs__error(ctx, HS_ENODATA, "%s: the incidents layer is empty", gpkg);
    }
    return rc;
}

void hs__report_data_free(hs__report_data *d)
{
    if (d == NULL) {
        return;
    }
    if (!d->borrowed) {
        free(d->x);
        free(d->y);
        free(d->t_from);
        free(d->t_to);
        free(d->cat);
        free(d->focus);
        free(d->prec);
    }
    for (size_t c = 0; c < d->cats.n; c++) {
        free(d->cat_sv ? d->cat_sv[c] : NULL);
        free(d->cat_en ? d->cat_en[c] : NULL);
    }
    free(d->cat_sv);
    free(d->cat_en);
    free(d->series_month);
    free(d->series_n);
    hs__dict_free(&d->cats);
    hs__dict_free(&d->focuses);
    hs__dict_free(&d->reasons);
    free(d->reason_n);
    for (size_t i = 0; i < d->nparams; i++) {
        free(d->keys[i]);
        free(d->vals[i]);
    }
    free(d->keys);
    free(d->vals);
    for (size_t i = 0; i < d->nplaces; i++) {
        free(d->places[i].name);
    }
    free(d->places);
    free(d->cmp);
    free(d->hot_x0);
    free(d->hot_y0);
    memset(d, 0, sizeof(*d));
}

const char *hs__report_param(const hs__report_data *d, const char *key)
{
    for (size_t i = d->nparams; i-- > 0;) {
        if (d->keys[i] && strcmp(d->keys[i], key) == 0) {
            return d->vals[i];
        }
    }
    return NULL;
}

/* The near_repeat table (Knox): dist_to, days_to, knox_ratio and p of every row. */
int hs__report_knox_load(hs__report_knox *k, hs_ctx *ctx, const char *gpkg)
{
    memset(k, 0, sizeof(*k));
    GDALAllRegister();
    CPLPushErrorHandler(CPLQuietErrorHandler);
    GDALDatasetH ds = GDALOpenEx(gpkg, GDAL_OF_VECTOR | GDAL_OF_READONLY, NULL, NULL, NULL);
    OGRLayerH l = ds ? GDALDatasetGetLayerByName(ds, "near_repeat") : NULL;
    int rc = l ? HS_OK : hs__error(ctx, HS_ENOTFOUND, "%s: no 'near_repeat' table", gpkg);
    OGRFeatureDefnH defn = l ? OGR_L_GetLayerDefn(l) : NULL;
    int fi[4] = {-1, -1, -1, -1};
    static const char *const names[4] = {"dist_to", "days_to", "knox_ratio", "p"};
    for (int j = 0; rc == HS_OK && j < 4; j++) {
        fi[j] = OGR_FD_GetFieldIndex(defn, names[j]);
        if (fi[j] < 0) {
            rc = hs__error(ctx, HS_ENOTFOUND, "%s: near_repeat has no field %s", gpkg, names[j]);
        }
    }
    GIntBig total = rc == HS_OK ? OGR_L_GetFeatureCount(l, 1) : 0;
    size_t cap = total > 0 ? (size_t)total : 1;
    double **col[4] = {&k->dist_to, &k->days_to, &k->ratio, &k->p};
    for (int j = 0; rc == HS_OK && j < 4; j++) {
        *col[j] = malloc(cap * sizeof(double));
        rc = *col[j] ? HS_OK : hs__error(ctx, HS_ENOMEM, "report: out of memory");
    }
    if (rc == HS_OK) {
        OGR_L_ResetReading(l);
        OGRFeatureH f;
        while ((f = OGR_L_GetNextFeature(l)) != NULL) {
            for (int j = 0; k->n < cap && j < 4; j++) {
                (*col[j])[k->n] =
                    OGR_F_IsFieldSetAndNotNull(f, fi[j]) ? OGR_F_GetFieldAsDouble(f, fi[j]) : NAN;
            }
            k->n += k->n < cap;
            OGR_F_Destroy(f);
        }
    }
    if (ds) {
        GDALClose(ds);
    }
    CPLPopErrorHandler();
    if (rc != HS_OK) {
        hs__report_knox_free(k);
    }
    return rc;
}

void hs__report_knox_free(hs__report_knox *k)
{
    if (k == NULL) {
        return;
    }
    free(k->dist_to);
    free(k->days_to);
    free(k->ratio);
    free(k->p);
    memset(k, 0, sizeof(*k));
}
