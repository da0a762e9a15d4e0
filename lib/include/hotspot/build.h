/*
 * The whole lägesbild from a project file: ingest -> geocode -> aggregate (grid, places, kommuner)
 * -> KDE -> Gi* -> temporal and concentrations -> comparison of crime and insecurity -> GeoPackage
 * -> maps -> report. Inputs are fingerprinted so that a re-run with nothing changed does nothing.
 * Every step logs one line with counts and timing through the context.
 */
#ifndef HOTSPOT_BUILD_H
#define HOTSPOT_BUILD_H

#include "types.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct hs_build_opts {
    int version;
    int force;                /**< recompute even when nothing changed */
    const char *command;      /**< command line, recorded in the run metadata */
    int64_t max_rejects;      /**< overrides every input's max_rejects when >= 0 */
    double max_rejects_share; /**< same, as a share 0..1, when >= 0 */
    /** A period report to write beside the report: "2025-W48", "2025-11", "2025-T3", or "week",
     * "month", "tertial" for the latest complete one; NULL: as [output] cadence says (none when
     * absent). */
    const char *period;
} hs_build_opts;
#define HS_BUILD_OPTS_VERSION 2
#define HS_BUILD_OPTS_INIT                                                                         \
    {                                                                                              \
        HS_BUILD_OPTS_VERSION, 0, NULL, -1, -1.0, NULL                                             \
    }

/** What a build did. Paths are empty when that output was not asked for. */
typedef struct hs_build_summary {
    int unchanged; /**< 1: nothing changed since the last build, nothing written */
    int64_t rows_read;
    int64_t incidents;  /**< kept crime records */
    int64_t complaints; /**< kept complaint / insecurity records */
    int64_t rejected;
    int64_t geocoded; /**< records placed by the geocoder */
    int64_t review;   /**< geocoding ties and low scores sent to review */
    int64_t local;    /**< records precise enough for cells and densities */
    int64_t by_precision[HS_PREC_NONE + 1];
    double bandwidth; /**< KDE bandwidth used (m) */
    double distance;  /**< Gi* distance band used (m) */
    int hot_cells;    /**< Gi* cells with gi_bin >= 2 */
    char gpkg[1024];
    char maps[1024];
    char report[1024];
    char period_report[1024]; /**< the period report (EST week, month, tertial), when asked for */
    double seconds;
} hs_build_summary;

/** Runs the pipeline of project p. */
HS_API int hs_build_run(hs_build_summary *out, hs_ctx *ctx, const hs_project *p,
                        const hs_build_opts *opts);

#ifdef __cplusplus
}
#endif
#endif
