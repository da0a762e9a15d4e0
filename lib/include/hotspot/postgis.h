/*
 * Publishing a finished hotspot GeoPackage to PostGIS, so several analysts can share one database:
 * every vector and attribute layer plus the run metadata copied into one schema per project.
 * Reading incidents back from PostGIS needs nothing here: an input path "PG:..." goes through OGR
 * like any other table. This header names no third-party type.
 */
#ifndef HOTSPOT_POSTGIS_H
#define HOTSPOT_POSTGIS_H

#include "ctx.h"

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

#define HS_POSTGIS_OPTS_VERSION 1

/** How to publish. */
typedef struct hs_postgis_opts {
    int version;        /**< HS_POSTGIS_OPTS_VERSION */
    const char *schema; /**< target schema ([A-Za-z0-9_], at most 63 bytes); NULL = "hotspot" */
    int overwrite;      /**< replace tables of the same name in the schema (else: HS_EEXIST) */
} hs_postgis_opts;

#define HS_POSTGIS_OPTS_INIT                                                                       \
    {                                                                                              \
        HS_POSTGIS_OPTS_VERSION, NULL, 0                                                           \
    }

/** 1 when s is an OGR PostgreSQL connection string ("PG:..."), else 0. */
HS_API int hs_postgis_is_conn(const char *s);

/**
 * Folds a project name into a schema name: Swedish and other Latin letters to ASCII, lower case,
 * every other run of characters to one '_', a leading digit prefixed with "p_", at most 63 bytes;
 * "hotspot" when nothing is left. Returns HS_OK or HS_EINVAL (out too small: cap < 64).
 */
HS_API int hs_postgis_schema_name(char *out, size_t cap, const char *name);

/**
 * Copies every vector and attribute layer of the GeoPackage gpkg_path (features keep their EPSG
 * code and get a GiST index) and its gpkg_metadata rows (as table "metadata") into the schema of
 * the PostGIS database pg_conn ("PG:dbname=... host=..."), creating the schema when missing.
 * The layers are copied in one transaction. Raster layers (kde) are skipped with a log line.
 * Returns HS_OK, HS_EINVAL, HS_ENOTFOUND (file or database cannot be opened), HS_EEXIST (a table
 * exists and overwrite is 0) or HS_EIO.
 */
HS_API int hs_postgis_export(hs_ctx *ctx, const char *gpkg_path, const char *pg_conn,
                             const hs_postgis_opts *opts);

#ifdef __cplusplus
}
#endif

#endif
