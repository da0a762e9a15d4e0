/*
 * Coordinate reference systems: any definition PROJ accepts (EPSG:n, ESRI:n, OGC:CRS84, WKT, a
 * PROJ string, a .prj/.qpj file) resolved to one integer code that the rest of the library
 * carries (records, grids, outputs). CRSs with an EPSG code keep it; others get a code of their
 * own from HS_CRS_USER up, valid in the context that resolved them. Also the choice of the
 * working CRS (projected, in metres) for data that do not lie in Sweden.
 */
#ifndef HOTSPOT_CRS_H
#define HOTSPOT_CRS_H

#include "types.h"

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/** First code given to a CRS without an EPSG code (codes below are EPSG codes). */
#define HS_CRS_USER 0x40000000

/**
 * Resolves a CRS definition: "EPSG:3006", "3006", "ESRI:102003", "OGC:CRS84", WKT (1 or 2, ESRI
 * dialect too), "+proj=utm +zone=16 +datum=NAD83", or PROJJSON. A CRS that PROJ identifies with
 * an EPSG code gets that code. Fails with HS_EUNSUPPORTED and a message naming the string when
 * PROJ does not know it.
 */
HS_API int hs_crs_resolve(int *code, hs_ctx *ctx, const char *definition);

/** Reads a .prj or .qpj file (WKT) and resolves it; the message names the file on failure. */
HS_API int hs_crs_read_file(int *code, hs_ctx *ctx, const char *path);

/** "EPSG:3006", "ESRI:102003", or the CRS name for a definition without an authority code.
 * Borrowed from ctx; never NULL ("?" when the code is unknown). */
HS_API const char *hs_crs_label(hs_ctx *ctx, int code);

/** The CRS name ("SWEREF99 TM"); borrowed from ctx, never NULL. */
HS_API const char *hs_crs_name(hs_ctx *ctx, int code);

/** 0 when code is a projected CRS in metres (usable as the working CRS); else HS_EUNSUPPORTED
 * with the reason (a CRS in degrees, in feet, ...). */
HS_API int hs_crs_check_work(hs_ctx *ctx, int code);

#ifdef __cplusplus
}
#endif
#endif
