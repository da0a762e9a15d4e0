/*
 * The GDAL spatial reference of a CRS code: EPSG codes from GDAL's own import, codes of the CRS
 * registry from their WKT, always in the traditional GIS axis order (x = easting/longitude). Used
 * by the files that write rasters and transform areas; it reads nothing else.
 */
#include "crs/crs.h"

#include <ogr_srs_api.h>
#include <stdlib.h>

int hs__crs_osr(void *srs_h, hs_ctx *ctx, int code)
{
    OGRSpatialReferenceH srs = srs_h;
    OGRErr e = OGRERR_FAILURE;
    if (code > 0 && code < HS_CRS_USER) {
        e = OSRImportFromEPSG(srs, code);
    } else if (code >= HS_CRS_USER) {
        char *wkt = NULL;
        char *name = NULL;
        if (hs__crs_wkt(&wkt, &name, ctx, code) == HS_OK) {
            e = OSRSetFromUserInput(srs, wkt);
        }
        free(wkt);
        free(name);
    }
    if (e != OGRERR_NONE) {
        return hs__error(ctx, HS_EUNSUPPORTED, "%s is not a CRS GDAL knows",
                         ctx ? hs_crs_label(ctx, code) : "?");
    }
    OSRSetAxisMappingStrategy(srs, OAMS_TRADITIONAL_GIS_ORDER);
    return HS_OK;
}
