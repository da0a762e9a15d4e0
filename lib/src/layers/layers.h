/*
 * Private to the layers module (analysis results written as GeoPackage layers through the public
 * gpkg API): the row head the square-cell layer writers share (gistar_write.c).
 */
#ifndef HS_LAYERS_PRIVATE_H
#define HS_LAYERS_PRIVATE_H

#include "core/hs_internal.h"

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

#endif
