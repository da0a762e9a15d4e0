/*
 * Evaluation of a crime prevention measure (uppföljning): counts before and after in the target
 * area, a buffer around it and a control area, and the published measures of their change:
 * Farrington and Welsh's relative effect size (RES, an odds ratio of the four counts) with its
 * confidence interval, an exact test for small counts (Fisher's test of the 2 x 2 table, which for
 * four Poisson counts is the test conditional on the margins), and Bowers and Johnson's weighted
 * displacement quotient (WDQ) with the total net effect. Plain C over numbers; no I/O.
 */
#ifndef HOTSPOT_MEASURE_H
#define HOTSPOT_MEASURE_H

#include "types.h"

#ifdef __cplusplus
extern "C" {
#endif

/** Counts of one measure: before (b) and after (a) in the target, buffer and control areas. */
typedef struct hs_measure_counts {
    double target_before, target_after;
    double buffer_before, buffer_after;   /**< NaN when there is no buffer */
    double control_before, control_after; /**< NaN when there is no control */
    double days_before, days_after;       /**< lengths of the two periods */
} hs_measure_counts;

typedef enum hs_measure_verdict {
    HS_MEASURE_NO_CHANGE = 0, /**< the change is within chance */
    HS_MEASURE_DECREASE = 1,  /**< fewer incidents in the target, more than chance */
    HS_MEASURE_INCREASE = 2,  /**< more incidents in the target, more than chance */
    HS_MEASURE_TOO_FEW = 3    /**< fewer incidents in the target than min_count */
} hs_measure_verdict;

typedef enum hs_wdq_class {
    HS_WDQ_NONE = 0, /**< not defined: no relative decrease in the target, or no buffer */
    HS_WDQ_DIFFUSION_GREATER =
        1,                   /**< WDQ > 1: diffusion of benefits larger than the direct effect */
    HS_WDQ_DIFFUSION = 2,    /**< 0 < WDQ <= 1: some diffusion of benefits to the buffer */
    HS_WDQ_NEUTRAL = 3,      /**< WDQ = 0: neither displacement nor diffusion */
    HS_WDQ_DISPLACEMENT = 4, /**< -1 <= WDQ < 0: displacement smaller than the direct effect */
    HS_WDQ_DISPLACEMENT_GREATER = 5 /**< WDQ < -1: displacement larger than the direct effect */
} hs_wdq_class;

typedef struct hs_measure_result {
    /** RES = (Tb Ca) / (Ta Cb) (> 1: the target improved relative to the control); without a
     * control the ratio of rates before / after, (Tb / days_before) / (Ta / days_after). With a
     * zero count 0.5 is added to each of the four (Haldane), and res_adjusted says so. */
    double res, res_lo, res_hi; /**< with its confidence interval, exp(ln RES +- z sqrt(V)) */
    double log_var;             /**< V = 1/Tb + 1/Ta + 1/Cb + 1/Ca (or 1/Tb + 1/Ta) */
    int res_adjusted;
    /** Exact two-sided p: Fisher's test of [[Tb, Ta], [Cb, Ca]], or without a control the
     * binomial test of Ta among Tb + Ta against the share of days after. */
    double p;
    /** Bowers and Johnson (2003): success measure SM = Ta/Tb - Ca/Cb, buffer measure
     * BM = Ba/Bb - Ca/Cb, WDQ = BM / SM (NaN unless SM < 0 and Tb, Bb, Cb > 0), and the total net
     * effect TNE = (Tb Ca/Cb - Ta) + (Bb Ca/Cb - Ba), incidents prevented (> 0) or added. */
    double sm, bm, wdq, tne;
    hs_wdq_class wdq_class;
    hs_measure_verdict verdict;
} hs_measure_result;

typedef struct hs_measure_opts {
    int version;
    double alpha; /**< significance level and 1 - confidence of the interval (default 0.05) */
    int64_t
        min_count; /**< fewer target incidents (before + after) than this: too few (default 5) */
} hs_measure_opts;
#define HS_MEASURE_OPTS_VERSION 1
#define HS_MEASURE_OPTS_INIT                                                                       \
    {                                                                                              \
        HS_MEASURE_OPTS_VERSION, 0.05, 5                                                           \
    }

/** Evaluates one measure. Counts must be whole numbers >= 0 (NaN for an absent area). */
HS_API int hs_measure_eval(hs_measure_result *out, const hs_measure_counts *c,
                           const hs_measure_opts *opts);

/**
 * Fisher's exact two-sided test of the 2 x 2 table [[a, b], [c, d]] as R's fisher.test: the sum of
 * the hypergeometric probabilities of the tables with the same margins that are no more likely
 * than the observed one (relative tolerance 1e-7).
 */
HS_API int hs_fisher_test(double *p_out, int64_t a, int64_t b, int64_t c, int64_t d);

/** Swedish (lang "sv") or English words for a verdict and a WDQ class, for reports. */
HS_API const char *hs_measure_verdict_text(hs_measure_verdict v, const char *lang);
HS_API const char *hs_wdq_class_text(hs_wdq_class c, const char *lang);
/** Short keys for scripts: "no_change", "decrease", "increase", "too_few"; "diffusion" … */
HS_API const char *hs_measure_verdict_key(hs_measure_verdict v);
HS_API const char *hs_wdq_class_key(hs_wdq_class c);

#ifdef __cplusplus
}
#endif
#endif
