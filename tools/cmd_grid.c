/*
 * `hotspot grid`: count incidents per grid cell (SCB-aligned squares or hexagons on a fixed
 * lattice), per category and focus area, optionally clipped to polygons and with population and
 * rates per 1 000 inhabitants, into the `grid` layer of a GeoPackage. Parses its options from the
 * table below and calls the library (hs_layer_cells writes the layer); no statistics here.
 */
#include "cli.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const cli_opt opts[] = {
    CLI_OUT_OPTS,
    {"cell", 0, "SIZE", "cell size (default 250 m; units m or km); hexagons: same area as SIZE^2"},
    {"shape", 0, "square|hex", "cell shape (default square)"},
    {"extent", 0, "XMIN,YMIN,XMAX,YMAX", "grid extent (default: the data, aligned)"},
    {"mask", 0, "POLYGONS", "keep only cells whose centre lies inside these polygons"},
    {"clip", 0, NULL, "with --mask: clip cells to the polygons, count only incidents inside"},
    {"min-count", 0, "K", "mark cells with 1 to K-1 incidents as suppressed (counts left empty)"},
    {"population", 0, "FILE", "population polygons or points (any OGR layer): pop and rate"},
    {"population-field", 0, "NAME", "population field (default: found by name)"},
    {"min-pop", 0, "N", "rate left empty where pop is below N (default 50)"},
    CLI_READ_OPTS,
    CLI_OPT_END};

typedef struct grid_work {
    hs_records *rec;
    hs_rejects *rej;
    hs_gpkg *gp;
    hs_areas *mask_areas;
    hs_grid_clip *clip;
    hs_population *pop;
    int64_t *counts, *cat_counts;
    uint8_t *keep, *inside;
    double *popc;
    char **names;
    size_t ncat;
} grid_work;

static void grid_work_free(grid_work *w)
{
    hs_records_free(w->rec);
    hs_rejects_free(w->rej);
    hs_gpkg_close(w->gp);
    hs_areas_free(w->mask_areas);
    hs_grid_clip_free(w->clip);
    hs_population_free(w->pop);
    free(w->counts);
    free(w->cat_counts);
    free(w->keep);
    free(w->inside);
    free(w->popc);
    for (size_t k = 0; w->names && k < w->ncat; k++) {
        free(w->names[k]);
    }
    free(w->names);
}

typedef struct grid_params {
    double cell, min_pop;
    int64_t min_count;
    int hex, clip;
} grid_params;

static int parse_params(cli_args *a, grid_params *p)
{
    p->cell = 250.0;
    p->min_pop = 50.0;
    p->min_count = 0;
    const char *v = cli_get(a, "cell");
    if (v && (cli_parse_length(&p->cell, v) || !(p->cell > 0))) {
        cli_error(a, "--cell: expected a positive length such as 250 or 1km, not '%s'", v);
        return CLI_USAGE;
    }
    if ((v = cli_get(a, "min-count"))) {
        char *end;
        long long n = strtoll(v, &end, 10);
        if (*v == '\0' || *end || n < 0) {
            cli_error(a, "--min-count: expected a whole number >= 0, not '%s'", v);
            return CLI_USAGE;
        }
        p->min_count = n;
    }
    v = cli_get(a, "shape");
    if (v && strcmp(v, "square") != 0 && strcmp(v, "hex") != 0) {
        cli_error(a, "--shape: expected square or hex, not '%s'", v);
        return CLI_USAGE;
    }
    p->hex = v && strcmp(v, "hex") == 0;
    p->clip = cli_has(a, "clip");
    if (p->clip && !cli_get(a, "mask")) {
        cli_error(a, "--clip needs --mask POLYGONS (the polygons to clip the cells to)");
        return CLI_USAGE;
    }
    if ((cli_get(a, "population-field") || cli_get(a, "min-pop")) && !cli_get(a, "population")) {
        cli_error(a, "--population-field and --min-pop need --population FILE");
        return CLI_USAGE;
    }
    if ((v = cli_get(a, "min-pop"))) {
        char *end;
        p->min_pop = strtod(v, &end);
        if (*v == '\0' || *end || !(p->min_pop >= 0) || !isfinite(p->min_pop)) {
            cli_error(a, "--min-pop: expected a number >= 0, not '%s'", v);
            return CLI_USAGE;
        }
    }
    return CLI_OK;
}

/* The grid: --extent, else the mask's box when clipping, else the data's box. */
static int make_grid(cli_args *a, grid_work *w, const grid_params *p, hs_cellgrid *g, hs_bbox *box)
{
    const char *ext = cli_get(a, "extent");
    int given = ext != NULL, rc;
    if (ext && cli_parse_extent(box, ext) != 0) {
        cli_error(a, "--extent: expected XMIN,YMIN,XMAX,YMAX (XMIN < XMAX, YMIN < YMAX), not '%s'",
                  ext);
        return CLI_USAGE;
    }
    if (!ext) {
        *box = p->clip ? hs_areas_bbox(w->mask_areas) : hs_records_bbox(w->rec);
    }
    memset(g, 0, sizeof *g);
    g->shape = p->hex ? HS_GRID_HEX : HS_GRID_SQUARE;
    if (p->hex) {
        rc = hs_hexgrid_spec_cover(&g->hex, *box, p->cell);
    } else if (given || p->clip) {
        rc = hs_grid_spec_cover(&g->square, *box, p->cell);
    } else {
        rc = hs_grid_spec_aligned(&g->square, *box, p->cell);
    }
    if (rc == HS_ELIMIT || (rc && given)) {
        cli_error(a, "%s%s: %g m cells give too many cells", given ? "--extent: " : "extent",
                  given ? ext : "", p->cell);
        return CLI_USAGE;
    }
    return rc ? cli_fail(a, rc) : CLI_OK;
}

/* Count fields: "n_" + each category, then each focus area (n_focus_<name> when it repeats one). */
static int make_names(grid_work *w, size_t ncat)
{
    w->names = calloc(w->ncat ? w->ncat : 1, sizeof *w->names);
    if (!w->names) {
        return HS_ENOMEM;
    }
    for (size_t k = 0; k < w->ncat; k++) {
        char suffix[64];
        hs_field_suffix(suffix, sizeof suffix,
                        k < ncat ? hs_records_category_name(w->rec, k)
                                 : hs_records_focus_name(w->rec, k - ncat));
        int clash = 0;
        for (size_t j = 0; j < k; j++) {
            clash |= strcmp(w->names[j] + 2, suffix) == 0;
        }
        size_t len = strlen(suffix) + 9;
        if (!(w->names[k] = malloc(len))) {
            return HS_ENOMEM;
        }
        snprintf(w->names[k], len, "%s%s", clash ? "n_focus_" : "n_", suffix);
    }
    return HS_OK;
}

static int count_all(cli_args *a, grid_work *w, const hs_cellgrid *g, int64_t *outside)
{
    size_t nrec = hs_records_count(w->rec), ncells = hs_cellgrid_ncells(g);
    size_t ncat = hs_records_category_count(w->rec), nfoc = hs_records_focus_count(w->rec);
    w->ncat = ncat + nfoc;
    w->counts = malloc(ncells * sizeof *w->counts);
    w->cat_counts = malloc((w->ncat ? w->ncat : 1) * ncells * sizeof *w->cat_counts);
    if (!w->counts || !w->cat_counts || make_names(w, ncat) != HS_OK) {
        cli_error(a, "out of memory for %zu cells", ncells);
        return CLI_FAIL;
    }
    const double *x = hs_records_x(w->rec), *y = hs_records_y(w->rec);
    const uint8_t *prec = hs_records_precision(w->rec);
    int rc = hs_cellgrid_count(w->counts, ncat ? w->cat_counts : NULL, outside, a->ctx, g, x, y,
                               prec, w->inside, hs_records_category(w->rec), ncat, nrec);
    if (rc == HS_OK && nfoc) {
        int64_t *tmp = malloc(ncells * sizeof *tmp);
        rc = tmp ? hs_cellgrid_count(tmp, w->cat_counts + ncat * ncells, NULL, a->ctx, g, x, y,
                                     prec, w->inside, hs_records_focus(w->rec), nfoc, nrec)
                 : HS_ENOMEM;
        free(tmp);
    }
    return rc ? cli_fail(a, rc) : CLI_OK;
}

/* Clip (cells and which incidents lie inside) or mask by centre, then the rows to write. */
static int select_cells(cli_args *a, grid_work *w, const grid_params *p, const hs_cellgrid *g,
                        hs_bbox box)
{
    size_t ncells = hs_cellgrid_ncells(g), nrec = hs_records_count(w->rec);
    w->keep = malloc(ncells ? ncells : 1);
    if (!w->keep) {
        return cli_fail(a, HS_ENOMEM);
    }
    int rc = HS_OK;
    if (p->clip) {
        w->inside = malloc(nrec ? nrec : 1);
        rc = w->inside ? hs_grid_clip_new(&w->clip, a->ctx, g, w->mask_areas) : HS_ENOMEM;
        rc = rc ? rc
                : hs_grid_clip_points(w->inside, a->ctx, w->clip, hs_records_x(w->rec),
                                      hs_records_y(w->rec), nrec);
        for (size_t c = 0; rc == HS_OK && c < ncells; c++) {
            w->keep[c] = hs_grid_clip_state(w->clip)[c] != HS_CLIP_OUTSIDE;
        }
    } else if (w->mask_areas) {
        rc = hs_cellgrid_mask(w->keep, a->ctx, g, w->mask_areas);
    } else {
        for (size_t c = 0; c < ncells; c++) {
            w->keep[c] = g->shape != HS_GRID_HEX || hs_hexgrid_in_box(&g->hex, c, box);
        }
    }
    return rc ? cli_fail(a, rc) : CLI_OK;
}

static int population(cli_args *a, grid_work *w, const grid_params *p, const hs_cellgrid *g,
                      int epsg)
{
    const char *path = cli_get(a, "population");
    if (!path) {
        return CLI_OK;
    }
    hs_population_opts po = HS_POPULATION_OPTS_INIT;
    po.field = cli_get(a, "population-field");
    po.epsg = epsg;
    int rc = hs_population_open(&w->pop, a->ctx, path, &po);
    if (rc) {
        return cli_fail(a, rc);
    }
    size_t ncells = hs_cellgrid_ncells(g);
    double placed = 0;
    w->popc = malloc((ncells ? ncells : 1) * sizeof *w->popc);
    rc = w->popc ? hs_population_cells(w->popc, &placed, a->ctx, w->pop, g, w->clip) : HS_ENOMEM;
    if (rc) {
        return cli_fail(a, rc);
    }
    double kept = 0;
    for (size_t c = 0; c < ncells; c++) {
        kept += w->keep[c] ? w->popc[c] : 0;
    }
    cli_info(a,
             "population: %s, field '%s' (%s), %zu %s, %.0f inhabitants; %.0f in the cells "
             "written; rate left empty below %g inhabitants",
             path, hs_population_field(w->pop), po.field ? "given" : "found by name",
             hs_population_count(w->pop), hs_population_is_points(w->pop) ? "points" : "polygons",
             hs_population_total(w->pop), kept, p->min_pop);
    (void)placed;
    return CLI_OK;
}

static int write_out(cli_args *a, grid_work *w, const grid_params *p, const hs_cellgrid *g,
                     const char *out, int epsg)
{
    hs_gpkg_opts gpo = HS_GPKG_OPTS_INIT;
    gpo.overwrite = cli_has(a, "overwrite");
    gpo.epsg = epsg;
    int rc = hs_gpkg_open(&w->gp, a->ctx, out, &gpo);
    hs_grid_layer_opts lo = HS_GRID_LAYER_OPTS_INIT;
    lo.cat_counts = w->cat_counts;
    lo.cat_fields = (const char *const *)w->names;
    lo.ncat = w->ncat;
    lo.keep = w->keep;
    lo.min_count = p->min_count;
    lo.null_suppressed = 1;
    lo.clip = w->clip;
    lo.pop = w->popc;
    lo.min_pop = p->min_pop;
    rc = rc ? rc : hs_layer_cells(w->gp, g, w->counts, &lo);
    char buf[64];
    snprintf(buf, sizeof buf, "%g", p->cell);
    rc = rc ? rc
            : hs_gpkg_set_param(w->gp, "cell_size", buf, cli_get(a, "cell") ? "given" : "default");
    snprintf(buf, sizeof buf, "%lld", (long long)p->min_count);
    rc = rc ? rc
            : hs_gpkg_set_param(w->gp, "min_count", buf,
                                cli_get(a, "min-count") ? "given" : "default");
    rc = rc ? rc
            : hs_gpkg_set_param(w->gp, "cell_shape", p->hex ? "hex" : "square",
                                cli_get(a, "shape") ? "given" : "default");
    if (rc == HS_OK && p->clip) {
        rc = hs_gpkg_set_param(w->gp, "clip", cli_get(a, "mask"), "given");
    }
    if (rc == HS_OK && w->pop) {
        snprintf(buf, sizeof buf, "%g", p->min_pop);
        rc = hs_gpkg_set_param(w->gp, "population", cli_get(a, "population"), "given");
        rc = rc ? rc
                : hs_gpkg_set_param(w->gp, "population_field", hs_population_field(w->pop),
                                    cli_get(a, "population-field") ? "given" : "auto");
        rc = rc ? rc
                : hs_gpkg_set_param(w->gp, "min_pop", buf,
                                    cli_get(a, "min-pop") ? "given" : "default");
    }
    rc = rc ? rc : hs_gpkg_commit(w->gp);
    return rc ? cli_fail(a, rc) : CLI_OK;
}

static int count(cli_args *a, grid_work *w, const char *out)
{
    grid_params p;
    int rc = parse_params(a, &p);
    if (rc) {
        return rc;
    }
    if ((rc = hs_records_new(&w->rec)) || (rc = hs_rejects_new(&w->rej))) {
        return cli_fail(a, rc);
    }
    if ((rc = cli_read_inputs(a, w->rec, w->rej, 0, a->npos))) {
        return rc;
    }
    size_t nrec = hs_records_count(w->rec), nlocal = 0;
    hs_records_local_index(&nlocal, NULL, 0, w->rec);
    if (nlocal == 0) {
        cli_error(a, "no located records finer than kommun precision: nothing to count");
        return CLI_NODATA;
    }
    if (nlocal < nrec) {
        cli_info(a, "%zu records of kommun or lan precision (or unlocated) left out of the grid",
                 nrec - nlocal);
    }
    int epsg = hs_records_crs(w->rec) > 0 ? hs_records_crs(w->rec) : 3006;
    hs_cellgrid g;
    hs_bbox box;
    if ((rc = cli_open_mask(a, &w->mask_areas, hs_records_crs(w->rec))) ||
        (rc = make_grid(a, w, &p, &g, &box)) || (rc = select_cells(a, w, &p, &g, box))) {
        return rc;
    }
    int64_t outside = 0;
    if ((rc = count_all(a, w, &g, &outside)) || (rc = population(a, w, &p, &g, epsg))) {
        return rc;
    }
    size_t ncells = hs_cellgrid_ncells(&g);
    for (size_t c = 0; p.hex && !w->mask_areas && c < ncells; c++) {
        w->keep[c] |= w->counts[c] > 0; /* a hexagon just outside the box that holds incidents */
    }
    int64_t total = 0, masked_out = 0, written = 0, supp = 0, clipped_out = 0;
    for (size_t c = 0; c < ncells; c++) {
        int64_t n = w->counts[c];
        if (!w->keep[c]) {
            masked_out += n;
            continue;
        }
        total += n;
        written++;
        supp += n > 0 && n < p.min_count;
    }
    for (size_t i = 0; w->inside && i < nrec; i++) {
        const uint8_t *pr = hs_records_precision(w->rec);
        clipped_out += !w->inside[i] && (!pr || hs_precision_is_local((hs_precision)pr[i]));
    }
    if (p.hex) {
        cli_info(a,
                 "grid: %lld x %lld hexagons of %g m (area %g m2, side %.3f m) from column "
                 "%lld, row %lld (cell %s)",
                 (long long)g.hex.ncol, (long long)g.hex.nrow, p.cell, p.cell * p.cell, g.hex.side,
                 (long long)g.hex.col0, (long long)g.hex.row0,
                 cli_get(a, "cell") ? "given" : "default");
    } else {
        cli_info(a, "grid: %lld x %lld cells of %g m from (%.0f, %.0f) (cell %s)",
                 (long long)g.square.nx, (long long)g.square.ny, p.cell, g.square.x0, g.square.y0,
                 cli_get(a, "cell") ? "given" : "default");
    }
    if (p.clip) {
        cli_info(a, "clip: %lld incidents outside the mask polygons left out",
                 (long long)clipped_out);
    } else if (outside || masked_out) {
        cli_info(a, "%lld incidents outside the extent, %lld in cells outside the mask",
                 (long long)outside, (long long)masked_out);
    }
    if ((rc = write_out(a, w, &p, &g, out, epsg))) {
        return rc;
    }
    printf("%s: grid layer, %lld %s of %g m, %lld incidents, %lld cells suppressed\n", out,
           (long long)written, p.hex ? "hexagons" : "cells", p.cell, (long long)total,
           (long long)supp);
    return CLI_OK;
}

static int run(cli_args *a)
{
    const char *out = cli_get(a, "output");
    int rc = cli_check_output(a, out);
    if (rc) {
        return rc;
    }
    grid_work w;
    memset(&w, 0, sizeof w);
    rc = count(a, &w, out);
    grid_work_free(&w);
    return rc;
}

const cli_cmd cmd_grid = {"grid", "INPUT... -o OUT.gpkg --cell 250 [--shape hex]",
                          "count incidents per grid cell (squares or hexagons, per category)", opts,
                          run};
