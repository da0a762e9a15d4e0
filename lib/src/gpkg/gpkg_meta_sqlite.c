/*
 * The parts of a GeoPackage written around the data: the QGIS styles in
 * layer_styles (QML from the built-in styles, default on open), and the run's metadata: a `run`
 * table (key, value, how) and the same as JSON in gpkg_metadata / gpkg_metadata_reference.
 * Called by gpkg_sqlite.c inside its transaction; never touches the target file itself.
 */
#include "core/hs_internal.h"
#include "gpkg/gpkg.h"
#include "style/style.h"

#include <sqlite3.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* ---- styles ---- */

static const char layer_styles_sql[] =
    "CREATE TABLE IF NOT EXISTS layer_styles (id INTEGER PRIMARY KEY AUTOINCREMENT, "
    "f_table_catalog TEXT(256), f_table_schema TEXT(256), f_table_name TEXT(256), "
    "f_geometry_column TEXT(256), styleName TEXT(30), styleQML TEXT, styleSLD TEXT, useAsDefault "
    "BOOLEAN, description TEXT, owner TEXT(30), ui TEXT(30), update_time DATETIME DEFAULT "
    "(strftime('%Y-%m-%dT%H:%M:%fZ','now')));"
    "INSERT OR IGNORE INTO gpkg_contents (table_name, data_type, identifier, description, "
    "srs_id) VALUES ('layer_styles', 'attributes', 'layer_styles', 'QGIS styles', 0);";

int hs__gpkg_write_styles(hs_gpkg *g)
{
    int any = 0;
    for (size_t i = 0; i < g->nlayers; i++) {
        any |= g->layers[i].style != NULL && g->layers[i].kind != HS_GEOM_NONE;
    }
    if (!any) {
        return HS_OK;
    }
    int rc = hs__gpkg_exec(g, layer_styles_sql);
    const char *lang = hs_ctx_lang(g->ctx);
    for (size_t i = 0; i < g->nlayers && !rc; i++) {
        gp_layer *L = &g->layers[i];
        if (!L->style || L->kind == HS_GEOM_NONE) {
            continue;
        }
        char *qml = NULL;
        rc =
            hs__style_qml_geom(&qml, L->style, lang, L->kind == HS_GEOM_LINESTRING ? "line" : NULL);
        if (rc) {
            return hs__error(g->ctx, rc, "%s: style '%s' for layer '%s'", g->path, L->style->kind,
                             L->name);
        }
        rc = hs__gpkg_execf(g,
                            sqlite3_mprintf("INSERT INTO layer_styles (f_table_catalog, "
                                            "f_table_schema, f_table_name, f_geometry_column, "
                                            "styleName, styleQML, styleSLD, useAsDefault, "
                                            "description, owner) VALUES ('', '', %Q, 'geom', "
                                            "%Q, %Q, '', 1, %Q, '')",
                                            L->name, L->name, qml, hs_style_title(L->style, lang)));
        free(qml);
    }
    return rc;
}

/* ---- run metadata ---- */

static int add_kv(hs_gpkg *g, const char *k, const char *v, const char *how)
{
    void *buf = g->kv;
    if (hs__grow(&buf, &g->cap_kv, g->nkv + 1, sizeof *g->kv)) {
        return hs__error(g->ctx, HS_ENOMEM, "out of memory");
    }
    g->kv = buf;
    gp_kv *e = &g->kv[g->nkv++];
    e->k = hs__strdup(k);
    e->v = hs__strdup(v ? v : "");
    e->how = hs__strdup(how ? how : "given");
    if (!e->k || !e->v || !e->how) {
        return hs__error(g->ctx, HS_ENOMEM, "out of memory");
    }
    return HS_OK;
}

int hs_gpkg_set_param(hs_gpkg *g, const char *name, const char *value, const char *how)
{
    if (!g || !name || !*name) {
        return hs__error(g ? g->ctx : NULL, HS_EINVAL, "hs_gpkg_set_param: invalid arguments");
    }
    for (size_t i = 0; i < g->nkv; i++) {
        if (!strcmp(g->kv[i].k, name)) {
            char *v = hs__strdup(value ? value : "");
            char *h = hs__strdup(how ? how : "given");
            if (!v || !h) {
                free(v);
                free(h);
                return hs__error(g->ctx, HS_ENOMEM, "out of memory");
            }
            free(g->kv[i].v);
            free(g->kv[i].how);
            g->kv[i].v = v;
            g->kv[i].how = h;
            return HS_OK;
        }
    }
    return add_kv(g, name, value, how);
}

int hs_gpkg_set_command(hs_gpkg *g, const char *command)
{
    if (!g || !command) {
        return hs__error(g ? g->ctx : NULL, HS_EINVAL, "hs_gpkg_set_command: invalid arguments");
    }
    free(g->command);
    g->command = hs__strdup(command);
    return g->command ? HS_OK : hs__error(g->ctx, HS_ENOMEM, "out of memory");
}

static void *digest_main(void *arg)
{
    gp_digest *d = arg;
    d->rc = hs__sha256_file(d->hex, d->path) ? HS_EIO : HS_OK;
    return NULL;
}

int hs__gpkg_join_digests(hs_gpkg *g)
{
    int rc = HS_OK;
    for (size_t i = 0; i < g->ndigests; i++) {
        gp_digest *d = g->digests[i];
        if (d->running) {
            pthread_join(d->th, NULL);
            d->running = 0;
            if (!d->rc) {
                char *v = hs__strdup(d->hex);
                if (!v) {
                    d->rc = HS_ENOMEM;
                } else {
                    free(g->kv[d->kv].v);
                    g->kv[d->kv].v = v;
                }
            }
        }
        if (d->rc && !rc) {
            rc = d->rc == HS_ENOMEM
                     ? hs__error(g->ctx, HS_ENOMEM, "out of memory")
                     : hs__error(g->ctx, HS_EIO, "%s: cannot read for its digest", d->path);
        }
    }
    return rc;
}

/* The digest of a large input (a million-row CSV: a tenth of a second) is computed in a thread
 * while the R-tree, styles and project are written; joined before the run table is. The file is
 * opened here, so a missing input still fails at once. */
int hs_gpkg_add_input(hs_gpkg *g, const char *path, int64_t rows)
{
    if (!g || !path) {
        return hs__error(g ? g->ctx : NULL, HS_EINVAL, "hs_gpkg_add_input: invalid arguments");
    }
    FILE *f = fopen(path, "rb");
    if (!f) {
        return hs__error(g->ctx, HS_EIO, "%s: cannot read for its digest", path);
    }
    fclose(f);
    void *buf = g->digests;
    gp_digest *d = calloc(1, sizeof *d);
    if (!d || hs__grow(&buf, &g->cap_digests, g->ndigests + 1, sizeof *g->digests)) {
        free(d);
        return hs__error(g->ctx, HS_ENOMEM, "out of memory");
    }
    g->digests = buf;
    g->digests[g->ndigests++] = d;
    d->path = hs__strdup(path);
    memset(d->hex, '0', 64); /* a placeholder of the right length until the thread is joined */
    d->hex[64] = '\0';
    int rc = d->path ? hs_gpkg_add_input_sha256(g, path, rows, d->hex)
                     : hs__error(g->ctx, HS_ENOMEM, "out of memory");
    if (rc) {
        d->rc = rc;
        return rc;
    }
    d->kv = g->nkv - 2; /* path, sha256, rows were appended */
    if (pthread_create(&d->th, NULL, digest_main, d) == 0) {
        d->running = 1;
        return HS_OK;
    }
    digest_main(d); /* no thread: compute it here */
    if (d->rc) {
        return hs__error(g->ctx, HS_EIO, "%s: cannot read for its digest", path);
    }
    free(g->kv[d->kv].v);
    g->kv[d->kv].v = hs__strdup(d->hex);
    return g->kv[d->kv].v ? HS_OK : hs__error(g->ctx, HS_ENOMEM, "out of memory");
}

int hs_gpkg_add_input_sha256(hs_gpkg *g, const char *path, int64_t rows, const char *hex)
{
    if (!g || !path || !hex || strlen(hex) != 64) {
        return hs__error(g ? g->ctx : NULL, HS_EINVAL,
                         "hs_gpkg_add_input_sha256: invalid arguments");
    }
    size_t k = 0;
    for (size_t i = 0; i < g->nkv; i++) {
        k += !strncmp(g->kv[i].k, "input.", 6) && strstr(g->kv[i].k, ".path") != NULL;
    }
    char key[64];
    char num[32];
    hs__fmt(key, sizeof key, "input.%zu.path", k + 1);
    int rc = add_kv(g, key, path, "input");
    hs__fmt(key, sizeof key, "input.%zu.sha256", k + 1);
    rc = rc ? rc : add_kv(g, key, hex, "input");
    hs__fmt(key, sizeof key, "input.%zu.rows", k + 1);
    hs__fmt(num, sizeof num, "%lld", (long long)rows);
    return rc ? rc : add_kv(g, key, rows >= 0 ? num : "", "input");
}

/* JSON string escaping into an sqlite3_str. */
static void json_str(sqlite3_str *s, const char *v)
{
    sqlite3_str_appendchar(s, 1, '"');
    for (const unsigned char *p = (const unsigned char *)v; p && *p; p++) {
        if (*p == '"' || *p == '\\') {
            sqlite3_str_appendf(s, "\\%c", *p);
        } else if (*p < 0x20) {
            sqlite3_str_appendf(s, "\\u%04x", *p);
        } else {
            sqlite3_str_appendchar(s, 1, (char)*p);
        }
    }
    sqlite3_str_appendchar(s, 1, '"');
}

static const char meta_sql[] =
    "CREATE TABLE gpkg_metadata (id INTEGER CONSTRAINT m_pk PRIMARY KEY ASC NOT NULL, md_scope "
    "TEXT NOT NULL DEFAULT 'dataset', md_standard_uri TEXT NOT NULL, mime_type TEXT NOT NULL "
    "DEFAULT 'text/xml', metadata TEXT NOT NULL DEFAULT '');"
    "CREATE TABLE gpkg_metadata_reference (reference_scope TEXT NOT NULL, table_name TEXT, "
    "column_name TEXT, row_id_value INTEGER, timestamp DATETIME NOT NULL DEFAULT "
    "(strftime('%Y-%m-%dT%H:%M:%fZ','now')), md_file_id INTEGER NOT NULL, md_parent_id INTEGER, "
    "CONSTRAINT crmr_mfi_fk FOREIGN KEY (md_file_id) REFERENCES gpkg_metadata(id), CONSTRAINT "
    "crmr_mpi_fk FOREIGN KEY (md_parent_id) REFERENCES gpkg_metadata(id));"
    "INSERT INTO gpkg_extensions VALUES ('gpkg_metadata', NULL, 'gpkg_metadata', "
    "'http://www.geopackage.org/spec120/#extension_metadata', 'read-write');"
    "INSERT INTO gpkg_extensions VALUES ('gpkg_metadata_reference', NULL, 'gpkg_metadata', "
    "'http://www.geopackage.org/spec120/#extension_metadata', 'read-write');"
    "CREATE TABLE run (fid INTEGER PRIMARY KEY NOT NULL, key TEXT NOT NULL, value TEXT, how "
    "TEXT);"
    "INSERT INTO gpkg_contents (table_name, data_type, identifier, description, srs_id) VALUES "
    "('run', 'attributes', 'Körning', 'Run parameters and inputs', 0);";

int hs__gpkg_write_meta(hs_gpkg *g)
{
    char started[32];
    char finished[32];
    char secs[32];
    char epsg[64];
    double t1;
    int64_t now = hs__gpkg_now(&t1);
    hs_tz_format(started, HS_TZ_UTC, g->started);
    hs_tz_format(finished, HS_TZ_UTC, now);
    hs__fmt(secs, sizeof secs, "%.3f", t1 - g->t0);
    hs__fmt(epsg, sizeof epsg, "%s", hs_crs_label(g->ctx, g->opts.epsg));
    char align[160];
    hs__fmt(align, sizeof align,
            g->opts.epsg == 3006 ? "SCB grid (EPSG:3006)" : "multiples of the cell size in %s",
            epsg);
    /* fixed entries first, then what the caller recorded */
    const char *fixed[][3] = {{"tool", "hotspot", "fixed"},
                              {"tool_version", hs_version(), "fixed"},
                              {"command", g->command ? g->command : "", "given"},
                              {"crs", epsg, "given"},
                              {"grid_alignment", align, "fixed"},
                              {"started", started, "measured"},
                              {"finished", finished, "measured"},
                              {"run_time_s", secs, "measured"}};
    size_t nfixed = sizeof fixed / sizeof fixed[0];
    int rc = hs__gpkg_join_digests(g);
    rc = rc ? rc : hs__gpkg_exec(g, meta_sql);
    sqlite3_stmt *st = NULL;
    if (!rc && sqlite3_prepare_v2(g->db, "INSERT INTO run (key, value, how) VALUES (?, ?, ?)", -1,
                                  &st, NULL) != SQLITE_OK) {
        rc = hs__gpkg_sqlerr(g, "run table");
    }
    sqlite3_str *js = sqlite3_str_new(g->db);
    sqlite3_str_appendall(js, "{");
    for (size_t i = 0; i < nfixed + g->nkv && !rc; i++) {
        const char *k = i < nfixed ? fixed[i][0] : g->kv[i - nfixed].k;
        const char *v = i < nfixed ? fixed[i][1] : g->kv[i - nfixed].v;
        const char *how = i < nfixed ? fixed[i][2] : g->kv[i - nfixed].how;
        sqlite3_bind_text(st, 1, k, -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 2, v, -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 3, how, -1, SQLITE_STATIC);
        if (sqlite3_step(st) != SQLITE_DONE) {
            rc = hs__gpkg_sqlerr(g, "run table");
        }
        sqlite3_reset(st);
        sqlite3_str_appendall(js, i ? ",\n " : "\n ");
        json_str(js, k);
        sqlite3_str_appendall(js, ": {\"value\": ");
        json_str(js, v);
        sqlite3_str_appendall(js, ", \"how\": ");
        json_str(js, how);
        sqlite3_str_appendall(js, "}");
    }
    sqlite3_str_appendall(js, "\n}\n");
    sqlite3_finalize(st);
    char *json = sqlite3_str_finish(js);
    if (!rc) {
        rc = hs__gpkg_execf(
            g, sqlite3_mprintf("INSERT INTO gpkg_metadata (id, md_scope, md_standard_uri, "
                               "mime_type, metadata) VALUES (1, 'dataset', "
                               "'https://www.rfc-editor.org/rfc/rfc8259', 'application/json', "
                               "%Q);"
                               "INSERT INTO gpkg_metadata_reference (reference_scope, table_name, "
                               "column_name, row_id_value, md_file_id) VALUES ('geopackage', "
                               "NULL, NULL, NULL, 1);",
                               json ? json : "{}"));
    }
    sqlite3_free(json);
    return rc;
}
