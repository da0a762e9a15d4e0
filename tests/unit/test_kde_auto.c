/*
 * Unit tests of the Gaussian binned along y (kde_sep.c) and of HS_KDE_AUTO: at every cell the
 * binned value lies within the stated bound of the exact sum (clustered points, several sigma /
 * cell ratios, sub-grids and weights of one or both signs), the bound is much tighter than the
 * two-axis binned bound that counts every point within reach, auto takes the binned result for
 * the benchmark configuration (sigma 200 m, 50 m cells, edge correction) and the exact sums when
 * the bound cannot be met (sigma smaller than a cell) or the kernel has none.
 */
#include <criterion/criterion.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/hs_internal.h"
#include "density/density.h"

#include "test_rand.h"

/* clustered points: three tight blobs plus a uniform background, some outside the grid */
static void make_points(double *x, double *y, double *w, size_t n, const hs_grid_spec *g)
{
    double W = g->cell * (double)g->nx, H = g->cell * (double)g->ny;
    const double cx[3] = {0.3, 0.62, 0.8}, cy[3] = {0.4, 0.7, 0.15};
    for (size_t i = 0; i < n; i++) {
        if (i % 4 == 3) {
            x[i] = g->x0 - 0.1 * W + urand() * 1.2 * W;
            y[i] = g->y0 - 0.1 * H + urand() * 1.2 * H;
        } else {
            int k = (int)(i % 3);
            double r = sqrt(-2 * log(1 - urand())) * 0.03 * W, a = 2 * M_PI * urand();
            x[i] = g->x0 + cx[k] * W + r * cos(a);
            y[i] = g->y0 + cy[k] * H + r * sin(a);
        }
        w[i] = 0.25 + 1.5 * urand();
    }
}

Test(kde_auto, binned_along_y_within_the_bound_at_every_cell)
{
    lcg_state = 11;
    hs_grid_spec g = {400000, 6500000, 20, 120, 90};
    size_t n = 20000;
    double *x = malloc(n * sizeof *x), *y = malloc(n * sizeof *y), *w = malloc(n * sizeof *w);
    double *wm = malloc(n * sizeof *wm);
    make_points(x, y, w, n, &g);
    for (size_t i = 0; i < n; i++) {
        wm[i] = i % 5 == 0 ? -w[i] : w[i]; /* weights of both signs */
    }
    size_t nc = (size_t)(g.nx * g.ny);
    double *ex = malloc(nc * sizeof *ex), *bi = malloc(nc * sizeof *bi);
    float *bound = malloc(nc * sizeof *bound), *old = malloc(nc * sizeof *old);
    hs_ctx *ctx = NULL;
    hs_ctx_new(&ctx);
    const double sigmas[] = {25, 55, 140};
    const int subs[] = {1, 3, 9};
    for (size_t k = 0; k < 3; k++) {
        for (size_t t = 0; t < 3; t++) {
            for (int weighted = 0; weighted < 3; weighted++) {
                hs_kde_opts o = HS_KDE_OPTS_INIT;
                o.kernel = HS_KERNEL_GAUSSIAN;
                double h = sigmas[k];
                const double *wt = weighted == 0 ? NULL : weighted == 1 ? w : wm;
                size_t used = 0, used2 = 0;
                cr_assert_eq(hs__kde_scatter(ex, ctx, &g, x, y, wt, n, o.kernel, h, &o, &used),
                             HS_OK);
                cr_assert_eq(hs__kde_sep(bi, bound, ctx, &g, x, y, wt, n, h, subs[t], &o, &used2),
                             HS_OK);
                cr_assert_eq(used, used2, "sigma %g: %zu points exact, %zu binned", h, used, used2);
                double worst = 0, peak = 0, bmax = 0;
                for (size_t c = 0; c < nc; c++) {
                    double d = fabs(bi[c] - ex[c]);
                    cr_assert(d <= (double)bound[c],
                              "sigma %g 1/%d w%d: cell %zu off by %g, bound %g", h, subs[t],
                              weighted, c, d, (double)bound[c]);
                    worst = fmax(worst, d);
                    peak = fmax(peak, fabs(ex[c]));
                    bmax = fmax(bmax, (double)bound[c]);
                }
                /* binning happened, and the bound is within a small factor of the error */
                cr_assert(worst > 0, "sigma %g 1/%d: no difference at all", h, subs[t]);
                /* measured: 4 to 17 times */
                cr_assert(bmax < 25 * worst, "sigma %g 1/%d w%d: bound %.3g, largest error %.3g", h,
                          subs[t], weighted, bmax, worst);
                if (weighted != 1) {
                    continue;
                }
                /* the two-axis bound (every point within reach at the kernel's worst) at the
                 * same sub-grid is far looser */
                o.tolerance = 0.25 * pow(g.cell / subs[t] / h, 2.0) * (1 + 1e-9);
                int sub = 0;
                cr_assert_eq(
                    hs__kde_binned(bi, old, ctx, &g, x, y, wt, n, o.kernel, h, &o, NULL, &sub),
                    HS_OK);
                cr_assert_eq(sub, subs[t]);
                double omax = 0;
                for (size_t c = 0; c < nc; c++) {
                    omax = fmax(omax, (double)old[c]);
                }
                cr_assert(omax > (g.cell / subs[t] / h <= 0.15 ? 5 : 3) * bmax,
                          "sigma %g 1/%d: two-axis bound %.3g, new %.3g", h, subs[t], omax, bmax);
            }
        }
    }
    hs_ctx_free(ctx);
    free(x);
    free(y);
    free(w);
    free(wm);
    free(ex);
    free(bi);
    free(bound);
    free(old);
}

/* Threads scatter bands of node rows (each with about as many points); the rows two bands share
 * are added after the join: the surface and the bound equal one thread's to rounding. */
Test(kde_auto, bands_of_threads_equal_one_thread)
{
    lcg_state = 5;
    hs_grid_spec g = {400000, 6500000, 20, 120, 90};
    size_t n = 240000; /* enough for bands (50 000 points a thread) */
    double *x = malloc(n * sizeof *x), *y = malloc(n * sizeof *y), *w = malloc(n * sizeof *w);
    make_points(x, y, w, n, &g);
    for (size_t i = 0; i < n; i += 7) {
        w[i] = -w[i];
    }
    size_t nc = (size_t)(g.nx * g.ny);
    double *one = malloc(nc * sizeof *one), *many = malloc(nc * sizeof *many);
    float *b1 = malloc(nc * sizeof *b1), *bm = malloc(nc * sizeof *bm);
    hs_ctx *ctx = NULL;
    hs_ctx_new(&ctx);
    hs_kde_opts o = HS_KDE_OPTS_INIT;
    o.kernel = HS_KERNEL_GAUSSIAN;
    for (int weighted = 0; weighted < 2; weighted++) {
        const double *wt = weighted ? w : NULL;
        size_t u1 = 0, um = 0;
        hs_ctx_set_threads(ctx, 1);
        cr_assert_eq(hs__kde_sep(one, b1, ctx, &g, x, y, wt, n, 55, 3, &o, &u1), HS_OK);
        hs_ctx_set_threads(ctx, 3);
        cr_assert_eq(hs__kde_sep(many, bm, ctx, &g, x, y, wt, n, 55, 3, &o, &um), HS_OK);
        cr_assert_eq(u1, um, "points taken: %zu with one thread, %zu with three", u1, um);
        cr_assert(u1 > n / 2 && u1 <= n, "points taken %zu of %zu", u1, n);
        double peak = 0, worst = 0, bworst = 0;
        for (size_t c = 0; c < nc; c++) {
            peak = fmax(peak, fabs(one[c]));
            worst = fmax(worst, fabs(one[c] - many[c]));
            bworst =
                fmax(bworst, fabs((double)b1[c] - (double)bm[c]) / fmax((double)b1[c], 1e-300));
        }
        cr_assert(peak > 0);
        cr_assert(worst <= 1e-12 * peak, "w%d: threads differ by %g of the peak", weighted,
                  worst / peak);
        cr_assert(bworst <= 1e-6, "w%d: bounds differ by %g", weighted, bworst);
    }
    hs_ctx_free(ctx);
    free(x);
    free(y);
    free(w);
    free(one);
    free(many);
    free(b1);
    free(bm);
}

/* the benchmark's square: 400 x 400 cells of 50 m */
static const hs_grid_spec bench_grid = {664000, 6570000, 50, 400, 400};

Test(kde_auto, chooses_binned_for_sigma_200_on_50_m_cells)
{
    lcg_state = 5;
    hs_grid_spec g = bench_grid;
    /* enough points that binning is less work than the exact sum (30 000 are not) */
    size_t n = 100000, nc = (size_t)(g.nx * g.ny);
    double *x = malloc(n * sizeof *x), *y = malloc(n * sizeof *y), *w = malloc(n * sizeof *w);
    make_points(x, y, w, n, &g);
    double *ex = malloc(nc * sizeof *ex), *au = malloc(nc * sizeof *au);
    hs_ctx *ctx = NULL;
    hs_ctx_new(&ctx);
    hs_kde_opts o = HS_KDE_OPTS_INIT;
    o.kernel = HS_KERNEL_GAUSSIAN;
    o.bandwidth = 200;
    o.edge = 1;
    hs_kde_info ie, ia;
    cr_assert_eq(hs_kde_compute(ex, &ie, ctx, &g, x, y, NULL, n, &o), HS_OK);
    cr_assert_eq(ie.method, HS_KDE_EXACT);
    o.method = HS_KDE_AUTO;
    cr_assert_eq(hs_kde_compute(au, &ia, ctx, &g, x, y, NULL, n, &o), HS_OK);
    cr_assert_eq(ia.method, HS_KDE_BINNED, "auto chose exact: %s", ia.note);
    cr_assert_eq(ia.binned_y_only, 1);
    cr_assert(ia.subdivision % 2 == 1 && ia.subdivision >= 3 && ia.subdivision <= 25,
              "1/%d of the cell", ia.subdivision);
    cr_assert(strstr(ia.note, "binned along y") != NULL, "%s", ia.note);
    cr_assert(ia.error_bound > 0 && ia.error_bound <= HS_KDE_AUTO_TOLERANCE * ia.peak,
              "bound %g, peak %g", ia.error_bound, ia.peak);
    cr_assert_eq(ia.used, ie.used);
    double worst = 0;
    for (size_t c = 0; c < nc; c++) {
        worst = fmax(worst, fabs(au[c] - ex[c]));
    }
    cr_assert(worst <= ia.error_bound, "error %g, bound %g", worst, ia.error_bound);
    cr_assert(worst > 0);
    /* the factor is the smallest that meets the limit, give or take the delta^2 prediction: two
     * steps coarser does not */
    if (ia.subdivision >= 5) {
        float *b = malloc(nc * sizeof *b);
        hs_kde_info ic;
        double low = 0;
        cr_assert_eq(hs__kde_sep(au, b, ctx, &g, x, y, NULL, n, 200, ia.subdivision - 4, &o, NULL),
                     HS_OK);
        cr_assert_eq(hs__kde_finish(au, b, &ic, &low, ctx, &g, &o, 200), HS_OK);
        cr_assert(ic.error_bound > HS_KDE_AUTO_TOLERANCE * low, "1/%d already meets the limit",
                  ia.subdivision - 4);
        free(b);
    }
    hs_ctx_free(ctx);
    free(x);
    free(y);
    free(w);
    free(ex);
    free(au);
}

Test(kde_auto, exact_when_the_bound_cannot_be_met)
{
    lcg_state = 9;
    hs_grid_spec g = {0, 0, 50, 80, 60};
    size_t n = 3000, nc = (size_t)(g.nx * g.ny);
    double *x = malloc(n * sizeof *x), *y = malloc(n * sizeof *y), *w = malloc(n * sizeof *w);
    make_points(x, y, w, n, &g);
    double *ex = malloc(nc * sizeof *ex), *au = malloc(nc * sizeof *au);
    hs_ctx *ctx = NULL;
    hs_ctx_new(&ctx);
    struct {
        hs_kernel k;
        double h;
        const char *why;
    } cases[] = {{HS_KERNEL_GAUSSIAN, 30, "more work than the exact sum"},
                 {HS_KERNEL_QUARTIC, 300, "quartic kernel has no binned bound"},
                 {HS_KERNEL_EPANECHNIKOV, 300, "epanechnikov kernel has no binned bound"}};
    for (size_t k = 0; k < 3; k++) {
        hs_kde_opts o = HS_KDE_OPTS_INIT;
        o.kernel = cases[k].k;
        o.bandwidth = cases[k].h;
        hs_kde_info ie, ia;
        cr_assert_eq(hs_kde_compute(ex, &ie, ctx, &g, x, y, w, n, &o), HS_OK);
        o.method = HS_KDE_AUTO;
        cr_assert_eq(hs_kde_compute(au, &ia, ctx, &g, x, y, w, n, &o), HS_OK);
        cr_assert_eq(ia.method, HS_KDE_EXACT, "%s", hs_kernel_name(o.kernel));
        cr_assert_eq(ia.error_bound, 0);
        cr_assert_eq(ia.subdivision, 0);
        cr_assert(strstr(ia.note, cases[k].why) != NULL, "note: %s", ia.note);
        cr_assert_eq(memcmp(ex, au, nc * sizeof *ex), 0, "%s: not the exact sums",
                     hs_kernel_name(o.kernel));
        cr_assert_eq(ia.peak, ie.peak);
    }
    hs_ctx_free(ctx);
    free(x);
    free(y);
    free(w);
    free(ex);
    free(au);
}
