/*
 * Private to the CRS files: the registry of resolved CRSs kept in the context
 * (crs_registry_proj.c), the PROJ context it shares with the transformations (crs_proj.c), the
 * choice of a working CRS (crs_work.c) and the GDAL spatial reference of a code (crs_osr_gdal.c).
 * Third-party types appear only as forward-declared structs.
 */
#ifndef HS_CRS_PRIVATE_H
#define HS_CRS_PRIVATE_H

#include "hs_internal.h"

struct PJconsts;   /* proj.h: PJ */
struct hs__crsreg; /* crs_registry_proj.c */

/* crs_proj.c: the context's PROJ context (created on first use; NULL when out of memory) and the
 * slot that holds its CRS registry. */
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
