/*
 * Parameters chosen automatically for kernel density: bandwidth rules (ArcGIS's, Scott's bw.nrd,
 * likelihood cross-validation as spatstat's bw.ppl) and the default raster extent with its
 * stray-point warning. Plain C over arrays; the density itself is computed in kde.c.
 */
#include "core/hs_internal.h"
#include "density/density.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define CV_MAX_POINTS 1500
#define CV_STEPS 40

int hs_bw_rule_parse(hs_bw_rule *out, const char *name)
{
    if (!name) {
        return HS_EINVAL;
    }
    if (!hs__strcasecmp(name, "auto") || !hs__strcasecmp(name, "arcgis")) {
        *out = HS_BW_ARCGIS;
    } else if (!hs__strcasecmp(name, "scott") || !hs__strcasecmp(name, "nrd")) {
        *out = HS_BW_SCOTT;
    } else if (!hs__strcasecmp(name, "cv") || !hs__strcasecmp(name, "ppl")) {
        *out = HS_BW_CV;
    } else {
        return HS_EINVAL;
    }
    return HS_OK;
}

const char *hs_bw_rule_name(hs_bw_rule r)
{
    switch (r) {
    case HS_BW_ARCGIS:
        return "ArcGIS rule";
    case HS_BW_SCOTT:
        return "Scott/bw.nrd";
    case HS_BW_CV:
        return "likelihood cross-validation";
    }
    return "unknown";
}

static int cmp_double(const void *pa, const void *pb)
{
    double u = *(const double *)pa, v = *(const double *)pb;
    return (u > v) - (u < v);
}

/* R's quantile type 7 of sorted v. */
static double quantile7(const double *v, size_t n, double p)
{
    double hpos = (double)(n - 1) * p;
    size_t lo = (size_t)floor(hpos);
    size_t hi = lo + 1 < n ? lo + 1 : lo;
    return v[lo] + (hpos - (double)lo) * (v[hi] - v[lo]);
}

/* Copies the usable points into xs, ys; returns their number. */
static size_t usable(double *xs, double *ys, const double *x, const double *y, const double *w,
                     size_t n, const hs_kde_opts *o)
{
    size_t m = 0;
    for (size_t i = 0; i < n; i++) {
        if (hs__kde_point_ok(o, x, y, w, i)) {
            xs[m] = x[i];
            ys[m] = y[i];
            m++;
        }
    }
    return m;
}

static double sd_of(const double *v, size_t n)
{
    double mean = 0.0, ss = 0.0;
    for (size_t i = 0; i < n; i++) {
        mean += v[i];
    }
    mean /= (double)n;
    for (size_t i = 0; i < n; i++) {
        ss += (v[i] - mean) * (v[i] - mean);
    }
    return sqrt(ss / (double)(n - 1));
}

/* bw.nrd of one axis: 1.06 min(sd, IQR/1.34) n^-0.2 (sorts v). */
static double nrd(double *v, size_t n)
{
    double sd = sd_of(v, n);
    qsort(v, n, sizeof *v, cmp_double);
    double iqr = quantile7(v, n, 0.75) - quantile7(v, n, 0.25);
    double s = iqr > 0 ? fmin(sd, iqr / 1.34) : sd;
    return 1.06 * s * pow((double)n, -0.2);
}

static double arcgis(const double *xs, const double *ys, size_t n, double *dist)
{
    double mx = 0.0, my = 0.0, ss = 0.0;
    for (size_t i = 0; i < n; i++) {
        mx += xs[i];
        my += ys[i];
    }
    mx /= (double)n;
    my /= (double)n;
    for (size_t i = 0; i < n; i++) {
        double d2 = (xs[i] - mx) * (xs[i] - mx) + (ys[i] - my) * (ys[i] - my);
        ss += d2;
        dist[i] = sqrt(d2);
    }
    double sd = sqrt(ss / (double)n);
    qsort(dist, n, sizeof *dist, cmp_double);
    double dm = n % 2 ? dist[n / 2] : 0.5 * (dist[n / 2 - 1] + dist[n / 2]);
    return 0.9 * fmin(sd, sqrt(1.0 / log(2.0)) * dm) * pow((double)n, -0.2);
}

/* Leave-one-out Gaussian log-likelihood sum_i log sum_{j != i} phi_sigma(x_i - x_j). */
static double loo_loglik(const double *xs, const double *ys, size_t m, double sigma)
{
    double inv = 0.5 / (sigma * sigma), norm = 0.15915494309189533577 / (sigma * sigma), ll = 0.0;
    for (size_t i = 0; i < m; i++) {
        double s = 0.0;
        for (size_t j = 0; j < m; j++) {
            if (j != i) {
                double dx = xs[i] - xs[j], dy = ys[i] - ys[j];
                s += exp(-(dx * dx + dy * dy) * inv);
            }
        }
        ll += log(s * norm + 1e-300);
    }
    return ll;
}

static double cv_sigma(const double *xs, const double *ys, size_t n, double ref)
{
    size_t step = n > CV_MAX_POINTS ? (n + CV_MAX_POINTS - 1) / CV_MAX_POINTS : 1;
    size_t m = (n + step - 1) / step;
    double *sx = malloc(m * sizeof *sx), *sy = malloc(m * sizeof *sy);
    if (!sx || !sy) {
        free(sx);
        free(sy);
        return NAN;
    }
    for (size_t i = 0; i < m; i++) {
        sx[i] = xs[i * step];
        sy[i] = ys[i * step];
    }
    /* search sigma on a log grid from ref/30 to 3 ref, then refine around the best */
    double lo = log(ref / 30.0), hi = log(3.0 * ref), best = lo, bestll = -INFINITY;
    for (int pass = 0; pass < 2; pass++) {
        double a = lo, b = hi;
        for (int k = 0; k <= CV_STEPS / (pass + 1); k++) {
            double ls = a + (b - a) * k / (CV_STEPS / (pass + 1));
            double ll = loo_loglik(sx, sy, m, exp(ls));
            if (ll > bestll) {
                bestll = ll;
                best = ls;
            }
        }
        double d = (hi - lo) / CV_STEPS;
        lo = best - d;
        hi = best + d;
    }
    free(sx);
    free(sy);
    /* optimal bandwidths scale as n^(-1/6) in two dimensions: undo the subsampling */
    return exp(best) * pow((double)m / (double)n, 1.0 / 6.0);
}

int hs_kde_bandwidth(double *h, hs_ctx *ctx, const double *x, const double *y, const double *w,
                     size_t n, const hs_kde_opts *opts)
{
    hs_kde_opts defaults = HS_KDE_OPTS_INIT;
    const hs_kde_opts *o = opts ? opts : &defaults;
    double *xs = malloc((n ? n : 1) * sizeof *xs), *ys = malloc((n ? n : 1) * sizeof *ys);
    double *tmp = malloc((n ? n : 1) * sizeof *tmp);
    if (!xs || !ys || !tmp) {
        free(xs);
        free(ys);
        free(tmp);
        return hs__error(ctx, HS_ENOMEM, "bandwidth: out of memory");
    }
    size_t m = usable(xs, ys, x, y, w, n, o);
    double v = NAN;
    if (m >= 2) {
        if (o->rule == HS_BW_ARCGIS) {
            v = arcgis(xs, ys, m, tmp);
        } else {
            memcpy(tmp, xs, m * sizeof *tmp);
            double bx = nrd(tmp, m);
            memcpy(tmp, ys, m * sizeof *tmp);
            double by = nrd(tmp, m);
            v = 0.5 * (bx + by);
            if (o->rule == HS_BW_CV && v > 0) {
                v = cv_sigma(xs, ys, m, v);
            }
            v /= hs_kernel_sd(o->kernel);
        }
    }
    free(xs);
    free(ys);
    free(tmp);
    if (!(v > 0) || !isfinite(v)) {
        return hs__error(ctx, HS_ENODATA,
                         "bandwidth: %zu usable points do not spread enough to choose a bandwidth "
                         "(give one with --bandwidth)",
                         m);
    }
    *h = v;
    hs__log(ctx, HS_LOG_INFO, "kde: bandwidth %.1f m chosen by the %s from %zu points", v,
            hs_bw_rule_name(o->rule), m);
    return HS_OK;
}

int hs_kde_default_grid(hs_grid_spec *out, hs_ctx *ctx, const double *x, const double *y, size_t n,
                        double cell, double radius, const hs_kde_opts *opts)
{
    double *xs = malloc((n ? n : 1) * sizeof *xs), *ys = malloc((n ? n : 1) * sizeof *ys);
    if (!xs || !ys) {
        free(xs);
        free(ys);
        return hs__error(ctx, HS_ENOMEM, "kde extent: out of memory");
    }
    size_t m = usable(xs, ys, x, y, NULL, n, opts);
    if (m == 0) {
        free(xs);
        free(ys);
        return hs__error(ctx, HS_ENODATA, "kde: no located points of local precision");
    }
    hs_bbox b = {INFINITY, INFINITY, -INFINITY, -INFINITY};
    for (size_t i = 0; i < m; i++) {
        b.xmin = fmin(b.xmin, xs[i]);
        b.xmax = fmax(b.xmax, xs[i]);
        b.ymin = fmin(b.ymin, ys[i]);
        b.ymax = fmax(b.ymax, ys[i]);
    }
    /* stray points: beyond 10 interquartile ranges (at least 10 cells) of the median */
    size_t stray = 0;
    if (m >= 10) {
        qsort(xs, m, sizeof *xs, cmp_double);
        qsort(ys, m, sizeof *ys, cmp_double);
        double qx1 = quantile7(xs, m, 0.25), qx3 = quantile7(xs, m, 0.75);
        double qy1 = quantile7(ys, m, 0.25), qy3 = quantile7(ys, m, 0.75);
        double mx = quantile7(xs, m, 0.5), my = quantile7(ys, m, 0.5);
        double lx = 10.0 * fmax(qx3 - qx1, cell), ly = 10.0 * fmax(qy3 - qy1, cell);
        for (size_t i = 0; i < m; i++) {
            stray += fabs(xs[i] - mx) > lx;
            stray += fabs(ys[i] - my) > ly;
        }
        if (stray) {
            hs__log(ctx, HS_LOG_WARN,
                    "kde: %zu coordinate(s) lie far outside the rest (over 10 interquartile "
                    "ranges from the median): they stretch the raster to %.0f x %.0f m; check "
                    "them or give --extent",
                    stray, b.xmax - b.xmin + 2 * radius, b.ymax - b.ymin + 2 * radius);
        }
    }
    free(xs);
    free(ys);
    hs_bbox e = {b.xmin - radius, b.ymin - radius, b.xmax + radius, b.ymax + radius};
    int rc = hs_grid_spec_aligned(out, e, cell);
    if (rc) {
        return hs__error(ctx, rc, "kde: cannot make a grid of %g m cells over the points", cell);
    }
    return HS_OK;
}
