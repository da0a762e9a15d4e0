/*
 * The PROJ seam for transformations. It owns the per-context PROJ context, caches transformations
 * by CRS code pair in the context, and transforms coordinate arrays between CRS codes (EPSG codes
 * or codes of crs_registry_proj.c) with axis order normalised to x = easting/lon
 * (proj_normalize_for_visualization).
 */
#include "core/hs_internal.h"
#include "crs/crs.h"

#include <math.h>
#include <proj.h>
#include <stdlib.h>

static PJ *get_pj(hs_ctx *ctx, int from, int to)
{
    if (!hs__crs_reg_slot(ctx)) {
        return NULL;
    }
    struct hs__pjcache *c = ctx->pjcache;
    for (size_t i = 0; i < c->n; i++) {
        if (c->from[i] == from && c->to[i] == to) {
            return c->pj[i];
        }
    }
    PJ *a = hs__crs_obj(ctx, from), *b = hs__crs_obj(ctx, to);
    PJ *raw = a && b ? proj_create_crs_to_crs_from_pj(ctx->proj, a, b, NULL, NULL) : NULL;
    if (!raw) {
        return NULL;
    }
    PJ *norm = proj_normalize_for_visualization(ctx->proj, raw);
    proj_destroy(raw);
    if (!norm) {
        return NULL;
    }
    if (c->n == HS_PJ_CACHE) {
        proj_destroy(c->pj[0]);
        for (size_t i = 1; i < c->n; i++) {
            c->from[i - 1] = c->from[i];
            c->to[i - 1] = c->to[i];
            c->pj[i - 1] = c->pj[i];
        }
        c->n--;
    }
    c->from[c->n] = from;
    c->to[c->n] = to;
    c->pj[c->n] = norm;
    c->n++;
    return norm;
}

int hs__crs_transform(hs_ctx *ctx, int from_epsg, int to_epsg, double *x, double *y, size_t n)
{
    if (!ctx || (n && (!x || !y))) {
        return HS_EINVAL;
    }
    if (from_epsg == to_epsg || n == 0) {
        return HS_OK;
    }
    PJ *pj = get_pj(ctx, from_epsg, to_epsg);
    if (!pj) {
        return hs__error(ctx, HS_EUNSUPPORTED, "cannot transform %s to %s",
                         hs_crs_label(ctx, from_epsg), hs_crs_label(ctx, to_epsg));
    }
    proj_trans_generic(pj, PJ_FWD, x, sizeof *x, n, y, sizeof *y, n, NULL, 0, 0, NULL, 0, 0);
    for (size_t i = 0; i < n; i++) {
        if (x[i] == HUGE_VAL || y[i] == HUGE_VAL) {
            x[i] = NAN;
            y[i] = NAN;
        }
    }
    return HS_OK;
}
