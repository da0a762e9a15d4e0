/*
 * Reads the basemap files with OGR for one map frame: an OGR spatial filter on the frame (moved
 * into each layer's CRS) keeps reading fast, and each feature gets a class of
 * styles/basemap.style from what its source is:
 *   - an OSM extract (driver OSM): highway by class, railway, waterway, water, landuse, buildings;
 *   - Lantmäteriet Terrängkartan / GSD layers named by the two-letter theme (by_03, mb_03 ...):
 *     by buildings, mb built-up (KATEGORI), hl watercourses, my land and water (KATEGORI),
 *     vl roads (KATEGORI), vo paths, jl railways;
 *   - Trafikverket NVDB shapefiles: DKGatunamn (street names), DKGatutyp (TYP), road category
 *     (KATEGORI 1-2 national, 3-4 county roads), DKHuvudled;
 *   - any other layer: its kind / KATEGORI / objekttyp / fclass / highway / typ column matched by
 *     the style's `match` lists, else the layer's or file's name (water, buildings) or a street.
 * It never changes the files it reads and draws nothing.
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
#include <time.h>

static void lm_theme(char out[3], const char *lname, OGRFeatureDefnH defn);
static int is_nvdb(OGRLayerH lyr);

/* A hotspot GeoPackage with its own basemap layers (written by a build). */
static int has_own(GDALDatasetH ds)
{
    return GDALDatasetGetLayerByName(ds, "basemap_areas") != NULL ||
           GDALDatasetGetLayerByName(ds, "basemap_lines") != NULL;
}

int hs__basemap_probe(hs_ctx *ctx, const char *path, unsigned *who)
{
    *who = 0;
    GDALAllRegister();
    CPLPushErrorHandler(CPLQuietErrorHandler);
    GDALDatasetH ds = GDALOpenEx(path, GDAL_OF_VECTOR | GDAL_OF_READONLY, NULL, NULL, NULL);
    CPLPopErrorHandler();
    if (ds == NULL) {
        return hs__error(ctx, HS_ENOTFOUND, "%s: basemap: cannot open as vector data (%s)", path,
                         CPLGetLastErrorMsg()[0] ? CPLGetLastErrorMsg() : "no GDAL driver");
    }
    const char *drv = GDALGetDriverShortName(GDALGetDatasetDriver(ds));
    if (drv && strcmp(drv, "OSM") == 0) {
        *who |= HS__BM_OSM;
    }
    OGRLayerH run = has_own(ds) ? GDALDatasetGetLayerByName(ds, "run") : NULL;
    if (run != NULL) { /* a build's GeoPackage: the attribution it recorded */
        OGRFeatureDefnH d = OGR_L_GetLayerDefn(run);
        int fk = OGR_FD_GetFieldIndex(d, "key");
        int fv = OGR_FD_GetFieldIndex(d, "value");
        OGRFeatureH f = NULL;
        OGR_L_ResetReading(run);
        while (fk >= 0 && fv >= 0 && (f = OGR_L_GetNextFeature(run)) != NULL) {
            const char *v = OGR_F_GetFieldAsString(f, fv);
            if (strcmp(OGR_F_GetFieldAsString(f, fk), "basemap_attribution") == 0) {
                *who |= (strstr(v, "OpenStreetMap") ? HS__BM_OSM : 0u) |
                        (strstr(v, "Lantmäteriet") ? HS__BM_LM : 0u) |
                        (strstr(v, "NVDB") ? HS__BM_NVDB : 0u);
            }
            OGR_F_Destroy(f);
        }
        GDALClose(ds);
        return HS_OK;
    }
    for (int i = 0; i < GDALDatasetGetLayerCount(ds); i++) {
        OGRLayerH l = GDALDatasetGetLayer(ds, i);
        char theme[3];
        lm_theme(theme, OGR_L_GetName(l), OGR_L_GetLayerDefn(l));
        if (theme[0]) {
            *who |= HS__BM_LM;
        } else if (is_nvdb(l)) {
            *who |= HS__BM_NVDB;
        }
    }
    GDALClose(ds);
    return HS_OK;
}

typedef struct reader {
    hs_ctx *ctx;
    hs__basemap *bm;
    const hs_style *st;
    hs_bbox frame;
    double den;
    OGRSpatialReferenceH target;
    hs_point *pts;
    size_t npts, cap;
    size_t *rings;
    size_t nrings, rcap;
    /* class indexes */
    int water, waterline, building, builtup, industry, green, rail, path, street, medium, major;
} reader;

/* Whether a class is drawn at this scale: no buildings beyond 1:60 000, no paths beyond 1:15 000,
 * no streets beyond 1:150 000. */
static int visible(const reader *r, int cls)
{
    if (cls < 0) {
        return 0;
    }
    if (cls == r->building) {
        return r->den <= 60000;
    }
    if (cls == r->path) {
        return r->den <= 15000;
    }
    if (cls == r->street) {
        return r->den <= 150000;
    }
    return 1;
}

static int ring_in(reader *r, OGRGeometryH ring)
{
    int n = OGR_G_GetPointCount(ring);
    if (n <= 0) {
        return HS_OK;
    }
    if (hs__grow((void **)&r->pts, &r->cap, r->npts + (size_t)n, sizeof(hs_point)) ||
        hs__grow((void **)&r->rings, &r->rcap, r->nrings + 1, sizeof(size_t))) {
        return HS_ENOMEM;
    }
    for (int i = 0; i < n; i++) {
        r->pts[r->npts + (size_t)i].x = OGR_G_GetX(ring, i);
        r->pts[r->npts + (size_t)i].y = OGR_G_GetY(ring, i);
    }
    r->npts += (size_t)n;
    r->rings[r->nrings++] = (size_t)n;
    return HS_OK;
}

/* Adds g (any polygon or line geometry, or a collection of them) in class cls. */
static int add_geom(reader *r, OGRGeometryH g, int cls, const char *name)
{
    OGRwkbGeometryType t = wkbFlatten(OGR_G_GetGeometryType(g));
    if (t == wkbMultiPolygon || t == wkbMultiLineString || t == wkbGeometryCollection) {
        for (int i = 0; i < OGR_G_GetGeometryCount(g); i++) {
            int rc = add_geom(r, OGR_G_GetGeometryRef(g, i), cls, name);
            if (rc != HS_OK) {
                return rc;
            }
        }
        return HS_OK;
    }
    r->npts = 0;
    r->nrings = 0;
    if (t == wkbPolygon) {
        for (int k = 0; k < OGR_G_GetGeometryCount(g); k++) {
            if (ring_in(r, OGR_G_GetGeometryRef(g, k)) != HS_OK) {
                return hs__error(r->ctx, HS_ENOMEM, "out of memory");
            }
        }
        if (r->nrings == 0 || r->rings[0] < 3) {
            return HS_OK;
        }
        return hs__bm_add_polygon(r->bm, cls, r->pts, r->rings, r->nrings) == HS_OK
                   ? HS_OK
                   : hs__error(r->ctx, HS_ENOMEM, "out of memory");
    }
    if (t == wkbLineString) {
        if (ring_in(r, g) != HS_OK) {
            return hs__error(r->ctx, HS_ENOMEM, "out of memory");
        }
        return hs__bm_add_line(r->bm, cls, r->pts, r->npts, name) == HS_OK
                   ? HS_OK
                   : hs__error(r->ctx, HS_ENOMEM, "out of memory");
    }
    return HS_OK;
}

static int field_of(OGRFeatureDefnH defn, const char *const *names)
{
    for (size_t i = 0; names[i]; i++) {
        int k = OGR_FD_GetFieldIndex(defn, names[i]);
        if (k >= 0) {
            return k;
        }
    }
    return -1;
}

static const char *str(OGRFeatureH f, int k)
{
    return k >= 0 && OGR_F_IsFieldSetAndNotNull(f, k) ? OGR_F_GetFieldAsString(f, k) : NULL;
}

static int has_word(const char *s, const char *w)
{
    char low[512];
    size_t i = 0;
    for (; s[i] && i + 1 < sizeof low; i++) {
        low[i] = (char)(s[i] >= 'A' && s[i] <= 'Z' ? s[i] - 'A' + 'a' : s[i]);
    }
    low[i] = '\0';
    return strstr(low, w) != NULL;
}

/* The frame in the layer's CRS, and the transformation of its features into the map's. */
static OGRCoordinateTransformationH layer_ct(reader *r, OGRLayerH lyr, hs_bbox *box)
{
    *box = r->frame;
    OGRSpatialReferenceH src = OGR_L_GetSpatialRef(lyr);
    if (src == NULL || r->target == NULL) {
        return NULL;
    }
    OGRSpatialReferenceH s = OSRClone(src);
    OSRSetAxisMappingStrategy(s, OAMS_TRADITIONAL_GIS_ORDER);
    OGRCoordinateTransformationH ct = NULL;
    if (!OSRIsSame(s, r->target)) {
        ct = OCTNewCoordinateTransformation(s, r->target);
        OGRCoordinateTransformationH inv = OCTNewCoordinateTransformation(r->target, s);
        if (inv != NULL) {
            double x0 = 0;
            double y0 = 0;
            double x1 = 0;
            double y1 = 0;
            if (OCTTransformBounds(inv, r->frame.xmin, r->frame.ymin, r->frame.xmax, r->frame.ymax,
                                   &x0, &y0, &x1, &y1, 21)) {
                *box = (hs_bbox){x0, y0, x1, y1};
            }
            OCTDestroyCoordinateTransformation(inv);
        }
    }
    OSRDestroySpatialReference(s);
    return ct;
}

static int inside_frame(const reader *r, OGRGeometryH g)
{
    OGREnvelope e;
    OGR_G_GetEnvelope(g, &e);
    return !(e.MaxX < r->frame.xmin || e.MinX > r->frame.xmax || e.MaxY < r->frame.ymin ||
             e.MinY > r->frame.ymax);
}

/* One feature in class cls: moved into the map's CRS, kept when it meets the frame. */
static int take(reader *r, OGRFeatureH f, OGRCoordinateTransformationH ct, int cls,
                const char *name)
{
    if (!visible(r, cls)) {
        return HS_OK;
    }
    OGRGeometryH g = OGR_F_GetGeometryRef(f);
    if (g == NULL || OGR_G_IsEmpty(g) || (ct != NULL && OGR_G_Transform(g, ct) != OGRERR_NONE) ||
        !inside_frame(r, g)) {
        return HS_OK;
    }
    return add_geom(r, g, cls, name);
}

/* "key"=>"value" of an OSM other_tags field, into buf. */
static const char *osm_tag(char *buf, size_t size, const char *tags, const char *key)
{
    if (tags == NULL) {
        return NULL;
    }
    char pat[64];
    hs__fmt(pat, sizeof pat, "\"%s\"=>\"", key);
    const char *p = strstr(tags, pat);
    if (p == NULL) {
        return NULL;
    }
    p += strlen(pat);
    const char *e = strchr(p, '"');
    size_t n = e ? (size_t)(e - p) : strlen(p);
    if (n + 1 > size) {
        n = size - 1;
    }
    memcpy(buf, p, n);
    buf[n] = '\0';
    return buf;
}

static int osm_class(reader *r, OGRFeatureH f, const char *lname)
{
    OGRFeatureDefnH d = OGR_F_GetDefnRef(f);
    char buf[64];
    const char *tags = str(f, OGR_FD_GetFieldIndex(d, "other_tags"));
    if (strcmp(lname, "lines") == 0) {
        const char *hw = str(f, OGR_FD_GetFieldIndex(d, "highway"));
        if (hw) {
            int c = hs__bm_class_for(r->st, hw, 1);
            return c == r->street || c == r->path || c == r->medium || c == r->major ? c : -1;
        }
        const char *rw = str(f, OGR_FD_GetFieldIndex(d, "railway"));
        if (rw == NULL) {
            rw = osm_tag(buf, sizeof buf, tags, "railway");
        }
        if (rw) {
            return hs__bm_class_for(r->st, rw, 1) == r->rail ? r->rail : -1;
        }
        const char *ww = str(f, OGR_FD_GetFieldIndex(d, "waterway"));
        if (ww &&
            (strcmp(ww, "river") == 0 || strcmp(ww, "stream") == 0 || strcmp(ww, "canal") == 0)) {
            return r->waterline;
        }
        return -1;
    }
    if (strcmp(lname, "multipolygons") != 0) {
        return -1;
    }
    const char *b = str(f, OGR_FD_GetFieldIndex(d, "building"));
    if (b && strcmp(b, "no") != 0) {
        return r->building;
    }
    const char *nat = str(f, OGR_FD_GetFieldIndex(d, "natural"));
    const char *lu = str(f, OGR_FD_GetFieldIndex(d, "landuse"));
    const char *le = str(f, OGR_FD_GetFieldIndex(d, "leisure"));
    if ((nat && strcmp(nat, "water") == 0) || osm_tag(buf, sizeof buf, tags, "water") ||
        (lu && (strcmp(lu, "reservoir") == 0 || strcmp(lu, "basin") == 0))) {
        return r->water;
    }
    if (nat && strcmp(nat, "wood") == 0) {
        return r->green;
    }
    int c = lu ? hs__bm_class_for(r->st, lu, 0) : -1;
    if (c < 0 && le) {
        c = hs__bm_class_for(r->st, le, 0);
    }
    return c == r->builtup || c == r->industry || c == r->green ? c : -1;
}

static int read_osm(reader *r, GDALDatasetH ds)
{
    int nl = GDALDatasetGetLayerCount(ds);
    OGRCoordinateTransformationH ct = NULL;
    /* no OGR spatial filter here: the OSM driver would drop the nodes outside it from the ways
     * that leave the frame; the file is read in one pass anyway and take() keeps the frame's */
    for (int i = 0; i < nl; i++) {
        OGRLayerH l = GDALDatasetGetLayer(ds, i);
        hs_bbox box;
        OGRCoordinateTransformationH c = layer_ct(r, l, &box);
        if (ct == NULL) {
            ct = c;
        } else if (c != NULL) {
            OCTDestroyCoordinateTransformation(c);
        }
    }
    int rc = HS_OK;
    OGRLayerH lyr = NULL;
    OGRFeatureH f = NULL;
    GDALDatasetResetReading(ds);
    while (rc == HS_OK && (f = GDALDatasetGetNextFeature(ds, &lyr, NULL, NULL, NULL)) != NULL) {
        const char *lname = lyr ? OGR_L_GetName(lyr) : "";
        int cls = osm_class(r, f, lname);
        if (cls >= 0) {
            rc = take(r, f, ct, cls, str(f, OGR_F_GetFieldIndex(f, "name")));
        }
        OGR_F_Destroy(f);
    }
    if (ct != NULL) {
        OCTDestroyCoordinateTransformation(ct);
    }
    return rc;
}

/* The two-letter theme of a Terrängkartan / GSD layer ("by_03" -> "by"), or "" */
static void lm_theme(char out[3], const char *lname, OGRFeatureDefnH defn)
{
    out[0] = '\0';
    if (strlen(lname) < 2 || OGR_FD_GetFieldIndex(defn, "KATEGORI") < 0 ||
        OGR_FD_GetFieldIndex(defn, "KKOD") < 0) {
        return;
    }
    if ((lname[2] == '\0' || lname[2] == '_') && lname[0] >= 'a' && lname[0] <= 'z' &&
        lname[1] >= 'a' && lname[1] <= 'z') {
        out[0] = lname[0];
        out[1] = lname[1];
        out[2] = '\0';
    }
}

static int is_nvdb(OGRLayerH lyr)
{
    const char *n = OGR_L_GetName(lyr);
    return strstr(n, "NVDB") || strstr(n, "Vagkategori") ||
           OGR_FD_GetFieldIndex(OGR_L_GetLayerDefn(lyr), "RLID") >= 0;
}

static int read_layer(reader *r, OGRLayerH lyr, const char *path)
{
    const char *lname = OGR_L_GetName(lyr);
    OGRFeatureDefnH defn = OGR_L_GetLayerDefn(lyr);
    static const char *const name_cols[] = {"name", "NAMN", "namn", "Name", "gatunamn", NULL};
    static const char *const kind_cols[] = {"kind",      "KIND",   "KATEGORI", "kategori",
                                            "objekttyp", "fclass", "highway",  "TYP",
                                            "typ",       NULL};
    int fixed = -1;
    int kfield = -1;
    int nfield = field_of(defn, name_cols);
    int nvdb_cat = 0; /* NVDB road category 1..4 */
    char theme[3];
    lm_theme(theme, lname, defn);
    int kat = OGR_FD_GetFieldIndex(defn, "KATEGORI");
    if (theme[0]) {
        nfield = -1;
        if (!strcmp(theme, "by")) {
            fixed = r->building;
        } else if (!strcmp(theme, "mb") || !strcmp(theme, "my") || !strcmp(theme, "vl")) {
            kfield = kat;
            fixed = !strcmp(theme, "mb") ? r->builtup : !strcmp(theme, "vl") ? r->street : -2;
        } else if (!strcmp(theme, "hl")) {
            fixed = r->waterline;
            kfield = kat; /* small streams are left out at small scales (below) */
        } else if (!strcmp(theme, "vo")) {
            fixed = r->path;
        } else if (!strcmp(theme, "jl")) {
            fixed = r->rail;
        } else {
            return HS_OK; /* boundaries, symbols, text */
        }
    } else if (is_nvdb(lyr)) {
        if (strstr(lname, "Gatunamn")) {
            fixed = r->street;
            nfield = OGR_FD_GetFieldIndex(defn, "NAMN");
        } else if (strstr(lname, "Gatutyp")) {
            kfield = OGR_FD_GetFieldIndex(defn, "TYP");
            fixed = r->street;
            nfield = -1;
        } else if (strstr(lname, "Vagkategori") && kat >= 0) {
            nvdb_cat = 1;
            nfield = -1;
        } else if (strstr(lname, "Huvudled")) {
            fixed = r->medium;
            nfield = -1;
        } else {
            return HS_OK;
        }
    } else {
        kfield = field_of(defn, kind_cols);
        if (kfield < 0) {
            OGRwkbGeometryType gt = wkbFlatten(OGR_L_GetGeomType(lyr));
            if (has_word(lname, "vatten") || has_word(lname, "water") || has_word(lname, "sjö") ||
                has_word(path, "vatten") || has_word(path, "water")) {
                fixed = gt == wkbLineString || gt == wkbMultiLineString ? r->waterline : r->water;
            } else if (has_word(lname, "bygg") || has_word(lname, "build") ||
                       has_word(path, "bygg") || has_word(path, "build")) {
                fixed = r->building;
            } else {
                fixed = -3; /* lines as streets, polygons as built-up */
            }
        }
    }
    hs_bbox box;
    OGRCoordinateTransformationH ct = layer_ct(r, lyr, &box);
    OGR_L_SetSpatialFilterRect(lyr, box.xmin, box.ymin, box.xmax, box.ymax);
    OGR_L_ResetReading(lyr);
    int rc = HS_OK;
    OGRFeatureH f = NULL;
    while (rc == HS_OK && (f = OGR_L_GetNextFeature(lyr)) != NULL) {
        int cls = fixed;
        if (nvdb_cat) {
            int k = OGR_F_IsFieldSetAndNotNull(f, kat) ? OGR_F_GetFieldAsInteger(f, kat) : 0;
            cls = k == 1 || k == 2 ? r->major : k == 3 || k == 4 ? r->medium : -1;
        } else if (kfield >= 0) {
            const char *v = str(f, kfield);
            OGRGeometryH g = OGR_F_GetGeometryRef(f);
            OGRwkbGeometryType t = g ? wkbFlatten(OGR_G_GetGeometryType(g)) : wkbUnknown;
            int c = hs__bm_class_for(r->st, v, t == wkbLineString || t == wkbMultiLineString);
            if (theme[0] && v && (has_word(v, "före detta") || has_word(v, "under mark"))) {
                c = -1; /* a former railway, a culverted stream */
            } else if (fixed == r->waterline && v && has_word(v, "klass 1") && r->den > 60000) {
                c = -1; /* the smallest watercourses, beyond 1:60 000 */
            } else if (c < 0 && fixed >= 0) {
                c = fixed; /* e.g. an unknown road category: a street */
            }
            cls = c;
        }
        if (cls == -3) {
            OGRGeometryH g = OGR_F_GetGeometryRef(f);
            OGRwkbGeometryType t = g ? wkbFlatten(OGR_G_GetGeometryType(g)) : wkbUnknown;
            cls = t == wkbLineString || t == wkbMultiLineString ? r->street : r->builtup;
        }
        if (cls >= 0) {
            rc = take(r, f, ct, cls, str(f, nfield));
        }
        OGR_F_Destroy(f);
    }
    OGR_L_SetSpatialFilter(lyr, NULL);
    if (ct != NULL) {
        OCTDestroyCoordinateTransformation(ct);
    }
    return rc;
}

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}

int hs__basemap_load(hs_map *m, hs_bbox frame, double scale_den, int epsg)
{
    hs__basemap *bm = m->basemap;
    if (bm == NULL || bm->npaths == 0) {
        return HS_OK;
    }
    if (bm->style == NULL) {
        return hs__error(m->ctx, HS_EINTERNAL, "basemap: no built-in basemap style");
    }
    if (bm->loaded && fabs(bm->frame.xmin - frame.xmin) < 1e-6 &&
        fabs(bm->frame.xmax - frame.xmax) < 1e-6 && fabs(bm->frame.ymin - frame.ymin) < 1e-6 &&
        fabs(bm->frame.ymax - frame.ymax) < 1e-6 && fabs(bm->scale_den - scale_den) < 1e-6) {
        return HS_OK;
    }
    double t0 = now();
    hs__bm_clear(bm);
    reader r;
    memset(&r, 0, sizeof r);
    r.ctx = m->ctx;
    r.bm = bm;
    r.st = bm->style;
    r.frame = frame;
    r.den = scale_den;
    r.water = hs__bm_class_named(r.st, "water");
    r.waterline = hs__bm_class_named(r.st, "waterline");
    r.building = hs__bm_class_named(r.st, "building");
    r.builtup = hs__bm_class_named(r.st, "builtup");
    r.industry = hs__bm_class_named(r.st, "industry");
    r.green = hs__bm_class_named(r.st, "green");
    r.rail = hs__bm_class_named(r.st, "rail");
    r.path = hs__bm_class_named(r.st, "path");
    r.street = hs__bm_class_named(r.st, "street");
    r.medium = hs__bm_class_named(r.st, "road_medium");
    r.major = hs__bm_class_named(r.st, "road_major");
    GDALAllRegister();
    r.target = OSRNewSpatialReference(NULL);
    if (OSRImportFromEPSG(r.target, epsg > 0 ? epsg : 3006) != OGRERR_NONE) {
        OSRDestroySpatialReference(r.target);
        r.target = NULL;
    } else {
        OSRSetAxisMappingStrategy(r.target, OAMS_TRADITIONAL_GIS_ORDER);
    }
    int rc = HS_OK;
    CPLPushErrorHandler(CPLQuietErrorHandler);
    for (size_t i = 0; i < bm->npaths && rc == HS_OK; i++) {
        GDALDatasetH ds =
            GDALOpenEx(bm->paths[i], GDAL_OF_VECTOR | GDAL_OF_READONLY, NULL, NULL, NULL);
        if (ds == NULL) {
            rc = hs__error(m->ctx, HS_ENOTFOUND, "%s: basemap: cannot open as vector data",
                           bm->paths[i]);
            break;
        }
        const char *drv = GDALGetDriverShortName(GDALGetDatasetDriver(ds));
        if (drv && strcmp(drv, "OSM") == 0) {
            rc = read_osm(&r, ds);
        } else if (has_own(ds)) { /* only the basemap layers of a build's GeoPackage */
            static const char *const own[] = {"basemap_areas", "basemap_lines"};
            for (int k = 0; k < 2 && rc == HS_OK; k++) {
                OGRLayerH l = GDALDatasetGetLayerByName(ds, own[k]);
                rc = l ? read_layer(&r, l, bm->paths[i]) : HS_OK;
            }
        } else {
            for (int li = 0; li < GDALDatasetGetLayerCount(ds) && rc == HS_OK; li++) {
                rc = read_layer(&r, GDALDatasetGetLayer(ds, li), bm->paths[i]);
            }
        }
        GDALClose(ds);
    }
    CPLPopErrorHandler();
    if (r.target != NULL) {
        OSRDestroySpatialReference(r.target);
    }
    free(r.pts);
    free(r.rings);
    if (rc == HS_OK) {
        bm->loaded = 1;
        bm->frame = frame;
        bm->scale_den = scale_den;
        hs__log(m->ctx, HS_LOG_DEBUG, "basemap: %zu features from %zu file(s) at 1:%.0f (%.2f s)",
                bm->nfeatures, bm->npaths, scale_den, now() - t0);
    }
    return rc;
}

int hs_map_add_basemap(hs_map *m, const char *path)
{
    if (m == NULL || path == NULL || path[0] == '\0') {
        return hs__error(m ? m->ctx : NULL, HS_EINVAL, "hs_map_add_basemap: no map or file");
    }
    unsigned who = 0;
    int rc = hs__basemap_probe(m->ctx, path, &who);
    if (rc != HS_OK) {
        return rc;
    }
    if (m->basemap == NULL) {
        m->basemap = calloc(1, sizeof(hs__basemap));
        if (m->basemap == NULL) {
            return hs__error(m->ctx, HS_ENOMEM, "out of memory");
        }
        m->basemap->style = hs_style_get("basemap");
    }
    hs__basemap *bm = m->basemap;
    if (bm->own) { /* a file given replaces the GeoPackage's own basemap */
        for (size_t i = 0; i < bm->npaths; i++) {
            free(bm->paths[i]);
        }
        bm->npaths = 0;
        bm->attribution = 0;
        bm->own = 0;
        hs__bm_clear(bm);
    }
    size_t cap = bm->npaths;
    if (hs__grow((void **)&bm->paths, &cap, bm->npaths + 1, sizeof(char *))) {
        return hs__error(m->ctx, HS_ENOMEM, "out of memory");
    }
    bm->paths[bm->npaths] = hs__strdup(path);
    if (bm->paths[bm->npaths] == NULL) {
        return hs__error(m->ctx, HS_ENOMEM, "out of memory");
    }
    bm->npaths++;
    bm->attribution |= who;
    bm->loaded = 0;
    return HS_OK;
}

int hs__maplayers_own_basemap(hs_map *m, const char *gpkg)
{
    GDALAllRegister();
    CPLPushErrorHandler(CPLQuietErrorHandler);
    GDALDatasetH ds = GDALOpenEx(gpkg, GDAL_OF_VECTOR | GDAL_OF_READONLY, NULL, NULL, NULL);
    CPLPopErrorHandler();
    int own = ds != NULL && has_own(ds);
    if (ds != NULL) {
        GDALClose(ds);
    }
    if (!own || (m->basemap != NULL && m->basemap->npaths > 0)) {
        return HS_OK;
    }
    int rc = hs_map_add_basemap(m, gpkg);
    if (rc == HS_OK) {
        m->basemap->own = 1;
    }
    return rc;
}
