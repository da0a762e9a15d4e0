/*
 * Tests of emerging hot spots: the categories against a table of small constructed cases (one or
 * more per category, hot and cold), local-calendar time steps on hand-checked dates, space-time
 * Gi* against brute-force neighbour sums, and planted patterns found in a seeded cube.
 */
#include <criterion/criterion.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/hs_internal.h"
#include "stats/stats.h"

typedef struct cat_case {
    const char *series; /* one character per step: + hot, - cold, . neither */
    int trend;
    int want;
} cat_case;

static int classify(const char *s, int trend)
{
    int8_t sig[32];
    size_t n = strlen(s);
    for (size_t i = 0; i < n; i++) {
        sig[i] = (int8_t)(s[i] == '+' ? 1 : (s[i] == '-' ? -1 : 0));
    }
    return hs_emerging_classify(sig, n, trend);
}

Test(emerging, category_table)
{
    static const cat_case cases[] = {
        {".........+", 0, HS_EMERGING_NEW},
        {"-........+", 0, HS_EMERGING_NEW}, /* never hot before, whatever it was */
        {".......+++", 0, HS_EMERGING_CONSECUTIVE},
        {"+......+++", 0, HS_EMERGING_SPORADIC}, /* hot before the final run */
        {"++++++++++", 1, HS_EMERGING_INTENSIFYING},
        {"++++++++++", 0, HS_EMERGING_PERSISTENT},
        {".+++++++++", 0, HS_EMERGING_PERSISTENT}, /* 90 % is enough */
        {"++++++++++", -1, HS_EMERGING_DIMINISHING},
        {".+..+..+.+", 0, HS_EMERGING_SPORADIC},
        {"-..+.-.+.+", 0, HS_EMERGING_OSCILLATING},
        {"+++++++++.", 0, HS_EMERGING_HISTORICAL},
        {"++++++++.+", 1, HS_EMERGING_INTENSIFYING},
        {"..........", 0, HS_EMERGING_NONE},
        {"+.........", 0, HS_EMERGING_NONE},
        {"++++++++..", 0, HS_EMERGING_NONE}, /* 80 %, final not hot */
        {".........-", 0, -HS_EMERGING_NEW},
        {"......----", 0, -HS_EMERGING_CONSECUTIVE},
        {"----------", -1, -HS_EMERGING_INTENSIFYING}, /* colder and colder */
        {"----------", 1, -HS_EMERGING_DIMINISHING},
        {"----------", 0, -HS_EMERGING_PERSISTENT},
        {".-..-...--", 0, -HS_EMERGING_SPORADIC},
        {"+-..-...--", 0, -HS_EMERGING_OSCILLATING},
        {"---------.", 0, -HS_EMERGING_HISTORICAL},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        int got = classify(cases[i].series, cases[i].trend);
        cr_assert_eq(got, cases[i].want, "%s trend %d: got %s, want %s", cases[i].series,
                     cases[i].trend, hs_emerging_name(got), hs_emerging_name(cases[i].want));
    }
    cr_assert_str_eq(hs_emerging_name(HS_EMERGING_NEW), "new hot spot");
    cr_assert_str_eq(hs_emerging_name(-HS_EMERGING_HISTORICAL), "historical cold spot");
    cr_assert_str_eq(hs_emerging_name(0), "no pattern detected");
}

static int64_t utc(int y, int m, int d, int hh, int mm)
{
    return hs_days_from_civil(y, m, d) * 86400 + hh * 3600 + mm * 60;
}

Test(emerging, time_steps)
{
    int64_t start = utc(2024, 1, 1, 0, 0); /* a Monday */
    cr_assert_eq(hs_step_index(utc(2024, 1, 7, 23, 30), start, HS_STEP_WEEK, HS_TZ_UTC), 0);
    cr_assert_eq(hs_step_index(utc(2024, 1, 8, 0, 30), start, HS_STEP_WEEK, HS_TZ_UTC), 1);
    cr_assert_eq(hs_step_index(utc(2023, 12, 31, 12, 0), start, HS_STEP_WEEK, HS_TZ_UTC), -1);
    /* 2024-01-31 23:30 UTC is 2024-02-01 00:30 in Stockholm (CET, +1) */
    cr_assert_eq(hs_step_index(utc(2024, 1, 31, 23, 30), start, HS_STEP_MONTH, HS_TZ_UTC), 0);
    cr_assert_eq(hs_step_index(utc(2024, 1, 31, 23, 30), start, HS_STEP_MONTH, HS_TZ_STOCKHOLM), 1);
    cr_assert_eq(hs_step_index(utc(2024, 4, 30, 12, 0), start, HS_STEP_TERTIAL, HS_TZ_UTC), 0);
    cr_assert_eq(hs_step_index(utc(2024, 5, 1, 12, 0), start, HS_STEP_TERTIAL, HS_TZ_UTC), 1);
    cr_assert_eq(hs_step_index(utc(2025, 1, 2, 12, 0), start, HS_STEP_TERTIAL, HS_TZ_UTC), 3);
    cr_assert_eq(hs_step_index(utc(2025, 12, 31, 12, 0), start, HS_STEP_YEAR, HS_TZ_UTC), 1);
}

Test(emerging, space_time_gi_brute_force)
{
    /* 6 x 5 cells x 4 steps of seeded counts; band 150 m on 100 m cells; window 1 step */
    hs_grid_spec g = {0, 0, 100, 6, 5};
    enum { NC = 30, NT = 4 };
    double x[NC * NT];
    hs__rng r;
    hs__rng_seed(&r, 11);
    for (int i = 0; i < NC * NT; i++) {
        x[i] = (double)hs__rng_below(&r, 5);
    }
    double z[NC * NT];
    hs_emerging_opts o = HS_EMERGING_OPTS_INIT;
    o.weights.distance = 150.0;
    cr_assert_eq(hs_emerging_run(NULL, NULL, NULL, z, NULL, &g, x, NT, NULL, &o), HS_OK);
    double n = NC * NT;
    double mean = 0;
    for (int i = 0; i < NC * NT; i++) {
        mean += x[i] / n;
    }
    double ss = 0;
    for (int i = 0; i < NC * NT; i++) {
        ss += (x[i] - mean) * (x[i] - mean);
    }
    double s = sqrt(ss / n);
    for (int t = 0; t < NT; t++) {
        for (int c = 0; c < NC; c++) {
            double lag = 0;
            double w = 0;
            for (int u = t > 0 ? t - 1 : 0; u <= t; u++) {
                for (int j = 0; j < NC; j++) {
                    double dx = (c % 6 - j % 6) * 100.0;
                    double dy = (c / 6 - j / 6) * 100.0;
                    if (sqrt(dx * dx + dy * dy) <= 150.0) {
                        lag += x[u * NC + j];
                        w += 1;
                    }
                }
            }
            double want = (lag - mean * w) / (s * sqrt((n * w - w * w) / (n - 1)));
            cr_assert_float_eq(z[t * NC + c], want, 1e-12, "step %d cell %d", t, c);
        }
    }
}

Test(emerging, planted_patterns)
{
    /* 14 x 14 cells x 10 steps of sparse seeded noise; a block that is always busy (persistent or
     * trending hot) and a block that appears only in the final step (new hot spot) */
    enum { NX = 14, NC = NX * NX, NT = 10 };
    hs_grid_spec g = {0, 0, 100, NX, NX};
    double *x = calloc(NC * NT, sizeof *x);
    hs__rng r;
    hs__rng_seed(&r, 5);
    for (int i = 0; i < NC * NT; i++) {
        x[i] = hs__rng_below(&r, 10) == 0 ? 1.0 : 0.0;
    }
    for (int t = 0; t < NT; t++) {
        for (int dy = -1; dy <= 1; dy++) {
            for (int dx = -1; dx <= 1; dx++) {
                x[t * NC + (3 + dy) * NX + 3 + dx] = 6.0;
                if (t == NT - 1) {
                    x[t * NC + (10 + dy) * NX + 10 + dx] = 8.0;
                }
            }
        }
    }
    int8_t cat[NC];
    double tz[NC];
    double tp[NC];
    hs_emerging_opts o = HS_EMERGING_OPTS_INIT;
    o.weights.weights = HS_WEIGHTS_QUEEN;
    cr_assert_eq(hs_emerging_run(cat, tz, tp, NULL, NULL, &g, x, NT, NULL, &o), HS_OK);
    int a = cat[3 * NX + 3];
    cr_assert(a >= HS_EMERGING_INTENSIFYING && a <= HS_EMERGING_DIMINISHING, "block A: %s",
              hs_emerging_name(a));
    cr_assert_eq(cat[10 * NX + 10], HS_EMERGING_NEW, "block B: %s",
                 hs_emerging_name(cat[10 * NX + 10]));
    cr_assert(isfinite(tz[10 * NX + 10]) && tp[10 * NX + 10] > 0 && tp[10 * NX + 10] <= 1);
    cr_assert(isnan(tz[0]) == 0);
    free(x);
}
