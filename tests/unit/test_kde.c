/*
 * Unit tests of kernel density: each kernel integrates to 1, the raster equals an independent
 * brute-force double sum (to 1e-6 of the peak), threads do not change the result, spatstat's
 * density.ppp agrees within its pixel-binning error, bandwidth rules match hand computations and
 * R, and kommun-precision records never enter.
 */
#include <criterion/criterion.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/hs_internal.h"

#include "test_rand.h"

/* Independent kernel formulas (DOMAIN.md), written out again here on purpose. */
static double ref_kernel(hs_kernel k, double d, double h)
{
    double u = d / h;
    switch (k) {
    case HS_KERNEL_QUARTIC:
        return u < 1 ? 3.0 / (M_PI * h * h) * pow(1 - u * u, 2) : 0;
    case HS_KERNEL_EPANECHNIKOV:
        return u < 1 ? 2.0 / (M_PI * h * h) * (1 - u * u) : 0;
    case HS_KERNEL_TRIWEIGHT:
        return u < 1 ? 4.0 / (M_PI * h * h) * pow(1 - u * u, 3) : 0;
    case HS_KERNEL_TRIANGULAR:
        return u < 1 ? 3.0 / (M_PI * h * h) * (1 - u) : 0;
    case HS_KERNEL_UNIFORM:
        return u < 1 ? 1.0 / (M_PI * h * h) : 0;
    case HS_KERNEL_GAUSSIAN:
        return exp(-d * d / (2 * h * h)) / (2 * M_PI * h * h);
    }
    return NAN;
}

static const hs_kernel all_kernels[] = {HS_KERNEL_QUARTIC,   HS_KERNEL_EPANECHNIKOV,
                                        HS_KERNEL_TRIWEIGHT, HS_KERNEL_TRIANGULAR,
                                        HS_KERNEL_UNIFORM,   HS_KERNEL_GAUSSIAN};

Test(kde, kernel_constants_integrate_to_one)
{
    /* radial integral of hs_kernel_value: int_0^R K(r) 2 pi r dr, midpoint rule, 200 000 steps
     * (error below 1e-8 for these profiles; exact for the uniform kernel) */
    for (size_t k = 0; k < 6; k++) {
        double h = 37.0, R = hs_kernel_radius(all_kernels[k], h), sum = 0;
        int m = 200000;
        for (int i = 0; i < m; i++) {
            double r = R * (i + 0.5) / m;
            sum += hs_kernel_value(all_kernels[k], r, h) * 2 * M_PI * r;
        }
        sum *= R / m;
        cr_assert(fabs(sum - 1) < 1e-6, "%s integrates to %.9f", hs_kernel_name(all_kernels[k]),
                  sum);
        cr_assert(fabs(hs_kernel_value(all_kernels[k], 11.0, h) -
                       ref_kernel(all_kernels[k], 11.0, h)) < 1e-15);
    }
}

Test(kde, raster_sum_equals_total_weight)
{
    /* 400 x 400 cells of 5 m, bandwidth 40 cells: sum x cell area = sum of weights.
     * Smooth kernels to 1e-6; kernels with a kink or jump at the rim (epanechnikov, triangular,
     * uniform) carry the lattice-point error of a disc, stated per kernel below. */
    const double tol[6] = {1e-6, 1e-4, 1e-6, 1e-4, 2e-3, 1e-6};
    hs_grid_spec g = {0, 0, 5, 400, 400};
    double x[3] = {1000.3, 1010.7, 985.2}, y[3] = {990.1, 1003.3, 1011.9}, w[3] = {1, 2.5, 0.5};
    double *out = malloc(400 * 400 * sizeof *out);
    for (size_t k = 0; k < 6; k++) {
        hs_kde_opts o = HS_KDE_OPTS_INIT;
        o.kernel = all_kernels[k];
        o.bandwidth = all_kernels[k] == HS_KERNEL_GAUSSIAN ? 100 : 200;
        o.units = HS_KDE_PER_CELL;
        cr_assert_eq(hs_kde_run(out, NULL, &g, x, y, w, 3, &o), HS_OK);
        double s = 0;
        for (size_t c = 0; c < 160000; c++) {
            s += out[c];
        }
        cr_assert(fabs(s - 4.0) / 4.0 < tol[k], "%s: sum %.9f", hs_kernel_name(all_kernels[k]), s);
    }
    free(out);
}

static void brute(double *ref, const hs_grid_spec *g, const double *x, const double *y,
                  const double *w, size_t n, hs_kernel k, double h)
{
    for (int64_t iy = 0; iy < g->ny; iy++) {
        for (int64_t ix = 0; ix < g->nx; ix++) {
            double cx = g->x0 + (ix + 0.5) * g->cell, cy = g->y0 + (iy + 0.5) * g->cell, s = 0;
            for (size_t i = 0; i < n; i++) {
                s += w[i] * ref_kernel(k, hypot(cx - x[i], cy - y[i]), h);
            }
            ref[iy * g->nx + ix] = s * 1e6;
        }
    }
}

Test(kde, equals_brute_force_sum_every_kernel_and_threads)
{
    lcg_state = 42;
    size_t n = 400;
    double x[400], y[400], w[400];
    for (size_t i = 0; i < n; i++) {
        x[i] = 500000 + urand() * 1800 - 100; /* some points outside the raster */
        y[i] = 6400000 + urand() * 1300 - 100;
        w[i] = 0.5 + urand();
    }
    hs_grid_spec g = {500000, 6400000, 25, 64, 44};
    double *out = malloc(64 * 44 * sizeof *out), *ref = malloc(64 * 44 * sizeof *ref);
    double *out2 = malloc(64 * 44 * sizeof *out2);
    hs_ctx *ctx = NULL;
    hs_ctx_new(&ctx);
    for (size_t k = 0; k < 6; k++) {
        double h = all_kernels[k] == HS_KERNEL_GAUSSIAN ? 60 : 130;
        hs_kde_opts o = HS_KDE_OPTS_INIT;
        o.kernel = all_kernels[k];
        o.bandwidth = h;
        brute(ref, &g, x, y, w, n, all_kernels[k], h);
        hs_ctx_set_threads(ctx, 1);
        cr_assert_eq(hs_kde_run(out, ctx, &g, x, y, w, n, &o), HS_OK);
        hs_ctx_set_threads(ctx, 3);
        cr_assert_eq(hs_kde_run(out2, ctx, &g, x, y, w, n, &o), HS_OK);
        double peak = 0, diff = 0, dthr = 0;
        for (size_t c = 0; c < 64 * 44; c++) {
            peak = fmax(peak, ref[c]);
            diff = fmax(diff, fabs(out[c] - ref[c]));
            dthr = fmax(dthr, fabs(out2[c] - out[c]));
        }
        cr_assert(peak > 0);
        cr_assert(diff <= 1e-6 * peak, "%s: max diff %g of peak %g", hs_kernel_name(all_kernels[k]),
                  diff, peak);
        cr_assert(dthr <= 1e-12 * peak, "%s: threads differ by %g", hs_kernel_name(all_kernels[k]),
                  dthr);
    }
    hs_ctx_free(ctx);
    free(out);
    free(out2);
    free(ref);
}

static size_t read_csv(double *cols, size_t ncols, size_t cap, const char *name)
{
    char path[512];
    snprintf(path, sizeof path, "%s/kde/%s", HS_TEST_DATA, name);
    FILE *f = fopen(path, "r");
    cr_assert_not_null(f, "%s", path);
    char line[512];
    size_t n = 0;
    cr_assert_not_null(fgets(line, sizeof line, f));
    while (n < cap && fgets(line, sizeof line, f)) {
        char *p = line;
        for (size_t c = 0; c < ncols; c++) {
            char *end = strchr(p, ',');
            if (end) {
                *end = '\0';
            }
            cr_assert_eq(hs__parse_double(&cols[n * ncols + c], p), HS_OK, "%s: '%s'", name, p);
            p = end ? end + 1 : p + strlen(p);
        }
        n++;
    }
    fclose(f);
    return n;
}

Test(kde, agrees_with_spatstat_density_ppp)
{
    double pts[60 * 3], ss[1600 * 6];
    cr_assert_eq(read_csv(pts, 3, 60, "points.csv"), 60);
    cr_assert_eq(read_csv(ss, 6, 1600, "spatstat_gauss.csv"), 1600);
    double x[60], y[60];
    for (int i = 0; i < 60; i++) {
        x[i] = pts[i * 3];
        y[i] = pts[i * 3 + 1];
    }
    hs_grid_spec g = {0, 0, 25, 40, 40};
    double ours[1600], ours_e[1600];
    hs_kde_opts o = HS_KDE_OPTS_INIT;
    o.kernel = HS_KERNEL_GAUSSIAN;
    o.bandwidth = 100;
    o.units = HS_KDE_PER_M2;
    cr_assert_eq(hs_kde_run(ours, NULL, &g, x, y, NULL, 60, &o), HS_OK);
    o.edge = 1;
    cr_assert_eq(hs_kde_run(ours_e, NULL, &g, x, y, NULL, 60, &o), HS_OK);
    /* spatstat moves each point to its pixel centre (at most 25/sqrt(2) m) before an FFT
     * convolution: the error is at most n * max|grad K| * 17.7 m, max|grad K| =
     * exp(-1/2) / (2 pi sigma^3). */
    double bound = 60 * exp(-0.5) / (2 * M_PI * pow(100, 3)) * 25 / sqrt(2.0);
    double peak = 0, d0 = 0, d1 = 0;
    for (int k = 0; k < 1600; k++) {
        int row = (int)ss[k * 6], col = (int)ss[k * 6 + 1];
        cr_assert(fabs(ss[k * 6 + 2] - (col + 0.5) * 25) < 1e-9);
        cr_assert(fabs(ss[k * 6 + 3] - (row + 0.5) * 25) < 1e-9);
        size_t c = (size_t)(row * 40 + col);
        peak = fmax(peak, ours[c]);
        d0 = fmax(d0, fabs(ours[c] - ss[k * 6 + 4]));
        /* scaled by the edge share e = ours / ours_e, as the raw bound is divided by e */
        d1 = fmax(d1, fabs(ours_e[c] - ss[k * 6 + 5]) * ours[c] / ours_e[c]);
    }
    cr_log_info("spatstat: max diff %.3g (edge %.3g), bound %.3g, peak %.3g", d0, d1, bound, peak);
    cr_assert(d0 <= bound, "no edge: %g > %g", d0, bound);
    cr_assert(d1 <= bound, "edge: %g > %g", d1, bound);
    cr_assert(d0 <= 0.05 * peak);
}

Test(kde, bandwidth_rules)
{
    /* ArcGIS rule by hand: points (0,0),(4,0),(0,3),(4,3),(2,1.5): mean centre (2,1.5);
     * distances 2.5 x4 and 0: SD = sqrt(25/5) = sqrt(5), Dm = 2.5;
     * h = 0.9 min(sqrt 5, sqrt(1/ln 2) 2.5) 5^-0.2 */
    double x[5] = {0, 4, 0, 4, 2}, y[5] = {0, 0, 3, 3, 1.5}, h = 0;
    hs_kde_opts o = HS_KDE_OPTS_INIT;
    cr_assert_eq(hs_kde_bandwidth(&h, NULL, x, y, NULL, 5, &o), HS_OK);
    double want = 0.9 * fmin(sqrt(5.0), sqrt(1 / log(2.0)) * 2.5) * pow(5, -0.2);
    cr_assert(fabs(h - want) < 1e-12, "%g vs %g", h, want);

    /* Scott = mean of R's bw.nrd(x), bw.nrd(y), for a Gaussian */
    double pts[60 * 3], bw[3];
    read_csv(pts, 3, 60, "points.csv");
    read_csv(bw, 3, 1, "spatstat_bw.csv");
    double px[60], py[60];
    for (int i = 0; i < 60; i++) {
        px[i] = pts[i * 3];
        py[i] = pts[i * 3 + 1];
    }
    o.rule = HS_BW_SCOTT;
    o.kernel = HS_KERNEL_GAUSSIAN;
    cr_assert_eq(hs_kde_bandwidth(&h, NULL, px, py, NULL, 60, &o), HS_OK);
    cr_assert(fabs(h - 0.5 * (bw[0] + bw[1])) < 1e-9, "%g", h);
    /* for quartic: same per-axis spread, h = sigma sqrt(8) */
    o.kernel = HS_KERNEL_QUARTIC;
    cr_assert_eq(hs_kde_bandwidth(&h, NULL, px, py, NULL, 60, &o), HS_OK);
    cr_assert(fabs(h - sqrt(8.0) * 0.5 * (bw[0] + bw[1])) < 1e-9);
    /* likelihood cross-validation: spatstat's bw.ppl adds the edge-affected integral term; ours
     * leaves it out, so agreement is within 25 % */
    o.rule = HS_BW_CV;
    o.kernel = HS_KERNEL_GAUSSIAN;
    cr_assert_eq(hs_kde_bandwidth(&h, NULL, px, py, NULL, 60, &o), HS_OK);
    cr_log_info("cv sigma %.2f, spatstat bw.ppl %.2f", h, bw[2]);
    cr_assert(fabs(h / bw[2] - 1) < 0.25, "cv %g vs bw.ppl %g", h, bw[2]);
    /* too few points */
    cr_assert_eq(hs_kde_bandwidth(&h, NULL, px, py, NULL, 1, &o), HS_ENODATA);
}

static int warned;
static void count_warn(void *payload, hs_log_level level, const char *message)
{
    (void)payload;
    (void)message;
    warned += level == HS_LOG_WARN;
}

Test(kde, kommun_precision_never_enters_and_warnings)
{
    double x[3] = {100, 500, 900}, y[3] = {100, 500, 900}, out[400], ref[400];
    uint8_t prec[3] = {HS_PREC_ADDRESS, HS_PREC_KOMMUN, HS_PREC_LAN};
    hs_grid_spec g = {0, 0, 50, 20, 20};
    hs_ctx *ctx = NULL;
    hs_ctx_new(&ctx);
    hs_ctx_set_log(ctx, HS_LOG_WARN, count_warn, NULL);
    hs_kde_opts o = HS_KDE_OPTS_INIT;
    o.bandwidth = 30; /* smaller than the cell: warned */
    o.precision = prec;
    warned = 0;
    cr_assert_eq(hs_kde_run(out, ctx, &g, x, y, NULL, 3, &o), HS_OK);
    cr_assert_eq(warned, 2); /* bandwidth < cell, fewer than 30 points */
    o.precision = NULL;
    cr_assert_eq(hs_kde_run(ref, ctx, &g, x, y, NULL, 1, &o), HS_OK);
    for (int c = 0; c < 400; c++) {
        cr_assert_eq(out[c], ref[c]);
    }
    /* a stray coordinate far from the rest is reported when the extent is chosen */
    double sx[40], sy[40];
    for (int i = 0; i < 40; i++) {
        sx[i] = 1000 + 10 * i;
        sy[i] = 2000 + 7 * (i % 9);
    }
    sx[39] = 900000;
    warned = 0;
    hs_grid_spec dg;
    cr_assert_eq(hs_kde_default_grid(&dg, ctx, sx, sy, 40, 50, 200, NULL), HS_OK);
    cr_assert_eq(warned, 1);
    cr_assert_eq(dg.x0, 800);
    hs_ctx_free(ctx);
}

Test(kde, mask_and_units)
{
    double x[1] = {500}, y[1] = {500}, a[400], b[400];
    uint8_t mask[400];
    for (int c = 0; c < 400; c++) {
        mask[c] = (uint8_t)(c % 20 < 10);
    }
    hs_grid_spec g = {0, 0, 50, 20, 20};
    hs_kde_opts o = HS_KDE_OPTS_INIT;
    o.bandwidth = 300;
    cr_assert_eq(hs_kde_run(a, NULL, &g, x, y, NULL, 1, &o), HS_OK);
    o.units = HS_KDE_PER_CELL;
    o.mask = mask;
    o.nodata = -9999;
    cr_assert_eq(hs_kde_run(b, NULL, &g, x, y, NULL, 1, &o), HS_OK);
    for (int c = 0; c < 400; c++) {
        if (mask[c]) {
            cr_assert(fabs(b[c] - a[c] * 2500 / 1e6) < 1e-15);
        } else {
            cr_assert_eq(b[c], -9999);
        }
    }
    hs_kernel k;
    cr_assert_eq(hs_kernel_parse(&k, "Epanechnikov"), HS_OK);
    cr_assert_eq(k, HS_KERNEL_EPANECHNIKOV);
    cr_assert_eq(hs_kernel_parse(&k, "cosine"), HS_EINVAL);
}
