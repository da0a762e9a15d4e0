/*
 * The Swedish calendar: Easter by the anonymous Gregorian algorithm, the public holidays and eves
 * derived from it and from fixed rules (midsommar, alla helgons dag), and strata of time (holiday,
 * Valborg, nyår, skollov, darkness) with the aoristic share of a window that falls in each. Plain
 * C; the sun's times come from sun.c. No I/O here.
 */
#include "core/hs_internal.h"

#include <stddef.h>

void hs_easter(int *month, int *day, int64_t year)
{
    int64_t a = year % 19;
    int64_t b = year / 100;
    int64_t c = year % 100;
    int64_t d = b / 4;
    int64_t e = b % 4;
    int64_t f = (b + 8) / 25;
    int64_t g = (b - f + 1) / 3;
    int64_t h = (19 * a + b - d - g + 15) % 30;
    int64_t i = c / 4;
    int64_t k = c % 4;
    int64_t l = (32 + 2 * e + 2 * i - h - k) % 7;
    int64_t m = (a + 11 * h + 22 * l) / 451;
    int64_t n = h + l - 7 * m + 114;
    *month = (int)(n / 31);
    *day = (int)(n % 31 + 1);
}

hs_holiday hs_holiday_of(int64_t y, int m, int d)
{
    int64_t days = hs_days_from_civil(y, m, d);
    int wd = hs_weekday(days);
    int em, ed;
    hs_easter(&em, &ed, y);
    int64_t off = days - hs_days_from_civil(y, em, ed);
    switch (off) {
    case -2:
        return HS_HOL_LANGFREDAGEN;
    case -1:
        return HS_HOL_PASKAFTON;
    case 0:
        return HS_HOL_PASKDAGEN;
    case 1:
        return HS_HOL_ANNANDAG_PASK;
    case 39:
        return HS_HOL_KRISTI_HIMMELFARD;
    case 49:
        return HS_HOL_PINGSTDAGEN;
    default:
        break;
    }
    int md = m * 100 + d;
    switch (md) {
    case 101:
        return HS_HOL_NYARSDAGEN;
    case 106:
        return HS_HOL_TRETTONDEDAG_JUL;
    case 430:
        return HS_HOL_VALBORG;
    case 501:
        return HS_HOL_FORSTA_MAJ;
    case 606:
        return HS_HOL_NATIONALDAGEN;
    case 1224:
        return HS_HOL_JULAFTON;
    case 1225:
        return HS_HOL_JULDAGEN;
    case 1226:
        return HS_HOL_ANNANDAG_JUL;
    case 1231:
        return HS_HOL_NYARSAFTON;
    default:
        break;
    }
    if (wd == 5 && md >= 619 && md <= 625) {
        return HS_HOL_MIDSOMMARAFTON;
    }
    if (wd == 6 && md >= 620 && md <= 626) {
        return HS_HOL_MIDSOMMARDAGEN;
    }
    if (wd == 6 && (md == 1031 || (md >= 1101 && md <= 1106))) {
        return HS_HOL_ALLA_HELGONS_DAG;
    }
    return HS_HOL_NONE;
}

static const char *const holiday_names[] = {"",
                                            "nyårsdagen",
                                            "trettondedag jul",
                                            "långfredagen",
                                            "påskafton",
                                            "påskdagen",
                                            "annandag påsk",
                                            "valborgsmässoafton",
                                            "första maj",
                                            "Kristi himmelfärds dag",
                                            "pingstdagen",
                                            "Sveriges nationaldag",
                                            "midsommarafton",
                                            "midsommardagen",
                                            "alla helgons dag",
                                            "julafton",
                                            "juldagen",
                                            "annandag jul",
                                            "nyårsafton"};

const char *hs_holiday_name(hs_holiday h)
{
    if ((int)h < 0 || (size_t)h >= sizeof holiday_names / sizeof holiday_names[0]) {
        return "";
    }
    return holiday_names[h];
}

int hs_holiday_is_public(hs_holiday h)
{
    switch (h) {
    case HS_HOL_NONE:
    case HS_HOL_PASKAFTON:
    case HS_HOL_VALBORG:
    case HS_HOL_MIDSOMMARAFTON:
    case HS_HOL_JULAFTON:
    case HS_HOL_NYARSAFTON:
        return 0;
    default:
        return 1;
    }
}

const char *hs_stratum_name(hs_stratum s)
{
    static const char *const names[] = {"helgdag", "valborg", "nyar", "skollov", "morker"};
    if ((int)s < 0 || s >= HS_STRATUM_COUNT) {
        return "";
    }
    return names[s];
}

static int64_t floor_div(int64_t a, int64_t b)
{
    int64_t q = a / b;
    if ((a % b != 0) && ((a < 0) != (b < 0))) {
        q--;
    }
    return q;
}

static int in_skollov(int64_t days, const hs_calendar_opts *o)
{
    for (size_t i = 0; i < o->nskollov; i++) {
        if (days >= o->skollov[2 * i] && days <= o->skollov[2 * i + 1]) {
            return 1;
        }
    }
    return 0;
}

/* UTC instant of local wall-clock second (the earlier one in a repeated hour). */
static int64_t wall_utc(const hs_calendar_opts *o, int64_t wall)
{
    return hs_tz_wall_to_utc(NULL, o->tz, wall, 0);
}

/*
 * The stratum's intervals attached to local day `days` (UTC [a, b) pairs, at most 2), for
 * HS_STRATUM_DARK attached to the UTC day instead.
 */
static int day_intervals(int64_t *iv, int64_t days, hs_stratum s, const hs_calendar_opts *o)
{
    int64_t y;
    int m, d;
    hs_civil_from_days(&y, &m, &d, days);
    int64_t w0 = days * 86400;
    switch (s) {
    case HS_STRATUM_HOLIDAY:
        if (hs_holiday_of(y, m, d) == HS_HOL_NONE || hs_holiday_of(y, m, d) == HS_HOL_VALBORG) {
            return 0;
        }
        iv[0] = wall_utc(o, w0);
        iv[1] = wall_utc(o, w0 + 86400);
        return 1;
    case HS_STRATUM_SKOLLOV:
        if (!in_skollov(days, o)) {
            return 0;
        }
        iv[0] = wall_utc(o, w0);
        iv[1] = wall_utc(o, w0 + 86400);
        return 1;
    case HS_STRATUM_VALBORG:
    case HS_STRATUM_NYAR:
        if ((s == HS_STRATUM_VALBORG && !(m == 4 && d == 30)) ||
            (s == HS_STRATUM_NYAR && !(m == 12 && d == 31))) {
            return 0;
        }
        iv[0] = wall_utc(o, w0 + 18 * 3600);
        iv[1] = wall_utc(o, w0 + 30 * 3600);
        return 1;
    case HS_STRATUM_DARK: {
        int64_t rise, set;
        int k = hs_sun_times(&rise, &set, y, m, d, o->lat, o->lon);
        if (k == HS_SUN_MIDNIGHT_SUN) {
            return 0;
        }
        if (k == HS_SUN_POLAR_NIGHT) {
            iv[0] = w0;
            iv[1] = w0 + 86400;
            return 1;
        }
        iv[0] = w0;
        iv[1] = rise;
        iv[2] = set;
        iv[3] = w0 + 86400;
        return 2;
    }
    default:
        return -1;
    }
}

static const hs_calendar_opts *opts_or_default(const hs_calendar_opts *opts, hs_calendar_opts *def)
{
    hs_calendar_opts d = HS_CALENDAR_OPTS_INIT;
    *def = d;
    return opts ? opts : def;
}

/* Length of [from, to) inside the stratum, scanning the days that can touch it. */
static int64_t overlap(int64_t from, int64_t to, hs_stratum s, const hs_calendar_opts *o)
{
    int64_t lo = (s == HS_STRATUM_DARK) ? from : hs_tz_utc_to_wall(o->tz, from);
    int64_t hi = (s == HS_STRATUM_DARK) ? to : hs_tz_utc_to_wall(o->tz, to);
    int64_t total = 0;
    for (int64_t day = floor_div(lo, 86400) - 1; day <= floor_div(hi, 86400); day++) {
        int64_t iv[4];
        int k = day_intervals(iv, day, s, o);
        for (int j = 0; j < k; j++) {
            int64_t a = iv[2 * j] > from ? iv[2 * j] : from;
            int64_t b = iv[2 * j + 1] < to ? iv[2 * j + 1] : to;
            if (b > a) {
                total += b - a;
            }
        }
    }
    return total;
}

int hs_calendar_in(int64_t utc, hs_stratum s, const hs_calendar_opts *opts)
{
    hs_calendar_opts def;
    const hs_calendar_opts *o = opts_or_default(opts, &def);
    if (o->version != HS_CALENDAR_OPTS_VERSION || (int)s < 0 || s >= HS_STRATUM_COUNT) {
        return HS_EINVAL;
    }
    return overlap(utc, utc + 1, s, o) > 0;
}

int hs_calendar_share(double *share, int64_t from, int64_t to, hs_stratum s,
                      const hs_calendar_opts *opts)
{
    hs_calendar_opts def;
    const hs_calendar_opts *o = opts_or_default(opts, &def);
    if (!share || o->version != HS_CALENDAR_OPTS_VERSION || (int)s < 0 || s >= HS_STRATUM_COUNT ||
        from == HS_TIME_NONE) {
        return HS_EINVAL;
    }
    if (to == HS_TIME_NONE || to - from <= 60) {
        *share = (double)(overlap(from, from + 1, s, o) > 0);
        return HS_OK;
    }
    *share = (double)overlap(from, to, s, o) / (double)(to - from);
    return HS_OK;
}
