/*
 * Tests of the evaluation of a measure: Fisher's exact test against published values (the lady
 * tasting tea, 34/70 exactly; the textbook 1/9 vs 11/3 table, p = 0.002759 in R's fisher.test),
 * the relative effect size and its interval from first principles, the WDQ classes of Bowers and
 * Johnson, the Haldane correction for zero counts, too few incidents, and the test without control.
 */
#include <criterion/criterion.h>
#include <math.h>

#include "hotspot.h"

static hs_measure_counts counts(double tb, double ta, double bb, double ba, double cb, double ca)
{
    hs_measure_counts c = {tb, ta, bb, ba, cb, ca, 365, 365};
    return c;
}

Test(measure, fisher_published_values)
{
    double p;
    cr_assert_eq(hs_fisher_test(&p, 3, 1, 1, 3), HS_OK);
    cr_assert_float_eq(p, 34.0 / 70.0, 1e-14);
    cr_assert_eq(hs_fisher_test(&p, 1, 9, 11, 3), HS_OK);
    cr_assert(fabs(p - 0.002759456) < 5e-9, "p = %.10g", p);
    cr_assert_eq(hs_fisher_test(&p, 0, 0, 0, 0), HS_OK);
    cr_assert_float_eq(p, 1.0, 1e-15);
    cr_assert_eq(hs_fisher_test(&p, -1, 0, 0, 0), HS_EINVAL);
}

Test(measure, res_interval_and_verdict)
{
    hs_measure_counts c = counts(100, 50, NAN, NAN, 1000, 1000);
    hs_measure_result r;
    cr_assert_eq(hs_measure_eval(&r, &c, NULL), HS_OK);
    cr_assert_float_eq(r.res, 2.0, 1e-12);
    double se = sqrt(1.0 / 100 + 1.0 / 50 + 1.0 / 1000 + 1.0 / 1000);
    cr_assert_float_eq(r.res_lo, 2.0 * exp(-1.959963984540054 * se), 1e-9);
    cr_assert_float_eq(r.res_hi, 2.0 * exp(1.959963984540054 * se), 1e-9);
    cr_assert_eq(r.verdict, HS_MEASURE_DECREASE);
    cr_assert(isnan(r.wdq) && r.wdq_class == HS_WDQ_NONE);
    /* the mirror image is an increase, and equal change no change */
    c = counts(50, 100, NAN, NAN, 1000, 1000);
    cr_assert_eq(hs_measure_eval(&r, &c, NULL), HS_OK);
    cr_assert_eq(r.verdict, HS_MEASURE_INCREASE);
    c = counts(60, 58, NAN, NAN, 1000, 990);
    cr_assert_eq(hs_measure_eval(&r, &c, NULL), HS_OK);
    cr_assert_eq(r.verdict, HS_MEASURE_NO_CHANGE);
}

Test(measure, wdq_classes)
{
    /* SM = 0.5 - 1 = -0.5; buffer 40 -> 20 (BM = -0.5): WDQ = 1 (diffusion), 40 -> 50
     * (BM = 0.25): WDQ = -0.5 (displacement), 40 -> 80 (BM = 1): WDQ = -2, 40 -> 40: WDQ = 0 */
    const double ba[4] = {20, 50, 80, 40};
    const double want[4] = {1.0, -0.5, -2.0, 0.0};
    const hs_wdq_class cls[4] = {HS_WDQ_DIFFUSION, HS_WDQ_DISPLACEMENT, HS_WDQ_DISPLACEMENT_GREATER,
                                 HS_WDQ_NEUTRAL};
    for (int k = 0; k < 4; k++) {
        hs_measure_counts c = counts(100, 50, 40, ba[k], 500, 500);
        hs_measure_result r;
        cr_assert_eq(hs_measure_eval(&r, &c, NULL), HS_OK);
        cr_assert_float_eq(r.sm, -0.5, 1e-12);
        cr_assert_float_eq(r.wdq, want[k], 1e-12, "case %d: %g", k, r.wdq);
        cr_assert_eq(r.wdq_class, cls[k], "case %d", k);
        /* TNE: 100 expected in the target (50 seen) and 40 in the buffer */
        cr_assert_float_eq(r.tne, (100.0 - 50.0) + (40.0 - ba[k]), 1e-12);
    }
    hs_measure_counts c = counts(100, 20, 40, 10, 500, 500); /* BM = -0.75, SM = -0.8 */
    hs_measure_result r;
    cr_assert_eq(hs_measure_eval(&r, &c, NULL), HS_OK);
    cr_assert_float_eq(r.wdq, 0.9375, 1e-12);
    c = counts(50, 100, 40, 20, 500, 500); /* the target rose: WDQ not defined */
    cr_assert_eq(hs_measure_eval(&r, &c, NULL), HS_OK);
    cr_assert(isnan(r.wdq) && r.wdq_class == HS_WDQ_NONE);
}

Test(measure, zero_counts_small_counts_and_no_control)
{
    hs_measure_counts c = counts(12, 0, NAN, NAN, 100, 100);
    hs_measure_result r;
    cr_assert_eq(hs_measure_eval(&r, &c, NULL), HS_OK);
    cr_assert(r.res_adjusted);
    cr_assert_float_eq(r.res, (12.5 * 100.5) / (0.5 * 100.5), 1e-12);
    c = counts(2, 1, NAN, NAN, 100, 100);
    cr_assert_eq(hs_measure_eval(&r, &c, NULL), HS_OK);
    cr_assert_eq(r.verdict, HS_MEASURE_TOO_FEW);
    /* without a control: the binomial test of the after count against the share of days */
    c = counts(30, 10, NAN, NAN, NAN, NAN);
    c.days_before = 300;
    c.days_after = 100;
    cr_assert_eq(hs_measure_eval(&r, &c, NULL), HS_OK);
    double p;
    hs_binom_test(&p, 10, 40, 0.25);
    cr_assert_float_eq(r.p, p, 1e-15);
    cr_assert_float_eq(r.res, (30.0 / 300.0) / (10.0 / 100.0), 1e-12);
    cr_assert_eq(r.verdict, HS_MEASURE_NO_CHANGE);
    c.target_after = 1.5;
    cr_assert_eq(hs_measure_eval(&r, &c, NULL), HS_EINVAL);
}
