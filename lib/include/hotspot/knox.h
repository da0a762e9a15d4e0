/*
 * Near-repeat analysis (Knox test): pairs of incidents counted in distance bands x day bands,
 * compared with Monte Carlo permutations of the times (seeded). Knox ratio = observed / mean of
 * the simulations; p = (#simulations >= observed + 1) / (permutations + 1). Plain C over arrays.
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
} hs_knox_opts;
#define HS_KNOX_OPTS_VERSION 1
#define HS_KNOX_OPTS_INIT                                                                          \
    {                                                                                              \
        HS_KNOX_OPTS_VERSION, NULL, 0, NULL, 0, 0, 999, 20240601u                                  \
    }

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

/**
 * The Knox input of records r: the place and the local calendar day (time zone tz) of every
 * record located within the kommun (hs_precision_is_local) that has a start time. x, y and t hold
 * hs_records_count(r) values (owned by the caller); returns how many were filled.
 */
HS_API size_t hs_knox_points(double *x, double *y, double *t, const hs_records *r, hs_tz tz);

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
