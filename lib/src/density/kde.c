/*
 * Kernel density at cell centres, exact: every point adds w K(d) to each cell centre inside its
 * kernel's support. Points are bucketed by position first so that each thread scatters into a
 * narrow band of rows (cache-friendly, and a band buffer per thread instead of a full raster).
 * Units, masks and warnings are here (the kernels in kernel.c); bandwidth rules and the default
 * extent live in bandwidth.c, edge correction in kde_edge.c. No I/O.
 */
#include "core/hs_internal.h"

#include <math.h>
#include <pthread.h>

/* The scatter loops are the hot path: let GCC vectorise them even in -O2 builds. */
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC optimize("tree-vectorize", "vect-cost-model=dynamic")
#endif
#include "density/density.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define KDE_WARN_CELLS 10000000.0
#define KDE_WARN_POINTS 30

/* ---- the scatter ---- */

typedef struct scatter_job {
    const hs_grid_spec *g;
    const double *x, *y, *w;
    const size_t *order; /* point indices, sorted by row */
    size_t p0, p1;
    hs_kernel kernel;
    double h;
    int64_t row0, nrows; /* band of rows this job writes */
    double *band;        /* nrows * nx */
    int rc;
} scatter_job;

/* The cells of this job's row band within rr cells of (fx, fy) (cell-centre units); 0 when none. */
static HS__INLINE int window(int64_t *ix0, int64_t *ix1, int64_t *iy0, int64_t *iy1,
                             const scatter_job *j, double fx, double fy, double rr)
{
    *ix0 = (int64_t)ceil(fx - rr);
    *ix1 = (int64_t)floor(fx + rr);
    *iy0 = (int64_t)ceil(fy - rr);
    *iy1 = (int64_t)floor(fy + rr);
    if (*ix0 < 0) {
        *ix0 = 0;
    }
    if (*ix1 > j->g->nx - 1) {
        *ix1 = j->g->nx - 1;
    }
    if (*iy0 < j->row0) {
        *iy0 = j->row0;
    }
    if (*iy1 > j->row0 + j->nrows - 1) {
        *iy1 = j->row0 + j->nrows - 1;
    }
    return *ix0 <= *ix1 && *iy0 <= *iy1;
}

static HS__INLINE void scatter_compact(scatter_job *j, size_t i, double *gx)
{
    const hs_grid_spec *g = j->g;
    double px = j->x[i], py = j->y[i], h = j->h, c = g->cell;
    double wi = (j->w ? j->w[i] : 1.0) / (h * h);
    double inv_h2 = 1.0 / (h * h);
    double fx = (px - g->x0) / c - 0.5, fy = (py - g->y0) / c - 0.5, rr = h / c;
    int64_t ix0, ix1, iy0, iy1;
    if (!window(&ix0, &ix1, &iy0, &iy1, j, fx, fy, rr)) {
        return;
    }
    int64_t nxw = ix1 - ix0 + 1;
    for (int64_t k = 0; k < nxw; k++) {
        double dx = g->x0 + ((double)(ix0 + k) + 0.5) * c - px;
        gx[k] = dx * dx * inv_h2;
    }
    hs_kernel kern = j->kernel;
    for (int64_t iy = iy0; iy <= iy1; iy++) {
        double dy = g->y0 + ((double)iy + 0.5) * c - py;
        double ty = dy * dy * inv_h2;
        if (!(ty < 1.0)) {
            continue;
        }
        /* the columns whose centre lies inside the disc on this row: no test in the loops */
        double half = sqrt(1.0 - ty) * rr;
        int64_t a = (int64_t)ceil(fx - half), b = (int64_t)floor(fx + half);
        a = a < ix0 ? ix0 : a;
        b = b > ix1 ? ix1 : b;
        if (a > b) {
            continue;
        }
        double *restrict row = j->band + (iy - j->row0) * g->nx + a;
        const double *restrict gxr = gx + (a - ix0);
        int64_t len = b - a + 1;
        double s0 = 1.0 - ty;
        switch (kern) {
        case HS_KERNEL_QUARTIC: {
            double f = wi * 0.95492965855137201461;
            for (int64_t k = 0; k < len; k++) {
                double s = s0 - gxr[k];
                s = s > 0.0 ? s : 0.0;
                row[k] += f * s * s;
            }
            break;
        }
        case HS_KERNEL_EPANECHNIKOV: {
            double f = wi * 0.63661977236758134308;
            for (int64_t k = 0; k < len; k++) {
                double s = s0 - gxr[k];
                row[k] += f * (s > 0.0 ? s : 0.0);
            }
            break;
        }
        case HS_KERNEL_TRIWEIGHT: {
            double f = wi * 1.27323954473516268615;
            for (int64_t k = 0; k < len; k++) {
                double s = s0 - gxr[k];
                s = s > 0.0 ? s : 0.0;
                row[k] += f * s * s * s;
            }
            break;
        }
        default:
            for (int64_t k = 0; k < len; k++) {
                row[k] += wi * hs__kernel_profile(kern, gxr[k] + ty);
            }
            break;
        }
    }
}

static HS__INLINE void scatter_gauss(scatter_job *j, size_t i, double *gx)
{
    const hs_grid_spec *g = j->g;
    double px = j->x[i], py = j->y[i], h = j->h, c = g->cell;
    double wi = (j->w ? j->w[i] : 1.0) * 0.15915494309189533577 / (h * h);
    double inv = 0.5 / (h * h);
    double fx = (px - g->x0) / c - 0.5, fy = (py - g->y0) / c - 0.5;
    double rr = HS_KDE_GAUSS_CUTOFF * h / c;
    int64_t ix0, ix1, iy0, iy1;
    if (!window(&ix0, &ix1, &iy0, &iy1, j, fx, fy, rr)) {
        return;
    }
    int64_t nxw = ix1 - ix0 + 1, nyw = iy1 - iy0 + 1;
    double *gy = gx + nxw;
    void (*seq)(double *, int64_t, double, double, double) =
        c <= h ? hs__gauss_seq : hs__gauss_direct;
    seq(gx, nxw, g->x0 + ((double)ix0 + 0.5) * c - px, c, inv);
    seq(gy, nyw, g->y0 + ((double)iy0 + 0.5) * c - py, c, inv);
    for (int64_t iy = iy0; iy <= iy1; iy++) {
        double f = wi * gy[iy - iy0];
        double *restrict row = j->band + (iy - j->row0) * g->nx + ix0;
        const double *restrict gxr = gx;
        for (int64_t k = 0; k < nxw; k++) {
            row[k] += f * gxr[k];
        }
    }
}

HS__CLONES static void *scatter_run(void *arg)
{
    scatter_job *j = arg;
    double rr = hs_kernel_radius(j->kernel, j->h) / j->g->cell;
    size_t span = (size_t)(2.0 * rr + 3.0);
    size_t big = (size_t)(j->g->nx > j->g->ny ? j->g->nx : j->g->ny) + 1;
    /* room for the column factors and (Gaussian) the row factors */
    double *gx = malloc(2 * (span < big ? span : big) * sizeof *gx + sizeof *gx);
    if (!gx) {
        j->rc = HS_ENOMEM;
        return NULL;
    }
    for (size_t p = j->p0; p < j->p1; p++) {
        if (j->kernel == HS_KERNEL_GAUSSIAN) {
            scatter_gauss(j, j->order[p], gx);
        } else {
            scatter_compact(j, j->order[p], gx);
        }
    }
    free(gx);
    return NULL;
}

/* Row of a point clamped to the grid (points outside still touch edge rows). */
static int64_t point_row(const hs_grid_spec *g, double y)
{
    double f = floor((y - g->y0) / g->cell);
    if (f < 0) {
        return 0;
    }
    if (f >= (double)g->ny) {
        return g->ny - 1;
    }
    return (int64_t)f;
}

/* Sorts the usable points whose support meets the grid by tiles of 32 x 32 cells (row-major
 * tiles), so consecutive points touch nearly the same cells. */
static int order_points(size_t **order_out, size_t *m_out, const hs_grid_spec *g, const double *x,
                        const double *y, const double *w, size_t n, double radius,
                        const hs_kde_opts *o)
{
    int64_t tiles = (g->nx + 31) / 32;
    size_t nkeys = (size_t)(((g->ny + 31) / 32) * tiles);
    size_t *count = calloc(nkeys + 1, sizeof *count);
    uint32_t *key = malloc((n ? n : 1) * sizeof *key);
    if (!count || !key) {
        free(count);
        free(key);
        return HS_ENOMEM;
    }
    double xmin = g->x0 - radius, xmax = g->x0 + (double)g->nx * g->cell + radius;
    double ymin = g->y0 - radius, ymax = g->y0 + (double)g->ny * g->cell + radius;
    size_t m = 0;
    for (size_t i = 0; i < n; i++) {
        key[i] = UINT32_MAX;
        if (!hs__kde_point_ok(o, x, y, w, i) || x[i] < xmin || x[i] > xmax || y[i] < ymin ||
            y[i] > ymax) {
            continue;
        }
        double fx = floor((x[i] - g->x0) / g->cell);
        int64_t ix = fx < 0 ? 0 : (fx >= (double)g->nx ? g->nx - 1 : (int64_t)fx);
        key[i] = (uint32_t)((point_row(g, y[i]) / 32) * tiles + ix / 32);
        count[key[i] + 1]++;
        m++;
    }
    for (size_t k = 0; k < nkeys; k++) {
        count[k + 1] += count[k];
    }
    size_t *order = malloc((m ? m : 1) * sizeof *order);
    if (!order) {
        free(count);
        free(key);
        return HS_ENOMEM;
    }
    for (size_t i = 0; i < n; i++) {
        if (key[i] != UINT32_MAX) {
            order[count[key[i]]++] = i;
        }
    }
    free(count);
    free(key);
    *order_out = order;
    *m_out = m;
    return HS_OK;
}

int hs__kde_scatter(double *out, hs_ctx *ctx, const hs_grid_spec *g, const double *x,
                    const double *y, const double *w, size_t n, hs_kernel kernel, double h,
                    const hs_kde_opts *o, size_t *used)
{
    size_t ncells = (size_t)(g->nx * g->ny);
    memset(out, 0, ncells * sizeof *out);
    double radius = hs_kernel_radius(kernel, h);
    size_t *order = NULL, m = 0;
    int rc = order_points(&order, &m, g, x, y, w, n, radius, o);
    if (rc) {
        return hs__error(ctx, rc, "out of memory sorting %zu points", n);
    }
    if (used) {
        *used = m;
    }
    int nt = hs__threads_for(ctx, m / 64 + 1);
    int64_t rr = (int64_t)ceil(radius / g->cell) + 1;
    scatter_job jobs[64];
    pthread_t tid[64];
    int started[64] = {0};
    for (int t = 0; t < nt; t++) {
        scatter_job *j = &jobs[t];
        memset(j, 0, sizeof *j);
        j->g = g;
        j->x = x;
        j->y = y;
        j->w = w;
        j->order = order;
        j->p0 = m * (size_t)t / (size_t)nt;
        j->p1 = m * (size_t)(t + 1) / (size_t)nt;
        j->kernel = kernel;
        j->h = h;
        if (nt == 1) {
            j->row0 = 0;
            j->nrows = g->ny;
            j->band = out;
            continue;
        }
        /* points are sorted by bands of 32 rows: the job spans whole bands */
        int64_t ra = j->p1 > j->p0 ? point_row(g, y[order[j->p0]]) / 32 * 32 - rr : 0;
        int64_t rb = j->p1 > j->p0 ? point_row(g, y[order[j->p1 - 1]]) / 32 * 32 + 31 + rr : -1;
        j->row0 = ra < 0 ? 0 : ra;
        j->nrows = (rb >= g->ny ? g->ny - 1 : rb) - j->row0 + 1;
        if (j->nrows < 0) {
            j->nrows = 0;
        }
        j->band = calloc((size_t)(j->nrows * g->nx) + 1, sizeof *j->band);
        if (!j->band) {
            rc = HS_ENOMEM;
        }
    }
    for (int t = 0; t < nt && rc == HS_OK; t++) {
        if (nt == 1) {
            scatter_run(&jobs[t]);
        } else if (pthread_create(&tid[t], NULL, scatter_run, &jobs[t]) == 0) {
            started[t] = 1;
        } else {
            scatter_run(&jobs[t]);
        }
    }
    for (int t = 0; t < nt; t++) {
        if (started[t]) {
            pthread_join(tid[t], NULL);
        }
        if (rc == HS_OK && jobs[t].rc) {
            rc = jobs[t].rc;
        }
    }
    if (nt > 1) {
        for (int t = 0; t < nt; t++) {
            scatter_job *j = &jobs[t];
            if (rc == HS_OK && j->band) {
                double *dst = out + j->row0 * g->nx;
                size_t len = (size_t)(j->nrows * g->nx);
                for (size_t k = 0; k < len; k++) {
                    dst[k] += j->band[k];
                }
            }
            free(j->band);
        }
    }
    free(order);
    if (rc) {
        return hs__error(ctx, rc, "kernel density: out of memory");
    }
    return HS_OK;
}

/* ---- HS_KDE_AUTO: the Gaussian binned along y (kde_sep.c) when its stated bound is within
 * HS_KDE_AUTO_TOLERANCE of the peak and it costs less than the exact sum, else the exact sum ----
 */

#define AUTO_TRIES 3

static int odd_ceil(double v)
{
    if (!(v < 1e6)) {
        return 1000001;
    }
    int s = (int)ceil(v);
    s = s < 1 ? 1 : s;
    return s % 2 ? s : s + 1;
}

static int run_exact(double *out, hs_kde_info *info, hs_ctx *ctx, const hs_grid_spec *g,
                     const double *x, const double *y, const double *w, size_t n,
                     const hs_kde_opts *o, double h)
{
    int rc = hs__kde_scatter(out, ctx, g, x, y, w, n, o->kernel, h, o, &info->used);
    rc = rc ? rc : hs__kde_finish(out, NULL, info, NULL, ctx, g, o, h);
    info->method = HS_KDE_EXACT;
    info->subdivision = 0;
    info->binned_y_only = 0;
    info->error_bound = 0.0;
    hs__log(ctx, HS_LOG_DEBUG, "kde: method auto: exact (%s)", info->note);
    return rc;
}

int hs__kde_auto(double *out, hs_kde_info *info, hs_ctx *ctx, const hs_grid_spec *g,
                 const double *x, const double *y, const double *w, size_t n, const hs_kde_opts *o,
                 double h)
{
    double tol = HS_KDE_AUTO_TOLERANCE;
    if (o->kernel != HS_KERNEL_GAUSSIAN) {
        hs__fmt(info->note, sizeof info->note,
                "the %s kernel has no binned bound within %.0e of the peak",
                hs_kernel_name(o->kernel), tol);
        return run_exact(out, info, ctx, g, x, y, w, n, o, h);
    }
    double wx = fmin(2.0 * floor(HS_KDE_GAUSS_CUTOFF * h / g->cell) + 1.0, (double)g->nx);
    double wy = fmin(2.0 * floor(HS_KDE_GAUSS_CUTOFF * h / g->cell) + 1.0, (double)g->ny);
    double exact_cost = (double)n * wx * wy;
    size_t nc = (size_t)(g->nx * g->ny);
    float *bound = malloc(nc * sizeof *bound);
    if (!bound) {
        return hs__error(ctx, HS_ENOMEM, "kernel density: out of memory (error bound)");
    }
    /* the bound is about 0.12 (delta / sigma)^2 of the density near its peak */
    int s = odd_ceil(g->cell / h * sqrt(0.12 / tol));
    double ratio = 0.0;
    for (int tries = 0; tries < AUTO_TRIES; tries++) {
        double cost = hs__kde_sep_cost(g, n, h, s);
        if (cost < 0 || cost >= exact_cost) {
            hs__fmt(info->note, sizeof info->note,
                    "binning along y to %.0e of the peak needs 1/%d of the cell%s", tol, s,
                    cost < 0 ? ", too many node rows" : ", more work than the exact sum");
            break;
        }
        double low = 0.0;
        int rc = hs__kde_sep(out, bound, ctx, g, x, y, w, n, h, s, o, &info->used);
        rc = rc ? rc : hs__kde_finish(out, bound, info, &low, ctx, g, o, h);
        if (rc) {
            free(bound);
            return rc;
        }
        ratio = low > 0 ? info->error_bound / low : INFINITY;
        if (ratio <= tol) {
            info->method = HS_KDE_BINNED;
            info->subdivision = s;
            info->binned_y_only = 1;
            hs__fmt(info->note, sizeof info->note,
                    "binned along y on nodes %g m apart (1/%d of the cell), exact along x: "
                    "error bound %.2g of the peak, within %.0e",
                    g->cell / s, s, ratio, tol);
            hs__log(ctx, HS_LOG_DEBUG, "kde: method auto: %s", info->note);
            free(bound);
            return HS_OK;
        }
        hs__log(ctx, HS_LOG_DEBUG,
                "kde: auto: 1/%d of the cell bounds the error at %.2g of the peak", s, ratio);
        if (!isfinite(ratio)) {
            hs__fmt(info->note, sizeof info->note, "no positive peak to bound against");
            break;
        }
        hs__fmt(info->note, sizeof info->note,
                "binning along y stays above %.0e of the peak (%.2g at 1/%d of the cell)", tol,
                ratio, s);
        int next = odd_ceil(s * sqrt(ratio / tol) * 1.02);
        s = next > s ? next : s + 2;
    }
    free(bound);
    return run_exact(out, info, ctx, g, x, y, w, n, o, h);
}

int hs_kde_run(double *out, hs_ctx *ctx, const hs_grid_spec *g, const double *x, const double *y,
               const double *w, size_t n, const hs_kde_opts *opts)
{
    return hs_kde_compute(out, NULL, ctx, g, x, y, w, n, opts);
}

static void kde_warnings(hs_ctx *ctx, const hs_grid_spec *g, const hs_kde_opts *o, double h,
                         const char *how)
{
    hs__log(ctx, HS_LOG_DEBUG,
            "kde: kernel %s, bandwidth %.1f m (%s), cell %g m, %lld x %lld cells, %s",
            hs_kernel_name(o->kernel), h, how, g->cell, (long long)g->nx, (long long)g->ny,
            o->version < 2               ? "exact"
            : o->method == HS_KDE_BINNED ? "binned"
            : o->method == HS_KDE_AUTO   ? "auto"
                                         : "exact");
    if (h < g->cell) {
        hs__log(ctx, HS_LOG_WARN,
                "kde: bandwidth %.1f m is smaller than the cell (%g m): the surface shows single "
                "points, not concentrations",
                h, g->cell);
    }
    if ((double)g->nx * (double)g->ny > KDE_WARN_CELLS) {
        hs__log(ctx, HS_LOG_WARN, "kde: the grid has %.0f cells (over 10 million): check --cell",
                (double)g->nx * (double)g->ny);
    }
}

int hs__kde_finish(double *out, float *bound, hs_kde_info *info, double *low, hs_ctx *ctx,
                   const hs_grid_spec *g, const hs_kde_opts *o, double h)
{
    size_t nc = (size_t)(g->nx * g->ny);
    if (o->edge) {
        double *e = malloc(nc * sizeof *e);
        if (!e) {
            return hs__error(ctx, HS_ENOMEM, "kernel density: out of memory (edge correction)");
        }
        int rc = hs__kde_edge(e, ctx, g, o->kernel, h, o->mask);
        for (size_t k = 0; rc == HS_OK && k < nc; k++) {
            out[k] = e[k] > 0 ? out[k] / e[k] : out[k];
            if (bound && e[k] > 0) {
                bound[k] = (float)(bound[k] / e[k]);
            }
        }
        free(e);
        if (rc) {
            return rc;
        }
    }
    double scale = o->units == HS_KDE_PER_KM2    ? 1e6
                   : o->units == HS_KDE_PER_CELL ? g->cell * g->cell
                                                 : 1.0;
    double peak = 0.0, worst = 0.0, lo = 0.0;
    for (size_t k = 0; k < nc; k++) {
        if (o->mask && !o->mask[k]) {
            out[k] = o->nodata;
            continue;
        }
        out[k] *= scale;
        peak = out[k] > peak ? out[k] : peak;
        if (bound) {
            double b = (double)bound[k] * scale;
            worst = b > worst ? b : worst;
            lo = out[k] - b > lo ? out[k] - b : lo;
        }
    }
    if (low) {
        *low = lo;
    }
    if (info) {
        info->peak = peak;
        info->error_bound = worst;
    }
    return HS_OK;
}

int hs_kde_compute(double *out, hs_kde_info *info, hs_ctx *ctx, const hs_grid_spec *g,
                   const double *x, const double *y, const double *w, size_t n,
                   const hs_kde_opts *opts)
{
    hs_kde_opts defaults = HS_KDE_OPTS_INIT;
    const hs_kde_opts *o = opts ? opts : &defaults;
    if (!out || !g || !(g->cell > 0) || g->nx <= 0 || g->ny <= 0 || (n && (!x || !y))) {
        return hs__error(ctx, HS_EINVAL, "kernel density: invalid grid or arguments");
    }
    if ((double)g->ny * (double)g->nx / 1024.0 >= 4e9) {
        return hs__error(ctx, HS_ELIMIT, "kernel density: grid of %lld x %lld cells is too large",
                         (long long)g->nx, (long long)g->ny);
    }
    double h = o->bandwidth;
    const char *how = "given";
    if (!(h > 0)) {
        int rc = hs_kde_bandwidth(&h, ctx, x, y, w, n, o);
        if (rc) {
            return rc;
        }
        how = hs_bw_rule_name(o->rule);
    }
    if (!isfinite(h)) {
        return hs__error(ctx, HS_EINVAL, "kernel density: bandwidth is not finite");
    }
    kde_warnings(ctx, g, o, h, how);
    if (o->version >= 2 && o->method == HS_KDE_AUTO) {
        hs_kde_info mine;
        hs_kde_info *in = info ? info : &mine;
        memset(in, 0, sizeof *in);
        int rc = hs__kde_auto(out, in, ctx, g, x, y, w, n, o, h);
        if (rc == HS_OK && in->used < KDE_WARN_POINTS) {
            hs__log(ctx, HS_LOG_WARN,
                    "kde: only %zu points reach the grid (fewer than %d): the surface is "
                    "unreliable",
                    in->used, KDE_WARN_POINTS);
        }
        in->bandwidth = h;
        return rc ? rc : hs__progress(ctx, "kde", 1.0);
    }
    int binned = o->version >= 2 && o->method == HS_KDE_BINNED;
    size_t used = 0, nc = (size_t)(g->nx * g->ny);
    int sub = 0, rc;
    float *bound = NULL;
    if (binned) {
        bound = info ? malloc(nc * sizeof *bound) : NULL;
        if (info && !bound) {
            return hs__error(ctx, HS_ENOMEM, "kernel density: out of memory (error bound)");
        }
        rc = hs__kde_binned(out, bound, ctx, g, x, y, w, n, o->kernel, h, o, &used, &sub);
    } else {
        rc = hs__kde_scatter(out, ctx, g, x, y, w, n, o->kernel, h, o, &used);
    }
    if (rc == HS_OK && used < KDE_WARN_POINTS) {
        hs__log(ctx, HS_LOG_WARN,
                "kde: only %zu points reach the grid (fewer than %d): the surface is unreliable",
                used, KDE_WARN_POINTS);
    }
    if (rc == HS_OK) {
        rc = hs__kde_finish(out, bound, info, NULL, ctx, g, o, h);
    }
    free(bound);
    if (rc) {
        return rc;
    }
    if (info) {
        info->bandwidth = h;
        info->used = used;
        info->subdivision = sub;
        info->method = binned ? HS_KDE_BINNED : HS_KDE_EXACT;
        info->binned_y_only = 0;
        hs__fmt(info->note, sizeof info->note, "%s (asked for)", binned ? "binned" : "exact");
    }
    return hs__progress(ctx, "kde", 1.0);
}
