/*
 * Tests of building and opening a gazetteer: column detection by name, WGS84 sources projected to
 * EPSG:3006 (checked against cs2cs), sources recorded with their date, refusal to overwrite, and
 * kommun names resolved.
 */
#include <criterion/criterion.h>

#include "core/hs_internal.h"

#include <math.h>
#include <sqlite3.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static void gaz_path(char *buf, size_t size, const char *name)
{
    snprintf(buf, size, "%s/test_gazetteer_%ld_%s.sqlite", HS_BINARY_DIR, (long)getpid(), name);
    remove(buf);
}

Test(gazetteer, build_and_open)
{
    hs_ctx *ctx;
    cr_assert_eq(hs_ctx_new(&ctx), HS_OK);
    char out[1024];
    gaz_path(out, sizeof out, "a");
    const char *src[] = {HS_TEST_DATA "/geocode/addresses.csv", HS_TEST_DATA "/geocode/places.csv",
                         HS_TEST_DATA "/geocode/stops.txt"};
    hs_gazetteer_opts o = HS_GAZETTEER_OPTS_INIT;
    o.date = "2025-01-31";
    hs_gazetteer_stats st;
    int rc = hs_gazetteer_build(&st, ctx, out, src, 3, &o);
    cr_assert_eq(rc, HS_OK, "%s", hs_ctx_errmsg(ctx));
    cr_assert_eq(st.addresses, 43);
    cr_assert_eq(st.places, 4);
    cr_assert_eq(st.skipped, 0);
    /* a second build without overwrite is refused */
    cr_assert_eq(hs_gazetteer_build(NULL, ctx, out, src, 3, &o), HS_EEXIST);

    hs_gazetteer *g;
    rc = hs_gazetteer_open(&g, ctx, out);
    cr_assert_eq(rc, HS_OK, "%s", hs_ctx_errmsg(ctx));
    cr_assert_eq(hs_gazetteer_count(g), 47);
    /* the GTFS stop, projected: reference from cs2cs (README), 1 mm tolerance */
    hs_geocode_result r;
    cr_assert_eq(hs_geocode_one(&r, g, "Vänersborg Busstation", 0), HS_OK);
    cr_assert_eq(r.precision, HS_PREC_PLACE);
    cr_assert_float_eq(r.x, 343530.770, 1e-3);
    cr_assert_float_eq(r.y, 6474186.069, 1e-3);
    hs_gazetteer_close(g);

    /* each entry's source and date; the FTS5 trigram index answers substring queries */
    sqlite3 *db;
    cr_assert_eq(sqlite3_open_v2(out, &db, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
    sqlite3_stmt *q;
    cr_assert_eq(sqlite3_prepare_v2(db,
                                    "SELECT s.kind, s.date, count(*) FROM entries e JOIN sources s "
                                    "ON e.source = s.id GROUP BY s.id ORDER BY s.id",
                                    -1, &q, NULL),
                 SQLITE_OK);
    const char *kinds[] = {"address", "place", "gtfs"};
    const int counts[] = {43, 3, 1};
    for (int i = 0; i < 3; i++) {
        cr_assert_eq(sqlite3_step(q), SQLITE_ROW);
        cr_assert_str_eq((const char *)sqlite3_column_text(q, 0), kinds[i]);
        cr_assert_str_eq((const char *)sqlite3_column_text(q, 1), "2025-01-31");
        cr_assert_eq(sqlite3_column_int(q, 2), counts[i]);
    }
    sqlite3_finalize(q);
    cr_assert_eq(sqlite3_prepare_v2(db,
                                    "SELECT count(*) FROM entries_fts WHERE entries_fts MATCH "
                                    "'ngsgat'",
                                    -1, &q, NULL),
                 SQLITE_OK);
    cr_assert_eq(sqlite3_step(q), SQLITE_ROW);
    cr_assert_eq(sqlite3_column_int(q, 0), 10); /* Kungsgatan 1-10 */
    sqlite3_finalize(q);
    sqlite3_close(db);
    remove(out);
    hs_ctx_free(ctx);
}

Test(gazetteer, missing_columns)
{
    hs_ctx *ctx;
    cr_assert_eq(hs_ctx_new(&ctx), HS_OK);
    char out[1024], csv[1024];
    gaz_path(out, sizeof out, "b");
    snprintf(csv, sizeof csv, "%s/test_gazetteer_%ld.csv", HS_BINARY_DIR, (long)getpid());
    FILE *f = fopen(csv, "w");
    cr_assert(f);
    fputs("foo,bar\n1,2\n", f);
    fclose(f);
    const char *src[] = {csv};
    cr_assert_eq(hs_gazetteer_build(NULL, ctx, out, src, 1, NULL), HS_ENOTFOUND);
    cr_assert(strstr(hs_ctx_errmsg(ctx), "coordinate") != NULL, "%s", hs_ctx_errmsg(ctx));
    cr_assert_eq(access(out, F_OK), -1); /* nothing left behind */
    remove(csv);
    hs_ctx_free(ctx);
}

Test(gazetteer, openstreetmap)
{
    /* town.osm: an addressed node, a named park, a named highway, an addressed building */
    hs_ctx *ctx;
    cr_assert_eq(hs_ctx_new(&ctx), HS_OK);
    char out[1024];
    gaz_path(out, sizeof out, "osm");
    const char *src[] = {HS_TEST_DATA "/geocode/town.osm"};
    hs_gazetteer_stats st;
    cr_assert_eq(hs_gazetteer_build(&st, ctx, out, src, 1, NULL), HS_OK, "%s", hs_ctx_errmsg(ctx));
    cr_assert_eq(st.addresses, 2);
    cr_assert_eq(st.places, 1);
    cr_assert_eq(st.streets, 9); /* 0.004 degrees of line cut into 0.0005-degree pieces */
    hs_gazetteer *g;
    cr_assert_eq(hs_gazetteer_open(&g, ctx, out), HS_OK);
    hs_geocode_result r;
    /* references: echo "58.3800 12.3200" | cs2cs EPSG:4326 EPSG:3006 (1 mm) */
    cr_assert_eq(hs_geocode_one(&r, g, "Testgatan 5 B, 462 30 Vänersborg", 0), HS_OK);
    cr_assert_eq(r.precision, HS_PREC_ADDRESS);
    cr_assert_float_eq(r.x, 343294.744, 1e-3);
    cr_assert_float_eq(r.y, 6474139.739, 1e-3);
    /* the street's middle vertex: echo "58.379 12.321" | cs2cs EPSG:4326 EPSG:3006 */
    cr_assert_eq(hs_geocode_one(&r, g, "Sjövägen", 0), HS_OK);
    cr_assert_eq(r.precision, HS_PREC_STREET);
    cr_assert_float_eq(r.x, 343348.763, 1e-3);
    cr_assert_float_eq(r.y, 6474026.124, 1e-3);
    cr_assert_eq(hs_geocode_one(&r, g, "Folkets park", 0), HS_OK);
    cr_assert_eq(r.precision, HS_PREC_PLACE);
    /* the building: a point on its surface, inside its 0.0002-degree square */
    cr_assert_eq(hs_geocode_one(&r, g, "Testgatan 7", 0), HS_OK);
    cr_assert_eq(r.precision, HS_PREC_ADDRESS);
    cr_assert(r.y > 6474330.0 && r.y < 6474400.0, "%f", r.y);
    hs_gazetteer_close(g);
    remove(out);
    hs_ctx_free(ctx);
}
