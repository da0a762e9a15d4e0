/*
 * Tests of hs_ingest_file on hand-made fixtures (tests/data/ingest, made by make_fixtures.py):
 * every reject reason, every time form in a real row, the daylight-saving edges, CP1252 and
 * UTF-8 with BOM, ';' and ',' separators, swapped axes, reprojection against cs2cs, OGR inputs
 * (GeoJSON, XLSX), a Swedish locale, and the real polisen.se archive (85 011 events).
 */
#include <criterion/criterion.h>
#include <locale.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "hotspot.h"

#define FIX HS_TEST_DATA "/ingest/"

static hs_ctx *ctx;
static hs_records *rec;
static hs_rejects *rj;

static void setup(void)
{
    cr_assert_eq(hs_ctx_new(&ctx), HS_OK);
    cr_assert_eq(hs_records_new(&rec), HS_OK);
    cr_assert_eq(hs_rejects_new(&rj), HS_OK);
}

static void teardown(void)
{
    hs_records_free(rec);
    hs_rejects_free(rj);
    hs_ctx_free(ctx);
}

static int64_t utc(int y, int m, int d, int h, int mi)
{
    return hs_days_from_civil(y, m, d) * 86400 + h * 3600 + mi * 60;
}

/* The kept record whose id is id (fails when absent). */
static hs_record by_id(const char *id)
{
    hs_record r;
    for (size_t i = 0; i < hs_records_count(rec); i++) {
        hs_records_get(&r, rec, i);
        if (r.id && strcmp(r.id, id) == 0) {
            return r;
        }
    }
    cr_assert_fail("record %s not kept", id);
    return r;
}

/* The reason of the reject of a data row ("" when the row was not rejected). */
static const char *reason_of(int64_t row, const char **column)
{
    hs_reject x;
    for (size_t i = 0; i < hs_rejects_count(rj); i++) {
        hs_rejects_get(&x, rj, i);
        if (x.row == row) {
            if (column) {
                *column = x.column;
            }
            return x.reason;
        }
    }
    return "";
}

static hs_ingest_stats ingest_utdrag(void)
{
    hs_ingest_stats st;
    int rc = hs_ingest_file(&st, ctx, rec, rj, FIX "utdrag_cp1252.csv", NULL);
    cr_assert_eq(rc, HS_OK, "%s", hs_ctx_errmsg(ctx));
    return st;
}

TestSuite(ingest, .init = setup, .fini = teardown);

Test(ingest, every_row_accounted)
{
    hs_ingest_stats st = ingest_utdrag();
    cr_assert_eq(st.rows_read, 20);
    cr_assert_eq(st.kept, 11);
    cr_assert_eq(st.rejected, 9);
    cr_assert_eq(hs_records_count(rec) + hs_rejects_count(rj), 20);
    cr_assert_eq(st.swapped, 1);
    cr_assert_eq(st.reprojected, 0);
    cr_assert_eq(st.crs_detected, 3006);
    cr_assert_eq(st.work_crs, 3006);
    cr_assert_eq(hs_records_crs(rec), 3006);
}

Test(ingest, reject_reasons)
{
    ingest_utdrag();
    const char *col = NULL;
    cr_assert_str_eq(reason_of(5, NULL), "missing_coordinates");
    cr_assert_str_eq(reason_of(6, NULL), "missing_coordinates");
    cr_assert_str_eq(reason_of(7, &col), "bad_number");
    cr_assert_str_eq(col, "X-koordinat");
    cr_assert_str_eq(reason_of(8, &col), "bad_date");
    cr_assert_str_eq(col, "Händelsedatum från");
    cr_assert_str_eq(reason_of(9, &col), "bad_time");
    cr_assert_str_eq(col, "Händelsetid från");
    cr_assert_str_eq(reason_of(10, &col), "till_before_fran");
    cr_assert_str_eq(col, "Händelsedatum till");
    cr_assert_str_eq(reason_of(11, NULL), "outside_sweden");
    cr_assert_str_eq(reason_of(12, NULL), "missing_date");
    cr_assert_str_eq(reason_of(17, NULL), "bad_row");
    hs_reject x;
    for (size_t i = 0; i < hs_rejects_count(rj); i++) {
        hs_rejects_get(&x, rj, i);
        cr_assert_str_eq(x.source, "utdrag_cp1252.csv");
        if (x.row == 7) {
            cr_assert_str_eq(x.value, "6 48x 123");
        }
    }
    const char *reasons[16];
    size_t counts[16];
    size_t nr = hs_rejects_by_reason(reasons, counts, 16, rj);
    cr_assert_str_eq(reasons[0], "missing_coordinates");
    cr_assert_eq(counts[0], 2);
    cr_assert_eq(nr, 8);
}

Test(ingest, values_and_time_forms)
{
    hs_ingest_stats st = ingest_utdrag();
    hs_record r = by_id("5000-K1-24"); /* decimal comma; 22:30-01:30 over midnight (CET) */
    cr_assert_float_eq(r.x, 345678.5, 1e-9);
    cr_assert_float_eq(r.y, 6480123.25, 1e-9);
    cr_assert_eq(r.t_from, utc(2024, 3, 1, 21, 30));
    cr_assert_eq(r.t_to, utc(2024, 3, 2, 0, 30));
    cr_assert_str_eq(r.category, "stold");
    cr_assert_str_eq(r.focus_area, "brottskoncentrationer");
    cr_assert_eq(r.precision, HS_PREC_EXACT);
    cr_assert_eq(r.kommun_code, 1487);
    cr_assert_eq(r.row, 1);
    r = by_id("5000-K2-24"); /* "22.30", till time only */
    cr_assert_eq(r.t_from, utc(2024, 3, 1, 21, 30));
    cr_assert_eq(r.t_to, utc(2024, 3, 1, 21, 45));
    cr_assert_str_eq(r.category, "vald");
    cr_assert_str_eq(r.address, "Storgatan 1, XXXXXX-XXXX");
    r = by_id("5000-K3-24"); /* embedded newline, 20240301, 9:05 */
    cr_assert_eq(r.t_from, utc(2024, 3, 1, 8, 5));
    cr_assert_eq(r.t_to, HS_TIME_NONE);
    cr_assert_str_eq(r.category, "skadegorelse");
    r = by_id("5000-K4-24"); /* swapped */
    cr_assert_float_eq(r.x, 345700.0, 1e-9);
    cr_assert_float_eq(r.y, 6480200.0, 1e-9);
    r = by_id("5000-K15-24"); /* Excel serial */
    cr_assert_eq(r.t_from, utc(2024, 3, 1, 11, 0));
    r = by_id("5000-K16-24"); /* date-time in the date column */
    cr_assert_eq(r.t_from, utc(2024, 3, 1, 21, 15));
    cr_assert_eq(r.t_to, HS_TIME_NONE);
    r = by_id("5000-K18-24"); /* 23:00 till 01:00: next day */
    cr_assert_eq(r.t_from, utc(2024, 3, 1, 22, 0));
    cr_assert_eq(r.t_to, utc(2024, 3, 2, 0, 0));
    r = by_id("5000-K19-24"); /* date only: the whole local day */
    cr_assert_eq(r.t_from, utc(2024, 2, 29, 23, 0));
    cr_assert_eq(r.t_to, utc(2024, 3, 1, 23, 0));
    r = by_id("5000-K20-24");
    cr_assert_str_eq(r.category, "ovrigt");
    cr_assert_null(r.focus_area);
    cr_assert_eq(st.uncategorised, 1);
    cr_assert_eq(st.masked, 1); /* the Fritext column is dropped, the address masked */
}

Test(ingest, dst_edges)
{
    hs_ingest_stats st = ingest_utdrag();
    /* 02:30 on 31 March 2024 does not exist: read as 03:30 CEST = 01:30 UTC */
    cr_assert_eq(by_id("5000-K13-24").t_from, utc(2024, 3, 31, 1, 30));
    /* 02:30 on 27 October 2024 happens twice: the first (CEST) = 00:30 UTC */
    cr_assert_eq(by_id("5000-K14-24").t_from, utc(2024, 10, 27, 0, 30));
    cr_assert_eq(st.dst_gap, 1);
    cr_assert_eq(st.dst_repeated, 1);
}

Test(ingest, dst_later_and_utc_zone)
{
    hs_ingest_opts o = HS_INGEST_OPTS_INIT;
    o.tz_later = 1;
    cr_assert_eq(hs_ingest_file(NULL, ctx, rec, rj, FIX "utdrag_cp1252.csv", &o), HS_OK);
    cr_assert_eq(by_id("5000-K14-24").t_from, utc(2024, 10, 27, 1, 30));
    hs_records_free(rec);
    hs_records_new(&rec);
    o.tz = "UTC";
    cr_assert_eq(hs_ingest_file(NULL, ctx, rec, rj, FIX "utdrag_cp1252.csv", &o), HS_OK);
    cr_assert_eq(by_id("5000-K13-24").t_from, utc(2024, 3, 31, 2, 30));
    cr_assert_eq(by_id("5000-K1-24").t_from, utc(2024, 3, 1, 22, 30));
}

Test(ingest, period_and_max_rejects)
{
    hs_ingest_opts o = HS_INGEST_OPTS_INIT;
    o.period_start = utc(2024, 3, 2, 0, 0);
    hs_ingest_stats st;
    cr_assert_eq(hs_ingest_file(&st, ctx, rec, rj, FIX "utdrag_cp1252.csv", &o), HS_OK);
    cr_assert_str_eq(reason_of(1, NULL), "outside_period");
    cr_assert_str_eq(reason_of(13, NULL), ""); /* 31 March: kept */
    cr_assert_eq(st.kept + st.rejected, 20);
    cr_assert_eq(st.kept, 3); /* rows 4, 13 and 14 */
    hs_ingest_opts m = HS_INGEST_OPTS_INIT;
    m.max_rejects = 3;
    cr_assert_eq(hs_ingest_file(&st, ctx, rec, rj, FIX "utdrag_cp1252.csv", &m), HS_ELIMIT);
    cr_assert(strstr(hs_ctx_errmsg(ctx), "max-rejects") != NULL);
    m.max_rejects = -1;
    m.max_rejects_share = 0.5; /* 9 of 20 is fine */
    cr_assert_eq(hs_ingest_file(&st, ctx, rec, rj, FIX "utdrag_cp1252.csv", &m), HS_OK);
    m.max_rejects_share = 0.4;
    cr_assert_eq(hs_ingest_file(&st, ctx, rec, rj, FIX "utdrag_cp1252.csv", &m), HS_ELIMIT);
}

Test(ingest, utf8_bom_comma_wgs84)
{
    hs_ingest_stats st;
    int rc = hs_ingest_file(&st, ctx, rec, rj, FIX "utf8_bom_comma.csv", NULL);
    cr_assert_eq(rc, HS_OK, "%s", hs_ctx_errmsg(ctx));
    cr_assert_eq(st.kept, 3);
    cr_assert_eq(st.crs_detected, 4326);
    cr_assert_eq(st.work_crs, 3006);
    cr_assert_eq(st.reprojected, 3);
    cr_assert_eq(st.swapped, 1);
    /* cs2cs EPSG:4326 EPSG:3006: lat 58.3 lon 12.3 -> E 341768.3315 N 6465283.8263 */
    for (size_t i = 0; i < 3; i++) {
        hs_record r;
        hs_records_get(&r, rec, i);
        cr_assert_float_eq(r.x, 341768.3315, 0.01);
        cr_assert_float_eq(r.y, 6465283.8263, 0.01);
    }
    hs_record r = by_id("1");
    cr_assert_eq(r.t_from, utc(2024, 6, 1, 10, 0)); /* +02:00 offset */
    cr_assert_str_eq(r.category, "vald");
    r = by_id("2");
    cr_assert_eq(r.t_from, utc(2024, 6, 1, 11, 0)); /* CEST wall time */
    cr_assert_str_eq(r.category, "ran");
}

Test(ingest, unknown_crs_and_explicit_crs)
{
    hs_ingest_stats st;
    cr_assert_eq(hs_ingest_file(&st, ctx, rec, rj, FIX "no_crs.csv", NULL), HS_OK);
    cr_assert_eq(st.kept, 0);
    cr_assert_str_eq(reason_of(1, NULL), "unknown_crs");
    cr_assert_str_eq(reason_of(2, NULL), "unknown_crs");
    hs_ingest_opts o = HS_INGEST_OPTS_INIT;
    o.crs_epsg = 4321;
    cr_assert_eq(hs_ingest_file(&st, ctx, rec, rj, FIX "no_crs.csv", &o), HS_EUNSUPPORTED);
    o.crs_epsg = 3006;
    o.col_x = "nope";
    cr_assert_eq(hs_ingest_file(&st, ctx, rec, rj, FIX "no_crs.csv", &o), HS_ENOTFOUND);
    cr_assert(strstr(hs_ctx_errmsg(ctx), "'nope'") != NULL);
}

Test(ingest, outside_kommun)
{
    hs_ingest_opts o = HS_INGEST_OPTS_INIT;
    o.boundary = FIX "boundary.geojson";
    hs_ingest_stats st;
    int rc = hs_ingest_file(&st, ctx, rec, rj, FIX "boundary_points.csv", &o);
    cr_assert_eq(rc, HS_OK, "%s", hs_ctx_errmsg(ctx));
    cr_assert_eq(st.kept, 1);
    cr_assert_str_eq(by_id("A").id, "A");
    cr_assert_str_eq(reason_of(2, NULL), "outside_kommun");
}

Test(ingest, ogr_geojson_and_xlsx)
{
    hs_ingest_stats st;
    int rc = hs_ingest_file(&st, ctx, rec, rj, FIX "points.geojson", NULL);
    cr_assert_eq(rc, HS_OK, "%s", hs_ctx_errmsg(ctx));
    cr_assert_eq(st.kept, 2);
    cr_assert_eq(st.crs_detected, 3006);
    hs_record r;
    hs_records_get(&r, rec, 0);
    cr_assert_float_eq(r.x, 345000.0, 1e-6);
    cr_assert_float_eq(r.y, 6480000.0, 1e-6);
    cr_assert_eq(r.t_from, utc(2024, 3, 1, 9, 0));
    cr_assert_str_eq(r.category, "stold");
    rc = hs_ingest_file(&st, ctx, rec, rj, FIX "utdrag.xlsx", NULL);
    cr_assert_eq(rc, HS_OK, "%s", hs_ctx_errmsg(ctx));
    cr_assert_eq(st.kept, 2);
    hs_record a = by_id("A2");
    cr_assert_float_eq(a.x, 346000.0, 1e-6);
    cr_assert_eq(a.t_from, utc(2024, 3, 1, 10, 0));
    cr_assert_str_eq(a.category, "ran");
}

Test(ingest, swedish_locale)
{
    if (!setlocale(LC_ALL, "sv_SE.UTF-8")) {
        /* generate it in the test set-up (Debian does not ship it compiled) */
        int rc = system("localedef -i sv_SE -c -f UTF-8 sv_SE.UTF-8 >/dev/null 2>&1");
        (void)rc;
    }
    cr_assert_not_null(setlocale(LC_ALL, "sv_SE.UTF-8"), "sv_SE.UTF-8 locale not available");
    cr_assert_str_eq(localeconv()->decimal_point, ",");
    hs_ingest_stats st = ingest_utdrag();
    setlocale(LC_ALL, "C");
    cr_assert_eq(st.kept, 11);
    hs_record r = by_id("5000-K1-24");
    cr_assert_float_eq(r.x, 345678.5, 1e-9);
    cr_assert_float_eq(r.y, 6480123.25, 1e-9);
}

Test(ingest, polisen_archive, .timeout = 120)
{
    hs_ingest_stats st;
    int rc =
        hs_ingest_file(&st, ctx, rec, rj,
                       HS_SHARED_DATA "/polisen_events/polisen_events_all_2022-2026.json.gz", NULL);
    cr_assert_eq(rc, HS_OK, "%s", hs_ctx_errmsg(ctx));
    cr_assert_eq(st.rows_read, 85011);
    cr_assert_eq(st.kept + st.rejected, 85011);
    cr_assert_eq(st.rejected, 0);
    cr_assert_eq(st.crs_detected, 4326);
    size_t n_kommun = 0, n_lan = 0, other = 0;
    const uint8_t *p = hs_records_precision(rec);
    for (size_t i = 0; i < hs_records_count(rec); i++) {
        n_kommun += p[i] == HS_PREC_KOMMUN;
        n_lan += p[i] == HS_PREC_LAN;
        other += p[i] != HS_PREC_KOMMUN && p[i] != HS_PREC_LAN;
    }
    /* counted independently with Python: location.name ending in " län" */
    cr_assert_eq(n_lan, 32002);
    cr_assert_eq(n_kommun, 53009);
    cr_assert_eq(other, 0);
    size_t nloc = 99;
    cr_assert_eq(hs_records_local_index(&nloc, NULL, 0, rec), HS_OK);
    cr_assert_eq(nloc, 0); /* never reach a cell */
    /* the first event: "26 september 14:21, Mord/dråp, försök, Stockholm" (CEST) */
    hs_record r = by_id("371971");
    cr_assert_eq(r.t_from, utc(2022, 9, 26, 12, 21));
    cr_assert_str_eq(r.category, "vald");
}

Test(ingest, rejects_value_masked_and_complaints)
{
    char path[64];
    snprintf(path, sizeof path, "/tmp/hs_ingest_pnr_%d.csv", (int)getpid());
    FILE *f = fopen(path, "w");
    cr_assert_not_null(f);
    fputs("id;typ;datum;x;y\n"
          "a;Klotter;811218-9876;345000;6480000\n"
          "b;Klotter på skola;2024-05-01;345000;6480000\n"
          "19811218-9876;Nedskräpning;2024-05-02;345000;6480000\n",
          f);
    fclose(f);
    hs_ingest_opts o = HS_INGEST_OPTS_INIT;
    o.kind = HS_KIND_COMPLAINT;
    hs_ingest_stats st;
    cr_assert_eq(hs_ingest_file(&st, ctx, rec, rj, path, &o), HS_OK, "%s", hs_ctx_errmsg(ctx));
    remove(path);
    cr_assert_eq(st.kept, 2);
    cr_assert_eq(st.masked, 2);
    hs_reject x;
    cr_assert_eq(hs_rejects_get(&x, rj, 0), HS_OK);
    cr_assert_str_eq(x.reason, "bad_date");
    cr_assert_str_eq(x.value, "XXXXXX-XXXX");
    cr_assert_str_eq(by_id("b").category, "klotter");
    cr_assert_str_eq(by_id("XXXXXXXX-XXXX").category, "nedskrapning");
}

Test(ingest, unlocated_rows_with_an_address)
{
    char path[64];
    snprintf(path, sizeof path, "/tmp/hs_ingest_addr_%d.csv", (int)getpid());
    FILE *f = fopen(path, "w");
    cr_assert_not_null(f);
    fputs("id;Gatuadress;datum;x;y\na;Storgatan 12B;2024-05-01;;\nb;;2024-05-01;;\n", f);
    fclose(f);
    hs_ingest_stats st;
    cr_assert_eq(hs_ingest_file(&st, ctx, rec, rj, path, NULL), HS_OK, "%s", hs_ctx_errmsg(ctx));
    cr_assert_eq(st.kept, 1); /* kept for geocoding */
    cr_assert_eq(st.to_geocode, 1);
    hs_record r = by_id("a");
    cr_assert_eq(r.precision, HS_PREC_NONE);
    cr_assert_str_eq(r.address, "Storgatan 12B");
    cr_assert_str_eq(reason_of(2, NULL), "missing_coordinates");
    hs_ingest_opts o = HS_INGEST_OPTS_INIT;
    o.reject_unlocated = 1;
    cr_assert_eq(hs_ingest_file(&st, ctx, rec, rj, path, &o), HS_OK);
    remove(path);
    cr_assert_eq(st.kept, 0);
    cr_assert_eq(st.rejected, 2);
}
