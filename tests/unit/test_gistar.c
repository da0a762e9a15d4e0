/*
 * Tests of Getis-Ord Gi*: a hand-computed case, the grid stencil against brute-force neighbour
 * lists, the mask, and a reference from R spdep (localG with include.self, p.adjust BH) on 951 San
 * Francisco robberies aggregated to a 250 m grid (tests/data/stats, made by make_counts.py and
 * spdep_fixture.R). Tolerances: z to 1e-9 absolute, q to 1e-9 relative, classes exactly.
 */
#include <criterion/criterion.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/hs_internal.h"

typedef struct fixture {
    hs_grid_spec g;
    double *cnt;
    double *ref; /* 5 columns per cell: z_band500 q_band500 z_queen q_queen ii_queen */
} fixture;

static double num(const char *s)
{
    double v = NAN;
    cr_assert_eq(hs__parse_double(&v, s), HS_OK, "not a number: '%s'", s);
    return v;
}

static void load(fixture *f)
{
    char line[512];
    FILE *fp = fopen(HS_TEST_DATA "/stats/counts.csv", "r");
    cr_assert(fp);
    cr_assert(fgets(line, sizeof line, fp));
    char *save = NULL;
    char *tok = strtok_r(line, ",", &save);
    double h[5];
    for (int i = 0; i < 5; i++) {
        cr_assert(tok);
        h[i] = num(tok);
        tok = strtok_r(NULL, ",\n", &save);
    }
    f->g = (hs_grid_spec){h[2], h[3], h[4], (int64_t)h[0], (int64_t)h[1]};
    size_t n = (size_t)(f->g.nx * f->g.ny);
    f->cnt = malloc(n * sizeof *f->cnt);
    f->ref = malloc(n * 5 * sizeof *f->ref);
    for (size_t i = 0; i < n; i++) {
        cr_assert(fgets(line, sizeof line, fp));
        line[strcspn(line, "\n")] = 0;
        f->cnt[i] = num(line);
    }
    fclose(fp);
    fp = fopen(HS_TEST_DATA "/stats/spdep_ref.csv", "r");
    cr_assert(fp);
    cr_assert(fgets(line, sizeof line, fp));
    for (size_t i = 0; i < n; i++) {
        cr_assert(fgets(line, sizeof line, fp));
        save = NULL;
        tok = strtok_r(line, ",", &save);
        cr_assert_eq((size_t)num(tok), i);
        for (int c = 0; c < 5; c++) {
            tok = strtok_r(NULL, ",\n", &save);
            f->ref[i * 5 + (size_t)c] = num(tok);
        }
    }
    fclose(fp);
}

static void unload(fixture *f)
{
    free(f->cnt);
    free(f->ref);
}

Test(gistar, hand_computed_row)
{
    /* counts 1 2 3 4 10 in one row, rook + self: mean 4, S^2 = 10; cell 0: w = 2, lag = 3,
     * z = (3 - 8) / (sqrt(10) sqrt((5*2 - 4) / 4)) = -5 / sqrt(15) */
    hs_grid_spec g = {0, 0, 100, 5, 1};
    double x[5] = {1, 2, 3, 4, 10};
    double z[5];
    int32_t nn[5];
    hs_gistar_opts o = HS_GISTAR_OPTS_INIT;
    o.weights = HS_WEIGHTS_ROOK;
    cr_assert_eq(hs_gistar_grid(z, NULL, NULL, NULL, nn, NULL, &g, x, NULL, &o), HS_OK);
    cr_assert_float_eq(z[0], -5.0 / sqrt(15.0), 1e-14);
    cr_assert_float_eq(z[2], -3.0 / sqrt(15.0), 1e-14);
    cr_assert_float_eq(z[4], 6.0 / sqrt(15.0), 1e-14);
    cr_assert_eq(nn[0], 2);
    cr_assert_eq(nn[2], 3);
    /* the same with a 100 m band (inclusive: the next centre is exactly 100 m away) */
    o.weights = HS_WEIGHTS_BAND;
    o.distance = 100.0;
    double z2[5];
    cr_assert_eq(hs_gistar_grid(z2, NULL, NULL, NULL, NULL, NULL, &g, x, NULL, &o), HS_OK);
    for (int i = 0; i < 5; i++) {
        cr_assert_eq(z2[i], z[i]);
    }
    double same[5] = {2, 2, 2, 2, 2};
    cr_assert_eq(hs_gistar_grid(z2, NULL, NULL, NULL, NULL, NULL, &g, same, NULL, &o), HS_ENODATA);
    o.distance = -1;
    cr_assert_eq(hs_gistar_grid(z2, NULL, NULL, NULL, NULL, NULL, &g, x, NULL, &o), HS_EINVAL);
}

/* z from brute-force neighbour lists (centre distance <= band) through hs_gistar_lists */
static void brute(double *z, const fixture *f, double band)
{
    int64_t nx = f->g.nx;
    size_t n = (size_t)(nx * f->g.ny);
    int64_t *start = malloc((n + 1) * sizeof *start);
    int64_t *idx = malloc(n * 64 * sizeof *idx);
    int64_t e = 0;
    for (size_t i = 0; i < n; i++) {
        start[i] = e;
        for (size_t j = 0; j < n; j++) {
            double dx = (double)((int64_t)(i % (size_t)nx) - (int64_t)(j % (size_t)nx)) * 250.0;
            double dy = (double)((int64_t)(i / (size_t)nx) - (int64_t)(j / (size_t)nx)) * 250.0;
            if (i != j && sqrt(dx * dx + dy * dy) <= band) {
                idx[e++] = (int64_t)j;
            }
        }
    }
    start[n] = e;
    cr_assert_eq(hs_gistar_lists(z, NULL, NULL, NULL, NULL, NULL, f->cnt, n, start, idx), HS_OK);
    free(start);
    free(idx);
}

Test(gistar, grid_equals_neighbour_lists)
{
    fixture f;
    load(&f);
    size_t n = (size_t)(f.g.nx * f.g.ny);
    double *za = malloc(n * sizeof *za);
    double *zb = malloc(n * sizeof *zb);
    double bands[3] = {250.0, 500.0, 750.0};
    for (int b = 0; b < 3; b++) {
        hs_gistar_opts o = HS_GISTAR_OPTS_INIT;
        o.distance = bands[b];
        cr_assert_eq(hs_gistar_grid(za, NULL, NULL, NULL, NULL, NULL, &f.g, f.cnt, NULL, &o),
                     HS_OK);
        brute(zb, &f, bands[b]);
        for (size_t i = 0; i < n; i++) {
            cr_assert_float_eq(za[i], zb[i], 1e-12, "band %g cell %zu", bands[b], i);
        }
    }
    free(za);
    free(zb);
    unload(&f);
}

static void check_spdep(hs_weights_kind kind, double dist, int col)
{
    fixture f;
    load(&f);
    size_t n = (size_t)(f.g.nx * f.g.ny);
    double *z = malloc(n * sizeof *z);
    double *p = malloc(n * sizeof *p);
    double *q = malloc(n * sizeof *q);
    int8_t *bin = malloc(n);
    int8_t *rbin = malloc(n);
    double *rz = malloc(n * sizeof *rz);
    double *rq = malloc(n * sizeof *rq);
    hs_gistar_opts o = HS_GISTAR_OPTS_INIT;
    o.weights = kind;
    o.distance = dist;
    cr_assert_eq(hs_gistar_grid(z, p, q, bin, NULL, NULL, &f.g, f.cnt, NULL, &o), HS_OK);
    int sig = 0;
    for (size_t i = 0; i < n; i++) {
        rz[i] = f.ref[i * 5 + (size_t)col];
        rq[i] = f.ref[i * 5 + (size_t)col + 1];
        cr_assert(fabs(z[i] - rz[i]) <= 1e-9, "cell %zu: z %.17g, spdep %.17g", i, z[i], rz[i]);
        cr_assert(fabs(q[i] - rq[i]) <= 1e-9 * rq[i], "cell %zu: q %.17g, R %.17g", i, q[i], rq[i]);
        cr_assert_eq(p[i], hs_norm_p2(z[i]));
    }
    hs_gistar_bins(rbin, rz, rq, n);
    for (size_t i = 0; i < n; i++) {
        cr_assert_eq(bin[i], rbin[i], "cell %zu", i);
        sig += bin[i] != 0;
    }
    cr_assert(sig > 20, "the fixture should have significant cells (%d)", sig);
    free(z);
    free(p);
    free(q);
    free(bin);
    free(rbin);
    free(rz);
    free(rq);
    unload(&f);
}

Test(gistar, spdep_band500)
{
    check_spdep(HS_WEIGHTS_BAND, 500.0, 0);
}

Test(gistar, spdep_queen)
{
    check_spdep(HS_WEIGHTS_QUEEN, 0.0, 2);
}

Test(gistar, mask_equals_smaller_grid)
{
    /* masking out the last two columns gives the same z as the grid without them */
    fixture f;
    load(&f);
    int64_t nx = f.g.nx;
    int64_t ny = f.g.ny;
    size_t n = (size_t)(nx * ny);
    uint8_t *mask = malloc(n);
    double *sub = malloc(n * sizeof *sub);
    double *za = malloc(n * sizeof *za);
    double *zb = malloc(n * sizeof *zb);
    int32_t *nn = malloc(n * sizeof *nn);
    for (int64_t iy = 0; iy < ny; iy++) {
        for (int64_t ix = 0; ix < nx; ix++) {
            mask[iy * nx + ix] = ix < nx - 2;
            if (ix < nx - 2) {
                sub[iy * (nx - 2) + ix] = f.cnt[iy * nx + ix];
            }
        }
    }
    hs_gistar_opts o = HS_GISTAR_OPTS_INIT;
    o.distance = 600.0;
    cr_assert_eq(hs_gistar_grid(za, NULL, NULL, NULL, nn, NULL, &f.g, f.cnt, mask, &o), HS_OK);
    hs_grid_spec gs = f.g;
    gs.nx = nx - 2;
    cr_assert_eq(hs_gistar_grid(zb, NULL, NULL, NULL, NULL, NULL, &gs, sub, NULL, &o), HS_OK);
    for (int64_t iy = 0; iy < ny; iy++) {
        for (int64_t ix = 0; ix < nx; ix++) {
            if (ix < nx - 2) {
                cr_assert_float_eq(za[iy * nx + ix], zb[iy * (nx - 2) + ix], 1e-12);
            } else {
                cr_assert(isnan(za[iy * nx + ix]));
                cr_assert_eq(nn[iy * nx + ix], 0);
            }
        }
    }
    free(mask);
    free(sub);
    free(za);
    free(zb);
    free(nn);
    unload(&f);
}

Test(gistar, auto_distance_knn_fallback)
{
    /* four single incidents at the corners of a 10-cell square in a 40 x 40 grid: no Moran peak;
     * k = 3 (5 % of 4 clamped to 3); the 3rd nearest of each is the diagonal, 10 sqrt(2) cells */
    hs_grid_spec g = {0, 0, 100, 40, 40};
    double *x = calloc(1600, sizeof *x);
    x[10 * 40 + 10] = 1;
    x[10 * 40 + 20] = 1;
    x[20 * 40 + 10] = 1;
    x[20 * 40 + 20] = 1;
    double d;
    hs_auto_how how;
    int k;
    cr_assert_eq(hs_gistar_auto_distance(&d, &how, &k, NULL, &g, x, NULL), HS_OK);
    cr_assert_eq(how, HS_AUTO_KNN);
    cr_assert_eq(k, 3);
    cr_assert_float_eq(d, 1000.0 * sqrt(2.0), 1e-9);
    free(x);
}

Test(gistar, auto_distance_on_fixture)
{
    fixture f;
    load(&f);
    double d;
    hs_auto_how how;
    int k;
    cr_assert_eq(hs_gistar_auto_distance(&d, &how, &k, NULL, &f.g, f.cnt, NULL), HS_OK);
    cr_assert(d >= 250.0 && d <= 2500.0 * 1.5, "distance %g", d);
    if (how == HS_AUTO_PEAK) {
        cr_assert_eq(fmod(d, 250.0), 0.0);
        cr_assert_eq(k, 0);
    }
    unload(&f);
}
