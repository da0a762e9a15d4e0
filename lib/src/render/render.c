/*
 * The map model behind hs_map: layers of polygons, lines and points with class colours, labels and
 * one raster with a colour ramp, stored in plain growable arrays. Building only: drawing is in
 * render_cairo.c and this file must not include cairo, GDAL or any other third-party header.
 */
#include "core/hs_internal.h"
#include "render/render.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

int hs_map_new(hs_map **out, hs_ctx *ctx)
{
    if (out == NULL) {
        return hs__error(ctx, HS_EINVAL, "hs_map_new: out is NULL");
    }
    *out = calloc(1, sizeof(hs_map));
    if (*out == NULL) {
        return hs__error(ctx, HS_ENOMEM, "out of memory");
    }
    (*out)->ctx = ctx;
    (*out)->opacity = 0.8;
    return HS_OK;
}

void hs_map_free(hs_map *m)
{
    if (m == NULL) {
        return;
    }
    for (size_t i = 0; i < m->nlayers; i++) {
        hs__map_layer *l = &m->layers[i];
        for (size_t c = 0; c < l->nclasses; c++) {
            free((char *)l->classes[c].label);
        }
        free(l->classes);
        free(l->widths);
        free(l->title);
        free(l->pts);
        free(l->ring_len);
        free(l->feats);
    }
    free(m->layers);
    for (size_t i = 0; i < m->nlabels; i++) {
        free(m->labels[i].text);
    }
    free(m->labels);
    free(m->values);
    free(m->raster_title);
    free(m->raster_units);
    free(m->stop_pos);
    free(m->stop_col);
    hs__bm_free(m->basemap);
    free(m);
}

int hs_map_add_layer(int *out_layer, hs_map *m, hs_layer_kind kind, const char *title,
                     const hs_map_class *classes, size_t nclasses, double line_mm, int flags)
{
    if (m == NULL || classes == NULL || nclasses == 0 || kind < HS_LAYER_POLYGONS ||
        kind > HS_LAYER_POINTS) {
        return hs__error(m ? m->ctx : NULL, HS_EINVAL, "hs_map_add_layer: bad arguments");
    }
    if (hs__grow((void **)&m->layers, &m->cap_layers, m->nlayers + 1, sizeof(hs__map_layer))) {
        return hs__error(m->ctx, HS_ENOMEM, "out of memory");
    }
    hs__map_layer *l = &m->layers[m->nlayers];
    memset(l, 0, sizeof(*l));
    l->kind = (int)kind;
    l->flags = flags;
    l->line_mm = line_mm;
    l->title = title ? hs__strdup(title) : NULL;
    l->classes = calloc(nclasses, sizeof(hs_map_class));
    if (l->classes == NULL || (title && l->title == NULL)) {
        free(l->classes);
        free(l->title);
        return hs__error(m->ctx, HS_ENOMEM, "out of memory");
    }
    for (size_t c = 0; c < nclasses; c++) {
        l->classes[c] = classes[c];
        l->classes[c].label = classes[c].label ? hs__strdup(classes[c].label) : NULL;
    }
    l->nclasses = nclasses;
    if (out_layer) {
        *out_layer = (int)m->nlayers;
    }
    m->nlayers++;
    return HS_OK;
}

static int add_feature(hs_map *m, int layer, int kind, const hs_point *pts, size_t npts,
                       const size_t *ring_len, size_t nrings, int cls, int64_t count)
{
    if (m == NULL || layer < 0 || (size_t)layer >= m->nlayers || (npts > 0 && pts == NULL)) {
        return hs__error(m ? m->ctx : NULL, HS_EINVAL, "hs_map: bad layer or geometry");
    }
    hs__map_layer *l = &m->layers[layer];
    if (l->kind != kind) {
        return hs__error(m->ctx, HS_EINVAL, "hs_map: feature kind does not match layer %d", layer);
    }
    if (cls < 0 || (size_t)cls >= l->nclasses) {
        return hs__error(m->ctx, HS_EINVAL, "hs_map: class %d out of range (layer %d)", cls, layer);
    }
    if (hs__grow((void **)&l->pts, &l->cap_pts, l->npts + npts, sizeof(hs_point)) ||
        hs__grow((void **)&l->ring_len, &l->cap_rings, l->nrings + nrings, sizeof(size_t)) ||
        hs__grow((void **)&l->feats, &l->cap_feats, l->nfeats + 1, sizeof(hs__map_feat))) {
        return hs__error(m->ctx, HS_ENOMEM, "out of memory");
    }
    hs__map_feat *f = &l->feats[l->nfeats++];
    f->pt0 = l->npts;
    f->npts = npts;
    f->ring0 = l->nrings;
    f->nrings = nrings;
    f->cls = cls;
    f->count = count;
    if (npts > 0) {
        memcpy(l->pts + l->npts, pts, npts * sizeof(hs_point));
    }
    l->npts += npts;
    if (nrings > 0) {
        memcpy(l->ring_len + l->nrings, ring_len, nrings * sizeof(size_t));
    }
    l->nrings += nrings;
    return HS_OK;
}

int hs_map_add_polygon(hs_map *m, int layer, const hs_point *pts, const size_t *ring_len,
                       size_t nrings, int cls, int64_t count)
{
    size_t n = 0;
    for (size_t r = 0; r < nrings; r++) {
        n += ring_len[r];
    }
    if (nrings == 0 || n < 3) {
        return hs__error(m ? m->ctx : NULL, HS_EINVAL, "hs_map_add_polygon: empty polygon");
    }
    return add_feature(m, layer, HS_LAYER_POLYGONS, pts, n, ring_len, nrings, cls, count);
}

int hs_map_add_line(hs_map *m, int layer, const hs_point *pts, size_t n, int cls)
{
    if (n < 2) {
        return hs__error(m ? m->ctx : NULL, HS_EINVAL, "hs_map_add_line: fewer than 2 points");
    }
    return add_feature(m, layer, HS_LAYER_LINES, pts, n, NULL, 0, cls, -1);
}

int hs_map_set_class_widths(hs_map *m, int layer, const double *widths, size_t n)
{
    if (m == NULL || layer < 0 || (size_t)layer >= m->nlayers || widths == NULL) {
        return hs__error(m ? m->ctx : NULL, HS_EINVAL, "hs_map_set_class_widths: bad arguments");
    }
    hs__map_layer *l = &m->layers[layer];
    double *w = calloc(l->nclasses, sizeof *w);
    if (w == NULL) {
        return hs__error(m->ctx, HS_ENOMEM, "out of memory");
    }
    for (size_t c = 0; c < l->nclasses && c < n; c++) {
        w[c] = widths[c];
    }
    free(l->widths);
    l->widths = w;
    return HS_OK;
}

int hs_map_add_point(hs_map *m, int layer, double x, double y, int cls)
{
    hs_point p = {x, y};
    return add_feature(m, layer, HS_LAYER_POINTS, &p, 1, NULL, 0, cls, -1);
}

int hs_map_add_label(hs_map *m, double x, double y, const char *text, int priority, int64_t count)
{
    if (m == NULL || text == NULL) {
        return hs__error(m ? m->ctx : NULL, HS_EINVAL, "hs_map_add_label: no text");
    }
    if (hs__grow((void **)&m->labels, &m->cap_labels, m->nlabels + 1, sizeof(hs__map_label))) {
        return hs__error(m->ctx, HS_ENOMEM, "out of memory");
    }
    hs__map_label *l = &m->labels[m->nlabels];
    l->text = hs__strdup(text);
    if (l->text == NULL) {
        return hs__error(m->ctx, HS_ENOMEM, "out of memory");
    }
    l->x = x;
    l->y = y;
    l->priority = priority;
    l->count = count;
    m->nlabels++;
    return HS_OK;
}

int hs_map_set_raster(hs_map *m, const hs_grid_spec *grid, const float *values, hs_ramp ramp,
                      double opacity, const char *title, const char *units)
{
    if (m == NULL || grid == NULL || values == NULL || grid->nx <= 0 || grid->ny <= 0 ||
        grid->cell <= 0) {
        return hs__error(m ? m->ctx : NULL, HS_EINVAL, "hs_map_set_raster: bad grid");
    }
    size_t n = (size_t)grid->nx * (size_t)grid->ny;
    float *v = malloc(n * sizeof(float));
    if (v == NULL) {
        return hs__error(m->ctx, HS_ENOMEM, "out of memory");
    }
    memcpy(v, values, n * sizeof(float));
    float vmax = 0.0f;
    for (size_t i = 0; i < n; i++) {
        if (isfinite(v[i]) && v[i] > vmax) {
            vmax = v[i];
        }
    }
    free(m->values);
    free(m->raster_title);
    free(m->raster_units);
    m->values = v;
    m->vmax = vmax;
    m->grid = *grid;
    m->opacity = opacity < 0 ? 0 : (opacity > 1 ? 1 : opacity);
    m->raster_title = title ? hs__strdup(title) : NULL;
    m->raster_units = units ? hs__strdup(units) : NULL;
    /* the built-in ramp as 9 stops, transparent at the low end */
    double pos[9];
    hs_rgba col[9];
    for (int i = 0; i < 9; i++) {
        pos[i] = i / 8.0;
        col[i] = hs_ramp_color(ramp, pos[i]);
        col[i].a = i == 0 ? 0.0 : 1.0;
    }
    return hs_map_set_raster_stops(m, pos, col, 9);
}

int hs_map_set_raster_stops(hs_map *m, const double *pos, const hs_rgba *colors, size_t n)
{
    if (m == NULL || pos == NULL || colors == NULL || n < 2) {
        return hs__error(m ? m->ctx : NULL, HS_EINVAL, "hs_map_set_raster_stops: need 2 stops");
    }
    double *p = malloc(n * sizeof(double));
    hs_rgba *c = malloc(n * sizeof(hs_rgba));
    if (p == NULL || c == NULL) {
        free(p);
        free(c);
        return hs__error(m->ctx, HS_ENOMEM, "out of memory");
    }
    memcpy(p, pos, n * sizeof(double));
    memcpy(c, colors, n * sizeof(hs_rgba));
    free(m->stop_pos);
    free(m->stop_col);
    m->stop_pos = p;
    m->stop_col = c;
    m->nstops = n;
    return HS_OK;
}

hs_rgba hs__map_ramp(const hs_map *m, double t)
{
    hs_rgba none = {0, 0, 0, 0};
    if (m->nstops < 2 || !(t == t)) {
        return none;
    }
    if (t <= m->stop_pos[0]) {
        return m->stop_col[0];
    }
    for (size_t i = 1; i < m->nstops; i++) {
        if (t <= m->stop_pos[i]) {
            double span = m->stop_pos[i] - m->stop_pos[i - 1];
            double u = span > 0 ? (t - m->stop_pos[i - 1]) / span : 1.0;
            hs_rgba a = m->stop_col[i - 1];
            hs_rgba b = m->stop_col[i];
            hs_rgba r = {a.r + u * (b.r - a.r), a.g + u * (b.g - a.g), a.b + u * (b.b - a.b),
                         a.a + u * (b.a - a.a)};
            return r;
        }
    }
    return m->stop_col[m->nstops - 1];
}

static void bbox_add(hs_bbox *b, double x, double y)
{
    if (x < b->xmin) {
        b->xmin = x;
    }
    if (x > b->xmax) {
        b->xmax = x;
    }
    if (y < b->ymin) {
        b->ymin = y;
    }
    if (y > b->ymax) {
        b->ymax = y;
    }
}

hs_bbox hs_map_data_extent(const hs_map *m)
{
    hs_bbox b = {INFINITY, INFINITY, -INFINITY, -INFINITY};
    if (m == NULL) {
        return b;
    }
    int boundary = 0;
    for (size_t i = 0; i < m->nlayers; i++) {
        boundary |= (m->layers[i].flags & HS_LAYER_BOUNDARY) && m->layers[i].npts > 0;
    }
    for (size_t i = 0; i < m->nlayers; i++) {
        const hs__map_layer *l = &m->layers[i];
        if (boundary && !(l->flags & HS_LAYER_BOUNDARY)) {
            continue;
        }
        for (size_t k = 0; k < l->npts; k++) {
            bbox_add(&b, l->pts[k].x, l->pts[k].y);
        }
    }
    if (!boundary && m->values != NULL) {
        bbox_add(&b, m->grid.x0, m->grid.y0);
        bbox_add(&b, m->grid.x0 + m->grid.cell * (double)m->grid.nx,
                 m->grid.y0 + m->grid.cell * (double)m->grid.ny);
    }
    if (!boundary) {
        for (size_t i = 0; i < m->nlabels; i++) {
            bbox_add(&b, m->labels[i].x, m->labels[i].y);
        }
    }
    return b;
}
