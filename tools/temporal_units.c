/*
 * `hotspot temporal`: the units records are grouped into (the kommun, grid cells, named places or
 * Gi* hot-spot clusters), with their ids and geometry. Public API only; no output here.
 */
#include "temporal_cli.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void temporal_units_free(units *u)
{
    for (size_t i = 0; i < u->n; i++) {
        free(u->id[i]);
    }
    free(u->id);
    free(u->of);
    free(u->cells);
    free(u->cl_start);
    free(u->cl_cells);
    hs_areas_free(u->areas);
}

static char *dupstr(const char *s)
{
    size_t n = strlen(s) + 1;
    char *p = malloc(n);
    if (p) {
        memcpy(p, s, n);
    }
    return p;
}

/* Units from integer keys (negative = no unit). Takes ownership of key. */
static int group_keys(units *u, int64_t *key, size_t n)
{
    int rc = hs_group_keys(u->of, &u->cells, &u->n, NULL, key, n);
    free(key);
    u->id = rc == HS_OK ? calloc(u->n + 1, sizeof *u->id) : NULL;
    return u->id ? HS_OK : HS_ENOMEM;
}

/* Linear cell index of every local-precision record (-1 otherwise). */
static int record_cells(int64_t *cell, const hs_records *rec, const hs_grid_spec *g)
{
    size_t n = hs_records_count(rec);
    const double *x = hs_records_x(rec), *y = hs_records_y(rec);
    const uint8_t *pr = hs_records_precision(rec);
    for (size_t i = 0; i < n; i++) {
        int64_t ix, iy;
        cell[i] = -1;
        if (hs_precision_is_local((hs_precision)pr[i]) &&
            hs_grid_cell_of(&ix, &iy, g, x[i], y[i]) == 0) {
            cell[i] = iy * g->nx + ix;
        }
    }
    return 0;
}

/* Hot-spot clusters: cells with Gi* bin >= 2 joined through queen contiguity. */
static int hotspot_units(cli_args *a, units *u, const int64_t *cell, size_t n)
{
    hs_gistar_opts go = HS_GISTAR_OPTS_INIT;
    go.weights = HS_WEIGHTS_QUEEN;
    if (cli_has(a, "distance")) {
        go.weights = HS_WEIGHTS_BAND;
        if (cli_parse_length(&go.distance, cli_get(a, "distance")) != 0) {
            return cli_usage(a, "--distance: bad length '%s'", cli_get(a, "distance"));
        }
    }
    hs_grid_spec *g = &u->grid;
    size_t nc = (size_t)(g->nx * g->ny), nhot = 0;
    double *counts = calloc(nc, sizeof *counts);
    int32_t *label = malloc(nc * sizeof *label);
    int rc = (counts && label) ? HS_OK : HS_ENOMEM;
    for (size_t i = 0; rc == HS_OK && i < n; i++) {
        if (cell[i] >= 0) {
            counts[cell[i]] += 1.0;
        }
    }
    if (rc == HS_OK) {
        rc = hs_hotspot_clusters(label, &u->n, &nhot, a->ctx, g, counts, &go);
    }
    u->id = calloc(u->n + 1, sizeof *u->id);
    u->cl_start = calloc(u->n + 2, sizeof *u->cl_start);
    u->cl_cells = malloc((nhot + 1) * sizeof *u->cl_cells);
    if (rc == HS_OK && (!u->id || !u->cl_start || !u->cl_cells)) {
        rc = HS_ENOMEM;
    }
    for (size_t c = 0; rc == HS_OK && c < nc; c++) {
        u->cl_start[label[c] + 2] += label[c] >= 0;
    }
    for (size_t k = 0; rc == HS_OK && k < u->n; k++) {
        u->cl_start[k + 2] += u->cl_start[k + 1];
        char buf[32];
        snprintf(buf, sizeof buf, "H%zu", k + 1);
        u->id[k] = dupstr(buf);
    }
    for (size_t c = 0; rc == HS_OK && c < nc; c++) {
        if (label[c] >= 0) {
            u->cl_cells[u->cl_start[label[c] + 1]++] = (int64_t)c;
        }
    }
    for (size_t i = 0; rc == HS_OK && i < n; i++) {
        u->of[i] = cell[i] >= 0 ? label[cell[i]] : -1;
    }
    free(counts);
    free(label);
    if (rc != HS_OK) {
        return cli_fail(a, rc);
    }
    cli_info(a, "%zu hot-spot clusters (Gi* bin >= 2, %zu cells)", u->n, nhot);
    return CLI_OK;
}

int temporal_make_units(cli_args *a, units *u, const hs_records *rec)
{
    size_t n = hs_records_count(rec);
    const char *by = cli_get(a, "by") ? cli_get(a, "by") : "kommun";
    u->of = malloc((n ? n : 1) * sizeof *u->of);
    if (!u->of) {
        return cli_error(a, "out of memory");
    }
    if (strcmp(by, "kommun") == 0) {
        const int32_t *k = hs_records_kommun(rec);
        int64_t *key = malloc((n ? n : 1) * sizeof *key);
        for (size_t i = 0; key && i < n; i++) {
            key[i] = k[i];
        }
        if (!key || group_keys(u, key, n) != HS_OK) {
            return cli_error(a, "out of memory");
        }
        for (size_t j = 0; j < u->n; j++) {
            char buf[24];
            snprintf(buf, sizeof buf, "%04lld", (long long)u->cells[j]);
            u->id[j] = dupstr(u->cells[j] ? buf : "alla");
        }
        return CLI_OK;
    }
    if (strcmp(by, "place") == 0) {
        u->kind = 2;
        if (!cli_has(a, "places")) {
            return cli_usage(a, "--by place needs --places FILE");
        }
        hs_areas_opts ao = HS_AREAS_OPTS_INIT;
        ao.epsg = hs_records_crs(rec);
        int rc = hs_areas_open(&u->areas, a->ctx, cli_get(a, "places"), &ao);
        if (rc == HS_OK) {
            rc = hs_areas_locate(u->of, a->ctx, u->areas, hs_records_x(rec), hs_records_y(rec), n);
        }
        if (rc != HS_OK) {
            return cli_fail(a, rc);
        }
        const uint8_t *pr = hs_records_precision(rec);
        for (size_t i = 0; i < n; i++) {
            if (!hs_precision_is_local((hs_precision)pr[i])) {
                u->of[i] = -1;
            }
        }
        u->n = hs_areas_count(u->areas);
        u->id = calloc(u->n ? u->n : 1, sizeof *u->id);
        for (size_t j = 0; u->id && j < u->n; j++) {
            u->id[j] = dupstr(hs_areas_id(u->areas, j) ? hs_areas_id(u->areas, j) : "");
        }
        return u->id ? CLI_OK : cli_error(a, "out of memory");
    }
    if (strcmp(by, "cell") != 0 && strcmp(by, "hotspot") != 0) {
        return cli_usage(a, "--by: expected cell, place, hotspot or kommun, got '%s'", by);
    }
    u->kind = strcmp(by, "cell") == 0 ? 1 : 3;
    double size = 250.0;
    if (cli_has(a, "cell") && cli_parse_length(&size, cli_get(a, "cell")) != 0) {
        return cli_usage(a, "--cell: bad length '%s'", cli_get(a, "cell"));
    }
    int rc = hs_grid_spec_aligned(&u->grid, hs_records_bbox(rec), size);
    if (rc != HS_OK) {
        return cli_nodata(a, "no located records to put in cells");
    }
    int64_t *cell = malloc((n ? n : 1) * sizeof *cell);
    if (!cell) {
        return cli_error(a, "out of memory");
    }
    record_cells(cell, rec, &u->grid);
    cli_info(a, "grid: cell %g m, %lld x %lld", size, (long long)u->grid.nx, (long long)u->grid.ny);
    if (u->kind == 3) {
        rc = hotspot_units(a, u, cell, n);
        free(cell);
        return rc;
    }
    if (group_keys(u, cell, n) != HS_OK) {
        return cli_error(a, "out of memory");
    }
    for (size_t j = 0; j < u->n; j++) {
        char buf[40];
        hs_grid_cell_id(buf, sizeof buf, &u->grid, u->cells[j] % u->grid.nx,
                        u->cells[j] / u->grid.nx);
        u->id[j] = dupstr(buf);
    }
    return u->id ? CLI_OK : cli_error(a, "out of memory");
}

void temporal_log_units(cli_args *a, const units *u, const hs_records *rec)
{
    size_t n = hs_records_count(rec), in = 0, noplace = 0, noplace_in = 0, kommun = 0;
    const uint8_t *pr = hs_records_precision(rec);
    const int32_t *k = hs_records_kommun(rec);
    for (size_t i = 0; i < n; i++) {
        int placed = hs_precision_is_local((hs_precision)pr[i]);
        in += u->of[i] >= 0;
        noplace += !placed;
        noplace_in += !placed && u->of[i] >= 0;
        kommun += u->kind == 0 && k[i] > 0;
    }
    if (u->kind == 0) {
        cli_info(a,
                 "%zu rows counted: %zu in kommun units, %zu in 'alla'; %zu of them without a "
                 "usable place",
                 in, kommun, in - kommun, noplace);
    } else {
        cli_info(a,
                 "%zu rows counted in %s units, %zu in none; %zu rows without a usable place "
                 "(counted in none of these units: use --by kommun for the whole area)",
                 in, cli_get(a, "by"), n - in, noplace - noplace_in);
    }
}
