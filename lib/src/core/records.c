/*
 * The column-wise incident store: parallel arrays for coordinates, times, weights and codes, with
 * strings in a pool and the repeated ones (categories, focus areas, sources, crime codes) in
 * dictionaries, each stored once. Columns that often hold one value for every record (weight,
 * times, kommun, codes, sources, scores, ids) have no array until a record differs: the value is
 * kept once, and a reader that asks for the whole column gets it filled then. Plain C, no I/O.
 */
#include "core/hs_internal.h"

#include <math.h>
#include <pthread.h>
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
    /* the one value of a uniform column (its array NULL): the weight, times, score, kommun,
     * dictionary indexes and id offset every record so far has */
    double u_w;
    int64_t u_t_from, u_t_to;
    float u_score;
    int32_t u_kommun, u_cat, u_focus, u_source, u_code;
    uint32_t u_id;
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

/* A uniform column (NULL) stays so; an array grows with the store. */
#define LAZY_RESIZE(field) SPARSE_RESIZE(field)

/* Gives the uniform column *col its array: the store's first n records all hold u. */
static int lazy_make(hs_records *r, void **col, const void *u, size_t sz)
{
    char *p = hs__malloc_big((r->cap ? r->cap : 1) * sz);
    if (!p) {
        return HS_ENOMEM;
    }
    for (size_t k = 0; k < r->n; k++) {
        memcpy(p + k * sz, u, sz);
    }
    *col = p;
    return HS_OK;
}

/* Value v (sz bytes) at record i of a column that may be uniform: the first record sets the one
 * value, a record that differs from it gives the column its array. */
static int lazy_put(hs_records *r, void **col, void *u, size_t sz, size_t i, const void *v)
{
    if (*col == NULL) {
        if (r->n == 0 || memcmp(u, v, sz) == 0) {
            memcpy(u, v, sz);
            return HS_OK;
        }
        if (lazy_make(r, col, u, sz) != HS_OK) {
            return HS_ENOMEM;
        }
    }
    memcpy((char *)*col + i * sz, v, sz);
    return HS_OK;
}

/* The whole column for a reader: a uniform one gets its array now (under a lock, since readers
 * may ask from several threads); NULL only when the store is empty or memory ran out. */
static pthread_mutex_t lazy_lock = PTHREAD_MUTEX_INITIALIZER;

static const void *lazy_col(const hs_records *rc, void *const *colc, const void *u, size_t sz)
{
    hs_records *r = (hs_records *)rc; /* filling the array changes no value */
    void **col = (void **)colc;
    pthread_mutex_lock(&lazy_lock);
    if (*col == NULL && r->n > 0) {
        (void)lazy_make(r, col, u, sz);
    }
    void *out = *col;
    pthread_mutex_unlock(&lazy_lock);
    return out;
}

#define LAZY_PUT(field, type, i, val)                                                              \
    do {                                                                                           \
        type v_ = (val);                                                                           \
        rc |= lazy_put(r, (void **)&r->field, &r->u_##field, sizeof v_, (i), &v_);                 \
    } while (0)
#define LAZY_GET(field, i) (r->field ? r->field[i] : r->u_##field)
#define LAZY_COL(field) lazy_col(r, (void *const *)&r->field, &r->u_##field, sizeof r->u_##field)

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
    LAZY_RESIZE(w);
    LAZY_RESIZE(t_from);
    LAZY_RESIZE(t_to);
    RESIZE(row);
    RESIZE(prec);
    LAZY_RESIZE(cat);
    LAZY_RESIZE(focus);
    LAZY_RESIZE(kommun);
    LAZY_RESIZE(source);
    LAZY_RESIZE(score);
    LAZY_RESIZE(id);
    LAZY_RESIZE(code);
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
    uint32_t id = 0;
    int32_t code = -1, cat = -1, focus = -1, source = -1;
    rc |= hs__strpool_add(&id, &r->pool, rec->id);
    rc |= hs__dict_intern(&code, &r->codes, rec->code);
    rc |= sparse_put(&r->address, r, i, rec->address);
    rc |= sparse_put(&r->label, r, i, rec->label);
    rc |= sparse_put(&r->place, r, i, rec->place);
    rc |= sparse_put(&r->ptext, r, i, rec->place_text);
    rc |= sparse_put(&r->pfield, r, i, rec->place_field);
    rc |= hs__dict_intern(&cat, &r->cats, rec->category);
    rc |= hs__dict_intern(&focus, &r->focuses, rec->focus_area);
    rc |= hs__dict_intern(&source, &r->sources, rec->source);
    LAZY_PUT(id, uint32_t, i, id);
    LAZY_PUT(code, int32_t, i, code);
    LAZY_PUT(cat, int32_t, i, cat);
    LAZY_PUT(focus, int32_t, i, focus);
    LAZY_PUT(source, int32_t, i, source);
    LAZY_PUT(w, double, i, rec->weight);
    LAZY_PUT(t_from, int64_t, i, rec->t_from);
    LAZY_PUT(t_to, int64_t, i, rec->t_to);
    LAZY_PUT(kommun, int32_t, i, rec->kommun_code);
    LAZY_PUT(score, float, i, (float)rec->geocode_score);
    if (rc != HS_OK) {
        return HS_ENOMEM;
    }
    r->x[i] = rec->x;
    r->y[i] = rec->y;
    r->row[i] = rec->row;
    r->prec[i] = (uint8_t)rec->precision;
    r->n++;
    return HS_OK;
}

int hs_records_get(hs_record *out, const hs_records *r, size_t i)
{
    if (!out || !r || i >= r->n) {
        return HS_EINVAL;
    }
    int32_t code = LAZY_GET(code, i), source = LAZY_GET(source, i), cat = LAZY_GET(cat, i);
    int32_t focus = LAZY_GET(focus, i);
    out->id = hs__strpool_get(&r->pool, LAZY_GET(id, i));
    out->code = code >= 0 ? hs__dict_name(&r->codes, (size_t)code) : NULL;
    out->address = sparse_get(r, r->address, i);
    out->label = sparse_get(r, r->label, i);
    out->place = sparse_get(r, r->place, i);
    out->place_text = sparse_get(r, r->ptext, i);
    out->place_field = sparse_get(r, r->pfield, i);
    out->source = source >= 0 ? hs__dict_name(&r->sources, (size_t)source) : NULL;
    out->category = cat >= 0 ? hs__dict_name(&r->cats, (size_t)cat) : NULL;
    out->focus_area = focus >= 0 ? hs__dict_name(&r->focuses, (size_t)focus) : NULL;
    out->x = r->x[i];
    out->y = r->y[i];
    out->weight = LAZY_GET(w, i);
    out->t_from = LAZY_GET(t_from, i);
    out->t_to = LAZY_GET(t_to, i);
    out->row = r->row[i];
    out->precision = (hs_precision)r->prec[i];
    out->kommun_code = LAZY_GET(kommun, i);
    out->geocode_score = LAZY_GET(score, i);
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
    int rc = HS_OK;
    LAZY_PUT(score, float, i, (float)score);
    if (rc != HS_OK) {
        return HS_ENOMEM;
    }
    r->x[i] = x;
    r->y[i] = y;
    r->prec[i] = (uint8_t)precision;
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
    int rc = HS_OK;
    LAZY_PUT(kommun, int32_t, i, kommun_code);
    return rc == HS_OK ? HS_OK : HS_ENOMEM;
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
    return LAZY_COL(w);
}
const int64_t *hs_records_t_from(const hs_records *r)
{
    return LAZY_COL(t_from);
}
const int64_t *hs_records_t_to(const hs_records *r)
{
    return LAZY_COL(t_to);
}
const uint8_t *hs_records_precision(const hs_records *r)
{
    return r->prec;
}
const int32_t *hs_records_kommun(const hs_records *r)
{
    return LAZY_COL(kommun);
}
const int32_t *hs_records_category(const hs_records *r)
{
    return LAZY_COL(cat);
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
    return LAZY_COL(focus);
}
size_t hs_records_focus_count(const hs_records *r)
{
    return r->focuses.n;
}
const char *hs_records_focus_name(const hs_records *r, size_t k)
{
    return hs__dict_name(&r->focuses, k);
}

const int32_t *hs__records_source(const hs_records *r)
{
    return r ? LAZY_COL(source) : NULL;
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
    size_t per = 2 * sizeof(double) + sizeof(int64_t) + 1; /* x, y, row, precision */
    const void *lazy[] = {r->w,   r->t_from, r->t_to,   r->score, r->kommun,
                          r->cat, r->focus,  r->source, r->code,  r->id};
    const size_t lazy_sz[] = {8, 8, 8, 4, 4, 4, 4, 4, 4, 4};
    for (size_t c = 0; c < sizeof lazy / sizeof lazy[0]; c++) {
        per += lazy[c] ? lazy_sz[c] : 0;
    }
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

/* Appends src's column (array or uniform value su) to dst's at record at: stays uniform when
 * both are and agree (or dst is empty); else dst's gets its array. src's array is freed. */
static int append_col(hs_records *dst, void **dcol, void *du, void **scol, const void *su,
                      size_t sz, size_t at, size_t n)
{
    if (*scol == NULL && *dcol == NULL && (at == 0 || memcmp(du, su, sz) == 0)) {
        memcpy(du, su, sz);
        return HS_OK;
    }
    if (*dcol == NULL && lazy_make(dst, dcol, du, sz) != HS_OK) {
        return HS_ENOMEM;
    }
    char *d = (char *)*dcol + at * sz;
    if (*scol) {
        memcpy(d, *scol, n * sz);
    } else {
        for (size_t k = 0; k < n; k++) {
            memcpy(d + k * sz, su, sz);
        }
    }
    free(*scol);
    *scol = NULL;
    return HS_OK;
}

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
    uint32_t **const dcols[] = {&dst->address, &dst->label, &dst->place, &dst->ptext, &dst->pfield};
    uint32_t **const scols[] = {&src->address, &src->label, &src->place, &src->ptext, &src->pfield};
    int rc = HS_OK;
    for (size_t c = 0; rc == HS_OK && c < 5; c++) {
        const uint32_t *sc = *scols[c];
        if (sc == NULL && *dcols[c] == NULL) {
            continue; /* a sparse column neither has */
        }
        if (*dcols[c] == NULL && (*dcols[c] = calloc(dst->cap, sizeof(uint32_t))) == NULL) {
            rc = HS_ENOMEM;
            break;
        }
        uint32_t *dc = *dcols[c] + at;
        for (size_t i = 0; i < n; i++) {
            dc[i] = sc && sc[i] ? sc[i] + shift : 0;
        }
        free(*scols[c]);
        *scols[c] = NULL;
    }
    /* src's ids and dictionary indexes in dst's terms, in place: src is consumed */
    for (size_t i = 0; src->id && i < n; i++) {
        src->id[i] = src->id[i] ? src->id[i] + shift : 0;
    }
    src->u_id = src->u_id ? src->u_id + shift : 0;
    int32_t *const scol[] = {src->cat, src->focus, src->source, src->code};
    int32_t *const su[] = {&src->u_cat, &src->u_focus, &src->u_source, &src->u_code};
    const int32_t *const map[] = {mc, mf, ms, mk};
    for (size_t c = 0; c < 4; c++) {
        if (scol[c]) {
            remap(scol[c], scol[c], n, map[c]);
        }
        *su[c] = *su[c] >= 0 ? map[c][*su[c]] : -1;
    }
    free(mc);
    free(mf);
    free(ms);
    free(mk);
#define APPEND(field)                                                                              \
    do {                                                                                           \
        if (rc == HS_OK) {                                                                         \
            rc = append_col(dst, (void **)&dst->field, &dst->u_##field, (void **)&src->field,      \
                            &src->u_##field, sizeof src->u_##field, at, n);                        \
        }                                                                                          \
    } while (0)
    APPEND(id);
    APPEND(cat);
    APPEND(focus);
    APPEND(source);
    APPEND(code);
    APPEND(w);
    APPEND(t_from);
    APPEND(t_to);
    APPEND(kommun);
    APPEND(score);
#undef APPEND
    if (rc != HS_OK) {
        return HS_ENOMEM;
    }
    MOVE(x);
    MOVE(y);
    MOVE(prec);
    for (size_t i = 0; i < n; i++) {
        dst->row[at + i] = src->row[i] + row_offset;
    }
    free(src->row);
    src->row = NULL;
    src->n = src->cap = 0;
    dst->n = at + n;
    return HS_OK;
}
