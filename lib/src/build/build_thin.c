/*
 * The steps of a build that had too little data: one log line each, the run parameter
 * STEP_too_little_data and the list the build's last analysis line names. Nothing here decides
 * whether a step has enough data; the steps do.
 */
#include "core/hs_internal.h"
#include "build/build.h"

#include <string.h>

int hs__build_thin_note(hs__build *b, const char *step, int skipped, const char *reason)
{
    hs__log(b->ctx, HS_LOG_INFO, "%s: %stoo little data (%s)", step, skipped ? "skipped, " : "",
            reason);
    size_t off = strlen(b->thin);
    if (!strstr(b->thin, step)) {
        hs__fmt(b->thin + off, sizeof b->thin - off, "%s%s", off ? ", " : "", step);
    }
    char key[64];
    hs__fmt(key, sizeof key, "%s_too_little_data", step);
    return b->gpkg ? hs_gpkg_set_param(b->gpkg, key, reason, skipped ? "skipped" : "computed")
                   : HS_OK;
}

int hs__build_thin(hs__build *b, const char *step, int rc)
{
    if (rc != HS_ENODATA) {
        return rc;
    }
    char reason[512];
    hs__fmt(reason, sizeof reason, "%s", hs_ctx_errmsg(b->ctx));
    hs_ctx_clear_error(b->ctx);
    /* the reason without the step's own prefix ("near_repeat: fewer than ...") */
    size_t len = strlen(step);
    const char *r =
        strncmp(reason, step, len) == 0 && reason[len] == ':' ? reason + len + 2 : reason;
    return hs__build_thin_note(b, step, 1, r);
}
