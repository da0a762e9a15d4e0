/*
 * Network neighbours of street segments: from both end nodes of a segment, a Dijkstra search over
 * the node graph (edges = segments, weights = their lengths) bounded by the distance; every
 * segment with an end node reached is a neighbour. Distance 0 gives the segments sharing a node.
 * Output in the compressed lists hs_gistar_lists takes.
 */
#include "network/network.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

typedef struct heap {
    double *d;
    int64_t *v;
    size_t n, cap;
} heap;

static int heap_push(heap *h, double d, int64_t v)
{
    size_t c1 = h->cap, c2 = h->cap;
    if (hs__grow((void **)&h->d, &c1, h->n + 1, sizeof *h->d) ||
        hs__grow((void **)&h->v, &c2, h->n + 1, sizeof *h->v)) {
        return HS_ENOMEM;
    }
    h->cap = c1 < c2 ? c1 : c2;
    size_t i = h->n++;
    while (i > 0) {
        size_t p = (i - 1) / 2;
        if (h->d[p] <= d) {
            break;
        }
        h->d[i] = h->d[p];
        h->v[i] = h->v[p];
        i = p;
    }
    h->d[i] = d;
    h->v[i] = v;
    return HS_OK;
}

static void heap_pop(heap *h, double *d, int64_t *v)
{
    *d = h->d[0];
    *v = h->v[0];
    double ld = h->d[--h->n];
    int64_t lv = h->v[h->n];
    size_t i = 0;
    for (;;) {
        size_t c = 2 * i + 1;
        if (c >= h->n) {
            break;
        }
        if (c + 1 < h->n && h->d[c + 1] < h->d[c]) {
            c++;
        }
        if (h->d[c] >= ld) {
            break;
        }
        h->d[i] = h->d[c];
        h->v[i] = h->v[c];
        i = c;
    }
    h->d[i] = ld;
    h->v[i] = lv;
}

static int cmp_i64(const void *a, const void *b)
{
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    return (x > y) - (x < y);
}

int hs_network_neighbours(int64_t **start_out, int64_t **idx_out, hs_ctx *ctx, const hs_network *n,
                          double distance)
{
    if (!start_out || !idx_out || !n || !n->built || !(distance >= 0)) {
        return hs__error(ctx, HS_EINVAL, "network neighbours: a built network and a distance >= 0");
    }
    *start_out = *idx_out = NULL;
    size_t ns = n->nseg, nn = n->nnode;
    int64_t *start = malloc((ns + 1) * sizeof *start);
    double *dist = malloc((nn + 1) * sizeof *dist);
    int64_t *touched = malloc((nn + 1) * sizeof *touched);
    int64_t *mark = malloc((ns + 1) * sizeof *mark);
    int64_t *idx = NULL, *cur = NULL;
    size_t nidx = 0, cap = 0, ccap = 0;
    heap h = {0};
    int rc = start && dist && touched && mark ? HS_OK : HS_ENOMEM;
    for (size_t k = 0; rc == HS_OK && k < nn; k++) {
        dist[k] = INFINITY;
    }
    for (size_t s = 0; rc == HS_OK && s < ns; s++) {
        mark[s] = -1;
    }
    double lim = distance * (1 + 1e-12);
    for (size_t s = 0; rc == HS_OK && s < ns; s++) {
        size_t nt = 0, nc = 0;
        h.n = 0;
        int64_t ends[2] = {n->sfrom[s], n->sto[s]};
        for (int e = 0; e < 2 && rc == HS_OK; e++) {
            if (dist[ends[e]] > 0) {
                if (isinf(dist[ends[e]])) {
                    touched[nt++] = ends[e];
                }
                dist[ends[e]] = 0;
                rc = heap_push(&h, 0, ends[e]);
            }
        }
        while (rc == HS_OK && h.n) {
            double d;
            int64_t v;
            heap_pop(&h, &d, &v);
            if (d > dist[v]) {
                continue;
            }
            for (int64_t k = n->nstart[v]; k < n->nstart[v + 1] && rc == HS_OK; k++) {
                int64_t j = n->nseg_idx[k];
                if (j != (int64_t)s && mark[j] != (int64_t)s) {
                    mark[j] = (int64_t)s;
                    if (hs__grow((void **)&cur, &ccap, nc + 1, sizeof *cur)) {
                        rc = HS_ENOMEM;
                        break;
                    }
                    cur[nc++] = j;
                }
                int64_t w = n->sfrom[j] == v ? n->sto[j] : n->sfrom[j];
                double dw = d + n->slen[j];
                if (j != (int64_t)s && dw <= lim && dw < dist[w]) {
                    if (isinf(dist[w])) {
                        touched[nt++] = w;
                    }
                    dist[w] = dw;
                    rc = heap_push(&h, dw, w);
                }
            }
        }
        for (size_t t = 0; t < nt; t++) {
            dist[touched[t]] = INFINITY;
        }
        start[s] = (int64_t)nidx;
        if (rc == HS_OK && nc) {
            qsort(cur, nc, sizeof *cur, cmp_i64);
            if (hs__grow((void **)&idx, &cap, nidx + nc, sizeof *idx)) {
                rc = HS_ENOMEM;
                break;
            }
            memcpy(idx + nidx, cur, nc * sizeof *cur);
            nidx += nc;
        }
    }
    if (rc == HS_OK) {
        start[ns] = (int64_t)nidx;
        if (!idx) {
            idx = malloc(sizeof *idx);
            rc = idx ? HS_OK : HS_ENOMEM;
        }
    }
    free(dist);
    free(touched);
    free(mark);
    free(cur);
    free(h.d);
    free(h.v);
    if (rc != HS_OK) {
        free(start);
        free(idx);
        return hs__error(ctx, rc, "network neighbours: out of memory");
    }
    *start_out = start;
    *idx_out = idx;
    return HS_OK;
}
