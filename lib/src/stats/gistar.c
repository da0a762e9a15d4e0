/*
 * Getis-Ord Gi* on a grid of counts and on areas with neighbour lists, the significance bins after
 * FDR, and the grid neighbourhood (stencil) with its row-prefix-sum evaluation that Moran's I and
 * the space-time cube reuse. Plain C over arrays; the choice of the distance band lives in
 * gistar_auto.c.
 */
#include "core/hs_internal.h"
#include "stats/stats.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

int hs__stencil_make(hs__stencil *s, hs_ctx *ctx, const hs_gistar_opts *opts, double cell)
{
    s->r = 0;
    s->h = NULL;
    double rr = 0.0;
    if (opts->weights == HS_WEIGHTS_QUEEN || opts->weights == HS_WEIGHTS_ROOK) {
        rr = 1.0;
    } else if (opts->weights == HS_WEIGHTS_BAND) {
        if (!(opts->distance > 0.0) || !isfinite(opts->distance)) {
            return hs__error(ctx, HS_EINVAL, "distance band must be a positive number of metres");
        }
        rr = opts->distance / cell;
        if (rr > 5000.0) {
            return hs__error(ctx, HS_ELIMIT, "distance band %g m is more than 5000 cells",
                             opts->distance);
        }
    } else {
        return hs__error(ctx, HS_EINVAL, "unknown neighbour weights kind %d", (int)opts->weights);
    }
    /* inclusive d <= M, with a relative tolerance of 1e-9 for M given in rounded metres */
    double r2 = rr * rr * (1.0 + 2e-9);
    int64_t r = (int64_t)floor(rr * (1.0 + 1e-9));
    s->h = malloc((size_t)(2 * r + 1) * sizeof *s->h);
    if (!s->h) {
        return hs__error(ctx, HS_ENOMEM, "out of memory");
    }
    s->r = r;
    for (int64_t dy = -r; dy <= r; dy++) {
        int64_t h;
        if (opts->weights == HS_WEIGHTS_QUEEN) {
            h = 1;
        } else if (opts->weights == HS_WEIGHTS_ROOK) {
            h = dy == 0 ? 1 : 0;
        } else {
            h = (int64_t)floor(sqrt(r2 - (double)(dy * dy)));
        }
        s->h[dy + r] = h;
    }
    return HS_OK;
}

void hs__stencil_free(hs__stencil *s)
{
    if (s) {
        free(s->h);
        s->h = NULL;
    }
}

void hs__row_prefix(double *P, const double *x, const uint8_t *mask, int64_t nx, int64_t ny)
{
    for (int64_t iy = 0; iy < ny; iy++) {
        double *row = P + iy * (nx + 1);
        double acc = 0.0;
        row[0] = 0.0;
        for (int64_t ix = 0; ix < nx; ix++) {
            int64_t k = iy * nx + ix;
            double v = x ? x[k] : 1.0;
            if (mask && !mask[k]) {
                v = 0.0;
            }
            acc += v;
            row[ix + 1] = acc;
        }
    }
}

double hs__stencil_sum(const double *P, int64_t nx, int64_t ny, int64_t ix, int64_t iy,
                       const hs__stencil *s)
{
    double sum = 0.0;
    int64_t y0 = iy - s->r < 0 ? -iy : -s->r;
    int64_t y1 = iy + s->r >= ny ? ny - 1 - iy : s->r;
    for (int64_t dy = y0; dy <= y1; dy++) {
        int64_t h = s->h[dy + s->r];
        int64_t a = ix - h < 0 ? 0 : ix - h;
        int64_t b = ix + h >= nx ? nx - 1 : ix + h;
        const double *row = P + (iy + dy) * (nx + 1);
        sum += row[b + 1] - row[a];
    }
    return sum;
}

void hs_gistar_bins(int8_t *bin, const double *z, const double *q, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        int8_t b = 0;
        if (!isnan(q[i]) && !isnan(z[i]) && z[i] != 0.0) {
            if (q[i] <= 0.01) {
                b = 3;
            } else if (q[i] <= 0.05) {
                b = 2;
            } else if (q[i] <= 0.10) {
                b = 1;
            }
            if (z[i] < 0.0) {
                b = (int8_t)-b;
            }
        }
        bin[i] = b;
    }
}

/* mean and S = sqrt(sum (x - mean)^2 / n) of the observations (two passes, as spdep) */
static int moments(double *mean, double *sd, double *nobs, hs_ctx *ctx, const double *x,
                   const uint8_t *mask, size_t n)
{
    double m = 0.0;
    double sum = 0.0;
    for (size_t i = 0; i < n; i++) {
        if (!mask || mask[i]) {
            if (!isfinite(x[i])) {
                return hs__error(ctx, HS_EDATA, "value %zu is not a finite number", i);
            }
            sum += x[i];
            m += 1.0;
        }
    }
    if (m < 2.0) {
        return hs__error(ctx, HS_ENODATA, "Gi* needs at least 2 observations (got %.0f)", m);
    }
    double mu = sum / m;
    double ss = 0.0;
    for (size_t i = 0; i < n; i++) {
        if (!mask || mask[i]) {
            ss += (x[i] - mu) * (x[i] - mu);
        }
    }
    if (!(ss > 0.0)) {
        return hs__error(ctx, HS_ENODATA, "every observation has the same value: no Gi* variance");
    }
    *mean = mu;
    *sd = sqrt(ss / m);
    *nobs = m;
    return HS_OK;
}

/* z from the neighbourhood sum, the number of neighbours (self included) and the moments; binary
 * weights so sum w^2 = sum w */
static double gi_z(double lag, double w, double mean, double sd, double n)
{
    double den = sd * sqrt((n * w - w * w) / (n - 1.0));
    if (!(den > 0.0)) {
        return NAN; /* every observation is a neighbour: Gi* undefined */
    }
    return (lag - mean * w) / den;
}

/* p, q and bins from z (observations only) */
static int finish(double *z, double *p, double *q, int8_t *bin, hs_ctx *ctx, size_t n)
{
    if (!p && !q && !bin) {
        return HS_OK;
    }
    double *pp = p ? p : malloc(n * sizeof *pp);
    double *qq = q ? q : malloc(n * sizeof *qq);
    int rc = HS_OK;
    if (!pp || !qq) {
        rc = hs__error(ctx, HS_ENOMEM, "out of memory");
        goto done;
    }
    for (size_t i = 0; i < n; i++) {
        /* runs of equal z (empty neighbourhoods) are common: reuse the last erfc */
        pp[i] = (i > 0 && z[i] == z[i - 1]) ? pp[i - 1] : hs_norm_p2(z[i]);
    }
    if (q || bin) {
        rc = hs_fdr_bh(qq, pp, n);
        if (rc) {
            hs__error(ctx, rc, "FDR: %s", hs_strerror(rc));
            goto done;
        }
        if (bin) {
            hs_gistar_bins(bin, z, qq, n);
        }
    }
done:
    if (pp != p) {
        free(pp);
    }
    if (qq != q) {
        free(qq);
    }
    return rc;
}

int hs_gistar_grid(double *z, double *p, double *q, int8_t *bin, int32_t *nnb, hs_ctx *ctx,
                   const hs_grid_spec *g, const double *counts, const uint8_t *mask,
                   const hs_gistar_opts *opts)
{
    if (!g || !counts || !opts || g->nx <= 0 || g->ny <= 0 || !(g->cell > 0.0)) {
        return hs__error(ctx, HS_EINVAL, "Gi*: missing grid, counts or options");
    }
    if (opts->version != HS_GISTAR_OPTS_VERSION) {
        return hs__error(ctx, HS_EINVAL, "Gi*: options version %d not supported", opts->version);
    }
    int64_t nx = g->nx;
    int64_t ny = g->ny;
    size_t n = (size_t)(nx * ny);
    double mean;
    double sd;
    double nobs;
    int rc = moments(&mean, &sd, &nobs, ctx, counts, mask, n);
    if (rc) {
        return rc;
    }
    hs__stencil st;
    rc = hs__stencil_make(&st, ctx, opts, g->cell);
    if (rc) {
        return rc;
    }
    size_t np = (size_t)(ny * (nx + 1));
    double *px = malloc(np * sizeof *px);
    double *pm = mask ? malloc(np * sizeof *pm) : NULL;
    double *zz = z ? z : malloc(n * sizeof *zz);
    if (!px || (mask && !pm) || !zz) {
        rc = hs__error(ctx, HS_ENOMEM, "out of memory for a %lld x %lld grid", (long long)nx,
                       (long long)ny);
        goto done;
    }
    hs__row_prefix(px, counts, mask, nx, ny);
    if (pm) {
        hs__row_prefix(pm, NULL, mask, nx, ny);
    }
    for (int64_t iy = 0; iy < ny; iy++) {
        for (int64_t ix = 0; ix < nx; ix++) {
            size_t k = (size_t)(iy * nx + ix);
            if (mask && !mask[k]) {
                zz[k] = NAN;
                if (nnb) {
                    nnb[k] = 0;
                }
                continue;
            }
            double lag = hs__stencil_sum(px, nx, ny, ix, iy, &st);
            double w;
            if (pm) {
                w = hs__stencil_sum(pm, nx, ny, ix, iy, &st);
            } else {
                w = 0.0;
                int64_t y0 = iy - st.r < 0 ? -iy : -st.r;
                int64_t y1 = iy + st.r >= ny ? ny - 1 - iy : st.r;
                for (int64_t dy = y0; dy <= y1; dy++) {
                    int64_t h = st.h[dy + st.r];
                    int64_t a = ix - h < 0 ? 0 : ix - h;
                    int64_t b = ix + h >= nx ? nx - 1 : ix + h;
                    w += (double)(b - a + 1);
                }
            }
            zz[k] = gi_z(lag, w, mean, sd, nobs);
            if (nnb) {
                nnb[k] = (int32_t)w;
            }
        }
        if ((iy & 63) == 0) {
            rc = hs__progress(ctx, "gistar", (double)iy / (double)ny);
            if (rc) {
                goto done;
            }
        }
    }
    rc = finish(zz, p, q, bin, ctx, n);
done:
    hs__stencil_free(&st);
    free(px);
    free(pm);
    if (zz != z) {
        free(zz);
    }
    return rc;
}

int hs_gistar_lists(double *z, double *p, double *q, int8_t *bin, int32_t *nnb, hs_ctx *ctx,
                    const double *x, size_t n, const int64_t *nb_start, const int64_t *nb_idx)
{
    if (!x || !nb_start || (!nb_idx && nb_start[n] > 0)) {
        return hs__error(ctx, HS_EINVAL, "Gi*: missing values or neighbour lists");
    }
    double mean;
    double sd;
    double nobs;
    int rc = moments(&mean, &sd, &nobs, ctx, x, NULL, n);
    if (rc) {
        return rc;
    }
    double *zz = z ? z : malloc(n * sizeof *zz);
    if (!zz) {
        return hs__error(ctx, HS_ENOMEM, "out of memory");
    }
    for (size_t i = 0; i < n; i++) {
        double lag = x[i];
        double w = 1.0;
        for (int64_t e = nb_start[i]; e < nb_start[i + 1]; e++) {
            int64_t j = nb_idx[e];
            if (j < 0 || (size_t)j >= n || (size_t)j == i) {
                if (zz != z) {
                    free(zz);
                }
                return hs__error(ctx, HS_EINVAL, "Gi*: neighbour %lld of area %zu is not valid",
                                 (long long)j, i);
            }
            lag += x[j];
            w += 1.0;
        }
        zz[i] = gi_z(lag, w, mean, sd, nobs);
        if (nnb) {
            nnb[i] = (int32_t)w;
        }
    }
    rc = finish(zz, p, q, bin, ctx, n);
    if (zz != z) {
        free(zz);
    }
    return rc;
}
