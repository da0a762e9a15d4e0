/*
 * Strata tables: the aoristic weight of each unit's records that falls on holidays, Valborg,
 * nyår, school holidays and in darkness, from the per-record shares of calendar.c. Plain C; no I/O.
 */
#include "core/hs_internal.h"

#include <string.h>

int hs_calendar_table(double *out, hs_ctx *ctx, const int64_t *from, const int64_t *to,
                      const double *w, const int32_t *unit, size_t n, size_t nunits,
                      const hs_calendar_opts *opts)
{
    if (!out || (n > 0 && (!from || !to)) || nunits == 0) {
        return hs__error(ctx, HS_EINVAL, "calendar table: missing arrays or no units");
    }
    memset(out, 0, nunits * HS_STRATUM_COUNT * sizeof(double));
    for (size_t i = 0; i < n; i++) {
        int64_t u = unit ? unit[i] : 0;
        if (u < 0 || (size_t)u >= nunits || from[i] == HS_TIME_NONE) {
            continue;
        }
        double wi = w ? w[i] : 1.0;
        for (int s = 0; s < HS_STRATUM_COUNT; s++) {
            double share = 0.0;
            int rc = hs_calendar_share(&share, from[i], to[i], (hs_stratum)s, opts);
            if (rc != HS_OK) {
                return hs__error(ctx, rc, "calendar table: bad options");
            }
            out[(size_t)u * HS_STRATUM_COUNT + (size_t)s] += wi * share;
        }
        if ((i & 0xFFFF) == 0xFFFF) {
            int rc = hs__progress(ctx, "calendar strata", (double)i / (double)n);
            if (rc != HS_OK) {
                return rc;
            }
        }
    }
    return HS_OK;
}
