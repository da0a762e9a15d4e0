/*
 * The automatic Gi* distance band, chosen like ArcGIS's Optimized Hot Spot Analysis: the first
 * peak of global Moran's I z over incremental bands, else the mean distance to the k-th nearest
 * non-empty cell. It only chooses a number; Gi* itself is computed in gistar.c.
 */
#include "core/hs_internal.h"

#include <math.h>
#include <stdlib.h>

#define NBANDS 10

/* insert d into the ascending list best[0..*nb) of at most k values */
static void keep_best(double *best, int *nb, int k, double d)
{
    int i;
    if (*nb < k) {
        i = (*nb)++;
    } else if (d >= best[k - 1]) {
        return;
    } else {
        i = k - 1;
    }
    while (i > 0 && best[i - 1] > d) {
        best[i] = best[i - 1];
        i--;
    }
    best[i] = d;
}

static int knn_distance(double *out, int *k_used, hs_ctx *ctx, const hs_grid_spec *g,
                        const double *counts, const uint8_t *mask)
{
    int64_t nx = g->nx;
    int64_t ny = g->ny;
    size_t n = (size_t)(nx * ny);
    size_t nz = 0;
    for (size_t i = 0; i < n; i++) {
        nz += counts[i] > 0.0 && (!mask || mask[i]);
    }
    if (nz < 2) {
        return hs__error(ctx, HS_ENODATA, "fewer than 2 non-empty cells: no distance band");
    }
    int k = (int)floor(0.05 * (double)nz + 0.5);
    k = k < 3 ? 3 : (k > 30 ? 30 : k);
    if ((size_t)k > nz - 1) {
        k = (int)(nz - 1);
    }
    double best[30];
    double total = 0.0;
    int64_t rmax = nx > ny ? nx : ny;
    for (int64_t iy = 0; iy < ny; iy++) {
        for (int64_t ix = 0; ix < nx; ix++) {
            size_t c = (size_t)(iy * nx + ix);
            if (!(counts[c] > 0.0) || (mask && !mask[c])) {
                continue;
            }
            int nb = 0;
            for (int64_t r = 1; r <= rmax; r++) {
                for (int64_t dy = -r; dy <= r; dy++) {
                    int64_t y = iy + dy;
                    if (y < 0 || y >= ny) {
                        continue;
                    }
                    int64_t step = (dy == -r || dy == r) ? 1 : 2 * r;
                    for (int64_t dx = -r; dx <= r; dx += step) {
                        int64_t x = ix + dx;
                        size_t j = (size_t)(y * nx + x);
                        if (x < 0 || x >= nx || !(counts[j] > 0.0) || (mask && !mask[j])) {
                            continue;
                        }
                        keep_best(best, &nb, k, sqrt((double)(dx * dx + dy * dy)));
                    }
                }
                if (nb == k && best[k - 1] <= (double)r) {
                    break;
                }
            }
            total += best[k - 1];
        }
    }
    double d = total / (double)nz * g->cell;
    *out = d > g->cell ? d : g->cell;
    *k_used = k;
    return HS_OK;
}

int hs_gistar_auto_distance(double *distance, hs_auto_how *how, int *k_used, hs_ctx *ctx,
                            const hs_grid_spec *g, const double *counts, const uint8_t *mask)
{
    if (!distance || !g || !counts || g->nx <= 0 || g->ny <= 0) {
        return hs__error(ctx, HS_EINVAL, "auto distance: missing grid or counts");
    }
    int64_t span = g->nx > g->ny ? g->nx : g->ny;
    int nb = span - 1 < NBANDS ? (int)(span - 1) : NBANDS;
    double z[NBANDS + 1];
    for (int b = 1; b <= nb; b++) {
        hs_gistar_opts o = HS_GISTAR_OPTS_INIT;
        o.distance = (double)b * g->cell;
        hs_moran_global mg;
        int rc = hs_moran_global_grid(&mg, ctx, g, counts, mask, &o);
        if (rc == HS_ENODATA) {
            nb = b - 1;
            hs_ctx_clear_error(ctx);
            break;
        }
        if (rc) {
            return rc;
        }
        z[b] = mg.z;
        hs__log(ctx, HS_LOG_DEBUG, "auto distance: band %g m, Moran's I z = %.3f", o.distance,
                mg.z);
    }
    for (int b = 2; b < nb; b++) {
        if (z[b] >= 1.96 && z[b] > z[b - 1] && z[b] > z[b + 1]) {
            *distance = (double)b * g->cell;
            if (how) {
                *how = HS_AUTO_PEAK;
            }
            if (k_used) {
                *k_used = 0;
            }
            return HS_OK;
        }
    }
    int k = 0;
    int rc = knn_distance(distance, &k, ctx, g, counts, mask);
    if (rc) {
        return rc;
    }
    if (how) {
        *how = HS_AUTO_KNN;
    }
    if (k_used) {
        *k_used = k;
    }
    return HS_OK;
}
