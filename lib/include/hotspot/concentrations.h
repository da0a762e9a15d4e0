/*
 * Place x time concentrations: for each unit (hot spot, named place, cell) the windows of the week
 * — contiguous blocks of hours within a group of start days, "fre–lör 22–03" — in which its
 * incidents concentrate, with their share, lift against a reference profile (the kommun's own)
 * and a binomial significance test. Plain C over hour-of-week tables (temporal.h); no I/O.
 */
#ifndef HOTSPOT_CONCENTRATIONS_H
#define HOTSPOT_CONCENTRATIONS_H

#include "temporal.h"
#include "types.h"

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct hs_conc_opts {
    int version;
    int max_len;     /**< longest block of hours tried (1..24, default 12) */
    int per_unit;    /**< windows kept per unit, not overlapping each other (default 3) */
    double min_n;    /**< least weight inside a window (default 5) */
    double min_lift; /**< least lift (default 1.5) */
    double alpha;    /**< keep windows with adjusted p <= alpha (default 0.05; 1 keeps all) */
} hs_conc_opts;
#define HS_CONC_OPTS_VERSION 1
#define HS_CONC_OPTS_INIT                                                                          \
    {                                                                                              \
        HS_CONC_OPTS_VERSION, 12, 3, 5.0, 1.5, 0.05                                                \
    }

/** One concentration. */
typedef struct hs_concentration {
    size_t unit;     /**< index of the unit */
    unsigned days;   /**< start days: bit d set = weekday d + 1 (Monday = bit 0) */
    int start;       /**< first hour (0..23) */
    int len;         /**< hours (running past midnight into the next day) */
    double n;        /**< aoristic weight inside the window */
    double total;    /**< the unit's total weight */
    double share;    /**< n / total */
    double expected; /**< the reference profile's share of the window */
    double lift;     /**< share / expected */
    double p;        /**< one-sided binomial p, Bonferroni-adjusted over the windows tried */
    char label[64];  /**< Swedish label, e.g. "fre–lör 22–03" (UTF-8) */
} hs_concentration;

/**
 * Finds concentrations in nunits hour-of-week tables (tables[u * 168 + h]). reference (168) is
 * the profile to compare with; NULL = the sum of all units. Writes a malloc'ed array ranked by p
 * (then lift) to *out (free with hs_concentrations_free) and its length to *nout.
 */
HS_API int hs_concentrations_find(hs_concentration **out, size_t *nout, hs_ctx *ctx,
                                  const double *tables, size_t nunits, const double *reference,
                                  const hs_conc_opts *opts);
/** Frees a result of hs_concentrations_find. Accepts NULL. */
HS_API void hs_concentrations_free(hs_concentration *c);

/**
 * Upper tail of the binomial distribution P(X >= x), X ~ Bin(n, p), through the regularized
 * incomplete beta function, so x and n may be non-integer aoristic weights (0 <= x <= n).
 */
HS_API double hs_binom_upper(double x, double n, double p);

#ifdef __cplusplus
}
#endif
#endif
