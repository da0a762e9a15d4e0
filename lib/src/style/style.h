/*
 * Private to the style module: the embedded style sources (generated hs_styles_data.c) and the QGIS
 * QML of a style (style_qml.c). The public lookups (hs_style_*) are in hotspot/style.h.
 */
#ifndef HS_STYLE_PRIVATE_H
#define HS_STYLE_PRIVATE_H

#include "core/hs_internal.h"

/* styles (generated hs_styles_data.c, style.c, style_qml.c) */
HS_INTERNAL size_t hs__style_source_count(void);
HS_INTERNAL const char *hs__style_source(size_t i, const char **name);
/** The QGIS QML document of a style (malloc'd, caller frees); lang "sv" or "en". */
HS_INTERNAL int hs__style_qml(char **out, const hs_style *style, const char *lang);
/** The same for a geometry other than the style's ("line" for a line layer; NULL: the style's). */
HS_INTERNAL int hs__style_qml_geom(char **out, const hs_style *style, const char *lang,
                                   const char *geometry);
/** The renderer element alone (<renderer-v2> or, for a raster, <pipe>) as a QGIS project's layer
 * holds it; raster_max > 0 stretches a ramp's [0, 1] stops over [0, raster_max]. */
HS_INTERNAL int hs__style_renderer(char **out, const hs_style *style, const char *lang,
                                   const char *geometry, double raster_max);

#endif
