/*
 * The WKT definition and name of an EPSG CRS, fetched from PROJ's database, for the
 * gpkg_spatial_ref_sys table of the GeoPackages hotspot writes (OGC WKT 1 as GDAL writes it).
 * EPSG:3006 has a built-in fallback so that a GeoPackage can be written without proj.db.
 * This file only reads PROJ's database; it transforms nothing.
 */
#include "core/hs_internal.h"
#include "crs/crs.h"

#include <proj.h>
#include <stdio.h>
#include <stdlib.h>

static const char wkt_3006[] =
    "PROJCS[\"SWEREF99 TM\",GEOGCS[\"SWEREF99\",DATUM[\"SWEREF99\",SPHEROID[\"GRS 1980\",6378137,"
    "298.257222101,AUTHORITY[\"EPSG\",\"7019\"]],AUTHORITY[\"EPSG\",\"6619\"]],PRIMEM["
    "\"Greenwich\","
    "0,AUTHORITY[\"EPSG\",\"8901\"]],UNIT[\"degree\",0.0174532925199433,AUTHORITY[\"EPSG\","
    "\"9122\"]],AUTHORITY[\"EPSG\",\"4619\"]],PROJECTION[\"Transverse_Mercator\"],PARAMETER["
    "\"latitude_of_origin\",0],PARAMETER[\"central_meridian\",15],PARAMETER[\"scale_factor\","
    "0.9996],PARAMETER[\"false_easting\",500000],PARAMETER[\"false_northing\",0],UNIT[\"metre\","
    "1,AUTHORITY[\"EPSG\",\"9001\"]],AXIS[\"Easting\",EAST],AXIS[\"Northing\",NORTH],AUTHORITY["
    "\"EPSG\",\"3006\"]]";

int hs__crs_wkt(char **wkt, char **name, hs_ctx *ctx, int epsg)
{
    *wkt = NULL;
    *name = NULL;
    if (epsg >= HS_CRS_USER) {
        /* a CRS without an EPSG code: its definition from the context's registry */
        PJ *obj = ctx ? hs__crs_obj(ctx, epsg) : NULL;
        PJ_CONTEXT *rc_pc = obj ? hs__proj_ctx(ctx) : NULL;
        const char *w = obj ? proj_as_wkt(rc_pc, obj, PJ_WKT1_GDAL, NULL) : NULL;
        if (obj && !w) {
            w = proj_as_wkt(rc_pc, obj, PJ_WKT2_2019, NULL);
        }
        if (!w) {
            return hs__error(ctx, HS_EUNSUPPORTED, "CRS %d is not known in this context", epsg);
        }
        *wkt = hs__strdup(w);
        *name = hs__strdup(hs_crs_name(ctx, epsg));
        if (!*wkt || !*name) {
            free(*wkt);
            free(*name);
            *wkt = *name = NULL;
            return hs__error(ctx, HS_ENOMEM, "out of memory");
        }
        return HS_OK;
    }
    PJ_CONTEXT *pc = proj_context_create();
    if (pc) {
        proj_log_level(pc, PJ_LOG_NONE);
        char code[16];
        hs__fmt(code, sizeof code, "%d", epsg);
        PJ *crs = proj_create_from_database(pc, "EPSG", code, PJ_CATEGORY_CRS, 0, NULL);
        if (crs) {
            const char *w = proj_as_wkt(pc, crs, PJ_WKT1_GDAL, NULL);
            const char *n = proj_get_name(crs);
            if (w) {
                *wkt = hs__strdup(w);
                *name = hs__strdup(n ? n : code);
            }
            proj_destroy(crs);
        }
        proj_context_destroy(pc);
    }
    if (*wkt && *name) {
        return HS_OK;
    }
    free(*wkt);
    free(*name);
    *wkt = NULL;
    *name = NULL;
    if (epsg == 3006) {
        *wkt = hs__strdup(wkt_3006);
        *name = hs__strdup("SWEREF99 TM");
        if (!*wkt || !*name) {
            free(*wkt);
            free(*name);
            return hs__error(ctx, HS_ENOMEM, "out of memory");
        }
        return HS_OK;
    }
    return hs__error(ctx, HS_EUNSUPPORTED, "EPSG:%d is not in PROJ's database", epsg);
}
