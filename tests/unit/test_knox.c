/*
 * Tests of the Knox near-repeat test: a hand-counted table of four incidents, Euclidean vs
 * Manhattan distance, the mean of the permutations against its exact expectation (pairs in the
 * distance band x share of time pairs in the day band), seeded repeatability, and a planted
 * near-repeat pattern that must come out with a high ratio and the smallest possible p.
 */
#include <criterion/criterion.h>
#include <math.h>

#include "core/hs_internal.h"
#include "stats/stats.h"

static const double xs4[4] = {0, 50, 0, 1000};
static const double ys4[4] = {0, 0, 150, 1000};
static const double ts4[4] = {0, 2, 10, 1};

Test(knox, hand_counted_table)
{
    double de[2] = {100, 200};
    double te[2] = {3, 14};
    hs_knox_opts o = HS_KNOX_OPTS_INIT;
    o.dist_edges = de;
    o.n_dist = 2;
    o.day_edges = te;
    o.n_day = 2;
    o.permutations = 4999;
    int64_t obs[4];
    double mean[4];
    double ratio[4];
    double p[4];
    /* AB: 50 m, 2 days; AC: 150 m, 10 days; BC: 158 m, 8 days; D is far from all */
    cr_assert_eq(hs_knox_run(obs, mean, ratio, p, NULL, xs4, ys4, ts4, 4, &o), HS_OK);
    cr_assert_eq(obs[0], 1);
    cr_assert_eq(obs[1], 0);
    cr_assert_eq(obs[2], 0);
    cr_assert_eq(obs[3], 2);
    /* times 0 2 10 1: 3 of the 6 time pairs within 3 days, 3 in (3, 14]; E = N_d * 3 / 6 */
    double want[4] = {0.5, 0.5, 1.0, 1.0};
    for (int k = 0; k < 4; k++) {
        cr_assert(fabs(mean[k] - want[k]) < 0.05, "cell %d: mean %g, expected %g", k, mean[k],
                  want[k]);
        cr_assert_float_eq(ratio[k], (double)obs[k] / mean[k], 1e-12);
        cr_assert(p[k] > 0 && p[k] <= 1);
    }
    /* Manhattan: BC is 200 m, outside a 180 m band; Euclidean 158 m is inside */
    de[1] = 180;
    cr_assert_eq(hs_knox_run(obs, NULL, NULL, NULL, NULL, xs4, ys4, ts4, 4, &o), HS_OK);
    cr_assert_eq(obs[3], 2);
    o.manhattan = 1;
    cr_assert_eq(hs_knox_run(obs, NULL, NULL, NULL, NULL, xs4, ys4, ts4, 4, &o), HS_OK);
    cr_assert_eq(obs[3], 1);
    de[1] = 50;
    cr_assert_eq(hs_knox_run(obs, NULL, NULL, NULL, NULL, xs4, ys4, ts4, 4, &o), HS_EINVAL);
}

Test(knox, planted_near_repeats)
{
    enum { N = 260 };
    double x[N];
    double y[N];
    double t[N];
    hs__rng r;
    hs__rng_seed(&r, 9);
    for (int i = 0; i < 200; i++) {
        x[i] = (double)hs__rng_below(&r, 5000);
        y[i] = (double)hs__rng_below(&r, 5000);
        t[i] = (double)hs__rng_below(&r, 365);
    }
    for (int i = 200; i < N; i++) { /* a repeat within 40 m and 3 days of an earlier incident */
        int j = i - 200;
        x[i] = x[j] + (double)hs__rng_below(&r, 40);
        y[i] = y[j];
        t[i] = t[j] + (double)hs__rng_below(&r, 4);
    }
    double de[3] = {100, 200, 400};
    double te[3] = {7, 14, 30};
    hs_knox_opts o = HS_KNOX_OPTS_INIT;
    o.dist_edges = de;
    o.n_dist = 3;
    o.day_edges = te;
    o.n_day = 3;
    o.permutations = 199;
    int64_t obs[9];
    double ratio[9];
    double p[9];
    double p2[9];
    cr_assert_eq(hs_knox_run(obs, NULL, ratio, p, NULL, x, y, t, N, &o), HS_OK);
    cr_assert(obs[0] >= 60);
    cr_assert(ratio[0] > 5.0, "ratio %g", ratio[0]);
    cr_assert_eq(p[0], 1.0 / 200.0);
    cr_assert_eq(hs_knox_run(obs, NULL, NULL, p2, NULL, x, y, t, N, &o), HS_OK);
    for (int k = 0; k < 9; k++) {
        cr_assert_eq(p[k], p2[k], "same seed, same p");
    }
}
