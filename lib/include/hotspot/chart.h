/*
 * Charts in the style of the maps: the hour × weekday heat table ("brottsklocka"), a monthly
 * series beside the previous year, and category bars; written as PDF, PNG or SVG (by extension).
 * This header names no third-party type; drawing lives in chart_cairo.c.
 */
#ifndef HOTSPOT_CHART_H
#define HOTSPOT_CHART_H

#include "types.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct hs_chart_opts {
    int version;
    double width_mm; /**< size of the chart on paper (default 180 x 100 mm) */
    double height_mm;
    double dpi;           /**< PNG resolution (default 200) */
    const char *title;    /**< borrowed for the call */
    const char *subtitle; /**< e.g. the period or the area */
    const char *lang;     /**< "sv" (default) or "en" */
    const char *source;   /**< a footnote, e.g. "Källa: Polisen" */
} hs_chart_opts;
#define HS_CHART_OPTS_VERSION 1
#define HS_CHART_OPTS_INIT                                                                         \
    {                                                                                              \
        HS_CHART_OPTS_VERSION, 180.0, 100.0, 200.0, NULL, NULL, "sv", NULL                         \
    }

/**
 * The brottsklocka: weights[(weekday) * 24 + hour], weekday 0 = Monday … 6 = Sunday, hour 0–23
 * (local time), e.g. aoristic weights. Rows are the weekdays (mån … sön), columns the hours.
 */
HS_API int hs_chart_clock(hs_ctx *ctx, const char *path, const double *weights,
                          const hs_chart_opts *opts);
/**
 * Monthly counts: current[i] and previous[i] (previous year; may be NULL) for n months starting
 * at calendar month first_month (1–12). Bars for the current year, a line for the previous.
 */
HS_API int hs_chart_monthly(hs_ctx *ctx, const char *path, const double *current,
                            const double *previous, size_t n, int first_month,
                            const hs_chart_opts *opts);
/** Horizontal bars: one per category, in the order given. labels are UTF-8. */
HS_API int hs_chart_bars(hs_ctx *ctx, const char *path, const char *const *labels,
                         const double *values, size_t n, const hs_chart_opts *opts);

/**
 * The near-repeat (Knox) heat table: ratio[i * n_day + j] for distance band i (upper edges
 * dist_edges, metres) and day band j (upper edges day_edges, days), p the matching p-values (may
 * be NULL). Cells with p < 0.05 are bold with an asterisk. Title default (sv): "Upprepad
 * brottslighet nära i tid och rum (Knoxtest)".
 */
HS_API int hs_chart_knox(hs_ctx *ctx, const char *path, const double *dist_edges, size_t n_dist,
                         const double *day_edges, size_t n_day, const double *ratio,
                         const double *p, const hs_chart_opts *opts);

/** Swedish (lang "sv") or English abbreviation of weekday 0 = Monday … 6 = Sunday. */
HS_API const char *hs_weekday_abbr(int weekday, const char *lang);

#ifdef __cplusplus
}
#endif
#endif
