/*
 * Population for rates: read from any OGR layer of polygons (SCB's population per 250 m or 1 km
 * square, DeSO) or points (tätort points, address points), and spread over the cells of a grid:
 * polygons by area share (areal weighting), points by location.
 */
#ifndef HOTSPOT_POPULATION_H
#define HOTSPOT_POPULATION_H

#include "gridclip.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct hs_population hs_population;

typedef struct hs_population_opts {
    int version;
    const char *layer; /**< layer name (default: the first) */
    const char *field; /**< population field (default: found by name, see hs_population_open) */
    int epsg;          /**< reproject to this CRS (0: keep) */
    /** (version 2) comma-separated kommun codes ("0380,0381"): of a layer of DeSO or RegSO
     * (field Deso, desokod, RegSO or regsokod), only the areas whose code starts with one of them;
     * NULL: all. */
    const char *kommuner;
} hs_population_opts;
#define HS_POPULATION_OPTS_VERSION 2
#define HS_POPULATION_OPTS_INIT                                                                    \
    {                                                                                              \
        HS_POPULATION_OPTS_VERSION, NULL, NULL, 0, NULL                                            \
    }

/**
 * Reads a population layer. Without opts->field the first field named (ASCII case-insensitive)
 * pop, population, befolkning, beftotalt, folkmangd, folkmängd, invanare, invånare or antal (else
 * the latest numeric Bef_YYYYMM, as SCB delivers DeSO and RegSO) is
 * used; HS_ENOTFOUND with a message listing the layer's fields when none is. Features whose value
 * is NULL or not a finite number >= 0 are skipped. The layer holds polygons or points (the kind of
 * its first feature with a geometry decides). *out owned by the caller (hs_population_free).
 */
HS_API int hs_population_open(hs_population **out, hs_ctx *ctx, const char *path,
                              const hs_population_opts *opts);
HS_API void hs_population_free(hs_population *p);
/** The field read (borrowed). */
HS_API const char *hs_population_field(const hs_population *p);
/** Number of polygons or points read. */
HS_API size_t hs_population_count(const hs_population *p);
/** 1 for a point layer, 0 for polygons. */
HS_API int hs_population_is_points(const hs_population *p);
/** The sum of the values read. */
HS_API double hs_population_total(const hs_population *p);

/**
 * Population per cell of g into pop (hs_cellgrid_ncells(g) values). A polygon's population is
 * split by the share of its area in each cell (areal weighting, GEOS intersections): exact when
 * the polygons are the cells themselves. A point's population goes to the cell holding it (the
 * grid's rule for points on edges). With clip (may be NULL), a cell is its clipped polygon: a
 * polygon's share outside the clip polygons, and points outside them, go nowhere. *placed (may be
 * NULL) receives the population put into cells.
 */
HS_API int hs_population_cells(double *pop, double *placed, hs_ctx *ctx, const hs_population *p,
                               const hs_cellgrid *g, const hs_grid_clip *clip);

#ifdef __cplusplus
}
#endif
#endif
