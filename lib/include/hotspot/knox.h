/*
 * Near-repeat analysis (Knox test): pairs of incidents counted in distance bands x day bands,
 * compared with Monte Carlo permutations of the times (seeded). Knox ratio = observed / mean of
 * the simulations; p = (#simulations >= observed + 1) / (permutations + 1). Plain C over arrays.
 * Its cost is bounded: close pairs are found through a grid of cells as wide as the largest
 * distance band (O(n log n + candidate pairs)); when the candidate pairs exceed max_pairs a seeded
 * random share of the incidents is used, and when pairs x permutations exceed max_work the
 * permutations are reduced, or below 19 of them replaced by Knox's analytic expectation
 * (pairs in the distance band x share of time pairs in the day band, p from the Poisson tail).
 * hs_knox_info says which form ran.
 */
#ifndef HOTSPOT_KNOX_H
#define HOTSPOT_KNOX_H

#include "records.h"
#include "types.h"
#include "tz.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct hs_knox_opts {
    int version;
    const double *dist_edges; /**< upper edges of the distance bands in metres, ascending */
    size_t n_dist;
    const double *day_edges; /**< upper edges of the day bands, ascending */
    size_t n_day;
    int manhattan;    /**< 1: |dx| + |dy| (street grids), 0: Euclidean (default) */
    int permutations; /**< Monte Carlo permutations of the times (default 999) */
    uint64_t seed;    /**< generator seed: the same seed gives the same p-values */
    /* version 2 */
    double max_pairs; /**< candidate pairs to test before subsampling (0: HS_KNOX_MAX_PAIRS) */
    double max_work;  /**< pairs x permutations before fewer permutations (0: HS_KNOX_MAX_WORK) */
} hs_knox_opts;
#define HS_KNOX_OPTS_VERSION 2
#define HS_KNOX_OPTS_INIT                                                                          \
    {                                                                                              \
        HS_KNOX_OPTS_VERSION, NULL, 0, NULL, 0, 0, 999, 20240601u, 0, 0                            \
    }
/** Default budgets: 5e6 candidate pairs (at most 60 MB of close pairs), 2e8 pair steps (a few
 * seconds on one core). */
#define HS_KNOX_MAX_PAIRS 5e6
#define HS_KNOX_MAX_WORK 2e8
/** The smallest permutation count run; a budget that affords fewer uses the analytic form. */
#define HS_KNOX_MIN_PERMUTATIONS 19

typedef enum hs_knox_method {
    HS_KNOX_PERMUTATION = 0, /**< Monte Carlo permutations of the times */
    HS_KNOX_ANALYTIC = 1     /**< expectation N_d * T_t / N, p from the Poisson upper tail */
} hs_knox_method;

/** What a Knox run did (filled by hs_knox_compute). */
typedef struct hs_knox_info {
    size_t n;              /**< incidents used */
    double sample;         /**< share of the incidents used (1: all) */
    double candidates;     /**< candidate pairs of all incidents (cells within one band width) */
    uint64_t pairs;        /**< pairs within the largest distance band among those used */
    int permutations;      /**< permutations run (0 with the analytic form) */
    hs_knox_method method; /**< which expectation and p */
    double p_se;           /**< largest Monte Carlo standard error of a p (0: analytic) */
} hs_knox_info;

/**
 * Knox table of n incidents at (x, y) with times t in days. A pair is in distance band k when
 * e[k-1] < d <= e[k] (e[-1] = -1, so band 0 holds distance 0) and in day band l likewise for
 * |t_i - t_j|; pairs beyond the last edges are not counted. Outputs (n_dist * n_day values,
 * row-major by distance band, owned by the caller, any but observed may be NULL): observed pair
 * counts, the mean of the simulated counts, the Knox ratio (NaN when that mean is 0) and p.
 */
HS_API int hs_knox_run(int64_t *observed, double *sim_mean, double *ratio, double *p, hs_ctx *ctx,
                       const double *x, const double *y, const double *t, size_t n,
                       const hs_knox_opts *opts);

/** hs_knox_run that also says what it did: *info (may be NULL) gets the incidents and share
 * used, the pairs, the permutations run, the method and the largest Monte Carlo error of p. */
HS_API int hs_knox_compute(int64_t *observed, double *sim_mean, double *ratio, double *p,
                           hs_knox_info *info, hs_ctx *ctx, const double *x, const double *y,
                           const double *t, size_t n, const hs_knox_opts *opts);

/**
 * The Knox input of records r: the place and the local calendar day (time zone tz) of every
 * record located within the kommun (hs_precision_is_local) that has a start time. x, y and t hold
 * hs_records_count(r) values (owned by the caller); returns how many were filled.
 */
HS_API size_t hs_knox_points(double *x, double *y, double *t, const hs_records *r, hs_tz tz);

/** hs_knox_points restricted to the records whose category index k has keep[k] != 0 (keep has
 * hs_records_category_count(r) entries; NULL keeps every record, records without a category are
 * kept only then). */
HS_API size_t hs_knox_points_in(double *x, double *y, double *t, const hs_records *r, hs_tz tz,
                                const uint8_t *keep);

/**
 * Writes the `near_repeat` table (no geometry) to an open GeoPackage: one row per distance band x
 * day band of o (row-major by distance band) with dist_from, dist_to, days_from, days_to,
 * observed, expected (the simulations' mean), knox_ratio and p, from hs_knox_run's outputs.
 */
HS_API int hs_knox_write_table(hs_gpkg *gp, const hs_knox_opts *o, const int64_t *observed,
                               const double *expected, const double *ratio, const double *p);

#ifdef __cplusplus
}
#endif
#endif
