/*
 * The law of crime concentration, measured: the concentration (Lorenz) curve of counts over units
 * (street segments, cells, places), the share of units holding a given share of the incidents, the
 * Gini and the generalised Gini for sparse counts (Bernasco and Steenbeek 2017), and the stability
 * of the top units between two periods. Plain C over arrays; no I/O.
 */
#ifndef HOTSPOT_LORENZ_H
#define HOTSPOT_LORENZ_H

#include "types.h"

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/** Summaries of the concentration of counts over n units. */
typedef struct hs_lorenz_summary {
    size_t n;        /**< units */
    size_t nonzero;  /**< units with a count > 0 */
    double total;    /**< sum of the counts */
    double share25;  /**< least share of units (largest counts first) holding >= 25 % of total */
    double share50;  /**< the same for 50 % */
    double share_nz; /**< nonzero / n */
    double gini;     /**< Gini coefficient (sum (2i - n - 1) x_(i) / (n sum x), ascending) */
    double gini_gen; /**< generalised Gini: max(1, n / total) (gini - 1) + 1 (Bernasco and
                        Steenbeek 2017): concentration against maximal equality given the data */
} hs_lorenz_summary;

/**
 * Summaries of counts[0..n) (non-negative, may be fractional). HS_EINVAL for a negative or NaN
 * count or n = 0; HS_ENODATA when every count is 0 (shares and Ginis are then NaN).
 */
HS_API int hs_lorenz_summary_of(hs_lorenz_summary *out, hs_ctx *ctx, const double *counts,
                                size_t n);

/**
 * The least share of units, taken from the largest count down, whose counts add up to at least
 * share (0..1] of the total. NaN when the total is 0.
 */
HS_API double hs_lorenz_units_for(const double *counts, size_t n, double share);

/**
 * The concentration curve: y[k] (k = 0..n) is the share of the total held by the k units with the
 * largest counts (y[0] = 0, y[n] = 1); the units' share is k / n. y has n + 1 entries, owned by
 * the caller. HS_ENODATA when the total is 0.
 */
HS_API int hs_lorenz_curve(double *y, hs_ctx *ctx, const double *counts, size_t n);

/** Stability of the top units between two periods a and b over the same n units. */
typedef struct hs_lorenz_stability {
    size_t ntop;     /**< units in a's top set: ceil(top n) units with the largest count in a, only
                        counts > 0, ties at the cut-off broken by unit order */
    size_t nstay;    /**< of those, units also in b's top set (same rule) */
    double stay;     /**< nstay / ntop (NaN when ntop = 0) */
    double spearman; /**< Spearman's rank correlation of a and b (average ranks for ties) */
    double mean_a;   /**< mean count per unit in a and b (the small-count caveat: with means */
    double mean_b;   /**< well below 1, most ranks are ties at 0) */
} hs_lorenz_stability;

/** Stability between a and b (n values each); top in (0, 1], e.g. 0.05. HS_EINVAL on bad input. */
HS_API int hs_lorenz_stability_of(hs_lorenz_stability *out, hs_ctx *ctx, const double *a,
                                  const double *b, size_t n, double top);

#ifdef __cplusplus
}
#endif
#endif
