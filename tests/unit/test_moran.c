/*
 * Tests of Moran's I and Clark-Evans: global Moran (style B, randomisation) and local Ii (queen,
 * row-standardised) against R spdep 1.2-7 on the San Francisco robbery grid (tests/data/stats,
 * spdep_fixture.R), to 1e-9 relative; the seeded permutation pseudo-p (repeatable, in range, a
 * planted cluster is HH); Clark-Evans on a square lattice (R = 2, hand-computed z).
 */
#include <criterion/criterion.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/hs_internal.h"
#include "stats/stats.h"

static double num(const char *s)
{
    double v = NAN;
    cr_assert_eq(hs__parse_double(&v, s), HS_OK, "not a number: '%s'", s);
    return v;
}

static double *load_counts(hs_grid_spec *g)
{
    char line[256];
    FILE *fp = fopen(HS_TEST_DATA "/stats/counts.csv", "r");
    cr_assert(fp);
    cr_assert(fgets(line, sizeof line, fp));
    double h[5];
    char *save = NULL;
    char *tok = strtok_r(line, ",\n", &save);
    for (int i = 0; i < 5; i++) {
        h[i] = num(tok);
        tok = strtok_r(NULL, ",\n", &save);
    }
    *g = (hs_grid_spec){h[2], h[3], h[4], (int64_t)h[0], (int64_t)h[1]};
    size_t n = (size_t)(g->nx * g->ny);
    double *x = malloc(n * sizeof *x);
    for (size_t i = 0; i < n; i++) {
        cr_assert(fgets(line, sizeof line, fp));
        line[strcspn(line, "\n")] = 0;
        x[i] = num(line);
    }
    fclose(fp);
    return x;
}

static void rel(double got, double want, double tol)
{
    cr_assert(fabs(got - want) <= tol * fabs(want), "got %.17g want %.17g", got, want);
}

Test(moran, global_matches_spdep)
{
    hs_grid_spec g;
    double *x = load_counts(&g);
    /* spdep_global.csv */
    hs_moran_global m;
    hs_gistar_opts o = HS_GISTAR_OPTS_INIT;
    o.distance = 500.0;
    cr_assert_eq(hs_moran_global_grid(&m, NULL, &g, x, NULL, &o), HS_OK);
    rel(m.i, 0.39408483834869867, 1e-9);
    rel(m.expected, -0.00037119524870081661, 1e-12);
    rel(m.variance, 6.1126144444224347e-05, 1e-9);
    rel(m.z, 50.452780050002794, 1e-9);
    o.weights = HS_WEIGHTS_QUEEN;
    cr_assert_eq(hs_moran_global_grid(&m, NULL, &g, x, NULL, &o), HS_OK);
    rel(m.i, 0.42501038766923199, 1e-9);
    rel(m.variance, 9.1512166947514394e-05, 1e-9);
    rel(m.z, 44.467146717114829, 1e-9);
    cr_assert_eq(m.n, g.nx * g.ny);
    free(x);
}

Test(moran, local_ii_matches_spdep)
{
    hs_grid_spec g;
    double *x = load_counts(&g);
    size_t n = (size_t)(g.nx * g.ny);
    double *ii = malloc(n * sizeof *ii);
    hs_moran_local_opts o = HS_MORAN_LOCAL_OPTS_INIT;
    o.weights.weights = HS_WEIGHTS_QUEEN;
    o.permutations = 0;
    cr_assert_eq(hs_moran_local_grid(ii, NULL, NULL, NULL, NULL, &g, x, NULL, &o), HS_OK);
    FILE *fp = fopen(HS_TEST_DATA "/stats/spdep_ref.csv", "r");
    char line[512];
    cr_assert(fgets(line, sizeof line, fp));
    for (size_t i = 0; i < n; i++) {
        cr_assert(fgets(line, sizeof line, fp));
        line[strcspn(line, "\n")] = 0;
        const char *last = strrchr(line, ',') + 1;
        double want = num(last);
        cr_assert(fabs(ii[i] - want) <= 1e-9 * fabs(want) + 1e-15, "cell %zu: %.17g vs %.17g", i,
                  ii[i], want);
    }
    fclose(fp);
    free(ii);
    free(x);
}

Test(moran, permutation_pseudo_p)
{
    /* a 20 x 20 grid of seeded noise with a planted 3 x 3 block of high values */
    hs_grid_spec g = {0, 0, 100, 20, 20};
    double x[400];
    hs__rng r;
    hs__rng_seed(&r, 3);
    for (int i = 0; i < 400; i++) {
        x[i] = (double)hs__rng_below(&r, 3);
    }
    for (int iy = 8; iy < 11; iy++) {
        for (int ix = 8; ix < 11; ix++) {
            x[iy * 20 + ix] = 20.0;
        }
    }
    double p1[400];
    double p2[400];
    double q[400];
    uint8_t c[400];
    hs_moran_local_opts o = HS_MORAN_LOCAL_OPTS_INIT;
    o.weights.weights = HS_WEIGHTS_QUEEN;
    o.permutations = 199;
    o.fdr = 0; /* with 400 cells and 199 permutations nothing survives BH at 0.05 */
    cr_assert_eq(hs_moran_local_grid(NULL, p1, q, c, NULL, &g, x, NULL, &o), HS_OK);
    double qq[400];
    cr_assert_eq(hs_fdr_bh(qq, p1, 400), HS_OK);
    cr_assert_eq(hs_moran_local_grid(NULL, p2, NULL, NULL, NULL, &g, x, NULL, &o), HS_OK);
    for (int i = 0; i < 400; i++) {
        cr_assert_eq(p1[i], p2[i], "same seed, same pseudo-p");
        cr_assert(p1[i] >= 1.0 / 200.0 && p1[i] <= 1.0);
        double m = p1[i] * 200.0 - 1.0; /* (M + 1) / (R + 1) with M a whole number */
        cr_assert_float_eq(m, round(m), 1e-9);
        cr_assert_eq(q[i], qq[i]);
    }
    cr_assert_eq(c[9 * 20 + 9], HS_LISA_HH);
    cr_assert_eq(p1[9 * 20 + 9], 1.0 / 200.0);
    cr_assert_str_eq(hs_lisa_class_name(HS_LISA_HH), "HH");
    o.seed = 99;
    cr_assert_eq(hs_moran_local_grid(NULL, p2, NULL, NULL, NULL, &g, x, NULL, &o), HS_OK);
    int differ = 0;
    for (int i = 0; i < 400; i++) {
        differ += p1[i] != p2[i];
    }
    cr_assert(differ > 0);
}

Test(moran, clark_evans_lattice)
{
    /* 10 x 10 lattice of spacing 1 in an area of 100: mean NN 1, expected 0.5, R = 2,
     * z = 0.5 / (0.26136 / sqrt(100 * 1)) */
    double x[100];
    double y[100];
    for (int i = 0; i < 100; i++) {
        x[i] = i % 10 + 0.5;
        y[i] = i / 10 + 0.5;
    }
    hs_clark_evans ce;
    cr_assert_eq(hs_clark_evans_run(&ce, NULL, x, y, 100, 100.0), HS_OK);
    cr_assert_float_eq(ce.mean_nn, 1.0, 1e-12);
    cr_assert_float_eq(ce.r, 2.0, 1e-12);
    cr_assert_float_eq(ce.z, 0.5 / 0.026136, 1e-9);
    /* two points 3 apart, area 36: expected 0.5 / sqrt(2/36) = 2.1213..., R = 3 / that */
    double a[2] = {0, 3};
    double b[2] = {0, 0};
    cr_assert_eq(hs_clark_evans_run(&ce, NULL, a, b, 2, 36.0), HS_OK);
    cr_assert_float_eq(ce.r, 3.0 / (0.5 / sqrt(2.0 / 36.0)), 1e-12);
    cr_assert_eq(hs_clark_evans_run(&ce, NULL, a, b, 1, 36.0), HS_ENODATA);
}

/* The analytic local p (randomisation variance) against the formula of Anselin (1995) evaluated
 * here over an explicit queen weight matrix, cell by cell; and the planted cluster is HH. */
Test(moran, analytic_local_p)
{
    hs_grid_spec g = {0, 0, 100, 15, 12};
    const int nx = 15, ny = 12, n = nx * ny;
    double x[15 * 12];
    hs__rng r;
    hs__rng_seed(&r, 11);
    for (int i = 0; i < n; i++) {
        x[i] = (double)hs__rng_below(&r, 4);
    }
    for (int iy = 5; iy < 8; iy++) {
        for (int ix = 6; ix < 9; ix++) {
            x[iy * nx + ix] = 15.0;
        }
    }
    double p[15 * 12];
    double ii[15 * 12];
    uint8_t c[15 * 12];
    hs_moran_local_opts o = HS_MORAN_LOCAL_OPTS_INIT;
    o.weights.weights = HS_WEIGHTS_QUEEN;
    o.permutations = HS_MORAN_ANALYTIC;
    o.fdr = 0;
    cr_assert_eq(hs_moran_local_grid(ii, p, NULL, c, NULL, &g, x, NULL, &o), HS_OK);
    double mean = 0, m2 = 0, m4 = 0;
    for (int i = 0; i < n; i++) {
        mean += x[i] / n;
    }
    for (int i = 0; i < n; i++) {
        double z = x[i] - mean;
        m2 += z * z / n;
        m4 += z * z * z * z / n;
    }
    double b2 = m4 / (m2 * m2);
    for (int iy = 0; iy < ny; iy++) {
        for (int ix = 0; ix < nx; ix++) {
            double w[8], lag = 0, sw = 0, sw2 = 0;
            int k = 0;
            for (int dy = -1; dy <= 1; dy++) {
                for (int dx = -1; dx <= 1; dx++) {
                    int jx = ix + dx, jy = iy + dy;
                    if ((dx || dy) && jx >= 0 && jx < nx && jy >= 0 && jy < ny) {
                        w[k++] = x[jy * nx + jx] - mean;
                    }
                }
            }
            for (int j = 0; j < k; j++) {
                lag += w[j] / k;
                sw += 1.0 / k;
                sw2 += 1.0 / ((double)k * k);
            }
            double zi = x[iy * nx + ix] - mean, I = zi / m2 * lag;
            double e = -sw / (n - 1.0);
            double var = sw2 * (n - b2) / (n - 1.0) +
                         (sw * sw - sw2) * (2.0 * b2 - n) / ((n - 1.0) * (n - 2.0)) - e * e;
            double want = hs_norm_cdf(-fabs(I - e) / sqrt(var));
            int cell = iy * nx + ix;
            cr_assert_float_eq(ii[cell], I, 1e-12);
            cr_assert(fabs(p[cell] - want) <= 1e-12 + 1e-9 * want, "cell %d: %.17g vs %.17g", cell,
                      p[cell], want);
        }
    }
    cr_assert_eq(c[6 * nx + 7], HS_LISA_HH);
    cr_assert(p[6 * nx + 7] < 1e-4);
    o.permutations = -2;
    cr_assert_eq(hs_moran_local_grid(ii, p, NULL, c, NULL, &g, x, NULL, &o), HS_EINVAL);
}
