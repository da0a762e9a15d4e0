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
