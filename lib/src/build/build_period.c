/*
 * The period report of a build (the EST week, a month, a tertial): asked for by `--week`,
 * `--month`, `--tertial` or by `[output] cadence`, written beside the report as
 * "<report>-2025-W48.pdf" (or beside the GeoPackage when there is no report) from the committed
 * GeoPackage, also when nothing else changed.
 */
#include "core/hs_internal.h"
#include "build/build.h"

#include <stdio.h>
#include <string.h>

int hs__build_period_report(hs__build *b)
{
    const char *want = b->opts.version >= 2 ? b->opts.period : NULL;
    if (!want) {
        want = hs_project_get(b->p, "output", "cadence");
    }
    b->sum->period_report[0] = '\0';
    if (!want) {
        return HS_OK;
    }
    char key[32];
    int rc = HS_OK;
    if (strcmp(want, "week") == 0 || strcmp(want, "month") == 0 || strcmp(want, "tertial") == 0) {
        rc = hs_report_latest_period(key, sizeof key, b->ctx, b->sum->gpkg, want);
        if (rc == HS_ENODATA) {
            hs__log(b->ctx, HS_LOG_WARN, "period report: left out, %s", hs_ctx_errmsg(b->ctx));
            hs_ctx_clear_error(b->ctx);
            return HS_OK;
        }
    } else {
        hs__fmt(key, sizeof key, "%s", want);
    }
    if (rc != HS_OK) {
        return rc;
    }
    /* beside the report ("rapport.pdf" -> "rapport-2025-W48.pdf"), else beside the GeoPackage */
    char stem[1024];
    hs__fmt(stem, sizeof stem, "%s", b->sum->report[0] ? b->sum->report : b->sum->gpkg);
    char *dot = strrchr(stem, '.');
    char *slash = strrchr(stem, '/');
    if (dot && (!slash || dot > slash)) {
        *dot = '\0';
    }
    hs__fmt(b->sum->period_report, sizeof b->sum->period_report, "%s-%s.pdf", stem, key);
    hs_report_opts ro = HS_REPORT_OPTS_INIT;
    ro.place = hs_project_get(b->p, "project", "name");
    ro.lang = b->lang;
    ro.is_public = hs_project_bool(b->p, "privacy", "public", 1);
    ro.min_count = (int)hs_project_int(b->p, "privacy", "min_count", 5);
    ro.overwrite = 1;
    int pages = 0;
    rc = hs_report_period(&pages, b->ctx, b->sum->gpkg, b->sum->period_report, key, &ro);
    if (rc == HS_OK) {
        hs__log(b->ctx, HS_LOG_INFO, "period report %s: %d pages in %s", key, pages,
                b->sum->period_report);
    } else {
        b->sum->period_report[0] = '\0';
    }
    return rc;
}
