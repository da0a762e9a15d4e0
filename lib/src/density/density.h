/*
 * Private to the density module: the kernel profile (inline, for the scatter loops), the point
 * filter, the exact scatter (kde.c), the binned method (kde_binned.c), the FFT convolution
 * (convolve_fftw.c) and the edge correction (kde_edge.c). Plain C over arrays; includes only the
 * core.
 */
#ifndef HS_DENSITY_PRIVATE_H
#define HS_DENSITY_PRIVATE_H

#include "core/hs_internal.h"

#include <math.h>

/* Hot loops compiled twice, for AVX2 and for the baseline, the loader picking one (kde.c,
 * kde_binned.c); HS__INLINE forces inlining into such a function. */
#if defined(__GNUC__) && !defined(__clang__) && defined(__x86_64__) && defined(__ELF__)
#define HS__CLONES __attribute__((target_clones("avx2", "default")))
#define HS__INLINE __attribute__((always_inline)) inline
#else
#define HS__CLONES
#define HS__INLINE inline
#endif
/* Kernel profile as a function of t = (d/h)^2, without the 1/h^2 factor; 0 for t >= 1. */
static inline double hs__kernel_profile(hs_kernel k, double t)
{
    const double inv_pi = 0.31830988618379067154;
    if (k == HS_KERNEL_GAUSSIAN) {
        return 0.5 * inv_pi * exp(-0.5 * t);
    }
    if (!(t < 1.0)) {
        return 0.0;
    }
    double s = 1.0 - t;
    switch (k) {
    case HS_KERNEL_QUARTIC:
        return 3.0 * inv_pi * s * s;
    case HS_KERNEL_EPANECHNIKOV:
        return 2.0 * inv_pi * s;
    case HS_KERNEL_TRIWEIGHT:
        return 4.0 * inv_pi * s * s * s;
    case HS_KERNEL_TRIANGULAR:
        return 3.0 * inv_pi * (1.0 - sqrt(t));
    case HS_KERNEL_UNIFORM:
        return inv_pi;
    case HS_KERNEL_GAUSSIAN:
        break;
    }
    return 0.0;
}
/* gx[k] = exp(-(d0 + k c)^2 inv) for k < n by the recurrence e_{k+1} = e_k r_k, r_{k+1} = r_k q:
 * three exp calls instead of n. The relative error grows by about two ulps a step (3e-12 after
 * 12 000 steps). Used when the cell is not wider than sigma, so r stays far from overflow. */
static HS__INLINE void hs__gauss_seq(double *gx, int64_t n, double d0, double c, double inv)
{
    double e = exp(-d0 * d0 * inv), r = exp(-(2.0 * d0 * c + c * c) * inv);
    double q = exp(-2.0 * c * c * inv);
    if (n < 24) {
        for (int64_t k = 0; k < n; k++) {
            gx[k] = e;
            e *= r;
            r *= q;
        }
        return;
    }
    /* Eight chains of step 8 side by side instead of one of step 1: the same products, a
     * shorter dependency chain and fewer roundings per value. Lane k moves by the product of the
     * ratios r_k .. r_(k+7), which itself moves by q^64; neighbour lanes differ by q^8. */
    double lane[8], q8 = q * q;
    q8 *= q8;
    q8 *= q8;
    double q64 = q8 * q8;
    q64 *= q64;
    q64 *= q64;
    lane[0] = 1.0;
    for (int k = 0; k < 8; k++) {
        gx[k] = e;
        e *= r;
        lane[0] *= r;
        r *= q;
    }
    for (int k = 1; k < 8; k++) {
        lane[k] = lane[k - 1] * q8;
    }
    int64_t j = 8;
    for (; j + 8 <= n; j += 8) {
        for (int k = 0; k < 8; k++) {
            gx[j + k] = gx[j - 8 + k] * lane[k];
            lane[k] *= q64;
        }
    }
    for (int k = 0; j + k < n; k++) {
        gx[j + k] = gx[j - 8 + k] * lane[k];
    }
}

static HS__INLINE void hs__gauss_direct(double *gx, int64_t n, double d0, double c, double inv)
{
    for (int64_t k = 0; k < n; k++) {
        double d = d0 + (double)k * c;
        gx[k] = exp(-d * d * inv);
    }
}

/* kde.c: 1 when point i may enter a density (local precision, finite coordinates and weight). */
HS_INTERNAL int hs__kde_point_ok(const hs_kde_opts *o, const double *x, const double *y,
                                 const double *w, size_t i);
/* kde.c: the raw density per m^2 (no units, mask or edge correction); *used = points scattered. */
HS_INTERNAL int hs__kde_scatter(double *out, hs_ctx *ctx, const hs_grid_spec *g, const double *x,
                                const double *y, const double *w, size_t n, hs_kernel kernel,
                                double h, const hs_kde_opts *o, size_t *used);
/* kde_binned.c: the raw density per m^2 by linear binning on a sub-grid and one FFT convolution;
 * bound (NULL = not wanted): per cell, the largest possible |binned - exact| per m^2;
 * *sub = the subdivision used. */
HS_INTERNAL int hs__kde_binned(double *out, float *bound, hs_ctx *ctx, const hs_grid_spec *g,
                               const double *x, const double *y, const double *w, size_t n,
                               hs_kernel kernel, double h, const hs_kde_opts *o, size_t *used,
                               int *sub);
/* kde_sep.c: a Gaussian density exact along x and binned linearly along y on nodes cell / s
 * apart; bound (NULL = not wanted): per cell, the largest possible |result - exact| per m^2.
 * hs__kde_sep_cost: its work in multiply-adds, or -1 when its node rows would not fit memory. */
HS_INTERNAL int hs__kde_sep(double *out, float *bound, hs_ctx *ctx, const hs_grid_spec *g,
                            const double *x, const double *y, const double *w, size_t n, double h,
                            int s, const hs_kde_opts *o, size_t *used);
HS_INTERNAL double hs__kde_sep_cost(const hs_grid_spec *g, size_t n, double h, int s);
/* kde.c: edge correction, units and mask applied to the raw density (and to the bound); into
 * info the peak and the largest bound of the unmasked cells, into *low (may be NULL) the largest
 * value less its bound. */
HS_INTERNAL int hs__kde_finish(double *out, float *bound, hs_kde_info *info, double *low,
                               hs_ctx *ctx, const hs_grid_spec *g, const hs_kde_opts *o, double h);
/* kde.c: HS_KDE_AUTO (hs_kde_compute): the finished density, method and note in info. */
HS_INTERNAL int hs__kde_auto(double *out, hs_kde_info *info, hs_ctx *ctx, const hs_grid_spec *g,
                             const double *x, const double *y, const double *w, size_t n,
                             const hs_kde_opts *o, double h);
/* convolve_fftw.c: a (nx * ny, row-major) convolved in place with a symmetric stencil of
 * (2r+1)^2 values; cells within r of the border see the padding wrap (keep that border empty to
 * use them). hs__convolve_cells: the doubles each of its two work arrays holds. */
HS_INTERNAL int hs__convolve(double *a, int64_t nx, int64_t ny, const double *stencil, int64_t r,
                             int threads);
HS_INTERNAL int64_t hs__convolve_cells(int64_t nx, int64_t ny, int64_t r);
/* kde_edge.c: the share of the kernel at each cell inside the window (grid or mask). */
HS_INTERNAL int hs__kde_edge(double *e, hs_ctx *ctx, const hs_grid_spec *g, hs_kernel kernel,
                             double h, const uint8_t *mask);

#endif
