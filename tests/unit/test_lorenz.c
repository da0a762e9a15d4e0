/*
 * Concentration measures: the published worked examples of the generalised Gini (Bernasco and
 * Steenbeek 2017, the lorenzgini package's examples), the Gini against the mean absolute
 * difference computed by brute force, the share of units holding 25 / 50 % against a brute
 * search over subsets' sizes, and the stability measures against a direct Spearman formula.
 */
#include <criterion/criterion.h>
#include <math.h>
#include <stdlib.h>

#include "hotspot.h"
#include "test_rand.h"

static hs_lorenz_summary summary(const double *c, size_t n)
{
    hs_lorenz_summary s;
    cr_assert_eq(hs_lorenz_summary_of(&s, NULL, c, n), HS_OK);
    return s;
}

Test(lorenz, published_examples)
{
    /* 10 units, 20 crimes: G = 0.78, and G' = G since crimes >= units */
    double a[10] = {10, 8, 2};
    hs_lorenz_summary s = summary(a, 10);
    cr_assert_float_eq(s.gini, 0.78, 1e-12);
    cr_assert_float_eq(s.gini_gen, 0.78, 1e-12);
    /* 10 units, 8 crimes: G = 0.8, G' = 0.75 */
    double b[10] = {5, 2, 1};
    s = summary(b, 10);
    cr_assert_float_eq(s.gini, 0.8, 1e-12);
    cr_assert_float_eq(s.gini_gen, 0.75, 1e-12);
    /* all crime in one of 10 units: G = 0.9 (not 1), and in one of 100: 0.99 */
    double c[100] = {10};
    cr_assert_float_eq(summary(c, 10).gini, 0.9, 1e-12);
    cr_assert_float_eq(summary(c, 100).gini, 0.99, 1e-12);
    /* the same sparse case: one crime per unit would be maximal equality, so G' = 1 for 10 in 1
     * of 100 units means (100 / 10)(0.99 - 1) + 1 = 0.9 */
    cr_assert_float_eq(summary(c, 100).gini_gen, 0.9, 1e-12);
    /* the vignette's 3 + 1 + 1 crimes over 10 places: G = 0.78, G' = 2 G - 1 = 0.56 */
    double d[10] = {3, 1, 1};
    s = summary(d, 10);
    cr_assert_float_eq(s.gini, 0.78, 1e-12);
    cr_assert_float_eq(s.gini_gen, 0.56, 1e-12);
    /* 10 places, one crime each, then 5 crimes in 5 places: G' stays 0 (the vignette's story) */
    double e[10] = {1, 1, 1, 1, 1, 1, 1, 1, 1, 1}, f[10] = {1, 0, 1, 0, 1, 0, 1, 0, 1, 0};
    cr_assert_float_eq(summary(e, 10).gini_gen, 0.0, 1e-12);
    cr_assert_float_eq(summary(f, 10).gini, 0.5, 1e-12);
    cr_assert_float_eq(summary(f, 10).gini_gen, 0.0, 1e-12);
}

Test(lorenz, gini_against_mean_absolute_difference)
{
    lcg_state = 21;
    for (int rep = 0; rep < 20; rep++) {
        size_t n = 5 + (size_t)(urand() * 300);
        double *x = malloc(n * sizeof *x);
        double tot = 0;
        for (size_t i = 0; i < n; i++) {
            /* sparse counts: most units empty, a few large */
            double u = urand();
            x[i] = u < 0.7 ? 0 : floor(urand() * (u < 0.95 ? 3 : 40));
            tot += x[i];
        }
        x[0] += 1;
        tot += 1;
        double mad = 0;
        for (size_t i = 0; i < n; i++) {
            for (size_t j = 0; j < n; j++) {
                mad += fabs(x[i] - x[j]);
            }
        }
        double g = mad / (2.0 * (double)n * tot);
        hs_lorenz_summary s = summary(x, n);
        cr_assert_float_eq(s.gini, g, 1e-12, "n %zu: %.15g vs %.15g", n, s.gini, g);
        double r = (double)n / tot;
        cr_assert_float_eq(s.gini_gen, r > 1 ? r * (g - 1) + 1 : g, 1e-12);
        /* share holding 50 %: the least k whose k largest reach half, by brute force */
        double *y = malloc((n + 1) * sizeof *y);
        cr_assert_eq(hs_lorenz_curve(y, NULL, x, n), HS_OK);
        for (int q = 0; q < 2; q++) {
            double want = q ? 0.5 : 0.25;
            size_t k = 0;
            while (y[k] < want - 1e-12) {
                k++;
            }
            double got = q ? s.share50 : s.share25;
            cr_assert_float_eq(got, (double)k / (double)n, 1e-12);
            cr_assert_float_eq(hs_lorenz_units_for(x, n, want), got, 1e-12);
        }
        /* the curve is concave, increasing, ends at 1 */
        for (size_t k = 1; k <= n; k++) {
            cr_assert(y[k] >= y[k - 1]);
            if (k >= 2) {
                cr_assert(y[k] - y[k - 1] <= y[k - 1] - y[k - 2] + 1e-12);
            }
        }
        cr_assert_float_eq(y[n], 1.0, 1e-12);
        free(y);
        free(x);
    }
}

Test(lorenz, shares_hand_computed)
{
    /* 20 units, 10 incidents: 5 in one, 3 in another, 2 singles */
    double c[20] = {0, 5, 0, 1, 0, 3, 0, 0, 1};
    hs_lorenz_summary s = summary(c, 20);
    cr_assert_float_eq(s.share25, 1.0 / 20, 1e-12);
    cr_assert_float_eq(s.share50, 1.0 / 20, 1e-12);
    cr_assert_eq(s.nonzero, 4);
    cr_assert_float_eq(s.total, 10, 1e-12);
    double c2[4] = {1, 1, 1, 1};
    cr_assert_float_eq(summary(c2, 4).share50, 0.5, 1e-12);
    cr_assert_float_eq(summary(c2, 4).gini, 0.0, 1e-12);
}

Test(lorenz, bad_input)
{
    hs_lorenz_summary s;
    double neg[3] = {1, -1, 2}, zero[3] = {0, 0, 0}, nan3[3] = {1, NAN, 0};
    cr_assert_eq(hs_lorenz_summary_of(&s, NULL, neg, 3), HS_EINVAL);
    cr_assert_eq(hs_lorenz_summary_of(&s, NULL, nan3, 3), HS_EINVAL);
    cr_assert_eq(hs_lorenz_summary_of(&s, NULL, zero, 3), HS_ENODATA);
    cr_assert(isnan(s.gini));
    cr_assert_eq(hs_lorenz_summary_of(&s, NULL, zero, 0), HS_EINVAL);
}

/* Spearman by the textbook: Pearson correlation of average ranks, computed directly. */
static double spearman_ref(const double *a, const double *b, size_t n)
{
    double *ra = malloc(n * sizeof *ra), *rb = malloc(n * sizeof *rb);
    for (size_t i = 0; i < n; i++) {
        double lt = 0, eq = 0, lt2 = 0, eq2 = 0;
        for (size_t j = 0; j < n; j++) {
            lt += a[j] > a[i];
            eq += a[j] == a[i];
            lt2 += b[j] > b[i];
            eq2 += b[j] == b[i];
        }
        ra[i] = lt + (eq + 1) / 2;
        rb[i] = lt2 + (eq2 + 1) / 2;
    }
    double ma = 0, mb = 0;
    for (size_t i = 0; i < n; i++) {
        ma += ra[i] / (double)n;
        mb += rb[i] / (double)n;
    }
    double sab = 0, saa = 0, sbb = 0;
    for (size_t i = 0; i < n; i++) {
        sab += (ra[i] - ma) * (rb[i] - mb);
        saa += (ra[i] - ma) * (ra[i] - ma);
        sbb += (rb[i] - mb) * (rb[i] - mb);
    }
    free(ra);
    free(rb);
    return sab / sqrt(saa * sbb);
}

Test(lorenz, stability)
{
    /* 20 units: top 5 % is 1 unit; top 25 % is 5 units */
    double a[20] = {9, 0, 7, 0, 5, 0, 3, 0, 2, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0};
    double b[20] = {8, 0, 0, 6, 5, 0, 3, 0, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1};
    hs_lorenz_stability st;
    cr_assert_eq(hs_lorenz_stability_of(&st, NULL, a, b, 20, 0.05), HS_OK);
    cr_assert_eq(st.ntop, 1);
    cr_assert_eq(st.nstay, 1);
    cr_assert_eq(hs_lorenz_stability_of(&st, NULL, a, b, 20, 0.25), HS_OK);
    /* a's top 5: units 0 2 4 6 8; b's: 0 3 4 6 8 */
    cr_assert_eq(st.ntop, 5);
    cr_assert_eq(st.nstay, 4);
    cr_assert_float_eq(st.stay, 0.8, 1e-12);
    cr_assert_float_eq(st.spearman, spearman_ref(a, b, 20), 1e-12);
    cr_assert_float_eq(st.mean_a, 27.0 / 20, 1e-12);
    lcg_state = 5;
    for (int rep = 0; rep < 10; rep++) {
        double x[97], y[97];
        for (int i = 0; i < 97; i++) {
            x[i] = floor(urand() * 4);
            y[i] = floor(urand() * 4 + x[i] * urand());
        }
        cr_assert_eq(hs_lorenz_stability_of(&st, NULL, x, y, 97, 0.05), HS_OK);
        cr_assert_float_eq(st.spearman, spearman_ref(x, y, 97), 1e-12);
        cr_assert_eq(st.ntop, 5);
    }
}
