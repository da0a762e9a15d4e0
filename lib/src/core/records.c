/*
 * The column-wise incident store: parallel arrays for coordinates, times, weights and codes, with
 * strings in a pool and the repeated ones (categories, focus areas, sources, crime codes) in
 * dictionaries, each stored once. Plain C, no I/O.
 */
#include "core/hs_internal.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

struct hs_records {
    size_t n, cap;
    int crs;
    double *x, *y, *w;
    int64_t *t_from, *t_to, *row;
    uint8_t *prec;
    int32_t *cat, *focus, *kommun, *source;
    float *score;
    uint32_t *id, *address, *label, *place, *ptext, *pfield; /* pool offsets, 0 = NULL */
    int32_t *code;                                           /* index into codes, -1 = NULL */
    hs__strpool pool;
    hs__dict cats, focuses, sources, codes;
};

int hs_records_new(hs_records **out)
{
    if (!out) {
        return HS_EINVAL;
    }
    *out = calloc(1, sizeof **out);
    return *out ? HS_OK : HS_ENOMEM;
}

void hs_records_free(hs_records *r)
{
    if (!r) {
        return;
    }
    void *cols[] = {r->x,       r->y,     r->w,      r->t_from, r->t_to,  r->row, r->prec,
                    r->cat,     r->focus, r->kommun, r->source, r->score, r->id,  r->code,
                    r->address, r->label, r->place,  r->ptext,  r->pfield};
    for (size_t i = 0; i < sizeof cols / sizeof cols[0]; i++) {
        free(cols[i]);
    }
    hs__strpool_free(&r->pool);
    hs__dict_free(&r->cats);
    hs__dict_free(&r->focuses);
    hs__dict_free(&r->sources);
    hs__dict_free(&r->codes);
    free(r);
}

const int32_t *hs__records_source(const hs_records *r)
{
    return r ? r->source : NULL;
}

const char *hs__records_source_name(const hs_records *r, size_t k)
{
    return r && k < r->sources.n ? hs__dict_name(&r->sources, k) : NULL;
}

size_t hs_records_count(const hs_records *r)
{
    return r ? r->n : 0;
}

#define RESIZE(field)                                                                              \
    do {                                                                                           \
        void *p_ = hs__realloc_big(r->field, ncap * sizeof *r->field);                             \
        if (!p_) {                                                                                 \
            return HS_ENOMEM;                                                                      \
        }                                                                                          \
        r->field = p_;                                                                             \
    } while (0)

/* The texts most records lack (address, matched label, place, place text and field) have no
 * column until one record has one: a column of zeros costs 4 bytes a record for nothing. */
#define SPARSE_RESIZE(field)                                                                       \
    do {                                                                                           \
        if (r->field) {                                                                            \
            RESIZE(field);                                                                         \
        }                                                                                          \
    } while (0)

/* Puts s at record i of a sparse string column, creating the column (all NULL) when needed. */
static int sparse_put(uint32_t **col, hs_records *r, size_t i, const char *s)
{
    if (*col == NULL) {
        if (s == NULL) {
            return HS_OK;
        }
        *col = calloc(r->cap ? r->cap : 1, sizeof **col);
        if (*col == NULL) {
            return HS_ENOMEM;
        }
    }
    return hs__strpool_add(&(*col)[i], &r->pool, s);
}

static const char *sparse_get(const hs_records *r, const uint32_t *col, size_t i)
{
    return col ? hs__strpool_get(&r->pool, col[i]) : NULL;
}

int hs_records_reserve(hs_records *r, size_t n)
{
    if (!r) {
        return HS_EINVAL;
    }
    if (n <= r->cap) {
        return HS_OK;
    }
    size_t ncap = n;
    RESIZE(x);
    RESIZE(y);
    RESIZE(w);
    RESIZE(t_from);
    RESIZE(t_to);
    RESIZE(row);
    RESIZE(prec);
    RESIZE(cat);
    RESIZE(focus);
    RESIZE(kommun);
    RESIZE(source);
    RESIZE(score);
    RESIZE(id);
    RESIZE(code);
    SPARSE_RESIZE(address);
    SPARSE_RESIZE(label);
    SPARSE_RESIZE(place);
    SPARSE_RESIZE(ptext);
    SPARSE_RESIZE(pfield);
    r->cap = ncap;
    return HS_OK;
}

int hs_records_add(hs_records *r, const hs_record *rec)
{
    if (!r || !rec) {
        return HS_EINVAL;
    }
    if (r->n == r->cap && hs_records_reserve(r, r->cap ? r->cap * 2 : 1024) != HS_OK) {
        return HS_ENOMEM;
    }
    size_t i = r->n;
    int rc = HS_OK;
    rc |= hs__strpool_add(&r->id[i], &r->pool, rec->id);
    rc |= hs__dict_intern(&r->code[i], &r->codes, rec->code);
    rc |= sparse_put(&r->address, r, i, rec->address);
    rc |= sparse_put(&r->label, r, i, rec->label);
    rc |= sparse_put(&r->place, r, i, rec->place);
    rc |= sparse_put(&r->ptext, r, i, rec->place_text);
    rc |= sparse_put(&r->pfield, r, i, rec->place_field);
    rc |= hs__dict_intern(&r->cat[i], &r->cats, rec->category);
    rc |= hs__dict_intern(&r->focus[i], &r->focuses, rec->focus_area);
    rc |= hs__dict_intern(&r->source[i], &r->sources, rec->source);
    if (rc != HS_OK) {
        return HS_ENOMEM;
    }
    r->x[i] = rec->x;
    r->y[i] = rec->y;
    r->w[i] = rec->weight;
    r->t_from[i] = rec->t_from;
    r->t_to[i] = rec->t_to;
    r->row[i] = rec->row;
    r->prec[i] = (uint8_t)rec->precision;
    r->kommun[i] = rec->kommun_code;
    r->score[i] = (float)rec->geocode_score;
    r->n++;
    return HS_OK;
}

int hs_records_get(hs_record *out, const hs_records *r, size_t i)
{
    if (!out || !r || i >= r->n) {
        return HS_EINVAL;
    }
    out->id = hs__strpool_get(&r->pool, r->id[i]);
    out->code = r->code[i] >= 0 ? hs__dict_name(&r->codes, (size_t)r->code[i]) : NULL;
    out->address = sparse_get(r, r->address, i);
    out->label = sparse_get(r, r->label, i);
    out->place = sparse_get(r, r->place, i);
    out->place_text = sparse_get(r, r->ptext, i);
    out->place_field = sparse_get(r, r->pfield, i);
    out->source = r->source[i] >= 0 ? hs__dict_name(&r->sources, (size_t)r->source[i]) : NULL;
    out->category = r->cat[i] >= 0 ? hs__dict_name(&r->cats, (size_t)r->cat[i]) : NULL;
    out->focus_area = r->focus[i] >= 0 ? hs__dict_name(&r->focuses, (size_t)r->focus[i]) : NULL;
    out->x = r->x[i];
    out->y = r->y[i];
    out->weight = r->w[i];
    out->t_from = r->t_from[i];
    out->t_to = r->t_to[i];
    out->row = r->row[i];
    out->precision = (hs_precision)r->prec[i];
    out->kommun_code = r->kommun[i];
    out->geocode_score = r->score[i];
    return HS_OK;
}

int hs_records_set_location(hs_records *r, size_t i, double x, double y, hs_precision precision,
                            double score, const char *label)
{
    if (!r || i >= r->n) {
        return HS_EINVAL;
    }
    if (sparse_put(&r->label, r, i, label) != HS_OK) {
        return HS_ENOMEM;
    }
    r->x[i] = x;
    r->y[i] = y;
    r->prec[i] = (uint8_t)precision;
    r->score[i] = (float)score;
    return HS_OK;
}

int hs_records_set_place(hs_records *r, size_t i, const char *place)
{
    if (!r || i >= r->n) {
        return HS_EINVAL;
    }
    return sparse_put(&r->place, r, i, place) == HS_OK ? HS_OK : HS_ENOMEM;
}

int hs_records_set_place_text(hs_records *r, size_t i, const char *text, const char *field)
{
    if (!r || i >= r->n) {
        return HS_EINVAL;
    }
    if (sparse_put(&r->ptext, r, i, text) != HS_OK ||
        sparse_put(&r->pfield, r, i, field) != HS_OK) {
        return HS_ENOMEM;
    }
    return HS_OK;
}

int hs_records_set_kommun(hs_records *r, size_t i, int kommun_code)
{
    if (!r || i >= r->n) {
        return HS_EINVAL;
    }
    r->kommun[i] = kommun_code;
    return HS_OK;
}

int hs_records_crs(const hs_records *r)
{
    return r ? r->crs : 0;
}

void hs_records_set_crs(hs_records *r, int epsg)
{
    if (r) {
        r->crs = epsg;
    }
}

const double *hs_records_x(const hs_records *r)
{
    return r->x;
}
const double *hs_records_y(const hs_records *r)
{
    return r->y;
}
const double *hs_records_weight(const hs_records *r)
{
    return r->w;
}
const int64_t *hs_records_t_from(const hs_records *r)
{
    return r->t_from;
}
const int64_t *hs_records_t_to(const hs_records *r)
{
    return r->t_to;
}
const uint8_t *hs_records_precision(const hs_records *r)
{
    return r->prec;
}
const int32_t *hs_records_kommun(const hs_records *r)
{
    return r->kommun;
}
const int32_t *hs_records_category(const hs_records *r)
{
    return r->cat;
}
size_t hs_records_category_count(const hs_records *r)
{
    return r->cats.n;
}
const char *hs_records_category_name(const hs_records *r, size_t k)
{
    return hs__dict_name(&r->cats, k);
}
const int32_t *hs_records_focus(const hs_records *r)
{
    return r->focus;
}
size_t hs_records_focus_count(const hs_records *r)
{
    return r->focuses.n;
}
const char *hs_records_focus_name(const hs_records *r, size_t k)
{
    return hs__dict_name(&r->focuses, k);
}

static int is_local(const hs_records *r, size_t i)
{
    return hs_precision_is_local((hs_precision)r->prec[i]) && isfinite(r->x[i]) &&
           isfinite(r->y[i]);
}

int hs_records_local_index(size_t *n_out, size_t *idx, size_t cap, const hs_records *r)
{
    if (!n_out || !r || (cap && !idx)) {
        return HS_EINVAL;
    }
    size_t k = 0;
    for (size_t i = 0; i < r->n; i++) {
        if (is_local(r, i)) {
            if (k < cap) {
                idx[k] = i;
            }
            k++;
        }
    }
    *n_out = k;
    return idx && k > cap ? HS_ELIMIT : HS_OK;
}

hs_bbox hs_records_bbox(const hs_records *r)
{
    hs_bbox b = {INFINITY, INFINITY, -INFINITY, -INFINITY};
    for (size_t i = 0; r && i < r->n; i++) {
        if (!is_local(r, i)) {
            continue;
        }
        b.xmin = fmin(b.xmin, r->x[i]);
        b.ymin = fmin(b.ymin, r->y[i]);
        b.xmax = fmax(b.xmax, r->x[i]);
        b.ymax = fmax(b.ymax, r->y[i]);
    }
    return b;
}

size_t hs_records_memory(const hs_records *r)
{
    if (!r) {
        return 0;
    }
    size_t per = 3 * sizeof(double) + 3 * sizeof(int64_t) + 1 + 4 * sizeof(int32_t) +
                 sizeof(float) + 2 * sizeof(uint32_t);
    const uint32_t *sparse[] = {r->address, r->label, r->place, r->ptext, r->pfield};
    for (size_t c = 0; c < 5; c++) {
        per += sparse[c] ? sizeof(uint32_t) : 0;
    }
    return sizeof *r + r->cap * per + r->pool.cap + r->cats.pool.cap + r->focuses.pool.cap +
           r->codes.pool.cap;
}

/* src's dictionary index k -> dst's, interning src's names in dst (NULL when out of memory). */
static int32_t *dict_map(hs__dict *dst, const hs__dict *src)
{
    int32_t *map = malloc((src->n ? src->n : 1) * sizeof *map);
    for (size_t k = 0; map && k < src->n; k++) {
        if (hs__dict_intern(&map[k], dst, hs__dict_name(src, k)) != HS_OK) {
            free(map);
            return NULL;
        }
    }
    return map;
}

static void remap(int32_t *dst, const int32_t *src, size_t n, const int32_t *map)
{
    for (size_t i = 0; i < n; i++) {
        dst[i] = src[i] >= 0 ? map[src[i]] : -1;
    }
}

/* Moves column src_col (n values of size sz) to dst_col + at and frees it: the two copies of a
 * column never coexist for more than that column. */
#define MOVE(field)                                                                                \
    do {                                                                                           \
        memcpy(dst->field + at, src->field, n * sizeof *src->field);                               \
        free(src->field);                                                                          \
        src->field = NULL;                                                                         \
    } while (0)

int hs__records_append(hs_records *dst, hs_records *src, int64_t row_offset)
{
    size_t n = src->n, at = dst->n;
    if (!n) {
        return HS_OK;
    }
    if (hs_records_reserve(dst, at + n) != HS_OK) {
        return HS_ENOMEM;
    }
    int32_t *mc = dict_map(&dst->cats, &src->cats), *mf = dict_map(&dst->focuses, &src->focuses);
    int32_t *ms = dict_map(&dst->sources, &src->sources), *mk = dict_map(&dst->codes, &src->codes);
    if (!mc || !mf || !ms || !mk) {
        free(mc);
        free(mf);
        free(ms);
        free(mk);
        return HS_ENOMEM;
    }
    /* the string pool: src's bytes after its reserved NUL, offsets shifted */
    size_t base = dst->pool.len ? dst->pool.len : 1, extra = src->pool.len ? src->pool.len - 1 : 0;
    if (base + extra > UINT32_MAX ||
        hs__grow((void **)&dst->pool.data, &dst->pool.cap, base + extra, 1) != HS_OK) {
        free(mc);
        free(mf);
        free(ms);
        free(mk);
        return HS_ENOMEM;
    }
    dst->pool.data[0] = '\0';
    if (extra) {
        memcpy(dst->pool.data + base, src->pool.data + 1, extra);
    }
    dst->pool.len = base + extra;
    hs__strpool_free(&src->pool);
    uint32_t shift = (uint32_t)(base - 1);
    uint32_t **const dcols[] = {&dst->id,    &dst->address, &dst->label,
                                &dst->place, &dst->ptext,   &dst->pfield};
    uint32_t **const scols[] = {&src->id,    &src->address, &src->label,
                                &src->place, &src->ptext,   &src->pfield};
    for (size_t c = 0; c < 6; c++) {
        const uint32_t *sc = *scols[c];
        if (sc == NULL && *dcols[c] == NULL) {
            continue; /* a sparse column neither has */
        }
        if (*dcols[c] == NULL && (*dcols[c] = calloc(dst->cap, sizeof(uint32_t))) == NULL) {
            free(mc);
            free(mf);
            free(ms);
            free(mk);
            return HS_ENOMEM;
        }
        uint32_t *dc = *dcols[c] + at;
        for (size_t i = 0; i < n; i++) {
            dc[i] = sc && sc[i] ? sc[i] + shift : 0;
        }
        free(*scols[c]);
        *scols[c] = NULL;
    }
    remap(dst->cat + at, src->cat, n, mc);
    remap(dst->focus + at, src->focus, n, mf);
    remap(dst->source + at, src->source, n, ms);
    remap(dst->code + at, src->code, n, mk);
    free(mc);
    free(mf);
    free(ms);
    free(mk);
    free(src->cat);
    free(src->focus);
    free(src->source);
    free(src->code);
    src->cat = src->focus = src->source = src->code = NULL;
    MOVE(x);
    MOVE(y);
    MOVE(w);
    MOVE(t_from);
    MOVE(t_to);
    MOVE(prec);
    MOVE(kommun);
    MOVE(score);
    for (size_t i = 0; i < n; i++) {
        dst->row[at + i] = src->row[i] + row_offset;
    }
    free(src->row);
    src->row = NULL;
    src->n = src->cap = 0;
    dst->n = at + n;
    return HS_OK;
}
