/*
 * Crime and insecurity side by side: per-unit comparison of two counts (log ratio of shares,
 * difference of shares, four classes from the Gi* classes of each layer) and a relative-risk
 * surface (ratio of two kernel densities with one shared bandwidth) with Monte Carlo tolerance
 * p-values from random relabelling of the pooled points. Plain C over arrays.
 */
#ifndef HOTSPOT_COMPARE_H
#define HOTSPOT_COMPARE_H

#include "kde.h"

#ifdef __cplusplus
extern "C" {
#endif

/** The four comparison classes. */
typedef enum hs_cmp_class {
    HS_CMP_NEITHER = 0,        /**< hot in neither layer */
    HS_CMP_BOTH = 1,           /**< hot spot of crime and of insecurity */
    HS_CMP_CRIME_ONLY = 2,     /**< crime hot spot only */
    HS_CMP_INSECURITY_ONLY = 3 /**< insecurity hot spot only */
} hs_cmp_class;

/** Stable key of a class ("neither", "both", "crime_only", "insecurity_only"). */
HS_API const char *hs_cmp_class_key(hs_cmp_class c);
/** Swedish or English label of a class. */
HS_API const char *hs_cmp_class_label(hs_cmp_class c, const char *lang);

/**
 * Classes from the Gi* bins (-3..3) of the two layers: "hot" means bin >= hot_min (2 = 95 %
 * after FDR). Cells missing from a layer carry bin 0.
 */
HS_API void hs_compare_classes(uint8_t *cls, const int8_t *bin_crime, const int8_t *bin_insecurity,
                               size_t n, int hot_min);

/**
 * Per unit: log ratio of the shares ln(((a+0.5)/(A+0.5)) / ((b+0.5)/(B+0.5))) with A, B the
 * totals (Haldane-Anscombe correction, so zero counts stay finite), and the difference of the
 * shares a/A - b/B. Either output may be NULL.
 */
HS_API int hs_compare_counts(double *log_ratio, double *share_diff, const double *a,
                             const double *b, size_t n);

typedef struct hs_relrisk_opts {
    int version;
    hs_kernel kernel;
    double bandwidth;   /**< shared bandwidth in metres (> 0; choose it before) */
    int permutations;   /**< Monte Carlo relabellings (0: no p-values) */
    uint64_t seed;      /**< random seed: the same seed gives the same p-values */
    double floor_share; /**< cells whose pooled density is below this share of its peak get NaN */
} hs_relrisk_opts;
#define HS_RELRISK_OPTS_VERSION 1
#define HS_RELRISK_OPTS_INIT                                                                       \
    {                                                                                              \
        HS_RELRISK_OPTS_VERSION, HS_KERNEL_QUARTIC, 0.0, 999, 20240601u, 1e-3                      \
    }

/**
 * Relative risk of group 1 (e.g. crime) against group 2 (insecurity) on grid g: log_rr = ln(f1/f2)
 * where f1, f2 are the two densities each normalised to integrate to 1. p_hi (p_lo) is the
 * Monte Carlo p-value that group 1 is over- (under-) represented at the cell, (M + 1) / (R + 1)
 * with M the relabelled surfaces at least as extreme. Outputs have g->nx * g->ny entries; p_hi
 * and p_lo may be NULL. Weights may be NULL (all 1).
 */
HS_API int hs_relrisk_run(double *log_rr, double *p_hi, double *p_lo, hs_ctx *ctx,
                          const hs_grid_spec *g, const double *x1, const double *y1,
                          const double *w1, size_t n1, const double *x2, const double *y2,
                          const double *w2, size_t n2, const hs_relrisk_opts *opts);

#ifdef __cplusplus
}
#endif
#endif
