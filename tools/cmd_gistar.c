/*
 * `hotspot gistar`: Getis-Ord Gi* hot spots on grid counts with FDR correction.
 * Parses its options from the table below, reads the records, counts them into the aligned grid
 * and calls the library; it holds no statistics itself. Results (layer and summary) only.
 */
#include "cli.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static const cli_opt opts[] = {
    CLI_OUT_OPTS,
    {"cell", 0, "SIZE", "cell size (default 250 m)"},
    {"distance", 0, "M|auto",
     "neighbour distance band between cell centres, inclusive (default auto)"},
    {"weights", 0, "band|queen|rook", "neighbours: distance band (default) or contiguity"},
    {"alpha", 0, "A", "FDR level for the significance classes (default 0.05)"},
    {"extent", 0, "XMIN,YMIN,XMAX,YMAX", "grid extent (default: the data, aligned)"},
    {"mask", 0, "POLYGONS", "only cells that meet these polygons are observations"},
    CLI_READ_OPTS,
    CLI_OPT_END};

/* "EPSG:3006" or "3006" */
static int parse_epsg(int *out, const char *s)
{
    if (!s) {
        return 0;
    }
    if (strncmp(s, "EPSG:", 5) == 0 || strncmp(s, "epsg:", 5) == 0) {
        s += 5;
    }
    char *end;
    long v = strtol(s, &end, 10);
    if (*s == '\0' || *end || v <= 0 || v > 999999) {
        return -1;
    }
    *out = (int)v;
    return 0;
}

/* local midnight of "YYYY-MM-DD" as UTC seconds, plus days */
static int parse_day(int64_t *out, const char *s, size_t len, hs_tz tz, int plus)
{
    char b[16];
    if (len != 10 || s[4] != '-' || s[7] != '-') {
        return -1;
    }
    memcpy(b, s, len);
    b[len] = '\0';
    for (int i = 0; i < 10; i++) {
        if (i != 4 && i != 7 && (b[i] < '0' || b[i] > '9')) {
            return -1;
        }
    }
    int y = (b[0] - '0') * 1000 + (b[1] - '0') * 100 + (b[2] - '0') * 10 + (b[3] - '0');
    int m = (b[5] - '0') * 10 + (b[6] - '0');
    int d = (b[8] - '0') * 10 + (b[9] - '0');
    if (!hs_date_valid(y, m, d)) {
        return -1;
    }
    *out = hs_tz_wall_to_utc(NULL, tz, (hs_days_from_civil(y, m, d) + plus) * 86400, 0);
    return 0;
}

/* the shared read options into ingest options; returns an exit code */
static int read_opts(cli_args *a, hs_ingest_opts *io)
{
    io->col_x = cli_get(a, "x");
    io->col_y = cli_get(a, "y");
    io->col_time = cli_get(a, "time");
    io->col_from = cli_get(a, "from");
    io->col_to = cli_get(a, "to");
    io->col_category = cli_get(a, "category");
    io->col_weight = cli_get(a, "weight");
    io->where = cli_get(a, "where");
    io->encoding = cli_get(a, "encoding");
    io->tz = cli_get(a, "tz");
    if (parse_epsg(&io->crs_epsg, cli_get(a, "crs")) ||
        parse_epsg(&io->work_epsg, cli_get(a, "work-crs"))) {
        cli_error(a, "--crs and --work-crs take EPSG:N");
        return CLI_USAGE;
    }
    hs_tz tz = HS_TZ_STOCKHOLM;
    if (io->tz && hs_tz_parse(&tz, io->tz)) {
        cli_error(a, "--tz: unsupported zone '%s' (Europe/Stockholm or UTC)", io->tz);
        return CLI_USAGE;
    }
    const char *per = cli_get(a, "period");
    if (per) {
        const char *dots = strstr(per, "..");
        if (!dots ||
            (dots > per && parse_day(&io->period_start, per, (size_t)(dots - per), tz, 0)) ||
            (dots[2] && parse_day(&io->period_end, dots + 2, strlen(dots + 2), tz, 1))) {
            cli_error(a, "--period: expected YYYY-MM-DD..YYYY-MM-DD, not '%s'", per);
            return CLI_USAGE;
        }
    }
    const char *mr = cli_get(a, "max-rejects");
    if (mr) {
        char *end;
        double v = strtod(mr, &end);
        if (end == mr || v < 0 || (*end && strcmp(end, "%") != 0)) {
            cli_error(a, "--max-rejects: expected N or P%%, not '%s'", mr);
            return CLI_USAGE;
        }
        if (*end == '%') {
            io->max_rejects_share = v / 100.0;
        } else {
            io->max_rejects = (int64_t)v;
        }
    }
    return CLI_OK;
}

/* the grid: --extent aligned outward on the cell size, else hs_grid_spec_aligned on the data */
static int make_grid(cli_args *a, hs_grid_spec *g, const hs_records *rec, double cell)
{
    const char *ext = cli_get(a, "extent");
    if (!ext) {
        hs_bbox box = hs_records_bbox(rec);
        if (!(box.xmin <= box.xmax)) {
            cli_error(a, "no located records finer than kommun precision: nothing to analyse");
            return CLI_NODATA;
        }
        int rc = hs_grid_spec_aligned(g, box, cell);
        return rc ? cli_fail(a, rc) : CLI_OK;
    }
    double v[4];
    const char *s = ext;
    for (int i = 0; i < 4; i++) {
        char *end;
        v[i] = strtod(s, &end);
        if (end == s || (i < 3 && *end != ',') || (i == 3 && *end)) {
            cli_error(a, "--extent: expected XMIN,YMIN,XMAX,YMAX, not '%s'", ext);
            return CLI_USAGE;
        }
        s = end + 1;
    }
    if (!(v[0] < v[2] && v[1] < v[3])) {
        cli_error(a, "--extent: XMIN must be below XMAX and YMIN below YMAX");
        return CLI_USAGE;
    }
    g->cell = cell;
    g->x0 = floor(v[0] / cell) * cell;
    g->y0 = floor(v[1] / cell) * cell;
    g->nx = (int64_t)ceil((v[2] - g->x0) / cell - 1e-9);
    g->ny = (int64_t)ceil((v[3] - g->y0) / cell - 1e-9);
    if ((double)g->nx * (double)g->ny > 4e8) {
        cli_error(a, "--extent: %lld x %lld cells is too many", (long long)g->nx, (long long)g->ny);
        return CLI_USAGE;
    }
    return CLI_OK;
}

typedef struct work {
    hs_records *rec;
    hs_rejects *rej;
    hs_areas *areas;
    hs_gpkg *gp;
    int64_t *icnt;
    double *cnt;
    uint8_t *mask;
    double *z, *p, *q;
    int8_t *bin;
    int32_t *nnb;
} work;

static void work_free(work *w)
{
    hs_records_free(w->rec);
    hs_rejects_free(w->rej);
    hs_areas_free(w->areas);
    hs_gpkg_close(w->gp);
    free(w->icnt);
    free(w->cnt);
    free(w->mask);
    free(w->z);
    free(w->p);
    free(w->q);
    free(w->bin);
    free(w->nnb);
}

static int analyse(cli_args *a, work *w, const char *in, const char *out)
{
    double cell = 250.0;
    if (cli_get(a, "cell") && (cli_parse_length(&cell, cli_get(a, "cell")) || !(cell > 0))) {
        cli_error(a, "--cell: expected a positive length such as 250 or 1km");
        return CLI_USAGE;
    }
    double alpha = 0.05;
    if (cli_get(a, "alpha")) {
        char *end;
        alpha = strtod(cli_get(a, "alpha"), &end);
        if (*end || !(alpha > 0 && alpha < 1)) {
            cli_error(a, "--alpha: expected a number between 0 and 1");
            return CLI_USAGE;
        }
    }
    hs_gistar_opts go = HS_GISTAR_OPTS_INIT;
    const char *wk = cli_get(a, "weights");
    if (wk && strcmp(wk, "queen") == 0) {
        go.weights = HS_WEIGHTS_QUEEN;
    } else if (wk && strcmp(wk, "rook") == 0) {
        go.weights = HS_WEIGHTS_ROOK;
    } else if (wk && strcmp(wk, "band") != 0) {
        cli_error(a, "--weights: expected band, queen or rook, not '%s'", wk);
        return CLI_USAGE;
    }
    const char *dist = cli_get(a, "distance");
    int auto_dist = go.weights == HS_WEIGHTS_BAND && (!dist || strcmp(dist, "auto") == 0);
    if (go.weights == HS_WEIGHTS_BAND && !auto_dist &&
        (cli_parse_length(&go.distance, dist) || !(go.distance > 0))) {
        cli_error(a, "--distance: expected a positive length or auto, not '%s'", dist);
        return CLI_USAGE;
    }
    hs_ingest_opts io = HS_INGEST_OPTS_INIT;
    int rc = read_opts(a, &io);
    if (rc) {
        return rc;
    }
    if ((rc = hs_records_new(&w->rec)) || (rc = hs_rejects_new(&w->rej))) {
        return cli_fail(a, rc);
    }
    hs_ingest_stats st;
    rc = hs_ingest_file(&st, a->ctx, w->rec, w->rej, in, &io);
    if (rc) {
        return cli_fail(a, rc);
    }
    hs_grid_spec g;
    if ((rc = make_grid(a, &g, w->rec, cell))) {
        return rc;
    }
    size_t n = (size_t)(g.nx * g.ny);
    w->icnt = calloc(n, sizeof *w->icnt);
    w->cnt = malloc(n * sizeof *w->cnt);
    w->z = malloc(n * sizeof *w->z);
    w->p = malloc(n * sizeof *w->p);
    w->q = malloc(n * sizeof *w->q);
    w->bin = malloc(n);
    w->nnb = malloc(n * sizeof *w->nnb);
    if (!w->icnt || !w->cnt || !w->z || !w->p || !w->q || !w->bin || !w->nnb) {
        cli_error(a, "out of memory for %lld x %lld cells", (long long)g.nx, (long long)g.ny);
        return CLI_FAIL;
    }
    size_t nrec = hs_records_count(w->rec);
    int64_t outside = 0;
    rc = hs_grid_count(w->icnt, NULL, &outside, a->ctx, &g, hs_records_x(w->rec),
                       hs_records_y(w->rec), hs_records_precision(w->rec), NULL, 0, nrec);
    if (rc) {
        return cli_fail(a, rc);
    }
    int64_t total = 0;
    for (size_t i = 0; i < n; i++) {
        w->cnt[i] = (double)w->icnt[i];
        total += w->icnt[i];
    }
    if (total == 0) {
        cli_error(a, "%s: no record falls in the grid", in);
        return CLI_NODATA;
    }
    int64_t nobs = (int64_t)n;
    if (cli_get(a, "mask")) {
        hs_areas_opts ao = HS_AREAS_OPTS_INIT;
        ao.epsg = hs_records_crs(w->rec);
        w->mask = malloc(n);
        if (!w->mask) {
            return cli_fail(a, HS_ENOMEM);
        }
        if ((rc = hs_areas_open(&w->areas, a->ctx, cli_get(a, "mask"), &ao)) ||
            (rc = hs_areas_mask_grid(w->mask, w->areas, &g, -1))) {
            return cli_fail(a, rc);
        }
        nobs = 0;
        for (size_t i = 0; i < n; i++) {
            nobs += w->mask[i];
        }
    }
    cli_info(a,
             "grid: %lld x %lld cells of %g m from (%.0f, %.0f); %lld observations (zeros "
             "included), %lld incidents in them%s",
             (long long)g.nx, (long long)g.ny, g.cell, g.x0, g.y0, (long long)nobs,
             (long long)total, outside ? ", some outside the extent" : "");
    char how[160] = "given";
    if (auto_dist) {
        hs_auto_how ah;
        int k = 0;
        rc = hs_gistar_auto_distance(&go.distance, &ah, &k, a->ctx, &g, w->cnt, w->mask);
        if (rc) {
            return cli_fail(a, rc);
        }
        if (ah == HS_AUTO_PEAK) {
            snprintf(how, sizeof how,
                     "auto: first peak of global Moran's I z over bands of 1-10 cells");
        } else {
            snprintf(how, sizeof how,
                     "auto: no Moran's I peak; mean distance to the %d nearest non-empty cells", k);
        }
    }
    if (go.weights == HS_WEIGHTS_BAND) {
        cli_info(a,
                 "distance band: %.1f m (%s), cell centres within it are neighbours, self included",
                 go.distance, how);
        if (go.distance < g.cell) {
            cli_info(a,
                     "warning: the band is smaller than a cell: each cell is its only neighbour");
        }
    } else {
        cli_info(a, "neighbours: %s contiguity, self included",
                 go.weights == HS_WEIGHTS_QUEEN ? "queen" : "rook");
    }
    cli_info(a, "alpha: %g (FDR, Benjamini-Hochberg); gi_bin at 90/95/99 %% after FDR", alpha);
    rc = hs_gistar_grid(w->z, w->p, w->q, w->bin, w->nnb, a->ctx, &g, w->cnt, w->mask, &go);
    if (rc) {
        return cli_fail(a, rc);
    }
    int64_t hot = 0, cold = 0, bins[7] = {0};
    for (size_t i = 0; i < n; i++) {
        if (w->mask && !w->mask[i]) {
            continue;
        }
        bins[w->bin[i] + 3]++;
        hot += w->q[i] <= alpha && w->z[i] > 0;
        cold += w->q[i] <= alpha && w->z[i] < 0;
    }
    hs_gpkg_opts gpo = HS_GPKG_OPTS_INIT;
    gpo.overwrite = cli_has(a, "overwrite");
    gpo.epsg = hs_records_crs(w->rec) > 0 ? hs_records_crs(w->rec) : 3006;
    char buf[64];
    if ((rc = hs_gpkg_open(&w->gp, a->ctx, out, &gpo)) ||
        (rc =
             hs_gistar_write_layer(w->gp, &g, w->cnt, w->mask, w->z, w->p, w->q, w->bin, w->nnb))) {
        return cli_fail(a, rc);
    }
    snprintf(buf, sizeof buf, "%g", g.cell);
    rc = hs_gpkg_set_param(w->gp, "cell_size", buf, cli_get(a, "cell") ? "given" : "default");
    snprintf(buf, sizeof buf, "%.3f", go.distance);
    if (!rc && go.weights == HS_WEIGHTS_BAND) {
        rc = hs_gpkg_set_param(w->gp, "distance_band", buf, auto_dist ? "auto" : "given");
    }
    snprintf(buf, sizeof buf, "%g", alpha);
    if (!rc) {
        rc = hs_gpkg_set_param(w->gp, "alpha", buf, cli_get(a, "alpha") ? "given" : "default");
    }
    if (!rc) {
        rc = hs_gpkg_add_input(w->gp, in, st.rows_read);
    }
    if (rc || (rc = hs_gpkg_commit(w->gp))) {
        return cli_fail(a, rc);
    }
    printf("%s: gistar layer, %lld cells\n", out, (long long)nobs);
    printf("hot spots at FDR %g: %lld, cold spots: %lld\n", alpha, (long long)hot, (long long)cold);
    printf("gi_bin -3..3: %lld %lld %lld %lld %lld %lld %lld\n", (long long)bins[0],
           (long long)bins[1], (long long)bins[2], (long long)bins[3], (long long)bins[4],
           (long long)bins[5], (long long)bins[6]);
    return CLI_OK;
}

static int run(cli_args *a)
{
    if (a->npos != 1) {
        cli_error(a, "expected one INPUT (got %d); see --help", a->npos);
        return CLI_USAGE;
    }
    const char *out = cli_get(a, "output");
    int rc = cli_check_output(a, out);
    if (rc) {
        return rc;
    }
    cli_attach(a);
    work w;
    memset(&w, 0, sizeof w);
    rc = analyse(a, &w, a->pos[0], out);
    work_free(&w);
    return rc;
}

const cli_cmd cmd_gistar = {"gistar", "INPUT -o OUT.gpkg --cell 250 [--distance M] [--alpha 0.05]",
                            "Getis-Ord Gi* hot spots on grid counts with FDR correction", opts,
                            run};
