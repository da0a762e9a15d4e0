/*
 * Grid cells against polygons: the cells whose centre lies inside (masking) and the cells clipped
 * to the polygons (the part of each cell inside a kommun boundary, its area, and which points of a
 * cut cell lie inside). For grids of either shape (hs_cellgrid).
 */
#ifndef HOTSPOT_GRIDCLIP_H
#define HOTSPOT_GRIDCLIP_H

#include "areas.h"
#include "grid.h"
#include "types.h"

#ifdef __cplusplus
extern "C" {
#endif

/**
 * Marks with 1 the cells whose centre lies inside any of the areas, the others 0 (mask holds
 * hs_cellgrid_ncells(g) values). Squares: hs_areas_mask_grid (half-open rule on edges); hexagons:
 * point in polygon at each centre (a centre on a boundary is inside).
 */
HS_API int hs_cellgrid_mask(uint8_t *mask, hs_ctx *ctx, const hs_cellgrid *g, const hs_areas *a);

/** Cells clipped to the union of some polygons. */
typedef struct hs_grid_clip hs_grid_clip;

/** Cell states in a clip. */
enum {
    HS_CLIP_OUTSIDE = 0, /**< no area inside the polygons (it may touch them) */
    HS_CLIP_INSIDE = 1,  /**< entirely inside: the cell keeps its square or hexagon */
    HS_CLIP_CUT = 2      /**< cut by the boundary: its polygon is the part inside */
};

/**
 * Intersects every cell of g with the union of the areas of a (GEOS). A cell is kept (inside or
 * cut) when the intersection has a positive area. *out owned by the caller (hs_grid_clip_free);
 * it keeps a copy of g and does not borrow a.
 */
HS_API int hs_grid_clip_new(hs_grid_clip **out, hs_ctx *ctx, const hs_cellgrid *g,
                            const hs_areas *a);
HS_API void hs_grid_clip_free(hs_grid_clip *c);
/** Per cell (grid layout): HS_CLIP_OUTSIDE, HS_CLIP_INSIDE or HS_CLIP_CUT (borrowed). */
HS_API const uint8_t *hs_grid_clip_state(const hs_grid_clip *c);
/** Per cell: the area inside the polygons, m^2 (0 outside, the cell's area inside; borrowed). */
HS_API const double *hs_grid_clip_area(const hs_grid_clip *c);
/**
 * The clipped polygon(s) of a cut cell, as hs_areas_rings gives them (borrowed; closed rings,
 * outer rings counter-clockwise, holes clockwise, (*outer)[r] = 1 where a polygon starts).
 * *nrings is 0 for a cell that is not cut.
 */
HS_API int hs_grid_clip_rings(const hs_point **pts, const size_t **ring_len, size_t *nrings,
                              const uint8_t **outer, const hs_grid_clip *c, size_t cell);
/**
 * inside[i] = 1 when point i lies inside the polygons (a point on the boundary is inside), else 0.
 * Points in inside cells need no test; only those in cut cells are tested against the polygons.
 */
HS_API int hs_grid_clip_points(uint8_t *inside, hs_ctx *ctx, const hs_grid_clip *c, const double *x,
                               const double *y, size_t n);

#ifdef __cplusplus
}
#endif
#endif
