/*
 * Tests of the Swedish calendar: Easter dates from published tables, every public holiday and eve
 * of 2024 and 2025 checked by hand against the Swedish almanac, midsommar and alla helgons dag
 * rules over many years, and the strata shares (holiday, Valborg, nyår, skollov, darkness).
 */
#include <criterion/criterion.h>

#include "hotspot.h"

static int64_t sthlm(int64_t y, int m, int d, int hh, int mm)
{
    return hs_tz_wall_to_utc(NULL, HS_TZ_STOCKHOLM,
                             hs_days_from_civil(y, m, d) * 86400 + hh * 3600 + mm * 60, 0);
}

Test(calendar, easter_dates)
{
    /* published Western Easter dates */
    static const int tab[][3] = {{1961, 4, 2},  {2000, 4, 23}, {2008, 3, 23}, {2011, 4, 24},
                                 {2019, 4, 21}, {2024, 3, 31}, {2025, 4, 20}, {2026, 4, 5},
                                 {2038, 4, 25}, {2285, 3, 22}};
    for (size_t i = 0; i < sizeof tab / sizeof tab[0]; i++) {
        int m, d;
        hs_easter(&m, &d, tab[i][0]);
        cr_assert_eq(m * 100 + d, tab[i][1] * 100 + tab[i][2], "easter %d", tab[i][0]);
    }
}

Test(calendar, holidays_2024_2025)
{
    static const struct {
        int y, m, d;
        hs_holiday h;
    } tab[] = {{2024, 1, 1, HS_HOL_NYARSDAGEN},         {2024, 1, 6, HS_HOL_TRETTONDEDAG_JUL},
               {2024, 3, 29, HS_HOL_LANGFREDAGEN},      {2024, 3, 30, HS_HOL_PASKAFTON},
               {2024, 3, 31, HS_HOL_PASKDAGEN},         {2024, 4, 1, HS_HOL_ANNANDAG_PASK},
               {2024, 4, 30, HS_HOL_VALBORG},           {2024, 5, 1, HS_HOL_FORSTA_MAJ},
               {2024, 5, 9, HS_HOL_KRISTI_HIMMELFARD},  {2024, 5, 19, HS_HOL_PINGSTDAGEN},
               {2024, 6, 6, HS_HOL_NATIONALDAGEN},      {2024, 6, 21, HS_HOL_MIDSOMMARAFTON},
               {2024, 6, 22, HS_HOL_MIDSOMMARDAGEN},    {2024, 11, 2, HS_HOL_ALLA_HELGONS_DAG},
               {2024, 12, 24, HS_HOL_JULAFTON},         {2024, 12, 25, HS_HOL_JULDAGEN},
               {2024, 12, 26, HS_HOL_ANNANDAG_JUL},     {2024, 12, 31, HS_HOL_NYARSAFTON},
               {2025, 4, 18, HS_HOL_LANGFREDAGEN},      {2025, 4, 21, HS_HOL_ANNANDAG_PASK},
               {2025, 5, 29, HS_HOL_KRISTI_HIMMELFARD}, {2025, 6, 8, HS_HOL_PINGSTDAGEN},
               {2025, 6, 20, HS_HOL_MIDSOMMARAFTON},    {2025, 6, 21, HS_HOL_MIDSOMMARDAGEN},
               {2025, 11, 1, HS_HOL_ALLA_HELGONS_DAG}};
    int named = 0;
    for (size_t i = 0; i < sizeof tab / sizeof tab[0]; i++) {
        cr_assert_eq(hs_holiday_of(tab[i].y, tab[i].m, tab[i].d), tab[i].h, "%d-%d-%d", tab[i].y,
                     tab[i].m, tab[i].d);
    }
    /* 2024 has exactly 13 public holidays (röda dagar, Sundays excluded from the count) */
    for (int64_t day = hs_days_from_civil(2024, 1, 1); day < hs_days_from_civil(2025, 1, 1);
         day++) {
        int64_t y;
        int m, d;
        hs_civil_from_days(&y, &m, &d, day);
        named += hs_holiday_is_public(hs_holiday_of(y, m, d));
    }
    cr_assert_eq(named, 13);
    cr_assert_str_eq(hs_holiday_name(HS_HOL_MIDSOMMARAFTON), "midsommarafton");
    cr_assert(!hs_holiday_is_public(HS_HOL_JULAFTON));
    cr_assert(hs_holiday_is_public(HS_HOL_JULDAGEN));
    cr_assert_eq(hs_holiday_of(2024, 6, 20), HS_HOL_NONE);
}

Test(calendar, midsommar_rule_many_years)
{
    for (int y = 1990; y < 2100; y++) {
        int eve = 0, day = 0, ahd = 0;
        for (int d = 15; d <= 30; d++) {
            hs_holiday h = hs_holiday_of(y, 6, d);
            if (h == HS_HOL_MIDSOMMARAFTON) {
                eve = d;
                cr_assert_eq(hs_weekday(hs_days_from_civil(y, 6, d)), 5);
            }
            if (h == HS_HOL_MIDSOMMARDAGEN) {
                day = d;
            }
        }
        cr_assert(eve >= 19 && eve <= 25 && day == eve + 1, "year %d", y);
        for (int64_t x = hs_days_from_civil(y, 10, 25); x < hs_days_from_civil(y, 11, 12); x++) {
            int64_t yy;
            int m, d;
            hs_civil_from_days(&yy, &m, &d, x);
            ahd += hs_holiday_of(yy, m, d) == HS_HOL_ALLA_HELGONS_DAG;
        }
        cr_assert_eq(ahd, 1, "year %d", y);
    }
}

Test(calendar, strata_shares)
{
    hs_calendar_opts o = HS_CALENDAR_OPTS_INIT;
    double s;
    /* Valborg night: 30 Apr 20:00 to 1 May 08:00 -> 10 of 12 hours in 18:00-06:00 */
    cr_assert_eq(hs_calendar_share(&s, sthlm(2024, 4, 30, 20, 0), sthlm(2024, 5, 1, 8, 0),
                                   HS_STRATUM_VALBORG, &o),
                 HS_OK);
    cr_assert_float_eq(s, 10.0 / 12.0, 1e-12);
    /* nyår: exact time at 00:30 on 1 Jan is inside */
    cr_assert_eq(hs_calendar_share(&s, sthlm(2025, 1, 1, 0, 30), HS_TIME_NONE, HS_STRATUM_NYAR, &o),
                 HS_OK);
    cr_assert_float_eq(s, 1.0, 0);
    cr_assert_eq(hs_calendar_in(sthlm(2025, 1, 1, 7, 0), HS_STRATUM_NYAR, &o), 0);
    /* holiday: 23 Dec 12:00 to 24 Dec 12:00: half on julafton */
    hs_calendar_share(&s, sthlm(2024, 12, 23, 12, 0), sthlm(2024, 12, 24, 12, 0),
                      HS_STRATUM_HOLIDAY, &o);
    cr_assert_float_eq(s, 0.5, 1e-12);
    /* skollov: sportlov week 8 of 2025 (17-23 Feb) */
    int64_t lov[2] = {hs_days_from_civil(2025, 2, 17), hs_days_from_civil(2025, 2, 23)};
    o.skollov = lov;
    o.nskollov = 1;
    hs_calendar_share(&s, sthlm(2025, 2, 16, 0, 0), sthlm(2025, 2, 18, 0, 0), HS_STRATUM_SKOLLOV,
                      &o);
    cr_assert_float_eq(s, 0.5, 1e-12);
    /* darkness at Vänersborg: midnight in December dark, noon light; a whole day's dark share is
     * 1 - daylength / 24 h */
    cr_assert_eq(hs_calendar_in(sthlm(2024, 12, 10, 0, 0), HS_STRATUM_DARK, &o), 1);
    cr_assert_eq(hs_calendar_in(sthlm(2024, 12, 10, 12, 0), HS_STRATUM_DARK, &o), 0);
    int64_t rise, set;
    hs_sun_times(&rise, &set, 2024, 12, 10, o.lat, o.lon);
    int64_t d0 = hs_days_from_civil(2024, 12, 10) * 86400;
    hs_calendar_share(&s, d0, d0 + 86400, HS_STRATUM_DARK, &o);
    cr_assert_float_eq(s, 1.0 - (double)(set - rise) / 86400.0, 1e-12);
    cr_assert_str_eq(hs_stratum_name(HS_STRATUM_DARK), "morker");
}
