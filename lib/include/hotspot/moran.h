/*
 * Spatial autocorrelation: global Moran's I (binary weights, randomisation variance), local Moran's
 * I (row-standardised weights) with a seeded conditional permutation pseudo-p and FDR, and the
 * Clark-Evans nearest-neighbour index of a point pattern. Grids follow grid.h (row 0 south);
 * neighbourhoods are those of gistar.h but WITHOUT the cell itself.
 */
#ifndef HOTSPOT_MORAN_H
#define HOTSPOT_MORAN_H

#include "gistar.h"

#ifdef __cplusplus
extern "C" {
#endif

/** Global Moran's I and its test under randomisation (as spdep::moran.test, style "B"). */
typedef struct hs_moran_global {
    double i;        /**< Moran's I */
    double expected; /**< -1 / (n - 1) */
    double variance; /**< variance under randomisation */
    double z;        /**< (I - E[I]) / sqrt(variance) */
    double p;        /**< two-sided p-value */
    int64_t n;       /**< observations */
    double s0;       /**< sum of the weights (ordered neighbour pairs) */
} hs_moran_global;

/** Global Moran's I of grid values x (mask as in hs_gistar_grid) with the neighbours of opts. */
HS_API int hs_moran_global_grid(hs_moran_global *out, hs_ctx *ctx, const hs_grid_spec *g,
                                const double *x, const uint8_t *mask,
                                const hs_gistar_opts *weights);

/** Local Moran cluster classes. */
typedef enum hs_lisa_class {
    HS_LISA_NS = 0, /**< not significant */
    HS_LISA_HH = 1, /**< high value among high neighbours (hot spot) */
    HS_LISA_LL = 2, /**< low among low (cold spot) */
    HS_LISA_HL = 3, /**< high among low (outlier) */
    HS_LISA_LH = 4  /**< low among high (outlier) */
} hs_lisa_class;

/** "HH", "LL", "HL", "LH" or "not significant". */
HS_API const char *hs_lisa_class_name(hs_lisa_class c);

typedef struct hs_moran_local_opts {
    int version;
    hs_gistar_opts weights; /**< neighbourhood (the cell itself is excluded) */
    int permutations;       /**< conditional permutations per cell (default 999; 0 = none;
                                 HS_MORAN_ANALYTIC: the normal approximation instead) */
    uint64_t seed;          /**< generator seed: the same seed gives the same pseudo-p */
    double alpha;           /**< level for the classes (default 0.05) */
    int fdr;                /**< 1: classes from BH-adjusted pseudo-p (default), 0: raw */
} hs_moran_local_opts;
/** hs_moran_local_opts.permutations: p from the randomisation mean and variance of I_i (Anselin
 * 1995, spdep::localmoran's Z.Ii), folded to the observed side, Phi(-|Z|), as the pseudo-p is;
 * for grids too large to permute. */
#define HS_MORAN_ANALYTIC (-1)
#define HS_MORAN_LOCAL_OPTS_VERSION 1
#define HS_MORAN_LOCAL_OPTS_INIT                                                                   \
    {                                                                                              \
        HS_MORAN_LOCAL_OPTS_VERSION, HS_GISTAR_OPTS_INIT, 999, 20240601u, 0.05, 1                  \
    }

/**
 * Local Moran's I_i = (z_i / m2) sum_j w_ij z_j with z = x - mean, m2 = sum z^2 / n and row-
 * standardised w (spdep::localmoran). The pseudo-p is (M + 1) / (R + 1), M the permutations (the
 * neighbours drawn at random from the other observations, cell i held fixed) at least as extreme
 * as the observed I_i on its side (folded: M = min(#>=, #<=)). Outputs (nx*ny, any may be NULL,
 * owned by the caller): ii, pseudo-p, BH q, class. Cells outside the mask or without neighbours
 * get NaN and HS_LISA_NS.
 */
HS_API int hs_moran_local_grid(double *ii, double *pseudo_p, double *q, uint8_t *cls, hs_ctx *ctx,
                               const hs_grid_spec *g, const double *x, const uint8_t *mask,
                               const hs_moran_local_opts *opts);

/**
 * Writes the `moran` layer to an open GeoPackage: one square per observed cell (mask may be NULL)
 * with cell_id, x0, y0, size, n, ii, pseudo_p, q and cluster ("HH", "LL", "HL", "LH",
 * "not significant"), from the outputs of hs_moran_local_grid (g->nx * g->ny values each).
 */
HS_API int hs_moran_write_layer(hs_gpkg *gp, const hs_grid_spec *g, const double *counts,
                                const uint8_t *mask, const double *ii, const double *pseudo_p,
                                const double *q, const uint8_t *cls);

/** Clark-Evans aggregation index (no edge correction). */
typedef struct hs_clark_evans {
    double mean_nn;  /**< observed mean nearest-neighbour distance */
    double expected; /**< 0.5 / sqrt(n / area) under complete spatial randomness */
    double r;        /**< mean_nn / expected: < 1 clustered, 1 random, > 1 regular */
    double z;        /**< (mean_nn - expected) / (0.26136 / sqrt(n^2 / area)) */
    double p;        /**< two-sided p-value */
} hs_clark_evans;

/**
 * Clark-Evans index of n >= 2 points in a study area of the given size (square metres; <= 0 uses
 * the points' bounding box). Duplicate points give distance 0. HS_ENODATA for fewer than 2.
 */
HS_API int hs_clark_evans_run(hs_clark_evans *out, hs_ctx *ctx, const double *x, const double *y,
                              size_t n, double area);

#ifdef __cplusplus
}
#endif
#endif
