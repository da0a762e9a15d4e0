/*
 * Binned kernel density (HS_KDE_BINNED): the points are spread linearly (bilinear weights) onto
 * the four nodes around them of a sub-grid of spacing delta = cell / s (s odd, so every cell
 * centre is a node), the node weights are convolved once with the kernel's exact values at the
 * node offsets (FFT, convolve_fftw.c) and the result is read at the cell centres. For one point the
 * value at a cell is the bilinear interpolant of the kernel between the point's four nodes, which
 * bounds the error by delta^2/8 (sup|K_xx| + sup|K_yy|) per unit weight; the bound per cell sums
 * it over the points within reach (kde.h, hs_kde_compute). Plain C over arrays.
 */
#include "core/hs_internal.h"
#include "density/density.h"

#include <math.h>

/* The sums are the hot path: let GCC vectorise them even in -O2 builds. */
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC optimize("tree-vectorize", "vect-cost-model=dynamic")
#endif
#include <stdlib.h>
#include <string.h>

#define SUB_MAX 15
#define NODES_MAX ((int64_t)1 << 25)

/* c with: binning error per point <= |w| K(0) c delta^2 / h^2; 0 = no bound (kernel not C1 with a
 * bounded second derivative). */
static double bound_coef(hs_kernel k)
{
    switch (k) {
    case HS_KERNEL_QUARTIC:
        return 2.0; /* sup|K_xx| = 8 K(0) / h^2 at the rim */
    case HS_KERNEL_TRIWEIGHT:
        return 1.5; /* sup|K_xx| = 6 K(0) / h^2 at the centre */
    case HS_KERNEL_GAUSSIAN:
        return 0.25; /* sup|K_xx| = K(0) / sigma^2 at the centre */
    default:
        return 0.0;
    }
}

/* The sub-grid: node (j, k) lies at (x0 + cell/2 + (j - pad) delta, y0 + cell/2 + (k - pad)
 * delta); cell (ix, iy) is node (pad + s ix, pad + s iy). */
typedef struct subgrid {
    int s;
    double delta;
    int64_t r;   /* stencil radius in nodes */
    int64_t pad; /* nodes left of (below) the first cell centre */
    int64_t nx, ny;
} subgrid;

static void subgrid_make(subgrid *sg, const hs_grid_spec *g, int s, double radius)
{
    sg->s = s;
    sg->delta = g->cell / (double)s;
    sg->r = (int64_t)floor(radius / sg->delta * (1.0 + 1e-12));
    sg->pad = sg->r + 1;
    sg->nx = (int64_t)s * (g->nx - 1) + 1 + 2 * sg->pad;
    sg->ny = (int64_t)s * (g->ny - 1) + 1 + 2 * sg->pad;
}

/* The kernel at every node offset (a, b), |a|, |b| <= r; Gaussian: the square window of
 * HS_KDE_GAUSS_CUTOFF sigma, as the exact sum uses. */
static double *stencil_make(const subgrid *sg, hs_kernel k, double h)
{
    int64_t w = 2 * sg->r + 1;
    double *st = malloc((size_t)(w * w) * sizeof *st);
    if (!st) {
        return NULL;
    }
    for (int64_t b = -sg->r; b <= sg->r; b++) {
        for (int64_t a = -sg->r; a <= sg->r; a++) {
            double d = sg->delta * sqrt((double)(a * a + b * b));
            st[(b + sg->r) * w + (a + sg->r)] = hs_kernel_value(k, d, h);
        }
    }
    return st;
}

/* A point in sub-grid node units, with its weight. */
typedef struct bpt {
    double fx, fy, w;
} bpt;

#define TILE 64 /* nodes per side of the tiles the points are sorted by */

/* The usable points within the sub-grid's reach, in node units, sorted by tiles of TILE x TILE
 * nodes (a counting sort: the reads are sequential and the writes go to one stream per tile), so
 * binning them touches one tile of memory at a time. */
static int sort_points(bpt **out, size_t *m_out, const subgrid *sg, const hs_grid_spec *g,
                       const double *x, const double *y, const double *w, size_t n,
                       const hs_kde_opts *o)
{
    double ox = g->x0 + 0.5 * g->cell - (double)sg->pad * sg->delta;
    double oy = g->y0 + 0.5 * g->cell - (double)sg->pad * sg->delta;
    double inv = 1.0 / sg->delta;
    int64_t tx = (sg->nx + TILE - 1) / TILE, ty = (sg->ny + TILE - 1) / TILE;
    size_t ntiles = (size_t)(tx * ty);
    uint32_t *key = malloc((n ? n : 1) * sizeof *key);
    size_t *count = calloc(ntiles + 1, sizeof *count);
    if (!key || !count) {
        free(key);
        free(count);
        return HS_ENOMEM;
    }
    size_t m = 0;
    for (size_t i = 0; i < n; i++) {
        key[i] = UINT32_MAX;
        if (!hs__kde_point_ok(o, x, y, w, i)) {
            continue;
        }
        double fx = (x[i] - ox) * inv, fy = (y[i] - oy) * inv;
        /* a point beyond the outer nodes is farther than the kernel's reach from every centre */
        if (!(fx >= 0.0 && fx < (double)(sg->nx - 1) && fy >= 0.0 && fy < (double)(sg->ny - 1))) {
            continue;
        }
        key[i] = (uint32_t)(((int64_t)fy / TILE) * tx + (int64_t)fx / TILE);
        count[key[i] + 1]++;
        m++;
    }
    for (size_t k = 0; k < ntiles; k++) {
        count[k + 1] += count[k];
    }
    bpt *p = malloc((m ? m : 1) * sizeof *p);
    if (!p) {
        free(key);
        free(count);
        return HS_ENOMEM;
    }
    for (size_t i = 0; i < n; i++) {
        if (key[i] != UINT32_MAX) {
            p[count[key[i]]++] = (bpt){(x[i] - ox) * inv, (y[i] - oy) * inv, w ? w[i] : 1.0};
        }
    }
    free(key);
    free(count);
    *out = p;
    *m_out = m;
    return HS_OK;
}

/* Spreads the points onto the four nodes around each (bilinear weights). With cells (the grid
 * grown by q cells, (ex + 1) x (ey + 1) with a zero first row and column), each point's |w| is
 * also added to the cell that holds it (from its node position: a point on a cell edge may land
 * in the neighbour, which the bound's extra cell of reach covers). */
static void bin_points(double *a, double *cells, int64_t q, const subgrid *sg,
                       const hs_grid_spec *g, const bpt *p, size_t m)
{
    int64_t ex = g->nx + 2 * q, ey = g->ny + 2 * q;
    for (size_t i = 0; i < m; i++) {
        int64_t j = (int64_t)p[i].fx, k = (int64_t)p[i].fy;
        double tx = p[i].fx - (double)j, ty = p[i].fy - (double)k, wi = p[i].w;
        double *n0 = a + k * sg->nx + j;
        n0[0] += wi * (1.0 - tx) * (1.0 - ty);
        n0[1] += wi * tx * (1.0 - ty);
        n0[sg->nx] += wi * (1.0 - tx) * ty;
        n0[sg->nx + 1] += wi * tx * ty;
        if (cells) {
            /* node (pad, pad) is the centre of cell (0, 0) */
            double cx = floor((p[i].fx - (double)sg->pad) / sg->s + 0.5) + (double)q;
            double cy = floor((p[i].fy - (double)sg->pad) / sg->s + 0.5) + (double)q;
            if (cx >= 0 && cx < (double)ex && cy >= 0 && cy < (double)ey) {
                cells[((int64_t)cy + 1) * (ex + 1) + (int64_t)cx + 1] += fabs(wi);
            }
        }
    }
}

/* The Gaussian stencil is separable, K(a, b) = norm g(a) g(b), and only the cell centres are
 * wanted: the node weights are summed along y at the centres' rows (contiguous rows, vectorised),
 * then along x at the centres' columns: (2r+1) (nx_nodes + nx) ny operations. */
HS__CLONES static int convolve_gauss(double *out, const double *a, const subgrid *sg,
                                     const hs_grid_spec *g, double h)
{
    int64_t r = sg->r, nxs = sg->nx;
    double *g1 = malloc((size_t)(2 * r + 1) * sizeof *g1);
    double *tmp = malloc((size_t)nxs * sizeof *tmp);
    if (!g1 || !tmp) {
        free(g1);
        free(tmp);
        return HS_ENOMEM;
    }
    for (int64_t t = -r; t <= r; t++) {
        double u = (double)t * sg->delta / h;
        g1[t + r] = exp(-0.5 * u * u);
    }
    double norm = 0.15915494309189533577 / (h * h);
    for (int64_t iy = 0; iy < g->ny; iy++) {
        int64_t cy = sg->pad + sg->s * iy;
        for (int64_t k = 0; k < nxs; k++) {
            tmp[k] = 0.0;
        }
        for (int64_t t = -r; t <= r; t++) {
            const double *restrict row = a + (cy + t) * nxs;
            double *restrict acc = tmp;
            double f = g1[t + r];
            for (int64_t k = 0; k < nxs; k++) {
                acc[k] += f * row[k];
            }
        }
        for (int64_t ix = 0; ix < g->nx; ix++) {
            const double *c = tmp + sg->pad + sg->s * ix - r;
            double s0 = 0.0, s1 = 0.0;
            int64_t t = 0;
            for (; t + 1 < 2 * r + 1; t += 2) {
                s0 += g1[t] * c[t];
                s1 += g1[t + 1] * c[t + 1];
            }
            for (; t < 2 * r + 1; t++) {
                s0 += g1[t] * c[t];
            }
            out[iy * g->nx + ix] = (s0 + s1) * norm;
        }
    }
    free(g1);
    free(tmp);
    return HS_OK;
}

/* bound[cell] = per_weight * (sum of |w| of the points within q cells of it) + floor, from the
 * cells counted by sort_points ((ex + 1) x (ey + 1), summed in place to prefix sums). */
static void bound_make(float *bound, double *p, const hs_grid_spec *g, int64_t q, double per_weight,
                       double floor_abs)
{
    int64_t ex = g->nx + 2 * q, ey = g->ny + 2 * q;
    for (int64_t r = 1; r <= ey; r++) {
        for (int64_t c = 1; c <= ex; c++) {
            p[r * (ex + 1) + c] +=
                p[(r - 1) * (ex + 1) + c] + p[r * (ex + 1) + c - 1] - p[(r - 1) * (ex + 1) + c - 1];
        }
    }
    for (int64_t iy = 0; iy < g->ny; iy++) {
        /* cell (ix, iy) is (ix + q, iy + q) in the grown grid: the box is ix .. ix + 2q */
        const double *lo = p + iy * (ex + 1), *hi = p + (iy + 2 * q + 1) * (ex + 1);
        for (int64_t ix = 0; ix < g->nx; ix++) {
            double s = hi[ix + 2 * q + 1] - hi[ix] - lo[ix + 2 * q + 1] + lo[ix];
            bound[iy * g->nx + ix] = (float)(per_weight * s + floor_abs);
        }
    }
}

/* The smallest odd s with c (cell / s)^2 / h^2 <= tol whose sub-grid fits NODES_MAX. */
static int choose_sub(subgrid *sg, hs_ctx *ctx, const hs_grid_spec *g, double coef, double h,
                      double radius, double tol)
{
    int want = 1;
    while (want < SUB_MAX && coef * pow(g->cell / want / h, 2.0) > tol) {
        want += 2;
    }
    for (int s = want; s >= 1; s -= 2) {
        subgrid_make(sg, g, s, radius);
        if (hs__convolve_cells(sg->nx, sg->ny, sg->r) <= NODES_MAX) {
            if (s < want || coef * pow(sg->delta / h, 2.0) > tol) {
                hs__log(ctx, HS_LOG_WARN,
                        "kde: binned on a sub-grid of %g m (1/%d of the cell): one point's error "
                        "may reach %.2g of the kernel's peak, above the tolerance %.2g",
                        sg->delta, s, coef * pow(sg->delta / h, 2.0), tol);
            }
            return HS_OK;
        }
    }
    return hs__error(ctx, HS_ELIMIT,
                     "kde: a grid of %lld x %lld cells with a %g m kernel is too large to bin "
                     "(%lld nodes over the limit of %lld); use the exact method or a larger cell",
                     (long long)g->nx, (long long)g->ny, radius,
                     (long long)hs__convolve_cells(sg->nx, sg->ny, sg->r), (long long)NODES_MAX);
}

int hs__kde_binned(double *out, float *bound, hs_ctx *ctx, const hs_grid_spec *g, const double *x,
                   const double *y, const double *w, size_t n, hs_kernel kernel, double h,
                   const hs_kde_opts *o, size_t *used, int *sub)
{
    double coef = bound_coef(kernel);
    if (coef == 0.0) {
        return hs__error(ctx, HS_EINVAL,
                         "kde: the binned method needs a smooth kernel (quartic, triweight or "
                         "gaussian); %s is computed exactly only",
                         hs_kernel_name(kernel));
    }
    double tol = o->version >= 2 && o->tolerance > 0 ? o->tolerance : HS_KDE_TOLERANCE;
    double radius = hs_kernel_radius(kernel, h);
    subgrid sg;
    int rc = choose_sub(&sg, ctx, g, coef, h, radius, tol);
    if (rc) {
        return rc;
    }
    int64_t q = (int64_t)ceil((radius + sg.delta) / g->cell + 0.5) + 1;
    int64_t ex = g->nx + 2 * q, ey = g->ny + 2 * q;
    double *cells = bound ? calloc((size_t)((ex + 1) * (ey + 1)), sizeof *cells) : NULL;
    double *a = calloc((size_t)(sg.nx * sg.ny), sizeof *a);
    bpt *pts = NULL;
    size_t m = 0;
    if (!a || (bound && !cells) || sort_points(&pts, &m, &sg, g, x, y, w, n, o) != HS_OK) {
        free(a);
        free(cells);
        return hs__error(ctx, HS_ENOMEM, "kde: out of memory for a sub-grid of %lld x %lld nodes",
                         (long long)sg.nx, (long long)sg.ny);
    }
    bin_points(a, cells, q, &sg, g, pts, m);
    double wsum = 0.0;
    for (size_t i = 0; i < m; i++) {
        wsum += fabs(pts[i].w);
    }
    free(pts);
    /* the Gaussian's separable sums at the centres, unless the FFT of the whole sub-grid is
     * cheaper (wide kernels on fine grids): operation counts, the FFT's three transforms at about
     * 2.5 N log2 N each */
    double nodes = (double)sg.nx * (double)sg.ny;
    double sep = (double)(2 * sg.r + 1) * ((double)sg.nx + (double)g->nx) * (double)g->ny;
    if (kernel == HS_KERNEL_GAUSSIAN && sep < 7.5 * nodes * log2(nodes)) {
        rc = convolve_gauss(out, a, &sg, g, h);
    } else {
        double *st = stencil_make(&sg, kernel, h);
        rc = st ? hs__convolve(a, sg.nx, sg.ny, st, sg.r,
                               hs__threads_for(ctx, (size_t)(sg.nx * sg.ny) / 65536 + 1))
                : HS_ENOMEM;
        free(st);
        for (int64_t iy = 0; rc == HS_OK && iy < g->ny; iy++) {
            const double *row = a + (sg.pad + sg.s * iy) * sg.nx + sg.pad;
            for (int64_t ix = 0; ix < g->nx; ix++) {
                out[iy * g->nx + ix] = row[sg.s * ix];
            }
        }
    }
    free(a);
    if (rc) {
        free(cells);
        return hs__error(ctx, rc, "kde: out of memory convolving %lld x %lld nodes",
                         (long long)sg.nx, (long long)sg.ny);
    }
    if (used) {
        *used = m;
    }
    if (sub) {
        *sub = sg.s;
    }
    if (!bound) {
        return HS_OK;
    }
    /* per unit weight: the interpolation bound, plus for the Gaussian the jump at its window
     * (K(0) e^-18); the floor covers the rounding of the sums (eps log2 N per unit of the
     * stencil's L1 norm, 1 / delta^2) */
    double k0 = hs_kernel_value(kernel, 0.0, h);
    double per = k0 * coef * pow(sg.delta / h, 2.0);
    if (kernel == HS_KERNEL_GAUSSIAN) {
        per += k0 * exp(-0.5 * HS_KDE_GAUSS_CUTOFF * HS_KDE_GAUSS_CUTOFF);
    }
    double fp = 1e-15 * log2((double)(sg.nx * sg.ny)) * wsum / (sg.delta * sg.delta);
    bound_make(bound, cells, g, q, per, fp);
    free(cells);
    return HS_OK;
}
