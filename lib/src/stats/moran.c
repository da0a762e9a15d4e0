/*
 * Global Moran's I with the randomisation variance and local Moran's I with a seeded conditional
 * permutation pseudo-p, on grids with the stencil neighbourhoods of gistar.c (self excluded).
 * Plain C over arrays; it must not choose bands or write outputs.
 */
#include "core/hs_internal.h"
#include "stats/stats.h"

#include <math.h>
#include <stdlib.h>

const char *hs_lisa_class_name(hs_lisa_class c)
{
    switch (c) {
    case HS_LISA_HH:
        return "HH";
    case HS_LISA_LL:
        return "LL";
    case HS_LISA_HL:
        return "HL";
    case HS_LISA_LH:
        return "LH";
    default:
        return "not significant";
    }
}

/* deviations z = (x - mean) * mask, their row prefix sums and the neighbour-count prefix sums */
typedef struct prep {
    double *z;
    double *pz;
    double *pm;
    double n;
    double m2; /* sum z^2 */
    double m4; /* sum z^4 */
    hs__stencil st;
} prep;

static void prep_free(prep *w)
{
    free(w->z);
    free(w->pz);
    free(w->pm);
    hs__stencil_free(&w->st);
}

static int prep_make(prep *w, hs_ctx *ctx, const hs_grid_spec *g, const double *x,
                     const uint8_t *mask, const hs_gistar_opts *weights)
{
    int64_t nx = g->nx;
    int64_t ny = g->ny;
    size_t n = (size_t)(nx * ny);
    w->z = malloc(n * sizeof *w->z);
    w->pz = malloc((size_t)(ny * (nx + 1)) * sizeof *w->pz);
    w->pm = malloc((size_t)(ny * (nx + 1)) * sizeof *w->pm);
    w->st.h = NULL;
    if (!w->z || !w->pz || !w->pm) {
        return hs__error(ctx, HS_ENOMEM, "out of memory");
    }
    double sum = 0.0;
    double m = 0.0;
    for (size_t i = 0; i < n; i++) {
        if (!mask || mask[i]) {
            if (!isfinite(x[i])) {
                return hs__error(ctx, HS_EDATA, "value %zu is not a finite number", i);
            }
            sum += x[i];
            m += 1.0;
        }
    }
    if (m < 4.0) {
        return hs__error(ctx, HS_ENODATA, "Moran's I needs at least 4 observations");
    }
    double mean = sum / m;
    w->m2 = 0.0;
    w->m4 = 0.0;
    for (size_t i = 0; i < n; i++) {
        double d = (!mask || mask[i]) ? x[i] - mean : 0.0;
        w->z[i] = d;
        w->m2 += d * d;
        w->m4 += d * d * d * d;
    }
    if (!(w->m2 > 0.0)) {
        return hs__error(ctx, HS_ENODATA, "every observation has the same value");
    }
    w->n = m;
    int rc = hs__stencil_make(&w->st, ctx, weights, g->cell);
    if (rc) {
        return rc;
    }
    hs__row_prefix(w->pz, w->z, mask, nx, ny);
    hs__row_prefix(w->pm, NULL, mask, nx, ny);
    return HS_OK;
}

int hs_moran_global_grid(hs_moran_global *out, hs_ctx *ctx, const hs_grid_spec *g, const double *x,
                         const uint8_t *mask, const hs_gistar_opts *weights)
{
    if (!out || !g || !x || !weights || g->nx <= 0 || g->ny <= 0) {
        return hs__error(ctx, HS_EINVAL, "Moran's I: missing grid, values or weights");
    }
    prep w;
    int rc = prep_make(&w, ctx, g, x, mask, weights);
    if (rc) {
        prep_free(&w);
        return rc;
    }
    double cross = 0.0;
    double s0 = 0.0;
    double sk2 = 0.0;
    for (int64_t iy = 0; iy < g->ny; iy++) {
        for (int64_t ix = 0; ix < g->nx; ix++) {
            size_t k = (size_t)(iy * g->nx + ix);
            if (mask && !mask[k]) {
                continue;
            }
            double lag = hs__stencil_sum(w.pz, g->nx, g->ny, ix, iy, &w.st) - w.z[k];
            double nk = hs__stencil_sum(w.pm, g->nx, g->ny, ix, iy, &w.st) - 1.0;
            cross += w.z[k] * lag;
            s0 += nk;
            sk2 += nk * nk;
        }
    }
    double n = w.n;
    prep_free(&w);
    if (!(s0 > 0.0)) {
        return hs__error(ctx, HS_ENODATA, "Moran's I: no cell has a neighbour");
    }
    double s1 = 2.0 * s0;
    double s2 = 4.0 * sk2;
    double b2 = n * w.m4 / (w.m2 * w.m2);
    double ei = -1.0 / (n - 1.0);
    double a = n * ((n * n - 3.0 * n + 3.0) * s1 - n * s2 + 3.0 * s0 * s0);
    double b = b2 * ((n * n - n) * s1 - 2.0 * n * s2 + 6.0 * s0 * s0);
    double ei2 = (a - b) / ((n - 1.0) * (n - 2.0) * (n - 3.0) * s0 * s0);
    out->i = (n / s0) * cross / w.m2;
    out->expected = ei;
    out->variance = ei2 - ei * ei;
    out->z = out->variance > 0.0 ? (out->i - ei) / sqrt(out->variance) : NAN;
    out->p = hs_norm_p2(out->z);
    out->n = (int64_t)n;
    out->s0 = s0;
    return HS_OK;
}

/* pseudo-p of cell k by conditional permutation: nk neighbours drawn from the other observations */
static double permute(const double *obs, size_t nobs, size_t self, double zi, double m2n,
                      int64_t nk, double iobs, int reps, hs__rng *rng, uint32_t *mark,
                      uint32_t *stamp)
{
    int64_t ge = 0;
    int64_t le = 0;
    for (int r = 0; r < reps; r++) {
        (*stamp)++;
        if (*stamp == 0) {
            for (size_t j = 0; j < nobs; j++) {
                mark[j] = 0;
            }
            *stamp = 1;
        }
        mark[self] = *stamp;
        double s = 0.0;
        for (int64_t d = 0; d < nk; d++) {
            size_t j;
            do {
                j = (size_t)hs__rng_below(rng, nobs);
            } while (mark[j] == *stamp);
            mark[j] = *stamp;
            s += obs[j];
        }
        double ip = zi / m2n * (s / (double)nk);
        ge += ip >= iobs;
        le += ip <= iobs;
    }
    int64_t m = ge < le ? ge : le;
    return ((double)m + 1.0) / ((double)reps + 1.0);
}

int hs_moran_local_grid(double *ii, double *pseudo_p, double *q, uint8_t *cls, hs_ctx *ctx,
                        const hs_grid_spec *g, const double *x, const uint8_t *mask,
                        const hs_moran_local_opts *opts)
{
    if (!g || !x || !opts || g->nx <= 0 || g->ny <= 0) {
        return hs__error(ctx, HS_EINVAL, "local Moran: missing grid, values or options");
    }
    if (opts->version != HS_MORAN_LOCAL_OPTS_VERSION || opts->permutations < HS_MORAN_ANALYTIC ||
        !(opts->alpha > 0.0 && opts->alpha < 1.0)) {
        return hs__error(ctx, HS_EINVAL, "local Moran: bad options");
    }
    size_t n = (size_t)(g->nx * g->ny);
    prep w;
    int rc = prep_make(&w, ctx, g, x, mask, &opts->weights);
    double *obs = NULL;
    size_t *pos = NULL;
    uint32_t *mark = NULL;
    double *pp = NULL;
    double *qq = NULL;
    double *lagv = NULL;
    if (rc) {
        goto done;
    }
    size_t nobs = (size_t)w.n;
    obs = malloc(nobs * sizeof *obs);
    pos = malloc(n * sizeof *pos);
    mark = calloc(nobs, sizeof *mark);
    pp = malloc(n * sizeof *pp);
    qq = malloc(n * sizeof *qq);
    lagv = malloc(n * sizeof *lagv);
    if (!obs || !pos || !mark || !pp || !qq || !lagv) {
        rc = hs__error(ctx, HS_ENOMEM, "out of memory");
        goto done;
    }
    for (size_t i = 0, m = 0; i < n; i++) {
        if (!mask || mask[i]) {
            pos[i] = m;
            obs[m++] = w.z[i];
        }
    }
    double m2n = w.m2 / w.n;
    /* the moments of the randomisation variance (Anselin 1995, as spdep::localmoran) */
    double dn = (double)nobs, b2 = (w.m4 / w.n) / (m2n * m2n);
    double va = (dn - b2) / (dn - 1.0), vb = (2.0 * b2 - dn) / ((dn - 1.0) * (dn - 2.0));
    uint32_t stamp = 0;
    for (int64_t iy = 0; iy < g->ny; iy++) {
        for (int64_t ix = 0; ix < g->nx; ix++) {
            size_t k = (size_t)(iy * g->nx + ix);
            double val = NAN;
            pp[k] = NAN;
            lagv[k] = NAN;
            if (!mask || mask[k]) {
                double nk = hs__stencil_sum(w.pm, g->nx, g->ny, ix, iy, &w.st) - 1.0;
                if (nk > 0.0) {
                    double lag = hs__stencil_sum(w.pz, g->nx, g->ny, ix, iy, &w.st) - w.z[k];
                    lagv[k] = lag / nk;
                    val = w.z[k] / m2n * lagv[k];
                    if (opts->permutations == HS_MORAN_ANALYTIC && nobs > 2) {
                        /* row-standardised binary weights: w_i. = 1, sum_j w_ij^2 = 1 / k */
                        double e = -1.0 / (dn - 1.0), wi2 = 1.0 / nk;
                        double var = wi2 * va + (1.0 - wi2) * vb - e * e;
                        pp[k] = var > 0.0 ? hs_norm_cdf(-fabs(val - e) / sqrt(var)) : NAN;
                    } else if (opts->permutations > 0 && (size_t)nk < nobs) {
                        hs__rng rng;
                        hs__rng_seed(&rng, opts->seed ^ ((uint64_t)k * 0x9e3779b97f4a7c15ULL));
                        pp[k] = permute(obs, nobs, pos[k], w.z[k], m2n, (int64_t)nk, val,
                                        opts->permutations, &rng, mark, &stamp);
                    }
                }
            }
            if (ii) {
                ii[k] = val;
            }
        }
        rc = hs__progress(ctx, "local moran", (double)(iy + 1) / (double)g->ny);
        if (rc) {
            goto done;
        }
    }
    rc = hs_fdr_bh(qq, pp, n);
    if (rc) {
        hs__error(ctx, rc, "FDR: %s", hs_strerror(rc));
        goto done;
    }
    for (size_t k = 0; k < n; k++) {
        double s = opts->fdr ? qq[k] : pp[k];
        uint8_t c = HS_LISA_NS;
        if (!isnan(s) && s <= opts->alpha && w.z[k] != 0.0 && lagv[k] != 0.0) {
            if (w.z[k] > 0.0) {
                c = lagv[k] > 0.0 ? HS_LISA_HH : HS_LISA_HL;
            } else {
                c = lagv[k] < 0.0 ? HS_LISA_LL : HS_LISA_LH;
            }
        }
        if (cls) {
            cls[k] = c;
        }
        if (pseudo_p) {
            pseudo_p[k] = pp[k];
        }
        if (q) {
            q[k] = qq[k];
        }
    }
done:
    prep_free(&w);
    free(obs);
    free(pos);
    free(mark);
    free(pp);
    free(qq);
    free(lagv);
    return rc;
}
