/*
 * Global Moran's I with the randomisation variance and local Moran's I with a seeded conditional
 * permutation pseudo-p, on grids with the stencil neighbourhoods of gistar.c (self excluded).
 * Plain C over arrays; it must not choose bands or write outputs.
 */
#include "core/hs_internal.h"
#include "stats/stats.h"

#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

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

/* The local statistics of rows [iy0, iy1): each cell's permutations are seeded by the cell, so
 * bands of rows computed side by side give the same values as one pass. */
typedef struct rows_job {
    const hs_grid_spec *g;
    const uint8_t *mask;
    const hs_moran_local_opts *opts;
    const prep *w;
    const double *obs;
    const size_t *pos;
    size_t nobs;
    double m2n, dn, va, vb;
    double *ii, *pp, *lagv;
    uint32_t *mark;
    int64_t iy0, iy1;
    hs_ctx *ctx; /* progress from the first band only */
    int rc;
} rows_job;

static void *rows_run(void *arg)
{
    rows_job *j = arg;
    const hs_grid_spec *g = j->g;
    const prep *w = j->w;
    uint32_t stamp = 0;
    for (int64_t iy = j->iy0; iy < j->iy1; iy++) {
        for (int64_t ix = 0; ix < g->nx; ix++) {
            size_t k = (size_t)(iy * g->nx + ix);
            double val = NAN;
            j->pp[k] = NAN;
            j->lagv[k] = NAN;
            if (!j->mask || j->mask[k]) {
                double nk = hs__stencil_sum(w->pm, g->nx, g->ny, ix, iy, &w->st) - 1.0;
                if (nk > 0.0) {
                    double lag = hs__stencil_sum(w->pz, g->nx, g->ny, ix, iy, &w->st) - w->z[k];
                    j->lagv[k] = lag / nk;
                    val = w->z[k] / j->m2n * j->lagv[k];
                    if (j->opts->permutations == HS_MORAN_ANALYTIC && j->nobs > 2) {
                        /* row-standardised binary weights: w_i. = 1, sum_j w_ij^2 = 1 / k */
                        double e = -1.0 / (j->dn - 1.0), wi2 = 1.0 / nk;
                        double var = wi2 * j->va + (1.0 - wi2) * j->vb - e * e;
                        j->pp[k] = var > 0.0 ? hs_norm_cdf(-fabs(val - e) / sqrt(var)) : NAN;
                    } else if (j->opts->permutations > 0 && (size_t)nk < j->nobs) {
                        hs__rng rng;
                        hs__rng_seed(&rng, j->opts->seed ^ ((uint64_t)k * 0x9e3779b97f4a7c15ULL));
                        j->pp[k] = permute(j->obs, j->nobs, j->pos[k], w->z[k], j->m2n, (int64_t)nk,
                                           val, j->opts->permutations, &rng, j->mark, &stamp);
                    }
                }
            }
            if (j->ii) {
                j->ii[k] = val;
            }
        }
        if (j->ctx) {
            j->rc = hs__progress(j->ctx, "local moran",
                                 (double)(iy + 1 - j->iy0) / (double)(j->iy1 - j->iy0));
            if (j->rc) {
                return NULL;
            }
        }
    }
    return NULL;
}

#define MORAN_THREADS 8

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
    /* bands of rows side by side when the permutations are many: each its own marks */
    int nt = opts->permutations > 0 ? hs__threads_for(ctx, (size_t)g->ny / 8 + 1) : 1;
    nt = nt > MORAN_THREADS ? MORAN_THREADS : nt;
    rows_job jobs[MORAN_THREADS];
    pthread_t tid[MORAN_THREADS];
    int started[MORAN_THREADS] = {0};
    for (int t = 0; t < nt; t++) {
        rows_job *j = &jobs[t];
        memset(j, 0, sizeof *j);
        j->mark = t == 0 ? mark : calloc(nobs ? nobs : 1, sizeof *mark);
        if (j->mark == NULL) {
            nt = t;
            break;
        }
        j->g = g;
        j->mask = mask;
        j->opts = opts;
        j->w = &w;
        j->obs = obs;
        j->pos = pos;
        j->nobs = nobs;
        j->m2n = m2n;
        j->dn = dn;
        j->va = va;
        j->vb = vb;
        j->ii = ii;
        j->pp = pp;
        j->lagv = lagv;
        j->ctx = t == 0 ? ctx : NULL;
    }
    for (int t = 0; t < nt; t++) {
        jobs[t].iy0 = g->ny * t / nt;
        jobs[t].iy1 = g->ny * (t + 1) / nt;
    }
    for (int t = 1; t < nt; t++) {
        started[t] = pthread_create(&tid[t], NULL, rows_run, &jobs[t]) == 0;
        if (!started[t]) {
            rows_run(&jobs[t]);
        }
    }
    rows_run(&jobs[0]);
    for (int t = 1; t < nt; t++) {
        if (started[t]) {
            pthread_join(tid[t], NULL);
        }
        free(jobs[t].mark);
    }
    rc = jobs[0].rc;
    if (rc) {
        goto done;
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
