/*
 * SQL quoting in the GeoPackage writer: layer, field and parameter names taken from user input
 * (quotes, semicolons, SQL comments, brackets, spaces, Swedish letters) must land in the file
 * verbatim as identifiers and values must round-trip byte for byte, with no statement injected
 * and the file whole (PRAGMA integrity_check). Checked by reading the file back with SQLite.
 */
#include <criterion/criterion.h>

#include "hotspot.h"

#include <sqlite3.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static const char *const hostile_names[] = {
    "plain",
    "with space",
    "dq\"inside",
    "sq'inside",
    "x\"; DROP TABLE gpkg_contents; --",
    "x'); DELETE FROM gpkg_spatial_ref_sys; --",
    "[bracket]",
    "`back`tick`",
    "brott_åäö_ÅÄÖ",
    "semi;colon",
    "percent%s%n%w%q",
};
#define N_NAMES (sizeof hostile_names / sizeof hostile_names[0])

static const char *const hostile_values[] = {
    "'); DROP TABLE incidents; --", "\"", "''", "%s%n", "=cmd|' /C calc'!A0", "Ågatan 7",
};
#define N_VALUES (sizeof hostile_values / sizeof hostile_values[0])

static void tmp_path(char *buf, size_t n, const char *tag)
{
    snprintf(buf, n, "/tmp/hs_sqlq_%ld_%s.gpkg", (long)getpid(), tag);
    unlink(buf);
}

static int64_t count_sql(sqlite3 *db, const char *sql, const char *bind)
{
    sqlite3_stmt *st = NULL;
    cr_assert_eq(sqlite3_prepare_v2(db, sql, -1, &st, NULL), SQLITE_OK, "%s: %s", sql,
                 sqlite3_errmsg(db));
    if (bind) {
        sqlite3_bind_text(st, 1, bind, -1, SQLITE_TRANSIENT);
    }
    int64_t n = -1;
    if (sqlite3_step(st) == SQLITE_ROW) {
        n = sqlite3_column_int64(st, 0);
    }
    sqlite3_finalize(st);
    return n;
}

/* Writes one layer named name whose two fields are named fa/fb, with one row per hostile value. */
static void write_layer(const char *path, const char *name, hs_geom_kind kind, const char *fa,
                        const char *fb)
{
    hs_ctx *ctx = NULL;
    cr_assert_eq(hs_ctx_new(&ctx), HS_OK);
    hs_gpkg *g = NULL;
    hs_gpkg_opts o = HS_GPKG_OPTS_INIT;
    cr_assert_eq(hs_gpkg_open(&g, ctx, path, &o), HS_OK, "%s", hs_ctx_errmsg(ctx));
    hs_field_def f[2] = {{fa, HS_FIELD_TEXT}, {fb, HS_FIELD_INT}};
    cr_assert_eq(hs_gpkg_layer_begin(g, name, kind, f, 2), HS_OK, "layer '%s': %s", name,
                 hs_ctx_errmsg(ctx));
    for (size_t i = 0; i < N_VALUES; i++) {
        hs_value v[2] = {{0, 0, 0, hostile_values[i]}, {0, (int64_t)i, 0, NULL}};
        hs_geom pt = {HS_GEOM_POINT, 358000.0 + (double)i, 6584000.0, NULL, NULL, 0};
        cr_assert_eq(hs_gpkg_add_row(g, kind == HS_GEOM_NONE ? NULL : &pt, v), HS_OK, "%s",
                     hs_ctx_errmsg(ctx));
    }
    cr_assert_eq(hs_gpkg_set_param(g, name, hostile_values[0], "given"), HS_OK, "%s",
                 hs_ctx_errmsg(ctx));
    cr_assert_eq(hs_gpkg_commit(g), HS_OK, "layer '%s': %s", name, hs_ctx_errmsg(ctx));
    hs_gpkg_close(g);
    hs_ctx_free(ctx);
}

/* The layer is in the file under exactly its name, with every value intact. */
static void check_layer(const char *path, const char *name, const char *fa, const char *fb)
{
    sqlite3 *db = NULL;
    cr_assert_eq(sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
    cr_expect_eq(
        count_sql(db, "SELECT count(*) FROM sqlite_master WHERE type='table' AND name=?1", name), 1,
        "table '%s' missing", name);
    cr_expect_eq(count_sql(db, "SELECT count(*) FROM gpkg_contents WHERE table_name=?1", name), 1,
                 "gpkg_contents has no row for '%s'", name);
    cr_expect_gt(count_sql(db, "SELECT count(*) FROM gpkg_spatial_ref_sys", NULL), 0);
    cr_expect_eq(count_sql(db, "SELECT count(*) FROM run WHERE key=?1", name), 1,
                 "run parameter '%s' missing", name);
    /* Read back with identifiers quoted here by SQLite's own %w. */
    char *sql =
        sqlite3_mprintf("SELECT \"%w\", \"%w\" FROM \"%w\" ORDER BY \"%w\"", fa, fb, name, fb);
    sqlite3_stmt *st = NULL;
    cr_assert_eq(sqlite3_prepare_v2(db, sql, -1, &st, NULL), SQLITE_OK, "%s: %s", sql,
                 sqlite3_errmsg(db));
    size_t i = 0;
    while (sqlite3_step(st) == SQLITE_ROW) {
        cr_assert_lt(i, N_VALUES);
        const char *s = (const char *)sqlite3_column_text(st, 0);
        cr_expect_str_eq(s ? s : "(null)", hostile_values[i]);
        cr_expect_eq(sqlite3_column_int64(st, 1), (int64_t)i);
        i++;
    }
    cr_expect_eq(i, N_VALUES, "layer '%s' has %zu rows", name, i);
    sqlite3_finalize(st);
    sqlite3_free(sql);
    sqlite3_stmt *ic = NULL;
    cr_assert_eq(sqlite3_prepare_v2(db, "PRAGMA integrity_check", -1, &ic, NULL), SQLITE_OK);
    cr_assert_eq(sqlite3_step(ic), SQLITE_ROW);
    cr_expect_str_eq((const char *)sqlite3_column_text(ic, 0), "ok");
    sqlite3_finalize(ic);
    sqlite3_close(db);
}

Test(sql_quoting, hostile_layer_names_points)
{
    for (size_t k = 0; k < N_NAMES; k++) {
        char path[256];
        tmp_path(path, sizeof path, "pt");
        write_layer(path, hostile_names[k], HS_GEOM_POINT, "text", "n");
        check_layer(path, hostile_names[k], "text", "n");
        unlink(path);
    }
}

Test(sql_quoting, hostile_layer_names_attributes)
{
    for (size_t k = 0; k < N_NAMES; k++) {
        char path[256];
        tmp_path(path, sizeof path, "attr");
        write_layer(path, hostile_names[k], HS_GEOM_NONE, "text", "n");
        check_layer(path, hostile_names[k], "text", "n");
        unlink(path);
    }
}

Test(sql_quoting, hostile_field_names)
{
    for (size_t k = 0; k + 1 < N_NAMES; k++) {
        char path[256];
        tmp_path(path, sizeof path, "fields");
        write_layer(path, "layer", HS_GEOM_POINT, hostile_names[k], hostile_names[k + 1]);
        check_layer(path, "layer", hostile_names[k], hostile_names[k + 1]);
        unlink(path);
    }
}
