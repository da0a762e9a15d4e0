/*
 * Tests of calendar arithmetic and the Europe/Stockholm rules, including the skipped and the
 * repeated hour, against dates checked by hand.
 */
#include <criterion/criterion.h>

#include "hotspot.h"

Test(tz, civil_roundtrip)
{
    cr_assert_eq(hs_days_from_civil(1970, 1, 1), 0);
    cr_assert_eq(hs_days_from_civil(2000, 3, 1), 11017);
    for (int64_t d = -800000; d < 800000; d += 997) {
        int64_t y;
        int m, dd;
        hs_civil_from_days(&y, &m, &dd, d);
        cr_assert_eq(hs_days_from_civil(y, m, dd), d);
    }
    cr_assert_eq(hs_weekday(hs_days_from_civil(2024, 3, 1)), 5); /* Friday */
    cr_assert_eq(hs_weekday(hs_days_from_civil(2025, 12, 22)), 1);
    cr_assert(hs_date_valid(2024, 2, 29));
    cr_assert(!hs_date_valid(2023, 2, 29));
    cr_assert(!hs_date_valid(1900, 2, 29));
}

Test(tz, stockholm_offsets)
{
    /* 2024: summer time 31 March 01:00 UTC to 27 October 01:00 UTC */
    int64_t start = hs_days_from_civil(2024, 3, 31) * 86400 + 3600;
    int64_t end = hs_days_from_civil(2024, 10, 27) * 86400 + 3600;
    cr_assert_eq(hs_tz_offset(HS_TZ_STOCKHOLM, start - 1), 3600);
    cr_assert_eq(hs_tz_offset(HS_TZ_STOCKHOLM, start), 7200);
    cr_assert_eq(hs_tz_offset(HS_TZ_STOCKHOLM, end - 1), 7200);
    cr_assert_eq(hs_tz_offset(HS_TZ_STOCKHOLM, end), 3600);
    cr_assert_eq(hs_tz_offset(HS_TZ_UTC, start), 0);
}

Test(tz, skipped_and_repeated_hour)
{
    hs_wall_kind k;
    int64_t d = hs_days_from_civil(2024, 3, 31) * 86400;
    /* 02:30 on 31 March 2024 does not exist */
    hs_tz_wall_to_utc(&k, HS_TZ_STOCKHOLM, d + 2 * 3600 + 1800, 0);
    cr_assert_eq(k, HS_WALL_NONEXISTENT);
    /* 01:59 is winter time, 03:00 summer time: one minute of real time apart */
    int64_t a = hs_tz_wall_to_utc(&k, HS_TZ_STOCKHOLM, d + 3600 + 59 * 60, 0);
    int64_t b = hs_tz_wall_to_utc(&k, HS_TZ_STOCKHOLM, d + 3 * 3600, 0);
    cr_assert_eq(b - a, 60);
    /* 02:30 on 27 October 2024 happens twice */
    int64_t o = hs_days_from_civil(2024, 10, 27) * 86400 + 2 * 3600 + 1800;
    int64_t first = hs_tz_wall_to_utc(&k, HS_TZ_STOCKHOLM, o, 0);
    cr_assert_eq(k, HS_WALL_AMBIGUOUS);
    int64_t second = hs_tz_wall_to_utc(&k, HS_TZ_STOCKHOLM, o, 1);
    cr_assert_eq(second - first, 3600);
    cr_assert_eq(hs_tz_utc_to_wall(HS_TZ_STOCKHOLM, first), o);
    cr_assert_eq(hs_tz_utc_to_wall(HS_TZ_STOCKHOLM, second), o);
    /* a winter noon */
    int64_t w = hs_days_from_civil(2024, 1, 15) * 86400 + 12 * 3600;
    cr_assert_eq(hs_tz_wall_to_utc(&k, HS_TZ_STOCKHOLM, w, 0), w - 3600);
    cr_assert_eq(k, HS_WALL_NORMAL);
}
