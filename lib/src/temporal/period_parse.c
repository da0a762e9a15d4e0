/*
 * Calendar periods named as analysts name them: ISO weeks ("2025-W48", the EST week), months
 * ("2025-11") and tertials ("2025-T3", the follow-up of a medborgarlöfte), parsed to period
 * indices (hs_period_of_day), the same period a year earlier, and the Swedish or English title.
 */
#include "core/hs_internal.h"

#include <stdio.h>
#include <string.h>

/* Monday of ISO week 1 of ISO year y: the Monday of the week holding 4 January. */
static int64_t iso_week1_monday(int64_t y)
{
    int64_t jan4 = hs_days_from_civil(y, 1, 4);
    return jan4 - (hs_weekday(jan4) - 1);
}

/* ISO weeks in year y: 53 when 1 January or (leap years) 31 December is a Thursday. */
static int iso_weeks(int64_t y)
{
    return iso_week1_monday(y + 1) - iso_week1_monday(y) == 53 * 7 ? 53 : 52;
}

static int digits(const char *s, size_t n, int64_t *out)
{
    int64_t v = 0;
    for (size_t i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9') {
            return 0;
        }
        v = v * 10 + (s[i] - '0');
    }
    *out = v;
    return 1;
}

int hs_period_parse(int64_t *idx, hs_period *p, const char *s)
{
    int64_t y, k;
    size_t n = s ? strlen(s) : 0;
    if (n < 7 || !digits(s, 4, &y) || (s[4] != '-' && s[4] != ' ')) {
        return HS_EINVAL;
    }
    const char *r = s + 5;
    if ((r[0] == 'W' || r[0] == 'w') && n == 8 && digits(r + 1, 2, &k)) {
        if (k < 1 || k > iso_weeks(y)) {
            return HS_EINVAL;
        }
        *p = HS_PERIOD_WEEK;
        *idx = hs_period_of_day(iso_week1_monday(y) + (k - 1) * 7, HS_PERIOD_WEEK);
        return HS_OK;
    }
    if ((r[0] == 'T' || r[0] == 't') && n == 7 && digits(r + 1, 1, &k) && k >= 1 && k <= 3) {
        *p = HS_PERIOD_TERTIAL;
        *idx = y * 3 + k - 1;
        return HS_OK;
    }
    if (n == 7 && s[4] == '-' && digits(r, 2, &k) && k >= 1 && k <= 12) {
        *p = HS_PERIOD_MONTH;
        *idx = y * 12 + k - 1;
        return HS_OK;
    }
    return HS_EINVAL;
}

int64_t hs_period_year_before(int64_t idx, hs_period p)
{
    if (p == HS_PERIOD_MONTH) {
        return idx - 12;
    }
    if (p == HS_PERIOD_TERTIAL) {
        return idx - 3;
    }
    /* the same ISO week number of the ISO year before (week 53 becomes week 52) */
    int64_t monday = hs_period_first_day(idx, HS_PERIOD_WEEK);
    int64_t y, dd;
    int m, d;
    hs_civil_from_days(&y, &m, &d, monday + 3);
    dd = (monday - iso_week1_monday(y)) / 7 + 1;
    if (dd > iso_weeks(y - 1)) {
        dd = iso_weeks(y - 1);
    }
    return hs_period_of_day(iso_week1_monday(y - 1) + (dd - 1) * 7, HS_PERIOD_WEEK);
}

void hs_period_title(char *buf, size_t size, int64_t idx, hs_period p, const char *lang)
{
    static const char *const sv[12] = {"januari",   "februari", "mars",     "april",
                                       "maj",       "juni",     "juli",     "augusti",
                                       "september", "oktober",  "november", "december"};
    static const char *const en[12] = {"January",   "February", "March",    "April",
                                       "May",       "June",     "July",     "August",
                                       "September", "October",  "November", "December"};
    int e = lang && strcmp(lang, "en") == 0;
    const char *const *mon = e ? en : sv;
    int64_t first = hs_period_first_day(idx, p), last = hs_period_first_day(idx + 1, p) - 1;
    int64_t y0, y1;
    int m0, d0, m1, d1;
    hs_civil_from_days(&y0, &m0, &d0, first);
    hs_civil_from_days(&y1, &m1, &d1, last);
    if (p == HS_PERIOD_WEEK) {
        int64_t yi;
        int mi, di;
        hs_civil_from_days(&yi, &mi, &di, first + 3);
        int64_t week = (first - iso_week1_monday(yi)) / 7 + 1;
        if (m0 == m1) {
            hs__fmt(buf, size, e ? "week %lld %lld (%d–%d %s)" : "vecka %lld %lld (%d–%d %s)",
                    (long long)week, (long long)yi, d0, d1, mon[m1 - 1]);
        } else {
            hs__fmt(buf, size,
                    e ? "week %lld %lld (%d %s – %d %s)" : "vecka %lld %lld (%d %s – %d %s)",
                    (long long)week, (long long)yi, d0, mon[m0 - 1], d1, mon[m1 - 1]);
        }
    } else if (p == HS_PERIOD_MONTH) {
        hs__fmt(buf, size, "%s %lld", mon[m0 - 1], (long long)y0);
    } else {
        hs__fmt(buf, size, e ? "tertial %d %lld (%s–%s)" : "tertial %d %lld (%s–%s)",
                (m0 - 1) / 4 + 1, (long long)y0, mon[m0 - 1], mon[m1 - 1]);
    }
}
