/*
 * The list of rejected rows: source, row, column, value and a stable reason key. Plain C, no I/O;
 * values must be masked by the caller before they are added.
 */
#include "core/hs_internal.h"

#include <stdlib.h>
#include <string.h>

struct hs_rejects {
    size_t n, cap;
    int64_t *row;
    uint32_t *column, *value;
    int32_t *source, *reason;
    hs__strpool pool;
    hs__dict sources, reasons;
};

int hs_rejects_new(hs_rejects **out)
{
    if (!out) {
        return HS_EINVAL;
    }
    *out = calloc(1, sizeof **out);
    return *out ? HS_OK : HS_ENOMEM;
}

void hs_rejects_free(hs_rejects *rj)
{
    if (!rj) {
        return;
    }
    free(rj->row);
    free(rj->column);
    free(rj->value);
    free(rj->source);
    free(rj->reason);
    hs__strpool_free(&rj->pool);
    hs__dict_free(&rj->sources);
    hs__dict_free(&rj->reasons);
    free(rj);
}

size_t hs_rejects_count(const hs_rejects *rj)
{
    return rj ? rj->n : 0;
}

int hs_rejects_add(hs_rejects *rj, const hs_reject *rej)
{
    if (!rj || !rej || !rej->reason) {
        return HS_EINVAL;
    }
    if (rj->n == rj->cap) {
        size_t ncap = rj->cap ? rj->cap * 2 : 256;
        void *a = realloc(rj->row, ncap * sizeof *rj->row);
        if (!a) {
            return HS_ENOMEM;
        }
        rj->row = a;
        uint32_t **u[] = {&rj->column, &rj->value};
        for (size_t k = 0; k < 2; k++) {
            void *p = realloc(*u[k], ncap * sizeof **u[k]);
            if (!p) {
                return HS_ENOMEM;
            }
            *u[k] = p;
        }
        int32_t **s[] = {&rj->source, &rj->reason};
        for (size_t k = 0; k < 2; k++) {
            void *p = realloc(*s[k], ncap * sizeof **s[k]);
            if (!p) {
                return HS_ENOMEM;
            }
            *s[k] = p;
        }
        rj->cap = ncap;
    }
    size_t i = rj->n;
    int rc = hs__strpool_add(&rj->column[i], &rj->pool, rej->column);
    rc |= hs__strpool_add(&rj->value[i], &rj->pool, rej->value);
    rc |= hs__dict_intern(&rj->source[i], &rj->sources, rej->source);
    rc |= hs__dict_intern(&rj->reason[i], &rj->reasons, rej->reason);
    if (rc != HS_OK) {
        return HS_ENOMEM;
    }
    rj->row[i] = rej->row;
    rj->n++;
    return HS_OK;
}

int hs_rejects_get(hs_reject *out, const hs_rejects *rj, size_t i)
{
    if (!out || !rj || i >= rj->n) {
        return HS_EINVAL;
    }
    out->row = rj->row[i];
    out->column = hs__strpool_get(&rj->pool, rj->column[i]);
    out->value = hs__strpool_get(&rj->pool, rj->value[i]);
    out->source = rj->source[i] >= 0 ? hs__dict_name(&rj->sources, (size_t)rj->source[i]) : NULL;
    out->reason = hs__dict_name(&rj->reasons, (size_t)rj->reason[i]);
    return HS_OK;
}

size_t hs_rejects_by_reason(const char **reasons, size_t *counts, size_t cap, const hs_rejects *rj)
{
    if (!rj || !rj->reasons.n) {
        return 0;
    }
    size_t nr = rj->reasons.n;
    size_t *c = calloc(nr, sizeof *c);
    if (!c) {
        return 0;
    }
    for (size_t i = 0; i < rj->n; i++) {
        c[rj->reason[i]]++;
    }
    size_t out = 0;
    /* selection of the cap largest, descending; nr is small (a handful of reasons) */
    for (; out < cap && out < nr; out++) {
        size_t best = SIZE_MAX;
        for (size_t k = 0; k < nr; k++) {
            if (c[k] != SIZE_MAX && (best == SIZE_MAX || c[k] > c[best])) {
                best = k;
            }
        }
        if (best == SIZE_MAX) {
            break;
        }
        reasons[out] = hs__dict_name(&rj->reasons, best);
        counts[out] = c[best];
        c[best] = SIZE_MAX;
    }
    free(c);
    return out;
}

int hs__rejects_append(hs_rejects *dst, const hs_rejects *src, int64_t row_offset)
{
    for (size_t i = 0; i < src->n; i++) {
        hs_reject r;
        if (hs_rejects_get(&r, src, i) != HS_OK) {
            return HS_EINVAL;
        }
        r.row += row_offset;
        if (hs_rejects_add(dst, &r) != HS_OK) {
            return HS_ENOMEM;
        }
    }
    return HS_OK;
}
