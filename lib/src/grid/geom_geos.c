/*
 * The GEOS seam: the only file that includes geos_c.h. It owns the per-context GEOS handle and the
 * geometry operations the library needs (point in polygon through prepared geometries and an
 * STRtree). Callers see plain arrays and hs_ types only.
 */
#include "hs_internal.h"

#include <geos_c.h>

HS_INTERNAL GEOSContextHandle_t hs__geos(hs_ctx *ctx);

GEOSContextHandle_t hs__geos(hs_ctx *ctx)
{
    if (!ctx->geos) {
        ctx->geos = GEOS_init_r();
    }
    return ctx->geos;
}

void hs__geos_release(hs_ctx *ctx)
{
    if (ctx->geos) {
        GEOS_finish_r(ctx->geos);
        ctx->geos = NULL;
    }
}
