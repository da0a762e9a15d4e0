/*
 * The PROJ state a context keeps: the PROJ context itself (created on first use, released with
 * the hs_ctx through the function it leaves there), the cache of transformations (crs_proj.c
 * fills it) and the slot of the CRS registry (crs_registry_proj.c, which leaves its own free
 * function in the slot). The lowest file of the module: it calls no other.
 */
#include "core/hs_internal.h"
#include "crs/crs.h"

#include <proj.h>
#include <stdlib.h>

static void proj_release(hs_ctx *ctx)
{
    if (ctx->pjcache) {
        for (size_t i = 0; i < ctx->pjcache->n; i++) {
            proj_destroy(ctx->pjcache->pj[i]);
        }
        if (ctx->pjcache->reg_free) {
            ctx->pjcache->reg_free(ctx->proj, ctx->pjcache->reg);
        }
        free(ctx->pjcache);
        ctx->pjcache = NULL;
    }
    if (ctx->proj) {
        proj_context_destroy(ctx->proj);
        ctx->proj = NULL;
    }
}

struct pj_ctx *hs__proj_ctx(hs_ctx *ctx)
{
    if (!ctx->proj) {
        ctx->proj = proj_context_create();
        if (!ctx->proj) {
            return NULL;
        }
        proj_log_level(ctx->proj, PJ_LOG_NONE);
        ctx->proj_release = proj_release;
    }
    return ctx->proj;
}

struct hs__crsreg **hs__crs_reg_slot(hs_ctx *ctx)
{
    if (!hs__proj_ctx(ctx)) {
        return NULL;
    }
    if (!ctx->pjcache) {
        ctx->pjcache = calloc(1, sizeof *ctx->pjcache);
        if (!ctx->pjcache) {
            return NULL;
        }
    }
    return &ctx->pjcache->reg;
}
