/*
 * Private to the render module and the report: the map model (render.c), text with Pango
 * (label_cairo.c), output sheets (render_surface_cairo.c, render_png_gdal.c), the charts drawn
 * into a box (chart_cairo.c, chart_knox_cairo.c), the legend and map drawing, and the GeoPackage
 * layers read into a map (maplayers_gdal.c). cairo's types appear only as forward declarations.
 */
#ifndef HS_RENDER_PRIVATE_H
#define HS_RENDER_PRIVATE_H

#include "core/hs_internal.h"

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
    double *widths; /* per class (lines), NULL = line_mm */
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
    double size; /* the place's area (m²), the tie-break after priority */
} hs__map_label;
struct hs__basemap; /* basemap.c */
struct hs_map {
    hs_ctx *ctx;
    struct hs__basemap *basemap; /* background files, read for the frame when drawn */
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
/** hs_labels_place with size[i] (may be NULL) breaking ties of priority, larger first
 * (render_layout.c). */
HS_INTERNAL size_t hs__labels_place_sized(hs_label_box *labels, const double *size, size_t n,
                                          double fx, double fy, double fw, double fh,
                                          const double *obstacles, size_t nobst, double gap);
/** The box of the focus data holding share of its mass (focus.c); empty when there is none. */
HS_INTERNAL hs_bbox hs__map_focus_box(const hs_map *m, double share);
/** The overview inset (inset_cairo.c): the boundary layers at a small scale with the frame's
 * extent marked, in the corner of the frame (fx, fy, fw, fh mm) that hides least of the data.
 * Drawn only when the frame shows less than the whole boundary; returns 1 then, with its box
 * (x, y, w, h) in box. */
HS_INTERNAL int hs__inset_draw(struct _cairo *cr, const hs_map *m, double fx, double fy, double fw,
                               double fh, const hs_bbox *shown, double *box);
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
/** Adds an OGR file as basemap (hs_map_add_basemap; the former context layers). */
HS_INTERNAL int hs__maplayers_context(hs_map *m, const char *path, const char *lang);
/** Adds the GeoPackage's own basemap (its basemap_areas and basemap_lines layers, written by a
 * build) when it has one; a basemap file added later replaces it. basemap_gdal.c */
HS_INTERNAL int hs__maplayers_own_basemap(hs_map *m, const char *gpkg);
/** 1 when the GeoPackage holds a vector or raster layer of that name. */
HS_INTERNAL int hs__gpkg_has_layer(hs_ctx *ctx, const char *gpkg, const char *layer);
/** The legend in columns of width colw inside (x, y, w, h); returns the height used. With
 * measure_only nothing is drawn. legend_cairo.c */
HS_INTERNAL double hs__legend_draw(struct _cairo *cr, const hs_map *m, double x, double y, double w,
                                   double h, double colw, const hs_map_opts *o, int measure_only);
/** Draws a whole map sheet into a frame (x, y, w, h mm) of an existing cairo context. */
HS_INTERNAL int hs__map_draw(struct _cairo *cr, hs_map *m, double x, double y, double w, double h,
                             const hs_map_opts *opts);
/** The method line (method.c) from the run table's keys and values: kernel, bandwidth and its
 * rule, cells, distance band and its rule, FDR, alpha, period and the privacy threshold, each
 * only when recorded. Returns its length (0 when the table holds none of them). */
HS_INTERNAL size_t hs__method_text(char *buf, size_t cap, const char *const *keys,
                                   const char *const *vals, size_t n, const char *lang);
/* chart_knox_cairo.c: the Knox heat table drawn into a box (mm) of an open sheet */
HS_INTERNAL void hs__chart_knox_draw(struct _cairo *cr, double x, double y, double w, double h,
                                     const double *dist_edges, size_t n_dist,
                                     const double *day_edges, size_t n_day, const double *ratio,
                                     const double *p, const char *lang);

/* basemap.c, basemap_gdal.c, basemap_cairo.c: the background map (roads, water, buildings) read
 * from OGR files for the map frame only, drawn muted under the analysis layers. */
enum { HS__BM_MAX_CLASSES = 16 };
enum { HS__BM_OSM = 1, HS__BM_LM = 2, HS__BM_NVDB = 4 }; /* attribution bits */
typedef struct hs__basemap {
    char **paths;
    size_t npaths;
    const hs_style *style;                   /* styles/basemap.style */
    hs__map_layer polys[HS__BM_MAX_CLASSES]; /* per style class; feats' count = -1 */
    hs__map_layer lines[HS__BM_MAX_CLASSES]; /* feats' count = index into names, or -1 */
    char **names;
    size_t nnames, cap_names;
    int loaded; /* the frame below is in memory */
    hs_bbox frame;
    double scale_den;
    unsigned attribution; /* HS__BM_* of the sources added */
    int own;              /* the only file is a hotspot GeoPackage's own basemap layers */
    size_t nfeatures;
} hs__basemap;
/** The class index of a source value (kind, KATEGORI, highway ...) in the basemap style, or -1:
 * exact match of a `match` word first, then a word the value starts with. basemap.c */
HS_INTERNAL int hs__bm_class(const hs_style *st, const char *value);
/** The same preferring the classes of a geometry: line 1 the line classes (those with a width:
 * "residential" is a street), 0 the area classes ("residential" is built-up), -1 any. */
HS_INTERNAL int hs__bm_class_for(const hs_style *st, const char *value, int line);
/** The class index of a class name ("water", "road_major"), or -1. */
HS_INTERNAL int hs__bm_class_named(const hs_style *st, const char *name);
HS_INTERNAL int hs__bm_add_polygon(hs__basemap *bm, int cls, const hs_point *pts,
                                   const size_t *ring_len, size_t nrings);
HS_INTERNAL int hs__bm_add_line(hs__basemap *bm, int cls, const hs_point *pts, size_t n,
                                const char *name);
/** Drops the features read (keeps the file list). */
HS_INTERNAL void hs__bm_clear(hs__basemap *bm);
HS_INTERNAL void hs__bm_free(hs__basemap *bm);
/** The attribution of the sources drawn ("© OpenStreetMap contributors, Lantmäteriet"), "" when
 * none; appended to the map's source line. */
HS_INTERNAL void hs__bm_attribution(const hs__basemap *bm, char *buf, size_t size);
/** Reads the basemap files for the frame (world box, map CRS epsg) unless already read; the
 * scale denominator decides what is read (no buildings or paths at small scales).
 * basemap_gdal.c */
HS_INTERNAL int hs__basemap_load(hs_map *m, hs_bbox frame, double scale_den, int epsg);
/** HS_OK when path opens as a vector dataset GDAL reads (*who receives the HS__BM_* bits of what
 * it holds: OSM, Lantmäteriet, NVDB); an error naming the file otherwise. */
HS_INTERNAL int hs__basemap_probe(hs_ctx *ctx, const char *path, unsigned *who);
/** Draws the basemap into the frame (paper mm) with world origin (x0, y0) and s mm per metre;
 * names draws the street names along their lines, avoiding the nobst obstacle boxes (x, y, w,
 * h) and each other. basemap_cairo.c */
HS_INTERNAL void hs__basemap_draw(struct _cairo *cr, const hs_map *m, double fx, double fy,
                                  double fw, double fh, double x0, double y0, double s);
HS_INTERNAL void hs__basemap_names(struct _cairo *cr, const hs_map *m, double fx, double fy,
                                   double fw, double fh, double x0, double y0, double s,
                                   const double *obst, size_t nobst);

#endif
