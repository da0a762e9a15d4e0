/*
 * `hotspot temporal`: aoristic hour x weekday tables per unit (the kommun, grid cells, named
 * places or Gi* hot-spot clusters) written as CSV or as the `temporal` table of a GeoPackage, with
 * the ranked place x time `concentrations` layer when the units have a geometry. Parses options,
 * reads records and calls the library; it holds no statistics itself.
 */
#include "cli.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const cli_opt opts[] = {
    CLI_OUT_OPTS,
    {"by", 0, "cell|place|hotspot|kommun", "unit of the tables (default kommun: one table)"},
    {"cell", 0, "SIZE", "cell size when --by cell or hotspot (default 250 m)"},
    {"places", 0, "FILE", "polygons of the named places when --by place"},
    {"distance", 0, "M", "Gi* distance band when --by hotspot (default: queen neighbours)"},
    {"max-window", 0, "DAYS", "leave out windows longer than this (default: keep, spread evenly)"},
    {"top", 0, "N", "concentration windows kept per unit (default 3)"},
    {"min-n", 0, "N", "least weight in a concentration window (default 5)"},
    {"window", 0, "TEXT", "also map this time window (e.g. 'fre-lör 22-03'): Gi* and KDE layers"},
    {"series", 0, "week|month|tertial", "period of the `series` table (default week)"},
    {"latlon", 0, "LAT,LON", "place for darkness (default Vänersborg 58.38,12.32)"},
    {"skollov", 0, "FROM..TO,...", "school-holiday periods (dates) for the `strata` table"},
    CLI_READ_OPTS,
    CLI_OPT_END};

/* The units records are grouped into, with ids and (optional) geometry. */
typedef struct units {
    size_t n;
    char **id;
    int32_t *of; /* per record */
    int kind;    /* 0 kommun, 1 cell, 2 place, 3 hotspot */
    hs_grid_spec grid;
    int64_t *cells;    /* cell: linear index per unit */
    int64_t *cl_start; /* hotspot: cells of cluster u are cl_cells[cl_start[u]..[u+1]) */
    int64_t *cl_cells;
    hs_areas *areas;
} units;

/* Prints an error and returns exit code 2 (usage) or 3 (no usable data). */
static int usage_error(const cli_args *a, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
static int usage_error(const cli_args *a, const char *fmt, ...)
{
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    cli_error(a, "%s", msg);
    return CLI_USAGE;
}

static int nodata_error(const cli_args *a, const char *msg)
{
    cli_error(a, "%s", msg);
    return CLI_NODATA;
}

static void units_free(units *u)
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

/* Parses "YYYY-MM-DD" into a day count. */
static int parse_day(int64_t *out, const char *s, size_t len)
{
    if (len != 10 || s[4] != '-' || s[7] != '-') {
        return -1;
    }
    int v[3] = {0, 0, 0};
    const int at[3] = {0, 5, 8}, w[3] = {4, 2, 2};
    for (int k = 0; k < 3; k++) {
        for (int i = 0; i < w[k]; i++) {
            char c = s[at[k] + i];
            if (c < '0' || c > '9') {
                return -1;
            }
            v[k] = v[k] * 10 + (c - '0');
        }
    }
    if (!hs_date_valid(v[0], v[1], v[2])) {
        return -1;
    }
    *out = hs_days_from_civil(v[0], v[1], v[2]);
    return 0;
}

/* A decimal number with '.' as the mark, whatever the locale; advances *p. */
static int parse_dec(double *out, const char **p)
{
    const char *s = *p;
    double sign = 1.0, v = 0.0, scale = 0.0;
    if (*s == '-' || *s == '+') {
        sign = *s++ == '-' ? -1.0 : 1.0;
    }
    if (!(*s >= '0' && *s <= '9')) {
        return -1;
    }
    for (; (*s >= '0' && *s <= '9') || (*s == '.' && scale == 0.0); s++) {
        if (*s == '.') {
            scale = 1.0;
        } else {
            v = v * 10.0 + (*s - '0');
            scale *= 10.0;
        }
    }
    *out = sign * (scale > 0.0 ? v / scale : v);
    *p = s;
    return 0;
}

static int read_records(cli_args *a, hs_records *rec, hs_rejects *rej, hs_tz tz)
{
    (void)tz; /* cli_ingest_opts reads --tz itself */
    hs_ingest_opts io = HS_INGEST_OPTS_INIT;
    hs_catmap *cats = NULL;
    int rc = cli_ingest_opts(a, &io, &cats);
    if (rc != CLI_OK) {
        return rc;
    }
    /* an hour x weekday table needs times, not places: rows without usable coordinates count */
    io.keep_unlocated = 1;
    int hrc = hs_ingest_file(NULL, a->ctx, rec, rej, a->pos[0], &io);
    hs_catmap_free(cats);
    return hrc == HS_OK ? CLI_OK : cli_fail(a, hrc);
}

/* Says how many rows counted where: in units, and of them how many without a place. */
static void log_units(cli_args *a, const units *u, const hs_records *rec)
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
            return usage_error(a, "--distance: bad length '%s'", cli_get(a, "distance"));
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

static int make_units(cli_args *a, units *u, const hs_records *rec)
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
            return usage_error(a, "--by place needs --places FILE");
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
        return usage_error(a, "--by: expected cell, place, hotspot or kommun, got '%s'", by);
    }
    u->kind = strcmp(by, "cell") == 0 ? 1 : 3;
    double size = 250.0;
    if (cli_has(a, "cell") && cli_parse_length(&size, cli_get(a, "cell")) != 0) {
        return usage_error(a, "--cell: bad length '%s'", cli_get(a, "cell"));
    }
    int rc = hs_grid_spec_aligned(&u->grid, hs_records_bbox(rec), size);
    if (rc != HS_OK) {
        return nodata_error(a, "no located records to put in cells");
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

static int write_csv(cli_args *a, const char *path, const units *u, const double *t)
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

/* Options of the `strata` and `series` tables. */
typedef struct extra_opts {
    hs_calendar_opts co;
    int64_t lov[64];
    hs_period per;
    const char *window; /* NULL: no window maps */
    uint8_t mask[HS_HOURS_PER_WEEK];
    double cell;
} extra_opts;

static int parse_extra(cli_args *a, extra_opts *x, hs_tz tz)
{
    hs_calendar_opts co = HS_CALENDAR_OPTS_INIT;
    x->co = co;
    x->co.tz = tz;
    x->co.skollov = x->lov;
    const char *ll = cli_get(a, "latlon"), *sk = cli_get(a, "skollov"), *ps = cli_get(a, "series");
    const char *q = ll;
    if (ll && (parse_dec(&x->co.lat, &q) || *q++ != ',' || parse_dec(&x->co.lon, &q) || *q ||
               fabs(x->co.lat) > 90.0 || fabs(x->co.lon) > 180.0)) {
        return usage_error(a, "--latlon: expected LAT,LON, got '%s'", ll);
    }
    for (const char *p = sk; p && *p; x->co.nskollov++) {
        const char *comma = strchr(p, ',');
        size_t len = comma ? (size_t)(comma - p) : strlen(p);
        size_t k = x->co.nskollov;
        if (k >= 32 || len != 22 || parse_day(&x->lov[2 * k], p, 10) ||
            parse_day(&x->lov[2 * k + 1], p + 12, 10)) {
            return usage_error(a, "--skollov: expected YYYY-MM-DD..YYYY-MM-DD[,...] (at most 32)");
        }
        p = comma ? comma + 1 : p + len;
    }
    x->window = cli_get(a, "window");
    x->cell = 250.0;
    if (cli_has(a, "cell") && cli_parse_length(&x->cell, cli_get(a, "cell")) != 0) {
        return usage_error(a, "--cell: bad length '%s'", cli_get(a, "cell"));
    }
    if (x->window && hs_window_parse(x->mask, a->ctx, x->window) != HS_OK) {
        return usage_error(a, "--window: %s", hs_ctx_errmsg(a->ctx));
    }
    x->per = HS_PERIOD_WEEK;
    if (ps && strcmp(ps, "week") != 0) {
        x->per = strcmp(ps, "month") == 0 ? HS_PERIOD_MONTH : HS_PERIOD_TERTIAL;
        if (x->per == HS_PERIOD_TERTIAL && strcmp(ps, "tertial") != 0) {
            return usage_error(a, "--series: expected week, month or tertial, got '%s'", ps);
        }
    }
    return CLI_OK;
}

static int write_gpkg(cli_args *a, const char *path, const units *u, const double *t,
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

static int ends_csv(const char *s)
{
    return s[0] == '.' && (s[1] | 0x20) == 'c' && (s[2] | 0x20) == 's' && (s[3] | 0x20) == 'v';
}

static int run(cli_args *a)
{
    const char *out = cli_get(a, "output");
    if (a->npos != 1 || !out) {
        return usage_error(a, "usage: hotspot temporal INPUT -o OUT.gpkg|csv");
    }
    size_t olen = strlen(out);
    int csv = olen > 4 && ends_csv(out + olen - 4);
    int rc = cli_check_output(a, out);
    if (rc != CLI_OK) {
        return rc;
    }
    hs_aoristic_opts ao = HS_AORISTIC_OPTS_INIT;
    if (cli_has(a, "tz") && hs_tz_parse(&ao.tz, cli_get(a, "tz")) != HS_OK) {
        return usage_error(a, "--tz: '%s' is not Europe/Stockholm or UTC", cli_get(a, "tz"));
    }
    if (cli_has(a, "max-window")) {
        char *end = NULL;
        long days = strtol(cli_get(a, "max-window"), &end, 10);
        if (!end || *end || days <= 0) {
            return usage_error(a, "--max-window: expected whole days, got '%s'",
                               cli_get(a, "max-window"));
        }
        ao.max_window = (int64_t)days * 86400;
    }
    hs_conc_opts co = HS_CONC_OPTS_INIT;
    if (cli_has(a, "top")) {
        co.per_unit = (int)strtol(cli_get(a, "top"), NULL, 10);
    }
    if (cli_has(a, "min-n")) {
        co.min_n = (double)strtol(cli_get(a, "min-n"), NULL, 10);
    }
    if (co.per_unit < 1 || co.min_n < 1) {
        return usage_error(a, "--top and --min-n must be positive whole numbers");
    }
    extra_opts xo;
    rc = parse_extra(a, &xo, ao.tz);
    if (rc != CLI_OK) {
        return rc;
    }
    if (csv && xo.window) {
        return usage_error(a, "--window needs a GeoPackage output (-o OUT.gpkg)");
    }
    hs_records *rec = NULL;
    hs_rejects *rej = NULL;
    units u;
    memset(&u, 0, sizeof u);
    double *table = NULL;
    hs_concentration *conc = NULL;
    size_t nconc = 0;
    if (hs_records_new(&rec) != HS_OK || hs_rejects_new(&rej) != HS_OK) {
        rc = cli_error(a, "out of memory");
        goto done;
    }
    rc = read_records(a, rec, rej, ao.tz);
    if (rc == CLI_OK && hs_records_count(rec) == 0) {
        rc = CLI_NODATA;
        cli_error(a, "%s: no usable records", a->pos[0]);
    }
    if (rc == CLI_OK) {
        rc = make_units(a, &u, rec);
    }
    if (rc == CLI_OK) {
        log_units(a, &u, rec);
    }
    if (rc == CLI_OK && u.n == 0) {
        rc = CLI_NODATA;
        cli_error(a, "no units to tabulate");
    }
    if (rc != CLI_OK) {
        goto done;
    }
    table = malloc(u.n * HS_HOURS_PER_WEEK * sizeof *table);
    if (!table) {
        rc = cli_error(a, "out of memory");
        goto done;
    }
    hs_aoristic_stats st;
    int hr = hs_aoristic_table(table, &st, a->ctx, hs_records_t_from(rec), hs_records_t_to(rec),
                               hs_records_weight(rec), u.of, hs_records_count(rec), u.n, &ao);
    if (hr != HS_OK) {
        rc = cli_fail(a, hr);
        goto done;
    }
    cli_info(a,
             "%zu units; %lld records: %lld spread, %lld exact (%lld without end), %lld reversed, "
             "%lld of 7 days or more spread evenly, %lld over --max-window left out, %lld without "
             "time",
             u.n, (long long)st.records, (long long)st.spread, (long long)st.exact,
             (long long)st.missing_end, (long long)st.reversed, (long long)st.week,
             (long long)st.dropped, (long long)st.notime);
    if (!csv && u.kind != 0) {
        /* the reference is the kommun's own profile: every record, in a unit or not */
        double ref[HS_HOURS_PER_WEEK];
        hr = hs_aoristic_table(ref, NULL, a->ctx, hs_records_t_from(rec), hs_records_t_to(rec),
                               hs_records_weight(rec), NULL, hs_records_count(rec), 1, &ao);
        if (hr == HS_OK) {
            hr = hs_concentrations_find(&conc, &nconc, a->ctx, table, u.n, ref, &co);
        }
        if (hr != HS_OK) {
            rc = cli_fail(a, hr);
            goto done;
        }
        cli_info(a, "%zu place x time concentrations (adjusted p <= %.2f, lift >= %.1f)", nconc,
                 co.alpha, co.min_lift);
    }
    rc = csv ? write_csv(a, out, &u, table)
             : write_gpkg(a, out, &u, table, conc, nconc, rec, rej, &ao, &xo);
    if (rc == CLI_OK) {
        cli_info(a, "wrote %s", out);
    }
done:
    hs_concentrations_free(conc);
    free(table);
    units_free(&u);
    hs_records_free(rec);
    hs_rejects_free(rej);
    return rc;
}

const cli_cmd cmd_temporal = {"temporal", "INPUT -o OUT.gpkg|csv [--by cell|place|hotspot]",
                              "aoristic hour x weekday tables", opts, run};
