/*
 * Square grids aligned on multiples of the cell size (SCB-compatible in EPSG:3006) and counting
 * records into cells. Plain C over arrays: no GDAL, GEOS or PROJ here.
 *
 * Layout convention used by every grid-shaped array in hotspot (counts, densities, z-scores):
 * row-major, row 0 is the SOUTHERNMOST row, column 0 the westernmost; cell (ix, iy) is at index
 * iy * nx + ix and covers [x0 + ix*cell, x0 + (ix+1)*cell) x [y0 + iy*cell, y0 + (iy+1)*cell).
 */
#ifndef HOTSPOT_GRID_H
#define HOTSPOT_GRID_H

#include "types.h"

#ifdef __cplusplus
extern "C" {
#endif

/** A grid: south-west corner, cell size and dimensions. */
typedef struct hs_grid_spec {
    double x0;   /**< west edge (a multiple of cell when aligned) */
    double y0;   /**< south edge */
    double cell; /**< cell side in CRS units (metres) */
    int64_t nx;  /**< columns */
    int64_t ny;  /**< rows */
} hs_grid_spec;

/**
 * The aligned grid covering a box: from floor(min/cell)*cell to floor(max/cell)*cell + cell on each
 * axis (SPEC.md, gistar). Fails with HS_EINVAL for a non-positive cell or an empty box.
 */
HS_API int hs_grid_spec_aligned(hs_grid_spec *out, hs_bbox box, double cell);

/**
 * The aligned grid covering an extent exactly: x0 = floor(xmin/cell)*cell, and as many cells as
 * reach xmax (a max on a cell edge adds no cell), likewise for y. For user-given extents.
 */
HS_API int hs_grid_spec_cover(hs_grid_spec *out, hs_bbox box, double cell);

/** Cell of a point; returns 0 and sets ix/iy when inside, -1 when outside the grid. */
HS_API int hs_grid_cell_of(int64_t *ix, int64_t *iy, const hs_grid_spec *g, double x, double y);

/**
 * The cell id: the south-west corner written as SCB writes its grid squares, easting (6 digits)
 * followed by northing (7 digits), e.g. "3450006472250". Non-integer corners fall back to
 * "E<x0>N<y0>". buf needs 32 bytes.
 */
HS_API void hs_grid_cell_id(char *buf, size_t size, const hs_grid_spec *g, int64_t ix, int64_t iy);

/**
 * Counts points per cell into counts (g->nx * g->ny values, grid layout) and, when cat_counts is
 * not NULL, per category into cat_counts[k * ncells + cell] for cat[i] in [0, ncat) (points of
 * another or no category count in counts only). Points whose precision (array, may be NULL) is
 * kommun, lan or none, or whose coordinates are not finite, never count. *outside (may be NULL)
 * receives the number of usable points that fall outside the grid.
 */
HS_API int hs_grid_count(int64_t *counts, int64_t *cat_counts, int64_t *outside, hs_ctx *ctx,
                         const hs_grid_spec *g, const double *x, const double *y,
                         const uint8_t *precision, const int32_t *cat, size_t ncat, size_t n);

/**
 * Rates per 1 000 inhabitants: rate[c] = 1000 counts[c] / pop[c], NaN where pop[c] <= 0 or is not
 * finite.
 */
HS_API void hs_grid_rates(double *rate, const int64_t *counts, const double *pop, size_t ncells);

#ifdef __cplusplus
}
#endif
#endif
