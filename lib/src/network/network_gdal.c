/*
 * Reading a street network from any OGR line layer (NVDB shapefiles, OSM highways, GeoPackage,
 * GeoJSON): picks the layer and the name and type columns, projects into the working CRS and
 * hands plain lines to network.c. Nothing but reading here.
 */
#include "network/network.h"
#include "crs/crs.h"

#include <gdal.h>
#include <ogr_api.h>
#include <ogr_srs_api.h>
#include <stdlib.h>

static const char *const NAME_FIELDS[] = {"NAMN", "name", "gatunamn", "street",
                                          "gata", "namn", NULL};
static const char *const TYPE_FIELDS[] = {"TYP",    "highway",  "typ", "type",
                                          "vagtyp", "KATEGORI", NULL};

static int field_of(OGRFeatureDefnH defn, const char *given, const char *const *cands)
{
    if (given) {
        return OGR_FD_GetFieldIndex(defn, given);
    }
    int nf = OGR_FD_GetFieldCount(defn);
    for (size_t c = 0; cands[c]; c++) {
        for (int i = 0; i < nf; i++) {
            if (hs__strcasecmp(OGR_Fld_GetNameRef(OGR_FD_GetFieldDefn(defn, i)), cands[c]) == 0) {
                return i;
            }
        }
    }
    return -1;
}

static int is_line_layer(OGRLayerH l)
{
    OGRwkbGeometryType t = wkbFlatten(OGR_L_GetGeomType(l));
    return t == wkbLineString || t == wkbMultiLineString;
}

typedef struct pbuf {
    hs_point *p;
    size_t cap;
} pbuf;

static int add_geom(hs_network *n, OGRGeometryH g, const char *name, const char *type, pbuf *b)
{
    OGRwkbGeometryType t = wkbFlatten(OGR_G_GetGeometryType(g));
    if (t == wkbMultiLineString || t == wkbGeometryCollection) {
        for (int i = 0; i < OGR_G_GetGeometryCount(g); i++) {
            int rc = add_geom(n, OGR_G_GetGeometryRef(g, i), name, type, b);
            if (rc) {
                return rc;
            }
        }
        return HS_OK;
    }
    if (t != wkbLineString) {
        return HS_OK;
    }
    int np = OGR_G_GetPointCount(g);
    if (np < 2) {
        return HS_OK;
    }
    if (hs__grow((void **)&b->p, &b->cap, (size_t)np, sizeof *b->p)) {
        return HS_ENOMEM;
    }
    for (int i = 0; i < np; i++) {
        b->p[i].x = OGR_G_GetX(g, i);
        b->p[i].y = OGR_G_GetY(g, i);
    }
    return hs_network_add_line(n, b->p, (size_t)np, name, type);
}

int hs_network_read(hs_network **out, hs_ctx *ctx, const char *path, const hs_network_read_opts *ro,
                    const hs_network_opts *opts)
{
    hs_network_read_opts r = HS_NETWORK_READ_OPTS_INIT;
    if (ro) {
        r = *ro;
    }
    *out = NULL;
    if (!path) {
        return hs__error(ctx, HS_EINVAL, "network: no path");
    }
    GDALAllRegister();
    CPLPushErrorHandler(CPLQuietErrorHandler);
    GDALDatasetH ds = GDALOpenEx(path, GDAL_OF_VECTOR | GDAL_OF_READONLY, NULL, NULL, NULL);
    CPLPopErrorHandler();
    if (!ds) {
        return hs__error(ctx, HS_EIO, "%s: cannot open the street network", path);
    }
    OGRLayerH lyr = NULL;
    if (r.layer) {
        lyr = GDALDatasetGetLayerByName(ds, r.layer);
    } else {
        for (int i = 0; i < GDALDatasetGetLayerCount(ds) && !lyr; i++) {
            OGRLayerH l = GDALDatasetGetLayer(ds, i);
            lyr = is_line_layer(l) ? l : NULL;
        }
    }
    if (!lyr) {
        GDALClose(ds);
        return r.layer ? hs__error(ctx, HS_ENOTFOUND, "%s: no layer '%s'", path, r.layer)
                       : hs__error(ctx, HS_ENODATA, "%s: no line layer", path);
    }
    OGRFeatureDefnH defn = OGR_L_GetLayerDefn(lyr);
    int fname = field_of(defn, r.name_field, NAME_FIELDS);
    int ftype = field_of(defn, r.type_field, TYPE_FIELDS);
    if ((r.name_field && fname < 0) || (r.type_field && ftype < 0)) {
        GDALClose(ds);
        return hs__error(ctx, HS_EINVAL, "%s: layer '%s' has no field '%s'", path,
                         OGR_L_GetName(lyr),
                         r.name_field && fname < 0 ? r.name_field : r.type_field);
    }
    /* the transformation into the working CRS, when the layer says its CRS and it differs */
    OGRCoordinateTransformationH ct = NULL;
    OGRSpatialReferenceH src = OGR_L_GetSpatialRef(lyr);
    int rc = HS_OK;
    if (r.epsg && src) {
        OGRSpatialReferenceH dst = OSRNewSpatialReference(NULL);
        rc = hs__crs_osr(dst, ctx, r.epsg);
        OGRSpatialReferenceH s2 = OSRClone(src);
        OSRSetAxisMappingStrategy(dst, OAMS_TRADITIONAL_GIS_ORDER);
        OSRSetAxisMappingStrategy(s2, OAMS_TRADITIONAL_GIS_ORDER);
        if (rc == HS_OK && !OSRIsSame(s2, dst)) {
            ct = OCTNewCoordinateTransformation(s2, dst);
            if (!ct) {
                rc = hs__error(ctx, HS_EUNSUPPORTED, "%s: no transformation into EPSG:%d", path,
                               r.epsg);
            }
        }
        OSRDestroySpatialReference(s2);
        OSRDestroySpatialReference(dst);
    }
    hs_network *n = NULL;
    rc = rc ? rc : hs_network_new(&n, ctx);
    pbuf b = {NULL, 0};
    OGRFeatureH f;
    int64_t row = 0;
    OGR_L_ResetReading(lyr);
    while (rc == HS_OK && (f = OGR_L_GetNextFeature(lyr)) != NULL) {
        row++;
        OGRGeometryH g = OGR_F_GetGeometryRef(f);
        if (g) {
            OGR_G_FlattenTo2D(g);
            if (ct && OGR_G_Transform(g, ct) != OGRERR_NONE) {
                rc = hs__error(ctx, HS_EUNSUPPORTED, "%s: feature %lld cannot be projected", path,
                               (long long)row);
            } else {
                const char *nm = fname >= 0 && OGR_F_IsFieldSetAndNotNull(f, fname)
                                     ? OGR_F_GetFieldAsString(f, fname)
                                     : NULL;
                const char *ty = ftype >= 0 && OGR_F_IsFieldSetAndNotNull(f, ftype)
                                     ? OGR_F_GetFieldAsString(f, ftype)
                                     : NULL;
                rc = add_geom(n, g, nm, ty, &b);
            }
        }
        OGR_F_Destroy(f);
    }
    free(b.p);
    if (ct) {
        OCTDestroyCoordinateTransformation(ct);
    }
    GDALClose(ds);
    if (rc == HS_OK && hs_network_line_count(n) == 0) {
        rc = hs__error(ctx, HS_ENODATA, "%s: no line in the street network", path);
    }
    rc = rc ? rc : hs_network_build(n, opts);
    if (rc != HS_OK) {
        hs_network_free(n);
        return rc;
    }
    *out = n;
    return HS_OK;
}
