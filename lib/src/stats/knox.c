/*
 * The Knox near-repeat test with a bounded cost: close pairs found through a grid of cells one
 * band wide (each cell against itself and its four forward neighbours), a seeded subsample when
 * the candidate pairs exceed the budget, then the pairs counted by day band for the observed times
 * and for each seeded permutation of the times, or, when the permutations cannot be afforded,
 * Knox's analytic expectation. Plain C over arrays; it must not read records or draw charts.
 */
#include "core/hs_internal.h"
#include "stats/stats.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

typedef struct pair {
    uint32_t i;
    uint32_t j;
    uint32_t band;
} pair;

typedef struct cellpt {
    uint64_t key; /* row * stride + column of the point's cell */
    uint32_t i;
} cellpt;

static int cmp_cellpt(const void *a, const void *b)
{
    const cellpt *p = a;
    const cellpt *q = b;
    if (p->key != q->key) {
        return p->key < q->key ? -1 : 1;
    }
    return (p->i > q->i) - (p->i < q->i);
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

/* Pairs hold positions in cell order, so that tp (the times of those positions, permuted or not)
 * is read nearly in sequence. */
static void count(int64_t *c, const pair *pr, size_t np, const double *tp, const hs_knox_opts *o)
{
    for (size_t k = 0; k < o->n_dist * o->n_day; k++) {
        c[k] = 0;
    }
    for (size_t k = 0; k < np; k++) {
        double dt = fabs(tp[pr[k].i] - tp[pr[k].j]);
        size_t l = band_of(dt, o->day_edges, o->n_day);
        if (l < o->n_day) {
            c[pr[k].band * o->n_day + l]++;
        }
    }
}

static int check(hs_ctx *ctx, const hs_knox_opts *o, size_t n)
{
    if (!o || (o->version != 1 && o->version != HS_KNOX_OPTS_VERSION) || !o->dist_edges ||
        !o->day_edges || o->n_dist == 0 || o->n_day == 0 || o->permutations < 0 || n > UINT32_MAX) {
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

/* The points of idx[0..m) sorted by grid cell (cells of width cell from (x0, y0)). */
typedef struct cells {
    cellpt *pt;
    size_t m;
    uint64_t stride;
} cells;

static int cells_build(cells *c, const double *x, const double *y, const uint32_t *idx, size_t m,
                       double cell)
{
    double x0 = INFINITY, y0 = INFINITY, x1 = -INFINITY;
    for (size_t k = 0; k < m; k++) {
        x0 = fmin(x0, x[idx[k]]);
        x1 = fmax(x1, x[idx[k]]);
        y0 = fmin(y0, y[idx[k]]);
    }
    c->m = m;
    c->stride = m ? (uint64_t)floor((x1 - x0) / cell) + 3 : 1;
    c->pt = malloc((m ? m : 1) * sizeof *c->pt);
    if (!c->pt) {
        return HS_ENOMEM;
    }
    for (size_t k = 0; k < m; k++) {
        uint64_t col = (uint64_t)floor((x[idx[k]] - x0) / cell) + 1;
        uint64_t row = (uint64_t)floor((y[idx[k]] - y0) / cell);
        c->pt[k] = (cellpt){row * c->stride + col, idx[k]};
    }
    qsort(c->pt, m, sizeof *c->pt, cmp_cellpt);
    return HS_OK;
}

/* Start of the run of points in cell key (or of the next cell), by binary search from lo. */
static size_t cells_find(const cells *c, size_t lo, uint64_t key)
{
    size_t hi = c->m;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (c->pt[mid].key < key) {
            lo = mid + 1;
        } else {
            hi = mid;
        }
    }
    return lo;
}

/* Calls visit with the positions (in cell order) of every pair in a cell and its forward
 * neighbours (east, north-west, north, north-east), or only counts them when visit is NULL;
 * returns the candidate pairs. */
typedef int (*pair_fn)(void *payload, uint32_t i, uint32_t j);

static double cells_pairs(const cells *c, pair_fn visit, void *payload, int *rc)
{
    double cand = 0;
    for (size_t a = 0; a < c->m && *rc == HS_OK;) {
        uint64_t key = c->pt[a].key;
        size_t a1 = a;
        while (a1 < c->m && c->pt[a1].key == key) {
            a1++;
        }
        size_t na = a1 - a;
        cand += (double)na * (double)(na - 1) / 2.0;
        for (size_t p = a; visit && p < a1 && *rc == HS_OK; p++) {
            for (size_t q = p + 1; q < a1 && *rc == HS_OK; q++) {
                *rc = visit(payload, (uint32_t)p, (uint32_t)q);
            }
        }
        const uint64_t nb[4] = {key + 1, key + c->stride - 1, key + c->stride, key + c->stride + 1};
        for (int k = 0; k < 4 && *rc == HS_OK; k++) {
            size_t b = cells_find(c, a1, nb[k]);
            size_t b1 = b;
            while (b1 < c->m && c->pt[b1].key == nb[k]) {
                b1++;
            }
            cand += (double)na * (double)(b1 - b);
            for (size_t p = a; visit && p < a1 && *rc == HS_OK; p++) {
                for (size_t q = b; q < b1 && *rc == HS_OK; q++) {
                    *rc = visit(payload, (uint32_t)p, (uint32_t)q);
                }
            }
        }
        a = a1;
    }
    return cand;
}

/* What a visit does with a pair: its distance band, then stored (permutations) or counted. */
typedef struct visit_state {
    const double *x, *y, *t; /* in cell order */
    const hs_knox_opts *o;
    pair *pr;
    size_t np, cap;
    int store;
    int64_t *observed;
    uint64_t *in_band; /* pairs per distance band, any time */
} visit_state;

static int visit_pair(void *payload, uint32_t i, uint32_t j)
{
    visit_state *s = payload;
    double dx = fabs(s->x[i] - s->x[j]);
    double dy = fabs(s->y[i] - s->y[j]);
    double d = s->o->manhattan ? dx + dy : sqrt(dx * dx + dy * dy);
    size_t k = band_of(d, s->o->dist_edges, s->o->n_dist);
    if (k == s->o->n_dist) {
        return HS_OK;
    }
    s->in_band[k]++;
    if (s->store) {
        if (hs__grow((void **)&s->pr, &s->cap, s->np + 1, sizeof *s->pr)) {
            return HS_ENOMEM;
        }
        s->pr[s->np++] = (pair){i, j, (uint32_t)k};
    } else {
        size_t l = band_of(fabs(s->t[i] - s->t[j]), s->o->day_edges, s->o->n_day);
        if (l < s->o->n_day) {
            s->observed[k * s->o->n_day + l]++;
        }
    }
    return HS_OK;
}

static int cmp_double(const void *a, const void *b)
{
    double p = *(const double *)a;
    double q = *(const double *)b;
    return (p > q) - (p < q);
}

/* Time pairs per day band among the m used incidents, any distance (sorted times, two pointers). */
static int time_pairs(double *tb, const double *t, const uint32_t *idx, size_t m,
                      const hs_knox_opts *o)
{
    double *s = malloc((m ? m : 1) * sizeof *s);
    if (!s) {
        return HS_ENOMEM;
    }
    for (size_t k = 0; k < m; k++) {
        s[k] = t[idx[k]];
    }
    qsort(s, m, sizeof *s, cmp_double);
    double prev = 0;
    for (size_t l = 0; l < o->n_day; l++) {
        double within = 0; /* pairs with |dt| <= edge */
        size_t j = 0;
        for (size_t i = 0; i < m; i++) {
            while (s[i] - s[j] > o->day_edges[l]) {
                j++;
            }
            within += (double)(i - j);
        }
        tb[l] = within - prev;
        prev = within;
    }
    free(s);
    return HS_OK;
}

/* Knox's expectation N_d * T_t / N and the Poisson upper tail P(X >= observed). */
static void analytic(double *mean, double *p, const int64_t *observed, const uint64_t *in_band,
                     const double *tb, size_t m, const hs_knox_opts *o)
{
    double all = (double)m * (double)(m - 1) / 2.0;
    for (size_t k = 0; k < o->n_dist; k++) {
        for (size_t l = 0; l < o->n_day; l++) {
            size_t c = k * o->n_day + l;
            mean[c] = all > 0 ? (double)in_band[k] * tb[l] / all : 0.0;
            p[c] = hs__poisson_upper(observed[c], mean[c]);
        }
    }
}

int hs_knox_run(int64_t *observed, double *sim_mean, double *ratio, double *p, hs_ctx *ctx,
                const double *x, const double *y, const double *t, size_t n,
                const hs_knox_opts *opts)
{
    return hs_knox_compute(observed, sim_mean, ratio, p, NULL, ctx, x, y, t, n, opts);
}

int hs_knox_compute(int64_t *observed, double *sim_mean, double *ratio, double *p,
                    hs_knox_info *info, hs_ctx *ctx, const double *x, const double *y,
                    const double *t, size_t n, const hs_knox_opts *opts)
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
    double max_pairs =
        opts->version >= 2 && opts->max_pairs > 0 ? opts->max_pairs : HS_KNOX_MAX_PAIRS;
    double max_work = opts->version >= 2 && opts->max_work > 0 ? opts->max_work : HS_KNOX_MAX_WORK;
    size_t nc = opts->n_dist * opts->n_day;
    double dmax = opts->dist_edges[opts->n_dist - 1];
    double cell = dmax > 0 ? dmax : 1.0;
    uint32_t *idx = malloc((n ? n : 1) * sizeof *idx);
    uint32_t *perm = malloc((n ? n : 1) * sizeof *perm);
    double *xc = malloc((n ? n : 1) * sizeof *xc); /* coordinates and times in cell order */
    double *yc = malloc((n ? n : 1) * sizeof *yc);
    double *tc = malloc((n ? n : 1) * sizeof *tc);
    double *tp = malloc((n ? n : 1) * sizeof *tp); /* tc permuted */
    int64_t *sim = malloc(nc * sizeof *sim);
    double *sum = calloc(nc, sizeof *sum);
    int64_t *ge = calloc(nc, sizeof *ge);
    uint64_t *in_band = calloc(opts->n_dist, sizeof *in_band);
    double *tb = calloc(opts->n_day, sizeof *tb);
    double *mean = malloc(nc * sizeof *mean);
    double *pv = malloc(nc * sizeof *pv);
    cells c = {NULL, 0, 1};
    visit_state vs = {xc, yc, tc, opts, NULL, 0, 0, 1, observed, in_band};
    hs_knox_info inf = {n, 1.0, 0, 0, 0, HS_KNOX_PERMUTATION, 0};
    if (!idx || !perm || !xc || !yc || !tc || !tp || !sim || !sum || !ge || !in_band || !tb ||
        !mean || !pv) {
        rc = hs__error(ctx, HS_ENOMEM, "out of memory");
        goto done;
    }
    for (size_t i = 0; i < n; i++) {
        idx[i] = (uint32_t)i;
    }
    hs__rng rng;
    hs__rng_seed(&rng, opts->seed);
    size_t m = n;
    if (cells_build(&c, x, y, idx, m, cell) != HS_OK) {
        rc = hs__error(ctx, HS_ENOMEM, "out of memory");
        goto done;
    }
    inf.candidates = cells_pairs(&c, NULL, NULL, &rc);
    if (inf.candidates > max_pairs) {
        /* pairs grow with the square of the incidents kept */
        inf.sample = sqrt(max_pairs / inf.candidates);
        uint64_t cut = (uint64_t)(inf.sample * 4294967296.0);
        m = 0;
        for (size_t i = 0; i < n; i++) {
            if ((hs__rng_next(&rng) >> 32) < cut) {
                idx[m++] = (uint32_t)i;
            }
        }
        free(c.pt);
        if (cells_build(&c, x, y, idx, m, cell) != HS_OK) {
            rc = hs__error(ctx, HS_ENOMEM, "out of memory");
            goto done;
        }
        hs__log(ctx, HS_LOG_WARN,
                "Knox: %.3g candidate pairs exceed the budget of %.3g: a seeded random %.1f %% of "
                "the incidents (%zu of %zu) is used",
                inf.candidates, max_pairs, 100.0 * inf.sample, m, n);
    }
    inf.n = m;
    for (size_t k = 0; k < m; k++) {
        xc[k] = x[c.pt[k].i];
        yc[k] = y[c.pt[k].i];
        tc[k] = t[c.pt[k].i];
        perm[k] = (uint32_t)k;
    }
    (void)cells_pairs(&c, visit_pair, &vs, &rc);
    if (rc != HS_OK) {
        rc = hs__error(ctx, HS_ENOMEM, "out of memory for %zu close pairs", vs.np);
        goto done;
    }
    inf.pairs = vs.np;
    count(observed, vs.pr, vs.np, tc, opts);
    int want = opts->permutations;
    int runs = want;
    if (want > 0 && (double)vs.np * want > max_work) {
        runs = (int)(max_work / (double)(vs.np ? vs.np : 1));
        if (runs < HS_KNOX_MIN_PERMUTATIONS) {
            runs = 0;
            inf.method = HS_KNOX_ANALYTIC;
            hs__log(ctx, HS_LOG_WARN,
                    "Knox: %zu close pairs x %d permutations exceed the budget of %.3g steps: "
                    "the analytic expectation (pairs in the distance band x share of time pairs "
                    "in the day band) and Poisson p-values are used",
                    vs.np, want, max_work);
        } else {
            hs__log(ctx, HS_LOG_WARN,
                    "Knox: %zu close pairs x %d permutations exceed the budget of %.3g steps: %d "
                    "permutations (p resolved to %.4f, Monte Carlo error of p at most %.3f)",
                    vs.np, want, max_work, runs, 1.0 / (runs + 1.0), 0.5 / sqrt((double)runs));
        }
    }
    for (int r = 0; r < runs; r++) {
        for (size_t k = m; k > 1; k--) {
            size_t j = (size_t)hs__rng_below(&rng, k);
            uint32_t tmp = perm[k - 1];
            perm[k - 1] = perm[j];
            perm[j] = tmp;
        }
        for (size_t k = 0; k < m; k++) {
            tp[k] = tc[perm[k]];
        }
        count(sim, vs.pr, vs.np, tp, opts);
        for (size_t k = 0; k < nc; k++) {
            sum[k] += (double)sim[k];
            ge[k] += sim[k] >= observed[k];
        }
        if ((r & 15) == 0) {
            rc = hs__progress(ctx, "knox", (double)(r + 1) / (double)runs);
            if (rc) {
                goto done;
            }
        }
    }
    inf.permutations = runs;
    if (inf.method == HS_KNOX_ANALYTIC) {
        if ((rc = time_pairs(tb, t, idx, m, opts)) != HS_OK) {
            rc = hs__error(ctx, rc, "out of memory");
            goto done;
        }
        analytic(mean, pv, observed, in_band, tb, m, opts);
    } else {
        for (size_t k = 0; k < nc; k++) {
            mean[k] = runs > 0 ? sum[k] / runs : NAN;
            pv[k] = runs > 0 ? ((double)ge[k] + 1.0) / (runs + 1.0) : NAN;
            if (runs > 0) {
                inf.p_se = fmax(inf.p_se, sqrt(pv[k] * (1.0 - pv[k]) / runs));
            }
        }
    }
    for (size_t k = 0; k < nc; k++) {
        if (sim_mean) {
            sim_mean[k] = mean[k];
        }
        if (ratio) {
            ratio[k] = mean[k] > 0 ? (double)observed[k] / mean[k] : NAN;
        }
        if (p) {
            p[k] = pv[k];
        }
    }
    if (info) {
        *info = inf;
    }
done:
    free(c.pt);
    free(idx);
    free(perm);
    free(xc);
    free(yc);
    free(tc);
    free(tp);
    free(sim);
    free(sum);
    free(ge);
    free(in_band);
    free(tb);
    free(mean);
    free(pv);
    free(vs.pr);
    return rc;
}
