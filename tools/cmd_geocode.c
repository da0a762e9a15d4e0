/*
 * `hotspot geocode`: geocode addresses and place names against a local gazetteer. Reads records
 * with the library's ingest, geocodes those without coordinates, writes `incidents`, a `geocoded`
 * table (id, matched label, precision, score, review reason) and optionally a review CSV.
 * Parses its options from the table below and calls the library; it holds no matching itself.
 */
#include "cli.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static const cli_opt opts[] = {
    CLI_OUT_OPTS,
    {"gazetteer", 'g', "GAZ.sqlite", "the gazetteer"},
    {"address", 0, "COL", "address column (default: address/adress/gatuadress/plats)"},
    {"kommun", 0, "COL|CODE", "kommun name or code column, or one code for all records"},
    {"min-score", 0, "S", "scores below this go to review (default 0.8)"},
    {"review", 0, "FILE", "write ties and low scores to this CSV"},
    {"no-cache", 0, NULL, "neither read nor write the gazetteer's cache"},
    CLI_READ_OPTS,
    CLI_OPT_END};

static const char *const reasons[] = {"", "low_score", "tie", "not_found"};

typedef struct review_ctx {
    FILE *f;
    const hs_records *records;
} review_ctx;

/* A quoted CSV cell; text a spreadsheet would run as a formula gets a leading apostrophe. */
static void csv_field(FILE *f, const char *s)
{
    fputc('"', f);
    if (s && strchr("=+-@\t\r", s[0]) && s[0]) {
        fputc('\'', f);
    }
    for (; s && *s; s++) {
        if (*s == '"') {
            fputc('"', f);
        }
        fputc(*s, f);
    }
    fputc('"', f);
}

static void on_review(void *payload, size_t i, const char *address, const hs_geocode_result *res)
{
    review_ctx *rc = payload;
    if (!rc->f) {
        return;
    }
    hs_record r;
    hs_records_get(&r, rc->records, i);
    fprintf(rc->f, "%lld,", (long long)r.row);
    csv_field(rc->f, r.id);
    fputc(',', rc->f);
    csv_field(rc->f, address);
    fprintf(rc->f, ",%s,%.3f,", reasons[res->review], res->score);
    csv_field(rc->f, res->label);
    fputc(',', rc->f);
    csv_field(rc->f, res->second);
    fputc('\n', rc->f);
}

static int write_output(cli_args *a, const char *out, const hs_records *rs)
{
    hs_gpkg_opts go = HS_GPKG_OPTS_INIT;
    go.overwrite = cli_has(a, "overwrite");
    hs_gpkg *g = NULL;
    int rc = hs_gpkg_open(&g, a->ctx, out, &go);
    hs_grid_spec grid;
    hs_bbox box = hs_records_bbox(rs);
    int have_grid = box.xmin <= box.xmax && hs_grid_spec_aligned(&grid, box, 250.0) == HS_OK;
    if (rc == HS_OK) {
        rc = cli_set_categories(a, g, rs, NULL); /* the built-in names */
    }
    if (rc == HS_OK) {
        rc = hs_gpkg_write_incidents(g, rs, have_grid ? &grid : NULL);
    }
    static const hs_field_def fields[] = {{"id", HS_FIELD_TEXT},
                                          {"row", HS_FIELD_INT},
                                          {"label", HS_FIELD_TEXT},
                                          {"precision", HS_FIELD_TEXT},
                                          {"geocode_score", HS_FIELD_REAL}};
    if (rc == HS_OK) {
        rc = hs_gpkg_layer_begin(g, "geocoded", HS_GEOM_NONE, fields, 5);
    }
    for (size_t i = 0; rc == HS_OK && i < hs_records_count(rs); i++) {
        hs_record r;
        hs_records_get(&r, rs, i);
        if (!r.address || !r.address[0] || r.precision == HS_PREC_EXACT) {
            continue;
        }
        hs_value v[5] = {{r.id == NULL, 0, 0, r.id},
                         {0, r.row, 0, NULL},
                         {r.label == NULL, 0, 0, r.label},
                         {0, 0, 0, hs_precision_name(r.precision)},
                         {r.precision == HS_PREC_NONE, 0, r.geocode_score, NULL}};
        rc = hs_gpkg_add_row(g, NULL, v);
    }
    if (rc == HS_OK) {
        rc = hs_gpkg_set_param(g, "geocode_gazetteer", cli_get(a, "gazetteer"), "given");
    }
    if (rc == HS_OK) {
        rc = hs_gpkg_commit(g);
    }
    hs_gpkg_close(g);
    return rc;
}

static int run(cli_args *a)
{
    if (a->npos != 1) {
        cli_error(a, "expected one INPUT (see 'hotspot geocode --help')");
        return CLI_USAGE;
    }
    const char *gaz_path = cli_get(a, "gazetteer");
    if (!gaz_path) {
        cli_error(a,
                  "no gazetteer given (-g GAZ.sqlite; build one with 'hotspot gazetteer build')");
        return CLI_USAGE;
    }
    const char *out = cli_get(a, "output");
    int rc = cli_check_output(a, out);
    if (rc != CLI_OK) {
        return rc;
    }
    if (cli_has(a, "period") || cli_has(a, "max-rejects")) {
        cli_error(a, "--period and --max-rejects belong to 'hotspot ingest'; geocode its output");
        return CLI_USAGE;
    }
    hs_ingest_opts io = HS_INGEST_OPTS_INIT;
    hs_catmap *cats = NULL;
    if ((rc = cli_ingest_opts(a, &io, &cats)) != CLI_OK) {
        return rc;
    }
    hs_catmap_free(cats); /* geocode has no --categories option */
    int work = io.work_epsg ? io.work_epsg : 3006;
    io.work_epsg = 3006;
    if (work != 3006) {
        cli_error(a, "--work-crs: the gazetteer is in EPSG:3006; geocoding works only there");
        return CLI_USAGE;
    }
    hs_geocode_opts go = HS_GEOCODE_OPTS_INIT;
    go.use_cache = !cli_has(a, "no-cache");
    const char *ms = cli_get(a, "min-score");
    if (ms) {
        char *end;
        go.min_score = strtod(ms, &end);
        if (*end || !(go.min_score >= 0.0 && go.min_score <= 1.0)) {
            cli_error(a, "--min-score needs a number from 0 to 1, not '%s'", ms);
            return CLI_USAGE;
        }
    }
    hs_gazetteer *gaz = NULL;
    int hrc = hs_gazetteer_open(&gaz, a->ctx, gaz_path);
    if (hrc != HS_OK) {
        return cli_fail(a, hrc);
    }
    const char *k = cli_get(a, "kommun");
    if (k) {
        int code = hs_gazetteer_kommun_code(gaz, k);
        if (code > 0) {
            io.kommun_code = code;
            go.kommun_code = code;
        } else {
            io.col_kommun = k;
        }
    }
    hs_records *rs = NULL;
    hs_rejects *rj = NULL;
    FILE *rf = NULL;
    hrc = hs_records_new(&rs);
    hrc = hrc == HS_OK ? hs_rejects_new(&rj) : hrc;
    hs_ingest_stats ist;
    if (hrc == HS_OK) {
        hrc = hs_ingest_file(&ist, a->ctx, rs, rj, a->pos[0], &io);
    }
    const char *review = cli_get(a, "review");
    if (hrc == HS_OK && review) {
        rf = fopen(review, "w");
        if (!rf) {
            cli_error(a, "%s: cannot write the review file", review);
            hs_gazetteer_close(gaz);
            hs_records_free(rs);
            hs_rejects_free(rj);
            return CLI_FAIL;
        }
        fputs("row,id,address,reason,score,best,second\n", rf);
    }
    review_ctx rv = {rf, rs};
    hs_geocode_stats st;
    if (hrc == HS_OK) {
        hrc = hs_geocode_records(&st, a->ctx, gaz, rs, &go, on_review, &rv);
    }
    if (rf) {
        fclose(rf);
    }
    if (hrc == HS_OK) {
        cli_info(a,
                 "%lld records to geocode: %lld placed (%lld address, %lld street, %lld "
                 "intersection, %lld place, %lld postcode, %lld kommun), %lld to review, %lld from "
                 "the cache; %lld given a kommun by the reverse step; min score %.2f",
                 (long long)st.tried, (long long)st.placed, (long long)st.by_prec[HS_PREC_ADDRESS],
                 (long long)st.by_prec[HS_PREC_STREET], (long long)st.by_prec[HS_PREC_INTERSECTION],
                 (long long)st.by_prec[HS_PREC_PLACE], (long long)st.by_prec[HS_PREC_POSTCODE],
                 (long long)st.by_prec[HS_PREC_KOMMUN], (long long)st.review, (long long)st.cached,
                 (long long)st.reversed, go.min_score);
        hrc = write_output(a, out, rs);
    }
    int code = hrc == HS_OK ? CLI_OK : cli_fail(a, hrc);
    if (hrc == HS_OK && hs_records_count(rs) == 0) {
        cli_error(a, "%s: no usable records", a->pos[0]);
        code = CLI_NODATA;
    }
    hs_gazetteer_close(gaz);
    hs_records_free(rs);
    hs_rejects_free(rj);
    return code;
}

const cli_cmd cmd_geocode = {"geocode", "INPUT -g GAZ.sqlite -o OUT.gpkg",
                             "geocode addresses and place names against a local gazetteer", opts,
                             run};
