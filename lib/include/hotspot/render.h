/*
 * Printed maps: a plain map model (hs_map) built from layers — polygons and lines with class
 * colours, points, one float raster with a colour ramp, and labels — plus the layout of the sheet
 * (paper, orientation, resolution, title, period, source, method stamp, privacy). hs_map_render
 * draws it to PDF, PNG or SVG. This header names no third-party type; drawing lives in
 * render_cairo.c and the pure layout arithmetic (scale bar, ticks, label placement, suppression)
 * in render_layout.c.
 */
#ifndef HOTSPOT_RENDER_H
#define HOTSPOT_RENDER_H

#include "grid.h"
#include "style.h"
#include "types.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct hs_map hs_map; /**< a map being assembled: layers, labels, raster */

/** One class of a layer: fill (polygons, points), outline and its legend text. */
typedef struct hs_map_class {
    hs_rgba fill;
    hs_rgba stroke;
    const char *label; /**< legend text (copied); NULL keeps the class out of the legend */
} hs_map_class;

typedef enum hs_layer_kind {
    HS_LAYER_POLYGONS = 0,
    HS_LAYER_LINES = 1,
    HS_LAYER_POINTS = 2
} hs_layer_kind;

/** Layer flags. */
enum {
    HS_LAYER_IN_LEGEND = 1,   /**< list the layer's classes in the legend */
    HS_LAYER_SENSITIVE = 2,   /**< individual incidents: never drawn on a public map */
    HS_LAYER_SHOW_COUNTS = 4, /**< write each feature's count in it (suppressed on public maps) */
    HS_LAYER_BOUNDARY = 8,    /**< the kommun boundary: also sets the default extent */
    HS_LAYER_FOCUS = 16       /**< the analysis layer a focus map is framed on */
};

/** Colour ramps for the raster (perceptual, sequential). */
typedef enum hs_ramp {
    HS_RAMP_YLORRD = 0, /**< yellow-orange-red (ColorBrewer), the default for densities */
    HS_RAMP_VIRIDIS = 1,
    HS_RAMP_MAGMA = 2
} hs_ramp;

typedef enum hs_paper { HS_PAPER_A4 = 0, HS_PAPER_A3 = 1 } hs_paper;

/** Sheet layout and the texts around the map. Strings are borrowed for the hs_map_render call. */
typedef struct hs_map_opts {
    int version;
    hs_paper paper;
    int landscape;        /**< 0 portrait, 1 landscape */
    double dpi;           /**< PNG resolution (default 300) */
    const char *title;    /**< e.g. "Brottskoncentrationer i Vänersborg" */
    const char *subtitle; /**< period, e.g. "2024-01-01 – 2025-12-31" */
    const char *source;   /**< e.g. "Källa: Polisen, Lantmäteriet" */
    const char
        *method;      /**< method stamp, e.g. "Kvartskärna, bandbredd 300 m, cell 50 m, FDR 5 %" */
    const char *lang; /**< "sv" (default) or "en" */
    int is_public;    /**< published map: no sensitive layer, counts below min_count hidden */
    int min_count;    /**< suppression threshold for public maps (default 5) */
    hs_bbox extent;   /**< map extent; empty (xmin > xmax) = boundary layer or all data */
    int epsg;         /**< CRS of the coordinates (default 3006, SWEREF 99 TM) */
    const char *note; /**< a line drawn boxed over the map when it has nothing to show, e.g.
                           "Inga signifikanta heta områden (Gi*, FDR 5 %)" (NULL: none) */
} hs_map_opts;
#define HS_MAP_OPTS_VERSION 1
#define HS_MAP_OPTS_INIT                                                                           \
    {                                                                                              \
        HS_MAP_OPTS_VERSION, HS_PAPER_A4, 0, 300.0, NULL, NULL, NULL, NULL, "sv", 0, 5,            \
            {1.0, 1.0, 0.0, 0.0}, 3006, NULL                                                       \
    }

/** Creates an empty map. *out is owned by the caller: free it with hs_map_free. */
HS_API int hs_map_new(hs_map **out, hs_ctx *ctx);
/** Frees a map and everything added to it. Accepts NULL. */
HS_API void hs_map_free(hs_map *m);

/**
 * Adds a layer drawn above the previous ones. classes (nclasses >= 1) are copied; title is the
 * legend heading (copied, may be NULL); flags are HS_LAYER_*; line_mm is the outline or line width
 * in millimetres on paper (points: the symbol diameter). *out_layer receives the layer index.
 */
HS_API int hs_map_add_layer(int *out_layer, hs_map *m, hs_layer_kind kind, const char *title,
                            const hs_map_class *classes, size_t nclasses, double line_mm,
                            int flags);
/**
 * Adds a polygon to a polygon layer: rings concatenated in pts (first outer, then holes),
 * ring_len[k] points each; cls is the class index; count is the number of incidents (-1: none).
 */
HS_API int hs_map_add_polygon(hs_map *m, int layer, const hs_point *pts, const size_t *ring_len,
                              size_t nrings, int cls, int64_t count);
/** Adds a polyline to a line layer. */
HS_API int hs_map_add_line(hs_map *m, int layer, const hs_point *pts, size_t n, int cls);
/** Line widths per class of a line layer (n values in millimetres, copied; 0 = the layer's). */
HS_API int hs_map_set_class_widths(hs_map *m, int layer, const double *widths, size_t n);
/** Adds a point to a point layer. */
HS_API int hs_map_add_point(hs_map *m, int layer, double x, double y, int cls);
/**
 * Adds a place label at (x, y); higher priority is placed first. count >= 0 is appended in
 * parentheses unless suppressed (public map, count < min_count). text is copied.
 */
HS_API int hs_map_add_label(hs_map *m, double x, double y, const char *text, int priority,
                            int64_t count);
/**
 * Sets the raster (copied; grid.h layout, row 0 south). NaN and values <= 0 are transparent;
 * opacity in [0, 1] scales the ramp's alpha. title and units go to the legend (copied).
 */
HS_API int hs_map_set_raster(hs_map *m, const hs_grid_spec *grid, const float *values, hs_ramp ramp,
                             double opacity, const char *title, const char *units);

/**
 * Replaces the raster's ramp by n >= 2 stops (positions in [0, 1], increasing, and their colours
 * with alpha), e.g. from a style of type HS_STYLE_RAMP. Copied.
 */
HS_API int hs_map_set_raster_stops(hs_map *m, const double *pos, const hs_rgba *colors, size_t n);

/** What hs_map_load_gpkg reads. */
typedef struct hs_map_load_opts {
    int version;
    const char *layer;          /**< main layer: "gistar" (default), "grid", "kde", "places", ... */
    const char *const *context; /**< basemap files drawn under the data (hs_map_add_basemap) */
    size_t ncontext;
    int incidents; /**< also draw the incidents as points (never on a public map) */
    const char *lang;
    int is_public; /**< grid cells below min_count are left out, incidents never drawn */
    int min_count;
} hs_map_load_opts;
#define HS_MAP_LOAD_OPTS_VERSION 1
#define HS_MAP_LOAD_OPTS_INIT                                                                      \
    {                                                                                              \
        HS_MAP_LOAD_OPTS_VERSION, NULL, NULL, 0, 0, "sv", 0, 5                                     \
    }

/** Texts suggested by the GeoPackage's run table for the sheet. */
typedef struct hs_map_texts {
    char title[160];    /**< the main layer's title from its style */
    char subtitle[160]; /**< the period, when recorded */
    char method[720];   /**< kernel, bandwidth, cell, distance band, alpha as recorded */
    char note[240];     /**< why the map shows nothing ("" when it shows something), for
                             hs_map_opts.note: no significant Gi* cell, every cell below
                             min_count, or the main layer absent for too little data */
} hs_map_texts;

/**
 * Adds the layers of a hotspot GeoPackage to m: the kommun boundary (kommuner), context files, the
 * main layer styled from style.h, named places as labels and, when asked on an internal map, the
 * incidents. texts (may be NULL) receives suggested title, period, method stamp and note. When
 * the main layer is missing (a build with too little data for it) the kommun boundary alone is
 * loaded and texts->note says why. Fails with HS_ENOTFOUND when the file is missing, or the main
 * layer and the boundary both are.
 */
HS_API int hs_map_load_gpkg(hs_map *m, hs_map_texts *texts, const char *gpkg,
                            const hs_map_load_opts *opts);

/**
 * Adds a basemap file (any vector dataset GDAL reads: an OSM extract .osm/.osm.pbf, a folder of
 * Trafikverket NVDB or Lantmäteriet Terrängkartan shapefiles, or any file whose layers carry a
 * kind / KATEGORI column matched by styles/basemap.style). Only the features inside the map frame
 * are read, when the map is drawn; they go muted under the analysis layers, with street names
 * along the lines at large scales, and their attribution ("© OpenStreetMap contributors",
 * "Lantmäteriet", "Trafikverket NVDB") is added to the source line. Fails with HS_ENOTFOUND when
 * the file does not open.
 */
HS_API int hs_map_add_basemap(hs_map *m, const char *path);

/** The box of every feature added (the boundary layer alone when there is one). */
HS_API hs_bbox hs_map_data_extent(const hs_map *m);

/**
 * The frame of a focus map: the box of the HS_LAYER_FOCUS features holding 95 % of their counts
 * (every feature when none has a count) or, without such features, of the raster's densest cells
 * holding 95 % of its sum; padded by 12 % and 250 m, at least 1.5 km across. The data extent when
 * there is no such data or the box would be as large. Give it as hs_map_opts.extent: the map is
 * then drawn with an overview of the whole boundary marking the frame.
 */
HS_API hs_bbox hs_map_focus_extent(const hs_map *m);

/** The clean scale a map is drawn at: the smallest 1, 1.5, 2, 2.5, 3, 4, 5 or 7.5 times a power
 * of ten not below denominator (> 0), e.g. 7 800 -> 10 000, 21 000 -> 25 000, 52 000 -> 75 000.
 */
HS_API double hs_clean_scale(double denominator);

/**
 * Draws the map sheet to path; the format follows the extension (.pdf, .png, .svg). Fails with
 * HS_EUNSUPPORTED for another extension, HS_ENODATA for an empty map, HS_EIO when writing fails.
 */
HS_API int hs_map_render(hs_map *m, const char *path, const hs_map_opts *opts);

/** A ramp's colour at t in [0, 1] (clamped), alpha 1. */
HS_API hs_rgba hs_ramp_color(hs_ramp ramp, double t);

/**
 * The length shown by a scale bar: the largest 1, 2 or 5 times a power of ten not above max_len
 * (max_len > 0), e.g. 3 700 -> 2 000, 12 -> 10, 0.7 -> 0.5.
 */
HS_API double hs_scalebar_length(double max_len);

/**
 * Grid tick positions: the multiples of a round step (1-2-5 series) inside [lo, hi] such that
 * there are at least min_ticks of them (and as few as possible). Writes up to cap values to out
 * and returns how many there are (may exceed cap); *step receives the step.
 */
HS_API size_t hs_ticks(double *out, size_t cap, double *step, double lo, double hi,
                       size_t min_ticks);

/** True (1) when a count must not be shown: a public map and 0 <= count < min_count. */
HS_API int hs_count_suppressed(int64_t count, int is_public, int min_count);

/** A label's box on paper (millimetres) and its chosen placement. */
typedef struct hs_label_box {
    double ax, ay; /**< anchor point (paper mm, y down) */
    double w, h;   /**< size of the text box */
    int priority;  /**< higher is placed first */
    int placed;    /**< out: 1 when placed */
    double x, y;   /**< out: top-left corner of the placed box */
} hs_label_box;

/**
 * Greedy label placement without overlaps: labels in decreasing priority try
 * positions around their anchor (right, left, above, below, the four diagonals, then the same
 * farther out) keeping gap mm from the anchor; a position is taken when it lies inside the frame
 * (fx, fy, fw, fh) and meets no placed box, no other label's anchor point nor any of the nobst
 * obstacle boxes (x, y, w, h quadruples). The rest are left out. Returns the number placed.
 */
HS_API size_t hs_labels_place(hs_label_box *labels, size_t n, double fx, double fy, double fw,
                              double fh, const double *obstacles, size_t nobst, double gap);

#ifdef __cplusplus
}
#endif
#endif
