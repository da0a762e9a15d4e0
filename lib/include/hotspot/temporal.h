/*
 * Aoristic weights (Ratcliffe): an incident known only to lie in [from, to] spreads one unit of
 * weight over the hours of the week (and the months of the year) in proportion to how much of its
 * window falls in each, in local wall-clock time with daylight saving. Plain C over arrays; this
 * header must not grow I/O. Hour-of-week index: (weekday - 1) * 24 + hour, weekday 1 = Monday.
 */
#ifndef HOTSPOT_TEMPORAL_H
#define HOTSPOT_TEMPORAL_H

#include "calendar.h"
#include "gistar.h"
#include "gpkg.h"
#include "grid.h"
#include "tz.h"
#include "types.h"

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define HS_HOURS_PER_WEEK 168

/** How a record's window was treated (the return value of hs_aoristic_record). */
typedef enum hs_aoristic_case {
    HS_AOR_SPREAD = 0, /**< spread over the hours its window overlaps */
    HS_AOR_EXACT = 1,  /**< no end, or a window of a minute or less: all weight on the start hour */
    HS_AOR_REVERSED = 2, /**< end before start: all weight on the start hour */
    HS_AOR_WEEK = 3,     /**< window of 7 days or more: 1/168 on every hour of the week */
    HS_AOR_DROPPED = 4,  /**< window longer than the cap: left out (no weight) */
    HS_AOR_NOTIME = 5    /**< no start time: left out */
} hs_aoristic_case;

typedef struct hs_aoristic_opts {
    int version;
    hs_tz tz;           /**< zone of the local clock (default Europe/Stockholm) */
    int64_t max_window; /**< seconds; windows longer than this are left out (0 = keep all) */
} hs_aoristic_opts;
#define HS_AORISTIC_OPTS_VERSION 1
#define HS_AORISTIC_OPTS_INIT                                                                      \
    {                                                                                              \
        HS_AORISTIC_OPTS_VERSION, HS_TZ_STOCKHOLM, 0                                               \
    }

/** Counts of the cases met while building tables. */
typedef struct hs_aoristic_stats {
    int64_t records; /**< records seen (unit >= 0) */
    int64_t spread, exact, reversed, week, dropped, notime;
    int64_t missing_end; /**< of exact: no end time at all */
    double weight;       /**< total weight written */
} hs_aoristic_stats;

/**
 * Adds w times the hour-of-week weights of one record to how[168] and, when month is not NULL,
 * to month[12] (index month - 1). from/to are UTC seconds (to may be HS_TIME_NONE). A window is
 * [from, to); its weights sum to w. Returns the hs_aoristic_case, or HS_EINVAL for bad options.
 */
HS_API int hs_aoristic_record(double *how, double *month, int64_t from, int64_t to, double w,
                              const hs_aoristic_opts *opts);

/**
 * Hour-of-week tables per unit: out[u * 168 + h] (nunits * 168 doubles, owned by the caller) is
 * set to the sum of the weights of the records i with unit[i] == u (unit[i] < 0 or >= nunits is
 * skipped; unit NULL puts every record in unit 0). w may be NULL (every record weighs 1). stats
 * may be NULL. Reports progress and honours cancellation through ctx.
 */
HS_API int hs_aoristic_table(double *out, hs_aoristic_stats *stats, hs_ctx *ctx,
                             const int64_t *from, const int64_t *to, const double *w,
                             const int32_t *unit, size_t n, size_t nunits,
                             const hs_aoristic_opts *opts);

/** Hour of day (24) and weekday (7, Monday first) margins of a 168 table. */
HS_API void hs_aoristic_margins(double *hour24, double *weekday7, const double *how);

/** Season of a month (1..12): 0 winter (Dec–Feb), 1 spring, 2 summer, 3 autumn. */
HS_API int hs_season_of_month(int month);

/**
 * Share of each record's weight that falls in an hour-of-week mask (mask[h] non-zero = in the
 * window): out[i] in [0, 1] (0 for dropped or timeless records). These are the per-record weights
 * for densities and Gi* of a time window: a record 30 % likely to fall in the window weighs 0.3.
 */
HS_API int hs_aoristic_window_weights(double *out, hs_ctx *ctx, const int64_t *from,
                                      const int64_t *to, size_t n, const uint8_t *mask,
                                      const hs_aoristic_opts *opts);

/**
 * Parses a window such as "fre-lör 22-03", "mån–fre 07-09", "alla 22-06" or "helg 22-03" into an
 * hour-of-week mask (the hours of each listed start day from the first hour, running past
 * midnight into the next day when the end is earlier). Day names in Swedish (mån tis ons tor fre
 * lör sön) or English (mon..sun); "vardag" = mån–fre, "helg" = lör–sön, "alla" = every day.
 */
HS_API int hs_window_parse(uint8_t *mask, hs_ctx *ctx, const char *text);

/** Periods of a time series. Indices are consecutive integers (see hs_period_of_day). */
typedef enum hs_period {
    HS_PERIOD_WEEK = 0,  /**< ISO weeks (Monday first); index = weeks since 1969-12-29 */
    HS_PERIOD_MONTH = 1, /**< calendar months; index = year * 12 + month - 1 */
    HS_PERIOD_TERTIAL = 2 /**< tertials (Jan–Apr, May–Aug, Sep–Dec); index = year * 3 + t - 1 */
} hs_period;

/** The period index of a day count (hs_days_from_civil). */
HS_API int64_t hs_period_of_day(int64_t days, hs_period p);
/** The first day (day count) of a period index. */
HS_API int64_t hs_period_first_day(int64_t idx, hs_period p);
/** Label of a period: "2024-W09" (ISO week), "2024-03", "2024 T1". buf needs 16 bytes. */
HS_API void hs_period_label(char *buf, size_t size, int64_t idx, hs_period p);

/** Parses "2025-W48" (ISO week), "2025-11" (month) or "2025-T3" / "2025 T3" (tertial) into a
 * period index and its kind; HS_EINVAL otherwise (including week 53 of a 52-week year). */
HS_API int hs_period_parse(int64_t *idx, hs_period *p, const char *s);
/** The same period a year earlier: the month or tertial 12 months before, the ISO week with the
 * same number in the ISO year before (week 53 becomes week 52). */
HS_API int64_t hs_period_year_before(int64_t idx, hs_period p);
/** Title of a period for a report page: "vecka 48 2025 (24–30 november)", "november 2025",
 * "tertial 3 2025 (september–december)" (lang "en": English). */
HS_API void hs_period_title(char *buf, size_t size, int64_t idx, hs_period p, const char *lang);

/**
 * Time series per unit: out[u * nperiods + k] (owned by the caller) is the aoristic weight of the
 * records of unit u in period first + k, a window spread over the local days it overlaps (edge
 * rules and the cap as in hs_aoristic_record; windows of 7 days or more are spread too). Weight
 * outside [first, first + nperiods) is left out. unit may be NULL (one unit), w may be NULL.
 */
HS_API int hs_series_build(double *out, hs_ctx *ctx, const int64_t *from, const int64_t *to,
                           const double *w, const int32_t *unit, size_t n, size_t nunits,
                           hs_period p, int64_t first, size_t nperiods,
                           const hs_aoristic_opts *opts);

/** A change between two periods (the EST cadence: week over week, tertial over tertial). */
typedef struct hs_change {
    double before, after;
    double ratio; /**< after / before (INFINITY when before is 0 and after is not, NAN for 0/0) */
    double p;     /**< exact two-sided test of equal rates: after | before + after ~ Bin(n, 1/2) */
} hs_change;

/** Compares two counts (small-count exact test, valid for any count down to zero). */
HS_API void hs_series_compare(hs_change *out, double before, double after);

/**
 * Groups of marked cells joined through 8-neighbour (queen) contiguity, e.g. the hot-spot
 * clusters of a Gi* map: label[c] (nx * ny, owned by the caller) gets the group 0..*ngroups - 1
 * of a marked cell (groups numbered in scan order from the south-west) and -1 elsewhere.
 */
HS_API int hs_cell_clusters(int32_t *label, size_t *ngroups, hs_ctx *ctx, const hs_grid_spec *g,
                            const uint8_t *marked);

/**
 * Units from integer keys (kommun codes, cell indices): *uniq (malloc'ed, free with free()) gets
 * the sorted distinct non-negative keys and *nuniq their number; of[i] (n, owned by the caller)
 * the index of key[i] in *uniq, or -1 for a negative key.
 */
HS_API int hs_group_keys(int32_t *of, int64_t **uniq, size_t *nuniq, hs_ctx *ctx,
                         const int64_t *key, size_t n);

/**
 * Hot-spot clusters of a grid of counts: cells whose Gi* bin (gistar.h, FDR-corrected) is 2 or 3
 * grouped by hs_cell_clusters. label (nx * ny) as there; *ncells (may be NULL) gets the number
 * of hot cells.
 */
HS_API int hs_hotspot_clusters(int32_t *label, size_t *nclusters, size_t *ncells, hs_ctx *ctx,
                               const hs_grid_spec *g, const double *counts,
                               const hs_gistar_opts *opts);

/* ---- writing the tables into a GeoPackage (gpkg.h); ids[u] names unit u ---- */
/** The `temporal` table: unit_id, weekday (1 = Monday), hour, weight (nunits * 168 rows). */
HS_API int hs_temporal_write_table(hs_gpkg *g, const char *const *ids, size_t nunits,
                                   const double *table);
/** The `strata` table: unit_id, stratum, weight, share of the unit, lift against all records. */
HS_API int hs_temporal_write_strata(hs_gpkg *g, const char *const *ids, size_t nunits,
                                    const int64_t *from, const int64_t *to, const double *w,
                                    const int32_t *unit, size_t n, const hs_calendar_opts *opts);
/** The `series` table: unit_id, period, n, ratio and p_change against the period before. */
HS_API int hs_temporal_write_series(hs_gpkg *g, const char *const *ids, size_t nunits,
                                    const int64_t *from, const int64_t *to, const double *w,
                                    const int32_t *unit, size_t n, hs_period per,
                                    const hs_aoristic_opts *opts);

/**
 * Maps of one time window (mask from hs_window_parse): every record weighs the share of its window
 * inside the mask times its weight; writes the `gistar` layer (Gi* on cells of side cell, queen
 * neighbours) and the `kde` raster (quartic, ArcGIS bandwidth, cells of side kde_cell, per km2)
 * into g. label (e.g. "fre–lör 22–03") describes the raster. HS_ENODATA when nothing falls in it.
 */
HS_API int hs_temporal_write_window(hs_gpkg *g, hs_ctx *ctx, const hs_records *rec,
                                    const uint8_t *mask, const char *label, double cell,
                                    double kde_cell, const hs_aoristic_opts *opts);

#ifdef __cplusplus
}
#endif
#endif
