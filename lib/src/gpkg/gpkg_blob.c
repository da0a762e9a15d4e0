/*
 * GeoPackage geometry blobs (GeoPackage 1.2, clause 2.1.3): the "GP" header with the SRS id and an
 * envelope, followed by little-endian WKB of a point, linestring, polygon or multipolygon. Also
 * reads back the envelope of a blob (for the R-tree fill). Plain C over byte buffers: no SQLite, no
 * GDAL here.
 */
#include "core/hs_internal.h"
#include "gpkg/gpkg.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

typedef struct wbuf {
    unsigned char **p;
    size_t *cap;
    size_t len;
    int err;
} wbuf;

static void wbytes(wbuf *w, const void *src, size_t n)
{
    if (w->err) {
        return;
    }
    void *buf = *w->p;
    if (hs__grow(&buf, w->cap, w->len + n, 1)) {
        w->err = HS_ENOMEM;
        return;
    }
    *w->p = buf;
    memcpy(*w->p + w->len, src, n);
    w->len += n;
}

/* The library only builds on little-endian hosts' IEEE doubles; WKB byte order 1 says so. */
static void wu32(wbuf *w, uint32_t v)
{
    unsigned char b[4] = {(unsigned char)v, (unsigned char)(v >> 8), (unsigned char)(v >> 16),
                          (unsigned char)(v >> 24)};
    wbytes(w, b, 4);
}

static void wf64(wbuf *w, double d)
{
    uint64_t v;
    memcpy(&v, &d, 8);
    unsigned char b[8];
    for (int i = 0; i < 8; i++) {
        b[i] = (unsigned char)(v >> (8 * i));
    }
    wbytes(w, b, 8);
}

static double rf64(const unsigned char *p)
{
    uint64_t v = 0;
    for (int i = 7; i >= 0; i--) {
        v = (v << 8) | p[i];
    }
    double d;
    memcpy(&d, &v, 8);
    return d;
}

static double ring_area2(const hs_point *p, size_t n)
{
    double a = 0;
    for (size_t i = 0; i + 1 < n; i++) {
        a += p[i].x * p[i + 1].y - p[i + 1].x * p[i].y;
    }
    if (n > 1) {
        a += p[n - 1].x * p[0].y - p[0].x * p[n - 1].y;
    }
    return a;
}

static void wring(wbuf *w, const hs_point *p, size_t n, hs_bbox *box)
{
    int closed = n > 1 && p[0].x == p[n - 1].x && p[0].y == p[n - 1].y;
    wu32(w, (uint32_t)(closed ? n : n + 1));
    for (size_t i = 0; i < n; i++) {
        wf64(w, p[i].x);
        wf64(w, p[i].y);
        box->xmin = fmin(box->xmin, p[i].x);
        box->xmax = fmax(box->xmax, p[i].x);
        box->ymin = fmin(box->ymin, p[i].y);
        box->ymax = fmax(box->ymax, p[i].y);
    }
    if (!closed && n) {
        wf64(w, p[0].x);
        wf64(w, p[0].y);
    }
}

/* Writes polygon rings [r0, r1) as WKB polygon. */
static void wpolygon(wbuf *w, const hs_geom *g, const size_t *start, size_t r0, size_t r1,
                     hs_bbox *box)
{
    unsigned char bo = 1;
    wbytes(w, &bo, 1);
    wu32(w, 3);
    wu32(w, (uint32_t)(r1 - r0));
    for (size_t r = r0; r < r1; r++) {
        wring(w, g->pts + start[r], g->ring_len[r], box);
    }
}

int hs__gpkg_blob(unsigned char **buf, size_t *cap, size_t *len, hs_bbox *box, const hs_geom *g,
                  hs_geom_kind layer_kind, int32_t srs_id)
{
    wbuf w = {buf, cap, 0, 0};
    hs_bbox b = {INFINITY, INFINITY, -INFINITY, -INFINITY};
    int is_point = g->kind == HS_GEOM_POINT;
    if (is_point && (isnan(g->x) || isnan(g->y))) {
        return HS_EINVAL;
    }
    if (!is_point && (g->nrings == 0 || !g->pts || !g->ring_len)) {
        return HS_EINVAL;
    }
    /* header: magic, version 0, flags (little endian; envelope xy for polygons) */
    unsigned char head[4] = {'G', 'P', 0, (unsigned char)(is_point ? 0x01 : 0x03)};
    wbytes(&w, head, 4);
    wu32(&w, (uint32_t)srs_id);
    size_t env_at = w.len;
    if (!is_point) {
        for (int i = 0; i < 4; i++) {
            wf64(&w, 0.0);
        }
    }
    unsigned char bo = 1;
    if (is_point) {
        wbytes(&w, &bo, 1);
        wu32(&w, 1);
        wf64(&w, g->x);
        wf64(&w, g->y);
        b.xmin = b.xmax = g->x;
        b.ymin = b.ymax = g->y;
    } else {
        size_t start[256];
        size_t *st = start;
        size_t heap_cap = 0;
        void *heap = NULL;
        if (g->nrings > 256) {
            if (hs__grow(&heap, &heap_cap, g->nrings, sizeof(size_t))) {
                return HS_ENOMEM;
            }
            st = heap;
        }
        size_t off = 0;
        for (size_t r = 0; r < g->nrings; r++) {
            st[r] = off;
            off += g->ring_len[r];
        }
        if (layer_kind == HS_GEOM_LINESTRING) {
            size_t np = g->ring_len[0];
            wbytes(&w, &bo, 1);
            wu32(&w, 2);
            wu32(&w, (uint32_t)np);
            for (size_t i = 0; i < np; i++) {
                wf64(&w, g->pts[i].x);
                wf64(&w, g->pts[i].y);
                b.xmin = fmin(b.xmin, g->pts[i].x);
                b.xmax = fmax(b.xmax, g->pts[i].x);
                b.ymin = fmin(b.ymin, g->pts[i].y);
                b.ymax = fmax(b.ymax, g->pts[i].y);
            }
        } else if (layer_kind == HS_GEOM_MULTIPOLYGON) {
            /* rings with the orientation of the first ring start a polygon; the others are holes */
            double a0 = ring_area2(g->pts, g->ring_len[0]);
            size_t npoly = 0;
            for (size_t r = 0; r < g->nrings; r++) {
                double a = ring_area2(g->pts + st[r], g->ring_len[r]);
                npoly += r == 0 || (a > 0) == (a0 > 0);
            }
            wbytes(&w, &bo, 1);
            wu32(&w, 6);
            wu32(&w, (uint32_t)npoly);
            size_t r0 = 0;
            for (size_t r = 1; r <= g->nrings; r++) {
                if (r == g->nrings ||
                    (ring_area2(g->pts + st[r], g->ring_len[r]) > 0) == (a0 > 0)) {
                    wpolygon(&w, g, st, r0, r, &b);
                    r0 = r;
                }
            }
        } else {
            wpolygon(&w, g, st, 0, g->nrings, &b);
        }
        free(heap);
        if (!w.err) {
            unsigned char *p = *buf + env_at;
            double env[4] = {b.xmin, b.xmax, b.ymin, b.ymax};
            for (int i = 0; i < 4; i++) {
                uint64_t v;
                memcpy(&v, &env[i], 8);
                for (int k = 0; k < 8; k++) {
                    p[8 * i + k] = (unsigned char)(v >> (8 * k));
                }
            }
        }
    }
    if (w.err) {
        return w.err;
    }
    *len = w.len;
    *box = b;
    return HS_OK;
}

int hs__gpkg_blob_envelope(hs_bbox *box, const unsigned char *p, size_t n)
{
    if (n < 8 || p[0] != 'G' || p[1] != 'P') {
        return HS_EDATA;
    }
    int flags = p[3];
    int env = (flags >> 1) & 7;
    if (flags & 0x10) {
        return HS_ENODATA; /* empty */
    }
    if (!(flags & 1)) {
        return HS_EUNSUPPORTED; /* big-endian blobs are never written by hotspot */
    }
    if (env >= 1 && n >= 40) {
        box->xmin = rf64(p + 8);
        box->xmax = rf64(p + 16);
        box->ymin = rf64(p + 24);
        box->ymax = rf64(p + 32);
        return HS_OK;
    }
    size_t hdr = 8 + (env == 1 ? 32 : env == 2 || env == 3 ? 48 : env == 4 ? 64 : 0);
    if (n >= hdr + 21 && p[hdr] == 1 && p[hdr + 1] == 1 && p[hdr + 2] == 0) {
        box->xmin = box->xmax = rf64(p + hdr + 5);
        box->ymin = box->ymax = rf64(p + hdr + 13);
        return isnan(box->xmin) ? HS_ENODATA : HS_OK;
    }
    return HS_EUNSUPPORTED;
}
