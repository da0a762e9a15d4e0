/*
 * spatstat's uniform edge correction for kernel densities: the density at a cell is divided by
 * the share of the kernel centred there that falls inside the window (the grid, or the cells of a
 * mask). The share is the discrete kernel stencil summed over window cells divided by the whole
 * stencil, so cells far from the edge get exactly 1. Plain C over arrays.
 */
#include "core/hs_internal.h"
#include "density/density.h"

#include <math.h>
#include <stdlib.h>

#define EDGE_MAX_STENCIL 50000000.0

int hs__kde_edge(double *e, hs_ctx *ctx, const hs_grid_spec *g, hs_kernel kernel, double h,
                 const uint8_t *mask)
{
    double c = g->cell;
    int64_t rr = (int64_t)floor(hs_kernel_radius(kernel, h) / c);
    int64_t big = g->nx > g->ny ? g->nx : g->ny;
    int64_t rc = rr < big ? rr : big;
    int64_t s = 2 * rc + 1;
    if ((double)s * (double)s > EDGE_MAX_STENCIL) {
        return hs__error(ctx, HS_ELIMIT,
                         "edge correction: a kernel of %lld cells across is too large; use a "
                         "larger cell",
                         (long long)s);
    }
    /* prefix sums over the clamped stencil: p[(b+1)*(s+1) + (a+1)] */
    double *p = calloc((size_t)((s + 1) * (s + 1)), sizeof *p);
    if (!p) {
        return hs__error(ctx, HS_ENOMEM, "edge correction: out of memory");
    }
    double total = 0.0;
    for (int64_t b = -rr; b <= rr; b++) {
        for (int64_t a = -rr; a <= rr; a++) {
            total += hs_kernel_value(kernel, c * sqrt((double)(a * a + b * b)), h);
        }
        if (rr > 3000) {
            total = 1.0 / (c * c); /* over 6 000 cells wide: the sum is the integral */
            break;
        }
    }
    for (int64_t b = 0; b < s; b++) {
        for (int64_t a = 0; a < s; a++) {
            double da = (double)(a - rc), db = (double)(b - rc);
            double k = hs_kernel_value(kernel, c * sqrt(da * da + db * db), h);
            if (kernel == HS_KERNEL_GAUSSIAN && (fabs(da) > (double)rr || fabs(db) > (double)rr)) {
                k = 0.0;
            }
            p[(b + 1) * (s + 1) + (a + 1)] =
                k + p[b * (s + 1) + (a + 1)] + p[(b + 1) * (s + 1) + a] - p[b * (s + 1) + a];
        }
    }
    int rcode = HS_OK;
    for (int64_t iy = 0; iy < g->ny; iy++) {
        for (int64_t ix = 0; ix < g->nx; ix++) {
            size_t cell = (size_t)(iy * g->nx + ix);
            double sum = 0.0;
            if (mask) {
                if (!mask[cell]) {
                    e[cell] = 1.0;
                    continue;
                }
                int64_t b0 = iy - rc < 0 ? -iy : -rc, b1 = iy + rc >= g->ny ? g->ny - 1 - iy : rc;
                int64_t a0 = ix - rc < 0 ? -ix : -rc, a1 = ix + rc >= g->nx ? g->nx - 1 - ix : rc;
                for (int64_t b = b0; b <= b1; b++) {
                    const uint8_t *mrow = mask + (iy + b) * g->nx + ix;
                    const double *p1 = p + (b + rc + 1) * (s + 1), *p0 = p + (b + rc) * (s + 1);
                    for (int64_t a = a0; a <= a1; a++) {
                        if (mrow[a]) {
                            int64_t q = a + rc + 1;
                            sum += p1[q] - p1[q - 1] - p0[q] + p0[q - 1];
                        }
                    }
                }
            } else {
                int64_t b0 = (iy - rc < 0 ? -iy : -rc) + rc,
                        b1 = (iy + rc >= g->ny ? g->ny - 1 - iy : rc) + rc;
                int64_t a0 = (ix - rc < 0 ? -ix : -rc) + rc,
                        a1 = (ix + rc >= g->nx ? g->nx - 1 - ix : rc) + rc;
                sum = p[(b1 + 1) * (s + 1) + (a1 + 1)] - p[b0 * (s + 1) + (a1 + 1)] -
                      p[(b1 + 1) * (s + 1) + a0] + p[b0 * (s + 1) + a0];
            }
            e[cell] = total > 0 ? sum / total : 1.0;
        }
        if ((iy & 255) == 255) {
            rcode = hs__progress(ctx, "edge correction", (double)iy / (double)g->ny);
            if (rcode) {
                break;
            }
        }
    }
    free(p);
    return rcode;
}
