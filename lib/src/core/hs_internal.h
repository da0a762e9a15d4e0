/*
 * The one private header shared by the library's sources: the context's layout, internal helpers
 * (error setting, logging, progress, growable buffers, string pool) and the seams to GDAL, GEOS,
 * PROJ, SQLite and cairo. Third-party types appear here only as forward-declared structs; the
 * seam files include the third-party headers themselves.
 */
#ifndef HS_INTERNAL_H
#define HS_INTERNAL_H

#include "hotspot.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#if defined(__GNUC__)
#define HS_INTERNAL __attribute__((visibility("hidden")))
#define HS_PRINTF(a, b) __attribute__((format(printf, a, b)))
#else
#define HS_INTERNAL
#define HS_PRINTF(a, b)
#endif

struct GEOSContextHandle_HS; /* geos_c.h: GEOSContextHandle_t */
struct pj_ctx;               /* proj.h: PJ_CONTEXT */

struct hs_ctx {
    int errcode;
    char errmsg[1024];
    hs_log_fn log_fn;
    void *log_payload;
    hs_log_level log_min;
    hs_progress_fn progress_fn;
    void *progress_payload;
    volatile int cancelled;
    int threads;
    char lang[4];
    struct GEOSContextHandle_HS *geos; /* lazily created by geom_geos.c */
    struct pj_ctx *proj;               /* lazily created by crs_proj.c */
    struct hs__pjcache *pjcache;       /* crs_proj.c: transformations by EPSG pair */
};

/* ---- errors, logging, progress (ctx.c) ---- */
/** Records code and message in ctx (may be NULL) and returns code. */
HS_INTERNAL int hs__error(hs_ctx *ctx, int code, const char *fmt, ...) HS_PRINTF(3, 4);
HS_INTERNAL void hs__log(hs_ctx *ctx, hs_log_level level, const char *fmt, ...) HS_PRINTF(3, 4);
/** Reports progress; returns HS_ECANCEL (with the message set) when the caller cancels. */
HS_INTERNAL int hs__progress(hs_ctx *ctx, const char *stage, double fraction);
/** Number of threads to use for a loop of n items (at least 1). */
HS_INTERNAL int hs__threads_for(const hs_ctx *ctx, size_t n);

/* ---- memory helpers (util.c) ---- */
/** Grows *buf (element size elem) so it holds at least need elements; doubles capacity. */
HS_INTERNAL int hs__grow(void **buf, size_t *cap, size_t need, size_t elem);
HS_INTERNAL char *hs__strdup(const char *s);
/** snprintf into a fixed buffer, always terminated; returns 1 when truncated. */
HS_INTERNAL int hs__fmt(char *buf, size_t size, const char *fmt, ...) HS_PRINTF(3, 4);
/** Locale-independent number parsing: '.' or ',' as the decimal mark, surrounding blanks ok. */
HS_INTERNAL int hs__parse_double(double *out, const char *s);
HS_INTERNAL int hs__parse_int64(int64_t *out, const char *s);
/** Case-insensitive ASCII compare. */
HS_INTERNAL int hs__strcasecmp(const char *a, const char *b);

/** A string pool: strings appended once, addressed by offset; offset 0 is the NULL string. */
typedef struct hs__strpool {
    char *data;
    size_t len;
    size_t cap;
} hs__strpool;
HS_INTERNAL int hs__strpool_add(uint32_t *off, hs__strpool *p, const char *s);
HS_INTERNAL const char *hs__strpool_get(const hs__strpool *p, uint32_t off);
HS_INTERNAL void hs__strpool_free(hs__strpool *p);

/** A dictionary of distinct strings with dense indices (for categories). */
typedef struct hs__dict {
    hs__strpool pool;
    uint32_t *offs; /* index -> pool offset */
    size_t n, cap;
    uint32_t *slots; /* open addressing: index+1, 0 empty */
    size_t nslots;
    size_t last; /* index+1 of the string found last (rows repeat it), 0 none */
} hs__dict;
/** Index of s, adding it when new; -1 for NULL. */
HS_INTERNAL int hs__dict_intern(int32_t *out, hs__dict *d, const char *s);
HS_INTERNAL const char *hs__dict_name(const hs__dict *d, size_t k);
HS_INTERNAL void hs__dict_free(hs__dict *d);

/* ---- seams ----
 * GDAL is included only by files named *_gdal.c, GEOS by *_geos.c, PROJ by *_proj.c, SQLite by
 * *_sqlite.c, cairo/pango by *_cairo.c (checked by tests/check-seams.sh). */
/* geom_geos.c */
HS_INTERNAL void hs__geos_release(hs_ctx *ctx);
/* crs_proj.c */
HS_INTERNAL void hs__proj_release(hs_ctx *ctx);

/* ---- module sections: each module adds its internal cross-file declarations in its own
 * section below (keep edits to your own section). ---- */
/* [ingest] */
/* timeparse.c: wall seconds of a date or date-time (flags: HS__DT_TIME when a time of day was
 * given, HS__DT_UTC when an offset made it a UTC instant); clock time in seconds (0..86400);
 * Swedish month name (lower case, n bytes) to 1..12, 0 when unknown. */
#define HS__DT_TIME 1
#define HS__DT_UTC 2
HS_INTERNAL int hs__parse_datetime(int64_t *out, int *flags, const char *s);
HS_INTERNAL int hs__parse_clock(int *sec, const char *s);
HS_INTERNAL int hs__sv_month(const char *s, size_t n);
/** Wall seconds to UTC in a zone, with a per-local-day offset cache and counts of times in the
 * skipped (gap) and repeated hour; flags as from hs__parse_datetime (HS__DT_UTC passes through). */
#define HS__CLOCK_SLOTS 1024
typedef struct hs__clock {
    hs_tz tz;
    int later; /* repeated hour: take the later instant */
    int64_t gap, repeated;
    int64_t day[HS__CLOCK_SLOTS]; /* INT64_MIN: empty */
    int64_t off[HS__CLOCK_SLOTS];
} hs__clock;
HS_INTERNAL void hs__clock_init(hs__clock *c, hs_tz tz, int later);
HS_INTERNAL int64_t hs__wall_to_utc(hs__clock *c, int64_t wall, int flags);
/* crs_detect.c: how a coordinate pair fits an EPSG code's Swedish value range. */
typedef enum hs__xy_fit {
    HS__XY_OK = 0,
    HS__XY_SWAPPED = 1,
    HS__XY_MISSING = 2, /* NaN or 0,0 */
    HS__XY_OUTSIDE = 3
} hs__xy_fit;
HS_INTERNAL hs__xy_fit hs__crs_fit(int epsg, double x, double y);
HS_INTERNAL int hs__crs_known(int epsg);
/** The EPSG code (3006, 3021, 4326) most sample points fit, either axis order; HS_ENOTFOUND. */
HS_INTERNAL int hs__crs_vote(int *epsg, const double *x, const double *y, size_t n);
/* crs_proj.c: transforms n points in place (x = easting/lon); failed points become NaN.
 * Transformations are cached in ctx. */
HS_INTERNAL int hs__crs_transform(hs_ctx *ctx, int from_epsg, int to_epsg, double *x, double *y,
                                  size_t n);
/* A table of text rows from any input (csv.c natively, table_gdal.c through OGR, polisen.c for
 * polisen.se event JSON). Field strings are UTF-8, borrowed until the next call. */
typedef struct hs__table hs__table;
struct hs__table {
    int (*next)(hs__table *t, const char *const **fields, size_t *n); /* 1 row, 0 end, <0 error */
    void (*close)(hs__table *t);
    char **names; /* column names (ncols) */
    size_t ncols;
    int epsg;          /* CRS of the __x/__y columns of a geometry, 0 when none */
    const char *kind;  /* "csv", "ogr", "polisen" */
    char encoding[16]; /* CSV: "UTF-8" or "CP1252" */
    char delim;        /* CSV: ';', ',' or '\t' */
    int64_t line;      /* CSV: physical line where the last row started */
    size_t rows_hint;  /* CSV: rows the file probably holds (for reserving), 0 unknown */
};
typedef struct hs__table_opts {
    const char *encoding; /* NULL = detect */
    const char *where;    /* OGR SQL filter (forces OGR) */
} hs__table_opts;
HS_INTERNAL int hs__table_open(hs__table **out, hs_ctx *ctx, const char *path,
                               const hs__table_opts *opts);
HS_INTERNAL void hs__table_close(hs__table *t);
HS_INTERNAL int hs__csv_open(hs__table **out, hs_ctx *ctx, const char *path, const char *encoding);
/** Appends src's records (rows shifted by row_offset) to dst: numbers copied in bulk, strings and
 * categories re-based. records.c */
HS_INTERNAL int hs__records_append(hs_records *dst, const hs_records *src, int64_t row_offset);
/** Appends src's rejects (rows shifted by row_offset) to dst. rejects.c */
HS_INTERNAL int hs__rejects_append(hs_rejects *dst, const hs_rejects *src, int64_t row_offset);
/** CSV: file offset where the next row starts. */
HS_INTERNAL int64_t hs__csv_offset(const hs__table *t);
/** CSV: the first row start at or after hint, counting quotes from from (a row start); -1 when
 * the file ends first. A newline ends a row only outside quotes. */
HS_INTERNAL int64_t hs__csv_cut(hs_ctx *ctx, const hs__table *t, const char *path, int64_t from,
                                int64_t hint);
/** CSV: a reader of the rows in [start, end) of path with proto's columns, separator and
 * encoding (start must be a row start). */
HS_INTERNAL int hs__csv_open_range(hs__table **out, hs_ctx *ctx, const char *path,
                                   const hs__table *proto, int64_t start, int64_t end);
HS_INTERNAL int hs__ogr_open(hs__table **out, hs_ctx *ctx, const char *path, const char *where);
/** Whole file (gzip-compressed when the name ends .gz) into a malloc'd NUL-terminated buffer. */
HS_INTERNAL int hs__file_read_all(char **buf, size_t *len, hs_ctx *ctx, const char *path);
/** 1 when buf holds polisen.se event JSON; opens it as a table (columns id, time, type, name,
 * location, precision, __x, __y; EPSG:4326). */
HS_INTERNAL int hs__polisen_sniff(const char *buf, size_t len);
HS_INTERNAL int hs__polisen_open(hs__table **out, hs_ctx *ctx, char *buf, size_t len,
                                 const char *path);
/** Event time from a polisen title "22 augusti 09.48, ..." and the event's datetime (for the
 * year): wall seconds; HS_EDATA when the title holds no date. */
HS_INTERNAL int hs__polisen_title_time(int64_t *wall, const char *title, const char *datetime);
/* ingest_map.c: which column plays which role (-1 = none), from the options or by name. */
typedef struct hs__colmap {
    int x, y, time, from, to, from_time, to_time, id, code, category, weight, address, kommun,
        precision;
} hs__colmap;
HS_INTERNAL int hs__ingest_map(hs__colmap *m, hs_ctx *ctx, const hs__table *t,
                               const hs_ingest_opts *o, const char *path);
/* [gpkg] */
/* styles (generated hs_styles_data.c, style.c, style_qml.c) */
HS_INTERNAL size_t hs__style_source_count(void);
HS_INTERNAL const char *hs__style_source(size_t i, const char **name);
/** The QGIS QML document of a style (malloc'd, caller frees); lang "sv" or "en". */
HS_INTERNAL int hs__style_qml(char **out, const hs_style *style, const char *lang);
/* crs_wkt_proj.c: WKT (OGC WKT 1, as GeoPackage expects) and name of an EPSG CRS; malloc'd. */
HS_INTERNAL int hs__crs_wkt(char **wkt, char **name, hs_ctx *ctx, int epsg);
/* sha256.c: hex digest (65 bytes with NUL) of a file's contents; HS_EIO when unreadable. */
HS_INTERNAL int hs__sha256_file(char hex[65], const char *path);
HS_INTERNAL void hs__sha256_hex(char hex[65], const void *data, size_t len);
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
typedef struct gp_layer {
    char *name, *title;
    const hs_style *style;
    hs_geom_kind kind;
    hs_field_type *types;
    size_t nfields;
    hs_bbox box;
    int64_t rows;
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
struct hs_gpkg {
    hs_ctx *ctx;
    hs_gpkg_opts opts;
    char *path, *tmp, *command;
    struct sqlite3 *db;
    struct sqlite3_stmt *ins;
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
    double t0;       /* start, seconds (CLOCK_REALTIME) */
    int64_t started; /* start, UTC seconds */
};
HS_INTERNAL int hs__gpkg_exec(hs_gpkg *g, const char *sql);
HS_INTERNAL int hs__gpkg_execf(hs_gpkg *g, char *sql);
HS_INTERNAL int hs__gpkg_sqlerr(hs_gpkg *g, const char *what);
HS_INTERNAL int hs__gpkg_rtree(hs_gpkg *g, const char *table, const char *column,
                               const hs_bbox *box);
HS_INTERNAL int hs__gpkg_register_functions(struct sqlite3 *db);
HS_INTERNAL int hs__gpkg_write_styles(hs_gpkg *g);
HS_INTERNAL int hs__gpkg_write_meta(hs_gpkg *g);
HS_INTERNAL int64_t hs__gpkg_now(double *t);
/* [grid-kde-areas] */
struct GEOSGeom_t;
struct GEOSPrepGeom_t;
struct GEOSSTRtree_t;
/* Named areas (areas_geos.c builds, areas_gdal.c reads OGR into it). Rings are stored area by
 * area, closed, outer rings counter-clockwise and holes clockwise; outer[r] marks a polygon's
 * first ring. */
struct hs_areas {
    size_t n, cap;
    uint32_t *id, *name, *kind; /* string pool offsets */
    hs__strpool pool;
    size_t *ring0; /* area k's rings are ring0[k] .. ring0[k+1]-1 (cap + 1 entries) */
    size_t *pt0;   /* first point of ring r */
    size_t *ring_len;
    uint8_t *outer;
    size_t nrings, ring_cap;
    hs_point *pts;
    size_t npts, pt_cap;
    hs_bbox *bbox;
    hs_bbox all;
    struct GEOSContextHandle_HS *geos;
    struct GEOSGeom_t **geoms;
    const struct GEOSPrepGeom_t **prep;
    struct GEOSSTRtree_t *tree;
};
HS_INTERNAL int hs__areas_new(hs_areas **out);
/** Appends an area made of rings (outer[r] = 1 starts a polygon); orientation is normalised. */
HS_INTERNAL int hs__areas_add(hs_areas *a, const char *id, const char *name, const char *kind,
                              const hs_point *pts, const size_t *ring_len, const uint8_t *outer,
                              size_t nrings);
/** Builds the GEOS geometries, prepared geometries and STRtree. */
HS_INTERNAL int hs__areas_finish(hs_ctx *ctx, hs_areas *a);
/* areas_gdal.c, shared with population_gdal.c: opens path's layer name (NULL: the first) as an
 * OGR dataset (GDALDatasetH, closed with GDALClose) and layer (OGRLayerH); errors name the file. */
HS_INTERNAL int hs__ogr_open_layer(void **dataset, void **layer, hs_ctx *ctx, const char *path,
                                   const char *name);
/* areas_gdal.c, shared with population_gdal.c: the transform of an OGR layer (OGRLayerH) to EPSG
 * epsg (NULL when none is needed; *rc set on error), and the polygons of one OGR geometry
 * (OGRGeometryH, reprojected with ct when not NULL) appended as one area (*added = 1; points and
 * lines add nothing). */
HS_INTERNAL void *hs__ogr_transform(hs_ctx *ctx, void *layer, int epsg, int *rc);
HS_INTERNAL int hs__areas_add_ogr(hs_ctx *ctx, hs_areas *a, void *geom, void *ct, const char *path,
                                  long long fid, const char *id, const char *name, const char *kind,
                                  int *added);
/* Cells clipped to polygons (grid_clip_geos.c builds it; accessors there too). Cut cells (state 2)
 * have their clipped rings at cut[c] >= 0 in the ring arrays and a GEOS geometry. */
struct hs_grid_clip {
    hs_cellgrid grid;
    size_t ncells;
    uint8_t *state; /* 0 outside (or touching only), 1 inside, 2 cut by the boundary */
    double *area;   /* m^2 inside the polygons */
    int32_t *cut;   /* index among the cut cells, or -1 */
    size_t ncut, cut_cap;
    size_t *ring0; /* cut cell j's rings are ring0[j] .. ring0[j + 1] - 1 */
    size_t *pt0, *ring_len;
    uint8_t *outer;
    size_t nrings, ring_cap, pt0_cap, outer_cap;
    hs_point *pts;
    size_t npts, pt_cap;
    struct GEOSContextHandle_HS *geos;
    struct GEOSGeom_t *all;            /* union of the polygons */
    const struct GEOSPrepGeom_t *prep; /* prepared union */
    struct GEOSGeom_t **geoms;         /* clipped geometry of each cut cell */
};
/* Population (population_gdal.c reads, population_geos.c spreads over cells). */
struct hs_population {
    char *path, *field;
    hs_areas *areas; /* polygons; NULL for points */
    double *value;   /* per polygon or per point */
    double *x, *y;   /* points */
    size_t n, cap;
};
/** The polygon of a cell in GEOS handle h (grid_clip_geos.c; NULL when out of memory). */
HS_INTERNAL struct GEOSGeom_t *hs__geos_cell(struct GEOSContextHandle_HS *h, const hs_cellgrid *g,
                                             size_t cell);
/** Window index ranges [*i0, *i1) x [*j0, *j1) (columns, rows) of the cells that may meet box. */
HS_INTERNAL void hs__cellgrid_range(size_t *i0, size_t *i1, size_t *j0, size_t *j1,
                                    const hs_cellgrid *g, hs_bbox box);
/* Hot loops compiled twice, for AVX2 and for the baseline, the loader picking one (kde.c,
 * kde_binned.c); HS__INLINE forces inlining into such a function. */
#if defined(__GNUC__) && !defined(__clang__) && defined(__x86_64__) && defined(__ELF__)
#define HS__CLONES __attribute__((target_clones("avx2", "default")))
#define HS__INLINE __attribute__((always_inline)) inline
#else
#define HS__CLONES
#define HS__INLINE inline
#endif
/* kde.c: 1 when point i may enter a density (local precision, finite coordinates and weight). */
HS_INTERNAL int hs__kde_point_ok(const hs_kde_opts *o, const double *x, const double *y,
                                 const double *w, size_t i);
/* kde.c: the raw density per m^2 (no units, mask or edge correction); *used = points scattered. */
HS_INTERNAL int hs__kde_scatter(double *out, hs_ctx *ctx, const hs_grid_spec *g, const double *x,
                                const double *y, const double *w, size_t n, hs_kernel kernel,
                                double h, const hs_kde_opts *o, size_t *used);
/* kde_binned.c: the raw density per m^2 by linear binning on a sub-grid and one FFT convolution;
 * bound (NULL = not wanted): per cell, the largest possible |binned - exact| per m^2;
 * *sub = the subdivision used. */
HS_INTERNAL int hs__kde_binned(double *out, float *bound, hs_ctx *ctx, const hs_grid_spec *g,
                               const double *x, const double *y, const double *w, size_t n,
                               hs_kernel kernel, double h, const hs_kde_opts *o, size_t *used,
                               int *sub);
/* convolve_fftw.c: a (nx * ny, row-major) convolved in place with a symmetric stencil of
 * (2r+1)^2 values; cells within r of the border see the padding wrap (keep that border empty to
 * use them). hs__convolve_cells: the doubles each of its two work arrays holds. */
HS_INTERNAL int hs__convolve(double *a, int64_t nx, int64_t ny, const double *stencil, int64_t r,
                             int threads);
HS_INTERNAL int64_t hs__convolve_cells(int64_t nx, int64_t ny, int64_t r);
/* kde_edge.c: the share of the kernel at each cell inside the window (grid or mask). */
HS_INTERNAL int hs__kde_edge(double *e, hs_ctx *ctx, const hs_grid_spec *g, hs_kernel kernel,
                             double h, const uint8_t *mask);
/* [stats] */
/* A symmetric grid neighbourhood (gistar.c): for row offsets dy = -r..r the columns |dx| <= h[dy +
 * r] (self included). Sums over it come from row prefix sums, so any band costs O(2r + 1) per cell.
 */
typedef struct hs__stencil {
    int64_t r;
    int64_t *h;
} hs__stencil;
HS_INTERNAL int hs__stencil_make(hs__stencil *s, hs_ctx *ctx, const hs_gistar_opts *opts,
                                 double cell);
HS_INTERNAL void hs__stencil_free(hs__stencil *s);
/** P (ny * (nx + 1) values): row prefix sums of x * mask (x NULL: of the mask; mask NULL: all 1).
 */
HS_INTERNAL void hs__row_prefix(double *P, const double *x, const uint8_t *mask, int64_t nx,
                                int64_t ny);
/** Sum over the stencil around (ix, iy) from row prefix sums P, clipped at the grid's edges. */
HS_INTERNAL double hs__stencil_sum(const double *P, int64_t nx, int64_t ny, int64_t ix, int64_t iy,
                                   const hs__stencil *s);
/* A small seeded generator (xoshiro256**, stats.c): the same seed gives the same stream. */
typedef struct hs__rng {
    uint64_t s[4];
} hs__rng;
HS_INTERNAL void hs__rng_seed(hs__rng *r, uint64_t seed);
HS_INTERNAL uint64_t hs__rng_next(hs__rng *r);
/** Uniform integer in [0, n), n > 0, without modulo bias. */
HS_INTERNAL uint64_t hs__rng_below(hs__rng *r, uint64_t n);
/** The closed square ring (5 points) of cell (ix, iy) of g (gistar_write.c). */
HS_INTERNAL void hs__cell_ring(hs_point ring[5], const hs_grid_spec *g, int64_t ix, int64_t iy);
/** One square-cell row of a layer whose first fields are cell_id, x0, y0, size: the id, ring and
 * geometry live here (keep it in place while the row is written). */
typedef struct hs__cell_row {
    char id[32];
    hs_point ring[5];
    size_t ring_len;
    hs_geom geom;
} hs__cell_row;
/** Fills r for cell (ix, iy) of g and v[0..3] (cell_id, x0, y0, size) (gistar_write.c). */
HS_INTERNAL void hs__cell_row_begin(hs__cell_row *r, hs_value *v, const hs_grid_spec *g, int64_t ix,
                                    int64_t iy);
/* [temporal] */
/** Hour-of-week mask of a window: start days (bit d = weekday d+1), first hour, length in hours. */
HS_INTERNAL void hs__window_mask(uint8_t *mask, unsigned days, int start, int len);
/** Swedish label of a window, e.g. "fre–lör 22–03" (UTF-8). */
HS_INTERNAL void hs__window_label(char *buf, size_t size, unsigned days, int start, int len);
/* [render] */
struct _cairo; /* cairo.h: cairo_t */
typedef struct hs__map_feat {
    size_t pt0, npts;     /* first point and point count (all rings) */
    size_t ring0, nrings; /* rings in the layer's ring_len (0 for points and lines) */
    int cls;
    int64_t count;
} hs__map_feat;
typedef struct hs__map_layer {
    int kind, flags;
    char *title;
    hs_map_class *classes;
    size_t nclasses;
    double line_mm;
    hs_point *pts;
    size_t npts, cap_pts;
    size_t *ring_len;
    size_t nrings, cap_rings;
    hs__map_feat *feats;
    size_t nfeats, cap_feats;
} hs__map_layer;
typedef struct hs__map_label {
    double x, y;
    char *text;
    int priority;
    int64_t count;
} hs__map_label;
struct hs_map {
    hs_ctx *ctx;
    hs__map_layer *layers;
    size_t nlayers, cap_layers;
    hs__map_label *labels;
    size_t nlabels, cap_labels;
    hs_grid_spec grid; /* raster (values NULL when none) */
    float *values;
    float vmax;
    double opacity;
    char *raster_title, *raster_units;
    double *stop_pos;
    hs_rgba *stop_col;
    size_t nstops;
};
/** The raster ramp colour (with alpha) at t in [0, 1]. render.c */
HS_INTERNAL hs_rgba hs__map_ramp(const hs_map *m, double t);
/** Text with Pango (DejaVu Sans): size in points; the cairo user unit is 1 mm on
 * paper); align 0 left, 1 centre, 2 right; (x, y) is the top of the text. halo > 0 strokes a white
 * halo of that width first. Returns the text's width; *h receives its height. label_cairo.c */
HS_INTERNAL double hs__text(struct _cairo *cr, double x, double y, const char *text, double size,
                            int bold, int align, hs_rgba color, double halo, double *h);
/** Measures text without drawing: returns the width, *h the height. */
HS_INTERNAL double hs__text_size(struct _cairo *cr, const char *text, double size, int bold,
                                 double *h);
/** Draws wrapped text in a box of width w; returns the height used. */
HS_INTERNAL double hs__text_wrap(struct _cairo *cr, double x, double y, double w, const char *text,
                                 double size, int bold, hs_rgba color);
/** An output sheet (render_surface_cairo.c): PDF/SVG/PNG by extension, user unit = 1 mm. */
struct _cairo_surface;
typedef struct hs__sheet {
    hs_ctx *ctx;
    const char *path;
    int png;
    double dpi;
    struct _cairo_surface *surface;
    struct _cairo *cr;
    char tmp[1100]; /* PDF/SVG are written here and renamed to path on success */
} hs__sheet;
/** Writes cairo RGB24 pixels as a PNG (render_png_gdal.c). */
HS_INTERNAL int hs__png_write(hs_ctx *ctx, const char *path, const unsigned char *px, int w, int h,
                              int stride, double dpi);
HS_INTERNAL int hs__sheet_open(hs__sheet *sh, hs_ctx *ctx, const char *path, double w_mm,
                               double h_mm, double dpi);
HS_INTERNAL void hs__sheet_new_page(hs__sheet *sh);
/** Finishes the file (writes the PNG); returns rc or the write error. */
HS_INTERNAL int hs__sheet_close(hs__sheet *sh, int rc);
/* chart_cairo.c: charts drawn into a box (mm) of an open sheet */
HS_INTERNAL void hs__chart_clock_draw(struct _cairo *cr, double x, double y, double w, double h,
                                      const double *weights, const char *lang);
HS_INTERNAL void hs__chart_monthly_draw(struct _cairo *cr, double x, double y, double w, double h,
                                        const double *cur, const double *prev, size_t n,
                                        int first_month, const char *cur_label,
                                        const char *prev_label, const char *lang);
HS_INTERNAL void hs__chart_bars_draw(struct _cairo *cr, double x, double y, double w, double h,
                                     const char *const *labels, const double *values, size_t n,
                                     const char *lang);
/* maplayers_gdal.c: GeoPackage and OGR layers into the map model */
/** Adds a layer of a hotspot GeoPackage (kommuner, gistar, grid, kde, places, incidents, ...)
 * styled from style.h; where is an optional OGR SQL filter. HS_ENOTFOUND when absent. */
HS_INTERNAL int hs__maplayers_add(hs_map *m, const char *gpkg, const char *layer, const char *where,
                                  const char *lang);
/** Adds every polygon and line layer of an OGR file as context (water, buildings, roads). */
HS_INTERNAL int hs__maplayers_context(hs_map *m, const char *path, const char *lang);
/** 1 when the GeoPackage holds a vector or raster layer of that name. */
HS_INTERNAL int hs__gpkg_has_layer(hs_ctx *ctx, const char *gpkg, const char *layer);
/* report*.c: what the report reads from a GeoPackage (report_gdal.c fills it) */
typedef struct hs__report_place {
    char *name;
    double x, y;
    int64_t n;
} hs__report_place;
/* one cell of the comparison layer (crime against insecurity) */
typedef struct hs__report_cmp {
    double x, y; /* cell centre */
    int64_t n_crime, n_insecurity;
    double log_ratio;
    char cls[20]; /* both, crime_only, insecurity_only, neither */
} hs__report_cmp;
typedef struct hs__report_data {
    double *hot_x0, *hot_y0; /* south-west corners of the Gi* cells with gi_bin >= 2 */
    size_t nhot;
    double hot_size;     /* their cell size */
    hs__report_cmp *cmp; /* the comparison layer, when present */
    size_t ncmp;
    size_t n; /* incidents */
    double *x, *y;
    int64_t *t_from, *t_to; /* UTC seconds or HS_TIME_NONE */
    int32_t *cat, *focus;   /* indices into cats / focuses, -1 none */
    uint8_t *prec;          /* hs_precision */
    hs__dict cats, focuses;
    hs__dict reasons; /* rejects by reason */
    int64_t *reason_n;
    size_t nrejects;
    char **keys, **vals; /* the run table */
    size_t nparams;
    hs__report_place *places;
    size_t nplaces;
    char kommun[128];
    int has_kommuner, has_grid, has_gistar, has_kde, has_places, has_rejects, has_run, has_temporal,
        has_concentrations;
} hs__report_data;
HS_INTERNAL int hs__report_load(hs__report_data *d, hs_ctx *ctx, const char *gpkg);
HS_INTERNAL void hs__report_data_free(hs__report_data *d);
/** A run parameter or NULL. */
HS_INTERNAL const char *hs__report_param(const hs__report_data *d, const char *key);
/* report.c: the figures of the report, computed from hs__report_data (plain C) */
typedef struct hs__report_focus {
    const char *name;    /* borrowed from the data's dictionary; NULL = every incident */
    int64_t n;           /* every incident of the focus area */
    int64_t n12, n_prev; /* the last 12 months and the 12 before */
    double clock[168];   /* aoristic hour-of-week weights, Monday 00 first */
    double *cx, *cy;     /* south-west corners of the non-empty cells, by count descending */
    int64_t *cn;
    char (*cplace)[64]; /* nearest named place within 1 km ("" none) */
    size_t ncells;
    int win_day[3], win_hour[3]; /* the three busiest 3-hour windows */
    double win_share[3];
    size_t nwin;
} hs__report_focus;
typedef struct hs__report_model {
    char period[64];    /* "2024-01-01 – 2025-12-31" (local dates) */
    char cur_label[32]; /* "feb 2025 – jan 2026" */
    char prev_label[32];
    int first_month; /* calendar month of cur[0] */
    double cur[12], prev[12];
    const char *cat_name[10];
    double cat_n[10];
    size_t ncat;
    int64_t prec_n[9];
    int64_t located; /* incidents precise enough for cells */
    double cell;
    hs__report_focus all;
    hs__report_focus *focus;
    size_t nfocus;
} hs__report_model;
HS_INTERNAL int hs__report_model_build(hs__report_model *m, hs_ctx *ctx, const hs__report_data *d,
                                       int max_focus);
HS_INTERNAL void hs__report_model_free(hs__report_model *m);
/* report_cairo.c: the page being drawn and the helpers the pages share */
typedef struct hs__report_page {
    struct _cairo *cr;
    hs_ctx *ctx;
    const char *gpkg;
    const hs__report_data *d;
    const hs__report_model *m;
    const hs_report_opts *o;
    const char *place;
    int page, pages;
    int en;
} hs__report_page;
HS_INTERNAL const char *hs__report_tr(const hs__report_page *p, const char *sv, const char *en);
HS_INTERNAL double hs__report_heading(hs__report_page *p, double y, const char *text, double size);
HS_INTERNAL double hs__report_table(struct _cairo *cr, double x, double y, const double *cw,
                                    const int *right, size_t ncol, const char *const *head,
                                    const char *const *cells, size_t nrow);
/* report_extra_cairo.c: the hot-spot clocks and the crime/insecurity page */
typedef struct hs__report_hot {
    size_t n;             /* clusters */
    double (*clock)[168]; /* aoristic hour-of-week weights per cluster */
    int64_t *count;       /* incidents per cluster */
    double *cx, *cy;      /* sum of the cluster's incident positions */
    size_t order[4];      /* the largest clusters */
    size_t shown;
} hs__report_hot;
HS_INTERNAL int hs__report_hot_build(hs__report_hot *h, const hs__report_data *d, hs_ctx *ctx);
HS_INTERNAL void hs__report_hot_free(hs__report_hot *h);
HS_INTERNAL void hs__report_page_hot(hs__report_page *p, const hs__report_hot *h);
HS_INTERNAL void hs__report_page_compare(hs__report_page *p);
/* report_cairo.c: draws every page; returns the number of pages through *pages */
HS_INTERNAL int hs__report_draw(int *pages, hs_ctx *ctx, const char *gpkg, const char *out,
                                const hs__report_data *d, const hs__report_model *m,
                                const hs_report_opts *o);
/** The legend in columns of width colw inside (x, y, w, h); returns the height used. With
 * measure_only nothing is drawn. legend_cairo.c */
HS_INTERNAL double hs__legend_draw(struct _cairo *cr, const hs_map *m, double x, double y, double w,
                                   double h, double colw, const hs_map_opts *o, int measure_only);
/** Draws a whole map sheet into a frame (x, y, w, h mm) of an existing cairo context. */
HS_INTERNAL int hs__map_draw(struct _cairo *cr, hs_map *m, double x, double y, double w, double h,
                             const hs_map_opts *opts);
/* [geocode] */
/* normalize.c: Swedish address text. "sim" form: lower case, NFC, letters and digits only (å ä ö
 * kept); "key" form: the sim form with diacritics folded to ASCII (å ä -> a, ö -> o). */
typedef struct hs__addr {
    char street[128];  /* sim form of the (first) street or place name, abbreviations expanded */
    char key[128];     /* key form of street */
    char street2[128]; /* second street of an intersection ("" when none) */
    char key2[128];
    int number;       /* house number, 0 when none */
    int number_to;    /* end of a range "12-14", 0 when none */
    char letter[8];   /* house letter(s), lower case ("" when none) */
    char postcode[8]; /* five digits ("" when none) */
    char ort[64];     /* sim form of the post town / place after the street ("" when none) */
    char ort_key[64];
    int intersection; /* 1 when two streets were found */
} hs__addr;
/** Parses free address text ("Storg. 12 B lgh 1101, 462 32 VÄNERSBORG"). Never fails on text:
 * returns HS_EINVAL only for NULL arguments; an empty street means nothing usable was found. */
HS_INTERNAL int hs__addr_parse(hs__addr *out, const char *text);
/** Lower case + NFC copy of s (punctuation kept); returns the length written. */
HS_INTERNAL size_t hs__text_lower(char *out, size_t size, const char *s);
/** Sim form of any text (lower case, letters and digits only). */
HS_INTERNAL size_t hs__text_sim(char *out, size_t size, const char *s);
/** Key form of a sim-form string (diacritics folded to ASCII). */
HS_INTERNAL size_t hs__text_key(char *out, size_t size, const char *sim);
/* similarity.c */
/** Weighted optimal-string-alignment distance between two sim-form strings: diacritic-only
 * differences cost 0.4, OCR confusions (l/t, l/i, l/1, o/0, e/c, n/u, rn/m) 0.5, a transposition
 * 0.8, any other edit 1. */
HS_INTERNAL double hs__name_distance(const char *a, const char *b);
/** 1 - distance / length of the longer string, in [0, 1]; 1 for equal strings. */
HS_INTERNAL double hs__name_similarity(const char *a, const char *b);
/* gazetteer entries (gazetteer.c reads and collects, gazetteer_sqlite.c stores) */
enum { HS__GAZ_ADDRESS = 0, HS__GAZ_STREET = 1, HS__GAZ_PLACE = 2 };
typedef struct hs__gaz_entry {
    int kind;             /* HS__GAZ_* */
    const char *street;   /* street name as written (address and street points) */
    int number;           /* house number, 0 when none */
    const char *letter;   /* house letter, NULL when none */
    const char *postcode; /* five digits, NULL when none */
    const char *ort;      /* post town / locality, NULL when none */
    int kommun_code;      /* 0 when unknown */
    const char *name;     /* place name (places) */
    const char *label;    /* display label */
    double x, y;          /* EPSG:3006 */
    int source;           /* id in the sources table */
} hs__gaz_entry;
typedef struct hs__gazbuf hs__gazbuf; /* entries collected while building (gazetteer.c) */
HS_INTERNAL int hs__gazbuf_add(hs__gazbuf *b, const hs__gaz_entry *e);
/** Kommun code of a kommun name known from the boundaries, 0 when unknown (gazetteer.c). */
HS_INTERNAL int hs__gazbuf_kommun_by_name(const hs__gazbuf *b, const char *name);
/** Reads one source file into b (gazetteer.c, through hs__table); *kind_out names it. */
HS_INTERNAL int hs__gaz_read_source(hs_gazetteer_stats *st, hs_ctx *ctx, hs__gazbuf *b,
                                    const char *path, int source_id, const char **kind_out);
/** Value of key in an OSM hstore string "k"=>"v","k2"=>"v2" into buf; NULL when absent or empty
 * (gazetteer.c). */
HS_INTERNAL const char *hs__osm_tag(char *buf, size_t size, const char *tags, const char *key);
/** A house number "12B" -> 12 and letter "B" (spaces around allowed); 0 when not 1..99999. */
HS_INTERNAL int hs__house_number(const char *s, char *letter, size_t lsize);
/** Reads an OSM extract (.osm.pbf/.osm) into b, WGS84 (gazetteer_gdal.c). */
HS_INTERNAL int hs__gaz_read_osm(int64_t *skipped, hs_ctx *ctx, hs__gazbuf *b, const char *path,
                                 int source_id);
typedef struct hs__gazdb hs__gazdb; /* the SQLite file (gazetteer_sqlite.c) */
HS_INTERNAL int hs__gazdb_create(hs__gazdb **out, hs_ctx *ctx, const char *path);
HS_INTERNAL int hs__gazdb_add_source(hs__gazdb *db, int id, const char *path, const char *kind,
                                     const char *date, int64_t n);
HS_INTERNAL int hs__gazdb_add(hs__gazdb *db, const hs__gaz_entry *e);
HS_INTERNAL int hs__gazdb_add_kommun(hs__gazdb *db, int code, const char *name);
/** Commits the bulk load and creates the indexes (FTS5 trigram on labels). */
HS_INTERNAL int hs__gazdb_finish(hs__gazdb *db);
HS_INTERNAL int hs__gazdb_open(hs__gazdb **out, hs_ctx *ctx, const char *path);
HS_INTERNAL void hs__gazdb_close(hs__gazdb *db);
typedef int (*hs__gaz_entry_fn)(void *payload, const hs__gaz_entry *e);
typedef int (*hs__gaz_kommun_fn)(void *payload, int code, const char *name);
/** Calls fn for every entry (strings borrowed for the call); a non-zero return stops the scan. */
HS_INTERNAL int hs__gazdb_scan(hs__gazdb *db, hs__gaz_entry_fn fn, void *payload);
HS_INTERNAL int hs__gazdb_scan_kommuner(hs__gazdb *db, hs__gaz_kommun_fn fn, void *payload);
/** Cache of answers keyed by the normalised query: get returns 1 when found, 0 when not. */
HS_INTERNAL int hs__gazdb_cache_get(hs__gazdb *db, const char *key, hs_geocode_result *out);
HS_INTERNAL int hs__gazdb_cache_put(hs__gazdb *db, const char *key, const hs_geocode_result *r);
HS_INTERNAL int hs__gazdb_begin(hs__gazdb *db);
HS_INTERNAL int hs__gazdb_commit(hs__gazdb *db);
/* geocode_index.c: the in-memory index of an opened gazetteer (geocode.c matches against it) */
typedef struct hs_gz_entry {
    double x, y;
    uint32_t sim, key, ort, label; /* pool offsets: name sim/key forms, ort key, display label */
    int32_t number, kommun, postcode;
    char letter[4];
    uint8_t kind;
} hs_gz_entry;
typedef struct hs_gz_group { /* entries sharing (street or place name, kommun) */
    uint32_t first, count;   /* range in order[] (sorted by number, letter) */
    uint32_t key, sim, rep;  /* rep: the member nearest the members' mean */
    int32_t kommun;
    int place;
    double x, y;
} hs_gz_group;
typedef struct hs_gz_postcode {
    int code, kommun;
    double x, y, n;
} hs_gz_postcode;
typedef struct hs_gz_kommun {
    int code;
    char key[64], name[64];
    double x, y;
} hs_gz_kommun;
struct hs_gazetteer {
    hs_ctx *ctx;
    hs__gazdb *db;
    hs__strpool pool;
    hs_gz_entry *e;
    size_t n, cap;
    uint32_t *order; /* entries sorted by (place?, key, kommun, sim, number, letter) */
    uint32_t *byxy;  /* entries sorted by 1 km cell */
    double cell;
    hs_gz_group *groups; /* sorted like order */
    size_t ngroups, gcap;
    uint64_t *tkeys; /* (kommun << 18 | trigram), sorted; kommun 0 = every kommun */
    uint32_t *tstart, *post;
    size_t ntkeys;
    hs_gz_postcode *pc;
    size_t npc;
    hs_gz_kommun *kom;
    size_t nkom, kcap;
    uint32_t *stamp, *hits, *touched, cur; /* scratch of a fuzzy lookup */
};
HS_INTERNAL int hs__gzidx_build(hs_gazetteer *g);
HS_INTERNAL void hs__gzidx_free(hs_gazetteer *g);
/** Trigrams of a key form (with start and end marks); returns how many (at most cap). */
HS_INTERNAL size_t hs__gzidx_trigrams(uint32_t *out, size_t cap, const char *key);
/** Groups posted under (kommun, trigram); kommun 0 = all. Returns 1 when any. */
HS_INTERNAL int hs__gzidx_postings(const uint32_t **list, size_t *n, const hs_gazetteer *g,
                                   int kommun, uint32_t tri);
/** Range [return, *end) of groups with exactly this key (place 1: places, 0: streets). */
HS_INTERNAL size_t hs__gzidx_find_key(const hs_gazetteer *g, int place, const char *key,
                                      size_t *end);
HS_INTERNAL uint64_t hs__gzidx_cell(const hs_gazetteer *g, double x, double y);
/* [project] */
/* build*.c: the pipeline's shared state and its stages. */
typedef struct hs__build {
    hs_ctx *ctx;
    const hs_project *p;
    hs_build_opts opts;
    hs_build_summary *sum;
    hs_tz tz;
    const char *lang;
    hs_records *crimes;
    hs_records *complaints;
    hs_rejects *rejects;
    hs_areas *boundary; /* NULL when the project gives none */
    hs_areas *places;   /* NULL when the project gives none */
    hs_gpkg *gpkg;
    char tmpdir[1024]; /* work files of this run */
    int64_t area;      /* per-kommun pass: its boundary polygon; -1: the whole area */
    int kommun;        /* per-kommun pass: its code; 0: the project's first */
} hs__build;
/* build.c: mkdir -p */
HS_INTERNAL int hs__build_mkdirs(hs_ctx *ctx, const char *dir);
/* build_inputs.c */
HS_INTERNAL int hs__build_period(int64_t *start, int64_t *end, hs_tz tz, const char *period);
HS_INTERNAL int hs__build_inputs(hs__build *b);
/* build_geocode.c */
HS_INTERNAL int hs__build_geocode(hs__build *b);
/* build_temporal.c */
HS_INTERNAL int hs__build_temporal(hs__build *b);
/* build_stats.c: emerging, change and near_repeat on the Gi* cells g (counts, mask: nx * ny) */
HS_INTERNAL int hs__build_stats(hs__build *b, const hs_grid_spec *g, const double *counts,
                                const uint8_t *mask, const hs_gistar_opts *o);
/* chart_knox_cairo.c: the Knox heat table drawn into a box (mm) of an open sheet */
HS_INTERNAL void hs__chart_knox_draw(struct _cairo *cr, double x, double y, double w, double h,
                                     const double *dist_edges, size_t n_dist,
                                     const double *day_edges, size_t n_day, const double *ratio,
                                     const double *p, const char *lang);
/* report_gdal.c: the near_repeat table of a GeoPackage (HS_ENOTFOUND when absent); n rows of
 * dist_to, days_to, knox_ratio, p in the table's order; free with hs__report_knox_free */
typedef struct hs__report_knox {
    size_t n;
    double *dist_to, *days_to, *ratio, *p;
} hs__report_knox;
HS_INTERNAL int hs__report_knox_load(hs__report_knox *k, hs_ctx *ctx, const char *gpkg);
HS_INTERNAL void hs__report_knox_free(hs__report_knox *k);
/* report_knox_cairo.c: the near-repeat chart in a box of a report page (nothing when absent) */
HS_INTERNAL void hs__report_knox_draw(struct _cairo *cr, hs_ctx *ctx, const char *gpkg, double x,
                                      double y, double w, double h, int en);
/* build_analysis.c */
HS_INTERNAL int hs__build_analysis(hs__build *b);
/* build_outputs.c */
HS_INTERNAL int hs__build_outputs(hs__build *b);
/* build_kommun.c: one GeoPackage, maps and report per kommun of a multi-kommun project */
/* (several kommuner) records without a kommun code get the one of the polygon holding them */
HS_INTERNAL int hs__build_assign_kommun(hs__build *b);
HS_INTERNAL int hs__build_kommuner(hs__build *b);
HS_INTERNAL void hs__build_kommun_path(char *out, size_t cap, const char *path, const char *ext,
                                       int code);
/* buildstate.c: key/value fingerprints of what a build consumed, for incremental re-runs. */
typedef struct hs__state hs__state;
HS_INTERNAL int hs__state_new(hs__state **out);
HS_INTERNAL void hs__state_free(hs__state *s);
HS_INTERNAL int hs__state_set(hs__state *s, const char *key, const char *val);
HS_INTERNAL const char *hs__state_get(const hs__state *s, const char *key);
/** Reads a state file; HS_ENOTFOUND when there is none. */
HS_INTERNAL int hs__state_read(hs__state **out, const char *path);
/** Writes a state file atomically. */
HS_INTERNAL int hs__state_write(const hs__state *s, const char *path);
/** Adds "size mtime_ns sha256" of path under key, reusing prev's digest when size and mtime match.
 */
HS_INTERNAL int hs__state_fingerprint(hs__state *s, const hs__state *prev, const char *key,
                                      const char *path);
/** 1 when both hold the same keys with the same digests/values. */
HS_INTERNAL int hs__state_same(const hs__state *a, const hs__state *b);

#endif
