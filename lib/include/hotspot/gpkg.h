/*
 * Writing outputs: a GeoPackage built in a temporary file beside the target and renamed into place
 * on commit (a failed or interrupted run leaves the previous file untouched), with layers written
 * row by row, QGIS styles in layer_styles, metadata and a run table; and rasters (GeoTIFF/COG or a
 * GeoPackage gridded-coverage layer).
 */
#ifndef HOTSPOT_GPKG_H
#define HOTSPOT_GPKG_H

#include "grid.h"
#include "records.h"

#include <math.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef enum hs_field_type {
    HS_FIELD_INT = 0,
    HS_FIELD_REAL = 1,
    HS_FIELD_TEXT = 2,
    HS_FIELD_DATETIME = 3 /**< value given as UTC seconds (i); written ISO 8601 with offset */
} hs_field_type;

typedef struct hs_field_def {
    const char *name;
    hs_field_type type;
} hs_field_def;

/** One attribute value; null = 1 writes NULL. */
typedef struct hs_value {
    int null;
    int64_t i;
    double d;
    const char *s;
} hs_value;

typedef enum hs_geom_kind {
    HS_GEOM_NONE = 0, /**< attribute table */
    HS_GEOM_POINT = 1,
    HS_GEOM_POLYGON = 2, /**< given as a ring of points (closed or not) */
    HS_GEOM_MULTIPOLYGON = 3,
    HS_GEOM_LINESTRING = 4 /**< given as one "ring" of points: pts, ring_len[0], nrings = 1 */
} hs_geom_kind;

/** A geometry for one row: a point, or one or more rings (first outer, rest holes). */
typedef struct hs_geom {
    hs_geom_kind kind;
    double x, y;            /**< HS_GEOM_POINT */
    const hs_point *pts;    /**< polygon vertices, all rings concatenated */
    const size_t *ring_len; /**< points per ring */
    size_t nrings;
} hs_geom;

typedef struct hs_gpkg_opts {
    int version;
    int overwrite; /**< replace an existing file (always atomically) */
    int epsg;      /**< CRS of every layer */
} hs_gpkg_opts;
#define HS_GPKG_OPTS_VERSION 1
#define HS_GPKG_OPTS_INIT                                                                          \
    {                                                                                              \
        HS_GPKG_OPTS_VERSION, 0, 3006                                                              \
    }

/** Starts writing path (into a temporary file beside it). HS_EEXIST when it exists and !overwrite.
 */
HS_API int hs_gpkg_open(hs_gpkg **out, hs_ctx *ctx, const char *path, const hs_gpkg_opts *opts);
/** Starts a layer; rows follow with hs_gpkg_add_row. A layer ends when the next begins or at
 * commit. */
HS_API int hs_gpkg_layer_begin(hs_gpkg *g, const char *name, hs_geom_kind kind,
                               const hs_field_def *fields, size_t nfields);
/** Adds a row to the current layer: geom may be NULL for attribute tables; vals has nfields. */
HS_API int hs_gpkg_add_row(hs_gpkg *g, const hs_geom *geom, const hs_value *vals);
/** Writes the incidents layer (SPEC fields and category_label, see hs_gpkg_set_categories) from
 * records; cell ids from grid when not NULL. */
HS_API int hs_gpkg_write_incidents(hs_gpkg *g, const hs_records *records, const hs_grid_spec *grid);
/** The same layer under another name, e.g. `complaints` for insecurity reports. */
HS_API int hs_gpkg_write_records(hs_gpkg *g, const char *name, const hs_records *records,
                                 const hs_grid_spec *grid);
/**
 * Gives the categories their display names: writes the `categories` table (category, label_sv,
 * label_en) and fills the record layers' category_label written after it with the names in lang
 * ("sv" or "en"; a NULL name falls back on the other language, then on the key).
 */
HS_API int hs_gpkg_set_categories(hs_gpkg *g, const char *const *categories,
                                  const char *const *label_sv, const char *const *label_en,
                                  size_t n, const char *lang);
/** Writes the rejects table. */
HS_API int hs_gpkg_write_rejects(hs_gpkg *g, const hs_rejects *rejects);
/** Writes the `review` table (source, row, place_text, candidates, reason) from a list of records
 * kept at a coarser precision that a person should look at: each entry's column is the phrase
 * read, its value the candidates (names and coordinates, never text around them). */
HS_API int hs_gpkg_write_review(hs_gpkg *g, const hs_rejects *review);
/** Records a run parameter (name, value, and how it was chosen: "given" or "auto"). */
HS_API int hs_gpkg_set_param(hs_gpkg *g, const char *name, const char *value, const char *how);
/** Records an input file: its SHA-256 digest is computed now; rows is its data row count (or
 * -1 when unknown). Written to the run table and gpkg_metadata at commit. */
HS_API int hs_gpkg_add_input(hs_gpkg *g, const char *path, int64_t rows);
/** hs_gpkg_add_input with the file's SHA-256 (64 hex digits) already known, so that a large
 * input is not read a second time for its digest. */
HS_API int hs_gpkg_add_input_sha256(hs_gpkg *g, const char *path, int64_t rows,
                                    const char *sha256_hex);
/** Records the command line (or project file) of the run. */
HS_API int hs_gpkg_set_command(hs_gpkg *g, const char *command);
/** Sets the title of the current layer (gpkg_contents.identifier); default: the Swedish title of
 * its style, else the layer name. */
HS_API int hs_gpkg_set_title(hs_gpkg *g, const char *title);
/** Chooses the style kind of the current layer (styles/<kind>.style); default: the style whose
 * layer name matches, if any. NULL for no style. */
HS_API int hs_gpkg_set_style(hs_gpkg *g, const char *kind);
/** The QGIS project written into the GeoPackage at commit (table qgis_projects, as QGIS saves a
 * project to a GeoPackage): every layer in map order and groups, the extent, and an A4 print
 * layout with these texts. Strings are copied. */
typedef struct hs_qgis_project {
    int version;
    const char *name;       /**< the project's name in qgis_projects (default "hotspot") */
    const char *title;      /**< the layout's title */
    const char *subtitle;   /**< the period line */
    const char *source;     /**< the source line */
    const char *method;     /**< the method line (may be NULL) */
    const char *main_layer; /**< the analysis layer shown (default "gistar"); others are off */
    hs_bbox extent;         /**< the map extent; empty (xmin > xmax): the kommun boundary's */
} hs_qgis_project;
#define HS_QGIS_PROJECT_VERSION 1
#define HS_QGIS_PROJECT_INIT                                                                       \
    {                                                                                              \
        HS_QGIS_PROJECT_VERSION, NULL, NULL, NULL, NULL, NULL, NULL,                               \
        {                                                                                          \
            1, 1, 0, 0                                                                             \
        }                                                                                          \
    }
/**
 * The envelopes of a layer's rows written so far (before commit too), with an integer field's
 * values (count_field may be NULL: -1 each); where is an SQL condition or NULL. *boxes and
 * *counts are malloc'd (free them); HS_ENOTFOUND for an unknown layer.
 */
HS_API int hs_gpkg_layer_envelopes(hs_gpkg *g, const char *layer, const char *where,
                                   const char *count_field, hs_bbox **boxes, int64_t **counts,
                                   size_t *n);
/** Asks for the QGIS project at commit. */
HS_API int hs_gpkg_set_qgis_project(hs_gpkg *g, const hs_qgis_project *project);
/** The temporary file being written (borrowed; for tests and diagnostics). */
HS_API const char *hs_gpkg_temp_path(const hs_gpkg *g);

/** Finishes every layer, writes styles and metadata, and renames the file into place. */
HS_API int hs_gpkg_commit(hs_gpkg *g);
/** Abandons the file (removes the temporary) and frees. Accepts NULL; after commit it only frees.
 */
HS_API void hs_gpkg_close(hs_gpkg *g);

/** Raster output formats. */
typedef enum hs_raster_format {
    HS_RASTER_GTIFF = 0, /**< tiled, deflate-compressed GeoTIFF */
    HS_RASTER_COG = 1,   /**< Cloud Optimized GeoTIFF */
    HS_RASTER_GPKG = 2   /**< float32 2d-gridded-coverage layer in a GeoPackage */
} hs_raster_format;

typedef struct hs_raster_opts {
    int version;
    hs_raster_format format;
    int epsg;
    double nodata;     /**< NaN for none */
    const char *layer; /**< GeoPackage layer name (default "kde") */
    const char *units; /**< unit of measure, e.g. "incidents/km2" */
    const char *description;
} hs_raster_opts;
#define HS_RASTER_OPTS_VERSION 1
#define HS_RASTER_OPTS_INIT                                                                        \
    {                                                                                              \
        HS_RASTER_OPTS_VERSION, HS_RASTER_GTIFF, 3006, NAN, NULL, NULL, NULL                       \
    }

/**
 * Writes a float32 raster (grid layout of grid.h: row 0 south) to path. For HS_RASTER_GPKG the
 * layer is added to an existing GeoPackage file (or the temporary file of an open hs_gpkg through
 * hs_gpkg_add_raster). GeoTIFF/COG are written to a temporary file and renamed into place.
 */
HS_API int hs_raster_write(hs_ctx *ctx, const char *path, const hs_grid_spec *grid,
                           const float *values, const hs_raster_opts *opts);
/** Adds a raster layer to an open GeoPackage (written at commit, before the rename). */
HS_API int hs_gpkg_add_raster(hs_gpkg *g, const hs_grid_spec *grid, const float *values,
                              const hs_raster_opts *opts);

/** One layer of a file as hs_file_layers lists it. */
typedef struct hs_layer_info {
    char name[128];
    char geometry[32];     /**< "Point", "Polygon", ..., "none" for a table, "raster" */
    int64_t features;      /**< rows (vector), -1 unknown; rasters: width * height */
    int64_t width, height; /**< rasters, else 0 */
    int epsg;              /**< CRS code (EPSG, or from HS_CRS_USER: hs_crs_label); 0 none */
} hs_layer_info;

/**
 * The layers of any file GDAL reads (GeoPackage vector and raster layers, a CSV, a GeoTIFF):
 * *out malloc'd (free() it), *n entries. HS_EIO with the file named when GDAL cannot open it.
 */
HS_API int hs_file_layers(hs_layer_info **out, size_t *n, hs_ctx *ctx, const char *path);

#ifdef __cplusplus
}
#endif
#endif
