/*
 * Tests of aoristic weighting: the hour x weekday table of the DC burglaries against a reference
 * made by the R package's documented rules (tests/data/temporal/make_aoristic_ref.py), hand-made
 * windows across midnight, the week's end, both daylight-saving changes, edge rules, the sum-to-1
 * property, and the time-window parser and labels.
 */
#include <criterion/criterion.h>

#include "hotspot.h"
#include "core/hs_internal.h"
#include "temporal/temporal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* UTC (or plain wall-clock) seconds of a date and time. */
static int64_t at(int64_t y, int m, int d, int hh, int mm)
{
    return hs_days_from_civil(y, m, d) * 86400 + hh * 3600 + mm * 60;
}

/* Stockholm wall clock to UTC. */
static int64_t sthlm(int64_t y, int m, int d, int hh, int mm)
{
    return hs_tz_wall_to_utc(NULL, HS_TZ_STOCKHOLM, at(y, m, d, hh, mm), 0);
}

static int hw(int weekday, int hour)
{
    return (weekday - 1) * 24 + hour;
}

static double sum(const double *v, int n)
{
    double s = 0;
    for (int i = 0; i < n; i++) {
        s += v[i];
    }
    return s;
}

/* "2016-01-01 15:00:00" as wall seconds; HS_TIME_NONE when empty. */
static int64_t parse_dt(const char *s)
{
    int y, mo, d, h, mi, se;
    if (sscanf(s, "\"%d-%d-%d %d:%d:%d\"", &y, &mo, &d, &h, &mi, &se) != 6) {
        return HS_TIME_NONE;
    }
    return at(y, mo, d, h, mi) + se;
}

Test(aoristic, dcburglaries_matches_r_package)
{
    FILE *f = fopen(HS_SHARED_DATA "/crime_aoristic/dcburglaries.csv", "r");
    if (!f) {
        cr_skip_test("shared data not available");
    }
    char line[512];
    cr_assert(fgets(line, sizeof line, f));
    double how[168] = {0};
    hs_aoristic_opts o = HS_AORISTIC_OPTS_INIT;
    o.tz = HS_TZ_UTC;
    int n = 0, missing = 0;
    while (fgets(line, sizeof line, f)) {
        char *c1 = strchr(line, ',');
        char *c2 = c1 ? strchr(c1 + 1, ',') : NULL;
        char *c3 = c2 ? strchr(c2 + 1, ',') : NULL;
        cr_assert(c3);
        int64_t from = parse_dt(c2 + 1);
        int64_t to = parse_dt(c3 + 1);
        missing += to == HS_TIME_NONE;
        int rc = hs_aoristic_record(how, NULL, from, to, 1.0, &o);
        cr_assert(rc >= 0);
        n++;
    }
    fclose(f);
    cr_assert_eq(n, 1025);
    cr_assert_eq(missing, 37);
    cr_assert_float_eq(sum(how, 168), 1025.0, 1e-9);

    f = fopen(HS_SOURCE_DIR "/tests/data/temporal/dcburglaries_ref.csv", "r");
    cr_assert(f);
    cr_assert(fgets(line, sizeof line, f));
    int rows = 0;
    while (fgets(line, sizeof line, f)) {
        int h;
        double v[7];
        cr_assert_eq(sscanf(line, "%d,%lf,%lf,%lf,%lf,%lf,%lf,%lf", &h, &v[0], &v[1], &v[2], &v[3],
                            &v[4], &v[5], &v[6]),
                     8);
        for (int d = 0; d < 7; d++) {
            cr_assert_float_eq(how[hw(d + 1, h)], v[d], 5e-4, "hour %d day %d: %f vs %f", h, d + 1,
                               how[hw(d + 1, h)], v[d]);
        }
        rows++;
    }
    fclose(f);
    cr_assert_eq(rows, 24);
}

Test(aoristic, across_midnight_and_week_end)
{
    hs_aoristic_opts o = HS_AORISTIC_OPTS_INIT;
    o.tz = HS_TZ_UTC;
    double how[168] = {0};
    /* Sunday 2024-03-03 22:00 to Monday 02:00: four hours, 0.25 each */
    cr_assert_eq(
        hs_aoristic_record(how, NULL, at(2024, 3, 3, 22, 0), at(2024, 3, 4, 2, 0), 1.0, &o),
        HS_AOR_SPREAD);
    cr_assert_float_eq(how[hw(7, 22)], 0.25, 1e-12);
    cr_assert_float_eq(how[hw(7, 23)], 0.25, 1e-12);
    cr_assert_float_eq(how[hw(1, 0)], 0.25, 1e-12);
    cr_assert_float_eq(how[hw(1, 1)], 0.25, 1e-12);
    cr_assert_float_eq(sum(how, 168), 1.0, 1e-12);
    /* Friday 16:00 to Monday 07:00 (63 h): each whole hour 1/63 */
    memset(how, 0, sizeof how);
    hs_aoristic_record(how, NULL, at(2024, 3, 1, 16, 0), at(2024, 3, 4, 7, 0), 1.0, &o);
    cr_assert_float_eq(how[hw(5, 16)], 1.0 / 63, 1e-12);
    cr_assert_float_eq(how[hw(6, 3)], 1.0 / 63, 1e-12);
    cr_assert_float_eq(how[hw(1, 6)], 1.0 / 63, 1e-12);
    cr_assert_float_eq(how[hw(1, 7)], 0.0, 1e-12);
    cr_assert_float_eq(how[hw(5, 15)], 0.0, 1e-12);
    /* partial hours: 10:40 to 11:20 gives 0.5 / 0.5 */
    memset(how, 0, sizeof how);
    hs_aoristic_record(how, NULL, at(2024, 3, 5, 10, 40), at(2024, 3, 5, 11, 20), 1.0, &o);
    cr_assert_float_eq(how[hw(2, 10)], 0.5, 1e-12);
    cr_assert_float_eq(how[hw(2, 11)], 0.5, 1e-12);
}

Test(aoristic, spring_forward_hour_gets_nothing)
{
    hs_aoristic_opts o = HS_AORISTIC_OPTS_INIT; /* Europe/Stockholm */
    double how[168] = {0};
    /* Sunday 2024-03-31 01:30 CET to 03:30 CEST: one real hour */
    int64_t from = sthlm(2024, 3, 31, 1, 30);
    int64_t to = sthlm(2024, 3, 31, 3, 30);
    cr_assert_eq(to - from, 3600);
    hs_aoristic_record(how, NULL, from, to, 1.0, &o);
    cr_assert_float_eq(how[hw(7, 1)], 0.5, 1e-12);
    cr_assert_float_eq(how[hw(7, 2)], 0.0, 1e-12);
    cr_assert_float_eq(how[hw(7, 3)], 0.5, 1e-12);
    /* the same wall-clock window read with --tz UTC spans two hours */
    memset(how, 0, sizeof how);
    o.tz = HS_TZ_UTC;
    hs_aoristic_record(how, NULL, at(2024, 3, 31, 1, 30), at(2024, 3, 31, 3, 30), 1.0, &o);
    cr_assert_float_eq(how[hw(7, 1)], 0.25, 1e-12);
    cr_assert_float_eq(how[hw(7, 2)], 0.5, 1e-12);
    cr_assert_float_eq(how[hw(7, 3)], 0.25, 1e-12);
}

Test(aoristic, fall_back_hour_counts_twice)
{
    hs_aoristic_opts o = HS_AORISTIC_OPTS_INIT;
    double how[168] = {0};
    /* Sunday 2024-10-27 01:30 CEST (23:30 UTC) to 02:30 CET (01:30 UTC): two real hours */
    int64_t from = at(2024, 10, 26, 23, 30);
    int64_t to = at(2024, 10, 27, 1, 30);
    hs_aoristic_record(how, NULL, from, to, 1.0, &o);
    cr_assert_float_eq(how[hw(7, 1)], 0.25, 1e-12);
    cr_assert_float_eq(how[hw(7, 2)], 0.75, 1e-12);
    cr_assert_float_eq(sum(how, 168), 1.0, 1e-12);
}

Test(aoristic, edge_rules)
{
    hs_aoristic_opts o = HS_AORISTIC_OPTS_INIT;
    double how[168] = {0};
    int64_t t = sthlm(2024, 6, 14, 23, 59); /* Friday */
    cr_assert_eq(hs_aoristic_record(how, NULL, t, HS_TIME_NONE, 1.0, &o), HS_AOR_EXACT);
    cr_assert_float_eq(how[hw(5, 23)], 1.0, 1e-12);
    cr_assert_eq(hs_aoristic_record(how, NULL, t, t + 60, 1.0, &o), HS_AOR_EXACT);
    cr_assert_float_eq(how[hw(5, 23)], 2.0, 1e-12);
    cr_assert_eq(hs_aoristic_record(how, NULL, t, t - 7200, 1.0, &o), HS_AOR_REVERSED);
    cr_assert_float_eq(how[hw(5, 23)], 3.0, 1e-12);
    cr_assert_eq(hs_aoristic_record(how, NULL, HS_TIME_NONE, t, 1.0, &o), HS_AOR_NOTIME);
    memset(how, 0, sizeof how);
    cr_assert_eq(hs_aoristic_record(how, NULL, t, t + 9 * 86400 + 1234, 2.0, &o), HS_AOR_WEEK);
    for (int h = 0; h < 168; h++) {
        cr_assert_float_eq(how[h], 2.0 / 168, 1e-12);
    }
    o.max_window = 3 * 86400;
    memset(how, 0, sizeof how);
    cr_assert_eq(hs_aoristic_record(how, NULL, t, t + 4 * 86400, 1.0, &o), HS_AOR_DROPPED);
    cr_assert_float_eq(sum(how, 168), 0.0, 1e-12);
}

Test(aoristic, weights_sum_to_one_and_months)
{
    hs_aoristic_opts o = HS_AORISTIC_OPTS_INIT;
    srand(12345);
    int64_t base = at(2023, 1, 1, 0, 0);
    for (int i = 0; i < 2000; i++) {
        int64_t from = base + (int64_t)(rand() % (2 * 365 * 86400));
        int64_t to = from + (int64_t)(rand() % (20 * 86400));
        double how[168] = {0};
        double month[12] = {0};
        hs_aoristic_record(how, month, from, to, 1.0, &o);
        cr_assert_float_eq(sum(how, 168), 1.0, 1e-9);
        cr_assert_float_eq(sum(month, 12), 1.0, 1e-9);
    }
    /* 31 Jan 12:00 to 1 Feb 12:00 (UTC): half January, half February */
    double how[168] = {0};
    double month[12] = {0};
    o.tz = HS_TZ_UTC;
    hs_aoristic_record(how, month, at(2024, 1, 31, 12, 0), at(2024, 2, 1, 12, 0), 1.0, &o);
    cr_assert_float_eq(month[0], 0.5, 1e-12);
    cr_assert_float_eq(month[1], 0.5, 1e-12);
    cr_assert_eq(hs_season_of_month(1), 0);
    cr_assert_eq(hs_season_of_month(4), 1);
    cr_assert_eq(hs_season_of_month(7), 2);
    cr_assert_eq(hs_season_of_month(11), 3);
    cr_assert_eq(hs_season_of_month(12), 0);
}

Test(aoristic, table_per_unit)
{
    int64_t from[4] = {at(2024, 3, 4, 10, 0), at(2024, 3, 4, 10, 0), at(2024, 3, 5, 9, 30),
                       HS_TIME_NONE};
    int64_t to[4] = {at(2024, 3, 4, 12, 0), HS_TIME_NONE, at(2024, 3, 5, 10, 30), HS_TIME_NONE};
    int32_t unit[4] = {0, 1, 1, 0};
    double w[4] = {1, 2, 1, 1};
    double out[2 * 168];
    hs_aoristic_stats st;
    hs_aoristic_opts o = HS_AORISTIC_OPTS_INIT;
    o.tz = HS_TZ_UTC;
    cr_assert_eq(hs_aoristic_table(out, &st, NULL, from, to, w, unit, 4, 2, &o), HS_OK);
    cr_assert_float_eq(out[hw(1, 10)], 0.5, 1e-12);
    cr_assert_float_eq(out[hw(1, 11)], 0.5, 1e-12);
    cr_assert_float_eq(out[168 + hw(1, 10)], 2.0, 1e-12);
    cr_assert_float_eq(out[168 + hw(2, 9)], 0.5, 1e-12);
    cr_assert_eq(st.records, 4);
    cr_assert_eq(st.notime, 1);
    cr_assert_eq(st.missing_end, 1);
    cr_assert_float_eq(st.weight, 4.0, 1e-12);
    double h24[24], wd7[7];
    hs_aoristic_margins(h24, wd7, out + 168);
    cr_assert_float_eq(h24[10], 2.5, 1e-12);
    cr_assert_float_eq(wd7[0], 2.0, 1e-12);
    cr_assert_float_eq(wd7[1], 1.0, 1e-12);
}

Test(aoristic, windows_parse_label_and_weights)
{
    uint8_t mask[168];
    cr_assert_eq(hs_window_parse(mask, NULL, "fre–lör 22–03"), HS_OK);
    int n = 0;
    for (int h = 0; h < 168; h++) {
        n += mask[h];
    }
    cr_assert_eq(n, 10);
    cr_assert(mask[hw(5, 22)] && mask[hw(6, 2)] && mask[hw(6, 23)] && mask[hw(7, 2)]);
    cr_assert(!mask[hw(7, 3)] && !mask[hw(6, 21)] && !mask[hw(5, 2)]);
    cr_assert_eq(hs_window_parse(mask, NULL, "helg 22-06"), HS_OK);
    cr_assert(mask[hw(7, 23)] && mask[hw(1, 5)] && !mask[hw(1, 6)]);
    cr_assert_eq(hs_window_parse(mask, NULL, "sun 23-01"), HS_OK);
    cr_assert(mask[hw(7, 23)] && mask[hw(1, 0)]);
    cr_assert_eq(hs_window_parse(mask, NULL, "xyz 1-2"), HS_EINVAL);
    cr_assert_eq(hs_window_parse(mask, NULL, "mån 25-2"), HS_EINVAL);

    char buf[64];
    hs__window_label(buf, sizeof buf, 0x30, 22, 5);
    cr_assert_str_eq(buf, "fre–lör 22–03");
    hs__window_label(buf, sizeof buf, 0x1F, 7, 2);
    cr_assert_str_eq(buf, "mån–fre 07–09");
    hs__window_label(buf, sizeof buf, 0x7F, 0, 24);
    cr_assert_str_eq(buf, "alla dagar hela dygnet");
    hs__window_label(buf, sizeof buf, 0x05, 16, 2);
    cr_assert_str_eq(buf, "mån, ons 16–18");

    /* a window 30 % inside "fre 22-03" weighs 0.3 */
    cr_assert_eq(hs_window_parse(mask, NULL, "fre 22-03"), HS_OK);
    int64_t from[2] = {at(2024, 3, 1, 20, 0), at(2024, 3, 2, 12, 0)};
    int64_t to[2] = {at(2024, 3, 1, 20, 0) + 10 * 3600, HS_TIME_NONE};
    double w[2];
    hs_aoristic_opts o = HS_AORISTIC_OPTS_INIT;
    o.tz = HS_TZ_UTC;
    cr_assert_eq(hs_aoristic_window_weights(w, NULL, from, to, 2, mask, &o), HS_OK);
    cr_assert_float_eq(w[0], 0.5, 1e-12); /* 22..03 = 5 of 10 hours */
    cr_assert_float_eq(w[1], 0.0, 1e-12);
    to[0] = at(2024, 3, 1, 22, 0) + 3 * 3600;
    from[0] = to[0] - 10 * 3600;
    hs_aoristic_window_weights(w, NULL, from, to, 1, mask, &o);
    cr_assert_float_eq(w[0], 0.3, 1e-12);
}
