/*
 * Counting points into grid cells (in total and per category) and rates per 1 000 inhabitants.
 * Plain C over arrays; cell geometry and ids are in grid.c.
 */
#include "hs_internal.h"

#include <math.h>
#include <string.h>

int hs_grid_count(int64_t *counts, int64_t *cat_counts, int64_t *outside, hs_ctx *ctx,
                  const hs_grid_spec *g, const double *x, const double *y, const uint8_t *precision,
                  const int32_t *cat, size_t ncat, size_t n)
{
    if (!counts || !g || !(g->cell > 0) || g->nx <= 0 || g->ny <= 0 || (n && (!x || !y)) ||
        (cat_counts && !cat)) {
        return hs__error(ctx, HS_EINVAL, "grid count: invalid arguments");
    }
    size_t ncells = (size_t)(g->nx * g->ny);
    memset(counts, 0, ncells * sizeof *counts);
    if (cat_counts) {
        memset(cat_counts, 0, ncat * ncells * sizeof *cat_counts);
    }
    int64_t out = 0;
    for (size_t i = 0; i < n; i++) {
        if (precision && !hs_precision_is_local((hs_precision)precision[i])) {
            continue;
        }
        if (!isfinite(x[i]) || !isfinite(y[i])) {
            continue;
        }
        int64_t ix, iy;
        if (hs_grid_cell_of(&ix, &iy, g, x[i], y[i]) != 0) {
            out++;
            continue;
        }
        size_t c = (size_t)(iy * g->nx + ix);
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

void hs_grid_rates(double *rate, const int64_t *counts, const double *pop, size_t ncells)
{
    for (size_t c = 0; c < ncells; c++) {
        rate[c] = pop[c] > 0 && isfinite(pop[c]) ? 1000.0 * (double)counts[c] / pop[c] : NAN;
    }
}
