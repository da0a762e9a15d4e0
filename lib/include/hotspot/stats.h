/*
 * Small statistical building blocks shared by the hot spot modules: the normal distribution to full
 * double accuracy, Benjamini-Hochberg false discovery rate, the exact binomial test and the
 * Mann-Kendall trend test. Plain C over arrays; no I/O, no third-party library.
 */
#ifndef HOTSPOT_STATS_H
#define HOTSPOT_STATS_H

#include "types.h"

#ifdef __cplusplus
extern "C" {
#endif

/** Standard normal CDF Phi(z), computed as erfc(-z/sqrt 2)/2 (full relative accuracy in tails). */
HS_API double hs_norm_cdf(double z);
/** Two-sided p-value of a z-score, 2 Phi(-|z|) = erfc(|z|/sqrt 2). NaN for NaN. */
HS_API double hs_norm_p2(double z);

/**
 * Benjamini-Hochberg adjusted p-values (R's p.adjust(p, "BH")): q_(k) = min_{j >= k} m p_(j) / j,
 * capped at 1, where m counts the non-NaN p. NaN entries stay NaN and do not count.
 * q may alias p. Fails with HS_ENOMEM, or HS_EINVAL for a p outside [0, 1].
 */
HS_API int hs_fdr_bh(double *q, const double *p, size_t n);

/**
 * The BH rejection threshold at level alpha: the largest p_(k) with p_(k) <= alpha k / m, or 0 when
 * nothing is rejected (every p <= *p_crit is a discovery). Same NaN rule as hs_fdr_bh.
 */
HS_API int hs_fdr_bh_threshold(double *p_crit, const double *p, size_t n, double alpha);

/**
 * Exact two-sided binomial test of k successes in n trials against probability p0, as R's
 * binom.test: the sum of the probabilities of outcomes no more likely than k (relative tolerance
 * 1e-7). HS_EINVAL when k > n, n < 0 or p0 outside [0, 1].
 */
HS_API int hs_binom_test(double *p_out, int64_t k, int64_t n, double p0);

/** The Mann-Kendall trend test of a series (ties corrected, continuity corrected z). */
typedef struct hs_mk_result {
    double s;   /**< S = sum over i < j of sign(x_j - x_i) */
    double var; /**< variance of S under no trend, with the tie correction */
    double z;   /**< (S - sign(S)) / sqrt(var); 0 when S = 0 */
    double p;   /**< two-sided p-value 2 Phi(-|z|) */
    double tau; /**< Kendall's tau-a, S / (n (n - 1) / 2) */
} hs_mk_result;

/** Mann-Kendall test of x[0..n) (NaN values are skipped). HS_EINVAL when fewer than 2 values. */
HS_API int hs_mann_kendall(hs_mk_result *out, const double *x, size_t n);

#ifdef __cplusplus
}
#endif
#endif
