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

#endif
