/*
 * `hotspot ingest`: read, validate, map columns, detect CRS; write incidents and rejects.
 * Parses its options from the table below, calls hs_ingest_file for each input and writes the
 * GeoPackage through hs_gpkg; it holds no parsing or statistics itself. The summary (rows read,
 * kept, rejected by reason, swapped, reprojected) goes to stderr, the written file to stdout.
 */
#include "cli.h"

#include <stdlib.h>
#include <string.h>

static const cli_opt opts[] = {
    CLI_OUT_OPTS,
    CLI_READ_OPTS,
    {"kind", 0, "incident|complaint", "what the records are (default incident)"},
    {"id", 0, "COL", "id column (default: found by name)"},
    {"code", 0, "COL", "crime code column"},
    {"address", 0, "COL", "address column (kept for geocoding only)"},
    {"kommun", 0, "COL|CODE", "kommun column, or the kommun code of every record"},
    {"categories", 0, "FILE", "category table (CSV: code or name; category; focus_area)"},
    {"boundary", 0, "FILE", "kommun boundary: points outside are flagged"},
    {"keep", 0, "COL", "keep this extra column in the output (may be repeated)"},
    {"from-time", 0, "COL", "time-of-day column of the window start"},
    {"to-time", 0, "COL", "time-of-day column of the window end"},
    {"precision", 0, "COL", "precision column (exact, address, ..., kommun, lan)"},
    {"repeated-hour", 0, "first|second", "which instant a time in the repeated autumn hour is"},
    CLI_OPT_END};

static int parse_epsg(int *out, const char *s)
{
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

/* "YYYY-MM-DD" as local midnight (zone tz) in UTC seconds, plus days. */
static int parse_day(int64_t *out, const char *s, size_t n, hs_tz tz, int plus_days)
{
    int y, m, d;
    char buf[16];
    if (n >= sizeof buf) {
        return -1;
    }
    memcpy(buf, s, n);
    buf[n] = '\0';
    char *end;
    y = (int)strtol(buf, &end, 10);
    if (*end != '-') {
        return -1;
    }
    m = (int)strtol(end + 1, &end, 10);
    if (*end != '-') {
        return -1;
    }
    d = (int)strtol(end + 1, &end, 10);
    if (*end || !hs_date_valid(y, m, d)) {
        return -1;
    }
    int64_t wall = (hs_days_from_civil(y, m, d) + plus_days) * 86400;
    *out = hs_tz_wall_to_utc(NULL, tz, wall, 0);
    return 0;
}

static int parse_max_rejects(hs_ingest_opts *o, const char *s)
{
    char *end;
    double v = strtod(s, &end);
    if (end == s || v < 0) {
        return -1;
    }
    if (*end == '%' && end[1] == '\0') {
        o->max_rejects_share = v / 100.0;
        return 0;
    }
    if (*end) {
        return -1;
    }
    o->max_rejects = (int64_t)v;
    return 0;
}

/* Fills o from the command line; returns CLI_OK or CLI_USAGE after printing the error. */
static int read_opts(hs_ingest_opts *o, hs_catmap **cats, cli_args *a)
{
    o->col_x = cli_get(a, "x");
    o->col_y = cli_get(a, "y");
    o->col_time = cli_get(a, "time");
    o->col_from = cli_get(a, "from");
    o->col_to = cli_get(a, "to");
    o->col_from_time = cli_get(a, "from-time");
    o->col_to_time = cli_get(a, "to-time");
    o->col_category = cli_get(a, "category");
    o->col_weight = cli_get(a, "weight");
    o->col_id = cli_get(a, "id");
    o->col_code = cli_get(a, "code");
    o->col_address = cli_get(a, "address");
    o->col_precision = cli_get(a, "precision");
    o->where = cli_get(a, "where");
    o->encoding = cli_get(a, "encoding");
    o->boundary = cli_get(a, "boundary");
    o->tz = cli_get(a, "tz");
    const char *s;
    hs_tz tz = HS_TZ_STOCKHOLM;
    if (o->tz && hs_tz_parse(&tz, o->tz) != HS_OK) {
        cli_error(a, "--tz: '%s' is not supported (Europe/Stockholm or UTC)", o->tz);
        return CLI_USAGE;
    }
    if ((s = cli_get(a, "repeated-hour"))) {
        if (strcmp(s, "first") != 0 && strcmp(s, "second") != 0) {
            cli_error(a, "--repeated-hour must be 'first' or 'second', not '%s'", s);
            return CLI_USAGE;
        }
        o->tz_later = strcmp(s, "second") == 0;
    }
    if ((s = cli_get(a, "crs")) && parse_epsg(&o->crs_epsg, s) != 0) {
        cli_error(a, "--crs: '%s' is not EPSG:N", s);
        return CLI_USAGE;
    }
    if ((s = cli_get(a, "work-crs")) && parse_epsg(&o->work_epsg, s) != 0) {
        cli_error(a, "--work-crs: '%s' is not EPSG:N", s);
        return CLI_USAGE;
    }
    if ((s = cli_get(a, "kind"))) {
        if (strcmp(s, "incident") == 0) {
            o->kind = HS_KIND_INCIDENT;
        } else if (strcmp(s, "complaint") == 0) {
            o->kind = HS_KIND_COMPLAINT;
        } else {
            cli_error(a, "--kind must be 'incident' or 'complaint', not '%s'", s);
            return CLI_USAGE;
        }
    }
    if ((s = cli_get(a, "kommun"))) {
        size_t n = strlen(s);
        if (n == 4 && strspn(s, "0123456789") == 4) {
            o->kommun_code = (int)strtol(s, NULL, 10);
        } else {
            o->col_kommun = s;
        }
    }
    if ((s = cli_get(a, "period"))) {
        const char *dots = strstr(s, "..");
        if (!dots || (dots > s && parse_day(&o->period_start, s, (size_t)(dots - s), tz, 0)) ||
            (dots[2] && parse_day(&o->period_end, dots + 2, strlen(dots + 2), tz, 1))) {
            cli_error(a, "--period: '%s' is not START..END (YYYY-MM-DD, either may be empty)", s);
            return CLI_USAGE;
        }
    }
    if ((s = cli_get(a, "max-rejects")) && parse_max_rejects(o, s) != 0) {
        cli_error(a, "--max-rejects: '%s' is not a count N or a share P%%", s);
        return CLI_USAGE;
    }
    if (cli_has(a, "keep")) {
        cli_error(a, "--keep: extra columns are not kept by this version (free text is dropped)");
        return CLI_USAGE;
    }
    if ((s = cli_get(a, "categories"))) {
        int rc = hs_catmap_load(cats, a->ctx, s);
        if (rc != HS_OK) {
            return cli_fail(a, rc);
        }
        o->categories = *cats;
        cli_info(a, "category table: %s (%zu rules)", s, hs_catmap_count(*cats));
    }
    return CLI_OK;
}

static const char *base_name(const char *p)
{
    const char *s = strrchr(p, '/');
    return s ? s + 1 : p;
}

static int write_gpkg(cli_args *a, const char *out, hs_records *rec, hs_rejects *rj)
{
    hs_gpkg_opts go = HS_GPKG_OPTS_INIT;
    go.overwrite = cli_has(a, "overwrite");
    go.epsg = hs_records_crs(rec) ? hs_records_crs(rec) : 3006;
    hs_gpkg *g = NULL;
    int rc = hs_gpkg_open(&g, a->ctx, out, &go);
    if (rc == HS_OK) {
        rc = hs_gpkg_write_incidents(g, rec, NULL);
    }
    if (rc == HS_OK) {
        rc = hs_gpkg_write_rejects(g, rj);
    }
    if (rc == HS_OK) {
        char crs[32];
        snprintf(crs, sizeof crs, "EPSG:%d", go.epsg);
        rc = hs_gpkg_set_param(g, "work_crs", crs, cli_has(a, "work-crs") ? "given" : "auto");
    }
    if (rc == HS_OK) {
        rc = hs_gpkg_commit(g);
    }
    hs_gpkg_close(g);
    return rc;
}

static int run(cli_args *a)
{
    const char *out = cli_get(a, "output");
    if (a->npos < 1) {
        cli_error(a, "no input given (see 'hotspot ingest --help')");
        return CLI_USAGE;
    }
    int rc = cli_check_output(a, out);
    if (rc != CLI_OK) {
        return rc;
    }
    hs_ingest_opts o = HS_INGEST_OPTS_INIT;
    o.reject_unlocated = 1; /* no geocoding here: every row must end in incidents or rejects */
    hs_catmap *cats = NULL;
    hs_records *rec = NULL;
    hs_rejects *rj = NULL;
    rc = read_opts(&o, &cats, a);
    if (rc != CLI_OK) {
        hs_catmap_free(cats);
        return rc;
    }
    if (hs_records_new(&rec) != HS_OK || hs_rejects_new(&rj) != HS_OK) {
        rc = cli_error(a, "out of memory");
        goto done;
    }
    int64_t read = 0, kept = 0, swapped = 0, reproj = 0;
    int limit_hit = 0;
    for (int i = 0; i < a->npos; i++) {
        hs_ingest_stats st;
        memset(&st, 0, sizeof st);
        o.source = base_name(a->pos[i]);
        int hr = hs_ingest_file(&st, a->ctx, rec, rj, a->pos[i], &o);
        read += st.rows_read;
        kept += st.kept;
        swapped += st.swapped;
        reproj += st.reprojected;
        if (hr == HS_ELIMIT) {
            cli_error(a, "%s", hs_ctx_errmsg(a->ctx));
            limit_hit = 1;
        } else if (hr != HS_OK) {
            rc = cli_fail(a, hr);
            goto done;
        }
    }
    size_t nrej = hs_rejects_count(rj);
    cli_info(a, "total: %lld rows read, %lld kept, %zu rejected, %lld swapped, %lld reprojected",
             (long long)read, (long long)kept, nrej, (long long)swapped, (long long)reproj);
    const char *reasons[32];
    size_t counts[32];
    size_t nr = hs_rejects_by_reason(reasons, counts, 32, rj);
    for (size_t k = 0; k < nr; k++) {
        cli_info(a, "  rejected %-22s %zu", reasons[k], counts[k]);
    }

    if (limit_hit) {
        rc = CLI_FAIL;
        goto done;
    }
    if (kept == 0) {
        cli_error(a, "no usable rows in the input (%zu rejected): nothing written", nrej);
        rc = CLI_NODATA;
        goto done;
    }
    int wr = write_gpkg(a, out, rec, rj);
    if (wr != HS_OK) {
        rc = cli_fail(a, wr);
        goto done;
    }
    printf("%s: %lld incidents, %zu rejects (EPSG:%d)\n", out, (long long)kept, nrej,
           hs_records_crs(rec));
    rc = CLI_OK;
done:
    hs_records_free(rec);
    hs_rejects_free(rj);
    hs_catmap_free(cats);
    return rc;
}

const cli_cmd cmd_ingest = {"ingest", "INPUT... -o OUT.gpkg",
                            "read, validate, map columns, detect CRS; write incidents and rejects",
                            opts, run};
