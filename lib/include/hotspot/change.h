/*
 * Change between two periods or two groups (before/after a measure, weekday vs weekend) per cell
 * or per named place: the counts, the rate ratio and an exact conditional binomial test of two
 * Poisson counts with unequal exposure, with classes that say honestly when counts are too small
 * to show anything. Plain C over arrays.
 */
#ifndef HOTSPOT_CHANGE_H
#define HOTSPOT_CHANGE_H

#include "grid.h"
#include "types.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum hs_change_class {
    HS_CHANGE_NONE = 0,      /**< no significant change */
    HS_CHANGE_INCREASED = 1, /**< the rate in B is significantly higher than in A */
    HS_CHANGE_DECREASED = 2, /**< significantly lower */
    HS_CHANGE_TOO_FEW = 3,   /**< so few incidents that no split could be significant */
    HS_CHANGE_EMPTY = 4      /**< no incident in either */
} hs_change_class;

/** "no significant change", "increased", "decreased", "too few incidents", "no incidents". */
HS_API const char *hs_change_class_name(hs_change_class c);

typedef struct hs_change_opts {
    int version;
    double exposure_a; /**< length of period A or size of group A (e.g. days); default 1 */
    double exposure_b; /**< the same for B */
    double alpha;      /**< significance level (default 0.05) */
    int fdr;           /**< 1: classes from BH-adjusted p (default), 0: raw p */
} hs_change_opts;
#define HS_CHANGE_OPTS_VERSION 1
#define HS_CHANGE_OPTS_INIT                                                                        \
    {                                                                                              \
        HS_CHANGE_OPTS_VERSION, 1.0, 1.0, 0.05, 1                                                  \
    }

/**
 * Compares counts a[i] (A, e.g. before) and b[i] (B, after) of n units (whole numbers >= 0).
 * Under equal rates b ~ Binomial(a + b, e_b / (e_a + e_b)); p is the exact two-sided test
 * (hs_binom_test). ratio = (b / e_b) / (a / e_a) (NaN when a = 0). Units whose smallest possible
 * p exceeds alpha are HS_CHANGE_TOO_FEW and are left out of the FDR family (q NaN), so they do not
 * dilute the others. Outputs (n values each, any may be NULL) are owned by the caller.
 */
HS_API int hs_change_run(double *ratio, double *p, double *q, uint8_t *cls, hs_ctx *ctx,
                         const double *a, const double *b, size_t n, const hs_change_opts *opts);

/**
 * Writes the `change` layer to an open GeoPackage: one square per grid cell with an incident in A
 * or B (a, b: g->nx * g->ny counts) with cell_id, x0, y0, size, n_a, n_b, ratio, p, q and class,
 * from the outputs of hs_change_run over the cells.
 */
HS_API int hs_change_write_layer(hs_gpkg *gp, const hs_grid_spec *g, const double *a,
                                 const double *b, const double *ratio, const double *p,
                                 const double *q, const uint8_t *cls);

#ifdef __cplusplus
}
#endif
#endif
