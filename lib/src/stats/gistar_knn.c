/*
 * Gi* on a grid with k-nearest-neighbour weights: each observed cell's neighbours are the k
 * observed cells whose centres are nearest (every cell tied at the k-th distance included, so the
 * result does not depend on an arbitrary tie order), the cell itself added. Builds the neighbour
 * lists and hands them to hs_gistar_lists. Plain C over arrays.
 */
#include "core/hs_internal.h"

#include <math.h>
#include <stdlib.h>

typedef struct offset {
    int32_t dx, dy;
    int64_t d2;
} offset;

static int by_distance(const void *a, const void *b)
{
    const offset *p = a, *q = b;
    return p->d2 < q->d2 ? -1 : p->d2 > q->d2 ? 1 : 0;
}

/* Offsets within radius r (cells) sorted by distance, the centre excluded. */
static offset *offsets(size_t *n, int64_t r)
{
    size_t cap = (size_t)((2 * r + 1) * (2 * r + 1));
    offset *o = malloc(cap * sizeof *o);
    if (!o) {
        return NULL;
    }
    size_t k = 0;
    for (int64_t dy = -r; dy <= r; dy++) {
        for (int64_t dx = -r; dx <= r; dx++) {
            if ((dx || dy) && dx * dx + dy * dy <= r * r) {
                o[k++] = (offset){(int32_t)dx, (int32_t)dy, dx * dx + dy * dy};
            }
        }
    }
    qsort(o, k, sizeof *o, by_distance);
    *n = k;
    return o;
}

int hs_gistar_knn_grid(double *z, double *p, double *q, int8_t *bin, int32_t *nnb, hs_ctx *ctx,
                       const hs_grid_spec *g, const double *counts, const uint8_t *mask, int k)
{
    if (!g || !counts || k < 1 || k > 1000) {
        return hs__error(ctx, HS_EINVAL, "k nearest neighbours: k must be 1..1000");
    }
    size_t nc = (size_t)(g->nx * g->ny);
    int64_t *obs = malloc(nc * sizeof *obs); /* cell -> observation index, -1 none */
    size_t nobs = 0;
    if (!obs) {
        return hs__error(ctx, HS_ENOMEM, "out of memory");
    }
    for (size_t c = 0; c < nc; c++) {
        obs[c] = !mask || mask[c] ? (int64_t)nobs++ : -1;
    }
    if (nobs < (size_t)k + 1) {
        free(obs);
        return hs__error(ctx, HS_ENODATA, "k nearest neighbours: %zu observations for k = %d", nobs,
                         k);
    }
    /* a radius holding k observed cells around any cell when the mask is full; grown when not */
    int64_t r = (int64_t)ceil(sqrt((double)k / 3.14159) + 2);
    double *x = malloc(nobs * sizeof *x);
    int64_t *start = malloc((nobs + 1) * sizeof *start);
    int64_t *idx = NULL;
    size_t nidx = 0, cap = 0;
    int32_t *o_nnb = nnb ? malloc(nobs * sizeof *o_nnb) : NULL;
    double *oz = malloc(nobs * sizeof *oz), *op = malloc(nobs * sizeof *op),
           *oq = malloc(nobs * sizeof *oq);
    int8_t *ob = malloc(nobs);
    size_t noff = 0;
    offset *off = offsets(&noff, r);
    int rc = x && start && oz && op && oq && ob && off && (!nnb || o_nnb) ? HS_OK : HS_ENOMEM;
    for (int64_t iy = 0; rc == HS_OK && iy < g->ny; iy++) {
        for (int64_t ix = 0; rc == HS_OK && ix < g->nx; ix++) {
            int64_t c = iy * g->nx + ix;
            if (obs[c] < 0) {
                continue;
            }
            x[obs[c]] = counts[c];
            start[obs[c]] = (int64_t)nidx;
            int found = 0;
            int64_t last_d2 = -1;
            for (;;) {
                size_t j = 0;
                found = 0;
                last_d2 = -1;
                size_t begin = nidx;
                for (; j < noff; j++) {
                    if (found >= k && off[j].d2 > last_d2) {
                        break;
                    }
                    int64_t nx2 = ix + off[j].dx, ny2 = iy + off[j].dy;
                    if (nx2 < 0 || ny2 < 0 || nx2 >= g->nx || ny2 >= g->ny ||
                        obs[ny2 * g->nx + nx2] < 0) {
                        continue;
                    }
                    if (hs__grow((void **)&idx, &cap, nidx + 1, sizeof *idx)) {
                        rc = HS_ENOMEM;
                        break;
                    }
                    idx[nidx++] = obs[ny2 * g->nx + nx2];
                    found++;
                    last_d2 = off[j].d2;
                }
                if (rc != HS_OK || found >= k || r > g->nx + g->ny) {
                    break;
                }
                /* too few observed cells within r: widen the search and start this cell again */
                nidx = begin;
                free(off);
                r *= 2;
                off = offsets(&noff, r);
                if (!off) {
                    rc = HS_ENOMEM;
                    break;
                }
            }
        }
    }
    if (rc == HS_ENOMEM) {
        rc = hs__error(ctx, HS_ENOMEM, "out of memory");
    }
    if (rc == HS_OK) {
        start[nobs] = (int64_t)nidx;
        rc = hs_gistar_lists(oz, op, oq, ob, o_nnb, ctx, x, nobs, start, idx);
    }
    for (size_t c = 0; rc == HS_OK && c < nc; c++) {
        int64_t i = obs[c];
        if (z) {
            z[c] = i < 0 ? NAN : oz[i];
        }
        if (p) {
            p[c] = i < 0 ? NAN : op[i];
        }
        if (q) {
            q[c] = i < 0 ? NAN : oq[i];
        }
        if (bin) {
            bin[c] = i < 0 ? 0 : ob[i];
        }
        if (nnb) {
            nnb[c] = i < 0 ? 0 : o_nnb[i];
        }
    }
    free(obs);
    free(x);
    free(start);
    free(idx);
    free(o_nnb);
    free(oz);
    free(op);
    free(oq);
    free(ob);
    free(off);
    return rc;
}
