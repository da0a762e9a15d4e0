/*
 * The basemap's store: the features read for one map frame (basemap_gdal.c adds the files),
 * one polygon and one line layer per class of styles/basemap.style, with the street names of the
 * lines. The classes come from the style's `match` lists. No I/O and no third-party header here:
 * reading is basemap_gdal.c, drawing basemap_cairo.c.
 */
#include "core/hs_internal.h"
#include "render/render.h"

#include <stdlib.h>
#include <string.h>

/* Lower-cases ASCII and the Swedish capitals (UTF-8 Å Ä Ö É) into out. */
static void lower(char *out, size_t size, const char *s)
{
    size_t o = 0;
    for (; *s && o + 2 < size; s++) {
        unsigned char c = (unsigned char)*s;
        if (c >= 'A' && c <= 'Z') {
            out[o++] = (char)(c - 'A' + 'a');
        } else if (c == 0xc3 && (unsigned char)s[1] >= 0x80 && (unsigned char)s[1] <= 0x9e) {
            out[o++] = (char)c;
            out[o++] = (char)((unsigned char)s[1] + 0x20);
            s++;
        } else {
            out[o++] = (char)c;
        }
    }
    out[o] = '\0';
}

/* Calls f for each comma-separated, trimmed word of list; stops when f returns non-zero. */
static int each_word(const char *list, const char *v, int prefix)
{
    const char *p = list;
    size_t vl = strlen(v);
    while (p && *p) {
        while (*p == ' ') {
            p++;
        }
        const char *e = strchr(p, ',');
        size_t n = e ? (size_t)(e - p) : strlen(p);
        while (n > 0 && p[n - 1] == ' ') {
            n--;
        }
        if (n > 0) {
            if (!prefix && vl == n && strncmp(v, p, n) == 0) {
                return 1;
            }
            if (prefix && vl > n && strncmp(v, p, n) == 0 && (v[n] == ' ' || v[n] == ',')) {
                return 1;
            }
        }
        p = e ? e + 1 : NULL;
    }
    return 0;
}

/* kind: 0 area classes only (no width), 1 line classes only (a width), -1 any. */
static int find_class(const hs_style *st, const char *v, int kind)
{
    for (int pass = 0; pass < 2; pass++) {
        for (size_t i = 0; i < st->nclasses && i < HS__BM_MAX_CLASSES; i++) {
            const hs_style_class *c = &st->classes[i];
            if (kind >= 0 && (c->width > 0) != kind) {
                continue;
            }
            if ((pass == 0 && c->value && strcmp(c->value, v) == 0) ||
                (c->match && each_word(c->match, v, pass))) {
                return (int)i;
            }
        }
    }
    return -1;
}

int hs__bm_class(const hs_style *st, const char *value)
{
    return hs__bm_class_for(st, value, -1);
}

int hs__bm_class_for(const hs_style *st, const char *value, int line)
{
    if (st == NULL || value == NULL || value[0] == '\0') {
        return -1;
    }
    char v[160];
    lower(v, sizeof v, value);
    int c = line >= 0 ? find_class(st, v, line) : -1;
    return c >= 0 ? c : find_class(st, v, -1);
}

int hs__bm_class_named(const hs_style *st, const char *name)
{
    for (size_t i = 0; st && i < st->nclasses && i < HS__BM_MAX_CLASSES; i++) {
        if (st->classes[i].value && strcmp(st->classes[i].value, name) == 0) {
            return (int)i;
        }
    }
    return -1;
}

static int add_feat(hs__map_layer *l, const hs_point *pts, size_t n, const size_t *rings,
                    size_t nrings, int64_t count)
{
    if (hs__grow((void **)&l->pts, &l->cap_pts, l->npts + n, sizeof(hs_point)) ||
        hs__grow((void **)&l->feats, &l->cap_feats, l->nfeats + 1, sizeof(hs__map_feat)) ||
        (nrings > 0 &&
         hs__grow((void **)&l->ring_len, &l->cap_rings, l->nrings + nrings, sizeof(size_t)))) {
        return HS_ENOMEM;
    }
    hs__map_feat *f = &l->feats[l->nfeats++];
    f->pt0 = l->npts;
    f->npts = n;
    f->ring0 = l->nrings;
    f->nrings = nrings;
    f->cls = 0;
    f->count = count;
    memcpy(l->pts + l->npts, pts, n * sizeof(hs_point));
    l->npts += n;
    if (nrings > 0) {
        memcpy(l->ring_len + l->nrings, rings, nrings * sizeof(size_t));
        l->nrings += nrings;
    }
    return HS_OK;
}

int hs__bm_add_polygon(hs__basemap *bm, int cls, const hs_point *pts, const size_t *ring_len,
                       size_t nrings)
{
    if (cls < 0 || cls >= HS__BM_MAX_CLASSES || nrings == 0) {
        return HS_OK;
    }
    size_t n = 0;
    for (size_t r = 0; r < nrings; r++) {
        n += ring_len[r];
    }
    bm->nfeatures++;
    return add_feat(&bm->polys[cls], pts, n, ring_len, nrings, -1);
}

int hs__bm_add_line(hs__basemap *bm, int cls, const hs_point *pts, size_t n, const char *name)
{
    if (cls < 0 || cls >= HS__BM_MAX_CLASSES || n < 2) {
        return HS_OK;
    }
    int64_t idx = -1;
    if (name && name[0]) {
        /* the same name as the previous line (segments of one street come in a row) */
        if (bm->nnames > 0 && strcmp(bm->names[bm->nnames - 1], name) == 0) {
            idx = (int64_t)bm->nnames - 1;
        } else {
            if (hs__grow((void **)&bm->names, &bm->cap_names, bm->nnames + 1, sizeof(char *))) {
                return HS_ENOMEM;
            }
            bm->names[bm->nnames] = hs__strdup(name);
            if (bm->names[bm->nnames] == NULL) {
                return HS_ENOMEM;
            }
            idx = (int64_t)bm->nnames++;
        }
    }
    bm->nfeatures++;
    return add_feat(&bm->lines[cls], pts, n, NULL, 0, idx);
}

static void layer_free(hs__map_layer *l)
{
    free(l->pts);
    free(l->ring_len);
    free(l->feats);
    memset(l, 0, sizeof *l);
}

void hs__bm_clear(hs__basemap *bm)
{
    for (int c = 0; c < HS__BM_MAX_CLASSES; c++) {
        layer_free(&bm->polys[c]);
        layer_free(&bm->lines[c]);
    }
    for (size_t i = 0; i < bm->nnames; i++) {
        free(bm->names[i]);
    }
    free(bm->names);
    bm->names = NULL;
    bm->nnames = bm->cap_names = 0;
    bm->loaded = 0;
    bm->nfeatures = 0;
}

void hs__bm_free(hs__basemap *bm)
{
    if (bm == NULL) {
        return;
    }
    hs__bm_clear(bm);
    for (size_t i = 0; i < bm->npaths; i++) {
        free(bm->paths[i]);
    }
    free(bm->paths);
    free(bm);
}

void hs__bm_attribution(const hs__basemap *bm, char *buf, size_t size)
{
    buf[0] = '\0';
    if (bm == NULL) {
        return;
    }
    static const struct {
        unsigned bit;
        const char *text;
    } who[] = {{HS__BM_OSM, "© OpenStreetMap contributors"},
               {HS__BM_LM, "Lantmäteriet"},
               {HS__BM_NVDB, "Trafikverket NVDB"}};
    size_t o = 0;
    for (size_t i = 0; i < sizeof who / sizeof who[0]; i++) {
        if (bm->attribution & who[i].bit) {
            hs__fmt(buf + o, size - o, "%s%s", o ? ", " : "", who[i].text);
            o = strlen(buf);
        }
    }
}
