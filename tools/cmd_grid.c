/*
 * `hotspot grid`: count incidents per SCB-aligned grid cell (and per category and focus area) into
 * the `grid` layer of a GeoPackage. Parses its options from the table below and calls the library;
 * it holds no statistics itself.
 */
#include "cli.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const cli_opt opts[] = {
    CLI_OUT_OPTS,
    {"cell", 0, "SIZE", "cell size (default 250 m; units m or km)"},
    {"extent", 0, "XMIN,YMIN,XMAX,YMAX", "grid extent (default: the data, aligned)"},
    {"mask", 0, "POLYGONS", "keep only cells whose centre lies inside these polygons"},
    {"min-count", 0, "K", "mark cells with 1 to K-1 incidents as suppressed (counts left empty)"},
    CLI_READ_OPTS,
    CLI_OPT_END};

typedef struct grid_work {
    hs_records *rec;
    hs_rejects *rej;
    hs_gpkg *gp;
    int64_t *counts, *cat_counts;
    uint8_t *mask;
    char **names;
    size_t ncat;
} grid_work;

static void grid_work_free(grid_work *w)
{
    hs_records_free(w->rec);
    hs_rejects_free(w->rej);
    hs_gpkg_close(w->gp);
    free(w->counts);
    free(w->cat_counts);
    free(w->mask);
    for (size_t k = 0; w->names && k < w->ncat; k++) {
        free(w->names[k]);
    }
    free(w->names);
}

/* "n_" + a category or focus-area name folded to a field name: ASCII letters and digits, å ä ö é
 * as a a o e, '_' for anything else (one per character). */
static char *field_name(const char *cat)
{
    size_t len = strlen(cat), o = 2;
    char *s = malloc(len + 3);
    if (!s) {
        return NULL;
    }
    s[0] = 'n';
    s[1] = '_';
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)cat[i];
        if (c >= 0x80) {
            unsigned char d = i + 1 < len ? (unsigned char)cat[i + 1] : 0;
            char t = '_';
            if (c == 0xC3 && (d == 0xA5 || d == 0xA4 || d == 0x85 || d == 0x84)) {
                t = 'a';
            } else if (c == 0xC3 && (d == 0xB6 || d == 0x96)) {
                t = 'o';
            } else if (c == 0xC3 && (d == 0xA9 || d == 0x89)) {
                t = 'e';
            }
            while (i + 1 < len && ((unsigned char)cat[i + 1] & 0xC0) == 0x80) {
                i++; /* skip the continuation bytes */
            }
            s[o++] = t;
            continue;
        }
        s[o++] = (char)((c >= 'A' && c <= 'Z')   ? c + 32
                        : (c >= 'a' && c <= 'z') ? c
                        : (c >= '0' && c <= '9') ? c
                                                 : '_');
    }
    s[o] = '\0';
    return s;
}

static int write_layer(cli_args *a, grid_work *w, const hs_grid_spec *g, int64_t min_count,
                       int64_t *ncells_out, int64_t *nsupp_out)
{
    size_t nf = 6 + w->ncat;
    hs_field_def *fields = calloc(nf, sizeof *fields);
    hs_value *vals = calloc(nf, sizeof *vals);
    if (!fields || !vals) {
        free(fields);
        free(vals);
        return cli_fail(a, HS_ENOMEM);
    }
    fields[0] = (hs_field_def){"cell_id", HS_FIELD_TEXT};
    fields[1] = (hs_field_def){"x0", HS_FIELD_REAL};
    fields[2] = (hs_field_def){"y0", HS_FIELD_REAL};
    fields[3] = (hs_field_def){"size", HS_FIELD_REAL};
    fields[4] = (hs_field_def){"n", HS_FIELD_INT};
    for (size_t k = 0; k < w->ncat; k++) {
        fields[5 + k] = (hs_field_def){w->names[k], HS_FIELD_INT};
    }
    fields[5 + w->ncat] = (hs_field_def){"suppressed", HS_FIELD_INT};
    int rc = hs_gpkg_layer_begin(w->gp, "grid", HS_GEOM_POLYGON, fields, nf);
    size_t ncells = (size_t)(g->nx * g->ny);
    int64_t written = 0, supp = 0;
    char id[32];
    for (size_t c = 0; rc == HS_OK && c < ncells; c++) {
        if (w->mask && !w->mask[c]) {
            continue;
        }
        int64_t ix = (int64_t)(c % (size_t)g->nx), iy = (int64_t)(c / (size_t)g->nx);
        double x0 = g->x0 + (double)ix * g->cell, y0 = g->y0 + (double)iy * g->cell;
        hs_point ring[5] = {{x0, y0},
                            {x0 + g->cell, y0},
                            {x0 + g->cell, y0 + g->cell},
                            {x0, y0 + g->cell},
                            {x0, y0}};
        size_t rl = 5;
        hs_geom geom = {HS_GEOM_POLYGON, 0, 0, ring, &rl, 1};
        hs_grid_cell_id(id, sizeof id, g, ix, iy);
        int s = w->counts[c] > 0 && w->counts[c] < min_count;
        memset(vals, 0, nf * sizeof *vals);
        vals[0].s = id;
        vals[1].d = x0;
        vals[2].d = y0;
        vals[3].d = g->cell;
        vals[4].i = w->counts[c];
        vals[4].null = s;
        for (size_t k = 0; k < w->ncat; k++) {
            vals[5 + k].i = w->cat_counts[k * ncells + c];
            vals[5 + k].null = s;
        }
        vals[5 + w->ncat].i = s;
        rc = hs_gpkg_add_row(w->gp, &geom, vals);
        written++;
        supp += s;
    }
    free(fields);
    free(vals);
    *ncells_out = written;
    *nsupp_out = supp;
    return rc ? cli_fail(a, rc) : CLI_OK;
}

static int count(cli_args *a, grid_work *w, const char *out)
{
    double cell = 250.0;
    if (cli_get(a, "cell") && (cli_parse_length(&cell, cli_get(a, "cell")) || !(cell > 0))) {
        cli_error(a, "--cell: expected a positive length such as 250 or 1km, not '%s'",
                  cli_get(a, "cell"));
        return CLI_USAGE;
    }
    int64_t min_count = 0;
    if (cli_get(a, "min-count")) {
        char *end;
        long long v = strtoll(cli_get(a, "min-count"), &end, 10);
        if (*end || v < 0) {
            cli_error(a, "--min-count: expected a whole number >= 0, not '%s'",
                      cli_get(a, "min-count"));
            return CLI_USAGE;
        }
        min_count = v;
    }
    int rc;
    if ((rc = hs_records_new(&w->rec)) || (rc = hs_rejects_new(&w->rej))) {
        return cli_fail(a, rc);
    }
    rc = cli_read_inputs(a, w->rec, w->rej, 0, a->npos);
    if (rc) {
        return rc;
    }
    size_t nrec = hs_records_count(w->rec);
    size_t nlocal = 0;
    hs_records_local_index(&nlocal, NULL, 0, w->rec);
    if (nlocal == 0) {
        cli_error(a, "no located records finer than kommun precision: nothing to count");
        return CLI_NODATA;
    }
    if (nlocal < nrec) {
        cli_info(a, "%zu records of kommun or lan precision (or unlocated) left out of the grid",
                 nrec - nlocal);
    }
    hs_grid_spec g;
    const char *ext = cli_get(a, "extent");
    if (ext) {
        hs_bbox box;
        if (cli_parse_extent(&box, ext) != 0) {
            cli_error(a,
                      "--extent: expected XMIN,YMIN,XMAX,YMAX (XMIN < XMAX, YMIN < YMAX), not "
                      "'%s'",
                      ext);
            return CLI_USAGE;
        }
        if ((rc = hs_grid_spec_cover(&g, box, cell))) {
            cli_error(a, "--extent: %s at %g m cells gives too many cells", ext, cell);
            return CLI_USAGE;
        }
    } else if ((rc = hs_grid_spec_aligned(&g, hs_records_bbox(w->rec), cell))) {
        return cli_fail(a, rc);
    }
    size_t ncells = (size_t)(g.nx * g.ny);
    /* categories, then focus areas, as count fields n_<name> */
    size_t ncat = hs_records_category_count(w->rec), nfoc = hs_records_focus_count(w->rec);
    w->ncat = ncat + nfoc;
    w->counts = malloc(ncells * sizeof *w->counts);
    w->cat_counts = malloc((w->ncat ? w->ncat : 1) * ncells * sizeof *w->cat_counts);
    w->names = calloc(w->ncat ? w->ncat : 1, sizeof *w->names);
    if (!w->counts || !w->cat_counts || !w->names) {
        cli_error(a, "out of memory for %lld x %lld cells", (long long)g.nx, (long long)g.ny);
        return CLI_FAIL;
    }
    for (size_t k = 0; k < w->ncat; k++) {
        w->names[k] = field_name(k < ncat ? hs_records_category_name(w->rec, k)
                                          : hs_records_focus_name(w->rec, k - ncat));
        if (!w->names[k]) {
            return cli_fail(a, HS_ENOMEM);
        }
        for (size_t j = 0; j < k; j++) {
            if (strcmp(w->names[j], w->names[k]) == 0) {
                /* a focus area named like a category: n_focus_<name> */
                char *alt = malloc(strlen(w->names[k]) + 8);
                if (!alt) {
                    return cli_fail(a, HS_ENOMEM);
                }
                snprintf(alt, strlen(w->names[k]) + 8, "n_focus_%s", w->names[k] + 2);
                free(w->names[k]);
                w->names[k] = alt;
                break;
            }
        }
    }
    int64_t outside = 0;
    rc = hs_grid_count(w->counts, ncat ? w->cat_counts : NULL, &outside, a->ctx, &g,
                       hs_records_x(w->rec), hs_records_y(w->rec), hs_records_precision(w->rec),
                       hs_records_category(w->rec), ncat, nrec);
    if (rc == HS_OK && nfoc) {
        int64_t *tmp = malloc(ncells * sizeof *tmp);
        rc = tmp ? hs_grid_count(tmp, w->cat_counts + ncat * ncells, NULL, a->ctx, &g,
                                 hs_records_x(w->rec), hs_records_y(w->rec),
                                 hs_records_precision(w->rec), hs_records_focus(w->rec), nfoc, nrec)
                 : HS_ENOMEM;
        free(tmp);
    }
    if (rc) {
        return cli_fail(a, rc);
    }
    if ((rc = cli_grid_mask(a, &w->mask, &g, hs_records_crs(w->rec))) != CLI_OK) {
        return rc;
    }
    if (w->mask) {
    }
    int64_t total = 0, masked_out = 0;
    for (size_t c = 0; c < ncells; c++) {
        if (w->mask && !w->mask[c]) {
            masked_out += w->counts[c];
        } else {
            total += w->counts[c];
        }
    }
    cli_info(a, "grid: %lld x %lld cells of %g m from (%.0f, %.0f) (cell %s)", (long long)g.nx,
             (long long)g.ny, g.cell, g.x0, g.y0, cli_get(a, "cell") ? "given" : "default");
    if (outside || masked_out) {
        cli_info(a, "%lld incidents outside the extent, %lld in cells outside the mask",
                 (long long)outside, (long long)masked_out);
    }
    hs_gpkg_opts gpo = HS_GPKG_OPTS_INIT;
    gpo.overwrite = cli_has(a, "overwrite");
    gpo.epsg = hs_records_crs(w->rec) > 0 ? hs_records_crs(w->rec) : 3006;
    if ((rc = hs_gpkg_open(&w->gp, a->ctx, out, &gpo))) {
        return cli_fail(a, rc);
    }
    int64_t written = 0, supp = 0;
    if ((rc = write_layer(a, w, &g, min_count, &written, &supp))) {
        return rc;
    }
    char buf[64];
    snprintf(buf, sizeof buf, "%g", g.cell);
    rc = hs_gpkg_set_param(w->gp, "cell_size", buf, cli_get(a, "cell") ? "given" : "default");
    snprintf(buf, sizeof buf, "%lld", (long long)min_count);
    if (!rc) {
        rc = hs_gpkg_set_param(w->gp, "min_count", buf,
                               cli_get(a, "min-count") ? "given" : "default");
    }
    if (rc || (rc = hs_gpkg_commit(w->gp))) {
        return cli_fail(a, rc);
    }
    printf("%s: grid layer, %lld cells of %g m, %lld incidents, %lld cells suppressed\n", out,
           (long long)written, g.cell, (long long)total, (long long)supp);
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

const cli_cmd cmd_grid = {"grid", "INPUT... -o OUT.gpkg --cell 250",
                          "count incidents per SCB-aligned grid cell (and per category)", opts,
                          run};
