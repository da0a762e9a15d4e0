/*
 * Private to the CRS module and its users: which Swedish CRS a coordinate pair fits (crs_detect.c,
 * plain C), transformations between CRS codes (crs_proj.c), the WKT of a CRS for GeoPackages
 * (crs_wkt_proj.c), the registry of resolved CRSs kept in the context (crs_registry_proj.c), the
 * choice of a working CRS (crs_work.c) and the GDAL spatial reference of a code (crs_osr_gdal.c).
 * Only the *_proj.c files include proj.h; third-party types appear only as forward declarations.
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

struct hs__crsreg; /* crs_registry_proj.c */

struct PJconsts; /* proj.h: PJ */
/* proj_state_proj.c: the context's PROJ state, with the transformations cached by code pair
 * (crs_proj.c) and the CRS registry (crs_registry_proj.c, which sets reg_free). */
#define HS_PJ_CACHE 8
struct hs__pjcache {
    int from[HS_PJ_CACHE], to[HS_PJ_CACHE];
    struct PJconsts *pj[HS_PJ_CACHE];
    size_t n;
    struct hs__crsreg *reg;
    void (*reg_free)(struct pj_ctx *pc, struct hs__crsreg *reg);
};
/** The context's PROJ context (created on first use; NULL when out of memory) and the slot that
 * holds its CRS registry. */
HS_INTERNAL struct pj_ctx *hs__proj_ctx(hs_ctx *ctx);
HS_INTERNAL struct hs__crsreg **hs__crs_reg_slot(hs_ctx *ctx);

/* crs_registry_proj.c */
/** Frees the registry (its PROJ objects belong to pc). */
HS_INTERNAL void hs__crs_reg_free(struct pj_ctx *pc, struct hs__crsreg *reg);
/** The PROJ CRS object of a code (borrowed from ctx's registry; EPSG codes are looked up in
 * PROJ's database on first use). NULL when unknown. */
HS_INTERNAL struct PJconsts *hs__crs_obj(hs_ctx *ctx, int code);

typedef struct hs__crs_kind {
    int geographic; /* 1: coordinates in degrees */
    int projected;  /* 1: a map projection */
    double unit_m;  /* metres per unit of the first axis (projected) */
} hs__crs_kind;
HS_INTERNAL int hs__crs_kind_of(hs__crs_kind *k, hs_ctx *ctx, int code);
/** The same projection with its axes in metres (a projected CRS in feet or US feet); an EPSG
 * code when PROJ identifies one, else a registered code. *out = code when already in metres. */
HS_INTERNAL int hs__crs_metric(int *out, hs_ctx *ctx, int code);

/* crs_work.c (plain C over numbers and the transformations) */
/** WGS 84 / UTM zone (EPSG:326zz north, 327zz south) of a longitude/latitude. */
HS_INTERNAL int hs__crs_utm(double lon, double lat);
/**
 * The default working CRS for data in CRS crs, from a sample of n points (not changed): SWEREF 99
 * TM when most lie in Sweden, else crs itself when projected in metres, its metric variant when in
 * feet, or the UTM zone of the sample's centre when geographic. *why says which (static text).
 * *sweden is set to 1 when most points lie in Sweden.
 */
HS_INTERNAL int hs__crs_default_work(int *work, const char **why, int *sweden, hs_ctx *ctx, int crs,
                                     const double *x, const double *y, size_t n);

/* crs_osr_gdal.c: sets an OGRSpatialReferenceH (traditional GIS axis order) from a code. */
HS_INTERNAL int hs__crs_osr(void *srs, hs_ctx *ctx, int code);

#endif
