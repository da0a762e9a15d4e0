/*
 * `hotspot ingest`: read, validate, map columns, detect CRS; write incidents and rejects.
 * Parses its options from the table below, calls hs_ingest_file for each input and writes the
 * GeoPackage through hs_gpkg; it holds no parsing or statistics itself. The summary (rows read,
 * kept, rejected by reason, swapped, reprojected) goes to stderr, the written file to stdout.
 * With -o PG:... the GeoPackage is written to a temporary folder and published to PostGIS
 * (hs_postgis_export), then removed.
 */
#include "cli.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

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
    {"schema", 0, "NAME", "with -o PG:...: the PostGIS schema (default hotspot)"},
    {"place-text", 0, NULL,
     "polisen.se events: place them from the places their texts name (streets, intersections, "
     "places, districts of the event's kommun)"},
    {"event-text", 0, "FILE",
     "with --place-text: the events' html_text JSON lines (id, html_preamble, html_body)"},
    {"gazetteer", 'g', "GAZ.sqlite",
     "with --place-text: streets and places to look up (default: the built-in tätorter only)"},
    CLI_OPT_END};

/* Fills o from the command line (cli_read.c); returns CLI_OK or CLI_USAGE after the error. */
static int read_opts(hs_ingest_opts *o, hs_catmap **cats, cli_args *a)
{
    return cli_ingest_opts(a, o, cats);
}

static const char *base_name(const char *p)
{
    const char *s = strrchr(p, '/');
    return s ? s + 1 : p;
}

static int write_gpkg(cli_args *a, const char *out, hs_records *rec, hs_rejects *rj,
                      const hs_rejects *review, const hs_catmap *cats)
{
    hs_gpkg_opts go = HS_GPKG_OPTS_INIT;
    go.overwrite = cli_has(a, "overwrite");
    go.epsg = hs_records_crs(rec) ? hs_records_crs(rec) : 3006;
    hs_gpkg *g = NULL;
    int rc = hs_gpkg_open(&g, a->ctx, out, &go);
    if (rc == HS_OK) {
        rc = cli_set_categories(a, g, rec, cats);
    }
    if (rc == HS_OK) {
        rc = hs_gpkg_write_incidents(g, rec, NULL);
    }
    if (rc == HS_OK) {
        rc = hs_gpkg_write_rejects(g, rj);
    }
    if (rc == HS_OK && review) {
        rc = hs_gpkg_write_review(g, review);
    }
    if (rc == HS_OK && review) {
        rc = hs_gpkg_set_param(g, "place_source", "platser lästa ur polisens händelsetexter",
                               "place_text");
    }
    if (rc == HS_OK) {
        rc = hs_gpkg_set_param(g, "work_crs", hs_crs_label(a->ctx, go.epsg),
                               cli_has(a, "work-crs") ? "given" : "auto");
    }
    if (rc == HS_OK) {
        rc = hs_gpkg_commit(g);
    }
    hs_gpkg_close(g);
    return rc;
}

/* -o PG:...: the GeoPackage goes to a private temporary folder, is published, then removed. */
static int write_postgis(cli_args *a, const char *conn, hs_records *rec, hs_rejects *rj,
                         const hs_rejects *review, const hs_catmap *cats)
{
    const char *tmp = getenv("TMPDIR");
    char dir[4096];
    snprintf(dir, sizeof dir, "%s/hotspot-pg-XXXXXX", tmp && tmp[0] ? tmp : "/tmp");
    if (!mkdtemp(dir)) {
        cli_error(a, "%s: cannot create a temporary folder", dir);
        return HS_EIO;
    }
    char path[4200];
    snprintf(path, sizeof path, "%s/ingest.gpkg", dir);
    int rc = write_gpkg(a, path, rec, rj, review, cats);
    if (rc == HS_OK) {
        hs_postgis_opts po = HS_POSTGIS_OPTS_INIT;
        po.schema = cli_get(a, "schema");
        po.overwrite = cli_has(a, "overwrite");
        rc = hs_postgis_export(a->ctx, path, conn, &po);
    }
    remove(path);
    rmdir(dir);
    return rc;
}

/* --place-text: places from the events' texts, ambiguous ones to the review list. */
static int place_text(cli_args *a, hs_records *rec, hs_rejects *review)
{
    hs_gazetteer *gaz = NULL;
    const char *gp = cli_get(a, "gazetteer");
    if (gp && hs_gazetteer_open(&gaz, a->ctx, gp) != HS_OK) {
        return cli_fail(a, hs_ctx_errcode(a->ctx));
    }
    hs_place_review_list rv = {review, rec, HS_OK};
    hs_place_text_stats st;
    int rc = hs_geocode_place_text(&st, a->ctx, gaz, rec, hs_place_review_collect, &rv);
    hs_gazetteer_close(gaz);
    if (rc == HS_OK && rv.rc != HS_OK) {
        rc = rv.rc;
    }
    if (rc != HS_OK) {
        return cli_fail(a, rc);
    }
    cli_info(a,
             "place text: %lld events, %lld with a place mention; %lld placed finer than kommun "
             "(%lld street, %lld intersection, %lld place; %lld of them on a street name "
             "corrected for a typo, in review), %lld district, %lld ambiguous (review), %lld not "
             "found, %lld without a kommun",
             (long long)st.events, (long long)st.with_mention, (long long)st.placed,
             (long long)st.by_prec[HS_PREC_STREET], (long long)st.by_prec[HS_PREC_INTERSECTION],
             (long long)st.by_prec[HS_PREC_PLACE], (long long)st.corrected,
             (long long)st.by_prec[HS_PREC_DISTRICT], (long long)st.ambiguous,
             (long long)st.not_found, (long long)st.no_kommun);
    return CLI_OK;
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
    hs_rejects *rj = NULL, *review = NULL;
    rc = read_opts(&o, &cats, a);
    if (rc == CLI_OK && cli_has(a, "place-text")) {
        o.place_text = 1;
        o.event_text = cli_get(a, "event-text");
        if (hs_rejects_new(&review) != HS_OK) {
            rc = cli_error(a, "out of memory");
        }
    } else if (rc == CLI_OK && (cli_get(a, "event-text") || cli_get(a, "gazetteer"))) {
        cli_error(a, "--event-text and --gazetteer go with --place-text");
        rc = CLI_USAGE;
    }
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
    if (review) {
        rc = place_text(a, rec, review);
        if (rc != CLI_OK) {
            goto done;
        }
    }
    int wr = hs_postgis_is_conn(out) ? write_postgis(a, out, rec, rj, review, cats)
                                     : write_gpkg(a, out, rec, rj, review, cats);
    if (wr != HS_OK) {
        rc = cli_fail(a, wr);
        goto done;
    }
    printf("%s: %lld incidents, %zu rejects (%s)\n", out, (long long)kept, nrej,
           hs_crs_label(a->ctx, hs_records_crs(rec)));
    rc = CLI_OK;
done:
    hs_records_free(rec);
    hs_rejects_free(rj);
    hs_rejects_free(review);
    hs_catmap_free(cats);
    return rc;
}

const cli_cmd cmd_ingest = {"ingest", "INPUT... -o OUT.gpkg|PG:...",
                            "read, validate, map columns, detect CRS; write incidents and rejects",
                            opts, run};
