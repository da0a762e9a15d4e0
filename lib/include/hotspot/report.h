/*
 * The lägesbild appendix: a multi-page A4 PDF in Swedish (or English) from the GeoPackage of a
 * `hotspot build` run — summary with key figures and changes, overview map, one page per focus
 * area (map, time profile, top places and time windows) and a method and data-quality page. Layers
 * that are absent are left out with a note. This header names no third-party type.
 */
#ifndef HOTSPOT_REPORT_H
#define HOTSPOT_REPORT_H

#include "types.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct hs_report_opts {
    int version;
    const char *title;  /**< default "Lägesbild: brott och otrygghet" */
    const char *place;  /**< kommun name for titles (default: from the kommuner layer) */
    const char *lang;   /**< "sv" (default) or "en" */
    const char *source; /**< data source line (default "Källa: Polisen") */
    int is_public;      /**< 1 (default): no incidents, counts below min_count hidden */
    int min_count;      /**< default 5 */
    int max_focus;      /**< at most this many focus-area pages (default 6) */
    int overwrite;      /**< replace an existing out_path */
    const char *date;   /**< date printed on the pages (YYYY-MM-DD); NULL: today (UTC) */
} hs_report_opts;
#define HS_REPORT_OPTS_VERSION 1
#define HS_REPORT_OPTS_INIT                                                                        \
    {                                                                                              \
        HS_REPORT_OPTS_VERSION, NULL, NULL, "sv", NULL, 1, 5, 6, 0, NULL                           \
    }

/**
 * Writes the report of the GeoPackage gpkg_path to out_path (PDF). Fails with HS_ENOTFOUND when
 * the GeoPackage cannot be opened, HS_ENODATA when it holds no incidents, HS_EEXIST when out_path
 * exists and overwrite is 0, HS_EIO when writing fails. *pages (may be NULL) gets the page count.
 */
HS_API int hs_report_write(int *pages, hs_ctx *ctx, const char *gpkg_path, const char *out_path,
                           const hs_report_opts *opts);

/**
 * Writes the period report of the GeoPackage gpkg_path to out_path (PDF, one or two pages): the
 * EST week ("2025-W48"), a month ("2025-11") or a tertial ("2025-T3", the follow-up of a
 * medborgarlöfte). The period against the periods just before it (4 weeks, 3 months, 2 tertials)
 * and the same period a year earlier, per category and per place, with exact tests; cells that
 * became busy or quiet; the busiest places and times; the complaints beside the crimes.
 * HS_EINVAL for a period that cannot be parsed; otherwise as hs_report_write.
 */
/**
 * The latest complete period of a cadence ("week", "month" or "tertial") in the incidents of
 * gpkg_path, as hs_report_period takes it ("2025-W48", "2025-11", "2025-T3"): the last one that
 * ends on or before the local day of the latest incident.
 * HS_ENODATA when no incident has a time.
 */
HS_API int hs_report_latest_period(char *buf, size_t size, hs_ctx *ctx, const char *gpkg_path,
                                   const char *cadence);
HS_API int hs_report_period(int *pages, hs_ctx *ctx, const char *gpkg_path, const char *out_path,
                            const char *period, const hs_report_opts *opts);

#ifdef __cplusplus
}
#endif
#endif
