/*
 * Emerging hot spot analysis: time steps of local calendar time, space-time Gi* over a cube of
 * counts with the grid stencil of gistar.c, BH over all bins, Mann-Kendall per cell and the
 * ArcGIS-style categories. Plain C over arrays; it must not read records or write files.
 */
#include "core/hs_internal.h"
#include "stats/stats.h"

#include <math.h>
#include <stdlib.h>

int64_t hs_step_index(int64_t t, int64_t start, hs_step_kind kind, hs_tz tz)
{
    int64_t wt = hs_tz_utc_to_wall(tz, t);
    int64_t ws = hs_tz_utc_to_wall(tz, start);
    int64_t dt = wt >= 0 ? wt / 86400 : -((-wt + 86399) / 86400);
    int64_t ds = ws >= 0 ? ws / 86400 : -((-ws + 86399) / 86400);
    if (kind == HS_STEP_WEEK) {
        /* Monday of each week: day - (weekday - 1) */
        int64_t mt = dt - (hs_weekday(dt) - 1);
        int64_t ms = ds - (hs_weekday(ds) - 1);
        return (mt - ms) / 7;
    }
    int64_t yt;
    int64_t ys;
    int mt;
    int ms;
    int d;
    hs_civil_from_days(&yt, &mt, &d, dt);
    hs_civil_from_days(&ys, &ms, &d, ds);
    if (kind == HS_STEP_MONTH) {
        return (yt * 12 + mt - 1) - (ys * 12 + ms - 1);
    }
    if (kind == HS_STEP_TERTIAL) {
        return (yt * 3 + (mt - 1) / 4) - (ys * 3 + (ms - 1) / 4);
    }
    return yt - ys;
}

const char *hs_emerging_name(int cat)
{
    static const char *const hot[] = {
        "no pattern detected",   "new hot spot",         "consecutive hot spot",
        "intensifying hot spot", "persistent hot spot",  "diminishing hot spot",
        "sporadic hot spot",     "oscillating hot spot", "historical hot spot"};
    static const char *const cold[] = {
        "no pattern detected",    "new cold spot",         "consecutive cold spot",
        "intensifying cold spot", "persistent cold spot",  "diminishing cold spot",
        "sporadic cold spot",     "oscillating cold spot", "historical cold spot"};
    if (cat > 0 && cat <= HS_EMERGING_HISTORICAL) {
        return hot[cat];
    }
    if (cat < 0 && cat >= -HS_EMERGING_HISTORICAL) {
        return cold[-cat];
    }
    return hot[0];
}

/* the category for one direction: s = +1 looks for hot spots (sig == s), trend in that sense */
static int classify_dir(const int8_t *sig, size_t nt, int trend, int s)
{
    size_t nsig = 0;
    size_t nopp = 0;
    for (size_t i = 0; i < nt; i++) {
        nsig += sig[i] == s;
        nopp += sig[i] == -s;
    }
    int most = (double)nsig >= 0.9 * (double)nt;
    if (sig[nt - 1] != s) {
        return most ? HS_EMERGING_HISTORICAL : HS_EMERGING_NONE;
    }
    if (most) {
        if (trend == s) {
            return HS_EMERGING_INTENSIFYING;
        }
        if (trend == -s) {
            return HS_EMERGING_DIMINISHING;
        }
        return HS_EMERGING_PERSISTENT;
    }
    size_t run = 0;
    while (run < nt && sig[nt - 1 - run] == s) {
        run++;
    }
    if (nsig == 1) {
        return HS_EMERGING_NEW;
    }
    if (run == nsig && run >= 2) {
        return HS_EMERGING_CONSECUTIVE;
    }
    return nopp > 0 ? HS_EMERGING_OSCILLATING : HS_EMERGING_SPORADIC;
}

int hs_emerging_classify(const int8_t *sig, size_t nt, int trend)
{
    if (!sig || nt == 0) {
        return HS_EMERGING_NONE;
    }
    int h = classify_dir(sig, nt, trend, 1);
    if (h != HS_EMERGING_NONE) {
        return h;
    }
    return -classify_dir(sig, nt, trend, -1);
}

int hs_emerging_run(int8_t *cat, double *trend_z, double *trend_p, double *z, hs_ctx *ctx,
                    const hs_grid_spec *g, const double *counts, size_t nt, const uint8_t *mask,
                    const hs_emerging_opts *opts)
{
    if (!g || !counts || !opts || nt == 0 || g->nx <= 0 || g->ny <= 0 ||
        opts->version != HS_EMERGING_OPTS_VERSION || opts->time_window < 0) {
        return hs__error(ctx, HS_EINVAL, "emerging: missing cube or bad options");
    }
    int64_t nx = g->nx;
    int64_t ny = g->ny;
    size_t nc = (size_t)(nx * ny);
    size_t nb = nc * nt;
    size_t np = (size_t)(ny * (nx + 1));
    hs__stencil st = {0, NULL};
    double *px = malloc(np * nt * sizeof *px);
    double *pm = malloc(np * sizeof *pm);
    double *zz = malloc(nb * sizeof *zz);
    double *pp = malloc(nb * sizeof *pp);
    int8_t *sig = malloc(nb);
    double *series = malloc(nt * sizeof *series);
    int8_t *cs = malloc(nt);
    int rc = HS_OK;
    if (!px || !pm || !zz || !pp || !sig || !series || !cs) {
        rc = hs__error(ctx, HS_ENOMEM, "out of memory for a cube of %zu bins", nb);
        goto done;
    }
    /* moments over every observed bin */
    double sum = 0.0;
    double m = 0.0;
    for (size_t t = 0; t < nt; t++) {
        for (size_t c = 0; c < nc; c++) {
            if (!mask || mask[c]) {
                sum += counts[t * nc + c];
                m += 1.0;
            }
        }
    }
    double mean = m > 0.0 ? sum / m : 0.0;
    double ss = 0.0;
    for (size_t t = 0; t < nt; t++) {
        for (size_t c = 0; c < nc; c++) {
            if (!mask || mask[c]) {
                double d = counts[t * nc + c] - mean;
                ss += d * d;
            }
        }
    }
    if (m < 2.0 || !(ss > 0.0)) {
        rc = hs__error(ctx, HS_ENODATA, "emerging: no variation in the cube");
        goto done;
    }
    double sd = sqrt(ss / m);
    rc = hs__stencil_make(&st, ctx, &opts->weights, g->cell);
    if (rc) {
        goto done;
    }
    for (size_t t = 0; t < nt; t++) {
        hs__row_prefix(px + t * np, counts + t * nc, mask, nx, ny);
    }
    hs__row_prefix(pm, NULL, mask, nx, ny);
    for (size_t t = 0; t < nt; t++) {
        size_t t0 = t >= (size_t)opts->time_window ? t - (size_t)opts->time_window : 0;
        double steps = (double)(t - t0 + 1);
        for (int64_t iy = 0; iy < ny; iy++) {
            for (int64_t ix = 0; ix < nx; ix++) {
                size_t c = (size_t)(iy * nx + ix);
                size_t b = t * nc + c;
                if (mask && !mask[c]) {
                    zz[b] = NAN;
                    continue;
                }
                double lag = 0.0;
                for (size_t u = t0; u <= t; u++) {
                    lag += hs__stencil_sum(px + u * np, nx, ny, ix, iy, &st);
                }
                double w = steps * hs__stencil_sum(pm, nx, ny, ix, iy, &st);
                double den = sd * sqrt((m * w - w * w) / (m - 1.0));
                zz[b] = den > 0.0 ? (lag - mean * w) / den : NAN;
            }
        }
        rc = hs__progress(ctx, "space-time Gi*", (double)(t + 1) / (double)nt);
        if (rc) {
            goto done;
        }
    }
    for (size_t b = 0; b < nb; b++) {
        pp[b] = hs_norm_p2(zz[b]);
    }
    rc = hs_fdr_bh(pp, pp, nb);
    if (rc) {
        hs__error(ctx, rc, "FDR: %s", hs_strerror(rc));
        goto done;
    }
    for (size_t b = 0; b < nb; b++) {
        sig[b] = (!isnan(pp[b]) && pp[b] <= opts->alpha) ? (zz[b] > 0.0 ? 1 : -1) : 0;
    }
    for (size_t c = 0; c < nc; c++) {
        int8_t k = HS_EMERGING_NONE;
        double tz = NAN;
        double tp = NAN;
        if (!mask || mask[c]) {
            for (size_t t = 0; t < nt; t++) {
                series[t] = zz[t * nc + c];
                cs[t] = sig[t * nc + c];
            }
            hs_mk_result mk;
            int trend = 0;
            if (nt >= 2 && hs_mann_kendall(&mk, series, nt) == HS_OK) {
                tz = mk.z;
                tp = mk.p;
                trend = mk.p <= opts->trend_alpha ? (mk.z > 0 ? 1 : -1) : 0;
            }
            k = (int8_t)hs_emerging_classify(cs, nt, trend);
        }
        if (cat) {
            cat[c] = k;
        }
        if (trend_z) {
            trend_z[c] = tz;
        }
        if (trend_p) {
            trend_p[c] = tp;
        }
    }
    if (z) {
        for (size_t b = 0; b < nb; b++) {
            z[b] = zz[b];
        }
    }
done:
    hs__stencil_free(&st);
    free(px);
    free(pm);
    free(zz);
    free(pp);
    free(sig);
    free(series);
    free(cs);
    return rc;
}
