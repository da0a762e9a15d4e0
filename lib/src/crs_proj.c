/*
 * The PROJ seam: the only file that includes proj.h. It owns the per-context PROJ context and
 * transforms coordinate arrays between EPSG codes with axis order normalised to x = easting/lon.
 */
#include "hs_internal.h"

#include <proj.h>

void hs__proj_release(hs_ctx *ctx)
{
    if (ctx->proj) {
        proj_context_destroy(ctx->proj);
        ctx->proj = NULL;
    }
}
