/*
 * Draws an hs_map onto a sheet with cairo: title block, map frame with the kommun base, density
 * raster, classed polygons, lines, points (never the sensitive ones on a public map), counts
 * (suppressed below min_count on public maps), place labels with halos placed without overlaps,
 * scale bar, north arrow, SWEREF 99 TM ticks, legend and the source / method / privacy footer.
 * Geometry arithmetic comes from render_layout.c; it must not read files or compute statistics.
 */
#include "core/hs_internal.h"
#include "render/render.h"

#include <cairo.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#define MM_PT (72.0 / 25.4)
#ifndef M_PI
#define M_PI 3.14159265358979323846
#endif

static const hs_rgba INK = {0.13, 0.13, 0.13, 1};
static const hs_rgba GREY = {0.38, 0.38, 0.38, 1};

typedef struct view {
    double fx, fy, fw, fh; /* frame on paper, mm */
    double x0, y0, s;      /* world origin (south-west of the frame) and mm per metre */
} view;

static double px(const view *v, double x)
{
    return v->fx + (x - v->x0) * v->s;
}

static double py(const view *v, double y)
{
    return v->fy + v->fh - (y - v->y0) * v->s;
}

static int sv(const hs_map_opts *o)
{
    return o->lang == NULL || strcmp(o->lang, "en") != 0;
}

static void set_rgba(cairo_t *cr, hs_rgba c)
{
    cairo_set_source_rgba(cr, c.r, c.g, c.b, c.a);
}

/** Formats an integer with narrow no-break spaces between groups of three digits. */
static void fmt_grouped(char *buf, size_t size, double v)
{
    char digits[32];
    long long n = llround(fabs(v));
    hs__fmt(digits, sizeof digits, "%lld", n);
    size_t len = strlen(digits);
    size_t o = 0;
    if (v < -0.5 && o + 1 < size) {
        buf[o++] = '-';
    }
    for (size_t i = 0; i < len && o + 4 < size; i++) {
        if (i > 0 && (len - i) % 3 == 0) {
            buf[o++] = '\xe2';
            buf[o++] = '\x80';
            buf[o++] = '\xaf';
        }
        buf[o++] = digits[i];
    }
    buf[o] = '\0';
}

static void ring_path(cairo_t *cr, const view *v, const hs_point *p, size_t n)
{
    for (size_t k = 0; k < n; k++) {
        if (k == 0) {
            cairo_move_to(cr, px(v, p[k].x), py(v, p[k].y));
        } else {
            cairo_line_to(cr, px(v, p[k].x), py(v, p[k].y));
        }
    }
    cairo_close_path(cr);
}

static void feature_path(cairo_t *cr, const view *v, const hs__map_layer *l, const hs__map_feat *f)
{
    size_t at = f->pt0;
    for (size_t r = 0; r < f->nrings; r++) {
        size_t n = l->ring_len[f->ring0 + r];
        ring_path(cr, v, l->pts + at, n);
        at += n;
    }
}

static void draw_polygons(cairo_t *cr, const view *v, const hs__map_layer *l, int fill, int stroke)
{
    cairo_set_fill_rule(cr, CAIRO_FILL_RULE_EVEN_ODD);
    cairo_set_line_join(cr, CAIRO_LINE_JOIN_ROUND);
    /* one path per class: fewer state changes, identical look */
    for (size_t c = 0; c < l->nclasses; c++) {
        const hs_map_class *k = &l->classes[c];
        int any = 0;
        for (size_t i = 0; i < l->nfeats; i++) {
            if (l->feats[i].cls == (int)c) {
                feature_path(cr, v, l, &l->feats[i]);
                any = 1;
            }
        }
        if (!any) {
            continue;
        }
        if (fill && k->fill.a > 0) {
            set_rgba(cr, k->fill);
            cairo_fill_preserve(cr);
        }
        if (stroke && k->stroke.a > 0 && l->line_mm > 0) {
            set_rgba(cr, k->stroke);
            cairo_set_line_width(cr, l->line_mm);
            cairo_stroke_preserve(cr);
        }
        cairo_new_path(cr);
    }
}

static void draw_lines(cairo_t *cr, const view *v, const hs__map_layer *l)
{
    cairo_set_line_join(cr, CAIRO_LINE_JOIN_ROUND);
    cairo_set_line_cap(cr, CAIRO_LINE_CAP_ROUND);
    for (size_t i = 0; i < l->nfeats; i++) {
        const hs__map_feat *f = &l->feats[i];
        for (size_t k = 0; k < f->npts; k++) {
            const hs_point *p = &l->pts[f->pt0 + k];
            if (k == 0) {
                cairo_move_to(cr, px(v, p->x), py(v, p->y));
            } else {
                cairo_line_to(cr, px(v, p->x), py(v, p->y));
            }
        }
        const hs_map_class *k = &l->classes[f->cls];
        set_rgba(cr, k->stroke.a > 0 ? k->stroke : k->fill);
        double w = l->widths && l->widths[f->cls] > 0 ? l->widths[f->cls] : l->line_mm;
        cairo_set_line_width(cr, w > 0 ? w : 0.3);
        cairo_stroke(cr);
    }
}

static void draw_points(cairo_t *cr, const view *v, const hs__map_layer *l)
{
    double r = (l->line_mm > 0 ? l->line_mm : 1.2) / 2;
    for (size_t i = 0; i < l->nfeats; i++) {
        const hs__map_feat *f = &l->feats[i];
        const hs_point *p = &l->pts[f->pt0];
        const hs_map_class *k = &l->classes[f->cls];
        cairo_new_sub_path(cr);
        cairo_arc(cr, px(v, p->x), py(v, p->y), r, 0, 2 * M_PI);
        set_rgba(cr, k->fill);
        cairo_fill_preserve(cr);
        hs_rgba st = k->stroke.a > 0 ? k->stroke : (hs_rgba){1, 1, 1, 0.8};
        set_rgba(cr, st);
        cairo_set_line_width(cr, 0.12);
        cairo_stroke(cr);
    }
}

/* Boxes on paper (x, y, w, h) labels keep off when they can. */
typedef struct boxes {
    double *b;
    size_t n, cap;
} boxes;

static void box_add(boxes *bx, double x, double y, double w, double h)
{
    if (hs__grow((void **)&bx->b, &bx->cap, 4 * (bx->n + 1), sizeof(double)) == HS_OK) {
        double *d = bx->b + 4 * bx->n++;
        d[0] = x;
        d[1] = y;
        d[2] = w;
        d[3] = h;
    }
}

static void draw_counts(cairo_t *cr, const view *v, const hs__map_layer *l, const hs_map_opts *o,
                        boxes *bx)
{
    for (size_t i = 0; i < l->nfeats; i++) {
        const hs__map_feat *f = &l->feats[i];
        if (f->count < 0 || hs_count_suppressed(f->count, o->is_public, o->min_count)) {
            continue;
        }
        double xmin = INFINITY;
        double xmax = -INFINITY;
        double ymin = INFINITY;
        double ymax = -INFINITY;
        size_t n0 = f->nrings > 0 ? l->ring_len[f->ring0] : f->npts;
        for (size_t k = 0; k < n0; k++) {
            const hs_point *p = &l->pts[f->pt0 + k];
            xmin = fmin(xmin, p->x);
            xmax = fmax(xmax, p->x);
            ymin = fmin(ymin, p->y);
            ymax = fmax(ymax, p->y);
        }
        double wmm = (xmax - xmin) * v->s;
        if (wmm < 3.5) {
            continue; /* too small on paper to carry a number */
        }
        char buf[32];
        hs__fmt(buf, sizeof buf, "%lld", (long long)f->count);
        double size = wmm < 6 ? 5.0 : 6.0;
        double th = 0;
        hs__text_size(cr, buf, size, 0, &th);
        double tw = hs__text(cr, px(v, (xmin + xmax) / 2), py(v, (ymin + ymax) / 2) - th / 2, buf,
                             size, 0, 1, INK, 0.5, NULL);
        box_add(bx, px(v, (xmin + xmax) / 2) - tw / 2, py(v, (ymin + ymax) / 2) - th / 2, tw, th);
    }
}

static int draw_raster(cairo_t *cr, const view *v, const hs_map *m)
{
    int nx = (int)m->grid.nx;
    int ny = (int)m->grid.ny;
    cairo_surface_t *img = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, nx, ny);
    if (cairo_surface_status(img) != CAIRO_STATUS_SUCCESS) {
        cairo_surface_destroy(img);
        return hs__error(m->ctx, HS_ENOMEM, "render: raster of %d x %d too large", nx, ny);
    }
    cairo_surface_flush(img);
    unsigned char *data = cairo_image_surface_get_data(img);
    int stride = cairo_image_surface_get_stride(img);
    /* a 256-entry colour table: the ramp is evaluated once per level, not per pixel */
    uint32_t lut[256];
    for (int i = 0; i < 256; i++) {
        hs_rgba c = hs__map_ramp(m, i / 255.0);
        double a = c.a * m->opacity;
        uint32_t A = (uint32_t)lround(a * 255);
        lut[i] = (A << 24) | ((uint32_t)lround(c.r * a * 255) << 16) |
                 ((uint32_t)lround(c.g * a * 255) << 8) | (uint32_t)lround(c.b * a * 255);
    }
    double inv = m->vmax > 0 ? 255.0 / m->vmax : 0;
    for (int iy = 0; iy < ny; iy++) {
        uint32_t *row = (uint32_t *)(void *)(data + (size_t)(ny - 1 - iy) * (size_t)stride);
        const float *src = m->values + (size_t)iy * (size_t)nx;
        for (int ix = 0; ix < nx; ix++) {
            float val = src[ix];
            if (!(val > 0)) {
                row[ix] = 0;
                continue;
            }
            long q = lround(val * inv);
            row[ix] = q < 3 ? 0 : lut[q > 255 ? 255 : q]; /* below 1 % of the maximum: clear */
        }
    }
    cairo_surface_mark_dirty(img);
    cairo_save(cr);
    cairo_translate(cr, px(v, m->grid.x0), py(v, m->grid.y0 + m->grid.cell * ny));
    cairo_scale(cr, m->grid.cell * v->s, m->grid.cell * v->s);
    cairo_set_source_surface(cr, img, 0, 0);
    cairo_pattern_set_filter(cairo_get_source(cr), CAIRO_FILTER_BILINEAR);
    cairo_rectangle(cr, 0, 0, nx, ny);
    cairo_fill(cr);
    cairo_restore(cr);
    cairo_surface_destroy(img);
    return HS_OK;
}

/* ---- furniture ---- */

static void draw_scalebar(cairo_t *cr, const view *v, double *box, const hs_map_opts *o)
{
    double max_m = 0.28 * v->fw / v->s;
    double len = hs_scalebar_length(max_m);
    int km = len >= 1000;
    double unit = km ? 1000 : 1;
    double blen = len * v->s;
    double x = v->fx + 4;
    double y = v->fy + v->fh - 9;
    box[0] = x - 2;
    box[1] = y - 5;
    box[2] = blen + 16;
    box[3] = 11;
    cairo_set_source_rgba(cr, 1, 1, 1, 0.85);
    cairo_rectangle(cr, box[0], box[1], box[2], box[3]);
    cairo_fill(cr);
    for (int i = 0; i < 4; i++) {
        cairo_rectangle(cr, x + blen * i / 4, y, blen / 4, 1.4);
        if (i % 2 == 0) {
            set_rgba(cr, INK);
        } else {
            cairo_set_source_rgb(cr, 1, 1, 1);
        }
        cairo_fill_preserve(cr);
        set_rgba(cr, INK);
        cairo_set_line_width(cr, 0.15);
        cairo_stroke(cr);
    }
    double marks[3] = {0, len / 2, len};
    for (int i = 0; i < 3; i++) {
        char buf[48];
        double val = marks[i] / unit;
        if (fabs(val - round(val)) < 1e-9) {
            hs__fmt(buf, sizeof buf, "%.0f", val);
        } else {
            hs__fmt(buf, sizeof buf, "%.1f", val);
            if (sv(o)) {
                char *dot = strchr(buf, '.');
                if (dot) {
                    *dot = ',';
                }
            }
        }
        if (i == 2) {
            size_t l = strlen(buf);
            hs__fmt(buf + l, sizeof buf - l, " %s", km ? "km" : "m");
            hs__text(cr, x + blen * i / 2 - hs__text_size(cr, "0", 6, 0, NULL) / 2, y - 3.6, buf, 6,
                     0, 0, INK, 0, NULL);
        } else {
            hs__text(cr, x + blen * i / 2, y - 3.6, buf, 6, 0, 1, INK, 0, NULL);
        }
    }
}

static void draw_north(cairo_t *cr, const view *v, double *box)
{
    double cx = v->fx + v->fw - 8;
    double top = v->fy + 4;
    box[0] = cx - 5;
    box[1] = top - 1;
    box[2] = 10;
    box[3] = 15;
    cairo_set_source_rgba(cr, 1, 1, 1, 0.8);
    cairo_rectangle(cr, box[0], box[1], box[2], box[3]);
    cairo_fill(cr);
    hs__text(cr, cx, top, "N", 8, 1, 1, INK, 0, NULL);
    double ay = top + 4.5;
    cairo_move_to(cr, cx, ay);
    cairo_line_to(cr, cx + 2.6, ay + 8.5);
    cairo_line_to(cr, cx, ay + 6.6);
    cairo_close_path(cr);
    set_rgba(cr, INK);
    cairo_fill(cr);
    cairo_move_to(cr, cx, ay);
    cairo_line_to(cr, cx - 2.6, ay + 8.5);
    cairo_line_to(cr, cx, ay + 6.6);
    cairo_close_path(cr);
    cairo_set_source_rgb(cr, 1, 1, 1);
    cairo_fill_preserve(cr);
    set_rgba(cr, INK);
    cairo_set_line_width(cr, 0.2);
    cairo_stroke(cr);
}

static void draw_ticks(cairo_t *cr, const view *v)
{
    double t[64];
    double step = 0;
    double wx = v->fw / v->s;
    double wy = v->fh / v->s;
    size_t nx = hs_ticks(t, 64, &step, v->x0, v->x0 + wx, 3);
    if (nx > 7) {
        nx = hs_ticks(t, 64, &step, v->x0, v->x0 + wx, 2);
    }
    set_rgba(cr, INK);
    cairo_set_line_width(cr, 0.2);
    for (size_t i = 0; i < nx && i < 64; i++) {
        double x = px(v, t[i]);
        cairo_move_to(cr, x, v->fy + v->fh);
        cairo_line_to(cr, x, v->fy + v->fh + 1.5);
        cairo_move_to(cr, x, v->fy);
        cairo_line_to(cr, x, v->fy - 1.5);
        cairo_stroke(cr);
        char buf[48];
        fmt_grouped(buf, sizeof buf, t[i]);
        hs__text(cr, x, v->fy + v->fh + 1.7, buf, 6, 0, 1, GREY, 0, NULL);
    }
    size_t ny = hs_ticks(t, 64, &step, v->y0, v->y0 + wy, 3);
    if (ny > 7) {
        ny = hs_ticks(t, 64, &step, v->y0, v->y0 + wy, 2);
    }
    for (size_t i = 0; i < ny && i < 64; i++) {
        double y = py(v, t[i]);
        set_rgba(cr, INK);
        cairo_move_to(cr, v->fx, y);
        cairo_line_to(cr, v->fx - 1.5, y);
        cairo_move_to(cr, v->fx + v->fw, y);
        cairo_line_to(cr, v->fx + v->fw + 1.5, y);
        cairo_stroke(cr);
        char buf[48];
        fmt_grouped(buf, sizeof buf, t[i]);
        cairo_save(cr);
        cairo_translate(cr, v->fx - 4.4, y);
        cairo_rotate(cr, -M_PI / 2);
        hs__text(cr, 0, 0, buf, 6, 0, 1, GREY, 0, NULL);
        cairo_restore(cr);
    }
}

/* The labels inside the frame that found no room, said in the log (lowest priority last). */
static void log_dropped(const hs_map *m, const view *v, const hs_label_box *b, size_t placed)
{
    char names[400] = "";
    size_t inside = 0, left = 0;
    for (size_t i = 0; i < m->nlabels; i++) {
        int in = b[i].ax >= v->fx && b[i].ax <= v->fx + v->fw && b[i].ay >= v->fy &&
                 b[i].ay <= v->fy + v->fh;
        inside += (size_t)in;
        if (in && !b[i].placed) {
            size_t l = strlen(names);
            hs__fmt(names + l, sizeof names - l, "%s%s", left++ ? ", " : "", m->labels[i].text);
        }
    }
    if (left > 0) {
        hs__log(m->ctx, HS_LOG_INFO,
                "map: %zu of %zu labels in the frame left out for lack of room (placed by "
                "priority: count, then size): %s",
                left, inside, names);
    }
    (void)placed;
}

static void draw_labels(cairo_t *cr, const view *v, const hs_map *m, const hs_map_opts *o,
                        const double *obst, size_t nobst, const boxes *counts)
{
    if (m->nlabels == 0) {
        return;
    }
    hs_label_box *b = calloc(m->nlabels, sizeof(hs_label_box));
    char(*txt)[160] = calloc(m->nlabels, sizeof *txt);
    double *sizes = calloc(m->nlabels, sizeof *sizes);
    if (b == NULL || txt == NULL || sizes == NULL) {
        free(b);
        free(txt);
        free(sizes);
        return;
    }
    const double size = 7.5;
    for (size_t i = 0; i < m->nlabels; i++) {
        const hs__map_label *l = &m->labels[i];
        if (l->count >= 0 && !hs_count_suppressed(l->count, o->is_public, o->min_count)) {
            hs__fmt(txt[i], sizeof txt[i], "%s (%lld)", l->text, (long long)l->count);
        } else {
            hs__fmt(txt[i], sizeof txt[i], "%s", l->text);
        }
        b[i].ax = px(v, l->x);
        b[i].ay = py(v, l->y);
        b[i].w = hs__text_size(cr, txt[i], size, 0, &b[i].h);
        b[i].priority = l->priority;
        sizes[i] = l->size;
    }
    /* first off the cells' counts too; the labels without room then over the counts, still off
     * the furniture, each other and every placed label's point */
    boxes keep = {NULL, 0, 0};
    for (size_t i = 0; i < nobst; i++) {
        box_add(&keep, obst[4 * i], obst[4 * i + 1], obst[4 * i + 2], obst[4 * i + 3]);
    }
    for (size_t i = 0; i < counts->n; i++) {
        const double *c = counts->b + 4 * i;
        box_add(&keep, c[0], c[1], c[2], c[3]);
    }
    size_t placed = hs__labels_place_sized(b, sizes, m->nlabels, v->fx + 1, v->fy + 1, v->fw - 2,
                                           v->fh - 2, keep.b, keep.n, 1.2);
    hs_label_box *rest = calloc(m->nlabels, sizeof *rest);
    size_t *idx = calloc(m->nlabels, sizeof *idx);
    double *rsize = calloc(m->nlabels, sizeof *rsize);
    if (placed < m->nlabels && counts->n > 0 && rest && idx && rsize) {
        keep.n = 0;
        for (size_t i = 0; i < nobst; i++) {
            box_add(&keep, obst[4 * i], obst[4 * i + 1], obst[4 * i + 2], obst[4 * i + 3]);
        }
        size_t nrest = 0;
        for (size_t i = 0; i < m->nlabels; i++) {
            if (b[i].placed) {
                box_add(&keep, b[i].x, b[i].y, b[i].w, b[i].h);
                box_add(&keep, b[i].ax - 0.7, b[i].ay - 0.7, 1.4, 1.4);
            } else {
                rest[nrest] = b[i];
                rsize[nrest] = sizes[i];
                idx[nrest++] = i;
            }
        }
        placed += hs__labels_place_sized(rest, rsize, nrest, v->fx + 1, v->fy + 1, v->fw - 2,
                                         v->fh - 2, keep.b, keep.n, 1.2);
        for (size_t i = 0; i < nrest; i++) {
            b[idx[i]] = rest[i];
        }
    }
    free(rest);
    free(idx);
    free(rsize);
    free(keep.b);
    log_dropped(m, v, b, placed);
    for (size_t i = 0; i < m->nlabels; i++) {
        if (!b[i].placed) {
            continue;
        }
        cairo_new_sub_path(cr);
        cairo_arc(cr, b[i].ax, b[i].ay, 0.55, 0, 2 * M_PI);
        cairo_set_source_rgb(cr, 1, 1, 1);
        cairo_fill_preserve(cr);
        set_rgba(cr, INK);
        cairo_set_line_width(cr, 0.3);
        cairo_stroke(cr);
        hs__text(cr, b[i].x, b[i].y, txt[i], size, 0, 0, INK, 0.9, NULL);
    }
    free(b);
    free(txt);
    free(sizes);
}

static int layer_visible(const hs__map_layer *l, const hs_map_opts *o)
{
    return !(o->is_public && (l->flags & HS_LAYER_SENSITIVE));
}

/* ---- the sheet ---- */

static int map_draw(struct _cairo *cr, hs_map *m, double X, double Y, double W, double H,
                    const hs_map_opts *o);

static hs_bbox frame_extent(const hs_map *m, const hs_map_opts *o)
{
    hs_bbox e = o->extent;
    if (!(e.xmax > e.xmin && e.ymax > e.ymin)) {
        e = hs_map_data_extent(m);
        if (!(e.xmax >= e.xmin && e.ymax >= e.ymin)) {
            return e;
        }
        double pad = 0.04 * fmax(fmax(e.xmax - e.xmin, e.ymax - e.ymin), 500.0);
        e.xmin -= pad;
        e.xmax += pad;
        e.ymin -= pad;
        e.ymax += pad;
    }
    return e;
}

static double footer(cairo_t *cr, double x, double y, double w, const hs_map_opts *o, int draw,
                     double scale_den, hs_ctx *ctx)
{
    char note[256] = "";
    if (o->is_public) {
        hs__fmt(note, sizeof note,
                sv(o) ? "Rutor och platser med färre än %d händelser visas utan antal. Enskilda "
                        "händelser visas inte."
                      : "Cells and places with fewer than %d incidents are shown without their "
                        "count. Individual incidents are not shown.",
                o->min_count);
    }
    char crs[160];
    char den[48];
    fmt_grouped(den, sizeof den, scale_den);
    const char *label = hs_crs_label(ctx, o->epsg), *name = hs_crs_name(ctx, o->epsg);
    if (o->epsg == 3006) {
        name = "SWEREF 99 TM";
    }
    int named = strcmp(label, name) != 0 && strcmp(name, "?") != 0;
    hs__fmt(crs, sizeof crs, "%s %s%s%s%s · %s 1:%s",
            sv(o) ? "Koordinatsystem" : "Coordinate system", label, named ? " (" : "",
            named ? name : "", named ? ")" : "", sv(o) ? "Skala" : "Scale", den);
    const char *lines[4] = {o->source, o->method, crs, note[0] ? note : NULL};
    double cy = y;
    for (int i = 0; i < 4; i++) {
        if (lines[i] == NULL || lines[i][0] == '\0') {
            continue;
        }
        if (draw) {
            cy += hs__text_wrap(cr, x, cy, w, lines[i], 6.5, i == 3, i == 3 ? INK : GREY);
        } else {
            double h = 0;
            double tw = hs__text_size(cr, lines[i], 6.5, 0, &h);
            cy += h * ceil(tw / w + 1e-9);
        }
    }
    return cy - y;
}

/* A map with nothing to show says why: the note boxed in the middle of the frame. */
/* The note's box in the middle of the frame (x, y, w, h), clear of the north arrow and the scale
 * bar; *tw receives the text width. */
static void note_box(cairo_t *cr, const view *v, const char *note, double *box, double *tw)
{
    const double size = 10.5;
    double h = 0;
    double maxw = v->fw - 16;
    *tw = fmin(hs__text_size(cr, note, size, 1, &h), maxw);
    double lines = ceil(hs__text_size(cr, note, size, 1, &h) / maxw + 1e-9);
    box[2] = *tw + 8;
    box[3] = h * lines + 5;
    box[0] = v->fx + (v->fw - box[2]) / 2;
    box[1] = v->fy + (v->fh - box[3]) / 2;
}

static void draw_note(cairo_t *cr, const view *v, const char *note)
{
    double b[4], tw = 0;
    note_box(cr, v, note, b, &tw);
    cairo_set_source_rgba(cr, 1, 1, 1, 0.92);
    cairo_rectangle(cr, b[0], b[1], b[2], b[3]);
    cairo_fill_preserve(cr);
    set_rgba(cr, INK);
    cairo_set_line_width(cr, 0.35);
    cairo_stroke(cr);
    hs__text_wrap(cr, b[0] + 4, b[1] + 2.5, tw + 0.5, note, 10.5, 1, INK);
}

/* The map, with the basemap's attribution added to the source line. */
int hs__map_draw(struct _cairo *cr, hs_map *m, double X, double Y, double W, double H,
                 const hs_map_opts *o)
{
    char att[200];
    hs__bm_attribution(m->basemap, att, sizeof att);
    if (att[0] == '\0' || (o->source && strstr(o->source, att))) {
        return map_draw(cr, m, X, Y, W, H, o);
    }
    char src[800];
    hs__fmt(src, sizeof src, "%s%s%s", o->source ? o->source : "",
            o->source && o->source[0] ? "; " : "", att);
    hs_map_opts oo = *o;
    oo.source = src;
    return map_draw(cr, m, X, Y, W, H, &oo);
}

static int map_draw(struct _cairo *cr, hs_map *m, double X, double Y, double W, double H,
                    const hs_map_opts *o)
{
    hs_bbox e = frame_extent(m, o);
    if (!(e.xmax > e.xmin && e.ymax > e.ymin)) {
        return hs__error(m->ctx, HS_ENODATA, "render: the map has nothing to draw");
    }
    /* title block */
    double ty = Y;
    if (o->title && o->title[0]) {
        ty += hs__text_wrap(cr, X + 7, ty, W - 7, o->title, 17, 1, INK);
    }
    if (o->subtitle && o->subtitle[0]) {
        ty += hs__text_wrap(cr, X + 7, ty + 0.5, W - 7, o->subtitle, 10.5, 0, GREY) + 0.5;
    }
    if (ty > Y) {
        ty += 3;
    }
    int side = W > H * 1.15; /* landscape: legend in a right-hand column */
    double legw = side ? 62 : W - 7;
    double foot_h = footer(cr, X, 0, side ? W - 7 - legw - 4 : W - 7, o, 0, 50000, m->ctx) + 2;
    double leg_h = 0;
    if (!side) {
        double total = hs__legend_draw(cr, m, X, 0, 62, 1e9, 62, o, 1);
        double ncols = floor(legw / 62);
        leg_h = fmin(total, fmax(total / (ncols > 1 ? ncols : 1) + 9, 22));
        leg_h = hs__legend_draw(cr, m, X, 0, legw, leg_h, 62, o, 1) + 3;
    }
    view v;
    v.fx = X + 7;
    v.fy = ty + 2;
    v.fw = (side ? W - legw - 4 : W) - 7;
    v.fh = Y + H - v.fy - 6 - foot_h - leg_h;
    if (v.fw < 20 || v.fh < 20) {
        return hs__error(m->ctx, HS_EINVAL, "render: the sheet is too small for the map");
    }
    double ew = e.xmax - e.xmin;
    double eh = e.ymax - e.ymin;
    v.s = fmin(v.fw / ew, v.fh / eh);
    double clean = hs_clean_scale(1000.0 / v.s); /* drawn at 1:10 000, 1:25 000 ... */
    if (clean > 0) {
        v.s = 1000.0 / clean;
    }
    v.x0 = (e.xmin + e.xmax) / 2 - v.fw / v.s / 2;
    v.y0 = (e.ymin + e.ymax) / 2 - v.fh / v.s / 2;

    if (m->basemap != NULL) { /* the basemap is read for this frame only */
        double scale = 1000.0 / v.s;
        hs_bbox world = {v.x0, v.y0, v.x0 + v.fw / v.s, v.y0 + v.fh / v.s};
        int brc = hs__basemap_load(m, world, scale, o->epsg);
        if (brc != HS_OK) {
            return brc;
        }
    }
    /* map body, clipped to the frame */
    cairo_save(cr);
    cairo_rectangle(cr, v.fx, v.fy, v.fw, v.fh);
    cairo_clip(cr);
    int boundary = 0;
    for (size_t i = 0; i < m->nlayers; i++) {
        boundary |= (m->layers[i].flags & HS_LAYER_BOUNDARY) != 0;
    }
    if (boundary) {
        cairo_set_source_rgb(cr, 0.925, 0.925, 0.915);
    } else {
        cairo_set_source_rgb(cr, 1, 1, 1);
    }
    cairo_paint(cr);
    for (size_t i = 0; i < m->nlayers; i++) { /* boundary fills go under everything */
        if (m->layers[i].flags & HS_LAYER_BOUNDARY) {
            draw_polygons(cr, &v, &m->layers[i], 1, 0);
        }
    }
    hs__basemap_draw(cr, m, v.fx, v.fy, v.fw, v.fh, v.x0, v.y0, v.s);
    if (m->values != NULL) {
        int rc = draw_raster(cr, &v, m);
        if (rc != HS_OK) {
            cairo_restore(cr);
            return rc;
        }
    }
    for (size_t i = 0; i < m->nlayers; i++) {
        const hs__map_layer *l = &m->layers[i];
        if (!layer_visible(l, o) || (l->flags & HS_LAYER_BOUNDARY)) {
            continue;
        }
        if (l->kind == HS_LAYER_POLYGONS) {
            draw_polygons(cr, &v, l, 1, 1);
        } else if (l->kind == HS_LAYER_LINES) {
            draw_lines(cr, &v, l);
        } else {
            draw_points(cr, &v, l);
        }
    }
    boxes counts = {NULL, 0, 0};
    for (size_t i = 0; i < m->nlayers; i++) {
        const hs__map_layer *l = &m->layers[i];
        if (l->flags & HS_LAYER_BOUNDARY) {
            draw_polygons(cr, &v, l, 0, 1);
        }
        if ((l->flags & HS_LAYER_SHOW_COUNTS) && l->kind == HS_LAYER_POLYGONS &&
            layer_visible(l, o)) {
            draw_counts(cr, &v, l, o, &counts);
        }
    }
    double obst[16];
    draw_scalebar(cr, &v, obst, o);
    draw_north(cr, &v, obst + 4);
    hs_bbox shown = {v.x0, v.y0, v.x0 + v.fw / v.s, v.y0 + v.fh / v.s};
    size_t nobst = 2 + (size_t)hs__inset_draw(cr, m, v.fx, v.fy, v.fw, v.fh, &shown, obst + 8);
    if (o->note && o->note[0]) { /* labels keep off the note too */
        double tw = 0;
        note_box(cr, &v, o->note, obst + 4 * nobst++, &tw);
    }
    hs__basemap_names(cr, m, v.fx, v.fy, v.fw, v.fh, v.x0, v.y0, v.s, obst, nobst);
    draw_labels(cr, &v, m, o, obst, nobst, &counts);
    free(counts.b);
    if (o->note && o->note[0]) {
        draw_note(cr, &v, o->note);
    }
    cairo_restore(cr);

    set_rgba(cr, INK);
    cairo_set_line_width(cr, 0.35);
    cairo_rectangle(cr, v.fx, v.fy, v.fw, v.fh);
    cairo_stroke(cr);
    draw_ticks(cr, &v);

    double below = v.fy + v.fh + 6;
    double scale_den = 1000.0 / v.s;
    if (side) {
        hs__legend_draw(cr, m, v.fx + v.fw + 5, v.fy, legw, v.fh, legw, o, 0);
        footer(cr, X + 7, below, v.fw, o, 1, scale_den, m->ctx);
    } else {
        hs__legend_draw(cr, m, v.fx, below, legw, leg_h, 62, o, 0);
        footer(cr, X + 7, below + leg_h, v.fw, o, 1, scale_den, m->ctx);
    }
    return HS_OK;
}

int hs_map_render(hs_map *m, const char *path, const hs_map_opts *opts)
{
    if (m == NULL || path == NULL) {
        return hs__error(m ? m->ctx : NULL, HS_EINVAL, "hs_map_render: no map or path");
    }
    hs_map_opts o = HS_MAP_OPTS_INIT;
    if (opts) {
        o = *opts;
    }
    if (o.min_count <= 0) {
        o.min_count = 5;
    }
    if (!(o.dpi > 0)) {
        o.dpi = 300;
    }
    double W = o.paper == HS_PAPER_A3 ? 297 : 210;
    double H = o.paper == HS_PAPER_A3 ? 420 : 297;
    if (o.landscape) {
        double t = W;
        W = H;
        H = t;
    }
    hs__sheet sh;
    int rc = hs__sheet_open(&sh, m->ctx, path, W, H, o.dpi);
    if (rc != HS_OK) {
        return rc;
    }
    const double margin = 10;
    rc = hs__map_draw(sh.cr, m, margin, margin, W - 2 * margin, H - 2 * margin, &o);
    return hs__sheet_close(&sh, rc);
}
