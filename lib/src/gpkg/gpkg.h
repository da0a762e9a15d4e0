/*
 * Private to the GeoPackage writer: geometry blobs (gpkg_blob.c), the raster append (raster_gdal.c)
 * and the writer's layout shared by gpkg_sqlite.c, gpkg_db_sqlite.c, gpkg_meta_sqlite.c and
 * gpkg_rtree_sqlite.c. Other modules write layers through the public hotspot/gpkg.h.
 */
#ifndef HS_GPKG_PRIVATE_H
#define HS_GPKG_PRIVATE_H

#include "core/hs_internal.h"

#include <pthread.h>

/* gpkg_blob.c: GeoPackage geometry blob of g into *buf (grown), its length and bounding box. */
HS_INTERNAL int hs__gpkg_blob(unsigned char **buf, size_t *cap, size_t *len, hs_bbox *box,
                              const hs_geom *g, hs_geom_kind layer_kind, int32_t srs_id);
/** Envelope of a blob; HS_ENODATA when empty. */
HS_INTERNAL int hs__gpkg_blob_envelope(hs_bbox *box, const unsigned char *p, size_t n);
/* raster_gdal.c: adds a float32 gridded-coverage layer to an existing GeoPackage file in place. */
HS_INTERNAL int hs__raster_gpkg_append(hs_ctx *ctx, const char *path, const hs_grid_spec *grid,
                                       const float *values, const hs_raster_opts *opts);
/* The GeoPackage writer's layout, shared by gpkg_sqlite.c and gpkg_meta_sqlite.c only. */
struct sqlite3;
struct sqlite3_stmt;
/* One R-tree entry: feature (or node) id and envelope rounded outwards to float (minx, maxx,
 * miny, maxy), as SQLite's R-tree stores it. */
typedef struct gp_env {
    int64_t id;
    float b[4];
} gp_env;
typedef struct gp_layer {
    char *name, *title;
    const hs_style *style;
    hs_geom_kind kind;
    hs_field_type *types;
    size_t nfields;
    hs_bbox box;
    int64_t rows;
    gp_env *env; /* envelopes of the rows written so far, for the R-tree */
    size_t nenv, cap_env;
} gp_layer;
typedef struct gp_kv {
    char *k, *v, *how;
} gp_kv;
typedef struct gp_raster {
    hs_grid_spec grid;
    float *values;
    hs_raster_opts opts;
    char *layer, *units, *desc;
} gp_raster;
typedef struct hs_gpkg_qgis {
    char *name, *title, *subtitle, *source, *method, *main_layer;
    hs_bbox extent;
} hs_gpkg_qgis;
/* Rows of the current layer waiting to be inserted together (gpkg_rows_sqlite.c): the values with
 * their texts and geometry blob copied into buf, which lives until the batch is stepped. */
enum { GP_BATCH = 16 };
typedef struct gp_slot {
    hs_value *v;
    unsigned char *buf;
    size_t cap;
    size_t blob_len; /* 0: no geometry */
    hs_bbox env;
} gp_slot;
/* An input's SHA-256 computed in a thread while the layers are written (gpkg_meta_sqlite.c). */
typedef struct gp_digest {
    char *path;
    size_t kv; /* index of its "input.N.sha256" entry in the run table rows */
    char hex[65];
    int rc;      /* HS_OK once computed */
    int running; /* the thread is to be joined */
    pthread_t th;
} gp_digest;
struct hs_gpkg {
    hs_ctx *ctx;
    hs_gpkg_qgis *qgis; /* the QGIS project to write at commit, or NULL */
    hs_gpkg_opts opts;
    char *path, *tmp, *command;
    struct sqlite3 *db;
    struct sqlite3_stmt *ins;  /* GP_BATCH rows at once */
    struct sqlite3_stmt *tail; /* fewer rows, at the end of a layer */
    char *ins_head;            /* "INSERT INTO t (cols) VALUES " */
    size_t ncols, batch, ntail;
    gp_slot slots[GP_BATCH];
    size_t nslots;
    int committed, in_layer;
    gp_layer *layers;
    size_t nlayers, cap_layers;
    unsigned char *blob;
    size_t blob_cap;
    uint64_t nrows_total;
    gp_kv *kv; /* run table rows in order: parameters, inputs, rejects */
    size_t nkv, cap_kv;
    gp_raster *rasters;
    size_t nrasters, cap_rasters;
    double t0;                   /* start, seconds (CLOCK_REALTIME) */
    int64_t started;             /* start, UTC seconds */
    char **cat_key, **cat_label; /* category -> category_label of the record layers */
    gp_digest **digests;
    size_t ndigests, cap_digests;
    size_t ncat;
};
/** Process-wide SQLite configuration, once, before the first connection. */
HS_INTERNAL void hs__gpkg_sqlite_setup(void);
HS_INTERNAL int hs__gpkg_exec(hs_gpkg *g, const char *sql);
HS_INTERNAL int hs__gpkg_execf(hs_gpkg *g, char *sql);
HS_INTERNAL int hs__gpkg_sqlerr(hs_gpkg *g, const char *what);
/* gpkg_rows_sqlite.c: prepares the batched insert of the current layer (head: "INSERT INTO t
 * (cols) VALUES ", ncols columns), writes the pending rows, frees the statements. */
HS_INTERNAL int hs__gpkg_rows_begin(hs_gpkg *g, const char *head, size_t ncols);
HS_INTERNAL int hs__gpkg_rows_flush(hs_gpkg *g);
HS_INTERNAL void hs__gpkg_rows_end(hs_gpkg *g);
/** Appends the envelope of feature id to L->env (HS_ENOMEM on failure). */
HS_INTERNAL int hs__gpkg_env_add(gp_layer *L, int64_t id, const hs_bbox *b);
/** Creates and packs the R-tree of table.column from the n envelopes (sorted in place), then the
 * triggers that keep it current. */
HS_INTERNAL int hs__gpkg_rtree(hs_gpkg *g, const char *table, const char *column,
                               const hs_bbox *box, gp_env *env, size_t n);
HS_INTERNAL int hs__gpkg_register_functions(struct sqlite3 *db);
HS_INTERNAL int hs__gpkg_write_styles(hs_gpkg *g);
HS_INTERNAL int hs__gpkg_write_meta(hs_gpkg *g);
/** Waits for the input digests still being computed; HS_EIO (with the message) when one failed. */
HS_INTERNAL int hs__gpkg_join_digests(hs_gpkg *g);
HS_INTERNAL int64_t hs__gpkg_now(double *t);
/* gpkg_qgis.c, gpkg_qgis_sqlite.c: the QGIS project in qgis_projects */
/** The project's .qgs XML (malloc'd) for the layers of g; wkt is the CRS's. */
HS_INTERNAL int hs__qgis_project_xml(char **out, const hs_gpkg *g, const hs_gpkg_qgis *q,
                                     const char *wkt);
/** A .qgz archive (a zip, stored) holding xml as the entry named entry (malloc'd bytes). */
HS_INTERNAL int hs__qgis_qgz(unsigned char **out, size_t *len, const char *entry, const char *xml);
/** Writes the qgis_projects row (inside the commit's transaction) when a project was asked. */
HS_INTERNAL int hs__gpkg_write_qgis(hs_gpkg *g);
HS_INTERNAL void hs__gpkg_qgis_free(hs_gpkg_qgis *q);

#endif
