/*
 * Counting incidents per named area (kommuner, DeSO/RegSO, stadsdelar, torg, parker; a
 * lokalpolisområde is the sum of its kommuner) by point in polygon, or by kommun code for records
 * located only to their kommun. Plain arrays in, counts out.
 */
#ifndef HOTSPOT_AGGREGATE_H
#define HOTSPOT_AGGREGATE_H

#include "areas.h"

#ifdef __cplusplus
extern "C" {
#endif

/**
 * Counts points per area: counts[k] for the hs_areas_count(a) areas, and per category
 * cat_counts[c * narea + k] when not NULL. Each point counts once, in the area hs_areas_locate
 * gives it (the first listed when on a shared boundary). Points of kommun, lan or no precision
 * (precision may be NULL) never count; *outside (may be NULL) gets the usable points in no area.
 */
HS_API int hs_aggregate_areas(int64_t *counts, int64_t *cat_counts, int64_t *outside, hs_ctx *ctx,
                              const hs_areas *a, const double *x, const double *y,
                              const uint8_t *precision, const int32_t *cat, size_t ncat, size_t n);

/**
 * Counts records per area by code: a record counts in the area whose id is its kommun code
 * (4 digits, "0883" matches 883). Every precision counts (this is how kommun-precision records
 * reach the kommuner layer). *unmatched (may be NULL) gets the records with no such area.
 */
HS_API int hs_aggregate_by_code(int64_t *counts, int64_t *unmatched, hs_ctx *ctx, const hs_areas *a,
                                const int32_t *kommun_code, size_t n);

#ifdef __cplusplus
}
#endif
#endif
