/*
 * `hotspot emerging`: emerging hot spots on a space-time cube of grid cells x time steps (week,
 * month, tertial, year): space-time Gi*, Mann-Kendall trends and the ArcGIS-style categories.
 * Parses options, reads and counts (stats_input.c), calls the library, writes the `emerging` layer.
 */
#include "stats_input.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static const cli_opt opts[] = {
    CLI_OUT_OPTS,
    {"cell", 0, "SIZE", "cell size (default 500 m)"},
    {"step", 0, "week|month|tertial|year", "time step of the cube (default month)"},
    {"distance", 0, "M|auto", "spatial neighbour band between cell centres (default auto)"},
    {"weights", 0, "band|queen|rook", "spatial neighbours: distance band (default) or contiguity"},
    {"time-window", 0, "K", "previous steps that are neighbours too (default 1)"},
    {"extent", 0, "XMIN,YMIN,XMAX,YMAX", "grid extent (default: the data, aligned)"},
    {"mask", 0, "POLYGONS", "only cells whose centre is inside these polygons are observations"},
    CLI_READ_OPTS,
    CLI_OPT_END};

static int parse_step(hs_step_kind *k, cli_args *a)
{
    const char *s = cli_get(a, "step");
    static const char *const names[] = {"week", "month", "tertial", "year"};
    *k = HS_STEP_MONTH;
    for (int i = 0; s && i < 4; i++) {
        if (strcmp(s, names[i]) == 0) {
            *k = (hs_step_kind)i;
            return CLI_OK;
        }
    }
    if (s) {
        cli_error(a, "--step: expected week, month, tertial or year, not '%s'", s);
        return CLI_USAGE;
    }
    return CLI_OK;
}

static int write_layer(cli_args *a, const hs_grid_spec *g, const uint8_t *mask, const double *cnt,
                       size_t nt, const int8_t *cat, const double *tz, const double *tp,
                       const char *out, int epsg)
{
    hs_gpkg_opts gpo = HS_GPKG_OPTS_INIT;
    gpo.overwrite = cli_has(a, "overwrite");
    gpo.epsg = epsg;
    hs_gpkg *gp = NULL;
    int rc = hs_gpkg_open(&gp, a->ctx, out, &gpo);
    rc = rc ? rc : hs_emerging_write_layer(gp, g, cnt, nt, mask, cat, tz, tp);
    rc = rc ? rc : hs_gpkg_commit(gp);
    hs_gpkg_close(gp);
    return rc ? cli_fail(a, rc) : CLI_OK;
}

typedef struct work {
    int64_t *step;
    double *cnt, *all, *tz, *tp;
    int8_t *cat;
    uint8_t *mask;
} work;

static int analyse(cli_args *a, work *w, hs_records *rec, const char *out)
{
    double cell;
    hs_step_kind kind;
    hs_emerging_opts eo = HS_EMERGING_OPTS_INIT;
    int auto_dist = 0;
    int rc = stats_cell(&cell, a, 500.0);
    if (rc || (rc = parse_step(&kind, a)) || (rc = stats_weights(&eo.weights, &auto_dist, a))) {
        return rc ? rc : CLI_USAGE;
    }
    if (cli_get(a, "time-window")) {
        char *end;
        long v = strtol(cli_get(a, "time-window"), &end, 10);
        if (*end || v < 0 || v > 100) {
            cli_error(a, "--time-window: expected a whole number 0..100");
            return CLI_USAGE;
        }
        eo.time_window = (int)v;
    }
    hs_tz tzone = HS_TZ_STOCKHOLM;
    if (cli_get(a, "tz") && hs_tz_parse(&tzone, cli_get(a, "tz"))) {
        return CLI_USAGE;
    }
    hs_grid_spec g;
    if ((rc = stats_make_grid(a, &g, rec, cell))) {
        return rc;
    }
    size_t nr = hs_records_count(rec);
    size_t nc = (size_t)(g.nx * g.ny);
    const int64_t *tf = hs_records_t_from(rec);
    int64_t start = INT64_MAX;
    for (size_t i = 0; i < nr; i++) {
        start = tf[i] != HS_TIME_NONE && tf[i] < start ? tf[i] : start;
    }
    if (start == INT64_MAX) {
        cli_error(a, "no record has a time");
        return CLI_NODATA;
    }
    w->step = malloc((nr ? nr : 1) * sizeof *w->step);
    int64_t nt = 0;
    if (!w->step) {
        return cli_fail(a, HS_ENOMEM);
    }
    for (size_t i = 0; i < nr; i++) {
        w->step[i] = tf[i] == HS_TIME_NONE ? -1 : hs_step_index(tf[i], start, kind, tzone);
        nt = w->step[i] + 1 > nt ? w->step[i] + 1 : nt;
    }
    if (nt < 2 || (double)nt * (double)nc > 2e8) {
        cli_error(a, "%lld time steps of %zu cells: need 2 or more steps and fewer bins",
                  (long long)nt, nc);
        return CLI_NODATA;
    }
    w->cnt = malloc((size_t)nt * nc * sizeof *w->cnt);
    w->all = malloc(nc * sizeof *w->all);
    w->cat = malloc(nc);
    w->tz = malloc(nc * sizeof *w->tz);
    w->tp = malloc(nc * sizeof *w->tp);
    int64_t nobs;
    if (!w->cnt || !w->all || !w->cat || !w->tz || !w->tp) {
        return cli_fail(a, HS_ENOMEM);
    }
    if ((rc = stats_count_by(w->cnt, a, &g, rec, w->step, (size_t)nt)) ||
        (rc = stats_mask(&w->mask, &nobs, a, &g, rec))) {
        return rc;
    }
    if (auto_dist) {
        for (size_t c = 0; c < nc; c++) {
            w->all[c] = 0;
            for (int64_t t = 0; t < nt; t++) {
                w->all[c] += w->cnt[(size_t)t * nc + c];
            }
        }
        if ((rc = hs_gistar_auto_distance(&eo.weights.distance, NULL, NULL, a->ctx, &g, w->all,
                                          w->mask))) {
            return cli_fail(a, rc);
        }
    }
    cli_info(a,
             "cube: %lld x %lld cells of %g m x %lld steps; neighbours: %s %.1f m%s and %d "
             "previous step(s); bins significant at FDR 0.10, trends at 0.05",
             (long long)g.nx, (long long)g.ny, g.cell, (long long)nt,
             eo.weights.weights == HS_WEIGHTS_BAND
                 ? "band"
                 : (eo.weights.weights == HS_WEIGHTS_QUEEN ? "queen" : "rook"),
             eo.weights.weights == HS_WEIGHTS_BAND ? eo.weights.distance : g.cell,
             auto_dist ? " (auto, as for gistar)" : "", eo.time_window);
    rc = hs_emerging_run(w->cat, w->tz, w->tp, NULL, a->ctx, &g, w->cnt, (size_t)nt, w->mask, &eo);
    if (rc) {
        return cli_fail(a, rc);
    }
    if ((rc = write_layer(a, &g, w->mask, w->cnt, (size_t)nt, w->cat, w->tz, w->tp, out,
                          hs_records_crs(rec) > 0 ? hs_records_crs(rec) : 3006))) {
        return rc;
    }
    printf("%s: emerging layer, %lld cells x %lld steps\n", out, (long long)nobs, (long long)nt);
    for (int k = -HS_EMERGING_HISTORICAL; k <= HS_EMERGING_HISTORICAL; k++) {
        int64_t m = 0;
        for (size_t c = 0; c < nc; c++) {
            m += (!w->mask || w->mask[c]) && w->cat[c] == k;
        }
        if (m > 0 && k != 0) {
            printf("  %-24s %lld\n", hs_emerging_name(k), (long long)m);
        }
    }
    return CLI_OK;
}

static int run(cli_args *a)
{
    const char *out = NULL;
    int rc = cli_input_output(a, &out);
    if (rc) {
        return rc;
    }
    hs_records *rec = NULL;
    hs_rejects *rej = NULL;
    hs_ingest_stats st;
    work w;
    memset(&w, 0, sizeof w);
    rc = stats_read(a, &rec, &rej, &st, a->pos[0]);
    if (!rc) {
        rc = analyse(a, &w, rec, out);
    }
    hs_records_free(rec);
    hs_rejects_free(rej);
    free(w.step);
    free(w.cnt);
    free(w.all);
    free(w.cat);
    free(w.tz);
    free(w.tp);
    free(w.mask);
    return rc;
}

const cli_cmd cmd_emerging = {"emerging", "INPUT -o OUT.gpkg --cell 500 --step month",
                              "emerging hot spots: space-time Gi*, trends and categories", opts,
                              run};
