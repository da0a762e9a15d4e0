/*
 * Tests of sunrise and sunset against an independent formulation (the Almanac's sunrise equation,
 * tests/data/temporal/make_sun_ref.py) within 2 minutes, against published times for Stockholm
 * (timeanddate.com, 2024-06-21 03:30/22:08 CEST, 2024-12-21 08:43/14:48 CET) within 2 minutes,
 * and Kiruna's polar night and midnight sun.
 */
#include <criterion/criterion.h>

#include "hotspot.h"

#include <stdio.h>
#include <string.h>

static int64_t tod(int h, int m, int s)
{
    return h * 3600 + m * 60 + s;
}

Test(sun, matches_independent_formula)
{
    FILE *f = fopen(HS_SOURCE_DIR "/tests/data/temporal/sun_ref.csv", "r");
    cr_assert(f);
    char line[256];
    cr_assert(fgets(line, sizeof line, f));
    int rows = 0;
    while (fgets(line, sizeof line, f)) {
        char place[32], kind[32];
        double lat, lon;
        int y, mo, d, rh = 0, rm = 0, rs = 0, sh = 0, sm = 0, ss = 0;
        int n = sscanf(line, "%31[^,],%lf,%lf,%d-%d-%d,%31[^,],%d:%d:%d,%d:%d:%d", place, &lat,
                       &lon, &y, &mo, &d, kind, &rh, &rm, &rs, &sh, &sm, &ss);
        cr_assert(n >= 7, "bad line %s", line);
        int64_t rise, set;
        int k = hs_sun_times(&rise, &set, y, mo, d, lat, lon);
        int64_t day0 = hs_days_from_civil(y, mo, d) * 86400;
        if (strcmp(kind, "normal") == 0) {
            cr_assert_eq(k, HS_SUN_NORMAL, "%s %d-%d-%d", place, y, mo, d);
            cr_assert(llabs(rise - day0 - tod(rh, rm, rs)) <= 120, "%s %d-%d-%d rise off by %lld s",
                      place, y, mo, d, (long long)(rise - day0 - tod(rh, rm, rs)));
            cr_assert(llabs(set - day0 - tod(sh, sm, ss)) <= 120, "%s %d-%d-%d set off by %lld s",
                      place, y, mo, d, (long long)(set - day0 - tod(sh, sm, ss)));
        } else if (strcmp(kind, "midnight_sun") == 0) {
            cr_assert_eq(k, HS_SUN_MIDNIGHT_SUN, "%s %d-%d-%d", place, y, mo, d);
        } else {
            cr_assert_eq(k, HS_SUN_POLAR_NIGHT, "%s %d-%d-%d", place, y, mo, d);
        }
        rows++;
    }
    fclose(f);
    cr_assert_eq(rows, 24);
}

Test(sun, stockholm_published_times)
{
    int64_t rise, set;
    cr_assert_eq(hs_sun_times(&rise, &set, 2024, 6, 21, 59.3293, 18.0686), HS_SUN_NORMAL);
    int64_t d0 = hs_days_from_civil(2024, 6, 21) * 86400;
    cr_assert(llabs(rise - (d0 + tod(1, 30, 0))) <= 120); /* 03:30 CEST */
    cr_assert(llabs(set - (d0 + tod(20, 8, 0))) <= 120);  /* 22:08 CEST */
    cr_assert_eq(hs_sun_times(&rise, &set, 2024, 12, 21, 59.3293, 18.0686), HS_SUN_NORMAL);
    d0 = hs_days_from_civil(2024, 12, 21) * 86400;
    cr_assert(llabs(rise - (d0 + tod(7, 43, 0))) <= 120); /* 08:43 CET */
    cr_assert(llabs(set - (d0 + tod(13, 48, 0))) <= 120); /* 14:48 CET */
}

Test(sun, kiruna_polar_night_and_midnight_sun)
{
    int64_t rise, set;
    /* Kiruna: polar night mid-December to early January, midnight sun about 28 May - 16 July */
    cr_assert_eq(hs_sun_times(&rise, &set, 2024, 12, 15, 67.8558, 20.2253), HS_SUN_POLAR_NIGHT);
    cr_assert_eq(hs_sun_times(&rise, &set, 2024, 12, 20, 67.8558, 20.2253), HS_SUN_POLAR_NIGHT);
    cr_assert_eq(hs_sun_times(&rise, &set, 2024, 6, 10, 67.8558, 20.2253), HS_SUN_MIDNIGHT_SUN);
    cr_assert_eq(hs_sun_times(&rise, &set, 2024, 7, 10, 67.8558, 20.2253), HS_SUN_MIDNIGHT_SUN);
    cr_assert_eq(hs_sun_times(&rise, &set, 2024, 8, 15, 67.8558, 20.2253), HS_SUN_NORMAL);
    cr_assert(set > rise);
    /* Stockholm never has either */
    for (int m = 1; m <= 12; m++) {
        cr_assert_eq(hs_sun_times(&rise, &set, 2024, m, 15, 59.33, 18.07), HS_SUN_NORMAL);
    }
}
