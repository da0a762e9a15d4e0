/*
 * Tests of the statistical building blocks: the normal distribution, Benjamini-Hochberg FDR, the
 * exact binomial test and Mann-Kendall, against values from R 4.2 (pnorm, p.adjust, binom.test;
 * printed with options(digits = 17)) and series checked by hand.
 */
#include <criterion/criterion.h>
#include <math.h>

#include "core/hs_internal.h"
#include "stats/stats.h"

static void near(double got, double want, double rel)
{
    cr_assert(fabs(got - want) <= rel * fabs(want), "got %.17g want %.17g", got, want);
}

Test(stats, normal_cdf_full_accuracy)
{
    near(hs_norm_cdf(-5.0), 2.8665157187919391e-07, 1e-14);
    near(hs_norm_cdf(1.96), 0.97500210485177963, 1e-15);
    near(hs_norm_p2(8.5), 1.8959069644406638e-17, 1e-13);
    near(hs_norm_p2(-8.5), 1.8959069644406638e-17, 1e-13);
    cr_assert_eq(hs_norm_p2(0.0), 1.0);
    cr_assert(isnan(hs_norm_p2(NAN)));
}

Test(stats, bh_matches_p_adjust)
{
    /* R: p.adjust(c(0.01,0.04,0.03,0.005,0.5,NA,0.04), "BH") */
    double p[7] = {0.01, 0.04, 0.03, 0.005, 0.5, NAN, 0.04};
    double want[7] = {0.03, 0.048, 0.048, 0.03, 0.5, NAN, 0.048};
    double q[7];
    cr_assert_eq(hs_fdr_bh(q, p, 7), HS_OK);
    for (int i = 0; i < 7; i++) {
        if (isnan(want[i])) {
            cr_assert(isnan(q[i]));
        } else {
            near(q[i], want[i], 1e-15);
        }
    }
    double crit;
    cr_assert_eq(hs_fdr_bh_threshold(&crit, p, 7, 0.05), HS_OK);
    cr_assert_eq(crit, 0.04); /* k = 5 of m = 6: 0.04 <= 0.05 * 5 / 6 */
    cr_assert_eq(hs_fdr_bh_threshold(&crit, p, 7, 0.02), HS_OK);
    cr_assert_eq(crit, 0.0);
}

Test(stats, bh_never_rejects_more_than_allowed)
{
    /* property: q <= alpha exactly for p <= the BH threshold, on a seeded random set */
    hs__rng r;
    hs__rng_seed(&r, 7);
    double p[500];
    double q[500];
    for (int i = 0; i < 500; i++) {
        double u = (double)(hs__rng_next(&r) >> 11) / 9007199254740992.0;
        p[i] = i < 60 ? u * 1e-3 : u;
    }
    cr_assert_eq(hs_fdr_bh(q, p, 500), HS_OK);
    for (double a = 0.01; a < 0.2; a += 0.02) {
        double crit;
        hs_fdr_bh_threshold(&crit, p, 500, a);
        int nq = 0;
        int nc = 0;
        for (int i = 0; i < 500; i++) {
            nq += q[i] <= a;
            nc += p[i] <= crit && crit > 0;
            cr_assert(q[i] >= p[i]);
        }
        cr_assert_eq(nq, nc, "alpha %g: %d vs %d", a, nq, nc);
    }
}

Test(stats, binom_test_matches_r)
{
    double p;
    cr_assert_eq(hs_binom_test(&p, 3, 20, 0.5), HS_OK);
    near(p, 0.0025768280029296901, 1e-10);
    cr_assert_eq(hs_binom_test(&p, 15, 20, 0.3), HS_OK);
    near(p, 4.2940021953591667e-05, 1e-10);
    cr_assert_eq(hs_binom_test(&p, 0, 5, 0.5), HS_OK);
    near(p, 0.0625, 1e-12);
    cr_assert_eq(hs_binom_test(&p, 7, 10, 2.0 / 3.0), HS_OK);
    near(p, 1.0, 1e-12);
    cr_assert_eq(hs_binom_test(&p, 40, 100, 0.5), HS_OK);
    near(p, 0.056887933640980867, 1e-10);
    cr_assert_eq(hs_binom_test(&p, 0, 0, 0.5), HS_OK);
    cr_assert_eq(p, 1.0);
    cr_assert_eq(hs_binom_test(&p, 5, 4, 0.5), HS_EINVAL);
    cr_assert_eq(hs_binom_test(&p, 1, 4, 1.5), HS_EINVAL);
}

Test(stats, mann_kendall_hand_checked)
{
    hs_mk_result m;
    /* 1 3 2 5 4: 8 concordant, 2 discordant pairs: S = 6, var = 5*4*15/18 */
    double a[5] = {1, 3, 2, 5, 4};
    cr_assert_eq(hs_mann_kendall(&m, a, 5), HS_OK);
    cr_assert_eq(m.s, 6.0);
    near(m.var, 300.0 / 18.0, 1e-15);
    near(m.z, 5.0 / sqrt(300.0 / 18.0), 1e-15);
    near(m.tau, 0.6, 1e-15);
    near(m.p, hs_norm_p2(5.0 / sqrt(300.0 / 18.0)), 1e-15);
    /* ties: 1 2 2 3: S = 5, var = (4*3*13 - 2*1*9) / 18 */
    double b[4] = {1, 2, 2, 3};
    cr_assert_eq(hs_mann_kendall(&m, b, 4), HS_OK);
    cr_assert_eq(m.s, 5.0);
    near(m.var, 138.0 / 18.0, 1e-15);
    near(m.z, 4.0 / sqrt(138.0 / 18.0), 1e-15);
    /* decreasing with a NaN skipped: 4 NaN 3 1 -> S = -3, z = -2 / sqrt(3*2*11/18) */
    double c[4] = {4, NAN, 3, 1};
    cr_assert_eq(hs_mann_kendall(&m, c, 4), HS_OK);
    cr_assert_eq(m.s, -3.0);
    near(m.z, -2.0 / sqrt(66.0 / 18.0), 1e-15);
    double d[3] = {2, 2, 2};
    cr_assert_eq(hs_mann_kendall(&m, d, 3), HS_OK);
    cr_assert_eq(m.z, 0.0);
    cr_assert_eq(m.p, 1.0);
    cr_assert_eq(hs_mann_kendall(&m, d, 1), HS_EINVAL);
}

Test(stats, rng_repeats_and_is_uniform)
{
    hs__rng a;
    hs__rng b;
    hs__rng_seed(&a, 42);
    hs__rng_seed(&b, 42);
    int hist[10] = {0};
    for (int i = 0; i < 100000; i++) {
        uint64_t u = hs__rng_below(&a, 10);
        cr_assert_eq(u, hs__rng_below(&b, 10));
        hist[u]++;
    }
    for (int i = 0; i < 10; i++) {
        cr_assert(hist[i] > 9600 && hist[i] < 10400, "bucket %d: %d", i, hist[i]);
    }
}
