/*
 * Emerging hot spots (as ArcGIS's space-time cube): counts per cell and time step, space-time Gi*
 * (neighbours in space within the band, at the same step and the previous steps, the bin itself
 * included), the Mann-Kendall trend of each cell's z series, and the categories new, consecutive,
 * intensifying, persistent, diminishing, sporadic, oscillating and historical, hot and cold.
 * Plain C over arrays; cubes are nt grids of grid.h's layout, step after step.
 */
#ifndef HOTSPOT_EMERGING_H
#define HOTSPOT_EMERGING_H

#include "gistar.h"
#include "tz.h"

#ifdef __cplusplus
extern "C" {
#endif

/** Time steps of the cube, in local calendar time. */
typedef enum hs_step_kind {
    HS_STEP_WEEK = 0,    /**< ISO weeks, Monday to Sunday */
    HS_STEP_MONTH = 1,   /**< calendar months */
    HS_STEP_TERTIAL = 2, /**< January-April, May-August, September-December (EST tertials) */
    HS_STEP_YEAR = 3     /**< calendar years */
} hs_step_kind;

/**
 * The step of instant t (UTC seconds) counted from the step that contains start (0 = that step,
 * negative before it), in local time of zone tz.
 */
HS_API int64_t hs_step_index(int64_t t, int64_t start, hs_step_kind kind, hs_tz tz);

/** Categories: positive values are hot spots, their negatives cold spots, 0 no pattern. */
typedef enum hs_emerging_cat {
    HS_EMERGING_NONE = 0,
    HS_EMERGING_NEW = 1,          /**< significant only in the final step */
    HS_EMERGING_CONSECUTIVE = 2,  /**< one run of >= 2 significant final steps, never before */
    HS_EMERGING_INTENSIFYING = 3, /**< >= 90 % of steps incl. the final, trend up (hot) */
    HS_EMERGING_PERSISTENT = 4,   /**< >= 90 % of steps incl. the final, no trend */
    HS_EMERGING_DIMINISHING = 5,  /**< >= 90 % of steps incl. the final, trend down (hot) */
    HS_EMERGING_SPORADIC = 6,     /**< final step significant, < 90 %, never the opposite */
    HS_EMERGING_OSCILLATING = 7,  /**< final step significant, < 90 %, some step the opposite */
    HS_EMERGING_HISTORICAL = 8    /**< final step not significant, >= 90 % of the steps were */
} hs_emerging_cat;

/** "new hot spot", "persistent cold spot", ..., "no pattern detected" for a signed category. */
HS_API const char *hs_emerging_name(int cat);

/**
 * The category of one cell from its per-step significance sig[0..nt) (+1 significant hot, -1
 * significant cold, 0 neither) and its trend (+1 significant upward, -1 downward, 0 none).
 * For cold spots "intensifying" means a downward trend (colder). Rules in docs/hotspots.md.
 */
HS_API int hs_emerging_classify(const int8_t *sig, size_t nt, int trend);

typedef struct hs_emerging_opts {
    int version;
    hs_gistar_opts weights; /**< spatial neighbourhood (self included) */
    int time_window;        /**< previous steps that are neighbours too (default 1) */
    double alpha;           /**< FDR level of a significant bin (default 0.10: any gi_bin != 0) */
    double trend_alpha;     /**< level of the Mann-Kendall trend (default 0.05) */
} hs_emerging_opts;
#define HS_EMERGING_OPTS_VERSION 1
#define HS_EMERGING_OPTS_INIT                                                                      \
    {                                                                                              \
        HS_EMERGING_OPTS_VERSION, HS_GISTAR_OPTS_INIT, 1, 0.10, 0.05                               \
    }

/**
 * Runs the analysis on a cube of counts (nt * nx * ny values, step after step, each step in grid
 * layout). Every bin of every step is an observation (zeros included) unless mask (nx * ny, may
 * be NULL) excludes the cell at all steps. Outputs (owned by the caller, any may be NULL): cat
 * and trend_z / trend_p per cell (nx * ny; NaN and 0 outside the mask), z per bin (nt * nx * ny).
 * Significance of a bin: BH over every bin of the cube at opts->alpha.
 */
HS_API int hs_emerging_run(int8_t *cat, double *trend_z, double *trend_p, double *z, hs_ctx *ctx,
                           const hs_grid_spec *g, const double *counts, size_t nt,
                           const uint8_t *mask, const hs_emerging_opts *opts);

/**
 * Writes the `emerging` layer to an open GeoPackage: one square per observed cell (mask may be
 * NULL) with cell_id, x0, y0, size, n (the cell's count over all nt steps of the cube counts),
 * category, category_code, trend_z and trend_p, from the outputs of hs_emerging_run.
 */
HS_API int hs_emerging_write_layer(hs_gpkg *gp, const hs_grid_spec *g, const double *counts,
                                   size_t nt, const uint8_t *mask, const int8_t *cat,
                                   const double *trend_z, const double *trend_p);

#ifdef __cplusplus
}
#endif
#endif
