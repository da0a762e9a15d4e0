/*
 * Tests of the locale-free date and time parser: every form police extracts use, Excel serial
 * dates, offsets, invalid values, and Swedish month names; expected values computed by hand from
 * the civil calendar (hs_days_from_civil is tested in test_tz.c).
 */
#include <criterion/criterion.h>

#include "core/hs_internal.h"
#include "ingest/ingest.h"

static int64_t day(int y, int m, int d)
{
    return hs_days_from_civil(y, m, d) * 86400;
}

static int64_t dt(const char *s, int *flags)
{
    int64_t w = 0;
    int fl = -1;
    cr_assert_eq(hs__parse_datetime(&w, &fl, s), HS_OK, "'%s' should parse", s);
    if (flags) {
        *flags = fl;
    }
    return w;
}

Test(timeparse, dates)
{
    int fl;
    cr_assert_eq(dt("2024-03-01", &fl), day(2024, 3, 1));
    cr_assert_eq(fl, 0);
    cr_assert_eq(dt("20240301", NULL), day(2024, 3, 1));
    cr_assert_eq(dt(" 2024/3/1 ", NULL), day(2024, 3, 1));
    cr_assert_eq(dt("1.3.2024", NULL), day(2024, 3, 1));
    cr_assert_eq(dt("01/03/2024", NULL), day(2024, 3, 1));
    cr_assert_eq(dt("2024-02-29", NULL), day(2024, 2, 29));
}

Test(timeparse, date_times)
{
    int fl;
    cr_assert_eq(dt("2024-03-01 22:15", &fl), day(2024, 3, 1) + 22 * 3600 + 15 * 60);
    cr_assert_eq(fl, HS__DT_TIME);
    cr_assert_eq(dt("2024-03-01T22:15:30", NULL), day(2024, 3, 1) + 80130);
    cr_assert_eq(dt("2024-03-01 22:15:30.250", NULL), day(2024, 3, 1) + 80130);
    cr_assert_eq(dt("2024/03/01 22:15:00", NULL), day(2024, 3, 1) + 80100);
    /* offsets make UTC instants */
    cr_assert_eq(dt("2022-09-26 9:48:12 +02:00", &fl), day(2022, 9, 26) + 7 * 3600 + 48 * 60 + 12);
    cr_assert_eq(fl, HS__DT_TIME | HS__DT_UTC);
    cr_assert_eq(dt("2024-03-01T22:15:00Z", &fl), day(2024, 3, 1) + 80100);
    cr_assert_eq(fl, HS__DT_TIME | HS__DT_UTC);
    cr_assert_eq(dt("2024-03-01T22:15:00-0130", NULL), day(2024, 3, 1) + 80100 + 5400);
}

Test(timeparse, excel_serial)
{
    int fl;
    cr_assert_eq(dt("45352", &fl), day(2024, 3, 1)); /* Excel: 2024-03-01 */
    cr_assert_eq(fl, 0);
    cr_assert_eq(dt("45352.75", &fl), day(2024, 3, 1) + 18 * 3600);
    cr_assert_eq(fl, HS__DT_TIME);
    cr_assert_eq(dt("45352,5", NULL), day(2024, 3, 1) + 12 * 3600);
    cr_assert_eq(dt("25569", NULL), 0); /* 1970-01-01 */
}

Test(timeparse, clock_forms)
{
    int s = -1;
    const char *forms[] = {"2230", "22.30", "22:30", "22:30:00", " 22:30 ", "22.30.00"};
    for (size_t i = 0; i < sizeof forms / sizeof forms[0]; i++) {
        cr_assert_eq(hs__parse_clock(&s, forms[i]), HS_OK, "'%s'", forms[i]);
        cr_assert_eq(s, 22 * 3600 + 30 * 60, "'%s'", forms[i]);
    }
    cr_assert_eq(hs__parse_clock(&s, "9:48"), HS_OK);
    cr_assert_eq(s, 9 * 3600 + 48 * 60);
    cr_assert_eq(hs__parse_clock(&s, "930"), HS_OK);
    cr_assert_eq(s, 9 * 3600 + 30 * 60);
    cr_assert_eq(hs__parse_clock(&s, "0005"), HS_OK);
    cr_assert_eq(s, 300);
    cr_assert_eq(hs__parse_clock(&s, "7"), HS_OK);
    cr_assert_eq(s, 7 * 3600);
    cr_assert_eq(hs__parse_clock(&s, "24:00"), HS_OK);
    cr_assert_eq(s, 86400);
}

Test(timeparse, invalid)
{
    int64_t w;
    int fl, s;
    const char *bad[] = {"2024-13-01", "2023-02-29",          "2024-03-32",       "",
                         "abc",        "2024-03-01 25:00",    "2024-03-01 22:61", "2024",
                         "45352x",     "2024-03-01 22:15 foo"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        cr_assert_neq(hs__parse_datetime(&w, &fl, bad[i]), HS_OK, "'%s' must fail", bad[i]);
    }
    const char *badc[] = {"25:00", "22:60", "2260", "22.3", "x", "", "12345", "22:30 pm"};
    for (size_t i = 0; i < sizeof badc / sizeof badc[0]; i++) {
        cr_assert_neq(hs__parse_clock(&s, badc[i]), HS_OK, "'%s' must fail", badc[i]);
    }
}

Test(timeparse, swedish_months_and_polisen_titles)
{
    cr_assert_eq(hs__sv_month("januari", 7), 1);
    cr_assert_eq(hs__sv_month("maj", 3), 5);
    cr_assert_eq(hs__sv_month("december", 8), 12);
    cr_assert_eq(hs__sv_month("may", 3), 0);
    int64_t w = 0;
    cr_assert_eq(hs__polisen_title_time(&w, "22 augusti 09.48, Trafikolycka, Vänersborg",
                                        "2026-08-22 10:02:11 +02:00"),
                 HS_OK);
    cr_assert_eq(w, day(2026, 8, 22) + 9 * 3600 + 48 * 60);
    cr_assert_eq(
        hs__polisen_title_time(&w, "3 maj 9:05, Brand, Kiruna", "2024-05-03 9:48:12 +02:00"),
        HS_OK);
    cr_assert_eq(w, day(2024, 5, 3) + 9 * 3600 + 5 * 60);
    /* published in January about New Year's Eve: the year before */
    cr_assert_eq(
        hs__polisen_title_time(&w, "31 december 23.50, Brand, Malmö", "2024-01-01 00:40:00 +01:00"),
        HS_OK);
    cr_assert_eq(w, day(2023, 12, 31) + 23 * 3600 + 50 * 60);
    cr_assert_neq(hs__polisen_title_time(&w, "Sammanfattning natt, Uppsala län",
                                         "2024-01-01 "
                                         "06:00:00 +01:00"),
                  HS_OK);
}
