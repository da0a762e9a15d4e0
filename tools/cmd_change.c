/*
 * `hotspot change`: per grid cell, the counts before and after a date (or on weekdays and at
 * weekends), the rate ratio and the exact conditional test of two Poisson counts with their
 * exposures, classed increased / decreased / no significant change / too few incidents. Parses
 * options, reads and counts (stats_input.c), calls the library and writes the `change` layer.
 */
#include "stats_input.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static const cli_opt opts[] = {
    CLI_OUT_OPTS,
    {"cell", 0, "SIZE", "cell size (default 250 m)"},
    {"split", 0, "YYYY-MM-DD", "period A before this local date, period B from it"},
    {"weekend", 0, NULL, "compare weekdays (A, 5 days) with weekends (B, 2 days) instead"},
    {"alpha", 0, "A", "significance level (default 0.05)"},
    {"no-fdr", 0, NULL, "classes from raw p-values instead of BH-adjusted ones"},
    {"extent", 0, "XMIN,YMIN,XMAX,YMAX", "grid extent (default: the data, aligned)"},
    CLI_READ_OPTS,
    CLI_OPT_END};

/* local day number of a record's start time, or INT64_MIN when it has none */
static int64_t local_day(int64_t t, hs_tz tz)
{
    if (t == HS_TIME_NONE) {
        return INT64_MIN;
    }
    return (int64_t)floor((double)hs_tz_utc_to_wall(tz, t) / 86400.0);
}

/* group 0 (A) or 1 (B) per record, and the exposures in days */
static int make_groups(int64_t *grp, double *ea, double *eb, cli_args *a, const hs_records *rec,
                       hs_tz tz)
{
    size_t nr = hs_records_count(rec);
    const int64_t *tf = hs_records_t_from(rec);
    const char *split = cli_get(a, "split");
    int weekend = cli_has(a, "weekend");
    if (!!split == weekend) {
        cli_error(a, "give either --split YYYY-MM-DD or --weekend");
        return CLI_USAGE;
    }
    int64_t sd = 0;
    if (split) {
        int y;
        int m;
        int d;
        char tail;
        if (strlen(split) != 10 || sscanf(split, "%4d-%2d-%2d%c", &y, &m, &d, &tail) != 3 ||
            !hs_date_valid(y, m, d)) {
            cli_error(a, "--split: expected YYYY-MM-DD, not '%s'", split);
            return CLI_USAGE;
        }
        sd = hs_days_from_civil(y, m, d);
    }
    int64_t lo = INT64_MAX;
    int64_t hi = INT64_MIN;
    for (size_t i = 0; i < nr; i++) {
        int64_t day = local_day(tf[i], tz);
        grp[i] = -1;
        if (day == INT64_MIN) {
            continue;
        }
        lo = day < lo ? day : lo;
        hi = day > hi ? day : hi;
        grp[i] = split ? (day >= sd) : (hs_weekday(day) >= 6);
    }
    if (lo > hi) {
        cli_error(a, "no record has a time");
        return CLI_NODATA;
    }
    if (weekend) {
        *ea = 5.0;
        *eb = 2.0;
    } else {
        *ea = (double)(sd - lo);
        *eb = (double)(hi + 1 - sd);
        if (!(*ea > 0) || !(*eb > 0)) {
            cli_error(a, "--split %s leaves one period empty (records span %lld days)", split,
                      (long long)(hi - lo + 1));
            return CLI_NODATA;
        }
    }
    return CLI_OK;
}

static int write_layer(cli_args *a, const hs_grid_spec *g, const double *cnt, const double *ratio,
                       const double *p, const double *q, const uint8_t *cls, const char *out,
                       int epsg)
{
    size_t nc = (size_t)(g->nx * g->ny);
    hs_gpkg_opts gpo = HS_GPKG_OPTS_INIT;
    gpo.overwrite = cli_has(a, "overwrite");
    gpo.epsg = epsg;
    hs_gpkg *gp = NULL;
    int rc = hs_gpkg_open(&gp, a->ctx, out, &gpo);
    rc = rc ? rc : hs_change_write_layer(gp, g, cnt, cnt + nc, ratio, p, q, cls);
    rc = rc ? rc : hs_gpkg_commit(gp);
    hs_gpkg_close(gp);
    return rc ? cli_fail(a, rc) : CLI_OK;
}

static int analyse(cli_args *a, hs_records *rec, const char *out)
{
    double cell;
    int rc = stats_cell(&cell, a, 250.0);
    if (rc) {
        return rc;
    }
    hs_change_opts co = HS_CHANGE_OPTS_INIT;
    co.fdr = !cli_has(a, "no-fdr");
    if (cli_get(a, "alpha")) {
        char *end;
        co.alpha = strtod(cli_get(a, "alpha"), &end);
        if (*end || !(co.alpha > 0 && co.alpha < 1)) {
            cli_error(a, "--alpha: expected a number between 0 and 1");
            return CLI_USAGE;
        }
    }
    hs_tz tz = HS_TZ_STOCKHOLM;
    if (cli_get(a, "tz") && hs_tz_parse(&tz, cli_get(a, "tz"))) {
        return CLI_USAGE;
    }
    hs_grid_spec g;
    if ((rc = stats_make_grid(a, &g, rec, cell))) {
        return rc;
    }
    size_t nr = hs_records_count(rec);
    size_t nc = (size_t)(g.nx * g.ny);
    int64_t *grp = malloc((nr ? nr : 1) * sizeof *grp);
    double *cnt = malloc(2 * nc * sizeof *cnt);
    double *ratio = malloc(nc * sizeof *ratio);
    double *p = malloc(nc * sizeof *p);
    double *q = malloc(nc * sizeof *q);
    uint8_t *cls = malloc(nc);
    if (!grp || !cnt || !ratio || !p || !q || !cls) {
        rc = cli_fail(a, HS_ENOMEM);
        goto done;
    }
    if ((rc = make_groups(grp, &co.exposure_a, &co.exposure_b, a, rec, tz)) ||
        (rc = stats_count_by(cnt, a, &g, rec, grp, 2))) {
        goto done;
    }
    cli_info(a, "A: %g days, B: %g days; exact conditional binomial test, alpha %g %s",
             co.exposure_a, co.exposure_b, co.alpha, co.fdr ? "after FDR (BH)" : "without FDR");
    rc = hs_change_run(ratio, p, q, cls, a->ctx, cnt, cnt + nc, nc, &co);
    if (rc) {
        rc = cli_fail(a, rc);
        goto done;
    }
    int64_t k[5] = {0};
    double ta = 0;
    double tb = 0;
    for (size_t c = 0; c < nc; c++) {
        k[cls[c]]++;
        ta += cnt[c];
        tb += cnt[nc + c];
    }
    rc = write_layer(a, &g, cnt, ratio, p, q, cls, out,
                     hs_records_crs(rec) > 0 ? hs_records_crs(rec) : 3006);
    if (!rc) {
        printf("%s: change layer; incidents A %.0f, B %.0f; cells increased %lld, decreased %lld, "
               "no significant change %lld, too few incidents %lld\n",
               out, ta, tb, (long long)k[HS_CHANGE_INCREASED], (long long)k[HS_CHANGE_DECREASED],
               (long long)k[HS_CHANGE_NONE], (long long)k[HS_CHANGE_TOO_FEW]);
    }
done:
    free(grp);
    free(cnt);
    free(ratio);
    free(p);
    free(q);
    free(cls);
    return rc;
}

static int run(cli_args *a)
{
    return stats_run(a, analyse);
}

const cli_cmd cmd_change = {"change", "INPUT -o OUT.gpkg --split YYYY-MM-DD | --weekend",
                            "change per cell between two periods or weekdays and weekends", opts,
                            run};
