/*
 * The Swedish calendar as strata of time: public holidays (Easter-based days and midsommar
 * computed), Valborg, nyår, school holidays given by the project, and darkness (sun below the
 * horizon, computed astronomically for a place and date with NOAA's solar position equations).
 * Plain C; no I/O. Dates are proleptic Gregorian; instants are UTC seconds.
 */
#ifndef HOTSPOT_CALENDAR_H
#define HOTSPOT_CALENDAR_H

#include "tz.h"
#include "types.h"

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/** Easter Sunday of a Gregorian year (anonymous Gregorian algorithm). */
HS_API void hs_easter(int *month, int *day, int64_t year);

/** Named days of the Swedish calendar. */
typedef enum hs_holiday {
    HS_HOL_NONE = 0,
    HS_HOL_NYARSDAGEN,        /**< 1 Jan */
    HS_HOL_TRETTONDEDAG_JUL,  /**< 6 Jan */
    HS_HOL_LANGFREDAGEN,      /**< Easter − 2 */
    HS_HOL_PASKAFTON,         /**< Easter − 1 (eve, not official) */
    HS_HOL_PASKDAGEN,         /**< Easter */
    HS_HOL_ANNANDAG_PASK,     /**< Easter + 1 */
    HS_HOL_VALBORG,           /**< 30 Apr (eve, not official) */
    HS_HOL_FORSTA_MAJ,        /**< 1 May */
    HS_HOL_KRISTI_HIMMELFARD, /**< Easter + 39 */
    HS_HOL_PINGSTDAGEN,       /**< Easter + 49 */
    HS_HOL_NATIONALDAGEN,     /**< 6 Jun */
    HS_HOL_MIDSOMMARAFTON,    /**< Friday 19–25 Jun (eve, not official) */
    HS_HOL_MIDSOMMARDAGEN,    /**< Saturday 20–26 Jun */
    HS_HOL_ALLA_HELGONS_DAG,  /**< Saturday 31 Oct – 6 Nov */
    HS_HOL_JULAFTON,          /**< 24 Dec (eve, not official) */
    HS_HOL_JULDAGEN,          /**< 25 Dec */
    HS_HOL_ANNANDAG_JUL,      /**< 26 Dec */
    HS_HOL_NYARSAFTON         /**< 31 Dec (eve, not official) */
} hs_holiday;

/** The named day of a date (HS_HOL_NONE for an ordinary day). */
HS_API hs_holiday hs_holiday_of(int64_t y, int m, int d);
/** Swedish name ("midsommarafton"); "" for HS_HOL_NONE. */
HS_API const char *hs_holiday_name(hs_holiday h);
/** 1 for an official public holiday (röd dag), 0 for an eve or an ordinary day. */
HS_API int hs_holiday_is_public(hs_holiday h);

/** Kind of day for the sun at a place. */
typedef enum hs_sun_kind {
    HS_SUN_NORMAL = 0,       /**< the sun rises and sets */
    HS_SUN_MIDNIGHT_SUN = 1, /**< above the horizon all day */
    HS_SUN_POLAR_NIGHT = 2   /**< below the horizon all day */
} hs_sun_kind;

/**
 * Sunrise and sunset (upper limb with standard refraction, zenith 90.833°) on the UTC date
 * y-m-d at latitude/longitude in degrees (east positive), as UTC seconds. Returns the
 * hs_sun_kind; on HS_SUN_MIDNIGHT_SUN / HS_SUN_POLAR_NIGHT *rise and *set are the day's start.
 */
HS_API int hs_sun_times(int64_t *rise, int64_t *set, int64_t y, int m, int d, double lat,
                        double lon);

/** Strata of time: sets of instants an incident's window can overlap. */
typedef enum hs_stratum {
    HS_STRATUM_HOLIDAY = 0, /**< a public holiday or an eve (local day) */
    HS_STRATUM_VALBORG = 1, /**< 30 Apr 18:00 – 1 May 06:00 local */
    HS_STRATUM_NYAR = 2,    /**< 31 Dec 18:00 – 1 Jan 06:00 local */
    HS_STRATUM_SKOLLOV = 3, /**< local days in the school-holiday periods given */
    HS_STRATUM_DARK = 4,    /**< between sunset and sunrise at the calendar's place */
    HS_STRATUM_COUNT = 5
} hs_stratum;

/** Stable short names: "helgdag", "valborg", "nyar", "skollov", "morker". */
HS_API const char *hs_stratum_name(hs_stratum s);

typedef struct hs_calendar_opts {
    int version;
    hs_tz tz;        /**< local clock */
    double lat, lon; /**< the place for darkness (degrees, WGS 84) */
    const int64_t
        *skollov;    /**< pairs (first, last) of day counts (hs_days_from_civil), inclusive */
    size_t nskollov; /**< number of pairs */
} hs_calendar_opts;
#define HS_CALENDAR_OPTS_VERSION 1
/** Defaults: Europe/Stockholm, Vänersborg (58.38 N, 12.32 E), no school holidays. */
#define HS_CALENDAR_OPTS_INIT                                                                      \
    {                                                                                              \
        HS_CALENDAR_OPTS_VERSION, HS_TZ_STOCKHOLM, 58.38, 12.32, NULL, 0                           \
    }

/** 1 when the instant lies in the stratum, 0 when not, negative on bad options. */
HS_API int hs_calendar_in(int64_t utc, hs_stratum s, const hs_calendar_opts *opts);

/**
 * Aoristic share of a window [from, to) that lies in the stratum (0..1): an exact time (no end,
 * or a minute or less) counts 1 or 0; end before start is read as exact at the start.
 */
HS_API int hs_calendar_share(double *share, int64_t from, int64_t to, hs_stratum s,
                             const hs_calendar_opts *opts);

/**
 * Strata tables per unit: out[u * HS_STRATUM_COUNT + s] (owned by the caller) is the sum over the
 * records of unit u (unit NULL: one unit; w NULL: weight 1) of weight x share of the record's
 * window in stratum s (hs_calendar_share). Records without a start time are skipped.
 */
HS_API int hs_calendar_table(double *out, hs_ctx *ctx, const int64_t *from, const int64_t *to,
                             const double *w, const int32_t *unit, size_t n, size_t nunits,
                             const hs_calendar_opts *opts);

#ifdef __cplusplus
}
#endif
#endif
