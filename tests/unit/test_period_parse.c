/*
 * Tests of the named periods of the period report: ISO weeks across the new year (2020 has 53
 * weeks, 2021 has 52; 2026-W01 starts on 29 December 2025), months and tertials, the same period a
 * year earlier (week 53 becomes week 52) and the Swedish titles.
 */
#include <criterion/criterion.h>
#include <string.h>

#include "hotspot.h"

static int64_t monday(const char *s)
{
    int64_t idx;
    hs_period p;
    cr_assert_eq(hs_period_parse(&idx, &p, s), HS_OK, "%s", s);
    cr_assert_eq(p, HS_PERIOD_WEEK);
    return hs_period_first_day(idx, p);
}

Test(period, iso_weeks_across_the_new_year)
{
    cr_assert_eq(monday("2026-W01"), hs_days_from_civil(2025, 12, 29));
    cr_assert_eq(monday("2020-W53"), hs_days_from_civil(2020, 12, 28));
    cr_assert_eq(monday("2021-W01"), hs_days_from_civil(2021, 1, 4));
    cr_assert_eq(monday("2025-W48"), hs_days_from_civil(2025, 11, 24));
    cr_assert_eq(monday("2025-W13"), hs_days_from_civil(2025, 3, 24));
    int64_t idx;
    hs_period p;
    cr_assert_eq(hs_period_parse(&idx, &p, "2021-W53"), HS_EINVAL);
    cr_assert_eq(hs_period_parse(&idx, &p, "2025-W00"), HS_EINVAL);
    cr_assert_eq(hs_period_parse(&idx, &p, "2025W48"), HS_EINVAL);
    /* each day of a week belongs to it, the day after to the next */
    int64_t m = monday("2026-W01");
    cr_assert_eq(monday("2026-W01"),
                 hs_period_first_day(hs_period_of_day(m + 6, HS_PERIOD_WEEK), HS_PERIOD_WEEK));
    char lab[16];
    hs_period_label(lab, sizeof lab, hs_period_of_day(m + 7, HS_PERIOD_WEEK), HS_PERIOD_WEEK);
    cr_assert_str_eq(lab, "2026-W02");
    hs_period_label(lab, sizeof lab,
                    hs_period_of_day(hs_days_from_civil(2021, 1, 3), HS_PERIOD_WEEK),
                    HS_PERIOD_WEEK);
    cr_assert_str_eq(lab, "2020-W53");
}

Test(period, months_tertials_and_a_year_before)
{
    int64_t idx;
    hs_period p;
    cr_assert_eq(hs_period_parse(&idx, &p, "2025-11"), HS_OK);
    cr_assert_eq(p, HS_PERIOD_MONTH);
    cr_assert_eq(hs_period_first_day(idx, p), hs_days_from_civil(2025, 11, 1));
    cr_assert_eq(hs_period_first_day(hs_period_year_before(idx, p), p),
                 hs_days_from_civil(2024, 11, 1));
    cr_assert_eq(hs_period_parse(&idx, &p, "2025-T3"), HS_OK);
    cr_assert_eq(p, HS_PERIOD_TERTIAL);
    cr_assert_eq(hs_period_first_day(idx, p), hs_days_from_civil(2025, 9, 1));
    cr_assert_eq(hs_period_parse(&idx, &p, "2025 T1"), HS_OK);
    cr_assert_eq(hs_period_first_day(idx, p), hs_days_from_civil(2025, 1, 1));
    cr_assert_eq(hs_period_parse(&idx, &p, "2025-T4"), HS_EINVAL);
    cr_assert_eq(hs_period_parse(&idx, &p, "2025-13"), HS_EINVAL);
    /* week 53 of 2020 a year earlier is week 52 of 2019; week 10 is week 10 */
    cr_assert_eq(hs_period_parse(&idx, &p, "2020-W53"), HS_OK);
    cr_assert_eq(hs_period_first_day(hs_period_year_before(idx, p), p), monday("2019-W52"));
    cr_assert_eq(hs_period_parse(&idx, &p, "2026-W10"), HS_OK);
    cr_assert_eq(hs_period_first_day(hs_period_year_before(idx, p), p), monday("2025-W10"));
}

Test(period, titles)
{
    int64_t idx;
    hs_period p;
    char buf[128];
    hs_period_parse(&idx, &p, "2026-W01");
    hs_period_title(buf, sizeof buf, idx, p, "sv");
    cr_assert_str_eq(buf, "vecka 1 2026 (29 december – 4 januari)");
    hs_period_parse(&idx, &p, "2025-W48");
    hs_period_title(buf, sizeof buf, idx, p, "en");
    cr_assert_str_eq(buf, "week 48 2025 (24–30 November)");
    hs_period_parse(&idx, &p, "2025-T3");
    hs_period_title(buf, sizeof buf, idx, p, "sv");
    cr_assert_str_eq(buf, "tertial 3 2025 (september–december)");
    hs_period_parse(&idx, &p, "2025-02");
    hs_period_title(buf, sizeof buf, idx, p, "sv");
    cr_assert_str_eq(buf, "februari 2025");
}
