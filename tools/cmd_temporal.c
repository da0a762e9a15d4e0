/*
 * `hotspot temporal`: aoristic hour x weekday tables per unit (the kommun, grid cells, named
 * places or Gi* hot-spot clusters) written as CSV or as the `temporal` table of a GeoPackage, with
 * the ranked place x time `concentrations` layer when the units have a geometry. Parses options,
 * reads records and calls the library; it holds no statistics itself.
 */
#include "temporal_cli.h"

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
        return cli_usage(a, "--latlon: expected LAT,LON, got '%s'", ll);
    }
    for (const char *p = sk; p && *p; x->co.nskollov++) {
        const char *comma = strchr(p, ',');
        size_t len = comma ? (size_t)(comma - p) : strlen(p);
        size_t k = x->co.nskollov;
        if (k >= 32 || len != 22 || parse_day(&x->lov[2 * k], p, 10) ||
            parse_day(&x->lov[2 * k + 1], p + 12, 10)) {
            return cli_usage(a, "--skollov: expected YYYY-MM-DD..YYYY-MM-DD[,...] (at most 32)");
        }
        p = comma ? comma + 1 : p + len;
    }
    x->window = cli_get(a, "window");
    x->cell = 250.0;
    if (cli_has(a, "cell") && cli_parse_length(&x->cell, cli_get(a, "cell")) != 0) {
        return cli_usage(a, "--cell: bad length '%s'", cli_get(a, "cell"));
    }
    if (x->window && hs_window_parse(x->mask, a->ctx, x->window) != HS_OK) {
        return cli_usage(a, "--window: %s", hs_ctx_errmsg(a->ctx));
    }
    x->per = HS_PERIOD_WEEK;
    if (ps && strcmp(ps, "week") != 0) {
        x->per = strcmp(ps, "month") == 0 ? HS_PERIOD_MONTH : HS_PERIOD_TERTIAL;
        if (x->per == HS_PERIOD_TERTIAL && strcmp(ps, "tertial") != 0) {
            return cli_usage(a, "--series: expected week, month or tertial, got '%s'", ps);
        }
    }
    return CLI_OK;
}

static int ends_csv(const char *s)
{
    return s[0] == '.' && (s[1] | 0x20) == 'c' && (s[2] | 0x20) == 's' && (s[3] | 0x20) == 'v';
}

static int run(cli_args *a)
{
    const char *out = cli_get(a, "output");
    if (a->npos != 1 || !out) {
        return cli_usage(a, "usage: hotspot temporal INPUT -o OUT.gpkg|csv");
    }
    size_t olen = strlen(out);
    int csv = olen > 4 && ends_csv(out + olen - 4);
    int rc = cli_check_output(a, out);
    if (rc != CLI_OK) {
        return rc;
    }
    hs_aoristic_opts ao = HS_AORISTIC_OPTS_INIT;
    if (cli_has(a, "tz") && hs_tz_parse(&ao.tz, cli_get(a, "tz")) != HS_OK) {
        return cli_usage(a, "--tz: '%s' is not Europe/Stockholm or UTC", cli_get(a, "tz"));
    }
    if (cli_has(a, "max-window")) {
        char *end = NULL;
        long days = strtol(cli_get(a, "max-window"), &end, 10);
        if (!end || *end || days <= 0) {
            return cli_usage(a, "--max-window: expected whole days, got '%s'",
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
        return cli_usage(a, "--top and --min-n must be positive whole numbers");
    }
    extra_opts xo;
    rc = parse_extra(a, &xo, ao.tz);
    if (rc != CLI_OK) {
        return rc;
    }
    if (csv && xo.window) {
        return cli_usage(a, "--window needs a GeoPackage output (-o OUT.gpkg)");
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
        rc = temporal_make_units(a, &u, rec);
    }
    if (rc == CLI_OK) {
        temporal_log_units(a, &u, rec);
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
    rc = csv ? temporal_write_csv(a, out, &u, table)
             : temporal_write_gpkg(a, out, &u, table, conc, nconc, rec, rej, &ao, &xo);
    if (rc == CLI_OK) {
        cli_info(a, "wrote %s", out);
    }
done:
    hs_concentrations_free(conc);
    free(table);
    temporal_units_free(&u);
    hs_records_free(rec);
    hs_rejects_free(rej);
    return rc;
}

const cli_cmd cmd_temporal = {"temporal", "INPUT -o OUT.gpkg|csv [--by cell|place|hotspot]",
                              "aoristic hour x weekday tables", opts, run};
