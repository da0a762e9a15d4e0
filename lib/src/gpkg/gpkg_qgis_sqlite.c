/*
 * Stores the QGIS project (gpkg_qgis.c) in the GeoPackage's qgis_projects table the way QGIS does
 * when it saves a project to a GeoPackage: name, metadata JSON (last modified time and user) and
 * the .qgz bytes as hex text. Called by gpkg_sqlite.c inside the commit's transaction.
 */
#include "core/hs_internal.h"
#include "crs/crs.h"
#include "gpkg/gpkg.h"

#include <sqlite3.h>

#include <stdlib.h>
#include <string.h>
#include <time.h>

static char *dup_or_null(const char *s)
{
    return s ? hs__strdup(s) : NULL;
}

void hs__gpkg_qgis_free(hs_gpkg_qgis *q)
{
    if (q == NULL) {
        return;
    }
    free(q->name);
    free(q->title);
    free(q->subtitle);
    free(q->source);
    free(q->method);
    free(q->main_layer);
    free(q);
}

int hs_gpkg_set_qgis_project(hs_gpkg *g, const hs_qgis_project *p)
{
    if (g == NULL || p == NULL || p->version != HS_QGIS_PROJECT_VERSION) {
        return hs__error(g ? g->ctx : NULL, HS_EINVAL, "hs_gpkg_set_qgis_project: bad arguments");
    }
    hs_gpkg_qgis *q = calloc(1, sizeof *q);
    if (q == NULL) {
        return hs__error(g->ctx, HS_ENOMEM, "out of memory");
    }
    q->name = hs__strdup(p->name && p->name[0] ? p->name : "hotspot");
    q->title = dup_or_null(p->title);
    q->subtitle = dup_or_null(p->subtitle);
    q->source = dup_or_null(p->source);
    q->method = dup_or_null(p->method);
    q->main_layer = dup_or_null(p->main_layer);
    q->extent = p->extent;
    if (q->name == NULL || (p->title && !q->title) || (p->subtitle && !q->subtitle) ||
        (p->source && !q->source) || (p->method && !q->method) ||
        (p->main_layer && !q->main_layer)) {
        hs__gpkg_qgis_free(q);
        return hs__error(g->ctx, HS_ENOMEM, "out of memory");
    }
    hs__gpkg_qgis_free(g->qgis);
    g->qgis = q;
    return HS_OK;
}

int hs_gpkg_layer_envelopes(hs_gpkg *g, const char *layer, const char *where,
                            const char *count_field, hs_bbox **boxes, int64_t **counts, size_t *n)
{
    if (g == NULL || g->db == NULL || layer == NULL || boxes == NULL || counts == NULL ||
        n == NULL) {
        return hs__error(g ? g->ctx : NULL, HS_EINVAL, "hs_gpkg_layer_envelopes: bad arguments");
    }
    *boxes = NULL;
    *counts = NULL;
    *n = 0;
    int known = 0;
    for (size_t i = 0; i < g->nlayers; i++) {
        known |= strcmp(g->layers[i].name, layer) == 0 && g->layers[i].kind != HS_GEOM_NONE;
    }
    if (!known) {
        return hs__error(g->ctx, HS_ENOTFOUND, "%s: no layer '%s'", g->path, layer);
    }
    char *cnt = count_field ? sqlite3_mprintf("\"%w\"", count_field) : NULL;
    char *sql = sqlite3_mprintf("SELECT geom, %s FROM \"%w\"%s%s", cnt ? cnt : "-1", layer,
                                where ? " WHERE " : "", where ? where : "");
    sqlite3_free(cnt);
    sqlite3_stmt *st = NULL;
    int rc = sql && sqlite3_prepare_v2(g->db, sql, -1, &st, NULL) == SQLITE_OK
                 ? HS_OK
                 : hs__gpkg_sqlerr(g, "envelopes");
    sqlite3_free(sql);
    size_t cap = 0;
    size_t cap2 = 0;
    while (rc == HS_OK && sqlite3_step(st) == SQLITE_ROW) {
        const unsigned char *blob = sqlite3_column_blob(st, 0);
        hs_bbox b;
        if (blob == NULL ||
            hs__gpkg_blob_envelope(&b, blob, (size_t)sqlite3_column_bytes(st, 0)) != HS_OK) {
            continue;
        }
        if (hs__grow((void **)boxes, &cap, *n + 1, sizeof(hs_bbox)) ||
            hs__grow((void **)counts, &cap2, *n + 1, sizeof(int64_t))) {
            rc = hs__error(g->ctx, HS_ENOMEM, "out of memory");
            break;
        }
        (*boxes)[*n] = b;
        (*counts)[*n] =
            sqlite3_column_type(st, 1) == SQLITE_NULL ? -1 : sqlite3_column_int64(st, 1);
        (*n)++;
    }
    sqlite3_finalize(st);
    if (rc != HS_OK) {
        free(*boxes);
        free(*counts);
        *boxes = NULL;
        *counts = NULL;
        *n = 0;
    }
    return rc;
}

int hs__gpkg_write_qgis(hs_gpkg *g)
{
    if (g->qgis == NULL) {
        return HS_OK;
    }
    char *wkt = NULL;
    char *cname = NULL;
    int epsg = g->opts.epsg > 0 ? g->opts.epsg : 3006;
    int rc = hs__crs_wkt(&wkt, &cname, g->ctx, epsg);
    if (rc != HS_OK) {
        return rc;
    }
    free(cname);
    char *xml = NULL;
    rc = hs__qgis_project_xml(&xml, g, g->qgis, wkt);
    free(wkt);
    if (rc != HS_OK) {
        return hs__error(g->ctx, rc, "%s: cannot build the QGIS project", g->path);
    }
    char entry[300];
    hs__fmt(entry, sizeof entry, "%s.qgs", g->qgis->name);
    unsigned char *zip = NULL;
    size_t zlen = 0;
    rc = hs__qgis_qgz(&zip, &zlen, entry, xml);
    free(xml);
    if (rc != HS_OK) {
        return hs__error(g->ctx, rc, "%s: cannot build the QGIS project archive", g->path);
    }
    char *hex = malloc(2 * zlen + 1);
    if (hex == NULL) {
        free(zip);
        return hs__error(g->ctx, HS_ENOMEM, "out of memory");
    }
    static const char digits[] = "0123456789abcdef";
    for (size_t i = 0; i < zlen; i++) {
        hex[2 * i] = digits[zip[i] >> 4];
        hex[2 * i + 1] = digits[zip[i] & 15];
    }
    hex[2 * zlen] = '\0';
    free(zip);
    time_t t = (time_t)g->started;
    struct tm tm;
    gmtime_r(&t, &tm);
    char meta[160];
    hs__fmt(meta, sizeof meta,
            "{\"last_modified_time\": \"%04d-%02d-%02dT%02d:%02d:%02d\", "
            "\"last_modified_user\": \"hotspot\" }",
            tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec);
    rc = hs__gpkg_exec(g, "CREATE TABLE IF NOT EXISTS qgis_projects(name TEXT PRIMARY KEY, "
                          "metadata BLOB, content BLOB)");
    if (rc == HS_OK) {
        rc = hs__gpkg_execf(
            g, sqlite3_mprintf("INSERT OR REPLACE INTO qgis_projects (name, metadata, content) "
                               "VALUES (%Q, %Q, %Q)",
                               g->qgis->name, meta, hex));
    }
    free(hex);
    return rc;
}
