/*
 * The Knox near-repeat test: pairs close in space found once by a sweep over x, then counted by
 * day band for the observed times and for each seeded permutation of the times. Plain C over
 * arrays; it must not read records or draw charts.
 */
#include "core/hs_internal.h"
#include "stats/stats.h"

#include <math.h>
#include <stdlib.h>

typedef struct pair {
    uint32_t i;
    uint32_t j;
    uint32_t band;
} pair;

typedef struct xs {
    double x;
    double y;
    uint32_t i;
} xs;

static int cmp_xs(const void *a, const void *b)
{
    const xs *p = a;
    const xs *q = b;
    return (p->x > q->x) - (p->x < q->x);
}

/* band index of v for edges e[0..n): first k with v <= e[k]; n when beyond */
static size_t band_of(double v, const double *e, size_t n)
{
    size_t k = 0;
    while (k < n && v > e[k]) {
        k++;
    }
    return k;
}

static void count(int64_t *c, const pair *pr, size_t np, const double *t, const uint32_t *perm,
                  const hs_knox_opts *o)
{
    for (size_t k = 0; k < o->n_dist * o->n_day; k++) {
        c[k] = 0;
    }
    for (size_t k = 0; k < np; k++) {
        double dt = fabs(t[perm[pr[k].i]] - t[perm[pr[k].j]]);
        size_t l = band_of(dt, o->day_edges, o->n_day);
        if (l < o->n_day) {
            c[pr[k].band * o->n_day + l]++;
        }
    }
}

static int check(hs_ctx *ctx, const hs_knox_opts *o, size_t n)
{
    if (!o || o->version != HS_KNOX_OPTS_VERSION || !o->dist_edges || !o->day_edges ||
        o->n_dist == 0 || o->n_day == 0 || o->permutations < 0 || n > UINT32_MAX) {
        return hs__error(ctx, HS_EINVAL, "Knox: bad options");
    }
    for (size_t k = 0; k < o->n_dist; k++) {
        if (!(o->dist_edges[k] >= 0) || (k && !(o->dist_edges[k] > o->dist_edges[k - 1]))) {
            return hs__error(ctx, HS_EINVAL, "Knox: distance bands must be >= 0 and ascending");
        }
    }
    for (size_t k = 0; k < o->n_day; k++) {
        if (!(o->day_edges[k] >= 0) || (k && !(o->day_edges[k] > o->day_edges[k - 1]))) {
            return hs__error(ctx, HS_EINVAL, "Knox: day bands must be >= 0 and ascending");
        }
    }
    return HS_OK;
}

int hs_knox_run(int64_t *observed, double *sim_mean, double *ratio, double *p, hs_ctx *ctx,
                const double *x, const double *y, const double *t, size_t n,
                const hs_knox_opts *opts)
{
    int rc = check(ctx, opts, n);
    if (rc) {
        return rc;
    }
    if (!observed || (n && (!x || !y || !t))) {
        return hs__error(ctx, HS_EINVAL, "Knox: missing output or points");
    }
    for (size_t i = 0; i < n; i++) {
        if (!isfinite(x[i]) || !isfinite(y[i]) || !isfinite(t[i])) {
            return hs__error(ctx, HS_EDATA, "Knox: incident %zu has no place or time", i);
        }
    }
    size_t nc = opts->n_dist * opts->n_day;
    double dmax = opts->dist_edges[opts->n_dist - 1];
    xs *v = malloc((n ? n : 1) * sizeof *v);
    uint32_t *perm = malloc((n ? n : 1) * sizeof *perm);
    int64_t *sim = malloc(nc * sizeof *sim);
    double *sum = calloc(nc, sizeof *sum);
    int64_t *ge = calloc(nc, sizeof *ge);
    pair *pr = NULL;
    size_t np = 0;
    size_t cap = 0;
    if (!v || !perm || !sim || !sum || !ge) {
        rc = hs__error(ctx, HS_ENOMEM, "out of memory");
        goto done;
    }
    for (size_t i = 0; i < n; i++) {
        v[i] = (xs){x[i], y[i], (uint32_t)i};
        perm[i] = (uint32_t)i;
    }
    qsort(v, n, sizeof *v, cmp_xs);
    for (size_t a = 0; a < n; a++) {
        for (size_t b = a + 1; b < n && v[b].x - v[a].x <= dmax; b++) {
            double dx = fabs(v[b].x - v[a].x);
            double dy = fabs(v[b].y - v[a].y);
            double d = opts->manhattan ? dx + dy : sqrt(dx * dx + dy * dy);
            size_t k = band_of(d, opts->dist_edges, opts->n_dist);
            if (k == opts->n_dist) {
                continue;
            }
            if (hs__grow((void **)&pr, &cap, np + 1, sizeof *pr)) {
                rc = hs__error(ctx, HS_ENOMEM, "out of memory for %zu close pairs", np);
                goto done;
            }
            pr[np++] = (pair){v[a].i, v[b].i, (uint32_t)k};
        }
    }
    count(observed, pr, np, t, perm, opts);
    hs__rng rng;
    hs__rng_seed(&rng, opts->seed);
    for (int r = 0; r < opts->permutations; r++) {
        for (size_t i = n; i > 1; i--) {
            size_t j = (size_t)hs__rng_below(&rng, i);
            uint32_t tmp = perm[i - 1];
            perm[i - 1] = perm[j];
            perm[j] = tmp;
        }
        count(sim, pr, np, t, perm, opts);
        for (size_t k = 0; k < nc; k++) {
            sum[k] += (double)sim[k];
            ge[k] += sim[k] >= observed[k];
        }
        if ((r & 15) == 0) {
            rc = hs__progress(ctx, "knox", (double)(r + 1) / (double)opts->permutations);
            if (rc) {
                goto done;
            }
        }
    }
    for (size_t k = 0; k < nc; k++) {
        double m = opts->permutations > 0 ? sum[k] / opts->permutations : NAN;
        if (sim_mean) {
            sim_mean[k] = m;
        }
        if (ratio) {
            ratio[k] = m > 0 ? (double)observed[k] / m : NAN;
        }
        if (p) {
            p[k] =
                opts->permutations > 0 ? ((double)ge[k] + 1.0) / (opts->permutations + 1.0) : NAN;
        }
    }
done:
    free(v);
    free(perm);
    free(sim);
    free(sum);
    free(ge);
    free(pr);
    return rc;
}
