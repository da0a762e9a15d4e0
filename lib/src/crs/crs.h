/*
 * Private to the CRS module and its users: which Swedish CRS a coordinate pair fits (crs_detect.c,
 * plain C), transformations between EPSG codes (crs_proj.c) and the WKT of a CRS for GeoPackages
 * (crs_wkt_proj.c). Only the *_proj.c files include proj.h.
 */
#ifndef HS_CRS_H
#define HS_CRS_H

#include "core/hs_internal.h"

/* crs_detect.c: how a coordinate pair fits an EPSG code's Swedish value range. */
typedef enum hs__xy_fit {
    HS__XY_OK = 0,
    HS__XY_SWAPPED = 1,
    HS__XY_MISSING = 2, /* NaN or 0,0 */
    HS__XY_OUTSIDE = 3
} hs__xy_fit;
HS_INTERNAL hs__xy_fit hs__crs_fit(int epsg, double x, double y);
HS_INTERNAL int hs__crs_known(int epsg);
/** The EPSG code (3006, 3021, 4326) most sample points fit, either axis order; HS_ENOTFOUND. */
HS_INTERNAL int hs__crs_vote(int *epsg, const double *x, const double *y, size_t n);
/* crs_proj.c: transforms n points in place (x = easting/lon); failed points become NaN.
 * Transformations are cached in ctx. */
HS_INTERNAL int hs__crs_transform(hs_ctx *ctx, int from_epsg, int to_epsg, double *x, double *y,
                                  size_t n);
/* crs_wkt_proj.c: WKT (OGC WKT 1, as GeoPackage expects) and name of an EPSG CRS; malloc'd. */
HS_INTERNAL int hs__crs_wkt(char **wkt, char **name, hs_ctx *ctx, int epsg);

#endif
