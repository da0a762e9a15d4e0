/*
 * Writers of the analysis layers that both the CLI commands and `hotspot build` produce: the
 * `grid` layer of counts per cell, the `places` and `kommuner` layers of counts per area, and the
 * `comparison` layer of crime against insecurity. Each writes one layer into an open hs_gpkg.
 */
#ifndef HOTSPOT_LAYERS_H
#define HOTSPOT_LAYERS_H

#include "areas.h"
#include "gpkg.h"
#include "gridclip.h"
#include "measure.h"

#ifdef __cplusplus
extern "C" {
#endif

/**
 * Writes a grid layer (SPEC: cell_id, x0, y0, size, n, n_<category>..., suppressed) named name.
 * A row is written for every cell inside mask (mask NULL: every cell with n > 0). cat_counts
 * (may be NULL) holds ncat blocks of one value per cell; category names become field names
 * n_<name> folded to ASCII. suppressed is 1 when 0 < n < min_count.
 */
HS_API int hs_layer_grid(hs_gpkg *g, const char *name, const hs_grid_spec *spec,
                         const int64_t *counts, const int64_t *cat_counts,
                         const char *const *cat_names, size_t ncat, const uint8_t *mask,
                         int min_count);

/** What hs_layer_cells writes besides the counts; HS_GRID_LAYER_OPTS_INIT gives the defaults. */
typedef struct hs_grid_layer_opts {
    int version;
    const char *name;              /**< layer name (NULL: "grid") */
    const int64_t *cat_counts;     /**< ncat blocks of one count per cell (may be NULL) */
    const char *const *cat_names;  /**< category names, folded to n_<name> */
    const char *const *cat_fields; /**< or ready field names, used as they are (wins) */
    size_t ncat;
    const uint8_t *keep;      /**< a row for each cell with keep[c] != 0 (NULL: see all_cells) */
    int all_cells;            /**< keep NULL: 1 a row for every cell, 0 only cells with n > 0 */
    int64_t min_count;        /**< suppressed = 1 when 0 < n < min_count */
    int null_suppressed;      /**< counts (and rate) of suppressed cells written as NULL */
    const hs_grid_clip *clip; /**< cells as clipped (only kept and cut cells get rows, cut ones
                                   their clipped polygons), an `area` field, MULTIPOLYGON layer */
    const double *pop;        /**< population per cell: fields pop and rate (per 1 000) */
    double min_pop;           /**< rate NULL where pop < min_pop (and where suppressed) */
} hs_grid_layer_opts;
#define HS_GRID_LAYER_OPTS_VERSION 1
#define HS_GRID_LAYER_OPTS_INIT                                                                    \
    {                                                                                              \
        HS_GRID_LAYER_OPTS_VERSION, NULL, NULL, NULL, NULL, 0, NULL, 0, 0, 0, NULL, NULL, 0.0      \
    }

/**
 * Writes a grid layer of squares or hexagons: cell_id, x0, y0 (a square's south-west corner, a
 * hexagon's centre), size, n, n_<category>..., suppressed, then area (m^2, with a clip), then pop
 * and rate (with a population). The shared writer of `hotspot grid` and `hotspot build`.
 */
HS_API int hs_layer_cells(hs_gpkg *g, const hs_cellgrid *grid, const int64_t *counts,
                          const hs_grid_layer_opts *opts);

/**
 * Writes an area layer: for `places` the fields place_id, name, kind, n, n_<category>...,
 * suppressed; for `kommuner` (kommun_layer = 1) kommun_code, name, n. Polygons from a.
 */
HS_API int hs_layer_areas(hs_gpkg *g, const char *name, const hs_areas *a, const int64_t *counts,
                          const int64_t *cat_counts, const char *const *cat_names, size_t ncat,
                          int min_count, int kommun_layer);

/** One cell of the comparison of crime (a) and insecurity (b). */
typedef struct hs_cmp_cells {
    const double *n_crime;
    const double *n_insecurity;
    const int8_t *bin_crime;
    const int8_t *bin_insecurity;
    const uint8_t *cls; /**< hs_cmp_class per cell */
    const double *log_ratio;
    const double *share_diff;
    const double *log_rr; /**< may be NULL */
    const double *p_crime;
    const double *p_insecurity;
} hs_cmp_cells;

/** Writes the `comparison` layer for the cells inside mask (NULL: cells where either count > 0). */
HS_API int hs_layer_comparison(hs_gpkg *g, const hs_grid_spec *spec, const hs_cmp_cells *c,
                               const uint8_t *mask, const char *lang);

/** One row of the `measures` layer: one area role (target, buffer, control) of a measure. */
typedef struct hs_measure_row {
    const char *measure;    /**< the measure's name */
    const char *role;       /**< "target", "buffer" or "control" */
    const char *area_name;  /**< the target's name (may be NULL) */
    const char *categories; /**< the categories counted (NULL: all) */
    const hs_areas *areas;  /**< geometry: area `area` of areas (-1: all; NULL: no geometry) */
    int64_t area;
    double buffer_m;                /**< the buffer ring's width */
    int64_t before_from, before_to; /**< day numbers (hs_days_from_civil), inclusive */
    int64_t after_from, after_to;
    double n_before, n_after;        /**< counts of this role */
    const hs_measure_result *result; /**< the measure's evaluation (the same on each role) */
} hs_measure_row;

/** One month of a measure's series: counts by role (NaN for a role the measure lacks). */
typedef struct hs_measure_series_row {
    const char *measure;
    int64_t month; /**< year * 12 + (month - 1) */
    double target, buffer, control;
} hs_measure_series_row;

/**
 * Writes the `measures` layer (measure, role, area, categories, buffer_m, before_from, before_to,
 * after_from, after_to, n_before, n_after, res, res_lo, res_hi, p, wdq, wdq_class, tne, verdict)
 * and the `measure_series` table (measure, month "YYYY-MM", target, buffer, control).
 */
HS_API int hs_layer_measures(hs_gpkg *g, const hs_measure_row *rows, size_t n,
                             const hs_measure_series_row *series, size_t nseries);

/** Folds a category name to a field-name suffix (ASCII a-z0-9_, å/ä -> a, ö -> o). */
HS_API void hs_field_suffix(char *buf, size_t size, const char *name);

#ifdef __cplusplus
}
#endif
#endif
