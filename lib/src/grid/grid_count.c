/*
 * Counting points into grid cells of either shape (in total and per category) and rates per 1 000
 * inhabitants. Plain C over arrays; cell geometry and ids are in grid.c, grid_hex.c, grid_cells.c.
 */
#include "core/hs_internal.h"

#include <math.h>
#include <string.h>

int hs_cellgrid_count(int64_t *counts, int64_t *cat_counts, int64_t *outside, hs_ctx *ctx,
                      const hs_cellgrid *g, const double *x, const double *y,
                      const uint8_t *precision, const uint8_t *keep, const int32_t *cat,
                      size_t ncat, size_t n)
{
    int bad = !g || (g->shape == HS_GRID_HEX
                         ? !(g->hex.side > 0) || g->hex.ncol <= 0 || g->hex.nrow <= 0
                         : !(g->square.cell > 0) || g->square.nx <= 0 || g->square.ny <= 0);
    if (!counts || bad || (n && (!x || !y)) || (cat_counts && !cat)) {
        return hs__error(ctx, HS_EINVAL, "grid count: invalid arguments");
    }
    size_t ncells = hs_cellgrid_ncells(g);
    memset(counts, 0, ncells * sizeof *counts);
    if (cat_counts) {
        memset(cat_counts, 0, ncat * ncells * sizeof *cat_counts);
    }
    int64_t out = 0;
    for (size_t i = 0; i < n; i++) {
        if (precision && !hs_precision_is_local((hs_precision)precision[i])) {
            continue;
        }
        if (!isfinite(x[i]) || !isfinite(y[i]) || (keep && !keep[i])) {
            continue;
        }
        size_t c;
        if (hs_cellgrid_cell_of(&c, g, x[i], y[i]) != 0) {
            out++;
            continue;
        }
        counts[c]++;
        if (cat_counts && cat[i] >= 0 && (size_t)cat[i] < ncat) {
            cat_counts[(size_t)cat[i] * ncells + c]++;
        }
    }
    if (outside) {
        *outside = out;
    }
    return HS_OK;
}

int hs_grid_count(int64_t *counts, int64_t *cat_counts, int64_t *outside, hs_ctx *ctx,
                  const hs_grid_spec *g, const double *x, const double *y, const uint8_t *precision,
                  const int32_t *cat, size_t ncat, size_t n)
{
    if (!g) {
        return hs__error(ctx, HS_EINVAL, "grid count: invalid arguments");
    }
    hs_cellgrid cg = {.shape = HS_GRID_SQUARE, .square = *g};
    return hs_cellgrid_count(counts, cat_counts, outside, ctx, &cg, x, y, precision, NULL, cat,
                             ncat, n);
}

void hs_grid_rates_min(double *rate, const int64_t *counts, const double *pop, size_t ncells,
                       double min_pop)
{
    for (size_t c = 0; c < ncells; c++) {
        rate[c] = pop[c] > 0 && isfinite(pop[c]) && !(pop[c] < min_pop)
                      ? 1000.0 * (double)counts[c] / pop[c]
                      : NAN;
    }
}

void hs_grid_rates(double *rate, const int64_t *counts, const double *pop, size_t ncells)
{
    hs_grid_rates_min(rate, counts, pop, ncells, 0.0);
}
