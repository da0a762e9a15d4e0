/*
 * Gaussian density binned along one axis (the binned choice of HS_KDE_AUTO). The Gaussian is a
 * product g(dx) g(dy), so each point is summed exactly along x (the same cells and factors as the
 * exact sum) and spread linearly along y onto the two nodes around it of a row of nodes delta =
 * cell / s apart (s odd, so every cell centre is a node); the node rows are then summed along y
 * with the exact factors g at the node offsets. For one point the value at a cell is the linear
 * interpolant in y of the exact one, so its error is at most delta^2 / 8 times the largest
 * |d2/dy2| of the kernel between its two nodes: a bound that decays with the distance, summed per
 * cell by the same sum along y with a "bound kernel" in place of g (docs/density.md). Plain C over
 * arrays.
 */
#include "core/hs_internal.h"
#include "density/density.h"

#include <float.h>
#include <math.h>
#include <pthread.h>

/* The sums are the hot path: let GCC vectorise them even in -O2 builds. */
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC optimize("tree-vectorize", "vect-cost-model=dynamic")
#endif
#include <stdlib.h>
#include <string.h>

#define SEP_MAX_VALUES ((int64_t)1 << 24) /* node rows x columns (128 MiB of doubles) */

/* Node k lies at y0 + cell/2 + (k - pad) delta; cell row iy is node pad + s iy. The factors reach
 * r nodes (r delta <= 6 sigma); the bound kernel reaches r + 1. */
typedef struct sep_grid {
    int s;
    double delta;
    int64_t r, pad, ny;
} sep_grid;

static void sep_make(sep_grid *sg, const hs_grid_spec *g, double h, int s)
{
    sg->s = s;
    sg->delta = g->cell / (double)s;
    sg->r = (int64_t)floor(HS_KDE_GAUSS_CUTOFF * h / sg->delta * (1.0 - 1e-12));
    sg->pad = sg->r + 2;
    sg->ny = (int64_t)s * (g->ny - 1) + 1 + 2 * sg->pad;
}

double hs__kde_sep_cost(const hs_grid_spec *g, size_t n, double h, int s)
{
    sep_grid sg;
    sep_make(&sg, g, h, s);
    if (sg.ny * g->nx > SEP_MAX_VALUES) {
        return -1.0;
    }
    double wx = 2.0 * floor(HS_KDE_GAUSS_CUTOFF * h / g->cell) + 1.0;
    if (wx > (double)g->nx) {
        wx = (double)g->nx;
    }
    /* the scatter (two rows per point, plus the factors) and the two sums along y */
    return (double)n * 3.0 * wx + 2.0 * (double)(2 * sg.r + 3) * (double)g->nx * (double)g->ny;
}

/* |g''(u)| sigma^2 for g(u) = exp(-u^2 / (2 sigma^2)), u in sigma units */
static double gpp(double u)
{
    return fabs(u * u - 1.0) * exp(-0.5 * u * u);
}

/* The bound kernel at node offset t (|t| <= r + 1), per unit of the node value: delta^2 / 8 times
 * the largest |g''| over [(|t| - 1) delta, (|t| + 1) delta] (the two nodes of any point whose
 * share sits at this node lie inside it); near the factors' reach the truncation (the exact sum
 * stops at 6 sigma, the factors at r delta); and the rounding of the sums, relative to g. */
static void bound_kernel(double *bk, const double *g1, const sep_grid *sg, double h, double eps)
{
    double d = sg->delta / h;
    double trunc = exp(-0.5 * pow((double)(sg->r - 1) * d, 2.0));
    for (int64_t t = 0; t <= sg->r + 1; t++) {
        double a = (double)(t - 1) * d, b = (double)(t + 1) * d;
        a = a < 0.0 ? 0.0 : a;
        /* |g''| falls on [0, 1], rises on [1, sqrt 3], falls beyond: the ends or sqrt 3 */
        double sup = fmax(gpp(a), gpp(b));
        if (a <= sqrt(3.0) && sqrt(3.0) <= b) {
            sup = fmax(sup, gpp(sqrt(3.0)));
        }
        double v = t <= sg->r ? 0.125 * d * d * sup + eps * g1[t] : 0.0;
        if (t >= sg->r - 1) {
            v += trunc;
        }
        bk[t] = v;
    }
}

/* One point: its exact factors along x, its weight split between node rows k and k + 1. */
typedef struct sep_scatter {
    const hs_grid_spec *g;
    const sep_grid *sg;
    double h, oy, idelta, rr;
    double xmin, xmax, ymin, ymax;
    const double *x, *y, *w;
    size_t n;
    const hs_kde_opts *o;
} sep_scatter;

/* Point i's lower node row k (it also feeds k + 1); -1 when the exact sum would not take it
 * (outside the kernel's reach of the grid), -2 when it is taken but lies farther than the factors
 * reach from every cell centre. */
static int64_t node_row(const sep_scatter *sc, size_t i, double *fy)
{
    const double *x = sc->x, *y = sc->y;
    if (!hs__kde_point_ok(sc->o, x, y, sc->w, i) || x[i] < sc->xmin || x[i] > sc->xmax ||
        y[i] < sc->ymin || y[i] > sc->ymax) {
        return -1;
    }
    *fy = (y[i] - sc->oy) * sc->idelta;
    return *fy >= 0.0 && *fy < (double)(sc->sg->ny - 1) ? (int64_t)*fy : -2;
}

/* One thread's share: the points whose node row k lies in [k0, k1), added to the node rows a (and
 * their absolute values to aa); row k1, which the next share also feeds, goes to edge (and
 * edge_a) instead, so no two threads write the same row. The last share's k1 is the last row. */
typedef struct sep_part {
    const sep_scatter *sc;
    double *a, *aa, *edge, *edge_a, *gx;
    int64_t k0, k1;
    int counts_far; /* this share also counts the points taken but beyond the factors' reach */
    size_t used;
} sep_part;

HS__CLONES static void *scatter(void *arg)
{
    sep_part *p = arg;
    const sep_scatter *sc = p->sc;
    const hs_grid_spec *g = sc->g;
    const double *x = sc->x, *w = sc->w;
    double c = g->cell, h = sc->h, inv = 0.5 / (h * h), *gx = p->gx;
    double norm = 0.15915494309189533577 / (h * h);
    size_t m = 0;
    for (size_t i = 0; i < sc->n; i++) {
        double fy = 0.0;
        int64_t k = node_row(sc, i, &fy);
        if (k < p->k0 || k >= p->k1) {
            m += k == -2 && p->counts_far;
            continue;
        }
        m++;
        double fx = (x[i] - g->x0) / c - 0.5;
        int64_t ix0 = (int64_t)ceil(fx - sc->rr), ix1 = (int64_t)floor(fx + sc->rr);
        ix0 = ix0 < 0 ? 0 : ix0;
        ix1 = ix1 > g->nx - 1 ? g->nx - 1 : ix1;
        if (ix0 > ix1) {
            continue;
        }
        int64_t len = ix1 - ix0 + 1;
        double d0 = g->x0 + ((double)ix0 + 0.5) * c - x[i];
        if (c <= h) {
            hs__gauss_seq(gx, len, d0, c, inv);
        } else {
            hs__gauss_direct(gx, len, d0, c, inv);
        }
        double ty = fy - (double)k, wi = (w ? w[i] : 1.0) * norm;
        double f0 = wi * (1.0 - ty), f1 = wi * ty;
        int at_edge = p->edge && k + 1 == p->k1;
        double *restrict r0 = p->a + k * g->nx + ix0;
        double *restrict r1 = at_edge ? p->edge + ix0 : r0 + g->nx;
        for (int64_t q = 0; q < len; q++) {
            r0[q] += f0 * gx[q];
            r1[q] += f1 * gx[q];
        }
        if (p->aa) {
            double *restrict b0 = p->aa + k * g->nx + ix0;
            double *restrict b1 = at_edge ? p->edge_a + ix0 : b0 + g->nx;
            double af0 = fabs(f0), af1 = fabs(f1);
            for (int64_t q = 0; q < len; q++) {
                b0[q] += af0 * gx[q];
                b1[q] += af1 * gx[q];
            }
        }
    }
    p->used = m;
    return NULL;
}

/* Scatters every point into the node rows a (and aa) with nt threads, each taking a band of
 * rows that holds about as many points as the others; returns HS_ENOMEM or HS_OK. */
static int scatter_all(double *a, double *aa, const sep_scatter *sc, int nt, int64_t wx,
                       size_t *used)
{
    const hs_grid_spec *g = sc->g;
    int64_t ny = sc->sg->ny;
    size_t gxn = (size_t)(wx < g->nx + 1 ? wx : g->nx + 1);
    int64_t *cut = calloc((size_t)nt + 1, sizeof *cut);
    size_t *hist = nt > 1 ? calloc((size_t)ny, sizeof *hist) : NULL;
    double *gx = malloc((size_t)nt * gxn * sizeof *gx);
    double *edge = nt > 1 ? calloc((size_t)(2 * (nt - 1) * g->nx), sizeof *edge) : NULL;
    if (!cut || !gx || (nt > 1 && (!hist || !edge))) {
        free(cut);
        free(hist);
        free(gx);
        free(edge);
        return HS_ENOMEM;
    }
    cut[nt] = ny;
    if (nt > 1) { /* bands of about n / nt points each */
        size_t total = 0;
        for (size_t i = 0; i < sc->n; i++) {
            double fy;
            int64_t k = node_row(sc, i, &fy);
            if (k >= 0) {
                hist[k]++;
                total++;
            }
        }
        size_t acc = 0;
        int t = 1;
        for (int64_t k = 0; k < ny && t < nt; k++) {
            acc += hist[k];
            while (t < nt && acc * (size_t)nt >= total * (size_t)t) {
                cut[t++] = k + 1;
            }
        }
        for (; t < nt; t++) {
            cut[t] = ny;
        }
    }
    sep_part parts[64];
    pthread_t tid[64];
    int started[64] = {0};
    for (int t = 0; t < nt; t++) {
        int last = t == nt - 1;
        parts[t] = (sep_part){sc,
                              a,
                              aa,
                              last ? NULL : edge + (size_t)(2 * t) * (size_t)g->nx,
                              last || !aa ? NULL : edge + (size_t)(2 * t + 1) * (size_t)g->nx,
                              gx + (size_t)t * gxn,
                              cut[t],
                              cut[t + 1],
                              t == 0,
                              0};
    }
    for (int t = 1; t < nt; t++) {
        started[t] = pthread_create(&tid[t], NULL, scatter, &parts[t]) == 0;
        if (!started[t]) {
            scatter(&parts[t]);
        }
    }
    scatter(&parts[0]);
    size_t m = parts[0].used;
    for (int t = 1; t < nt; t++) {
        if (started[t]) {
            pthread_join(tid[t], NULL);
        }
        m += parts[t].used;
    }
    for (int t = 0; t + 1 < nt; t++) { /* the rows two bands share */
        int64_t k = cut[t + 1];
        if (k >= ny) {
            continue;
        }
        const double *e = parts[t].edge, *ea = parts[t].edge_a;
        for (int64_t q = 0; q < g->nx; q++) {
            a[k * g->nx + q] += e[q];
            if (aa) {
                aa[k * g->nx + q] += ea[q];
            }
        }
    }
    *used = m;
    free(cut);
    free(hist);
    free(gx);
    free(edge);
    return HS_OK;
}

/* The sums along y for cell rows iy0 .. iy1 - 1: the density with the factors g1, the bound
 * with the bound kernel bk (from the |w| rows ab). */
typedef struct sep_job {
    const hs_grid_spec *g;
    const sep_grid *sg;
    const double *a, *ab, *g1, *bk;
    double *out;
    float *bound;
    double *acc; /* nx */
    int64_t iy0, iy1;
} sep_job;

HS__CLONES static void *sum_rows(void *arg)
{
    sep_job *j = arg;
    int64_t nx = j->g->nx, r = j->sg->r;
    double *restrict acc = j->acc;
    for (int64_t iy = j->iy0; iy < j->iy1; iy++) {
        int64_t cy = j->sg->pad + (int64_t)j->sg->s * iy;
        double *restrict o = j->out + iy * nx;
        for (int64_t q = 0; q < nx; q++) {
            o[q] = 0.0;
            acc[q] = 0.0;
        }
        if (!j->bound) {
            for (int64_t t = -r; t <= r; t++) {
                const double *restrict row = j->a + (cy + t) * nx;
                double f = j->g1[t < 0 ? -t : t];
                for (int64_t q = 0; q < nx; q++) {
                    o[q] += f * row[q];
                }
            }
            continue;
        }
        if (j->ab == j->a) { /* weights of one sign: both sums in one pass */
            for (int64_t t = -r; t <= r; t++) {
                const double *restrict row = j->a + (cy + t) * nx;
                double f = j->g1[t < 0 ? -t : t], fb = j->bk[t < 0 ? -t : t];
                for (int64_t q = 0; q < nx; q++) {
                    o[q] += f * row[q];
                    acc[q] += fb * row[q];
                }
            }
        } else {
            for (int64_t t = -r; t <= r; t++) {
                const double *restrict row = j->a + (cy + t) * nx;
                const double *restrict rb = j->ab + (cy + t) * nx;
                double f = j->g1[t < 0 ? -t : t], fb = j->bk[t < 0 ? -t : t];
                for (int64_t q = 0; q < nx; q++) {
                    o[q] += f * row[q];
                    acc[q] += fb * rb[q];
                }
            }
        }
        const double *lo = j->ab + (cy - r - 1) * nx, *hi = j->ab + (cy + r + 1) * nx;
        float *b = j->bound + iy * nx;
        for (int64_t q = 0; q < nx; q++) {
            double v = acc[q] + j->bk[r + 1] * (fabs(lo[q]) + fabs(hi[q]));
            /* rounded up so the float never falls below the double */
            b[q] = (float)(v * (1.0 + 1e-6));
        }
    }
    return NULL;
}

int hs__kde_sep(double *out, float *bound, hs_ctx *ctx, const hs_grid_spec *g, const double *x,
                const double *y, const double *w, size_t n, double h, int s, const hs_kde_opts *o,
                size_t *used)
{
    sep_grid sg;
    sep_make(&sg, g, h, s);
    if (sg.ny * g->nx > SEP_MAX_VALUES) {
        return hs__error(ctx, HS_ELIMIT, "kde: %lld node rows of %lld cells are too many to bin",
                         (long long)sg.ny, (long long)g->nx);
    }
    int mixed = 0;
    for (size_t i = 0; bound && w && i < n && !mixed; i++) {
        mixed = w[i] < 0;
    }
    size_t vals = (size_t)(sg.ny * g->nx);
    double *a = hs__calloc_big(vals, sizeof *a),
           *aa = mixed ? hs__calloc_big(vals, sizeof *aa) : NULL;
    double *g1 = malloc((size_t)(sg.r + 2) * sizeof *g1),
           *bk = malloc((size_t)(sg.r + 2) * sizeof *bk);
    int64_t wx = 2 * (int64_t)ceil(HS_KDE_GAUSS_CUTOFF * h / g->cell) + 3;
    int nt = hs__threads_for(ctx, (size_t)(g->ny / 8 + 1));
    double *acc = malloc((size_t)(nt * g->nx) * sizeof *acc);
    int rc = a && (!mixed || aa) && g1 && bk && acc ? HS_OK : HS_ENOMEM;
    size_t m = 0;
    if (rc == HS_OK) {
        double reach = hs_kernel_radius(HS_KERNEL_GAUSSIAN, h);
        sep_scatter sc = {g,
                          &sg,
                          h,
                          g->y0 + 0.5 * g->cell - (double)sg.pad * sg.delta,
                          1.0 / sg.delta,
                          HS_KDE_GAUSS_CUTOFF * h / g->cell,
                          g->x0 - reach,
                          g->x0 + (double)g->nx * g->cell + reach,
                          g->y0 - reach,
                          g->y0 + (double)g->ny * g->cell + reach,
                          x,
                          y,
                          w,
                          n,
                          o};
        /* a band per thread only where each gets enough points to pay for the start */
        rc = scatter_all(a, aa, &sc, hs__threads_for(ctx, n / 50000 + 1), wx, &m);
    }
    if (rc == HS_OK) {
        if (used) {
            *used = m;
        }
        for (int64_t t = 0; t <= sg.r + 1; t++) {
            double u = (double)t * sg.delta / h;
            g1[t] = exp(-0.5 * u * u);
        }
        /* rounding: each sum adds at most m + 2r + 3 products of factors good to a few ulps (the
         * x factors by recurrence: 2 ulps a step), for this sum and the exact one alike */
        double steps = (double)m + 2.0 * (double)sg.r + 16.0 + 4.0 * (double)wx;
        bound_kernel(bk, g1, &sg, h, 2.0 * steps * DBL_EPSILON);
        sep_job jobs[64];
        pthread_t tid[64];
        int started[64] = {0};
        for (int t = 0; t < nt; t++) {
            jobs[t] = (sep_job){g,
                                &sg,
                                a,
                                mixed ? aa : a,
                                g1,
                                bk,
                                out,
                                bound,
                                acc + t * g->nx,
                                g->ny * t / nt,
                                g->ny * (t + 1) / nt};
        }
        for (int t = 1; t < nt; t++) {
            started[t] = pthread_create(&tid[t], NULL, sum_rows, &jobs[t]) == 0;
            if (!started[t]) {
                sum_rows(&jobs[t]);
            }
        }
        sum_rows(&jobs[0]);
        for (int t = 1; t < nt; t++) {
            if (started[t]) {
                pthread_join(tid[t], NULL);
            }
        }
    }
    free(a);
    free(aa);
    free(g1);
    free(bk);
    free(acc);
    if (rc) {
        return hs__error(ctx, rc, "kde: out of memory for %lld node rows of %lld cells",
                         (long long)sg.ny, (long long)g->nx);
    }
    return HS_OK;
}
