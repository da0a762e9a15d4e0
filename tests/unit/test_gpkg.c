/*
 * Tests of the GeoPackage writer (gpkg_sqlite.c, gpkg_meta_sqlite.c, gpkg_blob.c,
 * gpkg_records.c): geometry blobs byte by byte, local ISO 8601 times, the tables and values
 * written (read back with SQLite), the spatial index, styles and run metadata, and atomic
 * replacement (an existing file is untouched until commit; closing without commit leaves nothing).
 */
#include "core/hs_internal.h"
#include "gpkg/gpkg.h"

#include <criterion/criterion.h>
#include <math.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static char g_dir[256];

static void make_dir(void)
{
    hs__fmt(g_dir, sizeof g_dir, "%s/tests/gpkg-tmp", HS_BINARY_DIR);
    mkdir(g_dir, 0755);
}

static void path_in(char *buf, size_t n, const char *name)
{
    hs__fmt(buf, n, "%s/%s", g_dir, name);
    unlink(buf);
}

static int64_t q_int(sqlite3 *db, const char *sql)
{
    sqlite3_stmt *st = NULL;
    cr_assert_eq(sqlite3_prepare_v2(db, sql, -1, &st, NULL), SQLITE_OK, "%s: %s", sql,
                 sqlite3_errmsg(db));
    cr_assert_eq(sqlite3_step(st), SQLITE_ROW, "%s", sql);
    int64_t v = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    return v;
}

static char *q_text(sqlite3 *db, const char *sql)
{
    sqlite3_stmt *st = NULL;
    cr_assert_eq(sqlite3_prepare_v2(db, sql, -1, &st, NULL), SQLITE_OK, "%s: %s", sql,
                 sqlite3_errmsg(db));
    cr_assert_eq(sqlite3_step(st), SQLITE_ROW, "%s", sql);
    const unsigned char *t = sqlite3_column_text(st, 0);
    char *v = hs__strdup(t ? (const char *)t : "(null)");
    sqlite3_finalize(st);
    return v;
}

static void expect_text(sqlite3 *db, const char *sql, const char *want)
{
    char *v = q_text(db, sql);
    cr_expect_str_eq(v, want, "%s", sql);
    free(v);
}

Test(gpkg, point_blob_bytes)
{
    unsigned char *buf = NULL;
    size_t cap = 0;
    size_t len = 0;
    hs_bbox box;
    hs_geom p = {HS_GEOM_POINT, 1.0, -2.0, NULL, NULL, 0};
    cr_assert_eq(hs__gpkg_blob(&buf, &cap, &len, &box, &p, HS_GEOM_POINT, 3006), HS_OK);
    /* GP, version 0, flags 1 (LE, no envelope), srs 3006 LE, WKB LE point(1, -2) */
    const unsigned char want[29] = {'G', 'P', 0, 1, 0xBE, 0x0B, 0, 0, 1, 1, 0, 0, 0, 0,   0,
                                    0,   0,   0, 0, 0xF0, 0x3F, 0, 0, 0, 0, 0, 0, 0, 0xC0};
    cr_assert_eq(len, 29);
    cr_expect_eq(memcmp(buf, want, 29), 0);
    hs_bbox b2;
    cr_expect_eq(hs__gpkg_blob_envelope(&b2, buf, len), HS_OK);
    cr_expect_eq(b2.xmin, 1.0);
    cr_expect_eq(b2.ymax, -2.0);
    free(buf);
}

Test(gpkg, polygon_blob_closes_ring_and_envelope)
{
    hs_point pts[3] = {{0, 0}, {4, 0}, {4, 3}};
    size_t rl[1] = {3};
    hs_geom g = {HS_GEOM_POLYGON, 0, 0, pts, rl, 1};
    unsigned char *buf = NULL;
    size_t cap = 0;
    size_t len = 0;
    hs_bbox box;
    cr_assert_eq(hs__gpkg_blob(&buf, &cap, &len, &box, &g, HS_GEOM_POLYGON, 3006), HS_OK);
    /* 8 header + 32 envelope + 1 + 4 + 4 + 4 + 4 points * 16 */
    cr_expect_eq(len, 8 + 32 + 13 + 64);
    cr_expect_eq(buf[3], 3); /* LE + xy envelope */
    hs_bbox b;
    cr_assert_eq(hs__gpkg_blob_envelope(&b, buf, len), HS_OK);
    cr_expect(b.xmin == 0 && b.xmax == 4 && b.ymin == 0 && b.ymax == 3);
    cr_expect_eq(buf[40 + 9], 4); /* ring of 4 points (closed) */
    /* multipolygon: second ring of the same orientation starts a second polygon */
    hs_point mp[8] = {{0, 0}, {1, 0}, {1, 1}, {0, 1}, {5, 5}, {6, 5}, {6, 6}, {5, 6}};
    size_t mrl[2] = {4, 4};
    hs_geom m = {HS_GEOM_MULTIPOLYGON, 0, 0, mp, mrl, 2};
    cr_assert_eq(hs__gpkg_blob(&buf, &cap, &len, &box, &m, HS_GEOM_MULTIPOLYGON, 3006), HS_OK);
    cr_expect_eq(buf[40 + 1], 6); /* multipolygon */
    cr_expect_eq(buf[40 + 5], 2); /* two polygons */
    cr_expect_eq(box.xmax, 6.0);
    free(buf);
}

Test(gpkg, iso8601_local_offsets)
{
    char buf[32];
    /* 2024-07-01T12:00:00Z is 14:00 CEST */
    hs_tz_format(buf, HS_TZ_STOCKHOLM, hs_days_from_civil(2024, 7, 1) * 86400 + 12 * 3600);
    cr_expect_str_eq(buf, "2024-07-01T14:00:00+02:00");
    /* 2024-01-15T23:30:00Z is 00:30 CET the next day */
    hs_tz_format(buf, HS_TZ_STOCKHOLM, hs_days_from_civil(2024, 1, 15) * 86400 + 23 * 3600 + 1800);
    cr_expect_str_eq(buf, "2024-01-16T00:30:00+01:00");
}

static void write_sample(const char *path, int overwrite, int commit)
{
    hs_ctx *ctx = NULL;
    cr_assert_eq(hs_ctx_new(&ctx), HS_OK);
    hs_gpkg_opts o = HS_GPKG_OPTS_INIT;
    o.overwrite = overwrite;
    hs_gpkg *g = NULL;
    cr_assert_eq(hs_gpkg_open(&g, ctx, path, &o), HS_OK, "%s", hs_ctx_errmsg(ctx));
    hs_records *r = NULL;
    cr_assert_eq(hs_records_new(&r), HS_OK);
    hs_record rec = HS_RECORD_INIT;
    rec.id = "K-1";
    rec.source = "utdrag.csv";
    rec.x = 345100.0;
    rec.y = 6472300.0;
    rec.t_from = hs_days_from_civil(2024, 7, 1) * 86400 + 20 * 3600;
    rec.precision = HS_PREC_EXACT;
    rec.category = "skadegörelse";
    rec.focus_area = "trygghet i offentlig miljö";
    rec.kommun_code = 883;
    rec.geocode_score = 1.0;
    rec.address = "Storgatan 12";
    cr_assert_eq(hs_records_add(r, &rec), HS_OK);
    rec.id = "K-2";
    rec.x = 345900.0;
    rec.y = 6472900.0;
    rec.precision = HS_PREC_ADDRESS;
    rec.t_to = rec.t_from + 3600;
    cr_assert_eq(hs_records_add(r, &rec), HS_OK);
    rec.id = "K-3";
    rec.precision = HS_PREC_NONE; /* never written */
    cr_assert_eq(hs_records_add(r, &rec), HS_OK);
    hs_records_set_crs(r, 3006);
    hs_grid_spec grid = {345000, 6472250, 250, 4, 4};
    cr_assert_eq(hs_gpkg_write_incidents(g, r, &grid), HS_OK, "%s", hs_ctx_errmsg(ctx));
    hs_records_free(r);

    hs_rejects *rj = NULL;
    cr_assert_eq(hs_rejects_new(&rj), HS_OK);
    hs_reject x = {"utdrag.csv", 7, "X-koordinat", "6 48x 123", "bad_number"};
    cr_assert_eq(hs_rejects_add(rj, &x), HS_OK);
    cr_assert_eq(hs_rejects_add(rj, &x), HS_OK);
    cr_assert_eq(hs_gpkg_write_rejects(g, rj), HS_OK);
    hs_rejects_free(rj);

    hs_field_def f[2] = {{"gi_bin", HS_FIELD_INT}, {"gi_z", HS_FIELD_REAL}};
    cr_assert_eq(hs_gpkg_layer_begin(g, "gistar", HS_GEOM_POLYGON, f, 2), HS_OK);
    hs_point sq[4] = {{345000, 6472250}, {345250, 6472250}, {345250, 6472500}, {345000, 6472500}};
    size_t rl[1] = {4};
    hs_geom geom = {HS_GEOM_POLYGON, 0, 0, sq, rl, 1};
    hs_value v[2] = {{0, 3, 0, NULL}, {0, 0, 2.9, NULL}};
    cr_assert_eq(hs_gpkg_add_row(g, &geom, v), HS_OK);
    cr_assert_eq(hs_gpkg_set_param(g, "cell", "250", "auto"), HS_OK);
    cr_assert_eq(hs_gpkg_set_param(g, "alpha", "0.05", "given"), HS_OK);
    char input[300];
    hs__fmt(input, sizeof input, "%s/styles/gistar.style", HS_SOURCE_DIR);
    cr_assert_eq(hs_gpkg_add_input(g, input, 42), HS_OK);
    cr_assert_eq(hs_gpkg_set_command(g, "hotspot gistar utdrag.csv -o out.gpkg"), HS_OK);
    if (commit) {
        cr_assert_eq(hs_gpkg_commit(g), HS_OK, "%s", hs_ctx_errmsg(ctx));
    }
    hs_gpkg_close(g);
    hs_ctx_free(ctx);
}

Test(gpkg, writes_layers_index_styles_metadata)
{
    make_dir();
    char path[300];
    path_in(path, sizeof path, "sample.gpkg");
    write_sample(path, 0, 1);
    sqlite3 *db = NULL;
    cr_assert_eq(sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
    cr_expect_eq(q_int(db, "PRAGMA application_id"), 0x47504B47);
    expect_text(db, "PRAGMA integrity_check", "ok");
    cr_expect_eq(q_int(db, "SELECT count(*) FROM incidents"), 2);
    cr_expect_eq(q_int(db, "SELECT count(*) FROM rtree_incidents_geom"), 2);
    cr_expect_eq(q_int(db, "SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND "
                           "name LIKE 'rtree_incidents_geom_%'"),
                 6);
    expect_text(db, "SELECT t_from FROM incidents WHERE id = 'K-1'", "2024-07-01T22:00:00+02:00");
    expect_text(db, "SELECT t_to FROM incidents WHERE id = 'K-2'", "2024-07-01T23:00:00+02:00");
    expect_text(db, "SELECT coalesce(t_to, 'null') FROM incidents WHERE id = 'K-1'", "null");
    expect_text(db, "SELECT precision FROM incidents WHERE id = 'K-2'", "address");
    expect_text(db, "SELECT kommun_code FROM incidents WHERE id = 'K-1'", "0883");
    expect_text(db, "SELECT cell_id FROM incidents WHERE id = 'K-1'", "3450006472250");
    expect_text(db, "SELECT typeof(geocode_score) FROM incidents LIMIT 1", "real");
    cr_expect_eq(q_int(db, "SELECT count(*) FROM pragma_table_info('incidents') WHERE name IN "
                           "('address', 'label')"),
                 0);
    expect_text(db, "SELECT type FROM pragma_table_info('incidents') WHERE name = 't_from'",
                "DATETIME");
    cr_expect_eq(q_int(db, "SELECT min_x FROM gpkg_contents WHERE table_name = 'incidents'"),
                 345100);
    cr_expect_eq(q_int(db, "SELECT max_y FROM gpkg_contents WHERE table_name = 'incidents'"),
                 6472900);
    cr_expect_eq(q_int(db, "SELECT srs_id FROM gpkg_geometry_columns WHERE table_name = 'gistar'"),
                 3006);
    cr_expect_eq(q_int(db, "SELECT count(*) FROM gpkg_spatial_ref_sys WHERE srs_id IN (-1, 0, "
                           "4326, 3006)"),
                 4);
    cr_expect_eq(q_int(db, "SELECT count(*) FROM rejects WHERE reason = 'bad_number'"), 2);
    expect_text(db, "SELECT data_type FROM gpkg_contents WHERE table_name = 'rejects'",
                "attributes");
    expect_text(db, "SELECT identifier FROM gpkg_contents WHERE table_name = 'gistar'",
                "Heta och kalla områden (Gi*)");
    cr_expect_eq(q_int(db, "SELECT count(*) FROM layer_styles WHERE useAsDefault = 1"), 2);
    cr_expect_eq(q_int(db, "SELECT instr(styleQML, 'attr=\"gi_bin\"') > 0 FROM layer_styles "
                           "WHERE f_table_name = 'gistar'"),
                 1);
    expect_text(db, "SELECT value FROM run WHERE key = 'cell'", "250");
    expect_text(db, "SELECT how FROM run WHERE key = 'cell'", "auto");
    expect_text(db, "SELECT value FROM run WHERE key = 'rejects.bad_number'", "2");
    expect_text(db, "SELECT value FROM run WHERE key = 'input.1.rows'", "42");
    expect_text(db, "SELECT value FROM run WHERE key = 'tool_version'", hs_version());
    char *digest = q_text(db, "SELECT value FROM run WHERE key = 'input.1.sha256'");
    char input[300];
    char want[65];
    hs__fmt(input, sizeof input, "%s/styles/gistar.style", HS_SOURCE_DIR);
    cr_assert_eq(hs__sha256_file(want, input), HS_OK);
    cr_expect_str_eq(digest, want);
    free(digest);
    cr_expect_eq(q_int(db, "SELECT count(*) FROM gpkg_metadata WHERE mime_type = "
                           "'application/json' AND instr(metadata, '\"alpha\"') > 0"),
                 1);
    cr_expect_eq(q_int(db, "SELECT count(*) FROM gpkg_metadata_reference WHERE "
                           "reference_scope = 'geopackage' AND md_file_id = 1"),
                 1);
    sqlite3_close(db);
    unlink(path);
}

static long file_size(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 ? (long)st.st_size : -1;
}

Test(gpkg, atomic_replace)
{
    make_dir();
    char path[300];
    path_in(path, sizeof path, "atomic.gpkg");
    FILE *f = fopen(path, "w");
    cr_assert_not_null(f);
    fputs("previous", f);
    fclose(f);
    hs_ctx *ctx = NULL;
    cr_assert_eq(hs_ctx_new(&ctx), HS_OK);
    hs_gpkg *g = NULL;
    hs_gpkg_opts o = HS_GPKG_OPTS_INIT;
    cr_expect_eq(hs_gpkg_open(&g, ctx, path, &o), HS_EEXIST);
    cr_expect_null(g);
    /* overwrite, but abandon: the previous file stays, the temporary goes */
    o.overwrite = 1;
    cr_assert_eq(hs_gpkg_open(&g, ctx, path, &o), HS_OK);
    char tmp[400];
    hs__fmt(tmp, sizeof tmp, "%s", hs_gpkg_temp_path(g));
    cr_expect_gt(file_size(tmp), 0);
    hs_field_def fd = {"n", HS_FIELD_INT};
    cr_assert_eq(hs_gpkg_layer_begin(g, "t", HS_GEOM_NONE, &fd, 1), HS_OK);
    hs_gpkg_close(g);
    cr_expect_eq(file_size(path), 8);
    cr_expect_eq(file_size(tmp), -1);
    /* an abandoned write with records */
    write_sample(path, 1, 0);
    cr_expect_eq(file_size(path), 8);
    /* committed: replaced */
    write_sample(path, 1, 1);
    cr_expect_gt(file_size(path), 8);
    hs_ctx_free(ctx);
    unlink(path);
}

Test(gpkg, rejects_bad_use)
{
    make_dir();
    char path[300];
    path_in(path, sizeof path, "bad.gpkg");
    hs_ctx *ctx = NULL;
    cr_assert_eq(hs_ctx_new(&ctx), HS_OK);
    hs_gpkg *g = NULL;
    cr_assert_eq(hs_gpkg_open(&g, ctx, path, NULL), HS_OK);
    hs_value v = {0, 1, 0, NULL};
    cr_expect_eq(hs_gpkg_add_row(g, NULL, &v), HS_EINVAL); /* no layer */
    hs_field_def fd = {"fid", HS_FIELD_INT};
    cr_expect_eq(hs_gpkg_layer_begin(g, "t", HS_GEOM_NONE, &fd, 1), HS_EINVAL);
    hs_field_def ok = {"n", HS_FIELD_INT};
    cr_expect_eq(hs_gpkg_layer_begin(g, "u", HS_GEOM_NONE, &ok, 1), HS_OK);
    cr_expect_eq(hs_gpkg_layer_begin(g, "U", HS_GEOM_NONE, &ok, 1), HS_EINVAL); /* twice */
    cr_expect_eq(hs_gpkg_add_input(g, "/nonexistent/input.csv", 1), HS_EIO);
    hs_gpkg_close(g);
    cr_expect_eq(file_size(path), -1);
    hs_gpkg_close(NULL);
    hs_ctx_free(ctx);
}

/* The packed R-tree passes SQLite's rtreecheck and answers window queries exactly like a scan. */
Test(gpkg, rtree_bulk_load_matches_scan)
{
    make_dir();
    char path[300];
    path_in(path, sizeof path, "rtree.gpkg");
    hs_ctx *ctx = NULL;
    cr_assert_eq(hs_ctx_new(&ctx), HS_OK);
    hs_gpkg *g = NULL;
    cr_assert_eq(hs_gpkg_open(&g, ctx, path, NULL), HS_OK);
    hs_field_def fd = {"k", HS_FIELD_INT};
    cr_assert_eq(hs_gpkg_layer_begin(g, "pts", HS_GEOM_POINT, &fd, 1), HS_OK);
    uint64_t s = 12345;
    for (int i = 0; i < 6000; i++) {
        s = s * 6364136223846793005ULL + 1442695040888963407ULL;
        double x = 300000 + (double)(s >> 40) / 16777216.0 * 50000;
        s = s * 6364136223846793005ULL + 1442695040888963407ULL;
        double y = 6400000 + (double)(s >> 40) / 16777216.0 * 50000;
        hs_geom p = {HS_GEOM_POINT, x, y, NULL, NULL, 0};
        hs_value v = {0, i, 0, NULL};
        cr_assert_eq(hs_gpkg_add_row(g, i % 500 == 7 ? NULL : &p, &v), HS_OK);
    }
    cr_assert_eq(hs_gpkg_commit(g), HS_OK, "%s", hs_ctx_errmsg(ctx));
    hs_gpkg_close(g);
    hs_ctx_free(ctx);
    sqlite3 *db = NULL;
    cr_assert_eq(sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
    expect_text(db, "SELECT rtreecheck('rtree_pts_geom')", "ok");
    cr_expect_eq(q_int(db, "SELECT count(*) FROM rtree_pts_geom"), 6000 - 12);
    cr_expect_eq(q_int(db, "SELECT count(*) FROM pts WHERE geom IS NULL"), 12);
    /* window query through the index against the exact coordinates decoded from the blobs */
    const char *win = "minx <= 320000 AND maxx >= 310000 AND miny <= 6430000 AND maxy >= 6415000";
    char sql[512];
    hs__fmt(sql, sizeof sql, "SELECT count(*) FROM rtree_pts_geom WHERE %s", win);
    int64_t via_index = q_int(db, sql);
    sqlite3_stmt *st = NULL;
    cr_assert_eq(sqlite3_prepare_v2(db, "SELECT geom FROM pts WHERE geom NOT NULL", -1, &st, NULL),
                 SQLITE_OK);
    int64_t scan = 0;
    while (sqlite3_step(st) == SQLITE_ROW) {
        hs_bbox b;
        cr_assert_eq(hs__gpkg_blob_envelope(&b, sqlite3_column_blob(st, 0),
                                            (size_t)sqlite3_column_bytes(st, 0)),
                     HS_OK);
        scan += b.xmin <= 320000 && b.xmin >= 310000 && b.ymin <= 6430000 && b.ymin >= 6415000;
    }
    sqlite3_finalize(st);
    cr_expect_gt(scan, 100);
    /* float32 boxes rounded outwards may only add candidates on the window's edge, none here */
    cr_expect_eq(via_index, scan);
    sqlite3_close(db);
    unlink(path);
}

/* A cancelled run (hs_ctx_cancel, as the CLI does on SIGINT) stops writing and leaves no file. */
Test(gpkg, cancel_leaves_nothing)
{
    make_dir();
    char path[300];
    path_in(path, sizeof path, "cancel.gpkg");
    hs_ctx *ctx = NULL;
    cr_assert_eq(hs_ctx_new(&ctx), HS_OK);
    hs_gpkg *g = NULL;
    cr_assert_eq(hs_gpkg_open(&g, ctx, path, NULL), HS_OK);
    hs_field_def fd = {"k", HS_FIELD_INT};
    cr_assert_eq(hs_gpkg_layer_begin(g, "t", HS_GEOM_NONE, &fd, 1), HS_OK);
    hs_ctx_cancel(ctx);
    int rc = HS_OK;
    for (int i = 0; i < 20000 && rc == HS_OK; i++) {
        hs_value v = {0, i, 0, NULL};
        rc = hs_gpkg_add_row(g, NULL, &v);
    }
    cr_expect_eq(rc, HS_ECANCEL);
    char tmp[400];
    hs__fmt(tmp, sizeof tmp, "%s", hs_gpkg_temp_path(g));
    hs_gpkg_close(g);
    cr_expect_eq(file_size(path), -1);
    cr_expect_eq(file_size(tmp), -1);
    hs_ctx_free(ctx);
}

/* Two layers given the same title still commit: the second identifier names its table. */
Test(gpkg, duplicate_titles_stay_unique)
{
    make_dir();
    char path[300];
    path_in(path, sizeof path, "titles.gpkg");
    hs_ctx *ctx = NULL;
    cr_assert_eq(hs_ctx_new(&ctx), HS_OK);
    hs_gpkg *g = NULL;
    cr_assert_eq(hs_gpkg_open(&g, ctx, path, NULL), HS_OK);
    hs_field_def fd = {"gi_bin", HS_FIELD_INT};
    cr_assert_eq(hs_gpkg_layer_begin(g, "gistar", HS_GEOM_POINT, &fd, 1), HS_OK);
    cr_assert_eq(hs_gpkg_layer_begin(g, "gistar_otrygghet", HS_GEOM_POINT, &fd, 1), HS_OK);
    cr_assert_eq(hs_gpkg_set_style(g, "gistar"), HS_OK);
    cr_assert_eq(hs_gpkg_set_title(g, "Heta och kalla områden (Gi*)"), HS_OK);
    cr_expect_eq(hs_gpkg_set_style(g, "nope"), HS_ENOTFOUND);
    cr_assert_eq(hs_gpkg_commit(g), HS_OK, "%s", hs_ctx_errmsg(ctx));
    hs_gpkg_close(g);
    hs_ctx_free(ctx);
    sqlite3 *db = NULL;
    cr_assert_eq(sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
    expect_text(db, "SELECT identifier FROM gpkg_contents WHERE table_name = 'gistar_otrygghet'",
                "Heta och kalla områden (Gi*) (gistar_otrygghet)");
    cr_expect_eq(q_int(db, "SELECT count(*) FROM layer_styles"), 2);
    sqlite3_close(db);
    unlink(path);
}
