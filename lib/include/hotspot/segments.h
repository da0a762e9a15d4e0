/*
 * Crime concentration at street segments, in one step: incidents placed precisely enough
 * (exact, address, street, intersection) are snapped to the nearest segment of a street network
 * within a distance (coarser or farther ones are counted as unsnapped, never forced), counted per
 * segment and category, summarised as the concentration curve (lorenz.h), tested with Gi* over
 * network neighbours (FDR as for cells), compared between the first and last year of the data
 * (stability), and the top segments get the time windows their incidents concentrate in. The
 * results are written as the `segments` and `segments_gistar` layers with their run parameters.
 */
#ifndef HOTSPOT_SEGMENTS_H
#define HOTSPOT_SEGMENTS_H

#include "gpkg.h"
#include "lorenz.h"
#include "network.h"
#include "records.h"
#include "tz.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct hs_segments_opts {
    int version;
    double snap;        /**< snap distance in metres (default 50) */
    double distance;    /**< Gi* neighbours within this network distance (0 = sharing a node) */
    double alpha;       /**< FDR level of the Gi* classes (default 0.05) */
    size_t top;         /**< top segments given time windows (default 10) */
    double top_share;   /**< share of segments in the top set of the stability (default 0.05) */
    hs_tz tz;           /**< zone of the wall-clock times (years, time windows) */
    int64_t max_window; /**< time windows longer than this (seconds) are left out of the top
                             segments' times (0 = none), as [temporal] max_window_days */
} hs_segments_opts;
#define HS_SEGMENTS_OPTS_VERSION 1
#define HS_SEGMENTS_OPTS_INIT                                                                      \
    {                                                                                              \
        HS_SEGMENTS_OPTS_VERSION, 50.0, 0.0, 0.05, 10, 0.05, HS_TZ_STOCKHOLM, 0                    \
    }

/** The results, one value per segment unless said; owned, free with hs_segments_result_free. */
typedef struct hs_segments_result {
    size_t nseg;
    double *n;   /**< incidents (weights; a point at a node split equally) */
    double *cat; /**< ncat blocks of nseg values: n per category */
    size_t ncat;
    double *z, *p, *q; /**< Gi* (network neighbours, self included), two-sided p, BH q */
    int8_t *bin;       /**< -3..3 after FDR */
    int32_t *nnb;      /**< neighbours including the segment itself */
    int gistar_ok;     /**< 0 when Gi* could not be computed (no variance) */
    /* the incidents */
    size_t n_records;               /**< records given */
    size_t n_precise;               /**< of precise enough precision with coordinates */
    size_t n_snapped;               /**< of those, within the snap distance */
    size_t n_at_node;               /**< of those, at a node and split */
    size_t n_far;                   /**< precise but farther than the snap distance */
    double mean_snap;               /**< mean snap distance of the snapped (metres) */
    hs_lorenz_summary conc;         /**< concentration over every segment */
    hs_lorenz_summary conc_cat[32]; /**< per category (first 32) */
    /* stability between the first and the last year with snapped incidents */
    int year_a, year_b; /**< 0 when the data span less than two years */
    hs_lorenz_stability stab;
    hs_lorenz_summary conc_a, conc_b; /**< concentration in the first and the last year */
    size_t npairs;                    /**< consecutive years compared (at most 16) */
    int pair_year[16];                /**< pair k compares pair_year[k] with the next year */
    hs_lorenz_stability pair[16];
    /* top segments by n, with their strongest time window */
    size_t ntop;
    size_t *top;              /**< segment indices, largest n first */
    char (*top_window)[64];   /**< "fre–lör 22–03", or "" when no window stands out */
    double *top_window_share; /**< share of the segment's incidents in that window */
} hs_segments_result;

/** Runs the analysis of records over network net. */
HS_API int hs_segments_analyse(hs_segments_result *out, hs_ctx *ctx, const hs_network *net,
                               const hs_records *rec, const hs_segments_opts *opts);
/** Frees the arrays of a result (not the struct). Accepts NULL. */
HS_API void hs_segments_result_free(hs_segments_result *r);

/**
 * Writes the `segments` layer (segment_id, name, type, length_m, n, n_per_100m, share, rank,
 * from_street, to_street (the streets crossing at its ends), n_<category>..., gi_z, gi_p, gi_q,
 * gi_bin, n_neighbours, window, suppressed) and, when Gi* was computed, `segments_gistar`
 * (segment_id, name, n, gi_z, gi_p, gi_q, gi_bin, n_neighbours), and the run parameters segments_*
 * (the measures, the snap rule, the counts; the stability of the first against the last year
 * and of each pair of consecutive years, segments_stability_<year>_<next>_stay / _spearman).
 * suppressed is 1 when 0 < n < min_count. cat_names has
 * r->ncat names.
 */
HS_API int hs_segments_write(hs_gpkg *g, const hs_network *net, const hs_segments_result *r,
                             const char *const *cat_names, const hs_segments_opts *opts,
                             int64_t min_count);

/**
 * Records a concentration summary in the run table under prefix (e.g. "conc_cells"): _units,
 * _total, _share25, _share50, _gini, _gini_gen.
 */
HS_API int hs_lorenz_write_params(hs_gpkg *g, const char *prefix, const hs_lorenz_summary *s);

#ifdef __cplusplus
}
#endif
#endif
