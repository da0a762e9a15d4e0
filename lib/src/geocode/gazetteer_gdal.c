/*
 * The gazetteer's OGR seam for OpenStreetMap extracts (.osm.pbf or .osm through GDAL's OSM
 * driver): nodes with addr:* tags become addresses and named nodes places (points layer); named
 * highways become street points, one per vertex (lines layer); buildings with addr:* become
 * addresses and named areas places, at a point on their surface (multipolygons layer). Coordinates
 * stay WGS84 here (gazetteer.c projects them). It must not match, score or write anything.
 */
#include "core/hs_internal.h"
#include "geocode/geocode.h"

#include <cpl_error.h>
#include <gdal.h>
#include <ogr_api.h>
#include <ogr_srs_api.h>
#include <stdlib.h>
#include <string.h>

/* Value of an OSM field or of a key inside other_tags ("k"=>"v",...), into buf; NULL if absent. */
static const char *tag(char *buf, size_t size, OGRFeatureH f, const char *key)
{
    OGRFeatureDefnH d = OGR_F_GetDefnRef(f);
    int i = OGR_FD_GetFieldIndex(d, key);
    if (i >= 0 && OGR_F_IsFieldSetAndNotNull(f, i)) {
        hs__fmt(buf, size, "%s", OGR_F_GetFieldAsString(f, i));
        return buf[0] ? buf : NULL;
    }
    i = OGR_FD_GetFieldIndex(d, "other_tags");
    if (i < 0 || !OGR_F_IsFieldSetAndNotNull(f, i)) {
        return NULL;
    }
    return hs__osm_tag(buf, size, OGR_F_GetFieldAsString(f, i), key);
}

/* An address or a named place at (x, y) from the feature's tags; 0 when it has neither. */
static int add_tagged(hs__gazbuf *b, OGRFeatureH f, double x, double y, int source, int *rc)
{
    char street[128], num[32], pc[32], city[96], name[128], letter[8], label[256];
    const char *st = tag(street, sizeof street, f, "addr:street");
    const char *nu = tag(num, sizeof num, f, "addr:housenumber");
    const char *nm = tag(name, sizeof name, f, "name");
    hs__gaz_entry e = {0};
    e.x = x;
    e.y = y;
    e.source = source;
    e.ort = tag(city, sizeof city, f, "addr:city");
    const char *p = tag(pc, sizeof pc, f, "addr:postcode");
    char pc5[8];
    size_t k = 0;
    for (; p && *p && k < 5; p++) {
        if (*p >= '0' && *p <= '9') {
            pc5[k++] = *p;
        }
    }
    pc5[k] = '\0';
    e.postcode = k == 5 ? pc5 : NULL;
    if (st && nu && (e.number = hs__house_number(nu, letter, sizeof letter)) > 0) {
        e.kind = HS__GAZ_ADDRESS;
        e.street = st;
        e.letter = letter[0] ? letter : NULL;
        hs__fmt(label, sizeof label, "%s %d%s%s%s", st, e.number, letter, e.ort ? ", " : "",
                e.ort ? e.ort : "");
        e.label = label;
        *rc = hs__gazbuf_add(b, &e);
        return 1;
    }
    if (nm) {
        e.kind = HS__GAZ_PLACE;
        e.name = nm;
        e.label = nm;
        *rc = hs__gazbuf_add(b, &e);
        return 1;
    }
    return 0;
}

static int add_street(hs__gazbuf *b, OGRFeatureH f, OGRGeometryH geom, int source)
{
    char name[128], hw[64];
    const char *nm = tag(name, sizeof name, f, "name");
    if (!nm || !tag(hw, sizeof hw, f, "highway")) {
        return HS_OK;
    }
    hs__gaz_entry e = {0};
    e.kind = HS__GAZ_STREET;
    e.street = nm;
    e.label = nm;
    e.source = source;
    /* a point at least every 0.0005 degrees (about 30-55 m) so that the street's middle and its
     * crossings are found on the line, not only at its bends */
    OGRGeometryH dense = OGR_G_Clone(geom);
    if (!dense) {
        return HS_ENOMEM;
    }
    OGR_G_Segmentize(dense, 0.0005);
    int n = OGR_G_GetPointCount(dense), rc = HS_OK;
    for (int i = 0; rc == HS_OK && i < n; i++) {
        e.x = OGR_G_GetX(dense, i);
        e.y = OGR_G_GetY(dense, i);
        rc = hs__gazbuf_add(b, &e);
    }
    OGR_G_DestroyGeometry(dense);
    return rc;
}

int hs__gaz_read_osm(int64_t *skipped, hs_ctx *ctx, hs__gazbuf *b, const char *path, int source)
{
    const char *const drivers[] = {"OSM", NULL};
    GDALAllRegister();
    CPLErrorReset();
    GDALDatasetH ds = GDALOpenEx(path, GDAL_OF_VECTOR | GDAL_OF_READONLY, drivers, NULL, NULL);
    if (!ds) {
        return hs__error(ctx, HS_EIO, "%s: cannot open as OpenStreetMap: %s", path,
                         CPLGetLastErrorMsg());
    }
    int rc = HS_OK;
    OGRLayerH layer = NULL;
    OGRFeatureH f;
    while (rc == HS_OK && (f = GDALDatasetGetNextFeature(ds, &layer, NULL, NULL, NULL)) != NULL) {
        const char *lname = OGR_L_GetName(layer);
        OGRGeometryH g = OGR_F_GetGeometryRef(f);
        int used = 0;
        if (g && strcmp(lname, "points") == 0) {
            used = add_tagged(b, f, OGR_G_GetX(g, 0), OGR_G_GetY(g, 0), source, &rc);
        } else if (g && strcmp(lname, "lines") == 0) {
            rc = add_street(b, f, g, source);
            used = 1;
        } else if (g && strcmp(lname, "multipolygons") == 0) {
            OGRGeometryH pt = OGR_G_PointOnSurface(g);
            if (pt) {
                used = add_tagged(b, f, OGR_G_GetX(pt, 0), OGR_G_GetY(pt, 0), source, &rc);
                OGR_G_DestroyGeometry(pt);
            }
        } else {
            used = 1; /* other layers are not gazetteer material; not counted as skipped */
        }
        *skipped += !used && strcmp(lname, "points") != 0;
        OGR_F_Destroy(f);
    }
    GDALClose(ds);
    return rc;
}

/* ---- named lines (NVDB street names) ---- */

static int name_field(OGRFeatureDefnH d)
{
    static const char *const names[] = {"NAMN", "name", "namn", "gatunamn", "street", NULL};
    for (size_t k = 0; names[k]; k++) {
        int i = OGR_FD_GetFieldIndex(d, names[k]);
        if (i >= 0) {
            return i;
        }
    }
    return -1;
}

static int add_line_points(hs__gazbuf *b, hs__gaz_entry *e, OGRGeometryH g)
{
    int rc = HS_OK;
    int ng = OGR_G_GetGeometryCount(g);
    if (ng > 0 && wkbFlatten(OGR_G_GetGeometryType(g)) != wkbLineString) {
        for (int k = 0; rc == HS_OK && k < ng; k++) {
            rc = add_line_points(b, e, OGR_G_GetGeometryRef(g, k));
        }
        return rc;
    }
    int n = OGR_G_GetPointCount(g);
    for (int i = 0; rc == HS_OK && i < n; i++) {
        e->x = OGR_G_GetX(g, i);
        e->y = OGR_G_GetY(g, i);
        rc = hs__gazbuf_add(b, e);
    }
    return rc;
}

int hs__gaz_read_lines(int64_t *skipped, int *epsg, hs_ctx *ctx, hs__gazbuf *b, const char *path,
                       int source_id)
{
    *epsg = 0;
    GDALAllRegister();
    CPLPushErrorHandler(CPLQuietErrorHandler);
    GDALDatasetH ds = GDALOpenEx(path, GDAL_OF_VECTOR | GDAL_OF_READONLY, NULL, NULL, NULL);
    CPLPopErrorHandler();
    OGRLayerH l = ds && GDALDatasetGetLayerCount(ds) > 0 ? GDALDatasetGetLayer(ds, 0) : NULL;
    OGRwkbGeometryType t = l ? wkbFlatten(OGR_L_GetGeomType(l)) : wkbUnknown;
    int fi = l ? name_field(OGR_L_GetLayerDefn(l)) : -1;
    if (!l || (t != wkbLineString && t != wkbMultiLineString) || fi < 0) {
        if (ds) {
            GDALClose(ds);
        }
        return 1;
    }
    OGRSpatialReferenceH srs = OGR_L_GetSpatialRef(l);
    if (srs && OSRAutoIdentifyEPSG(srs) == OGRERR_NONE) {
        const char *code = OSRGetAuthorityCode(srs, NULL);
        *epsg = code ? atoi(code) : 0;
    }
    int geographic = srs && OSRIsGeographic(srs);
    int rc = HS_OK;
    OGRFeatureH f;
    OGR_L_ResetReading(l);
    while (rc == HS_OK && (f = OGR_L_GetNextFeature(l)) != NULL) {
        OGRGeometryH g = OGR_F_GetGeometryRef(f);
        const char *nm = OGR_F_IsFieldSetAndNotNull(f, fi) ? OGR_F_GetFieldAsString(f, fi) : "";
        if (!g || !nm[0]) {
            (*skipped)++;
            OGR_F_Destroy(f);
            continue;
        }
        hs__gaz_entry e = {0};
        e.kind = HS__GAZ_STREET;
        e.street = nm;
        e.label = nm;
        e.source = source_id;
        /* a point every 20 m: the street's middle and its crossings lie on the line */
        OGRGeometryH dense = OGR_G_Clone(g);
        if (!dense) {
            rc = HS_ENOMEM;
        } else {
            OGR_G_Segmentize(dense, geographic ? 0.0002 : 20.0);
            rc = add_line_points(b, &e, dense);
            OGR_G_DestroyGeometry(dense);
        }
        OGR_F_Destroy(f);
    }
    GDALClose(ds);
    return rc == HS_ENOMEM ? hs__error(ctx, rc, "%s: out of memory", path) : rc;
}
