/*
 * Calendar arithmetic (days from civil dates, after H. Hinnant's public-domain algorithms) and the
 * Europe/Stockholm rules: CET (+1) with CEST (+2) from the last Sunday of March 01:00 UTC to the
 * last Sunday of October 01:00 UTC (from 1996; September before, from 1980). No tzdata, no locale.
 */
#include "core/hs_internal.h"

#include <pthread.h>
#include <string.h>

int hs_tz_parse(hs_tz *out, const char *name)
{
    if (!out || !name) {
        return HS_EINVAL;
    }
    if (hs__strcasecmp(name, "Europe/Stockholm") == 0 || hs__strcasecmp(name, "sv") == 0 ||
        hs__strcasecmp(name, "CET") == 0 || hs__strcasecmp(name, "local") == 0) {
        *out = HS_TZ_STOCKHOLM;
        return HS_OK;
    }
    if (hs__strcasecmp(name, "UTC") == 0 || hs__strcasecmp(name, "GMT") == 0 ||
        hs__strcasecmp(name, "Z") == 0) {
        *out = HS_TZ_UTC;
        return HS_OK;
    }
    return HS_EUNSUPPORTED;
}

int64_t hs_days_from_civil(int64_t y, int m, int d)
{
    y -= m <= 2;
    int64_t era = (y >= 0 ? y : y - 399) / 400;
    int64_t yoe = y - era * 400;
    int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

void hs_civil_from_days(int64_t *y, int *m, int *d, int64_t z)
{
    z += 719468;
    int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    int64_t doe = z - era * 146097;
    int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    int64_t mp = (5 * doy + 2) / 153;
    int dd = (int)(doy - (153 * mp + 2) / 5 + 1);
    int mm = (int)(mp < 10 ? mp + 3 : mp - 9);
    *y = yoe + era * 400 + (mm <= 2);
    *m = mm;
    *d = dd;
}

int hs_weekday(int64_t days)
{
    /* 1970-01-01 was a Thursday (4) */
    int64_t w = (days + 3) % 7;
    if (w < 0) {
        w += 7;
    }
    return (int)w + 1;
}

int hs_date_valid(int64_t y, int m, int d)
{
    static const int mdays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (m < 1 || m > 12 || d < 1 || y < -9999 || y > 9999) {
        return 0;
    }
    int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    return d <= mdays[m - 1] + (m == 2 && leap);
}

static int64_t last_sunday(int64_t y, int m)
{
    static const int mdays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    int64_t last = hs_days_from_civil(y, m, mdays[m - 1]);
    return last - (hs_weekday(last) % 7);
}

/* UTC instants where summer time starts and ends in year y; 0 when the year has none. */
static int dst_bounds(int64_t y, int64_t *start, int64_t *end)
{
    if (y < 1980) {
        return 0;
    }
    int64_t s = y == 1980 ? hs_days_from_civil(1980, 4, 6) : last_sunday(y, 3);
    int64_t e = y < 1996 ? last_sunday(y, 9) : last_sunday(y, 10);
    *start = s * 86400 + 3600;
    *end = e * 86400 + 3600;
    return 1;
}

static int64_t year_of_utc(int64_t utc)
{
    int64_t days = utc >= 0 ? utc / 86400 : -((-utc + 86399) / 86400);
    int64_t y;
    int m, d;
    hs_civil_from_days(&y, &m, &d, days);
    return y;
}

/* The summer-time bounds of the years 1970 .. 2199 in a table filled once: an offset is then a
 * year guessed from the day count and two comparisons instead of two calendar conversions (a
 * build asks for one several times per incident). The guess, days / 365.2425, is off by at most a
 * couple of days around New Year, when there is no summer time in any year. */
#define TAB_Y0 1970
#define TAB_NY 230
static int64_t tab_start[TAB_NY], tab_end[TAB_NY];
static pthread_once_t tab_once = PTHREAD_ONCE_INIT;

static void tab_fill(void)
{
    for (int k = 0; k < TAB_NY; k++) {
        if (!dst_bounds(TAB_Y0 + k, &tab_start[k], &tab_end[k])) {
            tab_start[k] = tab_end[k] = 0;
        }
    }
}

int hs_tz_offset(hs_tz tz, int64_t utc)
{
    if (tz == HS_TZ_UTC) {
        return 0;
    }
    if (utc >= 0 && utc < (int64_t)(TAB_NY - 1) * 365 * 86400) {
        pthread_once(&tab_once, tab_fill);
        int64_t k = (int64_t)((double)(utc / 86400) / 365.2425);
        return utc >= tab_start[k] && utc < tab_end[k] ? 7200 : 3600;
    }
    int64_t s, e;
    if (dst_bounds(year_of_utc(utc), &s, &e) && utc >= s && utc < e) {
        return 7200;
    }
    return 3600;
}

int64_t hs_tz_utc_to_wall(hs_tz tz, int64_t utc)
{
    return utc + hs_tz_offset(tz, utc);
}

int64_t hs_tz_wall_to_utc(hs_wall_kind *kind, hs_tz tz, int64_t wall, int later)
{
    hs_wall_kind k = HS_WALL_NORMAL;
    int64_t out;
    if (tz == HS_TZ_UTC) {
        out = wall;
    } else {
        int64_t a = wall - 3600; /* read as winter time */
        int64_t b = wall - 7200; /* read as summer time */
        int oka = hs_tz_offset(tz, a) == 3600;
        int okb = hs_tz_offset(tz, b) == 7200;
        if (oka && okb) {
            k = HS_WALL_AMBIGUOUS;
            out = later ? a : b;
        } else if (oka) {
            out = a;
        } else if (okb) {
            out = b;
        } else {
            k = HS_WALL_NONEXISTENT;
            out = a; /* offset before the change: 02:30 -> 01:30 UTC = 03:30 CEST */
        }
    }
    if (kind) {
        *kind = k;
    }
    return out;
}

void hs_tz_format(char buf[32], hs_tz tz, int64_t utc)
{
    int64_t wall = hs_tz_utc_to_wall(tz, utc);
    int off = hs_tz_offset(tz, utc);
    int64_t days = wall / 86400;
    int64_t sec = wall % 86400;
    if (sec < 0) {
        sec += 86400;
        days--;
    }
    int64_t y;
    int m, d;
    hs_civil_from_days(&y, &m, &d, days);
    int aoff = off < 0 ? -off : off;
    if (y < 0 || y > 9999) {
        hs__fmt(buf, 32, "%lld-%02d-%02dT%02d:%02d:%02dZ", (long long)y, m, d, (int)(sec / 3600),
                (int)(sec / 60 % 60), (int)(sec % 60));
        return;
    }
    /* written digit by digit: a GeoPackage of a million incidents formats two million times */
    char *p = hs__put_digits(buf, (uint64_t)y, 4);
    *p++ = '-';
    p = hs__put_digits(p, (uint64_t)m, 2);
    *p++ = '-';
    p = hs__put_digits(p, (uint64_t)d, 2);
    *p++ = 'T';
    p = hs__put_digits(p, (uint64_t)(sec / 3600), 2);
    *p++ = ':';
    p = hs__put_digits(p, (uint64_t)(sec / 60 % 60), 2);
    *p++ = ':';
    p = hs__put_digits(p, (uint64_t)(sec % 60), 2);
    if (tz == HS_TZ_UTC) {
        *p++ = 'Z';
    } else {
        *p++ = off < 0 ? '-' : '+';
        p = hs__put_digits(p, (uint64_t)(aoff / 3600), 2);
        *p++ = ':';
        p = hs__put_digits(p, (uint64_t)(aoff / 60 % 60), 2);
    }
    *p = '\0';
}
