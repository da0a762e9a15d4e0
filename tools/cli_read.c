/*
 * Reading records for the CLI: the options every reading command shares (CLI_READ_OPTS) turned
 * into hs_ingest_opts, and the loop over input files with a summary line each. Commands call this
 * instead of mapping options themselves.
 */
#include "cli.h"

#include <stdlib.h>
#include <string.h>

int cli_parse_epsg(int *out, const char *s)
{
    if (!s) {
        *out = 0;
        return 0;
    }
    if (strcmp(s, "auto") == 0) {
        *out = 0;
        return 0;
    }
    if (strncmp(s, "EPSG:", 5) == 0 || strncmp(s, "epsg:", 5) == 0) {
        s += 5;
    }
    char *end;
    long v = strtol(s, &end, 10);
    if (*s == '\0' || *end || v <= 0 || v >= 1000000) {
        return -1;
    }
    *out = (int)v;
    return 0;
}

int cli_parse_extent(hs_bbox *out, const char *s)
{
    double v[4];
    const char *p = s;
    for (int i = 0; i < 4; i++) {
        char *end;
        v[i] = strtod(p, &end);
        if (end == p || (i < 3 && *end != ',') || (i == 3 && *end)) {
            return -1;
        }
        p = end + 1;
    }
    if (!(v[0] < v[2]) || !(v[1] < v[3])) {
        return -1;
    }
    *out = (hs_bbox){v[0], v[1], v[2], v[3]};
    return 0;
}

/* "YYYY-MM-DD" at local midnight, plus `plus` days, as UTC seconds. */
static int period_day(int64_t *out, const char *s, size_t len, hs_tz tz, int plus)
{
    if (len != 10 || s[4] != '-' || s[7] != '-') {
        return -1;
    }
    for (size_t i = 0; i < len; i++) {
        if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9')) {
            return -1;
        }
    }
    int y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
    int m = (s[5] - '0') * 10 + (s[6] - '0');
    int d = (s[8] - '0') * 10 + (s[9] - '0');
    if (!hs_date_valid(y, m, d)) {
        return -1;
    }
    *out = hs_tz_wall_to_utc(NULL, tz, (hs_days_from_civil(y, m, d) + plus) * 86400, 0);
    return 0;
}

int cli_crs_opt(cli_args *a, int *code, const char *opt, int work)
{
    *code = 0;
    const char *v = cli_get(a, opt);
    if (!v || strcmp(v, "auto") == 0) {
        return CLI_OK;
    }
    const char *input = a->npos > 0 ? a->pos[a->npos - 1] : NULL;
    int rc = hs_crs_resolve(code, a->ctx, v);
    if (rc == HS_OK && work) {
        rc = hs_crs_check_work(a->ctx, *code);
    }
    if (rc != HS_OK) {
        cli_error(a, "--%s%s%s: %s", opt, input ? " for " : "", input ? input : "",
                  hs_ctx_errmsg(a->ctx));
        return CLI_USAGE;
    }
    return CLI_OK;
}

static int usage_error(cli_args *a, const char *opt, const char *val, const char *want)
{
    cli_error(a, "--%s: '%s' is not valid (expected %s)", opt, val, want);
    return CLI_USAGE;
}

int cli_ingest_opts(cli_args *a, hs_ingest_opts *io, hs_catmap **cats)
{
    *cats = NULL;
    io->col_x = cli_get(a, "x");
    io->col_y = cli_get(a, "y");
    io->col_time = cli_get(a, "time");
    io->col_from = cli_get(a, "from");
    io->col_to = cli_get(a, "to");
    io->col_category = cli_get(a, "category");
    io->col_weight = cli_get(a, "weight");
    io->col_from_time = cli_get(a, "from-time");
    io->col_to_time = cli_get(a, "to-time");
    io->col_precision = cli_get(a, "precision");
    io->col_id = cli_get(a, "id");
    io->col_code = cli_get(a, "code");
    io->col_address = cli_get(a, "address");
    io->where = cli_get(a, "where");
    io->boundary = cli_get(a, "boundary");
    const char *enc = cli_get(a, "encoding");
    if (enc && strcmp(enc, "auto") != 0) {
        io->encoding = enc;
    }
    const char *tz = cli_get(a, "tz");
    hs_tz zone = HS_TZ_STOCKHOLM;
    if (tz && hs_tz_parse(&zone, tz) != HS_OK) {
        return usage_error(a, "tz", tz, "Europe/Stockholm or UTC");
    }
    io->tz = tz;
    int rc = cli_crs_opt(a, &io->crs_epsg, "crs", 0);
    if (rc == CLI_OK) {
        rc = cli_crs_opt(a, &io->work_epsg, "work-crs", 1);
    }
    if (rc != CLI_OK) {
        return rc;
    }
    const char *rep = cli_get(a, "repeated-hour");
    if (rep) {
        if (strcmp(rep, "first") != 0 && strcmp(rep, "second") != 0) {
            return usage_error(a, "repeated-hour", rep, "first or second");
        }
        io->tz_later = strcmp(rep, "second") == 0;
    }
    if (cli_has(a, "keep")) {
        cli_error(a, "--keep: extra columns are not kept by this version (free text is dropped)");
        return CLI_USAGE;
    }
    const char *kind = cli_get(a, "kind");
    if (kind) {
        if (strcmp(kind, "incident") == 0) {
            io->kind = HS_KIND_INCIDENT;
        } else if (strcmp(kind, "complaint") == 0) {
            io->kind = HS_KIND_COMPLAINT;
        } else {
            return usage_error(a, "kind", kind, "incident or complaint");
        }
    }
    const char *kommun = cli_get(a, "kommun");
    if (kommun) {
        char *end;
        long v = strtol(kommun, &end, 10);
        int code[1];
        size_t nk = 0;
        if (strlen(kommun) == 4 && !*end && v >= 0) {
            io->kommun_code = (int)v;
        } else if (hs_kommun_resolve(code, 1, &nk, a->ctx, kommun) == HS_OK) {
            io->kommun_code = code[0]; /* a kommun's name */
        } else {
            io->col_kommun = kommun;
        }
    }
    const char *period = cli_get(a, "period");
    if (period) {
        /* either end may be left open: "2024-01-01.." or "..2025-12-31" */
        const char *dots = strstr(period, "..");
        if (!dots ||
            (dots > period &&
             period_day(&io->period_start, period, (size_t)(dots - period), zone, 0)) ||
            (dots[2] && period_day(&io->period_end, dots + 2, strlen(dots + 2), zone, 1))) {
            return usage_error(a, "period", period, "START..END, dates YYYY-MM-DD, either open");
        }
    }
    const char *mr = cli_get(a, "max-rejects");
    if (mr) {
        size_t n = strlen(mr);
        char *end;
        if (n > 1 && mr[n - 1] == '%') {
            double v = strtod(mr, &end);
            if (end != mr + n - 1 || v < 0 || v > 100) {
                return usage_error(a, "max-rejects", mr, "N or P%");
            }
            io->max_rejects_share = v / 100.0;
        } else {
            long long v = strtoll(mr, &end, 10);
            if (*mr == '\0' || *end || v < 0) {
                return usage_error(a, "max-rejects", mr, "N or P%");
            }
            io->max_rejects = v;
        }
    }
    const char *catpath = cli_get(a, "categories");
    if (catpath) {
        rc = hs_catmap_load(cats, a->ctx, catpath);
        if (rc != HS_OK) {
            cli_fail(a, rc);
            return CLI_FAIL;
        }
        io->categories = *cats;
        cli_info(a, "category table: %s (%zu rules)", catpath, hs_catmap_count(*cats));
    }
    return CLI_OK;
}

int cli_read_inputs(cli_args *a, hs_records *records, hs_rejects *rejects, int first, int last)
{
    if (first >= last) {
        cli_error(a, "no input given (see 'hotspot %s --help')", a->cmd->name);
        return CLI_USAGE;
    }
    hs_ingest_opts io = HS_INGEST_OPTS_INIT;
    hs_catmap *cats = NULL;
    int rc = cli_ingest_opts(a, &io, &cats);
    io.times_unused = a->places_only;
    for (int i = first; rc == CLI_OK && i < last; i++) {
        hs_ingest_stats st;
        memset(&st, 0, sizeof st);
        int hrc = hs_ingest_file(&st, a->ctx, records, rejects, a->pos[i], &io);
        if (hrc != HS_OK) {
            rc = cli_fail(a, hrc);
            break;
        }
        cli_info(a, "%s: %lld rows read, %lld kept, %lld rejected (CRS %s, working %s)", a->pos[i],
                 (long long)st.rows_read, (long long)st.kept, (long long)st.rejected,
                 st.crs_detected ? hs_crs_label(a->ctx, st.crs_detected) : "none",
                 hs_crs_label(a->ctx, st.work_crs));
        if (hs_records_crs(records) == 0) {
            hs_records_set_crs(records, st.work_crs);
        }
    }
    hs_catmap_free(cats);
    return rc;
}

int cli_open_mask(cli_args *a, hs_areas **areas, int epsg)
{
    *areas = NULL;
    const char *path = cli_get(a, "mask");
    if (!path) {
        return CLI_OK;
    }
    hs_areas_opts ao = HS_AREAS_OPTS_INIT;
    ao.epsg = epsg;
    int rc = hs_areas_open(areas, a->ctx, path, &ao);
    return rc == HS_OK ? CLI_OK : cli_fail(a, rc);
}

int cli_grid_mask(cli_args *a, uint8_t **mask, const hs_grid_spec *g, int epsg)
{
    *mask = NULL;
    hs_areas *areas = NULL;
    int rc = cli_open_mask(a, &areas, epsg);
    if (rc != CLI_OK || !areas) {
        return rc;
    }
    uint8_t *m = malloc((size_t)(g->nx * g->ny));
    rc = m ? hs_areas_mask_grid(m, areas, g, -1) : HS_ENOMEM;
    hs_areas_free(areas);
    if (rc != HS_OK) {
        free(m);
        return cli_fail(a, rc);
    }
    *mask = m;
    return CLI_OK;
}

int cli_set_categories(cli_args *a, hs_gpkg *g, const hs_records *r, const hs_catmap *cats)
{
    size_t n = hs_records_category_count(r);
    const char **keys = calloc(n ? n : 1, sizeof *keys);
    const char **sv = calloc(n ? n : 1, sizeof *sv);
    const char **en = calloc(n ? n : 1, sizeof *en);
    char(*buf)[2][128] = calloc(n ? n : 1, sizeof *buf);
    int rc = keys && sv && en && buf ? HS_OK : HS_ENOMEM;
    for (size_t k = 0; rc == HS_OK && k < n; k++) {
        keys[k] = hs_records_category_name(r, k);
        if (keys[k]) {
            hs_category_display(buf[k][0], sizeof buf[k][0], cats, keys[k], "sv");
            hs_category_display(buf[k][1], sizeof buf[k][1], cats, keys[k], "en");
        }
        sv[k] = buf[k][0];
        en[k] = buf[k][1];
    }
    if (rc == HS_OK) {
        rc = hs_gpkg_set_categories(g, keys, sv, en, n, a->g && a->g->lang ? a->g->lang : "sv");
    }
    free(keys);
    free(sv);
    free(en);
    free(buf);
    return rc;
}
