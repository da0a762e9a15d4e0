/*
 * Unit tests of the binned kernel density (HS_KDE_BINNED) and its FFT convolution: at every cell
 * the binned value lies within the stated bound of the exact one, the bound is tight enough to
 * mean something (a single point between nodes comes within a factor 4 of it), the mass is kept,
 * a smaller tolerance gives a finer sub-grid, kernels without a bounded second derivative are
 * refused, and the FFT convolution equals a direct sum.
 */
#include <criterion/criterion.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/hs_internal.h"
#include "density/density.h"

#include "test_rand.h"

/* clustered points: three Gaussian-ish blobs plus a uniform background, some outside the grid */
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
            double r = sqrt(-2 * log(1 - urand())) * 0.04 * W, a = 2 * M_PI * urand();
            x[i] = g->x0 + cx[k] * W + r * cos(a);
            y[i] = g->y0 + cy[k] * H + r * sin(a);
        }
        w[i] = 0.25 + 1.5 * urand();
    }
}

static const hs_kernel smooth[] = {HS_KERNEL_QUARTIC, HS_KERNEL_TRIWEIGHT, HS_KERNEL_GAUSSIAN};

Test(kde_binned, within_the_bound_at_every_cell)
{
    lcg_state = 7;
    hs_grid_spec g = {400000, 6500000, 20, 120, 90};
    size_t n = 20000;
    double *x = malloc(n * sizeof *x), *y = malloc(n * sizeof *y), *w = malloc(n * sizeof *w);
    make_points(x, y, w, n, &g);
    size_t nc = (size_t)(g.nx * g.ny);
    double *ex = malloc(nc * sizeof *ex), *bi = malloc(nc * sizeof *bi);
    float *bound = malloc(nc * sizeof *bound);
    hs_ctx *ctx = NULL;
    hs_ctx_new(&ctx);
    const double tols[] = {0.05, 5e-3, 5e-4};
    for (size_t k = 0; k < 3; k++) {
        for (size_t t = 0; t < 3; t++) {
            for (int weighted = 0; weighted < 2; weighted++) {
                hs_kde_opts o = HS_KDE_OPTS_INIT;
                o.kernel = smooth[k];
                o.bandwidth = smooth[k] == HS_KERNEL_GAUSSIAN ? 55 : 130;
                o.tolerance = tols[t];
                const double *wt = weighted ? w : NULL;
                size_t used = 0, used2 = 0;
                int sub = 0;
                cr_assert_eq(
                    hs__kde_scatter(ex, ctx, &g, x, y, wt, n, o.kernel, o.bandwidth, &o, &used),
                    HS_OK);
                cr_assert_eq(hs__kde_binned(bi, bound, ctx, &g, x, y, wt, n, o.kernel, o.bandwidth,
                                            &o, &used2, &sub),
                             HS_OK);
                cr_assert(sub % 2 == 1, "subdivision %d is odd", sub);
                double worst = 0, peak = 0, ratio = 0;
                for (size_t c = 0; c < nc; c++) {
                    double d = fabs(bi[c] - ex[c]);
                    cr_assert(d <= (double)bound[c] * (1 + 1e-6),
                              "%s tol %g: cell %zu differs by %g, bound %g",
                              hs_kernel_name(o.kernel), tols[t], c, d, (double)bound[c]);
                    worst = fmax(worst, d);
                    peak = fmax(peak, ex[c]);
                    ratio = fmax(ratio, d / ((double)bound[c] + 1e-300));
                }
                /* binning really happened: some error, and not absurdly far below the bound */
                cr_assert(worst > 0, "%s: no difference at all", hs_kernel_name(o.kernel));
                cr_assert(ratio > 0.01, "%s tol %g: bound %.3g times the largest error",
                          hs_kernel_name(o.kernel), tols[t], 1 / ratio);
                cr_assert(worst < 0.05 * peak);
            }
        }
    }
    hs_ctx_free(ctx);
    free(x);
    free(y);
    free(w);
    free(ex);
    free(bi);
    free(bound);
}

Test(kde_binned, the_bound_is_tight_for_one_point)
{
    /* one point halfway between sub-grid nodes: the binned value at the nearest centre misses the
     * exact one by about delta^2/8 |K_xx + K_yy|, at least a quarter of the stated bound */
    hs_grid_spec g = {0, 0, 10, 61, 61};
    for (size_t k = 0; k < 3; k++) {
        hs_kde_opts o = HS_KDE_OPTS_INIT;
        o.kernel = smooth[k];
        o.bandwidth = smooth[k] == HS_KERNEL_GAUSSIAN ? 40 : 120;
        o.tolerance = 0.5;               /* s = 1: nodes at the cell centres */
        double x = 305 + 5, y = 305 + 5; /* the middle between four centres */
        double ex[61 * 61], bi[61 * 61];
        float bound[61 * 61];
        int sub = 0;
        cr_assert_eq(
            hs__kde_scatter(ex, NULL, &g, &x, &y, NULL, 1, o.kernel, o.bandwidth, &o, NULL), HS_OK);
        cr_assert_eq(hs__kde_binned(bi, bound, NULL, &g, &x, &y, NULL, 1, o.kernel, o.bandwidth, &o,
                                    NULL, &sub),
                     HS_OK);
        cr_assert_eq(sub, 1);
        double worst = 0, b = 0;
        for (size_t c = 0; c < 61 * 61; c++) {
            worst = fmax(worst, fabs(bi[c] - ex[c]));
            b = fmax(b, (double)bound[c]);
        }
        cr_assert(worst <= b && worst >= 0.25 * b, "%s: error %g, bound %g",
                  hs_kernel_name(o.kernel), worst, b);
    }
}

Test(kde_binned, mass_kept_and_finer_with_smaller_tolerance)
{
    hs_grid_spec g = {0, 0, 5, 300, 300};
    double x[3] = {700.3, 760.7, 745.2}, y[3] = {790.1, 703.3, 741.9}, w[3] = {1, 2.5, 0.5};
    double *out = malloc(300 * 300 * sizeof *out);
    hs_ctx *ctx = NULL;
    hs_ctx_new(&ctx);
    for (size_t k = 0; k < 3; k++) {
        int prev_sub = 0;
        double prev_bound = INFINITY;
        for (double tol = 0.1; tol > 1e-4; tol /= 10) {
            hs_kde_opts o = HS_KDE_OPTS_INIT;
            o.kernel = smooth[k];
            o.bandwidth = smooth[k] == HS_KERNEL_GAUSSIAN ? 60 : 150;
            o.units = HS_KDE_PER_CELL;
            o.method = HS_KDE_BINNED;
            o.tolerance = tol;
            hs_kde_info info;
            cr_assert_eq(hs_kde_compute(out, &info, ctx, &g, x, y, w, 3, &o), HS_OK);
            double s = 0;
            for (size_t c = 0; c < 300 * 300; c++) {
                s += out[c];
            }
            cr_assert(fabs(s - 4.0) / 4.0 < 1e-6, "%s tol %g: sum %.9f", hs_kernel_name(o.kernel),
                      tol, s);
            cr_assert(info.subdivision >= prev_sub && info.subdivision % 2 == 1);
            cr_assert(info.error_bound <= prev_bound);
            cr_assert(info.error_bound > 0 && info.error_bound < info.peak);
            cr_assert_eq(info.used, 3);
            prev_sub = info.subdivision;
            prev_bound = info.error_bound;
        }
        cr_assert(prev_sub > 1, "%s: the finest tolerance still used the cell itself",
                  hs_kernel_name(smooth[k]));
    }
    hs_ctx_free(ctx);
    free(out);
}

Test(kde_binned, refuses_kernels_without_a_bound_and_huge_grids)
{
    hs_grid_spec g = {0, 0, 10, 50, 50};
    double x = 250, y = 250, out[2500];
    const hs_kernel rough[] = {HS_KERNEL_EPANECHNIKOV, HS_KERNEL_TRIANGULAR, HS_KERNEL_UNIFORM};
    hs_ctx *ctx = NULL;
    hs_ctx_new(&ctx);
    for (size_t k = 0; k < 3; k++) {
        hs_kde_opts o = HS_KDE_OPTS_INIT;
        o.kernel = rough[k];
        o.bandwidth = 100;
        o.method = HS_KDE_BINNED;
        cr_assert_eq(hs_kde_compute(out, NULL, ctx, &g, &x, &y, NULL, 1, &o), HS_EINVAL);
        cr_assert(strstr(hs_ctx_errmsg(ctx), "smooth kernel") != NULL);
    }
    /* 20 000 x 20 000 cells: even the cell-sized sub-grid is over the node limit */
    hs_grid_spec big = {0, 0, 1, 20000, 20000};
    hs_kde_opts o = HS_KDE_OPTS_INIT;
    o.bandwidth = 10;
    o.method = HS_KDE_BINNED;
    double one;
    cr_assert_eq(hs__kde_binned(&one, NULL, ctx, &big, &x, &y, NULL, 1, o.kernel, o.bandwidth, &o,
                                NULL, NULL),
                 HS_ELIMIT);
    cr_assert(strstr(hs_ctx_errmsg(ctx), "exact method") != NULL);
    hs_ctx_free(ctx);
}

Test(kde_binned, exact_gaussian_when_the_cell_is_wider_than_sigma)
{
    /* sigma 7 m on 20 m cells takes the direct exp path of the exact sum */
    hs_grid_spec g = {0, 0, 20, 30, 30};
    double x[2] = {301.3, 288.8}, y[2] = {299.1, 311.7}, out[900];
    hs_kde_opts o = HS_KDE_OPTS_INIT;
    o.kernel = HS_KERNEL_GAUSSIAN;
    o.bandwidth = 7;
    o.units = HS_KDE_PER_M2;
    cr_assert_eq(hs_kde_run(out, NULL, &g, x, y, NULL, 2, &o), HS_OK);
    for (int iy = 0; iy < 30; iy++) {
        for (int ix = 0; ix < 30; ix++) {
            double cx = (ix + 0.5) * 20, cy = (iy + 0.5) * 20, ref = 0;
            for (int i = 0; i < 2; i++) {
                double dx = cx - x[i], dy = cy - y[i];
                if (fabs(dx) <= 42 && fabs(dy) <= 42) {
                    ref += exp(-(dx * dx + dy * dy) / 98.0) / (2 * M_PI * 49.0);
                }
            }
            cr_assert(fabs(out[iy * 30 + ix] - ref) <= 1e-12 * 0.0033, "cell %d,%d", ix, iy);
        }
    }
}

Test(kde_binned, fft_convolution_equals_direct_sum)
{
    lcg_state = 11;
    int64_t nx = 37, ny = 23, r = 5, s = 2 * r + 1;
    double a[37 * 23], ref[37 * 23], st[11 * 11];
    for (int64_t b = 0; b <= r; b++) {
        for (int64_t c = 0; c <= r; c++) {
            double v = urand();
            st[(r + b) * s + r + c] = st[(r - b) * s + r + c] = v;
            st[(r + b) * s + r - c] = st[(r - b) * s + r - c] = v;
        }
    }
    memset(a, 0, sizeof a);
    for (int64_t iy = r; iy < ny - r; iy++) { /* an empty border of r cells */
        for (int64_t ix = r; ix < nx - r; ix++) {
            a[iy * nx + ix] = urand() - 0.3;
        }
    }
    for (int64_t iy = 0; iy < ny; iy++) {
        for (int64_t ix = 0; ix < nx; ix++) {
            double sum = 0;
            for (int64_t b = -r; b <= r; b++) {
                for (int64_t c = -r; c <= r; c++) {
                    int64_t jy = iy - b, jx = ix - c;
                    if (jy >= 0 && jy < ny && jx >= 0 && jx < nx) {
                        sum += a[jy * nx + jx] * st[(b + r) * s + (c + r)];
                    }
                }
            }
            ref[iy * nx + ix] = sum;
        }
    }
    cr_assert_eq(hs__convolve(a, nx, ny, st, r, 2), HS_OK);
    for (int64_t c = 0; c < nx * ny; c++) {
        cr_assert(fabs(a[c] - ref[c]) < 1e-12, "cell %lld: %g vs %g", (long long)c, a[c], ref[c]);
    }
}

Test(kde_binned, wide_gaussian_on_a_fine_grid_within_the_bound)
{
    /* sigma 300 m on 5 m cells: the FFT of the sub-grid is cheaper than the separable sums, so
     * this Gaussian takes the FFT path (the other tests take the separable one) */
    lcg_state = 3;
    hs_grid_spec g = {0, 0, 5, 200, 200};
    size_t n = 1500;
    double *x = malloc(n * sizeof *x), *y = malloc(n * sizeof *y), *w = malloc(n * sizeof *w);
    make_points(x, y, w, n, &g);
    double *ex = malloc(40000 * sizeof *ex), *bi = malloc(40000 * sizeof *bi);
    float *bound = malloc(40000 * sizeof *bound);
    hs_kde_opts o = HS_KDE_OPTS_INIT;
    o.kernel = HS_KERNEL_GAUSSIAN;
    o.bandwidth = 300;
    int sub = 0;
    cr_assert_eq(hs__kde_scatter(ex, NULL, &g, x, y, w, n, o.kernel, 300, &o, NULL), HS_OK);
    cr_assert_eq(hs__kde_binned(bi, bound, NULL, &g, x, y, w, n, o.kernel, 300, &o, NULL, &sub),
                 HS_OK);
    cr_assert_eq(sub, 1);
    double worst = 0;
    for (size_t c = 0; c < 40000; c++) {
        double d = fabs(bi[c] - ex[c]);
        cr_assert(d <= (double)bound[c] * (1 + 1e-6), "cell %zu: %g > %g", c, d, (double)bound[c]);
        worst = fmax(worst, d);
    }
    cr_assert(worst > 0);
    free(x);
    free(y);
    free(w);
    free(ex);
    free(bi);
    free(bound);
}
