/*
 * Layer styles: one definition per layer kind (styles/<kind>.style, embedded in the library at
 * build time) from which both the QGIS styles written into a GeoPackage and the cairo maps take
 * their colours, classes and legend labels. Everything returned here is static and borrowed; the
 * functions are thread-safe and never fail except for unknown kinds (NULL).
 */
#ifndef HOTSPOT_STYLE_H
#define HOTSPOT_STYLE_H

#include "types.h"

#ifdef __cplusplus
extern "C" {
#endif

/** A colour with components in [0, 1]; a = 1 is opaque. */
typedef struct hs_rgba {
    double r;
    double g;
    double b;
    double a;
} hs_rgba;

/** How a style assigns colours. */
typedef enum hs_style_type {
    HS_STYLE_CATEGORIZED = 0, /**< one class per distinct field value (class.value) */
    HS_STYLE_GRADUATED = 1,   /**< one class per value range [lo, hi) of a numeric field */
    HS_STYLE_RAMP = 2,        /**< a continuous ramp: class i is a stop at position lo in [0, 1] */
    HS_STYLE_SINGLE = 3       /**< one symbol for every feature (classes[0]) */
} hs_style_type;

/** One class (or ramp stop) of a style. */
typedef struct hs_style_class {
    const char *value; /**< categorized: the field value as text ("3", "narkotika"); NULL otherwise
                          or for the catch-all class */
    double lo;         /**< graduated: lower bound (inclusive); ramp: stop position; categorized:
                          the value as a number when it is one, else NAN */
    double hi;         /**< graduated: upper bound (exclusive, INFINITY for open); else = lo */
    hs_rgba fill;
    hs_rgba stroke;
    const char *label_sv;
    const char *label_en;
    const char *match; /**< source values that fall in this class, comma-separated, lower case
                          (the basemap style: "sjö, vatten, lake"); NULL when none */
    double width; /**< line styles: this class's line width in millimetres (0 = stroke_width) */
} hs_style_class;

/** A layer style. */
typedef struct hs_style {
    const char *kind;     /**< "density", "gistar", "grid", "incidents", ... */
    const char *layer;    /**< default GeoPackage layer name it applies to ("kde", "gistar", ...) */
    const char *field;    /**< attribute (or band) the classes read; NULL for single */
    const char *title_sv; /**< layer title in Swedish (the default) */
    const char *title_en;
    const char *geometry; /**< "point", "line", "polygon", "raster" */
    hs_style_type type;
    double stroke_width; /**< outline width in millimetres (0 = no outline) */
    double point_size;   /**< marker diameter in millimetres for points */
    const hs_style_class *classes;
    size_t nclasses;
} hs_style;

/** The style of a layer kind, or NULL when unknown. Borrowed, static. */
HS_API const hs_style *hs_style_get(const char *kind);
/** The style applied to a GeoPackage layer name (matches hs_style.layer), or NULL. */
HS_API const hs_style *hs_style_for_layer(const char *layer);
/** Number of built-in styles, and style i (0-based; NULL when out of range). */
HS_API size_t hs_style_count(void);
HS_API const hs_style *hs_style_at(size_t i);

/**
 * The colour of a value. Ramp: value is a position in [0, 1] (clamped), linearly interpolated
 * between stops. Graduated: the class holding value. Categorized: the class whose numeric value
 * equals value. Single: classes[0]. Transparent (all zero) when no class matches.
 */
HS_API hs_rgba hs_style_color_at(const hs_style *style, double value);
/**
 * The class of a feature: categorized by text (text may be NULL to use value), graduated by value.
 * Falls back to the catch-all class (value NULL) of a categorized style; NULL when none matches.
 */
HS_API const hs_style_class *hs_style_class_for(const hs_style *style, const char *text,
                                                double value);
/** Title / label in a language ("sv" default; "en"). */
HS_API const char *hs_style_title(const hs_style *style, const char *lang);
HS_API const char *hs_style_label(const hs_style_class *cls, const char *lang);

#ifdef __cplusplus
}
#endif
#endif
