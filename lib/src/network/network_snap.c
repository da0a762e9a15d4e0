/*
 * Snapping points to the nearest street segment: a uniform grid over the segments' edges (cell
 * = the snap distance, so a point looks only at its own and the 8 cells around it), exact
 * point-to-edge distances, ties to the lower segment, the points shared out between threads; and
 * tallying snapped weights per segment, a point at a shared node split equally between the segments
 * meeting there.
 */
#include "network/network.h"

#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

typedef struct edge_index {
    double x0, y0, cell;
    size_t nx, ny;
    int64_t *start; /* nx * ny + 1 */
    uint32_t *edge; /* index of the edge's first vertex in n->pts */
} edge_index;

static size_t clampi(double v, size_t n)
{
    if (!(v > 0)) {
        return 0;
    }
    return v >= (double)(n - 1) ? n - 1 : (size_t)v;
}

/* Builds the index; edges are the pairs (pts[k], pts[k + 1]) inside one segment. */
static int index_build(edge_index *ix, const hs_network *n, double cell)
{
    memset(ix, 0, sizeof *ix);
    hs_bbox b = {INFINITY, INFINITY, -INFINITY, -INFINITY};
    size_t npts = n->sstart[n->nseg];
    for (size_t i = 0; i < npts; i++) {
        b.xmin = fmin(b.xmin, n->pts[i].x);
        b.ymin = fmin(b.ymin, n->pts[i].y);
        b.xmax = fmax(b.xmax, n->pts[i].x);
        b.ymax = fmax(b.ymax, n->pts[i].y);
    }
    /* at most ~4M cells: a coarser cell for a huge extent keeps memory bounded */
    double w = b.xmax - b.xmin, h = b.ymax - b.ymin;
    while ((w / cell + 1) * (h / cell + 1) > 4e6) {
        cell *= 2;
    }
    ix->x0 = b.xmin;
    ix->y0 = b.ymin;
    ix->cell = cell;
    ix->nx = (size_t)(w / cell) + 1;
    ix->ny = (size_t)(h / cell) + 1;
    size_t nc = ix->nx * ix->ny;
    ix->start = calloc(nc + 1, sizeof *ix->start);
    if (!ix->start) {
        return HS_ENOMEM;
    }
    for (int pass = 0; pass < 2; pass++) {
        for (size_t s = 0; s < n->nseg; s++) {
            for (size_t k = n->sstart[s]; k + 1 < n->sstart[s + 1]; k++) {
                hs_point p = n->pts[k], q = n->pts[k + 1];
                size_t i0 = clampi((fmin(p.x, q.x) - ix->x0) / cell, ix->nx);
                size_t i1 = clampi((fmax(p.x, q.x) - ix->x0) / cell, ix->nx);
                size_t j0 = clampi((fmin(p.y, q.y) - ix->y0) / cell, ix->ny);
                size_t j1 = clampi((fmax(p.y, q.y) - ix->y0) / cell, ix->ny);
                for (size_t j = j0; j <= j1; j++) {
                    for (size_t i = i0; i <= i1; i++) {
                        size_t c = j * ix->nx + i;
                        if (pass == 0) {
                            ix->start[c + 1]++;
                        } else {
                            ix->edge[ix->start[c]++] = (uint32_t)k;
                        }
                    }
                }
            }
        }
        if (pass == 0) {
            for (size_t c = 0; c < nc; c++) {
                ix->start[c + 1] += ix->start[c];
            }
            ix->edge = malloc(((size_t)ix->start[nc] + 1) * sizeof *ix->edge);
            if (!ix->edge) {
                free(ix->start);
                return HS_ENOMEM;
            }
        } else {
            /* start[c] now holds the end of cell c: shift back */
            for (size_t c = nc; c > 0; c--) {
                ix->start[c] = ix->start[c - 1];
            }
            ix->start[0] = 0;
        }
    }
    return HS_OK;
}

/* Squared distance from (x, y) to the edge p-q, and the parameter t of the nearest point. */
static double edge_d2(double x, double y, hs_point p, hs_point q, double *t)
{
    double dx = q.x - p.x, dy = q.y - p.y, l2 = dx * dx + dy * dy;
    double u = l2 > 0 ? ((x - p.x) * dx + (y - p.y) * dy) / l2 : 0;
    u = u < 0 ? 0 : u > 1 ? 1 : u;
    double ex = p.x + u * dx - x, ey = p.y + u * dy - y;
    *t = u;
    return ex * ex + ey * ey;
}

typedef struct snap_job {
    const hs_network *n;
    const edge_index *ix;
    const uint32_t *owner;
    const double *x, *y;
    int64_t *seg, *node;
    double *dist;
    double max_dist;
    size_t p0, p1;
} snap_job;

static void *snap_run(void *arg)
{
    const snap_job *j = arg;
    const hs_network *n = j->n;
    const edge_index *ix = j->ix;
    const uint32_t *owner = j->owner;
    double r2 = j->max_dist * j->max_dist, node2 = HS_NETWORK_NODE_SNAP * HS_NETWORK_NODE_SNAP;
    int reach = (int)ceil(j->max_dist / ix->cell);
    for (size_t i = j->p0; i < j->p1; i++) {
        double px = j->x[i], py = j->y[i], best = INFINITY, bt = 0;
        int64_t bs = -1;
        size_t bk = 0;
        if (isfinite(px) && isfinite(py)) {
            double fx = floor((px - ix->x0) / ix->cell), fy = floor((py - ix->y0) / ix->cell);
            for (double cj = fy - reach; cj <= fy + reach; cj++) {
                if (cj < 0 || cj >= (double)ix->ny) {
                    continue;
                }
                for (double ci = fx - reach; ci <= fx + reach; ci++) {
                    if (ci < 0 || ci >= (double)ix->nx) {
                        continue;
                    }
                    size_t c = (size_t)cj * ix->nx + (size_t)ci;
                    for (int64_t e = ix->start[c]; e < ix->start[c + 1]; e++) {
                        size_t k = ix->edge[e];
                        double t;
                        double d2 = edge_d2(px, py, n->pts[k], n->pts[k + 1], &t);
                        int64_t s = owner[k];
                        if (d2 < best || (d2 == best && s < bs)) {
                            best = d2;
                            bs = s;
                            bk = k;
                            bt = t;
                        }
                    }
                }
            }
        }
        int ok = bs >= 0 && best <= r2;
        int64_t nd = -1;
        if (ok) {
            hs_point p = n->pts[bk], q = n->pts[bk + 1];
            hs_point at = {p.x + bt * (q.x - p.x), p.y + bt * (q.y - p.y)};
            int64_t ends[2] = {n->sfrom[bs], n->sto[bs]};
            for (int e = 0; e < 2 && nd < 0; e++) {
                hs_point np2 = n->nxy[ends[e]];
                double dx = np2.x - at.x, dy = np2.y - at.y;
                if (dx * dx + dy * dy <= node2 &&
                    n->nstart[ends[e] + 1] - n->nstart[ends[e]] >= 2) {
                    nd = ends[e];
                }
            }
        }
        if (j->seg) {
            j->seg[i] = ok ? bs : -1;
        }
        if (j->node) {
            j->node[i] = nd;
        }
        if (j->dist) {
            j->dist[i] = ok ? sqrt(best) : NAN;
        }
    }
    return NULL;
}

int hs_network_snap(int64_t *seg, int64_t *node, double *dist, hs_ctx *ctx, const hs_network *n,
                    const double *x, const double *y, size_t np, double max_dist)
{
    if (!n || !n->built || (np && (!x || !y)) || !(max_dist > 0)) {
        return hs__error(ctx, HS_EINVAL,
                         "snap: a built network, coordinates and a distance > 0 needed");
    }
    if (n->nseg == 0) {
        for (size_t i = 0; i < np; i++) {
            if (seg) {
                seg[i] = -1;
            }
            if (node) {
                node[i] = -1;
            }
            if (dist) {
                dist[i] = NAN;
            }
        }
        return HS_OK;
    }
    edge_index ix;
    if (index_build(&ix, n, max_dist)) {
        return hs__error(ctx, HS_ENOMEM, "snap: out of memory");
    }
    /* the owner segment of each edge's first vertex */
    size_t npts = n->sstart[n->nseg];
    uint32_t *owner = malloc((npts + 1) * sizeof *owner);
    if (!owner) {
        free(ix.start);
        free(ix.edge);
        return hs__error(ctx, HS_ENOMEM, "snap: out of memory");
    }
    for (size_t s = 0; s < n->nseg; s++) {
        for (size_t k = n->sstart[s]; k < n->sstart[s + 1]; k++) {
            owner[k] = (uint32_t)s;
        }
    }
    int nt = hs__threads_for(ctx, np / 20000 + 1);
    snap_job jobs[64];
    pthread_t tid[64];
    int started[64] = {0};
    for (int t = 0; t < nt; t++) {
        jobs[t] = (snap_job){n,
                             &ix,
                             owner,
                             x,
                             y,
                             seg,
                             node,
                             dist,
                             max_dist,
                             np * (size_t)t / (size_t)nt,
                             np * (size_t)(t + 1) / (size_t)nt};
        if (nt > 1 && pthread_create(&tid[t], NULL, snap_run, &jobs[t]) == 0) {
            started[t] = 1;
        } else {
            snap_run(&jobs[t]);
        }
    }
    for (int t = 0; t < nt; t++) {
        if (started[t]) {
            pthread_join(tid[t], NULL);
        }
    }
    free(owner);
    free(ix.start);
    free(ix.edge);
    return HS_OK;
}

void hs_network_tally(double *counts, const hs_network *n, const int64_t *seg, const int64_t *node,
                      const double *w, size_t np)
{
    if (!counts || !n || !seg) {
        return;
    }
    for (size_t i = 0; i < np; i++) {
        double wi = w ? w[i] : 1.0;
        if (seg[i] < 0 || (size_t)seg[i] >= n->nseg) {
            continue; /* unsnapped (or left out by the caller) */
        }
        if (node && node[i] >= 0 && (size_t)node[i] < n->nnode) {
            int64_t a = n->nstart[node[i]], z = n->nstart[node[i] + 1];
            for (int64_t k = a; k < z; k++) {
                counts[n->nseg_idx[k]] += wi / (double)(z - a);
            }
        } else {
            counts[seg[i]] += wi;
        }
    }
}
