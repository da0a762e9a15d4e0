/*
 * Private to the stats module: the grid neighbourhood (stencil) with its row-prefix sums that Gi*,
 * Moran's I and the space-time cube share (gistar.c), and the seeded generator (stats.c). Plain C;
 * includes only the core.
 */
#ifndef HS_STATS_PRIVATE_H
#define HS_STATS_PRIVATE_H

#include "core/hs_internal.h"

/* A symmetric grid neighbourhood (gistar.c): for row offsets dy = -r..r the columns |dx| <= h[dy +
 * r] (self included). Sums over it come from row prefix sums, so any band costs O(2r + 1) per cell.
 */
typedef struct hs__stencil {
    int64_t r;
    int64_t *h;
} hs__stencil;
HS_INTERNAL int hs__stencil_make(hs__stencil *s, hs_ctx *ctx, const hs_gistar_opts *opts,
                                 double cell);
HS_INTERNAL void hs__stencil_free(hs__stencil *s);
/** P (ny * (nx + 1) values): row prefix sums of x * mask (x NULL: of the mask; mask NULL: all 1).
 */
HS_INTERNAL void hs__row_prefix(double *P, const double *x, const uint8_t *mask, int64_t nx,
                                int64_t ny);
/** Sum over the stencil around (ix, iy) from row prefix sums P, clipped at the grid's edges. */
HS_INTERNAL double hs__stencil_sum(const double *P, int64_t nx, int64_t ny, int64_t ix, int64_t iy,
                                   const hs__stencil *s);
/* A small seeded generator (xoshiro256**, stats.c): the same seed gives the same stream. */
typedef struct hs__rng {
    uint64_t s[4];
} hs__rng;
HS_INTERNAL void hs__rng_seed(hs__rng *r, uint64_t seed);
HS_INTERNAL uint64_t hs__rng_next(hs__rng *r);
/** Uniform integer in [0, n), n > 0, without modulo bias. */
HS_INTERNAL uint64_t hs__rng_below(hs__rng *r, uint64_t n);

/** P(X >= k) for X Poisson with mean lambda (stats.c). */
HS_INTERNAL double hs__poisson_upper(int64_t k, double lambda);

#endif
