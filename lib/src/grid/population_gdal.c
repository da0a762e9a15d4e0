/*
 * Reading a population layer from any OGR source: the population field (given or found by name),
 * polygons into an hs_areas (through areas_gdal.c's helpers) with one value each, or points with a
 * value each, reprojected when asked. Spreading over cells is in population_geos.c.
 */
#include "core/hs_internal.h"
#include "grid/grid.h"

#include <gdal.h>
#include <math.h>
#include <ogr_api.h>
#include <ogr_srs_api.h>
#include <stdlib.h>
#include <string.h>

static const char *const pop_names[] = {"pop",       "population", "befolkning", "beftotalt",
                                        "folkmangd", "folkmängd",  "invanare",   "invånare",
                                        "antal",     NULL};

static int find_field(hs_ctx *ctx, OGRFeatureDefnH defn, const char *path, const char *given)
{
    int n = OGR_FD_GetFieldCount(defn);
    for (size_t c = 0; given ? c == 0 : pop_names[c] != NULL; c++) {
        for (int i = 0; i < n; i++) {
            const char *fn = OGR_Fld_GetNameRef(OGR_FD_GetFieldDefn(defn, i));
            if (hs__strcasecmp(fn, given ? given : pop_names[c]) == 0) {
                return i;
            }
        }
    }
    /* SCB's DeSO and RegSO deliveries: Bef_YYYYMM (population at that date); the latest wins */
    int best = -1;
    for (int i = 0; !given && i < n; i++) {
        OGRFieldDefnH fd = OGR_FD_GetFieldDefn(defn, i);
        const char *fn = OGR_Fld_GetNameRef(fd);
        OGRFieldType t = OGR_Fld_GetType(fd);
        int numeric = t == OFTInteger || t == OFTInteger64 || t == OFTReal;
        if (numeric && strlen(fn) > 4 && (fn[0] | 0x20) == 'b' && (fn[1] | 0x20) == 'e' &&
            (fn[2] | 0x20) == 'f' && fn[3] == '_' &&
            (best < 0 || strcmp(fn, OGR_Fld_GetNameRef(OGR_FD_GetFieldDefn(defn, best))) > 0)) {
            best = i;
        }
    }
    if (best >= 0) {
        return best;
    }
    char list[512] = "";
    size_t len = 0;
    for (int i = 0; i < n && len + 4 < sizeof list; i++) {
        hs__fmt(list + len, sizeof list - len, "%s%s", i ? ", " : "",
                OGR_Fld_GetNameRef(OGR_FD_GetFieldDefn(defn, i)));
        len = strlen(list);
    }
    if (given) {
        return hs__error(ctx, HS_ENOTFOUND, "%s: no population field '%s' (fields: %s)", path,
                         given, n ? list : "none");
    }
    return hs__error(ctx, HS_ENOTFOUND,
                     "%s: no population field (looked for pop, population, befolkning, "
                     "beftotalt, folkmangd, invanare, antal, Bef_YYYYMM; fields: %s); name it with "
                     "--population-field",
                     path, n ? list : "none");
}

static int field_value(double *v, OGRFeatureH f, int fi, OGRFieldType type)
{
    if (!OGR_F_IsFieldSetAndNotNull(f, fi)) {
        return -1;
    }
    if (type == OFTInteger || type == OFTInteger64 || type == OFTReal) {
        *v = OGR_F_GetFieldAsDouble(f, fi);
    } else if (hs__parse_double(v, OGR_F_GetFieldAsString(f, fi)) != 0) {
        return -1;
    }
    return isfinite(*v) && *v >= 0 ? 0 : -1;
}

static int add_value(hs_population *p, double x, double y, double v, int points)
{
    size_t cap = p->cap;
    if (hs__grow((void **)&p->value, &cap, p->n + 1, sizeof *p->value)) {
        return HS_ENOMEM;
    }
    if (points) {
        size_t c2 = p->cap, c3 = p->cap;
        if (hs__grow((void **)&p->x, &c2, p->n + 1, sizeof *p->x) ||
            hs__grow((void **)&p->y, &c3, p->n + 1, sizeof *p->y)) {
            return HS_ENOMEM;
        }
        p->x[p->n] = x;
        p->y[p->n] = y;
    }
    p->cap = cap;
    p->value[p->n++] = v;
    return HS_OK;
}

/* One feature: a polygon (into p->areas) or points (a multipoint's value split evenly). */
static int read_feature(hs_ctx *ctx, hs_population *p, OGRFeatureH f, OGRGeometryH g, void *ct,
                        double v, int *points, int64_t *skipped)
{
    OGRwkbGeometryType t = wkbFlatten(OGR_G_GetGeometryType(g));
    int is_pt = t == wkbPoint || t == wkbMultiPoint;
    int is_poly = t == wkbPolygon || t == wkbMultiPolygon;
    if (*points < 0 && (is_pt || is_poly)) {
        *points = is_pt;
    }
    if ((*points == 1 && !is_pt) || (*points == 0 && !is_poly) || *points < 0) {
        (*skipped)++;
        return HS_OK;
    }
    if (!is_pt) {
        int added = 0;
        int rc = hs__areas_add_ogr(ctx, p->areas, g, ct, p->path, (long long)OGR_F_GetFID(f), NULL,
                                   NULL, NULL, &added);
        return rc || !added ? rc : add_value(p, 0, 0, v, 0);
    }
    OGRGeometryH c = OGR_G_Clone(g);
    if (ct && c && OGR_G_Transform(c, ct) != OGRERR_NONE) {
        OGR_G_DestroyGeometry(c);
        return hs__error(ctx, HS_EDATA, "%s: feature %lld: cannot reproject", p->path,
                         (long long)OGR_F_GetFID(f));
    }
    int np = t == wkbPoint ? 1 : OGR_G_GetGeometryCount(c);
    int rc = HS_OK;
    for (int i = 0; rc == HS_OK && i < np; i++) {
        OGRGeometryH pt = t == wkbPoint ? c : OGR_G_GetGeometryRef(c, i);
        rc = add_value(p, OGR_G_GetX(pt, 0), OGR_G_GetY(pt, 0), v / np, 1);
    }
    OGR_G_DestroyGeometry(c);
    return rc;
}

static int read_layer(hs_ctx *ctx, hs_population *p, OGRLayerH layer, const hs_population_opts *o)
{
    OGRFeatureDefnH defn = OGR_L_GetLayerDefn(layer);
    int fi = find_field(ctx, defn, p->path, o->field);
    if (fi < 0) {
        return fi;
    }
    p->field = hs__strdup(OGR_Fld_GetNameRef(OGR_FD_GetFieldDefn(defn, fi)));
    int rc = p->field ? hs__areas_new(&p->areas) : HS_ENOMEM;
    void *ct = rc ? NULL : hs__ogr_transform(ctx, layer, o->epsg, &rc);
    if (rc) {
        return rc;
    }
    OGRFieldType type = OGR_Fld_GetType(OGR_FD_GetFieldDefn(defn, fi));
    /* DeSO / RegSO of the project's kommuner only: the code's first four digits */
    int ci = -1;
    const char *kommuner = o->version >= 2 ? o->kommuner : NULL;
    static const char *const code_names[] = {"deso", "desokod", "regso", "regsokod", NULL};
    for (size_t k = 0; kommuner && ci < 0 && code_names[k]; k++) {
        ci = OGR_FD_GetFieldIndex(defn, code_names[k]);
    }
    int64_t other = 0;
    int points = -1;
    int64_t skipped = 0, novalue = 0;
    OGRFeatureH f;
    OGR_L_ResetReading(layer);
    while (rc == HS_OK && (f = OGR_L_GetNextFeature(layer)) != NULL) {
        OGRGeometryH g = OGR_F_GetGeometryRef(f);
        double v;
        const char *code = ci >= 0 ? OGR_F_GetFieldAsString(f, ci) : NULL;
        char k4[5] = "";
        if (code && strlen(code) >= 4) {
            memcpy(k4, code, 4);
            k4[4] = '\0';
        }
        if (code && (!k4[0] || !strstr(kommuner, k4))) {
            other++;
        } else if (g && field_value(&v, f, fi, type) == 0) {
            rc = read_feature(ctx, p, f, g, ct, v, &points, &skipped);
        } else {
            novalue++;
        }
        OGR_F_Destroy(f);
    }
    if (ct) {
        OCTDestroyCoordinateTransformation(ct);
    }
    if (rc == HS_OK && (skipped || novalue)) {
        hs__log(ctx, HS_LOG_WARN,
                "%s: %lld features without a usable %s value or geometry, %lld of another "
                "geometry type skipped",
                p->path, (long long)novalue, p->field, (long long)skipped);
    }
    if (rc == HS_OK && other) {
        hs__log(ctx, HS_LOG_INFO, "%s: %lld areas of other kommuner than %s left out", p->path,
                (long long)other, kommuner);
    }
    if (rc == HS_OK && points == 1) {
        hs_areas_free(p->areas);
        p->areas = NULL;
    }
    if (rc == HS_OK && p->n == 0) {
        rc = hs__error(ctx, HS_ENODATA, "%s: no polygons or points with a population in '%s'",
                       p->path, p->field);
    }
    return rc == HS_OK && p->areas ? hs__areas_finish(ctx, p->areas) : rc;
}

int hs_population_open(hs_population **out, hs_ctx *ctx, const char *path,
                       const hs_population_opts *opts)
{
    hs_population_opts defaults = HS_POPULATION_OPTS_INIT;
    const hs_population_opts *o = opts ? opts : &defaults;
    if (!out || !path) {
        return hs__error(ctx, HS_EINVAL, "hs_population_open: invalid argument");
    }
    *out = NULL;
    void *ds = NULL, *layer = NULL;
    int rc = hs__ogr_open_layer(&ds, &layer, ctx, path, o->layer);
    if (rc) {
        return rc;
    }
    hs_population *p = calloc(1, sizeof *p);
    rc = p && (p->path = hs__strdup(path)) ? HS_OK : HS_ENOMEM;
    if (rc == HS_OK) {
        CPLPushErrorHandler(CPLQuietErrorHandler);
        rc = read_layer(ctx, p, layer, o);
        CPLPopErrorHandler();
    }
    GDALClose(ds);
    if (rc) {
        hs_population_free(p);
        return rc == HS_ENOMEM ? hs__error(ctx, rc, "%s: out of memory", path) : rc;
    }
    *out = p;
    return HS_OK;
}

void hs_population_free(hs_population *p)
{
    if (!p) {
        return;
    }
    hs_areas_free(p->areas);
    free(p->path);
    free(p->field);
    free(p->value);
    free(p->x);
    free(p->y);
    free(p);
}

const char *hs_population_field(const hs_population *p)
{
    return p ? p->field : NULL;
}

size_t hs_population_count(const hs_population *p)
{
    return p ? p->n : 0;
}

int hs_population_is_points(const hs_population *p)
{
    return p && !p->areas;
}

double hs_population_total(const hs_population *p)
{
    double s = 0;
    for (size_t i = 0; p && i < p->n; i++) {
        s += p->value[i];
    }
    return s;
}
