/*
 * Named areas as plain rings: storage, accessors and the scanline mask of grid cells whose centre
 * lies inside. Reading (areas_gdal.c) and point-in-polygon through GEOS (areas_geos.c) live in
 * their seam files; this file must not include any third-party header.
 */
#include "core/hs_internal.h"
#include "grid/grid.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

int hs__areas_new(hs_areas **out)
{
    hs_areas *a = calloc(1, sizeof *a);
    if (!a) {
        return HS_ENOMEM;
    }
    a->all.xmin = INFINITY;
    a->all.ymin = INFINITY;
    a->all.xmax = -INFINITY;
    a->all.ymax = -INFINITY;
    *out = a;
    return HS_OK;
}

static double ring_signed_area(const hs_point *p, size_t n)
{
    double s = 0.0;
    for (size_t i = 0; i + 1 < n; i++) {
        s += (p[i].x - p[0].x) * (p[i + 1].y - p[0].y) - (p[i + 1].x - p[0].x) * (p[i].y - p[0].y);
    }
    return 0.5 * s;
}

static int reserve_area(hs_areas *a)
{
    if (a->n + 1 < a->cap) {
        return HS_OK;
    }
    size_t cap = a->cap ? a->cap * 2 : 16;
    uint32_t *id = realloc(a->id, cap * sizeof *id);
    if (id) {
        a->id = id;
    }
    uint32_t *name = realloc(a->name, cap * sizeof *name);
    if (name) {
        a->name = name;
    }
    uint32_t *kind = realloc(a->kind, cap * sizeof *kind);
    if (kind) {
        a->kind = kind;
    }
    size_t *ring0 = realloc(a->ring0, (cap + 1) * sizeof *ring0);
    if (ring0) {
        a->ring0 = ring0;
    }
    hs_bbox *bbox = realloc(a->bbox, cap * sizeof *bbox);
    if (bbox) {
        a->bbox = bbox;
    }
    if (!id || !name || !kind || !ring0 || !bbox) {
        return HS_ENOMEM;
    }
    a->cap = cap;
    return HS_OK;
}

int hs__areas_add(hs_areas *a, const char *id, const char *name, const char *kind,
                  const hs_point *pts, const size_t *ring_len, const uint8_t *outer, size_t nrings)
{
    int rc = reserve_area(a);
    if (rc) {
        return rc;
    }
    size_t total = 0;
    for (size_t r = 0; r < nrings; r++) {
        total += ring_len[r];
    }
    size_t rcap = a->ring_cap, pcap = a->pt_cap;
    if (hs__grow((void **)&a->ring_len, &rcap, a->nrings + nrings, sizeof *a->ring_len) ||
        (rcap = a->ring_cap,
         hs__grow((void **)&a->pt0, &rcap, a->nrings + nrings, sizeof *a->pt0)) ||
        (rcap = a->ring_cap,
         hs__grow((void **)&a->outer, &rcap, a->nrings + nrings, sizeof *a->outer)) ||
        hs__grow((void **)&a->pts, &pcap, a->npts + total, sizeof *a->pts)) {
        return HS_ENOMEM;
    }
    a->ring_cap = rcap;
    a->pt_cap = pcap;
    size_t k = a->n;
    a->id[k] = 0;
    a->name[k] = 0;
    a->kind[k] = 0;
    if (hs__strpool_add(&a->id[k], &a->pool, id) || hs__strpool_add(&a->name[k], &a->pool, name) ||
        hs__strpool_add(&a->kind[k], &a->pool, kind)) {
        return HS_ENOMEM;
    }
    if (k == 0) {
        a->ring0[0] = 0;
    }
    hs_bbox b = {INFINITY, INFINITY, -INFINITY, -INFINITY};
    const hs_point *src = pts;
    for (size_t r = 0; r < nrings; r++) {
        size_t len = ring_len[r];
        hs_point *dst = a->pts + a->npts;
        int is_outer = outer ? outer[r] != 0 : 1;
        double sa = ring_signed_area(src, len);
        int reverse = is_outer ? sa < 0 : sa > 0;
        for (size_t i = 0; i < len; i++) {
            dst[i] = reverse ? src[len - 1 - i] : src[i];
            b.xmin = fmin(b.xmin, dst[i].x);
            b.ymin = fmin(b.ymin, dst[i].y);
            b.xmax = fmax(b.xmax, dst[i].x);
            b.ymax = fmax(b.ymax, dst[i].y);
        }
        a->ring_len[a->nrings] = len;
        a->pt0[a->nrings] = a->npts;
        a->outer[a->nrings] = (uint8_t)(r == 0 ? 1 : is_outer);
        a->nrings++;
        a->npts += len;
        src += len;
    }
    a->bbox[k] = b;
    a->all.xmin = fmin(a->all.xmin, b.xmin);
    a->all.ymin = fmin(a->all.ymin, b.ymin);
    a->all.xmax = fmax(a->all.xmax, b.xmax);
    a->all.ymax = fmax(a->all.ymax, b.ymax);
    a->ring0[k + 1] = a->nrings;
    a->n++;
    return HS_OK;
}

size_t hs_areas_count(const hs_areas *a)
{
    return a ? a->n : 0;
}

const char *hs_areas_id(const hs_areas *a, size_t k)
{
    return a && k < a->n ? hs__strpool_get(&a->pool, a->id[k]) : NULL;
}

const char *hs_areas_name(const hs_areas *a, size_t k)
{
    return a && k < a->n ? hs__strpool_get(&a->pool, a->name[k]) : NULL;
}

const char *hs_areas_kind(const hs_areas *a, size_t k)
{
    return a && k < a->n ? hs__strpool_get(&a->pool, a->kind[k]) : NULL;
}

hs_bbox hs_areas_bbox(const hs_areas *a)
{
    hs_bbox empty = {1, 1, 0, 0};
    return a && a->n ? a->all : empty;
}

hs_bbox hs_areas_area_bbox(const hs_areas *a, size_t k)
{
    hs_bbox empty = {1, 1, 0, 0};
    return a && k < a->n ? a->bbox[k] : empty;
}

int64_t hs_areas_find(const hs_areas *a, const char *id)
{
    for (size_t k = 0; a && id && k < a->n; k++) {
        const char *s = hs__strpool_get(&a->pool, a->id[k]);
        if (s && hs__strcasecmp(s, id) == 0) {
            return (int64_t)k;
        }
    }
    return -1;
}

int hs_areas_rings(const hs_point **pts, const size_t **ring_len, size_t *nrings,
                   const uint8_t **outer, const hs_areas *a, size_t k)
{
    if (!pts || !ring_len || !nrings || !a || k >= a->n) {
        return HS_EINVAL;
    }
    size_t r0 = a->ring0[k];
    *pts = a->nrings > r0 ? a->pts + a->pt0[r0] : a->pts;
    *ring_len = a->ring_len + r0;
    *nrings = a->ring0[k + 1] - r0;
    if (outer) {
        *outer = a->outer + r0;
    }
    return HS_OK;
}

static int cmp_double(const void *pa, const void *pb)
{
    double u = *(const double *)pa, v = *(const double *)pb;
    return (u > v) - (u < v);
}

/* Fills the cells of area k whose centre is inside (even-odd over all its rings). */
static int mask_area(uint8_t *mask, const hs_areas *a, const hs_grid_spec *g, size_t k, double **xs,
                     size_t *xcap)
{
    hs_bbox b = a->bbox[k];
    double fy0 = ceil((b.ymin - g->y0) / g->cell - 0.5),
           fy1 = floor((b.ymax - g->y0) / g->cell - 0.5);
    int64_t iy0 = fy0 < 0 ? 0 : (int64_t)fy0;
    int64_t iy1 = fy1 >= (double)g->ny ? g->ny - 1 : (int64_t)fy1;
    for (int64_t iy = iy0; iy <= iy1; iy++) {
        double yc = g->y0 + ((double)iy + 0.5) * g->cell;
        size_t nx = 0;
        for (size_t r = a->ring0[k]; r < a->ring0[k + 1]; r++) {
            const hs_point *p = a->pts + a->pt0[r];
            size_t len = a->ring_len[r];
            for (size_t i = 0; i + 1 < len; i++) {
                double y1 = p[i].y, y2 = p[i + 1].y;
                if ((y1 <= yc) == (y2 <= yc)) {
                    continue;
                }
                if (hs__grow((void **)xs, xcap, nx + 1, sizeof **xs)) {
                    return HS_ENOMEM;
                }
                (*xs)[nx++] = p[i].x + (yc - y1) / (y2 - y1) * (p[i + 1].x - p[i].x);
            }
        }
        qsort(*xs, nx, sizeof **xs, cmp_double);
        uint8_t *row = mask + iy * g->nx;
        for (size_t j = 0; j + 1 < nx; j += 2) {
            double c0 = ceil(((*xs)[j] - g->x0) / g->cell - 0.5);
            double c1 = ceil(((*xs)[j + 1] - g->x0) / g->cell - 0.5) - 1;
            int64_t ix0 = c0 < 0 ? 0 : (int64_t)c0;
            int64_t ix1 = c1 >= (double)g->nx ? g->nx - 1 : (int64_t)c1;
            for (int64_t ix = ix0; ix <= ix1; ix++) {
                row[ix] = 1;
            }
        }
    }
    return HS_OK;
}

int hs_areas_mask_grid(uint8_t *mask, const hs_areas *a, const hs_grid_spec *g, int64_t k)
{
    if (!mask || !a || !g || g->nx <= 0 || g->ny <= 0 || k >= (int64_t)a->n) {
        return HS_EINVAL;
    }
    memset(mask, 0, (size_t)(g->nx * g->ny));
    double *xs = NULL;
    size_t xcap = 0;
    int rc = HS_OK;
    for (size_t j = 0; j < a->n && rc == HS_OK; j++) {
        if (k < 0 || (size_t)k == j) {
            rc = mask_area(mask, a, g, j, &xs, &xcap);
        }
    }
    free(xs);
    return rc;
}

int hs_cellgrid_mask(uint8_t *mask, hs_ctx *ctx, const hs_cellgrid *g, const hs_areas *a)
{
    if (!mask || !g || !a) {
        return hs__error(ctx, HS_EINVAL, "hs_cellgrid_mask: invalid argument");
    }
    if (g->shape != HS_GRID_HEX) {
        return hs_areas_mask_grid(mask, a, &g->square, -1);
    }
    /* hexagon centres in chunks, through the areas' point-in-polygon lookup */
    enum { CHUNK = 4096 };
    double x[CHUNK], y[CHUNK];
    int32_t k[CHUNK];
    size_t n = hs_cellgrid_ncells(g);
    for (size_t c0 = 0; c0 < n; c0 += CHUNK) {
        size_t m = n - c0 < CHUNK ? n - c0 : CHUNK;
        for (size_t i = 0; i < m; i++) {
            hs_cellgrid_anchor(&x[i], &y[i], g, c0 + i);
        }
        int rc = hs_areas_locate(k, ctx, a, x, y, m);
        if (rc != HS_OK) {
            return rc;
        }
        for (size_t i = 0; i < m; i++) {
            mask[c0 + i] = k[i] >= 0;
        }
    }
    return HS_OK;
}
