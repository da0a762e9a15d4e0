/*
 * Draws the basemap read for the frame (basemap_gdal.c) with cairo: area classes filled in the
 * style's order, then lines (watercourses, paths, streets, railway, main streets, major roads):
 * every road casing first and the light centres over them, so that junctions join; widths follow
 * the scale. Street names are set straight along the straighter parts of their streets, upright,
 * with a white halo, never over one another, the furniture (obstacles) or where a place label may
 * go. Reads no file.
 */
#include "core/hs_internal.h"
#include "render/render.h"

#include <cairo.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#ifndef M_PI
#define M_PI 3.14159265358979323846
#endif

typedef struct tf {
    double fx, fy, fh, x0, y0, s;
} tf;

static double tx(const tf *t, double x)
{
    return t->fx + (x - t->x0) * t->s;
}

static double ty(const tf *t, double y)
{
    return t->fy + t->fh - (y - t->y0) * t->s;
}

static void rgba(cairo_t *cr, hs_rgba c)
{
    cairo_set_source_rgba(cr, c.r, c.g, c.b, c.a);
}

static double width_factor(double den)
{
    return den <= 20000 ? 1.0 : den <= 50000 ? 0.8 : den <= 100000 ? 0.6 : 0.45;
}

static void line_paths(cairo_t *cr, const tf *t, const hs__map_layer *l)
{
    for (size_t i = 0; i < l->nfeats; i++) {
        const hs__map_feat *f = &l->feats[i];
        for (size_t k = 0; k < f->npts; k++) {
            const hs_point *p = &l->pts[f->pt0 + k];
            if (k == 0) {
                cairo_move_to(cr, tx(t, p->x), ty(t, p->y));
            } else {
                cairo_line_to(cr, tx(t, p->x), ty(t, p->y));
            }
        }
    }
}

void hs__basemap_draw(struct _cairo *cr, const hs_map *m, double fx, double fy, double fw,
                      double fh, double x0, double y0, double s)
{
    const hs__basemap *bm = m->basemap;
    if (bm == NULL || !bm->loaded || bm->style == NULL) {
        return;
    }
    (void)fw;
    tf t = {fx, fy, fh, x0, y0, s};
    const hs_style *st = bm->style;
    size_t nc = st->nclasses < HS__BM_MAX_CLASSES ? st->nclasses : HS__BM_MAX_CLASSES;
    cairo_save(cr);
    cairo_set_fill_rule(cr, CAIRO_FILL_RULE_EVEN_ODD);
    cairo_set_line_join(cr, CAIRO_LINE_JOIN_ROUND);
    for (size_t c = 0; c < nc; c++) {
        const hs__map_layer *l = &bm->polys[c];
        if (l->nfeats == 0) {
            continue;
        }
        for (size_t i = 0; i < l->nfeats; i++) {
            const hs__map_feat *f = &l->feats[i];
            size_t at = f->pt0;
            for (size_t r = 0; r < f->nrings; r++) {
                size_t n = l->ring_len[f->ring0 + r];
                for (size_t k = 0; k < n; k++) {
                    const hs_point *p = &l->pts[at + k];
                    if (k == 0) {
                        cairo_move_to(cr, tx(&t, p->x), ty(&t, p->y));
                    } else {
                        cairo_line_to(cr, tx(&t, p->x), ty(&t, p->y));
                    }
                }
                cairo_close_path(cr);
                at += n;
            }
        }
        const hs_style_class *k = &st->classes[c];
        rgba(cr, k->fill);
        cairo_fill_preserve(cr);
        rgba(cr, k->stroke);
        cairo_set_line_width(cr, 0.12);
        cairo_stroke(cr);
    }
    /* lines: casings (the stroke colour, full width), then the centres of the wide ones */
    double wf = width_factor(bm->scale_den);
    cairo_set_line_cap(cr, CAIRO_LINE_CAP_ROUND);
    for (int pass = 0; pass < 2; pass++) {
        for (size_t c = 0; c < nc; c++) {
            const hs__map_layer *l = &bm->lines[c];
            const hs_style_class *k = &st->classes[c];
            double w = (k->width > 0 ? k->width : 0.3) * wf;
            int rail = k->value && strcmp(k->value, "rail") == 0;
            if (l->nfeats == 0 || (pass == 1 && w < 0.45 && !rail)) {
                continue;
            }
            line_paths(cr, &t, l);
            if (pass == 0) {
                rgba(cr, k->stroke);
                cairo_set_line_width(cr, w);
            } else if (rail) { /* the railway's white dashes */
                double dash[2] = {1.6 * wf, 1.6 * wf};
                cairo_set_dash(cr, dash, 2, 0);
                cairo_set_source_rgb(cr, 1, 1, 1);
                cairo_set_line_width(cr, w * 0.45);
                cairo_set_line_cap(cr, CAIRO_LINE_CAP_BUTT);
            } else {
                rgba(cr, k->fill);
                cairo_set_line_width(cr, w - 0.24);
            }
            cairo_stroke(cr);
            cairo_set_dash(cr, NULL, 0, 0);
            cairo_set_line_cap(cr, CAIRO_LINE_CAP_ROUND);
        }
    }
    cairo_restore(cr);
}

/* ---- street names ---- */

typedef struct chain {
    hs_point *p; /* paper mm */
    size_t n;
    double len;
    int rank; /* class index: major roads are named first */
    const char *name;
} chain;

typedef struct quad {
    double x[4], y[4];
} quad;

static int quads_meet(const quad *a, const quad *b)
{
    const quad *q[2] = {a, b};
    for (int s = 0; s < 2; s++) {
        for (int e = 0; e < 4; e++) {
            double nx = -(q[s]->y[(e + 1) % 4] - q[s]->y[e]);
            double ny = q[s]->x[(e + 1) % 4] - q[s]->x[e];
            double lo[2] = {INFINITY, INFINITY};
            double hi[2] = {-INFINITY, -INFINITY};
            for (int w = 0; w < 2; w++) {
                for (int k = 0; k < 4; k++) {
                    double d = q[w]->x[k] * nx + q[w]->y[k] * ny;
                    lo[w] = fmin(lo[w], d);
                    hi[w] = fmax(hi[w], d);
                }
            }
            if (hi[0] < lo[1] || hi[1] < lo[0]) {
                return 0;
            }
        }
    }
    return 1;
}

static quad box_quad(double x, double y, double w, double h)
{
    quad q = {{x, x + w, x + w, x}, {y, y, y + h, y + h}};
    return q;
}

/* The point at arc length d along c. */
static hs_point along(const chain *c, double d, size_t *seg)
{
    double acc = 0;
    for (size_t i = 0; i + 1 < c->n; i++) {
        double l = hypot(c->p[i + 1].x - c->p[i].x, c->p[i + 1].y - c->p[i].y);
        if (acc + l >= d || i + 2 == c->n) {
            double u = l > 0 ? (d - acc) / l : 0;
            u = u < 0 ? 0 : u > 1 ? 1 : u;
            *seg = i;
            return (hs_point){c->p[i].x + u * (c->p[i + 1].x - c->p[i].x),
                              c->p[i].y + u * (c->p[i + 1].y - c->p[i].y)};
        }
        acc += l;
    }
    *seg = 0;
    return c->p[0];
}

static int cmp_chain(const void *a, const void *b)
{
    const chain *x = a;
    const chain *y = b;
    if (x->rank != y->rank) {
        return y->rank - x->rank;
    }
    return x->len < y->len ? 1 : x->len > y->len ? -1 : 0;
}

typedef struct seg_ref {
    const char *name;
    const hs__map_layer *l;
    size_t feat;
    int rank;
    int used;
} seg_ref;

static int cmp_seg(const void *a, const void *b)
{
    return strcmp(((const seg_ref *)a)->name, ((const seg_ref *)b)->name);
}

/* Appends the paper points of segment r to the chain (reversed when rev), skipping the shared
 * first point when join. */
static int chain_put(chain *c, size_t *cap, const tf *t, const seg_ref *r, int rev, int front)
{
    const hs__map_feat *f = &r->l->feats[r->feat];
    size_t n = f->npts;
    if (hs__grow((void **)&c->p, cap, c->n + n, sizeof(hs_point))) {
        return HS_ENOMEM;
    }
    if (front) {
        memmove(c->p + n, c->p, c->n * sizeof(hs_point));
    }
    for (size_t k = 0; k < n; k++) {
        const hs_point *p = &r->l->pts[f->pt0 + (rev ? n - 1 - k : k)];
        c->p[(front ? 0 : c->n) + k] = (hs_point){tx(t, p->x), ty(t, p->y)};
    }
    c->n += n;
    return HS_OK;
}

static double chain_len(const chain *c)
{
    double l = 0;
    for (size_t i = 0; i + 1 < c->n; i++) {
        l += hypot(c->p[i + 1].x - c->p[i].x, c->p[i + 1].y - c->p[i].y);
    }
    return l;
}

/* Joins the segments of one name (refs[0..n)) into chains end to end. */
static int make_chains(chain **out, size_t *nout, size_t *cap_out, const tf *t, seg_ref *refs,
                       size_t n)
{
    for (size_t start = 0; start < n; start++) {
        if (refs[start].used) {
            continue;
        }
        chain c = {NULL, 0, 0, refs[start].rank, refs[start].name};
        size_t cap = 0;
        refs[start].used = 1;
        if (chain_put(&c, &cap, t, &refs[start], 0, 0)) {
            free(c.p);
            return HS_ENOMEM;
        }
        for (int grew = 1; grew;) {
            grew = 0;
            for (size_t j = 0; j < n; j++) {
                if (refs[j].used) {
                    continue;
                }
                const hs__map_feat *f = &refs[j].l->feats[refs[j].feat];
                const hs_point *a = &refs[j].l->pts[f->pt0];
                const hs_point *b = &refs[j].l->pts[f->pt0 + f->npts - 1];
                hs_point pa = {tx(t, a->x), ty(t, a->y)};
                hs_point pb = {tx(t, b->x), ty(t, b->y)};
                hs_point head = c.p[0];
                hs_point tail = c.p[c.n - 1];
                const double eps = 0.05;
                int rc = HS_OK;
                if (hypot(pa.x - tail.x, pa.y - tail.y) < eps) {
                    rc = chain_put(&c, &cap, t, &refs[j], 0, 0);
                } else if (hypot(pb.x - tail.x, pb.y - tail.y) < eps) {
                    rc = chain_put(&c, &cap, t, &refs[j], 1, 0);
                } else if (hypot(pb.x - head.x, pb.y - head.y) < eps) {
                    rc = chain_put(&c, &cap, t, &refs[j], 0, 1);
                } else if (hypot(pa.x - head.x, pa.y - head.y) < eps) {
                    rc = chain_put(&c, &cap, t, &refs[j], 1, 1);
                } else {
                    continue;
                }
                if (rc != HS_OK) {
                    free(c.p);
                    return rc;
                }
                refs[j].used = 1;
                if (refs[j].rank > c.rank) {
                    c.rank = refs[j].rank;
                }
                grew = 1;
            }
        }
        c.len = chain_len(&c);
        if (hs__grow((void **)out, cap_out, *nout + 1, sizeof(chain))) {
            free(c.p);
            return HS_ENOMEM;
        }
        (*out)[(*nout)++] = c;
    }
    return HS_OK;
}

void hs__basemap_names(struct _cairo *cr, const hs_map *m, double fx, double fy, double fw,
                       double fh, double x0, double y0, double s, const double *obst, size_t nobst)
{
    const hs__basemap *bm = m->basemap;
    if (bm == NULL || !bm->loaded || bm->style == NULL || bm->nnames == 0 ||
        bm->scale_den > 60000) {
        return;
    }
    tf t = {fx, fy, fh, x0, y0, s};
    const hs_style *st = bm->style;
    int street = hs__bm_class_named(st, "street");
    int medium = hs__bm_class_named(st, "road_medium");
    int major = hs__bm_class_named(st, "road_major");
    int named[3] = {street, medium, major};
    seg_ref *refs = NULL;
    size_t nrefs = 0;
    size_t cap = 0;
    for (int k = 0; k < 3; k++) {
        if (named[k] < 0 || (named[k] == street && bm->scale_den > 30000)) {
            continue;
        }
        const hs__map_layer *l = &bm->lines[named[k]];
        for (size_t i = 0; i < l->nfeats; i++) {
            if (l->feats[i].count < 0 || l->feats[i].npts < 2) {
                continue;
            }
            if (hs__grow((void **)&refs, &cap, nrefs + 1, sizeof(seg_ref))) {
                free(refs);
                return;
            }
            refs[nrefs++] = (seg_ref){bm->names[l->feats[i].count], l, i, named[k], 0};
        }
    }
    if (nrefs == 0) {
        free(refs);
        return;
    }
    qsort(refs, nrefs, sizeof(seg_ref), cmp_seg);
    chain *ch = NULL;
    size_t nch = 0;
    size_t chcap = 0;
    int rc = HS_OK;
    for (size_t a = 0; a < nrefs && rc == HS_OK;) {
        size_t b = a + 1;
        while (b < nrefs && strcmp(refs[b].name, refs[a].name) == 0) {
            b++;
        }
        rc = make_chains(&ch, &nch, &chcap, &t, refs + a, b - a);
        a = b;
    }
    qsort(ch, nch, sizeof(chain), cmp_chain);
    /* obstacles: the furniture, and wherever a place label may be set */
    quad *placed = NULL;
    size_t nplaced = 0;
    size_t pcap = 0;
    typedef struct done_name {
        hs_point c;
        const char *name;
    } done_name;
    done_name *dn = NULL;
    size_t ndn = 0;
    size_t dncap = 0;
    for (size_t i = 0; i < nobst; i++) {
        if (!hs__grow((void **)&placed, &pcap, nplaced + 1, sizeof(quad))) {
            placed[nplaced++] =
                box_quad(obst[4 * i], obst[4 * i + 1], obst[4 * i + 2], obst[4 * i + 3]);
        }
    }
    for (size_t i = 0; i < m->nlabels; i++) {
        double h = 0;
        char txt[200];
        hs__fmt(txt, sizeof txt, "%s (%lld)", m->labels[i].text, (long long)m->labels[i].count);
        double w = hs__text_size(cr, txt, 7.5, 0, &h) + 1.5;
        double ax = tx(&t, m->labels[i].x);
        double ay = ty(&t, m->labels[i].y);
        if (!hs__grow((void **)&placed, &pcap, nplaced + 1, sizeof(quad))) {
            placed[nplaced++] = box_quad(ax - w, ay - h - 1.5, 2 * w, 2 * h + 3);
        }
    }
    const double size = 5.5;
    const hs_rgba ink = {0.33, 0.31, 0.29, 1};
    for (size_t i = 0; i < nch; i++) {
        const chain *c = &ch[i];
        double th = 0;
        double tw = hs__text_size(cr, c->name, size, 0, &th);
        double need = tw + 2;
        if (c->len < need) {
            continue;
        }
        int done = 0;
        /* candidate centres: the middle, then outwards */
        for (int tries = 0; tries < 9 && !done; tries++) {
            double off = (tries % 2 ? 1 : -1) * ((tries + 1) / 2) * 0.11 * c->len;
            double mid = c->len / 2 + off;
            if (mid - need / 2 < 0 || mid + need / 2 > c->len) {
                continue;
            }
            size_t sa = 0;
            size_t sb = 0;
            hs_point a = along(c, mid - need / 2, &sa);
            hs_point b = along(c, mid + need / 2, &sb);
            double dx = b.x - a.x;
            double dy = b.y - a.y;
            double cl = hypot(dx, dy);
            if (cl < 0.92 * need) {
                continue; /* too curved here */
            }
            int straight = 1;
            for (size_t k = sa + 1; k <= sb && straight; k++) {
                double dev = fabs((c->p[k].x - a.x) * dy - (c->p[k].y - a.y) * dx) / cl;
                straight = dev < 0.7;
            }
            if (!straight) {
                continue;
            }
            double ang = atan2(dy, dx);
            if (ang > M_PI / 2) {
                ang -= M_PI;
            } else if (ang < -M_PI / 2) {
                ang += M_PI;
            }
            double cx = (a.x + b.x) / 2;
            double cy = (a.y + b.y) / 2;
            double ca = cos(ang);
            double sn = sin(ang);
            double hw = tw / 2 + 0.6;
            double hh = th / 2 + 0.3;
            quad q;
            double ux[4] = {-hw, hw, hw, -hw};
            double uy[4] = {-hh, -hh, hh, hh};
            int in = 1;
            for (int k = 0; k < 4; k++) {
                q.x[k] = cx + ux[k] * ca - uy[k] * sn;
                q.y[k] = cy + ux[k] * sn + uy[k] * ca;
                in &= q.x[k] > fx + 1 && q.x[k] < fx + fw - 1 && q.y[k] > fy + 1 &&
                      q.y[k] < fy + fh - 1;
            }
            if (!in) {
                continue;
            }
            int clash = 0;
            for (size_t k = 0; k < nplaced && !clash; k++) {
                clash = quads_meet(&q, &placed[k]);
            }
            for (size_t k = 0; k < ndn && !clash; k++) { /* the same name nearby */
                clash =
                    strcmp(dn[k].name, c->name) == 0 && hypot(dn[k].c.x - cx, dn[k].c.y - cy) < 70;
            }
            if (clash) {
                continue;
            }
            if (hs__grow((void **)&placed, &pcap, nplaced + 1, sizeof(quad))) {
                break;
            }
            placed[nplaced++] = q;
            if (!hs__grow((void **)&dn, &dncap, ndn + 1, sizeof(done_name))) {
                dn[ndn++] = (done_name){{cx, cy}, c->name};
            }
            cairo_save(cr);
            cairo_translate(cr, cx, cy);
            cairo_rotate(cr, ang);
            hs__text(cr, 0, -th / 2, c->name, size, 0, 1, ink, 0.6, NULL);
            cairo_restore(cr);
            done = 1;
        }
    }
    for (size_t i = 0; i < nch; i++) {
        free(ch[i].p);
    }
    free(ch);
    free(refs);
    free(placed);
    free(dn);
}
