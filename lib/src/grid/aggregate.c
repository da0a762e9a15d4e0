/*
 * Counting points per named area (through hs_areas_locate) and records per kommun code. Plain C;
 * the geometry work is in areas_geos.c.
 */
#include "core/hs_internal.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

int hs_aggregate_areas(int64_t *counts, int64_t *cat_counts, int64_t *outside, hs_ctx *ctx,
                       const hs_areas *a, const double *x, const double *y,
                       const uint8_t *precision, const int32_t *cat, size_t ncat, size_t n)
{
    if (!counts || !a || (n && (!x || !y)) || (cat_counts && !cat)) {
        return hs__error(ctx, HS_EINVAL, "aggregate: invalid arguments");
    }
    size_t na = hs_areas_count(a);
    memset(counts, 0, na * sizeof *counts);
    if (cat_counts) {
        memset(cat_counts, 0, ncat * na * sizeof *cat_counts);
    }
    int32_t *where = malloc((n ? n : 1) * sizeof *where);
    if (!where) {
        return hs__error(ctx, HS_ENOMEM, "aggregate: out of memory");
    }
    int rc = hs_areas_locate(where, ctx, a, x, y, n);
    int64_t out = 0;
    for (size_t i = 0; rc == HS_OK && i < n; i++) {
        if (precision && !hs_precision_is_local((hs_precision)precision[i])) {
            continue;
        }
        if (!isfinite(x[i]) || !isfinite(y[i])) {
            continue;
        }
        if (where[i] < 0) {
            out++;
            continue;
        }
        counts[where[i]]++;
        if (cat_counts && cat[i] >= 0 && (size_t)cat[i] < ncat) {
            cat_counts[(size_t)cat[i] * na + (size_t)where[i]]++;
        }
    }
    free(where);
    if (outside) {
        *outside = out;
    }
    return rc;
}

int hs_aggregate_by_code(int64_t *counts, int64_t *unmatched, hs_ctx *ctx, const hs_areas *a,
                         const int32_t *kommun_code, size_t n)
{
    if (!counts || !a || (n && !kommun_code)) {
        return hs__error(ctx, HS_EINVAL, "aggregate: invalid arguments");
    }
    size_t na = hs_areas_count(a);
    memset(counts, 0, na * sizeof *counts);
    int64_t *code_of = malloc((na ? na : 1) * sizeof *code_of);
    if (!code_of) {
        return hs__error(ctx, HS_ENOMEM, "aggregate: out of memory");
    }
    for (size_t k = 0; k < na; k++) {
        int64_t v;
        code_of[k] = hs__parse_int64(&v, hs_areas_id(a, k)) == HS_OK ? v : -1;
    }
    int64_t miss = 0;
    for (size_t i = 0; i < n; i++) {
        size_t k = 0;
        while (k < na && code_of[k] != kommun_code[i]) {
            k++;
        }
        if (k < na && kommun_code[i] > 0) {
            counts[k]++;
        } else {
            miss++;
        }
    }
    free(code_of);
    if (unmatched) {
        *unmatched = miss;
    }
    return HS_OK;
}
