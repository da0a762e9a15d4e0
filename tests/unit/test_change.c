/*
 * Tests of change between two periods: p-values against R binom.test (R 4.2, digits = 17), the
 * exposure ratio, BH over the units that could show a change (against R p.adjust), and the honest
 * classes for tiny and empty counts.
 */
#include <criterion/criterion.h>
#include <math.h>

#include "hotspot.h"

static void rel(double got, double want, double tol)
{
    cr_assert(fabs(got - want) <= tol * fabs(want), "got %.17g want %.17g", got, want);
}

Test(change, exact_test_classes_and_fdr)
{
    /* units A -> B: 10 -> 30 (up), 27 -> 3 (down), 2 -> 0 (too few: the best p with 2 incidents
     * is 0.5), 0 -> 0 (empty), 4 -> 6 (no significant change) */
    double a[5] = {10, 27, 2, 0, 4};
    double b[5] = {30, 3, 0, 0, 6};
    double ratio[5];
    double p[5];
    double q[5];
    uint8_t c[5];
    hs_change_opts o = HS_CHANGE_OPTS_INIT;
    cr_assert_eq(hs_change_run(ratio, p, q, c, NULL, a, b, 5, &o), HS_OK);
    rel(p[0], 0.0022214337732293673, 1e-10);  /* binom.test(30, 40, 0.5) */
    rel(p[1], 8.4303319454193217e-06, 1e-10); /* binom.test(3, 30, 0.5) */
    cr_assert_float_eq(ratio[0], 3.0, 1e-15);
    cr_assert_float_eq(ratio[1], 3.0 / 27.0, 1e-15);
    cr_assert(isnan(ratio[3]));
    cr_assert_eq(c[0], HS_CHANGE_INCREASED);
    cr_assert_eq(c[1], HS_CHANGE_DECREASED);
    cr_assert_eq(c[2], HS_CHANGE_TOO_FEW);
    cr_assert(isnan(q[2]));
    cr_assert_eq(c[3], HS_CHANGE_EMPTY);
    cr_assert_eq(c[4], HS_CHANGE_NONE);
    /* BH over units 0, 1 and 4 only: p.adjust(c(0.00222.., 8.43e-06, binom.test(6,10)$p), "BH") */
    double pb[3] = {p[0], p[1], p[4]};
    double qb[3];
    hs_fdr_bh(qb, pb, 3);
    cr_assert_eq(q[0], qb[0]);
    rel(q[0], 0.0022214337732293673 * 3.0 / 2.0, 1e-12);
    rel(q[1], 8.4303319454193217e-06 * 3.0, 1e-12);
    cr_assert_str_eq(hs_change_class_name(HS_CHANGE_TOO_FEW), "too few incidents");
}

Test(change, exposure_ratio)
{
    /* A lasted 2 units of time, B 1: 20 -> 10 is the same rate; 8 -> 12 is p = binom.test(12, 20,
     * 1/3) = 0.016281312083339237 and an increase (rate ratio 3) */
    double a[2] = {20, 8};
    double b[2] = {10, 12};
    double ratio[2];
    double p[2];
    uint8_t c[2];
    hs_change_opts o = HS_CHANGE_OPTS_INIT;
    o.exposure_a = 2.0;
    o.exposure_b = 1.0;
    o.fdr = 0;
    cr_assert_eq(hs_change_run(ratio, p, NULL, c, NULL, a, b, 2, &o), HS_OK);
    cr_assert_float_eq(ratio[0], 1.0, 1e-15);
    cr_assert_float_eq(p[0], 1.0, 1e-12);
    cr_assert_eq(c[0], HS_CHANGE_NONE);
    rel(p[1], 0.016281312083339237, 1e-10);
    cr_assert_float_eq(ratio[1], 3.0, 1e-15);
    cr_assert_eq(c[1], HS_CHANGE_INCREASED);
    double bad[1] = {1.5};
    cr_assert_eq(hs_change_run(NULL, NULL, NULL, NULL, NULL, bad, b, 1, &o), HS_EDATA);
    o.exposure_a = 0;
    cr_assert_eq(hs_change_run(NULL, NULL, NULL, NULL, NULL, a, b, 2, &o), HS_EINVAL);
}
