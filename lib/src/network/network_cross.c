/*
 * Crossings of a street network's lines: edges are bucketed in a uniform grid, pairs sharing a
 * cell are intersected, and each crossing (or a line's end touching another line's edge) becomes
 * a vertex of both lines, placed at one identical coordinate, so that network.c nodes them as
 * shared vertices. A pair is handled only in the cell holding its crossing point, so it is
 * counted once. Collinear overlaps are left alone. Plain C over arrays.
 */
#include "network/network.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

typedef struct ins {
    size_t edge; /* index of the edge's first vertex in n->lpts */
    double t;
    hs_point p;
} ins;

typedef struct ins_buf {
    ins *v;
    size_t n, cap;
} ins_buf;

static int push(ins_buf *b, size_t edge, double t, hs_point p)
{
    if (hs__grow((void **)&b->v, &b->cap, b->n + 1, sizeof *b->v)) {
        return HS_ENOMEM;
    }
    b->v[b->n++] = (ins){edge, t, p};
    return HS_OK;
}

static int cmp_ins(const void *a, const void *b)
{
    const ins *x = a, *y = b;
    if (x->edge != y->edge) {
        return x->edge < y->edge ? -1 : 1;
    }
    return (x->t > y->t) - (x->t < y->t);
}

static size_t clampc(double v, size_t n)
{
    if (!(v > 0)) {
        return 0;
    }
    return v >= (double)(n - 1) ? n - 1 : (size_t)v;
}

/* Intersects edges a (p -> p2) and b (q -> q2); pushes the vertices to insert. */
static int cross(ins_buf *out, const hs_point *P, size_t a, size_t b, double tol, double x0,
                 double y0, double cell, size_t ci, size_t cj, size_t nx, size_t ny)
{
    hs_point p = P[a], p2 = P[a + 1], q = P[b], q2 = P[b + 1];
    double rx = p2.x - p.x, ry = p2.y - p.y, sx = q2.x - q.x, sy = q2.y - q.y;
    double den = rx * sy - ry * sx;
    double lr = hypot(rx, ry), ls = hypot(sx, sy);
    if (lr == 0 || ls == 0 || fabs(den) <= 1e-12 * lr * ls) {
        return HS_OK; /* parallel or collinear */
    }
    double qx = q.x - p.x, qy = q.y - p.y;
    double t = (qx * sy - qy * sx) / den, u = (qx * ry - qy * rx) / den;
    double et = tol / lr, eu = tol / ls;
    if (t < -et || t > 1 + et || u < -eu || u > 1 + eu) {
        return HS_OK;
    }
    hs_point x = {p.x + t * rx, p.y + t * ry};
    /* an end within the tolerance is the crossing point itself */
    int a_end = t <= et || t >= 1 - et, b_end = u <= eu || u >= 1 - eu;
    if (a_end && b_end) {
        return HS_OK; /* a shared vertex (or nearly): noding sees it */
    }
    if (a_end) {
        x = t <= et ? p : p2;
    } else if (b_end) {
        x = u <= eu ? q : q2;
    }
    if (clampc(floor((x.x - x0) / cell), nx) != ci || clampc(floor((x.y - y0) / cell), ny) != cj) {
        return HS_OK; /* handled in the cell holding the crossing */
    }
    int rc = HS_OK;
    if (!a_end) {
        rc = push(out, a, t, x);
    }
    if (rc == HS_OK && !b_end) {
        rc = push(out, b, u, x);
    }
    return rc;
}

int hs__network_crossings(hs_network *n, double tol)
{
    size_t nv = n->nlpts;
    /* edges: vertex index k with k + 1 in the same line */
    uint8_t *last = calloc(nv + 1, 1);
    if (!last) {
        return HS_ENOMEM;
    }
    for (size_t l = 0; l < n->nlines; l++) {
        last[n->lstart[l + 1] - 1] = 1;
    }
    hs_bbox b = {INFINITY, INFINITY, -INFINITY, -INFINITY};
    double sumlen = 0;
    size_t ne = 0;
    for (size_t k = 0; k < nv; k++) {
        b.xmin = fmin(b.xmin, n->lpts[k].x);
        b.ymin = fmin(b.ymin, n->lpts[k].y);
        b.xmax = fmax(b.xmax, n->lpts[k].x);
        b.ymax = fmax(b.ymax, n->lpts[k].y);
        if (!last[k]) {
            sumlen += hypot(n->lpts[k + 1].x - n->lpts[k].x, n->lpts[k + 1].y - n->lpts[k].y);
            ne++;
        }
    }
    if (ne < 2) {
        free(last);
        return HS_OK;
    }
    double w = b.xmax - b.xmin, h = b.ymax - b.ymin;
    double cell = fmax(2 * sumlen / (double)ne, 10.0);
    while ((w / cell + 1) * (h / cell + 1) > 4e6) {
        cell *= 2;
    }
    size_t nx = (size_t)(w / cell) + 1, ny = (size_t)(h / cell) + 1, nc = nx * ny;
    int64_t *start = calloc(nc + 1, sizeof *start);
    size_t *edge = NULL;
    ins_buf out = {0};
    int rc = start ? HS_OK : HS_ENOMEM;
    for (int pass = 0; rc == HS_OK && pass < 2; pass++) {
        for (size_t k = 0; k < nv; k++) {
            if (last[k]) {
                continue;
            }
            hs_point p = n->lpts[k], q = n->lpts[k + 1];
            size_t i0 = clampc((fmin(p.x, q.x) - tol - b.xmin) / cell, nx);
            size_t i1 = clampc((fmax(p.x, q.x) + tol - b.xmin) / cell, nx);
            size_t j0 = clampc((fmin(p.y, q.y) - tol - b.ymin) / cell, ny);
            size_t j1 = clampc((fmax(p.y, q.y) + tol - b.ymin) / cell, ny);
            for (size_t j = j0; j <= j1; j++) {
                for (size_t i = i0; i <= i1; i++) {
                    if (pass == 0) {
                        start[j * nx + i + 1]++;
                    } else {
                        edge[start[j * nx + i]++] = k;
                    }
                }
            }
        }
        if (pass == 0) {
            for (size_t c = 0; c < nc; c++) {
                start[c + 1] += start[c];
            }
            edge = malloc(((size_t)start[nc] + 1) * sizeof *edge);
            rc = edge ? HS_OK : HS_ENOMEM;
        } else {
            for (size_t c = nc; c > 0; c--) {
                start[c] = start[c - 1];
            }
            start[0] = 0;
        }
    }
    for (size_t c = 0; rc == HS_OK && c < nc; c++) {
        size_t ci = c % nx, cj = c / nx;
        for (int64_t e = start[c]; rc == HS_OK && e < start[c + 1]; e++) {
            for (int64_t f = e + 1; rc == HS_OK && f < start[c + 1]; f++) {
                size_t a = edge[e], d = edge[f];
                if (a + 1 == d || d + 1 == a || a == d) {
                    continue; /* neighbours along one line meet at their shared vertex */
                }
                rc = cross(&out, n->lpts, a < d ? a : d, a < d ? d : a, tol, b.xmin, b.ymin, cell,
                           ci, cj, nx, ny);
            }
        }
    }
    free(start);
    free(edge);
    free(last);
    if (rc != HS_OK || out.n == 0) {
        free(out.v);
        return rc;
    }
    /* rebuild the lines with the new vertices in order along each edge */
    qsort(out.v, out.n, sizeof *out.v, cmp_ins);
    hs_point *np = malloc((nv + out.n) * sizeof *np);
    size_t *ls = malloc((n->nlines + 1) * sizeof *ls);
    if (!np || !ls) {
        free(np);
        free(ls);
        free(out.v);
        return HS_ENOMEM;
    }
    size_t m = 0, at = 0;
    for (size_t l = 0; l < n->nlines; l++) {
        ls[l] = m;
        for (size_t k = n->lstart[l]; k < n->lstart[l + 1]; k++) {
            np[m++] = n->lpts[k];
            for (; at < out.n && out.v[at].edge == k; at++) {
                hs_point p = out.v[at].p;
                if (p.x != np[m - 1].x || p.y != np[m - 1].y) {
                    np[m++] = p;
                }
            }
        }
    }
    ls[n->nlines] = m;
    free(out.v);
    free(n->lpts);
    n->lpts = np;
    n->nlpts = m;
    n->lpts_cap = nv + out.n;
    memcpy(n->lstart, ls, (n->nlines + 1) * sizeof *ls);
    free(ls);
    return HS_OK;
}
