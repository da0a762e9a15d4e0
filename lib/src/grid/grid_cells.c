/*
 * A grid of either shape (hs_cellgrid): cell lookup, rings, anchors, ids and bounding boxes that
 * dispatch to the square grid (grid.c) or the hexagon lattice (grid_hex.c), so counting, masking,
 * clipping, population and the layer writer are written once for both. Plain C.
 */
#include "core/hs_internal.h"
#include "grid/grid.h"

#include <math.h>

size_t hs_cellgrid_ncells(const hs_cellgrid *g)
{
    return g->shape == HS_GRID_HEX ? (size_t)(g->hex.ncol * g->hex.nrow)
                                   : (size_t)(g->square.nx * g->square.ny);
}

double hs_cellgrid_size(const hs_cellgrid *g)
{
    return g->shape == HS_GRID_HEX ? g->hex.size : g->square.cell;
}

int hs_cellgrid_cell_of(size_t *cell, const hs_cellgrid *g, double x, double y)
{
    if (g->shape == HS_GRID_HEX) {
        return hs_hexgrid_cell_of(cell, &g->hex, x, y);
    }
    int64_t ix, iy;
    if (hs_grid_cell_of(&ix, &iy, &g->square, x, y) != 0) {
        return -1;
    }
    *cell = (size_t)(iy * g->square.nx + ix);
    return 0;
}

size_t hs_cellgrid_ring(hs_point ring[7], const hs_cellgrid *g, size_t cell)
{
    if (g->shape == HS_GRID_HEX) {
        hs_hexgrid_ring(ring, &g->hex, cell);
        return 7;
    }
    int64_t nx = g->square.nx;
    hs__cell_ring(ring, &g->square, (int64_t)(cell % (size_t)nx), (int64_t)(cell / (size_t)nx));
    return 5;
}

void hs_cellgrid_anchor(double *x, double *y, const hs_cellgrid *g, size_t cell)
{
    if (g->shape == HS_GRID_HEX) {
        int64_t nc = g->hex.ncol;
        hs_hexgrid_centre(x, y, g->hex.side, g->hex.col0 + (int64_t)(cell % (size_t)nc),
                          g->hex.row0 + (int64_t)(cell / (size_t)nc));
        return;
    }
    int64_t nx = g->square.nx;
    *x = g->square.x0 + (double)(cell % (size_t)nx) * g->square.cell;
    *y = g->square.y0 + (double)(cell / (size_t)nx) * g->square.cell;
}

void hs_cellgrid_cell_id(char *buf, size_t size, const hs_cellgrid *g, size_t cell)
{
    if (g->shape == HS_GRID_HEX) {
        hs_hexgrid_cell_id(buf, size, &g->hex, cell);
        return;
    }
    int64_t nx = g->square.nx;
    hs_grid_cell_id(buf, size, &g->square, (int64_t)(cell % (size_t)nx),
                    (int64_t)(cell / (size_t)nx));
}

hs_bbox hs_cellgrid_cell_bbox(const hs_cellgrid *g, size_t cell)
{
    double x, y;
    hs_cellgrid_anchor(&x, &y, g, cell);
    if (g->shape == HS_GRID_HEX) {
        double s = g->hex.side, hh = 0.5 * sqrt(3.0) * s;
        return (hs_bbox){x - s, y - hh, x + s, y + hh};
    }
    return (hs_bbox){x, y, x + g->square.cell, y + g->square.cell};
}

void hs__cellgrid_range(size_t *i0, size_t *i1, size_t *j0, size_t *j1, const hs_cellgrid *g,
                        hs_bbox box)
{
    double a0, a1, b0, b1, ni, nj;
    if (g->shape == HS_GRID_HEX) {
        const hs_hexgrid_spec *h = &g->hex;
        double dx = 1.5 * h->side, hh = sqrt(3.0) * h->side;
        a0 = floor((box.xmin - h->side) / dx) - (double)h->col0;
        a1 = ceil((box.xmax + h->side) / dx) + 1 - (double)h->col0;
        b0 = floor(box.ymin / hh - 1.0) - (double)h->row0;
        b1 = ceil(box.ymax / hh + 1.0) + 1 - (double)h->row0;
        ni = (double)h->ncol;
        nj = (double)h->nrow;
    } else {
        const hs_grid_spec *s = &g->square;
        a0 = floor((box.xmin - s->x0) / s->cell) - 1;
        a1 = floor((box.xmax - s->x0) / s->cell) + 2;
        b0 = floor((box.ymin - s->y0) / s->cell) - 1;
        b1 = floor((box.ymax - s->y0) / s->cell) + 2;
        ni = (double)s->nx;
        nj = (double)s->ny;
    }
    *i0 = (size_t)fmax(0, fmin(a0, ni));
    *i1 = (size_t)fmax(0, fmin(a1, ni));
    *j0 = (size_t)fmax(0, fmin(b0, nj));
    *j1 = (size_t)fmax(0, fmin(b1, nj));
}
