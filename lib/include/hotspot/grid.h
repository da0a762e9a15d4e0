/*
 * Square grids aligned on multiples of the cell size (SCB-compatible in EPSG:3006), hexagon grids
 * on a lattice fixed in the working CRS, and counting records into cells. Plain C over arrays: no
 * GDAL, GEOS or PROJ here.
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

/**
 * Rates per 1 000 inhabitants with a minimum population (the small-denominator rule): rate[c] =
 * 1000 counts[c] / pop[c], NaN where pop[c] < min_pop, pop[c] <= 0 or pop[c] is not finite.
 */
HS_API void hs_grid_rates_min(double *rate, const int64_t *counts, const double *pop, size_t ncells,
                              double min_pop);

/*
 * Hexagon grids. Flat-topped regular hexagons whose area equals size * size, so that counts per
 * hexagon compare with a square grid of the same size: side (= circumradius) s = size *
 * sqrt(2 / (3 sqrt 3)) ~ 0.6204 size, width 2 s, height h = sqrt(3) s. The lattice is fixed in the
 * working CRS: the hexagon of global column c and row r has its centre at
 * (1.5 s c, h (r + (c mod 2) / 2)), so column 0, row 0 is centred on the CRS origin and two runs
 * (or two kommuner) with the same size line up exactly. A point belongs to the hexagon whose centre
 * is nearest; a point at equal distance from several centres (on an edge or a vertex) belongs to
 * the northernmost of them, then the easternmost. So a point on a hexagon's south edge belongs to
 * it, as a point on a square cell's south edge does.
 */

/** A window of the hexagon lattice: ncol x nrow hexagons from global column col0 and row row0.
 * Cell index k = (row - row0) * ncol + (col - col0). */
typedef struct hs_hexgrid_spec {
    double size;  /**< the cell size: a hexagon has the area of a size x size square */
    double side;  /**< side and circumradius, size * sqrt(2 / (3 sqrt 3)) */
    int64_t col0; /**< global column of the first column */
    int64_t row0; /**< global row of the first row */
    int64_t ncol; /**< columns */
    int64_t nrow; /**< rows */
} hs_hexgrid_spec;

/** The side of the hexagon whose area is size * size. */
HS_API double hs_hexgrid_side(double size);

/**
 * The lattice window covering a box: every hexagon whose bounding box meets the box (the
 * rectangle of columns and rows holding them; hs_hexgrid_in_box tells the cells that meet it).
 * HS_EINVAL for a non-positive size or an empty box, HS_ELIMIT for more than 4e9 cells.
 */
HS_API int hs_hexgrid_spec_cover(hs_hexgrid_spec *out, hs_bbox box, double size);

/** Centre of the hexagon of global column col and row row for side s. */
HS_API void hs_hexgrid_centre(double *x, double *y, double side, int64_t col, int64_t row);

/** The global column and row of the hexagon holding (x, y) (nearest centre, ties as above). */
HS_API void hs_hexgrid_locate(int64_t *col, int64_t *row, double side, double x, double y);

/** Cell index of a point in the window; 0 when inside, -1 when its hexagon is outside. */
HS_API int hs_hexgrid_cell_of(size_t *cell, const hs_hexgrid_spec *h, double x, double y);

/** 1 when the bounding box of hexagon `cell` meets box (strictly overlapping), else 0. */
HS_API int hs_hexgrid_in_box(const hs_hexgrid_spec *h, size_t cell, hs_bbox box);

/**
 * The cell id "H<size>_<col>_<row>" with the global column and row, e.g. "H250_2205_26345": it
 * does not depend on the window, so ids are stable between runs and kommuner. buf needs 64 bytes.
 */
HS_API void hs_hexgrid_cell_id(char *buf, size_t size, const hs_hexgrid_spec *h, size_t cell);

/** The closed ring (7 points, counter-clockwise from the east vertex) of hexagon `cell`. */
HS_API void hs_hexgrid_ring(hs_point ring[7], const hs_hexgrid_spec *h, size_t cell);

/** Grid shapes. */
typedef enum hs_grid_shape { HS_GRID_SQUARE = 0, HS_GRID_HEX = 1 } hs_grid_shape;

/** A grid of either shape: what counting, masking, clipping, population and writing take. */
typedef struct hs_cellgrid {
    hs_grid_shape shape;
    hs_grid_spec square; /**< when shape is HS_GRID_SQUARE */
    hs_hexgrid_spec hex; /**< when shape is HS_GRID_HEX */
} hs_cellgrid;

/** Number of cells. */
HS_API size_t hs_cellgrid_ncells(const hs_cellgrid *g);
/** Cell size (the --cell value). */
HS_API double hs_cellgrid_size(const hs_cellgrid *g);
/** Cell of a point: 0 and *cell set when inside, -1 outside. */
HS_API int hs_cellgrid_cell_of(size_t *cell, const hs_cellgrid *g, double x, double y);
/** Closed ring of a cell into ring (room for 7 points); returns the number of points (5 or 7). */
HS_API size_t hs_cellgrid_ring(hs_point ring[7], const hs_cellgrid *g, size_t cell);
/** The anchor written as x0/y0: the south-west corner of a square, the centre of a hexagon. */
HS_API void hs_cellgrid_anchor(double *x, double *y, const hs_cellgrid *g, size_t cell);
/** The cell id (SCB style for squares, "H<size>_<col>_<row>" for hexagons). buf: 64 bytes. */
HS_API void hs_cellgrid_cell_id(char *buf, size_t size, const hs_cellgrid *g, size_t cell);
/** Bounding box of a cell. */
HS_API hs_bbox hs_cellgrid_cell_bbox(const hs_cellgrid *g, size_t cell);

/**
 * hs_grid_count for a grid of either shape, with an optional per-point filter keep (NULL: every
 * point; else only points with keep[i] != 0 count, and the others are not counted as outside).
 */
HS_API int hs_cellgrid_count(int64_t *counts, int64_t *cat_counts, int64_t *outside, hs_ctx *ctx,
                             const hs_cellgrid *g, const double *x, const double *y,
                             const uint8_t *precision, const uint8_t *keep, const int32_t *cat,
                             size_t ncat, size_t n);

#ifdef __cplusplus
}
#endif
#endif
