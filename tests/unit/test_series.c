/*
 * Tests of time series per unit: ISO week, month and tertial indices and labels checked by hand,
 * a window split across a week boundary, and the exact two-sided comparison of two counts
 * against hand-computed binomial probabilities.
 */
#include <criterion/criterion.h>

#include "hotspot.h"

static int64_t sthlm(int64_t y, int m, int d, int hh, int mm)
{
    return hs_tz_wall_to_utc(NULL, HS_TZ_STOCKHOLM,
                             hs_days_from_civil(y, m, d) * 86400 + hh * 3600 + mm * 60, 0);
}

Test(series, periods_and_labels)
{
    char buf[16];
    int64_t d = hs_days_from_civil(2024, 3, 1); /* Friday of ISO week 9 */
    hs_period_label(buf, sizeof buf, hs_period_of_day(d, HS_PERIOD_WEEK), HS_PERIOD_WEEK);
    cr_assert_str_eq(buf, "2024-W09");
    cr_assert_eq(hs_period_first_day(hs_period_of_day(d, HS_PERIOD_WEEK), HS_PERIOD_WEEK),
                 hs_days_from_civil(2024, 2, 26));
    /* 2024-12-30 belongs to ISO week 1 of 2025; 2021-01-03 to week 53 of 2020 */
    d = hs_days_from_civil(2024, 12, 30);
    hs_period_label(buf, sizeof buf, hs_period_of_day(d, HS_PERIOD_WEEK), HS_PERIOD_WEEK);
    cr_assert_str_eq(buf, "2025-W01");
    d = hs_days_from_civil(2021, 1, 3);
    hs_period_label(buf, sizeof buf, hs_period_of_day(d, HS_PERIOD_WEEK), HS_PERIOD_WEEK);
    cr_assert_str_eq(buf, "2020-W53");
    d = hs_days_from_civil(2024, 8, 31);
    hs_period_label(buf, sizeof buf, hs_period_of_day(d, HS_PERIOD_MONTH), HS_PERIOD_MONTH);
    cr_assert_str_eq(buf, "2024-08");
    hs_period_label(buf, sizeof buf, hs_period_of_day(d, HS_PERIOD_TERTIAL), HS_PERIOD_TERTIAL);
    cr_assert_str_eq(buf, "2024 T2");
    cr_assert_eq(hs_period_first_day(hs_period_of_day(d, HS_PERIOD_TERTIAL), HS_PERIOD_TERTIAL),
                 hs_days_from_civil(2024, 5, 1));
}

Test(series, windows_split_over_weeks)
{
    /* Sunday 2024-03-03 18:00 to Monday 06:00 local: half in week 9, half in week 10 */
    int64_t from[3] = {sthlm(2024, 3, 3, 18, 0), sthlm(2024, 3, 5, 12, 0),
                       sthlm(2024, 3, 12, 23, 30)};
    int64_t to[3] = {sthlm(2024, 3, 4, 6, 0), HS_TIME_NONE, HS_TIME_NONE};
    int32_t unit[3] = {0, 0, 1};
    int64_t first = hs_period_of_day(hs_days_from_civil(2024, 2, 26), HS_PERIOD_WEEK);
    double out[2 * 3];
    cr_assert_eq(
        hs_series_build(out, NULL, from, to, NULL, unit, 3, 2, HS_PERIOD_WEEK, first, 3, NULL),
        HS_OK);
    cr_assert_float_eq(out[0], 0.5, 1e-12);
    cr_assert_float_eq(out[1], 1.5, 1e-12);
    cr_assert_float_eq(out[2], 0.0, 1e-12);
    cr_assert_float_eq(out[3 + 2], 1.0, 1e-12); /* local 23:30 Tuesday of week 11 */
}

Test(series, compare_small_counts)
{
    hs_change c;
    /* 2 then 10: P(X >= 10 | 12, 1/2) = (1 + 12 + 66) / 4096; two-sided doubles it */
    hs_series_compare(&c, 2, 10);
    cr_assert_float_eq(c.p, 2.0 * 79.0 / 4096.0, 1e-12);
    cr_assert_float_eq(c.ratio, 5.0, 1e-12);
    hs_series_compare(&c, 10, 2);
    cr_assert_float_eq(c.p, 2.0 * 79.0 / 4096.0, 1e-12);
    hs_series_compare(&c, 5, 5);
    cr_assert_float_eq(c.p, 1.0, 1e-12);
    hs_series_compare(&c, 0, 3); /* 2 * (1/8) */
    cr_assert_float_eq(c.p, 0.25, 1e-12);
    cr_assert(isinf(c.ratio));
    hs_series_compare(&c, 0, 0);
    cr_assert_float_eq(c.p, 1.0, 0);
}
