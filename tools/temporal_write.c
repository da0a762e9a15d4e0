/*
 * `hotspot temporal`: the tables written as CSV (with formula-injection guards) or as GeoPackage
 * layers with the unit geometry, the calendar strata, the series and the time-window maps. Public
 * API only; it computes nothing but the layout of rows.
 */
#include "temporal_cli.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Writes a CSV field, quoted when needed, with a leading ' against formula injection. */
static void csv_field(FILE *f, const char *s)
{
    int inj =
        s[0] == '=' || s[0] == '+' || s[0] == '-' || s[0] == '@' || s[0] == '\t' || s[0] == '\r';
    int quote = inj || strpbrk(s, ",\"\n\r") != NULL;
    if (quote) {
        fputc('"', f);
    }
    if (inj) {
        fputc('\'', f);
    }
    for (const char *p = s; *p; p++) {
        if (*p == '"') {
            fputc('"', f);
        }
        fputc(*p, f);
    }
    if (quote) {
        fputc('"', f);
    }
}

int temporal_write_csv(cli_args *a, const char *path, const units *u, const double *t)
{
    size_t len = strlen(path);
    char *tmp = malloc(len + 8);
    if (!tmp) {
        return cli_error(a, "out of memory");
    }
    memcpy(tmp, path, len);
    memcpy(tmp + len, ".tmp~", 6);
    FILE *f = fopen(tmp, "w");
    if (!f) {
        free(tmp);
        return cli_error(a, "%s: cannot write", path);
    }
    fputs("unit_id,weekday,hour,weight\n", f);
    for (size_t k = 0; k < u->n; k++) {
        for (int h = 0; h < HS_HOURS_PER_WEEK; h++) {
            csv_field(f, u->id[k]);
            fprintf(f, ",%d,%d,%.6f\n", h / 24 + 1, h % 24, t[k * HS_HOURS_PER_WEEK + h]);
        }
    }
    int bad = ferror(f);
    bad |= fclose(f) != 0;
    if (bad || rename(tmp, path) != 0) {
        remove(tmp);
        free(tmp);
        return cli_error(a, "%s: write failed", path);
    }
    free(tmp);
    return CLI_OK;
}

/* Ring of a grid cell (closed, counter-clockwise). */
static void cell_ring(hs_point *p, const hs_grid_spec *g, int64_t c)
{
    double x0 = g->x0 + (double)(c % g->nx) * g->cell, y0 = g->y0 + (double)(c / g->nx) * g->cell;
    hs_point r[5] = {
        {x0, y0}, {x0 + g->cell, y0}, {x0 + g->cell, y0 + g->cell}, {x0, y0 + g->cell}, {x0, y0}};
    memcpy(p, r, sizeof r);
}

int temporal_write_gpkg(cli_args *a, const char *path, const units *u, const double *t,
                        const hs_concentration *c, size_t nc, const hs_records *rec,
                        const hs_rejects *rej, const hs_aoristic_opts *ao, const extra_opts *x)
{
    hs_gpkg_opts go = HS_GPKG_OPTS_INIT;
    go.overwrite = cli_has(a, "overwrite");
    go.epsg = hs_records_crs(rec) ? hs_records_crs(rec) : 3006;
    hs_gpkg *g = NULL;
    int rc = hs_gpkg_open(&g, a->ctx, path, &go);
    const char *const *ids = (const char *const *)u->id;
    if (rc == HS_OK) {
        rc = hs_temporal_write_table(g, ids, u->n, t);
    }
    const hs_field_def cf[] = {{"rank", HS_FIELD_INT},    {"unit_id", HS_FIELD_TEXT},
                               {"window", HS_FIELD_TEXT}, {"n", HS_FIELD_REAL},
                               {"share", HS_FIELD_REAL},  {"lift", HS_FIELD_REAL},
                               {"p", HS_FIELD_REAL},      {"label", HS_FIELD_TEXT}};
    if (rc == HS_OK && u->kind != 0) {
        hs_geom_kind gk = u->kind == 1 ? HS_GEOM_POLYGON : HS_GEOM_MULTIPOLYGON;
        rc = hs_gpkg_layer_begin(g, "concentrations", gk, cf, 8);
    }
    for (size_t i = 0; rc == HS_OK && u->kind != 0 && i < nc; i++) {
        const hs_concentration *ci = &c[i];
        hs_geom geom;
        memset(&geom, 0, sizeof geom);
        geom.kind = u->kind == 1 ? HS_GEOM_POLYGON : HS_GEOM_MULTIPOLYGON;
        hs_point *pts = NULL;
        size_t *rl = NULL;
        if (u->kind == 2) {
            rc = hs_areas_rings(&geom.pts, &geom.ring_len, &geom.nrings, NULL, u->areas, ci->unit);
        } else {
            size_t ncell =
                u->kind == 1 ? 1 : (size_t)(u->cl_start[ci->unit + 1] - u->cl_start[ci->unit]);
            pts = malloc(ncell * 5 * sizeof *pts);
            rl = malloc(ncell * sizeof *rl);
            if (!pts || !rl) {
                free(pts);
                free(rl);
                rc = HS_ENOMEM;
                break;
            }
            for (size_t j = 0; j < ncell; j++) {
                int64_t cc = u->kind == 1 ? u->cells[ci->unit]
                                          : u->cl_cells[u->cl_start[ci->unit] + (int64_t)j];
                cell_ring(pts + 5 * j, &u->grid, cc);
                rl[j] = 5;
            }
            geom.pts = pts;
            geom.ring_len = rl;
            geom.nrings = ncell;
        }
        hs_value v[8] = {{0, (int64_t)i + 1, 0, NULL}, {0, 0, 0, u->id[ci->unit]},
                         {0, 0, 0, ci->label},         {0, 0, ci->n, NULL},
                         {0, 0, ci->share, NULL},      {0, 0, ci->lift, NULL},
                         {0, 0, ci->p, NULL},          {0, 0, 0, ci->label}};
        if (rc == HS_OK) {
            rc = hs_gpkg_add_row(g, &geom, v);
        }
        free(pts);
        free(rl);
    }
    const int64_t *from = hs_records_t_from(rec), *to = hs_records_t_to(rec);
    const double *w = hs_records_weight(rec);
    size_t n = hs_records_count(rec);
    if (rc == HS_OK) {
        rc = hs_temporal_write_strata(g, ids, u->n, from, to, w, u->of, n, &x->co);
    }
    if (rc == HS_OK) {
        rc = hs_temporal_write_series(g, ids, u->n, from, to, w, u->of, n, x->per, ao);
    }
    if (rc == HS_OK && hs_rejects_count(rej) > 0) {
        rc = hs_gpkg_write_rejects(g, rej);
    }
    if (rc == HS_OK && x->window) {
        rc = hs_temporal_write_window(g, a->ctx, rec, x->mask, x->window, x->cell, x->cell / 5.0,
                                      ao);
    }
    if (rc == HS_OK) {
        rc = hs_gpkg_set_param(g, "temporal.by", cli_get(a, "by") ? cli_get(a, "by") : "kommun",
                               cli_has(a, "by") ? "given" : "auto");
    }
    if (rc == HS_OK) {
        rc = hs_gpkg_set_param(g, "temporal.tz",
                               cli_get(a, "tz") ? cli_get(a, "tz") : "Europe/Stockholm",
                               cli_has(a, "tz") ? "given" : "auto");
    }
    if (rc == HS_OK) {
        rc = hs_gpkg_commit(g);
    }
    hs_gpkg_close(g);
    return rc == HS_OK ? CLI_OK : cli_fail(a, rc);
}
