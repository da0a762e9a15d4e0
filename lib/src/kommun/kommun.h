/*
 * The kommun module's private declarations: reading the built-in geography (kommun_gdal.c) for
 * the name matching and lookups of kommun.c, and the built-in layers other modules open.
 */
#ifndef HS_KOMMUN_KOMMUN_H
#define HS_KOMMUN_KOMMUN_H

#include "core/hs_internal.h"

/** Layer names of sverige.gpkg. */
#define HS__SHAPES_KOMMUNER "kommuner"
#define HS__SHAPES_TATORTER "tatorter"
#define HS__SHAPES_TATORT_AREAS "tatorter_yta"

/** Every kommun of the file at path, ordered by code. */
HS_INTERNAL int hs__shapes_read_kommuner(hs_kommun **out, size_t *n, hs_ctx *ctx, const char *path);
/** The tätorter of kommun code (0: all) of the file at path, most inhabitants first. */
HS_INTERNAL int hs__shapes_read_tatorter(hs_tatort **out, size_t *n, hs_ctx *ctx, const char *path,
                                         int code);

#endif
