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

/* The last Sunday of month m of year y as a day count, written out independently of tz.c. */
static int64_t ref_last_sunday(int64_t y, int m)
{
    static const int mdays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    int64_t d = hs_days_from_civil(y, m, mdays[m - 1]);
    while (hs_weekday(d) != 7) {
        d--;
    }
    return d;
}

Test(tz, offsets_every_year_at_the_changes_and_new_year)
{
    /* each year from 1970 to 2250 (past the table tz.c keeps), a second either side of both
     * changes and of New Year, against the rules computed here */
    for (int64_t y = 1970; y <= 2250; y++) {
        int64_t s = 0, e = 0;
        if (y >= 1980) {
            s = (y == 1980 ? hs_days_from_civil(1980, 4, 6) : ref_last_sunday(y, 3)) * 86400 + 3600;
            e = ref_last_sunday(y, y < 1996 ? 9 : 10) * 86400 + 3600;
        }
        int64_t ny = hs_days_from_civil(y, 1, 1) * 86400;
        int64_t probe[] = {ny - 1, ny, ny + 1, s - 1, s, s + 1, e - 1, e, e + 1};
        for (size_t k = 0; k < sizeof probe / sizeof probe[0]; k++) {
            int64_t t = probe[k];
            int want = y >= 1980 && t >= s && t < e ? 7200 : 3600;
            cr_assert_eq(hs_tz_offset(HS_TZ_STOCKHOLM, t), want, "year %lld, t %lld", (long long)y,
                         (long long)t);
        }
    }
}
