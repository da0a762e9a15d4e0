/*
 * Civil calendar arithmetic and the two time zones hotspot reads wall-clock times in:
 * Europe/Stockholm (CET/CEST, EU daylight-saving rules, computed without tzdata) and UTC (plain
 * wall-clock arithmetic). "Wall seconds" count seconds since 1970-01-01 00:00 on the local clock.
 */
#ifndef HOTSPOT_TZ_H
#define HOTSPOT_TZ_H

#include "types.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum hs_tz { HS_TZ_STOCKHOLM = 0, HS_TZ_UTC = 1 } hs_tz;

/** Parses "Europe/Stockholm" (also "sv", "CET") or "UTC"; HS_EUNSUPPORTED for other zones. */
HS_API int hs_tz_parse(hs_tz *out, const char *name);

/** Days since 1970-01-01 of a proleptic Gregorian date (month 1..12, day 1..31). */
HS_API int64_t hs_days_from_civil(int64_t y, int m, int d);
/** The date of a day count. */
HS_API void hs_civil_from_days(int64_t *y, int *m, int *d, int64_t days);
/** Weekday of a day count: 1 = Monday ... 7 = Sunday. */
HS_API int hs_weekday(int64_t days);
/** Checks a date (leap years included). */
HS_API int hs_date_valid(int64_t y, int m, int d);

/** Offset from UTC (seconds) in effect at a UTC instant. */
HS_API int hs_tz_offset(hs_tz tz, int64_t utc);
/** Local wall seconds of a UTC instant. */
HS_API int64_t hs_tz_utc_to_wall(hs_tz tz, int64_t utc);
/** utc as ISO 8601 wall time in tz: "2024-05-01T22:15:00+02:00" (Stockholm), "...Z" (UTC). */
HS_API void hs_tz_format(char buf[32], hs_tz tz, int64_t utc);

/** What a wall-clock time is in a zone with daylight saving. */
typedef enum hs_wall_kind {
    HS_WALL_NORMAL = 0,      /**< one UTC instant */
    HS_WALL_NONEXISTENT = 1, /**< in the skipped spring-forward hour */
    HS_WALL_AMBIGUOUS = 2    /**< in the repeated autumn hour */
} hs_wall_kind;

/**
 * The UTC instant of a wall-clock time. In the repeated hour the earlier instant (summer time) is
 * returned unless later is non-zero; in the skipped hour the time is read with the offset before
 * the change (02:30 becomes 03:30 CEST), as most systems do. kind (may be NULL) says which case.
 */
HS_API int64_t hs_tz_wall_to_utc(hs_wall_kind *kind, hs_tz tz, int64_t wall, int later);

#ifdef __cplusplus
}
#endif
#endif
