/*
 * The gazetteer's SQLite seam: the only geocoding file that includes sqlite3.h. It creates the
 * schema (sources with their date, entries in EPSG:3006, kommuner, an FTS5 trigram index over the
 * labels for SQL users, and the answer cache keyed by the normalised query), bulk-loads entries in
 * one transaction, scans them back for the in-memory index, and reads and writes the cache.
 * It does no matching and no parsing of address text.
 */
#include "core/hs_internal.h"
#include "geocode/geocode.h"

#include <math.h>
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>

struct hs__gazdb {
    hs_ctx *ctx;
    sqlite3 *db;
    sqlite3_stmt *ins_entry, *ins_source, *ins_kommun, *cache_get, *cache_put;
    int in_tx;
};

static const char *const schema =
    "PRAGMA journal_mode=OFF;PRAGMA synchronous=OFF;"
    "CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT);"
    "CREATE TABLE sources(id INTEGER PRIMARY KEY, path TEXT, kind TEXT, date TEXT, n INTEGER);"
    "CREATE TABLE kommuner(code INTEGER PRIMARY KEY, name TEXT);"
    "CREATE TABLE entries(id INTEGER PRIMARY KEY, kind TEXT NOT NULL, street TEXT, number "
    "INTEGER, letter TEXT, postcode TEXT, ort TEXT, kommun_code INTEGER, name TEXT, label TEXT, "
    "x REAL NOT NULL, y REAL NOT NULL, source INTEGER REFERENCES sources(id));"
    "CREATE TABLE cache(query TEXT PRIMARY KEY, x REAL, y REAL, precision INTEGER, score REAL, "
    "kommun_code INTEGER, review INTEGER, label TEXT, second TEXT);"
    "INSERT INTO meta VALUES('crs','EPSG:3006');"
    "INSERT INTO meta VALUES('format','hotspot-gazetteer 1');"
    "BEGIN;";

static const char *const kind_names[] = {"address", "street", "place"};

static int db_fail(hs__gazdb *g, const char *what)
{
    return hs__error(g->ctx, HS_EIO, "gazetteer: %s: %s", what, sqlite3_errmsg(g->db));
}

static int prepare(hs__gazdb *g, sqlite3_stmt **st, const char *sql)
{
    if (sqlite3_prepare_v2(g->db, sql, -1, st, NULL) != SQLITE_OK) {
        return db_fail(g, "prepare");
    }
    return HS_OK;
}

int hs__gazdb_create(hs__gazdb **out, hs_ctx *ctx, const char *path)
{
    *out = NULL;
    hs__gazdb *g = calloc(1, sizeof *g);
    if (!g) {
        return hs__error(ctx, HS_ENOMEM, "gazetteer: out of memory");
    }
    g->ctx = ctx;
    if (sqlite3_open_v2(path, &g->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL) !=
        SQLITE_OK) {
        int rc = hs__error(ctx, HS_EIO, "gazetteer: cannot create '%s': %s", path,
                           g->db ? sqlite3_errmsg(g->db) : "out of memory");
        hs__gazdb_close(g);
        return rc;
    }
    char *err = NULL;
    if (sqlite3_exec(g->db, schema, NULL, NULL, &err) != SQLITE_OK) {
        int rc = hs__error(ctx, HS_EIO, "gazetteer: '%s': %s", path, err ? err : "schema");
        sqlite3_free(err);
        hs__gazdb_close(g);
        return rc;
    }
    g->in_tx = 1;
    int rc = prepare(g, &g->ins_entry,
                     "INSERT INTO entries(kind,street,number,letter,postcode,ort,kommun_code,name,"
                     "label,x,y,source) VALUES(?,?,?,?,?,?,?,?,?,?,?,?)");
    if (rc == HS_OK) {
        rc = prepare(g, &g->ins_source, "INSERT INTO sources VALUES(?,?,?,?,?)");
    }
    if (rc == HS_OK) {
        rc = prepare(g, &g->ins_kommun, "INSERT OR REPLACE INTO kommuner VALUES(?,?)");
    }
    if (rc != HS_OK) {
        hs__gazdb_close(g);
        return rc;
    }
    *out = g;
    return HS_OK;
}

static void bind_text(sqlite3_stmt *st, int i, const char *s)
{
    if (s && *s) {
        sqlite3_bind_text(st, i, s, -1, SQLITE_TRANSIENT);
    } else {
        sqlite3_bind_null(st, i);
    }
}

static int step_reset(hs__gazdb *g, sqlite3_stmt *st, const char *what)
{
    int s = sqlite3_step(st);
    sqlite3_reset(st);
    sqlite3_clear_bindings(st);
    return s == SQLITE_DONE ? HS_OK : db_fail(g, what);
}

int hs__gazdb_add_source(hs__gazdb *g, int id, const char *path, const char *kind, const char *date,
                         int64_t n)
{
    sqlite3_bind_int(g->ins_source, 1, id);
    bind_text(g->ins_source, 2, path);
    bind_text(g->ins_source, 3, kind);
    bind_text(g->ins_source, 4, date);
    sqlite3_bind_int64(g->ins_source, 5, n);
    return step_reset(g, g->ins_source, "insert source");
}

int hs__gazdb_add_kommun(hs__gazdb *g, int code, const char *name)
{
    sqlite3_bind_int(g->ins_kommun, 1, code);
    bind_text(g->ins_kommun, 2, name);
    return step_reset(g, g->ins_kommun, "insert kommun");
}

int hs__gazdb_add(hs__gazdb *g, const hs__gaz_entry *e)
{
    sqlite3_stmt *st = g->ins_entry;
    int k = e->kind >= 0 && e->kind <= HS__GAZ_PLACE ? e->kind : HS__GAZ_PLACE;
    sqlite3_bind_text(st, 1, kind_names[k], -1, SQLITE_STATIC);
    bind_text(st, 2, e->street);
    if (e->number > 0) {
        sqlite3_bind_int(st, 3, e->number);
    }
    bind_text(st, 4, e->letter);
    bind_text(st, 5, e->postcode);
    bind_text(st, 6, e->ort);
    if (e->kommun_code > 0) {
        sqlite3_bind_int(st, 7, e->kommun_code);
    }
    bind_text(st, 8, e->name);
    bind_text(st, 9, e->label);
    sqlite3_bind_double(st, 10, e->x);
    sqlite3_bind_double(st, 11, e->y);
    sqlite3_bind_int(st, 12, e->source);
    return step_reset(g, st, "insert entry");
}

int hs__gazdb_finish(hs__gazdb *g)
{
    static const char *const sql =
        "CREATE INDEX entries_kommun ON entries(kommun_code, street);"
        "CREATE VIRTUAL TABLE entries_fts USING fts5(label, content='entries', "
        "content_rowid='id', tokenize='trigram');"
        "INSERT INTO entries_fts(rowid, label) SELECT id, label FROM entries;"
        "COMMIT;";
    char *err = NULL;
    if (sqlite3_exec(g->db, sql, NULL, NULL, &err) != SQLITE_OK) {
        int rc = hs__error(g->ctx, HS_EIO, "gazetteer: indexing: %s", err ? err : "?");
        sqlite3_free(err);
        return rc;
    }
    g->in_tx = 0;
    return HS_OK;
}

int hs__gazdb_open(hs__gazdb **out, hs_ctx *ctx, const char *path)
{
    *out = NULL;
    hs__gazdb *g = calloc(1, sizeof *g);
    if (!g) {
        return hs__error(ctx, HS_ENOMEM, "gazetteer: out of memory");
    }
    g->ctx = ctx;
    int flags = SQLITE_OPEN_READWRITE;
    if (sqlite3_open_v2(path, &g->db, flags, NULL) != SQLITE_OK) {
        sqlite3_close(g->db);
        g->db = NULL;
        /* a read-only gazetteer still works, without a cache */
        if (sqlite3_open_v2(path, &g->db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK) {
            int rc = hs__error(ctx, HS_ENOTFOUND, "gazetteer: cannot open '%s': %s", path,
                               g->db ? sqlite3_errmsg(g->db) : "out of memory");
            hs__gazdb_close(g);
            return rc;
        }
    }
    sqlite3_stmt *chk = NULL;
    if (sqlite3_prepare_v2(g->db, "SELECT value FROM meta WHERE key='format'", -1, &chk, NULL) !=
            SQLITE_OK ||
        sqlite3_step(chk) != SQLITE_ROW) {
        sqlite3_finalize(chk);
        int rc = hs__error(ctx, HS_EDATA, "gazetteer: '%s' is not a hotspot gazetteer", path);
        hs__gazdb_close(g);
        return rc;
    }
    sqlite3_finalize(chk);
    if (prepare(g, &g->cache_get,
                "SELECT x,y,precision,score,kommun_code,review,label,second FROM cache WHERE "
                "query=?") != HS_OK ||
        (!sqlite3_db_readonly(g->db, "main") &&
         prepare(g, &g->cache_put, "INSERT OR REPLACE INTO cache VALUES(?,?,?,?,?,?,?,?,?)") !=
             HS_OK)) {
        int rc = hs_ctx_errcode(g->ctx) ? hs_ctx_errcode(g->ctx) : HS_EIO;
        hs__gazdb_close(g);
        return rc;
    }
    *out = g;
    return HS_OK;
}

void hs__gazdb_close(hs__gazdb *g)
{
    if (!g) {
        return;
    }
    if (g->in_tx) {
        sqlite3_exec(g->db, "COMMIT", NULL, NULL, NULL);
    }
    sqlite3_finalize(g->ins_entry);
    sqlite3_finalize(g->ins_source);
    sqlite3_finalize(g->ins_kommun);
    sqlite3_finalize(g->cache_get);
    sqlite3_finalize(g->cache_put);
    sqlite3_close(g->db);
    free(g);
}

static const char *col_text(sqlite3_stmt *st, int i)
{
    return (const char *)sqlite3_column_text(st, i);
}

int hs__gazdb_scan(hs__gazdb *g, hs__gaz_entry_fn fn, void *payload)
{
    sqlite3_stmt *st = NULL;
    int rc = prepare(g, &st,
                     "SELECT kind,street,number,letter,postcode,ort,kommun_code,name,label,x,y,"
                     "source FROM entries ORDER BY id");
    if (rc != HS_OK) {
        return rc;
    }
    int s;
    while ((s = sqlite3_step(st)) == SQLITE_ROW) {
        hs__gaz_entry e;
        const char *k = col_text(st, 0);
        e.kind = k && strcmp(k, "address") == 0  ? HS__GAZ_ADDRESS
                 : k && strcmp(k, "street") == 0 ? HS__GAZ_STREET
                                                 : HS__GAZ_PLACE;
        e.street = col_text(st, 1);
        e.number = sqlite3_column_int(st, 2);
        e.letter = col_text(st, 3);
        e.postcode = col_text(st, 4);
        e.ort = col_text(st, 5);
        e.kommun_code = sqlite3_column_int(st, 6);
        e.name = col_text(st, 7);
        e.label = col_text(st, 8);
        e.x = sqlite3_column_double(st, 9);
        e.y = sqlite3_column_double(st, 10);
        e.source = sqlite3_column_int(st, 11);
        rc = fn(payload, &e);
        if (rc != HS_OK) {
            sqlite3_finalize(st);
            return rc;
        }
    }
    if (s != SQLITE_DONE) {
        rc = db_fail(g, "reading entries");
    }
    sqlite3_finalize(st);
    return rc;
}

int hs__gazdb_scan_kommuner(hs__gazdb *g, hs__gaz_kommun_fn fn, void *payload)
{
    sqlite3_stmt *st = NULL;
    int rc = prepare(g, &st, "SELECT code, name FROM kommuner");
    if (rc != HS_OK) {
        return rc;
    }
    while (rc == HS_OK && sqlite3_step(st) == SQLITE_ROW) {
        rc = fn(payload, sqlite3_column_int(st, 0), col_text(st, 1));
    }
    sqlite3_finalize(st);
    return rc;
}

static void copy_col(char *dst, size_t size, sqlite3_stmt *st, int i)
{
    const char *s = col_text(st, i);
    hs__fmt(dst, size, "%s", s ? s : "");
}

/* The cache stores the codes precisions had before "district" (6 kommun, 7 lan, 8 none), so that
 * caches written earlier read back the same; district is 9. */
static int prec_to_cache(hs_precision p)
{
    return p == HS_PREC_DISTRICT ? 9 : (p > HS_PREC_DISTRICT ? (int)p - 1 : (int)p);
}

static hs_precision prec_from_cache(int v)
{
    if (v == 9) {
        return HS_PREC_DISTRICT;
    }
    return v >= 6 && v <= 8 ? (hs_precision)(v + 1)
                            : (v >= 0 && v < 6 ? (hs_precision)v : HS_PREC_NONE);
}

int hs__gazdb_cache_get(hs__gazdb *g, const char *key, hs_geocode_result *out)
{
    sqlite3_stmt *st = g->cache_get;
    sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
    int found = 0;
    if (sqlite3_step(st) == SQLITE_ROW) {
        found = 1;
        out->x = sqlite3_column_type(st, 0) == SQLITE_NULL ? NAN : sqlite3_column_double(st, 0);
        out->y = sqlite3_column_type(st, 1) == SQLITE_NULL ? NAN : sqlite3_column_double(st, 1);
        out->precision = prec_from_cache(sqlite3_column_int(st, 2));
        out->score = sqlite3_column_double(st, 3);
        out->kommun_code = sqlite3_column_int(st, 4);
        out->review = (hs_review_reason)sqlite3_column_int(st, 5);
        copy_col(out->label, sizeof out->label, st, 6);
        copy_col(out->second, sizeof out->second, st, 7);
    }
    sqlite3_reset(st);
    sqlite3_clear_bindings(st);
    return found;
}

int hs__gazdb_cache_put(hs__gazdb *g, const char *key, const hs_geocode_result *r)
{
    sqlite3_stmt *st = g->cache_put;
    if (!st) {
        return HS_OK; /* read-only gazetteer: no cache */
    }
    sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
    if (!isnan(r->x)) {
        sqlite3_bind_double(st, 2, r->x);
        sqlite3_bind_double(st, 3, r->y);
    }
    sqlite3_bind_int(st, 4, prec_to_cache(r->precision));
    sqlite3_bind_double(st, 5, r->score);
    sqlite3_bind_int(st, 6, r->kommun_code);
    sqlite3_bind_int(st, 7, (int)r->review);
    bind_text(st, 8, r->label);
    bind_text(st, 9, r->second);
    return step_reset(g, st, "writing the cache");
}

int hs__gazdb_begin(hs__gazdb *g)
{
    if (g->in_tx || !g->cache_put) {
        return HS_OK;
    }
    if (sqlite3_exec(g->db, "BEGIN", NULL, NULL, NULL) != SQLITE_OK) {
        return db_fail(g, "begin");
    }
    g->in_tx = 1;
    return HS_OK;
}

int hs__gazdb_commit(hs__gazdb *g)
{
    if (!g->in_tx) {
        return HS_OK;
    }
    g->in_tx = 0;
    if (sqlite3_exec(g->db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK) {
        return db_fail(g, "commit");
    }
    return HS_OK;
}
