/*
 * Kernel density estimation on aligned grids: exact sums at cell centres (no binning), the
 * kernels of DOMAIN.md with their exact normalisations, bandwidth rules (ArcGIS, Scott/bw.nrd,
 * likelihood cross-validation), spatstat's uniform edge correction and the warnings an analyst
 * needs. Plain C over arrays; grid layout as in grid.h (row 0 south).
 */
#ifndef HOTSPOT_KDE_H
#define HOTSPOT_KDE_H

#include "grid.h"

#include <math.h> /* NAN in HS_KDE_OPTS_INIT */

#ifdef __cplusplus
extern "C" {
#endif

/** Kernels; all integrate to 1 over the plane (u = d/h). */
typedef enum hs_kernel {
    HS_KERNEL_QUARTIC = 0,      /**< 3/(pi h^2) (1 - u^2)^2, u < 1 (the crime-analysis default) */
    HS_KERNEL_EPANECHNIKOV = 1, /**< 2/(pi h^2) (1 - u^2) */
    HS_KERNEL_TRIWEIGHT = 2,    /**< 4/(pi h^2) (1 - u^2)^3 */
    HS_KERNEL_TRIANGULAR = 3,   /**< 3/(pi h^2) (1 - u) */
    HS_KERNEL_UNIFORM = 4,      /**< 1/(pi h^2) */
    HS_KERNEL_GAUSSIAN = 5      /**< 1/(2 pi h^2) exp(-d^2 / (2 h^2)); h = sigma */
} hs_kernel;

/** Gaussian kernels are summed over |dx|, |dy| <= HS_KDE_GAUSS_CUTOFF sigma; the mass left out is
 * below 4 * Phi(-6) = 4e-9 of each point's weight. */
#define HS_KDE_GAUSS_CUTOFF 6.0

/** Bandwidth rules. */
typedef enum hs_bw_rule {
    HS_BW_ARCGIS = 0, /**< 0.9 min(SD, sqrt(1/ln 2) Dm) n^-0.2, used as the search radius */
    HS_BW_SCOTT = 1,  /**< R's bw.nrd averaged over x and y: a Gaussian sigma */
    HS_BW_CV = 2      /**< likelihood cross-validation (as spatstat bw.ppl): a Gaussian sigma */
} hs_bw_rule;

/** Output units. */
typedef enum hs_kde_units {
    HS_KDE_PER_KM2 = 0,  /**< density per km^2 (default) */
    HS_KDE_PER_CELL = 1, /**< expected incidents per cell (density x cell area) */
    HS_KDE_PER_M2 = 2    /**< density per m^2 */
} hs_kde_units;

/** How the density is computed. */
typedef enum hs_kde_method {
    HS_KDE_EXACT = 0,  /**< exact sums at cell centres (the default of HS_KDE_OPTS_INIT) */
    HS_KDE_BINNED = 1, /**< linear binning on a sub-grid and one FFT convolution, with a bound on
                            its error (smooth kernels: quartic, triweight, Gaussian) */
    HS_KDE_AUTO = 2    /**< binned when its stated bound is at most HS_KDE_AUTO_TOLERANCE of the
                            peak and it is cheaper, else exact (see hs_kde_compute) */
} hs_kde_method;

/** Default of hs_kde_opts.tolerance. */
#define HS_KDE_TOLERANCE 5e-3
/** HS_KDE_AUTO takes the binned result only when its error bound is at most this share of the
 * peak (the peak of the binned values less their bound). */
#define HS_KDE_AUTO_TOLERANCE 1e-4

typedef struct hs_kde_opts {
    int version;
    hs_kernel kernel;
    double bandwidth; /**< metres (sigma for Gaussian); <= 0: chosen by rule */
    hs_bw_rule rule;  /**< used when bandwidth <= 0 */
    hs_kde_units units;
    int edge;                 /**< 1: uniform edge correction (divide by the kernel mass inside) */
    const uint8_t *mask;      /**< per cell, 0 = outside (written as nodata); NULL = none */
    double nodata;            /**< value of masked cells (default NaN) */
    const uint8_t *precision; /**< per point (hs_precision); kommun/lan/none are skipped */
    /* version 2 */
    hs_kde_method method;
    /** HS_KDE_BINNED: the sub-grid is made fine enough that one point's binning error is at most
     * this share of the kernel's peak K(0) (see hs_kde_compute) */
    double tolerance;
} hs_kde_opts;
#define HS_KDE_OPTS_VERSION 2
#define HS_KDE_OPTS_INIT                                                                           \
    {                                                                                              \
        HS_KDE_OPTS_VERSION, HS_KERNEL_QUARTIC, 0.0, HS_BW_ARCGIS, HS_KDE_PER_KM2, 0, NULL, NAN,   \
            NULL, HS_KDE_EXACT, HS_KDE_TOLERANCE                                                   \
    }

/** What a density run used and how close it is. */
typedef struct hs_kde_info {
    double bandwidth; /**< metres (given or chosen by the rule) */
    size_t used;      /**< points that reached the grid */
    int subdivision;  /**< HS_KDE_BINNED: sub-cells per cell side (odd); 0 for exact */
    /** HS_KDE_BINNED: the largest |binned - exact| that any unmasked cell can have, in the output
     * units (edge correction included); 0 for exact */
    double error_bound;
    double peak; /**< largest value of an unmasked cell, output units */
    /** the method used: HS_KDE_EXACT or HS_KDE_BINNED (HS_KDE_AUTO says which it chose) */
    hs_kde_method method;
    /** HS_KDE_BINNED: 1 when only the y axis was binned (the x axis summed exactly) */
    int binned_y_only;
    /** how the method was chosen or applied, one line of English */
    char note[200];
} hs_kde_info;

/** Kernel by name ("quartic", "biweight", "epanechnikov", "triweight", "triangular", "uniform",
 * "gaussian"); HS_EINVAL when unknown. */
HS_API int hs_kernel_parse(hs_kernel *out, const char *name);
HS_API const char *hs_kernel_name(hs_kernel k);
/** The normalised kernel at distance d for bandwidth h, per m^2. */
HS_API double hs_kernel_value(hs_kernel k, double d, double h);
/** Distance beyond which the kernel is zero (h; HS_KDE_GAUSS_CUTOFF h for Gaussian). */
HS_API double hs_kernel_radius(hs_kernel k, double h);
/** Per-axis standard deviation of the kernel with h = 1 (1 for Gaussian, 1/sqrt(8) quartic...). */
HS_API double hs_kernel_sd(hs_kernel k);
/** Rule by name ("auto"/"arcgis", "scott"/"nrd", "cv"/"ppl"); HS_EINVAL when unknown. */
HS_API int hs_bw_rule_parse(hs_bw_rule *out, const char *name);
HS_API const char *hs_bw_rule_name(hs_bw_rule r);

/**
 * The bandwidth opts->rule gives for the points (those of local precision with finite
 * coordinates), expressed for opts->kernel: ArcGIS's value is the search radius itself; Scott's
 * and the cross-validated sigma are converted to the kernel with the same per-axis standard
 * deviation (h = sigma / hs_kernel_sd). HS_ENODATA with fewer than 2 distinct points.
 */
HS_API int hs_kde_bandwidth(double *h, hs_ctx *ctx, const double *x, const double *y,
                            const double *w, size_t n, const hs_kde_opts *opts);

/**
 * The default raster: the points' box (local precision only) grown by the kernel radius,
 * aligned on multiples of cell. Warns (log) about points far outside the rest (beyond 10
 * interquartile ranges of the median on either axis) that blow up the extent.
 */
HS_API int hs_kde_default_grid(hs_grid_spec *out, hs_ctx *ctx, const double *x, const double *y,
                               size_t n, double cell, double radius, const hs_kde_opts *opts);

/**
 * Kernel density of the points at every cell centre of g, written to out (g->nx * g->ny values,
 * grid layout). Exact: each point adds w K(d) to every cell centre within the kernel's support
 * (Gaussian: see HS_KDE_GAUSS_CUTOFF). w may be NULL (every point weighs 1). Records of kommun or
 * lan precision (opts->precision) never enter. Uses hs_ctx_threads threads. Logs the bandwidth and
 * rule, and warns when the bandwidth is smaller than the cell, the grid has more than 10 million
 * cells, or fewer than 30 points are used.
 */
HS_API int hs_kde_run(double *out, hs_ctx *ctx, const hs_grid_spec *g, const double *x,
                      const double *y, const double *w, size_t n, const hs_kde_opts *opts);

/**
 * As hs_kde_run, and fills info (may be NULL). With opts->method = HS_KDE_BINNED the points are
 * binned linearly on a sub-grid of spacing delta = cell / s (s odd, so every cell centre is a
 * sub-grid node) and convolved once (FFT) with the kernel's exact values on the sub-grid. For one
 * point of weight w the result at a cell is then the bilinear interpolant of the kernel between the
 * four nodes around the point, so its error is at most
 *   |w| delta^2 / 8 (sup |K_xx| + sup |K_yy|)
 *   = |w| K(0) c delta^2 / h^2 with c = 2 (quartic), 1.5 (triweight), 1/4 (Gaussian, h = sigma),
 * and s is the smallest odd number that brings c delta^2 / h^2 to opts->tolerance or below (the
 * sub-grid is kept under 2^25 nodes). info->error_bound sums that bound over the points within
 * reach of each cell and reports the largest. Epanechnikov, triangular and uniform kernels have
 * no bounded second derivative: HS_EINVAL.
 *
 * With opts->method = HS_KDE_AUTO a Gaussian kernel is computed exactly along x and binned
 * linearly along y only, on nodes delta = cell / s apart, and the error is bounded per cell by a
 * convolution of the points' weights with a bound kernel that decays with the distance (for one
 * point, delta^2 / 8 times the largest |d2K/dy2| between its two nodes; docs/density.md). The
 * result is kept when the largest bound is at most HS_KDE_AUTO_TOLERANCE of the peak (binned
 * value less its bound) and the binned work is smaller than the exact sum's; s is the smallest
 * odd number the delta^2 scaling of the bound predicts, checked on the result. Otherwise, and for
 * the other kernels, the exact sums are used. info->method and info->note say which and why.
 */
HS_API int hs_kde_compute(double *out, hs_kde_info *info, hs_ctx *ctx, const hs_grid_spec *g,
                          const double *x, const double *y, const double *w, size_t n,
                          const hs_kde_opts *opts);

#ifdef __cplusplus
}
#endif
#endif
