/*
 * Reads the layers of a hotspot GeoPackage (kommuner, gistar, grid, kde, places, incidents,
 * concentrations) and context layers from any OGR file into the plain map model, with colours,
 * classes and legend labels from the layer styles (style.h). GDAL/OGR stays in this file; it must
 * not draw, and it never changes the files it reads.
 */
#include "core/hs_internal.h"
#include "render/render.h"

#include <cpl_error.h>
#include <gdal.h>
#include <ogr_api.h>
#include <ogr_srs_api.h>

#include <math.h>
#include <stdlib.h>
#include <string.h>

static GDALDatasetH open_vector(hs_ctx *ctx, const char *path, int *rc)
{
    GDALAllRegister();
    CPLPushErrorHandler(CPLQuietErrorHandler);
    GDALDatasetH ds = GDALOpenEx(path, GDAL_OF_VECTOR | GDAL_OF_READONLY, NULL, NULL, NULL);
    CPLPopErrorHandler();
    *rc = HS_OK;
    if (ds == NULL) {
        *rc = hs__error(ctx, HS_ENOTFOUND, "%s: cannot open (%s)", path, CPLGetLastErrorMsg());
    }
    return ds;
}

int hs__gpkg_has_layer(hs_ctx *ctx, const char *gpkg, const char *layer)
{
    int rc = HS_OK;
    GDALDatasetH ds = open_vector(ctx, gpkg, &rc);
    if (ds == NULL) {
        hs_ctx_clear_error(ctx);
        return 0;
    }
    int has = GDALDatasetGetLayerByName(ds, layer) != NULL;
    GDALClose(ds);
    if (!has) { /* a raster table (kde) is not an OGR layer */
        char table[128];
        hs__fmt(table, sizeof table, "TABLE=%s", layer);
        const char *oo[] = {table, NULL};
        CPLPushErrorHandler(CPLQuietErrorHandler);
        GDALDatasetH r = GDALOpenEx(gpkg, GDAL_OF_RASTER | GDAL_OF_READONLY, NULL, oo, NULL);
        CPLPopErrorHandler();
        has = r != NULL;
        if (r) {
            GDALClose(r);
        }
    }
    return has;
}

/* ---- geometry ---- */

typedef struct geom_buf {
    hs_point *pts;
    size_t npts, cap;
    size_t *rings;
    size_t nrings, rcap;
} geom_buf;

static int ring_to_buf(geom_buf *b, OGRGeometryH ring)
{
    int n = OGR_G_GetPointCount(ring);
    if (n <= 0) {
        return HS_OK;
    }
    if (hs__grow((void **)&b->pts, &b->cap, b->npts + (size_t)n, sizeof(hs_point)) ||
        hs__grow((void **)&b->rings, &b->rcap, b->nrings + 1, sizeof(size_t))) {
        return HS_ENOMEM;
    }
    for (int i = 0; i < n; i++) {
        b->pts[b->npts + (size_t)i].x = OGR_G_GetX(ring, i);
        b->pts[b->npts + (size_t)i].y = OGR_G_GetY(ring, i);
    }
    b->npts += (size_t)n;
    b->rings[b->nrings++] = (size_t)n;
    return HS_OK;
}

/** Adds every polygon of g (polygon or multipolygon) to layer. */
static int add_polygons(hs_map *m, int layer, OGRGeometryH g, int cls, int64_t count, geom_buf *b)
{
    OGRwkbGeometryType t = wkbFlatten(OGR_G_GetGeometryType(g));
    if (t == wkbMultiPolygon || t == wkbGeometryCollection) {
        for (int i = 0; i < OGR_G_GetGeometryCount(g); i++) {
            int rc = add_polygons(m, layer, OGR_G_GetGeometryRef(g, i), cls, count, b);
            if (rc != HS_OK) {
                return rc;
            }
        }
        return HS_OK;
    }
    if (t != wkbPolygon) {
        return HS_OK;
    }
    b->npts = 0;
    b->nrings = 0;
    for (int r = 0; r < OGR_G_GetGeometryCount(g); r++) {
        if (ring_to_buf(b, OGR_G_GetGeometryRef(g, r)) != HS_OK) {
            return hs__error(m->ctx, HS_ENOMEM, "out of memory");
        }
    }
    if (b->nrings == 0 || b->rings[0] < 3) {
        return HS_OK;
    }
    return hs_map_add_polygon(m, layer, b->pts, b->rings, b->nrings, cls, count);
}

static int add_lines(hs_map *m, int layer, OGRGeometryH g, geom_buf *b, int cls)
{
    OGRwkbGeometryType t = wkbFlatten(OGR_G_GetGeometryType(g));
    if (t == wkbMultiLineString || t == wkbGeometryCollection) {
        for (int i = 0; i < OGR_G_GetGeometryCount(g); i++) {
            int rc = add_lines(m, layer, OGR_G_GetGeometryRef(g, i), b, cls);
            if (rc != HS_OK) {
                return rc;
            }
        }
        return HS_OK;
    }
    if (t != wkbLineString) {
        return HS_OK;
    }
    b->npts = 0;
    b->nrings = 0;
    if (ring_to_buf(b, g) != HS_OK) {
        return hs__error(m->ctx, HS_ENOMEM, "out of memory");
    }
    return b->npts >= 2 ? hs_map_add_line(m, layer, b->pts, b->npts, cls) : HS_OK;
}

static void geom_point(OGRGeometryH g, double *x, double *y)
{
    OGRwkbGeometryType t = wkbFlatten(OGR_G_GetGeometryType(g));
    if (t == wkbPoint) {
        *x = OGR_G_GetX(g, 0);
        *y = OGR_G_GetY(g, 0);
        return;
    }
    OGREnvelope e;
    OGR_G_GetEnvelope(g, &e);
    *x = (e.MinX + e.MaxX) / 2;
    *y = (e.MinY + e.MaxY) / 2;
    OGRGeometryH s = OGR_G_PointOnSurface(g);
    if (s != NULL) {
        *x = OGR_G_GetX(s, 0);
        *y = OGR_G_GetY(s, 0);
        OGR_G_DestroyGeometry(s);
    }
}

/* ---- styles to map classes ---- */

static size_t style_classes(hs_map_class *out, size_t cap, const hs_style *st, const char *lang)
{
    size_t n = st->nclasses < cap ? st->nclasses : cap;
    for (size_t i = 0; i < n; i++) {
        const hs_style_class *c = &st->classes[i];
        out[i].fill = c->fill;
        out[i].stroke = c->stroke;
        const char *lab = hs_style_label(c, lang);
        out[i].label = lab && lab[0] ? lab : NULL;
    }
    return n;
}

static int feature_class(const hs_style *st, OGRFeatureH f, int field)
{
    if (st->type == HS_STYLE_SINGLE || field < 0) {
        return 0;
    }
    const char *text =
        OGR_F_IsFieldSetAndNotNull(f, field) ? OGR_F_GetFieldAsString(f, field) : NULL;
    double v = OGR_F_IsFieldSetAndNotNull(f, field) ? OGR_F_GetFieldAsDouble(f, field) : NAN;
    const hs_style_class *c =
        hs_style_class_for(st, st->type == HS_STYLE_CATEGORIZED ? text : NULL, v);
    return c ? (int)(c - st->classes) : -1;
}

static int64_t field_count(OGRFeatureH f, int field)
{
    if (field < 0 || !OGR_F_IsFieldSetAndNotNull(f, field)) {
        return -1;
    }
    return (int64_t)OGR_F_GetFieldAsInteger64(f, field);
}

/* ---- raster ---- */

static int add_raster(hs_map *m, const char *gpkg, const char *layer, const char *lang)
{
    char table[128];
    hs__fmt(table, sizeof table, "TABLE=%s", layer);
    const char *oo[] = {table, NULL};
    GDALAllRegister();
    CPLPushErrorHandler(CPLQuietErrorHandler);
    GDALDatasetH ds = GDALOpenEx(gpkg, GDAL_OF_RASTER | GDAL_OF_READONLY, NULL, oo, NULL);
    CPLPopErrorHandler();
    if (ds == NULL) {
        return hs__error(m->ctx, HS_ENOTFOUND, "%s: no raster layer '%s'", gpkg, layer);
    }
    double gt[6];
    int nx = GDALGetRasterXSize(ds);
    int ny = GDALGetRasterYSize(ds);
    if (GDALGetGeoTransform(ds, gt) != CE_None || gt[2] != 0 || gt[4] != 0 ||
        fabs(gt[1] + gt[5]) > 1e-6 * fabs(gt[1])) {
        GDALClose(ds);
        return hs__error(m->ctx, HS_EUNSUPPORTED, "%s: raster '%s' is not a north-up square grid",
                         gpkg, layer);
    }
    float *v = malloc((size_t)nx * (size_t)ny * sizeof(float));
    if (v == NULL) {
        GDALClose(ds);
        return hs__error(m->ctx, HS_ENOMEM, "out of memory");
    }
    GDALRasterBandH band = GDALGetRasterBand(ds, 1);
    int has_nd = 0;
    double nd = GDALGetRasterNoDataValue(band, &has_nd);
    int rc = HS_OK;
    /* GDAL rows run north to south; the map model's row 0 is south */
    for (int r = 0; r < ny && rc == HS_OK; r++) {
        float *row = v + (size_t)(ny - 1 - r) * (size_t)nx;
        if (GDALRasterIO(band, GF_Read, 0, r, nx, 1, row, nx, 1, GDT_Float32, 0, 0) != CE_None) {
            rc = hs__error(m->ctx, HS_EIO, "%s: reading raster '%s' failed", gpkg, layer);
        }
        for (int c = 0; c < nx && has_nd; c++) {
            if (row[c] == (float)nd) {
                row[c] = NAN;
            }
        }
    }
    GDALClose(ds);
    hs_grid_spec g = {gt[0], gt[3] + gt[5] * ny, gt[1], nx, ny};
    const hs_style *st = hs_style_get("density");
    const char *title = st ? hs_style_title(st, lang) : "Täthet";
    if (rc == HS_OK) {
        rc = hs_map_set_raster(m, &g, v, HS_RAMP_YLORRD, 0.85, title, "/km²");
    }
    free(v);
    if (rc == HS_OK && st != NULL && st->type == HS_STYLE_RAMP && st->nclasses >= 2) {
        double pos[32];
        hs_rgba col[32];
        size_t n = st->nclasses < 32 ? st->nclasses : 32;
        for (size_t i = 0; i < n; i++) {
            pos[i] = st->classes[i].lo;
            col[i] = st->classes[i].fill;
        }
        rc = hs_map_set_raster_stops(m, pos, col, n);
    }
    return rc;
}

/* ---- vector layers ---- */

int hs__maplayers_add(hs_map *m, const char *gpkg, const char *layer, const char *where,
                      const char *lang)
{
    if (strcmp(layer, "kde") == 0) {
        return add_raster(m, gpkg, layer, lang);
    }
    int rc = HS_OK;
    GDALDatasetH ds = open_vector(m->ctx, gpkg, &rc);
    if (ds == NULL) {
        return rc;
    }
    OGRLayerH lyr = GDALDatasetGetLayerByName(ds, layer);
    if (lyr == NULL) {
        GDALClose(ds);
        if (strcmp(layer, "gistar") != 0 && strcmp(layer, "grid") != 0 &&
            strcmp(layer, "kommuner") != 0 && strcmp(layer, "places") != 0 &&
            strcmp(layer, "incidents") != 0 && strcmp(layer, "concentrations") != 0 &&
            strcmp(layer, "segments") != 0) {
            return add_raster(m, gpkg, layer, lang);
        }
        return hs__error(m->ctx, HS_ENOTFOUND, "%s: no layer '%s'", gpkg, layer);
    }
    if (where && where[0] && OGR_L_SetAttributeFilter(lyr, where) != OGRERR_NONE) {
        GDALClose(ds);
        return hs__error(m->ctx, HS_EINVAL, "%s: bad filter on '%s': %s", gpkg, layer, where);
    }
    OGRFeatureDefnH defn = OGR_L_GetLayerDefn(lyr);
    int is_boundary = strcmp(layer, "kommuner") == 0;
    int is_places = strcmp(layer, "places") == 0;
    int is_incidents = strcmp(layer, "incidents") == 0;
    const hs_style *st = hs_style_for_layer(layer);
    hs_map_class cls[64];
    size_t ncls = 0;
    int flags = HS_LAYER_IN_LEGEND;
    int kind = HS_LAYER_POLYGONS;
    double line = 0.1;
    const char *title = NULL;
    int field = -1;
    int nfield = OGR_FD_GetFieldIndex(defn, "n");
    int en = lang && strcmp(lang, "en") == 0;
    if (is_boundary) {
        cls[0] = (hs_map_class){
            {1, 1, 1, 1}, {0.2, 0.2, 0.2, 1}, en ? "Municipal boundary" : "Kommungräns"};
        ncls = 1;
        flags |= HS_LAYER_BOUNDARY;
        line = 0.5;
    } else if (is_places) {
        cls[0] = (hs_map_class){{0, 0, 0, 0}, {0.35, 0.35, 0.35, 0.9}, NULL};
        ncls = 1;
        flags = 0;
        line = 0.25;
    } else if (is_incidents) {
        cls[0] = (hs_map_class){{0.1, 0.1, 0.1, 0.8},
                                {1, 1, 1, 0.9},
                                en ? "Incidents (individual)" : "Händelser (enskilda)"};
        ncls = 1;
        flags |= HS_LAYER_SENSITIVE;
        kind = HS_LAYER_POINTS;
        line = 1.0;
    } else if (st != NULL) {
        ncls = style_classes(cls, 64, st, lang);
        title = hs_style_title(st, lang);
        line = st->stroke_width > 0 ? st->stroke_width : 0.1;
        field = st->field ? OGR_FD_GetFieldIndex(defn, st->field) : -1;
        kind = st->geometry && !strcmp(st->geometry, "line") ? HS_LAYER_LINES : kind;
        if (strcmp(layer, "grid") == 0) {
            flags |= HS_LAYER_SHOW_COUNTS;
        }
    } else {
        cls[0] = (hs_map_class){{0.55, 0.55, 0.75, 0.6}, {0.3, 0.3, 0.5, 1}, layer};
        ncls = 1;
    }
    int lid = -1;
    rc = hs_map_add_layer(&lid, m, (hs_layer_kind)kind, title, cls, ncls, line, flags);
    if (rc == HS_OK && st != NULL && kind == HS_LAYER_LINES) {
        double widths[64];
        for (size_t i = 0; i < ncls; i++) {
            widths[i] = st->classes[i].width;
        }
        rc = hs_map_set_class_widths(m, lid, widths, ncls);
    }
    int name_field = OGR_FD_GetFieldIndex(defn, "name");
    geom_buf b = {0};
    OGR_L_ResetReading(lyr);
    OGRFeatureH f = NULL;
    CPLPushErrorHandler(CPLQuietErrorHandler); /* e.g. GPKG's "non-conformant" date warnings */
    while (rc == HS_OK && (f = OGR_L_GetNextFeature(lyr)) != NULL) {
        OGRGeometryH g = OGR_F_GetGeometryRef(f);
        if (g != NULL && !OGR_G_IsEmpty(g)) {
            int c = is_boundary || is_places || is_incidents ? 0 : feature_class(st, f, field);
            OGRwkbGeometryType t = wkbFlatten(OGR_G_GetGeometryType(g));
            int64_t n = field_count(f, nfield);
            if (kind == HS_LAYER_POINTS) {
                double x = 0;
                double y = 0;
                geom_point(g, &x, &y);
                rc = hs_map_add_point(m, lid, x, y, 0);
            } else if (c >= 0 && (t == wkbPolygon || t == wkbMultiPolygon)) {
                rc = add_polygons(m, lid, g, c, n, &b);
            } else if (c >= 0 && kind == HS_LAYER_LINES) {
                rc = add_lines(m, lid, g, &b, c);
            }
            if (rc == HS_OK && is_places && name_field >= 0 &&
                OGR_F_IsFieldSetAndNotNull(f, name_field)) {
                double x = 0;
                double y = 0;
                geom_point(g, &x, &y);
                int prio = n > 0 ? (int)(n > 1000000 ? 1000000 : n) : 0;
                rc = hs_map_add_label(m, x, y, OGR_F_GetFieldAsString(f, name_field), prio, n);
                if (rc == HS_OK) { /* the tie-break among places of the same count */
                    m->labels[m->nlabels - 1].size = OGR_G_Area(g);
                }
            }
        }
        OGR_F_Destroy(f);
    }
    CPLPopErrorHandler();
    free(b.pts);
    free(b.rings);
    GDALClose(ds);
    return rc;
}

int hs__maplayers_context(hs_map *m, const char *path, const char *lang)
{
    (void)lang;
    return hs_map_add_basemap(m, path);
}

/* v as a number with prec decimals, a decimal comma in Swedish; "–" when not a number. */
static void num_text(char *out, size_t cap, const char *v, double scale, int prec, int en)
{
    double d;
    if (!v[0] || hs__parse_double(&d, v) != HS_OK) {
        hs__fmt(out, cap, "–");
        return;
    }
    hs__fmt(out, cap, "%.*f", prec, d * scale);
    for (char *c = out; !en && *c; c++) {
        *c = *c == '.' ? ',' : *c;
    }
}

/* The method line of the street-segment maps, from the run table's segments_* values. */
static void segments_method(hs_map_texts *t, const char (*val)[48], int gistar, int en)
{
    char snap[32], s50[32], gini[32], ggen[32], dist[32], alpha[32];
    num_text(snap, sizeof snap, val[0], 1, 0, en);
    num_text(s50, sizeof s50, val[1], 100, 1, en);
    num_text(gini, sizeof gini, val[2], 1, 2, en);
    num_text(ggen, sizeof ggen, val[3], 1, 2, en);
    num_text(dist, sizeof dist, val[4], 1, 0, en);
    num_text(alpha, sizeof alpha, val[5], 1, 2, en);
    int shared = !val[4][0] || strcmp(val[4], "0") == 0;
    char nb[96];
    if (shared) {
        hs__fmt(nb, sizeof nb, "%s",
                en ? "segments sharing an intersection" : "segment som delar korsning");
    } else {
        hs__fmt(nb, sizeof nb,
                en ? "segments within %s m along the network" : "segment inom %s m längs nätet",
                dist);
    }
    if (gistar) {
        hs__fmt(t->method, sizeof t->method,
                en ? "Method: Getis-Ord Gi* on street segments, neighbours: %s (self included), "
                     "FDR α = %s; incidents snapped to the nearest segment within %s m."
                   : "Metod: Getis-Ord Gi* på gatusegment, grannar: %s (segmentet självt "
                     "inräknat), FDR α = %s; brotten knutna till närmaste segment inom %s m.",
                nb, alpha, snap);
    } else {
        hs__fmt(t->method, sizeof t->method,
                en ? "Method: incidents placed exactly, by address, street or intersection snapped "
                     "to the nearest street segment within %s m (at intersections split equally); "
                     "50 %% of them on %s %% of the segments; Gini %s (generalised %s)."
                   : "Metod: brott med exakt läge, adress, gata eller korsning knutna till "
                     "närmaste gatusegment inom %s m (i korsningar delade lika); 50 %% av brotten "
                     "på %s %% av segmenten; Gini %s (generaliserad %s).",
                snap, s50, gini, ggen);
    }
    /* the period and the privacy limit, as on every map (val[6]: "A..B", val[7]: min_count) */
    size_t len = strlen(t->method);
    const char *dots = strstr(val[6], "..");
    if (dots && len + 1 < sizeof t->method) {
        hs__fmt(t->method + len - 1, sizeof t->method - len + 1,
                en ? "; period %.*s – %s." : "; period %.*s – %s.", (int)(dots - val[6]), val[6],
                dots + 2);
        len = strlen(t->method);
    }
    if (val[7][0] && len + 1 < sizeof t->method) {
        hs__fmt(t->method + len - 1, sizeof t->method - len + 1,
                en ? "; privacy limit %s incidents." : "; sekretessgräns %s händelser.", val[7]);
    }
}

/* The run table's texts for the sheet; also the Gi* alpha and the count of located incidents
 * (-1 when not recorded) for the map's note. */
static void run_texts(hs_map_texts *t, GDALDatasetH ds, const char *lang, double *alpha,
                      int64_t *located, const char *layer)
{
    OGRLayerH l = GDALDatasetGetLayerByName(ds, "run");
    if (l == NULL) {
        return;
    }
    OGRFeatureDefnH defn = OGR_L_GetLayerDefn(l);
    int fk = OGR_FD_GetFieldIndex(defn, "key");
    int fv = OGR_FD_GetFieldIndex(defn, "value");
    if (fk < 0 || fv < 0) {
        return;
    }
    char **keys = NULL, **vals = NULL;
    size_t n = 0, cap = 0, capv = 0;
    OGRFeatureH f = NULL;
    OGR_L_ResetReading(l);
    while ((f = OGR_L_GetNextFeature(l)) != NULL) {
        const char *k = OGR_F_GetFieldAsString(f, fk);
        const char *v = OGR_F_GetFieldAsString(f, fv);
        if (hs__grow((void **)&keys, &cap, n + 1, sizeof(char *)) == HS_OK &&
            hs__grow((void **)&vals, &capv, n + 1, sizeof(char *)) == HS_OK) {
            keys[n] = hs__strdup(k);
            vals[n] = hs__strdup(v);
            n++;
        }
        if (strcmp(k, "gistar_alpha") == 0 || strcmp(k, "alpha") == 0) {
            hs__parse_double(alpha, v);
        } else if (strcmp(k, "located_incidents") == 0) {
            double d = -1;
            *located = hs__parse_double(&d, v) == HS_OK ? (int64_t)d : -1;
        }
        const char *dots = strstr(v, "..");
        if (strcmp(k, "period") == 0 && dots != NULL) { /* 2024-01-01..2025-12-31 */
            hs__fmt(t->subtitle, sizeof t->subtitle, "Period %.*s – %s", (int)(dots - v), v,
                    dots + 2);
        } else if (strcmp(k, "period") == 0) {
            hs__fmt(t->subtitle, sizeof t->subtitle, "Period %s", v);
        }
        OGR_F_Destroy(f);
    }
    if (strncmp(layer, "segments", 8) == 0) {
        /* the segment maps' own method line (snapping, concentration, Gi* on the network) */
        static const char *sk[8] = {"segments_snap_m",
                                    "conc_segments_share50",
                                    "conc_segments_gini",
                                    "conc_segments_gini_gen",
                                    "segments_gistar_distance_m",
                                    "segments_alpha",
                                    "period",
                                    "privacy_min_count"};
        char sv[8][48] = {"", "", "", "", "", "", "", ""};
        for (size_t i = 0; i < n; i++) {
            for (int j = 0; j < 8; j++) {
                if (strcmp(keys[i], sk[j]) == 0) {
                    hs__fmt(sv[j], sizeof sv[j], "%s", vals[i]);
                }
            }
        }
        segments_method(t, (const char(*)[48])sv, strcmp(layer, "segments_gistar") == 0,
                        lang != NULL && strcmp(lang, "en") == 0);
    } else {
        hs__method_text(t->method, sizeof t->method, (const char *const *)keys,
                        (const char *const *)vals, n, lang);
    }
    for (size_t i = 0; i < n; i++) {
        free(keys[i]);
        free(vals[i]);
    }
    free(keys);
    free(vals);
}

int hs_map_load_gpkg(hs_map *m, hs_map_texts *texts, const char *gpkg, const hs_map_load_opts *opts)
{
    if (m == NULL || gpkg == NULL) {
        return hs__error(m ? m->ctx : NULL, HS_EINVAL, "hs_map_load_gpkg: no map or file");
    }
    hs_map_load_opts o = HS_MAP_LOAD_OPTS_INIT;
    if (opts) {
        o = *opts;
    }
    const char *layer = o.layer ? o.layer : "gistar";
    if (o.is_public && strcmp(layer, "incidents") == 0) {
        return hs__error(m->ctx, HS_EINVAL, "individual incidents are never drawn on a public map");
    }
    int en = o.lang && strcmp(o.lang, "en") == 0;
    int rc = HS_OK;
    GDALDatasetH ds = open_vector(m->ctx, gpkg, &rc);
    if (ds == NULL) {
        return rc;
    }
    int has_k = GDALDatasetGetLayerByName(ds, "kommuner") != NULL;
    int has_p = GDALDatasetGetLayerByName(ds, "places") != NULL;
    int has_i = GDALDatasetGetLayerByName(ds, "incidents") != NULL;
    /* context layers in another CRS are moved into the one of the layer drawn */
    OGRLayerH main_l = GDALDatasetGetLayerByName(ds, layer);
    OGRSpatialReferenceH srs =
        main_l && OGR_L_GetSpatialRef(main_l) ? OSRClone(OGR_L_GetSpatialRef(main_l)) : NULL;
    if (srs != NULL) {
        OSRSetAxisMappingStrategy(srs, OAMS_TRADITIONAL_GIS_ORDER);
    }
    double alpha = 0.05;
    int64_t located = -1;
    hs_map_texts tx;
    memset(&tx, 0, sizeof tx);
    const hs_style *st = hs_style_for_layer(layer);
    hs__fmt(tx.title, sizeof tx.title, "%s", st ? hs_style_title(st, o.lang) : layer);
    run_texts(&tx, ds, o.lang, &alpha, &located, layer);
    int min_count = o.min_count > 0 ? o.min_count : 5;
    int present = hs__gpkg_has_layer(m->ctx, gpkg, layer);
    /* the layers a build leaves out when it has too little data for them */
    int may_lack =
        strcmp(layer, "kde") == 0 || strcmp(layer, "gistar") == 0 || strcmp(layer, "grid") == 0;
    if (present && main_l && (strcmp(layer, "gistar") == 0 || strcmp(layer, "grid") == 0)) {
        /* nothing significant, or every cell too small to show: the map says so */
        char where[64];
        int gi = strcmp(layer, "gistar") == 0;
        if (gi) {
            hs__fmt(where, sizeof where, "gi_bin > 0");
        } else {
            hs__fmt(where, sizeof where, "n >= %d", o.is_public ? min_count : 1);
        }
        OGR_L_SetAttributeFilter(main_l, where);
        int64_t shown = (int64_t)OGR_L_GetFeatureCount(main_l, 1);
        OGR_L_SetAttributeFilter(main_l, NULL);
        char pct[32];
        hs__fmt(pct, sizeof pct, "%g", 100.0 * alpha);
        for (char *c = pct; !en && *c; c++) {
            *c = *c == '.' ? ',' : *c;
        }
        if (shown == 0 && gi) {
            hs__fmt(tx.note, sizeof tx.note,
                    en ? "No significant hot spots (Gi*, FDR %s %%)"
                       : "Inga signifikanta heta områden (Gi*, FDR %s %%)",
                    pct);
        } else if (shown == 0 && o.is_public) {
            hs__fmt(tx.note, sizeof tx.note,
                    en ? "Too few incidents to show cells (under %d per cell)"
                       : "För få händelser för att visa rutor (under %d per ruta)",
                    min_count);
        } else if (shown == 0) {
            hs__fmt(tx.note, sizeof tx.note,
                    en ? "No located incident in the cells"
                       : "Inga lägesbestämda händelser i rutorna");
        }
    } else if (!present && located == 0) {
        hs__fmt(
            tx.note, sizeof tx.note,
            en ? "No incident is located more precisely than the municipality: nothing to map"
               : "Ingen händelse har en plats noggrannare än kommunen: inget att visa på kartan");
    } else if (!present) {
        hs__fmt(tx.note, sizeof tx.note,
                en ? "Too few located incidents for this map"
                   : "För få lägesbestämda händelser för den här kartan");
    }
    if (texts) {
        *texts = tx;
    }
    GDALClose(ds);
    if (!present && (!has_k || !may_lack)) {
        if (srs != NULL) {
            OSRDestroySpatialReference(srs);
        }
        return hs__error(m->ctx, HS_ENOTFOUND, "%s: no layer '%s'", gpkg, layer);
    }
    if (has_k && strcmp(layer, "kommuner") != 0) {
        rc = hs__maplayers_add(m, gpkg, "kommuner", NULL, o.lang);
    }
    for (size_t i = 0; i < o.ncontext && rc == HS_OK; i++) {
        rc = hs_map_add_basemap(m, o.context[i]); /* read for the frame when drawn */
    }
    if (rc == HS_OK && o.ncontext == 0) {
        rc = hs__maplayers_own_basemap(m, gpkg); /* the one a build wrote into the file */
    }
    if (srs != NULL) {
        OSRDestroySpatialReference(srs);
    }
    char where[64] = "";
    if (strcmp(layer, "grid") == 0 && o.is_public) {
        hs__fmt(where, sizeof where, "n >= %d", o.min_count > 0 ? o.min_count : 5);
    } else if (strcmp(layer, "gistar") == 0) {
        hs__fmt(where, sizeof where, "gi_bin <> 0");
    } else if (strcmp(layer, "comparison") == 0) {
        hs__fmt(where, sizeof where, "class <> 'neither'"); /* the cells hot in either */
    }
    if (rc == HS_OK && present) {
        size_t first = m->nlayers;
        rc = hs__maplayers_add(m, gpkg, layer, where[0] ? where : NULL, o.lang);
        for (size_t i = first; rc == HS_OK && i < m->nlayers; i++) {
            m->layers[i].flags |= HS_LAYER_FOCUS; /* the layer a focus map is framed on */
        }
    }
    if (rc == HS_OK && o.incidents && !o.is_public && has_i && strcmp(layer, "incidents") != 0) {
        rc = hs__maplayers_add(m, gpkg, "incidents", NULL, o.lang);
    }
    if (rc == HS_OK && has_p && strcmp(layer, "places") != 0) {
        rc = hs__maplayers_add(m, gpkg, "places", NULL, o.lang);
    }
    return rc;
}
