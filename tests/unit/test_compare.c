/*
 * Tests of the crime/insecurity comparison on constructed cases where the answer is known: a place
 * with only complaints, one with only crimes and a shared hot spot; the classes; the count ratios;
 * and that relabelling p-values repeat with a seed and are stable across seeds.
 */
#include <criterion/criterion.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "hotspot.h"

static uint64_t rng = 12345;

static double unif(void)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return (double)(rng >> 11) / 9007199254740992.0;
}

static void cluster(double *x, double *y, size_t n, double cx, double cy, double sd)
{
    for (size_t i = 0; i < n; i++) {
        double u = fmax(unif(), 1e-12), v = unif();
        double r = sd * sqrt(-2 * log(u));
        x[i] = cx + r * cos(6.283185307179586 * v);
        y[i] = cy + r * sin(6.283185307179586 * v);
    }
}

Test(compare, classes_from_bins)
{
    int8_t a[] = {3, 2, 0, 1, -3, 2};
    int8_t b[] = {2, 0, 3, 3, 3, -2};
    uint8_t c[6];
    hs_compare_classes(c, a, b, 6, 2);
    cr_assert_eq(c[0], HS_CMP_BOTH);
    cr_assert_eq(c[1], HS_CMP_CRIME_ONLY);
    cr_assert_eq(c[2], HS_CMP_INSECURITY_ONLY);
    cr_assert_eq(c[3], HS_CMP_INSECURITY_ONLY); /* 90 % is not hot at hot_min 2 */
    cr_assert_eq(c[4], HS_CMP_INSECURITY_ONLY);
    cr_assert_eq(c[5], HS_CMP_CRIME_ONLY);
    cr_assert_str_eq(hs_cmp_class_key(HS_CMP_CRIME_ONLY), "crime_only");
    cr_assert_str_eq(hs_cmp_class_label(HS_CMP_BOTH, "sv"), "Brott och otrygghet");
}

Test(compare, count_ratios_by_hand)
{
    double a[] = {10, 0, 30}, b[] = {5, 5, 0};
    double lr[3], d[3];
    cr_assert_eq(hs_compare_counts(lr, d, a, b, 3), HS_OK);
    /* totals 40 and 10 */
    cr_assert_float_eq(lr[0], log((10.5 / 40.5) / (5.5 / 10.5)), 1e-12);
    cr_assert_float_eq(lr[1], log((0.5 / 40.5) / (5.5 / 10.5)), 1e-12);
    cr_assert_float_eq(d[2], 0.75, 1e-12);
    cr_assert_float_eq(d[1], -0.5, 1e-12);
}

#define NCR 600
#define NCO 300

typedef struct scene {
    double cx[NCR], cy[NCR], qx[NCO], qy[NCO];
    hs_grid_spec g;
} scene;

/* crimes at B (only crime) and C (shared); complaints at A (only insecurity) and C */
static void make_scene(scene *s)
{
    rng = 777;
    cluster(s->cx, s->cy, NCR / 2, 2000, 1000, 120);                     /* B */
    cluster(s->cx + NCR / 2, s->cy + NCR / 2, NCR / 2, 1000, 2000, 120); /* C */
    cluster(s->qx, s->qy, NCO / 2, 300, 300, 120);                       /* A */
    cluster(s->qx + NCO / 2, s->qy + NCO / 2, NCO / 2, 1000, 2000, 120); /* C */
    s->g = (hs_grid_spec){-500, -500, 100, 32, 32};
}

static size_t cell_at(const hs_grid_spec *g, double x, double y)
{
    int64_t ix, iy;
    cr_assert_eq(hs_grid_cell_of(&ix, &iy, g, x, y), 0);
    return (size_t)(iy * g->nx + ix);
}

static void run(scene *s, uint64_t seed, double *lrr, double *phi, double *plo)
{
    hs_relrisk_opts o = HS_RELRISK_OPTS_INIT;
    o.bandwidth = 300;
    o.permutations = 999;
    o.seed = seed;
    cr_assert_eq(hs_relrisk_run(lrr, phi, plo, NULL, &s->g, s->cx, s->cy, NULL, NCR, s->qx, s->qy,
                                NULL, NCO, &o),
                 HS_OK);
}

Test(compare, relative_risk_known_places, .timeout = 120)
{
    static scene s;
    make_scene(&s);
    size_t nc = (size_t)(s.g.nx * s.g.ny);
    double *lrr = malloc(nc * sizeof *lrr), *phi = malloc(nc * sizeof *phi),
           *plo = malloc(nc * sizeof *plo);
    double *lrr2 = malloc(nc * sizeof *lrr), *phi2 = malloc(nc * sizeof *phi),
           *plo2 = malloc(nc * sizeof *plo);
    run(&s, 1, lrr, phi, plo);
    size_t a = cell_at(&s.g, 300, 300), b = cell_at(&s.g, 2000, 1000),
           c = cell_at(&s.g, 1000, 2000);
    /* B: crime only -> crime strongly over-represented */
    cr_assert_gt(lrr[b], 2.0);
    cr_assert_lt(phi[b], 0.01);
    /* A: complaints only -> crime under-represented */
    cr_assert_lt(lrr[a], -2.0);
    cr_assert_lt(plo[a], 0.01);
    /* C: both at their expected shares (half of each group) -> neither tail */
    cr_assert_lt(fabs(lrr[c]), 0.5);
    cr_assert_gt(phi[c], 0.05);
    cr_assert_gt(plo[c], 0.05);
    /* the same seed repeats exactly; another seed moves the p-values by at most 0.01 at these
     * places */
    run(&s, 1, lrr2, phi2, plo2);
    cr_assert_eq(memcmp(phi, phi2, nc * sizeof *phi), 0);
    run(&s, 2, lrr2, phi2, plo2);
    size_t cells[] = {a, b};
    for (size_t k = 0; k < 2; k++) {
        cr_assert_leq(fabs(phi[cells[k]] - phi2[cells[k]]), 0.01);
        cr_assert_leq(fabs(plo[cells[k]] - plo2[cells[k]]), 0.01);
    }
    cr_assert_eq(lrr[c], lrr2[c]);
    /* the 5 % tolerance contour barely moves between seeds */
    size_t differ = 0, valid = 0;
    for (size_t i = 0; i < nc; i++) {
        if (isnan(phi[i])) {
            continue;
        }
        valid++;
        differ += (phi[i] < 0.05) != (phi2[i] < 0.05) || (plo[i] < 0.05) != (plo2[i] < 0.05);
    }
    cr_assert_gt(valid, 100);
    cr_assert_leq((double)differ / (double)valid, 0.03, "%zu of %zu cells changed", differ, valid);
    free(lrr);
    free(phi);
    free(plo);
    free(lrr2);
    free(phi2);
    free(plo2);
}
