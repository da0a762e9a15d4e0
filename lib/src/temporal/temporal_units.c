/*
 * Units for temporal tables: integer keys (kommun codes, cell indices) made dense, groups of marked
 * cells (hot-spot clusters) joined through queen contiguity with a union-find over cell indices,
 * and the hot-spot clusters of a Gi* map (gistar.c computes the Gi*). Plain C over arrays.
 */
#include "core/hs_internal.h"

#include <stdlib.h>

static int cmp_i64(const void *pa, const void *pb)
{
    int64_t a = *(const int64_t *)pa;
    int64_t b = *(const int64_t *)pb;
    return (a > b) - (a < b);
}

int hs_group_keys(int32_t *of, int64_t **uniq, size_t *nuniq, hs_ctx *ctx, const int64_t *key,
                  size_t n)
{
    if (!of || !uniq || !nuniq || (n > 0 && !key)) {
        return hs__error(ctx, HS_EINVAL, "group keys: missing arguments");
    }
    int64_t *s = malloc((n ? n : 1) * sizeof *s);
    if (!s) {
        return hs__error(ctx, HS_ENOMEM, "group keys: out of memory");
    }
    size_t nd = 0;
    for (size_t i = 0; i < n; i++) {
        if (key[i] >= 0) {
            s[nd++] = key[i];
        }
    }
    qsort(s, nd, sizeof *s, cmp_i64);
    size_t nu = 0;
    for (size_t i = 0; i < nd; i++) {
        if (nu == 0 || s[nu - 1] != s[i]) {
            s[nu++] = s[i];
        }
    }
    for (size_t i = 0; i < n; i++) {
        size_t lo = 0;
        size_t hi = nu;
        while (lo < hi) {
            size_t mid = lo + (hi - lo) / 2;
            if (s[mid] < key[i]) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        of[i] = (key[i] >= 0 && lo < nu) ? (int32_t)lo : -1;
    }
    *uniq = s;
    *nuniq = nu;
    return HS_OK;
}

static int64_t root_of(int64_t *parent, int64_t i)
{
    while (parent[i] != i) {
        parent[i] = parent[parent[i]];
        i = parent[i];
    }
    return i;
}

int hs_cell_clusters(int32_t *label, size_t *ngroups, hs_ctx *ctx, const hs_grid_spec *g,
                     const uint8_t *marked)
{
    if (!label || !ngroups || !g || !marked || g->nx <= 0 || g->ny <= 0) {
        return hs__error(ctx, HS_EINVAL, "cell clusters: missing arguments");
    }
    size_t nc = (size_t)(g->nx * g->ny);
    int64_t *parent = malloc(nc * sizeof *parent);
    if (!parent) {
        return hs__error(ctx, HS_ENOMEM, "cell clusters: out of memory");
    }
    for (size_t c = 0; c < nc; c++) {
        parent[c] = (int64_t)c;
    }
    /* join each marked cell with its marked neighbours to the east and in the row to the north */
    for (int64_t iy = 0; iy < g->ny; iy++) {
        for (int64_t ix = 0; ix < g->nx; ix++) {
            int64_t c = iy * g->nx + ix;
            if (!marked[c]) {
                continue;
            }
            static const int nb[4][2] = {{1, 0}, {-1, 1}, {0, 1}, {1, 1}};
            for (int k = 0; k < 4; k++) {
                int64_t jx = ix + nb[k][0];
                int64_t jy = iy + nb[k][1];
                if (jx < 0 || jx >= g->nx || jy >= g->ny) {
                    continue;
                }
                int64_t d = jy * g->nx + jx;
                if (marked[d]) {
                    parent[root_of(parent, c)] = root_of(parent, d);
                }
            }
        }
    }
    size_t n = 0;
    for (size_t c = 0; c < nc; c++) {
        label[c] = -1;
    }
    for (size_t c = 0; c < nc; c++) {
        if (!marked[c]) {
            continue;
        }
        int64_t r = root_of(parent, (int64_t)c);
        if (label[r] < 0) {
            label[r] = (int32_t)n++;
        }
        label[c] = label[r];
    }
    free(parent);
    *ngroups = n;
    return HS_OK;
}

int hs_hotspot_clusters(int32_t *label, size_t *nclusters, size_t *ncells, hs_ctx *ctx,
                        const hs_grid_spec *g, const double *counts, const hs_gistar_opts *opts)
{
    if (!label || !nclusters || !g || !counts || g->nx <= 0 || g->ny <= 0) {
        return hs__error(ctx, HS_EINVAL, "hot-spot clusters: missing arguments");
    }
    size_t nc = (size_t)(g->nx * g->ny);
    int8_t *bin = calloc(nc, sizeof *bin);
    uint8_t *hot = calloc(nc, 1);
    if (!bin || !hot) {
        free(bin);
        free(hot);
        return hs__error(ctx, HS_ENOMEM, "hot-spot clusters: out of memory");
    }
    int rc = hs_gistar_grid(NULL, NULL, NULL, bin, NULL, ctx, g, counts, NULL, opts);
    size_t nhot = 0;
    for (size_t c = 0; rc == HS_OK && c < nc; c++) {
        hot[c] = bin[c] >= 2;
        nhot += hot[c];
    }
    if (rc == HS_OK) {
        rc = hs_cell_clusters(label, nclusters, ctx, g, hot);
    }
    if (ncells) {
        *ncells = nhot;
    }
    free(bin);
    free(hot);
    return rc;
}
