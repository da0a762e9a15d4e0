/*
 * Shared input steps of the statistics commands: read options, grid, counts, mask and neighbour
 * options (see stats_input.h). CLI glue only; it computes no statistic.
 */
#include "stats_input.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* the shared read options into ingest options (cli_read.c); returns an exit code. The statistics
 * commands have no --categories option, so no category table is loaded. */
int stats_read_opts(cli_args *a, hs_ingest_opts *io)
{
    hs_catmap *cats = NULL;
    int rc = cli_ingest_opts(a, io, &cats);
    hs_catmap_free(cats);
    io->categories = NULL;
    return rc;
}

/* the grid: --extent aligned outward on the cell size, else hs_grid_spec_aligned on the data */
int stats_make_grid(cli_args *a, hs_grid_spec *g, const hs_records *rec, double cell)
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

int stats_read(cli_args *a, hs_records **rec, hs_rejects **rej, hs_ingest_stats *st, const char *in)
{
    hs_ingest_opts io = HS_INGEST_OPTS_INIT;
    int rc = stats_read_opts(a, &io);
    if (rc) {
        return rc;
    }
    if ((rc = hs_records_new(rec)) || (rc = hs_rejects_new(rej))) {
        return cli_fail(a, rc);
    }
    rc = hs_ingest_file(st, a->ctx, *rec, *rej, in, &io);
    return rc ? cli_fail(a, rc) : CLI_OK;
}

int stats_count(double *cnt, int64_t *total, cli_args *a, const hs_grid_spec *g,
                const hs_records *rec)
{
    size_t n = (size_t)(g->nx * g->ny);
    int64_t *icnt = calloc(n, sizeof *icnt);
    if (!icnt) {
        return cli_fail(a, HS_ENOMEM);
    }
    int64_t outside = 0;
    int rc = hs_grid_count(icnt, NULL, &outside, a->ctx, g, hs_records_x(rec), hs_records_y(rec),
                           hs_records_precision(rec), NULL, 0, hs_records_count(rec));
    if (rc) {
        free(icnt);
        return cli_fail(a, rc);
    }
    *total = 0;
    for (size_t i = 0; i < n; i++) {
        cnt[i] = (double)icnt[i];
        *total += icnt[i];
    }
    free(icnt);
    if (outside > 0) {
        cli_info(a, "%lld records fall outside the grid and are not counted", (long long)outside);
    }
    if (*total == 0) {
        cli_error(a, "no record falls in the grid");
        return CLI_NODATA;
    }
    return CLI_OK;
}

int stats_mask(uint8_t **mask, int64_t *nobs, cli_args *a, const hs_grid_spec *g,
               const hs_records *rec)
{
    size_t n = (size_t)(g->nx * g->ny);
    *mask = NULL;
    *nobs = (int64_t)n;
    const char *path = cli_get(a, "mask");
    if (!path) {
        return CLI_OK;
    }
    hs_areas_opts ao = HS_AREAS_OPTS_INIT;
    ao.epsg = hs_records_crs(rec);
    hs_areas *areas = NULL;
    *mask = malloc(n);
    if (!*mask) {
        return cli_fail(a, HS_ENOMEM);
    }
    int rc = hs_areas_open(&areas, a->ctx, path, &ao);
    if (!rc) {
        rc = hs_areas_mask_grid(*mask, areas, g, -1);
    }
    hs_areas_free(areas);
    if (rc) {
        return cli_fail(a, rc);
    }
    *nobs = 0;
    for (size_t i = 0; i < n; i++) {
        *nobs += (*mask)[i];
    }
    if (*nobs == 0) {
        cli_error(a, "%s: no cell centre lies inside the mask", path);
        return CLI_NODATA;
    }
    return CLI_OK;
}

int stats_weights(hs_gistar_opts *go, int *auto_dist, cli_args *a)
{
    const char *wk = cli_get(a, "weights");
    if (wk && strcmp(wk, "queen") == 0) {
        go->weights = HS_WEIGHTS_QUEEN;
    } else if (wk && strcmp(wk, "rook") == 0) {
        go->weights = HS_WEIGHTS_ROOK;
    } else if (wk && strcmp(wk, "band") != 0) {
        cli_error(a, "--weights: expected band, queen or rook, not '%s'", wk);
        return CLI_USAGE;
    }
    const char *dist = cli_get(a, "distance");
    *auto_dist = go->weights == HS_WEIGHTS_BAND && (!dist || strcmp(dist, "auto") == 0);
    if (go->weights == HS_WEIGHTS_BAND && !*auto_dist &&
        (cli_parse_length(&go->distance, dist) || !(go->distance > 0))) {
        cli_error(a, "--distance: expected a positive length or auto, not '%s'", dist);
        return CLI_USAGE;
    }
    return CLI_OK;
}

int stats_cell(double *cell, cli_args *a, double def)
{
    *cell = def;
    if (cli_get(a, "cell") && (cli_parse_length(cell, cli_get(a, "cell")) || !(*cell > 0))) {
        cli_error(a, "--cell: expected a positive length such as 250 or 1km");
        return CLI_USAGE;
    }
    return CLI_OK;
}

int stats_count_by(double *cnt, cli_args *a, const hs_grid_spec *g, const hs_records *rec,
                   const int64_t *group, size_t ngroups)
{
    size_t nc = (size_t)(g->nx * g->ny);
    for (size_t i = 0; i < nc * ngroups; i++) {
        cnt[i] = 0.0;
    }
    size_t nr = hs_records_count(rec);
    const double *x = hs_records_x(rec);
    const double *y = hs_records_y(rec);
    const uint8_t *prec = hs_records_precision(rec);
    int64_t used = 0;
    for (size_t i = 0; i < nr; i++) {
        int64_t ix;
        int64_t iy;
        if (group[i] < 0 || (size_t)group[i] >= ngroups ||
            !hs_precision_is_local((hs_precision)prec[i]) || !isfinite(x[i]) || !isfinite(y[i]) ||
            hs_grid_cell_of(&ix, &iy, g, x[i], y[i]) != 0) {
            continue;
        }
        cnt[(size_t)group[i] * nc + (size_t)(iy * g->nx + ix)] += 1.0;
        used++;
    }
    if (used == 0) {
        cli_error(a, "no record with a place and a time falls in the grid");
        return CLI_NODATA;
    }
    return CLI_OK;
}

int stats_run(cli_args *a, stats_analyse_fn analyse)
{
    const char *out = NULL;
    int rc = cli_input_output(a, &out);
    if (rc) {
        return rc;
    }
    hs_records *rec = NULL;
    hs_rejects *rej = NULL;
    hs_ingest_stats st;
    rc = stats_read(a, &rec, &rej, &st, a->pos[0]);
    if (!rc) {
        rc = analyse(a, rec, out);
    }
    hs_records_free(rec);
    hs_rejects_free(rej);
    return rc;
}
